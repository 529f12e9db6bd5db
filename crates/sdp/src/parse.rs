//! The RFC 8866 line parser: strict grammar and field order, zero-copy.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Field};
use crate::limits::Limits;
use crate::session::{
    Attribute, Bandwidth, Connection, LineEnding, Media, Origin, SessionDescription, Timing,
};

/// Parses an SDP body with the default [`Limits`].
///
/// # Errors
/// Any departure from the RFC 8866 grammar or field order, or a crossed limit.
pub fn parse(text: &str) -> Result<SessionDescription<'_>, Error> {
    parse_with(text, &Limits::DEFAULT)
}

/// Parses an SDP body given as bytes (it must be UTF-8), with the default limits.
///
/// # Errors
/// [`Error::Utf8`] for non-UTF-8 input, then as [`parse`].
pub fn parse_bytes(bytes: &[u8]) -> Result<SessionDescription<'_>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Utf8 {
        offset: e.valid_up_to(),
    })?;
    parse(text)
}

/// Parses an SDP body with explicit limits.
///
/// # Errors
/// Any departure from the RFC 8866 grammar or field order, or a crossed limit.
pub fn parse_with<'a>(text: &'a str, limits: &Limits) -> Result<SessionDescription<'a>, Error> {
    if text.len() > limits.max_bytes {
        return Err(Error::Limit {
            line: 0,
            what: "bytes",
            limit: limits.max_bytes,
        });
    }
    Parser::new(limits).run(text)
}

/// Position in the RFC 8866 field order, session level then media level.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Pos {
    Start,
    V,
    O,
    S,
    I,
    U,
    E,
    P,
    C,
    B,
    T,
    R,
    Z,
    K,
    A,
    M,
    MI,
    MC,
    MB,
    MK,
    MA,
}

impl Pos {
    fn name(self) -> Field {
        match self {
            Self::Start => "start of body",
            Self::V => "v=",
            Self::O => "o=",
            Self::S => "s=",
            Self::I | Self::MI => "i=",
            Self::U => "u=",
            Self::E => "e=",
            Self::P => "p=",
            Self::C | Self::MC => "c=",
            Self::B | Self::MB => "b=",
            Self::T => "t=",
            Self::R => "r=",
            Self::Z => "z=",
            Self::K | Self::MK => "k=",
            Self::A | Self::MA => "a=",
            Self::M => "m=",
        }
    }

    fn repeatable(self) -> bool {
        matches!(
            self,
            Self::E
                | Self::P
                | Self::B
                | Self::T
                | Self::A
                | Self::M
                | Self::MC
                | Self::MB
                | Self::MA
        )
    }
}

struct Parser<'l> {
    limits: &'l Limits,
    line: usize,
    pos: Pos,
    attributes: usize,
}

struct Session<'a> {
    origin: Option<Origin<'a>>,
    name: Option<Cow<'a, str>>,
    desc: SessionDescription<'a>,
}

impl<'l> Parser<'l> {
    fn new(limits: &'l Limits) -> Self {
        Self {
            limits,
            line: 0,
            pos: Pos::Start,
            attributes: 0,
        }
    }

    fn syntax(&self, field: Field, reason: &'static str) -> Error {
        Error::Syntax {
            line: self.line,
            field,
            reason,
        }
    }

    fn limit(&self, what: &'static str, limit: usize) -> Error {
        Error::Limit {
            line: self.line,
            what,
            limit,
        }
    }

