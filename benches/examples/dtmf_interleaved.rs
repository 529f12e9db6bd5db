//! DTMF detection speed, Missive vs spandsp's `dtmf_rx`, measured
//! interleaved: every detector runs on the same 10 s bench buffer
//! (benches/dtmf.rs's input) in turn, many rounds, and the minimum time of
//! each is kept. `LineDetector` is DTMF and fax tones from one pass; "dtmf +
//! fax" is the two standalone detectors one after the other. Preemption on a loaded machine only ever adds time, so the
//! minima are the steady figures; the ratios compare them.
//!
//! `cargo run --release -p missive-benches --example dtmf_interleaved [ROUNDS]`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use missive_dtmf::{Detector, LineDetector, ToneDetector};
use missive_interop::spandsp::DtmfRx;

#[path = "../benches/common/dtmf_signal.rs"]
mod dtmf_signal;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let pcm = dtmf_signal::signal(10);
    let seconds = pcm.len() as f64 / 8000.0;
    let mut dtmf = Detector::default();
    let mut dtmf2 = Detector::default();
    let mut fax = ToneDetector::default();
    let mut line = LineDetector::default();
    let mut peer = DtmfRx::new();
    let mut best = [f64::MAX; 4];
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(dtmf.process(black_box(&pcm)).count());
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        black_box(dtmf2.process(black_box(&pcm)).count());
        black_box(fax.process(black_box(&pcm)).count());
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        black_box(line.process(black_box(&pcm)).count());
        best[2] = best[2].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        peer.feed(black_box(&pcm));
        best[3] = best[3].min(t.elapsed().as_secs_f64());
    }
    let [ours, both, line, theirs] = best;
    let ch = |t: f64| seconds / t;
    let over = |t: f64| (t / ours - 1.0) * 100.0;
    println!(
        "min of {rounds} rounds on {seconds} s of audio (channels per core = audio time / time):"
    );
    let rows = [
        ("missive Detector (DTMF)", ours, String::new()),
        (
            "missive Detector + ToneDetector",
            both,
            format!("fax {:+.1} %", over(both)),
        ),
        (
            "missive LineDetector (one pass)",
            line,
            format!("fax {:+.1} %", over(line)),
        ),
        ("spandsp dtmf_rx", theirs, String::new()),
    ];
    for (name, t, note) in rows {
        println!(
            "{name:32} {:8.1} us {:7.0} channels  {note}",
            t * 1e6,
            ch(t)
        );
    }
    println!(
        "spandsp time / ours: DTMF {:.2}x, two detectors {:.2}x, LineDetector {:.2}x",
        theirs / ours,
        theirs / both,
        theirs / line
    );
}
