//! `missive sms decode [--json] HEX…|--file F` and
//! `missive sms encode --to NUMBER [--smsc NUMBER] [--encoding auto|gsm7|ucs2] [--status-report] TEXT`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use missive_sms::dcs::{Indication, PidKind};
use missive_sms::tpdu::status_class;
use missive_sms::{
    hex, Address, AlphabetChoice, DecodeOptions, Direction, EncodeOptions, Language, Pdu,
    SmscPrefix, SubmitBuilder, Timestamp, Tpdu, UserData, Validity,
};
use serde_json::{json, Map, Value};

use crate::error::{CliError, CliResult};
use crate::files;

/// SMS PDUs (3GPP TS 23.040) as AT commands show them in PDU mode.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    missive sms decode 07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07\n  \
    missive sms decode --json --file cmgl.txt\n  \
    missive sms encode --to +4915112345678 'Voicemail: 2 new messages'\n  \
    missive sms encode --to +4915112345678 --smsc +491710760000 --encoding ucs2 --status-report 'Hallo 😀'")]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Decode PDUs given as hexadecimal (SMS-DELIVER, SUBMIT, STATUS-REPORT …)
    Decode(DecodeArgs),
    /// Encode a text as SMS-SUBMIT PDUs (one per part) for AT+CMGS
    Encode(EncodeArgs),
}

#[derive(clap::Args)]
struct DecodeArgs {
    /// Print one JSON object per PDU
    #[arg(long)]
    json: bool,
    /// Read PDUs from a file, one per line (`-` = stdin); lines of AT+CMGL output
    /// that are not hexadecimal (`+CMGL: …`, `OK`) and `#` comments are skipped
    #[arg(long, value_name = "F")]
    file: Option<PathBuf>,
    /// The PDUs start with the SMSC address (default: detected)
    #[arg(long, conflicts_with = "no_smsc")]
    smsc: bool,
    /// The PDUs are bare TPDUs without the SMSC address
    #[arg(long)]
    no_smsc: bool,
    /// Accept malformed PDUs as real modems produce them (short or long user data …)
    #[arg(long)]
    lenient: bool,
    /// How to read TP-MTI: stored (AT+CMGL: DELIVER/SUBMIT/STATUS-REPORT),
    /// to-ms (DELIVER/SUBMIT-REPORT/STATUS-REPORT), from-ms (DELIVER-REPORT/SUBMIT/COMMAND)
    #[arg(long, value_enum, default_value = "stored")]
    direction: Dir,
    /// PDUs in hexadecimal
    #[arg(value_name = "HEX", required_unless_present = "file")]
    pdus: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Dir {
    Stored,
    ToMs,
    FromMs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Enc {
    /// GSM 7-bit when the text fits, else UCS-2
    Auto,
    /// GSM 7-bit (fails on characters outside the alphabet)
    Gsm7,
    /// UCS-2 (UTF-16, emoji included)
    Ucs2,
}

#[derive(clap::Args)]
struct EncodeArgs {
    /// Destination number (`+` for international)
    #[arg(long, value_name = "NUMBER")]
    to: String,
    /// SMSC number to put in front (default: empty, the modem's own SMSC)
    #[arg(long, value_name = "NUMBER")]
    smsc: Option<String>,
    /// Alphabet
    #[arg(long, value_enum, default_value = "auto")]
    encoding: Enc,
    /// Request a status report (TP-SRR)
    #[arg(long)]
    status_report: bool,
    /// National language tables the recipient supports (comma separated:
    /// turkish, spanish, portuguese, bengali, gujarati, hindi, kannada,
    /// malayalam, oriya, punjabi, tamil, telugu, urdu)
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    national: Vec<String>,
    /// Set the voice-mail-waiting indication to N messages (UDH special SMS
    /// message indication, TS 23.040 9.2.3.24.2; 0 clears the phone's lamp)
    #[arg(long, value_name = "N")]
    voicemail: Option<u8>,
    /// Concatenation reference for multi-part messages
    #[arg(long, default_value_t = 0)]
    reference: u16,
    /// The text (put `--` before a text that starts with `-`)
    #[arg(allow_hyphen_values = true)]
    text: String,
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Decode(a) => decode(a),
        Op::Encode(a) => encode(a),
    }
}

fn decode(a: &DecodeArgs) -> CliResult {
    let mut inputs: Vec<String> = a.pdus.clone();
    if let Some(f) = &a.file {
        let text = files::read_text(f, files::TEXT_MAX)?;
        inputs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty() && !l.starts_with('#') && l.bytes().all(|b| b.is_ascii_hexdigit())
                })
                .map(str::to_owned),
        );
    }
    let opts = DecodeOptions {
        smsc: if a.smsc {
            SmscPrefix::Present
        } else if a.no_smsc {
            SmscPrefix::Absent
        } else {
            SmscPrefix::Auto
        },
        direction: match a.direction {
            Dir::Stored => Direction::Stored,
            Dir::ToMs => Direction::ToMobile,
            Dir::FromMs => Direction::FromMobile,
        },
        lenient: a.lenient,
    };
    let mut out = String::new();
    for (i, h) in inputs.iter().enumerate() {
        let which = if inputs.len() > 1 {
            format!("PDU {}: ", i + 1)
        } else {
            String::new()
        };
        let bytes = hex::decode(h).map_err(|e| CliError::input(format!("{which}{e}")))?;
        let hint = if a.lenient {
            ""
        } else {
            " (--lenient accepts some malformed PDUs)"
        };
        let pdu = missive_sms::decode_with(&bytes, opts)
            .map_err(|e| CliError::input(format!("{which}bad PDU: {e}{hint}")))?;
        let v = to_json(&pdu, bytes.len()).map_err(|e| CliError::input(format!("{which}{e}")))?;
        if a.json {
            out.push_str(&v.to_string());
            out.push('\n');
        } else {
            if i > 0 {
                out.push('\n');
            }
            human(&v, "", &mut out);
        }
    }
    files::write(std::path::Path::new("-"), out.as_bytes())
}

