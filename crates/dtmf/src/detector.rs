//! The streaming DTMF detector.
//!
//! # How it decides
//! Every 32-sample block (4 ms) is correlated with the eight DTMF
//! frequencies (see [`crate::bank`]). The last four blocks form a 16 ms
//! *window*, judged every block:
//! 1. the strongest row and column (energy summed over the four blocks) must
//!    each reach the level floor ([`Config::min_level_dbm0`]);
//! 2. twist: row over column at most [`Config::max_normal_twist_db`],
//!    column over row at most [`Config::max_reverse_twist_db`];
//! 3. relative peak: over the coherent 16 ms window, each chosen tone beats
//!    the other three of its group by [`Config::min_relative_peak_db`];
//! 4. frequency: the phase a tone advances between the window's two 8 ms
//!    halves measures its offset from the nominal frequency (the 4 ms
//!    block-to-block advance guards it against aliasing); it must lie within
//!    `f × freq_tolerance_pct % + freq_tolerance_hz` (defaults 1.5 % + 4 Hz:
//!    Q.24's "accept ≤ 1.5 % + 2 Hz" with 2 Hz for the estimator's spread,
//!    and "reject ≥ 3.5 %" with margin at every frequency);
//! 5. energy: the two tones, measured over the coherent window and corrected
//!    for the loss their offset causes, must hold
//!    [`Config::min_energy_ratio`] of the window's energy (rejects speech,
//!    music, noise, dial tone);
//! 6. talk-off screens: each tone steady over the window (partials beating
//!    in one bin are not), the column not the row's second harmonic, and
//!    the column's own second harmonic at most
//!    [`Config::max_second_harmonic_db`] (failing this last one vetoes the
//!    whole tone); a tone whose partner was already sounding alone just
//!    before the onset is never reported (keys start both tones together).
//!
//! A valid window opens a candidate digit and fixes the tone's full-block
//! magnitude. From then on each block's *coverage* (its magnitude at both of
//! the digit's frequencies over the full-block one, capped at 1) says how
//! many of its 32 samples carried the tone; edges are placed inside blocks
//! from the coverage of the partial block, which makes onsets, ends and
//! durations sample-accurate on clean signals (a few samples off in noise).
//! Missing tone (the sum of uncovered samples since the last full block)
//! shorter than [`Config::min_pause_ms`] is an interruption bridged over
//! (Q.24: ≤ 10 ms must not split a digit); longer ends the digit (a 40 ms
//! pause separates two). A digit is reported once it has lasted
//! [`Config::min_on_ms`] with at least [`Config::min_valid_windows`] valid
//! windows (Q.24: accept ≥ 40 ms, reject ≤ 20 ms).

use std::vec::Drain;

use missive_g7xx::g711;

use crate::bank::{g711_feed, Bank, Blocker, BLOCK, C32};
use crate::digit::{Digit, COLS, ROWS};
use crate::level::sine_amplitude;
use crate::Error;

/// Thresholds of the detector. Every default is chosen to meet ITU-T Q.24
/// (see the crate README for the measured grid).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Weakest tone accepted, per tone, in dBm0 (default −42; Q.24 asks
    /// for operation down to −38 dBm0 per tone).
    pub min_level_dbm0: f32,
    /// Largest normal twist (high-group tone weaker than low-group), dB
    /// (default 9; Q.24 accepts up to 8).
    pub max_normal_twist_db: f32,
    /// Largest reverse twist (high-group tone stronger), dB (default 5;
    /// Q.24 accepts up to 4).
    pub max_reverse_twist_db: f32,
    /// How far each tone must stand above the other tones of its group over
    /// the 16 ms window, dB (default 10).
    pub min_relative_peak_db: f32,
    /// Relative frequency tolerance, percent (default 1.5).
    pub freq_tolerance_pct: f32,
    /// Absolute frequency tolerance added to the relative one, Hz (default 4:
    /// Q.24's 2 Hz allowance plus 2 Hz for the estimator's spread).
    /// The sum must stay under 60 Hz at 1633 Hz (the fine estimate is
    /// unambiguous to ±62.5 Hz).
    pub freq_tolerance_hz: f32,
    /// Share of the window's energy the two tones must hold, 0..1 (default 0.8;
    /// two tones at 8 dB SNR in white noise hold 0.86).
    pub min_energy_ratio: f32,
    /// Shortest digit reported, ms (default 30: Q.24 accepts ≥ 40 ms and
    /// rejects ≤ 20 ms).
    pub min_on_ms: f32,
    /// Shortest gap that ends a digit, ms (default 25: a 40 ms pause
    /// separates digits, a ≤ 10 ms interruption does not).
    pub min_pause_ms: f32,
    /// Valid 16 ms windows a digit needs before it is reported (default 4).
    pub min_valid_windows: u32,
    /// Highest level of the column tone's second harmonic, dB relative to
    /// the tone (default −10; speech and music partials are richer, Q.23
    /// keys hold distortion 20 dB down).
    pub max_second_harmonic_db: f32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            min_level_dbm0: -42.0,
            max_normal_twist_db: 9.0,
            max_reverse_twist_db: 5.0,
            min_relative_peak_db: 10.0,
            freq_tolerance_pct: 1.5,
            freq_tolerance_hz: 4.0,
            min_energy_ratio: 0.8,
            min_on_ms: 30.0,
            min_pause_ms: 25.0,
            min_valid_windows: 4,
            max_second_harmonic_db: -10.0,
        }
    }
}

