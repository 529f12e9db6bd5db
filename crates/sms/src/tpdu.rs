//! Zero-copy decoding of the six TPDU types of TS 23.040 (9.2.2), with the
//! optional SMSC address prefix that AT+CMGL/+CMGR print in PDU mode.

use crate::address::Address;
use crate::dcs::{Alphabet, Dcs, Pid};
use crate::gsm7::{self, Language};
use crate::time::{Timestamp, Validity};
use crate::udh::Udh;
use crate::Error;

/// Whether the PDU starts with the SMSC address (TS 27.005 PDU mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmscPrefix {
    /// Try with the prefix first, then without.
    #[default]
    Auto,
    /// The first octet is the SMSC address length (0 = none).
    Present,
    /// The PDU is a bare TPDU.
    Absent,
}

/// How to read TP-MTI, whose values mean different types in each direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Messages as a modem stores or lists them (AT+CMGL): 0 = DELIVER,
    /// 1 = SUBMIT, 2 = STATUS-REPORT.
    #[default]
    Stored,
    /// Service centre → mobile: 0 = DELIVER, 1 = SUBMIT-REPORT, 2 = STATUS-REPORT.
    ToMobile,
    /// Mobile → service centre: 0 = DELIVER-REPORT, 1 = SUBMIT, 2 = COMMAND.
    FromMobile,
}

/// Decoder options. The default is strict, stored-message direction,
/// auto-detected SMSC prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecodeOptions {
    /// SMSC prefix handling.
    pub smsc: SmscPrefix,
    /// TP-MTI interpretation.
    pub direction: Direction,
    /// Accept what real modems produce: user data shorter than TP-UDL says,
    /// a TP-UDL above 160 septets/140 octets, non-BCD time stamp digits,
    /// broken UDH elements, extra octets after the TPDU.
    pub lenient: bool,
}

/// A decoded PDU: optional SMSC address and the TPDU, borrowing the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdu<'a> {
    /// The SMSC address when the PDU had the prefix (`None` if absent or empty).
    pub smsc: Option<Address<'a>>,
    /// Whether the PDU had an SMSC prefix at all (even of length 0).
    pub had_smsc_prefix: bool,
    /// The TPDU.
    pub tpdu: Tpdu<'a>,
}

