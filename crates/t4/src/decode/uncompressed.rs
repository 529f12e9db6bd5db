//! Uncompressed mode (T.4 §4.2 / Table 5, T.6 Table 3).

use super::rows::{bad_run, invalid, truncated, Changes};
use crate::bits::BitReader;
use crate::tables::{UNCOMP_1D, UNCOMP_2D};
use crate::Error;

/// After a failed run decode in 1-D coding: when the error is the 1-D
/// extension code selecting uncompressed mode, decodes the uncompressed
/// stretch from `pos` and returns the position after it and the colour of
/// the next run (the exit code's tag bit); otherwise returns the error.
#[cold]
#[inline(never)]
pub(super) fn leave_uncompressed_1d<'a>(
    e: Error,
    mut r: BitReader<'a>,
    cur: &mut Changes<'_>,
    pos: u32,
    w: u32,
    row: u32,
) -> Result<(BitReader<'a>, u32, bool), Error> {
    if !matches!(e, Error::Extension { .. }) || r.peek(12) != u32::from(UNCOMP_1D.0) {
        return Err(e);
    }
    r.consume(12);
    let (pos, tag) = cur.with_vec(|v| uncompressed(&mut r, v, pos, w, row))?;
    Ok((r, pos, tag))
}

/// Makes the pixels from `pos` on `black` (or white) in the changing
/// element list `cur`, whose elements are all at or before `pos`.
pub(super) fn set_colour_from(cur: &mut Vec<u32>, pos: u32, black: bool) {
    if (cur.len() % 2 == 1) == black {
        return;
    }
    if cur.last() == Some(&pos) {
        cur.pop();
    } else {
        cur.push(pos);
    }
}

/// Decodes uncompressed-mode code words (T.4 Table 5 / T.6 Table 3) from
/// pixel `pos` up to and including the exit code. Returns the position
/// after the last pixel and the tag bit (`true`: the next run is black).
///
/// Code words: `1`, `01`, `001`, `0001`, `00001` are 0..=4 white pixels
/// then one black; `000001` is five white pixels; `0000001T` …
/// `00000000001T` leave the mode after 0..=4 white pixels, `T` giving
/// the colour of the next run.
pub(super) fn uncompressed(
    r: &mut BitReader<'_>,
    cur: &mut Vec<u32>,
    mut pos: u32,
    w: u32,
    row: u32,
) -> Result<(u32, bool), Error> {
    loop {
        r.refill();
        let z = r.peek64().leading_zeros();
        let (whites, black, len) = match z {
            0..=4 => (z, true, z + 1),
            5 => (5, false, 6),
            6..=10 => (z - 6, false, z + 2),
            _ => {
                return Err(if r.buffered() < 12 {
                    truncated(r, row)
                } else {
                    invalid(r.clone(), row)
                })
            }
        };
        if len > r.buffered() {
            return Err(truncated(r, row));
        }
        let end = pos + whites + u32::from(black);
        if end > w {
            return Err(bad_run(r, row));
        }
        if whites > 0 {
            set_colour_from(cur, pos, false);
        }
        if black {
            set_colour_from(cur, end - 1, true);
        }
        pos = end;
        if z >= 6 {
            // Exit code: the bit after its one is the tag.
            let tag = r.peek(len) & 1 == 1;
            r.consume(len);
            if pos < w {
                set_colour_from(cur, pos, tag);
            }
            return Ok((pos, tag));
        }
        r.consume(len);
    }
}

/// The 2-D extension code: uncompressed mode from `pos` (any other
/// extension is an error).
#[cold]
#[inline(never)]
pub(super) fn extension_2d<'a>(
    mut r: BitReader<'a>,
    cur: &mut Changes<'_>,
    pos: u32,
    w: u32,
    row: u32,
) -> Result<(BitReader<'a>, u32, bool), Error> {
    if r.buffered() < UNCOMP_2D.1.into() {
        return Err(truncated(&r, row));
    }
    if r.peek(UNCOMP_2D.1.into()) != u32::from(UNCOMP_2D.0) {
        return Err(Error::Extension {
            offset: r.offset(),
            row,
        });
    }
    r.consume(UNCOMP_2D.1.into());
    let (pos, tag) = cur.with_vec(|v| uncompressed(&mut r, v, pos, w, row))?;
    Ok((r, pos, tag))
}

