//! The pubsub service, sans I/O: [`Service::handle`] takes one inbound stanza and a read-only
//! [`State`], and returns the stanzas to send and the [`Change`]s to make ([`Output`]); the
//! shell (`app`) reads the store for it and applies the changes. It never touches the link or
//! the store; the time of what it records comes with the call (only the request budgets of
//! [`crate::ratelimit`] read a monotonic clock of their own).
//!
//! One file per concern: this one dispatches requests and holds the XEP-0060 subscriber use
//! cases (subscribe, unsubscribe, subscriptions, items) with the XEP's exact error conditions;
//! `disco.rs` service discovery (XEP-0030, XEP-0059 paging, node meta-data); `options.rs`
//! subscription options; `presence.rs` presence for `pubsub#show-values`; `contacts.rs` every
//! node as a roster contact (`node@component`); `commands.rs` chat commands to the service
//! JID; `callbacks.rs` messages to a node's contact, forwarded to its publisher's application;
//! `publish.rs` publishers (XEP-0060 §7) and `owner.rs` owners (§8); `admin.rs` operators'
//! changes to the feed list (the admin API); `bounces.rs`
//! notifications that come back as errors; `render.rs` the
//! Atom payload, chat body and notification of an item; `errors.rs` stanza errors; `wire.rs`
//! the few elements xmpp-parsers does not model for this use; `state.rs` the seam.
//!
//! xmpp-parsers types are used for stanzas, disco, data forms, RSM, errors and the event
//! payload. Its `PubSub` request type rejects an RSM `<set/>`, has no standalone `<options/>`
//! request and keeps `<unsubscribe/>`/`<subscription/>` fields private, so the `<pubsub/>`
//! request element is read here with minidom, and replies in that namespace are built with it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use tracing::{debug, info, warn};
use xmpp_parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use xmpp_parsers::disco::{DiscoInfoResult, DiscoItemsResult, Identity, Item as DiscoItem};
use xmpp_parsers::iq::Iq;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::message::MessageType;
use xmpp_parsers::minidom::Element;
use xmpp_parsers::ns;
use xmpp_parsers::presence::{Presence, Show, Type as PresenceType};
use xmpp_parsers::rsm::{First, SetResult};
use xmpp_parsers::stanza::Stanza;
use xmpp_parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};

use crate::config::{Config, NotificationType, Swap};
use crate::model::{FeedState, Mode, Origin, StoredItem, Subscription};
pub use crate::net::{normalize_url, url_node};
use crate::ratelimit::{Exceeded, RateLimits};
use crate::xmpp::router::{self, Route};
use crate::xmpp::stanza::Inbound;

mod state;
pub use state::{
    each_feed, Change, Discover, Discovery, Outgoing, Output, State, StateError, LISTING_PAGE,
};

pub mod render;
use render::Renderer;
pub use render::NS_ATOM;

/// Subscription options forms (XEP-0060 §16.4.2), which xmpp-parsers' `ns` does not name.
pub const SUBSCRIBE_OPTIONS: &str = "http://jabber.org/protocol/pubsub#subscribe_options";
/// Node meta-data forms (XEP-0060 §16.4.3).
pub const META_DATA: &str = "http://jabber.org/protocol/pubsub#meta-data";

/// Presence values a subscriber may list in `pubsub#show-values`.
pub const SHOW_VALUES: [&str; 5] = ["away", "chat", "dnd", "online", "xa"];
/// Longest feed URL a user may subscribe to (longer ones are refused before any work).
pub const MAX_URL_BYTES: usize = 8192;
/// Largest page of items or disco items returned at once.
pub const MAX_PAGE: usize = 100;

/// The XEP-0060 features really implemented (advertised in disco#info), without the prefix.
pub const FEATURES: &[&str] = &[
    "access-open",
    "access-whitelist",
    "config-node",
    "create-and-configure",
    "create-nodes",
    "delete-items",
    "delete-nodes",
    "instant-nodes",
    "item-ids",
    "manage-subscriptions",
    "member-affiliation",
    "meta-data",
    "modify-affiliations",
    "outcast-affiliation",
    "persistent-items",
    "publish",
    "publish-options",
    "publisher-affiliation",
    "purge-nodes",
    "retract-items",
    "retrieve-default",
    "retrieve-default-sub",
    "retrieve-items",
    "retrieve-subscriptions",
    "rsm",
    "show-values",
    "subscribe",
    "subscription-options",
];

