//! G.726 speed, Missive vs spandsp, measured interleaved: both codecs run
//! many times on the same second of audio
//! (`missive_testkit::signal::speech_like`, the signal of
//! `benches/benches/g726.rs`), alternately, and the minimum
//! thread CPU time of each is kept, which is steadier than separate
//! criterion runs on a loaded machine (preemption only ever adds time, and
//! CPU time does not count time spent preempted).
//! `cargo run --release -p missive-interop --example g726_interleaved [ROUNDS]`
use missive_g7xx::g726::{Decoder, Encoder, Rate};
use missive_interop::g726::{Coding, Packing, G726};

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

/// Runs `f` and returns the CPU time it took.
fn timed(f: impl FnOnce()) -> f64 {
    let t = cpu_seconds();
    f();
    cpu_seconds() - t
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(400);
    let n = 8000;
    let pcm = missive_testkit::signal::speech_like(n);
    for rate in [Rate::R32, Rate::R16, Rate::R24, Rate::R40] {
        let mut codes = vec![0u8; n];
        let mut out = vec![0i16; n * 4];
        let mut enc = Encoder::new(rate);
        let mut dec = Decoder::new(rate);
        let br = rate.kbps() as i32 * 1000;
        let mut pe = G726::new(br, Coding::Linear, Packing::None);
        let mut pd = G726::new(br, Coding::Linear, Packing::None);
        let (mut be, mut bpe, mut bd, mut bpd) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
        for _ in 0..rounds {
            be = be.min(timed(|| {
                enc.encode_linear(&pcm, &mut codes);
            }));
            bpe = bpe.min(timed(|| {
                pe.encode(&pcm, &mut codes);
            }));
            bd = bd.min(timed(|| {
                dec.decode_linear(&codes[..n], &mut out[..n]);
            }));
            bpd = bpd.min(timed(|| {
                pd.decode(&codes[..n], &mut out);
            }));
        }
        println!("{rate:?}: enc ours {:.0} us spandsp {:.0} us ratio {:.2} | dec ours {:.0} us spandsp {:.0} us ratio {:.2}", be*1e6, bpe*1e6, bpe/be, bd*1e6, bpd*1e6, bpd/bd);
    }
}
