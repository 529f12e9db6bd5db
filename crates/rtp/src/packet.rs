//! RTP data packets (RFC 3550 §5.1): a checked zero-copy view, [`Packet`],
//! and an owned description, [`Repr`], that parses from and emits into a
//! caller's buffer. Header extensions follow RFC 8285 (one-byte `0xBEDE` and
//! two-byte `0x100x` forms), read by [`Elements`] and written by
//! [`emit_elements`].
//!
//! ```
//! use missive_rtp::packet::{Packet, Repr};
//!
//! let payload = [0xFFu8; 160];
//! let repr = Repr { marker: true, payload_type: 0, sequence_number: 7, timestamp: 160,
//!                   ssrc: 0x1234_5678, payload: &payload, ..Repr::default() };
//! let mut buf = [0u8; 172];
//! let n = repr.emit(&mut buf)?;
//! let pkt = Packet::new_checked(&buf[..n])?;
//! assert_eq!((pkt.sequence_number(), pkt.marker(), pkt.payload().len()), (7, true, 160));
//! assert_eq!(Repr::parse(&buf[..n])?, repr);
//! # Ok::<(), missive_rtp::Error>(())
//! ```

use crate::error::{be16, be32, byte, need, put, Error, Result};

/// Fixed RTP header length in bytes.
pub const HEADER_LEN: usize = 12;

/// The one-byte header-extension profile (RFC 8285 §4.2).
pub const ONE_BYTE_PROFILE: u16 = 0xBEDE;

/// A checked, zero-copy view of an RTP packet.
///
/// After [`Packet::new_checked`] every accessor is total: lengths (CSRC list,
/// extension, padding) have been validated against the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking it. Accessors never panic, but they
    /// return zeros or empty slices for fields the buffer does not hold.
    pub const fn new_unchecked(buffer: T) -> Self {
        Self { buffer }
    }

    /// Wraps a buffer after checking version, CSRC list, extension and
    /// padding lengths.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let p = Self::new_unchecked(buffer);
        p.check()?;
        Ok(p)
    }

    /// Validates the packet (what [`Packet::new_checked`] runs).
    pub fn check(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        need("RTP header", HEADER_LEN, b.len())?;
        let version = byte(b, 0) >> 6;
        if version != 2 {
            return Err(Error::Version { version, offset: 0 });
        }
        let mut hdr = HEADER_LEN + 4 * self.csrc_count() as usize;
        need("RTP CSRC list", hdr, b.len())?;
        if self.extension() {
            need("RTP extension header", hdr + 4, b.len())?;
            hdr += 4 + 4 * be16(b, hdr + 2) as usize;
            need("RTP extension", hdr, b.len())?;
        }
        if self.padding() {
            let pad = b.last().copied().unwrap_or(0) as usize;
            if pad == 0 || hdr + pad > b.len() {
                return Err(Error::Invalid {
                    field: "RTP padding count",
                    offset: b.len().saturating_sub(1),
                });
            }
        }
        Ok(())
    }

    /// Gives back the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Version (2 for RFC 3550).
    pub fn version(&self) -> u8 {
        byte(self.buffer.as_ref(), 0) >> 6
    }

    /// The P bit: padding octets follow the payload.
    pub fn padding(&self) -> bool {
        byte(self.buffer.as_ref(), 0) & 0x20 != 0
    }

    /// The X bit: a header extension follows the CSRC list.
    pub fn extension(&self) -> bool {
        byte(self.buffer.as_ref(), 0) & 0x10 != 0
    }

    /// Number of CSRC identifiers (0–15).
    pub fn csrc_count(&self) -> u8 {
        byte(self.buffer.as_ref(), 0) & 0x0F
    }

    /// The M bit (talk-spurt start for audio).
    pub fn marker(&self) -> bool {
        byte(self.buffer.as_ref(), 1) & 0x80 != 0
    }

    /// Payload type (7 bits).
    pub fn payload_type(&self) -> u8 {
        byte(self.buffer.as_ref(), 1) & 0x7F
    }

    /// Sequence number.
    pub fn sequence_number(&self) -> u16 {
        be16(self.buffer.as_ref(), 2)
    }

    /// Media timestamp.
    pub fn timestamp(&self) -> u32 {
        be32(self.buffer.as_ref(), 4)
    }

    /// Synchronisation source.
    pub fn ssrc(&self) -> u32 {
        be32(self.buffer.as_ref(), 8)
    }

    /// CSRC number `i`, if present.
    pub fn csrc(&self, i: usize) -> Option<u32> {
        (i < self.csrc_count() as usize).then(|| be32(self.buffer.as_ref(), HEADER_LEN + 4 * i))
    }

    /// All CSRC identifiers.
    pub fn csrcs(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.csrc_count() as usize).filter_map(|i| self.csrc(i))
    }

    fn ext_offset(&self) -> usize {
        HEADER_LEN + 4 * self.csrc_count() as usize
    }

    /// The header-extension profile (the 16 bits "defined by profile"), if X is set.
    pub fn extension_profile(&self) -> Option<u16> {
        self.extension()
            .then(|| be16(self.buffer.as_ref(), self.ext_offset()))
    }

    /// Header length including CSRCs and extension.
    pub fn header_len(&self) -> usize {
        let mut n = self.ext_offset();
        if self.extension() {
            n += 4 + 4 * be16(self.buffer.as_ref(), n + 2) as usize;
        }
        n
    }

    /// Number of padding octets (including the count octet), 0 when P is clear.
    pub fn padding_len(&self) -> usize {
        if self.padding() {
            self.buffer.as_ref().last().copied().unwrap_or(0) as usize
        } else {
            0
        }
    }

    /// Raw header-extension data (after the 4-byte profile/length word).
    pub fn extension_data(&self) -> Option<&[u8]> {
        if !self.extension() {
            return None;
        }
        let start = self.ext_offset() + 4;
        self.buffer.as_ref().get(start..self.header_len())
    }

    /// RFC 8285 header-extension elements (empty for other profiles).
    pub fn extension_elements(&self) -> Elements<'_> {
        match (self.extension_profile(), self.extension_data()) {
            (Some(profile), Some(data)) => Elements::new(profile, data),
            _ => Elements::new(0, &[]),
        }
    }

    /// The payload (between header and padding).
    pub fn payload(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        let end = b.len().saturating_sub(self.padding_len());
        b.get(self.header_len()..end).unwrap_or(&[])
    }
}

