//! The durable state behind one contract: feeds (URL, validators, fetch outcome, health, next
//! due time) and push nodes, items per node (bounded, newest kept) with their seen ids,
//! subscriptions with a JID's index, the delivery outbox, backlogs, avatars, affiliations.
//!
//! - [`contract`]: the traits every backend implements, [`Store`] (what the service, the poller,
//!   delivery, the HTTP side and the daemon's upkeep use) and [`Admin`] (what the offline
//!   commands add), with the semantics a backend must meet: what is durable once a call has
//!   returned and a flush after it, how items are numbered, what each indexed query returns.
//! - [`sled`]: the embedded backend, a directory on the local disk (the only user of the
//!   embedded database and of zstd). [`open`] is the one place that picks it.
//! - here: what every backend shares: [`StoreError`] (no backend type in it: a
//!   [`BackendError`] carries the message and the I/O error kind), the limits of the
//!   contract, [`flush_async`] (group commit over [`Store::flush`]).
//!
//! `contract_suite` (tests only) is the contract as tests, run on every backend.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub mod cluster;
pub mod contract;
pub mod copy;
mod feed_keys;
pub mod postgres;
pub mod records;
pub mod sled;

#[cfg(test)]
mod contract_suite;

pub use contract::{Admin, Store};

/// How long an id absent from its feed is still remembered (so a flapping entry is not
/// re-announced). Ids still present in the feed are never forgotten.
pub const SEEN_RETENTION_MS: i64 = 30 * 24 * 3600 * 1000;
/// Entries of one document the store takes (numbering leaves 16 bits per fetch).
pub const MAX_ENTRIES_PER_FETCH: usize = 1 << 16;
/// A seen id's "last found in the feed" time is rewritten at most this often: retention is
/// counted in days, and rewriting every id on every fetch would dominate a fetch's cost.
pub const SEEN_REFRESH_MS: i64 = 24 * 3600 * 1000;
/// Default of `[storage] cache_mb` (the embedded backend's page cache, MiB): at 10,000 feeds,
/// 8 rather than 32 took the scale benchmark's peak from 230 to about 156 MB at a cost within
/// its noise (items are read rarely: for deliveries, RSM pages and backlogs).
pub const DEFAULT_CACHE_MB: usize = 8;
/// Default of `[storage] pool_size` (the PostgreSQL backend's connections at most).
pub const DEFAULT_POOL_SIZE: usize = 8;
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
    #[error("store: the database's schema is version {found}, newer than this feedpush's {ours}: run the feedpush that wrote it, or a newer one")]
    /// The store was written by a newer feedpush.
    NewerSchema {
        /// The version found.
        found: i32,
        /// The newest this build knows.
        ours: i32,
    },
    #[error("store: {0}")]
    /// The backend does not do this; the message says what does.
    Unsupported(String),
    #[error("store copy: {0}")]
    /// A copy's target is not empty, or does not read back as the source.
    CopyTarget(String),
    #[error("store: background task failed: {0}")]
    /// A background store task failed.
    Task(String),
    #[error("store: the instance name {name:?} is in use by a live instance (on {machine}, pid {pid}, seen {seen_secs} s ago); give this one another `[cluster] instance`, or wait a lease")]
    /// Another live instance has the name.
    NameTaken {
        /// The name.
        name: String,
        /// Where the other runs.
        machine: String,
        /// Its process id.
        pid: u32,
        /// Seconds since it was last seen.
        seen_secs: u64,
    },
    #[error("store: the result for {node} is not written: its lease {lease:?} is no longer this instance's (another has taken it over)")]
    /// A write under a lease that no longer holds.
    Fenced {
        /// The node whose result was refused.
        node: String,
        /// The lease's name.
        lease: String,
    },
    #[error("store: corrupt record under {key}: {source}")]
    /// A record could not be decoded.
    Corrupt {
        /// Its key, readable.
        key: String,
        /// The decoding error.
        source: serde_json::Error,
    },
}

impl StoreError {
    /// Whether the disk (or the quota) was full: the embedded store then waits for space and
    /// is reopened. (A database out of reach heals by itself too: [`StoreError::is_unavailable`].)
    pub fn is_out_of_space(&self) -> bool {
        match self {
            StoreError::Db(e) | StoreError::Open { source: e, .. } => e.is_out_of_space(),
            _ => false,
        }
    }

