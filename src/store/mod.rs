//! The durable state, and the only user of sled: feeds (URL, validators, fetch outcome, health,
//! next due time), items per node (bounded, newest kept), the seen-id set per node,
//! subscriptions and the delivery outbox.
//!
//! Values are JSON (serde) so the on-disk format is inspectable and survives field additions.
//! A fetch's writes are ordered so that whatever prefix of them survives a kill -9 is
//! consistent (see [`Store::apply_fetch`]): no corruption, no old entry announced again, no
//! new entry lost. Writes become durable when flushed (group commit, [`Store::flush_async`]).
//! No sled type leaks out of this module, so the store can move to another database.

use std::path::Path;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

/// How long an id absent from its feed is still remembered (so a flapping entry is not
/// re-announced). Ids still present in the feed are never forgotten.
pub const SEEN_RETENTION_MS: i64 = 30 * 24 * 3600 * 1000;
/// Entries of one document the store takes (numbering leaves 16 bits per fetch).
pub const MAX_ENTRIES_PER_FETCH: usize = 1 << 16;
/// A seen id's "last found in the feed" time is rewritten at most this often: retention is
/// counted in days, and rewriting every id on every fetch would dominate a fetch's cost.
pub const SEEN_REFRESH_MS: i64 = 24 * 3600 * 1000;
/// Changes remembered per feed for the adaptive interval.
pub const CHANGE_HISTORY: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store at {path}: {source}")]
    Open { path: String, source: sled::Error },
    #[error("store: {0}")]
    Db(#[from] sled::Error),
    #[error("store: background task failed: {0}")]
    Task(String),
    #[error("store: corrupt record under {key}: {source}")]
    Corrupt {
        key: String,
        source: serde_json::Error,
    },
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Db(e),
        }
    }
}

/// Who brought a feed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Listed in feeds.toml.
    Config,
    /// Added by a user subscribing to its URL.
    User { owner: String },
}

/// How a feed is doing, as shown to operators and subscribers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Never fetched yet.
    New,
    /// Last fetch succeeded.
    Ok,
    /// Failing with errors that may go away (timeouts, 5xx, network).
    Transient,
    /// Failing with errors that will not go away by themselves (404, not a feed, refused address).
    Permanent,
    /// The server said 410 Gone: no more polling.
    Gone,
    /// Taken out of the configuration: no more polling; its items stay retrievable.
    Removed,
}

impl Health {
    /// Whether the feed is polled at all.
    pub fn is_polled(self) -> bool {
        !matches!(self, Health::Gone | Health::Removed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Health::New => "new",
            Health::Ok => "ok",
            Health::Transient => "transient-error",
            Health::Permanent => "permanent-error",
            Health::Gone => "gone",
            Health::Removed => "removed",
        }
    }
}

/// A permanent redirect seen on consecutive fetches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMove {
    pub to: String,
    pub times: u32,
}

/// Everything known about one feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedState {
    pub node: String,
    pub url: String,
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub origin: Origin,
    /// The URL the configuration gave when the feed was last synced (None for user feeds).
    #[serde(default)]
    pub config_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Unix ms of the last fetch attempt.
    pub last_fetch: Option<i64>,
    /// Short outcome of the last fetch: "200", "304", "timeout", "410", ...
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub error_count: u32,
    /// Unix ms when the feed is next due.
    pub next_due: Option<i64>,
    pub health: Health,
    /// The first successful fetch happened (its entries were stored without announcing).
    pub primed: bool,
    #[serde(default)]
    pub pending_move: Option<PendingMove>,
    /// Unix ms of the last fetches that found new entries (newest last).
    #[serde(default)]
    pub changes: Vec<i64>,
    /// Seconds the feed itself suggests between polls (ttl, sy:updatePeriod, Cache-Control...).
    #[serde(default)]
    pub hint_secs: Option<u64>,
}

impl FeedState {
    pub fn new(node: &str, url: &str, title: Option<String>, origin: Origin) -> FeedState {
        FeedState {
            node: node.to_owned(),
            url: url.to_owned(),
            title,
            description: None,
            origin,
            config_url: None,
            etag: None,
            last_modified: None,
            last_fetch: None,
            last_status: None,
            last_error: None,
            error_count: 0,
            next_due: None,
            health: Health::New,
            primed: false,
            pending_move: None,
            changes: Vec::new(),
            hint_secs: None,
        }
    }
}

