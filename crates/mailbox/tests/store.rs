//! The embedded store: durability contract, one truth for counts, journal,
//! quota, corrupt media, and concurrent callers.

#![allow(clippy::unwrap_used, clippy::panic, clippy::doc_markdown)] // test code

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use missive_mailbox::model::{Direction, Folder, Kind, NewMessage, Subscriber};
use missive_mailbox::rules::{mwi_of, MwiCount};
use missive_mailbox::{deliver, Error, SqliteStore, Store};

fn t(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap()
}

fn store(name: &str) -> (std::path::PathBuf, SqliteStore) {
    let dir = missive_testkit::scratch(name);
    let s = SqliteStore::open(&dir).unwrap();
    s.put_subscriber(&Subscriber::new("0", "Postmaster"), true)
        .unwrap();
    for n in ["100", "101", "102", "103"] {
        s.put_subscriber(&Subscriber::new(n, format!("User {n}")), true)
            .unwrap();
    }
    (dir, s)
}

#[test]
fn deposit_list_mark_delete_and_reopen() {
    let (dir, s) = store("mbx-basic");
    let big = vec![7u8; 100_000];
    let a = s
        .deposit(&NewMessage::new("100", Kind::Voice, "101"), &big, t(0))
        .unwrap();
    let mut urgent = NewMessage::new("100", Kind::Fax, "");
    urgent.marks.urgent = true;
    let b = s.deposit(&urgent, b"fax", t(1)).unwrap();
    let c = s
        .deposit(&NewMessage::new("100", Kind::Receipt, "101"), b"r", t(2))
        .unwrap();
    let ids: Vec<i64> = s.list("100", None).unwrap().iter().map(|m| m.id).collect();
    assert_eq!(ids, [c, b, a], "receipts, urgent, others");
    assert_eq!(s.body(a).unwrap(), big);
    assert_eq!(s.mwi("100").unwrap().total(), MwiCount { new: 3, old: 0 });

    let m = s.move_to(a, Folder::Heard, t(3)).unwrap();
    assert_eq!(m.history.len(), 2);
    assert_eq!(m.history[1].folder, Some(Folder::Heard));
    s.delete(b, t(4)).unwrap();
    assert!(matches!(s.body(b), Err(Error::UnknownMessage(_))));
    assert!(matches!(s.delete(b, t(4)), Err(Error::UnknownMessage(_))));
    // Ids are never reused, even after deleting the newest message.
    s.delete(c, t(5)).unwrap();
    let d = s
        .deposit(&NewMessage::new("100", Kind::Sms, ""), b"x", t(6))
        .unwrap();
    assert!(d > c);
    s.delete(d, t(7)).unwrap();
    drop(s);

    let s = SqliteStore::open(&dir).unwrap();
    let mwi = s.mwi("100").unwrap();
    assert_eq!(mwi, s.recount("100").unwrap());
    assert_eq!(mwi.total(), MwiCount { new: 0, old: 1 });
    assert_eq!(mwi, mwi_of(&s.list("100", None).unwrap()));
    assert_eq!(s.list("100", Some(Folder::Heard)).unwrap()[0].id, a);
    assert_eq!(s.body(a).unwrap().len(), 100_000);
    assert_eq!(s.fsck().unwrap(), 0, "no orphan after delete");
}

#[test]
fn journal_by_time_range() {
    let (_d, s) = store("mbx-journal");
    for i in 0..5 {
        s.deposit(&NewMessage::new("100", Kind::Sms, "101"), b"hi", t(i * 60))
            .unwrap();
    }
    s.deposit(
        &NewMessage::new("102", Kind::Email, "a@example.org"),
        b"x",
        t(30),
    )
    .unwrap();
    let all = s.journal(None, None, None).unwrap();
    assert_eq!(all.len(), 11, "5 received + 5 sent by 101 + 1 received");
    let sent = s.journal(Some("101"), None, None).unwrap();
    assert!(sent
        .iter()
        .all(|e| e.direction == Direction::Sent && e.peer == "100"));
    let win = s.journal(Some("100"), Some(t(60)), Some(t(180))).unwrap();
    assert_eq!(win.len(), 2);
    assert!(win.iter().all(|e| e.direction == Direction::Received));
    assert_eq!(s.journal(None, Some(t(30)), Some(t(31))).unwrap().len(), 1);
}

