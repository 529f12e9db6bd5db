//! Property tests: built descriptions survive serialise → parse unchanged,
//! and mutated bodies never panic the parser; whatever still parses
//! serialises back to exactly its input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::borrow::Cow;

use missive_sdp::{
    parse, parse_bytes, Attribute, Bandwidth, Connection, Media, Origin, SessionDescription, Timing,
};
use proptest::prelude::*;

const TOKEN: &str = "[!#$%&'*+.0-9A-Z^_`a-z{|}~-]{1,12}";
const TEXT: &str = "[ -~]{1,20}";

fn cow(s: String) -> Cow<'static, str> {
    Cow::Owned(s)
}

fn address() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| ("IP4".to_owned(), std::net::Ipv4Addr::from(o).to_string())),
        any::<[u16; 8]>().prop_map(|s| ("IP6".to_owned(), std::net::Ipv6Addr::from(s).to_string())),
        "[a-z]{1,8}\\.example\\.(com|net)".prop_map(|h| ("IP4".to_owned(), h)),
    ]
}

fn connection() -> impl Strategy<Value = Connection<'static>> {
    address().prop_map(|(t, a)| Connection {
        nettype: Cow::Borrowed("IN"),
        addrtype: cow(t),
        address: cow(a),
    })
}

fn attribute() -> impl Strategy<Value = Attribute<'static>> {
    (TOKEN, proptest::option::of("[ -~]{0,30}")).prop_map(|(n, v)| Attribute {
        name: cow(n),
        value: v.map(cow),
    })
}

fn bandwidth() -> impl Strategy<Value = Bandwidth<'static>> {
    ("(AS|CT|TIAS|RR|RS)", any::<u32>()).prop_map(|(t, v)| Bandwidth {
        bwtype: cow(t),
        value: u64::from(v),
    })
}

fn media() -> impl Strategy<Value = Media<'static>> {
    (
        "(audio|video|image|application|text)",
        any::<u16>(),
        proptest::option::of(1u16..8),
        "(RTP/AVP|RTP/SAVP|udptl|TCP|UDP/TLS/RTP/SAVPF)",
        proptest::collection::vec("[0-9]{1,3}|t38|[a-z]{1,5}", 1..6),
        proptest::option::of(TEXT),
        proptest::collection::vec(connection(), 0..2),
        proptest::collection::vec(bandwidth(), 0..2),
        proptest::collection::vec(attribute(), 0..6),
    )
        .prop_map(|(m, port, count, proto, fmts, info, conns, bws, attrs)| {
            let mut media = Media::new(cow(m), port, cow(proto));
            media.port_count = count;
            media.formats = fmts.into_iter().map(cow).collect();
            media.information = info.map(cow);
            media.connections = conns;
            media.bandwidths = bws;
            media.attributes = attrs;
            media
        })
}

fn description() -> impl Strategy<Value = SessionDescription<'static>> {
    (
        (TOKEN, "[0-9]{1,20}", "[0-9]{1,20}", address()),
        "[ -~]{0,20}",
        proptest::option::of(TEXT),
        proptest::collection::vec("[a-z]{1,8}@example\\.com", 0..2),
        connection(),
        proptest::collection::vec(bandwidth(), 0..2),
        proptest::collection::vec(
            (
                "[0-9]{1,10}",
                "[0-9]{1,10}",
                proptest::collection::vec("[0-9]{1,6}[dhms]? [0-9]{1,6} [0-9]{1,3}h?", 0..2),
            ),
            1..3,
        ),
        proptest::collection::vec(attribute(), 0..4),
        proptest::collection::vec(media(), 0..4),
    )
        .prop_map(
            |((user, id, ver, (at, addr)), name, info, emails, conn, bws, times, attrs, media)| {
                let mut sdp = SessionDescription::new(Origin {
                    username: cow(user),
                    session_id: cow(id),
                    session_version: cow(ver),
                    nettype: Cow::Borrowed("IN"),
                    addrtype: cow(at),
                    address: cow(addr),
                });
                sdp.session_name = cow(name);
                sdp.information = info.map(cow);
                sdp.emails = emails.into_iter().map(cow).collect();
                sdp.connection = Some(conn);
                sdp.bandwidths = bws;
                sdp.timings = times
                    .into_iter()
                    .map(|(s, e, r)| Timing {
                        start: cow(s),
                        stop: cow(e),
                        repeats: r.into_iter().map(cow).collect(),
                    })
                    .collect();
                sdp.attributes = attrs;
                sdp.media = media;
                sdp
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn build_serialise_parse_round_trip(sdp in description()) {
        let text = sdp.to_string();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&parsed, &sdp);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn mutations_never_panic_and_parsed_bodies_round_trip(
        sdp in description(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut bytes = sdp.to_string().into_bytes();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        if let Ok(parsed) = parse_bytes(&bytes) {
            prop_assert_eq!(parsed.to_string().into_bytes(), bytes);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_bytes(&bytes);
    }
}
