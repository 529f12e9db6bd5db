//! Every TPDU type and field family, on PDUs assembled octet by octet here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use missive_sms::dcs::{Indication, PidKind};
use missive_sms::gsm7::{self, Language};
use missive_sms::{
    decode, decode_with, hex, DecodeOptions, DeliverBuilder, Direction, Error, SmscPrefix,
    Timestamp, Tpdu, TypeOfNumber, Validity,
};

const OA: &str = "0D91945111325476F8"; // +4915112345678
const SCTS: &str = "42502190146080"; // 2024-05-12 09:41:06 +02:00

fn packed(text: &str, fill: u8) -> Vec<u8> {
    let s = gsm7::encode_str(text, Language::Default, Language::Default).unwrap();
    let mut v = Vec::new();
    gsm7::pack(&s, fill, &mut v);
    v
}

fn bare(h: &str, direction: Direction) -> Result<Tpdu<'static>, Error> {
    let b: &'static [u8] = Box::leak(hex::decode(h).unwrap().into_boxed_slice());
    decode_with(
        b,
        DecodeOptions {
            smsc: SmscPrefix::Absent,
            direction,
            lenient: false,
        },
    )
    .map(|p| p.tpdu)
}

#[test]
fn voicemail_waiting_indication() {
    // UDH: special SMS message indication, store, voice mail, 3 waiting.
    let udh = [0x04, 0x01, 0x02, 0x80, 0x03];
    let header_septets = (udh.len() * 8).div_ceil(7); // 6 → 2 fill bits
    let text = "3 new voicemails";
    let mut b = hex::decode(&format!("0040{OA}00C8{SCTS}")).unwrap();
    b.push((header_septets + text.len()) as u8);
    b.extend(udh);
    b.extend(packed(text, 2));
    let p = decode(&b).unwrap();
    assert!(p.had_smsc_prefix && p.smsc.is_none());
    let Tpdu::Deliver(d) = &p.tpdu else { panic!() };
    assert_eq!(d.scts.to_string(), "2024-05-12T09:41:06+02:00");
    assert_eq!(
        d.user_data.dcs.message_waiting(),
        Some((true, Indication::VoiceMail, false))
    );
    let ind: Vec<_> = d.user_data.udh.unwrap().special_indications().collect();
    assert_eq!(ind.len(), 1);
    assert_eq!(
        (ind[0].kind, ind[0].count, ind[0].store),
        (Indication::VoiceMail, 3, true)
    );
    assert_eq!(d.user_data.text().unwrap(), text);
}

#[test]
fn alphanumeric_sender_and_ports() {
    let scts = Timestamp {
        year: 2031,
        month: 12,
        day: 31,
        hour: 23,
        minute: 59,
        second: 59,
        tz_quarters: -22,
    };
    let parts = DeliverBuilder::new("Missive-VM", "hi", scts)
        .alphanumeric(true)
        .build()
        .unwrap();
    let p = decode(&parts[0].bytes).unwrap();
    let Tpdu::Deliver(d) = &p.tpdu else { panic!() };
    assert_eq!(d.originator.to_string(), "Missive-VM");
    assert_eq!(d.originator.ton(), TypeOfNumber::Alphanumeric);
    assert_eq!(d.scts.to_string(), "2031-12-31T23:59:59-05:30");
    // 16-bit application ports (IE 0x05) on an 8-bit message (DCS 0x04, class-less).
    let mut b = hex::decode(&format!("0040{OA}0004{SCTS}")).unwrap();
    b.extend([9, 6, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0xCA, 0xFE]);
    let p = decode(&b).unwrap();
    let ud = p.tpdu.user_data().unwrap();
    let ports = ud.udh.unwrap().ports().unwrap();
    assert_eq!(
        (ports.destination, ports.originator, ports.wide),
        (2948, 9200, true)
    );
    assert_eq!(ud.body, &[0xCA, 0xFE]);
    assert_eq!(ud.alphabet().name(), "8bit");
}

