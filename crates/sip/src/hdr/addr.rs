//! `name-addr / addr-spec` headers: From, To, Contact, Route, Record-Route.

use crate::chars::angle_uri_len;
use crate::cursor::{is_lws, parse_u32, Cursor};
use crate::error::Error;
use crate::params::Params;
use crate::uri::Uri;

/// An address with optional display name and header parameters.
///
/// Parsing finds the address's parts (display name, the URI's extent,
/// parameters) but leaves the URI as text: [`NameAddr::uri`] parses it on
/// demand (no allocation), so reading a tag costs no URI parse. Validation
/// ([`crate::validate::check`]) parses the URIs of every address header.
///
/// ```
/// use missive_sip::hdr::NameAddr;
/// let a = NameAddr::parse_one(b"\"Alice \\\"A\\\"\" <sip:alice@atlanta.example.com>;tag=88sja8x").unwrap();
/// assert_eq!(a.display_name, Some("Alice \\\"A\\\""));
/// assert_eq!(a.display_name_unescaped().as_deref(), Some("Alice \"A\""));
/// assert_eq!(a.tag(), Some("88sja8x"));
/// assert_eq!(a.uri_text, "sip:alice@atlanta.example.com");
/// let missive_sip::Uri::Sip(u) = a.uri().unwrap() else { unreachable!() };
/// assert_eq!(u.user, Some("alice"));
/// // A malformed URI is found when the URI is asked for.
/// let bad = NameAddr::parse_one(b"<sip:@example.com>;tag=1").unwrap();
/// assert_eq!(bad.tag(), Some("1"));
/// assert!(bad.uri().is_err());
/// // Without <>, parameters belong to the header, not the URI.
/// let b = NameAddr::parse_one(b"sip:bob@example.com;tag=1").unwrap();
/// assert_eq!(b.tag(), Some("1"));
/// assert!(NameAddr::parse_one(b"Bell, Alexander <sip:a.g.bell@example.com>").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAddr<'a> {
    /// The display name as written: the inside of a quoted string (escapes
    /// kept) or the run of tokens.
    pub display_name: Option<&'a str>,
    /// Whether the URI was enclosed in `<>`.
    pub angle: bool,
    /// The URI exactly as written (inside `<>`, or the bare addr-spec),
    /// not yet parsed: see [`NameAddr::uri`].
    pub uri_text: &'a str,
    /// Header parameters after the address.
    pub params: Params<'a>,
    /// Offset of the URI in the header value (for error offsets).
    uri_at: usize,
    /// Header name for errors.
    header: &'static str,
    /// The first `tag` parameter: absent, valueless, or its value.
    tag: Option<Option<&'a str>>,
}

impl<'a> NameAddr<'a> {
    pub(crate) fn parse_at(c: &mut Cursor<'a>, require_angle: bool) -> Result<Self, Error> {
        c.skip_ws();
        let mut display_name = None;
        let angle;
        if c.peek() == Some(b'"') {
            display_name = Some(c.quoted()?);
            c.skip_ws();
            if !c.eat(b'<') {
                return Err(c.err("expected '<' after display name"));
            }
            angle = true;
        } else if c.eat(b'<') {
            angle = true;
        } else {
            // Either `token *(LWS token) <` or an addr-spec.
            let save = c.pos;
            let mut end = c.pos;
            while c.token().is_some() {
                end = c.pos;
                c.skip_ws();
            }
            if end > save && c.peek() == Some(b'<') {
                display_name = Some(c.text(save, end));
                c.pos += 1;
                angle = true;
            } else {
                c.pos = save;
                angle = false;
            }
        }
        let ustart = c.pos;
        let uri_bytes = if angle {
            let rest = c.b.get(c.pos..).unwrap_or_default();
            let u = rest.get(..angle_uri_len(rest)).unwrap_or_default();
            c.pos += u.len();
            if !c.eat(b'>') {
                return Err(c.err("expected '>' (no whitespace inside <>)"));
            }
            u
        } else {
            if require_angle {
                return Err(c.err("address must be enclosed in <>"));
            }
            let u = c.take_while(|x| !matches!(x, b';' | b',' | b'?') && !is_lws(x));
            if c.peek() == Some(b'?') {
                return Err(c.err("'?' in an addr-spec that is not enclosed in <>"));
            }
            u
        };
        if uri_bytes.is_empty() {
            return Err(Cursor { pos: ustart, ..*c }.err("empty URI"));
        }
        let uri_text = c
            .text_checked(ustart, ustart + uri_bytes.len())
            .ok_or_else(|| Cursor { pos: ustart, ..*c }.err("URI is not ASCII"))?;
        // The tag is read once here, so `tag()` needs no second scan.
        let mut tag = None;
        let params = Params::parse_checked(c, |n, v, c| {
            if tag.is_none() && n.eq_ignore_ascii_case(b"tag") {
                tag = Some(v.map(|(a, b)| c.text(a, b)));
            }
            Ok(())
        })?;
        Ok(Self {
            display_name,
            angle,
            uri_text,
            params,
            uri_at: ustart,
            header: c.header,
            tag,
        })
    }

