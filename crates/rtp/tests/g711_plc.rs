//! G.711 concealment through the jitter buffer (feature `g7xx`): a voiced
//! signal in 20 ms PCMU/PCMA packets crosses a simulated lossy, jittery,
//! duplicating network into a `JitterBuffer` whose hook is `G711Plc`
//! (missive-g7xx's G.711 Appendix I PLC). Checks that every missing frame is
//! concealed, with the right length, in the right place, and that the
//! concealment continues the signal (error far below silence substitution),
//! fading out over long bursts as the PLC defines. Simulated time only.

#![cfg(feature = "g7xx")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use missive_rtp::jitter::{Config, Frame, JitterBuffer, Silence};
use missive_rtp::plc::{G711Plc, Law, DELAY};

#[allow(dead_code)] // each test file uses part of it
mod common;
use common::Rng;

const FRAMES: u32 = 3000; // one minute of 20 ms packets

/// A voiced-like signal: 200 Hz with two harmonics (a 40-sample period,
/// inside the PLC's 5-15 ms pitch search), slowly varying in level.
fn signal(n: i64) -> i16 {
    if n < 0 {
        return 0;
    }
    let t = n as f64 / 8000.0;
    let w = 2.0 * std::f64::consts::PI * 200.0 * t;
    let level = 0.8 + 0.2 * (2.0 * std::f64::consts::PI * 0.5 * t).sin();
    ((w.sin() * 6000.0 + (2.0 * w).sin() * 2500.0 + (3.0 * w).sin() * 1200.0) * level) as i16
}

struct Played {
    /// (timestamp, concealed?, linear PCM as played)
    frames: Vec<(u32, bool, Vec<i16>)>,
    lost: BTreeSet<u32>,
    stats: missive_rtp::jitter::Stats,
}

/// Packets lost on purpose: a 5-packet (100 ms) burst at frame 1000 and a
/// 2-packet one at 2000, on top of random loss.
fn forced_loss(i: u32) -> bool {
    (1000..1005).contains(&i) || (2000..2002).contains(&i)
}

fn run(law: Law, silence_only: bool, seed: u64) -> Played {
    let mut rng = Rng::new(seed);
    let t0 = Instant::now();
    let mut arrivals: Vec<(f64, u16, u32, Vec<u8>)> = Vec::new();
    let mut lost = BTreeSet::new();
    let mut run_len = 0;
    for i in 0..FRAMES {
        // ~8 % random loss, in runs of at most 3 (max_conceal_run is 10).
        let random = i > 10 && run_len < 3 && rng.unit() < 0.08;
        if forced_loss(i) || random {
            lost.insert(i * 160);
            run_len += 1;
            continue;
        }
        run_len = 0;
        let pcm: Vec<i16> = (0..160).map(|k| signal(i64::from(i * 160 + k))).collect();
        let mut code = vec![0u8; 160];
        law.encode(&pcm, &mut code);
        let send = f64::from(i) * 20.0;
        let at = send + 30.0 + rng.unit() * 30.0; // 0-30 ms jitter: reorders
        if rng.unit() < 0.01 {
            arrivals.push((at + 2.0, i as u16, i * 160, code.clone()));
        }
        arrivals.push((at, i as u16, i * 160, code));
    }
    arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let cfg = Config::default();
    let ms = |x: f64| t0 + Duration::from_nanos((x * 1e6) as u64);
    let mut frames = Vec::new();
    let mut k = 0;
    let mut tick = 0.0;
    let end = f64::from(FRAMES) * 20.0 + 500.0;
    // The two concealers are driven identically; only what fills the gap
    // differs.
    let mut jb_plc = JitterBuffer::new(cfg, G711Plc::new(law));
    let mut jb_sil = JitterBuffer::new(cfg, Silence(law.silence()));
    while tick < end {
        while k < arrivals.len() && arrivals[k].0 <= tick {
            let (at, seq, ts, ref code) = arrivals[k];
            jb_plc.push(ms(at), seq, ts, ts == 0, code);
            jb_sil.push(ms(at), seq, ts, ts == 0, code);
            k += 1;
        }
        if silence_only {
            match jb_sil.pop(ms(tick)) {
                Frame::Media {
                    timestamp, payload, ..
                } => {
                    // Without the PLC nothing is delayed: shift to compare
                    // on the same time line.
                    let mut pcm = vec![0i16; payload.len()];
                    law.decode(payload, &mut pcm);
                    frames.push((timestamp, false, pcm));
                }
                Frame::Concealed { timestamp, payload } => {
                    let mut pcm = vec![0i16; payload.len()];
                    law.decode(payload, &mut pcm);
                    frames.push((timestamp, true, pcm));
                }
                Frame::Idle => {}
            }
        } else {
            match jb_plc.pop(ms(tick)) {
                Frame::Media {
                    timestamp, payload, ..
                } => {
                    let mut pcm = vec![0i16; payload.len()];
                    law.decode(payload, &mut pcm);
                    frames.push((timestamp, false, pcm));
                }
                Frame::Concealed { timestamp, payload } => {
                    assert_eq!(payload.len(), 160);
                    let mut pcm = vec![0i16; payload.len()];
                    law.decode(payload, &mut pcm);
                    frames.push((timestamp, true, pcm));
                }
                Frame::Idle => {}
            }
            // The adapter's PCM is what the payload decodes to, up to the
            // law's quantisation.
            if let Some((_, true, pcm)) = frames.last() {
                let own = jb_plc.concealer().pcm();
                assert_eq!(own.len(), 160);
                let mut requant = vec![0u8; 160];
                law.encode(own, &mut requant);
                let mut back = vec![0i16; 160];
                law.decode(&requant, &mut back);
                assert_eq!(&back, pcm);
            }
        }
        tick += 20.0;
    }
    let stats = if silence_only {
        jb_sil.stats()
    } else {
        jb_plc.stats()
    };
    Played {
        frames,
        lost,
        stats,
    }
}

