//! Choosing the cheapest encoding for a text and splitting it into parts,
//! with the "characters left" count a phone shows.

use core::ops::Range;

use crate::dcs::Alphabet;
use crate::gsm7::{self, Language};
use crate::Error;

/// Which alphabet to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AlphabetChoice {
    /// GSM 7-bit when every character fits (with the allowed national
    /// tables), else UCS-2 — whichever needs fewer parts.
    #[default]
    Auto,
    /// Always GSM 7-bit (fails on a character no allowed table has).
    Gsm7,
    /// Always UCS-2.
    Ucs2,
}

/// Encoding options shared by the builders and [`plan`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncodeOptions {
    /// Alphabet selection.
    pub alphabet: AlphabetChoice,
    /// National single shift tables the recipient is known to support.
    pub single_shift: Vec<Language>,
    /// National locking shift tables the recipient is known to support.
    pub locking_shift: Vec<Language>,
    /// Use the 16-bit concatenation reference (IE 0x08) instead of 8-bit.
    pub wide_reference: bool,
    /// Further UDH information elements (IEI, length, data, …) every part
    /// carries, e.g. a special SMS message indication or application ports.
    pub extra_udh: Vec<u8>,
}

/// How a text will be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The alphabet.
    pub alphabet: Alphabet,
    /// Locking shift table (7-bit only; `Default` = none announced).
    pub locking: Language,
    /// Single shift table (7-bit only; `Default` = the extension table).
    pub single: Language,
    /// Byte ranges of the text, one per part.
    pub parts: Vec<Range<usize>>,
    /// Septets (7-bit) or UTF-16 units (UCS-2) or octets (8-bit) used in total.
    pub units: usize,
    /// Units still free in the last part before another part is needed.
    pub left: usize,
    /// Whether the concatenation header uses a 16-bit reference.
    pub wide_reference: bool,
    /// Octets of further information elements in every part's UDH.
    pub extra_udh: usize,
}

impl Plan {
    /// Number of parts (segments); at least 1.
    pub fn segments(&self) -> usize {
        self.parts.len().max(1)
    }

    /// UDH octets (including UDHL) each part carries.
    pub fn udh_len(&self) -> usize {
        udh_len(
            self.locking,
            self.single,
            self.parts.len() > 1,
            self.wide_reference,
            self.extra_udh,
        )
    }
}

fn udh_len(locking: Language, single: Language, multi: bool, wide: bool, extra: usize) -> usize {
    let mut n = extra;
    if locking != Language::Default {
        n += 3;
    }
    if single != Language::Default {
        n += 3;
    }
    if multi {
        n += if wide { 6 } else { 5 };
    }
    if n > 0 {
        n + 1
    } else {
        0
    }
}

/// Units (septets, UTF-16 units or octets) one part holds after a UDH of `udh` octets.
pub fn capacity(alphabet: Alphabet, udh: usize) -> usize {
    let octets = 140usize.saturating_sub(udh);
    match alphabet {
        Alphabet::Gsm7 => (140 * 8usize).saturating_sub(udh * 8) / 7,
        Alphabet::Ucs2 => octets / 2,
        Alphabet::EightBit => octets,
    }
}

/// Splits by per-character cost into parts of at most `cap` units, never
/// splitting an escape sequence or a surrogate pair.
fn split(text: &str, cost: impl Fn(char) -> usize, cap: usize) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, ch) in text.char_indices() {
        let c = cost(ch);
        if used + c > cap && used > 0 {
            parts.push(start..i);
            start = i;
            used = 0;
        }
        used += c;
    }
    if used > 0 || parts.is_empty() {
        parts.push(start..text.len());
    }
    parts
}

fn build(
    text: &str,
    alphabet: Alphabet,
    locking: Language,
    single: Language,
    wide: bool,
    extra: usize,
) -> Option<Plan> {
    let cost = |ch: char| -> Option<usize> {
        match alphabet {
            Alphabet::Gsm7 => gsm7::encode_char(ch, locking, single).map(gsm7::Septets::len),
            Alphabet::Ucs2 => Some(ch.len_utf16()),
            Alphabet::EightBit => Some(1),
        }
    };
    let mut units = 0;
    for ch in text.chars() {
        units += cost(ch)?;
    }
    let single_cap = capacity(alphabet, udh_len(locking, single, false, wide, extra));
    let c = |ch: char| cost(ch).unwrap_or(1);
    let (parts, cap) = if units <= single_cap {
        (core::iter::once(0..text.len()).collect(), single_cap)
    } else {
        let cap = capacity(alphabet, udh_len(locking, single, true, wide, extra));
        (split(text, c, cap), cap)
    };
    let last_used: usize = parts.last().map_or(0, |r| {
        text.get(r.clone()).unwrap_or("").chars().map(c).sum()
    });
    Some(Plan {
        alphabet,
        locking,
        single,
        left: cap.saturating_sub(last_used),
        parts,
        units,
        wide_reference: wide,
        extra_udh: extra,
    })
}

