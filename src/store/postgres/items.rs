//! Items and seen ids (`items`, `seen`, `nodes`): publishing, retracting, purging, trimming and
//! pruning, each one transaction in the node's turn (applying a fetch: `fetch.rs`); reading
//! items back.

use std::collections::{BTreeMap, HashSet};

use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::Row;

use super::feeds::{drop_subscriptions, remove_keep_subscriptions};
use super::outbox::{next_number, queue_event, upsert_item_jobs};
use super::{corrupt, db_num, decoded, num, PgStore, Prepared, StoreError};
use crate::model::{Announce, Entry, Event, Published, StoredItem};

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
/// ends. Its last prune time. One statement once the node has its row.
async fn lock_node(tx: &Transaction<'_>, node: &str) -> Result<Option<i64>, StoreError> {
    if let Some(r) = tx.row_opt(LOCK_NODE, &[&node]).await? {
        return Ok(r.get(0));
    }
    tx.run(NEW_NODE, &[&node]).await?;
    Ok(tx.row(LOCK_NODE, &[&node]).await?.get(0))
}

/// A node's turn (see [`lock_node`]).
pub(super) const LOCK_NODE: &str = "SELECT last_prune FROM nodes WHERE node = $1 FOR UPDATE";
/// A node's row, before its first turn.
pub(super) const NEW_NODE: &str =
    "INSERT INTO nodes (node) VALUES ($1) ON CONFLICT (node) DO NOTHING";

