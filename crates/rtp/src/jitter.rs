//! An adaptive jitter buffer, driven by `now` passed in.
//!
//! Packets go in with [`JitterBuffer::push`] as they arrive; the audio clock
//! pulls one frame per frame period with [`JitterBuffer::pop`]. The buffer:
//!
//! - estimates interarrival jitter (RFC 3550 §6.4.1 filter on transit
//!   times) and sets the playout delay to `frame + jitter_factor × J`, clamped
//!   to `[min_delay, max_delay]`; the delay is re-anchored at each talk spurt
//!   (marker bit or resumption after silence) and nudged within a spurt by
//!   dropping one frame (too much delay) or stretching one (too little);
//! - reorders by timestamp, drops duplicates and packets that come after
//!   their playout time (late), and never holds more than `capacity`
//!   packets;
//! - fills missing frames through a [`Conceal`] hook (the built-ins are
//!   [`Silence`] and [`RepeatLast`]; with the `g7xx` feature,
//!   `crate::plc::G711Plc` runs `missive-g7xx`'s G.711 Appendix I PLC);
//! - tolerates sender/receiver clock drift: the drop/stretch rule keeps the
//!   buffered span bounded whichever clock is faster;
//! - passes RFC 4733 telephone-events straight through
//!   ([`JitterBuffer::push_event`], [`JitterBuffer::poll_event`]): digits are
//!   reported as soon as they end, not delayed by the audio playout.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use missive_rtp::jitter::{Config, JitterBuffer, Silence, Frame};
//!
//! let t0 = Instant::now();
//! let mut jb = JitterBuffer::new(Config::default(), Silence(0xFF));
//! let ms = |n: u64| t0 + Duration::from_millis(n);
//! // Packet 2 arrives before packet 1; packet 3 is lost.
//! jb.push(ms(0), 0, 0, true, &[1; 160]);
//! jb.push(ms(35), 2, 320, false, &[3; 160]);
//! jb.push(ms(38), 1, 160, false, &[2; 160]);
//! jb.push(ms(80), 4, 640, false, &[5; 160]);
//! let mut got = Vec::new();
//! for i in 0..5 {
//!     match jb.pop(ms(40 + 20 * i)) {
//!         Frame::Media { payload, .. } => got.push(payload[0]),
//!         Frame::Concealed { .. } => got.push(0),
//!         Frame::Idle => {}
//!     }
//! }
//! assert_eq!(got, [1, 2, 3, 0, 5]);
//! assert_eq!(jb.stats().concealed, 1);
//! ```

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::event::{DigitEvent, EventDecoder};

/// Fills in for a missing frame.
///
/// Implement it with a real packet-loss concealment (for G.711, the
/// Appendix I PLC of `missive-g7xx`) to replace the built-in [`Silence`] and
/// [`RepeatLast`].
pub trait Conceal {
    /// Writes a replacement for a missing frame of `samples` samples into
    /// `out` (cleared by the caller). `previous` is the last frame played
    /// (real or concealed), `consecutive` the number of frames concealed in a
    /// row including this one.
    fn conceal(&mut self, previous: &[u8], samples: u32, consecutive: u32, out: &mut Vec<u8>);

    /// Sees every frame played from a packet, in playout order, just before
    /// [`JitterBuffer::pop`] returns it, and may rewrite it. A concealment
    /// that learns from the received signal (the G.711 Appendix I PLC keeps
    /// a pitch history) feeds it here; one with look-ahead replaces the
    /// frame by its delayed output so that real and concealed frames join
    /// up. The default leaves the frame alone.
    #[inline]
    fn received(&mut self, payload: &mut Vec<u8>) {
        let _ = payload;
    }
}

/// Concealment by a constant byte (0xFF is µ-law silence, 0xD5 A-law).
#[derive(Debug, Clone, Copy)]
pub struct Silence(pub u8);

impl Conceal for Silence {
    fn conceal(&mut self, _previous: &[u8], samples: u32, _n: u32, out: &mut Vec<u8>) {
        out.resize(samples as usize, self.0);
    }
}

/// Concealment by repeating the previous frame (for up to `max_repeats`
/// frames, silence byte after that).
#[derive(Debug, Clone, Copy)]
pub struct RepeatLast {
    /// How many frames in a row may be repeated.
    pub max_repeats: u32,
    /// Byte for silence after that.
    pub silence: u8,
}

impl Conceal for RepeatLast {
    fn conceal(&mut self, previous: &[u8], samples: u32, n: u32, out: &mut Vec<u8>) {
        if n <= self.max_repeats && !previous.is_empty() {
            out.extend_from_slice(previous);
        } else {
            out.resize(samples as usize, self.silence);
        }
    }
}

