//! The embedded default store: SQLite (bundled, WAL, `synchronous=FULL`) for
//! metadata, counts and the journal; large bodies as files.
//!
//! # Durability
//! A body larger than [`SqliteOptions::inline_max`] is written to its own
//! file under `media/<shard>/` and `fsync`ed *before* the row that names it
//! is committed. The file comes from a pool of empty files created ahead, 16
//! at a time with one directory `fsync`, so its directory entry is already
//! durable and the deposit pays one data `fsync` (which also persists the
//! new size) instead of a data and a directory `fsync`. The committed row is the one commit point:
//! a reader finds a message only through its row, so a crash before the
//! commit leaves at most an invisible orphan file (removed by
//! [`SqliteStore::fsck`]), never a half-written message, and no temp-file
//! rename is needed (one copy, one data `fsync`). Small bodies (SMS, e-mail,
//! receipts) go inline in the row. In WAL mode with `synchronous=FULL` the
//! commit `fsync`s the WAL, so when [`Store::deposit`] returns the message is
//! durable.
//!
//! # Group commit
//! Concurrent depositors write and `fsync` their bodies in parallel, then
//! queue their rows; whichever thread holds the writer connection next
//! commits every queued row in one transaction (one WAL `fsync` for all),
//! and each depositor returns once its own row is committed.
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
    Direction, DistributionList, Folder, JournalEntry, Kind, Marks, Message, MessageId, NewMessage,
    ReceiptKind, StateChange, Subscriber,
};
use crate::rules::{check_quota, Mwi, MwiCount};
use crate::store::Store;

/// Number of media shard directories.
const SHARDS: u64 = 64;

/// Body files pre-created per directory `fsync`.
const POOL_BATCH: u64 = 16;

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
    /// Pre-created, durable, empty body files (name, path).
    pool: Mutex<Vec<(String, PathBuf)>>,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        // Unused pool files are empty and unreferenced; a crash leaves them
        // for fsck, a clean close removes them.
        for (_, path) in lock(&self.pool).drain(..) {
            let _ = fs::remove_file(path);
        }
    }
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
fn bump(
    tx: &rusqlite::Transaction<'_>,
    mailbox: &str,
    kind: Kind,
    folder: Folder,
    delta: i64,
) -> Result<()> {
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

fn bump_usage(tx: &rusqlite::Transaction<'_>, mailbox: &str, dmsg: i64, dbytes: i64) -> Result<()> {
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
        let reader = open()?;
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64;
        Ok(Self {
            dir,
            opts,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            queue: Mutex::new(Vec::new()),
            counter: AtomicU64::new(nanos),
            pool: Mutex::new(Vec::new()),
        })
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Takes a pre-created empty body file from the pool, refilling the pool
    /// with [`POOL_BATCH`] new files in one shard directory and one directory
    /// `fsync` when it is empty. A deposit then writes into a file whose
    /// directory entry is already durable, so it needs one data `fsync` and
    /// no directory `fsync` of its own.
    fn take_file(&self) -> Result<(String, PathBuf)> {
        let mut pool = lock(&self.pool);
        if pool.is_empty() {
            let n = self.counter.fetch_add(POOL_BATCH, Ordering::Relaxed);
            let shard = format!("{:02x}", n % SHARDS);
            let dir = self.dir.join("media").join(&shard);
            for i in 0..POOL_BATCH {
                let name = format!("{shard}/{:016x}-{:08x}.msg", n + i, std::process::id());
                let path = self.dir.join("media").join(&name);
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(|e| Error::io(&path, e))?;
                pool.push((name, path));
            }
            if self.opts.durable {
                fsync_dir(&dir)?;
            }
        }
        pool.pop()
            .ok_or_else(|| Error::Storage("body file pool empty".into()))
    }

    fn write_body(&self, body: &[u8]) -> Result<(String, PathBuf)> {
        let (name, path) = self.take_file()?;
        let mut f = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        f.write_all(body).map_err(|e| Error::io(&path, e))?;
        if self.opts.durable {
            // fdatasync also makes the new size durable.
            f.sync_data().map_err(|e| Error::io(&path, e))?;
        }
        Ok((name, path))
    }

    /// Commits every queued deposit in one transaction and fills their slots.
    fn commit_queue(&self, conn: &mut Connection) {
        let batch = std::mem::take(&mut *lock(&self.queue));
        if batch.is_empty() {
            return;
        }
        let outcome = Self::commit_batch(conn, &batch);
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

    fn commit_batch(conn: &mut Connection, batch: &[Pending]) -> Result<Vec<Result<MessageId>>> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for p in batch {
            results.push(Self::insert_one(&tx, p));
        }
        tx.commit()?;
        Ok(results)
    }

    fn insert_one(tx: &rusqlite::Transaction<'_>, p: &Pending) -> Result<MessageId> {
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
        tx.execute(
            "INSERT INTO messages(mailbox, kind, folder, deposited_at, size, crc, file, body, meta)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                m.mailbox,
                kind_code(m.kind),
                folder_code(m.folder),
                micros(p.now),
                size,
                i64::from(p.crc),
                p.file,
                p.inline,
                json(&meta)?
            ],
        )?;
        let id = tx.last_insert_rowid();
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
        let (file, inline) = if body.len() > self.opts.inline_max {
            (Some(self.write_body(body)?.0), None)
        } else {
            (None, Some(body.to_vec()))
        };
        Ok(Pending {
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
        let conn = lock(&self.reader);
        let mut known = BTreeSet::new();
        let mut st = conn.prepare("SELECT file FROM messages WHERE file IS NOT NULL")?;
        for f in st.query_map([], |r| r.get::<_, String>(0))? {
            known.insert(f?);
        }
        // This store's own spare body files are not orphans.
        known.extend(lock(&self.pool).iter().map(|(n, _)| n.clone()));
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
                fs::read(&path).map_err(|e| Error::CorruptMedia {
                    id,
                    reason: format!("{}: {e}", path.display()),
                })?
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
}
