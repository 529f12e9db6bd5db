//! Regression from the `sip_message` fuzz target (CI, session 1): a datagram
//! that starts with bare-LF keep-alives. `len` counts them (bytes of input
//! used) while the message re-serialises without them (RFC 3261 §7.5: CRLFs
//! before the start line are ignored).

use missive_sip::{Limits, Message, StreamFramer};

/// The crashing input (also kept as `fuzz/regressions/sip_message/leading-lf-keepalive.bin`).
const INPUT: &[u8] = b"\n\noINVITE sip:user@example.com SIP/2.0\r\n\
    Contact: <sip:caller@host5.example.net>\r\n\
    To: sip:j.u\n\nser@example.com\r\n\
    From: sip:caller@example.net;tag=8392034\r\n\
    Max-Forwards: 70\r\n\
    Call-ID: invut.0ha0isndaksdjadsfij34n23d\r\n\
    CSeq: 235448 INVITE\r\n\
    Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw\r\n\
    Content-Type: application/u\xd0\x13nknownformat\r\n\
    Content-Lenogth: 40\r\n\
    \r\n\
    <audio>\r\n\
    \x20<pcmu port=\"443\"/>\r\n\
    </audio>\r\n";

#[test]
fn leading_keepalives_count_in_len_not_in_bytes() {
    let lead = INPUT
        .iter()
        .take_while(|&&c| c == b'\r' || c == b'\n')
        .count();
    assert_eq!(lead, 2);
    let m = Message::parse(INPUT).unwrap();
    assert_eq!(m.to_bytes(), &INPUT[lead..m.len()]);
    assert_eq!(m.serialized_len() + lead, m.len());
    assert!(m.to_bytes().starts_with(b"oINVITE "));
}

#[test]
fn framer_and_stream_parse_agree_after_keepalives() {
    let Ok(s) = Message::parse_stream(INPUT, &Limits::default()) else {
        return; // the stream parser may reject it; the datagram case is the regression
    };
    let mut f = StreamFramer::default();
    f.push(INPUT);
    let framed = f.next_message().unwrap().unwrap();
    assert_eq!(framed.len() + 2, s.len());
}

#[test]
fn literal_matches_the_kept_crasher() {
    let kept = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/regressions/sip_message/leading-lf-keepalive.bin"
    ));
    if let Ok(kept) = kept {
        assert_eq!(kept, INPUT);
    }
}
