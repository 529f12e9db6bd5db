//! RFC 3550 receiver statistics (§6.4.1, Appendix A.1, A.3, A.8) and the
//! RTCP transmission interval (§6.3, Appendix A.7).
//!
//! [`ReceiverStats`] follows one source: sequence validation with probation,
//! extended highest sequence number, cumulative loss (which goes negative on
//! duplicates, clamped to 24 bits), fraction lost per report interval,
//! interarrival jitter in timestamp units, and LSR/DLSR for round-trip time.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use missive_rtp::stats::ReceiverStats;
//!
//! let t0 = Instant::now();
//! let mut rx = ReceiverStats::new(8000);
//! for i in 0..50u16 {
//!     if i == 10 { continue; } // one packet lost
//!     let arrival = t0 + Duration::from_millis(20 * u64::from(i));
//!     rx.on_packet(1000 + i, 160 * u32::from(i), arrival);
//! }
//! let rb = rx.report_block(0xABCD, t0 + Duration::from_secs(1));
//! assert_eq!((rb.cumulative_lost, rb.extended_highest_seq), (1, 1049));
//! assert_eq!(rb.jitter, 0); // perfectly paced
//! ```

use std::time::{Duration, Instant};

use crate::rtcp::ReportBlock;

const MAX_DROPOUT: u16 = 3000;
const MAX_MISORDER: u16 = 100;
const MIN_SEQUENTIAL: u32 = 2;
const RTP_SEQ_MOD: u32 = 1 << 16;

/// What [`ReceiverStats::on_packet`] made of a sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqVerdict {
    /// In order or a tolerated gap/reordering: counted.
    Valid,
    /// The source is still on probation (A.1): not yet counted as valid.
    Probation,
    /// A very large jump; if the next packet follows it, the source restarts.
    Bad,
    /// The source restarted its sequence (statistics reset).
    Restarted,
}

/// Per-source reception statistics (RFC 3550 A.1/A.3/A.8).
#[derive(Debug, Clone)]
pub struct ReceiverStats {
    clock_rate: u32,
    max_seq: u16,
    cycles: u32,
    base_seq: u32,
    bad_seq: u32,
    probation: u32,
    received: u32,
    expected_prior: u32,
    received_prior: u32,
    transit: Option<i64>,
    jitter_q4: u64,
    epoch: Option<Instant>,
    started: bool,
    last_sr: Option<(u32, Instant)>,
}

/// `elapsed` in units of `rate` Hz, modulo 2^32 (RFC 3550 A.8 keeps
/// arrival times in timestamp units): `⌊elapsed_ns · rate / 10^9⌋ mod 2^32`,
/// computed as whole seconds × rate plus the sub-second part, so that the
/// only division is a 64-bit one by a constant (a multiplication).
#[inline]
fn arrival_units(elapsed: Duration, rate: u32) -> u32 {
    let rate = u64::from(rate);
    let secs = elapsed.as_secs().wrapping_mul(rate);
    let sub = u64::from(elapsed.subsec_nanos()) * rate / 1_000_000_000;
    secs.wrapping_add(sub) as u32
}

impl ReceiverStats {
    /// Statistics for a source whose media clock runs at `clock_rate` Hz.
    pub fn new(clock_rate: u32) -> Self {
        Self {
            clock_rate: clock_rate.max(1),
            max_seq: 0,
            cycles: 0,
            base_seq: 0,
            bad_seq: RTP_SEQ_MOD + 1,
            probation: MIN_SEQUENTIAL,
            received: 0,
            expected_prior: 0,
            received_prior: 0,
            transit: None,
            jitter_q4: 0,
            epoch: None,
            started: false,
            last_sr: None,
        }
    }

    fn init_seq(&mut self, seq: u16) {
        self.base_seq = u32::from(seq);
        self.max_seq = seq;
        self.bad_seq = RTP_SEQ_MOD + 1;
        self.cycles = 0;
        self.received = 0;
        self.received_prior = 0;
        self.expected_prior = 0;
    }

    /// Accounts one received data packet (sequence number, RTP timestamp,
    /// arrival time).
    #[inline]
    pub fn on_packet(&mut self, seq: u16, timestamp: u32, arrival: Instant) -> SeqVerdict {
        let verdict = self.update_seq(seq);
        if matches!(verdict, SeqVerdict::Valid | SeqVerdict::Restarted) {
            self.update_jitter(timestamp, arrival);
        }
        verdict
    }

