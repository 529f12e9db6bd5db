//! The embedded default store: SQLite (bundled, WAL, `synchronous=FULL` but
//! for file-backed deposits, see below) for
//! metadata, counts and the journal; large bodies as files.
//!
//! # Durability: one `fsync` per deposit
//! A body larger than [`SqliteOptions::inline_max`] is written to its own
//! file under `media/<shard>/`, together with everything needed to re-create
//! its row: a *self-describing record* (magic, message id, time, the
//! [`NewMessage`] as JSON, body, CRC-32 over all of it). The file comes from
//! a pool of empty files created ahead (up to 32 at a time, one directory
//! `fsync`), each *reserved* in the database by a durable row
//! (`reserved(file, owner)`) together with a block of message ids. A deposit
//! then
//!
//! 1. writes the record into a reserved file and `fdatasync`s it (the one
//!    `fsync` of the deposit: data and new size);
//! 2. commits the message row, its counts and journal lines, and deletes the
//!    file's reservation, in one transaction *without* a WAL `fsync`
//!    (`synchronous=NORMAL` for that transaction only);
//! 3. returns: the message is durable because its record is.
//!
//! A process crash cannot lose the committed transaction (it is in the OS);
//! a power loss may drop the last un-`fsync`ed transactions of the WAL (never
//! a middle one, and any later `synchronous=FULL` commit — every move, mark,
//! delete, inline deposit — has made all earlier ones durable). Opening the
//! store *recovers*: every reservation of a process that is no longer alive
//! (its `flock` on `media/owners/<owner>` is gone) whose file holds a
//! complete record with a valid CRC is replayed under the reserved message
//! id; the other reserved files (empty, torn) are removed. A half-written
//! record fails its CRC, so it never becomes a message, and a message never
//! exists without its complete body. Small bodies (SMS, e-mail, receipts) go
//! inline in the row, committed with `synchronous=FULL` (one WAL `fsync`).
//!
//! # Group commit
//! Concurrent depositors write and `fsync` their records in parallel, then
//! queue their rows; whichever thread holds the writer connection next
//! commits every queued row in one transaction (with one WAL `fsync` for all
//! when inline bodies are among them, none otherwise), and each depositor
//! returns once its own row is committed.
//!
//! # One truth for counts
//! Every change of a message (deposit, move, mark, delete) updates the
//! per-mailbox, per-kind MWI counts and the quota usage in the same
//! `BEGIN IMMEDIATE` transaction, so concurrent callers, in-process or in
//! other processes, never see counts that disagree with the messages.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    AddressEntry, Direction, DistributionList, FaxDocument, Folder, JournalEntry, Kind, Marks,
    Message, MessageId, NewMessage, ReceiptKind, StateChange, Subscriber,
};
use crate::rules::{check_quota, Mwi, MwiCount};
use crate::store::Store;

/// Number of media shard directories.
const SHARDS: u64 = 64;

/// Most body files (and message ids) reserved per refill; the first refill
/// of a process reserves 4, each next one twice as many.
const POOL_MAX: u64 = 32;

/// Magic number opening a self-describing body record.
const RECORD_MAGIC: &[u8; 8] = b"MSVMREC1";

/// Fixed part of a record: magic, id, time, meta length, body length, CRC.
const RECORD_HEAD: usize = 8 + 8 + 8 + 4 + 8 + 4;

/// Options of the embedded store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteOptions {
    /// Bodies up to this size are stored inline in the database.
    pub inline_max: usize,
    /// Largest body accepted.
    pub max_body: usize,
    /// `fsync` bodies, directories and the WAL (turn off only for bulk loads
    /// of test data: without it nothing is durable).
    pub durable: bool,
}

impl Default for SqliteOptions {
    /// 16 KiB inline, 64 MiB per body, durable.
    fn default() -> Self {
        Self {
            inline_max: 16 * 1024,
            max_body: 64 * 1024 * 1024,
            durable: true,
        }
    }
}

/// A queued row awaiting group commit.
struct Pending {
    id: MessageId,
    msg: NewMessage,
    size: u64,
    crc: u32,
    file: Option<String>,
    inline: Option<Vec<u8>>,
    now: DateTime<Utc>,
    slot: Arc<Mutex<Option<Result<MessageId>>>>,
}

/// The embedded store in a directory (`meta.db` + `media/`).
pub struct SqliteStore {
    dir: PathBuf,
    opts: SqliteOptions,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    queue: Mutex<Vec<Pending>>,
    counter: AtomicU64,
    /// Reserved message ids and pre-created, reserved, empty body files.
    pool: Mutex<Pool>,
    /// This process's owner name (in `reserved` rows and `media/owners/`).
    owner: String,
    /// The owner file, `flock`ed while the store is open.
    owner_file: Option<File>,
    /// Deposits replayed from body records when the store was opened.
    recovered: usize,
}

/// Reserved ids and files of one open store.
#[derive(Default)]
struct Pool {
    ids: std::collections::VecDeque<MessageId>,
    files: Vec<(String, PathBuf)>,
    refills: u32,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        // Unused pool files are empty: a clean close removes them and their
        // reservations; after a crash the next open does.
        let files: Vec<_> = lock(&self.pool).files.drain(..).collect();
        // No deposit is in flight (`&mut self`): every reservation left is a
        // spare file. A lost release is redone by the next open.
        let released =
            lock(&self.writer).execute("DELETE FROM reserved WHERE owner = ?1", [&self.owner]);
        for (_, path) in &files {
            let _ = fs::remove_file(path);
        }
        if released.is_ok() {
            let _ = fs::remove_file(owner_path(&self.dir, &self.owner));
        }
        drop(self.owner_file.take());
    }
}

fn owner_path(dir: &Path, owner: &str) -> PathBuf {
    dir.join("media").join("owners").join(owner)
}

