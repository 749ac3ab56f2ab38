//! `feedpush run`: wires the parts together and owns the task lifecycle. The component link
//! (`xmpp`), the pubsub service (`pubsub`), the scheduler and the outbox drain run as tasks
//! joined by bounded channels; shutdown is one cancellation token: stop polling, finish in-flight
//! fetches, write what is queued, close the stream, flush the store.
//!
//! Delivery guarantee (at-least-once to the server):
//! - A notification is an outbox job written with its item, before the entry's seen id (its
//!   commit point, see `Store::apply_fetch`). The drain takes the pending jobs in rounds and
//!   flushes the store before sending any job of a round, so nobody hears of an item that is
//!   not on disk. A crash loses only unflushed writes; what survives is a prefix of them, and an
//!   entry whose seen id is missing is found again by the next fetch and announced then.
//! - A job's items are kept (not trimmed) until the job is done.
//! - The drain hands batches of at most [`DELIVERY_BATCH`] stanzas to the link and advances the
//!   job's cursor only after the batch was written and flushed to the server's socket; an outage
//!   or a crash delays notifications, never loses them.
//! - Duplicates: cursors reach the disk at the latest [`CURSOR_FLUSH`] after a batch and at once
//!   when the outbox is empty, so a kill -9 re-sends at most the batches of that window, once;
//!   a link that breaks in the middle of a batch re-sends that batch after reconnecting. A clean
//!   shutdown waits for the batch in flight and sends nothing twice.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::config::Config;
use crate::ingest::{Ingest, IngestError};
use crate::pubsub::{Effect, Service};
use crate::scheduler::{Command, Scheduler};
use crate::store::{OutboxJob, Store, StoreError};
use crate::xmpp::{self, Fanout, Inbound, LinkConfig, Outbound};

/// Stanzas handed to the link per outbox step.
pub const DELIVERY_BATCH: usize = 256;
/// Bound of the inbound stanza queue.
const INBOUND_QUEUE: usize = 1024;
/// Bound of the outbound batch queue.
const OUTBOUND_QUEUE: usize = 64;
/// How often the drain looks at the outbox even without a wake-up.
const DRAIN_IDLE: Duration = Duration::from_secs(5);
/// Longest time a delivery cursor stays only in memory while the outbox is busy.
pub const CURSOR_FLUSH: Duration = Duration::from_millis(100);
/// Wait before retrying a batch the link could not write.
const RETRY_WAIT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("cannot create the store directory {path}: {source}")]
    StoreDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

