//! The PostgreSQL backend: the store in a database an operator already runs, backs up and
//! replicates. [`PgStore`] meets the contract of [`crate::store::Store`] (its methods are
//! documented there; this module says how it meets them). The only user of tokio-postgres,
//! deadpool-postgres and refinery; no PostgreSQL type leaves this folder.
//!
//! - **Schema**: plain tables, one row per feed, item, seen id, subscription, job, held item
//!   (`migrations/`, applied at open by refinery, versioned; `feedpush store schema` prints
//!   them). Text keys are `COLLATE "C"`, so every order the contract names is an order of
//!   bytes, as in the embedded backend.
//! - **Transactions**: every contract method that writes is one transaction, so a crash (of
//!   feedpush or of the database) leaves each operation whole or absent; a fetch's items,
//!   seen ids, jobs and feed state commit together. Writers of one node's items take turns on
//!   the node's row in `nodes` (`SELECT … FOR UPDATE`), and number under it from the sequence
//!   `numbers` (`nextval << 16`, the low bits numbering one fetch's entries).
//! - **Durability**: connections commit with `synchronous_commit = off`: a commit is visible
//!   to every later call at once (committed, in the contract's words) without waiting for the
//!   disk. [`PgStore::flush`] commits a transaction with `synchronous_commit = on`, which
//!   flushes the write-ahead log up to it, and so every commit before it: one fsync per batch
//!   of requests, what acknowledges them (group commit, as the embedded backend's flush).
//! - **Round trips**: statements are prepared once per connection (the pool's statement
//!   cache); a changed fetch takes two round trips, its statements sent together (pipelined);
//!   feeds and their affiliations are kept as last read (a poll reads its feed twice, a
//!   subscription the subscriber's affiliation) and forgotten by every write of them, which
//!   holds while one instance owns the database.
//! - **Threads**: the contract is synchronous and called on blocking threads. The backend
//!   owns a small tokio runtime that drives its connections; a call hands its future to that
//!   runtime and waits for the answer on a channel, so it works from any thread and never
//!   runs the database's I/O on the daemon's own runtime.
//!
//! One file per table group: `feeds.rs`, `items.rs` (items, seen ids, publish, retract,
//! purge), `fetch.rs` (applying one fetch), `subs.rs` (subscriptions, affiliations),
//! `outbox.rs`, `backlog.rs`, `avatars.rs`, `copy.rs` (every record for `store copy`),
//! `cluster.rs` (instances and leases, the fence of poll results), `schema.rs` (the
//! migrations and migrating at open);
//! `contract.rs` puts them behind the contract's traits; `testdb` (tests) runs a throwaway
//! PostgreSQL server (`tests/harness/pgserver.rs`, shared with the integration tests).

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{BackendError, GroupCommit, StoreError, Verified};
use crate::model::{FeedState, Stats};

mod avatars;
mod backlog;
mod cluster;
mod contract;
mod copy;
mod feeds;
mod fetch;
mod items;
mod outbox;
mod schema;
mod subs;
pub use schema::{schema_sql, schema_version};
pub mod tls;

/// The tests' throwaway server, shared with the integration tests' harness.
#[cfg(test)]
#[path = "../../../tests/harness/pgserver.rs"]
pub(crate) mod testdb;

#[cfg(test)]
mod tests;

/// A connection string with its password (and any other secret) withheld, for logs and
/// messages: a URL redacted as every URL feedpush shows, a `key=value` string with its
/// `password` value replaced.
pub fn shown_url(url: &str) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return crate::net::redact_str(url);
    }
    url.split_whitespace()
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.trim() == "password" => format!("{k}={}", crate::net::REDACTED),
            _ => kv.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What [`check_url`] found worth a warning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlNotes {
    /// The password it carries.
    pub password: Option<String>,
    /// A host reached over the network whose certificate is not checked (no TLS, or TLS
    /// without `verify-ca`/`verify-full`).
    pub unchecked_host: Option<String>,
}

