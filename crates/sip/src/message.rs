//! The zero-copy message: start line, header slices, body slice.

use crate::chars::{ascii, check_escaped, is_token, is_uric};
use crate::cursor::{is_lws, parse_u32};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::method::{Method, Version};
use crate::name::HeaderName;

/// `Method SP Request-URI SP SIP-Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLine<'a> {
    /// The method.
    pub method: Method<'a>,
    /// The Request-URI text (characters checked; parse it with [`Message::uri`]).
    pub uri: &'a str,
    /// The protocol version.
    pub version: Version,
}

/// `SIP-Version SP Status-Code SP Reason-Phrase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusLine<'a> {
    /// The protocol version.
    pub version: Version,
    /// Status code, 100–699.
    pub code: u16,
    /// Reason phrase (UTF-8, may be empty).
    pub reason: &'a str,
}

/// The first line of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLine<'a> {
    /// A request.
    Request(RequestLine<'a>),
    /// A response.
    Response(StatusLine<'a>),
}

/// One header field, as slices of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    name: &'a [u8],
    kind: HeaderName,
    value: &'a [u8],
    raw: &'a [u8],
    /// Offset of `value` in the message buffer.
    value_at: usize,
}

impl<'a> Header<'a> {
    /// The name as written (`v`, `VIA`, `Via` …).
    pub fn name(&self) -> &'a str {
        ascii(self.name)
    }

    /// The known name this header resolves to (compact forms included).
    pub fn kind(&self) -> HeaderName {
        self.kind
    }

    /// The value without surrounding whitespace; folds (CRLF + whitespace)
    /// are still inside.
    pub fn value(&self) -> &'a [u8] {
        self.value
    }

    /// The value as text when it is UTF-8.
    pub fn value_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.value).ok()
    }

    /// The whole header field as received, line terminator(s) included.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Whether this header has the given name (case-insensitive, compact forms
    /// understood).
    pub fn is(&self, name: &str) -> bool {
        let k = HeaderName::from_bytes(name.as_bytes());
        if k == HeaderName::Other {
            self.kind == HeaderName::Other && self.name.eq_ignore_ascii_case(name.as_bytes())
        } else {
            self.kind == k
        }
    }

    /// The comma-separated values of a list header, split at commas that are
    /// outside quoted strings and `<…>`, each trimmed of LWS. Do not use on
    /// headers whose grammar is not a list (Date, WWW-Authenticate …).
    ///
    /// ```
    /// let msg = missive_sip::Message::parse(
    ///     b"OPTIONS sip:a@b SIP/2.0\r\nContact: \"A, B\" <sip:x@y;p=1,2>, <sip:z@w>\r\n\r\n").unwrap();
    /// let v: Vec<&[u8]> = msg.headers()[0].values().collect();
    /// assert_eq!(v, [&b"\"A, B\" <sip:x@y;p=1,2>"[..], b"<sip:z@w>"]);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        split_values(self.value)
    }
}

/// Splits a list value at top-level commas (outside quotes and angle brackets).
pub fn split_values(v: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut pos = 0usize;
    let mut done = v.is_empty();
    core::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        let mut quoted = false;
        let mut angle = false;
        let mut i = start;
        while let Some(&c) = v.get(i) {
            match c {
                b'\\' if quoted => i += 1,
                b'"' => quoted = !quoted,
                b'<' if !quoted => angle = true,
                b'>' if !quoted => angle = false,
                b',' if !quoted && !angle => break,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(v.len());
        if end >= v.len() {
            done = true;
        }
        pos = end + 1;
        Some(trim_lws(v.get(start..end).unwrap_or_default()))
    })
}

/// The value of a header line `raw` (line end included) whose colon is at
/// `colon_end - 1`: `trim_lws` of the rest. Fast path for the usual shape,
/// `": value\r\n"` with no other whitespace at either end.
#[inline]
fn header_value(raw: &[u8], colon_end: usize) -> &[u8] {
    let n = raw.len();
    if raw.get(colon_end) == Some(&b' ')
        && raw.get(colon_end + 1).is_some_and(|&c| !is_lws(c))
        && raw.get(n.wrapping_sub(2)..) == Some(b"\r\n")
        && raw.get(n.wrapping_sub(3)).is_some_and(|&c| !is_lws(c))
        && colon_end + 1 < n - 2
    {
        return raw.get(colon_end + 1..n - 2).unwrap_or_default();
    }
    trim_lws(raw.get(colon_end..).unwrap_or_default())
}

