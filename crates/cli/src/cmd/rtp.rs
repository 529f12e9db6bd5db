//! `missive rtp stats [--json] FILE.pcap`.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use missive_rtp::analysis::{analyze_capture, AnalyzerConfig, Stream};
use serde::Serialize;

use crate::error::{CliError, CliResult};
use crate::files;

/// RTP streams in captures.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive rtp stats call.pcap\n  missive rtp stats --json call.pcapng | jq '.[].lost'\n  missive rtp stats --event-pt 96 dtmf.pcap"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Per-stream statistics (the numbers `tshark -q -z rtp,streams -o rtp.heuristic_rtp:TRUE`
    /// prints) and decoded RFC 4733 DTMF events, one row per SSRC stream
    Stats {
        /// Print a JSON array, one object per stream
        #[arg(long)]
        json: bool,
        /// Payload type(s) carrying telephone-events (RFC 4733)
        #[arg(long = "event-pt", default_value = "101")]
        event_pt: Vec<u8>,
        /// The capture (pcap or pcapng; `-` = stdin)
        input: PathBuf,
    },
}

#[derive(Serialize)]
struct JsonEvent {
    digit: String,
    event: u8,
    /// Seconds since the first frame of the capture.
    start: f64,
    /// Timestamp units (samples at 8 kHz).
    duration: u32,
    timestamp: u32,
    ended: bool,
}

#[derive(Serialize)]
struct JsonStream {
    ssrc: u32,
    ssrc_hex: String,
    src: String,
    dst: String,
    packets: u32,
    lost: i64,
    min_delta_ms: f64,
    mean_delta_ms: f64,
    max_delta_ms: f64,
    max_jitter_ms: f64,
    mean_jitter_ms: f64,
    payload_types: Vec<u8>,
    start: f64,
    end: f64,
    events: Vec<JsonEvent>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn to_json(s: &Stream) -> JsonStream {
    JsonStream {
        ssrc: s.key.ssrc,
        ssrc_hex: format!("0x{:08X}", s.key.ssrc),
        src: format!("{}:{}", s.key.src, s.key.src_port),
        dst: format!("{}:{}", s.key.dst, s.key.dst_port),
        packets: s.stats.packets(),
        lost: s.stats.lost(),
        min_delta_ms: round3(s.stats.min_delta_ms()),
        mean_delta_ms: round3(s.stats.mean_delta_ms()),
        max_delta_ms: round3(s.stats.max_delta_ms()),
        max_jitter_ms: round3(s.stats.max_jitter_ms()),
        mean_jitter_ms: round3(s.stats.mean_jitter_ms()),
        payload_types: s.payload_types.clone(),
        start: round3(s.start * 1000.0) / 1000.0,
        end: round3(s.end * 1000.0) / 1000.0,
        events: s
            .events
            .iter()
            .map(|e| JsonEvent {
                digit: e
                    .digit()
                    .map_or_else(|| format!("event-{}", e.event.event), String::from),
                event: e.event.event,
                start: round3(e.start * 1000.0) / 1000.0,
                duration: e.event.duration,
                timestamp: e.event.timestamp,
                ended: e.event.ended,
            })
            .collect(),
    }
}

pub(crate) fn run(args: &Args) -> CliResult {
    let Op::Stats {
        json,
        event_pt,
        input,
    } = &args.op;
    let bytes = files::read(input)?;
    let config = AnalyzerConfig {
        event_payload_types: event_pt.clone(),
        ..AnalyzerConfig::default()
    };
    let streams = analyze_capture(&bytes, config)
        .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
    let mut out = String::new();
    if *json {
        let v: Vec<JsonStream> = streams.iter().map(to_json).collect();
        out = serde_json::to_string_pretty(&v).map_err(CliError::failure)?;
        out.push('\n');
    } else {
        let _ = writeln!(
            out,
            "{:>21} {:>21} {:>10} {:>9} {:>6} {:>8} {:>10} {:>10} {:>10} {:>10} {:>10}",
            "Source",
            "Destination",
            "SSRC",
            "Payload",
            "Pkts",
            "Lost",
            "MinΔ(ms)",
            "MeanΔ(ms)",
            "MaxΔ(ms)",
            "MeanJ(ms)",
            "MaxJ(ms)"
        );
        for s in &streams {
            let j = to_json(s);
            let pts: Vec<String> = j.payload_types.iter().map(u8::to_string).collect();
            let _ = writeln!(
                out,
                "{:>21} {:>21} {:>10} {:>9} {:>6} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.3} {:>10.3}",
                j.src, j.dst, j.ssrc_hex, pts.join(","), j.packets, j.lost,
                s.stats.min_delta_ms(), s.stats.mean_delta_ms(), s.stats.max_delta_ms(),
                s.stats.mean_jitter_ms(), s.stats.max_jitter_ms()
            );
            for e in &j.events {
                let _ = writeln!(
                    out,
                    "    event {} at {:.3} s: duration {} ({} ms){}",
                    e.digit,
                    e.start,
                    e.duration,
                    e.duration / 8,
                    if e.ended { "" } else { ", end lost" }
                );
            }
        }
    }
    files::write(std::path::Path::new("-"), out.as_bytes())
}
