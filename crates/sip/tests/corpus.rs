//! Our own corpus (`conformance-vectors/sip/`: a real sipp call plus
//! compact/folded/multi-Via/IPv6 variants): every message parses,
//! re-serialises byte for byte and is accepted; and Wireshark's dissector
//! (tshark) reads our serialised messages without a malformed-packet or
//! error-level expert warning.

#![allow(clippy::unwrap_used)] // test helpers

use std::path::PathBuf;
use std::process::Command;

use missive_sip::validate::{check, CheckConfig};
use missive_sip::{Message, OwnedMessage};

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = missive_testkit::vectors("sip");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sip"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

#[test]
fn corpus_parses_identically_and_is_accepted() {
    let files = corpus();
    assert!(files.len() >= 13, "corpus has {} files", files.len());
    assert!(files
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains("sipp-01-INVITE")));
    for (path, bytes) in &files {
        let m = Message::parse(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(m.len(), bytes.len(), "{}", path.display());
        assert_eq!(m.to_bytes(), *bytes, "{}", path.display());
        let mut cfg = CheckConfig::default();
        cfg.content_types
            .push("application/simple-message-summary".into());
        let v = check(&m, &cfg);
        assert_eq!(v.code, 200, "{}: {}", path.display(), v.reason);
        // Typed core headers.
        assert!(!m.vias().unwrap().is_empty());
        m.from().unwrap();
        m.to().unwrap();
        m.call_id().unwrap();
        m.cseq().unwrap();
        // Canonical form parses back to the same values.
        let canon = OwnedMessage::from(&m).to_bytes();
        let again = Message::parse(&canon).unwrap();
        assert_eq!(again.cseq().unwrap(), m.cseq().unwrap());
        assert_eq!(again.body(), m.body());
        assert_eq!(again.vias().unwrap().len(), m.vias().unwrap().len());
    }
}

#[test]
fn variants_exercise_what_they_claim() {
    let read = |n: &str| std::fs::read(missive_testkit::vectors("sip").join(n)).unwrap();
    let compact = read("variant-compact.sip");
    let m = Message::parse(&compact).unwrap();
    assert!(m.headers().iter().filter(|h| h.name().len() == 1).count() >= 9);
    assert_eq!(m.supported().unwrap(), ["100rel", "timer"]);
    let folded = read("variant-folded.sip");
    let m = Message::parse(&folded).unwrap();
    assert_eq!(m.top_via().unwrap().branch(), Some("z9hG4bKfold1"));
    assert_eq!(m.accept().unwrap().unwrap().len(), 2);
    assert_eq!(m.from().unwrap().tag(), Some("f1"));
    let multi = read("variant-multivia.sip");
    let m = Message::parse(&multi).unwrap();
    let vias = m.vias().unwrap();
    assert_eq!(vias.len(), 4);
    assert_eq!(vias[2].rport(), Some(Some(5066)));
    assert_eq!(m.record_routes().unwrap().len(), 2);
    let v6 = read("variant-ipv6.sip");
    let m = Message::parse(&v6).unwrap();
    assert!(m.top_via().unwrap().host.ipv6().is_some());
    assert_eq!(m.routes().unwrap().len(), 1);
    let reg = read("variant-register-auth.sip");
    let m = Message::parse(&reg).unwrap();
    assert_eq!(m.authorization().unwrap()[0].param("qop"), Some("auth"));
    assert_eq!(m.date().unwrap().unwrap().year, 2010);
    let r401 = read("variant-401.sip");
    let m = Message::parse(&r401).unwrap();
    assert_eq!(
        m.www_authenticate().unwrap()[0].param("stale"),
        Some("FALSE")
    );
    assert_eq!(m.retry_after().unwrap().unwrap().seconds, 120);
}

