//! The pubsub service logic, sans I/O: takes an inbound stanza and returns the stanzas to send
//! and what else must happen (a feed to schedule). Service discovery (XEP-0030, with XEP-0059
//! paging), the XEP-0060 subscriber use cases with the XEP's exact error conditions, presence
//! tracking for `pubsub#show-values`, and the rendering of notifications for the outbox drain.
//!
//! xmpp-parsers types are used for stanzas, disco, data forms, RSM, errors and the event
//! payload. Its `PubSub` request type rejects an RSM `<set/>`, has no standalone `<options/>`
//! request and keeps `<unsubscribe/>`/`<subscription/>` fields private, so the `<pubsub/>`
//! request element is read here with minidom, and replies in that namespace are built with it.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use tracing::{debug, info, warn};
use xmpp_parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use xmpp_parsers::disco::{DiscoInfoResult, DiscoItemsResult, Identity, Item as DiscoItem};
use xmpp_parsers::iq::Iq;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::message::{Lang, Message, MessageType};
use xmpp_parsers::minidom::Element;
use xmpp_parsers::ns;
use xmpp_parsers::presence::{Presence, Show, Type as PresenceType};
use xmpp_parsers::pubsub::event::{Event, Item as EventItem, Payload};
use xmpp_parsers::pubsub::{ItemId, NodeName};
use xmpp_parsers::rsm::{First, SetResult};
use xmpp_parsers::stanza::Stanza;
use xmpp_parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};

use crate::config::{Config, NotificationType};
pub use crate::net::{normalize_url, url_node};
use crate::ratelimit::{Exceeded, RateLimits};
use crate::store::{FeedState, Origin, StoreError, StoredItem, Subscription};
use crate::xmpp::link::Inbound;

mod state;
pub use state::{Change, Outgoing, Output, State};

pub mod render;
use render::Renderer;
pub use render::NS_ATOM;

/// Atom (RFC 4287), which xmpp-parsers' `ns` does not name.
pub const SUBSCRIBE_OPTIONS: &str = "http://jabber.org/protocol/pubsub#subscribe_options";
pub const META_DATA: &str = "http://jabber.org/protocol/pubsub#meta-data";

/// Presence values a subscriber may list in `pubsub#show-values`.
pub const SHOW_VALUES: [&str; 5] = ["away", "chat", "dnd", "online", "xa"];
/// Longest feed URL a user may subscribe to (longer ones are refused before any work).
pub const MAX_URL_BYTES: usize = 8192;
/// Largest page of items or disco items returned at once.
pub const MAX_PAGE: usize = 100;

/// The XEP-0060 features really implemented (advertised in disco#info), without the prefix.
pub const FEATURES: [&str; 11] = [
    "access-open",
    "item-ids",
    "meta-data",
    "persistent-items",
    "retrieve-items",
    "retrieve-subscriptions",
    "rsm",
    "show-values",
    "subscribe",
    "subscription-options",
    "retrieve-default-sub",
];

/// A stanza error with its XEP-0060 application condition (boxed: errors are the cold path).
struct Fail(Box<FailInner>);

struct FailInner {
    type_: ErrorType,
    cond: DefinedCondition,
    app: Option<Element>,
    text: Option<String>,
}

impl Fail {
    fn new(type_: ErrorType, cond: DefinedCondition) -> Fail {
        Fail(Box::new(FailInner {
            type_,
            cond,
            app: None,
            text: None,
        }))
    }
    fn app(mut self, name: &str) -> Fail {
        self.0.app = Some(Element::builder(name, ns::PUBSUB_ERRORS).build());
        self
    }
    fn unsupported(mut self, feature: &str) -> Fail {
        self.0.app = Some(
            Element::builder("unsupported", ns::PUBSUB_ERRORS)
                .attr(
                    xmpp_parsers::minidom::rxml::xml_ncname!("feature").into(),
                    feature,
                )
                .build(),
        );
        self
    }
    fn text(mut self, t: impl Into<String>) -> Fail {
        self.0.text = Some(t.into());
        self
    }
    fn bad_request() -> Fail {
        Fail::new(ErrorType::Modify, DefinedCondition::BadRequest)
    }
    fn item_not_found() -> Fail {
        Fail::new(ErrorType::Cancel, DefinedCondition::ItemNotFound)
    }
    fn not_implemented(feature: &str) -> Fail {
        Fail::new(ErrorType::Cancel, DefinedCondition::FeatureNotImplemented).unsupported(feature)
    }
    fn into_error(self) -> StanzaError {
        let f = *self.0;
        let mut e = StanzaError::new(f.type_, f.cond, "en", f.text.unwrap_or_default());
        if e.texts.values().all(|t| t.is_empty()) {
            e.texts.clear();
        }
        e.other = f.app;
        e
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        warn!(error = %e, "store error while answering a request");
        Fail::new(ErrorType::Wait, DefinedCondition::InternalServerError)
    }
}