pub(crate) fn trim_lws(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|&c| !is_lws(c)).unwrap_or(v.len());
    let end = v.iter().rposition(|&c| !is_lws(c)).map_or(start, |i| i + 1);
    v.get(start..end).unwrap_or_default()
}

/// How the body length was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// From a single (or consistently repeated) `Content-Length`.
    ContentLength(usize),
    /// No `Content-Length`: the rest of the datagram (RFC 3261 §18.3).
    Datagram,
    /// Several `Content-Length` headers that disagree: the rest of the
    /// datagram was taken; validation answers 400.
    Ambiguous,
}

/// A parsed SIP message borrowing the input bytes.
///
/// Parsing checks the framing: start line, header-field syntax (name, colon,
/// folding), `Content-Length`. Header values stay slices until a typed
/// accessor is called. Serialising gives back the input byte for byte.
///
/// ```
/// use missive_sip::{Message, Method};
/// let bytes = b"INVITE sip:bob@example.com SIP/2.0\r\n\
/// v: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n\
/// Max-Forwards: 70\r\nt: Bob <sip:bob@example.com>\r\n\
/// f: Alice <sip:alice@example.com>;tag=1928301774\r\n\
/// i: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 INVITE\r\nl: 4\r\n\r\nbody";
/// let msg = Message::parse(bytes).unwrap();
/// assert_eq!(msg.method(), Some(Method::Invite));
/// assert_eq!(msg.call_id().unwrap(), "a84b4c76e66710@pc33.example.com");
/// assert_eq!(msg.from().unwrap().tag(), Some("1928301774"));
/// assert_eq!(msg.top_via().unwrap().branch(), Some("z9hG4bK776asdhds"));
/// assert_eq!(msg.cseq().unwrap().seq, 314159);
/// assert_eq!(msg.body(), b"body");
/// assert_eq!(msg.to_bytes(), bytes);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    raw: &'a [u8],
    start_raw: &'a [u8],
    start: StartLine<'a>,
    headers: Vec<Header<'a>>,
    separator: &'a [u8],
    body: &'a [u8],
    /// Start line and header block as text when they are UTF-8 (checked
    /// once here, so typed accessors take sub-slices without re-validating).
    head: Option<&'a str>,
    framing: BodyFraming,
    max_vias: usize,
    max_list: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Datagram,
    Stream,
}

/// The next `\n` at or after `from`.
#[inline]
fn line_end(buf: &[u8], from: usize) -> Option<usize> {
    find_newline(buf.get(from..)?).map(|i| from + i)
}

#[inline]
fn find_newline(h: &[u8]) -> Option<usize> {
    crate::chars::find_byte(b'\n', h)
}

fn parse_request_line(line: &[u8], base: usize) -> Result<RequestLine<'_>> {
    let bad = |o: usize, reason| Error::StartLine {
        offset: base + o,
        reason,
    };
    let mlen = line
        .iter()
        .position(|&c| !is_token(c))
        .unwrap_or(line.len());
    if mlen == 0 {
        return Err(bad(0, "expected method token"));
    }
    if line.get(mlen) != Some(&b' ') {
        return Err(bad(mlen, "expected single SP after method"));
    }
    let ustart = mlen + 1;
    let rest = line.get(ustart..).unwrap_or_default();
    let ulen = rest.iter().position(|&c| c == b' ').unwrap_or(rest.len());
    if ulen == 0 {
        return Err(bad(ustart, "empty Request-URI or extra SP"));
    }
    let uri = rest.get(..ulen).unwrap_or_default();
    check_escaped(uri, is_uric).map_err(|i| bad(ustart + i, "bad character in Request-URI"))?;
    let colon = uri.iter().position(|&c| c == b':');
    if !uri.first().is_some_and(u8::is_ascii_alphabetic)
        || colon.is_none_or(|i| {
            uri.get(..i)
                .is_none_or(|s| !s.iter().all(|&c| crate::chars::is_scheme(c)))
        })
    {
        return Err(bad(ustart, "Request-URI has no scheme"));
    }
    let vstart = ustart + ulen + 1;
    if line.get(ustart + ulen) != Some(&b' ') {
        return Err(bad(ustart + ulen, "expected SP before SIP-Version"));
    }
    let version = Version::parse(line.get(vstart..).unwrap_or_default())
        .ok_or_else(|| bad(vstart, "bad SIP-Version"))?;
    Ok(RequestLine {
        method: Method::from_token(ascii(line.get(..mlen).unwrap_or_default())),
        uri: ascii(uri),
        version,
    })
}

