//! A sans-IO RTP session: one outgoing stream and any number of incoming
//! sources, no socket and no clock.
//!
//! - Sending: random SSRC, sequence number and timestamp origin (from a seed
//!   the caller supplies); coded audio in, packets of the chosen ptime out
//!   (G.711: 8 bits per sample, G.726: 2–5 bits per sample); the marker bit
//!   on the first packet of each talk spurt; RFC 4733 digits on their own
//!   schedule; RTCP SR/RR + SDES CNAME at the RFC 3550 interval.
//! - Receiving: RFC 3550 statistics per source, RFC 4733 digits, and SSRC
//!   collision handling (§8.2): a packet with our SSRC from another address
//!   makes us send a BYE for the old SSRC and pick a new one.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use missive_rtp::session::{Codec, Event, Session, SessionConfig};
//!
//! let t0 = Instant::now();
//! let cfg = SessionConfig { codec: Codec::Pcmu, ptime_ms: 20, ..SessionConfig::default() };
//! let mut tx = Session::new(cfg, 42, t0);
//! tx.send_audio(t0, &[0xFF; 480], true); // 60 ms of µ-law: three packets
//! let mut pkts = Vec::new();
//! while let Some(t) = tx.poll_transmit(t0) {
//!     if !t.rtcp { pkts.push(t.data); }
//! }
//! assert_eq!(pkts.len(), 3);
//! let mut rx = Session::new(SessionConfig::default(), 7, t0);
//! for p in &pkts {
//!     rx.handle_input(t0, "10.0.0.1:4000".parse().unwrap(), p, false);
//! }
//! let media = std::iter::from_fn(|| rx.poll_event()).filter(|e| matches!(e, Event::Media { .. })).count();
//! assert_eq!(media, 3);
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::event::{DigitEvent, EventDecoder, EventEncoder};
use crate::packet::{Packet, Repr};
use crate::rtcp::{self, Bye, ReceiverReport, SdesChunk, SdesItem, SenderReport};
use crate::stats::{rtcp_interval, IntervalParams, ReceiverStats};

/// The payload formats the session packetises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// G.711 µ-law, payload type 0.
    Pcmu,
    /// G.711 A-law, payload type 8.
    Pcma,
    /// G.726 at 16/24/32/40 kbit/s (2–5 bits per sample), dynamic payload type.
    G726 {
        /// Bits per sample (2, 3, 4 or 5).
        bits: u8,
        /// The negotiated payload type.
        payload_type: u8,
    },
}

impl Codec {
    /// RTP payload type.
    pub fn payload_type(self) -> u8 {
        match self {
            Self::Pcmu => 0,
            Self::Pcma => 8,
            Self::G726 { payload_type, .. } => payload_type,
        }
    }

    /// Payload bytes for `samples` samples.
    pub fn bytes_for(self, samples: u32) -> usize {
        match self {
            Self::Pcmu | Self::Pcma => samples as usize,
            Self::G726 { bits, .. } => (samples as usize * bits.clamp(2, 5) as usize).div_ceil(8),
        }
    }
}

/// Session configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Outgoing audio format.
    pub codec: Codec,
    /// Packet duration in milliseconds (10–120 typical).
    pub ptime_ms: u32,
    /// Payload type of telephone-events (RFC 4733).
    pub event_payload_type: u8,
    /// Our RTCP CNAME.
    pub cname: String,
    /// Session bandwidth in octets per second (RTCP gets 5 %).
    pub session_bw: u32,
    /// Most incoming sources tracked.
    pub max_sources: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            codec: Codec::Pcmu,
            ptime_ms: 20,
            event_payload_type: 101,
            cname: "missive@localhost".into(),
            session_bw: 10_000,
            max_sources: 32,
        }
    }
}

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// True for RTCP (send it to the RTCP port), false for RTP.
    pub rtcp: bool,
    /// The bytes.
    pub data: Vec<u8>,
}

