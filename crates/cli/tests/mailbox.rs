//! `missive mailbox` as an administrator runs it: every rule through the
//! real binary, on a scratch store.

#![allow(clippy::unwrap_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Mb {
    dir: PathBuf,
}

impl Mb {
    fn new(name: &str) -> Self {
        let dir = missive_testkit::scratch(name);
        let mb = Self { dir };
        mb.ok(&[
            "init",
            "--pin-max-failures",
            "3",
            "--pin-lockout-secs",
            "600",
        ]);
        mb
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_missive"))
            .arg("mailbox")
            .arg("--store")
            .arg(&self.dir)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).unwrap()
    }

    fn fails(&self, args: &[&str], code: i32, msg: &str) {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }

    fn file(&self, name: &str, data: &[u8]) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, data).unwrap();
        p.to_string_lossy().into_owned()
    }
}

fn id(out: &str) -> String {
    out.lines().next().unwrap().trim().to_owned()
}

#[test]
fn deposit_list_play_order_mark_move_delete_mwi() {
    let mb = Mb::new("cli-mbx-msgs");
    mb.ok(&["subscriber", "add", "100", "--name", "Ada Lovelace"]);
    mb.ok(&["subscriber", "add", "101", "--name", "Alan Turing"]);
    let voice = mb.file("v.wav", &vec![3u8; 70_000]);
    let a = id(&mb.ok(&[
        "deposit", "--to", "100", "--kind", "voice", "--from", "101", &voice,
    ]));
    let b = id(&mb.ok(&[
        "deposit", "--to", "100", "--kind", "fax", "--urgent", &voice,
    ]));
    let c = id(&mb.ok(&[
        "deposit",
        "--to",
        "100",
        "--kind",
        "email",
        "--confidential",
        &voice,
    ]));
    let list = mb.json(&["list", "100"]);
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].to_string())
        .collect();
    assert_eq!(
        ids,
        [b.clone(), a.clone(), c.clone()],
        "urgent first, then oldest"
    );
    assert_eq!(list[2]["marks"]["confidential"], true);

    let mwi = mb.json(&["mwi", "100"]);
    assert_eq!(mwi["waiting"], true);
    assert_eq!(mwi["per_kind"]["fax"]["new"], 1);
    for x in [&a, &b, &c] {
        mb.ok(&["mark", x, "heard"]);
    }
    let mwi = mb.json(&["mwi", "100"]);
    assert_eq!(mwi["waiting"], false, "lamp off when all heard");
    assert_eq!(mwi["total"]["old"], 3);
    assert!(mb.ok(&["mwi", "100"]).starts_with("lamp off"));
    mb.ok(&["move", &a, "saved"]);
    assert_eq!(
        mb.json(&["list", "100", "--folder", "saved"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let d = mb.json(&["delete", &b]);
    assert_eq!(d["deleted"].to_string(), b);
    assert_eq!(mb.json(&["mwi", "100"])["total"]["old"], 2);
    mb.fails(&["delete", &b], 2, "unknown message");
    let out = mb.dir.join("back.wav");
    mb.ok(&["fetch", &a, out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap().len(), 70_000);
    mb.fails(&["mark", &a, "sideways"], 2, "heard|unheard");
    mb.fails(&["list", "100", "--folder", "attic"], 2, "folder");
}

#[test]
fn routing_deputy_archive_postmaster_quota_notify() {
    let mb = Mb::new("cli-mbx-route");
    mb.ok(&[
        "subscriber",
        "add",
        "900",
        "--name",
        "Fax Archive",
        "--mailbox",
        "fax-archive",
    ]);
    mb.ok(&["subscriber", "add", "200", "--name", "Deputy Dawg"]);
    mb.ok(&[
        "subscriber",
        "add",
        "100",
        "--name",
        "Ada",
        "--deputy",
        "200",
        "--fax-archive",
        "900",
        "--mobile",
        "+447700900123",
        "--notify",
        "fax=lamp,sms,call-out",
        "--max-messages",
        "2",
    ]);
    let f = mb.file("f.tif", b"II*\0fax");
    let r = mb.json(&["deposit", "--to", "100", "--kind", "fax", &f]);
    let stored: Vec<(String, String)> = r["stored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["delivery"]["mailbox"].as_str().unwrap().to_owned(),
                s["delivery"]["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        stored,
        [
            ("100".into(), "addressed".into()),
            ("200".into(), "deputy".into()),
            ("900".into(), "archive".into())
        ]
    );
    let targets: Vec<&str> = r["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["target"].as_str().unwrap())
        .collect();
    assert!(targets.contains(&"sms") && targets.contains(&"call-out") && targets.contains(&"lamp"));
    // Unknown address: the postmaster, never lost.
    let r = mb.json(&["deposit", "--to", "12345", "--kind", "sms", &f]);
    assert_eq!(r["stored"][0]["delivery"]["mailbox"], "0");
    assert_eq!(mb.json(&["list", "0"]).as_array().unwrap().len(), 1);
    // Quota: the second fills the box, the third hears "mailbox full".
    mb.ok(&["deposit", "--to", "100", "--kind", "voice", &f]);
    mb.fails(
        &["deposit", "--to", "100", "--kind", "voice", &f],
        1,
        "mailbox 100 is full",
    );
    assert_eq!(mb.json(&["list", "100"]).as_array().unwrap().len(), 2);
    // Redirect: the deputy only.
    mb.ok(&[
        "subscriber",
        "set",
        "100",
        "--deputy",
        "200",
        "--deputy-redirect",
        "--max-messages",
        "0",
    ]);
    let r = mb.json(&["deposit", "--to", "100", "--kind", "voice", &f]);
    assert_eq!(r["stored"].as_array().unwrap().len(), 1);
    assert_eq!(r["stored"][0]["delivery"]["mailbox"], "200");
    mb.fails(&["subscriber", "show", "555"], 2, "unknown subscriber 555");
    mb.fails(&["subscriber", "add", "200", "--name", "x"], 2, "exists");
}

#[test]
fn receipts_confidential_forward_and_delayed_send() {
    let mb = Mb::new("cli-mbx-receipts");
    mb.ok(&["subscriber", "add", "100", "--name", "Ada"]);
    mb.ok(&["subscriber", "add", "101", "--name", "Alan"]);
    mb.ok(&["subscriber", "add", "102", "--name", "Grace"]);
    let f = mb.file("v.wav", b"RIFFvoice");
    let a = id(&mb.ok(&[
        "deposit",
        "--to",
        "100",
        "--kind",
        "voice",
        "--from",
        "101",
        "--receipt",
        "delivered,read",
        &f,
    ]));
    let c = id(&mb.ok(&[
        "deposit",
        "--to",
        "100",
        "--kind",
        "voice",
        "--from",
        "101",
        "--confidential",
        "--receipt",
        "deleted",
        &f,
    ]));
    mb.ok(&["mark", &a, "heard"]);
    mb.ok(&["delete", &c]);
    let receipts: Vec<String> = mb
        .json(&["list", "101"])
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["kind"].as_str().unwrap(),
                m["receipt"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        receipts,
        ["receipt:delivered", "receipt:read", "receipt:deleted"]
    );
    // Receipts play first, before an urgent message.
    mb.ok(&["deposit", "--to", "101", "--kind", "fax", "--urgent", &f]);
    assert_eq!(mb.json(&["list", "101"])[3]["marks"]["urgent"], true);
    let conf = id(&mb.ok(&[
        "deposit",
        "--to",
        "100",
        "--kind",
        "voice",
        "--confidential",
        &f,
    ]));
    mb.fails(
        &["forward", &conf, "--to", "102", "--by", "100"],
        2,
        "confidential",
    );
    let fwd = mb.json(&["forward", &a, "--to", "102", "--by", "100"]);
    assert_eq!(fwd["stored"][0]["delivery"]["mailbox"], "102");
    // Delayed send: in the outbox (no lamp) until due, then by priority.
    let d1 = id(&mb.ok(&[
        "deposit",
        "--to",
        "102",
        "--kind",
        "fax",
        "--delay-until",
        "2026-12-01T10:00:00Z",
        &f,
    ]));
    let d2 = id(&mb.ok(&[
        "deposit",
        "--to",
        "102",
        "--kind",
        "fax",
        "--delay-until",
        "2026-12-01T11:00:00Z",
        "--priority",
        "high",
        &f,
    ]));
    assert_eq!(
        mb.json(&["mwi", "102"])["total"]["new"],
        1,
        "only the forward counts"
    );
    assert!(mb
        .ok(&["send-due", "102", "--at", "2026-12-01T09:00:00Z"])
        .is_empty());
    let due = mb.json(&["send-due", "102", "--at", "2026-12-01T12:00:00Z"]);
    assert_eq!(due["delivered"].to_string(), format!("[{d2},{d1}]"));
    assert_eq!(mb.json(&["mwi", "102"])["total"]["new"], 3);
}

#[test]
fn greetings_which_plays() {
    let mb = Mb::new("cli-mbx-greet");
    mb.ok(&[
        "subscriber",
        "add",
        "100",
        "--name",
        "Ada",
        "--utc-offset",
        "60",
        "--hours",
        "mon-fri 08:00-17:00",
    ]);
    let g = mb.file("g.wav", b"RIFFgreeting");
    for slot in ["1", "2", "3", "4", "5", "name"] {
        mb.ok(&["greeting", "set", "100", slot, &g]);
    }
    mb.fails(&["greeting", "set", "100", "10", &g], 2, "1–9");
    mb.fails(
        &["greeting", "assign", "100", "busy", "7"],
        2,
        "no recording",
    );
    mb.ok(&["greeting", "assign", "100", "internal", "1"]);
    mb.ok(&["greeting", "assign", "100", "external", "2"]);
    mb.ok(&["greeting", "assign", "100", "busy", "3"]);
    mb.ok(&["greeting", "assign", "100", "out-of-hours", "4"]);
    let which = |at: &str, caller: &str, busy: bool| {
        let mut a = vec!["greeting", "which", "100", "--at", at, "--caller", caller];
        if busy {
            a.push("--busy");
        }
        let v = mb.json(&a);
        (v["source"].clone(), v["slot"].as_u64())
    };
    let work = "2026-11-23T10:00:00+01:00"; // a Monday
    let night = "2026-11-23T21:00:00+01:00";
    assert_eq!(which(work, "internal", false).1, Some(1));
    assert_eq!(which(work, "external", false).1, Some(2));
    assert_eq!(which(night, "external", false).1, Some(4));
    assert_eq!(which(night, "external", true).1, Some(3), "busy beats time");
    mb.ok(&[
        "greeting",
        "day",
        "100",
        "5",
        "--at",
        "2026-11-23T08:00:00+01:00",
    ]);
    assert_eq!(which(night, "external", false).1, Some(5));
    assert_eq!(
        which("2026-11-24T00:00:01+01:00", "external", false).1,
        Some(4),
        "expired at midnight"
    );
    mb.ok(&["greeting", "assign", "100", "alternate", "2"]);
    assert_eq!(
        which(night, "internal", true).1,
        Some(2),
        "alternate beats all"
    );
    // Nothing assigned: central, then system default with the recorded name.
    mb.ok(&["subscriber", "add", "101", "--name", "Bob"]);
    let v = mb.json(&["greeting", "which", "101"]);
    assert_eq!(v["source"], "system-default");
    assert_eq!(v["recorded_name"], false);
    mb.ok(&["greeting", "central", "7", &g]);
    assert_eq!(mb.json(&["greeting", "which", "101"])["central"], 7);
    assert!(mb
        .ok(&["greeting", "which", "101"])
        .contains("central greeting 7"));
}

#[test]
fn pin_rules_lockout_and_unlock() {
    let mb = Mb::new("cli-mbx-pin");
    mb.fails(
        &[
            "subscriber",
            "add",
            "100",
            "--name",
            "A",
            "--pin",
            &"1".repeat(25),
        ],
        2,
        "1 to 24 digits",
    );
    mb.fails(
        &["subscriber", "add", "100", "--name", "A", "--pin", "12ab"],
        2,
        "not all digits",
    );
    mb.ok(&[
        "subscriber",
        "add",
        "100",
        "--name",
        "A",
        "--pin",
        &"7".repeat(24),
    ]);
    let show = mb.ok(&["subscriber", "show", "100", "--json"]);
    assert!(
        !show.contains("argon2") && !show.contains("777777"),
        "no hash, no PIN shown"
    );
    let pin = "7".repeat(24);
    assert_eq!(
        mb.json(&["pin", "check", "100", &pin])["outcome"],
        "accepted"
    );
    let t0 = "2026-11-23T10:00:00Z";
    mb.fails(
        &["pin", "check", "100", "1", "--at", t0],
        1,
        "2 attempts left",
    );
    mb.fails(
        &["pin", "check", "100", "2", "--at", t0],
        1,
        "1 attempts left",
    );
    mb.fails(
        &["pin", "check", "100", "3", "--at", t0],
        1,
        "locked until 2026-11-23T10:10:00",
    );
    mb.fails(
        &["pin", "check", "100", &pin, "--at", "2026-11-23T10:05:00Z"],
        1,
        "locked",
    );
    mb.ok(&["pin", "check", "100", &pin, "--at", "2026-11-23T10:10:00Z"]);
    for p in ["1", "2", "3"] {
        let _ = mb.run(&["pin", "check", "100", p, "--at", t0]);
    }
    mb.ok(&["pin", "unlock", "100"]);
    mb.ok(&["pin", "check", "100", &pin, "--at", t0]);
    mb.ok(&["pin", "set", "100", "4711"]);
    mb.ok(&["pin", "check", "100", "4711"]);
}

#[test]
fn lists_directory_journal() {
    let mb = Mb::new("cli-mbx-lists");
    for (n, name) in [
        ("105", "Grace Hopper"),
        ("101", "Ada Lovelace"),
        ("110", "Adele Goldberg"),
        ("102", "Barbara Liskov"),
        ("120", "Adam Smith"),
        ("103", "Adrian Mole"),
        ("130", "Adolf Loos"),
        ("104", "Adelaide Kane"),
        ("99", "Bea Arthur"),
    ] {
        mb.ok(&["subscriber", "add", n, "--name", name]);
    }
    // "23" = AD / BE / CE …: seven names start a word with it.
    let p0 = mb.json(&["directory", "search", "23"]);
    let nums: Vec<&str> = p0["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_str().unwrap())
        .collect();
    assert_eq!(nums, ["99", "101", "103", "104", "110", "120"]);
    assert_eq!(p0["more"], true);
    let p1 = mb.json(&["directory", "search", "23", "--page", "1"]);
    assert_eq!(p1["matches"][0]["number"], "130");
    mb.fails(
        &["directory", "search", "2", "--min-keys", "3"],
        2,
        "at least 3",
    );

    mb.ok(&["list-create", "101", "team"]);
    mb.fails(&["list-create", "101", "team"], 2, "exists");
    mb.ok(&["list-create", "central", "everyone"]);
    mb.ok(&["list-add", "101", "team", "102", "--service", "voice"]);
    mb.ok(&[
        "list-add",
        "101",
        "team",
        "grace@example.org",
        "--service",
        "email",
    ]);
    let lists = mb.json(&["lists", "101"]);
    assert_eq!(lists[0]["members"][1]["service"], "email");
    for i in 0..99 {
        mb.ok(&["list-add", "central", "everyone", &format!("{}", 1000 + i)]);
    }
    mb.fails(
        &["list-add", "central", "everyone", "5000"],
        2,
        "members per distribution list (at most 99)",
    );
    mb.fails(
        &["list-add", "101", "nope", "1"],
        2,
        "unknown distribution list",
    );

    let f = mb.file("s.txt", b"hello");
    mb.ok(&[
        "deposit",
        "--to",
        "101",
        "--kind",
        "sms",
        "--from",
        "102",
        "--at",
        "2026-11-20T10:00:00Z",
        &f,
    ]);
    mb.ok(&[
        "deposit",
        "--to",
        "102",
        "--kind",
        "email",
        "--from",
        "x@y",
        "--at",
        "2026-11-21T10:00:00Z",
        &f,
    ]);
    mb.ok(&[
        "deposit",
        "--to",
        "101",
        "--kind",
        "voice",
        "--at",
        "2026-11-22T10:00:00Z",
        &f,
    ]);
    let all = mb.json(&["journal"]);
    assert_eq!(all.as_array().unwrap().len(), 4);
    let win = mb.json(&[
        "journal",
        "--since",
        "2026-11-21T00:00:00Z",
        "--until",
        "2026-11-22T00:00:00Z",
    ]);
    assert_eq!(win.as_array().unwrap().len(), 1);
    assert_eq!(win[0]["subscriber"], "102");
    let sent = mb.json(&["journal", "--subscriber", "102"]);
    let dirs: Vec<&str> = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["direction"].as_str().unwrap())
        .collect();
    assert_eq!(dirs, ["sent", "received"]);
    mb.fails(&["journal", "--since", "yesterday"], 2, "RFC 3339");
}

#[test]
fn address_book_and_fax_on_demand() {
    let mb = Mb::new("cli-mbx-ab");
    mb.ok(&["subscriber", "add", "100", "--name", "Ada"]);
    mb.ok(&["addressbook", "add", "central", "1", "Reception", "200"]);
    mb.ok(&[
        "addressbook",
        "add",
        "central",
        "2",
        "Support",
        "support@example.org",
    ]);
    mb.ok(&["addressbook", "add", "100", "1", "Mum", "+441234567"]);
    assert_eq!(
        mb.json(&["addressbook", "lookup", "100", "1"])["address"],
        "+441234567"
    );
    assert_eq!(
        mb.json(&["addressbook", "lookup", "101", "1"])["address"],
        "200"
    );
    assert_eq!(
        mb.json(&["addressbook", "lookup", "100", "2"])["name"],
        "Support"
    );
    mb.fails(
        &["addressbook", "lookup", "100", "9"],
        2,
        "no short number 9",
    );
    let tif = mb.file("price.tif", b"II*\0pricelist");
    mb.ok(&["fax-doc", "add", "4711", "Price list", &tif, "--pages", "3"]);
    let out = mb.dir.join("got.tif");
    mb.ok(&["fax-doc", "get", "4711", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), b"II*\0pricelist");
    mb.fails(&["fax-doc", "get", "4712", "-"], 2, "no fax document 4712");
}

#[test]
fn corrupt_media_and_missing_store_are_clear_errors() {
    let mb = Mb::new("cli-mbx-corrupt");
    mb.ok(&["subscriber", "add", "100", "--name", "A"]);
    let v = mb.file("v.raw", &vec![9u8; 40_000]);
    let id = id(&mb.ok(&["deposit", "--to", "100", "--kind", "voice", &v]));
    let media = find_msg(&mb.dir.join("media")).unwrap();
    std::fs::write(&media, b"short").unwrap();
    mb.fails(&["fetch", &id, "-"], 1, "corrupt media");
    let nowhere = Command::new(env!("CARGO_BIN_EXE_missive"))
        .args(["mailbox", "--store", "/nonexistent/store", "list", "1"])
        .output()
        .unwrap();
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("init"));
}

fn find_msg(dir: &Path) -> Option<PathBuf> {
    for e in std::fs::read_dir(dir).ok()? {
        let p = e.ok()?.path();
        if p.is_dir() {
            if let Some(f) = find_msg(&p) {
                return Some(f);
            }
        } else if p.extension().is_some_and(|x| x == "msg") {
            return Some(p);
        }
    }
    None
}
