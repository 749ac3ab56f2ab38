//! The request task: the one loop that runs the protocol core ([`crate::xmpp::pubsub`]) on
//! the link's inbound stanzas, the HTTP side's [`Call`]s, the users' fetched web addresses and
//! the idle user-feed sweep, applies the core's changes to the store and hands its stanzas to
//! the link.
//!
//! The task owns the protocol core ([`Service`], its volatile state and its random number
//! generator): each batch takes it to the blocking thread and brings it back, so no other
//! task changes what the core holds; the others read its [`crate::xmpp::pubsub::Shared`]
//! handle.
//!
//! The core reads and writes the store, so a batch runs on a blocking thread; answers to
//! requests that changed the store wait for one flush of the whole batch (group commit).
//! `call` holds the HTTP side's vocabulary, `steps` one batch's work, `state` the store as the
//! core sees it, `batch` a batch of stanzas' view of it (subscriptions read ahead and written
//! together).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Notify};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info_span, warn, Instrument};

use crate::poll::scheduler::{Command, SchedulerHandle};
use crate::store::Store;
use crate::xmpp::pubsub::{CallbackRequest, Discover, Discovery, Service};
use crate::xmpp::stanza::{Inbound, Outbound, Stanza};

mod batch;
mod call;
mod state;
mod steps;

use batch::Batch;
pub use call::{Call, CallError};
use steps::{apply_output, handle_call, sweep_idle, Step};

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

/// The loop ended: shutdown, or its inputs closed.
struct Stopped;

/// Inbound stanzas → service → replies and effects.
///
/// The service reads and writes the store, so it runs on a blocking thread, a batch of
/// stanzas at a time. Answers to requests that changed the store wait for one flush of the
/// whole batch (group commit): acknowledged means on disk, and 10,000 pipelined subscriptions
/// cost a few dozen flushes, not 10,000.
pub async fn serve(
    mut service: Service,
    store: Arc<dyn Store>,
    mut inlets: Inlets,
    outlets: Outlets,
    sched: SchedulerHandle,
    fetchers: Arc<crate::config::Swap<crate::poll::fetch::Fetcher>>,
    stop: CancellationToken,
) -> &'static str {
    // Addresses users asked to follow are fetched beside the request loop, and what they
    // turned out to be comes back here.
    let (found_tx, mut found_rx) = mpsc::channel::<(Discover, Discovery)>(DISCOVERIES);
    let effects = Effects {
        outlets,
        sched,
        fetchers,
        looking: Arc::new(tokio::sync::Semaphore::new(DISCOVERIES)),
        found: found_tx,
        stop: stop.clone(),
    };
    let mut sweep = tokio::time::interval(IDLE_SWEEP);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // The idle sweep runs here, between batches, never beside one: a subscription that
        // arrives while a feed is being removed is handled before or after, not in between.
        let work = tokio::select! {
            _ = stop.cancelled() => return "requests",
            _ = sweep.tick() => Work::Sweep,
            Some((d, found)) = found_rx.recv() => Work::Discovered(d, found),
            Some(c) = inlets.calls.recv() => Work::Calls(vec![c]),
            Some(p) = inlets.pings.recv() => {
                crate::blocking::run(|| ()).await;
                let _ = p.send(());
                continue;
            }
            i = inlets.stanzas.recv() => match i {
                Some(i) => Work::Batch(vec![i]),
                None => { stop.cancelled().await; return "requests" }
            },
        };
        let work = inlets.fill(work);
        let st = store.clone();
        let started = std::time::Instant::now();
        let stanzas = match &work {
            Work::Batch(b) => b.len(),
            Work::Calls(c) => c.len(),
            Work::Sweep | Work::Discovered(..) => 0,
        };
        let batch = move || {
            let done = run_work(&mut service, &st, work);
            (service, done)
        };
        let (steps, durable_ok) = match tokio::task::spawn_blocking(batch).await {
            Ok((svc, done)) => {
                service = svc;
                done
            }
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => return "requests",
        };
        debug!(
            stanzas,
            steps = steps.len(),
            ms = started.elapsed().as_millis() as u64,
            "request batch handled"
        );
        if effects.apply(steps, durable_ok).await.is_err() {
            return "requests";
        }
    }
}

