//! # missive-sip: the SIP message layer
//!
//! A zero-copy parser for SIP requests and responses (RFC 3261 §25) that
//! passes every RFC 4475 torture test and the RFC 5118 IPv6 cases, lazy
//! typed header access, SIP/SIPS/TEL URIs with the §19.1.4 comparison
//! rules, owned builders, a stream framer for TCP, and the request
//! validation a UAS or proxy performs before acting (the response code to
//! send). Transactions, dialogs and authentication build on top of it.
//!
//! ```
//! use missive_sip::{Message, Method, Uri, validate::{check, CheckConfig}};
//!
//! let datagram = b"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n\
//! Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n\
//! Max-Forwards: 70\r\n\
//! To: Bob <sip:bob@biloxi.example.com>\r\n\
//! From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n\
//! Call-ID: a84b4c76e66710\r\n\
//! CSeq: 314159 INVITE\r\n\
//! Contact: <sip:alice@pc33.atlanta.example.com>\r\n\
//! Content-Type: application/sdp\r\n\
//! Content-Length: 4\r\n\r\nv=0\n";
//!
//! let msg = Message::parse(datagram)?;             // framing + header slices only
//! assert_eq!(msg.method(), Some(Method::Invite));
//! let Uri::Sip(ruri) = msg.uri()? else { unreachable!() };
//! assert_eq!(ruri.host.to_string(), "biloxi.example.com");
//! assert_eq!(msg.to()?.display_name, Some("Bob"));  // typed on demand
//! assert_eq!(msg.top_via()?.transport, "UDP");
//! assert_eq!(msg.body(), b"v=0\n");
//! assert_eq!(check(&msg, &CheckConfig::default()).code, 200);
//! assert_eq!(msg.to_bytes(), datagram);            // byte-identical round trip
//! # Ok::<(), missive_sip::Error>(())
//! ```
//!
//! Design notes:
//! - [`Message`] keeps slices of the input: the start line, each header
//!   field (name, value, raw bytes), the body. Typed parsers in [`hdr`] run
//!   only when called. Serialising a parsed message writes those slices back.
//! - [`OwnedMessage`] is the builder; it serialises canonically.
//! - Every limit is in [`Limits`]; exceeding one is [`Error::Limit`].
//! - The grammar is hand-written over bytes rather than with a parser
//!   combinator crate: SIP's LWS/folding rules and the lazy slice model are
//!   simplest as a single pass, and it is what makes the parser fast.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Every fallible function returns the crate's one `Error`; each variant
// documents when it occurs, so per-function `# Errors` sections would repeat it.
#![allow(clippy::missing_errors_doc)]
// `Option<Option<&str>>` is the natural shape of "parameter absent / present
// without value / present with value".
#![allow(clippy::option_option)]

mod builder;
mod chars;
mod cursor;
mod error;
mod framer;
pub mod hdr;
mod limits;
mod message;
mod method;
mod name;
mod params;
mod uri;
pub mod validate;

pub use builder::{OwnedHeader, OwnedMessage, OwnedStartLine};
pub use error::{Error, Result};
pub use framer::StreamFramer;
pub use limits::Limits;
pub use message::{split_values, BodyFraming, Header, Message, RequestLine, StartLine, StatusLine};
pub use method::{Method, Version};
pub use name::HeaderName;
pub use params::Params;
pub use uri::{Host, SipUri, TelUri, Uri};
