//! Items held for contact subscribers who are away (`backlog`), bounded per subscriber and
//! feed, the oldest dropped first and counted (`backlog_skipped`).

use super::{corrupt, db_num, decoded, num, PgStore, Prepared, StoreError};
use crate::model::{Backlog, Held, StoredItem};

impl PgStore {
    pub(super) fn hold(
        &self,
        jid: &str,
        node: &str,
        item: &StoredItem,
        now_ms: i64,
        max: usize,
    ) -> Result<(), StoreError> {
        let (jid, node, item) = (jid.to_owned(), node.to_owned(), item.clone());
        self.call(move |pool| async move {
            let value = serde_json::to_value(&item)
                .map_err(|e| corrupt("backlog", &format!("{jid}/{node}/{}", item.seq), e))?;
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            if max > 0 {
                tx.run(
                    "INSERT INTO backlog (jid, node, seq, held_at, item) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (jid, node, seq) DO UPDATE SET held_at = EXCLUDED.held_at, \
                     item = EXCLUDED.item",
                    &[&jid, &node, &db_num(item.seq), &now_ms, &value],
                )
                .await?;
            }
            let held: i64 = tx
                .row(
                    "SELECT count(*) FROM backlog WHERE jid = $1 AND node = $2",
                    &[&jid, &node],
                )
                .await?
                .get(0);
            let beyond = (num(held) as usize).saturating_sub(max);
            let over = beyond + usize::from(max == 0);
            if over > 0 {
                tx.run(
                    "DELETE FROM backlog b USING (SELECT seq FROM backlog WHERE jid = $1 \
                     AND node = $2 ORDER BY seq LIMIT $3) o \
                     WHERE b.jid = $1 AND b.node = $2 AND b.seq = o.seq",
                    &[&jid, &node, &db_num(beyond as u64)],
                )
                .await?;
                tx.run(
                    "INSERT INTO backlog_skipped (jid, node, skipped) VALUES ($1, $2, $3) \
                     ON CONFLICT (jid, node) DO UPDATE \
                     SET skipped = backlog_skipped.skipped + EXCLUDED.skipped",
                    &[&jid, &node, &db_num(over as u64)],
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub(super) fn backlog(&self, jid: &str) -> Result<Backlog, StoreError> {
        let jid = jid.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = c
                .rows(
                    "SELECT node, seq, held_at, item FROM backlog WHERE jid = $1 \
                     ORDER BY held_at, seq",
                    &[&jid],
                )
                .await?;
            let held = decoded(rows.iter().map(|r| {
                let node: String = r.get(0);
                let seq: i64 = r.get(1);
                let item: StoredItem = serde_json::from_value(r.get(3))
                    .map_err(|e| corrupt("backlog", &format!("{jid}/{node}/{seq}"), e))?;
                Ok(Held {
                    node,
                    item,
                    held_at: r.get(2),
                })
            }));
            let skipped = c
                .rows(
                    "SELECT node, skipped FROM backlog_skipped WHERE jid = $1 ORDER BY node",
                    &[&jid],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), num(r.get(1))))
                .collect();
            Ok(Backlog {
                held,
                skipped,
                digested: Vec::new(),
            })
        })
    }

    pub(super) fn has_backlog(&self, jid: &str) -> bool {
        let jid = jid.to_owned();
        self.call_or("has_backlog", false, move |pool| async move {
            let c = pool.get().await?;
            Ok(c.row(
                "SELECT EXISTS (SELECT 1 FROM backlog WHERE jid = $1) \
                 OR EXISTS (SELECT 1 FROM backlog_skipped WHERE jid = $1)",
                &[&jid],
            )
            .await?
            .get(0))
        })
    }

    pub(super) fn backlog_jids(&self) -> Result<Vec<String>, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            Ok(c.rows(
                "SELECT jid FROM backlog UNION SELECT jid FROM backlog_skipped ORDER BY jid",
                &[],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })
    }

    pub(super) fn release(&self, jid: &str, delivered: &Backlog) -> Result<(), StoreError> {
        let jid = jid.to_owned();
        let nodes: Vec<String> = delivered.held.iter().map(|h| h.node.clone()).collect();
        let seqs: Vec<i64> = delivered.held.iter().map(|h| db_num(h.item.seq)).collect();
        let skipped: Vec<String> = delivered.skipped.iter().map(|(n, _)| n.clone()).collect();
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.run(
                "DELETE FROM backlog b USING unnest($2::text[], $3::bigint[]) AS d(node, seq) \
                 WHERE b.jid = $1 AND b.node = d.node AND b.seq = d.seq",
                &[&jid, &nodes, &seqs],
            )
            .await?;
            tx.run(
                "DELETE FROM backlog_skipped WHERE jid = $1 AND node = ANY($2)",
                &[&jid, &skipped],
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
