//! Streaming decoders for T.4 MH and MR and T.6 MMR.

use crate::bits::{BitOrder, BitReader};
use crate::tables::{
    BLACK_BITS, BLACK_TABLE, MODE_TABLE, M_EXT, M_HORIZ, M_PASS, M_V0, PAIR_BITS, PAIR_BW, PAIR_WB,
    RUN_EXT, UNCOMP_1D, UNCOMP_2D, WHITE_BITS, WHITE_TABLE,
};
use crate::{Bitmap, Coding, Error};

/// What to do with a row that does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorMode {
    /// Stop with an error carrying the bit offset.
    #[default]
    Strict,
    /// Do what a fax receiver does: skip to the next EOL, repeat the
    /// previous good row in place of the bad one, and count it (see
    /// [`DecodeStats`]). MMR has no EOL to resynchronise on, so a bad MMR
    /// row ends the page there (the rest of the page is counted as bad when
    /// the expected row count is known).
    Tolerant,
}

/// Limits that bound the work and memory any input can demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted row width in pixels (at most 65535).
    pub max_width: u32,
    /// Largest number of rows decoded from one stream.
    pub max_rows: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_width: 65535,
            max_rows: 65536,
        }
    }
}

/// How a coded stream is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// The coding scheme (MR's `k` is ignored: the tag bit after each EOL
    /// says whether a row is 1-D or 2-D).
    pub coding: Coding,
    /// Pixels per row, 1..=65535.
    pub width: u32,
    /// Bit order of the bytes.
    pub bit_order: BitOrder,
    /// Rows start on byte boundaries (TIFF compression 2, "CCITT RLE",
    /// or T.4 options with byte-aligned rows).
    pub byte_aligned_rows: bool,
    /// Number of rows expected (TIFF `ImageLength`/`RowsPerStrip`); `None`
    /// decodes until RTC, EOFB or the end of the data.
    pub rows: Option<u32>,
    /// Strict or tolerant handling of bad rows.
    pub error_mode: ErrorMode,
    /// Work and memory bounds.
    pub limits: Limits,
}

impl DecodeOptions {
    /// Options for `coding` at `width`, MSB-first, strict, until the end.
    pub fn new(coding: Coding, width: u32) -> Self {
        Self {
            coding,
            width,
            bit_order: BitOrder::MsbFirst,
            byte_aligned_rows: false,
            rows: None,
            error_mode: ErrorMode::Strict,
            limits: Limits::default(),
        }
    }
}

/// Counts a fax receiver needs to judge page quality (T.30 RTN decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecodeStats {
    /// Rows produced (good and repeated).
    pub rows: u32,
    /// Rows that did not decode and were replaced by the previous row.
    pub bad_rows: u32,
    /// Longest run of consecutive bad rows.
    pub longest_bad_run: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    End,
    OneD,
    TwoD,
}

/// Streaming decoder: one row per [`Decoder::next_row`] call, so a long
/// document never needs to sit in memory whole.
///
/// ```
/// use missive_t4::{encode, Bitmap, Coding, DecodeOptions, Decoder, EncodeOptions};
/// let mut page = Bitmap::new(20, 3).unwrap();
/// page.row_mut(1).unwrap()[0] = 0xF0; // four black pixels on row 1
/// let coded = encode(&page, &EncodeOptions::new(Coding::Mmr)).unwrap();
/// let mut dec = Decoder::new(&coded, DecodeOptions::new(Coding::Mmr, 20)).unwrap();
/// let mut rows = 0;
/// while let Some(row) = dec.next_row().unwrap() {
///     assert_eq!(row, page.row(rows).unwrap());
///     rows += 1;
/// }
/// assert_eq!(rows, 3);
/// assert_eq!(dec.stats().rows, 3);
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    r: BitReader<'a>,
    opts: DecodeOptions,
    /// Reference row changing elements followed by two `width` sentinels
    /// (the first `ref_n`; the rest is room).
    refline: Vec<u32>,
    ref_n: usize,
    /// Room for the coding row's changing elements (see [`Changes`]).
    cur: Vec<u32>,
    row: Vec<u8>,
    /// `row` as 64-pixel words while it is painted.
    words: Vec<u64>,
    stats: DecodeStats,
    bad_run: u32,
    /// An EOL (and for MR its tag bit: `true` = 2-D row) was already
    /// consumed by resynchronisation.
    pending: Option<bool>,
    done: bool,
    /// The row just decoded equals the previous one.
    same: bool,
    /// Decode code by code, without the multi-code lookups (set by the
    /// tests that compare the two).
    reference: bool,
}

