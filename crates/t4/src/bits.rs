//! Bit reader and bit writer for either bit order.
//!
//! Both work MSB-first internally. For [`BitOrder::LsbFirst`] (TIFF
//! `FillOrder` 2, the order fax lines are sent in) each byte is bit-reversed
//! as it is loaded or stored.

/// Order of bits within each byte of coded data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BitOrder {
    /// First bit in the most significant position (TIFF `FillOrder` 1).
    #[default]
    MsbFirst,
    /// First bit in the least significant position (TIFF `FillOrder` 2, as
    /// fax modems send it).
    LsbFirst,
}

impl BitOrder {
    /// The TIFF `FillOrder` tag value (1 or 2).
    pub fn fill_order(self) -> u16 {
        match self {
            Self::MsbFirst => 1,
            Self::LsbFirst => 2,
        }
    }
}

/// Checked reader over a byte slice. `peek` beyond the end yields zero bits;
/// callers compare code lengths with [`BitReader::available`] before
/// consuming, so no read can run past the data.
#[derive(Debug, Clone)]
pub(crate) struct BitReader<'a> {
    /// Bytes not yet loaded (a slice, so the hot loops carry two values
    /// for it rather than three).
    rest: &'a [u8],
    /// Length of the whole data.
    len: usize,
    /// Buffered bits, left-aligned (bit 63 is the next bit).
    buf: u64,
    /// Valid bits in `buf`.
    nbits: u32,
    lsb_first: bool,
}

impl<'a> BitReader<'a> {
    pub(crate) fn new(data: &'a [u8], order: BitOrder) -> Self {
        let mut r = Self {
            rest: data,
            len: data.len(),
            buf: 0,
            nbits: 0,
            lsb_first: order == BitOrder::LsbFirst,
        };
        r.refill();
        r
    }

    /// True for [`BitOrder::LsbFirst`] data.
    #[inline(always)]
    pub(crate) fn lsb_first(&self) -> bool {
        self.lsb_first
    }

    /// Tops the buffer up to at least 57 bits while data remains.
    #[inline(always)]
    pub(crate) fn refill(&mut self) {
        if self.lsb_first {
            self.refill_in::<true>();
        } else {
            self.refill_in::<false>();
        }
    }

    /// [`Self::refill`] for a bit order known at compile time (`LSB` must
    /// equal [`Self::lsb_first`]), so that hot loops made for one order
    /// carry no test of it.
    #[inline(always)]
    pub(crate) fn refill_in<const LSB: bool>(&mut self) {
        debug_assert_eq!(LSB, self.lsb_first);
        if self.nbits > 56 {
            return;
        }
        if let Some((chunk, _)) = self.rest.split_first_chunk::<8>() {
            let w = if LSB {
                u64::from_le_bytes(*chunk).reverse_bits()
            } else {
                u64::from_be_bytes(*chunk)
            };
            self.buf |= w >> self.nbits;
            let take = (63 - self.nbits) >> 3;
            self.rest = self.rest.get(take as usize..).unwrap_or(&[]);
            self.nbits += take * 8;
        } else {
            // Out of line and without a reference to `self`, so that the
            // reader's fields can live in registers in the decode loops.
            (self.buf, self.nbits, self.rest) = refill_tail(self.rest, self.buf, self.nbits, LSB);
        }
    }

    /// Bits buffered right now (after a refill: ≥ 57 unless near the end).
    #[inline(always)]
    pub(crate) fn buffered(&self) -> u32 {
        self.nbits
    }

    /// The next `n` bits (1..=32), zero-filled past the end of the data.
    #[inline(always)]
    pub(crate) fn peek(&self, n: u32) -> u32 {
        (self.buf >> (64 - n)) as u32
    }

    /// The raw left-aligned buffer (zero-filled past the end of the data).
    #[inline]
    pub(crate) fn peek64(&self) -> u64 {
        self.buf
    }

    /// Drops `n` buffered bits; `n` must not exceed [`Self::buffered`].
    #[inline(always)]
    pub(crate) fn consume(&mut self, n: u32) {
        debug_assert!(n <= self.nbits && n < 64);
        self.buf <<= n & 63;
        self.nbits = self.nbits.saturating_sub(n);
    }