/// One stored item of a node: the entry as ingest handed it over, plus where and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredItem {
    /// Position in the node: higher is newer.
    pub seq: u64,
    /// Unix ms when it was stored.
    pub stored_at: i64,
    #[serde(flatten)]
    pub entry: NewItem,
}

/// An entry as ingest hands it to the store (the store assigns `seq` and `stored_at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewItem {
    pub id: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    /// The Atom `<entry/>` payload.
    pub atom: String,
    /// Plain-text rendering for chat deliveries.
    pub text: String,
    pub content_hash: String,
}

/// What applying one fetch changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Entries never seen before, oldest first.
    pub new: Vec<StoredItem>,
    /// Entries seen before whose content changed (still stored), oldest first.
    pub updated: Vec<StoredItem>,
}

/// The store handle; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    feeds: sled::Tree,
    items: sled::Tree,
    item_idx: sled::Tree,
    seen: sled::Tree,
    subs: sled::Tree,
    subs_by_jid: sled::Tree,
    outbox: sled::Tree,
    /// User feeds nobody follows: node → Unix ms since when (big-endian i64).
    unfollowed: sled::Tree,
    group: std::sync::Arc<GroupCommit>,
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

/// One subscription and its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub node: String,
    /// The subscribed (bare) JID, as text.
    pub jid: String,
    /// `pubsub#deliver`: false pauses notifications.
    pub deliver: bool,
    /// `pubsub#show-values`: deliver only while the subscriber's presence is one of these
    /// (chat, online, away, dnd, xa); None means regardless of presence.
    pub show_values: Option<Vec<String>>,
    /// Unix ms.
    pub created: i64,
}

/// A pending delivery: item `item_seq` of `node` to every subscriber of the node whose JID sorts
/// after `after` (the last one already handed to the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxJob {
    pub key: u64,
    pub node: String,
    pub item_seq: u64,
    /// Also pushed for an updated entry (not only new ones).
    pub update: bool,
    pub after: Option<String>,
}

fn key2(a: &str, b: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(a.len() + 1 + b.len());
    k.extend_from_slice(a.as_bytes());
    k.push(0);
    k.extend_from_slice(b);
    k
}

fn prefix(a: &str) -> Vec<u8> {
    key2(a, b"")
}

fn decode<T: DeserializeOwned>(key: &[u8], v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(v).map_err(|source| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).replace('\0', "/"),
        source,
    })
}

fn encode<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("store records serialise")
}

impl Store {
    /// Open (or create) the store in `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let db = sled::Config::new()
            .path(path)
            .flush_every_ms(Some(200))
            .open()
            .map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?;
        Ok(Store {
            feeds: db.open_tree("feeds")?,
            items: db.open_tree("items")?,
            item_idx: db.open_tree("item_idx")?,
            seen: db.open_tree("seen")?,
            subs: db.open_tree("subs")?,
            subs_by_jid: db.open_tree("subs_by_jid")?,
            outbox: db.open_tree("outbox")?,
            unfollowed: db.open_tree("unfollowed")?,
            group: Default::default(),
            db,
        })
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

