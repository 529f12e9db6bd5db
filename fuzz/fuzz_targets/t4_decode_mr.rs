//! T.4/T.6 mr decoder on arbitrary bytes; input layout and invariants in
//! `fuzz/common/t4_decode.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_t4::Coding;

#[path = "../common/t4_decode.rs"]
mod t4_decode;

fuzz_target!(|data: &[u8]| t4_decode::check(Coding::Mr { k: 4 }, data));
