//! Every feed's state in memory ([`super::cache`]) with the indexes that let a request find
//! what it needs without reading every feed: a feed by its normalised URL, the service's own
//! feeds by their redacted URL (a URL pasted from a redacted view), nodes by their lowercase
//! form (a contact's localpart), the user-added feeds, and the feeds counted by health. Every
//! change of the map goes through [`Feeds::insert`] and [`Feeds::remove`], which keep the
//! indexes with it; the queries are answered in `impl SledStore` below.
//!
//! URLs are indexed by a hash of their text (the candidates are checked against the feed's
//! own URL), so the indexes add a few dozen bytes per feed, not another copy of every URL.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Bound;

use super::{SledStore, StoreError};
use crate::model::{FeedState, Origin};
use crate::store::feed_keys::{health_label, is_user, normalised, shown};

/// Every feed's state by node, and its indexes.
#[derive(Default)]
pub(super) struct Feeds {
    /// By node id (the order of the feeds table).
    by_node: BTreeMap<String, FeedState>,
    /// Nodes by the hash of their normalised URL.
    by_url: HashMap<u64, Vec<Box<str>>>,
    /// Nodes that are not user-added and whose redacted URL withholds something, by the hash
    /// of that redacted URL.
    by_shown: HashMap<u64, Vec<Box<str>>>,
    /// Nodes with ASCII capitals, by their lowercase form.
    folded: HashMap<String, Vec<Box<str>>>,
    /// User-added feeds.
    users: BTreeSet<String>,
    /// Feeds by the health shown to operators ([`health_label`]).
    health: BTreeMap<&'static str, u64>,
}

/// A fixed hash of a text (the same in every process: no random seed is needed here, the
/// candidates are checked).
fn text_hash(s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The lowercase form of a node that has ASCII capitals.
fn fold(node: &str) -> Option<String> {
    node.bytes()
        .any(|b| b.is_ascii_uppercase())
        .then(|| node.to_ascii_lowercase())
}

fn add(map: &mut HashMap<u64, Vec<Box<str>>>, key: Option<String>, node: &str) {
    if let Some(k) = key {
        map.entry(text_hash(&k)).or_default().push(node.into());
    }
}

fn drop_from<K: Hash + Eq>(map: &mut HashMap<K, Vec<Box<str>>>, key: K, node: &str) {
    if let Some(v) = map.get_mut(&key) {
        v.retain(|n| &**n != node);
        if v.is_empty() {
            map.remove(&key);
        }
    }
}

impl Feeds {
    /// One feed.
    pub(super) fn get(&self, node: &str) -> Option<&FeedState> {
        self.by_node.get(node)
    }

    /// One feed, to change what no index covers (its times, its options): never its URL,
    /// origin or health.
    pub(super) fn get_mut(&mut self, node: &str) -> Option<&mut FeedState> {
        self.by_node.get_mut(node)
    }

    /// Every feed, by node.
    pub(super) fn values(&self) -> impl Iterator<Item = &FeedState> {
        self.by_node.values()
    }

    /// Store a feed's state (new, or replacing its older state), indexes with it.
    pub(super) fn insert(&mut self, f: FeedState) {
        let old = self.by_node.get(&f.node);
        let (same_url, old_label) = match old {
            Some(o) => (
                o.url == f.url && is_user(o) == is_user(&f),
                Some(health_label(o)),
            ),
            None => (false, None),
        };
        if !same_url {
            if let Some(o) = old {
                let (url, shown_as) = (normalised(o), shown(o));
                if let Some(u) = url {
                    drop_from(&mut self.by_url, text_hash(&u), &f.node);
                }
                if let Some(s) = shown_as {
                    drop_from(&mut self.by_shown, text_hash(&s), &f.node);
                }
            }
            add(&mut self.by_url, normalised(&f), &f.node);
            add(&mut self.by_shown, shown(&f), &f.node);
        }
        if old.is_none() {
            if let Some(lower) = fold(&f.node) {
                self.folded
                    .entry(lower)
                    .or_default()
                    .push(f.node.as_str().into());
            }
        }
        if is_user(&f) {
            if !self.users.contains(&f.node) {
                self.users.insert(f.node.clone());
            }
        } else {
            self.users.remove(&f.node);
        }
        let label = health_label(&f);
        if old_label != Some(label) {
            if let Some(l) = old_label {
                self.count(l, false);
            }
            self.count(label, true);
        }
        self.by_node.insert(f.node.clone(), f);
    }

    /// Remove a feed's state, and it from the indexes.
    pub(super) fn remove(&mut self, node: &str) -> Option<FeedState> {
        let o = self.by_node.remove(node)?;
        if let Some(u) = normalised(&o) {
            drop_from(&mut self.by_url, text_hash(&u), node);
        }
        if let Some(s) = shown(&o) {
            drop_from(&mut self.by_shown, text_hash(&s), node);
        }
        if let Some(lower) = fold(node) {
            drop_from(&mut self.folded, lower, node);
        }
        self.users.remove(node);
        self.count(health_label(&o), false);
        Some(o)
    }

    fn count(&mut self, label: &'static str, up: bool) {
        let n = self.health.entry(label).or_insert(0);
        if up {
            *n += 1;
        } else {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.health.remove(label);
            }
        }
    }

    /// Feeds counted by health (`ok`, `transient-error`, …; `push` for push nodes), by name.
    pub(super) fn by_health(&self) -> Vec<(String, u64)> {
        self.health
            .iter()
            .map(|(k, n)| ((*k).to_owned(), *n))
            .collect()
    }

    /// The first feed by node among `candidates` that `keep` accepts.
    fn first<'a>(
        &'a self,
        candidates: impl Iterator<Item = &'a str>,
        keep: impl Fn(&FeedState) -> bool,
    ) -> Option<&'a FeedState> {
        candidates
            .filter_map(|n| self.by_node.get(n))
            .filter(|f| keep(f))
            .min_by(|a, b| a.node.cmp(&b.node))
    }
}