/// Jitter-buffer configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Media clock rate (Hz).
    pub clock_rate: u32,
    /// Samples per frame (160 = 20 ms at 8 kHz).
    pub frame_samples: u32,
    /// Lowest playout delay.
    pub min_delay: Duration,
    /// Highest playout delay.
    pub max_delay: Duration,
    /// Playout delay = frame + `jitter_factor` × jitter estimate.
    pub jitter_factor: f64,
    /// Most packets held at once (older ones are dropped beyond it).
    pub capacity: usize,
    /// Frames concealed in a row before the buffer decides the sender went
    /// silent and waits for the next talk spurt.
    pub max_conceal_run: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            clock_rate: 8000,
            frame_samples: 160,
            min_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(400),
            jitter_factor: 3.0,
            capacity: 64,
            max_conceal_run: 10,
        }
    }
}

/// What [`JitterBuffer::push`] did with a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Stored for playout.
    Buffered,
    /// Already held or already played.
    Duplicate,
    /// Its playout time has passed.
    Late,
    /// Stored, but the oldest packet had to go to respect the capacity.
    Overflow,
}

/// One frame of playout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    /// Nothing to play (before the first packet, or silence between talk
    /// spurts): play comfort noise or silence.
    Idle,
    /// A received frame.
    Media {
        /// Its RTP timestamp.
        timestamp: u32,
        /// Its payload.
        payload: &'a [u8],
        /// True on the first frame of a talk spurt.
        marker: bool,
    },
    /// A missing frame, filled by the [`Conceal`] hook.
    Concealed {
        /// The RTP timestamp it stands for.
        timestamp: u32,
        /// The concealment's output.
        payload: &'a [u8],
    },
}

/// Counters, all since creation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Packets pushed.
    pub received: u64,
    /// Frames played from packets.
    pub played: u64,
    /// Frames concealed (lost, late or stretched).
    pub concealed: u64,
    /// Packets that came after their playout time.
    pub late: u64,
    /// Duplicate packets dropped.
    pub duplicates: u64,
    /// Packets dropped because the buffer was full.
    pub overflow: u64,
    /// Frames skipped to reduce delay (clock drift, jitter spike over).
    pub dropped_for_delay: u64,
    /// Frames inserted to add delay (jitter grew, receiver clock fast).
    pub stretched: u64,
    /// Most packets held at once.
    pub max_depth: usize,
}

/// Key of an empty ring slot.
const EMPTY: i64 = i64::MIN;

#[derive(Debug, Clone)]
struct Slot {
    /// Extended timestamp, or [`EMPTY`].
    key: i64,
    /// Frame period of `key` (`key` div frame), kept so that look-ups and
    /// removals never divide again.
    bucket: i64,
    marker: bool,
    /// The packet's payload while the slot is occupied (a buffer from the
    /// ring's pool; empty and unallocated otherwise).
    payload: Vec<u8>,
}

/// Euclidean division by the frame length, by multiplication: `m =
/// ⌈2^64 / d⌉`, and `⌊x·m / 2^64⌋ = ⌊x / d⌋` exactly for `0 ≤ x < 2^64 / d`
/// (the error term `x·(m·d − 2^64) / 2^64` stays below 1 there). Other `x`
/// (negative, or huge) take `i64::div_euclid`. A 64-bit `idiv` costs tens of
/// cycles; this is one widening multiply, and the buffer divides once per
/// `push` and once per `pop`.
#[derive(Debug, Clone, Copy)]
struct Period {
    d: i64,
    m: u64,
    /// Largest `x` the multiplication is exact for (0: never used).
    limit: u64,
}

impl Period {
    fn new(d: i64) -> Self {
        let d = d.max(1);
        let du = d as u64;
        match (u64::MAX / du).checked_add(1) {
            Some(m) => Self {
                d,
                m,
                limit: u64::MAX / du,
            },
            None => Self { d, m: 0, limit: 0 },
        }
    }

    #[inline]
    fn div(self, x: i64) -> i64 {
        if let Ok(ux) = u64::try_from(x) {
            if ux <= self.limit {
                return ((u128::from(ux) * u128::from(self.m)) >> 64) as i64;
            }
        }
        x.div_euclid(self.d)
    }
}

