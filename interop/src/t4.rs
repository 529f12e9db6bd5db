//! libtiff's T.4/T.6 codec on in-memory TIFF files (through
//! `TIFFClientOpen`), for side-by-side benches and conformance checks
//! without touching the disk: decode every strip of every page, or encode
//! one page into one strip.

use std::ffi::{c_char, c_int, c_uint, c_void};

#[repr(C)]
struct Tiff {
    _opaque: [u8; 0],
}

type ReadWrite = extern "C" fn(*mut c_void, *mut c_void, isize) -> isize;
type Seek = extern "C" fn(*mut c_void, u64, c_int) -> u64;
type Close = extern "C" fn(*mut c_void) -> c_int;
type Size = extern "C" fn(*mut c_void) -> u64;
type Map = extern "C" fn(*mut c_void, *mut *mut c_void, *mut u64) -> c_int;
type Unmap = extern "C" fn(*mut c_void, *mut c_void, u64);

extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn TIFFClientOpen(
        name: *const c_char,
        mode: *const c_char,
        handle: *mut c_void,
        read: ReadWrite,
        write: ReadWrite,
        seek: Seek,
        close: Close,
        size: Size,
        map: Map,
        unmap: Unmap,
    ) -> *mut Tiff;
    fn TIFFClose(tif: *mut Tiff);
    fn TIFFSetField(tif: *mut Tiff, tag: c_uint, ...) -> c_int;
    fn TIFFReadDirectory(tif: *mut Tiff) -> c_int;
    fn TIFFNumberOfStrips(tif: *mut Tiff) -> u32;
    fn TIFFStripSize(tif: *mut Tiff) -> isize;
    fn TIFFReadEncodedStrip(tif: *mut Tiff, strip: u32, buf: *mut c_void, size: isize) -> isize;
    fn TIFFWriteEncodedStrip(tif: *mut Tiff, strip: u32, buf: *mut c_void, size: isize) -> isize;
}

struct Mem {
    data: Vec<u8>,
    pos: usize,
}

extern "C" fn mem_read(h: *mut c_void, buf: *mut c_void, n: isize) -> isize {
    // SAFETY: `h` is the `Mem` passed to TIFFClientOpen, alive until close.
    let m = unsafe { &mut *h.cast::<Mem>() };
    let n = (n.max(0) as usize).min(m.data.len().saturating_sub(m.pos));
    // SAFETY: libtiff gives a buffer of at least `n` bytes.
    unsafe { std::ptr::copy_nonoverlapping(m.data.as_ptr().add(m.pos), buf.cast::<u8>(), n) };
    m.pos += n;
    n as isize
}

extern "C" fn mem_write(h: *mut c_void, buf: *mut c_void, n: isize) -> isize {
    // SAFETY: as in mem_read.
    let m = unsafe { &mut *h.cast::<Mem>() };
    let n = n.max(0) as usize;
    // SAFETY: libtiff passes `n` readable bytes.
    let src = unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), n) };
    let end = m.pos + n;
    if m.data.len() < end {
        m.data.resize(end, 0);
    }
    m.data[m.pos..end].copy_from_slice(src);
    m.pos = end;
    n as isize
}

extern "C" fn mem_seek(h: *mut c_void, off: u64, whence: c_int) -> u64 {
    // SAFETY: as in mem_read.
    let m = unsafe { &mut *h.cast::<Mem>() };
    let base = match whence {
        1 => m.pos as i64,
        2 => m.data.len() as i64,
        _ => 0,
    };
    m.pos = (base + off as i64).max(0) as usize;
    m.pos as u64
}

extern "C" fn mem_close(_: *mut c_void) -> c_int {
    0
}

extern "C" fn mem_size(h: *mut c_void) -> u64 {
    // SAFETY: as in mem_read.
    unsafe { &*h.cast::<Mem>() }.data.len() as u64
}

extern "C" fn mem_map(h: *mut c_void, base: *mut *mut c_void, size: *mut u64) -> c_int {
    // SAFETY: as in mem_read; out-pointers come from libtiff. Mapping is
    // only used for reading (libtiff maps read-only opens), like mmap.
    unsafe {
        let m = &mut *h.cast::<Mem>();
        *base = m.data.as_mut_ptr().cast();
        *size = m.data.len() as u64;
    }
    1
}

