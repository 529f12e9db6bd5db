//! ITU-T G.711 companding, exactly as the ITU-T G.191 software tools library
//! (STL) defines it: negative inputs are reduced by one's complement, which is
//! what makes the output match the STL sweep references bit for bit.
//!
//! Linear samples are 16-bit, left-justified (full scale ±32767); µ-law uses
//! the top 14 bits and A-law the top 13.

#[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
#[allow(unsafe_code)] // the one module with `unsafe`; see its docs
mod avx2;

/// µ-law encoding computed (used to build [`ULAW_ENC`]).
const fn ulaw_compress(x: i16) -> u8 {
    // One's complement magnitude of the 14-bit sample.
    let mut mag = if x < 0 { (!x) >> 2 } else { x >> 2 } as u16;
    if mag > 0x1FDE {
        mag = 0x1FDE;
    }
    mag += 0x21;
    // Segment: position of the highest set bit above bit 5.
    let seg = (16 - (mag >> 6).leading_zeros()) as u16 + 1; // 1..=8
    let high = 8 - seg;
    let low = 0x0F - ((mag >> seg) & 0x0F);
    let code = ((high << 4) | low) as u8;
    if x >= 0 {
        code | 0x80
    } else {
        code
    }
}

/// Encodes one linear sample to µ-law. The code depends only on the top 14
/// bits, so this is one load from a 16 KiB table.
#[inline]
pub fn linear_to_ulaw(x: i16) -> u8 {
    ULAW_ENC[((x >> 2) & 0x3FFF) as usize]
}

/// Decodes one µ-law byte to a linear sample.
#[inline]
pub fn ulaw_to_linear(u: u8) -> i16 {
    ULAW_TO_LINEAR[u as usize]
}

/// A-law encoding computed (used to build [`ALAW_ENC`]).
const fn alaw_compress(x: i16) -> u8 {
    let mut ix = if x < 0 { (!x) >> 4 } else { x >> 4 } as u16;
    if ix > 15 {
        let mut exp = 1u16;
        while ix > 16 + 15 {
            ix >>= 1;
            exp += 1;
        }
        ix -= 16;
        ix += exp << 4;
    }
    if x >= 0 {
        ix |= 0x80;
    }
    (ix as u8) ^ 0x55
}

/// Encodes one linear sample to A-law. The code depends only on the top 12
/// bits, so this is one load from a 4 KiB table.
#[inline]
pub fn linear_to_alaw(x: i16) -> u8 {
    ALAW_ENC[((x >> 4) & 0xFFF) as usize]
}

/// Decodes one A-law byte to a linear sample.
#[inline]
pub fn alaw_to_linear(a: u8) -> i16 {
    ALAW_TO_LINEAR[a as usize]
}

const fn ulaw_expand(u: u8) -> i16 {
    let m = !u;
    let exponent = (m >> 4) & 0x07;
    let segment = exponent as i32 + 1;
    let mantissa = (m & 0x0F) as i32;
    let step = 4 << segment;
    let mag = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
    if u < 0x80 {
        -mag as i16
    } else {
        mag as i16
    }
}

const fn alaw_expand(a: u8) -> i16 {
    let ix = (a ^ 0x55) & 0x7F;
    let exp = (ix >> 4) as i32;
    let mut mant = (ix & 0x0F) as i32;
    if exp > 0 {
        mant += 16;
    }
    mant = (mant << 4) + 8;
    if exp > 1 {
        mant <<= exp - 1;
    }
    if a > 127 {
        mant as i16
    } else {
        -mant as i16
    }
}

macro_rules! expand_table {
    ($f:ident) => {{
        let mut t = [0i16; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = $f(i as u8);
            i += 1;
        }
        t
    }};
}

static ULAW_TO_LINEAR: [i16; 256] = expand_table!(ulaw_expand);

/// µ-law code for each 14-bit value `x >> 2` (two's complement index).
static ULAW_ENC: [u8; 16384] = {
    let mut t = [0u8; 16384];
    let mut i = 0;
    while i < 16384 {
        // Sign-extend the 14-bit index and restore the dropped low bits.
        let x = (((i as i32) << 18) >> 16) as i16;
        t[i] = ulaw_compress(x);
        i += 1;
    }
    t
};

