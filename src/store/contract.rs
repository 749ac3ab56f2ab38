//! The store contract: what every backend (the embedded one in [`super::sled`] today,
//! PostgreSQL next) promises to the service, the poller, delivery, the HTTP side and the
//! daemon's upkeep, which hold it as `Arc<dyn Store>` and know nothing else of it.
//!
//! The methods are synchronous: callers run them on blocking threads ([`crate::blocking`]),
//! never on an async worker. A store is `Send + Sync` and shared by every task; the traits are
//! object safe. Every failure is a [`StoreError`] carrying no backend type.
//!
//! # Durability: what "acknowledged" means
//!
//! A write is *committed* when its method returns `Ok`: every later call, from any thread, sees
//! it. It is *durable* (survives a crash of the process, a kill -9, at any instant) once a
//! [`Store::flush`] (or [`super::flush_async`]) that **started after it returned** has returned
//! `Ok`. feedpush acknowledges nothing before that: the request task answers a batch's changes
//! (a subscription, an HTTP publish) after one flush of the whole batch, the drain flushes a
//! round before sending any of its notifications, a clean stop flushes last. A backend may
//! make writes durable sooner (the embedded one flushes by itself every 200 ms); nobody may
//! count on it.
//!
//! What a crash does to unacknowledged writes: each operation below writes in an order such
//! that any prefix of it a crash leaves is consistent, and the contract says which prefix
//! states are possible (an outbox job before its item, a JID's index entry before its
//! subscription, a feed state before its items go). A transactional backend may apply an
//! operation whole instead: every state it can leave is one of those.
//!
//! A backend whose writes start failing keeps failing ([`StoreError::is_out_of_space`] tells
//! a full disk, which `app::storeguard` waits out and then reopens the store); no write is
//! half-acknowledged: a failed flush means the caller answers with an error.
//!
//! # Numbering
//!
//! Every item of a node has a number (`seq`), given when the item is first stored and kept
//! through updates. Numbers are given **under the node's lock**: writers of one node's items
//! (fetch, publish, retract, purge, trim) take turns, and a number is given and its item
//! committed in the same turn. Numbers of one node are **unique and increasing in the order
//! the node's writes commit**, and **never reused**, not after a retraction, a purge, a
//! trim, a crash or a reopen; they are not gapless (the embedded backend leaves 16 bits per
//! fetch, [`super::MAX_ENTRIES_PER_FETCH`]). Within one fetch, document order runs from the
//! highest number (first entry) to the lowest. Reading by number or paging with `before`
//! follows that order.
//!
//! An item's outbox job is written **before** the item, in the same turn. A reader that finds
//! the job and asks [`Store::item_for_job`] waits for the node's turn: it gets the item as
//! committed, or `None` when the item is gone for good (retracted, purged, trimmed, or lost in
//! a crash before it was acknowledged). It never sees a number whose item is still on its way.
//!
//! # The outbox
//!
//! One job per announcement; a job's `key` orders the outbox (oldest first, so first in, first
//! out, for each node and across nodes), and an item's job is keyed by the item's number (so a
//! pending job for an item is replaced by an update's, never doubled). Retractions, purges and
//! deletions get keys from the same sequence. A retraction or purge removes the pending item
//! jobs it makes pointless (after the items go: a crash between leaves a job whose item is
//! gone, which the drain drops).
//!
//! # Indexed queries
//!
//! No method a request runs reads every feed or every subscription: a feed by normalised URL,
//! by redacted URL, by case-folded node, a page of nodes, counts (feeds, users' feeds, a
//! domain's subscriptions, a node's subscribers and items), a JID's first nodes, a node's
//! subscribers by page are answered from indexes (the embedded backend keeps feeds and
//! counts in memory). [`Store::feeds`], [`Store::contact_subscribers`] and
//! [`Store::backlog_jids`] read everything, for the scheduler's start and reloads, the
//! presence probes after a reconnect and the backlog sweep only.

