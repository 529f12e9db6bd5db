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

/// Bit writer collecting MSB-first bits into a `Vec<u8>`.
#[derive(Debug, Clone)]
pub(crate) struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    /// Bits pending in `acc` (always < 32 between calls).
    n: u32,
}

impl BitWriter {
    pub(crate) fn new() -> Self {
        Self {
            out: Vec::new(),
            acc: 0,
            n: 0,
        }
    }

    /// Appends `code`, which must fit in `len` bits (len ≤ 32).
    #[inline(always)]
    pub(crate) fn put(&mut self, code: u32, len: u32) {
        debug_assert!(len <= 32);
        if len == 0 {
            return;
        }
        debug_assert!(u64::from(code) >> len == 0, "code wider than its length");
        self.acc |= u64::from(code) << (64 - self.n - len);
        self.n += len;
        if self.n >= 32 {
            self.out
                .extend_from_slice(&((self.acc >> 32) as u32).to_be_bytes());
            self.acc <<= 32;
            self.n -= 32;
        }
    }

    /// Empties the writer, keeping its buffer.
    pub(crate) fn clear(&mut self) {
        self.out.clear();
        self.acc = 0;
        self.n = 0;
    }

    /// Appends every bit written to `other` so far.
    pub(crate) fn append(&mut self, other: &BitWriter) {
        let mut words = other.out.chunks_exact(4);
        for c in &mut words {
            self.put(c.try_into().map_or(0, u32::from_be_bytes), 32);
        }
        for &b in words.remainder() {
            self.put(u32::from(b), 8);
        }
        if other.n > 0 {
            self.put((other.acc >> (64 - other.n)) as u32, other.n);
        }
    }

    /// Appends `count` zero bits.
    pub(crate) fn zeros(&mut self, mut count: u64) {
        while count > 0 {
            let k = count.min(32) as u32;
            self.put(0, k);
            count -= u64::from(k);
        }
    }

    /// Bits written so far.
    pub(crate) fn bit_len(&self) -> u64 {
        self.out.len() as u64 * 8 + u64::from(self.n)
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
        let bytes = (self.n / 8) as usize;
        self.out.extend_from_slice(&self.acc.to_be_bytes()[..bytes]);
        if order == BitOrder::LsbFirst {
            for b in &mut self.out {
                *b = b.reverse_bits();
            }
        }
        self.out
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
                w.put(c, l);
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
    fn append_copies_bits_at_any_offset() {
        let mut a = BitWriter::new();
        for i in 0..50u32 {
            a.put(i % 7, 3);
        }
        for lead in 0..9u32 {
            let mut w = BitWriter::new();
            w.put(1, lead + 1);
            w.append(&a);
            w.append(&a);
            let mut want = BitWriter::new();
            want.put(1, lead + 1);
            for _ in 0..2 {
                for i in 0..50u32 {
                    want.put(i % 7, 3);
                }
            }
            assert_eq!(w.bit_len(), want.bit_len());
            assert_eq!(
                w.finish(BitOrder::MsbFirst),
                want.finish(BitOrder::MsbFirst)
            );
        }
        a.clear();
        assert_eq!(a.bit_len(), 0);
    }

    #[test]
    fn lsb_first_reverses_each_byte() {
        let mut w = BitWriter::new();
        w.put(0b1000_0000, 8);
        w.put(0b1100_0000, 8);
        assert_eq!(w.finish(BitOrder::LsbFirst), vec![0x01, 0x03]);
    }
}
