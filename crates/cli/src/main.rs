//! `missive`: every Missive crate from the command line.
//!
//! Conventions shared by all subcommands:
//! - `--json` prints machine-readable output (one JSON document, or one JSON
//!   object per line for streams of events);
//! - errors go to stderr as `missive: <what went wrong>`; the exit code is 2
//!   for bad input (unreadable or malformed files, bad arguments) and 1 for any
//!   other failure (an output that cannot be written, …);
//! - a reader that closes standard output early (`| head`) ends the job
//!   quietly with exit 0 (see the `output` module);
//! - `-` as a file name means standard input or output;
//! - long jobs draw a progress bar on stderr when it is a terminal.

mod audio;
mod cmd;
mod error;
mod files;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Unified-messaging protocols and codecs from the command line.
#[derive(Parser)]
#[command(
    name = "missive",
    version,
    about = "Unified-messaging protocols and codecs: fax, DTMF, voice codecs, SMS, SIP, RTP, mailbox",
    after_help = "Examples:\n  missive dtmf detect --json call.wav\n  missive fax info --json fax.tif\n  missive sms decode --json 0791...\n  missive sip check invite.sip\n  missive rtp stats call.pcap\n  missive g711 encode --law u speech.wav speech.ul\n\nRun `missive <command> --help` for each command's options and examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// One subcommand per crate.
#[derive(Subcommand)]
enum Command {
    /// G.711 A-law / µ-law encode and decode (missive-g7xx)
    G711(cmd::g711::Args),
    /// SMS PDUs: decode (AT+CMGL) and encode (AT+CMGS) (missive-sms)
    Sms(cmd::sms::Args),
    /// SDP parse and RFC 3264 offer/answer (missive-sdp)
    Sdp(cmd::sdp::Args),
    /// G.726 ADPCM 16/24/32/40 kbit/s encode and decode (missive-g7xx)
    G726(cmd::g726::Args),
    /// DTMF detection (ITU-T Q.24) and generation (missive-dtmf)
    Dtmf(cmd::dtmf::Args),
    /// Fax/modem tone detection: CNG, CED/ANS, V.21 preamble (missive-dtmf)
    Tones(cmd::tones::Args),
    /// Mailbox store administration: subscribers, messages, MWI, greetings, PINs, journal (missive-mailbox)
    Mailbox(cmd::mailbox::Args),
    /// RTP stream statistics, DTMF events and jitter-buffered G.711 playout from captures (missive-rtp)
    Rtp(cmd::rtp::Args),
    /// SIP message parsing and validation (missive-sip)
    Sip(cmd::sip::Args),
    /// Fax images: T.4/T.6 decode and encode, TIFF Class F (missive-t4)
    Fax(cmd::fax::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::G711(args) => cmd::g711::run(&args),
        Command::Sms(args) => cmd::sms::run(&args),
        Command::Sdp(args) => cmd::sdp::run(&args),
        Command::G726(args) => cmd::g726::run(&args),
        Command::Dtmf(args) => cmd::dtmf::run(&args),
        Command::Tones(args) => cmd::tones::run(&args),
        Command::Mailbox(args) => cmd::mailbox::run(&args),
        Command::Rtp(args) => cmd::rtp::run(&args),
        Command::Sip(args) => cmd::sip::run(&args),
        Command::Fax(args) => cmd::fax::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::BrokenPipe) => CliError::BrokenPipe.exit_code(),
        Err(e) => {
            output::errln!("missive: {e}");
            e.exit_code()
        }
    }
}
