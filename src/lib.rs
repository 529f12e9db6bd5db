//! # Missive
//!
//! Unified messaging in safe Rust: the protocol and codec crates a PBX or
//! voice-mail server needs for voice mail, fax, SMS and e-mail in one mailbox.
//!
//! This crate is a facade. Each `missive-*` crate is re-exported under a
//! module of its own short name, behind a Cargo feature of the same name, so a
//! project pulls in only what it uses:
//!
//! ```toml
//! [dependencies]
//! missive = { version = "0.1", features = ["g7xx"] }
//! ```
//!
//! The crates are just as usable on their own (`missive-g7xx`, …); the facade
//! only saves listing them one by one. See the README for the crate map.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

/// DTMF detection (ITU-T Q.24), tone generation, fax/modem tone detection.
#[cfg(feature = "dtmf")]
pub use missive_dtmf as dtmf;
/// G.711 A-law/µ-law, G.726 ADPCM and G.711 Appendix I packet loss concealment.
#[cfg(feature = "g7xx")]
pub use missive_g7xx as g7xx;
/// The unified mailbox: model, rules, crash-safe embedded store, journal (missive-mailbox).
#[cfg(feature = "mailbox")]
pub use missive_mailbox as mailbox;
/// RTP/RTCP packets, RFC 4733 telephone-events, RTP session and jitter buffer.
#[cfg(feature = "rtp")]
pub use missive_rtp as rtp;
/// SDP (RFC 8866) parsing and RFC 3264 offer/answer: `missive-sdp`.
#[cfg(feature = "sdp")]
pub use missive_sdp as sdp;
/// SIP message layer: zero-copy parser, typed headers, URIs, builders and
/// request validation (RFC 3261, RFC 4475, RFC 5118).
#[cfg(feature = "sip")]
pub use missive_sip as sip;
/// SMS: GSM 03.38 alphabets and TS 23.040 TPDUs (`missive-sms`).
#[cfg(feature = "sms")]
pub use missive_sms as sms;
/// G3/G4 fax image coding (T.4 MH/MR, T.6 MMR) and TIFF Class F.
#[cfg(feature = "t4")]
pub use missive_t4 as t4;
