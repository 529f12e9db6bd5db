//! Per-stream RTP statistics computed the way Wireshark's RTP stream
//! analysis computes them (`tshark -q -z rtp,streams`), so that our numbers
//! and tshark's can be compared one for one:
//!
//! - **lost** = (last sequence number + 65536 × wraps − first + 1) − packets:
//!   duplicates make it negative;
//! - **delta** = arrival time minus the previous in-order packet's; max/mean
//!   skip the first packet, marker packets, comfort noise and packets whose
//!   timestamp goes back before the stream's first;
//! - **jitter** (ms) = running `J = (15·J + |D|) / 16`, where D is the
//!   arrival time minus the time expected from the RTP timestamps; only for
//!   payload types with a known clock (static types; dynamic ones such as
//!   telephone-event have none and show 0).
//!
//! The sans-IO core is [`StreamStats::push`]; [`Analyzer`] groups UDP
//! datagrams into streams (source, destination, SSRC) with tshark's RTP
//! heuristic (version 2, even destination port), and decodes RFC 4733 events.
//!
//! ```
//! use missive_rtp::analysis::StreamStats;
//!
//! let mut s = StreamStats::default();
//! for (i, seq) in [1u16, 2, 4, 5, 5].into_iter().enumerate() {
//!     s.push(20.0 * i as f64, seq, 160 * u32::from(seq), 0, false);
//! }
//! assert_eq!((s.packets(), s.lost()), (5, 0)); // one lost, one duplicate
//! ```

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use crate::event::{event_char, DigitEvent, EventDecoder};
use crate::packet::Packet;

/// Payload type of comfort noise (RFC 3389).
const PT_CN: u8 = 13;
/// Old comfort-noise payload type.
const PT_CN_OLD: u8 = 19;

/// Clock rate of a static payload type as Wireshark tabulates it (0 when
/// unknown, which disables jitter).
pub fn static_clock_rate(pt: u8) -> u32 {
    match pt {
        0 | 1 | 2 | 3 | 4 | 5 | 7 | 8 | 9 | 12 | 13 | 15 | 18 | 19 => 8000,
        6 => 16000,
        10 | 11 => 44100,
        14 | 25 | 26 | 28 | 31 | 32 | 33 | 34 => 90000,
        16 => 11025,
        17 => 22050,
        _ => 0,
    }
}

/// Running statistics of one stream (Wireshark's `rtppacket_analyse`).
#[derive(Debug, Clone, Default)]
pub struct StreamStats {
    first: bool,
    start_seq: u16,
    stop_seq: u16,
    seq_num: u16,
    cycles: u32,
    under: bool,
    first_timestamp: u32,
    time: f64,
    last_nominal: f64,
    delta: f64,
    jitter: f64,
    max_delta: f64,
    min_delta: Option<f64>,
    mean_delta: f64,
    max_jitter: f64,
    min_jitter: Option<f64>,
    mean_jitter: f64,
    pt: u8,
    total: u32,
    wrong_seq: u32,
}

