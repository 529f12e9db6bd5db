//! Encodes the ITU charts (or the text page) N times with one coding, for
//! callgrind. `t4_encode_profile CODING SET N`
use missive_t4::{encode, pbm, Bitmap, Coding, EncodeOptions, Limits};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let coding = match args.get(1).map(String::as_str) {
        Some("mr") => Coding::Mr { k: 4 },
        Some("mmr") => Coding::Mmr,
        _ => Coding::Mh,
    };
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let dir = missive_testkit::shared_conformance("fax/itu").expect("itu");
    let mut pages: Vec<Bitmap> = Vec::new();
    for i in 1..=8 {
        let data = std::fs::read(dir.join(format!("itu{i}.pbm"))).expect("read");
        pages.extend(pbm::read_all(&data, &Limits::default()).expect("pbm"));
    }
    if args.get(2).map(String::as_str) == Some("stats") {
        for p in &pages {
            let (mut white, mut rep, mut changes) = (0, 0, 0usize);
            let mut prev: Option<&[u8]> = None;
            for r in p.rows() {
                let mut v = Vec::new();
                missive_t4::row_changes(r, p.width, &mut v);
                if v.is_empty() {
                    white += 1;
                }
                if prev == Some(r) {
                    rep += 1;
                }
                changes += v.len();
                prev = Some(r);
            }
            println!(
                "{}x{} white {white} repeated {rep} changes {changes}",
                p.width, p.height
            );
        }
        return;
    }
    let mut total = 0;
    for _ in 0..n {
        for p in &pages {
            total += encode(p, &EncodeOptions::new(coding)).expect("enc").len();
        }
    }
    println!("{total}");
}
