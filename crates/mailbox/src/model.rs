//! The mailbox domain: subscribers, mailboxes, folders, messages, greetings,
//! time profiles, distribution lists, address book, fax-on-demand documents
//! and journal entries. Plain data with serde, no I/O.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::pin::PinState;

/// The id of a stored message (unique in one store).
pub type MessageId = i64;

/// What kind of mailbox a number leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MailboxKind {
    /// One subscriber's own multi-service mailbox.
    #[default]
    Personal,
    /// A mailbox shared by several people (see [`Subscriber::members`]).
    Group,
    /// Receives every message whose address is unknown: nothing is lost.
    Postmaster,
    /// Receives copies of incoming faxes.
    FaxArchive,
}

/// The services a message can come by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A recorded voice message.
    Voice,
    /// A received fax.
    Fax,
    /// An e-mail.
    Email,
    /// A short message.
    Sms,
    /// A receipt back to the sender (delivered, read, deleted) or a refusal.
    Receipt,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 5] = [
        Kind::Voice,
        Kind::Fax,
        Kind::Email,
        Kind::Sms,
        Kind::Receipt,
    ];

    /// The lower-case name used in the store, CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Voice => "voice",
            Kind::Fax => "fax",
            Kind::Email => "email",
            Kind::Sms => "sms",
            Kind::Receipt => "receipt",
        }
    }

    /// Parses [`Kind::as_str`].
    ///
    /// # Errors
    /// [`Error::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Self> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid("kind", format!("{s:?} is not voice|fax|email|sms|receipt"))
            })
    }
}

/// The folders (queues) of a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Folder {
    /// Not yet heard or read.
    New,
    /// Heard (voice) or read (other kinds).
    Heard,
    /// Kept on purpose by the owner.
    Saved,
    /// Sent by the owner.
    Sent,
    /// Received but could not be delivered on (e.g. a forward that failed).
    Undeliverable,
    /// Not yet delivered: a broken send or a delayed send waiting for its time.
    Outbox,
}

impl Folder {
    /// Every folder, in a fixed order.
    pub const ALL: [Folder; 6] = [
        Folder::New,
        Folder::Heard,
        Folder::Saved,
        Folder::Sent,
        Folder::Undeliverable,
        Folder::Outbox,
    ];

    /// The lower-case name used in the store, CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Folder::New => "new",
            Folder::Heard => "heard",
            Folder::Saved => "saved",
            Folder::Sent => "sent",
            Folder::Undeliverable => "undeliverable",
            Folder::Outbox => "outbox",
        }
    }

    /// Parses [`Folder::as_str`] (also `read` for `heard`).
    ///
    /// # Errors
    /// [`Error::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Self> {
        if s == "read" {
            return Ok(Folder::Heard);
        }
        Folder::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "folder",
                    format!("{s:?} is not new|heard|saved|sent|undeliverable|outbox"),
                )
            })
    }
}

/// Priority of a delayed send (fax queue).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    /// Normal (sent last).
    #[default]
    Normal,
    /// Medium.
    Medium,
    /// High (sent first).
    High,
}

/// What a receipt reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReceiptKind {
    /// The message reached the recipient's mailbox.
    Delivered,
    /// The recipient heard or read it.
    Read,
    /// The recipient deleted it unheard.
    Deleted,
    /// The message was refused or could not be delivered.
    Refused,
}

/// The marks a message carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Marks {
    /// Played before ordinary messages (after receipts and refusals).
    pub urgent: bool,
    /// Cannot be forwarded from the phone.
    pub confidential: bool,
    /// Not delivered before this time (delayed send).
    pub delayed_until: Option<DateTime<Utc>>,
    /// Order among delayed sends that fall due together.
    pub priority: Priority,
    /// Receipts the sender asked for.
    pub receipts: Vec<ReceiptKind>,
}

/// One change of a message's state, kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The folder after the change (`None` = deleted).
    pub folder: Option<Folder>,
}

/// A message as the store lists it (metadata; the body is fetched apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Store-wide id.
    pub id: MessageId,
    /// The mailbox number it is in.
    pub mailbox: String,
    /// Service it came by.
    pub kind: Kind,
    /// Which receipt, for [`Kind::Receipt`].
    pub receipt: Option<ReceiptKind>,
    /// Sender address (number, e-mail address, or empty when unknown).
    pub from: String,
    /// Recipient addresses as given by the sender.
    pub to: Vec<String>,
    /// When it was deposited.
    pub deposited_at: DateTime<Utc>,
    /// Voice duration in milliseconds.
    pub duration_ms: Option<u32>,
    /// Fax page count.
    pub pages: Option<u32>,
    /// Body size in bytes.
    pub size: u64,
    /// Marks.
    pub marks: Marks,
    /// Current folder.
    pub folder: Folder,
    /// Every state change, oldest first (the deposit is the first).
    pub history: Vec<StateChange>,
}

