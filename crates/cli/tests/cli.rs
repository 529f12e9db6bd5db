//! The `missive` binary as a user runs it: help, version, exit codes.

use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

#[test]
fn help_lists_subcommands() {
    let out = missive().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("g711"), "{text}");
}

#[test]
fn version_prints() {
    let out = missive().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("missive "));
}

#[test]
fn missing_input_is_bad_input_exit_2() {
    let out = missive()
        .args(["g711", "encode", "--law", "u", "/nonexistent.wav", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("missive: /nonexistent.wav"));
}

#[test]
fn g711_round_trip_through_files() {
    let dir = missive_testkit::scratch("cli-g711");
    let raw = dir.join("in.raw");
    let pcm: Vec<i16> = (0..800).map(|i| ((i * 37) % 2000 - 1000) as i16).collect();
    std::fs::write(
        &raw,
        pcm.iter().flat_map(|s| s.to_le_bytes()).collect::<Vec<_>>(),
    )
    .unwrap();
    let ul = dir.join("x.ul");
    let wav = dir.join("back.wav");
    assert!(missive()
        .args(["g711", "encode", "--law", "u"])
        .arg(&raw)
        .arg(&ul)
        .status()
        .unwrap()
        .success());
    assert_eq!(std::fs::metadata(&ul).unwrap().len(), 800);
    assert!(missive()
        .args(["g711", "decode", "--law", "u"])
        .arg(&ul)
        .arg(&wav)
        .status()
        .unwrap()
        .success());
    let back = std::fs::read(&wav).unwrap();
    assert!(back.starts_with(b"RIFF"));
    // Odd-length raw input is rejected as bad input.
    std::fs::write(&raw, [1u8, 2, 3]).unwrap();
    let out = missive()
        .args(["g711", "encode", "--law", "a"])
        .arg(&raw)
        .arg(&ul)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
