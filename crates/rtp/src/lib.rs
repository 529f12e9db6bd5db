//! # missive-rtp
//!
//! RTP for voice mail and PBX media paths, sans-IO:
//!
//! - [`packet`]: RTP (RFC 3550) — a checked zero-copy view [`packet::Packet`]
//!   and a [`packet::Repr`] that parses and emits into your buffer (CSRCs,
//!   RFC 8285 header extensions, padding, marker, payload type; the
//!   `Repr` borrows CSRC list, extension and payload from the packet — the
//!   CSRC list is a [`packet::Csrcs`] of wire bytes, built from `u32`s with
//!   [`packet::CsrcList`]: a breaking change within 0.1, see [`packet`]);
//! - [`rtcp`]: SR, RR, SDES, BYE, APP, compound and reduced-size RTCP;
//! - [`stats`]: RFC 3550 receiver statistics (extended sequence, loss,
//!   fraction lost, interarrival jitter, LSR/DLSR round trip) and the RTCP
//!   interval (A.7);
//! - [`event`]: RFC 4733 telephone-events, encoder and loss/duplicate/
//!   reorder-tolerant decoder;
//! - [`session`]: a sans-IO RTP session (SSRC/sequence/timestamp, G.711/G.726
//!   packetisation, talk-spurt marker, DTMF, RTCP, SSRC collisions);
//! - [`jitter`]: an adaptive jitter buffer driven by `now`, with a
//!   concealment hook ([`jitter::Conceal`]); with the `g7xx` feature,
//!   `plc::G711Plc` conceals PCMU/PCMA losses with `missive-g7xx`'s G.711
//!   Appendix I PLC;
//! - [`analysis`] (and [`capture`], feature `pcap`): per-stream statistics
//!   computed exactly as `tshark -z rtp,streams` does, from pcap/pcapng files.
//!
//! ```
//! use missive_rtp::packet::{Packet, Repr};
//! use missive_rtp::event::{EventEncoder, EventRepr};
//!
//! // Send digit 7 as RFC 4733 packets, payload type 101.
//! let mut seq = 1000u16;
//! let mut wire = Vec::new();
//! for p in EventEncoder::default().packets(7, 10, 48_000, 640) {
//!     let repr = Repr { marker: p.marker, payload_type: 101, sequence_number: seq,
//!                       timestamp: p.timestamp, ssrc: 0x5EED, payload: &p.payload, ..Repr::default() };
//!     let mut buf = [0u8; 16];
//!     let n = repr.emit(&mut buf)?;
//!     wire.push(buf[..n].to_vec());
//!     if !p.event.end { seq += 1; }
//! }
//! // The receiver side: a checked view, then the event payload.
//! let last = Packet::new_checked(&wire[wire.len() - 1][..])?;
//! let ev = EventRepr::parse(last.payload())?;
//! assert!(ev.end && ev.event == 7 && ev.duration == 640);
//! # Ok::<(), missive_rtp::Error>(())
//! ```
#![forbid(unsafe_code)]
// Every fallible function returns the crate's one `Error`, whose variants are
// documented where they are defined.
#![allow(clippy::missing_errors_doc)]

mod error;

pub mod analysis;
#[cfg(feature = "pcap")]
pub mod capture;
pub mod event;
pub mod jitter;
pub mod packet;
#[cfg(feature = "g7xx")]
pub mod plc;
pub mod rtcp;
pub mod session;
pub mod stats;

pub use error::{Error, Result};
