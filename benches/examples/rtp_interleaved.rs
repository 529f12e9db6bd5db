//! RTP parse + serialise, Missive vs webrtc-rs `rtp`, measured interleaved:
//! both run on the same 172-byte PCMU packet, alternately, in batches of
//! 10,000, many rounds, keeping the minimum batch time of each (steadier
//! than separate criterion runs on a loaded machine).
//! `cargo run --release -p missive-benches --example rtp_interleaved`
#![allow(clippy::unwrap_used)]
use std::hint::black_box;
use std::time::Instant;

use missive_rtp::packet::Repr;
use webrtc_util::marshal::{Marshal, Unmarshal};

fn main() {
    let payload: Vec<u8> = (0..160u32).map(|i| (i * 37 % 251) as u8).collect();
    let repr = Repr {
        payload_type: 0,
        sequence_number: 4242,
        timestamp: 123_456,
        ssrc: 0xDEAD_BEEF,
        payload: &payload,
        ..Repr::default()
    };
    let mut wire = vec![0u8; repr.buffer_len()];
    repr.emit(&mut wire).unwrap();
    let wire_bytes = bytes::Bytes::from(wire.clone());
    let mut out = vec![0u8; 256];
    let batch = 10_000u32;
    let (mut ours, mut peer) = (f64::MAX, f64::MAX);
    for _ in 0..300 {
        let t = Instant::now();
        for _ in 0..batch {
            let r = Repr::parse(black_box(&wire)).unwrap();
            black_box(r.emit(&mut out).unwrap());
        }
        ours = ours.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for _ in 0..batch {
            let mut buf = black_box(wire_bytes.clone());
            let p = rtp::packet::Packet::unmarshal(&mut buf).unwrap();
            black_box(p.marshal_to(&mut out).unwrap());
        }
        peer = peer.min(t.elapsed().as_secs_f64());
    }
    let n = f64::from(batch);
    println!(
        "parse+serialise 172 B PCMU: missive {:.1} ns, webrtc-rs rtp {:.1} ns, ratio {:.2}x (min of 300 rounds)",
        ours * 1e9 / n,
        peer * 1e9 / n,
        peer / ours
    );
}
