//! Oracle vectors made by `scripts/sms-vectors.py`: SUBMITs encoded by
//! python-gsmmodem-new, DELIVERs encoded by gammu, STATUS-REPORTs assembled
//! by the script; every expected field is what gsmmodem decodes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;

use missive_sms::concat::{Outcome, Reassembler};
use missive_sms::{decode, hex, Tpdu};
use serde_json::Value;

struct Row {
    kind: String,
    group: String,
    pdu: String,
    oracle: Value,
}

fn rows() -> Vec<Row> {
    let path = missive_testkit::vectors("sms").join("vectors.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .map(|l| {
            let c: Vec<&str> = l.splitn(5, '\t').collect();
            Row {
                kind: c[0].to_owned(),
                group: c[2].to_owned(),
                pdu: c[3].to_owned(),
                oracle: serde_json::from_str(c[4]).unwrap(),
            }
        })
        .collect()
}

#[test]
fn every_field_matches_the_oracle() {
    let rows = rows();
    assert!(rows.len() >= 400, "only {} vectors", rows.len());
    let mut checked = 0;
    for r in &rows {
        let bytes = hex::decode(&r.pdu).unwrap();
        let pdu = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", r.pdu));
        let o = &r.oracle;
        let ctx = &r.pdu;
        assert_eq!(pdu.tpdu.type_name(), r.kind, "{ctx}");
        assert_eq!(o["type"].as_str(), Some(r.kind.as_str()));
        assert_eq!(
            pdu.smsc.map(|a| a.to_string()),
            o["smsc"].as_str().map(str::to_owned),
            "smsc {ctx}"
        );
        let prefix = usize::from(bytes[0]) + 1;
        assert_eq!(
            Some((bytes.len() - prefix) as u64),
            o["tpdu_length"].as_u64(),
            "{ctx}"
        );
        let (number, text, concat) = match &pdu.tpdu {
            Tpdu::Deliver(d) => {
                assert_eq!(
                    Some(d.scts.to_string()),
                    o["time"].as_str().map(str::to_owned),
                    "scts {ctx}"
                );
                assert_eq!(Some(u64::from(d.pid.0)), o["protocol_id"].as_u64());
                (
                    d.originator.to_string(),
                    Some(d.user_data.text().unwrap()),
                    d.user_data.udh.and_then(|u| u.concat()),
                )
            }
            Tpdu::Submit(s) => {
                assert_eq!(
                    Some(u64::from(s.message_ref)),
                    o["reference"].as_u64(),
                    "{ctx}"
                );
                (
                    s.destination.to_string(),
                    Some(s.user_data.text().unwrap()),
                    s.user_data.udh.and_then(|u| u.concat()),
                )
            }
            Tpdu::StatusReport(s) => {
                assert_eq!(
                    Some(u64::from(s.message_ref)),
                    o["reference"].as_u64(),
                    "{ctx}"
                );
                assert_eq!(Some(u64::from(s.status)), o["status"].as_u64(), "{ctx}");
                assert_eq!(
                    Some(s.scts.to_string()),
                    o["time"].as_str().map(str::to_owned),
                    "scts {ctx}"
                );
                assert_eq!(
                    Some(s.discharge.to_string()),
                    o["discharge"].as_str().map(str::to_owned),
                    "dt {ctx}"
                );
                (s.recipient.to_string(), None, None)
            }
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(Some(number.as_str()), o["number"].as_str(), "number {ctx}");
        assert_eq!(text.as_deref(), o["text"].as_str(), "text {ctx}");
        match (concat, o.get("concat")) {
            (None, None) => {}
            (Some(c), Some(oc)) => {
                assert_eq!(Some(u64::from(c.reference)), oc["ref"].as_u64());
                assert_eq!(Some(u64::from(c.total)), oc["total"].as_u64());
                assert_eq!(Some(u64::from(c.seq)), oc["seq"].as_u64());
            }
            (a, b) => panic!("concat differs on {ctx}: {a:?} vs {b:?}"),
        }
        checked += 1;
    }
    eprintln!("{checked} oracle vectors agree field by field");
}

#[test]
fn concatenated_groups_reassemble_in_any_order() {
    let rows = rows();
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        if r.oracle.get("original").is_some() {
            groups.entry(&r.group).or_default().push(r);
        }
    }
    let mut multi = 0;
    let mut re = Reassembler::new(8);
    for (g, parts) in &groups {
        let original = parts[0].oracle["original"].as_str().unwrap();
        if parts.len() == 1 {
            let b = hex::decode(&parts[0].pdu).unwrap();
            let p = decode(&b).unwrap();
            assert_eq!(p.tpdu.user_data().unwrap().text().unwrap(), original, "{g}");
            continue;
        }
        multi += 1;
        let mut done = None;
        // Last part first (twice: a duplicate), then the rest backwards.
        let mut order: Vec<usize> = (0..parts.len()).rev().collect();
        order.insert(1, parts.len() - 1);
        for i in order {
            let b = hex::decode(&parts[i].pdu).unwrap();
            let p = decode(&b).unwrap();
            let ud = p.tpdu.user_data().unwrap();
            let c = ud.udh.unwrap().concat().unwrap();
            match re.push(g, c, &ud.text().unwrap()).unwrap() {
                Outcome::Complete { text, .. } => done = Some(text),
                Outcome::Pending { missing, .. } => assert!(!missing.is_empty()),
                Outcome::Duplicate { differs, .. } => assert!(!differs),
            }
        }
        assert_eq!(done.as_deref(), Some(original), "{g}");
    }
    assert!(multi >= 20, "{multi} concatenated groups");
    assert!(re.missing().is_empty());
}
