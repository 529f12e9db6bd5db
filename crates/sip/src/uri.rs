//! SIP, SIPS and TEL URIs (RFC 3261 §19.1, RFC 3966), other schemes kept
//! as absolute URIs, IPv6 references (RFC 5118), and the comparison rules of
//! RFC 3261 §19.1.4.

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use crate::chars::{
    check_escaped, eq_unescaped, is_hex, is_hnv, is_host, is_paramchar, is_password, is_scheme,
    is_uric, is_user, skip_class, skip_class_short, split_once_str, split_str, C_HOST, C_LABEL,
};
use crate::cursor::parse_u32;
use crate::error::Error;

/// A host: domain name, IPv4 address or IPv6 reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// A domain name, as written.
    Domain(&'a str),
    /// A dotted-quad IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 reference: the text between `[` and `]`, as written. RFC 5118
    /// asks parsers to accept RFC 3261's looser ABNF too (`2001:db8:::192.0.2.1`),
    /// so [`Host::ipv6`] may return `None` for a reference that was accepted.
    Ipv6(&'a str),
}

/// Scans host characters (alphanumerics, `-`, `.`) at the start of `s`:
/// how many there are, and whether they form a domain name that
/// [`Host::parse`] accepts as [`Host::Domain`] (no empty label, no `-` at
/// either end of a label, one trailing `.` allowed, not all digits and
/// dots). One pass over the bytes; `false` leaves the verdict (and the
/// error) to `Host::parse`.
#[inline]
pub(crate) fn scan_hostname(s: &[u8]) -> (usize, bool) {
    // Label by label: each a run of alphanumerics and '-', neither starting nor ending with '-'; labels are joined by
    // single dots, and only the last may be empty (a trailing dot).
    let mut i = 0;
    loop {
        let l0 = i;
        i = skip_class_short(s, i, C_LABEL);
        let ok = match (s.get(l0), i.checked_sub(1).and_then(|j| s.get(j))) {
            _ if i == l0 => l0 > 0 && s.get(i) != Some(&b'.'),
            (Some(&a), Some(&z)) => a != b'-' && z != b'-',
            _ => false,
        };
        if !ok {
            return (skip_class(s, i, C_HOST), false);
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
        } else {
            break;
        }
    }
    // All digits and dots is an IPv4 address (or not a host at all).
    let numeric = s.first().is_some_and(u8::is_ascii_digit)
        && s.get(..i)
            .is_some_and(|h| h.iter().all(|&c| c.is_ascii_digit() || c == b'.'));
    (i, !numeric)
}

impl<'a> Host<'a> {
    /// Parses a host (`[v6]`, dotted quad or hostname) that spans all of `s`.
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        // The common case, a domain name, in one pass; everything else
        // (and every error, with its offset) through the full checks.
        match scan_hostname(text.as_bytes()) {
            (n, true) if n == text.len() => Ok(Self::Domain(text)),
            _ => Self::parse_slow(text),
        }
    }

    /// [`Host::parse`] without the one-pass domain-name path.
    fn parse_slow(text: &'a str) -> Result<Self, Error> {
        let bad = |offset, reason| Error::Uri { offset, reason };
        let s = text.as_bytes();
        if let Some(inner) = text.strip_prefix('[') {
            let Some(inner) = inner.strip_suffix(']') else {
                return Err(bad(0, "unterminated IPv6 reference"));
            };
            let colons = memchr::memchr_iter(b':', inner.as_bytes()).count();
            if inner.is_empty()
                || inner.len() > 45
                || colons < 2
                || !inner.bytes().all(|c| is_hex(c) || c == b':' || c == b'.')
            {
                return Err(bad(1, "bad IPv6 reference"));
            }
            return Ok(Self::Ipv6(inner));
        }
        if s.is_empty() {
            return Err(bad(0, "empty host"));
        }
        if let Some(i) = s.iter().position(|&c| !is_host(c)) {
            return Err(bad(i, "bad character in host"));
        }
        // Label shape, checked only around the dots: no empty label, no '-'
        // at either end of a label; one trailing '.' is allowed.
        let (Some(&first), Some(&last)) = (s.first(), s.last()) else {
            return Err(bad(0, "empty host"));
        };
        if first == b'.' || first == b'-' || last == b'-' || s == b"." {
            return Err(bad(0, "bad domain label"));
        }
        for i in memchr::memchr_iter(b'.', s) {
            let before = i.checked_sub(1).and_then(|j| s.get(j)).copied();
            let after = s.get(i + 1).copied();
            if matches!(before, Some(b'.' | b'-')) || matches!(after, Some(b'.' | b'-')) {
                return Err(bad(i, "bad domain label"));
            }
        }
        let numeric = s.iter().all(|&c| c.is_ascii_digit() || c == b'.');
        if numeric {
            return text
                .parse::<Ipv4Addr>()
                .map(Self::Ipv4)
                .map_err(|_| bad(0, "bad IPv4 address"));
        }
        Ok(Self::Domain(text))
    }

    /// The IPv6 address when this is a well-formed IPv6 reference.
    pub fn ipv6(&self) -> Option<Ipv6Addr> {
        match self {
            Self::Ipv6(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// RFC 3261 §19.1.4 host equality: case-insensitive names, addresses by value.
    pub fn equivalent(&self, other: &Host<'_>) -> bool {
        match (self, other) {
            (Self::Domain(a), Host::Domain(b)) => a.eq_ignore_ascii_case(b),
            (Self::Ipv4(a), Host::Ipv4(b)) => a == b,
            (Self::Ipv6(a), Host::Ipv6(b)) => {
                match (a.parse::<Ipv6Addr>(), b.parse::<Ipv6Addr>()) {
                    (Ok(x), Ok(y)) => x == y,
                    _ => a.eq_ignore_ascii_case(b),
                }
            }
            _ => false,
        }
    }
}

impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Domain(d) => f.write_str(d),
            Self::Ipv4(a) => write!(f, "{a}"),
            Self::Ipv6(s) => write!(f, "[{s}]"),
        }
    }
}