    #[inline]
    fn update_seq(&mut self, seq: u16) -> SeqVerdict {
        if !self.started {
            self.started = true;
            self.init_seq(seq);
            self.max_seq = seq.wrapping_sub(1);
            self.probation = MIN_SEQUENTIAL;
        }
        let udelta = seq.wrapping_sub(self.max_seq);
        if self.probation > 0 {
            if seq == self.max_seq.wrapping_add(1) {
                self.probation -= 1;
                self.max_seq = seq;
                if self.probation == 0 {
                    self.init_seq(seq);
                    self.received += 1;
                    return SeqVerdict::Valid;
                }
            } else {
                self.probation = MIN_SEQUENTIAL - 1;
                self.max_seq = seq;
            }
            return SeqVerdict::Probation;
        } else if udelta < MAX_DROPOUT {
            if seq < self.max_seq {
                self.cycles = self.cycles.wrapping_add(RTP_SEQ_MOD);
            }
            self.max_seq = seq;
        } else if u32::from(udelta) <= RTP_SEQ_MOD - u32::from(MAX_MISORDER) {
            if u32::from(seq) == self.bad_seq {
                self.init_seq(seq);
                self.received += 1;
                self.transit = None;
                return SeqVerdict::Restarted;
            }
            self.bad_seq = (u32::from(seq) + 1) & (RTP_SEQ_MOD - 1);
            return SeqVerdict::Bad;
        }
        // else: duplicate or reordered packet, counted.
        self.received = self.received.wrapping_add(1);
        SeqVerdict::Valid
    }

    #[inline]
    fn update_jitter(&mut self, timestamp: u32, arrival: Instant) {
        let epoch = *self.epoch.get_or_insert(arrival);
        let elapsed = arrival.saturating_duration_since(epoch);
        let arrival_units = arrival_units(elapsed, self.clock_rate);
        let transit = i64::from(arrival_units.wrapping_sub(timestamp) as i32);
        if let Some(prev) = self.transit {
            let d = (transit - prev).unsigned_abs();
            // J += (|D| - J) / 16, kept as J * 16 (A.8).
            self.jitter_q4 = (self.jitter_q4 + d).saturating_sub((self.jitter_q4 + 8) >> 4);
        }
        self.transit = Some(transit);
    }

    /// Records an SR from this source: `ntp` is its 64-bit NTP timestamp.
    pub fn on_sender_report(&mut self, ntp: u64, arrival: Instant) {
        self.last_sr = Some((ntp_middle32(ntp), arrival));
    }

    /// Extended highest sequence number received.
    pub fn extended_max(&self) -> u32 {
        self.cycles.wrapping_add(u32::from(self.max_seq))
    }

    /// Packets expected (extended max − base + 1).
    pub fn expected(&self) -> u32 {
        self.extended_max()
            .wrapping_sub(self.base_seq)
            .wrapping_add(1)
    }

    /// Packets received (duplicates included).
    pub fn received(&self) -> u32 {
        self.received
    }

    /// Cumulative loss, clamped to the 24-bit signed RTCP field.
    pub fn cumulative_lost(&self) -> i32 {
        let lost = i64::from(self.expected()) - i64::from(self.received);
        lost.clamp(-0x80_0000, 0x7F_FFFF) as i32
    }

    /// Interarrival jitter in timestamp units.
    pub fn jitter(&self) -> u32 {
        (self.jitter_q4 >> 4) as u32
    }

    /// Builds the report block for this source as of `now`, and starts a new
    /// fraction-lost interval.
    pub fn report_block(&mut self, ssrc: u32, now: Instant) -> ReportBlock {
        let expected = self.expected();
        let expected_interval = expected.wrapping_sub(self.expected_prior);
        self.expected_prior = expected;
        let received_interval = self.received.wrapping_sub(self.received_prior);
        self.received_prior = self.received;
        let lost_interval = i64::from(expected_interval) - i64::from(received_interval);
        let fraction_lost = if expected_interval == 0 || lost_interval <= 0 {
            0
        } else {
            ((lost_interval << 8) / i64::from(expected_interval)).min(255) as u8
        };
        let (last_sr, delay_since_last_sr) = match self.last_sr {
            Some((lsr, at)) => (lsr, to_q16(now.saturating_duration_since(at))),
            None => (0, 0),
        };
        ReportBlock {
            ssrc,
            fraction_lost,
            cumulative_lost: self.cumulative_lost(),
            extended_highest_seq: self.extended_max(),
            jitter: self.jitter(),
            last_sr,
            delay_since_last_sr,
        }
    }
}

