//! Audio codecs by name, the RFC 3551 static payload types, and the payload
//! list of an `m=` line resolved through `rtpmap`/`fmtp`.

use std::fmt;

use crate::attr::{payload_type, Fmtp, Rtpmap};
use crate::session::Media;

/// The static audio and video payload types of RFC 3551 (Tables 4 and 5):
/// `(pt, encoding, clock rate, channels)`. Payload type 2 is absent on
/// purpose: RFC 3551 marks it reserved because peers disagreed on whether it
/// meant `G726-32` or `AAL2-G726-32`, so it needs an `rtpmap`.
pub const STATIC_PAYLOAD_TYPES: &[(u8, &str, u32, u16)] = &[
    (0, "PCMU", 8000, 1),
    (3, "GSM", 8000, 1),
    (4, "G723", 8000, 1),
    (5, "DVI4", 8000, 1),
    (6, "DVI4", 16000, 1),
    (7, "LPC", 8000, 1),
    (8, "PCMA", 8000, 1),
    (9, "G722", 8000, 1),
    (10, "L16", 44100, 2),
    (11, "L16", 44100, 1),
    (12, "QCELP", 8000, 1),
    (13, "CN", 8000, 1),
    (14, "MPA", 90000, 1),
    (15, "G728", 8000, 1),
    (16, "DVI4", 11025, 1),
    (17, "DVI4", 22050, 1),
    (18, "G729", 8000, 1),
    (25, "CelB", 90000, 1),
    (26, "JPEG", 90000, 1),
    (28, "nv", 90000, 1),
    (31, "H261", 90000, 1),
    (32, "MPV", 90000, 1),
    (33, "MP2T", 90000, 1),
    (34, "H263", 90000, 1),
];

/// The static mapping of a payload type, if RFC 3551 assigns one.
pub fn static_payload(pt: u8) -> Option<(&'static str, u32, u16)> {
    STATIC_PAYLOAD_TYPES
        .iter()
        .find(|e| e.0 == pt)
        .map(|&(_, n, c, ch)| (n, c, ch))
}

/// A voice codec (or the RFC 4733 event payload) Missive can negotiate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// G.711 µ-law, static payload type 0.
    Pcmu,
    /// G.711 A-law, static payload type 8.
    Pcma,
    /// G.722 (RTP clock 8000 by RFC 3551's historical error), static 9.
    G722,
    /// G.729, static 18.
    G729,
    /// G.726 at 16/24/32/40 kbit/s, dynamic. `aal2` selects the
    /// `AAL2-G726-*` bit packing (ITU-T I.366.2) instead of RFC 3551's.
    G726 {
        /// Bit rate in kbit/s: 16, 24, 32 or 40.
        kbps: u8,
        /// AAL2 packing (`AAL2-G726-xx`).
        aal2: bool,
    },
    /// RFC 4733 `telephone-event` (DTMF and other tones), dynamic.
    TelephoneEvent,
}

impl Codec {
    /// Encoding name as written in `rtpmap`.
    pub fn encoding_name(self) -> &'static str {
        match self {
            Self::Pcmu => "PCMU",
            Self::Pcma => "PCMA",
            Self::G722 => "G722",
            Self::G729 => "G729",
            Self::TelephoneEvent => "telephone-event",
            Self::G726 { kbps, aal2 } => match (kbps, aal2) {
                (16, false) => "G726-16",
                (24, false) => "G726-24",
                (40, false) => "G726-40",
                (16, true) => "AAL2-G726-16",
                (24, true) => "AAL2-G726-24",
                (40, true) => "AAL2-G726-40",
                (_, true) => "AAL2-G726-32",
                (_, false) => "G726-32",
            },
        }
    }

    /// RTP clock rate (all of these are 8000).
    pub fn clock_rate(self) -> u32 {
        8000
    }

    /// The RFC 3551 static payload type, for codecs that have one.
    pub fn static_payload_type(self) -> Option<u8> {
        match self {
            Self::Pcmu => Some(0),
            Self::Pcma => Some(8),
            Self::G722 => Some(9),
            Self::G729 => Some(18),
            Self::G726 { .. } | Self::TelephoneEvent => None,
        }
    }

    /// Recognises an encoding name (case-insensitive) at a clock rate.
    pub fn from_encoding(name: &str, clock_rate: u32) -> Option<Self> {
        if clock_rate != 8000 {
            return None;
        }
        let upper = |s: &str| name.eq_ignore_ascii_case(s);
        let g726 = |rest: &str, aal2: bool| -> Option<Self> {
            let kbps = match rest {
                "16" => 16,
                "24" => 24,
                "32" => 32,
                "40" => 40,
                _ => return None,
            };
            Some(Self::G726 { kbps, aal2 })
        };
        if upper("PCMU") {
            Some(Self::Pcmu)
        } else if upper("PCMA") {
            Some(Self::Pcma)
        } else if upper("G722") {
            Some(Self::G722)
        } else if upper("G729") {
            Some(Self::G729)
        } else if upper("telephone-event") {
            Some(Self::TelephoneEvent)
        } else if let Some(rest) = strip_prefix_ci(name, "AAL2-G726-") {
            g726(rest, true)
        } else if let Some(rest) = strip_prefix_ci(name, "G726-") {
            g726(rest, false)
        } else {
            None
        }
    }

    /// Parses the names the command line uses: `pcmu`, `pcma`, `g722`,
    /// `g729`, `g726-16/24/32/40`, `aal2-g726-…`, `telephone-event`.
    pub fn from_cli_name(name: &str) -> Option<Self> {
        Self::from_encoding(name, 8000)
    }
}

