//! The pages the T.4 benches and examples code and decode: one generator
//! for the dense text page, and the ITU-T T.24 charts read from the shared
//! conformance data, so `benches/t4` and the interleaved examples measure
//! the same pixels.

use missive_t4::{pbm, Bitmap, Limits};

/// Sets pixel (`x`, `y`) black; a pixel outside the page is ignored.
fn set(b: &mut Bitmap, x: u32, y: u32) {
    if let Some(byte) = b.row_mut(y).and_then(|row| row.get_mut((x / 8) as usize)) {
        *byte |= 0x80 >> (x % 8);
    }
}

/// A dense text-like page: rows of 12-pixel-high glyph outlines from a
/// fixed xorshift sequence (the bench's 1728×2287 "text" page). `None`
/// when the size is not a valid bitmap size.
pub fn text_page(width: u32, height: u32) -> Option<Bitmap> {
    let mut b = Bitmap::new(width, height).ok()?;
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut y = 60;
    while y + 14 < height.saturating_sub(60) {
        let mut x = 80;
        while x + 12 < width.saturating_sub(80) {
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
    Some(b)
}

/// The eight ITU-T T.24 charts (`fax/itu/itu1.pbm` … `itu8.pbm` in the
/// shared conformance data), in order; empty when the data is absent, and
/// a chart that is missing or does not parse is left out.
pub fn itu_pages() -> Vec<Bitmap> {
    let mut v = Vec::new();
    if let Some(dir) = missive_testkit::shared_conformance("fax/itu") {
        for i in 1..=8 {
            if let Ok(data) = std::fs::read(dir.join(format!("itu{i}.pbm"))) {
                if let Ok(pages) = pbm::read_all(&data, &Limits::default()) {
                    v.extend(pages);
                }
            }
        }
    }
    v
}
