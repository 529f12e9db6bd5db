//! RTP data packets (RFC 3550 §5.1): a checked zero-copy view, [`Packet`],
//! and an owned description, [`Repr`], that parses from and emits into a
//! caller's buffer. Header extensions follow RFC 8285 (one-byte `0xBEDE` and
//! two-byte `0x100x` forms), read by [`Elements`] and written by
//! [`emit_elements`].
//!
//! `Repr` borrows everything variable-length from the packet: payload,
//! extension data and, since this release, the CSRC list, held as its wire
//! bytes in a [`Csrcs`] (decode with [`Csrcs::iter`] / [`Csrcs::get`]). To
//! send CSRCs, collect them in a [`CsrcList`] and lend it to the `Repr` with
//! [`CsrcList::as_csrcs`]. (Earlier 0.1 code had an owned 15-entry `Csrcs`
//! array in `Repr`; writing it made `Repr::parse` twice as slow. Replace
//! `Csrcs::from_slice(..)` by `CsrcList::from_slice(..)` and `repr.csrcs
//! .as_slice()` by `repr.csrcs.iter()`.)
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

    /// The CSRC list, borrowed for the buffer's lifetime.
    pub fn csrcs_ref(&self) -> Csrcs<'a> {
        let b: &'a [u8] = self.buffer;
        Csrcs {
            bytes: b.get(HEADER_LEN..self.ext_offset()).unwrap_or(&[]),
        }
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

/// Maximum number of CSRC identifiers in one packet (the 4-bit CC field).
pub const MAX_CSRCS: usize = 15;

/// The contributing-source list as it sits on the wire: 0–15 big-endian
/// 32-bit identifiers, borrowed (like the payload) from the packet or from a
/// [`CsrcList`]. [`Repr::parse`] stores the packet's bytes here without
/// decoding them; [`Csrcs::iter`] and [`Csrcs::get`] decode on demand.
///
/// Equality compares the identifiers (the bytes), so a parsed `Repr` equals
/// the `Repr` it was emitted from.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Csrcs<'a> {
    bytes: &'a [u8],
}

impl<'a> Csrcs<'a> {
    /// No contributing sources.
    pub const EMPTY: Csrcs<'static> = Csrcs { bytes: &[] };

    /// A list from its wire form: a multiple of 4 bytes, at most 60
    /// ([`MAX_CSRCS`] identifiers).
    pub fn from_be_bytes(bytes: &'a [u8]) -> Result<Self> {
        if bytes.len() % 4 != 0 || bytes.len() > 4 * MAX_CSRCS {
            return Err(Error::OutOfRange {
                field: "CSRC count",
            });
        }
        Ok(Self { bytes })
    }

    /// The identifiers as wire bytes (big-endian, 4 per CSRC).
    pub fn as_be_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Number of CSRCs.
    pub fn len(&self) -> usize {
        self.bytes.len() / 4
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// CSRC number `i`, if present.
    pub fn get(&self, i: usize) -> Option<u32> {
        let at = i.checked_mul(4)?;
        match self.bytes.get(at..at.checked_add(4)?) {
            Some(&[w, x, y, z]) => Some(u32::from_be_bytes([w, x, y, z])),
            _ => None,
        }
    }

    /// The identifiers, in order.
    pub fn iter(&self) -> CsrcIter<'a> {
        CsrcIter {
            words: self.bytes.chunks_exact(4),
        }
    }
}

impl<'a> IntoIterator for Csrcs<'a> {
    type Item = u32;
    type IntoIter = CsrcIter<'a>;
    fn into_iter(self) -> CsrcIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Csrcs<'a> {
    type Item = u32;
    type IntoIter = CsrcIter<'a>;
    fn into_iter(self) -> CsrcIter<'a> {
        self.iter()
    }
}

impl core::fmt::Debug for Csrcs<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over CSRC identifiers ([`Csrcs::iter`]).
#[derive(Debug, Clone)]
pub struct CsrcIter<'a> {
    words: core::slice::ChunksExact<'a, u8>,
}

