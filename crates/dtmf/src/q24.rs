//! A test grid after ITU-T Q.24 / Q.23, usable against any DTMF detector.
//!
//! [`grid`] builds every case as 8 kHz audio with the digit string a
//! conforming detector must return: every digit at frequency offsets of
//! ±1.0, ±1.5 and ±(1.5 % + 2 Hz) (accept) and ±3.5, ±4.0 % (reject) on
//! the low tone, the high tone and both (same and opposite signs); a twist
//! sweep; tone lengths 10–50 ms; interruptions and pauses; a level sweep;
//! white-noise SNR sweep; and dial tone at several levels. Noise comes from
//! a fixed-seed generator, so the grid is the same on every run.

use crate::digit::Digit;
use crate::level::{noise_rms, sine_amplitude};

/// One case of the grid.
#[derive(Clone, Debug)]
pub struct Case {
    /// Category (`freq`, `twist`, `duration`, `pause`, `level`, `noise`, `dialtone`).
    pub group: &'static str,
    /// What the case is, in words.
    pub name: String,
    /// The audio, 8 kHz 16-bit.
    pub audio: Vec<i16>,
    /// The digits a conforming detector reports.
    pub expect: String,
    /// Expected `(onset, duration)` in samples of each expected digit.
    pub timing: Vec<(u64, u64)>,
}

/// Deterministic xorshift noise with a Box–Muller Gaussian.
struct Noise(u64);

impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn gauss(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * core::f64::consts::PI * v).cos()
    }
}

/// A piece of a case: tones `(Hz, dBm0)` for `ms`, or silence.
struct Piece(Vec<(f64, f64)>, f64);

fn render(pieces: &[Piece], lead_ms: f64, tail_ms: f64) -> Vec<i16> {
    let ms = |m: f64| (m * 8.0).round() as usize;
    let mut out = vec![0f64; ms(lead_ms)];
    for Piece(tones, len) in pieces {
        let n = ms(*len);
        let start = out.len();
        out.resize(start + n, 0.0);
        for &(f, l) in tones {
            let a = sine_amplitude(l);
            let w = 2.0 * core::f64::consts::PI * f / 8000.0;
            for (i, o) in out.iter_mut().skip(start).enumerate() {
                *o += a * (w * i as f64).sin();
            }
        }
    }
    out.resize(out.len() + ms(tail_ms), 0.0);
    out.into_iter().map(to_i16).collect()
}

fn to_i16(v: f64) -> i16 {
    v.round().clamp(-32768.0, 32767.0) as i16
}

fn tones(
    d: Digit,
    lo_pct: f64,
    hi_pct: f64,
    lo_hz: f64,
    hi_hz: f64,
    level: f64,
    twist: f64,
) -> Vec<(f64, f64)> {
    let (r, c) = d.freqs();
    vec![
        (r * (1.0 + lo_pct / 100.0) + lo_hz, level),
        (c * (1.0 + hi_pct / 100.0) + hi_hz, level - twist),
    ]
}

const LEAD: f64 = 100.0;