fn parse_status_line(line: &[u8], base: usize) -> Result<StatusLine<'_>> {
    let bad = |o: usize, reason| Error::StartLine {
        offset: base + o,
        reason,
    };
    let vlen = line.iter().position(|&c| c == b' ').unwrap_or(line.len());
    let version = Version::parse(line.get(..vlen).unwrap_or_default())
        .ok_or_else(|| bad(0, "bad SIP-Version"))?;
    let code_bytes = line.get(vlen + 1..vlen + 4).unwrap_or_default();
    if line.get(vlen) != Some(&b' ')
        || code_bytes.len() != 3
        || !code_bytes.iter().all(u8::is_ascii_digit)
    {
        return Err(bad(vlen + 1, "status code must be three digits"));
    }
    let code = parse_u32(code_bytes).unwrap_or(0) as u16;
    if !(100..=699).contains(&code) {
        return Err(bad(vlen + 1, "status code out of range"));
    }
    let reason = match line.get(vlen + 4) {
        None => &[][..],
        Some(b' ') => line.get(vlen + 5..).unwrap_or_default(),
        Some(_) => return Err(bad(vlen + 4, "status code must be three digits")),
    };
    if reason
        .iter()
        .any(|&c| (c < 0x20 && c != b'\t') || c == 0x7f)
    {
        return Err(bad(vlen + 5, "control character in reason phrase"));
    }
    let reason =
        core::str::from_utf8(reason).map_err(|_| bad(vlen + 5, "reason phrase is not UTF-8"))?;
    Ok(StatusLine {
        version,
        code,
        reason,
    })
}

impl<'a> Message<'a> {
    /// Parses one message from a datagram (UDP) with default [`Limits`].
    /// Bytes after the body declared by `Content-Length` are ignored
    /// (RFC 3261 §18.3); without `Content-Length` the body is the rest.
    pub fn parse(buf: &'a [u8]) -> Result<Self> {
        Self::parse_with(buf, &Limits::default())
    }

    /// [`Message::parse`] with explicit limits.
    pub fn parse_with(buf: &'a [u8], limits: &Limits) -> Result<Self> {
        Self::parse_inner(buf, limits, Mode::Datagram)
    }

    /// Parses one message at the start of a stream buffer (TCP/TLS):
    /// `Content-Length` is mandatory, and [`Error::Incomplete`] means more
    /// bytes are needed. [`Message::len`] tells how many bytes it used
    /// (leading CRLF keep-alives included).
    pub fn parse_stream(buf: &'a [u8], limits: &Limits) -> Result<Self> {
        Self::parse_inner(buf, limits, Mode::Stream)
    }