/// The six TPDU types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tpdu<'a> {
    /// SMS-DELIVER (9.2.2.1).
    Deliver(Deliver<'a>),
    /// SMS-SUBMIT (9.2.2.2).
    Submit(Submit<'a>),
    /// SMS-STATUS-REPORT (9.2.2.3).
    StatusReport(StatusReport<'a>),
    /// SMS-DELIVER-REPORT (9.2.2.1a).
    DeliverReport(Report<'a>),
    /// SMS-SUBMIT-REPORT (9.2.2.2a).
    SubmitReport(Report<'a>),
    /// SMS-COMMAND (9.2.2.4).
    Command(Command<'a>),
}

impl<'a> Tpdu<'a> {
    /// The name used in JSON output (`SMS-DELIVER` …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Tpdu::Deliver(_) => "SMS-DELIVER",
            Tpdu::Submit(_) => "SMS-SUBMIT",
            Tpdu::StatusReport(_) => "SMS-STATUS-REPORT",
            Tpdu::DeliverReport(_) => "SMS-DELIVER-REPORT",
            Tpdu::SubmitReport(_) => "SMS-SUBMIT-REPORT",
            Tpdu::Command(_) => "SMS-COMMAND",
        }
    }

    /// The user data, for the types that carry it.
    pub fn user_data(&self) -> Option<&UserData<'a>> {
        match self {
            Tpdu::Deliver(d) => Some(&d.user_data),
            Tpdu::Submit(s) => Some(&s.user_data),
            Tpdu::StatusReport(r) => r.user_data.as_ref(),
            Tpdu::DeliverReport(r) | Tpdu::SubmitReport(r) => r.user_data.as_ref(),
            Tpdu::Command(_) => None,
        }
    }
}

/// TP-UD with its coding, borrowing the PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserData<'a> {
    /// The data coding scheme that applies.
    pub dcs: Dcs,
    /// The user data header, when TP-UDHI is set.
    pub udh: Option<Udh<'a>>,
    /// The octets after the header (for 7-bit: still packed, starting with
    /// `fill_bits` padding bits).
    pub body: &'a [u8],
    /// Septets of text (7-bit) or octets of body (8-bit, UCS-2).
    pub len: usize,
    /// Padding bits before the first septet (7-bit after a UDH).
    pub fill_bits: u8,
}

impl UserData<'_> {
    /// The alphabet from the DCS.
    pub fn alphabet(&self) -> Alphabet {
        self.dcs.alphabet()
    }

    /// Appends the text to `out`. 7-bit uses the national shift tables the
    /// UDH names; UCS-2 is read as UTF-16BE (surrogate pairs give emoji,
    /// lone surrogates become U+FFFD); 8-bit data is shown as ISO 8859-1.
    ///
    /// # Errors
    /// [`Error::Compressed`] for compressed user data (TS 23.042).
    pub fn write_text(&self, out: &mut String) -> Result<(), Error> {
        if self.dcs.compressed() {
            return Err(Error::Compressed);
        }
        match self.alphabet() {
            Alphabet::Gsm7 => {
                let (lock, single) = match &self.udh {
                    Some(u) => (
                        u.locking_shift().unwrap_or(Language::Default),
                        u.single_shift().unwrap_or(Language::Default),
                    ),
                    None => (Language::Default, Language::Default),
                };
                out.reserve(self.len);
                gsm7::decode_packed(self.body, self.fill_bits, self.len, lock, single, out);
            }
            Alphabet::Ucs2 => {
                let units = self
                    .body
                    .chunks_exact(2)
                    .map(|p| u16::from_be_bytes([p[0], p[1]]));
                out.reserve(self.body.len());
                out.extend(
                    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
                );
            }
            Alphabet::EightBit => out.extend(self.body.iter().map(|&b| char::from(b))),
        }
        Ok(())
    }

    /// The text as a new string (see [`UserData::write_text`]).
    ///
    /// # Errors
    /// [`Error::Compressed`] for compressed user data (TS 23.042).
    pub fn text(&self) -> Result<String, Error> {
        let mut s = String::new();
        self.write_text(&mut s)?;
        Ok(s)
    }
}

/// SMS-DELIVER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deliver<'a> {
    /// The first octet (MTI, MMS, LP, SRI, UDHI, RP).
    pub first_octet: u8,
    /// TP-OA.
    pub originator: Address<'a>,
    /// TP-PID.
    pub pid: Pid,
    /// TP-SCTS.
    pub scts: Timestamp,
    /// TP-UD.
    pub user_data: UserData<'a>,
}

impl Deliver<'_> {
    /// TP-MMS inverted: true when the SC has more messages waiting.
    pub fn more_messages(&self) -> bool {
        self.first_octet & 0x04 == 0
    }
    /// TP-SRI: a status report will be returned to the sender.
    pub fn status_report_indication(&self) -> bool {
        self.first_octet & 0x20 != 0
    }
    /// TP-RP: reply path set.
    pub fn reply_path(&self) -> bool {
        self.first_octet & 0x80 != 0
    }
}

/// SMS-SUBMIT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submit<'a> {
    /// The first octet (MTI, RD, VPF, SRR, UDHI, RP).
    pub first_octet: u8,
    /// TP-MR.
    pub message_ref: u8,
    /// TP-DA.
    pub destination: Address<'a>,
    /// TP-PID.
    pub pid: Pid,
    /// TP-VP.
    pub validity: Option<Validity>,
    /// TP-UD.
    pub user_data: UserData<'a>,
}

impl Submit<'_> {
    /// TP-SRR: a status report is requested.
    pub fn status_report_request(&self) -> bool {
        self.first_octet & 0x20 != 0
    }
    /// TP-RD: reject duplicates.
    pub fn reject_duplicates(&self) -> bool {
        self.first_octet & 0x04 != 0
    }
}

/// SMS-STATUS-REPORT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport<'a> {
    /// The first octet (MTI, MMS, LP, SRQ, UDHI).
    pub first_octet: u8,
    /// TP-MR of the SUBMIT this reports on.
    pub message_ref: u8,
    /// TP-RA.
    pub recipient: Address<'a>,
    /// TP-SCTS of the original message.
    pub scts: Timestamp,
    /// TP-DT: discharge time.
    pub discharge: Timestamp,
    /// TP-ST.
    pub status: u8,
    /// TP-PID when TP-PI says so.
    pub pid: Option<Pid>,
    /// TP-UD when TP-PI says so.
    pub user_data: Option<UserData<'a>>,
}