/// The service: configuration and the in-memory state of the protocol (presence, rate
/// budgets, rendered items). Stored state is read through [`State`] and changed through the
/// [`Change`]s of an [`Output`].
pub struct Service {
    jid: BareJid,
    cfg: Swap<Config>,
    presence: PresenceMap,
    recent_presence: Mutex<lru::LruCache<String, Vec<(String, &'static str)>>>,
    /// Nodes whose notification type differs from `[pubsub] notification_type`.
    notification_types: Swap<HashMap<String, NotificationType>>,
    limits: Swap<RateLimits>,
    renderer: Renderer,
    /// Bounces since start.
    pub bounces: BounceCounts,
    /// `remote-server-not-found` bounces in a row per bare JID, and when the last one counted.
    unreachable: Mutex<lru::LruCache<String, (u32, i64)>>,
    /// Temporary bounces in a row per bare JID (items sent again only a few times).
    resends: Mutex<lru::LruCache<String, u32>>,
    /// Feeds found on a web page, waiting for the user to pick one (`subscribe <n>`).
    choices: Mutex<lru::LruCache<String, Vec<(String, String)>>>,
    /// When each user was last told that a node takes no messages.
    no_callback: Mutex<lru::LruCache<String, i64>>,
}

/// Nodes whose notification type differs from `[pubsub] notification_type`.
fn notification_types(cfg: &Config) -> HashMap<String, NotificationType> {
    cfg.feeds
        .iter()
        .filter_map(|f| f.notification_type.map(|t| (f.node.clone(), t)))
        .chain(
            cfg.nodes
                .iter()
                .filter_map(|n| n.notification_type.map(|t| (n.node.clone(), t))),
        )
        .collect()
}

impl Service {
    /// A service for the configured component.
    pub fn new(cfg: Arc<Config>) -> Service {
        let max_body_chars = cfg.chat.max_body_chars;
        Service {
            jid: cfg.component.jid.clone(),
            presence: PresenceMap::default(),
            recent_presence: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(RECENT_PRESENCE).unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            notification_types: Swap::new(notification_types(&cfg)),
            limits: Swap::new(RateLimits::new(
                cfg.access.max_requests_per_minute,
                cfg.access.max_domain_requests_per_minute,
            )),
            cfg: Swap::from_arc(cfg),
            renderer: Renderer::default().with_max_body_chars(max_body_chars),
            bounces: BounceCounts::default(),
            unreachable: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(bounces::UNREACHABLE_TRACKED)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            resends: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(bounces::UNREACHABLE_TRACKED)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            choices: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(commands::CHOICES_KEPT)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            no_callback: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(callbacks::NO_CALLBACK_TRACKED)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
        }
    }

    /// Serve `cfg` from now on (a reload): nodes' notification types and publishers, access
    /// rules, chat limits. Request budgets start anew only when their rates changed.
    pub fn reconfigure(&self, cfg: Arc<Config>) {
        let old = self.cfg.get();
        if old.access.max_requests_per_minute != cfg.access.max_requests_per_minute
            || old.access.max_domain_requests_per_minute
                != cfg.access.max_domain_requests_per_minute
        {
            self.limits.set(Arc::new(RateLimits::new(
                cfg.access.max_requests_per_minute,
                cfg.access.max_domain_requests_per_minute,
            )));
        }
        self.renderer.set_max_body_chars(cfg.chat.max_body_chars);
        self.notification_types
            .set(Arc::new(notification_types(&cfg)));
        self.cfg.set(cfg);
    }

    /// The configuration it serves now.
    pub fn cfg(&self) -> Arc<Config> {
        self.cfg.get()
    }

    /// The contact presence of `node` (status, avatar hash) addressed to each of `jids`.
    pub fn contact_presences(
        &self,
        node: &str,
        jids: &[String],
        st: &dyn State,
        now_ms: i64,
    ) -> Vec<Stanza> {
        let req = self.req(st, now_ms);
        let (Ok(Some(feed)), Some(me)) = (st.feed(node), router::contact_jid(node, &self.jid))
        else {
            return Vec::new();
        };
        let status = req.contact_status(&feed).with_from(me);
        jids.iter()
            .filter_map(|j| BareJid::new(j).ok())
            .map(|j| Stanza::Presence(status.clone().with_to(j)))
            .collect()
    }