type Reply = Result<Option<Element>, Fail>;

/// Last known presence per subscriber (bare JID → (resource, show value), oldest first; at
/// most `[access] max_resources_per_jid` each). Only subscribers are kept.
pub type PresenceMap = Arc<Mutex<HashMap<String, Vec<(String, &'static str)>>>>;

/// Senders that are not subscribers whose last presence is kept, so that a client that sends
/// presence and then subscribes is known at once (least recently seen dropped first).
pub const RECENT_PRESENCE: usize = 4096;

/// Update one JID's resources: replace the resource's show value, or add it (dropping the
/// oldest resource beyond `max`).
fn set_show(
    rs: &mut Vec<(String, &'static str)>,
    resource: String,
    show: &'static str,
    max: usize,
) {
    match rs.iter_mut().find(|(r, _)| *r == resource) {
        Some(entry) => entry.1 = show,
        None => {
            if rs.len() >= max {
                // The oldest resource is the likeliest to be stale.
                rs.remove(0);
            }
            rs.push((resource, show));
        }
    }
}

/// The service: configuration and the in-memory state of the protocol (presence, rate
/// budgets, rendered items). Stored state is read through [`State`] and changed through the
/// [`Change`]s of an [`Output`].
pub struct Service {
    jid: BareJid,
    cfg: Arc<Config>,
    presence: PresenceMap,
    recent_presence: Mutex<lru::LruCache<String, Vec<(String, &'static str)>>>,
    /// Nodes whose notification type differs from `[pubsub] notification_type`.
    notification_types: HashMap<String, NotificationType>,
    limits: RateLimits,
    renderer: Renderer,
}

impl Service {
    /// A service for the configured component.
    pub fn new(cfg: Arc<Config>) -> Service {
        let notification_types = cfg
            .feeds
            .iter()
            .filter_map(|f| f.notification_type.map(|t| (f.node.clone(), t)))
            .collect();
        Service {
            jid: cfg.component.jid.clone(),
            presence: PresenceMap::default(),
            recent_presence: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(RECENT_PRESENCE).unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            notification_types,
            limits: RateLimits::new(
                cfg.access.max_requests_per_minute,
                cfg.access.max_domain_requests_per_minute,
            ),
            cfg,
            renderer: Renderer::default(),
        }
    }

    /// Count a request against its sender's budgets.
    fn within_limits(&self, from: &Jid) -> Result<(), Exceeded> {
        self.limits
            .check(&from.to_bare().to_string(), from.domain().as_str())
    }

    /// Handle one inbound stanza against the state `st` at time `now_ms`.
    pub fn handle(&self, inbound: Inbound, st: &dyn State, now_ms: i64) -> Output {
        match inbound {
            Inbound::Stanza(s) => match *s {
                Stanza::Iq(iq) => Req {
                    svc: self,
                    st,
                    now_ms,
                    changes: Vec::new(),
                }
                .handle_iq(iq),
                Stanza::Presence(p) => {
                    self.handle_presence(&p, st);
                    Output::default()
                }
                Stanza::Message(m) => {
                    debug!(from = ?m.from, "message ignored");
                    Output::default()
                }
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
                }
            }
        }
    }

    fn handle_presence(&self, p: &Presence, st: &dyn State) {
        // Presence is not rate-limited: a dropped "unavailable" would leave a stale "online",
        // and what it costs is bounded below.
        let Some(from) = &p.from else { return };
        let bare = from.to_bare().to_string();
        let resource = from
            .resource()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default();
        match p.type_ {
            PresenceType::None => {
                let show = match p.show {
                    None => "online",
                    Some(Show::Away) => "away",
                    Some(Show::Chat) => "chat",
                    Some(Show::Dnd) => "dnd",
                    Some(Show::Xa) => "xa",
                };
                let max = self.cfg.access.max_resources_per_jid;
                let known = self
                    .presence
                    .lock()
                    .expect("presence map")
                    .contains_key(&bare);
                // Subscribers' presence is kept (pubsub#show-values needs it); anybody else's
                // only in a small cache of recent senders, since clients send presence before
                // they subscribe.
                if known || matches!(st.is_subscriber(&bare), Ok(true)) {
                    let mut map = self.presence.lock().expect("presence map");
                    set_show(map.entry(bare).or_default(), resource, show, max);
                } else {
                    let mut recent = self.recent_presence.lock().expect("presence cache");
                    match recent.get_mut(&bare) {
                        Some(rs) => set_show(rs, resource, show, max),
                        None => {
                            recent.put(bare, vec![(resource, show)]);
                        }
                    }
                }
            }
            PresenceType::Unavailable | PresenceType::Error => {
                let gone = |r: &mut Vec<(String, &'static str)>| {
                    r.retain(|(res, _)| *res != resource);
                    r.is_empty()
                };
                let mut map = self.presence.lock().expect("presence map");
                if map.get_mut(&bare).is_some_and(gone) {
                    map.remove(&bare);
                }
                drop(map);
                let mut recent = self.recent_presence.lock().expect("presence cache");
                if recent.get_mut(&bare).is_some_and(gone) {
                    recent.pop(&bare);
                }
            }
            _ => {}
        }
    }

    /// A new subscriber's presence moves from the cache of recent senders to the map.
    fn adopt_presence(&self, jid: &str) {
        let cached = self
            .recent_presence
            .lock()
            .expect("presence cache")
            .pop(jid);
        if let Some(rs) = cached {
            self.presence
                .lock()
                .expect("presence map")
                .entry(jid.to_owned())
                .or_insert(rs);
        }
    }

    /// Resources whose presence is kept for subscribers (for tests and metrics).
    pub fn presence_entries(&self) -> usize {
        self.presence
            .lock()
            .expect("presence map")
            .values()
            .map(Vec::len)
            .sum()
    }
}

/// One request being handled: the service, the state it reads, the time, and the changes it
/// has asked for so far.
struct Req<'a> {
    svc: &'a Service,
    st: &'a dyn State,
    now_ms: i64,
    changes: Vec<Change>,
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
        } else if me.node().is_some() {
            Err(Fail::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            ))
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
                    failed: Box::new(Stanza::Iq(failed)),
                }
            }
            None => {
                // Nothing was confirmed: nothing to apply.
                self.changes.clear();
                Outgoing::Now(stanza)
            }
        };
        Output {
            changes: self.changes,
            send: vec![send],
        }
    }

    fn dispatch(&mut self, from: &Jid, payload: &Element, is_set: bool) -> Reply {
        match (payload.name(), payload.ns().as_str(), is_set) {
            ("query", ns::DISCO_INFO, false) => self.disco_info(from, payload),
            ("query", ns::DISCO_ITEMS, false) => self.disco_items(payload),
            ("ping", ns::PING, false) => Ok(None),
            ("pubsub", ns::PUBSUB, _) => self.pubsub(from, payload, is_set),
            ("pubsub", ns::PUBSUB_OWNER, _) => Err(Fail::not_implemented("config-node")),
            _ => Err(Fail::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            )),
        }
    }

    // ---- XEP-0030 ----

    /// Whether `from` may see a feed's private details (URL, errors, title) and its items:
    /// everybody for configured feeds (and for user feeds when `[access] list_user_feeds`),
    /// only its subscribers for a user-added feed, whose URL may carry credentials.
    fn may_see(&self, from: &Jid, feed: &FeedState) -> Result<bool, Fail> {
        Ok(self.cfg.access.list_user_feeds || self.follows(from, feed)?)
    }

    /// Whether `from` may see a feed's URL whole and its errors: anybody for a configured
    /// feed, only its subscribers for a user-added one (listed or not).
    fn follows(&self, from: &Jid, feed: &FeedState) -> Result<bool, Fail> {
        if !matches!(feed.origin, Origin::User { .. }) {
            return Ok(true);
        }
        Ok(self
            .st
            .subscription(&feed.node, &from.to_bare().to_string())?
            .is_some())
    }

    fn disco_info(&self, from: &Jid, q: &Element) -> Reply {
        let node = q.attr("node");
        let mut features: BTreeSet<String> =
            [ns::DISCO_INFO, ns::DISCO_ITEMS, ns::PUBSUB, ns::PING]
                .into_iter()
                .map(String::from)
                .collect();
        features.extend(FEATURES.iter().map(|f| format!("{}#{f}", ns::PUBSUB)));
        let result = match node {
            None => DiscoInfoResult {
                node: None,
                identities: vec![Identity::new("pubsub", "service", "en", "feedpush")],
                features,
                extensions: Vec::new(),
            },
            Some(n) => {
                let feed = self.st.feed(n)?.ok_or_else(Fail::item_not_found)?;
                // Even a listed user feed shows its URL whole (credentials, tokens) and its
                // errors only to its followers.
                let follower = self.follows(from, &feed)?;
                let visible = follower || self.cfg.access.list_user_feeds;
                let form = self.meta_data(&feed, visible, follower);
                let title = if visible {
                    feed.title.as_deref().unwrap_or(&feed.node)
                } else {
                    &feed.node
                };
                DiscoInfoResult {
                    node: Some(n.to_owned()),
                    identities: vec![Identity::new(
                        "pubsub",
                        "leaf",
                        "en",
                        crate::text::xml_clean(title).into_owned(),
                    )],
                    features,
                    extensions: vec![form],
                }
            }
        };
        Ok(Some(result.into()))
    }

    /// The node's meta-data form; `private` fields (title, description, URL, errors) only
    /// when `visible`.
    fn meta_data(&self, feed: &FeedState, visible: bool, follower: bool) -> DataForm {
        // Feed titles and error texts come from hostile servers: keep them serialisable.
        let text = |var: &str, v: &str| Field::text_single(var, &crate::text::xml_clean(v));
        let mut fields = vec![text("pubsub#type", NS_ATOM)];
        if !visible {
            fields.push(text("pubsub#access_model", "authorize"));
            return DataForm::new(DataFormType::Result_, META_DATA, fields);
        }
        fields.extend([
            text("pubsub#title", feed.title.as_deref().unwrap_or(&feed.node)),
            text(
                "pubsub#description",
                feed.description.as_deref().unwrap_or(""),
            ),
            text(
                "pubsub#num_subscribers",
                &self.st.subscriber_count(&feed.node).to_string(),
            ),
            text(
                "feedpush#url",
                &if follower {
                    feed.url.clone()
                } else {
                    crate::net::redact_str(&feed.url)
                },
            ),
            text("feedpush#health", feed.health.as_str()),
            text(
                "feedpush#last_status",
                feed.last_status.as_deref().unwrap_or(""),
            ),
        ]);
        if let Some(t) = feed
            .last_fetch
            .and_then(chrono::DateTime::from_timestamp_millis)
        {
            fields.push(text("feedpush#last_fetch", &t.to_rfc3339()));
        }
        if let Some(e) = feed.last_error.as_ref().filter(|_| follower) {
            fields.push(text("feedpush#last_error", e));
        }
        DataForm::new(DataFormType::Result_, META_DATA, fields)
    }

    fn disco_items(&self, q: &Element) -> Reply {
        if let Some(n) = q.attr("node") {
            if self.st.feed(n)?.is_none() {
                return Err(Fail::item_not_found());
            }
            // Leaf nodes have no child nodes; items are retrieved through pubsub.
            return Ok(Some(
                DiscoItemsResult {
                    node: q.attr("node").map(str::to_owned),
                    items: Vec::new(),
                    rsm: None,
                }
                .into(),
            ));
        }
        let rsm = Rsm::parse(q)?;
        let list_user = self.cfg.access.list_user_feeds;
        let feeds: Vec<FeedState> = self
            .st
            .feeds()?
            .into_iter()
            .filter(|f| list_user || !matches!(f.origin, Origin::User { .. }))
            .collect();
        let start = match &rsm.after {
            Some(a) => feeds
                .iter()
                .position(|f| &f.node == a)
                .map(|i| i + 1)
                .ok_or_else(Fail::item_not_found)?,
            None => rsm.index.unwrap_or(0),
        };
        let max = rsm.max.unwrap_or(MAX_PAGE).min(MAX_PAGE);
        let page: Vec<&FeedState> = feeds.iter().skip(start).take(max).collect();
        let items = page
            .iter()
            .map(|f| DiscoItem {
                jid: Jid::from(self.jid.clone()),
                node: Some(f.node.clone()),
                name: Some(
                    crate::text::xml_clean(f.title.as_deref().unwrap_or(&f.node)).into_owned(),
                ),
            })
            .collect();
        let result_set = rsm.present.then(|| SetResult {
            first: page.first().map(|f| First {
                index: Some(start),
                item: f.node.clone(),
            }),
            last: page.last().map(|f| f.node.clone()),
            count: Some(feeds.len()),
        });
        Ok(Some(
            DiscoItemsResult {
                node: None,
                items,
                rsm: result_set,
            }
            .into(),
        ))
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
            ("publish", _) => Err(Fail::not_implemented("publish")),
            ("create", _) => Err(Fail::not_implemented("create-nodes")),
            ("retract", _) => Err(Fail::not_implemented("retract-items")),
            ("affiliations", _) => Err(Fail::not_implemented("retrieve-affiliations")),
            ("subscription", _) => Err(Fail::not_implemented("subscription-notifications")),
            ("subscribe" | "unsubscribe" | "subscriptions" | "items", _) => {
                Err(Fail::bad_request().text("wrong iq type for this request"))
            }
            (other, _) => {
                Err(Fail::bad_request().text(format!("unknown pubsub request <{other}/>")))
            }
        }
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
        let node = match self.st.feed(requested)? {
            Some(f) => f.node,
            None if normalize_url(requested).is_some() => self.feed_for_url(requested, &jid)?,
            None => return Err(Fail::item_not_found()),
        };
        let now = self.now_ms;
        let existing = self.st.subscription(&node, &jid)?;
        let fresh = existing.is_none();
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
            self.changes.push(Change::PutSubscription(sub));
        }
        self.changes.push(Change::MarkFollowed {
            node: node.clone(),
            at_ms: now,
        });
        self.adopt_presence(&jid);
        if fresh {
            info!(node, jid, "subscribed");
        }
        Ok(Some(pubsub_el(vec![subscription_el(
            &node,
            &jid,
            "subscribed",
        )])))
    }

    /// Attach to the feed of a URL (after normalisation) or add it as a user feed.
    fn feed_for_url(&mut self, raw: &str, owner: &str) -> Result<String, Fail> {
        let url = normalize_url(raw)
            .ok_or_else(|| Fail::item_not_found().text("not a usable feed URL"))?;
        if let Some(f) = self
            .st
            .feeds()?
            .into_iter()
            .find(|f| normalize_url(&f.url).as_ref() == Some(&url))
        {
            return Ok(f.node);
        }
        if !self.cfg.access.allow_user_feeds {
            return Err(Fail::item_not_found()
                .text("this service only serves the feeds its operator configured"));
        }
        if !self.cfg.fetch.allow_private_addresses {
            if let Some(why) = crate::net::private_host(&url) {
                return Err(Fail::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                    .text(format!("the feed's host is {why}")));
            }
        }
        let max_user = self.cfg.access.max_feeds_per_user;
        if self.st.user_feed_slots(owner)? >= max_user {
            // XEP-0060 §6.1.3.13.
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation)
                    .app("too-many-subscriptions")
                    .text(format!(
                        "you follow {max_user} feeds added by users (the most allowed); unsubscribe from one first"
                    )),
            );
        }
        let max_all = self.cfg.access.max_user_feeds;
        if self.st.user_feed_count()? >= max_all {
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation).text(format!(
                    "this service already polls {max_all} feeds added by users (the most allowed)"
                )),
            );
        }
        let node = url_node(&url);
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

    fn unsubscribe(&mut self, from: &Jid, el: &Element) -> Reply {
        let jid = Self::own_jid(from, el)?;
        let node = Self::node_attr(el)?;
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        if self.st.subscription(node, &jid)?.is_none() {
            return Err(
                Fail::new(ErrorType::Cancel, DefinedCondition::UnexpectedRequest)
                    .app("not-subscribed"),
            );
        }
        self.changes.push(Change::Unsubscribe {
            node: node.to_owned(),
            jid: jid.clone(),
        });
        let owned = matches!(&feed.origin, Origin::User { owner } if *owner == jid);
        // The state does not show this request's changes yet: the sender still counts.
        let others_follow = self.st.subscriber_count(node) > 1;
        if owned && !others_follow {
            // Its creator left and nobody else follows it: gone at once, so that adding and
            // leaving feeds in a loop cannot fill the service's cap with feeds nobody reads.
            info!(
                node,
                jid, "user feed removed: its creator left and nobody follows it"
            );
            self.changes.push(Change::RemoveFeed(node.to_owned()));
        } else {
            self.changes.push(Change::MarkFollowed {
                node: node.to_owned(),
                at_ms: self.now_ms,
            });
        }
        let follows_others = self
            .st
            .subscriptions_of(&jid)?
            .iter()
            .any(|s| s.node != node);
        if !follows_others {
            self.presence.lock().expect("presence map").remove(&jid);
        }
        info!(node, jid, "unsubscribed");
        Ok(None)
    }

    fn subscriptions(&self, from: &Jid, el: &Element) -> Reply {
        let jid = from.to_bare().to_string();
        let node = el.attr("node");
        if let Some(n) = node {
            if self.st.feed(n)?.is_none() {
                return Err(Fail::item_not_found());
            }
        }
        let subs = self
            .st
            .subscriptions_of(&jid)?
            .into_iter()
            .filter(|s| node.is_none_or(|n| n == s.node));
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

    fn options_target(&self, from: &Jid, el: &Element) -> Result<Subscription, Fail> {
        let jid = Self::own_jid(from, el)?;
        let node = Self::node_attr(el)?;
        if self.st.feed(node)?.is_none() {
            return Err(Fail::item_not_found());
        }
        self.st.subscription(node, &jid)?.ok_or_else(|| {
            Fail::new(ErrorType::Cancel, DefinedCondition::UnexpectedRequest).app("not-subscribed")
        })
    }

    fn options_get(&self, from: &Jid, el: &Element) -> Reply {
        let sub = self.options_target(from, el)?;
        Ok(Some(pubsub_el(vec![options_el(&sub, DataFormType::Form)])))
    }

    fn options_set(&mut self, from: &Jid, el: &Element) -> Reply {
        let mut sub = self.options_target(from, el)?;
        let form = el
            .get_child("x", ns::DATA_FORMS)
            .ok_or_else(|| Fail::bad_request().app("invalid-options"))?;
        apply_options(&mut sub, form)?;
        self.changes.push(Change::PutSubscription(sub));
        Ok(None)
    }
}

