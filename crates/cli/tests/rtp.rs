//! `missive rtp stats` on sipp's bundled captures and `missive rtp decode` on a
//! lossy capture, as a user runs them.

use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

#[test]
fn stats_json_on_sipp_dtmf_capture() {
    let f = "/usr/share/sip-tester/dtmf_2833_1.pcap";
    if !std::path::Path::new(f).exists() {
        assert!(!missive_testkit::peers_required(), "sip-tester missing");
        return;
    }
    let out = missive()
        .args(["rtp", "stats", "--json", f])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v[0];
    assert_eq!(s["ssrc"], 0x0E05_384E);
    assert_eq!(s["packets"], 10);
    assert_eq!(s["lost"], -2); // the end packet is sent 3× with one sequence number
    assert_eq!(s["max_delta_ms"], 20.072);
    assert_eq!(s["payload_types"], serde_json::json!([101]));
    assert_eq!(s["events"][0]["digit"], "1");
    assert_eq!(s["events"][0]["duration"], 2240);
}

#[test]
fn stats_table_and_bad_input() {
    let f = "/usr/share/sip-tester/g711a.pcap";
    if std::path::Path::new(f).exists() {
        let out = missive().args(["rtp", "stats", f]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("0xDEE0EE8F") && text.contains("34.829"),
            "{text}"
        );
    }
    let dir = missive_testkit::scratch("cli-rtp");
    let bad = dir.join("bad.pcap");
    std::fs::write(&bad, b"not a capture at all").unwrap();
    let out = missive().args(["rtp", "stats"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A capture of a 200 Hz voiced tone in 20 ms PCMU packets (SSRC
/// 0x1A2B3C4D) with packets 50, 51 and 120 lost and mild jitter, plus a
/// PCMA stream from another SSRC.
#[allow(clippy::unwrap_used)] // test data built here
fn lossy_capture() -> Vec<u8> {
    use missive_rtp::capture::PcapWriter;
    use missive_rtp::packet::Repr;
    use std::net::Ipv4Addr;
    use std::time::Duration;
    let mut w = PcapWriter::new();
    let a = (Ipv4Addr::new(10, 0, 0, 1), 40_000);
    let b = (Ipv4Addr::new(10, 0, 0, 2), 40_002);
    for i in 0..200u32 {
        let pcm: Vec<i16> = (0..160)
            .map(|k| {
                let t = f64::from(i * 160 + k) / 8000.0;
                let w = 2.0 * std::f64::consts::PI * 200.0 * t;
                (w.sin() * 6000.0 + (2.0 * w).sin() * 2000.0) as i16
            })
            .collect();
        let base = Duration::from_millis(u64::from(20 * i));
        if ![50, 51, 120].contains(&i) {
            let mut law = [0u8; 160];
            missive_g7xx::g711::ulaw_encode(&pcm, &mut law);
            let repr = Repr {
                marker: i == 0,
                payload_type: 0,
                sequence_number: 1000 + i as u16,
                timestamp: 160 * i,
                ssrc: 0x1A2B_3C4D,
                payload: &law,
                ..Repr::default()
            };
            let mut buf = [0u8; 172];
            let n = repr.emit(&mut buf).unwrap();
            let jitter = Duration::from_micros(u64::from(i * 7919 % 5000));
            w.push_udp(base + jitter, a, b, &buf[..n]);
        }
        let mut law = [0u8; 160];
        missive_g7xx::g711::alaw_encode(&pcm, &mut law);
        let repr = Repr {
            payload_type: 8,
            sequence_number: i as u16,
            timestamp: 160 * i,
            ssrc: 0x0BAD_F00D,
            payload: &law,
            ..Repr::default()
        };
        let mut buf = [0u8; 172];
        let n = repr.emit(&mut buf).unwrap();
        w.push_udp(base + Duration::from_millis(3), b, a, &buf[..n]);
    }
    w.finish()
}

fn longest_zero_run(s: &[i16]) -> usize {
    let (mut best, mut run) = (0, 0);
    for &x in s {
        run = if x == 0 { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[test]
fn decode_plays_a_lossy_stream_through_the_jitter_buffer_with_plc() {
    let dir = missive_testkit::scratch("cli-rtp-decode");
    let cap = dir.join("lossy.pcap");
    std::fs::write(&cap, lossy_capture()).unwrap();
    let wav = dir.join("heard.wav");
    let out = missive()
        .args(["rtp", "decode"])
        .arg(&cap)
        .args(["--ssrc", "0x1A2B3C4D"])
        .arg(&wav)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("PCMU") && log.contains("concealed 3"), "{log}");
    let pcm: Vec<i16> = hound::WavReader::open(&wav)
        .unwrap()
        .into_samples::<i16>()
        .map(Result::unwrap)
        .collect();
    // 200 frames of 20 ms, the three lost ones concealed in place.
    assert_eq!(pcm.len(), 200 * 160, "{log}");
    assert!(
        longest_zero_run(&pcm) < 40,
        "a silent hole in the PLC output"
    );

    // Without the PLC the holes are silence.
    let raw = dir.join("holes.raw");
    let out = missive()
        .args(["rtp", "decode", "--no-plc"])
        .arg(&cap)
        .args(["--ssrc", "439041101"])
        .arg(&raw)
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = std::fs::read(&raw).unwrap();
    let holes: Vec<i16> = bytes
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(holes.len(), 200 * 160);
    assert!(longest_zero_run(&holes) >= 320);

    // The default stream is the first PCMU/PCMA one; the PCMA stream by SSRC.
    let out = missive()
        .args(["rtp", "decode", "--ssrc", "0x0BADF00D"])
        .arg(&cap)
        .arg(dir.join("a.wav"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && log.contains("PCMA"), "{log}");

    // An SSRC not in the capture is bad input (exit 2), naming the streams.
    let out = missive()
        .args(["rtp", "decode", "--ssrc", "0x12345678"])
        .arg(&cap)
        .arg(dir.join("none.wav"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0x1A2B3C4D"));
}
