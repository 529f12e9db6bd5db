//! The filter bank under every detector: complex correlations of 32-sample
//! blocks against tone tables, and the block's energy, in one pass.
//!
//! Each block of [`BLOCK`] samples is correlated with `cos` and `−sin` of
//! every tone frequency (a one-block DFT at that exact frequency), in f32:
//! 16-bit samples times unit tables summed 32 at a time stay exact to 24
//! bits, far below any threshold. The phase is referenced to the block's
//! centre (sample 15.5), which folds the block in two: with
//! `s[m] = x[16+m] + x[15−m]` and `d[m] = x[16+m] − x[15−m]`,
//! `Re X = Σ s[m]·cos ω(m+½)` and `Im X = −Σ d[m]·sin ω(m+½)`, half the
//! multiply-adds of the direct sum. Every detector only compares phases of
//! the same frequency between blocks, so the common reference is free. The
//! block's energy comes from the same folded samples
//! (`Σ x² = ½ Σ (s² + d²)`). Consecutive blocks are combined later (energy
//! over a window, phase advance between blocks for the frequency estimate),
//! so every sample is touched once whatever the window length, and one
//! bank serves DTMF and fax tones together.
//!
//! A bank's first `W` lane groups span the whole block; the others (the fax
//! tones' bins) span only its central [`SHORT`] samples, the first half of
//! the folded sums: a fax tone lasts hundreds of milliseconds and is told
//! from its neighbours by its phase advance from block to block, so it
//! needs the block's time resolution but not its full frequency
//! resolution, and the short span halves what its bins cost.

/// Samples per analysis block (4 ms at 8 kHz).
pub(crate) const BLOCK: usize = 32;
/// Half a block: the folded length.
const HALF: usize = BLOCK / 2;
/// Samples (centred in the block) the short lane groups span.
pub(crate) const SHORT: usize = BLOCK / 2;
/// Folded samples of the short span.
const SHORT_HALF: usize = SHORT / 2;
/// Sample rate of telephone audio.
pub(crate) const RATE: f64 = 8000.0;

/// Weight of folded sample `m` (samples `15−m` and `16+m`) in the short
/// span: a Hamming taper, whose sidelobes (−43 dB) keep the tone's own
/// negative-frequency image and the rest of the band out of the bin, so
/// the phase advance from block to block measures the frequency within a
/// fraction of a hertz (an untapered 16-sample span lets the image swing
/// it by ±6 Hz at 1100 Hz).
pub(crate) fn short_taper(m: usize) -> f64 {
    let x = core::f64::consts::PI * (m as f64 + 0.5) / SHORT_HALF as f64;
    0.54 + 0.46 * x.cos()
}

/// `|X|²` of a short-span bin for a tone of unit peak amplitude exactly on
/// its frequency: `(Σ_m w[m])²`.
pub(crate) fn short_tone_gain() -> f32 {
    let sum: f64 = (0..SHORT_HALF).map(short_taper).sum();
    (sum * sum) as f32
}

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

/// Four bins of a block, real and imaginary parts lane by lane.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Group {
    pub(crate) re: [f32; 4],
    pub(crate) im: [f32; 4],
}

impl Group {
    /// Lane `i` as a complex value; zero past the group.
    #[inline]
    pub(crate) fn bin(&self, i: usize) -> C32 {
        match (self.re.get(i), self.im.get(i)) {
            (Some(&re), Some(&im)) => C32::new(re, im),
            _ => C32::default(),
        }
    }
}

/// One block's analysis: `4·W` whole-block bins, `4·S` short-span bins and
/// the block's energy.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spectrum<const W: usize, const S: usize> {
    re: [[f32; 4]; W],
    im: [[f32; 4]; W],
    short_re: [[f32; 4]; S],
    short_im: [[f32; 4]; S],
    /// Sum of squares of the block's samples.
    pub(crate) energy: f32,
}

impl<const W: usize, const S: usize> Spectrum<W, S> {
    /// Correlation with bank frequency `i` (`|X| = 16·A` for a tone of
    /// peak amplitude `A` exactly on a whole-block bin); zero past the bank.
    #[inline]
    pub(crate) fn bin(&self, i: usize) -> C32 {
        let (re, im) = if i < 4 * W {
            (self.re.as_flattened().get(i), self.im.as_flattened().get(i))
        } else {
            let j = i - 4 * W;
            (
                self.short_re.as_flattened().get(j),
                self.short_im.as_flattened().get(j),
            )
        };
        match (re, im) {
            (Some(&re), Some(&im)) => C32::new(re, im),
            _ => C32::default(),
        }
    }

