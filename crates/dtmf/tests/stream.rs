//! Streaming behaviour: chunking does not change results, G.711 input, and
//! events are well ordered.

use missive_dtmf::{Detector, DigitOptions, Event, Generator};
use proptest::prelude::*;

fn all_events(det: &mut Detector, audio: &[i16], chunks: &[usize]) -> Vec<Event> {
    let mut evs = Vec::new();
    let mut rest = audio;
    let mut i = 0;
    while !rest.is_empty() {
        let n = chunks
            .get(i % chunks.len().max(1))
            .copied()
            .unwrap_or(160)
            .clamp(1, rest.len());
        let (a, b) = rest.split_at(n);
        evs.extend(det.process(a));
        rest = b;
        i += 1;
    }
    evs.extend(det.finish());
    evs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn chunking_does_not_matter(
        digits in "[0-9A-D*#]{1,6}",
        chunks in proptest::collection::vec(1usize..400, 1..8),
        level in -35.0f32..-5.0,
        on in 40.0f32..120.0,
    ) {
        let opts = DigitOptions { on_ms: on, off_ms: 60.0, level_dbm0: level, twist_db: 0.0 };
        let audio = Generator::digits(&digits, &opts).unwrap().collect_all();
        let whole = all_events(&mut Detector::default(), &audio, &[audio.len()]);
        let pieces = all_events(&mut Detector::default(), &audio, &chunks);
        prop_assert_eq!(&whole, &pieces);
        let got: String = whole.iter().filter_map(|e| match e {
            Event::DigitStart { digit, .. } => Some(digit.to_char()),
            Event::DigitEnd { .. } => None,
        }).collect();
        prop_assert_eq!(got, digits.to_uppercase());
    }
}

#[test]
fn g711_input_both_laws() {
    let opts = DigitOptions {
        level_dbm0: -30.0,
        ..Default::default()
    };
    let audio = Generator::digits("#7D0", &opts).unwrap().collect_all();
    let mut ul = vec![0u8; audio.len()];
    let mut al = vec![0u8; audio.len()];
    missive_g7xx::g711::ulaw_encode(&audio, &mut ul);
    missive_g7xx::g711::alaw_encode(&audio, &mut al);
    for (law, bytes) in [("u", &ul), ("a", &al)] {
        let mut det = Detector::default();
        let mut evs: Vec<Event> = if law == "u" {
            det.process_ulaw(bytes).collect()
        } else {
            det.process_alaw(bytes).collect()
        };
        evs.extend(det.finish());
        let got: String = evs
            .iter()
            .filter_map(|e| match e {
                Event::DigitEnd { digit, .. } => Some(digit.to_char()),
                Event::DigitStart { .. } => None,
            })
            .collect();
        assert_eq!(got, "#7D0", "{law}-law");
    }
}

#[test]
fn events_alternate_and_times_increase() {
    let audio = Generator::digits(
        "1122334455",
        &DigitOptions {
            on_ms: 45.0,
            off_ms: 45.0,
            ..Default::default()
        },
    )
    .unwrap()
    .collect_all();
    let evs = all_events(&mut Detector::default(), &audio, &[13]);
    assert_eq!(evs.len(), 20);
    let mut last_end = 0;
    for pair in evs.chunks(2) {
        match (pair[0], pair[1]) {
            (
                Event::DigitStart { digit: d0, at },
                Event::DigitEnd {
                    digit: d1,
                    start,
                    duration,
                },
            ) => {
                assert_eq!(d0, d1);
                assert_eq!(at, start);
                assert!(start >= last_end);
                assert!(duration.abs_diff(360) <= 24, "{duration}");
                last_end = start + duration;
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn bad_config_is_rejected() {
    let bad = missive_dtmf::Config {
        min_on_ms: f32::NAN,
        ..Default::default()
    };
    assert!(matches!(
        Detector::new(&bad),
        Err(missive_dtmf::Error::Config {
            field: "min_on_ms",
            ..
        })
    ));
    let bad = missive_dtmf::Config {
        freq_tolerance_pct: 7.0,
        freq_tolerance_hz: 10.0,
        ..Default::default()
    };
    assert!(Detector::new(&bad).is_err());
}
