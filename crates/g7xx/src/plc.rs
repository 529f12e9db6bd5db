//! Packet loss concealment for G.711 (and any 8 kHz narrow-band) audio:
//! the algorithm of ITU-T G.711 Appendix I, as a streaming struct the RTP
//! jitter buffer calls once per 10 ms frame.
//!
//! - Good frames go through [`Plc::good_frame`], which keeps a 48.75 ms
//!   history and returns the audio delayed by [`DELAY`] samples (3.75 ms):
//!   the look-ahead the algorithm needs to cross-fade into a concealment.
//! - For a lost frame, [`Plc::lost_frame`] synthesises one: on the first
//!   loss it estimates the pitch period (normalised cross-correlation, a
//!   coarse search at 2:1 decimation then a fine one, over 5-15 ms periods),
//!   then repeats the last pitch period with a quarter-period overlap-add
//!   at each seam. The 2nd and 3rd consecutive losses widen the repeated
//!   history to two and three periods (less buzzy); from the 2nd loss on
//!   the output is attenuated by 20 % per 10 ms, reaching silence after
//!   60 ms.
//! - The first good frame after a loss is cross-faded with the continued
//!   synthetic signal over a quarter period plus 4 ms per extra lost frame
//!   (at most 10 ms).
//!
//! No allocation: the state is a few fixed arrays (about 3.5 KiB). Square
//! roots of the reference algorithm are replaced by an equivalent
//! comparison of squared normalised correlations (no `libm` in `no_std`).
//!
//! ```
//! use missive_g7xx::plc::{Plc, FRAME};
//!
//! let mut plc = Plc::new();
//! let mut frame = [0i16; FRAME];
//! for (n, s) in frame.iter_mut().enumerate() {
//!     *s = ((n as f32 * 0.2).sin() * 8000.0) as i16;
//! }
//! plc.good_frame(&mut frame); // frame now holds the delayed audio
//! let mut concealed = [0i16; FRAME];
//! plc.lost_frame(&mut concealed); // a packet went missing
//! ```

/// Samples per frame the concealment works on (10 ms at 8 kHz). A 20 ms
/// RTP packet is two calls.
pub const FRAME: usize = 80;
/// Output delay of the concealment, in samples (3.75 ms).
pub const DELAY: usize = POVERLAPMAX;

const PITCH_MIN: usize = 40;
const PITCH_MAX: usize = 120;
const PITCHDIFF: usize = PITCH_MAX - PITCH_MIN;
const POVERLAPMAX: usize = PITCH_MAX >> 2;
const HISTORYLEN: usize = PITCH_MAX * 3 + POVERLAPMAX;
const NDEC: usize = 2;
const CORRLEN: usize = 160;
const CORRBUFLEN: usize = CORRLEN + PITCH_MAX;
const CORRMINPOWER: f64 = 250.0;
const EOVERLAPINCR: usize = 32;
const ATTENFAC: f32 = 0.2;
const ATTENINCR: f32 = ATTENFAC / FRAME as f32;

/// G.711 Appendix I concealment state for one channel.
#[derive(Clone, Debug)]
pub struct Plc {
    /// Consecutive lost frames so far.
    erasecnt: usize,
    /// Overlap length: a quarter of the pitch period.
    poverlap: usize,
    /// Read position inside the repeated pitch buffer.
    poffset: usize,
    /// Pitch period estimate, samples.
    pitch: usize,
    /// Length of the repeated part of `pitchbuf` (1-3 periods).
    pitchblen: usize,
    /// History as floats, the source of the synthetic signal.
    pitchbuf: [f32; HISTORYLEN],
    /// The last quarter period before the loss.
    lastq: [f32; POVERLAPMAX],
    /// Output history (delayed by `DELAY`).
    history: [i16; HISTORYLEN],
}

impl Default for Plc {
    fn default() -> Self {
        Self::new()
    }
}

impl Plc {
    /// A concealer with silent history.
    #[must_use]
    pub fn new() -> Self {
        Self {
            erasecnt: 0,
            poverlap: 0,
            poffset: 0,
            pitch: 0,
            pitchblen: 0,
            pitchbuf: [0.0; HISTORYLEN],
            lastq: [0.0; POVERLAPMAX],
            history: [0; HISTORYLEN],
        }
    }

