//! The database's records for a copy ([`crate::store::copy`]): read table by table in key
//! order (a node's items and seen ids one node at a time), and written as they are into an
//! empty database, one transaction per batch, with the sequence `numbers` set above every
//! number copied.

use deadpool_postgres::GenericClient;

use super::feeds::{read_feed, write_feed, write_options, FEED};
use super::items::{mark_seen_at, read_item, upsert_items, ITEM};
use super::outbox::{read_job, JOB};
use super::subs::{affiliation_text, read_affiliation, read_sub, write_subscription, SUB};
use super::{corrupt, db_num, decoded, num, PgStore, Prepared, StoreError};
use crate::model::{Avatar, Event, Held, NodeOptions, StoredItem};
use crate::store::records::{NodeItems, Record};

/// Every table a copy fills (`probe` is the health check's, `refinery_schema_history` the
/// schema's).
const TABLES: [&str; 11] = [
    "feeds",
    "node_options",
    "nodes",
    "items",
    "seen",
    "subscriptions",
    "affiliations",
    "outbox",
    "backlog",
    "backlog_skipped",
    "avatars",
];

impl PgStore {
    pub(super) fn is_empty(&self) -> Result<bool, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            for t in TABLES {
                let any: bool = c
                    .row(format!("SELECT EXISTS (SELECT 1 FROM {t})").as_str(), &[])
                    .await?
                    .get(0);
                if any {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    pub(super) fn export(
        &self,
        out: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (feeds, unfollowed, nodes) = self.call(|pool| async move {
            let c = pool.get().await?;
            let feeds = c
                .rows(format!("{FEED} ORDER BY f.node").as_str(), &[])
                .await?
                .iter()
                .map(read_feed)
                .collect::<Result<Vec<_>, _>>()?;
            let unfollowed: Vec<(String, i64)> = c
                .rows(
                    "SELECT node, unfollowed_since FROM feeds \
                     WHERE unfollowed_since IS NOT NULL ORDER BY node",
                    &[],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let nodes: Vec<String> = c
                .rows(
                    "SELECT node FROM nodes UNION SELECT node FROM items \
                     UNION SELECT node FROM seen ORDER BY 1",
                    &[],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            Ok((feeds, unfollowed, nodes))
        })?;
        for f in feeds {
            out(Record::Feed(f))?;
        }
        for (node, since) in unfollowed {
            out(Record::Unfollowed { node, since })?;
        }
        for node in nodes {
            let n = self.node_items(node)?;
            if !n.is_empty() {
                out(Record::Node(n))?;
            }
        }
        for r in self.export_rest()? {
            out(r)?;
        }
        Ok(())
    }

    /// One node's items, seen ids and times.
    fn node_items(&self, node: String) -> Result<NodeItems, StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let times = c
                .row_opt(
                    "SELECT changed_at, last_prune FROM nodes WHERE node = $1",
                    &[&node],
                )
                .await?;
            let items = c
                .rows(
                    format!("{ITEM} WHERE node = $1 ORDER BY seq").as_str(),
                    &[&node],
                )
                .await?
                .iter()
                .map(|r| read_item(&node, r))
                .collect::<Result<Vec<_>, _>>()?;
            let seen = c
                .rows(
                    "SELECT id, seen_at FROM seen WHERE node = $1 ORDER BY id",
                    &[&node],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            Ok(NodeItems {
                changed_at: times.as_ref().and_then(|r| r.get(0)),
                last_prune: times.as_ref().and_then(|r| r.get(1)),
                node,
                items,
                seen,
            })
        })
    }

    /// Subscriptions, affiliations, jobs, held items, skip counts and avatars.
    fn export_rest(&self) -> Result<Vec<Record>, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            let mut out = Vec::new();
            for r in c
                .rows(format!("{SUB} ORDER BY node, jid").as_str(), &[])
                .await?
            {
                out.push(Record::Subscription(read_sub(&r)?));
            }
            for r in c
                .rows(
                    "SELECT node, jid, affiliation FROM affiliations ORDER BY node, jid",
                    &[],
                )
                .await?
            {
                let (node, jid): (String, String) = (r.get(0), r.get(1));
                let affiliation = read_affiliation(&node, &jid, r.get(2))?;
                out.push(Record::Affiliation {
                    node,
                    jid,
                    affiliation,
                });
            }
            for r in c.rows(format!("{JOB} ORDER BY key").as_str(), &[]).await? {
                out.push(Record::Job(read_job(&r)?));
            }
            for r in c
                .rows(
                    "SELECT jid, node, seq, held_at, item FROM backlog ORDER BY jid, node, seq",
                    &[],
                )
                .await?
            {
                let (jid, node, seq): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
                let item: StoredItem = serde_json::from_value(r.get(4))
                    .map_err(|e| corrupt("backlog", &format!("{jid}/{node}/{seq}"), e))?;
                out.push(Record::Held {
                    jid,
                    held: Held {
                        node,
                        item,
                        held_at: r.get(3),
                    },
                });
            }
            for r in c
                .rows(
                    "SELECT jid, node, skipped FROM backlog_skipped ORDER BY jid, node",
                    &[],
                )
                .await?
            {
                out.push(Record::Skipped {
                    jid: r.get(0),
                    node: r.get(1),
                    count: num(r.get(2)),
                });
            }
            let avatars = c
                .rows("SELECT node, record, png FROM avatars ORDER BY node", &[])
                .await?;
            out.extend(decoded(avatars.iter().map(|r| {
                let node: String = r.get(0);
                let mut avatar: Avatar =
                    serde_json::from_value(r.get(1)).map_err(|e| corrupt("avatars", &node, e))?;
                avatar.png = r.get::<_, Option<Vec<u8>>>(2).unwrap_or_default();
                Ok(Record::Avatar { node, avatar })
            })));
            Ok(out)
        })
    }

    pub(super) fn import(&self, records: Vec<Record>) -> Result<(), StoreError> {
        let imported = self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            for r in &records {
                import_one(&tx, r).await?;
            }
            tx.commit().await?;
            Ok(())
        });
        self.forget_all();
        imported
    }
}

