//! `missive tones detect [--json] IN`: fax and modem tones (CNG, CED/ANS and
//! its phase reversals, V.21 flag preamble).

use std::path::PathBuf;

use clap::Subcommand;
use missive_dtmf::{ToneDetector, ToneEvent};

use crate::cmd::dtmf::{ms, read_input, InputFormat};
use crate::error::CliResult;
use crate::output;

/// Fax/modem tone detection on 8 kHz audio.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive tones detect call.wav\n  missive tones detect --json --alaw fax-call.al"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Lists the tones in IN: one line each (`cng start_ms=… duration_ms=…`), or JSON objects with --json
    Detect {
        #[arg(
            long,
            help = "One JSON object per tone: {\"tone\":\"cng\",\"start_ms\":0,\"duration_ms\":500}; reversals {\"tone\":\"phase-reversal\",\"at_ms\":450}"
        )]
        json: bool,
        #[command(flatten)]
        format: InputFormat,
        /// Input audio, 8 kHz (`-` = stdin)
        input: PathBuf,
    },
}

pub(crate) fn run(args: &Args) -> CliResult {
    let Op::Detect {
        json,
        format,
        input,
    } = &args.op;
    let pcm = read_input(input, *format)?;
    let mut det = ToneDetector::default();
    let mut events: Vec<ToneEvent> = Vec::new();
    for c in pcm.chunks(8000) {
        events.extend(det.process(c));
    }
    events.extend(det.finish());
    let mut out = String::new();
    for e in &events {
        let line = match *e {
            ToneEvent::End {
                tone,
                start,
                duration,
            } => {
                if *json {
                    serde_json::json!({"tone": tone.name(), "start_ms": ms(start), "duration_ms": ms(duration)})
                        .to_string()
                } else {
                    format!(
                        "{} start_ms={} duration_ms={}",
                        tone.name(),
                        ms(start),
                        ms(duration)
                    )
                }
            }
            ToneEvent::PhaseReversal { at } => {
                if *json {
                    serde_json::json!({"tone": "phase-reversal", "at_ms": ms(at)}).to_string()
                } else {
                    format!("phase-reversal at_ms={}", ms(at))
                }
            }
            ToneEvent::Start { .. } => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    output::stdout_bytes(out.as_bytes())
}
