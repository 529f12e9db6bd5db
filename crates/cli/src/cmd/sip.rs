//! `missive sip parse [--json] FILE` and `missive sip check FILE`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use missive_sip::hdr::{Contact, NameAddr, Via};
use missive_sip::validate::{check, verdict_for_error, CheckConfig, Role};
use missive_sip::{Limits, Message, StartLine};
use serde_json::{json, Value};

use crate::error::{CliError, CliResult};
use crate::files;
use crate::output::{out, outln};

/// SIP message parsing and validation (RFC 3261).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive sip parse invite.sip\n  missive sip parse --json invite.sip\n  missive sip check invite.sip        # prints 200, or the error response code\n  missive sip check --proxy invite.sip"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Parse one message (a datagram); print a summary of the typed core
    /// headers, or exit 2 with the error when it is malformed
    Parse {
        /// Print JSON instead of the summary
        #[arg(long)]
        json: bool,
        /// The message (`-` = stdin)
        file: PathBuf,
    },
    /// Print the response code a UAS (or proxy) would answer: 200 when the
    /// request is acceptable
    Check {
        /// Validate as a proxy (Max-Forwards 0 → 483, Proxy-Require checked)
        #[arg(long)]
        proxy: bool,
        /// The message (`-` = stdin)
        file: PathBuf,
    },
}

/// An address as JSON; its URI must parse.
fn addr_json(a: &NameAddr<'_>) -> Result<Value, missive_sip::Error> {
    a.uri()?;
    Ok(json!({
        "display_name": a.display_name_unescaped(),
        "uri": a.uri_text,
        "tag": a.tag(),
        "expires": a.expires(),
        "q": a.q().map(|q| f64::from(q) / 1000.0),
    }))
}

fn via_json(v: &Via<'_>) -> Value {
    json!({
        "protocol": format!("{}/{}", v.protocol, v.version),
        "transport": v.transport,
        "host": v.host.to_string(),
        "port": v.port,
        "branch": v.branch(),
        "received": v.received(),
        "rport": v.rport().map(|p| p.map_or(Value::Bool(true), Value::from)),
        "maddr": v.maddr(),
        "ttl": v.ttl(),
    })
}

/// The URIs of a Route/Record-Route list as written; each must parse.
fn uri_texts<'a>(list: &[NameAddr<'a>]) -> Result<Vec<&'a str>, missive_sip::Error> {
    list.iter().map(|a| a.uri().map(|_| a.uri_text)).collect()
}

/// Typed core headers; a present but malformed header is an error.
fn summary(m: &Message<'_>) -> Result<Value, missive_sip::Error> {
    let opt = |r: Result<Value, missive_sip::Error>| match r {
        Err(missive_sip::Error::MissingHeader { .. }) => Ok(Value::Null),
        other => other,
    };
    let start = match m.start_line() {
        StartLine::Request(r) => {
            m.uri()?;
            json!({"kind": "request", "method": r.method.as_str(), "uri": r.uri, "version": r.version.to_string()})
        }
        StartLine::Response(s) => {
            json!({"kind": "response", "code": s.code, "reason": s.reason, "version": s.version.to_string()})
        }
    };
    let vias: Vec<Value> = m.vias()?.iter().map(via_json).collect();
    let contact = match m.contact()? {
        None => Value::Null,
        Some(Contact::Star) => Value::from("*"),
        Some(Contact::Addresses(list)) => list
            .iter()
            .map(addr_json)
            .collect::<Result<Vec<_>, _>>()?
            .into(),
    };
    Ok(json!({
        "start": start,
        "via": vias,
        "from": opt(m.from().and_then(|a| addr_json(&a)))?,
        "to": opt(m.to().and_then(|a| addr_json(&a)))?,
        "call_id": opt(m.call_id().map(Value::from))?,
        "cseq": opt(m.cseq().map(|c| json!({"seq": c.seq, "method": c.method.as_str()})))?,
        "max_forwards": m.max_forwards()?,
        "contact": contact,
        "route": uri_texts(&m.routes()?)?,
        "record_route": uri_texts(&m.record_routes()?)?,
        "content_type": m.content_type()?.map(|c| format!("{}/{}", c.mtype, c.subtype)),
        "content_length": m.content_length()?,
        "headers": m.headers().len(),
        "body_bytes": m.body().len(),
    }))
}

fn text(v: &Value) -> String {
    let mut out = String::new();
    let s = &v["start"];
    if s["kind"] == "request" {
        let _ = writeln!(
            out,
            "request  {} {} {}",
            s["method"].as_str().unwrap_or(""),
            s["uri"].as_str().unwrap_or(""),
            s["version"].as_str().unwrap_or("")
        );
    } else {
        let _ = writeln!(
            out,
            "response {} {} {}",
            s["version"].as_str().unwrap_or(""),
            s["code"],
            s["reason"].as_str().unwrap_or("")
        );
    }
    for via in v["via"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "via      {} {}{} branch={}",
            via["transport"].as_str().unwrap_or(""),
            via["host"].as_str().unwrap_or(""),
            via["port"]
                .as_u64()
                .map(|p| format!(":{p}"))
                .unwrap_or_default(),
            via["branch"].as_str().unwrap_or("-")
        );
    }
    for k in ["from", "to"] {
        let a = &v[k];
        if !a.is_null() {
            let _ = writeln!(
                out,
                "{k:<8} {} tag={}",
                a["uri"].as_str().unwrap_or(""),
                a["tag"].as_str().unwrap_or("-")
            );
        }
    }
    if let Some(c) = v["call_id"].as_str() {
        let _ = writeln!(out, "call-id  {c}");
    }
    if !v["cseq"].is_null() {
        let _ = writeln!(
            out,
            "cseq     {} {}",
            v["cseq"]["seq"],
            v["cseq"]["method"].as_str().unwrap_or("")
        );
    }
    let _ = writeln!(
        out,
        "headers  {}, body {} bytes",
        v["headers"], v["body_bytes"]
    );
    out
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Parse { json, file } => {
            let limit = Limits::default().max_message_size as u64;
            let bytes = files::read(file, limit)?;
            let msg = Message::parse(&bytes)
                .map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;
            let v =
                summary(&msg).map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;
            if *json {
                outln!("{v}")
            } else {
                out!("{}", text(&v))
            }
        }
        Op::Check { proxy, file } => {
            let cfg = CheckConfig {
                role: if *proxy { Role::Proxy } else { Role::Uas },
                ..CheckConfig::default()
            };
            // Longer than the largest message the UAS takes: 513, read no further.
            let (bytes, oversized) = files::read_prefix(file, cfg.limits.max_message_size as u64)?;
            let verdict = if oversized {
                verdict_for_error(&missive_sip::Error::Limit {
                    what: "message size",
                    max: cfg.limits.max_message_size,
                })
            } else {
                match Message::parse_with(&bytes, &cfg.limits) {
                    Ok(m) => check(&m, &cfg),
                    Err(e) => verdict_for_error(&e),
                }
            };
            if verdict.unsupported.is_empty() {
                outln!("{} {}", verdict.code, verdict.reason)
            } else {
                outln!(
                    "{} {} (Unsupported: {})",
                    verdict.code,
                    verdict.reason,
                    verdict.unsupported.join(", ")
                )
            }
        }
    }
}
