//! Every feed's state in memory: read once when the store opens, written through by every
//! write of a feed's state, so that reading one feed or all of them decodes nothing and never
//! waits for the disk. A poll that changes nothing but its times ([`SledStore::touch_feed`]) only
//! changes memory; [`SledStore::persist_touched`] writes those lazily (the daemon does it every
//! 15 minutes and when it stops). A crash loses at most those times: the feeds are then
//! fetched early after the restart.
//!
//! Writers of a feed's state take `writing` for the disk write and its memory update, so disk
//! and memory see writes in one order; the map's own lock is held only to change memory, never
//! across disk I/O, so readers on the async threads never wait for the disk.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::codec::encode;
use super::feed_index::Feeds;
use super::{SledStore, StoreError};
use crate::model::FeedState;

/// Feed states written to disk at once by [`SledStore::persist_touched`] before other writers get
/// a turn.
const PERSIST_CHUNK: usize = 256;

/// The feeds in memory.
#[derive(Default)]
pub(super) struct FeedCache {
    /// By node id (the order of the feeds table), with their indexes.
    feeds: RwLock<Feeds>,
    /// Feeds whose state in memory is newer than on disk (times only).
    touched: Mutex<BTreeSet<String>>,
    /// Held by writers of feed states across the disk write and the memory update.
    writing: Mutex<()>,
}

impl FeedCache {
    pub(super) fn read(&self) -> RwLockReadGuard<'_, Feeds> {
        // A panic while holding the lock cannot leave a half-written map entry.
        self.feeds.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The map, to change memory (never held across disk I/O).
    pub(super) fn write(&self) -> RwLockWriteGuard<'_, Feeds> {
        self.feeds.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The writers' turn: held across a feed state's disk write and its memory update.
    pub(super) fn writer(&self) -> MutexGuard<'_, ()> {
        self.writing.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn touched(&self) -> MutexGuard<'_, BTreeSet<String>> {
        self.touched.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn untouch(&self, node: &str) {
        self.touched().remove(node);
    }
}

impl SledStore {
    /// Read every feed into memory (at open). A record that does not decode is left out (and
    /// logged; `feedpush store verify` lists it), so one bad record cannot keep the store, or
    /// the tools that repair it, from opening.
    pub(super) fn load_feeds(&self) -> Result<usize, StoreError> {
        let mut loaded = Feeds::default();
        let mut n = 0;
        for r in self.feeds.iter() {
            let (k, v) = r?;
            match self.read_feed(&k, &v) {
                Ok(f) => {
                    loaded.insert(f);
                    n += 1;
                }
                Err(e) => {
                    tracing::error!(error = %e, "a feed's record does not decode; it is left out")
                }
            }
        }
        *self.cache.write() = loaded;
        Ok(n)
    }

    /// A poll changed nothing but `state`'s times (last fetch, next due): they are set on the
    /// feed in memory only (whatever else was written meanwhile stays), and written by
    /// [`SledStore::persist_touched`].
    pub fn touch_feed(&self, state: &FeedState) {
        let mut map = self.cache.write();
        if let Some(cur) = map.get_mut(&state.node) {
            cur.last_fetch = state.last_fetch;
            cur.next_due = state.next_due;
            drop(map);
            let mut touched = self.cache.touched();
            // The name is copied once per persist period, not on every poll.
            if !touched.contains(&state.node) {
                touched.insert(state.node.clone());
            }
        }
    }

    /// Write the states [`SledStore::touch_feed`] kept in memory; returns how many. Ones that could
    /// not be written stay to be written next time.
    pub fn persist_touched(&self) -> Result<usize, StoreError> {
        let nodes: Vec<String> = std::mem::take(&mut *self.cache.touched())
            .into_iter()
            .collect();
        let mut n = 0;
        for (i, chunk) in nodes.chunks(PERSIST_CHUNK).enumerate() {
            let _turn = self.cache.writer();
            let states: Vec<(String, Vec<u8>)> = {
                let map = self.cache.read();
                chunk
                    .iter()
                    .filter_map(|node| map.get(node).map(|f| (node.clone(), encode(f))))
                    .collect()
            };
            for (j, (node, v)) in states.iter().enumerate() {
                if let Err(e) = self.feeds.insert(node.as_bytes(), v.as_slice()) {
                    let mut left = self.cache.touched();
                    left.extend(states[j..].iter().map(|(n, _)| n.clone()));
                    left.extend(nodes[(i + 1) * PERSIST_CHUNK..].iter().cloned());
                    return Err(e.into());
                }
                n += 1;
            }
        }
        Ok(n)
    }