    /// Forgets all history (new call or stream).
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// Consecutive frames concealed since the last good one.
    #[must_use]
    pub fn lost_in_a_row(&self) -> usize {
        self.erasecnt
    }

    /// Takes a received frame and replaces it by the output to play, which
    /// is the input delayed by [`DELAY`] samples (cross-faded with the
    /// concealment when this frame ends a loss).
    pub fn good_frame(&mut self, frame: &mut [i16; FRAME]) {
        if self.erasecnt > 0 {
            let mut overlap = [0f32; FRAME];
            let olen = (self.poverlap + (self.erasecnt - 1) * EOVERLAPINCR).min(FRAME);
            self.synth(&mut overlap[..olen]);
            self.overlap_add_at_end(frame, &overlap[..olen]);
            self.erasecnt = 0;
        }
        self.save(frame);
    }

    /// Fills `out` with the concealment of one lost frame.
    pub fn lost_frame(&mut self, out: &mut [i16; FRAME]) {
        let mut f = [0f32; FRAME];
        match self.erasecnt {
            0 => {
                for (p, &h) in self.pitchbuf.iter_mut().zip(&self.history) {
                    *p = f32::from(h);
                }
                self.pitch = self.find_pitch();
                self.poverlap = self.pitch >> 2;
                let end = HISTORYLEN;
                let q = self.poverlap;
                self.lastq[..q].copy_from_slice(&self.pitchbuf[end - q..end]);
                self.poffset = 0;
                self.pitchblen = self.pitch;
                self.blend_seam();
                // The history's last quarter period now carries the blend.
                for k in end - q..end {
                    self.history[k] = self.pitchbuf[k] as i16;
                }
                self.synth(&mut f);
            }
            1 | 2 => {
                let mut tail = [0f32; POVERLAPMAX];
                let save = self.poffset;
                self.synth(&mut tail[..self.poverlap]);
                self.poffset = save;
                while self.poffset > self.pitch {
                    self.poffset -= self.pitch;
                }
                self.pitchblen += self.pitch;
                self.blend_seam();
                self.synth(&mut f);
                let q = self.poverlap;
                overlap_add_at_end_f(&mut f, &tail[..q], self.gain());
                self.scale(&mut f);
            }
            6.. => {}
            _ => {
                self.synth(&mut f);
                self.scale(&mut f);
            }
        }
        self.erasecnt += 1;
        for (o, &v) in out.iter_mut().zip(&f) {
            *o = clip(v);
        }
        self.save(out);
    }

    /// Cross-fades the saved last quarter period into the start of the
    /// repeated buffer's seam (`overlapadd` of the reference).
    fn blend_seam(&mut self) {
        let q = self.poverlap;
        if q == 0 {
            return;
        }
        let start = HISTORYLEN - self.pitchblen;
        let incr = 1.0 / q as f32;
        let mut lw = 1.0 - incr;
        let mut rw = incr;
        for k in 0..q {
            let t = lw * self.lastq[k] + rw * self.pitchbuf[start - q + k];
            self.pitchbuf[HISTORYLEN - q + k] = f32::from(clip(t));
            lw -= incr;
            rw += incr;
        }
    }

    /// Reads the periodic synthetic signal (`getfespeech`).
    fn synth(&mut self, out: &mut [f32]) {
        let start = HISTORYLEN - self.pitchblen;
        let mut done = 0;
        while done < out.len() && self.pitchblen > 0 {
            let cnt = (self.pitchblen - self.poffset).min(out.len() - done);
            let from = start + self.poffset;
            out[done..done + cnt].copy_from_slice(&self.pitchbuf[from..from + cnt]);
            self.poffset += cnt;
            if self.poffset == self.pitchblen {
                self.poffset = 0;
            }
            done += cnt;
        }
    }

    fn gain(&self) -> f32 {
        (1.0 - self.erasecnt.saturating_sub(1) as f32 * ATTENFAC).max(0.0)
    }

    /// Linear attenuation ramp over the frame (`scalespeech`).
    fn scale(&self, f: &mut [f32; FRAME]) {
        let mut g = 1.0 - self.erasecnt.saturating_sub(1) as f32 * ATTENFAC;
        for v in f.iter_mut() {
            *v *= g;
            g -= ATTENINCR;
        }
    }

