//! SMS TPDU decoder: any bytes, every option combination. Invariants: error
//! offsets lie inside the input; a decoded text re-encodes (SMS-SUBMIT
//! builder) and decodes back to itself; 7-bit text never exceeds its
//! septet count; strict success implies lenient success with the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_sms::concat::{Outcome, Reassembler};
use missive_sms::{decode_with, DecodeOptions, Direction, Error, SmscPrefix, SubmitBuilder};

fuzz_target!(|data: &[u8]| {
    let mut texts: Vec<String> = Vec::new();
    for smsc in [SmscPrefix::Auto, SmscPrefix::Present, SmscPrefix::Absent] {
        for direction in [
            Direction::Stored,
            Direction::ToMobile,
            Direction::FromMobile,
        ] {
            let strict = DecodeOptions {
                smsc,
                direction,
                lenient: false,
            };
            let lenient = DecodeOptions {
                lenient: true,
                ..strict
            };
            let s = decode_with(data, strict);
            let l = decode_with(data, lenient);
            match &s {
                Err(
                    Error::Truncated { offset, .. }
                    | Error::Invalid { offset, .. }
                    | Error::Trailing { offset, .. },
                ) => {
                    assert!(*offset <= data.len());
                }
                Err(_) => {}
                Ok(p) => assert_eq!(Some(p), l.as_ref().ok()),
            }
            let Ok(p) = l else { continue };
            let Some(ud) = p.tpdu.user_data() else {
                continue;
            };
            let Ok(text) = ud.text() else { continue };
            if ud.alphabet() == missive_sms::Alphabet::Gsm7 {
                assert!(text.chars().count() <= ud.len);
            }
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
    }
    for text in texts {
        let parts = SubmitBuilder::new("+1234", &text)
            .build()
            .expect("any text encodes");
        let mut r = Reassembler::new(1);
        let mut back = String::new();
        for part in &parts {
            let q = missive_sms::decode(&part.bytes).expect("our own PDU decodes");
            let u = q.tpdu.user_data().expect("SUBMIT has user data");
            let t = u.text().expect("not compressed");
            match u.udh.and_then(|h| h.concat()) {
                None => back = t,
                Some(c) => {
                    if let Outcome::Complete { text, .. } = r.push("x", c, &t).expect("valid part")
                    {
                        back = text;
                    }
                }
            }
        }
        assert_eq!(back, text);
    }
});
