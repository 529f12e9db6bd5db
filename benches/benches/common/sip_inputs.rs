//! Inputs and typed-access helpers shared by `benches/sip.rs` and `examples/sip_instr.rs`.

#![allow(clippy::unwrap_used)] // bench inputs are known-good

use missive_sip::Message;
use rsip::prelude::*;

const SDP: &str = "v=0\r\n\
o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n\
s=-\r\n\
c=IN IP4 192.0.2.101\r\n\
t=0 0\r\n\
m=audio 49172 RTP/AVP 0 8 101\r\n\
a=rtpmap:0 PCMU/8000\r\n\
a=rtpmap:8 PCMA/8000\r\n\
a=rtpmap:101 telephone-event/8000\r\n\
a=fmtp:101 0-15\r\n\
a=ptime:20\r\n\
a=sendrecv\r\n";

/// An INVITE with SDP padded (in the User-Agent value) to exactly `size` bytes.
pub(crate) fn invite(size: usize) -> Vec<u8> {
    let build = |pad: usize| {
        format!(
            "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n\
Via: SIP/2.0/UDP proxy1.example.net:5060;branch=z9hG4bKnashds8;received=192.0.2.1\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@biloxi.example.com>\r\n\
From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n\
CSeq: 314159 INVITE\r\n\
Contact: <sip:alice@pc33.atlanta.example.com:5060;transport=udp>\r\n\
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY\r\n\
User-Agent: missive-bench {}\r\n\
Content-Type: application/sdp\r\n\
Content-Length: {}\r\n\r\n{SDP}",
            "x".repeat(pad),
            SDP.len()
        )
    };
    let base = build(0).len();
    build(size.saturating_sub(base)).into_bytes()
}

pub(crate) fn ok200() -> Vec<u8> {
    b"SIP/2.0 200 OK\r\n\
Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.101\r\n\
To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n\
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n\
CSeq: 314159 INVITE\r\n\
Contact: <sip:bob@192.0.2.4>\r\n\
Content-Length: 0\r\n\r\n"
        .to_vec()
}

/// Parse + typed top Via, From, To, `CSeq`, Call-ID: the same work as
/// [`rsip_typed`] (rsip's `via_header()` is the first Via header).
pub(crate) fn ours_typed(b: &[u8]) -> usize {
    let m = Message::parse(b).unwrap();
    let via = m.top_via().unwrap();
    let from = m.from().unwrap();
    let to = m.to().unwrap();
    let cseq = m.cseq().unwrap();
    let call_id = m.call_id().unwrap();
    via.params.raw().len()
        + from.tag().map_or(0, str::len)
        + to.params.raw().len()
        + cseq.seq as usize
        + call_id.len()
}

pub(crate) fn rsip_typed(b: &[u8]) -> usize {
    let m = rsip::SipMessage::try_from(b).unwrap();
    let via = m.via_header().unwrap().typed().unwrap();
    let from = m.from_header().unwrap().typed().unwrap();
    let to = m.to_header().unwrap().typed().unwrap();
    let cseq = m.cseq_header().unwrap().typed().unwrap();
    let call_id = m.call_id_header().unwrap().value().len();
    via.params.len() + from.params.len() + to.params.len() + cseq.seq as usize + call_id
}
