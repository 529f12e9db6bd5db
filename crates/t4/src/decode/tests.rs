//! The multi-code lookups and the row room against the straightforward paths.

mod fast_paths {
    //! The multi-code lookups (white-black pairs in 1-D rows and in
    //! horizontal mode, runs of V0 codes) against code-by-code decoding
    //! of the same streams, valid and corrupted.
    use super::super::*;
    use crate::{encode, BitOrder, EncodeOptions};
    use proptest::prelude::*;

    type Outcome = (Vec<(Vec<u8>, Vec<u32>)>, Option<String>, DecodeStats, u64);

    fn run(data: &[u8], opts: DecodeOptions, reference: bool) -> Outcome {
        let mut d = Decoder::new(data, opts).unwrap();
        d.reference = reference;
        let mut rows = Vec::new();
        loop {
            match d.next_row() {
                Ok(Some(row)) => {
                    let row = row.to_vec();
                    rows.push((row, d.changes().to_vec()));
                }
                Ok(None) => return (rows, None, d.stats(), d.bit_offset()),
                Err(e) => return (rows, Some(format!("{e:?}")), d.stats(), d.bit_offset()),
            }
        }
    }

    /// A page of alternating runs: mostly short ones (the pair and V0
    /// lookups), some long ones (make-up codes), rows often repeated or
    /// shifted by a pixel or two (vertical modes).
    fn page(width: u32, height: u32, seed: u64) -> Bitmap {
        let mut s = seed | 1;
        let mut rnd = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut b = Bitmap::new(width, height).unwrap();
        let mut prev: Vec<bool> = vec![false; width as usize];
        for y in 0..height {
            let mut px = vec![false; width as usize];
            match rnd() % 4 {
                0 => px.clone_from(&prev),
                1 => {
                    let shift = (rnd() % 3) as usize;
                    for (x, p) in px.iter_mut().enumerate().skip(shift) {
                        *p = prev[x - shift];
                    }
                }
                _ => {
                    let mut x = 0usize;
                    let mut black = rnd() % 2 == 0;
                    while x < px.len() {
                        let r = rnd();
                        let run = match r % 10 {
                            0 => (r >> 8) % 3000,
                            1 => (r >> 8) % 130,
                            _ => (r >> 8) % 13,
                        } as usize;
                        for p in px.iter_mut().skip(x).take(run) {
                            *p = black;
                        }
                        x += run;
                        black = !black;
                    }
                }
            }
            let row = b.row_mut(y).unwrap();
            for (x, &p) in px.iter().enumerate() {
                if p {
                    row[x / 8] |= 0x80 >> (x % 8);
                }
            }
            prev = px;
        }
        b
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn lookups_agree_with_code_by_code(
            width in prop_oneof![1u32..80, 1700u32..1800, 2400u32..2700],
            height in 1u32..24,
            seed in any::<u64>(),
            coding in 0usize..3,
            lsb in any::<bool>(),
            eol in any::<bool>(),
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        ) {
            let coding = [Coding::Mh, Coding::Mr { k: 3 }, Coding::Mmr][coding];
            let img = page(width, height, seed);
            let mut e = EncodeOptions::new(coding);
            e.bit_order = if lsb { BitOrder::LsbFirst } else { BitOrder::MsbFirst };
            e.eol = eol || coding != Coding::Mh;
            let mut data = encode(&img, &e).unwrap();
            let mut o = DecodeOptions::new(coding, width);
            o.bit_order = e.bit_order;
            if flips.is_empty() {
                let fast = run(&data, o, false);
                prop_assert!(fast.1.is_none());
                prop_assert_eq!(fast.0.len(), height as usize);
                for (y, (row, _)) in fast.0.iter().enumerate() {
                    prop_assert_eq!(&row[..], img.row(y as u32).unwrap());
                }
            }
            for (at, x) in flips {
                if !data.is_empty() {
                    let n = data.len();
                    data[at % n] ^= x;
                }
            }
            for mode in [ErrorMode::Strict, ErrorMode::Tolerant] {
                for rows in [None, Some(height)] {
                    o.error_mode = mode;
                    o.rows = rows;
                    prop_assert_eq!(run(&data, o, false), run(&data, o, true));
                }
            }
        }
    }
}

mod room {
    //! Rows with more changing elements than pixels (zero-length runs)
    //! outgrow the first room and are decoded again with more.
    use super::super::*;

    fn bits(s: &str) -> Vec<u8> {
        let v: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        v.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |a, (i, &b)| a | (u8::from(b == b'1') << (7 - i)))
            })
            .collect()
    }

    #[test]
    fn zero_length_runs_past_the_first_room() {
        // MH: forty white-0 black-0 pairs, then white 4, black 2, white 2.
        let mh = format!("{}1011 11 0111", "00110101 0000110111 ".repeat(40));
        // MMR: forty horizontal modes with two zero runs, then V0 against
        // the white reference row (to the row end).
        let mmr = format!("{}1", "001 00110101 0000110111 ".repeat(40));
        for (coding, s, want) in [(Coding::Mh, mh, 0x0C), (Coding::Mmr, mmr, 0x00)] {
            let data = bits(&s);
            let mut o = DecodeOptions::new(coding, 8);
            o.rows = Some(1);
            for reference in [false, true] {
                let mut d = Decoder::new(&data, o).unwrap();
                d.reference = reference;
                assert_eq!(d.next_row().unwrap().unwrap(), [want], "{coding:?}");
                assert!(d.changes().len() >= 80, "{coding:?}");
                assert!(d.next_row().unwrap().is_none());
            }
        }
    }
}
