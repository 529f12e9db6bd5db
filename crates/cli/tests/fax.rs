//! `missive fax` as a user runs it, on real files.

use std::process::Command;

fn missive() -> Command {
    Command::new(env!("CARGO_BIN_EXE_missive"))
}

fn vectors() -> std::path::PathBuf {
    missive_testkit::vectors("t4")
}

#[test]
fn decode_libtiff_file_to_pbm() {
    let dir = missive_testkit::scratch("cli-fax-decode");
    let out = dir.join("out.pbm");
    for f in [
        "g3-2d-fill-lsb2msb.tif",
        "g4-msb2lsb.tif",
        "g3-1d-msb2lsb.tif",
    ] {
        let st = missive()
            .args(["fax", "decode"])
            .arg(vectors().join(f))
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success());
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(vectors().join("pages.pbm")).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn encode_then_decode_every_coding_and_info() {
    let dir = missive_testkit::scratch("cli-fax-encode");
    let src = vectors().join("pages.pbm");
    for (coding, extra) in [("mh", vec![]), ("mr", vec!["--k", "4"]), ("mmr", vec![])] {
        let tif = dir.join(format!("{coding}.tif"));
        let st = missive()
            .args(["fax", "encode", "--coding", coding])
            .args(&extra)
            .args(["--resolution", "fine"])
            .arg(&src)
            .arg(&tif)
            .status()
            .unwrap();
        assert!(st.success());
        let back = dir.join("back.pbm");
        assert!(missive()
            .args(["fax", "decode"])
            .arg(&tif)
            .arg(&back)
            .status()
            .unwrap()
            .success());
        assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&src).unwrap());
        let info = missive()
            .args(["fax", "info", "--json"])
            .arg(&tif)
            .output()
            .unwrap();
        assert!(info.status.success());
        let v: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
        assert_eq!(v["pages"], 10);
        assert_eq!(v["page"][0]["coding"], coding);
        assert_eq!(v["page"][0]["width"], 1728);
        assert_eq!(v["page"][0]["y_dpi"], 196.0);
        assert_eq!(v["page"][0]["bad_rows"], 0);
    }
}

#[test]
fn raw_decode_lsb_first() {
    // Pull the first strip of a libtiff-coded page out as a raw stream: MH
    // of page 4 (noise, 301 wide), LSB-first, with EOLs.
    let dir = missive_testkit::scratch("cli-fax-raw");
    let tif = std::fs::read(vectors().join("g3-1d-lsb2msb.tif")).unwrap();
    let pages = missive_t4::tiff::read(&tif, &missive_t4::tiff::TiffLimits::default()).unwrap();
    let p = &pages[3];
    assert_eq!(p.width, 301);
    let rows = p.rows_per_strip.min(p.height);
    let raw: Vec<u8> = p.strips[0].to_vec();
    let bin = dir.join("page.bin");
    std::fs::write(&bin, &raw).unwrap();
    let out = dir.join("page.pbm");
    let st = missive()
        .args([
            "fax",
            "decode",
            "--raw",
            "--coding",
            "mh",
            "--width",
            "301",
            "--lsb-first",
        ])
        .arg(&bin)
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let got = std::fs::read(&out).unwrap();
    let src = std::fs::read(vectors().join("pages.pbm")).unwrap();
    let src = missive_t4::pbm::read_all(&src, &missive_t4::Limits::default()).unwrap();
    let header = format!("P4\n301 {rows}\n");
    assert!(got.starts_with(header.as_bytes()));
    let stride = 38;
    assert_eq!(&got[header.len()..], &src[3].data[..stride * rows as usize]);
}

#[test]
fn bad_input_exits_2() {
    let dir = missive_testkit::scratch("cli-fax-bad");
    let f = dir.join("bad.tif");
    std::fs::write(&f, b"not a tiff").unwrap();
    let out = missive().args(["fax", "info"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = missive()
        .args(["fax", "decode", "--raw", "--coding", "mh"])
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn encode_with_uncompressed_mode_round_trips() {
    let dir = missive_testkit::scratch("cli-fax-uncompressed");
    let src = vectors().join("pages.pbm");
    for coding in ["mh", "mr", "mmr"] {
        for mode in ["short-runs", "whole-rows"] {
            let tif = dir.join(format!("{coding}-{mode}.tif"));
            let plain = dir.join(format!("{coding}-plain.tif"));
            for (out, m) in [(&tif, mode), (&plain, "off")] {
                let st = missive()
                    .args(["fax", "encode", "--coding", coding, "--uncompressed", m])
                    .arg(&src)
                    .arg(out)
                    .status()
                    .unwrap();
                assert!(st.success());
            }
            assert_ne!(std::fs::read(&tif).unwrap(), std::fs::read(&plain).unwrap());
            let back = dir.join("back.pbm");
            assert!(missive()
                .args(["fax", "decode", "--strict"])
                .arg(&tif)
                .arg(&back)
                .status()
                .unwrap()
                .success());
            assert_eq!(
                std::fs::read(&back).unwrap(),
                std::fs::read(&src).unwrap(),
                "{coding} {mode}"
            );
        }
    }
}
