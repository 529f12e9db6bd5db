//! The crate's one error type.

/// Errors of the codec API. The coding functions themselves cannot fail;
/// only buffer sizing and packed-stream framing can.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The output buffer cannot hold the result.
    #[error("output buffer too small: {needed} bytes needed, {available} available")]
    OutputTooSmall {
        /// Bytes (or codes) the operation needs.
        needed: usize,
        /// Bytes (or codes) the caller provided.
        available: usize,
    },
}