    /// Whether the store could not be reached (a database server down, restarting or out of
    /// connections): the error heals when it comes back, with nothing to reopen. Requests are
    /// answered "try again" meanwhile.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(e) | StoreError::Open { source: e, .. } => e.unavailable,
            _ => false,
        }
    }
}

/// What a store backend failed with, without its types: the message, the I/O error under it
/// (if any, so a full disk can be told from other failures) and the error itself as a source.
#[derive(Debug, thiserror::Error)]
#[error("{source}")]
pub struct BackendError {
    /// The kind and OS code of the I/O error under it, if it was one.
    io: Option<(std::io::ErrorKind, Option<i32>)>,
    /// The store could not be reached ([`StoreError::is_unavailable`]).
    unavailable: bool,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl BackendError {
    /// A backend's error, with the kind and OS code of the I/O error under it when it was one.
    pub fn new(
        io: Option<(std::io::ErrorKind, Option<i32>)>,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> BackendError {
        BackendError {
            io,
            unavailable: false,
            source,
        }
    }

    /// The same error, marked as the store being out of reach (see
    /// [`StoreError::is_unavailable`]).
    pub fn unreachable(mut self) -> BackendError {
        self.unavailable = true;
        self
    }

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

/// What [`Admin::verify`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verified {
    /// Records per table.
    pub tables: Vec<(&'static str, u64)>,
    /// Keys whose records do not decode, `table: key`.
    pub corrupt: Vec<String>,
    /// Records that decode but break one of the contract's rules (an item of a node that is
    /// gone, a job whose item is gone, …), `table: key (which rule)`.
    pub inconsistent: Vec<String>,
}

/// The shared state of [`flush_async`]'s group commit; every backend keeps one per opened
/// store and hands it out by [`Store::group_commit`].
#[derive(Default)]
pub struct GroupCommit {
    lock: tokio::sync::Mutex<()>,
    /// Flush requests handed out so far.
    requested: AtomicU64,
    /// Every request up to this number is durable.
    completed: AtomicU64,
}

/// Open the daemon's store in `path` with a page cache of `cache_mb` MiB: the embedded backend
/// ([`sled::SledStore`]). The handle is [`Admin`]; the daemon uses it as an `Arc<dyn Store>`.
pub fn open(path: &Path, cache_mb: usize) -> Result<Arc<dyn Admin>, StoreError> {
    Ok(Arc::new(sled::SledStore::open_with_cache(path, cache_mb)?))
}

/// `[storage] backend` naming the embedded backend (the default).
pub const EMBEDDED_NAME: &str = "sled";
/// `[storage] backend` naming the PostgreSQL backend.
pub const POSTGRES_NAME: &str = "postgres";

/// Where a store is kept, for [`open_at`].
#[derive(Debug, Clone)]
pub enum Location {
    /// The embedded backend in a directory, with its page cache in MiB.
    Embedded {
        /// The directory.
        path: std::path::PathBuf,
        /// The page cache.
        cache_mb: usize,
    },
    /// A PostgreSQL database.
    Postgres(postgres::PgOptions),
}

/// Open the store at `location`: the one place that picks a backend.
pub fn open_at(location: &Location) -> Result<Arc<dyn Admin>, StoreError> {
    match location {
        Location::Embedded { path, cache_mb } => open(path, *cache_mb),
        Location::Postgres(opts) => Ok(Arc::new(postgres::PgStore::open(opts)?)),
    }
}

/// [`Store::flush`] without blocking the async runtime: everything the caller's writes
/// committed before this call is durable when it returns `Ok`.
///
/// The flush runs on a blocking thread (an async flush future that holds a lock while pending
/// deadlocks with every runtime worker inside a write, seen in the poller benchmark).
///
/// Group commit: callers that arrive while a flush runs share the next one, so many
/// concurrent fetches cost one flush rather than one each.
pub async fn flush_async(store: &Arc<dyn Store>) -> Result<(), StoreError> {
    let group = store.group_commit();
    let ticket = group.requested.fetch_add(1, Ordering::SeqCst) + 1;
    let _turn = group.lock.lock().await;
    if group.completed.load(Ordering::SeqCst) >= ticket {
        return Ok(()); // a flush that started after our request covered us
    }
    let covers = group.requested.load(Ordering::SeqCst);
    let s = Arc::clone(store);
    tokio::task::spawn_blocking(move || s.flush())
        .await
        .map_err(|e| StoreError::Task(e.to_string()))??;
    group.completed.store(covers, Ordering::SeqCst);
    Ok(())
}