impl Service {
    // ---- notifications ----

    /// Whether a subscriber gets notifications now (deliver option and show-values).
    pub fn should_deliver(&self, sub: &Subscription) -> bool {
        if !sub.deliver {
            return false;
        }
        let Some(show) = &sub.show_values else {
            return true;
        };
        let map = self.presence.lock().expect("presence map");
        map.get(&sub.jid)
            .is_some_and(|rs| rs.iter().any(|(_, s)| show.iter().any(|v| v == s)))
    }

    /// The notification of one item, built once and then addressed to each subscriber.
    pub fn notification(&self, node: &str, item: &StoredItem) -> Notification {
        let kind = self
            .notification_types
            .get(node)
            .copied()
            .unwrap_or(self.cfg.pubsub.notification_type);
        let type_ = match kind {
            NotificationType::Headline => MessageType::Headline,
            NotificationType::Normal => MessageType::Normal,
        };
        let rendered = self.renderer.item(node, item);
        let event = Event {
            payload: Payload::Items {
                node: NodeName(node.to_owned()),
                published: vec![EventItem {
                    id: Some(ItemId(item.entry.id.clone())),
                    publisher: None,
                    payload: Some(rendered.atom.clone()),
                }],
                retracted: Vec::new(),
            },
        };
        Notification {
            from: Jid::from(self.jid.clone()),
            type_,
            event: event.into(),
            // Stored offline and shown by clients: a readable body too.
            body: (kind == NotificationType::Normal).then(|| rendered.body.clone()),
        }
    }
}