impl SledStore {
    /// The feed whose URL normalises to `url` (normalised already, as
    /// [`crate::net::normalize_url`] writes it); the first by node when several do.
    pub fn feed_by_url(&self, url: &str) -> Option<FeedState> {
        let map = self.cache.read();
        let candidates = map.by_url.get(&text_hash(url))?;
        map.first(candidates.iter().map(|n| &**n), |f| {
            normalised(f).as_deref() == Some(url)
        })
        .cloned()
    }

    /// The service's own feeds (not user-added) whose redacted URL
    /// ([`crate::net::redact_str`]) is `shown`, by node.
    pub fn feeds_shown_as(&self, shown_url: &str) -> Vec<FeedState> {
        let map = self.cache.read();
        let Some(candidates) = map.by_shown.get(&text_hash(shown_url)) else {
            return Vec::new();
        };
        let mut out: Vec<FeedState> = candidates
            .iter()
            .filter_map(|n| map.by_node.get(&**n))
            .filter(|f| shown(f).as_deref() == Some(shown_url))
            .cloned()
            .collect();
        out.sort_by(|a, b| a.node.cmp(&b.node));
        out
    }

    /// The feed whose node is `node` but for ASCII case (a JID's localpart, which servers
    /// lowercase); the first by node when several are.
    pub fn feed_folded(&self, node: &str) -> Option<FeedState> {
        let lower = node.to_ascii_lowercase();
        let map = self.cache.read();
        let capitals = map.folded.get(&lower).into_iter().flatten().map(|n| &**n);
        map.first(std::iter::once(lower.as_str()).chain(capitals), |f| {
            f.node.eq_ignore_ascii_case(node)
        })
        .cloned()
    }