fn check(field: &'static str, value: f32, ok: bool, reason: &'static str) -> Result<(), Error> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(Error::Config {
            field,
            value,
            reason,
        })
    }
}

impl Config {
    /// Checks every field against its documented range.
    ///
    /// # Errors
    /// [`Error::Config`] when a threshold is out of its documented range.
    pub fn validate(&self) -> Result<(), Error> {
        let c = self;
        check(
            "min_level_dbm0",
            c.min_level_dbm0,
            (-90.0..=3.0).contains(&c.min_level_dbm0),
            "−90..=3 dBm0",
        )?;
        check(
            "max_normal_twist_db",
            c.max_normal_twist_db,
            (0.0..=40.0).contains(&c.max_normal_twist_db),
            "0..=40 dB",
        )?;
        check(
            "max_reverse_twist_db",
            c.max_reverse_twist_db,
            (0.0..=40.0).contains(&c.max_reverse_twist_db),
            "0..=40 dB",
        )?;
        check(
            "min_relative_peak_db",
            c.min_relative_peak_db,
            (0.0..=60.0).contains(&c.min_relative_peak_db),
            "0..=60 dB",
        )?;
        check(
            "freq_tolerance_pct",
            c.freq_tolerance_pct,
            (0.0..=7.0).contains(&c.freq_tolerance_pct),
            "0..=7 %",
        )?;
        check(
            "freq_tolerance_hz",
            c.freq_tolerance_hz,
            (0.0..=10.0).contains(&c.freq_tolerance_hz),
            "0..=10 Hz",
        )?;
        let top = COLS[3] as f32 * c.freq_tolerance_pct / 100.0 + c.freq_tolerance_hz;
        check(
            "freq_tolerance_pct",
            c.freq_tolerance_pct,
            top < 60.0,
            "tolerance at 1633 Hz must stay under 60 Hz",
        )?;
        check(
            "min_energy_ratio",
            c.min_energy_ratio,
            (0.0..=1.0).contains(&c.min_energy_ratio),
            "0..=1",
        )?;
        check(
            "min_on_ms",
            c.min_on_ms,
            (4.0..=10_000.0).contains(&c.min_on_ms),
            "4..=10000 ms",
        )?;
        check(
            "min_pause_ms",
            c.min_pause_ms,
            (4.0..=10_000.0).contains(&c.min_pause_ms),
            "4..=10000 ms",
        )?;
        check(
            "max_second_harmonic_db",
            c.max_second_harmonic_db,
            (-60.0..=20.0).contains(&c.max_second_harmonic_db),
            "−60..=20 dB",
        )?;
        check(
            "min_valid_windows",
            c.min_valid_windows as f32,
            (1..=1000).contains(&c.min_valid_windows),
            "1..=1000",
        )?;
        Ok(())
    }
}

/// What the detector reports, with times in samples (8 kHz) since the first
/// sample fed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A digit has lasted long enough to be accepted; `at` is its onset.
    DigitStart {
        /// The digit.
        digit: Digit,
        /// Sample index of the tone's onset.
        at: u64,
    },
    /// An accepted digit ended. Always follows its `DigitStart`.
    DigitEnd {
        /// The digit.
        digit: Digit,
        /// Sample index of the tone's onset (as in `DigitStart`).
        start: u64,
        /// Length in samples, interruptions bridged over included.
        duration: u64,
    },
}

