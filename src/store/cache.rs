//! Every feed's state in memory: read once when the store opens, written through by every
//! write of a feed's state, so that reading one feed or all of them decodes nothing and never
//! waits for the disk. A poll that changes nothing but its times ([`Store::touch_feed`]) only
//! changes memory; [`Store::persist_touched`] writes those lazily (the daemon does it every few
//! minutes and when it stops). A crash loses at most those times: the feeds are then fetched a
//! little early after the restart.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::codec::encode;
use super::{FeedState, Store, StoreError};

/// The feeds in memory.
#[derive(Default)]
pub(super) struct FeedCache {
    /// By node id (the order of the feeds table).
    feeds: RwLock<BTreeMap<String, FeedState>>,
    /// Feeds whose state in memory is newer than on disk (times only).
    touched: Mutex<BTreeSet<String>>,
}

impl FeedCache {
    pub(super) fn read(&self) -> RwLockReadGuard<'_, BTreeMap<String, FeedState>> {
        // A panic while holding the lock cannot leave a half-written map entry.
        self.feeds.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Held while a feed's state is written, so the disk and memory see writes in one order.
    pub(super) fn write(&self) -> RwLockWriteGuard<'_, BTreeMap<String, FeedState>> {
        self.feeds.write().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn untouch(&self, node: &str) {
        self.touched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(node);
    }
}

impl Store {
    /// Read every feed into memory (at open).
    pub(super) fn load_feeds(&self) -> Result<usize, StoreError> {
        let mut map = self.cache.write();
        for r in self.feeds.iter() {
            let (k, v) = r?;
            let f = self.read_feed(&k, &v)?;
            map.insert(f.node.clone(), f);
        }
        Ok(map.len())
    }

    /// Keep `state` in memory only: a poll that changed nothing but its times (last fetch,
    /// next due). Written by [`Store::persist_touched`].
    pub fn touch_feed(&self, state: &FeedState) {
        let mut map = self.cache.write();
        if let Some(cur) = map.get_mut(&state.node) {
            let options = std::mem::take(&mut cur.options);
            *cur = state.clone();
            cur.options = options;
            self.cache
                .touched
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(state.node.clone());
        }
    }

    /// Write the states [`Store::touch_feed`] kept in memory; returns how many.
    pub fn persist_touched(&self) -> Result<usize, StoreError> {
        let nodes =
            std::mem::take(&mut *self.cache.touched.lock().unwrap_or_else(|p| p.into_inner()));
        let map = self.cache.write();
        let mut n = 0;
        for node in nodes {
            if let Some(f) = map.get(&node) {
                self.feeds.insert(node.as_bytes(), encode(f))?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Write a feed's state to disk and memory (its options stay as stored).
    pub(super) fn write_feed(&self, state: &FeedState) -> Result<(), StoreError> {
        let mut map = self.cache.write();
        self.feeds.insert(state.node.as_bytes(), encode(state))?;
        let options = match map.get_mut(&state.node) {
            Some(cur) => std::mem::take(&mut cur.options),
            None => self.stored_options(&state.node)?,
        };
        let mut f = state.clone();
        f.options = options;
        map.insert(f.node.clone(), f);
        drop(map);
        self.cache.untouch(&state.node);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{FeedState, NodeOptions, Origin, Store};

    fn feed(node: &str) -> FeedState {
        FeedState::new(node, "http://example.org/f", None, Origin::Config)
    }

    #[test]
    fn reads_follow_every_write_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.ensure_feed(feed("a")).unwrap();
            s.ensure_feed(feed("b")).unwrap();
            // A second ensure returns what is there.
            let mut other = feed("a");
            other.title = Some("not this".into());
            assert_eq!(s.ensure_feed(other).unwrap().title, None);
            let mut a = s.feed("a").unwrap().unwrap();
            a.title = Some("A".into());
            s.put_feed(&a).unwrap();
            let opts = NodeOptions {
                max_items: Some(3),
                ..NodeOptions::default()
            };
            s.set_node_options("b", &opts).unwrap();
            // A state written back with stale options keeps the stored ones.
            s.put_feed(&feed("b")).unwrap();
            assert_eq!(s.feed("b").unwrap().unwrap().options.max_items, Some(3));
            assert_eq!(s.feed("a").unwrap().unwrap().title.as_deref(), Some("A"));
            s.ensure_feed(feed("c")).unwrap();
            s.remove_feed("c").unwrap();
            assert!(s.feed("c").unwrap().is_none());
            let nodes: Vec<String> = s.feeds().unwrap().into_iter().map(|f| f.node).collect();
            assert_eq!(nodes, ["a", "b"]);
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.feed_count(), 2);
        assert_eq!(s.feed("a").unwrap().unwrap().title.as_deref(), Some("A"));
        assert_eq!(s.feed("b").unwrap().unwrap().options.max_items, Some(3));
    }

    #[test]
    fn touched_times_stay_in_memory_until_persisted() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.ensure_feed(feed("a")).unwrap();
            let mut a = s.feed("a").unwrap().unwrap();
            a.next_due = Some(1_000);
            s.touch_feed(&a);
            assert_eq!(s.feed("a").unwrap().unwrap().next_due, Some(1_000));
            s.flush().unwrap();
        }
        {
            // Not persisted: the disk has the state from before.
            let s = Store::open(dir.path()).unwrap();
            assert_eq!(s.feed("a").unwrap().unwrap().next_due, None);
            let mut a = s.feed("a").unwrap().unwrap();
            a.next_due = Some(2_000);
            s.touch_feed(&a);
            assert_eq!(s.persist_touched().unwrap(), 1);
            assert_eq!(s.persist_touched().unwrap(), 0, "once");
            s.flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.feed("a").unwrap().unwrap().next_due, Some(2_000));
        // Touching a feed that is gone does not bring it back.
        s.remove_feed("a").unwrap();
        s.touch_feed(&feed("a"));
        assert_eq!(s.persist_touched().unwrap(), 0);
        assert!(s.feed("a").unwrap().is_none());
    }
}
