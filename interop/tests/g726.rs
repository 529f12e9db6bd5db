//! Missive's G.726 against spandsp's on long random and speech-like input,
//! every rate and every PCM interworking (linear, A-law, µ-law), both
//! directions, plus the bit packings.

use missive_g7xx::g711;
use missive_g7xx::g726::{pack, Decoder, Encoder, Rate};
use missive_interop::g726::{Coding, Packing, G726};
use proptest::prelude::*;

const RATES: [Rate; 4] = [Rate::R16, Rate::R24, Rate::R32, Rate::R40];

/// Deterministic xorshift noise, full 16-bit range.
fn random(n: usize, seed: u64) -> Vec<i16> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as i16
        })
        .collect()
}

/// Speech-like: a few formant-ish partials with a syllabic envelope,
/// pauses and pitch glides, plus a little noise.
fn speechlike(n: usize) -> Vec<i16> {
    let noise = random(n, 0x5eed);
    (0..n)
        .map(|k| {
            let t = k as f64 / 8000.0;
            let syllable = (t * 4.0 * std::f64::consts::PI).sin().max(0.0).powf(0.7);
            let pause = if (t * 0.7).fract() > 0.8 { 0.02 } else { 1.0 };
            let f0 = 110.0 + 40.0 * (t * 1.3).sin();
            let mut v = 0.0;
            for (h, a) in [
                (1.0, 1.0),
                (2.0, 0.6),
                (5.0, 0.35),
                (11.0, 0.2),
                (23.0, 0.08),
            ] {
                v += a * (2.0 * std::f64::consts::PI * f0 * h * t).sin();
            }
            let s = 9000.0 * syllable * pause * v + f64::from(noise[k]) / 400.0;
            s.clamp(-32768.0, 32767.0) as i16
        })
        .collect()
}

/// What both codecs take as input for a coding: linear samples, or the
/// G.711 bytes of them (our G.711, bit-exact with the ITU STL).
enum Input {
    Linear(Vec<i16>),
    Law(Vec<u8>),
}

fn input(coding: Coding, pcm: &[i16]) -> Input {
    match coding {
        Coding::Linear => Input::Linear(pcm.to_vec()),
        Coding::Alaw => Input::Law(pcm.iter().map(|&x| g711::linear_to_alaw(x)).collect()),
        Coding::Ulaw => Input::Law(pcm.iter().map(|&x| g711::linear_to_ulaw(x)).collect()),
    }
}

fn ours_encode(rate: Rate, coding: Coding, input: &Input) -> Vec<u8> {
    let mut enc = Encoder::new(rate);
    match (input, coding) {
        (Input::Linear(pcm), _) => pcm.iter().map(|&x| enc.encode_linear_sample(x)).collect(),
        (Input::Law(law), Coding::Alaw) => law.iter().map(|&a| enc.encode_alaw_sample(a)).collect(),
        (Input::Law(law), _) => law.iter().map(|&u| enc.encode_ulaw_sample(u)).collect(),
    }
}

fn theirs_encode(rate: Rate, coding: Coding, input: &Input) -> Vec<u8> {
    let mut s = G726::new(rate.kbps() as i32 * 1000, coding, Packing::None);
    let (n, mut out) = match input {
        Input::Linear(pcm) => {
            let mut out = vec![0u8; pcm.len()];
            (s.encode(pcm, &mut out), out)
        }
        Input::Law(law) => {
            let mut out = vec![0u8; law.len()];
            (s.encode_g711(law, &mut out), out)
        }
    };
    out.truncate(n);
    out
}

/// Decoded output: linear samples, or G.711 bytes widened for comparison.
/// For linear output this is the uniform `sr` scaled the way spandsp scales
/// it (`sr << 2`, wrapping), after checking that our saturating
/// `decode_linear_sample` differs from it only where that wrap happens.
fn ours_decode(rate: Rate, coding: Coding, codes: &[u8]) -> Vec<i16> {
    let mut dec = Decoder::new(rate);
    let mut twin = Decoder::new(rate);
    codes
        .iter()
        .map(|&c| match coding {
            Coding::Linear => {
                let sr = dec.decode_uniform_sample(c);
                let linear = twin.decode_linear_sample(c);
                let wide = i32::from(sr) * 4;
                assert_eq!(i32::from(linear), wide.clamp(-32768, 32767));
                sr.wrapping_shl(2)
            }
            Coding::Alaw => i16::from(dec.decode_alaw_sample(c)),
            Coding::Ulaw => i16::from(dec.decode_ulaw_sample(c)),
        })
        .collect()
}