/// Blocks of history kept for windows and edge placement.
const HIST: usize = 16;
/// Blocks per judged window.
const WIN: u64 = 4;
/// Coverage at or above which a block counts as full of tone.
const FULL: f32 = 0.65;
/// A column within this fraction of twice the row is the row's harmonic.
const HARMONIC_REL: f32 = 0.005;
/// Smallest block magnitude over the largest, per tone, in a valid window.
const STEADY: f32 = 0.4;
/// Blocks after a talk-off veto during which the same pair stays vetoed.
const TALK_OFF_MEMORY: u64 = 16;
/// Level (over the full-block one) at which a tone counts as already there
/// before a candidate's onset.
const LONE: f32 = 0.6;
/// Level under which a tone counts as absent before a candidate's onset.
const ABSENT: f32 = 0.35;

/// Limits precomputed from a [`Config`].
#[derive(Clone, Debug)]
struct Limits {
    level: f32,
    normal_twist: f32,
    reverse_twist: f32,
    rel_peak: f32,
    ratio16: f32,
    cos_alias: [f32; 8],
    tol_hz: [f32; 8],
    ratio64: f32,
    min_on: u64,
    min_pause: f32,
    min_windows: u32,
    harmonic: f32,
}

impl Limits {
    fn new(c: &Config) -> Self {
        let a = sine_amplitude(f64::from(c.min_level_dbm0)) as f32;
        let db = |x: f32| 10f32.powf(x / 10.0);
        let mut cos_alias = [0f32; 8];
        let mut tol_hz = [0f32; 8];
        for ((ca, th), f) in cos_alias
            .iter_mut()
            .zip(tol_hz.iter_mut())
            .zip(ROWS.iter().chain(&COLS))
        {
            let tol = *f as f32 * c.freq_tolerance_pct / 100.0 + c.freq_tolerance_hz;
            *th = tol;
            let theta = 2.0 * core::f32::consts::PI * 1.5 * tol * BLOCK as f32 / 8000.0;
            *ca = theta.min(core::f32::consts::PI).cos();
        }
        Self {
            level: 1024.0 * a * a,
            normal_twist: db(c.max_normal_twist_db),
            reverse_twist: db(c.max_reverse_twist_db),
            rel_peak: db(c.min_relative_peak_db),
            ratio16: 16.0 * c.min_energy_ratio,
            cos_alias,
            tol_hz,
            ratio64: 64.0 * c.min_energy_ratio,
            min_on: (c.min_on_ms * 8.0).round() as u64,
            min_pause: c.min_pause_ms * 8.0,
            min_windows: c.min_valid_windows,
            harmonic: db(c.max_second_harmonic_db),
        }
    }
}

/// A tone being followed.
#[derive(Clone, Debug)]
struct Tone {
    digit: Digit,
    onset: u64,
    m_row: f32,
    m_col: f32,
    /// Block index of the last block full of tone.
    last_full: u64,
    /// Uncovered samples since `last_full`.
    gap: f32,
    /// Coverage of the first block after `last_full`.
    first_after: f32,
    valid: u32,
    reported: bool,
    /// Seen to start apart from its partner tone: never reported.
    suppressed: bool,
}

/// Streaming DTMF detector over 8 kHz 16-bit linear samples.
///
/// Feed any number of samples per call; events come out of
/// [`process`](Self::process) as soon as they are decided.
///
/// ```
/// use missive_dtmf::{Detector, Event, Generator};
///
/// let audio = Generator::digits("42", &Default::default()).unwrap().collect_all();
/// let mut det = Detector::default();
/// let mut got = String::new();
/// for chunk in audio.chunks(77) {
///     for ev in det.process(chunk) {
///         if let Event::DigitStart { digit, .. } = ev {
///             got.push(digit.to_char());
///         }
///     }
/// }
/// assert_eq!(got, "42");
/// ```
#[derive(Clone, Debug)]
pub struct Detector {
    blocks: Blocker,
    bank: Bank<8, 2, 0>,
    core: DigitCore,
}

