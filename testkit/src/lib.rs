//! Test-only helpers shared by every Missive crate's tests, benches and
//! interop checks. Nothing here is published.
//!
//! - [`shared_conformance`] finds the referee data in `../shared/conformance`
//!   (the folder beside the checkout) or wherever `MISSIVE_SHARED` points;
//!   where it is absent (a user's clone) the suite is skipped with one line,
//!   and under `MISSIVE_REQUIRE_SHARED=1` (CI) that is a failure.
//! - [`vectors`] finds the project's own `conformance-vectors/`.
//! - [`peer`] says whether a command-line peer (tshark, sipp, sox, …) is
//!   installed; under `MISSIVE_REQUIRE_PEERS=1` (set by `scripts/test`) a
//!   missing peer is a test failure instead of a skip.
//! - [`signal`] makes the deterministic signals the G.711/G.726 benches and
//!   interleaved measurements share.
//!
//! ```
//! // A test that needs the ITU charts runs only where they exist.
//! if let Some(dir) = missive_testkit::shared_conformance("fax/itu") {
//!     assert!(dir.is_dir());
//! }
//! ```

#![allow(clippy::panic)] // test helpers fail tests by panicking, on purpose

pub mod signal;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // testkit lives at <root>/testkit.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// True when tests must fail rather than skip for a missing peer or data set.
pub fn peers_required() -> bool {
    std::env::var_os("MISSIVE_REQUIRE_PEERS").is_some_and(|v| v != "0")
}

/// True when the shared conformance data must be present (CI sets
/// `MISSIVE_REQUIRE_SHARED=1`): a missing suite is then a test failure.
/// A user's clone has no `../shared`; there the suites are skipped.
pub fn shared_required() -> bool {
    std::env::var_os("MISSIVE_REQUIRE_SHARED").is_some_and(|v| v != "0")
}

/// The folder holding `conformance/`: `$MISSIVE_SHARED`, else `../shared`
/// beside the checkout.
pub fn shared_root() -> PathBuf {
    std::env::var_os("MISSIVE_SHARED")
        .map_or_else(|| workspace_root().join("../shared"), PathBuf::from)
}

/// `../shared/conformance/<sub>` (or `$MISSIVE_SHARED/conformance/<sub>`) when
/// it exists. When it does not, the suite is skipped with one line on stderr
/// saying what was skipped and how to provide the data, unless
/// `MISSIVE_REQUIRE_SHARED` is set (CI), in which case a missing folder panics
/// so that CI cannot pass without running the suite.
pub fn shared_conformance(sub: &str) -> Option<PathBuf> {
    let dir = shared_root().join("conformance").join(sub);
    if dir.exists() {
        Some(dir)
    } else if shared_required() {
        panic!(
            "conformance data {} is missing (MISSIVE_REQUIRE_SHARED is set)",
            dir.display()
        );
    } else {
        // Once per suite and test binary, written to the stderr handle (not
        // through eprintln!) so that the harness does not swallow it.
        static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        let mut said = SAID
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if said.iter().any(|s| s == sub) {
            return None;
        }
        said.push(sub.to_string());
        let _ = writeln!(
            std::io::stderr(),
            "skipping the {sub} conformance suite: {} not found \
             (provide it with MISSIVE_SHARED=DIR, DIR holding conformance/{sub})",
            dir.display()
        );
        None
    }
}

/// `conformance-vectors/<sub>` inside the checkout.
pub fn vectors(sub: &str) -> PathBuf {
    workspace_root().join("conformance-vectors").join(sub)
}

/// Whether `program` can be run (looked up on `PATH`). When it cannot, the
/// caller should skip; under `MISSIVE_REQUIRE_PEERS` this panics instead.
pub fn peer(program: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            !peers_required(),
            "peer `{program}` is not installed (MISSIVE_REQUIRE_PEERS is set)"
        );
        eprintln!("skipping: peer `{program}` not installed");
    }
    found
}

/// A fresh, empty scratch directory under the target directory, unique to
/// this process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("missive-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}
