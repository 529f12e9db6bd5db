//! Character classes of the RFC 3261 §25 grammar, as one lookup table.

const TOKEN: u16 = 1;
const UNRESERVED: u16 = 1 << 1;
const USER_UNRES: u16 = 1 << 2;
const PASS_UNRES: u16 = 1 << 3;
const PARAM_UNRES: u16 = 1 << 4;
const HNV_UNRES: u16 = 1 << 5;
const RESERVED: u16 = 1 << 6;
const WORD: u16 = 1 << 7;
const HEX: u16 = 1 << 8;
const HOST: u16 = 1 << 9;
const SCHEME: u16 = 1 << 10;
const PARAM_VALUE: u16 = 1 << 11;
const LABEL: u16 = 1 << 12;

const fn table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let alnum = c.is_ascii_alphanumeric();
        let mut f = 0;
        if alnum
            || matches!(
                c,
                b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~'
            )
        {
            f |= TOKEN;
        }
        if alnum
            || matches!(
                c,
                b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
            )
        {
            f |= UNRESERVED;
        }
        if matches!(c, b'&' | b'=' | b'+' | b'$' | b',' | b';' | b'?' | b'/') {
            f |= USER_UNRES;
        }
        if matches!(c, b'&' | b'=' | b'+' | b'$' | b',') {
            f |= PASS_UNRES;
        }
        if matches!(c, b'[' | b']' | b'/' | b':' | b'&' | b'+' | b'$') {
            f |= PARAM_UNRES;
        }
        if matches!(c, b'[' | b']' | b'/' | b'?' | b':' | b'+' | b'$') {
            f |= HNV_UNRES;
        }
        if matches!(
            c,
            b';' | b'/' | b'?' | b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b','
        ) {
            f |= RESERVED;
        }
        if (f & TOKEN) != 0
            || matches!(
                c,
                b'(' | b')'
                    | b'<'
                    | b'>'
                    | b':'
                    | b'\\'
                    | b'"'
                    | b'/'
                    | b'['
                    | b']'
                    | b'?'
                    | b'{'
                    | b'}'
            )
        {
            f |= WORD;
        }
        if c.is_ascii_hexdigit() {
            f |= HEX;
        }
        if alnum || matches!(c, b'-' | b'.') {
            f |= HOST;
        }
        if alnum || matches!(c, b'+' | b'-' | b'.') {
            f |= SCHEME;
        }
        if (f & TOKEN) != 0 || matches!(c, b'[' | b']' | b':') {
            f |= PARAM_VALUE;
        }
        if alnum || c == b'-' {
            f |= LABEL;
        }
        t[i] = f;
        i += 1;
    }
    t
}

static TABLE: [u16; 256] = table();

#[inline]
fn has(c: u8, f: u16) -> bool {
    TABLE[c as usize] & f != 0
}

/// `token` character.
#[inline]
pub(crate) fn is_token(c: u8) -> bool {
    has(c, TOKEN)
}
/// Unquoted header-parameter value character: `token`, or `[`, `]`, `:`
/// for IPv6 references (`received=[2001:db8::1]`).
#[cfg(test)]
#[inline]
pub(crate) fn is_param_value(c: u8) -> bool {
    has(c, PARAM_VALUE)
}
/// `word` character (Call-ID).
#[cfg(test)]
#[inline]
pub(crate) fn is_word(c: u8) -> bool {
    has(c, WORD)
}
/// Character allowed unescaped in a SIP URI user part.
#[inline]
pub(crate) fn is_user(c: u8) -> bool {
    has(c, UNRESERVED | USER_UNRES)
}
/// Character allowed unescaped in a SIP URI password.
#[inline]
pub(crate) fn is_password(c: u8) -> bool {
    has(c, UNRESERVED | PASS_UNRES)
}
/// `paramchar` (unescaped part).
#[inline]
pub(crate) fn is_paramchar(c: u8) -> bool {
    has(c, UNRESERVED | PARAM_UNRES)
}
/// `hname`/`hvalue` character (unescaped part).
#[inline]
pub(crate) fn is_hnv(c: u8) -> bool {
    has(c, UNRESERVED | HNV_UNRES)
}
/// `uric` (unescaped part) plus `[` `]` which RFC 2732 adds for IPv6.
#[inline]
pub(crate) fn is_uric(c: u8) -> bool {
    has(c, UNRESERVED | RESERVED) || c == b'[' || c == b']'
}
/// Hexadecimal digit.
#[inline]
pub(crate) fn is_hex(c: u8) -> bool {
    has(c, HEX)
}
/// Hostname character.
#[inline]
pub(crate) fn is_host(c: u8) -> bool {
    has(c, HOST)
}
/// URI scheme character after the first.
#[inline]
pub(crate) fn is_scheme(c: u8) -> bool {
    has(c, SCHEME)
}

