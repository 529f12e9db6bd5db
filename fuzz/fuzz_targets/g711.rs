//! G.711: any bytes decode (slice decoding, which takes two codes per
//! look-up on long inputs, equals per-code decoding), and every code
//! re-encodes to itself (µ-law's negative zero 0x7F excepted, which encodes
//! as 0xFF).
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
});
