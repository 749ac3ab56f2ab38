//! [`PgStore`] behind the contract's traits: each method is the inherent one of the same name
//! (documented at the trait). `close` has nothing to release (the connections end with the
//! last handle); `check_writable` is a flush (a commit that must reach the disk) tried even
//! while the database is away; `backup` names PostgreSQL's own tool.

use std::path::Path;

use super::PgStore;
use crate::model::{
    Affiliation, Announce, Applied, Avatar, Backlog, Entry, FeedState, NodeOptions, OutboxJob,
    Published, Stats, StoredItem, Subscription,
};
use crate::store::{Admin, GroupCommit, Store, StoreError, Verified};

impl Store for PgStore {
    fn flush(&self) -> Result<(), StoreError> {
        PgStore::flush(self)
    }
    fn group_commit(&self) -> &GroupCommit {
        &self.inner.group
    }
    fn check_writable(&self) -> Result<(), StoreError> {
        PgStore::check(self)
    }
    fn probe_write(&self, now_ms: i64) -> Result<(), StoreError> {
        PgStore::probe_write(self, now_ms)
    }
    fn close(&self) {}
    fn stats(&self) -> Result<Stats, StoreError> {
        PgStore::stats(self)
    }
    fn cluster(&self) -> Option<&dyn crate::store::cluster::Cluster> {
        Some(self)
    }
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        PgStore::feed(self, node)
    }
    fn feed_options(&self, node: &str) -> Option<NodeOptions> {
        PgStore::feed_options(self, node)
    }
    fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        PgStore::feeds(self)
    }
    fn feed_by_url(&self, url: &str) -> Option<FeedState> {
        PgStore::feed_by_url(self, url)
    }
    fn feeds_shown_as(&self, shown_url: &str) -> Vec<FeedState> {
        PgStore::feeds_shown_as(self, shown_url)
    }
    fn feed_folded(&self, node: &str) -> Option<FeedState> {
        PgStore::feed_folded(self, node)
    }
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Vec<FeedState> {
        PgStore::feeds_page(self, after, skip, limit, users)
    }
    fn feed_count(&self, users: bool) -> usize {
        PgStore::feed_count(self, users)
    }
    fn user_feed_count(&self) -> Result<usize, StoreError> {
        PgStore::user_feed_count(self)
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        PgStore::user_feed_slots(self, jid)
    }
    fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        PgStore::put_feed(self, feed)
    }
    fn update_feed(&self, feed: &FeedState) -> Result<bool, StoreError> {
        PgStore::update_feed(self, feed)
    }
    fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError> {
        PgStore::ensure_feed(self, feed)
    }
    fn set_node_options(&self, node: &str, options: &NodeOptions) -> Result<(), StoreError> {
        PgStore::set_node_options(self, node, options)
    }
    fn touch_feed(&self, state: &FeedState) {
        PgStore::touch_feed(self, state)
    }
    fn persist_touched(&self) -> Result<usize, StoreError> {
        PgStore::persist_touched(self)
    }
    fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        PgStore::mark_followed(self, node, now_ms)
    }
    fn remove_idle_user_feeds(&self, now_ms: i64, idle_ms: i64) -> Result<Vec<String>, StoreError> {
        PgStore::remove_idle_user_feeds(self, now_ms, idle_ms)
    }
    fn remove_feed(&self, node: &str) -> Result<(), StoreError> {
        PgStore::remove_feed(self, node)
    }
    fn delete_node(
        &self,
        node: &str,
        notify: bool,
        redirect: Option<String>,
    ) -> Result<(), StoreError> {
        PgStore::delete_node(self, node, notify, redirect)
    }
    fn apply_fetch(
        &self,
        state: &FeedState,
        entries: &[Entry],
        unchanged: &[String],
        now_ms: i64,
        max_items: usize,
        notify: Announce,
    ) -> Result<Applied, StoreError> {
        PgStore::apply_fetch(self, state, entries, unchanged, now_ms, max_items, notify)
    }
    fn publish(
        &self,
        node: &str,
        entry: &Entry,
        now_ms: i64,
        max_items: usize,
        announce: Announce,
        polled: bool,
    ) -> Result<Published, StoreError> {
        PgStore::publish(self, node, entry, now_ms, max_items, announce, polled)
    }
    fn retract(
        &self,
        node: &str,
        id: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<Option<StoredItem>, StoreError> {
        PgStore::retract(self, node, id, notify, polled, now_ms)
    }
    fn purge(
        &self,
        node: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<usize, StoreError> {
        PgStore::purge(self, node, notify, polled, now_ms)
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        PgStore::items(self, node, limit, before)
    }
    fn item_count(&self, node: &str) -> usize {
        PgStore::item_count(self, node)
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        PgStore::item(self, node, id)
    }
    fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        PgStore::item_by_seq(self, node, seq)
    }
    fn item_for_job(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        PgStore::item_for_job(self, node, seq)
    }
    fn items_for_jobs(
        &self,
        jobs: &[(String, u64)],
    ) -> Result<Vec<Option<StoredItem>>, StoreError> {
        PgStore::items_for_jobs(self, jobs)
    }
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        PgStore::item_hash(self, node, id)
    }
    fn known_unchanged(&self, node: &str, entries: &[(&str, &str)]) -> Vec<bool> {
        PgStore::known_unchanged(self, node, entries)
    }
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError> {
        PgStore::items_changed(self, node)
    }
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
        PgStore::subscription(self, node, jid)
    }
    fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        PgStore::put_subscription(self, sub)
    }
    fn subscriptions_among(
        &self,
        keys: &[(String, String)],
    ) -> Result<Vec<Option<Subscription>>, StoreError> {
        PgStore::subscriptions_among(self, keys)
    }
    fn put_subscriptions(&self, subs: &[Subscription]) -> Result<(), StoreError> {
        PgStore::put_subscriptions(self, subs)
    }
    fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError> {
        PgStore::unsubscribe(self, node, jid)
    }
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError> {
        PgStore::subscribers(self, node, after, limit)
    }
    fn subscriber_count(&self, node: &str) -> usize {
        PgStore::subscriber_count(self, node)
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        PgStore::subscriptions_of(self, jid)
    }
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        PgStore::subscribed_nodes(self, jid, limit)
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        PgStore::is_subscriber(self, jid)
    }
    fn domain_subscriptions(&self, domain: &str) -> usize {
        PgStore::domain_subscriptions(self, domain)
    }
    fn contact_jids(&self, node: &str) -> Result<Vec<String>, StoreError> {
        PgStore::contact_jids(self, node)
    }
    fn contact_subscribers(&self) -> Result<Vec<(String, String)>, StoreError> {
        PgStore::contact_subscribers(self)
    }
    fn set_affiliation(
        &self,
        node: &str,
        jid: &str,
        affiliation: Option<Affiliation>,
    ) -> Result<(), StoreError> {
        PgStore::set_affiliation(self, node, jid, affiliation)
    }
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StoreError> {
        PgStore::affiliation(self, node, jid)
    }
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StoreError> {
        PgStore::affiliations(self, node)
    }
    fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError> {
        PgStore::jobs(self, limit)
    }
    fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError> {
        PgStore::advance_job(self, job, after)
    }
    fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        PgStore::finish_job(self, job)
    }
    fn finish_jobs(&self, jobs: &[OutboxJob]) -> Result<(), StoreError> {
        PgStore::finish_jobs(self, jobs)
    }
    fn outbox_len(&self) -> usize {
        PgStore::outbox_len(self)
    }
    fn hold(
        &self,
        jid: &str,
        node: &str,
        item: &StoredItem,
        now_ms: i64,
        max: usize,
    ) -> Result<(), StoreError> {
        PgStore::hold(self, jid, node, item, now_ms, max)
    }
    fn backlog(&self, jid: &str) -> Result<Backlog, StoreError> {
        PgStore::backlog(self, jid)
    }
    fn has_backlog(&self, jid: &str) -> bool {
        PgStore::has_backlog(self, jid)
    }
    fn backlog_jids(&self) -> Result<Vec<String>, StoreError> {
        PgStore::backlog_jids(self)
    }
    fn release(&self, jid: &str, delivered: &Backlog) -> Result<(), StoreError> {
        PgStore::release(self, jid, delivered)
    }
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        PgStore::avatar(self, node)
    }
    fn avatar_record(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        PgStore::avatar_record(self, node)
    }
    fn put_avatar(&self, node: &str, a: &Avatar) -> Result<(), StoreError> {
        PgStore::put_avatar(self, node, a)
    }
}

impl Admin for PgStore {
    fn verify(&self) -> Result<Verified, StoreError> {
        PgStore::verify(self)
    }
    fn backup(&self, dest: &Path) -> Result<u64, StoreError> {
        Err(StoreError::Unsupported(format!(
            "nothing copied to {}: a PostgreSQL store is backed up with PostgreSQL's own tools \
             (pg_dump for a copy, pg_basebackup and WAL archiving for point-in-time recovery), \
             not by feedpush: pg_dump '{}'",
            dest.display(),
            self.shown()
        )))
    }
    fn is_empty(&self) -> Result<bool, StoreError> {
        PgStore::is_empty(self)
    }
    fn export(
        &self,
        out: &mut dyn FnMut(crate::store::records::Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        PgStore::export(self, out)
    }
    fn import(&self, records: Vec<crate::store::records::Record>) -> Result<(), StoreError> {
        PgStore::import(self, records)
    }
}