/// A parsed URI, borrowing its text.
///
/// ```
/// use missive_sip::{Uri, Host};
/// let u = Uri::parse("sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr?Subject=hi").unwrap();
/// let Uri::Sip(s) = &u else { panic!() };
/// assert!(s.secure);
/// assert_eq!(s.user, Some("alice"));
/// assert_eq!(s.host, Host::Ipv6("2001:db8::10"));
/// assert_eq!(s.port, Some(5061));
/// assert_eq!(s.param("TRANSPORT"), Some(Some("tcp")));
/// assert_eq!(s.param("lr"), Some(None));
/// assert_eq!(s.headers().next(), Some(("Subject", "hi")));
/// // RFC 3261 §19.1.4: escapes, host case and unknown params on one side do not matter.
/// assert!(u.equivalent(&Uri::parse("sips:%61lice:secret@[2001:DB8::10]:5061;transport=TCP;lr;foo=bar?subject=hi").unwrap()));
/// assert_eq!(u.to_string(), "sips:alice:secret@[2001:db8::10]:5061;transport=tcp;lr?Subject=hi");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uri<'a> {
    /// `sip:` or `sips:`.
    Sip(SipUri<'a>),
    /// `tel:` (RFC 3966).
    Tel(TelUri<'a>),
    /// Any other scheme (`http:`, `urn:`, `isbn:` …), kept opaque.
    Other {
        /// The scheme, as written.
        scheme: &'a str,
        /// Everything after the first `:`.
        rest: &'a str,
    },
}

/// A `sip:`/`sips:` URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipUri<'a> {
    /// The whole URI as written.
    pub raw: &'a str,
    /// `sips:` rather than `sip:`.
    pub secure: bool,
    /// User part, still escaped.
    pub user: Option<&'a str>,
    /// Password, still escaped.
    pub password: Option<&'a str>,
    /// Host.
    pub host: Host<'a>,
    /// Port, when given.
    pub port: Option<u16>,
    params: &'a str,
    headers: &'a str,
}

/// A `tel:` URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TelUri<'a> {
    /// The whole URI as written.
    pub raw: &'a str,
    /// The subscriber number, visual separators included.
    pub number: &'a str,
    params: &'a str,
}

fn split_params(s: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    split_str(s, b';')
        .filter(|p| !p.is_empty())
        .map(|p| match split_once_str(p, b'=') {
            Some((n, v)) => (n, Some(v)),
            None => (p, None),
        })
}