/// A-law code for each 12-bit value `x >> 4`.
static ALAW_ENC: [u8; 4096] = {
    let mut t = [0u8; 4096];
    let mut i = 0;
    while i < 4096 {
        let x = (((i as i32) << 20) >> 16) as i16;
        t[i] = alaw_compress(x);
        i += 1;
    }
    t
};
static ALAW_TO_LINEAR: [i16; 256] = expand_table!(alaw_expand);

/// G.711 Table 3 (µ-law to A-law), by magnitude: entry `m` is the A-law
/// decoder output number (1..=128) for the µ-law magnitude code `m` (the
/// complemented 7 low bits, 0 = zero).
const U2A_MAG: [u8; 128] = [
    1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, //
    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, //
    25, 27, 29, 31, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, //
    46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, //
    64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, //
    80, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, //
    97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, //
    113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128,
];

/// G.711 Table 4 (A-law to µ-law), by magnitude: entry `i` (A-law output
/// number minus one) is the µ-law magnitude code.
const A2U_MAG: [u8; 128] = [
    1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, //
    24, 25, 26, 27, 28, 29, 30, 31, 32, 32, 33, 33, 34, 34, 35, 35, //
    36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 48, 49, 49, //
    50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 64, //
    65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, //
    80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, //
    96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, //
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
];

const fn build_u2a() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut u = 0;
    while u < 256 {
        let positive = u & 0x80 != 0;
        let mag = (!(u as u8)) & 0x7F;
        let a_mag = U2A_MAG[mag as usize] - 1;
        t[u] = if positive { a_mag ^ 0xD5 } else { a_mag ^ 0x55 };
        u += 1;
    }
    t
}

const fn build_a2u() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut a = 0;
    while a < 256 {
        let positive = a & 0x80 != 0;
        let a_mag = ((a as u8) ^ 0x55) & 0x7F;
        let u_mag = A2U_MAG[a_mag as usize];
        t[a] = if positive { 0xFF ^ u_mag } else { 0x7F ^ u_mag };
        a += 1;
    }
    t
}

static ULAW_TO_ALAW: [u8; 256] = build_u2a();
static ALAW_TO_ULAW: [u8; 256] = build_a2u();

/// Transcodes one µ-law byte to A-law exactly as G.711 Table 3 specifies.
#[inline]
#[must_use]
pub fn ulaw_to_alaw(u: u8) -> u8 {
    ULAW_TO_ALAW[u as usize]
}

/// Transcodes one A-law byte to µ-law exactly as G.711 Table 4 specifies.
#[inline]
#[must_use]
pub fn alaw_to_ulaw(a: u8) -> u8 {
    ALAW_TO_ULAW[a as usize]
}

/// Transcodes µ-law bytes to A-law into `out`; returns the count converted.
pub fn ulaw_to_alaw_slice(law: &[u8], out: &mut [u8]) -> usize {
    for (o, &u) in out.iter_mut().zip(law) {
        *o = ulaw_to_alaw(u);
    }
    law.len().min(out.len())
}

/// Transcodes A-law bytes to µ-law into `out`; returns the count converted.
pub fn alaw_to_ulaw_slice(law: &[u8], out: &mut [u8]) -> usize {
    for (o, &a) in out.iter_mut().zip(law) {
        *o = alaw_to_ulaw(a);
    }
    law.len().min(out.len())
}

/// Encodes `pcm` to µ-law into `out`; converts `min(pcm.len(), out.len())`
/// samples and returns that count.
pub fn ulaw_encode(pcm: &[i16], out: &mut [u8]) -> usize {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = linear_to_ulaw(x);
    }
    pcm.len().min(out.len())
}

/// Decodes µ-law bytes into `out`; returns the number of samples written.
///
/// With the `std` feature on x86 CPUs that have AVX2 (checked at run
/// time), sixteen codes are expanded per step in SIMD registers; otherwise
/// long slices (1,024 bytes or more) go two bytes per table look-up. Both
/// give exactly [`ulaw_to_linear`] of every code (see the crate README for
/// what each buys).
pub fn ulaw_decode(law: &[u8], out: &mut [i16]) -> usize {
    decode(false, &ULAW_PAIRS, &ULAW_TO_LINEAR, law, out)
}

