//! Inputs the `dtmf` fuzz target once failed on, kept as regression tests.

use missive_dtmf::{Detector, Event};

/// Replays fuzz input the way the fuzz target reads it: first byte picks the
/// chunk size, the rest is s16le audio. Reported digits must not overlap.
fn events_of(data: &[u8]) -> Vec<Event> {
    let Some((&first, rest)) = data.split_first() else {
        return Vec::new();
    };
    let chunk = usize::from(first) * 3 + 1;
    let pcm: Vec<i16> = rest
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    let mut det = Detector::default();
    let mut events = Vec::new();
    for c in pcm.chunks(chunk) {
        events.extend(det.process(c));
    }
    events.extend(det.finish());
    events
}

#[test]
fn a_digit_changing_straight_into_another_does_not_overlap_it() {
    let events = events_of(include_bytes!("data/fuzz-overlapping-digits.bin"));
    assert!(events.len() >= 4, "{events:?}");
    let mut last_end = 0;
    for e in &events {
        match *e {
            Event::DigitStart { at, .. } => assert!(at >= last_end, "{events:?}"),
            Event::DigitEnd {
                start, duration, ..
            } => last_end = start + duration,
        }
    }
}
