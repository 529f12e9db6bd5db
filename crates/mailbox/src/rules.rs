//! Pure rules over the model: play order, message-waiting state per kind,
//! who is notified and how, routing (deputy, fax archive, postmaster),
//! quota, delayed sends and distribution-list limits. The clock is passed in.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    AddressEntry, DistributionList, Folder, Kind, ListMember, MailboxKind, Message, NewMessage,
    NotifyTarget, ReceiptKind, Subscriber,
};

/// The play rank of a message: receipts and refusals first, then urgent,
/// then the others.
fn class(m: &Message) -> u8 {
    if m.kind == Kind::Receipt {
        0
    } else if m.marks.urgent {
        1
    } else {
        2
    }
}

fn folder_rank(f: Folder) -> u8 {
    match f {
        Folder::New => 0,
        Folder::Heard => 1,
        Folder::Saved => 2,
        Folder::Outbox => 3,
        Folder::Sent => 4,
        Folder::Undeliverable => 5,
    }
}

/// The play order: new before heard (before saved); within each,
/// receipts/refusals, then urgent, then others; oldest first, then by id.
pub fn play_cmp(a: &Message, b: &Message) -> Ordering {
    (folder_rank(a.folder), class(a), a.deposited_at, a.id).cmp(&(
        folder_rank(b.folder),
        class(b),
        b.deposited_at,
        b.id,
    ))
}

/// Sorts messages into play order (see [`play_cmp`]).
pub fn play_order(messages: &mut [Message]) {
    messages.sort_by(play_cmp);
}

/// New and old (heard or saved) counts for one message kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MwiCount {
    /// Messages in the new folder.
    pub new: u64,
    /// Messages in the heard and saved folders.
    pub old: u64,
}

/// Message-waiting state of a mailbox, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Mwi {
    /// Counts per kind (kinds with no message are absent).
    pub per_kind: BTreeMap<Kind, MwiCount>,
}

impl Mwi {
    /// Whether any new message of any kind waits (the lamp).
    pub fn waiting(&self) -> bool {
        self.per_kind.values().any(|c| c.new > 0)
    }

    /// Whether a new message of `kind` waits.
    pub fn waiting_for(&self, kind: Kind) -> bool {
        self.per_kind.get(&kind).is_some_and(|c| c.new > 0)
    }

    /// Totals over every kind.
    pub fn total(&self) -> MwiCount {
        self.per_kind
            .values()
            .fold(MwiCount::default(), |a, c| MwiCount {
                new: a.new + c.new,
                old: a.old + c.old,
            })
    }

    /// Adds `delta` (±1) to `kind`'s count for `folder` (other folders do not count).
    pub fn apply(&mut self, kind: Kind, folder: Folder, delta: i64) {
        if !matches!(folder, Folder::New | Folder::Heard | Folder::Saved) {
            return;
        }
        let c = self.per_kind.entry(kind).or_default();
        let slot = if folder == Folder::New {
            &mut c.new
        } else {
            &mut c.old
        };
        *slot = slot.saturating_add_signed(delta);
        if *c == MwiCount::default() {
            self.per_kind.remove(&kind);
        }
    }
}

/// Recounts the message-waiting state from the messages of one mailbox.
pub fn mwi_of<'a>(messages: impl IntoIterator<Item = &'a Message>) -> Mwi {
    let mut mwi = Mwi::default();
    for m in messages {
        mwi.apply(m.kind, m.folder, 1);
    }
    mwi
}

/// One notification to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// How.
    pub target: NotifyTarget,
    /// Where: the mailbox number for the lamp, the mobile number otherwise.
    pub address: String,
    /// The lamp's state (for [`NotifyTarget::Lamp`]); `true` for the others.
    pub on: bool,
}