/// A notification ready to be addressed: the event element is converted once per item, not
/// once per subscriber (the conversion is most of a notification's cost).
pub struct Notification {
    from: Jid,
    type_: MessageType,
    event: Element,
    body: Option<String>,
}

impl Notification {
    fn message(&self, to: Option<Jid>) -> Message {
        let mut m = Message::new_with_type(self.type_.clone(), to);
        m.from = Some(self.from.clone());
        m.payloads.push(self.event.clone());
        if let Some(body) = &self.body {
            m = m.with_body(Lang::new(), body.clone());
        }
        m
    }

    /// The message to one subscriber (None for an unusable JID).
    pub fn to(&self, jid: &str) -> Option<Stanza> {
        Some(Stanza::Message(
            self.message(Some(Jid::from_str(jid).ok()?)),
        ))
    }

    /// The message without a recipient, as an element, for the link's fan-out (which adds
    /// each subscriber's `to`).
    pub fn template(&self) -> Element {
        self.message(None).into()
    }
}

fn pubsub_el(children: Vec<Element>) -> Element {
    Element::builder("pubsub", ns::PUBSUB)
        .append_all(children)
        .build()
}

fn subscription_el(node: &str, jid: &str, state: &str) -> Element {
    let n =
        |s: &'static str| xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name");
    Element::builder("subscription", ns::PUBSUB)
        .attr(n("node"), node)
        .attr(n("jid"), jid)
        .attr(n("subscription"), state)
        .build()
}

