//! One batch of inbound stanzas against the store in as few round trips as its requests
//! allow: what a burst of subscriptions costs a database server.
//!
//! - **Read ahead**: the subscriptions its subscribe requests will read
//!   ([`crate::xmpp::pubsub::subscription_read`]) are read in one query
//!   ([`Store::subscriptions_among`]) before the first request is handled.
//! - **Written together**: a request whose only changes store subscriptions has them written
//!   with the batch's others in one statement ([`Store::put_subscriptions`]), before anything
//!   could see them missing: before any other request's changes, before any read of
//!   subscriptions but one of those it holds, and at the end of the batch, before its flush.
//!   So the core still reads every change applied so far ([`State`]'s promise), and an
//!   acknowledgement still waits for the flush. When the statement fails, each is written on
//!   its own: a request whose subscription could not be written is answered with an error,
//!   alone, as when it was handled alone.
//!
//! A backend without a cheaper way does both one at a time (the contract's defaults).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tracing::warn;

use super::steps::{apply_output, output_steps, Step};
use crate::model::{Affiliation, Avatar, FeedState, Stats, StoredItem, Subscription};
use crate::store::Store;
use crate::xmpp::pubsub::{subscription_read, Change, Output, State, StateError};
use crate::xmpp::stanza::Inbound;

/// A (node, bare JID) pair.
type Key = (String, String);

/// The store as one batch's requests see it.
pub(crate) struct Batch<'a> {
    store: &'a Arc<dyn Store>,
    backlog_max: usize,
    held: RefCell<Held>,
}

#[derive(Default)]
struct Held {
    /// Subscriptions as stored (read ahead, or written by this batch), by (node, JID).
    known: HashMap<Key, Option<Subscription>>,
    /// Subscriptions the batch's requests store, not written yet, each with its request's place.
    pending: Vec<(usize, Subscription)>,
    /// Requests whose subscriptions could not be written.
    failed: HashSet<usize>,
}

/// A request's output: its steps, or (its subscriptions waiting to be written) the output
/// itself, turned into steps once it is known whether they were.
pub(crate) enum Slot {
    Done(Vec<Step>),
    Waiting(Output),
}

impl<'a> Batch<'a> {
    /// The batch's view of `store`, with the subscriptions `batch` will read read ahead (when
    /// that fails, each is read on its own, and fails there, alone).
    pub(crate) fn read_ahead(
        store: &'a Arc<dyn Store>,
        backlog_max: usize,
        batch: &[Inbound],
    ) -> Self {
        let mut keys: Vec<Key> = batch.iter().filter_map(subscription_read).collect();
        keys.sort();
        keys.dedup();
        let known = match store.subscriptions_among(&keys) {
            Ok(found) if found.len() == keys.len() => keys.into_iter().zip(found).collect(),
            _ => HashMap::new(),
        };
        Batch {
            store,
            backlog_max,
            held: RefCell::new(Held {
                known,
                ..Held::default()
            }),
        }
    }

    /// Take request `i`'s output: its subscriptions wait for the batch's write when they are
    /// all it changes; anything else is applied now, after the waiting ones are written.
    pub(crate) fn take(&self, i: usize, out: Output) -> Slot {
        let only_subscriptions = !out.changes.is_empty()
            && out
                .changes
                .iter()
                .all(|c| matches!(c, Change::PutSubscription(_)));
        if only_subscriptions {
            let mut held = self.held.borrow_mut();
            held.pending
                .extend(out.changes.iter().filter_map(|c| match c {
                    Change::PutSubscription(s) => Some((i, s.clone())),
                    _ => None,
                }));
            return Slot::Waiting(out);
        }
        if !out.changes.is_empty() {
            self.settle();
            // Its changes may touch any subscription: read them again from the store.
            self.held.borrow_mut().known.clear();
        }
        Slot::Done(apply_output(self.store, out, self.backlog_max))
    }

