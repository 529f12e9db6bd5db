//! Owned messages and their builders; serialisation in canonical form.

use crate::chars::is_token;
use crate::error::{Error, Result};
use crate::message::{Message, StartLine};
use crate::name::HeaderName;

/// An owned header field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedHeader {
    /// The name; known names are written in canonical full form.
    pub name: String,
    /// The value, on one line.
    pub value: Vec<u8>,
}

/// An owned start line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedStartLine {
    /// `METHOD uri SIP/2.0`.
    Request {
        /// Method token.
        method: String,
        /// Request-URI.
        uri: String,
    },
    /// `SIP/2.0 code reason`.
    Response {
        /// Status code.
        code: u16,
        /// Reason phrase.
        reason: String,
    },
}

/// An owned message. Serialisation is canonical: `SIP/2.0`, full header
/// names, `": "` separators, folds collapsed, CRLF line ends, and a
/// `Content-Length` that matches the body (added when missing, corrected
/// when wrong).
///
/// ```
/// use missive_sip::{OwnedMessage, Message};
/// let msg = OwnedMessage::request("OPTIONS", "sip:bob@example.com").unwrap()
///     .header("v", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9").unwrap()
///     .header("From", "<sip:alice@example.com>;tag=9fxced76sl").unwrap()
///     .header("To", "<sip:bob@example.com>").unwrap()
///     .header("Call-ID", "3848276298220188511@example.com").unwrap()
///     .header("CSeq", "63104 OPTIONS").unwrap()
///     .header("Max-Forwards", "70").unwrap();
/// let wire = msg.to_bytes();
/// assert!(wire.starts_with(b"OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP"));
/// assert!(wire.ends_with(b"Content-Length: 0\r\n\r\n"));
/// let back = Message::parse(&wire).unwrap();
/// assert_eq!(back.cseq().unwrap().seq, 63104);
/// let reply = OwnedMessage::response_to(&back, 200, "OK").unwrap();
/// assert!(reply.to_bytes().starts_with(b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedMessage {
    /// Start line.
    pub start: OwnedStartLine,
    /// Header fields in order (Content-Length is managed by serialisation).
    pub headers: Vec<OwnedHeader>,
    /// Body.
    pub body: Vec<u8>,
}

fn check_value(v: &[u8]) -> Result<()> {
    if v.iter().any(|&c| c == b'\r' || c == b'\n' || c == 0) {
        return Err(Error::Build {
            reason: "header value contains CR, LF or NUL",
        });
    }
    Ok(())
}

