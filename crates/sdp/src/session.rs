//! The session description and its lines, borrowed from the input when parsed
//! ([`Cow::Borrowed`]) or owned when built ([`Cow::Owned`]).

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::attr::Direction;

/// The line terminator a body uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// `CRLF`, as RFC 8866 prescribes (what the builder writes).
    #[default]
    CrLf,
    /// A bare `LF` (accepted on input, as RFC 8866 §5 asks of parsers).
    Lf,
}

impl LineEnding {
    fn as_str(self) -> &'static str {
        match self {
            Self::CrLf => "\r\n",
            Self::Lf => "\n",
        }
    }

    fn other(self) -> Self {
        match self {
            Self::CrLf => Self::Lf,
            Self::Lf => Self::CrLf,
        }
    }
}

/// How the lines of a parsed body were terminated, so that serialising gives
/// back the same bytes. A built description uses the default: CRLF everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// The terminator of most lines.
    pub ending: LineEnding,
    /// 0-based indices of the lines that use the other terminator (empty for
    /// consistent bodies, so the common case allocates nothing).
    pub exceptions: Vec<u32>,
    /// The last line has no terminator at all.
    pub unterminated_last: bool,
    /// Empty lines after the last field (tolerated at the very end of a
    /// body, as some SIP stacks send them; never written by the builder).
    pub trailing_blank_lines: u32,
}

/// `o=`: who made the description and which version of it this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin<'a> {
    /// User name (`-` when there is none).
    pub username: Cow<'a, str>,
    /// Session id (digits), kept as text: peers send values wider than 64 bits.
    pub session_id: Cow<'a, str>,
    /// Session version (digits), kept as text; see [`Origin::version_number`].
    pub session_version: Cow<'a, str>,
    /// Network type, `IN`.
    pub nettype: Cow<'a, str>,
    /// Address type, `IP4` or `IP6`.
    pub addrtype: Cow<'a, str>,
    /// The originating host's address or name.
    pub address: Cow<'a, str>,
}

impl Origin<'_> {
    /// The session version as a number, when it fits in 64 bits.
    pub fn version_number(&self) -> Option<u64> {
        self.session_version.parse().ok()
    }

    /// Copies every borrowed part so the value outlives its input.
    pub fn into_owned(self) -> Origin<'static> {
        Origin {
            username: owned(self.username),
            session_id: owned(self.session_id),
            session_version: owned(self.session_version),
            nettype: owned(self.nettype),
            addrtype: owned(self.addrtype),
            address: owned(self.address),
        }
    }
}

/// `c=`: where media goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection<'a> {
    /// Network type, `IN`.
    pub nettype: Cow<'a, str>,
    /// Address type, `IP4` or `IP6`.
    pub addrtype: Cow<'a, str>,
    /// Connection address, possibly with `/ttl` and `/count` for multicast.
    pub address: Cow<'a, str>,
}

impl Connection<'_> {
    /// An `IN IP4`/`IN IP6` connection line for a unicast address.
    pub fn ip(ip: IpAddr) -> Connection<'static> {
        Connection {
            nettype: Cow::Borrowed("IN"),
            addrtype: Cow::Borrowed(if ip.is_ipv4() { "IP4" } else { "IP6" }),
            address: Cow::Owned(ip.to_string()),
        }
    }

    /// The address without any `/ttl/count` suffix.
    pub fn host(&self) -> &str {
        self.address.split('/').next().unwrap_or("")
    }

    /// The address as an IP address (unicast or multicast), when it is one
    /// and agrees with the address type. `None` for host names.
    pub fn ip_addr(&self) -> Option<IpAddr> {
        let ip: IpAddr = self.host().parse().ok()?;
        match (&*self.addrtype, ip) {
            ("IP4", IpAddr::V4(_)) | ("IP6", IpAddr::V6(_)) => Some(ip),
            _ => None,
        }
    }

    /// The RFC 2543 hold address `0.0.0.0` (RFC 3264 §8.4).
    pub fn is_hold(&self) -> bool {
        self.host() == "0.0.0.0"
    }

    /// A multicast address (which carries `/ttl` for IPv4).
    pub fn is_multicast(&self) -> bool {
        self.ip_addr().is_some_and(|ip| ip.is_multicast())
    }

    /// Copies every borrowed part.
    pub fn into_owned(self) -> Connection<'static> {
        Connection {
            nettype: owned(self.nettype),
            addrtype: owned(self.addrtype),
            address: owned(self.address),
        }
    }
}