/// The detector's decisions, block by block, on a bank's output (shared
/// with [`crate::LineDetector`], whose bank also holds the fax bins).
#[derive(Clone, Debug)]
pub(crate) struct DigitCore {
    lim: Limits,
    /// `e^{−jωB}` of the eight DTMF frequencies.
    rot: [C32; 8],
    /// Its powers 1, 2, 3 (blocks of a window back to its first).
    rot_pow: [[C32; 3]; 8],
    /// Index of the next block to complete.
    block: u64,
    x: [[C32; 8]; HIST],
    pow: [[f32; 8]; HIST],
    energy: [f32; HIST],
    /// The window's samples, block `j` at `(j mod 4) × 32`.
    raw: [i16; BLOCK * WIN as usize],
    tone: Option<Tone>,
    /// Digit and block of the last tone vetoed as talk-off.
    last_talk_off: Option<(Digit, u64)>,
    /// End sample of the last reported digit: a following digit's onset
    /// never precedes it, so reported digits never overlap.
    last_end: u64,
    pub(crate) events: Vec<Event>,
}

impl Default for Detector {
    fn default() -> Self {
        Self::build(&Config::default())
    }
}

fn slot(j: u64) -> usize {
    (j % HIST as u64) as usize
}

impl Detector {
    /// A detector with checked thresholds.
    ///
    /// # Errors
    /// [`Error::Config`] when a threshold is out of its documented range.
    pub fn new(config: &Config) -> Result<Self, Error> {
        config.validate()?;
        Ok(Self::build(config))
    }

    fn build(config: &Config) -> Self {
        let bank = Bank::new(&dtmf_freqs());
        Self {
            blocks: Blocker::default(),
            core: DigitCore::new(config, bank.rot),
            bank,
        }
    }

    /// Samples consumed so far (the time of the next sample fed).
    pub fn position(&self) -> u64 {
        self.core.blocks() * BLOCK as u64 + self.blocks.pending() as u64
    }

    /// Feeds linear samples and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process(&mut self, samples: &[i16]) -> Drain<'_, Event> {
        self.feed(samples);
        self.core.events.drain(..)
    }

    /// Feeds µ-law (PCMU) bytes and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process_ulaw(&mut self, bytes: &[u8]) -> Drain<'_, Event> {
        g711_feed(bytes, g711::ulaw_decode, |lin| self.feed(lin));
        self.core.events.drain(..)
    }

    /// Feeds A-law (PCMA) bytes and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process_alaw(&mut self, bytes: &[u8]) -> Drain<'_, Event> {
        g711_feed(bytes, g711::alaw_decode, |lin| self.feed(lin));
        self.core.events.drain(..)
    }

    /// Ends the stream: pads the last partial block with silence and closes
    /// any digit in progress. The detector may be fed again afterwards.
    #[must_use = "the events are the detector's output"]
    pub fn finish(&mut self) -> Drain<'_, Event> {
        self.pass(None);
        self.core.close_open();
        self.core.events.drain(..)
    }

    /// Feeds samples, queueing events.
    fn feed(&mut self, samples: &[i16]) {
        self.pass(Some(samples));
    }

    /// Runs the blocks `samples` completes (`None`: the padded last one).
    fn pass(&mut self, samples: Option<&[i16]>) {
        let (bank, core) = (&self.bank, &mut self.core);
        self.blocks.pass(samples, |b| {
            let sp = bank.analyse(b);
            core.run_block(b, &sp.bins(0), sp.energy);
        });
    }
}

/// The eight DTMF frequencies, rows then columns.
pub(crate) fn dtmf_freqs() -> [f64; 8] {
    let mut freqs = [0f64; 8];
    for (f, v) in freqs.iter_mut().zip(ROWS.iter().chain(&COLS)) {
        *f = *v;
    }
    freqs
}

impl DigitCore {
    /// The decision state for `config` over a bank whose first eight
    /// rotations are `rot`.
    pub(crate) fn new<const N: usize>(config: &Config, rot: [C32; N]) -> Self {
        let mut r = [C32::default(); 8];
        for (d, s) in r.iter_mut().zip(rot) {
            *d = s;
        }
        let rot_pow = r.map(|x| {
            let x2 = x.mul(x);
            [x, x2, x2.mul(x)]
        });
        Self {
            lim: Limits::new(config),
            rot: r,
            rot_pow,
            block: 0,
            x: [[C32::default(); 8]; HIST],
            pow: [[0.0; 8]; HIST],
            energy: [0.0; HIST],
            raw: [0; BLOCK * WIN as usize],
            tone: None,
            last_talk_off: None,
            last_end: 0,
            events: Vec::new(),
        }
    }

    /// Blocks judged so far.
    pub(crate) fn blocks(&self) -> u64 {
        self.block
    }

    /// Closes a digit still open at the end of the stream.
    pub(crate) fn close_open(&mut self) {
        if let Some(t) = self.tone.take() {
            self.close(&t, self.block);
        }
    }