impl<'a> Decoder<'a> {
    /// A decoder over one coded stream (one page or one TIFF strip).
    ///
    /// # Errors
    /// [`Error::Width`] or [`Error::Limit`] for a width or row count
    /// outside the limits.
    pub fn new(data: &'a [u8], opts: DecodeOptions) -> Result<Self, Error> {
        if opts.width == 0 || opts.width > 65535 {
            return Err(Error::Width(opts.width));
        }
        if opts.width > opts.limits.max_width {
            return Err(Error::Limit {
                what: "width",
                limit: u64::from(opts.limits.max_width),
            });
        }
        if let Some(n) = opts.rows {
            if n > opts.limits.max_rows {
                return Err(Error::Limit {
                    what: "rows",
                    limit: u64::from(opts.limits.max_rows),
                });
            }
        }
        let w = opts.width;
        Ok(Self {
            r: BitReader::new(data, opts.bit_order),
            opts,
            refline: vec![w, w],
            ref_n: 2,
            cur: Vec::new(),
            row: vec![0; w.div_ceil(8) as usize],
            words: vec![0; w.div_ceil(64) as usize],
            stats: DecodeStats::default(),
            bad_run: 0,
            pending: None,
            done: false,
            same: false,
            reference: false,
        })
    }

    /// Counts so far.
    pub fn stats(&self) -> DecodeStats {
        self.stats
    }

    /// Changing elements of the row last returned: the pixel positions
    /// where the colour changes, starting with the first white-to-black
    /// change (a row starting black has 0 first).
    pub fn changes(&self) -> &[u32] {
        let n = self.ref_n.saturating_sub(2);
        self.refline.get(..n).unwrap_or(&[])
    }

    /// Bit offset of the next unread bit.
    pub fn bit_offset(&self) -> u64 {
        self.r.offset()
    }

    /// The next row, packed 8 pixels a byte, MSB = leftmost, 1 = black;
    /// `None` at the end of the page.
    ///
    /// # Errors
    /// In strict mode, the first bad code, run or truncation, with its
    /// bit offset; [`Error::Limit`] when the row limit is reached.
    pub fn next_row(&mut self) -> Result<Option<&[u8]>, Error> {
        if self.done {
            return Ok(None);
        }
        if let Some(n) = self.opts.rows {
            if self.stats.rows >= n {
                self.done = true;
                return Ok(None);
            }
        } else if self.stats.rows >= self.opts.limits.max_rows {
            return Err(Error::Limit {
                what: "rows",
                limit: u64::from(self.opts.limits.max_rows),
            });
        }
        match self.decode_row() {
            Ok(true) => {
                self.bad_run = 0;
                if !self.same {
                    self.render();
                }
                self.stats.rows += 1;
                Ok(Some(&self.row))
            }
            Ok(false) => {
                // End of data.
                self.done = true;
                if let Some(n) = self.opts.rows {
                    if self.stats.rows < n {
                        if self.opts.error_mode == ErrorMode::Strict {
                            return Err(Error::Truncated {
                                offset: self.r.offset(),
                                row: self.stats.rows,
                            });
                        }
                        // Fill the missing rows with repeats.
                        self.done = false;
                        self.pending = None;
                        self.r = BitReader::new(&[], self.opts.bit_order);
                        return Ok(Some(self.bad_row()));
                    }
                }
                Ok(None)
            }
            Err(e) => {
                if self.opts.error_mode == ErrorMode::Strict {
                    self.done = true;
                    return Err(e);
                }
                if self.opts.coding == Coding::Mmr {
                    // No resynchronisation point in MMR: drop the rest.
                    self.r = BitReader::new(&[], self.opts.bit_order);
                } else {
                    self.resync();
                }
                Ok(Some(self.bad_row()))
            }
        }
    }

    /// Repeats the previous row (already in `self.row` and `refline`).
    fn bad_row(&mut self) -> &[u8] {
        self.stats.rows += 1;
        self.stats.bad_rows += 1;
        self.bad_run += 1;
        self.stats.longest_bad_run = self.stats.longest_bad_run.max(self.bad_run);
        &self.row
    }

