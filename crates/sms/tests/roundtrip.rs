//! Property tests: encode → decode round trips and septet packing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use missive_sms::concat::{Outcome, Reassembler};
use missive_sms::gsm7::{self, Language};
use missive_sms::{
    decode, decode_with, AlphabetChoice, DecodeOptions, DeliverBuilder, EncodeOptions,
    Language as L, SubmitBuilder, Timestamp, Tpdu,
};
use proptest::prelude::*;

fn gsmish() -> impl Strategy<Value = String> {
    // Mostly GSM characters (with extension and national ones), some anything.
    let pool: Vec<char> = "abcXYZ019 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà€{}[]~|^\\\nçşğıİĞŞ"
        .chars()
        .collect();
    prop::collection::vec(prop::sample::select(pool), 0..400).prop_map(|v| v.into_iter().collect())
}

fn join(parts: &[missive_sms::EncodedPdu]) -> String {
    let mut out = String::new();
    let mut r = Reassembler::new(4);
    for p in parts.iter().rev() {
        let pdu = decode(&p.bytes).unwrap();
        let ud = pdu.tpdu.user_data().unwrap();
        let text = ud.text().unwrap();
        match ud.udh.and_then(|u| u.concat()) {
            None => {
                assert_eq!(parts.len(), 1);
                out = text;
            }
            Some(c) => {
                if let Outcome::Complete { text, .. } = r.push("x", c, &text).unwrap() {
                    out = text;
                }
            }
        }
        assert!(p.bytes.len() <= 1 + 12 + 164, "PDU too long");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode_round_trips(text in "\\PC{0,300}") {
        let parts = SubmitBuilder::new("+4915112345678", &text).reference(9).build().unwrap();
        prop_assert_eq!(join(&parts), text.clone());
        let ucs2 = EncodeOptions { alphabet: AlphabetChoice::Ucs2, ..EncodeOptions::default() };
        let parts = SubmitBuilder::new("+1", &text).options(ucs2).build().unwrap();
        prop_assert_eq!(join(&parts), text);
    }

    #[test]
    fn gsm_and_national_round_trip(text in gsmish(), wide in any::<bool>()) {
        let opts = EncodeOptions {
            single_shift: vec![L::Turkish, L::Spanish, L::Portuguese],
            locking_shift: vec![L::Turkish, L::Portuguese],
            wide_reference: wide,
            ..EncodeOptions::default()
        };
        let scts = Timestamp { year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58, tz_quarters: -14 };
        let b = DeliverBuilder::new("+4930123456", &text, scts).options(opts.clone()).reference(300);
        let parts = b.build().unwrap();
        prop_assert_eq!(join(&parts), text.clone());
        let plan = SubmitBuilder::new("+1", &text).options(opts).plan().unwrap();
        prop_assert_eq!(plan.segments(), parts.len());
        let p = decode(&parts[0].bytes).unwrap();
        let Tpdu::Deliver(d) = p.tpdu else { panic!() };
        prop_assert_eq!(d.scts, scts);
    }

    #[test]
    fn characters_left_is_exact(text in prop_oneof![gsmish(), "\\PC{0,300}"]) {
        // Appending `left` one-unit characters fits; one more needs a new part.
        let o = EncodeOptions::default();
        let p = missive_sms::plan::plan(&text, &o).unwrap();
        let fill = format!("{text}{}", "a".repeat(p.left));
        let q = missive_sms::plan::plan(&fill, &o).unwrap();
        prop_assert_eq!((q.segments(), q.left, q.alphabet), (p.segments(), 0, p.alphabet));
        let over = format!("{fill}a");
        prop_assert_eq!(missive_sms::plan::plan(&over, &o).unwrap().segments(), p.segments() + 1);
    }

    #[test]
    fn septet_packing_every_fill_offset(septets in prop::collection::vec(0u8..128, 0..200), fill in 0u8..7) {
        let mut packed = Vec::new();
        gsm7::pack(&septets, fill, &mut packed);
        prop_assert_eq!(packed.len(), gsm7::packed_len(septets.len(), fill));
        for (i, &s) in septets.iter().enumerate() {
            prop_assert_eq!(gsm7::septet_at(&packed, fill, i), Some(s));
        }
        // The fill bits stay zero.
        if let Some(&first) = packed.first() {
            prop_assert_eq!(first & ((1u8 << fill) - 1), 0);
        }
    }

    #[test]
    fn every_table_round_trips(lock in 0u8..14, single in 0u8..14, idx in prop::collection::vec(0usize..256, 0..60)) {
        let lock = Language::from_id(lock).unwrap();
        let single = Language::from_id(single).unwrap();
        // Text made of characters from the chosen tables.
        let mut all = String::new();
        gsm7::decode_septets((0u8..128).filter(|&s| s != gsm7::ESC), lock, single, &mut all);
        let mut ext = String::new();
        gsm7::decode_septets((0u8..128).filter(|&s| s != gsm7::ESC && s != 0x0A).flat_map(|s| [gsm7::ESC, s]), lock, single, &mut ext);
        let pool: Vec<char> = all.chars().chain(ext.chars()).collect();
        let text: String = idx.iter().map(|&i| pool[i % pool.len()]).collect();
        let sept = gsm7::encode_str(&text, lock, single).unwrap();
        let mut back = String::new();
        gsm7::decode_septets(sept.iter().copied(), lock, single, &mut back);
        prop_assert_eq!(back, text);
    }

    #[test]
    fn decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200), lenient in any::<bool>()) {
        for smsc in [missive_sms::SmscPrefix::Auto, missive_sms::SmscPrefix::Absent] {
            for direction in [missive_sms::Direction::Stored, missive_sms::Direction::FromMobile, missive_sms::Direction::ToMobile] {
                let opts = DecodeOptions { smsc, direction, lenient };
                if let Ok(p) = decode_with(&bytes, opts) {
                    if let Some(ud) = p.tpdu.user_data() {
                        let _ = ud.text();
                    }
                }
            }
        }
    }
}
