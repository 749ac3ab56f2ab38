//! What publishers and owners do to a node (XEP-0060 §7, §8): publish one item (new, updated
//! or unchanged), retract one, purge all, delete the node; and affiliations (owner, publisher,
//! member, outcast) per node and JID. Each announcement is an outbox job written with its
//! change, as for polled entries.

use serde::{Deserialize, Serialize};

use super::codec::*;
use super::items::{Announce, StoredItem};
use super::outbox::{Event, OutboxJob};
use super::{Store, StoreError};
use crate::entry::Entry;

/// A JID's standing on a node (XEP-0060 §4.1). `None` is the absence of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Affiliation {
    /// May configure, delete, purge, publish and manage others.
    Owner,
    /// May publish and retract.
    Publisher,
    /// May subscribe and read on a whitelist node.
    Member,
    /// May not subscribe or read.
    Outcast,
}

impl Affiliation {
    /// The XEP's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Affiliation::Owner => "owner",
            Affiliation::Publisher => "publisher",
            Affiliation::Member => "member",
            Affiliation::Outcast => "outcast",
        }
    }

    /// From the XEP's name: `Some(None)` for "none", None for an unknown name.
    pub fn parse(s: &str) -> Option<Option<Affiliation>> {
        Some(Some(match s {
            "owner" => Affiliation::Owner,
            "publisher" => Affiliation::Publisher,
            "member" => Affiliation::Member,
            "outcast" => Affiliation::Outcast,
            "none" => return Some(None),
            _ => return None,
        }))
    }
}

/// What publishing one item did.
#[derive(Debug, Clone, PartialEq)]
pub enum Published {
    /// A new item, stored (and announced).
    New(StoredItem),
    /// An item with this id existed with other content: replaced (announced when asked).
    Updated(StoredItem),
    /// The same item again: nothing changed, nothing announced.
    Unchanged(StoredItem),
}

impl Published {
    /// The stored item.
    pub fn item(&self) -> &StoredItem {
        match self {
            Published::New(i) | Published::Updated(i) | Published::Unchanged(i) => i,
        }
    }
}

impl Store {
    /// Publish one entry to `node` (its id is the item id): a new id becomes an item with an
    /// outbox job when `announce.new`, a known id with other content replaces its item (a job
    /// when `announce.updates`), the same content again changes nothing. The node is trimmed
    /// to `max_items`. Writes are ordered as in [`Store::apply_fetch`]: item, index and job
    /// first, the seen id last.
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
        let id_key = key2(node, entry.id.as_bytes());
        let indexed = self.item_idx.get(&id_key)?;
        // The index holds the committed hash: the same one needs no item read at all.
        let old = match indexed
            .as_ref()
            .and_then(|v| Some((v.get(..8)?, v.get(8..)?)))
        {
            Some((seq, hash)) => {
                let k = key2(node, seq);
                let old = self.items.get(&k)?;
                match old {
                    Some(v) if hash == entry.content_hash.as_bytes() => {
                        return Ok(Published::Unchanged(decode(&k, &v)?))
                    }
                    Some(v) => Some(decode::<StoredItem>(&k, &v)?),
                    None => None,
                }
            }
            None => None,
        };
        let key = self.db.generate_id()? << 16;
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
        let published = match old {
            Some(old) => {
                let item = StoredItem {
                    seq: old.seq,
                    stored_at: old.stored_at,
                    entry: entry.clone(),
                };
                self.items
                    .insert(key2(node, &item.seq.to_be_bytes()), encode(&item))?;
                if announce.updates {
                    let j = job(item.seq, true);
                    self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
                }
                Published::Updated(item)
            }
            None => {
                let item = StoredItem {
                    seq: key,
                    stored_at: now_ms,
                    entry: entry.clone(),
                };
                self.items
                    .insert(key2(node, &item.seq.to_be_bytes()), encode(&item))?;
                if announce.new {
                    let j = job(item.seq, false);
                    self.outbox.insert(j.key.to_be_bytes(), encode(&j))?;
                }
                Published::New(item)
            }
        };
        let seq = published.item().seq;
        self.item_idx
            .insert(&id_key, idx_value(seq, &entry.content_hash))?;
        if polled {
            self.seen.insert(&id_key, &now_ms.to_be_bytes())?;
        }
        self.touch(node, now_ms)?;
        if matches!(published, Published::New(_)) {
            self.trim(node, max_items)?;
        }
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
        let Some(item) = self.item(node, id)? else {
            return Ok(None);
        };
        if notify {
            self.queue_event(node, Event::Retract { id: id.to_owned() })?;
        }
        // Item first, as in trimming: an index entry without its item reads "not stored".
        self.items.remove(key2(node, &item.seq.to_be_bytes()))?;
        self.item_idx.remove(key2(node, id.as_bytes()))?;
        // Its pending announcement has nothing left to say.
        self.outbox.remove(item.seq.to_be_bytes())?;
        if !polled {
            self.seen.remove(key2(node, id.as_bytes()))?;
        }
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
        let p = prefix(node);
        let mut n = 0;
        for k in self.items.scan_prefix(&p).keys() {
            self.items.remove(k?)?;
            n += 1;
        }
        // A polled feed keeps its seen ids: what its document still lists is not new.
        let trees: &[&sled::Tree] = if polled {
            &[&self.item_idx]
        } else {
            &[&self.item_idx, &self.seen]
        };
        for tree in trees {
            for k in tree.scan_prefix(&p).keys() {
                tree.remove(k?)?;
            }
        }
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