/// `b=<type>:<kbit/s>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bandwidth<'a> {
    /// Bandwidth type (`AS`, `CT`, `TIAS`, `RS`, `RR` …).
    pub bwtype: Cow<'a, str>,
    /// The value.
    pub value: u64,
}

/// `t=` with its `r=` repeat lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing<'a> {
    /// Start time (NTP seconds, digits; `0` = unbounded).
    pub start: Cow<'a, str>,
    /// Stop time (NTP seconds, digits; `0` = unbounded).
    pub stop: Cow<'a, str>,
    /// The `r=` lines that follow, verbatim (their grammar is checked on parse).
    pub repeats: Vec<Cow<'a, str>>,
}

/// `a=<name>` or `a=<name>:<value>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Attribute name (a token).
    pub name: Cow<'a, str>,
    /// Value after the colon; `None` for a property attribute (`a=sendonly`).
    pub value: Option<Cow<'a, str>>,
}

impl<'a> Attribute<'a> {
    /// A property attribute, `a=<name>`.
    pub fn flag(name: impl Into<Cow<'a, str>>) -> Self {
        Self {
            name: name.into(),
            value: None,
        }
    }

    /// A value attribute, `a=<name>:<value>`.
    pub fn value(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }

    /// Copies every borrowed part.
    pub fn into_owned(self) -> Attribute<'static> {
        Attribute {
            name: owned(self.name),
            value: self.value.map(owned),
        }
    }
}

/// One `m=` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media<'a> {
    /// Media type: `audio`, `video`, `image`, `application`, `text`, `message` …
    pub media: Cow<'a, str>,
    /// Transport port; 0 marks a rejected or disabled stream (RFC 3264 §6).
    pub port: u16,
    /// The `/<number of ports>` suffix, when present.
    pub port_count: Option<u16>,
    /// Transport protocol: `RTP/AVP`, `RTP/SAVP`, `udptl`, `TCP` …
    pub proto: Cow<'a, str>,
    /// Media formats: RTP payload type numbers, or `t38` for `udptl`.
    pub formats: Vec<Cow<'a, str>>,
    /// `i=`.
    pub information: Option<Cow<'a, str>>,
    /// `c=` lines of this section (several for multicast layering).
    pub connections: Vec<Connection<'a>>,
    /// `b=` lines.
    pub bandwidths: Vec<Bandwidth<'a>>,
    /// `k=` (obsolete, kept for round trip).
    pub key: Option<Cow<'a, str>>,
    /// `a=` lines, in order.
    pub attributes: Vec<Attribute<'a>>,
}

impl<'a> Media<'a> {
    /// A section with no formats, connection or attributes yet.
    pub fn new(media: impl Into<Cow<'a, str>>, port: u16, proto: impl Into<Cow<'a, str>>) -> Self {
        Self {
            media: media.into(),
            port,
            port_count: None,
            proto: proto.into(),
            formats: Vec::new(),
            information: None,
            connections: Vec::new(),
            bandwidths: Vec::new(),
            key: None,
            attributes: Vec::new(),
        }
    }

    /// The first attribute named `name` (ASCII case-insensitive, because
    /// fax gateways spell the T.38 names in every case).
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The value of the first attribute named `name`.
    pub fn attribute_value(&self, name: &str) -> Option<&str> {
        self.attribute(name).and_then(|a| a.value.as_deref())
    }

    /// Whether a property attribute (`a=<name>`) is present.
    pub fn has_attribute(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }

    /// The direction attribute of this section, if it has one.
    pub fn direction(&self) -> Option<Direction> {
        Direction::from_attributes(&self.attributes)
    }

    /// `a=ptime` in milliseconds, when present and well-formed.
    pub fn ptime(&self) -> Option<u32> {
        self.attribute_value("ptime")
            .and_then(|v| v.trim().parse().ok())
    }

    /// `a=maxptime` in milliseconds, when present and well-formed.
    pub fn maxptime(&self) -> Option<u32> {
        self.attribute_value("maxptime")
            .and_then(|v| v.trim().parse().ok())
    }

