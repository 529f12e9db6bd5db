//! `missive mailbox --store DIR …`: administer a mailbox store and exercise
//! every mailbox rule without code (subscribers, deposits, play order, MWI,
//! greetings, lists, dial by name, PINs, journal).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use missive_mailbox::directory;
use missive_mailbox::greeting::{self, Caller};
use missive_mailbox::model::{
    AddressEntry, Deputy, DistributionList, FaxDocument, Folder, Kind, ListMember, MailboxKind,
    Message, NewMessage, NotifyTarget, Priority, ReceiptKind, Situation, Subscriber,
};
use missive_mailbox::pin::{self, PinOutcome, PinPolicy};
use missive_mailbox::rules::{self, ListLimits};
use missive_mailbox::{deliver, Error, SqliteStore, Store};
use serde_json::json;

use crate::error::{CliError, CliResult};
use crate::files;
use crate::output::{errln, outln};

/// Mailbox store administration.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  missive mailbox --store /var/lib/missive init
  missive mailbox --store mb subscriber add 100 --name 'Ada Lovelace' --pin 4711 --mobile +441234
  missive mailbox --store mb deposit --to 100 --kind voice --from 200 --urgent msg.wav
  missive mailbox --store mb list 100 --json
  missive mailbox --store mb mark 1 heard
  missive mailbox --store mb mwi 100
  missive mailbox --store mb greeting set 100 1 hello.wav
  missive mailbox --store mb greeting assign 100 busy 1
  missive mailbox --store mb greeting which 100 --at 2026-11-23T10:00:00+01:00 --caller external --busy
  missive mailbox --store mb directory search 5683
  missive mailbox --store mb pin check 100 4711
  missive mailbox --store mb journal --since 2026-11-01T00:00:00Z --json")]
pub(crate) struct Args {
    /// Store directory (created by `init`)
    #[arg(long, global = true, default_value = ".")]
    store: PathBuf,
    /// Machine-readable JSON output
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    op: Box<Op>,
}

#[derive(Subcommand)]
enum Op {
    /// Create the store (idempotent) with its postmaster mailbox
    Init {
        /// Postmaster mailbox number: every wrongly addressed message goes there
        #[arg(long, default_value = "0")]
        postmaster: String,
        /// Wrong PINs in a row before the mailbox locks
        #[arg(long)]
        pin_max_failures: Option<u32>,
        /// Lockout duration in seconds (0 = until `pin unlock`)
        #[arg(long)]
        pin_lockout_secs: Option<i64>,
    },
    /// Add, change or show subscribers (mailboxes)
    Subscriber {
        #[command(subcommand)]
        op: SubOp,
    },
    /// Deposit a message (routed: deputy, fax archive, postmaster); prints the id
    Deposit {
        /// Destination address (mailbox number; anything unknown goes to the postmaster)
        #[arg(long)]
        to: String,
        /// Message kind
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Sender address
        #[arg(long, default_value = "")]
        from: String,
        /// Urgent (played before ordinary messages)
        #[arg(long)]
        urgent: bool,
        /// Confidential (cannot be forwarded from the phone)
        #[arg(long)]
        confidential: bool,
        /// Delayed send: file in the outbox until this time (RFC 3339)
        #[arg(long)]
        delay_until: Option<String>,
        /// Priority of a delayed send
        #[arg(long, value_enum, default_value = "normal")]
        priority: PriorityArg,
        /// Receipts back to the sender: delivered, read, deleted (comma-separated)
        #[arg(long, value_delimiter = ',')]
        receipt: Vec<String>,
        /// Voice duration in milliseconds
        #[arg(long)]
        duration_ms: Option<u32>,
        /// Fax page count
        #[arg(long)]
        pages: Option<u32>,
        /// Deposit time (RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
        /// Message body (`-` = stdin)
        file: PathBuf,
    },
    /// A mailbox's messages in play order
    List {
        /// Mailbox number
        number: String,
        /// Only this folder (new, heard, saved, sent, undeliverable, outbox)
        #[arg(long)]
        folder: Option<String>,
    },
    /// Mark a message heard (read) or unheard
    Mark {
        /// Message id
        id: i64,
        /// heard | read | unheard
        state: String,
    },
    /// Move a message to a folder
    Move {
        /// Message id
        id: i64,
        /// new, heard, saved, sent, undeliverable, outbox
        folder: String,
    },
    /// Delete a message
    Delete {
        /// Message id
        id: i64,
    },
    /// Forward a message to another mailbox (refused for confidential messages)
    Forward {
        /// Message id
        id: i64,
        /// Destination address
        #[arg(long)]
        to: String,
        /// Forwarding subscriber (the copy's sender)
        #[arg(long, default_value = "")]
        by: String,
    },
    /// Deliver the delayed messages of a mailbox's outbox that are due
    SendDue {
        /// Mailbox number
        number: String,
        /// The time now (RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
    },
    /// Write a message's body to a file, checked against its checksum
    Fetch {
        /// Message id
        id: i64,
        /// Output (`-` = stdout)
        out: PathBuf,
    },
    /// Message-waiting state per kind, and who is notified how
    Mwi {
        /// Mailbox number
        number: String,
    },
    /// Greetings: record, assign, greeting of the day, central, which plays
    Greeting {
        #[command(subcommand)]
        op: GreetOp,
    },
    /// Create a distribution list (OWNER = mailbox number or `central`)
    ListCreate {
        /// Owner mailbox number, or `central`
        owner: String,
        /// List name
        name: String,
    },
    /// Add a member to a distribution list (lists may mix services)
    ListAdd {
        /// Owner mailbox number, or `central`
        owner: String,
        /// List name
        name: String,
        /// Member address
        address: String,
        /// Service to reach the member by
        #[arg(long, value_enum, default_value = "voice")]
        service: KindArg,
    },
    /// Show the distribution lists of an owner
    Lists {
        /// Owner mailbox number, or `central`
        owner: String,
    },
    /// Dial by name
    Directory {
        #[command(subcommand)]
        op: DirOp,
    },
    /// PIN check, set, unlock
    Pin {
        #[command(subcommand)]
        op: PinOp,
    },
    /// The journal of messages sent and received
    Journal {
        /// Only this subscriber
        #[arg(long)]
        subscriber: Option<String>,
        /// From this time (RFC 3339, inclusive)
        #[arg(long)]
        since: Option<String>,
        /// Until this time (RFC 3339, exclusive)
        #[arg(long)]
        until: Option<String>,
    },
    /// Address book with speed-dial short numbers (OWNER = mailbox number or `central`)
    Addressbook {
        #[command(subcommand)]
        op: AbOp,
    },
    /// Fax-on-demand documents, each under a number
    FaxDoc {
        #[command(subcommand)]
        op: FodOp,
    },
    /// Remove orphan media files left by a crash
    Fsck,
}

