//! Applying one fetch (`items`, `seen`, `outbox`, `nodes`, `feeds`): what the database knows
//! of the document's ids, the plan worked out from it (the same rules as the embedded
//! backend's), and its writes, all in one transaction of two round trips.

use std::collections::{BTreeMap, HashMap, HashSet};

use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::feeds::{FeedRow, UPDATE_FEED};
use super::items::{LOCK_NODE, NEW_NODE, PRUNE, TRIM};
use super::{corrupt, db_num, num, PgStore, StoreError};
use crate::model::{Announce, Applied, Entry, FeedState, StoredItem};
use crate::store::{MAX_ENTRIES_PER_FETCH, SEEN_REFRESH_MS, SEEN_RETENTION_MS};

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
/// trip): its items' jobs, its items, the seen times of its entries, those of the unchanged
/// ids that are due (refreshed daily, and only when known: picked by [`fetch_turn`] from what
/// it read, so that no row is locked only to be left as it is), the feed's row, and the
/// node's change and prune times. The unchanged ids are those not among the entries (a
/// document's ids are deduplicated across both by the normaliser, and [`FetchRows`] makes
/// sure), so no row is written twice by one statement.
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
async fn fetch_turn(c: &deadpool_postgres::Object, f: &Fetch) -> Result<Applied, StoreError> {
    let Fetch {
        guard,
        state,
        entries,
        unchanged,
        now_ms,
        max_items,
        notify,
    } = f;
    let (now_ms, max_items, notify) = (*now_ms, *max_items, *notify);
    let node = state.node.as_str();
    let cl: &tokio_postgres::Client = c;
    let (lock, read) = tokio::try_join!(c.prepare_cached(LOCK_NODE), c.prepare_cached(KNOWN))?;
    // Every id of the document: the entries' and the unchanged ones' (whose seen times are
    // refreshed only when due, so read with the others, and the write touches no row that it
    // would leave as it is).
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| e.id.as_str())
        .chain(unchanged.iter().map(String::as_str))
        .collect::<HashSet<&str>>()
        .into_iter()
        .collect();
    let (by_node, by_ids): ([&(dyn ToSql + Sync); 1], [&(dyn ToSql + Sync); 2]) =
        ([&node], [&node, &ids]);
    let (_, locked, rows, lease) = tokio::try_join!(
        cl.batch_execute("BEGIN"),
        cl.query_opt(&lock, &by_node),
        cl.query(&read, &by_ids),
        async {
            match guard {
                Some(g) => cl.query_opt(LEASE, &[&g.lease, &g.me]).await,
                None => Ok(None),
            }
        },
    )?;
    if let Some(g) = guard {
        let generation: Option<i64> = lease.map(|r| r.get(0));
        if generation != Some(g.generation) {
            return Err(StoreError::Fenced {
                node: node.to_owned(),
                lease: g.lease.clone(),
            });
        }
    }
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
    let refresh_before = now_ms.saturating_sub(SEEN_REFRESH_MS);
    let stale: Vec<String> = (unchanged.iter())
        .filter(|u| {
            let seen = known.seen.get(u.as_str());
            (seen.is_some() || known.stored.contains_key(u.as_str()))
                && seen.is_none_or(|t| *t < refresh_before)
        })
        .cloned()
        .collect();
    let plan = plan_fetch(entries, known, base, now_ms, notify);
    // Forgetting old ids is garbage collection: once a day per feed is plenty.
    let prune = last_prune.is_none_or(|t| now_ms.saturating_sub(t) > SEEN_REFRESH_MS);
    let trims = !plan.applied.new.is_empty();
    let rows = FetchRows::new(state, &plan, &stale, now_ms, prune)?;
    let params = rows.params();
    let (write, trim, forget) = tokio::try_join!(
        c.prepare_cached(&WRITE_FETCH),
        c.prepare_cached(TRIM),
        c.prepare_cached(PRUNE),
    )?;
    let keep = db_num(max_items as u64);
    let forget_before = now_ms.saturating_sub(SEEN_RETENTION_MS);
    let (trim_by, forget_by): ([&(dyn ToSql + Sync); 2], [&(dyn ToSql + Sync); 3]) =
        ([&node, &keep], [&node, &forget_before, &ids]);
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

/// The lease a poll's result is written under, taken for share in the fetch's transaction (so
/// that no other instance takes it over before the result commits): its generation.
const LEASE: &str = "SELECT generation FROM leases WHERE what = $1 AND owner = $2 FOR SHARE";

/// One fetch to apply: what [`PgStore::apply_fetch`] was given, owned (it goes to the
/// backend's runtime).
struct Fetch {
    guard: Option<Guard>,
    state: FeedState,
    entries: Vec<Entry>,
    unchanged: Vec<String>,
    now_ms: i64,
    max_items: usize,
    notify: Announce,
}

/// The lease a fetch's result must still be held under.
struct Guard {
    lease: String,
    generation: i64,
    me: String,
}

impl PgStore {
    /// The lease this instance polls `state`'s feed under, once it is one of a cluster (none
    /// alone); refused when it holds none for the feed's host.
    fn guard(&self, state: &FeedState) -> Result<Option<Guard>, StoreError> {
        let fence = self.inner.fence.lock().unwrap_or_else(|p| p.into_inner());
        let Some(fence) = fence.as_ref() else {
            return Ok(None);
        };
        let host = crate::store::feed_keys::host(state);
        match fence.poll(host.as_deref()) {
            Some((lease, generation)) => Ok(Some(Guard {
                lease,
                generation,
                me: fence.me.clone(),
            })),
            None => Err(StoreError::Fenced {
                node: state.node.clone(),
                lease: crate::store::cluster::Lease::Poll(host.unwrap_or_default()).key(),
            }),
        }
    }

    pub(super) fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[Entry],
        unchanged: &[String],
        now_ms: i64,
        max_items: usize,
        notify: Announce,
    ) -> Result<Applied, StoreError> {
        let fetch = Fetch {
            guard: self.guard(state)?,
            state: state.clone(),
            entries: entries[..entries.len().min(MAX_ENTRIES_PER_FETCH)].to_vec(),
            unchanged: unchanged.to_vec(),
            now_ms,
            max_items,
            notify,
        };
        let node = state.node.clone();
        let applied = self.call(move |pool| async move {
            let c = pool.get().await?;
            let applied = fetch_turn(&c, &fetch).await;
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
}
