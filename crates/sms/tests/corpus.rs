//! The shared SMS corpus: 271 real PDUs from public test suites, and the
//! gsmmodem oracle's decoded text for each (`corpus_oracle.tsv`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use missive_sms::{decode, decode_with, hex, DecodeOptions, Tpdu};

/// PDUs where the oracle is wrong, with the clause that decides.
const ORACLE_WRONG: &[(&str, &str)] = &[
    (
        "07919761989901F031000B919761084218F200F9FF12042204350441044200200054006500730074",
        "TS 23.040 9.2.3.16: TP-UDL is 18 septets; the oracle decodes all 18 octets (20 septets) and appends '£ '",
    ),
    (
        "07918406010013F0310000810000FF21B19A8E1603C9642F18EE05C38140201008049AEBC7FAF29C9DBEE75D20",
        "TS 23.040 9.1.2.5: a TP-DA with Address-Length 0 has no address-value octets; the oracle misplaces every later field and decodes noise",
    ),
    (
        "07914336120011F10404A14949000021807001253040356C76B81D268741F0B29C9C268741E4B20EB49AD16CB19BAD368BD96EA0B71B04BBBD603810284C078162315D2CE70289EBFAE1AC0CB2BFF52C10FC2D0799C3F6B71CC46687DB6550980D8AC962",
        "TS 23.040 9.2.3.16: TP-UDL is 53 septets; the oracle decodes the 30 octets after the TP-UD as text (' buzC3e')",
    ),
    (
        "07912374151616F6440B911174164210F000F571309290346280860605040B8423F04F06226170706C69636174696F6E2F766E642E7761702E6D6D732D6D65737361676500AF848C82983831343630343934406D6D7331008D928918802B33333333333439333231312F545950453D504C4D4E0096008F8186818A808E03017A598805810303F48083687474703A2F2F6D74732F3F69643D383134363034393400",
        "TS 23.038 clause 4, coding group 1111: DCS 0xF5 has bit 2 set = 8-bit data (a WAP push); the oracle unpacks it as 7-bit",
    ),
    (
        "0041000B817777777777F700005D060504157800004DE1135B851283D4E2AFDD8BD576F3B2DC5E96F7DC617A788E2EBBD761173C2CA7E777F0B79CDECBE5663BF8BDC74E57CDCFBCF5B97387DBE59E1BE00ED3C37374D9BD0EBBE06139",
        "TS 23.040 9.2.3.24: a 7-octet UDH (UDHL 6) ends on a septet boundary, so there are 0 fill bits and the text starts with 'M'; the oracle drops that septet",
    ),
];

/// PDUs that break TS 23.040 and that strict decoding rejects (with the
/// clause); lenient decoding must still agree with the oracle on them.
const MALFORMED: &[(&str, &str)] = &[
    (
        "0041010C910661345542F60008A0050003000301306F3044",
        "TS 23.040 9.2.3.16: TP-UDL 160 exceeds the 140-octet maximum for UCS-2, and only 10 octets follow",
    ),
    (
        "07919761989901F031000B919761084218F200F9FF12042204350441044200200054006500730074",
        "TS 23.040 9.2.3.16: TP-UDL 18 septets fill 16 octets, 18 follow (a UCS-2 body sent with 7-bit DCS 0xF9)",
    ),
    (
        "07914336120011F10404A14949000021807001253040356C76B81D268741F0B29C9C268741E4B20EB49AD16CB19BAD368BD96EA0B71B04BBBD603810284C078162315D2CE70289EBFAE1AC0CB2BFF52C10FC2D0799C3F6B71CC46687DB6550980D8AC962",
        "TS 23.040 9.2.3.16: 30 octets follow the 47-octet TP-UD of 53 septets",
    ),
    (
        "0041000B817777777777F700005D060504157800004DE1135B851283D4E2AFDD8BD576F3B2DC5E96F7DC617A788E2EBBD761173C2CA7E777F0B79CDECBE5663BF8BDC74E57CDCFBCF5B97387DBE59E1BE00ED3C37374D9BD0EBBE06139",
        "TS 23.040 9.2.3.16: TP-UDL announces 93 septets (82 octets), the PDU ends after 80",
    ),
];