impl<'a> Packet<&'a [u8]> {
    /// The payload, borrowed for the buffer's lifetime.
    pub fn payload_ref(&self) -> &'a [u8] {
        let b: &'a [u8] = self.buffer;
        let end = b.len().saturating_sub(self.padding_len());
        b.get(self.header_len()..end).unwrap_or(&[])
    }

    /// The extension data, borrowed for the buffer's lifetime.
    pub fn extension_ref(&self) -> Option<&'a [u8]> {
        if !self.extension() {
            return None;
        }
        let b: &'a [u8] = self.buffer;
        b.get(self.ext_offset() + 4..self.header_len())
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets the M bit.
    pub fn set_marker(&mut self, m: bool) {
        if let Some(b) = self.buffer.as_mut().get_mut(1) {
            *b = (*b & 0x7F) | (u8::from(m) << 7);
        }
    }

    /// Sets the payload type (low 7 bits used).
    pub fn set_payload_type(&mut self, pt: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(1) {
            *b = (*b & 0x80) | (pt & 0x7F);
        }
    }

    /// Sets the sequence number.
    pub fn set_sequence_number(&mut self, v: u16) {
        put(self.buffer.as_mut(), 2, &v.to_be_bytes());
    }

    /// Sets the timestamp.
    pub fn set_timestamp(&mut self, v: u32) {
        put(self.buffer.as_mut(), 4, &v.to_be_bytes());
    }

    /// Sets the SSRC.
    pub fn set_ssrc(&mut self, v: u32) {
        put(self.buffer.as_mut(), 8, &v.to_be_bytes());
    }

    /// The payload, mutable.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let start = self.header_len();
        let pad = self.padding_len();
        let b = self.buffer.as_mut();
        let end = b.len().saturating_sub(pad);
        b.get_mut(start..end).unwrap_or(&mut [])
    }
}

