//! spandsp 0.0.6 (`libspandsp-dev`): DTMF generator and detector, G.711.

use std::ffi::{c_char, c_int, c_void};

#[repr(C)]
struct DtmfTxState {
    _opaque: [u8; 0],
}
#[repr(C)]
struct DtmfRxState {
    _opaque: [u8; 0],
}
#[repr(C)]
struct G711State {
    _opaque: [u8; 0],
}

type DigitsRxCallback = Option<unsafe extern "C" fn(*mut c_void, *const c_char, c_int)>;

extern "C" {
    fn dtmf_tx_init(s: *mut DtmfTxState) -> *mut DtmfTxState;
    fn dtmf_tx_put(s: *mut DtmfTxState, digits: *const c_char, len: c_int) -> c_int;
    fn dtmf_tx(s: *mut DtmfTxState, amp: *mut i16, max_samples: c_int) -> c_int;
    fn dtmf_tx_free(s: *mut DtmfTxState) -> c_int;

    fn dtmf_rx_init(
        s: *mut DtmfRxState,
        callback: DigitsRxCallback,
        user_data: *mut c_void,
    ) -> *mut DtmfRxState;
    fn dtmf_rx(s: *mut DtmfRxState, amp: *const i16, samples: c_int) -> c_int;
    fn dtmf_rx_get(s: *mut DtmfRxState, digits: *mut c_char, max: c_int) -> usize;
    fn dtmf_rx_free(s: *mut DtmfRxState) -> c_int;

    fn g711_init(s: *mut G711State, mode: c_int) -> *mut G711State;
    fn g711_encode(s: *mut G711State, g711_data: *mut u8, amp: *const i16, len: c_int) -> c_int;
    fn g711_decode(s: *mut G711State, amp: *mut i16, g711_data: *const u8, len: c_int) -> c_int;
    fn g711_free(s: *mut G711State) -> c_int;
}

/// spandsp's DTMF generator (default level and 50 ms on / 55 ms off timing).
pub struct DtmfTx(*mut DtmfTxState);

impl DtmfTx {
    /// A generator with spandsp's defaults.
    pub fn new() -> Self {
        // SAFETY: a null pointer asks spandsp to allocate the state.
        let s = unsafe { dtmf_tx_init(std::ptr::null_mut()) };
        assert!(!s.is_null(), "dtmf_tx_init failed");
        Self(s)
    }

    /// Generates `digits` (0-9, *, #, A-D) and returns the 8 kHz audio.
    pub fn generate(&mut self, digits: &str) -> Vec<i16> {
        let c = std::ffi::CString::new(digits).expect("digits contain no NUL");
        // SAFETY: the state is live; -1 means "NUL-terminated".
        unsafe { dtmf_tx_put(self.0, c.as_ptr(), -1) };
        let mut out = Vec::new();
        let mut buf = [0i16; 160];
        loop {
            // SAFETY: buf has room for 160 samples.
            let n = unsafe { dtmf_tx(self.0, buf.as_mut_ptr(), 160) };
            if n <= 0 {
                break;
            }
            out.extend_from_slice(&buf[..n as usize]);
        }
        out
    }
}

impl Default for DtmfTx {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for DtmfTx {
    fn drop(&mut self) {
        // SAFETY: allocated by dtmf_tx_init, freed once.
        unsafe { dtmf_tx_free(self.0) };
    }
}

/// spandsp's DTMF detector, polled for the digits it has collected.
pub struct DtmfRx(*mut DtmfRxState);

impl DtmfRx {
    /// A detector with spandsp's default thresholds.
    pub fn new() -> Self {
        // SAFETY: null state = allocate; no callback, digits are polled.
        let s = unsafe { dtmf_rx_init(std::ptr::null_mut(), None, std::ptr::null_mut()) };
        assert!(!s.is_null(), "dtmf_rx_init failed");
        Self(s)
    }

    /// Feeds samples without collecting digits (for throughput benches).
    pub fn feed(&mut self, samples: &[i16]) {
        for chunk in samples.chunks(i32::MAX as usize) {
            // SAFETY: chunk is a valid slice of chunk.len() samples.
            unsafe { dtmf_rx(self.0, chunk.as_ptr(), chunk.len() as c_int) };
        }
    }

    /// Feeds samples and returns every digit detected so far.
    pub fn detect(&mut self, samples: &[i16]) -> String {
        self.feed(samples);
        let mut buf = [0 as c_char; 128];
        let mut digits = String::new();
        loop {
            // SAFETY: buf holds 128 chars; spandsp writes at most max and a NUL.
            let n = unsafe { dtmf_rx_get(self.0, buf.as_mut_ptr(), 127) };
            if n == 0 {
                break;
            }
            digits.extend(buf[..n].iter().map(|&c| c as u8 as char));
        }
        digits
    }
}

impl Default for DtmfRx {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for DtmfRx {
    fn drop(&mut self) {
        // SAFETY: allocated by dtmf_rx_init, freed once.
        unsafe { dtmf_rx_free(self.0) };
    }
}

/// The G.711 law of a [`G711`] codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    /// A-law (PCMA).
    A = 0,
    /// µ-law (PCMU).
    U = 1,
}

/// spandsp's G.711 codec.
pub struct G711(*mut G711State);

impl G711 {
    /// A codec for `law`.
    pub fn new(law: Law) -> Self {
        // SAFETY: null state = allocate.
        let s = unsafe { g711_init(std::ptr::null_mut(), law as c_int) };
        assert!(!s.is_null(), "g711_init failed");
        Self(s)
    }

    /// Encodes `pcm` into `out` (which must be at least as long).
    pub fn encode(&mut self, pcm: &[i16], out: &mut [u8]) -> usize {
        let n = pcm.len().min(out.len());
        // SAFETY: both buffers hold at least n elements.
        unsafe { g711_encode(self.0, out.as_mut_ptr(), pcm.as_ptr(), n as c_int) as usize }
    }

    /// Decodes `law` into `out` (which must be at least as long).
    pub fn decode(&mut self, law: &[u8], out: &mut [i16]) -> usize {
        let n = law.len().min(out.len());
        // SAFETY: both buffers hold at least n elements.
        unsafe { g711_decode(self.0, out.as_mut_ptr(), law.as_ptr(), n as c_int) as usize }
    }
}

impl Drop for G711 {
    fn drop(&mut self) {
        // SAFETY: allocated by g711_init, freed once.
        unsafe { g711_free(self.0) };
    }
}
