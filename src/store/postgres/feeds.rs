//! Feeds and push nodes (`feeds`, `node_options`): their state, the columns they are found by
//! (normalised URL, redacted URL, folded node, owner, health, next due), the times of quiet
//! polls kept in memory until written, and the life cycle of user feeds.

use std::sync::atomic::Ordering;

use deadpool_postgres::GenericClient;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{corrupt, PgStore, Prepared, StoreError};
use crate::model::{FeedState, NodeOptions};
use crate::store::feed_keys::{health_label, normalised, shown, user_owner};

/// A feed with its options, as every read selects it.
pub(super) const FEED: &str = "SELECT f.node, f.state, o.options, f.last_fetch, f.next_due \
     FROM feeds f LEFT JOIN node_options o ON o.node = f.node";

/// A feed read back: its state with the options stored for its node and the times of its
/// quiet polls.
pub(super) fn read_feed(r: &Row) -> Result<FeedState, StoreError> {
    let node: String = r.get(0);
    let mut f: FeedState =
        serde_json::from_value(r.get(1)).map_err(|e| corrupt("feeds", &node, e))?;
    if let Some(o) = r.get::<_, Option<serde_json::Value>>(2) {
        f.options = serde_json::from_value(o).map_err(|e| corrupt("node_options", &node, e))?;
    }
    // The times of quiet polls, written apart from the state (see the V2 migration).
    if let Some(last) = r.get::<_, Option<i64>>(3) {
        f.last_fetch = Some(last);
    }
    f.next_due = r.get(4);
    Ok(f)
}

/// Feeds read back; a row that does not decode is left out and logged (`store verify` names
/// it), so one bad row never hides the others.
fn read_feeds(rows: &[Row]) -> Vec<FeedState> {
    rows.iter()
        .filter_map(|r| {
            read_feed(r)
                .inspect_err(|e| tracing::error!(error = %e, "a feed's row is left out"))
                .ok()
        })
        .collect()
}

/// A feed's row as written: the parameters `$1` … `$9` of [`UPDATE_FEED`] and of the insert.
pub(super) struct FeedRow<'a> {
    f: &'a FeedState,
    url_norm: Option<String>,
    shown_url: Option<String>,
    node_folded: String,
    owner: Option<&'a str>,
    health: &'static str,
    state: serde_json::Value,
}

impl<'a> FeedRow<'a> {
    pub(super) fn new(f: &'a FeedState) -> Result<Self, StoreError> {
        Ok(FeedRow {
            f,
            url_norm: normalised(f),
            shown_url: shown(f),
            node_folded: f.node.to_ascii_lowercase(),
            owner: user_owner(f),
            health: health_label(f),
            state: serde_json::to_value(f).map_err(|e| corrupt("feeds", &f.node, e))?,
        })
    }

    /// node, url, url_norm, shown_url, node_folded, user_owner, health, next_due, state.
    pub(super) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        vec![
            &self.f.node,
            &self.f.url,
            &self.url_norm,
            &self.shown_url,
            &self.node_folded,
            &self.owner,
            &self.health,
            &self.f.next_due,
            &self.state,
        ]
    }
}

/// Replace a feed's row from the parameters of [`FeedRow`].
pub(super) const UPDATE_FEED: &str = "UPDATE feeds SET url = $2, url_norm = $3, shown_url = $4, \
     node_folded = $5, user_owner = $6, health = $7, next_due = $8, state = $9, \
     last_fetch = NULL WHERE node = $1";