/// What the listener should hear at `ts` (quantised by the law), `delay`
/// samples late.
fn expected(law: Law, ts: u32, delay: usize) -> Vec<i16> {
    let pcm: Vec<i16> = (0..160)
        .map(|k| signal(i64::from(ts) + k - delay as i64))
        .collect();
    let mut code = vec![0u8; 160];
    law.encode(&pcm, &mut code);
    let mut back = vec![0i16; 160];
    law.decode(&code, &mut back);
    back
}

fn err(a: &[i16], b: &[i16]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum()
}

fn energy(a: &[i16]) -> f64 {
    a.iter().map(|&x| f64::from(x).powi(2)).sum()
}

#[test]
fn every_missing_frame_is_concealed_continuing_the_signal() {
    for (n, law) in [Law::Mu, Law::A].into_iter().enumerate() {
        let p = run(law, false, 77 + n as u64);
        let st = p.stats;
        assert!(st.duplicates > 0 && st.played > 2500, "{st:?}");
        // Timestamps played in order, one frame per period; stretches repeat
        // a timestamp, drops skip one.
        let mut covered = BTreeSet::new();
        for w in p.frames.windows(2) {
            let (a, b) = (w[0].0, w[1].0);
            assert!(
                b == a + 160 || (b == a && w[1].1) || b == a + 320,
                "{a} -> {b}"
            );
        }
        for (ts, concealed, pcm) in &p.frames {
            assert_eq!(pcm.len(), 160);
            if *concealed {
                covered.insert(*ts);
            }
        }
        // Every frame the network lost is concealed in its place (a frame
        // skipped for delay is the only excuse).
        let first = p.frames.first().unwrap().0;
        let last = p.frames.last().unwrap().0;
        let missing: Vec<u32> = p
            .lost
            .iter()
            .copied()
            .filter(|ts| (first..=last).contains(ts) && !covered.contains(ts))
            .collect();
        assert!(
            missing.len() as u64 <= st.dropped_for_delay,
            "{law:?}: not concealed {missing:?} ({st:?})"
        );
        assert!(st.concealed >= (p.lost.len() - missing.len()) as u64);

        // Quality. Frames played from packets, after a received frame, are
        // the signal delayed by DELAY samples, code for code.
        let mut exact = 0;
        for w in p.frames.windows(2) {
            let ((ta, ca, _), (tb, cb, pcm)) = (&w[0], &w[1]);
            if !ca && !cb && *tb == ta + 160 {
                assert_eq!(pcm, &expected(law, *tb, DELAY), "{law:?} ts {tb}");
                exact += 1;
            }
        }
        assert!(exact > 2000);
        // Concealed frames against the delayed original, and silence
        // substitution's error (the signal's energy) for comparison.
        let (mut e_first, mut s_first, mut e_all, mut s_all) = (0.0, 0.0, 0.0, 0.0);
        let mut prev_concealed = false;
        for (ts, concealed, pcm) in &p.frames {
            if *concealed && p.lost.contains(ts) {
                let want = expected(law, *ts, DELAY);
                let (e, s) = (err(pcm, &want), energy(&want));
                e_all += e;
                s_all += s;
                if !prev_concealed {
                    e_first += e;
                    s_first += s;
                }
            }
            prev_concealed = *concealed;
        }
        let snr_first = 10.0 * (s_first / e_first).log10();
        let snr_all = 10.0 * (s_all / e_all).log10();
        eprintln!(
            "{law:?}: {} lost, {} concealed; SNR of concealment vs the original: \
             first frame of a loss {snr_first:.1} dB, all lost frames {snr_all:.1} dB \
             (silence substitution: 0 dB)",
            p.lost.len(),
            st.concealed
        );
        // The first 20 ms of a loss continue the waveform: > 10 dB.
        assert!(snr_first > 10.0, "{law:?}: {snr_first} dB");
        // Over everything (long bursts fade out) still better than silence.
        assert!(snr_all > 3.0, "{law:?}: {snr_all} dB");
    }
}