impl Inlets {
    /// Take what else is waiting of the same kind, up to [`INBOUND_BATCH`]; count stanzas.
    fn fill(&mut self, mut work: Work) -> Work {
        match &mut work {
            Work::Batch(batch) => {
                while batch.len() < INBOUND_BATCH {
                    match self.stanzas.try_recv() {
                        Ok(i) => batch.push(i),
                        Err(_) => break,
                    }
                }
                for i in batch.iter() {
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
            Work::Calls(batch) => {
                while batch.len() < INBOUND_BATCH {
                    match self.calls.try_recv() {
                        Ok(c) => batch.push(c),
                        Err(_) => break,
                    }
                }
            }
            Work::Sweep | Work::Discovered(..) => {}
        }
        work
    }
}

/// One batch's work, on a blocking thread: the core's steps, and whether what they changed is
/// on disk. Answers to changes wait for the disk: flushed here, on the same blocking thread
/// (one hand-over fewer than a flush of its own), once for the whole batch.
fn run_work(svc: &mut Service, st: &Arc<dyn Store>, work: Work) -> (Vec<Step>, bool) {
    let steps = match work {
        Work::Sweep => sweep_idle(
            st,
            i64::try_from(svc.cfg().access.user_feed_idle.as_millis()).unwrap_or(i64::MAX),
        ),
        Work::Discovered(d, found) => {
            let span = info_span!("request", kind = "discovered", jid = %d.from);
            let _in = span.enter();
            apply_output(
                st,
                svc.discovered(d.from, &d.url, found, st, crate::clock::now_ms()),
                svc.backlog_max(),
            )
        }
        Work::Batch(batch) => {
            let view = Batch::read_ahead(st, svc.backlog_max(), &batch);
            let slots = (batch.into_iter().enumerate())
                .map(|(i, inbound)| {
                    let span = inbound.span();
                    let _in = span.enter();
                    view.take(i, svc.handle(inbound, &view, crate::clock::now_ms()))
                })
                .collect();
            view.finish(slots)
        }
        Work::Calls(calls) => calls
            .into_iter()
            .flat_map(|c| handle_call(svc, st, c))
            .collect::<Vec<Step>>(),
    };
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
}

/// Where a batch's steps go: the link, the backlog delivery, the drain, the callbacks, the
/// scheduler, the look-ups of web addresses.
struct Effects {
    outlets: Outlets,
    sched: SchedulerHandle,
    fetchers: Arc<crate::config::Swap<crate::poll::fetch::Fetcher>>,
    /// Look-ups running (at most [`DISCOVERIES`]).
    looking: Arc<tokio::sync::Semaphore>,
    /// Where a look-up's result comes back to the loop.
    found: mpsc::Sender<(Discover, Discovery)>,
    stop: CancellationToken,
}

impl Effects {
    /// Carry out a batch's steps in order; its answers go to the link last, together.
    async fn apply(&self, steps: Vec<Step>, durable_ok: bool) -> Result<(), Stopped> {
        let o = &self.outlets;
        let mut replies = Vec::new();
        for step in steps {
            match step {
                Step::Send(s) => replies.push(*s),
                Step::Durable { ok, .. } if durable_ok => replies.push(*ok),
                Step::Durable { failed, .. } => replies.extend(failed.map(|f| *f)),
                // Never schedule a feed whose creation may not have reached the disk.
                Step::Schedule(_) if !durable_ok => {}
                // Nothing is announced that its publisher was told failed.
                Step::Wake if durable_ok => o.wake.notify_one(),
                Step::Wake => {}
                Step::Callback(c) => {
                    // A full queue: the application is slow; this message is dropped.
                    if o.callbacks.try_send(*c).is_err() {
                        crate::telemetry::callback_dropped("queue-full");
                        warn!("too many messages waiting for callbacks; one dropped");
                    }
                }
                Step::Answer(a) if durable_ok => a.send(),
                Step::Answer(a) => a.fail("the store could not be flushed").send(),
                Step::Discover(d) => self.discover(d),
                Step::Back(jid) => {
                    // A full queue means deliveries are already pending; this one can wait
                    // for the subscriber's next presence.
                    let _ = o.back_tx.try_send(jid);
                }
                Step::Unschedule(node) => self.schedule([Command::Remove(node)]).await?,
                Step::Refresh(node) => self.schedule([Command::PollNow(node)]).await?,
                Step::Schedule(node) => {
                    let add = [Command::Add(node.clone()), Command::PollNow(node)];
                    self.schedule(add).await?
                }
            }
        }
        if replies.is_empty() {
            return Ok(());
        }
        let out = Outbound {
            stanzas: replies,
            ..Outbound::default()
        };
        // A link that stays down fills its queue: answers wait a little, then go (their
        // senders cannot be reached meanwhile anyway), so the loop never stalls on it.
        tokio::select! {
            r = tokio::time::timeout(REPLY_WAIT, o.out_tx.send(out)) => {
                if r.is_err() {
                    warn!("the link takes no stanzas; answers of one batch dropped");
                }
                Ok(())
            }
            _ = self.stop.cancelled() => Err(Stopped),
        }
    }

    /// Hand commands to the scheduler, in order (unless the daemon stops meanwhile).
    async fn schedule<const N: usize>(&self, commands: [Command; N]) -> Result<(), Stopped> {
        for c in commands {
            tokio::select! {
                _ = self.sched.send(c) => {}
                _ = self.stop.cancelled() => return Err(Stopped),
            }
        }
        Ok(())
    }

    /// Look at a web address for a user, beside the loop; at most [`DISCOVERIES`] at once, a
    /// user beyond that is told to try again.
    fn discover(&self, d: Discover) {
        let Ok(permit) = self.looking.clone().try_acquire_owned() else {
            warn!(url = %crate::net::redact_str(&d.url), "too many feed look-ups at once; one refused");
            let busy = Discovery::Failed(
                "the service is looking at many addresses just now; try again in a minute".into(),
            );
            let _ = self.found.try_send((d, busy));
            return;
        };
        let (f, tx) = (self.fetchers.get(), self.found.clone());
        let span = info_span!("request", kind = "discovery", jid = %d.from);
        let looking = async move {
            let found = look(&f, &d.url).await;
            let _ = tx.send((d, found)).await;
            drop(permit);
        };
        tokio::spawn(looking.instrument(span));
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
