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

impl Call {
    /// The span of the request this call makes: `request`, with its `kind` (`http publish`,
    /// `http retract`, `http add-feeds`, `http remove-feed`, `http refresh`, `http probe`), who
    /// makes it (`jid` for an XMPP account, `token` for a bearer token's name) and its `node`.
    pub fn span(&self) -> tracing::Span {
        use tracing::field::{display, Empty};
        let kind = match self {
            Call::Publish { .. } => "http publish",
            Call::Retract { .. } => "http retract",
            Call::AddFeeds { .. } => "http add-feeds",
            Call::RemoveFeed { .. } => "http remove-feed",
            Call::Refresh { .. } => "http refresh",
            Call::Probe { .. } => "http probe",
        };
        let span = tracing::info_span!("request", kind, jid = Empty, token = Empty, node = Empty);
        if span.is_disabled() {
            return span;
        }
        match self {
            Call::Publish { actor, node, .. } | Call::Retract { actor, node, .. } => {
                match actor {
                    Actor::Jid(j) => span.record("jid", display(j)),
                    Actor::Token(t) => span.record("token", t.as_str()),
                };
                span.record("node", node.as_str());
            }
            Call::AddFeeds { by, .. } => {
                span.record("token", by.as_str());
            }
            Call::RemoveFeed { node, .. } | Call::Refresh { node, .. } => {
                span.record("node", node.as_str());
            }
            Call::Probe { .. } => {}
        }
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What `log` wrote as JSON lines, spans included, as the daemon's `--log-format json`.
    fn json_lines(log: impl FnOnce()) -> Vec<serde_json::Value> {
        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let out = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_writer(move || out.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn calls_log_in_a_request_span_with_kind_and_who() {
        let retract = Call::Retract {
            actor: Actor::Token("ci".into()),
            node: "releases".into(),
            id: "1".into(),
            reply: oneshot::channel().0,
        };
        let add = Call::AddFeeds {
            by: "ops".into(),
            feeds: Vec::new(),
            reply: oneshot::channel().0,
        };
        let lines = json_lines(|| {
            for call in [retract, add] {
                let span = call.span();
                let _in = span.enter();
                tracing::info!("handled");
            }
        });
        assert_eq!(lines.len(), 2, "{lines:?}");
        let span = &lines[0]["span"];
        assert_eq!(span["name"], "request");
        assert_eq!(span["kind"], "http retract");
        assert_eq!(span["token"], "ci");
        assert_eq!(span["node"], "releases");
        assert!(span["jid"].is_null(), "{span}");
        let span = &lines[1]["span"];
        assert_eq!(span["kind"], "http add-feeds");
        assert_eq!(span["token"], "ops");
        assert!(span["node"].is_null(), "{span}");
    }
}
