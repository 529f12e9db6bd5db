//! Streaming decoders for T.4 MH and MR and T.6 MMR.
//!
//! `rows` holds the row decoders (the hot loops), `uncompressed` the
//! uncompressed-mode extension, `tests` the checks of the fast paths
//! against code-by-code decoding.

mod rows;
#[cfg(test)]
mod tests;
mod uncompressed;

use crate::bits::{BitOrder, BitReader};
use crate::{Bitmap, Coding, Error};
use rows::{is_room, row_1d, row_2d};

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
