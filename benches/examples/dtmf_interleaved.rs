//! DTMF detection speed, Missive vs spandsp's `dtmf_rx`, measured
//! interleaved: every detector runs on the same 10 s bench buffer
//! (benches/dtmf.rs's input) in turn, many rounds, and the minimum time of
//! each is kept. Preemption on a loaded machine only ever adds time, so the
//! minima are the steady figures; the ratios compare them.
//!
//! `cargo run --release -p missive-benches --example dtmf_interleaved [ROUNDS]`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Instant;

use missive_dtmf::{Detector, ToneDetector};
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
    let mut peer = DtmfRx::new();
    let mut best = [f64::MAX; 3];
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(dtmf.process(black_box(&pcm)).count());
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        black_box(dtmf2.process(black_box(&pcm)).count());
        black_box(fax.process(black_box(&pcm)).count());
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        peer.feed(black_box(&pcm));
        best[2] = best[2].min(t.elapsed().as_secs_f64());
    }
    let [ours, both, theirs] = best;
    let ch = |t: f64| seconds / t;
    println!("min of {rounds} rounds on {seconds} s of audio (channels per core = audio time / CPU time):");
    println!(
        "missive dtmf            {:8.1} us  {:7.0} channels",
        ours * 1e6,
        ch(ours)
    );
    println!(
        "missive dtmf + fax      {:8.1} us  {:7.0} channels  fax overhead {:+.1} %",
        both * 1e6,
        ch(both),
        (both / ours - 1.0) * 100.0
    );
    println!(
        "spandsp dtmf_rx         {:8.1} us  {:7.0} channels",
        theirs * 1e6,
        ch(theirs)
    );
    println!(
        "ratio spandsp/missive dtmf: {:.2}x   dtmf+fax: {:.2}x",
        theirs / ours,
        theirs / both
    );
}
