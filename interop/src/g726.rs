//! spandsp 0.0.6 G.726 (`g726_init`, `g726_encode`, `g726_decode`,
//! `g726_free`), the reference Missive's G.726 is compared and benchmarked
//! against.
//!
//! With linear coding spandsp takes and returns 16-bit samples (decoder
//! output `sr << 2`, wrapping on overflow). With A-law or µ-law "external
//! coding" its encoder reads G.711 bytes and its decoder writes G.711 bytes
//! (synchronously adjusted), through the same `int16_t *` argument.

use std::ffi::c_int;

#[repr(C)]
struct G726State {
    _opaque: [u8; 0],
}

extern "C" {
    fn g726_init(
        s: *mut G726State,
        bit_rate: c_int,
        ext_coding: c_int,
        packing: c_int,
    ) -> *mut G726State;
    fn g726_encode(s: *mut G726State, g726_data: *mut u8, amp: *const i16, len: c_int) -> c_int;
    fn g726_decode(
        s: *mut G726State,
        amp: *mut i16,
        g726_data: *const u8,
        g726_bytes: c_int,
    ) -> c_int;
    fn g726_free(s: *mut G726State) -> c_int;
}

/// spandsp's `G726_ENCODING_*`: what the PCM side interworks with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// 16-bit signed linear.
    Linear = 0,
    /// µ-law.
    Ulaw = 1,
    /// A-law.
    Alaw = 2,
}

/// spandsp's `G726_PACKING_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    /// One code per byte.
    None = 0,
    /// Codes packed from the most significant bit ("left").
    Left = 1,
    /// Codes packed from the least significant bit ("right").
    Right = 2,
}

/// A spandsp G.726 context (one direction, one channel).
pub struct G726(*mut G726State);

impl G726 {
    /// A context at `bit_rate` (16000, 24000, 32000 or 40000).
    pub fn new(bit_rate: i32, coding: Coding, packing: Packing) -> Self {
        // SAFETY: a null state asks spandsp to allocate one.
        let s = unsafe {
            g726_init(
                std::ptr::null_mut(),
                bit_rate,
                coding as c_int,
                packing as c_int,
            )
        };
        assert!(!s.is_null(), "g726_init({bit_rate}) failed");
        Self(s)
    }

    /// Encodes `pcm`; `out` must hold one byte per sample (enough for every
    /// packing). Returns the bytes written.
    pub fn encode(&mut self, pcm: &[i16], out: &mut [u8]) -> usize {
        assert!(out.len() >= pcm.len(), "output shorter than input");
        // SAFETY: out has room for pcm.len() bytes, the most spandsp writes.
        unsafe { g726_encode(self.0, out.as_mut_ptr(), pcm.as_ptr(), pcm.len() as c_int) as usize }
    }

    /// Encodes G.711 bytes (context made with [`Coding::Alaw`] or
    /// [`Coding::Ulaw`]); `out` must be at least as long. Returns the bytes
    /// written.
    pub fn encode_g711(&mut self, law: &[u8], out: &mut [u8]) -> usize {
        assert!(out.len() >= law.len(), "output shorter than input");
        // SAFETY: with G.711 coding spandsp reads `len` bytes through the
        // int16_t pointer; out has room for len bytes.
        unsafe {
            g726_encode(
                self.0,
                out.as_mut_ptr(),
                law.as_ptr().cast::<i16>(),
                law.len() as c_int,
            ) as usize
        }
    }

    /// Decodes to G.711 bytes (context made with [`Coding::Alaw`] or
    /// [`Coding::Ulaw`]); `out` must hold `data.len() * 4` bytes. Returns the
    /// bytes written.
    pub fn decode_g711(&mut self, data: &[u8], out: &mut [u8]) -> usize {
        assert!(out.len() >= data.len() * 4, "output too short");
        // SAFETY: with G.711 coding spandsp writes one byte per sample
        // through the int16_t pointer; out holds the most data can produce.
        unsafe {
            g726_decode(
                self.0,
                out.as_mut_ptr().cast::<i16>(),
                data.as_ptr(),
                data.len() as c_int,
            ) as usize
        }
    }

    /// Decodes `data`; `out` must hold `data.len() * 8 / 2` samples (the most
    /// a 16 kbit/s packed stream yields). Returns the samples written.
    pub fn decode(&mut self, data: &[u8], out: &mut [i16]) -> usize {
        assert!(out.len() >= data.len() * 4, "output too short");
        // SAFETY: out has room for the most samples data can produce.
        unsafe {
            g726_decode(self.0, out.as_mut_ptr(), data.as_ptr(), data.len() as c_int) as usize
        }
    }
}

impl Drop for G726 {
    fn drop(&mut self) {
        // SAFETY: allocated by g726_init, freed once.
        unsafe { g726_free(self.0) };
    }
}