/// Up to 15 contributing sources, stored inline (no allocation).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Csrcs {
    len: u8,
    list: [u32; 15],
}

impl Csrcs {
    /// A list from a slice; fails with more than 15 entries.
    pub fn from_slice(s: &[u32]) -> Result<Self> {
        let mut c = Self::default();
        for &x in s {
            c.push(x)?;
        }
        Ok(c)
    }

    /// Appends one CSRC; fails when 15 are already present.
    pub fn push(&mut self, x: u32) -> Result<()> {
        let slot = self
            .list
            .get_mut(self.len as usize)
            .ok_or(Error::OutOfRange {
                field: "CSRC count",
            })?;
        *slot = x;
        self.len += 1;
        Ok(())
    }

    /// The CSRCs as a slice.
    pub fn as_slice(&self) -> &[u32] {
        self.list.get(..self.len as usize).unwrap_or(&[])
    }

    /// Number of CSRCs.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl core::fmt::Debug for Csrcs {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// A header extension: profile word and raw data (a multiple of 4 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Extension<'a> {
    /// The 16-bit profile-defined field (`0xBEDE`, `0x1000`–`0x100F` for RFC 8285).
    pub profile: u16,
    /// Extension data, a multiple of 4 bytes long.
    pub data: &'a [u8],
}