/// Check a connection string as `[storage] url` gives it (without connecting): why it is
/// refused, or what it carries worth a warning.
pub fn check_url(url: &str) -> Result<UrlNotes, String> {
    let split = tls::split(url)?;
    tls::connector(&split)?;
    let c = tokio_postgres::Config::from_str(&split.rest).map_err(|e| e.to_string())?;
    tls::no_mode_left(&c)?;
    if c.get_hosts().is_empty() {
        return Err("it names no host (give one: postgres://user@host/db, or host=…)".into());
    }
    if c.get_dbname().is_none() && c.get_user().is_none() {
        return Err("it names neither a database nor a user".into());
    }
    let checked = matches!(split.mode, tls::Mode::VerifyCa | tls::Mode::VerifyFull)
        || (split.mode == tls::Mode::Require && split.root.is_some());
    let unchecked_host = c
        .get_hosts()
        .iter()
        .find_map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => {
                let loopback = name == "localhost"
                    || name
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback());
                (!loopback).then(|| name.clone())
            }
            _ => None,
        })
        .filter(|_| !checked);
    Ok(UrlNotes {
        password: c
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned()),
        unchecked_host,
    })
}

/// What [`connect_check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The server's version (`server_version`).
    pub server: String,
    /// The schema version in the database, None before feedpush first ran on it.
    pub schema: Option<i32>,
    /// Whether the connection is encrypted (TLS).
    pub tls: bool,
}

/// Connect once as `[storage]` says (`check-config --connect`), without changing anything:
/// the server's version and the schema's. A connection refused, a wrong password or an unknown
/// database is an error saying so.
pub fn connect_check(opts: &PgOptions) -> Result<Reached, StoreError> {
    let (config, tls) = client_config(opts)?;
    let timeout = opts.connect_timeout;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StoreError::Task(format!("the database's runtime: {e}")))?;
    rt.block_on(async move {
        let mut config = config;
        config
            .connect_timeout(timeout)
            .application_name("feedpush check-config");
        let (client, conn) = config.connect(tls).await?;
        let conn = tokio::spawn(conn);
        let row = client
            .query_one(
                "SELECT current_setting('server_version'), \
                 coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
                &[],
            )
            .await?;
        let schema = schema::applied_version(&client).await?;
        drop(client);
        let _ = conn.await;
        Ok(Reached {
            server: row.get(0),
            schema,
            tls: row.get(1),
        })
    })
}

/// The driver's configuration and TLS connector for `opts` (see [`tls`]).
fn client_config(
    opts: &PgOptions,
) -> Result<
    (
        tokio_postgres::Config,
        tokio_postgres_rustls::MakeRustlsConnect,
    ),
    StoreError,
> {
    let refused = |e: String| {
        StoreError::Db(BackendError::new(
            None,
            Box::new(std::io::Error::new(std::io::ErrorKind::InvalidInput, e)),
        ))
    };
    let split = tls::split(&opts.url).map_err(refused)?;
    let connector = tls::connector(&split).map_err(refused)?;
    let mut config = tokio_postgres::Config::from_str(&split.rest)
        .map_err(|e| StoreError::Db(BackendError::new(None, Box::new(Described::from(e)))))?;
    tls::no_mode_left(&config).map_err(refused)?;
    config.ssl_mode(tls::ssl_mode(split.mode));
    Ok((config, connector))
}

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// The connection string (`postgres://user:pass@host:port/db?sslmode=…` or
    /// `host=… dbname=…`).
    pub url: String,
    /// Connections kept open at most.
    pub pool_size: usize,
    /// How long one connection attempt may take.
    pub connect_timeout: Duration,
}

/// A driver's error with what its sources say in its own message (the driver's alone says
/// "db error" for anything the server refused).
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
struct Described {
    text: String,
    source: tokio_postgres::Error,
}

impl From<tokio_postgres::Error> for Described {
    fn from(source: tokio_postgres::Error) -> Described {
        let mut text = source.to_string();
        let mut next = std::error::Error::source(&source);
        while let Some(s) = next {
            let more = s.to_string();
            if !text.contains(&more) {
                text = format!("{text}: {more}");
            }
            next = s.source();
        }
        Described { text, source }
    }
}

impl From<tokio_postgres::Error> for BackendError {
    fn from(e: tokio_postgres::Error) -> Self {
        let away = unreachable(&e);
        let e = BackendError::new(None, Box::new(Described::from(e)));
        if away {
            e.unreachable()
        } else {
            e
        }
    }
}