impl Iterator for CsrcIter<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        match self.words.next()? {
            &[w, x, y, z] => Some(u32::from_be_bytes([w, x, y, z])),
            _ => None,
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.words.size_hint()
    }
}

impl ExactSizeIterator for CsrcIter<'_> {}

/// An owned list of up to 15 contributing sources, stored inline in wire
/// form (no allocation), for building packets: [`CsrcList::as_csrcs`] gives
/// the [`Csrcs`] a [`Repr`] borrows.
///
/// ```
/// use missive_rtp::packet::{CsrcList, Repr};
///
/// let list = CsrcList::from_slice(&[0x1111, 0x2222])?;
/// let repr = Repr { csrcs: list.as_csrcs(), ssrc: 7, ..Repr::default() };
/// let mut buf = [0u8; 20];
/// let n = repr.emit(&mut buf)?;
/// let back = Repr::parse(&buf[..n])?;
/// assert_eq!(back.csrcs.iter().collect::<Vec<_>>(), [0x1111, 0x2222]);
/// # Ok::<(), missive_rtp::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CsrcList {
    len: u8,
    bytes: [u8; 4 * MAX_CSRCS],
}

impl Default for CsrcList {
    fn default() -> Self {
        Self {
            len: 0,
            bytes: [0; 4 * MAX_CSRCS],
        }
    }
}

impl CsrcList {
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
        let at = 4 * self.len as usize;
        let slot = self.bytes.get_mut(at..at + 4).ok_or(Error::OutOfRange {
            field: "CSRC count",
        })?;
        slot.copy_from_slice(&x.to_be_bytes());
        self.len += 1;
        Ok(())
    }

    /// The list as [`Csrcs`], for a [`Repr`].
    pub fn as_csrcs(&self) -> Csrcs<'_> {
        Csrcs {
            bytes: self.bytes.get(..4 * self.len as usize).unwrap_or(&[]),
        }
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