    /// Drops `n` buffered bits where `n` may be 64 (rare paths).
    pub(crate) fn skip(&mut self, n: u32) {
        self.buf = self.buf.checked_shl(n).unwrap_or(0);
        self.nbits = self.nbits.saturating_sub(n);
    }

    /// Bits not yet consumed, buffered or not.
    pub(crate) fn available(&self) -> u64 {
        u64::from(self.nbits) + (self.rest.len() as u64) * 8
    }

    /// Bit offset of the next bit from the start of the data.
    pub(crate) fn offset(&self) -> u64 {
        (self.len.saturating_sub(self.rest.len()) as u64) * 8 - u64::from(self.nbits)
    }

    /// Skips to the next byte boundary.
    pub(crate) fn align(&mut self) {
        let r = (self.offset() % 8) as u32;
        if r != 0 {
            self.consume((8 - r).min(self.nbits));
        }
    }

    /// True when no bit is left or every remaining bit is zero (padding).
    pub(crate) fn only_zeros_left(&self) -> bool {
        self.buf == 0 && self.rest.iter().all(|&b| b == 0)
    }
}

/// Byte-wise refill near the end of the data: the new buffer, bit count
/// and remaining bytes.
#[cold]
#[inline(never)]
fn refill_tail(
    mut rest: &[u8],
    mut buf: u64,
    mut nbits: u32,
    lsb_first: bool,
) -> (u64, u32, &[u8]) {
    while nbits <= 56 {
        let Some((&b, tail)) = rest.split_first() else {
            break;
        };
        let b = if lsb_first { b.reverse_bits() } else { b };
        buf |= u64::from(b) << (56 - nbits);
        rest = tail;
        nbits += 8;
    }
    (buf, nbits, rest)
}

/// Bit writer collecting MSB-first bits into a byte buffer.
///
/// Every `put` stores the whole 64-bit accumulator at the current byte
/// position and then advances by the completed bytes, so no write waits on
/// a "buffer full?" branch: the only branch is the bounds check of the
/// store, which fails only when the buffer must grow (callers reserve room
/// for a row with [`BitWriter::reserve_bits`]). As a consequence the buffer
/// always holds every bit written so far, the pending ones included, which
/// [`BitWriter::copy_bits`] relies on.
#[derive(Debug, Clone)]
pub(crate) struct BitWriter {
    /// Output bytes `..pos`, then the byte holding the pending bits, then
    /// slack (its length is the room, not the output length).
    buf: Vec<u8>,
    /// Completed bytes.
    pos: usize,
    /// Pending bits, left-aligned (bit 63 is the oldest).
    acc: u64,
    /// Pending bits in `acc` (always < 8 between calls).
    n: u32,
}

/// `buf` grown to hold at least `extra` bytes past `pos` plus the 8-byte
/// store window (at least doubling), with `bytes` stored at `pos`.
#[cold]
#[inline(never)]
fn grown(mut buf: Vec<u8>, pos: usize, extra: usize, bytes: Option<[u8; 8]>) -> Vec<u8> {
    let want = pos.saturating_add(extra).saturating_add(16);
    let len = want.max(buf.len().saturating_mul(2));
    buf.resize(len, 0);
    if let (Some(b), Some(dst)) = (
        bytes,
        buf.get_mut(pos..).and_then(<[u8]>::first_chunk_mut::<8>),
    ) {
        *dst = b;
    }
    buf
}

/// Most bits one [`BitWriter::put`] call may write.
pub(crate) const PUT_MAX: u32 = 56;

impl BitWriter {
    pub(crate) fn new() -> Self {
        Self {
            buf: Vec::new(),
            pos: 0,
            acc: 0,
            n: 0,
        }
    }

    /// Appends the low `len` bits of `code` (len ≤ [`PUT_MAX`]; the other
    /// bits of `code` must be zero, and `code` is zero when `len` is).
    #[inline(always)]
    pub(crate) fn put(&mut self, code: u64, len: u32) {
        debug_assert!(len <= PUT_MAX);
        debug_assert!(
            code.checked_shr(len).unwrap_or(0) == 0,
            "code wider than its length"
        );
        // n + len ≤ 63, so the shift is 1..=64; 64 (only when len = 0 and
        // n = 0) wraps to 0 and `code` is 0 then.
        self.acc |= code.wrapping_shl(64 - self.n - len);
        self.n += len;
        self.store();
    }

