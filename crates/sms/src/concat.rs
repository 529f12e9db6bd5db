//! Reassembly of concatenated messages (TS 23.040 9.2.3.24.1): parts may
//! arrive in any order; duplicates and missing parts are reported.
//!
//! Sans-IO: the caller decides when a group is stale and calls
//! [`Reassembler::take_incomplete`].

use std::collections::HashMap;

use crate::udh::Concat;
use crate::Error;

/// Identifies one concatenated message: sender, reference and part count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Originator (or destination, for SUBMITs) as text.
    pub peer: String,
    /// Concatenation reference.
    pub reference: u16,
    /// Total number of parts.
    pub total: u8,
}

/// What [`Reassembler::push`] made of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every part is here: the text in sequence order.
    Complete {
        /// The group.
        key: Key,
        /// The joined text.
        text: String,
    },
    /// Stored; these sequence numbers are still missing.
    Pending {
        /// The group.
        key: Key,
        /// Missing sequence numbers, ascending.
        missing: Vec<u8>,
    },
    /// A part with this sequence number was already stored (kept the first).
    Duplicate {
        /// The group.
        key: Key,
        /// The repeated sequence number.
        seq: u8,
        /// Whether its text differed from the stored one.
        differs: bool,
    },
}

/// Collects parts of concatenated messages.
///
/// ```
/// use missive_sms::concat::{Outcome, Reassembler};
/// use missive_sms::udh::Concat;
/// let mut r = Reassembler::new(16);
/// let c = |seq| Concat { reference: 7, total: 2, seq, wide: false };
/// assert!(matches!(r.push("+1", c(2), "world").unwrap(), Outcome::Pending { ref missing, .. } if missing == &[1]));
/// assert!(matches!(r.push("+1", c(2), "world").unwrap(), Outcome::Duplicate { seq: 2, differs: false, .. }));
/// assert!(matches!(r.push("+1", c(1), "hello ").unwrap(), Outcome::Complete { ref text, .. } if text == "hello world"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Reassembler {
    groups: HashMap<Key, Vec<Option<String>>>,
    max_groups: usize,
}

impl Reassembler {
    /// A reassembler that holds at most `max_groups` incomplete messages.
    pub fn new(max_groups: usize) -> Self {
        Reassembler {
            groups: HashMap::new(),
            max_groups,
        }
    }

    /// Adds one part's text.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a sequence number outside 1..=total, [`Error::Limit`] when
    /// a new group would exceed the configured number of incomplete messages.
    pub fn push(&mut self, peer: &str, concat: Concat, text: &str) -> Result<Outcome, Error> {
        if concat.total == 0 || concat.seq == 0 || concat.seq > concat.total {
            return Err(Error::Invalid {
                offset: 0,
                field: "concatenation sequence number",
            });
        }
        let key = Key {
            peer: peer.to_owned(),
            reference: concat.reference,
            total: concat.total,
        };
        if !self.groups.contains_key(&key) && self.groups.len() >= self.max_groups {
            return Err(Error::Limit {
                what: "incomplete concatenated messages",
                max: self.max_groups,
            });
        }
        let slots = self
            .groups
            .entry(key.clone())
            .or_insert_with(|| vec![None; usize::from(concat.total)]);
        let idx = usize::from(concat.seq - 1);
        let Some(slot) = slots.get_mut(idx) else {
            return Err(Error::Invalid {
                offset: 0,
                field: "concatenation sequence number",
            });
        };
        if let Some(old) = slot {
            let differs = old != text;
            return Ok(Outcome::Duplicate {
                key,
                seq: concat.seq,
                differs,
            });
        }
        *slot = Some(text.to_owned());
        let missing: Vec<u8> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_none())
            .map(|(i, _)| (i + 1) as u8)
            .collect();
        if missing.is_empty() {
            let parts = self.groups.remove(&key).unwrap_or_default();
            let text = parts.into_iter().flatten().collect();
            Ok(Outcome::Complete { key, text })
        } else {
            Ok(Outcome::Pending { key, missing })
        }
    }

    /// Groups still waiting, with their missing sequence numbers.
    pub fn missing(&self) -> Vec<(Key, Vec<u8>)> {
        let mut v: Vec<_> = self
            .groups
            .iter()
            .map(|(k, s)| {
                let m = s
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.is_none())
                    .map(|(i, _)| (i + 1) as u8)
                    .collect();
                (k.clone(), m)
            })
            .collect();
        v.sort();
        v
    }

    /// Removes an incomplete group, returning the parts received (by seq − 1).
    pub fn take_incomplete(&mut self, key: &Key) -> Option<Vec<Option<String>>> {
        self.groups.remove(key)
    }
}
