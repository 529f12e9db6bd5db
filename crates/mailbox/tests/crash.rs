//! Crash test: a child process deposits, marks, moves and deletes in a loop
//! (two threads, so group commits are in flight) and is killed with SIGKILL
//! at a random moment, again and again on the same store. After every kill:
//! every acknowledged deposit is present and its body reads back intact, no
//! listed message is half-written (every body matches size and checksum),
//! and MWI equals a recount. Rounds: `MISSIVE_CRASH_ROUNDS` (default 150).

#![allow(clippy::unwrap_used, clippy::panic, clippy::doc_markdown)] // test code

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use missive_mailbox::{Error, SqliteStore, Store};

#[test]
fn sigkill_at_random_moments_loses_nothing_acknowledged() {
    let rounds: u32 = std::env::var("MISSIVE_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let dir = missive_testkit::scratch("mbx-crash");
    let exe = env!("CARGO_BIN_EXE_missive-mailbox-crashloop");
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    // id -> (size, crc) for every acknowledged, not acknowledged-deleted deposit.
    let mut acked: BTreeMap<i64, (usize, u32)> = BTreeMap::new();
    let mut total_acks = 0usize;
    let mut killed_mid_work = 0u32;
    // Deposits replayed from durable body records at reopen (killed between
    // the body's fsync and the row's commit: not acknowledged, kept anyway).
    let mut replayed = 0usize;
    for round in 0..rounds {
        let mut child = Command::new(exe)
            .arg(&dir)
            .arg((next() % 1_000_000 + 1).to_string())
            .arg("2")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(5_000 + next() % 100_000));
        let exited_early = child.try_wait().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(
            exited_early.is_none(),
            "round {round}: child exited by itself: {err}"
        );
        let mut deleting = BTreeSet::new();
        for line in out.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            match f[0] {
                "ACK" => {
                    acked.insert(
                        f[1].parse().unwrap(),
                        (f[3].parse().unwrap(), f[4].parse().unwrap()),
                    );
                    total_acks += 1;
                }
                "DELETING" => {
                    deleting.insert(f[1].parse::<i64>().unwrap());
                }
                "DEL" => {
                    let id: i64 = f[1].parse().unwrap();
                    deleting.remove(&id);
                    acked.remove(&id);
                }
                _ => panic!("round {round}: unexpected line {line:?}"),
            }
        }
        if !out.is_empty() {
            killed_mid_work += 1;
        }

        let s = SqliteStore::open(&dir).unwrap();
        replayed += s.recovered();
        for (&id, &(size, crc)) in &acked.clone() {
            match s.body(id) {
                Ok(b) => {
                    assert_eq!(b.len(), size, "round {round}: message {id}");
                    assert_eq!(crc32fast::hash(&b), crc, "round {round}: message {id}");
                }
                // A delete that started but was not acknowledged may have committed.
                Err(Error::UnknownMessage(_)) if deleting.contains(&id) => {
                    acked.remove(&id);
                }
                Err(e) => panic!("round {round}: acknowledged message {id} lost: {e}"),
            }
        }
        for mb in ["100", "101", "102"] {
            let list = s.list(mb, None).unwrap();
            for m in &list {
                let b = s
                    .body(m.id)
                    .unwrap_or_else(|e| panic!("round {round}: {e}"));
                assert_eq!(b.len() as u64, m.size);
            }
            assert_eq!(
                s.mwi(mb).unwrap(),
                s.recount(mb).unwrap(),
                "round {round}: {mb}"
            );
        }
    }
    let s = SqliteStore::open(&dir).unwrap();
    let orphans = s.fsck().unwrap();
    eprintln!(
        "crash test: {rounds} kills, {killed_mid_work} with work done, {total_acks} acknowledged deposits, {} kept, {replayed} unacknowledged deposits replayed from durable records, {orphans} orphan files swept",
        acked.len()
    );
    assert!(
        total_acks > 0 && killed_mid_work > rounds / 4,
        "the child did too little work to test anything"
    );
    for (&id, &(size, _)) in &acked {
        assert_eq!(s.body(id).unwrap().len(), size);
    }
}
