//! `missive sdp parse [--json] FILE` and
//! `missive sdp answer [--json] [--codecs LIST] OFFER.sdp`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::Subcommand;
use missive_sdp::{
    Accepted, Answerer, Capabilities, Codec, EventRanges, Media, SessionDescription, T38Params,
};
use serde_json::{json, Value};

use crate::error::{CliError, CliResult};
use crate::files;

/// SDP session descriptions: parse and check one, or answer an offer.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    missive sdp parse offer.sdp\n  \
    missive sdp parse --json offer.sdp\n  \
    missive sdp answer offer.sdp\n  \
    missive sdp answer --codecs pcma,telephone-event --address 192.0.2.20 offer.sdp\n  \
    missive sdp answer --codecs t38 fax-reinvite.sdp\n\n\
    Exit codes: 0 ok; 2 malformed SDP (the message names the line and field) or bad\n\
    arguments; 1 when nothing in the offer is acceptable (a SIP UAS answers 488).")]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Parse an SDP body (strict RFC 8866) and print a summary of it
    Parse {
        /// Print the parsed description as JSON
        #[arg(long)]
        json: bool,
        /// The SDP body (`-` = stdin)
        file: PathBuf,
    },
    /// Print our RFC 3264 answer to an SDP offer
    Answer {
        /// Print JSON (`answer` text plus what was accepted) instead of the bare SDP
        #[arg(long)]
        json: bool,
        /// What we accept, in our order of preference: pcmu, pcma, g722, g729,
        /// g726-16/24/32/40, aal2-g726-…, telephone-event, t38
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "pcmu,pcma,g726-32,telephone-event,t38"
        )]
        codecs: Vec<String>,
        /// Order codecs by our list instead of the offerer's
        #[arg(long)]
        our_order: bool,
        /// Our media address (goes in o= and c=)
        #[arg(long, default_value = "127.0.0.1")]
        address: IpAddr,
        /// Our IPv6 media address, used when the offer's media are on IPv6
        #[arg(long, default_value = "::1")]
        address6: IpAddr,
        /// Our RTP port
        #[arg(long, default_value_t = 40000)]
        audio_port: u16,
        /// Our UDPTL port for T.38
        #[arg(long, default_value_t = 40002)]
        image_port: u16,
        /// Packet time we ask for, in ms (0 = mirror the offer)
        #[arg(long, default_value_t = 20)]
        ptime: u32,
        /// The offer (`-` = stdin)
        offer: PathBuf,
    },
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Parse { json, file } => {
            let bytes = files::read(file, files::TEXT_MAX)?;
            let sdp = missive_sdp::parse_bytes(&bytes)
                .map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;
            let out = if *json {
                let mut s =
                    serde_json::to_string_pretty(&describe(&sdp)).map_err(CliError::failure)?;
                s.push('\n');
                s
            } else {
                summary(&sdp)
            };
            files::write(&PathBuf::from("-"), out.as_bytes())
        }
        Op::Answer {
            json,
            codecs,
            our_order,
            address,
            address6,
            audio_port,
            image_port,
            ptime,
            offer,
        } => {
            let mut caps = Capabilities::new(*address, *audio_port, *image_port);
            caps.ipv6_address = Some(*address6);
            caps.codecs.clear();
            caps.telephone_events = None;
            caps.t38 = None;
            for name in codecs {
                let name = name.trim();
                if name.eq_ignore_ascii_case("t38") {
                    caps.t38 = Some(missive_sdp::T38Caps::default());
                } else if name.eq_ignore_ascii_case("telephone-event") {
                    caps.telephone_events = Some(EventRanges::dtmf());
                } else {
                    let c = Codec::from_cli_name(name).ok_or_else(|| {
                        CliError::input(format!("--codecs: unknown codec `{name}`"))
                    })?;
                    caps.codecs.push(c);
                }
            }
            if *our_order {
                caps.preference = missive_sdp::Preference::Ours;
            }
            caps.ptime = (*ptime > 0).then_some(*ptime);
            let bytes = files::read(offer, files::TEXT_MAX)?;
            let sdp = missive_sdp::parse_bytes(&bytes)
                .map_err(|e| CliError::input(format!("{}: {e}", offer.display())))?;
            let (answer, accepted) = Answerer::new(caps)
                .answer_detailed(&sdp)
                .map_err(|e| CliError::failure(format!("{}: {e}", offer.display())))?;
            let text = answer.to_string();
            let out = if *json {
                let v = json!({
                    "status": 200,
                    "answer": text,
                    "accepted": accepted.iter().map(accepted_json).collect::<Vec<_>>(),
                });
                let mut s = serde_json::to_string_pretty(&v).map_err(CliError::failure)?;
                s.push('\n');
                s
            } else {
                text
            };
            files::write(&PathBuf::from("-"), out.as_bytes())
        }
    }
}

fn accepted_json(a: &Accepted) -> Value {
    match a {
        Accepted::Audio {
            index,
            codecs,
            events,
            direction,
        } => json!({
            "index": index,
            "media": "audio",
            "codecs": codecs.iter().map(|(pt, c)| json!({"pt": pt, "codec": c.encoding_name()})).collect::<Vec<_>>(),
            "telephone_event": events.as_ref().map(|(pt, ev)| json!({"pt": pt, "events": ev.to_string()})),
            "direction": direction.as_str(),
        }),
        Accepted::T38 { index, params } => json!({
            "index": index,
            "media": "image",
            "t38": t38_json(params),
        }),
    }
}

