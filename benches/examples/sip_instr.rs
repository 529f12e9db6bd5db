//! Runs one SIP bench case `N` times so that `valgrind --tool=callgrind`
//! can count instructions: a load-independent companion to the criterion
//! bench (`scripts/sip-instr.sh` drives it). Same inputs as benches/sip.rs.
//!
//! `sip_instr CASE N` with CASE one of `{ours,rsip}-{invite,200ok}-{parse,typed,serialise}`.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use missive_sip::{Message, OwnedMessage};
use rsip::prelude::*;

#[path = "../benches/common/sip_inputs.rs"]
mod sip_inputs;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let case = args.get(1).expect("case").as_str();
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let (side, rest) = case.split_once('-').expect("side-input-op");
    let (input, op) = rest.split_once('-').expect("input-op");
    let bytes = match input {
        "invite" => sip_inputs::invite(856),
        "200ok" => sip_inputs::ok200(),
        _ => panic!("input"),
    };
    let b = bytes.as_slice();
    let owned = OwnedMessage::from(&Message::parse(b).unwrap());
    let theirs = rsip::SipMessage::try_from(b).unwrap();
    let mut acc = 0usize;
    for _ in 0..n {
        let b = black_box(b);
        acc = acc.wrapping_add(match (side, op) {
            ("ours", "parse") => Message::parse(b).map_or(0, |m| m.headers().len()),
            ("ours", "typed") => sip_inputs::ours_typed(b),
            ("ours", "serialise") => {
                let mut out = Vec::new();
                black_box(&owned).write_to(&mut out);
                out.len()
            }
            ("ours" | "rsip", "none") => 0,
            ("rsip", "parse") => {
                rsip::SipMessage::try_from(b).map_or(0, |m| m.headers().iter().count())
            }
            ("rsip", "typed") => sip_inputs::rsip_typed(b),
            ("rsip", "serialise") => black_box(&theirs).to_string().len(),
            _ => panic!("case"),
        });
    }
    println!("{case} {n} {acc}");
}
