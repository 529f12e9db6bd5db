//! Bit packing of G.726 codes into octets.
//!
//! - [`Packing::Rfc3551`]: RTP `G726-16/24/32/40` (RFC 3551 §4.5.4). Codes
//!   are packed little-endian: the first code occupies the least
//!   significant bits of the first octet, with its own LSB in the octet's
//!   LSB; a code that straddles an octet continues in the low bits of the
//!   next one. **This is also the VPIM convention**: `audio/32KADPCM`
//!   (RFC 3802, voice mail between systems) mandates the same "little
//!   endian" nibble order at 32 kbit/s — first code word in the four least
//!   significant bits of the first octet, second in the four most
//!   significant bits.
//! - [`Packing::Aal2`]: ITU-T I.366.2 / MIME `AAL2-G726-32`: the opposite
//!   order, first code in the most significant bits of the first octet.
//! - [`Packing::None`]: one code per octet in the low bits (the layout of
//!   the ITU test sequences, and what [`super::Encoder`] produces).
//!
//! At 24 and 40 kbit/s a whole number of octets holds 8 codes (3 or 5
//! octets); [`packed_len`] rounds the bit count up and [`pack`] pads the
//! final octet with zero bits.

use super::Rate;
use crate::Error;

/// How codes are laid out in octets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Packing {
    /// First code in the least significant bits (RTP RFC 3551, VPIM RFC 3802).
    Rfc3551,
    /// First code in the most significant bits (ITU-T I.366.2, AAL2).
    Aal2,
    /// One code per octet, low bits.
    None,
}

/// Octets needed for `codes` codes at `rate`.
#[must_use]
pub const fn packed_len(codes: usize, rate: Rate, packing: Packing) -> usize {
    match packing {
        Packing::None => codes,
        _ => (codes * rate.bits() as usize).div_ceil(8),
    }
}

/// Whole codes carried by `octets` octets at `rate` (trailing pad bits of a
/// final partial code are ignored).
#[must_use]
pub const fn codes_in(octets: usize, rate: Rate, packing: Packing) -> usize {
    match packing {
        Packing::None => octets,
        _ => octets * 8 / rate.bits() as usize,
    }
}

/// Packs `codes` (one per byte; bits above the code width are ignored) into
/// `out`; returns the number of octets written.
///
/// # Errors
/// [`Error::OutputTooSmall`] when `out` is shorter than [`packed_len`].
pub fn pack(codes: &[u8], rate: Rate, packing: Packing, out: &mut [u8]) -> Result<usize, Error> {
    let needed = packed_len(codes.len(), rate, packing);
    let Some(out) = out.get_mut(..needed) else {
        return Err(Error::OutputTooSmall {
            needed,
            available: out.len(),
        });
    };
    let bits = rate.bits();
    let mask = (1u32 << bits) - 1;
    match packing {
        Packing::None => {
            for (o, &c) in out.iter_mut().zip(codes) {
                *o = c & mask as u8;
            }
        }
        Packing::Rfc3551 => {
            let mut acc = 0u32;
            let mut n = 0u32;
            let mut w = out.iter_mut();
            for &c in codes {
                acc |= (u32::from(c) & mask) << n;
                n += bits;
                if n >= 8 {
                    if let Some(o) = w.next() {
                        *o = acc as u8;
                    }
                    acc >>= 8;
                    n -= 8;
                }
            }
            if n > 0 {
                if let Some(o) = w.next() {
                    *o = acc as u8;
                }
            }
        }
        Packing::Aal2 => {
            let mut acc = 0u32;
            let mut n = 0u32;
            let mut w = out.iter_mut();
            for &c in codes {
                acc = (acc << bits) | (u32::from(c) & mask);
                n += bits;
                if n >= 8 {
                    n -= 8;
                    if let Some(o) = w.next() {
                        *o = (acc >> n) as u8;
                    }
                }
            }
            if n > 0 {
                if let Some(o) = w.next() {
                    *o = (acc << (8 - n)) as u8;
                }
            }
        }
    }
    Ok(needed)
}