/// The packets held, in a fixed ring indexed by frame period: a packet goes
/// to slot `(timestamp / frame) mod N`, N a power of two at least twice the
/// capacity. Insert, look-up and playout are O(1) without moving anything;
/// only the removal of the oldest or newest packet scans (to the next
/// occupied slot, one step in the steady state). The packets held span
/// fewer than N frame periods: one further ahead pushes the oldest out.
/// Callers compute a key's frame period once ([`Ring::bucket`]) and pass it
/// along.
///
/// Payload buffers circulate: a packet is copied into a buffer from `pool`,
/// playout swaps that buffer out for the previously played one, which goes
/// back to the pool. So the steady state allocates nothing, and only as
/// many buffers exist as packets were ever held at once (plus one), not one
/// per slot.
#[derive(Debug, Clone)]
struct Ring {
    slots: Vec<Slot>,
    pool: Vec<Vec<u8>>,
    mask: usize,
    period: Period,
    len: usize,
    /// Smallest and largest key held, and their frame periods (meaningful
    /// when `len > 0`).
    lo: i64,
    hi: i64,
    lo_b: i64,
    hi_b: i64,
}

impl Ring {
    fn new(capacity: usize, frame: u32) -> Self {
        let n = (capacity.clamp(1, 1 << 12) * 2).next_power_of_two();
        Self {
            slots: vec![
                Slot {
                    key: EMPTY,
                    bucket: 0,
                    marker: false,
                    payload: Vec::new(),
                };
                n
            ],
            pool: Vec::new(),
            mask: n - 1,
            period: Period::new(i64::from(frame)),
            len: 0,
            lo: 0,
            hi: 0,
            lo_b: 0,
            hi_b: 0,
        }
    }

    /// The frame period of key `k`.
    #[inline]
    fn bucket(&self, k: i64) -> i64 {
        self.period.div(k)
    }

    #[inline]
    fn slot_of(&self, b: i64) -> Option<&Slot> {
        self.slots.get((b as usize) & self.mask)
    }

    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether key `k` (of frame period `b`) is held.
    #[inline]
    fn contains(&self, k: i64, b: i64) -> bool {
        self.slot_of(b).is_some_and(|s| s.key == k)
    }

    /// The oldest packet: key and marker.
    fn first(&self) -> Option<(i64, bool)> {
        if self.len == 0 {
            return None;
        }
        Some((self.lo, self.slot_of(self.lo_b).is_some_and(|s| s.marker)))
    }

    fn last(&self) -> Option<i64> {
        (self.len > 0).then_some(self.hi)
    }

    /// Whether frame period `b` can be held without the span reaching N
    /// frame periods.
    #[inline]
    fn fits(&self, b: i64) -> bool {
        self.len == 0 || self.hi_b.max(b).saturating_sub(self.lo_b.min(b)) <= self.mask as i64
    }

    /// Stores a packet of key `k`, frame period `b` (the caller checked
    /// [`Ring::fits`]). False when its frame period already holds a packet
    /// (another timestamp in the same period): that one stays.
    #[inline]
    fn insert(&mut self, k: i64, b: i64, marker: bool, payload: &[u8]) -> bool {
        let i = (b as usize) & self.mask;
        let Some(s) = self.slots.get_mut(i) else {
            return false;
        };
        if s.key != EMPTY {
            return false;
        }
        s.key = k;
        s.bucket = b;
        s.marker = marker;
        if s.payload.capacity() == 0 {
            if let Some(buf) = self.pool.pop() {
                s.payload = buf;
            }
        }
        s.payload.clear();
        s.payload.extend_from_slice(payload);
        if self.len == 0 {
            (self.lo, self.lo_b, self.hi, self.hi_b) = (k, b, k, b);
        } else {
            if k < self.lo {
                (self.lo, self.lo_b) = (k, b);
            }
            if k > self.hi {
                (self.hi, self.hi_b) = (k, b);
            }
        }
        self.len += 1;
        true
    }

    /// Takes the packet held in the frame period of `at` (its own
    /// timestamp may differ from `at` when the sender's timestamps are off
    /// the frame grid), swapping its payload into `into`. Returns its key
    /// and marker.
    #[inline]
    fn take_period(&mut self, at: i64, into: &mut Vec<u8>) -> Option<(i64, bool)> {
        let b = self.bucket(at);
        let i = (b as usize) & self.mask;
        let s = self.slots.get_mut(i)?;
        if s.key == EMPTY || s.bucket != b {
            return None;
        }
        let k = std::mem::replace(&mut s.key, EMPTY);
        std::mem::swap(into, &mut s.payload);
        let old = std::mem::take(&mut s.payload);
        let marker = s.marker;
        self.recycle(old);
        self.removed(k);
        Some((k, marker))
    }

    /// Removes the packet of key `k`.
    fn remove(&mut self, k: i64) -> bool {
        let i = (self.bucket(k) as usize) & self.mask;
        let old = match self.slots.get_mut(i) {
            Some(s) if s.key == k => {
                s.key = EMPTY;
                std::mem::take(&mut s.payload)
            }
            _ => return false,
        };
        self.recycle(old);
        self.removed(k);
        true
    }

