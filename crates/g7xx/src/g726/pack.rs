//! Bit packing of G.726 codes (placeholder, filled below).
