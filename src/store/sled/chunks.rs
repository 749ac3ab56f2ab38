//! The layout of a node's items on disk, and the write session that changes them atomically.
//!
//! One tree, `node_items`, holds everything of a node's items under the prefix `node \0`:
//!
//! | key | value |
//! |---|---|
//! | `node \0 c seq` | a chunk: up to [`CHUNK_ITEMS`] items, oldest first, each its number, id and JSON, compressed together after their count ([`encode_chunk`]); the key's `seq` is at most its first item's |
//! | `node \0 i id` | an id: whether it was seen in the feed and when, the item's `seq` if stored, its content hash ([`IdRecord`]) |
//! | `node \0 m` | when the node's ids were last pruned ([`Meta`]) |
//!
//! Items share a record with their neighbours: a node's items mostly repeat each other's keys,
//! links and phrasing, so a chunk compresses to a fraction, and sled keeps a few records per
//! feed instead of sixty. A [`NodeWrite`] gathers every change of one operation (a fetch, a
//! publish, a retraction) and writes them in an order whose every prefix, which is what sled
//! recovers after a crash, is consistent: the chunks first (a node's count is the sum of its
//! chunks' counts, so it always agrees with them), then the id records, then the prune time.
//! Chunks written without their id records leave items nobody points to; the next fetch that
//! finds such an id new takes its leftover item back instead of storing it twice (see
//! [`NodeWrite::leftover`]). (One sled batch for the whole would be atomic, but a batch costs
//! as much CPU in sled's I/O threads as the rest of a changed fetch.)

use std::collections::{BTreeMap, HashMap};

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::StoredItem;

/// Items per chunk. A changed fetch rewrites its node's newest chunk (and the oldest, to trim),
/// so this bounds the work of one new item whatever the node's size.
pub(super) const CHUNK_ITEMS: usize = 32;

const CHUNK: u8 = b'c';
const ID: u8 = b'i';
const META: u8 = b'm';

/// Locks serialising the writers of one node (hashed onto a fixed set).
pub(super) const NODE_LOCKS: usize = 64;

fn key(node: &str, kind: u8, rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(node.len() + 2 + rest.len());
    k.extend_from_slice(node.as_bytes());
    k.push(0);
    k.push(kind);
    k.extend_from_slice(rest);
    k
}

pub(super) fn chunk_key(node: &str, seq: u64) -> Vec<u8> {
    key(node, CHUNK, &seq.to_be_bytes())
}

pub(super) fn chunk_prefix(node: &str) -> Vec<u8> {
    key(node, CHUNK, b"")
}

pub(super) fn id_key(node: &str, id: &str) -> Vec<u8> {
    key(node, ID, id.as_bytes())
}

pub(super) fn id_prefix(node: &str) -> Vec<u8> {
    key(node, ID, b"")
}

pub(super) fn meta_key(node: &str) -> Vec<u8> {
    key(node, META, b"")
}

/// The `seq` of a chunk key.
fn chunk_seq(k: &[u8]) -> Option<u64> {
    k.get(k.len().checked_sub(8)?..)?
        .try_into()
        .ok()
        .map(u64::from_be_bytes)
}

/// One item of a chunk as stored: its number, its id and its JSON, which is parsed only when
/// the item itself is wanted (appending to a chunk or trimming one never parses its
/// neighbours).
#[derive(Debug, Clone)]
pub(super) struct RawItem {
    pub(super) seq: u64,
    pub(super) id: String,
    pub(super) json: Vec<u8>,
}

impl RawItem {
    pub(super) fn of(item: &StoredItem) -> RawItem {
        RawItem {
            seq: item.seq,
            id: item.entry.id.clone(),
            json: encode(item),
        }
    }

    /// The item; `node` names it in an error.
    pub(super) fn parse(&self, node: &str) -> Result<StoredItem, StoreError> {
        decode(&chunk_key(node, self.seq), &self.json)
    }
}

