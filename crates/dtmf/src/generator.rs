//! Tone generation: DTMF digits and the call-progress and fax tones a
//! mailbox server plays.
//!
//! A [`Generator`] holds a queue of segments (up to two sine tones, or
//! silence, for a number of samples). Each tone is a complex phasor turned
//! by `e^{jω}` every sample in f64 and renormalised every block, so the
//! frequency is exact and the level holds to better than 10⁻⁹ over hours;
//! [`Generator::fill`] writes into the caller's buffer and allocates
//! nothing per sample.

use std::collections::VecDeque;

use crate::digit::Digit;
use crate::level::sine_amplitude;
use crate::Error;

/// Longest total output one generator accepts (one hour, 28.8 M samples).
pub const MAX_SAMPLES: u64 = 8000 * 3600;
/// Most segments one generator queues.
pub const MAX_SEGMENTS: usize = 100_000;

/// How to play DTMF digits.
#[derive(Clone, Debug, PartialEq)]
pub struct DigitOptions {
    /// Tone length per digit, ms (default 70).
    pub on_ms: f32,
    /// Silence after each digit, ms (default 70).
    pub off_ms: f32,
    /// Level of the low-group tone, dBm0 (default −10).
    pub level_dbm0: f32,
    /// Twist in dB: how much weaker the high-group tone is than the
    /// low-group one (normal twist positive, reverse twist negative;
    /// default 0).
    pub twist_db: f32,
}

impl Default for DigitOptions {
    fn default() -> Self {
        Self {
            on_ms: 70.0,
            off_ms: 70.0,
            level_dbm0: -10.0,
            twist_db: 0.0,
        }
    }
}

/// The other tones a mailbox server plays, with the levels and cadences it
/// uses (North American call-progress tones after ANSI T1.401, special
/// information tones and fax tones after ITU-T E.180/Q.35 and T.30).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallTone {
    /// "Record after the beep": 1000 Hz at −10 dBm0 for 250 ms.
    Beep,
    /// Dial tone 350 + 440 Hz at −13 dBm0 per tone, 1 s per cycle.
    Dial,
    /// Busy: 480 + 620 Hz at −24 dBm0, 0.5 s on, 0.5 s off.
    Busy,
    /// Ringback: 440 + 480 Hz at −19 dBm0, 2 s on, 4 s off.
    Ringback,
    /// Special information tone: 950, 1400, 1800 Hz, 330 ms each at −24 dBm0
    /// with 30 ms gaps, then 1 s silence.
    Sit,
    /// Fax calling tone CNG: 1100 Hz at −12 dBm0, 0.5 s on, 3 s off.
    Cng,
    /// Fax answer tone CED/ANS: 2100 Hz at −12 dBm0 for 3.3 s.
    Ced,
    /// ANS with phase reversals every 450 ms (V.25 /ANS), 3.3 s.
    AnsReversals,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Segment {
    freq: [f64; 2],
    amp: [f64; 2],
    len: u64,
    /// Start the phasors at phase 0 (false: continue the previous phase,
    /// for FSK).
    reset: bool,
    /// Invert the phase at the start (a phase reversal).
    invert: bool,
}

impl Segment {
    fn silence(len: u64) -> Self {
        Self {
            freq: [0.0; 2],
            amp: [0.0; 2],
            len,
            reset: true,
            invert: false,
        }
    }
}

fn ms(v: f32) -> u64 {
    (f64::from(v.max(0.0)) * 8.0).round() as u64
}

/// A queue of tone segments rendered to 8 kHz 16-bit samples.
///
/// ```
/// use missive_dtmf::{CallTone, Generator};
///
/// let mut g = Generator::new();
/// g.push_tone(CallTone::Busy, 2).unwrap();
/// let mut buf = [0i16; 160];
/// let mut total = 0;
/// loop {
///     let n = g.fill(&mut buf);
///     if n == 0 { break; }
///     total += n;
/// }
/// assert_eq!(total, 2 * 8000); // two 1 s cycles
/// ```
#[derive(Clone, Debug, Default)]
pub struct Generator {
    queue: VecDeque<Segment>,
    total: u64,
    cur: Option<Segment>,
    left: u64,
    z: [(f64, f64); 2],
    w: [(f64, f64); 2],
    amp: [f64; 2],
}

