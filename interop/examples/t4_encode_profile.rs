//! Encodes the ITU charts (or the text page) N times with one coding, for
//! callgrind. `t4_encode_profile mh|mr|mmr itu|text|stats-itu|stats-text N`
use missive_t4::{encode, Bitmap, Coding, EncodeOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let coding = match args.get(1).map(String::as_str) {
        Some("mr") => Coding::Mr { k: 4 },
        Some("mmr") => Coding::Mmr,
        _ => Coding::Mh,
    };
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let set = args.get(2).map_or("itu", String::as_str);
    let mut pages: Vec<Bitmap> = Vec::new();
    if set.ends_with("text") {
        pages.push(missive_interop::t4_pages::text_page(1728, 2287).expect("page size"));
    } else {
        pages = missive_interop::t4_pages::itu_pages();
        assert_eq!(
            pages.len(),
            8,
            "the eight ITU charts (fax/itu in the shared data)"
        );
    }
    if set.starts_with("stats") {
        let mut hist = [0usize; 65];
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
                let mut k = 0;
                while k < v.len() {
                    let word = v[k] / 64;
                    let mut m = 0;
                    while k < v.len() && v[k] / 64 == word {
                        k += 1;
                        m += 1;
                    }
                    hist[m] += 1;
                }
                prev = Some(r);
            }
            println!(
                "{}x{} white {white} repeated {rep} changes {changes}",
                p.width, p.height
            );
        }
        println!("changes per non-empty word: {:?}", &hist[1..20]);
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
