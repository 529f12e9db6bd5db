//! Signal levels in dBm0 and their 16-bit linear amplitudes.
//!
//! Reference (the same one spandsp uses, `DBM0_MAX_SINE_POWER`): ITU-T
//! G.711's digital milliwatt, a 0 dBm0 sine, sits 3.14 dB below the overload
//! point of the µ-law coder, and the overload point is taken as 16-bit full
//! scale (32767). So a sine of peak amplitude `32767 × 10^(−3.14/20) ≈ 22 827`
//! is 0 dBm0, and a sine at `L` dBm0 has peak amplitude
//! `22 827 × 10^(L/20)` (−38 dBm0 ≈ 288).

/// Level of a full-scale (peak 32767) sine, in dBm0.
#[allow(clippy::approx_constant)] // 3.14 dB, not π
pub const FULL_SCALE_SINE_DBM0: f64 = 3.14;

/// Peak amplitude of a 0 dBm0 sine in 16-bit linear samples (≈ 22 827).
pub fn zero_dbm0_amplitude() -> f64 {
    32767.0 * 10f64.powf(-FULL_SCALE_SINE_DBM0 / 20.0)
}

/// Peak amplitude of a sine at `dbm0`.
pub fn sine_amplitude(dbm0: f64) -> f64 {
    zero_dbm0_amplitude() * 10f64.powf(dbm0 / 20.0)
}

/// Level in dBm0 of a signal with mean power `power` (mean of squared
/// 16-bit samples): a 0 dBm0 sine has power `A²/2`.
pub fn power_to_dbm0(power: f64) -> f64 {
    let a0 = zero_dbm0_amplitude();
    10.0 * (power.max(1e-12) / (a0 * a0 / 2.0)).log10()
}

/// RMS amplitude of white noise whose power equals a sine at `dbm0`.
pub fn noise_rms(dbm0: f64) -> f64 {
    sine_amplitude(dbm0) / core::f64::consts::SQRT_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_points() {
        assert!((zero_dbm0_amplitude() - 22827.0).abs() < 2.0);
        assert!((sine_amplitude(-38.0) - 287.4).abs() < 1.0);
        let a = sine_amplitude(-10.0);
        assert!((power_to_dbm0(a * a / 2.0) + 10.0).abs() < 1e-9);
    }
}
