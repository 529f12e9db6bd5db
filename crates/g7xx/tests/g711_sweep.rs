//! G.711 against the ITU-T G.191 STL sweep references in
//! `../shared/conformance/g726/g711/`: `sweep.src` holds every 16-bit value
//! (-32768..=32767, LE words); `sweep-r.a` / `sweep-r.u` the expected codes
//! (one per LE word); `sweep-r.a-a` / `sweep-r.u-u` (and their duplicates
//! `sweep-r.rea` / `sweep-r.reu`) the expected encode-then-decode output.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use missive_g7xx::g711;

fn words(path: &std::path::Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap();
    bytes
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect()
}

#[test]
fn stl_sweep_is_bit_exact() {
    let Some(dir) = missive_testkit::shared_conformance("g726/g711") else {
        return;
    };
    let src = words(&dir.join("sweep.src"));
    assert_eq!(src.len(), 65536);
    for (law, codes, round, round2) in [
        ("a", "sweep-r.a", "sweep-r.a-a", "sweep-r.rea"),
        ("u", "sweep-r.u", "sweep-r.u-u", "sweep-r.reu"),
    ] {
        let want_codes = words(&dir.join(codes));
        let want_round = words(&dir.join(round));
        let want_round2 = words(&dir.join(round2));
        let mut got = vec![0u8; src.len()];
        let mut back = vec![0i16; src.len()];
        if law == "a" {
            g711::alaw_encode(&src, &mut got);
            g711::alaw_decode(&got, &mut back);
        } else {
            g711::ulaw_encode(&src, &mut got);
            g711::ulaw_decode(&got, &mut back);
        }
        let code_mismatch = got
            .iter()
            .zip(&want_codes)
            .filter(|(g, w)| i16::from(**g) != **w)
            .count();
        let round_mismatch = back.iter().zip(&want_round).filter(|(g, w)| g != w).count();
        let round2_mismatch = back
            .iter()
            .zip(&want_round2)
            .filter(|(g, w)| g != w)
            .count();
        eprintln!(
            "{law}-law: {code_mismatch} code, {round_mismatch} round-trip mismatches of 65536"
        );
        assert_eq!(code_mismatch, 0, "{law}-law codes");
        assert_eq!(round_mismatch, 0, "{law}-law encode+decode");
        assert_eq!(round2_mismatch, 0, "{law}-law decode reference");
    }
}
