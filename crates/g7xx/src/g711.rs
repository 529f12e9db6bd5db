//! ITU-T G.711 companding, exactly as the ITU-T G.191 software tools library
//! (STL) defines it: negative inputs are reduced by one's complement, which is
//! what makes the output match the STL sweep references bit for bit.
//!
//! Linear samples are 16-bit, left-justified (full scale ±32767); µ-law uses
//! the top 14 bits and A-law the top 13.

/// Encodes one linear sample to µ-law.
#[inline]
pub fn linear_to_ulaw(x: i16) -> u8 {
    // One's complement magnitude of the 14-bit sample.
    let mut mag = if x < 0 { (!x) >> 2 } else { x >> 2 } as u16;
    if mag > 0x1FDE {
        mag = 0x1FDE;
    }
    mag += 0x21;
    // Segment: position of the highest set bit above bit 5.
    let seg = (16 - (mag >> 6).leading_zeros()) as u16 + 1; // 1..=8
    let high = 8 - seg;
    let low = 0x0F - ((mag >> seg) & 0x0F);
    let code = ((high << 4) | low) as u8;
    if x >= 0 {
        code | 0x80
    } else {
        code
    }
}

/// Decodes one µ-law byte to a linear sample.
#[inline]
pub fn ulaw_to_linear(u: u8) -> i16 {
    ULAW_TO_LINEAR[u as usize]
}

/// Encodes one linear sample to A-law.
#[inline]
pub fn linear_to_alaw(x: i16) -> u8 {
    let mut ix = if x < 0 { (!x) >> 4 } else { x >> 4 } as u16;
    if ix > 15 {
        let mut exp = 1u16;
        while ix > 16 + 15 {
            ix >>= 1;
            exp += 1;
        }
        ix -= 16;
        ix += exp << 4;
    }
    if x >= 0 {
        ix |= 0x80;
    }
    (ix as u8) ^ 0x55
}

/// Decodes one A-law byte to a linear sample.
#[inline]
pub fn alaw_to_linear(a: u8) -> i16 {
    ALAW_TO_LINEAR[a as usize]
}

const fn ulaw_expand(u: u8) -> i16 {
    let m = !u;
    let exponent = (m >> 4) & 0x07;
    let segment = exponent as i32 + 1;
    let mantissa = (m & 0x0F) as i32;
    let step = 4 << segment;
    let mag = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
    if u < 0x80 {
        -mag as i16
    } else {
        mag as i16
    }
}

const fn alaw_expand(a: u8) -> i16 {
    let ix = (a ^ 0x55) & 0x7F;
    let exp = (ix >> 4) as i32;
    let mut mant = (ix & 0x0F) as i32;
    if exp > 0 {
        mant += 16;
    }
    mant = (mant << 4) + 8;
    if exp > 1 {
        mant <<= exp - 1;
    }
    if a > 127 {
        mant as i16
    } else {
        -mant as i16
    }
}

macro_rules! expand_table {
    ($f:ident) => {{
        let mut t = [0i16; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = $f(i as u8);
            i += 1;
        }
        t
    }};
}

static ULAW_TO_LINEAR: [i16; 256] = expand_table!(ulaw_expand);
static ALAW_TO_LINEAR: [i16; 256] = expand_table!(alaw_expand);

/// Encodes `pcm` to µ-law into `out`; converts `min(pcm.len(), out.len())`
/// samples and returns that count.
pub fn ulaw_encode(pcm: &[i16], out: &mut [u8]) -> usize {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = linear_to_ulaw(x);
    }
    pcm.len().min(out.len())
}

/// Decodes µ-law bytes into `out`; returns the number of samples written.
pub fn ulaw_decode(law: &[u8], out: &mut [i16]) -> usize {
    for (o, &u) in out.iter_mut().zip(law) {
        *o = ulaw_to_linear(u);
    }
    law.len().min(out.len())
}

/// Encodes `pcm` to A-law into `out`; returns the number of bytes written.
pub fn alaw_encode(pcm: &[i16], out: &mut [u8]) -> usize {
    for (o, &x) in out.iter_mut().zip(pcm) {
        *o = linear_to_alaw(x);
    }
    pcm.len().min(out.len())
}

/// Decodes A-law bytes into `out`; returns the number of samples written.
pub fn alaw_decode(law: &[u8], out: &mut [i16]) -> usize {
    for (o, &a) in out.iter_mut().zip(law) {
        *o = alaw_to_linear(a);
    }
    law.len().min(out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_extremes() {
        assert_eq!(ulaw_to_linear(0x80), 32124);
        assert_eq!(ulaw_to_linear(0x00), -32124);
        assert_eq!(ulaw_to_linear(0xFF), 0);
        assert_eq!(alaw_to_linear(0xD5), 8);
        assert_eq!(alaw_to_linear(0xAA), 32256);
        assert_eq!(alaw_to_linear(0x2A), -32256);
    }

    #[test]
    fn every_code_survives_a_round_trip() {
        for code in 0..=255u8 {
            let u = linear_to_ulaw(ulaw_to_linear(code));
            // µ-law has two zeros (0x7F and 0xFF); everything else is exact.
            if code != 0x7F {
                assert_eq!(u, code, "µ-law {code:#04x}");
            }
            assert_eq!(
                linear_to_alaw(alaw_to_linear(code)),
                code,
                "A-law {code:#04x}"
            );
        }
    }

    #[test]
    fn encode_is_monotonic() {
        let mut last = ulaw_to_linear(linear_to_ulaw(i16::MIN));
        for x in i16::MIN..=i16::MAX {
            let y = ulaw_to_linear(linear_to_ulaw(x));
            assert!(y >= last);
            last = y;
        }
    }
}
