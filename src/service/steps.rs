//! One batch's work on the request task's blocking thread: the core's output turned into
//! [`Step`]s (stanzas, acknowledgements that wait for the flush, scheduler commands, wake-ups),
//! its [`Change`]s applied to the store in order ([`apply_changes`]: the first that fails stops
//! the rest and turns the acknowledgement into an error), an HTTP [`Call`] run through the core
//! ([`handle_call`]) and the idle user-feed sweep.

use std::sync::Arc;

use tokio::sync::oneshot;
use tracing::{info, warn};

use super::call::{Call, CallError};
use super::state;
use crate::store::Store;
use crate::xmpp::pubsub::{
    AddOutcome, CallbackRequest, Change, Discover, Outcome, Outgoing, Output, Service,
};
use crate::xmpp::stanza::Stanza;

/// What the request task does after handling a batch.
pub(crate) enum Step {
    Send(Box<Stanza>),
    /// An acknowledgement whose changes were applied: sent after the flush (`failed` when the
    /// flush fails).
    Durable {
        ok: Box<Stanza>,
        failed: Option<Box<Stanza>>,
    },
    /// A user feed was added: schedule it and poll it now.
    Schedule(String),
    /// A feed was removed: stop polling it.
    Unschedule(String),
    /// An operator asked for a feed to be fetched now.
    Refresh(String),
    /// A subscriber is available: deliver its backlog.
    Back(String),
    /// A web address to look at for a feed.
    Discover(Discover),
    /// The outbox has new jobs: wake the drain.
    Wake,
    /// An HTTP call's answer (sent after the flush; a failed flush turns it into an error).
    Answer(Answer),
    /// A message for a node's callback.
    Callback(Box<CallbackRequest>),
}

/// Apply the core's changes to the store and turn the rest of its output into steps.
pub(crate) fn apply_output(store: &Arc<dyn Store>, out: Output, backlog_max: usize) -> Vec<Step> {
    let (steps, applied) = apply_changes(store, &out.changes, backlog_max);
    output_steps(out, steps, applied)
}

/// The steps of the core's output after `steps` (those of applying its changes), once it is
/// known whether they were `applied`: acknowledgements wait for the flush only then.
pub(crate) fn output_steps(out: Output, mut steps: Vec<Step>, applied: bool) -> Vec<Step> {
    steps.extend(out.back.into_iter().map(Step::Back));
    if applied {
        steps.extend(out.discover.into_iter().map(Step::Discover));
    }
    steps.extend(
        out.callbacks
            .into_iter()
            .map(|c| Step::Callback(Box::new(c))),
    );
    for o in out.send {
        match o {
            Outgoing::Now(s) => steps.push(Step::Send(s)),
            Outgoing::Durable { failed, .. } if !applied => steps.extend(failed.map(Step::Send)),
            Outgoing::Durable { ok, failed } => steps.push(Step::Durable { ok, failed }),
        }
    }
    steps
}

/// Run one HTTP call through the core and apply its changes; its answer waits for the flush.
pub(crate) fn handle_call(svc: &mut Service, store: &Arc<dyn Store>, call: Call) -> Vec<Step> {
    let span = call.span();
    let _in = span.enter();
    let now = crate::clock::now_ms();
    let (result, changes) = match call {
        Call::Publish {
            actor,
            node,
            id,
            entry,
            reply,
        } => match svc.publish(&actor, &node, id, *entry, store, now) {
            Ok((id, outcome, changes)) => (Answer::Publish(reply, Ok((id, outcome))), changes),
            Err(e) => (Answer::Publish(reply, Err(e.into())), Vec::new()),
        },
        Call::Retract {
            actor,
            node,
            id,
            reply,
        } => match svc.retract(&actor, &node, &id, None, store) {
            Ok(changes) => (Answer::Done(reply, Ok(())), changes),
            Err(e) => (Answer::Done(reply, Err(e.into())), Vec::new()),
        },
        Call::AddFeeds { by, feeds, reply } => match svc.admin_add_feeds(&by, feeds, store) {
            Ok((outcomes, changes)) => (Answer::Added(reply, Ok(outcomes)), changes),
            Err(e) => (Answer::Added(reply, Err(e.into())), Vec::new()),
        },
        Call::RemoveFeed { node, reply } => match svc.admin_remove_feed(&node, store, now) {
            Ok((change, presences)) => {
                let (mut steps, applied) = apply_changes(store, &[change], svc.backlog_max());
                if applied {
                    steps.extend(presences.into_iter().map(|p| Step::Durable {
                        ok: Box::new(p),
                        failed: None,
                    }));
                    steps.push(Step::Answer(Answer::Done(reply, Ok(()))));
                } else {
                    steps.push(Step::Answer(
                        Answer::Done(reply, Ok(())).fail("the store refused the change"),
                    ));
                }
                return steps;
            }
            Err(e) => (Answer::Done(reply, Err(e.into())), Vec::new()),
        },
        Call::Refresh { node, reply } => {
            let r = svc
                .admin_fetched_feed(&node, store)
                .map_err(CallError::from);
            let ok = r.is_ok();
            let _ = reply.send(r.map(|_| ()));
            return if ok {
                vec![Step::Refresh(node)]
            } else {
                Vec::new()
            };
        }
        Call::Probe { reply } => {
            // The health check: a write made durable, by the loop that makes every other.
            let r = store
                .probe_write(now)
                .map_err(|e| CallError::NotSaved(e.to_string()));
            let _ = reply.send(r);
            return Vec::new();
        }
    };
    let (mut steps, applied) = apply_changes(store, &changes, svc.backlog_max());
    let result = if applied {
        result
    } else {
        result.fail("the store refused the change")
    };
    steps.push(Step::Answer(result));
    steps
}

