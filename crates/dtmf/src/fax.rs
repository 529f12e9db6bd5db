//! Fax and modem tone detection: CNG (1100 Hz), CED/ANS (2100 Hz, with its
//! phase reversals) and the V.21 channel-2 HDLC flag preamble that opens
//! every T.30 session.
//!
//! The DTMF detector's bank of 32-sample blocks (4 ms) correlates each
//! block, phase referenced to its centre, at 1100, 2100 and 1750 Hz (the
//! centre of V.21 channel 2), over the block's central 16 samples with a
//! Hamming taper: a fax tone is told from its neighbours by its phase
//! advance from block to block, so it needs the block rate but not the
//! full block's frequency resolution, and the short span costs half (in
//! [`crate::LineDetector`] the three bins add a quarter to the DTMF bank's
//! multiply-adds). The taper's −43 dB sidelobes keep the tone's own image
//! from swinging the phase (an untapered 16-sample span moves the
//! frequency estimate by ±6 Hz at 1100 Hz). A block holds a tone when its
//! bin has [`ToneConfig::min_energy_ratio`] of the block's energy, is
//! above the level floor and its phase advance from the previous block says
//! the frequency is within tolerance (CNG ±40 Hz: T.30's ±38 Hz with 2 Hz
//! for the estimator; CED ±25 Hz: V.25's ±15 Hz with margin). A tone opens
//! on two such blocks in a row (one block of noise now and then passes on
//! its own; two in a row with the right phase step do not) and gaps up to
//! [`ToneConfig::max_gap_ms`] are bridged. CNG and CED times are
//! block-accurate (4 ms) on clean signals. Phase reversals of ANS are found
//! by comparing a block's phase with the one two blocks back. When the 1750 Hz band holds the block, an FM discriminator (mix to
//! baseband with a 32-sample phasor table, 16-sample boxcar that nulls the
//! image, sign of the phase step) turns the FSK into bits; run lengths give
//! bits at 300 bit/s and a shift register finds HDLC flags (0x7E). A run of
//! [`ToneConfig::v21_min_flags`] flags 8 bits apart is the preamble; its
//! times are sample-accurate to the bit edge.

use std::vec::Drain;

use crate::bank::{short_tone_gain, Bank, Blocker, Group, BLOCK, C32};
use crate::level::sine_amplitude;
use crate::Error;

/// The tones [`ToneDetector`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaxTone {
    /// CNG, the calling fax's 1100 Hz tone (0.5 s on, 3 s off).
    Cng,
    /// CED / ANS, the answering fax or modem's 2100 Hz tone.
    Ced,
    /// V.21 channel 2 (1650/1850 Hz FSK) carrying HDLC flags: the T.30
    /// preamble.
    V21Preamble,
}

impl FaxTone {
    /// A short lower-case name (`cng`, `ced`, `v21-preamble`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Cng => "cng",
            Self::Ced => "ced",
            Self::V21Preamble => "v21-preamble",
        }
    }
}

/// What [`ToneDetector`] reports, times in samples since the first sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToneEvent {
    /// A tone has lasted long enough to be accepted; `at` is its onset.
    Start {
        /// Which tone.
        tone: FaxTone,
        /// Onset sample.
        at: u64,
    },
    /// An accepted tone ended.
    End {
        /// Which tone.
        tone: FaxTone,
        /// Onset sample (as in `Start`).
        start: u64,
        /// Length in samples.
        duration: u64,
    },
    /// A 180° phase reversal in a 2100 Hz answer tone (V.25 / V.8 `ANSam`).
    PhaseReversal {
        /// Sample where the reversal was seen (±16 samples).
        at: u64,
    },
}

