//! The one error type of the crate.

/// Everything that can go wrong while framing, parsing, validating or
/// building a SIP message. Offsets count bytes from the start of the input
/// given to the failing parser (the message for message-level errors, the
/// header value for typed-header errors, the URI text for URI errors).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input ends before the message does (stream framing: read more).
    #[error("incomplete message: {what} (have {have} bytes)")]
    Incomplete {
        /// What is still missing.
        what: &'static str,
        /// How many bytes were available.
        have: usize,
    },
    /// The request line or status line does not follow RFC 3261 §25.
    #[error("malformed start line at offset {offset}: {reason}")]
    StartLine {
        /// Offset of the offending byte.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A header line is malformed (bad name, missing colon, bad folding).
    #[error("malformed header line at offset {offset}: {reason}")]
    HeaderLine {
        /// Offset of the start of the header line.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A header value does not match its grammar (typed access).
    #[error("malformed {header} header at offset {offset} of its value: {reason}")]
    Header {
        /// Canonical name of the header.
        header: &'static str,
        /// Offset inside the header value.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A header that the operation needs is absent.
    #[error("missing {header} header")]
    MissingHeader {
        /// Canonical name of the header.
        header: &'static str,
    },
    /// A URI does not match the SIP, SIPS, TEL or absolute-URI grammar.
    #[error("malformed URI at offset {offset}: {reason}")]
    Uri {
        /// Offset inside the URI text.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// `Content-Length` is malformed, repeated with different values, or
    /// absent where the transport requires it.
    #[error("bad Content-Length: {reason}")]
    ContentLength {
        /// What is wrong.
        reason: &'static str,
    },
    /// A datagram holds fewer body bytes than its `Content-Length` declares.
    #[error(
        "body truncated: Content-Length {declared}, only {available} bytes follow the headers"
    )]
    Truncated {
        /// The declared `Content-Length`.
        declared: usize,
        /// Bytes actually present after the header block.
        available: usize,
    },
    /// A configured limit was exceeded (see [`crate::Limits`]).
    #[error("limit exceeded: {what} (max {max})")]
    Limit {
        /// Which limit.
        what: &'static str,
        /// The configured maximum.
        max: usize,
    },
    /// A builder was given a value that cannot be serialised.
    #[error("cannot build message: {reason}")]
    Build {
        /// What is wrong.
        reason: &'static str,
    },
}

/// Shorthand for `Result<T, Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;