    /// What fetching an address from [`Output::discover`] showed, for the user who asked.
    pub fn discovered(
        &self,
        from: Jid,
        url: &str,
        found: Discovery,
        st: &dyn State,
        now_ms: i64,
    ) -> Output {
        self.req(st, now_ms).discovered(from, url, found)
    }

    fn req<'a>(&'a self, st: &'a dyn State, now_ms: i64) -> Req<'a> {
        Req {
            svc: self,
            st,
            now_ms,
            changes: Vec::new(),
            after: Vec::new(),
            discover: Vec::new(),
            new_subs: 0,
        }
    }

    /// Whether `domain` is the XMPP server's own (the component's parent domain, as the
    /// link's keep-alive pings it), one of its subdomains, or the component's.
    fn is_own_domain(&self, domain: &str) -> bool {
        let mine = self.jid.domain().as_str();
        let server = mine
            .split_once('.')
            .map(|(_, p)| p)
            .filter(|p| p.contains('.') || *p == "localhost")
            .unwrap_or(mine);
        domain == server
            || domain == mine
            || domain
                .strip_suffix(server)
                .is_some_and(|head| head.ends_with('.'))
    }

    /// Count a request against its sender's budgets.
    fn within_limits(&self, from: &Jid) -> Result<(), Exceeded> {
        self.limits
            .get()
            .check(&from.to_bare().to_string(), from.domain().as_str())
    }

    /// Handle one inbound stanza against the state `st` at time `now_ms`.
    pub fn handle(&self, inbound: Inbound, st: &dyn State, now_ms: i64) -> Output {
        match inbound {
            Inbound::Stanza(s) => match *s {
                Stanza::Iq(iq) => self.req(st, now_ms).handle_iq(iq),
                Stanza::Presence(p) => match router::route(p.to.as_ref(), &self.jid) {
                    Route::Contact(node) => self.req(st, now_ms).contact_presence(p, node),
                    _ => {
                        self.handle_presence(&p, st);
                        Output::default()
                    }
                },
                Stanza::Message(m) if m.type_ == MessageType::Error => {
                    match router::route(m.to.as_ref(), &self.jid) {
                        Route::Service => self.req(st, now_ms).bounce(m, None),
                        Route::Contact(node) => self.req(st, now_ms).bounce(m, Some(node)),
                        Route::Elsewhere => Output::default(),
                    }
                }
                Stanza::Message(m) => match router::route(m.to.as_ref(), &self.jid) {
                    Route::Service => self.req(st, now_ms).command(m),
                    Route::Contact(node) => self.req(st, now_ms).contact_message(m, node),
                    Route::Elsewhere => Output::default(),
                },
            },
            Inbound::Invalid {
                kind,
                from,
                to,
                type_,
                id,
                error,
            } => {
                // Answer a malformed IQ request with bad-request; never answer errors/results.
                if kind != "iq" || !matches!(type_.as_deref(), Some("get") | Some("set")) {
                    return Output::default();
                }
                let (Some(from), Some(id)) = (from.and_then(|f| Jid::from_str(&f).ok()), id) else {
                    return Output::default();
                };
                let me = to
                    .and_then(|t| Jid::from_str(&t).ok())
                    .unwrap_or_else(|| Jid::from(self.jid.clone()));
                let err = Fail::bad_request().text(format!("malformed request: {error}"));
                let iq = Iq::from_error(id, err.into_error())
                    .with_from(me)
                    .with_to(from);
                Output {
                    changes: Vec::new(),
                    send: vec![Outgoing::Now(Box::new(Stanza::Iq(iq)))],
                    ..Output::default()
                }
            }
        }
    }
}

/// One request being handled: the service, the state it reads, the time, and the changes it
/// has asked for so far.
struct Req<'a> {
    svc: &'a Service,
    st: &'a dyn State,
    now_ms: i64,
    changes: Vec<Change>,
    /// Stanzas to send after the answer, once the changes are durable (roster and contact
    /// presence that follows a change).
    after: Vec<Stanza>,
    /// Addresses to fetch for a feed.
    discover: Vec<Discover>,
    /// New subscriptions this request adds (not yet in what `st` counts).
    new_subs: usize,
}

impl std::ops::Deref for Req<'_> {
    type Target = Service;
    fn deref(&self) -> &Service {
        self.svc
    }
}

