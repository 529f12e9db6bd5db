//! Binary PBM (`P4`): one or more images in a file, 1 = black, rows
//! packed MSB-first — the same layout as [`Bitmap`].

use crate::{Bitmap, Error, Limits};

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn err(&self, what: &'static str) -> Error {
        Error::Pbm {
            offset: self.pos as u64,
            what,
        }
    }

    /// Skips whitespace and `#` comments.
    fn skip_space(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'#' {
                while let Some(&c) = self.data.get(self.pos) {
                    self.pos += 1;
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn number(&mut self) -> Result<u32, Error> {
        self.skip_space();
        let start = self.pos;
        let mut v: u32 = 0;
        while let Some(&b) = self.data.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u32::from(b - b'0')))
                .ok_or_else(|| self.err("number too large"))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.err("expected a number"));
        }
        Ok(v)
    }
}

/// Reads every `P4` image in `data` (concatenated, as `pnmsplit` and
/// `missive fax decode` write them).
///
/// # Errors
/// [`Error::Pbm`] for malformed headers or short data, [`Error::Width`]
/// for a width outside 1..=65535, [`Error::Limit`] for a height above
/// `limits.max_rows`.
///
/// ```
/// use missive_t4::{pbm, Bitmap, Limits};
/// let mut a = Bitmap::new(10, 2).unwrap();
/// a.row_mut(1).unwrap()[0] = 0x80;
/// let mut file = Vec::new();
/// pbm::write(&a, &mut file);
/// pbm::write(&a, &mut file);
/// assert_eq!(pbm::read_all(&file, &Limits::default()).unwrap(), vec![a.clone(), a]);
/// ```
pub fn read_all(data: &[u8], limits: &Limits) -> Result<Vec<Bitmap>, Error> {
    let mut c = Cursor { data, pos: 0 };
    let mut out = Vec::new();
    loop {
        c.skip_space();
        if c.pos >= data.len() {
            break;
        }
        if data.get(c.pos..c.pos + 2) != Some(b"P4") {
            return Err(c.err("not a binary PBM (P4)"));
        }
        c.pos += 2;
        let width = c.number()?;
        let height = c.number()?;
        if width == 0 || width > 65535.min(limits.max_width) {
            return Err(Error::Width(width));
        }
        if height > limits.max_rows {
            return Err(Error::Limit {
                what: "rows",
                limit: u64::from(limits.max_rows),
            });
        }
        match data.get(c.pos) {
            Some(&b) if is_space(b) => c.pos += 1,
            _ => return Err(c.err("expected one whitespace byte before the pixels")),
        }
        let len = (width.div_ceil(8) as usize) * height as usize;
        let Some(pixels) = data.get(c.pos..c.pos + len) else {
            return Err(c.err("pixel data is short"));
        };
        let mut b = Bitmap {
            width,
            height,
            data: pixels.to_vec(),
        };
        b.clear_padding();
        out.push(b);
        c.pos += len;
    }
    if out.is_empty() {
        return Err(c.err("no image"));
    }
    Ok(out)
}

/// Appends `page` as one `P4` image to `out`.
pub fn write(page: &Bitmap, out: &mut Vec<u8>) {
    out.extend_from_slice(format!("P4\n{} {}\n", page.width, page.height).as_bytes());
    out.extend_from_slice(&page.data);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_with_comment_and_errors() {
        let file = b"P4\n# made by hand\n3 2\n\xE0\x40";
        let imgs = read_all(file, &Limits::default()).unwrap();
        assert_eq!(imgs[0].data, vec![0xE0, 0x40]);
        assert!(read_all(b"P4\n3 2\n\xE0", &Limits::default()).is_err());
        assert!(read_all(b"P1\n3 2\n", &Limits::default()).is_err());
        assert!(read_all(b"P4 0 1\n", &Limits::default()).is_err());
        assert!(read_all(b"P4 99999999999 1\n", &Limits::default()).is_err());
        assert!(read_all(b"", &Limits::default()).is_err());
    }
}
