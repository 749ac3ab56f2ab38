//! Bringing a store written by an older feedpush to the current layout, at open.
//!
//! Before one index record per JID, the JID → node index had one record per subscription
//! (`subs_by_jid`, `jid \0 node`): it is rebuilt from the subscriptions themselves, then
//! dropped (a crash before the drop rebuilds it again).
//!
//! Before chunks ([`super::chunks`]) a node's items were three tables: `items` (one record per
//! item), `item_idx` (id → number and content hash) and `seen` (id → when last found, and a
//! prune mark per node). Each node is rewritten in one batch (its chunks, ids and count), then
//! its old records go; a node that already has its count was migrated before a crash, so only
//! its old leftovers are removed. (Its prune time, written in the same batch, is the mark.) The old tables are dropped at the end.

use std::collections::{BTreeMap, BTreeSet};

use super::chunks::{
    chunk_key, encode_chunk, id_key, meta_key, IdRecord, Meta, RawItem, CHUNK_ITEMS,
};
use super::codec::*;
use super::{Store, StoreError};
use crate::model::StoredItem;

/// Where the last prune time of each node was kept (key `PRUNE_MARK \0 node` in `seen`).
const PRUNE_MARK: &str = "\u{1}prune";
const OLD_TABLES: [&str; 3] = ["items", "item_idx", "seen"];

impl Store {
    /// Migrate the item tables of an older store, if there are any; how many nodes moved.
    pub(super) fn migrate_items(&self) -> Result<usize, StoreError> {
        let names = self.db.tree_names();
        if !OLD_TABLES
            .iter()
            .any(|t| names.iter().any(|n| n.as_ref() == t.as_bytes()))
        {
            return Ok(0);
        }
        let [items, idx, seen] = OLD_TABLES.map(|t| self.db.open_tree(t));
        let (items, idx, seen) = (items?, idx?, seen?);
        let node_of = |k: &[u8]| {
            let end = k.iter().position(|b| *b == 0)?;
            Some(String::from_utf8_lossy(&k[..end]).into_owned())
        };
        let mut nodes = BTreeSet::new();
        for tree in [&items, &idx, &seen] {
            for k in tree.iter().keys() {
                let k = k?;
                if let Some(n) = node_of(&k).filter(|n| n != PRUNE_MARK) {
                    nodes.insert(n);
                }
            }
        }
        let mut moved = 0;
        for node in &nodes {
            let p = prefix(node);
            let mark = key2(PRUNE_MARK, node.as_bytes());
            if self.node_items.get(meta_key(node))?.is_none() {
                let mut stored = Vec::new();
                for r in items.scan_prefix(&p) {
                    let (k, v) = r?;
                    match decode::<StoredItem>(&k, &v) {
                        Ok(i) => stored.push(i),
                        Err(e) => {
                            tracing::error!(error = %e, "an item does not decode; it is left out")
                        }
                    }
                }
                let seqs: std::collections::HashSet<u64> = stored.iter().map(|i| i.seq).collect();
                let mut ids: BTreeMap<String, IdRecord> = BTreeMap::new();
                let id_of = |k: &[u8]| String::from_utf8_lossy(&k[p.len()..]).into_owned();
                for r in idx.scan_prefix(&p) {
                    let (k, v) = r?;
                    let seq = v
                        .get(..8)
                        .and_then(|b| b.try_into().ok())
                        .map(u64::from_be_bytes);
                    // Only an index entry whose item is there says "stored".
                    let seq = seq.filter(|s| seqs.contains(s));
                    ids.insert(
                        id_of(&k),
                        IdRecord {
                            seen: None,
                            seq,
                            hash: match seq {
                                Some(_) => String::from_utf8_lossy(&v[8..]).into_owned(),
                                None => String::new(),
                            },
                        },
                    );
                }
                for r in seen.scan_prefix(&p) {
                    let (k, v) = r?;
                    ids.entry(id_of(&k))
                        .or_insert(IdRecord {
                            seen: None,
                            seq: None,
                            hash: String::new(),
                        })
                        .seen = Some(seen_at(&v));
                }
                let mut batch = sled::Batch::default();
                for chunk in stored.chunks(CHUNK_ITEMS) {
                    let raw: Vec<RawItem> = chunk.iter().map(RawItem::of).collect();
                    batch.insert(chunk_key(node, chunk[0].seq), encode_chunk(&raw));
                }
                for (id, rec) in ids {
                    if rec.seen.is_some() || rec.seq.is_some() {
                        batch.insert(id_key(node, &id), rec.encode());
                    }
                }
                let meta = Meta {
                    last_prune: seen.get(&mark)?.map(|v| seen_at(&v)),
                };
                batch.insert(meta_key(node), meta.encode());
                self.node_items.apply_batch(batch)?;
                moved += 1;
            }
            for tree in [&items, &idx, &seen] {
                for k in tree.scan_prefix(&p).keys() {
                    tree.remove(k?)?;
                }
            }
            seen.remove(mark)?;
        }
        for t in OLD_TABLES {
            self.db.drop_tree(t)?;
        }
        if moved > 0 {
            tracing::info!(nodes = moved, "store: items moved to the chunked layout");
        }
        Ok(moved)
    }
}

