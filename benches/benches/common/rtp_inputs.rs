//! Inputs shared by `benches/rtp.rs`, `examples/rtp_interleaved.rs` and
//! `examples/rtp_per_packet.rs`: one 172-byte PCMU packet, and the
//! per-packet schedule (1000 packets, every 7th pair swapped, 0–30 ms
//! arrival jitter, a playout tick per 20 ms frame).

#![allow(clippy::unwrap_used)] // bench inputs are known-good
#![allow(dead_code)] // each user takes the part it needs

use std::time::{Duration, Instant};

use missive_rtp::packet::Repr;

/// A 172-byte RTP packet: 12-byte header, 160 bytes of PCMU payload.
pub(crate) fn pcmu_packet() -> Vec<u8> {
    let payload: Vec<u8> = (0..160u32).map(|i| (i * 37 % 251) as u8).collect();
    let repr = Repr {
        marker: false,
        payload_type: 0,
        sequence_number: 4242,
        timestamp: 123_456,
        ssrc: 0xDEAD_BEEF,
        payload: &payload,
        ..Repr::default()
    };
    let mut b = vec![0u8; repr.buffer_len()];
    repr.emit(&mut b).unwrap();
    assert_eq!(b.len(), 172);
    b
}

/// The per-packet cases' input, computed before any timed loop (so that
/// the loops measure the buffer and the statistics, not `Instant`
/// arithmetic).
pub(crate) struct Schedule {
    /// Packet index (sequence number and timestamp / 160) in arrival order.
    pub(crate) order: Vec<u32>,
    /// Arrival time of each packet in `order`.
    pub(crate) arrivals: Vec<Instant>,
    /// Playout clock ticks, one per frame period.
    pub(crate) ticks: Vec<Instant>,
}

/// `n` packets of 20 ms: every 7th pair swapped, 0–30 ms of jitter.
pub(crate) fn schedule(n: u32, t0: Instant) -> Schedule {
    let mut order: Vec<u32> = (0..n).collect();
    for i in (0..(n as usize).saturating_sub(1)).step_by(7) {
        order.swap(i, i + 1);
    }
    let arrivals = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            t0 + Duration::from_micros(u64::from(i) * 20_000 + (k as u64 * 7919 % 30_000))
        })
        .collect();
    let ticks = (0..n)
        .map(|k| t0 + Duration::from_millis(40 + 20 * u64::from(k)))
        .collect();
    Schedule {
        order,
        arrivals,
        ticks,
    }
}
