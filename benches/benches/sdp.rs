//! SDP parse and serialise: Missive against the `sdp` crate (webrtc-rs) on
//! the same offers — a typical PBX audio offer (Asterisk: G.711, G726-32,
//! GSM, telephone-event, ptime) and a T.38 re-INVITE offer (`FreeSWITCH`).

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::expect_used, clippy::panic)] // a bench must stop on bad input

use std::io::Cursor;
use std::net::{IpAddr, Ipv4Addr};

use criterion::{criterion_group, criterion_main, Criterion};

const AUDIO_OFFER: &str = include_str!("../../conformance-vectors/sdp/offers/asterisk-pjsip.sdp");
const T38_OFFER: &str = include_str!("../../conformance-vectors/sdp/offers/freeswitch-t38.sdp");

fn peer_parse(text: &str) -> sdp::SessionDescription {
    sdp::SessionDescription::unmarshal(&mut Cursor::new(text.as_bytes()))
        .unwrap_or_else(|e| panic!("sdp crate rejects the offer: {e}"))
}

/// Prints how many corpus offers each side parses and re-serialises byte for
/// byte (a fact for the README next to the timings).
fn corpus_score() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance-vectors/sdp/offers");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let (mut total, mut ours, mut ours_rt, mut peer, mut peer_rt) = (0, 0, 0, 0, 0);
    for e in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        total += 1;
        if let Ok(s) = missive_sdp::parse(&text) {
            ours += 1;
            ours_rt += usize::from(s.to_string() == text);
        }
        if let Ok(s) = sdp::SessionDescription::unmarshal(&mut Cursor::new(text.as_bytes())) {
            peer += 1;
            peer_rt += usize::from(s.marshal() == text);
        }
    }
    eprintln!(
        "corpus: missive parses {ours}/{total}, round-trips {ours_rt}/{total}; \
         sdp-webrtc parses {peer}/{total}, round-trips {peer_rt}/{total}"
    );
}

fn bench(c: &mut Criterion) {
    corpus_score();
    for (case, text) in [("audio-offer", AUDIO_OFFER), ("t38-offer", T38_OFFER)] {
        // Both sides must succeed on the input before they are timed.
        let ours = missive_sdp::parse(text).expect("missive parses");
        assert_eq!(ours.to_string(), text);
        let theirs = peer_parse(text);
        assert_eq!(theirs.media_descriptions.len(), ours.media.len());

        missive_benches::side_by_side(
            c,
            &format!("sdp/parse-{case}"),
            1,
            || missive_sdp::parse(text).map(|s| s.media.len()),
            &[("sdp-webrtc", &|| peer_parse(text).media_descriptions.len())],
        );
        missive_benches::side_by_side(
            c,
            &format!("sdp/serialise-{case}"),
            1,
            || ours.to_sdp().len(),
            &[("sdp-webrtc", &|| theirs.marshal().len())],
        );
    }

    // Our whole UAS path for one INVITE: parse the offer and build the answer.
    let text = AUDIO_OFFER;
    let caps = missive_sdp::Capabilities::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 40000, 40002);
    missive_benches::side_by_side::<_, usize>(
        c,
        "sdp/parse-answer-serialise-audio-offer",
        1,
        || {
            let offer = missive_sdp::parse(text).expect("parses");
            missive_sdp::answer(&caps, &offer).map(|a| a.to_sdp().len())
        },
        &[],
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