/// Whether `e` says the database is out of reach for now rather than that a query is wrong:
/// no connection (refused, lost, timed out), the server shutting down or starting up, out of
/// connections, out of disk, or read-only (a standby during a failover). Each heals when the
/// server is back; the store guard waits for that ([`crate::app::storeguard`]).
fn unreachable(e: &tokio_postgres::Error) -> bool {
    if let Some(code) = e.code() {
        let c = code.code();
        return c.starts_with("08")
            || [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::TOO_MANY_CONNECTIONS,
                SqlState::DISK_FULL,
                SqlState::READ_ONLY_SQL_TRANSACTION,
            ]
            .contains(code);
    }
    if e.is_closed() {
        return true;
    }
    // Client-side errors: an I/O error under it (refused, reset, timed out) is the network;
    // anything else (a bad parameter, an unexpected message) is not.
    // A refused certificate comes as an I/O error too; it is no outage.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            let refused = matches!(
                io.kind(),
                std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData
            ) || io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>());
            return !refused;
        }
        source = s.source();
    }
    e.to_string().contains("timeout")
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        StoreError::Db(e.into())
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => e.into(),
            // No connection could be made or checked in time: the server is slow or away. (A
            // wait for a connection of a busy pool is not: the server answers the others.)
            e @ deadpool_postgres::PoolError::Timeout(
                deadpool_postgres::TimeoutType::Create | deadpool_postgres::TimeoutType::Recycle,
            ) => StoreError::Db(BackendError::new(None, Box::new(e)).unreachable()),
            other => StoreError::Db(BackendError::new(None, Box::new(other))),
        }
    }
}

/// A value that feedpush alone reads (a column of `jsonb`) could not be decoded.
fn corrupt(table: &str, key: &str, source: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        key: format!("{table}: {key}"),
        source,
    }
}

/// The rows of a list, decoded: one that does not decode is left out and logged with its table
/// and key (`store verify` names it too), so one bad row never hides the others.
fn decoded<T>(rows: impl IntoIterator<Item = Result<T, StoreError>>) -> Vec<T> {
    rows.into_iter()
        .filter_map(|r| {
            r.inspect_err(|e| tracing::warn!(error = %e, "a row that does not decode is left out"))
                .ok()
        })
        .collect()
}

/// A number as the database keeps it (`bigint`); the contract's numbers stay below 2^63.
fn db_num(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A number read back.
fn num(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A quiet poll's times: last fetch, next due.
type Times = (Option<i64>, Option<i64>);

/// The store handle; cheap to clone.
#[derive(Clone)]
pub struct PgStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    /// Drives the connections; taken and shut down when the last handle goes.
    rt: Mutex<Option<tokio::runtime::Runtime>>,
    handle: tokio::runtime::Handle,
    group: GroupCommit,
    /// Times of quiet polls ([`crate::store::Store::touch_feed`]) not yet written: node →
    /// (last fetch, next due). Reads of feeds show them at once.
    touched: Mutex<HashMap<String, Times>>,
    /// Feeds as last read, by node: what [`PgStore::feed`] answers without a round trip (a
    /// poll reads its feed twice). Every write of a feed's row or options forgets its entry
    /// once it is done ([`PgStore::forget`]); one instance owns the database, so nothing else
    /// changes a row behind it.
    feeds: Mutex<HashMap<String, FeedState>>,
    /// Affiliations of nodes as last read, by node (every subscription asks for one), kept and
    /// forgotten with the node's feed.
    affiliations: Mutex<HashMap<String, Vec<(String, crate::model::Affiliation)>>>,
    /// Bumped by every forget: a read that began before a write does not put what it read
    /// into [`Inner::feeds`] after the write forgot it.
    generation: std::sync::atomic::AtomicU64,
    /// Where the database is, for messages (the URL without its password).
    shown: String,
    /// The database was out of reach at the last call: calls fail at once (instead of each
    /// waiting for a connection that will not come), but for one every [`AWAY_RETRY`] (and
    /// every [`PgStore::check`]), until one reaches it again.
    away: AtomicBool,
    /// When a call last tried the database while it was away.
    tried: Mutex<std::time::Instant>,
    /// The leases this instance holds, once it is one of a cluster
    /// ([`crate::store::cluster::Cluster::fence`]): poll results are written only under them,
    /// and nothing is kept as last read (other instances write the same rows).
    fence: Mutex<Option<cluster::Fence>>,
    /// How to open a connection of its own (the cluster's listener, which the pool's
    /// connections cannot be: their notifications are dropped).
    own: (
        tokio_postgres::Config,
        tokio_postgres_rustls::MakeRustlsConnect,
    ),
}

/// While the database is away, how often one call still tries it (the others fail at once);
/// the store guard's check comes as often.
const AWAY_RETRY: Duration = Duration::from_secs(2);

/// The error of a call made while the database is known to be out of reach.
#[derive(Debug, thiserror::Error)]
#[error("the database at {0} is out of reach; waiting for it to answer again")]
struct Away(String);

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime waits for its threads, which is not allowed on an async thread:
        // let them end by themselves.
        if let Some(rt) = self.rt.lock().unwrap_or_else(|p| p.into_inner()).take() {
            rt.shutdown_background();
        }
    }
}

