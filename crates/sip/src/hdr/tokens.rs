//! Token lists and token-with-params headers: Allow, Supported, Require,
//! Proxy-Require, Unsupported, Event, Subscription-State.

use crate::cursor::{parse_u32, Cursor};
use crate::error::Error;
use crate::params::Params;

/// Parses `[ token *( COMMA token ) ]` (Allow, Supported, Require,
/// Proxy-Require, Unsupported, Allow-Events) into `out`, at most `max`.
///
/// ```
/// let mut v = Vec::new();
/// missive_sip::hdr::parse_tokens(b"100rel ,\r\n timer", "Supported", 8, &mut v).unwrap();
/// assert_eq!(v, ["100rel", "timer"]);
/// ```
pub fn parse_tokens<'a>(
    value: &'a [u8],
    header: &'static str,
    max: usize,
    out: &mut Vec<&'a str>,
) -> Result<(), Error> {
    let mut c = Cursor::new(value, header);
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
        out.push(c.expect_token("expected token")?);
        if !c.sep(b',') {
            return c.end();
        }
    }
}

/// A token followed by parameters: `Event: presence;id=7`,
/// `Subscription-State: active;expires=600`.
///
/// ```
/// use missive_sip::hdr::TokenParams;
/// let s = TokenParams::parse(b"terminated;reason=timeout;retry-after=30", "Subscription-State").unwrap();
/// assert_eq!(s.value, "terminated");
/// assert_eq!(s.params.get("reason"), Some(Some("timeout")));
/// assert_eq!(s.number("retry-after"), Some(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenParams<'a> {
    /// The token (event package, subscription state …).
    pub value: &'a str,
    /// Parameters.
    pub params: Params<'a>,
}

impl<'a> TokenParams<'a> {
    /// Parses `token *( SEMI param )` for the named header.
    pub fn parse(value: &'a [u8], header: &'static str) -> Result<Self, Error> {
        let mut c = Cursor::new(value, header);
        c.skip_ws();
        let v = c.expect_token("expected token")?;
        let params = Params::parse(&mut c)?;
        c.end()?;
        Ok(Self { value: v, params })
    }

    /// A numeric parameter (`expires`, `retry-after`, `id` …).
    pub fn number(&self, name: &str) -> Option<u32> {
        self.params
            .get(name)
            .flatten()
            .and_then(|v| parse_u32(v.as_bytes()))
    }
}