/// A classic pcap (Ethernet/IPv4/UDP) holding each payload as one datagram
/// from 127.0.0.1:5071 to 127.0.0.1:5060.
fn pcap(payloads: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [0xa1b2_c3d4u32.to_le_bytes(), [2, 0, 4, 0]] {
        out.extend_from_slice(&v);
    }
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    for (i, p) in payloads.iter().enumerate() {
        let udp_len = 8 + p.len();
        let ip_len = 20 + udp_len;
        let frame_len = 14 + ip_len;
        out.extend_from_slice(&(i as u32 + 1).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(frame_len as u32).to_le_bytes());
        out.extend_from_slice(&(frame_len as u32).to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]);
        let mut ip = vec![
            0x45,
            0,
            (ip_len >> 8) as u8,
            ip_len as u8,
            0,
            i as u8,
            0,
            0,
            64,
            17,
            0,
            0,
        ];
        ip.extend_from_slice(&[127, 0, 0, 1, 127, 0, 0, 1]);
        let sum: u32 = ip
            .chunks(2)
            .map(|c| u32::from(c[0]) << 8 | u32::from(c[1]))
            .sum();
        let sum = !(((sum & 0xffff) + (sum >> 16)) as u16);
        ip[10] = (sum >> 8) as u8;
        ip[11] = sum as u8;
        out.extend_from_slice(&ip);
        out.extend_from_slice(&5071u16.to_be_bytes());
        out.extend_from_slice(&5060u16.to_be_bytes());
        out.extend_from_slice(&(udp_len as u16).to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(p);
    }
    out
}

#[test]
fn tshark_dissects_our_messages_cleanly() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let mut payloads = Vec::new();
    let mut sources: Vec<PathBuf> = corpus().into_iter().map(|(p, _)| p).collect();
    if let Some(dir) = missive_testkit::shared_conformance("sip/rfc4475") {
        for f in [
            "wsinv.dat",
            "esc01.dat",
            "longreq.dat",
            "mpart01.dat",
            "transports.dat",
            "unreason.dat",
        ] {
            sources.push(dir.join(f));
        }
    }
    for p in &sources {
        let bytes = std::fs::read(p).unwrap();
        let m = Message::parse(&bytes).unwrap();
        payloads.push(OwnedMessage::from(&m).to_bytes()); // canonical
        payloads.push(m.to_bytes()); // byte-identical re-serialisation
    }
    // And messages built from scratch with the builder.
    let built = OwnedMessage::request("MESSAGE", "sip:bob@example.com")
        .unwrap()
        .header("Via", "SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bKbuilt")
        .unwrap()
        .header("From", "<sip:alice@example.com>;tag=b1")
        .unwrap()
        .header("To", "<sip:bob@example.com>")
        .unwrap()
        .header("Call-ID", "built-1@127.0.0.1")
        .unwrap()
        .header("CSeq", "1 MESSAGE")
        .unwrap()
        .header("Max-Forwards", "70")
        .unwrap()
        .body("text/plain", "You have 2 new voice messages")
        .unwrap();
    let built_bytes = built.to_bytes();
    payloads.push(built_bytes.clone());
    let req = Message::parse(&built_bytes).unwrap();
    payloads.push(
        OwnedMessage::response_to(&req, 200, "OK")
            .unwrap()
            .to_bytes(),
    );

    let text = tshark_clean("sip-tshark", &payloads);
    // The dissector saw the fields we wrote.
    assert!(text.contains("Method: MESSAGE"));
    assert!(text.contains("Status-Code: 200"));
    assert!(text.contains("z9hG4bKbuilt"));
}