    /// Short-span lane group `g` (bins `4(W + g)..4(W + g) + 4`) as it came
    /// out of the bank; zero past the bank.
    #[inline]
    pub(crate) fn short_group(&self, g: usize) -> Group {
        Group {
            re: self.short_re.get(g).copied().unwrap_or_default(),
            im: self.short_im.get(g).copied().unwrap_or_default(),
        }
    }

    /// Bins `from..from + K`.
    #[inline]
    pub(crate) fn bins<const K: usize>(&self, from: usize) -> [C32; K] {
        core::array::from_fn(|i| self.bin(from + i))
    }
}

/// `N = 4·(W + S)` tone frequencies (unused ones are zero): their folded
/// tables and per-block rotation. The first `4·W` correlate the whole block,
/// the last `4·S` its central [`SHORT`] samples, tapered by
/// [`short_taper`].
///
/// Tables are index-major (`cos[m]` holds `cos ω(m+½)` of every frequency)
/// in groups of four, so correlating a block is, per folded sample, two
/// broadcasts and `2W` (over the short span `2(W + S)`) four-lane
/// multiply-adds: straight SIMD loops with no reduction and no shuffles.
#[derive(Clone, Debug)]
pub(crate) struct Bank<const N: usize, const W: usize, const S: usize> {
    cos: [[[f32; 4]; W]; HALF],
    nsin: [[[f32; 4]; W]; HALF],
    short_cos: [[[f32; 4]; S]; SHORT_HALF],
    short_nsin: [[[f32; 4]; S]; SHORT_HALF],
    /// `e^{−jωB}`: the phase a tone at exactly `ω` advances per block.
    pub(crate) rot: [C32; N],
}

impl<const N: usize, const W: usize, const S: usize> Bank<N, W, S> {
    /// Tables for `freqs` (at most `N` of them; missing ones are zero).
    pub(crate) fn new(freqs: &[f64]) -> Self {
        const { assert!(N == 4 * (W + S)) };
        let mut cos = [[[0f32; 4]; W]; HALF];
        let mut nsin = [[[0f32; 4]; W]; HALF];
        let mut short_cos = [[[0f32; 4]; S]; SHORT_HALF];
        let mut short_nsin = [[[0f32; 4]; S]; SHORT_HALF];
        let mut rot = [C32::default(); N];
        for (i, (f, r)) in freqs.iter().zip(rot.iter_mut()).enumerate() {
            let w = 2.0 * core::f64::consts::PI * f / RATE;
            let set = |m: usize, c: &mut [[f32; 4]], s: &mut [[f32; 4]], lane: usize, g: f64| {
                let ph = w * (m as f64 + 0.5);
                if let (Some(c), Some(s)) = (
                    c.as_flattened_mut().get_mut(lane),
                    s.as_flattened_mut().get_mut(lane),
                ) {
                    *c = (g * ph.cos()) as f32;
                    *s = (-g * ph.sin()) as f32;
                }
            };
            if i < 4 * W {
                for (m, (c, s)) in cos.iter_mut().zip(nsin.iter_mut()).enumerate() {
                    set(m, c, s, i, 1.0);
                }
            } else {
                for (m, (c, s)) in short_cos.iter_mut().zip(short_nsin.iter_mut()).enumerate() {
                    set(m, c, s, i - 4 * W, short_taper(m));
                }
            }
            let adv = w * BLOCK as f64;
            *r = C32::new(adv.cos() as f32, -adv.sin() as f32);
        }
        Self {
            cos,
            nsin,
            short_cos,
            short_nsin,
            rot,
        }
    }

