//! G.711 encode and decode: Missive against spandsp and the Rust crate
//! `audio-codec-algorithms`, one second of speech-like audio (a 1 kHz-ish
//! chirp with noise) per iteration.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn

use std::cell::RefCell;

use audio_codec_algorithms as aca;
use criterion::{criterion_group, criterion_main, Criterion};
use missive_g7xx::g711;
use missive_interop::spandsp::{Law, G711};

fn bench(c: &mut Criterion) {
    let pcm = missive_testkit::signal::chirp(8000);
    for (law, name) in [(Law::U, "ulaw"), (Law::A, "alaw")] {
        let out = RefCell::new(vec![0u8; pcm.len()]);
        let peer = RefCell::new(G711::new(law));
        let encode = |o: &mut [u8]| match law {
            Law::U => g711::ulaw_encode(&pcm, o),
            Law::A => g711::alaw_encode(&pcm, o),
        };
        missive_benches::side_by_side(
            c,
            &format!("g7xx/{name}-encode-1s"),
            pcm.len() as u64,
            || encode(&mut out.borrow_mut()),
            &[
                ("spandsp", &|| {
                    peer.borrow_mut().encode(&pcm, &mut out.borrow_mut())
                }),
                ("audio-codec-algorithms", &|| {
                    let mut o = out.borrow_mut();
                    for (b, &x) in o.iter_mut().zip(&pcm) {
                        *b = match law {
                            Law::U => aca::encode_ulaw(x),
                            Law::A => aca::encode_alaw(x),
                        };
                    }
                    o.len()
                }),
            ],
        );

        let mut coded = vec![0u8; pcm.len()];
        encode(&mut coded);
        let lin = RefCell::new(vec![0i16; pcm.len()]);
        let decode = |o: &mut [i16]| match law {
            Law::U => g711::ulaw_decode(&coded, o),
            Law::A => g711::alaw_decode(&coded, o),
        };
        missive_benches::side_by_side(
            c,
            &format!("g7xx/{name}-decode-1s"),
            pcm.len() as u64,
            || decode(&mut lin.borrow_mut()),
            &[
                ("spandsp", &|| {
                    peer.borrow_mut().decode(&coded, &mut lin.borrow_mut())
                }),
                ("audio-codec-algorithms", &|| {
                    let mut o = lin.borrow_mut();
                    for (s, &b) in o.iter_mut().zip(&coded) {
                        *s = match law {
                            Law::U => aca::decode_ulaw(b),
                            Law::A => aca::decode_alaw(b),
                        };
                    }
                    o.len()
                }),
            ],
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