impl StatusReport<'_> {
    /// TP-SRQ: this reports on a COMMAND rather than a SUBMIT.
    pub fn for_command(&self) -> bool {
        self.first_octet & 0x20 != 0
    }
}

/// TP-ST meaning in three classes (TS 23.040 9.2.3.15).
pub fn status_class(st: u8) -> &'static str {
    match st {
        0x00..=0x1F => "delivered",
        0x20..=0x3F => "pending",
        0x40..=0x5F => "failed",
        _ => "failed-final",
    }
}

/// SMS-DELIVER-REPORT or SMS-SUBMIT-REPORT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report<'a> {
    /// The first octet (MTI, UDHI).
    pub first_octet: u8,
    /// TP-FCS (RP-ERROR reports only: values 0x80..=0xFF).
    pub failure_cause: Option<u8>,
    /// TP-PI.
    pub parameter_indicator: u8,
    /// TP-SCTS (SUBMIT-REPORT only).
    pub scts: Option<Timestamp>,
    /// TP-PID when present.
    pub pid: Option<Pid>,
    /// TP-UD when present.
    pub user_data: Option<UserData<'a>>,
}

/// SMS-COMMAND.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The first octet (MTI, SRR, UDHI).
    pub first_octet: u8,
    /// TP-MR.
    pub message_ref: u8,
    /// TP-PID.
    pub pid: Pid,
    /// TP-CT (0 = enquiry, 1 = cancel SRR, 2 = delete, 3 = enable SRR).
    pub command_type: u8,
    /// TP-MN.
    pub message_number: u8,
    /// TP-DA.
    pub destination: Address<'a>,
    /// TP-CD.
    pub data: &'a [u8],
}

struct Cur<'a> {
    b: &'a [u8],
    pos: usize,
    base: usize,
    lenient: bool,
}

