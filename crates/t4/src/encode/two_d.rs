//! The 2-D (MR 2-D rows and MMR) row coder, without uncompressed mode.

use super::runs::{extra_makeup_bits, span, span_code};
use crate::bits::{BitWriter, PutBits};
use crate::tables::{Code, BLACK_LEFT, HORIZ, LEFT_LEN, PASS, SPAN_MAX, VERT, WHITE_LEFT};

/// `c` left-aligned with its length in the low 6 bits (as in
/// [`WHITE_LEFT`]).
const fn left(c: Code) -> u64 {
    (c.0 as u64) << (64 - c.1 as u32) | c.1 as u64
}

/// The vertical mode codes V(-3)..V(3), left-aligned.
const VERT_LEFT: [u64; 8] = [
    left(VERT[0]),
    left(VERT[1]),
    left(VERT[2]),
    left(VERT[3]),
    left(VERT[4]),
    left(VERT[5]),
    left(VERT[6]),
    0,
];

/// Bits a 2-D row takes at most: every code is at most 56 bits (the
/// horizontal mode code with two runs: 3 + 25 + 25) and consumes a
/// changing element of the row (vertical, horizontal) or two of the
/// reference row (pass), plus make-up codes of 2560.
#[inline]
pub(super) fn row_bits(cur_changes: usize, ref_changes: usize, width: u32) -> u64 {
    (cur_changes + ref_changes + 4) as u64 * 56 + extra_makeup_bits(width) + 64
}

/// Codes one row in 2-D mode (T.4 §4.2.1.3, T.6): `cur` and `refline` are
/// the changing elements of the row and of the reference row, each
/// followed by two sentinels equal to `width`.
pub(super) fn row(cur: &[u32], refline: &[u32], width: u32, out: &mut BitWriter) {
    let bound = row_bits(cur.len(), refline.len(), width);
    let done = if (width as usize) < SPAN_MAX {
        out.with_sink(bound, |s| code::<false>(cur, refline, width, s))
    } else {
        out.with_sink(bound, |s| code::<true>(cur, refline, width, s))
    };
    if done.is_none() {
        // Not reached (the bound holds); the growing writer is the
        // fallback.
        code::<true>(cur, refline, width, out);
    }
}

/// The coding loop. Positions are `u32`; `a0p` is a0 + 1, so that the
/// imaginary a0 = -1 before the row is 0 and "b1 > a0" is `b1 >= a0p`.
/// `LONG = false` promises that no run reaches [`SPAN_MAX`] (rows
/// narrower than that).
#[inline(always)]
fn code<const LONG: bool>(cur: &[u32], refline: &[u32], w: u32, out: &mut impl PutBits) {
    let at = |list: &[u32], i: usize| list.get(i).copied().unwrap_or(w);
    let mut a0p = 0u32;
    // Colour of a0 (0 white, 1 black) = parity of the next change of the
    // row (`ai`); b1 is a reference change of the other colour, i.e. at
    // an index of the same parity as `ai`.
    let mut ai = 0usize;
    let mut bi = 0usize;
    loop {
        let a1 = at(cur, ai);
        bi += (bi ^ ai) & 1;
        let mut b1 = at(refline, bi);
        while b1 < a0p {
            bi += 2;
            b1 = at(refline, bi);
        }
        let b2 = at(refline, bi + 1);
        if b2 < a1 {
            out.put_left(left(PASS) & !63, u32::from(PASS.1));
            a0p = b2 + 1;
            bi += 2;
        } else {
            let d = a1.wrapping_sub(b1).wrapping_add(3);
            if d <= 6 {
                let v = VERT_LEFT[(d & 7) as usize];
                out.put_left(v & !63, (v & 63) as u32);
                a0p = a1 + 1;
                ai += 1;
                bi = bi.saturating_sub(1);
            } else {
                let a0 = a0p.saturating_sub(1);
                let a2 = at(cur, ai + 1);
                horizontal::<LONG>(out, a1.wrapping_sub(a0), a2.wrapping_sub(a1), ai & 1 == 1);
                a0p = a2 + 1;
                ai += 2;
            }
        }
        if a0p > w {
            return;
        }
    }
}

/// The horizontal mode code and runs `r1` (of a0's colour, black when
/// `black`) and `r2`, in one write when both are below [`SPAN_MAX`].
#[inline(always)]
fn horizontal<const LONG: bool>(out: &mut impl PutBits, r1: u32, r2: u32, black: bool) {
    if !LONG || ((r1 as usize) < SPAN_MAX && (r2 as usize) < SPAN_MAX) {
        let (t1, t2) = if black {
            (&BLACK_LEFT, &WHITE_LEFT)
        } else {
            (&WHITE_LEFT, &BLACK_LEFT)
        };
        let a = t1[r1 as usize & (LEFT_LEN - 1)];
        let b = t2[r2 as usize & (LEFT_LEN - 1)];
        let (la, lb) = ((a & 63) as u32, (b & 63) as u32);
        let code = (left(HORIZ) & !63) | ((a & !63) >> 3) | ((b & !63) >> (3 + la));
        // 3 + 25 + 25 bits at most.
        out.put_left(code, 3 + la + lb);
    } else {
        out.put(u64::from(HORIZ.0), u32::from(HORIZ.1));
        let c = span_code(out, r1, black);
        out.put(c.0, c.1);
        span(out, r2, !black);
    }
}
