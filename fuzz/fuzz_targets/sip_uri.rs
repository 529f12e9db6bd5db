//! URI parser: never panics; a parsed URI displays back to its input and is
//! equivalent to itself and to its own re-parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_sip::Uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(u) = Uri::parse(text) else {
        return;
    };
    let shown = u.to_string();
    assert_eq!(shown, text);
    let again = Uri::parse(&shown).expect("display re-parses");
    assert!(u.equivalent(&again));
    assert!(again.equivalent(&u));
    if let Uri::Sip(s) = &u {
        let _ = (s.params().count(), s.headers().count(), s.host.ipv6());
    }
});
