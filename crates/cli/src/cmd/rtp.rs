//! `missive rtp stats [--json] FILE.pcap` and
//! `missive rtp decode FILE.pcap [--ssrc X] OUT.wav`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Subcommand;
use missive_rtp::analysis::{analyze_capture, looks_like_rtp, AnalyzerConfig, Stream};
use missive_rtp::jitter::{Conceal, Config, Frame, JitterBuffer, Silence};
use missive_rtp::packet::Packet;
use missive_rtp::plc::{G711Plc, Law};
use serde::Serialize;

use crate::audio;
use crate::error::{CliError, CliResult};
use crate::files;
use crate::output::errln;

/// RTP streams in captures.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive rtp stats call.pcap\n  missive rtp stats --json call.pcapng | jq '.[].lost'\n  missive rtp stats --event-pt 96 dtmf.pcap\n  missive rtp decode call.pcap --ssrc 0x1A2B3C4D heard.wav\n  missive rtp decode --no-plc call.pcap raw.wav"
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
    /// Play one PCMU/PCMA stream of a capture through the adaptive jitter
    /// buffer (packets fed at their capture times, one frame popped per
    /// frame period) with G.711 Appendix I loss concealment, and write the
    /// audio a phone would have played
    Decode {
        /// The capture (pcap or pcapng; `-` = stdin)
        input: PathBuf,
        /// SSRC of the stream, decimal or 0x-hex (default: the first
        /// PCMU/PCMA stream; `missive rtp stats` lists them)
        #[arg(long, value_parser = parse_ssrc)]
        ssrc: Option<u32>,
        /// Fill missing frames with silence instead of the G.711 PLC
        #[arg(long)]
        no_plc: bool,
        /// Output audio: WAV (8 kHz mono 16-bit) when the name ends in
        /// `.wav`, raw s16le otherwise (`-` = stdout)
        output: PathBuf,
    },
}

fn parse_ssrc(s: &str) -> Result<u32, String> {
    let r = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => s.parse(),
    };
    r.map_err(|e| format!("{s}: not an SSRC ({e})"))
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
    match &args.op {
        Op::Stats {
            json,
            event_pt,
            input,
        } => stats(*json, event_pt, input),
        Op::Decode {
            input,
            ssrc,
            no_plc,
            output,
        } => decode(input, *ssrc, *no_plc, output),
    }
}

/// One RTP packet of the chosen stream.
struct Captured {
    time: Duration,
    seq: u16,
    timestamp: u32,
    marker: bool,
    payload_type: u8,
    payload: Vec<u8>,
}

