//! Conformance against libtiff (vectors coded by `tiffcp`, made by
//! scripts/t4-vectors.sh) and the ITU-T T.24 charts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use missive_t4::tiff::{self, Compression, TiffLimits};
use missive_t4::{
    decode, encode, pbm, BitOrder, Bitmap, Coding, DecodeOptions, EncodeOptions, Encoder,
    ErrorMode, Limits,
};

const FILES: [&str; 10] = [
    "g3-1d-msb2lsb.tif",
    "g3-1d-lsb2msb.tif",
    "g3-1d-fill-msb2lsb.tif",
    "g3-1d-fill-lsb2msb.tif",
    "g3-2d-msb2lsb.tif",
    "g3-2d-lsb2msb.tif",
    "g3-2d-fill-msb2lsb.tif",
    "g3-2d-fill-lsb2msb.tif",
    "g4-msb2lsb.tif",
    "g4-lsb2msb.tif",
];

fn source() -> Vec<Bitmap> {
    let data = std::fs::read(missive_testkit::vectors("t4").join("pages.pbm")).unwrap();
    pbm::read_all(&data, &Limits::default()).unwrap()
}

#[test]
fn libtiff_coded_pages_decode_to_source_pixels() {
    let src = source();
    assert_eq!(src.len(), 10);
    let mut checked = 0;
    for name in FILES {
        let data = std::fs::read(missive_testkit::vectors("t4").join(name)).unwrap();
        let pages = tiff::read(&data, &TiffLimits::default()).unwrap();
        assert_eq!(pages.len(), src.len(), "{name}");
        for (i, (p, want)) in pages.iter().zip(&src).enumerate() {
            let (img, stats) = p.decode(ErrorMode::Strict, Limits::default()).unwrap();
            assert!(&img == want, "{name} page {i}");
            assert_eq!(stats.bad_rows, 0);
            checked += 1;
        }
    }
    assert_eq!(checked, 100);
}

/// Our encoder, fed the same rows per strip, writes libtiff's exact bytes:
/// MMR (EOFB included) and MH/MR with libtiff's framing (EOL before each
/// row, no RTC, K = 4 at 196 dpi, optional EOL alignment).
#[test]
fn our_strips_are_byte_identical_to_libtiff() {
    let src = source();
    let mut strips = 0;
    for name in FILES {
        let data = std::fs::read(missive_testkit::vectors("t4").join(name)).unwrap();
        let pages = tiff::read(&data, &TiffLimits::default()).unwrap();
        for (p, img) in pages.iter().zip(&src) {
            let coding = match p.compression {
                Compression::Group4 => Coding::Mmr,
                Compression::Group3 if p.t4_options & 1 != 0 => Coding::Mr { k: 4 },
                _ => Coding::Mh,
            };
            let mut o = EncodeOptions::new(coding);
            o.bit_order = p.bit_order;
            o.align_eol = p.t4_options & 4 != 0;
            let rows: Vec<&[u8]> = img.rows().collect();
            for (s, chunk) in p.strips.iter().zip(rows.chunks(p.rows_per_strip as usize)) {
                let mut enc = Encoder::new(img.width, o).unwrap();
                for r in chunk {
                    enc.push_row(r).unwrap();
                }
                assert_eq!(&enc.finish()[..], *s, "{name} {}x{}", img.width, img.height);
                strips += 1;
            }
        }
    }
    assert!(strips >= 100);
}

fn itu_charts() -> Option<Vec<(String, Bitmap)>> {
    let dir = missive_testkit::shared_conformance("fax/itu")?;
    let mut v = Vec::new();
    for i in 1..=8 {
        let path = dir.join(format!("itu{i}.pbm"));
        if !Path::new(&path).exists() {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let mut imgs = pbm::read_all(&data, &Limits::default()).unwrap();
        v.push((format!("itu{i}"), imgs.remove(0)));
    }
    Some(v)
}

#[test]
fn itu_charts_round_trip_in_every_coding() {
    let Some(charts) = itu_charts() else { return };
    assert_eq!(charts.len(), 8, "the eight T.24 charts");
    for (name, img) in &charts {
        assert_eq!((img.width, img.height), (1728, 2376));
        for coding in [Coding::Mh, Coding::Mr { k: 4 }, Coding::Mmr] {
            for order in [BitOrder::MsbFirst, BitOrder::LsbFirst] {
                let mut e = EncodeOptions::new(coding);
                e.bit_order = order;
                e.rtc = true;
                let coded = encode(img, &e).unwrap();
                let mut d = DecodeOptions::new(coding, img.width);
                d.bit_order = order;
                let back = decode(&coded, &d).unwrap();
                assert!(&back == img, "{name} {coding:?} {order:?}");
            }
        }
    }
}

/// A tolerant decode of a damaged chart keeps every row and counts the
/// damage.
#[test]
fn damaged_chart_is_decoded_tolerantly() {
    let Some(charts) = itu_charts() else { return };
    let (_, img) = &charts[0];
    let coded = encode(img, &EncodeOptions::new(Coding::Mr { k: 4 })).unwrap();
    let mut bad = coded.clone();
    for i in (1000..bad.len()).step_by(bad.len() / 7) {
        bad[i] ^= 0x5A;
    }
    let mut d = DecodeOptions::new(Coding::Mr { k: 4 }, img.width);
    assert!(decode(&bad, &d).is_err());
    d.error_mode = ErrorMode::Tolerant;
    d.rows = Some(img.height);
    let (back, stats) = missive_t4::decode_with_stats(&bad, &d).unwrap();
    assert_eq!(back.height, img.height);
    assert!(stats.bad_rows >= 1, "{stats:?}");
    assert!(stats.bad_rows < img.height / 4, "{stats:?}");
}
