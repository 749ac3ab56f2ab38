//! Subscriptions (`subscriptions`: node, JID, its domain, whether as a contact, the options
//! that differ from the defaults) and affiliations (`affiliations`).

use std::sync::atomic::Ordering;

use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use super::{corrupt, db_num, decoded, PgStore, Prepared, StoreError};
use crate::model::{jid_domain, Affiliation, Subscription};

/// A subscription as [`read_sub`] reads it.
pub(super) const SUB: &str = "SELECT node, jid, options FROM subscriptions";

pub(super) fn read_sub(r: &Row) -> Result<Subscription, StoreError> {
    let (node, jid): (String, String) = (r.get(0), r.get(1));
    let mut sub: Subscription = serde_json::from_value(r.get(2))
        .map_err(|e| corrupt("subscriptions", &format!("{node}/{jid}"), e))?;
    sub.node = node;
    sub.jid = jid;
    Ok(sub)
}

pub(super) fn affiliation_text(a: Affiliation) -> Result<String, StoreError> {
    match serde_json::to_value(a) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Err(StoreError::Task(format!(
            "affiliation {a:?} is not a word: {other}"
        ))),
        Err(e) => Err(corrupt("affiliations", &format!("{a:?}"), e)),
    }
}

pub(super) fn read_affiliation(
    node: &str,
    jid: &str,
    text: String,
) -> Result<Affiliation, StoreError> {
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| corrupt("affiliations", &format!("{node}/{jid}"), e))
}

/// Write a subscription (created or replaced).
pub(super) async fn write_subscription(
    c: &impl GenericClient,
    sub: &Subscription,
) -> Result<(), StoreError> {
    let options = sub_options(sub)?;
    c.run(
        "INSERT INTO subscriptions (node, jid, domain, contact, options) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (node, jid) DO UPDATE SET \
         contact = EXCLUDED.contact, options = EXCLUDED.options",
        &[
            &sub.node,
            &sub.jid,
            &jid_domain(&sub.jid),
            &sub.contact,
            &options,
        ],
    )
    .await?;
    Ok(())
}

/// A subscription's options as its row keeps them. (Its texts come from XML, which cannot
/// carry U+0000, the one character jsonb refuses.)
fn sub_options(sub: &Subscription) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(sub)
        .map_err(|e| corrupt("subscriptions", &format!("{}/{}", sub.node, sub.jid), e))
}