    /// Returns a payload buffer to the pool (there are never more buffers
    /// than slots plus one, so the pool stays bounded).
    #[inline]
    fn recycle(&mut self, buf: Vec<u8>) {
        if buf.capacity() > 0 && self.pool.len() <= self.slots.len() {
            self.pool.push(buf);
        }
    }

    /// Book-keeping after `k` left: count, and the new bounds.
    #[inline]
    fn removed(&mut self, k: i64) {
        self.len = self.len.saturating_sub(1);
        if self.len == 0 {
            return;
        }
        let (lo_b, hi_b) = (self.lo_b, self.hi_b);
        if k == self.lo {
            if let Some((key, b)) = (lo_b + 1..=hi_b).find_map(|b| self.key_in(b)) {
                (self.lo, self.lo_b) = (key, b);
            }
        } else if k == self.hi {
            if let Some((key, b)) = (lo_b..hi_b).rev().find_map(|b| self.key_in(b)) {
                (self.hi, self.hi_b) = (key, b);
            }
        }
    }

    /// The key held in frame period `bucket`, and the period.
    #[inline]
    fn key_in(&self, bucket: i64) -> Option<(i64, i64)> {
        let s = self.slot_of(bucket)?;
        (s.key != EMPTY).then_some((s.key, s.bucket))
    }
}

/// The adaptive jitter buffer. `C` is the concealment hook.
#[derive(Debug, Clone)]
pub struct JitterBuffer<C: Conceal> {
    cfg: Config,
    conceal: C,
    slots: Ring,
    /// Extended timestamp of the next frame to play, once playing.
    next: Option<i64>,
    /// Last raw/extended timestamp seen, for unwrapping.
    last_ts: Option<(u32, i64)>,
    epoch: Option<Instant>,
    /// Last relative transit time, in timestamp units.
    transit: Option<i64>,
    /// Interarrival jitter × 16, in timestamp units (RFC 3550 A.8).
    jitter_q4: i64,
    /// When the first packet of the pending talk spurt arrived.
    spurt_arrival: Option<Instant>,
    conceal_run: u32,
    since_adjust: u32,
    avg_span: f64,
    late_seen: bool,
    /// `target_delay` in samples, refreshed when the jitter estimate moves.
    target_cache: i64,
    prev: Vec<u8>,
    out: Vec<u8>,
    /// Recently played timestamps (duplicate detection after playout), a
    /// ring written at `played_pos`.
    played: [i64; 64],
    played_pos: usize,
    /// Cached from the configuration: the clock rate per nanosecond, the
    /// playout delay bounds and the discontinuity threshold, in samples.
    lo_samples: i64,
    hi_samples: i64,
    jump_samples: i64,
    /// `jitter_factor` × 16.
    factor_q4: i64,
    stats: Stats,
    events: EventDecoder,
    pending_events: VecDeque<DigitEvent>,
}

impl<C: Conceal> JitterBuffer<C> {
    /// An empty buffer.
    pub fn new(cfg: Config, conceal: C) -> Self {
        let mut jb = Self {
            cfg,
            conceal,
            slots: Ring::new(cfg.capacity, cfg.frame_samples),
            next: None,
            last_ts: None,
            epoch: None,
            transit: None,
            jitter_q4: 0,
            spurt_arrival: None,
            conceal_run: 0,
            since_adjust: 0,
            avg_span: 0.0,
            late_seen: false,
            prev: Vec::new(),
            out: Vec::new(),
            played: [EMPTY; 64],
            played_pos: 0,
            lo_samples: 0,
            hi_samples: 0,
            jump_samples: (cfg.max_delay.as_secs_f64() * f64::from(cfg.clock_rate)) as i64,
            factor_q4: (cfg.jitter_factor.clamp(0.0, 1e6) * 16.0).round() as i64,
            stats: Stats::default(),
            events: EventDecoder::new(),
            pending_events: VecDeque::new(),
            target_cache: 0,
        };
        let rate = f64::from(cfg.clock_rate.max(1));
        jb.lo_samples = (cfg.min_delay.as_secs_f64() * rate) as i64;
        jb.hi_samples = ((cfg.max_delay.as_secs_f64() * rate) as i64).max(jb.lo_samples);
        jb.target_cache = jb.compute_target_samples();
        jb
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The concealment hook.
    pub fn concealer(&mut self) -> &mut C {
        &mut self.conceal
    }

    /// Current interarrival jitter estimate.
    pub fn jitter(&self) -> Duration {
        Duration::from_secs_f64(self.jitter_samples() / f64::from(self.cfg.clock_rate.max(1)))
    }

    /// The playout delay the buffer aims for now.
    pub fn target_delay(&self) -> Duration {
        let frame = f64::from(self.cfg.frame_samples) / f64::from(self.cfg.clock_rate.max(1));
        let j = self.jitter_samples() / f64::from(self.cfg.clock_rate.max(1));
        Duration::from_secs_f64((frame + self.cfg.jitter_factor * j).min(1.0e3)).clamp(
            self.cfg.min_delay,
            self.cfg.max_delay.max(self.cfg.min_delay),
        )
    }

    fn target_samples(&self) -> i64 {
        self.target_cache
    }

    #[inline]
    fn compute_target_samples(&self) -> i64 {
        // Same as `target_delay`, in samples, without Duration round trips.
        let t = i64::from(self.cfg.frame_samples)
            .saturating_add(self.factor_q4.saturating_mul(self.jitter_q4) >> 8);
        t.clamp(self.lo_samples, self.hi_samples)
    }

    /// Media currently buffered ahead of the playout point, in samples.
    pub fn buffered_samples(&self) -> i64 {
        match (self.next, self.slots.last()) {
            (Some(n), Some(last)) => (last + i64::from(self.cfg.frame_samples) - n).max(0),
            (None, Some(last)) => {
                let first = self.slots.first().map_or(last, |(k, _)| k);
                last + i64::from(self.cfg.frame_samples) - first
            }
            _ => 0,
        }
    }

    /// Packets held.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no packet is held.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn extend_ts(&mut self, ts: u32) -> i64 {
        let ext = match self.last_ts {
            None => i64::from(ts),
            Some((raw, ext)) => ext + i64::from(ts.wrapping_sub(raw) as i32),
        };
        // Only move the reference forward.
        if self.last_ts.is_none_or(|(_, e)| ext > e) {
            self.last_ts = Some((ts, ext));
        }
        ext
    }

