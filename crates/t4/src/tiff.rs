//! TIFF
