//! ITU-T G.726 ADPCM at 16, 24, 32 and 40 kbit/s (2, 3, 4 or 5 bits per
//! sample at 8 kHz), the full algorithm of the recommendation: adaptive
//! quantizer, quantizer scale factor adaptation, adaptation speed control,
//! adaptive predictor (two poles, six zeros), tone and transition detection,
//! and, for G.711 output, the synchronous coding adjustment that keeps
//! tandem ADPCM-PCM-ADPCM codings from drifting.
//!
//! Bit-exact with every ITU-T G.726 Appendix II test sequence (reset
//! sequences, cross-law decoding, `i`-input decoder sequences, homing
//! sequences; see `tests/g726_itu.rs`).
//!
//! [`Encoder`] and [`Decoder`] are small `Clone` structs holding one
//! channel's state; run one per channel and [`Encoder::reset`] /
//! [`Decoder::reset`] them at call set-up. Codes are one per `u8` in the low
//! bits; [`pack`] turns them into RTP (RFC 3551) or AAL2/ITU byte streams.
//!
//! ```
//! use missive_g7xx::g726::{Decoder, Encoder, Rate};
//!
//! let pcm: Vec<i16> = (0..160).map(|n| ((n as f32 * 0.3).sin() * 8000.0) as i16).collect();
//! let mut enc = Encoder::new(Rate::R32);
//! let mut codes = vec![0u8; pcm.len()];
//! enc.encode_linear(&pcm, &mut codes);
//! assert!(codes.iter().all(|&c| c < 16));
//!
//! let mut dec = Decoder::new(Rate::R32);
//! let mut out = vec![0i16; codes.len()];
//! dec.decode_linear(&codes, &mut out);
//! ```

mod core;
pub mod pack;
mod tables;

use self::core::{compress, expand, log, quan, quan_small, reconst, subta, sync, State};

/// G.726 bit rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rate {
    /// 16 kbit/s, 2-bit codes.
    R16,
    /// 24 kbit/s, 3-bit codes.
    R24,
    /// 32 kbit/s, 4-bit codes (VPIM `audio/32KADPCM`, RTP `G726-32`).
    R32,
    /// 40 kbit/s, 5-bit codes.
    R40,
}

impl Rate {
    /// Bits per code.
    #[must_use]
    pub const fn bits(self) -> u32 {
        match self {
            Rate::R16 => 2,
            Rate::R24 => 3,
            Rate::R32 => 4,
            Rate::R40 => 5,
        }
    }

    /// The rate in kbit/s.
    #[must_use]
    pub const fn kbps(self) -> u32 {
        self.bits() * 8
    }

    /// The rate for a kbit/s value (16, 24, 32 or 40).
    #[must_use]
    pub const fn from_kbps(kbps: u32) -> Option<Rate> {
        match kbps {
            16 => Some(Rate::R16),
            24 => Some(Rate::R24),
            32 => Some(Rate::R32),
            40 => Some(Rate::R40),
            _ => None,
        }
    }

    /// The rate whose codes have `bits` bits (2..=5).
    #[must_use]
    pub const fn from_bits(bits: u32) -> Option<Rate> {
        Rate::from_kbps(bits * 8)
    }
}

/// Runs `$body` with `B` bound to the rate's bits per code as a const
/// generic, so each rate gets its own constant-folded code path.
macro_rules! with_bits {
    ($rate:expr, $name:ident::<B>($($arg:expr),*)) => {
        match $rate {
            Rate::R16 => $name::<2>($($arg),*),
            Rate::R24 => $name::<3>($($arg),*),
            Rate::R32 => $name::<4>($($arg),*),
            Rate::R40 => $name::<5>($($arg),*),
        }
    };
}