impl Req<'_> {
    fn handle_iq(mut self, iq: Iq) -> Output {
        let (from, to, id, payload, is_set) = match iq {
            Iq::Get {
                from,
                to,
                id,
                payload,
            } => (from, to, id, payload, false),
            Iq::Set {
                from,
                to,
                id,
                payload,
            } => (from, to, id, payload, true),
            // Never answer results or errors: that is how loops start.
            Iq::Result { .. } | Iq::Error { .. } => return Output::default(),
        };
        let Some(from) = from else {
            return Output::default();
        };
        let me = to.unwrap_or_else(|| Jid::from(self.jid.clone()));
        let reply = if let Err(which) = self.within_limits(&from) {
            debug!(from = %from, budget = ?which, "request over the rate limit");
            Err(
                Fail::new(ErrorType::Wait, DefinedCondition::ResourceConstraint).text(
                    match which {
                        Exceeded::Jid => {
                            "too many requests from this address; try again in a minute"
                        }
                        Exceeded::Domain => {
                            "too many requests from this domain; try again in a minute"
                        }
                    },
                ),
            )
        } else if let Some(node) = me.node() {
            let node = node.as_str().to_owned();
            self.contact_iq(&from, &node, &payload, is_set)
        } else {
            self.dispatch(&from, &payload, is_set)
        };
        // A successful set changed (or confirmed) state: its answer waits for the disk.
        let durable = is_set && reply.is_ok();
        let failed_id = durable.then(|| id.clone());
        let iq = match reply {
            Ok(Some(el)) => Iq::Result {
                from: None,
                to: None,
                id,
                payload: Some(el),
            },
            Ok(None) => Iq::Result {
                from: None,
                to: None,
                id,
                payload: None,
            },
            Err(f) => Iq::from_error(id, f.into_error()),
        }
        .with_from(me.clone())
        .with_to(from.clone());
        let stanza = Box::new(Stanza::Iq(iq));
        let send = match failed_id {
            Some(id) => {
                let err = Fail::new(ErrorType::Wait, DefinedCondition::InternalServerError)
                    .text("the change could not be saved; try again");
                let failed = Iq::from_error(id, err.into_error())
                    .with_from(me)
                    .with_to(from);
                Outgoing::Durable {
                    ok: stanza,
                    failed: Some(Box::new(Stanza::Iq(failed))),
                }
            }
            None => {
                // Nothing was confirmed: nothing to apply.
                self.changes.clear();
                self.after.clear();
                Outgoing::Now(stanza)
            }
        };
        let mut send = vec![send];
        send.extend(self.after.into_iter().map(|ok| Outgoing::Durable {
            ok: Box::new(ok),
            failed: None,
        }));
        Output {
            changes: self.changes,
            send,
            ..Output::default()
        }
    }

    fn dispatch(&mut self, from: &Jid, payload: &Element, is_set: bool) -> Reply {
        match (payload.name(), payload.ns().as_str(), is_set) {
            ("query", ns::DISCO_INFO, false) => self.disco_info(from, payload),
            ("query", ns::DISCO_ITEMS, false) => self.disco_items(payload),
            ("ping", ns::PING, false) => Ok(None),
            ("pubsub", ns::PUBSUB, _) => self.pubsub(from, payload, is_set),
            ("pubsub", ns::PUBSUB_OWNER, _) => self.owner(from, payload, is_set),
            _ => Err(Fail::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            )),
        }
    }

    // ---- XEP-0060 ----

    fn pubsub(&mut self, from: &Jid, ps: &Element, is_set: bool) -> Reply {
        let children: Vec<&Element> = ps.children().filter(|c| c.ns() == ns::PUBSUB).collect();
        let Some(first) = children.first() else {
            return Err(Fail::bad_request().text("empty pubsub request"));
        };
        // One request per <pubsub/>: only <subscribe/> may carry its <options/> (§6.3.7), and
        // nothing but an RSM <set/> may come from another namespace (§6.5.4 with XEP-0059).
        let second_ok = matches!(
            (first.name(), children.get(1).map(|c| c.name())),
            (_, None)
                | ("subscribe", Some("options"))
                | ("create", Some("configure"))
                | ("publish", Some("publish-options"))
        );
        let foreign = ps
            .children()
            .filter(|c| c.ns() != ns::PUBSUB)
            .any(|c| !c.is("set", ns::RSM) || first.name() != "items");
        if children.len() > 2 || !second_ok || foreign {
            return Err(Fail::bad_request().text("one request per <pubsub/> element"));
        }
        match (first.name(), is_set) {
            ("subscribe", true) => self.subscribe(from, first, children.get(1).copied()),
            ("unsubscribe", true) => self.unsubscribe(from, first),
            ("subscriptions", false) => self.subscriptions(from, first),
            ("items", false) => self.items(from, ps, first),
            ("options", false) => self.options_get(from, first),
            ("options", true) => self.options_set(from, first),
            ("default", false) => Ok(Some(pubsub_el(vec![Element::builder(
                "default",
                ns::PUBSUB,
            )
            .append(options_form(&default_sub(), DataFormType::Form))
            .build()]))),
            ("publish", true) => self.publish_request(from, first, children.get(1).copied()),
            ("create", true) => self.create(from, first, children.get(1).copied()),
            ("retract", true) => self.retract_request(from, first),
            ("affiliations", _) => Err(Fail::not_implemented("retrieve-affiliations")),
            ("subscription", _) => Err(Fail::not_implemented("subscription-notifications")),
            (
                "subscribe" | "unsubscribe" | "subscriptions" | "items" | "publish" | "create"
                | "retract",
                _,
            ) => Err(Fail::bad_request().text("wrong iq type for this request")),
            (other, _) => {
                Err(Fail::bad_request().text(format!("unknown pubsub request <{other}/>")))
            }
        }
    }

    /// Take a place for one more durable subscription of `jid` (a bare JID as text) under
    /// `[access] max_subscriptions_per_domain`: its domain's stored ones plus those this
    /// request adds. The server's own domain and its subdomains always have room; a remote
    /// domain at its limit is refused with `policy-violation`.
    pub(super) fn room_in_domain(&mut self, jid: &str) -> Result<(), Fail> {
        let limit = self.cfg.get().access.max_subscriptions_per_domain;
        let domain = crate::model::jid_domain(jid);
        if limit == 0 || self.is_own_domain(domain) {
            return Ok(());
        }
        let held = self.st.domain_subscriptions(domain) + self.new_subs;
        if held >= limit {
            debug!(
                domain,
                jid, held, limit, "subscription refused: its domain holds the limit"
            );
            return Err(
                Fail::new(ErrorType::Cancel, DefinedCondition::PolicyViolation).text(format!(
                    "{domain} already holds {limit} subscriptions on this service, the most one domain may hold"
                )),
            );
        }
        self.new_subs += 1;
        Ok(())
    }

    /// The `jid` attribute must be the sender's bare JID (XEP-0060 §6.1.3.1).
    fn check_jid(from: &Jid, el: &Element) -> Result<String, Fail> {
        let Some(raw) = el.attr("jid") else {
            return Err(Fail::bad_request()
                .app("invalid-jid")
                .text("jid attribute missing"));
        };
        let jid = Jid::from_str(raw).map_err(|_| Fail::bad_request().app("invalid-jid"))?;
        if jid.to_bare() != from.to_bare() {
            return Err(Fail::bad_request().app("invalid-jid"));
        }
        Ok(jid.to_bare().to_string())
    }

    /// The `jid` of an unsubscribe or options request: missing is bad-request + jid-required,
    /// somebody else's is forbidden (§6.2.3.3, §6.3.4.3).
    fn own_jid(from: &Jid, el: &Element) -> Result<String, Fail> {
        let Some(raw) = el.attr("jid") else {
            return Err(Fail::bad_request().app("jid-required"));
        };
        match Jid::from_str(raw) {
            Ok(j) if j.to_bare() == from.to_bare() => Ok(j.to_bare().to_string()),
            _ => Err(Fail::new(ErrorType::Auth, DefinedCondition::Forbidden)),
        }
    }

    fn node_attr(el: &Element) -> Result<&str, Fail> {
        el.attr("node")
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Fail::bad_request().app("nodeid-required"))
    }

    fn subscribe(&mut self, from: &Jid, el: &Element, options: Option<&Element>) -> Reply {
        let jid = Self::check_jid(from, el)?;
        let requested = Self::node_attr(el)?;
        // Options are checked before anything is stored: a refused request leaves no
        // subscription behind. Their <options/> must not name a node or JID (§6.3.7).
        let form = match options {
            Some(o) if o.attr("node").is_some() || o.attr("jid").is_some() => {
                return Err(Fail::bad_request().app("invalid-options"))
            }
            Some(o) => o.get_child("x", ns::DATA_FORMS),
            None => None,
        };
        if let Some(form) = form {
            apply_options(&mut default_sub(), form)?;
        }
        if requested.len() > MAX_URL_BYTES {
            return Err(Fail::bad_request().text(format!(
                "node or feed URL longer than {MAX_URL_BYTES} bytes"
            )));
        }
        let (node, feed) = match self.st.feed(requested)? {
            Some(f) => {
                let bare = from.to_bare();
                if let Some(refused) = self.access_refusal(&f, &bare, self.st)? {
                    return Err(refused);
                }
                (f.node.clone(), Some(f))
            }
            None if normalize_url(requested).is_some() => {
                let node = self.feed_for_url(requested, &jid)?;
                // The URL of a feed the service has: the same rules as by its node.
                let known = self.st.feed(&node)?;
                if let Some(f) = &known {
                    if let Some(refused) = self.access_refusal(f, &from.to_bare(), self.st)? {
                        return Err(refused);
                    }
                }
                (node, known)
            }
            None => return Err(Fail::item_not_found()),
        };
        let now = self.now_ms;
        let existing = self.st.subscription(&node, &jid)?;
        let fresh = existing.is_none();
        if fresh {
            self.room_in_domain(&jid)?;
        }
        let mut sub = existing.unwrap_or_else(|| Subscription {
            node: node.clone(),
            jid: jid.clone(),
            created: now,
            ..default_sub()
        });
        let before = sub.clone();
        if let Some(form) = form {
            apply_options(&mut sub, form)?;
        }
        if fresh || sub != before {
            self.changes.push(Change::PutSubscription(sub.clone()));
        }
        // Only user feeds have an idle clock (a feed added by this request is one).
        if feed
            .as_ref()
            .is_none_or(|f| matches!(f.origin, Origin::User { .. }))
        {
            self.changes.push(Change::MarkFollowed {
                node: node.clone(),
                at_ms: now,
            });
        }
        self.adopt_presence(&jid);
        if fresh {
            info!(node, jid, "subscribed");
            // send_last_published_item = on_sub: the newest item follows the answer.
            if let Some(f) = feed.filter(|f| f.options.send_last == crate::model::SendLast::OnSub) {
                if let Some(last) = self.st.items(&node, 1, None)?.into_iter().next() {
                    let kind = render::Kind::of(&sub);
                    if let Some(n) = self
                        .notification_with(&node, &last, kind, Some(&f.options))
                        .to(&jid)
                    {
                        self.after.push(n);
                    }
                }
            }
        }
        Ok(Some(pubsub_el(vec![subscription_el(
            &node,
            &jid,
            "subscribed",
        )])))
    }

    /// Attach to the feed of a URL (after normalisation) or add it as a user feed.
    pub(super) fn feed_for_url(&mut self, raw: &str, owner: &str) -> Result<String, Fail> {
        let url = normalize_url(raw)
            .ok_or_else(|| Fail::item_not_found().text("not a usable feed URL"))?;
        if let Some(node) = self.known_feed(&url)? {
            return Ok(node);
        }
        self.may_add_feed(&url, owner)?;
        // Random, not derived from the URL: a node id seen somewhere (a status page, a
        // roster) tells nothing about the URL, and nobody finds a user's feed by guessing.
        // A clash with an existing node (never seen with 128 bits) just draws again.
        let mut node = crate::net::new_user_node();
        while self.st.feed(&node)?.is_some() || !self.st.subscribers(&node, None, 1)?.is_empty() {
            node = crate::net::new_user_node();
        }
        let state = FeedState::new(
            &node,
            url.as_str(),
            None,
            Origin::User {
                owner: owner.to_owned(),
            },
        );
        info!(node = %state.node, host = url.host_str().unwrap_or(""), owner, "feed added by a user");
        self.changes.push(Change::AddFeed(Box::new(state)));
        Ok(node)
    }

    /// The node of the feed at `url` (normalised), if the service has it or this request adds it.
    pub(super) fn known_feed(&self, url: &url::Url) -> Result<Option<String>, Fail> {
        if crate::net::looks_redacted(url) {
            // Pasted from a redacted view (an `export` moved to another account): it names a
            // feed only when exactly one of the service's own feeds shows that way. Never a
            // user's feed: its redacted URL is far easier to guess than its secrets.
            let shown = crate::net::redact(url);
            return Ok(match self.st.feeds_shown_as(&shown)?.as_slice() {
                [f] => Some(f.node.clone()),
                _ => None,
            });
        }
        if let Some(f) = self.st.feed_by_url(url.as_str())? {
            return Ok(Some(f.node));
        }
        Ok(self.changes.iter().find_map(|c| match c {
            Change::AddFeed(f) if normalize_url(&f.url).as_ref() == Some(url) => {
                Some(f.node.clone())
            }
            _ => None,
        }))
    }

    /// Whether `owner` may add the feed at `url`: user feeds allowed, a public host, and room
    /// under the per-user and service-wide caps (counting what this request adds).
    pub(super) fn may_add_feed(&self, url: &url::Url, owner: &str) -> Result<(), Fail> {
        if !self.cfg().access.allow_user_feeds {
            return Err(Fail::item_not_found()
                .text("this service only serves the feeds its operator configured"));
        }
        if crate::net::looks_redacted(url) {
            // Copied from a redacted view (an `export`, `info`): fetching it would only fail.
            return Err(Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable).text(
                "that URL is redacted (a value shown as …); ask whoever added the feed for the whole URL",
            ));
        }
        if !self.cfg().fetch.allow_private_addresses {
            if let Some(why) = crate::net::private_host(url) {
                return Err(Fail::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                    .text(format!("the feed's host is {why}")));
            }
        }
        let max_user = self.cfg().access.max_feeds_per_user;
        // Feeds this request already adds (an import adds many) count as well.
        let pending = self
            .changes
            .iter()
            .filter(|c| matches!(c, Change::AddFeed(_)))
            .count();
        if self.st.user_feed_slots(owner)? + pending >= max_user {
            // XEP-0060 §6.1.3.13.
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation)
                    .app("too-many-subscriptions")
                    .text(format!(
                        "you follow {max_user} feeds added by users (the most allowed); unsubscribe from one first"
                    )),
            );
        }
        let max_all = self.cfg().access.max_user_feeds;
        if self.st.user_feed_count()? + pending >= max_all {
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation).text(format!(
                    "this service already polls {max_all} feeds added by users (the most allowed)"
                )),
            );
        }
        Ok(())
    }

    fn unsubscribe(&mut self, from: &Jid, el: &Element) -> Reply {
        let jid = Self::own_jid(from, el)?;
        let node = Self::node_attr(el)?;
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        let Some(sub) = self.st.subscription(node, &jid)? else {
            return Err(
                Fail::new(ErrorType::Cancel, DefinedCondition::UnexpectedRequest)
                    .app("not-subscribed"),
            );
        };
        self.leave(&feed, &jid)?;
        if sub.contact {
            // The feed's contact leaves the user's roster too.
            self.contact_gone(node, &jid);
        }
        Ok(None)
    }

    /// End `jid`'s subscription to `feed` (it exists): a user feed its creator leaves and
    /// nobody else follows goes at once, any other starts its idle clock.
    pub(super) fn leave(&mut self, feed: &FeedState, jid: &str) -> Result<(), Fail> {
        let node = feed.node.as_str();
        self.changes.push(Change::Unsubscribe {
            node: node.to_owned(),
            jid: jid.to_owned(),
        });
        let owned = matches!(&feed.origin, Origin::User { owner } if *owner == jid);
        // The state does not show this request's changes yet: the sender still counts.
        // Two subscribers tell (a page of two, not a count of them all).
        let others_follow = self.st.subscribers(node, None, 2)?.len() > 1;
        if owned && !others_follow {
            // Its creator left and nobody else follows it: gone at once, so that adding and
            // leaving feeds in a loop cannot fill the service's cap with feeds nobody reads.
            info!(
                node,
                jid, "user feed removed: its creator left and nobody follows it"
            );
            self.changes.push(Change::RemoveFeed(node.to_owned()));
        } else if matches!(feed.origin, Origin::User { .. }) {
            self.changes.push(Change::MarkFollowed {
                node: node.to_owned(),
                at_ms: self.now_ms,
            });
        }
        // Two of the JID's nodes tell, however many it follows.
        let follows_others = self.st.subscribed_nodes(jid, 2)?.iter().any(|n| n != node);
        if !follows_others {
            self.presence.lock().expect("presence map").remove(jid);
        }
        info!(node, jid, "unsubscribed");
        Ok(())
    }

    fn subscriptions(&self, from: &Jid, el: &Element) -> Reply {
        let jid = from.to_bare().to_string();
        let node = el.attr("node");
        if let Some(n) = node {
            if self.st.feed(n)?.is_none() {
                return Err(Fail::item_not_found());
            }
        }
        let subs = match node {
            // One node: one read, not the JID's every subscription.
            Some(n) => self.st.subscription(n, &jid)?.into_iter().collect(),
            None => self.st.subscriptions_of(&jid)?,
        }
        .into_iter();
        let mut b = Element::builder("subscriptions", ns::PUBSUB);
        if let Some(n) = node {
            b = b.attr(xmpp_parsers::minidom::rxml::xml_ncname!("node").into(), n);
        }
        let b = b.append_all(subs.map(|s| subscription_el(&s.node, &s.jid, "subscribed")));
        Ok(Some(pubsub_el(vec![b.build()])))
    }

    fn items(&self, from: &Jid, ps: &Element, el: &Element) -> Reply {
        let node = Self::node_attr(el)?;
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        if let Some(refused) = self.access_refusal(&feed, &from.to_bare(), self.st)? {
            return Err(refused);
        }
        if !self.may_see(from, &feed)? {
            // §6.5.9.2: items of a node with the authorize access model need a subscription.
            return Err(
                Fail::new(ErrorType::Auth, DefinedCondition::NotAuthorized).app("not-subscribed")
            );
        }
        let wanted: Vec<&str> = el
            .children()
            .filter(|c| c.is("item", ns::PUBSUB))
            .filter_map(|c| c.attr("id"))
            .collect();
        let max_items = match el.attr("max_items") {
            Some(m) => Some(
                m.parse::<usize>()
                    .map_err(|_| Fail::bad_request().text("bad max_items"))?,
            ),
            None => None,
        };
        let rsm = Rsm::parse(ps)?;
        let mut set = None;
        let items: Vec<StoredItem> = if !wanted.is_empty() {
            let mut v = Vec::new();
            for id in wanted {
                if let Some(i) = self.st.item(node, id)? {
                    v.push(i);
                }
            }
            v
        } else {
            let limit = max_items.or(rsm.max).unwrap_or(MAX_PAGE).min(MAX_PAGE);
            let before = match &rsm.after {
                Some(id) => Some(
                    self.st
                        .item(node, id)?
                        .ok_or_else(Fail::item_not_found)?
                        .seq,
                ),
                None => None,
            };
            let page = self.st.items(node, limit, before)?;
            if rsm.present {
                set = Some(SetResult {
                    first: page.first().map(|i| First {
                        index: None,
                        item: i.entry.id.clone(),
                    }),
                    last: page.last().map(|i| i.entry.id.clone()),
                    count: Some(self.st.item_count(node)),
                });
            }
            page
        };
        let ncname = |s: &'static str| {
            xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name")
        };
        let items_el = Element::builder("items", ns::PUBSUB)
            .attr(ncname("node"), node)
            .append_all(items.iter().map(|i| {
                let mut item =
                    Element::builder("item", ns::PUBSUB).attr(ncname("id"), i.entry.id.as_str());
                item = item.append(self.renderer.item(node, i).atom.clone());
                item.build()
            }))
            .build();
        let mut children = vec![items_el];
        if let Some(set) = set {
            children.push(set.into());
        }
        Ok(Some(pubsub_el(children)))
    }
}

mod admin;
mod bounces;
mod callbacks;
mod commands;
mod contacts;
mod disco;
mod errors;
mod options;
mod owner;
mod presence;
mod publish;
mod wire;

pub use admin::{AddOutcome, AdminError, NewFeed};
pub use callbacks::{
    CallbackRefusal, CallbackRequest, MAX_CALLBACK_BODY, NO_CALLBACK_QUIET_MS, NO_CALLBACK_TRACKED,
};
pub use owner::NODE_CONFIG;
pub use publish::{Actor, Outcome, PublishError, Receivers, MAX_ITEM_BYTES, MAX_ITEM_ID_BYTES};

pub use bounces::BounceCounts;
use errors::{Fail, Reply};
use options::{apply_options, default_sub, options_form};
pub use presence::{Decision, PresenceMap, RECENT_PRESENCE};
use wire::{pubsub_el, subscription_el, Rsm};

#[cfg(test)]
mod tests;
