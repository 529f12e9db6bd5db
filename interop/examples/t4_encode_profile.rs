//! Encodes the ITU charts (or the text page) N times with one coding, for
//! callgrind. `t4_encode_profile mh|mr|mmr itu|text|stats-itu|stats-text N`
use missive_t4::{encode, pbm, Bitmap, Coding, EncodeOptions, Limits};

/// The bench's dense generated text page (same generator as `benches/t4`).
fn text_page(width: u32, height: u32) -> Bitmap {
    let mut b = Bitmap::new(width, height).expect("size");
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let set = |b: &mut Bitmap, x: u32, y: u32| {
        b.row_mut(y).expect("row")[(x / 8) as usize] |= 0x80 >> (x % 8);
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
        pages.push(text_page(1728, 2287));
    } else {
        let dir = missive_testkit::shared_conformance("fax/itu").expect("itu");
        for i in 1..=8 {
            let data = std::fs::read(dir.join(format!("itu{i}.pbm"))).expect("read");
            pages.extend(pbm::read_all(&data, &Limits::default()).expect("pbm"));
        }
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
