//! Items and seen ids (`items`, `seen`, `nodes`): applying one fetch, publishing, retracting,
//! purging, trimming and pruning, each one transaction in the node's turn; reading items back.

use std::collections::{BTreeMap, HashMap, HashSet};

use deadpool_postgres::Transaction;
use tokio_postgres::Row;

use super::feeds::{drop_subscriptions, remove_keep_subscriptions, write_feed};
use super::outbox::{next_number, queue_event, upsert_item_jobs};
use super::{corrupt, db_num, decoded, num, PgStore, StoreError};
use crate::model::{Announce, Applied, Entry, Event, FeedState, Published, StoredItem};
use crate::store::{MAX_ENTRIES_PER_FETCH, SEEN_REFRESH_MS, SEEN_RETENTION_MS};

/// An item row as [`read_item`] reads it: `seq, stored_at, entry` (and the node for messages).
pub(super) const ITEM: &str = "SELECT seq, stored_at, entry FROM items";

/// An item read back.
pub(super) fn read_item(node: &str, r: &Row) -> Result<StoredItem, StoreError> {
    let seq: i64 = r.get(0);
    let entry: Entry = serde_json::from_value(r.get(2))
        .map_err(|e| corrupt("items", &format!("{node}/{seq}"), e))?;
    Ok(StoredItem {
        seq: num(seq),
        stored_at: r.get(1),
        entry,
    })
}

/// Take the node's turn: its row in `nodes` (made if missing), locked until the transaction
/// ends. Its last prune time.
async fn lock_node(tx: &Transaction<'_>, node: &str) -> Result<Option<i64>, StoreError> {
    tx.execute(
        "INSERT INTO nodes (node) VALUES ($1) ON CONFLICT (node) DO NOTHING",
        &[&node],
    )
    .await?;
    Ok(tx
        .query_one(
            "SELECT last_prune FROM nodes WHERE node = $1 FOR UPDATE",
            &[&node],
        )
        .await?
        .get(0))
}

