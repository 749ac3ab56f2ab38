//! The JID → nodes index of the subscriptions (the subscriptions themselves are keyed node
//! first, for fan-out): a JID's nodes in order, in records of at most [`BUCKET_NODES`] nodes,
//! so that subscribing, unsubscribing and finding one node cost the same whether the JID has
//! ten subscriptions or a hundred thousand, and a JID with few is one record (a hundred
//! thousand subscriptions of ten thousand users are ten thousand records, not a hundred
//! thousand).
//!
//! A record's key is `jid \0 bound`: its bound is empty for a JID's first record, and the
//! record holds the nodes from its bound up to the next record's bound (value: the nodes,
//! `\0`-separated, in order). A record that grows past [`BUCKET_NODES`] is split in two: the
//! upper half is written as a new record first, then the record is rewritten with the lower
//! half. A crash between the two leaves the upper half in both; readers take from each record
//! only the nodes below the next record's bound, so the leftover copies are never seen, and
//! the record's next write drops them.
//!
//! Which JIDs have more than one record is kept in memory (found at open while the domains'
//! subscriptions are counted, noted before a split writes its second record), so the index of
//! any other JID, nearly all of them, is read with one point read and no range step.

use std::ops::Bound;

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::jid_domain;

/// The index's table.
pub(super) const TREE: &str = "jid_index";
/// Most nodes one index record lists; one more splits it in two.
pub(super) const BUCKET_NODES: usize = 128;

