//! SIP speed, Missive vs rsip 0.4, measured interleaved (COMMON.md
//! "Measuring under load"): each round times a batch of every case on both
//! sides back to back, and the minimum per-message time of each is kept.
//! Preemption only ever adds time, so the minimum is the stable figure on a
//! shared machine. Each batch is timed twice over: wall clock and this
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`, which time spent preempted
//! does not count). Same inputs and operations as benches/sip.rs.
//!
//! `cargo run --release -p missive-benches --example sip_interleaved [ROUNDS]`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use nix::time::{clock_gettime, ClockId};

use missive_sip::{Message, OwnedMessage};
use rsip::prelude::*;

#[path = "../benches/common/sip_inputs.rs"]
mod sip_inputs;

const BATCH: usize = 200;

/// Seconds of this thread's CPU time.
/// A named pair: our side and rsip's, each returning something to keep.
type Case<'a> = (&'a str, &'a dyn Fn() -> usize, &'a dyn Fn() -> usize);

fn cpu_now() -> f64 {
    clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID)
        .map_or(0.0, |t| t.tv_sec() as f64 + t.tv_nsec() as f64 * 1e-9)
}

/// Per-call (wall, CPU) time of one batch.
fn time(f: &dyn Fn() -> usize) -> (f64, f64) {
    let c = cpu_now();
    let t = Instant::now();
    let mut acc = 0usize;
    for _ in 0..BATCH {
        acc = acc.wrapping_add(f());
    }
    black_box(acc);
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_now() - c;
    (wall / BATCH as f64, cpu / BATCH as f64)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    println!(
        "| input | case | Missive wall min | rsip wall min | wall ratio | Missive CPU min | rsip CPU min | CPU ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, bytes) in [
        ("INVITE 856 B", sip_inputs::invite(856)),
        ("200 OK", sip_inputs::ok200()),
    ] {
        let b = bytes.as_slice();
        let owned = OwnedMessage::from(&Message::parse(b).unwrap());
        let theirs = rsip::SipMessage::try_from(b).unwrap();
        let ours_parse = || Message::parse(black_box(b)).map_or(0, |m| m.headers().len());
        let ours_typed = || sip_inputs::ours_typed(black_box(b));
        let ours_ser = || {
            let mut out = Vec::new();
            black_box(&owned).write_to(&mut out);
            out.len()
        };
        let rsip_parse =
            || rsip::SipMessage::try_from(black_box(b)).map_or(0, |m| m.headers().iter().count());
        let rsip_typed = || sip_inputs::rsip_typed(black_box(b));
        let rsip_ser = || black_box(&theirs).to_string().len();
        let cases: [Case<'_>; 4] = [
            ("framing + lazy parse", &ours_parse, &rsip_parse),
            ("parse + typed core headers", &ours_typed, &rsip_typed),
            (
                "parse + typed vs rsip plain parse",
                &ours_typed,
                &rsip_parse,
            ),
            ("serialise", &ours_ser, &rsip_ser),
        ];
        let mut best = [[f64::MAX; 4]; 4];
        for _ in 0..rounds {
            for (i, (_, o, r)) in cases.iter().enumerate() {
                let (ow, oc) = time(*o);
                let (rw, rc) = time(*r);
                let b = &mut best[i];
                *b = [b[0].min(ow), b[1].min(rw), b[2].min(oc), b[3].min(rc)];
            }
        }
        for (i, (case, _, _)) in cases.iter().enumerate() {
            let [ow, rw, oc, rc] = best[i];
            println!(
                "| {name} | {case} | {:.0} ns | {:.0} ns | **{:.2}×** | {:.0} ns | {:.0} ns | **{:.2}×** |",
                ow * 1e9,
                rw * 1e9,
                rw / ow,
                oc * 1e9,
                rc * 1e9,
                rc / oc
            );
        }
    }
}
