//! The user data header (TS 23.040 9.2.3.24) and its information elements.

use crate::dcs::Indication;
use crate::gsm7::Language;

/// Concatenated short message information (IE 0x00 or 0x08).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Concat {
    /// Reference number shared by all parts (8- or 16-bit).
    pub reference: u16,
    /// Total number of parts (1–255).
    pub total: u8,
    /// This part's sequence number (1-based).
    pub seq: u8,
    /// Whether the reference is 16-bit (IE 0x08).
    pub wide: bool,
}

/// Application port addressing (IE 0x04 or 0x05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ports {
    /// Destination port.
    pub destination: u16,
    /// Originator port.
    pub originator: u16,
    /// 16-bit scheme (IE 0x05) rather than 8-bit (IE 0x04).
    pub wide: bool,
}

/// Special SMS message indication (IE 0x01), e.g. "3 voice mails waiting".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecialIndication {
    /// Store the message (bit 7 of the first octet) rather than discard it.
    pub store: bool,
    /// The basic indication type (bits 1..0).
    pub kind: Indication,
    /// Extended message indication type (bits 4..2) when `kind` is `Other`;
    /// profile ID (bits 6..5).
    pub extended: u8,
    /// Profile ID (bits 6..5).
    pub profile: u8,
    /// Number of messages waiting (0 clears the indication).
    pub count: u8,
}

/// One information element, borrowing its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ie<'a> {
    /// Information element identifier.
    pub id: u8,
    /// Its data.
    pub data: &'a [u8],
}

/// A validated user data header (the octets after UDHL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Udh<'a> {
    raw: &'a [u8],
}

impl<'a> Udh<'a> {
    /// Wraps the IE octets; returns the offset (within `raw`) of the first IE
    /// that overruns, if any.
    pub(crate) fn new(raw: &'a [u8]) -> (Udh<'a>, Option<usize>) {
        let mut i = 0;
        while i < raw.len() {
            let len = match raw.get(i + 1) {
                Some(&l) => usize::from(l),
                None => return (Udh { raw: &raw[..i] }, Some(i)),
            };
            if i + 2 + len > raw.len() {
                return (Udh { raw: &raw[..i] }, Some(i));
            }
            i += 2 + len;
        }
        (Udh { raw }, None)
    }

    /// The header octets (without the UDHL octet).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The information elements in order.
    pub fn elements(&self) -> impl Iterator<Item = Ie<'a>> + 'a {
        let raw = self.raw;
        let mut i = 0;
        core::iter::from_fn(move || {
            let id = *raw.get(i)?;
            let len = usize::from(*raw.get(i + 1)?);
            let data = raw.get(i + 2..i + 2 + len)?;
            i += 2 + len;
            Some(Ie { id, data })
        })
    }

    /// The concatenation IE, if present and well-formed (a total of 0 or a
    /// sequence number outside 1..=total makes the IE ignored, as 9.2.3.24.1
    /// requires).
    pub fn concat(&self) -> Option<Concat> {
        self.elements().find_map(|ie| {
            let c = match (ie.id, ie.data) {
                (0x00, &[r, t, s]) => Concat {
                    reference: u16::from(r),
                    total: t,
                    seq: s,
                    wide: false,
                },
                (0x08, &[r1, r2, t, s]) => Concat {
                    reference: u16::from_be_bytes([r1, r2]),
                    total: t,
                    seq: s,
                    wide: true,
                },
                _ => return None,
            };
            (c.total > 0 && c.seq > 0 && c.seq <= c.total).then_some(c)
        })
    }

    /// Application ports, if present.
    pub fn ports(&self) -> Option<Ports> {
        self.elements().find_map(|ie| match (ie.id, ie.data) {
            (0x04, &[d, o]) => Some(Ports {
                destination: u16::from(d),
                originator: u16::from(o),
                wide: false,
            }),
            (0x05, &[d1, d2, o1, o2]) => Some(Ports {
                destination: u16::from_be_bytes([d1, d2]),
                originator: u16::from_be_bytes([o1, o2]),
                wide: true,
            }),
            _ => None,
        })
    }

    /// Special SMS message indications (there may be several).
    pub fn special_indications(&self) -> impl Iterator<Item = SpecialIndication> + 'a {
        self.elements().filter_map(|ie| match (ie.id, ie.data) {
            (0x01, &[t, count]) => Some(SpecialIndication {
                store: t & 0x80 != 0,
                kind: Indication::from_bits(t),
                extended: (t >> 2) & 7,
                profile: (t >> 5) & 3,
                count,
            }),
            _ => None,
        })
    }

    /// National language single shift table (IE 0x24); reserved identifiers are ignored.
    pub fn single_shift(&self) -> Option<Language> {
        self.elements().find_map(|ie| match (ie.id, ie.data) {
            (0x24, &[l]) => Language::from_id(l),
            _ => None,
        })
    }

    /// National language locking shift table (IE 0x25); reserved identifiers
    /// and Spanish (which has none) are ignored.
    pub fn locking_shift(&self) -> Option<Language> {
        self.elements().find_map(|ie| match (ie.id, ie.data) {
            (0x25, &[l]) => Language::from_id(l).filter(|l| l.has_locking_shift()),
            _ => None,
        })
    }
}
