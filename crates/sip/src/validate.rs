//! What a UAS or proxy answers to a request it receives (RFC 3261 §8.2,
//! §16.3), and whether a response is well-formed enough to process.

use crate::error::Error;
use crate::hdr::{Auth, Contact};
use crate::limits::Limits;
use crate::message::{BodyFraming, Message};
use crate::method::{Method, Version};
use crate::name::HeaderName;
use crate::uri::Uri;

/// Which element is validating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A user agent server (§8.2).
    Uas,
    /// A proxy (§16.3): Max-Forwards 0 earns 483, Proxy-Require is checked.
    Proxy,
}

/// What the element supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConfig {
    /// UAS or proxy.
    pub role: Role,
    /// Request-URI schemes accepted (lower case). Default sip, sips, tel.
    pub schemes: Vec<String>,
    /// Option tags supported (for Require / Proxy-Require). Default none.
    pub extensions: Vec<String>,
    /// Body types understood (`type/subtype`, lower case). Default
    /// `application/sdp`, `multipart/mixed`, `multipart/alternative`.
    pub content_types: Vec<String>,
    /// The body type this element answers INVITE with, matched against
    /// Accept (406 otherwise). Default `application/sdp`.
    pub answer_type: String,
    /// Methods accepted; `None` accepts any (405 otherwise).
    pub methods: Option<Vec<String>>,
    /// Parse limits; a message over `max_message_size` earns 513.
    pub limits: Limits,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            role: Role::Uas,
            schemes: vec!["sip".into(), "sips".into(), "tel".into()],
            extensions: Vec::new(),
            content_types: vec![
                "application/sdp".into(),
                "multipart/mixed".into(),
                "multipart/alternative".into(),
            ],
            answer_type: "application/sdp".into(),
            methods: None,
            limits: Limits::default(),
        }
    }
}

/// The outcome of validation: the status code to answer with (200 when the
/// message is acceptable; for a response, anything but 200 means "discard").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Status code: 200, 400, 405, 406, 413, 415, 416, 420, 483, 505, 513 …
    pub code: u16,
    /// Reason phrase explaining the problem (goes in the response).
    pub reason: String,
    /// For 420: the option tags to list in `Unsupported`.
    pub unsupported: Vec<String>,
}

impl Verdict {
    fn ok() -> Self {
        Self::new(200, "OK")
    }

    fn new(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            unsupported: Vec::new(),
        }
    }

    /// Whether the message is acceptable.
    pub fn is_ok(&self) -> bool {
        self.code == 200
    }
}

/// The verdict for a parse error: 513 for an oversized message, 505 for
/// an unknown version, 400 otherwise.
pub fn verdict_for_error(e: &Error) -> Verdict {
    match e {
        Error::Limit { what, .. } if *what == "message size" || *what == "Content-Length" => {
            Verdict::new(513, "Message Too Large")
        }
        _ => Verdict::new(400, format!("Bad Request ({e})")),
    }
}

/// Parses a datagram and validates it: what an element answers to these bytes.
///
/// ```
/// use missive_sip::validate::{check_bytes, CheckConfig};
/// let v = check_bytes(b"OPTIONS sip:a@b SIP/7.0\r\nVia: SIP/7.0/UDP h\r\n\r\n", &CheckConfig::default());
/// assert_eq!(v.code, 505);
/// ```
pub fn check_bytes(bytes: &[u8], cfg: &CheckConfig) -> Verdict {
    match Message::parse_with(bytes, &cfg.limits) {
        Ok(m) => check(&m, cfg),
        Err(e) => verdict_for_error(&e),
    }
}

fn bad(what: &str, e: &Error) -> Verdict {
    Verdict::new(400, format!("Bad {what} ({e})"))
}

