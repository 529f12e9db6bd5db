//! 8 kHz mono 16-bit audio in and out: WAV (by its header) or raw s16le.
//!
//! Every audio subcommand (G.711/G.726 conversion, DTMF detection and
//! generation, tone detection) reads and writes through here.

use std::path::Path;

use crate::error::{CliError, CliResult};
use crate::files;

/// The one sample rate of telephone audio.
pub(crate) const RATE: u32 = 8000;

/// Reads linear audio: a RIFF/WAVE file (must be 8 kHz, mono, 16-bit PCM)
/// when the data starts with `RIFF`, raw signed 16-bit little-endian
/// otherwise.
pub(crate) fn read_linear(path: &Path) -> CliResult<Vec<i16>> {
    let data = files::read(path, files::AUDIO_MAX)?;
    if data.starts_with(b"RIFF") {
        read_wav(path, &data)
    } else {
        if data.len() % 2 != 0 {
            return Err(CliError::input(format!(
                "{}: raw s16le audio has an odd byte count ({})",
                path.display(),
                data.len()
            )));
        }
        Ok(data
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
}

fn read_wav(path: &Path, data: &[u8]) -> CliResult<Vec<i16>> {
    let bad = |e: hound::Error| CliError::input(format!("{}: {e}", path.display()));
    let reader = hound::WavReader::new(std::io::Cursor::new(data)).map_err(bad)?;
    let spec = reader.spec();
    if spec.sample_rate != RATE
        || spec.channels != 1
        || spec.bits_per_sample != 16
        || spec.sample_format != hound::SampleFormat::Int
    {
        return Err(CliError::input(format!(
            "{}: need 8000 Hz mono 16-bit PCM WAV, got {} Hz, {} channel(s), {}-bit {:?} \
             (convert with: sox IN -r 8000 -c 1 -b 16 OUT.wav)",
            path.display(),
            spec.sample_rate,
            spec.channels,
            spec.bits_per_sample,
            spec.sample_format
        )));
    }
    reader
        .into_samples::<i16>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)
}

/// Whether a path names a WAV file by its extension.
pub(crate) fn is_wav_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wav"))
}

/// Writes linear audio: a WAV file when the name ends in `.wav`, raw s16le
/// otherwise (`-` = standard output, raw).
pub(crate) fn write_linear(path: &Path, samples: &[i16]) -> CliResult {
    if is_wav_name(path) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let fail = |e: hound::Error| CliError::failure(format!("{}: {e}", path.display()));
        let mut w = hound::WavWriter::create(path, spec).map_err(fail)?;
        for &s in samples {
            w.write_sample(s).map_err(fail)?;
        }
        w.finalize().map_err(fail)
    } else {
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        files::write(path, &bytes)
    }
}