    /// Correlates one block and measures its energy.
    #[inline]
    pub(crate) fn analyse(&self, x: &[i16; BLOCK]) -> Spectrum<W, S> {
        let mut xf = [0f32; BLOCK];
        for (o, &v) in xf.iter_mut().zip(x) {
            *o = f32::from(v);
        }
        let (lo, hi) = xf.split_at(HALF);
        let mut s = [0f32; HALF];
        let mut d = [0f32; HALF];
        for (((s, d), &h), &l) in s.iter_mut().zip(d.iter_mut()).zip(hi).zip(lo.iter().rev()) {
            *s = h + l;
            *d = h - l;
        }
        let mut energy2 = [0f32; HALF];
        for ((e, &s), &d) in energy2.iter_mut().zip(&s).zip(&d) {
            *e = s * s + d * d;
        }
        let (re, im, short_re, short_im) = if W > 0 && S > 0 {
            // Both kinds: the short groups ride along in the first half of
            // the whole-block loop (one broadcast per folded sample).
            let (re, short_re) = fold_both(&s, &self.cos, &self.short_cos);
            let (im, short_im) = fold_both(&d, &self.nsin, &self.short_nsin);
            (re, im, short_re, short_im)
        } else {
            (
                fold(&s, &self.cos),
                fold(&d, &self.nsin),
                fold(&s, &self.short_cos),
                fold(&d, &self.short_nsin),
            )
        };
        Spectrum {
            re,
            im,
            short_re,
            short_im,
            energy: 0.5 * sum16(&energy2),
        }
    }
}

/// `Σ_m v[m]·t[m]` for every lane of the tables (over as many `m` as `t`
/// has rows): one broadcast and `V` four-lane multiply-adds per `m` (kept
/// apart from the other half's loop, and the short groups' loop apart from
/// the whole-block one, so that each lane group stays one SIMD register).
#[allow(clippy::inline_always)] // measured: not inlined, the lanes spill (+40 % per block)
#[inline(always)]
fn fold<const V: usize, const M: usize>(v: &[f32; HALF], t: &[[[f32; 4]; V]; M]) -> [[f32; 4]; V] {
    let mut acc = [[0f32; 4]; V];
    for (&x, row) in v.iter().zip(t) {
        for (a, t) in acc.iter_mut().zip(row) {
            *a = [
                a[0] + x * t[0],
                a[1] + x * t[1],
                a[2] + x * t[2],
                a[3] + x * t[3],
            ];
        }
    }
    acc
}

/// [`fold`] of `t` and of the short tables `u` in one pass: over the short
/// span, each broadcast feeds `W + S` lane groups.
#[allow(clippy::inline_always)] // measured: not inlined, the lanes spill (+40 % per block)
#[inline(always)]
fn fold_both<const W: usize, const S: usize>(
    v: &[f32; HALF],
    t: &[[[f32; 4]; W]; HALF],
    u: &[[[f32; 4]; S]; SHORT_HALF],
) -> ([[f32; 4]; W], [[f32; 4]; S]) {
    let mut acc = [[0f32; 4]; W];
    let mut short = [[0f32; 4]; S];
    let (near, far) = v.split_at(SHORT_HALF);
    let (t_near, t_far) = t.split_at(SHORT_HALF);
    for ((&x, row), urow) in near.iter().zip(t_near).zip(u) {
        for (a, t) in acc.iter_mut().zip(row) {
            mul_add(a, x, t);
        }
        for (a, t) in short.iter_mut().zip(urow) {
            mul_add(a, x, t);
        }
    }
    for (&x, row) in far.iter().zip(t_far) {
        for (a, t) in acc.iter_mut().zip(row) {
            mul_add(a, x, t);
        }
    }
    (acc, short)
}

/// `a += x·t`, lane by lane.
#[allow(clippy::inline_always)] // measured: not inlined, the lanes spill (+40 % per block)
#[inline(always)]
fn mul_add(a: &mut [f32; 4], x: f32, t: &[f32; 4]) {
    *a = [
        a[0] + x * t[0],
        a[1] + x * t[1],
        a[2] + x * t[2],
        a[3] + x * t[3],
    ];
}

/// Pairwise sum of 16 values (a fixed tree, vectorisable).
#[inline]
fn sum16(v: &[f32; HALF]) -> f32 {
    let mut a = [0f32; 4];
    for c in v.chunks_exact(4) {
        for (a, &x) in a.iter_mut().zip(c) {
            *a += x;
        }
    }
    (a[0] + a[2]) + (a[1] + a[3])
}

/// Cuts a stream of any chunk sizes into whole blocks.
#[derive(Clone, Debug)]
pub(crate) struct Blocker {
    buf: [i16; BLOCK],
    fill: usize,
}

impl Default for Blocker {
    fn default() -> Self {
        Self {
            buf: [0; BLOCK],
            fill: 0,
        }
    }
}

impl Blocker {
    /// Samples waiting for their block to complete.
    pub(crate) fn pending(&self) -> usize {
        self.fill
    }

