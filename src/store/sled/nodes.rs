//! What publishers and owners do to a node (XEP-0060 §7, §8): publish one item (new, updated
//! or unchanged), retract one, purge all, delete the node; and affiliations (owner, publisher,
//! member, outcast) per node and JID. Each announcement is an outbox job written with its
//! change, as for polled entries.

use super::chunks::IdRecord;
use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::Entry;
use crate::model::{Affiliation, Announce, Event, OutboxJob, Published, StoredItem};

impl SledStore {
    /// Publish one entry to `node` (its id is the item id): a new id becomes an item with an
    /// outbox job when `announce.new`, a known id with other content replaces its item (a job
    /// when `announce.updates`), the same content again changes nothing. The node is trimmed
    /// to `max_items`. As in [`SledStore::apply_fetch`], the job is written first, then the node's
    /// items.
    ///
    /// `polled`: the node is also polled, so its seen ids matter (an id published here and
    /// later found in the feed is not new); push-only nodes keep none.
    #[allow(clippy::too_many_arguments)]
    pub fn publish(
        &self,
        node: &str,
        entry: &Entry,
        now_ms: i64,
        max_items: usize,
        announce: Announce,
        polled: bool,
    ) -> Result<Published, StoreError> {
        let mut w = self.node_write(node)?;
        let rec = w.id(&entry.id)?;
        let old = match rec.as_ref().and_then(|r| r.seq) {
            Some(seq) => match w.item(seq)? {
                Some(old)
                    if rec
                        .as_ref()
                        .is_some_and(|r| r.stored_as(&entry.content_hash)) =>
                {
                    return Ok(Published::Unchanged(old))
                }
                old => old,
            },
            None => None,
        };
        // A job's key is its item's number, as for polled entries: trimming keeps an item
        // while a job for it waits (an update's job replaces a pending one for the same item,
        // which then carries the newest content).
        let job = |seq: u64, update: bool| OutboxJob {
            key: seq,
            node: node.to_owned(),
            item_seq: seq,
            update,
            after: None,
            event: Event::Item,
        };
        // An item a crash left without its id record (a publish retried after it) is taken
        // back, keeping its number: stored once, announced as new.
        let leftover = match (&old, rec.as_ref().and_then(|r| r.seq)) {
            (None, None) => w.leftover(&entry.id)?,
            _ => None,
        };
        let published = match old {
            Some(old) => Published::Updated(StoredItem {
                seq: old.seq,
                stored_at: old.stored_at,
                entry: entry.clone(),
            }),
            None => Published::New(StoredItem {
                seq: match leftover {
                    Some(seq) => seq,
                    None => self.next_number()?,
                },
                stored_at: now_ms,
                entry: entry.clone(),
            }),
        };
        let item = published.item().clone();
        let seq = item.seq;
        let wanted = match published {
            Published::Updated(_) => announce.updates,
            _ => announce.new,
        };
        if wanted {
            let j = job(seq, matches!(published, Published::Updated(_)));
            self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
        }
        match published {
            Published::Updated(_) => {
                w.replace(item)?;
            }
            _ if leftover.is_some() => {
                w.replace(item)?;
            }
            _ => w.append(item)?,
        }
        let seen = match rec.and_then(|r| r.seen) {
            _ if polled => Some(now_ms),
            seen => seen,
        };
        w.set_id(
            &entry.id,
            Some(IdRecord {
                seen,
                seq: Some(seq),
                hash: entry.content_hash.clone(),
            }),
        )?;
        if matches!(published, Published::New(_)) {
            self.trim(&mut w, max_items)?;
        }
        w.commit()?;
        self.touch(node, now_ms)?;
        Ok(published)
    }