/// Who is told, and how, after a change in `sub`'s mailbox for a message of
/// `kind`, given the new MWI state. The lamp reflects the whole mailbox; SMS
/// and call-out are sent only while a new message of that kind waits and
/// only when a mobile number is known. A group mailbox lights every member's lamp.
pub fn notifications(sub: &Subscriber, kind: Kind, mwi: &Mwi) -> Vec<Notification> {
    let mut out = Vec::new();
    let targets = sub.notify.get(&kind).map_or(&[][..], Vec::as_slice);
    for &target in targets {
        match target {
            NotifyTarget::Lamp => {
                let lamps: Vec<&String> =
                    if sub.kind == MailboxKind::Group && !sub.members.is_empty() {
                        sub.members.iter().collect()
                    } else {
                        vec![&sub.number]
                    };
                out.extend(lamps.into_iter().map(|a| Notification {
                    target,
                    address: a.clone(),
                    on: mwi.waiting(),
                }));
            }
            NotifyTarget::Sms | NotifyTarget::CallOut => {
                if let (true, Some(mobile)) = (mwi.waiting_for(kind), &sub.mobile) {
                    out.push(Notification {
                        target,
                        address: mobile.clone(),
                        on: true,
                    });
                }
            }
        }
    }
    out
}

/// Why a message goes to a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// It was addressed there.
    Addressed,
    /// The addressee's deputy receives it.
    Deputy,
    /// A copy for the fax archive.
    Archive,
    /// The address is unknown: the postmaster receives it.
    Postmaster,
}

/// One mailbox a deposit goes into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Destination mailbox number.
    pub mailbox: String,
    /// Why.
    pub reason: Reason,
}

/// Where a message for `to` of `kind` goes: the addressee (and/or their
/// deputy), a fax-archive copy, or the postmaster when `to` is unknown — a
/// message is never lost. Deputies are followed one hop only (no loops); a
/// deputy or archive that does not exist is skipped and the addressee keeps
/// the message.
pub fn route<'a>(
    lookup: impl Fn(&str) -> Option<&'a Subscriber>,
    to: &str,
    kind: Kind,
    postmaster: &str,
) -> Vec<Delivery> {
    let Some(sub) = lookup(to) else {
        return vec![Delivery {
            mailbox: postmaster.to_owned(),
            reason: Reason::Postmaster,
        }];
    };
    let mut out = Vec::new();
    let deputy = sub
        .deputy
        .as_ref()
        .filter(|d| d.number != sub.number && lookup(&d.number).is_some());
    match deputy {
        Some(d) => {
            if d.keep_copy {
                out.push(Delivery {
                    mailbox: sub.number.clone(),
                    reason: Reason::Addressed,
                });
            }
            out.push(Delivery {
                mailbox: d.number.clone(),
                reason: Reason::Deputy,
            });
        }
        None => out.push(Delivery {
            mailbox: sub.number.clone(),
            reason: Reason::Addressed,
        }),
    }
    if kind == Kind::Fax {
        if let Some(archive) = sub.fax_archive.as_ref().filter(|a| lookup(a).is_some()) {
            if !out.iter().any(|d| &d.mailbox == archive) {
                out.push(Delivery {
                    mailbox: archive.clone(),
                    reason: Reason::Archive,
                });
            }
        }
    }
    out
}

/// Whether a deposit of `size` bytes fits `sub`'s quota given what the
/// mailbox holds now.
///
/// # Errors
/// [`Error::MailboxFull`]: the caller hears "mailbox full"; nothing is
/// silently dropped.
pub fn check_quota(sub: &Subscriber, messages: u64, bytes: u64, size: u64) -> Result<()> {
    let over_count = sub.max_messages != 0 && messages >= sub.max_messages;
    let over_bytes = sub.max_bytes != 0 && bytes.saturating_add(size) > sub.max_bytes;
    if over_count || over_bytes {
        return Err(Error::MailboxFull {
            mailbox: sub.number.clone(),
            messages,
            bytes,
        });
    }
    Ok(())
}