/// A chunk's value: its item count (big-endian u32), then, compressed together
/// ([`compress`]), for each item its number (big-endian u64), the length of its id and the id,
/// the length of its JSON and the JSON (lengths big-endian u32).
pub(super) fn encode_chunk(items: &[RawItem]) -> Vec<u8> {
    let mut body = Vec::with_capacity(items.iter().map(|i| 16 + i.id.len() + i.json.len()).sum());
    for i in items {
        body.extend_from_slice(&i.seq.to_be_bytes());
        body.extend_from_slice(&(i.id.len() as u32).to_be_bytes());
        body.extend_from_slice(i.id.as_bytes());
        body.extend_from_slice(&(i.json.len() as u32).to_be_bytes());
        body.extend_from_slice(&i.json);
    }
    let mut v = (items.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(&compress(&body));
    v
}

/// The item count of a chunk's value, read without inflating it.
pub(super) fn chunk_count(v: &[u8]) -> Option<usize> {
    Some(u32::from_be_bytes(v.get(..4)?.try_into().ok()?) as usize)
}

/// The items of a chunk's value.
pub(super) fn decode_chunk(key: &[u8], v: &[u8]) -> Result<Vec<RawItem>, StoreError> {
    let bad = || corrupt(key, "chunk cut short");
    let count = chunk_count(v).ok_or_else(bad)?;
    let body = decompress(key, &v[4..])?;
    let mut items = Vec::with_capacity(count.min(CHUNK_ITEMS));
    let mut rest = body.as_slice();
    fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, tail) = (rest.get(..n)?, rest.get(n..)?);
        *rest = tail;
        Some(head)
    }
    fn len(rest: &mut &[u8]) -> Option<usize> {
        Some(u32::from_be_bytes(take(rest, 4)?.try_into().ok()?) as usize)
    }
    while !rest.is_empty() {
        let seq = u64::from_be_bytes(
            take(&mut rest, 8)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?,
        );
        let n = len(&mut rest).ok_or_else(bad)?;
        let id = String::from_utf8_lossy(take(&mut rest, n).ok_or_else(bad)?).into_owned();
        let n = len(&mut rest).ok_or_else(bad)?;
        let json = take(&mut rest, n).ok_or_else(bad)?.to_vec();
        items.push(RawItem { seq, id, json });
    }
    if items.len() != count {
        return Err(corrupt(key, "chunk count does not match its items"));
    }
    Ok(items)
}

/// What is known of one id of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdRecord {
    /// When it was last found in the feed (None: never; published to a push-only node).
    pub(super) seen: Option<i64>,
    /// Its item, while stored (None once trimmed, retracted or purged).
    pub(super) seq: Option<u64>,
    /// The stored item's content hash (empty when not stored).
    pub(super) hash: String,
}

impl IdRecord {
    const SEEN: u8 = 1;
    const STORED: u8 = 2;
    /// The hash is stored as the bytes its hex stands for.
    const HEX: u8 = 4;

    pub(super) fn encode(&self) -> Vec<u8> {
        // A SHA-256 in hex (what the normaliser makes) is kept as its 32 bytes.
        let binary = (self.hash.len() == 64
            && self
                .hash
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| hex::decode(&self.hash).ok())
        .flatten();
        let mut v = Vec::with_capacity(17 + self.hash.len());
        v.push(
            if self.seen.is_some() { Self::SEEN } else { 0 }
                | if self.seq.is_some() { Self::STORED } else { 0 }
                | if binary.is_some() { Self::HEX } else { 0 },
        );
        v.extend_from_slice(&self.seen.unwrap_or(0).to_be_bytes());
        v.extend_from_slice(&self.seq.unwrap_or(0).to_be_bytes());
        if self.seq.is_some() {
            match &binary {
                Some(b) => v.extend_from_slice(b),
                None => v.extend_from_slice(self.hash.as_bytes()),
            }
        }
        v
    }