    /// Whether the transport is an RTP profile (`RTP/AVP`, `RTP/SAVP`, `RTP/AVPF` …).
    pub fn is_rtp(&self) -> bool {
        self.proto.starts_with("RTP/") || self.proto.starts_with("UDP/TLS/RTP/")
    }

    /// Whether the stream is rejected or disabled (port 0).
    pub fn is_rejected(&self) -> bool {
        self.port == 0
    }

    /// Appends an attribute (builder style).
    #[must_use]
    pub fn with_attribute(mut self, attribute: Attribute<'a>) -> Self {
        self.attributes.push(attribute);
        self
    }

    /// Copies every borrowed part.
    pub fn into_owned(self) -> Media<'static> {
        Media {
            media: owned(self.media),
            port: self.port,
            port_count: self.port_count,
            proto: owned(self.proto),
            formats: self.formats.into_iter().map(owned).collect(),
            information: self.information.map(owned),
            connections: self
                .connections
                .into_iter()
                .map(Connection::into_owned)
                .collect(),
            bandwidths: self
                .bandwidths
                .into_iter()
                .map(|b| Bandwidth {
                    bwtype: owned(b.bwtype),
                    value: b.value,
                })
                .collect(),
            key: self.key.map(owned),
            attributes: self
                .attributes
                .into_iter()
                .map(Attribute::into_owned)
                .collect(),
        }
    }
}

/// A whole session description.
///
/// [`parse`](crate::parse) fills it with slices of the input;
/// [`SessionDescription::new`] starts an owned one. Serialising (its
/// [`Display`](fmt::Display)) writes the fields in RFC 8866 order with the
/// recorded [`Layout`], so a parsed body comes back byte for byte and a
/// built one comes out canonical (CRLF, single spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDescription<'a> {
    /// `o=`.
    pub origin: Origin<'a>,
    /// `s=` (RFC 8866 wants at least one character; `-` or a space when unnamed).
    pub session_name: Cow<'a, str>,
    /// `i=`.
    pub information: Option<Cow<'a, str>>,
    /// `u=`.
    pub uri: Option<Cow<'a, str>>,
    /// `e=` lines.
    pub emails: Vec<Cow<'a, str>>,
    /// `p=` lines.
    pub phones: Vec<Cow<'a, str>>,
    /// Session-level `c=`.
    pub connection: Option<Connection<'a>>,
    /// Session-level `b=` lines.
    pub bandwidths: Vec<Bandwidth<'a>>,
    /// `t=` lines (at least one) with their `r=` lines.
    pub timings: Vec<Timing<'a>>,
    /// `z=`, verbatim.
    pub zone: Option<Cow<'a, str>>,
    /// Session-level `k=` (obsolete, kept for round trip).
    pub key: Option<Cow<'a, str>>,
    /// Session-level `a=` lines.
    pub attributes: Vec<Attribute<'a>>,
    /// The `m=` sections in order.
    pub media: Vec<Media<'a>>,
    /// Line terminators to reproduce.
    pub layout: Layout,
}

impl<'a> SessionDescription<'a> {
    /// A minimal description: `v=0`, the given origin, `s=-`, `t=0 0`, no media.
    ///
    /// Building our own T.38 re-INVITE offer:
    ///
    /// ```
    /// use std::net::{IpAddr, Ipv4Addr};
    /// use missive_sdp::{Connection, Media, Origin, SessionDescription, T38Params, UdpEc};
    ///
    /// let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 5));
    /// let mut sdp = SessionDescription::new(Origin {
    ///     username: "-".into(),
    ///     session_id: "42".into(),
    ///     session_version: "2".into(),
    ///     nettype: "IN".into(),
    ///     addrtype: "IP4".into(),
    ///     address: ip.to_string().into(),
    /// });
    /// sdp.connection = Some(Connection::ip(ip));
    /// let mut image = Media::new("image", 4002, "udptl");
    /// image.formats.push("t38".into());
    /// let params = T38Params { max_bit_rate: Some(14400), udp_ec: Some(UdpEc::Redundancy), ..T38Params::default() };
    /// image.attributes = params.to_attributes();
    /// sdp.media.push(image);
    /// assert_eq!(
    ///     sdp.to_string(),
    ///     "v=0\r\no=- 42 2 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\n\
    ///      m=image 4002 udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n\
    ///      a=T38FaxUdpEC:t38UDPRedundancy\r\n"
    /// );
    /// assert_eq!(missive_sdp::parse(&sdp.to_string())?, sdp);
    /// # Ok::<(), missive_sdp::Error>(())
    /// ```
    pub fn new(origin: Origin<'a>) -> Self {
        Self {
            origin,
            session_name: Cow::Borrowed("-"),
            information: None,
            uri: None,
            emails: Vec::new(),
            phones: Vec::new(),
            connection: None,
            bandwidths: Vec::new(),
            timings: vec![Timing {
                start: Cow::Borrowed("0"),
                stop: Cow::Borrowed("0"),
                repeats: Vec::new(),
            }],
            zone: None,
            key: None,
            attributes: Vec::new(),
            media: Vec::new(),
            layout: Layout::default(),
        }
    }

