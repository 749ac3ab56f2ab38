//! The durable state, and the only user of sled: feeds (URL, validators, fetch outcome, health,
//! next due time), items per node (bounded, newest kept), the seen-id set per node,
//! subscriptions and the delivery outbox.
//!
//! Values are JSON (serde) so the on-disk format is inspectable and survives field additions.
//! Everything one fetch changes is written in one sled transaction, so a kill -9 leaves either
//! the state before or the state after a fetch, never a half-applied one; sled's log makes
//! committed transactions durable once flushed (the daemon flushes on a short interval and on
//! shutdown). No sled type leaks out of this module, so the store can move to another database.

use std::path::Path;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

/// How long an id absent from its feed is still remembered (so a flapping entry is not
/// re-announced). Ids still present in the feed are never forgotten.
pub const SEEN_RETENTION_MS: i64 = 30 * 24 * 3600 * 1000;
/// Changes remembered per feed for the adaptive interval.
pub const CHANGE_HISTORY: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store at {path}: {source}")]
    Open { path: String, source: sled::Error },
    #[error("store: {0}")]
    Db(#[from] sled::Error),
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
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::New => "new",
            Health::Ok => "ok",
            Health::Transient => "transient-error",
            Health::Permanent => "permanent-error",
            Health::Gone => "gone",
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

/// One stored item of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredItem {
    /// Position in the node: higher is newer.
    pub seq: u64,
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
    /// Unix ms when it was stored.
    pub stored_at: i64,
}

/// An entry as ingest hands it to the store (the store assigns `seq` and `stored_at`).
#[derive(Debug, Clone)]
pub struct NewItem {
    pub id: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub atom: String,
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
            db,
        })
    }

    /// Durably write everything committed so far.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
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

    /// Store the outcome of one fetch: the new feed state and the entries in the document
    /// (document order). In one transaction: unseen ids become items (and seen), known ids with
    /// a changed content hash update their item, the node is trimmed to `max_items`.
    pub fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[NewItem],
        now_ms: i64,
        max_items: usize,
    ) -> Result<Applied, StoreError> {
        let node = state.node.as_str();
        // Sequence numbers are taken outside the transaction (sled ids are monotonic); a retry
        // of the closure reuses them, gaps are harmless.
        let seqs: Vec<u64> = (0..entries.len() as u64)
            .map(|_| self.db.generate_id())
            .collect::<Result<_, _>>()?;

        let applied = (&self.feeds, &self.items, &self.item_idx, &self.seen).transaction(
            |(feeds, items, idx, seen)| {
                let mut applied = Applied::default();
                // Oldest first: documents list newest first, so walk them backwards.
                for (i, e) in entries.iter().enumerate().rev() {
                    let seen_key = key2(node, e.id.as_bytes());
                    let was_seen = seen.get(&seen_key)?.is_some();
                    seen.insert(seen_key, &now_ms.to_be_bytes())?;
                    let idx_key = key2(node, e.id.as_bytes());
                    match idx.get(&idx_key)? {
                        Some(seq_bytes) => {
                            let item_key = key2(node, &seq_bytes);
                            let old: StoredItem = match items.get(&item_key)? {
                                Some(v) => decode(&item_key, &v)
                                    .map_err(ConflictableTransactionError::Abort)?,
                                None => continue,
                            };
                            if old.content_hash != e.content_hash {
                                let item = StoredItem {
                                    seq: old.seq,
                                    stored_at: old.stored_at,
                                    ..to_stored(e, old.seq, now_ms)
                                };
                                items.insert(item_key, encode(&item))?;
                                applied.updated.push(item);
                            }
                        }
                        None if was_seen => {
                            // Trimmed out of the node earlier: known, never new again.
                        }
                        None => {
                            let seq = seqs[i];
                            let item = to_stored(e, seq, now_ms);
                            items.insert(key2(node, &seq.to_be_bytes()), encode(&item))?;
                            idx.insert(idx_key, &seq.to_be_bytes())?;
                            applied.new.push(item);
                        }
                    }
                }
                feeds.insert(node.as_bytes(), encode(state))?;
                Ok(applied)
            },
        )?;
        self.trim(node, max_items)?;
        self.prune_seen(node, entries, now_ms)?;
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
            (&self.items, &self.item_idx).transaction(|(items, idx)| {
                items.remove(&k)?;
                idx.remove(key2(node, item.id.as_bytes()))?;
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })?;
        }
        Ok(())
    }

    /// Forget ids that left the feed long ago and are no longer stored as items.
    fn prune_seen(&self, node: &str, entries: &[NewItem], now_ms: i64) -> Result<(), StoreError> {
        let cutoff = now_ms - SEEN_RETENTION_MS;
        let p = prefix(node);
        for r in self.seen.scan_prefix(&p) {
            let (k, v) = r?;
            let at = v
                .as_ref()
                .try_into()
                .map(i64::from_be_bytes)
                .unwrap_or(i64::MIN);
            if at >= cutoff {
                continue;
            }
            let id = &k[p.len()..];
            if entries.iter().any(|e| e.id.as_bytes() == id) || self.item_idx.contains_key(&k)? {
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
        let Some(seq) = self.item_idx.get(key2(node, id.as_bytes()))? else {
            return Ok(None);
        };
        let k = key2(node, &seq);
        self.items.get(&k)?.map(|v| decode(&k, &v)).transpose()
    }

    /// Whether an id has been seen for a node.
    pub fn is_seen(&self, node: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self.seen.contains_key(key2(node, id.as_bytes()))?)
    }
}

