//! The filter bank under every detector: complex correlations of 32-sample
//! blocks against tone tables.
//!
//! Each block of [`BLOCK`] samples is correlated with `cos` and `−sin` of
//! every tone frequency (a one-block DFT at that exact frequency, phase
//! referenced to the block's first sample), in f32: 16-bit samples times
//! unit tables summed 32 at a time stay exact to 24 bits, far below any
//! threshold. Consecutive blocks are combined later (energy over a window, phase
//! advance between blocks for the frequency estimate), so every sample is
//! touched once per table whatever the window length.

/// Samples per analysis block (4 ms at 8 kHz).
pub(crate) const BLOCK: usize = 32;
/// Sample rate of telephone audio.
pub(crate) const RATE: f64 = 8000.0;

/// A complex value in f32.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct C32 {
    pub(crate) re: f32,
    pub(crate) im: f32,
}

impl C32 {
    pub(crate) fn new(re: f32, im: f32) -> Self {
        Self { re, im }
    }
    pub(crate) fn norm_sqr(self) -> f32 {
        self.re * self.re + self.im * self.im
    }
    pub(crate) fn mul(self, o: Self) -> Self {
        Self::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
    pub(crate) fn mul_conj(self, o: Self) -> Self {
        // self × conj(o)
        Self::new(
            self.re * o.re + self.im * o.im,
            self.im * o.re - self.re * o.im,
        )
    }
    pub(crate) fn add(self, o: Self) -> Self {
        Self::new(self.re + o.re, self.im + o.im)
    }
}

/// Tone frequencies (`L / 2` of them): their tables and per-block rotation.
///
/// Tables are sample-major (`tab[n]` holds `cos, −sin` of every frequency at
/// sample `n`), so correlating a block is, per sample, one broadcast and `L`
/// independent multiply-adds: a straight SIMD loop with no reduction.
#[derive(Clone, Debug)]
pub(crate) struct Bank<const L: usize> {
    tab: [[f32; L]; BLOCK],
    /// `e^{−jωB}`: the phase a tone at exactly `ω` advances per block
    /// (first `L / 2` entries used).
    pub(crate) rot: [C32; L],
}

impl<const L: usize> Bank<L> {
    /// Tables for `freqs` (at most `L / 2` of them; missing ones are zero).
    pub(crate) fn new(freqs: &[f64]) -> Self {
        let mut tab = [[0f32; L]; BLOCK];
        let mut rot = [C32::default(); L];
        for (i, f) in freqs.iter().take(L / 2).enumerate() {
            let w = 2.0 * core::f64::consts::PI * f / RATE;
            for (n, row) in tab.iter_mut().enumerate() {
                let ph = w * n as f64;
                if let Some(c) = row.get_mut(2 * i) {
                    *c = ph.cos() as f32;
                }
                if let Some(s) = row.get_mut(2 * i + 1) {
                    *s = -ph.sin() as f32;
                }
            }
            let adv = w * BLOCK as f64;
            if let Some(r) = rot.get_mut(i) {
                *r = C32::new(adv.cos() as f32, -adv.sin() as f32);
            }
        }
        Self { tab, rot }
    }

    /// Correlates one block into `out` (`L / 2` values); a tone of peak
    /// amplitude `A` at exactly a table frequency gives `|X| = 16·A`.
    #[inline]
    pub(crate) fn correlate(&self, x: &[i16; BLOCK], out: &mut [C32]) {
        let xf = x.map(f32::from);
        let mut acc = [0f32; L];
        for (v, row) in xf.iter().zip(&self.tab) {
            for (a, t) in acc.iter_mut().zip(row) {
                *a += v * t;
            }
        }
        for (o, p) in out.iter_mut().zip(acc.chunks_exact(2)) {
            if let [re, im] = *p {
                *o = C32::new(re, im);
            }
        }
    }
}

/// Energy (sum of squares) of one block, in f64-free f32 lanes.
#[inline]
pub(crate) fn energy(x: &[i16; BLOCK]) -> f32 {
    let mut lanes = [0f32; 8];
    for c in x.chunks_exact(8) {
        for (l, &s) in lanes.iter_mut().zip(c) {
            let f = f32::from(s);
            *l += f * f;
        }
    }
    lanes.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_magnitude_and_phase_advance() {
        let bank = Bank::<4>::new(&[1000.0, 1300.0]);
        let a = 10000.0;
        let mut x = [[0i16; BLOCK]; 2];
        for (b, blk) in x.iter_mut().enumerate() {
            for (n, s) in blk.iter_mut().enumerate() {
                let t = (b * BLOCK + n) as f64;
                *s = (a * (2.0 * core::f64::consts::PI * 1000.0 * t / RATE + 0.3).cos()) as i16;
            }
        }
        let mut o0 = [C32::default(); 2];
        let mut o1 = [C32::default(); 2];
        bank.correlate(&x[0], &mut o0);
        bank.correlate(&x[1], &mut o1);
        let mag = o0[0].norm_sqr().sqrt();
        assert!(
            (mag - 16.0 * a as f32).abs() < 0.01 * 16.0 * a as f32,
            "{mag}"
        );
        // Undoing the nominal advance leaves (almost) no phase difference.
        let p = o1[0].mul_conj(o0[0]).mul(bank.rot[0]);
        assert!(p.im.abs() < 0.01 * p.re, "{p:?}");
        // The 1300 Hz bin sees little of a 1000 Hz tone.
        assert!(o0[1].norm_sqr().sqrt() < 0.3 * mag);
        assert!((energy(&x[0]) - (a * a / 2.0 * 32.0) as f32).abs() < 0.05 * (a * a * 16.0) as f32);
    }
}
