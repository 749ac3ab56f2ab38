//! The pubsub service, sans I/O: [`Service::handle`] takes one inbound stanza and a read-only
//! [`State`], and returns the stanzas to send and the [`Change`]s to make ([`Output`]); the
//! shell (`service`) reads the store for it and applies the changes. It never touches the link
//! or the store, and it is deterministic: the request task owns it (`&mut self`), the time of
//! each request comes with the call (the request budgets count on it too), random ids come from
//! the generator its owner passes in, and what it remembers between requests is one explicit
//! [`Volatile`] struct. Other tasks read its [`Shared`] handle.
//!
//! One file per concern: this one dispatches requests and holds the XEP-0060 subscriber use
//! cases (subscribe, unsubscribe, subscriptions, items) with the XEP's exact error conditions;
//! `disco.rs` service discovery (XEP-0030, XEP-0059 paging, node meta-data); `options.rs`
//! subscription options; `presence.rs` presence for `pubsub#show-values`; `contacts.rs` every
//! node as a roster contact (`node@component`); `commands.rs` chat commands to the service
//! JID; `callbacks.rs` messages to a node's contact, forwarded to its publisher's application;
//! `publish.rs` publishers (XEP-0060 §7) and `owner.rs` owners (§8); `admin.rs` operators'
//! changes to the feed list (the admin API); `volatile.rs` the core's in-memory state;
//! `shared.rs` what other tasks read; `bounces.rs`
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

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

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
use crate::ratelimit::Exceeded;
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

/// The protocol core, owned by the request task: every request that changes what the core
/// holds goes through `&mut self`. What it holds besides the configuration is its
/// [`Volatile`] state (presence, the recent-presence, bounce, discovery and callback LRUs, the
/// request budgets) and its random number generator, which the caller passes in (seeded from
/// the operating system by the daemon, with a constant by tests). The time of each request
/// comes with the call. Same stanzas, times, seed and store: same output, byte for byte (see
/// the `replay` tests).
///
/// What other tasks read (configuration, rendering, presence for the drain's delivery decision,
/// bounce counts) is its [`Shared`] part, which it dereferences to: see [`Service::shared`].
pub struct Service {
    shared: Arc<Shared>,
    vol: Volatile,
    rng: StdRng,
}

impl std::ops::Deref for Service {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.shared
    }
}

impl Service {
    /// A service for the configured component, drawing its random ids (new item ids, instant
    /// nodes, user feeds' unguessable node ids) from `rng`.
    pub fn new(cfg: Arc<Config>, rng: StdRng) -> Service {
        let vol = Volatile::new(&cfg);
        Service {
            shared: Arc::new(Shared::new(cfg, vol.presence.clone())),
            vol,
            rng,
        }
    }

    /// A service whose random ids come from the operating system's generator (the daemon's:
    /// user feeds' node ids must not be guessable).
    pub fn from_os_rng(cfg: Arc<Config>) -> Service {
        Service::new(cfg, StdRng::from_os_rng())
    }

    /// The handle other tasks read through (the drain, the backlog delivery, the callbacks,
    /// the HTTP side, a reload).
    pub fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// Count a request against its sender's budgets at time `now_ms` (the request's).
    fn within_limits(&mut self, from: &Jid, now_ms: i64) -> Result<(), Exceeded> {
        let access = &self.cfg().access;
        self.vol.budgets.check(
            (
                access.max_requests_per_minute,
                access.max_domain_requests_per_minute,
            ),
            &from.to_bare().to_string(),
            from.domain().as_str(),
            now_ms,
        )
    }

    /// What fetching an address from [`Output::discover`] showed, for the user who asked.
    pub fn discovered(
        &mut self,
        from: Jid,
        url: &str,
        found: Discovery,
        st: &dyn State,
        now_ms: i64,
    ) -> Output {
        self.req(st, now_ms).discovered(from, url, found)
    }

    fn req<'a>(&'a mut self, st: &'a dyn State, now_ms: i64) -> Req<'a> {
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

    /// Handle one inbound stanza against the state `st` at time `now_ms`.
    pub fn handle(&mut self, inbound: Inbound, st: &dyn State, now_ms: i64) -> Output {
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
    svc: &'a mut Service,
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

impl std::ops::DerefMut for Req<'_> {
    fn deref_mut(&mut self) -> &mut Service {
        self.svc
    }
}

impl Req<'_> {
    /// Count this request against its sender's budgets, at its time.
    fn within_limits(&mut self, from: &Jid) -> Result<(), Exceeded> {
        let now_ms = self.now_ms;
        self.svc.within_limits(from, now_ms)
    }

    /// A new random 64-bit number from the core's generator.
    fn random_u64(&mut self) -> u64 {
        self.svc.rng.random()
    }

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
        let limit = self.cfg().access.max_subscriptions_per_domain;
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
mod shared;
mod subscribe;
mod volatile;
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
pub use presence::{
    apply as apply_presence, show_value, Decision, PresenceLog, PresenceMap, PRESENCE_LOG_MAX,
    RECENT_PRESENCE,
};
pub use shared::Shared;
pub use subscribe::subscription_read;
pub use volatile::{Budgets, Volatile};
use wire::{pubsub_el, subscription_el, Rsm};

/// The replay test: a recorded script twice through fresh cores, outputs byte for byte.
#[cfg(test)]
mod replay;
#[cfg(test)]
mod tests;