    #[allow(clippy::too_many_lines)]
    fn run(mut self, text: &str) -> Result<SessionDescription<'_>, Error> {
        let mut s = Session {
            origin: None,
            name: None,
            desc: SessionDescription::new(Origin {
                username: Cow::Borrowed(""),
                session_id: Cow::Borrowed(""),
                session_version: Cow::Borrowed(""),
                nettype: Cow::Borrowed(""),
                addrtype: Cow::Borrowed(""),
                address: Cow::Borrowed(""),
            }),
        };
        s.desc.timings.clear();
        s.desc.session_name = Cow::Borrowed("");
        let mut rest = text;
        let mut ending: Option<LineEnding> = None;
        while !rest.is_empty() {
            self.line += 1;
            if self.line > self.limits.max_lines {
                return Err(self.limit("lines", self.limits.max_lines));
            }
            let (line, this_ending, next) = match rest.find('\n') {
                Some(nl) => {
                    let (body, ending) = match rest[..nl].strip_suffix('\r') {
                        Some(b) => (b, LineEnding::CrLf),
                        None => (&rest[..nl], LineEnding::Lf),
                    };
                    (body, Some(ending), &rest[nl + 1..])
                }
                None => (rest, None, ""),
            };
            rest = next;
            match (this_ending, ending) {
                (Some(e), None) => ending = Some(e),
                (Some(e), Some(first)) if e != first => {
                    s.desc.layout.exceptions.push((self.line - 1) as u32);
                }
                (None, _) => s.desc.layout.unterminated_last = true,
                _ => {}
            }
            if line.is_empty() && rest.bytes().all(|b| b == b'\r' || b == b'\n') {
                // Blank lines are tolerated only at the very end.
                s.desc.layout.trailing_blank_lines += 1;
                continue;
            }
            if line.len() > self.limits.max_line_len {
                return Err(self.limit("bytes in one line", self.limits.max_line_len));
            }
            self.parse_line(line, &mut s)?;
        }
        s.desc.layout.ending = ending.unwrap_or_default();
        if self.pos == Pos::Start {
            return Err(Error::Missing { field: "v=" });
        }
        s.desc.origin = s.origin.ok_or(Error::Missing { field: "o=" })?;
        s.desc.session_name = s.name.ok_or(Error::Missing { field: "s=" })?;
        if s.desc.timings.is_empty() {
            return Err(Error::Missing { field: "t=" });
        }
        if s.desc.connection.is_none() && s.desc.media.iter().any(|m| m.connections.is_empty()) {
            return Err(Error::Missing { field: "c=" });
        }
        Ok(s.desc)
    }

    fn advance(&mut self, to: Pos) -> Result<(), Error> {
        let cur = self.pos;
        let ok = match to {
            Pos::V => cur == Pos::Start,
            Pos::O => cur == Pos::V,
            Pos::S => cur == Pos::O,
            // A new time description may follow the repeat lines of the last one.
            Pos::T => cur >= Pos::S && (cur <= Pos::T || cur == Pos::R),
            Pos::R => cur == Pos::T || cur == Pos::R,
            // A new media section may follow anything once t= has been seen.
            Pos::M => cur >= Pos::S,
            _ if cur < Pos::S => false,
            _ if to > cur => {
                // Session-level fields cannot appear inside a media section.
                !(cur >= Pos::M && to < Pos::M)
            }
            _ => to == cur && to.repeatable(),
        };
        if !ok {
            if cur == Pos::Start {
                return Err(Error::Missing { field: "v=" });
            }
            return Err(Error::Order {
                line: self.line,
                field: to.name(),
                after: cur.name(),
            });
        }
        if to > Pos::R && to <= Pos::M && cur < Pos::T {
            return Err(Error::Missing { field: "t=" });
        }
        self.pos = to;
        Ok(())
    }

    #[allow(clippy::too_many_lines)]
    fn parse_line<'a>(&mut self, line: &'a str, s: &mut Session<'a>) -> Result<(), Error> {
        let bytes = line.as_bytes();
        let (kind, value) = match bytes {
            [] => {
                return Err(Error::Line {
                    line: self.line,
                    reason: "empty line",
                })
            }
            [k, b'=', ..] if k.is_ascii_lowercase() => (*k, &line[2..]),
            _ => {
                return Err(Error::Line {
                    line: self.line,
                    reason: "expected <lowercase letter>=<value>",
                })
            }
        };
        if value.bytes().any(|b| b == 0 || b == b'\r') {
            return Err(Error::Line {
                line: self.line,
                reason: "NUL or stray CR inside a line",
            });
        }
        let in_media = self.pos >= Pos::M;
        match kind {
            b'v' => {
                self.advance(Pos::V)?;
                if value != "0" {
                    return Err(self.syntax("v=", "only version 0 exists"));
                }
            }
            b'o' => {
                self.advance(Pos::O)?;
                s.origin = Some(self.origin(value)?);
            }
            b's' => {
                self.advance(Pos::S)?;
                s.name = Some(Cow::Borrowed(value));
            }
            b'i' => {
                if in_media {
                    self.advance(Pos::MI)?;
                    self.media(s)?.information = Some(Cow::Borrowed(value));
                } else {
                    self.advance(Pos::I)?;
                    s.desc.information = Some(Cow::Borrowed(value));
                }
            }
            b'u' => {
                self.advance(Pos::U)?;
                self.nonempty(value, "u=")?;
                s.desc.uri = Some(Cow::Borrowed(value));
            }
            b'e' => {
                self.advance(Pos::E)?;
                self.nonempty(value, "e=")?;
                s.desc.emails.push(Cow::Borrowed(value));
            }
            b'p' => {
                self.advance(Pos::P)?;
                self.nonempty(value, "p=")?;
                s.desc.phones.push(Cow::Borrowed(value));
            }
            b'c' => {
                let c = self.connection(value)?;
                if in_media {
                    self.advance(Pos::MC)?;
                    self.media(s)?.connections.push(c);
                } else {
                    self.advance(Pos::C)?;
                    s.desc.connection = Some(c);
                }
            }
            b'b' => {
                let b = self.bandwidth(value)?;
                if in_media {
                    self.advance(Pos::MB)?;
                    self.media(s)?.bandwidths.push(b);
                } else {
                    self.advance(Pos::B)?;
                    s.desc.bandwidths.push(b);
                }
            }
            b't' => {
                self.advance(Pos::T)?;
                let mut it = value.split(' ');
                let (Some(start), Some(stop), None) = (it.next(), it.next(), it.next()) else {
                    return Err(self.syntax("t=", "expected <start> <stop>"));
                };
                self.digits(start, "t= start")?;
                self.digits(stop, "t= stop")?;
                s.desc.timings.push(Timing {
                    start: Cow::Borrowed(start),
                    stop: Cow::Borrowed(stop),
                    repeats: Vec::new(),
                });
            }
            b'r' => {
                self.advance(Pos::R)?;
                let mut n = 0usize;
                for tok in value.split(' ') {
                    self.typed_time(tok, false, "r=")?;
                    n += 1;
                }
                if n < 3 {
                    return Err(self.syntax("r=", "expected <interval> <duration> <offsets>"));
                }
                if let Some(t) = s.desc.timings.last_mut() {
                    t.repeats.push(Cow::Borrowed(value));
                }
            }
            b'z' => {
                self.advance(Pos::Z)?;
                let mut n = 0usize;
                for (i, tok) in value.split(' ').enumerate() {
                    if i % 2 == 0 {
                        self.digits(tok, "z= time")?;
                    } else {
                        self.typed_time(tok, true, "z= offset")?;
                    }
                    n += 1;
                }
                if n % 2 != 0 {
                    return Err(self.syntax("z=", "expected <time> <offset> pairs"));
                }
                s.desc.zone = Some(Cow::Borrowed(value));
            }
            b'k' => {
                self.nonempty(value, "k=")?;
                if in_media {
                    self.advance(Pos::MK)?;
                    self.media(s)?.key = Some(Cow::Borrowed(value));
                } else {
                    self.advance(Pos::K)?;
                    s.desc.key = Some(Cow::Borrowed(value));
                }
            }
            b'a' => {
                self.attributes += 1;
                if self.attributes > self.limits.max_attributes {
                    return Err(self.limit("attributes", self.limits.max_attributes));
                }
                let a = self.attribute(value)?;
                if in_media {
                    self.advance(Pos::MA)?;
                    self.media(s)?.attributes.push(a);
                } else {
                    self.advance(Pos::A)?;
                    s.desc.attributes.push(a);
                }
            }
            b'm' => {
                self.advance(Pos::M)?;
                if s.desc.media.len() >= self.limits.max_media {
                    return Err(self.limit("media descriptions", self.limits.max_media));
                }
                let m = self.media_line(value)?;
                s.desc.media.push(m);
            }
            _ => {
                return Err(Error::Line {
                    line: self.line,
                    reason: "unknown line type (RFC 8866 §5: the description must be ignored)",
                })
            }
        }
        Ok(())
    }

    fn media<'s, 'a>(&self, s: &'s mut Session<'a>) -> Result<&'s mut Media<'a>, Error> {
        s.desc
            .media
            .last_mut()
            .ok_or_else(|| self.syntax("m=", "media-level field before any m="))
    }

    fn nonempty(&self, value: &str, field: Field) -> Result<(), Error> {
        if value.is_empty() {
            Err(self.syntax(field, "empty value"))
        } else {
            Ok(())
        }
    }

    fn digits(&self, tok: &str, field: Field) -> Result<(), Error> {
        if !tok.is_empty() && tok.bytes().all(|b| b.is_ascii_digit()) {
            Ok(())
        } else {
            Err(self.syntax(field, "expected digits"))
        }
    }

    /// A number written without superfluous leading zeros, so that it
    /// serialises back to the same text.
    fn canonical_u64(&self, tok: &str, field: Field) -> Result<u64, Error> {
        self.digits(tok, field)?;
        if tok.len() > 1 && tok.starts_with('0') {
            return Err(self.syntax(field, "leading zero"));
        }
        tok.parse()
            .map_err(|_| self.syntax(field, "number too large"))
    }

    fn canonical_u16(&self, tok: &str, field: Field) -> Result<u16, Error> {
        let n = self.canonical_u64(tok, field)?;
        u16::try_from(n).map_err(|_| self.syntax(field, "above 65535"))
    }

    /// `typed-time` (digits with an optional d/h/m/s unit), optionally signed.
    fn typed_time(&self, tok: &str, signed: bool, field: Field) -> Result<(), Error> {
        let t = if signed {
            tok.strip_prefix('-').unwrap_or(tok)
        } else {
            tok
        };
        let t = t
            .strip_suffix(|c| matches!(c, 'd' | 'h' | 'm' | 's'))
            .unwrap_or(t);
        self.digits(t, field)
    }

    fn token(&self, tok: &'_ str, field: Field) -> Result<(), Error> {
        if !tok.is_empty() && tok.bytes().all(is_token_char) {
            Ok(())
        } else {
            Err(self.syntax(field, "expected a token"))
        }
    }

    fn origin<'a>(&self, value: &'a str) -> Result<Origin<'a>, Error> {
        let mut it = value.split(' ');
        let (
            Some(username),
            Some(id),
            Some(version),
            Some(nettype),
            Some(addrtype),
            Some(address),
            None,
        ) = (
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
            it.next(),
        )
        else {
            return Err(self.syntax(
                "o=",
                "expected <username> <sess-id> <sess-version> <nettype> <addrtype> <address>",
            ));
        };
        if username.is_empty() || !username.bytes().all(|b| b.is_ascii_graphic() || b >= 0x80) {
            return Err(self.syntax("o= username", "expected a non-space string"));
        }
        self.digits(id, "o= sess-id")?;
        self.digits(version, "o= sess-version")?;
        self.token(nettype, "o= nettype")?;
        self.token(addrtype, "o= addrtype")?;
        self.address(addrtype, address, "o= address")?;
        Ok(Origin {
            username: Cow::Borrowed(username),
            session_id: Cow::Borrowed(id),
            session_version: Cow::Borrowed(version),
            nettype: Cow::Borrowed(nettype),
            addrtype: Cow::Borrowed(addrtype),
            address: Cow::Borrowed(address),
        })
    }

    /// A unicast address, host name or (for `c=`) multicast address with suffixes.
    fn address(&self, addrtype: &str, address: &str, field: Field) -> Result<(), Error> {
        if address.is_empty() || !address.bytes().all(|b| b.is_ascii_graphic() && b != b'"') {
            return Err(self.syntax(field, "expected an address"));
        }
        let mut parts = address.split('/');
        let host = parts.next().unwrap_or("");
        let suffixes = parts.count();
        if host.is_empty() {
            return Err(self.syntax(field, "empty host"));
        }
        match addrtype {
            "IP4"
                if host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && host.parse::<Ipv4Addr>().is_err() =>
            {
                return Err(self.syntax(field, "bad IPv4 address"));
            }
            "IP6" if host.contains(':') && host.parse::<Ipv6Addr>().is_err() => {
                return Err(self.syntax(field, "bad IPv6 address"));
            }
            _ => {}
        }
        if suffixes > 0 {
            let max = if addrtype == "IP4" { 2 } else { 1 };
            if field != "c= address" || suffixes > max {
                return Err(self.syntax(field, "unexpected /suffix"));
            }
            for s in address.split('/').skip(1) {
                self.digits(s, field)?;
            }
        }
        Ok(())
    }

    fn connection<'a>(&self, value: &'a str) -> Result<Connection<'a>, Error> {
        let mut it = value.split(' ');
        let (Some(nettype), Some(addrtype), Some(address), None) =
            (it.next(), it.next(), it.next(), it.next())
        else {
            return Err(self.syntax("c=", "expected <nettype> <addrtype> <address>"));
        };
        self.token(nettype, "c= nettype")?;
        self.token(addrtype, "c= addrtype")?;
        self.address(addrtype, address, "c= address")?;
        Ok(Connection {
            nettype: Cow::Borrowed(nettype),
            addrtype: Cow::Borrowed(addrtype),
            address: Cow::Borrowed(address),
        })
    }

    fn bandwidth<'a>(&self, value: &'a str) -> Result<Bandwidth<'a>, Error> {
        let Some((bwtype, bw)) = value.split_once(':') else {
            return Err(self.syntax("b=", "expected <bwtype>:<bandwidth>"));
        };
        self.token(bwtype, "b= bwtype")?;
        Ok(Bandwidth {
            bwtype: Cow::Borrowed(bwtype),
            value: self.canonical_u64(bw, "b= bandwidth")?,
        })
    }

    fn attribute<'a>(&self, value: &'a str) -> Result<Attribute<'a>, Error> {
        let (name, val) = match value.split_once(':') {
            Some((n, v)) => (n, Some(Cow::Borrowed(v))),
            None => (value, None),
        };
        self.token(name, "a= name")?;
        Ok(Attribute {
            name: Cow::Borrowed(name),
            value: val,
        })
    }

    fn media_line<'a>(&self, value: &'a str) -> Result<Media<'a>, Error> {
        let mut it = value.split(' ');
        let (Some(media), Some(port), Some(proto)) = (it.next(), it.next(), it.next()) else {
            return Err(self.syntax("m=", "expected <media> <port> <proto> <fmt> ..."));
        };
        self.token(media, "m= media")?;
        let (port, port_count) = match port.split_once('/') {
            Some((p, n)) => (
                self.canonical_u16(p, "m= port")?,
                Some(self.canonical_u16(n, "m= number of ports")?),
            ),
            None => (self.canonical_u16(port, "m= port")?, None),
        };
        if proto.is_empty()
            || !proto
                .split('/')
                .all(|t| !t.is_empty() && t.bytes().all(is_token_char))
        {
            return Err(self.syntax("m= proto", "expected token *(/ token)"));
        }
        let mut formats = Vec::new();
        for f in it {
            if formats.len() >= self.limits.max_formats {
                return Err(self.limit("formats on one m= line", self.limits.max_formats));
            }
            self.token(f, "m= fmt")?;
            formats.push(Cow::Borrowed(f));
        }
        if formats.is_empty() {
            return Err(self.syntax("m=", "at least one format is required"));
        }
        let mut m = Media::new(Cow::Borrowed(media), port, Cow::Borrowed(proto));
        m.port_count = port_count;
        m.formats = formats;
        Ok(m)
    }
}