#[test]
fn quota_full_is_heard_and_nothing_is_lost() {
    let (_d, s) = store("mbx-quota");
    let mut sub = s.subscriber("103").unwrap().unwrap();
    sub.max_messages = 2;
    s.put_subscriber(&sub, false).unwrap();
    for _ in 0..2 {
        s.deposit(&NewMessage::new("103", Kind::Voice, "1"), b"v", t(0))
            .unwrap();
    }
    let e = deliver(&s, &NewMessage::new("103", Kind::Voice, "1"), b"v", t(0)).unwrap_err();
    assert!(matches!(e, Error::MailboxFull { messages: 2, .. }), "{e}");
    assert_eq!(s.list("103", None).unwrap().len(), 2);
    assert_eq!(s.mwi("103").unwrap(), s.recount("103").unwrap());
    // Unknown address: postmaster.
    let r = deliver(
        &s,
        &NewMessage::new("nobody@x", Kind::Email, "1"),
        b"m",
        t(0),
    )
    .unwrap();
    assert_eq!(r[0].delivery.mailbox, "0");
    assert!(matches!(
        s.deposit(&NewMessage::new("777", Kind::Voice, "1"), b"v", t(0)),
        Err(Error::UnknownSubscriber(_))
    ));
    assert!(matches!(
        s.put_subscriber(&Subscriber::new("100", "dup"), true),
        Err(Error::SubscriberExists(_))
    ));
}