impl<'a> Cur<'a> {
    fn u8(&mut self, field: &'static str) -> Result<u8, Error> {
        let v = *self.b.get(self.pos).ok_or(Error::Truncated {
            offset: self.base + self.pos,
            field,
        })?;
        self.pos += 1;
        Ok(v)
    }

    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], Error> {
        let s = self.b.get(self.pos..self.pos + n).ok_or(Error::Truncated {
            offset: self.base + self.pos,
            field,
        })?;
        self.pos += n;
        Ok(s)
    }

    fn off(&self) -> usize {
        self.base + self.pos
    }

    fn address(&mut self, field: &'static str) -> Result<Address<'a>, Error> {
        let at = self.off();
        let semi = usize::from(self.u8(field)?);
        if semi > 20 && !self.lenient {
            return Err(Error::Invalid { offset: at, field });
        }
        let toa = self.u8(field)?;
        let raw = self.take(semi.div_ceil(2), field)?;
        Ok(Address {
            toa,
            semi_octets: semi,
            raw,
        })
    }

    fn timestamp(&mut self, field: &'static str) -> Result<Timestamp, Error> {
        let at = self.off();
        let raw = self.take(7, field)?;
        let arr: [u8; 7] = raw
            .try_into()
            .map_err(|_| Error::Truncated { offset: at, field })?;
        Timestamp::decode(&arr, !self.lenient).ok_or(Error::Invalid { offset: at, field })
    }

    /// TP-UDL + TP-UD; `udhi` from the first octet.
    fn user_data(&mut self, dcs: Dcs, udhi: bool) -> Result<UserData<'a>, Error> {
        let udl_at = self.off();
        let udl = usize::from(self.u8("TP-UDL")?);
        let seven = dcs.alphabet() == Alphabet::Gsm7 && !dcs.compressed();
        let (max, octets) = if seven {
            (160, gsm7::packed_len(udl, 0))
        } else {
            (140, udl)
        };
        if udl > max && !self.lenient {
            return Err(Error::Invalid {
                offset: udl_at,
                field: "TP-UDL",
            });
        }
        let ud_at = self.off();
        let avail = self.b.len().saturating_sub(self.pos);
        let ud = if octets <= avail {
            self.take(octets, "TP-UD")?
        } else if self.lenient {
            self.take(avail, "TP-UD")?
        } else {
            return Err(Error::Truncated {
                offset: ud_at,
                field: "TP-UD",
            });
        };
        let mut udh = None;
        let mut body = ud;
        let mut fill_bits = 0u8;
        let mut len = if seven { udl } else { ud.len() };
        if udhi && !ud.is_empty() {
            let udhl = usize::from(ud[0]);
            let Some(h) = ud.get(1..=udhl) else {
                if self.lenient {
                    return Ok(UserData {
                        dcs,
                        udh: None,
                        body: &[],
                        len: 0,
                        fill_bits: 0,
                    });
                }
                return Err(Error::Invalid {
                    offset: ud_at,
                    field: "TP-UDHL",
                });
            };
            let (u, bad) = Udh::new(h);
            if let (Some(i), false) = (bad, self.lenient) {
                return Err(Error::Invalid {
                    offset: ud_at + 1 + i,
                    field: "UDH information element",
                });
            }
            udh = Some(u);
            body = ud.get(udhl + 1..).unwrap_or(&[]);
            if seven {
                let header_septets = ((udhl + 1) * 8).div_ceil(7);
                fill_bits = (header_septets * 7 - (udhl + 1) * 8) as u8;
                if udl < header_septets && !self.lenient {
                    return Err(Error::Invalid {
                        offset: udl_at,
                        field: "TP-UDL",
                    });
                }
                len = udl.saturating_sub(header_septets);
            } else {
                len = body.len();
            }
        } else if udhi && !self.lenient && udl > 0 {
            return Err(Error::Truncated {
                offset: ud_at,
                field: "TP-UDHL",
            });
        }
        if seven {
            // Never promise more septets than the octets hold (lenient input).
            let have = (body.len() * 8).saturating_sub(usize::from(fill_bits)) / 7;
            len = len.min(have);
        } else if dcs.alphabet() == Alphabet::Ucs2 && body.len() % 2 != 0 && !self.lenient {
            return Err(Error::Invalid {
                offset: udl_at,
                field: "TP-UDL (odd UCS-2 length)",
            });
        }
        Ok(UserData {
            dcs,
            udh,
            body,
            len,
            fill_bits,
        })
    }

    /// Strict: only SIM padding (0xFF) may follow (TS 31.102 4.2.25 / TS 51.011 10.5.3).
    fn finish(&self) -> Result<(), Error> {
        let rest = self.b.get(self.pos..).unwrap_or(&[]);
        if self.lenient || rest.iter().all(|&b| b == 0xFF) {
            Ok(())
        } else {
            Err(Error::Trailing {
                offset: self.off(),
                count: rest.len(),
            })
        }
    }
}

/// Decodes a PDU with default options (strict, auto-detected SMSC prefix,
/// stored-message direction).
///
/// ```
/// let pdu = missive_sms::hex::decode("07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07").unwrap();
/// let msg = missive_sms::decode(&pdu).unwrap();
/// let missive_sms::Tpdu::Deliver(d) = &msg.tpdu else { panic!() };
/// assert_eq!(d.originator.to_string(), "+31641600986");
/// assert_eq!(d.user_data.text().unwrap(), "How are you?");
/// assert_eq!(d.scts.to_string(), "2002-08-26T19:37:41+00:00");
/// ```
///
/// # Errors
/// See [`decode_with`].
pub fn decode(pdu: &[u8]) -> Result<Pdu<'_>, Error> {
    decode_with(pdu, DecodeOptions::default())
}

