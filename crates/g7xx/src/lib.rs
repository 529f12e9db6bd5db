//! # missive-g7xx
//!
//! Telephone voice codecs, bit-exact with the ITU-T references, `no_std`
//! and allocation-free:
//!
//! - [`g711`]: A-law and µ-law (the PCMA/PCMU of every SIP call), equal to
//!   the ITU-T G.191 STL on all 65,536 inputs, and A-law↔µ-law transcoding
//!   by the G.711 tables; slice decoding uses AVX2 where the CPU has it
//!   (detected at run time with the default `std` feature; the crate's one
//!   `unsafe` module, with a table fallback);
//! - [`g726`]: ADPCM at 16, 24, 32 and 40 kbit/s with linear, A-law or
//!   µ-law input and output (VPIM voice mail's `audio/32KADPCM`, RTP
//!   `G726-xx`), bit-exact on every ITU-T G.726 Appendix II sequence, with
//!   RFC 3551 / AAL2 bit packing in [`g726::pack`];
//! - [`plc`]: G.711 Appendix I packet loss concealment for jitter buffers.
//!
//! ```
//! use missive_g7xx::{g711, g726};
//!
//! let pcm: Vec<i16> = (0..160).map(|n| ((n as f32 * 0.25).sin() * 6000.0) as i16).collect();
//!
//! // G.711 µ-law and back.
//! let mut law = [0u8; 160];
//! g711::ulaw_encode(&pcm, &mut law);
//! let mut back = [0i16; 160];
//! g711::ulaw_decode(&law, &mut back);
//! assert!(back.iter().zip(&pcm).all(|(b, p)| (i32::from(*b) - i32::from(*p)).abs() <= 256));
//!
//! // G.726-32 for a VPIM message: 4 bits per sample, packed two per byte.
//! let mut enc = g726::Encoder::new(g726::Rate::R32);
//! let mut codes = [0u8; 160];
//! enc.encode_linear(&pcm, &mut codes);
//! let mut bytes = [0u8; 80];
//! let n = g726::pack::pack(&codes, g726::Rate::R32, g726::pack::Packing::Rfc3551, &mut bytes)?;
//! assert_eq!(n, 80);
//! # Ok::<(), missive_g7xx::Error>(())
//! ```
#![no_std]
// Denied, not forbidden: `g711::avx2` (run-time-dispatched SIMD decoding,
// std feature, x86 only) is the one module allowed to use it.
#![deny(unsafe_code)]

#[cfg(any(test, feature = "std"))]
extern crate std;

mod error;
pub mod g711;
pub mod g726;
pub mod plc;

pub use error::Error;
