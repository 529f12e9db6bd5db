//! SMS-DELIVER decoding: Missive against the `sms-pdu` crate on the same mix
//! of 7-bit, extension-character, UCS-2 (with emoji) and concatenated
//! DELIVER PDUs. Both sides decode every field a receiver uses: the SMSC and
//! originator address, time stamp, the UDH (concatenation) and the text.

#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
#![allow(clippy::unwrap_used)] // fixed, valid inputs built below

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use missive_sms::{DeliverBuilder, EncodeOptions, Timestamp, Tpdu};

fn mix() -> (Vec<Vec<u8>>, Vec<String>) {
    let scts = Timestamp {
        year: 2024,
        month: 5,
        day: 17,
        hour: 9,
        minute: 41,
        second: 7,
        tz_quarters: 8,
    };
    let texts = [
        "Sie haben 2 neue Sprachnachrichten. Rufen Sie 3311 an.".to_owned(),
        "Balance: 12€ {bonus} [expires] ~ tomorrow | call ^ \\ support".to_owned(),
        "Привет! Новое голосовое сообщение 😀 от +4930123456".to_owned(),
        "You have a new voicemail from +4930123456, received at 09:41. Press 1 to listen, 2 to call back, \
         3 to delete, or visit https://example.net/vm to manage your mailbox and greetings online."
            .to_owned(),
        "短信测试 你好 😀🎉 voicemail 语音信箱 有一条新留言 ".repeat(3),
    ];
    let mut pdus = Vec::new();
    let mut expect = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        // The 7-bit concatenated message uses a 16-bit reference (IE 0x08): its
        // 7-octet UDH leaves 0 fill bits, which sms-pdu gets wrong.
        let opts = EncodeOptions {
            wide_reference: i == 3,
            ..EncodeOptions::default()
        };
        let plan = missive_sms::plan::plan(t, &opts).unwrap();
        let parts = DeliverBuilder::new("+4915112345678", t, scts)
            .smsc("+491710760000")
            .options(opts)
            .reference(i as u16 + 1000)
            .build()
            .unwrap();
        for (p, range) in parts.into_iter().zip(plan.parts) {
            expect.push(t[range].to_owned());
            pdus.push(p.bytes);
        }
    }
    (pdus, expect)
}

fn ours(pdus: &[Vec<u8>]) -> usize {
    let mut n = 0;
    let mut text = String::with_capacity(200);
    for p in pdus {
        let pdu = missive_sms::decode(p).unwrap();
        let Tpdu::Deliver(d) = &pdu.tpdu else {
            unreachable!()
        };
        let smsc = pdu.smsc.as_ref().map(ToString::to_string);
        let from = d.originator.to_string();
        let concat = d.user_data.udh.and_then(|u| u.concat());
        text.clear();
        d.user_data.write_text(&mut text).unwrap();
        n += black_box(&smsc).as_ref().map_or(0, String::len)
            + black_box(&from).len()
            + usize::from(black_box(concat).is_some())
            + black_box(d.scts).second as usize
            + black_box(&text).len();
    }
    n
}

fn peer(pdus: &[Vec<u8>]) -> usize {
    let mut n = 0;
    for p in pdus {
        let d = sms_pdu::pdu::DeliverPdu::try_from(&p[..]).unwrap();
        let msg = d.get_message_data().decode_message().unwrap();
        let smsc = d.sca.as_ref().map(ToString::to_string);
        let from = d.originating_address.to_string();
        n += black_box(&smsc).as_ref().map_or(0, String::len)
            + black_box(&from).len()
            + usize::from(black_box(&msg.udh).is_some())
            + black_box(&d.scts).second as usize
            + black_box(&msg.text).len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let (pdus, expect) = mix();
    // Correctness first: ours must equal the builder's input; report where the peer differs.
    let texts_ok = pdus
        .iter()
        .zip(&expect)
        .filter(|(p, e)| {
            let pdu = missive_sms::decode(p).unwrap();
            &pdu.tpdu.user_data().unwrap().text().unwrap() == *e
        })
        .count();
    assert_eq!(texts_ok, pdus.len());
    for (p, e) in pdus.iter().zip(&expect) {
        let d = sms_pdu::pdu::DeliverPdu::try_from(&p[..]).unwrap();
        let theirs = d.get_message_data().decode_message().unwrap().text;
        if &theirs != e {
            eprintln!("sms-pdu differs: {theirs:?} (expected {e:?})");
        }
    }
    missive_benches::side_by_side(
        c,
        "sms/decode-deliver-mix",
        pdus.len() as u64,
        || ours(&pdus),
        &[("sms-pdu", &|| peer(&pdus))],
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