    /// Judges block `b` given its eight DTMF bins and energy.
    #[inline]
    pub(crate) fn run_block(&mut self, b: &[i16; BLOCK], out: &[C32; 8], energy: f32) {
        let k = self.block;
        let s = slot(k);
        self.x[s] = *out;
        for (p, x) in self.pow[s].iter_mut().zip(out) {
            *p = x.norm_sqr();
        }
        self.energy[s] = energy;
        let base = (k % WIN) as usize * BLOCK;
        if let Some(dst) = self.raw.get_mut(base..base + BLOCK) {
            dst.copy_from_slice(b);
        }
        self.block = k + 1;
        let v = if k + 1 >= WIN {
            // Once a digit is reported its harmonic veto can change nothing.
            let settled = self.tone.as_ref().is_some_and(|t| t.reported);
            self.evaluate(k, !settled)
        } else {
            Verdict::Nothing
        };
        self.step(k, v);
    }

    /// Coherent energies at `f` Hz and `2f` Hz over the window ending at
    /// block `k`, straight from its samples (done only for windows that
    /// passed every other check): one block's phasors, then each block's
    /// correlation turned by the phase the tone has advanced since the
    /// window's start.
    fn fundamental_and_harmonic(&self, k: u64, f: f32) -> (f32, f32) {
        let w = 2.0 * core::f32::consts::PI * f / 8000.0;
        let step1 = C32::new(w.cos(), -w.sin());
        let step2 = step1.mul(step1);
        let mut tab = [[0f32; BLOCK]; 4];
        let (mut p1, mut p2) = (C32::new(1.0, 0.0), C32::new(1.0, 0.0));
        let [c1t, s1t, c2t, s2t] = &mut tab;
        for (((c1, s1), c2), s2) in c1t
            .iter_mut()
            .zip(s1t.iter_mut())
            .zip(c2t.iter_mut())
            .zip(s2t.iter_mut())
        {
            (*c1, *s1, *c2, *s2) = (p1.re, p1.im, p2.re, p2.im);
            p1 = p1.mul(step1);
            p2 = p2.mul(step2);
        }
        // p1, p2 now hold one block's advance.
        let (mut b1, mut b2) = (C32::new(1.0, 0.0), C32::new(1.0, 0.0));
        let (mut a1, mut a2) = (C32::default(), C32::default());
        for j in k + 1 - WIN..=k {
            let base = (j % WIN) as usize * BLOCK;
            let Some(Ok(x)) = self
                .raw
                .get(base..base + BLOCK)
                .map(<&[i16; BLOCK]>::try_from)
            else {
                continue;
            };
            let [c1, s1, c2, s2] = tab.each_ref().map(|t| dot(x, t));
            a1 = a1.add(C32::new(c1, s1).mul(b1));
            a2 = a2.add(C32::new(c2, s2).mul(b2));
            b1 = b1.mul(p1);
            b2 = b2.mul(p2);
        }
        (a1.norm_sqr(), a2.norm_sqr())
    }

