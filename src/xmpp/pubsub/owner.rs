//! Owners (XEP-0060 §8): create (named and instant), configure with the `node_config` form,
//! default configuration, delete (with redirect), purge, and managing subscriptions and
//! affiliations. Admins (`[access] admins`) own every node; what feeds.toml sets for a node
//! wins over the form.

use super::*;
use crate::model::{AccessModel, Affiliation, NodeOptions, PublishModel, SendLast};

/// The node configuration form's type (XEP-0060 §16.4.4).
pub const NODE_CONFIG: &str = "http://jabber.org/protocol/pubsub#node_config";
/// Form fields of a node's callback (feedpush's own).
const CALLBACK_URL: &str = "feedpush#callback_url";
const CALLBACK_SECRET: &str = "feedpush#callback_secret";

fn ncname(s: &'static str) -> xmpp_parsers::minidom::rxml::NcName {
    xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name")
}

fn owner_el(children: Vec<Element>) -> Element {
    Element::builder("pubsub", ns::PUBSUB_OWNER)
        .append_all(children)
        .build()
}

fn list(var: &str, value: &str, options: &[&str]) -> Field {
    let mut f = Field::new(var, FieldType::ListSingle).with_value(value);
    f.options = options
        .iter()
        .map(|o| xmpp_parsers::data_forms::Option_ {
            label: None,
            value: (*o).to_owned(),
        })
        .collect();
    f
}

