//! The sixteen DTMF digits and their frequencies.

use crate::Error;

/// Low-group (row) frequencies in Hz, ITU-T Q.23.
pub const ROWS: [f64; 4] = [697.0, 770.0, 852.0, 941.0];
/// High-group (column) frequencies in Hz, ITU-T Q.23.
pub const COLS: [f64; 4] = [1209.0, 1336.0, 1477.0, 1633.0];

const KEYS: [u8; 16] = *b"123A456B789C*0#D";

/// One DTMF digit: `0`-`9`, `*`, `#`, `A`-`D`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Digit(u8);

impl Digit {
    /// The digit whose tones are row `row` (0..4) and column `col` (0..4).
    pub fn from_row_col(row: usize, col: usize) -> Option<Self> {
        (row < 4 && col < 4).then(|| Self((row * 4 + col) as u8))
    }

    /// The digit for a character (`a`-`d` are accepted as `A`-`D`).
    pub fn from_char(c: char) -> Option<Self> {
        let up = c.to_ascii_uppercase();
        KEYS.iter()
            .position(|&k| char::from(k) == up)
            .map(|i| Self(i as u8))
    }

    /// Parses a digit string, naming the first bad character.
    ///
    /// # Errors
    /// [`Error::Digit`] naming the first character that is not a digit.
    pub fn parse_all(s: &str) -> Result<Vec<Self>, Error> {
        s.char_indices()
            .map(|(offset, ch)| Self::from_char(ch).ok_or(Error::Digit { offset, ch }))
            .collect()
    }

    /// The character of this digit.
    pub fn to_char(self) -> char {
        char::from(KEYS[usize::from(self.0 & 15)])
    }

    /// Row index (0..4) of the low-group tone.
    pub fn row(self) -> usize {
        usize::from((self.0 >> 2) & 3)
    }

    /// Column index (0..4) of the high-group tone.
    pub fn col(self) -> usize {
        usize::from(self.0 & 3)
    }

    /// The low- and high-group frequencies in Hz.
    pub fn freqs(self) -> (f64, f64) {
        (ROWS[self.row()], COLS[self.col()])
    }

    /// All sixteen digits, in keypad order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..16u8).map(Self)
    }
}

impl core::fmt::Display for Digit {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.to_char())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keypad() {
        let d = Digit::from_char('5').unwrap();
        assert_eq!(d.freqs(), (770.0, 1336.0));
        assert_eq!(Digit::from_char('#').unwrap().freqs(), (941.0, 1477.0));
        assert_eq!(Digit::from_char('d').unwrap().to_char(), 'D');
        assert!(Digit::from_char('x').is_none());
        assert_eq!(
            Digit::parse_all("1x"),
            Err(Error::Digit { offset: 1, ch: 'x' })
        );
        let s: String = Digit::all().map(Digit::to_char).collect();
        assert_eq!(s, "123A456B789C*0#D");
    }
}