    /// Judges the window of blocks `k−3..=k`.
    fn evaluate(&self, k: u64, check_harmonic: bool) -> Verdict {
        let l = &self.lim;
        let mut inc = [0f32; 8];
        let mut total = 0f32;
        for j in k + 1 - WIN..=k {
            let s = slot(j);
            for (i, p) in inc.iter_mut().zip(&self.pow[s]) {
                *i += p;
            }
            total += self.energy[s];
        }
        // Cheap screen on block energies (32-sample blocks cannot tell
        // adjacent rows apart, so the strongest bin only bounds the tone).
        let (_, ir) = argmax(&inc[..4]);
        let (_, ic) = argmax(&inc[4..]);
        if ir < l.level || ic < l.level || ir + ic < l.ratio16 * total {
            return Verdict::Nothing;
        }
        // Coherent window of every bin: the two 8 ms halves, each block
        // turned back by the nominal advance since the window's start.
        let [x0, x1, x2, x3] = [k - 3, k - 2, k - 1, k].map(|j| &self.x[slot(j)]);
        let mut coh = [0f32; 8];
        let mut halves = [[C32::default(); 2]; 8];
        for (f, (c, h)) in coh.iter_mut().zip(halves.iter_mut()).enumerate() {
            let (Some(&a0), Some(&a1), Some(&a2), Some(&a3)) =
                (x0.get(f), x1.get(f), x2.get(f), x3.get(f))
            else {
                continue;
            };
            let [r1, r2, r3] = self.rot_pow.get(f).copied().unwrap_or_default();
            let h1 = a0.add(a1.mul(r1));
            let h2 = a2.mul(r2).add(a3.mul(r3));
            *c = h1.add(h2).norm_sqr();
            *h = [h1, h2];
        }
        // The tones are the coherent (16 ms) peaks of each group.
        let (r, _) = argmax(coh.get(..4).unwrap_or_default());
        let (c, _) = argmax(coh.get(4..).unwrap_or_default());
        let (ir, ic) = (
            inc.get(r).copied().unwrap_or(0.0),
            inc.get(4 + c).copied().unwrap_or(0.0),
        );
        if ir < l.level || ic < l.level || ir + ic < l.ratio16 * total {
            return Verdict::Nothing;
        }
        if ir > l.normal_twist * ic || ic > l.reverse_twist * ir {
            return Verdict::Nothing;
        }
        let peak_ok = |lo: usize, best: usize| {
            let cb = coh.get(lo + best).copied().unwrap_or(0.0);
            (lo..lo + 4)
                .all(|f| f == lo + best || coh.get(f).copied().unwrap_or(0.0) * l.rel_peak <= cb)
        };
        if !peak_ok(0, r) || !peak_ok(4, c) {
            return Verdict::Nothing;
        }
        // Coarse check on the 4 ms phase steps (unambiguous to ±125 Hz):
        // guards the fine estimate below against aliasing.
        let coarse_ok = |f: usize| {
            // Block-to-block phase steps, summed, less the nominal step.
            let mut a = C32::default();
            for (cur, prev) in [(x1, x0), (x2, x1), (x3, x2)] {
                let (c, p) = (cur.get(f).copied(), prev.get(f).copied());
                a = a.add(c.unwrap_or_default().mul_conj(p.unwrap_or_default()));
            }
            let rot = self.rot.get(f).copied().unwrap_or_default();
            let p = a.mul(rot);
            let m = p.norm_sqr().sqrt();
            m > 0.0 && p.re >= m * l.cos_alias.get(f).copied().unwrap_or(1.0)
        };
        if !coarse_ok(r) || !coarse_ok(4 + c) {
            return Verdict::Nothing;
        }
        // Fine estimate: phase advance between the two 8 ms halves, where
        // the other tone leaks far less than into a single block.
        let offset = |f: usize| {
            // Phase advance over 64 samples between the window's halves.
            let [h1, h2] = halves.get(f).copied().unwrap_or_default();
            let p = h2.mul_conj(h1);
            p.im.atan2(p.re) * 8000.0 / (2.0 * core::f32::consts::PI * 2.0 * BLOCK as f32)
        };
        let (dr, dc) = (offset(r), offset(4 + c));
        if dr.abs() > l.tol_hz.get(r).copied().unwrap_or(0.0)
            || dc.abs() > l.tol_hz.get(4 + c).copied().unwrap_or(0.0)
        {
            return Verdict::Nothing;
        }
        // Energy the two tones hold, from the coherent window corrected for
        // the loss their offsets cause, over the window's energy: a tone
        // among close partials (speech, chords) does not hold enough.
        let held = coh.get(r).copied().unwrap_or(0.0) / window_gain(dr)
            + coh.get(4 + c).copied().unwrap_or(0.0) / window_gain(dc);
        if held < l.ratio64 * total {
            return Verdict::Nothing;
        }
        // A key's tones are steady: two partials beating in one bin are not.
        // (The weaker tone swings more: the stronger one leaks into it.)
        let steady = |f: usize, min: f32| {
            let (mut lo, mut hi) = (f32::MAX, 0f32);
            for j in k + 1 - WIN..=k {
                let p = self.pow[slot(j)].get(f).copied().unwrap_or(0.0);
                lo = lo.min(p);
                hi = hi.max(p);
            }
            lo >= min * min * hi
        };
        let (sr, sc) = if ir >= ic {
            (STEADY, STEADY / 2.0)
        } else {
            (STEADY / 2.0, STEADY)
        };
        if !steady(r, sr) || !steady(4 + c, sc) {
            return Verdict::Nothing;
        }
        let Some(d) = Digit::from_row_col(r, c) else {
            return Verdict::Nothing;
        };
        // Talk-off screens no key can fail: the column tone is not the
        // second harmonic of the row tone (this window is then no key), and
        // carries no strong second harmonic of its own (Q.23 keys hold
        // distortion 20 dB down; this vetoes the whole tone).
        let fr = ROWS.get(r).copied().unwrap_or(0.0) as f32 + dr;
        let fc = COLS.get(c).copied().unwrap_or(0.0) as f32 + dc;
        if (fc - 2.0 * fr).abs() <= HARMONIC_REL * fc {
            return Verdict::Nothing;
        }
        if check_harmonic {
            let (fund, harm) = self.fundamental_and_harmonic(k, fc);
            if harm > l.harmonic * fund {
                return Verdict::TalkOff(d);
            }
        }
        Verdict::Key(d)
    }