fn default_sub() -> Subscription {
    Subscription {
        node: String::new(),
        jid: String::new(),
        deliver: true,
        show_values: None,
        created: 0,
    }
}

fn options_form(sub: &Subscription, type_: DataFormType) -> Element {
    let mut deliver = Field::new("pubsub#deliver", FieldType::Boolean).with_value(if sub.deliver {
        "true"
    } else {
        "false"
    });
    deliver.label = Some("Enable delivery?".into());
    let mut show = Field::new("pubsub#show-values", FieldType::ListMulti);
    show.label = Some("Receive notifications only when your presence is one of".into());
    show.values = sub
        .show_values
        .clone()
        .unwrap_or_else(|| SHOW_VALUES.iter().map(|s| s.to_string()).collect());
    show.options = SHOW_VALUES
        .iter()
        .map(|v| xmpp_parsers::data_forms::Option_ {
            label: None,
            value: v.to_string(),
        })
        .collect();
    DataForm::new(type_, SUBSCRIBE_OPTIONS, vec![deliver, show]).into()
}

fn options_el(sub: &Subscription, type_: DataFormType) -> Element {
    let n =
        |s: &'static str| xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name");
    Element::builder("options", ns::PUBSUB)
        .attr(n("node"), sub.node.as_str())
        .attr(n("jid"), sub.jid.as_str())
        .append(options_form(sub, type_))
        .build()
}

