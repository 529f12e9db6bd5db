//! Deterministic test signals (8 kHz, 16-bit) shared by benches and
//! measurement programs, so that every side of a comparison, and every
//! program that reports on the same case, runs on the same samples.

use std::f64::consts::PI;

/// `n` samples of `f(t, noise)` (`t` in seconds) truncated to 16 bits,
/// where `noise` is uniform in `-2048..=2047` from a fixed linear
/// congruential generator (the same sequence on every run).
fn with_noise(n: usize, f: impl Fn(f64, f64) -> f64) -> Vec<i16> {
    let mut seed = 0x1234_5678u32;
    (0..n)
        .map(|i| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            f(i as f64 / 8000.0, f64::from((seed >> 20) as i16 - 2048)) as i16
        })
        .collect()
}

/// `n` samples of a rising chirp (300 Hz sweeping up 2 kHz per second,
/// amplitude 12,000) plus noise: the G.711 benchmark signal, whose codes
/// spread over most segments.
pub fn chirp(n: usize) -> Vec<i16> {
    with_noise(n, |t, noise| {
        (2.0 * PI * (300.0 + 2000.0 * t) * t).sin() * 12000.0 + noise
    })
}

/// `n` samples of speech-like audio: a 150 Hz chirp and a 1.1 kHz tone
/// under a syllable-rate envelope, plus quiet noise: the G.726 benchmark
/// signal.
pub fn speech_like(n: usize) -> Vec<i16> {
    with_noise(n, |t, noise| {
        let envelope = (t * 3.0 * PI).sin().abs();
        let tone = (2.0 * PI * (150.0 + 600.0 * t) * t).sin() * 9000.0
            + (2.0 * PI * 1100.0 * t).sin() * 3000.0;
        envelope * tone + noise / 4.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_deterministic_loud_and_distinct() {
        let (a, b) = (chirp(8000), speech_like(8000));
        assert_eq!(a, chirp(8000));
        assert_eq!(b, speech_like(8000));
        assert_eq!(a.len(), 8000);
        // Both use most of the 16-bit range and differ from each other.
        assert!(a.iter().any(|&x| x > 12000) && a.iter().any(|&x| x < -12000));
        assert!(b.iter().any(|&x| x > 8000) && b.iter().any(|&x| x < -8000));
        assert_ne!(a, b);
        // The first noise sample is the generator's first step.
        let first = (0x1234_5678u32
            .wrapping_mul(1_664_525)
            .wrapping_add(1_013_904_223)
            >> 20) as i16
            - 2048;
        assert_eq!(a[0], first);
    }
}