/// Apply changes in order; stops at the first that fails (false then).
pub(crate) fn apply_changes(
    store: &Arc<dyn Store>,
    changes: &[Change],
    backlog_max: usize,
) -> (Vec<Step>, bool) {
    let mut steps = Vec::new();
    let mut applied = true;
    for change in changes {
        if let Err(e) = state::apply(store, change, backlog_max) {
            warn!(error = %e, "cannot store a change; the request is answered with an error");
            applied = false;
            break;
        }
        match change {
            Change::AddFeed(f) | Change::AdoptFeed(f) => steps.push(Step::Schedule(f.node.clone())),
            Change::RemoveFeed(n) => steps.push(Step::Unschedule(n.clone())),
            Change::DeleteNode { node, .. } => {
                steps.push(Step::Unschedule(node.clone()));
                steps.push(Step::Wake);
            }
            Change::Publish { .. } | Change::Retract { .. } | Change::Purge { .. } => {
                steps.push(Step::Wake)
            }
            _ => {}
        }
    }
    (steps, applied)
}

/// The answer to an HTTP call, sent once its changes are durable.
pub(crate) enum Answer {
    Publish(
        oneshot::Sender<Result<(String, Outcome), CallError>>,
        Result<(String, Outcome), CallError>,
    ),
    /// A retraction or an operator's removal.
    Done(
        oneshot::Sender<Result<(), CallError>>,
        Result<(), CallError>,
    ),
    /// Feeds an operator added.
    Added(
        oneshot::Sender<Result<Vec<AddOutcome>, CallError>>,
        Result<Vec<AddOutcome>, CallError>,
    ),
}

impl Answer {
    /// The same answer, turned into a failure to save (unless it already is an error).
    pub(crate) fn fail(self, why: &str) -> Answer {
        let err = || CallError::NotSaved(why.to_owned());
        match self {
            Answer::Publish(tx, Ok(_)) => Answer::Publish(tx, Err(err())),
            Answer::Done(tx, Ok(())) => Answer::Done(tx, Err(err())),
            Answer::Added(tx, Ok(_)) => Answer::Added(tx, Err(err())),
            other => other,
        }
    }

    pub(crate) fn send(self) {
        // The caller may have gone (its client hung up): nothing to tell then.
        match self {
            Answer::Publish(tx, r) => drop(tx.send(r)),
            Answer::Done(tx, r) => drop(tx.send(r)),
            Answer::Added(tx, r) => drop(tx.send(r)),
        }
    }

    /// Whether the answer says something is stored: it waits for the flush (even "unchanged",
    /// whose earlier write may not have reached the disk yet; a flush with nothing new costs
    /// nothing).
    pub(crate) fn changed(&self) -> bool {
        matches!(
            self,
            Answer::Publish(_, Ok(_)) | Answer::Done(_, Ok(())) | Answer::Added(_, Ok(_))
        )
    }
}

/// Remove the user feeds nobody has followed for `idle_ms` (see
/// [`Store::remove_idle_user_feeds`]).
pub(crate) fn sweep_idle(store: &Arc<dyn Store>, idle_ms: i64) -> Vec<Step> {
    match store.remove_idle_user_feeds(crate::clock::now_ms(), idle_ms) {
        Ok(removed) => removed
            .into_iter()
            .map(|node| {
                info!(node = %node, "user feed removed: nobody followed it");
                crate::telemetry::forget(&node);
                Step::Unschedule(node)
            })
            .collect(),
        Err(e) => {
            warn!(error = %e, "cannot sweep idle user feeds");
            Vec::new()
        }
    }
}
