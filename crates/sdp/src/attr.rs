//! Typed views of the attributes telephony uses: direction, `rtpmap`, `fmtp`,
//! `telephone-event` ranges (RFC 4733). They parse on demand from the raw
//! [`Attribute`] values, so unknown or malformed attributes never stop a body
//! from parsing and always round-trip.

use std::fmt;

use crate::error::Error;
use crate::session::Attribute;

/// A media direction attribute (RFC 8866 §6.7, RFC 3264 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `a=sendrecv` (the default when none is given).
    SendRecv,
    /// `a=sendonly`.
    SendOnly,
    /// `a=recvonly`.
    RecvOnly,
    /// `a=inactive`.
    Inactive,
}

impl Direction {
    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendRecv => "sendrecv",
            Self::SendOnly => "sendonly",
            Self::RecvOnly => "recvonly",
            Self::Inactive => "inactive",
        }
    }

    /// Parses an attribute name (exact, lowercase as RFC 8866 spells them).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sendrecv" => Some(Self::SendRecv),
            "sendonly" => Some(Self::SendOnly),
            "recvonly" => Some(Self::RecvOnly),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }

    /// The first direction property in a list of attributes.
    pub fn from_attributes(attributes: &[Attribute<'_>]) -> Option<Self> {
        attributes
            .iter()
            .filter(|a| a.value.is_none())
            .find_map(|a| Self::from_name(&a.name))
    }

    /// Builds a direction from "I send" and "I receive".
    pub fn from_flags(send: bool, recv: bool) -> Self {
        match (send, recv) {
            (true, true) => Self::SendRecv,
            (true, false) => Self::SendOnly,
            (false, true) => Self::RecvOnly,
            (false, false) => Self::Inactive,
        }
    }

    /// Whether the side that wrote this attribute sends media.
    pub fn sends(self) -> bool {
        matches!(self, Self::SendRecv | Self::SendOnly)
    }

    /// Whether the side that wrote this attribute receives media.
    pub fn receives(self) -> bool {
        matches!(self, Self::SendRecv | Self::RecvOnly)
    }

    /// The answer's direction for an offered direction, given what we are
    /// willing to do (RFC 3264 §6.1): `sendonly` ↔ `recvonly`, `inactive` stays.
    #[must_use]
    pub fn answer(self, ours: Self) -> Self {
        Self::from_flags(
            self.receives() && ours.sends(),
            self.sends() && ours.receives(),
        )
    }

    /// The attribute for this direction.
    pub fn attribute(self) -> Attribute<'static> {
        Attribute::flag(self.as_str())
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn bad(field: &'static str, reason: &'static str) -> Error {
    Error::Syntax {
        line: 0,
        field,
        reason,
    }
}

/// `a=rtpmap:<pt> <encoding>/<clock>[/<channels>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtpmap<'a> {
    /// RTP payload type (0–127).
    pub payload_type: u8,
    /// Encoding name as written (`PCMU`, `telephone-event`, `G726-32` …).
    pub encoding: &'a str,
    /// Clock rate in Hz.
    pub clock_rate: u32,
    /// Channel count, when given.
    pub channels: Option<u16>,
}

impl<'a> Rtpmap<'a> {
    /// Parses the value of an `rtpmap` attribute.
    ///
    /// # Errors
    /// [`Error::Syntax`] (line 0) when the value does not follow the grammar.
    pub fn parse(value: &'a str) -> Result<Self, Error> {
        const F: &str = "a=rtpmap";
        let (pt, rest) = value
            .split_once(' ')
            .ok_or_else(|| bad(F, "expected <pt> <encoding>/<clock>"))?;
        let payload_type = payload_type(pt).ok_or_else(|| bad(F, "bad payload type"))?;
        let mut it = rest.split('/');
        let encoding = it.next().unwrap_or("");
        if encoding.is_empty() || !encoding.bytes().all(crate::parse::is_token_char) {
            return Err(bad(F, "bad encoding name"));
        }
        let clock_rate = it
            .next()
            .and_then(parse_num::<u32>)
            .ok_or_else(|| bad(F, "missing or bad clock rate"))?;
        let channels = match it.next() {
            Some(c) => Some(parse_num::<u16>(c).ok_or_else(|| bad(F, "bad channel count"))?),
            None => None,
        };
        if it.next().is_some() {
            return Err(bad(F, "trailing fields"));
        }
        Ok(Self {
            payload_type,
            encoding,
            clock_rate,
            channels,
        })
    }

    /// The attribute carrying this mapping.
    pub fn attribute(&self) -> Attribute<'static> {
        Attribute::value("rtpmap", self.to_string())
    }
}

impl fmt::Display for Rtpmap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{}",
            self.payload_type, self.encoding, self.clock_rate
        )?;
        if let Some(c) = self.channels {
            write!(f, "/{c}")?;
        }
        Ok(())
    }
}

/// `a=fmtp:<format> <parameters>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fmtp<'a> {
    /// The format (payload type number for RTP).
    pub format: &'a str,
    /// The format-specific parameters, verbatim.
    pub params: &'a str,
}

impl<'a> Fmtp<'a> {
    /// Parses the value of an `fmtp` attribute.
    ///
    /// # Errors
    /// [`Error::Syntax`] when there is no format.
    pub fn parse(value: &'a str) -> Result<Self, Error> {
        let (format, params) = value.split_once(' ').unwrap_or((value, ""));
        if format.is_empty() || !format.bytes().all(crate::parse::is_token_char) {
            return Err(bad("a=fmtp", "bad format"));
        }
        Ok(Self { format, params })
    }
}