/// Outbox messages due for sending at `now`, in send order: higher priority
/// first, then earlier due time, then id.
pub fn due<'a>(
    outbox: impl IntoIterator<Item = &'a Message>,
    now: DateTime<Utc>,
) -> Vec<&'a Message> {
    let mut v: Vec<&Message> = outbox
        .into_iter()
        .filter(|m| m.folder == Folder::Outbox && m.marks.delayed_until.is_none_or(|t| t <= now))
        .collect();
    v.sort_by(|a, b| {
        b.marks
            .priority
            .cmp(&a.marks.priority)
            .then(a.marks.delayed_until.cmp(&b.marks.delayed_until))
            .then(a.id.cmp(&b.id))
    });
    v
}

/// Whether a message may be forwarded from the phone: confidential ones may not.
///
/// # Errors
/// [`Error::Invalid`] naming the confidential mark.
pub fn check_forward(m: &Message) -> Result<()> {
    if m.marks.confidential {
        return Err(Error::invalid(
            "forward",
            format!("message {} is confidential and cannot be forwarded", m.id),
        ));
    }
    Ok(())
}

/// The receipt owed to the sender of `m` when `event` happens to it, if the
/// sender asked for that receipt and can be reached (has an address). The
/// receipt goes to the sender's mailbox, from the recipient's.
pub fn receipt_for(m: &Message, event: ReceiptKind) -> Option<NewMessage> {
    if m.kind == Kind::Receipt || m.from.is_empty() || !m.marks.receipts.contains(&event) {
        return None;
    }
    let mut r = NewMessage::new(m.from.clone(), Kind::Receipt, m.mailbox.clone());
    r.receipt = Some(event);
    Some(r)
}

/// Resolves a speed-dial short number for `owner`: the owner's personal
/// address book first, then the central one.
pub fn resolve_short<'a>(
    entries: impl IntoIterator<Item = &'a AddressEntry>,
    owner: &str,
    short: &str,
) -> Option<&'a AddressEntry> {
    let mut central = None;
    for e in entries {
        if e.short != short {
            continue;
        }
        match e.owner.as_deref() {
            Some(o) if o == owner => return Some(e),
            None if central.is_none() => central = Some(e),
            _ => {}
        }
    }
    central
}

/// Limits on distribution lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListLimits {
    /// Lists per owner (and central lists in all).
    pub max_lists: usize,
    /// Members per list.
    pub max_members: usize,
}

impl Default for ListLimits {
    /// 99 lists of 99 members (the product limits).
    fn default() -> Self {
        Self {
            max_lists: 99,
            max_members: 99,
        }
    }
}

/// Checks that an owner holding `existing` lists may create one more.
///
/// # Errors
/// [`Error::Limit`] at the limit.
pub fn check_new_list(existing: usize, limits: &ListLimits) -> Result<()> {
    if existing >= limits.max_lists {
        return Err(Error::Limit {
            what: "distribution lists per owner",
            max: limits.max_lists,
        });
    }
    Ok(())
}

