//! Helpers shared by the integration tests (`mod common;` in each).

/// A deterministic xorshift64 generator: simulated networks and synthetic
/// captures are reproducible from a seed.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from `seed` (made odd: xorshift must not start at 0).
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A uniform value in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
