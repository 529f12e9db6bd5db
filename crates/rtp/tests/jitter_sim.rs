//! The jitter buffer on simulated networks: delay distributions, reordering,
//! 0–20 % loss, loss bursts and ±100 ppm clock skew, 10 simulated minutes
//! each. Reports added delay and concealed frames; asserts bounded depth and
//! delay (no unbounded growth) and that concealment stays near the loss.
//! Simulated time only: nothing here depends on how fast the machine is.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use missive_rtp::event::EventEncoder;
use missive_rtp::jitter::{Config, Frame, JitterBuffer, RepeatLast};

#[allow(dead_code)] // each test file uses part of it
mod common;
use common::Rng;

#[derive(Clone, Copy)]
enum Delay {
    Constant,
    Uniform(f64),
    Exponential(f64),
    /// Mostly small, with rare spikes of the given size.
    Spiky(f64),
}

#[derive(Clone, Copy)]
enum Loss {
    Iid(f64),
    /// Gilbert–Elliott: enter bad with p, leave with r, lose everything while bad.
    Burst {
        p: f64,
        r: f64,
    },
}

struct Scenario {
    name: &'static str,
    delay: Delay,
    loss: Loss,
    skew_ppm: f64,
}

#[derive(Debug)]
struct Report {
    sent: u64,
    lost_net: u64,
    played: u64,
    concealed: u64,
    late: u64,
    dropped: u64,
    stretched: u64,
    mean_buffer_ms: f64,
    max_depth: usize,
    final_span_ms: f64,
    max_span_ms: f64,
    duplicates: u64,
}

fn run(s: &Scenario, seed: u64) -> Report {
    let frames = 30_000u32; // 10 minutes of 20 ms frames
    let mut rng = Rng::new(seed);
    let t0 = Instant::now();
    let base_delay = 30.0;
    // Sender clock runs (1 + skew) times as fast as the receiver's.
    let period = 20.0 / (1.0 + s.skew_ppm * 1e-6);
    let mut arrivals: Vec<(f64, u16, u32, bool)> = Vec::new();
    let mut bad = false;
    let mut lost_net = 0;
    for i in 0..frames {
        let send = f64::from(i) * period;
        let lose = match s.loss {
            Loss::Iid(p) => rng.unit() < p,
            Loss::Burst { p, r } => {
                bad = if bad { rng.unit() >= r } else { rng.unit() < p };
                bad
            }
        };
        if lose {
            lost_net += 1;
            continue;
        }
        let d = base_delay
            + match s.delay {
                Delay::Constant => 0.0,
                Delay::Uniform(w) => rng.unit() * w,
                Delay::Exponential(m) => -m * (1.0 - rng.unit()).ln(),
                Delay::Spiky(spike) => {
                    if rng.unit() < 0.01 {
                        spike * rng.unit()
                    } else {
                        rng.unit() * 5.0
                    }
                }
            };
        arrivals.push((send + d, i as u16, i * 160, i == 0));
        // 1 % duplicated by the network.
        if rng.unit() < 0.01 {
            arrivals.push((send + d + 1.0, i as u16, i * 160, i == 0));
        }
    }
    arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let arrival_of: HashMap<u32, f64> = arrivals.iter().map(|a| (a.2, a.0)).collect();
    let mut jb = JitterBuffer::new(
        Config::default(),
        RepeatLast {
            max_repeats: 3,
            silence: 0xFF,
        },
    );
    let ms = |x: f64| t0 + Duration::from_nanos((x * 1e6) as u64);
    let payload = [0x55u8; 160];
    let mut k = 0;
    let mut buffer_ms = 0.0;
    let mut buffer_n = 0u64;
    let mut max_span = 0.0f64;
    let end = f64::from(frames) * 20.0 + 1000.0;
    let mut tick = 0.0;
    while tick < end {
        while k < arrivals.len() && arrivals[k].0 <= tick {
            let (at, seq, ts, m) = arrivals[k];
            jb.push(ms(at), seq, ts, m, &payload);
            k += 1;
        }
        if let Frame::Media { timestamp, .. } = jb.pop(ms(tick)) {
            buffer_ms += tick - arrival_of[&timestamp];
            buffer_n += 1;
        }
        max_span = max_span.max(jb.buffered_samples() as f64 / 8.0);
        tick += 20.0;
    }
    let st = jb.stats();
    Report {
        sent: u64::from(frames),
        lost_net,
        played: st.played,
        concealed: st.concealed,
        late: st.late,
        dropped: st.dropped_for_delay,
        stretched: st.stretched,
        mean_buffer_ms: buffer_ms / buffer_n.max(1) as f64,
        max_depth: st.max_depth,
        final_span_ms: jb.buffered_samples() as f64 / 8.0,
        max_span_ms: max_span,
        duplicates: st.duplicates,
    }
}

