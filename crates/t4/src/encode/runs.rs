//! Run-length code writing shared by the 1-D (MH) and 2-D coders.

use crate::bits::{BitWriter, PutBits};
use crate::tables::{makeup, BLACK_LEFT, BLACK_SPAN, LEFT_LEN, SPAN_MAX, WHITE_LEFT, WHITE_SPAN};

/// Longest code (make-up + terminating) of a run below [`SPAN_MAX`].
const RUN_CODE_MAX: u64 = 25;

/// Bits the make-up codes of 2560 that runs summing to `width` pixels
/// need beyond the joined codes, at most (each is 12 bits).
#[inline]
pub(super) fn extra_makeup_bits(width: u32) -> u64 {
    u64::from(width / 2560 + 1) * 2 * 12
}

/// Bits an MH row with `changes` changing elements takes at most: one run
/// code per run (`changes + 1` runs) plus make-up codes of 2560.
#[inline]
pub(super) fn mh_row_bits(changes: usize, width: u32) -> u64 {
    (changes as u64 + 1) * RUN_CODE_MAX + extra_makeup_bits(width) + 64
}

/// The joined make-up + terminating code of a run below [`SPAN_MAX`] as
/// `(bits, len)`, len ≤ 25 (a longer run is clamped; callers never ask).
#[inline(always)]
pub(super) fn code_of(run: u32, black: bool) -> (u64, u32) {
    let t = if black { &BLACK_SPAN } else { &WHITE_SPAN };
    let e = t[(run as usize).min(SPAN_MAX - 1)];
    (u64::from(e & 0x01FF_FFFF), e >> 25)
}

/// Codes one run of any length: make-up codes of 2560 while needed, then
/// one joined make-up + terminating code.
#[inline]
pub(super) fn span(w: &mut impl PutBits, run: u32, black: bool) {
    let c = span_code(w, run, black);
    w.put(c.0, c.1);
}

/// Writes the make-up codes of 2560 a run of `run` pixels needs beyond
/// the joined table, and returns the joined make-up + terminating code
/// for the rest as `(bits, len)` (len ≤ 25) for the caller to write.
#[inline(always)]
pub(super) fn span_code(w: &mut impl PutBits, mut run: u32, black: bool) -> (u64, u32) {
    while run as usize >= SPAN_MAX {
        let c = makeup(black, 2560);
        w.put(u64::from(c.0), u32::from(c.1));
        run -= 2560;
    }
    code_of(run, black)
}

/// Writes a pending code `first` (≤ 31 bits, from [`span_code`]) and then
/// a run's code, in one write unless the run needs extra make-up codes.
#[inline(always)]
pub(super) fn span_pair(w: &mut impl PutBits, first: (u64, u32), run: u32, black: bool) {
    if run as usize >= SPAN_MAX {
        w.put(first.0, first.1);
        span(w, run, black);
        return;
    }
    let c = code_of(run, black);
    // first.1 + c.1 ≤ 31 + 25 = 56.
    w.put(first.0 << c.1 | c.0, first.1 + c.1);
}

/// Codes a white run and the black run after it, in one write when both
/// are below [`SPAN_MAX`]. `LONG = false` promises that they are (any row
/// narrower than [`SPAN_MAX`]).
#[inline(always)]
fn white_black<const LONG: bool>(w: &mut impl PutBits, white: u32, black: u32) {
    if !LONG || ((white as usize) < SPAN_MAX && (black as usize) < SPAN_MAX) {
        // Masking the index is free of a bounds check and, for runs
        // below SPAN_MAX, exact.
        let a = WHITE_LEFT[white as usize & (LEFT_LEN - 1)];
        let b = BLACK_LEFT[black as usize & (LEFT_LEN - 1)];
        let (la, lb) = ((a & 63) as u32, (b & 63) as u32);
        // ≤ 20 + 25 bits, left-aligned.
        w.put_left((a & !63) | ((b & !63) >> la), la + lb);
    } else {
        span(w, white, false);
        span(w, black, true);
    }
}

/// Codes one row in MH (the T.4 1-D coding; no EOL) from its changing
/// elements (`changes`, increasing, all below `width`): white and black
/// runs alternate, starting with white (possibly of length zero); a row
/// ending in black has no final white run.
pub(super) fn mh_row(changes: &[u32], width: u32, out: &mut BitWriter) {
    let bound = mh_row_bits(changes.len(), width);
    let done = if (width as usize) < SPAN_MAX {
        out.with_sink(bound, |s| mh_pairs::<false>(changes, width, s))
    } else {
        out.with_sink(bound, |s| mh_pairs::<true>(changes, width, s))
    };
    if done.is_none() {
        // Not reached (the bound holds); the growing writer is the
        // fallback.
        mh_pairs::<true>(changes, width, out);
    }
}

#[inline(always)]
fn mh_pairs<const LONG: bool>(changes: &[u32], width: u32, w: &mut impl PutBits) {
    let mut a0 = 0u32;
    let mut pairs = changes.chunks_exact(2);
    for p in &mut pairs {
        if let [c1, c2] = *p {
            white_black::<LONG>(w, c1.wrapping_sub(a0), c2.wrapping_sub(c1));
            a0 = c2;
        }
    }
    match *pairs.remainder() {
        [c1] => white_black::<LONG>(w, c1.wrapping_sub(a0), width.wrapping_sub(c1)),
        _ => span(w, width.wrapping_sub(a0), false),
    }
}
