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

/// SIP message layer: zero-copy parser, typed headers, URIs, builders and
/// request validation (RFC 3261, RFC 4475, RFC 5118).
#[cfg(feature = "sip")]
pub use missive_sip as sip;