    /// Feeds by node after `after` (or from the first), the first `skip` of them left out, at
    /// most `limit`; user-added feeds only when `users`.
    pub fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Vec<FeedState> {
        let map = self.cache.read();
        let start = match after {
            Some(a) => Bound::Excluded(a),
            None => Bound::Unbounded,
        };
        map.by_node
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, f)| f)
            .filter(|f| users || !is_user(f))
            .skip(skip)
            .take(limit)
            .cloned()
            .collect()
    }

    /// Feeds on the service; user-added ones only when `users`.
    pub fn feed_count(&self, users: bool) -> usize {
        let map = self.cache.read();
        if users {
            map.by_node.len()
        } else {
            map.by_node.len() - map.users.len()
        }
    }

    /// The user-added feeds, by node, with the JID that added each.
    pub(super) fn user_feeds(&self) -> Vec<(String, String)> {
        let map = self.cache.read();
        map.users
            .iter()
            .filter_map(|n| match &map.by_node.get(n)?.origin {
                Origin::User { owner } => Some((n.clone(), owner.clone())),
                _ => None,
            })
            .collect()
    }

    /// Number of user-added feeds on the service (kept counted).
    pub fn user_feed_count(&self) -> Result<usize, StoreError> {
        Ok(self.cache.read().users.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{FeedState, Health, Origin};
    use crate::store::sled::SledStore;

    fn feed(node: &str, url: &str, origin: Origin) -> FeedState {
        FeedState::new(node, url, None, origin)
    }

    #[test]
    fn feeds_are_found_by_url_page_and_case_through_every_change() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SledStore::open(dir.path()).unwrap();
            s.ensure_feed(feed("b", "HTTP://Example.org:80/f#x", Origin::Config))
                .unwrap();
            s.ensure_feed(feed("a", "http://example.org/f", Origin::Config))
                .unwrap();
            s.ensure_feed(feed(
                "Caps",
                "http://example.org/c?key=secret",
                Origin::Config,
            ))
            .unwrap();
            let user = Origin::User {
                owner: "u@x".into(),
            };
            s.ensure_feed(feed("u-1", "http://example.org/u?key=1", user.clone()))
                .unwrap();
            s.ensure_feed(FeedState::push("p", None, Origin::Push))
                .unwrap();
            // Both spellings normalise alike: the first by node.
            assert_eq!(
                s.feed_by_url("http://example.org/f").map(|f| f.node),
                Some("a".into())
            );
            assert!(s.feed_by_url("http://example.org/none").is_none());
            // Redacted: only the service's own feeds.
            let shown: Vec<String> = s
                .feeds_shown_as("http://example.org/c?key=…")
                .into_iter()
                .map(|f| f.node)
                .collect();
            assert_eq!(shown, ["Caps"]);
            assert!(s.feeds_shown_as("http://example.org/u?key=…").is_empty());
            assert_eq!(s.feed_folded("caps").map(|f| f.node), Some("Caps".into()));
            assert_eq!(s.feed_folded("A").map(|f| f.node), Some("a".into()));
            assert!(s.feed_folded("nothing").is_none());
            // Pages by node, with or without the users' feeds.
            let page = |after: Option<&str>, skip, users| -> Vec<String> {
                s.feeds_page(after, skip, 2, users)
                    .into_iter()
                    .map(|f| f.node)
                    .collect()
            };
            assert_eq!(page(None, 0, false), ["Caps", "a"]);
            assert_eq!(page(Some("a"), 0, false), ["b", "p"]);
            assert_eq!(page(Some("b"), 0, true), ["p", "u-1"]);
            assert_eq!(page(None, 3, false), ["p"]);
            assert_eq!((s.feed_count(true), s.feed_count(false)), (5, 4));
            assert_eq!(s.user_feed_count().unwrap(), 1);
            // A URL changed, a user's feed adopted, a feed removed: the indexes follow.
            let mut b = s.feed("b").unwrap().unwrap();
            b.url = "http://example.org/moved".into();
            b.health = Health::Ok;
            s.put_feed(&b).unwrap();
            assert_eq!(
                s.feed_by_url("http://example.org/moved").map(|f| f.node),
                Some("b".into())
            );
            let mut u = s.feed("u-1").unwrap().unwrap();
            u.origin = Origin::Operator { by: "ops".into() };
            s.put_feed(&u).unwrap();
            assert_eq!(s.user_feed_count().unwrap(), 0);
            assert_eq!(s.feeds_shown_as("http://example.org/u?key=…").len(), 1);
            s.remove_feed("a").unwrap();
            assert_eq!(
                s.feed_by_url("http://example.org/f").map(|f| f.node),
                None,
                "b moved away and a is gone"
            );
            let stats = s.stats().unwrap();
            assert_eq!(
                stats.feeds_by_health,
                [
                    ("new".to_owned(), 2),
                    ("ok".to_owned(), 1),
                    ("push".to_owned(), 1)
                ]
            );
            s.flush().unwrap();
        }
        // Built again at open.
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(
            s.feed_by_url("http://example.org/moved").map(|f| f.node),
            Some("b".into())
        );
        assert_eq!(s.feed_folded("CAPS").map(|f| f.node), Some("Caps".into()));
        assert_eq!(s.feed_count(false), 4);
        assert_eq!(
            s.stats().unwrap().feeds_by_health,
            [
                ("new".to_owned(), 2),
                ("ok".to_owned(), 1),
                ("push".to_owned(), 1)
            ]
        );
    }
}
