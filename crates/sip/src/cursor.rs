//! A small byte cursor used by the typed header parsers.

use crate::chars::is_token;
use crate::error::Error;

/// Position in a header value; LWS (SP, HT, and the CRLF of a fold, which the
/// message parser has already checked is followed by whitespace) is skipped
/// explicitly by the grammar rules that allow it.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub(crate) b: &'a [u8],
    /// The same bytes as text when they are UTF-8 (checked once), so that
    /// sub-slices become `&str` without another validation pass.
    pub(crate) s: Option<&'a str>,
    pub(crate) pos: usize,
    pub(crate) header: &'static str,
}

#[inline]
pub(crate) fn is_lws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(b: &'a [u8], header: &'static str) -> Self {
        Self {
            b,
            s: core::str::from_utf8(b).ok(),
            pos: 0,
            header,
        }
    }

    /// A cursor over `b` whose text `s` (the same bytes, when UTF-8) was
    /// already validated by the caller.
    #[inline]
    pub(crate) fn with_text(b: &'a [u8], s: Option<&'a str>, header: &'static str) -> Self {
        Self {
            b,
            s: s.filter(|s| s.len() == b.len()),
            pos: 0,
            header,
        }
    }

    /// `b[start..end]` as text (empty when not UTF-8).
    #[inline]
    pub(crate) fn text(&self, start: usize, end: usize) -> &'a str {
        match self.s {
            Some(s) => s.get(start..end).unwrap_or(""),
            None => core::str::from_utf8(self.b.get(start..end).unwrap_or_default()).unwrap_or(""),
        }
    }

    /// Like [`Cursor::text`] but failing on non-UTF-8 bytes.
    #[inline]
    pub(crate) fn text_checked(&self, start: usize, end: usize) -> Option<&'a str> {
        match self.s {
            Some(s) => s.get(start..end),
            None => core::str::from_utf8(self.b.get(start..end)?).ok(),
        }
    }

    pub(crate) fn err(&self, reason: &'static str) -> Error {
        Error::Header {
            header: self.header,
            offset: self.pos,
            reason,
        }
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline]
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }

    /// Skips linear white space; returns whether any was skipped.
    #[inline]
    pub(crate) fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(|&c| is_lws(c)) {
            self.pos += 1;
        }
        self.pos > start
    }

    #[inline]
    pub(crate) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `SWS c SWS`: consumes the separator with surrounding LWS, or nothing.
    #[inline]
    pub(crate) fn sep(&mut self, c: u8) -> bool {
        let save = self.pos;
        self.skip_ws();
        if self.eat(c) {
            self.skip_ws();
            true
        } else {
            self.pos = save;
            false
        }
    }

    #[inline]
    pub(crate) fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(|&c| f(c)) {
            self.pos += 1;
        }
        self.b.get(start..self.pos).unwrap_or_default()
    }

    /// A non-empty `token`.
    #[inline]
    pub(crate) fn token(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let t = self.take_while(is_token);
        (!t.is_empty()).then(|| self.text(start, self.pos))
    }

    /// A non-empty token or an error.
    #[inline]
    pub(crate) fn expect_token(&mut self, reason: &'static str) -> Result<&'a str, Error> {
        self.token().ok_or_else(|| self.err(reason))
    }

    /// A `quoted-string` starting at the cursor; returns the text between the
    /// quotes, escapes left in place.
    pub(crate) fn quoted(&mut self) -> Result<&'a str, Error> {
        if !self.eat(b'"') {
            return Err(self.err("expected '\"'"));
        }
        let start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated quoted string")),
                Some(b'"') => break,
                Some(b'\\') => {
                    // quoted-pair: any byte except CR and LF.
                    match self.b.get(self.pos + 1) {
                        Some(b'\r' | b'\n') | None => {
                            return Err(self.err("bad quoted-pair"));
                        }
                        Some(_) => self.pos += 2,
                    }
                }
                Some(b'\r' | b'\n') => {
                    // A fold inside a quoted string is LWS.
                    self.pos += 1;
                }
                Some(c) if c < 0x20 && c != b'\t' => {
                    return Err(self.err("control character in quoted string"))
                }
                Some(_) => self.pos += 1,
            }
        }
        let inner = self.text_checked(start, self.pos);
        self.pos += 1;
        inner.ok_or_else(|| self.err("quoted string is not UTF-8"))
    }

    /// An unsigned decimal number of at most `u32::MAX`.
    pub(crate) fn number(&mut self, reason: &'static str) -> Result<u32, Error> {
        // `parse_u32` of the run of digits, in the same pass.
        let at = *self;
        let mut v: Option<u32> = Some(0);
        while let Some(&c) = self.b.get(self.pos) {
            if !c.is_ascii_digit() {
                break;
            }
            v = v
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u32::from(c - b'0')));
            self.pos += 1;
        }
        match v {
            Some(v) if self.pos > at.pos => Ok(v),
            _ => Err(at.err(reason)),
        }
    }

    /// Requires the rest to be only LWS.
    pub(crate) fn end(&mut self) -> Result<(), Error> {
        if self.at_end() {
            return Ok(());
        }
        self.skip_ws();
        if self.at_end() {
            Ok(())
        } else {
            Err(self.err("unexpected trailing characters"))
        }
    }
}

/// Parses `1*DIGIT` into a `u32`, rejecting empty input and overflow
/// (leading zeros are allowed).
pub(crate) fn parse_u32(d: &[u8]) -> Option<u32> {
    if d.is_empty() {
        return None;
    }
    let mut v: u32 = 0;
    for &c in d {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::{parse_u32, Cursor};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn number_matches_parse_u32(
            b in proptest::collection::vec(
                proptest::sample::select(b"0123456789 x".to_vec()), 0..14)
        ) {
            let mut c = Cursor::new(&b, "t");
            let run = b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
            let got = c.number("r").ok();
            prop_assert_eq!(got, parse_u32(&b[..run]));
            if got.is_some() {
                prop_assert_eq!(c.pos, run);
            }
        }
    }
}