    #[allow(clippy::too_many_lines)]
    fn parse_inner(buf: &'a [u8], limits: &Limits, mode: Mode) -> Result<Self> {
        let stream = mode == Mode::Stream;
        if !stream && buf.len() > limits.max_message_size {
            return Err(Error::Limit {
                what: "message size",
                max: limits.max_message_size,
            });
        }
        let incomplete = |what| Error::Incomplete {
            what,
            have: buf.len(),
        };
        // Leading CRLFs (keep-alives) are skipped (RFC 3261 §7.5).
        let mut begin = 0;
        while let Some(&c) = buf.get(begin) {
            if c == b'\r' || c == b'\n' {
                begin += 1;
            } else {
                break;
            }
        }
        let Some(nl) = line_end(buf, begin) else {
            if buf.len() - begin > limits.max_line_length {
                return Err(Error::Limit {
                    what: "line length",
                    max: limits.max_line_length,
                });
            }
            return Err(if stream || begin == buf.len() {
                incomplete("start line")
            } else {
                Error::StartLine {
                    offset: begin,
                    reason: "no line terminator",
                }
            });
        };
        if nl - begin > limits.max_line_length {
            return Err(Error::Limit {
                what: "line length",
                max: limits.max_line_length,
            });
        }
        let line = buf.get(begin..nl).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let start = if line.len() >= 4
            && line
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"SIP/"))
        {
            StartLine::Response(parse_status_line(line, begin)?)
        } else {
            StartLine::Request(parse_request_line(line, begin)?)
        };
        let start_raw = buf.get(begin..=nl).unwrap_or_default();

        let mut headers = Vec::with_capacity(16);
        let mut p = nl + 1;
        let mut content_length: Option<usize> = None;
        let mut ambiguous = false;
        let mut vias = 0usize;
        let separator;
        loop {
            match buf.get(p) {
                Some(b'\r') if buf.get(p + 1) == Some(&b'\n') => {
                    separator = buf.get(p..p + 2).unwrap_or_default();
                    p += 2;
                    break;
                }
                Some(b'\r') if stream && p + 1 == buf.len() => {
                    return Err(incomplete("header block"))
                }
                Some(b'\n') => {
                    separator = buf.get(p..=p).unwrap_or_default();
                    p += 1;
                    break;
                }
                None => {
                    if stream {
                        return Err(incomplete("header block"));
                    }
                    // A datagram that ends right after a header line: take the
                    // end of the datagram as the end of the header block.
                    separator = &[];
                    break;
                }
                Some(_) => {}
            }
            let hstart = p;
            let mut e = match line_end(buf, p) {
                Some(e) => e,
                None if stream => {
                    if buf.len() - p > limits.max_line_length {
                        return Err(Error::Limit {
                            what: "line length",
                            max: limits.max_line_length,
                        });
                    }
                    return Err(incomplete("header line"));
                }
                None => {
                    return Err(Error::HeaderLine {
                        offset: p,
                        reason: "header line has no terminator",
                    })
                }
            };
            // Folding: a line starting with SP/HT continues the header.
            loop {
                match buf.get(e + 1) {
                    Some(b' ' | b'\t') => {
                        e = match line_end(buf, e + 1) {
                            Some(x) => x,
                            None if stream => return Err(incomplete("folded header line")),
                            None => {
                                return Err(Error::HeaderLine {
                                    offset: hstart,
                                    reason: "header line has no terminator",
                                })
                            }
                        }
                    }
                    None if stream => return Err(incomplete("header block")),
                    _ => break,
                }
            }
            let next = e + 1;
            if next - hstart > limits.max_line_length {
                return Err(Error::Limit {
                    what: "line length",
                    max: limits.max_line_length,
                });
            }
            if headers.len() >= limits.max_headers {
                return Err(Error::Limit {
                    what: "header count",
                    max: limits.max_headers,
                });
            }
            let raw = buf.get(hstart..next).unwrap_or_default();
            let nlen = raw.iter().position(|&c| !is_token(c)).unwrap_or(raw.len());
            if nlen == 0 {
                return Err(Error::HeaderLine {
                    offset: hstart,
                    reason: "expected header name",
                });
            }
            let mut k = nlen;
            while matches!(raw.get(k), Some(b' ' | b'\t')) {
                k += 1;
            }
            if raw.get(k) != Some(&b':') {
                return Err(Error::HeaderLine {
                    offset: hstart,
                    reason: "expected ':' after header name",
                });
            }
            let value = header_value(raw, k + 1);
            let name = raw.get(..nlen).unwrap_or_default();
            let kind = HeaderName::from_bytes(name);
            match kind {
                HeaderName::Via => {
                    vias += 1;
                    if vias > limits.max_vias {
                        return Err(Error::Limit {
                            what: "Via count",
                            max: limits.max_vias,
                        });
                    }
                }
                HeaderName::ContentLength => {
                    let n = parse_u32(value).ok_or(Error::ContentLength {
                        reason: "not a non-negative decimal number",
                    })? as usize;
                    if n > limits.max_message_size {
                        return Err(Error::Limit {
                            what: "Content-Length",
                            max: limits.max_message_size,
                        });
                    }
                    match content_length {
                        Some(old) if old != n => ambiguous = true,
                        _ => content_length = Some(n),
                    }
                }
                _ => {}
            }
            // `value` is a sub-slice of `buf`: its offset, for `head` sub-slices.
            let value_at = (value.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
            headers.push(Header {
                name,
                kind,
                value,
                raw,
                value_at,
            });
            p = next;
        }
        let rest = buf.get(p..).unwrap_or_default();
        let (body, framing) = match (mode, content_length, ambiguous) {
            (Mode::Stream, _, true) => {
                return Err(Error::ContentLength {
                    reason: "conflicting values",
                })
            }
            (Mode::Stream, None, _) => {
                return Err(Error::ContentLength {
                    reason: "missing on a stream transport",
                })
            }
            (Mode::Datagram, _, true) => (rest, BodyFraming::Ambiguous),
            (Mode::Datagram, None, _) => (rest, BodyFraming::Datagram),
            (_, Some(n), false) => match rest.get(..n) {
                Some(b) => (b, BodyFraming::ContentLength(n)),
                None if stream => return Err(incomplete("body")),
                None => {
                    return Err(Error::Truncated {
                        declared: n,
                        available: rest.len(),
                    })
                }
            },
        };
        let end = p + body.len();
        if end - begin > limits.max_message_size {
            return Err(Error::Limit {
                what: "message size",
                max: limits.max_message_size,
            });
        }
        Ok(Self {
            raw: buf.get(..end).unwrap_or_default(),
            start_raw,
            start,
            headers,
            separator,
            body,
            head: core::str::from_utf8(buf.get(..p).unwrap_or_default()).ok(),
            framing,
            max_vias: limits.max_vias,
            max_list: limits.max_list_values,
        })
    }

    /// The start line.
    pub fn start_line(&self) -> &StartLine<'a> {
        &self.start
    }

    /// Whether this is a request.
    pub fn is_request(&self) -> bool {
        matches!(self.start, StartLine::Request(_))
    }

    /// The request line, for a request.
    pub fn request_line(&self) -> Option<&RequestLine<'a>> {
        match &self.start {
            StartLine::Request(r) => Some(r),
            StartLine::Response(_) => None,
        }
    }

    /// The status line, for a response.
    pub fn status_line(&self) -> Option<&StatusLine<'a>> {
        match &self.start {
            StartLine::Response(s) => Some(s),
            StartLine::Request(_) => None,
        }
    }

    /// The method of a request.
    pub fn method(&self) -> Option<Method<'a>> {
        self.request_line().map(|r| r.method)
    }

    /// The status code of a response.
    pub fn status(&self) -> Option<u16> {
        self.status_line().map(|s| s.code)
    }

    /// The protocol version from the start line.
    pub fn version(&self) -> Version {
        match &self.start {
            StartLine::Request(r) => r.version,
            StartLine::Response(s) => s.version,
        }
    }

    /// Every header field in order.
    pub fn headers(&self) -> &[Header<'a>] {
        &self.headers
    }

    /// The first header with this known name.
    pub fn header(&self, kind: HeaderName) -> Option<&Header<'a>> {
        self.headers.iter().find(|h| h.kind == kind)
    }

    /// All headers with this known name.
    pub fn headers_of(&self, kind: HeaderName) -> impl Iterator<Item = &Header<'a>> + '_ {
        self.headers.iter().filter(move |h| h.kind == kind)
    }

    /// The first header with this name (case-insensitive; compact forms
    /// and unknown names work).
    pub fn get(&self, name: &str) -> Option<&Header<'a>> {
        self.headers.iter().find(|h| h.is(name))
    }

    /// The body (as delimited by `Content-Length` or the datagram).
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// How the body length was found.
    pub fn framing(&self) -> BodyFraming {
        self.framing
    }

    /// Bytes of input this message used (leading keep-alive CRLFs included;
    /// trailing datagram bytes excluded).
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Always false: a message has at least a start line.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Number of bytes [`Message::write_to`] produces.
    pub fn serialized_len(&self) -> usize {
        self.start_raw.len()
            + self.headers.iter().map(|h| h.raw.len()).sum::<usize>()
            + self.separator.len()
            + self.body.len()
    }

    /// Appends the message, exactly as received, to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.reserve(self.serialized_len());
        out.extend_from_slice(self.start_raw);
        for h in &self.headers {
            out.extend_from_slice(h.raw);
        }
        out.extend_from_slice(self.separator);
        out.extend_from_slice(self.body);
    }

    /// The message as bytes, identical to the input it was parsed from.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write_to(&mut v);
        v
    }

    /// A cursor over a header's value, reusing the UTF-8 check done at parse time.
    pub(crate) fn cursor(&self, h: &Header<'a>, name: &'static str) -> crate::cursor::Cursor<'a> {
        let text = self
            .head
            .and_then(|s| s.get(h.value_at..h.value_at.saturating_add(h.value.len())));
        crate::cursor::Cursor::with_text(h.value, text, name)
    }

    pub(crate) fn list_limit(&self, kind: HeaderName) -> usize {
        if kind == HeaderName::Via {
            self.max_vias
        } else {
            self.max_list
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{header_value, trim_lws};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn header_value_matches_trim_lws(
            raw in proptest::collection::vec(
                proptest::sample::select(b"ab: \t\r\n".to_vec()), 0..12),
            colon_end in 0usize..14,
        ) {
            prop_assert_eq!(
                header_value(&raw, colon_end),
                trim_lws(raw.get(colon_end..).unwrap_or_default())
            );
        }
    }
}