/// One character class of the table (a single bit), for [`skip_class`].
#[derive(Clone, Copy)]
pub(crate) struct Class(u16);

/// `word` characters (Call-ID).
pub(crate) const C_WORD: Class = Class(WORD);
/// Unquoted header-parameter value characters.
pub(crate) const C_PARAM_VALUE: Class = Class(PARAM_VALUE);
/// Hostname characters (alphanumerics, `-`, `.`).
pub(crate) const C_HOST: Class = Class(HOST);
/// Domain-label characters (alphanumerics, `-`).
pub(crate) const C_LABEL: Class = Class(LABEL);

/// The first index at or after `i` whose byte is not in `class` (or
/// `b.len()`). Eight bytes are tested per step (their eight table entries
/// `AND`ed: non-zero only when every byte is in the class), then the end of
/// the run byte by byte. Same answer as the byte loop (tested). Pays for
/// runs longer than eight bytes (Call-IDs, URIs, branch values); shorter
/// runs (header names, domain labels) are faster with [`skip_class_short`].
#[inline]
pub(crate) fn skip_class(b: &[u8], mut i: usize, class: Class) -> usize {
    let f = class.0;
    while let Some(w) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        if w.iter().fold(f, |a, &c| a & TABLE[c as usize]) == 0 {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| has(c, f)) {
        i += 1;
    }
    i
}

/// [`skip_class`] one byte at a time, for runs that are usually short.
#[inline]
pub(crate) fn skip_class_short(b: &[u8], mut i: usize, class: Class) -> usize {
    while b.get(i).is_some_and(|&c| has(c, class.0)) {
        i += 1;
    }
    i
}

/// The first `needle` in `h`. Header lines and values are short (tens of
/// bytes), where `memchr::memchr`'s run-time dispatch (to AVX2) costs more
/// than the search: on x86-64, memchr's SSE2 searcher is called directly
/// instead (SSE2 is part of the x86-64 baseline, so it is always there and
/// inlines). Same answer either way (tested against the plain search).
#[inline]
pub(crate) fn find_byte(needle: u8, h: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
        return one.find(h);
    }
    memchr::memchr(needle, h)
}

/// Whether `s` has a byte below `0x21` (a control character or SP), eight
/// bytes at a time: `(w - 0x21…) & !w` sets a byte's top bit when that
/// byte is below 0x21 (borrows can only add marks above a real one, so the
/// word is marked exactly when it holds such a byte).
#[inline]
pub(crate) fn has_ctl_or_space(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut acc = 0u64;
    let chunks = s.chunks_exact(8);
    let rest = chunks.remainder();
    for w in chunks {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        acc |= w.wrapping_sub(ONES * 0x21) & !w;
    }
    acc & (ONES * 0x80) != 0 || rest.iter().any(|&c| c < 0x21)
}

/// Length of the run at the start of `b` of bytes that are neither `>`
/// nor LWS: the URI inside `<…>`. Fast path: find the `>`, then check
/// nothing before it is a control character or SP; otherwise the byte loop.
#[inline]
pub(crate) fn angle_uri_len(b: &[u8]) -> usize {
    if let Some(gt) = find_byte(b'>', b) {
        if !has_ctl_or_space(b.get(..gt).unwrap_or_default()) {
            return gt;
        }
    }
    b.iter()
        .position(|&x| x == b'>' || crate::cursor::is_lws(x))
        .unwrap_or(b.len())
}