/// What the session reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An incoming media packet (feed it to a jitter buffer).
    Media {
        /// Source.
        ssrc: u32,
        /// Sequence number.
        seq: u16,
        /// Timestamp.
        timestamp: u32,
        /// Marker bit.
        marker: bool,
        /// Payload type.
        payload_type: u8,
        /// Payload.
        payload: Vec<u8>,
    },
    /// A finished incoming DTMF/telephone-event.
    Digit {
        /// Source.
        ssrc: u32,
        /// The event.
        event: DigitEvent,
    },
    /// Another participant used our SSRC: we switched from `old` to `new`.
    SsrcCollision {
        /// Our previous SSRC.
        old: u32,
        /// Our new SSRC.
        new: u32,
    },
    /// A source said BYE.
    Bye {
        /// Who left.
        ssrc: u32,
    },
}

/// `SplitMix64`: the session's only randomness, seeded by the caller.
#[derive(Debug, Clone)]
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Debug, Clone)]
struct Source {
    stats: ReceiverStats,
    events: EventDecoder,
    addr: SocketAddr,
}

/// The session state machine.
#[derive(Debug, Clone)]
pub struct Session {
    cfg: SessionConfig,
    rng: SplitMix,
    ssrc: u32,
    seq: u16,
    ts: u32,
    start: Instant,
    pending: Vec<u8>,
    spurt: bool,
    sent_packets: u32,
    sent_octets: u32,
    we_sent: bool,
    transmits: VecDeque<Transmit>,
    scheduled: BTreeMap<(Instant, u64), Transmit>,
    sched_n: u64,
    events: VecDeque<Event>,
    sources: BTreeMap<u32, Source>,
    next_rtcp: Instant,
    avg_rtcp: f64,
    initial: bool,
}

impl Session {
    /// A session starting at `now`; `seed` drives SSRC, sequence and
    /// timestamp origins and the RTCP interval randomisation.
    pub fn new(cfg: SessionConfig, seed: u64, now: Instant) -> Self {
        let mut rng = SplitMix(seed);
        let ssrc = rng.next() as u32;
        let seq = rng.next() as u16;
        let ts = rng.next() as u32;
        let mut s = Self {
            cfg,
            rng,
            ssrc,
            seq,
            ts,
            start: now,
            pending: Vec::new(),
            spurt: true,
            sent_packets: 0,
            sent_octets: 0,
            we_sent: false,
            transmits: VecDeque::new(),
            scheduled: BTreeMap::new(),
            sched_n: 0,
            events: VecDeque::new(),
            sources: BTreeMap::new(),
            next_rtcp: now,
            avg_rtcp: 128.0,
            initial: true,
        };
        s.next_rtcp = now + s.interval();
        s
    }

    /// Our current SSRC.
    pub fn ssrc(&self) -> u32 {
        self.ssrc
    }

    /// Next sequence number to be sent.
    pub fn next_sequence(&self) -> u16 {
        self.seq
    }

    /// RTP timestamp of the next sample to be sent.
    pub fn timestamp(&self) -> u32 {
        self.ts
    }

    fn samples_per_packet(&self) -> u32 {
        8 * self.cfg.ptime_ms.max(1)
    }

    fn interval(&mut self) -> Duration {
        let p = IntervalParams {
            members: (self.sources.len() as u32).saturating_add(1),
            senders: u32::from(self.we_sent) + self.sources.len() as u32,
            rtcp_bw: f64::from(self.cfg.session_bw) * 0.05,
            we_sent: self.we_sent,
            avg_rtcp_size: self.avg_rtcp,
            initial: self.initial,
            min_interval: 5.0,
        };
        let r = self.rng.unit();
        rtcp_interval(&p, r)
    }

    fn emit_rtp(&mut self, marker: bool, pt: u8, timestamp: u32, payload: &[u8]) -> Vec<u8> {
        let repr = Repr {
            marker,
            payload_type: pt,
            sequence_number: self.seq,
            timestamp,
            ssrc: self.ssrc,
            payload,
            ..Repr::default()
        };
        let mut b = vec![0u8; repr.buffer_len()];
        let _ = repr.emit(&mut b);
        self.seq = self.seq.wrapping_add(1);
        self.sent_packets = self.sent_packets.wrapping_add(1);
        self.sent_octets = self.sent_octets.wrapping_add(payload.len() as u32);
        self.we_sent = true;
        b
    }