    fn jitter_samples(&self) -> f64 {
        self.jitter_q4 as f64 / 16.0
    }

    /// RFC 3550 A.8, in integers: transit in timestamp units, jitter × 16.
    #[inline]
    fn update_jitter(&mut self, now: Instant, ext: i64) {
        let epoch = *self.epoch.get_or_insert(now);
        let since = now.saturating_duration_since(epoch);
        let rate = i64::from(self.cfg.clock_rate);
        // Arrival time in timestamp units; the division is by a constant.
        let arrival = (since.as_secs() as i64)
            .saturating_mul(rate)
            .saturating_add((u64::from(since.subsec_nanos()) * rate as u64 / 1_000_000_000) as i64);
        let transit = arrival.wrapping_sub(ext);
        if let Some(prev) = self.transit {
            let d = transit.wrapping_sub(prev).saturating_abs();
            // A jump beyond the longest delay is a timestamp discontinuity
            // (new spurt, sender restart), not jitter: re-base only.
            if d <= self.jump_samples {
                self.jitter_q4 += d - ((self.jitter_q4 + 8) >> 4);
            }
            self.target_cache = self.compute_target_samples();
        }
        self.transit = Some(transit);
    }

    /// Accepts one audio packet arriving at `now`.
    pub fn push(
        &mut self,
        now: Instant,
        seq: u16,
        timestamp: u32,
        marker: bool,
        payload: &[u8],
    ) -> PushOutcome {
        let _ = seq;
        self.stats.received += 1;
        let ext = self.extend_ts(timestamp);
        if let Some(next) = self.next {
            if ext < next {
                // Played or concealed already: a duplicate or a late packet.
                if self.played.contains(&ext) {
                    self.stats.duplicates += 1;
                    return PushOutcome::Duplicate;
                }
                self.stats.late += 1;
                self.late_seen = true;
                return PushOutcome::Late;
            }
        }
        let bucket = self.slots.bucket(ext);
        if self.slots.contains(ext, bucket) {
            self.stats.duplicates += 1;
            return PushOutcome::Duplicate;
        }
        self.update_jitter(now, ext);
        // A new talk spurt while idle: re-anchor at it.
        if self.next.is_none() && self.spurt_arrival.is_none() {
            self.spurt_arrival = Some(now);
        }
        let mut outcome = PushOutcome::Buffered;
        // Make room: the packets held span fewer frame periods than the ring.
        while !self.slots.fits(bucket) {
            let Some((k, _)) = self.slots.first() else {
                break;
            };
            self.stats.overflow += 1;
            if ext < k {
                // The newcomer is the oldest: it is the one that goes.
                self.skip_past(ext);
                return PushOutcome::Overflow;
            }
            self.drop_first();
            outcome = PushOutcome::Overflow;
        }
        if !self.slots.insert(ext, bucket, marker, payload) {
            // Another packet (off the frame grid) holds this frame period.
            self.stats.duplicates += 1;
            return PushOutcome::Duplicate;
        }
        while self.slots.len() > self.cfg.capacity.max(1) {
            self.drop_first();
            self.stats.overflow += 1;
            outcome = PushOutcome::Overflow;
        }
        self.stats.max_depth = self.stats.max_depth.max(self.slots.len());
        outcome
    }

