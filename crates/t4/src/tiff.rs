//! TIFF Class F (and bilevel TIFF in general): read the pages of a file as
//! coded strips plus their tags, decode them, and write multi-page files.
//!
//! ## Why our own container code
//! The `tiff` crate is built around decoded images: its decoder hands out
//! pixels (through its own codecs) and its encoder compresses pixel buffers
//! itself. Class F needs the opposite — the *coded* strip bytes of every
//! page together with `Compression`, `T4Options`/`T6Options`, `FillOrder`
//! and the resolution tags, so that our codec (with its tolerant mode and
//! bad-row counts) does the decoding and pre-coded strips received from a
//! fax line can be stored as they are. The subset involved is small: one
//! chain of IFDs, about fifteen tags, one strip or a few per page. This
//! module reads and writes exactly that, with every offset and count
//! checked against the file and [`TiffLimits`].

use crate::decode::{DecodeOptions, DecodeStats, Decoder, ErrorMode, Limits};
use crate::encode::{EncodeOptions, Encoder, Uncompressed};
use crate::{BitOrder, Bitmap, Coding, Error};

const NEW_SUBFILE_TYPE: u16 = 254;
const IMAGE_WIDTH: u16 = 256;
const IMAGE_LENGTH: u16 = 257;
const BITS_PER_SAMPLE: u16 = 258;
const COMPRESSION: u16 = 259;
const PHOTOMETRIC: u16 = 262;
const FILL_ORDER: u16 = 266;
const STRIP_OFFSETS: u16 = 273;
const SAMPLES_PER_PIXEL: u16 = 277;
const ROWS_PER_STRIP: u16 = 278;
const STRIP_BYTE_COUNTS: u16 = 279;
const X_RESOLUTION: u16 = 282;
const Y_RESOLUTION: u16 = 283;
const T4_OPTIONS: u16 = 292;
const T6_OPTIONS: u16 = 293;
const RESOLUTION_UNIT: u16 = 296;
const PAGE_NUMBER: u16 = 297;

/// Bounds on what a file may ask of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TiffLimits {
    /// Most pages read from one file.
    pub max_pages: u32,
    /// Most entries in one IFD.
    pub max_entries: u32,
    /// Most strips in one page.
    pub max_strips: u32,
    /// Row and width limits applied to every page.
    pub image: Limits,
}

impl Default for TiffLimits {
    fn default() -> Self {
        Self {
            max_pages: 10_000,
            max_entries: 1000,
            max_strips: 65536,
            image: Limits::default(),
        }
    }
}

/// TIFF `Compression` values this module handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// 1: uncompressed packed bits.
    None,
    /// 2: CCITT modified Huffman RLE (MH, byte-aligned rows, no EOL).
    Rle,
    /// 3: T.4 (Group 3) MH or MR, see `T4Options`.
    Group3,
    /// 4: T.6 (Group 4) MMR.
    Group4,
}

impl Compression {
    /// The tag value.
    pub fn tag(self) -> u16 {
        match self {
            Self::None => 1,
            Self::Rle => 2,
            Self::Group3 => 3,
            Self::Group4 => 4,
        }
    }
}

/// Standard fax resolutions (T.30), written as dots per inch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resolution {
    /// 8 pels/mm × 3.85 lines/mm: 204 × 98 dpi (K = 2).
    #[default]
    Standard,
    /// 8 pels/mm × 7.7 lines/mm: 204 × 196 dpi (K = 4).
    Fine,
    /// 8 pels/mm × 15.4 lines/mm: 204 × 391 dpi (K = 8).
    Superfine,
}

impl Resolution {
    /// (x, y) in dots per inch.
    pub fn dpi(self) -> (u32, u32) {
        match self {
            Self::Standard => (204, 98),
            Self::Fine => (204, 196),
            Self::Superfine => (204, 391),
        }
    }

    /// The MR K parameter T.4 gives for this vertical resolution.
    pub fn k(self) -> u32 {
        match self {
            Self::Standard => 2,
            Self::Fine => 4,
            Self::Superfine => 8,
        }
    }
}