/// RFC 8866 `token-char`.
pub(crate) fn is_token_char(b: u8) -> bool {
    matches!(b,
        0x21 | 0x23..=0x27 | 0x2A..=0x2B | 0x2D..=0x2E | 0x30..=0x39 | 0x41..=0x5A | 0x5E..=0x7E)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC: &str = "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    fn err(text: &str) -> Error {
        parse(text).expect_err(text)
    }

    #[test]
    fn minimal_parses_and_round_trips() {
        let sdp = parse(BASIC).unwrap();
        assert_eq!(sdp.origin.session_version, "2");
        assert_eq!(sdp.media[0].port, 4000);
        assert_eq!(sdp.to_string(), BASIC);
    }

    #[test]
    fn lf_mixed_and_unterminated_round_trip() {
        for text in [
            BASIC.replace("\r\n", "\n"),
            BASIC.replacen("\r\n", "\n", 2),
            BASIC.trim_end().to_owned(),
            format!("{BASIC}\r\n\r\n"),
        ] {
            let sdp = parse(&text).unwrap();
            assert_eq!(sdp.to_string(), text);
        }
    }

    #[test]
    fn order_errors_name_line_and_field() {
        let e = err("v=0\r\ns=-\r\no=- 1 2 IN IP4 h\r\n");
        assert_eq!(
            e,
            Error::Order {
                line: 2,
                field: "s=",
                after: "v="
            }
        );
        // c= after b= at session level.
        let e = err("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nb=AS:64\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n");
        assert_eq!(e.line(), Some(5));
        // Session-level u= inside a media section.
        let e = err(&format!("{BASIC}u=http://x\r\n"));
        assert!(
            matches!(
                e,
                Error::Order {
                    line: 7,
                    field: "u=",
                    ..
                }
            ),
            "{e}"
        );
        // Two s= lines.
        let e = err("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\ns=-\r\nt=0 0\r\n");
        assert!(matches!(e, Error::Order { line: 4, .. }), "{e}");
        // r= without t=, a= before t=.
        assert_eq!(
            err("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\na=x\r\n"),
            Error::Missing { field: "t=" }
        );
        // Media-level a= then c= is out of order.
        let e = err(&format!("{BASIC}a=sendrecv\r\nc=IN IP4 192.0.2.2\r\n"));
        assert!(
            matches!(
                e,
                Error::Order {
                    line: 8,
                    field: "c=",
                    after: "a="
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn repeats_and_zones_follow_their_time() {
        let text = "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=3034423619 3042462419\r\nr=7d 1h 0 25h\r\nr=604800 3600 0 90000\r\nt=0 0\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\n";
        let sdp = parse(text).unwrap();
        assert_eq!(sdp.timings.len(), 2);
        assert_eq!(sdp.timings[0].repeats.len(), 2);
        assert_eq!(sdp.to_string(), text);
        assert!(matches!(
            err("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nr=7x 1h 0\r\n"),
            Error::Syntax {
                line: 5,
                field: "r=",
                ..
            }
        ));
        assert!(matches!(
            err("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nr=7d 1h 0\r\n"),
            Error::Order {
                line: 4,
                field: "r=",
                ..
            }
        ));
    }

    #[test]
    fn field_syntax_errors() {
        let cases: &[(&str, usize, Field)] = &[
            ("v=1\r\n", 1, "v="),
            ("v=0\r\no=- x 2 IN IP4 h\r\n", 2, "o= sess-id"),
            ("v=0\r\no=- 1 2 IN IP4\r\n", 2, "o="),
            ("v=0\r\no=- 1 2 IN IP4 300.1.1.1\r\n", 2, "o= address"),
            ("v=0\r\no=- 1 2  IN IP4 h\r\n", 2, "o="),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP6 2001:db8::zz\r\n",
                4,
                "c= address",
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nb=AS:x\r\n",
                4,
                "b= bandwidth",
            ),
            ("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0\r\n", 4, "t="),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n",
                5,
                "m= port",
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 0400 RTP/AVP 0\r\n",
                5,
                "m= port",
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 400 RTP/AVP\r\n",
                5,
                "m=",
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 400 RTP//AVP 0\r\n",
                5,
                "m= proto",
            ),
            (
                "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\na=:x\r\n",
                5,
                "a= name",
            ),
        ];
        for &(text, line, field) in cases {
            match err(text) {
                Error::Syntax {
                    line: l, field: f, ..
                } => {
                    assert_eq!((l, f), (line, field), "{text:?}");
                }
                e => panic!("{text:?}: {e}"),
            }
        }
    }

    #[test]
    fn malformed_lines() {
        assert!(matches!(err("v=0\r\nx=1\r\n"), Error::Line { line: 2, .. }));
        assert!(matches!(err("v=0\r\nO=1\r\n"), Error::Line { line: 2, .. }));
        assert!(matches!(
            err("v=0\r\n\r\no=x\r\n"),
            Error::Line { line: 2, .. }
        ));
        assert!(matches!(err("v=0\ro=x\r\n"), Error::Line { line: 1, .. }));
        assert!(matches!(
            err("v=0\r\ns=a\0b\r\n"),
            Error::Line { line: 2, .. }
        ));
        assert_eq!(err(""), Error::Missing { field: "v=" });
        assert_eq!(err("o=- 1 2 IN IP4 h\r\n"), Error::Missing { field: "v=" });
        assert_eq!(
            parse_bytes(b"v=0\r\ns=\xff\r\n").unwrap_err(),
            Error::Utf8 { offset: 7 }
        );
    }

    #[test]
    fn connection_is_required_for_every_media() {
        let text = "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\nm=video 0 RTP/AVP 31\r\n";
        assert_eq!(err(text), Error::Missing { field: "c=" });
        let with_c = format!("{text}c=IN IP6 2001:db8::1\r\n");
        let sdp = parse(&with_c).unwrap();
        assert_eq!(
            sdp.media_connection(1).and_then(Connection::ip_addr),
            "2001:db8::1".parse().ok()
        );
    }

    #[test]
    fn multicast_suffixes() {
        let text = "v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 224.2.1.1/127/3\r\nt=0 0\r\n";
        let sdp = parse(text).unwrap();
        let c = sdp.connection.as_ref().unwrap();
        assert!(c.is_multicast());
        assert_eq!(c.host(), "224.2.1.1");
        assert!(
            parse("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP6 ff15::101/3/2\r\nt=0 0\r\n").is_err()
        );
        assert!(parse("v=0\r\no=- 1 2 IN IP4 h/2\r\ns=-\r\nt=0 0\r\n").is_err());
    }

    #[test]
    fn limits_are_enforced() {
        let mut text =
            String::from("v=0\r\no=- 1 2 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n");
        for _ in 0..5 {
            text.push_str("m=audio 1 RTP/AVP 0\r\na=x\r\na=y\r\n");
        }
        let tight = |f: fn(&mut Limits)| {
            let mut l = Limits::DEFAULT;
            f(&mut l);
            parse_with(&text, &l).unwrap_err()
        };
        assert!(matches!(
            tight(|l| l.max_media = 4),
            Error::Limit {
                what: "media descriptions",
                line: 18,
                limit: 4
            }
        ));
        assert!(matches!(
            tight(|l| l.max_attributes = 3),
            Error::Limit {
                what: "attributes",
                line: 11,
                ..
            }
        ));
        assert!(matches!(
            tight(|l| l.max_lines = 10),
            Error::Limit {
                what: "lines",
                line: 11,
                ..
            }
        ));
        assert!(matches!(
            tight(|l| l.max_line_len = 15),
            Error::Limit { line: 2, .. }
        ));
        assert!(matches!(
            tight(|l| l.max_bytes = 100),
            Error::Limit {
                line: 0,
                what: "bytes",
                ..
            }
        ));
        assert!(matches!(
            tight(|l| l.max_formats = 0),
            Error::Limit { line: 6, .. }
        ));
        assert!(parse_with(&text, &Limits::DEFAULT).is_ok());
    }
}
