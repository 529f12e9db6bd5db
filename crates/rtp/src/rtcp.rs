//! RTCP (RFC 3550 §6): a checked view of one packet's common header,
//! [`Packet`], typed descriptions ([`Repr`]: SR, RR, SDES, BYE, APP, and any
//! other type kept raw), and compound packets ([`Compound`], [`emit_compound`]).
//! Reduced-size RTCP (RFC 5506) is a compound of one packet of any type:
//! [`Compound`] accepts it; [`validate_compound`] checks the full RFC 3550
//! rules (first packet SR or RR, padding only on the last).
//!
//! ```
//! use missive_rtp::rtcp::{emit_compound, Compound, Repr, ReportBlock, ReceiverReport, Sdes, SdesChunk, SdesItem};
//!
//! let rr = Repr::ReceiverReport(ReceiverReport {
//!     ssrc: 1,
//!     reports: vec![ReportBlock { ssrc: 2, fraction_lost: 64, cumulative_lost: -3,
//!                                 extended_highest_seq: 70_000, jitter: 12, last_sr: 0, delay_since_last_sr: 0 }],
//! });
//! let sdes = Repr::Sdes(Sdes { chunks: vec![SdesChunk { ssrc: 1, items: vec![SdesItem { kind: 1, value: b"vm@pbx" }] }] });
//! let mut buf = [0u8; 128];
//! let n = emit_compound(&[rr.clone(), sdes.clone()], &mut buf)?;
//! let back: Vec<Repr> = Compound::new(&buf[..n]).collect::<Result<_, _>>()?;
//! assert_eq!(back, vec![rr, sdes]);
//! # Ok::<(), missive_rtp::Error>(())
//! ```

use crate::error::{be16, be32, byte, need, put, Error, Result};

/// Sender report packet type.
pub const PT_SR: u8 = 200;
/// Receiver report packet type.
pub const PT_RR: u8 = 201;
/// Source description packet type.
pub const PT_SDES: u8 = 202;
/// Goodbye packet type.
pub const PT_BYE: u8 = 203;
/// Application-defined packet type.
pub const PT_APP: u8 = 204;

/// A checked view of one RTCP packet (common header + body), possibly the
/// first of a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps without checks (accessors still never panic).
    pub const fn new_unchecked(buffer: T) -> Self {
        Self { buffer }
    }

    /// Wraps after checking version and that the length field fits the buffer.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let p = Self::new_unchecked(buffer);
        let b = p.buffer.as_ref();
        need("RTCP header", 4, b.len())?;
        if p.version() != 2 {
            return Err(Error::Version {
                version: p.version(),
                offset: 0,
            });
        }
        need("RTCP packet", p.packet_len(), b.len())?;
        if p.padding() {
            let pad = byte(b, p.packet_len() - 1) as usize;
            if pad == 0 || pad + 4 > p.packet_len() {
                return Err(Error::Invalid {
                    field: "RTCP padding count",
                    offset: p.packet_len() - 1,
                });
            }
        }
        Ok(p)
    }

    /// Version (2).
    pub fn version(&self) -> u8 {
        byte(self.buffer.as_ref(), 0) >> 6
    }

    /// The P bit.
    pub fn padding(&self) -> bool {
        byte(self.buffer.as_ref(), 0) & 0x20 != 0
    }

    /// The 5-bit count (reception reports, SDES chunks, BYE sources) or APP subtype.
    pub fn count(&self) -> u8 {
        byte(self.buffer.as_ref(), 0) & 0x1F
    }

    /// Packet type (200 SR, 201 RR, …).
    pub fn packet_type(&self) -> u8 {
        byte(self.buffer.as_ref(), 1)
    }

    /// The length field (32-bit words minus one).
    pub fn length_words(&self) -> u16 {
        be16(self.buffer.as_ref(), 2)
    }

    /// Total packet length in bytes (header included).
    pub fn packet_len(&self) -> usize {
        (self.length_words() as usize + 1) * 4
    }

    /// Body after the 4-byte header, padding removed.
    pub fn body(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        let end = self.packet_len();
        let pad = if self.padding() {
            byte(b, end.wrapping_sub(1)) as usize
        } else {
            0
        };
        b.get(4..end.saturating_sub(pad)).unwrap_or(&[])
    }
}