/// One page of a TIFF file: its tags and its coded strips (borrowed).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<'a> {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// The coding.
    pub compression: Compression,
    /// `FillOrder`.
    pub bit_order: BitOrder,
    /// `PhotometricInterpretation` = 1 (0 is black); output is inverted to
    /// the PBM convention.
    pub min_is_black: bool,
    /// `T4Options` (bit 0: 2-D, bit 1: uncompressed mode, bit 2: fill).
    pub t4_options: u32,
    /// `T6Options` (bit 1: uncompressed mode).
    pub t6_options: u32,
    /// `XResolution` as a rational, if present.
    pub x_resolution: Option<(u32, u32)>,
    /// `YResolution` as a rational, if present.
    pub y_resolution: Option<(u32, u32)>,
    /// `ResolutionUnit` (2 = inch, 3 = centimetre).
    pub resolution_unit: u16,
    /// `RowsPerStrip`.
    pub rows_per_strip: u32,
    /// Coded bytes of each strip.
    pub strips: Vec<&'a [u8]>,
}

impl Page<'_> {
    /// The T.4/T.6 coding of the strips (`None` for uncompressed).
    pub fn coding(&self) -> Option<Coding> {
        match self.compression {
            Compression::None => None,
            Compression::Group3 if self.t4_options & 1 != 0 => Some(Coding::Mr { k: 0 }),
            Compression::Rle | Compression::Group3 => Some(Coding::Mh),
            Compression::Group4 => Some(Coding::Mmr),
        }
    }

    /// Resolution in dots per inch (x, y), when the tags give it.
    pub fn dpi(&self) -> Option<(f64, f64)> {
        let f = |r: (u32, u32)| {
            let v = f64::from(r.0) / f64::from(r.1.max(1));
            if self.resolution_unit == 3 {
                v * 2.54
            } else {
                v
            }
        };
        Some((f(self.x_resolution?), f(self.y_resolution?)))
    }

    /// Decodes the page a row at a time into `sink` (row, packed, 1 =
    /// black). Returns the bad-row counts.
    ///
    /// # Errors
    /// Decoding errors in strict mode. (Pages flagged as using uncompressed
    /// mode, `T4Options`/`T6Options` bit 1, decode like any other.)
    pub fn decode_rows(
        &self,
        mode: ErrorMode,
        limits: Limits,
        mut sink: impl FnMut(&[u8]),
    ) -> Result<DecodeStats, Error> {
        if self.height > limits.max_rows {
            return Err(Error::Limit {
                what: "rows",
                limit: u64::from(limits.max_rows),
            });
        }
        let stride = self.width.div_ceil(8) as usize;
        let mut total = DecodeStats::default();
        let mut done = 0u32;
        let mut inverted = vec![0u8; stride];
        let mut emit = |row: &[u8], inverted: &mut Vec<u8>| {
            if self.min_is_black {
                for (o, i) in inverted.iter_mut().zip(row) {
                    *o = !*i;
                }
                let rem = self.width % 8;
                if rem != 0 {
                    if let Some(l) = inverted.last_mut() {
                        *l &= 0xFF << (8 - rem);
                    }
                }
                sink(inverted);
            } else {
                sink(row);
            }
        };
        let per_strip = self.rows_per_strip.max(1);
        for strip in &self.strips {
            if done >= self.height {
                break;
            }
            let rows = per_strip.min(self.height - done);
            let Some(coding) = self.coding() else {
                // Uncompressed.
                let mut row = vec![0u8; stride];
                for r in 0..rows as usize {
                    let Some(src) = strip.get(r * stride..(r + 1) * stride) else {
                        return Err(Error::Truncated {
                            offset: (r * stride * 8) as u64,
                            row: done,
                        });
                    };
                    for (o, &i) in row.iter_mut().zip(src) {
                        *o = if self.bit_order == BitOrder::LsbFirst {
                            i.reverse_bits()
                        } else {
                            i
                        };
                    }
                    let rem = self.width % 8;
                    if rem != 0 {
                        if let Some(l) = row.last_mut() {
                            *l &= 0xFF << (8 - rem);
                        }
                    }
                    emit(&row, &mut inverted);
                    done += 1;
                }
                total.rows += rows;
                continue;
            };
            let mut o = DecodeOptions::new(coding, self.width);
            o.bit_order = self.bit_order;
            o.byte_aligned_rows = self.compression == Compression::Rle;
            o.rows = Some(rows);
            o.error_mode = mode;
            o.limits = limits;
            let mut dec = Decoder::new(strip, o)?;
            while let Some(row) = dec.next_row()? {
                emit(row, &mut inverted);
            }
            let s = dec.stats();
            total.rows += s.rows;
            total.bad_rows += s.bad_rows;
            total.longest_bad_run = total.longest_bad_run.max(s.longest_bad_run);
            done += rows;
        }
        if done < self.height {
            if mode == ErrorMode::Strict {
                return Err(Error::Tiff {
                    offset: 0,
                    what: "fewer strips than ImageLength needs",
                });
            }
            let white = vec![0u8; stride];
            while done < self.height {
                emit(&white, &mut inverted);
                total.rows += 1;
                total.bad_rows += 1;
                done += 1;
            }
        }
        Ok(total)
    }

    /// Decodes the whole page.
    ///
    /// # Errors
    /// As [`Page::decode_rows`].
    pub fn decode(&self, mode: ErrorMode, limits: Limits) -> Result<(Bitmap, DecodeStats), Error> {
        let mut data = Vec::new();
        let stats = self.decode_rows(mode, limits, |r| data.extend_from_slice(r))?;
        Ok((
            Bitmap {
                width: self.width,
                height: self.height,
                data,
            },
            stats,
        ))
    }
}

