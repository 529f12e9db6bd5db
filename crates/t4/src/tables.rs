//! T.4 code tables (Tables 1, 2 and 4 of ITU-T T.4) and the lookup tables
//! built from them at compile time.

/// A code word: bits (right-aligned) and length.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Code(pub(crate) u16, pub(crate) u8);

const fn c(bits: u16, len: u8) -> Code {
    Code(bits, len)
}

/// White terminating codes, runs 0..=63.
pub(crate) const WHITE_TERM: [Code; 64] = [
    c(0b00110101, 8),
    c(0b000111, 6),
    c(0b0111, 4),
    c(0b1000, 4),
    c(0b1011, 4),
    c(0b1100, 4),
    c(0b1110, 4),
    c(0b1111, 4),
    c(0b10011, 5),
    c(0b10100, 5),
    c(0b00111, 5),
    c(0b01000, 5),
    c(0b001000, 6),
    c(0b000011, 6),
    c(0b110100, 6),
    c(0b110101, 6),
    c(0b101010, 6),
    c(0b101011, 6),
    c(0b0100111, 7),
    c(0b0001100, 7),
    c(0b0001000, 7),
    c(0b0010111, 7),
    c(0b0000011, 7),
    c(0b0000100, 7),
    c(0b0101000, 7),
    c(0b0101011, 7),
    c(0b0010011, 7),
    c(0b0100100, 7),
    c(0b0011000, 7),
    c(0b00000010, 8),
    c(0b00000011, 8),
    c(0b00011010, 8),
    c(0b00011011, 8),
    c(0b00010010, 8),
    c(0b00010011, 8),
    c(0b00010100, 8),
    c(0b00010101, 8),
    c(0b00010110, 8),
    c(0b00010111, 8),
    c(0b00101000, 8),
    c(0b00101001, 8),
    c(0b00101010, 8),
    c(0b00101011, 8),
    c(0b00101100, 8),
    c(0b00101101, 8),
    c(0b00000100, 8),
    c(0b00000101, 8),
    c(0b00001010, 8),
    c(0b00001011, 8),
    c(0b01010010, 8),
    c(0b01010011, 8),
    c(0b01010100, 8),
    c(0b01010101, 8),
    c(0b00100100, 8),
    c(0b00100101, 8),
    c(0b01011000, 8),
    c(0b01011001, 8),
    c(0b01011010, 8),
    c(0b01011011, 8),
    c(0b01001010, 8),
    c(0b01001011, 8),
    c(0b00110010, 8),
    c(0b00110011, 8),
    c(0b00110100, 8),
];

/// Black terminating codes, runs 0..=63.
pub(crate) const BLACK_TERM: [Code; 64] = [
    c(0b0000110111, 10),
    c(0b010, 3),
    c(0b11, 2),
    c(0b10, 2),
    c(0b011, 3),
    c(0b0011, 4),
    c(0b0010, 4),
    c(0b00011, 5),
    c(0b000101, 6),
    c(0b000100, 6),
    c(0b0000100, 7),
    c(0b0000101, 7),
    c(0b0000111, 7),
    c(0b00000100, 8),
    c(0b00000111, 8),
    c(0b000011000, 9),
    c(0b0000010111, 10),
    c(0b0000011000, 10),
    c(0b0000001000, 10),
    c(0b00001100111, 11),
    c(0b00001101000, 11),
    c(0b00001101100, 11),
    c(0b00000110111, 11),
    c(0b00000101000, 11),
    c(0b00000010111, 11),
    c(0b00000011000, 11),
    c(0b000011001010, 12),
    c(0b000011001011, 12),
    c(0b000011001100, 12),
    c(0b000011001101, 12),
    c(0b000001101000, 12),
    c(0b000001101001, 12),
    c(0b000001101010, 12),
    c(0b000001101011, 12),
    c(0b000011010010, 12),
    c(0b000011010011, 12),
    c(0b000011010100, 12),
    c(0b000011010101, 12),
    c(0b000011010110, 12),
    c(0b000011010111, 12),
    c(0b000001101100, 12),
    c(0b000001101101, 12),
    c(0b000011011010, 12),
    c(0b000011011011, 12),
    c(0b000001010100, 12),
    c(0b000001010101, 12),
    c(0b000001010110, 12),
    c(0b000001010111, 12),
    c(0b000001100100, 12),
    c(0b000001100101, 12),
    c(0b000001010010, 12),
    c(0b000001010011, 12),
    c(0b000000100100, 12),
    c(0b000000110111, 12),
    c(0b000000111000, 12),
    c(0b000000100111, 12),
    c(0b000000101000, 12),
    c(0b000001011000, 12),
    c(0b000001011001, 12),
    c(0b000000101011, 12),
    c(0b000000101100, 12),
    c(0b000001011010, 12),
    c(0b000001100110, 12),
    c(0b000001100111, 12),
];

