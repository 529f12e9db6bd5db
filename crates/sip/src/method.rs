//! Request methods and the protocol version.

use core::fmt;

/// A request method. Methods are case-sensitive tokens; unknown ones are kept.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method<'a> {
    /// INVITE
    Invite,
    /// ACK
    Ack,
    /// OPTIONS
    Options,
    /// BYE
    Bye,
    /// CANCEL
    Cancel,
    /// REGISTER
    Register,
    /// SUBSCRIBE (RFC 6665)
    Subscribe,
    /// NOTIFY (RFC 6665)
    Notify,
    /// REFER (RFC 3515)
    Refer,
    /// MESSAGE (RFC 3428)
    Message,
    /// INFO (RFC 6086)
    Info,
    /// PRACK (RFC 3262)
    Prack,
    /// UPDATE (RFC 3311)
    Update,
    /// PUBLISH (RFC 3903)
    Publish,
    /// Any other method token, as written.
    Other(&'a str),
}

impl<'a> Method<'a> {
    /// Maps a (validated) method token to its variant.
    pub fn from_token(t: &'a str) -> Self {
        match t {
            "INVITE" => Self::Invite,
            "ACK" => Self::Ack,
            "OPTIONS" => Self::Options,
            "BYE" => Self::Bye,
            "CANCEL" => Self::Cancel,
            "REGISTER" => Self::Register,
            "SUBSCRIBE" => Self::Subscribe,
            "NOTIFY" => Self::Notify,
            "REFER" => Self::Refer,
            "MESSAGE" => Self::Message,
            "INFO" => Self::Info,
            "PRACK" => Self::Prack,
            "UPDATE" => Self::Update,
            "PUBLISH" => Self::Publish,
            other => Self::Other(other),
        }
    }

    /// The method token.
    pub fn as_str(&self) -> &'a str {
        match self {
            Self::Invite => "INVITE",
            Self::Ack => "ACK",
            Self::Options => "OPTIONS",
            Self::Bye => "BYE",
            Self::Cancel => "CANCEL",
            Self::Register => "REGISTER",
            Self::Subscribe => "SUBSCRIBE",
            Self::Notify => "NOTIFY",
            Self::Refer => "REFER",
            Self::Message => "MESSAGE",
            Self::Info => "INFO",
            Self::Prack => "PRACK",
            Self::Update => "UPDATE",
            Self::Publish => "PUBLISH",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for Method<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `SIP/major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl Version {
    /// SIP/2.0.
    pub const SIP_2_0: Self = Self { major: 2, minor: 0 };

    /// Parses `"SIP" "/" 1*DIGIT "." 1*DIGIT` (the literal is case-insensitive).
    pub fn parse(b: &[u8]) -> Option<Self> {
        if b == b"SIP/2.0" {
            return Some(Self::SIP_2_0);
        }
        let rest = b.get(4..)?;
        if !b.get(..4)?.eq_ignore_ascii_case(b"SIP/") {
            return None;
        }
        let dot = rest.iter().position(|&c| c == b'.')?;
        let major = crate::cursor::parse_u32(rest.get(..dot)?)?;
        let minor = crate::cursor::parse_u32(rest.get(dot + 1..)?)?;
        Some(Self { major, minor })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SIP/{}.{}", self.major, self.minor)
    }
}
