//! Encoders for T.4 MH and MR and T.6 MMR.
//!
//! How a row is coded, fastest path first:
//! - a row equal to the reference row in a 2-D row: one V0 per changing
//!   element, without a scan; an MH row equal to the previous one: a copy
//!   of that row's bits ([`BitWriter::copy_bits`]);
//! - otherwise the row's changing elements are listed 64 pixels at a time
//!   ([`scan`]), and the list is coded: MH as white/black run pairs, one
//!   write per pair ([`runs`]), 2-D rows by a `u32` loop that writes each
//!   mode code (with both runs, for horizontal mode) in one write
//!   ([`two_d`]). Both write into a row-sized sink whose state stays in
//!   registers; rows narrower than 2624 pixels, whose runs never need
//!   extra make-up codes, take a loop without that check;
//! - uncompressed mode (rarely asked for) takes the general coder.

mod runs;
mod scan;
mod two_d;

use crate::bits::{BitOrder, BitWriter};
use crate::tables::{Code, EOL, HORIZ, PASS, SPAN_MAX, UNCOMP_1D, UNCOMP_2D, VERT};
use runs::{mh_row, span, span_code, span_pair};
use scan::{scan_len, scan_row};

/// When the encoder uses the T.4/T.6 uncompressed mode (the optional
/// extension that codes pixels one by one; `T4Options`/`T6Options` bit 1
/// in TIFF). Few decoders read it (libtiff and spandsp do not), so it is
/// off by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Uncompressed {
    /// Never: only run-length and 2-D codes.
    #[default]
    Off,
    /// For stretches of short runs (halftone, noise): where three colour
    /// changes follow within 12 pixels, code pixels uncompressed up to the
    /// next run of 8 pixels or more (or the row end), then go back to
    /// normal coding.
    ShortRuns,
    /// Every row wholly in uncompressed mode.
    WholeRows,
}
use crate::{Bitmap, Coding, Error};

/// How to code a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodeOptions {
    /// MH, MR (with its K) or MMR.
    pub coding: Coding,
    /// Bit order of the output bytes.
    pub bit_order: BitOrder,
    /// Write an EOL before every row (MH and MR; T.4 requires it on a fax
    /// line and TIFF Class F expects it). Ignored for MMR.
    pub eol: bool,
    /// Pad with zero fill bits so that every EOL ends on a byte boundary
    /// (TIFF `T4Options` bit 2, `tiffcp -c g3:fill`).
    pub align_eol: bool,
    /// End with RTC (six EOLs, MH and MR) or EOFB (MMR).
    pub rtc: bool,
    /// Minimum bits per coded row, EOL included (T.30 minimum scan-line
    /// time); rows are padded with fill bits before the next EOL. Only used
    /// with `eol`.
    pub min_row_bits: u32,
    /// Start every row on a byte boundary without EOLs (TIFF compression 2).
    pub byte_aligned_rows: bool,
    /// Use of the uncompressed-mode extension.
    pub uncompressed: Uncompressed,
}

impl EncodeOptions {
    /// The layout libtiff writes into TIFF: MH/MR with an EOL before each
    /// row and no RTC; MMR with EOFB.
    pub fn new(coding: Coding) -> Self {
        Self {
            coding,
            bit_order: BitOrder::MsbFirst,
            eol: true,
            align_eol: false,
            rtc: coding == Coding::Mmr,
            min_row_bits: 0,
            byte_aligned_rows: false,
            uncompressed: Uncompressed::Off,
        }
    }
}

