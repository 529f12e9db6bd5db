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
    let mut per_round: Vec<[f64; 4]> = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let mut t_round = [0f64; 4];
        let t = Instant::now();
        black_box(dtmf.process(black_box(&pcm)).count());
        t_round[0] = t.elapsed().as_secs_f64();
        best[0] = best[0].min(t_round[0]);
        let t = Instant::now();
        black_box(dtmf2.process(black_box(&pcm)).count());
        black_box(fax.process(black_box(&pcm)).count());
        t_round[1] = t.elapsed().as_secs_f64();
        best[1] = best[1].min(t_round[1]);
        let t = Instant::now();
        black_box(line.process(black_box(&pcm)).count());
        t_round[2] = t.elapsed().as_secs_f64();
        best[2] = best[2].min(t_round[2]);
        let t = Instant::now();
        peer.feed(black_box(&pcm));
        t_round[3] = t.elapsed().as_secs_f64();
        best[3] = best[3].min(t_round[3]);
        per_round.push(t_round);
    }
    // Same-round ratios, median: steadier than ratios of minima when the
    // load changes during the run.
    let median = |f: &dyn Fn(&[f64; 4]) -> f64| {
        let mut v: Vec<f64> = per_round.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let med_fax = median(&|r| r[2] / r[0]);
    let med_two = median(&|r| r[1] / r[0]);
    let med_peer = median(&|r| r[3] / r[0]);
    let med_peer_line = median(&|r| r[3] / r[2]);
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
    println!(
        "median of same-round ratios: spandsp/DTMF {med_peer:.2}x, spandsp/LineDetector {med_peer_line:.2}x, \
         fax on top: LineDetector {:+.1} %, two detectors {:+.1} %",
        (med_fax - 1.0) * 100.0,
        (med_two - 1.0) * 100.0
    );
}