/// Thresholds of the fax tone detector.
#[derive(Clone, Debug, PartialEq)]
pub struct ToneConfig {
    /// Weakest tone accepted, dBm0 (default −43; T.30 receivers must work
    /// down to −43 dBm0).
    pub min_level_dbm0: f32,
    /// Share of a block's energy the tone's bin must hold (default 0.6;
    /// a tone on its frequency filling the block holds 1).
    pub min_energy_ratio: f32,
    /// CNG is reported after this much 1100 Hz, ms (default 300).
    pub cng_min_on_ms: f32,
    /// CED is reported after this much 2100 Hz, ms (default 400).
    pub ced_min_on_ms: f32,
    /// Gaps shorter than this do not end CNG or CED, ms (default 40).
    pub max_gap_ms: f32,
    /// HDLC flags in a row that make a V.21 preamble (default 4).
    pub v21_min_flags: u32,
}

impl Default for ToneConfig {
    fn default() -> Self {
        Self {
            min_level_dbm0: -43.0,
            min_energy_ratio: 0.6,
            cng_min_on_ms: 300.0,
            ced_min_on_ms: 400.0,
            max_gap_ms: 40.0,
            v21_min_flags: 4,
        }
    }
}

impl ToneConfig {
    /// Checks every field against its documented range.
    ///
    /// # Errors
    /// [`Error::Config`] when a threshold is out of its documented range.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |field, value: f32, reason| Error::Config {
            field,
            value,
            reason,
        };
        let c = self;
        if !(-90.0..=3.0).contains(&c.min_level_dbm0) {
            return Err(bad("min_level_dbm0", c.min_level_dbm0, "−90..=3 dBm0"));
        }
        if !(0.0..=1.0).contains(&c.min_energy_ratio) {
            return Err(bad("min_energy_ratio", c.min_energy_ratio, "0..=1"));
        }
        for (f, v) in [
            ("cng_min_on_ms", c.cng_min_on_ms),
            ("ced_min_on_ms", c.ced_min_on_ms),
            ("max_gap_ms", c.max_gap_ms),
        ] {
            if !(4.0..=60_000.0).contains(&v) {
                return Err(bad(f, v, "4..=60000 ms"));
            }
        }
        if !(1..=1000).contains(&c.v21_min_flags) {
            return Err(bad("v21_min_flags", c.v21_min_flags as f32, "1..=1000"));
        }
        Ok(())
    }
}

/// Block-level on/off tracker of one steady tone.
#[derive(Clone, Debug, Default)]
struct Track {
    on: bool,
    start: u64,
    last: u64,
    reported: bool,
}

/// V.21 bit and flag recovery state.
#[derive(Clone, Debug, Default)]
struct V21 {
    ring: [C32; 4],
    pos: usize,
    sum: C32,
    prev: C32,
    warm: u32,
    bit: bool,
    run_start: u64,
    shift: u8,
    bits_since_flag: u32,
    flags: u32,
    first_flag: u64,
    active: bool,
    active_start: u64,
    last_flag_end: u64,
}

/// Samples per bit at 300 bit/s.
const BIT: f32 = 8000.0 / 300.0;
/// The block's energy for a tone of unit peak amplitude filling it.
const ENERGY_GAIN: f32 = (BLOCK / 2) as f32;
/// Share of a block the V.21 band's bin must hold to run the FSK
/// demodulator: steady 1650 or 1850 Hz puts 87 % of a block's energy in the
/// 1750 Hz bin of the short span, a bit change inside the span more.
const V21_BAND_SHARE: f32 = 0.6;

/// Streaming fax/modem tone detector over 8 kHz 16-bit samples.
///
/// ```
/// use missive_dtmf::{CallTone, FaxTone, Generator, ToneDetector, ToneEvent};
///
/// let mut g = Generator::new();
/// g.push_tone(CallTone::Cng, 1).unwrap();
/// let audio = g.collect_all();
/// let mut det = ToneDetector::default();
/// let mut events: Vec<ToneEvent> = det.process(&audio).collect();
/// events.extend(det.finish());
/// assert!(matches!(events[0], ToneEvent::Start { tone: FaxTone::Cng, .. }));
/// assert!(matches!(events[1], ToneEvent::End { tone: FaxTone::Cng, duration: 3900..=4100, .. }));
/// ```
#[derive(Clone, Debug)]
pub struct ToneDetector {
    blocks: Blocker,
    bank: Bank<4, 0, 1>,
    core: FaxCore,
}