fn human(v: &Value, indent: &str, out: &mut String) {
    if let Value::Object(m) = v {
        for (k, val) in m {
            match val {
                Value::Null => {}
                Value::Object(_) => {
                    let _ = writeln!(out, "{indent}{k}:");
                    human(val, &format!("{indent}  "), out);
                }
                Value::String(s) => {
                    let _ = writeln!(out, "{indent}{k}: {s}");
                }
                other => {
                    let _ = writeln!(out, "{indent}{k}: {other}");
                }
            }
        }
    }
}

fn addr(a: &Address<'_>) -> Value {
    json!({ "number": a.to_string(), "ton": a.ton().name(), "npi": a.npi() })
}

fn ts(t: Timestamp) -> Value {
    Value::String(t.to_string())
}

fn pid_json(p: missive_sms::Pid) -> Value {
    let kind = match p.kind() {
        PidKind::Default => "default".to_owned(),
        PidKind::Telematic(d) => format!("telematic-{d:#04x}"),
        PidKind::SmeToSme(v) => format!("sme-to-sme-{v:#04x}"),
        PidKind::Type0 => "type0".to_owned(),
        PidKind::Replace(n) => format!("replace-type-{n}"),
        PidKind::DeviceTriggering => "device-triggering".to_owned(),
        PidKind::ReturnCall => "return-call".to_owned(),
        PidKind::AnsiRData => "ansi-136-r-data".to_owned(),
        PidKind::MeDataDownload => "me-data-download".to_owned(),
        PidKind::MeDepersonalization => "me-depersonalization".to_owned(),
        PidKind::SimDataDownload => "sim-data-download".to_owned(),
        PidKind::ScSpecific(v) => format!("sc-specific-{v:#04x}"),
        PidKind::Reserved(v) => format!("reserved-{v:#04x}"),
    };
    json!({ "value": p.0, "kind": kind })
}

