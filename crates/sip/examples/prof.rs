#![allow(missing_docs, clippy::unwrap_used)]
use std::time::Instant;
fn main() {
    let b: &[u8] = b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101\r\nTo: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\nFrom: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\nCall-ID: a84b4c76e66710@pc33.atlanta.example.com\r\nCSeq: 314159 INVITE\r\nContact: <sip:bob@192.0.2.4>\r\nContent-Length: 0\r\n\r\n";
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let m = missive_sip::Message::parse(b).unwrap();
    let only = std::env::var("CASE").unwrap_or_default();
    macro_rules! t { ($name:expr, $e:expr) => {if only.is_empty() || only == $name {
        let s = Instant::now(); let mut acc = 0usize;
        for _ in 0..n { acc = acc.wrapping_add(std::hint::black_box($e)); }
        println!("{:12} {:>8.1} ns {}", $name, s.elapsed().as_nanos() as f64 / n as f64, acc % 7);
    }}}
    t!(
        "parse",
        missive_sip::Message::parse(std::hint::black_box(b))
            .unwrap()
            .headers()
            .len()
    );
    t!("vias", m.vias().unwrap().len());
    t!("from", m.from().unwrap().params.raw().len());
    t!("to", m.to().unwrap().params.raw().len());
    t!("cseq", m.cseq().unwrap().seq as usize);
    t!("callid", m.call_id().unwrap().len());
    t!(
        "uri",
        missive_sip::Uri::parse("sip:alice@atlanta.example.com")
            .unwrap()
            .scheme()
            .len()
    );
    t!("tag", m.from().unwrap().tag().unwrap().len());
}
