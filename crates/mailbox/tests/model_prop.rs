//! proptest: random operation sequences on the SQLite store against a plain
//! in-memory reference model (a map of messages). After every step the
//! store's listing, MWI, recount and quota outcomes equal the model's.

#![allow(clippy::unwrap_used, clippy::panic, clippy::doc_markdown)] // test code

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use missive_mailbox::model::{Folder, Kind, NewMessage, Subscriber};
use missive_mailbox::rules::{mwi_of, play_order, Mwi};
use missive_mailbox::{Error, SqliteOptions, SqliteStore, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        mb: usize,
        kind: usize,
        urgent: bool,
        size: usize,
    },
    Move {
        pick: usize,
        folder: usize,
    },
    Delete {
        pick: usize,
    },
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 0..5usize, any::<bool>(), prop_oneof![0..64usize, 17_000..20_000usize])
            .prop_map(|(mb, kind, urgent, size)| Op::Deposit { mb, kind, urgent, size }),
        2 => (any::<usize>(), 0..6usize).prop_map(|(pick, folder)| Op::Move { pick, folder }),
        1 => any::<usize>().prop_map(|pick| Op::Delete { pick }),
        1 => Just(Op::Reopen),
    ]
}

const BOXES: [&str; 3] = ["100", "200", "300"];
const QUOTA: usize = 6;

/// The reference model: id -> (mailbox, kind, folder, urgent, body).
type Model = BTreeMap<i64, (usize, Kind, Folder, bool, Vec<u8>)>;

fn model_mwi(model: &Model, mb: usize) -> Mwi {
    let mut m = Mwi::default();
    for (b, kind, folder, _, _) in model.values() {
        if *b == mb {
            m.apply(*kind, *folder, 1);
        }
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn store_matches_reference_model(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = missive_testkit::scratch("mbx-prop");
        let _ = std::fs::remove_dir_all(&dir);
        // Not durable: the reference check is about logic, the crash test about durability.
        let opts = SqliteOptions { durable: false, ..SqliteOptions::default() };
        let mut s = SqliteStore::open_with(&dir, opts).unwrap();
        for n in BOXES {
            let mut sub = Subscriber::new(n, "x");
            sub.max_messages = QUOTA as u64;
            s.put_subscriber(&sub, true).unwrap();
        }
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let mut model = Model::new();
        for (step, op) in ops.into_iter().enumerate() {
            let at = now + chrono::Duration::seconds(step as i64);
            match op {
                Op::Deposit { mb, kind, urgent, size } => {
                    let kind = Kind::ALL[kind];
                    let mut m = NewMessage::new(BOXES[mb], kind, "x");
                    m.marks.urgent = urgent;
                    let body: Vec<u8> = (0..size).map(|i| (i * 31 + step) as u8).collect();
                    let full = model.values().filter(|v| v.0 == mb).count() >= QUOTA;
                    match s.deposit(&m, &body, at) {
                        Ok(id) => {
                            prop_assert!(!full);
                            model.insert(id, (mb, kind, Folder::New, urgent, body));
                        }
                        Err(Error::MailboxFull { .. }) => prop_assert!(full),
                        Err(e) => prop_assert!(false, "{e}"),
                    }
                }
                Op::Move { pick, folder } => {
                    if model.is_empty() { continue; }
                    let id = *model.keys().nth(pick % model.len()).unwrap();
                    let folder = Folder::ALL[folder];
                    let m = s.move_to(id, folder, at).unwrap();
                    prop_assert_eq!(m.folder, folder);
                    model.get_mut(&id).unwrap().2 = folder;
                }
                Op::Delete { pick } => {
                    if model.is_empty() { continue; }
                    let id = *model.keys().nth(pick % model.len()).unwrap();
                    s.delete(id, at).unwrap();
                    model.remove(&id);
                    prop_assert!(matches!(s.message(id), Err(Error::UnknownMessage(_))));
                }
                Op::Reopen => {
                    drop(s);
                    s = SqliteStore::open_with(&dir, opts).unwrap();
                }
            }
            for (i, mb) in BOXES.iter().enumerate() {
                let list = s.list(mb, None).unwrap();
                let mut expect: Vec<i64> = model.iter().filter(|(_, v)| v.0 == i).map(|(k, _)| *k).collect();
                expect.sort_unstable();
                let mut got: Vec<i64> = list.iter().map(|m| m.id).collect();
                // Listing is in play order; compare with the rule applied to the same messages.
                let mut sorted = list.clone();
                play_order(&mut sorted);
                prop_assert_eq!(&sorted, &list);
                got.sort_unstable();
                prop_assert_eq!(got, expect);
                let mwi = s.mwi(mb).unwrap();
                prop_assert_eq!(&mwi, &model_mwi(&model, i));
                prop_assert_eq!(&mwi, &s.recount(mb).unwrap());
                prop_assert_eq!(&mwi, &mwi_of(&list));
                for m in &list {
                    let (_, kind, folder, urgent, body) = &model[&m.id];
                    prop_assert_eq!((m.kind, m.folder, m.marks.urgent), (*kind, *folder, *urgent));
                    prop_assert_eq!(&s.body(m.id).unwrap(), body);
                }
            }
        }
    }
}