/// A payload type number, 0–127, canonical decimal.
pub(crate) fn payload_type(s: &str) -> Option<u8> {
    let n = parse_num::<u8>(s)?;
    (n <= 127).then_some(n)
}

/// A decimal number with no sign, no leading zero, no padding.
pub(crate) fn parse_num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// The events a `telephone-event` payload carries (RFC 4733 §2.4.1), e.g.
/// `0-15` (DTMF) or `0-15,32,36`. Kept sorted and merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventRanges {
    ranges: Vec<(u8, u8)>,
}

impl EventRanges {
    /// `0-15`: the DTMF digits, the default when an offer gives no `fmtp`.
    pub fn dtmf() -> Self {
        Self {
            ranges: vec![(0, 15)],
        }
    }

    /// Parses an `fmtp` parameter list such as `0-15` or `0-11,16`.
    ///
    /// # Errors
    /// [`Error::Syntax`] for an empty list, a value above 255, or a reversed range.
    pub fn parse(list: &str) -> Result<Self, Error> {
        const F: &str = "a=fmtp telephone-event";
        let mut ranges = Vec::new();
        for part in list.trim().split(',') {
            if ranges.len() >= 256 {
                return Err(bad(F, "too many ranges"));
            }
            let (lo, hi) = if let Some((a, b)) = part.trim().split_once('-') {
                (parse_num::<u8>(a), parse_num::<u8>(b))
            } else {
                let n = parse_num::<u8>(part.trim());
                (n, n)
            };
            match (lo, hi) {
                (Some(lo), Some(hi)) if lo <= hi => ranges.push((lo, hi)),
                _ => return Err(bad(F, "expected event or event-event")),
            }
        }
        Ok(Self::normalised(ranges))
    }

    fn normalised(mut ranges: Vec<(u8, u8)>) -> Self {
        ranges.sort_unstable();
        let mut out: Vec<(u8, u8)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match out.last_mut() {
                Some(last) if u16::from(lo) <= u16::from(last.1) + 1 => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        Self { ranges: out }
    }

    /// The events present in both sets.
    #[must_use]
    pub fn intersect(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        for &(a_lo, a_hi) in &self.ranges {
            for &(b_lo, b_hi) in &other.ranges {
                let lo = a_lo.max(b_lo);
                let hi = a_hi.min(b_hi);
                if lo <= hi {
                    out.push((lo, hi));
                }
            }
        }
        Self::normalised(out)
    }

    /// Whether no event is left.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether `event` is in the set.
    pub fn contains(&self, event: u8) -> bool {
        self.ranges
            .iter()
            .any(|&(lo, hi)| lo <= event && event <= hi)
    }

    /// The merged ranges, ascending.
    pub fn ranges(&self) -> &[(u8, u8)] {
        &self.ranges
    }
}

impl fmt::Display for EventRanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, &(lo, hi)) in self.ranges.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if lo == hi {
                write!(f, "{lo}")?;
            } else {
                write!(f, "{lo}-{hi}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_answers() {
        use Direction::*;
        assert_eq!(SendOnly.answer(SendRecv), RecvOnly);
        assert_eq!(RecvOnly.answer(SendRecv), SendOnly);
        assert_eq!(Inactive.answer(SendRecv), Inactive);
        assert_eq!(SendRecv.answer(SendRecv), SendRecv);
        assert_eq!(SendRecv.answer(RecvOnly), RecvOnly);
        assert_eq!(RecvOnly.answer(RecvOnly), Inactive);
        let attrs = [Attribute::value("ptime", "20"), Attribute::flag("sendonly")];
        assert_eq!(Direction::from_attributes(&attrs), Some(SendOnly));
        assert_eq!(
            Direction::from_attributes(&[Attribute::value("sendonly", "x")]),
            None
        );
    }

    #[test]
    fn rtpmap_grammar() {
        let r = Rtpmap::parse("97 AAL2-G726-32/8000").unwrap();
        assert_eq!(
            (r.payload_type, r.encoding, r.clock_rate, r.channels),
            (97, "AAL2-G726-32", 8000, None)
        );
        let r = Rtpmap::parse("10 L16/44100/2").unwrap();
        assert_eq!(r.channels, Some(2));
        assert_eq!(r.to_string(), "10 L16/44100/2");
        for bad in [
            "31 LPC",
            "128 X/8000",
            "97 /8000",
            "97 X/08000",
            "97 X/8000/1/2",
            "x X/8000",
            "97",
        ] {
            assert!(Rtpmap::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fmtp_splits_format() {
        let f = Fmtp::parse("101 0-15").unwrap();
        assert_eq!((f.format, f.params), ("101", "0-15"));
        assert_eq!(Fmtp::parse("18").unwrap().params, "");
        assert!(Fmtp::parse(" 0-15").is_err());
    }

    #[test]
    fn event_ranges() {
        let offer = EventRanges::parse("0-16").unwrap();
        assert_eq!(offer.intersect(&EventRanges::dtmf()).to_string(), "0-15");
        let odd = EventRanges::parse("15,0-11, 12-14 ,32,36").unwrap();
        assert_eq!(odd.to_string(), "0-15,32,36");
        assert!(odd.contains(36) && !odd.contains(33));
        let b = EventRanges::parse("10-40").unwrap();
        assert_eq!(odd.intersect(&b).to_string(), "10-15,32,36");
        assert!(EventRanges::parse("32-35")
            .unwrap()
            .intersect(&EventRanges::dtmf())
            .is_empty());
        for bad in ["", "16-3", "0-256", "a", "1-", "01"] {
            assert!(EventRanges::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(EventRanges::parse("255").unwrap().ranges(), &[(255, 255)]);
    }
}