    /// Write the waiting subscriptions: every request's in one statement; when that fails,
    /// each on its own, so that one the store refuses fails its request alone.
    fn settle(&self) {
        let pending = std::mem::take(&mut self.held.borrow_mut().pending);
        if pending.is_empty() {
            return;
        }
        let subs: Vec<Subscription> = pending.iter().map(|(_, s)| s.clone()).collect();
        let together = self.store.put_subscriptions(&subs);
        let mut held = self.held.borrow_mut();
        for (i, s) in pending {
            let key = (s.node.clone(), s.jid.clone());
            let alone = match &together {
                Ok(()) => Ok(()),
                Err(_) => self.store.put_subscription(&s),
            };
            match alone {
                Ok(()) => {
                    held.known.insert(key, Some(s));
                }
                Err(e) => {
                    warn!(error = %e, node = s.node, jid = s.jid, "cannot store a subscription; the request is answered with an error");
                    held.failed.insert(i);
                    held.known.remove(&key);
                }
            }
        }
    }

    /// The batch's steps in the order of its requests, the waiting subscriptions written.
    pub(crate) fn finish(self, slots: Vec<Slot>) -> Vec<Step> {
        self.settle();
        let failed = self.held.into_inner().failed;
        slots
            .into_iter()
            .enumerate()
            .flat_map(|(i, slot)| match slot {
                Slot::Done(steps) => steps,
                Slot::Waiting(out) => output_steps(out, Vec::new(), !failed.contains(&i)),
            })
            .collect()
    }

    /// The store as the core reads it, once the waiting subscriptions are written.
    fn settled(&self) -> &Arc<dyn Store> {
        self.settle();
        self.store
    }
}

