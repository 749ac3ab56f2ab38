//! The operator's changes to the feed list at run time, behind the admin HTTP API
//! (`feedpush feeds add|remove|refresh`, `feedpush opml import`): feeds added by URL, removed
//! with their subscribers told (a XEP-0060 delete notification), refreshed on demand.
//!
//! Feeds from feeds.toml stay the file's: they are removed there (and reloaded), never here.

use std::collections::HashMap;

use tracing::info;

use super::{normalize_url, url_node, Change, Service, State, StateError};
use xmpp_parsers::stanza::Stanza;

use crate::model::{FeedState, Origin};

/// What a node id may be, for the error that says it.
const NODE_RULE: &str = "1 to 64 ASCII letters, digits, '-', '_' or '.', not starting with '.'";

/// A feed to add.
#[derive(Debug, Clone)]
pub struct NewFeed {
    /// Its URL.
    pub url: String,
    /// Its node id; derived from the URL when not given.
    pub node: Option<String>,
    /// A title to show instead of the feed's own.
    pub title: Option<String>,
}

/// What adding one feed did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// Added under this node (polled soon).
    Added(String),
    /// The service already polls that URL, under this node.
    Exists(String),
    /// Not added, and why.
    Refused(AdminError),
}

/// Why an operator's change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminError {
    /// Not an http(s) URL with a host.
    #[error("{url:?} is not an http(s) URL with a host")]
    BadUrl {
        /// As given.
        url: String,
    },
    /// The host may not be fetched (`[fetch] allow_private_addresses` is off).
    #[error(
        "{url:?} cannot be fetched: its host is {why} ([fetch] allow_private_addresses is off)"
    )]
    PrivateHost {
        /// As given.
        url: String,
        /// What the host is.
        why: String,
    },
    /// Not a valid node id.
    #[error("{node:?} is not a valid node id: {why}")]
    BadNode {
        /// As given.
        node: String,
        /// Why.
        why: String,
    },
    /// Another node has that id.
    #[error("node {node:?} already exists (with another URL)")]
    NodeTaken {
        /// The node.
        node: String,
    },
    /// No node has that id.
    #[error("no node {node:?}")]
    NoSuchNode {
        /// The node.
        node: String,
    },
    /// It comes from feeds.toml.
    #[error("{node:?} is configured in feeds.toml: remove it there, then reload")]
    FromFile {
        /// The node.
        node: String,
    },
    /// It is a push node, never fetched.
    #[error("{node:?} is a push node; it is not fetched (its owners delete it over XEP-0060)")]
    NotAFeed {
        /// The node.
        node: String,
    },
    /// It is not fetched now.
    #[error("{node:?} is not fetched now (its health is {health}); add its URL again to fetch it")]
    NotFetched {
        /// The node.
        node: String,
        /// Its health.
        health: String,
    },
    /// The state could not be read.
    #[error("the store cannot be read: {0}")]
    State(String),
}

impl From<StateError> for AdminError {
    fn from(e: StateError) -> Self {
        AdminError::State(e.to_string())
    }
}

impl Service {
    /// Add `feeds` for the admin token `by`: each one is added, found already polled (by its
    /// normalised URL), or refused with its reason; the others go on.
    pub fn admin_add_feeds(
        &self,
        by: &str,
        feeds: Vec<NewFeed>,
        st: &dyn State,
    ) -> Result<(Vec<AddOutcome>, Vec<Change>), AdminError> {
        let cfg = self.cfg();
        // The feeds this list adds or changes, by normalised URL and by node (the store's
        // indexes answer for the others: an import of hundreds reads no other feed).
        let mut by_url: HashMap<String, FeedState> = HashMap::new();
        let mut nodes: HashMap<String, ()> = HashMap::new();
        let mut outcomes = Vec::with_capacity(feeds.len());
        let mut changes = Vec::new();
        for f in feeds {
            let Some(url) = normalize_url(&f.url) else {
                outcomes.push(AddOutcome::Refused(AdminError::BadUrl { url: f.url }));
                continue;
            };
            if !by_url.contains_key(url.as_str()) {
                if let Some(stored) = st.feed_by_url(url.as_str())? {
                    by_url.insert(url.to_string(), stored);
                }
            }
            if let Some(known) = by_url.get_mut(url.as_str()) {
                outcomes.push(self.adopt(known, by, f.title, &mut changes));
                continue;
            }
            if !cfg.fetch.allow_private_addresses {
                if let Some(why) = crate::net::private_host(&url) {
                    outcomes.push(AddOutcome::Refused(AdminError::PrivateHost {
                        url: f.url,
                        why: why.to_string(),
                    }));
                    continue;
                }
            }
            let node = match f.node {
                Some(n) => {
                    if !crate::config::valid_node_id(&n) {
                        outcomes.push(AddOutcome::Refused(AdminError::BadNode {
                            node: n,
                            why: NODE_RULE.to_owned(),
                        }));
                        continue;
                    }
                    n
                }
                None => url_node(&url),
            };
            // Subscriptions outlive a deleted node until its subscribers are told: a node of
            // that name cannot come back before (they would be subscribed to the new one).
            if nodes.contains_key(&node)
                || st.feed(&node)?.is_some()
                || st.subscriber_count(&node) > 0
            {
                outcomes.push(AddOutcome::Refused(AdminError::NodeTaken { node }));
                continue;
            }
            let state = FeedState::new(
                &node,
                url.as_str(),
                f.title.filter(|t| !t.trim().is_empty()),
                Origin::Operator { by: by.to_owned() },
            );
            info!(node = %node, host = url.host_str().unwrap_or(""), by, "feed added by an operator");
            nodes.insert(node.clone(), ());
            by_url.insert(url.to_string(), state.clone());
            changes.push(Change::AddFeed(Box::new(state)));
            outcomes.push(AddOutcome::Added(node));
        }
        Ok((outcomes, changes))
    }