/// Collapses folds (CRLF + whitespace) into one space.
fn unfold(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while let Some(&c) = v.get(i) {
        if c == b'\r' || c == b'\n' {
            while v
                .get(i)
                .is_some_and(|&x| matches!(x, b'\r' | b'\n' | b' ' | b'\t'))
            {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn canonical_name(name: &str) -> String {
    match HeaderName::from_bytes(name.as_bytes()) {
        HeaderName::Other => name.to_string(),
        k => k.as_str().to_string(),
    }
}

impl OwnedMessage {
    /// A request with the given method token and Request-URI.
    pub fn request(method: &str, uri: &str) -> Result<Self> {
        if method.is_empty() || !method.bytes().all(is_token) {
            return Err(Error::Build {
                reason: "method is not a token",
            });
        }
        crate::uri::Uri::parse(uri)?;
        Ok(Self {
            start: OwnedStartLine::Request {
                method: method.to_string(),
                uri: uri.to_string(),
            },
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    /// A response with the given status code and reason phrase.
    pub fn response(code: u16, reason: &str) -> Result<Self> {
        if !(100..=699).contains(&code) {
            return Err(Error::Build {
                reason: "status code outside 100..=699",
            });
        }
        check_value(reason.as_bytes())?;
        Ok(Self {
            start: OwnedStartLine::Response {
                code,
                reason: reason.to_string(),
            },
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    /// A response to `req` copying Via, From, To, Call-ID and `CSeq`
    /// (RFC 3261 §8.2.6.2).
    pub fn response_to(req: &Message<'_>, code: u16, reason: &str) -> Result<Self> {
        let mut r = Self::response(code, reason)?;
        for h in req.headers() {
            if matches!(
                h.kind(),
                HeaderName::Via
                    | HeaderName::From
                    | HeaderName::To
                    | HeaderName::CallId
                    | HeaderName::CSeq
            ) {
                r.headers.push(OwnedHeader {
                    name: h.kind().as_str().to_string(),
                    value: unfold(h.value()),
                });
            }
        }
        Ok(r)
    }

    /// Appends a header (builder style). Names must be tokens; values must
    /// not contain CR, LF or NUL. Known names are stored in canonical form.
    pub fn header(mut self, name: &str, value: impl AsRef<[u8]>) -> Result<Self> {
        self.push_header(name, value)?;
        Ok(self)
    }

    /// Appends a header in place.
    pub fn push_header(&mut self, name: &str, value: impl AsRef<[u8]>) -> Result<()> {
        if name.is_empty() || !name.bytes().all(is_token) {
            return Err(Error::Build {
                reason: "header name is not a token",
            });
        }
        let value = value.as_ref();
        check_value(value)?;
        self.headers.push(OwnedHeader {
            name: canonical_name(name),
            value: value.to_vec(),
        });
        Ok(())
    }

    /// Sets the body and its Content-Type (replacing any Content-Type).
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Result<Self> {
        self.headers
            .retain(|h| !h.name.eq_ignore_ascii_case("Content-Type"));
        self.push_header("Content-Type", content_type)?;
        self.body = body.into();
        Ok(self)
    }

    /// Bytes [`OwnedMessage::write_to`] will produce.
    pub fn serialized_len(&self) -> usize {
        let start = match &self.start {
            OwnedStartLine::Request { method, uri } => method.len() + uri.len() + 11,
            OwnedStartLine::Response { reason, .. } => reason.len() + 14,
        };
        let headers: usize = self
            .headers
            .iter()
            .filter(|h| h.name != "Content-Length")
            .map(|h| h.name.len() + h.value.len() + 4)
            .sum();
        start + headers + 16 + 20 + 2 + self.body.len()
    }

    /// Appends the canonical wire form to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.reserve(self.serialized_len());
        match &self.start {
            OwnedStartLine::Request { method, uri } => {
                out.extend_from_slice(method.as_bytes());
                out.push(b' ');
                out.extend_from_slice(uri.as_bytes());
                out.extend_from_slice(b" SIP/2.0\r\n");
            }
            OwnedStartLine::Response { code, reason } => {
                out.extend_from_slice(b"SIP/2.0 ");
                push_u64(out, u64::from(*code));
                out.push(b' ');
                out.extend_from_slice(reason.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        for h in &self.headers {
            if h.name == "Content-Length" {
                continue;
            }
            out.extend_from_slice(h.name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(&h.value);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"Content-Length: ");
        push_u64(out, self.body.len() as u64);
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(&self.body);
    }

    /// The canonical wire form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write_to(&mut v);
        v
    }
}

fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or_default());
}

impl From<&Message<'_>> for OwnedMessage {
    /// Copies a parsed message into owned form (headers unfolded, names
    /// canonical), keeping everything else.
    fn from(m: &Message<'_>) -> Self {
        let start = match m.start_line() {
            StartLine::Request(r) => OwnedStartLine::Request {
                method: r.method.as_str().to_string(),
                uri: r.uri.to_string(),
            },
            StartLine::Response(s) => OwnedStartLine::Response {
                code: s.code,
                reason: s.reason.to_string(),
            },
        };
        let headers = m
            .headers()
            .iter()
            .map(|h| OwnedHeader {
                name: match h.kind() {
                    HeaderName::Other => h.name().to_string(),
                    k => k.as_str().to_string(),
                },
                value: unfold(h.value()),
            })
            .collect();
        Self {
            start,
            headers,
            body: m.body().to_vec(),
        }
    }
}
