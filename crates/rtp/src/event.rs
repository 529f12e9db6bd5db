//! RFC 4733 telephone-events (DTMF digits carried as RTP payload).
//!
//! - [`EventRepr`]: the 4-byte payload (event, E bit, volume, duration).
//! - [`EventEncoder`]: one digit as RTP packets — a start packet with the
//!   marker bit, continuation packets every `interval` samples carrying the
//!   duration so far, and the final packet with the E bit sent three times
//!   (§2.5.1.4); events longer than 0xFFFF samples are split into segments
//!   (§2.5.2.3).
//! - [`EventDecoder`]: turns received packets into [`DigitEvent`]s with exact
//!   durations, tolerating duplicates (sipp's captures repeat the end packet
//!   with one sequence number), loss (a lost end is recovered at the next
//!   event or by [`EventDecoder::flush`]), reordering (late packets of a
//!   reported event are ignored) and long-event segments.
//!
//! ```
//! use missive_rtp::event::{EventDecoder, EventEncoder};
//!
//! let enc = EventEncoder::default(); // 160-sample (20 ms) updates, end sent 3×
//! let mut dec = EventDecoder::new();
//! let mut digits = Vec::new();
//! for (i, p) in enc.packets(5, 10, 8000, 800).enumerate() {
//!     digits.extend(dec.push(100 + i as u16, p.timestamp, p.marker, &p.payload));
//! }
//! assert_eq!(digits.len(), 1);
//! assert_eq!((digits[0].event, digits[0].duration, digits[0].timestamp), (5, 800, 8000));
//! ```

use crate::error::{be16, byte, need, put, Error, Result};

/// The 4-byte telephone-event payload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EventRepr {
    /// Event code (0–9 digits, 10 `*`, 11 `#`, 12–15 A–D, 16 flash).
    pub event: u8,
    /// E bit: the last packet(s) of the event.
    pub end: bool,
    /// The reserved R bit (sent as 0, kept when parsed).
    pub reserved: bool,
    /// Power level in −dBm0 (0–63).
    pub volume: u8,
    /// Duration so far in timestamp units.
    pub duration: u16,
}

impl EventRepr {
    /// Payload length.
    pub const LEN: usize = 4;

    /// Parses the first event of a payload (further 4-byte blocks, if any, are ignored).
    pub fn parse(payload: &[u8]) -> Result<Self> {
        need("telephone-event", Self::LEN, payload.len())?;
        let b1 = byte(payload, 1);
        Ok(Self {
            event: byte(payload, 0),
            end: b1 & 0x80 != 0,
            reserved: b1 & 0x40 != 0,
            volume: b1 & 0x3F,
            duration: be16(payload, 2),
        })
    }

    /// Writes the payload; returns 4.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if buf.len() < Self::LEN {
            return Err(Error::BufferTooSmall {
                need: Self::LEN,
                have: buf.len(),
            });
        }
        if self.volume > 63 {
            return Err(Error::OutOfRange { field: "volume" });
        }
        let b1 = (u8::from(self.end) << 7) | (u8::from(self.reserved) << 6) | self.volume;
        put(buf, 0, &[self.event, b1]);
        put(buf, 2, &self.duration.to_be_bytes());
        Ok(Self::LEN)
    }

    /// The payload as an array.
    pub fn to_bytes(&self) -> [u8; 4] {
        let mut b = [0u8; 4];
        let _ = self.emit(&mut b);
        b
    }
}

/// The character for a DTMF event code (`0`–`9`, `*`, `#`, `A`–`D`), or
/// `None` for other events (16 = flash, …).
pub fn event_char(event: u8) -> Option<char> {
    match event {
        0..=9 => Some(char::from(b'0' + event)),
        10 => Some('*'),
        11 => Some('#'),
        12..=15 => Some(char::from(b'A' + event - 12)),
        _ => None,
    }
}

/// The event code of a DTMF character.
pub fn char_event(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '*' => Some(10),
        '#' => Some(11),
        'A'..='D' => Some(c as u8 - b'A' + 12),
        'a'..='d' => Some(c as u8 - b'a' + 12),
        _ => None,
    }
}