/// One reception report block (RFC 3550 §6.4.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ReportBlock {
    /// Source this block reports on.
    pub ssrc: u32,
    /// Fraction lost since the last report, in 1/256.
    pub fraction_lost: u8,
    /// Cumulative packets lost (24-bit signed; duplicates may make it negative).
    pub cumulative_lost: i32,
    /// Extended highest sequence number received.
    pub extended_highest_seq: u32,
    /// Interarrival jitter in timestamp units.
    pub jitter: u32,
    /// Middle 32 bits of the last SR's NTP timestamp (0 = none).
    pub last_sr: u32,
    /// Delay since that SR, in 1/65536 s.
    pub delay_since_last_sr: u32,
}

impl ReportBlock {
    /// Encoded length.
    pub const LEN: usize = 24;

    fn parse(b: &[u8]) -> Self {
        let lost = be32(b, 4) & 0x00FF_FFFF;
        // Sign-extend 24 bits.
        let cumulative_lost = ((lost << 8) as i32) >> 8;
        Self {
            ssrc: be32(b, 0),
            fraction_lost: byte(b, 4),
            cumulative_lost,
            extended_highest_seq: be32(b, 8),
            jitter: be32(b, 12),
            last_sr: be32(b, 16),
            delay_since_last_sr: be32(b, 20),
        }
    }

    fn emit(&self, b: &mut [u8]) -> Result<()> {
        if !(-0x80_0000..=0x7F_FFFF).contains(&self.cumulative_lost) {
            return Err(Error::OutOfRange {
                field: "cumulative lost",
            });
        }
        put(b, 0, &self.ssrc.to_be_bytes());
        let lost = (self.cumulative_lost as u32) & 0x00FF_FFFF;
        put(
            b,
            4,
            &((u32::from(self.fraction_lost) << 24) | lost).to_be_bytes(),
        );
        put(b, 8, &self.extended_highest_seq.to_be_bytes());
        put(b, 12, &self.jitter.to_be_bytes());
        put(b, 16, &self.last_sr.to_be_bytes());
        put(b, 20, &self.delay_since_last_sr.to_be_bytes());
        Ok(())
    }
}

/// A sender report (SR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SenderReport {
    /// Sender's SSRC.
    pub ssrc: u32,
    /// 64-bit NTP timestamp.
    pub ntp_timestamp: u64,
    /// RTP timestamp of the same instant.
    pub rtp_timestamp: u32,
    /// Packets sent.
    pub packet_count: u32,
    /// Payload octets sent.
    pub octet_count: u32,
    /// Reception reports (at most 31).
    pub reports: Vec<ReportBlock>,
}

/// A receiver report (RR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReceiverReport {
    /// Reporter's SSRC.
    pub ssrc: u32,
    /// Reception reports (at most 31).
    pub reports: Vec<ReportBlock>,
}

/// An SDES item (type 1 CNAME, 2 NAME, … 8 PRIV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SdesItem<'a> {
    /// Item type (1–255; 0 ends a chunk and is not an item).
    pub kind: u8,
    /// Item text (at most 255 bytes).
    pub value: &'a [u8],
}

/// One SDES chunk: a source and its items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SdesChunk<'a> {
    /// The source described.
    pub ssrc: u32,
    /// Its items.
    pub items: Vec<SdesItem<'a>>,
}

/// A source description (SDES).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Sdes<'a> {
    /// Chunks (at most 31).
    pub chunks: Vec<SdesChunk<'a>>,
}

/// A goodbye (BYE).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Bye<'a> {
    /// Sources leaving (at most 31).
    pub sources: Vec<u32>,
    /// Optional reason (at most 255 bytes).
    pub reason: Option<&'a [u8]>,
}

/// An application-defined packet (APP).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct App<'a> {
    /// 5-bit subtype.
    pub subtype: u8,
    /// Source.
    pub ssrc: u32,
    /// Four ASCII name bytes.
    pub name: [u8; 4],
    /// Application data (a multiple of 4 bytes).
    pub data: &'a [u8],
}

