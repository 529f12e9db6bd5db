//! TIFF Class F reader and page decoder on arbitrary bytes. Invariants:
//! never panics; a page that decodes has width × height pixels; a tolerant
//! decode of a readable page always yields ImageLength rows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_t4::tiff::{read, TiffLimits};
use missive_t4::ErrorMode;

fuzz_target!(|data: &[u8]| {
    let mut lim = TiffLimits::default();
    lim.image.max_rows = 3000;
    lim.image.max_width = 4000;
    let Ok(pages) = read(data, &lim) else { return };
    for p in pages {
        for mode in [ErrorMode::Strict, ErrorMode::Tolerant] {
            match p.decode(mode, lim.image) {
                Ok((img, stats)) => {
                    assert_eq!(img.height, p.height);
                    assert_eq!(img.data.len(), img.stride() * p.height as usize);
                    assert!(stats.bad_rows <= p.height);
                }
                Err(e) => {
                    // Tolerant decoding fails only on unsupported options
                    // or limits, never on bad codes.
                    if mode == ErrorMode::Tolerant {
                        assert!(
                            matches!(e, missive_t4::Error::Unsupported { .. } | missive_t4::Error::Limit { .. } | missive_t4::Error::Width(_) | missive_t4::Error::Truncated { .. }),
                            "{e:?}"
                        );
                    }
                }
            }
        }
    }
});
