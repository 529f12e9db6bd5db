//! The body shared by the three T.4/T.6 decoder fuzz targets
//! (`t4_decode_mh`, `t4_decode_mr`, `t4_decode_mmr`), which differ only in
//! the coding. Input: 2 bytes width (value % 4000 + 1; value / 4000 % 3
//! picks the uncompressed-mode option of the re-encode), 1 byte flags
//! (bit 0 LSB-first, bit 1 tolerant, bit 2 byte-aligned rows), then the
//! coded stream. Invariants:
//! never panics; every row has the stride; a tolerant decode with a known row
//! count yields exactly that many rows; whatever decodes strictly re-encodes
//! and decodes to the same pixels.

use missive_t4::{
    decode_with_stats, encode, BitOrder, Coding, DecodeOptions, EncodeOptions, ErrorMode,
    Uncompressed,
};

/// Runs one fuzz input through the decoder for `coding`.
pub fn check(coding: Coding, data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let w16 = u32::from(u16::from_le_bytes([data[0], data[1]]));
    let width = w16 % 4000 + 1;
    let flags = data[2];
    let mut o = DecodeOptions::new(coding, width);
    o.bit_order = if flags & 1 != 0 { BitOrder::LsbFirst } else { BitOrder::MsbFirst };
    o.byte_aligned_rows = flags & 4 != 0;
    o.limits.max_rows = 2000;
    if flags & 2 != 0 {
        o.error_mode = ErrorMode::Tolerant;
        o.rows = Some(u32::from(flags >> 3) + 1);
    }
    let Ok((img, stats)) = decode_with_stats(&data[3..], &o) else {
        assert_eq!(o.error_mode, ErrorMode::Strict, "tolerant decode with known rows cannot fail");
        return;
    };
    assert_eq!(img.data.len(), img.stride() * img.height as usize);
    assert_eq!(stats.rows, img.height);
    assert!(stats.longest_bad_run <= stats.bad_rows);
    if let Some(n) = o.rows {
        assert_eq!(img.height, n);
    }
    // Round trip what was decoded.
    let mut e = EncodeOptions::new(coding);
    e.bit_order = o.bit_order;
    e.uncompressed = match w16 / 4000 % 3 {
        0 => Uncompressed::Off,
        1 => Uncompressed::ShortRuns,
        _ => Uncompressed::WholeRows,
    };
    let coded = encode(&img, &e).expect("encode");
    let mut d = DecodeOptions::new(coding, width);
    d.bit_order = o.bit_order;
    d.rows = Some(img.height);
    let (back, _) = decode_with_stats(&coded, &d).expect("decode of our own encoding");
    assert!(back == img);
}