/// Feeds the payloads to tshark as UDP datagrams and asserts that each is
/// dissected as SIP with no malformed-packet report and no error-level
/// expert info; returns the verbose dissection.
fn tshark_clean(name: &str, payloads: &[Vec<u8>]) -> String {
    let dir = missive_testkit::scratch(name);
    let file = dir.join("ours.pcap");
    std::fs::write(&file, pcap(payloads)).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&file)
        .args([
            "-o",
            "ip.check_checksum:TRUE",
            "-d",
            "udp.port==5060,sip",
            "-V",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let frames = text.matches("Session Initiation Protocol").count();
    assert_eq!(frames, payloads.len(), "every datagram is dissected as SIP");
    assert!(
        !text.contains("Malformed"),
        "malformed packet reported:\n{text}"
    );
    assert!(
        !text.contains("[Expert Info (Error"),
        "expert error:\n{text}"
    );
    text
}

/// Messages captured from kamailio, baresip and sipp talking to each other
/// on loopback (`conformance-vectors/sip/peers/`, `scripts/sip-capture-peers.sh`).
fn peer_captures() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = missive_testkit::vectors("sip").join("peers");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sip"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

#[test]
fn peer_captures_parse_identically_and_pass_check() {
    let files = peer_captures();
    assert!(files.len() >= 40, "{} captured messages", files.len());
    for peer in ["kamailio-", "baresip-", "sipp-"] {
        assert!(
            files
                .iter()
                .any(|(p, _)| p.file_name().unwrap().to_string_lossy().starts_with(peer)),
            "no message from {peer}"
        );
    }
    let mut cfg = CheckConfig::default();
    for t in ["text/plain", "application/simple-message-summary"] {
        cfg.content_types.push(t.into());
    }
    let mut methods = std::collections::BTreeSet::new();
    let mut codes = std::collections::BTreeSet::new();
    for (path, bytes) in &files {
        let name = path.display();
        let m = Message::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.len(), bytes.len(), "{name}");
        assert_eq!(
            m.to_bytes(),
            *bytes,
            "{name}: byte-identical re-serialisation"
        );
        let v = check(&m, &cfg);
        assert_eq!(v.code, 200, "{name}: {}", v.reason);
        match m.method() {
            Some(meth) => {
                methods.insert(meth.as_str().to_string());
                m.uri().unwrap();
            }
            None => {
                codes.insert(m.status().unwrap());
            }
        }
        // Typed core headers, URIs included.
        let vias = m.vias().unwrap();
        assert!(!vias.is_empty() && vias[0].branch().is_some(), "{name}");
        let (from, to) = (m.from().unwrap(), m.to().unwrap());
        assert!(from.tag().is_some(), "{name}: From tag");
        from.uri().unwrap();
        to.uri().unwrap();
        let cseq = m.cseq().unwrap();
        if let Some(meth) = m.method() {
            assert_eq!(cseq.method, meth, "{name}");
        }
        if let Some(missive_sip::hdr::Contact::Addresses(list)) = m.contact().unwrap() {
            for a in &list {
                a.uri().unwrap();
            }
        }
        for a in m
            .routes()
            .unwrap()
            .iter()
            .chain(&m.record_routes().unwrap())
        {
            a.uri().unwrap();
        }
        // The canonical form carries the same values.
        let canon = OwnedMessage::from(&m).to_bytes();
        let again = Message::parse(&canon).unwrap();
        assert_eq!(again.cseq().unwrap(), cseq, "{name}");
        assert_eq!(again.call_id().unwrap(), m.call_id().unwrap(), "{name}");
        assert_eq!(again.body(), m.body(), "{name}");
        assert_eq!(again.vias().unwrap(), vias, "{name}");
        assert_eq!(check(&again, &cfg).code, 200, "{name}: canonical form");
    }
    let want = [
        "ACK",
        "BYE",
        "INVITE",
        "MESSAGE",
        "OPTIONS",
        "REGISTER",
        "SUBSCRIBE",
    ];
    assert!(
        want.iter().all(|w| methods.contains(*w)),
        "methods captured: {methods:?}"
    );
    for code in [100, 180, 200, 202, 404] {
        assert!(codes.contains(&code), "status codes captured: {codes:?}");
    }
}

#[test]
fn tshark_dissects_our_serialised_peer_captures_cleanly() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let mut payloads = Vec::new();
    for (_, bytes) in peer_captures() {
        let m = Message::parse(&bytes).unwrap();
        payloads.push(m.to_bytes()); // byte-identical re-serialisation
        payloads.push(OwnedMessage::from(&m).to_bytes()); // canonical
    }
    let text = tshark_clean("sip-tshark-peers", &payloads);
    for field in [
        "Method: SUBSCRIBE",
        "Method: MESSAGE",
        "Status-Code: 202",
        "Status-Code: 404",
    ] {
        assert!(text.contains(field), "{field} not dissected");
    }
}