/// One RTP packet of an encoded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventPacket {
    /// When to send it, in timestamp units after the event start.
    pub send_offset: u32,
    /// The M bit (first packet of the event only).
    pub marker: bool,
    /// The RTP timestamp (the event's or segment's start).
    pub timestamp: u32,
    /// The payload.
    pub payload: [u8; 4],
    /// The same, parsed.
    pub event: EventRepr,
}

/// Encodes digits as RFC 4733 packet sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventEncoder {
    /// Update interval in timestamp units (160 = 20 ms at 8 kHz).
    pub interval: u16,
    /// How many times the final (E bit) packet is sent (3 recommended).
    pub end_repeats: u8,
}

impl Default for EventEncoder {
    fn default() -> Self {
        Self {
            interval: 160,
            end_repeats: 3,
        }
    }
}

impl EventEncoder {
    /// The packets for one event of `duration` timestamp units starting at
    /// RTP timestamp `start`. Segments of at most 0xFFFF units (rounded down
    /// to the interval) follow each other for long events; only the first
    /// packet carries the marker, only the last segment the E bit.
    pub fn packets(&self, event: u8, volume: u8, start: u32, duration: u32) -> EventPackets {
        let interval = u32::from(self.interval.max(1));
        let seg_max = (0xFFFF / interval) * interval;
        EventPackets {
            event,
            volume: volume.min(63),
            start,
            total: duration.max(1),
            interval,
            seg_max: seg_max.max(1),
            elapsed: 0,
            seg_start: 0,
            ends_left: self.end_repeats.max(1),
            first: true,
            done: false,
        }
    }
}

/// Iterator of [`EventPacket`]s from [`EventEncoder::packets`].
#[derive(Debug, Clone)]
pub struct EventPackets {
    event: u8,
    volume: u8,
    start: u32,
    total: u32,
    interval: u32,
    seg_max: u32,
    elapsed: u32,
    seg_start: u32,
    ends_left: u8,
    first: bool,
    done: bool,
}

impl Iterator for EventPackets {
    type Item = EventPacket;

    fn next(&mut self) -> Option<EventPacket> {
        if self.done {
            return None;
        }
        let at_end = self.elapsed >= self.total;
        if !at_end {
            self.elapsed = (self.elapsed + self.interval).min(self.total);
            // Start a new segment when this one is full.
            if self.elapsed - self.seg_start > self.seg_max {
                self.seg_start += self.seg_max;
            }
        }
        let end = self.elapsed >= self.total;
        if end {
            self.ends_left -= 1;
            if self.ends_left == 0 {
                self.done = true;
            }
        }
        let ev = EventRepr {
            event: self.event,
            end,
            reserved: false,
            volume: self.volume,
            duration: (self.elapsed - self.seg_start) as u16,
        };
        let marker = self.first;
        self.first = false;
        Some(EventPacket {
            send_offset: self.elapsed - self.interval.min(self.elapsed),
            marker,
            timestamp: self.start.wrapping_add(self.seg_start),
            payload: ev.to_bytes(),
            event: ev,
        })
    }
}

/// A decoded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DigitEvent {
    /// Event code.
    pub event: u8,
    /// RTP timestamp of its start (of its first segment).
    pub timestamp: u32,
    /// Total duration in timestamp units (all segments).
    pub duration: u32,
    /// Volume of the last packet seen.
    pub volume: u8,
    /// True when an E-bit packet was received; false when the end was lost
    /// and the event was closed by a later event or [`EventDecoder::flush`].
    pub ended: bool,
    /// Sequence number of the first packet seen for it.
    pub first_seq: u16,
}

impl DigitEvent {
    /// The DTMF character, if the code is a digit.
    pub fn digit(&self) -> Option<char> {
        event_char(self.event)
    }
}

#[derive(Debug, Clone, Copy)]
struct Current {
    ev: DigitEvent,
    /// Timestamp of the current segment.
    seg_ts: u32,
    /// Duration before the current segment.
    before: u32,
    /// Longest duration seen in the current segment.
    seg_dur: u16,
    reported: bool,
}

/// Turns a telephone-event packet stream into [`DigitEvent`]s.
#[derive(Debug, Clone, Default)]
pub struct EventDecoder {
    cur: Option<Current>,
    /// Timestamp of the last reported event (late packets for it are dropped).
    last_reported: Option<u32>,
}

fn ts_after(a: u32, b: u32) -> bool {
    // a is later than b (serial arithmetic).
    a != b && a.wrapping_sub(b) < 0x8000_0000
}

