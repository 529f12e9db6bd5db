//! G.726 encode and decode at every rate: Missive against spandsp, one
//! second of speech-like audio per iteration, linear PCM in and out, codes
//! one per byte on both sides (packing excluded), state carried across
//! iterations as in a real call.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::cell::RefCell;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_g7xx::g726::{Decoder, Encoder, Rate};
use missive_interop::g726::{Coding, Packing, G726};

fn bench(c: &mut Criterion) {
    let pcm = missive_testkit::signal::speech_like(8000);
    for rate in [Rate::R32, Rate::R16, Rate::R24, Rate::R40] {
        let kbps = rate.kbps();
        let bit_rate = kbps as i32 * 1000;
        let codes = RefCell::new(vec![0u8; pcm.len()]);
        let enc = RefCell::new(Encoder::new(rate));
        let peer = RefCell::new(G726::new(bit_rate, Coding::Linear, Packing::None));
        missive_benches::side_by_side(
            c,
            &format!("g7xx/g726-{kbps}-encode-1s"),
            pcm.len() as u64,
            || {
                enc.borrow_mut()
                    .encode_linear(&pcm, &mut codes.borrow_mut())
            },
            &[("spandsp", &|| {
                peer.borrow_mut().encode(&pcm, &mut codes.borrow_mut())
            })],
        );

        let mut coded = vec![0u8; pcm.len()];
        Encoder::new(rate).encode_linear(&pcm, &mut coded);
        let out = RefCell::new(vec![0i16; pcm.len() * 4]);
        let dec = RefCell::new(Decoder::new(rate));
        let peer = RefCell::new(G726::new(bit_rate, Coding::Linear, Packing::None));
        missive_benches::side_by_side(
            c,
            &format!("g7xx/g726-{kbps}-decode-1s"),
            pcm.len() as u64,
            || {
                dec.borrow_mut()
                    .decode_linear(&coded, &mut out.borrow_mut())
            },
            &[("spandsp", &|| {
                peer.borrow_mut().decode(&coded, &mut out.borrow_mut())
            })],
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