impl StreamStats {
    /// Accounts one packet arriving at `time_ms` (relative to the capture's
    /// first frame) with the given header fields.
    #[inline]
    pub fn push(&mut self, time_ms: f64, seq: u16, timestamp: u32, pt: u8, marker: bool) {
        if !self.first {
            self.first = true;
            self.start_seq = seq;
            self.stop_seq = seq;
            self.seq_num = seq;
            self.first_timestamp = timestamp;
            self.time = time_ms;
            self.last_nominal = 0.0;
            self.pt = pt;
            self.total = 1;
            return;
        }
        let diff_ts = timestamp.wrapping_sub(self.first_timestamp);
        let in_time = diff_ts < 0x8000_0000;
        if in_time {
            let wrapped = seq < self.start_seq || (seq == 0 && self.stop_seq == 65535);
            if wrapped && !self.under {
                self.cycles += 1;
                self.under = true;
            } else if seq > self.start_seq && self.under {
                self.under = false;
            }
        }
        let next = u32::from(self.seq_num) + 1;
        if in_time && (next == u32::from(seq) || (self.seq_num == 65535 && seq == 0)) {
            self.seq_num = seq;
        } else if in_time && (next < u32::from(seq) || self.seq_num.wrapping_sub(seq) > 0xFF00) {
            self.seq_num = seq;
            self.wrong_seq += 1;
        } else if next > u32::from(seq) {
            self.wrong_seq += 1;
        }
        let is_cn = pt == PT_CN || pt == PT_CN_OLD;
        let follows_cn = self.pt == PT_CN || self.pt == PT_CN_OLD;
        self.pt = pt;
        let clock = static_clock_rate(pt);
        let mut current_diff = 0.0;
        let mut current_jitter = 0.0;
        if in_time {
            if clock == 0 {
                self.delta = time_ms - self.time;
            } else {
                // Wireshark divides by the integer clock_rate / 1000.
                let nominal = f64::from(diff_ts) / f64::from(clock / 1000);
                let expected = self.time + (nominal - self.last_nominal);
                current_diff = (time_ms - expected).abs();
                current_jitter = (15.0 * self.jitter + current_diff) / 16.0;
                self.delta = time_ms - self.time;
                self.jitter = current_jitter;
                self.last_nominal = nominal;
            }
        }
        let regular = !marker && !is_cn && in_time && !follows_cn;
        if regular {
            if self.delta > self.max_delta {
                self.max_delta = self.delta;
            }
            self.min_delta = Some(self.min_delta.map_or(self.delta, |m| m.min(self.delta)));
            let n = f64::from(self.total);
            self.mean_delta = (self.mean_delta * (n - 1.0) + self.delta) / n;
            if clock != 0 {
                if self.jitter > self.max_jitter {
                    self.max_jitter = self.jitter;
                }
                self.mean_jitter = (self.mean_jitter * (n - 1.0) + current_jitter) / n;
                self.min_jitter = Some(self.min_jitter.map_or(self.jitter, |m| m.min(self.jitter)));
            }
        }
        let _ = current_diff;
        if in_time {
            self.time = time_ms;
        }
        self.stop_seq = seq;
        self.total += 1;
    }

    /// Packets received (duplicates included).
    pub fn packets(&self) -> u32 {
        self.total
    }

    /// Packets expected from the first and last sequence numbers.
    pub fn expected(&self) -> i64 {
        i64::from(self.stop_seq) + i64::from(self.cycles) * 65536 - i64::from(self.start_seq) + 1
    }

    /// Expected minus received (negative with duplicates).
    pub fn lost(&self) -> i64 {
        if self.total == 0 {
            return 0;
        }
        self.expected() - i64::from(self.total)
    }

    /// Largest delta between consecutive regular packets, ms.
    pub fn max_delta_ms(&self) -> f64 {
        self.max_delta
    }

    /// Smallest delta, ms (`-1` when none, as tshark prints it).
    pub fn min_delta_ms(&self) -> f64 {
        self.min_delta.unwrap_or(-1.0)
    }

    /// Running mean of the deltas as Wireshark keeps it, ms.
    pub fn mean_delta_ms(&self) -> f64 {
        self.mean_delta
    }

    /// Largest jitter, ms.
    pub fn max_jitter_ms(&self) -> f64 {
        self.max_jitter
    }

    /// Smallest jitter, ms (`-1` when none).
    pub fn min_jitter_ms(&self) -> f64 {
        self.min_jitter.unwrap_or(-1.0)
    }

    /// Mean jitter, ms.
    pub fn mean_jitter_ms(&self) -> f64 {
        self.mean_jitter
    }

    /// Packets whose sequence number was not the expected next one.
    pub fn sequence_errors(&self) -> u32 {
        self.wrong_seq
    }
}