    /// Retract the item `id` of `node`; a retraction job when `notify`. None when there is no
    /// such item.
    ///
    /// The announcement is written first: a crash in between leaves the item stored and its
    /// retraction announced, and the retried request retracts it (at worst announced twice),
    /// never an item gone without a word. A polled feed keeps the id as seen, so the next
    /// poll does not bring the entry back as new.
    pub fn retract(
        &self,
        node: &str,
        id: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<Option<StoredItem>, StoreError> {
        let mut w = self.node_write(node)?;
        let Some(mut rec) = w.id(id)? else {
            return Ok(None);
        };
        let Some(item) = rec.seq.map(|seq| w.item(seq)).transpose()?.flatten() else {
            return Ok(None);
        };
        if notify {
            self.queue_event(node, Event::Retract { id: id.to_owned() })?;
        }
        w.remove(item.seq)?;
        rec.seq = None;
        rec.hash.clear();
        let keep = polled && rec.seen.is_some();
        w.set_id(id, keep.then_some(rec))?;
        w.commit()?;
        // Its pending announcement has nothing left to say.
        self.outbox.remove(item.seq.to_be_bytes())?;
        self.drop_held(node, Some(item.seq))?;
        self.touch(node, now_ms)?;
        Ok(Some(item))
    }

    /// Remove every item of `node` (its seen ids too); a purge job when `notify`. Returns how
    /// many items went.
    pub fn purge(
        &self,
        node: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<usize, StoreError> {
        if notify {
            // First, as for a retraction.
            self.queue_event(node, Event::Purge)?;
        }
        let mut w = self.node_write(node)?;
        let n = w.remove_all()?;
        // A polled feed keeps its seen ids: what its document still lists is not new.
        for (id, mut rec) in w.all_ids()? {
            rec.seq = None;
            rec.hash.clear();
            let keep = polled && rec.seen.is_some();
            w.set_id(&id, keep.then_some(rec))?;
        }
        w.commit()?;
        self.drop_held(node, None)?;
        self.touch(node, now_ms)?;
        // Announcements of items that are gone have nothing left to say.
        for r in self.outbox.iter() {
            let (k, v) = r?;
            let job: OutboxJob = decode(&k, &v)?;
            if job.node == node && job.event == Event::Item {
                self.outbox.remove(k)?;
            }
        }
        Ok(n)
    }

    /// Delete a node with its items and affiliations. Its subscribers are told (when `notify`)
    /// by a deletion job, and their subscriptions go when that job is done.
    pub fn delete_node(
        &self,
        node: &str,
        notify: bool,
        redirect: Option<String>,
    ) -> Result<(), StoreError> {
        let subscribed = self.has_subscribers(node)?;
        if notify && subscribed {
            // Written first, so a crash in between still tells everybody (and the job then
            // removes the subscriptions); removing the node keeps deletion jobs.
            self.queue_event(node, Event::Delete { redirect })?;
            self.remove_feed_keep_subscriptions(node)?;
        } else {
            self.remove_feed_keep_subscriptions(node)?;
            self.drop_subscriptions(node)?;
        }
        Ok(())
    }

    /// Remove every subscription to `node` (with its JID index entries and backlogs).
    pub fn drop_subscriptions(&self, node: &str) -> Result<(), StoreError> {
        let p = prefix(node);
        let jids: Vec<String> = self
            .subs
            .scan_prefix(&p)
            .keys()
            .map(|k| k.map(|k| String::from_utf8_lossy(&k[p.len()..]).into_owned()))
            .collect::<Result<_, _>>()?;
        for jid in jids {
            self.unsubscribe(node, &jid)?;
        }
        Ok(())
    }

    /// Note that `node`'s items changed at `now_ms` (Atom out's `Last-Modified`).
    pub(super) fn touch(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        self.node_changed
            .insert(node.as_bytes(), &now_ms.to_be_bytes())?;
        Ok(())
    }

    /// When `node`'s items last changed (published, updated, retracted, purged, polled), if
    /// known.
    pub fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.node_changed.get(node.as_bytes())?.map(|v| seen_at(&v)))
    }

    /// A JID's affiliation with a node, as stored.
    pub fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StoreError> {
        let k = key2(node, jid.as_bytes());
        self.affiliations
            .get(&k)?
            .map(|v| decode(&k, &v))
            .transpose()
    }

    /// Every stored affiliation of a node, by JID.
    pub fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StoreError> {
        let p = prefix(node);
        self.affiliations
            .scan_prefix(&p)
            .map(|r| {
                let (k, v) = r?;
                Ok((
                    String::from_utf8_lossy(&k[p.len()..]).into_owned(),
                    decode(&k, &v)?,
                ))
            })
            .collect()
    }

    /// Set (or with None, remove) a JID's affiliation with a node.
    pub fn set_affiliation(
        &self,
        node: &str,
        jid: &str,
        affiliation: Option<Affiliation>,
    ) -> Result<(), StoreError> {
        let k = key2(node, jid.as_bytes());
        match affiliation {
            Some(a) => self.affiliations.insert(k, encode(&a))?,
            None => self.affiliations.remove(k)?,
        };
        Ok(())
    }
}