use crate::model::{
    Affiliation, Announce, Applied, Avatar, Backlog, Entry, FeedState, NodeOptions, OutboxJob,
    Published, Stats, StoredItem, Subscription,
};

use super::{GroupCommit, StoreError, Verified};

/// The store as feedpush uses it while it runs. See the module's documentation for durability,
/// numbering and the outbox; each method says what it reads and writes.
pub trait Store: Send + Sync {
    // ----- durability and health -----

    /// Make every write committed before this call durable (see the module: this is what
    /// acknowledges). Blocks; [`super::flush_async`] runs it for async callers, sharing one
    /// flush among callers that arrive together.
    fn flush(&self) -> Result<(), StoreError>;
    /// The group commit state [`super::flush_async`] shares among this store's callers (one per
    /// opened store).
    fn group_commit(&self) -> &GroupCommit;
    /// Whether the store still writes: an error when it refuses writes (a flush that has
    /// nothing to write still tells). The store guard's check.
    fn check_writable(&self) -> Result<(), StoreError>;
    /// Write a probe record at `now_ms` and make it durable: the watchdog's health check.
    fn probe_write(&self, now_ms: i64) -> Result<(), StoreError>;
    /// A clean stop: drop what marks the store as held by this process (the embedded backend's
    /// pid file). Best effort, after the last flush; the handle may still be read after it.
    fn close(&self);
    /// Counts for operators: outbox jobs, subscriptions, feeds by health; kept counted (no scan
    /// of feeds or subscriptions).
    fn stats(&self) -> Result<Stats, StoreError>;
    /// The cluster's side of the store, when several instances can share it (none by default:
    /// one process owns the embedded store).
    fn cluster(&self) -> Option<&dyn super::cluster::Cluster> {
        None
    }

    // ----- feeds and nodes -----

    /// One feed (answered without waiting for the disk).
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError>;
    /// `node`'s options without the rest of its state (what delivery reads for every job).
    fn feed_options(&self, node: &str) -> Option<NodeOptions>;
    /// Every feed, ordered by node, with its `next_due` as last written or touched: the
    /// scheduler builds its due queue from it at start and on reload (not a request path).
    fn feeds(&self) -> Result<Vec<FeedState>, StoreError>;
    /// The feed whose URL normalises to `url` (normalised already, as
    /// [`crate::net::normalize_url`] writes it); the first by node when several do.
    fn feed_by_url(&self, url: &str) -> Option<FeedState>;
    /// The service's own feeds (not user-added) whose redacted URL
    /// ([`crate::net::redact_str`]) is `shown_url`, by node.
    fn feeds_shown_as(&self, shown_url: &str) -> Vec<FeedState>;
    /// The feed whose node is `node` but for ASCII case (a JID's localpart, which servers
    /// lowercase); the first by node when several are.
    fn feed_folded(&self, node: &str) -> Option<FeedState>;
    /// A page of feeds by node (disco#items, `GET /v1/nodes`): those after `after` (or from the
    /// first), the first `skip` of them left out, at most `limit`; user-added feeds only when
    /// `users`. Costs what the page costs, not what the service holds.
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Vec<FeedState>;
    /// Feeds on the service (kept counted); user-added ones only when `users`.
    fn feed_count(&self, users: bool) -> usize;
    /// User-added feeds on the service (kept counted).
    fn user_feed_count(&self) -> Result<usize, StoreError>;
    /// The slots a JID uses under the per-user cap: the user feeds it follows, and the ones it
    /// added that nobody follows any more (until removed as idle). Its cost does not grow with
    /// the JID's subscriptions.
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError>;
    /// Write a feed's state (created or replaced). Node options set by
    /// [`Store::set_node_options`] are kept whatever `feed.options` says.
    fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError>;
    /// Write the state of a feed that exists; false (nothing written) when it was removed
    /// meanwhile (a poll's result for a feed deleted while it was fetched).
    fn update_feed(&self, feed: &FeedState) -> Result<bool, StoreError>;
    /// Create the feed unless it exists; the stored state either way.
    fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError>;
    /// Store a node's options (the defaults remove them); read back on the feed's `options`.
    fn set_node_options(&self, node: &str, options: &NodeOptions) -> Result<(), StoreError>;
    /// A poll changed nothing but `state`'s times (last fetch, next due): set them on the stored
    /// feed without writing (whatever else was written meanwhile stays). Visible at once;
    /// durable only after [`Store::persist_touched`]: a crash may lose them, nothing else.
    fn touch_feed(&self, state: &FeedState);
    /// Write the times [`Store::touch_feed`] kept; how many feeds. Ones that could not be
    /// written stay for the next call.
    fn persist_touched(&self) -> Result<usize, StoreError>;
    /// Note whether a feed is followed now: a user feed's idle clock starts when its last
    /// subscriber leaves and stops when somebody subscribes.
    fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError>;
    /// Remove the user feeds nobody has followed for `idle_ms` (as [`Store::remove_feed`]);
    /// their nodes. One found unfollowed without a mark starts its idle time now.
    fn remove_idle_user_feeds(&self, now_ms: i64, idle_ms: i64) -> Result<Vec<String>, StoreError>;
    /// Delete a feed and everything stored for it (items, seen ids, jobs, subscriptions,
    /// backlogs, avatar, affiliations, options). The feed state goes first: a crash leaves data
    /// of a feed that no longer exists, which nothing reads.
    fn remove_feed(&self, node: &str) -> Result<(), StoreError>;
    /// Delete a node (items, affiliations, options). With `notify` and subscribers, a deletion
    /// job is written first and the subscriptions go when that job is finished
    /// ([`Store::finish_job`]); otherwise they go now.
    fn delete_node(
        &self,
        node: &str,
        notify: bool,
        redirect: Option<String>,
    ) -> Result<(), StoreError>;