impl PgStore {
    /// Connect, check the schema's version and migrate an older one. A schema newer than this
    /// build is refused, naming both versions.
    pub fn open(opts: &PgOptions) -> Result<PgStore, StoreError> {
        let shown = shown_url(&opts.url);
        let open_err = |source: BackendError| StoreError::Open {
            path: shown.clone(),
            source,
        };
        let (mut config, connector) = client_config(opts).map_err(|e| match e {
            StoreError::Db(source) => open_err(source),
            other => other,
        })?;
        config
            .connect_timeout(opts.connect_timeout)
            .options("-c synchronous_commit=off")
            .application_name("feedpush");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("feedpush-pg")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Task(format!("the database's runtime: {e}")))?;
        let handle = rt.handle().clone();
        let own = (config.clone(), connector.clone());
        let manager = Manager::from_config(
            config,
            connector,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = {
            let _enter = rt.enter();
            Pool::builder(manager)
                .max_size(opts.pool_size.max(1))
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .wait_timeout(Some(opts.connect_timeout))
                .create_timeout(Some(opts.connect_timeout))
                .build()
                .map_err(|e| StoreError::Task(format!("the database's pool: {e}")))?
        };
        let store = PgStore {
            inner: Arc::new(Inner {
                pool,
                rt: Mutex::new(Some(rt)),
                handle,
                group: GroupCommit::default(),
                touched: Mutex::new(HashMap::new()),
                feeds: Mutex::new(HashMap::new()),
                affiliations: Mutex::new(HashMap::new()),
                generation: std::sync::atomic::AtomicU64::new(0),
                shown: shown.clone(),
                away: AtomicBool::new(false),
                tried: Mutex::new(std::time::Instant::now()),
                fence: Mutex::new(None),
                own,
            }),
        };
        store
            .call(|pool| async move { schema::migrate(&pool).await })
            .map_err(|e| match e {
                StoreError::Db(source) => open_err(source),
                other => other,
            })?;
        Ok(store)
    }

    /// Whether rows may be kept as last read: not while other instances share the database.
    fn keeps(&self) -> bool {
        self.inner
            .fence
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }

    /// Where the database is, password withheld.
    pub fn shown(&self) -> &str {
        &self.inner.shown
    }

