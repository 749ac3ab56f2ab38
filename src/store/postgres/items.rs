//! Items and seen ids (`items`, `seen`, `nodes`): applying one fetch, publishing, retracting,
//! purging, trimming and pruning, each one transaction in the node's turn; reading items back.

use std::collections::{BTreeMap, HashMap, HashSet};

use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::feeds::{drop_subscriptions, remove_keep_subscriptions, FeedRow, UPDATE_FEED};
use super::outbox::{next_number, queue_event, upsert_item_jobs};
use super::{corrupt, db_num, decoded, num, PgStore, Prepared, StoreError};
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
/// ends. Its last prune time. One statement once the node has its row.
async fn lock_node(tx: &Transaction<'_>, node: &str) -> Result<Option<i64>, StoreError> {
    if let Some(r) = tx.row_opt(LOCK_NODE, &[&node]).await? {
        return Ok(r.get(0));
    }
    tx.run(NEW_NODE, &[&node]).await?;
    Ok(tx.row(LOCK_NODE, &[&node]).await?.get(0))
}

/// A node's turn (see [`lock_node`]).
const LOCK_NODE: &str = "SELECT last_prune FROM nodes WHERE node = $1 FOR UPDATE";
/// A node's row, before its first turn.
const NEW_NODE: &str = "INSERT INTO nodes (node) VALUES ($1) ON CONFLICT (node) DO NOTHING";

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
const TRIM: &str = "WITH oldest AS (SELECT seq FROM items WHERE node = $1 ORDER BY seq \
       LIMIT greatest((SELECT count(*) FROM items WHERE node = $1) - $2, 0)) \
     DELETE FROM items i USING oldest o WHERE i.node = $1 AND i.seq = o.seq \
       AND NOT EXISTS (SELECT 1 FROM outbox j WHERE j.key = i.seq AND j.kind = 'item')";

/// Forget ids of `$1` seen last before `$2`, but those in the document (`$3`) and those of
/// stored items.
const PRUNE: &str = "DELETE FROM seen s WHERE s.node = $1 AND s.seen_at < $2 \
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

/// What the database knows of a fetch's ids.
struct Known {
    /// id → when last seen in the feed.
    seen: HashMap<String, i64>,
    /// id → (number, content hash, stored at) of its item.
    stored: HashMap<String, (u64, String, i64)>,
}

/// What is known of a fetch's ids (`$2`), and a number for its new entries, taken
/// in the node's turn (a publish in between would otherwise hold a newer number than this
/// fetch's items). A fetch with nothing new leaves its number unused: numbers are 48 bits.
/// No ids, no rows and no number (nothing can be new).
const KNOWN: &str = "SELECT e.id, s.seen_at, i.seq, i.hash, i.stored_at, \
       (SELECT nextval('numbers')) \
     FROM unnest($2::text[]) AS e(id) \
     LEFT JOIN seen s ON s.node = $1 AND s.id = e.id \
     LEFT JOIN items i ON i.node = $1 AND i.id = e.id";

