//! Items and seen ids: applying one fetch (ordered writes, the seen id as commit point),
//! trimming, pruning, reading items back.

use serde::{Deserialize, Serialize};

use super::codec::*;
use super::feeds::FeedState;
use super::outbox::OutboxJob;
use super::{Store, StoreError};
use super::{MAX_ENTRIES_PER_FETCH, SEEN_REFRESH_MS, SEEN_RETENTION_MS};
use crate::entry::Entry;

/// One stored item of a node: the entry as ingest handed it over, plus where and when.
/// Records written before the entry was typed read back with [`Entry::legacy`] set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredItem {
    /// Position in the node: higher is newer.
    pub seq: u64,
    /// Unix ms when it was stored.
    pub stored_at: i64,
    #[serde(flatten)]
    /// The entry.
    pub entry: Entry,
}

/// What applying one fetch changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Entries never seen before, oldest first.
    pub new: Vec<StoredItem>,
    /// Entries seen before whose content changed (still stored), oldest first.
    pub updated: Vec<StoredItem>,
}

/// Which changes of a fetch get an outbox job (written just before the entry's commit point).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Announce {
    /// New entries get one.
    pub new: bool,
    /// Changed entries get one.
    pub updates: bool,
}

fn to_stored(e: &Entry, seq: u64, now_ms: i64) -> StoredItem {
    StoredItem {
        seq,
        stored_at: now_ms,
        entry: e.clone(),
    }
}

impl Store {
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
        entries: &[Entry],
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
            event: super::outbox::Event::Item,
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
                        // Keyed by the item's number, so trimming keeps the item while the
                        // job waits (it replaces a pending job for the same item).
                        let j = job(item.seq, item.seq, true);
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
        self.write_feed(state, false)?;
        if !applied.new.is_empty() || !applied.updated.is_empty() {
            self.touch(node, now_ms)?;
        }
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
    pub(super) fn trim(&self, node: &str, max_items: usize) -> Result<(), StoreError> {
        // Keys only, oldest first (sled iterates forwards far faster than backwards); the
        // values of the few items beyond the bound are read.
        let keys: Vec<sled::IVec> = self
            .items
            .scan_prefix(prefix(node))
            .keys()
            .collect::<Result<_, _>>()?;
        let excess = keys.len().saturating_sub(max_items);
        let mut old = Vec::with_capacity(excess);
        for k in keys.into_iter().take(excess) {
            if let Some(v) = self.items.get(&k)? {
                old.push((k, v));
            }
        }
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
        entries: &[Entry],
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

    /// The content hash of a stored item, read from the index alone.
    pub fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .item_idx
            .get(key2(node, id.as_bytes()))?
            .and_then(|v| v.get(8..).map(|h| String::from_utf8_lossy(h).into_owned())))
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

    /// An item by its sequence number.
    pub fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        let k = key2(node, &seq.to_be_bytes());
        self.items.get(&k)?.map(|v| decode(&k, &v)).transpose()
    }
}