/// Row-at-a-time encoder.
///
/// ```
/// use missive_t4::{Coding, EncodeOptions, Encoder};
/// let mut enc = Encoder::new(1728, EncodeOptions::new(Coding::Mr { k: 4 })).unwrap();
/// for _ in 0..10 {
///     enc.push_row(&[0u8; 216]).unwrap();
/// }
/// let coded = enc.finish();
/// assert!(!coded.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    opts: EncodeOptions,
    width: u32,
    w: BitWriter,
    /// The reference row's changing elements, then two `width`
    /// sentinels, in the first `nref + 2` entries (`scan_len(width)` long).
    refline: Vec<u32>,
    nref: usize,
    /// The same for the row being coded.
    cur: Vec<u32>,
    ncur: usize,
    /// 2-D rows left before the next 1-D row (MR).
    k_left: u32,
    /// Bit position where the previous row's EOL started.
    row_start: Option<u64>,
    /// The previous row's bytes, padding cleared.
    prev: Vec<u8>,
    /// MH: where the coding of the row in `prev` (EOL excluded) lies in
    /// the output, once a row was coded, for replaying it.
    mh_last: Option<(u64, u64)>,
}

impl Encoder {
    /// An encoder for rows `width` pixels wide (1..=65535).
    ///
    /// # Errors
    /// [`Error::Width`] for a width outside 1..=65535.
    pub fn new(width: u32, opts: EncodeOptions) -> Result<Self, Error> {
        if width == 0 || width > 65535 {
            return Err(Error::Width(width));
        }
        Ok(Self {
            opts,
            width,
            w: BitWriter::new(),
            // The imaginary white row before the first: no changes.
            refline: vec![width; scan_len(width)],
            nref: 0,
            cur: vec![width; scan_len(width)],
            ncur: 0,
            k_left: 0,
            row_start: None,
            // The imaginary white row before the first.
            prev: vec![0; width.div_ceil(8) as usize],
            mh_last: None,
        })
    }

    /// Codes one packed row (at least `width.div_ceil(8)` bytes, 1 = black;
    /// bits past the width are ignored).
    ///
    /// # Errors
    /// [`Error::Width`] when `row` is shorter than the width needs.
    pub fn push_row(&mut self, row: &[u8]) -> Result<(), Error> {
        let stride = self.width.div_ceil(8) as usize;
        let Some(row) = row.get(..stride) else {
            return Err(Error::Width(row.len() as u32));
        };
        let plain = self.opts.uncompressed == Uncompressed::Off;
        let two_d = match self.opts.coding {
            Coding::Mh => false,
            Coding::Mr { .. } => self.k_left > 0,
            Coding::Mmr => true,
        };
        if plain && two_d && rows_equal(row, &self.prev, self.width) {
            // The same pixels as the reference row: one V0 per changing
            // element and one for the row end, no scan needed. (The 2-D
            // algorithm picks exactly these codes when the rows agree.)
            if let Coding::Mr { .. } = self.opts.coding {
                self.eol(Some(false));
                self.k_left -= 1;
            }
            let ones = self.nref as u64 + 1;
            self.w.reserve_bits(ones);
            let mut left = ones;
            while left > 0 {
                let k = left.min(u64::from(crate::bits::PUT_MAX)) as u32;
                self.w.put(u64::MAX >> (64 - k), k);
                left -= u64::from(k);
            }
            if self.opts.byte_aligned_rows {
                self.w.align();
            }
            return Ok(());
        }
        if two_d || matches!(self.opts.coding, Coding::Mr { .. }) {
            // Keep the row for the comparison above (padding bits cleared).
            self.prev.clear();
            self.prev.extend_from_slice(row);
            if let Some(last) = self.prev.last_mut() {
                *last &= last_byte_mask(self.width);
            }
        }
        if self.opts.coding == Coding::Mh && plain {
            self.eol(None);
            let start = self.w.bit_len();
            match self.mh_last {
                // The same row again: copy its bits.
                Some((from, to)) if rows_equal(row, &self.prev, self.width) => {
                    self.w.copy_bits(from, to);
                }
                _ => {
                    self.ncur = scan_row(row, self.width, &mut self.cur);
                    let changes = self.cur.get(..self.ncur).unwrap_or_default();
                    mh_row(changes, self.width, &mut self.w);
                    self.prev.clear();
                    self.prev.extend_from_slice(row);
                    if let Some(last) = self.prev.last_mut() {
                        *last &= last_byte_mask(self.width);
                    }
                }
            }
            self.mh_last = Some((start, self.w.bit_len()));
            if self.opts.byte_aligned_rows {
                self.w.align();
            }
            return Ok(());
        }
        self.ncur = scan_row(row, self.width, &mut self.cur);
        match self.opts.coding {
            Coding::Mh => {
                self.eol(None);
                self.encode_1d();
            }
            Coding::Mr { k } => {
                let one_d = self.k_left == 0;
                self.eol(Some(one_d));
                if one_d {
                    self.encode_1d();
                    self.k_left = k.max(1) - 1;
                } else {
                    self.encode_2d();
                    self.k_left -= 1;
                }
            }
            Coding::Mmr => self.encode_2d(),
        }
        if self.opts.byte_aligned_rows {
            self.w.align();
        }
        std::mem::swap(&mut self.cur, &mut self.refline);
        self.nref = self.ncur;
        Ok(())
    }

