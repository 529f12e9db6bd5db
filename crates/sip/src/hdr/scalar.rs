//! Single-valued headers: `CSeq`, Call-ID, Max-Forwards, Content-Length,
//! Expires, Retry-After, Date.

use crate::chars::{skip_class, C_WORD};
use crate::cursor::Cursor;
use crate::error::Error;
use crate::method::Method;
use crate::params::Params;

/// `CSeq: 1*DIGIT LWS Method`.
///
/// ```
/// use missive_sip::{hdr::CSeq, Method};
/// let c = CSeq::parse(b"0009\r\n  INVITE").unwrap();
/// assert_eq!((c.seq, c.method), (9, Method::Invite));
/// assert!(CSeq::parse(b"36893488147419103232 INVITE").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CSeq<'a> {
    /// Sequence number (fits 32 bits, RFC 3261 §8.1.1.5).
    pub seq: u32,
    /// Method.
    pub method: Method<'a>,
}

impl<'a> CSeq<'a> {
    /// Parses a `CSeq` value.
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        Self::parse_at(Cursor::new(value, "CSeq"))
    }

    pub(crate) fn parse_at(mut c: Cursor<'a>) -> Result<Self, Error> {
        c.skip_ws();
        let seq = c.number("sequence number missing or over 2^32-1")?;
        if !c.skip_ws() {
            return Err(c.err("expected LWS after sequence number"));
        }
        let method = Method::from_token(c.expect_token("expected method")?);
        c.end()?;
        Ok(Self { seq, method })
    }
}

/// Parses a `Call-ID` value: `word [ "@" word ]`.
///
/// ```
/// assert_eq!(missive_sip::hdr::parse_call_id(b"f81d4fae@foo.bar.com").unwrap(), "f81d4fae@foo.bar.com");
/// assert!(missive_sip::hdr::parse_call_id(b"two words").is_err());
/// ```
pub fn parse_call_id(value: &[u8]) -> Result<&str, Error> {
    call_id_at(Cursor::new(value, "Call-ID"))
}

pub(crate) fn call_id_at(mut c: Cursor<'_>) -> Result<&str, Error> {
    let start = c.pos;
    c.pos = skip_class(c.b, start, C_WORD);
    if c.pos == start {
        return Err(c.err("expected word"));
    }
    if c.eat(b'@') {
        let at = c.pos;
        c.pos = skip_class(c.b, at, C_WORD);
        if c.pos == at {
            return Err(c.err("expected word after '@'"));
        }
    }
    if !c.at_end() {
        return Err(c.err("bad character in Call-ID"));
    }
    Ok(c.text(0, c.b.len()))
}

/// Parses a bare `1*DIGIT` value that must fit `max`.
fn number(value: &[u8], header: &'static str, max: u32) -> Result<u32, Error> {
    let mut c = Cursor::new(value, header);
    let n = c.number("expected a decimal number that fits 32 bits")?;
    c.end()?;
    if n > max {
        return Err(Error::Header {
            header,
            offset: 0,
            reason: "value too large",
        });
    }
    Ok(n)
}

/// `Max-Forwards: 1*DIGIT`, at most 255.
pub fn parse_max_forwards(value: &[u8]) -> Result<u8, Error> {
    number(value, "Max-Forwards", 255).map(|n| n as u8)
}

/// `Content-Length: 1*DIGIT`.
pub fn parse_content_length(value: &[u8]) -> Result<u32, Error> {
    number(value, "Content-Length", u32::MAX)
}

/// `Expires` / `Min-Expires: delta-seconds`.
pub fn parse_expires(value: &[u8]) -> Result<u32, Error> {
    number(value, "Expires", u32::MAX)
}

/// `Retry-After: delta-seconds [ comment ] *( SEMI retry-param )`.
///
/// ```
/// let r = missive_sip::hdr::RetryAfter::parse(b"18000 (in a meeting) ;duration=3600").unwrap();
/// assert_eq!(r.seconds, 18000);
/// assert_eq!(r.comment, Some("in a meeting"));
/// assert_eq!(r.duration(), Some(3600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter<'a> {
    /// Seconds to wait.
    pub seconds: u32,
    /// The comment, without its parentheses.
    pub comment: Option<&'a str>,
    /// Parameters.
    pub params: Params<'a>,
}

