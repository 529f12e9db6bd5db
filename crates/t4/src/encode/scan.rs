//! Finding the changing elements of a packed row, 64 pixels at a time.

/// The buffer length [`scan_row`] needs for `width`.
pub(crate) fn scan_len(width: u32) -> usize {
    width as usize + 2
}

/// Writes the changing elements of a packed row (positions where the
/// colour differs from the pixel before; the pixel before the row is
/// white), in order, to `out`, followed by two copies of `width` (the
/// sentinels the 2-D coder reads as `b1`/`b2` past the row end), and
/// returns how many changes there are. `row` holds at least
/// `width.div_ceil(8)` bytes (extra bytes and bits past the width are
/// ignored); `out` needs `width + 2` entries (a row has at most `width`
/// changes) and anything beyond its length is dropped.
///
/// Works on 64-pixel words: `w ^ (w >> 1 | carry)` marks every change,
/// each change then costs one `trailing_zeros` and a bit clear, and a word
/// without changes a load, an exclusive or and a test. The changes of the last
/// word are masked to the width, so none lies at or past it.
#[inline]
pub(crate) fn scan_row(row: &[u8], width: u32, out: &mut [u32]) -> usize {
    debug_assert!(out.len() >= width as usize + 2);
    let stride = (width.div_ceil(8) as usize).min(row.len());
    let row = row.get(..stride).unwrap_or(row);
    let width = width.min(stride as u32 * 8);
    // The whole words before the last word, and the last word (whole or
    // partial, zero-padded).
    let body_len = (stride.saturating_sub(1) / 8) * 8;
    let (body, rest) = row.split_at(body_len.min(row.len()));
    let last = <[u8; 8]>::try_from(rest).map_or_else(
        |_| {
            let mut last = 0u64;
            for (i, &b) in rest.iter().enumerate().take(8) {
                last |= u64::from(b) << (56 - 8 * i);
            }
            last
        },
        u64::from_be_bytes,
    );
    let mut n = 0usize;
    let mut carry = 0u64;
    let mut base = 0u32;
    let mut emit = |mut t: u64, base: u32| {
        if t == 0 {
            return;
        }
        // Bit 63 is pixel `base`. Taking the lowest change first
        // (`t & (t - 1)` clears it) keeps the loop-carried chain to two
        // one-cycle operations, where clearing the highest would chain
        // through the slower `leading_zeros`; the changes are then written
        // last slot first.
        let count = t.count_ones() as usize;
        let top = base + 63;
        let mut k = n + count;
        while t != 0 {
            k -= 1;
            if let Some(slot) = out.get_mut(k) {
                *slot = top - t.trailing_zeros();
            }
            t &= t - 1;
        }
        n += count;
    };
    for b in body.chunks_exact(8) {
        let w = <[u8; 8]>::try_from(b).map_or(0, u64::from_be_bytes);
        emit(w ^ ((w >> 1) | (carry << 63)), base);
        carry = w & 1;
        base += 64;
    }
    if width > 0 {
        // Pixels of the last word inside the width: 1..=64.
        let used = width - base;
        let mask = !u64::MAX.checked_shr(used).unwrap_or(0);
        emit((last ^ ((last >> 1) | (carry << 63))) & mask, base);
    }
    for k in 0..2 {
        if let Some(slot) = out.get_mut(n + k) {
            *slot = width;
        }
    }
    n.min(out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes found pixel by pixel.
    fn slow(row: &[u8], width: u32) -> Vec<u32> {
        let px = |x: u32| row[(x / 8) as usize] >> (7 - x % 8) & 1;
        let mut v = Vec::new();
        let mut prev = 0;
        for x in 0..width {
            if px(x) != prev {
                v.push(x);
                prev = px(x);
            }
        }
        v
    }

    fn fast(row: &[u8], width: u32) -> Vec<u32> {
        let mut out = vec![u32::MAX; width as usize + 3];
        let n = scan_row(row, width, &mut out);
        assert_eq!(&out[n..n + 3], &[width, width, u32::MAX]);
        out.truncate(n);
        out
    }

    #[test]
    fn every_single_and_double_pixel_row_up_to_130() {
        for width in 1..=130u32 {
            let stride = width.div_ceil(8) as usize;
            for a in 0..width {
                for b in a..width.min(a + 3) {
                    for fill in [0u8, 0xFF] {
                        let mut row = vec![fill; stride + 1];
                        for x in [a, b] {
                            row[(x / 8) as usize] ^= 0x80 >> (x % 8);
                        }
                        assert_eq!(fast(&row, width), slow(&row, width), "{width} {a} {b}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_pixel_by_pixel(width in 1u32..400, seed: u64, density in 1u32..64) {
            let stride = width.div_ceil(8) as usize + 3;
            let mut s = seed | 1;
            let mut row = vec![0u8; stride];
            let mut black = false;
            for x in 0..stride as u32 * 8 {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                if s % u64::from(density) == 0 {
                    black = !black;
                }
                if black {
                    row[(x / 8) as usize] |= 0x80 >> (x % 8);
                }
            }
            proptest::prop_assert_eq!(fast(&row, width), slow(&row, width));
        }
    }
}
