//! DTMF talk-off: false digits on speech and music, missive-dtmf beside
//! spandsp. Corpora come from `scripts/dtmf-talkoff.sh` (espeak-ng speech,
//! Debian's recorded Asterisk prompts and music on hold) plus synthetic
//! harmonic music made here. `cargo test` builds the script's `--quick`
//! corpora (about 20 minutes of audio, well under a minute of run time); the
//! script itself runs the full corpora (`MISSIVE_TALKOFF_DIR`).

use std::path::PathBuf;
use std::process::Command;

use missive_dtmf::{Detector, Event};
use missive_interop::spandsp;

fn ours(audio: &[i16]) -> usize {
    let mut det = Detector::default();
    let mut n = 0;
    for c in audio.chunks(4000) {
        n += det
            .process(c)
            .filter(|e| matches!(e, Event::DigitStart { .. }))
            .count();
    }
    n + det
        .finish()
        .filter(|e| matches!(e, Event::DigitStart { .. }))
        .count()
}

fn theirs(audio: &[i16]) -> usize {
    let mut rx = spandsp::DtmfRx::new();
    let mut n = 0;
    for c in audio.chunks(4000) {
        n += rx.detect(c).len();
    }
    n
}

/// Synthetic harmonic music: up to three voices of equal-tempered notes
/// (C3–C7), each a fundamental with decaying harmonics (some voices nearly
/// pure, flute-like), attack/decay envelopes, vibrato, held 80–700 ms.
pub(crate) fn music(seconds: u32, seed: u64) -> Vec<i16> {
    let mut s = seed | 1;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let n = seconds as usize * 8000;
    let mut out = vec![0f64; n];
    for voice in 0..3 {
        let mut t = 0usize;
        while t < n {
            let len = (640.0 + rnd() * 5000.0) as usize;
            let note = 48.0 + (rnd() * 48.0).floor(); // MIDI C3..C7
            let f0 = 440.0 * 2f64.powf((note - 69.0) / 12.0);
            let bright = if voice == 0 {
                0.05 + rnd() * 0.2
            } else {
                0.3 + rnd() * 0.6
            };
            let amp = 3000.0 + rnd() * 5000.0;
            let vib = rnd() * 0.004;
            let mut ph = [0f64; 8];
            for i in 0..len.min(n - t) {
                let env = (i as f64 / 80.0).min(1.0) * (-(i as f64) / (len as f64 * 0.8)).exp();
                let fm = 1.0 + vib * (2.0 * std::f64::consts::PI * 5.5 * i as f64 / 8000.0).sin();
                let mut v = 0.0;
                for (k, p) in ph.iter_mut().enumerate() {
                    let h = (k + 1) as f64;
                    if f0 * h >= 3800.0 {
                        break;
                    }
                    *p += 2.0 * std::f64::consts::PI * f0 * h * fm / 8000.0;
                    v += bright.powi(k as i32) * p.sin();
                }
                out[t + i] += amp * env * v;
            }
            t += len + (rnd() * 800.0) as usize;
        }
    }
    out.into_iter()
        .map(|v| v.clamp(-32768.0, 32767.0) as i16)
        .collect()
}

fn corpora_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("MISSIVE_TALKOFF_DIR") {
        return Some(PathBuf::from(d));
    }
    if !missive_testkit::peer("sox") || !missive_testkit::peer("espeak-ng") {
        return None;
    }
    let dir = missive_testkit::scratch("dtmf-talkoff");
    let script = missive_testkit::workspace_root().join("scripts/dtmf-talkoff.sh");
    let st = Command::new("bash")
        .arg(script)
        .args(["--quick", "--build-only"])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(st.success(), "scripts/dtmf-talkoff.sh --quick failed");
    Some(dir)
}

#[test]
fn talk_off_no_more_false_digits_than_spandsp() {
    let mut corpora: Vec<(String, Vec<i16>)> = Vec::new();
    if let Some(dir) = corpora_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "raw"))
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let pcm = bytes
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect();
            corpora.push((f.file_stem().unwrap().to_string_lossy().into_owned(), pcm));
        }
    }
    let secs = std::env::var("MISSIVE_TALKOFF_MUSIC_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    corpora.push(("synthetic-music".into(), music(secs, 0x5EED_1234)));
    println!(
        "| corpus | minutes | missive false digits | spandsp false digits |\n|---|---|---|---|"
    );
    let mut worse = Vec::new();
    for (name, pcm) in &corpora {
        let (o, t) = (ours(pcm), theirs(pcm));
        println!(
            "| {name} | {:.1} | {o} | {t} |",
            pcm.len() as f64 / 8000.0 / 60.0
        );
        if o > t {
            worse.push(format!("{name}: missive {o} > spandsp {t}"));
        }
    }
    assert!(worse.is_empty(), "{worse:?}");
}
