//! Explicit, configurable bounds on the work a message may demand.

/// Bounds applied while parsing. Every limit yields [`crate::Error::Limit`]
/// when exceeded, so hostile input costs bounded memory and time.
///
/// ```
/// use missive_sip::{Limits, Message, Error};
/// let strict = Limits { max_headers: 2, ..Limits::default() };
/// let msg = b"OPTIONS sip:a@b SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
/// assert!(matches!(Message::parse_with(msg, &strict), Err(Error::Limit { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest whole message (start line, headers and body), in bytes.
    /// Default 65 535 (the largest UDP payload).
    pub max_message_size: usize,
    /// Most header fields (lines, after unfolding). Default 256.
    pub max_headers: usize,
    /// Longest start line or header field, folded lines included. Default 16 384.
    pub max_line_length: usize,
    /// Most Via values (over all Via header lines). Default 70.
    pub max_vias: usize,
    /// Most values in any other list header (Contact, Route, Allow …). Default 256.
    pub max_list_values: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_size: 65_535,
            max_headers: 256,
            max_line_length: 16_384,
            max_vias: 70,
            max_list_values: 256,
        }
    }
}
