//! Conformance against tshark: stream statistics (`-z rtp,streams`) and
//! RFC 4733 event fields, on sipp's bundled pcaps, on our loopback sipp
//! recordings (conformance-vectors/rtp) and on synthetic captures of damaged
//! networks (loss, duplicates, reordering, jitter, wraps, markers, CN), and
//! tshark dissecting the telephone-event streams our encoder emits.

// Test helpers outside #[test] functions fail the test by unwrapping, on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use missive_rtp::analysis::{analyze_capture, AnalyzerConfig, Stream};
use missive_rtp::capture::PcapWriter;
use missive_rtp::event::EventEncoder;
use missive_rtp::packet::Repr;

#[allow(dead_code)] // each test file uses part of it
mod common;
use common::Rng;

/// One row of `tshark -z rtp,streams`, keyed by "src port dst port ssrc".
#[derive(Debug, Clone, PartialEq)]
struct Row {
    packets: i64,
    lost: i64,
    min_delta: String,
    mean_delta: String,
    max_delta: String,
    mean_jitter: String,
    max_jitter: String,
}

fn tshark(args: &[&str]) -> String {
    let out = Command::new("tshark").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn tshark_streams(file: &Path) -> BTreeMap<String, Row> {
    let text = tshark(&[
        "-r",
        file.to_str().unwrap(),
        "-q",
        "-z",
        "rtp,streams",
        "-o",
        "rtp.heuristic_rtp:TRUE",
    ]);
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let mut t: Vec<&str> = line.split_whitespace().collect();
        let Some(i) = t.iter().position(|w| w.starts_with("0x")) else {
            continue;
        };
        if t.last() == Some(&"X") {
            t.pop();
        }
        let n = t.len();
        let key = format!(
            "{} {} {} {} {}",
            t[i - 4],
            t[i - 3],
            t[i - 2],
            t[i - 1],
            t[i].to_ascii_uppercase().replace("0X", "0x")
        );
        rows.insert(
            key,
            Row {
                packets: t[n - 9].parse().unwrap(),
                lost: t[n - 8].parse().unwrap(),
                min_delta: t[n - 6].to_string(),
                mean_delta: t[n - 5].to_string(),
                max_delta: t[n - 4].to_string(),
                mean_jitter: t[n - 2].to_string(),
                max_jitter: t[n - 1].to_string(),
            },
        );
    }
    rows
}

fn ours(file: &Path) -> (BTreeMap<String, Row>, Vec<Stream>) {
    let bytes = std::fs::read(file).unwrap();
    let streams = analyze_capture(&bytes, AnalyzerConfig::default()).unwrap();
    let rows = streams
        .iter()
        .map(|s| {
            let k = &s.key;
            (
                format!(
                    "{} {} {} {} 0x{:08X}",
                    k.src, k.src_port, k.dst, k.dst_port, k.ssrc
                ),
                Row {
                    packets: i64::from(s.stats.packets()),
                    lost: s.stats.lost(),
                    min_delta: format!("{:.3}", s.stats.min_delta_ms()),
                    mean_delta: format!("{:.3}", s.stats.mean_delta_ms()),
                    max_delta: format!("{:.3}", s.stats.max_delta_ms()),
                    mean_jitter: format!("{:.3}", s.stats.mean_jitter_ms()),
                    max_jitter: format!("{:.3}", s.stats.max_jitter_ms()),
                },
            )
        })
        .collect();
    (rows, streams)
}

