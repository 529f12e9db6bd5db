//! The GSM 7-bit alphabets of 3GPP TS 23.038 and septet packing.
//!
//! A 7-bit message is a sequence of septets read through two tables: the
//! *locking shift* table (the default alphabet of clause 6.2.1, or a national
//! locking shift table of Annex A.3 selected by the UDH IE 0x25) and the
//! *single shift* table reached with the escape septet 0x1B (the extension
//! table of 6.2.1.1, or a national single shift table of Annex A.2 selected
//! by the UDH IE 0x24).
//!
//! ```
//! use missive_sms::gsm7::{self, Language};
//! let septets = gsm7::encode_str("€5 {ok}", Language::Default, Language::Default).unwrap();
//! assert_eq!(septets.len(), 10); // € { } each take ESC + one septet
//! let mut packed = Vec::new();
//! gsm7::pack(&septets, 0, &mut packed);
//! let mut text = String::new();
//! gsm7::decode_packed(&packed, 0, septets.len(), Language::Default, Language::Default, &mut text);
//! assert_eq!(text, "€5 {ok}");
//! ```

use crate::tables::{LOCKING, LOCKING_REV, NAMES, SINGLE_SHIFT, SINGLE_SHIFT_REV};
use crate::Error;

/// The escape septet to the single shift (extension) table.
pub const ESC: u8 = 0x1B;

/// A national language identifier of TS 23.038 6.2.1.2.4 (the value carried
/// in the UDH national language shift IEs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Language {
    /// The default alphabet / default extension table (identifier 0).
    Default = 0,
    /// Turkish (A.2.1, A.3.1).
    Turkish = 1,
    /// Spanish (single shift A.2.2 only; no locking shift table).
    Spanish = 2,
    /// Portuguese (A.2.3, A.3.3).
    Portuguese = 3,
    /// Bengali (A.2.4, A.3.4).
    Bengali = 4,
    /// Gujarati (A.2.5, A.3.5).
    Gujarati = 5,
    /// Hindi (A.2.6, A.3.6).
    Hindi = 6,
    /// Kannada (A.2.7, A.3.7).
    Kannada = 7,
    /// Malayalam (A.2.8, A.3.8).
    Malayalam = 8,
    /// Oriya (A.2.9, A.3.9).
    Oriya = 9,
    /// Punjabi (A.2.10, A.3.10).
    Punjabi = 10,
    /// Tamil (A.2.11, A.3.11).
    Tamil = 11,
    /// Telugu (A.2.12, A.3.12).
    Telugu = 12,
    /// Urdu (A.2.13, A.3.13).
    Urdu = 13,
}

impl Language {
    /// Every identifier, in numeric order.
    pub const ALL: [Language; 14] = [
        Language::Default,
        Language::Turkish,
        Language::Spanish,
        Language::Portuguese,
        Language::Bengali,
        Language::Gujarati,
        Language::Hindi,
        Language::Kannada,
        Language::Malayalam,
        Language::Oriya,
        Language::Punjabi,
        Language::Tamil,
        Language::Telugu,
        Language::Urdu,
    ];

    /// The language for an identifier; reserved values (14 and up) give `None`.
    pub fn from_id(id: u8) -> Option<Language> {
        Self::ALL.get(usize::from(id)).copied()
    }

    /// The numeric identifier.
    pub fn id(self) -> u8 {
        self as u8
    }

    /// The English name of the language ("Default" for 0).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// Whether TS 23.038 defines a locking shift table for this language
    /// (every one but Spanish).
    pub fn has_locking_shift(self) -> bool {
        LOCKING[self as usize].is_some()
    }
}

fn locking_table(lang: Language) -> &'static [u16; 128] {
    match &LOCKING[lang as usize] {
        Some(t) => t,
        None => match &LOCKING[0] {
            Some(t) => t,
            None => &SINGLE_SHIFT[0], // unreachable: table 0 always exists
        },
    }
}

