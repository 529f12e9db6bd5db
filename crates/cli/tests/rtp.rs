//! `missive rtp stats` on sipp's bundled captures, as a user runs it.

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