/// One RTCP packet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Repr<'a> {
    /// SR.
    SenderReport(SenderReport),
    /// RR.
    ReceiverReport(ReceiverReport),
    /// SDES.
    Sdes(Sdes<'a>),
    /// BYE.
    Bye(Bye<'a>),
    /// APP.
    App(App<'a>),
    /// Any other type (feedback, XR …), kept raw.
    Other {
        /// Packet type.
        packet_type: u8,
        /// The 5-bit count/format field.
        count: u8,
        /// Body (a multiple of 4 bytes).
        body: &'a [u8],
    },
}

fn parse_blocks(b: &[u8], at: usize, n: u8) -> Result<Vec<ReportBlock>> {
    need(
        "RTCP report blocks",
        at + n as usize * ReportBlock::LEN,
        b.len(),
    )?;
    Ok((0..n as usize)
        .map(|i| {
            let s = at + i * ReportBlock::LEN;
            ReportBlock::parse(b.get(s..s + ReportBlock::LEN).unwrap_or(&[]))
        })
        .collect())
}

impl<'a> Repr<'a> {
    /// Parses one packet from the start of `bytes` (the rest is ignored).
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let p = Packet::new_checked(bytes)?;
        let end = p.packet_len();
        let pad = if p.padding() {
            byte(bytes, end - 1) as usize
        } else {
            0
        };
        let body: &'a [u8] = bytes.get(4..end - pad).unwrap_or(&[]);
        let count = p.count();
        Ok(match p.packet_type() {
            PT_SR => {
                need("RTCP SR", 24, body.len())?;
                Self::SenderReport(SenderReport {
                    ssrc: be32(body, 0),
                    ntp_timestamp: (u64::from(be32(body, 4)) << 32) | u64::from(be32(body, 8)),
                    rtp_timestamp: be32(body, 12),
                    packet_count: be32(body, 16),
                    octet_count: be32(body, 20),
                    reports: parse_blocks(body, 24, count)?,
                })
            }
            PT_RR => {
                need("RTCP RR", 4, body.len())?;
                Self::ReceiverReport(ReceiverReport {
                    ssrc: be32(body, 0),
                    reports: parse_blocks(body, 4, count)?,
                })
            }
            PT_SDES => Self::Sdes(parse_sdes(body, count)?),
            PT_BYE => {
                need("RTCP BYE", 4 * count as usize, body.len())?;
                let sources = (0..count as usize).map(|i| be32(body, 4 * i)).collect();
                let at = 4 * count as usize;
                let reason = if body.len() > at {
                    let n = byte(body, at) as usize;
                    let r = body.get(at + 1..at + 1 + n).ok_or(Error::Truncated {
                        what: "RTCP BYE reason",
                        need: 4 + at + 1 + n,
                        have: 4 + body.len(),
                    })?;
                    Some(r)
                } else {
                    None
                };
                Self::Bye(Bye { sources, reason })
            }
            PT_APP => {
                need("RTCP APP", 8, body.len())?;
                Self::App(App {
                    subtype: count,
                    ssrc: be32(body, 0),
                    name: [byte(body, 4), byte(body, 5), byte(body, 6), byte(body, 7)],
                    data: body.get(8..).unwrap_or(&[]),
                })
            }
            packet_type => Self::Other {
                packet_type,
                count,
                body,
            },
        })
    }

    /// Bytes [`Repr::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        4 + match self {
            Self::SenderReport(sr) => 24 + sr.reports.len() * ReportBlock::LEN,
            Self::ReceiverReport(rr) => 4 + rr.reports.len() * ReportBlock::LEN,
            Self::Sdes(s) => s
                .chunks
                .iter()
                .map(|c| {
                    let items: usize = c.items.iter().map(|i| 2 + i.value.len()).sum();
                    // ssrc + items + at least one null, padded to 4.
                    4 + (items + 1).div_ceil(4) * 4
                })
                .sum(),
            Self::Bye(b) => {
                4 * b.sources.len() + b.reason.map_or(0, |r| (1 + r.len()).div_ceil(4) * 4)
            }
            Self::App(a) => 8 + a.data.len(),
            Self::Other { body, .. } => body.len(),
        }
    }

    /// Writes the packet into `buf`; returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if buf.len() < len {
            return Err(Error::BufferTooSmall {
                need: len,
                have: buf.len(),
            });
        }
        if len / 4 - 1 > 0xFFFF {
            return Err(Error::OutOfRange {
                field: "RTCP length",
            });
        }
        let out = buf.get_mut(..len).unwrap_or(&mut []);
        out.fill(0);
        let too_many = |n: usize, field| {
            if n > 31 {
                Err(Error::OutOfRange { field })
            } else {
                Ok(n as u8)
            }
        };
        let (count, pt) = match self {
            Self::SenderReport(sr) => {
                put(out, 4, &sr.ssrc.to_be_bytes());
                put(out, 8, &sr.ntp_timestamp.to_be_bytes());
                put(out, 16, &sr.rtp_timestamp.to_be_bytes());
                put(out, 20, &sr.packet_count.to_be_bytes());
                put(out, 24, &sr.octet_count.to_be_bytes());
                emit_blocks(&sr.reports, out, 28)?;
                (too_many(sr.reports.len(), "report count")?, PT_SR)
            }
            Self::ReceiverReport(rr) => {
                put(out, 4, &rr.ssrc.to_be_bytes());
                emit_blocks(&rr.reports, out, 8)?;
                (too_many(rr.reports.len(), "report count")?, PT_RR)
            }
            Self::Sdes(s) => {
                let mut at = 4;
                for c in &s.chunks {
                    put(out, at, &c.ssrc.to_be_bytes());
                    at += 4;
                    let start = at;
                    for i in &c.items {
                        if i.kind == 0 || i.value.len() > 255 {
                            return Err(Error::OutOfRange { field: "SDES item" });
                        }
                        put(out, at, &[i.kind, i.value.len() as u8]);
                        put(out, at + 2, i.value);
                        at += 2 + i.value.len();
                    }
                    at = start + (at - start + 1).div_ceil(4) * 4;
                }
                (too_many(s.chunks.len(), "SDES chunk count")?, PT_SDES)
            }
            Self::Bye(b) => {
                for (i, s) in b.sources.iter().enumerate() {
                    put(out, 4 + 4 * i, &s.to_be_bytes());
                }
                if let Some(r) = b.reason {
                    if r.len() > 255 {
                        return Err(Error::OutOfRange {
                            field: "BYE reason",
                        });
                    }
                    let at = 4 + 4 * b.sources.len();
                    put(out, at, &[r.len() as u8]);
                    put(out, at + 1, r);
                }
                (too_many(b.sources.len(), "BYE source count")?, PT_BYE)
            }
            Self::App(a) => {
                if a.data.len() % 4 != 0 || a.subtype > 31 {
                    return Err(Error::OutOfRange { field: "APP data" });
                }
                put(out, 4, &a.ssrc.to_be_bytes());
                put(out, 8, &a.name);
                put(out, 12, a.data);
                (a.subtype, PT_APP)
            }
            Self::Other {
                packet_type,
                count,
                body,
            } => {
                if body.len() % 4 != 0 || *count > 31 {
                    return Err(Error::OutOfRange { field: "RTCP body" });
                }
                put(out, 4, body);
                (*count, *packet_type)
            }
        };
        put(out, 0, &[0x80 | count, pt]);
        put(out, 2, &((len / 4 - 1) as u16).to_be_bytes());
        Ok(len)
    }
}