/// Decodes a PDU with explicit options.
///
/// # Errors
/// [`Error::Truncated`], [`Error::Invalid`] or [`Error::Trailing`] with the octet
/// offset of the field; with [`SmscPrefix::Auto`], the error of the reading with the prefix.
pub fn decode_with(pdu: &[u8], opts: DecodeOptions) -> Result<Pdu<'_>, Error> {
    match opts.smsc {
        SmscPrefix::Present => decode_prefixed(pdu, opts),
        SmscPrefix::Absent => Ok(Pdu {
            smsc: None,
            had_smsc_prefix: false,
            tpdu: decode_tpdu(pdu, 0, opts)?,
        }),
        SmscPrefix::Auto => {
            // Detection is done strictly first (with the prefix, then without),
            // so that lenient reading cannot make a bare TPDU look prefixed.
            let strict = DecodeOptions {
                lenient: false,
                ..opts
            };
            let bare = |o| {
                decode_tpdu(pdu, 0, o).map(|t| Pdu {
                    smsc: None,
                    had_smsc_prefix: false,
                    tpdu: t,
                })
            };
            let first = match decode_prefixed(pdu, strict) {
                Ok(p) => return Ok(p),
                Err(e) => e,
            };
            if let Ok(p) = bare(strict) {
                return Ok(p);
            }
            if !opts.lenient {
                return Err(first);
            }
            decode_prefixed(pdu, opts).or_else(|e| bare(opts).map_err(|_| e))
        }
    }
}

fn decode_prefixed(pdu: &[u8], opts: DecodeOptions) -> Result<Pdu<'_>, Error> {
    let len = usize::from(*pdu.first().ok_or(Error::Truncated {
        offset: 0,
        field: "SMSC length",
    })?);
    if len > 12 {
        return Err(Error::Invalid {
            offset: 0,
            field: "SMSC length",
        });
    }
    let sc = pdu.get(1..=len).ok_or(Error::Truncated {
        offset: 1,
        field: "SMSC address",
    })?;
    let smsc = match sc.split_first() {
        None => None,
        Some((&toa, digits)) => {
            let mut semi = digits.len() * 2;
            if digits.last().is_some_and(|&b| b >> 4 == 0x0F) {
                semi -= 1;
            }
            Some(Address {
                toa,
                semi_octets: semi,
                raw: digits,
            })
        }
    };
    let rest = pdu.get(len + 1..).unwrap_or(&[]);
    Ok(Pdu {
        smsc,
        had_smsc_prefix: true,
        tpdu: decode_tpdu(rest, len + 1, opts)?,
    })
}

fn decode_tpdu(b: &[u8], base: usize, opts: DecodeOptions) -> Result<Tpdu<'_>, Error> {
    let mut c = Cur {
        b,
        pos: 0,
        base,
        lenient: opts.lenient,
    };
    let first = c.u8("first octet")?;
    let udhi = first & 0x40 != 0;
    let mti = first & 0x03;
    let t = match (mti, opts.direction) {
        // TS 23.040 9.2.3.1: a reserved TP-MTI (3) is processed as SMS-DELIVER.
        (0 | 3, Direction::Stored | Direction::ToMobile) => {
            let originator = c.address("TP-OA")?;
            let pid = Pid(c.u8("TP-PID")?);
            let dcs = Dcs(c.u8("TP-DCS")?);
            let scts = c.timestamp("TP-SCTS")?;
            let user_data = c.user_data(dcs, udhi)?;
            Tpdu::Deliver(Deliver {
                first_octet: first,
                originator,
                pid,
                scts,
                user_data,
            })
        }
        (1, Direction::Stored | Direction::FromMobile) => {
            let message_ref = c.u8("TP-MR")?;
            let destination = c.address("TP-DA")?;
            let pid = Pid(c.u8("TP-PID")?);
            let dcs = Dcs(c.u8("TP-DCS")?);
            let vp_at = c.off();
            let validity = match (first >> 3) & 3 {
                0 => None,
                2 => Some(Validity::Relative(c.u8("TP-VP")?)),
                3 => Some(Validity::Absolute(c.timestamp("TP-VP")?)),
                _ => {
                    let raw = c.take(7, "TP-VP")?;
                    let arr: [u8; 7] = raw.try_into().map_err(|_| Error::Truncated {
                        offset: vp_at,
                        field: "TP-VP",
                    })?;
                    if arr[0] & 0x07 > 3 && !opts.lenient {
                        return Err(Error::Invalid {
                            offset: vp_at,
                            field: "TP-VP (enhanced format)",
                        });
                    }
                    Some(Validity::Enhanced(arr))
                }
            };
            let user_data = c.user_data(dcs, udhi)?;
            Tpdu::Submit(Submit {
                first_octet: first,
                message_ref,
                destination,
                pid,
                validity,
                user_data,
            })
        }
        (2, Direction::Stored | Direction::ToMobile) => {
            let message_ref = c.u8("TP-MR")?;
            let recipient = c.address("TP-RA")?;
            let scts = c.timestamp("TP-SCTS")?;
            let discharge = c.timestamp("TP-DT")?;
            let status = c.u8("TP-ST")?;
            let (pid, user_data) = optional_params(&mut c, udhi)?;
            Tpdu::StatusReport(StatusReport {
                first_octet: first,
                message_ref,
                recipient,
                scts,
                discharge,
                status,
                pid,
                user_data,
            })
        }
        (0, Direction::FromMobile) => Tpdu::DeliverReport(report(&mut c, first, false)?),
        (1, Direction::ToMobile) => Tpdu::SubmitReport(report(&mut c, first, true)?),
        (2, Direction::FromMobile) => {
            let message_ref = c.u8("TP-MR")?;
            let pid = Pid(c.u8("TP-PID")?);
            let command_type = c.u8("TP-CT")?;
            let message_number = c.u8("TP-MN")?;
            let destination = c.address("TP-DA")?;
            let cdl = usize::from(c.u8("TP-CDL")?);
            let data = if opts.lenient {
                let n = cdl.min(b.len().saturating_sub(c.pos));
                c.take(n, "TP-CD")?
            } else {
                c.take(cdl, "TP-CD")?
            };
            Tpdu::Command(Command {
                first_octet: first,
                message_ref,
                pid,
                command_type,
                message_number,
                destination,
                data,
            })
        }
        _ => {
            return Err(Error::Invalid {
                offset: base,
                field: "TP-MTI",
            })
        }
    };
    c.finish()?;
    Ok(t)
}