    /// Cross-fade from the synthetic `f` into the real frame start.
    fn overlap_add_at_end(&self, s: &mut [i16; FRAME], f: &[f32]) {
        let mut tmp = [0f32; FRAME];
        for (t, &v) in tmp.iter_mut().zip(s.iter()) {
            *t = f32::from(v);
        }
        overlap_add_at_end_f(&mut tmp, f, self.gain());
        for (o, &v) in s.iter_mut().zip(&tmp) {
            *o = clip(v);
        }
    }

    /// Shifts `frame` into the history and replaces it by the delayed output.
    fn save(&mut self, frame: &mut [i16; FRAME]) {
        self.history.copy_within(FRAME.., 0);
        self.history[HISTORYLEN - FRAME..].copy_from_slice(frame);
        let from = HISTORYLEN - FRAME - POVERLAPMAX;
        frame.copy_from_slice(&self.history[from..from + FRAME]);
    }

    /// Pitch period in samples (40..=120) maximising the normalised
    /// correlation of the last 20 ms with an earlier stretch.
    fn find_pitch(&self) -> usize {
        let b = &self.pitchbuf;
        let l0 = HISTORYLEN - CORRLEN;
        let r0 = HISTORYLEN - CORRBUFLEN;
        let corr_at = |r: usize, step: usize| -> f64 {
            (0..CORRLEN)
                .step_by(step)
                .map(|i| f64::from(b[r + i]) * f64::from(b[l0 + i]))
                .sum()
        };
        // Coarse search, every NDEC-th lag and sample.
        let mut energy: f64 = (0..CORRLEN)
            .step_by(NDEC)
            .map(|i| f64::from(b[r0 + i]).powi(2))
            .sum();
        let mut best = Norm::new(corr_at(r0, NDEC), energy);
        let mut bestmatch = 0;
        let mut r = r0;
        for j in (NDEC..=PITCHDIFF).step_by(NDEC) {
            energy -= f64::from(b[r]).powi(2);
            energy += f64::from(b[r + CORRLEN]).powi(2);
            r += NDEC;
            let c = Norm::new(corr_at(r, NDEC), energy);
            if c.at_least(&best) {
                best = c;
                bestmatch = j;
            }
        }
        // Fine search around the coarse optimum, every lag and sample.
        let lo = bestmatch.saturating_sub(NDEC - 1);
        let hi = (bestmatch + NDEC - 1).min(PITCHDIFF);
        let mut r = r0 + lo;
        let mut energy: f64 = (0..CORRLEN).map(|i| f64::from(b[r + i]).powi(2)).sum();
        let mut best = Norm::new(corr_at(r, 1), energy);
        let mut bestmatch = lo;
        for j in lo + 1..=hi {
            energy -= f64::from(b[r]).powi(2);
            energy += f64::from(b[r + CORRLEN]).powi(2);
            r += 1;
            let c = Norm::new(corr_at(r, 1), energy);
            if c.greater(&best) {
                best = c;
                bestmatch = j;
            }
        }
        PITCH_MAX - bestmatch
    }
}

/// A correlation normalised by the square root of an energy, compared
/// without computing the root: `corr / sqrt(max(energy, CORRMINPOWER))`.
struct Norm {
    corr: f64,
    scale: f64,
}

impl Norm {
    fn new(corr: f64, energy: f64) -> Self {
        Self {
            corr,
            scale: energy.max(CORRMINPOWER),
        }
    }

    /// Signed square of the normalised value, `c·|c| / scale`.
    fn key(&self) -> f64 {
        self.corr * self.corr.abs() / self.scale
    }

    fn at_least(&self, other: &Norm) -> bool {
        self.key() >= other.key()
    }

    fn greater(&self, other: &Norm) -> bool {
        self.key() > other.key()
    }
}

/// `s[i] = f[i]·(fading gain) + s[i]·(rising weight)` over `f.len()`
/// samples (`overlapaddatend` of the reference).
fn overlap_add_at_end_f(s: &mut [f32], f: &[f32], gain: f32) {
    let cnt = f.len();
    if cnt == 0 {
        return;
    }
    let incr = 1.0 / cnt as f32;
    let incrg = incr * gain;
    let mut lw = (1.0 - incr) * gain;
    let mut rw = incr;
    for (sv, &fv) in s.iter_mut().zip(f) {
        *sv = f32::from(clip(lw * fv + rw * *sv));
        lw -= incrg;
        rw += incr;
    }
}

