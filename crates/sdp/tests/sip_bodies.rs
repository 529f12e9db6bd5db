//! The SDP bodies inside the RFC 4475 torture messages and the RFC 5118 IPv6
//! tests (read from `../shared/conformance/sip`): each parses and serialises
//! back to the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

use std::path::Path;

/// The `application/sdp` body of a SIP message, cut at `Content-Length`
/// when that header is sane, or `None` when the message carries no SDP.
fn sdp_body(msg: &[u8]) -> Option<&[u8]> {
    let (head, body) = [&b"\r\n\r\n"[..], b"\n\n"].iter().find_map(|sep| {
        msg.windows(sep.len())
            .position(|w| w == *sep)
            .map(|i| (&msg[..i], &msg[i + sep.len()..]))
    })?;
    let head = String::from_utf8_lossy(head);
    let mut is_sdp = false;
    let mut len = None;
    for line in head.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        if (name == "content-type" || name == "c") && value.eq_ignore_ascii_case("application/sdp")
        {
            is_sdp = true;
        }
        if name == "content-length" || name == "l" {
            len = value.parse::<usize>().ok();
        }
    }
    if !is_sdp {
        return None;
    }
    Some(match len {
        Some(n) if n <= body.len() => &body[..n],
        _ => body,
    })
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "INDEX.tsv"))
        .collect();
    v.sort();
    v
}

/// Parses every SDP body under `dir`; returns (file, outcome) for each.
fn run(dir: &Path) -> Vec<(String, Result<(), String>)> {
    let mut out = Vec::new();
    for path in files(dir) {
        let msg = std::fs::read(&path).unwrap();
        let Some(body) = sdp_body(&msg) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let res = missive_sdp::parse_bytes(body)
            .map_err(|e| e.to_string())
            .and_then(|sdp| {
                let back = sdp.to_string();
                if back.as_bytes() == body {
                    Ok(())
                } else {
                    Err(format!(
                        "round trip differs:\n{back:?}\n{:?}",
                        String::from_utf8_lossy(body)
                    ))
                }
            });
        out.push((name, res));
    }
    out
}

#[test]
fn rfc4475_sdp_bodies_round_trip() {
    let Some(dir) = missive_testkit::shared_conformance("sip/rfc4475") else {
        return;
    };
    let results = run(&dir);
    for (name, res) in &results {
        eprintln!("{name}: {res:?}");
    }
    // Two bodies are not SDP at all, and must be refused at the right line:
    // mismatch02.dat has no s= (line 3 is c=), test.dat's line 2 is `testing=123`.
    let expected_bad = [
        ("mismatch02.dat", "line 3: c= not allowed here (after o=)"),
        ("test.dat", "line 2: malformed line"),
    ];
    assert_eq!(results.len(), 20, "SDP bodies found: {results:?}");
    for (name, res) in &results {
        match expected_bad.iter().find(|(n, _)| n == name) {
            Some((_, msg)) => {
                let err = res.as_ref().expect_err(name);
                assert!(err.starts_with(msg), "{name}: {err}");
            }
            None => assert!(res.is_ok(), "{name}: {res:?}"),
        }
    }
    assert_eq!(results.iter().filter(|(_, r)| r.is_ok()).count(), 18);
}

#[test]
fn rfc5118_sdp_bodies_round_trip() {
    for sub in ["sip/rfc5118/wire", "sip/rfc5118/archive"] {
        let Some(dir) = missive_testkit::shared_conformance(sub) else {
            return;
        };
        let results = run(&dir);
        for (name, res) in &results {
            eprintln!("{sub}/{name}: {res:?}");
        }
        assert_eq!(results.len(), 3, "{results:?}");
        let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
        assert!(failed.is_empty(), "{failed:#?}");
    }
}
