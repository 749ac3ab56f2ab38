//! The service's tests: XEP-0060/0030 example stanzas against an in-memory state.

use super::*;
use xmpp_parsers::message::{Message, MessageType};
use xmpp_parsers::pubsub::event::{Event, Payload};
const NS_DISCO_INFO: &str = ns::DISCO_INFO;
const NS_DISCO_ITEMS: &str = ns::DISCO_ITEMS;
const NS_PING: &str = ns::PING;
const NS_PUBSUB: &str = ns::PUBSUB;
const NS_RSM: &str = ns::RSM;
use crate::model::Entry;
use std::cell::RefCell;
use std::collections::BTreeMap;

const NODE: &str = "princely_musings";

/// The stored state, in memory: what the shell's store answers, without a store.
#[derive(Default)]
pub(super) struct Mem {
    feeds: RefCell<BTreeMap<String, FeedState>>,
    subs: RefCell<BTreeMap<(String, String), Subscription>>,
    /// Oldest first.
    pub(super) items: RefCell<BTreeMap<String, Vec<StoredItem>>>,
    avatars: RefCell<BTreeMap<String, crate::model::Avatar>>,
    affiliations: RefCell<BTreeMap<(String, String), crate::model::Affiliation>>,
}

impl State for Mem {
    fn feed(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        Ok(self.feeds.borrow().get(node).cloned())
    }
    fn feed_by_url(&self, url: &str) -> Result<Option<FeedState>, StateError> {
        Ok(self
            .feeds
            .borrow()
            .values()
            .find(|f| normalize_url(&f.url).is_some_and(|u| u.as_str() == url))
            .cloned())
    }
    fn feeds_shown_as(&self, shown: &str) -> Result<Vec<FeedState>, StateError> {
        Ok(self
            .feeds
            .borrow()
            .values()
            .filter(|f| {
                !f.url.is_empty()
                    && !matches!(f.origin, Origin::User { .. })
                    && crate::net::redact_str(&f.url) == shown
            })
            .cloned()
            .collect())
    }
    fn feed_folded(&self, node: &str) -> Result<Option<FeedState>, StateError> {
        Ok(self
            .feeds
            .borrow()
            .values()
            .find(|f| f.node.eq_ignore_ascii_case(node))
            .cloned())
    }
    fn feeds_page(
        &self,
        after: Option<&str>,
        skip: usize,
        limit: usize,
        users: bool,
    ) -> Result<Vec<FeedState>, StateError> {
        Ok(self
            .feeds
            .borrow()
            .values()
            .filter(|f| after.is_none_or(|a| f.node.as_str() > a))
            .filter(|f| users || !matches!(f.origin, Origin::User { .. }))
            .skip(skip)
            .take(limit)
            .cloned()
            .collect())
    }
    fn feed_count(&self, users: bool) -> usize {
        self.feeds
            .borrow()
            .values()
            .filter(|f| users || !matches!(f.origin, Origin::User { .. }))
            .count()
    }
    fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StateError> {
        Ok(self
            .subs
            .borrow()
            .get(&(node.to_owned(), jid.to_owned()))
            .cloned())
    }
    fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StateError> {
        Ok(self
            .subs
            .borrow()
            .values()
            .filter(|s| s.jid == jid)
            .cloned()
            .collect())
    }
    fn subscriber_count(&self, node: &str) -> usize {
        self.subs.borrow().keys().filter(|(n, _)| n == node).count()
    }
    fn domain_subscriptions(&self, domain: &str) -> usize {
        self.subs
            .borrow()
            .keys()
            .filter(|(_, j)| crate::model::jid_domain(j) == domain)
            .count()
    }
    fn subscribed_nodes(&self, jid: &str, limit: usize) -> Result<Vec<String>, StateError> {
        Ok(self
            .subs
            .borrow()
            .keys()
            .filter(|(_, j)| j == jid)
            .map(|(n, _)| n.clone())
            .take(limit)
            .collect())
    }
    fn is_subscriber(&self, jid: &str) -> Result<bool, StateError> {
        Ok(self.subs.borrow().keys().any(|(_, j)| j == jid))
    }
    fn user_feed_slots(&self, jid: &str) -> Result<usize, StateError> {
        let feeds = self.feeds.borrow();
        let user = |n: &str| {
            feeds
                .get(n)
                .is_some_and(|f| matches!(f.origin, Origin::User { .. }))
        };
        let followed = self
            .subscriptions_of(jid)?
            .iter()
            .filter(|s| user(&s.node))
            .count();
        let left = feeds
            .values()
            .filter(|f| matches!(&f.origin, Origin::User { owner } if owner == jid))
            .filter(|f| self.subscriber_count(&f.node) == 0)
            .count();
        Ok(followed + left)
    }
    fn user_feed_count(&self) -> Result<usize, StateError> {
        Ok(self
            .feeds
            .borrow()
            .values()
            .filter(|f| matches!(f.origin, Origin::User { .. }))
            .count())
    }
    fn items(
        &self,
        node: &str,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<StoredItem>, StateError> {
        Ok(self
            .items
            .borrow()
            .get(node)
            .map(|v| {
                v.iter()
                    .rev()
                    .filter(|i| before.is_none_or(|b| i.seq < b))
                    .take(limit)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default())
    }
    fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StateError> {
        Ok(self
            .items
            .borrow()
            .get(node)
            .and_then(|v| v.iter().find(|i| i.entry.id == id).cloned()))
    }
    fn item_hash(&self, node: &str, id: &str) -> Result<Option<String>, StateError> {
        Ok(self.item(node, id)?.map(|i| i.entry.content_hash))
    }
    fn stats(&self) -> Result<crate::model::Stats, StateError> {
        Ok(crate::model::Stats::default())
    }
    fn items_changed(&self, _node: &str) -> Result<Option<i64>, StateError> {
        Ok(None)
    }
    fn item_count(&self, node: &str) -> usize {
        self.items.borrow().get(node).map_or(0, Vec::len)
    }
    fn avatar(&self, node: &str) -> Result<Option<crate::model::Avatar>, StateError> {
        Ok(self.avatars.borrow().get(node).cloned())
    }
    fn affiliation(
        &self,
        node: &str,
        jid: &str,
    ) -> Result<Option<crate::model::Affiliation>, StateError> {
        Ok(self
            .affiliations
            .borrow()
            .get(&(node.to_owned(), jid.to_owned()))
            .copied())
    }
    fn affiliations(
        &self,
        node: &str,
    ) -> Result<Vec<(String, crate::model::Affiliation)>, StateError> {
        Ok(self
            .affiliations
            .borrow()
            .iter()
            .filter(|((n, _), _)| n == node)
            .map(|((_, j), a)| (j.clone(), *a))
            .collect())
    }
    fn subscribers(
        &self,
        node: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Subscription>, StateError> {
        Ok(self
            .subs
            .borrow()
            .values()
            .filter(|s| s.node == node && after.is_none_or(|a| s.jid.as_str() > a))
            .take(limit)
            .cloned()
            .collect())
    }
}

impl Mem {
    pub(super) fn apply(&self, c: &Change) {
        match c {
            Change::PutSubscription(sub) => {
                self.subs
                    .borrow_mut()
                    .insert((sub.node.clone(), sub.jid.clone()), sub.clone());
            }
            Change::Unsubscribe { node, jid } => {
                self.subs.borrow_mut().remove(&(node.clone(), jid.clone()));
            }
            Change::MarkFollowed { .. } | Change::Hold { .. } => {}
            Change::AddFeed(f) => {
                self.feeds
                    .borrow_mut()
                    .entry(f.node.clone())
                    .or_insert_with(|| (**f).clone());
            }
            Change::RemoveFeed(node) => {
                self.feeds.borrow_mut().remove(node);
                self.items.borrow_mut().remove(node);
                self.subs.borrow_mut().retain(|(n, _), _| n != node);
            }
            Change::Publish {
                node,
                entry,
                max_items,
                ..
            } => {
                let mut items = self.items.borrow_mut();
                let v = items.entry(node.clone()).or_default();
                match v.iter_mut().find(|i| i.entry.id == entry.id) {
                    Some(i) => i.entry = (**entry).clone(),
                    None => {
                        let seq = v.last().map_or(1, |i| i.seq + 1);
                        v.push(StoredItem {
                            seq,
                            stored_at: 1_000,
                            entry: (**entry).clone(),
                        });
                    }
                }
                while v.len() > *max_items {
                    v.remove(0);
                }
            }
            Change::Retract { node, id, .. } => {
                if let Some(v) = self.items.borrow_mut().get_mut(node) {
                    v.retain(|i| i.entry.id != *id);
                }
            }
            Change::Purge { node, .. } => {
                self.items.borrow_mut().remove(node);
            }
            Change::CreateNode(f) | Change::ConfigureNode(f) | Change::AdoptFeed(f) => {
                self.feeds
                    .borrow_mut()
                    .insert(f.node.clone(), (**f).clone());
            }
            Change::DeleteNode { node, .. } => {
                self.feeds.borrow_mut().remove(node);
                self.items.borrow_mut().remove(node);
                self.subs.borrow_mut().retain(|(n, _), _| n != node);
                self.affiliations.borrow_mut().retain(|(n, _), _| n != node);
            }
            Change::SetAffiliation {
                node,
                jid,
                affiliation,
            } => {
                let k = (node.clone(), jid.clone());
                match affiliation {
                    Some(a) => {
                        self.affiliations.borrow_mut().insert(k, *a);
                    }
                    None => {
                        self.affiliations.borrow_mut().remove(&k);
                    }
                }
            }
        }
    }
}

/// What a test sees of one handled stanza, in the order the shell acts on it.
#[derive(Debug)]
enum Effect {
    Send(Box<Stanza>),
    SendDurable(Box<Stanza>),
    AddFeed(String),
    RemoveFeed(String),
}

/// The service over an in-memory state, applying its changes as the shell does. The core is
/// borrowed mutably for each stanza (as the request task owns it); the tests read the rest
/// through its shared part.
struct Svc {
    svc: RefCell<Service>,
    shared: Arc<Shared>,
    store: Mem,
}

impl std::ops::Deref for Svc {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.shared
    }
}

impl Svc {
    /// A core for `cfg` over `store`, its random numbers seeded with a constant.
    fn new(cfg: Arc<Config>, store: Mem) -> Svc {
        let svc = Service::new(cfg, rand::SeedableRng::seed_from_u64(21));
        Svc {
            shared: svc.shared(),
            svc: RefCell::new(svc),
            store,
        }
    }

    /// The core, for a call that changes what it holds.
    fn core(&self) -> std::cell::RefMut<'_, Service> {
        self.svc.borrow_mut()
    }

    fn handle(&self, i: Inbound) -> Vec<Effect> {
        let out = self.core().handle(i, &self.store, 1_000);
        let mut effects: Vec<Effect> = out
            .send
            .into_iter()
            .map(|o| match o {
                Outgoing::Now(s) => Effect::Send(s),
                Outgoing::Durable { ok, .. } => Effect::SendDurable(ok),
            })
            .collect();
        for c in &out.changes {
            self.store.apply(c);
            match c {
                Change::AddFeed(f) => effects.push(Effect::AddFeed(f.node.clone())),
                Change::RemoveFeed(n) => effects.push(Effect::RemoveFeed(n.clone())),
                _ => {}
            }
        }
        effects
    }
}

fn service(extra: &str) -> (Svc, ()) {
    let text = format!(
        "[component]\njid = \"pubsub.shakespeare.lit\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"/nonexistent\"\n{extra}\n",
    );
    let cfg = Arc::new(Config::parse(std::path::Path::new("feeds.toml"), &text).unwrap());
    let store = Mem::default();
    for n in [NODE, "b-node", "c-node"] {
        store.apply(&Change::AddFeed(Box::new(FeedState::new(
            n,
            &format!("http://example.org/{n}"),
            None,
            Origin::Config,
        ))));
    }
    // As a fetch stores them: the document lists the newest first, the oldest gets the
    // lowest sequence number.
    let items = ["oldest", "older", "ae890ac52d0df67ed7cfdf51b644e901"]
        .iter()
        .zip(1..)
        .map(|(id, seq)| StoredItem {
            seq,
            stored_at: 0,
            entry: Entry::new(*id, *id),
        })
        .collect();
    store.items.borrow_mut().insert(NODE.to_owned(), items);
    (Svc::new(cfg, store), ())
}

/// Parse a stanza written in the XEP's style (the component namespace is added).
pub(super) fn stanza(xml: &str) -> Inbound {
    let xml = xml.replacen(' ', " xmlns='jabber:component:accept' ", 1);
    let el: Element = xml.parse().unwrap();
    let s = match el.name() {
        "iq" => Stanza::Iq(Iq::try_from(el).unwrap()),
        "presence" => Stanza::Presence(Presence::try_from(el).unwrap()),
        _ => Stanza::Message(Message::try_from(el).unwrap()),
    };
    Inbound::Stanza(Box::new(s))
}

fn reply(svc: &Svc, xml: &str) -> Option<Iq> {
    let out = svc.handle(stanza(xml));
    assert!(out.len() <= 1 || matches!(out[1], Effect::AddFeed(_)));
    let first = out.into_iter().next();
    match first {
        Some(Effect::Send(s) | Effect::SendDurable(s)) => match *s {
            Stanza::Iq(iq) => Some(iq),
            other => panic!("not an iq: {other:?}"),
        },
        _ => None,
    }
}

fn result(iq: Option<Iq>) -> Option<Element> {
    match iq {
        Some(Iq::Result { payload, .. }) => payload,
        other => panic!("expected a result, got {other:?}"),
    }
}

fn error(iq: Option<Iq>) -> (DefinedCondition, Option<String>) {
    match iq {
        Some(Iq::Error { error, .. }) => (
            error.defined_condition,
            error.other.map(|o| o.name().to_owned()),
        ),
        other => panic!("expected an error, got {other:?}"),
    }
}

fn sub_iq(jid: &str, node: &str) -> String {
    format!(
        "<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='sub1'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{node}' jid='{jid}'/></pubsub></iq>"
    )
}

fn sub_iq_node(from: &str, node: &str) -> String {
    sub_url_iq(from, node)
}

fn sub_url_iq(from: &str, url: &str) -> String {
    format!(
        "<iq type='set' from='{from}/r' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{url}' jid='{from}'/></pubsub></iq>"
    )
}

#[test]
fn a_successful_change_is_answered_only_after_a_flush() {
    let (svc, _d) = service("");
    let out = svc.handle(stanza(&sub_iq("francisco@denmark.lit", NODE)));
    assert!(matches!(out[0], Effect::SendDurable(_)), "{out:?}");
    let out = svc.handle(stanza(&format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}'/></iq>")));
    assert!(matches!(out[0], Effect::Send(_)), "{out:?}");
    // A refused change has nothing to wait for.
    let out = svc.handle(stanza(&sub_iq("bernardo@denmark.lit", NODE)));
    assert!(matches!(out[0], Effect::Send(_)), "{out:?}");
}

#[test]
fn one_request_per_pubsub_and_single_valued_fields_once() {
    let (svc, _d) = service("");
    let two = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{NODE}' jid='francisco@denmark.lit'/><unsubscribe node='{NODE}' jid='francisco@denmark.lit'/></pubsub></iq>");
    assert_eq!(error(reply(&svc, &two)).0, DefinedCondition::BadRequest);
    let two_items = format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><pubsub xmlns='{NS_PUBSUB}'><items node='{NODE}'/><items node='b-node'/></pubsub></iq>");
    assert_eq!(
        error(reply(&svc, &two_items)).0,
        DefinedCondition::BadRequest
    );
    let twice = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{NODE}' jid='francisco@denmark.lit'/><options><x xmlns='jabber:x:data' type='submit'><field var='pubsub#deliver'><value>true</value></field><field var='pubsub#deliver'><value>false</value></field></x></options></pubsub></iq>");
    assert_eq!(
        error(reply(&svc, &twice)),
        (DefinedCondition::BadRequest, Some("invalid-options".into()))
    );
    let two_values = twice.replace(
        "<value>true</value></field><field var='pubsub#deliver'>",
        "<value>true</value>",
    );
    assert_eq!(
        error(reply(&svc, &two_values)),
        (DefinedCondition::BadRequest, Some("invalid-options".into()))
    );
    // Items with an RSM <set/> is one request.
    let paged = format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><pubsub xmlns='{NS_PUBSUB}'><items node='{NODE}'/><set xmlns='{NS_RSM}'><max>1</max></set></pubsub></iq>");
    assert!(result(reply(&svc, &paged)).is_some());
}

#[test]
fn presence_is_kept_only_for_subscribers_and_bounded() {
    let (svc, _d) = service("[access]\nmax_resources_per_jid = 3\n");
    let presence = |jid: &str, type_: &str| {
        stanza(&format!(
            "<presence from='{jid}' to='pubsub.shakespeare.lit'{type_}/>"
        ))
    };
    for i in 0..100 {
        svc.handle(presence(&format!("stranger{i}@x.lit/r"), ""));
    }
    assert_eq!(svc.presence_entries(), 0, "strangers are not remembered");
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    for i in 0..10 {
        svc.handle(presence(&format!("francisco@denmark.lit/r{i}"), ""));
    }
    assert_eq!(svc.presence_entries(), 3);
    for i in 7..10 {
        svc.handle(presence(
            &format!("francisco@denmark.lit/r{i}"),
            " type='unavailable'",
        ));
    }
    assert_eq!(svc.presence_entries(), 0);
    svc.handle(presence("francisco@denmark.lit/r1", ""));
    assert_eq!(svc.presence_entries(), 1);
    let unsub = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='u'><pubsub xmlns='{NS_PUBSUB}'><unsubscribe node='{NODE}' jid='francisco@denmark.lit'/></pubsub></iq>");
    assert!(result(reply(&svc, &unsub)).is_none());
    assert_eq!(svc.presence_entries(), 0, "no longer a subscriber");
}

#[test]
fn requests_over_the_rate_limit_get_resource_constraint() {
    let (svc, _d) =
        service("[access]\nmax_requests_per_minute = 3\nmax_domain_requests_per_minute = 5\n");
    let ping = |from: &str| {
        reply(&svc, &format!("<iq type='get' from='{from}' to='pubsub.shakespeare.lit' id='p'><ping xmlns='{NS_PING}'/></iq>"))
    };
    for _ in 0..3 {
        assert!(result(ping("a@x.lit/r")).is_none());
    }
    let Some(Iq::Error { error: e, .. }) = ping("a@x.lit/other") else {
        panic!()
    };
    assert_eq!(
        (e.type_, e.defined_condition),
        (ErrorType::Wait, DefinedCondition::ResourceConstraint)
    );
    assert!(result(ping("b@x.lit/r")).is_none());
    assert!(result(ping("c@x.lit/r")).is_none());
    assert_eq!(
        error(ping("d@x.lit/r")).0,
        DefinedCondition::ResourceConstraint
    );
    assert!(result(ping("e@y.lit/r")).is_none(), "other domains go on");
}

#[test]
fn budgets_count_on_the_requests_time_and_follow_a_reload() {
    let (svc, _d) = service("[access]\nmax_requests_per_minute = 2\n");
    let ping = |at: i64| {
        let out = svc.core().handle(
            stanza(&format!("<iq type='get' from='a@x.lit/r' to='pubsub.shakespeare.lit' id='p'><ping xmlns='{NS_PING}'/></iq>")),
            &svc.store,
            at,
        );
        match out.send.into_iter().next() {
            Some(Outgoing::Now(s)) => matches!(*s, Stanza::Iq(Iq::Result { .. })),
            other => panic!("{other:?}"),
        }
    };
    let t0 = 1_767_225_600_000;
    assert!(ping(t0) && ping(t0 + 1));
    assert!(!ping(t0 + 2), "over the budget at once");
    assert!(
        ping(t0 + 30_001),
        "a request back half a minute later, by the given time"
    );
    assert!(!ping(t0 + 30_002));
    // A reload with other rates: the core's budgets start anew with its next request.
    let text = "[component]\njid = \"pubsub.shakespeare.lit\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"/nonexistent\"\n[access]\nmax_requests_per_minute = 10\n";
    svc.reconfigure(Arc::new(
        Config::parse(std::path::Path::new("feeds.toml"), text).unwrap(),
    ));
    assert!((0..10).all(|n| ping(t0 + 30_003 + n)), "ten a minute now");
    assert!(!ping(t0 + 30_020));
}

#[test]
fn user_feeds_are_private_capped_and_public_only_by_name() {
    let (svc, _d) =
        service("[access]\nallow_user_feeds = true\nmax_feeds_per_user = 1\nmax_user_feeds = 2\n");
    let secret = "https://alice:pw@feeds.example.org/a.xml?token=s3cret";
    let out = svc.handle(stanza(&sub_url_iq("alice@x.lit", secret)));
    assert!(matches!(out.get(1), Some(Effect::AddFeed(_))), "{out:?}");
    let node = match &out[1] {
        Effect::AddFeed(n) => n.clone(),
        _ => unreachable!(),
    };
    let info = |from: &str| {
        let p = result(reply(&svc, &format!("<iq type='get' from='{from}/r' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}' node='{node}'/></iq>"))).unwrap();
        String::from(&p)
    };
    assert!(
        info("alice@x.lit").contains("s3cret"),
        "the follower sees it"
    );
    let bob = info("bob@x.lit");
    assert!(
        !bob.contains("s3cret") && !bob.contains("feedpush#url"),
        "{bob}"
    );
    let items = format!("<iq type='get' from='bob@x.lit/r' to='pubsub.shakespeare.lit' id='i'><pubsub xmlns='{NS_PUBSUB}'><items node='{node}'/></pubsub></iq>");
    assert_eq!(
        error(reply(&svc, &items)),
        (
            DefinedCondition::NotAuthorized,
            Some("not-subscribed".into())
        )
    );
    let listed = result(reply(&svc, &format!("<iq type='get' from='bob@x.lit/r' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_ITEMS}'/></iq>"))).unwrap();
    assert!(!String::from(&listed).contains(&node), "not listed");

    // Alice's one slot is taken.
    let second = "https://feeds.example.org/b.xml";
    assert_eq!(
        error(reply(&svc, &sub_url_iq("alice@x.lit", second))),
        (
            DefinedCondition::PolicyViolation,
            Some("too-many-subscriptions".into())
        )
    );
    // Bob follows alice's feed; alice leaves it: her slot is free, the feed stays for bob.
    result(reply(&svc, &sub_iq_node("bob@x.lit", &node)));
    let unsub = |who: &str, node: &str| {
        format!("<iq type='set' from='{who}/r' to='pubsub.shakespeare.lit' id='u'><pubsub xmlns='{NS_PUBSUB}'><unsubscribe node='{node}' jid='{who}'/></pubsub></iq>")
    };
    assert!(result(reply(&svc, &unsub("alice@x.lit", &node))).is_none());
    assert!(svc.store.feed(&node).unwrap().is_some());
    result(reply(&svc, &sub_url_iq("alice@x.lit", second)));
    // Two user feeds now: the service's cap.
    assert_eq!(
        error(reply(
            &svc,
            &sub_url_iq("carol@x.lit", "https://feeds.example.org/c.xml")
        ))
        .0,
        DefinedCondition::PolicyViolation
    );
    // An existing feed is shared whatever the caps.
    result(reply(&svc, &sub_url_iq("carol@x.lit", second)));
    // Bob, the last follower of alice's first feed, leaves: it stays until idle (not his),
    // and still takes one of alice's slots (she added it).
    assert!(result(reply(&svc, &unsub("bob@x.lit", &node))).is_none());
    assert_eq!(svc.store.user_feed_slots("alice@x.lit").unwrap(), 2);
}

#[test]
fn listed_user_feeds_still_hide_credentials_from_non_followers() {
    let (svc, _d) = service("[access]\nallow_user_feeds = true\nlist_user_feeds = true\n");
    let secret = "https://alice:pw@feeds.example.org/a.xml?token=s3cret";
    let out = svc.handle(stanza(&sub_url_iq("alice@x.lit", secret)));
    let Some(Effect::AddFeed(node)) = out.get(1) else {
        panic!("{out:?}")
    };
    let p = result(reply(&svc, &format!("<iq type='get' from='bob@x.lit/r' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}' node='{node}'/></iq>"))).unwrap();
    let shown = String::from(&p);
    assert!(
        shown.contains("feedpush#url") && shown.contains("feeds.example.org"),
        "{shown}"
    );
    assert!(
        !shown.contains("s3cret") && !shown.contains("pw@"),
        "{shown}"
    );
    let listed = result(reply(&svc, &format!("<iq type='get' from='bob@x.lit/r' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_ITEMS}'/></iq>"))).unwrap();
    assert!(String::from(&listed).contains(node.as_str()), "listed");
}

#[test]
fn adding_and_leaving_feeds_in_a_loop_leaves_nothing_behind() {
    let (svc, _d) =
        service("[access]\nallow_user_feeds = true\nmax_feeds_per_user = 1\nmax_user_feeds = 2\n");
    for i in 0..5 {
        let url = format!("https://feeds.example.org/{i}.xml");
        let out = svc.handle(stanza(&sub_url_iq("mallory@x.lit", &url)));
        let Some(Effect::AddFeed(node)) = out.get(1) else {
            panic!("{out:?}")
        };
        let unsub = format!("<iq type='set' from='mallory@x.lit/r' to='pubsub.shakespeare.lit' id='u'><pubsub xmlns='{NS_PUBSUB}'><unsubscribe node='{node}' jid='mallory@x.lit'/></pubsub></iq>");
        let out = svc.handle(stanza(&unsub));
        assert!(
            matches!(out.get(1), Some(Effect::RemoveFeed(n)) if n == node),
            "{out:?}"
        );
    }
    assert_eq!(svc.store.user_feed_count().unwrap(), 0);
}

/// One of a cluster: every change of a subscriber's presence goes to the log for the other
/// instances (a stranger's never; a presence that came before the subscription, once it
/// subscribes); another instance's change applied to the map governs the delivery here.
#[test]
fn subscribers_presence_is_logged_for_the_other_instances() {
    let (svc, _d) = service("");
    let log = PresenceLog::default();
    svc.core().share_presence(log.clone());
    let taken = || log.lock().unwrap().drain(..).collect::<Vec<_>>();
    svc.handle(stanza(
        "<presence from='stranger@x.lit/r' to='pubsub.shakespeare.lit'/>",
    ));
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit'><show>chat</show></presence>"));
    assert_eq!(taken(), [], "nobody subscribed yet");
    let iq = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{NODE}' jid='francisco@denmark.lit'/><options><x xmlns='jabber:x:data' type='submit'><field var='pubsub#show-values'><value>chat</value></field></x></options></pubsub></iq>");
    result(reply(&svc, &iq));
    let francisco = |res: &str, show: Option<&'static str>| {
        ("francisco@denmark.lit".to_owned(), res.to_owned(), show)
    };
    assert_eq!(taken(), [francisco("barracks", Some("chat"))]);
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' type='unavailable'/>"));
    assert_eq!(taken(), [francisco("barracks", None)]);
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(!svc.should_deliver(&sub), "gone");
    // Another instance saw him come back, in one of his show states.
    let map = svc.presence_map();
    apply_presence(&map, "francisco@denmark.lit", "phone", Some("chat"), 5);
    assert!(svc.should_deliver(&sub), "back, as another instance saw");
    apply_presence(&map, "francisco@denmark.lit", "phone", None, 5);
    assert!(!svc.should_deliver(&sub));
    assert_eq!(svc.presence_entries(), 0);
}

#[test]
fn presence_sent_before_subscribing_counts() {
    let (svc, _d) = service("");
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit'><show>chat</show></presence>"));
    assert_eq!(svc.presence_entries(), 0, "not a subscriber yet");
    let iq = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{NODE}' jid='francisco@denmark.lit'/><options><x xmlns='jabber:x:data' type='submit'><field var='pubsub#show-values'><value>chat</value></field></x></options></pubsub></iq>");
    result(reply(&svc, &iq));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(svc.should_deliver(&sub), "the earlier presence is known");
    assert_eq!(svc.presence_entries(), 1);
}

#[test]
fn non_public_hosts_are_refused_up_front() {
    let (svc, _d) = service("[access]\nallow_user_feeds = true\n");
    for url in [
        "http://localhost./f",
        "http://foo.localhost/f",
        "http://a.invalid/f",
        "http://a.test/f",
        "http://nas.local/f",
        "http://10.0.0.1/f",
    ] {
        assert_eq!(
            error(reply(&svc, &sub_url_iq("alice@x.lit", url))).0,
            DefinedCondition::NotAllowed,
            "{url}"
        );
    }
}

#[test]
fn xep_example_subscribe_succeeds() {
    let (svc, _d) = service("");
    let p = result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE))).unwrap();
    let sub = p.get_child("subscription", ns::PUBSUB).unwrap();
    assert_eq!(sub.attr("node"), Some(NODE));
    assert_eq!(sub.attr("jid"), Some("francisco@denmark.lit"));
    assert_eq!(sub.attr("subscription"), Some("subscribed"));
}

