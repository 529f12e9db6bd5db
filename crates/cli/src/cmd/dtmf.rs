//! `missive dtmf detect [--json] IN` and `missive dtmf generate DIGITS OUT.wav`.

use std::path::PathBuf;

use clap::Subcommand;
use missive_dtmf::{Detector, DigitOptions, Event, Generator};

use crate::error::{CliError, CliResult};
use crate::{audio, files, output};

/// DTMF (touch-tone) detection and generation, ITU-T Q.24 defaults.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive dtmf generate 0123456789 digits.wav --on-ms 60 --off-ms 60\n  missive dtmf detect digits.wav\n  missive dtmf detect --json --ulaw call.ul\n  sox speech.mp3 -r 8000 -c 1 -b 16 -t raw - | missive dtmf detect --raw -"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

/// How the input audio is coded.
#[derive(clap::Args, Clone, Copy)]
#[group(multiple = false)]
pub(crate) struct InputFormat {
    /// Input is raw 8 kHz signed 16-bit little-endian (default: WAV when it starts with RIFF)
    #[arg(long)]
    raw: bool,
    /// Input is G.711 A-law bytes
    #[arg(long)]
    alaw: bool,
    /// Input is G.711 µ-law bytes
    #[arg(long)]
    ulaw: bool,
}

#[derive(Subcommand)]
enum Op {
    /// Prints the digits found in IN (one line), or one JSON object per digit with --json
    Detect {
        #[arg(
            long,
            help = "One JSON object per digit: {\"digit\":\"5\",\"start_ms\":120,\"duration_ms\":80}"
        )]
        json: bool,
        #[command(flatten)]
        format: InputFormat,
        /// Input audio, 8 kHz (`-` = stdin)
        input: PathBuf,
    },
    /// Writes DIGITS (0-9, *, #, A-D) as DTMF tones to OUT (WAV when it ends in .wav, raw s16le otherwise)
    Generate {
        /// The digits to play
        digits: String,
        /// Output audio (`-` = stdout, raw)
        output: PathBuf,
        /// Tone length per digit, ms
        #[arg(long, default_value_t = 70.0)]
        on_ms: f32,
        /// Silence after each digit, ms
        #[arg(long, default_value_t = 70.0)]
        off_ms: f32,
        /// Level of the low-group tone, dBm0
        #[arg(long, default_value_t = -10.0, allow_hyphen_values = true)]
        level_dbm0: f32,
        /// dB by which the high-group tone is weaker (negative: stronger)
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
        twist_db: f32,
    },
}

/// Reads IN as linear 8 kHz samples according to the format flags.
pub(crate) fn read_input(path: &std::path::Path, f: InputFormat) -> CliResult<Vec<i16>> {
    if f.alaw || f.ulaw {
        let bytes = files::read(path, files::AUDIO_MAX)?;
        let mut pcm = vec![0i16; bytes.len()];
        if f.alaw {
            missive_g7xx::g711::alaw_decode(&bytes, &mut pcm);
        } else {
            missive_g7xx::g711::ulaw_decode(&bytes, &mut pcm);
        }
        return Ok(pcm);
    }
    if f.raw {
        let data = files::read(path, files::AUDIO_MAX)?;
        if data.len() % 2 != 0 {
            return Err(CliError::input(format!(
                "{}: raw s16le audio has an odd byte count ({})",
                path.display(),
                data.len()
            )));
        }
        return Ok(data
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect());
    }
    audio::read_linear(path)
}

/// Milliseconds from samples at 8 kHz.
pub(crate) fn ms(samples: u64) -> u64 {
    samples / 8
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Detect {
            json,
            format,
            input,
        } => {
            let pcm = read_input(input, *format)?;
            let mut det = Detector::default();
            let mut events: Vec<Event> = Vec::new();
            for c in pcm.chunks(8000) {
                events.extend(det.process(c));
            }
            events.extend(det.finish());
            let mut out = String::new();
            for e in &events {
                if let Event::DigitEnd {
                    digit,
                    start,
                    duration,
                } = *e
                {
                    if *json {
                        let v = serde_json::json!({
                            "digit": digit.to_string(),
                            "start_ms": ms(start),
                            "duration_ms": ms(duration),
                        });
                        out.push_str(&v.to_string());
                        out.push('\n');
                    } else {
                        out.push(digit.to_char());
                    }
                }
            }
            if !*json {
                out.push('\n');
            }
            output::stdout_bytes(out.as_bytes())
        }
        Op::Generate {
            digits,
            output,
            on_ms,
            off_ms,
            level_dbm0,
            twist_db,
        } => {
            for (name, v, lo, hi) in [
                ("--on-ms", *on_ms, 1.0, 10_000.0),
                ("--off-ms", *off_ms, 0.0, 10_000.0),
                ("--level-dbm0", *level_dbm0, -90.0, 3.0),
                ("--twist-db", *twist_db, -40.0, 40.0),
            ] {
                if !(lo..=hi).contains(&v) {
                    return Err(CliError::input(format!(
                        "{name} {v}: must be within {lo}..={hi}"
                    )));
                }
            }
            let opts = DigitOptions {
                on_ms: *on_ms,
                off_ms: *off_ms,
                level_dbm0: *level_dbm0,
                twist_db: *twist_db,
            };
            let mut g = Generator::digits(digits, &opts).map_err(CliError::input)?;
            audio::write_linear(output, &g.collect_all())
        }
    }
}
