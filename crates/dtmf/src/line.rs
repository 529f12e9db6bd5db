//! DTMF digits and fax/modem tones from one pass over the samples.

use std::vec::Drain;

use missive_g7xx::g711;

use crate::bank::{g711_feed, Bank, Blocker, BLOCK};
use crate::detector::{dtmf_freqs, DigitCore};
use crate::fax::{FaxCore, FAX_FREQS};
use crate::{Config, Error, Event, ToneConfig, ToneEvent};

/// What [`LineDetector`] reports: a digit event or a fax/modem tone event,
/// in the order they were decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEvent {
    /// A DTMF event, exactly as [`crate::Detector`] reports it.
    Digit(Event),
    /// A fax/modem tone event, exactly as [`crate::ToneDetector`] reports it.
    Fax(ToneEvent),
}

/// DTMF and fax/modem tones together, for a voice line that may turn out
/// to be a fax call: one filter bank (the eight DTMF frequencies over the
/// whole 32-sample block, 1100, 2100 and 1750 Hz over its central 16
/// samples) runs once per block and feeds both decision stages, so
/// watching for fax costs about an eighth on top of DTMF alone (crate
/// README). The events are exactly those of a [`crate::Detector`] and a
/// [`crate::ToneDetector`] fed the same samples.
///
/// ```
/// use missive_dtmf::{CallTone, DigitOptions, FaxTone, Generator, LineDetector, LineEvent};
///
/// let mut g = Generator::digits("7", &DigitOptions::default()).unwrap();
/// g.push_tone(CallTone::Cng, 1).unwrap();
/// let audio = g.collect_all();
/// let mut det = LineDetector::default();
/// let mut events: Vec<LineEvent> = det.process(&audio).collect();
/// events.extend(det.finish());
/// let digits: String = events
///     .iter()
///     .filter_map(|e| match e {
///         LineEvent::Digit(missive_dtmf::Event::DigitStart { digit, .. }) => Some(digit.to_char()),
///         _ => None,
///     })
///     .collect();
/// assert_eq!(digits, "7");
/// assert!(events.iter().any(|e| matches!(
///     e,
///     LineEvent::Fax(missive_dtmf::ToneEvent::Start { tone: FaxTone::Cng, .. })
/// )));
/// ```
#[derive(Clone, Debug)]
pub struct LineDetector {
    blocks: Blocker,
    /// DTMF bins 0..8 (whole block), fax bins 8..11 (short span), one spare
    /// lane.
    bank: Bank<12, 2, 1>,
    digits: DigitCore,
    fax: FaxCore,
    events: Vec<LineEvent>,
}

impl Default for LineDetector {
    fn default() -> Self {
        Self::build(&Config::default(), &ToneConfig::default())
    }
}

impl LineDetector {
    /// A detector with checked thresholds for both stages.
    ///
    /// # Errors
    /// [`Error::Config`] when a threshold is out of its documented range.
    pub fn new(digits: &Config, fax: &ToneConfig) -> Result<Self, Error> {
        digits.validate()?;
        fax.validate()?;
        Ok(Self::build(digits, fax))
    }

    fn build(digits: &Config, fax: &ToneConfig) -> Self {
        let mut freqs = [0f64; 11];
        for (f, v) in freqs.iter_mut().zip(dtmf_freqs().iter().chain(&FAX_FREQS)) {
            *f = *v;
        }
        let bank = Bank::<12, 2, 1>::new(&freqs);
        Self {
            blocks: Blocker::default(),
            digits: DigitCore::new(digits, bank.rot),
            fax: FaxCore::new(fax, [bank.rot[8], bank.rot[9]]),
            bank,
            events: Vec::new(),
        }
    }

    /// Samples consumed so far (the time of the next sample fed).
    pub fn position(&self) -> u64 {
        self.digits.blocks() * BLOCK as u64 + self.blocks.pending() as u64
    }