/// Write items (new ones, or replacing the item of the same number).
async fn upsert_items(
    tx: &Transaction<'_>,
    node: &str,
    items: &[&StoredItem],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let seqs: Vec<i64> = items.iter().map(|i| db_num(i.seq)).collect();
    let ids: Vec<&str> = items.iter().map(|i| i.entry.id.as_str()).collect();
    let hashes: Vec<&str> = items
        .iter()
        .map(|i| i.entry.content_hash.as_str())
        .collect();
    let stored_at: Vec<i64> = items.iter().map(|i| i.stored_at).collect();
    let entries = items
        .iter()
        .map(|i| {
            serde_json::to_value(&i.entry)
                .map_err(|e| corrupt("items", &format!("{node}/{}", i.seq), e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    tx.execute(
        "INSERT INTO items (node, seq, id, hash, stored_at, entry) \
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::jsonb[]) \
         ON CONFLICT (node, seq) DO UPDATE SET id = EXCLUDED.id, hash = EXCLUDED.hash, \
         stored_at = EXCLUDED.stored_at, entry = EXCLUDED.entry",
        &[&node, &seqs, &ids, &hashes, &stored_at, &entries],
    )
    .await?;
    Ok(())
}

/// Mark ids as seen at `now_ms`.
async fn mark_seen(
    tx: &Transaction<'_>,
    node: &str,
    ids: &[&str],
    now_ms: i64,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO seen (node, id, seen_at) SELECT $1, id, $3 FROM unnest($2::text[]) AS id \
         ON CONFLICT (node, id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
        &[&node, &ids, &now_ms],
    )
    .await?;
    Ok(())
}

/// Keep the newest `max_items` items: of the oldest beyond that, those whose job still waits
/// stay (an item's job has the item's number), and the node is over its bound until it has
/// gone. Seen ids stay: a trimmed entry is never new again.
async fn trim(tx: &Transaction<'_>, node: &str, max_items: usize) -> Result<(), StoreError> {
    tx.execute(
        "WITH oldest AS (SELECT seq FROM items WHERE node = $1 ORDER BY seq \
           LIMIT greatest((SELECT count(*) FROM items WHERE node = $1) - $2, 0)) \
         DELETE FROM items i USING oldest o WHERE i.node = $1 AND i.seq = o.seq \
           AND NOT EXISTS (SELECT 1 FROM outbox j WHERE j.key = i.seq AND j.kind = 'item')",
        &[&node, &db_num(max_items as u64)],
    )
    .await?;
    Ok(())
}

/// Note that the node's items changed.
async fn changed(tx: &Transaction<'_>, node: &str, now_ms: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO nodes (node, changed_at) VALUES ($1, $2) \
         ON CONFLICT (node) DO UPDATE SET changed_at = EXCLUDED.changed_at",
        &[&node, &now_ms],
    )
    .await?;
    Ok(())
}

/// What the database knows of a fetch's ids.
struct Known {
    /// id → when last seen in the feed.
    seen: HashMap<String, i64>,
    /// id → (number, content hash, stored at) of its item.
    stored: HashMap<String, (u64, String, i64)>,
}

async fn known(tx: &Transaction<'_>, node: &str, ids: &[&str]) -> Result<Known, StoreError> {
    let seen = tx
        .query(
            "SELECT id, seen_at FROM seen WHERE node = $1 AND id = ANY($2)",
            &[&node, &ids],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let stored = tx
        .query(
            "SELECT id, seq, hash, stored_at FROM items WHERE node = $1 AND id = ANY($2)",
            &[&node, &ids],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), (num(r.get(1)), r.get(2), r.get(3))))
        .collect();
    Ok(Known { seen, stored })
}

/// The changes of one fetch, worked out from what is known (the same rules as the embedded
/// backend's [`crate::store::sled::SledStore::apply_fetch`]).
struct FetchPlan {
    applied: Applied,
    /// Items to write, by number (one write per number).
    items: BTreeMap<u64, StoredItem>,
    /// Jobs to write: number → is an update.
    jobs: BTreeMap<u64, bool>,
    /// Ids whose seen time is (re)written.
    seen: Vec<String>,
}

fn plan_fetch(
    entries: &[Entry],
    mut known: Known,
    base: Option<u64>,
    now_ms: i64,
    notify: Announce,
) -> FetchPlan {
    let number = |i: usize| base.unwrap_or(0) + (entries.len() - 1 - i) as u64;
    let mut plan = FetchPlan {
        applied: Applied::default(),
        items: BTreeMap::new(),
        jobs: BTreeMap::new(),
        seen: Vec::new(),
    };
    // Oldest first: documents list newest first.
    for (i, e) in entries.iter().enumerate().rev() {
        let last_seen = known.seen.get(&e.id).copied();
        let stored = known.stored.get(&e.id).cloned();
        match (last_seen, stored) {
            (Some(_), Some((seq, hash, stored_at))) if hash != e.content_hash => {
                let item = StoredItem {
                    seq,
                    stored_at,
                    entry: e.clone(),
                };
                if notify.updates {
                    plan.jobs.insert(seq, true);
                }
                known
                    .stored
                    .insert(e.id.clone(), (seq, e.content_hash.clone(), stored_at));
                plan.items.insert(seq, item.clone());
                plan.applied.updated.push(item);
            }
            // Unchanged, or trimmed out of the node earlier: known, never new again.
            (Some(_), _) => {}
            // Never seen. An item stored under this id without being seen (published to the
            // node) is replaced in place, keeping its number.
            (None, stored) => {
                let seq = stored.map_or_else(|| number(i), |(seq, ..)| seq);
                let item = StoredItem {
                    seq,
                    stored_at: now_ms,
                    entry: e.clone(),
                };
                if notify.new {
                    plan.jobs.insert(seq, false);
                }
                known
                    .stored
                    .insert(e.id.clone(), (seq, e.content_hash.clone(), now_ms));
                plan.items.insert(seq, item.clone());
                plan.applied.new.push(item);
            }
        }
        if last_seen.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS) {
            known.seen.insert(e.id.clone(), now_ms);
            plan.seen.push(e.id.clone());
        }
    }
    plan
}

impl PgStore {
    pub(super) fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[Entry],
        unchanged: &[String],
        now_ms: i64,
        max_items: usize,
        notify: Announce,
    ) -> Result<Applied, StoreError> {
        let state = state.clone();
        let entries = entries[..entries.len().min(MAX_ENTRIES_PER_FETCH)].to_vec();
        let unchanged = unchanged.to_vec();
        let node = state.node.clone();
        let applied = self.call(move |pool| async move {
            let node = state.node.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let last_prune = lock_node(&tx, node).await?;
            let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            let known = known(&tx, node, &ids).await?;
            // A number only when an entry may be new (under the node's lock: a publish in
            // between would otherwise hold a newer number than this fetch's items).
            let base = if entries.iter().any(|e| !known.seen.contains_key(&e.id)) {
                Some(next_number(&tx).await?)
            } else {
                None
            };
            let plan = plan_fetch(&entries, known, base, now_ms, notify);
            upsert_item_jobs(&tx, node, &plan.jobs).await?;
            let items: Vec<&StoredItem> = plan.items.values().collect();
            upsert_items(&tx, node, &items).await?;
            let seen: Vec<&str> = plan.seen.iter().map(String::as_str).collect();
            mark_seen(&tx, node, &seen, now_ms).await?;
            // Unchanged entries only refresh their seen time, and only daily.
            if !unchanged.is_empty() {
                tx.execute(
                    "INSERT INTO seen (node, id, seen_at) \
                     SELECT $1, u.id, $3 FROM unnest($2::text[]) AS u(id) \
                     WHERE EXISTS (SELECT 1 FROM items i WHERE i.node = $1 AND i.id = u.id) \
                        OR EXISTS (SELECT 1 FROM seen s WHERE s.node = $1 AND s.id = u.id) \
                     ON CONFLICT (node, id) DO UPDATE SET seen_at = EXCLUDED.seen_at \
                     WHERE seen.seen_at < $4",
                    &[
                        &node,
                        &unchanged,
                        &now_ms,
                        &now_ms.saturating_sub(SEEN_REFRESH_MS),
                    ],
                )
                .await?;
            }
            if !plan.applied.new.is_empty() {
                trim(&tx, node, max_items).await?;
            }
            // Forgetting old ids is garbage collection: once a day per feed is plenty.
            if last_prune.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS) {
                let in_doc: HashSet<&str> = ids
                    .iter()
                    .copied()
                    .chain(unchanged.iter().map(String::as_str))
                    .collect();
                let in_doc: Vec<&str> = in_doc.into_iter().collect();
                tx.execute(
                    "DELETE FROM seen s WHERE s.node = $1 AND s.seen_at < $2 \
                     AND NOT (s.id = ANY($3)) \
                     AND NOT EXISTS (SELECT 1 FROM items i WHERE i.node = $1 AND i.id = s.id)",
                    &[&node, &now_ms.saturating_sub(SEEN_RETENTION_MS), &in_doc],
                )
                .await?;
                tx.execute(
                    "UPDATE nodes SET last_prune = $2 WHERE node = $1",
                    &[&node, &now_ms],
                )
                .await?;
            }
            write_feed(&tx, &state, false).await?;
            if !plan.applied.new.is_empty() || !plan.applied.updated.is_empty() {
                changed(&tx, node, now_ms).await?;
            }
            tx.commit().await?;
            Ok(plan.applied)
        })?;
        self.untouch(&node);
        Ok(applied)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn publish(
        &self,
        node: &str,
        entry: &Entry,
        now_ms: i64,
        max_items: usize,
        announce: Announce,
        polled: bool,
    ) -> Result<Published, StoreError> {
        let (node, entry) = (node.to_owned(), entry.clone());
        self.call(move |pool| async move {
            let node = node.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            lock_node(&tx, node).await?;
            let old = tx
                .query_opt(
                    "SELECT seq, stored_at, entry, hash FROM items WHERE node = $1 AND id = $2",
                    &[&node, &entry.id],
                )
                .await?
                .map(|r| read_item(node, &r).map(|i| (i, r.get::<_, String>(3))))
                .transpose()?;
            let published = match old {
                Some((old, hash)) if hash == entry.content_hash => {
                    return Ok(Published::Unchanged(old));
                }
                Some((old, _)) => Published::Updated(StoredItem {
                    seq: old.seq,
                    stored_at: old.stored_at,
                    entry,
                }),
                None => Published::New(StoredItem {
                    seq: next_number(&tx).await?,
                    stored_at: now_ms,
                    entry,
                }),
            };
            let item = published.item();
            let update = matches!(published, Published::Updated(_));
            if (update && announce.updates) || (!update && announce.new) {
                upsert_item_jobs(&tx, node, &BTreeMap::from([(item.seq, update)])).await?;
            }
            upsert_items(&tx, node, &[item]).await?;
            if polled {
                mark_seen(&tx, node, &[item.entry.id.as_str()], now_ms).await?;
            }
            if matches!(published, Published::New(_)) {
                trim(&tx, node, max_items).await?;
            }
            changed(&tx, node, now_ms).await?;
            tx.commit().await?;
            Ok(published)
        })
    }

    pub(super) fn retract(
        &self,
        node: &str,
        id: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<Option<StoredItem>, StoreError> {
        let (node, id) = (node.to_owned(), id.to_owned());
        self.call(move |pool| async move {
            let node = node.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            lock_node(&tx, node).await?;
            let Some(item) = tx
                .query_opt(
                    &format!("{ITEM} WHERE node = $1 AND id = $2") as &str,
                    &[&node, &id],
                )
                .await?
                .map(|r| read_item(node, &r))
                .transpose()?
            else {
                return Ok(None);
            };
            if notify {
                queue_event(&tx, node, &Event::Retract { id: id.clone() }).await?;
            }
            let seq = db_num(item.seq);
            tx.execute(
                "DELETE FROM items WHERE node = $1 AND seq = $2",
                &[&node, &seq],
            )
            .await?;
            if !polled {
                tx.execute(
                    "DELETE FROM seen WHERE node = $1 AND id = $2",
                    &[&node, &id],
                )
                .await?;
            }
            // Its pending announcement and held copies have nothing left to say.
            tx.execute(
                "DELETE FROM outbox WHERE key = $1 AND kind = 'item'",
                &[&seq],
            )
            .await?;
            tx.execute(
                "DELETE FROM backlog WHERE node = $1 AND seq = $2",
                &[&node, &seq],
            )
            .await?;
            changed(&tx, node, now_ms).await?;
            tx.commit().await?;
            Ok(Some(item))
        })
    }

    pub(super) fn purge(
        &self,
        node: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<usize, StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let node = node.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            lock_node(&tx, node).await?;
            if notify {
                queue_event(&tx, node, &Event::Purge).await?;
            }
            let n = tx
                .execute("DELETE FROM items WHERE node = $1", &[&node])
                .await?;
            // A polled feed keeps its seen ids: what its document still lists is not new.
            if !polled {
                tx.execute("DELETE FROM seen WHERE node = $1", &[&node])
                    .await?;
            }
            tx.execute("DELETE FROM backlog WHERE node = $1", &[&node])
                .await?;
            tx.execute(
                "DELETE FROM outbox WHERE node = $1 AND kind = 'item'",
                &[&node],
            )
            .await?;
            changed(&tx, node, now_ms).await?;
            tx.commit().await?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    pub(super) fn delete_node(
        &self,
        node: &str,
        notify: bool,
        redirect: Option<String>,
    ) -> Result<(), StoreError> {
        let n = node.to_owned();
        self.call(move |pool| async move {
            let node = n.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let subscribed: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE node = $1)",
                    &[&node],
                )
                .await?
                .get(0);
            remove_keep_subscriptions(&tx, node).await?;
            if notify && subscribed {
                // The subscriptions go when the job is finished (everybody was told).
                queue_event(&tx, node, &Event::Delete { redirect }).await?;
            } else {
                drop_subscriptions(&tx, node).await?;
            }
            tx.commit().await?;
            Ok(())
        })?;
        self.untouch(node);
        Ok(())
    }

    pub(super) fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        let node = node.to_owned();
        let before = before.map(db_num);
        let limit = db_num(limit as u64);
        // A row that does not decode is left out and the page filled from the rows after it,
        // so a short page still means the last one.
        self.call(move |pool| async move {
            let (c, mut before) = (pool.get().await?, before);
            let mut page = Vec::new();
            loop {
                let want = limit - page.len() as i64;
                let rows = c
                    .query(
                        &format!(
                            "{ITEM} WHERE node = $1 AND ($2::bigint IS NULL OR seq < $2) \
                             ORDER BY seq DESC LIMIT $3"
                        ) as &str,
                        &[&node, &before, &want],
                    )
                    .await?;
                before = rows.last().map(|r| r.get(0));
                let short = (rows.len() as i64) < want;
                page.extend(decoded(rows.iter().map(|r| read_item(&node, r))));
                if short || page.len() as i64 >= limit {
                    return Ok(page);
                }
            }
        })
    }

    pub(super) fn item_count(&self, node: &str) -> usize {
        self.count(
            "item_count",
            "SELECT count(*) FROM items WHERE node = $1",
            vec![Box::new(node.to_owned())],
        )
    }

    /// One item selected by `filter` (`$1` the node, `$2` the value).
    fn item_where<V>(
        &self,
        node: &str,
        filter: &'static str,
        value: V,
    ) -> Result<Option<StoredItem>, StoreError>
    where
        V: tokio_postgres::types::ToSql + Send + Sync + 'static,
    {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            c.query_opt(&format!("{ITEM} WHERE {filter}") as &str, &[&node, &value])
                .await?
                .map(|r| read_item(&node, &r))
                .transpose()
        })
    }

    pub(super) fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        self.item_where(node, "node = $1 AND id = $2", id.to_owned())
    }

    pub(super) fn item_by_seq(
        &self,
        node: &str,
        seq: u64,
    ) -> Result<Option<StoredItem>, StoreError> {
        self.item_where(node, "node = $1 AND seq = $2", db_num(seq))
    }

    /// A job's item: the job commits in the same transaction as its item, so a reader that
    /// sees the job sees the item as committed (or finds it gone for good).
    pub(super) fn item_for_job(
        &self,
        node: &str,
        seq: u64,
    ) -> Result<Option<StoredItem>, StoreError> {
        self.item_by_seq(node, seq)
    }

    pub(super) fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        let (node, id) = (node.to_owned(), id.to_owned());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.query_opt(
                "SELECT hash FROM items WHERE node = $1 AND id = $2",
                &[&node, &id],
            )
            .await?
            .map(|r| r.get(0)))
        })
    }

    pub(super) fn is_known_unchanged(&self, node: &str, id: &str, hash: &str) -> bool {
        let (node, id, hash) = (node.to_owned(), id.to_owned(), hash.to_owned());
        self.call_or("is_known_unchanged", false, move |pool| async move {
            let c = pool.get().await?;
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM items i JOIN seen s ON s.node = i.node \
                 AND s.id = i.id WHERE i.node = $1 AND i.id = $2 AND i.hash = $3)",
                &[&node, &id, &hash],
            )
            .await?
            .get(0))
        })
    }

    pub(super) fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(
                c.query_opt("SELECT changed_at FROM nodes WHERE node = $1", &[&node])
                    .await?
                    .and_then(|r| r.get(0)),
            )
        })
    }
}
