//! The embedded store's records for a copy ([`crate::store::copy`]): read tree by tree, and
//! written as they are into an empty store (items into chunks with their id records, jobs
//! with their cursors, held items with their keys), with the numbering continued above the
//! numbers copied (a floor under sled's id generator, in the default tree).

use std::collections::BTreeMap;

use super::backlog::held_key;
use super::chunks::{decode_chunk, IdRecord, Meta};
use super::codec::*;
use super::subs::read_sub;
use super::{SledStore, StoreError};
use crate::model::{Held, NodeOptions, OutboxJob};
use crate::store::records::{NodeItems, Record};

/// The default tree's key of the number floor: numbers are `(floor + generated) << 16`.
const NUMBER_FLOOR: &[u8] = b"number_floor";

/// The text before the first NUL of a key, and the bytes after it.
fn split(k: &[u8]) -> (String, &[u8]) {
    let at = k.iter().position(|b| *b == 0).unwrap_or(k.len());
    (
        String::from_utf8_lossy(&k[..at]).into_owned(),
        k.get(at + 1..).unwrap_or_default(),
    )
}

fn be_u64(v: &[u8]) -> u64 {
    v.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

impl SledStore {
    /// Whether `dir` holds an embedded store (its database's files).
    pub fn exists_at(dir: &std::path::Path) -> bool {
        dir.join("db").exists() || dir.join("conf").exists()
    }

    /// A new number, above every number a copy brought in: never handed out twice.
    pub(super) fn next_number(&self) -> Result<u64, StoreError> {
        let floor = self.db.get(NUMBER_FLOOR)?.map_or(0, |v| be_u64(&v));
        Ok(floor.saturating_add(self.db.generate_id()?) << 16)
    }

    /// Whether no tree holds a record ([`crate::store::Admin::is_empty`]).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok([
            &self.feeds,
            &self.node_items,
            &self.subs,
            &self.outbox,
            &self.unfollowed,
            &self.backlog,
            &self.backlog_skipped,
            &self.avatars,
            &self.affiliations,
            &self.node_options,
            &self.node_changed,
        ]
        .iter()
        .all(|t| t.is_empty()))
    }

    /// Every record, tree by tree ([`crate::store::Admin::export`]).
    pub fn export(
        &self,
        out: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for f in self.feeds()? {
            out(Record::Feed(f))?;
        }
        for r in self.unfollowed.iter() {
            let (k, v) = r?;
            out(Record::Unfollowed {
                node: String::from_utf8_lossy(&k).into_owned(),
                since: seen_at(&v),
            })?;
        }
        self.export_nodes(out)?;
        for r in self.subs.iter() {
            let (k, v) = r?;
            out(Record::Subscription(read_sub(&k, &v)?))?;
        }
        for r in self.affiliations.iter() {
            let (k, v) = r?;
            let (node, jid) = split(&k);
            out(Record::Affiliation {
                node,
                jid: String::from_utf8_lossy(jid).into_owned(),
                affiliation: decode(&k, &v)?,
            })?;
        }
        for r in self.outbox.iter() {
            let (k, v) = r?;
            out(Record::Job(decode::<OutboxJob>(&k, &v)?))?;
        }
        for r in self.backlog.iter() {
            let (k, v) = r?;
            out(Record::Held {
                jid: split(&k).0,
                held: decode::<Held>(&k, &v)?,
            })?;
        }
        for r in self.backlog_skipped.iter() {
            let (k, v) = r?;
            let (jid, node) = split(&k);
            out(Record::Skipped {
                jid,
                node: String::from_utf8_lossy(node).into_owned(),
                count: be_u64(&v),
            })?;
        }
        for r in self.avatars.iter() {
            let (k, _) = r?;
            let node = String::from_utf8_lossy(&k).into_owned();
            if let Some(avatar) = self.avatar(&node)? {
                out(Record::Avatar { node, avatar })?;
            }
        }
        Ok(())
    }

    /// Every node's items, seen ids and times: `node_items` is ordered by node, so one node
    /// is gathered at a time; nodes known only by their change time come after.
    fn export_nodes(
        &self,
        out: &mut dyn FnMut(Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut current: Option<NodeItems> = None;
        let mut done = std::collections::HashSet::new();
        let mut flush = |n: Option<NodeItems>,
                         out: &mut dyn FnMut(Record) -> Result<(), StoreError>|
         -> Result<(), StoreError> {
            if let Some(mut n) = n {
                n.changed_at = self.items_changed(&n.node)?;
                n.items.sort_by_key(|i| i.seq);
                n.seen.sort();
                done.insert(n.node.clone());
                if !n.is_empty() {
                    out(Record::Node(n))?;
                }
            }
            Ok(())
        };
        for r in self.node_items.iter() {
            let (k, v) = r?;
            let (node, rest) = split(&k);
            if current.as_ref().is_none_or(|c| c.node != node) {
                flush(current.take(), out)?;
                current = Some(NodeItems {
                    node: node.clone(),
                    changed_at: None,
                    last_prune: None,
                    items: Vec::new(),
                    seen: Vec::new(),
                });
            }
            let n = current.as_mut().expect("set above");
            match rest.split_first() {
                Some((b'c', _)) => {
                    for raw in decode_chunk(&k, &v)? {
                        n.items.push(raw.parse(&node)?);
                    }
                }
                Some((b'i', id)) => {
                    let r = IdRecord::decode(&v).ok_or_else(|| corrupt(&k, "record too short"))?;
                    if let Some(t) = r.seen {
                        n.seen.push((String::from_utf8_lossy(id).into_owned(), t));
                    }
                }
                Some((b'm', _)) => {
                    n.last_prune = Meta::decode(&v)
                        .ok_or_else(|| corrupt(&k, "record too short"))?
                        .last_prune;
                }
                _ => return Err(corrupt(&k, "unknown kind of node record")),
            }
        }
        flush(current.take(), out)?;
        for r in self.node_changed.iter() {
            let (k, v) = r?;
            let node = String::from_utf8_lossy(&k).into_owned();
            if !done.contains(&node) {
                out(Record::Node(NodeItems {
                    node,
                    changed_at: Some(seen_at(&v)),
                    last_prune: None,
                    items: Vec::new(),
                    seen: Vec::new(),
                }))?;
            }
        }
        Ok(())
    }

    /// Write a copy's records as they are ([`crate::store::Admin::import`]).
    pub fn import(&self, records: Vec<Record>) -> Result<(), StoreError> {
        for r in records {
            match r {
                Record::Feed(f) => {
                    self.put_feed(&f)?;
                    if f.options != NodeOptions::default() {
                        self.set_node_options(&f.node, &f.options)?;
                    }
                }
                Record::Unfollowed { node, since } => {
                    self.unfollowed
                        .insert(node.as_bytes(), &since.to_be_bytes())?;
                }
                Record::Node(n) => self.import_node(n)?,
                Record::Subscription(s) => self.put_subscription(&s)?,
                Record::Affiliation {
                    node,
                    jid,
                    affiliation,
                } => self.set_affiliation(&node, &jid, Some(affiliation))?,
                Record::Job(j) => {
                    self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
                }
                Record::Held { jid, held } => {
                    self.backlog
                        .insert(held_key(&jid, &held.node, held.item.seq), encode(&held))?;
                }
                Record::Skipped { jid, node, count } => {
                    self.backlog_skipped
                        .insert(key2(&jid, node.as_bytes()), &count.to_be_bytes())?;
                }
                Record::Avatar { node, avatar } => self.put_avatar(&node, &avatar)?,
                Record::Numbers { above } => {
                    self.db
                        .insert(NUMBER_FLOOR, &above.saturating_add(1).to_be_bytes())?;
                }
            }
        }
        Ok(())
    }

    /// A node's items into chunks, oldest first, each with its id record (seen or not), the
    /// seen ids without an item, the prune and change times.
    fn import_node(&self, n: NodeItems) -> Result<(), StoreError> {
        let mut seen: BTreeMap<String, i64> = n.seen.into_iter().collect();
        let mut w = self.node_write(&n.node)?;
        let mut items = n.items;
        items.sort_by_key(|i| i.seq);
        for item in items {
            let record = IdRecord {
                seen: seen.remove(&item.entry.id),
                seq: Some(item.seq),
                hash: item.entry.content_hash.clone(),
            };
            w.set_id(&item.entry.id, Some(record))?;
            w.append(item)?;
        }
        for (id, t) in seen {
            let record = IdRecord {
                seen: Some(t),
                seq: None,
                hash: String::new(),
            };
            w.set_id(&id, Some(record))?;
        }
        if let Some(t) = n.last_prune {
            w.pruned(t);
        }
        w.commit()?;
        if let Some(t) = n.changed_at {
            self.node_changed
                .insert(n.node.as_bytes(), &t.to_be_bytes())?;
        }
        Ok(())
    }
}