impl EventDecoder {
    /// A decoder with no event in progress.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one packet's sequence number, timestamp, marker and payload;
    /// returns up to two finished events (a previous one whose end was lost,
    /// and this one if it ended). Malformed payloads are ignored.
    pub fn push(
        &mut self,
        seq: u16,
        timestamp: u32,
        marker: bool,
        payload: &[u8],
    ) -> impl Iterator<Item = DigitEvent> {
        let _ = marker;
        let mut out = [None, None];
        if let Ok(e) = EventRepr::parse(payload) {
            self.push_event(seq, timestamp, e, &mut out);
        }
        out.into_iter().flatten()
    }

    fn push_event(&mut self, seq: u16, ts: u32, e: EventRepr, out: &mut [Option<DigitEvent>; 2]) {
        if let Some(c) = self.cur.as_mut() {
            if ts == c.seg_ts && e.event == c.ev.event {
                // Same segment: duplicate, continuation, or a repeated end.
                if c.reported {
                    return;
                }
                c.seg_dur = c.seg_dur.max(e.duration);
                c.ev.duration = c.before + u32::from(c.seg_dur);
                c.ev.volume = e.volume;
                if e.end {
                    c.ev.ended = true;
                    c.reported = true;
                    self.last_reported = Some(c.ev.timestamp);
                    out[1] = Some(c.ev);
                }
                return;
            }
            if !ts_after(ts, c.seg_ts) {
                // A late packet of an older segment or event.
                return;
            }
            // A next segment of the same long event: ts = previous start + its duration.
            if !c.reported
                && e.event == c.ev.event
                && ts == c.seg_ts.wrapping_add(u32::from(c.seg_dur))
            {
                c.before += u32::from(c.seg_dur);
                c.seg_ts = ts;
                c.seg_dur = e.duration;
                c.ev.duration = c.before + u32::from(e.duration);
                if e.end {
                    c.ev.ended = true;
                    c.reported = true;
                    self.last_reported = Some(c.ev.timestamp);
                    out[1] = Some(c.ev);
                }
                return;
            }
            // A new event: close the previous one if its end was lost.
            if !c.reported {
                out[0] = Some(c.ev);
            }
        } else if let Some(last) = self.last_reported {
            if !ts_after(ts, last) {
                return;
            }
        }
        let ev = DigitEvent {
            event: e.event,
            timestamp: ts,
            duration: u32::from(e.duration),
            volume: e.volume,
            ended: e.end,
            first_seq: seq,
        };
        self.cur = Some(Current {
            ev,
            seg_ts: ts,
            before: 0,
            seg_dur: e.duration,
            reported: e.end,
        });
        if e.end {
            self.last_reported = Some(ts);
            out[1] = Some(ev);
        }
    }

    /// Closes an event whose end packets never came (end of stream).
    pub fn flush(&mut self) -> Option<DigitEvent> {
        let c = self.cur.take()?;
        (!c.reported).then_some(c.ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decode(pkts: &[(u16, EventPacket)]) -> Vec<DigitEvent> {
        let mut d = EventDecoder::new();
        let mut v: Vec<_> = pkts
            .iter()
            .flat_map(|(s, p)| {
                d.push(*s, p.timestamp, p.marker, &p.payload)
                    .collect::<Vec<_>>()
            })
            .collect();
        v.extend(d.flush());
        v
    }

    #[test]
    fn encoder_shape() {
        let p: Vec<_> = EventEncoder::default().packets(1, 10, 1000, 480).collect();
        let durs: Vec<_> = p.iter().map(|p| (p.event.duration, p.event.end)).collect();
        assert_eq!(
            durs,
            [
                (160, false),
                (320, false),
                (480, true),
                (480, true),
                (480, true)
            ]
        );
        assert!(p[0].marker && p[1..].iter().all(|p| !p.marker));
        assert!(p.iter().all(|p| p.timestamp == 1000));
        assert_eq!(p[4].send_offset, p[2].send_offset);
    }

    #[test]
    fn long_event_segments() {
        let p: Vec<_> = EventEncoder::default().packets(9, 0, 0, 200_000).collect();
        let segs: std::collections::BTreeSet<_> = p.iter().map(|p| p.timestamp).collect();
        // 0xFFFF / 160 = 409 intervals = 65440 per segment.
        assert_eq!(
            segs.into_iter().collect::<Vec<_>>(),
            [0, 65440, 130880, 196320]
        );
        assert!(p
            .iter()
            .filter(|p| p.event.end)
            .all(|p| p.timestamp == 196320));
        let ev = decode(
            &p.iter()
                .enumerate()
                .map(|(i, p)| (i as u16, *p))
                .collect::<Vec<_>>(),
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(
            (ev[0].duration, ev[0].timestamp, ev[0].ended),
            (200_000, 0, true)
        );
    }

    #[test]
    fn sipp_style_triple_end_same_seq() {
        // Durations 0..2240 by 320, end three times with one sequence number.
        let mut v = Vec::new();
        for k in 0..7u16 {
            let e = EventRepr {
                event: 1,
                volume: 10,
                duration: 320 * k,
                ..Default::default()
            };
            v.push((7984 + k, 13280, k == 0, e.to_bytes()));
        }
        let e = EventRepr {
            event: 1,
            end: true,
            volume: 10,
            duration: 2240,
            ..Default::default()
        };
        for _ in 0..3 {
            v.push((7991, 13280, false, e.to_bytes()));
        }
        let mut d = EventDecoder::new();
        let got: Vec<_> = v
            .iter()
            .flat_map(|(s, t, m, p)| d.push(*s, *t, *m, p).collect::<Vec<_>>())
            .collect();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].digit(), got[0].duration), (Some('1'), 2240));
    }