    // ----- items -----

    /// Store the outcome of one fetch of `state`'s feed: the converted entries (document
    /// order, at most [`super::MAX_ENTRIES_PER_FETCH`] taken), the ids recognised as unchanged,
    /// the new feed state. Unseen ids become items (numbered under the node's lock, oldest
    /// entry lowest) with a job when `notify.new`; known ids with another content hash update
    /// their item (a job when `notify.updates`); the node is trimmed to `max_items`; ids seen
    /// are kept [`super::SEEN_RETENTION_MS`] after they leave the document, so a trimmed,
    /// retracted or purged entry still listed is never new again. Order: jobs, then items and
    /// ids, then the feed state: a crash leaves jobs whose items are missing (dropped by the
    /// drain, the entries new again at the next fetch) or items without their ids (taken back
    /// by the next fetch, at worst announced twice); nothing acknowledged is lost.
    #[allow(clippy::too_many_arguments)]
    fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[Entry],
        unchanged: &[String],
        now_ms: i64,
        max_items: usize,
        notify: Announce,
    ) -> Result<Applied, StoreError>;
    /// Publish one entry (its id is the item id) under the node's lock: a new id is numbered
    /// and stored (a job when `announce.new`), a known id with another content hash replaces
    /// its item keeping its number (a job when `announce.updates`), the same content again
    /// changes nothing ([`Published::Unchanged`]). Two publishers of one id at once: one
    /// stores it, the other finds it. New items trim the node to `max_items`. `polled`: the
    /// node is also polled, so the id counts as seen. Job first, then the item.
    #[allow(clippy::too_many_arguments)]
    fn publish(
        &self,
        node: &str,
        entry: &Entry,
        now_ms: i64,
        max_items: usize,
        announce: Announce,
        polled: bool,
    ) -> Result<Published, StoreError>;
    /// Retract item `id` under the node's lock (a retraction job first when `notify`); the
    /// item, or None when there was none. A polled node keeps the id as seen. Its pending item
    /// job and held copies go after it.
    fn retract(
        &self,
        node: &str,
        id: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<Option<StoredItem>, StoreError>;
    /// Remove every item of `node` under its lock (a purge job first when `notify`); how many
    /// went. A polled node keeps its seen ids. Pending item jobs and held copies go after.
    fn purge(
        &self,
        node: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<usize, StoreError>;
    /// Up to `limit` items of a node, newest (highest number) first, older than `before` (a
    /// number) when given: pages backwards.
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError>;
    /// Items stored for a node (kept counted).
    fn item_count(&self, node: &str) -> usize;
    /// One item by id.
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError>;
    /// One item by number.
    fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError>;
    /// The item a job announces, read in the node's turn (see the module): committed, or gone
    /// for good.
    fn item_for_job(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError>;
    /// The items of several jobs, (node, number) each, in the order asked (`None` for one
    /// gone): a round of the drain reads them at once. The default reads one at a time.
    fn items_for_jobs(
        &self,
        jobs: &[(String, u64)],
    ) -> Result<Vec<Option<StoredItem>>, StoreError> {
        jobs.iter()
            .map(|(node, seq)| self.item_for_job(node, *seq))
            .collect()
    }
    /// The content hash of a stored item without reading the item (None when not stored).
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError>;
    /// For each `(id, content hash)`, in order: whether the entry is stored with exactly this
    /// hash and was seen in the feed, so it needs no processing at all (the poller's fast
    /// path, asked once per document). A store that cannot answer says false (the entry is
    /// then converted and compared as usual).
    fn known_unchanged(&self, node: &str, entries: &[(&str, &str)]) -> Vec<bool>;
    /// When `node`'s items last changed (published, updated, retracted, purged, polled).
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError>;

    // ----- subscriptions -----

    /// One subscription.
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError>;
    /// Store a subscription (new, or with changed options) with its JID index entry and domain
    /// count. Storing the same again adds nothing. Index entry first: a crash leaves at worst
    /// an entry without its subscription, which readers skip.
    fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError>;
    /// The subscriptions of several (node, JID) pairs, in the order asked (`None` where there
    /// is none): a batch of requests reads them at once. The default asks one at a time.
    fn subscriptions_among(
        &self,
        keys: &[(String, String)],
    ) -> Result<Vec<Option<Subscription>>, StoreError> {
        keys.iter()
            .map(|(node, jid)| self.subscription(node, jid))
            .collect()
    }
    /// Store several subscriptions as [`Store::put_subscription`] stores each, in order (a
    /// later one of the same node and JID wins): a batch of requests writes them at once. The
    /// default stores one at a time, each whole (a failure leaves the first ones stored, which
    /// storing them again mends); a backend may store them all or none.
    fn put_subscriptions(&self, subs: &[Subscription]) -> Result<(), StoreError> {
        subs.iter().try_for_each(|s| self.put_subscription(s))
    }
    /// Remove a subscription (with its index entry, count and backlog); false when there was
    /// none.
    fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError>;
    /// Subscribers of `node` whose JID sorts after `after`, at most `limit`, in JID order: the
    /// drain's and disco's pages.
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError>;
    /// Subscribers of a node (a count of that node's subscriptions: its cost grows with them,
    /// not with the service's).
    fn subscriber_count(&self, node: &str) -> usize;
    /// The subscriptions of one bare JID, ordered by node.
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError>;
    /// The first `limit` nodes a bare JID follows, in node order: a JID's slots, at a cost that
    /// grows with `limit`, not with its subscriptions.
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StoreError>;
    /// Whether a bare JID follows any node.
    fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError>;
    /// Subscriptions held by bare JIDs of `domain` (kept counted, recounted at open).
    fn domain_subscriptions(&self, domain: &str) -> usize;
    /// The bare JIDs that follow `node` as a contact, in JID order.
    fn contact_jids(&self, node: &str) -> Result<Vec<String>, StoreError>;
    /// One (node, bare JID) per JID that follows a feed as a contact (its first node).
    fn contact_subscribers(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Set (`Some`) or remove (`None`) a JID's affiliation with a node.
    fn set_affiliation(
        &self,
        node: &str,
        jid: &str,
        affiliation: Option<Affiliation>,
    ) -> Result<(), StoreError>;
    /// A JID's affiliation with a node, as stored.
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StoreError>;
    /// A node's stored affiliations, by JID.
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StoreError>;

    // ----- the outbox -----

    /// Up to `limit` pending jobs, oldest (lowest key) first.
    fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError>;
    /// Record that every subscriber up to `after` (in JID order) was handed the job.
    fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError>;
    /// Remove a finished job; a deletion's subscriptions go with it once its node is gone.
    fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError>;
    /// Remove several finished jobs, as [`Store::finish_job`] removes each (a round of the
    /// drain records its jobs at once). The default removes one at a time.
    fn finish_jobs(&self, jobs: &[OutboxJob]) -> Result<(), StoreError> {
        jobs.iter().try_for_each(|j| self.finish_job(j))
    }
    /// Jobs waiting (kept counted).
    fn outbox_len(&self) -> usize;

    // ----- backlogs (items held for away contact subscribers) -----

    /// Hold `item` of `node` for `jid`, at most `max` per JID and node: the oldest beyond are
    /// dropped and counted as skipped.
    fn hold(
        &self,
        jid: &str,
        node: &str,
        item: &StoredItem,
        now_ms: i64,
        max: usize,
    ) -> Result<(), StoreError>;
    /// Everything held for `jid`, oldest first, with skipped counts.
    fn backlog(&self, jid: &str) -> Result<Backlog, StoreError>;
    /// Whether anything waits for `jid`.
    fn has_backlog(&self, jid: &str) -> bool;
    /// The bare JIDs something waits for.
    fn backlog_jids(&self) -> Result<Vec<String>, StoreError>;
    /// Forget what was delivered to `jid`: these held items and skipped counts (anything held
    /// since stays).
    fn release(&self, jid: &str, delivered: &Backlog) -> Result<(), StoreError>;

    // ----- avatars -----

    /// A node's avatar with its PNG.
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StoreError>;
    /// A node's avatar record without its PNG (`png` empty).
    fn avatar_record(&self, node: &str) -> Result<Option<Avatar>, StoreError>;
    /// Store a node's avatar record, and its PNG when `a.png` is not empty (an empty one keeps
    /// the stored PNG).
    fn put_avatar(&self, node: &str, a: &Avatar) -> Result<(), StoreError>;
}

/// What the offline commands (`feedpush store verify|backup`) add to a store opened on a
/// stopped instance. Not part of the running daemon's contract: a backend without files may
/// answer `backup` with an error naming its own tool.
pub trait Admin: Store {
    /// Read every record of every table and decode it: how many there are, which do not decode.
    fn verify(&self) -> Result<Verified, StoreError>;
    /// Copy the store, flushed, into `dest` (a new or empty directory); bytes copied. The copy
    /// opens as a store of its own.
    fn backup(&self, dest: &std::path::Path) -> Result<u64, StoreError>;
    /// Whether the store holds no record at all (a copy's target must not).
    fn is_empty(&self) -> Result<bool, StoreError>;
    /// Hand every record of every table to `out`, table by table (feeds first, then what
    /// refers to them), for [`crate::store::copy`].
    fn export(
        &self,
        out: &mut dyn FnMut(super::records::Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Write records another store exported, in its order, as they are (numbers, cursors and
    /// times kept). Only into an empty store; a [`super::records::Record::Numbers`] ends it.
    fn import(&self, records: Vec<super::records::Record>) -> Result<(), StoreError>;
}