/// White make-up codes for 64, 128, …, 1728 (index = run / 64 - 1).
pub(crate) const WHITE_MAKEUP: [Code; 27] = [
    c(0b11011, 5),
    c(0b10010, 5),
    c(0b010111, 6),
    c(0b0110111, 7),
    c(0b00110110, 8),
    c(0b00110111, 8),
    c(0b01100100, 8),
    c(0b01100101, 8),
    c(0b01101000, 8),
    c(0b01100111, 8),
    c(0b011001100, 9),
    c(0b011001101, 9),
    c(0b011010010, 9),
    c(0b011010011, 9),
    c(0b011010100, 9),
    c(0b011010101, 9),
    c(0b011010110, 9),
    c(0b011010111, 9),
    c(0b011011000, 9),
    c(0b011011001, 9),
    c(0b011011010, 9),
    c(0b011011011, 9),
    c(0b010011000, 9),
    c(0b010011001, 9),
    c(0b010011010, 9),
    c(0b011000, 6),
    c(0b010011011, 9),
];

/// Black make-up codes for 64, 128, …, 1728 (index = run / 64 - 1).
pub(crate) const BLACK_MAKEUP: [Code; 27] = [
    c(0b0000001111, 10),
    c(0b000011001000, 12),
    c(0b000011001001, 12),
    c(0b000001011011, 12),
    c(0b000000110011, 12),
    c(0b000000110100, 12),
    c(0b000000110101, 12),
    c(0b0000001101100, 13),
    c(0b0000001101101, 13),
    c(0b0000001001010, 13),
    c(0b0000001001011, 13),
    c(0b0000001001100, 13),
    c(0b0000001001101, 13),
    c(0b0000001110010, 13),
    c(0b0000001110011, 13),
    c(0b0000001110100, 13),
    c(0b0000001110101, 13),
    c(0b0000001110110, 13),
    c(0b0000001110111, 13),
    c(0b0000001010010, 13),
    c(0b0000001010011, 13),
    c(0b0000001010100, 13),
    c(0b0000001010101, 13),
    c(0b0000001011010, 13),
    c(0b0000001011011, 13),
    c(0b0000001100100, 13),
    c(0b0000001100101, 13),
];

/// Extended make-up codes (both colours) for 1792, 1856, …, 2560
/// (index = run / 64 - 28).
pub(crate) const EXT_MAKEUP: [Code; 13] = [
    c(0b00000001000, 11),
    c(0b00000001100, 11),
    c(0b00000001101, 11),
    c(0b000000010010, 12),
    c(0b000000010011, 12),
    c(0b000000010100, 12),
    c(0b000000010101, 12),
    c(0b000000010110, 12),
    c(0b000000010111, 12),
    c(0b000000011100, 12),
    c(0b000000011101, 12),
    c(0b000000011110, 12),
    c(0b000000011111, 12),
];

/// End of line: eleven zeros and a one.
pub(crate) const EOL: Code = c(1, 12);

/// Two-dimensional mode codes.
pub(crate) const PASS: Code = c(0b0001, 4);
/// Horizontal mode prefix.
pub(crate) const HORIZ: Code = c(0b001, 3);
/// Vertical mode codes for a1 - b1 = -3..=3 (index = d + 3).
pub(crate) const VERT: [Code; 7] = [
    c(0b0000010, 7),
    c(0b000010, 6),
    c(0b010, 3),
    c(0b1, 1),
    c(0b011, 3),
    c(0b000011, 6),
    c(0b0000011, 7),
];

/// Make-up code for `run` (a multiple of 64 in 64..=2560).
pub(crate) const fn makeup(black: bool, run: u32) -> Code {
    let i = (run / 64) as usize;
    if i >= 28 {
        EXT_MAKEUP[i - 28]
    } else if black {
        BLACK_MAKEUP[i - 1]
    } else {
        WHITE_MAKEUP[i - 1]
    }
}

