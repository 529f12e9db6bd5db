//! The side-by-side convention every Missive bench follows.
//!
//! A comparison is one criterion group named `<crate>/<case>` holding a
//! function `missive` (our code) and one function per peer, named after the
//! peer (`spandsp`, `libtiff`, `rsip` …), each run on the same input.
//! `scripts/bench` reads criterion's results and prints one Markdown row per
//! (group, peer): both medians and the speed-up (peer time ÷ our time, so
//! above 1 means Missive is faster).
//!
//! ```no_run
//! use criterion::Criterion;
//! let mut c = Criterion::default();
//! let input = vec![0i16; 8000];
//! missive_benches::side_by_side(
//!     &mut c,
//!     "g7xx/ulaw-encode-1s",
//!     input.len() as u64,
//!     || input.iter().map(|&x| x as u32).sum::<u32>(),
//!     &[("peer", &|| input.iter().map(|&x| x as u32).sum::<u32>())],
//! );
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput};

/// Benchmarks `ours` and each `(name, peer)` on the same input, in one group
/// named `group`, with `elements` items of throughput per iteration.
pub fn side_by_side<R, P>(
    c: &mut Criterion,
    group: &str,
    elements: u64,
    mut ours: impl FnMut() -> R,
    peers: &[(&str, &dyn Fn() -> P)],
) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(elements));
    g.bench_function("missive", |b| b.iter(|| black_box(ours())));
    for (name, peer) in peers {
        g.bench_function(*name, |b| b.iter(|| black_box(peer())));
    }
    g.finish();
}
