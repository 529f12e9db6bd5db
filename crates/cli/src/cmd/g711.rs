//! `missive g711 encode|decode --law a|u IN OUT`.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use missive_g7xx::g711;

use crate::error::CliResult;
use crate::{audio, files};

/// G.711 A-law / µ-law conversion of 8 kHz audio.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  missive g711 encode --law u prompt.wav prompt.ul\n  missive g711 decode --law a call.al call.wav"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Linear audio (WAV 8 kHz mono 16-bit, or raw s16le) to G.711 bytes
    Encode {
        /// Which companding law
        #[arg(long, value_enum)]
        law: Law,
        /// Input audio (`-` = stdin)
        input: PathBuf,
        /// Output G.711 bytes (`-` = stdout)
        output: PathBuf,
    },
    /// G.711 bytes to linear audio (WAV when OUT ends in .wav, raw s16le otherwise)
    Decode {
        /// Which companding law
        #[arg(long, value_enum)]
        law: Law,
        /// Input G.711 bytes (`-` = stdin)
        input: PathBuf,
        /// Output audio (`-` = stdout)
        output: PathBuf,
    },
}

/// The companding law.
#[derive(Clone, Copy, ValueEnum)]
enum Law {
    /// A-law (PCMA, Europe)
    A,
    /// µ-law (PCMU, North America and Japan)
    U,
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Encode { law, input, output } => {
            let pcm = audio::read_linear(input)?;
            let mut out = vec![0u8; pcm.len()];
            match law {
                Law::A => g711::alaw_encode(&pcm, &mut out),
                Law::U => g711::ulaw_encode(&pcm, &mut out),
            };
            files::write(output, &out)
        }
        Op::Decode { law, input, output } => {
            let coded = files::read(input, files::AUDIO_MAX)?;
            let mut pcm = vec![0i16; coded.len()];
            match law {
                Law::A => g711::alaw_decode(&coded, &mut pcm),
                Law::U => g711::ulaw_decode(&coded, &mut pcm),
            };
            audio::write_linear(output, &pcm)
        }
    }
}