/// The fax frequencies: CNG, CED, the centre of V.21 channel 2.
pub(crate) const FAX_FREQS: [f64; 3] = [1100.0, 2100.0, 1750.0];

/// The tone detector's decisions, block by block, on a bank's output
/// (shared with [`crate::LineDetector`], whose bank also holds the DTMF bins).
#[derive(Clone, Debug)]
pub(crate) struct FaxCore {
    /// Level floor on a bin's power.
    level: f32,
    /// What each bin's power over the block's energy must reach: CNG and
    /// CED, the V.21 band, and (never) the spare lane.
    shares: [f32; 4],
    cos_tol: [f32; 2],
    min_on: [u64; 2],
    max_gap: u64,
    min_flags: u32,
    /// `e^{−jωB}` of CNG and CED.
    rot: [C32; 2],
    mix: [C32; BLOCK],
    block: u64,
    /// The last block's bins (kept as the bank's lane group).
    prev: Group,
    prev2: C32,
    strong1: bool,
    strong2: bool,
    /// CNG and CED were present (strong and on frequency) in the last block.
    present_prev: [bool; 2],
    band_prev: bool,
    /// A tone track or the V.21 demodulator is open (may stay set a block
    /// longer than needed: it only sends a block down the full path).
    busy: bool,
    /// Tests: never take the idle shortcut.
    #[cfg(test)]
    no_shortcut: bool,
    last_reversal: Option<u64>,
    tracks: [Track; 2],
    v21: V21,
    pub(crate) events: Vec<ToneEvent>,
}

impl Default for ToneDetector {
    fn default() -> Self {
        Self::build(&ToneConfig::default())
    }
}

impl ToneDetector {
    /// A detector with checked thresholds.
    ///
    /// # Errors
    /// [`Error::Config`] when a threshold is out of its documented range.
    pub fn new(config: &ToneConfig) -> Result<Self, Error> {
        config.validate()?;
        Ok(Self::build(config))
    }

    fn build(c: &ToneConfig) -> Self {
        let bank = Bank::new(&FAX_FREQS);
        Self {
            blocks: Blocker::default(),
            core: FaxCore::new(c, [bank.rot[0], bank.rot[1]]),
            bank,
        }
    }

    /// Feeds samples and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process(&mut self, samples: &[i16]) -> Drain<'_, ToneEvent> {
        self.pass(Some(samples));
        self.core.events.drain(..)
    }

    /// Ends the stream: pads the last block with silence and closes every
    /// tone in progress.
    #[must_use = "the events are the detector's output"]
    pub fn finish(&mut self) -> Drain<'_, ToneEvent> {
        self.pass(None);
        self.core.close_all();
        self.core.events.drain(..)
    }

    /// Runs the blocks `samples` completes (`None`: the padded last one).
    fn pass(&mut self, samples: Option<&[i16]>) {
        let (bank, core) = (&self.bank, &mut self.core);
        self.blocks.pass(samples, |b| {
            let sp = bank.analyse(b);
            core.run_block(b, sp.short_group(0), sp.energy);
        });
    }
}

impl FaxCore {
    /// The decision state for `c`; `rot` holds the CNG and CED bins'
    /// per-block rotations.
    pub(crate) fn new(c: &ToneConfig, rot: [C32; 2]) -> Self {
        let a = sine_amplitude(f64::from(c.min_level_dbm0)) as f32;
        // |X|² of a fax bin for a unit tone on its frequency.
        let gain = short_tone_gain();
        let tol = |hz: f32| (2.0 * core::f32::consts::PI * hz * BLOCK as f32 / 8000.0).cos();
        let blocks = |ms: f32| ((ms * 8.0) / BLOCK as f32).ceil() as u64;
        let mut mix = [C32::default(); BLOCK];
        for (n, m) in mix.iter_mut().enumerate() {
            let w = 2.0 * core::f64::consts::PI * 1750.0 * n as f64 / 8000.0;
            *m = C32::new(w.cos() as f32, -w.sin() as f32);
        }
        Self {
            level: gain * a * a,
            shares: [
                gain / ENERGY_GAIN * c.min_energy_ratio,
                gain / ENERGY_GAIN * c.min_energy_ratio,
                gain / ENERGY_GAIN * V21_BAND_SHARE,
                f32::INFINITY,
            ],
            cos_tol: [tol(40.0), tol(25.0)],
            min_on: [blocks(c.cng_min_on_ms), blocks(c.ced_min_on_ms)],
            max_gap: blocks(c.max_gap_ms),
            min_flags: c.v21_min_flags,
            rot,
            mix,
            block: 0,
            prev: Group::default(),
            prev2: C32::default(),
            strong1: false,
            strong2: false,
            present_prev: [false; 2],
            band_prev: false,
            busy: false,
            #[cfg(test)]
            no_shortcut: false,
            last_reversal: None,
            tracks: [Track::default(), Track::default()],
            v21: V21::default(),
            events: Vec::new(),
        }
    }

