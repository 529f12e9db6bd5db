//! DTMF detection: Missive against spandsp's `dtmf_rx` on the same 10 s
//! buffer — speech-like noise (noise shaped by a resonant filter, with a
//! syllabic envelope) with a digit every second. A second group adds the
//! standalone fax/modem tone detector to ours, a third runs `LineDetector`
//! (digits and fax tones from one filter-bank pass); spandsp's column is
//! `dtmf_rx` alone in every group.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::cell::RefCell;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_dtmf::{Detector, LineDetector, ToneDetector};
use missive_interop::spandsp::DtmfRx;

#[path = "common/dtmf_signal.rs"]
mod dtmf_signal;
use dtmf_signal::signal;

fn bench(c: &mut Criterion) {
    let pcm = signal(10);
    // Both detectors see the whole buffer and find the ten digits.
    {
        let mut det = Detector::default();
        let mut n = det.process(&pcm).count();
        n += det.finish().count();
        assert_eq!(n, 20, "missive found {n} events");
        assert_eq!(DtmfRx::new().detect(&pcm).len(), 10);
    }
    let ours = RefCell::new(Detector::default());
    let fax = RefCell::new(ToneDetector::default());
    let line = RefCell::new(LineDetector::default());
    let peer = RefCell::new(DtmfRx::new());
    missive_benches::side_by_side(
        c,
        "dtmf/detect-10s",
        pcm.len() as u64,
        || ours.borrow_mut().process(&pcm).count(),
        &[("spandsp", &|| peer.borrow_mut().feed(&pcm))],
    );
    missive_benches::side_by_side(
        c,
        "dtmf/detect-and-fax-tones-10s",
        pcm.len() as u64,
        || ours.borrow_mut().process(&pcm).count() + fax.borrow_mut().process(&pcm).count(),
        &[("spandsp", &|| peer.borrow_mut().feed(&pcm))],
    );
    missive_benches::side_by_side(
        c,
        "dtmf/line-detector-10s",
        pcm.len() as u64,
        || line.borrow_mut().process(&pcm).count(),
        &[("spandsp", &|| peer.borrow_mut().feed(&pcm))],
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