impl core::fmt::Debug for CsrcList {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_csrcs().fmt(f)
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
    /// Contributing sources, borrowed in wire form (see [`Csrcs`]; build a
    /// list from `u32`s with [`CsrcList`]).
    pub csrcs: Csrcs<'a>,
    /// Header extension, if any.
    pub extension: Option<Extension<'a>>,
    /// Padding octets to append (count octet included); 0 = no padding.
    pub padding: u8,
    /// Payload.
    pub payload: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a packet from bytes, borrowing CSRC list, extension and
    /// payload (nothing is copied or decoded beyond the fixed header).
    #[inline]
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        // The same checks as `Packet::check`: one length check for the
        // fixed header, then only the parts the first octet announces.
        let Some((h, rest)) = bytes.split_first_chunk::<HEADER_LEN>() else {
            return Err(Error::Truncated {
                what: "RTP header",
                need: HEADER_LEN,
                have: bytes.len(),
            });
        };
        let b0 = h[0];
        if b0 >> 6 != 2 {
            return Err(Error::Version {
                version: b0 >> 6,
                offset: 0,
            });
        }
        // No CSRC, no extension, no padding: the common case.
        #[allow(clippy::verbose_bit_mask)]
        let plain = b0 & 0x3F == 0;
        let (csrcs, extension, padding, payload) = if plain {
            (Csrcs::EMPTY, None, 0, rest)
        } else {
            Self::parse_variable(b0, bytes.len(), rest)?
        };
        Ok(Self {
            marker: h[1] & 0x80 != 0,
            payload_type: h[1] & 0x7F,
            sequence_number: u16::from_be_bytes([h[2], h[3]]),
            timestamp: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
            ssrc: u32::from_be_bytes([h[8], h[9], h[10], h[11]]),
            csrcs,
            extension,
            padding,
            payload,
        })
    }

    /// CSRC list, extension and padding of a packet of `total` bytes whose
    /// first octet is `b0`; `rest` follows the fixed header.
    #[allow(clippy::type_complexity)]
    fn parse_variable(
        b0: u8,
        total: usize,
        rest: &'a [u8],
    ) -> Result<(Csrcs<'a>, Option<Extension<'a>>, u8, &'a [u8])> {
        let cc = 4 * (b0 & 0x0F) as usize;
        let Some((list, mut rest)) = rest.split_at_checked(cc) else {
            return Err(Error::Truncated {
                what: "RTP CSRC list",
                need: HEADER_LEN + cc,
                have: total,
            });
        };
        let mut extension = None;
        if b0 & 0x10 != 0 {
            let at = total.saturating_sub(rest.len());
            let Some((eh, r)) = rest.split_first_chunk::<4>() else {
                return Err(Error::Truncated {
                    what: "RTP extension header",
                    need: at + 4,
                    have: total,
                });
            };
            let words = 4 * u16::from_be_bytes([eh[2], eh[3]]) as usize;
            let Some((data, r)) = r.split_at_checked(words) else {
                return Err(Error::Truncated {
                    what: "RTP extension",
                    need: at + 4 + words,
                    have: total,
                });
            };
            extension = Some(Extension {
                profile: u16::from_be_bytes([eh[0], eh[1]]),
                data,
            });
            rest = r;
        }
        let mut padding = 0u8;
        if b0 & 0x20 != 0 {
            // The count is the packet's last octet; it must be non-zero and
            // fit after the header (it may not reach into it).
            let bad = Error::Invalid {
                field: "RTP padding count",
                offset: total.saturating_sub(1),
            };
            let Some(&pad) = rest.last() else {
                return Err(bad);
            };
            let Some(keep) = rest.len().checked_sub(pad as usize) else {
                return Err(bad);
            };
            if pad == 0 {
                return Err(bad);
            }
            padding = pad;
            rest = rest.get(..keep).unwrap_or(&[]);
        }
        Ok((Csrcs { bytes: list }, extension, padding, rest))
    }

    /// Bytes [`Repr::emit`] writes.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + self.csrcs.bytes.len()
            + self.extension.map_or(0, |e| 4 + e.data.len())
            + self.payload.len()
            + self.padding as usize
    }

    /// The 12-byte fixed header (RFC 3550 §5.1) of this packet.
    #[inline]
    fn fixed_header(&self) -> [u8; HEADER_LEN] {
        let b0 = 0x80
            | (u32::from(self.padding > 0) << 5)
            | (u32::from(self.extension.is_some()) << 4)
            | (self.csrcs.len() as u32 & 0x0F);
        let w0 = (b0 << 24)
            | (u32::from(self.marker) << 23)
            | (u32::from(self.payload_type & 0x7F) << 16)
            | u32::from(self.sequence_number);
        let w = ((u64::from(w0) << 32) | u64::from(self.timestamp)).to_be_bytes();
        let s = self.ssrc.to_be_bytes();
        [
            w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], s[0], s[1], s[2], s[3],
        ]
    }

    /// Writes the packet into `buf`, returning its length.
    #[inline]
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let have = buf.len();
        let Some(out) = buf.get_mut(..len) else {
            return Err(Error::BufferTooSmall { need: len, have });
        };
        if self.payload_type > 127 {
            return Err(Error::OutOfRange {
                field: "payload type",
            });
        }
        if let Some(e) = self.extension {
            if e.data.len() % 4 != 0 || e.data.len() / 4 > 0xFFFF {
                return Err(Error::OutOfRange {
                    field: "extension length",
                });
            }
        }
        // A `Csrcs` holds whole identifiers, at most 15 (its constructors
        // check); the header's 4-bit count must not be silently truncated.
        if self.csrcs.bytes.len() > 4 * MAX_CSRCS {
            return Err(Error::OutOfRange {
                field: "CSRC count",
            });
        }
        // `out` is exactly `len` bytes, so every split below succeeds; the
        // checked forms keep any slip an error instead of a panic.
        let Some((hdr, rest)) = out.split_first_chunk_mut::<HEADER_LEN>() else {
            return Err(Error::BufferTooSmall { need: len, have });
        };
        *hdr = self.fixed_header();
        let mut rest = rest;
        if self.csrcs.bytes.len() | self.padding as usize != 0 || self.extension.is_some() {
            rest = self
                .emit_variable(rest)
                .ok_or(Error::BufferTooSmall { need: len, have })?;
        }
        if rest.len() != self.payload.len() {
            return Err(Error::BufferTooSmall { need: len, have });
        }
        copy_page_split(rest, self.payload);
        Ok(len)
    }

    /// Writes CSRC list, extension and padding around the payload; returns
    /// the part of `rest` left for the payload.
    fn emit_variable<'b>(&self, rest: &'b mut [u8]) -> Option<&'b mut [u8]> {
        let (list, rest) = rest.split_at_mut_checked(self.csrcs.bytes.len())?;
        list.copy_from_slice(self.csrcs.bytes);
        let rest = match self.extension {
            Some(e) => {
                let (eh, r) = rest.split_first_chunk_mut::<4>()?;
                let (data, r) = r.split_at_mut_checked(e.data.len())?;
                let [p0, p1] = e.profile.to_be_bytes();
                let [w0, w1] = ((e.data.len() / 4) as u16).to_be_bytes();
                *eh = [p0, p1, w0, w1];
                data.copy_from_slice(e.data);
                r
            }
            None => rest,
        };
        let (payload, pad) = rest.split_at_mut_checked(self.payload.len())?;
        if let Some((last, zeros)) = pad.split_last_mut() {
            zeros.fill(0);
            *last = self.padding;
        }
        Some(payload)
    }
}

