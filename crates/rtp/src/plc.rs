//! G.711 packet loss concealment for the jitter buffer (feature `g7xx`):
//! [`G711Plc`] runs `missive-g7xx`'s ITU-T G.711 Appendix I concealment
//! ([`missive_g7xx::plc::Plc`]) behind the buffer's [`Conceal`] hook.
//!
//! The jitter buffer works on payload bytes; the concealment works on
//! linear PCM in 10 ms blocks. The adapter bridges the two:
//!
//! - every frame played from a packet ([`Conceal::received`]) is decoded
//!   (µ-law or A-law), fed block by block to [`Plc::good_frame`] (which keeps
//!   the pitch history) and replaced by the PLC's output, which is the same
//!   audio delayed by [`DELAY`] samples (3.75 ms, the look-ahead the
//!   algorithm cross-fades over), re-encoded to the payload's law;
//! - every missing frame ([`Conceal::conceal`]) is synthesised by
//!   [`Plc::lost_frame`], one call per 10 ms, and encoded: the last pitch
//!   period repeated with overlap-add at the seams, widened to 2 and 3
//!   periods on the 2nd and 3rd consecutive 10 ms, attenuated by 20 % per
//!   10 ms from the second 10 ms on, silent after 60 ms of loss (plus the
//!   [`DELAY`] every output runs behind) — the PLC's own rule, so a 20 ms packet lost alone is two blocks (the second
//!   already ramps down), and a burst of three or more packets fades out;
//! - the first good frame after a loss is cross-faded from the synthetic
//!   signal by the PLC.
//!
//! [`G711Plc::pcm`] gives the linear PCM of the frame last handled (good or
//! concealed), so a player needs no second decode. G.711 decoding then
//! re-encoding is exact, so good frames come out as the same code bytes,
//! only [`DELAY`] samples later.
//!
//! Frames should be a whole number of 10 ms blocks (80 samples: ptime 10,
//! 20, 30, 40 … ms). A partial last block (a 5 ms or 25 ms packet) is passed
//! through undelayed when received and filled with silence when concealed.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use missive_rtp::jitter::{Config, Frame, JitterBuffer};
//! use missive_rtp::plc::{G711Plc, Law};
//!
//! // A 400 Hz tone in 20 ms PCMU packets; packet 5 is lost.
//! let tone = |n: u32| ((n as f32 * 400.0 * std::f32::consts::TAU / 8000.0).sin() * 8000.0) as i16;
//! let t0 = Instant::now();
//! let ms = |n: u64| t0 + Duration::from_millis(n);
//! let mut jb = JitterBuffer::new(Config::default(), G711Plc::new(Law::Mu));
//! let mut concealed = 0;
//! for i in 0..10u32 {
//!     if i != 5 {
//!         let pcm: Vec<i16> = (160 * i..160 * (i + 1)).map(tone).collect();
//!         let mut law = [0u8; 160];
//!         missive_g7xx::g711::ulaw_encode(&pcm, &mut law);
//!         jb.push(ms(u64::from(20 * i)), i as u16, 160 * i, i == 0, &law);
//!     }
//!     if let Frame::Concealed { payload, .. } = jb.pop(ms(u64::from(40 + 20 * i))) {
//!         assert_eq!(payload.len(), 160);
//!         // A tone continued, not silence.
//!         assert!(jb.concealer().pcm().iter().any(|&s| s.abs() > 4000));
//!         concealed += 1;
//!     }
//! }
//! assert_eq!(concealed, 1);
//! ```

use missive_g7xx::g711;
use missive_g7xx::plc::{Plc, FRAME};

use crate::jitter::Conceal;

pub use missive_g7xx::plc::DELAY;

/// The G.711 companding law of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Law {
    /// µ-law, PCMU (static payload type 0).
    Mu,
    /// A-law, PCMA (static payload type 8).
    A,
}

impl Law {
    /// The law of a static RTP payload type (RFC 3551): 0 is PCMU, 8 PCMA.
    pub fn from_payload_type(pt: u8) -> Option<Self> {
        match pt {
            0 => Some(Self::Mu),
            8 => Some(Self::A),
            _ => None,
        }
    }

    /// The static RTP payload type: 0 (PCMU) or 8 (PCMA).
    pub fn payload_type(self) -> u8 {
        match self {
            Self::Mu => 0,
            Self::A => 8,
        }
    }

    /// The code byte of a zero sample (0xFF in µ-law, 0xD5 in A-law).
    pub fn silence(self) -> u8 {
        match self {
            Self::Mu => 0xFF,
            Self::A => 0xD5,
        }
    }

    /// Decodes `law` into `pcm` (as many samples as both hold).
    pub fn decode(self, law: &[u8], pcm: &mut [i16]) -> usize {
        match self {
            Self::Mu => g711::ulaw_decode(law, pcm),
            Self::A => g711::alaw_decode(law, pcm),
        }
    }

    /// Encodes `pcm` into `law` (as many samples as both hold).
    pub fn encode(self, pcm: &[i16], law: &mut [u8]) -> usize {
        match self {
            Self::Mu => g711::ulaw_encode(pcm, law),
            Self::A => g711::alaw_encode(pcm, law),
        }
    }
}

