//! PBM