    /// Skips to just after the next EOL.
    fn resync(&mut self) {
        let mut zeros = 0u32;
        loop {
            self.r.refill();
            let n = self.r.buffered();
            if n == 0 {
                return;
            }
            let z = self.r.peek64().leading_zeros().min(n);
            if z == n {
                zeros = zeros.saturating_add(z);
                self.r.skip(z);
                continue;
            }
            zeros = zeros.saturating_add(z);
            self.r.skip(z + 1);
            if zeros >= 11 {
                let mut two_d = false;
                if matches!(self.opts.coding, Coding::Mr { .. }) {
                    self.r.refill();
                    if self.r.buffered() == 0 {
                        return;
                    }
                    two_d = self.r.peek(1) == 0;
                    self.r.consume(1);
                }
                self.pending = Some(two_d);
                return;
            }
            zeros = 0;
        }
    }

    /// Reads EOLs, fill and tag bits before a row.
    fn row_start(&mut self) -> Start {
        let pending = self.pending.take();
        let mut eols = u32::from(pending.is_some());
        let mut two_d = pending.unwrap_or(false);
        loop {
            if self.opts.byte_aligned_rows && eols == 0 {
                self.r.align();
            }
            self.r.refill();
            let n = self.r.buffered();
            if n == 0 {
                return Start::End;
            }
            let z = self.r.peek64().leading_zeros().min(n);
            if z < 11 && z < n {
                // Not an EOL: row data (or MR's lone tag bit).
                break;
            }
            // Eleven or more zeros: fill then EOL, or only padding.
            let mut run = 0u32;
            loop {
                self.r.refill();
                let n = self.r.buffered();
                if n == 0 {
                    return Start::End;
                }
                let z = self.r.peek64().leading_zeros().min(n);
                run = run.saturating_add(z);
                if z == n {
                    self.r.skip(z);
                    continue;
                }
                self.r.skip(z + 1);
                break;
            }
            if run < 11 {
                // Cannot happen (we saw ≥ 11 zeros); treat as end.
                return Start::End;
            }
            eols += 1;
            if eols >= 2 && !matches!(self.opts.coding, Coding::Mr { .. }) {
                // RTC (MH) or EOFB (MMR).
                return Start::End;
            }
            if matches!(self.opts.coding, Coding::Mr { .. }) {
                self.r.refill();
                if self.r.buffered() == 0 {
                    return Start::End;
                }
                let tag = self.r.peek(1);
                self.r.consume(1);
                if eols >= 2 {
                    return Start::End;
                }
                two_d = tag == 0;
            }
        }
        match self.opts.coding {
            Coding::Mh => Start::OneD,
            Coding::Mmr => Start::TwoD,
            Coding::Mr { .. } => {
                if eols == 0 {
                    // No EOL: the tag bit stands alone.
                    let tag = self.r.peek(1);
                    self.r.consume(1);
                    two_d = tag == 0;
                }
                if two_d {
                    Start::TwoD
                } else {
                    Start::OneD
                }
            }
        }
    }

    /// Decodes one row into `cur` and moves it to `refline`.
    /// `Ok(false)` = no more rows.
    fn decode_row(&mut self) -> Result<bool, Error> {
        let start = self.row_start();
        if start == Start::End {
            return Ok(false);
        }
        if self.opts.coding == Coding::Mmr && self.r.only_zeros_left() {
            return Ok(false);
        }
        let (w, row) = (self.opts.width, self.stats.rows);
        let room = w as usize + 8;
        if self.cur.len() < room {
            self.cur.resize(room, 0);
        }
        let refline = self.refline.get(..self.ref_n).unwrap_or(&[]);
        let n = loop {
            let cur = &mut self.cur;
            let res = match (start == Start::OneD, cfg!(test) && self.reference) {
                (true, false) => row_1d::<true>(&mut self.r, cur, w, row),
                (false, false) => row_2d::<true>(&mut self.r, cur, refline, w, row),
                (true, true) => row_1d::<false>(&mut self.r, cur, w, row),
                (false, true) => row_2d::<false>(&mut self.r, cur, refline, w, row),
            };
            match res {
                // Out of room (only rows of zero-length runs get there:
                // the room holds a change at every pixel): decode the row
                // again with twice the room. The changes are bounded by
                // the coded bits, so this ends.
                Err(e) if is_room(&e) => {
                    let more = self.cur.len().saturating_mul(2);
                    self.cur.resize(more, 0);
                }
                res => break res?,
            }
        };
        let mut n = n;
        while n > 0 && self.cur.get(n - 1).is_some_and(|&x| x >= w) {
            n -= 1;
        }
        if self.cur.len() < n + 2 {
            self.cur.resize(n + 2, 0);
        }
        if let Some(end) = self.cur.get_mut(n..n + 2) {
            end.fill(w);
        }
        n += 2;
        // A row equal to the one before (blank rows, repeated scan lines)
        // leaves `row` and `refline` as they are: nothing to paint.
        self.same = self.cur.get(..n) == self.refline.get(..self.ref_n);
        if !self.same {
            std::mem::swap(&mut self.cur, &mut self.refline);
            self.ref_n = n;
        }
        Ok(true)
    }