    /// The first session-level attribute named `name` (ASCII case-insensitive).
    pub fn attribute(&self, name: &str) -> Option<&Attribute<'a>> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The session-level direction attribute, if any.
    pub fn direction(&self) -> Option<Direction> {
        Direction::from_attributes(&self.attributes)
    }

    /// The direction in force for media section `index`: its own attribute,
    /// else the session-level one, else `sendrecv` (RFC 3264 §5.1).
    pub fn media_direction(&self, index: usize) -> Direction {
        self.media
            .get(index)
            .and_then(Media::direction)
            .or_else(|| self.direction())
            .unwrap_or(Direction::SendRecv)
    }

    /// The connection in force for media section `index`: its first own `c=`,
    /// else the session-level one.
    pub fn media_connection(&self, index: usize) -> Option<&Connection<'a>> {
        self.media
            .get(index)
            .and_then(|m| m.connections.first())
            .or(self.connection.as_ref())
    }

    /// Copies every borrowed part so the value outlives its input.
    pub fn into_owned(self) -> SessionDescription<'static> {
        SessionDescription {
            origin: self.origin.into_owned(),
            session_name: owned(self.session_name),
            information: self.information.map(owned),
            uri: self.uri.map(owned),
            emails: self.emails.into_iter().map(owned).collect(),
            phones: self.phones.into_iter().map(owned).collect(),
            connection: self.connection.map(Connection::into_owned),
            bandwidths: self
                .bandwidths
                .into_iter()
                .map(|b| Bandwidth {
                    bwtype: owned(b.bwtype),
                    value: b.value,
                })
                .collect(),
            timings: self
                .timings
                .into_iter()
                .map(|t| Timing {
                    start: owned(t.start),
                    stop: owned(t.stop),
                    repeats: t.repeats.into_iter().map(owned).collect(),
                })
                .collect(),
            zone: self.zone.map(owned),
            key: self.key.map(owned),
            attributes: self
                .attributes
                .into_iter()
                .map(Attribute::into_owned)
                .collect(),
            media: self.media.into_iter().map(Media::into_owned).collect(),
            layout: self.layout,
        }
    }

    /// Serialises to a `String` (what `to_string()` gives, built without
    /// the formatting machinery).
    pub fn to_sdp(&self) -> String {
        let mut out = String::with_capacity(256 + 192 * self.media.len());
        self.write_into(&mut out);
        out
    }

    /// Appends the serialised description to `out`.
    pub fn write_into(&self, out: &mut String) {
        let mut w = LineWriter {
            out,
            layout: &self.layout,
            index: 0,
            total: self.line_count(),
        };
        w.line(b'v', &["0"]);
        let o = &self.origin;
        w.line(
            b'o',
            &[
                &o.username,
                " ",
                &o.session_id,
                " ",
                &o.session_version,
                " ",
                &o.nettype,
                " ",
                &o.addrtype,
                " ",
                &o.address,
            ],
        );
        w.line(b's', &[&self.session_name]);
        if let Some(i) = &self.information {
            w.line(b'i', &[i]);
        }
        if let Some(u) = &self.uri {
            w.line(b'u', &[u]);
        }
        for e in &self.emails {
            w.line(b'e', &[e]);
        }
        for p in &self.phones {
            w.line(b'p', &[p]);
        }
        if let Some(c) = &self.connection {
            w.connection(c);
        }
        for b in &self.bandwidths {
            w.bandwidth(b);
        }
        for t in &self.timings {
            w.line(b't', &[&t.start, " ", &t.stop]);
            for r in &t.repeats {
                w.line(b'r', &[r]);
            }
        }
        if let Some(z) = &self.zone {
            w.line(b'z', &[z]);
        }
        if let Some(k) = &self.key {
            w.line(b'k', &[k]);
        }
        for a in &self.attributes {
            w.attribute(a);
        }
        for m in &self.media {
            w.media(m);
        }
        for _ in 0..self.layout.trailing_blank_lines {
            let ending = w.ending(w.index);
            w.index += 1;
            w.out.push_str(ending.as_str());
        }
    }

    fn line_count(&self) -> usize {
        let session = 3
            + usize::from(self.information.is_some())
            + usize::from(self.uri.is_some())
            + self.emails.len()
            + self.phones.len()
            + usize::from(self.connection.is_some())
            + self.bandwidths.len()
            + self
                .timings
                .iter()
                .map(|t| 1 + t.repeats.len())
                .sum::<usize>()
            + usize::from(self.zone.is_some())
            + usize::from(self.key.is_some())
            + self.attributes.len();
        session
            + self
                .media
                .iter()
                .map(|m| {
                    1 + usize::from(m.information.is_some())
                        + m.connections.len()
                        + m.bandwidths.len()
                        + usize::from(m.key.is_some())
                        + m.attributes.len()
                })
                .sum::<usize>()
    }
}

