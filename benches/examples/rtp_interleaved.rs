//! RTP parse + serialise, Missive vs webrtc-rs `rtp`, measured interleaved:
//! both run on the same 172-byte PCMU packet, alternately, in batches of
//! 10,000, many rounds, keeping the minimum batch time of each (steadier
//! than separate criterion runs on a loaded machine). Also prints the split
//! of our side (parse alone, emit alone, a bare copy of the bytes).
//!
//! Both sides write into the same output buffer. Its placement matters to
//! both: a 172-byte store that straddles a 4 KiB page boundary costs ~17 ns
//! more on this machine (for either side). The main figure uses a buffer at
//! the start of a page; a second line repeats the measurement with the
//! buffer straddling a page boundary (what a heap `Vec` may land on).
//! `cargo run --release -p missive-benches --example rtp_interleaved`
#![allow(clippy::unwrap_used)]
use std::hint::black_box;
use std::time::Instant;

use missive_rtp::packet::Repr;
use webrtc_util::marshal::{Marshal, Unmarshal};

#[path = "../benches/common/rtp_inputs.rs"]
mod rtp_inputs;

const BATCH: u32 = 10_000;
const ROUNDS: usize = 300;

fn per_packet(t: f64) -> f64 {
    t * 1e9 / f64::from(BATCH)
}

/// Minimum batch times of (ours, peer), interleaved.
fn pair(wire: &[u8], out: &mut [u8]) -> (f64, f64) {
    let wire_bytes = bytes::Bytes::from(wire.to_vec());
    let (mut ours, mut peer) = (f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            let r = Repr::parse(black_box(wire)).unwrap();
            black_box(r.emit(out).unwrap());
        }
        ours = ours.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for _ in 0..BATCH {
            let mut buf = black_box(wire_bytes.clone());
            let p = rtp::packet::Packet::unmarshal(&mut buf).unwrap();
            black_box(p.marshal_to(out).unwrap());
        }
        peer = peer.min(t.elapsed().as_secs_f64());
    }
    (ours, peer)
}

/// Minimum batch times of parse alone, emit alone and a bare copy.
fn split(wire: &[u8], repr: &Repr<'_>, out: &mut [u8]) -> (f64, f64, f64) {
    let (mut parse, mut emit, mut copy) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            black_box(Repr::parse(black_box(wire)).unwrap());
        }
        parse = parse.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for _ in 0..BATCH {
            black_box(black_box(repr).emit(out).unwrap());
        }
        emit = emit.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for _ in 0..BATCH {
            let w = black_box(wire);
            out[..w.len()].copy_from_slice(w);
            black_box(&out);
        }
        copy = copy.min(t.elapsed().as_secs_f64());
    }
    (parse, emit, copy)
}

fn main() {
    let wire = rtp_inputs::pcmu_packet();
    let repr = Repr::parse(&wire).unwrap();
    // Output buffers carved from one arena: one at a page start, one whose
    // first 172 bytes cross a page boundary.
    let mut arena = vec![0u8; 4 * 4096];
    let page = (4096 - arena.as_ptr() as usize % 4096) % 4096 + 4096;
    let (lo, hi) = arena.split_at_mut(page + 2048);
    let aligned = &mut lo[page..page + 256];
    let straddling = &mut hi[2048 - 0x70..2048 - 0x70 + 256];

    let (ours, peer) = pair(&wire, aligned);
    println!(
        "parse+serialise 172 B PCMU: missive {:.1} ns, webrtc-rs rtp {:.1} ns, ratio {:.2}x \
         (min of {ROUNDS} rounds, output buffer at a page start)",
        per_packet(ours),
        per_packet(peer),
        peer / ours
    );
    let (parse, emit, copy) = split(&wire, &repr, aligned);
    println!(
        "split: parse {:.1} ns, emit {:.1} ns, bare {}-byte copy {:.1} ns",
        per_packet(parse),
        per_packet(emit),
        wire.len(),
        per_packet(copy)
    );
    let (ours, peer) = pair(&wire, straddling);
    println!(
        "same, output straddling a 4 KiB page boundary: missive {:.1} ns, webrtc-rs rtp {:.1} ns, \
         ratio {:.2}x",
        per_packet(ours),
        per_packet(peer),
        peer / ours
    );
    let (parse, emit, copy) = split(&wire, &repr, straddling);
    println!(
        "split: parse {:.1} ns, emit {:.1} ns, bare {}-byte copy {:.1} ns",
        per_packet(parse),
        per_packet(emit),
        wire.len(),
        per_packet(copy)
    );
}
