//! Content-Type and Accept.

use crate::cursor::Cursor;
use crate::error::Error;
use crate::params::Params;

/// `type "/" subtype *( SEMI parameter )`; in Accept, `*` wildcards too.
///
/// ```
/// use missive_sip::hdr::MediaType;
/// let m = MediaType::parse(b"multipart/mixed; boundary=\"x y\"").unwrap();
/// assert_eq!((m.mtype, m.subtype), ("multipart", "mixed"));
/// assert_eq!(m.params.get("boundary"), Some(Some("\"x y\"")));
/// assert!(m.is("Multipart", "MIXED"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType<'a> {
    /// Top-level type.
    pub mtype: &'a str,
    /// Subtype.
    pub subtype: &'a str,
    /// Parameters.
    pub params: Params<'a>,
}

impl<'a> MediaType<'a> {
    fn parse_at(c: &mut Cursor<'a>) -> Result<Self, Error> {
        c.skip_ws();
        let mtype = c.expect_token("expected media type")?;
        if !c.sep(b'/') {
            return Err(c.err("expected '/' in media type"));
        }
        let subtype = c.expect_token("expected media subtype")?;
        let params = Params::parse(c)?;
        Ok(Self {
            mtype,
            subtype,
            params,
        })
    }

    /// Parses a Content-Type value.
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        let mut c = Cursor::new(value, "Content-Type");
        let m = Self::parse_at(&mut c)?;
        c.end()?;
        Ok(m)
    }

    /// Parses an Accept value (possibly empty) into `out`, at most `max` ranges.
    pub fn parse_accept(value: &'a [u8], max: usize, out: &mut Vec<Self>) -> Result<(), Error> {
        let mut c = Cursor::new(value, "Accept");
        c.skip_ws();
        if c.at_end() {
            return Ok(());
        }
        loop {
            if out.len() >= max {
                return Err(Error::Limit {
                    what: "list values",
                    max,
                });
            }
            out.push(Self::parse_at(&mut c)?);
            if !c.sep(b',') {
                return c.end();
            }
        }
    }

    /// Case-insensitive type/subtype comparison.
    pub fn is(&self, mtype: &str, subtype: &str) -> bool {
        self.mtype.eq_ignore_ascii_case(mtype) && self.subtype.eq_ignore_ascii_case(subtype)
    }

    /// Whether this (Accept) range matches the concrete type `mtype/subtype`.
    pub fn matches(&self, mtype: &str, subtype: &str) -> bool {
        (self.mtype == "*" && self.subtype == "*")
            || (self.mtype.eq_ignore_ascii_case(mtype)
                && (self.subtype == "*" || self.subtype.eq_ignore_ascii_case(subtype)))
    }
}
