//! SIP message layer: Missive against rsip 0.4 on the same bytes: an 856-byte
//! INVITE with SDP and a 200 OK. Cases: framing + lazy parse; parse + typed
//! core headers (Via, From, To, `CSeq`, Call-ID); serialise.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used)] // bench inputs are known-good

use criterion::{criterion_group, criterion_main, Criterion};
use missive_sip::{Message, OwnedMessage};
use rsip::prelude::*;
use sip_inputs::{invite, ok200, ours_typed, rsip_typed};

#[path = "common/sip_inputs.rs"]
mod sip_inputs;

fn bench(c: &mut Criterion) {
    let inv = invite(856);
    assert_eq!(inv.len(), 856, "INVITE size");
    for (name, bytes) in [("invite-856", inv), ("200ok", ok200())] {
        let b = bytes.as_slice();
        // Both sides must accept the input before it is timed.
        assert!(Message::parse(b).is_ok());
        assert!(rsip::SipMessage::try_from(b).is_ok());
        assert_eq!(ours_typed(b) > 0, rsip_typed(b) > 0);

        missive_benches::side_by_side(
            c,
            &format!("sip/{name}-parse"),
            1,
            || Message::parse(b).map_or(0, |m| m.headers().len()),
            &[("rsip", &|| {
                rsip::SipMessage::try_from(b).map_or(0, |m| m.headers().iter().count())
            })],
        );
        missive_benches::side_by_side(
            c,
            &format!("sip/{name}-parse-typed"),
            1,
            || ours_typed(b),
            &[("rsip", &|| rsip_typed(b))],
        );
        // Against rsip's plain (untyped) parse, the goal's yardstick.
        missive_benches::side_by_side(
            c,
            &format!("sip/{name}-typed-vs-rsip-plain"),
            1,
            || ours_typed(b),
            &[("rsip", &|| {
                rsip::SipMessage::try_from(b).map_or(0, |m| m.headers().iter().count())
            })],
        );
        let owned = OwnedMessage::from(&Message::parse(b).unwrap());
        let theirs = rsip::SipMessage::try_from(b).unwrap();
        missive_benches::side_by_side(
            c,
            &format!("sip/{name}-serialise"),
            1,
            || {
                let mut out = Vec::new();
                owned.write_to(&mut out);
                out.len()
            },
            &[("rsip", &|| theirs.to_string().len())],
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