/// Encodes `pcm` to A-law into `out`; returns the number of bytes written.
pub fn alaw_encode(pcm: &[i16], out: &mut [u8]) -> usize {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = linear_to_alaw(x);
    }
    pcm.len().min(out.len())
}

/// Decodes A-law bytes into `out`; returns the number of samples written.
///
/// Sixteen codes per step with AVX2, or two per table look-up, as
/// [`ulaw_decode`]; equal to [`alaw_to_linear`] of every code.
pub fn alaw_decode(law: &[u8], out: &mut [i16]) -> usize {
    decode(true, &ALAW_PAIRS, &ALAW_TO_LINEAR, law, out)
}

/// Slice decoding: the AVX2 expansion where the CPU has it (its tail of
/// fewer than 16 codes through the 256-entry table), else [`decode_pairs`].
fn decode(
    alaw: bool,
    pairs: &[u32; 65536],
    single: &[i16; 256],
    law: &[u8],
    out: &mut [i16],
) -> usize {
    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
    if let Some(done) = avx2::decode(alaw, law, out) {
        let n = law.len().min(out.len());
        if let (Some(law), Some(out)) = (law.get(done..n), out.get_mut(done..n)) {
            for (o, &b) in out.iter_mut().zip(law) {
                *o = single[usize::from(b)];
            }
        }
        return n;
    }
    #[cfg(not(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64"))))]
    let _ = alaw;
    decode_pairs(pairs, single, law, out)
}

/// Both samples of every pair of codes: entry `b0 | b1 << 8` holds the
/// sample of `b0` in its low 16 bits and that of `b1` in its high 16 bits
/// (256 KiB per law, built at compile time).
#[allow(clippy::large_stack_arrays)] // evaluated at compile time only
const fn pair_table(single: &[i16; 256]) -> [u32; 65536] {
    let mut t = [0u32; 65536];
    let mut k = 0;
    while k < 65536 {
        let lo = single[k & 255] as u16 as u32;
        let hi = single[k >> 8] as u16 as u32;
        t[k] = lo | (hi << 16);
        k += 1;
    }
    t
}

/// The four 16-bit halves of a word, low first.
#[inline]
fn quad(v: u64) -> [i16; 4] {
    [
        v as i16,
        (v >> 16) as i16,
        (v >> 32) as i16,
        (v >> 48) as i16,
    ]
}

static ULAW_PAIRS: [u32; 65536] = pair_table(&ULAW_TO_LINEAR);
static ALAW_PAIRS: [u32; 65536] = pair_table(&ALAW_TO_LINEAR);

/// Slices shorter than this decode byte by byte through the 256-entry table
/// (a judgement, not a measurement: a short RTP frame touches too few pairs
/// to bring the 256 KiB pair table into cache).
const PAIR_MIN: usize = 1024;