fn strip_prefix_ci<'n>(name: &'n str, prefix: &str) -> Option<&'n str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| name.get(prefix.len()..))
        .flatten()
}

impl fmt::Display for Codec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encoding_name())
    }
}

/// One format of an RTP `m=` line with what `rtpmap`/`fmtp` (or the static
/// table) say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload<'a> {
    /// Payload type number.
    pub payload_type: u8,
    /// Encoding name (from `rtpmap`, or the static table); `None` when unknown.
    pub encoding: Option<&'a str>,
    /// Clock rate in Hz (0 when unknown).
    pub clock_rate: u32,
    /// Channels, when given.
    pub channels: Option<u16>,
    /// The `fmtp` parameters, when present.
    pub fmtp: Option<&'a str>,
}

impl Payload<'_> {
    /// The codec, when it is one Missive knows.
    pub fn codec(&self) -> Option<Codec> {
        if self.channels.is_some_and(|c| c != 1) {
            return None;
        }
        Codec::from_encoding(self.encoding?, self.clock_rate)
    }
}

impl Media<'_> {
    /// The formats of an RTP media line, each resolved through its `rtpmap`
    /// (which wins over the static table) and `fmtp`. Formats that are not
    /// payload type numbers are skipped; a malformed `rtpmap` counts as absent.
    pub fn payloads(&self) -> impl Iterator<Item = Payload<'_>> + '_ {
        self.formats.iter().filter_map(move |f| {
            let pt = payload_type(f)?;
            let rtpmap = self
                .attributes
                .iter()
                .filter(|a| a.name == "rtpmap")
                .filter_map(|a| Rtpmap::parse(a.value.as_deref()?).ok())
                .find(|r| r.payload_type == pt);
            let fmtp = self
                .attributes
                .iter()
                .filter(|a| a.name == "fmtp")
                .filter_map(|a| Fmtp::parse(a.value.as_deref()?).ok())
                .find(|p| p.format == f.as_ref())
                .map(|p| p.params);
            let (encoding, clock_rate, channels) = match rtpmap {
                Some(r) => (Some(r.encoding), r.clock_rate, r.channels),
                None => match static_payload(pt) {
                    Some((n, c, ch)) => (Some(n), c, Some(ch).filter(|&ch| ch != 1)),
                    None => (None, 0, None),
                },
            };
            Some(Payload {
                payload_type: pt,
                encoding,
                clock_rate,
                channels,
                fmtp,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_table() {
        assert_eq!(static_payload(0), Some(("PCMU", 8000, 1)));
        assert_eq!(static_payload(8), Some(("PCMA", 8000, 1)));
        assert_eq!(static_payload(9), Some(("G722", 8000, 1)));
        assert_eq!(static_payload(18), Some(("G729", 8000, 1)));
        assert_eq!(static_payload(2), None);
        assert_eq!(static_payload(96), None);
        for c in [Codec::Pcmu, Codec::Pcma, Codec::G722, Codec::G729] {
            let pt = c.static_payload_type().unwrap();
            let (name, clock, _) = static_payload(pt).unwrap();
            assert_eq!(Codec::from_encoding(name, clock), Some(c));
        }
    }

    #[test]
    fn g726_names() {
        for kbps in [16, 24, 32, 40] {
            for aal2 in [false, true] {
                let c = Codec::G726 { kbps, aal2 };
                assert_eq!(Codec::from_encoding(c.encoding_name(), 8000), Some(c));
                assert_eq!(
                    Codec::from_encoding(&c.encoding_name().to_lowercase(), 8000),
                    Some(c)
                );
            }
        }
        assert_eq!(Codec::from_encoding("G726-32", 16000), None);
        assert_eq!(Codec::from_encoding("G726-33", 8000), None);
        assert_eq!(Codec::from_encoding("AAL2-G726", 8000), None);
        assert_eq!(
            Codec::from_cli_name("telephone-event"),
            Some(Codec::TelephoneEvent)
        );
    }

    #[test]
    fn payloads_resolve_rtpmap_and_fmtp() {
        let sdp = crate::parse(
            "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
             m=audio 1 RTP/AVP 0 2 97 101 3\r\na=rtpmap:97 G726-32/8000\r\n\
             a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtpmap:3 PCMA/8000\r\n",
        )
        .unwrap();
        let p: Vec<_> = sdp.media[0].payloads().collect();
        assert_eq!(p.len(), 5);
        assert_eq!(p[0].codec(), Some(Codec::Pcmu));
        assert_eq!(p[1].encoding, None); // PT 2 is reserved without rtpmap
        assert_eq!(
            p[2].codec(),
            Some(Codec::G726 {
                kbps: 32,
                aal2: false
            })
        );
        assert_eq!(
            (p[3].codec(), p[3].fmtp),
            (Some(Codec::TelephoneEvent), Some("0-16"))
        );
        assert_eq!(p[4].codec(), Some(Codec::Pcma)); // rtpmap wins over the table
    }
}
