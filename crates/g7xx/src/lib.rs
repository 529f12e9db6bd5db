//! # missive-g7xx
//!
//! Telephone voice codecs: ITU-T G.711 A-law and µ-law (the PCMA/PCMU of
//! every SIP call). Pure functions over slices, no allocation, `no_std`.
//!
//! ```
//! use missive_g7xx::g711;
//!
//! let pcm = [0i16, 1000, -1000, 32767, -32768];
//! let mut law = [0u8; 5];
//! g711::ulaw_encode(&pcm, &mut law);
//! let mut back = [0i16; 5];
//! g711::ulaw_decode(&law, &mut back);
//! // µ-law keeps the sign and about 13 bits of magnitude.
//! assert!(back.iter().zip(&pcm).all(|(b, p)| (i32::from(*b) - i32::from(*p)).abs() <= 1024));
//! ```
#![no_std]
#![forbid(unsafe_code)]

#[cfg(test)]
extern crate std;

mod error;
pub mod g711;
pub mod g726;
pub mod plc;

pub use error::Error;