/// A message to deposit: everything but what the store assigns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// Destination mailbox number (after routing).
    pub mailbox: String,
    /// Service.
    pub kind: Kind,
    /// Which receipt, for [`Kind::Receipt`].
    pub receipt: Option<ReceiptKind>,
    /// Sender address.
    pub from: String,
    /// Recipient addresses as given by the sender.
    pub to: Vec<String>,
    /// Voice duration in milliseconds.
    pub duration_ms: Option<u32>,
    /// Fax page count.
    pub pages: Option<u32>,
    /// Marks.
    pub marks: Marks,
    /// Folder to file it in (normally [`Folder::New`]).
    pub folder: Folder,
}

impl NewMessage {
    /// A plain new message of `kind` for `mailbox` from `from`.
    pub fn new(mailbox: impl Into<String>, kind: Kind, from: impl Into<String>) -> Self {
        let mailbox = mailbox.into();
        Self {
            to: vec![mailbox.clone()],
            mailbox,
            kind,
            receipt: None,
            from: from.into(),
            duration_ms: None,
            pages: None,
            marks: Marks::default(),
            folder: Folder::New,
        }
    }
}

/// Situations a personal greeting can be assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Situation {
    /// Wins over everything, whatever the time and caller.
    Alternate,
    /// Calls from inside the organisation.
    Internal,
    /// Calls from outside.
    External,
    /// The line is busy (wins over the time profile).
    Busy,
    /// Outside the office hours of the time profile.
    OutOfHours,
}

impl Situation {
    /// Every situation.
    pub const ALL: [Situation; 5] = [
        Situation::Alternate,
        Situation::Internal,
        Situation::External,
        Situation::Busy,
        Situation::OutOfHours,
    ];

    /// The kebab-case name used in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Situation::Alternate => "alternate",
            Situation::Internal => "internal",
            Situation::External => "external",
            Situation::Busy => "busy",
            Situation::OutOfHours => "out-of-hours",
        }
    }

    /// Parses [`Situation::as_str`].
    ///
    /// # Errors
    /// [`Error::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Self> {
        Situation::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "situation",
                    format!("{s:?} is not alternate|internal|external|busy|out-of-hours"),
                )
            })
    }
}

/// The greetings of one subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Greetings {
    /// Whether a recorded name exists (otherwise the number is spoken).
    pub recorded_name: bool,
    /// Personal greeting slots 1–9 that hold a recording.
    pub recorded: Vec<u8>,
    /// Which slot plays in which situation.
    pub assigned: BTreeMap<Situation, u8>,
    /// The greeting of the day: a slot and the instant (local midnight) it expires.
    pub day: Option<DayGreeting>,
}

/// A greeting of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayGreeting {
    /// The slot it plays.
    pub slot: u8,
    /// It plays until this instant (the next local midnight when it was set).
    pub expires_at: DateTime<Utc>,
}

/// Office hours for one weekday range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    /// First weekday (inclusive).
    pub from_day: Weekday,
    /// Last weekday (inclusive).
    pub to_day: Weekday,
    /// Start of the working day (local).
    pub start: NaiveTime,
    /// End of the working day (local, exclusive).
    pub end: NaiveTime,
}

/// A subscriber's time profile: office hours and the UTC offset of their local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TimeProfile {
    /// Local time offset from UTC, in minutes (east positive).
    pub utc_offset_minutes: i32,
    /// Office hours; empty means always in office hours.
    pub hours: Vec<OfficeHours>,
}

/// How a subscriber is told about a new message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotifyTarget {
    /// The phone's message-waiting lamp (SIP MWI).
    Lamp,
    /// A short message to the subscriber's mobile number.
    Sms,
    /// An outbound call to the subscriber's mobile number.
    CallOut,
}

impl NotifyTarget {
    /// The kebab-case name used in the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyTarget::Lamp => "lamp",
            NotifyTarget::Sms => "sms",
            NotifyTarget::CallOut => "call-out",
        }
    }

    /// Parses [`NotifyTarget::as_str`].
    ///
    /// # Errors
    /// [`Error::Invalid`] for any other text.
    pub fn parse(s: &str) -> Result<Self> {
        [NotifyTarget::Lamp, NotifyTarget::Sms, NotifyTarget::CallOut]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid("notify target", format!("{s:?} is not lamp|sms|call-out"))
            })
    }
}

/// Deputy (substitute) settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deputy {
    /// The deputy's mailbox number.
    pub number: String,
    /// Keep the original in the owner's mailbox too (`false` = redirect).
    pub keep_copy: bool,
}

