//! Streaming decoders for T.4 MH and MR and T.6 MMR.

use crate::bits::{BitOrder, BitReader};
use crate::tables::{
    BLACK_BITS, BLACK_TABLE, MODE_TABLE, M_EXT, M_HORIZ, M_PASS, M_V0, RUN_EOL, WHITE_BITS,
    WHITE_TABLE,
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
    /// Reference row changing elements followed by two `width` sentinels.
    refline: Vec<u32>,
    /// Coding row being built.
    cur: Vec<u32>,
    row: Vec<u8>,
    stats: DecodeStats,
    bad_run: u32,
    /// An EOL (and for MR its tag bit: `true` = 2-D row) was already
    /// consumed by resynchronisation.
    pending: Option<bool>,
    done: bool,
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
            cur: Vec::with_capacity(64),
            row: vec![0; w.div_ceil(8) as usize],
            stats: DecodeStats::default(),
            bad_run: 0,
            pending: None,
            done: false,
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
        let n = self.refline.len().saturating_sub(2);
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
                self.render();
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
        self.cur.clear();
        // The reader lives in a local while a row decodes, so that its
        // fields stay in registers across the pushes into `cur`.
        let mut r = self.r.clone();
        let (w, row) = (self.opts.width, self.stats.rows);
        let res = if start == Start::OneD {
            decode_1d(&mut r, &mut self.cur, w, row)
        } else {
            decode_2d(&mut r, &mut self.cur, &self.refline, w, row)
        };
        self.r = r;
        res?;
        std::mem::swap(&mut self.cur, &mut self.refline);
        let w = self.opts.width;
        while self.refline.last().is_some_and(|&x| x >= w) {
            self.refline.pop();
        }
        self.refline.push(w);
        self.refline.push(w);
        Ok(true)
    }

    /// Paints `refline` (the row just decoded) into `row`.
    fn render(&mut self) {
        self.row.fill(0);
        let w = self.opts.width;
        let mut it = self.refline.chunks_exact(2);
        for pair in &mut it {
            if let [s, e] = *pair {
                if s >= w {
                    break;
                }
                fill_span(&mut self.row, s, e.min(w));
            }
        }
    }
}

#[inline(always)]
fn run_of<const BLACK: bool>(r: &mut BitReader<'_>, width: u32, row: u32) -> Result<u32, Error> {
    let mut total = 0u32;
    loop {
        r.refill();
        let e = if BLACK {
            BLACK_TABLE[r.peek(BLACK_BITS) as usize]
        } else {
            WHITE_TABLE[r.peek(WHITE_BITS) as usize]
        };
        let len = u32::from(e >> 12);
        let v = e & 0xFFF;
        if len == 0 || v == RUN_EOL || len > r.buffered() {
            return Err(if len > r.buffered() {
                truncated(r, row)
            } else {
                invalid(r, row)
            });
        }
        r.consume(len);
        total += u32::from(v);
        if total > width {
            return Err(bad_run(r, row));
        }
        if v < 64 {
            return Ok(total);
        }
    }
}

#[inline(always)]
fn decode_1d(r: &mut BitReader<'_>, cur: &mut Vec<u32>, w: u32, row: u32) -> Result<(), Error> {
    let mut a0 = 0u32;
    loop {
        a0 += run_of::<false>(r, w, row)?;
        if a0 >= w {
            break;
        }
        cur.push(a0);
        a0 += run_of::<true>(r, w, row)?;
        if a0 >= w {
            break;
        }
        cur.push(a0);
    }
    if a0 > w {
        return Err(bad_run(r, row));
    }
    Ok(())
}

#[inline(always)]
fn decode_2d(
    r: &mut BitReader<'_>,
    cur: &mut Vec<u32>,
    refline: &[u32],
    w: u32,
    row: u32,
) -> Result<(), Error> {
    let w64 = i64::from(w);
    let mut a0: i64 = -1;
    let mut color = 0usize; // 0 white, 1 black
    let mut bi = 0usize;
    loop {
        // b1: first reference change right of a0 of the opposite colour.
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
        r.refill();
        // A run of V0 codes (one bit each) copies the next reference
        // changes as they are: take them all at once.
        let ones = (!r.peek64()).leading_zeros().min(r.buffered()).min(63);
        if ones > 1 {
            let mut n = 0;
            while n < ones {
                let Some(&b) = refline.get(bi) else { break };
                if i64::from(b) <= a0 {
                    break;
                }
                cur.push(b);
                a0 = i64::from(b);
                color ^= 1;
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
        match e & 0xF {
            M_PASS => {
                r.consume(len);
                a0 = i64::from(b2);
                bi += 2;
            }
            M_HORIZ => {
                r.consume(len);
                let start = a0.max(0) as u32;
                let (r1, r2) = if color == 0 {
                    (run_of::<false>(r, w, row)?, run_of::<true>(r, w, row)?)
                } else {
                    (run_of::<true>(r, w, row)?, run_of::<false>(r, w, row)?)
                };
                let a1 = start + r1;
                let a2 = a1 + r2;
                if a2 > w {
                    return Err(bad_run(r, row));
                }
                cur.push(a1);
                cur.push(a2);
                a0 = i64::from(a2);
            }
            m if (M_V0 - 3..=M_V0 + 3).contains(&m) => {
                r.consume(len);
                let a1 = i64::from(b1) + i64::from(m) - i64::from(M_V0);
                if a1 > w64 || a1 <= a0 {
                    return Err(bad_run(r, row));
                }
                cur.push(a1 as u32);
                a0 = a1;
                color ^= 1;
                bi = bi.saturating_sub(1);
            }
            M_EXT => {
                return Err(Error::Extension {
                    offset: r.offset(),
                    row,
                })
            }
            _ => return Err(invalid(r, row)),
        }
        if a0 >= w64 {
            return Ok(());
        }
    }
}

fn invalid(r: &BitReader<'_>, row: u32) -> Error {
    if r.available() == 0 || r.only_zeros_left() {
        return truncated(r, row);
    }
    Error::InvalidCode {
        offset: r.offset(),
        row,
    }
}

fn truncated(r: &BitReader<'_>, row: u32) -> Error {
    Error::Truncated {
        offset: r.offset(),
        row,
    }
}

fn bad_run(r: &BitReader<'_>, row: u32) -> Error {
    Error::BadRun {
        offset: r.offset(),
        row,
    }
}

/// Sets pixels `start..end` to black.
#[inline]
pub(crate) fn fill_span(row: &mut [u8], start: u32, end: u32) {
    if start >= end {
        return;
    }
    let (s, e) = (start as usize, end as usize);
    let (sb, eb) = (s / 8, e / 8);
    let head = 0xFFu8 >> (s % 8);
    let tail = !(0xFFu8 >> (e % 8));
    if sb == eb {
        if let Some(b) = row.get_mut(sb) {
            *b |= head & tail;
        }
        return;
    }
    if let Some(b) = row.get_mut(sb) {
        *b |= head;
    }
    if let Some(mid) = row.get_mut(sb + 1..eb) {
        mid.fill(0xFF);
    }
    if e % 8 != 0 {
        if let Some(b) = row.get_mut(eb) {
            *b |= tail;
        }
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