struct Reader<'a> {
    data: &'a [u8],
    le: bool,
}

impl Reader<'_> {
    fn err(offset: usize, what: &'static str) -> Error {
        Error::Tiff {
            offset: offset as u64,
            what,
        }
    }

    fn u16(&self, at: usize) -> Result<u16, Error> {
        let b = self
            .data
            .get(at..at.saturating_add(2))
            .ok_or(Self::err(at, "offset past the end"))?;
        let a = [b[0], b[1]];
        Ok(if self.le {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        })
    }

    fn u32(&self, at: usize) -> Result<u32, Error> {
        let b = self
            .data
            .get(at..at.saturating_add(4))
            .ok_or(Self::err(at, "offset past the end"))?;
        let a = [b[0], b[1], b[2], b[3]];
        Ok(if self.le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    }

    /// Values of an entry at `entry` (SHORT or LONG), up to `max` of them.
    fn values(&self, entry: usize, max: u32) -> Result<Vec<u32>, Error> {
        let typ = self.u16(entry + 2)?;
        let count = self.u32(entry + 4)?;
        if count > max {
            return Err(Error::Limit {
                what: "values in a TIFF tag",
                limit: u64::from(max),
            });
        }
        let size = match typ {
            1 => 1usize,
            3 => 2,
            4 => 4,
            _ => return Err(Self::err(entry, "tag has an unexpected type")),
        };
        let bytes = size * count as usize;
        let base = if bytes <= 4 {
            entry + 8
        } else {
            self.u32(entry + 8)? as usize
        };
        (0..count as usize)
            .map(|i| {
                let at = base + i * size;
                match size {
                    1 => self
                        .data
                        .get(at)
                        .map(|&b| u32::from(b))
                        .ok_or(Self::err(at, "offset past the end")),
                    2 => self.u16(at).map(u32::from),
                    _ => self.u32(at),
                }
            })
            .collect()
    }

    fn first(&self, entry: usize) -> Result<u32, Error> {
        self.values(entry, u32::MAX)?
            .first()
            .copied()
            .ok_or(Self::err(entry, "tag has no value"))
    }

    fn rational(&self, entry: usize) -> Result<(u32, u32), Error> {
        if self.u16(entry + 2)? != 5 {
            return Err(Self::err(entry, "resolution is not a RATIONAL"));
        }
        let at = self.u32(entry + 8)? as usize;
        Ok((self.u32(at)?, self.u32(at + 4)?))
    }
}

