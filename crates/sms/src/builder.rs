//! Owned builders that encode SMS-SUBMIT (to send through AT+CMGS) and
//! SMS-DELIVER (for tests and SMSC simulators), split into parts.

use crate::address;
use crate::dcs::{Alphabet, Dcs, Indication};
use crate::gsm7::{self, Language};
use crate::plan::{plan, EncodeOptions, Plan};
use crate::time::{Timestamp, Validity};
use crate::Error;

/// One encoded PDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedPdu {
    /// SMSC prefix + TPDU, as AT+CMGS expects after its prompt.
    pub bytes: Vec<u8>,
    /// The TPDU length in octets (the `<length>` of `AT+CMGS=<length>`).
    pub tpdu_len: usize,
}

impl EncodedPdu {
    /// Upper-case hexadecimal of [`EncodedPdu::bytes`].
    pub fn hex(&self) -> String {
        crate::hex::encode(&self.bytes)
    }
}

/// What the common part of both builders holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Common {
    smsc: Option<String>,
    text: String,
    data: Option<Vec<u8>>,
    options: EncodeOptions,
    reference: u16,
    class: Option<u8>,
    pid: u8,
}

impl Common {
    /// Appends a special SMS message indication (UDH IE 0x01, TS 23.040 9.2.3.24.2).
    fn add_indication(&mut self, kind: Indication, count: u8, store: bool) {
        let t = match kind {
            Indication::VoiceMail => 0,
            Indication::Fax => 1,
            Indication::Email => 2,
            Indication::Other => 3,
        } | if store { 0x80 } else { 0 };
        self.options.extra_udh.extend([0x01, 2, t, count]);
    }

    /// Appends 16-bit application port addressing (UDH IE 0x05).
    fn add_ports(&mut self, destination: u16, originator: u16) {
        let udh = &mut self.options.extra_udh;
        udh.extend([0x05, 4]);
        udh.extend(destination.to_be_bytes());
        udh.extend(originator.to_be_bytes());
    }

    /// Encodes every part of `plan`: SMSC prefix, the TPDU fields up to the
    /// DCS that `fields` writes for part `i`, then TP-UDL/TP-UD.
    fn build_parts(
        &self,
        plan: &Plan,
        mut fields: impl FnMut(usize, &mut Vec<u8>) -> Result<(), Error>,
    ) -> Result<Vec<EncodedPdu>, Error> {
        if plan.parts.len() > 255 {
            return Err(Error::Limit {
                what: "parts",
                max: 255,
            });
        }
        let mut out = Vec::with_capacity(plan.parts.len());
        for i in 0..plan.parts.len() {
            let mut b = Vec::with_capacity(176);
            smsc_prefix(self.smsc.as_deref(), &mut b)?;
            let start = b.len();
            fields(i, &mut b)?;
            user_data(plan, self, i, &mut b)?;
            out.push(EncodedPdu {
                tpdu_len: b.len() - start,
                bytes: b,
            });
        }
        Ok(out)
    }
}

fn smsc_prefix(smsc: Option<&str>, out: &mut Vec<u8>) -> Result<(), Error> {
    match smsc {
        None => out.push(0),
        Some(s) => {
            let (_, toa, v) = address::encode(s, false)?;
            out.push(v.len() as u8 + 1);
            out.push(toa);
            out.extend(v);
        }
    }
    Ok(())
}

fn push_address(out: &mut Vec<u8>, addr: &str, alpha: bool) -> Result<(), Error> {
    let (n, toa, v) = address::encode(addr, alpha)?;
    out.push(n);
    out.push(toa);
    out.extend(v);
    Ok(())
}

/// Encodes TP-DCS + (caller writes fields between) + TP-UDL/TP-UD for part `i`.
fn user_data(plan: &Plan, common: &Common, i: usize, out: &mut Vec<u8>) -> Result<(), Error> {
    let total = plan.parts.len();
    let extra = &common.options.extra_udh;
    let reference = common.reference;
    let range = plan.parts.get(i).cloned().unwrap_or(0..0);
    let part = common.text.get(range.clone()).unwrap_or("");
    let mut udh = Vec::new();
    if total > 1 {
        if plan.wide_reference {
            udh.extend([0x08, 4]);
            udh.extend(reference.to_be_bytes());
        } else {
            udh.extend([0x00, 3, reference as u8]);
        }
        udh.extend([total as u8, (i + 1) as u8]);
    }
    if plan.single != Language::Default {
        udh.extend([0x24, 1, plan.single.id()]);
    }
    udh.extend(extra);
    if plan.locking != Language::Default {
        udh.extend([0x25, 1, plan.locking.id()]);
    }
    let udh_octets = if udh.is_empty() { 0 } else { udh.len() + 1 };
    match plan.alphabet {
        Alphabet::Gsm7 => {
            let septets = gsm7::encode_str(part, plan.locking, plan.single)?;
            let header_septets = (udh_octets * 8).div_ceil(7);
            let fill = (header_septets * 7 - udh_octets * 8) as u8;
            out.push((header_septets + septets.len()) as u8);
            if udh_octets > 0 {
                out.push(udh.len() as u8);
                out.extend(&udh);
            }
            gsm7::pack(&septets, fill, out);
        }
        Alphabet::Ucs2 => {
            let units: Vec<u16> = part.encode_utf16().collect();
            out.push((udh_octets + units.len() * 2) as u8);
            if udh_octets > 0 {
                out.push(udh.len() as u8);
                out.extend(&udh);
            }
            for u in units {
                out.extend(u.to_be_bytes());
            }
        }
        Alphabet::EightBit => {
            let bytes = match &common.data {
                Some(d) => d.get(range).unwrap_or(&[]),
                None => part.as_bytes(),
            };
            out.push((udh_octets + bytes.len()) as u8);
            if udh_octets > 0 {
                out.push(udh.len() as u8);
                out.extend(&udh);
            }
            out.extend(bytes);
        }
    }
    Ok(())
}