    /// Run `f` (given the pool) on the backend's runtime and wait for its result. Works from
    /// any thread; the caller's thread only waits. While the database is known to be out of
    /// reach, fails at once.
    fn call<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(Pool) -> Fut,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        if self.inner.away.load(Ordering::Relaxed) {
            let mut tried = self.inner.tried.lock().unwrap_or_else(|p| p.into_inner());
            if tried.elapsed() < AWAY_RETRY {
                return Err(StoreError::Db(
                    BackendError::new(None, Box::new(Away(self.inner.shown.clone()))).unreachable(),
                ));
            }
            *tried = std::time::Instant::now();
        }
        self.reach(f)
    }

    /// [`PgStore::call`] even while the database is away; notes whether it answered.
    fn reach<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(Pool) -> Fut,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let fut = f(self.inner.pool.clone());
        self.inner.handle.spawn(async move {
            let _ = tx.send(fut.await);
        });
        let r = rx
            .recv()
            .map_err(|_| StoreError::Task("the database's runtime stopped".into()))?;
        match &r {
            Err(e) if e.is_unavailable() => {
                *self.inner.tried.lock().unwrap_or_else(|p| p.into_inner()) =
                    std::time::Instant::now();
                if !self.inner.away.swap(true, Ordering::Relaxed) {
                    tracing::warn!(database = %self.inner.shown, error = %e,
                        "the database is out of reach; calls fail at once until it answers again");
                }
            }
            // Any answer of the server (an error about the query included) means it is back.
            Err(StoreError::Db(_)) | Ok(_) => {
                if self.inner.away.swap(false, Ordering::Relaxed) {
                    tracing::info!(database = %self.inner.shown, "the database answers again");
                }
            }
            Err(_) => {}
        }
        r
    }

    /// Whether the database answers and writes: a flush tried even while it is away (the store
    /// guard's check); an answer ends the "away" state.
    pub fn check(&self) -> Result<(), StoreError> {
        self.reach(|pool| async move { flush_on(&pool).await })
    }

    /// [`PgStore::call`] for the methods whose contract answers without an error (counts,
    /// lookups): a failure is logged and answered as "nothing".
    fn call_or<T, F, Fut>(&self, what: &'static str, default: T, f: F) -> T
    where
        F: FnOnce(Pool) -> Fut,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        match self.call(f) {
            Ok(v) => v,
            Err(e) if e.is_unavailable() => {
                tracing::debug!(error = %e, query = what, "the database is out of reach");
                default
            }
            Err(e) => {
                tracing::warn!(error = %e, query = what, "the database did not answer");
                default
            }
        }
    }

    /// Make every commit so far durable: a transaction committed with
    /// `synchronous_commit = on` flushes the write-ahead log up to its commit record, and so
    /// every commit before it. `txid_current()` gives it a transaction id, so it has a commit
    /// record to wait for.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.call(|pool| async move { flush_on(&pool).await })
    }

    /// Write the probe's row and make it durable.
    pub fn probe_write(&self, now_ms: i64) -> Result<(), StoreError> {
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.execute("SET LOCAL synchronous_commit = on", &[]).await?;
            tx.execute(
                "INSERT INTO probe (id, at) VALUES (1, $1) \
                 ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at",
                &[&now_ms],
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Counts for operators.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            let outbox: i64 = c
                .query_one("SELECT count(*) FROM outbox", &[])
                .await?
                .get(0);
            let subs: i64 = c
                .query_one("SELECT count(*) FROM subscriptions", &[])
                .await?
                .get(0);
            let rows = c
                .query(
                    "SELECT health, count(*) FROM feeds GROUP BY health ORDER BY health",
                    &[],
                )
                .await?;
            Ok(Stats {
                outbox_pending: num(outbox),
                subscriptions: num(subs),
                feeds_by_health: rows
                    .iter()
                    .map(|r| (r.get::<_, String>(0), num(r.get::<_, i64>(1))))
                    .collect(),
            })
        })
    }

    /// Read every row of every table that holds JSON and decode it (`feedpush store verify`).
    pub fn verify(&self) -> Result<Verified, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            let mut v = Verified::default();
            // (table, key expression, JSON column, decoder)
            type Check = fn(serde_json::Value) -> bool;
            fn ok<T: serde::de::DeserializeOwned>(j: serde_json::Value) -> bool {
                serde_json::from_value::<T>(j).is_ok()
            }
            let checks: [(&'static str, &str, &str, Check); 8] = [
                ("feeds", "node", "state", ok::<FeedState>),
                (
                    "node_options",
                    "node",
                    "options",
                    ok::<crate::model::NodeOptions>,
                ),
                (
                    "items",
                    "node || '/' || seq",
                    "entry",
                    ok::<crate::model::Entry>,
                ),
                (
                    "subscriptions",
                    "node || '/' || jid",
                    "options",
                    ok::<crate::model::Subscription>,
                ),
                (
                    "affiliations",
                    "node || '/' || jid",
                    "to_jsonb(affiliation)",
                    ok::<crate::model::Affiliation>,
                ),
                (
                    "backlog",
                    "jid || '/' || node || '/' || seq",
                    "item",
                    ok::<crate::model::StoredItem>,
                ),
                ("avatars", "node", "record", ok::<crate::model::Avatar>),
                ("outbox", "key::text", "to_jsonb(kind)", |j| {
                    matches!(j.as_str(), Some("item" | "retract" | "purge" | "delete"))
                }),
            ];
            for (table, key, column, decodes) in checks {
                let rows = c
                    .query(format!("SELECT {key}, {column} FROM {table}").as_str(), &[])
                    .await?;
                for r in &rows {
                    if !decodes(r.get(1)) {
                        v.corrupt
                            .push(format!("{table}: {}", r.get::<_, String>(0)));
                    }
                }
                v.tables.push((table, rows.len() as u64));
            }
            for (table, rule, sql) in INVARIANTS {
                for r in c.rows(sql, &[]).await? {
                    v.inconsistent
                        .push(format!("{table}: {} ({rule})", r.get::<_, String>(0)));
                }
            }
            for table in ["seen", "nodes", "backlog_skipped"] {
                let n: i64 = c
                    .query_one(format!("SELECT count(*) FROM {table}").as_str(), &[])
                    .await?
                    .get(0);
                v.tables.push((table, num(n)));
            }
            Ok(v)
        })
    }
}

