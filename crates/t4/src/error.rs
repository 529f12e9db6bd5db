//! The one error type of the crate.

/// Everything that can go wrong while coding fax images or reading their
/// containers. Offsets are in bits from the start of the coded data for the
/// codecs, and in bytes from the start of the file for TIFF and PBM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bit pattern that is no code word of the current mode.
    #[error("invalid code word at bit {offset} (row {row})")]
    InvalidCode {
        /// Bit offset of the first bit of the bad code.
        offset: u64,
        /// Row being decoded (0-based).
        row: u32,
    },
    /// A run or changing element that goes past the end of the row, or
    /// backwards.
    #[error("run past the row end or out of order at bit {offset} (row {row})")]
    BadRun {
        /// Bit offset just after the offending code.
        offset: u64,
        /// Row being decoded (0-based).
        row: u32,
    },
    /// The data stopped in the middle of a row, or before the expected
    /// number of rows.
    #[error("coded data ends at bit {offset} inside row {row}")]
    Truncated {
        /// Bit offset of the end of the data.
        offset: u64,
        /// Row being decoded (0-based).
        row: u32,
    },
    /// A T.4 uncompressed-mode or other extension code, which this decoder
    /// does not implement.
    #[error("unsupported extension code at bit {offset} (row {row})")]
    Extension {
        /// Bit offset of the extension code.
        offset: u64,
        /// Row being decoded (0-based).
        row: u32,
    },
    /// A width outside `1..=65535`, or a row slice shorter than the width.
    #[error("bad width or row length: {0}")]
    Width(u32),
    /// A configurable limit was reached (rows, width, pages, tags, bytes).
    #[error("limit exceeded: {what} > {limit}")]
    Limit {
        /// Which limit.
        what: &'static str,
        /// The configured value.
        limit: u64,
    },
    /// A malformed TIFF file.
    #[error("bad TIFF at byte {offset}: {what}")]
    Tiff {
        /// Byte offset of the problem.
        offset: u64,
        /// What is wrong.
        what: &'static str,
    },
    /// A TIFF feature outside Class F / bilevel (for example colour or
    /// an unknown compression).
    #[error("unsupported TIFF: {what} = {value}")]
    Unsupported {
        /// Which field.
        what: &'static str,
        /// Its value.
        value: u32,
    },
    /// A malformed PBM (P4) file.
    #[error("bad PBM at byte {offset}: {what}")]
    Pbm {
        /// Byte offset of the problem.
        offset: u64,
        /// What is wrong.
        what: &'static str,
    },
}
