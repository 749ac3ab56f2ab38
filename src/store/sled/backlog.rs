//! Items held for contact subscribers who are away: bounded per subscriber and feed (the
//! oldest dropped first, and counted), handed out oldest first when the subscriber is back.

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::{Backlog, Held, StoredItem};

pub(super) fn held_key(jid: &str, node: &str, seq: u64) -> Vec<u8> {
    let mut k = key2(jid, node.as_bytes());
    k.push(0);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn pair_prefix(jid: &str, node: &str) -> Vec<u8> {
    let mut k = key2(jid, node.as_bytes());
    k.push(0);
    k
}

impl SledStore {
    /// Hold `item` of `node` for `jid`, keeping at most `max` for that subscriber and feed: the
    /// oldest beyond that are dropped and counted.
    pub fn hold(
        &self,
        jid: &str,
        node: &str,
        item: &StoredItem,
        now_ms: i64,
        max: usize,
    ) -> Result<(), StoreError> {
        let held = Held {
            node: node.to_owned(),
            item: item.clone(),
            held_at: now_ms,
        };
        if max > 0 {
            self.backlog
                .insert(held_key(jid, node, item.seq), encode(&held))?;
        }
        let keys: Vec<_> = self
            .backlog
            .scan_prefix(pair_prefix(jid, node))
            .keys()
            .collect::<Result<_, _>>()?;
        let over = keys.len().saturating_sub(max) + usize::from(max == 0);
        if over > 0 {
            for k in keys.iter().take(keys.len().saturating_sub(max)) {
                self.backlog.remove(k)?;
            }
            let sk = key2(jid, node.as_bytes());
            let before = self
                .backlog_skipped
                .get(&sk)?
                .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                .unwrap_or(0);
            self.backlog_skipped
                .insert(sk, &(before + over as u64).to_be_bytes())?;
        }
        Ok(())
    }

    /// Everything held for `jid`, oldest first.
    pub fn backlog(&self, jid: &str) -> Result<Backlog, StoreError> {
        let p = prefix(jid);
        let mut held = Vec::new();
        for r in self.backlog.scan_prefix(&p) {
            let (k, v) = r?;
            held.push(decode::<Held>(&k, &v)?);
        }
        held.sort_by_key(|h| (h.held_at, h.item.seq));
        let mut skipped = Vec::new();
        for r in self.backlog_skipped.scan_prefix(&p) {
            let (k, v) = r?;
            let node = String::from_utf8_lossy(&k[p.len()..]).into_owned();
            let n = v.as_ref().try_into().map(u64::from_be_bytes).unwrap_or(0);
            skipped.push((node, n));
        }
        Ok(Backlog {
            held,
            skipped,
            digested: Vec::new(),
        })
    }

    /// The bare JIDs something waits for.
    pub fn backlog_jids(&self) -> Result<Vec<String>, StoreError> {
        let mut out: Vec<String> = Vec::new();
        for k in self
            .backlog
            .iter()
            .keys()
            .chain(self.backlog_skipped.iter().keys())
        {
            let k = k?;
            let jid = k.split(|b| *b == 0).next().unwrap_or_default();
            let jid = String::from_utf8_lossy(jid).into_owned();
            if out.last() != Some(&jid) && !out.contains(&jid) {
                out.push(jid);
            }
        }
        Ok(out)
    }

    /// Whether anything waits for `jid`.
    pub fn has_backlog(&self, jid: &str) -> bool {
        let p = prefix(jid);
        self.backlog.scan_prefix(&p).next().is_some()
            || self.backlog_skipped.scan_prefix(&p).next().is_some()
    }

    /// Forget what was delivered to `jid`: these held items and the skipped counts.
    pub fn release(&self, jid: &str, delivered: &Backlog) -> Result<(), StoreError> {
        for h in &delivered.held {
            self.backlog.remove(held_key(jid, &h.node, h.item.seq))?;
        }
        for (node, _) in &delivered.skipped {
            self.backlog_skipped.remove(key2(jid, node.as_bytes()))?;
        }
        Ok(())
    }

    /// Drop what is held for `jid` from `node` (the subscription ended).
    pub(super) fn drop_backlog(&self, jid: &str, node: &str) -> Result<(), StoreError> {
        for k in self.backlog.scan_prefix(pair_prefix(jid, node)).keys() {
            self.backlog.remove(k?)?;
        }
        self.backlog_skipped.remove(key2(jid, node.as_bytes()))?;
        Ok(())
    }

    /// Drop what is held from `node` for anybody (the feed was removed).
    /// Remove the held copies of item `seq` of `node` (it was retracted, or purged with
    /// `seq` None): nobody gets it from a backlog afterwards.
    pub(super) fn drop_held(&self, node: &str, seq: Option<u64>) -> Result<(), StoreError> {
        for r in self.backlog.iter() {
            let (k, v) = r?;
            let held: Held = decode(&k, &v)?;
            if held.node == node && seq.is_none_or(|s| held.item.seq == s) {
                self.backlog.remove(k)?;
            }
        }
        Ok(())
    }

    pub(super) fn drop_node_backlog(&self, node: &str) -> Result<(), StoreError> {
        for r in self.backlog.iter() {
            let (k, v) = r?;
            if decode::<Held>(&k, &v)?.node == node {
                self.backlog.remove(k)?;
            }
        }
        for r in self.backlog_skipped.iter() {
            let (k, _) = r?;
            if k.split(|b| *b == 0).nth(1) == Some(node.as_bytes()) {
                self.backlog_skipped.remove(k)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;

    fn item(seq: u64) -> StoredItem {
        StoredItem {
            seq,
            stored_at: 0,
            entry: Entry::new(format!("i{seq}"), "h"),
        }
    }

    #[test]
    fn a_backlog_is_bounded_ordered_and_released() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        for seq in 1..=5 {
            s.hold("a@x", "n", &item(seq), seq as i64, 3).unwrap();
        }
        s.hold("a@x", "m", &item(9), 10, 3).unwrap();
        s.hold("b@x", "n", &item(1), 1, 3).unwrap();
        let b = s.backlog("a@x").unwrap();
        let ids: Vec<_> = b.held.iter().map(|h| h.item.entry.id.as_str()).collect();
        assert_eq!(ids, ["i3", "i4", "i5", "i9"], "oldest dropped, order kept");
        assert_eq!(b.skipped, [("n".to_owned(), 2)]);
        assert!(s.has_backlog("a@x"));
        s.release("a@x", &b).unwrap();
        assert!(!s.has_backlog("a@x"));
        assert!(s.has_backlog("b@x"), "others keep theirs");
        s.drop_node_backlog("n").unwrap();
        assert!(!s.has_backlog("b@x"));
        // A backlog of 0 keeps nothing and counts everything.
        s.hold("c@x", "n", &item(1), 1, 0).unwrap();
        let b = s.backlog("c@x").unwrap();
        assert!(b.held.is_empty() && b.skipped == [("n".to_owned(), 1)]);
        assert_eq!(s.backlog_jids().unwrap(), ["c@x"]);
    }
}
