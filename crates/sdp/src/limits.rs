//! Explicit bounds on what a parsed body may demand.

/// Upper bounds on the work and memory one SDP body may cost. Crossing one
/// gives [`Error::Limit`](crate::Error::Limit). The defaults are far above what
/// any telephony peer sends (a busy WebRTC offer has ~150 lines) and small
/// enough that a hostile body costs little.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum body size in bytes (default 64 KiB).
    pub max_bytes: usize,
    /// Maximum number of lines (default 1024).
    pub max_lines: usize,
    /// Maximum length of one line in bytes, terminator excluded (default 4096).
    pub max_line_len: usize,
    /// Maximum number of `m=` sections (default 32).
    pub max_media: usize,
    /// Maximum number of `a=` lines in the whole body (default 512).
    pub max_attributes: usize,
    /// Maximum number of formats on one `m=` line (default 128).
    pub max_formats: usize,
}

impl Limits {
    /// The default limits (see each field).
    pub const DEFAULT: Self = Self {
        max_bytes: 64 * 1024,
        max_lines: 1024,
        max_line_len: 4096,
        max_media: 32,
        max_attributes: 512,
        max_formats: 128,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
