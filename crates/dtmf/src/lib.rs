//! # missive-dtmf
//!
//! In-band tones of telephone calls, for 8 kHz 16-bit audio (or G.711):
//!
//! - [`Detector`]: streaming DTMF detection meeting ITU-T Q.24 with its
//!   defaults ([`Config`]): frequency deviation accepted to 1.5 % + 2 Hz and
//!   rejected from 3.5 %, twist 8 dB normal / 4 dB reverse, tones from 40 ms
//!   accepted and to 20 ms rejected, 10 ms interruptions bridged, 40 ms
//!   pauses honoured, −38 dBm0 per tone, 8 dB SNR; digit-start and
//!   digit-end events with sample times and durations, whatever the chunk
//!   size fed.
//! - [`Generator`]: DTMF digits with level, twist and timing, and the
//!   call-progress, special information and fax tones ([`CallTone`]), plus
//!   V.21 flag preambles; exact frequencies, no allocation per sample.
//! - [`ToneDetector`]: fax/modem tones — CNG, CED/ANS with its phase
//!   reversals, and the V.21 channel-2 HDLC flag preamble.
//! - [`LineDetector`]: both at once from one filter-bank pass (the events
//!   of a [`Detector`] and a [`ToneDetector`], for little more than the
//!   cost of the first).
//!
//! Levels are in dBm0 with the G.711 / spandsp reference (see [`level`]).
//!
//! ```
//! use missive_dtmf::{Detector, DigitOptions, Event, Generator};
//!
//! // "123" at −30 dBm0 with 6 dB normal twist, 45 ms on, 45 ms off.
//! let opts = DigitOptions { on_ms: 45.0, off_ms: 45.0, level_dbm0: -30.0, twist_db: 6.0 };
//! let audio = Generator::digits("123", &opts).unwrap().collect_all();
//!
//! let mut det = Detector::default();
//! let mut events: Vec<Event> = det.process(&audio).collect();
//! events.extend(det.finish());
//! let ends: Vec<(char, u64, u64)> = events
//!     .iter()
//!     .filter_map(|e| match *e {
//!         Event::DigitEnd { digit, start, duration } => Some((digit.to_char(), start, duration)),
//!         _ => None,
//!     })
//!     .collect();
//! assert_eq!(ends.len(), 3);
//! assert_eq!(ends[1].0, '2');
//! // Onset of the second digit at 90 ms = sample 720, 45 ms = 360 samples long.
//! assert!(ends[1].1.abs_diff(720) <= 24 && ends[1].2.abs_diff(360) <= 24);
//! ```
#![forbid(unsafe_code)]

mod bank;
mod detector;
mod digit;
mod error;
mod fax;
mod generator;
pub mod level;
mod line;
pub mod q24;

pub use detector::{Config, Detector, Event};
pub use digit::{Digit, COLS, ROWS};
pub use error::Error;
pub use fax::{FaxTone, ToneConfig, ToneDetector, ToneEvent};
pub use generator::{CallTone, DigitOptions, Generator, MAX_SAMPLES, MAX_SEGMENTS};
pub use line::{LineDetector, LineEvent};