fn find_param<'a>(params: &'a str, name: &str) -> Option<Option<&'a str>> {
    split_params(params)
        .find(|(n, _)| eq_unescaped(n, name, true))
        .map(|(_, v)| v)
}

impl<'a> SipUri<'a> {
    /// URI parameters `(name, value)` in order, still escaped.
    pub fn params(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
        split_params(self.params)
    }

    /// A URI parameter by name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<Option<&'a str>> {
        find_param(self.params, name)
    }

    /// URI headers `(name, value)` after `?`, still escaped.
    pub fn headers(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        split_str(self.headers, b'&')
            .filter(|h| !h.is_empty())
            .map(|h| split_once_str(h, b'=').unwrap_or((h, "")))
    }

    /// Whether the URI has a `?headers` component.
    pub fn has_headers(&self) -> bool {
        !self.headers.is_empty()
    }

    fn parse(raw: &'a str, rest: &'a str, secure: bool, base: usize) -> Result<Self, Error> {
        let bad = |o: usize, reason| Error::Uri {
            offset: base + o,
            reason,
        };
        let b = rest.as_bytes();
        let (user, password, host_start) = match b.iter().position(|&c| c == b'@') {
            Some(at) => {
                let userinfo = rest.get(..at).unwrap_or("");
                let (u, p) = match split_once_str(userinfo, b':') {
                    Some((u, p)) => (u, Some(p)),
                    None => (userinfo, None),
                };
                if u.is_empty() {
                    return Err(bad(0, "empty user part"));
                }
                check_escaped(u.as_bytes(), is_user)
                    .map_err(|i| bad(i, "bad character in user"))?;
                if let Some(p) = p {
                    check_escaped(p.as_bytes(), is_password)
                        .map_err(|i| bad(u.len() + 1 + i, "bad character in password"))?;
                }
                (Some(u), p, at + 1)
            }
            None => (None, None, 0),
        };
        let hp = b.get(host_start..).unwrap_or_default();
        let host_len = if hp.first() == Some(&b'[') {
            hp.iter()
                .position(|&c| c == b']')
                .map(|i| i + 1)
                .ok_or_else(|| bad(host_start, "unterminated IPv6 reference"))?
        } else {
            hp.iter()
                .position(|&c| matches!(c, b':' | b';' | b'?'))
                .unwrap_or(hp.len())
        };
        let host = Host::parse(rest.get(host_start..host_start + host_len).unwrap_or("")).map_err(
            |e| match e {
                Error::Uri { offset, reason } => bad(host_start + offset, reason),
                other => other,
            },
        )?;
        let mut i = host_start + host_len;
        let mut port = None;
        if b.get(i) == Some(&b':') {
            let digits_len = b
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let d = b.get(i + 1..i + 1 + digits_len).unwrap_or_default();
            let p = parse_u32(d)
                .and_then(|p| u16::try_from(p).ok())
                .ok_or_else(|| bad(i + 1, "bad port"))?;
            port = Some(p);
            i += 1 + digits_len;
        }
        let tail = rest.get(i..).unwrap_or("");
        let (params, headers) = match split_once_str(tail, b'?') {
            Some((p, h)) => (p, h),
            None => (tail, ""),
        };
        if !params.is_empty() && !params.starts_with(';') {
            return Err(bad(i, "unexpected character after host"));
        }
        for p in split_str(params, b';').skip(1) {
            let (n, v) = split_once_str(p, b'=').map_or((p, None), |(n, v)| (n, Some(v)));
            if n.is_empty() {
                return Err(bad(i, "empty URI parameter name"));
            }
            check_escaped(n.as_bytes(), is_paramchar).map_err(|_| bad(i, "bad URI parameter"))?;
            if let Some(v) = v {
                if v.is_empty() {
                    return Err(bad(i, "empty URI parameter value"));
                }
                check_escaped(v.as_bytes(), is_paramchar)
                    .map_err(|_| bad(i, "bad URI parameter value"))?;
            }
        }
        if tail.bytes().any(|c| c == b'?') {
            if headers.is_empty() {
                return Err(bad(i + params.len(), "empty URI headers"));
            }
            for h in split_str(headers, b'&') {
                let Some((n, v)) = split_once_str(h, b'=') else {
                    return Err(bad(i + params.len(), "URI header without '='"));
                };
                if n.is_empty() {
                    return Err(bad(i + params.len(), "empty URI header name"));
                }
                check_escaped(n.as_bytes(), is_hnv)
                    .and_then(|()| check_escaped(v.as_bytes(), is_hnv))
                    .map_err(|_| bad(i + params.len(), "bad URI header"))?;
            }
        }
        Ok(Self {
            raw,
            secure,
            user,
            password,
            host,
            port,
            params,
            headers,
        })
    }

    /// RFC 3261 §19.1.4 equality.
    pub fn equivalent(&self, o: &SipUri<'_>) -> bool {
        fn opt_eq(a: Option<&str>, b: Option<&str>, ic: bool) -> bool {
            match (a, b) {
                (None, None) => true,
                (Some(x), Some(y)) => eq_unescaped(x, y, ic),
                _ => false,
            }
        }
        if self.secure != o.secure
            || !opt_eq(self.user, o.user, false)
            || !opt_eq(self.password, o.password, false)
            || !self.host.equivalent(&o.host)
            || self.port != o.port
        {
            return false;
        }
        // user, ttl, method, maddr, transport must match when either has them;
        // any other parameter must match when both have it.
        for (n, v) in self.params().chain(o.params()) {
            let special = ["user", "ttl", "method", "maddr", "transport"]
                .iter()
                .any(|s| eq_unescaped(n, s, true));
            let (a, b) = (self.param(n), o.param(n));
            match (a, b) {
                (Some(x), Some(y)) if !opt_eq(x, y, true) => return false,
                (Some(_), Some(_)) => {}
                _ if special => return false,
                _ => {}
            }
            let _ = v;
        }
        // Headers: the same set on both sides, values equal.
        let count = |u: &SipUri<'_>| u.headers().count();
        if count(self) != count(o) {
            return false;
        }
        self.headers().all(|(n, v)| {
            o.headers()
                .any(|(m, w)| eq_unescaped(n, m, true) && eq_unescaped(v, w, false))
        })
    }
}