    pub(super) fn decode(v: &[u8]) -> Option<IdRecord> {
        let flags = *v.first()?;
        let seen = i64::from_be_bytes(v.get(1..9)?.try_into().ok()?);
        let seq = u64::from_be_bytes(v.get(9..17)?.try_into().ok()?);
        let hash = v.get(17..)?;
        Some(IdRecord {
            seen: (flags & Self::SEEN != 0).then_some(seen),
            seq: (flags & Self::STORED != 0).then_some(seq),
            hash: if flags & Self::HEX != 0 {
                hex::encode(hash)
            } else {
                String::from_utf8_lossy(hash).into_owned()
            },
        })
    }

    /// Stored with exactly this hash.
    pub(super) fn stored_as(&self, hash: &str) -> bool {
        self.seq.is_some() && self.hash == hash
    }
}

/// When a node's ids were last pruned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Meta {
    pub(super) last_prune: Option<i64>,
}

impl Meta {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(9);
        v.push(u8::from(self.last_prune.is_some()));
        v.extend_from_slice(&self.last_prune.unwrap_or(0).to_be_bytes());
        v
    }

    pub(super) fn decode(v: &[u8]) -> Option<Meta> {
        Some(Meta {
            last_prune: (*v.first()? != 0)
                .then(|| v.get(1..9)?.try_into().ok().map(i64::from_be_bytes))
                .flatten(),
        })
    }
}

impl SledStore {
    /// The id record of `id` in `node`.
    pub(super) fn id_record(&self, node: &str, id: &str) -> Result<Option<IdRecord>, StoreError> {
        let k = id_key(node, id);
        match self.node_items.get(&k)? {
            Some(v) => IdRecord::decode(&v)
                .map(Some)
                .ok_or_else(|| corrupt(&k, "record too short")),
            None => Ok(None),
        }
    }

    /// A node's meta record (zero items, never pruned, when it has none).
    pub(super) fn meta(&self, node: &str) -> Result<Meta, StoreError> {
        let k = meta_key(node);
        match self.node_items.get(&k)? {
            Some(v) => Meta::decode(&v).ok_or_else(|| corrupt(&k, "record too short")),
            None => Ok(Meta::default()),
        }
    }

    /// The items stored for `node`: the sum of its chunks' counts (no chunk is inflated).
    pub(super) fn stored_count(&self, node: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for r in self.node_items.scan_prefix(chunk_prefix(node)) {
            let (k, v) = r?;
            n += chunk_count(&v).ok_or_else(|| corrupt(&k, "chunk cut short"))?;
        }
        Ok(n)
    }

    /// The chunk holding `seq`, if any: its key and items.
    pub(super) fn chunk_holding(
        &self,
        node: &str,
        seq: u64,
    ) -> Result<Option<(u64, Vec<RawItem>)>, StoreError> {
        let found = self
            .node_items
            .range(chunk_prefix(node)..=chunk_key(node, seq))
            .next_back()
            .transpose()?;
        match found {
            Some((k, v)) => {
                let at = chunk_seq(&k).ok_or_else(|| corrupt(&k, "record too short"))?;
                Ok(Some((at, decode_chunk(&k, &v)?)))
            }
            None => Ok(None),
        }
    }

