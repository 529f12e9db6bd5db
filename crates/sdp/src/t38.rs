//! T.38 fax session attributes (ITU-T T.38 Annex D, RFC 7345 for `udptl`).

use std::fmt;

use crate::attr::parse_num;
use crate::error::Error;
use crate::session::{Attribute, Media};

/// `T38FaxRateManagement`: how the training check (TCF) crosses the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateManagement {
    /// `localTCF`: each gateway generates TCF locally (the TCP way).
    LocalTcf,
    /// `transferredTCF`: TCF travels end to end (required over UDP).
    TransferredTcf,
}

impl RateManagement {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LocalTcf => "localTCF",
            Self::TransferredTcf => "transferredTCF",
        }
    }
}

/// `T38FaxUdpEC`: the UDPTL error-correction scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UdpEc {
    /// No error correction (`t38UDPNoEC`, or the attribute absent).
    None,
    /// `t38UDPRedundancy`: earlier IFP packets repeated in each datagram.
    Redundancy,
    /// `t38UDPFEC`: XOR forward error correction.
    Fec,
}

impl UdpEc {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "t38UDPNoEC",
            Self::Redundancy => "t38UDPRedundancy",
            Self::Fec => "t38UDPFEC",
        }
    }
}

/// The T.38 session parameters of an `m=image … t38` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct T38Params {
    /// `T38FaxVersion` (0 when absent).
    pub version: u8,
    /// `T38MaxBitRate` in bit/s (e.g. 14400).
    pub max_bit_rate: Option<u32>,
    /// `T38FaxRateManagement`.
    pub rate_management: Option<RateManagement>,
    /// `T38FaxMaxBuffer` in bytes.
    pub max_buffer: Option<u32>,
    /// `T38FaxMaxDatagram` in bytes.
    pub max_datagram: Option<u32>,
    /// `T38FaxUdpEC` (`None` when absent).
    pub udp_ec: Option<UdpEc>,
    /// `T38FaxFillBitRemoval`.
    pub fill_bit_removal: bool,
    /// `T38FaxTranscodingMMR`.
    pub transcoding_mmr: bool,
    /// `T38FaxTranscodingJBIG`.
    pub transcoding_jbig: bool,
}

impl Default for T38Params {
    /// Version 0, no optional parameter, no transcoding.
    fn default() -> Self {
        Self {
            version: 0,
            max_bit_rate: None,
            rate_management: None,
            max_buffer: None,
            max_datagram: None,
            udp_ec: None,
            fill_bit_removal: false,
            transcoding_mmr: false,
            transcoding_jbig: false,
        }
    }
}

fn bad(field: &'static str, reason: &'static str) -> Error {
    Error::Syntax {
        line: 0,
        field,
        reason,
    }
}

fn number(a: &Attribute<'_>, field: &'static str) -> Result<u32, Error> {
    a.value
        .as_deref()
        .map(str::trim)
        .and_then(parse_num::<u32>)
        .ok_or_else(|| bad(field, "expected a decimal number"))
}

/// A boolean T.38 attribute: the bare name (T.38 2002+) or `:1`/`:0` (1998).
fn boolean(a: &Attribute<'_>, field: &'static str) -> Result<bool, Error> {
    match a.value.as_deref().map(str::trim) {
        None | Some("1") => Ok(true),
        Some("0") => Ok(false),
        Some(_) => Err(bad(field, "expected no value, 0 or 1")),
    }
}

impl T38Params {
    /// Reads the T.38 attributes of a media section (names matched
    /// case-insensitively, unknown ones such as `T38VendorInfo` ignored).
    ///
    /// # Errors
    /// [`Error::Syntax`] naming the attribute whose value is malformed.
    pub fn from_media(media: &Media<'_>) -> Result<Self, Error> {
        Self::from_attributes(&media.attributes)
    }

