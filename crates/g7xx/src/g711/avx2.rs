//! G.711 slice decoding with AVX2, chosen at run time: the crate's only
//! `unsafe` code (see "Why unsafe" below).
//!
//! Sixteen codes at a time are widened to 16-bit lanes and expanded by
//! arithmetic, with the per-segment constants read from 16-entry byte
//! tables by `vpshufb`:
//!
//! - µ-law, with `n = !code`, mantissa `m = n & 15`, segment `e = n >> 4 & 7`:
//!   `|x| = ((8m + 0x84) << e) − 0x84`;
//! - A-law, with `n = code ^ 0x55`: `|x| = 8·(2m + 1 + 32·[e > 0]) · 2^max(e − 1, 0)`;
//! - the sample is negative when bit 7 of the code is clear (both laws).
//!
//! Each lane computes `−|x|` as `base · (−2^k)` (one `vpmullw`, both factors
//! looked up) plus a constant, and `vpsignw` with the code's bit 7 restores
//! the sign. This is the per-code formula of `ulaw_expand`/`alaw_expand`
//! in `g711.rs` rearranged; the tests compare it with the 256-entry tables
//! for every code at every alignment and length remainder, and the `g711`
//! fuzz target compares every slice it decodes with per-code decoding.
//!
//! # Why unsafe
//!
//! A table decoder costs one load per sample, so it is bound by the core's
//! load ports at about two samples per cycle; the best Rust peer
//! (audio-codec-algorithms) is such a loop. Baseline x86-64 (SSE2, all
//! that safe Rust can target without run-time dispatch) has no byte shuffle
//! and no variable shift, and an SSE2 arithmetic expansion measured slower
//! than the table (3.2 µs against 1.9 µs per 8,000 samples). AVX2 does the
//! work in about one instruction per sample for sixteen samples; the crate
//! README gives the measurement (interleaved minimum CPU time) that
//! justifies it. Calling a `#[target_feature]` function and the SIMD
//! loads/stores need `unsafe`; the one call site checks the feature first.

#[cfg(target_arch = "x86")]
use core::arch::x86::{
    __m256i, _mm256_add_epi16, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cvtepu8_epi16,
    _mm256_mullo_epi16, _mm256_or_si256, _mm256_set1_epi16, _mm256_shuffle_epi8, _mm256_sign_epi16,
    _mm256_slli_epi16, _mm256_srli_epi16, _mm256_storeu_si256, _mm256_xor_si256, _mm_loadu_si128,
    _mm_setr_epi8,
};
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{
    __m256i, _mm256_add_epi16, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cvtepu8_epi16,
    _mm256_mullo_epi16, _mm256_or_si256, _mm256_set1_epi16, _mm256_shuffle_epi8, _mm256_sign_epi16,
    _mm256_slli_epi16, _mm256_srli_epi16, _mm256_storeu_si256, _mm256_xor_si256, _mm_loadu_si128,
    _mm_setr_epi8,
};

/// Decodes the longest prefix of `min(codes.len(), out.len())` that is a
/// multiple of 16 and returns its length; `None` (nothing written) when the
/// CPU has no AVX2. The caller decodes the rest.
pub(super) fn decode(alaw: bool, codes: &[u8], out: &mut [i16]) -> Option<usize> {
    if !std::is_x86_feature_detected!("avx2") {
        return None;
    }
    // SAFETY: `expand` requires only AVX2, detected just above; it touches
    // memory only inside the two slices (see its own comment).
    Some(unsafe {
        if alaw {
            expand::<true>(codes, out)
        } else {
            expand::<false>(codes, out)
        }
    })
}

/// A 16-byte table in both 128-bit halves (`vpshufb` looks up per half).
#[target_feature(enable = "avx2")]
unsafe fn table(t: [i8; 16]) -> __m256i {
    _mm256_broadcastsi128_si256(_mm_setr_epi8(
        t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13],
        t[14], t[15],
    ))
}

