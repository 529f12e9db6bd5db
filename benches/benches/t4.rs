//! T.4/T.6 decode and encode: Missive against libtiff on the same in-memory
//! TIFF files. Decode: both sides parse the TIFF and decode every strip into
//! a pixel buffer. Encode: both sides code one page into a one-strip TIFF.
//! Pages: a dense generated text page (1728×2287) and the ITU-T T.24 charts
//! (all of them per iteration), plus a blank page encode.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used)] // bench set-up: a failure should stop the run

use std::cell::RefCell;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_interop::t4 as lt;
use missive_t4::tiff::{self, CodedPage, Resolution, TiffLimits, WriteOptions, Writer};
use missive_t4::{pbm, Bitmap, Coding, EncodeOptions, ErrorMode, Limits};

/// A dense text-like page: rows of 12-pixel-high glyph blobs.
fn text_page(width: u32, height: u32) -> Bitmap {
    let mut b = Bitmap::new(width, height).unwrap();
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let set = |b: &mut Bitmap, x: u32, y: u32| {
        b.row_mut(y).unwrap()[(x / 8) as usize] |= 0x80 >> (x % 8);
    };
    let mut y = 60;
    while y + 14 < height - 60 {
        let mut x = 80;
        while x + 12 < width - 80 {
            if rnd() % 7 == 0 {
                x += 10;
                continue;
            }
            let gw = 5 + (rnd() % 6) as u32;
            for gy in 0..12 {
                for gx in 0..gw {
                    let r = rnd() % 100;
                    let edge = gx == 0 || gx == gw - 1 || gy == 0 || gy == 11 || gy == 6;
                    if edge && r < 85 {
                        set(&mut b, x + gx, y + gy);
                    }
                }
            }
            x += gw + 2;
        }
        y += 18;
    }
    b
}

fn itu_pages() -> Vec<Bitmap> {
    let mut v = Vec::new();
    if let Some(dir) = missive_testkit::shared_conformance("fax/itu") {
        for i in 1..=8 {
            if let Ok(data) = std::fs::read(dir.join(format!("itu{i}.pbm"))) {
                v.extend(pbm::read_all(&data, &Limits::default()).unwrap());
            }
        }
    }
    v
}

fn ours_tiff(pages: &[Bitmap], coding: Coding) -> Vec<u8> {
    let mut w = Writer::new();
    let opts = WriteOptions {
        encode: EncodeOptions::new(coding),
        resolution: Resolution::Fine,
    };
    for p in pages {
        w.add_page(p, &opts).unwrap();
    }
    w.finish().unwrap()
}

fn ours_decode(file: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    for p in tiff::read(file, &TiffLimits::default()).unwrap() {
        p.decode_rows(ErrorMode::Strict, Limits::default(), |r| {
            out.extend_from_slice(r);
        })
        .unwrap();
    }
    out.len()
}

const CODINGS: [(&str, Coding, lt::Coding); 3] = [
    ("mh", Coding::Mh, lt::Coding::Mh),
    ("mr", Coding::Mr { k: 4 }, lt::Coding::Mr),
    ("mmr", Coding::Mmr, lt::Coding::Mmr),
];

/// CPU time of this thread in nanoseconds, which other processes on a
/// loaded machine do not inflate.
fn cpu_ns() -> u64 {
    lt::thread_cpu_ns()
}

/// With `T4_CPU=ROUNDS` set, times ours and libtiff alternately on CPU
/// time (not wall time) and prints one Markdown row per case.
fn cpu_compare(
    name: &str,
    pixels: u64,
    ours: &mut dyn FnMut() -> usize,
    theirs: &mut dyn FnMut() -> usize,
) {
    let Some(rounds) = std::env::var("T4_CPU")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return;
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = cpu_ns();
        std::hint::black_box(ours());
        a.push(cpu_ns() - t);
        let t = cpu_ns();
        std::hint::black_box(theirs());
        b.push(cpu_ns() - t);
    }
    a.sort_unstable();
    b.sort_unstable();
    let (ma, mb) = (a[a.len() / 2] as f64, b[b.len() / 2] as f64);
    // Preemption only adds time: the minimum is the steadiest figure.
    let (na, nb) = (a[0] as f64, b[0] as f64);
    println!(
        "| {name} | {:.3} ms | {:.0} M/s | libtiff | {:.3} ms | {:.0} M/s | **{:.2}×** | {:.3} / {:.3} ms | **{:.2}×** |",
        ma / 1e6,
        pixels as f64 / ma * 1e3,
        mb / 1e6,
        pixels as f64 / mb * 1e3,
        mb / ma,
        na / 1e6,
        nb / 1e6,
        nb / na
    );
}

