//! The row decoders: one row of 1-D or 2-D codes into changing elements.

use super::uncompressed::{extension_2d, leave_uncompressed_1d};
use crate::bits::BitReader;
use crate::tables::{
    BLACK_BITS, BLACK_TABLE, MODE_TABLE, M_EXT, M_HORIZ, M_PASS, M_V0, PAIR_BITS, PAIR_BW, PAIR_WB,
    RUN_EXT, WHITE_BITS, WHITE_TABLE,
};
use crate::Error;

/// One run of one colour, code by code: make-up codes, then the
/// terminating code.
#[inline(always)]
pub(super) fn run_of<const BLACK: bool, const LSB: bool>(
    r: &mut BitReader<'_>,
    width: u32,
    row: u32,
) -> Result<u32, Error> {
    let mut total = 0u32;
    loop {
        // A code takes at most 13 bits.
        if r.buffered() < 32 {
            r.refill_in::<LSB>();
        }
        let e = if BLACK {
            BLACK_TABLE[r.peek(BLACK_BITS) as usize]
        } else {
            WHITE_TABLE[r.peek(WHITE_BITS) as usize]
        };
        let len = u32::from(e >> 12);
        let v = e & 0xFFF;
        if len == 0 || v >= RUN_EXT || len > r.buffered() {
            return Err(if len > r.buffered() {
                truncated(r, row)
            } else if v == RUN_EXT && total == 0 {
                // An extension code where a run starts: the caller enters
                // uncompressed mode if it is that extension.
                Error::Extension {
                    offset: r.offset(),
                    row,
                }
            } else {
                invalid(r.clone(), row)
            });
        }
        r.consume(len);
        if v < 64 {
            // Terminating code (the common case: no make-up before it).
            return Ok(total + u32::from(v));
        }
        total += u32::from(v);
        if total > width {
            return Err(bad_run(r, row));
        }
    }
}

/// A 1-D (MH) row: white and black runs, pairs of short ones at a time.
#[inline(always)]
pub(super) fn decode_1d<const LSB: bool, const FAST: bool>(
    r: &mut BitReader<'_>,
    cur: &mut Changes<'_>,
    w: u32,
    row: u32,
) -> Result<(), Error> {
    let mut a0 = 0u32;
    // Colour of the next run: white except after an uncompressed-mode exit.
    let mut black = false;
    loop {
        if !black {
            // Short white-black pairs, one lookup each, while both runs
            // end inside the row; anything else takes the code-by-code
            // path below.
            r.refill_in::<LSB>();
            if FAST && r.buffered() >= 4 * PAIR_BITS {
                let mut n = 0;
                while n < 4 {
                    let e = u32::from(PAIR_WB[r.peek(PAIR_BITS) as usize]);
                    let a1 = a0 + (e & 63);
                    let a2 = a1 + ((e >> 6) & 63);
                    if e == 0 || a2 >= w {
                        break;
                    }
                    cur.push(a1)?;
                    cur.push(a2)?;
                    r.consume(e >> 12);
                    a0 = a2;
                    n += 1;
                }
                if n == 4 {
                    continue;
                }
            }
            match run_of::<false, LSB>(r, w, row) {
                Ok(v) => a0 += v,
                Err(e) => {
                    let left = leave_uncompressed_1d(e, r.clone(), cur, a0, w, row)?;
                    (*r, a0, black) = left;
                    if a0 >= w {
                        return Ok(());
                    }
                    continue;
                }
            }
            if a0 >= w {
                break;
            }
            cur.push(a0)?;
        }
        match run_of::<true, LSB>(r, w, row) {
            Ok(v) => a0 += v,
            Err(e) => {
                let left = leave_uncompressed_1d(e, r.clone(), cur, a0, w, row)?;
                (*r, a0, black) = left;
                if a0 >= w {
                    return Ok(());
                }
                continue;
            }
        }
        if a0 >= w {
            break;
        }
        cur.push(a0)?;
        black = false;
    }
    if a0 > w {
        return Err(bad_run(r, row));
    }
    Ok(())
}

/// The coding row's changing elements as they are decoded: written into
/// a slice with a count, so that the decode loops keep both in registers
/// (a `Vec`'s length would be reloaded after every store).
pub(super) struct Changes<'b> {
    buf: &'b mut [u32],
    n: usize,
}

