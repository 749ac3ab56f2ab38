//! Publishers (XEP-0060 §7): publish an item (new, updated or the same again) and retract
//! one, with who may do so. [`Service::publish`] and [`Service::retract`] are the typed API
//! that the XMPP side (the `<publish/>` and `<retract/>` requests here) and the HTTP side
//! share; both come to the same [`Change`]s, store and outbox as polled entries.

use super::*;
use crate::model::Entry;
use crate::model::{AccessModel, Affiliation, Announce, NodeOptions, PublishModel};
use crate::normalize::single::{self, EntryError};

/// Largest item a publisher may push: its request, and its rendering (the Atom payload and the
/// readable body together), so that its notification fits a message.
pub const MAX_ITEM_BYTES: usize = 48 * 1024;
/// Longest item id.
pub const MAX_ITEM_ID_BYTES: usize = 256;

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// An XMPP account (bare JID).
    Jid(BareJid),
    /// An HTTP bearer token (by name), already checked against the node.
    Token(String),
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::Jid(j) => write!(f, "{j}"),
            Actor::Token(t) => write!(f, "token {t}"),
        }
    }
}

/// What a publication did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new item.
    Created,
    /// An item with that id existed with other content; replaced.
    Updated,
    /// The same item again: nothing changed, nothing is pushed.
    Unchanged,
}

/// Why a publication or retraction was refused.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// No such node (or not one that takes items).
    #[error("no node {0:?}")]
    NodeNotFound(String),
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The payload is not one titled Atom entry.
    #[error(transparent)]
    InvalidPayload(#[from] EntryError),
    /// The payload is over [`MAX_ITEM_BYTES`].
    #[error("the entry is {size} bytes; at most {MAX_ITEM_BYTES} are accepted")]
    PayloadTooBig {
        /// Its size.
        size: usize,
    },
    /// An item id that is empty or too long.
    #[error("bad item id: {0}")]
    BadItemId(String),
    /// No such item.
    #[error("no item {0:?}")]
    ItemNotFound(String),
    /// The store could not be read.
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<PublishError> for Fail {
    fn from(e: PublishError) -> Fail {
        match e {
            PublishError::NodeNotFound(_) => Fail::item_not_found(),
            PublishError::Forbidden(t) => {
                Fail::new(ErrorType::Auth, DefinedCondition::Forbidden).text(t)
            }
            PublishError::InvalidPayload(e) => Fail::bad_request()
                .app("invalid-payload")
                .text(e.to_string()),
            e @ PublishError::PayloadTooBig { .. } => {
                Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable)
                    .app("payload-too-big")
                    .text(e.to_string())
            }
            PublishError::BadItemId(t) => Fail::bad_request().text(t),
            PublishError::ItemNotFound(_) => Fail::item_not_found(),
            PublishError::State(e) => e.into(),
        }
    }
}

impl Shared {
    /// The base URL of relative links in pushed entries.
    pub fn publish_base(&self) -> url::Url {
        url::Url::parse(&format!("https://{}/", self.jid))
            .unwrap_or_else(|_| url::Url::parse("https://localhost/").expect("static URL"))
    }

    /// A JID's affiliation with `feed`: admins own every node; the file's publishers publish
    /// (the file wins over what is stored); then what is stored.
    pub fn affiliation_of(
        &self,
        feed: &FeedState,
        jid: &BareJid,
        st: &dyn State,
    ) -> Result<Option<Affiliation>, StateError> {
        if self.cfg().is_admin(jid) {
            return Ok(Some(Affiliation::Owner));
        }
        let stored = st.affiliation(&feed.node, jid.as_str())?;
        if stored == Some(Affiliation::Owner) {
            return Ok(stored);
        }
        if self
            .cfg()
            .configured(&feed.node)
            .is_some_and(|c| c.publishers().contains(jid))
        {
            return Ok(Some(Affiliation::Publisher));
        }
        Ok(stored)
    }