    /// Chunks of a node from newest to oldest, holding only items before `before`.
    pub(super) fn chunks_back(
        &self,
        node: &str,
        before: Option<u64>,
    ) -> impl Iterator<Item = Result<Vec<RawItem>, StoreError>> + '_ {
        let p = chunk_prefix(node);
        let iter = match before {
            Some(seq) => self.node_items.range(p..chunk_key(node, seq)),
            None => self.node_items.scan_prefix(p),
        };
        iter.rev().map(|r| {
            let (k, v) = r?;
            decode_chunk(&k, &v)
        })
    }

    /// [`SledStore::verify`] for the items: every chunk, id record and count decodes; items and
    /// ids are counted.
    pub(super) fn verify_items(&self, v: &mut super::Verified) -> Result<(), StoreError> {
        let (mut items, mut ids) = (0u64, 0u64);
        for r in self.node_items.iter() {
            let (k, val) = r?;
            let kind = k.iter().position(|b| *b == 0).and_then(|at| k.get(at + 1));
            let ok = match kind {
                Some(&CHUNK) => match decode_chunk(&k, &val) {
                    Ok(chunk) => {
                        items += chunk.len() as u64;
                        chunk
                            .iter()
                            .all(|i| decode::<StoredItem>(&k, &i.json).is_ok())
                    }
                    Err(_) => false,
                },
                Some(&ID) => {
                    ids += 1;
                    IdRecord::decode(&val).is_some()
                }
                Some(&META) => Meta::decode(&val).is_some(),
                _ => false,
            };
            if !ok {
                v.corrupt.push(format!(
                    "items: {}",
                    String::from_utf8_lossy(&k).replace('\0', "/")
                ));
            }
        }
        v.tables.push(("items", items));
        v.tables.push(("item ids", ids));
        Ok(())
    }

    /// Remove everything of a node's items (chunks, ids, prune time), under the node's lock.
    pub(super) fn drop_node_items(&self, node: &str) -> Result<(), StoreError> {
        let _turn = self.node_lock(node);
        let mut p = node.as_bytes().to_vec();
        p.push(0);
        let mut batch = sled::Batch::default();
        for k in self.node_items.scan_prefix(&p).keys() {
            batch.remove(k?);
        }
        self.node_items.apply_batch(batch)?;
        Ok(())
    }

    /// The write lock of `node`'s items (hashed onto a fixed set of locks).
    pub(super) fn node_lock(&self, node: &str) -> std::sync::MutexGuard<'_, ()> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        node.hash(&mut h);
        let lock = &self.node_locks[(h.finish() as usize) % NODE_LOCKS];
        lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Start changing `node`'s items. Writers of one node wait for each other; readers never
    /// wait, and may see a session's writes in part (its chunks before its id records): a
    /// reader that must not, like the outbox drain, takes the node's lock first
    /// ([`SledStore::item_for_job`]).
    pub(super) fn node_write<'a>(&'a self, node: &'a str) -> Result<NodeWrite<'a>, StoreError> {
        let guard = self.node_lock(node);
        let meta = self.meta(node)?;
        Ok(NodeWrite {
            store: self,
            node,
            _guard: guard,
            chunks: BTreeMap::new(),
            dirty: Default::default(),
            newest_on_disk: None,
            leftovers: None,
            ids: HashMap::new(),
            meta,
            meta_dirty: false,
        })
    }
}

/// The changes of one operation on one node's items, written in order by
/// [`commit`](NodeWrite::commit) (dropped without it, nothing is written).
pub(super) struct NodeWrite<'a> {
    store: &'a SledStore,
    node: &'a str,
    _guard: std::sync::MutexGuard<'a, ()>,
    /// Chunks read or made so far, by key; an empty one is deleted at commit.
    chunks: BTreeMap<u64, Vec<RawItem>>,
    dirty: std::collections::BTreeSet<u64>,
    /// Items no id record points to, by id, once looked for ([`NodeWrite::leftover`]).
    leftovers: Option<HashMap<String, u64>>,
    /// The key of the newest chunk on disk, once looked up (`Some(None)`: there is none).
    newest_on_disk: Option<Option<u64>>,
    /// Id records read: as stored, and as this session leaves them (None: none).
    ids: HashMap<String, (Option<IdRecord>, Option<IdRecord>)>,
    pub(super) meta: Meta,
    meta_dirty: bool,
}