/// The middle 32 bits of a 64-bit NTP timestamp (the LSR format).
pub fn ntp_middle32(ntp: u64) -> u32 {
    (ntp >> 16) as u32
}

/// A duration in units of 1/65536 s (the DLSR format), saturating.
pub fn to_q16(d: Duration) -> u32 {
    let v = d.as_nanos() * 65536 / 1_000_000_000;
    v.min(u128::from(u32::MAX)) as u32
}

/// Round-trip time from a report block about our stream, given the middle
/// 32 bits of the NTP time at which it arrived (§6.4.1: A − LSR − DLSR).
/// `None` when the block carries no LSR or the result would be negative.
pub fn round_trip_time(block: &ReportBlock, arrival_ntp_middle32: u32) -> Option<Duration> {
    if block.last_sr == 0 {
        return None;
    }
    let rtt = arrival_ntp_middle32
        .checked_sub(block.last_sr)?
        .checked_sub(block.delay_since_last_sr)?;
    Some(Duration::from_nanos(u64::from(rtt) * 1_000_000_000 / 65536))
}

/// Inputs of the RTCP interval computation (RFC 3550 §6.3.1, A.7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalParams {
    /// Current estimate of session members (including us).
    pub members: u32,
    /// Current estimate of senders.
    pub senders: u32,
    /// RTCP bandwidth in octets per second (typically 5% of the session bandwidth).
    pub rtcp_bw: f64,
    /// Whether we sent data since the second-to-last report.
    pub we_sent: bool,
    /// Average compound RTCP packet size in octets (with UDP/IP headers).
    pub avg_rtcp_size: f64,
    /// True before the first RTCP packet is sent (halves the minimum).
    pub initial: bool,
    /// Minimum interval in seconds (5 s by default; RFC 3550 §6.2 allows a
    /// reduced minimum of 360 / session bandwidth in kbit/s).
    pub min_interval: f64,
}

impl Default for IntervalParams {
    fn default() -> Self {
        Self {
            members: 2,
            senders: 1,
            rtcp_bw: 8000.0 * 0.05,
            we_sent: false,
            avg_rtcp_size: 100.0,
            initial: true,
            min_interval: 5.0,
        }
    }
}

/// The randomised RTCP interval (A.7). `random` is a uniform sample in
/// `[0, 1)` supplied by the caller (no RNG in the core).
pub fn rtcp_interval(p: &IntervalParams, random: f64) -> Duration {
    const COMPENSATION: f64 = core::f64::consts::E - 1.5;
    let mut tmin = p.min_interval;
    if p.initial {
        tmin /= 2.0;
    }
    let mut n = f64::from(p.members.max(1));
    let mut bw = p.rtcp_bw;
    if f64::from(p.senders) <= f64::from(p.members) * 0.25 {
        if p.we_sent {
            bw *= 0.25;
            n = f64::from(p.senders.max(1));
        } else {
            bw *= 0.75;
            n = f64::from(p.members.saturating_sub(p.senders).max(1));
        }
    }
    let mut t = if bw > 0.0 {
        p.avg_rtcp_size * n / bw
    } else {
        tmin
    };
    if t.is_nan() || t < tmin {
        t = tmin;
    }
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    t = t * (r + 0.5) / COMPENSATION;
    Duration::from_secs_f64(t.clamp(0.0, 1.0e6))
}