#[cfg(test)]
mod tests {
    //! Uncompressed mode against vectors built by hand from the code
    //! words of T.4 Table 5 / T.6 Table 3.
    use crate::decode::{decode, decode_with_stats, DecodeOptions, ErrorMode};
    use crate::{encode, Bitmap, Coding, EncodeOptions, Error, Uncompressed};

    /// MSB-first bytes from a string of '0'/'1' (spaces ignored), zero
    /// padded.
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

    fn one_row(data: &[u8], coding: Coding, width: u32) -> Result<Vec<u8>, Error> {
        let mut o = DecodeOptions::new(coding, width);
        o.rows = Some(1);
        decode(data, &o).map(|b| b.data)
    }

    /// Every pixel code word, an exit with white pixels and a black tag,
    /// then 1-D coding resuming with a black run.
    const MH_ROW: &str = "000000001111 1 01 001 0001 00001 000001 0000000001 1 010";
    /// B WB WWB WWWB WWWWB WWWWW WWW | B
    const MH_PIXELS: [u8; 3] = [0b1010_0100, 0b0100_0010, 0b0000_0001];

    #[test]
    fn mh_vector_decodes() {
        assert_eq!(one_row(&bits(MH_ROW), Coding::Mh, 24).unwrap(), MH_PIXELS);
    }

    #[test]
    fn mh_exit_with_white_tag_resumes_with_white_run() {
        // B, exit after one white (tag white), white run of 8 (10011).
        let data = bits("000000001111 1 00000001 0 10011");
        assert_eq!(one_row(&data, Coding::Mh, 10).unwrap(), [0x80, 0x00]);
    }

    #[test]
    fn mh_extension_at_a_black_run_start() {
        // White run 2 (0111), then uncompressed: W B, exit (tag white),
        // white run 4 (1011).
        let data = bits("0111 000000001111 01 0000001 0 1011");
        assert_eq!(one_row(&data, Coding::Mh, 8).unwrap(), [0b0001_0000]);
    }

    #[test]
    fn mmr_vector_decodes_and_resumes_2d_at_the_tag_colour() {
        // 2-D extension, W B, exit with no whites and a black tag; then V0
        // against the white reference row: black to the row end; then a
        // second row of V0 V0 copying it.
        let data = bits("0000001111 01 0000001 1 1   1 1");
        let mut o = DecodeOptions::new(Coding::Mmr, 8);
        o.rows = Some(2);
        assert_eq!(decode(&data, &o).unwrap().data, [0x7F, 0x7F]);
    }

    #[test]
    fn mr_2d_row_with_uncompressed_stretch() {
        // EOL+1: 1-D row, all white (1728 = 010011011 + 00110101);
        // EOL+0: 2-D row, extension, B B, exit with 2 whites and white tag,
        // then V0: white to the row end.
        let data = bits(
            "000000000001 1 010011011 00110101 \
             000000000001 0 0000001111 1 1 000000001 0 1",
        );
        let mut o = DecodeOptions::new(Coding::Mr { k: 2 }, 1728);
        o.rows = Some(2);
        let img = decode(&data, &o).unwrap();
        assert!(img.row(0).unwrap().iter().all(|&b| b == 0));
        let r1 = img.row(1).unwrap();
        assert_eq!(r1[0], 0xC0);
        assert!(r1[1..].iter().all(|&b| b == 0));
    }

