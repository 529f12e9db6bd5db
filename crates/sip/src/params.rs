//! Header parameters (`;name[=value]` lists after a header value).

use crate::chars::{ascii, is_token};
use crate::cursor::Cursor;
use crate::error::Error;

/// The `;name=value` parameters of a header value, kept as the original
/// slice (validated once, decoded on each lookup). Values are returned as
/// written: a quoted-string value keeps its quotes.
///
/// ```
/// use missive_sip::hdr::NameAddr;
/// let to = NameAddr::parse_one(b"<sip:bob@example.com>;tag=a6c85cf;x=\"1 2\"").unwrap();
/// assert_eq!(to.params.get("TAG"), Some(Some("a6c85cf")));
/// assert_eq!(to.params.get("x"), Some(Some("\"1 2\"")));
/// assert_eq!(to.params.iter().count(), 2);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Params<'a> {
    raw: &'a [u8],
}

fn is_value_char(c: u8) -> bool {
    is_token(c) || matches!(c, b'[' | b']' | b':')
}

/// Reads one `;name[=value]`; the cursor sits just after the `;` and SWS.
type Raw<'a> = (&'a [u8], Option<&'a [u8]>);

fn one<'a>(c: &mut Cursor<'a>) -> Result<Raw<'a>, Error> {
    let name = c.take_while(is_token);
    if name.is_empty() {
        return Err(c.err("expected parameter name"));
    }
    if c.sep(b'=') {
        let value = if c.peek() == Some(b'"') {
            let start = c.pos;
            c.quoted()?;
            c.b.get(start..c.pos).unwrap_or_default()
        } else {
            let v = c.take_while(is_value_char);
            if v.is_empty() {
                return Err(c.err("expected parameter value"));
            }
            v
        };
        Ok((name, Some(value)))
    } else {
        Ok((name, None))
    }
}

fn ascii_or_utf8(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or("")
}

impl<'a> Params<'a> {
    /// Parses `*( SEMI generic-param )` at the cursor, stopping before the
    /// first byte that does not start another parameter.
    pub(crate) fn parse(c: &mut Cursor<'a>) -> Result<Self, Error> {
        Self::parse_checked(c, |_, _| Ok(()))
    }

    /// [`Params::parse`], calling `check` on each parameter as it is read.
    pub(crate) fn parse_checked(
        c: &mut Cursor<'a>,
        check: impl Fn(&[u8], Option<&[u8]>) -> Result<(), &'static str>,
    ) -> Result<Self, Error> {
        let start = c.pos;
        let mut end = start;
        loop {
            if !c.sep(b';') {
                break;
            }
            let (n, v) = one(c)?;
            check(n, v).map_err(|reason| c.err(reason))?;
            end = c.pos;
        }
        c.pos = end;
        Ok(Self {
            raw: c.b.get(start..end).unwrap_or_default(),
        })
    }

    /// The parameters exactly as written (leading `;` included).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Every `(name, value)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + 'a {
        self.iter_raw()
            .map(|(n, v)| (ascii(n), v.map(ascii_or_utf8)))
    }

    fn iter_raw(&self) -> impl Iterator<Item = Raw<'a>> + 'a {
        let mut c = Cursor::new(self.raw, "");
        core::iter::from_fn(move || {
            if !c.sep(b';') {
                return None;
            }
            one(&mut c).ok()
        })
    }

    /// The value of parameter `name` (case-insensitive): `None` when absent,
    /// `Some(None)` when present without a value.
    pub fn get(&self, name: &str) -> Option<Option<&'a str>> {
        self.iter_raw()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.map(ascii_or_utf8))
    }
}
