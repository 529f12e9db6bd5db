//! The one error type of the crate.

/// Everything that can go wrong in a mailbox rule or store operation.
///
/// Storage failures are always reported as an error, never as a count of
/// −1 or 0: a caller that cannot read the store must not turn the lamp off.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A PIN is empty, longer than 24 digits, or has a non-digit.
    #[error("PIN must be 1 to 24 digits (got {len} characters{})", if *.non_digit { ", not all digits" } else { "" })]
    BadPin {
        /// Length of the rejected PIN.
        len: usize,
        /// Whether it contained a character other than 0–9.
        non_digit: bool,
    },
    /// No subscriber or mailbox has this number.
    #[error("unknown subscriber {0}")]
    UnknownSubscriber(String),
    /// A subscriber with this number exists already.
    #[error("subscriber {0} exists already")]
    SubscriberExists(String),
    /// No message has this id.
    #[error("unknown message {0}")]
    UnknownMessage(i64),
    /// The mailbox is full: the caller is told so, the message is not stored.
    #[error("mailbox {mailbox} is full ({messages} messages, {bytes} bytes)")]
    MailboxFull {
        /// The full mailbox.
        mailbox: String,
        /// Messages in it now.
        messages: u64,
        /// Bytes in it now.
        bytes: u64,
    },
    /// A configurable limit was reached (lists, list members, greeting slots, sizes …).
    #[error("limit reached: {what} (at most {max})")]
    Limit {
        /// What was limited.
        what: &'static str,
        /// The limit in force.
        max: usize,
    },
    /// A field has a value the model does not accept.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field in question.
        field: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// No distribution list of that name for that owner.
    #[error("unknown distribution list {0}")]
    UnknownList(String),
    /// A stored message body does not match its checksum or size.
    #[error("corrupt media for message {id}: {reason}")]
    CorruptMedia {
        /// The message.
        id: i64,
        /// What did not match.
        reason: String,
    },
    /// The PIN is locked after too many wrong attempts.
    #[error("PIN locked for {0}")]
    Locked(String),
    /// The metadata database failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A file operation in the media store failed.
    #[error("storage I/O on {path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A stored record could not be decoded (the store was written by a newer version or damaged).
    #[error("stored record {what}: {reason}")]
    Record {
        /// Which record.
        what: String,
        /// Why it could not be decoded.
        reason: String,
    },
    /// A batch of deposits committed together failed; every deposit in it is
    /// unacknowledged (nothing was stored).
    #[error("storage: {0}")]
    Storage(String),
    /// Hashing the PIN failed.
    #[error("PIN hashing: {0}")]
    Hash(String),
}

impl Error {
    /// An [`Error::Invalid`] from a field name and anything displayable.
    pub(crate) fn invalid(field: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::Invalid {
            field,
            reason: reason.to_string(),
        }
    }

    /// An [`Error::Io`] naming `path`.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
