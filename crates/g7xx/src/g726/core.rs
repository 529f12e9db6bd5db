//! The G.726 algorithm, block by block (clauses 4.2.1-4.2.8 of the
//! recommendation). Every quantity keeps the word length and the
//! representation the recommendation gives it (two's complement, signed
//! magnitude or the 11-bit floating format of the predictor), held in `i32`
//! and reduced with the same masks, so results are bit-exact with the ITU
//! test sequences by construction rather than by luck.

use super::tables::RateTables;

/// Codec state (the delay elements of the recommendation). Reset values per
/// clause 4.2 (reset of the "known state").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    /// Predictor coefficients b1..b6 then a1, a2 (16-bit two's complement,
    /// held sign-extended), lane for lane with `sig`.
    coef: [i32; 8],
    /// The signals they weigh, in the 11-bit floating format: quantized
    /// difference dq delayed 1..6, then reconstructed signal sr delayed 1, 2.
    sig: [i32; 8],
    /// Short-term average of F(I) (12 bits).
    dms: i32,
    /// Long-term average of F(I) (14 bits).
    dml: i32,
    /// Unlimited speed control parameter (10 bits).
    ap: i32,
    /// Fast quantizer scale factor (13 bits).
    yu: i32,
    /// Slow quantizer scale factor (19 bits).
    yl: i32,
    /// Tone detector.
    td: i32,
    /// Sign of dq + sez, delays 1 and 2.
    pk: [i32; 2],
}

impl Default for State {
    fn default() -> Self {
        Self {
            coef: [0; 8],
            sig: [32; 8],
            dms: 0,
            dml: 0,
            ap: 0,
            yu: 544,
            yl: 34816,
            td: 0,
            pk: [0; 2],
        }
    }
}

/// Per-sample values shared by encoder and decoder before quantisation.
#[derive(Clone, Copy)]
pub(crate) struct Estimate {
    /// Signal estimate (15-bit two's complement).
    pub se: i32,
    /// Partial signal estimate from the sixth-order part.
    pub sez: i32,
    /// Quantizer scale factor (13 bits).
    pub y: i32,
}

/// Floating-point multiply of a predictor coefficient (16-bit two's
/// complement, sign-extended) by a signal held in the 11-bit floating
/// format (FMULT), branch-free. Same result as the block of the
/// recommendation: the magnitude shift `(m << 7) >> (26 - e)` (or
/// `<< (e - 26)`, masked to 15 bits) is one 64-bit shift
/// `(m << (e + 7)) >> 26`. Returns a 16-bit two's complement pattern.
#[inline]
fn fmult(a: i32, srn: i32) -> i32 {
    let s = a >> 31;
    let anmag = (((a >> 2) ^ s) - s) & 8191;
    let em = i32::from(COEF_FLOAT[anmag as usize]);
    let wanexp = ((srn >> 6) & 15) + (em >> 8);
    let wanmant = ((srn & 63) * (em & 255) + 48) >> 4;
    let wanmag = ((((wanmant as u64) << (wanexp + 7)) >> 26) as i32) & 32767;
    let neg = -((srn >> 10) ^ (s & 1));
    ((wanmag ^ neg) - neg) & 65535
}

/// Exponent (bit length, high byte) and 6-bit mantissa (low byte) of every
/// 13-bit coefficient magnitude, as FMULT computes them (mantissa 32 for 0).
static COEF_FLOAT: [u16; 8192] = {
    let mut t = [0u16; 8192];
    let mut m = 0;
    while m < 8192 {
        let exp = 32 - (m as u32).leading_zeros();
        let mant = if m == 0 { 32 } else { (m << 6) >> exp };
        t[m] = ((exp << 8) | mant as u32) as u16;
        m += 1;
    }
    t
};

/// The eight products of the predictor, lane for lane.
#[inline]
fn fmult8(coef: &[i32; 8], sig: &[i32; 8]) -> [i32; 8] {
    let mut out = [0i32; 8];
    for k in 0..8 {
        out[k] = fmult(coef[k], sig[k]);
    }
    out
}

/// Converts a magnitude (< 32768) and sign to the 11-bit floating format.
#[inline]
fn to_float(sign: i32, mag: i32) -> i32 {
    let exp = 32 - (mag as u32).leading_zeros() as i32;
    let mant = if mag == 0 { 32 } else { (mag << 6) >> exp };
    (sign << 10) + (exp << 6) + mant
}

