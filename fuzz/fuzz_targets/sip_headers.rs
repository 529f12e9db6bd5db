//! Every typed header parser on arbitrary values: never panics; parsed
//! values hold slices of the input and accessors stay consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_sip::hdr::{
    parse_call_id, parse_max_forwards, parse_tokens, Auth, CSeq, Contact, HttpDate, MediaType,
    NameAddr, RetryAfter, TokenParams, Via,
};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, v)) = data.split_first() else {
        return;
    };
    match sel % 11 {
        0 => {
            if let Ok(list) = Via::parse_list(v, 16) {
                assert!(!list.is_empty() && list.len() <= 16);
                for via in &list {
                    let _ = (via.branch(), via.rport(), via.ttl(), via.received(), via.params.iter().count());
                }
            }
        }
        1 => {
            if let Ok(a) = NameAddr::parse_one(v) {
                let _ = (a.tag(), a.q(), a.expires(), a.display_name_unescaped(), a.uri_text);
                if let Ok(u) = a.uri() {
                    assert!(u.equivalent(&u));
                    assert_eq!(u.to_string(), a.uri_text);
                }
            }
        }
        2 => {
            let _ = Contact::parse([v], 16);
        }
        3 => {
            if let Ok(c) = CSeq::parse(v) {
                assert!(!c.method.as_str().is_empty());
            }
        }
        4 => {
            if let Ok(id) = parse_call_id(v) {
                assert_eq!(id.as_bytes(), v);
            }
        }
        5 => {
            let _ = parse_max_forwards(v);
        }
        6 => {
            let mut out = Vec::new();
            if parse_tokens(v, "Supported", 32, &mut out).is_ok() {
                assert!(out.len() <= 32);
            }
        }
        7 => {
            let _ = MediaType::parse(v);
            let mut out = Vec::new();
            let _ = MediaType::parse_accept(v, 32, &mut out);
        }
        8 => {
            if let Ok(a) = Auth::parse(v, "Authorization") {
                for (n, _) in &a.params {
                    assert!(a.param(n).is_some());
                }
            }
        }
        9 => {
            let _ = HttpDate::parse(v);
            let _ = RetryAfter::parse(v);
        }
        _ => {
            if let Ok(t) = TokenParams::parse(v, "Event") {
                let _ = (t.number("id"), t.params.iter().count());
            }
        }
    }
});
