//! Items and seen ids: applying one fetch (one write session, [`super::chunks`]),
//! trimming, pruning, reading items back.

use super::chunks::{IdRecord, NodeWrite};
use super::codec::encode;
use super::{SledStore, StoreError};
use crate::model::Entry;
use crate::model::{Announce, Applied, FeedState, OutboxJob, StoredItem};
use crate::store::{MAX_ENTRIES_PER_FETCH, SEEN_REFRESH_MS, SEEN_RETENTION_MS};

fn to_stored(e: &Entry, seq: u64, now_ms: i64) -> StoredItem {
    StoredItem {
        seq,
        stored_at: now_ms,
        entry: e.clone(),
    }
}

impl SledStore {
    /// Store the outcome of one fetch: the entries of the document that were converted
    /// (document order), the ids of those recognised as unchanged, and the new feed state.
    /// Unseen ids become items (and seen) with an outbox job when `notify` says so, known ids
    /// with a changed content hash update their item, the feed state is written, and the node
    /// is trimmed to `max_items`.
    ///
    /// The outbox jobs are written first, then the node's chunks and id records
    /// ([`NodeWrite::commit`]), then the feed state (with the validators). Whatever prefix of
    /// that a crash leaves is consistent: jobs whose items are not stored are dropped by the
    /// delivery and their entries are new again at the next fetch; items stored without their
    /// id records are taken back by that fetch ([`NodeWrite::leftover`]), at worst announced
    /// twice; nothing is lost.
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
        // Numbered under the node's lock: a publish to the same node between numbering and
        // storing would otherwise hold a newer number than this fetch's items.
        let mut w = self.node_write(node)?;
        let base = self.next_number()?;
        let number = |i: usize| base + (entries.len() - 1 - i) as u64;
        let mut applied = Applied::default();
        let mut jobs = Vec::new();
        let job = |key: u64, seq: u64, update: bool| OutboxJob {
            key,
            node: node.to_owned(),
            item_seq: seq,
            update,
            after: None,
            event: crate::model::Event::Item,
        };
        // Oldest first: documents list newest first, so walk them backwards.
        for (i, e) in entries.iter().enumerate().rev() {
            let rec = w.id(&e.id)?;
            let last_seen = rec.as_ref().and_then(|r| r.seen);
            let stored = rec.as_ref().and_then(|r| r.seq);
            let mut rec = rec.unwrap_or(IdRecord {
                seen: None,
                seq: None,
                hash: String::new(),
            });
            match (last_seen, stored) {
                (Some(_), Some(seq)) if rec.hash != e.content_hash => {
                    let Some(old) = w.item(seq)? else { continue };
                    let item = StoredItem {
                        seq,
                        stored_at: old.stored_at,
                        entry: e.clone(),
                    };
                    w.replace(item.clone())?;
                    if notify.updates {
                        // Keyed by the item's number, so trimming keeps the item while the
                        // job waits (it replaces a pending job for the same item).
                        jobs.push(job(seq, seq, true));
                    }
                    rec.hash = e.content_hash.clone();
                    applied.updated.push(item);
                }
                // Unchanged, or trimmed out of the node earlier: known, never new again.
                (Some(_), _) => {}
                // Never seen. An item stored under this id without being seen (published
                // to the node, or left by an interrupted write) is replaced in place,
                // keeping its number.
                (None, stored) => {
                    let stored = match stored {
                        Some(seq) => Some(seq),
                        None => w.leftover(&e.id)?,
                    };
                    let in_place = match stored {
                        Some(seq) => w.replace(to_stored(e, seq, now_ms))?,
                        None => false,
                    };
                    let seq = match stored {
                        Some(seq) if in_place => seq,
                        _ => {
                            w.append(to_stored(e, number(i), now_ms))?;
                            number(i)
                        }
                    };
                    if notify.new {
                        jobs.push(job(seq, seq, false));
                    }
                    rec.seq = Some(seq);
                    rec.hash = e.content_hash.clone();
                    applied.new.push(to_stored(e, seq, now_ms));
                }
            }
            if last_seen.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS) {
                rec.seen = Some(now_ms);
            }
            w.set_id(&e.id, Some(rec))?;
        }
        // Unchanged entries only refresh their seen time, and only daily.
        for id in unchanged {
            if let Some(mut rec) = w.id(id)? {
                if rec
                    .seen
                    .is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS)
                {
                    rec.seen = Some(now_ms);
                    w.set_id(id, Some(rec))?;
                }
            }
        }
        // Jobs before the items: see above.
        for j in &jobs {
            self.outbox.insert(j.key.to_be_bytes(), encode(j))?;
        }
        if !applied.new.is_empty() {
            self.trim(&mut w, max_items)?;
        }
        // Forgetting old ids is garbage collection: once a day per feed is plenty.
        if w.meta
            .last_prune
            .is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS)
        {
            prune_seen(&mut w, entries, unchanged, now_ms)?;
            w.pruned(now_ms);
        }
        w.commit()?;
        self.write_feed(state, false)?;
        if !applied.new.is_empty() || !applied.updated.is_empty() {
            self.touch(node, now_ms)?;
        }
        Ok(applied)
    }

    /// Keep the newest `max_items` items of a node: of the oldest items beyond that, those
    /// whose notification has not gone out yet stay (a new item's job has the item's number),
    /// and the node is over its bound until they have.
    pub(super) fn trim(&self, w: &mut NodeWrite<'_>, max_items: usize) -> Result<(), StoreError> {
        let excess = w.count()?.saturating_sub(max_items);
        let old = w.oldest(excess, |seq| {
            Ok(self.outbox.contains_key(seq.to_be_bytes())?)
        })?;
        for item in old {
            w.remove(item.seq)?;
            // Known, not stored: a trimmed id is never new again.
            if let Some(mut rec) = w.id(&item.entry.id)? {
                if rec.seq == Some(item.seq) {
                    rec.seq = None;
                    rec.hash.clear();
                    let keep = rec.seen.is_some();
                    w.set_id(&item.entry.id, keep.then_some(rec))?;
                }
            }
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
        let mut out = Vec::with_capacity(limit.min(64));
        for chunk in self.chunks_back(node, before) {
            for item in chunk?.into_iter().rev() {
                if out.len() == limit {
                    return Ok(out);
                }
                if before.is_none_or(|b| item.seq < b) {
                    out.push(item.parse(node)?);
                }
            }
        }
        Ok(out)
    }

    /// Number of items stored for a node.
    pub fn item_count(&self, node: &str) -> usize {
        self.stored_count(node).unwrap_or(0)
    }

    /// One item by its id.
    pub fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        match self.id_record(node, id)?.and_then(|r| r.seq) {
            Some(seq) => self.item_by_seq(node, seq),
            None => Ok(None),
        }
    }

    /// The content hash of a stored item, from its id record.
    /// The record is trusted only when its item is there: a crash between a removal's chunk
    /// and its id record leaves a record that still says "stored".
    pub fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        let Some(r) = self.id_record(node, id)? else {
            return Ok(None);
        };
        match r.seq {
            Some(seq) if self.item_by_seq(node, seq)?.is_some() => Ok(Some(r.hash)),
            _ => Ok(None),
        }
    }

    /// Whether an entry is stored with exactly this content hash and was seen in the feed:
    /// such an entry needs no processing at all. Reads the id record, not the item.
    pub fn is_known_unchanged(&self, node: &str, id: &str, hash: &str) -> bool {
        matches!(self.id_record(node, id), Ok(Some(r)) if r.seen.is_some() && r.stored_as(hash))
    }

    /// Whether an id has been seen for a node.
    pub fn is_seen(&self, node: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self.id_record(node, id)?.is_some_and(|r| r.seen.is_some()))
    }

    /// The item an outbox job announces. The job is written before its item, under the
    /// node's write lock: taking that lock first means the item is written (or its write
    /// failed), so an item not found is truly gone and an updated one has its new content.
    pub fn item_for_job(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        let _settled = self.node_lock(node);
        self.item_by_seq(node, seq)
    }

    /// An item by its sequence number.
    pub fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        self.chunk_holding(node, seq)?
            .and_then(|(_, items)| items.into_iter().find(|i| i.seq == seq))
            .map(|i| i.parse(node))
            .transpose()
    }
}

/// Forget ids that left the feed long ago and are no longer stored as items.
fn prune_seen(
    w: &mut NodeWrite<'_>,
    entries: &[Entry],
    unchanged: &[String],
    now_ms: i64,
) -> Result<(), StoreError> {
    let cutoff = now_ms.saturating_sub(SEEN_RETENTION_MS);
    let in_doc: std::collections::HashSet<&str> = entries
        .iter()
        .map(|e| e.id.as_str())
        .chain(unchanged.iter().map(String::as_str))
        .collect();
    for (id, rec) in w.all_ids()? {
        let old = rec.seen.is_some_and(|t| t < cutoff);
        if old && rec.seq.is_none() && !in_doc.contains(id.as_str()) {
            w.set_id(&id, None)?;
        }
    }
    Ok(())
}