fn theirs_decode(rate: Rate, coding: Coding, codes: &[u8]) -> Vec<i16> {
    let mut s = G726::new(rate.kbps() as i32 * 1000, coding, Packing::None);
    if coding == Coding::Linear {
        let mut out = vec![0i16; codes.len() * 4];
        let n = s.decode(codes, &mut out);
        out.truncate(n);
        out
    } else {
        let mut out = vec![0u8; codes.len() * 4];
        let n = s.decode_g711(codes, &mut out);
        out[..n].iter().map(|&b| i16::from(b)).collect()
    }
}

fn mismatches<T: PartialEq>(a: &[T], b: &[T]) -> (usize, Option<usize>) {
    assert_eq!(a.len(), b.len());
    let bad = a.iter().zip(b).filter(|(x, y)| x != y).count();
    (bad, a.iter().zip(b).position(|(x, y)| x != y))
}

fn compare_everything(name: &str, signal: &[i16]) {
    for rate in RATES {
        for coding in [Coding::Linear, Coding::Alaw, Coding::Ulaw] {
            let inp = input(coding, signal);
            let ours = ours_encode(rate, coding, &inp);
            let theirs = theirs_encode(rate, coding, &inp);
            let (bad, first) = mismatches(&ours, &theirs);
            assert_eq!(
                bad, 0,
                "{name} {rate:?} {coding:?} encode: first at {first:?}"
            );
            let ours = ours_decode(rate, coding, &theirs);
            let theirs = theirs_decode(rate, coding, &theirs);
            let (bad, first) = mismatches(&ours, &theirs);
            assert_eq!(
                bad, 0,
                "{name} {rate:?} {coding:?} decode: first at {first:?}"
            );
        }
    }
}

#[test]
fn random_input_matches_spandsp_every_rate_and_law() {
    compare_everything("random", &random(80_000, 42));
}

#[test]
fn speechlike_input_matches_spandsp_every_rate_and_law() {
    compare_everything("speech", &speechlike(80_000));
}

#[test]
fn random_codes_decode_like_spandsp() {
    let mut saturated = 0;
    // Arbitrary code streams (not from an encoder) drive the decoder into
    // states an encoder never produces.
    let noise = random(40_000, 7);
    for rate in RATES {
        let mask = (1u16 << rate.bits()) - 1;
        let codes: Vec<u8> = noise.iter().map(|&x| (x as u16 & mask) as u8).collect();
        for coding in [Coding::Linear, Coding::Alaw, Coding::Ulaw] {
            let (bad, first) = mismatches(
                &ours_decode(rate, coding, &codes),
                &theirs_decode(rate, coding, &codes),
            );
            assert_eq!(bad, 0, "{rate:?} {coding:?}: first at {first:?}");
        }
        let mut dec = Decoder::new(rate);
        saturated += codes
            .iter()
            .filter(|&&c| {
                let sr = i32::from(dec.decode_uniform_sample(c));
                !(-8192..8192).contains(&sr)
            })
            .count();
    }
    // Random codes do overload the predictor: the saturation path is
    // exercised, not just theorised.
    assert!(saturated > 0);
}

#[test]
fn packings_match_spandsp() {
    let pcm = speechlike(8_000);
    for rate in RATES {
        let codes = ours_encode(rate, Coding::Linear, &Input::Linear(pcm.clone()));
        for (theirs, ours) in [
            (Packing::Right, pack::Packing::Rfc3551),
            (Packing::Left, pack::Packing::Aal2),
        ] {
            let mut s = G726::new(rate.kbps() as i32 * 1000, Coding::Linear, theirs);
            let mut want = vec![0u8; pcm.len()];
            let n = s.encode(&pcm, &mut want);
            want.truncate(n);
            let mut got = vec![0u8; pcm.len()];
            let m = pack::pack(&codes, rate, ours, &mut got).unwrap();
            assert_eq!(&got[..m], &want[..], "{rate:?} {ours:?}");
            // And spandsp decodes our packing to what we decode.
            let mut unpacked = vec![0u8; codes.len()];
            pack::unpack(&got[..m], rate, ours, &mut unpacked).unwrap();
            assert_eq!(unpacked, codes);
            let mut d = G726::new(rate.kbps() as i32 * 1000, Coding::Linear, theirs);
            let mut out = vec![0i16; m * 4];
            let k = d.decode(&got[..m], &mut out);
            assert_eq!(
                &out[..k],
                &ours_decode(rate, Coding::Linear, &codes)[..],
                "{rate:?} {ours:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn decode_of_encode_matches_spandsp(pcm in proptest::collection::vec(any::<i16>(), 1..600), r in 0usize..4, c in 0usize..3) {
        let rate = RATES[r];
        let coding = [Coding::Linear, Coding::Alaw, Coding::Ulaw][c];
        let inp = input(coding, &pcm);
        let ours = ours_decode(rate, coding, &ours_encode(rate, coding, &inp));
        let theirs = theirs_decode(rate, coding, &theirs_encode(rate, coding, &inp));
        prop_assert_eq!(ours, theirs);
    }
}