/// Apply a submitted subscribe_options form.
fn apply_options(sub: &mut Subscription, form: &Element) -> Result<(), Fail> {
    let form =
        DataForm::try_from(form.clone()).map_err(|_| Fail::bad_request().app("invalid-options"))?;
    // A field given twice is ambiguous (XEP-0004 §3.2: each var at most once).
    let mut vars = BTreeSet::new();
    if form
        .fields
        .iter()
        .filter_map(|f| f.var.as_deref())
        .any(|v| !vars.insert(v))
    {
        return Err(Fail::bad_request()
            .app("invalid-options")
            .text("a field appears twice"));
    }
    for f in &form.fields {
        match f.var.as_deref() {
            Some("FORM_TYPE") | None => {}
            Some("pubsub#deliver") => {
                if f.values.len() != 1 {
                    return Err(Fail::bad_request()
                        .app("invalid-options")
                        .text("pubsub#deliver takes exactly one value"));
                }
                sub.deliver = match f.values.first().map(String::as_str) {
                    Some("1" | "true") => true,
                    Some("0" | "false") => false,
                    _ => return Err(Fail::bad_request().app("invalid-options")),
                }
            }
            Some("pubsub#show-values") => {
                if f.values.iter().any(|v| !SHOW_VALUES.contains(&v.as_str())) {
                    return Err(Fail::bad_request().app("invalid-options"));
                }
                sub.show_values = if f.values.len() == SHOW_VALUES.len() {
                    None
                } else {
                    Some(f.values.clone())
                };
            }
            Some(_) => return Err(Fail::bad_request().app("invalid-options")),
        }
    }
    Ok(())
}