/// Slice decoding, two codes per look-up: eight codes are read as one
/// little-endian word and expanded through four pair look-ups, written as
/// two words of four samples. A per-sample decoder (one look-up, one load
/// and one store per byte) is bound by the core's load ports; halving the
/// look-ups is what the slice API can do that a per-byte function cannot.
/// The pair table is 256 KiB, so it pays on long slices whose codes repeat
/// (speech, whose energy sits in a few segments) while the table stays in
/// cache; see the crate README for the measured ratios.
fn decode_pairs(pairs: &[u32; 65536], single: &[i16; 256], law: &[u8], out: &mut [i16]) -> usize {
    let n = law.len().min(out.len());
    let (law, out) = (&law[..n], &mut out[..n]);
    if n < PAIR_MIN {
        for (o, &b) in out.iter_mut().zip(law) {
            *o = single[usize::from(b)];
        }
        return n;
    }
    let mut in8 = law.chunks_exact(8);
    let mut out8 = out.chunks_exact_mut(8);
    for (o, b) in (&mut out8).zip(&mut in8) {
        let Ok(b) = <[u8; 8]>::try_from(b) else {
            continue; // unreachable: the chunks are exactly 8 long
        };
        let w = u64::from_le_bytes(b);
        let p = |shift: u32| u64::from(pairs[((w >> shift) & 0xFFFF) as usize]);
        let (lo, hi) = o.split_at_mut(4);
        lo.copy_from_slice(&quad(p(0) | (p(16) << 32)));
        hi.copy_from_slice(&quad(p(32) | (p(48) << 32)));
    }
    for (o, &b) in out8.into_remainder().iter_mut().zip(in8.remainder()) {
        *o = single[usize::from(b)];
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_extremes() {
        assert_eq!(ulaw_to_linear(0x80), 32124);
        assert_eq!(ulaw_to_linear(0x00), -32124);
        assert_eq!(ulaw_to_linear(0xFF), 0);
        assert_eq!(alaw_to_linear(0xD5), 8);
        assert_eq!(alaw_to_linear(0xAA), 32256);
        assert_eq!(alaw_to_linear(0x2A), -32256);
    }

    #[test]
    fn pair_table_decoding_equals_per_sample_decoding_for_every_pair() {
        // The table path (taken without AVX2 or without the `std` feature),
        // called directly so that it is tested on every machine: every
        // ordered pair of codes, at every alignment of the 8-byte blocks and
        // with a short tail, long and short slices.
        let all: std::vec::Vec<u8> = (0..=65535u16).flat_map(u16::to_le_bytes).collect();
        for (skip, len) in [(0, all.len()), (1, all.len() - 4), (3, 1029), (5, 37)] {
            let law = &all[skip..skip + len];
            let mut u = std::vec![0i16; len + 3];
            let mut a = std::vec![0i16; len + 3];
            assert_eq!(decode_pairs(&ULAW_PAIRS, &ULAW_TO_LINEAR, law, &mut u), len);
            assert_eq!(decode_pairs(&ALAW_PAIRS, &ALAW_TO_LINEAR, law, &mut a), len);
            for (k, &b) in law.iter().enumerate() {
                assert_eq!(u[k], ulaw_to_linear(b), "µ-law at {k}");
                assert_eq!(a[k], alaw_to_linear(b), "A-law at {k}");
            }
            assert!(u[len..].iter().chain(&a[len..]).all(|&x| x == 0));
        }
    }

    #[test]
    fn slice_decoding_equals_per_code_decoding_at_every_alignment_and_length() {
        // All 256 codes (in an order that puts every code in every lane of
        // a 16-code step), read from every offset into the 8- and 16-byte
        // blocks, written to every offset, at every length remainder: the
        // SIMD path (where the CPU has it), its table tail, and the table
        // paths all meet.
        let codes: std::vec::Vec<u8> = (0..256 * 17)
            .map(|k| ((k * 167 + k / 256) % 256) as u8)
            .collect();
        for skip in 0..32 {
            for len in (0..80).chain([256, 1023, 1024, 1031, 256 * 16 + 1]) {
                let law = &codes[skip..skip + len];
                for out_skip in [0, 1, 3, 8] {
                    let mut u = std::vec![7i16; out_skip + len + 17];
                    let mut a = u.clone();
                    assert_eq!(ulaw_decode(law, &mut u[out_skip..]), len);
                    assert_eq!(alaw_decode(law, &mut a[out_skip..]), len);
                    for (k, &b) in law.iter().enumerate() {
                        assert_eq!(u[out_skip + k], ulaw_to_linear(b), "µ-law {skip}/{len}/{k}");
                        assert_eq!(a[out_skip + k], alaw_to_linear(b), "A-law {skip}/{len}/{k}");
                    }
                    // Nothing before or after the samples was touched.
                    let untouched = |v: &[i16]| {
                        v[..out_skip]
                            .iter()
                            .chain(&v[out_skip + len..])
                            .all(|&x| x == 7)
                    };
                    assert!(untouched(&u) && untouched(&a));
                }
            }
        }
        // A shorter output bounds the count.
        let mut short = [0i16; 20];
        assert_eq!(ulaw_decode(&codes[..100], &mut short), 20);
        assert_eq!(alaw_decode(&codes[..100], &mut short), 20);
        assert_eq!(short[19], alaw_to_linear(codes[19]));
    }

    #[cfg(all(feature = "std", any(target_arch = "x86", target_arch = "x86_64")))]
    #[test]
    fn avx2_expansion_equals_the_tables_for_every_code() {
        // Directly, so that a fallback to the tables cannot hide a wrong
        // SIMD lane. Skips (and says so) on a CPU without AVX2.
        // Every code in every lane (16 starting offsets), every length
        // remainder.
        let codes: std::vec::Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for (alaw, table) in [(false, &ULAW_TO_LINEAR), (true, &ALAW_TO_LINEAR)] {
            for skip in 0..16 {
                for len in (0..48).chain([256, 256 + 15, 496]) {
                    let law = &codes[skip..skip + len];
                    let mut out = std::vec![0i16; len];
                    let Some(done) = avx2::decode(alaw, law, &mut out) else {
                        std::eprintln!("skipping: no AVX2 on this CPU");
                        return;
                    };
                    assert_eq!(done, len / 16 * 16);
                    for k in 0..done {
                        let code = usize::from(law[k]);
                        assert_eq!(out[k], table[code], "A-law {alaw}, code {code:#04x}");
                    }
                    assert!(out[done..].iter().all(|&x| x == 0));
                }
            }
        }
    }

    #[test]
    fn every_code_survives_a_round_trip() {
        for code in 0..=255u8 {
            let u = linear_to_ulaw(ulaw_to_linear(code));
            // µ-law has two zeros (0x7F and 0xFF); everything else is exact.
            if code != 0x7F {
                assert_eq!(u, code, "µ-law {code:#04x}");
            }
            assert_eq!(
                linear_to_alaw(alaw_to_linear(code)),
                code,
                "A-law {code:#04x}"
            );
        }
    }

    #[test]
    fn transcoding_round_trips_where_g711_says_it_must() {
        // µ→A→µ is the identity except for the 8 small µ magnitudes where
        // µ-law is finer than A-law (even magnitude codes 0..=14).
        let mut lossy = 0;
        for u in 0..=255u8 {
            let back = alaw_to_ulaw(ulaw_to_alaw(u));
            let mag = !u & 0x7F;
            if mag <= 14 && mag % 2 == 0 {
                lossy += 1;
            } else {
                assert_eq!(back, u, "µ {u:#04x}");
            }
            // One round trip is stable afterwards (idempotent).
            assert_eq!(ulaw_to_alaw(back), ulaw_to_alaw(u));
        }
        assert_eq!(lossy, 16);
        // A→µ→A loses only where A-law is finer: 8 magnitudes per sign.
        let lossy_a = (0..=255u8)
            .filter(|&a| ulaw_to_alaw(alaw_to_ulaw(a)) != a)
            .count();
        assert_eq!(lossy_a, 16);
        for a in 0..=255u8 {
            assert_eq!(alaw_to_ulaw(ulaw_to_alaw(alaw_to_ulaw(a))), alaw_to_ulaw(a));
        }
    }

    #[test]
    fn transcoding_spot_values_from_the_g711_tables() {
        // Zero and full scale keep their sign.
        assert_eq!(ulaw_to_alaw(0xFF), 0xD5);
        assert_eq!(ulaw_to_alaw(0x7F), 0x55);
        assert_eq!(ulaw_to_alaw(0x80), 0xAA);
        assert_eq!(alaw_to_ulaw(0xAA), 0x80);
        assert_eq!(alaw_to_ulaw(0xD5), 0xFE);
        // Transcoding never moves a sample by more than one A-law step.
        for u in 0..=255u8 {
            let lin = i32::from(ulaw_to_linear(u));
            let via = i32::from(alaw_to_linear(ulaw_to_alaw(u)));
            assert!(lin.signum() * via.signum() >= 0);
            assert!((lin - via).abs() <= 1024, "µ {u:#04x}: {lin} vs {via}");
        }
    }

    #[test]
    fn tables_equal_the_computed_laws() {
        for x in i16::MIN..=i16::MAX {
            assert_eq!(linear_to_ulaw(x), ulaw_compress(x), "{x}");
            assert_eq!(linear_to_alaw(x), alaw_compress(x), "{x}");
        }
    }

    #[test]
    fn encode_is_monotonic() {
        let mut last = ulaw_to_linear(linear_to_ulaw(i16::MIN));
        for x in i16::MIN..=i16::MAX {
            let y = ulaw_to_linear(linear_to_ulaw(x));
            assert!(y >= last);
            last = y;
        }
    }
}
