//! Subscriptions (node → JID, with options), kept with their JID → nodes index
//! ([`super::jid_index`]).

use serde::{Deserialize, Serialize};

use super::codec::*;
use super::{Store, StoreError};

/// One subscription and its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// The node. Not in the stored value: the store's key holds it (as the JID), and the
    /// store fills both in when it reads a subscription. Options at their defaults are left
    /// out of the value as well, so 100,000 subscriptions take little room.
    #[serde(default, skip_serializing)]
    pub node: String,
    /// The subscribed (bare) JID, as text.
    #[serde(default, skip_serializing)]
    pub jid: String,
    /// `pubsub#deliver`: false pauses notifications.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub deliver: bool,
    /// `pubsub#show-values`: deliver only while the subscriber's presence is one of these
    /// (chat, online, away, dnd, xa); None means regardless of presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_values: Option<Vec<String>>,
    /// Unix ms.
    pub created: i64,
    /// How new items reach the subscriber.
    #[serde(default, skip_serializing_if = "is_default")]
    pub mode: Mode,
    /// Subscribed through the roster (a presence subscription to the feed's contact JID,
    /// or the `subscribe` chat command): the contact's presence is kept up to date for it, and
    /// removing the contact ends the subscription.
    #[serde(default, skip_serializing_if = "is_default")]
    pub contact: bool,
    /// `pubsub#include_body`: event notifications carry a readable `<body>` too (on unless
    /// the subscriber turns it off), so clients that ignore the event still show something.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub include_body: bool,
    /// Deliveries bounced for good (the account is gone, or refuses them): nothing is sent
    /// until the subscriber shows up again (its next available presence lifts this).
    #[serde(default, skip_serializing_if = "is_default")]
    pub suspended: bool,
    /// Words that decide which items reach this subscriber (the `filter` chat command).
    #[serde(default, skip_serializing_if = "Filter::is_empty")]
    pub filter: Filter,
    /// Items batched into one message per period instead of one message each (contact
    /// subscribers).
    #[serde(default, skip_serializing_if = "is_default")]
    pub digest: Digest,
    /// When the last digest went out (Unix ms; 0: never, the period counts from `created`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub digest_at: i64,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A stored subscription: its value, with the node and JID from its key (`node \0 jid`).
pub(super) fn read_sub(key: &[u8], v: &[u8]) -> Result<Subscription, StoreError> {
    let mut sub: Subscription = decode(key, v)?;
    if let Some(at) = key.iter().position(|b| *b == 0) {
        sub.node = String::from_utf8_lossy(&key[..at]).into_owned();
        sub.jid = String::from_utf8_lossy(&key[at + 1..]).into_owned();
    }
    Ok(sub)
}

/// How often a digest goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Digest {
    /// One message per item.
    #[default]
    Off,
    /// At most one message an hour.
    Hourly,
    /// At most one message a day.
    Daily,
}

impl Digest {
    /// The name users type and see.
    pub fn as_str(self) -> &'static str {
        match self {
            Digest::Off => "off",
            Digest::Hourly => "hourly",
            Digest::Daily => "daily",
        }
    }

    /// The period a user names, if any.
    pub fn parse(s: &str) -> Option<Digest> {
        [Digest::Off, Digest::Hourly, Digest::Daily]
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s))
    }

    /// Its period in ms (None when off).
    pub fn period_ms(self) -> Option<i64> {
        match self {
            Digest::Off => None,
            Digest::Hourly => Some(3_600_000),
            Digest::Daily => Some(86_400_000),
        }
    }
}

impl Subscription {
    /// Whether a digest is due at `now_ms` (its period has passed since the last one).
    pub fn digest_due(&self, now_ms: i64) -> bool {
        self.digest.period_ms().is_some_and(|p| {
            let since = if self.digest_at > 0 {
                self.digest_at
            } else {
                self.created
            };
            now_ms.saturating_sub(since) >= p
        })
    }
}

/// Which items a subscriber wants, by words in their title, summary and link: with `allow`
/// words an item needs one of them, and it must have none of the `deny` words. Words are
/// matched case-insensitively, as whole words or parts of words.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// An item needs one of these (when there are any). Lowercase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// An item must have none of these. Lowercase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
}

impl Filter {
    /// Most words a filter keeps (each list).
    pub const MAX_WORDS: usize = 50;

    /// Whether the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }

    /// Whether an item whose text (title, summary, link: any case) is `text` passes.
    pub fn passes(&self, text: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        let text = text.to_lowercase();
        (self.allow.is_empty() || self.allow.iter().any(|w| text.contains(w.as_str())))
            && !self.deny.iter().any(|w| text.contains(w.as_str()))
    }
}

fn yes() -> bool {
    true
}

/// How a subscriber gets new items.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// XEP-0060 event notifications from the service JID (with a readable body).
    #[default]
    Pubsub,
    /// `chat` messages from the feed's contact JID (`node@component`).
    Chat,
    /// `normal` messages from the contact JID.
    Normal,
    /// `headline` messages from the contact JID (clients show them in passing, servers do
    /// not store them offline).
    Headline,
}

impl Mode {
    /// The name users type and see.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pubsub => "pubsub",
            Mode::Chat => "chat",
            Mode::Normal => "normal",
            Mode::Headline => "headline",
        }
    }

    /// The mode a user names, if any.
    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Pubsub, Mode::Chat, Mode::Normal, Mode::Headline]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
}

/// The domain of a bare JID as text (`user@example.org` → `example.org`).
pub fn jid_domain(jid: &str) -> &str {
    jid.rsplit_once('@').map_or(jid, |(_, d)| d)
}

impl Store {
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
    /// subscription goes before its index entry (see [`Store::put_subscription`]).
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