impl Generator {
    /// An empty generator.
    pub fn new() -> Self {
        Self::default()
    }

    /// A generator already holding `digits` played with `opts`.
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn digits(digits: &str, opts: &DigitOptions) -> Result<Self, Error> {
        let mut g = Self::new();
        g.push_digits(digits, opts)?;
        Ok(g)
    }

    fn push(&mut self, s: Segment) -> Result<(), Error> {
        if self.queue.len() >= MAX_SEGMENTS {
            return Err(Error::Limit {
                what: "queued segments",
                limit: MAX_SEGMENTS as u64,
            });
        }
        let total = self.total.saturating_add(s.len);
        if total > MAX_SAMPLES {
            return Err(Error::Limit {
                what: "generated samples",
                limit: MAX_SAMPLES,
            });
        }
        self.total = total;
        self.queue.push_back(s);
        Ok(())
    }

    /// Queues a segment of one or two tones (`(Hz, dBm0)`; an empty list is
    /// silence) lasting `samples`.
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn push_segment(&mut self, tones: &[(f64, f64)], samples: u64) -> Result<(), Error> {
        let mut s = Segment::silence(samples);
        for (i, &(f, l)) in tones.iter().take(2).enumerate() {
            if let (Some(fr), Some(a)) = (s.freq.get_mut(i), s.amp.get_mut(i)) {
                *fr = f;
                *a = sine_amplitude(l);
            }
        }
        self.push(s)
    }

    /// Queues silence.
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn push_silence(&mut self, samples: u64) -> Result<(), Error> {
        self.push(Segment::silence(samples))
    }

    /// Queues DTMF digits (0-9, *, #, A-D).
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn push_digits(&mut self, digits: &str, opts: &DigitOptions) -> Result<(), Error> {
        let list = Digit::parse_all(digits)?;
        for d in list {
            let (lo, hi) = d.freqs();
            let l = f64::from(opts.level_dbm0);
            let h = l - f64::from(opts.twist_db);
            self.push_segment(&[(lo, l), (hi, h)], ms(opts.on_ms))?;
            self.push_silence(ms(opts.off_ms))?;
        }
        Ok(())
    }

