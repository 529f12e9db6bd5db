//! Reading inputs and writing outputs, with `-` for stdin/stdout and errors
//! that name the file.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{CliError, CliResult};

/// Reads a whole input file (`-` = standard input). Failure is bad input.
pub(crate) fn read(path: &Path) -> CliResult<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::input(format!("reading standard input: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))
}

/// Reads a whole input file as UTF-8 text (`-` = standard input).
#[allow(dead_code)] // used by text-based subcommands as they arrive
pub(crate) fn read_text(path: &Path) -> CliResult<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes)
        .map_err(|e| CliError::input(format!("{}: not UTF-8 text: {e}", path.display())))
}

/// Writes a whole output file (`-` = standard output). Failure is exit 1.
pub(crate) fn write(path: &Path, data: &[u8]) -> CliResult {
    let res = if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(data).and_then(|()| out.flush())
    } else {
        std::fs::write(path, data)
    };
    res.map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}
