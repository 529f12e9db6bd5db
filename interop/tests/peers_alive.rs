//! The harness calls the real C peers: spandsp's DTMF generator feeds its own
//! detector, its G.711 agrees with ours, and libtiff reads back what it wrote
//! in every fax coding.

use missive_interop::{libtiff, spandsp};

#[test]
fn spandsp_dtmf_generator_feeds_its_detector() {
    let audio = spandsp::DtmfTx::new().generate("0123456789*#ABCD");
    assert!(audio.len() > 16 * 400, "{} samples", audio.len());
    assert_eq!(spandsp::DtmfRx::new().detect(&audio), "0123456789*#ABCD");
}

#[test]
fn spandsp_g711_alaw_matches_ours_on_every_sample() {
    let pcm: Vec<i16> = (i16::MIN..=i16::MAX).collect();
    let mut theirs = vec![0u8; pcm.len()];
    let mut ours = vec![0u8; pcm.len()];
    spandsp::G711::new(spandsp::Law::A).encode(&pcm, &mut theirs);
    missive_g7xx::g711::alaw_encode(&pcm, &mut ours);
    assert_eq!(theirs, ours);
}

#[test]
fn libtiff_round_trips_a_page_in_every_coding() {
    let dir = missive_testkit::scratch("libtiff-alive");
    let width = 1728u32;
    let rows: Vec<Vec<u8>> = (0..64u32)
        .map(|r| {
            (0..width / 8)
                .map(|i| ((i * 7 + r * 13) % 251) as u8)
                .collect()
        })
        .collect();
    let page = libtiff::Page { width, rows };
    for (name, comp) in [
        ("none", libtiff::Compression::None),
        ("mh", libtiff::Compression::G3Mh),
        ("mr", libtiff::Compression::G3Mr),
        ("mmr", libtiff::Compression::G4),
    ] {
        for lsb in [false, true] {
            let path = dir.join(format!("{name}-{lsb}.tif"));
            libtiff::write(&path, &[page.clone(), page.clone()], comp, lsb).unwrap();
            let back = libtiff::read(&path).unwrap();
            assert_eq!(back, vec![page.clone(), page.clone()], "{name} lsb={lsb}");
        }
    }
}
