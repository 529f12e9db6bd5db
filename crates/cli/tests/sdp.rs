//! `missive sdp parse` and `missive sdp answer`, run as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::path::PathBuf;
use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

fn offer(name: &str) -> PathBuf {
    missive_testkit::vectors("sdp/offers").join(format!("{name}.sdp"))
}

#[test]
fn parse_prints_a_summary() {
    let out = missive()
        .args(["sdp", "parse"])
        .arg(offer("asterisk-pjsip"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("media 0: audio 14572 RTP/AVP sendrecv"),
        "{text}"
    );
    assert!(text.contains("pt 111 G726-32/8000"), "{text}");
    assert!(
        text.contains("pt 101 telephone-event/8000 fmtp 0-16"),
        "{text}"
    );
}

#[test]
fn parse_json_has_typed_fields() {
    let out = missive()
        .args(["sdp", "parse", "--json"])
        .arg(offer("gateway-audio-and-t38"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["origin"]["address"], "192.0.2.79");
    assert_eq!(v["media"][0]["payloads"][0]["encoding"], "PCMA");
    assert_eq!(v["media"][0]["ptime"], 20);
    assert_eq!(v["media"][1]["t38"]["version"], 2);
    assert_eq!(v["media"][1]["t38"]["max_datagram"], 272);
    assert_eq!(v["media"][1]["t38"]["udp_ec"], "t38UDPRedundancy");
}

#[test]
fn parse_malformed_exits_2_with_line_number() {
    let dir = missive_testkit::scratch("cli-sdp-bad");
    let bad = dir.join("bad.sdp");
    std::fs::write(
        &bad,
        "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n",
    )
    .unwrap();
    let out = missive().args(["sdp", "parse"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 5: bad m= port"), "{err}");
}

#[test]
fn answer_matches_the_reviewed_corpus_answer() {
    for name in [
        "freeswitch-audio",
        "gateway-audio-and-t38",
        "baresip-ipv6",
        "sipp-uac_pcap",
    ] {
        let out = missive()
            .args(["sdp", "answer"])
            .arg(offer(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let want =
            std::fs::read(missive_testkit::vectors("sdp/answers").join(format!("{name}.sdp")))
                .unwrap();
        assert_eq!(out.stdout, want, "{name}");
    }
}

#[test]
fn answer_codecs_option_and_json() {
    let out = missive()
        .args([
            "sdp",
            "answer",
            "--json",
            "--codecs",
            "pcma,telephone-event",
            "--address",
            "192.0.2.20",
        ])
        .arg(offer("asterisk-pjsip"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answer = v["answer"].as_str().unwrap();
    assert!(answer.contains("c=IN IP4 192.0.2.20\r\n"), "{answer}");
    assert!(
        answer.contains("m=audio 40000 RTP/AVP 8 101\r\n"),
        "{answer}"
    );
    assert_eq!(v["accepted"][0]["codecs"][0]["codec"], "PCMA");
    assert_eq!(v["accepted"][0]["telephone_event"]["events"], "0-15");

    // Only T.38: the audio offer is refused (exit 1, 488 in the message).
    let out = missive()
        .args(["sdp", "answer", "--codecs", "t38"])
        .arg(offer("asterisk-pjsip"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("488"));

    // An unknown codec name is a bad argument.
    let out = missive()
        .args(["sdp", "answer", "--codecs", "opus"])
        .arg(offer("asterisk-pjsip"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn answer_reads_stdin() {
    use std::io::Write;
    let mut child = missive()
        .args(["sdp", "answer", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(offer("rfc2543-hold")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("a=recvonly\r\n"));
}
