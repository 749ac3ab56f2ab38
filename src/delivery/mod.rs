//! Delivery: the outbox drain, from durable jobs to batches on the link; items for away
//! contact subscribers go to their backlog, delivered by [`backlog`] when they are back.
//!
//! The guarantee (at-least-once to the server):
//! - A notification is an outbox job written with its item, before the entry's seen id (its
//!   commit point, see `Store::apply_fetch`). The drain takes the pending jobs in rounds and
//!   flushes the store before sending any job of a round, so nobody hears of an item that is
//!   not on disk. A crash loses only unflushed writes; what survives is a prefix of them, and an
//!   entry whose seen id is missing is found again by the next fetch and announced then.
//! - A job's items are kept (not trimmed) until the job is done.
//! - The drain hands batches of at most [`DELIVERY_BATCH`] stanzas to the link and advances the
//!   job's cursor only after the batch was written and flushed to the server's socket; an outage
//!   or a crash delays notifications, never loses them.
//! - Duplicates: cursors reach the disk at the latest [`CURSOR_FLUSH`] after a batch (with the
//!   next round's flush when one starts sooner), so a kill -9 re-sends at most the batches of
//!   that window, once;
//!   a link that breaks in the middle of a batch re-sends that batch after reconnecting. A clean
//!   shutdown waits for the batch in flight and sends nothing twice.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::store::{Event, OutboxJob, Store, StoreError};

pub mod avatars;
pub mod backlog;
pub mod callbacks;
use crate::xmpp::pubsub::render::Kind;
use crate::xmpp::pubsub::{Decision, Service};
use crate::xmpp::stanza::{Fanout, Outbound};

/// Stanzas handed to the link per outbox step.
pub const DELIVERY_BATCH: usize = 256;
/// How often the drain looks at the outbox even without a wake-up.
const DRAIN_IDLE: Duration = Duration::from_secs(5);
/// Longest time a delivery cursor stays only in memory while the outbox is busy.
pub const CURSOR_FLUSH: Duration = Duration::from_millis(100);
/// Wait before retrying a batch the link could not write.
const RETRY_WAIT: Duration = Duration::from_secs(1);

/// Outbox jobs taken per round: one flush makes all of them durable before any is sent.
const JOB_ROUND: usize = 64;
/// How long a batch already handed to the link may still take to be written at shutdown.
const SHUTDOWN_WRITE_WAIT: Duration = Duration::from_secs(2);

/// What one delivery step did.
enum Step {
    Finished,
    Advanced(OutboxJob),
    NotSent,
}

/// Drain the outbox until `stop`: render each job's notification, hand it to the link in batches while `up` says the link is up, record progress; `wake` is notified when new jobs were written.
pub async fn drain(
    store: Store,
    service: Arc<Service>,
    out: mpsc::Sender<Outbound>,
    mut up: watch::Receiver<bool>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let pause = |d: Duration| {
        let stop = stop.clone();
        async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::sleep(d) => {}
            }
        }
    };
    // Progress of the last round not yet flushed.
    let mut unflushed = false;
    loop {
        if stop.is_cancelled() {
            return;
        }
        if !*up.borrow() {
            tokio::select! {
                _ = stop.cancelled() => return,
                r = up.changed() => if r.is_err() { return },
            }
            continue;
        }
        let s = store.clone();
        let jobs = match crate::blocking::run(move || s.jobs(JOB_ROUND)).await {
            Ok(j) => j,
            Err(e) => {
                warn!(error = %e, "cannot read the outbox");
                pause(RETRY_WAIT).await;
                continue;
            }
        };
        if jobs.is_empty() {
            if unflushed {
                // Cursors reach the disk within CURSOR_FLUSH; a round that starts sooner
                // flushes them with its own items (one sync instead of two).
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(CURSOR_FLUSH) => {
                        let _ = store.flush_async().await;
                        unflushed = false;
                    }
                }
                continue;
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = wake.notified() => {}
                _ = tokio::time::sleep(DRAIN_IDLE) => {}
            }
            continue;
        }
        // Every job read above, and the item written before it, is on disk before anybody
        // hears of it. (Keys alone cannot tell: concurrent fetches write out of key order.)
        if let Err(e) = store.flush_async().await {
            warn!(error = %e, "cannot flush the store");
            pause(RETRY_WAIT).await;
            continue;
        }
        let mut last_flush = tokio::time::Instant::now();
        'jobs: for mut job in jobs {
            loop {
                match deliver(&store, &service, &out, &job, &stop).await {
                    Ok(Step::Finished) => break,
                    Ok(Step::Advanced(next)) => job = next,
                    Ok(Step::NotSent) => {
                        pause(RETRY_WAIT).await;
                        break 'jobs;
                    }
                    Err(e) => {
                        warn!(error = %e, "outbox step failed");
                        pause(RETRY_WAIT).await;
                        break 'jobs;
                    }
                }
                if last_flush.elapsed() >= CURSOR_FLUSH {
                    let _ = store.flush_async().await;
                    last_flush = tokio::time::Instant::now();
                }
            }
        }
        unflushed = true;
    }
}