/// Longest run coded by one [`WHITE_SPAN`]/[`BLACK_SPAN`] entry, plus one.
pub(crate) const SPAN_MAX: usize = 2624;

/// Make-up (if any) and terminating code of every run below 2624, joined
/// into one code word: `len << 25 | bits` (at most 25 bits).
const fn build_span(black: bool) -> [u32; SPAN_MAX] {
    let mut t = [0u32; SPAN_MAX];
    let mut run = 0;
    while run < SPAN_MAX {
        let term = if black {
            BLACK_TERM[run % 64]
        } else {
            WHITE_TERM[run % 64]
        };
        let (code, len) = if run < 64 {
            (term.0 as u32, term.1 as u32)
        } else {
            let m = makeup(black, (run & !63) as u32);
            (
                ((m.0 as u32) << term.1) | term.0 as u32,
                m.1 as u32 + term.1 as u32,
            )
        };
        t[run] = (len << 25) | code;
        run += 1;
    }
    t
}

/// Joined codes for white runs 0..2624.
pub(crate) static WHITE_SPAN: [u32; SPAN_MAX] = build_span(false);
/// Joined codes for black runs 0..2624.
pub(crate) static BLACK_SPAN: [u32; SPAN_MAX] = build_span(true);

/// Entries of [`WHITE_LEFT`]/[`BLACK_LEFT`]: a power of two, so that an
/// index masked with `LEFT_LEN - 1` needs no bounds check.
pub(crate) const LEFT_LEN: usize = 4096;

/// The [`WHITE_SPAN`]/[`BLACK_SPAN`] codes for the encoder's writes: the
/// code left-aligned in a `u64` (first bit in bit 63) and its length in
/// the low 6 bits (codes are at most 25 bits, so the two never overlap).
/// Runs 2624 and up have no entry (zero).
#[allow(clippy::large_stack_arrays)] // only evaluated at compile time
const fn build_left(black: bool) -> [u64; LEFT_LEN] {
    let span = build_span(black);
    let mut t = [0u64; LEFT_LEN];
    let mut run = 0;
    while run < SPAN_MAX {
        let e = span[run];
        let len = (e >> 25) as u64;
        let code = (e & 0x01FF_FFFF) as u64;
        t[run] = code << (64 - len) | len;
        run += 1;
    }
    t
}

/// Left-aligned joined codes for white runs 0..2624 (see [`build_left`]).
pub(crate) static WHITE_LEFT: [u64; LEFT_LEN] = build_left(false);
/// Left-aligned joined codes for black runs 0..2624 (see [`build_left`]).
pub(crate) static BLACK_LEFT: [u64; LEFT_LEN] = build_left(true);

/// Run-table entry value for an EOL.
pub(crate) const RUN_EOL: u16 = 0xFFF;
/// Run-table entry value for the 1-D extension code `000000001xxx`
/// (T.4 Table 4; `xxx` = 111 is uncompressed mode). Values at or above
/// this one are no runs.
pub(crate) const RUN_EXT: u16 = 0xFFE;
/// The 1-D extension code that enters uncompressed mode (12 bits).
pub(crate) const UNCOMP_1D: Code = c(0b0000_0000_1111, 12);
/// The 2-D extension code that enters uncompressed mode (10 bits).
pub(crate) const UNCOMP_2D: Code = c(0b00_0000_1111, 10);
/// Bits looked up at once for white runs (longest white code: 12).
pub(crate) const WHITE_BITS: u32 = 12;
/// Bits looked up at once for black runs (longest black code: 13).
pub(crate) const BLACK_BITS: u32 = 13;

/// Entry layout: `len << 12 | value`; `len == 0` marks an invalid code;
/// `value` is the run (< 64 terminating, else make-up) or [`RUN_EOL`].
const fn put(table: &mut [u16], bits: u32, code: Code, value: u16) {
    let shift = bits - code.1 as u32;
    let base = (code.0 as usize) << shift;
    let mut i = 0;
    while i < (1usize << shift) {
        table[base + i] = ((code.1 as u16) << 12) | value;
        i += 1;
    }
}