    /// Paints `refline` (the row just decoded) into `row`, a 64-pixel
    /// word at a time.
    fn render(&mut self) {
        let w = self.opts.width;
        self.words.fill(0);
        let refline = self.refline.get(..self.ref_n).unwrap_or(&[]);
        for pair in refline.chunks_exact(2) {
            if let [s, e] = *pair {
                if s >= w {
                    break;
                }
                fill_words(&mut self.words, s, e.min(w));
            }
        }
        let mut out = self.row.chunks_exact_mut(8);
        let mut words = self.words.iter();
        for (dst, word) in (&mut out).zip(&mut words) {
            dst.copy_from_slice(&word.to_be_bytes());
        }
        let tail = out.into_remainder();
        if let Some(word) = words.next() {
            let n = tail.len();
            if let Some(src) = word.to_be_bytes().get(..n) {
                tail.copy_from_slice(src);
            }
        }
    }
}

/// Sets pixels `start..end` (`start < end`) in a row of 64-pixel words,
/// MSB = leftmost.
#[inline(always)]
fn fill_words(words: &mut [u64], start: u32, end: u32) {
    if start >= end {
        return;
    }
    let (sw, ew) = ((start / 64) as usize, ((end - 1) / 64) as usize);
    let head = u64::MAX >> (start % 64);
    let tail = u64::MAX << (63 - (end - 1) % 64);
    if sw == ew {
        if let Some(x) = words.get_mut(sw) {
            *x |= head & tail;
        }
        return;
    }
    if let Some(x) = words.get_mut(sw) {
        *x |= head;
    }
    if let Some(mid) = words.get_mut(sw + 1..ew) {
        mid.fill(u64::MAX);
    }
    if let Some(x) = words.get_mut(ew) {
        *x |= tail;
    }
}