    /// Feeds linear samples and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process(&mut self, samples: &[i16]) -> Drain<'_, LineEvent> {
        self.feed(samples);
        self.events.drain(..)
    }

    /// Feeds µ-law (PCMU) bytes and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process_ulaw(&mut self, bytes: &[u8]) -> Drain<'_, LineEvent> {
        g711_feed(bytes, g711::ulaw_decode, |lin| self.feed(lin));
        self.events.drain(..)
    }

    /// Feeds A-law (PCMA) bytes and returns the events they decided.
    #[must_use = "the events are the detector's output"]
    pub fn process_alaw(&mut self, bytes: &[u8]) -> Drain<'_, LineEvent> {
        g711_feed(bytes, g711::alaw_decode, |lin| self.feed(lin));
        self.events.drain(..)
    }

    /// Ends the stream: pads the last partial block with silence and closes
    /// every digit and tone in progress.
    #[must_use = "the events are the detector's output"]
    pub fn finish(&mut self) -> Drain<'_, LineEvent> {
        self.pass(None);
        self.digits.close_open();
        self.fax.close_all();
        Self::collect(&mut self.digits, &mut self.fax, &mut self.events);
        self.events.drain(..)
    }

    fn feed(&mut self, samples: &[i16]) {
        self.pass(Some(samples));
    }

    /// Runs the blocks `samples` completes (`None`: the padded last one).
    fn pass(&mut self, samples: Option<&[i16]>) {
        let (bank, digits, fax, events) = (
            &self.bank,
            &mut self.digits,
            &mut self.fax,
            &mut self.events,
        );
        self.blocks
            .pass(samples, |b| Self::run_block(bank, digits, fax, events, b));
    }

    #[inline]
    fn run_block(
        bank: &Bank<12, 2, 1>,
        digits: &mut DigitCore,
        fax: &mut FaxCore,
        events: &mut Vec<LineEvent>,
        b: &[i16; BLOCK],
    ) {
        let sp = bank.analyse(b);
        digits.run_block(b, &sp.bins(0), sp.energy);
        fax.run_block(b, sp.short_group(0), sp.energy);
        Self::collect(digits, fax, events);
    }

    /// Moves the stages' events, digits first, into the common queue.
    #[inline]
    fn collect(digits: &mut DigitCore, fax: &mut FaxCore, events: &mut Vec<LineEvent>) {
        if !digits.events.is_empty() {
            events.extend(digits.events.drain(..).map(LineEvent::Digit));
        }
        if !fax.events.is_empty() {
            events.extend(fax.events.drain(..).map(LineEvent::Fax));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CallTone, Detector, DigitOptions, Generator, ToneDetector};

    /// Digits, fax tones and noise, fed in odd chunks to the combined
    /// detector and to the two standalone ones: the same events.
    #[test]
    fn same_events_as_the_two_detectors() {
        let opts = DigitOptions {
            on_ms: 60.0,
            off_ms: 50.0,
            level_dbm0: -20.0,
            twist_db: 3.0,
        };
        let mut g = Generator::digits("19#A", &opts).unwrap();
        g.push_tone(CallTone::Cng, 2).unwrap();
        g.push_tone(CallTone::AnsReversals, 1).unwrap();
        g.push_v21_flags(30, -12.0).unwrap();
        let mut audio = g.collect_all();
        let mut seed = 99u32;
        for s in &mut audio {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *s = s.saturating_add(((seed >> 24) as i16 - 128) * 2);
        }
        for chunk in [1, 37, 160, 4096] {
            let mut line = LineDetector::default();
            let mut det = Detector::default();
            let mut fax = ToneDetector::default();
            let (mut got, mut want_d, mut want_f) = (Vec::new(), Vec::new(), Vec::new());
            for c in audio.chunks(chunk) {
                got.extend(line.process(c));
                want_d.extend(det.process(c).map(LineEvent::Digit));
                want_f.extend(fax.process(c).map(LineEvent::Fax));
            }
            got.extend(line.finish());
            want_d.extend(det.finish().map(LineEvent::Digit));
            want_f.extend(fax.finish().map(LineEvent::Fax));
            assert_eq!(line.position(), det.position());
            let digits: Vec<LineEvent> = got
                .iter()
                .copied()
                .filter(|e| matches!(e, LineEvent::Digit(_)))
                .collect();
            let tones: Vec<LineEvent> = got
                .iter()
                .copied()
                .filter(|e| matches!(e, LineEvent::Fax(_)))
                .collect();
            assert_eq!(digits, want_d, "chunk {chunk}");
            assert_eq!(tones, want_f, "chunk {chunk}");
            assert_eq!(want_d.len(), 8);
            assert!(want_f.len() >= 6, "{want_f:?}");
        }
    }
}
