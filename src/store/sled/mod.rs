//! The embedded backend: the store in one directory on the local disk, and the only user of
//! sled. [`SledStore`] meets the contract of [`crate::store::Store`] (its methods are
//! documented there; this module says how it meets them) and of [`crate::store::Admin`].
//!
//! Values are JSON (serde) so the on-disk format is inspectable and survives field additions;
//! a node's items are kept in compressed chunks of JSON ([`chunks`]). The writes of each
//! operation are ordered so that whatever prefix of them a kill -9 leaves is consistent (see
//! [`SledStore::apply_fetch`]): no corruption, no old entry announced again, no new entry lost.
//! Writes become durable when flushed: sled's `flush` (an fsync of its log), called by
//! [`SledStore::flush`] and by the neutral group commit [`crate::store::flush_async`]; sled
//! also flushes by itself every [`FLUSH_EVERY_MS`], which makes unacknowledged writes durable
//! sooner but is promised to nobody. No sled type leaks out of this folder.
//!
//! Item numbers (and the keys of jobs without an item) come from sled's id generator, which
//! never hands out a number twice, across restarts and crashes too: numbers are unique and
//! increasing, not gapless (a number is `id << 16`, the low bits numbering the entries of one
//! fetch).
//!
//! One file per table group: `feeds.rs`, `items.rs` (with seen ids), `chunks.rs` (their
//! layout and write sessions), `migrate.rs` (older layouts, at open), `subs.rs` (with
//! `jid_index.rs`, a JID's subscriptions in bounded records), `outbox.rs`,
//! `backlog.rs` (items held for away contact subscribers), `nodes.rs` (publish, retract,
//! purge, delete, affiliations), `avatars.rs`, `cache.rs` (every feed's state in memory,
//! written through; the times of quiet polls written lazily, so a crash loses only those; with
//! `feed_index.rs`, its indexes: by URL, by node page, user feeds, counts by health);
//! `codec.rs` holds the key and value encodings; `contract.rs` puts the methods behind the
//! contract's traits.

use std::path::{Path, PathBuf};

use sled::transaction::TransactionError;

use codec::decode;

mod avatars;
mod backlog;
mod cache;
mod chunks;
mod codec;
mod contract;
mod copy;
mod feed_index;
mod feeds;
mod items;
mod jid_index;
mod migrate;
mod nodes;
mod outbox;
mod subs;

use super::{BackendError, GroupCommit, StoreError, Verified};
use crate::model::{Affiliation, FeedState, Held, NodeOptions, OutboxJob, Stats, Subscription};

/// The file in the store's directory naming the process that has it open.
pub const PID_FILE: &str = "feedpush.pid";
/// How long opening waits for a lock held by no other process (one this process is releasing).
const REOPEN_WAIT_MS: u64 = 2_000;
/// How often sled writes its log to disk by itself (durability is promised only by a flush).
pub const FLUSH_EVERY_MS: u64 = 200;

impl From<sled::Error> for BackendError {
    fn from(e: sled::Error) -> Self {
        let io = match &e {
            sled::Error::Io(io) => Some((io.kind(), io.raw_os_error())),
            _ => None,
        };
        BackendError::new(io, Box::new(e))
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Db(e.into())
    }
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => e.into(),
        }
    }
}

/// The store handle; cheap to clone.
#[derive(Clone)]
pub struct SledStore {
    db: sled::Db,
    feeds: sled::Tree,
    /// Every node's items, ids and count ([`chunks`]).
    node_items: sled::Tree,
    subs: sled::Tree,
    /// JID → the nodes it subscribes to, in bounded records ([`jid_index`]).
    jid_index: sled::Tree,
    outbox: sled::Tree,
    /// User feeds nobody follows: node → Unix ms since when (big-endian i64).
    unfollowed: sled::Tree,
    /// Items held for away contact subscribers: jid, node, seq → [`Held`].
    backlog: sled::Tree,
    /// Items dropped from a full backlog: jid, node → count (big-endian u64).
    backlog_skipped: sled::Tree,
    /// Avatar records: node → [`Avatar`] (JSON).
    avatars: sled::Tree,
    /// Avatar images: node → PNG bytes.
    avatar_png: sled::Tree,
    /// Affiliations: node, bare JID → [`Affiliation`] (JSON).
    affiliations: sled::Tree,
    /// Node options set by owners: node → [`NodeOptions`] (JSON; none for the defaults).
    node_options: sled::Tree,
    /// When a node's items last changed: node → Unix ms (big-endian i64).
    node_changed: sled::Tree,
    /// Health probes' writes (one key).
    probe: sled::Tree,
    /// Shared by the callers of [`crate::store::flush_async`].
    group: std::sync::Arc<GroupCommit>,
    /// The store's directory.
    dir: std::sync::Arc<PathBuf>,
    /// Every feed's state, in memory ([`cache`]).
    cache: std::sync::Arc<cache::FeedCache>,
    /// Writers of one node's items take their turn ([`chunks::NodeWrite`]).
    node_locks: std::sync::Arc<[std::sync::Mutex<()>; chunks::NODE_LOCKS]>,
    /// Held across the two writes of a subscription and its JID index entry.
    sub_writes: std::sync::Arc<std::sync::Mutex<()>>,
    /// Subscriptions per JID domain, as the JID index lists them: counted at open, kept with
    /// the index under `sub_writes` (`[access] max_subscriptions_per_domain`).
    domain_subs: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
    /// The JIDs whose index may have more than one record (a superset: found at open, added
    /// before a split writes a second record): any other JID's index is its first record
    /// alone, read with one point read ([`jid_index`]).
    multi_record: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<Box<str>>>>,
    /// This store is open in this process (until its last handle goes).
    _open: std::sync::Arc<OpenHere>,
}

