//! Header parameters (`;name[=value]` lists after a header value).

use crate::chars::{is_token, skip_class, C_PARAM_VALUE};
use crate::cursor::{is_lws, Cursor};
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
    /// `raw` as text when it is UTF-8 (known from the header's cursor).
    text: Option<&'a str>,
}

/// Positions of one parameter's name and value in the cursor's bytes.
type Span = ((usize, usize), Option<(usize, usize)>);

/// The first position at or after `i` that is not LWS.
#[inline]
fn skip_lws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_lws(c)) {
        i += 1;
    }
    i
}

/// `SWS ";" SWS` at `i`: the position after it, or `None`.
#[inline]
fn semi_at(b: &[u8], i: usize) -> Option<usize> {
    let j = skip_lws(b, i);
    (b.get(j) == Some(&b';')).then(|| skip_lws(b, j + 1))
}

/// Reads one `name[=value]`; the cursor sits just after the `;` and SWS,
/// and is left after the parameter (after the name when there is no `=`).
#[inline]
fn one_span(c: &mut Cursor<'_>) -> Result<Span, Error> {
    let b = c.b;
    let n0 = c.pos;
    let mut i = n0;
    while b.get(i).is_some_and(|&x| is_token(x)) {
        i += 1;
    }
    if i == n0 {
        return Err(c.err("expected parameter name"));
    }
    let j = skip_lws(b, i);
    if b.get(j) != Some(&b'=') {
        c.pos = i;
        return Ok(((n0, i), None));
    }
    let v0 = skip_lws(b, j + 1);
    c.pos = v0;
    if b.get(v0) == Some(&b'"') {
        c.quoted()?;
    } else {
        let k = skip_class(b, v0, C_PARAM_VALUE);
        if k == v0 {
            return Err(c.err("expected parameter value"));
        }
        c.pos = k;
    }
    Ok(((n0, i), Some((v0, c.pos))))
}

impl<'a> Params<'a> {
    /// Parses `*( SEMI generic-param )` at the cursor, stopping before the
    /// first byte that does not start another parameter.
    pub(crate) fn parse(c: &mut Cursor<'a>) -> Result<Self, Error> {
        Self::parse_checked(c, |_, _, _| Ok(()))
    }

    /// [`Params::parse`], calling `check(name, value span, cursor)` on each
    /// parameter as it is read (the value span indexes `cursor.b`).
    #[inline]
    pub(crate) fn parse_checked(
        c: &mut Cursor<'a>,
        mut check: impl FnMut(&[u8], Option<(usize, usize)>, &Cursor<'a>) -> Result<(), &'static str>,
    ) -> Result<Self, Error> {
        let start = c.pos;
        let mut end = start;
        while let Some(p) = semi_at(c.b, end) {
            c.pos = p;
            let (n, v) = one_span(c)?;
            let name = c.b.get(n.0..n.1).unwrap_or_default();
            check(name, v, c).map_err(|reason| c.err(reason))?;
            end = c.pos;
        }
        c.pos = end;
        Ok(Self {
            raw: c.b.get(start..end).unwrap_or_default(),
            text: c.s.and_then(|s| s.get(start..end)),
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
        let mut c = self.cursor();
        core::iter::from_fn(move || {
            c.pos = semi_at(c.b, c.pos)?;
            let (n, v) = one_span(&mut c).ok()?;
            Some((c.text(n.0, n.1), v.map(|v| c.text(v.0, v.1))))
        })
    }

    fn cursor(&self) -> Cursor<'a> {
        match self.text {
            Some(t) => Cursor::with_text(self.raw, Some(t), ""),
            None => Cursor::new(self.raw, ""),
        }
    }

    /// The value of parameter `name` (case-insensitive): `None` when absent,
    /// `Some(None)` when present without a value.
    pub fn get(&self, name: &str) -> Option<Option<&'a str>> {
        let mut c = self.cursor();
        while let Some(p) = semi_at(c.b, c.pos) {
            c.pos = p;
            let (n, v) = one_span(&mut c).ok()?;
            if c.b.get(n.0..n.1)?.eq_ignore_ascii_case(name.as_bytes()) {
                return Some(v.map(|v| c.text(v.0, v.1)));
            }
        }
        None
    }
}