/// What identifies a stream: addresses, ports and SSRC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StreamKey {
    /// Source address.
    pub src: IpAddr,
    /// Source port.
    pub src_port: u16,
    /// Destination address.
    pub dst: IpAddr,
    /// Destination port.
    pub dst_port: u16,
    /// Synchronisation source.
    pub ssrc: u32,
}

/// A decoded telephone-event with its capture time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedEvent {
    /// The event.
    pub event: DigitEvent,
    /// Capture time of its first packet, seconds since the first frame.
    pub start: f64,
}

impl TimedEvent {
    /// The DTMF character (`None` for non-digit events).
    pub fn digit(&self) -> Option<char> {
        event_char(self.event.event)
    }
}

/// Everything known about one stream.
#[derive(Debug, Clone)]
pub struct Stream {
    /// Its identity.
    pub key: StreamKey,
    /// Wireshark-compatible statistics.
    pub stats: StreamStats,
    /// Payload types in order of first appearance.
    pub payload_types: Vec<u8>,
    /// Time of the first and last packet, seconds since the first frame.
    pub start: f64,
    /// Time of the last packet.
    pub end: f64,
    /// Decoded telephone-events.
    pub events: Vec<TimedEvent>,
    decoder: EventDecoder,
    pending_start: HashMap<u32, f64>,
}

/// Analyzer limits and options.
#[derive(Debug, Clone)]
pub struct AnalyzerConfig {
    /// Payload types carrying RFC 4733 events (tshark's default is 101).
    pub event_payload_types: Vec<u8>,
    /// At most this many streams are tracked (a hostile capture cannot
    /// make us allocate without bound); further streams are counted in
    /// [`Analyzer::dropped_streams`].
    pub max_streams: usize,
    /// At most this many events are kept per stream.
    pub max_events: usize,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        Self {
            event_payload_types: vec![101],
            max_streams: 10_000,
            max_events: 100_000,
        }
    }
}

/// Groups datagrams into RTP streams and analyses each.
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    config: AnalyzerConfig,
    streams: Vec<Stream>,
    index: HashMap<StreamKey, usize>,
    first_time: Option<Duration>,
    dropped: u64,
}

/// tshark's UDP RTP heuristic: version 2, even destination port, and not
/// an RTCP packet type.
pub fn looks_like_rtp(dst_port: u16, payload: &[u8]) -> bool {
    let b1 = payload.get(1).copied().unwrap_or(0);
    dst_port % 2 == 0
        && payload.len() >= 12
        && payload.first().is_some_and(|b| b >> 6 == 2)
        && !(192..=223).contains(&b1)
}