    pub fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        self.feeds
            .get(node.as_bytes())?
            .map(|v| decode(node.as_bytes(), &v))
            .transpose()
    }

    /// All feeds, ordered by node id.
    pub fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        self.feeds
            .iter()
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    pub fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        self.feeds.insert(feed.node.as_bytes(), encode(feed))?;
        Ok(())
    }

    /// Create the feed unless it exists; returns the stored state either way.
    pub fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError> {
        let prev = self.feeds.compare_and_swap(
            feed.node.as_bytes(),
            None as Option<&[u8]>,
            Some(encode(&feed)),
        )?;
        match prev {
            Ok(()) => Ok(feed),
            Err(cas) => decode(
                feed.node.as_bytes(),
                &cas.current
                    .expect("compare_and_swap failed on an existing value"),
            ),
        }
    }

    /// Store the outcome of one fetch: the entries of the document that were converted
    /// (document order), the ids of those recognised as unchanged, and the new feed state.
    /// Unseen ids become items (and seen) with an outbox job when `notify` says so, known ids
    /// with a changed content hash update their item, the feed state is written, and the node
    /// is trimmed to `max_items`.
    ///
    /// Must not run for the same node concurrently (it reads, then writes); the scheduler
    /// never polls one feed twice at once.
    pub fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[NewItem],
        unchanged: &[String],
        now_ms: i64,
        max_items: usize,
        notify: Announce,
    ) -> Result<Applied, StoreError> {
        let node = state.node.as_str();
        // One sled id per fetch; entry i of the document gets (id << 16) + (n - 1 - i), so the
        // oldest entry has the lowest number and later fetches always sort after earlier ones.
        // The same number keys the entry's outbox job.
        let entries = &entries[..entries.len().min(MAX_ENTRIES_PER_FETCH)];
        let base = self.db.generate_id()? << 16;
        let number = |i: usize| base + (entries.len() - 1 - i) as u64;

        // No transaction: sled's multi-tree transactions (and its atomic batches, which take a
        // global lock) cost as much as the rest of a fetch together. Instead the writes of each
        // entry are ordered so that any prefix of them, which is what sled recovers after a
        // crash (its log is replayed in order up to the first torn write), is consistent: the
        // item, its index entry and its outbox job first, and the seen id last, as the commit
        // point. An entry whose seen id did not make it is new again on the next fetch (its
        // leftover item and index entry are reused; a leftover job can cause one duplicate
        // notification). The feed state, with the validators, is written after all entries.
        let mut applied = Applied::default();
        let job = |key: u64, seq: u64, update: bool| OutboxJob {
            key,
            node: node.to_owned(),
            item_seq: seq,
            update,
            after: None,
        };
        // Oldest first: documents list newest first, so walk them backwards.
        for (i, e) in entries.iter().enumerate().rev() {
            let id_key = key2(node, e.id.as_bytes());
            let last_seen = self.seen.get(&id_key)?.map(|v| seen_at(&v));
            let indexed = self.item_idx.get(&id_key)?;
            match (last_seen, indexed) {
                // The index's hash is the committed one (the item is written before it).
                (Some(_), Some(v)) if v.get(8..) != Some(e.content_hash.as_bytes()) => {
                    let Some(seq) = v.get(..8) else { continue };
                    let item_key = key2(node, seq);
                    let Some(old) = self.items.get(&item_key)? else {
                        continue;
                    };
                    let old: StoredItem = decode(&item_key, &old)?;
                    let item = StoredItem {
                        seq: old.seq,
                        stored_at: old.stored_at,
                        ..to_stored(e, old.seq, now_ms)
                    };
                    self.items.insert(&item_key, encode(&item))?;
                    if notify.updates {
                        let j = job(number(i), item.seq, true);
                        self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
                    }
                    // The index's hash is the update's commit point.
                    self.item_idx
                        .insert(&id_key, idx_value(item.seq, &item.entry.content_hash))?;
                    applied.updated.push(item);
                }
                // Unchanged, or trimmed out of the node earlier: known, never new again.
                (Some(_), _) => {}
                (None, indexed) => {
                    let leftover = indexed.and_then(|v| v.get(..8).and_then(|b| b.try_into().ok()));
                    let seq = leftover.map_or_else(|| number(i), u64::from_be_bytes);
                    let item = to_stored(e, seq, now_ms);
                    self.items
                        .insert(key2(node, &seq.to_be_bytes()), encode(&item))?;
                    self.item_idx
                        .insert(&id_key, idx_value(seq, &e.content_hash))?;
                    if notify.new {
                        let j = job(number(i), seq, false);
                        self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
                    }
                    applied.new.push(item);
                }
            }
            if last_seen.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS) {
                self.seen.insert(&id_key, &now_ms.to_be_bytes())?;
            }
        }
        // Unchanged entries only refresh their seen time, and only daily.
        for id in unchanged {
            let k = key2(node, id.as_bytes());
            if self
                .seen
                .get(&k)?
                .is_none_or(|v| now_ms.saturating_sub(seen_at(&v)) > SEEN_REFRESH_MS)
            {
                self.seen.insert(k, &now_ms.to_be_bytes())?;
            }
        }
        self.feeds.insert(node.as_bytes(), encode(state))?;
        if !applied.new.is_empty() {
            self.trim(node, max_items)?;
        }
        // Forgetting old ids is garbage collection: once a day per feed is plenty.
        let last_prune = self.seen.get(key2(PRUNE_MARK, node.as_bytes()))?;
        if last_prune.is_none_or(|v| now_ms.saturating_sub(seen_at(&v)) > SEEN_REFRESH_MS) {
            self.prune_seen(node, entries, unchanged, now_ms)?;
            self.seen
                .insert(key2(PRUNE_MARK, node.as_bytes()), &now_ms.to_be_bytes())?;
        }
        Ok(applied)
    }

    /// Keep the newest `max_items` items of a node.
    fn trim(&self, node: &str, max_items: usize) -> Result<(), StoreError> {
        let old: Vec<(sled::IVec, sled::IVec)> = self
            .items
            .scan_prefix(prefix(node))
            .rev()
            .skip(max_items)
            .collect::<Result<_, _>>()?;
        for (k, v) in old {
            let item: StoredItem = decode(&k, &v)?;
            // Not before its notification went out (a new item's job has the item's number).
            if self.outbox.contains_key(item.seq.to_be_bytes())? {
                continue;
            }
            // Item first: an index entry left without its item (after a crash) reads as
            // "known, not stored", which is what a trimmed id is anyway.
            self.items.remove(&k)?;
            self.item_idx.remove(key2(node, item.entry.id.as_bytes()))?;
        }
        Ok(())
    }

    /// Forget ids that left the feed long ago and are no longer stored as items.
    fn prune_seen(
        &self,
        node: &str,
        entries: &[NewItem],
        unchanged: &[String],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let cutoff = now_ms.saturating_sub(SEEN_RETENTION_MS);
        let p = prefix(node);
        let in_doc: std::collections::HashSet<&[u8]> = entries
            .iter()
            .map(|e| e.id.as_bytes())
            .chain(unchanged.iter().map(|id| id.as_bytes()))
            .collect();
        for r in self.seen.scan_prefix(&p) {
            let (k, v) = r?;
            let at = seen_at(&v);
            if at >= cutoff {
                continue;
            }
            let id = &k[p.len()..];
            if in_doc.contains(id) || self.item_idx.contains_key(&k)? {
                continue;
            }
            self.seen.remove(&k)?;
        }
        Ok(())
    }

    /// Items of a node, newest first; `before` (a seq) pages backwards.
    pub fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        let p = prefix(node);
        let iter = match before {
            Some(seq) => self.items.range(p.clone()..key2(node, &seq.to_be_bytes())),
            None => self.items.scan_prefix(&p),
        };
        iter.rev()
            .take(limit)
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    /// Number of items stored for a node.
    pub fn item_count(&self, node: &str) -> usize {
        self.items.scan_prefix(prefix(node)).count()
    }

    /// One item by its id.
    pub fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        let Some(v) = self.item_idx.get(key2(node, id.as_bytes()))? else {
            return Ok(None);
        };
        let Some(seq) = v.get(..8) else {
            return Ok(None);
        };
        let k = key2(node, seq);
        self.items.get(&k)?.map(|v| decode(&k, &v)).transpose()
    }

    /// Whether an entry is stored with exactly this content hash *and* committed (its seen id
    /// written, see [`apply_fetch`](Self::apply_fetch)): such an entry needs no processing at
    /// all. Reads the index, not the item.
    pub fn is_known_unchanged(&self, node: &str, id: &str, hash: &str) -> bool {
        let k = key2(node, id.as_bytes());
        let same =
            matches!(self.item_idx.get(&k), Ok(Some(v)) if v.get(8..) == Some(hash.as_bytes()));
        same && matches!(self.seen.contains_key(&k), Ok(true))
    }

    /// Whether an id has been seen for a node.
    pub fn is_seen(&self, node: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self.seen.contains_key(key2(node, id.as_bytes()))?)
    }
}