    /// Calls `f` on every block `samples` completes, keeping the rest.
    #[inline]
    pub(crate) fn feed(&mut self, mut samples: &[i16], mut f: impl FnMut(&[i16; BLOCK])) {
        if self.fill > 0 {
            let take = (BLOCK - self.fill).min(samples.len());
            let (head, rest) = samples.split_at(take);
            if let Some(dst) = self.buf.get_mut(self.fill..self.fill + take) {
                dst.copy_from_slice(head);
            }
            self.fill += take;
            samples = rest;
            if self.fill < BLOCK {
                return;
            }
            self.fill = 0;
            f(&self.buf);
        }
        let mut chunks = samples.chunks_exact(BLOCK);
        for c in &mut chunks {
            if let Ok(b) = <&[i16; BLOCK]>::try_from(c) {
                f(b);
            }
        }
        let rest = chunks.remainder();
        if let Some(dst) = self.buf.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.fill = rest.len();
    }

    /// Completes a partial block with silence (end of stream).
    pub(crate) fn flush(&mut self, f: impl FnMut(&[i16; BLOCK])) {
        if self.fill > 0 {
            let pad = [0i16; BLOCK];
            let n = BLOCK - self.fill;
            self.feed(pad.get(..n).unwrap_or_default(), f);
        }
    }

    /// [`feed`](Self::feed) `samples`, or [`flush`](Self::flush) on `None`.
    #[inline]
    pub(crate) fn pass(&mut self, samples: Option<&[i16]>, f: impl FnMut(&[i16; BLOCK])) {
        match samples {
            Some(s) => self.feed(s, f),
            None => self.flush(f),
        }
    }
}