    /// The URI, parsed now (SIP/SIPS/TEL or another scheme kept opaque).
    /// Errors carry the offset in the header value.
    pub fn uri(&self) -> Result<Uri<'a>, Error> {
        Uri::parse(self.uri_text).map_err(|e| match e {
            Error::Uri { offset, reason } => Error::Header {
                header: self.header,
                offset: self.uri_at + offset,
                reason,
            },
            other => other,
        })
    }

    /// Parses a single-valued address header (From, To, Refer-To …).
    pub fn parse_one(value: &'a [u8]) -> Result<Self, Error> {
        Self::parse_named(value, "From/To")
    }

    pub(crate) fn parse_named(value: &'a [u8], header: &'static str) -> Result<Self, Error> {
        Self::parse_whole(Cursor::new(value, header))
    }

    pub(crate) fn parse_whole(mut c: Cursor<'a>) -> Result<Self, Error> {
        let a = Self::parse_at(&mut c, false)?;
        c.end()?;
        Ok(a)
    }

    /// Parses a comma-separated list of addresses (Contact, Route …),
    /// appending at most `max` to `out`. Route and Record-Route require `<>`.
    pub fn parse_list(
        value: &'a [u8],
        header: &'static str,
        require_angle: bool,
        max: usize,
        out: &mut Vec<Self>,
    ) -> Result<(), Error> {
        Self::parse_list_at(Cursor::new(value, header), require_angle, max, out)
    }

    pub(crate) fn parse_list_at(
        mut c: Cursor<'a>,
        require_angle: bool,
        max: usize,
        out: &mut Vec<Self>,
    ) -> Result<(), Error> {
        loop {
            if out.len() >= max {
                return Err(Error::Limit {
                    what: "list values",
                    max,
                });
            }
            out.push(Self::parse_at(&mut c, require_angle)?);
            if !c.sep(b',') {
                return c.end();
            }
        }
    }

    /// The `tag` parameter.
    pub fn tag(&self) -> Option<&'a str> {
        self.tag.flatten()
    }

    /// The `expires` parameter (Contact).
    pub fn expires(&self) -> Option<u32> {
        self.params
            .get("expires")
            .flatten()
            .and_then(|v| parse_u32(v.as_bytes()))
    }

    /// The `q` parameter (Contact) in thousandths: `q=0.7` is 700.
    pub fn q(&self) -> Option<u16> {
        self.params.get("q").flatten().and_then(parse_qvalue)
    }

    /// The display name with quotes removed and quoted-pairs resolved.
    pub fn display_name_unescaped(&self) -> Option<String> {
        let d = self.display_name?;
        let mut s = String::with_capacity(d.len());
        let mut esc = false;
        for ch in d.chars() {
            if esc {
                s.push(ch);
                esc = false;
            } else if ch == '\\' {
                esc = true;
            } else {
                s.push(ch);
            }
        }
        Some(s)
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
pub fn parse_qvalue(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut f: u16 = 0;
    for (i, c) in frac.bytes().enumerate() {
        f += u16::from(c - b'0') * [100, 10, 1].get(i).copied().unwrap_or(0);
    }
    match int {
        "0" => Some(f),
        "1" if f == 0 => Some(1000),
        _ => None,
    }
}

/// The value of Contact headers: `*` or a list of addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact<'a> {
    /// `Contact: *` (REGISTER removing all bindings).
    Star,
    /// One or more addresses.
    Addresses(Vec<NameAddr<'a>>),
}

impl<'a> Contact<'a> {
    /// Parses the values of all Contact header fields (in order).
    pub fn parse<I: IntoIterator<Item = &'a [u8]>>(values: I, max: usize) -> Result<Self, Error> {
        let mut list = Vec::new();
        let mut star = false;
        for v in values {
            if v == b"*" {
                star = true;
            } else {
                NameAddr::parse_list(v, "Contact", false, max, &mut list)?;
            }
        }
        match (star, list.is_empty()) {
            (true, true) => Ok(Self::Star),
            (true, false) => Err(Error::Header {
                header: "Contact",
                offset: 0,
                reason: "'*' combined with addresses",
            }),
            _ => Ok(Self::Addresses(list)),
        }
    }
}
