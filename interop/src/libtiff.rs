//! libtiff (`libtiff-dev`): write and read bilevel (1-bit) pages, the
//! reference encoder and decoder for T.4/T.6 in TIFF.

use std::ffi::{c_char, c_int, c_uint, c_void, CString};
use std::path::Path;

#[repr(C)]
struct Tiff {
    _opaque: [u8; 0],
}

extern "C" {
    fn TIFFOpen(name: *const c_char, mode: *const c_char) -> *mut Tiff;
    fn TIFFClose(tif: *mut Tiff);
    fn TIFFSetField(tif: *mut Tiff, tag: c_uint, ...) -> c_int;
    fn TIFFGetField(tif: *mut Tiff, tag: c_uint, ...) -> c_int;
    fn TIFFWriteScanline(tif: *mut Tiff, buf: *mut c_void, row: u32, sample: u16) -> c_int;
    fn TIFFReadScanline(tif: *mut Tiff, buf: *mut c_void, row: u32, sample: u16) -> c_int;
    fn TIFFWriteDirectory(tif: *mut Tiff) -> c_int;
    fn TIFFReadDirectory(tif: *mut Tiff) -> c_int;
    fn TIFFScanlineSize(tif: *mut Tiff) -> isize;
}

const TAG_IMAGE_WIDTH: c_uint = 256;
const TAG_IMAGE_LENGTH: c_uint = 257;
const TAG_BITS_PER_SAMPLE: c_uint = 258;
const TAG_COMPRESSION: c_uint = 259;
const TAG_PHOTOMETRIC: c_uint = 262;
const TAG_FILL_ORDER: c_uint = 266;
const TAG_SAMPLES_PER_PIXEL: c_uint = 277;
const TAG_ROWS_PER_STRIP: c_uint = 278;
const TAG_T4_OPTIONS: c_uint = 292;

/// The compression libtiff applies when writing a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Uncompressed.
    None,
    /// T.4 one-dimensional (MH) in Group 3 framing, with EOLs.
    G3Mh,
    /// T.4 two-dimensional (MR) with K = 4 rows per 1-D row group … as libtiff
    /// codes it (`T4Options` bit 0).
    G3Mr,
    /// T.6 (MMR), Group 4.
    G4,
}

/// A bilevel page: rows of packed pixels, 1 = black (PBM convention).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Pixels per row.
    pub width: u32,
    /// Packed rows, each `width.div_ceil(8)` bytes, MSB = leftmost pixel.
    pub rows: Vec<Vec<u8>>,
}

/// An error from libtiff (it also prints its own diagnostics to stderr).
#[derive(Debug)]
pub struct TiffError(pub String);

impl std::fmt::Display for TiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TiffError {}

struct Handle(*mut Tiff);

impl Handle {
    fn open(path: &Path, mode: &str) -> Result<Self, TiffError> {
        let name = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| TiffError("path contains NUL".into()))?;
        let mode = CString::new(mode).map_err(|_| TiffError("bad mode".into()))?;
        // SAFETY: both strings are NUL-terminated and outlive the call.
        let t = unsafe { TIFFOpen(name.as_ptr(), mode.as_ptr()) };
        if t.is_null() {
            Err(TiffError(format!("TIFFOpen({}) failed", path.display())))
        } else {
            Ok(Self(t))
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: opened by TIFFOpen, closed once.
        unsafe { TIFFClose(self.0) };
    }
}

