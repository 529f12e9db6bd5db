//! `missive g726 encode|decode --rate 16|24|32|40 [--input/--output
//! linear|alaw|ulaw] [--packing rfc3551|aal2|none] IN OUT`.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use missive_g7xx::g726::{pack, Decoder, Encoder, Rate};

use crate::error::{CliError, CliResult};
use crate::{audio, files};

/// G.726 ADPCM (16/24/32/40 kbit/s) conversion of 8 kHz audio.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    missive g726 encode --rate 32 greeting.wav greeting.726\n  \
    missive g726 decode --rate 32 message.726 message.wav\n  \
    missive g726 encode --rate 40 --input alaw --packing aal2 call.al call.g726\n  \
    missive g726 decode --rate 16 --output ulaw --packing none codes.bin out.ul\n\n\
    Packing: rfc3551 = RTP G726-xx and VPIM audio/32KADPCM (first code in the low bits);\n  \
    aal2 = ITU-T I.366.2 (first code in the high bits); none = one code per byte\n  \
    (the ITU test-file layout). Linear audio is WAV (by its header; written when\n  \
    OUT ends in .wav) or raw s16le, 8 kHz mono.")]
pub(crate) struct Args {
    #[command(subcommand)]
    op: Op,
}

#[derive(Subcommand)]
enum Op {
    /// Audio (linear, A-law or µ-law) to G.726 codes
    Encode {
        /// Bit rate in kbit/s
        #[arg(long, value_parser = ["16", "24", "32", "40"])]
        rate: String,
        /// What IN holds
        #[arg(long, value_enum, default_value = "linear")]
        input: Format,
        /// How codes are packed into bytes
        #[arg(long, value_enum, default_value = "rfc3551")]
        packing: Packing,
        /// Input audio (`-` = stdin)
        input_file: PathBuf,
        /// Output G.726 stream (`-` = stdout)
        output_file: PathBuf,
    },
    /// G.726 codes to audio (linear, A-law or µ-law)
    Decode {
        /// Bit rate in kbit/s
        #[arg(long, value_parser = ["16", "24", "32", "40"])]
        rate: String,
        /// What to write to OUT
        #[arg(long, value_enum, default_value = "linear")]
        output: Format,
        /// How codes are packed into bytes
        #[arg(long, value_enum, default_value = "rfc3551")]
        packing: Packing,
        /// Input G.726 stream (`-` = stdin)
        input_file: PathBuf,
        /// Output audio (`-` = stdout)
        output_file: PathBuf,
    },
}

/// PCM side of the codec.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// 16-bit linear (WAV or raw s16le)
    Linear,
    /// G.711 A-law bytes
    Alaw,
    /// G.711 µ-law bytes
    Ulaw,
}

/// Code packing.
#[derive(Clone, Copy, ValueEnum)]
enum Packing {
    /// RFC 3551 / VPIM: first code in the least significant bits
    Rfc3551,
    /// ITU-T I.366.2 / AAL2: first code in the most significant bits
    Aal2,
    /// One code per byte, low bits
    None,
}

impl Packing {
    fn lib(self) -> pack::Packing {
        match self {
            Packing::Rfc3551 => pack::Packing::Rfc3551,
            Packing::Aal2 => pack::Packing::Aal2,
            Packing::None => pack::Packing::None,
        }
    }
}

fn rate(kbps: &str) -> CliResult<Rate> {
    kbps.parse()
        .ok()
        .and_then(Rate::from_kbps)
        .ok_or_else(|| CliError::input(format!("unsupported G.726 rate {kbps}")))
}

pub(crate) fn run(args: &Args) -> CliResult {
    match &args.op {
        Op::Encode {
            rate: kbps,
            input,
            packing,
            input_file,
            output_file,
        } => {
            let rate = rate(kbps)?;
            let mut enc = Encoder::new(rate);
            let codes: Vec<u8> = match input {
                Format::Linear => {
                    let pcm = audio::read_linear(input_file)?;
                    let mut codes = vec![0u8; pcm.len()];
                    enc.encode_linear(&pcm, &mut codes);
                    codes
                }
                Format::Alaw | Format::Ulaw => {
                    let law = files::read(input_file, files::AUDIO_MAX)?;
                    let mut codes = vec![0u8; law.len()];
                    if matches!(input, Format::Alaw) {
                        enc.encode_alaw(&law, &mut codes);
                    } else {
                        enc.encode_ulaw(&law, &mut codes);
                    }
                    codes
                }
            };
            let mut out = vec![0u8; pack::packed_len(codes.len(), rate, packing.lib())];
            let n = pack::pack(&codes, rate, packing.lib(), &mut out).map_err(CliError::failure)?;
            files::write(output_file, &out[..n])
        }
        Op::Decode {
            rate: kbps,
            output,
            packing,
            input_file,
            output_file,
        } => {
            let rate = rate(kbps)?;
            let data = files::read(input_file, files::AUDIO_MAX)?;
            let mut codes = vec![0u8; pack::codes_in(data.len(), rate, packing.lib())];
            pack::unpack(&data, rate, packing.lib(), &mut codes).map_err(CliError::failure)?;
            let mut dec = Decoder::new(rate);
            match output {
                Format::Linear => {
                    let mut pcm = vec![0i16; codes.len()];
                    dec.decode_linear(&codes, &mut pcm);
                    audio::write_linear(output_file, &pcm)
                }
                Format::Alaw | Format::Ulaw => {
                    let mut law = vec![0u8; codes.len()];
                    if matches!(output, Format::Alaw) {
                        dec.decode_alaw(&codes, &mut law);
                    } else {
                        dec.decode_ulaw(&codes, &mut law);
                    }
                    files::write(output_file, &law)
                }
            }
        }
    }
}