/// A high-level description of an RTP packet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Repr<'a> {
    /// The M bit.
    pub marker: bool,
    /// Payload type (0–127).
    pub payload_type: u8,
    /// Sequence number.
    pub sequence_number: u16,
    /// Timestamp.
    pub timestamp: u32,
    /// Synchronisation source.
    pub ssrc: u32,
    /// Contributing sources.
    pub csrcs: Csrcs,
    /// Header extension, if any.
    pub extension: Option<Extension<'a>>,
    /// Padding octets to append (count octet included); 0 = no padding.
    pub padding: u8,
    /// Payload.
    pub payload: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a packet from bytes, borrowing payload and extension.
    #[inline]
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        // One pass over the fixed header, then the variable parts; the same
        // checks as `Packet::check`.
        let Some(h) = bytes.first_chunk::<HEADER_LEN>() else {
            return Err(Error::Truncated {
                what: "RTP header",
                need: HEADER_LEN,
                have: bytes.len(),
            });
        };
        if h[0] >> 6 != 2 {
            return Err(Error::Version {
                version: h[0] >> 6,
                offset: 0,
            });
        }
        let cc = (h[0] & 0x0F) as usize;
        let mut at = HEADER_LEN;
        let mut csrcs = Csrcs::default();
        if cc > 0 {
            let list = bytes.get(at..at + 4 * cc).ok_or(Error::Truncated {
                what: "RTP CSRC list",
                need: at + 4 * cc,
                have: bytes.len(),
            })?;
            for (slot, c) in csrcs.list.iter_mut().zip(list.chunks_exact(4)) {
                *slot = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
            }
            csrcs.len = cc as u8;
            at += 4 * cc;
        }
        let mut extension = None;
        if h[0] & 0x10 != 0 {
            let profile = be16(bytes, at);
            let words = be16(bytes, at + 2) as usize;
            need("RTP extension header", at + 4, bytes.len())?;
            let data = bytes
                .get(at + 4..at + 4 + 4 * words)
                .ok_or(Error::Truncated {
                    what: "RTP extension",
                    need: at + 4 + 4 * words,
                    have: bytes.len(),
                })?;
            extension = Some(Extension { profile, data });
            at += 4 + 4 * words;
        }
        let mut padding = 0u8;
        let mut end = bytes.len();
        if h[0] & 0x20 != 0 {
            padding = bytes.last().copied().unwrap_or(0);
            if padding == 0 || at + padding as usize > end {
                return Err(Error::Invalid {
                    field: "RTP padding count",
                    offset: end.saturating_sub(1),
                });
            }
            end -= padding as usize;
        }
        Ok(Self {
            marker: h[1] & 0x80 != 0,
            payload_type: h[1] & 0x7F,
            sequence_number: u16::from_be_bytes([h[2], h[3]]),
            timestamp: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
            ssrc: u32::from_be_bytes([h[8], h[9], h[10], h[11]]),
            csrcs,
            extension,
            padding,
            payload: bytes.get(at..end).unwrap_or(&[]),
        })
    }

    /// Bytes [`Repr::emit`] writes.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + 4 * self.csrcs.len()
            + self.extension.map_or(0, |e| 4 + e.data.len())
            + self.payload.len()
            + self.padding as usize
    }

    /// Writes the packet into `buf`, returning its length.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if buf.len() < len {
            return Err(Error::BufferTooSmall {
                need: len,
                have: buf.len(),
            });
        }
        if self.payload_type > 127 {
            return Err(Error::OutOfRange {
                field: "payload type",
            });
        }
        let ext_words = match self.extension {
            Some(e) if e.data.len() % 4 != 0 || e.data.len() / 4 > 0xFFFF => {
                return Err(Error::OutOfRange {
                    field: "extension length",
                })
            }
            Some(e) => Some(e.data.len() / 4),
            None => None,
        };
        let b0 = 0x80
            | (u8::from(self.padding > 0) << 5)
            | (u8::from(self.extension.is_some()) << 4)
            | self.csrcs.len() as u8;
        let (hdr, mut rest) = buf.split_at_mut(HEADER_LEN);
        hdr[0] = b0;
        hdr[1] = (u8::from(self.marker) << 7) | self.payload_type;
        hdr[2..4].copy_from_slice(&self.sequence_number.to_be_bytes());
        hdr[4..8].copy_from_slice(&self.timestamp.to_be_bytes());
        hdr[8..12].copy_from_slice(&self.ssrc.to_be_bytes());
        for c in self.csrcs.as_slice() {
            let (w, r) = rest.split_at_mut(4);
            w.copy_from_slice(&c.to_be_bytes());
            rest = r;
        }
        if let (Some(e), Some(words)) = (self.extension, ext_words) {
            let (w, r) = rest.split_at_mut(4 + e.data.len());
            w[..2].copy_from_slice(&e.profile.to_be_bytes());
            w[2..4].copy_from_slice(&(words as u16).to_be_bytes());
            w[4..].copy_from_slice(e.data);
            rest = r;
        }
        let (w, pad) = rest.split_at_mut(self.payload.len());
        w.copy_from_slice(self.payload);
        if self.padding > 0 {
            let pad = &mut pad[..self.padding as usize];
            pad.fill(0);
            if let Some(last) = pad.last_mut() {
                *last = self.padding;
            }
        }
        Ok(len)
    }
}

/// One RFC 8285 header-extension element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Element<'a> {
    /// Local identifier (1–14 one-byte, 1–255 two-byte).
    pub id: u8,
    /// Element data (1–16 bytes one-byte, 0–255 two-byte).
    pub data: &'a [u8],
}

/// Which RFC 8285 header form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElementForm {
    /// One-byte headers, profile `0xBEDE`.
    OneByte,
    /// Two-byte headers, profile `0x1000 | appbits`.
    TwoByte {
        /// The 4 application bits.
        appbits: u8,
    },
}

impl ElementForm {
    /// The profile word of this form.
    pub fn profile(self) -> u16 {
        match self {
            Self::OneByte => ONE_BYTE_PROFILE,
            Self::TwoByte { appbits } => 0x1000 | u16::from(appbits & 0x0F),
        }
    }
}

/// Iterator over RFC 8285 elements; yields an error once and stops on a
/// malformed element.
#[derive(Debug, Clone)]
pub struct Elements<'a> {
    form: Option<ElementForm>,
    data: &'a [u8],
    at: usize,
    done: bool,
}