/// Reads every page of a TIFF file (either byte order). Strips are
/// borrowed from `data`, nothing is decoded yet.
///
/// # Errors
/// [`Error::Tiff`] for a malformed file, [`Error::Unsupported`] for
/// anything but 1-bit single-sample images in compressions 1–4,
/// [`Error::Limit`] past `limits`.
pub fn read<'a>(data: &'a [u8], limits: &TiffLimits) -> Result<Vec<Page<'a>>, Error> {
    let le = match data.get(..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return Err(Reader::err(0, "not a TIFF file")),
    };
    let r = Reader { data, le };
    if r.u16(2)? != 42 {
        return Err(Reader::err(2, "bad TIFF magic number"));
    }
    let mut ifd = r.u32(4)? as usize;
    let mut pages = Vec::new();
    let mut seen = Vec::new();
    while ifd != 0 {
        if seen.contains(&ifd) {
            return Err(Reader::err(ifd, "IFD loop"));
        }
        if pages.len() as u32 >= limits.max_pages {
            return Err(Error::Limit {
                what: "pages",
                limit: u64::from(limits.max_pages),
            });
        }
        seen.push(ifd);
        let n = u32::from(r.u16(ifd)?);
        if n > limits.max_entries {
            return Err(Error::Limit {
                what: "IFD entries",
                limit: u64::from(limits.max_entries),
            });
        }
        let mut p = Page {
            width: 0,
            height: 0,
            compression: Compression::None,
            bit_order: BitOrder::MsbFirst,
            min_is_black: false,
            t4_options: 0,
            t6_options: 0,
            x_resolution: None,
            y_resolution: None,
            resolution_unit: 2,
            rows_per_strip: u32::MAX,
            strips: Vec::new(),
        };
        let (mut offsets, mut counts) = (Vec::new(), Vec::new());
        for i in 0..n as usize {
            let e = ifd + 2 + 12 * i;
            let tag = r.u16(e)?;
            match tag {
                IMAGE_WIDTH => p.width = r.first(e)?,
                IMAGE_LENGTH => p.height = r.first(e)?,
                BITS_PER_SAMPLE | SAMPLES_PER_PIXEL => {
                    let v = r.first(e)?;
                    if v != 1 {
                        return Err(Error::Unsupported {
                            what: if tag == BITS_PER_SAMPLE {
                                "BitsPerSample"
                            } else {
                                "SamplesPerPixel"
                            },
                            value: v,
                        });
                    }
                }
                COMPRESSION => {
                    p.compression = match r.first(e)? {
                        1 => Compression::None,
                        2 => Compression::Rle,
                        3 => Compression::Group3,
                        4 => Compression::Group4,
                        v => {
                            return Err(Error::Unsupported {
                                what: "Compression",
                                value: v,
                            })
                        }
                    }
                }
                PHOTOMETRIC => p.min_is_black = r.first(e)? == 1,
                FILL_ORDER => {
                    p.bit_order = if r.first(e)? == 2 {
                        BitOrder::LsbFirst
                    } else {
                        BitOrder::MsbFirst
                    }
                }
                STRIP_OFFSETS => offsets = r.values(e, limits.max_strips)?,
                STRIP_BYTE_COUNTS => counts = r.values(e, limits.max_strips)?,
                ROWS_PER_STRIP => p.rows_per_strip = r.first(e)?,
                X_RESOLUTION => p.x_resolution = Some(r.rational(e)?),
                Y_RESOLUTION => p.y_resolution = Some(r.rational(e)?),
                T4_OPTIONS => p.t4_options = r.first(e)?,
                T6_OPTIONS => p.t6_options = r.first(e)?,
                RESOLUTION_UNIT => p.resolution_unit = r.first(e)? as u16,
                _ => {}
            }
        }
        if p.width == 0 || p.width > limits.image.max_width.min(65535) {
            return Err(Error::Width(p.width));
        }
        if p.height > limits.image.max_rows {
            return Err(Error::Limit {
                what: "rows",
                limit: u64::from(limits.image.max_rows),
            });
        }
        if offsets.len() != counts.len() || offsets.is_empty() {
            return Err(Reader::err(
                ifd,
                "StripOffsets and StripByteCounts disagree",
            ));
        }
        for (&o, &c) in offsets.iter().zip(&counts) {
            let s = data
                .get(o as usize..(o as usize).saturating_add(c as usize))
                .ok_or(Reader::err(o as usize, "strip past the end of the file"))?;
            p.strips.push(s);
        }
        pages.push(p);
        ifd = r.u32(ifd + 2 + 12 * n as usize)? as usize;
    }
    Ok(pages)
}

/// How [`Writer`] codes and labels pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Coding, bit order and framing of the strips. For Class F files the
    /// defaults of [`EncodeOptions::new`] match libtiff (EOL before each
    /// row, no RTC; EOFB for MMR).
    pub encode: EncodeOptions,
    /// Resolution written in the tags.
    pub resolution: Resolution,
}