/// tshark's per-packet rtpevent fields folded into events:
/// (ssrc, timestamp) -> (event, max duration, end seen).
fn tshark_events(file: &Path) -> BTreeSet<(u32, u32, u8, u32, bool)> {
    let text = tshark(&[
        "-r",
        file.to_str().unwrap(),
        "-o",
        "rtp.heuristic_rtp:TRUE",
        "-Y",
        "rtpevent",
        "-T",
        "fields",
        "-e",
        "rtp.ssrc",
        "-e",
        "rtp.timestamp",
        "-e",
        "rtpevent.event_id",
        "-e",
        "rtpevent.end_of_event",
        "-e",
        "rtpevent.duration",
    ]);
    let mut ev: BTreeMap<(u32, u32), (u8, u32, bool)> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let ssrc = u32::from_str_radix(f[0].trim_start_matches("0x"), 16).unwrap();
        let ts: u32 = f[1].parse().unwrap();
        let id: u8 = f[2].parse().unwrap();
        let end = f[3] == "1" || f[3] == "True";
        let dur: u32 = f[4].parse().unwrap();
        let e = ev.entry((ssrc, ts)).or_insert((id, 0, false));
        e.1 = e.1.max(dur);
        e.2 |= end;
    }
    ev.into_iter()
        .map(|((s, t), (id, d, end))| (s, t, id, d, end))
        .collect()
}

fn our_events(streams: &[Stream]) -> BTreeSet<(u32, u32, u8, u32, bool)> {
    streams
        .iter()
        .flat_map(|s| {
            s.events.iter().map(move |e| {
                (
                    s.key.ssrc,
                    e.event.timestamp,
                    e.event.event,
                    e.event.duration,
                    e.event.ended,
                )
            })
        })
        .collect()
}

/// Compares one file; returns (streams compared, events compared).
fn compare(file: &Path) -> (usize, usize) {
    let theirs = tshark_streams(file);
    let (mine, streams) = ours(file);
    assert!(
        !theirs.is_empty(),
        "{}: tshark found no stream",
        file.display()
    );
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        mine.keys().collect::<Vec<_>>(),
        "{}: stream sets differ",
        file.display()
    );
    for (k, t) in &theirs {
        assert_eq!(&mine[k], t, "{}: stream {k}", file.display());
    }
    let te = tshark_events(file);
    let oe = our_events(&streams);
    assert_eq!(oe, te, "{}: events", file.display());
    (theirs.len(), te.len())
}

fn sipp_pcaps() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("/usr/share/sip-tester")
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pcap"));
    v.sort();
    v
}

#[test]
fn sipp_bundled_pcaps_match_tshark() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let files = sipp_pcaps();
    if files.is_empty() {
        assert!(
            !missive_testkit::peers_required(),
            "sip-tester pcaps missing"
        );
        return;
    }
    let (mut s, mut e) = (0, 0);
    for f in &files {
        let (a, b) = compare(f);
        s += a;
        e += b;
    }
    eprintln!(
        "sipp pcaps: {} files, {s} streams, {e} events agree with tshark",
        files.len()
    );
    assert_eq!(files.len(), 13);
    assert_eq!(e, 12);
}

#[test]
fn loopback_sipp_recordings_match_tshark() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let dir = missive_testkit::vectors("rtp");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pcapng" || e == "pcap"))
        .collect();
    files.sort();
    // sipp <-> sipp (scripts/rtp-captures.sh) and baresip <-> baresip
    // (scripts/rtp-capture-baresip.sh) calls.
    assert!(files.len() >= 4, "captures missing in {}", dir.display());
    for f in &files {
        let (s, e) = compare(f);
        eprintln!("{}: {s} streams, {e} events agree with tshark", f.display());
        assert!(s >= 2 && e >= 1, "{}", f.display());
    }
}

