//! # missive-mailbox
//!
//! The unified mailbox of a voice-mail, fax, e-mail and SMS server: the
//! domain model ([`model`]), its rules as pure functions with the clock
//! passed in ([`greeting`], [`rules`], [`pin`], [`directory`]), a storage
//! trait ([`Store`]) and its crash-safe embedded default ([`SqliteStore`]),
//! with a journal of every message sent and received.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use missive_mailbox::{deliver, model::*, SqliteStore, Store};
//!
//! # let dir = std::env::temp_dir().join(format!("mbx-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let store = SqliteStore::open(&dir)?;
//! store.put_subscriber(&Subscriber::new("0", "Postmaster"), true)?;
//! store.put_subscriber(&Subscriber::new("100", "Ada Lovelace"), true)?;
//! let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
//!
//! let mut msg = NewMessage::new("100", Kind::Voice, "200");
//! msg.marks.urgent = true;
//! let stored = deliver(&store, &msg, b"RIFF....", now)?; // durable when it returns
//! assert_eq!(stored[0].delivery.mailbox, "100");
//! assert!(store.mwi("100")?.waiting()); // the lamp is on
//!
//! store.move_to(stored[0].id, Folder::Heard, now)?; // heard: the lamp goes off
//! assert!(!store.mwi("100")?.waiting());
//!
//! // Unknown addresses go to the postmaster; nothing is lost.
//! let stray = deliver(&store, &NewMessage::new("555", Kind::Fax, ""), b"II*\0", now)?;
//! assert_eq!(stray[0].delivery.mailbox, "0");
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), missive_mailbox::Error>(())
//! ```
//!
//! ## Why SQLite
//! The embedded store keeps metadata, counts and the journal in SQLite
//! (bundled through `rusqlite`, no server) in WAL mode, and large bodies in
//! their own files. SQLite gives atomic multi-row transactions (a message and
//! its MWI counts change together, also across processes), a decades-proven
//! crash-recovery story, indexed range queries for the journal, and opens in
//! milliseconds whatever the store's size (no log replay into memory as a
//! pure-Rust key-value store with an in-memory index would need). Bodies
//! stay out of the database so that a 658 KB voice message is written once
//! (no WAL copy then checkpoint copy), made durable with one `fsync` (the
//! body file carries a record from which its row is replayed after a power
//! loss), and read with one `read`. See
//! [`sqlite`] for the durability and group-commit protocol, and the README
//! for measurements.
#![forbid(unsafe_code)]
// "SQLite", "WAL" and "MWI" are names in prose, not code.
#![allow(clippy::doc_markdown)]

pub mod deliver;
pub mod directory;
pub mod error;
pub mod greeting;
pub mod model;
pub mod pin;
pub mod rules;
pub mod sqlite;
pub mod store;

pub use deliver::{deliver, forward, send_due, send_receipt, Stored};
pub use error::{Error, Result};
pub use sqlite::{SqliteOptions, SqliteStore};
pub use store::Store;