fn t38_json(p: &T38Params) -> Value {
    json!({
        "version": p.version,
        "max_bit_rate": p.max_bit_rate,
        "rate_management": p.rate_management.map(missive_sdp::RateManagement::as_str),
        "max_buffer": p.max_buffer,
        "max_datagram": p.max_datagram,
        "udp_ec": p.udp_ec.map(missive_sdp::UdpEc::as_str),
        "fill_bit_removal": p.fill_bit_removal,
        "transcoding_mmr": p.transcoding_mmr,
        "transcoding_jbig": p.transcoding_jbig,
    })
}

fn describe(sdp: &SessionDescription<'_>) -> Value {
    let o = &sdp.origin;
    json!({
        "origin": {
            "username": o.username, "session_id": o.session_id, "session_version": o.session_version,
            "nettype": o.nettype, "addrtype": o.addrtype, "address": o.address,
        },
        "session_name": sdp.session_name,
        "information": sdp.information,
        "uri": sdp.uri,
        "emails": sdp.emails,
        "phones": sdp.phones,
        "connection": sdp.connection.as_ref().map(Triplet::to_string_triplet),
        "bandwidths": sdp.bandwidths.iter().map(|b| json!({"type": b.bwtype, "value": b.value})).collect::<Vec<_>>(),
        "timings": sdp.timings.iter().map(|t| json!({"start": t.start, "stop": t.stop, "repeats": t.repeats})).collect::<Vec<_>>(),
        "zone": sdp.zone,
        "direction": sdp.direction().map(missive_sdp::Direction::as_str),
        "attributes": sdp.attributes.iter().map(|a| json!({"name": a.name, "value": a.value})).collect::<Vec<_>>(),
        "media": sdp.media.iter().enumerate().map(|(i, m)| media_json(sdp, i, m)).collect::<Vec<_>>(),
    })
}

fn media_json(sdp: &SessionDescription<'_>, index: usize, m: &Media<'_>) -> Value {
    let mut v = json!({
        "media": m.media,
        "port": m.port,
        "port_count": m.port_count,
        "proto": m.proto,
        "formats": m.formats,
        "connection": sdp.media_connection(index).map(Triplet::to_string_triplet),
        "direction": sdp.media_direction(index).as_str(),
        "ptime": m.ptime(),
        "maxptime": m.maxptime(),
        "attributes": m.attributes.iter().map(|a| json!({"name": a.name, "value": a.value})).collect::<Vec<_>>(),
    });
    if m.is_rtp() {
        v["payloads"] = m
            .payloads()
            .map(|p| {
                json!({
                    "pt": p.payload_type, "encoding": p.encoding, "clock_rate": p.clock_rate,
                    "channels": p.channels, "fmtp": p.fmtp,
                })
            })
            .collect();
    }
    if m.media == "image" {
        v["t38"] = match T38Params::from_media(m) {
            Ok(p) => t38_json(&p),
            Err(e) => json!({"error": e.to_string()}),
        };
    }
    v
}

trait Triplet {
    fn to_string_triplet(&self) -> String;
}

impl Triplet for missive_sdp::Connection<'_> {
    fn to_string_triplet(&self) -> String {
        format!("{} {} {}", self.nettype, self.addrtype, self.address)
    }
}

fn summary(sdp: &SessionDescription<'_>) -> String {
    let mut s = String::new();
    let o = &sdp.origin;
    let _ = writeln!(
        s,
        "origin: {} {} {} {} {} {}",
        o.username, o.session_id, o.session_version, o.nettype, o.addrtype, o.address
    );
    let _ = writeln!(s, "session: {}", sdp.session_name);
    if let Some(c) = &sdp.connection {
        let _ = writeln!(s, "connection: {}", c.to_string_triplet());
    }
    for (i, m) in sdp.media.iter().enumerate() {
        let _ = write!(
            s,
            "media {i}: {} {} {} {}",
            m.media,
            m.port,
            m.proto,
            sdp.media_direction(i)
        );
        if let Some(c) = sdp.media_connection(i) {
            let _ = write!(s, " to {}", c.address);
        }
        if let Some(p) = m.ptime() {
            let _ = write!(s, " ptime {p}");
        }
        s.push('\n');
        if m.is_rtp() {
            for p in m.payloads() {
                let _ = write!(
                    s,
                    "  pt {} {}/{}",
                    p.payload_type,
                    p.encoding.unwrap_or("?"),
                    p.clock_rate
                );
                if let Some(f) = p.fmtp {
                    let _ = write!(s, " fmtp {f}");
                }
                s.push('\n');
            }
        }
        if m.media == "image" {
            match T38Params::from_media(m) {
                Ok(p) => {
                    for line in p.to_string().lines() {
                        let _ = writeln!(s, "  {line}");
                    }
                }
                Err(e) => {
                    let _ = writeln!(s, "  T.38 attributes: {e}");
                }
            }
        }
    }
    s
}