#[inline(always)]
fn run_of<const BLACK: bool, const LSB: bool>(
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

#[inline(always)]
fn decode_1d<const LSB: bool, const FAST: bool>(
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

/// After a failed run decode in 1-D coding: when the error is the 1-D
/// extension code selecting uncompressed mode, decodes the uncompressed
/// stretch from `pos` and returns the position after it and the colour of
/// the next run (the exit code's tag bit); otherwise returns the error.
#[cold]
#[inline(never)]
fn leave_uncompressed_1d<'a>(
    e: Error,
    mut r: BitReader<'a>,
    cur: &mut Changes<'_>,
    pos: u32,
    w: u32,
    row: u32,
) -> Result<(BitReader<'a>, u32, bool), Error> {
    if !matches!(e, Error::Extension { .. }) || r.peek(12) != u32::from(UNCOMP_1D.0) {
        return Err(e);
    }
    r.consume(12);
    let (pos, tag) = cur.with_vec(|v| uncompressed(&mut r, v, pos, w, row))?;
    Ok((r, pos, tag))
}

/// Makes the pixels from `pos` on `black` (or white) in the changing
/// element list `cur`, whose elements are all at or before `pos`.
fn set_colour_from(cur: &mut Vec<u32>, pos: u32, black: bool) {
    if (cur.len() % 2 == 1) == black {
        return;
    }
    if cur.last() == Some(&pos) {
        cur.pop();
    } else {
        cur.push(pos);
    }
}

/// Decodes uncompressed-mode code words (T.4 Table 5 / T.6 Table 3) from
/// pixel `pos` up to and including the exit code. Returns the position
/// after the last pixel and the tag bit (`true`: the next run is black).
///
/// Code words: `1`, `01`, `001`, `0001`, `00001` are 0..=4 white pixels
/// then one black; `000001` is five white pixels; `0000001T` …
/// `00000000001T` leave the mode after 0..=4 white pixels, `T` giving
/// the colour of the next run.
fn uncompressed(
    r: &mut BitReader<'_>,
    cur: &mut Vec<u32>,
    mut pos: u32,
    w: u32,
    row: u32,
) -> Result<(u32, bool), Error> {
    loop {
        r.refill();
        let z = r.peek64().leading_zeros();
        let (whites, black, len) = match z {
            0..=4 => (z, true, z + 1),
            5 => (5, false, 6),
            6..=10 => (z - 6, false, z + 2),
            _ => {
                return Err(if r.buffered() < 12 {
                    truncated(r, row)
                } else {
                    invalid(r.clone(), row)
                })
            }
        };
        if len > r.buffered() {
            return Err(truncated(r, row));
        }
        let end = pos + whites + u32::from(black);
        if end > w {
            return Err(bad_run(r, row));
        }
        if whites > 0 {
            set_colour_from(cur, pos, false);
        }
        if black {
            set_colour_from(cur, end - 1, true);
        }
        pos = end;
        if z >= 6 {
            // Exit code: the bit after its one is the tag.
            let tag = r.peek(len) & 1 == 1;
            r.consume(len);
            if pos < w {
                set_colour_from(cur, pos, tag);
            }
            return Ok((pos, tag));
        }
        r.consume(len);
    }
}

/// The coding row's changing elements as they are decoded: written into
/// a slice with a count, so that the decode loops keep both in registers
/// (a `Vec`'s length would be reloaded after every store).
struct Changes<'b> {
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
    fn with_vec<T>(
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
const ROOM: &str = "changing elements per row (internal)";

#[cold]
fn room() -> Error {
    Error::Limit {
        what: ROOM,
        limit: 0,
    }
}

fn is_room(e: &Error) -> bool {
    matches!(e, Error::Limit { what, limit: 0 } if std::ptr::eq(*what, ROOM))
}

/// One 1-D row, out of line, on a local copy of the reader (so that its
/// fields live in registers while the row decodes), made for the bit
/// order. `FAST` = false leaves out the multi-code lookups (the reference
/// the tests compare them with).
#[inline(never)]
fn row_1d<const FAST: bool>(
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
fn row_2d<const FAST: bool>(
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

#[inline(always)]
fn decode_2d<const LSB: bool, const FAST: bool>(
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
fn horizontal<const LSB: bool>(
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

/// The 2-D extension code: uncompressed mode from `pos` (any other
/// extension is an error).
#[cold]
#[inline(never)]
fn extension_2d<'a>(
    mut r: BitReader<'a>,
    cur: &mut Changes<'_>,
    pos: u32,
    w: u32,
    row: u32,
) -> Result<(BitReader<'a>, u32, bool), Error> {
    if r.buffered() < UNCOMP_2D.1.into() {
        return Err(truncated(&r, row));
    }
    if r.peek(UNCOMP_2D.1.into()) != u32::from(UNCOMP_2D.0) {
        return Err(Error::Extension {
            offset: r.offset(),
            row,
        });
    }
    r.consume(UNCOMP_2D.1.into());
    let (pos, tag) = cur.with_vec(|v| uncompressed(&mut r, v, pos, w, row))?;
    Ok((r, pos, tag))
}

/// Takes the reader by value (a copy), so that the caller's reader is not
/// pinned to memory by this out-of-line call.
#[cold]
#[inline(never)]
#[allow(clippy::needless_pass_by_value)]
fn invalid(r: BitReader<'_>, row: u32) -> Error {
    if r.available() == 0 || r.only_zeros_left() {
        return truncated(&r, row);
    }
    Error::InvalidCode {
        offset: r.offset(),
        row,
    }
}

#[inline(always)]
fn truncated(r: &BitReader<'_>, row: u32) -> Error {
    Error::Truncated {
        offset: r.offset(),
        row,
    }
}

#[inline(always)]
fn bad_run(r: &BitReader<'_>, row: u32) -> Error {
    Error::BadRun {
        offset: r.offset(),
        row,
    }
}

/// Decodes a whole stream into a bitmap (height = rows found, or
/// `opts.rows`). Returns the statistics too, for tolerant decoding.
///
/// # Errors
/// As [`Decoder::next_row`].
pub fn decode_with_stats(
    data: &[u8],
    opts: &DecodeOptions,
) -> Result<(Bitmap, DecodeStats), Error> {
    let mut dec = Decoder::new(data, *opts)?;
    let stride = opts.width.div_ceil(8) as usize;
    let mut pixels = Vec::new();
    while let Some(row) = dec.next_row()? {
        pixels.extend_from_slice(row);
    }
    let stats = dec.stats();
    let height = (pixels.len() / stride.max(1)) as u32;
    Ok((
        Bitmap {
            width: opts.width,
            height,
            data: pixels,
        },
        stats,
    ))
}

/// Decodes a whole stream into a bitmap.
///
/// ```
/// use missive_t4::{decode, encode, Bitmap, Coding, DecodeOptions, EncodeOptions};
/// let page = Bitmap::new(1728, 4).unwrap();
/// let coded = encode(&page, &EncodeOptions::new(Coding::Mh)).unwrap();
/// let back = decode(&coded, &DecodeOptions::new(Coding::Mh, 1728)).unwrap();
/// assert_eq!(back, page);
/// ```
///
/// # Errors
/// As [`Decoder::next_row`].
pub fn decode(data: &[u8], opts: &DecodeOptions) -> Result<Bitmap, Error> {
    decode_with_stats(data, opts).map(|(b, _)| b)
}

#[cfg(test)]
mod uncompressed_tests {
    //! Uncompressed mode against vectors built by hand from the code
    //! words of T.4 Table 5 / T.6 Table 3.
    use super::*;
    use crate::{encode, EncodeOptions, Uncompressed};

    /// MSB-first bytes from a string of '0'/'1' (spaces ignored), zero
    /// padded.
    fn bits(s: &str) -> Vec<u8> {
        let v: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        v.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |a, (i, &b)| a | (u8::from(b == b'1') << (7 - i)))
            })
            .collect()
    }

    fn one_row(data: &[u8], coding: Coding, width: u32) -> Result<Vec<u8>, Error> {
        let mut o = DecodeOptions::new(coding, width);
        o.rows = Some(1);
        decode(data, &o).map(|b| b.data)
    }

    /// Every pixel code word, an exit with white pixels and a black tag,
    /// then 1-D coding resuming with a black run.
    const MH_ROW: &str = "000000001111 1 01 001 0001 00001 000001 0000000001 1 010";
    /// B WB WWB WWWB WWWWB WWWWW WWW | B
    const MH_PIXELS: [u8; 3] = [0b1010_0100, 0b0100_0010, 0b0000_0001];

    #[test]
    fn mh_vector_decodes() {
        assert_eq!(one_row(&bits(MH_ROW), Coding::Mh, 24).unwrap(), MH_PIXELS);
    }

    #[test]
    fn mh_exit_with_white_tag_resumes_with_white_run() {
        // B, exit after one white (tag white), white run of 8 (10011).
        let data = bits("000000001111 1 00000001 0 10011");
        assert_eq!(one_row(&data, Coding::Mh, 10).unwrap(), [0x80, 0x00]);
    }

    #[test]
    fn mh_extension_at_a_black_run_start() {
        // White run 2 (0111), then uncompressed: W B, exit (tag white),
        // white run 4 (1011).
        let data = bits("0111 000000001111 01 0000001 0 1011");
        assert_eq!(one_row(&data, Coding::Mh, 8).unwrap(), [0b0001_0000]);
    }

    #[test]
    fn mmr_vector_decodes_and_resumes_2d_at_the_tag_colour() {
        // 2-D extension, W B, exit with no whites and a black tag; then V0
        // against the white reference row: black to the row end; then a
        // second row of V0 V0 copying it.
        let data = bits("0000001111 01 0000001 1 1   1 1");
        let mut o = DecodeOptions::new(Coding::Mmr, 8);
        o.rows = Some(2);
        assert_eq!(decode(&data, &o).unwrap().data, [0x7F, 0x7F]);
    }

    #[test]
    fn mr_2d_row_with_uncompressed_stretch() {
        // EOL+1: 1-D row, all white (1728 = 010011011 + 00110101);
        // EOL+0: 2-D row, extension, B B, exit with 2 whites and white tag,
        // then V0: white to the row end.
        let data = bits(
            "000000000001 1 010011011 00110101 \
             000000000001 0 0000001111 1 1 000000001 0 1",
        );
        let mut o = DecodeOptions::new(Coding::Mr { k: 2 }, 1728);
        o.rows = Some(2);
        let img = decode(&data, &o).unwrap();
        assert!(img.row(0).unwrap().iter().all(|&b| b == 0));
        let r1 = img.row(1).unwrap();
        assert_eq!(r1[0], 0xC0);
        assert!(r1[1..].iter().all(|&b| b == 0));
    }

    #[test]
    fn encoder_writes_the_table_codes() {
        let mut page = Bitmap::new(24, 1).unwrap();
        page.row_mut(0).unwrap().copy_from_slice(&MH_PIXELS);
        let mut e = EncodeOptions::new(Coding::Mh);
        e.eol = false;
        e.rtc = false;
        e.uncompressed = Uncompressed::WholeRows;
        // Same pixels as MH_ROW; the eight whites before the last black
        // are 000001 + 0001, then exit with no whites and a white tag.
        let want = bits("000000001111 1 01 001 0001 00001 000001 0001 0000001 0");
        assert_eq!(encode(&page, &e).unwrap(), want);
        assert_eq!(one_row(&want, Coding::Mh, 24).unwrap(), MH_PIXELS);
    }

    #[test]
    fn other_extensions_and_bad_uncompressed_data_are_errors() {
        // 1-D extension xxx = 000: not uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001000 1111"), Coding::Mh, 8),
            Err(Error::Extension { offset: 0, row: 0 })
        ));
        // 2-D extension xxx = 110.
        assert!(matches!(
            one_row(&bits("0000001110 1111"), Coding::Mmr, 8),
            Err(Error::Extension { offset: 0, row: 0 })
        ));
        // Eleven zeros inside uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001111 1 000000000001 1111"), Coding::Mh, 8),
            Err(Error::InvalidCode { offset: 13, row: 0 })
        ));
        // Pixels past the row end: five whites then a black in a 4-wide row.
        assert!(matches!(
            one_row(&bits("000000001111 000001 1"), Coding::Mh, 4),
            Err(Error::BadRun { row: 0, .. })
        ));
        // Data ends inside uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001111 1 01"), Coding::Mh, 8),
            Err(Error::Truncated { row: 0, .. })
        ));
        // A make-up code then the extension: not at a run start.
        assert!(matches!(
            one_row(&bits("11011 000000001111 1"), Coding::Mh, 200),
            Err(Error::InvalidCode { .. })
        ));
    }

    #[test]
    fn tolerant_mode_repeats_the_row_before_corrupt_uncompressed_data() {
        // Three MH rows of width 8 with EOLs: row 0 uncompressed
        // (B W W W W W W B), row 1 uncompressed data running past the row
        // end, row 2 all white (white run 8: 10011).
        let data = bits(
            "000000000001 000000001111 1 000001 01 0000001 0 \
             000000000001 000000001111 000001 000001 1 \
             000000000001 10011",
        );
        let mut o = DecodeOptions::new(Coding::Mh, 8);
        assert!(matches!(
            decode(&data, &o),
            Err(Error::BadRun { row: 1, .. })
        ));
        o.error_mode = ErrorMode::Tolerant;
        o.rows = Some(3);
        let (img, stats) = decode_with_stats(&data, &o).unwrap();
        assert_eq!(img.data, [0x81, 0x81, 0x00]);
        assert_eq!(
            (stats.rows, stats.bad_rows, stats.longest_bad_run),
            (3, 1, 1)
        );
    }

    #[test]
    fn whole_rows_and_short_runs_round_trip() {
        let mut page = Bitmap::new(77, 6).unwrap();
        let mut s = 0x1234_5678_9ABC_DEF1u64;
        for y in 0..6 {
            for b in page.row_mut(y).unwrap() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                *b = if y % 2 == 0 {
                    s as u8
                } else {
                    (s as u8) & 0xF0
                };
            }
        }
        page.clear_padding();
        for mode in [Uncompressed::ShortRuns, Uncompressed::WholeRows] {
            for coding in [Coding::Mh, Coding::Mr { k: 3 }, Coding::Mmr] {
                let mut e = EncodeOptions::new(coding);
                e.uncompressed = mode;
                let coded = encode(&page, &e).unwrap();
                let plain = encode(&page, &EncodeOptions::new(coding)).unwrap();
                assert_ne!(coded, plain, "{mode:?} {coding:?} used uncompressed mode");
                let back = decode(&coded, &DecodeOptions::new(coding, 77)).unwrap();
                assert!(back == page, "{mode:?} {coding:?}");
            }
        }
    }
}

