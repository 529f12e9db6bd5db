//! # missive-sdp
//!
//! Session descriptions (RFC 8866) for telephony: a strict, zero-copy parser
//! that records enough to serialise a body back byte for byte, an owned
//! builder (the same types with owned strings) that serialises canonically,
//! typed views of what a PBX negotiates (`rtpmap`, `fmtp`, `ptime`,
//! directions, RFC 4733 `telephone-event`, T.38 fax parameters) and the
//! RFC 3264 offer/answer logic that turns a peer's offer into our answer.
//!
//! ```
//! use std::net::{IpAddr, Ipv4Addr};
//! use missive_sdp::{parse, Answerer, Capabilities, Codec, Direction};
//!
//! let offer = "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n\
//!              t=0 0\r\nm=audio 49170 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n\
//!              a=fmtp:101 0-16\r\na=sendonly\r\n";
//! let sdp = parse(offer)?;
//! assert_eq!(sdp.to_string(), offer); // byte-identical round trip
//!
//! let caps = Capabilities::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 20)), 40000, 40002);
//! let answer = Answerer::new(caps).answer(&sdp)?;
//! let m = &answer.media[0];
//! assert_eq!(m.formats, ["8", "0", "101"]);                 // offerer's order, PTs mirrored
//! assert_eq!(m.attribute_value("fmtp"), Some("101 0-15")); // events intersected
//! assert_eq!(m.direction(), Some(Direction::RecvOnly));    // sendonly is answered recvonly
//! assert_eq!(m.payloads().next().and_then(|p| p.codec()), Some(Codec::Pcma));
//! # Ok::<(), missive_sdp::Error>(())
//! ```
//!
//! Parsing is strict where RFC 8866 is: one `<letter>=<value>` per line, the
//! field order of §9, single spaces between sub-fields, numbers in `m=`/`b=`
//! without leading zeros (so they round-trip), every limit of [`Limits`]
//! enforced. Attribute values are kept verbatim and parsed on demand, so an
//! unknown or malformed attribute never stops a body from parsing. Bodies
//! must be UTF-8 (`a=charset` other than UTF-8 is not supported).
//!
//! No external SDP crate is used: the ones on crates.io target WebRTC, copy
//! every field into owned strings and do not keep the line layout, which
//! rules out both byte-identical round trips and zero-copy parsing.
#![forbid(unsafe_code)]

mod answer;
mod attr;
mod codec;
mod error;
mod limits;
mod parse;
mod session;
mod t38;

pub use answer::{answer, Accepted, Answerer, Capabilities, Preference, T38Caps};
pub use attr::{Direction, EventRanges, Fmtp, Rtpmap};
pub use codec::{static_payload, Codec, Payload, STATIC_PAYLOAD_TYPES};
pub use error::{Error, Field};
pub use limits::Limits;
pub use parse::{parse, parse_bytes, parse_with};
pub use session::{
    Attribute, Bandwidth, Connection, Layout, LineEnding, Media, Origin, SessionDescription, Timing,
};
pub use t38::{RateManagement, T38Params, UdpEc};