    #[test]
    fn lost_end_recovered_by_next_event() {
        let enc = EventEncoder::default();
        let mut pkts: Vec<_> = enc
            .packets(3, 10, 0, 640)
            .filter(|p| !p.event.end)
            .collect();
        pkts.extend(enc.packets(4, 10, 8000, 320));
        let ev = decode(
            &pkts
                .iter()
                .enumerate()
                .map(|(i, p)| (i as u16, *p))
                .collect::<Vec<_>>(),
        );
        assert_eq!(ev.len(), 2);
        assert_eq!((ev[0].event, ev[0].duration, ev[0].ended), (3, 480, false));
        assert_eq!((ev[1].event, ev[1].duration, ev[1].ended), (4, 320, true));
    }

    proptest! {
        /// Any digit sequence survives duplication, reordering within a
        /// window and loss of anything but one end packet per event.
        #[test]
        fn robust_decode(
            digits in proptest::collection::vec((0u8..16, 1u32..4000), 1..6),
            seed in any::<u64>(),
        ) {
            let enc = EventEncoder::default();
            let mut ts = 1234u32;
            let mut pkts = Vec::new();
            let mut seq = 0u16;
            for &(d, dur) in &digits {
                for p in enc.packets(d, 10, ts, dur) {
                    pkts.push((seq, p));
                    if !p.event.end { seq = seq.wrapping_add(1); }
                }
                seq = seq.wrapping_add(1);
                ts = ts.wrapping_add(dur + 800);
            }
            // Deterministic pseudo-random damage.
            let mut s = seed | 1;
            let mut rnd = || { s ^= s << 13; s ^= s >> 7; s ^= s << 17; s };
            let mut damaged = Vec::new();
            let mut ends_seen = std::collections::HashSet::new();
            for (q, p) in &pkts {
                let r = rnd() % 10;
                let keep_end = p.event.end && ends_seen.insert(p.timestamp);
                if r == 0 && !keep_end { continue; } // lost
                damaged.push((*q, *p));
                if r == 1 { damaged.push((*q, *p)); } // duplicate
            }
            // Swap neighbours inside one event (reordering).
            for i in 1..damaged.len() {
                if rnd() % 5 == 0 && damaged[i].1.timestamp == damaged[i - 1].1.timestamp {
                    damaged.swap(i, i - 1);
                }
            }
            let ev = decode(&damaged);
            let got: Vec<_> = ev.iter().map(|e| (e.event, e.duration)).collect();
            let want: Vec<_> = digits.iter().map(|&(d, dur)| (d, dur)).collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn payload_round_trip(event in any::<u8>(), end in any::<bool>(), r in any::<bool>(), volume in 0u8..64, duration in any::<u16>()) {
            let e = EventRepr { event, end, reserved: r, volume, duration };
            prop_assert_eq!(EventRepr::parse(&e.to_bytes()).unwrap(), e);
        }
    }
}