    /// Write a feed's state to disk and memory (its options stay as stored). Unless `create`,
    /// a feed that is not there (removed meanwhile) is not written: it stays removed.
    pub(super) fn write_feed(&self, state: &FeedState, create: bool) -> Result<bool, StoreError> {
        let _turn = self.cache.writer();
        let options = match self.cache.read().get(&state.node) {
            Some(cur) => Some(cur.options.clone()),
            None if !create => return Ok(false),
            None => None,
        };
        let options = match options {
            Some(o) => o,
            None => self.stored_options(&state.node)?,
        };
        self.feeds.insert(state.node.as_bytes(), encode(state))?;
        self.cache.untouch(&state.node);
        let mut f = state.clone();
        f.options = options;
        self.cache.write().insert(f);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{FeedState, NodeOptions, Origin};
    use crate::store::sled::SledStore;

    fn feed(node: &str) -> FeedState {
        FeedState::new(node, "http://example.org/f", None, Origin::Config)
    }

    #[test]
    fn reads_follow_every_write_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SledStore::open(dir.path()).unwrap();
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
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.feeds().unwrap().len(), 2);
        assert_eq!(s.feed("a").unwrap().unwrap().title.as_deref(), Some("A"));
        assert_eq!(s.feed("b").unwrap().unwrap().options.max_items, Some(3));
    }

    #[test]
    fn touched_times_stay_in_memory_until_persisted() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SledStore::open(dir.path()).unwrap();
            s.ensure_feed(feed("a")).unwrap();
            let mut a = s.feed("a").unwrap().unwrap();
            a.next_due = Some(1_000);
            s.touch_feed(&a);
            assert_eq!(s.feed("a").unwrap().unwrap().next_due, Some(1_000));
            s.flush().unwrap();
        }
        {
            // Not persisted: the disk has the state from before.
            let s = SledStore::open(dir.path()).unwrap();
            assert_eq!(s.feed("a").unwrap().unwrap().next_due, None);
            let mut a = s.feed("a").unwrap().unwrap();
            a.next_due = Some(2_000);
            s.touch_feed(&a);
            assert_eq!(s.persist_touched().unwrap(), 1);
            assert_eq!(s.persist_touched().unwrap(), 0, "once");
            s.flush().unwrap();
        }
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.feed("a").unwrap().unwrap().next_due, Some(2_000));
        // Touching a feed that is gone does not bring it back.
        s.remove_feed("a").unwrap();
        s.touch_feed(&feed("a"));
        assert_eq!(s.persist_touched().unwrap(), 0);
        assert!(s.feed("a").unwrap().is_none());
    }

    #[test]
    fn a_poll_neither_undoes_other_writes_nor_brings_a_feed_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.ensure_feed(feed("a")).unwrap();
        // A poll read the state; meanwhile an owner retitled the feed.
        let polled = s.feed("a").unwrap().unwrap();
        let mut retitled = polled.clone();
        retitled.title = Some("New title".into());
        s.put_feed(&retitled).unwrap();
        let mut quiet = polled;
        quiet.next_due = Some(5_000);
        s.touch_feed(&quiet);
        let now = s.feed("a").unwrap().unwrap();
        assert_eq!(now.title.as_deref(), Some("New title"));
        assert_eq!(now.next_due, Some(5_000));
        // A poll's write for a feed removed while it was fetched is dropped.
        s.remove_feed("a").unwrap();
        assert!(!s.update_feed(&now).unwrap());
        assert!(s.feed("a").unwrap().is_none());
        s.flush().unwrap();
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        assert!(s.feed("a").unwrap().is_none());
    }
}