fn to_stored(e: &NewItem, seq: u64, now_ms: i64) -> StoredItem {
    StoredItem {
        seq,
        id: e.id.clone(),
        title: e.title.clone(),
        link: e.link.clone(),
        published: e.published.clone(),
        updated: e.updated.clone(),
        atom: e.atom.clone(),
        text: e.text.clone(),
        content_hash: e.content_hash.clone(),
        stored_at: now_ms,
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
    fn new_updated_and_seen_ids() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let a = s
            .apply_fetch(&feed(), &[item("b", "1"), item("a", "1")], 1, 10)
            .unwrap();
        assert_eq!(
            a.new.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let a = s
            .apply_fetch(
                &feed(),
                &[item("c", "1"), item("b", "2"), item("a", "1")],
                2,
                10,
            )
            .unwrap();
        assert_eq!(a.new.len(), 1);
        assert_eq!(a.new[0].id, "c");
        assert_eq!(a.updated.len(), 1);
        assert_eq!(a.updated[0].id, "b");
        let newest: Vec<_> = s
            .items("n", 10, None)
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(newest, ["c", "b", "a"]);
        assert_eq!(s.feed("n").unwrap().unwrap(), feed());
    }

    #[test]
    fn trimmed_items_never_come_back_as_new() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let doc = [item("c", "1"), item("b", "1"), item("a", "1")];
        assert_eq!(s.apply_fetch(&feed(), &doc, 1, 2).unwrap().new.len(), 3);
        assert_eq!(s.item_count("n"), 2);
        assert!(s.item("n", "a").unwrap().is_none());
        let again = s.apply_fetch(&feed(), &doc, 2, 2).unwrap();
        assert!(again.new.is_empty() && again.updated.is_empty());
    }

    #[test]
    fn survives_reopen_and_pages() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            let doc: Vec<_> = (0..5).rev().map(|i| item(&i.to_string(), "h")).collect();
            s.apply_fetch(&feed(), &doc, 1, 10).unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        let first = s.items("n", 2, None).unwrap();
        assert_eq!(
            first.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["4", "3"]
        );
        let next = s.items("n", 2, Some(first[1].seq)).unwrap();
        assert_eq!(
            next.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["2", "1"]
        );
        assert!(s.is_seen("n", "0").unwrap());
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