/// A capture of two voice streams and one DTMF stream over a bad network.
fn synthetic_capture(seed: u64, loss: f64, dup: f64, reorder: f64, jitter_ms: f64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut pkts: Vec<(f64, u16, u16, Vec<u8>)> = Vec::new();
    let payload = [0xD5u8; 160];
    for (ssrc, pt, port, seq0) in [
        (0x1111_0000u32, 0u8, 7000u16, 65_500u16),
        (0x2222_0000, 8, 7002, 10),
    ] {
        let mut ts = 0xFFFF_0000u32.wrapping_add(ssrc);
        let mut seq = seq0;
        for i in 0..300u32 {
            // Talk spurts: a 400 ms silence every 100 packets, marker after it.
            let silence = if i > 0 && i % 100 == 0 { 400.0 } else { 0.0 };
            let marker = i % 100 == 0;
            let pt_here = if i % 100 == 99 { 13 } else { pt }; // a CN packet
            if silence > 0.0 {
                ts = ts.wrapping_add(3200);
            }
            let send = f64::from(i) * 20.0 + silence * f64::from(i / 100);
            let r = Repr {
                marker,
                payload_type: pt_here,
                sequence_number: seq,
                timestamp: ts,
                ssrc,
                payload: &payload,
                ..Repr::default()
            };
            let mut b = vec![0u8; r.buffer_len()];
            r.emit(&mut b).unwrap();
            seq = seq.wrapping_add(1);
            ts = ts.wrapping_add(160);
            if rng.unit() < loss {
                continue;
            }
            let mut at = send + rng.unit() * jitter_ms;
            if rng.unit() < reorder {
                at += 45.0; // arrives after the next two
            }
            pkts.push((at, port, port, b.clone()));
            if rng.unit() < dup {
                pkts.push((at + 0.05, port, port, b));
            }
        }
    }
    // DTMF: digits 0..9, *, # with the default encoder, end sent 3×.
    let enc = EventEncoder::default();
    let mut seq = 500u16;
    let mut ts = 80_000u32;
    for (k, d) in (0u8..12).enumerate() {
        let t0 = 1000.0 + k as f64 * 500.0;
        for p in enc.packets(d, 10, ts, 800 + 160 * u32::from(d)) {
            let r = Repr {
                marker: p.marker,
                payload_type: 101,
                sequence_number: seq,
                timestamp: p.timestamp,
                ssrc: 0x3333_0000,
                payload: &p.payload,
                ..Repr::default()
            };
            let mut b = vec![0u8; r.buffer_len()];
            r.emit(&mut b).unwrap();
            seq = seq.wrapping_add(1);
            if rng.unit() < loss && !p.event.end {
                continue;
            }
            let at = t0 + f64::from(p.send_offset) / 8.0 + rng.unit() * jitter_ms;
            pkts.push((at, 7004, 7004, b));
        }
        ts = ts.wrapping_add(4000);
    }
    pkts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut w = PcapWriter::new();
    let base = Duration::from_secs(1_700_000_000);
    for (at, sport, dport, b) in &pkts {
        let t = base + Duration::from_nanos((at * 1e6) as u64);
        w.push_udp(
            t,
            (Ipv4Addr::new(10, 0, 0, 1), *sport),
            (Ipv4Addr::new(10, 0, 0, 2), *dport),
            b,
        );
    }
    w.finish()
}

#[test]
fn synthetic_bad_networks_match_tshark() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let dir = missive_testkit::scratch("rtp-synthetic");
    let cases = [
        (1u64, 0.0, 0.0, 0.0, 0.0),
        (2, 0.05, 0.02, 0.02, 8.0),
        (3, 0.20, 0.05, 0.05, 30.0),
        (4, 0.10, 0.10, 0.10, 60.0),
    ];
    let mut streams = 0;
    for (i, (seed, loss, dup, reorder, jit)) in cases.into_iter().enumerate() {
        let f = dir.join(format!("net{i}.pcap"));
        std::fs::write(&f, synthetic_capture(seed, loss, dup, reorder, jit)).unwrap();
        let (s, e) = compare(&f);
        assert_eq!((s, e), (3, 12), "case {i}");
        streams += s;
    }
    assert_eq!(streams, 12);
}