/// Unpacks octets into codes (one per byte) in `out`; returns the number of
/// codes written, [`codes_in`] of the input length.
///
/// # Errors
/// [`Error::OutputTooSmall`] when `out` cannot hold them.
pub fn unpack(data: &[u8], rate: Rate, packing: Packing, out: &mut [u8]) -> Result<usize, Error> {
    let count = codes_in(data.len(), rate, packing);
    let Some(out) = out.get_mut(..count) else {
        return Err(Error::OutputTooSmall {
            needed: count,
            available: out.len(),
        });
    };
    let bits = rate.bits();
    let mask = (1u32 << bits) - 1;
    match packing {
        Packing::None => {
            for (o, &d) in out.iter_mut().zip(data) {
                *o = d & mask as u8;
            }
        }
        Packing::Rfc3551 => {
            let mut acc = 0u32;
            let mut n = 0u32;
            let mut src = data.iter();
            for o in out.iter_mut() {
                if n < bits {
                    if let Some(&d) = src.next() {
                        acc |= u32::from(d) << n;
                        n += 8;
                    }
                }
                *o = (acc & mask) as u8;
                acc >>= bits;
                n = n.saturating_sub(bits);
            }
        }
        Packing::Aal2 => {
            let mut acc = 0u32;
            let mut n = 0u32;
            let mut src = data.iter();
            for o in out.iter_mut() {
                if n < bits {
                    if let Some(&d) = src.next() {
                        acc = (acc << 8) | u32::from(d);
                        n += 8;
                    }
                }
                n = n.saturating_sub(bits);
                *o = ((acc >> n) & mask) as u8;
                acc &= (1 << n) - 1;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RATES: [Rate; 4] = [Rate::R16, Rate::R24, Rate::R32, Rate::R40];

    #[test]
    fn g726_32_nibble_orders() {
        let codes = [0x1, 0x2, 0x3, 0x4];
        let mut out = [0u8; 2];
        pack(&codes, Rate::R32, Packing::Rfc3551, &mut out).unwrap();
        assert_eq!(out, [0x21, 0x43]);
        pack(&codes, Rate::R32, Packing::Aal2, &mut out).unwrap();
        assert_eq!(out, [0x12, 0x34]);
    }

    #[test]
    fn g726_24_straddles_octets() {
        // Eight 3-bit codes 0..8 = 24 bits.
        let codes: [u8; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
        let mut out = [0u8; 3];
        pack(&codes, Rate::R24, Packing::Rfc3551, &mut out).unwrap();
        // LSB first: bits 000 001 010 011 100 101 110 111 from bit 0 up.
        let v = codes
            .iter()
            .enumerate()
            .fold(0u32, |a, (k, &c)| a | u32::from(c) << (3 * k));
        assert_eq!(out, [v as u8, (v >> 8) as u8, (v >> 16) as u8]);
        pack(&codes, Rate::R24, Packing::Aal2, &mut out).unwrap();
        let v = codes.iter().fold(0u32, |a, &c| a << 3 | u32::from(c));
        assert_eq!(out, [(v >> 16) as u8, (v >> 8) as u8, v as u8]);
    }

    #[test]
    fn short_output_is_an_error() {
        let mut out = [0u8; 1];
        assert_eq!(
            pack(&[1, 2, 3], Rate::R32, Packing::Rfc3551, &mut out),
            Err(Error::OutputTooSmall {
                needed: 2,
                available: 1
            })
        );
        assert!(unpack(&[0, 0], Rate::R24, Packing::Aal2, &mut [0u8; 4]).is_err());
    }

    proptest! {
        #[test]
        fn pack_unpack_round_trip(codes in proptest::collection::vec(any::<u8>(), 0..200), r in 0usize..4, p in 0usize..3) {
            let rate = RATES[r];
            let packing = [Packing::Rfc3551, Packing::Aal2, Packing::None][p];
            let mask = (1u8 << rate.bits()) - 1;
            let mut packed = [0u8; 200];
            let n = pack(&codes, rate, packing, &mut packed).unwrap();
            prop_assert_eq!(n, packed_len(codes.len(), rate, packing));
            let mut back = [0u8; 400];
            let m = unpack(&packed[..n], rate, packing, &mut back).unwrap();
            prop_assert!(m >= codes.len());
            for (a, b) in codes.iter().zip(&back) {
                prop_assert_eq!(a & mask, *b);
            }
            // Padding decodes as zero codes.
            prop_assert!(back[codes.len()..m].iter().all(|&c| c == 0));
        }
    }
}