    /// The current row's changing elements and the two sentinels.
    #[inline(always)]
    fn cur(&self) -> &[u32] {
        self.cur.get(..self.ncur + 2).unwrap_or_default()
    }

    /// The reference row's changing elements and the two sentinels.
    #[inline(always)]
    fn refline(&self) -> &[u32] {
        self.refline.get(..self.nref + 2).unwrap_or_default()
    }

    /// Ends the page (RTC or EOFB when asked) and returns the coded bytes.
    pub fn finish(mut self) -> Vec<u8> {
        if self.opts.rtc {
            match self.opts.coding {
                Coding::Mmr => {
                    self.put(EOL);
                    self.put(EOL);
                }
                Coding::Mh | Coding::Mr { .. } => {
                    self.pad_row();
                    if self.opts.align_eol {
                        self.align_for_eol();
                    }
                    for _ in 0..6 {
                        self.put(EOL);
                        if matches!(self.opts.coding, Coding::Mr { .. }) {
                            self.w.put(1, 1);
                        }
                    }
                }
            }
        }
        self.w.finish(self.opts.bit_order)
    }

    #[inline(always)]
    fn put(&mut self, c: Code) {
        self.w.put(u64::from(c.0), u32::from(c.1));
    }

    fn pad_row(&mut self) {
        if let Some(start) = self.row_start {
            let used = self.w.bit_len() - start;
            let min = u64::from(self.opts.min_row_bits);
            if used < min {
                self.w.zeros(min - used);
            }
        }
    }

    fn align_for_eol(&mut self) {
        let p = self.w.bit_len();
        let pad = (8 - (p + 12) % 8) % 8;
        self.w.zeros(pad);
    }

    /// EOL (with fill and MR tag bit) before a row.
    fn eol(&mut self, tag_one_d: Option<bool>) {
        if self.opts.eol && !self.opts.byte_aligned_rows {
            self.pad_row();
            if self.opts.align_eol {
                self.align_for_eol();
            }
            self.row_start = Some(self.w.bit_len());
            self.put(EOL);
        }
        if let Some(one_d) = tag_one_d {
            self.w.put(u64::from(one_d), 1);
        }
    }

    /// The position where an uncompressed stretch starting at `p` (the
    /// start of the run ending at `cur[i]`) should end, if one should
    /// start there.
    fn uncompressed_until(&self, p: u32, i: usize) -> Option<u32> {
        let w = self.width;
        match self.opts.uncompressed {
            Uncompressed::Off => None,
            Uncompressed::WholeRows => (p == 0).then_some(w),
            Uncompressed::ShortRuns => {
                let third = *self.cur().get(i + 2)?;
                if third >= w || third - p >= 12 || self.cur().get(i).is_some_and(|&c| c - p >= 8) {
                    return None;
                }
                // Up to the start of the next run of 8 pixels or more.
                let mut j = i + 2;
                loop {
                    let c = self.cur().get(j).copied().unwrap_or(w);
                    let next = self.cur().get(j + 1).copied().unwrap_or(w);
                    if c >= w {
                        return Some(w);
                    }
                    if next - c >= 8 {
                        return Some(c);
                    }
                    j += 1;
                }
            }
        }
    }

