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

/// G3/G4 fax image coding (T.4 MH/MR, T.6 MMR) and TIFF Class F.
#[cfg(feature = "t4")]
pub use missive_t4 as t4;
