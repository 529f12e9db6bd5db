//! `missive sms decode|encode` as a user runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::process::Command;

use serde_json::Value;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

fn json_lines(args: &[&str]) -> Vec<Value> {
    let out = missive().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn decode_deliver_json() {
    let v = json_lines(&[
        "sms",
        "decode",
        "--json",
        "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07",
    ]);
    let v = &v[0];
    assert_eq!(v["type"], "SMS-DELIVER");
    assert_eq!(v["smsc"], "+31624000000");
    assert_eq!(v["originator"], "+31641600986");
    assert_eq!(v["text"], "How are you?");
    assert_eq!(v["encoding"], "gsm7");
    assert_eq!(v["scts"], "2002-08-26T19:37:41+00:00");
    assert_eq!(v["pid"]["value"], 0);
    assert_eq!(v["dcs"]["value"], 0);
    assert!(v["udh"].is_null());
}

#[test]
fn decode_status_report_and_concat_submit() {
    let v = json_lines(&[
        "sms",
        "decode",
        "--json",
        "07914306073011F006270B913426565711F7012081111345400120811174054043",
        "005100098156355476F80000AA14050003880303C2A066D8CD02B5F3A0F9DB0D",
    ]);
    assert_eq!(v[0]["type"], "SMS-STATUS-REPORT");
    assert_eq!(v[0]["message_ref"], 39);
    assert_eq!(v[0]["status"], 67);
    assert_eq!(v[0]["discharge"], "2010-02-18T11:47:50+01:00");
    assert_eq!(v[1]["type"], "SMS-SUBMIT");
    assert_eq!(v[1]["destination"], "655345678");
    assert_eq!(v[1]["text"], "a Man, my son");
    assert_eq!(v[1]["udh"]["concat"]["ref"], 0x88);
    assert_eq!(v[1]["udh"]["concat"]["total"], 3);
    assert_eq!(v[1]["udh"]["concat"]["seq"], 3);
    assert_eq!(v[1]["validity"]["format"], "relative");
    assert_eq!(v[1]["validity"]["seconds"], 4 * 86400);
}

#[test]
fn decode_file_and_forced_prefix() {
    let dir = missive_testkit::scratch("cli-sms");
    let f = dir.join("cmgl.txt");
    std::fs::write(
        &f,
        "+CMGL: 1,1,,24\n0001000B914316565811F9000004E8373B0C\n\n# bare TPDU below\nOK\n",
    )
    .unwrap();
    let v = json_lines(&["sms", "decode", "--json", "--file", f.to_str().unwrap()]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["text"], "hola");
    let v = json_lines(&[
        "sms",
        "decode",
        "--json",
        "--no-smsc",
        "01000B914316565811F9000004E8373B0C",
    ]);
    assert_eq!(v[0]["text"], "hola");
    assert!(v[0]["smsc"].is_null());
    // Forcing the prefix on a bare TPDU fails.
    let out = missive()
        .args([
            "sms",
            "decode",
            "--smsc",
            "01000B914316565811F9000004E8373B0C",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_pdu_exits_2_with_offset() {
    let out = missive()
        .args([
            "sms",
            "decode",
            "0041010C910661345542F60008A0050003000301306F3044",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("missive: bad PDU: invalid TP-UDL at octet 13"),
        "{err}"
    );
    let v = json_lines(&[
        "sms",
        "decode",
        "--json",
        "--lenient",
        "0041010C910661345542F60008A0050003000301306F3044",
    ]);
    assert_eq!(v[0]["text"], "はい");
    let out = missive().args(["sms", "decode", "0G"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn encode_parts_and_lengths_round_trip() {
    let text = format!("Voicemail {} 😀", "x".repeat(70));
    let out = missive()
        .args([
            "sms",
            "encode",
            "--to",
            "+4915112345678",
            "--smsc",
            "+491710760000",
            "--status-report",
        ])
        .arg(&text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    let mut joined = String::new();
    for pair in lines.chunks(2) {
        let len: usize = pair[0].strip_prefix("AT+CMGS=").unwrap().parse().unwrap();
        // AT+CMGS counts the TPDU only: total minus the 8-octet SMSC prefix.
        assert_eq!(len, pair[1].len() / 2 - 8);
        let v = json_lines(&["sms", "decode", "--json", pair[1]]);
        assert_eq!(v[0]["type"], "SMS-SUBMIT");
        assert_eq!(v[0]["destination"], "+4915112345678");
        assert_eq!(v[0]["smsc"], "+491710760000");
        assert_eq!(v[0]["encoding"], "ucs2");
        assert_eq!(v[0]["status_report_request"], true);
        joined.push_str(v[0]["text"].as_str().unwrap());
    }
    assert_eq!(joined, text);
}

#[test]
fn encode_forced_gsm7_rejects_emoji_and_national_tables_work() {
    let out = missive()
        .args(["sms", "encode", "--to", "+1", "--encoding", "gsm7", "hi 😀"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = missive()
        .args([
            "sms",
            "encode",
            "--to",
            "+90",
            "--national",
            "turkish",
            "Çalışma şekli",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let hex = stdout.lines().nth(1).unwrap();
    let v = json_lines(&["sms", "decode", "--json", hex]);
    assert_eq!(v[0]["encoding"], "gsm7");
    assert_eq!(v[0]["text"], "Çalışma şekli");
    assert_eq!(v[0]["udh"]["locking_shift"], "turkish");
}

#[test]
fn encode_voicemail_indication() {
    let out = missive()
        .args([
            "sms",
            "encode",
            "--to",
            "+4915112345678",
            "--voicemail",
            "3",
            "3 new voice messages",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v = json_lines(&["sms", "decode", "--json", stdout.lines().nth(1).unwrap()]);
    assert_eq!(v[0]["udh"]["special"][0]["kind"], "voicemail");
    assert_eq!(v[0]["udh"]["special"][0]["count"], 3);
    assert_eq!(v[0]["text"], "3 new voice messages");
}