const fn build_run_table<const N: usize>(black: bool) -> [u16; N] {
    let bits = if black { BLACK_BITS } else { WHITE_BITS };
    let mut t = [0u16; N];
    let term = if black { &BLACK_TERM } else { &WHITE_TERM };
    let mut i = 0;
    while i < 64 {
        put(&mut t, bits, term[i], i as u16);
        i += 1;
    }
    let mk = if black { &BLACK_MAKEUP } else { &WHITE_MAKEUP };
    i = 0;
    while i < 27 {
        put(&mut t, bits, mk[i], ((i + 1) * 64) as u16);
        i += 1;
    }
    i = 0;
    while i < 13 {
        put(&mut t, bits, EXT_MAKEUP[i], ((i + 28) * 64) as u16);
        i += 1;
    }
    put(&mut t, bits, EOL, RUN_EOL);
    // 000000001xxx: the eight 1-D extension codes.
    i = 0;
    while i < 8 {
        put(&mut t, bits, c(0b1000 | i as u16, 12), RUN_EXT);
        i += 1;
    }
    t
}

/// White run lookup, indexed by the next 12 bits.
pub(crate) static WHITE_TABLE: [u16; 1 << WHITE_BITS] = build_run_table::<4096>(false);
/// Black run lookup, indexed by the next 13 bits.
pub(crate) static BLACK_TABLE: [u16; 1 << BLACK_BITS] = build_run_table::<8192>(true);

/// 2-D mode values in [`MODE_TABLE`] (low nibble).
pub(crate) const M_INVALID: u8 = 0;
/// Pass mode.
pub(crate) const M_PASS: u8 = 1;
/// Horizontal mode.
pub(crate) const M_HORIZ: u8 = 2;
/// Extension (`0000001xxx`).
pub(crate) const M_EXT: u8 = 3;
/// Vertical modes: `M_V0 + d` for d in -3..=3.
pub(crate) const M_V0: u8 = 7;

const fn build_mode_table() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        // index = next 7 bits
        let lz = (i as u8).leading_zeros() - 1; // leading zeros within 7 bits
        let (len, mode): (u8, u8) = match lz {
            0 => (1, M_V0),
            1 => (
                3,
                match (i >> 4) & 0b11 {
                    0b11 => M_V0 + 1,
                    _ => M_V0 - 1,
                },
            ),
            2 => (3, M_HORIZ),
            3 => (4, M_PASS),
            4 => (
                6,
                if (i >> 1) & 1 == 1 {
                    M_V0 + 2
                } else {
                    M_V0 - 2
                },
            ),
            5 => (7, if i & 1 == 1 { M_V0 + 3 } else { M_V0 - 3 }),
            6 => (7, M_EXT),
            _ => (0, M_INVALID),
        };
        t[i] = (len << 4) | mode;
        i += 1;
    }
    t
}

/// 2-D mode lookup indexed by the next 7 bits: `len << 4 | mode`.
pub(crate) static MODE_TABLE: [u8; 128] = build_mode_table();

/// Bits looked up at once for a pair of terminating codes.
pub(crate) const PAIR_BITS: u32 = 12;

/// A terminating code of one colour followed by a terminating code of the
/// other, both within the next [`PAIR_BITS`] bits: entry
/// `len << 12 | second << 6 | first` (runs < 64, `len` the two codes'
/// total length); 0 where the bits do not start with such a pair.
const fn build_pair_table(first_black: bool) -> [u16; 1 << PAIR_BITS] {
    let mut t = [0u16; 1 << PAIR_BITS];
    let (first, second) = if first_black {
        (&BLACK_TERM, &WHITE_TERM)
    } else {
        (&WHITE_TERM, &BLACK_TERM)
    };
    let mut i = 0;
    while i < 64 {
        let mut j = 0;
        while j < 64 {
            let (a, b) = (first[i], second[j]);
            let len = a.1 as u32 + b.1 as u32;
            if len <= PAIR_BITS {
                let bits = ((a.0 as u32) << b.1) | b.0 as u32;
                let shift = PAIR_BITS - len;
                let mut k = 0u32;
                while k < (1 << shift) {
                    t[((bits << shift) | k) as usize] =
                        ((len as u16) << 12) | ((j as u16) << 6) | i as u16;
                    k += 1;
                }
            }
            j += 1;
        }
        i += 1;
    }
    t
}