/// One addressable mailbox and the person or function behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriber {
    /// Mailbox number (also the direct voice/fax number).
    pub number: String,
    /// Display name, used by dial by name.
    pub name: String,
    /// Prompt language (BCP 47 tag such as `en-GB`).
    pub language: String,
    /// Kind of mailbox.
    pub kind: MailboxKind,
    /// Members of a group mailbox.
    pub members: Vec<String>,
    /// The PIN hash and lockout state (`None` = no PIN set yet).
    pub pin: Option<PinState>,
    /// Time profile.
    pub profile: TimeProfile,
    /// Deputy, when one is active.
    pub deputy: Option<Deputy>,
    /// Mobile number for SMS notification and call-out.
    pub mobile: Option<String>,
    /// Notification targets per message kind.
    pub notify: BTreeMap<Kind, Vec<NotifyTarget>>,
    /// Greetings.
    pub greetings: Greetings,
    /// Quota: most messages kept (0 = unlimited).
    pub max_messages: u64,
    /// Quota: most bytes kept (0 = unlimited).
    pub max_bytes: u64,
    /// Fax archive mailbox that receives a copy of every incoming fax.
    pub fax_archive: Option<String>,
}

impl Subscriber {
    /// A personal mailbox with defaults: English, lamp for every kind, no PIN,
    /// 1,000 messages, no byte limit.
    pub fn new(number: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            number: number.into(),
            name: name.into(),
            language: "en-GB".into(),
            kind: MailboxKind::Personal,
            members: Vec::new(),
            pin: None,
            profile: TimeProfile::default(),
            deputy: None,
            mobile: None,
            notify: Kind::ALL
                .into_iter()
                .map(|k| (k, vec![NotifyTarget::Lamp]))
                .collect(),
            greetings: Greetings::default(),
            max_messages: 1000,
            max_bytes: 0,
            fax_archive: None,
        }
    }

    /// Checks the fields a store relies on.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an empty or non-digit number, an empty name, or
    /// an assigned greeting slot outside 1–9.
    pub fn validate(&self) -> Result<()> {
        validate_number(&self.number)?;
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "empty"));
        }
        for slot in self
            .greetings
            .assigned
            .values()
            .chain(&self.greetings.recorded)
        {
            crate::greeting::check_slot(*slot)?;
        }
        Ok(())
    }
}

/// Checks a mailbox number: 1–32 digits.
///
/// # Errors
/// [`Error::Invalid`] otherwise.
pub fn validate_number(number: &str) -> Result<()> {
    if number.is_empty() || number.len() > 32 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            "number",
            format!("{number:?} is not 1–32 digits"),
        ));
    }
    Ok(())
}

/// One member of a distribution list, with the service it is reached by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListMember {
    /// Mailbox number, phone number or e-mail address.
    pub address: String,
    /// Service to send by (lists may mix services).
    pub service: Kind,
}

/// A distribution list: personal (has an owner) or central (`owner == None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionList {
    /// Owner's mailbox number, or `None` for a central list.
    pub owner: Option<String>,
    /// List name (unique per owner).
    pub name: String,
    /// Members.
    pub members: Vec<ListMember>,
}

/// An address-book entry with a speed-dial short number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressEntry {
    /// Owner's mailbox number, or `None` for the central book.
    pub owner: Option<String>,
    /// Short number (speed dial).
    pub short: String,
    /// Name.
    pub name: String,
    /// Full address.
    pub address: String,
}

impl AddressEntry {
    /// Checks the owner (a subscriber number when set), the short number
    /// (1–8 digits) and the address (1–256 bytes, no control characters).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field.
    pub fn validate(&self) -> Result<()> {
        if let Some(o) = &self.owner {
            validate_number(o)?;
        }
        if self.short.is_empty()
            || self.short.len() > 8
            || !self.short.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Error::invalid(
                "short number",
                format!("{:?} is not 1–8 digits", self.short),
            ));
        }
        if self.address.is_empty()
            || self.address.len() > 256
            || self.address.chars().any(char::is_control)
        {
            return Err(Error::invalid(
                "address",
                format!("{:?}: want 1–256 printable bytes", self.address),
            ));
        }
        if self.name.len() > 256 || self.name.chars().any(char::is_control) {
            return Err(Error::invalid("name", "want at most 256 printable bytes"));
        }
        Ok(())
    }
}

impl FaxDocument {
    /// Checks the number (1–32 digits) and the title (at most 256 bytes).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the field.
    pub fn validate(&self) -> Result<()> {
        validate_number(&self.number)?;
        if self.title.len() > 256 || self.title.chars().any(char::is_control) {
            return Err(Error::invalid("title", "want at most 256 printable bytes"));
        }
        Ok(())
    }
}

/// A fax-on-demand document: a caller dials `number` and receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaxDocument {
    /// Document number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Page count.
    pub pages: u32,
}

/// Direction of a journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// The subscriber sent the message.
    Sent,
    /// The subscriber received the message.
    Received,
}

/// One line of the system journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Whose journal (mailbox number or external address).
    pub subscriber: String,
    /// Sent or received.
    pub direction: Direction,
    /// Kind of message.
    pub kind: Kind,
    /// The message id in the store.
    pub message: MessageId,
    /// The other party.
    pub peer: String,
}