    /// Queues coded audio (in the configured codec) for sending; whole
    /// packets of `ptime` go out, a remainder waits for more.
    /// `talk_spurt_start` sets the marker on the next packet.
    pub fn send_audio(&mut self, now: Instant, coded: &[u8], talk_spurt_start: bool) {
        let _ = now;
        if talk_spurt_start {
            self.spurt = true;
        }
        self.pending.extend_from_slice(coded);
        let spp = self.samples_per_packet();
        let n = self.cfg.codec.bytes_for(spp);
        while self.pending.len() >= n && n > 0 {
            let payload: Vec<u8> = self.pending.drain(..n).collect();
            let marker = std::mem::take(&mut self.spurt);
            let data = self.emit_rtp(marker, self.cfg.codec.payload_type(), self.ts, &payload);
            self.ts = self.ts.wrapping_add(spp);
            self.transmits.push_back(Transmit { rtcp: false, data });
        }
    }

    /// Advances the timestamp over `samples` of silence not sent (DTX);
    /// the next packet starts a talk spurt.
    pub fn skip_silence(&mut self, samples: u32) {
        self.ts = self.ts.wrapping_add(samples);
        self.pending.clear();
        self.spurt = true;
    }

    /// Sends an RFC 4733 event of `duration` samples starting now: packets
    /// are released by [`Session::poll_transmit`] on their schedule.
    pub fn send_event(&mut self, now: Instant, event: u8, duration: u32) {
        let enc = EventEncoder {
            interval: self.samples_per_packet().min(0xFFFF) as u16,
            end_repeats: 3,
        };
        for p in enc.packets(event, 10, self.ts, duration) {
            let at = now + Duration::from_micros(u64::from(p.send_offset) * 125);
            let data = self.emit_rtp(
                p.marker,
                self.cfg.event_payload_type,
                p.timestamp,
                &p.payload,
            );
            self.sched_n += 1;
            self.scheduled
                .insert((at, self.sched_n), Transmit { rtcp: false, data });
        }
        // Audio resumes after the event with a new spurt.
        self.ts = self.ts.wrapping_add(duration);
        self.spurt = true;
    }

    /// Handles one received datagram from `from` (`rtcp` = arrived on the
    /// RTCP port). Malformed datagrams are dropped.
    pub fn handle_input(&mut self, now: Instant, from: SocketAddr, data: &[u8], rtcp: bool) {
        if rtcp {
            self.handle_rtcp(now, data);
            return;
        }
        let Ok(p) = Packet::new_checked(data) else {
            return;
        };
        let ssrc = p.ssrc();
        if ssrc == self.ssrc {
            // §8.2: someone else uses our SSRC. Leave with BYE, take a new one.
            let old = self.ssrc;
            self.queue_bye(old);
            let mut new = self.rng.next() as u32;
            while new == old || self.sources.contains_key(&new) {
                new = self.rng.next() as u32;
            }
            self.ssrc = new;
            self.events.push_back(Event::SsrcCollision { old, new });
        }
        if !self.sources.contains_key(&ssrc) {
            if self.sources.len() >= self.cfg.max_sources {
                return;
            }
            self.sources.insert(
                ssrc,
                Source {
                    stats: ReceiverStats::new(8000),
                    events: EventDecoder::new(),
                    addr: from,
                },
            );
        }
        let Some(src) = self.sources.get_mut(&ssrc) else {
            return;
        };
        if src.addr != from {
            // A third-party collision or a loop: ignore (RFC 3550 §8.2).
            return;
        }
        src.stats.on_packet(p.sequence_number(), p.timestamp(), now);
        if p.payload_type() == self.cfg.event_payload_type {
            for event in
                src.events
                    .push(p.sequence_number(), p.timestamp(), p.marker(), p.payload())
            {
                self.events.push_back(Event::Digit { ssrc, event });
            }
        } else {
            self.events.push_back(Event::Media {
                ssrc,
                seq: p.sequence_number(),
                timestamp: p.timestamp(),
                marker: p.marker(),
                payload_type: p.payload_type(),
                payload: p.payload().to_vec(),
            });
        }
    }