/// Writes `pages` to a multi-page TIFF at `path` with libtiff's own encoder.
/// `lsb_first` selects FillOrder 2 (bit-reversed bytes, as fax lines send).
pub fn write(
    path: &Path,
    pages: &[Page],
    compression: Compression,
    lsb_first: bool,
) -> Result<(), TiffError> {
    let h = Handle::open(path, "w")?;
    for page in pages {
        let t = h.0;
        let (comp, t4opts) = match compression {
            Compression::None => (1, None),
            Compression::G3Mh => (3, Some(0)),
            Compression::G3Mr => (3, Some(1)),
            Compression::G4 => (4, None),
        };
        // SAFETY: variadic setters get the C types libtiff documents for each
        // tag (uint32 tags as unsigned int, uint16 tags promoted to int).
        unsafe {
            TIFFSetField(t, TAG_IMAGE_WIDTH, page.width as c_uint);
            TIFFSetField(t, TAG_IMAGE_LENGTH, page.rows.len() as c_uint);
            TIFFSetField(t, TAG_BITS_PER_SAMPLE, 1 as c_int);
            TIFFSetField(t, TAG_SAMPLES_PER_PIXEL, 1 as c_int);
            TIFFSetField(t, TAG_PHOTOMETRIC, 0 as c_int); // min-is-white: 1 = black
            TIFFSetField(t, TAG_FILL_ORDER, if lsb_first { 2 } else { 1 } as c_int);
            TIFFSetField(t, TAG_COMPRESSION, comp as c_int);
            if let Some(o) = t4opts {
                TIFFSetField(t, TAG_T4_OPTIONS, o as c_uint);
            }
            TIFFSetField(t, TAG_ROWS_PER_STRIP, page.rows.len().max(1) as c_uint);
        }
        let stride = page.width.div_ceil(8) as usize;
        let mut buf = vec![0u8; stride];
        for (i, row) in page.rows.iter().enumerate() {
            buf.copy_from_slice(&row[..stride]);
            // SAFETY: buf holds one scanline of `stride` bytes.
            if unsafe { TIFFWriteScanline(t, buf.as_mut_ptr().cast(), i as u32, 0) } < 0 {
                return Err(TiffError(format!("TIFFWriteScanline row {i} failed")));
            }
        }
        // SAFETY: the directory for this page is complete.
        if unsafe { TIFFWriteDirectory(t) } == 0 {
            return Err(TiffError("TIFFWriteDirectory failed".into()));
        }
    }
    Ok(())
}

/// Reads every page of a bilevel TIFF with libtiff's own decoder.
pub fn read(path: &Path) -> Result<Vec<Page>, TiffError> {
    let h = Handle::open(path, "r")?;
    let mut pages = Vec::new();
    loop {
        let (mut w, mut len, mut photometric) = (0u32, 0u32, 0u16);
        // SAFETY: out-pointers have the types libtiff writes for these tags.
        unsafe {
            TIFFGetField(h.0, TAG_IMAGE_WIDTH, &mut w as *mut u32);
            TIFFGetField(h.0, TAG_IMAGE_LENGTH, &mut len as *mut u32);
            TIFFGetField(h.0, TAG_PHOTOMETRIC, &mut photometric as *mut u16);
        }
        // SAFETY: a directory is current.
        let size = unsafe { TIFFScanlineSize(h.0) }.max(0) as usize;
        let stride = w.div_ceil(8) as usize;
        let mut buf = vec![0u8; size.max(stride)];
        let mut rows = Vec::with_capacity(len as usize);
        for r in 0..len {
            // SAFETY: buf holds at least one scanline.
            if unsafe { TIFFReadScanline(h.0, buf.as_mut_ptr().cast(), r, 0) } < 0 {
                return Err(TiffError(format!("TIFFReadScanline row {r} failed")));
            }
            let mut row = buf[..stride].to_vec();
            if photometric == 1 {
                // min-is-black: invert to the PBM convention.
                row.iter_mut().for_each(|b| *b = !*b);
            }
            if w % 8 != 0 {
                if let Some(last) = row.last_mut() {
                    *last &= 0xFFu8 << (8 - w % 8);
                }
            }
            rows.push(row);
        }
        pages.push(Page { width: w, rows });
        // SAFETY: advances to the next directory, 0 at the end.
        if unsafe { TIFFReadDirectory(h.0) } == 0 {
            break;
        }
    }
    Ok(pages)
}
