//! The request task: the one loop that runs the protocol core ([`crate::xmpp::pubsub`]) on
//! the link's inbound stanzas, the HTTP side's [`Call`]s, the users' fetched web addresses and
//! the idle user-feed sweep, applies the core's changes to the store and hands its stanzas to
//! the link.
//!
//! The core reads and writes the store, so a batch runs on a blocking thread; answers to
//! requests that changed the store wait for one flush of the whole batch (group commit).
//! `call` holds the HTTP side's vocabulary, `steps` one batch's work, `state` the store as the
//! core sees it.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Notify};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info_span, warn, Instrument};

use crate::poll::scheduler::{Command, SchedulerHandle};
use crate::store::Store;
use crate::xmpp::pubsub::{CallbackRequest, Discover, Discovery, Service};
use crate::xmpp::stanza::{Inbound, Outbound, Stanza};

mod call;
mod state;
mod steps;

pub use call::{Call, CallError};
use steps::{apply_output, handle_call, handle_one, sweep_idle, Step};

/// Web addresses looked at for users at once.
const DISCOVERIES: usize = 16;
/// Stanzas (or calls) handled in one batch at most.
const INBOUND_BATCH: usize = 128;
/// How often user feeds nobody follows are looked for.
const IDLE_SWEEP: Duration = Duration::from_secs(3600);
/// How long a batch's answers wait for room on a link that takes no stanzas.
const REPLY_WAIT: Duration = Duration::from_secs(20);

/// What the request task does next.
enum Work {
    Batch(Vec<Inbound>),
    Sweep,
    /// A web address a user asked to follow, fetched.
    Discovered(Discover, Discovery),
    /// Writes from the HTTP side.
    Calls(Vec<Call>),
}