fn read_known(rows: &[Row]) -> (Known, Option<u64>) {
    let mut known = Known {
        seen: HashMap::new(),
        stored: HashMap::new(),
    };
    let mut base = None;
    for r in rows {
        let id: String = r.get(0);
        base = Some(num(r.get(5)) << 16);
        if let Some(t) = r.get::<_, Option<i64>>(1) {
            known.seen.insert(id.clone(), t);
        }
        if let Some(seq) = r.get::<_, Option<i64>>(2) {
            known.stored.insert(id, (num(seq), r.get(3), r.get(4)));
        }
    }
    (known, base)
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

/// The writes of one fetch that do not depend on each other, as one statement (one round
/// trip): its items' jobs, its items, the seen times of its entries (unchanged ones only
/// refreshed daily, and only when known), the feed's row, and the node's change and prune
/// times. The unchanged ids are those not among the entries (a document's ids are
/// deduplicated across both by the normaliser, and [`FetchRows`] makes sure), so no row is
/// written twice by one statement.
static WRITE_FETCH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "WITH jobs AS (INSERT INTO outbox (key, node, item_seq, is_update, after_jid, kind) \
           SELECT k, $1, k, u, NULL, 'item' FROM unnest($10::bigint[], $11::bool[]) AS t(k, u) \
           ON CONFLICT (key) DO UPDATE SET node = EXCLUDED.node, item_seq = EXCLUDED.item_seq, \
           is_update = EXCLUDED.is_update, after_jid = NULL, kind = 'item', retracted = NULL, \
           redirect = NULL), \
         stored AS (INSERT INTO items (node, seq, id, hash, stored_at, entry) \
           SELECT $1, * FROM unnest($12::bigint[], $13::text[], $14::text[], $15::bigint[], \
             $16::jsonb[]) \
           ON CONFLICT (node, seq) DO UPDATE SET id = EXCLUDED.id, hash = EXCLUDED.hash, \
           stored_at = EXCLUDED.stored_at, entry = EXCLUDED.entry), \
         marked AS (INSERT INTO seen (node, id, seen_at) \
           SELECT $1, id, $18 FROM unnest($17::text[]) AS id \
           ON CONFLICT (node, id) DO UPDATE SET seen_at = EXCLUDED.seen_at), \
         refreshed AS (INSERT INTO seen (node, id, seen_at) \
           SELECT $1, u.id, $18 FROM unnest($19::text[]) AS u(id) \
           WHERE EXISTS (SELECT 1 FROM items i WHERE i.node = $1 AND i.id = u.id) \
              OR EXISTS (SELECT 1 FROM seen s WHERE s.node = $1 AND s.id = u.id) \
           ON CONFLICT (node, id) DO UPDATE SET seen_at = EXCLUDED.seen_at \
           WHERE seen.seen_at < $20), \
         noted AS (UPDATE nodes SET \
           changed_at = CASE WHEN $21 THEN $18 ELSE changed_at END, \
           last_prune = CASE WHEN $22 THEN $18 ELSE last_prune END \
           WHERE node = $1 AND ($21 OR $22)) \
         {UPDATE_FEED}"
    )
});

/// The parameters of [`WRITE_FETCH`].
struct FetchRows<'a> {
    feed: FeedRow<'a>,
    keys: Vec<i64>,
    updates: Vec<bool>,
    seqs: Vec<i64>,
    ids: Vec<&'a str>,
    hashes: Vec<&'a str>,
    stored_at: Vec<i64>,
    entries: Vec<serde_json::Value>,
    seen: Vec<&'a str>,
    now_ms: i64,
    unchanged: Vec<&'a str>,
    refresh_before: i64,
    changed: bool,
    prune: bool,
}

impl<'a> FetchRows<'a> {
    fn new(
        state: &'a FeedState,
        plan: &'a FetchPlan,
        unchanged: &'a [String],
        now_ms: i64,
        prune: bool,
    ) -> Result<Self, StoreError> {
        let node = state.node.as_str();
        let items = plan.items.values();
        // Seen ids written by `marked` are never refreshed by `refreshed` too.
        let marked: HashSet<&str> = plan.seen.iter().map(String::as_str).collect();
        Ok(FetchRows {
            feed: FeedRow::new(state)?,
            keys: plan.jobs.keys().map(|k| db_num(*k)).collect(),
            updates: plan.jobs.values().copied().collect(),
            seqs: items.clone().map(|i| db_num(i.seq)).collect(),
            ids: items.clone().map(|i| i.entry.id.as_str()).collect(),
            hashes: items
                .clone()
                .map(|i| i.entry.content_hash.as_str())
                .collect(),
            stored_at: items.clone().map(|i| i.stored_at).collect(),
            entries: items
                .map(|i| {
                    serde_json::to_value(&i.entry)
                        .map_err(|e| corrupt("items", &format!("{node}/{}", i.seq), e))
                })
                .collect::<Result<Vec<_>, _>>()?,
            seen: plan.seen.iter().map(String::as_str).collect(),
            now_ms,
            unchanged: unchanged
                .iter()
                .map(String::as_str)
                .filter(|u| !marked.contains(u))
                .collect(),
            refresh_before: now_ms.saturating_sub(SEEN_REFRESH_MS),
            changed: !plan.applied.new.is_empty() || !plan.applied.updated.is_empty(),
            prune,
        })
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut params = self.feed.params();
        params.extend([
            &self.keys as &(dyn ToSql + Sync),
            &self.updates,
            &self.seqs,
            &self.ids,
            &self.hashes,
            &self.stored_at,
            &self.entries,
            &self.seen,
            &self.now_ms,
            &self.unchanged,
            &self.refresh_before,
            &self.changed,
            &self.prune,
        ]);
        params
    }
}