/// Run the daemon until `shutdown` is cancelled.
pub async fn run(cfg: Arc<Config>, shutdown: CancellationToken) -> Result<(), DaemonError> {
    std::fs::create_dir_all(&cfg.storage.path).map_err(|source| DaemonError::StoreDir {
        path: cfg.storage.path.display().to_string(),
        source,
    })?;
    let store = Store::open(&cfg.storage.path)?;
    let ingest = Arc::new(Ingest::new(cfg.clone(), store.clone())?);
    ingest.sync_config_feeds()?;
    let service = Arc::new(Service::new(cfg.clone(), store.clone()));

    let (in_tx, mut in_rx) = mpsc::channel::<Inbound>(INBOUND_QUEUE);
    let (out_tx, out_rx) = mpsc::channel::<Outbound>(OUTBOUND_QUEUE);
    let (up_tx, up_rx) = watch::channel(false);
    let (report_tx, mut report_rx) = mpsc::channel(256);
    let wake = Arc::new(Notify::new());
    let tracker = TaskTracker::new();

    // Stopping order: polling and delivery stop first; the link goes last so queued stanzas
    // are written before the stream closes.
    let work_stop = shutdown.child_token();
    let link_stop = CancellationToken::new();

    let link = LinkConfig {
        jid: cfg.component.jid.clone(),
        server: cfg.component.server.clone(),
        secret: cfg.component.secret.clone(),
        keepalive: cfg.component.keepalive,
        max_stanza_bytes: cfg.component.max_stanza_bytes,
    };
    let link_task = tokio::spawn(xmpp::run(link, in_tx, out_rx, up_tx, link_stop.clone()));

    let (scheduler, sched) = Scheduler::new(ingest.clone(), report_tx);
    tracker.spawn(scheduler.run(work_stop.clone()));

    // Poll reports: wake the drain when something was queued.
    {
        let wake = wake.clone();
        tracker.spawn(async move {
            while let Some(r) = report_rx.recv().await {
                if r.announce && !r.new.is_empty() {
                    wake.notify_one();
                }
            }
        });
    }

    // Inbound stanzas → service → replies and effects.
    {
        let service = service.clone();
        let out_tx = out_tx.clone();
        let stop = work_stop.clone();
        tracker.spawn(async move {
            loop {
                let inbound = tokio::select! {
                    _ = stop.cancelled() => break,
                    i = in_rx.recv() => match i { Some(i) => i, None => break },
                };
                for effect in service.handle(inbound) {
                    match effect {
                        Effect::Send(s) => {
                            let reply = Outbound {
                                stanzas: vec![*s],
                                ..Outbound::default()
                            };
                            tokio::select! {
                                _ = out_tx.send(reply) => {}
                                _ = stop.cancelled() => break,
                            }
                        }
                        Effect::AddFeed(node) => {
                            tokio::select! {
                                _ = async {
                                    sched.send(Command::Add(node.clone())).await;
                                    sched.send(Command::PollNow(node)).await;
                                } => {}
                                _ = stop.cancelled() => break,
                            }
                        }
                    }
                }
            }
        });
    }

    // The outbox drain.
    tracker.spawn(drain(
        store.clone(),
        service.clone(),
        out_tx,
        up_rx,
        wake.clone(),
        work_stop.clone(),
    ));

    info!(jid = %cfg.component.jid, feeds = cfg.feeds.len(), "feedpush running");
    shutdown.cancelled().await;
    info!("shutting down");
    tracker.close();
    tracker.wait().await;
    link_stop.cancel();
    let _ = link_task.await;
    store.flush()?;
    info!("stopped");
    Ok(())
}

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

async fn drain(
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
        let jobs = match store.jobs(JOB_ROUND) {
            Ok(j) => j,
            Err(e) => {
                warn!(error = %e, "cannot read the outbox");
                pause(RETRY_WAIT).await;
                continue;
            }
        };
        if jobs.is_empty() {
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
        // Cursors reach the disk at once when there is nothing left to do.
        if store.outbox_is_empty() {
            let _ = store.flush_async().await;
        }
    }
}

/// Hand one batch of one job's notifications to the link and record the progress.
async fn deliver(
    store: &Store,
    service: &Service,
    out: &mpsc::Sender<Outbound>,
    job: &OutboxJob,
    stop: &CancellationToken,
) -> Result<Step, StoreError> {
    let Some(item) = store.item_by_seq(&job.node, job.item_seq)? else {
        // The item is gone (its node was removed): nothing to deliver.
        store.finish_job(job)?;
        return Ok(Step::Finished);
    };
    let subs = store.subscribers(&job.node, job.after.as_deref(), DELIVERY_BATCH)?;
    let Some(last) = subs.last().map(|s| s.jid.clone()) else {
        store.finish_job(job)?;
        return Ok(Step::Finished);
    };
    let to: Vec<String> = subs
        .iter()
        .filter(|s| service.should_deliver(s))
        .map(|s| s.jid.clone())
        .collect();
    if !to.is_empty() {
        if stop.is_cancelled() {
            return Ok(Step::NotSent);
        }
        let template = service.notification(&job.node, &item).template();
        let (tx, mut rx) = oneshot::channel();
        let batch = Outbound {
            fanout: Some(Fanout { template, to }),
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
    if subs.len() < DELIVERY_BATCH {
        store.finish_job(job)?;
        info!(node = %job.node, item = %item.entry.id, "notifications handed to the server");
        Ok(Step::Finished)
    } else {
        store.advance_job(job, &last)?;
        Ok(Step::Advanced(OutboxJob {
            after: Some(last),
            ..job.clone()
        }))
    }
}
