//! A bilevel page in memory.

use crate::Error;

/// A bilevel image: rows of packed pixels, 8 per byte, most significant
/// bit leftmost, 1 = black (the PBM convention). Each row takes
/// `width.div_ceil(8)` bytes; bits past the width are zero.
#[derive(Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Pixels per row.
    pub width: u32,
    /// Number of rows.
    pub height: u32,
    /// `height` rows of `stride()` bytes.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Bitmap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bitmap({}x{})", self.width, self.height)
    }
}

impl Bitmap {
    /// An all-white page. Width must be 1..=65535.
    ///
    /// # Errors
    /// [`Error::Width`] for a width outside 1..=65535.
    pub fn new(width: u32, height: u32) -> Result<Self, Error> {
        if width == 0 || width > 65535 {
            return Err(Error::Width(width));
        }
        let len = (width.div_ceil(8) as usize)
            .checked_mul(height as usize)
            .ok_or(Error::Limit {
                what: "bitmap bytes",
                limit: usize::MAX as u64,
            })?;
        Ok(Self {
            width,
            height,
            data: vec![0; len],
        })
    }

    /// Bytes per row.
    pub fn stride(&self) -> usize {
        self.width.div_ceil(8) as usize
    }

    /// Row `y`, if it exists.
    pub fn row(&self, y: u32) -> Option<&[u8]> {
        let s = self.stride();
        let start = (y as usize).checked_mul(s)?;
        self.data.get(start..start.checked_add(s)?)
    }

    /// Row `y`, mutable, if it exists.
    pub fn row_mut(&mut self, y: u32) -> Option<&mut [u8]> {
        let s = self.stride();
        let start = (y as usize).checked_mul(s)?;
        self.data.get_mut(start..start.checked_add(s)?)
    }

    /// The rows in order.
    pub fn rows(&self) -> impl Iterator<Item = &[u8]> {
        self.data.chunks_exact(self.stride().max(1))
    }

    /// Pixel at (x, y): `true` = black.
    pub fn pixel(&self, x: u32, y: u32) -> bool {
        x < self.width
            && self
                .row(y)
                .and_then(|r| r.get((x / 8) as usize))
                .is_some_and(|b| b & (0x80 >> (x % 8)) != 0)
    }

    /// Clears the padding bits past the width in every row.
    pub fn clear_padding(&mut self) {
        let rem = self.width % 8;
        if rem == 0 {
            return;
        }
        let mask = 0xFFu8 << (8 - rem);
        let s = self.stride();
        for row in self.data.chunks_exact_mut(s) {
            if let Some(last) = row.last_mut() {
                *last &= mask;
            }
        }
    }
}