    #[test]
    fn encoder_writes_the_table_codes() {
        let mut page = Bitmap::new(24, 1).unwrap();
        page.row_mut(0).unwrap().copy_from_slice(&MH_PIXELS);
        let mut e = EncodeOptions::new(Coding::Mh);
        e.eol = false;
        e.rtc = false;
        e.uncompressed = Uncompressed::WholeRows;
        // Same pixels as MH_ROW; the eight whites before the last black
        // are 000001 + 0001, then exit with no whites and a white tag.
        let want = bits("000000001111 1 01 001 0001 00001 000001 0001 0000001 0");
        assert_eq!(encode(&page, &e).unwrap(), want);
        assert_eq!(one_row(&want, Coding::Mh, 24).unwrap(), MH_PIXELS);
    }

    #[test]
    fn other_extensions_and_bad_uncompressed_data_are_errors() {
        // 1-D extension xxx = 000: not uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001000 1111"), Coding::Mh, 8),
            Err(Error::Extension { offset: 0, row: 0 })
        ));
        // 2-D extension xxx = 110.
        assert!(matches!(
            one_row(&bits("0000001110 1111"), Coding::Mmr, 8),
            Err(Error::Extension { offset: 0, row: 0 })
        ));
        // Eleven zeros inside uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001111 1 000000000001 1111"), Coding::Mh, 8),
            Err(Error::InvalidCode { offset: 13, row: 0 })
        ));
        // Pixels past the row end: five whites then a black in a 4-wide row.
        assert!(matches!(
            one_row(&bits("000000001111 000001 1"), Coding::Mh, 4),
            Err(Error::BadRun { row: 0, .. })
        ));
        // Data ends inside uncompressed mode.
        assert!(matches!(
            one_row(&bits("000000001111 1 01"), Coding::Mh, 8),
            Err(Error::Truncated { row: 0, .. })
        ));
        // A make-up code then the extension: not at a run start.
        assert!(matches!(
            one_row(&bits("11011 000000001111 1"), Coding::Mh, 200),
            Err(Error::InvalidCode { .. })
        ));
    }

    #[test]
    fn tolerant_mode_repeats_the_row_before_corrupt_uncompressed_data() {
        // Three MH rows of width 8 with EOLs: row 0 uncompressed
        // (B W W W W W W B), row 1 uncompressed data running past the row
        // end, row 2 all white (white run 8: 10011).
        let data = bits(
            "000000000001 000000001111 1 000001 01 0000001 0 \
             000000000001 000000001111 000001 000001 1 \
             000000000001 10011",
        );
        let mut o = DecodeOptions::new(Coding::Mh, 8);
        assert!(matches!(
            decode(&data, &o),
            Err(Error::BadRun { row: 1, .. })
        ));
        o.error_mode = ErrorMode::Tolerant;
        o.rows = Some(3);
        let (img, stats) = decode_with_stats(&data, &o).unwrap();
        assert_eq!(img.data, [0x81, 0x81, 0x00]);
        assert_eq!(
            (stats.rows, stats.bad_rows, stats.longest_bad_run),
            (3, 1, 1)
        );
    }

    #[test]
    fn whole_rows_and_short_runs_round_trip() {
        let mut page = Bitmap::new(77, 6).unwrap();
        let mut s = 0x1234_5678_9ABC_DEF1u64;
        for y in 0..6 {
            for b in page.row_mut(y).unwrap() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                *b = if y % 2 == 0 {
                    s as u8
                } else {
                    (s as u8) & 0xF0
                };
            }
        }
        page.clear_padding();
        for mode in [Uncompressed::ShortRuns, Uncompressed::WholeRows] {
            for coding in [Coding::Mh, Coding::Mr { k: 3 }, Coding::Mmr] {
                let mut e = EncodeOptions::new(coding);
                e.uncompressed = mode;
                let coded = encode(&page, &e).unwrap();
                let plain = encode(&page, &EncodeOptions::new(coding)).unwrap();
                assert_ne!(coded, plain, "{mode:?} {coding:?} used uncompressed mode");
                let back = decode(&coded, &DecodeOptions::new(coding, 77)).unwrap();
                assert!(back == page, "{mode:?} {coding:?}");
            }
        }
    }
}
