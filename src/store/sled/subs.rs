//! Subscriptions (node → JID, with options), kept with their JID → nodes index
//! ([`super::jid_index`]).

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::{jid_domain, Subscription};

/// A stored subscription: its value, with the node and JID from its key (`node \0 jid`).
pub(super) fn read_sub(key: &[u8], v: &[u8]) -> Result<Subscription, StoreError> {
    let mut sub: Subscription = decode(key, v)?;
    if let Some(at) = key.iter().position(|b| *b == 0) {
        sub.node = String::from_utf8_lossy(&key[..at]).into_owned();
        sub.jid = String::from_utf8_lossy(&key[at + 1..]).into_owned();
    }
    Ok(sub)
}

impl SledStore {
    /// One subscription.
    pub fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
        let k = key2(node, jid.as_bytes());
        self.subs.get(&k)?.map(|v| read_sub(&k, &v)).transpose()
    }

    /// Store a subscription (new, or with changed options) and its JID index entry.
    ///
    /// No transaction (a sled transaction writes its own log buffer: it cost more than the
    /// rest of a subscription together). The index entry is written first: whatever prefix of
    /// the two writes a crash leaves, every subscription has its index entry, and an index
    /// entry without a subscription is skipped by its readers.
    pub fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        // The pair of writes is one step for other writers of the same pair (a digest writing
        // back its time while the subscriber leaves).
        let _turn = self.sub_writes.lock().unwrap_or_else(|p| p.into_inner());
        if self.index_add(&sub.jid, &sub.node)? {
            self.count_domain(&sub.jid, true);
        }
        self.subs
            .insert(key2(&sub.node, sub.jid.as_bytes()), encode(sub))?;
        Ok(())
    }

    /// Remove a subscription (and what its backlog holds); false when there was none. The
    /// subscription goes before its index entry (see [`SledStore::put_subscription`]).
    pub fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError> {
        self.drop_backlog(jid, node)?;
        let _turn = self.sub_writes.lock().unwrap_or_else(|p| p.into_inner());
        let existed = self.subs.remove(key2(node, jid.as_bytes()))?.is_some();
        if self.index_remove(jid, node)? {
            self.count_domain(jid, false);
        }
        Ok(existed)
    }

    /// Subscriptions of JIDs of `domain` (as the JID index lists them; a crash may leave an
    /// entry whose subscription is gone, counted until it is removed). One map read.
    pub fn domain_subscriptions(&self, domain: &str) -> usize {
        self.domain_subs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(domain)
            .copied()
            .unwrap_or(0)
    }

    /// One more (or one fewer) subscription of `jid`'s domain; called with the index entry's
    /// write, under `sub_writes`.
    fn count_domain(&self, jid: &str, added: bool) {
        let domain = jid_domain(jid);
        let mut counts = self.domain_subs.lock().unwrap_or_else(|p| p.into_inner());
        if added {
            *counts.entry(domain.to_owned()).or_insert(0) += 1;
        } else if let Some(n) = counts.get_mut(domain) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(domain);
            }
        }
    }

    /// The bare JIDs that follow `node` as a contact.
    pub fn contact_jids(&self, node: &str) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for r in self.subs.scan_prefix(prefix(node)) {
            let (k, v) = r?;
            let sub = read_sub(&k, &v)?;
            if sub.contact {
                out.push(sub.jid);
            }
        }
        Ok(out)
    }

    /// One (node, bare JID) per JID that follows a feed as a contact (the first node in order).
    pub fn contact_subscribers(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for r in self.subs.iter() {
            let (k, v) = r?;
            let sub = read_sub(&k, &v)?;
            if sub.contact && seen.insert(sub.jid.clone()) {
                out.push((sub.node, sub.jid));
            }
        }
        Ok(out)
    }

    /// Subscriptions of one JID, ordered by node.
    pub fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        let mut out = Vec::new();
        for node in self.nodes_of(jid)? {
            if let Some(s) = self.subscription(&node, jid)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Subscribers of a node whose JID sorts after `after`, at most `limit`, in JID order.
    pub fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError> {
        let p = prefix(node);
        let iter = match after {
            Some(a) => {
                let mut start = key2(node, a.as_bytes());
                start.push(0);
                let mut end = p.clone();
                *end.last_mut().expect("prefix ends in a separator") = 1;
                self.subs.range(start..end)
            }
            None => self.subs.scan_prefix(&p),
        };
        iter.take(limit)
            .map(|r| {
                let (k, v) = r?;
                read_sub(&k, &v)
            })
            .collect()
    }

    /// Subscribers of a node.
    pub fn subscriber_count(&self, node: &str) -> usize {
        self.subs.scan_prefix(prefix(node)).count()
    }

    /// Whether a node has at least one subscriber (one key read, not a count).
    pub fn has_subscribers(&self, node: &str) -> Result<bool, StoreError> {
        Ok(self
            .subs
            .scan_prefix(prefix(node))
            .next()
            .transpose()?
            .is_some())
    }

    /// Whether a JID has any subscription (an index entry a crash left without its
    /// subscription does not count).
    pub fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        self.has_indexed_subscription(jid)
    }
}
