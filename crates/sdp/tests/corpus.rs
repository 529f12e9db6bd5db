//! The offer corpus in `conformance-vectors/sdp/` (sipp's built-in scenarios,
//! and offers as baresip, Asterisk, `FreeSWITCH` and T.38 gateways write them):
//! every offer round-trips byte for byte, and our answer to it is exactly the
//! reviewed answer in `answers/` (or a 488 where `answers/<name>.488` says so).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use missive_sdp::{
    parse, parse_bytes, Answerer, Capabilities, Direction, Error, RateManagement, T38Params, UdpEc,
};

/// The capabilities the expected answers were made with (the defaults of
/// `missive sdp answer`).
fn caps() -> Capabilities {
    let mut c = Capabilities::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 40000, 40002);
    c.ipv6_address = Some(IpAddr::V6(Ipv6Addr::LOCALHOST));
    c
}

fn offers() -> Vec<PathBuf> {
    let dir = missive_testkit::vectors("sdp/offers");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sdp"))
        .collect();
    v.sort();
    v
}

fn read(name: &str) -> String {
    std::fs::read_to_string(missive_testkit::vectors("sdp/offers").join(format!("{name}.sdp")))
        .unwrap()
}

#[test]
fn every_offer_round_trips_and_gets_the_expected_answer() {
    let answers = missive_testkit::vectors("sdp/answers");
    let offers = offers();
    assert!(offers.len() >= 18, "corpus has {} offers", offers.len());
    let (mut answered, mut refused) = (0, 0);
    for path in offers {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let sdp = parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sdp.to_string().as_bytes(), bytes, "{name}: round trip");
        let result = Answerer::new(caps()).answer(&sdp);
        let expected = answers.join(format!("{name}.sdp"));
        if expected.exists() {
            let want = std::fs::read_to_string(&expected).unwrap();
            let got = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got.to_string(), want, "{name}");
            // The answer keeps the offer's m= lines, in order.
            assert_eq!(got.media.len(), sdp.media.len(), "{name}");
            for (a, o) in got.media.iter().zip(&sdp.media) {
                assert_eq!(a.media, o.media, "{name}");
            }
            answered += 1;
        } else {
            assert!(
                answers.join(format!("{name}.488")).exists(),
                "{name}: no expected answer"
            );
            let e = result.unwrap_err();
            assert!(matches!(e, Error::NotAcceptable { .. }), "{name}: {e}");
            assert_eq!(e.sip_status(), 488);
            refused += 1;
        }
    }
    assert_eq!((answered, refused), (16, 2));
}

#[test]
fn asterisk_call_hold_resume_then_fax() {
    let mut ans = Answerer::new(caps());
    let talk = read("asterisk-pjsip");
    let hold = read("asterisk-hold");
    let fax = read("asterisk-t38-reinvite");
    let mut step = |text: &str| ans.answer(&parse(text).unwrap()).unwrap();
    let a1 = step(&talk);
    assert_eq!(a1.origin.session_version, "1");
    assert_eq!(a1.media[0].direction(), Some(Direction::SendRecv));
    let a2 = step(&hold);
    assert_eq!(a2.origin.session_version, "2");
    assert_eq!(a2.media[0].direction(), Some(Direction::RecvOnly));
    let a3 = step(&hold);
    assert_eq!(
        a3.origin.session_version, "2",
        "unchanged answer keeps its version"
    );
    let a4 = step(&talk);
    assert_eq!(a4.origin.session_version, "3");
    let a5 = step(&fax);
    assert_eq!(a5.origin.session_version, "4");
    assert_eq!(a5.media[0].media, "image");
    assert_eq!(a5.media[0].formats, ["t38"]);
}

#[test]
fn t38_gateway_offers_negotiate_down() {
    let sdp = read("gateway-t38-v3-fec");
    let offer = parse(&sdp).unwrap();
    let offered = T38Params::from_media(&offer.media[0]).unwrap();
    assert_eq!(
        (offered.version, offered.max_bit_rate, offered.udp_ec),
        (3, Some(33600), Some(UdpEc::Fec))
    );
    assert!(offered.transcoding_jbig);

    let mut c = caps();
    c.t38 = Some(missive_sdp::T38Caps {
        version: 2,
        max_bit_rate: 33600,
        udp_ec: UdpEc::Fec,
        ..missive_sdp::T38Caps::default()
    });
    let a = Answerer::new(c).answer(&offer).unwrap();
    let p = T38Params::from_media(&a.media[0]).unwrap();
    assert_eq!(
        (p.version, p.max_bit_rate, p.udp_ec),
        (2, Some(33600), Some(UdpEc::Fec))
    );
    assert_eq!(p.rate_management, Some(RateManagement::TransferredTcf));
    assert!(!p.transcoding_jbig);

    // The 1998-style `:0` booleans read as false.
    let text = read("gateway-t38-v0-1998-booleans");
    let old = parse_bytes(text.as_bytes()).unwrap();
    let p = T38Params::from_media(&old.media[0]).unwrap();
    assert!(!p.fill_bit_removal && !p.transcoding_mmr && !p.transcoding_jbig);
    assert_eq!(p.max_datagram, Some(320));
}

#[test]
fn sipp_builtin_offers_match_the_running_sipp() {
    if !missive_testkit::peer("sipp") || !missive_testkit::peer("python3") {
        return;
    }
    let out = missive_testkit::scratch("sdp-sipp-offers");
    let script = missive_testkit::workspace_root().join("scripts/sdp-vectors-sipp.py");
    let status = std::process::Command::new("python3")
        .arg(script)
        .env("SDP_VECTORS_OUT", &out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    for name in ["sipp-uac", "sipp-uac_pcap"] {
        let fresh = std::fs::read(out.join(format!("{name}.sdp"))).unwrap();
        assert_eq!(fresh, read(name).into_bytes(), "{name}");
    }
}