/// `−2^k` for each index `(bit 7 of n) << 3 | e`, as bytes; both halves
/// alike. Entry 8 doubles as the high byte of every lane (index `0x08`,
/// see `expand`), and is −1 = `0xFF` in both laws, which sign-extends the
/// low byte: each lane holds `−2^k` as an `i16`.
const ULAW_POW: [i8; 16] = [
    -1, -2, -4, -8, -16, -32, -64, -128, -1, -2, -4, -8, -16, -32, -64, -128,
];
const ALAW_POW: [i8; 16] = [
    -1, -1, -2, -4, -8, -16, -32, -64, -1, -1, -2, -4, -8, -16, -32, -64,
];
/// µ-law `8m + 0x84` by mantissa (unsigned bytes 0x84..=0xFC).
const ULAW_BASE: [i8; 16] = {
    let mut t = [0i8; 16];
    let mut m = 0;
    while m < 16 {
        t[m] = (8 * m as i32 + 0x84) as u8 as i8;
        m += 1;
    }
    t
};
/// A-law `2m + 1` by mantissa.
const ALAW_BASE: [i8; 16] = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31];
/// A-law `32·[e > 0]` by the same index as the powers; entry 8 (also the
/// high byte of every lane) is 0.
const ALAW_SEGMENT: [i8; 16] = [0, 32, 32, 32, 32, 32, 32, 32, 0, 32, 32, 32, 32, 32, 32, 32];

/// Expands 16 codes per step; returns the number of samples written.
///
/// # Safety
///
/// The CPU must support AVX2. Memory: each step reads the 16 bytes of one
/// `chunks_exact(16)` chunk of `codes` and writes the 16 samples of one
/// `chunks_exact_mut(16)` chunk of `out` (unaligned load and store, so any
/// address is fine), so nothing outside the slices is touched.
#[target_feature(enable = "avx2")]
#[allow(clippy::cast_ptr_alignment)] // unaligned load/store intrinsics
unsafe fn expand<const ALAW: bool>(codes: &[u8], out: &mut [i16]) -> usize {
    let (flip, base_t, pow_t, offset) = if ALAW {
        (0x8055u16 as i16, ALAW_BASE, ALAW_POW, 0)
    } else {
        (0x80FFu16 as i16, ULAW_BASE, ULAW_POW, 0x84)
    };
    let flip = _mm256_set1_epi16(flip);
    let mantissa_mask = _mm256_set1_epi16(0x800F_u16 as i16);
    let offset = _mm256_set1_epi16(offset);
    let one = _mm256_set1_epi16(1);
    let base_t = table(base_t);
    let pow_t = table(pow_t);
    let segment_t = table(ALAW_SEGMENT);
    let mut done = 0;
    for (c, o) in codes.chunks_exact(16).zip(out.chunks_exact_mut(16)) {
        // 16 codes, one per 16-bit lane: 0x00cc.
        let w = _mm256_cvtepu8_epi16(_mm_loadu_si128(c.as_ptr().cast()));
        // Low byte n (= !c or c ^ 0x55), high byte 0x80: a `vpshufb` index
        // with bit 7 set yields 0, so lookups by `n & 0x800F` leave the high
        // byte zero.
        let n = _mm256_xor_si256(w, flip);
        let mut base = _mm256_shuffle_epi8(base_t, _mm256_and_si256(n, mantissa_mask));
        // `n >> 4`: low byte (bit 7 of n) << 3 | e, high byte 0x08.
        let seg = _mm256_srli_epi16::<4>(n);
        if ALAW {
            base = _mm256_add_epi16(base, _mm256_shuffle_epi8(segment_t, seg));
        }
        let pow = _mm256_shuffle_epi8(pow_t, seg);
        // −|x| (µ-law: −(base << e) + 0x84; A-law: −(base << k) · 8).
        let mut neg = _mm256_mullo_epi16(base, pow);
        if ALAW {
            neg = _mm256_slli_epi16::<3>(neg);
        } else {
            neg = _mm256_add_epi16(neg, offset);
        }
        // `vpsignw` negates where the sign word is negative: (c << 8) | 1 is
        // negative exactly when bit 7 of the code is set (a positive
        // sample), and never zero.
        let sign = _mm256_or_si256(_mm256_slli_epi16::<8>(w), one);
        _mm256_storeu_si256(o.as_mut_ptr().cast(), _mm256_sign_epi16(neg, sign));
        done += 16;
    }
    done
}
