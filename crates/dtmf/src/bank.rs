//! The filter bank under every detector: complex correlations of 32-sample
//! blocks against fixed-point tone tables.
//!
//! Each block of [`BLOCK`] samples is correlated with `cos` and `−sin` of
//! every tone frequency (a one-block DFT at that exact frequency, phase
//! referenced to the block's first sample). Tables are Q11 so that a block
//! of full-scale samples sums to at most `32 × 32768 × 2047 < 2³¹`: the i32
//! accumulation can never overflow, whatever the input, and the loop is a
//! plain i16×i16→i32 dot product that compilers turn into multiply-add SIMD.
//! Consecutive blocks are combined later (energy over a window, phase
//! advance between blocks for the frequency estimate), so every sample is
//! touched once per table whatever the window length.

/// Samples per analysis block (4 ms at 8 kHz).
pub(crate) const BLOCK: usize = 32;
/// Sample rate of telephone audio.
pub(crate) const RATE: f64 = 8000.0;
const SCALE: f64 = 2047.0;

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

/// `F` tone frequencies: their tables and per-block rotation.
#[derive(Clone, Debug)]
pub(crate) struct Bank<const F: usize> {
    /// `cos` then `−sin` table for each frequency, Q11.
    tables: [[[i16; BLOCK]; 2]; F],
    /// `e^{−jωB}`: the phase a tone at exactly `ω` advances per block, undone.
    pub(crate) rot: [C32; F],
}

impl<const F: usize> Bank<F> {
    pub(crate) fn new(freqs: [f64; F]) -> Self {
        let mut tables = [[[0i16; BLOCK]; 2]; F];
        let mut rot = [C32::default(); F];
        for ((t, r), f) in tables.iter_mut().zip(rot.iter_mut()).zip(freqs) {
            let w = 2.0 * core::f64::consts::PI * f / RATE;
            let [c, s] = t;
            for (n, (c, s)) in c.iter_mut().zip(s.iter_mut()).enumerate() {
                let ph = w * n as f64;
                *c = (ph.cos() * SCALE).round() as i16;
                *s = (-ph.sin() * SCALE).round() as i16;
            }
            let adv = w * BLOCK as f64;
            *r = C32::new(adv.cos() as f32, -adv.sin() as f32);
        }
        Self { tables, rot }
    }

    /// Correlates one block; results are in units where a tone of peak
    /// amplitude `A` at exactly the table frequency gives `|X| = 16·A`.
    #[inline]
    pub(crate) fn correlate(&self, x: &[i16; BLOCK], out: &mut [C32; F]) {
        for (o, t) in out.iter_mut().zip(&self.tables) {
            let re = dot(x, &t[0]);
            let im = dot(x, &t[1]);
            *o = C32::new(re as f32 / SCALE as f32, im as f32 / SCALE as f32);
        }
    }
}

#[inline]
fn dot(x: &[i16; BLOCK], t: &[i16; BLOCK]) -> i32 {
    // At most 32 × 32768 × 2047 in magnitude: cannot overflow i32.
    let mut acc = 0i32;
    for (&a, &b) in x.iter().zip(t) {
        acc += i32::from(a) * i32::from(b);
    }
    acc
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
        let bank = Bank::new([1000.0, 1300.0]);
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
