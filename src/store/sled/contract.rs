//! [`SledStore`] behind the contract's traits: each method is the inherent one of the same
//! name (documented at the trait; `close` is [`SledStore::release_pid_file`]).

use std::path::Path;

use super::SledStore;
use crate::model::{
    Affiliation, Announce, Applied, Avatar, Backlog, Entry, FeedState, NodeOptions, OutboxJob,
    Published, Stats, StoredItem, Subscription,
};
use crate::store::{Admin, GroupCommit, Store, StoreError, Verified};

impl Store for SledStore {
    fn flush(&self) -> Result<(), StoreError> {
        SledStore::flush(self)
    }
    fn group_commit(&self) -> &GroupCommit {
        self.group.as_ref()
    }
    fn check_writable(&self) -> Result<(), StoreError> {
        SledStore::check_writable(self)
    }
    fn probe_write(&self, now_ms: i64) -> Result<(), StoreError> {
        SledStore::probe_write(self, now_ms)
    }
    fn close(&self) {
        self.release_pid_file()
    }
    fn stats(&self) -> Result<Stats, StoreError> {
        SledStore::stats(self)
    }
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
        SledStore::feed(self, node)
    }
    fn feed_options(&self, node: &str) -> Option<NodeOptions> {
        SledStore::feed_options(self, node)
    }
    fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        SledStore::feeds(self)
    }
    fn feed_by_url(&self, url: &str) -> Option<FeedState> {
        SledStore::feed_by_url(self, url)
    }
    fn feeds_shown_as(&self, shown_url: &str) -> Vec<FeedState> {
        SledStore::feeds_shown_as(self, shown_url)
    }
    fn feed_folded(&self, node: &str) -> Option<FeedState> {
        SledStore::feed_folded(self, node)
    }
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Vec<FeedState> {
        SledStore::feeds_page(self, after, skip, limit, users)
    }
    fn feed_count(&self, users: bool) -> usize {
        SledStore::feed_count(self, users)
    }
    fn user_feed_count(&self) -> Result<usize, StoreError> {
        SledStore::user_feed_count(self)
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
        SledStore::user_feed_slots(self, jid)
    }
    fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        SledStore::put_feed(self, feed)
    }
    fn update_feed(&self, feed: &FeedState) -> Result<bool, StoreError> {
        SledStore::update_feed(self, feed)
    }
    fn ensure_feed(&self, feed: FeedState) -> Result<FeedState, StoreError> {
        SledStore::ensure_feed(self, feed)
    }
    fn set_node_options(&self, node: &str, options: &NodeOptions) -> Result<(), StoreError> {
        SledStore::set_node_options(self, node, options)
    }
    fn touch_feed(&self, state: &FeedState) {
        SledStore::touch_feed(self, state)
    }
    fn persist_touched(&self) -> Result<usize, StoreError> {
        SledStore::persist_touched(self)
    }
    fn mark_followed(&self, node: &str, now_ms: i64) -> Result<(), StoreError> {
        SledStore::mark_followed(self, node, now_ms)
    }
    fn remove_idle_user_feeds(&self, now_ms: i64, idle_ms: i64) -> Result<Vec<String>, StoreError> {
        SledStore::remove_idle_user_feeds(self, now_ms, idle_ms)
    }
    fn remove_feed(&self, node: &str) -> Result<(), StoreError> {
        SledStore::remove_feed(self, node)
    }
    fn delete_node(
        &self,
        node: &str,
        notify: bool,
        redirect: Option<String>,
    ) -> Result<(), StoreError> {
        SledStore::delete_node(self, node, notify, redirect)
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
        SledStore::apply_fetch(self, state, entries, unchanged, now_ms, max_items, notify)
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
        SledStore::publish(self, node, entry, now_ms, max_items, announce, polled)
    }
    fn retract(
        &self,
        node: &str,
        id: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<Option<StoredItem>, StoreError> {
        SledStore::retract(self, node, id, notify, polled, now_ms)
    }
    fn purge(
        &self,
        node: &str,
        notify: bool,
        polled: bool,
        now_ms: i64,
    ) -> Result<usize, StoreError> {
        SledStore::purge(self, node, notify, polled, now_ms)
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StoreError> {
        SledStore::items(self, node, limit, before)
    }
    fn item_count(&self, node: &str) -> usize {
        SledStore::item_count(self, node)
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
        SledStore::item(self, node, id)
    }
    fn item_by_seq(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        SledStore::item_by_seq(self, node, seq)
    }
    fn item_for_job(&self, node: &str, seq: u64) -> Result<Option<StoredItem>, StoreError> {
        SledStore::item_for_job(self, node, seq)
    }
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StoreError> {
        SledStore::item_hash(self, node, id)
    }
    fn known_unchanged(&self, node: &str, entries: &[(&str, &str)]) -> Vec<bool> {
        entries
            .iter()
            .map(|(id, hash)| SledStore::is_known_unchanged(self, node, id, hash))
            .collect()
    }
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StoreError> {
        SledStore::items_changed(self, node)
    }
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
        SledStore::subscription(self, node, jid)
    }
    fn put_subscription(&self, sub: &Subscription) -> Result<(), StoreError> {
        SledStore::put_subscription(self, sub)
    }
    fn unsubscribe(&self, node: &str, jid: &str) -> Result<bool, StoreError> {
        SledStore::unsubscribe(self, node, jid)
    }
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StoreError> {
        SledStore::subscribers(self, node, after, limit)
    }
    fn subscriber_count(&self, node: &str) -> usize {
        SledStore::subscriber_count(self, node)
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
        SledStore::subscriptions_of(self, jid)
    }
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        SledStore::subscribed_nodes(self, jid, limit)
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
        SledStore::is_subscriber(self, jid)
    }
    fn domain_subscriptions(&self, domain: &str) -> usize {
        SledStore::domain_subscriptions(self, domain)
    }
    fn contact_jids(&self, node: &str) -> Result<Vec<String>, StoreError> {
        SledStore::contact_jids(self, node)
    }
    fn contact_subscribers(&self) -> Result<Vec<(String, String)>, StoreError> {
        SledStore::contact_subscribers(self)
    }
    fn set_affiliation(
        &self,
        node: &str,
        jid: &str,
        affiliation: Option<Affiliation>,
    ) -> Result<(), StoreError> {
        SledStore::set_affiliation(self, node, jid, affiliation)
    }
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StoreError> {
        SledStore::affiliation(self, node, jid)
    }
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StoreError> {
        SledStore::affiliations(self, node)
    }
    fn jobs(&self, limit: usize) -> Result<Vec<OutboxJob>, StoreError> {
        SledStore::jobs(self, limit)
    }
    fn advance_job(&self, job: &OutboxJob, after: &str) -> Result<(), StoreError> {
        SledStore::advance_job(self, job, after)
    }
    fn finish_job(&self, job: &OutboxJob) -> Result<(), StoreError> {
        SledStore::finish_job(self, job)
    }
    fn outbox_len(&self) -> usize {
        SledStore::outbox_len(self)
    }
    fn hold(
        &self,
        jid: &str,
        node: &str,
        item: &StoredItem,
        now_ms: i64,
        max: usize,
    ) -> Result<(), StoreError> {
        SledStore::hold(self, jid, node, item, now_ms, max)
    }
    fn backlog(&self, jid: &str) -> Result<Backlog, StoreError> {
        SledStore::backlog(self, jid)
    }
    fn has_backlog(&self, jid: &str) -> bool {
        SledStore::has_backlog(self, jid)
    }
    fn backlog_jids(&self) -> Result<Vec<String>, StoreError> {
        SledStore::backlog_jids(self)
    }
    fn release(&self, jid: &str, delivered: &Backlog) -> Result<(), StoreError> {
        SledStore::release(self, jid, delivered)
    }
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        SledStore::avatar(self, node)
    }
    fn avatar_record(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        SledStore::avatar_record(self, node)
    }
    fn put_avatar(&self, node: &str, a: &Avatar) -> Result<(), StoreError> {
        SledStore::put_avatar(self, node, a)
    }
}

impl Admin for SledStore {
    fn verify(&self) -> Result<Verified, StoreError> {
        SledStore::verify(self)
    }
    fn backup(&self, dest: &Path) -> Result<u64, StoreError> {
        SledStore::backup(self, dest)
    }
    fn is_empty(&self) -> Result<bool, StoreError> {
        SledStore::is_empty(self)
    }
    fn export(
        &self,
        out: &mut dyn FnMut(crate::store::records::Record) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        SledStore::export(self, out)
    }
    fn import(&self, records: Vec<crate::store::records::Record>) -> Result<(), StoreError> {
        SledStore::import(self, records)
    }
}