/// Validates a parsed message as `cfg.role` would before acting on it.
///
/// ```
/// use missive_sip::{Message, validate::{check, CheckConfig}};
/// let m = Message::parse(b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
/// From: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\
/// Require: foo\r\nContent-Length: 0\r\n\r\n").unwrap();
/// let v = check(&m, &CheckConfig::default());
/// assert_eq!((v.code, v.unsupported.as_slice()), (420, &["foo".to_string()][..]));
/// ```
pub fn check(msg: &Message<'_>, cfg: &CheckConfig) -> Verdict {
    if msg.version() != Version::SIP_2_0 {
        return Verdict::new(505, "Version Not Supported");
    }
    if let Err(v) = check_common(msg) {
        return v;
    }
    if msg.is_request() {
        check_request(msg, cfg).unwrap_or_else(|v| v)
    } else {
        Verdict::ok()
    }
}

fn once(msg: &Message<'_>, kind: HeaderName) -> Result<(), Verdict> {
    match msg.headers_of(kind).count() {
        0 => Err(Verdict::new(400, format!("Missing {kind} header"))),
        1 => Ok(()),
        _ => Err(Verdict::new(400, format!("Multiple {kind} headers"))),
    }
}

/// Checks shared by requests and responses: mandatory headers present once,
/// every known header well-formed.
type AuthGetter = for<'x, 'y> fn(&'x Message<'y>) -> crate::Result<Vec<Auth<'y>>>;