    /// Whether every block must take the full decision path (tests compare
    /// the idle shortcut with it).
    #[inline]
    #[cfg_attr(not(test), allow(clippy::unused_self))]
    fn full_path_only(&self) -> bool {
        #[cfg(test)]
        {
            self.no_shortcut
        }
        #[cfg(not(test))]
        {
            false
        }
    }

    /// Closes every tone in progress (end of stream).
    pub(crate) fn close_all(&mut self) {
        for i in 0..2 {
            self.close_track(i);
        }
        self.v21_end();
    }

    /// Judges block `b` given its CNG, CED and V.21 bins and its energy.
    #[inline]
    pub(crate) fn run_block(&mut self, b: &[i16; BLOCK], g: Group, e: f32) {
        let k = self.block;
        self.block += 1;
        // A bin holds its tone when it is over the level floor and holds
        // its share of the block's energy (CNG, CED; V.21 channel 2's band
        // has its own share; the spare lane never holds anything). All four
        // lanes at once, as SIMD.
        let (shares, level) = (self.shares, self.level);
        let mut hits = 0u8;
        for (i, ((re, im), share)) in g.re.iter().zip(&g.im).zip(&shares).enumerate() {
            let p = re * re + im * im;
            hits |= u8::from(p >= share * e && p >= level) << i;
        }
        if hits == 0 && !self.busy && !self.full_path_only() {
            // Nothing sounds and nothing is open: only the history moves.
            self.prev2 = self.prev.bin(1);
            self.prev = g;
            self.strong2 = self.strong1;
            self.strong1 = false;
            self.band_prev = false;
            self.present_prev = [false; 2];
            return;
        }
        let (strong_cng, strong_ced, band) = (hits & 1 != 0, hits & 2 != 0, hits & 4 != 0);
        let (x0, x1) = (g.bin(0), g.bin(1));
        let rot = self.rot;
        let mut present = [false; 2];
        for (i, (xi, strong)) in [(x0, strong_cng), (x1, strong_ced)].into_iter().enumerate() {
            if !strong {
                continue;
            }
            // On frequency: the phase step, less the nominal one, within
            // the tolerance angle (cosine > 0, so compare squares).
            let prev = self.prev.bin(i);
            let adv = xi
                .mul_conj(prev)
                .mul(rot.get(i).copied().unwrap_or_default());
            let ct = self.cos_tol.get(i).copied().unwrap_or(1.0);
            let on_freq = adv.re > 0.0 && adv.re * adv.re >= adv.norm_sqr() * ct * ct;
            if let Some(p) = present.get_mut(i) {
                *p = on_freq;
            }
        }
        // A reversal: a strong 2100 Hz block opposite in phase to the one
        // two blocks back (the block between may straddle the reversal).
        if strong_ced && self.strong2 && self.tracks[1].on {
            let r = rot[1].mul(rot[1]);
            let q = x1.mul_conj(self.prev2).mul(r);
            let m = q.norm_sqr().sqrt();
            let at = k * BLOCK as u64 - BLOCK as u64 / 2;
            if m > 0.0 && q.re < -0.5 * m && self.last_reversal.is_none_or(|t| at > t + 800) {
                self.last_reversal = Some(at);
                self.events.push(ToneEvent::PhaseReversal { at });
            }
        }
        self.prev2 = self.prev.bin(1);
        self.strong2 = self.strong1;
        self.strong1 = strong_ced;
        self.prev = g;
        for (i, &p) in present.iter().enumerate() {
            if p || self.tracks.get(i).is_some_and(|t| t.on) {
                self.track(i, k, p);
            }
        }
        self.present_prev = present;
        // The demodulator runs only while the band has held the block for
        // two blocks in a row.
        if band && self.band_prev {
            self.discriminate(b, k * BLOCK as u64);
        } else if self.v21.warm > 0 || self.v21.active {
            self.v21_end();
            self.v21.warm = 0;
        }
        self.band_prev = band;
        self.busy = self.tracks.iter().any(|t| t.on) || self.v21.warm > 0 || self.v21.active;
    }