fn emit_blocks(blocks: &[ReportBlock], out: &mut [u8], at: usize) -> Result<()> {
    for (i, r) in blocks.iter().enumerate() {
        let s = at + i * ReportBlock::LEN;
        r.emit(out.get_mut(s..s + ReportBlock::LEN).unwrap_or(&mut []))?;
    }
    Ok(())
}

fn parse_sdes(body: &[u8], count: u8) -> Result<Sdes<'_>> {
    let mut chunks = Vec::new();
    let mut at = 0usize;
    for _ in 0..count {
        need("SDES chunk", at + 4, body.len())?;
        let ssrc = be32(body, at);
        at += 4;
        let start = at;
        let mut items = Vec::new();
        loop {
            let kind = *body.get(at).ok_or(Error::Truncated {
                what: "SDES item",
                need: 4 + at + 1,
                have: 4 + body.len(),
            })?;
            if kind == 0 {
                at += 1;
                break;
            }
            let n = byte(body, at + 1) as usize;
            let value = body.get(at + 2..at + 2 + n).ok_or(Error::Truncated {
                what: "SDES item",
                need: 4 + at + 2 + n,
                have: 4 + body.len(),
            })?;
            items.push(SdesItem { kind, value });
            at += 2 + n;
        }
        // Chunks end on a 32-bit boundary (null octets fill).
        at = start + (at - start).div_ceil(4) * 4;
        chunks.push(SdesChunk { ssrc, items });
    }
    Ok(Sdes { chunks })
}