fn decode(input: &Path, ssrc: Option<u32>, no_plc: bool, output: &Path) -> CliResult {
    let bytes = files::read(input, files::CAPTURE_MAX)?;
    let mut chosen = ssrc;
    let mut seen: Vec<u32> = Vec::new();
    let mut pkts: Vec<Captured> = Vec::new();
    missive_rtp::capture::for_each_udp(&bytes, |d| {
        if !looks_like_rtp(d.dst_port, d.payload) {
            return;
        }
        let Ok(p) = Packet::new_checked(d.payload) else {
            return;
        };
        if !seen.contains(&p.ssrc()) && seen.len() < 1000 {
            seen.push(p.ssrc());
        }
        let law = Law::from_payload_type(p.payload_type());
        if chosen.is_none() && law.is_some() {
            chosen = Some(p.ssrc());
        }
        if Some(p.ssrc()) == chosen {
            pkts.push(Captured {
                time: d.time,
                seq: p.sequence_number(),
                timestamp: p.timestamp(),
                marker: p.marker(),
                payload_type: p.payload_type(),
                payload: p.payload().to_vec(),
            });
        }
    })
    .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
    let Some(ssrc) = chosen else {
        return Err(CliError::input(format!(
            "{}: no PCMU/PCMA RTP stream",
            input.display()
        )));
    };
    let Some((law, frame)) = pkts.iter().find_map(|p| {
        Law::from_payload_type(p.payload_type)
            .filter(|_| !p.payload.is_empty())
            .map(|l| (l, p.payload.len()))
    }) else {
        let list: Vec<String> = seen.iter().map(|s| format!("0x{s:08X}")).collect();
        return Err(CliError::input(format!(
            "{}: no PCMU/PCMA packets with SSRC 0x{ssrc:08X} (streams: {})",
            input.display(),
            if list.is_empty() {
                "none".to_owned()
            } else {
                list.join(", ")
            }
        )));
    };
    // G.711 is one byte per sample: the first packet gives the frame.
    let frame = frame.min(8000) as u32;
    pkts.retain(|p| p.payload_type == law.payload_type() && p.payload.len() == frame as usize);
    let cfg = Config {
        frame_samples: frame,
        ..Config::default()
    };
    let (pcm, st) = if no_plc {
        let mut jb = JitterBuffer::new(cfg, Silence(law.silence()));
        (play(&mut jb, &pkts, law, frame), jb.stats())
    } else {
        let mut jb = JitterBuffer::new(cfg, G711Plc::new(law));
        (play(&mut jb, &pkts, law, frame), jb.stats())
    };
    errln!(
        "SSRC 0x{ssrc:08X} {}: {} packets of {} ms; played {}, concealed {} ({}), late {}, \
         duplicates {}; {:.2} s of audio",
        if law == Law::Mu { "PCMU" } else { "PCMA" },
        pkts.len(),
        frame / 8,
        st.played,
        st.concealed,
        if no_plc { "silence" } else { "G.711 PLC" },
        st.late,
        st.duplicates,
        pcm.len() as f64 / 8000.0
    );
    audio::write_linear(output, &pcm)
}

/// Feeds the packets at their capture times and pops one frame per frame
/// period; returns the audio from the first frame played to the last.
fn play<C: Conceal>(jb: &mut JitterBuffer<C>, pkts: &[Captured], law: Law, frame: u32) -> Vec<i16> {
    let (Some(first), Some(last)) = (pkts.first(), pkts.last()) else {
        return Vec::new();
    };
    let t0 = Instant::now();
    let origin = first.time;
    let at = |t: Duration| t0 + t.saturating_sub(origin);
    let period = Duration::from_micros(u64::from(frame) * 125);
    let end = last.time.saturating_sub(origin) + Duration::from_secs(1);
    let mut pcm: Vec<i16> = Vec::new();
    let mut heard_until = 0;
    let mut block = vec![0i16; frame as usize];
    let mut k = 0;
    let mut tick = Duration::ZERO;
    while tick <= end {
        while let Some(p) = pkts
            .get(k)
            .filter(|p| p.time.saturating_sub(origin) <= tick)
        {
            jb.push(at(p.time), p.seq, p.timestamp, p.marker, &p.payload);
            k += 1;
        }
        match jb.pop(t0 + tick) {
            Frame::Media { payload, .. } | Frame::Concealed { payload, .. } => {
                block.fill(0);
                law.decode(payload, &mut block);
                pcm.extend_from_slice(&block);
                heard_until = pcm.len();
            }
            // Silence between talk spurts (none before the first frame).
            Frame::Idle if !pcm.is_empty() => pcm.resize(pcm.len() + frame as usize, 0),
            Frame::Idle => {}
        }
        // Every packet fed and played: the stream is over.
        if k == pkts.len() && jb.is_empty() {
            break;
        }
        tick += period;
    }
    pcm.truncate(heard_until);
    pcm
}

fn stats(json: bool, event_pt: &[u8], input: &Path) -> CliResult {
    let bytes = files::read(input, files::CAPTURE_MAX)?;
    let config = AnalyzerConfig {
        event_payload_types: event_pt.to_vec(),
        ..AnalyzerConfig::default()
    };
    let streams = analyze_capture(&bytes, config)
        .map_err(|e| CliError::input(format!("{}: {e}", input.display())))?;
    let mut out = String::new();
    if json {
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