/// One fetch's transaction in two round trips, its statements sent together (tokio-postgres
/// sends requests in the order they are first polled, and the server runs them in that
/// order): `BEGIN`, the node's turn and what is known of the ids; then the writes, the trim,
/// the prune and `COMMIT`. A statement that fails aborts the transaction, so the `COMMIT`
/// after it ends nothing; the caller rolls back on any error.
async fn fetch_turn(
    c: &deadpool_postgres::Object,
    state: &FeedState,
    entries: &[Entry],
    unchanged: &[String],
    now_ms: i64,
    max_items: usize,
    notify: Announce,
) -> Result<Applied, StoreError> {
    let node = state.node.as_str();
    let cl: &tokio_postgres::Client = c;
    let (lock, read) = tokio::try_join!(c.prepare_cached(LOCK_NODE), c.prepare_cached(KNOWN))?;
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let (by_node, by_ids): ([&(dyn ToSql + Sync); 1], [&(dyn ToSql + Sync); 2]) =
        ([&node], [&node, &ids]);
    let (_, locked, rows) = tokio::try_join!(
        cl.batch_execute("BEGIN"),
        cl.query_opt(&lock, &by_node),
        cl.query(&read, &by_ids),
    )?;
    let (last_prune, rows): (Option<i64>, _) = match locked {
        Some(r) => (r.get(0), rows),
        // The node's first turn: its row first, then what is known under it.
        None => {
            cl.execute(NEW_NODE, &by_node).await?;
            let r = cl.query_one(&lock, &by_node).await?;
            (r.get(0), cl.query(&read, &by_ids).await?)
        }
    };
    let (known, base) = read_known(&rows);
    let plan = plan_fetch(entries, known, base, now_ms, notify);
    // Forgetting old ids is garbage collection: once a day per feed is plenty.
    let prune = last_prune.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS);
    let trims = !plan.applied.new.is_empty();
    let rows = FetchRows::new(state, &plan, unchanged, now_ms, prune)?;
    let params = rows.params();
    let (write, trim, forget) = tokio::try_join!(
        c.prepare_cached(&WRITE_FETCH),
        c.prepare_cached(TRIM),
        c.prepare_cached(PRUNE),
    )?;
    let keep = db_num(max_items as u64);
    let forget_before = now_ms.saturating_sub(SEEN_RETENTION_MS);
    let in_doc: Vec<&str> = ids
        .iter()
        .copied()
        .chain(unchanged.iter().map(String::as_str))
        .collect::<HashSet<&str>>()
        .into_iter()
        .collect();
    let (trim_by, forget_by): ([&(dyn ToSql + Sync); 2], [&(dyn ToSql + Sync); 3]) =
        ([&node, &keep], [&node, &forget_before, &in_doc]);
    tokio::try_join!(
        cl.execute(&write, &params),
        async {
            match trims {
                true => cl.execute(&trim, &trim_by).await,
                false => Ok(0),
            }
        },
        async {
            match prune {
                true => cl.execute(&forget, &forget_by).await,
                false => Ok(0),
            }
        },
        cl.batch_execute("COMMIT"),
    )?;
    Ok(plan.applied)
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
            let c = pool.get().await?;
            let applied =
                fetch_turn(&c, &state, &entries, &unchanged, now_ms, max_items, notify).await;
            if applied.is_err() {
                // Whatever was sent: nothing of it stays, and the connection goes back to
                // the pool outside any transaction.
                let _ = c.batch_execute("ROLLBACK").await;
            }
            applied
        });
        self.forget(&node);
        let applied = applied?;
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