    /// Stores the accumulator at `pos` and advances over its complete
    /// bytes.
    #[inline(always)]
    fn store(&mut self) {
        let bytes = self.acc.to_be_bytes();
        if let Some(dst) = self
            .buf
            .get_mut(self.pos..)
            .and_then(<[u8]>::first_chunk_mut::<8>)
        {
            *dst = bytes;
        } else {
            // By value, so that nothing takes the writer's address and its
            // fields can stay in registers in the coding loops.
            self.buf = grown(std::mem::take(&mut self.buf), self.pos, 64, Some(bytes));
        }
        let full = self.n >> 3;
        self.pos += full as usize;
        // full ≤ 7: the shift is at most 56.
        self.acc <<= full * 8;
        self.n &= 7;
    }

    /// Makes room for `bits` more bits without growing in between (a
    /// speed hint only: `put` grows the buffer whenever it must).
    #[inline(always)]
    pub(crate) fn reserve_bits(&mut self, bits: u64) {
        let extra = (bits / 8) as usize + 1;
        if self.buf.len() < self.pos.saturating_add(extra).saturating_add(16) {
            self.buf = grown(std::mem::take(&mut self.buf), self.pos, extra, None);
        }
    }

    /// Empties the writer, keeping its buffer.
    #[cfg(test)]
    pub(crate) fn clear(&mut self) {
        self.pos = 0;
        self.acc = 0;
        self.n = 0;
    }

    /// Appends a copy of the bits `from..to` written so far (`to` at most
    /// [`Self::bit_len`]).
    pub(crate) fn copy_bits(&mut self, mut from: u64, to: u64) {
        let to = to.min(self.bit_len());
        self.reserve_bits(to.saturating_sub(from));
        while from < to {
            let k = (to - from).min(u64::from(PUT_MAX)) as u32;
            let at = (from / 8) as usize;
            // Bits before the write position never change, and the
            // buffer holds them all (pending ones included).
            let word = self
                .buf
                .get(at..)
                .and_then(<[u8]>::first_chunk::<8>)
                .map_or(0, |b| u64::from_be_bytes(*b));
            let bits = (word << (from % 8)) >> (64 - k);
            self.put(bits, k);
            from += u64::from(k);
        }
    }

    /// Appends `count` zero bits.
    pub(crate) fn zeros(&mut self, mut count: u64) {
        while count > 0 {
            let k = count.min(u64::from(PUT_MAX)) as u32;
            self.put(0, k);
            count -= u64::from(k);
        }
    }

    /// Bits written so far.
    #[inline]
    pub(crate) fn bit_len(&self) -> u64 {
        self.pos as u64 * 8 + u64::from(self.n)
    }

    /// Pads with zero bits to a byte boundary.
    pub(crate) fn align(&mut self) {
        let r = self.n % 8;
        if r != 0 {
            self.put(0, 8 - r);
        }
    }

    /// Pads to a byte and returns the bytes in `order`.
    pub(crate) fn finish(mut self, order: BitOrder) -> Vec<u8> {
        self.align();
        let mut out = self.buf;
        out.truncate(self.pos);
        if order == BitOrder::LsbFirst {
            for b in &mut out {
                *b = b.reverse_bits();
            }
        }
        out
    }
}

/// Something run codes can be written to: the growing [`BitWriter`] or a
/// row-sized [`Sink`].
pub(crate) trait PutBits {
    /// Appends the low `len` bits of `code` (len ≤ [`PUT_MAX`]; the other
    /// bits of `code` must be zero, and `code` is zero when `len` is).
    fn put(&mut self, code: u64, len: u32);

    /// Appends the top `len` bits of `code` (len ≤ [`PUT_MAX`]; the other
    /// bits of `code` must be zero).
    fn put_left(&mut self, code: u64, len: u32);
}

impl PutBits for BitWriter {
    #[inline(always)]
    fn put(&mut self, code: u64, len: u32) {
        BitWriter::put(self, code, len);
    }

    #[inline(always)]
    fn put_left(&mut self, code: u64, len: u32) {
        debug_assert!(len <= PUT_MAX);
        debug_assert!(
            code.checked_shl(len).unwrap_or(0) == 0,
            "code wider than its length"
        );
        self.acc |= code >> self.n;
        self.n += len;
        self.store();
    }
}

