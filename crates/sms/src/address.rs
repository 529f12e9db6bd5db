//! Addresses (TS 23.040 9.1.2.5): TP-OA, TP-DA, TP-RA and the SMSC address
//! of TS 24.011, semi-octet digits or an alphanumeric 7-bit name.

use core::fmt;

use crate::gsm7::{self, Language};

/// Type of number (bits 6..4 of the type-of-address octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeOfNumber {
    /// 000: unknown.
    Unknown,
    /// 001: international number (shown with a leading `+`).
    International,
    /// 010: national number.
    National,
    /// 011: network specific number.
    NetworkSpecific,
    /// 100: subscriber number.
    Subscriber,
    /// 101: alphanumeric (GSM 7-bit default alphabet, TS 23.038).
    Alphanumeric,
    /// 110: abbreviated number.
    Abbreviated,
    /// 111: reserved for extension.
    Reserved,
}

impl TypeOfNumber {
    /// From the 3-bit field value.
    pub fn from_bits(b: u8) -> Self {
        match b & 7 {
            0 => Self::Unknown,
            1 => Self::International,
            2 => Self::National,
            3 => Self::NetworkSpecific,
            4 => Self::Subscriber,
            5 => Self::Alphanumeric,
            6 => Self::Abbreviated,
            _ => Self::Reserved,
        }
    }

    /// Short lower-case name (used in JSON output).
    pub fn name(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::International => "international",
            Self::National => "national",
            Self::NetworkSpecific => "network-specific",
            Self::Subscriber => "subscriber",
            Self::Alphanumeric => "alphanumeric",
            Self::Abbreviated => "abbreviated",
            Self::Reserved => "reserved",
        }
    }
}

/// A decoded address, borrowing its digits from the PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Address<'a> {
    /// The type-of-address octet (bit 7 is always 1 on the wire).
    pub toa: u8,
    /// Number of useful semi-octets (digits, or 4-bit units for alphanumeric).
    pub semi_octets: usize,
    /// The address value octets.
    pub raw: &'a [u8],
}

impl Address<'_> {
    /// Type of number.
    pub fn ton(&self) -> TypeOfNumber {
        TypeOfNumber::from_bits(self.toa >> 4)
    }

    /// Numbering plan identification (bits 3..0: 1 = E.164/ISDN).
    pub fn npi(&self) -> u8 {
        self.toa & 0x0F
    }

    /// Whether the address is empty (no digits).
    pub fn is_empty(&self) -> bool {
        self.semi_octets == 0
    }
}

/// Digit for a semi-octet value (TS 23.040 9.1.2.3 / TS 24.008 called party BCD).
pub fn bcd_char(n: u8) -> Option<char> {
    match n {
        0..=9 => Some((b'0' + n) as char),
        10 => Some('*'),
        11 => Some('#'),
        12 => Some('a'),
        13 => Some('b'),
        14 => Some('c'),
        _ => None,
    }
}

impl fmt::Display for Address<'_> {
    /// International numbers print with `+`; alphanumeric names decode
    /// through the GSM 7-bit default alphabet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ton() == TypeOfNumber::Alphanumeric {
            let septets = self.semi_octets * 4 / 7;
            let mut s = String::new();
            gsm7::decode_packed(
                self.raw,
                0,
                septets,
                Language::Default,
                Language::Default,
                &mut s,
            );
            return f.write_str(&s);
        }
        if self.ton() == TypeOfNumber::International && self.semi_octets > 0 {
            f.write_str("+")?;
        }
        for i in 0..self.semi_octets {
            let Some(&b) = self.raw.get(i / 2) else { break };
            let n = if i % 2 == 0 { b & 0x0F } else { b >> 4 };
            match bcd_char(n) {
                Some(c) => fmt::Write::write_char(f, c)?,
                None => break, // 0xF filler
            }
        }
        Ok(())
    }
}

/// Encodes an address for a builder: `+digits` (international, NPI E.164),
/// plain digits and `*#abc` (unknown type), or, when `alphanumeric` is set, a
/// name of up to 11 GSM characters. Returns (semi-octet count, TOA, value).
pub(crate) fn encode(text: &str, alphanumeric: bool) -> Result<(u8, u8, Vec<u8>), crate::Error> {
    let bad = || crate::Error::Address(text.to_owned());
    if alphanumeric {
        let sept =
            gsm7::encode_str(text, Language::Default, Language::Default).map_err(|_| bad())?;
        if sept.is_empty() || sept.len() > 11 {
            return Err(bad());
        }
        let mut v = Vec::new();
        gsm7::pack(&sept, 0, &mut v);
        let semi = (sept.len() * 7).div_ceil(4);
        return Ok((semi as u8, 0xD0, v));
    }
    let (toa, digits) = match text.strip_prefix('+') {
        Some(d) => (0x91, d),
        None => (0x81, text),
    };
    if digits.is_empty() || digits.len() > 20 {
        return Err(bad());
    }
    let mut nibbles = Vec::with_capacity(digits.len());
    for c in digits.chars() {
        let n = match c {
            '0'..='9' => c as u8 - b'0',
            '*' => 10,
            '#' => 11,
            'a' | 'A' => 12,
            'b' | 'B' => 13,
            'c' | 'C' => 14,
            _ => return Err(bad()),
        };
        nibbles.push(n);
    }
    let v = nibbles
        .chunks(2)
        .map(|p| p[0] | (p.get(1).copied().unwrap_or(0x0F) << 4))
        .collect();
    Ok((nibbles.len() as u8, toa, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semi_octets_and_alpha() {
        let a = Address {
            toa: 0x91,
            semi_octets: 11,
            raw: &[0x43, 0x16, 0x56, 0x58, 0x11, 0xF9],
        };
        assert_eq!(a.to_string(), "+34616585119");
        let (n, toa, v) = encode("+34616585119", false).unwrap();
        assert_eq!((n, toa, v.as_slice()), (11, 0x91, a.raw));
        let (n, toa, v) = encode("Missive", true).unwrap();
        let b = Address {
            toa,
            semi_octets: usize::from(n),
            raw: &v,
        };
        assert_eq!(b.to_string(), "Missive");
        assert_eq!(b.ton(), TypeOfNumber::Alphanumeric);
        assert!(encode("12x", false).is_err());
    }
}
