//! Delivery: routing a message to its mailboxes (addressee, deputy, fax
//! archive, postmaster) and depositing a copy in each.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Folder, MessageId, NewMessage, ReceiptKind, Subscriber};
use crate::rules::{check_forward, due, receipt_for, route, Delivery, Reason};
use crate::store::Store;

/// Setting key of the postmaster's mailbox number.
pub const POSTMASTER_SETTING: &str = "postmaster";

/// The postmaster number used when none is set.
pub const DEFAULT_POSTMASTER: &str = "0";

/// One stored copy of a delivered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// Where it went and why.
    pub delivery: Delivery,
    /// The stored message id.
    pub id: MessageId,
}

/// The postmaster number of a store.
///
/// # Errors
/// Storage errors.
pub fn postmaster(store: &dyn Store) -> Result<String> {
    Ok(store
        .setting(POSTMASTER_SETTING)?
        .unwrap_or_else(|| DEFAULT_POSTMASTER.to_owned()))
}

/// Routes `msg` (its `mailbox` is the address as dialled or written, any
/// text) and deposits a copy in every destination: the addressee and/or the
/// deputy, a fax-archive copy, or the postmaster for an unknown address.
///
/// The first destination's failure is the caller's answer (for example
/// [`Error::MailboxFull`]: the caller hears "mailbox full"). A copy (deputy
/// or archive) that cannot be stored goes to the postmaster instead, so
/// nothing is lost silently.
///
/// # Errors
/// The first destination's deposit error; [`Error::UnknownSubscriber`] when
/// the postmaster mailbox itself does not exist.
pub fn deliver(
    store: &dyn Store,
    msg: &NewMessage,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    let pm = postmaster(store)?;
    let mut known: Vec<Subscriber> = Vec::new();
    if let Some(to) = store.subscriber(&msg.mailbox)? {
        for n in [
            to.deputy.as_ref().map(|d| d.number.clone()),
            to.fax_archive.clone(),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(s) = store.subscriber(&n)? {
                known.push(s);
            }
        }
        known.push(to);
    }
    let routes = route(
        |n| known.iter().find(|s| s.number == n),
        &msg.mailbox,
        msg.kind,
        &pm,
    );
    let mut out = Vec::with_capacity(routes.len());
    let delivered = msg.marks.receipts.contains(&ReceiptKind::Delivered);
    for (i, d) in routes.into_iter().enumerate() {
        let mut copy = msg.clone();
        copy.mailbox.clone_from(&d.mailbox);
        match store.deposit(&copy, body, now) {
            Ok(id) => out.push(Stored { delivery: d, id }),
            Err(e) if i == 0 => return Err(e),
            Err(_) => {
                copy.mailbox.clone_from(&pm);
                let id = store.deposit(&copy, body, now)?;
                out.push(Stored {
                    delivery: Delivery {
                        mailbox: pm.clone(),
                        reason: Reason::Postmaster,
                    },
                    id,
                });
            }
        }
    }
    if out.is_empty() {
        return Err(Error::UnknownSubscriber(pm));
    }
    if delivered {
        if let Some(first) = out.first() {
            // The delivery receipt is best effort: the message itself is stored.
            let _ = send_receipt(store, first.id, ReceiptKind::Delivered, now);
        }
    }
    Ok(out)
}

/// Delivers the receipt owed for `event` on message `id` (see
/// [`receipt_for`]), routed like any message. Returns the stored receipts
/// (none when the sender did not ask for this one).
///
/// # Errors
/// Storage and delivery errors.
pub fn send_receipt(
    store: &dyn Store,
    id: MessageId,
    event: ReceiptKind,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    let m = store.message(id)?;
    match receipt_for(&m, event) {
        Some(r) => deliver(store, &r, b"", now),
        None => Ok(Vec::new()),
    }
}

/// Forwards message `id` to `to` on behalf of `by` (a copy with `by` as the
/// sender, same kind and body). Confidential messages are refused.
///
/// # Errors
/// [`Error::Invalid`] for a confidential message; delivery errors.
pub fn forward(
    store: &dyn Store,
    id: MessageId,
    to: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    let m = store.message(id)?;
    check_forward(&m)?;
    let body = store.body(id)?;
    let mut copy = NewMessage::new(to, m.kind, by);
    copy.duration_ms = m.duration_ms;
    copy.pages = m.pages;
    copy.marks.urgent = m.marks.urgent;
    deliver(store, &copy, &body, now)
}

/// Delivers every delayed message in `mailbox`'s outbox that is due at
/// `now`, in send order (priority, then due time): each moves to the new
/// folder, where it counts for MWI. Returns the ids moved.
///
/// # Errors
/// Storage errors.
pub fn send_due(store: &dyn Store, mailbox: &str, now: DateTime<Utc>) -> Result<Vec<MessageId>> {
    let outbox = store.list(mailbox, Some(Folder::Outbox))?;
    let ids: Vec<MessageId> = due(&outbox, now).iter().map(|m| m.id).collect();
    for id in &ids {
        store.move_to(*id, Folder::New, now)?;
    }
    Ok(ids)
}
