//! Property tests: random bitmaps round-trip through every coding, bit
//! order and framing option; corrupted streams never panic.
#![allow(clippy::unwrap_used)]

use missive_t4::{
    decode, decode_with_stats, encode, BitOrder, Bitmap, Coding, DecodeOptions, EncodeOptions,
    ErrorMode, Uncompressed,
};
use proptest::prelude::*;

fn codings() -> impl Strategy<Value = Coding> {
    prop_oneof![
        Just(Coding::Mh),
        (1u32..6).prop_map(|k| Coding::Mr { k }),
        Just(Coding::Mmr)
    ]
}

/// Bitmaps with long runs (bursty), not just noise.
fn bitmap() -> impl Strategy<Value = Bitmap> {
    (1u32..300, 1u32..12, any::<u64>(), 0u8..4).prop_map(|(w, h, seed, style)| {
        let mut b = Bitmap::new(w, h).unwrap();
        let mut s = seed | 1;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut black = false;
        for y in 0..h {
            for x in 0..w {
                let flip = match style {
                    0 => next() % 2 == 0,
                    1 => next() % 17 == 0,
                    2 => next() % 97 == 0,
                    _ => (x + y) % 3 == 0 && next() % 5 == 0,
                };
                if flip {
                    black = !black;
                }
                if black {
                    b.row_mut(y).unwrap()[(x / 8) as usize] |= 0x80 >> (x % 8);
                }
            }
        }
        b
    })
}