/// Updates the average RTCP packet size after sending or receiving a compound
/// packet of `size` octets (A.7: avg = size/16 + 15·avg/16).
pub fn update_avg_rtcp_size(avg: f64, size: usize) -> f64 {
    size as f64 / 16.0 + avg * 15.0 / 16.0
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The split seconds/sub-second conversion equals the 128-bit
        /// `elapsed_ns · rate / 10^9` it replaces, for any duration and rate.
        #[test]
        fn arrival_units_match_wide_arithmetic(
            secs in proptest::num::u64::ANY,
            small_secs in 0u64..1 << 34,
            nanos in 0u32..1_000_000_000,
            rate in proptest::num::u32::ANY,
        ) {
            for s in [secs, small_secs] {
                let d = Duration::new(s, nanos);
                let wide = (d.as_nanos() * u128::from(rate) / 1_000_000_000) as u64 as u32;
                proptest::prop_assert_eq!(arrival_units(d, rate), wide);
            }
        }
    }

    #[test]
    fn wrap_and_loss() {
        let t0 = Instant::now();
        let mut rx = ReceiverStats::new(8000);
        let mut seq = 65530u16;
        for i in 0..20u32 {
            if i != 7 {
                rx.on_packet(seq, i * 160, t0 + Duration::from_millis(20 * u64::from(i)));
            }
            seq = seq.wrapping_add(1);
        }
        assert_eq!(rx.extended_max(), 65536 + 13);
        assert_eq!(rx.cumulative_lost(), 1);
        let rb = rx.report_block(1, t0);
        // The first packet is probation (A.1): 19 expected, 18 received.
        assert_eq!(rb.fraction_lost, (256 / 19) as u8);
        // Second interval: nothing new, no loss.
        assert_eq!(rx.report_block(1, t0).fraction_lost, 0);
    }

    #[test]
    fn duplicates_make_loss_negative() {
        let t0 = Instant::now();
        let mut rx = ReceiverStats::new(8000);
        for s in [1u16, 2, 3, 3, 3, 4] {
            rx.on_packet(s, u32::from(s) * 160, t0);
        }
        assert_eq!(rx.cumulative_lost(), -2);
    }

    #[test]
    fn jitter_matches_a8_on_alternating_delay() {
        let t0 = Instant::now();
        let mut rx = ReceiverStats::new(8000);
        // Every other packet 5 ms late: |D| = 40 units each step after the first.
        for i in 0..400u32 {
            let late = if i % 2 == 1 { 5 } else { 0 };
            let at = t0 + Duration::from_millis(u64::from(20 * i + late));
            rx.on_packet(i as u16, i * 160, at);
        }
        // J converges to 40 (16·J fixed point rounds to within a unit).
        assert!((39..=40).contains(&rx.jitter()), "{}", rx.jitter());
    }

    #[test]
    fn restart_after_two_sequential_jumps() {
        let t0 = Instant::now();
        let mut rx = ReceiverStats::new(8000);
        for s in 0..10u16 {
            rx.on_packet(s, 0, t0);
        }
        assert_eq!(rx.on_packet(30000, 0, t0), SeqVerdict::Bad);
        assert_eq!(rx.on_packet(30001, 0, t0), SeqVerdict::Restarted);
        assert_eq!(rx.expected(), 1);
    }

    #[test]
    fn lsr_dlsr_rtt() {
        let t0 = Instant::now();
        let mut rx = ReceiverStats::new(8000);
        rx.on_packet(1, 0, t0);
        let ntp: u64 = (3_900_000_000u64 << 32) | 0x8000_0000;
        rx.on_sender_report(ntp, t0);
        let rb = rx.report_block(9, t0 + Duration::from_millis(250));
        assert_eq!(rb.last_sr, ntp_middle32(ntp));
        assert_eq!(rb.delay_since_last_sr, 16384);
        // The sender sees it 300 ms after it sent the SR: RTT = 50 ms.
        let a = rb.last_sr + to_q16(Duration::from_millis(300));
        let rtt = round_trip_time(&rb, a).unwrap();
        assert!((rtt.as_secs_f64() - 0.05).abs() < 1e-4, "{rtt:?}");
    }

    #[test]
    fn interval_follows_a7() {
        let p = IntervalParams {
            members: 2,
            senders: 1,
            rtcp_bw: 400.0,
            we_sent: true,
            avg_rtcp_size: 100.0,
            initial: false,
            min_interval: 5.0,
        };
        // 2 members, 1 sender: senders > members/4, so no split: 100·2/400 = 0.5 s < 5 s.
        let t = rtcp_interval(&p, 0.5).as_secs_f64();
        assert!((t - 5.0 / (core::f64::consts::E - 1.5)).abs() < 1e-9);
        // A large session: 1000 members, 1 sender, we receive.
        let big = IntervalParams {
            members: 1000,
            senders: 1,
            we_sent: false,
            ..p
        };
        let t = rtcp_interval(&big, 0.0).as_secs_f64();
        let det = 100.0 * 999.0 / 300.0;
        assert!((t - det * 0.5 / (core::f64::consts::E - 1.5)).abs() < 1e-9);
        let init = IntervalParams { initial: true, ..p };
        assert!(rtcp_interval(&init, 0.5) < rtcp_interval(&p, 0.5));
        assert!((update_avg_rtcp_size(100.0, 260) - 110.0).abs() < 1e-12);
    }
}