extern "C" fn mem_unmap(_: *mut c_void, _: *mut c_void, _: u64) {}

fn open(mem: &mut Mem, mode: &[u8]) -> *mut Tiff {
    // SAFETY: name and mode are NUL-terminated; `mem` outlives the handle
    // (callers close before dropping it).
    unsafe {
        TIFFClientOpen(
            c"mem".as_ptr(),
            mode.as_ptr().cast(),
            (mem as *mut Mem).cast(),
            mem_read,
            mem_write,
            mem_seek,
            mem_close,
            mem_size,
            mem_map,
            mem_unmap,
        )
    }
}

/// An in-memory TIFF file that libtiff reads through memory "mapping"
/// (as it maps real files), so no copy happens per decode.
pub struct MemFile {
    mem: Box<Mem>,
}

impl MemFile {
    /// Holds `file` for repeated decoding.
    pub fn new(file: &[u8]) -> Self {
        Self {
            mem: Box::new(Mem {
                data: file.to_vec(),
                pos: 0,
            }),
        }
    }

    /// Decodes every strip of every page with libtiff into `out` (packed
    /// rows as libtiff returns them). Returns the number of pixel bytes,
    /// or `None` if libtiff reports an error.
    pub fn decode(&mut self, out: &mut Vec<u8>) -> Option<usize> {
        self.mem.pos = 0;
        decode_mem(&mut self.mem, out)
    }
}

/// Decodes every strip of every page of an in-memory TIFF with libtiff
/// (see [`MemFile::decode`]).
pub fn decode(file: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    MemFile::new(file).decode(out)
}

fn decode_mem(mem: &mut Mem, out: &mut Vec<u8>) -> Option<usize> {
    out.clear();
    let t = open(mem, b"r\0");
    if t.is_null() {
        return None;
    }
    let mut ok = true;
    loop {
        // SAFETY: a directory is current on an open handle.
        let (n, size) = unsafe { (TIFFNumberOfStrips(t), TIFFStripSize(t)) };
        for s in 0..n {
            let at = out.len();
            out.resize(at + size.max(0) as usize, 0);
            // SAFETY: the buffer has `size` bytes from `at`.
            let got = unsafe { TIFFReadEncodedStrip(t, s, out[at..].as_mut_ptr().cast(), size) };
            if got < 0 {
                ok = false;
                out.truncate(at);
            } else {
                out.truncate(at + got as usize);
            }
        }
        // SAFETY: advances to the next directory, 0 at the end.
        if unsafe { TIFFReadDirectory(t) } == 0 {
            break;
        }
    }
    // SAFETY: opened above, closed once, before `mem` is dropped.
    unsafe { TIFFClose(t) };
    ok.then_some(out.len())
}

/// Compression for [`encode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// Group 3, 1-D (MH).
    Mh,
    /// Group 3, 2-D (MR); K = 4 because the page is tagged 196 dpi.
    Mr,
    /// Group 4 (MMR).
    Mmr,
}

/// Encodes one page (packed rows, 1 = black, `width.div_ceil(8)` bytes a
/// row) into an in-memory TIFF with one strip, 204×196 dpi, with libtiff's
/// own encoder. Returns the file.
pub fn encode(width: u32, height: u32, pixels: &[u8], coding: Coding) -> Option<Vec<u8>> {
    let mut mem = Mem {
        data: Vec::with_capacity(pixels.len() / 4),
        pos: 0,
    };
    let t = open(&mut mem, b"w\0");
    if t.is_null() {
        return None;
    }
    let (comp, t4): (c_int, Option<c_uint>) = match coding {
        Coding::Mh => (3, Some(0)),
        Coding::Mr => (3, Some(1)),
        Coding::Mmr => (4, None),
    };
    // SAFETY: variadic setters get the C types libtiff documents (uint32
    // as unsigned int, uint16 promoted to int, float promoted to double).
    let wrote = unsafe {
        TIFFSetField(t, 256, width as c_uint);
        TIFFSetField(t, 257, height as c_uint);
        TIFFSetField(t, 258, 1 as c_int);
        TIFFSetField(t, 277, 1 as c_int);
        TIFFSetField(t, 262, 0 as c_int);
        TIFFSetField(t, 259, comp);
        if let Some(o) = t4 {
            TIFFSetField(t, 292, o);
        }
        TIFFSetField(t, 282, 204.0f64);
        TIFFSetField(t, 283, 196.0f64);
        TIFFSetField(t, 296, 2 as c_int);
        TIFFSetField(t, 278, height as c_uint);
        TIFFWriteEncodedStrip(t, 0, pixels.as_ptr() as *mut c_void, pixels.len() as isize)
    };
    // SAFETY: opened above, closed once; flushes the directory into `mem`.
    unsafe { TIFFClose(t) };
    (wrote >= 0).then_some(mem.data)
}