/// Iterator over the packets of a compound RTCP datagram.
#[derive(Debug, Clone)]
pub struct Compound<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Compound<'a> {
    /// The packets of `bytes`, one [`Repr`] each; stops after the first error.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            failed: false,
        }
    }
}

impl<'a> Iterator for Compound<'a> {
    type Item = Result<Repr<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() || self.failed {
            return None;
        }
        let len = match Packet::new_checked(self.rest) {
            Ok(p) => p.packet_len(),
            Err(e) => {
                self.failed = true;
                return Some(Err(e));
            }
        };
        let r = Repr::parse(self.rest);
        self.failed = r.is_err();
        self.rest = self.rest.get(len..).unwrap_or(&[]);
        Some(r)
    }
}

/// Checks RFC 3550 §6.1 compound rules: the first packet is SR or RR, and
/// only the last packet may carry padding. (Reduced-size RTCP, RFC 5506,
/// relaxes the first rule: don't call this for it.)
pub fn validate_compound(bytes: &[u8]) -> Result<()> {
    let mut at = 0usize;
    let mut first = true;
    while at < bytes.len() {
        let p = Packet::new_checked(bytes.get(at..).unwrap_or(&[]))?;
        if first && !matches!(p.packet_type(), PT_SR | PT_RR) {
            return Err(Error::Invalid {
                field: "first compound packet type",
                offset: at + 1,
            });
        }
        first = false;
        let next = at + p.packet_len();
        if p.padding() && next != bytes.len() {
            return Err(Error::Invalid {
                field: "padding before the last compound packet",
                offset: at,
            });
        }
        at = next;
    }
    Ok(())
}