impl fmt::Display for SessionDescription<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sdp())
    }
}

struct LineWriter<'w> {
    out: &'w mut String,
    layout: &'w Layout,
    index: usize,
    total: usize,
}

/// Decimal digits of `n` into `buf`, returning the used tail.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

impl LineWriter<'_> {
    fn line(&mut self, kind: u8, parts: &[&str]) {
        self.out.push(char::from(kind));
        self.out.push('=');
        for p in parts {
            self.out.push_str(p);
        }
        self.end_line();
    }

    /// Writes the terminator the layout gives the current line.
    fn end_line(&mut self) {
        let index = self.index;
        self.index += 1;
        if self.layout.unterminated_last && self.index == self.total {
            return;
        }
        let ending = self.ending(index);
        self.out.push_str(ending.as_str());
    }

    fn ending(&self, index: usize) -> LineEnding {
        if !self.layout.exceptions.is_empty()
            && self
                .layout
                .exceptions
                .binary_search(&(index as u32))
                .is_ok()
        {
            self.layout.ending.other()
        } else {
            self.layout.ending
        }
    }

    fn connection(&mut self, c: &Connection<'_>) {
        self.line(b'c', &[&c.nettype, " ", &c.addrtype, " ", &c.address]);
    }

    fn bandwidth(&mut self, b: &Bandwidth<'_>) {
        let mut buf = [0u8; 20];
        self.line(b'b', &[&b.bwtype, ":", decimal(b.value, &mut buf)]);
    }

    fn attribute(&mut self, a: &Attribute<'_>) {
        match &a.value {
            Some(v) => self.line(b'a', &[&a.name, ":", v]),
            None => self.line(b'a', &[&a.name]),
        }
    }

    fn media(&mut self, m: &Media<'_>) {
        self.out.push_str("m=");
        self.out.push_str(&m.media);
        self.out.push(' ');
        let mut buf = [0u8; 20];
        self.out.push_str(decimal(u64::from(m.port), &mut buf));
        if let Some(n) = m.port_count {
            self.out.push('/');
            self.out.push_str(decimal(u64::from(n), &mut buf));
        }
        self.out.push(' ');
        self.out.push_str(&m.proto);
        for f in &m.formats {
            self.out.push(' ');
            self.out.push_str(f);
        }
        self.end_line();
        if let Some(i) = &m.information {
            self.line(b'i', &[i]);
        }
        for c in &m.connections {
            self.connection(c);
        }
        for b in &m.bandwidths {
            self.bandwidth(b);
        }
        if let Some(k) = &m.key {
            self.line(b'k', &[k]);
        }
        for a in &m.attributes {
            self.attribute(a);
        }
    }
}

fn owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}