#[derive(Subcommand)]
enum AbOp {
    /// Add or replace an entry
    Add {
        /// Owner mailbox number, or `central`
        owner: String,
        /// Short number (speed dial)
        short: String,
        /// Name
        name: String,
        /// Full address
        address: String,
    },
    /// Resolve a short number for a subscriber (personal book first, then central)
    Lookup {
        /// Subscriber mailbox number
        number: String,
        /// Short number
        short: String,
    },
}

#[derive(Subcommand)]
enum FodOp {
    /// Store a document under a number
    Add {
        /// Document number
        number: String,
        /// Title
        title: String,
        /// TIFF file
        file: PathBuf,
        /// Page count
        #[arg(long, default_value_t = 1)]
        pages: u32,
    },
    /// Fetch the document a caller dialled
    Get {
        /// Document number
        number: String,
        /// Output (`-` = stdout)
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum SubOp {
    /// Add a subscriber
    Add {
        /// Mailbox number
        number: String,
        #[command(flatten)]
        set: SubFields,
    },
    /// Change a subscriber
    Set {
        /// Mailbox number
        number: String,
        #[command(flatten)]
        set: SubFields,
    },
    /// Show a subscriber
    Show {
        /// Mailbox number
        number: String,
    },
}

#[derive(clap::Args)]
struct SubFields {
    /// Display name (dial by name)
    #[arg(long)]
    name: Option<String>,
    /// Mailbox kind
    #[arg(long, value_enum)]
    mailbox: Option<MailboxArg>,
    /// Prompt language (en-GB, de-DE …)
    #[arg(long)]
    language: Option<String>,
    /// New PIN (1–24 digits; stored as an Argon2id hash)
    #[arg(long)]
    pin: Option<String>,
    /// Mobile number for SMS notification and call-out
    #[arg(long)]
    mobile: Option<String>,
    /// Deputy mailbox (`none` to clear)
    #[arg(long)]
    deputy: Option<String>,
    /// Redirect to the deputy without keeping a copy
    #[arg(long)]
    deputy_redirect: bool,
    /// Fax-archive mailbox for copies of incoming faxes (`none` to clear)
    #[arg(long)]
    fax_archive: Option<String>,
    /// Members of a group mailbox (comma-separated)
    #[arg(long, value_delimiter = ',')]
    members: Option<Vec<String>>,
    /// Quota: most messages (0 = unlimited)
    #[arg(long)]
    max_messages: Option<u64>,
    /// Quota: most bytes (0 = unlimited)
    #[arg(long)]
    max_bytes: Option<u64>,
    /// Local time offset from UTC in minutes
    #[arg(long, allow_hyphen_values = true)]
    utc_offset: Option<i32>,
    /// Office hours such as `mon-fri 08:00-17:00` (repeat; `none` to clear)
    #[arg(long)]
    hours: Vec<String>,
    /// Notification per kind, such as `fax=lamp,sms` (repeat; `voice=` for none)
    #[arg(long)]
    notify: Vec<String>,
}

#[derive(Subcommand)]
enum GreetOp {
    /// Record a personal greeting slot (1–9) or the recorded name (`name`) from a file
    Set {
        /// Mailbox number
        number: String,
        /// 1–9, or `name`
        slot: String,
        /// Audio file
        file: PathBuf,
    },
    /// Assign a recorded slot to a situation (`none` clears)
    Assign {
        /// Mailbox number
        number: String,
        /// alternate, internal, external, busy, out-of-hours
        situation: String,
        /// Slot 1–9, or `none`
        slot: String,
    },
    /// Set the greeting of the day (expires at local midnight)
    Day {
        /// Mailbox number
        number: String,
        /// Slot 1–9
        slot: u8,
        /// When it is set (RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
    },
    /// Store a central greeting and make it the active one (`--off` to deactivate)
    Central {
        /// Central greeting id
        id: Option<u32>,
        /// Audio file
        file: Option<PathBuf>,
        /// No central greeting
        #[arg(long)]
        off: bool,
    },
    /// Which greeting plays for a call
    Which {
        /// Mailbox number
        number: String,
        /// Time of the call (RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
        /// Who calls
        #[arg(long, value_enum, default_value = "external")]
        caller: CallerArg,
        /// The line is busy
        #[arg(long)]
        busy: bool,
    },
}

#[derive(Subcommand)]
enum DirOp {
    /// Search names by keypad keys (2=ABC … 9=WXYZ)
    Search {
        /// Keys typed
        keys: String,
        /// Page (0 = first six matches)
        #[arg(long, default_value_t = 0)]
        page: usize,
        /// Keys needed before searching
        #[arg(long, default_value_t = 1)]
        min_keys: usize,
    },
}

#[derive(Subcommand)]
enum PinOp {
    /// Check a PIN (counts toward the lockout); exit 1 unless accepted
    Check {
        /// Mailbox number
        number: String,
        /// PIN as typed
        pin: String,
        /// Time of the attempt (RFC 3339; default now)
        #[arg(long)]
        at: Option<String>,
    },
    /// Set a new PIN
    Set {
        /// Mailbox number
        number: String,
        /// New PIN (1–24 digits)
        pin: String,
    },
    /// Administrator unlock
    Unlock {
        /// Mailbox number
        number: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Voice,
    Fax,
    Email,
    Sms,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            KindArg::Voice => Kind::Voice,
            KindArg::Fax => Kind::Fax,
            KindArg::Email => Kind::Email,
            KindArg::Sms => Kind::Sms,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PriorityArg {
    Normal,
    Medium,
    High,
}

#[derive(Clone, Copy, ValueEnum)]
enum CallerArg {
    Internal,
    External,
}

#[derive(Clone, Copy, ValueEnum)]
enum MailboxArg {
    Personal,
    Group,
    Postmaster,
    FaxArchive,
}

/// Maps a library error to the CLI's: bad input (exit 2) for what the user
/// typed wrong, failure (exit 1) for storage and refused operations.
fn err(e: Error) -> CliError {
    match e {
        Error::BadPin { .. }
        | Error::UnknownSubscriber(_)
        | Error::SubscriberExists(_)
        | Error::UnknownMessage(_)
        | Error::Limit { .. }
        | Error::Invalid { .. }
        | Error::UnknownList(_) => CliError::input(e),
        _ => CliError::failure(e),
    }
}

fn time(s: Option<&String>) -> CliResult<DateTime<Utc>> {
    match s {
        None => Ok(Utc::now()),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                CliError::input(format!(
                    "time {s:?}: {e} (want RFC 3339, e.g. 2026-11-23T10:00:00+01:00)"
                ))
            }),
    }
}

fn print_json(v: &serde_json::Value) -> CliResult {
    outln!("{v}")
}

fn subscriber(store: &SqliteStore, number: &str) -> CliResult<Subscriber> {
    store
        .subscriber(number)
        .map_err(err)?
        .ok_or_else(|| CliError::input(Error::UnknownSubscriber(number.to_owned())))
}

fn policy(store: &SqliteStore) -> CliResult<PinPolicy> {
    let mut p = PinPolicy::default();
    if let Some(v) = store.setting("pin.max_failures").map_err(err)? {
        p.max_failures = v.parse().map_err(CliError::failure)?;
    }
    if let Some(v) = store.setting("pin.lockout_secs").map_err(err)? {
        let secs: i64 = v.parse().map_err(CliError::failure)?;
        p.lockout_secs = (secs > 0).then_some(secs);
    }
    Ok(p)
}

fn owner(s: &str) -> Option<String> {
    (s != "central").then(|| s.to_owned())
}

fn apply(sub: &mut Subscriber, f: &SubFields, policy: &PinPolicy) -> CliResult {
    if let Some(v) = &f.name {
        sub.name.clone_from(v);
    }
    if let Some(m) = f.mailbox {
        sub.kind = match m {
            MailboxArg::Personal => MailboxKind::Personal,
            MailboxArg::Group => MailboxKind::Group,
            MailboxArg::Postmaster => MailboxKind::Postmaster,
            MailboxArg::FaxArchive => MailboxKind::FaxArchive,
        };
    }
    if let Some(v) = &f.language {
        sub.language.clone_from(v);
    }
    if let Some(p) = &f.pin {
        let salt = pin::random_salt().map_err(err)?;
        sub.pin = Some(pin::hash_pin(p, &salt, policy).map_err(err)?);
    }
    if let Some(v) = &f.mobile {
        sub.mobile = (v != "none").then(|| v.clone());
    }
    if let Some(v) = &f.deputy {
        sub.deputy = (v != "none").then(|| Deputy {
            number: v.clone(),
            keep_copy: !f.deputy_redirect,
        });
    }
    if let Some(v) = &f.fax_archive {
        sub.fax_archive = (v != "none").then(|| v.clone());
    }
    if let Some(v) = &f.members {
        sub.members.clone_from(v);
    }
    if let Some(v) = f.max_messages {
        sub.max_messages = v;
    }
    if let Some(v) = f.max_bytes {
        sub.max_bytes = v;
    }
    if let Some(v) = f.utc_offset {
        sub.profile.utc_offset_minutes = v;
    }
    if !f.hours.is_empty() {
        sub.profile.hours = f
            .hours
            .iter()
            .filter(|h| h.as_str() != "none")
            .map(|h| greeting::parse_hours(h))
            .collect::<Result<_, _>>()
            .map_err(err)?;
    }
    for n in &f.notify {
        let (kind, targets) = n
            .split_once('=')
            .ok_or_else(|| CliError::input(format!("--notify {n:?}: want KIND=TARGET,…")))?;
        let kind = Kind::parse(kind).map_err(err)?;
        let targets = targets
            .split(',')
            .filter(|t| !t.is_empty())
            .map(NotifyTarget::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        sub.notify.insert(kind, targets);
    }
    Ok(())
}

fn message_line(m: &Message) -> String {
    let mut marks = Vec::new();
    if m.marks.urgent {
        marks.push("urgent");
    }
    if m.marks.confidential {
        marks.push("confidential");
    }
    if m.marks.delayed_until.is_some() {
        marks.push("delayed");
    }
    format!(
        "{:>8}  {:<8} {:<7} {:<22} from {:<16} {} {} bytes",
        m.id,
        m.folder.as_str(),
        m.kind.as_str(),
        if marks.is_empty() {
            "-".to_owned()
        } else {
            marks.join(",")
        },
        if m.from.is_empty() {
            "unknown"
        } else {
            &m.from
        },
        m.deposited_at.to_rfc3339(),
        m.size
    )
}

pub(crate) fn run(args: &Args) -> CliResult {
    if !matches!(*args.op, Op::Init { .. }) && !args.store.join("meta.db").is_file() {
        return Err(CliError::input(format!(
            "{}: no mailbox store here (run `missive mailbox --store {} init`)",
            args.store.display(),
            args.store.display()
        )));
    }
    let store = SqliteStore::open(&args.store).map_err(err)?;
    let j = args.json;
    match &*args.op {
        Op::Init {
            postmaster,
            pin_max_failures,
            pin_lockout_secs,
        } => {
            store
                .put_setting(missive_mailbox::deliver::POSTMASTER_SETTING, postmaster)
                .map_err(err)?;
            if store.subscriber(postmaster).map_err(err)?.is_none() {
                let mut pm = Subscriber::new(postmaster.clone(), "Postmaster");
                pm.kind = MailboxKind::Postmaster;
                pm.max_messages = 0;
                store.put_subscriber(&pm, true).map_err(err)?;
            }
            if let Some(n) = pin_max_failures {
                store
                    .put_setting("pin.max_failures", &n.to_string())
                    .map_err(err)?;
            }
            if let Some(s) = pin_lockout_secs {
                store
                    .put_setting("pin.lockout_secs", &s.to_string())
                    .map_err(err)?;
            }
            if j {
                print_json(&json!({"store": args.store, "postmaster": postmaster}))?;
            } else {
                outln!(
                    "store {} ready, postmaster {postmaster}",
                    args.store.display()
                )?;
            }
        }
        Op::Subscriber { op } => match op {
            SubOp::Add { number, set } => {
                let name = set
                    .name
                    .clone()
                    .ok_or_else(|| CliError::input("subscriber add needs --name"))?;
                let mut sub = Subscriber::new(number.clone(), name);
                apply(&mut sub, set, &policy(&store)?)?;
                store.put_subscriber(&sub, true).map_err(err)?;
                show_sub(&sub, j)?;
            }
            SubOp::Set { number, set } => {
                let mut sub = subscriber(&store, number)?;
                apply(&mut sub, set, &policy(&store)?)?;
                store.put_subscriber(&sub, false).map_err(err)?;
                show_sub(&sub, j)?;
            }
            SubOp::Show { number } => show_sub(&subscriber(&store, number)?, j)?,
        },
        Op::Deposit {
            to,
            kind,
            from,
            urgent,
            confidential,
            delay_until,
            priority,
            receipt,
            duration_ms,
            pages,
            at,
            file,
        } => {
            let body = files::read(file, files::DOCUMENT_MAX)?;
            let now = time(at.as_ref())?;
            let mut msg = NewMessage::new(to.clone(), kind.kind(), from.clone());
            msg.marks.urgent = *urgent;
            msg.marks.confidential = *confidential;
            msg.marks.priority = match priority {
                PriorityArg::Normal => Priority::Normal,
                PriorityArg::Medium => Priority::Medium,
                PriorityArg::High => Priority::High,
            };
            if let Some(t) = delay_until {
                msg.marks.delayed_until = Some(time(Some(t))?);
                msg.folder = Folder::Outbox;
            }
            for r in receipt {
                msg.marks.receipts.push(match r.as_str() {
                    "delivered" => ReceiptKind::Delivered,
                    "read" => ReceiptKind::Read,
                    "deleted" => ReceiptKind::Deleted,
                    _ => {
                        return Err(CliError::input(format!(
                            "--receipt {r:?}: want delivered|read|deleted"
                        )))
                    }
                });
            }
            msg.duration_ms = *duration_ms;
            msg.pages = *pages;
            let stored = deliver(&store, &msg, &body, now).map_err(err)?;
            let mut notes = Vec::new();
            for s in &stored {
                if let Some(sub) = store.subscriber(&s.delivery.mailbox).map_err(err)? {
                    let mwi = store.mwi(&sub.number).map_err(err)?;
                    notes.extend(rules::notifications(&sub, msg.kind, &mwi));
                }
            }
            if j {
                print_json(&json!({"stored": stored, "notifications": notes}))?;
            } else {
                for s in &stored {
                    outln!("{}", s.id)?;
                }
                for s in stored.iter().skip(1) {
                    errln!(
                        "copy {} in mailbox {} ({:?})",
                        s.id,
                        s.delivery.mailbox,
                        s.delivery.reason
                    );
                }
                for n in &notes {
                    errln!(
                        "notify {} {} {}",
                        n.target.as_str(),
                        n.address,
                        if n.on { "on" } else { "off" }
                    );
                }
            }
        }
        Op::List { number, folder } => {
            subscriber(&store, number)?;
            let folder = folder
                .as_deref()
                .map(Folder::parse)
                .transpose()
                .map_err(err)?;
            let list = store.list(number, folder).map_err(err)?;
            if j {
                print_json(&json!(list))?;
            } else {
                for m in &list {
                    outln!("{}", message_line(m))?;
                }
            }
        }
        Op::Mark { id, state } => {
            let folder = match state.as_str() {
                "heard" | "read" => Folder::Heard,
                "unheard" | "unread" | "new" => Folder::New,
                _ => {
                    return Err(CliError::input(format!(
                        "mark {state:?}: want heard|unheard"
                    )))
                }
            };
            moved(&store, *id, folder, j)?;
        }
        Op::Move { id, folder } => moved(&store, *id, Folder::parse(folder).map_err(err)?, j)?,
        Op::Delete { id } => {
            let m = store.message(*id).map_err(err)?;
            if m.folder == Folder::New {
                missive_mailbox::send_receipt(&store, *id, ReceiptKind::Deleted, Utc::now())
                    .map_err(err)?;
            }
            store.delete(*id, Utc::now()).map_err(err)?;
            let mwi = store.mwi(&m.mailbox).map_err(err)?;
            if j {
                print_json(&json!({"deleted": id, "mailbox": m.mailbox, "mwi": mwi}))?;
            } else {
                outln!("deleted {id} from {}", m.mailbox)?;
            }
        }
        Op::Forward { id, to, by } => {
            let stored = missive_mailbox::forward(&store, *id, to, by, Utc::now()).map_err(err)?;
            if j {
                print_json(&json!({"stored": stored}))?;
            } else {
                for s in &stored {
                    outln!("{}", s.id)?;
                }
            }
        }
        Op::SendDue { number, at } => {
            subscriber(&store, number)?;
            let ids = missive_mailbox::send_due(&store, number, time(at.as_ref())?).map_err(err)?;
            if j {
                print_json(&json!({"delivered": ids}))?;
            } else {
                for id in &ids {
                    outln!("{id}")?;
                }
            }
        }
        Op::Fetch { id, out } => {
            let body = store.body(*id).map_err(err)?;
            files::write(out, &body)?;
        }
        Op::Mwi { number } => {
            let sub = subscriber(&store, number)?;
            let mwi = store.mwi(number).map_err(err)?;
            let mut notes = BTreeMap::new();
            for k in Kind::ALL {
                notes.insert(k.as_str(), rules::notifications(&sub, k, &mwi));
            }
            if j {
                print_json(
                    &json!({"mailbox": number, "waiting": mwi.waiting(), "per_kind": mwi.per_kind, "total": mwi.total(), "notify": notes}),
                )?;
            } else {
                outln!("lamp {}", if mwi.waiting() { "on" } else { "off" })?;
                for (k, c) in &mwi.per_kind {
                    outln!("{:<8} new {:>5}  old {:>5}", k.as_str(), c.new, c.old)?;
                }
            }
        }
        Op::Greeting { op } => greeting_op(&store, op, j)?,
        Op::ListCreate { owner: o, name } => {
            let own = owner(o);
            if let Some(n) = &own {
                subscriber(&store, n)?;
            }
            let lists = store.lists(own.as_deref()).map_err(err)?;
            if lists.iter().any(|l| &l.name == name) {
                return Err(CliError::input(format!(
                    "list {name} of {o} exists already"
                )));
            }
            rules::check_new_list(lists.len(), &ListLimits::default()).map_err(err)?;
            let list = DistributionList {
                owner: own,
                name: name.clone(),
                members: Vec::new(),
            };
            store.put_list(&list).map_err(err)?;
            if j {
                print_json(&json!(list))?;
            } else {
                outln!(
                    "list {name} of {o} created ({} of {} lists)",
                    lists.len() + 1,
                    ListLimits::default().max_lists
                )?;
            }
        }
        Op::ListAdd {
            owner: o,
            name,
            address,
            service,
        } => {
            let mut list = store
                .lists(owner(o).as_deref())
                .map_err(err)?
                .into_iter()
                .find(|l| &l.name == name)
                .ok_or_else(|| err(Error::UnknownList(format!("{o}/{name}"))))?;
            rules::add_member(
                &mut list,
                ListMember {
                    address: address.clone(),
                    service: service.kind(),
                },
                &ListLimits::default(),
            )
            .map_err(err)?;
            store.put_list(&list).map_err(err)?;
            if j {
                print_json(&json!(list))?;
            } else {
                outln!("{name}: {} members", list.members.len())?;
            }
        }
        Op::Lists { owner: o } => {
            let lists = store.lists(owner(o).as_deref()).map_err(err)?;
            if j {
                print_json(&json!(lists))?;
            } else {
                for l in &lists {
                    let members: Vec<String> = l
                        .members
                        .iter()
                        .map(|m| format!("{} ({})", m.address, m.service.as_str()))
                        .collect();
                    outln!("{}: {}", l.name, members.join(", "))?;
                }
            }
        }
        Op::Directory {
            op:
                DirOp::Search {
                    keys,
                    page,
                    min_keys,
                },
        } => {
            let subs = store.subscribers().map_err(err)?;
            let p = directory::search(
                subs.iter()
                    .filter(|s| s.kind != MailboxKind::Postmaster)
                    .map(|s| (s.number.as_str(), s.name.as_str())),
                keys,
                *min_keys,
                *page,
            )
            .map_err(err)?;
            if j {
                print_json(&json!(p))?;
            } else {
                for m in &p.matches {
                    outln!("{:>8}  {}", m.number, m.name)?;
                }
                if p.more {
                    outln!("(more: --page {})", page + 1)?;
                }
            }
        }
        Op::Pin { op } => pin_op(&store, op, j)?,
        Op::Journal {
            subscriber: s,
            since,
            until,
        } => {
            let since = since.as_ref().map(|t| time(Some(t))).transpose()?;
            let until = until.as_ref().map(|t| time(Some(t))).transpose()?;
            let entries = store.journal(s.as_deref(), since, until).map_err(err)?;
            if j {
                print_json(&json!(entries))?;
            } else {
                for e in &entries {
                    outln!(
                        "{} {:<8} {:<8} {:<7} message {} peer {}",
                        e.at.to_rfc3339(),
                        e.subscriber,
                        format!("{:?}", e.direction).to_lowercase(),
                        e.kind.as_str(),
                        e.message,
                        if e.peer.is_empty() {
                            "unknown"
                        } else {
                            &e.peer
                        }
                    )?;
                }
            }
        }
        Op::Addressbook { op } => match op {
            AbOp::Add {
                owner: o,
                short,
                name,
                address,
            } => {
                let entry = AddressEntry {
                    owner: owner(o),
                    short: short.clone(),
                    name: name.clone(),
                    address: address.clone(),
                };
                store.put_address(&entry).map_err(err)?;
                report(
                    j,
                    &json!(entry),
                    &format!("{o} short {short}: {name} <{address}>"),
                )?;
            }
            AbOp::Lookup { number, short } => {
                let e = store
                    .lookup_short(number, short)
                    .map_err(err)?
                    .ok_or_else(|| {
                        CliError::input(format!("no short number {short} for {number}"))
                    })?;
                report(j, &json!(e), &format!("{} <{}>", e.name, e.address))?;
            }
        },
        Op::FaxDoc { op } => match op {
            FodOp::Add {
                number,
                title,
                file,
                pages,
            } => {
                let doc = FaxDocument {
                    number: number.clone(),
                    title: title.clone(),
                    pages: *pages,
                };
                store
                    .put_fax_document(&doc, &files::read(file, files::DOCUMENT_MAX)?)
                    .map_err(err)?;
                report(
                    j,
                    &json!(doc),
                    &format!("fax document {number}: {title} ({pages} pages)"),
                )?;
            }
            FodOp::Get { number, out } => {
                let (_, body) = store
                    .fax_document(number)
                    .map_err(err)?
                    .ok_or_else(|| CliError::input(format!("no fax document {number}")))?;
                files::write(out, &body)?;
            }
        },
        Op::Fsck => {
            let n = store.fsck().map_err(err)?;
            if j {
                print_json(&json!({"orphans_removed": n}))?;
            } else {
                outln!("{n} orphan media files removed")?;
            }
        }
    }
    Ok(())
}

fn show_sub(sub: &Subscriber, j: bool) -> CliResult {
    if j {
        // The PIN hash is not shown; only whether one is set and locked.
        let mut v = serde_json::to_value(sub).map_err(CliError::failure)?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "pin".into(),
                json!(sub.pin.as_ref().map(|p| json!({"set": true, "failures": p.failures, "locked_until": p.locked_until, "admin_locked": p.admin_locked}))),
            );
        }
        print_json(&v)?;
    } else {
        outln!(
            "{}  {}  ({:?}, {})",
            sub.number,
            sub.name,
            sub.kind,
            sub.language
        )?;
        outln!(
            "  pin: {}",
            if sub.pin.is_some() { "set" } else { "not set" }
        )?;
        if let Some(d) = &sub.deputy {
            outln!(
                "  deputy: {} ({})",
                d.number,
                if d.keep_copy { "copy" } else { "redirect" }
            )?;
        }
        if let Some(m) = &sub.mobile {
            outln!("  mobile: {m}")?;
        }
        outln!(
            "  quota: {} messages, {} bytes (0 = unlimited)",
            sub.max_messages,
            sub.max_bytes
        )?;
    }
    Ok(())
}

fn moved(store: &SqliteStore, id: i64, folder: Folder, j: bool) -> CliResult {
    let before = store.message(id).map_err(err)?;
    let m = store.move_to(id, folder, Utc::now()).map_err(err)?;
    if before.folder == Folder::New && folder != Folder::New {
        missive_mailbox::send_receipt(store, id, ReceiptKind::Read, Utc::now()).map_err(err)?;
    }
    let mwi = store.mwi(&m.mailbox).map_err(err)?;
    if j {
        print_json(&json!({"message": m, "mwi": mwi}))?;
    } else {
        outln!("{}", message_line(&m))?;
        outln!("lamp {}", if mwi.waiting() { "on" } else { "off" })?;
    }
    Ok(())
}

fn greeting_op(store: &SqliteStore, op: &GreetOp, j: bool) -> CliResult {
    match op {
        GreetOp::Set { number, slot, file } => {
            let mut sub = subscriber(store, number)?;
            let audio = files::read(file, files::DOCUMENT_MAX)?;
            if slot == "name" {
                store
                    .put_blob(&format!("name/{number}"), &audio)
                    .map_err(err)?;
                sub.greetings.recorded_name = true;
            } else {
                let s: u8 = slot
                    .parse()
                    .map_err(|_| CliError::input(format!("slot {slot:?}: want 1–9 or `name`")))?;
                greeting::record(&mut sub.greetings, s).map_err(err)?;
                store
                    .put_blob(&format!("greeting/{number}/{s}"), &audio)
                    .map_err(err)?;
            }
            store.put_subscriber(&sub, false).map_err(err)?;
            report(
                j,
                &json!(sub.greetings),
                &format!("greeting {slot} of {number} recorded"),
            )?;
        }
        GreetOp::Assign {
            number,
            situation,
            slot,
        } => {
            let mut sub = subscriber(store, number)?;
            let sit = Situation::parse(situation).map_err(err)?;
            let slot = if slot == "none" {
                None
            } else {
                Some(
                    slot.parse::<u8>()
                        .map_err(|_| CliError::input(format!("slot {slot:?}: want 1–9 or none")))?,
                )
            };
            greeting::assign(&mut sub.greetings, sit, slot).map_err(err)?;
            store.put_subscriber(&sub, false).map_err(err)?;
            report(
                j,
                &json!(sub.greetings),
                &format!(
                    "{situation} greeting of {number}: {}",
                    slot.map_or("none".into(), |s| s.to_string())
                ),
            )?;
        }
        GreetOp::Day { number, slot, at } => {
            let mut sub = subscriber(store, number)?;
            let now = time(at.as_ref())?;
            greeting::set_day(&mut sub.greetings, *slot, now, &sub.profile.clone()).map_err(err)?;
            store.put_subscriber(&sub, false).map_err(err)?;
            let exp = sub.greetings.day.map(|d| d.expires_at);
            report(
                j,
                &json!({"slot": slot, "expires_at": exp}),
                &format!(
                    "greeting of the day for {number}: slot {slot} until {}",
                    exp.map_or(String::new(), |e| e.to_rfc3339())
                ),
            )?;
        }
        GreetOp::Central { id, file, off } => {
            if *off {
                store.put_setting("central_greeting", "").map_err(err)?;
                report(j, &json!({"central": null}), "no central greeting")?;
            } else {
                let (Some(id), Some(file)) = (id, file) else {
                    return Err(CliError::input("greeting central needs ID FILE, or --off"));
                };
                store
                    .put_blob(
                        &format!("central/{id}"),
                        &files::read(file, files::DOCUMENT_MAX)?,
                    )
                    .map_err(err)?;
                store
                    .put_setting("central_greeting", &id.to_string())
                    .map_err(err)?;
                report(
                    j,
                    &json!({"central": id}),
                    &format!("central greeting {id} active"),
                )?;
            }
        }
        GreetOp::Which {
            number,
            at,
            caller,
            busy,
        } => {
            let sub = subscriber(store, number)?;
            let now = time(at.as_ref())?;
            let central = store
                .setting("central_greeting")
                .map_err(err)?
                .and_then(|s| s.parse::<u32>().ok());
            let caller = match caller {
                CallerArg::Internal => Caller::Internal,
                CallerArg::External => Caller::External,
            };
            let c = greeting::select(&sub, now, caller, *busy, central).map_err(err)?;
            let text = match c.source {
                greeting::GreetingSource::Situation(s) => {
                    format!("personal greeting {} ({})", c.slot.unwrap_or(0), s.as_str())
                }
                greeting::GreetingSource::Day => {
                    format!("greeting of the day (slot {})", c.slot.unwrap_or(0))
                }
                greeting::GreetingSource::Central => {
                    format!("central greeting {}", c.central.unwrap_or(0))
                }
                greeting::GreetingSource::SystemDefault => format!(
                    "system default greeting with {}",
                    if c.recorded_name {
                        "the recorded name".to_owned()
                    } else {
                        format!("the number {number} spoken")
                    }
                ),
            };
            report(j, &json!(c), &text)?;
        }
    }
    Ok(())
}

fn report(j: bool, v: &serde_json::Value, text: &str) -> CliResult {
    if j {
        print_json(v)
    } else {
        outln!("{text}")
    }
}

fn pin_op(store: &SqliteStore, op: &PinOp, j: bool) -> CliResult {
    let policy = policy(store)?;
    match op {
        PinOp::Check {
            number,
            pin: typed,
            at,
        } => {
            let mut sub = subscriber(store, number)?;
            let state = sub
                .pin
                .clone()
                .ok_or_else(|| CliError::input(format!("{number} has no PIN set")))?;
            let (outcome, next) =
                pin::check_pin(&state, typed, time(at.as_ref())?, &policy).map_err(err)?;
            sub.pin = Some(next);
            store.put_subscriber(&sub, false).map_err(err)?;
            let text = match outcome {
                PinOutcome::Accepted => "accepted".to_owned(),
                PinOutcome::Wrong { remaining } => format!("wrong PIN, {remaining} attempts left"),
                PinOutcome::Locked { until: Some(t) } => format!("locked until {}", t.to_rfc3339()),
                PinOutcome::Locked { until: None } => {
                    "locked until an administrator unlocks".to_owned()
                }
            };
            report(j, &json!(outcome), &text)?;
            if outcome != PinOutcome::Accepted {
                return Err(CliError::failure(format!(
                    "PIN not accepted for {number}: {text}"
                )));
            }
        }
        PinOp::Set { number, pin: new } => {
            let mut sub = subscriber(store, number)?;
            sub.pin =
                Some(pin::hash_pin(new, &pin::random_salt().map_err(err)?, &policy).map_err(err)?);
            store.put_subscriber(&sub, false).map_err(err)?;
            report(j, &json!({"pin": "set"}), &format!("PIN of {number} set"))?;
        }
        PinOp::Unlock { number } => {
            let mut sub = subscriber(store, number)?;
            sub.pin = sub.pin.as_ref().map(pin::admin_unlock);
            store.put_subscriber(&sub, false).map_err(err)?;
            report(
                j,
                &json!({"unlocked": number}),
                &format!("{number} unlocked"),
            )?;
        }
    }
    Ok(())
}