/// Checks `s` is made of characters accepted by `ok` or `%HH` escapes.
/// Returns the offset of the first bad byte.
#[inline]
pub(crate) fn check_escaped(s: &[u8], ok: impl Fn(u8) -> bool) -> Result<(), usize> {
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'%' {
            match (s.get(i + 1), s.get(i + 2)) {
                (Some(&a), Some(&b)) if is_hex(a) && is_hex(b) => i += 3,
                _ => return Err(i),
            }
        } else if ok(c) {
            i += 1;
        } else {
            return Err(i);
        }
    }
    Ok(())
}

fn hexval(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Iterates the bytes of `s` with `%HH` escapes decoded (malformed escapes
/// are yielded literally).
pub(crate) fn unescaped(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut i = 0;
    core::iter::from_fn(move || {
        let c = *s.get(i)?;
        if c == b'%' {
            if let (Some(&a), Some(&b)) = (s.get(i + 1), s.get(i + 2)) {
                if is_hex(a) && is_hex(b) {
                    i += 3;
                    return Some(hexval(a) << 4 | hexval(b));
                }
            }
        }
        i += 1;
        Some(c)
    })
}

/// Compares two escaped strings after decoding, optionally ignoring ASCII case.
pub(crate) fn eq_unescaped(a: &str, b: &str, ignore_case: bool) -> bool {
    let mut x = unescaped(a.as_bytes());
    let mut y = unescaped(b.as_bytes());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let same = if ignore_case {
                    p.eq_ignore_ascii_case(&q)
                } else {
                    p == q
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Splits `s` at every `sep` byte (like `str::split`, via memchr).
pub(crate) fn split_str(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let r = rest?;
        if let Some(i) = r.bytes().position(|c| c == sep) {
            rest = r.get(i + 1..);
            r.get(..i)
        } else {
            rest = None;
            Some(r)
        }
    })
}

/// Splits `s` at the first `sep` byte.
pub(crate) fn split_once_str(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|c| c == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Bytes as `&str` when they are known to be ASCII-validated grammar text.
pub(crate) fn ascii(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        // Mostly class members and delimiters, some anything.
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(b"abcXYZ019-.!%*_+`'~@:;=<>\"[] \t\r\n,/?".to_vec()),
                1 => any::<u8>(),
            ],
            0..40,
        )
    }

    proptest! {
        #[test]
        fn skip_class_matches_byte_loop(b in bytes(), i in 0usize..45) {
            for (class, f) in [
                (C_WORD, is_word as fn(u8) -> bool),
                (C_PARAM_VALUE, is_param_value),
                (C_HOST, is_host),
                (C_LABEL, |c: u8| c.is_ascii_alphanumeric() || c == b'-'),
            ] {
                let mut j = i;
                while b.get(j).is_some_and(|&c| f(c)) {
                    j += 1;
                }
                prop_assert_eq!(skip_class(&b, i, class), j.max(i));
                prop_assert_eq!(skip_class_short(&b, i, class), j.max(i));
            }
        }

        #[test]
        fn find_byte_matches_position(b in bytes(), n in any::<u8>()) {
            for needle in [n, b'\n', b'>'] {
                prop_assert_eq!(find_byte(needle, &b), b.iter().position(|&c| c == needle));
            }
        }

        #[test]
        fn angle_uri_len_matches_byte_loop(b in bytes()) {
            let slow = b.iter().position(|&x| x == b'>' || crate::cursor::is_lws(x)).unwrap_or(b.len());
            prop_assert_eq!(angle_uri_len(&b), slow);
            prop_assert_eq!(has_ctl_or_space(&b), b.iter().any(|&c| c < 0x21));
        }
    }

    #[test]
    fn has_ctl_or_space_every_byte_at_every_offset() {
        for c in 0..=255u8 {
            for at in 0..17 {
                let mut v = vec![b'a'; 17];
                v[at] = c;
                assert_eq!(has_ctl_or_space(&v), c < 0x21, "{c} at {at}");
                for len in 0..=17 {
                    assert_eq!(
                        has_ctl_or_space(&v[..len]),
                        v[..len].iter().any(|&x| x < 0x21)
                    );
                }
            }
        }
    }
}
