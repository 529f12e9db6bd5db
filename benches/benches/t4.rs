//! T.4/T.6 decode and encode: Missive against libtiff on the same in-memory
//! TIFF files. Decode: both sides parse the TIFF and decode every strip into
//! a pixel buffer. Encode: both sides code one page into a one-strip TIFF.
//! Pages: a dense generated text page (1728×2287) and the ITU-T T.24 charts
//! (all of them per iteration), plus a blank page encode.
//!
//! CPU-time mode (`T4_CPU=ROUNDS`, criterion is then skipped; `T4_ONLY=SUBSTR`
//! keeps the cases whose name contains SUBSTR) also runs the measure:
//! decode ratio to libtiff per page and as the geometric mean over ten
//! non-blank pages (the eight ITU charts, the dense text page and a
//! full-page line-art drawing).

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used)] // bench set-up: a failure should stop the run

use std::cell::RefCell;
use std::fmt::Write as _;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_interop::t4 as lt;
use missive_interop::t4_pages::{itu_pages, text_page};
use missive_t4::tiff::{self, CodedPage, Resolution, TiffLimits, WriteOptions, Writer};
use missive_t4::{Bitmap, Coding, EncodeOptions, ErrorMode, Limits};

/// A full-page line drawing: a frame, a circle and diagonals every 97
/// pixels (the conformance vectors' `lineart` page at full size).
fn lineart_page(width: u32, height: u32) -> Bitmap {
    let mut b = Bitmap::new(width, height).unwrap();
    let set = |b: &mut Bitmap, x: u32, y: u32| {
        b.row_mut(y).unwrap()[(x / 8) as usize] |= 0x80 >> (x % 8);
    };
    for k in (0..width).step_by(97) {
        for t in 0..height {
            let x = (k + t * 3) % width;
            set(&mut b, x, t);
            if x + 1 < width {
                set(&mut b, x + 1, t);
            }
        }
    }
    let (cx, cy) = (i64::from(width / 2), i64::from(height / 2));
    let r = i64::from(width.min(height) / 2 - 4);
    for t in 0..height {
        for x in 0..width {
            let d = (i64::from(x) - cx).pow(2) + (i64::from(t) - cy).pow(2);
            if (d - r * r).abs() < 2 * r {
                set(&mut b, x, t);
            }
        }
    }
    for x in 0..width {
        set(&mut b, x, 0);
        set(&mut b, x, height - 1);
    }
    for t in 0..height {
        set(&mut b, 0, t);
        set(&mut b, width - 1, t);
    }
    b
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

fn cpu_rounds() -> Option<u32> {
    std::env::var("T4_CPU").ok().and_then(|v| v.parse().ok())
}

/// `T4_ONLY` unset, or contained in `name`.
fn selected(name: &str) -> bool {
    std::env::var("T4_ONLY").map_or(true, |f| name.contains(&f))
}

/// Alternates ours and theirs for `rounds` rounds; sorted CPU times.
fn cpu_times(
    rounds: u32,
    ours: &mut dyn FnMut() -> usize,
    theirs: &mut dyn FnMut() -> usize,
) -> (Vec<u64>, Vec<u64>) {
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
    (a, b)
}

/// With `T4_CPU=ROUNDS` set, times ours and libtiff alternately on CPU
/// time (not wall time) and prints one Markdown row per case.
fn cpu_compare(
    name: &str,
    pixels: u64,
    ours: &mut dyn FnMut() -> usize,
    theirs: &mut dyn FnMut() -> usize,
) {
    let Some(rounds) = cpu_rounds() else {
        return;
    };
    if !selected(name) {
        return;
    }
    let (a, b) = cpu_times(rounds, ours, theirs);
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

/// One TIFF with `pages` as libtiff codes them (one strip per page); our
/// encoder must produce the same file byte for byte.
fn libtiff_file(pages: &[Bitmap], ours: Coding, theirs: lt::Coding) -> Vec<u8> {
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
    let file = w.finish().unwrap();
    assert_eq!(file, ours_tiff(pages, ours), "same coded strips");
    file
}

fn pixel_count(pages: &[Bitmap]) -> u64 {
    pages
        .iter()
        .map(|p| u64::from(p.width) * u64::from(p.height))
        .sum()
}

/// The measure: for each coding, the decode ratio (libtiff CPU
/// time / ours, interleaved minimum) on each of ten non-blank pages, and
/// their geometric mean.
fn ten_page_ratios(rounds: u32, pages: &[(&str, &Bitmap)]) {
    let mut rows = Vec::new();
    for (name, ours, theirs) in CODINGS {
        let mut row = format!("| {name} |");
        let mut log_sum = 0.0;
        let mut count = 0;
        for (page_name, page) in pages {
            if !selected(&format!("t4/decode-{name}-ten/{page_name}")) {
                row.push_str(" – |");
                continue;
            }
            let one = std::slice::from_ref(*page);
            let file = libtiff_file(one, ours, theirs);
            let mut out = Vec::new();
            let mut out2 = Vec::new();
            let mut mem = lt::MemFile::new(&file);
            let (a, b) = cpu_times(rounds, &mut || ours_decode(&file, &mut out), &mut || {
                mem.decode(&mut out2).unwrap_or(0)
            });
            assert_eq!(out, out2, "same pixels");
            let ratio = b[0] as f64 / a[0] as f64;
            log_sum += ratio.ln();
            count += 1;
            let _ = write!(row, " {ratio:.2}× |");
        }
        if count > 0 {
            let gm = (log_sum / f64::from(count)).exp();
            let _ = write!(row, " **{gm:.2}×** |");
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return;
    }
    println!();
    println!(
        "Decode, ratio libtiff / Missive per page (minimum CPU time over {rounds} alternating rounds):"
    );
    println!();
    let mut head = String::from("| coding |");
    let mut rule = String::from("|---|");
    for (name, _) in pages {
        let _ = write!(head, " {name} |");
        rule.push_str("---|");
    }
    println!("{head} geometric mean |");
    println!("{rule}---|");
    for row in rows {
        println!("{row}");
    }
}

fn bench(c: &mut Criterion) {
    let cpu = cpu_rounds();
    let text = vec![text_page(1728, 2287).unwrap()];
    let itu = itu_pages();
    for (set, pages) in [("text", &text), ("itu", &itu)] {
        if pages.is_empty() {
            continue;
        }
        let pixels = pixel_count(pages);
        for (name, ours, theirs) in CODINGS {
            if cpu.is_some()
                && !selected(&format!("t4/decode-{name}-{set}"))
                && !selected(&format!("t4/encode-{name}-{set}"))
            {
                continue;
            }
            // Same file for both decoders: libtiff's own encoding.
            let file = libtiff_file(pages, ours, theirs);
            let out = RefCell::new(Vec::with_capacity(pixels as usize / 8));
            let out2 = RefCell::new(Vec::with_capacity(pixels as usize / 8));
            let mem = RefCell::new(lt::MemFile::new(&file));
            let want: usize = pages.iter().map(|p| p.data.len()).sum();
            assert_eq!(ours_decode(&file, &mut out.borrow_mut()), want);
            assert_eq!(mem.borrow_mut().decode(&mut out2.borrow_mut()), Some(want));
            assert!(*out.borrow() == *out2.borrow(), "same pixels");
            let encode_libtiff = || {
                pages
                    .iter()
                    .map(|p| {
                        lt::encode(p.width, p.height, &p.data, theirs)
                            .unwrap()
                            .len()
                    })
                    .sum::<usize>()
            };
            if cpu.is_some() {
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
                    &mut encode_libtiff.clone(),
                );
                continue;
            }
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
                &[("libtiff", &encode_libtiff)],
            );
        }
    }
    let blank = vec![Bitmap::new(1728, 2287).unwrap()];
    let encode_blank_libtiff = || {
        lt::encode(1728, 2287, &blank[0].data, lt::Coding::Mmr)
            .unwrap()
            .len()
    };
    if let Some(rounds) = cpu {
        cpu_compare(
            "t4/encode-mmr-blank",
            1728 * 2287,
            &mut || ours_tiff(&blank, Coding::Mmr).len(),
            &mut encode_blank_libtiff.clone(),
        );
        if itu.len() == 8 {
            let art = lineart_page(1728, 2287);
            let mut ten: Vec<(&str, &Bitmap)> = vec![("text", &text[0]), ("lineart", &art)];
            let names = [
                "itu1", "itu2", "itu3", "itu4", "itu5", "itu6", "itu7", "itu8",
            ];
            ten.extend(names.iter().copied().zip(&itu));
            ten_page_ratios(rounds, &ten);
        }
        return;
    }
    missive_benches::side_by_side(
        c,
        "t4/encode-mmr-blank",
        1728 * 2287,
        || ours_tiff(&blank, Coding::Mmr).len(),
        &[("libtiff", &encode_blank_libtiff)],
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
