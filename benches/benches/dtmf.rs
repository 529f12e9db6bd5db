//! DTMF detection: Missive against spandsp's `dtmf_rx` on the same 10 s
//! buffer — speech-like noise (noise shaped by a resonant filter, with a
//! syllabic envelope) with a digit every second. A second group adds the
//! fax/modem tone detector to ours to show what it costs on top.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::cell::RefCell;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_dtmf::{Detector, DigitOptions, Generator, ToneDetector};
use missive_interop::spandsp::DtmfRx;

fn signal(seconds: usize) -> Vec<i16> {
    let n = seconds * 8000;
    let mut seed = 0x2545_F491u32;
    let mut rnd = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        f64::from(seed >> 8) / f64::from(1u32 << 24) - 0.5
    };
    // Two resonances that wander like formants, 4 Hz syllables.
    let (mut y1, mut y2, mut z1, mut z2) = (0f64, 0f64, 0f64, 0f64);
    let mut out: Vec<f64> = (0..n)
        .map(|i| {
            let t = i as f64 / 8000.0;
            let f1 = 500.0 + 300.0 * (t * 1.3).sin();
            let f2 = 1500.0 + 600.0 * (t * 0.7).cos();
            let (r, w1, w2) = (
                0.97,
                2.0 * std::f64::consts::PI * f1 / 8000.0,
                2.0 * std::f64::consts::PI * f2 / 8000.0,
            );
            let x = rnd();
            let a = x + 2.0 * r * w1.cos() * y1 - r * r * y2;
            y2 = y1;
            y1 = a;
            let b = x + 2.0 * r * w2.cos() * z1 - r * r * z2;
            z2 = z1;
            z1 = b;
            let env = (0.5 + 0.5 * (2.0 * std::f64::consts::PI * 4.0 * t).sin()).powi(2);
            (a + 0.6 * b) * env * 400.0
        })
        .collect();
    let opts = DigitOptions {
        on_ms: 80.0,
        off_ms: 920.0,
        level_dbm0: -15.0,
        twist_db: 2.0,
    };
    let digits: String = "1234567890*#ABCD".chars().cycle().take(seconds).collect();
    let Ok(mut gen) = Generator::digits(&digits, &opts) else {
        return Vec::new();
    };
    let tones = gen.collect_all();
    for (o, t) in out.iter_mut().zip(&tones) {
        *o += f64::from(*t);
    }
    out.into_iter()
        .map(|v| v.clamp(-32768.0, 32767.0) as i16)
        .collect()
}

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
