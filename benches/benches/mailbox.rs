//! The mailbox store on the real path: durable deposits of a 658 KB voice
//! message (a 60-second G.711 message as MIME) with 1 and 4 writers; list +
//! MWI of one mailbox in a big store; opening that store.
//!
//! The big store is built once under `target/mailbox-bench/` (reused by later
//! runs) at `MISSIVE_BENCH_MAILBOXES` × `MISSIVE_BENCH_PER_MAILBOX` messages
//! (default 20,000 × 50 = 1,000,000; 200 × 5 when run as a test by
//! `cargo test --all-targets`), small inline bodies.
//! Dovecot (LMTP into Maildir) runs from `scripts/mailbox-dovecot-bench.sh`;
//! see crates/mailbox/README.md.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use missive_mailbox::model::{Kind, NewMessage, Subscriber};
use missive_mailbox::{SqliteOptions, SqliteStore, Store};

/// A 60-second G.711 message as MIME (658 KB) and its G.726 version (329 KB).
const SIZES: [(usize, &str); 2] = [(658 * 1000, "658k"), (329 * 1000, "329k")];

fn bench_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/mailbox-bench")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
}

fn body(size: usize) -> Vec<u8> {
    // A MIME-ish body of the right size; content does not matter to the store.
    let mut b = b"Content-Type: audio/wav\r\n\r\n".to_vec();
    b.extend((0..size - b.len()).map(|i| (i * 7 + 3) as u8));
    b
}

fn deposits(c: &mut Criterion) {
    let dir = bench_dir("deposit");
    let _ = std::fs::remove_dir_all(&dir);
    let store = SqliteStore::open(&dir).unwrap();
    for n in 0..8 {
        let mut s = Subscriber::new(format!("{}", 100 + n), "Bench");
        s.max_messages = 0;
        store.put_subscriber(&s, true).unwrap();
    }
    for ((size, label), writers) in SIZES.iter().flat_map(|s| [(*s, 1usize), (*s, 4)]) {
        let body = body(size);
        let mut g = c.benchmark_group(format!("mailbox/deposit-{label}-{writers}w"));
        g.throughput(Throughput::Elements(writers as u64));
        g.sample_size(10);
        g.bench_function("missive", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                let ids: Vec<i64> = std::thread::scope(|s| {
                    let hs: Vec<_> = (0..writers)
                        .map(|w| {
                            let (store, body) = (&store, &body);
                            s.spawn(move || {
                                let msg =
                                    NewMessage::new(format!("{}", 100 + w), Kind::Voice, "200");
                                (0..iters)
                                    .map(|_| store.deposit(&msg, body, now()).unwrap())
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
                });
                let t = start.elapsed();
                for id in ids {
                    store.delete(id, now()).unwrap();
                }
                t
            });
        });
        g.finish();
    }
}

fn big_store() -> (PathBuf, usize, usize) {
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    // `cargo test --all-targets` runs benches once in test mode (no `--bench`
    // argument): a small store then, so that the test suite stays quick.
    let bench = std::env::args().any(|a| a == "--bench");
    let boxes = env("MISSIVE_BENCH_MAILBOXES", if bench { 20_000 } else { 200 });
    let per = env("MISSIVE_BENCH_PER_MAILBOX", if bench { 50 } else { 5 });
    let dir = bench_dir(&format!("big-{boxes}x{per}"));
    if dir.join("complete").exists() {
        return (dir, boxes, per);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    let opts = SqliteOptions {
        durable: false,
        ..SqliteOptions::default()
    };
    let store = SqliteStore::open_with(&dir, opts).unwrap();
    for b in 0..boxes {
        let mut s = Subscriber::new(format!("{}", 100_000 + b), format!("User {b}"));
        s.max_messages = 0;
        store.put_subscriber(&s, true).unwrap();
    }
    let kinds = [Kind::Voice, Kind::Fax, Kind::Email, Kind::Sms];
    let body = [0x55u8; 200];
    // Interleave mailboxes so that one mailbox's rows are spread over the file.
    for round in 0..per {
        let items: Vec<(NewMessage, &[u8])> = (0..boxes)
            .map(|b| {
                let mut m =
                    NewMessage::new(format!("{}", 100_000 + b), kinds[(round + b) % 4], "200");
                m.marks.urgent = round % 7 == 0;
                (m, &body[..])
            })
            .collect();
        for r in store.deposit_batch(&items, now() + chrono::Duration::seconds(round as i64)) {
            r.unwrap();
        }
        // Half of the older messages heard.
        if round % 2 == 1 {
            for b in (0..boxes).step_by(3) {
                let mb = format!("{}", 100_000 + b);
                if let Some(m) = store
                    .list(&mb, Some(missive_mailbox::model::Folder::New))
                    .unwrap()
                    .first()
                {
                    store
                        .move_to(m.id, missive_mailbox::model::Folder::Heard, now())
                        .unwrap();
                }
            }
        }
    }
    drop(store);
    std::fs::write(dir.join("complete"), b"").unwrap();
    eprintln!(
        "built {boxes} mailboxes x {per} messages in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    (dir, boxes, per)
}

fn big(c: &mut Criterion) {
    let (dir, boxes, per) = big_store();
    let store = SqliteStore::open(&dir).unwrap();
    let mut i = 0usize;
    missive_benches::side_by_side(
        c,
        &format!("mailbox/list+mwi-{boxes}x{per}"),
        1,
        || {
            i = (i + 7919) % boxes;
            let mb = format!("{}", 100_000 + i);
            let list = store.list(&mb, None).unwrap();
            let mwi = store.mwi(&mb).unwrap();
            assert_eq!(list.len(), per);
            (list.len(), mwi.total().new)
        },
        &[] as &[(&str, &dyn Fn() -> (usize, u64))],
    );
    missive_benches::side_by_side(
        c,
        &format!("mailbox/mwi-only-{boxes}x{per}"),
        1,
        || {
            i = (i + 7919) % boxes;
            store.mwi(&format!("{}", 100_000 + i)).unwrap().total().new
        },
        &[] as &[(&str, &dyn Fn() -> u64)],
    );
    drop(store);
    let mut g = c.benchmark_group(format!("mailbox/open-{boxes}x{per}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(2));
    g.bench_function("missive", |b| {
        b.iter(|| {
            let s = SqliteStore::open(&dir).unwrap();
            // The first real query, so that opening is not lazy.
            s.mwi("100000").unwrap()
        });
    });
    g.finish();
}

criterion_group!(benches, deposits, big);
criterion_main!(benches);