/// Write items (new ones, or replacing the item of the same number).
pub(super) async fn upsert_items(
    tx: &impl GenericClient,
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
    tx.run(
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
pub(super) async fn mark_seen(
    tx: &Transaction<'_>,
    node: &str,
    ids: &[&str],
    now_ms: i64,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.run(
        "INSERT INTO seen (node, id, seen_at) SELECT $1, id, $3 FROM unnest($2::text[]) AS id \
         ON CONFLICT (node, id) DO UPDATE SET seen_at = EXCLUDED.seen_at",
        &[&node, &ids, &now_ms],
    )
    .await?;
    Ok(())
}

/// Mark ids as seen, each at its own time (a copy's).
pub(super) async fn mark_seen_at(
    c: &impl GenericClient,
    node: &str,
    ids: &[&str],
    times: &[i64],
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    c.run(
        "INSERT INTO seen (node, id, seen_at) SELECT $1, * FROM unnest($2::text[], $3::bigint[])",
        &[&node, &ids, &times],
    )
    .await?;
    Ok(())
}

/// Keep the newest `max_items` items: of the oldest beyond that, those whose job still waits
/// stay (an item's job has the item's number), and the node is over its bound until it has
/// gone. Seen ids stay: a trimmed entry is never new again.
async fn trim(tx: &Transaction<'_>, node: &str, max_items: usize) -> Result<(), StoreError> {
    tx.run(TRIM, &[&node, &db_num(max_items as u64)]).await?;
    Ok(())
}

/// [`trim`]'s statement: `$1` the node, `$2` how many items it keeps.
pub(super) const TRIM: &str = "WITH oldest AS (SELECT seq FROM items WHERE node = $1 ORDER BY seq \
       LIMIT greatest((SELECT count(*) FROM items WHERE node = $1) - $2, 0)) \
     DELETE FROM items i USING oldest o WHERE i.node = $1 AND i.seq = o.seq \
       AND NOT EXISTS (SELECT 1 FROM outbox j WHERE j.key = i.seq AND j.kind = 'item')";

/// Forget ids of `$1` seen last before `$2`, but those in the document (`$3`) and those of
/// stored items.
pub(super) const PRUNE: &str = "DELETE FROM seen s WHERE s.node = $1 AND s.seen_at < $2 \
     AND NOT (s.id = ANY($3)) \
     AND NOT EXISTS (SELECT 1 FROM items i WHERE i.node = $1 AND i.id = s.id)";

/// Note that the node's items changed.
async fn changed(tx: &Transaction<'_>, node: &str, now_ms: i64) -> Result<(), StoreError> {
    tx.run(
        "INSERT INTO nodes (node, changed_at) VALUES ($1, $2) \
         ON CONFLICT (node) DO UPDATE SET changed_at = EXCLUDED.changed_at",
        &[&node, &now_ms],
    )
    .await?;
    Ok(())
}

impl PgStore {
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
                .row_opt(
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
                .row_opt(
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
            tx.run(
                "DELETE FROM items WHERE node = $1 AND seq = $2",
                &[&node, &seq],
            )
            .await?;
            if !polled {
                tx.run(
                    "DELETE FROM seen WHERE node = $1 AND id = $2",
                    &[&node, &id],
                )
                .await?;
            }
            // Its pending announcement and held copies have nothing left to say.
            tx.run(
                "DELETE FROM outbox WHERE key = $1 AND kind = 'item'",
                &[&seq],
            )
            .await?;
            tx.run(
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
                .run("DELETE FROM items WHERE node = $1", &[&node])
                .await?;
            // A polled feed keeps its seen ids: what its document still lists is not new.
            if !polled {
                tx.run("DELETE FROM seen WHERE node = $1", &[&node]).await?;
            }
            tx.run("DELETE FROM backlog WHERE node = $1", &[&node])
                .await?;
            tx.run(
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
        let deleted = self.call(move |pool| async move {
            let node = n.as_str();
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let subscribed: bool = tx
                .row(
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
        });
        match &deleted {
            Ok(()) => self.untouch(node),
            Err(_) => self.forget(node),
        }
        deleted
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
                    .rows(
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
            c.row_opt(&format!("{ITEM} WHERE {filter}") as &str, &[&node, &value])
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

    /// Several jobs' items in one query, in the order asked; one that does not decode reads
    /// as gone (and is logged, as alone).
    pub(super) fn items_for_jobs(
        &self,
        jobs: &[(String, u64)],
    ) -> Result<Vec<Option<StoredItem>>, StoreError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let nodes: Vec<&str> = jobs.iter().map(|(n, _)| n.as_str()).collect();
        let nodes: Vec<String> = nodes.into_iter().map(str::to_owned).collect();
        let seqs: Vec<i64> = jobs.iter().map(|(_, s)| db_num(*s)).collect();
        let n = jobs.len();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = c
                .rows(
                    "SELECT i.seq, i.stored_at, i.entry, k.n, i.node FROM \
                     unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS k (node, seq, n) \
                     JOIN items i ON i.node = k.node COLLATE \"C\" AND i.seq = k.seq",
                    &[&nodes, &seqs],
                )
                .await?;
            let mut found = vec![None; n];
            for r in &rows {
                let (at, node): (i64, String) = (r.get(3), r.get(4));
                let item = super::decoded(std::iter::once(read_item(&node, r))).pop();
                if let Some(slot) = usize::try_from(at - 1).ok().and_then(|i| found.get_mut(i)) {
                    *slot = item;
                }
            }
            Ok(found)
        })
    }

    pub(super) fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        let (node, id) = (node.to_owned(), id.to_owned());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.row_opt(
                "SELECT hash FROM items WHERE node = $1 AND id = $2",
                &[&node, &id],
            )
            .await?
            .map(|r| r.get(0)))
        })
    }

    pub(super) fn known_unchanged(&self, node: &str, entries: &[(&str, &str)]) -> Vec<bool> {
        let node = node.to_owned();
        let ids: Vec<String> = entries.iter().map(|(id, _)| (*id).to_owned()).collect();
        let hashes: Vec<String> = entries.iter().map(|(_, h)| (*h).to_owned()).collect();
        let none = vec![false; entries.len()];
        self.call_or("known_unchanged", none, move |pool| async move {
            let c = pool.get().await?;
            let known: HashSet<i64> = c
                .rows(
                    "SELECT e.n FROM unnest($2::text[], $3::text[]) WITH ORDINALITY \
                       AS e(id, hash, n) \
                     WHERE EXISTS (SELECT 1 FROM items i JOIN seen s ON s.node = i.node \
                       AND s.id = i.id WHERE i.node = $1 AND i.id = e.id AND i.hash = e.hash)",
                    &[&node, &ids, &hashes],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            Ok((1..=ids.len() as i64).map(|n| known.contains(&n)).collect())
        })
    }

    pub(super) fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(
                c.row_opt("SELECT changed_at FROM nodes WHERE node = $1", &[&node])
                    .await?
                    .and_then(|r| r.get(0)),
            )
        })
    }
}