/// Decodes one stream of unpacked septets (values 0..=127) through the
/// given tables, appending to `out`.
///
/// Per TS 23.038 6.2.1.1, an escape followed by a septet the single shift
/// table does not define shows the locking shift table's character for that
/// septet; an undefined locking-shift position and a final lone escape show a
/// space (the escape's own rendering in 6.2.1).
pub fn decode_septets<I: IntoIterator<Item = u8>>(
    septets: I,
    locking: Language,
    single: Language,
    out: &mut String,
) {
    let lock = locking_table(locking);
    let shift = &SINGLE_SHIFT[single as usize];
    let mut escaped = false;
    for s in septets {
        let i = usize::from(s & 0x7F);
        if escaped {
            escaped = false;
            let cp = if shift[i] != 0 { shift[i] } else { lock[i] };
            push_cp(out, cp);
        } else if i == usize::from(ESC) {
            escaped = true;
        } else {
            push_cp(out, lock[i]);
        }
    }
    if escaped {
        out.push(' ');
    }
}

#[inline]
fn push_cp(out: &mut String, cp: u16) {
    if cp < 0x80 && cp != 0 {
        out.push(cp as u8 as char);
    } else {
        out.push(
            char::from_u32(u32::from(cp))
                .filter(|_| cp != 0)
                .unwrap_or(' '),
        );
    }
}

/// Reads septet `index` of a packed stream that starts after `fill_bits`
/// (0..=6) padding bits; `None` when the octets run out.
#[inline]
pub fn septet_at(data: &[u8], fill_bits: u8, index: usize) -> Option<u8> {
    let bit = usize::from(fill_bits) + index * 7;
    let byte = bit / 8;
    let shift = bit % 8;
    let lo = u16::from(*data.get(byte)?);
    let hi = if shift > 1 {
        u16::from(*data.get(byte + 1)?)
    } else {
        0
    };
    Some((((hi << 8 | lo) >> shift) & 0x7F) as u8)
}

/// Unpacks `count` septets (or as many as `data` holds) that start after
/// `fill_bits` padding bits, decodes them and appends the text to `out`.
/// Returns how many septets were present.
pub fn decode_packed(
    data: &[u8],
    fill_bits: u8,
    count: usize,
    locking: Language,
    single: Language,
    out: &mut String,
) -> usize {
    let mut n = 0;
    let it = (0..count)
        .map_while(|i| septet_at(data, fill_bits, i))
        .inspect(|_| n += 1);
    decode_septets(it, locking, single, out);
    n
}

/// Packs septets LSB-first after `fill_bits` (0..=6) zero bits, as in the
/// TP-UD of TS 23.040 9.2.3.24 (fill bits align text after a UDH).
pub fn pack(septets: &[u8], fill_bits: u8, out: &mut Vec<u8>) {
    let mut acc: u32 = 0;
    let mut bits: u32 = u32::from(fill_bits % 8);
    for &s in septets {
        acc |= u32::from(s & 0x7F) << bits;
        bits += 7;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push(acc as u8);
    }
}

/// Number of octets that `septets` septets take after `fill_bits` bits.
pub fn packed_len(septets: usize, fill_bits: u8) -> usize {
    (septets * 7 + usize::from(fill_bits)).div_ceil(8)
}

/// How a character is written in 7-bit: one septet, or escape + septet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Septets {
    /// A locking-shift table position.
    One(u8),
    /// Escape then a single-shift table position.
    Escaped(u8),
}

impl Septets {
    /// Septets used (1 or 2).
    pub fn len(self) -> usize {
        match self {
            Septets::One(_) => 1,
            Septets::Escaped(_) => 2,
        }
    }

    /// Always false: a character takes at least one septet.
    pub fn is_empty(self) -> bool {
        false
    }
}

fn lookup(rev: &[(u16, u8)], cp: u16) -> Option<u8> {
    rev.binary_search_by_key(&cp, |&(c, _)| c)
        .ok()
        .and_then(|i| rev.get(i))
        .map(|&(_, s)| s)
}

/// How `ch` is written with these tables, or `None` if it cannot be.
#[inline]
pub fn encode_char(ch: char, locking: Language, single: Language) -> Option<Septets> {
    let cp = u16::try_from(u32::from(ch)).ok()?;
    let lock_rev = if locking.has_locking_shift() {
        LOCKING_REV[locking as usize]
    } else {
        LOCKING_REV[0]
    };
    if let Some(s) = lookup(lock_rev, cp) {
        return Some(Septets::One(s));
    }
    lookup(SINGLE_SHIFT_REV[single as usize], cp).map(Septets::Escaped)
}

