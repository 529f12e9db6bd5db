//! The tool's one output path: a reader that closes stdout early, a full
//! disk behind stdout, and inputs larger than a subcommand's limit.

#![allow(clippy::unwrap_used, clippy::panic)] // test code

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

const INVITE: &[u8] = b"INVITE sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@example.com>\r\n\
From: Alice <sip:alice@example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.example.com\r\n\
CSeq: 314159 INVITE\r\n\
Contact: <sip:alice@pc33.example.com>\r\n\
Content-Length: 0\r\n\r\n";

/// Runs `cmd` with its stdout a pipe whose reader is already gone.
fn with_closed_stdout(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader closes before anything is written
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn scratch_file(name: &str, data: &[u8]) -> std::path::PathBuf {
    let dir = missive_testkit::scratch(&format!("cli-output-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, data).unwrap();
    path
}

#[test]
fn closed_stdout_ends_quietly() {
    let sip = scratch_file("invite.sip", INVITE);
    for args in [
        vec!["sip", "parse", sip.to_str().unwrap()],
        vec!["sip", "parse", "--json", sip.to_str().unwrap()],
        vec!["sip", "check", sip.to_str().unwrap()],
        vec!["dtmf", "generate", "0123456789", "-"],
        vec!["sms", "encode", "--to", "+4915112345678", "hello"],
    ] {
        let out = with_closed_stdout(missive().args(&args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn deposit_with_closed_stdout_stores_the_message_and_exits_0() {
    let dir = missive_testkit::scratch("cli-output-deposit");
    let store = dir.join("store");
    let mb = |args: &[&str]| {
        let mut c = missive();
        c.arg("mailbox").arg("--store").arg(&store).args(args);
        c
    };
    assert!(mb(&["init"]).status().unwrap().success());
    assert!(mb(&["subscriber", "add", "100", "--name", "Ann"])
        .status()
        .unwrap()
        .success());
    let body = scratch_file("body.txt", b"a stored message");
    let out = with_closed_stdout(&mut mb(&[
        "deposit",
        "--to",
        "100",
        "--kind",
        "sms",
        body.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = mb(&["list", "100", "--json"]).output().unwrap();
    assert!(list.status.success(), "{}", stderr(&list));
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
}

#[test]
fn full_stdout_is_a_failure_that_says_so() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipping: no /dev/full on this system");
        return;
    }
    let sip = scratch_file("invite-full.sip", INVITE);
    for args in [
        vec!["sip", "parse", sip.to_str().unwrap()],
        vec!["dtmf", "generate", "123", "-"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = missive().args(&args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("missive: standard output:"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn stdin_over_the_limit_is_refused_without_reading_it_all() {
    let mut child = missive()
        .args(["sip", "parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // 64 MiB offered; the tool must stop after its 65,535-byte limit + 1 and
    // exit, so the writer sees a closed pipe long before the end.
    let chunk = vec![b'A'; 1 << 16];
    let mut written = 0usize;
    for _ in 0..1024 {
        if stdin.write_all(&chunk).is_err() {
            break;
        }
        written += chunk.len();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("65535-byte limit"),
        "{}",
        stderr(&out)
    );
    assert!(
        written < 64 << 20,
        "the whole input was read: {written} bytes"
    );
}

#[test]
fn oversized_file_is_refused_by_parse_and_answered_513_by_check() {
    let mut big = INVITE.to_vec();
    big.resize(70_000, b' ');
    let path = scratch_file("big.sip", &big);
    let out = missive()
        .args(["sip", "parse", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("limit"), "{}", stderr(&out));
    let out = missive()
        .args(["sip", "check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("513 "));
}
