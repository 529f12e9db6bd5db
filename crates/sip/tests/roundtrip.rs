//! Property tests: build → serialise → parse round trips, parse →
//! re-serialise identity, and random mutations that must never panic.

#![allow(clippy::unwrap_used)] // test helpers build known-good messages

use missive_sip::validate::{check, CheckConfig};
use missive_sip::{Message, OwnedMessage, StreamFramer, Uri};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9.!%*_+`'~-]{0,12}"
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){0,3}",
        (0u8..=255, 0u8..=255, 0u8..=255, 1u8..=254)
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        any::<[u16; 8]>().prop_map(|s| { format!("[{}]", std::net::Ipv6Addr::from(s)) }),
    ]
}

#[derive(Debug, Clone)]
struct Spec {
    method: String,
    user: String,
    host: String,
    port: Option<u16>,
    branch: String,
    tag: String,
    display: String,
    call_id: String,
    seq: u32,
    mf: u8,
    vias: usize,
    body: Vec<u8>,
    compact: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![
            Just("INVITE".to_string()),
            Just("OPTIONS".to_string()),
            "[A-Z]{3,10}"
        ],
        "[a-z0-9._~+-]{1,10}",
        host(),
        proptest::option::of(1u16..),
        token(),
        token(),
        "[A-Za-z0-9 ,.@<>;:\\\\\"-]{0,16}",
        "[A-Za-z0-9.!%*_+-]{1,20}(@[a-z0-9.]{1,10})?",
        any::<u32>(),
        any::<u8>(),
        (
            1usize..4,
            proptest::collection::vec(any::<u8>(), 0..64),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                method,
                user,
                host,
                port,
                branch,
                tag,
                display,
                call_id,
                seq,
                mf,
                (vias, body, compact),
            )| Spec {
                method,
                user,
                host,
                port,
                branch,
                tag,
                display,
                call_id,
                seq,
                mf,
                vias,
                body,
                compact,
            },
        )
}

fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

fn build(s: &Spec) -> OwnedMessage {
    let port = s.port.map(|p| format!(":{p}")).unwrap_or_default();
    let uri = format!("sip:{}@{}{}", s.user, s.host, port);
    let n = |full: &'static str, short: &'static str| if s.compact { short } else { full };
    let mut m = OwnedMessage::request(&s.method, &uri).unwrap();
    for i in 0..s.vias {
        m = m
            .header(
                n("Via", "v"),
                format!(
                    "SIP/2.0/UDP {}{port};branch=z9hG4bK{}{i};rport",
                    s.host, s.branch
                ),
            )
            .unwrap();
    }
    m.header(
        n("From", "f"),
        format!("{} <sip:a@example.com>;tag={}", quote(&s.display), s.tag),
    )
    .unwrap()
    .header(n("To", "t"), format!("<{uri}>"))
    .unwrap()
    .header(n("Call-ID", "i"), &s.call_id)
    .unwrap()
    .header("CSeq", format!("{} {}", s.seq, s.method))
    .unwrap()
    .header("Max-Forwards", s.mf.to_string())
    .unwrap()
    .body("application/sdp", s.body.clone())
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn build_serialise_parse(s in spec()) {
        let wire = build(&s).to_bytes();
        let m = Message::parse(&wire).unwrap();
        prop_assert_eq!(m.to_bytes(), wire.clone());
        prop_assert_eq!(m.method().unwrap().as_str(), s.method.as_str());
        prop_assert_eq!(m.body(), &s.body[..]);
        let vias = m.vias().unwrap();
        prop_assert_eq!(vias.len(), s.vias);
        let want_branch = format!("z9hG4bK{}0", s.branch);
        prop_assert_eq!(vias[0].branch(), Some(want_branch.as_str()));
        prop_assert_eq!(vias[0].port, s.port);
        let from = m.from().unwrap();
        prop_assert_eq!(from.tag(), Some(s.tag.as_str()));
        prop_assert_eq!(from.display_name_unescaped(), Some(s.display.clone()));
        prop_assert_eq!(m.call_id().unwrap(), s.call_id.as_str());
        prop_assert_eq!(m.cseq().unwrap().seq, s.seq);
        prop_assert_eq!(m.max_forwards().unwrap(), Some(s.mf));
        let Uri::Sip(ruri) = m.uri().unwrap() else { panic!("not sip") };
        prop_assert_eq!(ruri.user, Some(s.user.as_str()));
        prop_assert_eq!(ruri.port, s.port);
        prop_assert!(m.to().unwrap().uri().unwrap().equivalent(&m.uri().unwrap()));
        prop_assert_eq!(check(&m, &CheckConfig::default()).code, 200);
        // Owned copy serialises canonically and parses to the same values.
        let again = OwnedMessage::from(&m).to_bytes();
        let m2 = Message::parse(&again).unwrap();
        prop_assert_eq!(m2.cseq().unwrap(), m.cseq().unwrap());
        prop_assert_eq!(m2.vias().unwrap(), vias);
        // The stream framer finds the same boundaries in any chunking.
        let mut f = StreamFramer::default();
        let mut stream = wire.clone();
        stream.extend_from_slice(&wire);
        for chunk in stream.chunks(7) {
            f.push(chunk);
        }
        prop_assert_eq!(f.next_message().unwrap().unwrap(), wire.clone());
        prop_assert_eq!(f.next_message().unwrap().unwrap(), wire);
        prop_assert!(f.next_message().unwrap().is_none());
    }

    #[test]
    fn mutations_never_panic(s in spec(), edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut wire = build(&s).to_bytes();
        for (at, byte, op) in edits {
            if wire.is_empty() { break; }
            let i = at % wire.len();
            match op {
                0 => wire[i] = byte,
                1 => { wire.insert(i, byte); }
                _ => { wire.remove(i); }
            }
        }
        if let Ok(m) = Message::parse(&wire) {
            prop_assert_eq!(m.to_bytes(), wire[..m.len()].to_vec());
            let _ = check(&m, &CheckConfig::default());
            let _ = OwnedMessage::from(&m).to_bytes();
        }
        let mut f = StreamFramer::default();
        f.push(&wire);
        let _ = f.next_message();
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(m) = Message::parse(&bytes) {
            prop_assert_eq!(m.to_bytes(), bytes[..m.len()].to_vec());
            let _ = check(&m, &CheckConfig::default());
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if let Ok(u) = Uri::parse(text) {
                prop_assert!(u.equivalent(&u));
            }
        }
    }
}