fn tel_param_eq(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> bool {
    a.0.eq_ignore_ascii_case(b.0)
        && match (a.1, b.1) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            (None, None) => true,
            _ => false,
        }
}

impl<'a> TelUri<'a> {
    /// Parameters `(name, value)` in order.
    pub fn params(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> {
        split_params(self.params)
    }

    /// A parameter by name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<Option<&'a str>> {
        find_param(self.params, name)
    }

    /// RFC 3966 §4 equality: numbers compared without visual separators,
    /// parameters compared as sets.
    pub fn equivalent(&self, o: &TelUri<'_>) -> bool {
        let digits = |s: &str| {
            s.bytes()
                .filter(|c| !matches!(c, b'-' | b'.' | b'(' | b')'))
                .map(|c| c.to_ascii_lowercase())
                .collect::<Vec<u8>>()
        };
        digits(self.number) == digits(o.number)
            && self.params().count() == o.params().count()
            && self
                .params()
                .all(|p| o.params().any(|q| tel_param_eq(p, q)))
            && o.params()
                .all(|q| self.params().any(|p| tel_param_eq(p, q)))
    }
}

impl<'a> Uri<'a> {
    /// Parses a URI.
    pub fn parse(s: &'a str) -> Result<Self, Error> {
        let b = s.as_bytes();
        let colon = b.iter().position(|&c| c == b':').ok_or(Error::Uri {
            offset: 0,
            reason: "missing scheme",
        })?;
        let scheme = s.get(..colon).unwrap_or("");
        let sb = scheme.as_bytes();
        if !sb.first().is_some_and(u8::is_ascii_alphabetic) || !sb.iter().all(|&c| is_scheme(c)) {
            return Err(Error::Uri {
                offset: 0,
                reason: "bad scheme",
            });
        }
        let rest = s.get(colon + 1..).unwrap_or("");
        if scheme.eq_ignore_ascii_case("sip") || scheme.eq_ignore_ascii_case("sips") {
            let secure = scheme.len() == 4;
            return SipUri::parse(s, rest, secure, colon + 1).map(Self::Sip);
        }
        if scheme.eq_ignore_ascii_case("tel") {
            let (number, params) = rest.find(';').map_or((rest, ""), |i| rest.split_at(i));
            let nb = number.as_bytes();
            let global = nb.first() == Some(&b'+');
            let body = if global {
                nb.get(1..).unwrap_or_default()
            } else {
                nb
            };
            let ok = |c: u8| {
                c.is_ascii_digit()
                    || matches!(c, b'-' | b'.' | b'(' | b')')
                    || (!global && (is_hex(c) || c == b'*' || c == b'#'))
            };
            if !body.iter().any(u8::is_ascii_hexdigit) || !body.iter().all(|&c| ok(c)) {
                return Err(Error::Uri {
                    offset: colon + 1,
                    reason: "bad telephone number",
                });
            }
            for p in params.split(';').skip(1) {
                if p.is_empty()
                    || check_escaped(p.as_bytes(), |c| {
                        is_paramchar(c) || c == b'=' || c == b'?' || c == b'@'
                    })
                    .is_err()
                {
                    return Err(Error::Uri {
                        offset: colon + 1 + number.len(),
                        reason: "bad tel parameter",
                    });
                }
            }
            return Ok(Self::Tel(TelUri {
                raw: s,
                number,
                params,
            }));
        }
        if rest.is_empty() {
            return Err(Error::Uri {
                offset: colon + 1,
                reason: "empty URI after scheme",
            });
        }
        check_escaped(rest.as_bytes(), is_uric).map_err(|i| Error::Uri {
            offset: colon + 1 + i,
            reason: "bad character in URI",
        })?;
        Ok(Self::Other { scheme, rest })
    }