impl PgStore {
    /// The subscriptions of several (node, JID) pairs in one query, in the order asked.
    pub(super) fn subscriptions_among(
        &self,
        keys: &[(String, String)],
    ) -> Result<Vec<Option<Subscription>>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let (nodes, jids): (Vec<String>, Vec<String>) = keys.iter().cloned().unzip();
        let n = keys.len();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = c
                .rows(
                    "SELECT s.node, s.jid, s.options, k.i FROM \
                     unnest($1::text[], $2::text[]) WITH ORDINALITY AS k (node, jid, i) \
                     JOIN subscriptions s ON s.node = k.node COLLATE \"C\" \
                     AND s.jid = k.jid COLLATE \"C\"",
                    &[&nodes, &jids],
                )
                .await?;
            let mut found = vec![None; n];
            for r in &rows {
                let i: i64 = r.get(3);
                // A row that does not decode reads as none (as one asked alone is skipped).
                if let Some(sub) = decoded(std::iter::once(read_sub(r))).pop() {
                    if let Some(slot) = usize::try_from(i - 1).ok().and_then(|i| found.get_mut(i)) {
                        *slot = Some(sub);
                    }
                }
            }
            Ok(found)
        })
    }

    /// Several subscriptions in one statement, all or none (the last of a node and JID wins).
    pub(super) fn put_subscriptions(&self, subs: &[Subscription]) -> Result<(), StoreError> {
        let mut last = std::collections::HashMap::new();
        for (i, s) in subs.iter().enumerate() {
            last.insert((s.node.as_str(), s.jid.as_str()), i);
        }
        let mut cols = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, s) in subs.iter().enumerate() {
            if last.get(&(s.node.as_str(), s.jid.as_str())) != Some(&i) {
                continue;
            }
            cols.4.push(sub_options(s)?);
            cols.0.push(s.node.clone());
            cols.1.push(s.jid.clone());
            cols.2.push(jid_domain(&s.jid).to_owned());
            cols.3.push(s.contact);
        }
        if cols.0.is_empty() {
            return Ok(());
        }
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let (nodes, jids, domains, contacts, options) = cols;
            c.run(
                "INSERT INTO subscriptions (node, jid, domain, contact, options) \
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::jsonb[]) \
                 ON CONFLICT (node, jid) DO UPDATE SET \
                 contact = EXCLUDED.contact, options = EXCLUDED.options",
                &[&nodes, &jids, &domains, &contacts, &options],
            )
            .await?;
            Ok(())
        })
    }

    /// Subscriptions selected by `filter` (`$1`, `$2`, `$3` bound to the strings and limit
    /// given), in the order it names.
    fn subs_where(
        &self,
        filter: &'static str,
        a: String,
        b: Option<String>,
        limit: Option<i64>,
    ) -> Result<Vec<Subscription>, StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let sql = format!("{SUB} {filter}");
            let rows = match limit {
                Some(l) => c.rows(sql.as_str(), &[&a, &b, &l]).await?,
                None if filter.contains("$2") => c.rows(sql.as_str(), &[&a, &b]).await?,
                None => c.rows(sql.as_str(), &[&a]).await?,
            };
            Ok(decoded(rows.iter().map(read_sub)))
        })
    }

    pub(super) fn subscription(
        &self,
        node: &str,
        jid: &str,
    ) -> Result<Option<Subscription>, StoreError> {
        Ok(self
            .subs_where(
                "WHERE node = $1 AND jid = $2",
                node.to_owned(),
                Some(jid.to_owned()),
                None,
            )?
            .pop())
    }

    pub(super) fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        let sub = sub.clone();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            write_subscription(&c, &sub).await
        })
    }

    pub(super) fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError> {
        let (node, jid) = (node.to_owned(), jid.to_owned());
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.run(
                "DELETE FROM backlog WHERE jid = $1 AND node = $2",
                &[&jid, &node],
            )
            .await?;
            tx.run(
                "DELETE FROM backlog_skipped WHERE jid = $1 AND node = $2",
                &[&jid, &node],
            )
            .await?;
            let n = tx
                .run(
                    "DELETE FROM subscriptions WHERE node = $1 AND jid = $2",
                    &[&node, &jid],
                )
                .await?;
            tx.commit().await?;
            Ok(n > 0)
        })
    }

    /// A page of `limit` subscribers after `after`. A row that does not decode is left out,
    /// and the page is filled from the rows after it: a short page still means the last one
    /// (the drain and the pagers stop at a short page).
    pub(super) fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError> {
        let (node, mut after) = (node.to_owned(), after.map(str::to_owned));
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let mut page = Vec::new();
            loop {
                let want = limit - page.len();
                let rows = c
                    .rows(
                        &format!(
                            "{SUB} WHERE node = $1 AND ($2::text IS NULL OR jid > $2) \
                             ORDER BY jid LIMIT $3"
                        ) as &str,
                        &[&node, &after, &db_num(want as u64)],
                    )
                    .await?;
                after = rows.last().map(|r| r.get(1));
                let short = rows.len() < want;
                page.extend(decoded(rows.iter().map(read_sub)));
                if short || page.len() >= limit {
                    return Ok(page);
                }
            }
        })
    }

    pub(super) fn subscriber_count(&self, node: &str) -> usize {
        self.count(
            "subscriber_count",
            "SELECT count(*) FROM subscriptions WHERE node = $1",
            vec![Box::new(node.to_owned())],
        )
    }

    pub(super) fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        self.subs_where("WHERE jid = $1 ORDER BY node", jid.to_owned(), None, None)
    }

    pub(super) fn subscribed_nodes(
        &self,
        jid: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let (jid, limit) = (jid.to_owned(), db_num(limit as u64));
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.rows(
                "SELECT node FROM subscriptions WHERE jid = $1 ORDER BY node LIMIT $2",
                &[&jid, &limit],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })
    }

    pub(super) fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        let jid = jid.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.row(
                "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE jid = $1)",
                &[&jid],
            )
            .await?
            .get(0))
        })
    }

    pub(super) fn domain_subscriptions(&self, domain: &str) -> usize {
        self.count(
            "domain_subscriptions",
            "SELECT count(*) FROM subscriptions WHERE domain = $1",
            vec![Box::new(domain.to_owned())],
        )
    }

    pub(super) fn contact_jids(&self, node: &str) -> Result<Vec<String>, StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.rows(
                "SELECT jid FROM subscriptions WHERE node = $1 AND contact ORDER BY jid",
                &[&node],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })
    }

    pub(super) fn contact_subscribers(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.call(|pool| async move {
            let c = pool.get().await?;
            Ok(c.rows(
                "SELECT node, jid FROM (SELECT DISTINCT ON (jid) node, jid FROM subscriptions \
                 WHERE contact ORDER BY jid, node) AS firsts ORDER BY node, jid",
                &[],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
        })
    }

    pub(super) fn set_affiliation(
        &self,
        node: &str,
        jid: &str,
        affiliation: Option<Affiliation>,
    ) -> Result<(), StoreError> {
        let (owned, jid) = (node.to_owned(), jid.to_owned());
        let text = affiliation.map(affiliation_text).transpose()?;
        let written = self.call(move |pool| async move {
            let (node, c) = (owned, pool.get().await?);
            match text {
                Some(a) => {
                    c.run(
                        "INSERT INTO affiliations (node, jid, affiliation) VALUES ($1, $2, $3) \
                         ON CONFLICT (node, jid) DO UPDATE SET affiliation = EXCLUDED.affiliation",
                        &[&node, &jid, &a],
                    )
                    .await?
                }
                None => {
                    c.run(
                        "DELETE FROM affiliations WHERE node = $1 AND jid = $2",
                        &[&node, &jid],
                    )
                    .await?
                }
            };
            Ok(())
        });
        self.forget(node);
        written
    }

    pub(super) fn affiliation(
        &self,
        node: &str,
        jid: &str,
    ) -> Result<Option<Affiliation>, StoreError> {
        Ok(self
            .affiliations(node)?
            .into_iter()
            .find(|(j, _)| j == jid)
            .map(|(_, a)| a))
    }

    /// A node's affiliations (a few JIDs each), kept as last read like its feed: every
    /// subscription asks for the subscriber's; a write of them, or of the node, forgets them.
    pub(super) fn affiliations(
        &self,
        node: &str,
    ) -> Result<Vec<(String, Affiliation)>, StoreError> {
        let kept = self
            .inner
            .affiliations
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(node)
            .cloned();
        if let Some(list) = kept {
            return Ok(list);
        }
        let generation = self.inner.generation.load(Ordering::SeqCst);
        let owned = node.to_owned();
        let list: Vec<(String, Affiliation)> = self.call(move |pool| async move {
            let c = pool.get().await?;
            c.rows(
                "SELECT jid, affiliation FROM affiliations WHERE node = $1 ORDER BY jid",
                &[&owned],
            )
            .await?
            .iter()
            .map(|r| {
                let jid: String = r.get(0);
                let a = read_affiliation(&owned, &jid, r.get(1))?;
                Ok((jid, a))
            })
            .collect()
        })?;
        let keeps = self.keeps();
        let mut kept = self
            .inner
            .affiliations
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if self.inner.generation.load(Ordering::SeqCst) == generation && keeps {
            kept.insert(node.to_owned(), list.clone());
        }
        Ok(list)
    }
}