    fn track(&mut self, i: usize, k: u64, present: bool) {
        let (min_on, max_gap) = (self.min_on.get(i).copied().unwrap_or(1), self.max_gap);
        let opens = k > 0 && self.present_prev.get(i).copied().unwrap_or(false);
        let tone = if i == 0 { FaxTone::Cng } else { FaxTone::Ced };
        let Some(t) = self.tracks.get_mut(i) else {
            return;
        };
        if present {
            if !t.on {
                // A tone opens on two blocks in a row (the short span's
                // bins let noise alone pass one block now and then).
                if !opens {
                    return;
                }
                *t = Track {
                    on: true,
                    start: k - 1,
                    last: k,
                    reported: false,
                };
            }
            t.last = k;
            if !t.reported && k + 1 - t.start >= min_on {
                t.reported = true;
                self.events.push(ToneEvent::Start {
                    tone,
                    at: t.start * BLOCK as u64,
                });
            }
        } else if t.on && k - t.last > max_gap {
            self.close_track(i);
        }
    }

    fn close_track(&mut self, i: usize) {
        let tone = if i == 0 { FaxTone::Cng } else { FaxTone::Ced };
        let Some(t) = self.tracks.get_mut(i) else {
            return;
        };
        if t.on && t.reported {
            self.events.push(ToneEvent::End {
                tone,
                start: t.start * BLOCK as u64,
                duration: (t.last + 1 - t.start) * BLOCK as u64,
            });
        }
        *t = Track::default();
        if i == 1 {
            self.last_reversal = None;
        }
    }

    fn discriminate(&mut self, b: &[i16; BLOCK], t0: u64) {
        // Baseband sums over groups of 4 samples; the boxcar is the last
        // four groups (16 samples, nulls at multiples of 500 Hz, so the
        // 3500 Hz image vanishes); decisions every 4 samples.
        let mix = self.mix;
        for (g, (xs, ms)) in b.chunks_exact(4).zip(mix.chunks_exact(4)).enumerate() {
            let mut z = C32::default();
            for (&s, m) in xs.iter().zip(ms) {
                let s = f32::from(s);
                z.re += s * m.re;
                z.im += s * m.im;
            }
            let v = &mut self.v21;
            let slot = v.pos % 4;
            let old = v.ring.get(slot).copied().unwrap_or_default();
            v.sum = C32::new(v.sum.re + z.re - old.re, v.sum.im + z.im - old.im);
            if let Some(r) = v.ring.get_mut(slot) {
                *r = z;
            }
            v.pos = (slot + 1) % 4;
            let step = v.sum.mul_conj(v.prev);
            v.prev = v.sum;
            let now = t0 + 4 * g as u64;
            // 1650 Hz (mark, 1) turns the baseband phasor backwards.
            let bit = step.im < 0.0;
            if v.warm < 6 {
                v.warm += 1;
                if v.warm == 6 {
                    v.bit = bit;
                    v.run_start = now;
                }
                continue;
            }
            if bit != v.bit {
                let len = now.saturating_sub(v.run_start);
                let start = v.run_start;
                v.bit = bit;
                v.run_start = now;
                self.run(!bit, start, len);
            }
        }
    }

