//! Reading inputs and writing outputs, with `-` for stdin/stdout and errors
//! that name the file.
//!
//! Every read is bounded: a subcommand says how large an input it accepts,
//! and at most that many bytes plus one are read (from a file or a pipe)
//! before the input is refused as bad input, so `missive sip parse -` fed
//! gigabytes costs no more memory than the limit.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{CliError, CliResult};
use crate::output;

/// One mebibyte, the unit the input limits are written in.
const MIB: u64 = 1 << 20;

/// Largest audio input (WAV, raw linear, G.711/G.726 streams): 256 MiB,
/// about 4.6 hours of 8 kHz 16-bit audio.
pub(crate) const AUDIO_MAX: u64 = 256 * MIB;
/// Largest text input (an SDP body, SMS PDUs, a message file): 1 MiB.
pub(crate) const TEXT_MAX: u64 = MIB;
/// Largest packet capture: 1 GiB.
pub(crate) const CAPTURE_MAX: u64 = 1024 * MIB;
/// Largest document (a fax TIFF, a message body, a greeting): 256 MiB.
pub(crate) const DOCUMENT_MAX: u64 = 256 * MIB;

/// Reads a whole input file (`-` = standard input) of at most `max` bytes.
/// Failure, and an input longer than `max`, are bad input (exit 2).
pub(crate) fn read(path: &Path, max: u64) -> CliResult<Vec<u8>> {
    match read_prefix(path, max)? {
        (buf, false) => Ok(buf),
        (_, true) => Err(too_large(&display_name(path), max)),
    }
}

/// Reads at most `max` bytes of an input (`-` = standard input) and says
/// whether there was more (the rest is not read). For subcommands that
/// answer an oversized input themselves (`sip check` answers 513).
pub(crate) fn read_prefix(path: &Path, max: u64) -> CliResult<(Vec<u8>, bool)> {
    let name = display_name(path);
    let bad = |e: std::io::Error| CliError::input(format!("{name}: {e}"));
    let mut buf = Vec::new();
    let wanted = max.saturating_add(1);
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(wanted)
            .read_to_end(&mut buf)
            .map_err(bad)?;
    } else {
        let file = std::fs::File::open(path).map_err(bad)?;
        if file.metadata().is_ok_and(|m| m.is_file() && m.len() > max) {
            // A regular file's size is known: do not read what is refused.
            return Ok((Vec::new(), true));
        }
        file.take(wanted).read_to_end(&mut buf).map_err(bad)?;
    }
    let more = buf.len() as u64 > max;
    if more {
        buf.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    }
    Ok((buf, more))
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn too_large(name: &str, max: u64) -> CliError {
    CliError::input(format!(
        "{name}: input is larger than the {max}-byte limit of this command"
    ))
}

/// Reads a whole input file of at most `max` bytes as UTF-8 text.
pub(crate) fn read_text(path: &Path, max: u64) -> CliResult<String> {
    let bytes = read(path, max)?;
    String::from_utf8(bytes)
        .map_err(|e| CliError::input(format!("{}: not UTF-8 text: {e}", path.display())))
}

/// Writes a whole output file (`-` = standard output). Failure is exit 1;
/// a closed standard output ends the job quietly.
pub(crate) fn write(path: &Path, data: &[u8]) -> CliResult {
    if path == Path::new("-") {
        return output::stdout_bytes(data);
    }
    std::fs::write(path, data).map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}

/// Opens an output file (`-` = standard output) for writing piece by piece.
#[allow(dead_code)] // for streaming subcommands (fax decode/encode page by page)
pub(crate) fn create(path: &Path) -> CliResult<Box<dyn Write>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdout().lock()));
    }
    std::fs::File::create(path)
        .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>)
        .map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}