/// One encoder step from a 14-bit uniform sample.
#[allow(clippy::inline_always)] // see core.rs
#[inline(always)]
fn enc_step<const B: u32>(state: &mut State, sl: i32) -> u8 {
    let t = tables::by_bits::<B>();
    let e = state.estimate();
    let d = subta(sl, e.se);
    let (i, dqmag) = if B <= 3 {
        quan_small::<B>(d, e.y)
    } else {
        let (dl, ds) = log(d);
        let dln = (dl + 4096 - (e.y >> 2)) & 4095;
        let i = quan(t, dln, ds);
        (i, reconst(t, i, e.y))
    };
    state.update(t, i, dqmag, e);
    i as u8
}

fn enc_linear_slice<const B: u32>(state: &mut State, pcm: &[i16], codes: &mut [u8]) -> usize {
    // The state lives in locals (registers) for the block.
    let mut st = state.clone();
    for (c, &x) in codes.iter_mut().zip(pcm) {
        *c = enc_step::<B>(&mut st, sl_linear(x));
    }
    *state = st;
    pcm.len().min(codes.len())
}

fn enc_law_slice<const B: u32>(
    state: &mut State,
    law: &[u8],
    codes: &mut [u8],
    alaw: bool,
) -> usize {
    let mut st = state.clone();
    for (c, &x) in codes.iter_mut().zip(law) {
        let sl = if alaw { sl_alaw(x) } else { sl_ulaw(x) };
        *c = enc_step::<B>(&mut st, sl);
    }
    *state = st;
    law.len().min(codes.len())
}

/// One decoder step to the uniform `sr` (16-bit pattern).
#[allow(clippy::inline_always)] // see core.rs
#[inline(always)]
fn dec_uniform<const B: u32>(state: &mut State, code: u8) -> i32 {
    let t = tables::by_bits::<B>();
    let i = usize::from(code) & ((1 << B) - 1);
    let e = state.estimate();
    state.update(t, i, reconst(t, i, e.y), e)
}

/// One decoder step to a G.711 code (A-law with even bits not yet
/// inverted), with the synchronous coding adjustment.
#[inline]
fn dec_law<const B: u32>(state: &mut State, code: u8, alaw: bool) -> i32 {
    let t = tables::by_bits::<B>();
    let i = usize::from(code) & ((1 << B) - 1);
    let e = state.estimate();
    let sr = state.update(t, i, reconst(t, i, e.y), e);
    let sp = compress(sr, alaw);
    let slx = expand(sp, alaw);
    let dx = subta(slx, e.se);
    let (dlx, dsx) = log(dx);
    let dlnx = (dlx + 4096 - (e.y >> 2)) & 4095;
    sync(t, i, sp, dlnx, dsx, alaw)
}

#[inline]
fn linear_out(sr: i32) -> i16 {
    (i32::from(sr as u16 as i16) << 2).clamp(-32768, 32767) as i16
}

/// One decoder step to the uniform `sr`, out of line (the per-sample API).
fn dec_uniform_block<const B: u32>(state: &mut State, code: u8) -> i32 {
    dec_uniform::<B>(state, code)
}

fn dec_linear_slice<const B: u32>(state: &mut State, codes: &[u8], pcm: &mut [i16]) -> usize {
    let mut st = state.clone();
    for (p, &c) in pcm.iter_mut().zip(codes) {
        *p = linear_out(dec_uniform::<B>(&mut st, c));
    }
    *state = st;
    codes.len().min(pcm.len())
}

fn dec_law_slice<const B: u32>(
    state: &mut State,
    codes: &[u8],
    law: &mut [u8],
    alaw: bool,
) -> usize {
    let flip = if alaw { 0x55 } else { 0 };
    let mut st = state.clone();
    for (p, &c) in law.iter_mut().zip(codes) {
        *p = (dec_law::<B>(&mut st, c, alaw) as u8) ^ flip;
    }
    *state = st;
    codes.len().min(law.len())
}

fn sl_linear(x: i16) -> i32 {
    i32::from(x >> 2) & 16383
}

fn sl_alaw(a: u8) -> i32 {
    expand(i32::from(a ^ 0x55), true)
}

fn sl_ulaw(u: u8) -> i32 {
    expand(i32::from(u), false)
}