    /// A run of `len` samples of one bit value starting at `start`.
    fn run(&mut self, bit: bool, start: u64, len: u64) {
        let nbits = ((len as f32 / BIT).round() as u32).min(64);
        for i in 0..nbits {
            let v = &mut self.v21;
            v.shift = (v.shift >> 1) | if bit { 0x80 } else { 0 };
            v.bits_since_flag = v.bits_since_flag.saturating_add(1);
            let bit_end = start + (((i + 1) as f32 * BIT) as u64).min(len);
            if v.shift == 0x7E {
                if v.bits_since_flag == 8 && v.flags > 0 {
                    v.flags += 1;
                } else {
                    v.flags = 1;
                    v.first_flag = bit_end.saturating_sub((8.0 * BIT) as u64);
                }
                v.bits_since_flag = 0;
                v.last_flag_end = bit_end;
                if !v.active && v.flags >= self.min_flags {
                    v.active = true;
                    v.active_start = v.first_flag;
                    self.events.push(ToneEvent::Start {
                        tone: FaxTone::V21Preamble,
                        at: v.first_flag,
                    });
                }
            } else if v.bits_since_flag > 8 {
                v.flags = 0;
                if v.active {
                    self.v21_end();
                }
            }
        }
    }

    fn v21_end(&mut self) {
        let v = &mut self.v21;
        if v.active {
            self.events.push(ToneEvent::End {
                tone: FaxTone::V21Preamble,
                start: v.active_start,
                duration: v.last_flag_end.saturating_sub(v.active_start),
            });
        }
        v.active = false;
        v.flags = 0;
        v.bits_since_flag = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CallTone, DigitOptions, Generator};
    use proptest::prelude::*;

    fn events(audio: &[i16], chunk: usize, shortcut: bool) -> Vec<ToneEvent> {
        let mut det = ToneDetector::default();
        det.core.no_shortcut = !shortcut;
        let mut evs = Vec::new();
        for c in audio.chunks(chunk.max(1)) {
            evs.extend(det.process(c));
        }
        evs.extend(det.finish());
        evs
    }

    fn noise(audio: &mut [i16], amp: i16, mut seed: u32) {
        for s in audio {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = ((seed >> 16) as i16) % amp.max(1);
            *s = s.saturating_add(n);
        }
    }

    /// The idle shortcut (no bin strong, nothing open) changes nothing:
    /// the same events as the full decision path on every block.
    #[test]
    fn idle_shortcut_gives_the_full_paths_events() {
        let mut g = Generator::digits("1#", &DigitOptions::default()).unwrap();
        g.push_silence(3000).unwrap();
        g.push_tone(CallTone::Cng, 2).unwrap();
        g.push_tone(CallTone::AnsReversals, 1).unwrap();
        g.push_v21_flags(20, -20.0).unwrap();
        g.push_tone(CallTone::Ced, 1).unwrap();
        let mut audio = g.collect_all();
        noise(&mut audio, 3000, 5);
        let want = events(&audio, 160, false);
        assert!(want.len() >= 6, "{want:?}");
        for chunk in [1, 31, 160, 4096] {
            assert_eq!(events(&audio, chunk, true), want, "chunk {chunk}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Arbitrary noise with tone bursts of arbitrary frequency near the
        /// fax tones, level and length: shortcut and full path agree.
        #[test]
        fn idle_shortcut_agrees_on_arbitrary_audio(
            bursts in proptest::collection::vec(
                (0usize..3, -60.0f64..60.0, -50.0f64..-5.0, 1u64..4000, 0u64..2000), 1..6),
            amp in 1i16..8000,
            seed in any::<u32>(),
            chunk in 1usize..500,
        ) {
            let mut g = Generator::new();
            for (tone, off, level, on, gap) in bursts {
                let f = [1100.0, 2100.0, 1750.0][tone] + off;
                g.push_segment(&[(f, level)], on).unwrap();
                g.push_silence(gap).unwrap();
            }
            let mut audio = g.collect_all();
            noise(&mut audio, amp, seed);
            prop_assert_eq!(events(&audio, chunk, true), events(&audio, chunk, false));
        }
    }
}
