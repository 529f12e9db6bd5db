//! TP-DCS (TS 23.038 clause 4) and TP-PID (TS 23.040 9.2.3.9).

/// The character set of the user data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alphabet {
    /// GSM 7-bit default alphabet (packed septets).
    Gsm7,
    /// 8-bit data.
    EightBit,
    /// UCS-2 (read as UTF-16BE, so surrogate pairs carry emoji).
    Ucs2,
}

impl Alphabet {
    /// The name used in JSON output: `gsm7`, `8bit` or `ucs2`.
    pub fn name(self) -> &'static str {
        match self {
            Alphabet::Gsm7 => "gsm7",
            Alphabet::EightBit => "8bit",
            Alphabet::Ucs2 => "ucs2",
        }
    }
}

/// Message-waiting indication kind (DCS groups 1100–1110, and the UDH
/// special SMS message indication of TS 23.040 9.2.3.24.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Indication {
    /// Voice mail message waiting.
    VoiceMail,
    /// Fax message waiting.
    Fax,
    /// Electronic mail message waiting.
    Email,
    /// Other message waiting (or extended type in the UDH form).
    Other,
}

impl Indication {
    /// From the 2-bit type field.
    pub fn from_bits(b: u8) -> Self {
        match b & 3 {
            0 => Self::VoiceMail,
            1 => Self::Fax,
            2 => Self::Email,
            _ => Self::Other,
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::VoiceMail => "voicemail",
            Self::Fax => "fax",
            Self::Email => "email",
            Self::Other => "other",
        }
    }
}

/// The coding group of a DCS octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodingGroup {
    /// 00xx xxxx: general data coding.
    General,
    /// 01xx xxxx: message marked for automatic deletion.
    AutoDeletion,
    /// 1000–1011: reserved (treated as the GSM 7-bit default alphabet).
    Reserved,
    /// 1100: message waiting indication, discard message.
    MwiDiscard,
    /// 1101: message waiting indication, store message (GSM 7-bit).
    MwiStore,
    /// 1110: message waiting indication, store message (UCS-2).
    MwiStoreUcs2,
    /// 1111: data coding / message class.
    DataClass,
}

/// A TP-DCS octet with accessors for each of its meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dcs(pub u8);

impl Dcs {
    /// The coding group.
    pub fn group(self) -> CodingGroup {
        match self.0 >> 4 {
            0..=3 => CodingGroup::General,
            4..=7 => CodingGroup::AutoDeletion,
            8..=11 => CodingGroup::Reserved,
            12 => CodingGroup::MwiDiscard,
            13 => CodingGroup::MwiStore,
            14 => CodingGroup::MwiStoreUcs2,
            _ => CodingGroup::DataClass,
        }
    }

    /// The alphabet. Reserved codings are read as the GSM 7-bit default
    /// alphabet, as TS 23.038 clause 4 requires of a receiving entity.
    pub fn alphabet(self) -> Alphabet {
        match self.group() {
            CodingGroup::General | CodingGroup::AutoDeletion => match (self.0 >> 2) & 3 {
                1 => Alphabet::EightBit,
                2 => Alphabet::Ucs2,
                _ => Alphabet::Gsm7,
            },
            CodingGroup::MwiStoreUcs2 => Alphabet::Ucs2,
            CodingGroup::DataClass if self.0 & 0x04 != 0 => Alphabet::EightBit,
            _ => Alphabet::Gsm7,
        }
    }

    /// Whether the text is compressed (TS 23.042); general groups only.
    pub fn compressed(self) -> bool {
        matches!(
            self.group(),
            CodingGroup::General | CodingGroup::AutoDeletion
        ) && self.0 & 0x20 != 0
    }

    /// Message class 0–3 when the DCS gives one.
    pub fn class(self) -> Option<u8> {
        match self.group() {
            CodingGroup::General | CodingGroup::AutoDeletion if self.0 & 0x10 != 0 => {
                Some(self.0 & 3)
            }
            CodingGroup::DataClass => Some(self.0 & 3),
            _ => None,
        }
    }

    /// Whether the message is marked for automatic deletion.
    pub fn auto_delete(self) -> bool {
        self.group() == CodingGroup::AutoDeletion
    }

