//! The one error type of the crate.

/// Which SDP field (line type) or part of one an error is about.
pub type Field = &'static str;

/// Everything that can go wrong parsing an SDP body or negotiating an answer.
///
/// Parse errors carry the 1-based line number and the field (`"o="`,
/// `"m= port"`, `"a=rtpmap"` …) so that a PBX log line points at the culprit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not UTF-8 (byte offset of the first bad byte).
    #[error("not UTF-8 at byte {offset}")]
    Utf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A line is not `<letter>=<value>` (empty line, stray CR, NUL, unknown type letter).
    #[error("line {line}: malformed line: {reason}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A field is out of the RFC 8866 order, or repeated where only one is allowed.
    #[error("line {line}: {field} not allowed here (after {after})")]
    Order {
        /// 1-based line number.
        line: usize,
        /// The offending field.
        field: Field,
        /// The field that came before it.
        after: Field,
    },
    /// A field's value does not follow its grammar.
    #[error("line {line}: bad {field}: {reason}")]
    Syntax {
        /// 1-based line number (0 when the value did not come from a parsed line).
        line: usize,
        /// The field (and sub-field) at fault.
        field: Field,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A mandatory field is absent (`v=`, `o=`, `s=`, `t=`, `c=`).
    #[error("missing {field}")]
    Missing {
        /// The missing field.
        field: Field,
    },
    /// The input asks for more than the configured [`Limits`](crate::Limits) allow.
    #[error("line {line}: limit exceeded: more than {limit} {what}")]
    Limit {
        /// 1-based line number where the limit was crossed (0 = whole body).
        line: usize,
        /// What was counted (`"lines"`, `"media descriptions"`, `"attributes"`, `"bytes"` …).
        what: &'static str,
        /// The configured limit.
        limit: usize,
    },
    /// Offer/answer: no stream of the offer is acceptable; a SIP UAS answers 488.
    #[error("488 not acceptable here: {reason}")]
    NotAcceptable {
        /// Why nothing could be accepted.
        reason: &'static str,
    },
}

impl Error {
    /// The SIP status code a UAS should send when this error stops it from
    /// answering an offer: 488 for negotiation failures, 400 for a malformed body.
    pub fn sip_status(&self) -> u16 {
        match self {
            Self::NotAcceptable { .. } => 488,
            _ => 400,
        }
    }

    /// The 1-based line number the error points at, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Line { line, .. }
            | Self::Order { line, .. }
            | Self::Syntax { line, .. }
            | Self::Limit { line, .. }
                if *line > 0 =>
            {
                Some(*line)
            }
            _ => None,
        }
    }
}