/// Parses the URI of every address in a list.
fn uris(list: &[crate::hdr::NameAddr<'_>]) -> crate::Result<()> {
    list.iter().try_for_each(|a| a.uri().map(|_| ()))
}

fn check_common(msg: &Message<'_>) -> Result<(), Verdict> {
    for k in [
        HeaderName::To,
        HeaderName::From,
        HeaderName::CallId,
        HeaderName::CSeq,
    ] {
        once(msg, k)?;
    }
    if msg.header(HeaderName::Via).is_none() {
        return Err(Verdict::new(400, "Missing Via header"));
    }
    if msg.headers_of(HeaderName::MaxForwards).count() > 1 {
        return Err(Verdict::new(400, "Multiple Max-Forwards headers"));
    }
    if msg.framing() == BodyFraming::Ambiguous {
        return Err(Verdict::new(400, "Conflicting Content-Length headers"));
    }
    if msg.headers_of(HeaderName::ContentLength).count() > 1 {
        return Err(Verdict::new(400, "Multiple Content-Length headers"));
    }
    msg.vias().map_err(|e| bad("Via", &e))?;
    // Typed access leaves name-addr URIs as text; validation parses them.
    msg.from()
        .and_then(|a| a.uri())
        .map_err(|e| bad("From", &e))?;
    msg.to().and_then(|a| a.uri()).map_err(|e| bad("To", &e))?;
    msg.call_id().map_err(|e| bad("Call-ID", &e))?;
    msg.cseq().map_err(|e| bad("CSeq", &e))?;
    msg.max_forwards().map_err(|e| bad("Max-Forwards", &e))?;
    if let Some(Contact::Addresses(list)) = msg.contact().map_err(|e| bad("Contact", &e))? {
        uris(&list).map_err(|e| bad("Contact", &e))?;
    }
    msg.routes()
        .and_then(|l| uris(&l))
        .map_err(|e| bad("Route", &e))?;
    msg.record_routes()
        .and_then(|l| uris(&l))
        .map_err(|e| bad("Record-Route", &e))?;
    msg.content_type().map_err(|e| bad("Content-Type", &e))?;
    msg.expires().map_err(|e| bad("Expires", &e))?;
    msg.allow().map_err(|e| bad("Allow", &e))?;
    msg.supported().map_err(|e| bad("Supported", &e))?;
    msg.require().map_err(|e| bad("Require", &e))?;
    msg.proxy_require().map_err(|e| bad("Proxy-Require", &e))?;
    msg.unsupported().map_err(|e| bad("Unsupported", &e))?;
    msg.event().map_err(|e| bad("Event", &e))?;
    msg.subscription_state()
        .map_err(|e| bad("Subscription-State", &e))?;
    let auths: [(HeaderName, AuthGetter); 4] = [
        (HeaderName::WwwAuthenticate, |m| m.www_authenticate()),
        (HeaderName::ProxyAuthenticate, |m| m.proxy_authenticate()),
        (HeaderName::Authorization, |m| m.authorization()),
        (HeaderName::ProxyAuthorization, |m| m.proxy_authorization()),
    ];
    for (k, f) in auths {
        f(msg).map_err(|e| bad(k.as_str(), &e))?;
    }
    msg.accept().map_err(|e| bad("Accept", &e))?;
    msg.date().map_err(|e| bad("Date", &e))?;
    msg.retry_after().map_err(|e| bad("Retry-After", &e))?;
    if let Some(Contact::Star) = msg.contact().ok().flatten() {
        if msg.method() != Some(Method::Register) {
            return Err(Verdict::new(400, "Contact '*' outside REGISTER"));
        }
    }
    Ok(())
}

fn check_request(msg: &Message<'_>, cfg: &CheckConfig) -> Result<Verdict, Verdict> {
    let method = msg.method().unwrap_or(Method::Other(""));
    let cseq = msg.cseq().map_err(|e| bad("CSeq", &e))?;
    if cseq.method != method {
        return Err(Verdict::new(
            400,
            "CSeq method does not match the request method",
        ));
    }
    let uri = msg.uri().map_err(|e| bad("Request-URI", &e))?;
    let scheme = uri.scheme();
    if !cfg.schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return Err(Verdict::new(416, "Unsupported URI Scheme"));
    }
    if let Uri::Sip(s) = &uri {
        if s.has_headers() {
            return Err(Verdict::new(400, "Headers not allowed in the Request-URI"));
        }
    }
    if let Some(methods) = &cfg.methods {
        if !methods.iter().any(|m| m == method.as_str()) {
            return Err(Verdict::new(405, "Method Not Allowed"));
        }
    }
    if cfg.role == Role::Proxy && msg.max_forwards().ok().flatten() == Some(0) {
        return Err(Verdict::new(483, "Too Many Hops"));
    }
    let required = match cfg.role {
        Role::Proxy => msg.proxy_require().map_err(|e| bad("Proxy-Require", &e))?,
        // RFC 3261 §8.2.2.3: a UAS ignores Require in ACK and CANCEL.
        Role::Uas if matches!(method, Method::Ack | Method::Cancel) => Vec::new(),
        Role::Uas => msg.require().map_err(|e| bad("Require", &e))?,
    };
    let unsupported: Vec<String> = required
        .iter()
        .filter(|t| !cfg.extensions.iter().any(|e| e.eq_ignore_ascii_case(t)))
        .map(|t| (*t).to_string())
        .collect();
    if !unsupported.is_empty() {
        let mut v = Verdict::new(420, "Bad Extension");
        v.unsupported = unsupported;
        return Err(v);
    }
    if cfg.role == Role::Uas {
        if !msg.body().is_empty() {
            let ct = msg.content_type().map_err(|e| bad("Content-Type", &e))?;
            let understood = ct.is_some_and(|ct| {
                cfg.content_types
                    .iter()
                    .any(|t| t.split_once('/').is_some_and(|(a, b)| ct.is(a, b)))
            });
            if !understood {
                return Err(Verdict::new(415, "Unsupported Media Type"));
            }
            if msg.header(HeaderName::ContentEncoding).is_some() {
                return Err(Verdict::new(
                    415,
                    "Unsupported Media Type (Content-Encoding)",
                ));
            }
        }
        if method == Method::Invite {
            if let Some(accept) = msg.accept().map_err(|e| bad("Accept", &e))? {
                let (a, b) = cfg.answer_type.split_once('/').unwrap_or(("", ""));
                if !accept.is_empty() && !accept.iter().any(|r| r.matches(a, b)) {
                    return Err(Verdict::new(406, "Not Acceptable"));
                }
            }
        }
    }
    Ok(Verdict::ok())
}