impl Analyzer {
    /// An analyzer with `config`.
    pub fn new(config: AnalyzerConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    /// Notes a frame that is not RTP (it still sets the capture's time origin).
    pub fn push_frame_time(&mut self, time: Duration) {
        self.first_time.get_or_insert(time);
    }

    /// Accounts one UDP datagram captured at `time`. Returns whether it was
    /// taken as RTP.
    pub fn push_udp(
        &mut self,
        time: Duration,
        src: (IpAddr, u16),
        dst: (IpAddr, u16),
        payload: &[u8],
    ) -> bool {
        let origin = *self.first_time.get_or_insert(time);
        if !looks_like_rtp(dst.1, payload) {
            return false;
        }
        let Ok(p) = Packet::new_checked(payload) else {
            // Wireshark still taps packets whose padding is bad.
            return false;
        };
        let key = StreamKey {
            src: src.0,
            src_port: src.1,
            dst: dst.0,
            dst_port: dst.1,
            ssrc: p.ssrc(),
        };
        let rel = time.saturating_sub(origin);
        // Wireshark: nstime_to_msec = secs·1000 + nsecs/1e6.
        let ms = rel.as_secs() as f64 * 1000.0 + f64::from(rel.subsec_nanos()) / 1_000_000.0;
        let secs = rel.as_secs_f64();
        let idx = if let Some(&i) = self.index.get(&key) {
            i
        } else {
            if self.streams.len() >= self.config.max_streams {
                self.dropped += 1;
                return false;
            }
            self.streams.push(Stream {
                key,
                stats: StreamStats::default(),
                payload_types: Vec::new(),
                start: secs,
                end: secs,
                events: Vec::new(),
                decoder: EventDecoder::new(),
                pending_start: HashMap::new(),
            });
            self.index.insert(key, self.streams.len() - 1);
            self.streams.len() - 1
        };
        let max_events = self.config.max_events;
        let is_event = self.config.event_payload_types.contains(&p.payload_type());
        let Some(s) = self.streams.get_mut(idx) else {
            return false;
        };
        s.stats.push(
            ms,
            p.sequence_number(),
            p.timestamp(),
            p.payload_type(),
            p.marker(),
        );
        s.end = secs;
        if !s.payload_types.contains(&p.payload_type()) {
            s.payload_types.push(p.payload_type());
        }
        if is_event {
            if s.pending_start.len() < 64 {
                s.pending_start.entry(p.timestamp()).or_insert(secs);
            }
            let done: Vec<DigitEvent> = s
                .decoder
                .push(p.sequence_number(), p.timestamp(), p.marker(), p.payload())
                .collect();
            for e in done {
                let start = s.pending_start.remove(&e.timestamp).unwrap_or(secs);
                if s.events.len() < max_events {
                    s.events.push(TimedEvent { event: e, start });
                }
            }
        }
        true
    }

    /// Streams dropped by [`AnalyzerConfig::max_streams`].
    pub fn dropped_streams(&self) -> u64 {
        self.dropped
    }

    /// Ends the analysis: closes events whose end never came and returns the
    /// streams in order of first appearance.
    pub fn finish(mut self) -> Vec<Stream> {
        for s in &mut self.streams {
            if let Some(e) = s.decoder.flush() {
                let start = s.pending_start.remove(&e.timestamp).unwrap_or(s.end);
                if s.events.len() < self.config.max_events {
                    s.events.push(TimedEvent { event: e, start });
                }
            }
        }
        self.streams
    }
}

/// Analyses a whole pcap/pcapng file held in memory.
#[cfg(feature = "pcap")]
pub fn analyze_capture(bytes: &[u8], config: AnalyzerConfig) -> crate::Result<Vec<Stream>> {
    let mut a = Analyzer::new(config);
    crate::capture::for_each_udp(bytes, |d| {
        a.push_udp(d.time, (d.src, d.src_port), (d.dst, d.dst_port), d.payload);
    })?;
    Ok(a.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_count_as_negative_loss() {
        let mut s = StreamStats::default();
        for (i, seq) in [7984u16, 7985, 7986, 7986, 7986].iter().enumerate() {
            s.push(20.0 * i as f64, *seq, 0, 101, i == 0);
        }
        assert_eq!(s.lost(), -2);
        assert!(s.max_jitter_ms().abs() < f64::EPSILON);
    }

    #[test]
    fn wraps_count_cycles() {
        let mut s = StreamStats::default();
        let mut seq = 65000u16;
        for i in 0..1000u32 {
            s.push(20.0 * f64::from(i), seq, 160 * i, 0, false);
            seq = seq.wrapping_add(1);
        }
        assert_eq!((s.packets(), s.lost()), (1000, 0));
        assert!(s.max_jitter_ms().abs() < 1e-9);
        assert!((s.max_delta_ms() - 20.0).abs() < 1e-9);
    }

    #[test]
    fn jitter_follows_the_running_filter() {
        let mut s = StreamStats::default();
        s.push(0.0, 1, 0, 8, false);
        s.push(25.0, 2, 160, 8, false); // 5 ms late
        assert!((s.max_jitter_ms() - 5.0 / 16.0).abs() < 1e-12);
        assert!((s.max_delta_ms() - 25.0).abs() < 1e-12);
    }
}
