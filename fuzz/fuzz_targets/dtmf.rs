//! Arbitrary audio into the DTMF and fax-tone detectors, in arbitrary
//! chunks: never a panic, and events stay well ordered (each digit's start
//! precedes its end, times never run backwards or past the input, digits do
//! not overlap), and the one-pass LineDetector reports exactly the two
//! detectors' events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_dtmf::{Detector, Event, LineDetector, LineEvent, ToneDetector, ToneEvent};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first) * 3 + 1;
    let pcm: Vec<i16> = rest
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    let mut det = Detector::default();
    let mut tones = ToneDetector::default();
    let mut line = LineDetector::default();
    let mut events = Vec::new();
    let mut tone_events = Vec::new();
    let mut line_events = Vec::new();
    for c in pcm.chunks(chunk) {
        events.extend(det.process(c));
        tone_events.extend(tones.process(c));
        line_events.extend(line.process(c));
    }
    events.extend(det.finish());
    tone_events.extend(tones.finish());
    line_events.extend(line.finish());
    // One pass for both gives exactly the two detectors' events.
    assert_eq!(line.position(), det.position());
    let (mut d, mut t) = (Vec::new(), Vec::new());
    for e in &line_events {
        match *e {
            LineEvent::Digit(x) => d.push(x),
            LineEvent::Fax(x) => t.push(x),
        }
    }
    assert_eq!(d, events);
    assert_eq!(t, tone_events);
    let end = det.position();
    let mut open: Option<(char, u64)> = None;
    let mut last_end = 0u64;
    for e in &events {
        match *e {
            Event::DigitStart { digit, at } => {
                assert!(open.is_none(), "start inside a digit: {events:?}");
                assert!(at >= last_end && at <= end, "{events:?}");
                open = Some((digit.to_char(), at));
            }
            Event::DigitEnd { digit, start, duration } => {
                assert_eq!(open.take(), Some((digit.to_char(), start)), "{events:?}");
                assert!(start + duration <= end + 64, "{events:?}");
                last_end = start + duration;
            }
        }
    }
    assert!(open.is_none(), "finish left a digit open: {events:?}");
    for e in &tone_events {
        if let ToneEvent::End { start, duration, .. } = *e {
            assert!(start + duration <= end + 64, "{tone_events:?}");
        }
    }
    // G.711 input goes through the same detector.
    let mut det = Detector::default();
    let n = det.process_ulaw(rest).count() + det.finish().count();
    assert!(n % 2 == 0);
});