#[test]
fn submit_validity_formats() {
    let hi = hex::encode(&packed("hi", 0));
    // Relative: 0xAA = 4 days.
    let Tpdu::Submit(s) = bare(
        &format!("110004812143 0000AA02{hi}").replace(' ', ""),
        Direction::Stored,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.validity, Some(Validity::Relative(0xAA)));
    assert_eq!(s.validity.unwrap().seconds(), Some(4 * 86400));
    // Enhanced: single shot, format 2 (seconds) = 60 s.
    let Tpdu::Submit(s) = bare(
        &format!("09000481214300004 23C000000000002{hi}").replace(' ', ""),
        Direction::Stored,
    )
    .unwrap() else {
        panic!()
    };
    let v = s.validity.unwrap();
    assert!(v.single_shot());
    assert_eq!(v.seconds(), Some(60));
    // Enhanced: format 3 (semi-octets hh mm ss) = 01:30:15.
    let Tpdu::Submit(s) = bare(
        &format!("090004812143000003100351000000 02{hi}").replace(' ', ""),
        Direction::Stored,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.validity.unwrap().seconds(), Some(3600 + 30 * 60 + 15));
    // Absolute.
    let Tpdu::Submit(s) =
        bare(&format!("1900048121430000{SCTS}02{hi}"), Direction::Stored).unwrap()
    else {
        panic!()
    };
    let Some(Validity::Absolute(t)) = s.validity else {
        panic!()
    };
    assert_eq!(t.to_string(), "2024-05-12T09:41:06+02:00");
    assert_eq!(s.user_data.text().unwrap(), "hi");
    // Reserved enhanced format is an error in strict mode (octet 7 = TP-VP).
    let e = bare(
        &format!("090004812143000007000000000000 02{hi}").replace(' ', ""),
        Direction::Stored,
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::Invalid {
            offset: 8,
            field: "TP-VP (enhanced format)"
        }
    );
}

#[test]
fn reports_and_command() {
    // SUBMIT-REPORT for RP-ACK, and for RP-ERROR with TP-FCS 0xC5.
    let Tpdu::SubmitReport(r) = bare(&format!("0100{SCTS}"), Direction::ToMobile).unwrap() else {
        panic!()
    };
    assert_eq!((r.failure_cause, r.parameter_indicator), (None, 0));
    assert_eq!(r.scts.unwrap().to_string(), "2024-05-12T09:41:06+02:00");
    let Tpdu::SubmitReport(r) = bare(&format!("01C500{SCTS}"), Direction::ToMobile).unwrap() else {
        panic!()
    };
    assert_eq!(r.failure_cause, Some(0xC5));
    // DELIVER-REPORT with "memory capacity exceeded" and a PID.
    let Tpdu::DeliverReport(r) = bare("00D3017F", Direction::FromMobile).unwrap() else {
        panic!()
    };
    assert_eq!(r.failure_cause, Some(0xD3));
    assert_eq!(r.pid.unwrap().kind(), PidKind::SimDataDownload);
    // COMMAND: delete message 42 sent to +4915112345678.
    let Tpdu::Command(c) = bare(&format!("220500022A{OA}00"), Direction::FromMobile).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (c.message_ref, c.command_type, c.message_number),
        (5, 2, 42)
    );
    assert_eq!(c.destination.to_string(), "+4915112345678");
    assert!(c.data.is_empty());
    // STATUS-REPORT with TP-PI announcing PID, DCS and UD.
    let sr = format!(
        "0607{OA}{SCTS}{SCTS}00070000 02{}",
        hex::encode(&packed("ok", 0))
    )
    .replace(' ', "");
    let Tpdu::StatusReport(s) = bare(&sr, Direction::ToMobile).unwrap() else {
        panic!()
    };
    assert_eq!((s.message_ref, s.status), (7, 0));
    assert_eq!(s.pid.unwrap().0, 0);
    assert_eq!(s.user_data.unwrap().text().unwrap(), "ok");
    // TP-MTI 3 is reserved: read as SMS-DELIVER (TS 23.040 9.2.3.1).
    assert!(matches!(
        bare(&format!("03{OA}0000{SCTS}00"), Direction::Stored).unwrap(),
        Tpdu::Deliver(_)
    ));
}

