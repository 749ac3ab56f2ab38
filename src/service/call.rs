//! What the HTTP side asks of the request task: [`Call`]s (publish, retract, an operator's
//! changes to the feed list, the health probe), each answered on its own channel once its
//! changes are on disk, and why one failed ([`CallError`]).

use tokio::sync::oneshot;

use crate::model::Entry;
use crate::xmpp::pubsub::{Actor, AddOutcome, AdminError, NewFeed, Outcome, PublishError};

/// A write for the request task, answered on `reply`.
#[derive(Debug)]
pub enum Call {
    /// Publish one entry ([`crate::xmpp::pubsub::Service::publish`]).
    Publish {
        /// Who publishes.
        actor: Actor,
        /// The node.
        node: String,
        /// The item id, when given.
        id: Option<String>,
        /// The entry, converted as a polled one is.
        entry: Box<Entry>,
        /// The item id and what happened.
        reply: oneshot::Sender<Result<(String, Outcome), CallError>>,
    },
    /// Write to the store and flush (the health check's probe).
    Probe {
        /// Done, or why not.
        reply: oneshot::Sender<Result<(), CallError>>,
    },
    /// Add feeds (the admin API: [`crate::xmpp::pubsub::Service::admin_add_feeds`]).
    AddFeeds {
        /// The admin token's name.
        by: String,
        /// The feeds.
        feeds: Vec<NewFeed>,
        /// What became of each.
        reply: oneshot::Sender<Result<Vec<AddOutcome>, CallError>>,
    },
    /// Remove a feed added at run time ([`crate::xmpp::pubsub::Service::admin_remove_feed`]).
    RemoveFeed {
        /// The node.
        node: String,
        /// Done.
        reply: oneshot::Sender<Result<(), CallError>>,
    },
    /// Fetch a feed as soon as the limits allow.
    Refresh {
        /// The node.
        node: String,
        /// Queued.
        reply: oneshot::Sender<Result<(), CallError>>,
    },
    /// Retract one item ([`crate::xmpp::pubsub::Service::retract`]).
    Retract {
        /// Who retracts.
        actor: Actor,
        /// The node.
        node: String,
        /// The item id.
        id: String,
        /// Done.
        reply: oneshot::Sender<Result<(), CallError>>,
    },
}

/// Why a [`Call`] failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The core refused it.
    #[error(transparent)]
    Refused(#[from] PublishError),
    /// The core refused an operator's change.
    #[error(transparent)]
    Admin(#[from] AdminError),
    /// Its changes could not be stored.
    #[error("the change could not be saved: {0}")]
    NotSaved(String),
}