impl Changes<'_> {
    /// Appends `x`; out of room is the [`room`] error.
    #[inline(always)]
    fn push(&mut self, x: u32) -> Result<(), Error> {
        match self.buf.get_mut(self.n) {
            Some(slot) => {
                *slot = x;
                self.n += 1;
                Ok(())
            }
            None => Err(room()),
        }
    }

    /// Runs `f` (a cold path) on the changes as a `Vec`.
    pub(super) fn with_vec<T>(
        &mut self,
        f: impl FnOnce(&mut Vec<u32>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut v = self.buf.get(..self.n).unwrap_or(&[]).to_vec();
        let t = f(&mut v)?;
        let dst = self.buf.get_mut(..v.len()).ok_or_else(room)?;
        dst.copy_from_slice(&v);
        self.n = v.len();
        Ok(t)
    }
}

/// Marks "out of room for changing elements" inside a row decode (never
/// returned to a caller: the row is decoded again with more room).
pub(super) const ROOM: &str = "changing elements per row (internal)";

#[cold]
pub(super) fn room() -> Error {
    Error::Limit {
        what: ROOM,
        limit: 0,
    }
}

pub(super) fn is_room(e: &Error) -> bool {
    matches!(e, Error::Limit { what, limit: 0 } if *what == ROOM)
}

/// One 1-D row, out of line, on a local copy of the reader (so that its
/// fields live in registers while the row decodes), made for the bit
/// order. `FAST` = false leaves out the multi-code lookups (the reference
/// the tests compare them with).
#[inline(never)]
pub(super) fn row_1d<const FAST: bool>(
    r: &mut BitReader<'_>,
    cur: &mut [u32],
    w: u32,
    row: u32,
) -> Result<usize, Error> {
    let mut l = r.clone();
    let mut out = Changes { buf: cur, n: 0 };
    let res = if l.lsb_first() {
        decode_1d::<true, FAST>(&mut l, &mut out, w, row)
    } else {
        decode_1d::<false, FAST>(&mut l, &mut out, w, row)
    };
    match res {
        Err(e) if is_room(&e) => Err(e),
        res => {
            *r = l;
            res.map(|()| out.n)
        }
    }
}

/// One 2-D row, as [`row_1d`].
#[inline(never)]
pub(super) fn row_2d<const FAST: bool>(
    r: &mut BitReader<'_>,
    cur: &mut [u32],
    refline: &[u32],
    w: u32,
    row: u32,
) -> Result<usize, Error> {
    let mut l = r.clone();
    let mut out = Changes { buf: cur, n: 0 };
    let res = if l.lsb_first() {
        decode_2d::<true, FAST>(&mut l, &mut out, refline, w, row)
    } else {
        decode_2d::<false, FAST>(&mut l, &mut out, refline, w, row)
    };
    match res {
        Err(e) if is_room(&e) => Err(e),
        res => {
            *r = l;
            res.map(|()| out.n)
        }
    }
}

