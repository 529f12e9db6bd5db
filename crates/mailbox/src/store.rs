//! The storage trait: everything the servers and the CLI need from a store,
//! so that a backend on an external database can follow the embedded one
//! ([`crate::SqliteStore`]).
//!
//! Contract for every backend:
//! - [`Store::deposit`] returns only once the message (metadata and body) is
//!   durable: after a crash it is present and readable.
//! - Moving, marking and deleting change the message and the MWI counts in
//!   one atomic step; [`Store::mwi`] always equals [`Store::recount`].
//! - A failure is an error, never a made-up count.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::model::{
    AddressEntry, DistributionList, FaxDocument, Folder, JournalEntry, Message, MessageId,
    NewMessage, Subscriber,
};
use crate::rules::Mwi;

/// A mailbox store. Implementations are shared between threads.
pub trait Store: Send + Sync {
    /// Creates a subscriber (fails with [`crate::Error::SubscriberExists`]
    /// when `create` and it exists) or replaces it (fails with
    /// [`crate::Error::UnknownSubscriber`] when not `create` and it does not).
    ///
    /// # Errors
    /// As described, plus validation and storage errors.
    fn put_subscriber(&self, sub: &Subscriber, create: bool) -> Result<()>;

    /// The subscriber with this number, if any.
    ///
    /// # Errors
    /// Storage errors.
    fn subscriber(&self, number: &str) -> Result<Option<Subscriber>>;

    /// Every subscriber, ascending by number.
    ///
    /// # Errors
    /// Storage errors.
    fn subscribers(&self) -> Result<Vec<Subscriber>>;

    /// Deposits `msg` with `body` into `msg.mailbox`, durably, and journals it
    /// (received by the mailbox, sent by the sender when the sender is a
    /// subscriber). Concurrent deposits may be committed together.
    ///
    /// # Errors
    /// [`crate::Error::UnknownSubscriber`] (route first: see
    /// [`crate::deliver()`]), [`crate::Error::MailboxFull`], storage errors.
    fn deposit(&self, msg: &NewMessage, body: &[u8], now: DateTime<Utc>) -> Result<MessageId>;

    /// One message's metadata.
    ///
    /// # Errors
    /// [`crate::Error::UnknownMessage`], storage errors.
    fn message(&self, id: MessageId) -> Result<Message>;

    /// One message's body, checked against its stored size and checksum.
    ///
    /// # Errors
    /// [`crate::Error::CorruptMedia`] when the body does not match,
    /// [`crate::Error::UnknownMessage`], storage errors.
    fn body(&self, id: MessageId) -> Result<Vec<u8>>;

    /// The messages of a mailbox (optionally one folder), in play order.
    ///
    /// # Errors
    /// Storage errors.
    fn list(&self, mailbox: &str, folder: Option<Folder>) -> Result<Vec<Message>>;

    /// Moves a message to `folder` (marking heard = moving to
    /// [`Folder::Heard`]), updating MWI in the same transaction. Returns the
    /// updated message.
    ///
    /// # Errors
    /// [`crate::Error::UnknownMessage`], storage errors.
    fn move_to(&self, id: MessageId, folder: Folder, now: DateTime<Utc>) -> Result<Message>;

    /// Deletes a message and its body, updating MWI in the same transaction.
    ///
    /// # Errors
    /// [`crate::Error::UnknownMessage`], storage errors.
    fn delete(&self, id: MessageId, now: DateTime<Utc>) -> Result<()>;

    /// The maintained message-waiting counts of a mailbox.
    ///
    /// # Errors
    /// Storage errors (never a zero count in their place).
    fn mwi(&self, mailbox: &str) -> Result<Mwi>;

    /// The message-waiting counts recounted from the messages themselves.
    ///
    /// # Errors
    /// Storage errors.
    fn recount(&self, mailbox: &str) -> Result<Mwi>;

    /// Journal entries in `[since, until)`, for one subscriber or all, oldest first.
    ///
    /// # Errors
    /// Storage errors.
    fn journal(
        &self,
        subscriber: Option<&str>,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<JournalEntry>>;

    /// Creates or replaces a distribution list (limits are checked by the caller,
    /// see [`crate::rules::check_new_list`]).
    ///
    /// # Errors
    /// Storage errors.
    fn put_list(&self, list: &DistributionList) -> Result<()>;

    /// The lists of an owner (`None` = the central lists), by name.
    ///
    /// # Errors
    /// Storage errors.
    fn lists(&self, owner: Option<&str>) -> Result<Vec<DistributionList>>;

    /// Stores a small named blob (greeting recordings, recorded names,
    /// fax-on-demand documents), durably.
    ///
    /// # Errors
    /// Storage errors.
    fn put_blob(&self, key: &str, data: &[u8]) -> Result<()>;

    /// A named blob, if present.
    ///
    /// # Errors
    /// Storage errors.
    fn blob(&self, key: &str) -> Result<Option<Vec<u8>>>;

    /// Sets a store-wide setting (postmaster number, active central greeting …).
    ///
    /// # Errors
    /// Storage errors.
    fn put_setting(&self, key: &str, value: &str) -> Result<()>;

    /// A store-wide setting.
    ///
    /// # Errors
    /// Storage errors.
    fn setting(&self, key: &str) -> Result<Option<String>>;

    /// Creates or replaces an address-book entry: personal when
    /// `entry.owner` is set, central otherwise (see
    /// [`crate::model::AddressEntry::validate`]).
    ///
    /// # Errors
    /// Validation and storage errors.
    fn put_address(&self, entry: &AddressEntry) -> Result<()>;

    /// The entries of one address book (`None` = the central one), ascending
    /// by short number.
    ///
    /// # Errors
    /// Storage errors.
    fn address_book(&self, owner: Option<&str>) -> Result<Vec<AddressEntry>>;

    /// Removes an address-book entry; whether it existed.
    ///
    /// # Errors
    /// Storage errors.
    fn delete_address(&self, owner: Option<&str>, short: &str) -> Result<bool>;

    /// Resolves a short number for subscriber `number`: their personal entry
    /// first, then the central one ([`crate::rules::resolve_short`]).
    ///
    /// # Errors
    /// Storage errors.
    fn lookup_short(&self, number: &str, short: &str) -> Result<Option<AddressEntry>> {
        let mut entries = self.address_book(Some(number))?;
        entries.extend(self.address_book(None)?);
        Ok(crate::rules::resolve_short(&entries, number, short).cloned())
    }

    /// Creates or replaces a fax-on-demand document and its content (a TIFF
    /// file …) in one durable step.
    ///
    /// # Errors
    /// Validation ([`crate::model::FaxDocument::validate`], body size) and
    /// storage errors.
    fn put_fax_document(&self, doc: &FaxDocument, content: &[u8]) -> Result<()>;

    /// A fax-on-demand document and its content, checked against its stored
    /// size and checksum.
    ///
    /// # Errors
    /// [`crate::Error::CorruptMedia`] (id 0) when the content does not
    /// match, storage errors.
    fn fax_document(&self, number: &str) -> Result<Option<(FaxDocument, Vec<u8>)>>;

    /// Every fax-on-demand document (without content), ascending by number.
    ///
    /// # Errors
    /// Storage errors.
    fn fax_documents(&self) -> Result<Vec<FaxDocument>>;

    /// Removes a fax-on-demand document; whether it existed.
    ///
    /// # Errors
    /// Storage errors.
    fn delete_fax_document(&self, number: &str) -> Result<bool>;
}