const MAX_COMMENT_DEPTH: usize = 16;

impl<'a> RetryAfter<'a> {
    /// Parses a Retry-After value.
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        let mut c = Cursor::new(value, "Retry-After");
        c.skip_ws();
        let seconds = c.number("delta-seconds missing or over 2^32-1")?;
        c.skip_ws();
        let mut comment = None;
        if c.eat(b'(') {
            let start = c.pos;
            let mut depth = 1usize;
            loop {
                match c.peek() {
                    None => return Err(c.err("unterminated comment")),
                    Some(b'\\') => c.pos += 2,
                    Some(b'(') => {
                        depth += 1;
                        if depth > MAX_COMMENT_DEPTH {
                            return Err(Error::Limit {
                                what: "comment nesting",
                                max: MAX_COMMENT_DEPTH,
                            });
                        }
                        c.pos += 1;
                    }
                    Some(b')') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        c.pos += 1;
                    }
                    Some(_) => c.pos += 1,
                }
            }
            let inner = c.b.get(start..c.pos).unwrap_or_default();
            comment = Some(core::str::from_utf8(inner).map_err(|_| c.err("comment is not UTF-8"))?);
            c.pos += 1;
        }
        let params = Params::parse(&mut c)?;
        c.end()?;
        if let Some(Some(d)) = params.get("duration") {
            if crate::cursor::parse_u32(d.as_bytes()).is_none() {
                return Err(c.err("bad duration"));
            }
        }
        Ok(Self {
            seconds,
            comment,
            params,
        })
    }

    /// The `duration` parameter.
    pub fn duration(&self) -> Option<u32> {
        self.params
            .get("duration")
            .flatten()
            .and_then(|d| d.parse().ok())
    }
}

/// An RFC 1123 date as SIP requires it (`Sat, 13 Nov 2010 23:29:00 GMT`).
///
/// ```
/// use missive_sip::hdr::HttpDate;
/// let d = HttpDate::parse(b"Sat, 13 Nov 2010 23:29:00 GMT").unwrap();
/// assert_eq!((d.year, d.month, d.day, d.hour), (2010, 11, 13, 23));
/// assert!(HttpDate::parse(b"Fri, 01 Jan 2010 16:00:00 EST").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpDate {
    /// Day of week, 0 = Monday … 6 = Sunday (as written; not cross-checked).
    pub weekday: u8,
    /// Day of month 1–31.
    pub day: u8,
    /// Month 1–12.
    pub month: u8,
    /// Year.
    pub year: u16,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–60.
    pub second: u8,
}

const WEEKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

impl HttpDate {
    /// Parses `wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"`.
    pub fn parse(value: &[u8]) -> Result<Self, Error> {
        let bad = |offset, reason| Error::Header {
            header: "Date",
            offset,
            reason,
        };
        if value.len() != 29 {
            return Err(bad(0, "not an RFC 1123 date"));
        }
        let part = |a: usize, b: usize| value.get(a..b).unwrap_or_default();
        let num = |a: usize, b: usize| {
            crate::cursor::parse_u32(part(a, b)).ok_or_else(|| bad(a, "expected digits"))
        };
        let weekday = WEEKDAYS
            .iter()
            .position(|w| *w == part(0, 3))
            .ok_or_else(|| bad(0, "bad weekday"))? as u8;
        if part(3, 5) != b", " || part(7, 8) != b" " || part(11, 12) != b" " || part(16, 17) != b" "
        {
            return Err(bad(3, "bad separator"));
        }
        let day = num(5, 7)?;
        let month = MONTHS
            .iter()
            .position(|m| *m == part(8, 11))
            .ok_or_else(|| bad(8, "bad month"))? as u8
            + 1;
        let year = num(12, 16)?;
        if part(19, 20) != b":" || part(22, 23) != b":" || part(25, 26) != b" " {
            return Err(bad(19, "bad time"));
        }
        let (hour, minute, second) = (num(17, 19)?, num(20, 22)?, num(23, 25)?);
        if part(26, 29) != b"GMT" {
            return Err(bad(26, "time zone must be GMT"));
        }
        if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return Err(bad(5, "field out of range"));
        }
        Ok(Self {
            weekday,
            day: day as u8,
            month,
            year: year as u16,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
        })
    }
}