#[test]
fn tshark_dissects_our_event_stream() {
    if !missive_testkit::peer("tshark") {
        return;
    }
    let dir = missive_testkit::scratch("rtp-emit");
    let f = dir.join("events.pcap");
    std::fs::write(&f, synthetic_capture(9, 0.0, 0.0, 0.0, 0.0)).unwrap();
    let text = tshark(&[
        "-r",
        f.to_str().unwrap(),
        "-o",
        "rtp.heuristic_rtp:TRUE",
        "-Y",
        "rtpevent",
        "-T",
        "fields",
        "-e",
        "rtp.marker",
        "-e",
        "rtpevent.event_id",
        "-e",
        "rtpevent.end_of_event",
        "-e",
        "rtpevent.volume",
        "-e",
        "rtpevent.duration",
    ]);
    let lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    // Digit d lasts 800 + 160·d samples: 5 + d updates, the last sent 3×.
    let expected: usize = (0..12).map(|d| 5 + d + 2).sum();
    assert_eq!(lines.len(), expected);
    let ends = lines
        .iter()
        .filter(|l| l[2] == "1" || l[2] == "True")
        .count();
    assert_eq!(ends, 36);
    let markers = lines
        .iter()
        .filter(|l| l[0] == "1" || l[0] == "True")
        .count();
    assert_eq!(markers, 12);
    assert!(lines.iter().all(|l| l[3] == "10"));
    let malformed = tshark(&[
        "-r",
        f.to_str().unwrap(),
        "-o",
        "rtp.heuristic_rtp:TRUE",
        "-Y",
        "_ws.malformed || _ws.expert.severity >= warning",
    ]);
    assert!(
        malformed.trim().is_empty(),
        "malformed packets:\n{malformed}"
    );
}

#[test]
fn tshark_dissects_our_session_rtp_and_rtcp() {
    use missive_rtp::session::{Session, SessionConfig};
    if !missive_testkit::peer("tshark") {
        return;
    }
    let t0 = std::time::Instant::now();
    let mut s = Session::new(SessionConfig::default(), 77, t0);
    let mut w = PcapWriter::new();
    let base = Duration::from_secs(1_700_000_000);
    let src = Ipv4Addr::new(10, 0, 0, 1);
    let dst = Ipv4Addr::new(10, 0, 0, 2);
    let mut now = t0;
    for i in 0..600u32 {
        s.send_audio(now, &[0xFF; 160], i == 0);
        if i == 200 {
            s.send_event(now, 9, 960);
        }
        while let Some(t) = s.poll_transmit(now) {
            let port = if t.rtcp { 7001 } else { 7000 };
            w.push_udp(
                base + now.duration_since(t0),
                (src, port),
                (dst, port),
                &t.data,
            );
        }
        now += Duration::from_millis(20);
    }
    // A collision: someone else sends with our SSRC; we answer with a BYE.
    let mut other = Session::new(SessionConfig::default(), 77, t0);
    other.send_audio(now, &[0xFF; 160], true);
    let pkt = other.poll_transmit(now).unwrap();
    s.handle_input(now, "10.0.0.9:7000".parse().unwrap(), &pkt.data, false);
    while let Some(t) = s.poll_transmit(now) {
        let port = if t.rtcp { 7001 } else { 7000 };
        w.push_udp(
            base + now.duration_since(t0),
            (src, port),
            (dst, port),
            &t.data,
        );
    }
    let dir = missive_testkit::scratch("rtp-session");
    let f = dir.join("session.pcap");
    std::fs::write(&f, w.finish()).unwrap();
    let path = f.to_str().unwrap();
    let pts = tshark(&[
        "-r",
        path,
        "-d",
        "udp.port==7001,rtcp",
        "-Y",
        "rtcp",
        "-T",
        "fields",
        "-e",
        "rtcp.pt",
    ]);
    let all: BTreeSet<&str> = pts.lines().flat_map(|l| l.split(',')).collect();
    for pt in ["200", "202", "201", "203"] {
        assert!(all.contains(pt), "RTCP types seen: {all:?}");
    }
    let cname = tshark(&[
        "-r",
        path,
        "-d",
        "udp.port==7001,rtcp",
        "-Y",
        "rtcp.sdes.text",
        "-T",
        "fields",
        "-e",
        "rtcp.sdes.text",
    ]);
    assert!(cname.contains("missive@localhost"), "{cname}");
    let bad = tshark(&[
        "-r",
        path,
        "-d",
        "udp.port==7001,rtcp",
        "-o",
        "rtp.heuristic_rtp:TRUE",
        "-Y",
        "_ws.malformed || _ws.expert.severity >= warning",
    ]);
    assert!(bad.trim().is_empty(), "malformed:\n{bad}");
    // The stream analysis agrees with tshark on our own stream too.
    let (streams, events) = compare(&f);
    assert_eq!((streams, events), (1, 1));
}