fn clip(v: f32) -> i16 {
    v.clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n0: usize, period: f32) -> [i16; FRAME] {
        let mut f = [0i16; FRAME];
        for (k, s) in f.iter_mut().enumerate() {
            let t = (n0 + k) as f32;
            *s = ((t * 2.0 * core::f32::consts::PI / period).sin() * 8000.0
                + (t * 4.0 * core::f32::consts::PI / period).sin() * 3000.0)
                as i16;
        }
        f
    }

    #[test]
    fn without_loss_output_is_input_delayed() {
        let mut plc = Plc::new();
        let mut all_in = std::vec::Vec::new();
        let mut all_out = std::vec::Vec::new();
        for k in 0..20 {
            let mut f = tone(k * FRAME, 57.0);
            all_in.extend_from_slice(&f);
            plc.good_frame(&mut f);
            all_out.extend_from_slice(&f);
        }
        assert!(all_out[..DELAY].iter().all(|&s| s == 0));
        assert_eq!(&all_out[DELAY..], &all_in[..all_in.len() - DELAY]);
    }

    #[test]
    fn finds_the_pitch_of_a_periodic_signal() {
        for period in [45usize, 64, 80, 100, 117] {
            let mut plc = Plc::new();
            for k in 0..10 {
                plc.good_frame(&mut tone(k * FRAME, period as f32));
            }
            let mut out = [0i16; FRAME];
            plc.lost_frame(&mut out);
            // A whole multiple of the period repeats the signal just as well.
            let m = (plc.pitch + period / 2) / period;
            assert!(
                m >= 1 && plc.pitch.abs_diff(m * period) <= 1,
                "period {period}: found {}",
                plc.pitch
            );
        }
    }

    #[test]
    fn conceals_a_lost_frame_of_a_tone_closely() {
        // Compare with what the lossless path would have played.
        let period = 64.0;
        let mut lossless = Plc::new();
        let mut lossy = Plc::new();
        let mut err = 0f64;
        let mut sig = 0f64;
        for k in 0..16 {
            let mut a = tone(k * FRAME, period);
            let mut b = a;
            lossless.good_frame(&mut a);
            if k == 10 {
                lossy.lost_frame(&mut b);
            } else {
                lossy.good_frame(&mut b);
            }
            if k >= 10 {
                for (x, y) in a.iter().zip(&b) {
                    err += (f64::from(*x) - f64::from(*y)).powi(2);
                    sig += f64::from(*x).powi(2);
                }
            }
        }
        // A periodic signal is continued almost perfectly: SNR > 20 dB.
        assert!(sig / err > 100.0, "snr {}", sig / err);
    }

    #[test]
    fn long_losses_fade_to_silence_and_recover() {
        let mut plc = Plc::new();
        for k in 0..10 {
            plc.good_frame(&mut tone(k * FRAME, 70.0));
        }
        let mut energies = std::vec::Vec::new();
        for _ in 0..8 {
            let mut out = [0i16; FRAME];
            plc.lost_frame(&mut out);
            energies.push(out.iter().map(|&s| i64::from(s).pow(2)).sum::<i64>());
        }
        assert_eq!(plc.lost_in_a_row(), 8);
        // Attenuation from the second lost frame on, silence after 60 ms.
        assert!(energies[3] < energies[1]);
        assert_eq!(energies[7], 0);
        let mut f = tone(18 * FRAME, 70.0);
        plc.good_frame(&mut f);
        assert_eq!(plc.lost_in_a_row(), 0);
        // Clean audio again within two frames (delay line flushed).
        let mut g = tone(19 * FRAME, 70.0);
        let expect = g;
        plc.good_frame(&mut g);
        assert_eq!(&g[DELAY..], &expect[..FRAME - DELAY]);
    }

    #[test]
    fn loss_before_any_audio_is_silent() {
        let mut plc = Plc::new();
        let mut out = [1i16; FRAME];
        plc.lost_frame(&mut out);
        assert!(out.iter().all(|&s| s == 0));
    }
}