type Item = (String, String, Option<String>, bool);

fn load() -> Option<Vec<Item>> {
    let dir = missive_testkit::shared_conformance("sms")?;
    let corpus: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("corpus.json")).unwrap()).unwrap();
    let tsv = std::fs::read_to_string(dir.join("corpus_oracle.tsv")).unwrap();
    let oracle: Vec<_> = tsv.lines().collect();
    let items = corpus.as_array().unwrap();
    assert_eq!(items.len(), 271);
    assert_eq!(oracle.len(), items.len());
    let mut out = Vec::new();
    for (item, line) in items.iter().zip(oracle) {
        let mut cols = line.splitn(3, '\t');
        let ty = cols.next().unwrap();
        let pdu = cols.next().unwrap();
        assert_eq!(pdu, item["pdu"].as_str().unwrap());
        assert_eq!(ty, item["type"].as_str().unwrap());
        let text: Option<String> = serde_json::from_str(cols.next().unwrap()).unwrap();
        let concat = item["concat"].as_bool().unwrap();
        out.push((ty.to_owned(), pdu.to_owned(), text, concat));
    }
    Some(out)
}

#[test]
fn corpus_agrees_with_oracle() {
    let Some(items) = load() else { return };
    let mut agree = 0;
    let mut malformed = 0;
    let mut failures = Vec::new();
    for (ty, pdu_hex, text, concat) in &items {
        let bytes = hex::decode(pdu_hex).unwrap();
        let pdu = match decode(&bytes) {
            Ok(p) => {
                if let Some((_, why)) = MALFORMED.iter().find(|(p, _)| p == pdu_hex) {
                    failures.push(format!(
                        "{pdu_hex}: listed as malformed ({why}) but strict decode accepts it"
                    ));
                }
                p
            }
            Err(e) => {
                if !MALFORMED.iter().any(|(p, _)| p == pdu_hex) {
                    failures.push(format!("{pdu_hex}: strict decode error {e}"));
                }
                let lenient = DecodeOptions {
                    lenient: true,
                    ..DecodeOptions::default()
                };
                match decode_with(&bytes, lenient) {
                    Ok(p) => {
                        malformed += 1;
                        p
                    }
                    Err(e) => {
                        failures.push(format!("{pdu_hex}: lenient decode error {e}"));
                        continue;
                    }
                }
            }
        };
        if pdu.tpdu.type_name() != ty {
            failures.push(format!("{pdu_hex}: type {} vs {ty}", pdu.tpdu.type_name()));
            continue;
        }
        let our_concat = pdu
            .tpdu
            .user_data()
            .and_then(|u| u.udh)
            .and_then(|h| h.concat())
            .is_some();
        if our_concat != *concat {
            failures.push(format!(
                "{pdu_hex}: concatenation {our_concat} vs corpus {concat}"
            ));
        }
        let ours = match &pdu.tpdu {
            Tpdu::StatusReport(_) => None,
            t => t
                .user_data()
                .map(|u| u.text().unwrap_or_else(|e| format!("<{e}>"))),
        };
        if &ours == text {
            agree += 1;
        } else if let Some((_, why)) = ORACLE_WRONG.iter().find(|(p, _)| p == pdu_hex) {
            eprintln!("oracle wrong on {pdu_hex}: {why}");
        } else {
            failures.push(format!("{pdu_hex}:\n  ours   {ours:?}\n  oracle {text:?}"));
        }
    }
    eprintln!(
        "corpus: {agree}/{} agree with the oracle, {} listed where the oracle is wrong ({malformed} malformed PDUs read in lenient mode)",
        items.len(),
        ORACLE_WRONG.len()
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(agree + ORACLE_WRONG.len(), items.len());
}
