//! The one error type of the command-line tool, and its exit codes.

use std::process::ExitCode;

/// What went wrong, sorted by the exit code it earns.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The input is unreadable or malformed, or the arguments do not fit
    /// together: exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// Anything else (an output that cannot be written, …): exit code 1.
    #[error("{0}")]
    Failure(String),
    /// Standard output was closed by its reader (`missive … | head -1`):
    /// the process ends quietly with exit 0.
    #[error("standard output closed")]
    BrokenPipe,
}

impl CliError {
    /// Bad input, from anything displayable.
    pub(crate) fn input(msg: impl std::fmt::Display) -> Self {
        Self::BadInput(msg.to_string())
    }

    /// Any other failure, from anything displayable.
    pub(crate) fn failure(msg: impl std::fmt::Display) -> Self {
        Self::Failure(msg.to_string())
    }

    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::BadInput(_) => ExitCode::from(2),
            Self::Failure(_) => ExitCode::from(1),
            Self::BrokenPipe => ExitCode::SUCCESS,
        }
    }
}

/// Result of a subcommand.
pub(crate) type CliResult<T = ()> = Result<T, CliError>;