/// A white then a black terminating code (see [`build_pair_table`]).
pub(crate) static PAIR_WB: [u16; 1 << PAIR_BITS] = build_pair_table(false);
/// A black then a white terminating code (see [`build_pair_table`]).
pub(crate) static PAIR_BW: [u16; 1 << PAIR_BITS] = build_pair_table(true);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index of both pair tables against two single-code lookups.
    #[test]
    fn pair_tables_match_two_single_lookups() {
        for first_black in [false, true] {
            let pairs: &[u16] = if first_black { &PAIR_BW } else { &PAIR_WB };
            let mut hits = 0;
            for idx in 0..1u32 << PAIR_BITS {
                let bits = u64::from(idx) << (64 - PAIR_BITS);
                let one = |black: bool, b: u64| {
                    let (t, n): (&[u16], u32) = if black {
                        (&BLACK_TABLE, BLACK_BITS)
                    } else {
                        (&WHITE_TABLE, WHITE_BITS)
                    };
                    t[(b >> (64 - n)) as usize]
                };
                let e1 = one(first_black, bits);
                let (l1, v1) = (u32::from(e1 >> 12), e1 & 0xFFF);
                let want = if l1 == 0 || v1 >= 64 {
                    0
                } else {
                    let e2 = one(!first_black, bits << l1);
                    let (l2, v2) = (u32::from(e2 >> 12), e2 & 0xFFF);
                    if l2 == 0 || v2 >= 64 || l1 + l2 > PAIR_BITS {
                        0
                    } else {
                        (((l1 + l2) as u16) << 12) | (v2 << 6) | v1
                    }
                };
                assert_eq!(pairs[idx as usize], want, "{first_black} {idx:012b}");
                hits += u32::from(want != 0);
            }
            assert!(hits > 1000);
        }
    }

    fn all_codes(black: bool) -> Vec<(Code, u16)> {
        let mut v: Vec<(Code, u16)> = Vec::new();
        let term = if black { &BLACK_TERM } else { &WHITE_TERM };
        for (i, &c) in term.iter().enumerate() {
            v.push((c, i as u16));
        }
        for r in (64..=2560).step_by(64) {
            v.push((makeup(black, r), r as u16));
        }
        v.push((EOL, RUN_EOL));
        for x in 0..8 {
            v.push((Code(0b1000 | x, 12), RUN_EXT));
        }
        v
    }

    #[test]
    fn run_codes_are_prefix_free_and_tables_agree() {
        for black in [false, true] {
            let codes = all_codes(black);
            for (i, (a, _)) in codes.iter().enumerate() {
                for (b, _) in &codes[i + 1..] {
                    let l = a.1.min(b.1);
                    assert_ne!(
                        a.0 >> (a.1 - l),
                        b.0 >> (b.1 - l),
                        "prefix clash {a:?} {b:?}"
                    );
                }
            }
            let bits = if black { BLACK_BITS } else { WHITE_BITS };
            let table: &[u16] = if black { &BLACK_TABLE } else { &WHITE_TABLE };
            for (code, value) in codes {
                let idx = (code.0 as usize) << (bits - u32::from(code.1));
                assert_eq!(table[idx], (u16::from(code.1) << 12) | value);
            }
        }
    }

    #[test]
    fn left_aligned_tables_match_the_span_tables() {
        for run in 0..LEFT_LEN {
            for (left, span) in [(&WHITE_LEFT, &WHITE_SPAN), (&BLACK_LEFT, &BLACK_SPAN)] {
                let e = left[run];
                if run >= SPAN_MAX {
                    assert_eq!(e, 0);
                    continue;
                }
                let len = (e & 63) as u32;
                assert_eq!(len, span[run] >> 25);
                assert!((1..=25).contains(&len));
                assert_eq!(e & !63, u64::from(span[run] & 0x01FF_FFFF) << (64 - len));
            }
        }
    }

    #[test]
    fn mode_table_matches_codes() {
        let mut all = vec![(PASS, M_PASS), (HORIZ, M_HORIZ), (Code(1, 7), M_EXT)];
        for (d, &c) in VERT.iter().enumerate() {
            all.push((c, M_V0 + d as u8 - 3));
        }
        for (code, mode) in all {
            let idx = (code.0 as usize) << (7 - code.1);
            assert_eq!(MODE_TABLE[idx], (code.1 << 4) | mode, "{code:?}");
        }
        assert_eq!(MODE_TABLE[0], 0);
    }
}
