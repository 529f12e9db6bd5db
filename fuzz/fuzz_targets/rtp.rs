//! RTP: any bytes; a packet that parses re-emits to bytes that parse to the
//! same description, and the view's lengths add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_rtp::packet::{Packet, Repr};

fuzz_target!(|data: &[u8]| {
    let view = Packet::new_unchecked(data);
    let _ = (view.payload(), view.extension_data(), view.csrcs().count());
    let _ = view.extension_elements().count();
    if let Ok(p) = Packet::new_checked(data) {
        assert_eq!(
            p.header_len() + p.payload().len() + p.padding_len(),
            data.len()
        );
        for e in p.extension_elements() {
            let Ok(e) = e else { break };
            assert!(e.data.len() <= 255);
        }
        let r = Repr::parse(data).unwrap();
        let mut out = vec![0u8; r.buffer_len()];
        assert_eq!(r.emit(&mut out).unwrap(), data.len());
        assert_eq!(Repr::parse(&out).unwrap(), r);
    } else {
        assert!(Repr::parse(data).is_err());
    }
});
