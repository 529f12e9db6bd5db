//! The Q.24 grid (see `missive_dtmf::q24`): every case must pass, with onset
//! and duration within 3 ms (24 samples) on the noise-free cases.

use std::collections::BTreeMap;

use missive_dtmf::{q24, Detector, Event};

fn detect(audio: &[i16], chunk: usize) -> Vec<(char, u64, u64)> {
    let mut det = Detector::default();
    let mut evs: Vec<Event> = Vec::new();
    for c in audio.chunks(chunk) {
        evs.extend(det.process(c));
    }
    evs.extend(det.finish());
    evs.iter()
        .filter_map(|e| match *e {
            Event::DigitEnd {
                digit,
                start,
                duration,
            } => Some((digit.to_char(), start, duration)),
            Event::DigitStart { .. } => None,
        })
        .collect()
}

#[test]
fn q24_grid_every_case_passes() {
    let mut score: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut worst = (0u64, 0u64);
    for (i, case) in q24::grid().iter().enumerate() {
        // Vary the chunk size: results must not depend on it.
        let got = detect(&case.audio, [1, 7, 32, 160, 1000][i % 5]);
        let digits: String = got.iter().map(|g| g.0).collect();
        let mut ok = digits == case.expect;
        if ok && case.group != "noise" {
            for (g, &(on, len)) in got.iter().zip(&case.timing) {
                worst.0 = worst.0.max(g.1.abs_diff(on));
                worst.1 = worst.1.max(g.2.abs_diff(len));
                if g.1.abs_diff(on) > 24 || g.2.abs_diff(len) > 24 {
                    ok = false;
                }
            }
        }
        let e = score.entry(case.group).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            failures.push(format!(
                "{}: expected {:?}, got {:?}",
                case.name, case.expect, got
            ));
        }
    }
    let (pass, total) = score.values().fold((0, 0), |a, v| (a.0 + v.0, a.1 + v.1));
    for (g, (p, t)) in &score {
        println!("{g:10} {p}/{t}");
    }
    println!(
        "total      {pass}/{total}; worst onset error {} samples, worst duration error {} samples",
        worst.0, worst.1
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
