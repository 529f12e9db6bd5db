//! T.4/T.6 encode speed, Missive vs libtiff, measured interleaved: both
//! sides code the same pages into an in-memory TIFF many times,
//! alternately, and the minimum thread CPU time of each is kept (the bench
//! `t4` does the same with `T4_CPU=ROUNDS`, together with the decoders).
//! `cargo run --release -p missive-interop --example t4_encode_interleaved [ROUNDS] [FILTER]`
use missive_interop::t4 as lt;
use missive_interop::t4_pages::{itu_pages, text_page};
use missive_t4::tiff::{Resolution, WriteOptions, Writer};
use missive_t4::{Bitmap, Coding, EncodeOptions};

fn ours_tiff(pages: &[Bitmap], coding: Coding) -> Vec<u8> {
    let mut w = Writer::new();
    let opts = WriteOptions {
        encode: EncodeOptions::new(coding),
        resolution: Resolution::Fine,
    };
    for p in pages {
        w.add_page(p, &opts).expect("page");
    }
    w.finish().expect("tiff")
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(31);
    let filter = std::env::args().nth(2).unwrap_or_default();
    let text = vec![text_page(1728, 2287).expect("page size")];
    let itu = itu_pages();
    let blank = vec![Bitmap::new(1728, 2287).expect("size")];
    let codings = [
        ("mh", Coding::Mh, lt::Coding::Mh),
        ("mr", Coding::Mr { k: 4 }, lt::Coding::Mr),
        ("mmr", Coding::Mmr, lt::Coding::Mmr),
    ];
    let mut cases = Vec::new();
    for (set, pages) in [("text", &text), ("itu", &itu)] {
        for c in codings {
            cases.push((format!("encode-{}-{set}", c.0), pages, c.1, c.2));
        }
    }
    cases.push((
        "encode-mmr-blank".into(),
        &blank,
        Coding::Mmr,
        lt::Coding::Mmr,
    ));
    for (name, pages, ours, theirs) in cases {
        if !name.contains(&filter) || pages.is_empty() {
            continue;
        }
        let (mut a, mut b) = (u64::MAX, u64::MAX);
        for _ in 0..rounds {
            let t = lt::thread_cpu_ns();
            std::hint::black_box(ours_tiff(pages, ours).len());
            a = a.min(lt::thread_cpu_ns() - t);
            let t = lt::thread_cpu_ns();
            std::hint::black_box(
                pages
                    .iter()
                    .map(|p| {
                        lt::encode(p.width, p.height, &p.data, theirs)
                            .expect("libtiff")
                            .len()
                    })
                    .sum::<usize>(),
            );
            b = b.min(lt::thread_cpu_ns() - t);
        }
        println!(
            "{name:18} min ours {:8.3} ms  libtiff {:8.3} ms  ratio {:.2}x",
            a as f64 / 1e6,
            b as f64 / 1e6,
            b as f64 / a as f64
        );
    }
}