/// The part of [`Encoder`] and [`Decoder`] that is the same: one channel's
/// state at a rate, its construction, rate change and reset.
macro_rules! channel {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name {
            state: State,
            rate: Rate,
        }

        impl $name {
            #[doc = concat!("A new ", $what, " in the reset state.")]
            #[must_use]
            pub fn new(rate: Rate) -> Self {
                Self {
                    state: State::default(),
                    rate,
                }
            }

            #[doc = concat!("The ", $what, "'s rate.")]
            #[must_use]
            pub fn rate(&self) -> Rate {
                self.rate
            }

            /// Changes the rate, keeping the adaptive state (as G.726
            /// embedded variable-rate operation does between blocks).
            pub fn set_rate(&mut self, rate: Rate) {
                self.rate = rate;
            }

            /// Returns to the reset state of the recommendation.
            pub fn reset(&mut self) {
                self.state = State::default();
            }
        }
    };
}

channel!(
    /// G.726 encoder for one channel.
    Encoder,
    "encoder"
);

channel!(
    /// G.726 decoder for one channel.
    Decoder,
    "decoder"
);

impl Encoder {
    /// Encodes one 16-bit linear sample (its 14 most significant bits, as
    /// the recommendation's uniform PCM input).
    pub fn encode_linear_sample(&mut self, x: i16) -> u8 {
        let mut code = [0];
        self.encode_linear(&[x], &mut code);
        code[0]
    }

    /// Encodes one A-law byte (as transmitted, even bits inverted).
    pub fn encode_alaw_sample(&mut self, a: u8) -> u8 {
        let mut code = [0];
        self.encode_alaw(&[a], &mut code);
        code[0]
    }

    /// Encodes one µ-law byte.
    pub fn encode_ulaw_sample(&mut self, u: u8) -> u8 {
        let mut code = [0];
        self.encode_ulaw(&[u], &mut code);
        code[0]
    }

    /// Encodes linear samples into codes (one per byte, low bits); returns
    /// the number encoded, `min(pcm.len(), codes.len())`.
    pub fn encode_linear(&mut self, pcm: &[i16], codes: &mut [u8]) -> usize {
        with_bits!(
            self.rate,
            enc_linear_slice::<B>(&mut self.state, pcm, codes)
        )
    }

    /// Encodes A-law bytes into codes; returns the number encoded.
    pub fn encode_alaw(&mut self, law: &[u8], codes: &mut [u8]) -> usize {
        with_bits!(
            self.rate,
            enc_law_slice::<B>(&mut self.state, law, codes, true)
        )
    }

    /// Encodes µ-law bytes into codes; returns the number encoded.
    pub fn encode_ulaw(&mut self, law: &[u8], codes: &mut [u8]) -> usize {
        with_bits!(
            self.rate,
            enc_law_slice::<B>(&mut self.state, law, codes, false)
        )
    }
}

impl Decoder {
    /// Decodes one code (extra high bits are ignored) to the
    /// recommendation's uniform PCM output: the reconstructed signal `sr`,
    /// 16-bit two's complement on the 14-bit scale (full scale ±8191, with
    /// headroom an overloaded predictor can use).
    pub fn decode_uniform_sample(&mut self, code: u8) -> i16 {
        with_bits!(self.rate, dec_uniform_block::<B>(&mut self.state, code)) as u16 as i16
    }

    /// Decodes one code to a 16-bit linear sample: [`Self::decode_uniform_sample`]
    /// scaled by 4, saturated. (spandsp returns `sr << 2` wrapped to 16 bits,
    /// which turns an overload into a full-scale click of the opposite sign;
    /// the two agree on every sample that fits.)
    pub fn decode_linear_sample(&mut self, code: u8) -> i16 {
        let mut pcm = [0];
        self.decode_linear(&[code], &mut pcm);
        pcm[0]
    }

    /// Decodes one code to an A-law byte (as transmitted), with the
    /// synchronous coding adjustment.
    pub fn decode_alaw_sample(&mut self, code: u8) -> u8 {
        let mut law = [0];
        self.decode_alaw(&[code], &mut law);
        law[0]
    }