    fn handle_rtcp(&mut self, now: Instant, data: &[u8]) {
        self.avg_rtcp = crate::stats::update_avg_rtcp_size(self.avg_rtcp, data.len() + 28);
        for r in rtcp::Compound::new(data) {
            let Ok(r) = r else { break };
            match r {
                rtcp::Repr::SenderReport(sr) => {
                    if let Some(s) = self.sources.get_mut(&sr.ssrc) {
                        s.stats.on_sender_report(sr.ntp_timestamp, now);
                    }
                }
                rtcp::Repr::Bye(b) => {
                    for ssrc in b.sources {
                        if self.sources.remove(&ssrc).is_some() {
                            self.events.push_back(Event::Bye { ssrc });
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn queue_bye(&mut self, ssrc: u32) {
        let bye = rtcp::Repr::Bye(Bye {
            sources: vec![ssrc],
            reason: Some(b"SSRC collision"),
        });
        let rr = rtcp::Repr::ReceiverReport(ReceiverReport {
            ssrc,
            reports: Vec::new(),
        });
        let mut b = vec![0u8; rr.buffer_len() + bye.buffer_len()];
        if let Ok(n) = rtcp::emit_compound(&[rr, bye], &mut b) {
            b.truncate(n);
            self.transmits.push_back(Transmit {
                rtcp: true,
                data: b,
            });
        }
    }

    fn build_report(&mut self, now: Instant) -> Vec<u8> {
        let ssrc = self.ssrc;
        let reports: Vec<_> = self
            .sources
            .iter_mut()
            .take(31)
            .map(|(&s, src)| src.stats.report_block(s, now))
            .collect();
        let first = if self.we_sent {
            // NTP time from the session start (wallclock is the caller's to map).
            let since = now.saturating_duration_since(self.start);
            let ntp =
                (since.as_secs() << 32) | ((u64::from(since.subsec_nanos()) << 32) / 1_000_000_000);
            rtcp::Repr::SenderReport(SenderReport {
                ssrc,
                ntp_timestamp: ntp,
                rtp_timestamp: self.ts,
                packet_count: self.sent_packets,
                octet_count: self.sent_octets,
                reports,
            })
        } else {
            rtcp::Repr::ReceiverReport(ReceiverReport { ssrc, reports })
        };
        let sdes = rtcp::Repr::Sdes(rtcp::Sdes {
            chunks: vec![SdesChunk {
                ssrc,
                items: vec![SdesItem {
                    kind: 1,
                    value: self
                        .cfg
                        .cname
                        .as_bytes()
                        .get(..255.min(self.cfg.cname.len()))
                        .unwrap_or(&[]),
                }],
            }],
        });
        let mut b = vec![0u8; first.buffer_len() + sdes.buffer_len()];
        let n = rtcp::emit_compound(&[first, sdes], &mut b).unwrap_or(0);
        b.truncate(n);
        b
    }

    /// The next datagram to send at `now` (queued audio, due telephone-event
    /// packets, a due RTCP report). Call until it returns `None`.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Transmit> {
        if let Some(t) = self.transmits.pop_front() {
            return Some(t);
        }
        if let Some(entry) = self.scheduled.first_entry() {
            if entry.key().0 <= now {
                return Some(entry.remove());
            }
        }
        if now >= self.next_rtcp {
            let data = self.build_report(now);
            self.avg_rtcp = crate::stats::update_avg_rtcp_size(self.avg_rtcp, data.len() + 28);
            self.initial = false;
            self.we_sent = false;
            self.next_rtcp = now + self.interval();
            return Some(Transmit { rtcp: true, data });
        }
        None
    }

    /// The next received event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When to call [`Session::poll_transmit`] next (a scheduled event packet
    /// or the RTCP report).
    #[must_use]
    pub fn poll_timeout(&self) -> Instant {
        self.scheduled
            .first_key_value()
            .map_or(self.next_rtcp, |(k, _)| k.0.min(self.next_rtcp))
    }

    /// Receiver statistics for an incoming source.
    pub fn source_stats(&self, ssrc: u32) -> Option<&ReceiverStats> {
        self.sources.get(&ssrc).map(|s| &s.stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(p: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], p))
    }

    #[test]
    fn packetises_g711_and_g726_with_marker_on_spurts() {
        let t0 = Instant::now();
        let mut s = Session::new(SessionConfig::default(), 1, t0);
        let ts0 = s.timestamp();
        let seq0 = s.next_sequence();
        s.send_audio(t0, &[0xFF; 250], true);
        s.send_audio(t0, &[0xFF; 70], false);
        s.skip_silence(800);
        s.send_audio(t0, &[0xFF; 160], false);
        let pkts: Vec<_> = std::iter::from_fn(|| s.poll_transmit(t0))
            .filter(|t| !t.rtcp)
            .collect();
        let reprs: Vec<_> = pkts.iter().map(|t| Repr::parse(&t.data).unwrap()).collect();
        let m: Vec<_> = reprs
            .iter()
            .map(|r| {
                (
                    r.marker,
                    r.timestamp.wrapping_sub(ts0),
                    r.sequence_number.wrapping_sub(seq0),
                    r.payload.len(),
                )
            })
            .collect();
        // 250 + 70 = 320 bytes = two packets; the 90-byte remainder is
        // dropped by the silence; then a new spurt.
        assert_eq!(
            m,
            [
                (true, 0, 0, 160),
                (false, 160, 1, 160),
                (true, 320 + 800, 2, 160)
            ]
        );

        let cfg = SessionConfig {
            codec: Codec::G726 {
                bits: 4,
                payload_type: 2,
            },
            ptime_ms: 30,
            ..SessionConfig::default()
        };
        let mut g = Session::new(cfg, 2, t0);
        g.send_audio(t0, &[0x11; 240], true);
        let p: Vec<_> = std::iter::from_fn(|| g.poll_transmit(t0))
            .filter(|t| !t.rtcp)
            .collect();
        // 30 ms at 32 kbit/s = 240 samples = 120 bytes.
        assert_eq!(p.len(), 2);
        assert_eq!(
            Repr::parse(&p[1].data)
                .unwrap()
                .timestamp
                .wrapping_sub(Repr::parse(&p[0].data).unwrap().timestamp),
            240
        );
    }

    #[test]
    fn ssrc_collision_sends_bye_and_changes_ssrc() {
        let t0 = Instant::now();
        let mut a = Session::new(SessionConfig::default(), 5, t0);
        let mut b = Session::new(SessionConfig::default(), 5, t0); // same seed: same SSRC
        assert_eq!(a.ssrc(), b.ssrc());
        b.send_audio(t0, &[0xFF; 160], true);
        let pkt = b.poll_transmit(t0).unwrap();
        let old = a.ssrc();
        a.handle_input(t0, addr(9000), &pkt.data, false);
        match a.poll_event() {
            Some(Event::SsrcCollision { old: o, new }) => assert!(o == old && new != old),
            e => panic!("{e:?}"),
        }
        let bye = a.poll_transmit(t0).unwrap();
        assert!(bye.rtcp);
        let parsed: Vec<_> = rtcp::Compound::new(&bye.data)
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(matches!(&parsed[1], rtcp::Repr::Bye(b) if b.sources == vec![old]));
        // Packets now carry the new SSRC.
        a.send_audio(t0, &[0xFF; 160], true);
        let p = a.poll_transmit(t0).unwrap();
        assert_eq!(Packet::new_checked(&p.data[..]).unwrap().ssrc(), a.ssrc());
    }

    #[test]
    fn digits_rtcp_and_stats_end_to_end() {
        let t0 = Instant::now();
        let mut a = Session::new(SessionConfig::default(), 10, t0);
        let mut b = Session::new(SessionConfig::default(), 11, t0);
        let mut now = t0;
        let mut digits = Vec::new();
        let mut rtcp_seen = 0;
        for i in 0..500u32 {
            a.send_audio(now, &[0xFF; 160], i == 0);
            if i == 100 {
                a.send_event(now, 5, 1600);
            }
            while let Some(t) = a.poll_transmit(now) {
                rtcp_seen += usize::from(t.rtcp);
                if i % 50 != 7 || t.rtcp {
                    b.handle_input(now, addr(4000), &t.data, t.rtcp);
                }
            }
            while let Some(e) = b.poll_event() {
                if let Event::Digit { event, .. } = e {
                    digits.push(event);
                }
            }
            now += Duration::from_millis(20);
        }
        assert_eq!(digits.len(), 1);
        assert_eq!((digits[0].event, digits[0].duration), (5, 1600));
        assert!(rtcp_seen >= 1);
        let st = b.source_stats(a.ssrc()).unwrap();
        // Ten audio packets and the event packet released at i = 107.
        assert_eq!(st.cumulative_lost(), 11);
        assert!(a.poll_timeout() > t0);
    }
}