#[test]
fn subscribe_errors() {
    let (svc, _d) = service("");
    let e = error(reply(&svc, &sub_iq("bernardo@denmark.lit", NODE)));
    assert_eq!(
        e,
        (DefinedCondition::BadRequest, Some("invalid-jid".into()))
    );
    let e = error(reply(&svc, &sub_iq("francisco@denmark.lit", "nope")));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
    // A URL when user feeds are off.
    let e = error(reply(
        &svc,
        &sub_iq("francisco@denmark.lit", "https://example.net/feed"),
    ));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
}

#[test]
fn unsubscribe_and_options_check_the_jid() {
    let (svc, _d) = service("");
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    let req = |kind: &str, typ: &str, jid: &str| {
        format!("<iq type='{typ}' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='x'><pubsub xmlns='{NS_PUBSUB}'><{kind} node='{NODE}'{jid}/></pubsub></iq>")
    };
    for (kind, typ) in [("unsubscribe", "set"), ("options", "get")] {
        let e = error(reply(&svc, &req(kind, typ, " jid='bernardo@denmark.lit'")));
        assert_eq!(e.0, DefinedCondition::Forbidden, "{kind}");
        let e = error(reply(&svc, &req(kind, typ, "")));
        assert_eq!(
            e,
            (DefinedCondition::BadRequest, Some("jid-required".into())),
            "{kind}"
        );
    }
}