fn options(coding: Coding, order: BitOrder, framing: u8) -> (EncodeOptions, DecodeOptions, u32) {
    let mut e = EncodeOptions::new(coding);
    e.bit_order = order;
    let mut d = DecodeOptions::new(coding, 0);
    d.bit_order = order;
    match framing {
        0 => {}
        1 => e.align_eol = true,
        2 => e.rtc = true,
        3 => {
            e.rtc = true;
            e.align_eol = true;
            e.min_row_bits = 96;
        }
        4 => e.rtc = !e.rtc,
        _ => {
            if coding == Coding::Mh {
                e.eol = false;
                e.byte_aligned_rows = true;
                d.byte_aligned_rows = true;
            } else {
                e.eol = false;
            }
        }
    }
    (e, d, 0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn round_trip(page in bitmap(), coding in codings(), lsb in any::<bool>(), framing in 0u8..6, known_rows in any::<bool>()) {
        let order = if lsb { BitOrder::LsbFirst } else { BitOrder::MsbFirst };
        let (e, mut d, _) = options(coding, order, framing);
        d.width = page.width;
        if known_rows {
            d.rows = Some(page.height);
        }
        let coded = encode(&page, &e).unwrap();
        let back = decode(&coded, &d).unwrap();
        prop_assert_eq!(back.height, page.height);
        prop_assert!(back == page);
    }

    #[test]
    fn round_trip_uncompressed_mode(page in bitmap(), coding in codings(), lsb in any::<bool>(), framing in 0u8..6, whole in any::<bool>()) {
        let order = if lsb { BitOrder::LsbFirst } else { BitOrder::MsbFirst };
        let (mut e, mut d, _) = options(coding, order, framing);
        e.uncompressed = if whole { Uncompressed::WholeRows } else { Uncompressed::ShortRuns };
        d.width = page.width;
        d.rows = Some(page.height);
        let coded = encode(&page, &e).unwrap();
        let back = decode(&coded, &d).unwrap();
        prop_assert!(back == page);
    }

    #[test]
    fn corrupt_uncompressed_never_panics(page in bitmap(), coding in codings(), flips in proptest::collection::vec(any::<u32>(), 1..6), whole in any::<bool>()) {
        let mut e = EncodeOptions::new(coding);
        e.uncompressed = if whole { Uncompressed::WholeRows } else { Uncompressed::ShortRuns };
        let coded = encode(&page, &e).unwrap();
        let mut bad = coded.clone();
        for f in flips {
            let bit = f as usize % (bad.len() * 8);
            bad[bit / 8] ^= 0x80 >> (bit % 8);
        }
        let mut d = DecodeOptions::new(coding, page.width);
        let _ = decode(&bad, &d);
        d.error_mode = ErrorMode::Tolerant;
        d.rows = Some(page.height);
        let (img, stats) = decode_with_stats(&bad, &d).unwrap();
        prop_assert_eq!(img.height, page.height);
        prop_assert_eq!(stats.rows, page.height);
        prop_assert!(stats.longest_bad_run <= stats.bad_rows);
    }

    #[test]
    fn corrupt_never_panics(page in bitmap(), coding in codings(), flips in proptest::collection::vec(any::<u32>(), 1..6), tolerant in any::<bool>(), cut in any::<u16>()) {
        let coded = encode(&page, &EncodeOptions::new(coding)).unwrap();
        let mut bad = coded.clone();
        for f in flips {
            let bit = f as usize % (bad.len() * 8);
            bad[bit / 8] ^= 0x80 >> (bit % 8);
        }
        let keep = bad.len() - (cut as usize % bad.len());
        bad.truncate(keep);
        let mut d = DecodeOptions::new(coding, page.width);
        if tolerant {
            d.error_mode = ErrorMode::Tolerant;
            d.rows = Some(page.height);
            let (img, stats) = decode_with_stats(&bad, &d).unwrap();
            prop_assert_eq!(img.height, page.height);
            prop_assert_eq!(stats.rows, page.height);
            prop_assert!(stats.longest_bad_run <= stats.bad_rows);
        } else {
            let _ = decode(&bad, &d);
        }
    }

    #[test]
    fn garbage_never_panics(data in proptest::collection::vec(any::<u8>(), 0..200), coding in codings(), w in 1u32..3000, tolerant in any::<bool>()) {
        let mut d = DecodeOptions::new(coding, w);
        if tolerant {
            d.error_mode = ErrorMode::Tolerant;
        }
        let _ = decode(&data, &d);
    }
}

#[test]
fn long_runs_past_2560() {
    for w in [2561u32, 2623, 2624, 2625, 5200, 65535] {
        let mut page = Bitmap::new(w, 3).unwrap();
        // row 0 all black, row 1 white, row 2 black from 1 to end
        page.row_mut(0).unwrap().fill(0xFF);
        page.clear_padding();
        for x in 1..w {
            page.row_mut(2).unwrap()[(x / 8) as usize] |= 0x80 >> (x % 8);
        }
        for coding in [Coding::Mh, Coding::Mr { k: 2 }, Coding::Mmr] {
            let coded = encode(&page, &EncodeOptions::new(coding)).unwrap();
            let back = decode(&coded, &DecodeOptions::new(coding, w)).unwrap();
            assert!(back == page, "{coding:?} {w}");
        }
    }
}

#[test]
fn last_row_kept_without_trailing_eol() {
    let mut page = Bitmap::new(40, 3).unwrap();
    page.row_mut(2).unwrap()[1] = 0x3C;
    let coded = encode(&page, &EncodeOptions::new(Coding::Mh)).unwrap();
    let back = decode(&coded, &DecodeOptions::new(Coding::Mh, 40)).unwrap();
    assert_eq!(back.height, 3);
    assert!(back == page);
}

#[test]
fn tolerant_mode_counts_bad_rows_and_resyncs() {
    let mut page = Bitmap::new(64, 10).unwrap();
    for y in 0..10 {
        page.row_mut(y).unwrap()[y as usize % 8] = 0xF0;
    }
    let mut e = EncodeOptions::new(Coding::Mh);
    e.align_eol = true;
    let coded = encode(&page, &e).unwrap();
    // Corrupt the data of row 4: find its EOL (byte-aligned: 0x00 0x01
    // pairs) and smash the bytes after it.
    let eols: Vec<usize> = coded
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[1] == 0x01 && w[0].trailing_zeros() >= 4)
        .map(|(i, _)| i + 2)
        .collect();
    let mut bad = coded.clone();
    let p = eols[4];
    // Row 4 codes in 18 bits; replace its first 16 with eight zeros and a
    // one, which starts no white code (and is no EOL).
    bad[p] = 0x00;
    bad[p + 1] = 0x80;
    let mut d = DecodeOptions::new(Coding::Mh, 64);
    assert!(decode(&bad, &d).is_err());
    d.error_mode = ErrorMode::Tolerant;
    let (img, stats) = decode_with_stats(&bad, &d).unwrap();
    assert_eq!(stats.rows, 10);
    assert_eq!(stats.bad_rows, 1);
    assert_eq!(stats.longest_bad_run, 1);
    assert_eq!(img.row(4).unwrap(), page.row(3).unwrap());
    for y in (0..10).filter(|&y| y != 4) {
        assert_eq!(img.row(y).unwrap(), page.row(y).unwrap(), "row {y}");
    }
}