    /// For the message-waiting groups: (indication active, kind, store the message).
    pub fn message_waiting(self) -> Option<(bool, Indication, bool)> {
        let store = match self.group() {
            CodingGroup::MwiDiscard => false,
            CodingGroup::MwiStore | CodingGroup::MwiStoreUcs2 => true,
            _ => return None,
        };
        Some((self.0 & 0x08 != 0, Indication::from_bits(self.0), store))
    }

    /// The DCS for a plain message in `alphabet`, with an optional class.
    pub fn for_alphabet(alphabet: Alphabet, class: Option<u8>) -> Dcs {
        let a = match alphabet {
            Alphabet::Gsm7 => 0,
            Alphabet::EightBit => 4,
            Alphabet::Ucs2 => 8,
        };
        Dcs(a | class.map_or(0, |c| 0x10 | (c & 3)))
    }
}

/// TP-PID octet (TS 23.040 9.2.3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pid(pub u8);

/// What a TP-PID says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PidKind {
    /// 0x00: plain short message (SME-to-SME protocol, no interworking).
    Default,
    /// 001x xxxx: telematic interworking to the given device type (fax = 0x02 …).
    Telematic(u8),
    /// 000x xxxx with bits 4..0 non-zero: SME-to-SME protocol value.
    SmeToSme(u8),
    /// 0x40: short message type 0 (acknowledge, discard).
    Type0,
    /// 0x41–0x47: replace short message type 1–7.
    Replace(u8),
    /// 0x5E: device triggering short message.
    DeviceTriggering,
    /// 0x5F: return call message.
    ReturnCall,
    /// 0x7C: ANSI-136 R-DATA.
    AnsiRData,
    /// 0x7D: ME data download.
    MeDataDownload,
    /// 0x7E: ME de-personalization short message.
    MeDepersonalization,
    /// 0x7F: (U)SIM data download.
    SimDataDownload,
    /// 11xx xxxx: SC specific use.
    ScSpecific(u8),
    /// Any reserved value.
    Reserved(u8),
}

impl Pid {
    /// Interprets the octet.
    pub fn kind(self) -> PidKind {
        let v = self.0;
        match v >> 6 {
            0 if v == 0 => PidKind::Default,
            0 if v & 0x20 != 0 => PidKind::Telematic(v & 0x1F),
            0 => PidKind::SmeToSme(v & 0x1F),
            1 => match v {
                0x40 => PidKind::Type0,
                0x41..=0x47 => PidKind::Replace(v - 0x40),
                0x5E => PidKind::DeviceTriggering,
                0x5F => PidKind::ReturnCall,
                0x7C => PidKind::AnsiRData,
                0x7D => PidKind::MeDataDownload,
                0x7E => PidKind::MeDepersonalization,
                0x7F => PidKind::SimDataDownload,
                _ => PidKind::Reserved(v),
            },
            3 => PidKind::ScSpecific(v & 0x3F),
            _ => PidKind::Reserved(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coding_groups() {
        assert_eq!(Dcs(0x00).alphabet(), Alphabet::Gsm7);
        assert_eq!(Dcs(0x08).alphabet(), Alphabet::Ucs2);
        assert_eq!(Dcs(0x04).alphabet(), Alphabet::EightBit);
        assert_eq!(Dcs(0x0C).alphabet(), Alphabet::Gsm7); // reserved alphabet → default
        assert_eq!(Dcs(0x11).class(), Some(1));
        assert_eq!(Dcs(0x01).class(), None);
        assert!(Dcs(0x20).compressed());
        assert!(Dcs(0x48).auto_delete());
        assert_eq!(Dcs(0x48).alphabet(), Alphabet::Ucs2);
        assert_eq!(
            Dcs(0xC8).message_waiting(),
            Some((true, Indication::VoiceMail, false))
        );
        assert_eq!(
            Dcs(0xD1).message_waiting(),
            Some((false, Indication::Fax, true))
        );
        assert_eq!(Dcs(0xE0).alphabet(), Alphabet::Ucs2);
        assert_eq!(Dcs(0xF6).alphabet(), Alphabet::EightBit);
        assert_eq!(Dcs(0xF6).class(), Some(2));
        assert_eq!(Dcs(0x85).alphabet(), Alphabet::Gsm7);
        assert_eq!(Pid(0x41).kind(), PidKind::Replace(1));
        assert_eq!(Pid(0x22).kind(), PidKind::Telematic(2));
        assert_eq!(Pid(0x7F).kind(), PidKind::SimDataDownload);
    }
}
