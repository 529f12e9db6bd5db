//! DTMF against spandsp 0.0.6: the Q.24 grid scored for both detectors side
//! by side, and each side's generator detected by the other's detector.

use std::collections::BTreeMap;

use missive_dtmf::{q24, Detector, DigitOptions, Event, Generator};
use missive_interop::spandsp;

fn ours(audio: &[i16]) -> String {
    let mut det = Detector::default();
    let mut evs: Vec<Event> = det.process(audio).collect();
    evs.extend(det.finish());
    evs.iter()
        .filter_map(|e| match e {
            Event::DigitStart { digit, .. } => Some(digit.to_char()),
            Event::DigitEnd { .. } => None,
        })
        .collect()
}

fn theirs(audio: &[i16]) -> String {
    // spandsp reports a digit only after some silence: flush with 100 ms.
    let mut a = audio.to_vec();
    a.extend(std::iter::repeat_n(0i16, 800));
    spandsp::DtmfRx::new().detect(&a)
}

#[test]
fn q24_grid_ours_beside_spandsp() {
    let mut score: BTreeMap<&str, [u32; 3]> = BTreeMap::new();
    let mut ours_fail = Vec::new();
    for case in q24::grid() {
        let both = ["both", "low + high", "low − high"]
            .iter()
            .any(|p| case.name.contains(p));
        let key = match case.group {
            "freq" if case.expect.is_empty() => "freq: reject ±3.5, ±4 % (one or both tones)",
            "freq" if both && case.name.contains("1.5%") => {
                "freq: accept ±1.5 % (+2 Hz), both tones"
            }
            "freq" if both => "freq: accept ±1.0 %, both tones",
            "freq" => "freq: accept ±1.0, ±1.5 % (+2 Hz), one tone",
            g => g,
        };
        let e = score.entry(key).or_default();
        e[2] += 1;
        let (o, t) = (ours(&case.audio), theirs(&case.audio));
        if o == case.expect {
            e[0] += 1;
        } else {
            ours_fail.push(case.name.clone());
        }
        if t == case.expect {
            e[1] += 1;
        }
    }
    println!("| group | missive | spandsp | cases |\n|---|---|---|---|");
    let mut tot = [0u32; 3];
    for (g, s) in &score {
        println!("| {g} | {} | {} | {} |", s[0], s[1], s[2]);
        for i in 0..3 {
            tot[i] += s[i];
        }
    }
    println!("| total | {} | {} | {} |", tot[0], tot[1], tot[2]);
    assert!(ours_fail.is_empty(), "{ours_fail:?}");
    // spandsp is a real, working peer: it passes most of the grid.
    assert!(tot[1] > tot[2] / 2, "spandsp scored {}/{}", tot[1], tot[2]);
}

#[test]
fn our_generator_is_detected_by_spandsp() {
    let all = "0123456789*#ABCD";
    for (level, twist, on) in [(-10.0, 0.0, 70.0), (-25.0, 2.0, 50.0), (-30.0, -2.0, 100.0)] {
        let opts = DigitOptions {
            on_ms: on,
            off_ms: 60.0,
            level_dbm0: level,
            twist_db: twist,
        };
        let audio = Generator::digits(all, &opts).unwrap().collect_all();
        assert_eq!(theirs(&audio), all, "level {level} twist {twist} on {on}");
    }
}

#[test]
fn spandsp_generator_is_detected_by_ours() {
    let all = "0123456789*#ABCD";
    let audio = spandsp::DtmfTx::new().generate(all);
    assert_eq!(ours(&audio), all);
    // Also through G.711 µ-law, spandsp's codec.
    let mut law = vec![0u8; audio.len()];
    spandsp::G711::new(spandsp::Law::U).encode(&audio, &mut law);
    let mut det = Detector::default();
    let mut evs: Vec<Event> = det.process_ulaw(&law).collect();
    evs.extend(det.finish());
    let got: String = evs
        .iter()
        .filter_map(|e| match e {
            Event::DigitEnd { digit, .. } => Some(digit.to_char()),
            Event::DigitStart { .. } => None,
        })
        .collect();
    assert_eq!(got, all);
}