/// Which changes of a fetch get an outbox job (written just before the entry's commit point).
#[derive(Debug, Clone, Copy, Default)]
pub struct Announce {
    pub new: bool,
    pub updates: bool,
}

impl Store {
    /// Add (or keep) a subscription; returns it and whether it is new.
    pub fn subscribe(
        &self,
        node: &str,
        jid: &str,
        now_ms: i64,
    ) -> Result<(Subscription, bool), StoreError> {
        let k = key2(node, jid.as_bytes());
        if let Some(v) = self.subs.get(&k)? {
            return Ok((decode(&k, &v)?, false));
        }
        let sub = Subscription {
            node: node.to_owned(),
            jid: jid.to_owned(),
            deliver: true,
            show_values: None,
            created: now_ms,
        };
        (&self.subs, &self.subs_by_jid).transaction(|(subs, by_jid)| {
            subs.insert(k.clone(), encode(&sub))?;
            by_jid.insert(key2(jid, node.as_bytes()), b"")?;
            Ok::<_, ConflictableTransactionError<StoreError>>(())
        })?;
        Ok((sub, true))
    }

    pub fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
        let k = key2(node, jid.as_bytes());
        self.subs.get(&k)?.map(|v| decode(&k, &v)).transpose()
    }

    pub fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        self.subs
            .insert(key2(&sub.node, sub.jid.as_bytes()), encode(sub))?;
        Ok(())
    }

    /// Remove a subscription; false when there was none.
    pub fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError> {
        let k = key2(node, jid.as_bytes());
        let existed = (&self.subs, &self.subs_by_jid).transaction(|(subs, by_jid)| {
            let existed = subs.remove(k.clone())?.is_some();
            by_jid.remove(key2(jid, node.as_bytes()))?;
            Ok::<_, ConflictableTransactionError<StoreError>>(existed)
        })?;
        Ok(existed)
    }

    /// Subscriptions of one JID, ordered by node.
    pub fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        let p = prefix(jid);
        let mut out = Vec::new();
        for r in self.subs_by_jid.scan_prefix(&p) {
            let (k, _) = r?;
            let node = String::from_utf8_lossy(&k[p.len()..]).into_owned();
            if let Some(s) = self.subscription(&node, jid)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Subscribers of a node whose JID sorts after `after`, at most `limit`, in JID order.
    pub fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError> {
        let p = prefix(node);
        let iter = match after {
            Some(a) => {
                let mut start = key2(node, a.as_bytes());
                start.push(0);
                let mut end = p.clone();
                *end.last_mut().expect("prefix ends in a separator") = 1;
                self.subs.range(start..end)
            }
            None => self.subs.scan_prefix(&p),
        };
        iter.take(limit)
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    pub fn subscriber_count(&self, node: &str) -> usize {
        self.subs.scan_prefix(prefix(node)).count()
    }

    /// Up to `limit` pending deliveries, oldest first.
    pub fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError> {
        self.outbox
            .iter()
            .take(limit)
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    /// Record that every subscriber up to `after` has been handed the item.
    pub fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError> {
        let mut j = job.clone();
        j.after = Some(after.to_owned());
        self.outbox.insert(job.key.to_be_bytes(), encode(&j))?;
        Ok(())
    }

    pub fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        self.outbox.remove(job.key.to_be_bytes())?;
        Ok(())
    }

    pub fn outbox_is_empty(&self) -> bool {
        self.outbox.is_empty()
    }

    /// An item by its sequence number.
    pub fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        let k = key2(node, &seq.to_be_bytes());
        self.items.get(&k)?.map(|v| decode(&k, &v)).transpose()
    }

    /// Whether a node has at least one subscriber (one key read, not a count).
    pub fn has_subscribers(&self, node: &str) -> Result<bool, StoreError> {
        Ok(self
            .subs
            .scan_prefix(prefix(node))
            .next()
            .transpose()?
            .is_some())
    }

    /// Whether a JID has any subscription.
    pub fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        Ok(self
            .subs_by_jid
            .scan_prefix(prefix(jid))
            .next()
            .transpose()?
            .is_some())
    }

    /// Number of user-added feeds a JID follows (its slots under the per-user cap).
    pub fn user_feeds_followed_by(&self, jid: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for s in self.subscriptions_of(jid)? {
            if matches!(self.feed(&s.node)?, Some(f) if matches!(f.origin, Origin::User { .. })) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The slots a JID uses under the per-user cap: the user feeds it follows, and the ones it
    /// added that nobody follows any more (until they are removed as idle).
    pub fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        let mut n = self.user_feeds_followed_by(jid)?;
        for f in self.feeds()? {
            if matches!(&f.origin, Origin::User { owner } if owner == jid)
                && !self.has_subscribers(&f.node)?
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Number of user-added feeds on the service.
    pub fn user_feed_count(&self) -> Result<usize, StoreError> {
        Ok(self
            .feeds()?
            .iter()
            .filter(|f| matches!(f.origin, Origin::User { .. }))
            .count())
    }

    /// Note whether a feed is followed now: the idle clock of a user feed starts when its last
    /// subscriber leaves and stops when somebody subscribes.
    pub fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        if self.has_subscribers(node)? {
            self.unfollowed.remove(node.as_bytes())?;
        } else if self.unfollowed.get(node.as_bytes())?.is_none() {
            self.unfollowed
                .insert(node.as_bytes(), &now_ms.to_be_bytes())?;
        }
        Ok(())
    }

    /// Remove the user feeds that nobody has followed for `idle_ms`, with their items, seen
    /// ids and pending deliveries; returns their nodes. A user feed found without subscribers
    /// and without a mark (left by an older version, or a crash) starts its idle time now.
    pub fn remove_idle_user_feeds(
        &self,
        now_ms: i64,
        idle_ms: i64,
    ) -> Result<Vec<String>, StoreError> {
        let mut removed = Vec::new();
        for f in self.feeds()? {
            if !matches!(f.origin, Origin::User { .. }) {
                continue;
            }
            if self.has_subscribers(&f.node)? {
                self.unfollowed.remove(f.node.as_bytes())?;
                continue;
            }
            let since = match self.unfollowed.get(f.node.as_bytes())? {
                Some(v) => seen_at(&v),
                None => {
                    self.unfollowed
                        .insert(f.node.as_bytes(), &now_ms.to_be_bytes())?;
                    now_ms
                }
            };
            if now_ms.saturating_sub(since) >= idle_ms {
                self.remove_feed(&f.node)?;
                removed.push(f.node);
            }
        }
        Ok(removed)
    }

    /// Delete a feed and everything stored for it. The feed state goes first: whatever a
    /// crash leaves behind is data of a feed that no longer exists, which nothing reads.
    pub fn remove_feed(&self, node: &str) -> Result<(), StoreError> {
        self.feeds.remove(node.as_bytes())?;
        let p = prefix(node);
        for tree in [&self.items, &self.item_idx, &self.seen, &self.subs] {
            for k in tree.scan_prefix(&p).keys() {
                tree.remove(k?)?;
            }
        }
        self.seen.remove(key2(PRUNE_MARK, node.as_bytes()))?;
        for r in self.outbox.iter() {
            let (k, v) = r?;
            let job: OutboxJob = decode(&k, &v)?;
            if job.node == node {
                self.outbox.remove(k)?;
            }
        }
        self.unfollowed.remove(node.as_bytes())?;
        Ok(())
    }
}

/// Key prefix (not a valid node id) under which the last prune time of each node is kept.
const PRUNE_MARK: &str = "\u{1}prune";

/// When a seen id was last found in its feed (Unix ms).
fn seen_at(v: &[u8]) -> i64 {
    v.try_into().map(i64::from_be_bytes).unwrap_or(i64::MIN)
}

/// The index value of an item: its sequence number, then its content hash.
fn idx_value(seq: u64, hash: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(8 + hash.len());
    v.extend_from_slice(&seq.to_be_bytes());
    v.extend_from_slice(hash.as_bytes());
    v
}

fn to_stored(e: &NewItem, seq: u64, now_ms: i64) -> StoredItem {
    StoredItem {
        seq,
        stored_at: now_ms,
        entry: e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, hash: &str) -> NewItem {
        NewItem {
            id: id.into(),
            title: Some(format!("title {id}")),
            link: None,
            published: None,
            updated: None,
            atom: "<entry xmlns='http://www.w3.org/2005/Atom'/>".into(),
            text: id.into(),
            content_hash: hash.into(),
        }
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
        s.subscribe("kept", "a@x", 0).unwrap();
        s.subscribe("idle", "a@x", 0).unwrap();
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
        assert_eq!(s.user_feed_count().unwrap(), 2);
        assert!(s.remove_idle_user_feeds(1_500, 1_000).unwrap().is_empty());
        // Somebody follows it again in between: the clock stops.
        s.subscribe("idle", "b@x", 1_600).unwrap();
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
    fn subscriptions_and_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        assert!(s.subscribe("n", "b@x", 1).unwrap().1);
        assert!(!s.subscribe("n", "b@x", 1).unwrap().1);
        s.subscribe("n", "a@x", 1).unwrap();
        s.subscribe("m", "a@x", 1).unwrap();
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
    fn an_entry_cut_off_before_its_commit_point_is_new_again_without_orphans() {
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
        // What a kill -9 between the item's writes and its seen id leaves behind.
        s.seen.remove(key2("n", b"a")).unwrap();
        let again = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 2, 10, notify)
            .unwrap();
        assert_eq!(again.new.len(), 1, "announced again, not lost");
        assert_eq!(
            again.new[0].seq, job.item_seq,
            "the leftover item is reused"
        );
        assert_eq!(s.item_count("n"), 1, "no orphan item");
        assert!(s.is_seen("n", "a").unwrap());
        // And from then on it is known.
        let third = s
            .apply_fetch(&feed(), &[item("a", "1")], &[], 3, 10, notify)
            .unwrap();
        assert!(third.new.is_empty());
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
}