/// Encodes a whole string into unpacked septets.
///
/// # Errors
/// [`Error::Unrepresentable`] for the first character the tables lack.
pub fn encode_str(text: &str, locking: Language, single: Language) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(text.len());
    for (index, ch) in text.chars().enumerate() {
        match encode_char(ch, locking, single) {
            Some(Septets::One(s)) => out.push(s),
            Some(Septets::Escaped(s)) => out.extend([ESC, s]),
            None => {
                return Err(Error::Unrepresentable {
                    ch,
                    index,
                    alphabet: "GSM 7-bit",
                })
            }
        }
    }
    Ok(out)
}

/// Septets `text` needs with these tables, or `None` if a character is missing.
pub fn septet_count(text: &str, locking: Language, single: Language) -> Option<usize> {
    text.chars()
        .map(|c| encode_char(c, locking, single).map(Septets::len))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_extension_table() {
        for (c, s) in [
            ('€', 0x65),
            ('{', 0x28),
            ('}', 0x29),
            ('[', 0x3C),
            (']', 0x3E),
            ('~', 0x3D),
            ('|', 0x40),
            ('^', 0x14),
            ('\\', 0x2F),
            ('\u{c}', 0x0A),
        ] {
            assert_eq!(
                encode_char(c, Language::Default, Language::Default),
                Some(Septets::Escaped(s)),
                "{c:?}"
            );
        }
        assert_eq!(
            encode_char('@', Language::Default, Language::Default),
            Some(Septets::One(0))
        );
        assert_eq!(
            encode_char('é', Language::Default, Language::Default),
            Some(Septets::One(5))
        );
        assert_eq!(encode_char('á', Language::Default, Language::Default), None);
        assert_eq!(
            encode_char('😀', Language::Default, Language::Default),
            None
        );
    }

    #[test]
    fn national_tables_spot_checks() {
        // A.3.1 Turkish locking shift: 0x40 = İ, 0x60 = ç, 0x07 = ı, 0x0B = Ğ.
        let mut s = String::new();
        decode_septets(
            [0x40, 0x60, 0x07, 0x0B],
            Language::Turkish,
            Language::Default,
            &mut s,
        );
        assert_eq!(s, "İçıĞ");
        // A.2.2 Spanish single shift: ESC 0x09 = ç, ESC 0x41 = Á.
        s.clear();
        decode_septets(
            [ESC, 0x09, ESC, 0x41],
            Language::Default,
            Language::Spanish,
            &mut s,
        );
        assert_eq!(s, "çÁ");
        // A.2.1 Turkish single shift: ESC 0x47 = Ğ, ESC 0x65 = €, ESC 0x63 = ç.
        assert_eq!(
            encode_char('Ğ', Language::Default, Language::Turkish),
            Some(Septets::Escaped(0x47))
        );
        // A.3.6 Hindi locking shift: 0x00 = U+0901 candrabindu, 0x01 = U+0902 anusvara.
        let mut h = String::new();
        decode_septets([0x00, 0x01], Language::Hindi, Language::Hindi, &mut h);
        assert_eq!(h, "\u{0901}\u{0902}");
        // Corrections to the transcription we generate from (scripts/sms-tables.py):
        // COMMA at 0x2C of the Indian/Urdu locking tables, € at ESC 0x65 in Telugu.
        for lang in &Language::ALL[4..] {
            assert_eq!(
                encode_char(',', *lang, *lang),
                Some(Septets::One(0x2C)),
                "{lang:?}"
            );
            assert_eq!(
                encode_char('€', *lang, *lang),
                Some(Septets::Escaped(0x65)),
                "{lang:?}"
            );
        }
        // Urdu locking 0x00 = ا (U+0627); Tamil locking 0x11 is undefined.
        let mut u = String::new();
        decode_septets([0x00, 0x11], Language::Urdu, Language::Urdu, &mut u);
        assert_eq!(u, "\u{0627}\u{062C}");
        assert!(!Language::Spanish.has_locking_shift());
        assert!(Language::Urdu.has_locking_shift());
    }

    #[test]
    fn unknown_escape_falls_back_to_main_table() {
        let mut s = String::new();
        decode_septets(
            [ESC, b'A', ESC],
            Language::Default,
            Language::Default,
            &mut s,
        );
        assert_eq!(s, "A ");
    }

    #[test]
    fn pack_known_vector() {
        // "hellohello" is the classic TS 23.040 example: E8329BFD4697D9EC37.
        let sept = encode_str("hellohello", Language::Default, Language::Default).unwrap();
        let mut p = Vec::new();
        pack(&sept, 0, &mut p);
        assert_eq!(crate::hex::encode(&p), "E8329BFD4697D9EC37");
    }
}
