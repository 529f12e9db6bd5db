//! RTCP: any bytes; each packet of a compound that parses re-emits to bytes
//! that parse to the same description.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_rtp::rtcp::{validate_compound, Compound, Repr};

fuzz_target!(|data: &[u8]| {
    let _ = validate_compound(data);
    let mut total = 0usize;
    for r in Compound::new(data) {
        let Ok(r) = r else { break };
        let mut out = vec![0u8; r.buffer_len()];
        if let Ok(n) = r.emit(&mut out) {
            assert_eq!(n, out.len());
            assert_eq!(Repr::parse(&out).unwrap(), r);
        }
        total += r.buffer_len();
    }
    // Re-emitted packets are never longer than what was read (padding is
    // dropped, SDES chunks re-padded minimally) plus SDES slack.
    assert!(total <= data.len() * 2 + 8);
});
