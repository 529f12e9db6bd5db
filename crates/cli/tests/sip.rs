//! `missive sip parse|check` run as a user runs them.

use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

const INVITE: &[u8] = b"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bKnashds8;rport\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@biloxi.example.com>\r\n\
From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n\
CSeq: 314159 INVITE\r\n\
Contact: <sip:alice@pc33.atlanta.example.com>;expires=60\r\n\
Content-Type: application/sdp\r\n\
Content-Length: 4\r\n\r\nv=0\n";

#[allow(clippy::unwrap_used)] // test helper
fn write(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = missive_testkit::scratch(&format!("cli-sip-{name}"));
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn parse_prints_summary() {
    let f = write("invite.sip", INVITE);
    let out = missive().args(["sip", "parse"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("request  INVITE sip:bob@biloxi.example.com SIP/2.0"),
        "{text}"
    );
    assert!(text.contains("branch=z9hG4bKnashds8"), "{text}");
    assert!(text.contains("tag=1928301774"), "{text}");
    assert!(text.contains("cseq     314159 INVITE"), "{text}");
}

#[test]
fn parse_json_has_typed_core_headers() {
    let f = write("invite-json.sip", INVITE);
    let out = missive()
        .args(["sip", "parse", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["start"]["method"], "INVITE");
    assert_eq!(v["via"][0]["port"], 5060);
    assert_eq!(v["via"][0]["rport"], true);
    assert_eq!(v["from"]["display_name"], "Alice");
    assert_eq!(v["from"]["tag"], "1928301774");
    assert_eq!(v["to"]["tag"], serde_json::Value::Null);
    assert_eq!(v["cseq"]["seq"], 314159);
    assert_eq!(v["call_id"], "a84b4c76e66710@pc33.atlanta.example.com");
    assert_eq!(v["contact"][0]["expires"], 60);
    assert_eq!(v["content_type"], "application/sdp");
    assert_eq!(v["body_bytes"], 4);
}

#[test]
fn parse_malformed_exits_2() {
    let f = write(
        "bad.sip",
        b"INVITE  sip:bob@example.com SIP/2.0\r\nl: 0\r\n\r\n",
    );
    let out = missive().args(["sip", "parse"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("start line"));
    // A malformed core header is malformed too.
    let mut quot = INVITE.to_vec();
    let at = quot.windows(5).position(|w| w == b"To: B").unwrap();
    quot.splice(at + 4..at + 4, b"\"".iter().copied());
    let f = write("quot.sip", &quot);
    let out = missive()
        .args(["sip", "parse", "--json"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("To header"));
}

#[test]
fn check_prints_response_codes() {
    let ok = write("ok.sip", INVITE);
    let out = missive().args(["sip", "check"]).arg(&ok).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("200 "));

    let v7 = String::from_utf8_lossy(INVITE).replace("SIP/2.0\r\nVia", "SIP/7.0\r\nVia");
    let f = write("v7.sip", v7.as_bytes());
    let out = missive().args(["sip", "check"]).arg(&f).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("505 "));

    let req = String::from_utf8_lossy(INVITE)
        .replace("Max-Forwards: 70", "Max-Forwards: 0\r\nRequire: foo");
    let f = write("req.sip", req.as_bytes());
    let out = missive().args(["sip", "check"]).arg(&f).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("420 ") && text.contains("foo"), "{text}");
    let out = missive()
        .args(["sip", "check", "--proxy"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("483 "));

    let bad = write("trunc.sip", &INVITE[..INVITE.len() - 2]);
    let out = missive().args(["sip", "check"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("400 "));

    let out = missive()
        .args(["sip", "check", "/nonexistent.sip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_torture_files() {
    let Some(dir) = missive_testkit::shared_conformance("sip/rfc4475") else {
        return;
    };
    for (file, code) in [
        ("unkscm.dat", "416"),
        ("invut.dat", "415"),
        ("badvers.dat", "505"),
        ("wsinv.dat", "200"),
        ("clerr.dat", "400"),
    ] {
        let out = missive()
            .args(["sip", "check"])
            .arg(dir.join(file))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(code), "{file}: {text}");
    }
    let out = missive()
        .args(["sip", "parse"])
        .arg(dir.join("ltgtruri.dat"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = missive()
        .args(["sip", "parse"])
        .arg(dir.join("wsinv.dat"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
