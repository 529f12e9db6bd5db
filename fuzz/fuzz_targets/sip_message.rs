//! SIP message parser: never panics; a parsed message re-serialises to the
//! exact bytes it consumed; typed access and validation never panic; the
//! canonical owned form parses again to the same core values; the stream
//! framer agrees with the datagram parser on the message length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_sip::validate::{check, CheckConfig};
use missive_sip::{Limits, Message, OwnedMessage, StreamFramer};

fuzz_target!(|data: &[u8]| {
    let Ok(m) = Message::parse(data) else {
        return;
    };
    assert!(m.len() <= data.len());
    // Leading keep-alive CRLFs count in `len` but are not part of the message.
    let lead = data.iter().take_while(|&&c| c == b'\r' || c == b'\n').count();
    assert_eq!(m.to_bytes(), &data[lead..m.len()]);
    assert_eq!(m.serialized_len() + lead, m.len());
    let verdict = check(&m, &CheckConfig::default());
    let _ = (m.uri(), m.contact(), m.accept(), m.date(), m.retry_after(), m.www_authenticate());
    for h in m.headers() {
        assert!(h.values().all(|v| v.len() <= h.value().len()));
    }
    if verdict.is_ok() {
        let owned = OwnedMessage::from(&m).to_bytes();
        let again = Message::parse(&owned).expect("canonical form parses");
        assert_eq!(again.cseq().ok(), m.cseq().ok());
        assert_eq!(again.call_id().ok(), m.call_id().ok());
        let core = |m: &Message<'_>| {
            m.vias().map(|vs| {
                vs.iter()
                    .map(|v| (v.transport.to_string(), v.host.to_string(), v.port, v.branch().map(str::to_string)))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(core(&again).ok(), core(&m).ok());
        assert_eq!(again.body(), m.body());
    }
    if let Ok(s) = Message::parse_stream(data, &Limits::default()) {
        let mut f = StreamFramer::default();
        f.push(data);
        let framed = f.next_message().expect("framer agrees").expect("a message");
        assert_eq!(framed.len() + lead, s.len());
    }
});
