//! Focused behaviour: compact forms, folding, list splitting, URI
//! comparison (RFC 3261 §19.1.4 examples), limits, framing.

use missive_sip::hdr::{Auth, Contact, NameAddr, Via};
use missive_sip::{
    BodyFraming, Error, HeaderName, Host, Limits, Message, Method, StreamFramer, Uri,
};

const BASE: &str = "OPTIONS sip:bob@example.com SIP/2.0\r\n\
v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK2;received=[2001:db8::9];ttl=3;maddr=224.2.0.1\r\n\
VIA: SIP/2.0/TLS c.example.com\r\n\
f: \"A, \\\"quoted\\\"\" <sip:a@example.com;transport=tcp>;tag=x1\r\n\
t: sip:bob@example.com\r\n\
i: abc@host\r\n\
CSeq: 7\r\n  OPTIONS\r\n\
m: \"Z\" <sip:z@h;lr>;q=0.5;expires=30, <sip:y@h>\r\n\
k: 100rel, timer\r\n\
o: presence;id=1\r\n\
X-Custom: a, b\r\n\
l: 0\r\n\r\n";

#[test]
fn compact_forms_and_folding() {
    let m = Message::parse(BASE.as_bytes()).unwrap();
    assert_eq!(m.method(), Some(Method::Options));
    assert_eq!(m.headers_of(HeaderName::Via).count(), 2);
    let vias = m.vias().unwrap();
    assert_eq!(vias.len(), 3);
    assert_eq!(vias[1].host, Host::Ipv6("2001:db8::1"));
    assert_eq!(vias[1].port, Some(5061));
    assert_eq!(vias[1].received(), Some("[2001:db8::9]"));
    assert_eq!(vias[1].ttl(), Some(3));
    assert_eq!(vias[1].maddr(), Some("224.2.0.1"));
    assert_eq!(vias[2].branch(), None);
    let from = m.from().unwrap();
    assert_eq!(from.display_name_unescaped().unwrap(), "A, \"quoted\"");
    let Uri::Sip(fu) = from.uri().unwrap() else {
        panic!()
    };
    assert_eq!(fu.param("transport"), Some(Some("tcp")));
    assert_eq!(m.cseq().unwrap().seq, 7);
    assert_eq!(m.get("call-id").unwrap().value(), b"abc@host");
    assert_eq!(m.get("I").unwrap().name(), "i");
    let Some(Contact::Addresses(c)) = m.contact().unwrap() else {
        panic!()
    };
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].q(), Some(500));
    assert_eq!(c[0].expires(), Some(30));
    assert_eq!(m.supported().unwrap(), ["100rel", "timer"]);
    assert_eq!(m.event().unwrap().unwrap().number("id"), Some(1));
    let x = m.get("x-custom").unwrap();
    assert_eq!(x.kind(), HeaderName::Other);
    assert_eq!(x.values().count(), 2);
    assert_eq!(m.content_length().unwrap(), Some(0));
    assert_eq!(m.framing(), BodyFraming::ContentLength(0));
    assert_eq!(m.to_bytes(), BASE.as_bytes());
}

#[test]
fn contact_star_and_auth() {
    assert_eq!(Contact::parse([&b"*"[..]], 10).unwrap(), Contact::Star);
    assert!(Contact::parse([&b"*"[..], b"<sip:a@b>"], 10).is_err());
    let a = Auth::parse(
        b"Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b\", uri=\"sip:bob@biloxi.com\", response=\"6629fae4\", nc=00000001, cnonce=\"0a4f113b\", qop=auth",
        "Authorization",
    )
    .unwrap();
    assert_eq!(a.param("uri"), Some("sip:bob@biloxi.com"));
    assert_eq!(a.param("nc"), Some("00000001"));
    assert_eq!(a.params.len(), 8);
    assert!(Auth::parse(b"Digest realm", "Authorization").is_err());
}

#[test]
fn rfc3261_uri_comparison_examples() {
    let eq = |a: &str, b: &str| Uri::parse(a).unwrap().equivalent(&Uri::parse(b).unwrap());
    // §19.1.4: equivalent pairs.
    assert!(eq(
        "sip:%61lice@atlanta.com;transport=TCP",
        "sip:alice@AtLanTa.CoM;Transport=tcp"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;newparam=5"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"
    ));
    assert!(eq(
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@atlanta.com?priority=urgent&subject=project%20x"
    ));
    // Non-equivalent pairs.
    assert!(!eq(
        "SIP:ALICE@AtLanTa.CoM;Transport=udp",
        "sip:alice@AtLanTa.CoM;Transport=UDP"
    ));
    assert!(!eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com;transport=udp"
    ));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com:6000;transport=tcp"
    ));
    assert!(!eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com?Subject=next%20meeting"
    ));
    assert!(!eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
    assert!(!eq(
        "sip:carol@chicago.com;security=on",
        "sip:carol@chicago.com;security=off"
    ));
    assert!(!eq("sip:a@b", "sips:a@b"));
    // IPv6 by value; tel by digits.
    assert!(eq("sip:[2001:db8::10]", "sip:[2001:DB8:0::10]"));
    assert!(eq("tel:+1-201-555-0123", "tel:+12015550123"));
}