/// Hand one batch of one job's notifications to the link and record the progress.
async fn deliver(
    store: &Store,
    service: &Arc<Service>,
    out: &mpsc::Sender<Outbound>,
    job: &OutboxJob,
    stop: &CancellationToken,
) -> Result<Step, StoreError> {
    // Reading the batch and rendering its notification happen on a blocking thread.
    let (s, svc, j) = (store.clone(), service.clone(), job.clone());
    let prepared = crate::blocking::run(move || -> Result<Option<Batch>, StoreError> {
        // The node's options (payloads, message type); gone for a deleted node.
        let opts = s.feed(&j.node)?.map(|f| f.options);
        if j.event != Event::Item {
            // A retraction, purge or deletion: pubsub subscribers hear of it.
            let subs = s.subscribers(&j.node, j.after.as_deref(), DELIVERY_BATCH)?;
            let Some(last) = subs.last().map(|s| s.jid.clone()) else {
                s.finish_job(&j)?;
                return Ok(None);
            };
            let to: Vec<String> = subs
                .iter()
                .filter(|sub| {
                    sub.mode == crate::store::Mode::Pubsub
                        && matches!(svc.decide(sub), Decision::Send)
                })
                .map(|sub| sub.jid.clone())
                .collect();
            let fanouts = svc
                .event_notification(&j.node, &j.event, j.key, opts.as_ref())
                .filter(|_| !to.is_empty())
                .map(|n| Fanout {
                    template: n.template(),
                    to,
                })
                .into_iter()
                .collect();
            return Ok(Some(Batch {
                item_id: format!("{:?}", j.event),
                full: subs.len() >= DELIVERY_BATCH,
                last,
                fanouts,
            }));
        }
        // Subscribers first: a node nobody follows needs its item not even read.
        let subs = s.subscribers(&j.node, j.after.as_deref(), DELIVERY_BATCH)?;
        let Some(last) = subs.last().map(|s| s.jid.clone()) else {
            s.finish_job(&j)?;
            return Ok(None);
        };
        let Some(item) = s.item_by_seq(&j.node, j.item_seq)? else {
            // The item is gone (its node was removed): nothing to deliver.
            s.finish_job(&j)?;
            return Ok(None);
        };
        // One template per shape of message (pubsub event, chat message, …) in this batch;
        // what an away contact subscriber wants waits in its backlog.
        let mut by_kind: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
        let now = crate::clock::now_ms();
        for sub in subs.iter() {
            match svc.decide(sub) {
                Decision::Skip => {}
                _ if !svc.wants(&j.node, &item, sub) => {}
                Decision::Send => by_kind
                    .entry(Kind::of(sub))
                    .or_default()
                    .push(sub.jid.clone()),
                Decision::Hold => s.hold(&sub.jid, &j.node, &item, now, svc.backlog_max())?,
            }
        }
        let fanouts = by_kind
            .into_iter()
            .map(|(kind, to)| Fanout {
                template: svc
                    .notification_with(&j.node, &item, kind, opts.as_ref())
                    .template(),
                to,
            })
            .collect();
        Ok(Some(Batch {
            item_id: item.entry.id,
            full: subs.len() >= DELIVERY_BATCH,
            last,
            fanouts,
        }))
    })
    .await?;
    let Some(Batch {
        item_id,
        full,
        last,
        fanouts,
    }) = prepared
    else {
        return Ok(Step::Finished);
    };
    if !fanouts.is_empty() {
        if stop.is_cancelled() {
            return Ok(Step::NotSent);
        }
        let (tx, mut rx) = oneshot::channel();
        let batch = Outbound {
            fanouts,
            done: Some(tx),
            ..Outbound::default()
        };
        let queued = tokio::select! {
            r = out.send(batch) => r.is_ok(),
            _ = stop.cancelled() => false,
        };
        if !queued {
            return Ok(Step::NotSent);
        }
        // Once handed over, wait for the write; at shutdown only briefly (the link is still
        // up then and writes what it was given).
        let written = tokio::select! {
            r = &mut rx => r.unwrap_or(false),
            _ = stop.cancelled() => tokio::time::timeout(SHUTDOWN_WRITE_WAIT, &mut rx)
                .await
                .map(|r| r.unwrap_or(false))
                .unwrap_or(false),
        };
        if !written {
            return Ok(Step::NotSent);
        }
    }
    let (s, j) = (store.clone(), job.clone());
    if !full {
        crate::blocking::run(move || s.finish_job(&j)).await?;
        info!(node = %job.node, item = %item_id, "notifications handed to the server");
        Ok(Step::Finished)
    } else {
        let after = last.clone();
        crate::blocking::run(move || s.advance_job(&j, &after)).await?;
        Ok(Step::Advanced(OutboxJob {
            after: Some(last),
            ..job.clone()
        }))
    }
}

/// One batch of one job, read and rendered off the runtime.
struct Batch {
    item_id: String,
    /// The batch is full: more subscribers may follow.
    full: bool,
    last: String,
    /// The notifications, one per shape of message; empty when nobody in the batch gets one.
    fanouts: Vec<Fanout>,
}
