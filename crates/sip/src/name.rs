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

            /// Looks a name up (case-insensitive, compact forms included).
            pub fn from_bytes(name: &[u8]) -> Self {
                if name.len() == 1 {
                    let c = name.first().map_or(0, u8::to_ascii_lowercase);
                    $( $( if c == $compact { return Self::$var; } )? )*
                    return Self::Other;
                }
                let first = name.first().map_or(0, u8::to_ascii_lowercase);
                $( if name.len() == $canon.len()
                    && first == $canon.as_bytes()[0].to_ascii_lowercase()
                    && name.eq_ignore_ascii_case($canon.as_bytes()) {
                    return Self::$var;
                } )*
                Self::Other
            }

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
}
