//! G.711: any bytes decode exactly as per-code decoding does (slice
//! decoding takes sixteen codes per step with AVX2 where the CPU has it, or
//! two codes per table look-up on long inputs), also from an odd offset
//! into an odd output offset, and every code re-encodes to itself (µ-law's
//! negative zero 0x7F excepted, which encodes as 0xFF).
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_g7xx::g711;

fuzz_target!(|data: &[u8]| {
    let mut pcm = vec![0i16; data.len()];
    let mut back = vec![0u8; data.len()];
    g711::ulaw_decode(data, &mut pcm);
    assert!(data.iter().zip(&pcm).all(|(&c, &x)| g711::ulaw_to_linear(c) == x));
    g711::ulaw_encode(&pcm, &mut back);
    for (a, b) in data.iter().zip(&back) {
        assert!(a == b || (*a == 0x7F && *b == 0xFF));
    }
    g711::alaw_decode(data, &mut pcm);
    assert!(data.iter().zip(&pcm).all(|(&c, &x)| g711::alaw_to_linear(c) == x));
    g711::alaw_encode(&pcm, &mut back);
    assert_eq!(data, &back[..]);

    // Misaligned input and output, output one sample short: only the
    // shorter length is written, nothing past it.
    if let Some(codes) = data.get(1..) {
        let mut out = vec![0x5A5Ai16; codes.len() + 2];
        let n = codes.len().saturating_sub(1);
        let decoders: [(fn(&[u8], &mut [i16]) -> usize, fn(u8) -> i16); 2] = [
            (g711::ulaw_decode, g711::ulaw_to_linear),
            (g711::alaw_decode, g711::alaw_to_linear),
        ];
        for (decode, one) in decoders {
            assert_eq!(decode(codes, &mut out[1..=n]), n);
            assert!(codes.iter().zip(&out[1..=n]).all(|(&c, &x)| one(c) == x));
            assert!(out[0] == 0x5A5A && out[n + 1..].iter().all(|&x| x == 0x5A5A));
        }
    }
});