fn boolean(var: &str, v: bool) -> Field {
    Field::new(var, FieldType::Boolean).with_value(if v { "1" } else { "0" })
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

impl Req<'_> {
    /// Whether `from` owns `feed` (an admin, or the owner affiliation).
    fn owns(&self, from: &Jid, feed: &FeedState) -> Result<bool, Fail> {
        Ok(self.affiliation_of(feed, &from.to_bare(), self.st)? == Some(Affiliation::Owner))
    }

    /// The node `el` names, which `from` must own.
    fn owned_node(&self, from: &Jid, el: &Element) -> Result<FeedState, Fail> {
        let node = Self::node_attr(el)?;
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        if !self.owns(from, &feed)? {
            return Err(Fail::new(ErrorType::Auth, DefinedCondition::Forbidden)
                .text("only the node's owners may do this"));
        }
        Ok(feed)
    }

    /// The `node_config` form of `feed` as it is now (what the file sets included).
    pub(super) fn node_config_form(&self, feed: &FeedState) -> DataForm {
        let o = &feed.options;
        let cfg = self.cfg();
        let file = cfg.configured(&feed.node);
        let nt = file
            .and_then(|c| c.notification_type())
            .map(|t| match t {
                NotificationType::Headline => "headline",
                NotificationType::Normal => "normal",
            })
            .or(o.notification_type.as_deref())
            .unwrap_or(match self.cfg().pubsub.notification_type {
                NotificationType::Headline => "headline",
                NotificationType::Normal => "normal",
            })
            .to_owned();
        let mut fields = vec![
            Field::text_single("pubsub#title", feed.title.as_deref().unwrap_or("")),
            Field::text_single(
                "pubsub#description",
                feed.description.as_deref().unwrap_or(""),
            ),
            Field::text_single("pubsub#max_items", &self.max_items(feed).to_string()),
            list(
                "pubsub#access_model",
                match o.access_model {
                    AccessModel::Open => "open",
                    AccessModel::Whitelist => "whitelist",
                },
                &["open", "whitelist"],
            ),
            list(
                "pubsub#publish_model",
                match o.publish_model {
                    PublishModel::Publishers => "publishers",
                    PublishModel::Open => "open",
                },
                &["publishers", "open"],
            ),
            list("pubsub#notification_type", &nt, &["headline", "normal"]),
            boolean("pubsub#deliver_payloads", o.deliver_payloads),
            boolean("pubsub#notify_retract", o.notify_retract),
            boolean("pubsub#notify_delete", o.notify_delete),
            boolean(
                "pubsub#notify_updates",
                o.notify_updates.unwrap_or(self.cfg().pubsub.notify_updates),
            ),
            list(
                "pubsub#send_last_published_item",
                match o.send_last {
                    SendLast::Never => "never",
                    SendLast::OnSub => "on_sub",
                },
                &["never", "on_sub"],
            ),
            boolean("pubsub#persist_items", true),
            Field::text_single("pubsub#type", NS_ATOM),
            // Shown without credentials or query values (the file's may carry them).
            Field::text_single(
                CALLBACK_URL,
                &file
                    .and_then(|c| c.callback())
                    .map(|c| crate::net::redact(&c.url))
                    .or(o.callback_url.as_deref().map(crate::net::redact_str))
                    .unwrap_or_default(),
            ),
        ];
        // The secret is write-only: its field is shown empty.
        fields.push(Field::new(CALLBACK_SECRET, FieldType::TextPrivate));
        for f in &mut fields {
            f.values.iter_mut().for_each(|v| {
                *v = crate::text::xml_clean(v).into_owned();
            });
        }
        DataForm::new(DataFormType::Form, NODE_CONFIG, fields)
    }

    /// Apply a submitted `node_config` form to `feed` (not stored yet).
    fn apply_config(&self, feed: &mut FeedState, form: &Element) -> Result<(), Fail> {
        let bad = |t: String| Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable).text(t);
        let form = DataForm::try_from(form.clone())
            .map_err(|e| Fail::bad_request().text(format!("bad form: {e}")))?;
        match form.type_ {
            DataFormType::Cancel => return Ok(()),
            DataFormType::Submit => {}
            _ => return Err(Fail::bad_request().text("the form must be submitted")),
        }
        if form.form_type().is_some_and(|t| t != NODE_CONFIG) {
            return Err(bad("not a node_config form".into()));
        }
        let mut o: NodeOptions = feed.options.clone();
        let file_callback = self
            .cfg()
            .configured(&feed.node)
            .is_some_and(|c| c.callback().is_some());
        let mut seen = BTreeSet::new();
        for f in &form.fields {
            let Some(var) = f.var.as_deref() else {
                continue;
            };
            if var == "FORM_TYPE" {
                continue;
            }
            if !seen.insert(var.to_owned()) {
                return Err(bad(format!("{var} given twice")));
            }
            let one = f.values.first().map(String::as_str).unwrap_or("");
            let flag = || parse_bool(one).ok_or_else(|| bad(format!("{var}: not a boolean")));
            match var {
                "pubsub#title" => {
                    feed.title = Some(one.trim().to_owned()).filter(|t| !t.is_empty())
                }
                "pubsub#description" => {
                    feed.description = Some(one.trim().to_owned()).filter(|t| !t.is_empty())
                }
                "pubsub#max_items" => {
                    let n = match one {
                        "max" => 100_000,
                        n => n
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=100_000).contains(n))
                            .ok_or_else(|| bad("pubsub#max_items: 1 to 100000".into()))?,
                    };
                    o.max_items = Some(n);
                }
                "pubsub#access_model" => {
                    o.access_model = match one {
                        "open" => AccessModel::Open,
                        "whitelist" => AccessModel::Whitelist,
                        other => {
                            return Err(Fail::new(
                                ErrorType::Modify,
                                DefinedCondition::NotAcceptable,
                            )
                            .app("unsupported-access-model")
                            .text(format!("access model {other:?} is not supported")))
                        }
                    }
                }
                "pubsub#publish_model" => {
                    o.publish_model = match one {
                        "publishers" => PublishModel::Publishers,
                        "open" => PublishModel::Open,
                        other => return Err(bad(format!("publish model {other:?}"))),
                    }
                }
                "pubsub#notification_type" => {
                    o.notification_type = match one {
                        "headline" | "normal" => Some(one.to_owned()),
                        other => return Err(bad(format!("notification type {other:?}"))),
                    }
                }
                "pubsub#deliver_payloads" => o.deliver_payloads = flag()?,
                "pubsub#notify_retract" => o.notify_retract = flag()?,
                "pubsub#notify_delete" => o.notify_delete = flag()?,
                "pubsub#notify_updates" => o.notify_updates = Some(flag()?),
                "pubsub#send_last_published_item" => {
                    o.send_last = match one {
                        "never" => SendLast::Never,
                        "on_sub" | "on_sub_and_presence" => SendLast::OnSub,
                        other => return Err(bad(format!("send_last_published_item {other:?}"))),
                    }
                }
                "pubsub#persist_items" if flag()? => {}
                "pubsub#type" if one == NS_ATOM || one.is_empty() => {}
                // The file's callback wins: the fields are ignored for its nodes (so the
                // form goes back unchanged).
                CALLBACK_URL | CALLBACK_SECRET if file_callback => {}
                // The form shows the URL redacted: sent back as shown, it stays as it is.
                CALLBACK_URL
                    if o.callback_url
                        .as_deref()
                        .map(crate::net::redact_str)
                        .as_deref()
                        == Some(one.trim()) => {}
                CALLBACK_URL => {
                    o.callback_url = match one.trim() {
                        "" => None,
                        u => match url::Url::parse(u) {
                            Ok(url) if matches!(url.scheme(), "http" | "https") => {
                                Some(url.to_string())
                            }
                            _ => return Err(bad(format!("{CALLBACK_URL}: not an http(s) URL"))),
                        },
                    }
                }
                CALLBACK_SECRET if !one.is_empty() => {
                    if one.len() < 16 {
                        return Err(bad(format!("{CALLBACK_SECRET}: at least 16 characters")));
                    }
                    o.callback_secret = Some(one.to_owned());
                }
                CALLBACK_SECRET => {}
                other => {
                    return Err(bad(format!("{other} cannot be set on this service")));
                }
            }
        }
        if o.callback_url.is_some() && o.callback_secret.is_none() {
            return Err(bad(format!("{CALLBACK_URL} needs {CALLBACK_SECRET}")));
        }
        // What the file sets wins.
        if let Some(c) = self.cfg().configured(&feed.node) {
            if let Some(t) = c.title() {
                feed.title = Some(t.to_owned());
            }
        }
        feed.options = o;
        Ok(())
    }

    /// Requests in the owner namespace.
    pub(super) fn owner(&mut self, from: &Jid, ps: &Element, is_set: bool) -> Reply {
        let children: Vec<&Element> = ps.children().collect();
        let [first] = children.as_slice() else {
            return Err(Fail::bad_request().text("one request per <pubsub/> element"));
        };
        if first.ns() != ns::PUBSUB_OWNER {
            return Err(Fail::bad_request().text("one request per <pubsub/> element"));
        }
        match (first.name(), is_set) {
            ("configure", false) => {
                let feed = self.owned_node(from, first)?;
                Ok(Some(owner_el(vec![Element::builder(
                    "configure",
                    ns::PUBSUB_OWNER,
                )
                .attr(ncname("node"), feed.node.as_str())
                .append(Element::from(self.node_config_form(&feed)))
                .build()])))
            }
            ("configure", true) => {
                let mut feed = self.owned_node(from, first)?;
                let form = first
                    .get_child("x", ns::DATA_FORMS)
                    .ok_or_else(|| Fail::bad_request().text("a node_config form is required"))?;
                self.apply_config(&mut feed, form)?;
                info!(node = %feed.node, by = %from.to_bare(), "node configured");
                self.changes.push(Change::ConfigureNode(Box::new(feed)));
                Ok(None)
            }
            ("default", false) => {
                let blank = FeedState::push("", None, Origin::Push);
                Ok(Some(owner_el(vec![Element::builder(
                    "default",
                    ns::PUBSUB_OWNER,
                )
                .append(Element::from(self.node_config_form(&blank)))
                .build()])))
            }
            ("delete", true) => {
                let feed = self.owned_node(from, first)?;
                if matches!(feed.origin, Origin::Config | Origin::Push)
                    && self.cfg().configured(&feed.node).is_some()
                {
                    return Err(Fail::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                        .text("this node is configured in feeds.toml; remove it there"));
                }
                let redirect = first
                    .get_child("redirect", ns::PUBSUB_OWNER)
                    .and_then(|r| r.attr("uri"))
                    .map(str::to_owned);
                info!(node = %feed.node, by = %from.to_bare(), "node deleted");
                // Its contacts leave their subscribers' rosters (pubsub subscribers get the
                // delete notification).
                for sub in self.st.subscribers(&feed.node, None, usize::MAX)? {
                    if sub.contact {
                        self.contact_gone(&feed.node, &sub.jid);
                    }
                }
                self.changes.push(Change::DeleteNode {
                    node: feed.node.clone(),
                    notify: feed.options.notify_delete,
                    redirect,
                });
                Ok(None)
            }
            ("purge", true) => {
                let feed = self.owned_node(from, first)?;
                info!(node = %feed.node, by = %from.to_bare(), "node purged");
                self.changes.push(Change::Purge {
                    node: feed.node.clone(),
                    notify: feed.options.notify_retract,
                    polled: feed.origin.is_polled(),
                });
                Ok(None)
            }
            ("subscriptions", false) => {
                let feed = self.owned_node(from, first)?;
                let subs = self.st.subscribers(&feed.node, None, usize::MAX)?;
                Ok(Some(owner_el(vec![Element::builder(
                    "subscriptions",
                    ns::PUBSUB_OWNER,
                )
                .attr(ncname("node"), feed.node.as_str())
                .append_all(subs.iter().map(|s| {
                    Element::builder("subscription", ns::PUBSUB_OWNER)
                        .attr(ncname("jid"), s.jid.as_str())
                        .attr(ncname("subscription"), "subscribed")
                        .build()
                }))
                .build()])))
            }
            ("subscriptions", true) => {
                let feed = self.owned_node(from, first)?;
                self.set_subscriptions(&feed, first)
            }
            ("affiliations", false) => {
                let feed = self.owned_node(from, first)?;
                let mut all: BTreeMap<String, Affiliation> =
                    self.st.affiliations(&feed.node)?.into_iter().collect();
                if let Some(c) = self.cfg().configured(&feed.node) {
                    for p in c.publishers() {
                        all.entry(p.to_string()).or_insert(Affiliation::Publisher);
                    }
                }
                for a in &self.cfg().access.admins {
                    all.insert(a.to_string(), Affiliation::Owner);
                }
                Ok(Some(owner_el(vec![Element::builder(
                    "affiliations",
                    ns::PUBSUB_OWNER,
                )
                .attr(ncname("node"), feed.node.as_str())
                .append_all(all.iter().map(|(jid, a)| {
                    Element::builder("affiliation", ns::PUBSUB_OWNER)
                        .attr(ncname("jid"), jid.as_str())
                        .attr(ncname("affiliation"), a.as_str())
                        .build()
                }))
                .build()])))
            }
            ("affiliations", true) => {
                let feed = self.owned_node(from, first)?;
                self.set_affiliations(from, &feed, first)
            }
            (other, _) => Err(Fail::bad_request()
                .text(format!("unknown or wrongly typed owner request <{other}/>"))),
        }
    }

    /// `<create node='…'/>` with an optional `<configure/>` (§8.1), by an admin.
    pub(super) fn create(
        &mut self,
        from: &Jid,
        el: &Element,
        configure: Option<&Element>,
    ) -> Reply {
        let creator = from.to_bare();
        if !self.cfg().is_admin(&creator) {
            return Err(Fail::new(ErrorType::Auth, DefinedCondition::Forbidden)
                .text("only the service's admins create nodes"));
        }
        let (node, instant) = match el.attr("node") {
            Some(n) if crate::config::valid_node_id(n) => (n.to_owned(), false),
            Some(_) => {
                return Err(
                    Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable)
                        .app("nodeid-required")
                        .text("node ids are 1-64 of A-Z a-z 0-9 . _ -"),
                )
            }
            None => (format!("n{:012x}", self.random_u64() >> 16), true),
        };
        let taken = self.st.feed(&node)?.is_some()
            || self.cfg().configured(&node).is_some()
            // A deleted node whose subscribers are still being told.
            || self.st.subscriber_count(&node) > 0;
        if taken {
            return Err(Fail::new(ErrorType::Cancel, DefinedCondition::Conflict)
                .text(format!("node {node:?} exists")));
        }
        let mut feed = FeedState::push(
            &node,
            None,
            Origin::Created {
                owner: creator.to_string(),
            },
        );
        if let Some(form) = configure.and_then(|c| c.get_child("x", ns::DATA_FORMS)) {
            self.apply_config(&mut feed, form)?;
        }
        info!(node, by = %creator, "node created");
        self.changes.push(Change::CreateNode(Box::new(feed)));
        self.changes.push(Change::SetAffiliation {
            node: node.clone(),
            jid: creator.to_string(),
            affiliation: Some(Affiliation::Owner),
        });
        Ok(instant.then(|| {
            pubsub_el(vec![Element::builder("create", ns::PUBSUB)
                .attr(ncname("node"), node)
                .build()])
        }))
    }

    /// Modify subscriptions (§8.8.2): `subscribed` adds one, `none` removes it.
    fn set_subscriptions(&mut self, feed: &FeedState, el: &Element) -> Reply {
        for s in el
            .children()
            .filter(|c| c.is("subscription", ns::PUBSUB_OWNER))
        {
            let jid = s
                .attr("jid")
                .and_then(|j| BareJid::from_str(j).ok())
                .ok_or_else(|| Fail::bad_request().app("invalid-jid"))?;
            match s.attr("subscription") {
                Some("none") => {
                    if self.st.subscription(&feed.node, jid.as_str())?.is_some() {
                        self.changes.push(Change::Unsubscribe {
                            node: feed.node.clone(),
                            jid: jid.to_string(),
                        });
                    }
                }
                Some("subscribed") => {
                    if self.st.subscription(&feed.node, jid.as_str())?.is_none() {
                        self.changes.push(Change::PutSubscription(Subscription {
                            node: feed.node.clone(),
                            jid: jid.to_string(),
                            created: self.now_ms,
                            ..default_sub()
                        }));
                    }
                }
                _ => {
                    return Err(
                        Fail::bad_request().text("subscription is \"subscribed\" or \"none\" here")
                    )
                }
            }
        }
        Ok(None)
    }

    /// Modify affiliations (§8.9.2); an outcast loses its subscription. The last owner may
    /// not leave.
    fn set_affiliations(&mut self, from: &Jid, feed: &FeedState, el: &Element) -> Reply {
        let mut owners: BTreeSet<String> = self
            .st
            .affiliations(&feed.node)?
            .into_iter()
            .filter(|(_, a)| *a == Affiliation::Owner)
            .map(|(j, _)| j)
            .collect();
        let mut changes = Vec::new();
        for a in el
            .children()
            .filter(|c| c.is("affiliation", ns::PUBSUB_OWNER))
        {
            let jid = a
                .attr("jid")
                .and_then(|j| BareJid::from_str(j).ok())
                .ok_or_else(|| Fail::bad_request().app("invalid-jid"))?;
            let aff = a
                .attr("affiliation")
                .and_then(Affiliation::parse)
                .ok_or_else(|| Fail::bad_request().text("unknown affiliation"))?;
            if aff == Some(Affiliation::Owner) {
                owners.insert(jid.to_string());
            } else {
                owners.remove(jid.as_str());
            }
            if aff == Some(Affiliation::Outcast)
                && self.st.subscription(&feed.node, jid.as_str())?.is_some()
            {
                changes.push(Change::Unsubscribe {
                    node: feed.node.clone(),
                    jid: jid.to_string(),
                });
            }
            changes.push(Change::SetAffiliation {
                node: feed.node.clone(),
                jid: jid.to_string(),
                affiliation: aff,
            });
        }
        // §8.9.2.4: an owner who is not an admin may not leave the node without owners.
        if owners.is_empty() && !self.cfg().is_admin(&from.to_bare()) {
            return Err(
                Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable)
                    .text("the node would have no owner left"),
            );
        }
        info!(node = %feed.node, by = %from.to_bare(), changes = changes.len(), "affiliations changed");
        self.changes.extend(changes);
        Ok(None)
    }
}