    /// Decodes one code to a µ-law byte, with the synchronous coding
    /// adjustment.
    pub fn decode_ulaw_sample(&mut self, code: u8) -> u8 {
        let mut law = [0];
        self.decode_ulaw(&[code], &mut law);
        law[0]
    }

    /// Decodes codes (one per byte) to linear samples; returns the number
    /// decoded, `min(codes.len(), pcm.len())`.
    pub fn decode_linear(&mut self, codes: &[u8], pcm: &mut [i16]) -> usize {
        with_bits!(
            self.rate,
            dec_linear_slice::<B>(&mut self.state, codes, pcm)
        )
    }

    /// Decodes codes to A-law bytes; returns the number decoded.
    pub fn decode_alaw(&mut self, codes: &[u8], law: &mut [u8]) -> usize {
        with_bits!(
            self.rate,
            dec_law_slice::<B>(&mut self.state, codes, law, true)
        )
    }

    /// Decodes codes to µ-law bytes; returns the number decoded.
    pub fn decode_ulaw(&mut self, codes: &[u8], law: &mut [u8]) -> usize {
        with_bits!(
            self.rate,
            dec_law_slice::<B>(&mut self.state, codes, law, false)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::vec;
    use std::vec::Vec;

    const RATES: [Rate; 4] = [Rate::R16, Rate::R24, Rate::R32, Rate::R40];

    proptest! {
        /// Synchronous tandem coding (clause 4.2.8): an encoder's codes,
        /// decoded to G.711 and re-encoded by a fresh encoder, come back
        /// unchanged — ADPCM-PCM-ADPCM tandems do not accumulate distortion.
        #[test]
        fn tandem_adpcm_pcm_adpcm_is_transparent(pcm in proptest::collection::vec(any::<i16>(), 1..2000), r in 0usize..4, alaw: bool, quiet in 0u32..12) {
            let rate = RATES[r];
            // From full-scale noise down to low-level signals.
            let pcm: Vec<i16> = pcm.iter().map(|&x| x >> quiet).collect();
            let mut law_in = vec![0u8; pcm.len()];
            if alaw {
                crate::g711::alaw_encode(&pcm, &mut law_in);
            } else {
                crate::g711::ulaw_encode(&pcm, &mut law_in);
            }
            let mut codes = vec![0u8; pcm.len()];
            let mut law = vec![0u8; pcm.len()];
            let mut again = vec![0u8; pcm.len()];
            let (mut enc, mut dec, mut enc2) = (Encoder::new(rate), Decoder::new(rate), Encoder::new(rate));
            if alaw {
                enc.encode_alaw(&law_in, &mut codes);
                dec.decode_alaw(&codes, &mut law);
                enc2.encode_alaw(&law, &mut again);
            } else {
                enc.encode_ulaw(&law_in, &mut codes);
                dec.decode_ulaw(&codes, &mut law);
                enc2.encode_ulaw(&law, &mut again);
            }
            prop_assert_eq!(again, codes);
        }

        #[test]
        fn state_is_per_channel_and_clonable(pcm in proptest::collection::vec(any::<i16>(), 1..500), r in 0usize..4) {
            let rate = RATES[r];
            let mut a = Encoder::new(rate);
            let mut codes = vec![0u8; pcm.len()];
            a.encode_linear(&pcm, &mut codes);
            // A clone continues identically; a reset encoder restarts.
            let mut b = a.clone();
            let (mut x, mut y) = (vec![0u8; pcm.len()], vec![0u8; pcm.len()]);
            a.encode_linear(&pcm, &mut x);
            b.encode_linear(&pcm, &mut y);
            prop_assert_eq!(&x, &y);
            a.reset();
            a.encode_linear(&pcm, &mut x);
            prop_assert_eq!(&x, &codes);
            // Slice and per-sample paths agree.
            let mut c = Encoder::new(rate);
            let per: Vec<u8> = pcm.iter().map(|&s| c.encode_linear_sample(s)).collect();
            prop_assert_eq!(per, codes);
        }
    }
}