    /// An operator adds the URL of a feed the service has: one of the file's or an
    /// operator's that is fetched stays as it is; a user's becomes the operator's (kept even
    /// when nobody follows it); one removed from the file or gone (410) is fetched again, as
    /// the operator's unless the file still lists it.
    fn adopt(
        &self,
        known: &mut FeedState,
        by: &str,
        title: Option<String>,
        changes: &mut Vec<Change>,
    ) -> AddOutcome {
        let node = known.node.clone();
        let configured = self.cfg().configured(&node).is_some();
        if !known.origin.is_polled() {
            // A push node with a stale URL: not something an operator can add.
            return AddOutcome::Refused(AdminError::NodeTaken { node });
        }
        let fetched = known.is_polled();
        let users = matches!(known.origin, Origin::User { .. });
        if fetched && !users {
            return AddOutcome::Exists(node);
        }
        // The file keeps its own feeds (a gone one is fetched again); any other becomes the
        // operator's.
        if !(matches!(known.origin, Origin::Config) && configured) {
            known.origin = Origin::Operator { by: by.to_owned() };
        }
        if !fetched {
            known.health = crate::model::Health::New;
            known.next_due = None;
            known.error_count = 0;
        }
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            known.title = Some(t);
        }
        info!(node = %node, by, "feed taken over by an operator");
        changes.push(Change::AdoptFeed(Box::new(known.clone())));
        if fetched {
            AddOutcome::Exists(node)
        } else {
            AddOutcome::Added(node)
        }
    }

    /// Remove the feed `node` (added at run time by an operator or a user): its pubsub
    /// subscribers are told the node is deleted (XEP-0060 §8.4), its contacts leave their
    /// subscribers' rosters, and its items go. The change, and the contacts' presences to
    /// send once it is stored.
    pub fn admin_remove_feed(
        &mut self,
        node: &str,
        st: &dyn State,
        now_ms: i64,
    ) -> Result<(Change, Vec<Stanza>), AdminError> {
        let feed = self.admin_feed(node, st)?;
        if matches!(feed.origin, Origin::Config) && self.cfg().configured(node).is_some() {
            return Err(AdminError::FromFile {
                node: node.to_owned(),
            });
        }
        let mut req = self.req(st, now_ms);
        for sub in st.subscribers(node, None, usize::MAX)? {
            if sub.contact {
                req.contact_gone(node, &sub.jid);
            }
        }
        info!(node, "feed removed by an operator");
        Ok((
            Change::DeleteNode {
                node: node.to_owned(),
                notify: true,
                redirect: None,
            },
            req.after,
        ))
    }

    /// The polled feed `node`, for a change or a refresh.
    pub fn admin_feed(&self, node: &str, st: &dyn State) -> Result<FeedState, AdminError> {
        let feed = st.feed(node)?.ok_or_else(|| AdminError::NoSuchNode {
            node: node.to_owned(),
        })?;
        if !feed.origin.is_polled() {
            return Err(AdminError::NotAFeed {
                node: node.to_owned(),
            });
        }
        Ok(feed)
    }

    /// The feed `node`, fetched now (not gone, not out of the file), for a refresh.
    pub fn admin_fetched_feed(&self, node: &str, st: &dyn State) -> Result<FeedState, AdminError> {
        let feed = self.admin_feed(node, st)?;
        if !feed.is_polled() {
            return Err(AdminError::NotFetched {
                node: node.to_owned(),
                health: feed.health.as_str().to_owned(),
            });
        }
        Ok(feed)
    }
}