/// Write a feed's row (created or replaced; with `create` false only replaced). Whether a
/// row was written.
pub(super) async fn write_feed(
    c: &impl GenericClient,
    f: &FeedState,
    create: bool,
) -> Result<bool, StoreError> {
    let row = FeedRow::new(f)?;
    let n = if create {
        c.run(
            "INSERT INTO feeds (node, url, url_norm, shown_url, node_folded, user_owner, health, \
             next_due, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (node) DO UPDATE SET url = EXCLUDED.url, url_norm = EXCLUDED.url_norm, \
             shown_url = EXCLUDED.shown_url, user_owner = EXCLUDED.user_owner, \
             health = EXCLUDED.health, next_due = EXCLUDED.next_due, state = EXCLUDED.state, \
             last_fetch = NULL",
            &row.params(),
        )
        .await?
    } else {
        c.run(UPDATE_FEED, &row.params()).await?
    };
    Ok(n > 0)
}

/// Store a node's options (the defaults remove them).
pub(super) async fn write_options(
    c: &impl GenericClient,
    node: &str,
    options: &NodeOptions,
) -> Result<(), StoreError> {
    if options.is_default() {
        c.run("DELETE FROM node_options WHERE node = $1", &[&node])
            .await?;
    } else {
        let v = serde_json::to_value(options).map_err(|e| corrupt("node_options", node, e))?;
        c.run(
            "INSERT INTO node_options (node, options) VALUES ($1, $2) \
             ON CONFLICT (node) DO UPDATE SET options = EXCLUDED.options",
            &[&node, &v],
        )
        .await?;
    }
    Ok(())
}

/// Delete a feed and what is stored for its node, but for its subscriptions and a pending
/// deletion job (which needs them).
pub(super) async fn remove_keep_subscriptions(
    c: &impl GenericClient,
    node: &str,
) -> Result<(), StoreError> {
    for sql in [
        "DELETE FROM feeds WHERE node = $1",
        "DELETE FROM items WHERE node = $1",
        "DELETE FROM seen WHERE node = $1",
        "DELETE FROM nodes WHERE node = $1",
        "DELETE FROM affiliations WHERE node = $1",
        "DELETE FROM outbox WHERE node = $1 AND kind <> 'delete'",
        "DELETE FROM node_options WHERE node = $1",
        "DELETE FROM backlog WHERE node = $1",
        "DELETE FROM backlog_skipped WHERE node = $1",
        "DELETE FROM avatars WHERE node = $1",
    ] {
        c.run(sql, &[&node]).await?;
    }
    Ok(())
}

/// Delete every subscription to `node` (with what their backlogs hold).
pub(super) async fn drop_subscriptions(
    c: &impl GenericClient,
    node: &str,
) -> Result<(), StoreError> {
    c.run("DELETE FROM subscriptions WHERE node = $1", &[&node])
        .await?;
    c.run("DELETE FROM backlog WHERE node = $1", &[&node])
        .await?;
    c.run("DELETE FROM backlog_skipped WHERE node = $1", &[&node])
        .await?;
    Ok(())
}

