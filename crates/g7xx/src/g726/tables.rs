//! Rate-dependent tables of ITU-T G.726 (Tables 1-4 and 16-19 of the
//! recommendation), expanded at compile time into direct look-ups on the
//! 12-bit log-domain value so that quantisation is one load.

/// Per-rate constants and tables.
pub(crate) struct RateTables {
    /// Bits per code (2..=5).
    pub bits: u32,
    /// Quantizer: code magnitude index for each 12-bit `dln` (before the
    /// sign adjustment).
    pub quan: [u8; 4096],
    /// Synchronous-coding adjustment: offset-binary code of the re-quantized
    /// output sample for each 12-bit `dlnx` (before the sign adjustment).
    pub sync: [u8; 4096],
    /// Inverse quantizer output `dqln` (12-bit log domain) per code.
    pub dqln: [u16; 32],
    /// Scale factor multiplier W(I) per code (13-bit two's complement).
    pub wi: [u16; 32],
    /// F(I) (speed-control input) per code.
    pub fi: [u8; 32],
}

/// Expands "first bound that `x` reaches wins" lists (bounds descending)
/// into a table over 0..4096.
const fn expand(bounds: &[(u16, u8)], below: u8) -> [u8; 4096] {
    let mut t = [0u8; 4096];
    let mut x = 0;
    while x < 4096 {
        let mut v = below;
        let mut k = 0;
        while k < bounds.len() {
            if x as u16 >= bounds[k].0 {
                v = bounds[k].1;
                break;
            }
            k += 1;
        }
        t[x] = v;
        x += 1;
    }
    t
}

/// Mirrors the positive half of a per-magnitude table onto every code:
/// codes with the sign bit use the magnitude `(max - code) & mask`.
const fn by_code_u16(half: &[u16], bits: u32) -> [u16; 32] {
    let mut t = [0u16; 32];
    let n = 1usize << bits;
    let sign = n >> 1;
    let mut i = 0;
    while i < n {
        let im = if i & sign == 0 {
            i
        } else {
            (n - 1 - i) & (sign - 1)
        };
        t[i] = half[im];
        i += 1;
    }
    t
}

const fn by_code_u8(half: &[u8], bits: u32) -> [u8; 32] {
    let mut t = [0u8; 32];
    let n = 1usize << bits;
    let sign = n >> 1;
    let mut i = 0;
    while i < n {
        let im = if i & sign == 0 {
            i
        } else {
            (n - 1 - i) & (sign - 1)
        };
        t[i] = half[im];
        i += 1;
    }
    t
}

const fn full_u16(all: &[u16]) -> [u16; 32] {
    let mut t = [0u16; 32];
    let mut i = 0;
    while i < all.len() {
        t[i] = all[i];
        i += 1;
    }
    t
}

pub(crate) static R16: RateTables = RateTables {
    bits: 2,
    quan: expand(&[(2048, 0), (261, 1)], 0),
    sync: expand(&[(2048, 2), (261, 3)], 2),
    dqln: full_u16(&[116, 365, 365, 116]),
    wi: by_code_u16(&[4074, 439], 2),
    fi: by_code_u8(&[0, 7], 2),
};

pub(crate) static R24: RateTables = RateTables {
    bits: 3,
    quan: expand(&[(2048, 7), (331, 3), (218, 2), (8, 1)], 7),
    sync: expand(&[(2048, 3), (331, 7), (218, 6), (8, 5)], 3),
    dqln: full_u16(&[2048, 135, 273, 373, 373, 273, 135, 2048]),
    wi: by_code_u16(&[4092, 30, 137, 582], 3),
    fi: by_code_u8(&[0, 1, 2, 7], 3),
};

pub(crate) static R32: RateTables = RateTables {
    bits: 4,
    quan: expand(
        &[
            (3972, 1),
            (2048, 15),
            (400, 7),
            (349, 6),
            (300, 5),
            (246, 4),
            (178, 3),
            (80, 2),
        ],
        1,
    ),
    sync: expand(
        &[
            (3972, 9),
            (2048, 7),
            (400, 15),
            (349, 14),
            (300, 13),
            (246, 12),
            (178, 11),
            (80, 10),
        ],
        9,
    ),
    dqln: full_u16(&[
        2048, 4, 135, 213, 273, 323, 373, 425, 425, 373, 323, 273, 213, 135, 4, 2048,
    ]),
    wi: by_code_u16(&[4084, 18, 41, 64, 112, 198, 355, 1122], 4),
    fi: by_code_u8(&[0, 0, 0, 1, 1, 1, 3, 7], 4),
};

pub(crate) static R40: RateTables = RateTables {
    bits: 5,
    quan: expand(
        &[
            (4080, 2),
            (3974, 1),
            (2048, 31),
            (553, 15),
            (528, 14),
            (502, 13),
            (475, 12),
            (445, 11),
            (413, 10),
            (378, 9),
            (339, 8),
            (298, 7),
            (250, 6),
            (198, 5),
            (139, 4),
            (68, 3),
        ],
        2,
    ),
    sync: expand(
        &[
            (4080, 18),
            (3974, 17),
            (2048, 15),
            (553, 31),
            (528, 30),
            (502, 29),
            (475, 28),
            (445, 27),
            (413, 26),
            (378, 25),
            (339, 24),
            (298, 23),
            (250, 22),
            (198, 21),
            (139, 20),
            (68, 19),
        ],
        18,
    ),
    dqln: full_u16(&[
        2048, 4030, 28, 104, 169, 224, 274, 318, 358, 395, 429, 459, 488, 514, 539, 566, 566, 539,
        514, 488, 459, 429, 395, 358, 318, 274, 224, 169, 104, 28, 4030, 2048,
    ]),
    wi: by_code_u16(
        &[
            14, 14, 24, 39, 40, 41, 58, 100, 141, 179, 219, 280, 358, 440, 529, 696,
        ],
        5,
    ),
    fi: by_code_u8(&[0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6], 5),
};

/// The tables for `B` bits per code, resolved at compile time so that the
/// per-rate code paths fold their constants.
#[inline]
pub(crate) const fn by_bits<const B: u32>() -> &'static RateTables {
    match B {
        2 => &R16,
        3 => &R24,
        4 => &R32,
        _ => &R40,
    }
}
