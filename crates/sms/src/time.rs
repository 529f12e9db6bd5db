//! Time stamps (TP-SCTS, TP-DT, absolute TP-VP: TS 23.040 9.2.3.11) and the
//! validity period (9.2.3.12).

use core::fmt;

/// A service-centre time stamp: local time plus its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Full year (two-digit years 00–89 are 2000–2089, 90–99 are 1990–1999).
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
    /// Offset from UTC in quarter hours (−79..=79 on the wire).
    pub tz_quarters: i8,
}

fn swapped(b: u8) -> Option<u8> {
    let lo = b & 0x0F;
    let hi = b >> 4;
    (lo <= 9 && hi <= 9).then_some(lo * 10 + hi)
}

impl Timestamp {
    /// Decodes the 7 semi-octet-swapped octets. `strict` rejects non-BCD
    /// digits and out-of-range fields; lenient mode clamps them instead.
    pub fn decode(b: &[u8; 7], strict: bool) -> Option<Timestamp> {
        let get = |i: usize, max: u8, min: u8| -> Option<u8> {
            match swapped(b[i]) {
                Some(v) if v >= min && v <= max => Some(v),
                _ if strict => None,
                Some(v) => Some(v.clamp(min, max)),
                None => Some(min),
            }
        };
        let yy = get(0, 99, 0)?;
        let tzb = b[6];
        let tz_digits = swapped(tzb & 0xF7);
        let tz = match tz_digits {
            Some(q) if q <= 79 => q as i8,
            _ if strict => return None,
            _ => 0,
        };
        Some(Timestamp {
            year: if yy >= 90 {
                1900 + u16::from(yy)
            } else {
                2000 + u16::from(yy)
            },
            month: get(1, 12, 1)?,
            day: get(2, 31, 1)?,
            hour: get(3, 23, 0)?,
            minute: get(4, 59, 0)?,
            second: get(5, 59, 0)?,
            tz_quarters: if tzb & 0x08 != 0 { -tz } else { tz },
        })
    }

    /// Encodes back to the 7 wire octets.
    pub fn encode(&self) -> [u8; 7] {
        let sw = |v: u8| (v % 10) << 4 | (v / 10 % 10);
        let q = self.tz_quarters.unsigned_abs().min(79);
        let mut tz = sw(q);
        if self.tz_quarters < 0 {
            tz |= 0x08;
        }
        [
            sw((self.year % 100) as u8),
            sw(self.month),
            sw(self.day),
            sw(self.hour),
            sw(self.minute),
            sw(self.second),
            tz,
        ]
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 with the numeric offset, e.g. `2021-03-04T12:30:00+01:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mins = i32::from(self.tz_quarters) * 15;
        let sign = if mins < 0 { '-' } else { '+' };
        let m = mins.abs();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            sign,
            m / 60,
            m % 60
        )
    }
}

/// TP-VP: how long the SMSC keeps trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// Relative format (one octet, 9.2.3.12.1).
    Relative(u8),
    /// Absolute time (9.2.3.12.2).
    Absolute(Timestamp),
    /// Enhanced format (9.2.3.12.3): the 7 raw octets.
    Enhanced([u8; 7]),
}

/// Seconds a relative TP-VP octet stands for (TS 23.040 9.2.3.12.1).
pub fn relative_seconds(v: u8) -> u32 {
    let v = u32::from(v);
    match v {
        0..=143 => (v + 1) * 5 * 60,
        144..=167 => 12 * 3600 + (v - 143) * 30 * 60,
        168..=196 => (v - 166) * 86400,
        _ => (v - 192) * 7 * 86400,
    }
}

/// The relative TP-VP octet for at least `secs` seconds (rounded up, capped at 63 weeks).
pub fn relative_octet(secs: u32) -> u8 {
    (0..=255u8)
        .find(|&v| relative_seconds(v) >= secs)
        .unwrap_or(255)
}

impl Validity {
    /// Seconds of a relative period (relative form, or enhanced forms 1–3);
    /// `None` for absolute and enhanced "no validity period".
    pub fn seconds(&self) -> Option<u32> {
        match *self {
            Validity::Relative(v) => Some(relative_seconds(v)),
            Validity::Absolute(_) => None,
            Validity::Enhanced(e) => match e[0] & 0x07 {
                1 => Some(relative_seconds(e[1])),
                2 => Some(u32::from(e[1])),
                3 => {
                    let h = swapped(e[1])?;
                    let m = swapped(e[2])?;
                    let s = swapped(e[3])?;
                    Some(u32::from(h) * 3600 + u32::from(m) * 60 + u32::from(s))
                }
                _ => None,
            },
        }
    }

    /// For enhanced format: the single-shot flag (bit 6 of its first octet).
    pub fn single_shot(&self) -> bool {
        matches!(self, Validity::Enhanced(e) if e[0] & 0x40 != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scts_with_zones() {
        // 2002-08-26 19:37:41 +02:00 (zone octet 0x80: 8 quarter hours).
        let t = Timestamp::decode(&[0x20, 0x80, 0x62, 0x91, 0x73, 0x14, 0x80], true).unwrap();
        assert_eq!(t.to_string(), "2002-08-26T19:37:41+02:00");
        // Zone octet 0x4A: sign bit (0x08) set, tens 2, units 4 → −24 quarters = −06:00.
        let t = Timestamp::decode(&[0x11, 0x10, 0x11, 0x71, 0x95, 0x51, 0x4A], true).unwrap();
        assert_eq!(t.tz_quarters, -24);
        assert_eq!(t.to_string(), "2011-01-11T17:59:15-06:00");
        assert_eq!(Timestamp::decode(&t.encode(), true), Some(t));
        assert_eq!(
            Timestamp::decode(&[0x11, 0x31, 0x11, 0x71, 0x95, 0x51, 0x4A], true),
            None
        );
    }

    #[test]
    fn relative_periods() {
        assert_eq!(relative_seconds(0), 300);
        assert_eq!(relative_seconds(143), 12 * 3600);
        assert_eq!(relative_seconds(167), 24 * 3600);
        assert_eq!(relative_seconds(168), 2 * 86400);
        assert_eq!(relative_seconds(255), 63 * 7 * 86400);
        assert_eq!(relative_octet(86400), 167);
    }
}