    /// Row and column magnitudes of block `j` over the tone's full-block ones.
    fn tone_levels(&self, t: &Tone, j: u64) -> (f32, f32) {
        let x = &self.x[slot(j)];
        let mr = x.get(t.digit.row()).map_or(0.0, |v| v.norm_sqr().sqrt());
        let mc = x
            .get(4 + t.digit.col())
            .map_or(0.0, |v| v.norm_sqr().sqrt());
        let cr = if t.m_row > 0.0 { mr / t.m_row } else { 0.0 };
        let cc = if t.m_col > 0.0 { mc / t.m_col } else { 0.0 };
        (cr, cc)
    }

    fn coverage(&self, t: &Tone, j: u64) -> f32 {
        let (cr, cc) = self.tone_levels(t, j);
        // Edges are placed on the stronger tone (the weaker one suffers
        // more from the other's leakage); the weaker must still be there.
        let (strong, weak) = if t.m_row >= t.m_col {
            (cr, cc)
        } else {
            (cc, cr)
        };
        let c = if weak < 0.35 {
            strong.min(weak)
        } else {
            strong
        };
        c.clamp(0.0, 1.0)
    }

    /// Adds block `j` to a followed tone.
    fn advance(&self, t: &mut Tone, j: u64) {
        let c = self.coverage(t, j);
        if c >= FULL {
            t.last_full = j;
            t.gap = 0.0;
        } else {
            if t.gap == 0.0 {
                t.first_after = c;
            }
            t.gap += (1.0 - c) * BLOCK as f32;
            // A block of pure silence still adds something, so gap > 0 now.
            if t.gap == 0.0 {
                t.gap = f32::MIN_POSITIVE;
            }
        }
    }

    /// Opens a candidate for `digit` from the valid window ending at block `k`.
    fn open(&mut self, digit: Digit, k: u64) {
        let (r, c) = (digit.row(), 4 + digit.col());
        // Full-block magnitude: mean of the window's three largest blocks
        // (the fourth may hold the onset). Leakage between the two tones
        // makes single blocks swing by up to ±25 %.
        let top3 = |f: usize| {
            let mut m = [0f32; 4];
            for (v, j) in m.iter_mut().zip(k + 1 - WIN..=k) {
                *v = self.x[slot(j)].get(f).map_or(0.0, |x| x.norm_sqr().sqrt());
            }
            let min = m.iter().copied().fold(f32::MAX, f32::min);
            (m.iter().sum::<f32>() - min) / 3.0
        };
        let (m_row, m_col) = (top3(r), top3(c));
        let mut t = Tone {
            digit,
            onset: 0,
            m_row,
            m_col,
            last_full: k,
            gap: 0.0,
            first_after: 0.0,
            valid: 1,
            reported: false,
            suppressed: false,
        };
        // Latest full block of the window, then back to the run's first.
        let mut jl = k;
        while jl > k + 1 - WIN && self.coverage(&t, jl) < FULL {
            jl -= 1;
        }
        let oldest = k.saturating_sub(HIST as u64 - 2);
        let mut j0 = jl;
        while j0 > oldest && self.coverage(&t, j0 - 1) >= FULL {
            j0 -= 1;
        }
        let before = if j0 > 0 {
            self.coverage(&t, j0 - 1)
        } else {
            0.0
        };
        // Both tones of a key start together. One of them already there
        // 8 ms before the onset while the other is not is music or speech
        // whose partials happen to meet (talk-off): follow it, never report it.
        if j0 >= 3 && k - (j0 - 3) < HIST as u64 {
            let (r3, c3) = self.tone_levels(&t, j0 - 3);
            let (r2, c2) = self.tone_levels(&t, j0 - 2);
            let lone =
                |a3: f32, a2: f32, b3: f32, b2: f32| a3.min(a2) >= LONE && b3.max(b2) < ABSENT;
            t.suppressed = lone(r3, r2, c3, c2) || lone(c3, c2, r3, r2);
        }
        // The same pair again right after a talk-off veto is the same sound.
        if let Some((d, end)) = self.last_talk_off {
            if d == digit && k.saturating_sub(end) <= TALK_OFF_MEMORY {
                t.suppressed = true;
            }
        }
        let start = j0 * BLOCK as u64;
        t.onset = start
            .saturating_sub((before * BLOCK as f32).round() as u64)
            .max(self.last_end);
        t.last_full = jl;
        for j in jl + 1..=k {
            self.advance(&mut t, j);
        }
        self.tone = Some(t);
    }

