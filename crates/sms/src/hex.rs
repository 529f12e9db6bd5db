//! Hexadecimal text as used by AT commands (`AT+CMGL`, `AT+CMGS`) for PDUs.

use crate::Error;

/// Decodes hexadecimal text (either case, surrounding whitespace ignored)
/// into octets.
///
/// ```
/// assert_eq!(missive_sms::hex::decode("0AxF").unwrap_err().to_string(), "bad hexadecimal PDU at character 2");
/// assert_eq!(missive_sms::hex::decode(" 0aFF\n").unwrap(), vec![0x0A, 0xFF]);
/// ```
///
/// # Errors
/// [`Error::Hex`] with the character offset of a non-hex digit or odd length.
pub fn decode(text: &str) -> Result<Vec<u8>, Error> {
    let t = text.trim();
    let lead = text.len() - text.trim_start().len();
    let b = t.as_bytes();
    if b.len() % 2 != 0 {
        return Err(Error::Hex {
            offset: lead + b.len(),
        });
    }
    let mut out = Vec::with_capacity(b.len() / 2);
    for (i, pair) in b.chunks_exact(2).enumerate() {
        let hi = nibble(pair[0]).ok_or(Error::Hex {
            offset: lead + 2 * i,
        })?;
        let lo = nibble(pair[1]).ok_or(Error::Hex {
            offset: lead + 2 * i + 1,
        })?;
        out.push(hi << 4 | lo);
    }
    Ok(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Encodes octets as upper-case hexadecimal (the form modems print).
pub fn encode(data: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(data.len() * 2);
    for &b in data {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}
