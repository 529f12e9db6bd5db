//! Every ITU-T G.726 Appendix II test sequence in
//! `../shared/conformance/g726/g726/`, bit-exact.
//!
//! Files are 16-bit little-endian words, one G.711 byte or one ADPCM code
//! per word. Names (see `../shared/design/PEERS.md`):
//! - `nrm.[am]`, `ovr.[am]`: G.711 encoder inputs (A-law / µ-law);
//! - `r{n,v}RRf[am].i`: expected codes at RR kbit/s from reset;
//! - `r{n,v}RRf[am].o`: expected decoding of those codes, same law;
//! - `r{n,v}RRfc.o` / `fx.o`: cross-law decoding (µ-law codes to A-law
//!   output / A-law codes to µ-law output);
//! - `iRR`, `riRRf[am].o`: ADPCM input sequences and their decoding;
//! - `h…`: the same sequences for codecs without a reset: the encoder first
//!   runs the homing input `pcm_init.[am]`, the decoder `i_ini_RR.[am]`,
//!   then the sequence proper. Those homing files hold 3,496 samples; the
//!   rest of each file (from word 3,496 on) is padding and stray text from
//!   the original distribution, ignored here.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

/// Samples of homing input at the start of `pcm_init.*` and `i_ini_*`.
const HOMING_LEN: usize = 3496;

use std::path::Path;

use missive_g7xx::g726::{Decoder, Encoder, Rate};