    /// The scheme as written.
    pub fn scheme(&self) -> &'a str {
        match self {
            Self::Sip(s) => s.raw.get(..if s.secure { 4 } else { 3 }).unwrap_or(""),
            Self::Tel(t) => t.raw.get(..3).unwrap_or(""),
            Self::Other { scheme, .. } => scheme,
        }
    }

    /// RFC 3261 §19.1.4 (SIP/SIPS), RFC 3966 (TEL), or case-insensitive
    /// scheme plus exact text for other schemes.
    pub fn equivalent(&self, other: &Uri<'_>) -> bool {
        match (self, other) {
            (Self::Sip(a), Uri::Sip(b)) => a.equivalent(b),
            (Self::Tel(a), Uri::Tel(b)) => a.equivalent(b),
            (
                Self::Other {
                    scheme: s1,
                    rest: r1,
                },
                Uri::Other {
                    scheme: s2,
                    rest: r2,
                },
            ) => s1.eq_ignore_ascii_case(s2) && eq_unescaped(r1, r2, false),
            _ => false,
        }
    }
}

impl fmt::Display for Uri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sip(s) => f.write_str(s.raw),
            Self::Tel(t) => f.write_str(t.raw),
            Self::Other { scheme, rest } => write!(f, "{scheme}:{rest}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{scan_hostname, Host};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_pass_host_matches_full_checks(
            s in proptest::collection::vec(
                proptest::sample::select(b"ab9.-.-0[]:x_".to_vec()), 0..12)
        ) {
            let text = String::from_utf8(s).unwrap();
            prop_assert_eq!(Host::parse(&text), Host::parse_slow(&text));
            // A domain the scan accepts is one the full checks accept.
            let (n, ok) = scan_hostname(text.as_bytes());
            prop_assert_eq!(n, text.bytes().position(|c| !super::is_host(c)).unwrap_or(text.len()));
            if ok {
                let head = &text[..n];
                prop_assert_eq!(Host::parse_slow(head), Ok(Host::Domain(head)));
            }
        }
    }

    #[test]
    fn one_pass_host_edge_cases() {
        for t in [
            "a",
            "a.",
            ".",
            "..",
            "a..b",
            "-a",
            "a-",
            "a.-b",
            "a-.b",
            "1.2.3.4",
            "1.2.3",
            "1a.2",
            "example.com.",
            "a-b.c",
            "",
            "[::1]",
        ] {
            assert_eq!(Host::parse(t), Host::parse_slow(t), "{t}");
        }
    }
}