/// A page whose strip is already coded (for example as it arrived from a
/// fax line), ready for [`Writer::add_coded_page`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedPage {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Compression of `strip`.
    pub compression: Compression,
    /// `T4Options` for Group 3, `T6Options` for Group 4.
    pub t_options: u32,
    /// Bit order of `strip`.
    pub bit_order: BitOrder,
    /// Resolution written in the tags.
    pub resolution: Resolution,
    /// The coded bytes.
    pub strip: Vec<u8>,
}

/// Builds a multi-page TIFF Class F file (little-endian, one strip per
/// page, `NewSubfileType` = page, `PageNumber`, resolution in inches).
///
/// ```
/// use missive_t4::tiff::{self, Resolution, TiffLimits, WriteOptions, Writer};
/// use missive_t4::{Bitmap, Coding, EncodeOptions, ErrorMode};
/// let page = Bitmap::new(1728, 3).unwrap();
/// let mut w = Writer::new();
/// let opts = WriteOptions { encode: EncodeOptions::new(Coding::Mmr), resolution: Resolution::Fine };
/// w.add_page(&page, &opts).unwrap();
/// let file = w.finish().unwrap();
/// let pages = tiff::read(&file, &TiffLimits::default()).unwrap();
/// assert_eq!(pages[0].dpi(), Some((204.0, 196.0)));
/// let (back, _) = pages[0].decode(ErrorMode::Strict, Default::default()).unwrap();
/// assert_eq!(back, page);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Writer {
    pages: Vec<CodedPage>,
}

impl Writer {
    /// An empty file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Codes `page` and appends it.
    ///
    /// # Errors
    /// [`Error::Width`] for a bad width.
    pub fn add_page(&mut self, page: &Bitmap, opts: &WriteOptions) -> Result<(), Error> {
        let mut enc = Encoder::new(page.width, opts.encode)?;
        for row in page.rows() {
            enc.push_row(row)?;
        }
        let e = &opts.encode;
        let (compression, t_options) = match e.coding {
            Coding::Mh if e.byte_aligned_rows => (Compression::Rle, 0),
            Coding::Mh => (Compression::Group3, if e.align_eol { 4 } else { 0 }),
            Coding::Mr { .. } => (Compression::Group3, 1 | if e.align_eol { 4 } else { 0 }),
            Coding::Mmr => (Compression::Group4, 0),
        };
        // Bit 1 of T4Options/T6Options: uncompressed mode may occur.
        let t_options = if e.uncompressed == Uncompressed::Off || compression == Compression::Rle {
            t_options
        } else {
            t_options | 2
        };
        self.pages.push(CodedPage {
            width: page.width,
            height: page.height,
            compression,
            t_options,
            bit_order: e.bit_order,
            resolution: opts.resolution,
            strip: enc.finish(),
        });
        Ok(())
    }

    /// Appends a page whose strip is already coded.
    pub fn add_coded_page(&mut self, page: CodedPage) {
        self.pages.push(page);
    }

