//! Typed header values, parsed on demand from the slices a [`Message`] keeps.
//!
//! Each parser takes the header value (`&[u8]`, folds included) and borrows
//! from it. [`Message`] has one accessor per core header that finds the
//! header(s) and calls the parser.

mod addr;
mod auth;
mod media;
mod scalar;
mod tokens;
mod via;

pub use addr::{parse_qvalue, Contact, NameAddr};
pub use auth::Auth;
pub use media::MediaType;
pub use scalar::{
    parse_call_id, parse_content_length, parse_expires, parse_max_forwards, CSeq, HttpDate,
    RetryAfter,
};
pub use tokens::{parse_tokens, TokenParams};
pub use via::Via;

use crate::cursor::Cursor;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::method::Method;
use crate::name::HeaderName;
use crate::uri::Uri;

impl<'a> Message<'a> {
    /// A cursor over the first `kind` header's value (UTF-8 checked at parse time).
    fn required_at(&self, kind: HeaderName, name: &'static str) -> Result<Cursor<'a>> {
        self.header(kind)
            .map(|h| self.cursor(h, name))
            .ok_or(Error::MissingHeader {
                header: kind.as_str(),
            })
    }

    fn optional<T>(
        &self,
        kind: HeaderName,
        f: impl FnOnce(&'a [u8]) -> Result<T>,
    ) -> Result<Option<T>> {
        self.header(kind).map(|h| f(h.value())).transpose()
    }

    /// The Request-URI, parsed (requests only).
    pub fn uri(&self) -> Result<Uri<'a>> {
        let r = self.request_line().ok_or(Error::StartLine {
            offset: 0,
            reason: "a response has no Request-URI",
        })?;
        Uri::parse(r.uri)
    }

    /// All Via values, top first, over every Via header (bounded by
    /// [`crate::Limits::max_vias`]).
    pub fn vias(&self) -> Result<Vec<Via<'a>>> {
        let mut out = Vec::new();
        let max = self.list_limit(HeaderName::Via);
        for h in self.headers_of(HeaderName::Via) {
            Via::parse_into_at(self.cursor(h, "Via"), max, &mut out)?;
        }
        Ok(out)
    }