/// Adds `member` to `list` (a member already present with the same service is
/// not added twice).
///
/// # Errors
/// [`Error::Limit`] when the list is full; [`Error::Invalid`] for an empty address.
pub fn add_member(
    list: &mut DistributionList,
    member: ListMember,
    limits: &ListLimits,
) -> Result<()> {
    if member.address.trim().is_empty() {
        return Err(Error::invalid("address", "empty"));
    }
    if list.members.contains(&member) {
        return Ok(());
    }
    if list.members.len() >= limits.max_members {
        return Err(Error::Limit {
            what: "members per distribution list",
            max: limits.max_members,
        });
    }
    list.members.push(member);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Deputy, Marks, Priority};

    fn msg(id: i64, kind: Kind, urgent: bool, folder: Folder, t: i64) -> Message {
        Message {
            id,
            mailbox: "100".into(),
            kind,
            receipt: (kind == Kind::Receipt).then_some(ReceiptKind::Read),
            from: "200".into(),
            to: vec!["100".into()],
            deposited_at: DateTime::from_timestamp(t, 0).unwrap(),
            duration_ms: None,
            pages: None,
            size: 10,
            marks: Marks {
                urgent,
                ..Marks::default()
            },
            folder,
            history: vec![],
        }
    }

    #[test]
    fn play_order_receipts_urgent_others_new_first() {
        let mut v = vec![
            msg(1, Kind::Voice, false, Folder::New, 1),
            msg(2, Kind::Voice, true, Folder::New, 5),
            msg(3, Kind::Receipt, false, Folder::New, 9),
            msg(4, Kind::Voice, true, Folder::Heard, 0),
            msg(5, Kind::Receipt, false, Folder::Heard, 0),
            msg(6, Kind::Fax, false, Folder::New, 0),
        ];
        play_order(&mut v);
        let ids: Vec<i64> = v.iter().map(|m| m.id).collect();
        assert_eq!(ids, [3, 2, 6, 1, 5, 4]);
    }

    #[test]
    fn mwi_per_kind_and_recount() {
        let v = [
            msg(1, Kind::Voice, false, Folder::New, 1),
            msg(2, Kind::Fax, false, Folder::Heard, 1),
            msg(3, Kind::Fax, false, Folder::Saved, 1),
            msg(4, Kind::Sms, false, Folder::Sent, 1),
        ];
        let m = mwi_of(&v);
        assert!(m.waiting() && m.waiting_for(Kind::Voice) && !m.waiting_for(Kind::Fax));
        assert_eq!(m.per_kind[&Kind::Fax], MwiCount { new: 0, old: 2 });
        assert!(!m.per_kind.contains_key(&Kind::Sms));
        let mut n = m.clone();
        n.apply(Kind::Voice, Folder::New, -1);
        n.apply(Kind::Voice, Folder::Heard, 1);
        assert!(!n.waiting());
        assert_eq!(n.total(), MwiCount { new: 0, old: 3 });
    }

    #[test]
    fn notification_per_kind() {
        let mut s = Subscriber::new("100", "A");
        s.mobile = Some("+491701234567".into());
        s.notify
            .insert(Kind::Fax, vec![NotifyTarget::Sms, NotifyTarget::Lamp]);
        s.notify.insert(Kind::Email, vec![]);
        let m = mwi_of(&[msg(1, Kind::Fax, false, Folder::New, 1)]);
        let n = notifications(&s, Kind::Fax, &m);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].target, NotifyTarget::Sms);
        assert_eq!(n[0].address, "+491701234567");
        assert!(n[1].on);
        assert!(notifications(&s, Kind::Email, &m).is_empty());
        s.mobile = None;
        assert_eq!(notifications(&s, Kind::Fax, &m).len(), 1);
    }

    #[test]
    fn routing() {
        let mut a = Subscriber::new("100", "A");
        let b = Subscriber::new("200", "B");
        let arch = Subscriber::new("900", "Archive");
        a.deputy = Some(Deputy {
            number: "200".into(),
            keep_copy: true,
        });
        a.fax_archive = Some("900".into());
        let all = [a.clone(), b, arch];
        let look = |n: &str| all.iter().find(|s| s.number == n);
        let r = route(look, "100", Kind::Fax, "0");
        let got: Vec<(&str, Reason)> = r.iter().map(|d| (d.mailbox.as_str(), d.reason)).collect();
        assert_eq!(
            got,
            [
                ("100", Reason::Addressed),
                ("200", Reason::Deputy),
                ("900", Reason::Archive)
            ]
        );
        assert_eq!(route(look, "100", Kind::Voice, "0").len(), 2);
        assert_eq!(
            route(look, "555", Kind::Sms, "0"),
            [Delivery {
                mailbox: "0".into(),
                reason: Reason::Postmaster
            }]
        );
        let mut all2 = all.clone();
        all2[0].deputy.as_mut().unwrap().keep_copy = false;
        let look2 = |n: &str| all2.iter().find(|s| s.number == n);
        assert_eq!(route(look2, "100", Kind::Voice, "0")[0].mailbox, "200");
    }

    #[test]
    fn quota_full_is_an_error() {
        let mut s = Subscriber::new("100", "A");
        s.max_messages = 2;
        assert!(check_quota(&s, 1, 0, 10).is_ok());
        assert!(matches!(
            check_quota(&s, 2, 0, 10),
            Err(Error::MailboxFull { messages: 2, .. })
        ));
        s.max_messages = 0;
        s.max_bytes = 100;
        assert!(check_quota(&s, 50, 90, 10).is_ok());
        assert!(check_quota(&s, 50, 91, 10).is_err());
    }

    #[test]
    fn delayed_send_by_priority() {
        let mut a = msg(1, Kind::Fax, false, Folder::Outbox, 0);
        let mut b = msg(2, Kind::Fax, false, Folder::Outbox, 0);
        let mut c = msg(3, Kind::Fax, false, Folder::Outbox, 0);
        a.marks.delayed_until = DateTime::from_timestamp(100, 0);
        b.marks.delayed_until = DateTime::from_timestamp(50, 0);
        b.marks.priority = Priority::High;
        c.marks.delayed_until = DateTime::from_timestamp(500, 0);
        let v = [a, b, c];
        let ids: Vec<i64> = due(&v, DateTime::from_timestamp(200, 0).unwrap())
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(ids, [2, 1]);
    }

    #[test]
    fn confidential_and_receipts() {
        let mut m = msg(1, Kind::Voice, false, Folder::New, 0);
        assert!(check_forward(&m).is_ok());
        m.marks.confidential = true;
        assert!(matches!(check_forward(&m), Err(Error::Invalid { .. })));
        assert_eq!(receipt_for(&m, ReceiptKind::Read), None, "not asked for");
        m.marks.receipts = vec![ReceiptKind::Read, ReceiptKind::Deleted];
        let r = receipt_for(&m, ReceiptKind::Read).unwrap();
        assert_eq!(
            (r.mailbox.as_str(), r.from.as_str(), r.kind),
            ("200", "100", Kind::Receipt)
        );
        assert_eq!(r.receipt, Some(ReceiptKind::Read));
        assert_eq!(receipt_for(&m, ReceiptKind::Delivered), None);
        let rc = msg(2, Kind::Receipt, false, Folder::New, 0);
        assert_eq!(
            receipt_for(&rc, ReceiptKind::Read),
            None,
            "no receipts for receipts"
        );
    }

    #[test]
    fn short_numbers_personal_before_central() {
        let e = |owner: Option<&str>, short: &str, addr: &str| AddressEntry {
            owner: owner.map(str::to_owned),
            short: short.into(),
            name: "x".into(),
            address: addr.into(),
        };
        let book = [
            e(None, "1", "central-1"),
            e(Some("100"), "1", "mine-1"),
            e(None, "2", "central-2"),
        ];
        assert_eq!(resolve_short(&book, "100", "1").unwrap().address, "mine-1");
        assert_eq!(
            resolve_short(&book, "101", "1").unwrap().address,
            "central-1"
        );
        assert_eq!(
            resolve_short(&book, "100", "2").unwrap().address,
            "central-2"
        );
        assert!(resolve_short(&book, "100", "3").is_none());
    }

    #[test]
    fn list_limits() {
        let l = ListLimits::default();
        assert!(check_new_list(98, &l).is_ok());
        assert!(matches!(
            check_new_list(99, &l),
            Err(Error::Limit { max: 99, .. })
        ));
        let mut list = DistributionList {
            owner: None,
            name: "all".into(),
            members: vec![],
        };
        for i in 0..99 {
            add_member(
                &mut list,
                ListMember {
                    address: format!("{i}"),
                    service: Kind::Voice,
                },
                &l,
            )
            .unwrap();
        }
        let extra = ListMember {
            address: "x@example.org".into(),
            service: Kind::Email,
        };
        assert!(matches!(
            add_member(&mut list, extra, &l),
            Err(Error::Limit { .. })
        ));
    }
}