/// The jitter buffer's [`Conceal`] hook running the G.711 Appendix I PLC of
/// `missive-g7xx` on a PCMU or PCMA stream. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct G711Plc {
    law: Law,
    plc: Plc,
    pcm: Vec<i16>,
    concealed_blocks: u64,
}

impl G711Plc {
    /// A concealer for a stream in `law`, with silent history.
    pub fn new(law: Law) -> Self {
        Self {
            law,
            plc: Plc::new(),
            pcm: Vec::with_capacity(4 * FRAME),
            concealed_blocks: 0,
        }
    }

    /// The stream's law.
    pub fn law(&self) -> Law {
        self.law
    }

    /// Linear PCM of the frame last handled, as played: a received frame
    /// delayed by [`DELAY`] samples, or a concealed one.
    pub fn pcm(&self) -> &[i16] {
        &self.pcm
    }

    /// Consecutive 10 ms blocks concealed since the last received frame.
    pub fn lost_in_a_row(&self) -> usize {
        self.plc.lost_in_a_row()
    }

    /// 10 ms blocks synthesised since creation.
    pub fn concealed_blocks(&self) -> u64 {
        self.concealed_blocks
    }

    /// Forgets the history (a new call or a new source).
    pub fn reset(&mut self) {
        self.plc.reset();
        self.pcm.clear();
    }
}

impl Conceal for G711Plc {
    fn conceal(&mut self, _previous: &[u8], samples: u32, _consecutive: u32, out: &mut Vec<u8>) {
        let n = samples as usize;
        self.pcm.clear();
        let mut block = [0i16; FRAME];
        for _ in 0..n / FRAME {
            self.plc.lost_frame(&mut block);
            self.pcm.extend_from_slice(&block);
            self.concealed_blocks += 1;
        }
        self.pcm.resize(n, 0);
        out.clear();
        out.resize(n, self.law.silence());
        self.law.encode(&self.pcm, out);
    }

    fn received(&mut self, payload: &mut Vec<u8>) {
        self.pcm.clear();
        let mut block = [0i16; FRAME];
        for chunk in payload.chunks_mut(FRAME) {
            let k = self.law.decode(chunk, &mut block);
            if k == FRAME {
                self.plc.good_frame(&mut block);
                self.law.encode(&block, chunk);
            }
            self.pcm
                .extend_from_slice(block.get(..k).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> i16 {
        ((n as f32 * 2.0 * core::f32::consts::PI / 40.0).sin() * 6000.0) as i16
    }

    #[test]
    fn received_frames_come_out_delayed_and_unchanged_in_code() {
        for law in [Law::Mu, Law::A] {
            let mut plc = G711Plc::new(law);
            let pcm: Vec<i16> = (0..800).map(tone).collect();
            let mut coded = vec![0u8; 800];
            law.encode(&pcm, &mut coded);
            let mut out = Vec::new();
            for f in coded.chunks(160) {
                let mut v = f.to_vec();
                plc.received(&mut v);
                assert_eq!(plc.pcm().len(), 160);
                out.extend_from_slice(&v);
            }
            assert_eq!(&out[DELAY..], &coded[..800 - DELAY]);
        }
    }

    #[test]
    fn concealment_fades_to_silence_after_60_ms() {
        let mut plc = G711Plc::new(Law::Mu);
        for k in 0..5 {
            let pcm: Vec<i16> = (160 * k..160 * (k + 1)).map(tone).collect();
            let mut v = vec![0u8; 160];
            Law::Mu.encode(&pcm, &mut v);
            plc.received(&mut v);
        }
        let mut energy = Vec::new();
        let mut out = Vec::new();
        for n in 1..=5 {
            plc.conceal(&[], 160, n, &mut out);
            assert_eq!(out.len(), 160);
            // The output is delayed by DELAY samples, concealed or not.
            let skip = if n == 4 { DELAY } else { 0 };
            energy.push(
                plc.pcm()[skip..]
                    .iter()
                    .map(|&s| f64::from(s).powi(2))
                    .sum::<f64>(),
            );
        }
        assert!(energy[0] > 1e8, "{energy:?}");
        assert!(energy[1] < energy[0] && energy[2] < energy[1], "{energy:?}");
        // 60 ms (+ the PLC's delay) and beyond: silence.
        assert!(energy[3..].iter().all(|&e| e == 0.0), "{energy:?}");
        assert!(out.iter().all(|&b| b == 0xFF));
        assert_eq!(plc.lost_in_a_row(), 10);
        assert_eq!(plc.concealed_blocks(), 10);
    }

    #[test]
    fn partial_blocks_pass_through() {
        let mut plc = G711Plc::new(Law::A);
        let mut v = vec![0x55u8; 100];
        plc.received(&mut v);
        assert_eq!(v.len(), 100);
        assert_eq!(&v[80..], &[0x55; 20]);
        let mut out = Vec::new();
        plc.conceal(&v, 100, 1, &mut out);
        assert_eq!(out.len(), 100);
        assert_eq!(&out[80..], &[0xD5; 20]);
    }
}