    /// Whether `actor` may publish to and retract from `feed`.
    fn may_publish(
        &self,
        actor: &Actor,
        feed: &FeedState,
        st: &dyn State,
    ) -> Result<bool, StateError> {
        let jid = match actor {
            Actor::Token(_) => return Ok(true),
            Actor::Jid(j) => j,
        };
        Ok(match self.affiliation_of(feed, jid, st)? {
            Some(Affiliation::Owner | Affiliation::Publisher) => true,
            Some(Affiliation::Outcast) => false,
            _ => feed.options.publish_model == PublishModel::Open,
        })
    }

    /// A node that takes items: it exists and is not removed from the configuration.
    fn target(&self, node: &str, st: &dyn State) -> Result<FeedState, PublishError> {
        match st.feed(node)? {
            Some(f) if f.health != crate::model::Health::Removed => Ok(f),
            _ => Err(PublishError::NodeNotFound(node.to_owned())),
        }
    }

    /// Items a node keeps.
    pub fn max_items(&self, feed: &FeedState) -> usize {
        feed.options.max_items.unwrap_or(self.cfg().poll.max_items)
    }

    /// Whether `jid` may subscribe to and read `feed` (its access model and affiliation):
    /// None when it may, else the refusal.
    pub(super) fn access_refusal(
        &self,
        feed: &FeedState,
        jid: &BareJid,
        st: &dyn State,
    ) -> Result<Option<Fail>, StateError> {
        Ok(match self.affiliation_of(feed, jid, st)? {
            Some(Affiliation::Outcast) => Some(
                Fail::new(ErrorType::Auth, DefinedCondition::Forbidden)
                    .text("you are banned from this node"),
            ),
            Some(_) => None,
            None if feed.options.access_model == AccessModel::Whitelist => Some(
                Fail::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                    .app("closed-node")
                    .text("this node is open to its members only"),
            ),
            None => None,
        })
    }
}

impl Service {
    /// Publish `entry` to `node` as `actor`: its item id is `id`, or the entry's own id when
    /// `keep_entry_id` (the HTTP API's Atom entries), or a new one. Returns the item id, what
    /// the publication does, and the changes that do it.
    pub fn publish(
        &mut self,
        actor: &Actor,
        node: &str,
        id: Option<String>,
        mut entry: Entry,
        st: &dyn State,
        now_ms: i64,
    ) -> Result<(String, Outcome, Vec<Change>), PublishError> {
        let feed = self.target(node, st)?;
        if !self.may_publish(actor, &feed, st)? {
            return Err(PublishError::Forbidden(format!(
                "{actor} may not publish to {node}"
            )));
        }
        let id = match id {
            Some(id) if id.is_empty() || id.len() > MAX_ITEM_ID_BYTES => {
                return Err(PublishError::BadItemId(format!(
                    "item ids are 1 to {MAX_ITEM_ID_BYTES} bytes"
                )))
            }
            Some(id) => {
                if let Some((at, c)) = crate::text::xml_invalid_char(&id) {
                    return Err(PublishError::BadItemId(crate::text::xml_invalid_message(
                        "", at, c,
                    )));
                }
                id
            }
            None => new_item_id(now_ms, &mut self.rng),
        };
        entry.id = id.clone();
        // The bound is on what subscribers get, not on what came in: escaping can make a
        // notification several times the size of its request.
        // Rendered through the cache (keyed by node, id and content), so delivery reuses it.
        let rendered = self.renderer.item(
            node,
            &StoredItem {
                seq: 0,
                stored_at: now_ms,
                entry: entry.clone(),
            },
        );
        let size = String::from(&rendered.atom).len() + rendered.body.len();
        if size > MAX_ITEM_BYTES {
            return Err(PublishError::PayloadTooBig { size });
        }
        let outcome = match st.item_hash(node, &id)? {
            Some(old) if old == entry.content_hash => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
            None => Outcome::Created,
        };
        let announce = Announce {
            new: true,
            updates: feed
                .options
                .notify_updates
                .unwrap_or(self.cfg().pubsub.notify_updates),
        };
        let changes = match outcome {
            Outcome::Unchanged => Vec::new(),
            _ => vec![Change::Publish {
                node: node.to_owned(),
                entry: Box::new(entry),
                max_items: self.max_items(&feed),
                announce,
                polled: feed.origin.is_polled(),
            }],
        };
        info!(node, item = %id, actor = %actor, outcome = ?outcome, "item published");
        Ok((id, outcome, changes))
    }

