//! `Via` (RFC 3261 §20.42).

use crate::cursor::{parse_u32, Cursor};
use crate::error::Error;
use crate::params::Params;
use crate::uri::{scan_hostname, Host};

/// One Via value: `SIP/2.0/UDP host:port;params`.
///
/// ```
/// use missive_sip::hdr::Via;
/// let v = Via::parse_list(b"SIP / 2.0 / UDP [2001:db8::9:1]:5070;branch=z9hG4bKx;rport;received=192.0.2.1, SIP/2.0/TCP b.example", 10).unwrap();
/// assert_eq!(v.len(), 2);
/// assert_eq!(v[0].transport, "UDP");
/// assert_eq!(v[0].port, Some(5070));
/// assert_eq!(v[0].branch(), Some("z9hG4bKx"));
/// assert_eq!(v[0].rport(), Some(None));
/// assert_eq!(v[0].received(), Some("192.0.2.1"));
/// assert_eq!(v[1].host.to_string(), "b.example");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via<'a> {
    /// Protocol name (`SIP`).
    pub protocol: &'a str,
    /// Protocol version (`2.0`).
    pub version: &'a str,
    /// Transport (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, or any token).
    pub transport: &'a str,
    /// The sent-by host.
    pub host: Host<'a>,
    /// The sent-by port.
    pub port: Option<u16>,
    /// The via-params.
    pub params: Params<'a>,
}

impl<'a> Via<'a> {
    pub(crate) fn parse_at(c: &mut Cursor<'a>) -> Result<Self, Error> {
        c.skip_ws();
        let (protocol, version) = if c.b.get(c.pos..c.pos + 8) == Some(b"SIP/2.0/") {
            // The usual spelling, without LWS around the slashes.
            // The bytes are exactly these, so the literals are the same text.
            c.pos += 8;
            c.skip_ws();
            ("SIP", "2.0")
        } else {
            let protocol = c.expect_token("expected protocol name")?;
            if !c.sep(b'/') {
                return Err(c.err("expected '/' after protocol name"));
            }
            let version = c.expect_token("expected protocol version")?;
            if !c.sep(b'/') {
                return Err(c.err("expected '/' after protocol version"));
            }
            (protocol, version)
        };
        let transport = c.expect_token("expected transport")?;
        if !c.skip_ws() {
            return Err(c.err("expected LWS before sent-by"));
        }
        let hstart = c.pos;
        // A domain name is checked as it is scanned; anything else goes
        // through `Host::parse`.
        let mut domain = false;
        if c.peek() == Some(b'[') {
            c.take_while(|x| x != b']');
            if !c.eat(b']') {
                return Err(c.err("unterminated IPv6 reference"));
            }
        } else {
            let (n, ok) = scan_hostname(c.b.get(c.pos..).unwrap_or_default());
            c.pos += n;
            domain = ok;
        }
        let text = c.text(hstart, c.pos);
        let host = if domain {
            Host::Domain(text)
        } else {
            Host::parse(text).map_err(|_| Cursor { pos: hstart, ..*c }.err("bad sent-by host"))?
        };
        let port = if c.sep(b':') {
            let at = *c;
            let d = c.take_while(|x| x.is_ascii_digit());
            Some(
                parse_u32(d)
                    .and_then(|p| u16::try_from(p).ok())
                    .ok_or_else(|| at.err("bad sent-by port"))?,
            )
        } else {
            None
        };
        // ttl must be 0..=255 and rport a port when present with a value.
        let params = Params::parse_checked(c, |n, v, c| {
            let v = v.map(|(a, b)| c.b.get(a..b).unwrap_or_default());
            let bad_num = |max: u32| v.is_some_and(|v| parse_u32(v).is_none_or(|x| x > max));
            if (n.eq_ignore_ascii_case(b"ttl") && (v.is_none() || bad_num(255)))
                || (n.eq_ignore_ascii_case(b"rport") && bad_num(65535))
            {
                Err("bad ttl or rport parameter")
            } else {
                Ok(())
            }
        })?;
        Ok(Self {
            protocol,
            version,
            transport,
            host,
            port,
            params,
        })
    }

    /// Parses every comma-separated Via value of one header, at most `max`.
    pub fn parse_list(value: &'a [u8], max: usize) -> Result<Vec<Self>, Error> {
        let mut out = Vec::new();
        Self::parse_into(value, max, &mut out)?;
        Ok(out)
    }

    pub(crate) fn parse_into(
        value: &'a [u8],
        max: usize,
        out: &mut Vec<Self>,
    ) -> Result<(), Error> {
        Self::parse_into_at(Cursor::new(value, "Via"), max, out)
    }

    pub(crate) fn parse_into_at(
        mut c: Cursor<'a>,
        max: usize,
        out: &mut Vec<Self>,
    ) -> Result<(), Error> {
        loop {
            if out.len() >= max {
                return Err(Error::Limit {
                    what: "Via count",
                    max,
                });
            }
            out.push(Self::parse_at(&mut c)?);
            if !c.sep(b',') {
                return c.end();
            }
        }
    }

    /// The first Via value of a header.
    pub fn parse_first(value: &'a [u8]) -> Result<Self, Error> {
        Self::parse_first_at(Cursor::new(value, "Via"))
    }

    pub(crate) fn parse_first_at(mut c: Cursor<'a>) -> Result<Self, Error> {
        let v = Self::parse_at(&mut c)?;
        if !c.at_end() && !c.sep(b',') {
            c.end()?;
        }
        Ok(v)
    }

    /// `branch` parameter.
    pub fn branch(&self) -> Option<&'a str> {
        self.params.get("branch").flatten()
    }

    /// Whether the branch carries the RFC 3261 magic cookie `z9hG4bK`.
    pub fn is_rfc3261_branch(&self) -> bool {
        self.branch().is_some_and(|b| b.starts_with("z9hG4bK"))
    }

    /// `received` parameter (an IPv4 address or IPv6 reference, with or without `[]`).
    pub fn received(&self) -> Option<&'a str> {
        self.params.get("received").flatten()
    }

    /// `rport`: `None` absent, `Some(None)` requested, `Some(Some(p))` filled in.
    pub fn rport(&self) -> Option<Option<u16>> {
        self.params
            .get("rport")
            .map(|v| v.and_then(|p| p.parse().ok()))
    }

    /// `maddr` parameter.
    pub fn maddr(&self) -> Option<&'a str> {
        self.params.get("maddr").flatten()
    }

    /// `ttl` parameter.
    pub fn ttl(&self) -> Option<u8> {
        self.params
            .get("ttl")
            .flatten()
            .and_then(|t| t.parse().ok())
    }
}
