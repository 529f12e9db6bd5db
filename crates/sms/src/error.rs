//! The one error type of this crate.

/// Everything that can go wrong decoding or encoding SMS data.
///
/// Offsets count octets from the start of the PDU as given (including the
/// SMSC prefix when there is one).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The PDU ended before a field was complete.
    #[error("PDU truncated at octet {offset}: {field} needs more octets")]
    Truncated {
        /// Octet offset where the field starts.
        offset: usize,
        /// The field being read.
        field: &'static str,
    },
    /// A field holds a value that TS 23.040 / TS 23.038 does not allow.
    #[error("invalid {field} at octet {offset}")]
    Invalid {
        /// Octet offset of the offending field.
        offset: usize,
        /// The field.
        field: &'static str,
    },
    /// Octets (other than SIM padding 0xFF) follow the end of the TPDU.
    #[error("{count} unexpected octets after the TPDU at octet {offset}")]
    Trailing {
        /// Octet offset of the first extra octet.
        offset: usize,
        /// How many octets are left over.
        count: usize,
    },
    /// The hexadecimal text of a PDU is malformed.
    #[error("bad hexadecimal PDU at character {offset}")]
    Hex {
        /// Character offset of the problem (the length for odd-length text).
        offset: usize,
    },
    /// The user data is compressed (TS 23.042), which this crate does not decode.
    #[error("user data is compressed (TS 23.042); not decoded")]
    Compressed,
    /// A character cannot be represented in the chosen alphabet.
    #[error("character {ch:?} at index {index} cannot be encoded in {alphabet}")]
    Unrepresentable {
        /// The character.
        ch: char,
        /// Its index (in characters) in the text.
        index: usize,
        /// The alphabet that was asked for.
        alphabet: &'static str,
    },
    /// An address given to a builder is not a valid phone number or alphanumeric sender.
    #[error("invalid address {0:?}")]
    Address(String),
    /// A message or reassembly would exceed a configured limit.
    #[error("limit exceeded: {what} (maximum {max})")]
    Limit {
        /// What grew too large.
        what: &'static str,
        /// The configured maximum.
        max: usize,
    },
}