fn words(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("pcm_init") || name.starts_with("i_ini") {
        bytes.truncate(2 * HOMING_LEN);
    }
    bytes
        .chunks_exact(2)
        .map(|c| {
            assert_eq!(c[1], 0, "{}: word above 255", path.display());
            c[0]
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Law {
    A,
    U,
}

fn encode(rate: Rate, law: Law, preamble: Option<&[u8]>, input: &[u8]) -> Vec<u8> {
    let mut enc = Encoder::new(rate);
    let mut out = vec![0u8; input.len()];
    if let Some(pre) = preamble {
        let mut sink = vec![0u8; pre.len()];
        match law {
            Law::A => enc.encode_alaw(pre, &mut sink),
            Law::U => enc.encode_ulaw(pre, &mut sink),
        };
    }
    match law {
        Law::A => enc.encode_alaw(input, &mut out),
        Law::U => enc.encode_ulaw(input, &mut out),
    };
    out
}

fn decode(rate: Rate, law: Law, preamble: Option<&[u8]>, codes: &[u8]) -> Vec<u8> {
    let mut dec = Decoder::new(rate);
    let mut out = vec![0u8; codes.len()];
    if let Some(pre) = preamble {
        let mut sink = vec![0u8; pre.len()];
        match law {
            Law::A => dec.decode_alaw(pre, &mut sink),
            Law::U => dec.decode_ulaw(pre, &mut sink),
        };
    }
    match law {
        Law::A => dec.decode_alaw(codes, &mut out),
        Law::U => dec.decode_ulaw(codes, &mut out),
    };
    out
}

fn first_mismatch(got: &[u8], want: &[u8]) -> Option<usize> {
    if got.len() != want.len() {
        return Some(got.len().min(want.len()));
    }
    got.iter().zip(want).position(|(g, w)| g != w)
}

#[test]
fn appendix_ii_sequences_are_bit_exact() {
    let Some(dir) = missive_testkit::shared_conformance("g726/g726") else {
        return;
    };
    let mut total = 0;
    let mut failed: Vec<String> = Vec::new();
    let mut check = |name: &str, got: &[u8]| {
        let want = words(&dir.join(name));
        total += 1;
        if let Some(at) = first_mismatch(got, &want) {
            failed.push(format!("{name} (first mismatch at sample {at})"));
        }
    };
    let dir2 = missive_testkit::shared_conformance("g726/g726").unwrap();
    let file = |name: &str| words(&dir2.join(name));
    for homing in [false, true] {
        let p = if homing { "h" } else { "r" };
        for kbps in [16u32, 24, 32, 40] {
            let rate = Rate::from_kbps(kbps).unwrap();
            let pcm_pre = |l: &str| homing.then(|| file(&format!("pcm_init.{l}")));
            let adpcm_pre = |l: &str| homing.then(|| file(&format!("i_ini_{kbps}.{l}")));
            for (input, tag) in [("nrm", "n"), ("ovr", "v")] {
                for (law, l) in [(Law::A, "a"), (Law::U, "m")] {
                    let src = file(&format!("{input}.{l}"));
                    let codes = encode(rate, law, pcm_pre(l).as_deref(), &src);
                    check(&format!("{p}{tag}{kbps}f{l}.i"), &codes);
                    // Decode the reference codes (so one encoder bug does not
                    // hide or fail the decoder checks).
                    let ref_codes = file(&format!("{p}{tag}{kbps}f{l}.i"));
                    let same = decode(rate, law, adpcm_pre(l).as_deref(), &ref_codes);
                    check(&format!("{p}{tag}{kbps}f{l}.o"), &same);
                    // Cross law: µ-law codes decoded to A-law (fc), A-law
                    // codes decoded to µ-law (fx).
                    let (other, ol, cross) = match law {
                        Law::A => (Law::U, "m", "x"),
                        Law::U => (Law::A, "a", "c"),
                    };
                    // One exception in the ITU set: `hn16fc.o` is the decoding
                    // of `hn16fm.i` from the reset state (no homing preamble
                    // reproduces it; the reset decoder matches every sample).
                    let pre = if homing && kbps == 16 && cross == "c" && tag == "n" {
                        None
                    } else {
                        adpcm_pre(ol)
                    };
                    let crossed = decode(rate, other, pre.as_deref(), &ref_codes);
                    check(&format!("{p}{tag}{kbps}f{cross}.o"), &crossed);
                }
            }
            let icodes = file(&format!("i{kbps}"));
            for (law, l) in [(Law::A, "a"), (Law::U, "m")] {
                let out = decode(rate, law, adpcm_pre(l).as_deref(), &icodes);
                check(&format!("{p}i{kbps}f{l}.o"), &out);
            }
        }
    }
    let passed = total - failed.len();
    eprintln!("G.726 Appendix II: {passed}/{total} sequences bit-exact");
    assert!(failed.is_empty(), "failed: {failed:#?}");
}

fn linear_words(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect()
}

/// The reference tool's G.711 expansion (clause 4.2.1 EXPAND of its C code)
/// applied to a whole 16-bit input word. The STL variable-rate demo feeds
/// the 16-bit words of `voice.src` straight into it for its A-law and µ-law
/// legs, and `voice.src` carries an ASCII header, so words above 255 occur;
/// this reproduces what the reference's 16-bit C arithmetic (x86 shift
/// semantics) makes of them. Returns the 14-bit uniform sample.
fn stl_expand_word(word: i16, alaw: bool) -> i32 {
    let shl = |n: i32| 1i32.wrapping_shl((n & 31) as u32);
    let mut s1: i16 = if alaw { word ^ 0x55 } else { word };
    s1 ^= 128;
    let (sss, ssq) = if alaw {
        let sig = if s1 >= 128 {
            s1 = s1.wrapping_sub(128);
            4096
        } else {
            0
        };
        let s = i32::from(s1);
        let iexp = s / 16;
        let mant = s - (iexp << 4);
        let v = if iexp == 0 {
            (mant << 1) + 1 + sig
        } else {
            shl(iexp - 1)
                .wrapping_mul((mant << 1) + 33)
                .wrapping_add(sig)
        };
        let ss = v as i16;
        (ss / 4096, (ss & 4095) << 1)
    } else {
        let sig = if s1 >= 128 {
            s1 = s1.wrapping_sub(128);
            8192
        } else {
            0
        };
        s1 ^= 127;
        let s = i32::from(s1);
        let iexp = s / 16;
        let mant = s - (iexp << 4);
        let v = if iexp == 0 {
            (mant << 1) + sig
        } else {
            shl(iexp)
                .wrapping_mul((mant << 1) + 33)
                .wrapping_sub(33)
                .wrapping_add(sig)
        };
        let ss = v as i16;
        (ss / 8192, ss & 8191)
    };
    if sss == 0 {
        i32::from(ssq)
    } else {
        (16384 - i32::from(ssq)) & 16383
    }
}

/// The STL variable-bit-rate demo sequences (`voicevbr.[alu]rf`, identical
/// to `voicvbr[alu].tst`): `voice.src` encoded and decoded while the rate
/// cycles 16-24-32-40-32-24 kbit/s every 16 samples, state carried across
/// every switch (`set_rate`). The linear leg compresses the input to A-law
/// with G.711 and expands the decoded A-law output; the A-law and µ-law
/// legs take the input words as G.711 codes and output G.711 codes.
#[test]
fn variable_rate_demo_sequences_are_bit_exact() {
    use missive_g7xx::g711;
    let Some(dir) = missive_testkit::shared_conformance("g726/g726") else {
        return;
    };
    let src = linear_words(&dir.join("voice.src"));
    let cycle = [
        Rate::R16,
        Rate::R24,
        Rate::R32,
        Rate::R40,
        Rate::R32,
        Rate::R24,
    ];
    for (leg, reference, copy) in [
        ('l', "voicevbr.lrf", "voicvbrl.tst"),
        ('a', "voicevbr.arf", "voicvbra.tst"),
        ('u', "voicevbr.urf", "voicvbru.tst"),
    ] {
        let want = linear_words(&dir.join(reference));
        assert_eq!(want, linear_words(&dir.join(copy)), "{reference} vs {copy}");
        let mut enc = Encoder::new(Rate::R16);
        let mut dec = Decoder::new(Rate::R16);
        let mut got = Vec::with_capacity(src.len());
        for (k, block) in src.chunks(16).enumerate() {
            let rate = cycle[k % cycle.len()];
            enc.set_rate(rate);
            dec.set_rate(rate);
            for &x in block {
                let y = match leg {
                    'l' => {
                        let code = enc.encode_alaw_sample(g711::linear_to_alaw(x));
                        g711::alaw_to_linear(dec.decode_alaw_sample(code))
                    }
                    'a' | 'u' => {
                        let sl = stl_expand_word(x, leg == 'a');
                        // A 14-bit uniform sample, as the linear input takes it.
                        let code = enc.encode_linear_sample(((sl << 18) >> 16) as i16);
                        let out = if leg == 'a' {
                            dec.decode_alaw_sample(code)
                        } else {
                            dec.decode_ulaw_sample(code)
                        };
                        i16::from(out)
                    }
                    _ => unreachable!(),
                };
                got.push(y);
            }
        }
        let bad = got.iter().zip(&want).filter(|(g, w)| g != w).count();
        eprintln!("{reference}: {bad} mismatches of {}", want.len());
        assert_eq!(bad, 0, "{reference}");
    }
}
