//! The one error type of the crate.

/// Everything that can go wrong configuring a detector or a generator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration field is out of its documented range.
    #[error("invalid configuration: {field} = {value} ({reason})")]
    Config {
        /// The field's name.
        field: &'static str,
        /// The rejected value.
        value: f32,
        /// What the field must be.
        reason: &'static str,
    },
    /// A character that is not a DTMF digit (0-9, *, #, A-D) where one was expected.
    #[error("not a DTMF digit: {ch:?} at offset {offset}")]
    Digit {
        /// Byte offset of the character in the input string.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// A request would exceed a configured limit (queued segments or samples).
    #[error("limit exceeded: {what} (limit {limit})")]
    Limit {
        /// What was limited.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
}