    /// Offset (end sample) of a followed tone.
    fn offset(t: &Tone) -> u64 {
        let end = (t.last_full + 1) * BLOCK as u64;
        if t.gap > 0.0 {
            end + (t.first_after * BLOCK as f32).round() as u64
        } else {
            end
        }
    }

    /// Closes a followed tone, reporting it if it qualified.
    fn close(&mut self, t: &Tone, k: u64) {
        let duration = Self::offset(t).saturating_sub(t.onset);
        if t.suppressed {
            self.last_talk_off = Some((t.digit, k));
        }
        if t.suppressed && !t.reported {
            return;
        }
        if !t.reported {
            if duration < self.lim.min_on || t.valid < self.lim.min_windows {
                return;
            }
            self.events.push(Event::DigitStart {
                digit: t.digit,
                at: t.onset,
            });
        }
        self.events.push(Event::DigitEnd {
            digit: t.digit,
            start: t.onset,
            duration,
        });
        self.last_end = t.onset + duration;
    }

    fn step(&mut self, k: u64, v: Verdict) {
        let (d, talk_off) = match v {
            Verdict::Nothing => {
                let Some(t) = self.tone.take() else {
                    return;
                };
                self.follow(k, t, false);
                return;
            }
            Verdict::Key(d) => (d, false),
            Verdict::TalkOff(d) => (d, true),
        };
        match self.tone.take() {
            Some(t) if t.digit == d => self.follow(k, t, true),
            other => {
                if let Some(t) = other {
                    self.close(&t, k);
                }
                self.open(d, k);
            }
        }
        if talk_off {
            if let Some(t) = self.tone.as_mut() {
                t.suppressed = true;
            }
        }
    }

    /// Adds block `k` to the followed tone `t`; `valid` when its window
    /// judged it a key again.
    fn follow(&mut self, k: u64, mut t: Tone, valid: bool) {
        self.advance(&mut t, k);
        if valid {
            t.valid = t.valid.saturating_add(1);
        }
        if t.gap >= self.lim.min_pause {
            self.close(&t, k);
            return;
        }
        let lasted = ((t.last_full + 1) * BLOCK as u64).saturating_sub(t.onset);
        if !t.reported
            && !t.suppressed
            && t.valid >= self.lim.min_windows
            && lasted >= self.lim.min_on
        {
            t.reported = true;
            self.events.push(Event::DigitStart {
                digit: t.digit,
                at: t.onset,
            });
        }
        self.tone = Some(t);
    }
}

/// What one window says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// No key.
    Nothing,
    /// A key's two tones.
    Key(Digit),
    /// A key's tones, but with partials no key has: talk-off.
    TalkOff(Digit),
}

/// Power gain of the 128-sample coherent window for a tone `hz` off its bin.
fn window_gain(hz: f32) -> f32 {
    let x = core::f32::consts::PI * hz / 8000.0;
    let m = (WIN as usize * BLOCK) as f32;
    let g = if x.abs() < 1e-6 {
        1.0
    } else {
        ((m * x).sin() / (m * x.sin())).powi(2)
    };
    g.max(0.25)
}

/// `Σ x[n]·t[n]` over a block, in eight lanes (vectorises).
fn dot(x: &[i16; BLOCK], t: &[f32; BLOCK]) -> f32 {
    let mut acc = [0f32; 8];
    for (xc, tc) in x.chunks_exact(8).zip(t.chunks_exact(8)) {
        for ((a, &x), &t) in acc.iter_mut().zip(xc).zip(tc) {
            *a += f32::from(x) * t;
        }
    }
    let [a0, a1, a2, a3, a4, a5, a6, a7] = acc;
    ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))
}

fn argmax(v: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::MIN);
    for (i, &x) in v.iter().enumerate() {
        if x > best.1 {
            best = (i, x);
        }
    }
    best
}