/// Builds SMS-SUBMIT PDUs for a text, split into as many parts as needed.
///
/// ```
/// use missive_sms::SubmitBuilder;
/// let parts = SubmitBuilder::new("+31641600986", "How are you?").build().unwrap();
/// assert_eq!(parts.len(), 1);
/// assert_eq!(parts[0].hex(), "0001000B911346610089F600000CC8F71D14969741F977FD07");
/// assert_eq!(parts[0].tpdu_len, 24);
/// let back = missive_sms::decode(&parts[0].bytes).unwrap();
/// assert_eq!(back.tpdu.user_data().unwrap().text().unwrap(), "How are you?");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitBuilder {
    to: String,
    common: Common,
    status_report: bool,
    reject_duplicates: bool,
    validity: Option<Validity>,
    message_ref: u8,
}

impl SubmitBuilder {
    /// A message to `to` (`+` and digits for international, digits otherwise).
    pub fn new(to: &str, text: &str) -> Self {
        SubmitBuilder {
            to: to.to_owned(),
            common: Common {
                text: text.to_owned(),
                ..Common::default()
            },
            status_report: false,
            reject_duplicates: false,
            validity: None,
            message_ref: 0,
        }
    }

    /// An 8-bit data message (DCS 0x04) to `to`, split into parts of at most
    /// 140 octets minus the UDH; combine with [`SubmitBuilder::ports`] for
    /// application-port addressed data (WAP push, OMA provisioning …).
    pub fn binary(to: &str, data: &[u8]) -> Self {
        let mut b = Self::new(to, "");
        b.common.data = Some(data.to_vec());
        b
    }

    /// SMSC address prefix (default: length 0, the modem's configured SMSC).
    #[must_use]
    pub fn smsc(mut self, smsc: &str) -> Self {
        self.common.smsc = Some(smsc.to_owned());
        self
    }

    /// Encoding options (alphabet, allowed national tables, reference width);
    /// UDH elements added before are kept.
    #[must_use]
    pub fn options(mut self, options: EncodeOptions) -> Self {
        let earlier = core::mem::take(&mut self.common.options.extra_udh);
        self.common.options = options;
        self.common.options.extra_udh.extend(earlier);
        self
    }

    /// Request a status report (TP-SRR).
    #[must_use]
    pub fn status_report(mut self, on: bool) -> Self {
        self.status_report = on;
        self
    }

    /// Ask the SMSC to reject duplicates (TP-RD).
    #[must_use]
    pub fn reject_duplicates(mut self, on: bool) -> Self {
        self.reject_duplicates = on;
        self
    }

    /// Validity period (TP-VP).
    #[must_use]
    pub fn validity(mut self, v: Validity) -> Self {
        self.validity = Some(v);
        self
    }

    /// TP-MR of the first part (later parts count up).
    #[must_use]
    pub fn message_ref(mut self, mr: u8) -> Self {
        self.message_ref = mr;
        self
    }

    /// Concatenation reference shared by the parts.
    #[must_use]
    pub fn reference(mut self, r: u16) -> Self {
        self.common.reference = r;
        self
    }

    /// Message class 0–3 in the DCS.
    #[must_use]
    pub fn class(mut self, class: u8) -> Self {
        self.common.class = Some(class & 3);
        self
    }

    /// The plan the builder will follow (alphabet, parts, units left).
    ///
    /// # Errors
    /// [`Error::Unrepresentable`] when GSM 7-bit was forced and a character is missing.
    pub fn plan(&self) -> Result<Plan, Error> {
        match &self.common.data {
            Some(d) => Ok(crate::plan::plan_binary(d.len(), &self.common.options)),
            None => plan(&self.common.text, &self.common.options),
        }
    }