/// LOG: 16-bit two's complement difference to (dl, ds).
#[inline]
pub(crate) fn log(d: i32) -> (i32, i32) {
    let ds = (d >> 15) & 1;
    let dqm = if ds == 0 { d } else { (65536 - d) & 32767 };
    let exp = (dqm as u32 | 1).ilog2() as i32;
    let mant = ((dqm << 7) >> exp) & 127;
    ((exp << 7) + mant, ds)
}

/// SUBTA: 14-bit two's complement sample minus 15-bit signal estimate.
#[inline]
pub(crate) fn subta(sl: i32, se: i32) -> i32 {
    let sli = if sl >> 13 == 0 { sl } else { sl + 49152 };
    let sei = if se >> 14 == 0 { se } else { se + 32768 };
    (sli + 65536 - sei) & 65535
}

impl State {
    /// Prediction and scale factor for the coming sample.
    #[inline]
    pub(crate) fn estimate(&self) -> Estimate {
        // Sums modulo 2^16, as the recommendation's 16-bit adders.
        let w = fmult8(&self.coef, &self.sig);
        let sezi = (w[0] + w[1] + w[2] + w[3] + w[4] + w[5]) & 65535;
        let sei = (sezi + w[6] + w[7]) & 65535;
        // MIX: y = yl + (yu - yl) * al, with al the limited speed control.
        let al = if self.ap >= 256 { 64 } else { self.ap >> 2 };
        // The 14-bit signed-magnitude product of the recommendation rounds
        // toward zero.
        let yl6 = self.yl >> 6;
        let dif = self.yu - yl6;
        let prodm = (dif.abs() * al) >> 6;
        let prod = if dif < 0 { -prodm } else { prodm };
        Estimate {
            se: sei >> 1,
            sez: sezi >> 1,
            y: (yl6 + prod) & 8191,
        }
    }

