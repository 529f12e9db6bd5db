//! Timing helper for the interleaved Missive-vs-Dovecot benchmark
//! (`scripts/mailbox-dovecot-bench.sh`, which alternates batches of this
//! program with batches against Dovecot so both see the same disk and load).
//!
//! - `mailbox_rate deposit DIR SIZE WRITERS COUNT`: opens (creating) the
//!   store in `DIR`, makes one warm-up deposit per writer, then times `COUNT`
//!   durable deposits of a `SIZE`-byte voice message spread over `WRITERS`
//!   threads (one mailbox each) and prints `missive-deposit SIZE WRITERS
//!   COUNT SECONDS`. The messages are deleted afterwards (outside the
//!   timing), so repeated batches keep the store the same size.
//! - `mailbox_rate list DIR MESSAGES ROUNDS`: fills mailbox `500` of the
//!   store in `DIR` with `MESSAGES` small e-mail-sized messages (once), then
//!   times `ROUNDS` calls of list (play order) + MWI of that mailbox and
//!   prints `missive-list MESSAGES MIN_SECONDS MEDIAN_SECONDS`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // example code

use std::time::Instant;

use chrono::Utc;
use missive_mailbox::model::{Kind, NewMessage, Subscriber};
use missive_mailbox::{Error, SqliteStore, Store};

fn subscriber(store: &SqliteStore, number: &str) {
    let mut s = Subscriber::new(number, "Bench");
    s.max_messages = 0;
    s.max_bytes = 0;
    match store.put_subscriber(&s, true) {
        Ok(()) | Err(Error::SubscriberExists(_)) => {}
        Err(e) => panic!("{e}"),
    }
}

fn deposit(dir: &str, size: usize, writers: usize, count: usize) {
    let store = SqliteStore::open(dir).expect("open");
    for w in 0..writers {
        subscriber(&store, &format!("{}", 100 + w));
    }
    // A MIME-ish body of the right size; content does not matter to the store.
    let mut body = b"Content-Type: audio/wav\r\n\r\n".to_vec();
    body.extend((0..size.saturating_sub(body.len())).map(|i| (i * 7 + 3) as u8));
    let run = |per: usize| -> Vec<i64> {
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..writers)
                .map(|w| {
                    let (store, body) = (&store, &body);
                    s.spawn(move || {
                        let msg = NewMessage::new(format!("{}", 100 + w), Kind::Voice, "200");
                        (0..per)
                            .map(|_| store.deposit(&msg, body, Utc::now()).unwrap())
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        })
    };
    let mut ids = run(1);
    let per = count.div_ceil(writers);
    let t = Instant::now();
    ids.extend(run(per));
    let secs = t.elapsed().as_secs_f64();
    println!(
        "missive-deposit {size} {writers} {} {secs:.6}",
        per * writers
    );
    for id in ids {
        store.delete(id, Utc::now()).unwrap();
    }
}

fn list(dir: &str, messages: usize, rounds: usize) {
    let store = SqliteStore::open(dir).expect("open");
    subscriber(&store, "500");
    let have = store.mwi("500").unwrap().total();
    let have = (have.new + have.old) as usize;
    if have < messages {
        let body = vec![b'x'; 1200];
        let items: Vec<(NewMessage, &[u8])> = (have..messages)
            .map(|i| {
                let mut m = NewMessage::new("500", Kind::Email, format!("{}", 1000 + i));
                m.marks.urgent = i % 10 == 0;
                (m, &body[..])
            })
            .collect();
        for r in store.deposit_batch(&items, Utc::now()) {
            r.unwrap();
        }
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        let l = store.list("500", None).unwrap();
        let m = store.mwi("500").unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(l.len(), messages);
        assert_eq!((m.total().new + m.total().old) as usize, messages);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "missive-list {messages} {:.6} {:.6}",
        times[0],
        times[times.len() / 2]
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let num = |i: usize| -> usize { args[i].parse().expect("number") };
    match args.get(1).map(String::as_str) {
        Some("deposit") if args.len() == 6 => deposit(&args[2], num(3), num(4), num(5)),
        Some("list") if args.len() == 5 => list(&args[2], num(3), num(4)),
        _ => {
            eprintln!(
                "usage: mailbox_rate deposit DIR SIZE WRITERS COUNT | list DIR MESSAGES ROUNDS"
            );
            std::process::exit(2);
        }
    }
}
