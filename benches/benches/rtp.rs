//! RTP parse + serialise of a 172-byte PCMU packet: Missive's checked view
//! and `Repr` against webrtc-rs `rtp` (`Packet::unmarshal` + `marshal_to`),
//! on the same bytes. Then the per-packet cost of the jitter buffer (push +
//! pop, 20 ms frames, mild reordering) and of RFC 3550 receiver statistics
//! and the tshark-compatible stream analysis.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used)] // a bench on malformed input should stop loudly

use std::cell::RefCell;
use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_rtp::analysis::StreamStats;
use missive_rtp::jitter::{Config, JitterBuffer, Silence};
use missive_rtp::packet::{Packet, Repr};
use missive_rtp::stats::ReceiverStats;
use webrtc_util::marshal::{Marshal, Unmarshal};

#[path = "common/rtp_inputs.rs"]
mod rtp_inputs;

fn bench(c: &mut Criterion) {
    let wire = rtp_inputs::pcmu_packet();
    let wire_bytes = bytes::Bytes::from(wire.clone());
    // Both sides write into one output buffer at the start of a memory page:
    // a 172-byte store straddling a page boundary costs either side ~17 ns
    // more on this machine, and where a heap `Vec` lands is luck
    // (`examples/rtp_interleaved.rs` measures both placements).
    let mut arena = vec![0u8; 3 * 4096];
    let page = (4096 - arena.as_ptr() as usize % 4096) % 4096;
    let out = RefCell::new(&mut arena[page..page + 256]);
    missive_benches::side_by_side(
        c,
        "rtp/parse-serialise-pcmu-172B",
        1,
        || {
            let repr = Repr::parse(black_box(&wire)).unwrap();
            repr.emit(&mut out.borrow_mut()[..]).unwrap()
        },
        &[("webrtc-rs-rtp", &|| {
            let mut buf = black_box(wire_bytes.clone());
            let p = rtp::packet::Packet::unmarshal(&mut buf).unwrap();
            p.marshal_to(&mut out.borrow_mut()[..]).unwrap()
        })],
    );
    // The view alone: check + read the header fields and payload.
    missive_benches::side_by_side(
        c,
        "rtp/view-pcmu-172B",
        1,
        || {
            let p = Packet::new_checked(black_box(&wire[..])).unwrap();
            (
                p.sequence_number(),
                p.timestamp(),
                p.ssrc(),
                p.payload().len(),
            )
        },
        &[("webrtc-rs-rtp", &|| {
            let mut buf = black_box(wire_bytes.clone());
            let p = rtp::packet::Packet::unmarshal(&mut buf).unwrap();
            (
                p.header.sequence_number,
                p.header.timestamp,
                p.header.ssrc,
                p.payload.len(),
            )
        })],
    );

    // Jitter buffer: 1000 packets (push + pop each), every 7th swapped with
    // its successor, 0–30 ms of arrival jitter.
    let n = 1000u32;
    let payload = [0xFFu8; 160];
    let rtp_inputs::Schedule {
        order,
        arrivals,
        ticks,
    } = rtp_inputs::schedule(n, Instant::now());
    let mut g = c.benchmark_group("rtp/per-packet");
    g.throughput(criterion::Throughput::Elements(u64::from(n)));
    g.bench_function("jitter-buffer-push-pop", |b| {
        b.iter(|| {
            let mut jb = JitterBuffer::new(Config::default(), Silence(0xFF));
            let mut played = 0u32;
            for ((&i, &at), &now) in order.iter().zip(&arrivals).zip(&ticks) {
                jb.push(at, i as u16, i * 160, i == 0, &payload);
                if let missive_rtp::jitter::Frame::Media { payload, .. } = jb.pop(now) {
                    played += u32::from(payload[0]);
                }
            }
            black_box(played)
        });
    });
    g.bench_function("rfc3550-receiver-stats", |b| {
        b.iter(|| {
            let mut st = ReceiverStats::new(8000);
            for (&i, &at) in order.iter().zip(&arrivals) {
                st.on_packet(i as u16, i * 160, at);
            }
            black_box(st.jitter())
        });
    });
    g.bench_function("tshark-stream-stats", |b| {
        b.iter(|| {
            let mut st = StreamStats::default();
            for (k, &i) in order.iter().enumerate() {
                let ms = f64::from(i) * 20.0 + (k as f64 * 7.919) % 30.0;
                st.push(ms, i as u16, i * 160, 0, i == 0);
            }
            black_box(st.max_jitter_ms())
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