/// A bit writer over a fixed slice, for coding one row: no growing, so its
/// whole state (slice, position, accumulator) stays in registers. A write
/// that would not fit marks the sink as failed instead, and
/// [`BitWriter::with_sink`] then discards everything it wrote.
pub(crate) struct Sink<'a> {
    /// The writer's buffer from its position on.
    buf: &'a mut [u8],
    /// Completed bytes written to `buf` (a `u32`, so that `pos + 8` cannot
    /// overflow and the store's bounds check is a single compare).
    pos: u32,
    acc: u64,
    n: u32,
    ok: bool,
}

impl PutBits for Sink<'_> {
    #[inline(always)]
    fn put(&mut self, code: u64, len: u32) {
        debug_assert!(len <= PUT_MAX);
        debug_assert!(
            code.checked_shr(len).unwrap_or(0) == 0,
            "code wider than its length"
        );
        self.acc |= code.wrapping_shl(64 - self.n - len);
        self.n += len;
        self.store();
    }

    #[inline(always)]
    fn put_left(&mut self, code: u64, len: u32) {
        debug_assert!(len <= PUT_MAX);
        debug_assert!(
            code.checked_shl(len).unwrap_or(0) == 0,
            "code wider than its length"
        );
        self.acc |= code >> self.n;
        self.n += len;
        self.store();
    }
}

impl Sink<'_> {
    #[inline(always)]
    fn store(&mut self) {
        let p = self.pos as usize;
        if let Some(dst) = self.buf.get_mut(p..p + 8) {
            dst.copy_from_slice(&self.acc.to_be_bytes());
        } else {
            self.ok = false;
        }
        let full = self.n >> 3;
        self.pos = self.pos.wrapping_add(full);
        self.acc <<= full * 8;
        self.n &= 7;
    }
}