    /// Codes pixels `from..to` in uncompressed mode (after the extension
    /// code, which the caller wrote) and the exit code whose tag bit gives
    /// the colour of pixel `to`.
    fn put_uncompressed(&self, out: &mut BitWriter, from: u32, to: u32) {
        let w = self.width;
        let mut i = self.cur().partition_point(|&c| c <= from);
        let mut black = i % 2 == 1;
        let mut x = from;
        let mut whites = 0u32;
        while x < to {
            let next = self.cur().get(i).copied().unwrap_or(w).min(to);
            if black {
                for _ in x..next {
                    while whites >= 5 {
                        out.put(0b00_0001, 6);
                        whites -= 5;
                    }
                    out.put(1, whites + 1);
                    whites = 0;
                }
            } else {
                whites += next - x;
            }
            x = next;
            i += 1;
            black = !black;
        }
        while whites > 4 {
            out.put(0b00_0001, 6);
            whites -= 5;
        }
        // The colour of pixel `to` (white past the row end).
        let tag = to < w && self.cur().partition_point(|&c| c <= to) % 2 == 1;
        out.put(0b10 | u64::from(tag), whites + 8);
    }

    fn encode_1d(&mut self) {
        let w = self.width;
        if self.opts.uncompressed == Uncompressed::Off {
            let changes = self.cur.get(..self.ncur).unwrap_or_default();
            mh_row(changes, w, &mut self.w);
            return;
        }
        let mut prev = 0u32;
        let mut black = false;
        let mut i = 0;
        loop {
            if let Some(to) = self.uncompressed_until(prev, i) {
                self.put(UNCOMP_1D);
                let mut out = std::mem::replace(&mut self.w, BitWriter::new());
                self.put_uncompressed(&mut out, prev, to);
                self.w = out;
                if to >= w {
                    return;
                }
                prev = to;
                i = self.cur().partition_point(|&c| c <= to);
                black = i % 2 == 1;
                continue;
            }
            let Some(&c) = self.cur().get(i) else { break };
            if c >= w {
                break;
            }
            span(&mut self.w, c - prev, black);
            prev = c;
            black = !black;
            i += 1;
        }
        span(&mut self.w, w - prev, black);
    }

    fn encode_2d(&mut self) {
        // The writer lives in a local while the row codes, so that its
        // state stays in registers.
        if self.opts.uncompressed == Uncompressed::Off {
            let cur = self.cur.get(..self.ncur + 2).unwrap_or_default();
            let refline = self.refline.get(..self.nref + 2).unwrap_or_default();
            two_d::row(cur, refline, self.width, &mut self.w);
            return;
        }
        let mut out = std::mem::replace(&mut self.w, BitWriter::new());
        out.reserve_bits(two_d::row_bits(self.ncur, self.nref, self.width));
        self.code_2d(&mut out);
        self.w = out;
    }

    /// The 2-D coder with uncompressed mode (see [`two_d`] for the plain
    /// one).
    fn code_2d(&self, out: &mut BitWriter) {
        let w = self.width;
        let (cur, refline) = (self.cur(), self.refline());
        let put = |out: &mut BitWriter, c: Code| out.put(u64::from(c.0), u32::from(c.1));
        let mut a0: i64 = -1;
        let mut color = 0usize;
        let mut ai = 0usize;
        let mut bi = 0usize;
        loop {
            {
                let p = a0.max(0) as u32;
                if let Some(to) = self.uncompressed_until(p, ai) {
                    put(out, UNCOMP_2D);
                    self.put_uncompressed(out, p, to);
                    if to >= w {
                        break;
                    }
                    a0 = i64::from(to);
                    ai = cur.partition_point(|&c| c <= to);
                    color = ai % 2;
                    bi = refline.partition_point(|&b| i64::from(b) <= a0);
                }
            }
            let a1 = cur.get(ai).copied().unwrap_or(w);
            if bi & 1 != color {
                bi += 1;
            }
            let (b1, b2) = loop {
                match refline.get(bi..bi + 2) {
                    Some(&[b1, b2]) => {
                        if i64::from(b1) > a0 {
                            break (b1, b2);
                        }
                        bi += 2;
                    }
                    _ => break (w, w),
                }
            };
            if b2 < a1 {
                put(out, PASS);
                a0 = i64::from(b2);
                bi += 2;
            } else {
                let d = i64::from(a1) - i64::from(b1);
                if (-3..=3).contains(&d) {
                    put(out, VERT[(d + 3) as usize]);
                    a0 = i64::from(a1);
                    color ^= 1;
                    ai += 1;
                    bi = bi.saturating_sub(1);
                } else {
                    let a2 = cur.get(ai + 1).copied().unwrap_or(w);
                    let r1 = a1 - (a0.max(0) as u32);
                    // The horizontal mode code joins the first run's code
                    // (at most 25 bits) unless make-up codes of 2560 must
                    // follow it.
                    let first = if (r1 as usize) < SPAN_MAX {
                        let c = span_code(out, r1, color == 1);
                        (u64::from(HORIZ.0) << c.1 | c.0, c.1 + 3)
                    } else {
                        put(out, HORIZ);
                        span_code(out, r1, color == 1)
                    };
                    span_pair(out, first, a2 - a1, color == 0);
                    a0 = i64::from(a2);
                    ai += 2;
                }
            }
            if a0 >= i64::from(w) {
                break;
            }
        }
    }
}