    /// Retract item `id` of `node` as `actor`; subscribers are told when `notify` says so,
    /// else per the node's `notify_retract`.
    pub fn retract(
        &self,
        actor: &Actor,
        node: &str,
        id: &str,
        notify: Option<bool>,
        st: &dyn State,
    ) -> Result<Vec<Change>, PublishError> {
        let feed = self.target(node, st)?;
        if !self.may_publish(actor, &feed, st)? {
            return Err(PublishError::Forbidden(format!(
                "{actor} may not retract items of {node}"
            )));
        }
        if st.item(node, id)?.is_none() {
            return Err(PublishError::ItemNotFound(id.to_owned()));
        }
        info!(node, item = id, actor = %actor, "item retracted");
        Ok(vec![Change::Retract {
            node: node.to_owned(),
            id: id.to_owned(),
            notify: notify.unwrap_or(feed.options.notify_retract),
            polled: feed.origin.is_polled(),
        }])
    }
}

/// Who of a node's subscribers may receive its items: [`Shared::may_receive`].
pub struct Receivers<'a> {
    svc: &'a Shared,
    node: &'a str,
    whitelist: bool,
    stored: std::collections::HashMap<String, Affiliation>,
}

impl Receivers<'_> {
    /// Whether `jid` (bare) may receive the node's items: not an outcast, and on a whitelist
    /// node an owner, publisher or member (admins and the file's publishers always may).
    pub fn allows(&self, jid: &str) -> bool {
        if !self.whitelist && self.stored.is_empty() {
            return true;
        }
        let cfg = &self.svc.cfg();
        if cfg.access.admins.iter().any(|a| a.as_str() == jid) {
            return true;
        }
        match self.stored.get(jid) {
            Some(Affiliation::Owner) => return true,
            Some(Affiliation::Outcast) | None => {}
            Some(_) => return true,
        }
        let file_publisher = cfg
            .configured(self.node)
            .is_some_and(|c| c.publishers().iter().any(|p| p.as_str() == jid));
        if file_publisher {
            return true;
        }
        !self.whitelist && self.stored.get(jid) != Some(&Affiliation::Outcast)
    }
}

impl Shared {
    /// The rule delivery applies to `node`'s subscribers (the same as for subscribing and
    /// reading, so a ban or a switch to whitelist takes effect for existing subscriptions).
    pub fn may_receive<'a>(
        &'a self,
        node: &'a str,
        options: Option<&NodeOptions>,
        stored: Vec<(String, Affiliation)>,
    ) -> Receivers<'a> {
        Receivers {
            svc: self,
            node,
            whitelist: options.is_some_and(|o| o.access_model == AccessModel::Whitelist),
            stored: stored.into_iter().collect(),
        }
    }
}

/// A new item id: the time and 64 random bits from the core's generator (unique, and fixed
/// once given).
fn new_item_id(now_ms: i64, rng: &mut StdRng) -> String {
    format!("{now_ms:x}-{:016x}", rng.random::<u64>())
}