    /// The topmost Via value.
    pub fn top_via(&self) -> Result<Via<'a>> {
        Via::parse_first_at(self.required_at(HeaderName::Via, "Via")?)
    }

    /// `From`.
    pub fn from(&self) -> Result<NameAddr<'a>> {
        NameAddr::parse_whole(self.required_at(HeaderName::From, "From")?)
    }

    /// `To`.
    pub fn to(&self) -> Result<NameAddr<'a>> {
        NameAddr::parse_whole(self.required_at(HeaderName::To, "To")?)
    }

    /// `Call-ID`.
    pub fn call_id(&self) -> Result<&'a str> {
        scalar::call_id_at(self.required_at(HeaderName::CallId, "Call-ID")?)
    }

    /// `CSeq`.
    pub fn cseq(&self) -> Result<CSeq<'a>> {
        CSeq::parse_at(self.required_at(HeaderName::CSeq, "CSeq")?)
    }

    /// `Max-Forwards`, when present.
    pub fn max_forwards(&self) -> Result<Option<u8>> {
        self.optional(HeaderName::MaxForwards, parse_max_forwards)
    }

    /// `Contact` (all Contact headers together), when present.
    pub fn contact(&self) -> Result<Option<Contact<'a>>> {
        if self.header(HeaderName::Contact).is_none() {
            return Ok(None);
        }
        let max = self.list_limit(HeaderName::Contact);
        Contact::parse(
            self.headers_of(HeaderName::Contact)
                .map(crate::message::Header::value),
            max,
        )
        .map(Some)
    }

    fn addr_list(&self, kind: HeaderName) -> Result<Vec<NameAddr<'a>>> {
        let mut out = Vec::new();
        let max = self.list_limit(kind);
        for h in self.headers_of(kind) {
            NameAddr::parse_list_at(self.cursor(h, kind.as_str()), true, max, &mut out)?;
        }
        Ok(out)
    }

    /// `Route` values, in order.
    pub fn routes(&self) -> Result<Vec<NameAddr<'a>>> {
        self.addr_list(HeaderName::Route)
    }

    /// `Record-Route` values, in order.
    pub fn record_routes(&self) -> Result<Vec<NameAddr<'a>>> {
        self.addr_list(HeaderName::RecordRoute)
    }

    /// `Content-Type`, when present.
    pub fn content_type(&self) -> Result<Option<MediaType<'a>>> {
        self.optional(HeaderName::ContentType, MediaType::parse)
    }

    /// `Content-Length`, when present.
    pub fn content_length(&self) -> Result<Option<u32>> {
        self.optional(HeaderName::ContentLength, parse_content_length)
    }

    /// `Expires`, when present.
    pub fn expires(&self) -> Result<Option<u32>> {
        self.optional(HeaderName::Expires, parse_expires)
    }

    fn tokens(&self, kind: HeaderName) -> Result<Vec<&'a str>> {
        let mut out = Vec::new();
        let max = self.list_limit(kind);
        for h in self.headers_of(kind) {
            parse_tokens(h.value(), kind.as_str(), max, &mut out)?;
        }
        Ok(out)
    }

    /// `Allow` methods (all Allow headers).
    pub fn allow(&self) -> Result<Vec<Method<'a>>> {
        Ok(self
            .tokens(HeaderName::Allow)?
            .into_iter()
            .map(Method::from_token)
            .collect())
    }

    /// `Supported` option tags.
    pub fn supported(&self) -> Result<Vec<&'a str>> {
        self.tokens(HeaderName::Supported)
    }

    /// `Require` option tags.
    pub fn require(&self) -> Result<Vec<&'a str>> {
        self.tokens(HeaderName::Require)
    }

    /// `Proxy-Require` option tags.
    pub fn proxy_require(&self) -> Result<Vec<&'a str>> {
        self.tokens(HeaderName::ProxyRequire)
    }

    /// `Unsupported` option tags.
    pub fn unsupported(&self) -> Result<Vec<&'a str>> {
        self.tokens(HeaderName::Unsupported)
    }

    /// `Event`, when present.
    pub fn event(&self) -> Result<Option<TokenParams<'a>>> {
        self.optional(HeaderName::Event, |v| TokenParams::parse(v, "Event"))
    }

    /// `Subscription-State`, when present.
    pub fn subscription_state(&self) -> Result<Option<TokenParams<'a>>> {
        self.optional(HeaderName::SubscriptionState, |v| {
            TokenParams::parse(v, "Subscription-State")
        })
    }

    fn auths(&self, kind: HeaderName) -> Result<Vec<Auth<'a>>> {
        self.headers_of(kind)
            .map(|h| Auth::parse(h.value(), kind.as_str()))
            .collect()
    }

    /// `WWW-Authenticate` challenges.
    pub fn www_authenticate(&self) -> Result<Vec<Auth<'a>>> {
        self.auths(HeaderName::WwwAuthenticate)
    }

    /// `Proxy-Authenticate` challenges.
    pub fn proxy_authenticate(&self) -> Result<Vec<Auth<'a>>> {
        self.auths(HeaderName::ProxyAuthenticate)
    }

    /// `Authorization` credentials.
    pub fn authorization(&self) -> Result<Vec<Auth<'a>>> {
        self.auths(HeaderName::Authorization)
    }

    /// `Proxy-Authorization` credentials.
    pub fn proxy_authorization(&self) -> Result<Vec<Auth<'a>>> {
        self.auths(HeaderName::ProxyAuthorization)
    }

    /// `Accept` media ranges (all Accept headers); `None` when absent,
    /// `Some(empty)` for an empty Accept.
    pub fn accept(&self) -> Result<Option<Vec<MediaType<'a>>>> {
        if self.header(HeaderName::Accept).is_none() {
            return Ok(None);
        }
        let mut out = Vec::new();
        let max = self.list_limit(HeaderName::Accept);
        for h in self.headers_of(HeaderName::Accept) {
            MediaType::parse_accept(h.value(), max, &mut out)?;
        }
        Ok(Some(out))
    }

    /// `Date`, when present.
    pub fn date(&self) -> Result<Option<HttpDate>> {
        self.optional(HeaderName::Date, HttpDate::parse)
    }

    /// `Retry-After`, when present.
    pub fn retry_after(&self) -> Result<Option<RetryAfter<'a>>> {
        self.optional(HeaderName::RetryAfter, RetryAfter::parse)
    }
}
