//! Test helper for the crash test (`tests/crash.rs`): opens the store in
//! `DIR` and deposits, marks, moves and deletes messages in a loop from
//! `THREADS` threads until it is killed. Every completed operation is printed
//! and flushed *after* the store returned:
//!
//! - `ACK <id> <mailbox> <size> <crc32>` — a deposit was acknowledged;
//! - `DELETING <id>` then `DEL <id>` — before and after a delete.
//!
//! Usage: `missive-mailbox-crashloop DIR SEED [THREADS]`.

use std::io::Write;
use std::sync::Mutex;

use chrono::Utc;
use missive_mailbox::model::{Folder, Kind, NewMessage, Subscriber};
use missive_mailbox::{Error, SqliteStore, Store};

const BOXES: [&str; 3] = ["100", "101", "102"];

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn say(out: &Mutex<std::io::Stdout>, line: &str) {
    let out = out
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut lock = out.lock();
    // A closed pipe means the parent is gone: stop.
    if writeln!(lock, "{line}")
        .and_then(|()| lock.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

fn work(store: &SqliteStore, out: &Mutex<std::io::Stdout>, mut rng: u64) -> Result<(), Error> {
    loop {
        let mailbox = BOXES[(next(&mut rng) % 3) as usize];
        let op = next(&mut rng) % 10;
        if op < 6 {
            // Bodies both inline (small) and in files (large).
            let size = if next(&mut rng) % 2 == 0 {
                (next(&mut rng) % 2000) as usize + 1
            } else {
                (next(&mut rng) % 200_000) as usize + 20_000
            };
            let fill = (next(&mut rng) & 0xff) as u8;
            let body: Vec<u8> = (0..size).map(|i| fill.wrapping_add(i as u8)).collect();
            let kind =
                [Kind::Voice, Kind::Fax, Kind::Email, Kind::Sms][(next(&mut rng) % 4) as usize];
            let mut msg = NewMessage::new(mailbox, kind, "200");
            msg.marks.urgent = next(&mut rng) % 3 == 0;
            match store.deposit(&msg, &body, Utc::now()) {
                Ok(id) => say(
                    out,
                    &format!("ACK {id} {mailbox} {size} {}", crc32fast::hash(&body)),
                ),
                Err(Error::MailboxFull { .. }) => {}
                Err(e) => return Err(e),
            }
        } else {
            let list = store.list(mailbox, None)?;
            if list.is_empty() {
                continue;
            }
            let m = &list[(next(&mut rng) % list.len() as u64) as usize];
            let result = if op < 8 || list.len() < 20 {
                let to = [Folder::Heard, Folder::Saved, Folder::New][(next(&mut rng) % 3) as usize];
                store.move_to(m.id, to, Utc::now()).map(|_| ())
            } else {
                say(out, &format!("DELETING {}", m.id));
                let r = store.delete(m.id, Utc::now());
                if r.is_ok() {
                    say(out, &format!("DEL {}", m.id));
                }
                r
            };
            match result {
                // Another thread deleted it first.
                Ok(()) | Err(Error::UnknownMessage(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(seed)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u64>().ok()))
    else {
        eprintln!("usage: missive-mailbox-crashloop DIR SEED [THREADS]");
        return std::process::ExitCode::from(2);
    };
    let threads = args.get(3).and_then(|s| s.parse::<u64>().ok()).unwrap_or(2);
    let store = match SqliteStore::open(dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("open: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    for n in BOXES {
        let mut s = Subscriber::new(n, format!("Box {n}"));
        s.max_messages = 60;
        match store.put_subscriber(&s, true) {
            Ok(()) | Err(Error::SubscriberExists(_)) => {}
            Err(e) => {
                eprintln!("setup: {e}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    let out = Mutex::new(std::io::stdout());
    let failed = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (store, out) = (&store, &out);
                s.spawn(move || work(store, out, seed.wrapping_mul(2 * t + 1) | 1))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().and_then(Result::err))
            .map(|e| eprintln!("crashloop: {e}"))
            .count()
    });
    if failed > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
