//! Bringing a store written by an older feedpush to the current layout, at open.
//!
//! The JID → nodes index ([`super::jid_index`]) had two older layouts: one record per
//! subscription (`subs_by_jid`, `jid \0 node`), then one record per JID listing all its nodes
//! (`jid_nodes`, rewritten whole on every subscribe: a JID with ten thousand subscriptions paid
//! for ten thousand on each). From the first the index is rebuilt from the subscriptions
//! themselves; from the second, record by record. The new index is cleared first and the old
//! tables are dropped last, so a crash in between rebuilds it again at the next open.
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
use super::{SledStore, StoreError};
use crate::model::StoredItem;

/// Where the last prune time of each node was kept (key `PRUNE_MARK \0 node` in `seen`).
const PRUNE_MARK: &str = "\u{1}prune";
const OLD_TABLES: [&str; 3] = ["items", "item_idx", "seen"];

impl SledStore {
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

/// The index with one record per subscription.
const INDEX_PER_SUB: &str = "subs_by_jid";
/// The index with one record per JID, listing all its nodes.
const INDEX_PER_JID: &str = "jid_nodes";

impl SledStore {
    /// Rebuild the JID index from an older layout's when one is there; true when it did.
    pub(super) fn migrate_subs_index(&self) -> Result<bool, StoreError> {
        let names = self.db.tree_names();
        let has = |t: &str| names.iter().any(|n| n.as_ref() == t.as_bytes());
        let (per_sub, per_jid) = (has(INDEX_PER_SUB), has(INDEX_PER_JID));
        if !per_sub && !per_jid {
            return Ok(false);
        }
        self.jid_index.clear()?;
        let mut jids = 0usize;
        if per_sub {
            // From the subscriptions themselves (keyed node first: grouped here).
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
                nodes.dedup();
                self.put_index(&jid, &nodes)?;
                jids += 1;
            }
        } else {
            // Record by record: each lists one JID's nodes.
            let old = self.db.open_tree(INDEX_PER_JID)?;
            for r in old.iter() {
                let (jid, v) = r?;
                let mut nodes: Vec<String> = v
                    .split(|b| *b == 0)
                    .filter(|n| !n.is_empty())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect();
                nodes.sort();
                nodes.dedup();
                self.put_index(&String::from_utf8_lossy(&jid), &nodes)?;
                jids += 1;
            }
        }
        for (t, there) in [(INDEX_PER_JID, per_jid), (INDEX_PER_SUB, per_sub)] {
            if there {
                self.db.drop_tree(t)?;
            }
        }
        tracing::info!(jids, "store: the JID index moved to bounded records");
        Ok(true)
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
        let s = SledStore::open(dir.path()).unwrap();
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
        assert!(!s
            .db
            .tree_names()
            .iter()
            .any(|t| t.as_ref() == INDEX_PER_SUB.as_bytes()));
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
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.item_count("n"), 2);
    }

    #[test]
    fn an_index_of_one_record_per_jid_moves_to_bounded_records() {
        use crate::store::sled::jid_index::BUCKET_NODES;
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<String> = (0..3 * BUCKET_NODES).map(|i| format!("f{i:04}")).collect();
        {
            // What the layout before wrote: subscriptions, and one index record per JID
            // listing its nodes in order (one of them a crash left without its subscription).
            let db = sled::open(dir.path()).unwrap();
            let subs = db.open_tree("subs").unwrap();
            let index = db.open_tree(INDEX_PER_JID).unwrap();
            for n in &big {
                subs.insert(key2(n, b"bot@remote.example"), &br#"{"created":1}"#[..])
                    .unwrap();
            }
            index
                .insert(b"bot@remote.example", big.join("\0").as_bytes())
                .unwrap();
            for n in ["a", "b"] {
                subs.insert(key2(n, b"u@other.example"), &br#"{"created":2}"#[..])
                    .unwrap();
            }
            index
                .insert(b"u@other.example", &b"a\0b\0gone"[..])
                .unwrap();
            db.flush().unwrap();
        }
        let s = SledStore::open(dir.path()).unwrap();
        assert!(!s
            .db
            .tree_names()
            .iter()
            .any(|t| t.as_ref() == INDEX_PER_JID.as_bytes()));
        let of = |jid: &str| -> Vec<String> {
            s.subscriptions_of(jid)
                .unwrap()
                .into_iter()
                .map(|x| x.node)
                .collect()
        };
        assert_eq!(of("bot@remote.example"), big);
        assert_eq!(of("u@other.example"), ["a", "b"], "the leftover is skipped");
        assert_eq!(s.domain_subscriptions("remote.example"), big.len());
        assert!(s.is_subscriber("u@other.example").unwrap());
        assert!(
            s.jid_index.len() >= 3,
            "in records of at most {BUCKET_NODES}"
        );
        // The new layout takes changes, and keeps them.
        s.put_subscription(&crate::model::Subscription {
            node: "f0000a".into(),
            ..s.subscription("f0000", "bot@remote.example")
                .unwrap()
                .unwrap()
        })
        .unwrap();
        assert!(s.unsubscribe("f0001", "bot@remote.example").unwrap());
        s.flush().unwrap();
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        let nodes: Vec<String> = s
            .subscriptions_of("bot@remote.example")
            .unwrap()
            .into_iter()
            .map(|x| x.node)
            .collect();
        assert_eq!(nodes.len(), big.len());
        assert_eq!(&nodes[..3], ["f0000", "f0000a", "f0002"]);
        assert_eq!(s.domain_subscriptions("remote.example"), big.len());
    }
}
