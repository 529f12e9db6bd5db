//! Our SMS-SUBMIT encodings, decoded by the gsmmodem oracle
//! (`conformance-vectors/sms/ours_by_oracle.tsv`, made by
//! `scripts/sms-vectors.py --ours`): the oracle read back every original
//! text, and the builder still produces exactly the PDUs it checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use missive_sms::{AlphabetChoice, EncodeOptions, SubmitBuilder};

#[test]
fn oracle_reads_our_encodings() {
    let path = missive_testkit::vectors("sms").join("ours_by_oracle.tsv");
    let data = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    for line in data.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        let text: String = serde_json::from_str(c[0]).unwrap();
        let alphabet = match c[1] {
            "auto" => AlphabetChoice::Auto,
            "ucs2" => AlphabetChoice::Ucs2,
            other => panic!("{other}"),
        };
        let expected: Vec<&str> = c[2].split(' ').collect();
        let oracle_text: String = serde_json::from_str(c[3]).unwrap();
        assert_eq!(
            oracle_text, text,
            "the oracle decoded our PDUs to another text"
        );
        let opts = EncodeOptions {
            alphabet,
            ..EncodeOptions::default()
        };
        let ours: Vec<String> = SubmitBuilder::new("+4915112345678", &text)
            .options(opts)
            .build()
            .unwrap()
            .iter()
            .map(missive_sms::EncodedPdu::hex)
            .collect();
        assert_eq!(ours, expected, "{text:?}");
        n += 1;
    }
    assert!(n >= 100, "{n}");
}
