//! Test-only bindings to the C peers Missive is measured against.
//!
//! Only the functions the tests and benches use are declared, each group in a
//! module named after what it wraps, with a safe wrapper that owns the C
//! state and frees it on drop. `build.rs` links the libraries found by
//! pkg-config and names the Debian package to install when one is missing.
//!
//! ```
//! let mut tx = missive_interop::spandsp::DtmfTx::new();
//! let audio = tx.generate("159#");
//! let mut rx = missive_interop::spandsp::DtmfRx::new();
//! assert_eq!(rx.detect(&audio), "159#");
//! ```

pub mod g726;
pub mod libtiff;
pub mod spandsp;
pub mod t4;
pub mod t4_pages;
