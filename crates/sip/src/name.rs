//! Header names: the well-known ones as an enum, compact forms resolved.

use core::fmt;

macro_rules! names {
    ($( $(#[$doc:meta])* $var:ident = $canon:literal $(, $compact:literal)? ;)*) => {
        /// A header name. Known names (full or compact form, any case) map to
        /// their variant; anything else is [`HeaderName::Other`], kept as written.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum HeaderName {
            $( $(#[$doc])* $var, )*
            /// Any header this crate has no name for.
            Other,
        }

        impl HeaderName {
            /// The canonical (full, RFC-cased) spelling; `"Other"` for unknown names.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$var => $canon, )*
                    Self::Other => "Other",
                }
            }

            /// The straightforward lookup (every name in turn), kept as the
            /// reference that [`HeaderName::from_bytes`] is tested against.
            #[cfg(test)]
            pub(crate) fn from_bytes_linear(name: &[u8]) -> Self {
                if name.len() == 1 {
                    let c = name.first().map_or(0, u8::to_ascii_lowercase);
                    $( $( if c == $compact { return Self::$var; } )? )*
                    return Self::Other;
                }
                $( if name.eq_ignore_ascii_case($canon.as_bytes()) {
                    return Self::$var;
                } )*
                Self::Other
            }

            /// The header with compact form `c` (lower case).
            #[inline]
            fn from_compact(c: u8) -> Self {
                match c {
                    $( $( $compact => Self::$var, )? )*
                    _ => Self::Other,
                }
            }

            /// Every known name, for tests.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Self] = &[ $( Self::$var, )* ];

            /// The compact form, when the header has one.
            pub const fn compact(self) -> Option<char> {
                match self {
                    $( $( Self::$var => Some($compact as char), )? )*
                    _ => None,
                }
            }
        }
    };
}

names! {
    /// `Via` (`v`).
    Via = "Via", b'v';
    /// `From` (`f`).
    From = "From", b'f';
    /// `To` (`t`).
    To = "To", b't';
    /// `Call-ID` (`i`).
    CallId = "Call-ID", b'i';
    /// `CSeq`.
    CSeq = "CSeq";
    /// `Max-Forwards`.
    MaxForwards = "Max-Forwards";
    /// `Contact` (`m`).
    Contact = "Contact", b'm';
    /// `Content-Length` (`l`).
    ContentLength = "Content-Length", b'l';
    /// `Content-Type` (`c`).
    ContentType = "Content-Type", b'c';
    /// `Route`.
    Route = "Route";
    /// `Record-Route`.
    RecordRoute = "Record-Route";
    /// `Content-Encoding` (`e`).
    ContentEncoding = "Content-Encoding", b'e';
    /// `Supported` (`k`).
    Supported = "Supported", b'k';
    /// `Subject` (`s`).
    Subject = "Subject", b's';
    /// `Event` (`o`).
    Event = "Event", b'o';
    /// `Allow-Events` (`u`).
    AllowEvents = "Allow-Events", b'u';
    /// `Refer-To` (`r`).
    ReferTo = "Refer-To", b'r';
    /// `Referred-By` (`b`).
    ReferredBy = "Referred-By", b'b';
    /// `Session-Expires` (`x`).
    SessionExpires = "Session-Expires", b'x';
    /// `Identity` (`y`).
    Identity = "Identity", b'y';
    /// `Expires`.
    Expires = "Expires";
    /// `Allow`.
    Allow = "Allow";
    /// `Require`.
    Require = "Require";
    /// `Proxy-Require`.
    ProxyRequire = "Proxy-Require";
    /// `Unsupported`.
    Unsupported = "Unsupported";
    /// `Subscription-State`.
    SubscriptionState = "Subscription-State";
    /// `WWW-Authenticate`.
    WwwAuthenticate = "WWW-Authenticate";
    /// `Proxy-Authenticate`.
    ProxyAuthenticate = "Proxy-Authenticate";
    /// `Authorization`.
    Authorization = "Authorization";
    /// `Proxy-Authorization`.
    ProxyAuthorization = "Proxy-Authorization";
    /// `Accept`.
    Accept = "Accept";
    /// `Accept-Encoding`.
    AcceptEncoding = "Accept-Encoding";
    /// `Accept-Language`.
    AcceptLanguage = "Accept-Language";
    /// `Date`.
    Date = "Date";
    /// `Retry-After`.
    RetryAfter = "Retry-After";
    /// `Min-Expires`.
    MinExpires = "Min-Expires";
    /// `User-Agent`.
    UserAgent = "User-Agent";
    /// `Server`.
    Server = "Server";
    /// `Warning`.
    Warning = "Warning";
    /// `Timestamp`.
    Timestamp = "Timestamp";
}

/// `name` equals `known`'s canonical spelling, ignoring ASCII case; the
/// exact spelling is tried first (a few word compares, since the length is
/// already known to match).
// Always inlined so that `canon` is a constant of known length and the
// exact compare becomes a few word compares (measured: without it the
// lookup costs ~450 more instructions per 200 OK parse).
#[allow(clippy::inline_always)]
#[inline(always)]
fn is(name: &[u8], known: HeaderName) -> bool {
    let canon = known.as_str().as_bytes();
    name == canon || name.eq_ignore_ascii_case(canon)
}

impl HeaderName {
    /// Looks a name up (case-insensitive, compact forms included): one
    /// switch on (length, first letter), then at most two comparisons.
    pub fn from_bytes(name: &[u8]) -> Self {
        let Some(&first) = name.first() else {
            return Self::Other;
        };
        // `| 0x20` lower-cases letters; a non-letter never maps to a letter,
        // and every candidate is compared in full below anyway.
        let f = first | 0x20;
        match (name.len(), f) {
            (1, c) => Self::from_compact(c),
            (2, b't') if is(name, Self::To) => Self::To,
            (3, b'v') if is(name, Self::Via) => Self::Via,
            (4, b'c') if is(name, Self::CSeq) => Self::CSeq,
            (4, b'd') if is(name, Self::Date) => Self::Date,
            (4, b'f') if is(name, Self::From) => Self::From,
            (5, b'a') if is(name, Self::Allow) => Self::Allow,
            (5, b'e') if is(name, Self::Event) => Self::Event,
            (5, b'r') if is(name, Self::Route) => Self::Route,
            (6, b'a') if is(name, Self::Accept) => Self::Accept,
            (6, b's') if is(name, Self::Server) => Self::Server,
            (7, b'c') if is(name, Self::CallId) => Self::CallId,
            (7, b'c') if is(name, Self::Contact) => Self::Contact,
            (7, b'e') if is(name, Self::Expires) => Self::Expires,
            (7, b'r') if is(name, Self::Require) => Self::Require,
            (7, b's') if is(name, Self::Subject) => Self::Subject,
            (7, b'w') if is(name, Self::Warning) => Self::Warning,
            (8, b'i') if is(name, Self::Identity) => Self::Identity,
            (8, b'r') if is(name, Self::ReferTo) => Self::ReferTo,
            (9, b's') if is(name, Self::Supported) => Self::Supported,
            (9, b't') if is(name, Self::Timestamp) => Self::Timestamp,
            (10, b'u') if is(name, Self::UserAgent) => Self::UserAgent,
            (11, b'm') if is(name, Self::MinExpires) => Self::MinExpires,
            (11, b'r') if is(name, Self::ReferredBy) => Self::ReferredBy,
            (11, b'r') if is(name, Self::RetryAfter) => Self::RetryAfter,
            (11, b'u') if is(name, Self::Unsupported) => Self::Unsupported,
            (12, b'a') if is(name, Self::AllowEvents) => Self::AllowEvents,
            (12, b'c') if is(name, Self::ContentType) => Self::ContentType,
            (12, b'm') if is(name, Self::MaxForwards) => Self::MaxForwards,
            (12, b'r') if is(name, Self::RecordRoute) => Self::RecordRoute,
            (13, b'a') if is(name, Self::Authorization) => Self::Authorization,
            (13, b'p') if is(name, Self::ProxyRequire) => Self::ProxyRequire,
            (14, b'c') if is(name, Self::ContentLength) => Self::ContentLength,
            (15, b'a') if is(name, Self::AcceptEncoding) => Self::AcceptEncoding,
            (15, b'a') if is(name, Self::AcceptLanguage) => Self::AcceptLanguage,
            (15, b's') if is(name, Self::SessionExpires) => Self::SessionExpires,
            (16, b'c') if is(name, Self::ContentEncoding) => Self::ContentEncoding,
            (16, b'w') if is(name, Self::WwwAuthenticate) => Self::WwwAuthenticate,
            (18, b'p') if is(name, Self::ProxyAuthenticate) => Self::ProxyAuthenticate,
            (18, b's') if is(name, Self::SubscriptionState) => Self::SubscriptionState,
            (19, b'p') if is(name, Self::ProxyAuthorization) => Self::ProxyAuthorization,
            _ => Self::Other,
        }
    }
}

impl fmt::Display for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::HeaderName;

    #[test]
    fn names_resolve_in_any_case() {
        for (name, kind) in [
            ("Call-ID", HeaderName::CallId),
            ("CONTACT", HeaderName::Contact),
            ("retry-after", HeaderName::RetryAfter),
            ("REFERRED-by", HeaderName::ReferredBy),
            ("accept-language", HeaderName::AcceptLanguage),
            ("Accept-Encoding", HeaderName::AcceptEncoding),
            ("I", HeaderName::CallId),
        ] {
            assert_eq!(HeaderName::from_bytes(name.as_bytes()), kind, "{name}");
        }
        for other in [
            "X-Foo", "Contacts", "Call-Id2", "", "-", "Reply-To", "Ca", "Call\rID",
        ] {
            assert_eq!(
                HeaderName::from_bytes(other.as_bytes()),
                HeaderName::Other,
                "{other}"
            );
        }
    }
    #[test]
    fn switch_lookup_matches_linear_lookup() {
        // Every known name in several spellings, every prefix/suffix
        // mutation, and every 1- and 2-byte name.
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for k in HeaderName::ALL {
            let c = k.as_str();
            for v in [
                c.to_string(),
                c.to_ascii_lowercase(),
                c.to_ascii_uppercase(),
            ] {
                let b = v.into_bytes();
                for i in 0..b.len() {
                    let mut m = b.clone();
                    m[i] ^= 0x20;
                    cases.push(m.clone());
                    m[i] = b'\r';
                    cases.push(m);
                }
                cases.push(b[1..].to_vec());
                cases.push(b[..b.len() - 1].to_vec());
                cases.push(b);
            }
        }
        for a in 0..=255u8 {
            cases.push(vec![a]);
            for b in 0..=255u8 {
                cases.push(vec![a, b]);
            }
        }
        for c in &cases {
            assert_eq!(
                HeaderName::from_bytes(c),
                HeaderName::from_bytes_linear(c),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn switch_lookup_matches_linear_on_random_names(
            name in proptest::collection::vec(proptest::sample::select(
                b"aAcCeEfFiIlLmMoOpPrRsStTuUvVwWxXyYbBdDkKnN-_.\r@`".to_vec()), 0..20)
        ) {
            proptest::prop_assert_eq!(HeaderName::from_bytes(&name), HeaderName::from_bytes_linear(&name));
        }
    }
}