#[cfg(test)]
mod fast_path_tests {
    //! The multi-code lookups (white-black pairs in 1-D rows and in
    //! horizontal mode, runs of V0 codes) against code-by-code decoding
    //! of the same streams, valid and corrupted.
    use super::*;
    use crate::{encode, BitOrder, EncodeOptions};
    use proptest::prelude::*;

    type Outcome = (Vec<(Vec<u8>, Vec<u32>)>, Option<String>, DecodeStats, u64);

    fn run(data: &[u8], opts: DecodeOptions, reference: bool) -> Outcome {
        let mut d = Decoder::new(data, opts).unwrap();
        d.reference = reference;
        let mut rows = Vec::new();
        loop {
            match d.next_row() {
                Ok(Some(row)) => {
                    let row = row.to_vec();
                    rows.push((row, d.changes().to_vec()));
                }
                Ok(None) => return (rows, None, d.stats(), d.bit_offset()),
                Err(e) => return (rows, Some(format!("{e:?}")), d.stats(), d.bit_offset()),
            }
        }
    }

    /// A page of alternating runs: mostly short ones (the pair and V0
    /// lookups), some long ones (make-up codes), rows often repeated or
    /// shifted by a pixel or two (vertical modes).
    fn page(width: u32, height: u32, seed: u64) -> Bitmap {
        let mut s = seed | 1;
        let mut rnd = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut b = Bitmap::new(width, height).unwrap();
        let mut prev: Vec<bool> = vec![false; width as usize];
        for y in 0..height {
            let mut px = vec![false; width as usize];
            match rnd() % 4 {
                0 => px.clone_from(&prev),
                1 => {
                    let shift = (rnd() % 3) as usize;
                    for (x, p) in px.iter_mut().enumerate().skip(shift) {
                        *p = prev[x - shift];
                    }
                }
                _ => {
                    let mut x = 0usize;
                    let mut black = rnd() % 2 == 0;
                    while x < px.len() {
                        let r = rnd();
                        let run = match r % 10 {
                            0 => (r >> 8) % 3000,
                            1 => (r >> 8) % 130,
                            _ => (r >> 8) % 13,
                        } as usize;
                        for p in px.iter_mut().skip(x).take(run) {
                            *p = black;
                        }
                        x += run;
                        black = !black;
                    }
                }
            }
            let row = b.row_mut(y).unwrap();
            for (x, &p) in px.iter().enumerate() {
                if p {
                    row[x / 8] |= 0x80 >> (x % 8);
                }
            }
            prev = px;
        }
        b
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn lookups_agree_with_code_by_code(
            width in prop_oneof![1u32..80, 1700u32..1800, 2400u32..2700],
            height in 1u32..24,
            seed in any::<u64>(),
            coding in 0usize..3,
            lsb in any::<bool>(),
            eol in any::<bool>(),
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        ) {
            let coding = [Coding::Mh, Coding::Mr { k: 3 }, Coding::Mmr][coding];
            let img = page(width, height, seed);
            let mut e = EncodeOptions::new(coding);
            e.bit_order = if lsb { BitOrder::LsbFirst } else { BitOrder::MsbFirst };
            e.eol = eol || coding != Coding::Mh;
            let mut data = encode(&img, &e).unwrap();
            let mut o = DecodeOptions::new(coding, width);
            o.bit_order = e.bit_order;
            if flips.is_empty() {
                let fast = run(&data, o, false);
                prop_assert!(fast.1.is_none());
                prop_assert_eq!(fast.0.len(), height as usize);
                for (y, (row, _)) in fast.0.iter().enumerate() {
                    prop_assert_eq!(&row[..], img.row(y as u32).unwrap());
                }
            }
            for (at, x) in flips {
                if !data.is_empty() {
                    let n = data.len();
                    data[at % n] ^= x;
                }
            }
            for mode in [ErrorMode::Strict, ErrorMode::Tolerant] {
                for rows in [None, Some(height)] {
                    o.error_mode = mode;
                    o.rows = rows;
                    prop_assert_eq!(run(&data, o, false), run(&data, o, true));
                }
            }
        }
    }
}