/// Creates and locks this process's owner file.
#[cfg(unix)]
fn lock_owner(path: &Path) -> Result<File> {
    let f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    rustix::fs::flock(&f, rustix::fs::FlockOperation::NonBlockingLockExclusive)
        .map_err(|e| Error::io(path, e.into()))?;
    Ok(f)
}

#[cfg(not(unix))]
fn lock_owner(path: &Path) -> Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))
}

/// Whether the process owning `path` is alive (holds its lock). Without the
/// file, it is gone.
#[cfg(unix)]
fn owner_alive(path: &Path) -> bool {
    match File::open(path) {
        Ok(f) => {
            rustix::fs::flock(&f, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_err()
        }
        Err(_) => false,
    }
}

/// Without `flock`, an owner file that cannot be removed is held open.
#[cfg(not(unix))]
fn owner_alive(path: &Path) -> bool {
    path.exists() && fs::remove_file(path).is_err()
}

/// A body record: everything needed to re-create the message row.
fn encode_record(
    id: MessageId,
    now: DateTime<Utc>,
    msg: &NewMessage,
    body: &[u8],
) -> Result<Vec<u8>> {
    let meta = json(msg)?;
    let mut out = Vec::with_capacity(RECORD_HEAD + meta.len() + body.len());
    out.extend_from_slice(RECORD_MAGIC);
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&micros(now).to_le_bytes());
    let meta_len =
        u32::try_from(meta.len()).map_err(|_| Error::invalid("message metadata", meta.len()))?;
    out.extend_from_slice(&meta_len.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    let mut h = crc32fast::Hasher::new();
    h.update(&out[8..]);
    h.update(meta.as_bytes());
    h.update(body);
    out.extend_from_slice(&h.finalize().to_le_bytes());
    out.extend_from_slice(meta.as_bytes());
    Ok(out)
}

/// Parses a complete record (`None` when empty, torn or corrupt).
fn decode_record(data: &[u8]) -> Option<(MessageId, DateTime<Utc>, NewMessage, &[u8])> {
    let head = data.get(..RECORD_HEAD)?;
    if head.get(..8)? != RECORD_MAGIC {
        return None;
    }
    let int = |r: std::ops::Range<usize>| -> Option<u64> {
        let b = head.get(r)?;
        let mut a = [0u8; 8];
        a.get_mut(..b.len())?.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    };
    let id = int(8..16)? as i64;
    let at = from_micros(int(16..24)? as i64).ok()?;
    let meta_len = usize::try_from(int(24..28)?).ok()?;
    let body_len = usize::try_from(int(28..36)?).ok()?;
    let crc = int(36..40)? as u32;
    let meta_end = RECORD_HEAD.checked_add(meta_len)?;
    let end = meta_end.checked_add(body_len)?;
    if data.len() != end {
        return None;
    }
    let (meta, body) = (data.get(RECORD_HEAD..meta_end)?, data.get(meta_end..end)?);
    let mut h = crc32fast::Hasher::new();
    h.update(head.get(8..36)?);
    h.update(meta);
    h.update(body);
    if h.finalize() != crc {
        return None;
    }
    let msg: NewMessage = serde_json::from_slice(meta).ok()?;
    Some((id, at, msg, body))
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// The rest of a message row, kept as JSON.
#[derive(Serialize, Deserialize)]
struct Meta {
    receipt: Option<ReceiptKind>,
    from: String,
    to: Vec<String>,
    duration_ms: Option<u32>,
    pages: Option<u32>,
    marks: Marks,
    history: Vec<StateChange>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS subscribers(number TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages(
  id INTEGER PRIMARY KEY AUTOINCREMENT, mailbox TEXT NOT NULL, kind INTEGER NOT NULL, folder INTEGER NOT NULL,
  deposited_at INTEGER NOT NULL, size INTEGER NOT NULL, crc INTEGER NOT NULL,
  file TEXT, body BLOB, meta TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS messages_mailbox ON messages(mailbox, folder);
CREATE TABLE IF NOT EXISTS mwi(mailbox TEXT NOT NULL, kind INTEGER NOT NULL,
  new INTEGER NOT NULL, old INTEGER NOT NULL, PRIMARY KEY(mailbox, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usage(mailbox TEXT PRIMARY KEY, messages INTEGER NOT NULL,
  bytes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS journal(at INTEGER NOT NULL, subscriber TEXT NOT NULL,
  direction INTEGER NOT NULL, kind INTEGER NOT NULL, message INTEGER NOT NULL, peer TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS journal_sub ON journal(subscriber, at);
CREATE INDEX IF NOT EXISTS journal_at ON journal(at);
CREATE TABLE IF NOT EXISTS lists(owner TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY(owner, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blobs(key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reserved(file TEXT PRIMARY KEY, owner TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reserved_owner ON reserved(owner);
CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS addresses(owner TEXT NOT NULL, short TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY(owner, short)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fax_documents(number TEXT PRIMARY KEY, record TEXT NOT NULL,
  size INTEGER NOT NULL, crc INTEGER NOT NULL, content BLOB NOT NULL);
";

/// Moves address-book entries and fax-on-demand documents that earlier
/// versions kept as JSON blobs (`ab/OWNER/SHORT`, `fod/N` + `fod-body/N`)
/// into their tables, in one transaction.
const MIGRATE_BLOBS: &str = "
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO addresses(owner, short, record)
  SELECT coalesce(json_extract(CAST(data AS TEXT), '$.owner'), ''),
         json_extract(CAST(data AS TEXT), '$.short'), CAST(data AS TEXT)
  FROM blobs WHERE key LIKE 'ab/%' AND json_valid(CAST(data AS TEXT));
DELETE FROM blobs WHERE key LIKE 'ab/%' AND json_valid(CAST(data AS TEXT));
INSERT OR IGNORE INTO fax_documents(number, record, size, crc, content)
  SELECT substr(d.key, 5), CAST(d.data AS TEXT), length(b.data), -1, b.data
  FROM blobs d JOIN blobs b ON b.key = 'fod-body/' || substr(d.key, 5)
  WHERE d.key LIKE 'fod/%' AND json_valid(CAST(d.data AS TEXT));
DELETE FROM blobs WHERE key LIKE 'fod-body/%' AND substr(key, 10) IN (SELECT number FROM fax_documents);
DELETE FROM blobs WHERE key LIKE 'fod/%' AND substr(key, 5) IN (SELECT number FROM fax_documents);
COMMIT;
";

fn kind_code(k: Kind) -> i64 {
    Kind::ALL.iter().position(|x| *x == k).unwrap_or(0) as i64
}

fn kind_from(code: i64) -> Result<Kind> {
    usize::try_from(code)
        .ok()
        .and_then(|i| Kind::ALL.get(i).copied())
        .ok_or_else(|| Error::Record {
            what: "message kind".into(),
            reason: format!("code {code}"),
        })
}

fn folder_code(f: Folder) -> i64 {
    Folder::ALL.iter().position(|x| *x == f).unwrap_or(0) as i64
}

fn folder_from(code: i64) -> Result<Folder> {
    usize::try_from(code)
        .ok()
        .and_then(|i| Folder::ALL.get(i).copied())
        .ok_or_else(|| Error::Record {
            what: "message folder".into(),
            reason: format!("code {code}"),
        })
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn from_micros(us: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| Error::Record {
        what: "timestamp".into(),
        reason: us.to_string(),
    })
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Record {
        what: "encode".into(),
        reason: e.to_string(),
    })
}

fn unjson<T: for<'a> Deserialize<'a>>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Record {
        what: what.into(),
        reason: e.to_string(),
    })
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock leaves SQLite consistent (transactions roll
    // back on drop), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fsync_dir(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Adds `delta` to the MWI counts and usage of `mailbox` inside a transaction.
fn bump(tx: &Connection, mailbox: &str, kind: Kind, folder: Folder, delta: i64) -> Result<()> {
    let (dn, dold) = match folder {
        Folder::New => (delta, 0),
        Folder::Heard | Folder::Saved => (0, delta),
        _ => return Ok(()),
    };
    tx.execute(
        "INSERT INTO mwi(mailbox, kind, new, old) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(mailbox, kind) DO UPDATE SET new = new + ?3, old = old + ?4",
        params![mailbox, kind_code(kind), dn, dold],
    )?;
    Ok(())
}

fn bump_usage(tx: &Connection, mailbox: &str, dmsg: i64, dbytes: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO usage(mailbox, messages, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT(mailbox) DO UPDATE SET messages = messages + ?2, bytes = bytes + ?3",
        params![mailbox, dmsg, dbytes],
    )?;
    Ok(())
}

fn get_subscriber(conn: &Connection, number: &str) -> Result<Option<Subscriber>> {
    let rec: Option<String> = conn
        .query_row(
            "SELECT record FROM subscribers WHERE number = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?;
    rec.map(|r| unjson(&format!("subscriber {number}"), &r))
        .transpose()
}

/// Reserves `n` consecutive message ids (inside a transaction) and returns
/// the first. Ids are never reused: the counter only grows.
fn next_ids(tx: &Connection, n: u64) -> Result<MessageId> {
    let n = i64::try_from(n).map_err(|_| Error::invalid("id block", n))?;
    let cur: i64 = tx.query_row(
        "SELECT max(coalesce((SELECT value FROM counters WHERE name = 'message_id'), 0),
                    coalesce((SELECT max(id) FROM messages), 0))",
        [],
        |r| r.get(0),
    )?;
    let end = cur
        .checked_add(n)
        .ok_or_else(|| Error::Storage("message ids exhausted".into()))?;
    tx.execute(
        "INSERT INTO counters(name, value) VALUES ('message_id', ?1)
         ON CONFLICT(name) DO UPDATE SET value = ?1",
        [end],
    )?;
    Ok(cur + 1)
}

/// Row columns selected for a message.
const MSG_COLS: &str = "id, mailbox, kind, folder, deposited_at, size, meta";

fn row_to_message(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(i64, String, i64, i64, i64, i64, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn build_message(row: (i64, String, i64, i64, i64, i64, String)) -> Result<Message> {
    let (id, mailbox, kind, folder, at, size, meta) = row;
    let m: Meta = unjson(&format!("message {id}"), &meta)?;
    Ok(Message {
        id,
        mailbox,
        kind: kind_from(kind)?,
        receipt: m.receipt,
        from: m.from,
        to: m.to,
        deposited_at: from_micros(at)?,
        duration_ms: m.duration_ms,
        pages: m.pages,
        size: u64::try_from(size).unwrap_or(0),
        marks: m.marks,
        folder: folder_from(folder)?,
        history: m.history,
    })
}

fn load_message(conn: &Connection, id: MessageId) -> Result<Message> {
    let row = conn
        .query_row(
            &format!("SELECT {MSG_COLS} FROM messages WHERE id = ?1"),
            [id],
            row_to_message,
        )
        .optional()?
        .ok_or(Error::UnknownMessage(id))?;
    build_message(row)
}

impl SqliteStore {
    /// Opens (creating when absent) the store in `dir` with default options.
    ///
    /// # Errors
    /// Storage errors.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(dir, SqliteOptions::default())
    }

    /// Opens (creating when absent) the store in `dir`.
    ///
    /// # Errors
    /// Storage errors.
    pub fn open_with(dir: impl AsRef<Path>, opts: SqliteOptions) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        let media = dir.join("media");
        for s in 0..SHARDS {
            let d = media.join(format!("{s:02x}"));
            if !d.is_dir() {
                fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
            }
        }
        let db = dir.join("meta.db");
        let open = || -> Result<Connection> {
            let c = Connection::open(&db)?;
            c.busy_timeout(std::time::Duration::from_secs(30))?;
            c.pragma_update(None, "journal_mode", "WAL")?;
            c.pragma_update(
                None,
                "synchronous",
                if opts.durable { "FULL" } else { "OFF" },
            )?;
            c.pragma_update(None, "cache_size", -65536)?;
            // Reads through a memory map: no read syscall per page.
            c.pragma_update(None, "mmap_size", 1i64 << 30)?;
            Ok(c)
        };
        let writer = open()?;
        writer.execute_batch(SCHEMA)?;
        let old_blobs: bool = writer.query_row(
            "SELECT EXISTS(SELECT 1 FROM blobs WHERE key LIKE 'ab/%' OR key LIKE 'fod/%')",
            [],
            |r| r.get(0),
        )?;
        if old_blobs {
            writer.execute_batch(MIGRATE_BLOBS)?;
        }
        let reader = open()?;
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64;
        let owners = media.join("owners");
        fs::create_dir_all(&owners).map_err(|e| Error::io(&owners, e))?;
        let mut salt = [0u8; 4];
        getrandom::fill(&mut salt).map_err(|e| Error::Storage(format!("random: {e}")))?;
        let owner = format!(
            "{nanos:016x}-{:08x}-{}",
            std::process::id(),
            u32::from_le_bytes(salt)
        );
        let owner_file = Some(lock_owner(&owner_path(&dir, &owner))?);
        let mut store = Self {
            dir,
            opts,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            queue: Mutex::new(Vec::new()),
            counter: AtomicU64::new(nanos),
            pool: Mutex::new(Pool::default()),
            owner,
            owner_file,
            recovered: 0,
        };
        store.recovered = store.recover()?;
        Ok(store)
    }

    /// How many deposits opening the store replayed from body records
    /// (deposits whose record was durable but whose row a crash or power
    /// loss had not made durable).
    pub fn recovered(&self) -> usize {
        self.recovered
    }

    /// Replays or releases the reservations of every owner process that is
    /// no longer alive. Returns how many deposits were replayed.
    fn recover(&self) -> Result<usize> {
        let mut conn = lock(&self.writer);
        let owners: Vec<String> = conn
            .prepare("SELECT DISTINCT owner FROM reserved WHERE owner != ?1")?
            .query_map([&self.owner], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut replayed = 0;
        for owner in owners {
            let lock_path = owner_path(&self.dir, &owner);
            if owner_alive(&lock_path) {
                continue;
            }
            let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let files: Vec<String> = tx
                .prepare("SELECT file FROM reserved WHERE owner = ?1")?
                .query_map([&owner], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut unused = Vec::new();
            for name in files {
                let path = self.dir.join("media").join(&name);
                let data = fs::read(&path).unwrap_or_default();
                let known = decode_record(&data).map(|(id, now, msg, body)| Pending {
                    id,
                    size: body.len() as u64,
                    crc: crc32fast::hash(body),
                    msg,
                    file: Some(name.clone()),
                    inline: None,
                    now,
                    slot: Arc::new(Mutex::new(None)),
                });
                let done = match known {
                    Some(p) => {
                        let sp = tx.savepoint()?;
                        let exists: Option<i64> = sp
                            .query_row("SELECT id FROM messages WHERE id = ?1", [p.id], |r| {
                                r.get(0)
                            })
                            .optional()?;
                        if exists.is_some() {
                            // Its row survived: never replay over it.
                            false
                        } else if Self::insert_one(&sp, &p).is_ok() {
                            sp.commit()?;
                            true
                        } else {
                            false
                        }
                    }
                    None => false,
                };
                if done {
                    replayed += 1;
                } else {
                    tx.execute("DELETE FROM reserved WHERE file = ?1", [&name])?;
                    unused.push(path);
                }
            }
            tx.commit()?;
            for path in unused {
                let _ = fs::remove_file(path);
            }
            let _ = fs::remove_file(lock_path);
        }
        Ok(replayed)
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reserves `ids` message ids and `files` new empty body files (in one
    /// shard directory, with one directory `fsync`) in one durable
    /// transaction.
    fn refill(&self, pool: &mut Pool, ids: u64, files: u64) -> Result<()> {
        let mut made = Vec::new();
        if files > 0 {
            let n = self.counter.fetch_add(files, Ordering::Relaxed);
            let shard = format!("{:02x}", n % SHARDS);
            let dir = self.dir.join("media").join(&shard);
            for i in 0..files {
                let name = format!("{shard}/{:016x}-{:08x}.msg", n + i, std::process::id());
                let path = self.dir.join("media").join(&name);
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(|e| Error::io(&path, e))?;
                made.push((name, path));
            }
            if self.opts.durable {
                fsync_dir(&dir)?;
            }
        }
        let first = {
            let mut conn = lock(&self.writer);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let first = next_ids(&tx, ids)?;
            for (name, _) in &made {
                tx.execute(
                    "INSERT INTO reserved(file, owner) VALUES (?1, ?2)",
                    params![name, self.owner],
                )?;
            }
            tx.commit()?;
            first
        };
        pool.ids.extend((0..ids).map(|i| first + i as i64));
        // Taken from the end: keep the file order of creation.
        made.reverse();
        pool.files.extend(made);
        pool.refills = pool.refills.saturating_add(1);
        Ok(())
    }

    /// Takes a reserved message id and, for a body kept in a file, a
    /// reserved empty body file, refilling the pool when needed. A deposit
    /// then writes into a file whose directory entry is already durable, so
    /// it needs one data `fsync` and no directory `fsync` of its own.
    fn take(&self, file: bool) -> Result<(MessageId, Option<(String, PathBuf)>)> {
        let mut pool = lock(&self.pool);
        let want = (4u64 << pool.refills.min(3)).min(POOL_MAX);
        if pool.ids.is_empty() || (file && pool.files.is_empty()) {
            let files = if file && pool.files.is_empty() {
                want
            } else {
                0
            };
            let ids = if pool.ids.is_empty() { want } else { 0 };
            self.refill(&mut pool, ids, files)?;
        }
        let id = pool
            .ids
            .pop_front()
            .ok_or_else(|| Error::Storage("message id pool empty".into()))?;
        let f = if file {
            Some(
                pool.files
                    .pop()
                    .ok_or_else(|| Error::Storage("body file pool empty".into()))?,
            )
        } else {
            None
        };
        Ok((id, f))
    }

    fn write_body(&self, path: &Path, record: &[u8], body: &[u8]) -> Result<()> {
        let mut f = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        f.write_all(record)
            .and_then(|()| f.write_all(body))
            .map_err(|e| Error::io(path, e))?;
        if self.opts.durable {
            // fdatasync also makes the new size durable.
            f.sync_data().map_err(|e| Error::io(path, e))?;
        }
        Ok(())
    }

    /// Commits every queued deposit in one transaction and fills their slots.
    fn commit_queue(&self, conn: &mut Connection) {
        let batch = std::mem::take(&mut *lock(&self.queue));
        if batch.is_empty() {
            return;
        }
        let outcome = self.commit_batch(conn, &batch);
        match outcome {
            Ok(results) => {
                for (p, r) in batch.into_iter().zip(results) {
                    if r.is_err() {
                        self.remove_file(p.file.as_deref());
                    }
                    *lock(&p.slot) = Some(r);
                }
            }
            Err(e) => {
                let msg = e.to_string();
                for p in batch {
                    if let Some(name) = &p.file {
                        // Never replayed later: not acknowledged.
                        let _ = self.void_file(name);
                    }
                    self.remove_file(p.file.as_deref());
                    *lock(&p.slot) = Some(Err(Error::Storage(msg.clone())));
                }
            }
        }
    }

    fn remove_file(&self, name: Option<&str>) {
        if let Some(name) = name {
            // Best effort: a leftover is an invisible orphan that fsck removes.
            let _ = fs::remove_file(self.dir.join("media").join(name));
        }
    }

    /// Commits a batch of rows. When every row's body is a durable record in
    /// its file (recoverable at open), the transaction skips the WAL `fsync`
    /// (`synchronous=NORMAL`); otherwise (inline bodies) it is `FULL`.
    fn commit_batch(
        &self,
        conn: &mut Connection,
        batch: &[Pending],
    ) -> Result<Vec<Result<MessageId>>> {
        let relaxed = self.opts.durable && batch.iter().all(|p| p.file.is_some());
        if relaxed {
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let outcome = self.commit_rows(conn, batch);
        if relaxed {
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        outcome
    }

    fn commit_rows(
        &self,
        conn: &mut Connection,
        batch: &[Pending],
    ) -> Result<Vec<Result<MessageId>>> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for p in batch {
            let sp = tx.savepoint()?;
            let r = Self::insert_one(&sp, p);
            if r.is_ok() {
                sp.commit()?;
            } else {
                drop(sp);
                if let Some(name) = &p.file {
                    // Refused (mailbox full …): the record must never be
                    // replayed, so empty it durably before anything else.
                    self.void_file(name)?;
                    tx.execute("DELETE FROM reserved WHERE file = ?1", [name])?;
                }
            }
            results.push(r);
        }
        tx.commit()?;
        Ok(results)
    }

    /// Truncates a body file to nothing, durably (a refused deposit's record).
    fn void_file(&self, name: &str) -> Result<()> {
        let path = self.dir.join("media").join(name);
        let f = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        f.set_len(0).map_err(|e| Error::io(&path, e))?;
        if self.opts.durable {
            f.sync_data().map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }

    fn insert_one(tx: &Connection, p: &Pending) -> Result<MessageId> {
        let m = &p.msg;
        let sub = get_subscriber(tx, &m.mailbox)?
            .ok_or_else(|| Error::UnknownSubscriber(m.mailbox.clone()))?;
        let (count, bytes): (i64, i64) = tx
            .query_row(
                "SELECT messages, bytes FROM usage WHERE mailbox = ?1",
                [&m.mailbox],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, 0));
        check_quota(
            &sub,
            u64::try_from(count).unwrap_or(0),
            u64::try_from(bytes).unwrap_or(0),
            p.size,
        )?;
        let meta = Meta {
            receipt: m.receipt,
            from: m.from.clone(),
            to: m.to.clone(),
            duration_ms: m.duration_ms,
            pages: m.pages,
            marks: m.marks.clone(),
            history: vec![StateChange {
                at: p.now,
                folder: Some(m.folder),
            }],
        };
        let size = i64::try_from(p.size).map_err(|_| Error::invalid("size", p.size))?;
        tx.prepare_cached(
            "INSERT INTO messages(id, mailbox, kind, folder, deposited_at, size, crc, file, body, meta)
             VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
                m.mailbox,
                kind_code(m.kind),
                folder_code(m.folder),
                micros(p.now),
                size,
                i64::from(p.crc),
                p.file,
                p.inline,
                json(&meta)?,
                p.id
            ])?;
        let id = p.id;
        if let Some(name) = &p.file {
            let gone = tx
                .prepare_cached("DELETE FROM reserved WHERE file = ?1")?
                .execute([name])?;
            if gone != 1 {
                return Err(Error::Storage(format!(
                    "reservation of body file {name} lost"
                )));
            }
        }
        bump(tx, &m.mailbox, m.kind, m.folder, 1)?;
        bump_usage(tx, &m.mailbox, 1, size)?;
        let mut journal = tx.prepare_cached(
            "INSERT INTO journal(at, subscriber, direction, kind, message, peer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        journal.execute(params![
            micros(p.now),
            m.mailbox,
            1,
            kind_code(m.kind),
            id,
            m.from
        ])?;
        if !m.from.is_empty() && get_subscriber(tx, &m.from)?.is_some() {
            journal.execute(params![
                micros(p.now),
                m.from,
                0,
                kind_code(m.kind),
                id,
                m.mailbox
            ])?;
        }
        Ok(id)
    }

    /// Deposits many messages in one transaction (bulk import, migration):
    /// every body is written and `fsync`ed first, then all rows commit
    /// together. Each item gets its own result (a full mailbox fails only
    /// its items); the call returns once all are durable.
    ///
    /// # Errors
    /// Per item as [`Store::deposit`].
    pub fn deposit_batch(
        &self,
        items: &[(NewMessage, &[u8])],
        now: DateTime<Utc>,
    ) -> Vec<Result<MessageId>> {
        let mut slots = Vec::with_capacity(items.len());
        let mut pending = Vec::with_capacity(items.len());
        for (msg, body) in items {
            match self.prepare(msg, body, now) {
                Ok(p) => {
                    slots.push(Ok(Arc::clone(&p.slot)));
                    pending.push(p);
                }
                Err(e) => slots.push(Err(e)),
            }
        }
        lock(&self.queue).extend(pending);
        {
            let mut conn = lock(&self.writer);
            self.commit_queue(&mut conn);
        }
        slots
            .into_iter()
            .map(|s| {
                s.and_then(|slot| {
                    lock(&slot)
                        .take()
                        .unwrap_or_else(|| Err(Error::Storage("batch not committed".into())))
                })
            })
            .collect()
    }

    fn prepare(&self, msg: &NewMessage, body: &[u8], now: DateTime<Utc>) -> Result<Pending> {
        crate::model::validate_number(&msg.mailbox)?;
        if body.len() > self.opts.max_body {
            return Err(Error::Limit {
                what: "message body bytes",
                max: self.opts.max_body,
            });
        }
        let in_file = body.len() > self.opts.inline_max;
        let (id, file) = self.take(in_file)?;
        let (file, inline) = match file {
            Some((name, path)) => {
                let record = encode_record(id, now, msg, body)?;
                if let Err(e) = self.write_body(&path, &record, body) {
                    // Torn at worst: never replayed (CRC), swept at recovery.
                    let _ = fs::remove_file(&path);
                    return Err(e);
                }
                (Some(name), None)
            }
            None => (None, Some(body.to_vec())),
        };
        Ok(Pending {
            id,
            msg: msg.clone(),
            size: body.len() as u64,
            crc: crc32fast::hash(body),
            file,
            inline,
            now,
            slot: Arc::new(Mutex::new(None)),
        })
    }

    /// Removes media files that no committed message names (left by a crash
    /// between the body's `fsync` and the row's commit, or spare pre-created
    /// files of a process that crashed). Returns how many were removed. Run
    /// it while no other process uses the store.
    ///
    /// # Errors
    /// Storage errors.
    pub fn fsck(&self) -> Result<usize> {
        // No new body file of this store appears while the pool is held.
        let _pool = lock(&self.pool);
        let conn = lock(&self.reader);
        let mut known = BTreeSet::new();
        // One statement, one snapshot: a file moves from `reserved` to
        // `messages` in one transaction, so it is in one of the two.
        // Reserved files (spares, other live processes' files in flight) are
        // not orphans.
        let mut st = conn.prepare(
            "SELECT file FROM messages WHERE file IS NOT NULL UNION ALL SELECT file FROM reserved",
        )?;
        for f in st.query_map([], |r| r.get::<_, String>(0))? {
            known.insert(f?);
        }
        drop(st);
        drop(conn);
        let media = self.dir.join("media");
        let mut removed = 0;
        for s in 0..SHARDS {
            let shard = format!("{s:02x}");
            let d = media.join(&shard);
            let rd = fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
            for e in rd {
                let e = e.map_err(|e| Error::io(&d, e))?;
                let name = format!("{shard}/{}", e.file_name().to_string_lossy());
                if !known.contains(&name) {
                    fs::remove_file(e.path()).map_err(|err| Error::io(&e.path(), err))?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Mailbox numbers that hold messages or counts.
    ///
    /// # Errors
    /// Storage errors.
    pub fn mailboxes(&self) -> Result<Vec<String>> {
        let conn = lock(&self.reader);
        let mut st = conn.prepare(
            "SELECT mailbox FROM usage UNION SELECT mailbox FROM mwi UNION SELECT DISTINCT mailbox FROM messages",
        )?;
        let v = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }
}

impl Store for SqliteStore {
    fn put_subscriber(&self, sub: &Subscriber, create: bool) -> Result<()> {
        sub.validate()?;
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists = get_subscriber(&tx, &sub.number)?.is_some();
        match (create, exists) {
            (true, true) => return Err(Error::SubscriberExists(sub.number.clone())),
            (false, false) => return Err(Error::UnknownSubscriber(sub.number.clone())),
            _ => {}
        }
        tx.execute(
            "INSERT OR REPLACE INTO subscribers(number, record) VALUES (?1, ?2)",
            params![sub.number, json(sub)?],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn subscriber(&self, number: &str) -> Result<Option<Subscriber>> {
        get_subscriber(&lock(&self.reader), number)
    }

    fn subscribers(&self) -> Result<Vec<Subscriber>> {
        let conn = lock(&self.reader);
        let mut st = conn.prepare("SELECT number, record FROM subscribers")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut subs = rows
            .iter()
            .map(|(n, r)| unjson::<Subscriber>(&format!("subscriber {n}"), r))
            .collect::<Result<Vec<_>>>()?;
        subs.sort_by(|a, b| {
            a.number
                .len()
                .cmp(&b.number.len())
                .then(a.number.cmp(&b.number))
        });
        Ok(subs)
    }

    fn deposit(&self, msg: &NewMessage, body: &[u8], now: DateTime<Utc>) -> Result<MessageId> {
        let p = self.prepare(msg, body, now)?;
        let slot = Arc::clone(&p.slot);
        lock(&self.queue).push(p);
        loop {
            if let Some(r) = lock(&slot).take() {
                return r;
            }
            let mut conn = lock(&self.writer);
            // Another depositor may have committed our row while we waited.
            if let Some(r) = lock(&slot).take() {
                return r;
            }
            self.commit_queue(&mut conn);
        }
    }

    fn message(&self, id: MessageId) -> Result<Message> {
        load_message(&lock(&self.reader), id)
    }

    fn body(&self, id: MessageId) -> Result<Vec<u8>> {
        let (size, crc, file, inline): (i64, i64, Option<String>, Option<Vec<u8>>) =
            lock(&self.reader)
                .query_row(
                    "SELECT size, crc, file, body FROM messages WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?
                .ok_or(Error::UnknownMessage(id))?;
        let data = match (file, inline) {
            (Some(f), _) => {
                let path = self.dir.join("media").join(&f);
                let mut data = fs::read(&path).map_err(|e| Error::CorruptMedia {
                    id,
                    reason: format!("{}: {e}", path.display()),
                })?;
                // The body is the tail of its record (the whole file for a
                // body file without record head).
                match usize::try_from(size)
                    .ok()
                    .and_then(|n| data.len().checked_sub(n))
                {
                    Some(head) => data.split_off(head),
                    None => data,
                }
            }
            (None, Some(b)) => b,
            (None, None) => Vec::new(),
        };
        if i64::try_from(data.len()).ok() != Some(size) {
            return Err(Error::CorruptMedia {
                id,
                reason: format!("{} bytes, expected {size}", data.len()),
            });
        }
        if i64::from(crc32fast::hash(&data)) != crc {
            return Err(Error::CorruptMedia {
                id,
                reason: "checksum mismatch".into(),
            });
        }
        Ok(data)
    }

    fn list(&self, mailbox: &str, folder: Option<Folder>) -> Result<Vec<Message>> {
        let conn = lock(&self.reader);
        let rows = match folder {
            Some(f) => conn
                .prepare_cached(&format!(
                    "SELECT {MSG_COLS} FROM messages WHERE mailbox = ?1 AND folder = ?2"
                ))?
                .query_map(params![mailbox, folder_code(f)], row_to_message)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => conn
                .prepare_cached(&format!(
                    "SELECT {MSG_COLS} FROM messages WHERE mailbox = ?1"
                ))?
                .query_map([mailbox], row_to_message)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        drop(conn);
        let mut v = rows
            .into_iter()
            .map(build_message)
            .collect::<Result<Vec<_>>>()?;
        crate::rules::play_order(&mut v);
        Ok(v)
    }

    fn move_to(&self, id: MessageId, folder: Folder, now: DateTime<Utc>) -> Result<Message> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut m = load_message(&tx, id)?;
        if m.folder == folder {
            return Ok(m);
        }
        bump(&tx, &m.mailbox, m.kind, m.folder, -1)?;
        bump(&tx, &m.mailbox, m.kind, folder, 1)?;
        m.folder = folder;
        m.history.push(StateChange {
            at: now,
            folder: Some(folder),
        });
        let meta = Meta {
            receipt: m.receipt,
            from: m.from.clone(),
            to: m.to.clone(),
            duration_ms: m.duration_ms,
            pages: m.pages,
            marks: m.marks.clone(),
            history: m.history.clone(),
        };
        tx.execute(
            "UPDATE messages SET folder = ?2, meta = ?3 WHERE id = ?1",
            params![id, folder_code(folder), json(&meta)?],
        )?;
        tx.commit()?;
        Ok(m)
    }

    fn delete(&self, id: MessageId, _now: DateTime<Utc>) -> Result<()> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let m = load_message(&tx, id)?;
        let file: Option<String> =
            tx.query_row("SELECT file FROM messages WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        bump(&tx, &m.mailbox, m.kind, m.folder, -1)?;
        bump_usage(&tx, &m.mailbox, -1, -(m.size as i64))?;
        tx.execute("DELETE FROM messages WHERE id = ?1", [id])?;
        tx.commit()?;
        drop(conn);
        // After the commit: a crash here leaves an orphan file, never a
        // message without its body.
        self.remove_file(file.as_deref());
        Ok(())
    }

    fn mwi(&self, mailbox: &str) -> Result<Mwi> {
        let conn = lock(&self.reader);
        let mut st = conn.prepare_cached("SELECT kind, new, old FROM mwi WHERE mailbox = ?1")?;
        let rows = st
            .query_map([mailbox], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut mwi = Mwi::default();
        for (k, new, old) in rows {
            if new < 0 || old < 0 {
                return Err(Error::Record {
                    what: format!("mwi {mailbox}"),
                    reason: format!("negative count {new}/{old}"),
                });
            }
            if new > 0 || old > 0 {
                mwi.per_kind.insert(
                    kind_from(k)?,
                    MwiCount {
                        new: new as u64,
                        old: old as u64,
                    },
                );
            }
        }
        Ok(mwi)
    }

    fn recount(&self, mailbox: &str) -> Result<Mwi> {
        let conn = lock(&self.reader);
        let mut st = conn.prepare_cached(
            "SELECT kind, folder, count(*) FROM messages WHERE mailbox = ?1 GROUP BY kind, folder",
        )?;
        let rows = st
            .query_map([mailbox], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut mwi = Mwi::default();
        for (k, f, n) in rows {
            mwi.apply(kind_from(k)?, folder_from(f)?, n);
        }
        Ok(mwi)
    }

    fn journal(
        &self,
        subscriber: Option<&str>,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
    ) -> Result<Vec<JournalEntry>> {
        let conn = lock(&self.reader);
        let lo = since.map_or(i64::MIN, micros);
        let hi = until.map_or(i64::MAX, micros);
        let mut st = conn.prepare_cached(
            "SELECT at, subscriber, direction, kind, message, peer FROM journal
             WHERE (?1 IS NULL OR subscriber = ?1) AND at >= ?2 AND at < ?3 ORDER BY at, rowid",
        )?;
        let rows = st
            .query_map(params![subscriber, lo, hi], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(at, subscriber, dir, kind, message, peer)| {
                Ok(JournalEntry {
                    at: from_micros(at)?,
                    subscriber,
                    direction: if dir == 0 {
                        Direction::Sent
                    } else {
                        Direction::Received
                    },
                    kind: kind_from(kind)?,
                    message,
                    peer,
                })
            })
            .collect()
    }

    fn put_list(&self, list: &DistributionList) -> Result<()> {
        lock(&self.writer).execute(
            "INSERT OR REPLACE INTO lists(owner, name, record) VALUES (?1, ?2, ?3)",
            params![list.owner.as_deref().unwrap_or(""), list.name, json(list)?],
        )?;
        Ok(())
    }

    fn lists(&self, owner: Option<&str>) -> Result<Vec<DistributionList>> {
        let conn = lock(&self.reader);
        let mut st = conn.prepare("SELECT record FROM lists WHERE owner = ?1 ORDER BY name")?;
        let rows = st
            .query_map([owner.unwrap_or("")], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|r| unjson("distribution list", r))
            .collect()
    }

    fn put_blob(&self, key: &str, data: &[u8]) -> Result<()> {
        lock(&self.writer).execute(
            "INSERT OR REPLACE INTO blobs(key, data) VALUES (?1, ?2)",
            params![key, data],
        )?;
        Ok(())
    }

    fn blob(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(lock(&self.reader)
            .query_row("SELECT data FROM blobs WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn put_setting(&self, key: &str, value: &str) -> Result<()> {
        lock(&self.writer).execute(
            "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(lock(&self.reader)
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn put_address(&self, entry: &AddressEntry) -> Result<()> {
        entry.validate()?;
        lock(&self.writer).execute(
            "INSERT OR REPLACE INTO addresses(owner, short, record) VALUES (?1, ?2, ?3)",
            params![
                entry.owner.as_deref().unwrap_or(""),
                entry.short,
                json(entry)?
            ],
        )?;
        Ok(())
    }

    fn address_book(&self, owner: Option<&str>) -> Result<Vec<AddressEntry>> {
        let conn = lock(&self.reader);
        let rows = conn
            .prepare_cached(
                "SELECT record FROM addresses WHERE owner = ?1 ORDER BY length(short), short",
            )?
            .query_map([owner.unwrap_or("")], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|r| unjson("address-book entry", r))
            .collect()
    }

    fn delete_address(&self, owner: Option<&str>, short: &str) -> Result<bool> {
        let n = lock(&self.writer).execute(
            "DELETE FROM addresses WHERE owner = ?1 AND short = ?2",
            params![owner.unwrap_or(""), short],
        )?;
        Ok(n > 0)
    }

    fn put_fax_document(&self, doc: &FaxDocument, content: &[u8]) -> Result<()> {
        doc.validate()?;
        if content.len() > self.opts.max_body {
            return Err(Error::Limit {
                what: "fax document bytes",
                max: self.opts.max_body,
            });
        }
        let size =
            i64::try_from(content.len()).map_err(|_| Error::invalid("size", content.len()))?;
        lock(&self.writer).execute(
            "INSERT OR REPLACE INTO fax_documents(number, record, size, crc, content)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                doc.number,
                json(doc)?,
                size,
                i64::from(crc32fast::hash(content)),
                content
            ],
        )?;
        Ok(())
    }

    fn fax_document(&self, number: &str) -> Result<Option<(FaxDocument, Vec<u8>)>> {
        let row: Option<(String, i64, i64, Vec<u8>)> = lock(&self.reader)
            .query_row(
                "SELECT record, size, crc, content FROM fax_documents WHERE number = ?1",
                [number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((record, size, crc, content)) = row else {
            return Ok(None);
        };
        let doc: FaxDocument = unjson(&format!("fax document {number}"), &record)?;
        // crc -1: migrated from an earlier version, size check only.
        if i64::try_from(content.len()).ok() != Some(size)
            || (crc != -1 && i64::from(crc32fast::hash(&content)) != crc)
        {
            return Err(Error::CorruptMedia {
                id: 0,
                reason: format!("fax document {number}: size or checksum mismatch"),
            });
        }
        Ok(Some((doc, content)))
    }

    fn fax_documents(&self) -> Result<Vec<FaxDocument>> {
        let conn = lock(&self.reader);
        let rows = conn
            .prepare("SELECT record FROM fax_documents ORDER BY length(number), number")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|r| unjson("fax document", r)).collect()
    }

    fn delete_fax_document(&self, number: &str) -> Result<bool> {
        let n =
            lock(&self.writer).execute("DELETE FROM fax_documents WHERE number = ?1", [number])?;
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_record_round_trips_and_rejects_every_damage() {
        let mut msg = NewMessage::new("100", Kind::Voice, "200");
        msg.marks.urgent = true;
        let now = DateTime::from_timestamp(1_800_000_000, 123_000).unwrap();
        let body: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        let mut file = encode_record(42, now, &msg, &body).unwrap();
        file.extend_from_slice(&body);
        let (id, at, m, b) = decode_record(&file).unwrap();
        assert_eq!((id, at, &m, b), (42, now, &msg, &body[..]));
        // Torn at any length (including empty: a fresh pool file).
        for n in 0..file.len() {
            assert!(decode_record(&file[..n]).is_none(), "torn at {n}");
        }
        // Any flipped byte, in the head, the metadata or the body.
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert!(decode_record(&bad).is_none(), "flip at {i}");
        }
        // Trailing garbage (a longer earlier write) is not a record either.
        let mut long = file.clone();
        long.push(0);
        assert!(decode_record(&long).is_none());
    }
}