/// The contract's rules beyond decoding, each a query for the keys of the rows that break it:
/// (table, rule, query). What a node's deletion keeps until its job is done (subscriptions,
/// the job itself) is no breach.
const INVARIANTS: [(&str, &str, &str); 9] = [
    (
        "items",
        "its id or hash is not its entry's",
        "SELECT node || '/' || seq FROM items \
         WHERE id <> entry->>'id' OR hash <> entry->>'content_hash'",
    ),
    (
        "items",
        "of a node that is gone",
        "SELECT i.node || '/' || i.seq FROM items i \
         WHERE NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = i.node)",
    ),
    (
        "seen",
        "of a node that is gone",
        "SELECT s.node || '/' || s.id FROM seen s \
         WHERE NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = s.node)",
    ),
    (
        "node_options",
        "of a node that is gone",
        "SELECT o.node FROM node_options o \
         WHERE NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = o.node)",
    ),
    (
        "affiliations",
        "of a node that is gone",
        "SELECT a.node || '/' || a.jid FROM affiliations a \
         WHERE NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = a.node)",
    ),
    (
        "outbox",
        "announces an item that is gone",
        "SELECT o.key::text FROM outbox o WHERE o.kind = 'item' \
         AND NOT EXISTS (SELECT 1 FROM items i WHERE i.node = o.node AND i.seq = o.item_seq)",
    ),
    (
        "outbox",
        "of a node that is gone (and not its deletion)",
        "SELECT o.key::text FROM outbox o WHERE o.kind <> 'delete' \
         AND NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = o.node)",
    ),
    (
        "subscriptions",
        "to a node that is gone, with no deletion pending",
        "SELECT s.node || '/' || s.jid FROM subscriptions s \
         WHERE NOT EXISTS (SELECT 1 FROM feeds f WHERE f.node = s.node) \
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.node = s.node AND o.kind = 'delete')",
    ),
    (
        "backlog",
        "held for somebody no longer subscribed",
        "SELECT b.jid || '/' || b.node || '/' || b.seq FROM backlog b \
         WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.node = b.node AND s.jid = b.jid)",
    ),
];

/// [`PgStore::flush`]'s transaction.
async fn flush_on(pool: &Pool) -> Result<(), StoreError> {
    let c = pool.get().await?;
    // One round trip: the statements go as one simple query (a transaction of its own, which
    // a failure anywhere in it ends with nothing kept).
    let flushed = c
        .batch_execute("BEGIN; SET LOCAL synchronous_commit = on; SELECT txid_current(); COMMIT")
        .await;
    if flushed.is_err() {
        let _ = c.batch_execute("ROLLBACK").await;
    }
    Ok(flushed?)
}

/// Statements prepared once per connection and kept in its cache (deadpool's statement
/// cache), then only bound and run: a call costs one round trip and no parse or plan on the
/// server after the first. The SQL text is the cache's key, so every statement this backend
/// runs is one of a bounded set of texts.
pub(super) trait Prepared: GenericClient {
    fn run(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, tokio_postgres::Error>> + Send {
        async move {
            let s = self.prepare_cached(sql).await?;
            self.execute(&s, params).await
        }
    }

    fn rows(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Vec<Row>, tokio_postgres::Error>> + Send {
        async move {
            let s = self.prepare_cached(sql).await?;
            self.query(&s, params).await
        }
    }

    fn row(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Row, tokio_postgres::Error>> + Send {
        async move {
            let s = self.prepare_cached(sql).await?;
            self.query_one(&s, params).await
        }
    }

    fn row_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Option<Row>, tokio_postgres::Error>> + Send {
        async move {
            let s = self.prepare_cached(sql).await?;
            self.query_opt(&s, params).await
        }
    }
}

impl<C: GenericClient> Prepared for C {}