#[cfg(test)]
mod room_tests {
    //! Rows with more changing elements than pixels (zero-length runs)
    //! outgrow the first room and are decoded again with more.
    use super::*;

    fn bits(s: &str) -> Vec<u8> {
        let v: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        v.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |a, (i, &b)| a | (u8::from(b == b'1') << (7 - i)))
            })
            .collect()
    }

    #[test]
    fn zero_length_runs_past_the_first_room() {
        // MH: forty white-0 black-0 pairs, then white 4, black 2, white 2.
        let mh = format!("{}1011 11 0111", "00110101 0000110111 ".repeat(40));
        // MMR: forty horizontal modes with two zero runs, then V0 against
        // the white reference row (to the row end).
        let mmr = format!("{}1", "001 00110101 0000110111 ".repeat(40));
        for (coding, s, want) in [(Coding::Mh, mh, 0x0C), (Coding::Mmr, mmr, 0x00)] {
            let data = bits(&s);
            let mut o = DecodeOptions::new(coding, 8);
            o.rows = Some(1);
            for reference in [false, true] {
                let mut d = Decoder::new(&data, o).unwrap();
                d.reference = reference;
                assert_eq!(d.next_row().unwrap().unwrap(), [want], "{coding:?}");
                assert!(d.changes().len() >= 80, "{coding:?}");
                assert!(d.next_row().unwrap().is_none());
            }
        }
    }
}
