//! Per-packet cost of the jitter buffer and the receiver statistics,
//! measured interleaved in one process: each case runs on the same 1000
//! packets (every 7th pair swapped, 0–30 ms arrival jitter — the criterion
//! bench's input) many rounds, alternately, and the minimum of each is kept
//! (preemption on a loaded machine only ever adds time, so the minimum is
//! the stable figure).
//!
//! `cargo run --release -p missive-benches --example rtp_per_packet [ROUNDS [CASE]]`
#![allow(clippy::unwrap_used)]
use std::hint::black_box;
use std::time::Instant;

use missive_rtp::analysis::StreamStats;
use missive_rtp::jitter::{Config, Frame, JitterBuffer, Silence};
use missive_rtp::stats::ReceiverStats;

#[path = "../benches/common/rtp_inputs.rs"]
mod rtp_inputs;

fn main() {
    let n = 1000u32;
    let payload = [0x55u8; 160];
    let rtp_inputs::Schedule {
        order,
        arrivals,
        ticks,
    } = rtp_inputs::schedule(n, Instant::now());
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let jb_case = || {
        let mut jb = JitterBuffer::new(Config::default(), Silence(0xFF));
        let mut played = 0u32;
        for ((&i, &at), &now) in order.iter().zip(&arrivals).zip(&ticks) {
            jb.push(at, i as u16, i * 160, i == 0, &payload);
            if let Frame::Media { payload, .. } = jb.pop(now) {
                played += u32::from(payload[0]);
            }
        }
        black_box(played);
    };
    let rx_case = || {
        let mut st = ReceiverStats::new(8000);
        for (&i, &at) in order.iter().zip(&arrivals) {
            st.on_packet(i as u16, i * 160, at);
        }
        black_box(st.jitter());
    };
    let tshark_case = || {
        let mut st = StreamStats::default();
        for (k, &i) in order.iter().enumerate() {
            let ms = f64::from(i) * 20.0 + (k as f64 * 7.919) % 30.0;
            st.push(ms, i as u16, i * 160, 0, i == 0);
        }
        black_box(st.max_jitter_ms());
    };
    let cases: [(&str, &dyn Fn()); 3] = [
        ("jitter buffer push+pop", &jb_case),
        ("RFC 3550 receiver stats", &rx_case),
        ("tshark stream stats", &tshark_case),
    ];
    // An optional second argument runs only the cases whose name contains it
    // (for `perf stat` / `perf record` on one case).
    let only = std::env::args().nth(2).unwrap_or_default();
    let mut best = [f64::MAX; 3];
    for _ in 0..rounds {
        for (b, (name, f)) in best.iter_mut().zip(&cases) {
            if !name.contains(only.as_str()) {
                continue;
            }
            let t = Instant::now();
            f();
            *b = b.min(t.elapsed().as_secs_f64());
        }
    }
    for (b, (name, _)) in best.iter().zip(&cases) {
        println!(
            "{name:<28} {:7.1} ns/packet (min of {rounds} rounds)",
            b * 1e9 / f64::from(n)
        );
    }
    println!(
        "{:<28} {:7.1} ns/packet",
        "jitter buffer + RFC 3550",
        (best[0] + best[1]) * 1e9 / f64::from(n)
    );
}
