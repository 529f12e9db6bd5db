//! libtiff against missive-t4: libtiff decodes our TIFF files to the source
//! pixels, and our coded strips equal libtiff's byte for byte, on the
//! generated vectors and the ITU-T T.24 charts.

use missive_interop::{libtiff, t4 as lt};
use missive_t4::tiff::{self, Resolution, TiffLimits, WriteOptions, Writer};
use missive_t4::{pbm, BitOrder, Bitmap, Coding, EncodeOptions, ErrorMode, Limits};

fn pages() -> Vec<Bitmap> {
    let mut v = Vec::new();
    let data = std::fs::read(missive_testkit::vectors("t4").join("pages.pbm")).unwrap();
    v.extend(pbm::read_all(&data, &Limits::default()).unwrap());
    if let Some(dir) = missive_testkit::shared_conformance("fax/itu") {
        for i in 1..=8 {
            if let Ok(data) = std::fs::read(dir.join(format!("itu{i}.pbm"))) {
                v.extend(pbm::read_all(&data, &Limits::default()).unwrap());
            }
        }
    }
    v
}

#[test]
fn libtiff_decodes_our_tiffs_to_the_source_pixels() {
    let src = pages();
    let dir = missive_testkit::scratch("t4-libtiff-read");
    let mut files = 0;
    for coding in [Coding::Mh, Coding::Mr { k: 4 }, Coding::Mmr] {
        for order in [BitOrder::MsbFirst, BitOrder::LsbFirst] {
            for fill in [false, true] {
                if fill && coding == Coding::Mmr {
                    continue;
                }
                let mut e = EncodeOptions::new(coding);
                e.bit_order = order;
                e.align_eol = fill;
                let opts = WriteOptions {
                    encode: e,
                    resolution: Resolution::Fine,
                };
                let mut w = Writer::new();
                for p in &src {
                    w.add_page(p, &opts).unwrap();
                }
                let path = dir.join(format!("ours-{coding:?}-{order:?}-{fill}.tif"));
                std::fs::write(&path, w.finish().unwrap()).unwrap();
                let back = libtiff::read(&path).unwrap();
                assert_eq!(back.len(), src.len());
                for (i, (b, s)) in back.iter().zip(&src).enumerate() {
                    assert_eq!(b.width, s.width);
                    let flat: Vec<u8> = b.rows.concat();
                    assert!(flat == s.data, "{coding:?} {order:?} fill={fill} page {i}");
                }
                files += 1;
            }
        }
    }
    assert_eq!(files, 10);
}

#[test]
fn whole_page_strips_are_byte_identical_to_libtiff() {
    let mut n = 0;
    for p in pages() {
        for (ours, theirs) in [
            (Coding::Mh, lt::Coding::Mh),
            (Coding::Mr { k: 4 }, lt::Coding::Mr),
            (Coding::Mmr, lt::Coding::Mmr),
        ] {
            let file = lt::encode(p.width, p.height, &p.data, theirs).unwrap();
            let their_pages = tiff::read(&file, &TiffLimits::default()).unwrap();
            assert_eq!(their_pages[0].strips.len(), 1);
            let coded = missive_t4::encode(&p, &EncodeOptions::new(ours)).unwrap();
            assert!(
                coded == their_pages[0].strips[0],
                "{ours:?} {}x{}",
                p.width,
                p.height
            );
            // And we decode libtiff's file to the source.
            let (img, _) = their_pages[0]
                .decode(ErrorMode::Strict, Limits::default())
                .unwrap();
            assert!(img == p);
            // And libtiff's in-memory decode agrees with the source.
            let mut out = Vec::new();
            lt::decode(&file, &mut out).unwrap();
            assert!(out == p.data);
            n += 1;
        }
    }
    assert!(n >= 30);
}

/// spandsp's fax receiver decodes what our encoder sends on a fax line
/// (LSB-first, EOLs, RTC; EOFB for T.6) to the source rows.
#[test]
fn spandsp_t4_rx_decodes_our_line_streams() {
    let dir = missive_testkit::scratch("t4-spandsp-rx");
    let src = pages();
    let mut checked = 0;
    for p in src.iter().filter(|p| p.width == 1728) {
        for (coding, enc) in [(Coding::Mh, 1), (Coding::Mr { k: 4 }, 2), (Coding::Mmr, 3)] {
            let mut e = EncodeOptions::new(coding);
            e.bit_order = BitOrder::LsbFirst;
            e.rtc = true;
            let coded = missive_t4::encode(p, &e).unwrap();
            let rows = lt::spandsp_t4_rx(&coded, enc, p.width, &dir.join("rx.tif")).unwrap();
            assert_eq!(
                rows.len(),
                p.height as usize,
                "{coding:?} {}x{}",
                p.width,
                p.height
            );
            let flat = rows.concat();
            assert!(flat == p.data, "{coding:?} {}x{}", p.width, p.height);
            checked += 1;
        }
    }
    // The project's own vectors hold four fax-width pages; the T.24 charts
    // add theirs where the shared data is present.
    let fax_width = src.iter().filter(|p| p.width == 1728).count();
    assert!(fax_width >= 4, "{fax_width} fax-width pages");
    assert_eq!(checked, 3 * fax_width);
}