impl PgStore {
    /// `f` with the times of a quiet poll not yet written.
    fn overlay(&self, mut f: FeedState) -> FeedState {
        if let Some((last, due)) = self
            .inner
            .touched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&f.node)
        {
            f.last_fetch = *last;
            f.next_due = *due;
        }
        f
    }

    /// A written state makes the kept times of its feed stale (and what is kept of it).
    pub(super) fn untouch(&self, node: &str) {
        self.inner
            .touched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(node);
        self.forget(node);
    }

    /// The feed's row, options or affiliations were written (or a write of them ended in an
    /// error, and may have been committed): the next read goes to the database.
    pub(super) fn forget(&self, node: &str) {
        let mut feeds = self.inner.feeds.lock().unwrap_or_else(|p| p.into_inner());
        let mut affiliations = self
            .inner
            .affiliations
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        feeds.remove(node);
        affiliations.remove(node);
    }

    /// Every feed may have been written (a copy's import).
    pub(super) fn forget_all(&self) {
        let mut feeds = self.inner.feeds.lock().unwrap_or_else(|p| p.into_inner());
        let mut affiliations = self
            .inner
            .affiliations
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        feeds.clear();
        affiliations.clear();
    }

    /// Feeds selected by `filter` (SQL after the join, `$n` bound to `params`), each decoded;
    /// a row that does not decode is left out with a warning.
    fn feeds_where(&self, filter: &'static str, params: Params) -> Vec<FeedState> {
        let rows = self.call_or("feeds", Vec::new(), move |pool| async move {
            let c = pool.get().await?;
            let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                params.iter().map(|p| p.as_ref() as _).collect();
            let rows = c.rows(format!("{FEED} {filter}").as_str(), &refs).await?;
            Ok(read_feeds(&rows))
        });
        rows.into_iter().map(|f| self.overlay(f)).collect()
    }

    pub(super) fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        let kept = self
            .inner
            .feeds
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(node)
            .cloned();
        if let Some(f) = kept {
            return Ok(Some(self.overlay(f)));
        }
        let generation = self.inner.generation.load(Ordering::SeqCst);
        let owned = node.to_owned();
        let f = self.call(move |pool| async move {
            let c = pool.get().await?;
            c.row_opt(format!("{FEED} WHERE f.node = $1").as_str(), &[&owned])
                .await?
                .map(|r| read_feed(&r))
                .transpose()
        })?;
        if let Some(f) = f.as_ref().filter(|_| self.keeps()) {
            let mut feeds = self.inner.feeds.lock().unwrap_or_else(|p| p.into_inner());
            if self.inner.generation.load(Ordering::SeqCst) == generation {
                feeds.insert(node.to_owned(), f.clone());
            }
        }
        Ok(f.map(|f| self.overlay(f)))
    }

    pub(super) fn feed_options(&self, node: &str) -> Option<NodeOptions> {
        let node = node.to_owned();
        self.call_or("feed_options", None, move |pool| async move {
            let c = pool.get().await?;
            let row = c
                .row_opt(
                    "SELECT o.options FROM feeds f LEFT JOIN node_options o ON o.node = f.node \
                     WHERE f.node = $1",
                    &[&node],
                )
                .await?;
            match row.map(|r| r.get::<_, Option<serde_json::Value>>(0)) {
                None => Ok(None),
                Some(None) => Ok(Some(NodeOptions::default())),
                Some(Some(v)) => serde_json::from_value(v)
                    .map(Some)
                    .map_err(|e| corrupt("node_options", &node, e)),
            }
        })
    }

    pub(super) fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        let rows = self.call(|pool| async move {
            let c = pool.get().await?;
            let rows = c
                .rows(format!("{FEED} ORDER BY f.node").as_str(), &[])
                .await?;
            Ok(read_feeds(&rows))
        })?;
        Ok(rows.into_iter().map(|f| self.overlay(f)).collect())
    }

    pub(super) fn feed_by_url(&self, url: &str) -> Option<FeedState> {
        self.feeds_where(
            "WHERE f.url_norm = $1 ORDER BY f.node LIMIT 1",
            vec![Box::new(url.to_owned())],
        )
        .pop()
    }

    pub(super) fn feeds_shown_as(&self, shown_url: &str) -> Vec<FeedState> {
        self.feeds_where(
            "WHERE f.shown_url = $1 ORDER BY f.node",
            vec![Box::new(shown_url.to_owned())],
        )
    }

    pub(super) fn feed_folded(&self, node: &str) -> Option<FeedState> {
        self.feeds_where(
            "WHERE f.node_folded = $1 ORDER BY f.node LIMIT 1",
            vec![Box::new(node.to_ascii_lowercase())],
        )
        .pop()
    }

    pub(super) fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Vec<FeedState> {
        self.feeds_where(
            "WHERE ($1::text IS NULL OR f.node > $1) AND ($2 OR f.user_owner IS NULL) \
             ORDER BY f.node OFFSET $3 LIMIT $4",
            vec![
                Box::new(after.map(str::to_owned)),
                Box::new(users),
                Box::new(i64::try_from(skip).unwrap_or(i64::MAX)),
                Box::new(i64::try_from(limit).unwrap_or(i64::MAX)),
            ],
        )
    }

    pub(super) fn feed_count(&self, users: bool) -> usize {
        self.count(
            "feed_count",
            if users {
                "SELECT count(*) FROM feeds"
            } else {
                "SELECT count(*) FROM feeds WHERE user_owner IS NULL"
            },
            Vec::new(),
        )
    }

    pub(super) fn user_feed_count(&self) -> Result<usize, StoreError> {
        Ok(self.count(
            "user_feed_count",
            "SELECT count(*) FROM feeds WHERE user_owner IS NOT NULL",
            Vec::new(),
        ))
    }

    /// A `count(*)` query's answer (0 when the database fails, logged).
    pub(super) fn count(&self, what: &'static str, sql: &'static str, params: Params) -> usize {
        self.call_or(what, 0, move |pool| async move {
            let c = pool.get().await?;
            let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
                params.iter().map(|p| p.as_ref() as _).collect();
            let n: i64 = c.row(sql, &refs).await?.get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    pub(super) fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        let jid = jid.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let n: i64 = c
                .row(
                    "SELECT count(*) FROM feeds f WHERE f.user_owner IS NOT NULL AND ( \
                     EXISTS (SELECT 1 FROM subscriptions s WHERE s.node = f.node AND s.jid = $1) \
                     OR (f.user_owner = $1 AND NOT EXISTS \
                         (SELECT 1 FROM subscriptions s WHERE s.node = f.node)))",
                    &[&jid],
                )
                .await?
                .get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    pub(super) fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        self.write(feed, true).map(|_| ())
    }

    pub(super) fn update_feed(&self, feed: &FeedState) -> Result<bool, StoreError> {
        self.write(feed, false)
    }

    fn write(&self, feed: &FeedState, create: bool) -> Result<bool, StoreError> {
        let f = feed.clone();
        let node = feed.node.clone();
        let written = self.call(move |pool| async move {
            let c = pool.get().await?;
            write_feed(&c, &f, create).await
        });
        self.forget(&node);
        let written = written?;
        self.untouch(&node);
        Ok(written)
    }

    pub(super) fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError> {
        let node = feed.node.clone();
        let made = self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            // Taken in turn with other creators of the same node.
            let state = serde_json::to_value(&feed).map_err(|e| corrupt("feeds", &feed.node, e))?;
            let created = tx
                .run(
                    "INSERT INTO feeds (node, url, url_norm, shown_url, node_folded, user_owner, \
                     health, next_due, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (node) DO NOTHING",
                    &[
                        &feed.node,
                        &feed.url,
                        &normalised(&feed),
                        &shown(&feed),
                        &feed.node.to_ascii_lowercase(),
                        &user_owner(&feed),
                        &health_label(&feed),
                        &feed.next_due,
                        &state,
                    ],
                )
                .await?
                > 0;
            if created {
                write_options(&tx, &feed.node, &feed.options).await?;
            }
            tx.commit().await?;
            Ok(())
        });
        self.forget(&node);
        made?;
        self.feed(&node)?
            .ok_or_else(|| StoreError::Task(format!("feed {node} removed while it was created")))
    }

    pub(super) fn set_node_options(
        &self,
        node: &str,
        options: &NodeOptions,
    ) -> Result<(), StoreError> {
        let (owned, options) = (node.to_owned(), options.clone());
        let written = self.call(move |pool| async move {
            let c = pool.get().await?;
            write_options(&c, &owned, &options).await
        });
        self.forget(node);
        written
    }

    pub(super) fn touch_feed(&self, state: &FeedState) {
        self.inner
            .touched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(state.node.clone(), (state.last_fetch, state.next_due));
    }

    pub(super) fn persist_touched(&self) -> Result<usize, StoreError> {
        let touched: Vec<(String, super::Times)> =
            std::mem::take(&mut *self.inner.touched.lock().unwrap_or_else(|p| p.into_inner()))
                .into_iter()
                .collect();
        if touched.is_empty() {
            return Ok(0);
        }
        let batch = touched.clone();
        let r = self.call(move |pool| async move {
            let c = pool.get().await?;
            let nodes: Vec<&str> = batch.iter().map(|(n, _)| n.as_str()).collect();
            let last: Vec<Option<i64>> = batch.iter().map(|(_, (l, _))| *l).collect();
            let due: Vec<Option<i64>> = batch.iter().map(|(_, (_, d))| *d).collect();
            let n = c
                .run(
                    "UPDATE feeds f SET next_due = t.due, last_fetch = t.last \
                     FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS t(node, last, due) \
                     WHERE f.node = t.node",
                    &[&nodes, &last, &due],
                )
                .await?;
            Ok(usize::try_from(n).unwrap_or(0))
        });
        {
            // What is kept of these feeds gets the times just written (the overlay that
            // showed them is gone); after an error they stay in the overlay instead.
            let mut feeds = self.inner.feeds.lock().unwrap_or_else(|p| p.into_inner());
            self.inner.generation.fetch_add(1, Ordering::SeqCst);
            for (node, (last, due)) in &touched {
                match (&r, feeds.get_mut(node)) {
                    (Ok(_), Some(f)) => {
                        f.last_fetch = *last;
                        f.next_due = *due;
                    }
                    (Err(_), Some(_)) => {
                        feeds.remove(node);
                    }
                    (_, None) => {}
                }
            }
        }
        if r.is_err() {
            // Kept for the next call, unless written (or touched again) meanwhile.
            let mut t = self.inner.touched.lock().unwrap_or_else(|p| p.into_inner());
            for (node, times) in touched {
                t.entry(node).or_insert(times);
            }
        }
        r
    }

    pub(super) fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            c.run(
                "UPDATE feeds f SET unfollowed_since = CASE \
                 WHEN EXISTS (SELECT 1 FROM subscriptions s WHERE s.node = f.node) THEN NULL \
                 ELSE coalesce(f.unfollowed_since, $2) END WHERE f.node = $1",
                &[&node, &now_ms],
            )
            .await?;
            Ok(())
        })
    }

    pub(super) fn remove_idle_user_feeds(
        &self,
        now_ms: i64,
        idle_ms: i64,
    ) -> Result<Vec<String>, StoreError> {
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.run(
                "UPDATE feeds f SET unfollowed_since = CASE \
                 WHEN EXISTS (SELECT 1 FROM subscriptions s WHERE s.node = f.node) THEN NULL \
                 ELSE coalesce(f.unfollowed_since, $1) END WHERE f.user_owner IS NOT NULL",
                &[&now_ms],
            )
            .await?;
            let idle: Vec<String> = tx
                .rows(
                    "SELECT node FROM feeds WHERE user_owner IS NOT NULL \
                     AND unfollowed_since <= $1 ORDER BY node",
                    &[&now_ms.saturating_sub(idle_ms)],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for node in &idle {
                remove_keep_subscriptions(&tx, node).await?;
                drop_subscriptions(&tx, node).await?;
            }
            tx.commit().await?;
            Ok(idle)
        })
        .inspect(|removed| {
            for node in removed {
                self.untouch(node);
            }
        })
        .inspect_err(|_| self.forget_all())
    }

    pub(super) fn remove_feed(&self, node: &str) -> Result<(), StoreError> {
        let n = node.to_owned();
        let removed = self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            remove_keep_subscriptions(&tx, &n).await?;
            drop_subscriptions(&tx, &n).await?;
            tx.commit().await?;
            Ok(())
        });
        match &removed {
            Ok(()) => self.untouch(node),
            Err(_) => self.forget(node),
        }
        removed
    }
}

/// Owned query parameters (a call's future outlives the caller's borrows).
pub(super) type Params = Vec<Box<dyn tokio_postgres::types::ToSql + Send + Sync>>;