/// An RSM `<set/>` request (XEP-0059), read from the children of `parent`.
#[derive(Default)]
struct Rsm {
    present: bool,
    max: Option<usize>,
    after: Option<String>,
    index: Option<usize>,
}

impl Rsm {
    fn parse(parent: &Element) -> Result<Rsm, Fail> {
        let Some(set) = parent.get_child("set", ns::RSM) else {
            return Ok(Rsm::default());
        };
        let q = xmpp_parsers::rsm::SetQuery::try_from(set.clone())
            .map_err(|e| Fail::bad_request().text(format!("bad rsm <set/>: {e}")))?;
        Ok(Rsm {
            present: true,
            max: q.max,
            index: q.index,
            after: q.after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const NS_DISCO_INFO: &str = ns::DISCO_INFO;
    const NS_DISCO_ITEMS: &str = ns::DISCO_ITEMS;
    const NS_PING: &str = ns::PING;
    const NS_PUBSUB: &str = ns::PUBSUB;
    const NS_RSM: &str = ns::RSM;
    use crate::entry::Entry;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    const NODE: &str = "princely_musings";

    /// The stored state, in memory: what the shell's store answers, without a store.
    #[derive(Default)]
    struct Mem {
        feeds: RefCell<BTreeMap<String, FeedState>>,
        subs: RefCell<BTreeMap<(String, String), Subscription>>,
        /// Oldest first.
        items: RefCell<BTreeMap<String, Vec<StoredItem>>>,
    }

    impl State for Mem {
        fn feed(&self, node: &str) -> Result<Option<FeedState>, StoreError> {
            Ok(self.feeds.borrow().get(node).cloned())
        }
        fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
            Ok(self.feeds.borrow().values().cloned().collect())
        }
        fn subscription(&self, node: &str, jid: &str) -> Result<Option<Subscription>, StoreError> {
            Ok(self
                .subs
                .borrow()
                .get(&(node.to_owned(), jid.to_owned()))
                .cloned())
        }
        fn subscriptions_of(&self, jid: &str) -> Result<Vec<Subscription>, StoreError> {
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
        fn is_subscriber(&self, jid: &str) -> Result<bool, StoreError> {
            Ok(self.subs.borrow().keys().any(|(_, j)| j == jid))
        }
        fn user_feed_slots(&self, jid: &str) -> Result<usize, StoreError> {
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
        fn user_feed_count(&self) -> Result<usize, StoreError> {
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
        ) -> Result<Vec<StoredItem>, StoreError> {
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
        fn item(&self, node: &str, id: &str) -> Result<Option<StoredItem>, StoreError> {
            Ok(self
                .items
                .borrow()
                .get(node)
                .and_then(|v| v.iter().find(|i| i.entry.id == id).cloned()))
        }
        fn item_count(&self, node: &str) -> usize {
            self.items.borrow().get(node).map_or(0, Vec::len)
        }
    }

    impl Mem {
        fn apply(&self, c: &Change) {
            match c {
                Change::PutSubscription(sub) => {
                    self.subs
                        .borrow_mut()
                        .insert((sub.node.clone(), sub.jid.clone()), sub.clone());
                }
                Change::Unsubscribe { node, jid } => {
                    self.subs.borrow_mut().remove(&(node.clone(), jid.clone()));
                }
                Change::MarkFollowed { .. } => {}
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

    /// The service over an in-memory state, applying its changes as the shell does.
    struct Svc {
        svc: Service,
        store: Mem,
    }

    impl std::ops::Deref for Svc {
        type Target = Service;
        fn deref(&self) -> &Service {
            &self.svc
        }
    }

    impl Svc {
        fn handle(&self, i: Inbound) -> Vec<Effect> {
            let out = self.svc.handle(i, &self.store, 1_000);
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
        (
            Svc {
                svc: Service::new(cfg),
                store,
            },
            (),
        )
    }

    /// Parse a stanza written in the XEP's style (the component namespace is added).
    fn stanza(xml: &str) -> Inbound {
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
    fn user_feeds_are_private_capped_and_public_only_by_name() {
        let (svc, _d) = service(
            "[access]\nallow_user_feeds = true\nmax_feeds_per_user = 1\nmax_user_feeds = 2\n",
        );
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
        let (svc, _d) = service(
            "[access]\nallow_user_feeds = true\nmax_feeds_per_user = 1\nmax_user_feeds = 2\n",
        );
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
        let e = error(reply(&svc, &format!("<iq type='set' from='a@b/c' to='pubsub.shakespeare.lit' id='p'><pubsub xmlns='{NS_PUBSUB}'><publish node='{NODE}'/></pubsub></iq>")));
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
        assert!(!info.features.contains(&format!("{NS_PUBSUB}#publish")));
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
        let t = svc.notification(NODE, &item).template();
        // `normal` is the default message type, so the attribute may be left out.
        assert!(matches!(t.attr("type"), None | Some("normal")), "{t:?}");
        assert!(t.get_child("body", xmpp_parsers::ns::DEFAULT_NS).is_some());
    }

    #[test]
    fn notification_is_a_headline_pubsub_event() {
        let (svc, _d) = service("");
        let item = svc.store.items(NODE, 1, None).unwrap().remove(0);
        let n = svc.notification(NODE, &item);
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
}