/// Appends the changing elements of a packed row (positions where the
/// colour differs from the pixel before; the pixel before the row is
/// white) to `out`.
///
/// Works on 64-pixel words: `w ^ (w >> 1 | carry)` marks every change, and
/// each change costs one `trailing_zeros` and a bit clear.
pub fn row_changes(row: &[u8], width: u32, out: &mut Vec<u32>) {
    let start = out.len();
    out.resize(start + scan_len(width), 0);
    let n = out.get_mut(start..).map_or(0, |o| scan_row(row, width, o));
    out.truncate(start + n);
}

/// Mask of the pixels of the last byte of a row that lie inside `width`.
#[inline]
fn last_byte_mask(width: u32) -> u8 {
    0xFFu8 << ((8 - width % 8) % 8)
}

/// True when `row` and `prev` (padding cleared) hold the same pixels.
#[inline]
fn rows_equal(row: &[u8], prev: &[u8], width: u32) -> bool {
    match (row.split_last(), prev.split_last()) {
        (Some((a, ra)), Some((b, rb))) => ra == rb && (a & last_byte_mask(width)) == *b,
        _ => false,
    }
}

/// Encodes a whole bitmap.
///
/// ```
/// use missive_t4::{decode, encode, Bitmap, Coding, DecodeOptions, EncodeOptions};
/// let mut page = Bitmap::new(100, 2).unwrap();
/// page.row_mut(0).unwrap()[3] = 0xFF;
/// let coded = encode(&page, &EncodeOptions::new(Coding::Mr { k: 2 })).unwrap();
/// assert_eq!(decode(&coded, &DecodeOptions::new(Coding::Mr { k: 2 }, 100)).unwrap(), page);
/// ```
///
/// # Errors
/// [`Error::Width`] for a bad width.
pub fn encode(page: &Bitmap, opts: &EncodeOptions) -> Result<Vec<u8>, Error> {
    let mut enc = Encoder::new(page.width, *opts)?;
    for row in page.rows() {
        enc.push_row(row)?;
    }
    Ok(enc.finish())
}

#[cfg(test)]
mod fast_path_tests {
    //! The row coders against straightforward ones: the 2-D coder against
    //! the general one (the one uncompressed mode uses), MH against one
    //! run code per run, each for narrow rows (no run can need extra
    //! make-up codes) and wide ones.
    use super::*;
    use proptest::prelude::*;