/// The stores open in this process, by path: a lock held by one of them is not waited for.
static OPEN_HERE: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// One entry of [`OPEN_HERE`], removed when dropped.
struct OpenHere(std::path::PathBuf);

impl OpenHere {
    fn key(path: &Path) -> std::path::PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_owned())
    }

    fn new(path: &Path) -> OpenHere {
        let key = OpenHere::key(path);
        OPEN_HERE
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(key.clone());
        OpenHere(key)
    }

    fn is_open(path: &Path) -> bool {
        let key = OpenHere::key(path);
        OPEN_HERE
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&key)
    }
}

impl Drop for OpenHere {
    fn drop(&mut self) {
        let mut open = OPEN_HERE.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(at) = open.iter().position(|p| *p == self.0) {
            open.swap_remove(at);
        }
    }
}

impl SledStore {
    /// Open (or create) the store in `path`, with the default page cache.
    pub fn open(path: &Path) -> Result<SledStore, StoreError> {
        SledStore::open_with_cache(path, crate::store::DEFAULT_CACHE_MB)
    }

    /// Open (or create) the store in `path` with a page cache of `cache_mb` MiB.
    pub fn open_with_cache(path: &Path, cache_mb: usize) -> Result<SledStore, StoreError> {
        let pid_file = path.join(PID_FILE);
        let open = || {
            sled::Config::new()
                .path(path)
                .cache_capacity((cache_mb as u64) << 20)
                .flush_every_ms(Some(FLUSH_EVERY_MS))
                .open()
                .map_err(|source| {
                    // sled says only "could not acquire lock": when the lock is held (not
                    // when locking itself failed), name the other process instead.
                    let text = source.to_string();
                    if text.contains("could not acquire lock") && text.contains("WouldBlock") {
                        StoreError::Locked {
                            path: path.display().to_string(),
                            pid: std::fs::read_to_string(&pid_file)
                                .ok()
                                .and_then(|p| p.trim().parse().ok()),
                        }
                    } else {
                        StoreError::Open {
                            path: path.display().to_string(),
                            source: source.into(),
                        }
                    }
                })
        };
        // A store this process just closed keeps its lock until sled's background writes of
        // it end (a few milliseconds): one held by no other process is waited for, briefly.
        let mut waited = 0;
        let db = loop {
            match open() {
                Err(StoreError::Locked { pid, .. })
                    if waited < REOPEN_WAIT_MS
                        && pid.is_none_or(|p| p == std::process::id())
                        && !OpenHere::is_open(path) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    waited += 20;
                }
                r => break r?,
            }
        };
        // Who holds the lock now, for the next one that finds it taken (best effort, written
        // whole: a reader never sees half a number).
        let tmp = path.join(format!("{PID_FILE}.tmp"));
        if std::fs::write(&tmp, format!("{}\n", std::process::id())).is_ok() {
            let _ = std::fs::rename(&tmp, &pid_file);
        }
        Ok(SledStore {
            feeds: db.open_tree("feeds")?,
            node_items: db.open_tree("node_items")?,
            subs: db.open_tree("subs")?,
            jid_index: db.open_tree(jid_index::TREE)?,
            outbox: db.open_tree("outbox")?,
            unfollowed: db.open_tree("unfollowed")?,
            backlog: db.open_tree("backlog")?,
            backlog_skipped: db.open_tree("backlog_skipped")?,
            avatars: db.open_tree("avatars")?,
            avatar_png: db.open_tree("avatar_png")?,
            affiliations: db.open_tree("affiliations")?,
            node_options: db.open_tree("node_options")?,
            node_changed: db.open_tree("node_changed")?,
            probe: db.open_tree("probe")?,
            group: Default::default(),
            dir: std::sync::Arc::new(path.to_owned()),
            cache: Default::default(),
            node_locks: std::sync::Arc::new(std::array::from_fn(|_| Default::default())),
            sub_writes: Default::default(),
            domain_subs: Default::default(),
            multi_record: Default::default(),
            _open: std::sync::Arc::new(OpenHere::new(path)),
            db,
        })
        .and_then(|store| {
            store.migrate_items()?;
            store.migrate_subs_index()?;
            store.count_domain_subscriptions()?;
            store.load_feeds()?;
            Ok(store)
        })
    }

    /// Whether the store takes a write and makes it durable (the health check).
    pub fn probe_write(&self, now_ms: i64) -> Result<(), StoreError> {
        self.probe.insert(b"last", &now_ms.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// Whether the store still writes: sled keeps the first I/O error it met and refuses every
    /// write after it, so a flush (which writes nothing when nothing is pending) tells.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Read every record of every table and decode it: how many there are, and which keys do
    /// not decode (`feedpush store verify`).
    pub fn verify(&self) -> Result<Verified, StoreError> {
        let mut v = Verified::default();
        let mut check = |table: &'static str,
                         tree: &sled::Tree,
                         decodes: &dyn Fn(&[u8], &[u8]) -> bool|
         -> Result<(), StoreError> {
            let mut n = 0u64;
            for r in tree.iter() {
                let (k, val) = r?;
                n += 1;
                if !decodes(&k, &val) {
                    v.corrupt.push(format!(
                        "{table}: {}",
                        String::from_utf8_lossy(&k).replace('\0', "/")
                    ));
                }
            }
            v.tables.push((table, n));
            Ok(())
        };
        check("feeds", &self.feeds, &|k, v| {
            decode::<FeedState>(k, v).is_ok()
        })?;
        check("subscriptions", &self.subs, &|k, v| {
            decode::<Subscription>(k, v).is_ok()
        })?;
        check("outbox", &self.outbox, &|k, v| {
            decode::<OutboxJob>(k, v).is_ok()
        })?;
        check("backlog", &self.backlog, &|k, v| {
            decode::<Held>(k, v).is_ok()
        })?;
        check("affiliations", &self.affiliations, &|k, v| {
            decode::<Affiliation>(k, v).is_ok()
        })?;
        check("node_options", &self.node_options, &|k, v| {
            decode::<NodeOptions>(k, v).is_ok()
        })?;
        self.verify_items(&mut v)?;
        Ok(v)
    }

    /// Copy the store, flushed, into `dest` (a new or empty directory), file by file. Run on a
    /// stopped instance's store: this process holds its lock, so nothing writes meanwhile. The
    /// copy opens as a store of its own.
    pub fn backup(&self, dest: &Path) -> Result<u64, StoreError> {
        let from = self.dir.as_path();
        self.db.flush()?;
        let io = |e: std::io::Error| StoreError::Task(format!("backup to {}: {e}", dest.display()));
        if dest.exists() && std::fs::read_dir(dest).map_err(io)?.next().is_some() {
            return Err(StoreError::Task(format!(
                "backup: {} is not empty",
                dest.display()
            )));
        }
        fn copy(from: &Path, to: &Path, bytes: &mut u64) -> std::io::Result<()> {
            std::fs::create_dir_all(to)?;
            for e in std::fs::read_dir(from)? {
                let e = e?;
                let name = e.file_name();
                if name == PID_FILE || name.to_string_lossy().ends_with(".tmp") {
                    continue;
                }
                let (src, dst) = (e.path(), to.join(&name));
                if e.file_type()?.is_dir() {
                    copy(&src, &dst, bytes)?;
                } else {
                    *bytes += std::fs::copy(&src, &dst)?;
                }
            }
            Ok(())
        }
        let mut bytes = 0;
        copy(from, dest, &mut bytes).map_err(io)?;
        Ok(bytes)
    }

    /// Counts for operators: outbox jobs, subscriptions, feeds by health. Feeds and
    /// subscriptions come from counts kept in memory: no scan of either.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let subscriptions = self
            .domain_subs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .sum::<usize>() as u64;
        Ok(Stats {
            outbox_pending: self.outbox.len() as u64,
            subscriptions,
            feeds_by_health: self.cache.read().by_health(),
        })
    }

    /// Remove the pid file if it names this process (a clean stop; the lock goes with the
    /// process).
    pub fn release_pid_file(&self) {
        let pid_file = self.dir.join(PID_FILE);
        if std::fs::read_to_string(&pid_file)
            .is_ok_and(|p| p.trim() == std::process::id().to_string())
        {
            let _ = std::fs::remove_file(pid_file);
        }
    }

    /// Durably write everything committed so far.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