impl Store {
    /// Rebuild the JID index from the subscriptions when the older index table is there.
    pub(super) fn migrate_subs_index(&self) -> Result<(), StoreError> {
        const OLD: &str = "subs_by_jid";
        if !self
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == OLD.as_bytes())
        {
            return Ok(());
        }
        let mut by_jid: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in self.subs.iter().keys() {
            let k = k?;
            if let Some(at) = k.iter().position(|b| *b == 0) {
                by_jid
                    .entry(String::from_utf8_lossy(&k[at + 1..]).into_owned())
                    .or_default()
                    .push(String::from_utf8_lossy(&k[..at]).into_owned());
            }
        }
        for (jid, mut nodes) in by_jid {
            nodes.sort();
            self.put_nodes_of(&jid, &nodes)?;
        }
        self.db.drop_tree(OLD)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Announce, FeedState, Origin};

    #[test]
    fn an_older_store_is_migrated_with_its_items_ids_and_seen_times() {
        let dir = tempfile::tempdir().unwrap();
        {
            // What the older layout wrote for node n: items a (seq 1) and b (seq 2), c seen
            // but trimmed, a prune mark.
            let db = sled::open(dir.path()).unwrap();
            let items = db.open_tree("items").unwrap();
            let idx = db.open_tree("item_idx").unwrap();
            let seen = db.open_tree("seen").unwrap();
            for (seq, id) in [(1u64, "a"), (2, "b")] {
                let item = StoredItem {
                    seq,
                    stored_at: 5,
                    entry: crate::model::Entry::new(id, format!("h{id}")),
                };
                items
                    .insert(key2("n", &seq.to_be_bytes()), encode(&item))
                    .unwrap();
                let mut v = seq.to_be_bytes().to_vec();
                v.extend_from_slice(format!("h{id}").as_bytes());
                idx.insert(key2("n", id.as_bytes()), v).unwrap();
            }
            for id in ["a", "b", "c"] {
                seen.insert(key2("n", id.as_bytes()), &7i64.to_be_bytes())
                    .unwrap();
            }
            seen.insert(key2(PRUNE_MARK, b"n"), &9i64.to_be_bytes())
                .unwrap();
            // And a subscription with its entry in the older JID index.
            let subs = db.open_tree("subs").unwrap();
            subs.insert(key2("n", b"a@x"), &br#"{"created":1}"#[..])
                .unwrap();
            db.open_tree("subs_by_jid")
                .unwrap()
                .insert(key2("a@x", b"n"), &b""[..])
                .unwrap();
            db.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.item_count("n"), 2);
        let ids: Vec<_> = s
            .items("n", 10, None)
            .unwrap()
            .into_iter()
            .map(|i| i.entry.id)
            .collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(s.item_hash("n", "a").unwrap().as_deref(), Some("ha"));
        assert!(s.is_known_unchanged("n", "b", "hb"));
        assert!(s.is_seen("n", "c").unwrap() && s.item("n", "c").unwrap().is_none());
        assert_eq!(s.meta("n").unwrap().last_prune, Some(9));
        assert!(!s.db.tree_names().iter().any(|t| t.as_ref() == b"items"));
        let subs = s.subscriptions_of("a@x").unwrap();
        assert_eq!(subs.len(), 1);
        assert_eq!((subs[0].node.as_str(), subs[0].created), ("n", 1));
        assert!(s.is_subscriber("a@x").unwrap());
        // A fetch afterwards finds nothing new in what was known.
        let f = FeedState::new("n", "http://example.org/", None, Origin::Config);
        let doc = [
            crate::model::Entry::new("b", "hb"),
            crate::model::Entry::new("c", "hc"),
            crate::model::Entry::new("a", "ha"),
        ];
        let applied = s
            .apply_fetch(&f, &doc, &[], 10, 20, Announce::default())
            .unwrap();
        assert!(applied.new.is_empty() && applied.updated.is_empty());
        drop(s);
        // Opening again changes nothing.
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.item_count("n"), 2);
    }
}