/// Writes several packets back to back; returns the total length.
pub fn emit_compound(packets: &[Repr<'_>], buf: &mut [u8]) -> Result<usize> {
    let mut at = 0;
    for p in packets {
        let out = buf.get_mut(at..).unwrap_or(&mut []);
        at += p.emit(out)?;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn block() -> impl Strategy<Value = ReportBlock> {
        (
            any::<u32>(),
            any::<u8>(),
            -0x80_0000i32..=0x7F_FFFF,
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
        )
            .prop_map(|(ssrc, f, c, e, j, l, d)| ReportBlock {
                ssrc,
                fraction_lost: f,
                cumulative_lost: c,
                extended_highest_seq: e,
                jitter: j,
                last_sr: l,
                delay_since_last_sr: d,
            })
    }

    static TEXT: [u8; 300] = [b'x'; 300];
    static WORDS: [u8; 64] = [7; 64];

    fn repr() -> impl Strategy<Value = Repr<'static>> {
        let blocks = || proptest::collection::vec(block(), 0..32);
        prop_oneof![
            (
                any::<u32>(),
                any::<u64>(),
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                blocks()
            )
                .prop_map(|(ssrc, ntp, rtp, pc, oc, reports)| Repr::SenderReport(
                    SenderReport {
                        ssrc,
                        ntp_timestamp: ntp,
                        rtp_timestamp: rtp,
                        packet_count: pc,
                        octet_count: oc,
                        reports
                    }
                )),
            (any::<u32>(), blocks())
                .prop_map(|(ssrc, reports)| Repr::ReceiverReport(ReceiverReport { ssrc, reports })),
            proptest::collection::vec(
                (
                    any::<u32>(),
                    proptest::collection::vec((1u8..=255, 0usize..=255), 0..4)
                ),
                0..32
            )
            .prop_map(|chunks| Repr::Sdes(Sdes {
                chunks: chunks
                    .into_iter()
                    .map(|(ssrc, items)| SdesChunk {
                        ssrc,
                        items: items
                            .into_iter()
                            .map(|(kind, n)| SdesItem {
                                kind,
                                value: &TEXT[..n]
                            })
                            .collect()
                    })
                    .collect()
            })),
            (
                proptest::collection::vec(any::<u32>(), 0..32),
                proptest::option::of(0usize..=255)
            )
                .prop_map(|(sources, r)| Repr::Bye(Bye {
                    sources,
                    reason: r.map(|n| &TEXT[..n])
                })),
            (0u8..32, any::<u32>(), any::<[u8; 4]>(), 0usize..=16).prop_map(
                |(subtype, ssrc, name, w)| Repr::App(App {
                    subtype,
                    ssrc,
                    name,
                    data: &WORDS[..w * 4]
                })
            ),
            (205u8..=255, 0u8..32, 0usize..=16).prop_map(|(packet_type, count, w)| Repr::Other {
                packet_type,
                count,
                body: &WORDS[..w * 4]
            }),
        ]
    }

    proptest! {
        #[test]
        fn compound_round_trip(packets in proptest::collection::vec(repr(), 1..5)) {
            let len: usize = packets.iter().map(Repr::buffer_len).sum();
            let mut buf = vec![0u8; len];
            prop_assert_eq!(emit_compound(&packets, &mut buf).unwrap(), len);
            let back: Vec<Repr> = Compound::new(&buf).collect::<Result<_>>().unwrap();
            prop_assert_eq!(back, packets);
        }

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
            let _ = validate_compound(&bytes);
            for r in Compound::new(&bytes) {
                let Ok(r) = r else { break };
                let mut out = vec![0u8; r.buffer_len()];
                // Padding is dropped and SDES re-padded canonically, so
                // compare reprs, not bytes.
                if r.emit(&mut out).is_ok() {
                    prop_assert_eq!(Repr::parse(&out).unwrap(), r);
                }
            }
        }
    }

    #[test]
    fn sdes_wire_format() {
        let s = Repr::Sdes(Sdes {
            chunks: vec![SdesChunk {
                ssrc: 0x01020304,
                items: vec![SdesItem {
                    kind: 1,
                    value: b"ab",
                }],
            }],
        });
        let mut b = [0u8; 16];
        let n = s.emit(&mut b).unwrap();
        // "ab" + type/len = 4 bytes, then a null word.
        assert_eq!(
            &b[..n],
            &[0x81, 202, 0, 3, 1, 2, 3, 4, 1, 2, b'a', b'b', 0, 0, 0, 0]
        );
    }

    #[test]
    fn compound_rules() {
        let bye = Repr::Bye(Bye {
            sources: vec![1],
            reason: None,
        });
        let rr = Repr::ReceiverReport(ReceiverReport {
            ssrc: 1,
            reports: vec![],
        });
        let mut b = [0u8; 64];
        let n = emit_compound(std::slice::from_ref(&bye), &mut b).unwrap();
        assert!(validate_compound(&b[..n]).is_err());
        // Reduced-size RTCP parses anyway.
        assert_eq!(Compound::new(&b[..n]).next().unwrap().unwrap(), bye);
        let n = emit_compound(&[rr, bye], &mut b).unwrap();
        validate_compound(&b[..n]).unwrap();
    }

    #[test]
    fn negative_cumulative_loss_sign_extends() {
        let rb = ReportBlock {
            cumulative_lost: -2,
            ..ReportBlock::default()
        };
        let mut b = [0u8; 24];
        rb.emit(&mut b).unwrap();
        assert_eq!(&b[4..8], &[0, 0xFF, 0xFF, 0xFE]);
        assert_eq!(ReportBlock::parse(&b).cumulative_lost, -2);
    }
}