#[test]
fn ipv6_references() {
    let Uri::Sip(u) = Uri::parse("sip:[2001:db8::10:5070]").unwrap() else {
        panic!()
    };
    assert_eq!(u.port, None);
    let Uri::Sip(u) = Uri::parse("sip:[2001:db8::10]:5070").unwrap() else {
        panic!()
    };
    assert_eq!((u.host.ipv6().is_some(), u.port), (true, Some(5070)));
    assert!(Uri::parse("sip:user@2001:db8::10").is_err());
    let Uri::Sip(u) = Uri::parse("sip:[2001:db8:::192.0.2.1]").unwrap() else {
        panic!()
    };
    assert_eq!(u.host.ipv6(), None); // accepted leniently (RFC 5118 §4.10)
    let v = Via::parse_list(b"SIP/2.0/UDP [::1]:5060;received=::1", 4).unwrap();
    assert_eq!(v[0].received(), Some("::1"));
}

#[test]
fn name_addr_rules() {
    assert!(NameAddr::parse_one(b"<sip:a@b> junk").is_err());
    assert!(NameAddr::parse_one(b"\"unterminated <sip:a@b>").is_err());
    assert!(NameAddr::parse_one(b"< sip:a@b>").is_err());
    let a = NameAddr::parse_one(b"sip:a@b;tag=1").unwrap();
    assert!(!a.angle);
    assert_eq!(a.tag(), Some("1"));
    let Uri::Sip(u) = a.uri().unwrap() else {
        panic!()
    };
    assert_eq!(u.params().count(), 0);
}

#[test]
fn limits_are_enforced() {
    let limits = Limits {
        max_vias: 2,
        ..Limits::default()
    };
    let msg = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a\r\nVia: SIP/2.0/UDP b\r\nVia: SIP/2.0/UDP c\r\n\r\n";
    assert!(matches!(
        Message::parse_with(msg.as_bytes(), &limits),
        Err(Error::Limit {
            what: "Via count",
            ..
        })
    ));
    let msg = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b, SIP/2.0/UDP c\r\n\r\n";
    let m = Message::parse_with(msg.as_bytes(), &limits).unwrap();
    assert!(matches!(m.vias(), Err(Error::Limit { .. })));
    let long = format!("OPTIONS sip:a@b SIP/2.0\r\nX: {}\r\n\r\n", "y".repeat(200));
    let small = Limits {
        max_line_length: 100,
        ..Limits::default()
    };
    assert!(matches!(
        Message::parse_with(long.as_bytes(), &small),
        Err(Error::Limit { .. })
    ));
    let tiny = Limits {
        max_message_size: 40,
        ..Limits::default()
    };
    assert!(matches!(
        Message::parse_with(long.as_bytes(), &tiny),
        Err(Error::Limit { .. })
    ));
}

#[test]
fn stream_framing() {
    let msg = b"SIP/2.0 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    for cut in 0..msg.len() {
        assert!(
            matches!(
                Message::parse_stream(&msg[..cut], &Limits::default()),
                Err(Error::Incomplete { .. })
            ),
            "cut {cut}"
        );
    }
    assert_eq!(
        Message::parse_stream(msg, &Limits::default())
            .unwrap()
            .body(),
        b"abc"
    );
    assert!(matches!(
        Message::parse_stream(b"SIP/2.0 200 OK\r\n\r\n", &Limits::default()),
        Err(Error::ContentLength { .. })
    ));
    let mut f = StreamFramer::new(Limits {
        max_message_size: 64,
        ..Limits::default()
    });
    f.push(b"SIP/2.0 200 OK\r\nX: ");
    f.push(&[b'a'; 100]);
    assert!(matches!(f.next_message(), Err(Error::Limit { .. })));
}

#[test]
fn datagram_framing() {
    let m = Message::parse(b"SIP/2.0 100 \r\nContent-Length: 2\r\n\r\nabTRAILING").unwrap();
    assert_eq!(m.body(), b"ab");
    assert_eq!(m.status_line().unwrap().reason, "");
    assert!(matches!(
        Message::parse(b"SIP/2.0 200 OK\r\nContent-Length: 20\r\n\r\nab"),
        Err(Error::Truncated {
            declared: 20,
            available: 2
        })
    ));
    let m = Message::parse(b"SIP/2.0 200 OK\r\n\r\nrest of datagram").unwrap();
    assert_eq!(
        (m.body(), m.framing()),
        (&b"rest of datagram"[..], BodyFraming::Datagram)
    );
    // LF-only line ends are tolerated and kept.
    let lf = b"OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h\nl: 0\n\n";
    assert_eq!(Message::parse(lf).unwrap().to_bytes(), lf);
    assert!(Message::parse(b"SIP/2.0 1000 OK\r\n\r\n").is_err());
    assert!(Message::parse(b"INVITE sip:a@b SIP/2.0 \r\n\r\n").is_err());
    assert!(Message::parse(b"INVITE sip:a@b SIP/2.0\r\n: x\r\n\r\n").is_err());
}

#[test]
fn fuzz_regression_tel_duplicate_params_equal_themselves() {
    // Found by the sip_uri fuzz target: duplicate parameters made a tel URI
    // unequal to itself.
    let u = Uri::parse("tel:+1-231;p-555-0101o231;p13;ip=zs2o231;p13;ip=:om").unwrap();
    assert!(u.equivalent(&u));
    let a = Uri::parse("tel:+1;a=1;a=2").unwrap();
    let b = Uri::parse("tel:+1;a=2;a=1").unwrap();
    assert!(a.equivalent(&b));
    assert!(!a.equivalent(&Uri::parse("tel:+1;a=1;a=1").unwrap()));
}