/// spandsp's T.4/T.6 receiver (`t4_rx`), fed a coded page as it would
/// arrive from a fax line (LSB-first bytes). Returns the rows it delivers
/// to its row-write handler, or `None` if spandsp refuses the set-up.
/// `encoding`: 1 = T.4 1-D, 2 = T.4 2-D, 3 = T.6. spandsp 0.0.6 insists on
/// writing a TIFF as well; it goes to `scratch`.
pub fn spandsp_t4_rx(
    coded: &[u8],
    encoding: c_int,
    width: u32,
    scratch: &std::path::Path,
) -> Option<Vec<Vec<u8>>> {
    #[repr(C)]
    struct T4Rx {
        _opaque: [u8; 0],
    }
    extern "C" {
        fn t4_rx_init(s: *mut T4Rx, file: *const c_char, output_encoding: c_int) -> *mut T4Rx;
        fn t4_rx_set_rx_encoding(s: *mut T4Rx, encoding: c_int);
        fn t4_rx_set_image_width(s: *mut T4Rx, width: c_int);
        fn t4_rx_set_x_resolution(s: *mut T4Rx, res: c_int);
        fn t4_rx_set_y_resolution(s: *mut T4Rx, res: c_int);
        fn t4_rx_set_row_write_handler(
            s: *mut T4Rx,
            handler: extern "C" fn(*mut c_void, *const u8, usize) -> c_int,
            user: *mut c_void,
        ) -> c_int;
        fn t4_rx_start_page(s: *mut T4Rx) -> c_int;
        fn t4_rx_put_chunk(s: *mut T4Rx, buf: *const u8, len: c_int) -> c_int;
        fn t4_rx_end_page(s: *mut T4Rx) -> c_int;
        fn t4_rx_free(s: *mut T4Rx) -> c_int;
    }
    extern "C" fn on_row(user: *mut c_void, buf: *const u8, len: usize) -> c_int {
        if len > 0 && !buf.is_null() {
            // SAFETY: `user` is the Vec below, alive for the whole call
            // sequence; spandsp passes `len` readable bytes.
            unsafe {
                let rows = &mut *user.cast::<Vec<Vec<u8>>>();
                rows.push(std::slice::from_raw_parts(buf, len).to_vec());
            }
        }
        0
    }
    let path = std::ffi::CString::new(scratch.as_os_str().as_encoded_bytes()).ok()?;
    let mut rows: Vec<Vec<u8>> = Vec::new();
    // SAFETY: a null state asks spandsp to allocate; the path outlives the
    // state; `rows` outlives every callback (the state is freed below).
    unsafe {
        let s = t4_rx_init(std::ptr::null_mut(), path.as_ptr(), 3);
        if s.is_null() {
            return None;
        }
        t4_rx_set_rx_encoding(s, encoding);
        t4_rx_set_image_width(s, width as c_int);
        t4_rx_set_x_resolution(s, 8040);
        t4_rx_set_y_resolution(s, 7700);
        t4_rx_set_row_write_handler(s, on_row, (&mut rows as *mut Vec<Vec<u8>>).cast());
        t4_rx_start_page(s);
        t4_rx_put_chunk(s, coded.as_ptr(), coded.len() as c_int);
        t4_rx_end_page(s);
        t4_rx_free(s);
    }
    Some(rows)
}

/// CPU time consumed by the calling thread, in nanoseconds
/// (`CLOCK_THREAD_CPUTIME_ID`): lets benches compare two codecs fairly on
/// a machine shared with other work.
pub fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer for clock_gettime.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}