    /// Drops the oldest packet held (capacity or span exceeded).
    fn drop_first(&mut self) {
        if let Some((k, _)) = self.slots.first() {
            self.slots.remove(k);
            self.skip_past(k);
        }
    }

    /// Moves the playout point past `k`, which will never play.
    fn skip_past(&mut self, k: i64) {
        if let Some(n) = self.next.as_mut() {
            *n = (*n).max(k + i64::from(self.cfg.frame_samples));
        }
    }

    /// Accepts one RFC 4733 telephone-event packet: events bypass the audio
    /// delay and are available from [`JitterBuffer::poll_event`] as soon as
    /// they end.
    pub fn push_event(&mut self, seq: u16, timestamp: u32, marker: bool, payload: &[u8]) {
        for e in self.events.push(seq, timestamp, marker, payload) {
            if self.pending_events.len() < 64 {
                self.pending_events.push_back(e);
            }
        }
    }

    /// The next finished telephone-event, if any.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<DigitEvent> {
        self.pending_events.pop_front()
    }

    /// The frame to play at `now`. Call once per frame period, driven by the
    /// audio clock.
    pub fn pop(&mut self, now: Instant) -> Frame<'_> {
        let frame = i64::from(self.cfg.frame_samples);
        let Some(next) = self.next else {
            // Waiting for a talk spurt to have been buffered long enough.
            let Some(arrived) = self.spurt_arrival else {
                return Frame::Idle;
            };
            if now.saturating_duration_since(arrived)
                < self.target_delay().saturating_sub(Duration::from_nanos(1))
            {
                return Frame::Idle;
            }
            let Some((first, _)) = self.slots.first() else {
                self.spurt_arrival = None;
                return Frame::Idle;
            };
            self.spurt_arrival = None;
            self.next = Some(first);
            self.conceal_run = 0;
            self.since_adjust = 0;
            self.avg_span = self.buffered_samples() as f64;
            return self.play_or_conceal(now, first);
        };
        self.since_adjust += 1;
        // A smoothed span, so that jitter alone does not trigger adjustments.
        let inst = self.buffered_samples() as f64;
        self.avg_span = if self.since_adjust == 1 && self.avg_span == 0.0 {
            inst
        } else {
            self.avg_span + (inst - self.avg_span) / 32.0
        };
        let span = self.avg_span as i64;
        let target = self.target_samples();
        // Too much delay: skip one frame (rate-limited).
        if span > target + 2 * frame
            && self.since_adjust > 10
            && self.slots.contains(next, self.slots.bucket(next))
        {
            self.avg_span -= frame as f64;
            self.slots.remove(next);
            self.stats.dropped_for_delay += 1;
            self.since_adjust = 0;
            let n = next + frame;
            self.next = Some(n);
            return self.play_or_conceal(now, n);
        }
        // Too little: stretch by one concealed frame without advancing.
        let starving = span + frame < target || self.late_seen;
        if span > 0 && starving && self.since_adjust > 10 && self.conceal_run == 0 {
            self.since_adjust = 0;
            self.late_seen = false;
            self.avg_span += frame as f64;
            self.stats.stretched += 1;
            self.stats.concealed += 1;
            self.out.clear();
            self.conceal
                .conceal(&self.prev, self.cfg.frame_samples, 1, &mut self.out);
            return Frame::Concealed {
                timestamp: (next - frame) as u32,
                payload: &self.out,
            };
        }
        self.play_or_conceal(now, next)
    }

    fn play_or_conceal(&mut self, now: Instant, at: i64) -> Frame<'_> {
        let frame = i64::from(self.cfg.frame_samples);
        if let Some((key, marker)) = self.slots.take_period(at, &mut self.prev) {
            self.next = Some(at + frame);
            self.conceal_run = 0;
            self.stats.played += 1;
            if let Some(p) = self.played.get_mut(self.played_pos) {
                *p = key;
            }
            self.played_pos = (self.played_pos + 1) % 64;
            self.conceal.received(&mut self.prev);
            return Frame::Media {
                timestamp: key as u32,
                payload: &self.prev,
                marker,
            };
        }
        if self.slots.is_empty() && self.conceal_run >= self.cfg.max_conceal_run {
            // The sender went quiet: wait for the next talk spurt.
            self.next = None;
            self.conceal_run = 0;
            return Frame::Idle;
        }
        // A new talk spurt further on (timestamp jump with a marker): jump to it.
        if let Some((k, marker)) = self.slots.first() {
            // (or a timestamp jump beyond the longest delay, marker or not)
            let jump = self.jump_samples + frame;
            if k > at && (marker || k - at > jump) {
                // Re-anchor the playout delay on the new spurt.
                self.next = None;
                self.conceal_run = 0;
                self.spurt_arrival = Some(now);
                return Frame::Idle;
            }
        }
        self.conceal_run += 1;
        self.stats.concealed += 1;
        self.next = Some(at + frame);
        self.out.clear();
        self.conceal.conceal(
            &self.prev,
            self.cfg.frame_samples,
            self.conceal_run,
            &mut self.out,
        );
        std::mem::swap(&mut self.prev, &mut self.out);
        self.out.clone_from(&self.prev);
        Frame::Concealed {
            timestamp: at as u32,
            payload: &self.out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payload buffers circulate through the pool: after a reordered,
    /// jittered stream only as many buffers exist as packets were held at
    /// once, plus one (the frame last played), not one per ring slot.
    #[test]
    fn payload_buffers_are_pooled() {
        let t0 = Instant::now();
        let mut jb = JitterBuffer::new(Config::default(), Silence(0xFF));
        let mut order: Vec<u32> = (0..1000).collect();
        for i in (0..999).step_by(7) {
            order.swap(i, i + 1);
        }
        for (k, &i) in order.iter().enumerate() {
            let at = t0 + Duration::from_micros(u64::from(i) * 20_000 + (k as u64 * 7919 % 30_000));
            jb.push(at, i as u16, i * 160, i == 0, &[i as u8; 160]);
            let _ = jb.pop(t0 + Duration::from_millis(40 + 20 * k as u64));
        }
        let ring = &jb.slots;
        let allocated = ring.pool.len()
            + ring
                .slots
                .iter()
                .filter(|s| s.payload.capacity() > 0)
                .count()
            + usize::from(jb.prev.capacity() > 0);
        assert!(jb.stats().played > 900);
        assert!(
            allocated <= jb.stats().max_depth + 1,
            "{allocated} buffers for depth {}",
            jb.stats().max_depth
        );
    }

    /// The multiply-based frame-period division equals `div_euclid`:
    /// exhaustively for small divisors and dividends, and at the edges of
    /// the exact range (where it hands over to `div_euclid`).
    #[test]
    fn period_division_is_exact() {
        for d in 1..=1000i64 {
            let p = Period::new(d);
            for x in -2000..=20_000i64 {
                assert_eq!(p.div(x), x.div_euclid(d), "{x} / {d}");
            }
            let lim = i64::try_from(p.limit).unwrap_or(i64::MAX);
            for x in [
                lim - 2,
                lim - 1,
                lim,
                lim.saturating_add(1),
                i64::MAX,
                i64::MIN,
            ] {
                assert_eq!(p.div(x), x.div_euclid(d), "{x} / {d}");
            }
        }
        for d in [
            1i64,
            2,
            3,
            80,
            160,
            240,
            320,
            441,
            960,
            4096,
            65_535,
            1 << 31,
            u32::MAX.into(),
        ] {
            let p = Period::new(d);
            for x in [
                0,
                1,
                d - 1,
                d,
                d + 1,
                (1 << 40) + 7,
                i64::MAX,
                i64::MAX - 1,
                -1,
                i64::MIN,
            ] {
                assert_eq!(p.div(x), x.div_euclid(d), "{x} / {d}");
            }
        }
    }

    #[test]
    fn timestamp_jump_without_marker_reanchors() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        let mut jb = JitterBuffer::new(Config::default(), Silence(0xFF));
        for i in 0..5u32 {
            jb.push(ms(u64::from(20 * i)), i as u16, 160 * i, i == 0, &[1; 160]);
        }
        let mut t = 40;
        while jb.stats().played < 5 {
            let _ = jb.pop(ms(t));
            t += 20;
        }
        // The sender's timestamp leaps 10 minutes ahead with no marker.
        let far = 160 * 5 + 8000 * 600;
        for i in 0..5u32 {
            jb.push(
                ms(t + u64::from(20 * i)),
                5 + i as u16,
                far + 160 * i,
                false,
                &[2; 160],
            );
        }
        let mut concealed_before = 0;
        for _ in 0..20 {
            t += 20;
            if let Frame::Media { payload, .. } = jb.pop(ms(t)) {
                assert_eq!(payload.first(), Some(&2));
                break;
            }
            concealed_before += 1;
        }
        assert!(jb.stats().played > 5, "{:?}", jb.stats());
        assert!(concealed_before < 20);
    }

    #[test]
    fn capacity_bounds_memory() {
        let t0 = Instant::now();
        let mut jb = JitterBuffer::new(
            Config {
                capacity: 8,
                ..Config::default()
            },
            Silence(0),
        );
        for i in 0..1000u32 {
            jb.push(t0, i as u16, 160 * i, false, &[0; 160]);
        }
        assert_eq!(jb.len(), 8);
        assert_eq!(jb.stats().overflow, 992);
    }

    #[test]
    fn off_grid_timestamp_plays_in_its_frame_period() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        let mut jb = JitterBuffer::new(Config::default(), Silence(0));
        jb.push(ms(0), 0, 0, true, &[1; 160]);
        // 5 samples late on the grid: still the frame of period 1.
        jb.push(ms(20), 1, 165, false, &[2; 160]);
        // Another packet in the same period is refused.
        assert_eq!(
            jb.push(ms(21), 9, 170, false, &[9; 160]),
            PushOutcome::Duplicate
        );
        jb.push(ms(40), 2, 320, false, &[3; 160]);
        let mut got = Vec::new();
        for i in 0..4 {
            if let Frame::Media {
                timestamp, payload, ..
            } = jb.pop(ms(40 + 20 * i))
            {
                got.push((timestamp, payload[0]));
            }
        }
        assert_eq!(got, [(0, 1), (165, 2), (320, 3)]);
    }

    #[test]
    fn a_packet_beyond_the_ring_pushes_the_oldest_out() {
        let t0 = Instant::now();
        let cfg = Config {
            capacity: 4, // ring of 8 frame periods
            ..Config::default()
        };
        let mut jb = JitterBuffer::new(cfg, Silence(0));
        jb.push(t0, 0, 0, true, &[1; 160]);
        jb.push(t0, 1, 160, false, &[2; 160]);
        // 8 periods after the oldest: the span would reach the ring size.
        assert_eq!(
            jb.push(t0, 8, 8 * 160, false, &[3; 160]),
            PushOutcome::Overflow
        );
        assert_eq!(jb.len(), 2);
        assert_eq!(jb.stats().overflow, 1);
        // An old packet that cannot fit is itself the one dropped.
        assert_eq!(
            jb.push(t0, 7, 160u32.wrapping_sub(8 * 160), false, &[0; 160]),
            PushOutcome::Overflow
        );
        assert_eq!(jb.len(), 2);
        assert_eq!(jb.buffered_samples(), 8 * 160);
    }

    proptest::proptest! {
        #[test]
        fn period_division_matches_div_euclid(d in 1u32.., x in proptest::num::i64::ANY, small in 0i64..1 << 40) {
            let p = Period::new(i64::from(d));
            proptest::prop_assert_eq!(p.div(x), x.div_euclid(i64::from(d)));
            proptest::prop_assert_eq!(p.div(small), small.div_euclid(i64::from(d)));
        }

        /// Any arrival pattern (timestamps anywhere, wraps, duplicates,
        /// odd payload sizes, frame sizes): no panic, bounded depth, and
        /// every packet accounted for at most once (played, late,
        /// duplicate, overflowed, dropped for delay or still held).
        #[test]
        fn any_arrivals_keep_the_buffer_sane(
            ops in proptest::collection::vec(
                (0u64..200, proptest::num::u32::ANY, 0u32..40, proptest::bool::ANY, 0usize..300, proptest::bool::ANY),
                1..300,
            ),
            capacity in 1usize..20,
            frame in 1u32..400,
        ) {
            let t0 = Instant::now();
            let cfg = Config { capacity, frame_samples: frame, ..Config::default() };
            let mut jb = JitterBuffer::new(cfg, RepeatLast { max_repeats: 2, silence: 0 });
            let mut now = 0u64;
            let mut base = 0u32;
            for (dt, jump, step, marker, len, pop) in ops {
                now += dt;
                if jump % 17 == 0 {
                    base = jump;
                }
                let ts = base.wrapping_add(step.wrapping_mul(frame));
                let payload = vec![step as u8; len];
                jb.push(t0 + Duration::from_millis(now), step as u16, ts, marker, &payload);
                proptest::prop_assert!(jb.len() <= capacity);
                proptest::prop_assert!(jb.buffered_samples() >= 0);
                if pop {
                    match jb.pop(t0 + Duration::from_millis(now)) {
                        Frame::Concealed { payload, .. } => {
                            proptest::prop_assert!(payload.len() <= 300.max(frame as usize));
                        }
                        Frame::Media { .. } | Frame::Idle => {}
                    }
                }
            }
            let st = jb.stats();
            proptest::prop_assert!(
                st.played + st.late + st.duplicates + st.overflow + st.dropped_for_delay
                    + jb.len() as u64
                    <= st.received
            );
            proptest::prop_assert!(st.max_depth <= capacity);
        }
    }
}