/// Inbound stanzas → service → replies and effects.
///
/// The service reads and writes the store, so it runs on a blocking thread, a batch of
/// stanzas at a time. Answers to requests that changed the store wait for one flush of the
/// whole batch (group commit): acknowledged means on disk, and 10,000 pipelined subscriptions
/// cost a few dozen flushes, not 10,000.
pub async fn serve(
    service: Arc<Service>,
    store: Store,
    Inlets {
        stanzas: mut in_rx,
        mut calls,
        mut pings,
    }: Inlets,
    Outlets {
        out_tx,
        back_tx,
        wake,
        callbacks,
    }: Outlets,
    sched: SchedulerHandle,
    fetchers: Arc<crate::config::Swap<crate::poll::fetch::Fetcher>>,
    stop: CancellationToken,
) -> &'static str {
    // Addresses users asked to follow are fetched beside the request loop, and what they
    // turned out to be comes back here.
    let (found_tx, mut found_rx) = mpsc::channel::<(Discover, Discovery)>(DISCOVERIES);
    let looking = Arc::new(tokio::sync::Semaphore::new(DISCOVERIES));
    let mut sweep = tokio::time::interval(IDLE_SWEEP);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // The idle sweep runs here, between batches, never beside one: a subscription that
        // arrives while a feed is being removed is handled before or after, not in between.
        let mut work = tokio::select! {
            _ = stop.cancelled() => return "requests",
            _ = sweep.tick() => Work::Sweep,
            Some((d, found)) = found_rx.recv() => Work::Discovered(d, found),
            Some(c) = calls.recv() => Work::Calls(vec![c]),
            Some(p) = pings.recv() => {
                crate::blocking::run(|| ()).await;
                let _ = p.send(());
                continue;
            }
            i = in_rx.recv() => match i { Some(i) => Work::Batch(vec![i]), None => { stop.cancelled().await; return "requests" } },
        };
        match &mut work {
            Work::Batch(batch) => {
                while batch.len() < INBOUND_BATCH {
                    match in_rx.try_recv() {
                        Ok(i) => batch.push(i),
                        Err(_) => break,
                    }
                }
            }
            Work::Calls(batch) => {
                while batch.len() < INBOUND_BATCH {
                    match calls.try_recv() {
                        Ok(c) => batch.push(c),
                        Err(_) => break,
                    }
                }
            }
            _ => {}
        }
        if let Work::Batch(batch) = &work {
            for i in batch {
                crate::telemetry::inbound(match i {
                    Inbound::Stanza(s) => match **s {
                        Stanza::Iq(_) => "iq",
                        Stanza::Message(_) => "message",
                        Stanza::Presence(_) => "presence",
                    },
                    Inbound::Invalid { .. } => "invalid",
                });
            }
        }
        let (svc, st) = (service.clone(), store.clone());
        let started = std::time::Instant::now();
        let stanzas = match &work {
            Work::Batch(b) => b.len(),
            Work::Calls(c) => c.len(),
            Work::Sweep | Work::Discovered(..) => 0,
        };
        let job = move || {
            let steps = match work {
                Work::Sweep => sweep_idle(
                    &st,
                    i64::try_from(svc.cfg().access.user_feed_idle.as_millis()).unwrap_or(i64::MAX),
                ),
                Work::Discovered(d, found) => {
                    let span = info_span!("request", kind = "discovered", jid = %d.from);
                    let _in = span.enter();
                    apply_output(
                        &st,
                        svc.discovered(d.from, &d.url, found, &st, crate::clock::now_ms()),
                        svc.backlog_max(),
                    )
                }
                Work::Batch(batch) => batch
                    .into_iter()
                    .flat_map(|i| handle_one(&svc, &st, i))
                    .collect::<Vec<Step>>(),
                Work::Calls(calls) => calls
                    .into_iter()
                    .flat_map(|c| handle_call(&svc, &st, c))
                    .collect::<Vec<Step>>(),
            };
            // Answers to changes wait for the disk: flushed here, on the same blocking thread
            // (one hand-over fewer than a flush of its own), once for the whole batch.
            let must_flush = steps.iter().any(|e| match e {
                Step::Durable { .. } => true,
                Step::Answer(a) => a.changed(),
                _ => false,
            });
            let durable_ok = !must_flush
                || match st.flush() {
                    Ok(()) => true,
                    Err(e) => {
                        warn!(error = %e, "cannot flush the store; changes are answered with an error");
                        false
                    }
                };
            (steps, durable_ok)
        };
        let (steps, durable_ok) = match tokio::task::spawn_blocking(job).await {
            Ok(e) => e,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => return "requests",
        };
        debug!(
            stanzas,
            steps = steps.len(),
            ms = started.elapsed().as_millis() as u64,
            "request batch handled"
        );
        let mut replies = Vec::new();
        for step in steps {
            match step {
                Step::Send(s) => replies.push(*s),
                Step::Durable { ok, .. } if durable_ok => replies.push(*ok),
                Step::Durable { failed, .. } => replies.extend(failed.map(|f| *f)),
                // Never schedule a feed whose creation may not have reached the disk.
                Step::Schedule(_) if !durable_ok => {}
                // Nothing is announced that its publisher was told failed.
                Step::Wake if durable_ok => wake.notify_one(),
                Step::Wake => {}
                Step::Callback(c) => {
                    // A full queue: the application is slow; this message is dropped.
                    if callbacks.try_send(*c).is_err() {
                        crate::telemetry::callback_dropped("queue-full");
                        warn!("too many messages waiting for callbacks; one dropped");
                    }
                }
                Step::Answer(a) if durable_ok => a.send(),
                Step::Answer(a) => a.fail("the store could not be flushed").send(),
                Step::Discover(d) => {
                    // At most DISCOVERIES at once; a user beyond that is told to try again.
                    let Ok(permit) = looking.clone().try_acquire_owned() else {
                        warn!(url = %crate::net::redact_str(&d.url), "too many feed look-ups at once; one refused");
                        let busy = Discovery::Failed(
                            "the service is looking at many addresses just now; try again in a minute".into(),
                        );
                        let _ = found_tx.try_send((d, busy));
                        continue;
                    };
                    let (f, tx) = (fetchers.get(), found_tx.clone());
                    let span = info_span!("request", kind = "discovery", jid = %d.from);
                    let looking = async move {
                        let found = look(&f, &d.url).await;
                        let _ = tx.send((d, found)).await;
                        drop(permit);
                    };
                    tokio::spawn(looking.instrument(span));
                }
                Step::Back(jid) => {
                    // A full queue means deliveries are already pending; this one can wait
                    // for the subscriber's next presence.
                    let _ = back_tx.try_send(jid);
                }
                Step::Unschedule(node) => {
                    tokio::select! {
                        _ = sched.send(Command::Remove(node)) => {}
                        _ = stop.cancelled() => return "requests",
                    }
                }
                Step::Refresh(node) => {
                    tokio::select! {
                        _ = sched.send(Command::PollNow(node)) => {}
                        _ = stop.cancelled() => return "requests",
                    }
                }
                Step::Schedule(node) => {
                    tokio::select! {
                        _ = async {
                            sched.send(Command::Add(node.clone())).await;
                            sched.send(Command::PollNow(node)).await;
                        } => {}
                        _ = stop.cancelled() => return "requests",
                    }
                }
            }
        }
        if !replies.is_empty() {
            let out = Outbound {
                stanzas: replies,
                ..Outbound::default()
            };
            // A link that stays down fills its queue: answers wait a little, then go (their
            // senders cannot be reached meanwhile anyway), so the loop never stalls on it.
            tokio::select! {
                r = tokio::time::timeout(REPLY_WAIT, out_tx.send(out)) => {
                    if r.is_err() {
                        warn!("the link takes no stanzas; answers of one batch dropped");
                    }
                }
                _ = stop.cancelled() => return "requests",
            }
        }
    }
}

/// Where the request task sends: stanzas to the link, subscribers that are back to the
/// backlog delivery.
pub struct Outlets {
    /// Stanzas to the link.
    pub out_tx: mpsc::Sender<Outbound>,
    /// Subscribers that are back, to the backlog delivery.
    pub back_tx: mpsc::Sender<String>,
    /// Wakes the outbox drain (something was published, retracted, purged or deleted).
    pub wake: Arc<Notify>,
    /// Messages for nodes' callbacks.
    pub callbacks: mpsc::Sender<CallbackRequest>,
}

/// What the request task takes: stanzas from the link, the HTTP side's writes.
pub struct Inlets {
    /// Stanzas from the link.
    pub stanzas: mpsc::Receiver<Inbound>,
    /// The HTTP side's writes.
    pub calls: mpsc::Receiver<Call>,
    /// The watchdog's probes: answered once the loop and the blocking pool are reached.
    pub pings: mpsc::Receiver<oneshot::Sender<()>>,
}

/// What a web address a user asked to follow turned out to be.
async fn look(fetcher: &crate::poll::fetch::Fetcher, url: &str) -> Discovery {
    match crate::poll::discover::look(fetcher, url).await {
        crate::poll::discover::Looked::Feed => Discovery::Feed,
        crate::poll::discover::Looked::Page(feeds) => {
            Discovery::Page(feeds.into_iter().map(|f| (f.title, f.url)).collect())
        }
        crate::poll::discover::Looked::Failed(why) => Discovery::Failed(why),
    }
}
