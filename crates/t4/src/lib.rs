//! # missive-t4
//!
//! G3/G4 fax image coding: ITU-T T.4 one-dimensional (MH) and
//! two-dimensional (MR) coding, T.6 (MMR), and the containers fax pages
//! live in: TIFF Class F ([`tiff`]) and binary PBM ([`pbm`]).
//!
//! - [`Decoder`] streams a coded page a row at a time, from either bit
//!   order, with or without EOLs, fill bits, RTC or EOFB; the last row is
//!   kept when no EOL or RTC follows it. In [`ErrorMode::Tolerant`] it does
//!   what a fax receiver does: resynchronise at the next EOL, repeat the
//!   previous row, and count bad rows ([`DecodeStats`]).
//! - [`Encoder`] codes rows in MH, MR (any K) or MMR with optional EOL,
//!   byte-aligned EOL, RTC/EOFB, minimum bits per row, either bit order.
//!   Its MMR output is byte-identical to libtiff's.
//! - Every parser is bounded: widths 1..=65535, [`Limits`] on rows, and
//!   errors carry the bit or byte offset. No input panics.
//!
//! ```
//! use missive_t4::{decode, encode, Bitmap, BitOrder, Coding, DecodeOptions, EncodeOptions};
//!
//! let mut page = Bitmap::new(1728, 8).unwrap();
//! for y in 0..8 {
//!     page.row_mut(y).unwrap()[y as usize * 10] = 0b0111_1110;
//! }
//! for coding in [Coding::Mh, Coding::Mr { k: 4 }, Coding::Mmr] {
//!     let mut eo = EncodeOptions::new(coding);
//!     eo.bit_order = BitOrder::LsbFirst;
//!     let coded = encode(&page, &eo).unwrap();
//!     let mut d = DecodeOptions::new(coding, 1728);
//!     d.bit_order = BitOrder::LsbFirst;
//!     assert_eq!(decode(&coded, &d).unwrap(), page);
//! }
//! ```
//!
//! ## Containers
//! TIFF is read and written by the small, bounded [`tiff`] module rather
//! than the `tiff` crate: that crate decodes and encodes pixels itself,
//! while Class F needs the coded strips together with their codec tags, so
//! that this crate's decoder (tolerant mode, bad-row counts) does the work
//! and strips received from a fax line can be stored untouched.
//!
//! ## Uncompressed mode
//! The optional T.4/T.6 uncompressed mode is decoded wherever T.4 defines
//! it: the 1-D extension code `000000001111` where a run starts in MH and
//! in MR's 1-D rows, and the 2-D extension code `0000001111` where a mode
//! code is expected in MR's 2-D rows and in MMR. After the exit code the
//! coding resumes at the next pixel, with the colour its tag bit gives (in
//! 2-D coding that pixel becomes `a0`). Other extension codes are
//! [`Error::Extension`]. The encoder writes uncompressed mode when asked
//! ([`Uncompressed`]); it is off by default because few decoders read it
//! (libtiff and spandsp do not).
#![forbid(unsafe_code)]
// The bit reader/writer and the run decoders are the hot loops; profiling
// showed the compiler leaving them out of line without the hint.
#![allow(clippy::inline_always)]

mod bitmap;
mod bits;
mod decode;
mod encode;
mod error;
pub mod pbm;
mod tables;
pub mod tiff;

pub use bitmap::Bitmap;
pub use bits::BitOrder;
pub use decode::{
    decode, decode_with_stats, DecodeOptions, DecodeStats, Decoder, ErrorMode, Limits,
};
pub use encode::{encode, row_changes, EncodeOptions, Encoder, Uncompressed};
pub use error::Error;

/// A T.4/T.6 coding scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    /// T.4 one-dimensional Modified Huffman.
    Mh,
    /// T.4 two-dimensional Modified READ: one 1-D row then up to `k - 1`
    /// 2-D rows (T.4 uses K = 2 at standard and 4 at fine resolution).
    Mr {
        /// Rows per 1-D row group (1 = every row 1-D).
        k: u32,
    },
    /// T.6 Modified Modified READ (Group 4): every row 2-D, no EOL.
    Mmr,
}
