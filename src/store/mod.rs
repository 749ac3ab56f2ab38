//! The durable state, and the only user of sled: feeds (URL, validators, fetch outcome, health,
//! next due time), items per node (bounded, newest kept), the seen-id set per node,
//! subscriptions and the delivery outbox.
//!
//! Values are JSON (serde) so the on-disk format is inspectable and survives field additions;
//! a node's items are kept in compressed chunks of JSON ([`chunks`]). The writes of each
//! operation are ordered so that whatever prefix of them a kill -9 leaves is consistent (see
//! [`Store::apply_fetch`]): no corruption, no old entry announced again, no new entry lost.
//! Writes become durable when flushed (group commit, [`Store::flush_async`]). No sled type
//! leaks out of this module, so the store can move to another database.
//! One file per table group: `feeds.rs`, `items.rs` (with seen ids), `chunks.rs` (their
//! layout and write sessions), `migrate.rs` (older layouts, at open), `subs.rs` (with
//! `jid_index.rs`, a JID's subscriptions in bounded records), `outbox.rs`,
//! `backlog.rs` (items held for away contact subscribers), `nodes.rs` (publish, retract,
//! purge, delete, affiliations), `avatars.rs`, `cache.rs` (every feed's state in memory,
//! written through; the times of quiet polls written lazily, so a crash loses only those; with
//! `feed_index.rs`, its indexes: by URL, by node page, user feeds, counts by health);
//! `codec.rs` holds the key and value encodings.

use std::path::Path;

use sled::transaction::TransactionError;

use codec::decode;

mod avatars;
mod backlog;
mod cache;
mod chunks;
mod codec;
mod feed_index;
mod feeds;
mod items;
mod jid_index;
mod migrate;
mod nodes;
mod outbox;
mod subs;

use crate::model::{Affiliation, FeedState, Held, NodeOptions, OutboxJob, Stats, Subscription};

/// How long an id absent from its feed is still remembered (so a flapping entry is not
/// re-announced). Ids still present in the feed are never forgotten.
pub const SEEN_RETENTION_MS: i64 = 30 * 24 * 3600 * 1000;
/// Entries of one document the store takes (numbering leaves 16 bits per fetch).
pub const MAX_ENTRIES_PER_FETCH: usize = 1 << 16;
/// A seen id's "last found in the feed" time is rewritten at most this often: retention is
/// counted in days, and rewriting every id on every fetch would dominate a fetch's cost.
pub const SEEN_REFRESH_MS: i64 = 24 * 3600 * 1000;
/// The file in the store's directory naming the process that has it open.
pub const PID_FILE: &str = "feedpush.pid";
/// How long opening waits for a lock held by no other process (one this process is releasing).
const REOPEN_WAIT_MS: u64 = 2_000;
/// Changes remembered per feed for the adaptive interval.
pub const CHANGE_HISTORY: usize = 10;

/// Why the store could not do something.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store at {path}: {source}")]
    /// The database could not be opened at `path`.
    Open {
        /// The file or directory.
        path: String,
        /// What the backend said.
        source: BackendError,
    },
    #[error("another feedpush is using the store {path}{}", match pid { Some(p) => format!(" (pid {p})"), None => String::new() })]
    /// Another process holds the store (its lock).
    Locked {
        /// The store's directory.
        path: String,
        /// The other process, from its pid file, when known.
        pid: Option<u32>,
    },
    #[error("store: {0}")]
    /// The database failed.
    Db(BackendError),
    #[error("store: background task failed: {0}")]
    /// A background store task failed.
    Task(String),
    #[error("store: corrupt record under {key}: {source}")]
    /// A record could not be decoded.
    Corrupt {
        /// Its key, readable.
        key: String,
        /// The decoding error.
        source: serde_json::Error,
    },
}