impl<'a> Elements<'a> {
    /// Elements of extension `data` under `profile` (none for other profiles).
    pub fn new(profile: u16, data: &'a [u8]) -> Self {
        let form = if profile == ONE_BYTE_PROFILE {
            Some(ElementForm::OneByte)
        } else if profile & 0xFFF0 == 0x1000 {
            Some(ElementForm::TwoByte {
                appbits: (profile & 0xF) as u8,
            })
        } else {
            None
        };
        Self {
            form,
            data,
            at: 0,
            done: form.is_none(),
        }
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Element<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        // Skip padding bytes.
        while self.data.get(self.at) == Some(&0) {
            self.at += 1;
        }
        let Some(&h) = self.data.get(self.at) else {
            self.done = true;
            return None;
        };
        let (id, len, hdr) = if let Some(ElementForm::OneByte) = self.form {
            if h >> 4 == 15 {
                self.done = true;
                return None;
            }
            (h >> 4, (h & 0x0F) as usize + 1, 1)
        } else {
            let Some(&l) = self.data.get(self.at + 1) else {
                self.done = true;
                return Some(Err(Error::Truncated {
                    what: "RFC 8285 element header",
                    need: self.at + 2,
                    have: self.data.len(),
                }));
            };
            (h, l as usize, 2)
        };
        let start = self.at + hdr;
        let Some(data) = self.data.get(start..start + len) else {
            self.done = true;
            return Some(Err(Error::Truncated {
                what: "RFC 8285 element",
                need: start + len,
                have: self.data.len(),
            }));
        };
        self.at = start + len;
        Some(Ok(Element { id, data }))
    }
}