impl Req<'_> {
    /// `<publish node='…'><item id='…'>entry</item></publish>` (§7.1).
    pub(super) fn publish_request(
        &mut self,
        from: &Jid,
        el: &Element,
        options: Option<&Element>,
    ) -> Reply {
        let node = Self::node_attr(el)?;
        let items: Vec<&Element> = el.children().collect();
        let item = match items.as_slice() {
            [i] if i.is("item", ns::PUBSUB) => *i,
            [] => return Err(Fail::bad_request().app("item-required")),
            _ => {
                return Err(Fail::bad_request()
                    .app("invalid-payload")
                    .text("exactly one <item/> per publish request"))
            }
        };
        let payloads: Vec<&Element> = item.children().collect();
        let payload = match payloads.as_slice() {
            [p] => *p,
            [] => return Err(Fail::bad_request().app("payload-required")),
            _ => {
                return Err(Fail::bad_request()
                    .app("invalid-payload")
                    .text("an item carries exactly one payload"))
            }
        };
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        // Who may publish is settled first: nobody else learns the node's configuration.
        if !self.may_publish(&Actor::Jid(from.to_bare()), &feed, self.st)? {
            return Err(PublishError::Forbidden(format!(
                "{} may not publish to {node}",
                from.to_bare()
            ))
            .into());
        }
        if let Some(form) = options.and_then(|o| o.get_child("x", ns::DATA_FORMS)) {
            self.check_preconditions(&feed, form)?;
        }
        if !payload.is("entry", NS_ATOM) {
            return Err(Fail::bad_request().app("invalid-payload").text(format!(
                "the payload must be an Atom <entry xmlns='{NS_ATOM}'/>, not <{}/>",
                payload.name()
            )));
        }
        let xml = String::from(payload);
        if xml.len() > MAX_ITEM_BYTES {
            return Err(PublishError::PayloadTooBig { size: xml.len() }.into());
        }
        let entry =
            single::atom_entry(xml.as_bytes(), &self.publish_base()).map_err(PublishError::from)?;
        let actor = Actor::Jid(from.to_bare());
        let (id, _, changes) = self.svc.publish(
            &actor,
            node,
            item.attr("id").map(str::to_owned),
            entry,
            self.st,
            self.now_ms,
        )?;
        self.changes.extend(changes);
        let ncname = |s: &'static str| {
            xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name")
        };
        Ok(Some(pubsub_el(vec![Element::builder(
            "publish",
            ns::PUBSUB,
        )
        .attr(ncname("node"), node)
        .append(
            Element::builder("item", ns::PUBSUB)
                .attr(ncname("id"), id)
                .build(),
        )
        .build()])))
    }

    /// `<retract node='…' notify='…'><item id='…'/></retract>` (§7.2).
    pub(super) fn retract_request(&mut self, from: &Jid, el: &Element) -> Reply {
        let node = Self::node_attr(el)?;
        let ids: Vec<&str> = el
            .children()
            .filter(|c| c.is("item", ns::PUBSUB))
            .filter_map(|c| c.attr("id"))
            .collect();
        let [id] = ids.as_slice() else {
            return Err(Fail::bad_request().app("item-required"));
        };
        let notify = match el.attr("notify") {
            None => None,
            Some("1" | "true") => Some(true),
            Some("0" | "false") => Some(false),
            Some(_) => return Err(Fail::bad_request().text("notify is a boolean")),
        };
        let changes = self
            .svc
            .retract(&Actor::Jid(from.to_bare()), node, id, notify, self.st)?;
        self.changes.extend(changes);
        Ok(None)
    }

    /// Publish options are preconditions (§7.1.5): each given field must equal the node's
    /// configuration, or the publication is refused with `precondition-not-met`.
    fn check_preconditions(&self, feed: &FeedState, form: &Element) -> Result<(), Fail> {
        let form = DataForm::try_from(form.clone())
            .map_err(|_| Fail::bad_request().app("invalid-options"))?;
        let current = self.node_config_form(feed);
        for f in &form.fields {
            if f.var.as_deref() == Some("FORM_TYPE") {
                continue;
            }
            let now = current
                .fields
                .iter()
                .find(|c| c.var == f.var)
                .map(|c| c.values.clone());
            let same = match &now {
                Some(v) => normalise_bools(v) == normalise_bools(&f.values),
                None => false,
            };
            if !same {
                return Err(Fail::new(ErrorType::Cancel, DefinedCondition::Conflict)
                    .app("precondition-not-met")
                    .text(format!(
                        "{} is not {:?} on this node",
                        f.var.as_deref().unwrap_or("?"),
                        f.values
                    )));
            }
        }
        Ok(())
    }
}

/// Booleans compared by meaning ("1" is "true").
fn normalise_bools(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| match s.as_str() {
            "1" => "true".to_owned(),
            "0" => "false".to_owned(),
            o => o.to_owned(),
        })
        .collect()
}