/// Copies `src` into `dst` (equal lengths) as two copies split at the 4 KiB
/// page boundary inside `dst`, if there is one. On this project's x86-64
/// test machine a vector store that straddles a page boundary is slow: a
/// 172-byte `memcpy` into a buffer crossing a page took 21–25 ns instead of
/// 4–7 ns (`benches/examples/rtp_interleaved.rs` measures both placements).
/// Elsewhere the split costs one mask and one predictable branch. Only the
/// address is read; no unsafe code.
#[inline]
fn copy_page_split(dst: &mut [u8], src: &[u8]) {
    const PAGE: usize = 4096;
    let to_boundary = PAGE - (dst.as_ptr() as usize & (PAGE - 1));
    if to_boundary < dst.len() && to_boundary <= src.len() {
        let (d0, d1) = dst.split_at_mut(to_boundary);
        let (s0, s1) = src.split_at(to_boundary);
        d0.copy_from_slice(s0);
        d1.copy_from_slice(s1);
    } else {
        dst.copy_from_slice(src);
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

    /// The page-split payload copy equals a plain copy for every position
    /// of the destination around a 4 KiB boundary and every length up to
    /// 300 bytes.
    #[test]
    fn page_split_copy_equals_plain_copy() {
        let src: Vec<u8> = (0..300u32).map(|i| (i * 31 + 7) as u8).collect();
        let mut arena = vec![0u8; 3 * 4096];
        let page = (4096 - arena.as_ptr() as usize % 4096) % 4096 + 4096;
        for start in page - 310..page + 2 {
            for len in 0..=300 {
                arena[start - 8..start + len + 8].fill(0xEE);
                copy_page_split(&mut arena[start..start + len], &src[..len]);
                assert_eq!(&arena[start..start + len], &src[..len]);
                assert_eq!(arena[start - 8..start], [0xEE; 8]);
                assert_eq!(arena[start + len..start + len + 8], [0xEE; 8]);
            }
        }
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
            0usize..16,
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
                csrcs: Csrcs::from_be_bytes(&CS[..4 * cs]).unwrap(),
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
    static CS: [u8; 60] = {
        let mut p = [0u8; 60];
        let mut i = 0;
        while i < 60 {
            p[i] = (i * 13 + 5) as u8;
            i += 1;
        }
        p
    };

    proptest! {
        #[test]
        fn parse_emit_round_trip(repr in arb_repr(&PAYLOAD, &EXT)) {
            let mut buf = vec![0u8; repr.buffer_len()];
            let n = repr.emit(&mut buf).unwrap();
            prop_assert_eq!(n, buf.len());
            prop_assert_eq!(Repr::parse(&buf).unwrap(), repr);
        }

        /// `Repr::parse` (one pass, borrowed CSRCs) agrees with the checked
        /// view field by field, and accepts exactly what the view accepts.
        #[test]
        fn parse_agrees_with_view(
            head in proptest::collection::vec(any::<u8>(), 0..90),
            b0 in any::<u8>(),
        ) {
            let mut bytes = head;
            if let Some(first) = bytes.first_mut() {
                // Mostly version 2, so the variable parts get exercised.
                *first = if b0 < 200 { 0x80 | (b0 & 0x3F) } else { b0 };
            }
            let view = Packet::new_checked(&bytes[..]);
            let parsed = Repr::parse(&bytes);
            prop_assert_eq!(view.is_ok(), parsed.is_ok());
            if let (Ok(p), Ok(r)) = (view, parsed) {
                prop_assert_eq!(r.marker, p.marker());
                prop_assert_eq!(r.payload_type, p.payload_type());
                prop_assert_eq!(r.sequence_number, p.sequence_number());
                prop_assert_eq!(r.timestamp, p.timestamp());
                prop_assert_eq!(r.ssrc, p.ssrc());
                prop_assert!(r.csrcs.iter().eq(p.csrcs()));
                prop_assert_eq!(r.csrcs, p.csrcs_ref());
                prop_assert_eq!(r.csrcs.len(), usize::from(p.csrc_count()));
                for i in 0..16 {
                    prop_assert_eq!(r.csrcs.get(i), p.csrc(i));
                }
                prop_assert_eq!(r.extension.map(|e| e.profile), p.extension_profile());
                prop_assert_eq!(r.extension.map(|e| e.data), p.extension_ref());
                prop_assert_eq!(usize::from(r.padding), p.padding_len());
                prop_assert_eq!(r.payload, p.payload_ref());
                // And emit reproduces the input exactly, except padding
                // octets before the count, which emit writes as zeros.
                let mut out = vec![0u8; r.buffer_len()];
                prop_assert_eq!(r.emit(&mut out).unwrap(), bytes.len());
                let body = bytes.len() - p.padding_len();
                prop_assert_eq!(&out[..body], &bytes[..body]);
                prop_assert_eq!(out.last(), bytes.last());
            }
        }

        /// The 12-byte fixed header emit writes equals a field-by-field
        /// construction.
        #[test]
        fn fixed_header_field_by_field(
            m in any::<bool>(), pt in 0u8..128, seq in any::<u16>(), ts in any::<u32>(),
            ssrc in any::<u32>(), cs in 0usize..16, pad in any::<u8>(), ext in any::<bool>(),
        ) {
            let r = Repr {
                marker: m, payload_type: pt, sequence_number: seq, timestamp: ts, ssrc,
                csrcs: Csrcs::from_be_bytes(&CS[..4 * cs]).unwrap(),
                extension: ext.then_some(Extension { profile: 0xBEDE, data: &[] }),
                padding: pad,
                payload: &[],
            };
            let mut want = [0u8; 12];
            want[0] = 0x80 | (u8::from(pad > 0) << 5) | (u8::from(ext) << 4) | cs as u8;
            want[1] = (u8::from(m) << 7) | pt;
            want[2..4].copy_from_slice(&seq.to_be_bytes());
            want[4..8].copy_from_slice(&ts.to_be_bytes());
            want[8..12].copy_from_slice(&ssrc.to_be_bytes());
            prop_assert_eq!(r.fixed_header(), want);
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
