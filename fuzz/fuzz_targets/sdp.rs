//! SDP: any bytes either fail to parse or parse to a description that
//! serialises back to exactly those bytes and reparses to the same structure;
//! an owned copy serialises the same; answering it never panics, and any
//! answer is itself valid SDP.
#![no_main]

use std::net::{IpAddr, Ipv4Addr};

use libfuzzer_sys::fuzz_target;
use missive_sdp::{parse, parse_bytes, Answerer, Capabilities};

fuzz_target!(|data: &[u8]| {
    let Ok(sdp) = parse_bytes(data) else {
        return;
    };
    let text = sdp.to_string();
    assert_eq!(text.as_bytes(), data, "round trip");
    let again = parse(&text).expect("serialised SDP reparses");
    assert_eq!(again, sdp);
    let owned = sdp.clone().into_owned();
    assert_eq!(owned.to_string(), text);

    let caps = Capabilities::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 40000, 40002);
    if let Ok(answer) = Answerer::new(caps).answer(&sdp) {
        let a = answer.to_string();
        let reparsed = parse(&a).expect("our answer is valid SDP");
        assert_eq!(reparsed.media.len(), sdp.media.len());
    }
});
