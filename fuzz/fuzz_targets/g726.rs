//! G.726 decoder on any bytes: the first byte picks the rate (bits 0-1)
//! and the packing (bits 2-3, modulo 3); the rest is the packed stream.
//! Invariants: unpacking yields exactly `codes_in` codes and repacks to the
//! input (pad bits aside); the saturating linear output is the uniform
//! output times four; a clone decodes identically; per-sample and slice
//! paths agree. Then the same bytes, read as G.711 (bit 4 picks the law),
//! go through encoder → G.711 decoder → encoder, which must give back the
//! same codes (synchronous tandem coding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_g7xx::g726::{pack, Decoder, Encoder, Rate};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, payload)) = data.split_first() else {
        return;
    };
    let rate = [Rate::R16, Rate::R24, Rate::R32, Rate::R40][usize::from(sel & 3)];
    let packing = [
        pack::Packing::Rfc3551,
        pack::Packing::Aal2,
        pack::Packing::None,
    ][usize::from((sel >> 2) & 3) % 3];
    let bits = rate.bits() as usize;

    let n = pack::codes_in(payload.len(), rate, packing);
    let mut codes = vec![0u8; n];
    assert_eq!(pack::unpack(payload, rate, packing, &mut codes), Ok(n));
    assert!(codes.iter().all(|&c| usize::from(c) < 1 << bits));
    let mut repacked = vec![0u8; payload.len()];
    let m = pack::pack(&codes, rate, packing, &mut repacked).unwrap();
    assert_eq!(m, payload.len());
    if packing == pack::Packing::None {
        let mask = ((1u16 << bits) - 1) as u8;
        assert!(payload.iter().zip(&repacked).all(|(p, r)| p & mask == *r));
    } else if let (Some((last_p, body_p)), Some((last_r, body_r))) =
        (payload.split_last(), repacked.split_last())
    {
        assert_eq!(body_p, body_r);
        let pad = payload.len() * 8 - n * bits;
        let keep: u8 = match packing {
            pack::Packing::Rfc3551 => (0xFFu16 >> pad) as u8,
            _ => (0xFFu16 << pad) as u8,
        };
        assert_eq!(last_p & keep, *last_r);
    }

    let mut dec = Decoder::new(rate);
    let mut twin = dec.clone();
    let mut uni = Decoder::new(rate);
    let mut linear = vec![0i16; n];
    dec.decode_linear(&codes, &mut linear);
    for (&c, &l) in codes.iter().zip(&linear) {
        assert_eq!(twin.decode_linear_sample(c), l);
        let u = i32::from(uni.decode_uniform_sample(c));
        assert_eq!(i32::from(l), (u * 4).clamp(-32768, 32767));
    }
    let mut a = vec![0u8; n];
    let mut u = vec![0u8; n];
    Decoder::new(rate).decode_alaw(&codes, &mut a);
    Decoder::new(rate).decode_ulaw(&codes, &mut u);
    let mut per = Decoder::new(rate);
    assert!(codes
        .iter()
        .zip(&a)
        .all(|(&c, &x)| per.decode_alaw_sample(c) == x));

    // Tandem: G.711 in → codes → G.711 → codes again.
    let alaw = sel & 0x10 != 0;
    let mut c1 = vec![0u8; payload.len()];
    let mut law = vec![0u8; payload.len()];
    let mut c2 = vec![0u8; payload.len()];
    if alaw {
        Encoder::new(rate).encode_alaw(payload, &mut c1);
        Decoder::new(rate).decode_alaw(&c1, &mut law);
        Encoder::new(rate).encode_alaw(&law, &mut c2);
    } else {
        Encoder::new(rate).encode_ulaw(payload, &mut c1);
        Decoder::new(rate).decode_ulaw(&c1, &mut law);
        Encoder::new(rate).encode_ulaw(&law, &mut c2);
    }
    assert_eq!(c1, c2);
});
