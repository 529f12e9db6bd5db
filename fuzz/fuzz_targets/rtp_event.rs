//! RFC 4733: the payload round-trips, and any stream of 10-byte records
//! (seq, timestamp, marker, payload) decodes without panicking into no more
//! events than packets, each no longer than the durations it was given.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_rtp::event::{EventDecoder, EventRepr};

fuzz_target!(|data: &[u8]| {
    if let Ok(e) = EventRepr::parse(data) {
        let mut b = [0u8; 4];
        e.emit(&mut b).unwrap();
        assert_eq!(EventRepr::parse(&b).unwrap(), e);
    }
    let mut d = EventDecoder::new();
    let mut events = 0usize;
    let mut packets = 0usize;
    let mut sum_dur = 0u64;
    for rec in data.chunks_exact(11) {
        let seq = u16::from_be_bytes([rec[0], rec[1]]);
        let ts = u32::from_be_bytes([rec[2], rec[3], rec[4], rec[5]]);
        let marker = rec[6] & 1 != 0;
        packets += 1;
        sum_dur += u64::from(u16::from_be_bytes([rec[9], rec[10]]));
        for e in d.push(seq, ts, marker, &rec[7..11]) {
            events += 1;
            assert!(u64::from(e.duration) <= sum_dur);
        }
    }
    events += usize::from(d.flush().is_some());
    assert!(events <= packets);
});