/// The nodes a record lists.
fn split_nodes(v: &[u8]) -> Vec<String> {
    v.split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

fn join_nodes(nodes: &[String]) -> Vec<u8> {
    nodes.join("\0").into_bytes()
}

/// One record of a JID's index: its key, and its nodes below the next record's bound.
struct Bucket {
    key: Vec<u8>,
    nodes: Vec<String>,
}

impl SledStore {
    /// The record of `jid`'s index where `node` belongs (the last whose bound is not above
    /// it), if any.
    fn bucket_of(&self, jid: &str, node: &str) -> Result<Option<Bucket>, StoreError> {
        let p = prefix(jid);
        // Most JIDs have one record (or none): one never split is read with a point read;
        // one that may have been, when no record follows its first, with that and one step
        // forward (a range step, and the backward search below, cost the embedded database
        // far more than a point read).
        if !self.may_have_records_after_the_first(jid) || self.next_bound(&p, &p)?.is_none() {
            return Ok(self.jid_index.get(&p)?.map(|v| Bucket {
                key: p,
                nodes: split_nodes(&v),
            }));
        }
        let k = key2(jid, node.as_bytes());
        let Some(r) = self
            .jid_index
            .range(p.as_slice()..=k.as_slice())
            .next_back()
        else {
            return Ok(None);
        };
        let (key, v) = r?;
        let mut nodes = split_nodes(&v);
        if let Some(upper) = self.next_bound(&p, &key)? {
            nodes.retain(|n| n.as_str() < upper.as_str());
        }
        Ok(Some(Bucket {
            key: key.to_vec(),
            nodes,
        }))
    }

    /// Whether `jid`'s index may have a record after its first (see `multi_record`).
    fn may_have_records_after_the_first(&self, jid: &str) -> bool {
        self.multi_record
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(jid)
    }

    /// Note, before its second record is written, that `jid`'s index has more than one.
    fn note_records_after_the_first(&self, jid: &str) {
        let mut multi = self.multi_record.lock().unwrap_or_else(|p| p.into_inner());
        if !multi.contains(jid) {
            multi.insert(jid.into());
        }
    }

    /// The bound of the record after `key` in the index of the JID whose prefix is `p`.
    fn next_bound(&self, p: &[u8], key: &[u8]) -> Result<Option<String>, StoreError> {
        let next = self
            .jid_index
            .range::<&[u8], _>((Bound::Excluded(key), Bound::Unbounded))
            .next();
        Ok(match next {
            Some(r) => {
                let (k, _) = r?;
                k.strip_prefix(p)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            }
            None => None,
        })
    }

    /// Add `node` to `jid`'s index; false when it is listed already. Called under
    /// `sub_writes`.
    pub(super) fn index_add(&self, jid: &str, node: &str) -> Result<bool, StoreError> {
        let (key, mut nodes) = match self.bucket_of(jid, node)? {
            Some(b) => (b.key, b.nodes),
            // The first record (no record's bound is at or below the node).
            None => (prefix(jid), Vec::new()),
        };
        let Err(at) = nodes.binary_search_by(|n| n.as_str().cmp(node)) else {
            return Ok(false);
        };
        nodes.insert(at, node.to_owned());
        if nodes.len() > BUCKET_NODES {
            // The new record first (see the module's doc): its bound is above the record's own.
            let upper = nodes.split_off(nodes.len() / 2);
            self.note_records_after_the_first(jid);
            self.jid_index
                .insert(key2(jid, upper[0].as_bytes()), join_nodes(&upper))?;
        }
        self.jid_index.insert(key, join_nodes(&nodes))?;
        Ok(true)
    }

    /// Remove `node` from `jid`'s index; false when it was not listed. Called under
    /// `sub_writes`.
    pub(super) fn index_remove(&self, jid: &str, node: &str) -> Result<bool, StoreError> {
        let Some(Bucket { key, mut nodes }) = self.bucket_of(jid, node)? else {
            return Ok(false);
        };
        let Ok(at) = nodes.binary_search_by(|n| n.as_str().cmp(node)) else {
            return Ok(false);
        };
        nodes.remove(at);
        if !nodes.is_empty() {
            self.jid_index.insert(key, join_nodes(&nodes))?;
            return Ok(true);
        }
        // An emptied record goes; copies an interrupted split left in the record before it
        // (which would show again without this record's bound) go first.
        let p = prefix(jid);
        if key.len() > p.len() {
            if let Some(r) = self
                .jid_index
                .range(p.as_slice()..key.as_slice())
                .next_back()
            {
                let (prev, v) = r?;
                let bound = String::from_utf8_lossy(&key[p.len()..]).into_owned();
                let mut kept = split_nodes(&v);
                let before = kept.len();
                kept.retain(|n| n.as_str() < bound.as_str());
                if kept.len() != before {
                    self.jid_index.insert(prev, join_nodes(&kept))?;
                }
            }
        }
        self.jid_index.remove(key)?;
        Ok(true)
    }

    /// The nodes `jid`'s index lists, in order (a crash may leave one whose subscription is
    /// gone: readers check).
    pub(super) fn nodes_of(&self, jid: &str) -> Result<Vec<String>, StoreError> {
        let p = prefix(jid);
        let mut out: Vec<String> = Vec::new();
        for r in self.jid_index.scan_prefix(&p) {
            let (k, v) = r?;
            let bound = String::from_utf8_lossy(&k[p.len()..]);
            // Copies an interrupted split left in the record before.
            while out.last().is_some_and(|n| n.as_str() >= &*bound) {
                out.pop();
            }
            out.extend(split_nodes(&v));
        }
        Ok(out)
    }

    /// The first `limit` nodes `jid` has a subscription to, in order: the index is read a
    /// record at a time, only as far as needed.
    pub fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let p = prefix(jid);
        let mut out: Vec<String> = Vec::new();
        let mut records = self.jid_index.scan_prefix(&p).peekable();
        while let Some(r) = records.next() {
            let (_, v) = r?;
            // Copies an interrupted split left (at or above the next record's bound) are not
            // this record's.
            let bound = match records.peek() {
                Some(Ok((k, _))) => Some(k[p.len()..].to_vec()),
                _ => None,
            };
            for node in split_nodes(&v) {
                if bound
                    .as_ref()
                    .is_some_and(|b| node.as_bytes() >= b.as_slice())
                {
                    break;
                }
                if out.len() >= limit {
                    return Ok(out);
                }
                if self.subs.contains_key(key2(&node, jid.as_bytes()))? {
                    out.push(node);
                }
            }
        }
        Ok(out)
    }

    /// Whether `jid`'s index lists a node whose subscription is there (one that a crash left
    /// without its subscription does not count); stops at the first.
    pub(super) fn has_indexed_subscription(&self, jid: &str) -> Result<bool, StoreError> {
        for r in self.jid_index.scan_prefix(prefix(jid)) {
            let (_, v) = r?;
            for node in v.split(|b| *b == 0).filter(|n| !n.is_empty()) {
                let mut k = Vec::with_capacity(node.len() + 1 + jid.len());
                k.extend_from_slice(node);
                k.push(0);
                k.extend_from_slice(jid.as_bytes());
                if self.subs.contains_key(k)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Write a JID's whole index (its nodes in order, none listed yet), in full records: what
    /// the migrations rebuild.
    pub(super) fn put_index(&self, jid: &str, nodes: &[String]) -> Result<(), StoreError> {
        if nodes.len() > BUCKET_NODES {
            self.note_records_after_the_first(jid);
        }
        for (i, chunk) in nodes.chunks(BUCKET_NODES).enumerate() {
            let key = match i {
                0 => prefix(jid),
                _ => key2(jid, chunk[0].as_bytes()),
            };
            self.jid_index.insert(key, join_nodes(chunk))?;
        }
        Ok(())
    }

    /// Count every domain's subscriptions from the JID index (at open: one record per
    /// subscriber with up to [`BUCKET_NODES`] nodes, not one per subscription), and note the
    /// JIDs whose index has more than one record.
    pub(super) fn count_domain_subscriptions(&self) -> Result<(), StoreError> {
        let mut counts = std::collections::HashMap::<String, usize>::new();
        let mut add = |jid: &[u8], n: usize| {
            if n > 0 {
                let jid = String::from_utf8_lossy(jid);
                *counts.entry(jid_domain(&jid).to_owned()).or_insert(0) += n;
            }
        };
        // The JID being read, the nodes of its records before the last, and the last's nodes
        // (the only ones a record's bound can cut).
        let (mut jid, mut before, mut last) = (Vec::new(), 0usize, Vec::<Vec<u8>>::new());
        for r in self.jid_index.iter() {
            let (k, v) = r?;
            let Some(at) = k.iter().position(|b| *b == 0) else {
                continue;
            };
            let (j, bound) = (&k[..at], &k[at + 1..]);
            if !bound.is_empty() {
                self.note_records_after_the_first(&String::from_utf8_lossy(j));
            }
            if j != jid.as_slice() {
                add(&jid, before + last.len());
                jid = j.to_vec();
                before = 0;
                last.clear();
            }
            last.retain(|n| n.as_slice() < bound);
            before += last.len();
            last = v
                .split(|b| *b == 0)
                .filter(|n| !n.is_empty())
                .map(<[u8]>::to_vec)
                .collect();
        }
        add(&jid, before + last.len());
        *self.domain_subs.lock().unwrap_or_else(|p| p.into_inner()) = counts;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("n{i:05}")).collect()
    }

    #[test]
    fn a_big_index_is_split_into_bounded_records_and_reads_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let all = nodes(0..1_000);
        // Added out of order, some twice.
        for n in all.iter().rev().chain(all.iter().step_by(7)) {
            s.index_add("a@x", n).unwrap();
        }
        assert_eq!(s.nodes_of("a@x").unwrap(), all);
        let records: Vec<usize> = s
            .jid_index
            .scan_prefix(prefix("a@x"))
            .values()
            .map(|v| split_nodes(&v.unwrap()).len())
            .collect();
        assert!(records.len() > 1_000 / BUCKET_NODES, "{records:?}");
        assert!(records.iter().all(|n| *n <= BUCKET_NODES), "{records:?}");
        assert!(s.may_have_records_after_the_first("a@x"));
        assert!(!s.may_have_records_after_the_first("b@x"));
        // Another JID's index is apart.
        s.index_add("a@xy", "n00001").unwrap();
        assert_eq!(s.nodes_of("a@xy").unwrap(), ["n00001"]);
        // Removing every other node, then all, leaves nothing behind.
        for n in all.iter().step_by(2) {
            assert!(s.index_remove("a@x", n).unwrap());
            assert!(!s.index_remove("a@x", n).unwrap());
        }
        let odd: Vec<String> = all.iter().skip(1).step_by(2).cloned().collect();
        assert_eq!(s.nodes_of("a@x").unwrap(), odd);
        for n in &odd {
            assert!(s.index_remove("a@x", n).unwrap());
        }
        assert!(s.nodes_of("a@x").unwrap().is_empty());
        assert_eq!(s.jid_index.scan_prefix(prefix("a@x")).count(), 0);
        // And it grows again from nothing.
        s.index_add("a@x", "n00500").unwrap();
        s.index_add("a@x", "n00001").unwrap();
        assert_eq!(s.nodes_of("a@x").unwrap(), ["n00001", "n00500"]);
    }

    #[test]
    fn a_split_cut_off_between_its_two_writes_reads_as_if_it_had_finished() {
        let dir = tempfile::tempdir().unwrap();
        let all = nodes(0..BUCKET_NODES + 1);
        {
            let s = SledStore::open(dir.path()).unwrap();
            // What a kill -9 after a split's first write leaves: the full record, and its upper
            // half as a record of its own.
            let upper = &all[all.len() / 2..];
            s.jid_index
                .insert(key2("a@x", upper[0].as_bytes()), join_nodes(upper))
                .unwrap();
            s.jid_index.insert(prefix("a@x"), join_nodes(&all)).unwrap();
            s.flush().unwrap();
        }
        let s = SledStore::open(dir.path()).unwrap();
        assert!(
            s.may_have_records_after_the_first("a@x"),
            "a JID with a record after its first is found at open"
        );
        assert_eq!(s.nodes_of("a@x").unwrap(), all, "each node once");
        // With subscriptions for all of them, the first nodes are found once each, in order.
        for n in &all {
            s.subs
                .insert(key2(n, b"a@x"), &br#"{"created":1}"#[..])
                .unwrap();
        }
        assert_eq!(
            s.subscribed_nodes("a@x", all.len() + 5).unwrap(),
            all,
            "each once"
        );
        assert_eq!(s.subscribed_nodes("a@x", 2).unwrap(), &all[..2]);
        assert_eq!(s.domain_subscriptions("x"), all.len(), "counted once");
        // Emptying the upper record does not bring the leftover copies back.
        for n in &all[all.len() / 2..] {
            assert!(s.index_remove("a@x", n).unwrap());
        }
        assert_eq!(s.nodes_of("a@x").unwrap(), &all[..all.len() / 2]);
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.domain_subscriptions("x"), all.len() / 2);
    }
}