/// Writes RFC 8285 elements in `form` into `out`, zero-padded to a multiple
/// of 4 bytes; returns the data length to use as [`Extension::data`].
pub fn emit_elements(form: ElementForm, elements: &[Element<'_>], out: &mut [u8]) -> Result<usize> {
    let mut at = 0usize;
    for e in elements {
        let hdr: &[u8] = match form {
            ElementForm::OneByte => {
                if !(1..=14).contains(&e.id) || e.data.is_empty() || e.data.len() > 16 {
                    return Err(Error::OutOfRange {
                        field: "one-byte extension element",
                    });
                }
                &[(e.id << 4) | (e.data.len() as u8 - 1)]
            }
            ElementForm::TwoByte { .. } => {
                if e.id == 0 || e.data.len() > 255 {
                    return Err(Error::OutOfRange {
                        field: "two-byte extension element",
                    });
                }
                &[e.id, e.data.len() as u8]
            }
        };
        let need_len = at + hdr.len() + e.data.len();
        if out.len() < need_len {
            return Err(Error::BufferTooSmall {
                need: need_len,
                have: out.len(),
            });
        }
        put(out, at, hdr);
        put(out, at + hdr.len(), e.data);
        at = need_len;
    }
    let padded = at.div_ceil(4) * 4;
    let have = out.len();
    let pad = out
        .get_mut(at..padded)
        .ok_or(Error::BufferTooSmall { need: padded, have })?;
    pad.fill(0);
    Ok(padded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_short_and_bad_version() {
        assert!(matches!(
            Packet::new_checked(&[0x80u8; 11][..]),
            Err(Error::Truncated { .. })
        ));
        let mut b = [0u8; 12];
        b[0] = 0x40;
        assert!(matches!(
            Packet::new_checked(&b[..]),
            Err(Error::Version { version: 1, .. })
        ));
    }

    #[test]
    fn padding_must_fit() {
        let mut b = [0u8; 16];
        b[0] = 0xA0;
        b[15] = 5; // 12 + 5 > 16
        assert!(Packet::new_checked(&b[..]).is_err());
        b[15] = 4;
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(p.payload(), &[] as &[u8]);
        b[15] = 0;
        assert!(Packet::new_checked(&b[..]).is_err());
    }

    #[test]
    fn one_and_two_byte_elements() {
        let mut data = [0u8; 32];
        let els = [
            Element {
                id: 1,
                data: &[0xAA],
            },
            Element {
                id: 14,
                data: &[1, 2, 3],
            },
        ];
        let n = emit_elements(ElementForm::OneByte, &els, &mut data).unwrap();
        assert_eq!(n, 8);
        assert_eq!(&data[..6], &[0x10, 0xAA, 0xE2, 1, 2, 3]);
        let got: Vec<_> = Elements::new(ONE_BYTE_PROFILE, &data[..n])
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(got, els);
        let els2 = [
            Element { id: 200, data: &[] },
            Element {
                id: 3,
                data: &[9; 20],
            },
        ];
        let form = ElementForm::TwoByte { appbits: 5 };
        let n = emit_elements(form, &els2, &mut data).unwrap();
        assert_eq!(n, 24);
        let got: Vec<_> = Elements::new(form.profile(), &data[..n])
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(got, els2);
        // A truncated element is an error, then the iterator stops.
        let bad = [0x1F, 0];
        let mut it = Elements::new(ONE_BYTE_PROFILE, &bad);
        assert!(matches!(it.next(), Some(Err(_))));
        assert!(it.next().is_none());
    }

    #[test]
    fn setters_modify_in_place() {
        let repr = Repr {
            payload: &[1, 2, 3],
            ..Repr::default()
        };
        let mut buf = vec![0u8; repr.buffer_len()];
        repr.emit(&mut buf).unwrap();
        let mut p = Packet::new_checked(&mut buf[..]).unwrap();
        p.set_marker(true);
        p.set_payload_type(8);
        p.set_sequence_number(0xBEEF);
        p.set_timestamp(0xDEAD_BEEF);
        p.set_ssrc(42);
        p.payload_mut()[0] = 9;
        let r = Repr::parse(&buf).unwrap();
        assert!(r.marker);
        assert_eq!(
            (
                r.payload_type,
                r.sequence_number,
                r.timestamp,
                r.ssrc,
                r.payload
            ),
            (8, 0xBEEF, 0xDEAD_BEEF, 42, &[9u8, 2, 3][..])
        );
    }

    fn arb_repr(
        payload: &'static [u8],
        ext: &'static [u8],
    ) -> impl Strategy<Value = Repr<'static>> {
        (
            any::<bool>(),
            0u8..128,
            any::<u16>(),
            any::<u32>(),
            any::<u32>(),
            proptest::collection::vec(any::<u32>(), 0..16),
            proptest::option::of((any::<u16>(), 0usize..=ext.len() / 4)),
            any::<u8>(),
            0usize..=payload.len(),
        )
            .prop_map(move |(m, pt, seq, ts, ssrc, cs, e, pad, plen)| Repr {
                marker: m,
                payload_type: pt,
                sequence_number: seq,
                timestamp: ts,
                ssrc,
                csrcs: Csrcs::from_slice(&cs).unwrap(),
                extension: e.map(|(profile, w)| Extension {
                    profile,
                    data: &ext[..w * 4],
                }),
                padding: pad,
                payload: &payload[..plen],
            })
    }

    static PAYLOAD: [u8; 200] = {
        let mut p = [0u8; 200];
        let mut i = 0;
        while i < 200 {
            p[i] = (i * 7) as u8;
            i += 1;
        }
        p
    };
    static EXT: [u8; 40] = [0x5A; 40];

    proptest! {
        #[test]
        fn parse_emit_round_trip(repr in arb_repr(&PAYLOAD, &EXT)) {
            let mut buf = vec![0u8; repr.buffer_len()];
            let n = repr.emit(&mut buf).unwrap();
            prop_assert_eq!(n, buf.len());
            prop_assert_eq!(Repr::parse(&buf).unwrap(), repr);
        }

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let p = Packet::new_unchecked(&bytes[..]);
            let _ = (p.payload(), p.header_len(), p.extension_data(), p.csrcs().count());
            let _ = p.extension_elements().count();
            if let Ok(r) = Repr::parse(&bytes) {
                let mut out = vec![0u8; r.buffer_len()];
                r.emit(&mut out).unwrap();
                prop_assert_eq!(Repr::parse(&out).unwrap(), r);
            }
        }
    }
}