/// TP-PI and what it announces (STATUS-REPORT and the two reports).
fn optional_params<'a>(
    c: &mut Cur<'a>,
    udhi: bool,
) -> Result<(Option<Pid>, Option<UserData<'a>>), Error> {
    if c.pos >= c.b.len()
        || c.b
            .get(c.pos..)
            .is_some_and(|r| r.iter().all(|&x| x == 0xFF))
    {
        return Ok((None, None)); // TP-PI is optional in a STATUS-REPORT; FF = SIM padding
    }
    let mut pi = c.u8("TP-PI")?;
    // Extension bit: further TP-PI octets follow (their bits are reserved).
    let mut last = pi;
    while last & 0x80 != 0 {
        last = c.u8("TP-PI extension")?;
    }
    pi &= 0x7F;
    let pid = if pi & 1 != 0 {
        Some(Pid(c.u8("TP-PID")?))
    } else {
        None
    };
    let dcs = if pi & 2 != 0 {
        Dcs(c.u8("TP-DCS")?)
    } else {
        Dcs(0)
    };
    let ud = if pi & 4 != 0 {
        Some(c.user_data(dcs, udhi)?)
    } else {
        None
    };
    Ok((pid, ud))
}

fn report<'a>(c: &mut Cur<'a>, first: u8, submit: bool) -> Result<Report<'a>, Error> {
    let udhi = first & 0x40 != 0;
    // TP-FCS is present only in RP-ERROR reports; its values are 0x80..=0xFF
    // while TP-PI's reserved bits 6..3 are 0 in practice.
    let failure_cause = match c.b.get(c.pos) {
        Some(&v) if v >= 0x80 => {
            c.pos += 1;
            Some(v)
        }
        _ => None,
    };
    let pi = c.u8("TP-PI")?;
    let scts = if submit {
        Some(c.timestamp("TP-SCTS")?)
    } else {
        None
    };
    let pid = if pi & 1 != 0 {
        Some(Pid(c.u8("TP-PID")?))
    } else {
        None
    };
    let dcs = if pi & 2 != 0 {
        Dcs(c.u8("TP-DCS")?)
    } else {
        Dcs(0)
    };
    let user_data = if pi & 4 != 0 {
        Some(c.user_data(dcs, udhi)?)
    } else {
        None
    };
    Ok(Report {
        first_octet: first,
        failure_cause,
        parameter_indicator: pi,
        scts,
        pid,
        user_data,
    })
}