    /// Everything after the code `i` is known: inverse quantizer, scale
    /// factor and speed control adaptation, predictor update, tone and
    /// transition detection. Returns the reconstructed signal `sr`
    /// (16-bit two's complement, as an unsigned 16-bit pattern).
    #[inline]
    pub(crate) fn update(&mut self, t: &RateTables, i: usize, e: Estimate) -> i32 {
        let i = i & 31;
        // RECONST, ADDA, ANTILOG.
        let dqs = (i >> (t.bits - 1)) as i32;
        let dql = (i32::from(t.dqln[i]) + (e.y >> 2)) & 4095;
        let dqmag = if dql >> 11 != 0 {
            0
        } else {
            let dex = (dql >> 7) & 15;
            (((dql & 127) + 128) << 7) >> (14 - dex)
        };
        // TRANS (uses the old yl and td).
        let ylint = self.yl >> 15;
        let ylfrac = (self.yl >> 10) & 31;
        let thr2 = if ylint > 9 {
            31744
        } else {
            (ylfrac + 32) << ylint
        };
        let dqthr = (thr2 + (thr2 >> 1)) >> 1;
        let tr = dqmag > dqthr && self.td == 1;

        // FUNCTF, FILTA, FILTB, FUNCTW, FILTD, LIMB: the recommendation's
        // fixed-width two's complement differences, sign-extended shifts
        // and wrap-around adds are, on these ranges, plain signed
        // arithmetic with arithmetic shifts (the tests hold this to the ITU
        // sequences bit for bit).
        let fi = i32::from(t.fi[i]);
        let dmsp = (self.dms + (((fi << 9) - self.dms) >> 5)) & 4095;
        let dmlp = (self.dml + (((fi << 11) - self.dml) >> 7)) & 16383;
        let wi = (i32::from(t.wi[i]) << 20) >> 20;
        let yut = (e.y + (((wi << 5) - e.y) >> 5)) & 8191;
        let yup = yut.clamp(544, 5120);
        let dif = (yup + ((1_048_576 - self.yl) >> 6)) & 16383;
        let difsx = if dif >> 13 == 0 { dif } else { dif + 507_904 };
        let ylp = (self.yl + difsx) & 524_287;

        // ADDC: sign of dq + sez.
        let dqi = if dqs == 0 {
            dqmag
        } else {
            (65536 - dqmag) & 65535
        };
        let sezi = if e.sez >> 14 == 0 {
            e.sez
        } else {
            e.sez + 32768
        };
        let dqsez = (dqi + sezi) & 65535;
        let pk0 = dqsez >> 15;
        let sigpk = dqsez == 0;
        // ADDB: reconstructed signal.
        let sei = if e.se >> 14 == 0 { e.se } else { e.se + 32768 };
        let sr = (dqi + sei) & 65535;
        let srs = sr >> 15;
        let srmag = if srs == 0 { sr } else { (65536 - sr) & 32767 };
        let sr0 = to_float(srs, srmag);
        let dq0 = to_float(dqs, dqmag);

        // UPA2, LIMC, UPA1, LIMD in signed arithmetic (coefficients are
        // held sign-extended).
        let [a1, a2] = [self.coef[6], self.coef[7]];
        let [pk1, pk2] = self.pk;
        let uga2 = if sigpk {
            0
        } else {
            let uga2a = if pk0 == pk2 { 16384 } else { -16384 };
            let fa1 = a1.clamp(-8191, 8191) << 2;
            let fa = if pk0 == pk1 { -fa1 } else { fa1 };
            (uga2a + fa) >> 7
        };
        let a2p = (a2 + uga2 - (a2 >> 7)).clamp(-12288, 12288);
        let uga1 = if sigpk {
            0
        } else if pk0 == pk1 {
            192
        } else {
            -192
        };
        let a1p = (a1 + uga1 - (a1 >> 8)).clamp(a2p - 15360, 15360 - a2p);
        // TONE, SUBTC, FILTC, TRIGA.
        let tdp = i32::from(a2p < -11776);
        let difm = ((dmsp << 2) - dmlp).abs();
        let ax = i32::from(!(e.y >= 1536 && difm < (dmlp >> 3) && tdp == 0));
        let app = (self.ap + (((ax << 9) - self.ap) >> 4)) & 1023;

        // UPB and XOR for the six b coefficients, in signed 16-bit
        // arithmetic: b += gain - b/256 (b/512 at 40 kbit/s), where the gain
        // is 0 when dq is zero and ±1/128 by the sign agreement of dq with
        // the delayed dq. Equal to the recommendation's unsigned blocks
        // modulo 2^16, branch-free.
        let leak = if t.bits == 5 { 9 } else { 8 };
        let gain_on = -i32::from(dqmag != 0);
        let mut b = [0i32; 6];
        for ((bk, &old), &dqk) in b.iter_mut().zip(&self.coef).zip(&self.sig) {
            *bk = old;
            let u = dqs ^ (dqk >> 10);
            let ugb = (128 - (u << 8)) & gain_on;
            *bk = i32::from((*bk + ugb - (*bk >> leak)) as i16);
        }

        // Commit the new state (TRIGA/TRIGB force a partial reset on a
        // transition).
        self.dms = dmsp;
        self.dml = dmlp;
        self.yu = yup;
        self.yl = ylp;
        self.pk = [pk0, pk1];
        let g = self.sig;
        self.sig = [dq0, g[0], g[1], g[2], g[3], g[4], sr0, g[6]];
        if tr {
            self.coef = [0; 8];
            self.td = 0;
            self.ap = 256;
        } else {
            self.coef = [b[0], b[1], b[2], b[3], b[4], b[5], a1p, a2p];
            self.td = tdp;
            self.ap = app;
        }
        sr
    }
}

/// QUAN: the code for a log-domain difference.
#[inline]
pub(crate) fn quan(t: &RateTables, dln: i32, ds: i32) -> usize {
    let n = (1usize << t.bits) - 1;
    let mag = usize::from(t.quan[(dln & 4095) as usize]);
    let i = if ds != 0 { n - mag } else { mag };
    if i == 0 && t.bits != 2 {
        n
    } else {
        i
    }
}