    /// As [`T38Params::from_media`], over a list of attributes.
    ///
    /// # Errors
    /// [`Error::Syntax`] naming the attribute whose value is malformed.
    pub fn from_attributes(attributes: &[Attribute<'_>]) -> Result<Self, Error> {
        let mut p = Self::default();
        for a in attributes {
            let name = &*a.name;
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if is("T38FaxVersion") {
                let v = number(a, "a=T38FaxVersion")?;
                p.version = u8::try_from(v).map_err(|_| bad("a=T38FaxVersion", "above 255"))?;
            } else if is("T38MaxBitRate") {
                p.max_bit_rate = Some(number(a, "a=T38MaxBitRate")?);
            } else if is("T38FaxMaxBuffer") {
                p.max_buffer = Some(number(a, "a=T38FaxMaxBuffer")?);
            } else if is("T38FaxMaxDatagram") {
                p.max_datagram = Some(number(a, "a=T38FaxMaxDatagram")?);
            } else if is("T38FaxRateManagement") {
                let v = a.value.as_deref().map_or("", str::trim);
                p.rate_management = Some(if v.eq_ignore_ascii_case("transferredTCF") {
                    RateManagement::TransferredTcf
                } else if v.eq_ignore_ascii_case("localTCF") {
                    RateManagement::LocalTcf
                } else {
                    return Err(bad(
                        "a=T38FaxRateManagement",
                        "expected localTCF or transferredTCF",
                    ));
                });
            } else if is("T38FaxUdpEC") {
                let v = a.value.as_deref().map_or("", str::trim);
                p.udp_ec = Some(if v.eq_ignore_ascii_case("t38UDPRedundancy") {
                    UdpEc::Redundancy
                } else if v.eq_ignore_ascii_case("t38UDPFEC") {
                    UdpEc::Fec
                } else if v.eq_ignore_ascii_case("t38UDPNoEC") {
                    UdpEc::None
                } else {
                    return Err(bad(
                        "a=T38FaxUdpEC",
                        "expected t38UDPRedundancy, t38UDPFEC or t38UDPNoEC",
                    ));
                });
            } else if is("T38FaxFillBitRemoval") {
                p.fill_bit_removal = boolean(a, "a=T38FaxFillBitRemoval")?;
            } else if is("T38FaxTranscodingMMR") {
                p.transcoding_mmr = boolean(a, "a=T38FaxTranscodingMMR")?;
            } else if is("T38FaxTranscodingJBIG") {
                p.transcoding_jbig = boolean(a, "a=T38FaxTranscodingJBIG")?;
            }
        }
        Ok(p)
    }

    /// The attributes, canonically spelled and ordered; booleans appear as
    /// bare names only when true.
    pub fn to_attributes(&self) -> Vec<Attribute<'static>> {
        let mut v = vec![Attribute::value("T38FaxVersion", self.version.to_string())];
        if let Some(r) = self.max_bit_rate {
            v.push(Attribute::value("T38MaxBitRate", r.to_string()));
        }
        if self.fill_bit_removal {
            v.push(Attribute::flag("T38FaxFillBitRemoval"));
        }
        if self.transcoding_mmr {
            v.push(Attribute::flag("T38FaxTranscodingMMR"));
        }
        if self.transcoding_jbig {
            v.push(Attribute::flag("T38FaxTranscodingJBIG"));
        }
        if let Some(r) = self.rate_management {
            v.push(Attribute::value("T38FaxRateManagement", r.as_str()));
        }
        if let Some(b) = self.max_buffer {
            v.push(Attribute::value("T38FaxMaxBuffer", b.to_string()));
        }
        if let Some(d) = self.max_datagram {
            v.push(Attribute::value("T38FaxMaxDatagram", d.to_string()));
        }
        if let Some(ec) = self.udp_ec {
            v.push(Attribute::value("T38FaxUdpEC", ec.as_str()));
        }
        v
    }
}

impl fmt::Display for T38Params {
    /// One line per attribute, as they would appear after `a=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for a in self.to_attributes() {
            match a.value {
                Some(v) => writeln!(f, "{}:{v}", a.name)?,
                None => writeln!(f, "{}", a.name)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(list: &[&str]) -> Vec<Attribute<'static>> {
        list.iter()
            .map(|a| match a.split_once(':') {
                Some((n, v)) => Attribute::value(n.to_string(), v.to_string()),
                None => Attribute::flag(a.to_string()),
            })
            .collect()
    }

    #[test]
    fn reads_every_attribute() {
        let p = T38Params::from_attributes(&attrs(&[
            "T38FaxVersion:3",
            "T38MaxBitRate:33600",
            "T38FaxRateManagement:transferredTCF",
            "T38FaxMaxBuffer:2000",
            "T38FaxMaxDatagram:1400",
            "T38FaxUdpEC:t38UDPFEC",
            "T38FaxFillBitRemoval",
            "T38FaxTranscodingMMR:0",
            "T38FaxTranscodingJBIG:1",
            "T38VendorInfo:0 0 0",
        ]))
        .unwrap();
        assert_eq!(p.version, 3);
        assert_eq!(p.max_bit_rate, Some(33600));
        assert_eq!(p.rate_management, Some(RateManagement::TransferredTcf));
        assert_eq!((p.max_buffer, p.max_datagram), (Some(2000), Some(1400)));
        assert_eq!(p.udp_ec, Some(UdpEc::Fec));
        assert!(p.fill_bit_removal && !p.transcoding_mmr && p.transcoding_jbig);
        // Canonical attributes read back to the same parameters.
        assert_eq!(T38Params::from_attributes(&p.to_attributes()).unwrap(), p);
    }

    #[test]
    fn case_insensitive_names_and_errors() {
        let p = T38Params::from_attributes(&attrs(&[
            "t38faxversion:1",
            "t38faxudpec:T38UDPREDUNDANCY",
        ]))
        .unwrap();
        assert_eq!((p.version, p.udp_ec), (1, Some(UdpEc::Redundancy)));
        for bad in [
            "T38FaxVersion:x",
            "T38FaxVersion:256",
            "T38MaxBitRate",
            "T38FaxRateManagement:remoteTCF",
            "T38FaxUdpEC:foo",
            "T38FaxFillBitRemoval:yes",
        ] {
            let e = T38Params::from_attributes(&attrs(&[bad])).unwrap_err();
            assert!(matches!(e, Error::Syntax { line: 0, .. }), "{bad}: {e}");
        }
    }
}