/// What a store backend failed with, without its types: the message, the I/O error under it
/// (if any, so a full disk can be told from other failures) and the error itself as a source.
#[derive(Debug, thiserror::Error)]
#[error("{source}")]
pub struct BackendError {
    /// The kind and OS code of the I/O error under it, if it was one.
    io: Option<(std::io::ErrorKind, Option<i32>)>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl BackendError {
    /// Whether the disk (or the quota) was full.
    pub fn is_out_of_space(&self) -> bool {
        self.io.is_some_and(|(kind, code)| {
            matches!(
                kind,
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            ) || matches!(code, Some(28 | 122))
        })
    }
}

impl From<sled::Error> for BackendError {
    fn from(e: sled::Error) -> Self {
        let io = match &e {
            sled::Error::Io(io) => Some((io.kind(), io.raw_os_error())),
            _ => None,
        };
        BackendError {
            io,
            source: Box::new(e),
        }
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

/// What [`Store::verify`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verified {
    /// Records per table.
    pub tables: Vec<(&'static str, u64)>,
    /// Keys whose records do not decode, `table: key`.
    pub corrupt: Vec<String>,
}

/// The store handle; cheap to clone.
#[derive(Clone)]
pub struct Store {
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
    group: std::sync::Arc<GroupCommit>,
    /// Every feed's state, in memory ([`cache`]).
    cache: std::sync::Arc<cache::FeedCache>,
    /// Writers of one node's items take their turn ([`chunks::NodeWrite`]).
    node_locks: std::sync::Arc<[std::sync::Mutex<()>; chunks::NODE_LOCKS]>,
    /// Held across the two writes of a subscription and its JID index entry.
    sub_writes: std::sync::Arc<std::sync::Mutex<()>>,
    /// Subscriptions per JID domain, as the JID index lists them: counted at open, kept with
    /// the index under `sub_writes` (`[access] max_subscriptions_per_domain`).
    domain_subs: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
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

/// Shared state of [`Store::flush_async`]'s group commit.
#[derive(Default)]
struct GroupCommit {
    lock: tokio::sync::Mutex<()>,
    /// Flush requests handed out so far.
    requested: std::sync::atomic::AtomicU64,
    /// Every request up to this number is durable.
    completed: std::sync::atomic::AtomicU64,
}

impl StoreError {
    /// Whether the error may go away by itself: the disk (or the quota) was full. The store
    /// then waits for space; any other error is not expected to heal.
    pub fn is_out_of_space(&self) -> bool {
        match self {
            StoreError::Db(e) | StoreError::Open { source: e, .. } => e.is_out_of_space(),
            _ => false,
        }
    }
}

impl Store {
    /// Open (or create) the store in `path`, with the default page cache.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_cache(path, crate::config::DEFAULT_CACHE_MB)
    }

    /// Open (or create) the store in `path` with a page cache of `cache_mb` MiB.
    pub fn open_with_cache(path: &Path, cache_mb: usize) -> Result<Store, StoreError> {
        let pid_file = path.join(PID_FILE);
        let open = || {
            sled::Config::new()
                .path(path)
                .cache_capacity((cache_mb as u64) << 20)
                .flush_every_ms(Some(200))
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
        Ok(Store {
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
            cache: Default::default(),
            node_locks: std::sync::Arc::new(std::array::from_fn(|_| Default::default())),
            sub_writes: Default::default(),
            domain_subs: Default::default(),
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

    /// Copy the store, flushed, into `dest` (a new or empty directory), file by file; `from`
    /// is the store's own directory. Run on a stopped instance's store: this process holds
    /// its lock, so nothing writes meanwhile. The copy opens as a store of its own.
    pub fn backup(&self, from: &Path, dest: &Path) -> Result<u64, StoreError> {
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
    pub fn release_pid_file(&self, path: &Path) {
        let pid_file = path.join(PID_FILE);
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

    /// Like [`flush`](Self::flush), without blocking the async runtime.
    ///
    /// The flush runs on a blocking thread: sled's own `flush_async` future holds a lock while
    /// pending, and with every runtime worker inside a transaction that deadlocks (seen in the
    /// poller benchmark).
    ///
    /// Group commit: callers that arrive while a flush runs share the next one, so many
    /// concurrent fetches cost one flush rather than one each.
    pub async fn flush_async(&self) -> Result<(), StoreError> {
        use std::sync::atomic::Ordering;
        let ticket = self.group.requested.fetch_add(1, Ordering::SeqCst) + 1;
        let _turn = self.group.lock.lock().await;
        if self.group.completed.load(Ordering::SeqCst) >= ticket {
            return Ok(()); // a flush that started after our request covered us
        }
        let covers = self.group.requested.load(Ordering::SeqCst);
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.flush())
            .await
            .map_err(|e| StoreError::Task(e.to_string()))??;
        self.group.completed.store(covers, Ordering::SeqCst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn only_a_full_disk_is_waited_for() {
        let full = StoreError::from(sled::Error::Io(std::io::Error::from_raw_os_error(28)));
        assert!(full.is_out_of_space());
        let eio = StoreError::from(sled::Error::Io(std::io::Error::from_raw_os_error(5)));
        assert!(!eio.is_out_of_space());
    }

    fn item(id: &str, hash: &str) -> crate::model::Entry {
        crate::model::Entry {
            title: Some(format!("title {id}")),
            ..crate::model::Entry::new(id, hash)
        }
    }

    /// A subscription with default options, as the pubsub core makes one.
    fn sub(s: &Store, node: &str, jid: &str, at: i64) {
        s.put_subscription(&Subscription {
            node: node.into(),
            jid: jid.into(),
            deliver: true,
            show_values: None,
            created: at,
            mode: Mode::Pubsub,
            contact: false,
            include_body: true,
            suspended: false,
            filter: Filter::default(),
            digest: Digest::Off,
            digest_at: 0,
        })
        .unwrap();
    }

    fn feed() -> FeedState {
        FeedState::new("n", "http://example.org/f", None, Origin::Config)
    }

    #[test]
    fn user_feeds_nobody_follows_are_removed_once_idle() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let user = |n: &str| {
            FeedState::new(
                n,
                &format!("http://example.org/{n}"),
                None,
                Origin::User {
                    owner: "a@x".into(),
                },
            )
        };
        s.ensure_feed(user("kept")).unwrap();
        s.ensure_feed(user("idle")).unwrap();
        s.ensure_feed(feed()).unwrap(); // configured: never removed
        sub(&s, "kept", "a@x", 0);
        sub(&s, "idle", "a@x", 0);
        s.apply_fetch(
            &user("idle"),
            &[item("e", "1")],
            &[],
            1,
            10,
            Announce {
                new: true,
                updates: false,
            },
        )
        .unwrap();
        s.unsubscribe("idle", "a@x").unwrap();
        s.mark_followed("idle", 1_000).unwrap();
        assert_eq!(s.user_feeds_followed_by("a@x").unwrap(), 1);
        assert_eq!(
            s.user_feed_slots("a@x").unwrap(),
            2,
            "the one it follows and the one it added that nobody follows"
        );
        assert_eq!(s.user_feed_slots("b@x").unwrap(), 0);
        assert_eq!(s.user_feed_count().unwrap(), 2);
        assert!(s.remove_idle_user_feeds(1_500, 1_000).unwrap().is_empty());
        // Somebody follows it again in between: the clock stops.
        sub(&s, "idle", "b@x", 1_600);
        s.mark_followed("idle", 1_600).unwrap();
        assert!(s.remove_idle_user_feeds(5_000, 1_000).unwrap().is_empty());
        s.unsubscribe("idle", "b@x").unwrap();
        s.mark_followed("idle", 6_000).unwrap();
        assert_eq!(s.remove_idle_user_feeds(7_000, 1_000).unwrap(), ["idle"]);
        assert!(s.feed("idle").unwrap().is_none());
        assert!(s.items("idle", 10, None).unwrap().is_empty());
        assert!(!s.is_seen("idle", "e").unwrap());
        assert!(s.jobs(10).unwrap().iter().all(|j| j.node != "idle"));
        assert!(s.feed("kept").unwrap().is_some() && s.feed("n").unwrap().is_some());
    }

    #[test]
    fn new_updated_and_seen_ids() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.ensure_feed(feed()).unwrap();
        let a = s
            .apply_fetch(
                &feed(),
                &[item("b", "1"), item("a", "1")],
                &[],
                1,
                10,
                Announce::default(),
            )
            .unwrap();
        assert_eq!(
            a.new
                .iter()
                .map(|i| i.entry.id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        let a = s
            .apply_fetch(
                &feed(),
                &[item("c", "1"), item("b", "2"), item("a", "1")],
                &[],
                2,
                10,
                Announce::default(),
            )
            .unwrap();
        assert_eq!(a.new.len(), 1);
        assert_eq!(a.new[0].entry.id, "c");
        assert_eq!(a.updated.len(), 1);
        assert_eq!(a.updated[0].entry.id, "b");
        let newest: Vec<_> = s
            .items("n", 10, None)
            .unwrap()
            .into_iter()
            .map(|i| i.entry.id)
            .collect();
        assert_eq!(newest, ["c", "b", "a"]);
        assert_eq!(s.feed("n").unwrap().unwrap(), feed());
    }

    #[test]
    fn trimmed_items_never_come_back_as_new() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let doc = [item("c", "1"), item("b", "1"), item("a", "1")];
        assert_eq!(
            s.apply_fetch(&feed(), &doc, &[], 1, 2, Announce::default())
                .unwrap()
                .new
                .len(),
            3
        );
        assert_eq!(s.item_count("n"), 2);
        assert!(s.item("n", "a").unwrap().is_none());
        let again = s
            .apply_fetch(&feed(), &doc, &[], 2, 2, Announce::default())
            .unwrap();
        assert!(again.new.is_empty() && again.updated.is_empty());
    }

    #[test]
    fn survives_reopen_and_pages() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            let doc: Vec<_> = (0..5).rev().map(|i| item(&i.to_string(), "h")).collect();
            s.apply_fetch(&feed(), &doc, &[], 1, 10, Announce::default())
                .unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        let first = s.items("n", 2, None).unwrap();
        assert_eq!(
            first
                .iter()
                .map(|i| i.entry.id.as_str())
                .collect::<Vec<_>>(),
            ["4", "3"]
        );
        let next = s.items("n", 2, Some(first[1].seq)).unwrap();
        assert_eq!(
            next.iter().map(|i| i.entry.id.as_str()).collect::<Vec<_>>(),
            ["2", "1"]
        );
        assert!(s.is_seen("n", "0").unwrap());
    }

    #[test]
    fn subscriptions_are_counted_per_domain_and_recounted_at_open() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            sub(&s, "n", "a@remote.example", 1);
            sub(&s, "n", "a@remote.example", 1);
            sub(&s, "m", "a@remote.example", 1);
            sub(&s, "n", "b@remote.example", 1);
            sub(&s, "n", "c@other.example", 1);
            assert_eq!(
                s.domain_subscriptions("remote.example"),
                3,
                "a stored again is one"
            );
            assert_eq!(s.domain_subscriptions("other.example"), 1);
            assert_eq!(s.domain_subscriptions("nobody.example"), 0);
            assert!(s.unsubscribe("m", "a@remote.example").unwrap());
            assert!(!s.unsubscribe("m", "a@remote.example").unwrap());
            assert_eq!(s.domain_subscriptions("remote.example"), 2);
            // A node's removal unsubscribes its followers.
            sub(&s, "gone", "d@remote.example", 1);
            assert_eq!(s.domain_subscriptions("remote.example"), 3);
            s.unsubscribe("gone", "d@remote.example").unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.domain_subscriptions("remote.example"), 2);
        assert_eq!(s.domain_subscriptions("other.example"), 1);
        assert_eq!(jid_domain("a@b.example"), "b.example");
        assert_eq!(jid_domain("b.example"), "b.example");
    }

    #[test]
    fn subscriptions_and_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        sub(&s, "n", "b@x", 1);
        sub(&s, "n", "b@x", 1);
        assert!(s.subscription("n", "b@x").unwrap().is_some());
        assert_eq!(s.subscriber_count("n"), 1, "storing it again adds nothing");
        sub(&s, "n", "a@x", 1);
        sub(&s, "m", "a@x", 1);
        let subs = s.subscribers("n", None, 10).unwrap();
        assert_eq!(
            subs.iter().map(|s| s.jid.as_str()).collect::<Vec<_>>(),
            ["a@x", "b@x"]
        );
        let rest = s.subscribers("n", Some("a@x"), 10).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(s.subscriptions_of("a@x").unwrap().len(), 2);
        assert!(s.unsubscribe("n", "a@x").unwrap());
        assert!(!s.unsubscribe("n", "a@x").unwrap());
        let notify = Announce {
            new: true,
            updates: false,
        };
        s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
            .unwrap();
        let job = s.jobs(1).unwrap().remove(0);
        assert_eq!(
            s.item_by_seq("n", job.item_seq).unwrap().unwrap().entry.id,
            "a"
        );
        s.advance_job(&job, "b@x").unwrap();
        assert_eq!(s.jobs(1).unwrap().remove(0).after.as_deref(), Some("b@x"));
        s.finish_job(&job).unwrap();
        assert!(s.jobs(1).unwrap().is_empty());
    }

    #[test]
    fn a_fetch_cut_off_before_its_items_is_new_again_and_its_job_finds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let notify = Announce {
            new: true,
            updates: false,
        };
        s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
            .unwrap();
        let job = s.jobs(1).unwrap().remove(0);
        // What a kill -9 between the outbox job and the items leaves behind.
        s.drop_node_items("n").unwrap();
        assert!(s.item_by_seq("n", job.item_seq).unwrap().is_none());
        assert!(!s.is_seen("n", "a").unwrap());
        let again = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 2, 10, notify)
            .unwrap();
        assert_eq!(again.new.len(), 1, "announced again, not lost");
        assert_eq!(s.item_count("n"), 1, "stored once");
        assert!(s.is_seen("n", "a").unwrap());
        // And from then on it is known.
        let third = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 3, 10, notify)
            .unwrap();
        assert!(third.new.is_empty());
    }

    #[test]
    fn an_item_written_without_its_id_record_is_taken_back_not_stored_twice() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let notify = Announce {
            new: true,
            updates: false,
        };
        s.apply_fetch(&feed(), &[item("a", "1")], &[], 1, 10, notify)
            .unwrap();
        let job = s.jobs(1).unwrap().remove(0);
        s.finish_job(&job).unwrap();
        // What a kill -9 between the chunk and the id record leaves behind.
        s.node_items.remove(chunks::id_key("n", "a")).unwrap();
        let again = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 2, 10, notify)
            .unwrap();
        assert_eq!(again.new.len(), 1, "announced again, not lost");
        assert_eq!(
            again.new[0].seq, job.item_seq,
            "the leftover item is reused"
        );
        assert_eq!(s.item_count("n"), 1, "stored once");
        assert_eq!(s.items("n", 10, None).unwrap().len(), 1);
        let third = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 3, 10, notify)
            .unwrap();
        assert!(third.new.is_empty(), "and from then on it is known");
    }

    #[test]
    fn items_left_without_id_records_in_several_chunks_are_all_taken_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let n = chunks::CHUNK_ITEMS + 5;
        let doc: Vec<_> = (0..n).rev().map(|i| item(&i.to_string(), "h")).collect();
        s.apply_fetch(&feed(), &doc, &[], 1, 100, Announce::default())
            .unwrap();
        // A kill -9 after the chunks, before any id record of that fetch.
        for i in 0..n {
            s.node_items
                .remove(chunks::id_key("n", &i.to_string()))
                .unwrap();
        }
        let again = s
            .apply_fetch(&feed(), &doc, &[], 2, 100, Announce::default())
            .unwrap();
        assert_eq!(again.new.len(), n, "announced again, not lost");
        assert_eq!(s.item_count("n"), n, "each stored once");
        assert_eq!(s.items("n", 1000, None).unwrap().len(), n);
        // A publish retried after the same kind of crash is stored once too.
        let all = Announce {
            new: true,
            updates: true,
        };
        s.publish("n", &item("p", "h"), 3, 100, all, true).unwrap();
        s.node_items.remove(chunks::id_key("n", "p")).unwrap();
        assert!(matches!(
            s.publish("n", &item("p", "h"), 4, 100, all, true).unwrap(),
            Published::New(_)
        ));
        assert_eq!(s.item_count("n"), n + 1);
    }

    #[test]
    fn an_id_record_whose_item_is_gone_does_not_count_as_stored() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.ensure_feed(FeedState::push("p", None, Origin::Push))
            .unwrap();
        s.publish("p", &item("i", "h"), 1, 10, Announce::default(), false)
            .unwrap();
        assert_eq!(s.item_hash("p", "i").unwrap().as_deref(), Some("h"));
        // A kill -9 after a retraction's chunk, before its id record.
        let mut w = s.node_write("p").unwrap();
        let seq = w.id("i").unwrap().unwrap().seq.unwrap();
        w.remove(seq).unwrap();
        w.commit().unwrap();
        assert_eq!(
            s.item_hash("p", "i").unwrap(),
            None,
            "publishing it again stores it"
        );
        assert!(matches!(
            s.publish("p", &item("i", "h"), 2, 10, Announce::default(), false)
                .unwrap(),
            Published::New(_)
        ));
        assert!(s.item("p", "i").unwrap().is_some());
    }

    #[test]
    fn a_job_read_while_its_items_are_written_waits_for_them() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let mut w = s.node_write("n").unwrap();
        // The drain finds the job (written before the item) and reads its item meanwhile.
        let reader = {
            let s = s.clone();
            std::thread::spawn(move || s.item_for_job("n", 7))
        };
        // Time for the reader to get to the node's lock (it must wait there, not find
        // nothing and drop the job).
        std::thread::sleep(std::time::Duration::from_millis(50));
        w.append(StoredItem {
            seq: 7,
            stored_at: 1,
            entry: item("a", "1"),
        })
        .unwrap();
        w.commit().unwrap();
        let got = reader.join().unwrap().unwrap();
        assert_eq!(got.map(|i| i.entry.id).as_deref(), Some("a"));
    }

    #[test]
    fn chunks_page_trim_and_update_across_their_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let max = 2 * chunks::CHUNK_ITEMS + 3;
        // Three fetches of new entries, more than a chunk each.
        let mut n = 0;
        for round in 0..3 {
            let doc: Vec<_> = (n..n + chunks::CHUNK_ITEMS + 5)
                .rev()
                .map(|i| item(&i.to_string(), "h"))
                .collect();
            n += doc.len();
            let a = s
                .apply_fetch(&feed(), &doc, &[], round, max, Announce::default())
                .unwrap();
            assert_eq!(a.new.len(), doc.len());
        }
        assert_eq!(s.item_count("n"), max);
        let newest: Vec<String> = s
            .items("n", 1000, None)
            .unwrap()
            .into_iter()
            .map(|i| i.entry.id)
            .collect();
        let want: Vec<String> = (n - max..n).rev().map(|i| i.to_string()).collect();
        assert_eq!(newest, want);
        // Paging backwards from any item gives exactly the older ones.
        let all = s.items("n", 1000, None).unwrap();
        for (at, it) in all.iter().enumerate() {
            let older = s.items("n", 1000, Some(it.seq)).unwrap();
            assert_eq!(older, all[at + 1..].to_vec());
        }
        // The oldest kept id is found by id and by number; a trimmed one is seen, not stored.
        let oldest = all.last().unwrap();
        assert_eq!(
            s.item("n", &oldest.entry.id).unwrap().as_ref(),
            Some(oldest)
        );
        assert_eq!(
            s.item_by_seq("n", oldest.seq).unwrap().as_ref(),
            Some(oldest)
        );
        assert!(s.is_seen("n", "0").unwrap() && s.item("n", "0").unwrap().is_none());
        // An update in an older chunk is stored in place.
        let changed = item(&oldest.entry.id, "h2");
        let a = s
            .apply_fetch(&feed(), &[changed], &[], 9, max, Announce::default())
            .unwrap();
        assert_eq!(a.updated.len(), 1);
        assert_eq!(
            s.item("n", &oldest.entry.id)
                .unwrap()
                .unwrap()
                .entry
                .content_hash,
            "h2"
        );
        assert_eq!(s.item_count("n"), max);
        let v = s.verify().unwrap();
        assert!(v.corrupt.is_empty());
        assert!(v.tables.contains(&("items", max as u64)), "{v:?}");
    }

    #[test]
    fn ensure_feed_keeps_existing_state() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let mut f = feed();
        f.error_count = 3;
        s.put_feed(&f).unwrap();
        let got = s.ensure_feed(feed()).unwrap();
        assert_eq!(got.error_count, 3);
    }

    #[test]
    fn publish_retract_purge_and_delete_announce_through_the_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.ensure_feed(FeedState::push("p", None, Origin::Push))
            .unwrap();
        sub(&s, "p", "a@x", 0);
        let all = Announce {
            new: true,
            updates: true,
        };
        let first = s
            .publish("p", &item("i1", "h1"), 5, 10, all, false)
            .unwrap();
        assert!(matches!(first, Published::New(_)));
        let job = s.jobs(10).unwrap().remove(0);
        assert_eq!(job.key, first.item().seq, "keyed by its item's number");
        s.finish_job(&job).unwrap();
        assert!(matches!(
            s.publish("p", &item("i1", "h1"), 6, 10, all, false)
                .unwrap(),
            Published::Unchanged(_)
        ));
        assert!(
            s.jobs(10).unwrap().is_empty(),
            "the same again is not announced"
        );
        assert!(matches!(
            s.publish("p", &item("i1", "h2"), 7, 10, all, false)
                .unwrap(),
            Published::Updated(_)
        ));
        let jobs = s.jobs(10).unwrap();
        assert_eq!(jobs.len(), 1);
        assert!(jobs[0].update && jobs[0].event == Event::Item);
        assert_eq!(s.items_changed("p").unwrap(), Some(7));
        // A pending announcement of a retracted item goes with it.
        assert!(s.retract("p", "i1", true, false, 9).unwrap().is_some());
        assert!(s.item("p", "i1").unwrap().is_none());
        assert!(s.retract("p", "i1", true, false, 9).unwrap().is_none());
        let jobs = s.jobs(10).unwrap();
        assert_eq!(jobs.len(), 1, "{jobs:?}");
        let j = jobs[0].clone();
        assert_eq!(j.event, Event::Retract { id: "i1".into() });
        s.finish_job(&j).unwrap();
        s.publish("p", &item("i2", "h"), 8, 10, all, false).unwrap();
        assert_eq!(s.purge("p", true, false, 10).unwrap(), 1);
        let jobs = s.jobs(10).unwrap();
        assert_eq!(jobs.len(), 1, "the purged item's announcement went with it");
        assert_eq!(jobs[0].event, Event::Purge);
        s.finish_job(&jobs[0]).unwrap();
        s.set_affiliation("p", "o@x", Some(Affiliation::Owner))
            .unwrap();
        assert_eq!(s.affiliations("p").unwrap().len(), 1);
        s.delete_node("p", true, Some("xmpp:elsewhere".into()))
            .unwrap();
        assert!(s.feed("p").unwrap().is_none());
        assert!(s.affiliations("p").unwrap().is_empty());
        assert!(
            s.subscription("p", "a@x").unwrap().is_some(),
            "kept until they are told"
        );
        let j = s.jobs(10).unwrap().remove(0);
        assert!(matches!(j.event, Event::Delete { .. }));
        s.finish_job(&j).unwrap();
        assert!(s.subscription("p", "a@x").unwrap().is_none());
        assert!(s.subscriptions_of("a@x").unwrap().is_empty());
    }

    #[test]
    fn node_options_survive_a_poll_writing_the_feed_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        // What a poll read before the node was configured …
        let stale = s.ensure_feed(feed()).unwrap();
        let mut configured = stale.clone();
        configured.options.max_items = Some(7);
        configured.options.access_model = AccessModel::Whitelist;
        s.set_node_options("n", &configured.options).unwrap();
        // … and writes back after its fetch: the configuration stays.
        s.put_feed(&stale).unwrap();
        let got = s.feed("n").unwrap().unwrap();
        assert_eq!(got.options.max_items, Some(7));
        assert_eq!(
            s.feeds().unwrap()[0].options.access_model,
            AccessModel::Whitelist
        );
        s.set_node_options("n", &NodeOptions::default()).unwrap();
        assert!(s.feed("n").unwrap().unwrap().options.is_default());
        s.set_node_options("n", &configured.options).unwrap();
        s.remove_feed("n").unwrap();
        s.ensure_feed(feed()).unwrap();
        assert!(
            s.feed("n").unwrap().unwrap().options.is_default(),
            "a removed node's options go with it"
        );
    }

    #[test]
    fn a_retracted_or_purged_polled_entry_is_not_new_at_the_next_poll() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let doc = [item("b", "1"), item("a", "1")];
        let notify = Announce {
            new: true,
            updates: false,
        };
        s.apply_fetch(&feed(), &doc, &[], 1, 10, notify).unwrap();
        assert!(s.retract("n", "a", true, true, 2).unwrap().is_some());
        let again = s.apply_fetch(&feed(), &doc, &[], 3, 10, notify).unwrap();
        assert!(again.new.is_empty(), "{:?}", again.new);
        s.purge("n", true, true, 4).unwrap();
        let again = s.apply_fetch(&feed(), &doc, &[], 5, 10, notify).unwrap();
        assert!(again.new.is_empty());
    }

    #[test]
    fn a_second_opener_is_told_who_holds_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path()).unwrap();
        let err = Store::open(dir.path()).err().expect("the store is locked");
        let shown = err.to_string();
        assert!(
            shown.starts_with("another feedpush is using the store")
                && shown.contains(&format!("(pid {})", std::process::id())),
            "{shown}"
        );
    }
}
