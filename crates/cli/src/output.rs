//! The one way the tool writes to standard output and standard error.
//!
//! `print!`/`println!` panic when stdout is closed or full (`missive … |
//! head -1`, `> /dev/full`), which would turn a finished job (a committed
//! deposit, say) into exit 101. Every subcommand writes through here instead:
//! - a closed pipe on stdout ([`CliError::BrokenPipe`]) ends the process
//!   quietly with exit 0: the reader has all it wanted;
//! - any other write error is a failure (exit 1) that names standard output;
//! - stderr (diagnostics) never fails the job: a message that cannot be
//!   written is dropped.

use std::fmt;
use std::io::{self, Write};

use crate::error::{CliError, CliResult};

/// Maps an I/O error on an output named `what` to the tool's error.
pub(crate) fn write_error(what: &str, e: &io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::BrokenPipe
    } else {
        CliError::failure(format!("{what}: {e}"))
    }
}

/// Writes raw bytes to stdout and flushes them.
pub(crate) fn stdout_bytes(data: &[u8]) -> CliResult {
    let mut out = io::stdout().lock();
    out.write_all(data)
        .and_then(|()| out.flush())
        .map_err(|e| write_error("standard output", &e))
}

/// Writes formatted text to stdout (the body of [`out!`] and [`outln!`]).
pub(crate) fn stdout_fmt(args: fmt::Arguments<'_>) -> CliResult {
    let mut out = io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.flush())
        .map_err(|e| write_error("standard output", &e))
}

/// Writes formatted text to stderr; a failure to do so is ignored.
pub(crate) fn stderr_fmt(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// `print!` that returns a [`CliResult`] instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout_fmt(format_args!($($arg)*))
    };
}

/// `println!` that returns a [`CliResult`] instead of panicking.
macro_rules! outln {
    () => {
        $crate::output::stdout_bytes(b"\n")
    };
    ($($arg:tt)*) => {
        $crate::output::stdout_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that never panics (a closed stderr drops the message).
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, out, outln};
