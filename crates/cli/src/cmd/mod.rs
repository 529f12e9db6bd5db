//! One module per subcommand, each with its clap `Args` and a `run`.

pub(crate) mod dtmf;
pub(crate) mod fax;
pub(crate) mod g711;
pub(crate) mod g726;
pub(crate) mod mailbox;
pub(crate) mod rtp;
pub(crate) mod sdp;
pub(crate) mod sip;
pub(crate) mod sms;
pub(crate) mod tones;
