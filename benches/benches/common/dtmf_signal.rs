//! The DTMF bench input shared by `benches/dtmf.rs` and
//! `examples/dtmf_interleaved.rs`: speech-like noise (noise through two
//! wandering formant resonators, 4 Hz syllabic envelope) with a digit every
//! second at −15 dBm0.

use missive_dtmf::{DigitOptions, Generator};

/// `seconds` of the bench signal.
pub(crate) fn signal(seconds: usize) -> Vec<i16> {
    let n = seconds * 8000;
    let mut seed = 0x2545_F491u32;
    let mut rnd = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        f64::from(seed >> 8) / f64::from(1u32 << 24) - 0.5
    };
    // Two resonances that wander like formants, 4 Hz syllables.
    let (mut y1, mut y2, mut z1, mut z2) = (0f64, 0f64, 0f64, 0f64);
    let mut out: Vec<f64> = (0..n)
        .map(|i| {
            let t = i as f64 / 8000.0;
            let f1 = 500.0 + 300.0 * (t * 1.3).sin();
            let f2 = 1500.0 + 600.0 * (t * 0.7).cos();
            let (r, w1, w2) = (
                0.97,
                2.0 * std::f64::consts::PI * f1 / 8000.0,
                2.0 * std::f64::consts::PI * f2 / 8000.0,
            );
            let x = rnd();
            let a = x + 2.0 * r * w1.cos() * y1 - r * r * y2;
            y2 = y1;
            y1 = a;
            let b = x + 2.0 * r * w2.cos() * z1 - r * r * z2;
            z2 = z1;
            z1 = b;
            let env = (0.5 + 0.5 * (2.0 * std::f64::consts::PI * 4.0 * t).sin()).powi(2);
            (a + 0.6 * b) * env * 400.0
        })
        .collect();
    let opts = DigitOptions {
        on_ms: 80.0,
        off_ms: 920.0,
        level_dbm0: -15.0,
        twist_db: 2.0,
    };
    let digits: String = "1234567890*#ABCD".chars().cycle().take(seconds).collect();
    let Ok(mut gen) = Generator::digits(&digits, &opts) else {
        return Vec::new();
    };
    let tones = gen.collect_all();
    for (o, t) in out.iter_mut().zip(&tones) {
        *o += f64::from(*t);
    }
    out.into_iter()
        .map(|v| v.clamp(-32768.0, 32767.0) as i16)
        .collect()
}