/// A 2-D (MR or MMR) row against the reference row's changing elements.
#[inline(always)]
pub(super) fn decode_2d<const LSB: bool, const FAST: bool>(
    r: &mut BitReader<'_>,
    cur: &mut Changes<'_>,
    refline: &[u32],
    w: u32,
    row: u32,
) -> Result<(), Error> {
    let w64 = i64::from(w);
    let mut a0: i64 = -1;
    // Index into `refline` of the next candidate for b1. Its parity is
    // the colour of a0 (0 white, 1 black) throughout: b1 is a change to
    // the opposite colour, and such changes sit at even indices (white
    // to black) or odd ones (black to white).
    let mut bi = 0usize;
    loop {
        // b1: first reference change right of a0 of the opposite colour
        // (the two `w` sentinels end the search).
        let b1 = loop {
            match refline.get(bi) {
                Some(&b1) if i64::from(b1) <= a0 => bi += 2,
                Some(&b1) => break b1,
                None => break w,
            }
        };
        // Every code here takes at most 7 bits, 19 with a horizontal
        // mode's two short runs: top up only when fewer than 32 remain.
        if r.buffered() < 32 {
            r.refill_in::<LSB>();
        }
        // A run of V0 codes (one bit each) copies the next reference
        // changes as they are: take them all at once.
        if FAST && r.peek64() >> 62 == 3 && r.buffered() >= 2 {
            let ones = (!r.peek64()).leading_zeros().min(r.buffered()).min(63);
            let mut n = 0;
            while n < ones {
                let Some(&b) = refline.get(bi) else { break };
                if i64::from(b) <= a0 {
                    break;
                }
                cur.push(b)?;
                a0 = i64::from(b);
                bi += 1;
                n += 1;
                if b >= w {
                    break;
                }
            }
            r.consume(n);
            if a0 >= w64 {
                return Ok(());
            }
            if n > 0 {
                continue;
            }
        }
        let e = MODE_TABLE[r.peek(7) as usize];
        let len = u32::from(e >> 4);
        if len > r.buffered() {
            return Err(truncated(r, row));
        }
        let m = e & 0xF;
        if m >= M_V0 - 3 {
            r.consume(len);
            let a1 = i64::from(b1) + i64::from(m) - i64::from(M_V0);
            if a1 > w64 || a1 <= a0 {
                return Err(bad_run(r, row));
            }
            cur.push(a1 as u32)?;
            a0 = a1;
            // The colour flips: the parity of `bi` with it.
            bi = if bi == 0 { 1 } else { bi - 1 };
        } else if m == M_HORIZ {
            r.consume(len);
            let start = a0.max(0) as u32;
            let black = bi & 1 == 1;
            // Two short runs: one lookup (the refill above left at
            // least 57 bits unless the data ends).
            let e = if FAST && r.buffered() >= PAIR_BITS {
                let pairs = if black { &PAIR_BW } else { &PAIR_WB };
                u32::from(pairs[r.peek(PAIR_BITS) as usize])
            } else {
                0
            };
            let a1 = start + (e & 63);
            let a2 = a1 + ((e >> 6) & 63);
            let a2 = if e != 0 && a2 <= w {
                r.consume(e >> 12);
                cur.push(a1)?;
                a2
            } else {
                let (nr, a1, a2) = horizontal::<LSB>(r.clone(), black, start, w, row)?;
                *r = nr;
                cur.push(a1)?;
                a2
            };
            cur.push(a2)?;
            a0 = i64::from(a2);
        } else if m == M_PASS {
            r.consume(len);
            a0 = i64::from(refline.get(bi + 1).copied().unwrap_or(w));
            bi += 2;
        } else if m == M_EXT {
            let (nr, pos, tag) = extension_2d(r.clone(), cur, a0.max(0) as u32, w, row)?;
            *r = nr;
            // Coding resumes at the first pixel after the stretch, whose
            // colour the tag bit gave.
            a0 = i64::from(pos);
            bi = refline.partition_point(|&b| i64::from(b) <= a0);
            if (bi & 1 == 1) != tag {
                bi += 1;
            }
        } else {
            return Err(invalid(r.clone(), row));
        }
        if a0 >= w64 {
            return Ok(());
        }
    }
}

/// Horizontal mode's two runs, code by code (long runs, make-up codes,
/// the end of the data): the reader after them and a1, a2.
#[inline(never)]
#[allow(clippy::needless_pass_by_value)]
pub(super) fn horizontal<const LSB: bool>(
    mut r: BitReader<'_>,
    black: bool,
    start: u32,
    w: u32,
    row: u32,
) -> Result<(BitReader<'_>, u32, u32), Error> {
    let (r1, r2) = if black {
        (
            run_of::<true, LSB>(&mut r, w, row)?,
            run_of::<false, LSB>(&mut r, w, row)?,
        )
    } else {
        (
            run_of::<false, LSB>(&mut r, w, row)?,
            run_of::<true, LSB>(&mut r, w, row)?,
        )
    };
    let a1 = start + r1;
    let a2 = a1 + r2;
    if a2 > w {
        return Err(bad_run(&r, row));
    }
    Ok((r, a1, a2))
}

/// Takes the reader by value (a copy), so that the caller's reader is not
/// pinned to memory by this out-of-line call.
#[cold]
#[inline(never)]
#[allow(clippy::needless_pass_by_value)]
pub(super) fn invalid(r: BitReader<'_>, row: u32) -> Error {
    if r.available() == 0 || r.only_zeros_left() {
        return truncated(&r, row);
    }
    Error::InvalidCode {
        offset: r.offset(),
        row,
    }
}

#[inline(always)]
pub(super) fn truncated(r: &BitReader<'_>, row: u32) -> Error {
    Error::Truncated {
        offset: r.offset(),
        row,
    }
}

#[inline(always)]
pub(super) fn bad_run(r: &BitReader<'_>, row: u32) -> Error {
    Error::BadRun {
        offset: r.offset(),
        row,
    }
}