impl BitWriter {
    /// Runs `f` on a [`Sink`] with room for `max_bits` more bits, and keeps
    /// what it wrote. `None` (with nothing written) when `f` needed more
    /// than `max_bits`: the caller then writes to `self` instead.
    #[inline(always)]
    pub(crate) fn with_sink<R>(
        &mut self,
        max_bits: u64,
        f: impl FnOnce(&mut Sink<'_>) -> R,
    ) -> Option<R> {
        self.reserve_bits(max_bits);
        let room = ((max_bits / 8) as usize + 9).min(u32::MAX as usize);
        let end = self.pos.saturating_add(room).min(self.buf.len());
        let mut s = Sink {
            buf: self.buf.get_mut(self.pos..end).unwrap_or_default(),
            pos: 0,
            acc: self.acc,
            n: self.n,
            ok: true,
        };
        let r = f(&mut s);
        if !s.ok {
            // The bytes the sink stored past `pos` are rewritten by the
            // writer's own stores before they become output.
            return None;
        }
        self.pos += s.pos as usize;
        (self.acc, self.n) = (s.acc, s.n);
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_reader_round_trip_both_orders() {
        for order in [BitOrder::MsbFirst, BitOrder::LsbFirst] {
            let mut w = BitWriter::new();
            let items: Vec<(u32, u32)> = (1..200u32)
                .map(|i| {
                    (
                        i.wrapping_mul(2_654_435_761) % (1 << (i % 13 + 1)),
                        i % 13 + 1,
                    )
                })
                .collect();
            for &(c, l) in &items {
                w.put(u64::from(c), l);
            }
            let total = w.bit_len();
            let bytes = w.finish(order);
            assert_eq!(bytes.len() as u64, total.div_ceil(8));
            let mut r = BitReader::new(&bytes, order);
            for &(c, l) in &items {
                r.refill();
                assert_eq!(r.peek(l), c);
                r.consume(l);
            }
            assert_eq!(r.offset(), total);
            assert!(r.only_zeros_left());
        }
    }

    #[test]
    fn copy_bits_replays_any_range_at_any_offset() {
        for lead in 0..17u32 {
            for (from_extra, len) in [
                (0u64, 0u64),
                (0, 1),
                (3, 7),
                (5, 56),
                (1, 57),
                (7, 150),
                (0, 200),
            ] {
                let mut w = BitWriter::new();
                let mut want = BitWriter::new();
                let mut bits = Vec::new();
                w.put(1, lead + 1);
                want.put(1, lead + 1);
                for i in 0..70u64 {
                    let c = (i * 0x9E37_79B9) % 8;
                    w.put(c, 3);
                    want.put(c, 3);
                    for k in (0..3).rev() {
                        bits.push(c >> k & 1);
                    }
                }
                let from = u64::from(lead) + 1 + from_extra;
                let to = from + len;
                w.copy_bits(from, to);
                for &b in &bits[(from_extra as usize)..(from_extra + len) as usize] {
                    want.put(b, 1);
                }
                assert_eq!(w.bit_len(), want.bit_len());
                assert_eq!(
                    w.finish(BitOrder::MsbFirst),
                    want.finish(BitOrder::MsbFirst)
                );
            }
        }
        let mut a = BitWriter::new();
        a.put(5, 3);
        a.clear();
        assert_eq!(a.bit_len(), 0);
        assert!(a.finish(BitOrder::MsbFirst).is_empty());
    }

    #[test]
    fn puts_of_every_length_at_every_offset() {
        for lead in 0..8u32 {
            for len in 0..=PUT_MAX {
                let mut w = BitWriter::new();
                w.put(0, lead);
                let code = if len == 0 {
                    0
                } else {
                    0xA5A5_A5A5_A5A5_A5A5u64 >> (64 - len)
                };
                w.put(code, len);
                w.put(1, 1);
                let total = u64::from(lead + len + 1);
                assert_eq!(w.bit_len(), total);
                let bytes = w.finish(BitOrder::MsbFirst);
                let mut r = BitReader::new(&bytes, BitOrder::MsbFirst);
                r.skip(lead);
                r.refill();
                let mut got = 0u64;
                let mut left = len;
                while left > 0 {
                    let k = left.min(16);
                    got = got << k | u64::from(r.peek(k));
                    r.consume(k);
                    r.refill();
                    left -= k;
                }
                assert_eq!(got, code);
                assert_eq!(r.peek(1), 1);
            }
        }
    }

    #[test]
    fn sink_writes_like_the_writer_and_a_short_one_changes_nothing() {
        let items: Vec<(u64, u32)> = (0..300u64)
            .map(|i| (i * 7 % 32, 5 + (i % 3) as u32 * 7))
            .collect();
        let items: Vec<(u64, u32)> = items
            .into_iter()
            .map(|(c, l)| (c & ((1 << l) - 1), l))
            .collect();
        let total: u64 = items.iter().map(|&(_, l)| u64::from(l)).sum();
        for lead in 0..9u32 {
            let mut want = BitWriter::new();
            want.put(1, lead + 1);
            for &(c, l) in &items {
                want.put(c, l);
            }
            want.put_left(0b101 << 61, 3);
            // Enough room: the sink's bits are kept.
            let mut w = BitWriter::new();
            w.put(1, lead + 1);
            let r = w.with_sink(total, |s| {
                for &(c, l) in &items {
                    PutBits::put(s, c, l);
                }
                7
            });
            assert_eq!(r, Some(7));
            w.put_left(0b101 << 61, 3);
            assert_eq!(w.bit_len(), want.bit_len());
            assert_eq!(
                w.clone().finish(BitOrder::MsbFirst),
                want.clone().finish(BitOrder::MsbFirst)
            );
            // Too little room: nothing is kept, and writing on works.
            let mut w = BitWriter::new();
            w.put(1, lead + 1);
            let r = w.with_sink(8, |s| {
                for &(c, l) in &items {
                    PutBits::put(s, c, l);
                }
            });
            assert_eq!(r, None);
            assert_eq!(w.bit_len(), u64::from(lead + 1));
            for &(c, l) in &items {
                PutBits::put(&mut w, c, l);
            }
            PutBits::put_left(&mut w, 0b101 << 61, 3);
            assert_eq!(
                w.finish(BitOrder::MsbFirst),
                want.finish(BitOrder::MsbFirst)
            );
        }
    }

    #[test]
    fn lsb_first_reverses_each_byte() {
        let mut w = BitWriter::new();
        w.put(0b1000_0000, 8);
        w.put(0b1100_0000, 8);
        assert_eq!(w.finish(BitOrder::LsbFirst), vec![0x01, 0x03]);
    }
}
