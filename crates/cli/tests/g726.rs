//! `missive g726` as a user runs it: every rate and packing through files,
//! the ITU test sequences through the CLI, real speech (espeak-ng + sox)
//! through WAV, and bad arguments.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::path::Path;
use std::process::Command;

use missive_g7xx::g726::{pack, Decoder, Encoder, Rate};

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

fn write_raw(path: &Path, pcm: &[i16]) {
    std::fs::write(
        path,
        pcm.iter().flat_map(|s| s.to_le_bytes()).collect::<Vec<_>>(),
    )
    .unwrap();
}

fn read_raw(path: &Path) -> Vec<i16> {
    std::fs::read(path)
        .unwrap()
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect()
}

fn run(args: &[&str], input: &Path, output: &Path) {
    let out = missive()
        .args(args)
        .arg(input)
        .arg(output)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_rate_and_packing_round_trips_like_the_library() {
    let dir = missive_testkit::scratch("cli-g726");
    let pcm: Vec<i16> = (0..1603)
        .map(|n| ((n as f32 * 0.07).sin() * 9000.0 + (n as f32 * 0.31).sin() * 2000.0) as i16)
        .collect();
    let raw = dir.join("in.raw");
    write_raw(&raw, &pcm);
    for (kbps, rate) in [
        ("16", Rate::R16),
        ("24", Rate::R24),
        ("32", Rate::R32),
        ("40", Rate::R40),
    ] {
        let mut codes = vec![0u8; pcm.len()];
        Encoder::new(rate).encode_linear(&pcm, &mut codes);
        for (name, packing) in [
            ("rfc3551", pack::Packing::Rfc3551),
            ("aal2", pack::Packing::Aal2),
            ("none", pack::Packing::None),
        ] {
            let coded = dir.join(format!("x{kbps}{name}.726"));
            run(
                &["g726", "encode", "--rate", kbps, "--packing", name],
                &raw,
                &coded,
            );
            let bytes = std::fs::read(&coded).unwrap();
            let mut want = vec![0u8; pack::packed_len(codes.len(), rate, packing)];
            pack::pack(&codes, rate, packing, &mut want).unwrap();
            assert_eq!(bytes, want, "{kbps} {name}");
            let back = dir.join(format!("x{kbps}{name}.raw"));
            run(
                &["g726", "decode", "--rate", kbps, "--packing", name],
                &coded,
                &back,
            );
            let got = read_raw(&back);
            let mut expect = vec![0i16; pack::codes_in(want.len(), rate, packing)];
            let mut all = vec![0u8; expect.len()];
            pack::unpack(&want, rate, packing, &mut all).unwrap();
            Decoder::new(rate).decode_linear(&all, &mut expect);
            assert_eq!(got, expect, "{kbps} {name}");
        }
    }
}

#[test]
fn itu_sequences_through_the_cli() {
    let Some(itu) = missive_testkit::shared_conformance("g726/g726") else {
        return;
    };
    let dir = missive_testkit::scratch("cli-g726-itu");
    let bytes = |name: &str| -> Vec<u8> {
        std::fs::read(itu.join(name))
            .unwrap()
            .chunks_exact(2)
            .map(|c| c[0])
            .collect()
    };
    for (law, l) in [("alaw", "a"), ("ulaw", "m")] {
        let nrm = dir.join(format!("nrm.{l}"));
        std::fs::write(&nrm, bytes(&format!("nrm.{l}"))).unwrap();
        for kbps in ["16", "24", "32", "40"] {
            let codes = dir.join(format!("rn{kbps}f{l}.i"));
            run(
                &[
                    "g726",
                    "encode",
                    "--rate",
                    kbps,
                    "--input",
                    law,
                    "--packing",
                    "none",
                ],
                &nrm,
                &codes,
            );
            assert_eq!(
                std::fs::read(&codes).unwrap(),
                bytes(&format!("rn{kbps}f{l}.i"))
            );
            let out = dir.join(format!("rn{kbps}f{l}.o"));
            run(
                &[
                    "g726",
                    "decode",
                    "--rate",
                    kbps,
                    "--output",
                    law,
                    "--packing",
                    "none",
                ],
                &codes,
                &out,
            );
            assert_eq!(
                std::fs::read(&out).unwrap(),
                bytes(&format!("rn{kbps}f{l}.o"))
            );
        }
    }
}

#[test]
fn real_speech_wav_round_trip() {
    if !missive_testkit::peer("espeak-ng") || !missive_testkit::peer("sox") {
        return;
    }
    let dir = missive_testkit::scratch("cli-g726-speech");
    let spoken = dir.join("spoken.wav");
    let wav = dir.join("speech8k.wav");
    assert!(Command::new("espeak-ng")
        .args(["-w"])
        .arg(&spoken)
        .arg("You have two new voice messages. First message, received today at nine.")
        .status()
        .unwrap()
        .success());
    assert!(Command::new("sox")
        .arg(&spoken)
        .args(["-r", "8000", "-c", "1", "-b", "16"])
        .arg(&wav)
        .status()
        .unwrap()
        .success());
    let coded = dir.join("msg.726");
    let back_wav = dir.join("back.wav");
    let back_raw = dir.join("back.raw");
    let orig_raw = dir.join("orig.raw");
    run(&["g726", "encode", "--rate", "32"], &wav, &coded);
    run(&["g726", "decode", "--rate", "32"], &coded, &back_wav);
    run(&["g726", "decode", "--rate", "32"], &coded, &back_raw);
    assert!(Command::new("sox")
        .arg(&wav)
        .args(["-t", "raw", "-e", "signed-integer", "-b", "16"])
        .arg(&orig_raw)
        .status()
        .unwrap()
        .success());
    let (a, b) = (read_raw(&orig_raw), read_raw(&back_raw));
    assert!(a.len() > 8000, "{} samples of speech", a.len());
    assert_eq!(a.len(), b.len());
    // 4 bits per sample.
    assert_eq!(
        std::fs::metadata(&coded).unwrap().len() as usize,
        a.len().div_ceil(2)
    );
    // sox reads the WAV we wrote.
    let stats = Command::new("sox")
        .arg(&back_wav)
        .args(["-n", "stat"])
        .output()
        .unwrap();
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    // The speech survives: SNR well above 10 dB.
    let sig: f64 = a.iter().map(|&x| f64::from(x).powi(2)).sum();
    let err: f64 = a
        .iter()
        .zip(&b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    assert!(sig / err > 10.0, "SNR {} dB", 10.0 * (sig / err).log10());
}

#[test]
fn bad_rate_is_bad_input() {
    let out = missive()
        .args(["g726", "encode", "--rate", "48", "-", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