#[test]
fn corrupt_media_is_a_typed_error() {
    let (dir, s) = store("mbx-corrupt");
    let id = s
        .deposit(
            &NewMessage::new("100", Kind::Voice, ""),
            &vec![1u8; 50_000],
            t(0),
        )
        .unwrap();
    let mut files = Vec::new();
    // Only the body; the rest are spare pre-created (empty) files.
    for e in walk(&dir.join("media")) {
        if std::fs::metadata(&e).unwrap().len() > 0 {
            files.push(e);
        }
    }
    assert_eq!(files.len(), 1);
    let mut data = std::fs::read(&files[0]).unwrap();
    // A byte of the body (the tail of the file, after the record head).
    let k = data.len() - 100;
    data[k] ^= 0xff;
    std::fs::write(&files[0], &data).unwrap();
    assert!(matches!(s.body(id), Err(Error::CorruptMedia { .. })));
    std::fs::write(&files[0], &data[..10]).unwrap();
    assert!(matches!(s.body(id), Err(Error::CorruptMedia { .. })));
    std::fs::remove_file(&files[0]).unwrap();
    assert!(matches!(s.body(id), Err(Error::CorruptMedia { .. })));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn orphan_files_are_invisible_and_swept() {
    let (dir, s) = store("mbx-orphan");
    std::fs::write(dir.join("media/05/dead.msg"), b"half").unwrap();
    assert!(s.list("100", None).unwrap().is_empty());
    assert_eq!(s.fsck().unwrap(), 1);
}

#[test]
fn concurrent_callers_keep_counts_true() {
    let (_d, s) = store("mbx-concurrent");
    let s = Arc::new(s);
    let boxes = ["100", "101", "102"];
    std::thread::scope(|scope| {
        for th in 0..8u64 {
            let s = Arc::clone(&s);
            scope.spawn(move || {
                let mut rng = th * 7919 + 1;
                for i in 0..40u64 {
                    rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Half the threads hammer one mailbox, half spread out.
                    let mb = if th % 2 == 0 {
                        "100"
                    } else {
                        boxes[(rng >> 33) as usize % 3]
                    };
                    let body = vec![th as u8; if i % 4 == 0 { 30_000 } else { 100 }];
                    let id = s
                        .deposit(
                            &NewMessage::new(mb, Kind::ALL[(rng >> 40) as usize % 4], "103"),
                            &body,
                            t(i as i64),
                        )
                        .unwrap();
                    match (rng >> 50) % 4 {
                        0 => {
                            s.move_to(id, Folder::Heard, t(0)).unwrap();
                        }
                        1 => s.delete(id, t(0)).unwrap(),
                        2 => {
                            // Race on somebody else's message: either wins.
                            if let Some(m) = s.list(mb, Some(Folder::New)).unwrap().first() {
                                match s.move_to(m.id, Folder::Saved, t(0)) {
                                    Ok(_) | Err(Error::UnknownMessage(_)) => {}
                                    Err(e) => panic!("{e}"),
                                }
                            }
                        }
                        _ => {}
                    }
                    assert_eq!(s.body(id).map_or(body.len(), |b| b.len()), body.len());
                }
            });
        }
    });
    let mut total = 0;
    for mb in boxes {
        let mwi = s.mwi(mb).unwrap();
        assert_eq!(mwi, s.recount(mb).unwrap(), "{mb}");
        assert_eq!(mwi, mwi_of(&s.list(mb, None).unwrap()));
        total += s.list(mb, None).unwrap().len();
    }
    let deposits = s
        .journal(None, None, Some(t(0) + Duration::days(1)))
        .unwrap();
    assert_eq!(
        deposits
            .iter()
            .filter(|e| e.direction == Direction::Received)
            .count(),
        8 * 40
    );
    assert!(total <= 8 * 40);
    assert_eq!(s.fsck().unwrap(), 0);
}

/// Copies a directory tree (a store "as the disk would hold it").
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The power-loss case of the one-`fsync` deposit: the body record reached
/// the disk, the row's transaction (committed without a WAL `fsync`) did
/// not. The disk image is built by hand: the database as it was before the
/// deposit, the media files as they are after it. Opening it must replay
/// the deposit under the same id; a torn record must never appear.
#[test]
fn a_durable_record_whose_row_was_lost_is_replayed_at_open() {
    let (dir, s) = store("mbx-replay");
    let first = vec![3u8; 50_000];
    let a = s
        .deposit(&NewMessage::new("100", Kind::Voice, "101"), &first, t(0))
        .unwrap();
    // The database before the second deposit (its body file is reserved).
    let snap = missive_testkit::scratch("mbx-replay-db");
    for f in ["meta.db", "meta.db-wal"] {
        std::fs::copy(dir.join(f), snap.join(f)).unwrap();
    }
    let second: Vec<u8> = (0..60_000u32).map(|i| (i % 251) as u8).collect();
    let mut urgent = NewMessage::new("100", Kind::Voice, "101");
    urgent.marks.urgent = true;
    let b = s.deposit(&urgent, &second, t(1)).unwrap();
    let record = walk(&dir.join("media"))
        .into_iter()
        .find(|p| std::fs::metadata(p).unwrap().len() > 60_000)
        .unwrap();

    for torn in [false, true] {
        let img = missive_testkit::scratch(if torn {
            "mbx-replay-torn"
        } else {
            "mbx-replay-img"
        });
        copy_tree(&dir.join("media"), &img.join("media"));
        for f in ["meta.db", "meta.db-wal"] {
            std::fs::copy(snap.join(f), img.join(f)).unwrap();
        }
        let rel = record.strip_prefix(&dir).unwrap();
        if torn {
            let data = std::fs::read(img.join(rel)).unwrap();
            std::fs::write(img.join(rel), &data[..data.len() - 1000]).unwrap();
        }
        let r = SqliteStore::open(&img).unwrap();
        assert_eq!(r.body(a).unwrap(), first);
        if torn {
            assert_eq!(r.recovered(), 0);
            assert!(matches!(r.message(b), Err(Error::UnknownMessage(_))));
            assert!(!img.join(rel).exists(), "torn record removed");
        } else {
            assert_eq!(r.recovered(), 1);
            let m = r.message(b).unwrap();
            assert!(m.marks.urgent);
            assert_eq!(m.deposited_at, t(1));
            assert_eq!(r.body(b).unwrap(), second);
            let ids: Vec<i64> = r.list("100", None).unwrap().iter().map(|m| m.id).collect();
            assert_eq!(ids, vec![b, a], "urgent first");
            assert_eq!(r.journal(Some("101"), None, None).unwrap().len(), 2);
        }
        assert_eq!(r.mwi("100").unwrap(), r.recount("100").unwrap());
        assert_eq!(r.fsck().unwrap(), 0);
        // Reopening replays nothing twice.
        drop(r);
        let again = SqliteStore::open(&img).unwrap();
        assert_eq!(again.recovered(), 0);
        assert_eq!(
            again.list("100", None).unwrap().len(),
            if torn { 1 } else { 2 }
        );
    }
    // The live store is untouched by all this.
    assert_eq!(s.list("100", None).unwrap().len(), 2);
}

#[test]
fn address_book_entries_have_their_own_methods() {
    use missive_mailbox::model::AddressEntry;
    let (_dir, s) = store("mbx-addresses");
    let e = |owner: Option<&str>, short: &str, name: &str, addr: &str| AddressEntry {
        owner: owner.map(str::to_string),
        short: short.into(),
        name: name.into(),
        address: addr.into(),
    };
    s.put_address(&e(None, "1", "Reception", "100")).unwrap();
    s.put_address(&e(None, "22", "Fax room", "fax:103"))
        .unwrap();
    s.put_address(&e(Some("100"), "22", "Mum", "+4930123"))
        .unwrap();
    s.put_address(&e(Some("100"), "3", "Bob", "bob@example.org"))
        .unwrap();
    // Replacing an entry keeps one.
    s.put_address(&e(Some("100"), "3", "Robert", "bob@example.org"))
        .unwrap();
    let mine = s.address_book(Some("100")).unwrap();
    assert_eq!(
        mine.iter().map(|e| e.short.as_str()).collect::<Vec<_>>(),
        ["3", "22"]
    );
    assert_eq!(mine[0].name, "Robert");
    assert_eq!(s.address_book(None).unwrap().len(), 2);
    // Personal before central; central for everyone else.
    assert_eq!(s.lookup_short("100", "22").unwrap().unwrap().name, "Mum");
    assert_eq!(
        s.lookup_short("101", "22").unwrap().unwrap().name,
        "Fax room"
    );
    assert_eq!(s.lookup_short("100", "1").unwrap().unwrap().address, "100");
    assert!(s.lookup_short("101", "3").unwrap().is_none());
    assert!(s.delete_address(Some("100"), "22").unwrap());
    assert!(!s.delete_address(Some("100"), "22").unwrap());
    assert_eq!(
        s.lookup_short("100", "22").unwrap().unwrap().name,
        "Fax room"
    );
    // Bad input is a typed error naming the field.
    for bad in [
        e(Some("100"), "", "x", "1"),
        e(Some("100"), "12a", "x", "1"),
        e(Some("100"), "123456789", "x", "1"),
        e(Some("1x"), "1", "x", "1"),
        e(None, "1", "x", ""),
        e(None, "1", "x", "a\nb"),
    ] {
        assert!(
            matches!(s.put_address(&bad), Err(Error::Invalid { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn fax_on_demand_documents_have_their_own_methods() {
    use missive_mailbox::model::FaxDocument;
    let (dir, s) = store("mbx-fod");
    let doc = |n: &str, title: &str| FaxDocument {
        number: n.into(),
        title: title.into(),
        pages: 2,
    };
    let tiff: Vec<u8> = (0..30_000u32).map(|i| (i * 13) as u8).collect();
    s.put_fax_document(&doc("4711", "Price list"), &tiff)
        .unwrap();
    s.put_fax_document(&doc("12", "Directions"), b"II*\0tiny")
        .unwrap();
    let (d, content) = s.fax_document("4711").unwrap().unwrap();
    assert_eq!(d.title, "Price list");
    assert_eq!(content, tiff);
    assert!(s.fax_document("999").unwrap().is_none());
    assert_eq!(
        s.fax_documents()
            .unwrap()
            .iter()
            .map(|d| d.number.as_str())
            .collect::<Vec<_>>(),
        ["12", "4711"]
    );
    // Replace, delete.
    s.put_fax_document(&doc("12", "Directions v2"), b"II*\0v2")
        .unwrap();
    assert_eq!(s.fax_document("12").unwrap().unwrap().1, b"II*\0v2");
    assert!(s.delete_fax_document("12").unwrap());
    assert!(!s.delete_fax_document("12").unwrap());
    assert!(s.fax_document("12").unwrap().is_none());
    assert!(matches!(
        s.put_fax_document(&doc("x1", "bad"), b""),
        Err(Error::Invalid { .. })
    ));
    // Survives a reopen; a damaged content is a typed error.
    drop(s);
    let s = SqliteStore::open(&dir).unwrap();
    assert_eq!(s.fax_document("4711").unwrap().unwrap().1, tiff);
    let c = rusqlite::Connection::open(dir.join("meta.db")).unwrap();
    c.execute(
        "UPDATE fax_documents SET content = zeroblob(30000) WHERE number = '4711'",
        [],
    )
    .unwrap();
    assert!(matches!(
        s.fax_document("4711"),
        Err(Error::CorruptMedia { .. })
    ));
}

#[test]
fn address_and_fax_blobs_of_earlier_versions_are_migrated() {
    let dir = missive_testkit::scratch("mbx-migrate");
    {
        let s = SqliteStore::open(&dir).unwrap();
        // As the previous version's CLI stored them.
        s.put_blob(
            "ab/central/7",
            br#"{"owner":null,"short":"7","name":"Desk","address":"107"}"#,
        )
        .unwrap();
        s.put_blob(
            "ab/100/7",
            br#"{"owner":"100","short":"7","name":"Home","address":"+49301"}"#,
        )
        .unwrap();
        s.put_blob("fod/55", br#"{"number":"55","title":"Menu","pages":1}"#)
            .unwrap();
        s.put_blob("fod-body/55", b"II*\0menu").unwrap();
        s.put_blob("greeting/100/1", b"keep me").unwrap();
    }
    let s = SqliteStore::open(&dir).unwrap();
    assert_eq!(s.lookup_short("100", "7").unwrap().unwrap().name, "Home");
    assert_eq!(s.lookup_short("101", "7").unwrap().unwrap().name, "Desk");
    let (d, content) = s.fax_document("55").unwrap().unwrap();
    assert_eq!(
        (d.title.as_str(), content.as_slice()),
        ("Menu", &b"II*\0menu"[..])
    );
    assert!(s.blob("ab/100/7").unwrap().is_none());
    assert!(s.blob("fod-body/55").unwrap().is_none());
    assert_eq!(s.blob("greeting/100/1").unwrap().unwrap(), b"keep me");
}
