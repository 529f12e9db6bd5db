//! One module per subcommand, each with its clap `Args` and a `run`.

pub(crate) mod fax;
pub(crate) mod g711;
