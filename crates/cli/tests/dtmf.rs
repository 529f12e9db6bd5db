//! `missive dtmf detect|generate` and `missive tones detect`, run as a user would.

use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

#[test]
fn generate_then_detect_plain_and_json() {
    let dir = missive_testkit::scratch("cli-dtmf");
    let wav = dir.join("d.wav");
    let st = missive()
        .args([
            "dtmf",
            "generate",
            "159#*D",
            "--on-ms",
            "80",
            "--off-ms",
            "60",
            "--level-dbm0",
            "-20",
            "--twist-db",
            "3",
        ])
        .arg(&wav)
        .status()
        .unwrap();
    assert!(st.success());
    let out = missive()
        .args(["dtmf", "detect"])
        .arg(&wav)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "159#*D\n");
    let out = missive()
        .args(["dtmf", "detect", "--json"])
        .arg(&wav)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(lines[1]["digit"], "5");
    // Second digit starts at 140 ms and lasts 80 ms (±3 ms).
    let start = lines[1]["start_ms"].as_u64().unwrap();
    let dur = lines[1]["duration_ms"].as_u64().unwrap();
    assert!(start.abs_diff(140) <= 3 && dur.abs_diff(80) <= 3, "{text}");
}

#[test]
fn detect_raw_and_g711_inputs() {
    let dir = missive_testkit::scratch("cli-dtmf-formats");
    let raw = dir.join("d.raw");
    assert!(missive()
        .args(["dtmf", "generate", "2468"])
        .arg(&raw)
        .status()
        .unwrap()
        .success());
    let out = missive()
        .args(["dtmf", "detect", "--raw"])
        .arg(&raw)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2468\n");
    for law in ["u", "a"] {
        let coded = dir.join(format!("d.{law}l"));
        assert!(missive()
            .args(["g711", "encode", "--law", law])
            .arg(&raw)
            .arg(&coded)
            .status()
            .unwrap()
            .success());
        let flag = if law == "u" { "--ulaw" } else { "--alaw" };
        let out = missive()
            .args(["dtmf", "detect", flag])
            .arg(&coded)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "2468\n", "{law}");
    }
    // Flags are exclusive; a bad digit is bad input.
    let out = missive()
        .args(["dtmf", "detect", "--raw", "--ulaw"])
        .arg(&raw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = missive()
        .args(["dtmf", "generate", "12x"])
        .arg(&raw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'x'"));
}

#[test]
fn tones_detect_reports_cng() {
    let dir = missive_testkit::scratch("cli-tones");
    let raw = dir.join("cng.raw");
    // 0.5 s of 1100 Hz at about −12 dBm0 after 0.1 s of silence.
    let mut pcm = vec![0i16; 800];
    pcm.extend((0..4000).map(|n| {
        (5700.0 * (2.0 * std::f64::consts::PI * 1100.0 * f64::from(n) / 8000.0).sin()) as i16
    }));
    pcm.extend(vec![0i16; 4000]);
    std::fs::write(
        &raw,
        pcm.iter().flat_map(|s| s.to_le_bytes()).collect::<Vec<_>>(),
    )
    .unwrap();
    let out = missive()
        .args(["tones", "detect", "--json", "--raw"])
        .arg(&raw)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["tone"], "cng");
    assert!(v["start_ms"].as_u64().unwrap().abs_diff(100) <= 8, "{text}");
    assert!(
        v["duration_ms"].as_u64().unwrap().abs_diff(500) <= 10,
        "{text}"
    );
    let out = missive()
        .args(["tones", "detect", "--raw"])
        .arg(&raw)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("cng start_ms="));
}
