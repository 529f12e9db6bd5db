//! RTP: any bytes; a packet that parses re-emits to bytes that parse to the
//! same description, and the view's lengths add up. `Repr::parse` agrees
//! with the checked view field by field (borrowed CSRC list included), and
//! `Repr::emit` reproduces the input (padding octets before the count come
//! out as zeros) wherever its output buffer sits relative to a 4 KiB page
//! boundary (emit splits its payload copy there).
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
        assert_eq!(
            (r.marker, r.payload_type, r.sequence_number, r.timestamp, r.ssrc),
            (p.marker(), p.payload_type(), p.sequence_number(), p.timestamp(), p.ssrc())
        );
        assert!(r.csrcs.iter().eq(p.csrcs()));
        assert_eq!(r.csrcs, p.csrcs_ref());
        assert_eq!(r.extension.map(|e| e.data), p.extension_ref());
        assert_eq!(usize::from(r.padding), p.padding_len());
        assert_eq!(r.payload, p.payload());

        let mut out = vec![0u8; r.buffer_len()];
        assert_eq!(r.emit(&mut out).unwrap(), data.len());
        assert_eq!(Repr::parse(&out).unwrap(), r);

        // The same emit into a buffer that crosses a page boundary at a
        // position the input chooses.
        let n = data.len();
        let mut arena = vec![0u8; n + 8192];
        let page = (4096 - arena.as_ptr() as usize % 4096) % 4096;
        let back = usize::from(data[n - 1]) * 7 % (n + 1);
        let start = page + 4096 - back;
        let dst = &mut arena[start..start + n];
        assert_eq!(r.emit(dst).unwrap(), n);
        let body = n - p.padding_len();
        assert_eq!(&dst[..body], &data[..body]);
        assert_eq!(dst.last(), data.last());
        assert_eq!(dst, &out[..]);
    } else {
        assert!(Repr::parse(data).is_err());
    }
});