impl NodeWrite<'_> {
    /// The record of `id`, with this session's changes.
    pub(super) fn id(&mut self, id: &str) -> Result<Option<IdRecord>, StoreError> {
        if let Some((_, r)) = self.ids.get(id) {
            return Ok(r.clone());
        }
        let r = self.store.id_record(self.node, id)?;
        self.ids.insert(id.to_owned(), (r.clone(), r.clone()));
        Ok(r)
    }

    /// Set (None: remove) the record of `id`.
    pub(super) fn set_id(&mut self, id: &str, r: Option<IdRecord>) -> Result<(), StoreError> {
        self.id(id)?;
        if let Some(slot) = self.ids.get_mut(id) {
            slot.1 = r;
        }
        Ok(())
    }

    /// Every id record of the node, with this session's changes.
    pub(super) fn all_ids(&mut self) -> Result<Vec<(String, IdRecord)>, StoreError> {
        let p = id_prefix(self.node);
        let mut out = BTreeMap::new();
        for r in self.store.node_items.scan_prefix(&p) {
            let (k, v) = r?;
            let id = String::from_utf8_lossy(&k[p.len()..]).into_owned();
            out.insert(
                id,
                IdRecord::decode(&v).ok_or_else(|| corrupt(&k, "record too short"))?,
            );
        }
        for (id, (_, r)) in &self.ids {
            match r {
                Some(r) => out.insert(id.clone(), r.clone()),
                None => out.remove(id),
            };
        }
        Ok(out.into_iter().collect())
    }

    /// Load the chunk holding `seq` (its key), if there is one: the one with the greatest key
    /// not above `seq`, on disk or made in this session. A chunk is read at most once.
    fn load_holding(&mut self, seq: u64) -> Result<Option<u64>, StoreError> {
        let on_disk = self
            .store
            .node_items
            .range(chunk_prefix(self.node)..=chunk_key(self.node, seq))
            .keys()
            .next_back()
            .transpose()?
            .map(|k| chunk_seq(&k).ok_or_else(|| corrupt(&k, "record too short")))
            .transpose()?;
        let in_memory = self.chunks.range(..=seq).next_back().map(|(k, _)| *k);
        let Some(k) = on_disk.max(in_memory) else {
            return Ok(None);
        };
        if !self.chunks.contains_key(&k) {
            let key = chunk_key(self.node, k);
            let items = match self.store.node_items.get(&key)? {
                Some(v) => decode_chunk(&key, &v)?,
                None => Vec::new(),
            };
            self.chunks.insert(k, items);
        }
        Ok(Some(k))
    }

    /// The stored item `seq`.
    pub(super) fn item(&mut self, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        let Some(k) = self.load_holding(seq)? else {
            return Ok(None);
        };
        self.chunks[&k]
            .iter()
            .find(|i| i.seq == seq)
            .map(|i| i.parse(self.node))
            .transpose()
    }

    /// The key of the newest chunk, on disk or made in this session.
    fn newest(&mut self) -> Result<Option<u64>, StoreError> {
        let newest_disk = match self.newest_on_disk {
            Some(n) => n,
            None => {
                let n = self
                    .store
                    .node_items
                    .scan_prefix(chunk_prefix(self.node))
                    .keys()
                    .next_back()
                    .transpose()?
                    .map(|k| chunk_seq(&k).ok_or_else(|| corrupt(&k, "record too short")))
                    .transpose()?;
                self.newest_on_disk = Some(n);
                n
            }
        };
        Ok(self.chunks.keys().next_back().copied().max(newest_disk))
    }

    /// Add an item newer than every stored one.
    pub(super) fn append(&mut self, item: StoredItem) -> Result<(), StoreError> {
        let newest = self.newest()?;
        if newest.is_some_and(|k| k > item.seq) {
            return Err(StoreError::Task(format!(
                "{}: item {} is older than the node's newest chunk",
                self.node, item.seq
            )));
        }
        if let Some(k) = newest {
            self.load_holding(k)?;
            let chunk = self.chunks.entry(k).or_default();
            if chunk.last().is_some_and(|l| l.seq >= item.seq) {
                return Err(StoreError::Task(format!(
                    "{}: item {} is not newer than the node's newest",
                    self.node, item.seq
                )));
            }
            if chunk.len() < CHUNK_ITEMS {
                chunk.push(RawItem::of(&item));
                self.dirty.insert(k);
                return Ok(());
            }
        }
        self.dirty.insert(item.seq);
        self.chunks.insert(item.seq, vec![RawItem::of(&item)]);
        Ok(())
    }

    /// Replace the stored item with `item.seq`; false when there is none.
    pub(super) fn replace(&mut self, item: StoredItem) -> Result<bool, StoreError> {
        let Some(k) = self.load_holding(item.seq)? else {
            return Ok(false);
        };
        let chunk = self.chunks.get_mut(&k).expect("loaded");
        match chunk.iter_mut().find(|i| i.seq == item.seq) {
            Some(slot) => {
                *slot = RawItem::of(&item);
                self.dirty.insert(k);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Remove the stored item `seq`; it, if there was one.
    pub(super) fn remove(&mut self, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        let Some(k) = self.load_holding(seq)? else {
            return Ok(None);
        };
        let chunk = self.chunks.get_mut(&k).expect("loaded");
        let Some(at) = chunk.iter().position(|i| i.seq == seq) else {
            return Ok(None);
        };
        let item = chunk.remove(at);
        self.dirty.insert(k);
        item.parse(self.node).map(Some)
    }

    /// The keys (first numbers) of the node's chunks on disk, oldest first.
    fn chunk_keys_on_disk(&self) -> Result<Vec<u64>, StoreError> {
        self.store
            .node_items
            .scan_prefix(chunk_prefix(self.node))
            .keys()
            .map(|k| {
                let k = k?;
                chunk_seq(&k).ok_or_else(|| corrupt(&k, "record too short"))
            })
            .collect()
    }

    /// Remove every item; how many there were.
    pub(super) fn remove_all(&mut self) -> Result<usize, StoreError> {
        let n = self.count()?;
        for seq in self.chunk_keys_on_disk()? {
            self.chunks.insert(seq, Vec::new());
        }
        for (k, chunk) in self.chunks.iter_mut() {
            chunk.clear();
            self.dirty.insert(*k);
        }
        Ok(n)
    }

    /// Items stored, with this session's changes.
    pub(super) fn count(&mut self) -> Result<usize, StoreError> {
        let mut n = 0;
        for r in self.store.node_items.scan_prefix(chunk_prefix(self.node)) {
            let (k, v) = r?;
            let seq = chunk_seq(&k).ok_or_else(|| corrupt(&k, "record too short"))?;
            if !self.chunks.contains_key(&seq) {
                n += chunk_count(&v).ok_or_else(|| corrupt(&k, "chunk cut short"))?;
            }
        }
        Ok(n + self.chunks.values().map(Vec::len).sum::<usize>())
    }

    /// The number of an item stored under `id` that no id record points to: one a crash left
    /// behind after writing its chunk but not its id record. Such items are the newest (the
    /// last operation on the node wrote them): chunks are searched from the newest back to the
    /// first whose items all have their records, once per session.
    pub(super) fn leftover(&mut self, id: &str) -> Result<Option<u64>, StoreError> {
        if self.leftovers.is_none() {
            let mut found = HashMap::new();
            let mut keys = self.chunk_keys_on_disk()?;
            keys.extend(self.chunks.keys().copied());
            keys.sort_unstable();
            keys.dedup();
            for k in keys.into_iter().rev() {
                self.load_holding(k)?;
                let items: Vec<(String, u64)> = self.chunks[&k]
                    .iter()
                    .map(|i| (i.id.clone(), i.seq))
                    .collect();
                let mut all_known = true;
                for (id, seq) in items {
                    if self.id(&id)?.and_then(|r| r.seq) != Some(seq) {
                        found.entry(id).or_insert(seq);
                        all_known = false;
                    }
                }
                if all_known {
                    break;
                }
            }
            self.leftovers = Some(found);
        }
        Ok(self.leftovers.as_ref().and_then(|l| l.get(id)).copied())
    }

    /// Of the `n` oldest stored items, those `keep` does not keep, oldest first.
    pub(super) fn oldest(
        &mut self,
        n: usize,
        keep: impl Fn(u64) -> Result<bool, StoreError>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        let (mut out, mut visited) = (Vec::new(), 0);
        if n == 0 {
            return Ok(out);
        }
        let mut at = self.chunk_keys_on_disk()?;
        at.extend(self.chunks.keys().copied());
        at.sort_unstable();
        at.dedup();
        for k in at {
            if !self.chunks.contains_key(&k) {
                self.load_holding(k)?;
            }
            for item in self.chunks.get(&k).map(Vec::as_slice).unwrap_or_default() {
                if !keep(item.seq)? {
                    out.push(item.parse(self.node)?);
                }
                visited += 1;
                if visited == n {
                    return Ok(out);
                }
            }
        }
        Ok(out)
    }

    /// Note a prune of the node's ids at `now_ms`.
    pub(super) fn pruned(&mut self, now_ms: i64) {
        self.meta.last_prune = Some(now_ms);
        self.meta_dirty = true;
    }

    /// Write every change: the chunks, then the id records, then the prune time (see the
    /// module's comment for why in this order).
    pub(super) fn commit(self) -> Result<(), StoreError> {
        let tree = &self.store.node_items;
        for k in &self.dirty {
            let key = chunk_key(self.node, *k);
            match self.chunks.get(k) {
                Some(items) if !items.is_empty() => tree.insert(key, encode_chunk(items))?,
                _ => tree.remove(key)?,
            };
        }
        for (id, (stored, r)) in &self.ids {
            // Records only read are not written again.
            if stored == r {
                continue;
            }
            let key = id_key(self.node, id);
            match r {
                Some(r) => tree.insert(key, r.encode())?,
                None => tree.remove(key)?,
            };
        }
        if self.meta_dirty {
            tree.insert(meta_key(self.node), self.meta.encode())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_records_and_meta_read_back_as_written() {
        let sha = "23b78f9fa4ddf496af63fc2c7d4f79adf7e8248edba4de6cb3de9ddc4964183c";
        for r in [
            IdRecord {
                seen: Some(-5),
                seq: Some(0),
                hash: sha.into(),
            },
            IdRecord {
                seen: None,
                seq: Some(u64::MAX),
                hash: "not hex: kept as text".into(),
            },
            IdRecord {
                seen: Some(7),
                seq: None,
                hash: String::new(),
            },
        ] {
            assert_eq!(IdRecord::decode(&r.encode()), Some(r.clone()));
        }
        let with_sha = IdRecord {
            seen: Some(1),
            seq: Some(1),
            hash: sha.into(),
        };
        assert_eq!(
            with_sha.encode().len(),
            17 + 32,
            "a SHA-256 takes its 32 bytes"
        );
        assert!(IdRecord::decode(&[3, 0]).is_none(), "cut short");
        for m in [
            Meta::default(),
            Meta {
                last_prune: Some(-1),
            },
        ] {
            assert_eq!(Meta::decode(&m.encode()), Some(m));
        }
        let raw = vec![
            RawItem {
                seq: 1,
                id: "a".into(),
                json: b"{}".to_vec(),
            },
            RawItem {
                seq: 2,
                id: "b".into(),
                json: b"[1]".to_vec(),
            },
        ];
        let back = decode_chunk(b"k", &encode_chunk(&raw)).unwrap();
        assert_eq!(
            back.iter()
                .map(|i| (i.seq, i.id.as_str(), i.json.clone()))
                .collect::<Vec<_>>(),
            [(1, "a", b"{}".to_vec()), (2, "b", b"[1]".to_vec())]
        );
        assert_eq!(chunk_count(&encode_chunk(&raw)), Some(2));
        let mut cut = encode_chunk(&raw);
        cut.truncate(cut.len() - 3);
        assert!(decode_chunk(b"k", &cut).is_err());
    }
}
