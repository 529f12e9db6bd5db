//! G.711 speed, Missive vs spandsp vs the Rust crate
//! `audio-codec-algorithms`, measured interleaved: the three run many times
//! on the same second of speech-like audio (`missive_testkit::signal::chirp`,
//! the signal of `benches/benches/g711.rs`), alternately, and the minimum
//! thread CPU time of each is kept. Every side does the same work: the same 8,000 samples in
//! and the same 8,000 bytes out (encode), or the reverse (decode). Missive
//! calls its slice functions (`g711::ulaw_encode` …), spandsp its
//! `g711_encode`/`g711_decode` over the buffer, and audio-codec-algorithms
//! its per-sample `encode_ulaw`/`decode_ulaw` … in a loop over the buffer.
//! `cargo run --release -p missive-interop --example g711_interleaved [ROUNDS]`
use audio_codec_algorithms as aca;
use missive_g7xx::g711;
use missive_interop::spandsp::{Law, G711};
use std::hint::black_box;

/// Seconds of CPU time this thread has used.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Keeps the minimum CPU time of `f` in `best`.
fn timed(best: &mut f64, f: impl FnOnce()) {
    let t = cpu_seconds();
    f();
    *best = best.min(cpu_seconds() - t);
}

/// A slice encoder of Missive.
type Encode = fn(&[i16], &mut [u8]) -> usize;
/// A slice decoder of Missive.
type Decode = fn(&[u8], &mut [i16]) -> usize;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3000);
    let pcm = missive_testkit::signal::chirp(8000);
    for law in [Law::U, Law::A] {
        let (enc, dec): (Encode, Decode) = match law {
            Law::U => (g711::ulaw_encode, g711::ulaw_decode),
            Law::A => (g711::alaw_encode, g711::alaw_decode),
        };
        // The peer's per-sample functions are `#[inline(always)]`: called
        // directly (not through a pointer) so that they inline into the loop.
        let aca_encode = |pcm: &[i16], out: &mut [u8]| match law {
            Law::U => out
                .iter_mut()
                .zip(pcm)
                .for_each(|(b, &x)| *b = aca::encode_ulaw(x)),
            Law::A => out
                .iter_mut()
                .zip(pcm)
                .for_each(|(b, &x)| *b = aca::encode_alaw(x)),
        };
        let aca_decode = |codes: &[u8], out: &mut [i16]| match law {
            Law::U => out
                .iter_mut()
                .zip(codes)
                .for_each(|(s, &b)| *s = aca::decode_ulaw(b)),
            Law::A => out
                .iter_mut()
                .zip(codes)
                .for_each(|(s, &b)| *s = aca::decode_alaw(b)),
        };
        let mut sp = G711::new(law);
        let mut codes = vec![0u8; pcm.len()];
        enc(&pcm, &mut codes);
        let mut bytes = vec![0u8; pcm.len()];
        let mut out = vec![0i16; pcm.len()];
        let mut best = [f64::MAX; 6];
        for _ in 0..rounds {
            timed(&mut best[0], || {
                enc(black_box(&pcm), black_box(&mut bytes));
            });
            timed(&mut best[1], || {
                sp.encode(black_box(&pcm), black_box(&mut bytes));
            });
            timed(&mut best[2], || {
                aca_encode(black_box(&pcm), black_box(&mut bytes));
            });
            timed(&mut best[3], || {
                dec(black_box(&codes), black_box(&mut out));
            });
            timed(&mut best[4], || {
                sp.decode(black_box(&codes), black_box(&mut out));
            });
            timed(&mut best[5], || {
                aca_decode(black_box(&codes), black_box(&mut out));
            });
        }
        let us = |t: f64| t * 1e6;
        let name = match law {
            Law::U => "ulaw",
            Law::A => "alaw",
        };
        println!(
            "{name} encode: ours {:.2} us, spandsp {:.2} us ({:.2}x), audio-codec-algorithms {:.2} us ({:.2}x)",
            us(best[0]), us(best[1]), best[1] / best[0], us(best[2]), best[2] / best[0]
        );
        println!(
            "{name} decode: ours {:.2} us, spandsp {:.2} us ({:.2}x), audio-codec-algorithms {:.2} us ({:.2}x)",
            us(best[3]), us(best[4]), best[4] / best[3], us(best[5]), best[5] / best[3]
        );
    }
}