async fn import_one(c: &impl GenericClient, r: &Record) -> Result<(), StoreError> {
    match r {
        Record::Feed(f) => {
            write_feed(c, f, true).await?;
            if f.options != NodeOptions::default() {
                write_options(c, &f.node, &f.options).await?;
            }
        }
        Record::Unfollowed { node, since } => {
            c.run(
                "UPDATE feeds SET unfollowed_since = $2 WHERE node = $1",
                &[node, since],
            )
            .await?;
        }
        Record::Node(n) => {
            c.run(
                "INSERT INTO nodes (node, changed_at, last_prune) VALUES ($1, $2, $3)",
                &[&n.node, &n.changed_at, &n.last_prune],
            )
            .await?;
            let items: Vec<&StoredItem> = n.items.iter().collect();
            upsert_items(c, &n.node, &items).await?;
            let ids: Vec<&str> = n.seen.iter().map(|(id, _)| id.as_str()).collect();
            let times: Vec<i64> = n.seen.iter().map(|(_, t)| *t).collect();
            mark_seen_at(c, &n.node, &ids, &times).await?;
        }
        Record::Subscription(s) => write_subscription(c, s).await?,
        Record::Affiliation {
            node,
            jid,
            affiliation,
        } => {
            c.run(
                "INSERT INTO affiliations (node, jid, affiliation) VALUES ($1, $2, $3)",
                &[node, jid, &affiliation_text(*affiliation)?],
            )
            .await?;
        }
        Record::Job(j) => {
            let (kind, retracted, redirect) = match &j.event {
                Event::Item => ("item", None, None),
                Event::Retract { id } => ("retract", Some(id.as_str()), None),
                Event::Purge => ("purge", None, None),
                Event::Delete { redirect } => ("delete", None, redirect.as_deref()),
            };
            c.run(
                "INSERT INTO outbox (key, node, item_seq, is_update, after_jid, kind, \
                 retracted, redirect) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &db_num(j.key),
                    &j.node,
                    &db_num(j.item_seq),
                    &j.update,
                    &j.after,
                    &kind,
                    &retracted,
                    &redirect,
                ],
            )
            .await?;
        }
        Record::Held { jid, held } => {
            let item = serde_json::to_value(&held.item).map_err(|e| {
                corrupt(
                    "backlog",
                    &format!("{jid}/{}/{}", held.node, held.item.seq),
                    e,
                )
            })?;
            c.run(
                "INSERT INTO backlog (jid, node, seq, held_at, item) VALUES ($1, $2, $3, $4, $5)",
                &[
                    jid,
                    &held.node,
                    &db_num(held.item.seq),
                    &held.held_at,
                    &item,
                ],
            )
            .await?;
        }
        Record::Skipped { jid, node, count } => {
            c.run(
                "INSERT INTO backlog_skipped (jid, node, skipped) VALUES ($1, $2, $3)",
                &[jid, node, &db_num(*count)],
            )
            .await?;
        }
        Record::Avatar { node, avatar } => {
            let record = serde_json::to_value(avatar).map_err(|e| corrupt("avatars", node, e))?;
            let png = (!avatar.png.is_empty()).then_some(avatar.png.as_slice());
            c.run(
                "INSERT INTO avatars (node, record, png) VALUES ($1, $2, $3)",
                &[node, &record, &png],
            )
            .await?;
        }
        Record::Numbers { above } => {
            c.run(
                "SELECT setval('numbers', greatest($1::bigint, 1))",
                &[&db_num(*above)],
            )
            .await?;
        }
    }
    Ok(())
}