#[test]
fn refused_options_leave_no_subscription() {
    let (svc, _d) = service("");
    let iq = format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='{NODE}' jid='francisco@denmark.lit'/><options><x xmlns='jabber:x:data' type='submit'><field var='pubsub#show-values'><value>sleeping</value></field></x></options></pubsub></iq>");
    let e = error(reply(&svc, &iq));
    assert_eq!(
        e,
        (DefinedCondition::BadRequest, Some("invalid-options".into()))
    );
    assert!(svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .is_none());
    let e = error(reply(&svc, &format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_ITEMS}' node='nope'/></iq>")));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
}

#[test]
fn unsubscribe_and_not_subscribed() {
    let (svc, _d) = service("");
    let unsub = format!(
        "<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='unsub1'><pubsub xmlns='{NS_PUBSUB}'><unsubscribe node='{NODE}' jid='francisco@denmark.lit'/></pubsub></iq>"
    );
    let e = error(reply(&svc, &unsub));
    assert_eq!(
        e,
        (
            DefinedCondition::UnexpectedRequest,
            Some("not-subscribed".into())
        )
    );
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    assert!(result(reply(&svc, &unsub)).is_none());
}

#[test]
fn results_and_errors_are_never_answered() {
    let (svc, _d) = service("");
    assert!(reply(
        &svc,
        "<iq type='result' from='a@b/c' to='pubsub.shakespeare.lit' id='x'/>"
    )
    .is_none());
    let err = "<iq type='error' from='a@b/c' to='pubsub.shakespeare.lit' id='x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    assert!(reply(&svc, err).is_none());
    let invalid = |type_: &str| Inbound::Invalid {
        kind: "iq",
        from: Some("a@b/c".into()),
        to: Some("pubsub.shakespeare.lit".into()),
        type_: Some(type_.into()),
        id: Some("x".into()),
        error: "broken".into(),
    };
    assert!(svc.handle(invalid("result")).is_empty());
    let out = svc.handle(invalid("get"));
    let Some(Effect::Send(s)) = out.into_iter().next() else {
        panic!()
    };
    let Stanza::Iq(iq) = *s else { panic!() };
    assert_eq!(error(Some(iq)).0, DefinedCondition::BadRequest);
}

#[test]
fn unknown_payloads_and_node_jids() {
    let (svc, _d) = service("");
    let e = error(reply(&svc, "<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='v'><query xmlns='jabber:iq:version'/></iq>"));
    assert_eq!(e.0, DefinedCondition::ServiceUnavailable);
    let e = error(reply(&svc, &format!("<iq type='get' from='a@b/c' to='x@pubsub.shakespeare.lit' id='v'><query xmlns='{NS_DISCO_INFO}'/></iq>")));
    assert_eq!(e.0, DefinedCondition::ServiceUnavailable);
    let e = error(reply(&svc, &format!("<iq type='set' from='a@b/c' to='pubsub.shakespeare.lit' id='p'><pubsub xmlns='{NS_PUBSUB}'><affiliations/></pubsub></iq>")));
    assert_eq!(
        e,
        (
            DefinedCondition::FeatureNotImplemented,
            Some("unsupported".into())
        )
    );
    assert!(result(reply(&svc, &format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='p'><ping xmlns='{NS_PING}'/></iq>"))).is_none());
}

#[test]
fn disco_info_lists_only_implemented_features() {
    let (svc, _d) = service("");
    let p = result(reply(&svc, &format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}'/></iq>"))).unwrap();
    let info = DiscoInfoResult::try_from(p).unwrap();
    assert_eq!(info.identities[0].category, "pubsub");
    assert_eq!(info.identities[0].type_, "service");
    assert!(info.features.contains(&format!("{NS_PUBSUB}#subscribe")));
    assert!(info.features.contains(&format!("{NS_PUBSUB}#publish")));
    assert!(!info
        .features
        .contains(&format!("{NS_PUBSUB}#retrieve-affiliations")));
    assert!(!info
        .features
        .contains(&format!("{NS_PUBSUB}#last-published")));
    let p = result(reply(&svc, &format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}' node='{NODE}'/></iq>"))).unwrap();
    let info = DiscoInfoResult::try_from(p).unwrap();
    assert_eq!(info.identities[0].type_, "leaf");
    let form = &info.extensions[0];
    let get = |v: &str| {
        form.fields
            .iter()
            .find(|f| f.var.as_deref() == Some(v))
            .map(|f| f.values[0].clone())
    };
    assert_eq!(get("pubsub#type").as_deref(), Some(NS_ATOM));
    assert_eq!(get("pubsub#num_subscribers").as_deref(), Some("0"));
    assert_eq!(
        get("feedpush#url").as_deref(),
        Some("http://example.org/princely_musings")
    );
}

#[test]
fn disco_items_pages_with_rsm() {
    let (svc, _d) = service("");
    let q = |set: &str| {
        format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_ITEMS}'><set xmlns='{NS_RSM}'>{set}</set></query></iq>")
    };
    let p = result(reply(&svc, &q("<max>2</max>"))).unwrap();
    let r = DiscoItemsResult::try_from(p).unwrap();
    assert_eq!(r.items.len(), 2);
    let set = r.rsm.unwrap();
    assert_eq!(set.count, Some(3));
    let last = set.last.unwrap();
    let p = result(reply(
        &svc,
        &q(&format!("<max>2</max><after>{last}</after>")),
    ))
    .unwrap();
    let r = DiscoItemsResult::try_from(p).unwrap();
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.items[0].node.as_deref(), Some(NODE));
}

#[test]
fn items_newest_first_with_max_items_ids_and_rsm() {
    let (svc, _d) = service("");
    let get = |inner: &str, set: &str| {
        format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='items1'><pubsub xmlns='{NS_PUBSUB}'><items node='{NODE}'{inner}</items>{set}</pubsub></iq>")
    };
    let ids = |p: Element| -> Vec<String> {
        p.get_child("items", ns::PUBSUB)
            .unwrap()
            .children()
            .filter_map(|i| i.attr("id").map(str::to_owned))
            .collect()
    };
    let all = ids(result(reply(&svc, &get(">", ""))).unwrap());
    assert_eq!(all, ["ae890ac52d0df67ed7cfdf51b644e901", "older", "oldest"]);
    let one = ids(result(reply(&svc, &get(" max_items='1'>", ""))).unwrap());
    assert_eq!(one, ["ae890ac52d0df67ed7cfdf51b644e901"]);
    let by_id = ids(result(reply(&svc, &get("><item id='older'/>", ""))).unwrap());
    assert_eq!(by_id, ["older"]);
    let page = result(reply(
        &svc,
        &get(
            ">",
            &format!("<set xmlns='{NS_RSM}'><max>1</max><after>older</after></set>"),
        ),
    ))
    .unwrap();
    assert_eq!(
        page.get_child("set", ns::RSM)
            .unwrap()
            .get_child("count", ns::RSM)
            .unwrap()
            .text(),
        "3"
    );
    assert_eq!(ids(page), ["oldest"]);
    let e = error(reply(&svc, &format!("<iq type='get' from='a@b/c' to='pubsub.shakespeare.lit' id='x'><pubsub xmlns='{NS_PUBSUB}'><items/></pubsub></iq>")));
    assert_eq!(
        e,
        (DefinedCondition::BadRequest, Some("nodeid-required".into()))
    );
}

#[test]
fn options_and_presence_decide_delivery() {
    let (svc, _d) = service("");
    let opts_get = format!("<iq type='get' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='options1'><pubsub xmlns='{NS_PUBSUB}'><options node='{NODE}' jid='francisco@denmark.lit'/></pubsub></iq>");
    assert_eq!(
        error(reply(&svc, &opts_get)),
        (
            DefinedCondition::UnexpectedRequest,
            Some("not-subscribed".into())
        )
    );
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    let form = result(reply(&svc, &opts_get)).unwrap();
    assert!(String::from(&form).contains("pubsub#show-values"));
    let set = |fields: &str| {
        format!("<iq type='set' from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' id='options2'><pubsub xmlns='{NS_PUBSUB}'><options node='{NODE}' jid='francisco@denmark.lit'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>{SUBSCRIBE_OPTIONS}</value></field>{fields}</x></options></pubsub></iq>")
    };
    let e = error(reply(
        &svc,
        &set("<field var='pubsub#show-values'><value>sleeping</value></field>"),
    ));
    assert_eq!(
        e,
        (DefinedCondition::BadRequest, Some("invalid-options".into()))
    );
    result(reply(
        &svc,
        &set("<field var='pubsub#show-values'><value>chat</value></field>"),
    ));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(!svc.should_deliver(&sub), "unknown presence");
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit'><show>away</show></presence>"));
    assert!(!svc.should_deliver(&sub), "away");
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit'><show>chat</show></presence>"));
    assert!(svc.should_deliver(&sub), "chat");
    svc.handle(stanza("<presence from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' type='unavailable'/>"));
    assert!(!svc.should_deliver(&sub), "gone offline");
    result(reply(&svc, &set("<field var='pubsub#deliver'><value>false</value></field><field var='pubsub#show-values'><value>away</value><value>chat</value><value>dnd</value><value>online</value><value>xa</value></field>")));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(!sub.deliver && sub.show_values.is_none());
    assert!(!svc.should_deliver(&sub));
}

#[test]
fn notification_type_is_a_node_option() {
    let extra = format!("[[feeds]]\nnode = \"{NODE}\"\nurl = \"http://example.org/{NODE}\"\nnotification_type = \"normal\"\n");
    let (svc, _d) = service(&extra);
    let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
    let t = svc
        .notification(NODE, &item, render::Kind::Event { body: true })
        .template();
    // `normal` is the default message type, so the attribute may be left out.
    assert!(matches!(t.attr("type"), None | Some("normal")), "{t:?}");
    assert!(t.get_child("body", xmpp_parsers::ns::DEFAULT_NS).is_some());
}

#[test]
fn notification_is_a_headline_pubsub_event() {
    let (svc, _d) = service("");
    let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
    let n = svc.notification(NODE, &item, render::Kind::Event { body: false });
    assert_eq!(n.template().attr("to"), None);
    assert_eq!(n.template().attr("type"), Some("headline"));
    let Some(Stanza::Message(m)) = n.to("francisco@denmark.lit") else {
        panic!()
    };
    assert_eq!(m.type_, MessageType::Headline);
    assert_eq!(m.from.unwrap().to_string(), "pubsub.shakespeare.lit");
    let ev = Event::try_from(m.payloads[0].clone()).unwrap();
    let Payload::Items {
        node, published, ..
    } = ev.payload
    else {
        panic!()
    };
    assert_eq!(node.0, NODE);
    assert_eq!(published[0].id.as_ref().unwrap().0, item.entry.id);
    assert!(published[0].payload.as_ref().unwrap().is("entry", NS_ATOM));
}

// ---- contacts and chat commands ----

const CONTACT: &str = "princely_musings@pubsub.shakespeare.lit";

/// The stanzas of a handled stanza, in order (whether sent at once or after the flush).
fn sent(out: Vec<Effect>) -> Vec<Stanza> {
    out.into_iter()
        .filter_map(|e| match e {
            Effect::Send(s) | Effect::SendDurable(s) => Some(*s),
            _ => None,
        })
        .collect()
}

fn presences(out: Vec<Effect>) -> Vec<Presence> {
    sent(out)
        .into_iter()
        .map(|s| match s {
            Stanza::Presence(p) => p,
            other => panic!("not a presence: {other:?}"),
        })
        .collect()
}

fn presence_to_contact(from: &str, to: &str, type_: &str) -> Inbound {
    stanza(&format!(
        "<presence from='{from}' to='{to}' type='{type_}'/>"
    ))
}

/// A chat command from `from`, and the body of the answer.
fn command(svc: &Svc, from: &str, body: &str) -> String {
    let body = body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let out = sent(svc.handle(stanza(&format!(
        "<message from='{from}' to='pubsub.shakespeare.lit' type='chat'><body>{body}</body></message>"
    ))));
    match out.first() {
        Some(Stanza::Message(m)) => {
            assert_eq!(m.type_, MessageType::Chat);
            assert_eq!(
                m.from.as_ref().unwrap().to_string(),
                "pubsub.shakespeare.lit"
            );
            assert_eq!(m.to.as_ref().unwrap().to_string(), from);
            m.bodies[""].clone()
        }
        other => panic!("no answer: {other:?}"),
    }
}

#[test]
fn a_roster_subscription_to_a_node_subscribes_its_bare_jid() {
    let (svc, _d) = service("");
    let out = svc.handle(presence_to_contact(
        "francisco@denmark.lit/barracks",
        CONTACT,
        "subscribe",
    ));
    assert!(
        out.iter().all(|e| matches!(e, Effect::SendDurable(_))),
        "everything waits for the disk: {out:?}"
    );
    let ps = presences(out);
    assert_eq!(ps.len(), 3, "{ps:?}");
    assert_eq!(ps[0].type_, PresenceType::Subscribed);
    assert_eq!(ps[0].from.as_ref().unwrap().to_string(), CONTACT);
    assert_eq!(
        ps[0].to.as_ref().unwrap().to_string(),
        "francisco@denmark.lit/barracks"
    );
    // The contact asks back, with its name (XEP-0172).
    assert_eq!(ps[1].type_, PresenceType::Subscribe);
    assert_eq!(
        ps[1].to.as_ref().unwrap().to_string(),
        "francisco@denmark.lit"
    );
    let nick = ps[1]
        .payloads
        .iter()
        .find(|p| p.is("nick", ns::NICK))
        .expect("nick");
    assert_eq!(nick.text(), NODE);
    // And shows how the feed is doing.
    assert_eq!(ps[2].type_, PresenceType::None);
    assert!(ps[2].statuses[""].starts_with(NODE), "{:?}", ps[2].statuses);

    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .expect("the bare JID is subscribed");
    assert!(sub.contact);
    assert_eq!(sub.mode, Mode::Chat);
    // The same subscription XEP-0060 lists.
    let subs = result(reply(&svc, &format!("<iq type='get' from='francisco@denmark.lit/other' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscriptions/></pubsub></iq>"))).unwrap();
    assert!(String::from(&subs).contains(NODE));
}

#[test]
fn an_existing_pubsub_subscriber_adding_the_contact_gets_chat_messages() {
    let (svc, _d) = service("");
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    svc.handle(presence_to_contact(
        "francisco@denmark.lit/barracks",
        CONTACT,
        "subscribe",
    ));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(sub.contact && sub.mode == Mode::Chat, "{sub:?}");
    assert_eq!(svc.store.subscriber_count(NODE), 1);
}

#[test]
fn a_contact_for_no_feed_is_refused_and_changes_nothing() {
    let (svc, _d) = service("");
    let out = svc.handle(presence_to_contact(
        "francisco@denmark.lit/barracks",
        "nosuch@pubsub.shakespeare.lit",
        "subscribe",
    ));
    assert!(matches!(out[..], [Effect::Send(_)]), "{out:?}");
    let ps = presences(out);
    assert_eq!(ps[0].type_, PresenceType::Unsubscribed);
    assert!(!svc.store.is_subscriber("francisco@denmark.lit").unwrap());
}

#[test]
fn removing_the_contact_ends_the_subscription_and_probes_tell_the_truth() {
    let (svc, _d) = service("");
    let from = "francisco@denmark.lit/barracks";
    svc.handle(presence_to_contact(from, CONTACT, "subscribe"));
    let ps = presences(svc.handle(presence_to_contact(from, CONTACT, "probe")));
    assert_eq!(ps[0].type_, PresenceType::None, "a contact is shown");
    assert!(
        ps[0].statuses[""].contains("nothing new today")
            || ps[0].statuses[""].contains("new today")
    );

    let ps = presences(svc.handle(presence_to_contact(from, CONTACT, "unsubscribe")));
    assert_eq!(
        ps.iter().map(|p| p.type_.clone()).collect::<Vec<_>>(),
        [PresenceType::Unsubscribed, PresenceType::Unavailable]
    );
    assert!(svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .is_none());
    let ps = presences(svc.handle(presence_to_contact(from, CONTACT, "probe")));
    assert_eq!(
        ps[0].type_,
        PresenceType::Unsubscribed,
        "no longer a contact"
    );

    // Revoking the contact's subscription to the user's presence ends it too.
    svc.handle(presence_to_contact(from, CONTACT, "subscribe"));
    let ps = presences(svc.handle(presence_to_contact(from, CONTACT, "unsubscribed")));
    assert_eq!(ps[0].type_, PresenceType::Unsubscribe);
    assert!(!svc.store.is_subscriber("francisco@denmark.lit").unwrap());
}

#[test]
fn a_failing_feed_shows_xa_with_its_error() {
    let (svc, _d) = service("");
    let mut f = svc.store.feed(NODE).unwrap().unwrap();
    f.health = crate::model::Health::Permanent;
    f.last_error = Some("http status 404".into());
    f.error_count = 3;
    svc.store.feeds.borrow_mut().insert(NODE.into(), f);
    let from = "francisco@denmark.lit/barracks";
    let ps = presences(svc.handle(presence_to_contact(from, CONTACT, "subscribe")));
    let status = &ps[2];
    assert_eq!(status.show, Some(Show::Xa));
    assert!(
        status.statuses[""].contains("http status 404"),
        "{:?}",
        status.statuses
    );
}

#[test]
fn chat_commands_answer_what_happened() {
    let (svc, _d) = service("");
    let me = "francisco@denmark.lit/barracks";
    assert!(command(&svc, me, "help").contains("subscribe <feed URL, web page or node>"));
    assert!(command(&svc, me, "list").contains("You follow no feeds"));
    let out = command(&svc, me, &format!("subscribe {NODE}"));
    assert!(
        out.contains("Subscribed to princely_musings") && out.contains(CONTACT),
        "{out}"
    );
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(sub.contact && sub.mode == Mode::Chat);
    let list = command(&svc, me, "list");
    assert!(
        list.contains(NODE) && list.contains("[new, chat]"),
        "{list}"
    );
    let recent = command(&svc, me, &format!("recent {NODE} 2"));
    assert_eq!(recent.lines().count(), 3, "{recent}");
    assert!(command(&svc, me, &format!("recent {NODE} 99")).contains("from 1 to 20"));
    let info = command(&svc, me, &format!("info {NODE}"));
    assert!(
        info.contains("Subscribers: 1") && info.contains("You follow it (chat)"),
        "{info}"
    );
    assert!(command(&svc, me, &format!("mode {NODE} headline")).contains("headline"));
    assert_eq!(
        svc.store
            .subscription(NODE, "francisco@denmark.lit")
            .unwrap()
            .unwrap()
            .mode,
        Mode::Headline
    );
    assert!(command(&svc, me, "mode all sideways").contains("failed: the mode is one of"));
    assert!(command(&svc, me, "unsubscribe nosuch").contains("failed: no feed \"nosuch\""));
    assert!(command(&svc, me, &format!("unsubscribe {NODE}")).contains("Unsubscribed"));
    assert!(!svc.store.is_subscriber("francisco@denmark.lit").unwrap());
    assert!(command(&svc, me, "frobnicate").contains("Send \"help\""));
    assert!(command(&svc, me, "subscribe").contains("usage: subscribe"));
    assert!(command(&svc, me, "subscribe http://127.0.0.1/feed").contains("failed"));
}

#[test]
fn the_subscribe_command_brings_the_contact_into_the_roster() {
    let (svc, _d) = service("");
    let out = sent(svc.handle(stanza(&format!(
        "<message from='francisco@denmark.lit/barracks' to='pubsub.shakespeare.lit' type='chat'><body>subscribe {NODE}</body></message>"
    ))));
    let asks: Vec<&Presence> = out
        .iter()
        .filter_map(|s| match s {
            Stanza::Presence(p) if p.type_ == PresenceType::Subscribe => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(asks.len(), 1, "{out:?}");
    assert_eq!(asks[0].from.as_ref().unwrap().to_string(), CONTACT);
}

#[test]
fn errors_headlines_and_floods_are_not_answered_in_kind() {
    let (svc, _d) = service("[access]\nmax_requests_per_minute = 3\n");
    for t in ["error", "headline", "groupchat"] {
        let out = svc.handle(stanza(&format!(
            "<message from='a@b.lit/r' to='pubsub.shakespeare.lit' type='{t}'><body>help</body></message>"
        )));
        assert!(out.is_empty(), "{t}: {out:?}");
    }
    for _ in 0..3 {
        assert!(command(&svc, "a@b.lit/r", "help").contains("feedpush"));
    }
    assert!(command(&svc, "a@b.lit/r", "help").contains("Too many commands"));
    let long = "x".repeat(20_000);
    assert!(command(&svc, "c@b.lit/r", &long).contains("too long"));
}

#[test]
fn contact_subscribers_get_chat_messages_from_the_contact() {
    let (svc, _d) = service("");
    let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
    let n = svc.notification(NODE, &item, render::Kind::Contact(Mode::Chat));
    let Some(Stanza::Message(m)) = n.to("francisco@denmark.lit") else {
        panic!()
    };
    assert_eq!(m.type_, MessageType::Chat);
    assert_eq!(m.from.unwrap().to_string(), CONTACT);
    assert!(m.bodies.contains_key(""));
    let origin = m
        .payloads
        .iter()
        .find(|p| p.is("origin-id", ns::SID))
        .expect("origin-id");
    assert_eq!(
        origin.attr("id"),
        Some(render::origin_id(NODE, &item).as_str())
    );
    // Without the event: clients that see one drop the body.
    assert!(!m.payloads.iter().any(|p| p.is("event", ns::PUBSUB_EVENT)));
    assert!(m.payloads.iter().any(|p| p.is("x", ns::OOB)) || item.entry.link.is_none());
    // Pubsub events carry a body unless the subscriber turned it off.
    let with = svc.notification(NODE, &item, render::Kind::Event { body: true });
    let without = svc.notification(NODE, &item, render::Kind::Event { body: false });
    assert!(with
        .template()
        .get_child("body", xmpp_parsers::ns::DEFAULT_NS)
        .is_some());
    assert!(without
        .template()
        .get_child("body", xmpp_parsers::ns::DEFAULT_NS)
        .is_none());
}

#[test]
fn a_contact_answers_disco_vcard_and_ping_and_nothing_else() {
    let (svc, _d) = service("");
    let iq = |payload: &str, type_: &str| {
        format!("<iq type='{type_}' from='francisco@denmark.lit/barracks' to='{CONTACT}' id='c1'>{payload}</iq>")
    };
    let info = result(reply(
        &svc,
        &iq(&format!("<query xmlns='{NS_DISCO_INFO}'/>"), "get"),
    ))
    .unwrap();
    let info = DiscoInfoResult::try_from(info).unwrap();
    assert_eq!(info.identities[0].category, "client");
    assert_eq!(info.identities[0].type_, "bot");
    assert!(info.features.contains(ns::VCARD));
    let card = result(reply(&svc, &iq("<vCard xmlns='vcard-temp'/>", "get"))).unwrap();
    assert_eq!(card.get_child("FN", ns::VCARD).unwrap().text(), NODE);
    assert_eq!(
        card.get_child("URL", ns::VCARD).unwrap().text(),
        format!("http://example.org/{NODE}")
    );
    assert!(result(reply(
        &svc,
        &iq(&format!("<ping xmlns='{NS_PING}'/>"), "get")
    ))
    .is_none());
    assert_eq!(
        error(reply(
            &svc,
            &iq("<query xmlns='jabber:iq:version'/>", "get")
        ))
        .0,
        DefinedCondition::ServiceUnavailable
    );
    let nosuch = "<iq type='get' from='f@d.lit/b' to='nosuch@pubsub.shakespeare.lit' id='c2'><vCard xmlns='vcard-temp'/></iq>";
    assert_eq!(
        error(reply(&svc, nosuch)).0,
        DefinedCondition::ServiceUnavailable
    );
}

// ---- bounces ----

fn bounce(to: &str, id: &str, condition: &str, type_: &str) -> Inbound {
    stanza(&format!(
        "<message type='error' from='francisco@denmark.lit' to='{to}' id='{id}'><error type='{type_}'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"
    ))
}

fn notification_id(svc: &Svc) -> String {
    let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
    let id = render::notification_id(NODE, &item);
    let t = svc
        .notification(NODE, &item, render::Kind::Event { body: true })
        .template();
    assert_eq!(t.attr("id"), Some(id.as_str()), "notifications carry it");
    id
}

#[test]
fn a_permanent_bounce_ends_a_pubsub_subscription() {
    let (svc, _d) = service("");
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    let id = notification_id(&svc);
    let out = svc.handle(bounce(
        "pubsub.shakespeare.lit",
        &id,
        "item-not-found",
        "cancel",
    ));
    assert!(out.is_empty(), "bounces are never answered: {out:?}");
    assert!(!svc.store.is_subscriber("francisco@denmark.lit").unwrap());
    assert_eq!(
        svc.bounces
            .permanent
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    // A bounce that names nothing of ours changes nothing.
    svc.handle(bounce(
        "pubsub.shakespeare.lit",
        "other-id",
        "item-not-found",
        "cancel",
    ));
    assert_eq!(
        svc.bounces
            .unmatched
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

#[test]
fn temporary_bounces_keep_the_subscription_and_unreachable_servers_count_to_three() {
    let (svc, _d) = service("");
    result(reply(&svc, &sub_iq("francisco@denmark.lit", NODE)));
    let id = notification_id(&svc);
    let jid = "francisco@denmark.lit";
    let temporary = |cond: &str, type_: &str| {
        svc.core().handle(
            bounce("pubsub.shakespeare.lit", &id, cond, type_),
            &svc.store,
            1_000,
        )
    };
    // A "try later" is held to be sent again…
    let out = temporary("resource-constraint", "wait");
    assert!(
        matches!(&out.changes[..], [Change::Hold { jid: j, node, seq: 3 }] if j == jid && node == NODE),
        "held to be sent again: {:?}",
        out.changes
    );
    assert!(svc.store.is_subscriber(jid).unwrap());
    // …a few times in a row only, and nothing else is.
    for _ in 0..2 {
        temporary("resource-constraint", "wait");
    }
    assert!(
        temporary("resource-constraint", "wait").changes.is_empty(),
        "no resend loop"
    );
    assert!(temporary("not-acceptable", "modify").changes.is_empty());
    assert_eq!(
        svc.bounces
            .temporary
            .load(std::sync::atomic::Ordering::Relaxed),
        5
    );

    // One outage bounces a whole fan-out at once: that counts once.
    let unreachable = |at_ms: i64| {
        let out = svc.core().handle(
            bounce(
                "pubsub.shakespeare.lit",
                &id,
                "remote-server-not-found",
                "cancel",
            ),
            &svc.store,
            at_ms,
        );
        for c in &out.changes {
            svc.store.apply(c);
        }
    };
    for _ in 0..3 {
        unreachable(1_000);
    }
    assert!(svc.store.is_subscriber(jid).unwrap(), "one outage");
    let ten_min = 10 * 60 * 1000;
    unreachable(1_000 + ten_min);
    assert!(svc.store.is_subscriber(jid).unwrap(), "two in a row");
    unreachable(1_000 + 2 * ten_min);
    assert!(!svc.store.is_subscriber(jid).unwrap(), "the third ends it");
}

#[test]
fn a_permanent_bounce_suspends_a_contact_until_its_next_presence() {
    let (svc, _d) = service("");
    let from = "francisco@denmark.lit/barracks";
    svc.handle(presence_to_contact(from, CONTACT, "subscribe"));
    let id = notification_id(&svc);
    svc.handle(bounce(CONTACT, &id, "service-unavailable", "cancel"));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(sub.suspended);
    assert!(!svc.should_deliver(&sub));
    svc.handle(stanza(&format!("<presence from='{from}' to='{CONTACT}'/>")));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(!sub.suspended, "back online: deliveries resume");
    assert!(svc.should_deliver(&sub));
}

#[test]
fn filters_decide_which_items_reach_a_subscriber() {
    let (svc, _d) = service("");
    let me = "francisco@denmark.lit/barracks";
    command(&svc, me, &format!("subscribe {NODE}"));
    let out = command(&svc, me, &format!("filter {NODE} deny Secret plans"));
    assert!(out.contains("none with secret, plans"), "{out}");
    let out = command(&svc, me, &format!("filter {NODE} allow rust"));
    assert!(out.contains("items with one of rust"), "{out}");
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(sub.filter.passes("Rust 2.0 is out"));
    assert!(!sub.filter.passes("Rust: the secret"), "deny wins");
    assert!(!sub.filter.passes("Go 2.0 is out"), "needs an allowed word");
    let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
    assert!(
        !svc.wants(NODE, &item, &sub),
        "an item without the word is held back"
    );
    assert!(command(&svc, me, &format!("filter {NODE} clear")).contains("again"));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert!(sub.filter.is_empty() && svc.wants(NODE, &item, &sub));
    assert!(command(&svc, me, "filter nosuch allow x").contains("no feed"));
    assert!(command(&svc, me, &format!("filter {NODE} allow")).contains("usage: filter"));
    let many = (0..60)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(command(&svc, me, &format!("filter {NODE} deny {many}")).contains("at most 50"));
}

#[test]
fn away_contacts_are_held_for_and_announced_when_back() {
    let (svc, _d) = service("");
    let from = "francisco@denmark.lit/barracks";
    svc.handle(presence_to_contact(from, CONTACT, "subscribe"));
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert_eq!(svc.decide(&sub), Decision::Hold, "no presence known: hold");
    let out = svc.core().handle(
        stanza(&format!("<presence from='{from}' to='{CONTACT}'/>")),
        &svc.store,
        1_000,
    );
    assert_eq!(out.back, ["francisco@denmark.lit"], "its backlog can go");
    assert_eq!(svc.decide(&sub), Decision::Send);
    svc.handle(stanza(&format!(
        "<presence from='{from}' to='{CONTACT}' type='unavailable'/>"
    )));
    assert_eq!(svc.decide(&sub), Decision::Hold, "gone again");
    // A paused subscription is neither sent nor held; a pubsub one outside its show-values
    // is skipped, as XEP-0060 says.
    let paused = Subscription {
        deliver: false,
        ..sub.clone()
    };
    assert_eq!(svc.decide(&paused), Decision::Skip);
    let pubsub = Subscription {
        contact: false,
        mode: Mode::Pubsub,
        show_values: Some(vec!["chat".into()]),
        ..sub
    };
    assert_eq!(svc.decide(&pubsub), Decision::Skip);
}

#[test]
fn show_export_and_import_commands() {
    let (svc, _d) = service("[access]\nallow_user_feeds = true\nmax_feeds_per_user = 2\n");
    let me = "francisco@denmark.lit/barracks";
    command(&svc, me, &format!("subscribe {NODE}"));
    let out = command(&svc, me, &format!("show {NODE} chat online"));
    assert!(out.contains("while you are chat, online"), "{out}");
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert_eq!(sub.show_values, Some(vec!["chat".into(), "online".into()]));
    assert!(command(&svc, me, &format!("show {NODE} sleepy")).contains("not a presence state"));
    command(&svc, me, "subscribe b-node");

    // Export, then import the list into another account.
    let opml = command(&svc, me, "export");
    assert!(
        opml.contains("<opml") && opml.contains("http://example.org/b-node"),
        "{opml}"
    );
    let other = "bernardo@denmark.lit/watch";
    let out = command(&svc, other, &format!("import {opml}"));
    assert!(
        out.contains("2 feed(s) followed (0 new to this service)"),
        "{out}"
    );
    let mine: Vec<String> = svc
        .store
        .subscriptions_of("bernardo@denmark.lit")
        .unwrap()
        .into_iter()
        .map(|s| s.node)
        .collect();
    assert_eq!(mine, ["b-node", NODE]);
    let again = command(&svc, other, &format!("import {opml}"));
    assert!(again.contains("2 already followed"), "{again}");

    // New feeds count against the per-user cap, as they are added; refusals are listed.
    let list = "<opml version='2.0'><head/><body><outline text='a' xmlUrl='https://a.example.com/f'/><outline text='b' xmlUrl='https://b.example.com/f'/><outline text='c' xmlUrl='https://c.example.com/f'/><outline text='bad' xmlUrl='mailto:x'/></body></opml>";
    let out = command(&svc, "horatio@denmark.lit/r", &format!("import {list}"));
    assert!(out.contains("2 feed(s) followed (2 new"), "{out}");
    assert!(
        out.contains("c.example.com") && out.contains("not a usable feed URL"),
        "{out}"
    );
    assert!(command(&svc, me, "import nonsense").contains("not an OPML document"));
}

#[test]
fn the_digest_command_batches_a_contacts_items() {
    let (svc, _d) = service("");
    let me = "francisco@denmark.lit/barracks";
    command(&svc, me, &format!("subscribe {NODE}"));
    let out = command(&svc, me, &format!("digest {NODE} daily"));
    assert!(out.contains("one daily digest"), "{out}");
    let sub = svc
        .store
        .subscription(NODE, "francisco@denmark.lit")
        .unwrap()
        .unwrap();
    assert_eq!(sub.digest, crate::model::Digest::Daily);
    // Even while around, items wait for the digest.
    svc.handle(stanza(&format!("<presence from='{me}' to='{CONTACT}'/>")));
    assert_eq!(svc.decide(&sub), Decision::Hold);
    assert!(command(&svc, me, &format!("digest {NODE} weekly")).contains("off, hourly, daily"));
    assert!(command(&svc, me, "digest all off").contains("one by one"));
}

#[test]
fn subscribing_to_a_web_page_looks_for_its_feeds_first() {
    let (svc, _d) = service("[access]\nallow_user_feeds = true\n");
    let me = "francisco@denmark.lit/barracks";
    let page = "https://blog.example.com/";
    let out = svc.core().handle(
        stanza(&format!(
            "<message from='{me}' to='pubsub.shakespeare.lit' type='chat'><body>subscribe {page}</body></message>"
        )),
        &svc.store,
        1_000,
    );
    assert!(out.changes.is_empty(), "nothing is added before looking");
    assert_eq!(out.discover.len(), 1);
    assert_eq!(out.discover[0].url, page);
    let from = out.discover[0].from.clone();
    let body = |out: &Output| match &out.send[0] {
        Outgoing::Now(s) | Outgoing::Durable { ok: s, .. } => match &**s {
            Stanza::Message(m) => m.bodies[""].clone(),
            other => panic!("{other:?}"),
        },
    };
    assert!(
        body(&out).starts_with("Looking for a feed at"),
        "{}",
        body(&out)
    );

    // A page with two feeds: a numbered list, then "subscribe 2" picks the second.
    let two = Discovery::Page(vec![
        ("Posts".into(), "https://blog.example.com/feed.xml".into()),
        (
            "Comments".into(),
            "https://blog.example.com/comments.xml".into(),
        ),
    ]);
    let out = svc
        .core()
        .discovered(from.clone(), page, two, &svc.store, 1_000);
    let list = body(&out);
    assert!(
        list.contains("1. Posts")
            && list.contains("2. Comments")
            && list.contains("subscribe <number>"),
        "{list}"
    );
    let picked = command(&svc, me, "subscribe 2");
    assert!(picked.contains("Subscribed to"), "{picked}");
    let subs = svc.store.subscriptions_of("francisco@denmark.lit").unwrap();
    let feed = svc.store.feed(&subs[0].node).unwrap().unwrap();
    assert_eq!(feed.url, "https://blog.example.com/comments.xml");
    assert!(command(&svc, me, "subscribe 7").contains("no feed number 7"));

    // The address is a feed itself; or it names none; or it could not be fetched.
    let out = svc.core().discovered(
        from.clone(),
        "https://news.example.com/rss",
        Discovery::Feed,
        &svc.store,
        1_000,
    );
    assert!(body(&out).contains("Subscribed to"), "{}", body(&out));
    assert!(matches!(&out.changes[0], Change::AddFeed(_)));
    let out = svc.core().discovered(
        from.clone(),
        page,
        Discovery::Page(vec![]),
        &svc.store,
        1_000,
    );
    assert!(body(&out).contains("names no feed"));
    let out = svc.core().discovered(
        from,
        page,
        Discovery::Failed("http status 404".into()),
        &svc.store,
        1_000,
    );
    assert!(body(&out).contains("http status 404") && out.changes.is_empty());
}

#[test]
fn a_contact_shows_its_avatar_in_vcard_and_presence() {
    let (svc, _d) = service("");
    let png = vec![0x89, b'P', b'N', b'G', 1, 2, 3];
    let sha1 = "0123456789abcdef0123456789abcdef01234567";
    svc.store.avatars.borrow_mut().insert(
        NODE.into(),
        crate::model::Avatar {
            source: "https://example.org/logo.png".into(),
            png: png.clone(),
            sha1: sha1.into(),
            checked_at: 1,
            error: None,
        },
    );
    let card = result(reply(
        &svc,
        &format!("<iq type='get' from='francisco@denmark.lit/b' to='{CONTACT}' id='v'><vCard xmlns='vcard-temp'/></iq>"),
    ))
    .unwrap();
    let card = xmpp_parsers::vcard::VCard::try_from(card).unwrap();
    let photo = card.photo.expect("a photo");
    assert_eq!(photo.type_.data, "image/png");
    assert_eq!(photo.binval.data, png);
    let ps = presences(svc.handle(presence_to_contact(
        "francisco@denmark.lit/barracks",
        CONTACT,
        "subscribe",
    )));
    let update = ps[2]
        .payloads
        .iter()
        .find(|p| p.is("x", ns::VCARD_UPDATE))
        .expect("XEP-0153 hash");
    assert!(String::from(update).contains(sha1), "{update:?}");
}

#[test]
fn a_node_with_capitals_is_still_a_contact() {
    let (svc, _d) = service("");
    svc.store.apply(&Change::AddFeed(Box::new(FeedState::new(
        "Planet",
        "http://example.org/planet",
        Some("Planet".into()),
        Origin::Config,
    ))));
    // Servers lowercase the localpart (nodeprep).
    let ps = presences(svc.handle(presence_to_contact(
        "francisco@denmark.lit/barracks",
        "planet@pubsub.shakespeare.lit",
        "subscribe",
    )));
    assert_eq!(ps[0].type_, PresenceType::Subscribed, "{ps:?}");
    assert!(svc
        .store
        .subscription("Planet", "francisco@denmark.lit")
        .unwrap()
        .is_some());
}

#[test]
fn new_today_counts_entries_by_their_own_date() {
    let (svc, _d) = service("");
    let day = 24 * 3600 * 1000;
    let now = 400 * day;
    let dated = |seq: u64, id: &str, at_ms: i64| StoredItem {
        seq,
        stored_at: now,
        entry: Entry {
            published: chrono::DateTime::from_timestamp_millis(at_ms),
            ..Entry::new(id, id)
        },
    };
    svc.store.items.borrow_mut().insert(
        NODE.to_owned(),
        vec![
            dated(10, "old", now - 30 * day),
            dated(11, "older", now - 2 * day),
            dated(12, "fresh", now - 3_600_000),
        ],
    );
    let out = svc.core().handle(
        presence_to_contact("francisco@denmark.lit/barracks", CONTACT, "subscribe"),
        &svc.store,
        now,
    );
    let status = out
        .send
        .iter()
        .filter_map(|o| match o {
            Outgoing::Now(s) | Outgoing::Durable { ok: s, .. } => match &**s {
                Stanza::Presence(p) if p.type_ == PresenceType::None => {
                    Some(p.statuses[""].clone())
                }
                _ => None,
            },
        })
        .next()
        .unwrap();
    assert!(status.ends_with("1 new today"), "{status}");
}

// ---- Publishers and owners (XEP-0060 §7, §8) ----

const NS_OWNER: &str = ns::PUBSUB_OWNER;
const PUSH: &str = "[access]\nadmins = [\"admin@shakespeare.lit\"]\n[[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\npublishers = [\"ci@shakespeare.lit\"]\n";

/// A service with the file's push node `releases` in its state.
fn push_service() -> Svc {
    let (svc, _) = service(PUSH);
    svc.store
        .apply(&Change::CreateNode(Box::new(FeedState::push(
            "releases",
            Some("Releases".into()),
            Origin::Push,
        ))));
    svc
}

fn entry_xml(title: &str) -> String {
    format!("<entry xmlns='{NS_ATOM}'><title>{title}</title><link href='https://example.org/{title}'/></entry>")
}

fn publish_iq(from: &str, node: &str, item: &str) -> String {
    format!("<iq type='set' from='{from}/r' to='pubsub.shakespeare.lit' id='pub'><pubsub xmlns='{NS_PUBSUB}'><publish node='{node}'>{item}</publish></pubsub></iq>")
}

fn owner_iq(from: &str, type_: &str, inner: &str) -> String {
    format!("<iq type='{type_}' from='{from}/r' to='pubsub.shakespeare.lit' id='own'><pubsub xmlns='{NS_OWNER}'>{inner}</pubsub></iq>")
}

fn published_id(p: Element) -> String {
    p.get_child("publish", NS_PUBSUB)
        .and_then(|p| p.get_child("item", NS_PUBSUB))
        .and_then(|i| i.attr("id"))
        .unwrap()
        .to_owned()
}

#[test]
fn publishers_publish_update_and_retract() {
    let svc = push_service();
    let ci = "ci@shakespeare.lit";
    // With an id (XEP-0060 example 100's shape): the answer names it, the item is stored.
    let item = format!("<item id='v1'>{}</item>", entry_xml("v1"));
    let p = result(reply(&svc, &publish_iq(ci, "releases", &item))).unwrap();
    assert_eq!(published_id(p), "v1");
    let stored = svc.store.item("releases", "v1").unwrap().unwrap();
    assert_eq!(stored.entry.title.as_deref(), Some("v1"));
    // The same item again changes nothing; other content under that id updates it.
    let out = svc.core().handle(
        stanza(&publish_iq(ci, "releases", &item)),
        &svc.store,
        2_000,
    );
    assert!(out.changes.is_empty(), "{:?}", out.changes);
    let changed = format!("<item id='v1'>{}</item>", entry_xml("v1-fixed"));
    result(reply(&svc, &publish_iq(ci, "releases", &changed)));
    assert_eq!(svc.store.item_count("releases"), 1);
    assert_eq!(
        svc.store
            .item("releases", "v1")
            .unwrap()
            .unwrap()
            .entry
            .title
            .as_deref(),
        Some("v1-fixed")
    );
    // Without an id: a new unique one each time.
    let bare = format!("<item>{}</item>", entry_xml("x"));
    let a = published_id(result(reply(&svc, &publish_iq(ci, "releases", &bare))).unwrap());
    let b = published_id(result(reply(&svc, &publish_iq(ci, "releases", &bare))).unwrap());
    assert_ne!(a, b);
    assert_eq!(svc.store.item_count("releases"), 3);
    // Admins own every node and publish too; anybody else is refused.
    let admin = format!("<item id='adm'>{}</item>", entry_xml("adm"));
    result(reply(
        &svc,
        &publish_iq("admin@shakespeare.lit", "releases", &admin),
    ));
    let e = error(reply(
        &svc,
        &publish_iq("mallory@evil.lit", "releases", &item),
    ));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    let e = error(reply(&svc, &publish_iq(ci, "nowhere", &item)));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
    // Payloads: one titled Atom entry, not too big.
    let bad = [
        (
            "<item id='z'><foo xmlns='urn:x'/></item>".to_owned(),
            "invalid-payload",
        ),
        (
            format!("<item id='z'>{}{}</item>", entry_xml("a"), entry_xml("b")),
            "invalid-payload",
        ),
        (
            format!("<item id='z'><entry xmlns='{NS_ATOM}'><id>x</id></entry></item>"),
            "invalid-payload",
        ),
        ("<item id='z'/>".to_owned(), "payload-required"),
        (String::new(), "item-required"),
    ];
    for (item, app) in bad {
        let e = error(reply(&svc, &publish_iq(ci, "releases", &item)));
        assert_eq!(
            e,
            (DefinedCondition::BadRequest, Some(app.into())),
            "{item}"
        );
    }
    // Many parts, each under the test parser's token limit.
    let parts =
        format!("<category term='{}'/>", "x".repeat(4000)).repeat(MAX_ITEM_BYTES / 4000 + 1);
    let big =
        format!("<item id='big'><entry xmlns='{NS_ATOM}'><title>big</title>{parts}</entry></item>");
    let e = error(reply(&svc, &publish_iq(ci, "releases", &big)));
    assert_eq!(
        e,
        (
            DefinedCondition::NotAcceptable,
            Some("payload-too-big".into())
        )
    );
    // Publish options are preconditions.
    let opts = |model: &str| {
        format!("<iq type='set' from='{ci}/r' to='pubsub.shakespeare.lit' id='po'><pubsub xmlns='{NS_PUBSUB}'><publish node='releases'><item id='po'>{}</item></publish><publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var='pubsub#access_model'><value>{model}</value></field></x></publish-options></pubsub></iq>", entry_xml("po"))
    };
    let e = error(reply(&svc, &opts("whitelist")));
    assert_eq!(
        e,
        (
            DefinedCondition::Conflict,
            Some("precondition-not-met".into())
        )
    );
    result(reply(&svc, &opts("open")));
    // Retract (§7.2): publishers only, existing items only.
    let retract = |from: &str, id: &str| {
        format!("<iq type='set' from='{from}/r' to='pubsub.shakespeare.lit' id='r'><pubsub xmlns='{NS_PUBSUB}'><retract node='releases' notify='true'><item id='{id}'/></retract></pubsub></iq>")
    };
    let e = error(reply(&svc, &retract("mallory@evil.lit", "v1")));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    let out = svc
        .core()
        .handle(stanza(&retract(ci, "v1")), &svc.store, 3_000);
    assert_eq!(
        out.changes,
        [Change::Retract {
            node: "releases".into(),
            id: "v1".into(),
            notify: true,
            polled: false
        }]
    );
    svc.store.apply(&out.changes[0]);
    let e = error(reply(&svc, &retract(ci, "v1")));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
}

#[test]
fn owners_create_configure_purge_and_delete() {
    let svc = push_service();
    let admin = "admin@shakespeare.lit";
    let create = |from: &str, node: &str| {
        format!("<iq type='set' from='{from}/r' to='pubsub.shakespeare.lit' id='c'><pubsub xmlns='{NS_PUBSUB}'><create{node}/></pubsub></iq>")
    };
    let e = error(reply(&svc, &create("bob@shakespeare.lit", " node='mine'")));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    assert!(result(reply(&svc, &create(admin, " node='news'"))).is_none());
    assert_eq!(
        svc.store.affiliation("news", admin).unwrap(),
        Some(crate::model::Affiliation::Owner)
    );
    let e = error(reply(&svc, &create(admin, " node='news'")));
    assert_eq!(e.0, DefinedCondition::Conflict);
    let e = error(reply(&svc, &create(admin, " node='releases'")));
    assert_eq!(e.0, DefinedCondition::Conflict);
    // An instant node: the answer names it.
    let p = result(reply(&svc, &create(admin, ""))).unwrap();
    let instant = p
        .get_child("create", NS_PUBSUB)
        .unwrap()
        .attr("node")
        .unwrap()
        .to_owned();
    assert!(svc.store.feed(&instant).unwrap().is_some());

    // The configuration form, and a new configuration.
    let p = result(reply(
        &svc,
        &owner_iq(admin, "get", "<configure node='news'/>"),
    ))
    .unwrap();
    let form = DataForm::try_from(
        p.get_child("configure", NS_OWNER)
            .unwrap()
            .get_child("x", ns::DATA_FORMS)
            .unwrap()
            .clone(),
    )
    .unwrap();
    assert_eq!(form.form_type(), Some(owner::NODE_CONFIG));
    for var in [
        "pubsub#title",
        "pubsub#access_model",
        "pubsub#max_items",
        "pubsub#send_last_published_item",
        "pubsub#notify_retract",
        "pubsub#deliver_payloads",
    ] {
        assert!(
            form.fields.iter().any(|f| f.var.as_deref() == Some(var)),
            "{var}"
        );
    }
    let submit = |fields: &str| {
        owner_iq(admin, "set", &format!("<configure node='news'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>{}</value></field>{fields}</x></configure>", owner::NODE_CONFIG))
    };
    let e = error(reply(
        &svc,
        &submit("<field var='pubsub#access_model'><value>presence</value></field>"),
    ));
    assert_eq!(
        e,
        (
            DefinedCondition::NotAcceptable,
            Some("unsupported-access-model".into())
        )
    );
    let e = error(reply(
        &svc,
        &submit("<field var='pubsub#max_items'><value>0</value></field>"),
    ));
    assert_eq!(e.0, DefinedCondition::NotAcceptable);
    result(reply(&svc, &submit("<field var='pubsub#title'><value>News</value></field><field var='pubsub#access_model'><value>whitelist</value></field><field var='pubsub#send_last_published_item'><value>on_sub</value></field>")));
    let news = svc.store.feed("news").unwrap().unwrap();
    assert_eq!(news.title.as_deref(), Some("News"));
    assert_eq!(
        news.options.access_model,
        crate::model::AccessModel::Whitelist
    );
    let e = error(reply(
        &svc,
        &owner_iq("bob@shakespeare.lit", "get", "<configure node='news'/>"),
    ));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    result(reply(
        &svc,
        &owner_iq("bob@shakespeare.lit", "get", "<default/>"),
    ));

    // Whitelist: strangers are refused, members get in; outcasts lose their subscription.
    let bob = "bob@shakespeare.lit";
    let sub = |jid: &str| {
        format!("<iq type='set' from='{jid}/r' to='pubsub.shakespeare.lit' id='s'><pubsub xmlns='{NS_PUBSUB}'><subscribe node='news' jid='{jid}'/></pubsub></iq>")
    };
    let e = error(reply(&svc, &sub(bob)));
    assert_eq!(
        e,
        (DefinedCondition::NotAllowed, Some("closed-node".into()))
    );
    let affiliate = |jid: &str, a: &str| {
        owner_iq(admin, "set", &format!("<affiliations node='news'><affiliation jid='{jid}' affiliation='{a}'/></affiliations>"))
    };
    result(reply(&svc, &affiliate(bob, "member")));
    // The newest item follows the answer (send_last_published_item = on_sub).
    result(reply(
        &svc,
        &publish_iq(
            admin,
            "news",
            &format!("<item id='n1'>{}</item>", entry_xml("n1")),
        ),
    ));
    let out = svc.handle(stanza(&sub(bob)));
    assert!(
        matches!(&out[..], [Effect::SendDurable(_), Effect::SendDurable(m)] if matches!(&**m, Stanza::Message(m) if m.to.as_ref().map(|t| t.to_string()) == Some(bob.into()))),
        "{out:?}"
    );
    let p = result(reply(
        &svc,
        &owner_iq(admin, "get", "<affiliations node='news'/>"),
    ))
    .unwrap();
    let listed = String::from(&p);
    assert!(
        listed.contains("member") && listed.contains(admin),
        "{listed}"
    );
    result(reply(&svc, &affiliate(bob, "outcast")));
    assert!(svc.store.subscription("news", bob).unwrap().is_none());
    let e = error(reply(&svc, &sub(bob)));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    let items = format!("<iq type='get' from='{bob}/r' to='pubsub.shakespeare.lit' id='i'><pubsub xmlns='{NS_PUBSUB}'><items node='news'/></pubsub></iq>");
    assert_eq!(error(reply(&svc, &items)).0, DefinedCondition::Forbidden);
    // Every other way in is closed to an outcast too: the chat command, the contact, recent.
    assert!(command(&svc, &format!("{bob}/r"), "subscribe news").contains("banned"));
    assert!(command(&svc, &format!("{bob}/r"), "recent news").contains("failed"));
    let out = svc.handle(stanza(&format!(
        "<presence type='subscribe' from='{bob}' to='news@pubsub.shakespeare.lit'/>"
    )));
    assert!(
        matches!(&out[..], [Effect::Send(p)] if matches!(&**p, Stanza::Presence(p) if p.type_ == xmpp_parsers::presence::Type::Unsubscribed)),
        "{out:?}"
    );
    assert!(svc.store.subscription("news", bob).unwrap().is_none());
    // The last owner may not leave (an admin may do anything).
    result(reply(&svc, &owner_iq(admin, "set", "<subscriptions node='news'><subscription jid='carol@shakespeare.lit' subscription='subscribed'/></subscriptions>")));
    assert!(svc
        .store
        .subscription("news", "carol@shakespeare.lit")
        .unwrap()
        .is_some());

    // Purge and delete: owners only; the file's nodes are deleted in the file.
    let e = error(reply(&svc, &owner_iq(bob, "set", "<purge node='news'/>")));
    assert_eq!(e.0, DefinedCondition::Forbidden);
    result(reply(&svc, &owner_iq(admin, "set", "<purge node='news'/>")));
    assert_eq!(svc.store.item_count("news"), 0);
    let e = error(reply(
        &svc,
        &owner_iq(admin, "set", "<delete node='releases'/>"),
    ));
    assert_eq!(e.0, DefinedCondition::NotAllowed);
    let out = svc.core().handle(stanza(&owner_iq(admin, "set", "<delete node='news'><redirect uri='xmpp:pubsub.shakespeare.lit?;node=releases'/></delete>")), &svc.store, 5_000);
    assert!(
        matches!(&out.changes[..], [Change::DeleteNode { redirect: Some(r), notify: true, .. }] if r.contains("releases")),
        "{:?}",
        out.changes
    );
    svc.store.apply(&out.changes[0]);
    let e = error(reply(
        &svc,
        &owner_iq(admin, "get", "<configure node='news'/>"),
    ));
    assert_eq!(e.0, DefinedCondition::ItemNotFound);
}

#[test]
fn operators_add_take_over_and_remove_feeds() {
    let (svc, _) = service(
        "[fetch]\nallow_private_addresses = true\n[[feeds]]\nnode = \"b-node\"\nurl = \"http://example.org/b-node\"\n",
    );
    let st = &svc.store;
    let new = |url: &str, node: Option<&str>| NewFeed {
        url: url.into(),
        node: node.map(str::to_owned),
        title: Some("T".into()),
    };
    // A user's feed, one taken out of the file, and a node whose subscribers are still being
    // told of its deletion.
    st.apply(&Change::AddFeed(Box::new(FeedState::new(
        "u-1",
        "http://example.org/user",
        None,
        Origin::User {
            owner: "a@x.lit".into(),
        },
    ))));
    let mut removed = st.feed("c-node").unwrap().unwrap();
    removed.health = crate::model::Health::Removed;
    st.apply(&Change::ConfigureNode(Box::new(removed)));
    st.apply(&Change::PutSubscription(Subscription {
        node: "leaving".into(),
        jid: "a@x.lit".into(),
        ..default_sub()
    }));
    let (outcomes, changes) = svc
        .core()
        .admin_add_feeds(
            "admin",
            vec![
                new("http://example.org/new", Some("fresh")),
                new("http://example.org/new#again", None),
                new("http://example.org/b-node", None),
                new("http://example.org/user", None),
                new("http://example.org/c-node", None),
                new("http://example.org/other", Some("leaving")),
                new("http://example.org/other", Some("b-node")),
                new("ftp://example.org/x", None),
                new("http://example.org/y", Some("bad/id")),
            ],
            st,
        )
        .unwrap();
    assert_eq!(outcomes[0], AddOutcome::Added("fresh".into()));
    assert_eq!(
        outcomes[1],
        AddOutcome::Exists("fresh".into()),
        "same URL once normalised"
    );
    assert_eq!(outcomes[2], AddOutcome::Exists("b-node".into()));
    assert_eq!(outcomes[3], AddOutcome::Exists("u-1".into()));
    assert_eq!(
        outcomes[4],
        AddOutcome::Added("c-node".into()),
        "fetched again"
    );
    assert!(
        matches!(&outcomes[5], AddOutcome::Refused(AdminError::NodeTaken { node }) if node == "leaving")
    );
    assert!(matches!(
        &outcomes[6],
        AddOutcome::Refused(AdminError::NodeTaken { .. })
    ));
    assert!(matches!(
        &outcomes[7],
        AddOutcome::Refused(AdminError::BadUrl { .. })
    ));
    assert!(matches!(
        &outcomes[8],
        AddOutcome::Refused(AdminError::BadNode { .. })
    ));
    for c in &changes {
        st.apply(c);
    }
    let origin = |n: &str| st.feed(n).unwrap().unwrap().origin;
    assert_eq!(origin("fresh"), Origin::Operator { by: "admin".into() });
    assert_eq!(
        origin("u-1"),
        Origin::Operator { by: "admin".into() },
        "kept now"
    );
    assert_eq!(origin("b-node"), Origin::Config);
    assert!(st.feed("c-node").unwrap().unwrap().is_polled());

    // Removal: the file's feed stays; an operator's goes, its contacts leave rosters.
    assert!(matches!(
        svc.core().admin_remove_feed("b-node", st, 0),
        Err(AdminError::FromFile { .. })
    ));
    st.apply(&Change::PutSubscription(Subscription {
        node: "fresh".into(),
        jid: "c@x.lit".into(),
        contact: true,
        ..default_sub()
    }));
    let (change, presences) = svc.core().admin_remove_feed("fresh", st, 0).unwrap();
    assert!(matches!(change, Change::DeleteNode { notify: true, .. }));
    assert_eq!(presences.len(), 3, "unsubscribed, unsubscribe, unavailable");
    assert!(matches!(
        svc.core().admin_fetched_feed("nowhere", st),
        Err(AdminError::NoSuchNode { .. })
    ));
}

#[test]
fn a_remote_domain_holds_at_most_its_share_of_subscriptions() {
    let (svc, _d) = service("[access]\nmax_subscriptions_per_domain = 2\n");
    let policy = |iq: Option<Iq>| match iq {
        Some(Iq::Error { error, .. }) => {
            assert_eq!(error.type_, ErrorType::Cancel);
            assert_eq!(error.defined_condition, DefinedCondition::PolicyViolation);
            let text = error.texts.values().next().cloned().unwrap_or_default();
            assert!(text.contains("denmark.lit already holds 2"), "{text}");
        }
        other => panic!("expected policy-violation, got {other:?}"),
    };
    result(reply(&svc, &sub_url_iq("francisco@denmark.lit", NODE)));
    result(reply(&svc, &sub_url_iq("bernardo@denmark.lit", NODE)));
    assert_eq!(svc.store.domain_subscriptions("denmark.lit"), 2);
    // A third JID of the domain, to any node: refused, nothing stored.
    policy(reply(&svc, &sub_url_iq("marcellus@denmark.lit", "b-node")));
    assert!(svc
        .store
        .subscription("b-node", "marcellus@denmark.lit")
        .unwrap()
        .is_none());
    // Subscribing again to what one holds adds nothing: still answered.
    result(reply(&svc, &sub_url_iq("francisco@denmark.lit", NODE)));
    // Another remote domain has its own share.
    result(reply(&svc, &sub_url_iq("romeo@verona.lit", NODE)));
    // The server's own users, of its domain and its subdomains, are never limited.
    for (jid, node) in [
        ("hamlet@shakespeare.lit", NODE),
        ("hamlet@shakespeare.lit", "b-node"),
        ("hamlet@shakespeare.lit", "c-node"),
        ("ophelia@chat.shakespeare.lit", NODE),
        ("ophelia@chat.shakespeare.lit", "b-node"),
        ("ophelia@chat.shakespeare.lit", "c-node"),
    ] {
        result(reply(&svc, &sub_url_iq(jid, node)));
    }
    // A roster subscription to a feed's contact is refused as well (unsubscribed).
    let out = presences(svc.handle(presence_to_contact(
        "marcellus@denmark.lit",
        "b-node@pubsub.shakespeare.lit",
        "subscribe",
    )));
    assert_eq!(out[0].type_, PresenceType::Unsubscribed, "{out:?}");
    assert!(svc
        .store
        .subscription("b-node", "marcellus@denmark.lit")
        .unwrap()
        .is_none());
    // The chat command says why.
    let answer = command(&svc, "marcellus@denmark.lit/r", "subscribe b-node");
    assert!(
        answer.starts_with("subscribe failed")
            && answer.contains("denmark.lit already holds 2 subscriptions"),
        "{answer}"
    );
    // A subscription of the domain ending makes room for one more.
    let unsub = format!("<iq type='set' from='bernardo@denmark.lit/r' to='pubsub.shakespeare.lit' id='u'><pubsub xmlns='{NS_PUBSUB}'><unsubscribe node='{NODE}' jid='bernardo@denmark.lit'/></pubsub></iq>");
    result(reply(&svc, &unsub));
    assert!(command(&svc, "marcellus@denmark.lit/r", "subscribe b-node").starts_with("Subscribed"));
    assert_eq!(svc.store.domain_subscriptions("denmark.lit"), 2);
    // Several at once (an import) count what the request itself adds: all or nothing.
    let opml = "<opml version='2.0'><head/><body><outline text='b' xmlUrl='http://example.org/b-node'/><outline text='c' xmlUrl='http://example.org/c-node'/></body></opml>";
    let (svc, _d) = service("[access]\nmax_subscriptions_per_domain = 3\n");
    result(reply(&svc, &sub_url_iq("francisco@denmark.lit", NODE)));
    result(reply(&svc, &sub_url_iq("bernardo@denmark.lit", NODE)));
    let out = command(&svc, "marcellus@denmark.lit/r", &format!("import {opml}"));
    assert!(out.contains("already holds 3"), "{out}");
    assert_eq!(svc.store.domain_subscriptions("denmark.lit"), 2);
    // 0: no limit.
    let (svc, _d) = service("[access]\nmax_subscriptions_per_domain = 0\n");
    for who in ["a", "b", "c", "d"] {
        result(reply(
            &svc,
            &sub_url_iq(&format!("{who}@denmark.lit"), NODE),
        ));
    }
}

/// Issue 20, point 2: a feed's URL is whole only for the service's admins and, for a user's
/// feed, the JID that added it; everybody else (its other subscribers included) sees it
/// redacted, in disco#info, the chat `info` answer, the contact's vCard and an `export`.
#[test]
fn urls_are_whole_only_for_admins_and_the_user_who_added_the_feed() {
    let (svc, _d) =
        service("[access]\nallow_user_feeds = true\nadmins = [\"admin@x.lit\", \"root@x.lit\"]\n");
    let op = "https://op:hunter2@feeds.example.org/op.xml?token=0p3rat0r";
    let op_shown = "https://feeds.example.org/op.xml?token=…";
    svc.store.apply(&Change::AddFeed(Box::new(FeedState::new(
        "op-feed",
        op,
        None,
        Origin::Config,
    ))));
    let mine = "https://alice:pw@feeds.example.org/a.xml?token=s3cret";
    let mine_shown = "https://feeds.example.org/a.xml?token=…";
    let out = svc.handle(stanza(&sub_url_iq("alice@x.lit", mine)));
    let Some(Effect::AddFeed(user_node)) = out.get(1) else {
        panic!("{out:?}")
    };
    let user_node = user_node.clone();
    // The node id tells nothing about the URL.
    assert!(
        user_node.starts_with("u-") && user_node.len() == 28,
        "{user_node}"
    );
    assert_ne!(
        user_node,
        url_node(&normalize_url(mine).unwrap()),
        "not derived from the URL"
    );
    for (who, node) in [
        ("bob@x.lit", "op-feed"),
        ("bob@x.lit", user_node.as_str()),
        ("admin@x.lit", "op-feed"),
        ("admin@x.lit", user_node.as_str()),
    ] {
        result(reply(&svc, &sub_iq_node(who, node)));
    }
    let disco_url = |who: &str, node: &str| -> String {
        let p = result(reply(&svc, &format!("<iq type='get' from='{who}/r' to='pubsub.shakespeare.lit' id='i'><query xmlns='{NS_DISCO_INFO}' node='{node}'/></iq>"))).unwrap();
        let info = DiscoInfoResult::try_from(p).unwrap();
        info.extensions[0]
            .fields
            .iter()
            .find(|f| f.var.as_deref() == Some("feedpush#url"))
            .map(|f| f.values[0].clone())
            .unwrap_or_default()
    };
    let info_url = |who: &str, node: &str| -> String {
        let text = command(&svc, &format!("{who}/r"), &format!("info {node}"));
        text.lines()
            .find_map(|l| l.strip_prefix("URL: "))
            .unwrap_or_else(|| panic!("no URL line: {text}"))
            .to_owned()
    };
    let vcard_url = |who: &str, node: &str| -> String {
        let card = result(reply(&svc, &format!("<iq type='get' from='{who}/r' to='{node}@pubsub.shakespeare.lit' id='v'><vCard xmlns='vcard-temp'/></iq>"))).unwrap();
        card.get_child("URL", ns::VCARD).unwrap().text()
    };
    let cases = [
        // The operator's feed: whole for admins only, its subscribers included.
        ("admin@x.lit", "op-feed", op),
        ("bob@x.lit", "op-feed", op_shown),
        ("carol@x.lit", "op-feed", op_shown),
        // A user's feed: whole for the one who added it and for admins.
        ("alice@x.lit", user_node.as_str(), mine),
        ("admin@x.lit", user_node.as_str(), mine),
        ("bob@x.lit", user_node.as_str(), mine_shown),
        // An admin who follows neither.
        ("root@x.lit", "op-feed", op),
        ("root@x.lit", user_node.as_str(), mine),
    ];
    for (who, node, want) in cases {
        assert_eq!(disco_url(who, node), want, "disco#info of {node} for {who}");
        assert_eq!(info_url(who, node), want, "info {node} for {who}");
        assert_eq!(vcard_url(who, node), want, "vCard of {node} for {who}");
    }
    // A stranger to a user's feed learns nothing of it.
    let carol = command(&svc, "carol@x.lit/r", &format!("info {user_node}"));
    assert!(!carol.contains("feeds.example.org"), "{carol}");
    // Exports: the same rule, feed by feed.
    let bob = command(&svc, "bob@x.lit/r", "export");
    assert!(
        !bob.contains("hunter2") && !bob.contains("0p3rat0r") && !bob.contains("s3cret"),
        "{bob}"
    );
    let listed: Vec<String> = crate::feedlist::import(&bob)
        .unwrap()
        .into_iter()
        .map(|f| f.url)
        .collect();
    assert!(
        listed.contains(&op_shown.to_owned()) && listed.contains(&mine_shown.to_owned()),
        "{listed:?}"
    );
    // Bob's list imported by another account: the operator's feed is found by its redacted
    // URL; a user's feed is not (its redacted URL is no key to it), and is not added either.
    let out = command(&svc, "dave@x.lit/r", &format!("import {bob}"));
    assert!(out.contains("1 feed(s) followed (0 new"), "{out}");
    assert!(out.contains("redacted"), "{out}");
    assert!(svc
        .store
        .subscription("op-feed", "dave@x.lit")
        .unwrap()
        .is_some());
    assert!(svc
        .store
        .subscription(&user_node, "dave@x.lit")
        .unwrap()
        .is_none());
    assert_eq!(svc.store.user_feed_count().unwrap(), 1, "nothing added");
    let alice = crate::feedlist::import(&command(&svc, "alice@x.lit/r", "export")).unwrap();
    assert_eq!(alice[0].url, mine);
    let admin: Vec<String> = crate::feedlist::import(&command(&svc, "admin@x.lit/r", "export"))
        .unwrap()
        .into_iter()
        .map(|f| f.url)
        .collect();
    assert!(
        admin.contains(&op.to_owned()) && admin.contains(&mine.to_owned()),
        "{admin:?}"
    );
}