/// G.711 EXPAND of the G.726 recommendation: A-law (`alaw` true, code
/// already with even bits inverted back, i.e. wire ^ 0x55) or µ-law code to
/// 14-bit two's complement (as a 14-bit pattern).
#[inline]
pub(crate) fn expand(s: i32, alaw: bool) -> i32 {
    let mut s1 = (s ^ 128) & 255;
    let (ss, sign_bit) = if alaw {
        let sig = if s1 >= 128 {
            s1 -= 128;
            4096
        } else {
            0
        };
        let iexp = s1 >> 4;
        let mant = s1 & 15;
        let ss = if iexp == 0 {
            (mant << 1) + 1 + sig
        } else {
            (1 << (iexp - 1)) * ((mant << 1) + 33) + sig
        };
        // 13-bit signed magnitude to 14-bit.
        (((ss & 4095) << 1), ss >> 12)
    } else {
        let sig = if s1 >= 128 {
            s1 -= 128;
            8192
        } else {
            0
        };
        s1 ^= 127;
        let iexp = s1 >> 4;
        let mant = s1 & 15;
        let ss = if iexp == 0 {
            (mant << 1) + sig
        } else {
            (1 << iexp) * ((mant << 1) + 33) - 33 + sig
        };
        (ss & 8191, ss >> 13)
    };
    if sign_bit == 0 {
        ss
    } else {
        (16384 - ss) & 16383
    }
}

/// G.711 COMPRESS of the recommendation (decoder output): 16-bit two's
/// complement `sr` to an A-law (even bits not yet inverted) or µ-law code.
#[inline]
pub(crate) fn compress(sr: i32, alaw: bool) -> i32 {
    let is = (sr >> 15) & 1;
    let mut im = if is == 0 { sr } else { (65536 - sr) & 32767 };
    if alaw {
        // -32768 (whose magnitude does not fit) maps to a small magnitude,
        // as in the ITU reference implementation.
        if sr == 32768 {
            im = 2;
        }
        let mut imag = if is == 0 {
            im >> 1
        } else {
            ((im + 1) >> 1) - 1
        };
        if imag > 4095 {
            imag = 4095;
        }
        let mut iesp = 7;
        for k in 1..=7 {
            imag += imag;
            if imag >= 4096 {
                break;
            }
            iesp = 7 - k;
        }
        imag &= 4095;
        imag >>= 8;
        let sp = imag + (iesp << 4) + (is << 7);
        sp ^ 128
    } else {
        let mut imag = im.min(8158) + 1;
        let mut iesp = 0;
        let mut ofst = 31;
        if imag > ofst {
            let mut ofst1 = ofst;
            iesp = 1;
            while iesp <= 8 {
                ofst1 = ofst;
                ofst += 1 << (iesp + 5);
                if imag <= ofst {
                    break;
                }
                iesp += 1;
            }
            imag -= ofst1 + 1;
        }
        imag /= 1 << (iesp + 1);
        let sp = imag + (iesp << 4) + (is << 7);
        (sp ^ 128) ^ 127
    }
}

/// SYNC: the synchronous coding adjustment of the G.711 output code `sp`
/// (clause 4.2.8), so that tandem ADPCM-PCM-ADPCM codings do not drift.
#[inline]
pub(crate) fn sync(t: &RateTables, i: usize, sp: i32, dlnx: i32, dsx: i32, alaw: bool) -> i32 {
    let half = 1i32 << (t.bits - 1);
    let n = (1i32 << t.bits) - 1;
    let i = i as i32;
    let im = if i >> (t.bits - 1) == 0 {
        i + half
    } else {
        i & (half - 1)
    };
    let mut id = i32::from(t.sync[(dlnx & 4095) as usize]);
    if dsx != 0 {
        id = n - id;
    }
    if t.bits != 2 && id == half {
        id = half - 1;
    }
    let mut ss = (sp & 128) >> 7;
    let mut mask = sp & 127;
    if alaw {
        if id > im {
            if ss == 1 && mask == 0 {
                ss = 0;
            } else if ss == 1 {
                mask -= 1;
            } else if mask != 127 {
                mask += 1;
            }
        } else if id < im {
            if ss == 1 && mask != 127 {
                mask += 1;
            } else if ss == 0 && mask == 0 {
                ss = 1;
            } else if ss == 0 {
                mask -= 1;
            }
        }
    } else if id > im {
        if ss == 1 && mask == 127 {
            ss = 0;
            mask -= 1;
        } else if ss == 1 {
            mask += 1;
        } else if mask != 0 {
            mask -= 1;
        }
    } else if id < im {
        if ss == 1 && mask != 0 {
            mask -= 1;
        } else if ss == 0 && mask == 127 {
            ss = 1;
        } else if ss == 0 {
            mask += 1;
        }
    }
    mask + (ss << 7)
}