#[test]
fn strict_error_carries_bit_offset() {
    // EOL then 0000 0001 1 (not a white code... extended makeup 1792 > width).
    let data = [0x00, 0x10, 0x18, 0x00];
    let err = decode(&data, &DecodeOptions::new(Coding::Mh, 100)).unwrap_err();
    match err {
        missive_t4::Error::BadRun { offset, row: 0 }
        | missive_t4::Error::InvalidCode { offset, row: 0 } => {
            assert!(offset >= 12, "{offset}");
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn changes_are_reported() {
    let mut page = Bitmap::new(16, 1).unwrap();
    page.row_mut(0)
        .unwrap()
        .copy_from_slice(&[0b1100_0000, 0b0000_0001]);
    let coded = encode(&page, &EncodeOptions::new(Coding::Mmr)).unwrap();
    let mut dec = missive_t4::Decoder::new(&coded, DecodeOptions::new(Coding::Mmr, 16)).unwrap();
    dec.next_row().unwrap().unwrap();
    assert_eq!(dec.changes(), &[0, 2, 15]);
    assert!(dec.next_row().unwrap().is_none());
}

#[test]
fn row_changes_ignore_padding_and_cross_words() {
    let mut out = Vec::new();
    // 70 pixels: black 0..3, white, black 63..66, padding bits set.
    let mut row = [0u8; 9];
    row[0] = 0xE0;
    row[7] = 0x01;
    row[8] = 0xC0 | 0x03;
    missive_t4::row_changes(&row, 70, &mut out);
    assert_eq!(out, vec![0, 3, 63, 66]);
    out.clear();
    missive_t4::row_changes(&[0xFF; 9], 70, &mut out);
    assert_eq!(out, vec![0]);
}

/// Rows that repeat the row above (long runs of V0 codes), with small
/// edits, in every coding.
#[test]
fn repeated_rows_round_trip() {
    for w in [7u32, 64, 65, 200, 1728] {
        let mut page = Bitmap::new(w, 40).unwrap();
        let stride = page.stride();
        let mut row: Vec<u8> = (0..stride)
            .map(|i| (i as u8).wrapping_mul(37) ^ 0x5A)
            .collect();
        for y in 0..40u32 {
            if y % 7 == 3 {
                let i = (y as usize * 13) % stride;
                row[i] ^= 0x18;
            }
            page.row_mut(y).unwrap().copy_from_slice(&row);
        }
        page.clear_padding();
        for coding in [Coding::Mr { k: 100 }, Coding::Mmr] {
            for order in [BitOrder::MsbFirst, BitOrder::LsbFirst] {
                let mut e = EncodeOptions::new(coding);
                e.bit_order = order;
                let coded = encode(&page, &e).unwrap();
                let mut d = DecodeOptions::new(coding, w);
                d.bit_order = order;
                assert!(decode(&coded, &d).unwrap() == page, "{coding:?} {w}");
            }
        }
    }
}