/// Builds the whole grid.
pub fn grid() -> Vec<Case> {
    let mut cases = Vec::new();
    let on = 50.0;
    let t = |ms: f64| (ms * 8.0).round() as u64;
    let one = |d: Digit, on: f64| (d.to_char().to_string(), vec![(t(LEAD), t(on))]);
    for d in Digit::all() {
        // Frequency deviation: (percent, extra Hz, accepted).
        for (pct, hz, ok) in [
            (1.0, 0.0, true),
            (1.5, 0.0, true),
            (1.5, 2.0, true),
            (3.5, 0.0, false),
            (4.0, 0.0, false),
        ] {
            for (lo, hi, which) in [
                (1.0, 0.0, "low +"),
                (-1.0, 0.0, "low −"),
                (0.0, 1.0, "high +"),
                (0.0, -1.0, "high −"),
                (1.0, 1.0, "both +"),
                (-1.0, -1.0, "both −"),
                (1.0, -1.0, "low + high −"),
                (-1.0, 1.0, "low − high +"),
            ] {
                let tn = tones(d, lo * pct, hi * pct, lo * hz, hi * hz, -10.0, 0.0);
                let (expect, timing) = if ok {
                    one(d, on)
                } else {
                    (String::new(), vec![])
                };
                cases.push(Case {
                    group: "freq",
                    name: format!("{d} {which} {pct}% + {hz} Hz"),
                    audio: render(&[Piece(tn, on)], LEAD, 100.0),
                    expect,
                    timing,
                });
            }
        }
        // Twist (dB the high tone is below the low one).
        for (tw, ok) in [
            (-8.0, false),
            (-4.0, true),
            (-2.0, true),
            (0.0, true),
            (2.0, true),
            (4.0, true),
            (6.0, true),
            (8.0, true),
            (12.0, false),
        ] {
            let (expect, timing) = if ok {
                one(d, on)
            } else {
                (String::new(), vec![])
            };
            cases.push(Case {
                group: "twist",
                name: format!("{d} twist {tw} dB"),
                audio: render(
                    &[Piece(tones(d, 0.0, 0.0, 0.0, 0.0, -10.0, tw), on)],
                    LEAD,
                    100.0,
                ),
                expect,
                timing,
            });
        }
        // Tone length.
        for (len, ok) in [(10.0, false), (20.0, false), (40.0, true), (50.0, true)] {
            let (expect, timing) = if ok {
                one(d, len)
            } else {
                (String::new(), vec![])
            };
            cases.push(Case {
                group: "duration",
                name: format!("{d} {len} ms"),
                audio: render(
                    &[Piece(tones(d, 0.0, 0.0, 0.0, 0.0, -10.0, 0.0), len)],
                    LEAD,
                    100.0,
                ),
                expect,
                timing,
            });
        }
        // Interruptions (one digit) and pauses (two digits).
        for (gap, two) in [(5.0, false), (10.0, false), (40.0, true), (50.0, true)] {
            let tn = tones(d, 0.0, 0.0, 0.0, 0.0, -10.0, 0.0);
            let c = d.to_char();
            let (expect, timing) = if two {
                (
                    format!("{c}{c}"),
                    vec![(t(LEAD), t(on)), (t(LEAD + on + gap), t(on))],
                )
            } else {
                (c.to_string(), vec![(t(LEAD), t(2.0 * on + gap))])
            };
            cases.push(Case {
                group: "pause",
                name: format!("{d} {on} ms, gap {gap} ms, {on} ms"),
                audio: render(
                    &[Piece(tn.clone(), on), Piece(vec![], gap), Piece(tn, on)],
                    LEAD,
                    100.0,
                ),
                expect,
                timing,
            });
        }
        // Level per tone.
        for (lvl, ok) in [
            (-50.0, false),
            (-38.0, true),
            (-35.0, true),
            (-30.0, true),
            (-20.0, true),
            (-10.0, true),
            (-3.0, true),
        ] {
            let (expect, timing) = if ok {
                one(d, on)
            } else {
                (String::new(), vec![])
            };
            cases.push(Case {
                group: "level",
                name: format!("{d} {lvl} dBm0 per tone"),
                audio: render(
                    &[Piece(tones(d, 0.0, 0.0, 0.0, 0.0, lvl, 0.0), on)],
                    LEAD,
                    100.0,
                ),
                expect,
                timing,
            });
        }
        // White noise: SNR = both tones' power over the noise power.
        for (i, snr) in [20.0f64, 15.0, 12.0, 10.0, 8.0].into_iter().enumerate() {
            let mut audio = render(
                &[Piece(tones(d, 0.0, 0.0, 0.0, 0.0, -20.0, 0.0), on)],
                LEAD,
                100.0,
            );
            // Two tones at −20 dBm0 = −17 dBm0 total.
            let rms = noise_rms(-17.0 - snr);
            let mut n =
                Noise(0x9E37_79B9_7F4A_7C15 ^ ((u64::from(d.to_char() as u8) << 8) + i as u64));
            for s in &mut audio {
                *s = to_i16(f64::from(*s) + rms * n.gauss());
            }
            let (expect, timing) = one(d, on);
            cases.push(Case {
                group: "noise",
                name: format!("{d} SNR {snr} dB"),
                audio,
                expect,
                timing,
            });
        }
    }
    for (i, lvl) in [-30.0f64, -20.0, -13.0].into_iter().enumerate() {
        let rms = noise_rms(lvl);
        let mut n = Noise(0xD1B5_4A32_D192_ED03 + i as u64);
        let audio = (0..8000).map(|_| to_i16(rms * n.gauss())).collect();
        cases.push(Case {
            group: "noise",
            name: format!("white noise alone at {lvl} dBm0, 1 s"),
            audio,
            expect: String::new(),
            timing: vec![],
        });
    }
    for lvl in [-25.0, -13.0, -10.0, -5.0] {
        cases.push(Case {
            group: "dialtone",
            name: format!("dial tone 350+440 Hz at {lvl} dBm0 per tone, 2 s"),
            audio: render(&[Piece(vec![(350.0, lvl), (440.0, lvl)], 2000.0)], 0.0, 0.0),
            expect: String::new(),
            timing: vec![],
        });
    }
    cases
}