#[test]
fn strict_errors_carry_offsets_and_lenient_recovers() {
    let full =
        hex::decode("07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07")
            .unwrap();
    let opts = DecodeOptions {
        smsc: SmscPrefix::Present,
        ..DecodeOptions::default()
    };
    assert_eq!(
        decode_with(&full[..20], opts).unwrap_err(),
        Error::Truncated {
            offset: 19,
            field: "TP-SCTS"
        }
    );
    assert_eq!(
        decode_with(&full[..30], opts).unwrap_err(),
        Error::Truncated {
            offset: 27,
            field: "TP-UD"
        }
    );
    let mut long = full.clone();
    long.extend([0x12, 0x34]);
    assert_eq!(
        decode_with(&long, opts).unwrap_err(),
        Error::Trailing {
            offset: 38,
            count: 2
        }
    );
    long.truncate(full.len());
    long.extend([0xFF; 20]); // SIM record padding is not an error
    assert!(decode_with(&long, opts).is_ok());
    // Month 13 in the time stamp: strict error at the SCTS, lenient clamps.
    let mut bad = full.clone();
    bad[20] = 0x31;
    assert_eq!(
        decode_with(&bad, opts).unwrap_err(),
        Error::Invalid {
            offset: 19,
            field: "TP-SCTS"
        }
    );
    let lenient = DecodeOptions {
        lenient: true,
        ..opts
    };
    let p = decode_with(&full[..30], lenient).unwrap();
    assert_eq!(p.tpdu.user_data().unwrap().text().unwrap(), "How");
    let p = decode_with(&bad, lenient).unwrap();
    let Tpdu::Deliver(d) = p.tpdu else { panic!() };
    assert_eq!(d.scts.month, 12);
    // Compressed text is reported, not garbled; its TP-UDL counts octets.
    let mut c = full.clone();
    c[18] = 0x20;
    assert_eq!(
        decode_with(&c, opts).unwrap_err(),
        Error::Truncated {
            offset: 27,
            field: "TP-UD"
        }
    );
    c[26] = 11;
    let p = decode_with(&c, opts).unwrap();
    assert_eq!(
        p.tpdu.user_data().unwrap().text().unwrap_err(),
        Error::Compressed
    );
}

#[test]
fn smsc_prefix_detection() {
    let with = hex::decode("07914346466554F601000B914316565811F9000004E8373B0C").unwrap();
    let bare = hex::decode("01000B914316565811F9000004E8373B0C").unwrap();
    for lenient in [false, true] {
        let o = DecodeOptions {
            lenient,
            ..DecodeOptions::default()
        };
        let p = decode_with(&with, o).unwrap();
        assert_eq!(p.smsc.unwrap().to_string(), "+34646456456");
        let q = decode_with(&bare, o).unwrap();
        assert!(!q.had_smsc_prefix);
        assert_eq!(q.tpdu.user_data().unwrap().text().unwrap(), "hola");
    }
}

#[test]
fn builder_voicemail_indication_and_ports() {
    use missive_sms::{AlphabetChoice, EncodeOptions, SubmitBuilder};
    let text = "You have 2 new voice messages. ".repeat(6); // 186 septets
    let b = SubmitBuilder::new("+4915112345678", &text)
        .special_indication(Indication::VoiceMail, 2, false)
        .options(EncodeOptions {
            alphabet: AlphabetChoice::Gsm7,
            ..EncodeOptions::default()
        })
        .ports(2948, 9200)
        .reference(77);
    let plan = b.plan().unwrap();
    // UDH: 1 + concat 5 + indication 4 + ports 6 = 16 octets → 141 septets a part.
    assert_eq!(plan.udh_len(), 16);
    assert_eq!(
        missive_sms::plan::capacity(missive_sms::Alphabet::Gsm7, 16),
        141
    );
    let parts = b.build().unwrap();
    assert_eq!(parts.len(), 2);
    let mut joined = String::new();
    for p in &parts {
        let d = decode(&p.bytes).unwrap();
        let ud = d.tpdu.user_data().unwrap();
        let udh = ud.udh.unwrap();
        let ind: Vec<_> = udh.special_indications().collect();
        assert_eq!(
            (ind[0].kind, ind[0].count, ind[0].store),
            (Indication::VoiceMail, 2, false)
        );
        assert_eq!(udh.ports().unwrap().destination, 2948);
        assert_eq!(udh.concat().unwrap().reference, 77);
        joined.push_str(&ud.text().unwrap());
    }
    assert_eq!(joined, text);
}

#[test]
fn binary_submit_with_ports() {
    use missive_sms::SubmitBuilder;
    let data: Vec<u8> = (0..=255u8).cycle().take(300).collect();
    let parts = SubmitBuilder::binary("+4915112345678", &data)
        .ports(2948, 9200)
        .reference(5)
        .build()
        .unwrap();
    // UDH 1 + concat 5 + ports 6 = 12 octets: 128 data octets a part.
    assert_eq!(parts.len(), 3);
    let mut back = Vec::new();
    for p in &parts {
        let d = decode(&p.bytes).unwrap();
        let ud = d.tpdu.user_data().unwrap();
        assert_eq!(ud.alphabet().name(), "8bit");
        assert_eq!(ud.udh.unwrap().ports().unwrap().originator, 9200);
        back.extend_from_slice(ud.body);
    }
    assert_eq!(back, data);
}