    /// A random row: runs drawn with mean `mean` (some longer than 2560
    /// when `width` allows).
    fn row(width: u32, seed: u64, mean: u32) -> Vec<u8> {
        let mut s = seed | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut r = vec![0u8; width.div_ceil(8) as usize];
        let (mut x, mut black) = (0u32, next() % 2 == 0);
        while x < width {
            let run = if next() % 50 == 0 {
                (next() % 6000) as u32
            } else {
                (next() % u64::from(2 * mean)) as u32
            };
            for p in x..(x + run).min(width) {
                if black {
                    r[(p / 8) as usize] |= 0x80 >> (p % 8);
                }
            }
            x = x.saturating_add(run.max(1));
            black = !black;
        }
        // Padding bits set, to be ignored.
        if let Some(last) = r.last_mut() {
            *last |= !last_byte_mask(width);
        }
        r
    }

    fn bits(w: BitWriter) -> (u64, Vec<u8>) {
        (w.bit_len(), w.finish(BitOrder::MsbFirst))
    }

    /// MH the plain way: each run's code on its own.
    fn mh_reference(changes: &[u32], width: u32) -> BitWriter {
        let mut w = BitWriter::new();
        let (mut prev, mut black) = (0u32, false);
        for &c in changes {
            span(&mut w, c - prev, black);
            prev = c;
            black = !black;
        }
        if !black || changes.is_empty() {
            span(&mut w, width - prev, black);
        } else {
            span(&mut w, width - prev, true);
        }
        w
    }

    fn check(width: u32, seeds: (u64, u64), means: (u32, u32), lead: u32) {
        let (a, b) = (row(width, seeds.0, means.0), row(width, seeds.1, means.1));
        check_rows(width, &a, &b, lead);
        // The second row as the first with a few pixels flipped: long
        // stretches of equal changes (runs of V0) between differences.
        let mut c = a.clone();
        let mut s = seeds.1 | 1;
        for _ in 0..(seeds.1 % 6) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = (s % u64::from(width)) as u32;
            c[(x / 8) as usize] ^= 0x80 >> (x % 8);
        }
        check_rows(width, &a, &c, lead);
        check_rows(width, &a, &a, lead);
    }

    fn check_rows(width: u32, a: &[u8], b: &[u8], lead: u32) {
        let mut opts = EncodeOptions::new(Coding::Mmr);
        opts.uncompressed = Uncompressed::Off;
        let mut enc = Encoder::new(width, opts).unwrap();
        enc.nref = scan_row(a, width, &mut enc.refline);
        enc.ncur = scan_row(b, width, &mut enc.cur);
        // 2-D: the fast coder and the general one.
        let mut fast = BitWriter::new();
        let mut general = BitWriter::new();
        fast.put(0, lead);
        general.put(0, lead);
        two_d::row(enc.cur(), enc.refline(), width, &mut fast);
        enc.code_2d(&mut general);
        assert_eq!(bits(fast), bits(general), "2-D, width {width}");
        // MH: pairs against one code per run.
        let changes = enc.cur.get(..enc.ncur).unwrap();
        let mut fast = BitWriter::new();
        fast.put(0, lead);
        mh_row(changes, width, &mut fast);
        let mut plain = BitWriter::new();
        plain.put(0, lead);
        let r = mh_reference(changes, width);
        let n = r.bit_len();
        plain.copy_bits(0, 0);
        let bytes = r.finish(BitOrder::MsbFirst);
        for i in 0..n {
            plain.put(u64::from(bytes[(i / 8) as usize] >> (7 - i % 8) & 1), 1);
        }
        assert_eq!(bits(fast), bits(plain), "MH, width {width}");
    }

    #[test]
    fn blank_black_and_single_pixel_rows() {
        for width in [1u32, 2, 7, 8, 63, 64, 65, 1728, 2623, 2624, 2625, 6000] {
            for (s0, s1) in [(0u64, 0u64), (1, 2)] {
                for lead in [0u32, 3] {
                    check(width, (s0, s1), (1, 3), lead);
                    check(width, (s0, s1), (5000, 5000), lead);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn fast_coders_match_the_plain_ones(
            width in prop_oneof![1u32..300, 1700u32..2700, 2600u32..9000],
            s0: u64, s1: u64,
            m0 in 1u32..200, m1 in 1u32..200,
            lead in 0u32..8,
        ) {
            check(width, (s0, s1), (m0, m1), lead);
        }
    }
}