    /// Queues `cycles` cycles of a call-progress or fax tone.
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn push_tone(&mut self, tone: CallTone, cycles: u32) -> Result<(), Error> {
        for _ in 0..cycles {
            match tone {
                CallTone::Beep => self.push_segment(&[(1000.0, -10.0)], 2000)?,
                CallTone::Dial => self.push_segment(&[(350.0, -13.0), (440.0, -13.0)], 8000)?,
                CallTone::Busy => {
                    self.push_segment(&[(480.0, -24.0), (620.0, -24.0)], 4000)?;
                    self.push_silence(4000)?;
                }
                CallTone::Ringback => {
                    self.push_segment(&[(440.0, -19.0), (480.0, -19.0)], 16000)?;
                    self.push_silence(32000)?;
                }
                CallTone::Sit => {
                    for f in [950.0, 1400.0, 1800.0] {
                        self.push_segment(&[(f, -24.0)], 2640)?;
                        self.push_silence(240)?;
                    }
                    self.push_silence(8000)?;
                }
                CallTone::Cng => {
                    self.push_segment(&[(1100.0, -12.0)], 4000)?;
                    self.push_silence(24000)?;
                }
                CallTone::Ced => self.push_segment(&[(2100.0, -12.0)], 26400)?,
                CallTone::AnsReversals => {
                    let a = sine_amplitude(-12.0);
                    for i in 0..8u32 {
                        let len = if i == 7 { 26400 - 7 * 3600 } else { 3600 };
                        self.push(Segment {
                            freq: [2100.0, 0.0],
                            amp: [a, 0.0],
                            len,
                            reset: i == 0,
                            invert: i > 0,
                        })?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Queues `flags` HDLC flags (0x7E) as V.21 channel 2 FSK (300 bit/s,
    /// mark 1650 Hz, space 1850 Hz, continuous phase) at `level_dbm0`.
    ///
    /// # Errors
    /// [`Error::Digit`] for a character that is not a digit; [`Error::Limit`] when the queue would pass [`MAX_SEGMENTS`] segments or [`MAX_SAMPLES`] samples.
    pub fn push_v21_flags(&mut self, flags: u32, level_dbm0: f64) -> Result<(), Error> {
        let a = sine_amplitude(level_dbm0);
        let mut first = true;
        let mut bit_index = 0u64;
        for _ in 0..flags {
            for i in 0..8 {
                let bit = (0x7Eu8 >> i) & 1; // sent LSB first
                let f = if bit == 1 { 1650.0 } else { 1850.0 };
                let start = (bit_index * 8000 + 150) / 300;
                let end = ((bit_index + 1) * 8000 + 150) / 300;
                bit_index += 1;
                self.push(Segment {
                    freq: [f, 0.0],
                    amp: [a, 0.0],
                    len: end - start,
                    reset: first,
                    invert: false,
                })?;
                first = false;
            }
        }
        Ok(())
    }

    /// Samples still to come.
    pub fn remaining(&self) -> u64 {
        self.left + self.queue.iter().map(|s| s.len).sum::<u64>()
    }

    fn start(&mut self, s: Segment) {
        for i in 0..2 {
            let w = 2.0 * core::f64::consts::PI * s.freq[i] / 8000.0;
            self.w[i] = (w.cos(), w.sin());
            if s.reset {
                self.z[i] = (1.0, 0.0);
            }
            if s.invert {
                self.z[i] = (-self.z[i].0, -self.z[i].1);
            }
        }
        self.amp = s.amp;
        self.left = s.len;
        self.cur = Some(s);
    }

    /// Writes the next samples into `out`; returns how many (0 once every
    /// segment has been played).
    pub fn fill(&mut self, out: &mut [i16]) -> usize {
        let mut n = 0;
        while n < out.len() {
            if self.left == 0 {
                let Some(s) = self.queue.pop_front() else {
                    self.cur = None;
                    break;
                };
                self.start(s);
                continue;
            }
            let take = (out.len() - n).min(self.left.min(4096) as usize);
            let Some(dst) = out.get_mut(n..n + take) else {
                break;
            };
            for o in dst.iter_mut() {
                let mut v = 0.0;
                for i in 0..2 {
                    let (zr, zi) = self.z[i];
                    v += self.amp[i] * zi;
                    let (wr, wi) = self.w[i];
                    self.z[i] = (zr * wr - zi * wi, zr * wi + zi * wr);
                }
                *o = v.round().clamp(-32768.0, 32767.0) as i16;
            }
            for z in &mut self.z {
                let m = (z.0 * z.0 + z.1 * z.1).sqrt();
                if m > 0.0 {
                    *z = (z.0 / m, z.1 / m);
                }
            }
            self.left -= take as u64;
            n += take;
        }
        n
    }

    /// Renders everything queued into one buffer.
    pub fn collect_all(&mut self) -> Vec<i16> {
        let mut out = vec![0i16; usize::try_from(self.remaining()).unwrap_or(0)];
        let n = self.fill(&mut out);
        out.truncate(n);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_lengths_and_level() {
        let mut g = Generator::digits("1", &DigitOptions::default()).unwrap();
        let a = g.collect_all();
        assert_eq!(a.len(), 1120);
        // Two equal tones at −10 dBm0: power = 2 × A²/2.
        let p: f64 = a[..560].iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / 560.0;
        let want = sine_amplitude(-10.0).powi(2);
        assert!((p / want - 1.0).abs() < 0.01, "{p} {want}");
        assert!(a[560..].iter().all(|&s| s == 0));
    }

    #[test]
    fn exact_frequency_over_long_runs() {
        let mut g = Generator::new();
        g.push_segment(&[(1000.0, 0.0)], 80_000).unwrap();
        let a = g.collect_all();
        let amp = sine_amplitude(0.0);
        for (n, &s) in a.iter().enumerate().step_by(997) {
            let want = amp * (2.0 * core::f64::consts::PI * 1000.0 * n as f64 / 8000.0).sin();
            assert!((f64::from(s) - want).abs() <= 1.0, "{n}: {s} vs {want}");
        }
    }

    #[test]
    fn limits() {
        let mut g = Generator::new();
        assert!(matches!(
            g.push_silence(MAX_SAMPLES + 1),
            Err(Error::Limit { .. })
        ));
        assert!(matches!(
            Generator::digits("12x", &DigitOptions::default()),
            Err(Error::Digit { offset: 2, ch: 'x' })
        ));
    }
}
