//! The one error type of the crate.

/// Everything that can go wrong parsing, emitting or analysing RTP.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input ends before the header or a length field says it should.
    #[error("truncated {what}: need {need} bytes, have {have}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed.
        need: usize,
        /// Bytes available.
        have: usize,
    },
    /// The version field is not 2.
    #[error("unsupported version {version} at offset {offset}")]
    Version {
        /// The version found.
        version: u8,
        /// Byte offset of the header.
        offset: usize,
    },
    /// A field holds a value the format forbids.
    #[error("invalid {field} at offset {offset}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// Byte offset of the field.
        offset: usize,
    },
    /// The caller's output buffer is too small.
    #[error("output buffer too small: need {need} bytes, have {have}")]
    BufferTooSmall {
        /// Bytes needed.
        need: usize,
        /// Bytes available.
        have: usize,
    },
    /// A value does not fit the field it must be written into.
    #[error("{field} out of range")]
    OutOfRange {
        /// Which field.
        field: &'static str,
    },
    /// The input asks for more work or memory than the configured limit.
    #[error("limit exceeded: {what} (max {max})")]
    Limit {
        /// Which limit.
        what: &'static str,
        /// The limit in force.
        max: usize,
    },
    /// A capture file could not be read (pcap/pcapng framing).
    #[error("capture file: {0}")]
    Capture(String),
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[inline]
pub(crate) fn need(what: &'static str, need: usize, have: usize) -> Result<()> {
    if have < need {
        Err(Error::Truncated { what, need, have })
    } else {
        Ok(())
    }
}

#[inline]
pub(crate) fn be16(b: &[u8], at: usize) -> u16 {
    match b.get(at..at.wrapping_add(2)) {
        Some(&[x, y]) => u16::from_be_bytes([x, y]),
        _ => 0,
    }
}

#[inline]
pub(crate) fn be32(b: &[u8], at: usize) -> u32 {
    match b.get(at..at.wrapping_add(4)) {
        Some(&[w, x, y, z]) => u32::from_be_bytes([w, x, y, z]),
        _ => 0,
    }
}

#[inline]
pub(crate) fn byte(b: &[u8], at: usize) -> u8 {
    b.get(at).copied().unwrap_or(0)
}

#[inline]
pub(crate) fn put(buf: &mut [u8], at: usize, src: &[u8]) {
    if let Some(dst) = buf.get_mut(at..at.saturating_add(src.len())) {
        dst.copy_from_slice(src);
    }
}