fn validity(v: Option<Validity>) -> Value {
    match v {
        None => Value::Null,
        Some(Validity::Absolute(t)) => json!({ "format": "absolute", "until": t.to_string() }),
        Some(r @ Validity::Relative(o)) => {
            json!({ "format": "relative", "octet": o, "seconds": r.seconds() })
        }
        Some(e @ Validity::Enhanced(raw)) => json!({
            "format": "enhanced", "raw": hex::encode(&raw), "seconds": e.seconds(), "single_shot": e.single_shot()
        }),
    }
}

fn user_data(m: &mut Map<String, Value>, ud: &UserData<'_>) -> Result<(), missive_sms::Error> {
    let d = ud.dcs;
    let mwi = d.message_waiting().map(
        |(active, kind, store)| json!({ "active": active, "kind": kind.name(), "store": store }),
    );
    m.insert(
        "dcs".into(),
        json!({
            "value": d.0, "alphabet": d.alphabet().name(), "class": d.class(), "compressed": d.compressed(),
            "auto_delete": d.auto_delete(), "message_waiting": mwi
        }),
    );
    m.insert("encoding".into(), json!(d.alphabet().name()));
    if let Some(u) = &ud.udh {
        let mut h = Map::new();
        if let Some(c) = u.concat() {
            h.insert(
                "concat".into(),
                json!({ "ref": c.reference, "total": c.total, "seq": c.seq, "wide": c.wide }),
            );
        }
        if let Some(p) = u.ports() {
            h.insert(
                "ports".into(),
                json!({ "destination": p.destination, "originator": p.originator }),
            );
        }
        let special: Vec<Value> = u
            .special_indications()
            .map(|s| json!({ "kind": s.kind.name(), "count": s.count, "store": s.store, "extended": s.extended, "profile": s.profile }))
            .collect();
        if !special.is_empty() {
            h.insert("special".into(), Value::Array(special));
        }
        if let Some(l) = u.single_shift() {
            h.insert("single_shift".into(), json!(l.name().to_lowercase()));
        }
        if let Some(l) = u.locking_shift() {
            h.insert("locking_shift".into(), json!(l.name().to_lowercase()));
        }
        let ies: Vec<Value> = u
            .elements()
            .map(|ie| json!({ "id": ie.id, "data": hex::encode(ie.data) }))
            .collect();
        h.insert("elements".into(), Value::Array(ies));
        m.insert("udh".into(), Value::Object(h));
    } else {
        m.insert("udh".into(), Value::Null);
    }
    if d.compressed() {
        m.insert("text".into(), Value::Null);
        m.insert("data".into(), json!(hex::encode(ud.body)));
    } else {
        m.insert("text".into(), json!(ud.text()?));
        if d.alphabet() == missive_sms::Alphabet::EightBit {
            m.insert("data".into(), json!(hex::encode(ud.body)));
        }
    }
    Ok(())
}

