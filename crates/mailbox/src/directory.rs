//! Dial by name: letters typed on the telephone keypad (2 = ABC … 9 = WXYZ)
//! matched against the start of any word of a name; up to 6 matches per
//! page, in ascending order of their numbers, the next page on request.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Matches per page (the product limit).
pub const PAGE: usize = 6;

/// Longest key sequence accepted.
pub const MAX_KEYS: usize = 32;

/// The keypad digit of a letter (`None` for anything not A–Z, after folding
/// common Latin accents).
pub fn key_of(c: char) -> Option<u8> {
    let c = match c {
        'ä' | 'à' | 'á' | 'â' | 'Ä' | 'À' | 'Á' | 'Â' => 'a',
        'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' => 'e',
        'ö' | 'ó' | 'ô' | 'Ö' | 'Ó' | 'Ô' => 'o',
        'ü' | 'ú' | 'û' | 'Ü' | 'Ú' | 'Û' => 'u',
        'ç' | 'Ç' => 'c',
        'ß' => 's',
        c => c.to_ascii_lowercase(),
    };
    Some(match c {
        'a'..='c' => b'2',
        'd'..='f' => b'3',
        'g'..='i' => b'4',
        'j'..='l' => b'5',
        'm'..='o' => b'6',
        'p'..='s' => b'7',
        't'..='v' => b'8',
        'w'..='z' => b'9',
        _ => return None,
    })
}

/// The key string of each word of `name`.
pub fn word_keys(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter_map(key_of).map(char::from).collect())
        .collect()
}

/// One directory match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    /// Mailbox number.
    pub number: String,
    /// Name.
    pub name: String,
}

/// One page of matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// Up to [`PAGE`] matches, ascending by number.
    pub matches: Vec<Match>,
    /// Page index (0 = first).
    pub page: usize,
    /// Total matches over all pages.
    pub total: usize,
    /// Whether another page follows.
    pub more: bool,
}

/// Orders digit strings as numbers (shorter first, then lexically).
fn numeric_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Searches `(number, name)` entries for `keys` (digits 2–9), returning page
/// `page` of the matches.
///
/// # Errors
/// [`Error::Invalid`] for keys that are not 2–9 or fewer than `min_keys`;
/// [`Error::Limit`] for more than [`MAX_KEYS`] keys.
pub fn search<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    keys: &str,
    min_keys: usize,
    page: usize,
) -> Result<Page> {
    if keys.len() > MAX_KEYS {
        return Err(Error::Limit {
            what: "dial-by-name keys",
            max: MAX_KEYS,
        });
    }
    if !keys.bytes().all(|b| (b'2'..=b'9').contains(&b)) {
        return Err(Error::invalid(
            "keys",
            format!("{keys:?}: only keys 2–9 spell letters"),
        ));
    }
    if keys.len() < min_keys.max(1) {
        return Err(Error::invalid(
            "keys",
            format!("type at least {} keys", min_keys.max(1)),
        ));
    }
    let mut all: Vec<Match> = entries
        .into_iter()
        .filter(|(_, name)| word_keys(name).iter().any(|w| w.starts_with(keys)))
        .map(|(number, name)| Match {
            number: number.to_owned(),
            name: name.to_owned(),
        })
        .collect();
    all.sort_by(|a, b| numeric_cmp(&a.number, &b.number));
    let total = all.len();
    let start = page.saturating_mul(PAGE).min(total);
    let end = start.saturating_add(PAGE).min(total);
    Ok(Page {
        matches: all.drain(start..end).collect(),
        page,
        total,
        more: end < total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keypad() {
        assert_eq!(word_keys("Ada Lovelace"), ["232", "56835223"]);
        assert_eq!(word_keys("Jürgen Müller-Wohlfahrt")[1], "685537");
    }

    #[test]
    fn pages_of_six_ascending() {
        let names: Vec<(String, String)> = (0..14)
            .map(|i| (format!("{}", 1000 - i * 7), format!("Smith{i} Person")))
            .chain([("99".to_string(), "Jones".to_string())])
            .collect();
        let entries = || names.iter().map(|(a, b)| (a.as_str(), b.as_str()));
        let p0 = search(entries(), "7648", 2, 0).unwrap();
        assert_eq!(p0.matches.len(), 6);
        assert_eq!(p0.total, 14);
        assert!(p0.more);
        assert_eq!(p0.matches[0].number, "909");
        let p2 = search(entries(), "7648", 2, 2).unwrap();
        assert_eq!(p2.matches.len(), 2);
        assert!(!p2.more);
        assert_eq!(p2.matches[1].number, "1000");
        // "Person" is the second word of every Smith.
        assert_eq!(search(entries(), "737", 1, 0).unwrap().total, 14);
        assert_eq!(
            search(entries(), "5663", 1, 0).unwrap().matches[0].number,
            "99"
        );
        assert!(search(entries(), "7", 2, 0).is_err());
        assert!(search(entries(), "71", 1, 0).is_err());
    }
}