#[test]
fn silence_substitution_is_the_baseline() {
    // The same network with Silence: 0 dB by construction, and the frames
    // are where the PLC's are.
    let law = Law::Mu;
    let p = run(law, true, 77);
    let mut e = 0.0;
    let mut s = 0.0;
    for (ts, concealed, pcm) in &p.frames {
        if *concealed && p.lost.contains(ts) {
            let want = expected(law, *ts, 0);
            e += err(pcm, &want);
            s += energy(&want);
        }
    }
    assert!(s > 0.0 && (e / s - 1.0).abs() < 0.01, "{e} {s}");
}

#[test]
fn a_long_burst_fades_out_and_recovers() {
    let law = Law::Mu;
    let p = run(law, false, 77);
    // The forced 100 ms burst at frame 1000 (unless a random loss joined
    // it just before: find where the concealed run starts).
    let burst: Vec<&(u32, bool, Vec<i16>)> = p
        .frames
        .iter()
        .filter(|(ts, c, _)| *c && (1000 * 160..1005 * 160).contains(ts))
        .collect();
    assert_eq!(burst.len(), 5, "every frame of the burst concealed");
    let lost_before = (995..1000)
        .rev()
        .take_while(|i| p.lost.contains(&(i * 160)))
        .count();
    let e: Vec<f64> = burst.iter().map(|f| energy(&f.2)).collect();
    eprintln!("burst energies (after {lost_before} earlier losses): {e:?}");
    if lost_before == 0 {
        // 20, 40, 60 ms: fading; 80 ms and after: silence (after the PLC's
        // DELAY-sample tail).
        assert!(e[0] > e[1] && e[1] > e[2] && e[2] > 0.0, "{e:?}");
        assert!(burst[3].2[DELAY..].iter().all(|&s| s == 0));
        assert!(burst[4].2.iter().all(|&s| s == 0));
    }
    // After the burst the signal is back, exactly, from the second
    // received frame on (the first is cross-faded from the concealment).
    let first_back = p
        .frames
        .iter()
        .find(|(ts, c, _)| !*c && *ts >= 1005 * 160)
        .unwrap();
    assert!(first_back.0 <= 1008 * 160);
    let after = p
        .frames
        .windows(2)
        .find(|w| !w[0].1 && !w[1].1 && w[0].0 >= 1005 * 160)
        .map(|w| &w[1])
        .unwrap();
    assert_eq!(after.2, expected(law, after.0, DELAY));
}