/// Decodes G.711 `bytes` with `decode` in stack-sized pieces, handing the
/// linear samples to `f`.
pub(crate) fn g711_feed(
    bytes: &[u8],
    decode: fn(&[u8], &mut [i16]) -> usize,
    mut f: impl FnMut(&[i16]),
) {
    let mut lin = [0i16; 256];
    for c in bytes.chunks(lin.len()) {
        let n = decode(c, &mut lin);
        f(lin.get(..n).unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_magnitude_and_phase_advance() {
        let bank = Bank::<4, 1, 0>::new(&[1000.0, 1300.0]);
        let a = 10000.0;
        let mut x = [[0i16; BLOCK]; 2];
        for (b, blk) in x.iter_mut().enumerate() {
            for (n, s) in blk.iter_mut().enumerate() {
                let t = (b * BLOCK + n) as f64;
                *s = (a * (2.0 * core::f64::consts::PI * 1000.0 * t / RATE + 0.3).cos()) as i16;
            }
        }
        let o0 = bank.analyse(&x[0]);
        let o1 = bank.analyse(&x[1]);
        let mag = o0.bin(0).norm_sqr().sqrt();
        assert!(
            (mag - 16.0 * a as f32).abs() < 0.01 * 16.0 * a as f32,
            "{mag}"
        );
        // Undoing the nominal advance leaves (almost) no phase difference.
        let p = o1.bin(0).mul_conj(o0.bin(0)).mul(bank.rot[0]);
        assert!(p.im.abs() < 0.01 * p.re, "{p:?}");
        // The 1300 Hz bin sees little of a 1000 Hz tone.
        assert!(o0.bin(1).norm_sqr().sqrt() < 0.3 * mag);
        let direct: f64 = x[0].iter().map(|&v| f64::from(v).powi(2)).sum();
        assert!((f64::from(o0.energy) - direct).abs() < 1e-5 * direct);
    }

    #[test]
    fn folded_sum_matches_the_direct_dft() {
        // Any block: the folded correlation equals the plain DFT at the
        // bin frequency, phase referenced to sample 15.5.
        let freqs = [697.0, 1209.0, 1633.0, 2100.0];
        let bank = Bank::<4, 1, 0>::new(&freqs);
        let mut seed = 7u32;
        let mut x = [0i16; BLOCK];
        for v in &mut x {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *v = (seed >> 16) as i16;
        }
        let got = bank.analyse(&x);
        for (i, f) in freqs.iter().enumerate() {
            let g = got.bin(i);
            let w = 2.0 * core::f64::consts::PI * f / RATE;
            let (mut re, mut im) = (0f64, 0f64);
            for (n, &v) in x.iter().enumerate() {
                let ph = w * (n as f64 - 15.5);
                re += f64::from(v) * ph.cos();
                im -= f64::from(v) * ph.sin();
            }
            let scale = 32.0 * 32768.0;
            assert!(
                (f64::from(g.re) - re).abs() < 1e-5 * scale,
                "{f}: {g:?} vs {re}"
            );
            assert!(
                (f64::from(g.im) - im).abs() < 1e-5 * scale,
                "{f}: {g:?} vs {im}"
            );
        }
    }

    /// The short bins are the tapered DFT of the block's central 16
    /// samples, phase referenced to the block's centre.
    #[test]
    fn short_bins_match_the_direct_tapered_dft() {
        let freqs = [1100.0, 2100.0, 1750.0];
        let bank = Bank::<4, 0, 1>::new(&freqs);
        let mut seed = 11u32;
        let mut x = [0i16; BLOCK];
        for v in &mut x {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *v = (seed >> 16) as i16;
        }
        let got = bank.analyse(&x);
        for (i, f) in freqs.iter().enumerate() {
            let g = got.bin(i);
            let w = 2.0 * core::f64::consts::PI * f / RATE;
            let (mut re, mut im) = (0f64, 0f64);
            for (n, &v) in x.iter().enumerate().take(24).skip(8) {
                let t = n as f64 - 15.5;
                let m = (t.abs() - 0.5) as usize;
                let ph = w * t;
                re += short_taper(m) * f64::from(v) * ph.cos();
                im -= short_taper(m) * f64::from(v) * ph.sin();
            }
            let scale = 16.0 * 32768.0;
            assert!(
                (f64::from(g.re) - re).abs() < 1e-5 * scale,
                "{f}: {g:?} vs {re}"
            );
            assert!(
                (f64::from(g.im) - im).abs() < 1e-5 * scale,
                "{f}: {g:?} vs {im}"
            );
        }
        // A tone on the bin gives |X|² = gain · A² (within its own
        // negative-frequency image's sidelobe, under −40 dB).
        let a = 8000.0;
        let tone: [i16; BLOCK] = core::array::from_fn(|n| {
            (a * (2.0 * core::f64::consts::PI * 1100.0 * n as f64 / RATE + 1.0).cos()) as i16
        });
        let p = bank.analyse(&tone).bin(0).norm_sqr();
        let want = short_tone_gain() * (a * a) as f32;
        assert!((p - want).abs() < 0.03 * want, "{p} vs {want}");
    }

    proptest::proptest! {
        /// The one-pass bank (whole-block and short groups together) gives
        /// bit for bit the bins of a whole-block-only bank and of a
        /// short-only bank, and the same energy.
        #[test]
        fn one_pass_bank_equals_the_separate_banks(
            x in proptest::collection::vec(proptest::num::i16::ANY, BLOCK),
        ) {
            let x: [i16; BLOCK] = x.try_into().unwrap();
            let whole = [697.0, 770.0, 852.0, 941.0, 1209.0, 1336.0, 1477.0, 1633.0];
            let short = [1100.0, 2100.0, 1750.0];
            let mut both = whole.to_vec();
            both.extend_from_slice(&short);
            let one = Bank::<12, 2, 1>::new(&both).analyse(&x);
            let a = Bank::<8, 2, 0>::new(&whole).analyse(&x);
            let b = Bank::<4, 0, 1>::new(&short).analyse(&x);
            for i in 0..8 {
                proptest::prop_assert_eq!(one.bin(i), a.bin(i));
            }
            for i in 0..4 {
                proptest::prop_assert_eq!(one.bin(8 + i), b.bin(i));
            }
            let bits = |g: Group| (g.re.map(f32::to_bits), g.im.map(f32::to_bits));
            proptest::prop_assert_eq!(bits(one.short_group(0)), bits(b.short_group(0)));
            proptest::prop_assert_eq!(one.energy.to_bits(), a.energy.to_bits());
            proptest::prop_assert_eq!(one.energy.to_bits(), b.energy.to_bits());
        }
    }

    #[test]
    fn blocker_cuts_any_chunking_into_the_same_blocks() {
        let x: Vec<i16> = (0..200).map(|i| i as i16).collect();
        for chunk in [1, 5, 31, 32, 33, 200] {
            let mut b = Blocker::default();
            let mut got = Vec::new();
            for c in x.chunks(chunk) {
                b.feed(c, |blk| got.extend_from_slice(blk));
            }
            assert_eq!(b.pending(), 200 % 32);
            b.flush(|blk| got.extend_from_slice(blk));
            assert_eq!(got.len(), 224);
            assert_eq!(&got[..200], &x[..]);
            assert!(got[200..].iter().all(|&v| v == 0));
        }
    }
}