fn to_json(p: &Pdu<'_>, total: usize) -> Result<Value, missive_sms::Error> {
    let mut m = Map::new();
    m.insert("type".into(), json!(p.tpdu.type_name()));
    m.insert(
        "smsc".into(),
        p.smsc
            .as_ref()
            .map_or(Value::Null, |a| json!(a.to_string())),
    );
    let prefix = p
        .smsc
        .map_or(usize::from(p.had_smsc_prefix), |a| a.raw.len() + 2);
    m.insert("tpdu_length".into(), json!(total - prefix));
    match &p.tpdu {
        Tpdu::Deliver(d) => {
            m.insert("originator".into(), json!(d.originator.to_string()));
            m.insert("originator_address".into(), addr(&d.originator));
            m.insert("pid".into(), pid_json(d.pid));
            m.insert("scts".into(), ts(d.scts));
            m.insert("more_messages".into(), json!(d.more_messages()));
            m.insert(
                "status_report_indication".into(),
                json!(d.status_report_indication()),
            );
            m.insert("reply_path".into(), json!(d.reply_path()));
            m.insert("validity".into(), Value::Null);
            user_data(&mut m, &d.user_data)?;
        }
        Tpdu::Submit(s) => {
            m.insert("message_ref".into(), json!(s.message_ref));
            m.insert("destination".into(), json!(s.destination.to_string()));
            m.insert("destination_address".into(), addr(&s.destination));
            m.insert("pid".into(), pid_json(s.pid));
            m.insert("validity".into(), validity(s.validity));
            m.insert(
                "status_report_request".into(),
                json!(s.status_report_request()),
            );
            m.insert("reject_duplicates".into(), json!(s.reject_duplicates()));
            user_data(&mut m, &s.user_data)?;
        }
        Tpdu::StatusReport(r) => {
            m.insert("message_ref".into(), json!(r.message_ref));
            m.insert("recipient".into(), json!(r.recipient.to_string()));
            m.insert("recipient_address".into(), addr(&r.recipient));
            m.insert("scts".into(), ts(r.scts));
            m.insert("discharge".into(), ts(r.discharge));
            m.insert("status".into(), json!(r.status));
            m.insert("status_class".into(), json!(status_class(r.status)));
            if let Some(pid) = r.pid {
                m.insert("pid".into(), pid_json(pid));
            }
            if let Some(ud) = &r.user_data {
                user_data(&mut m, ud)?;
            }
        }
        Tpdu::DeliverReport(r) | Tpdu::SubmitReport(r) => {
            m.insert("failure_cause".into(), json!(r.failure_cause));
            m.insert("parameter_indicator".into(), json!(r.parameter_indicator));
            m.insert("scts".into(), r.scts.map_or(Value::Null, ts));
            if let Some(pid) = r.pid {
                m.insert("pid".into(), pid_json(pid));
            }
            if let Some(ud) = &r.user_data {
                user_data(&mut m, ud)?;
            }
        }
        Tpdu::Command(c) => {
            m.insert("message_ref".into(), json!(c.message_ref));
            m.insert("destination".into(), json!(c.destination.to_string()));
            m.insert("pid".into(), pid_json(c.pid));
            m.insert("command_type".into(), json!(c.command_type));
            m.insert("message_number".into(), json!(c.message_number));
            m.insert("data".into(), json!(hex::encode(c.data)));
        }
    }
    Ok(Value::Object(m))
}

fn language(name: &str) -> CliResult<Language> {
    Language::ALL
        .into_iter()
        .skip(1)
        .find(|l| l.name().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| CliError::input(format!("unknown national language {name:?}")))
}

fn encode(a: &EncodeArgs) -> CliResult {
    let langs = a
        .national
        .iter()
        .map(|n| language(n))
        .collect::<CliResult<Vec<_>>>()?;
    let options = EncodeOptions {
        alphabet: match a.encoding {
            Enc::Auto => AlphabetChoice::Auto,
            Enc::Gsm7 => AlphabetChoice::Gsm7,
            Enc::Ucs2 => AlphabetChoice::Ucs2,
        },
        single_shift: langs.clone(),
        locking_shift: langs,
        ..EncodeOptions::default()
    };
    let mut b = SubmitBuilder::new(&a.to, &a.text)
        .options(options)
        .status_report(a.status_report)
        .reference(a.reference);
    if let Some(s) = &a.smsc {
        b = b.smsc(s);
    }
    if let Some(n) = a.voicemail {
        b = b.special_indication(Indication::VoiceMail, n, false);
    }
    let parts = b.build().map_err(CliError::input)?;
    let mut out = String::new();
    for p in parts {
        let _ = writeln!(out, "AT+CMGS={}\n{}", p.tpdu_len, p.hex());
    }
    files::write(std::path::Path::new("-"), out.as_bytes())
}