fn bench(c: &mut Criterion) {
    let text = vec![text_page(1728, 2287)];
    let itu = itu_pages();
    for (set, pages) in [("text", &text), ("itu", &itu)] {
        if pages.is_empty() {
            continue;
        }
        let pixels: u64 = pages
            .iter()
            .map(|p| u64::from(p.width) * u64::from(p.height))
            .sum();
        for (name, ours, theirs) in CODINGS {
            // Same file for both decoders: libtiff's own encoding.
            let mut file = Vec::new();
            {
                let mut w = Writer::new();
                for p in pages {
                    let one = lt::encode(p.width, p.height, &p.data, theirs).unwrap();
                    let pg = tiff::read(&one, &TiffLimits::default()).unwrap();
                    let pg = &pg[0];
                    w.add_coded_page(CodedPage {
                        width: pg.width,
                        height: pg.height,
                        compression: pg.compression,
                        t_options: pg.t4_options,
                        bit_order: pg.bit_order,
                        resolution: Resolution::Fine,
                        strip: pg.strips[0].to_vec(),
                    });
                }
                file.extend(w.finish().unwrap());
            }
            assert_eq!(file, ours_tiff(pages, ours), "same coded strips");
            let out = RefCell::new(Vec::with_capacity(pixels as usize / 8));
            let out2 = RefCell::new(Vec::with_capacity(pixels as usize / 8));
            let mem = RefCell::new(lt::MemFile::new(&file));
            let want: usize = pages.iter().map(|p| p.data.len()).sum();
            assert_eq!(ours_decode(&file, &mut out.borrow_mut()), want);
            assert_eq!(mem.borrow_mut().decode(&mut out2.borrow_mut()), Some(want));
            cpu_compare(
                &format!("t4/decode-{name}-{set}"),
                pixels,
                &mut || ours_decode(&file, &mut out.borrow_mut()),
                &mut || mem.borrow_mut().decode(&mut out2.borrow_mut()).unwrap_or(0),
            );
            cpu_compare(
                &format!("t4/encode-{name}-{set}"),
                pixels,
                &mut || ours_tiff(pages, ours).len(),
                &mut || {
                    pages
                        .iter()
                        .map(|p| {
                            lt::encode(p.width, p.height, &p.data, theirs)
                                .unwrap()
                                .len()
                        })
                        .sum::<usize>()
                },
            );
            missive_benches::side_by_side(
                c,
                &format!("t4/decode-{name}-{set}"),
                pixels,
                || ours_decode(&file, &mut out.borrow_mut()),
                &[("libtiff", &|| {
                    mem.borrow_mut().decode(&mut out2.borrow_mut())
                })],
            );
            missive_benches::side_by_side(
                c,
                &format!("t4/encode-{name}-{set}"),
                pixels,
                || ours_tiff(pages, ours).len(),
                &[("libtiff", &|| {
                    pages
                        .iter()
                        .map(|p| {
                            lt::encode(p.width, p.height, &p.data, theirs)
                                .unwrap()
                                .len()
                        })
                        .sum::<usize>()
                })],
            );
        }
    }
    let blank = vec![Bitmap::new(1728, 2287).unwrap()];
    cpu_compare(
        "t4/encode-mmr-blank",
        1728 * 2287,
        &mut || ours_tiff(&blank, Coding::Mmr).len(),
        &mut || {
            lt::encode(1728, 2287, &blank[0].data, lt::Coding::Mmr)
                .unwrap()
                .len()
        },
    );
    if std::env::var_os("T4_CPU").is_some() {
        return;
    }
    missive_benches::side_by_side(
        c,
        "t4/encode-mmr-blank",
        1728 * 2287,
        || ours_tiff(&blank, Coding::Mmr).len(),
        &[("libtiff", &|| {
            lt::encode(1728, 2287, &blank[0].data, lt::Coding::Mmr)
                .unwrap()
                .len()
        })],
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
