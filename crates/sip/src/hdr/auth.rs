//! WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization
//! (syntax only; the digest computation belongs to the auth layer).

use crate::chars::is_token;
use crate::cursor::Cursor;
use crate::error::Error;

/// A challenge or credentials: `scheme param=value, param="value" …`.
///
/// ```
/// use missive_sip::hdr::Auth;
/// let a = Auth::parse(b"Digest realm=\"atlanta.com\", nonce=\"84a4cc6f\", qop=auth, algorithm=MD5", "WWW-Authenticate").unwrap();
/// assert_eq!(a.scheme, "Digest");
/// assert_eq!(a.param("REALM"), Some("atlanta.com"));
/// assert_eq!(a.param("qop"), Some("auth"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth<'a> {
    /// The auth scheme (`Digest`, or any token).
    pub scheme: &'a str,
    /// `(name, value)` pairs; quoted values without their quotes (escapes kept).
    pub params: Vec<(&'a str, &'a str)>,
}

const MAX_AUTH_PARAMS: usize = 64;

impl<'a> Auth<'a> {
    /// Parses a challenge or credentials value for the named header.
    pub fn parse(value: &'a [u8], header: &'static str) -> Result<Self, Error> {
        let mut c = Cursor::new(value, header);
        c.skip_ws();
        let scheme = c.expect_token("expected auth scheme")?;
        let mut params = Vec::new();
        if !c.skip_ws() {
            c.end()?;
            return Ok(Self { scheme, params });
        }
        if c.at_end() {
            return Ok(Self { scheme, params });
        }
        loop {
            if params.len() >= MAX_AUTH_PARAMS {
                return Err(Error::Limit {
                    what: "auth parameters",
                    max: MAX_AUTH_PARAMS,
                });
            }
            let name = c.expect_token("expected auth parameter name")?;
            if !c.sep(b'=') {
                return Err(c.err("expected '=' in auth parameter"));
            }
            let v = if c.peek() == Some(b'"') {
                c.quoted()?
            } else {
                let t = c.take_while(|x| is_token(x) || x == b'/' || x == b':');
                if t.is_empty() {
                    return Err(c.err("expected auth parameter value"));
                }
                crate::chars::ascii(t)
            };
            params.push((name, v));
            if !c.sep(b',') {
                c.end()?;
                return Ok(Self { scheme, params });
            }
        }
    }

    /// A parameter by name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}