/// Plans an 8-bit data message of `len` octets (parts of at most 140
/// octets minus the UDH).
pub fn plan_binary(len: usize, opts: &EncodeOptions) -> Plan {
    let (wide, extra) = (opts.wide_reference, opts.extra_udh.len());
    let d = Language::Default;
    let single_cap = capacity(Alphabet::EightBit, udh_len(d, d, false, wide, extra));
    let (parts, cap): (Vec<Range<usize>>, usize) = if len <= single_cap {
        (core::iter::once(0..len).collect(), single_cap)
    } else {
        let cap = capacity(Alphabet::EightBit, udh_len(d, d, true, wide, extra)).max(1);
        (
            (0..len)
                .step_by(cap)
                .map(|s| s..(s + cap).min(len))
                .collect(),
            cap,
        )
    };
    let last = parts.last().map_or(0, ExactSizeIterator::len);
    Plan {
        alphabet: Alphabet::EightBit,
        locking: d,
        single: d,
        parts,
        units: len,
        left: cap.saturating_sub(last),
        wide_reference: wide,
        extra_udh: extra,
    }
}

/// Plans how `text` is sent: alphabet, national tables, parts and units left.
///
/// ```
/// use missive_sms::plan::{plan, EncodeOptions};
/// let p = plan(&"a".repeat(160), &EncodeOptions::default()).unwrap();
/// assert_eq!((p.segments(), p.left), (1, 0));
/// let p = plan(&"a".repeat(161), &EncodeOptions::default()).unwrap();
/// assert_eq!((p.segments(), p.left), (2, 153 * 2 - 161));
/// let p = plan("😀", &EncodeOptions::default()).unwrap();
/// assert_eq!((p.alphabet.name(), p.units, p.left), ("ucs2", 2, 68));
/// ```
///
/// # Errors
/// [`Error::Unrepresentable`] when GSM 7-bit is forced and a character is in no allowed table.
pub fn plan(text: &str, opts: &EncodeOptions) -> Result<Plan, Error> {
    let wide = opts.wide_reference;
    let extra = opts.extra_udh.len();
    let ucs2 = || {
        build(
            text,
            Alphabet::Ucs2,
            Language::Default,
            Language::Default,
            wide,
            extra,
        )
    };
    if opts.alphabet == AlphabetChoice::Ucs2 {
        return ucs2().ok_or(Error::Limit {
            what: "text",
            max: 0,
        });
    }
    let mut best: Option<Plan> = None;
    let locks = core::iter::once(Language::Default).chain(
        opts.locking_shift
            .iter()
            .copied()
            .filter(|l| l.has_locking_shift()),
    );
    for lock in locks {
        let singles = core::iter::once(Language::Default).chain(opts.single_shift.iter().copied());
        for single in singles {
            if let Some(p) = build(text, Alphabet::Gsm7, lock, single, wide, extra) {
                let better = best.as_ref().is_none_or(|b| {
                    (p.segments(), p.udh_len(), p.units) < (b.segments(), b.udh_len(), b.units)
                });
                if better {
                    best = Some(p);
                }
            }
        }
    }
    match (best, opts.alphabet) {
        (Some(b), AlphabetChoice::Gsm7) => Ok(b),
        (None, AlphabetChoice::Gsm7) => {
            let (index, ch) = text
                .chars()
                .enumerate()
                .find(|&(_, c)| {
                    gsm7::encode_char(c, Language::Default, Language::Default).is_none()
                })
                .unwrap_or((0, '\u{FFFD}'));
            Err(Error::Unrepresentable {
                ch,
                index,
                alphabet: "GSM 7-bit",
            })
        }
        (Some(b), _) => match ucs2() {
            Some(u) if u.segments() < b.segments() => Ok(u),
            _ => Ok(b),
        },
        (None, _) => ucs2().ok_or(Error::Limit {
            what: "text",
            max: 0,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_a_phone() {
        let o = EncodeOptions::default();
        let p = plan("", &o).unwrap();
        assert_eq!((p.segments(), p.left), (1, 160));
        let p = plan(&"€".repeat(80), &o).unwrap();
        assert_eq!((p.segments(), p.units, p.left), (1, 160, 0));
        // 152 + 5×2 = 162 septets: the first part stops at 152, an escape
        // pair is never split across parts.
        let p = plan(&format!("{}{}", "a".repeat(152), "€".repeat(5)), &o).unwrap();
        assert_eq!(p.segments(), 2);
        assert_eq!(p.parts[0], 0..152);
        let p = plan(&"я".repeat(70), &o).unwrap();
        assert_eq!((p.alphabet, p.segments(), p.left), (Alphabet::Ucs2, 1, 0));
        let p = plan(&"я".repeat(71), &o).unwrap();
        assert_eq!((p.segments(), p.left), (2, 67 * 2 - 71));
        // 67 units per part: an emoji (2 units) at the boundary moves whole.
        let p = plan(&format!("{}😀{}", "я".repeat(66), "я".repeat(5)), &o).unwrap();
        assert_eq!(p.segments(), 2);
        assert_eq!(p.parts[0], 0..132);
    }

    #[test]
    fn national_tables_when_allowed() {
        let text = "Çalışma şekli ğüzel";
        let o = EncodeOptions::default();
        assert_eq!(plan(text, &o).unwrap().alphabet, Alphabet::Ucs2);
        let o = EncodeOptions {
            single_shift: vec![Language::Turkish],
            ..Default::default()
        };
        let p = plan(text, &o).unwrap();
        assert_eq!(
            (p.alphabet, p.single, p.locking),
            (Alphabet::Gsm7, Language::Turkish, Language::Default)
        );
        assert_eq!(capacity(Alphabet::Gsm7, p.udh_len()), 155);
        let o = EncodeOptions {
            single_shift: vec![Language::Turkish],
            locking_shift: vec![Language::Turkish],
            ..Default::default()
        };
        let p = plan(&text.repeat(8), &o).unwrap();
        assert_eq!(p.locking, Language::Turkish);
    }
}