    /// Adds a special SMS message indication (UDH IE 0x01, TS 23.040
    /// 9.2.3.24.2) to every part: e.g. `count` voice mails waiting; 0 clears
    /// the indication. `store` asks the phone to keep the message.
    #[must_use]
    pub fn special_indication(mut self, kind: Indication, count: u8, store: bool) -> Self {
        self.common.add_indication(kind, count, store);
        self
    }

    /// Adds 16-bit application port addressing (UDH IE 0x05) to every part.
    #[must_use]
    pub fn ports(mut self, destination: u16, originator: u16) -> Self {
        self.common.add_ports(destination, originator);
        self
    }

    /// Encodes every part.
    ///
    /// # Errors
    /// A bad address ([`Error::Address`]), an unencodable text, or more than 255 parts ([`Error::Limit`]).
    pub fn build(&self) -> Result<Vec<EncodedPdu>, Error> {
        let plan = self.plan()?;
        self.common.build_parts(&plan, |i, b| {
            let vpf: u8 = match self.validity {
                None => 0,
                Some(Validity::Relative(_)) => 2,
                Some(Validity::Enhanced(_)) => 1,
                Some(Validity::Absolute(_)) => 3,
            };
            let udhi = plan.udh_len() > 0;
            b.push(
                0x01 | u8::from(self.reject_duplicates) << 2
                    | vpf << 3
                    | u8::from(self.status_report) << 5
                    | u8::from(udhi) << 6,
            );
            b.push(self.message_ref.wrapping_add(i as u8));
            push_address(b, &self.to, false)?;
            b.push(self.common.pid);
            b.push(Dcs::for_alphabet(plan.alphabet, self.common.class).0);
            match self.validity {
                None => {}
                Some(Validity::Relative(v)) => b.push(v),
                Some(Validity::Enhanced(e)) => b.extend(e),
                Some(Validity::Absolute(t)) => b.extend(t.encode()),
            }
            Ok(())
        })
    }
}

/// Builds SMS-DELIVER PDUs (what a phone receives), split into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverBuilder {
    from: String,
    alphanumeric: bool,
    scts: Timestamp,
    common: Common,
}

impl DeliverBuilder {
    /// A message from `from` (a number, or see [`DeliverBuilder::alphanumeric`]) stamped `scts`.
    pub fn new(from: &str, text: &str, scts: Timestamp) -> Self {
        DeliverBuilder {
            from: from.to_owned(),
            alphanumeric: false,
            scts,
            common: Common {
                text: text.to_owned(),
                ..Common::default()
            },
        }
    }

    /// The sender is an alphanumeric name (TON 101, up to 11 GSM characters).
    #[must_use]
    pub fn alphanumeric(mut self, on: bool) -> Self {
        self.alphanumeric = on;
        self
    }

    /// SMSC address prefix.
    #[must_use]
    pub fn smsc(mut self, smsc: &str) -> Self {
        self.common.smsc = Some(smsc.to_owned());
        self
    }

    /// Encoding options.
    #[must_use]
    pub fn options(mut self, options: EncodeOptions) -> Self {
        let earlier = core::mem::take(&mut self.common.options.extra_udh);
        self.common.options = options;
        self.common.options.extra_udh.extend(earlier);
        self
    }

    /// Concatenation reference.
    #[must_use]
    pub fn reference(mut self, r: u16) -> Self {
        self.common.reference = r;
        self
    }

    /// Adds a special SMS message indication (UDH IE 0x01, TS 23.040
    /// 9.2.3.24.2) to every part: e.g. `count` voice mails waiting; 0 clears
    /// the indication. `store` asks the phone to keep the message.
    #[must_use]
    pub fn special_indication(mut self, kind: Indication, count: u8, store: bool) -> Self {
        self.common.add_indication(kind, count, store);
        self
    }

    /// Adds 16-bit application port addressing (UDH IE 0x05) to every part.
    #[must_use]
    pub fn ports(mut self, destination: u16, originator: u16) -> Self {
        self.common.add_ports(destination, originator);
        self
    }

    /// Encodes every part.
    ///
    /// # Errors
    /// A bad address ([`Error::Address`]), an unencodable text, or more than 255 parts ([`Error::Limit`]).
    pub fn build(&self) -> Result<Vec<EncodedPdu>, Error> {
        let plan = plan(&self.common.text, &self.common.options)?;
        self.common.build_parts(&plan, |i, b| {
            let udhi = plan.udh_len() > 0;
            let more = i + 1 < plan.parts.len();
            b.push(u8::from(!more) << 2 | u8::from(udhi) << 6);
            push_address(b, &self.from, self.alphanumeric)?;
            b.push(self.common.pid);
            b.push(Dcs::for_alphabet(plan.alphabet, self.common.class).0);
            b.extend(self.scts.encode());
            Ok(())
        })
    }
}