/// Feeds, items, avatars and affiliations are read from the store as they are (the waiting
/// subscriptions change none of them); subscriptions once the waiting ones are written, or
/// from those the batch holds.
impl State for Batch<'_> {
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StateError> {
        let waiting =
            (self.held.borrow().pending.iter()).any(|(_, s)| s.node == node && s.jid == jid);
        if waiting {
            self.settle();
        }
        let key = (node.to_owned(), jid.to_owned());
        if let Some(found) = self.held.borrow().known.get(&key) {
            return Ok(found.clone());
        }
        State::subscription(self.store, node, jid)
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StateError> {
        State::subscriptions_of(self.settled(), jid)
    }
    fn subscriber_count(&self, node: &str) -> usize {
        State::subscriber_count(self.settled(), node)
    }
    fn domain_subscriptions(&self, domain: &str) -> usize {
        State::domain_subscriptions(self.settled(), domain)
    }
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StateError> {
        State::subscribed_nodes(self.settled(), jid, limit)
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StateError> {
        State::is_subscriber(self.settled(), jid)
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StateError> {
        State::user_feed_slots(self.settled(), jid)
    }
    fn stats(&self) -> Result<Stats, StateError> {
        State::stats(self.settled())
    }
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StateError> {
        State::subscribers(self.settled(), node, after, limit)
    }

    fn feed(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        State::feed(self.store, node)
    }
    fn feed_by_url(&self, url: &str) -> Result<Option<FeedState>, StateError> {
        State::feed_by_url(self.store, url)
    }
    fn feeds_shown_as(&self, shown: &str) -> Result<Vec<FeedState>, StateError> {
        State::feeds_shown_as(self.store, shown)
    }
    fn feed_folded(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        State::feed_folded(self.store, node)
    }
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Result<Vec<FeedState>, StateError> {
        State::feeds_page(self.store, after, skip, limit, users)
    }
    fn feed_count(&self, users: bool) -> usize {
        State::feed_count(self.store, users)
    }
    fn user_feed_count(&self) -> Result<usize, StateError> {
        State::user_feed_count(self.store)
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StateError> {
        State::items(self.store, node, limit, before)
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StateError> {
        State::item(self.store, node, id)
    }
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StateError> {
        State::item_hash(self.store, node, id)
    }
    fn items_changed(&self, node: &str) -> Result<Option<i64>, StateError> {
        State::items_changed(self.store, node)
    }
    fn item_count(&self, node: &str) -> usize {
        State::item_count(self.store, node)
    }
    fn avatar(&self, node: &str) -> Result<Option<Avatar>, StateError> {
        State::avatar(self.store, node)
    }
    fn affiliation(&self, node: &str, jid: &str) -> Result<Option<Affiliation>, StateError> {
        State::affiliation(self.store, node, jid)
    }
    fn affiliations(&self, node: &str) -> Result<Vec<(String, Affiliation)>, StateError> {
        State::affiliations(self.store, node)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;
    use std::sync::Arc;
    use std::time::Duration;

    use rand::SeedableRng;
    use xmpp_parsers::iq::Iq;
    use xmpp_parsers::minidom::Element;

    use super::super::{run_work, Work};
    use super::Step;
    use crate::config::Config;
    use crate::model::{FeedState, Origin};
    use crate::store::postgres::{testdb, PgOptions, PgStore};
    use crate::store::sled::SledStore;
    use crate::store::Store;
    use crate::xmpp::pubsub::Service;
    use crate::xmpp::stanza::{Inbound, Stanza};

    const ME: &str = "pubsub.shakespeare.lit";

    fn sled(dir: &Path) -> Arc<dyn Store> {
        Arc::new(SledStore::open(dir).unwrap())
    }

    fn postgres(dir: &Path) -> Arc<dyn Store> {
        let opts = PgOptions {
            url: testdb::database_for(dir),
            pool_size: 4,
            connect_timeout: Duration::from_secs(10),
        };
        Arc::new(PgStore::open(&opts).unwrap())
    }

    fn service(store: &Arc<dyn Store>) -> Service {
        let text = format!(
            "[component]\njid = \"{ME}\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"/nonexistent\"\n"
        );
        let cfg = Arc::new(Config::parse(Path::new("feeds.toml"), &text).unwrap());
        for n in ["n", "m"] {
            let url = format!("http://example.org/{n}");
            store
                .ensure_feed(FeedState::new(n, &url, None, Origin::Config))
                .unwrap();
        }
        Service::new(cfg, rand::rngs::StdRng::seed_from_u64(7))
    }

    /// A pubsub request from `who` (a user of the service's own server) with `id`.
    fn request(kind: &str, id: &str, who: &str, body: &str) -> Inbound {
        let xml = format!(
            "<iq xmlns='jabber:component:accept' type='{kind}' id='{id}' from='{who}@shakespeare.lit/r' to='{ME}'>\
             <pubsub xmlns='http://jabber.org/protocol/pubsub'>{body}</pubsub></iq>"
        );
        let el: Element = xml.parse().unwrap();
        Inbound::Stanza(Box::new(Stanza::Iq(Iq::try_from(el).unwrap())))
    }

    fn subscribe(id: &str, who: &str, node: &str) -> Inbound {
        let body = format!("<subscribe node='{node}' jid='{who}@shakespeare.lit'/>");
        request("set", id, who, &body)
    }

    /// One batch through the request loop's work: each request's answer by id (the stanza
    /// that goes out once the batch is flushed), and whether the flush succeeded.
    fn batch(
        store: &Arc<dyn Store>,
        svc: &mut Service,
        stanzas: Vec<Inbound>,
    ) -> HashMap<String, Iq> {
        let (steps, durable_ok) = run_work(svc, store, Work::Batch(stanzas));
        assert!(durable_ok, "the batch's flush failed");
        steps
            .into_iter()
            .filter_map(|s| match s {
                Step::Durable { ok, .. } | Step::Send(ok) => match *ok {
                    Stanza::Iq(iq) => Some((iq.id().to_owned(), iq)),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    fn is_result(answers: &HashMap<String, Iq>, id: &str) -> bool {
        matches!(answers.get(id), Some(Iq::Result { .. }))
    }

    /// Requests in one batch read what the requests before them stored (a subscription
    /// waiting to be written included), as when each was handled alone.
    fn requests_read_what_their_batch_stored(store: Arc<dyn Store>) {
        let mut svc = service(&store);
        let first = batch(&store, &mut svc, vec![subscribe("b0", "bob", "n")]);
        assert!(is_result(&first, "b0"));
        let opts = "<options node='n' jid='alice@shakespeare.lit'/>";
        let answers = batch(
            &store,
            &mut svc,
            vec![
                subscribe("a1", "alice", "n"),
                request("get", "a2", "alice", opts),
                subscribe("a3", "alice", "n"),
                request(
                    "set",
                    "b1",
                    "bob",
                    "<unsubscribe node='n' jid='bob@shakespeare.lit'/>",
                ),
                subscribe("b2", "bob", "m"),
                request(
                    "set",
                    "b3",
                    "bob",
                    "<unsubscribe node='n' jid='bob@shakespeare.lit'/>",
                ),
                subscribe("a4", "alice", "m"),
                request("get", "a5", "alice", "<subscriptions/>"),
            ],
        );
        for id in ["a1", "a2", "a3", "b1", "b2", "a4", "a5"] {
            assert!(is_result(&answers, id), "{id}: {:?}", answers.get(id));
        }
        // Bob was unsubscribed by b1: b3 finds nothing to remove.
        assert!(
            matches!(answers.get("b3"), Some(Iq::Error { .. })),
            "{answers:?}"
        );
        let Some(Iq::Result {
            payload: Some(list),
            ..
        }) = answers.get("a5")
        else {
            panic!("{answers:?}")
        };
        let listed = String::from(list);
        assert!(
            listed.contains("node='n'") && listed.contains("node='m'"),
            "{listed}"
        );
        assert!(store
            .subscription("n", "alice@shakespeare.lit")
            .unwrap()
            .is_some());
        assert!(store
            .subscription("m", "alice@shakespeare.lit")
            .unwrap()
            .is_some());
        assert!(store
            .subscription("n", "bob@shakespeare.lit")
            .unwrap()
            .is_none());
        assert!(store
            .subscription("m", "bob@shakespeare.lit")
            .unwrap()
            .is_some());
        assert_eq!(store.subscriber_count("n"), 1);
    }

    #[test]
    fn requests_read_what_their_batch_stored_sled() {
        let dir = tempfile::tempdir().unwrap();
        requests_read_what_their_batch_stored(sled(dir.path()));
    }

    #[test]
    fn requests_read_what_their_batch_stored_postgres() {
        let dir = tempfile::tempdir().unwrap();
        requests_read_what_their_batch_stored(postgres(dir.path()));
    }

    /// The database refuses one subscription of a batch (a trigger, as a hand-made rule
    /// would): that request is answered with an error, the others are stored and answered.
    #[test]
    fn a_subscription_the_database_refuses_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = postgres(dir.path());
        testdb::execute(
            &testdb::database_for(dir.path()),
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.jid = 'mallory@shakespeare.lit' THEN RAISE EXCEPTION 'refused'; END IF; \
             RETURN NEW; END $$; \
             CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON subscriptions \
             FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
        .unwrap();
        let mut svc = service(&store);
        let answers = batch(
            &store,
            &mut svc,
            vec![
                subscribe("1", "alice", "n"),
                subscribe("2", "mallory", "n"),
                subscribe("3", "bob", "n"),
            ],
        );
        assert!(
            is_result(&answers, "1") && is_result(&answers, "3"),
            "{answers:?}"
        );
        assert!(
            matches!(answers.get("2"), Some(Iq::Error { .. })),
            "{answers:?}"
        );
        assert_eq!(store.subscriber_count("n"), 2);
        assert!(store
            .subscription("n", "mallory@shakespeare.lit")
            .unwrap()
            .is_none());
    }
}