    /// The file bytes.
    ///
    /// # Errors
    /// [`Error::Limit`] if the file would pass 4 GiB.
    pub fn finish(self) -> Result<Vec<u8>, Error> {
        let mut out = b"II\x2A\x00\x00\x00\x00\x00".to_vec();
        let total = self.pages.len() as u32;
        let mut link_at = 4usize;
        for (i, p) in self.pages.iter().enumerate() {
            let strip_at = out.len();
            out.extend_from_slice(&p.strip);
            if out.len() % 2 == 1 {
                out.push(0);
            }
            let (xr, yr) = p.resolution.dpi();
            let mut entries: Vec<(u16, u16, u32, u32)> = vec![
                (NEW_SUBFILE_TYPE, 4, 1, 2),
                (IMAGE_WIDTH, 4, 1, p.width),
                (IMAGE_LENGTH, 4, 1, p.height),
                (BITS_PER_SAMPLE, 3, 1, 1),
                (COMPRESSION, 3, 1, u32::from(p.compression.tag())),
                (PHOTOMETRIC, 3, 1, 0),
                (FILL_ORDER, 3, 1, u32::from(p.bit_order.fill_order())),
                (STRIP_OFFSETS, 4, 1, strip_at as u32),
                (SAMPLES_PER_PIXEL, 3, 1, 1),
                (ROWS_PER_STRIP, 4, 1, p.height.max(1)),
                (STRIP_BYTE_COUNTS, 4, 1, p.strip.len() as u32),
                (X_RESOLUTION, 5, 1, 0),
                (Y_RESOLUTION, 5, 1, 0),
            ];
            match p.compression {
                Compression::Group3 => entries.push((T4_OPTIONS, 4, 1, p.t_options)),
                Compression::Group4 => entries.push((T6_OPTIONS, 4, 1, p.t_options)),
                _ => {}
            }
            entries.push((RESOLUTION_UNIT, 3, 1, 2));
            entries.push((PAGE_NUMBER, 3, 2, 0));
            let ifd_at = out.len();
            let extra_at = ifd_at + 2 + entries.len() * 12 + 4;
            let put32 = |out: &mut Vec<u8>, at: usize, v: u32| {
                if let Some(s) = out.get_mut(at..at + 4) {
                    s.copy_from_slice(&v.to_le_bytes());
                }
            };
            put32(&mut out, link_at, ifd_at as u32);
            out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
            for &(tag, typ, count, value) in &entries {
                out.extend_from_slice(&tag.to_le_bytes());
                out.extend_from_slice(&typ.to_le_bytes());
                out.extend_from_slice(&count.to_le_bytes());
                match (tag, typ) {
                    (X_RESOLUTION, _) => out.extend_from_slice(&(extra_at as u32).to_le_bytes()),
                    (Y_RESOLUTION, _) => {
                        out.extend_from_slice(&(extra_at as u32 + 8).to_le_bytes());
                    }
                    (PAGE_NUMBER, _) => {
                        out.extend_from_slice(&(i as u16).to_le_bytes());
                        out.extend_from_slice(&(total as u16).to_le_bytes());
                    }
                    (_, 3) => {
                        out.extend_from_slice(&(value as u16).to_le_bytes());
                        out.extend_from_slice(&[0, 0]);
                    }
                    _ => out.extend_from_slice(&value.to_le_bytes()),
                }
            }
            link_at = out.len();
            out.extend_from_slice(&[0, 0, 0, 0]);
            for v in [xr, 1, yr, 1] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            if u32::try_from(out.len()).is_err() {
                return Err(Error::Limit {
                    what: "TIFF file bytes",
                    limit: u64::from(u32::MAX),
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_page_round_trip_every_coding() {
        let mut a = Bitmap::new(1728, 5).unwrap();
        a.row_mut(2).unwrap()[10] = 0x5A;
        let b = Bitmap::new(33, 2).unwrap();
        for coding in [Coding::Mh, Coding::Mr { k: 4 }, Coding::Mmr] {
            for order in [BitOrder::MsbFirst, BitOrder::LsbFirst] {
                let mut e = EncodeOptions::new(coding);
                e.bit_order = order;
                let opts = WriteOptions {
                    encode: e,
                    resolution: Resolution::Superfine,
                };
                let mut w = Writer::new();
                w.add_page(&a, &opts).unwrap();
                w.add_page(&b, &opts).unwrap();
                let file = w.finish().unwrap();
                let pages = read(&file, &TiffLimits::default()).unwrap();
                assert_eq!(pages.len(), 2);
                assert_eq!(pages[0].bit_order, order);
                assert_eq!(pages[1].y_resolution, Some((391, 1)));
                for (p, want) in pages.iter().zip([&a, &b]) {
                    let (img, stats) = p.decode(ErrorMode::Strict, Limits::default()).unwrap();
                    assert_eq!(&img, want);
                    assert_eq!(stats.bad_rows, 0);
                }
            }
        }
    }

    #[test]
    fn hostile_headers_are_errors() {
        let lim = TiffLimits::default();
        assert!(read(b"", &lim).is_err());
        assert!(read(b"II*\0\x08\0\0\0", &lim).is_err());
        // IFD pointing at itself.
        let mut f = b"II*\0\x08\0\0\0\0\0\x08\0\0\0".to_vec();
        assert!(read(&f, &lim).is_err());
        f.truncate(9);
        assert!(read(&f, &lim).is_err());
    }
}