#[test]
fn simulated_networks() {
    let scenarios = [
        Scenario {
            name: "constant delay, no loss",
            delay: Delay::Constant,
            loss: Loss::Iid(0.0),
            skew_ppm: 0.0,
        },
        Scenario {
            name: "uniform 0-40 ms (reorders)",
            delay: Delay::Uniform(40.0),
            loss: Loss::Iid(0.0),
            skew_ppm: 0.0,
        },
        Scenario {
            name: "uniform 0-40 ms, 5 % loss",
            delay: Delay::Uniform(40.0),
            loss: Loss::Iid(0.05),
            skew_ppm: 0.0,
        },
        Scenario {
            name: "exponential mean 10 ms, 20 % loss",
            delay: Delay::Exponential(10.0),
            loss: Loss::Iid(0.20),
            skew_ppm: 0.0,
        },
        Scenario {
            name: "spikes to 200 ms, bursts",
            delay: Delay::Spiky(200.0),
            loss: Loss::Burst { p: 0.01, r: 0.3 },
            skew_ppm: 0.0,
        },
        Scenario {
            name: "uniform 0-20 ms, +100 ppm",
            delay: Delay::Uniform(20.0),
            loss: Loss::Iid(0.01),
            skew_ppm: 100.0,
        },
        Scenario {
            name: "uniform 0-20 ms, -100 ppm",
            delay: Delay::Uniform(20.0),
            loss: Loss::Iid(0.01),
            skew_ppm: -100.0,
        },
    ];
    eprintln!("| scenario | net loss | played | concealed | late | drop/stretch | mean buffer delay | max span | max pkts |");
    eprintln!("|---|---|---|---|---|---|---|---|---|");
    for (i, s) in scenarios.iter().enumerate() {
        let r = run(s, 1000 + i as u64);
        eprintln!(
            "| {} | {:.1} % | {} | {} ({:.2} %) | {} | {}/{} | {:.1} ms | {:.0} ms | {} |",
            s.name,
            100.0 * r.lost_net as f64 / r.sent as f64,
            r.played,
            r.concealed,
            100.0 * r.concealed as f64 / r.sent as f64,
            r.late,
            r.dropped,
            r.stretched,
            r.mean_buffer_ms,
            r.max_span_ms,
            r.max_depth
        );
        // Every frame sent is played, concealed or (for drift) dropped; the
        // few concealed frames of idle gaps at a burst are not counted.
        assert!(r.played + r.dropped <= r.sent, "{}: {r:?}", s.name);
        assert!(
            r.played + r.late + r.lost_net + r.dropped + 10 >= r.sent,
            "{}: {r:?}",
            s.name
        );
        // No unbounded growth: the held span stays under the max delay
        // plus a few frames, at the end and throughout.
        assert!(r.max_span_ms <= 400.0 + 200.0, "{}: {r:?}", s.name);
        assert!(r.final_span_ms <= 400.0, "{}: {r:?}", s.name);
        assert!(r.max_depth <= 64);
        // Concealment tracks the loss; late packets stay rare.
        let loss = r.lost_net as f64 / r.sent as f64;
        let concealed = r.concealed as f64 / r.sent as f64;
        assert!(concealed <= loss + 0.03, "{}: {r:?}", s.name);
        assert!(
            (r.late as f64) / (r.sent as f64) < 0.03,
            "{}: {r:?}",
            s.name
        );
        assert!(r.duplicates > 0, "{}: {r:?}", s.name);
    }
}

#[test]
fn dtmf_passes_through_without_audio_delay() {
    let t0 = Instant::now();
    let mut jb = JitterBuffer::new(
        Config::default(),
        RepeatLast {
            max_repeats: 3,
            silence: 0xFF,
        },
    );
    for (seq, p) in EventEncoder::default().packets(11, 10, 0, 800).enumerate() {
        jb.push_event(seq as u16, p.timestamp, p.marker, &p.payload);
    }
    let e = jb.poll_event().unwrap();
    assert_eq!((e.digit(), e.duration), (Some('#'), 800));
    assert!(jb.poll_event().is_none());
    // Audio has not even started.
    assert_eq!(jb.pop(t0), Frame::Idle);
}
