//! `feedpush run`: wires the parts together and owns the task lifecycle. The component link
//! ([`crate::xmpp::link`]), the request task (the [`crate::xmpp::pubsub`] service, on the
//! blocking pool, with group-committed acknowledgements and the idle user-feed sweep), the
//! scheduler and the outbox drain ([`crate::delivery`]) run as supervised tasks joined by
//! bounded channels; shutdown is one cancellation token: stop polling, finish in-flight
//! fetches, write what is queued, close the stream, flush the store.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, info_span, warn, Instrument};

use crate::config::Config;
use crate::http::{Call, CallError};
use crate::poll::ingest::{Ingest, IngestError};
use crate::poll::scheduler::{Command, Scheduler, SchedulerHandle};
use crate::store::{Store, StoreError};
use crate::xmpp::link::{self, LinkConfig};
use crate::xmpp::pubsub::{
    AddOutcome, CallbackRequest, Change, Discover, Discovery, Outcome, Outgoing, Output, Service,
};
use crate::xmpp::stanza::{Inbound, Outbound, Stanza};
use tokio::sync::oneshot;

/// Bound of the inbound stanza queue. Each stanza is at most `[component] max_stanza_bytes`
/// of text in at most [`link::MAX_ELEMENTS`] elements, so this bounds the memory a flood can
/// take while the service is busy.
const INBOUND_QUEUE: usize = 128;
/// Bound of the outbound batch queue.
const OUTBOUND_QUEUE: usize = 64;

#[derive(Debug, thiserror::Error)]
/// Why the daemon could not start or had to stop.
pub enum DaemonError {
    #[error("cannot create the store directory {path}: {source}")]
    /// The store's directory could not be created.
    StoreDir {
        /// The directory.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    #[error(transparent)]
    /// The store could not be opened or used.
    Store(#[from] StoreError),
    #[error(transparent)]
    /// The poll pipeline could not be built.
    Ingest(#[from] IngestError),
    #[error("the store's disk takes writes again; the store is to be reopened")]
    /// The store stopped writing when its disk filled, and the disk has room again: the
    /// caller runs the daemon again, which reopens the store ([`storeguard`]).
    StoreReopen,
    #[error("{task} ended unexpectedly")]
    /// A task that should run until shutdown ended.
    TaskEnded {
        /// Which task.
        task: String,
    },
    #[error("cannot watch {signal}: {source}")]
    /// A signal handler could not be installed.
    Signal {
        /// SIGTERM or SIGINT.
        signal: &'static str,
        /// What the system said.
        source: std::io::Error,
    },
    #[error("shutdown took longer than {limit:?}")]
    /// Shutdown did not finish in time.
    ShutdownTimeout {
        /// The limit.
        limit: Duration,
    },
    /// The daemon's own task panicked or was cancelled.
    #[error("the daemon task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error(transparent)]
    /// The HTTP side could not listen.
    Listen(#[from] crate::http::ListenError),
}

pub mod admin;
pub mod offline;
pub mod poll;
mod reload;
mod state;
pub mod storeguard;
pub mod systemd;

use crate::delivery::avatars::Contact;

/// Feeds waiting to have their avatar looked at.
const AVATAR_QUEUE: usize = 1024;

/// Web addresses looked at for a feed at once.
const DISCOVERIES: usize = 16;

/// Messages waiting for a callback.
const CALLBACK_QUEUE: usize = 1024;

/// Subscribers waiting for their backlog to be looked at.
const BACK_QUEUE: usize = 1024;

/// Longest time shutdown may take before the process exits anyway.
pub const SHUTDOWN_LIMIT: Duration = Duration::from_secs(9);

/// Run the daemon until SIGTERM or SIGINT, then shut down within [`SHUTDOWN_LIMIT`]. SIGHUP
/// reloads the configuration ([`reload`]).
pub async fn run_until_signalled(cfg: Arc<Config>) -> Result<(), DaemonError> {
    let shutdown = CancellationToken::new();
    // One pending reload at most: signals that come while one runs are folded into the next.
    let (reload_tx, reload_rx) = mpsc::channel::<()>(1);
    let mut daemon = tokio::spawn(run(cfg, shutdown.clone(), reload_rx));
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).map_err(
        |source| DaemonError::Signal {
            signal: "SIGHUP",
            source,
        },
    )?;
    let stop = signalled();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            r = &mut daemon => return r?,
            r = &mut stop => { r?; break }
            _ = hup.recv() => {
                info!("SIGHUP: reloading the configuration");
                let _ = reload_tx.try_send(());
            }
        }
    }
    shutdown.cancel();
    match tokio::time::timeout(SHUTDOWN_LIMIT, daemon).await {
        Ok(r) => r?,
        Err(_) => Err(DaemonError::ShutdownTimeout {
            limit: SHUTDOWN_LIMIT,
        }),
    }
}

/// Resolves at the first SIGTERM or SIGINT.
pub async fn signalled() -> Result<(), DaemonError> {
    use tokio::signal::unix::{signal, SignalKind};
    let watch = |kind, name| {
        signal(kind).map_err(|source| DaemonError::Signal {
            signal: name,
            source,
        })
    };
    let mut term = watch(SignalKind::terminate(), "SIGTERM")?;
    let mut int = watch(SignalKind::interrupt(), "SIGINT")?;
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    Ok(())
}

/// How often the feed times that polls kept in memory only are written (a crash loses at
/// most this much of them: those feeds are fetched a little early after the restart).
const PERSIST_TOUCHED: Duration = Duration::from_secs(900);

/// How often the log sums up what happened.
const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// Longest wait for room on the link's queue for a batch's answers: long enough for a busy
/// server's backpressure, well inside the watchdog's 30 s, so a link that stays down cannot
/// stall the request loop into a restart.
const REPLY_WAIT: Duration = Duration::from_secs(20);

/// Stanzas handed to the service in one blocking call (and acknowledged with one flush).
const INBOUND_BATCH: usize = 128;
/// How often user feeds that nobody follows are looked for (and removed once idle).
const IDLE_SWEEP: Duration = Duration::from_secs(3600);

/// Run the daemon until `shutdown` is cancelled.
///
/// Every long-lived task runs under one supervisor: if any of them panics or ends before
/// shutdown was asked for, the rest are stopped and `run` returns [`DaemonError::TaskEnded`],
/// so the process exits non-zero and systemd restarts it, instead of running on half-dead.
///
/// Each message on `reloads` reloads the configuration file ([`reload`]).
pub async fn run(
    cfg: Arc<Config>,
    shutdown: CancellationToken,
    mut reloads: mpsc::Receiver<()>,
) -> Result<(), DaemonError> {
    crate::telemetry::install();
    let store = open_store(&cfg)?;
    let ingest = Arc::new(Ingest::new(cfg.clone(), store.clone())?);
    ingest.sync_config_feeds()?;
    let service = Arc::new(Service::new(cfg.clone()));
    // The HTTP side binds first: a taken port fails the start, before anything connects.
    let listener = crate::http::bind(&cfg).await?;
    let notifier = systemd::Notifier::from_env();
    let (call_tx, call_rx) = mpsc::channel::<Call>(crate::http::CALL_QUEUE);

    let (in_tx, in_rx) = mpsc::channel::<Inbound>(INBOUND_QUEUE);
    let (out_tx, out_rx) = mpsc::channel::<Outbound>(OUTBOUND_QUEUE);
    let (up_tx, up_rx) = watch::channel(false);
    let up_rx_status = up_rx.clone();
    let link_state = crate::http::LinkState::new();
    let (ping_tx, ping_rx) = mpsc::channel::<oneshot::Sender<()>>(1);
    let (report_tx, mut report_rx) = mpsc::channel(256);
    let wake = Arc::new(Notify::new());
    let mut tasks: JoinSet<&'static str> = JoinSet::new();

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
    let mut link_task = tokio::spawn(link::run(link, in_tx, out_rx, up_tx, link_stop.clone()));

    let (scheduler, sched) = Scheduler::new(ingest.clone(), report_tx);
    {
        let stop = work_stop.clone();
        tasks.spawn(async move {
            scheduler.run(stop).await;
            "scheduler"
        });
    }

    // Poll reports: wake the drain when something was queued; feeds that answered get their
    // avatar looked at.
    let (avatar_tx, avatar_rx) = mpsc::channel::<Contact>(AVATAR_QUEUE);
    {
        let wake = wake.clone();
        tasks.spawn(async move {
            // The health each feed had at its last poll: a change is told to its contacts.
            let mut health: std::collections::HashMap<String, crate::store::Health> =
                std::collections::HashMap::new();
            while let Some(r) = report_rx.recv().await {
                if r.announce && !r.new.is_empty() {
                    wake.notify_one();
                }
                if r.status.is_polled() {
                    let outcome = match r.status {
                        crate::poll::status::PollStatus::Http(200) => {
                            crate::telemetry::Fetched::Changed
                        }
                        crate::poll::status::PollStatus::Http(304) => {
                            crate::telemetry::Fetched::Unchanged
                        }
                        _ => crate::telemetry::Fetched::Failed,
                    };
                    let new = if r.announce { r.new.len() as u32 } else { 0 };
                    crate::telemetry::polled(&r.node, outcome, new, crate::clock::now_ms());
                }
                // A full queue: the feed is looked at after a later poll. (The node's name is
                // copied only the first time: this runs for every poll.)
                let before = match health.get_mut(&r.node) {
                    Some(h) => Some(std::mem::replace(h, r.health)),
                    None => health.insert(r.node.clone(), r.health),
                };
                if let Some(was) = before.filter(|h| *h != r.health) {
                    if r.error.is_some() {
                        warn!(node = %r.node, from = was.as_str(), to = r.health.as_str(), error = r.error.as_deref().unwrap_or(""), "feed health changed");
                    } else {
                        info!(node = %r.node, from = was.as_str(), to = r.health.as_str(), "feed health changed");
                    }
                }
                if before.is_some_and(|h| h != r.health) {
                    let _ = avatar_tx.try_send(Contact::HealthChanged(r.node.clone()));
                }
                if r.status == crate::poll::status::PollStatus::Http(200) {
                    let _ = avatar_tx.try_send(Contact::Polled(r.node));
                }
            }
            "poll reports"
        });
    }
    {
        let avatars = crate::delivery::avatars::run(
            store.clone(),
            service.clone(),
            ingest.fetchers(),
            out_tx.clone(),
            avatar_rx,
            work_stop.clone(),
        );
        tasks.spawn(async move {
            avatars.await;
            "avatars"
        });
    }

    // Messages to nodes' contacts that go to their publishers' applications.
    let (callback_tx, callback_rx) = mpsc::channel::<CallbackRequest>(CALLBACK_QUEUE);
    {
        let callbacks = crate::delivery::callbacks::run(
            service.clone(),
            ingest.fetchers(),
            out_tx.clone(),
            callback_rx,
            work_stop.clone(),
        );
        tasks.spawn(async move {
            callbacks.await;
            "callbacks"
        });
    }

    // Subscribers that are back: their backlogs go out from a task of their own.
    let (back_tx, back_rx) = mpsc::channel::<String>(BACK_QUEUE);
    tasks.spawn(serve_requests(
        service.clone(),
        store.clone(),
        Inlets {
            stanzas: in_rx,
            calls: call_rx,
            pings: ping_rx,
        },
        Outlets {
            out_tx: out_tx.clone(),
            back_tx,
            wake: wake.clone(),
            callbacks: callback_tx,
        },
        sched.clone(),
        ingest.fetchers(),
        work_stop.clone(),
    ));
    {
        let backlogs = crate::delivery::backlog::run(
            store.clone(),
            service.clone(),
            out_tx.clone(),
            back_rx,
            up_rx.clone(),
            work_stop.clone(),
        );
        tasks.spawn(async move {
            backlogs.await;
            "backlog delivery"
        });
    }
    {
        let drain = crate::delivery::drain(
            store.clone(),
            service.clone(),
            out_tx,
            up_rx,
            wake.clone(),
            work_stop.clone(),
        );
        tasks.spawn(async move {
            drain.await;
            "outbox drain"
        });
    }

    let api = listener.as_ref().map(|_| {
        crate::http::Api::new(
            cfg.clone(),
            service.clone(),
            Arc::new(store.clone()),
            call_tx,
        )
        .with_link(link_state.clone())
    });
    if let (Some(listener), Some(api)) = (listener, api.clone()) {
        let stop = work_stop.clone();
        tasks.spawn(async move {
            // Ending before shutdown is a failure the supervisor reports.
            crate::http::serve(listener, api, stop).await;
            "HTTP API"
        });
    }

    // The configuration in force; a reload replaces it.
    let live = Arc::new(crate::config::Swap::from_arc(cfg.clone()));
    {
        let reloader = reload::Reloader {
            live: live.clone(),
            service: service.clone(),
            ingest: ingest.clone(),
            api,
            sched,
            notifier,
        };
        let stop = work_stop.clone();
        tasks.spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.cancelled() => break,
                    r = reloads.recv() => match r {
                        Some(()) => reloader.reload().await,
                        None => { stop.cancelled().await; break }
                    },
                }
            }
            "reload"
        });
    }

    // Ready: the store is open and the HTTP side listens; the XMPP server may still be down.
    notifier.ready(&status_line(&cfg, false));
    {
        let (live, mut up, stop) = (live.clone(), up_rx_status, work_stop.clone());
        let link = link_state.clone();
        tasks.spawn(async move {
            let mut was_up = false;
            loop {
                tokio::select! {
                    _ = stop.cancelled() => break,
                    r = up.changed() => {
                        if r.is_err() { stop.cancelled().await; break }
                        let now_up = *up.borrow();
                        if now_up && was_up {
                            crate::telemetry::reconnected();
                        }
                        was_up |= now_up;
                        link.set(now_up);
                        notifier.status(&status_line(&live.get(), now_up));
                    }
                }
            }
            "link status"
        });
    }
    let store_ok = storeguard::StoreOk::default();
    {
        let (store, dir, ok, stop) = (
            store.clone(),
            cfg.storage.path.clone(),
            store_ok.clone(),
            work_stop.clone(),
        );
        tasks.spawn(async move {
            match storeguard::guard(store, dir, ok, stop.clone()).await {
                storeguard::Verdict::Reopen => STORE_REOPEN,
                storeguard::Verdict::Failed => STORE_FAILED,
                storeguard::Verdict::Stopped => {
                    stop.cancelled().await;
                    "store guard"
                }
            }
        });
    }
    if let Some(every) = notifier.watchdog_every() {
        let stop = work_stop.clone();
        let store_ok = store_ok.clone();
        tasks.spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = tick.tick() => {}
                }
                // Each answer of the request loop (which reaches the blocking pool) sends
                // WATCHDOG=1, however late: systemd's own window decides. A task that ended
                // has already stopped the daemon. While a probe is unanswered no other is sent.
                // A store that cannot write is not fed for: the guard reopens it within the
                // window, or systemd's restart is the next remedy.
                if !store_ok.get() {
                    warn!("the store cannot write; the watchdog is not fed");
                    continue;
                }
                let (tx, rx) = oneshot::channel();
                match ping_tx.try_send(tx) {
                    Ok(()) => {
                        tokio::spawn(async move {
                            if rx.await.is_ok() {
                                notifier.watchdog();
                            }
                        });
                    }
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        warn!("the request loop has not answered the watchdog's last probe yet");
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => break,
                }
            }
            stop.cancelled().await;
            "systemd watchdog"
        });
    }

    // Feed times that polls kept in memory only (a 304 that changed nothing else) are
    // written now and then.
    {
        let (store, stop) = (store.clone(), work_stop.clone());
        tasks.spawn(async move {
            let mut tick = ticker(PERSIST_TOUCHED).await;
            while next_tick(&mut tick, &stop).await {
                let s = store.clone();
                match crate::blocking::run(move || s.persist_touched()).await {
                    Ok(n) => debug!(feeds = n, "feed times written"),
                    Err(e) => warn!(error = %e, "cannot write the feeds' times"),
                }
            }
            "feed times"
        });
    }

    // At info, one summary a minute instead of a line per fetch.
    {
        let (store, stop) = (store.clone(), work_stop.clone());
        tasks.spawn(async move {
            let mut tick = ticker(SUMMARY_EVERY).await;
            while next_tick(&mut tick, &stop).await {
                let m = crate::telemetry::take_minute();
                let s = store.clone();
                let outbox = crate::blocking::run(move || s.outbox_len()).await;
                if m == crate::telemetry::Minute::default() && outbox == 0 {
                    continue;
                }
                let failed: u64 = m.failed.values().sum();
                let kinds = m
                    .failed
                    .iter()
                    .map(|(k, n)| format!("{k}={n}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                info!(
                    fetched = m.changed + m.unchanged + failed,
                    not_modified = m.unchanged,
                    new_items = m.new_items,
                    failed,
                    errors = %kinds,
                    notifications = m.notifications,
                    outbox,
                    "last minute"
                );
            }
            "minute summary"
        });
    }

    info!(jid = %cfg.component.jid, feeds = cfg.feeds.len(), nodes = cfg.nodes.len(), "feedpush running");
    let failure = supervise(&mut tasks, &mut link_task, &shutdown).await;
    match failure.as_deref() {
        Some(STORE_REOPEN) => shutdown.cancel(),
        Some(what) => {
            error!(task = %what, "a long-lived task ended unexpectedly; stopping");
            shutdown.cancel();
        }
        None => {}
    }
    info!("shutting down");
    notifier.stopping();
    work_stop.cancel();
    while let Some(r) = tasks.join_next().await {
        if let Err(e) = r {
            if e.is_panic() {
                warn!(error = %panic_text(e), "a task panicked while stopping");
            }
        }
    }
    link_stop.cancel();
    if !link_task.is_finished() {
        let _ = link_task.await;
    }
    let s = store.clone();
    if let Err(e) = crate::blocking::run(move || s.persist_touched()).await {
        warn!(error = %e, "cannot write the feeds' times; they are fetched early after the restart");
    }
    let flushed = store.flush_async().await;
    store.release_pid_file(&cfg.storage.path);
    info!("stopped");
    match failure.as_deref() {
        Some(STORE_REOPEN) => Err(DaemonError::StoreReopen),
        Some(STORE_FAILED) => {
            Err(DaemonError::Store(flushed.err().unwrap_or(
                StoreError::Task("the store stopped writing".into()),
            )))
        }
        Some(_) => Err(DaemonError::TaskEnded {
            task: failure.unwrap_or_default(),
        }),
        None => Ok(flushed?),
    }
}

/// The store guard's end when the store's disk takes writes again.
const STORE_REOPEN: &str = "store reopen";
/// The store guard's end when the store failed for good.
const STORE_FAILED: &str = "store failure";

/// A timer ticking every `period` from now (late ticks are not caught up).
async fn ticker(period: Duration) -> tokio::time::Interval {
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    tick
}

/// Wait for the next tick; false once `stop` is cancelled.
async fn next_tick(tick: &mut tokio::time::Interval, stop: &CancellationToken) -> bool {
    tokio::select! {
        _ = stop.cancelled() => false,
        _ = tick.tick() => true,
    }
}

/// Wait for shutdown, or for the first long-lived task to end (which is a failure: they all
/// run until shutdown); returns what ended, if anything did.
async fn supervise(
    tasks: &mut JoinSet<&'static str>,
    link: &mut tokio::task::JoinHandle<()>,
    shutdown: &CancellationToken,
) -> Option<String> {
    tokio::select! {
        biased;
        _ = shutdown.cancelled() => None,
        ended = tasks.join_next(), if !shutdown.is_cancelled() => Some(match ended {
            Some(Ok(name)) => name.to_owned(),
            Some(Err(e)) if e.is_panic() => format!("a task panicked: {}", panic_text(e)),
            Some(Err(e)) => format!("a task was cancelled: {e}"),
            None => "no tasks".to_owned(),
        }),
        r = link => Some(match r {
            Ok(()) => "component link".to_owned(),
            Err(e) if e.is_panic() => format!("the component link panicked: {}", panic_text(e)),
            Err(e) => format!("the component link was cancelled: {e}"),
        }),
    }
}

/// The `STATUS=` line systemd shows.
fn status_line(cfg: &Config, up: bool) -> String {
    format!(
        "XMPP link {} ({}); {} feeds, {} push nodes{}",
        if up { "up" } else { "connecting" },
        cfg.component.server,
        cfg.feeds.len(),
        cfg.nodes.len(),
        match cfg.http.listen {
            Some(a) => format!("; HTTP on {a}"),
            None => String::new(),
        }
    )
}

/// Open the store in `[storage] path`, creating the directory when missing.
pub(crate) fn open_store(cfg: &Config) -> Result<Store, DaemonError> {
    if !cfg.storage.path.exists() {
        info!(path = %cfg.storage.path.display(), "no store yet; creating it");
    }
    std::fs::create_dir_all(&cfg.storage.path).map_err(|source| DaemonError::StoreDir {
        path: cfg.storage.path.display().to_string(),
        source,
    })?;
    Ok(Store::open_with_cache(
        &cfg.storage.path,
        cfg.storage.cache_mb,
    )?)
}

fn panic_text(e: tokio::task::JoinError) -> String {
    match e.try_into_panic() {
        Ok(p) => p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned()),
        Err(e) => e.to_string(),
    }
}

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
async fn serve_requests(
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
                    let look = async move {
                        let looked = crate::poll::discover::look(&f, &d.url).await;
                        let found = match looked {
                            crate::poll::discover::Looked::Feed => Discovery::Feed,
                            crate::poll::discover::Looked::Page(feeds) => Discovery::Page(
                                feeds.into_iter().map(|f| (f.title, f.url)).collect(),
                            ),
                            crate::poll::discover::Looked::Failed(why) => Discovery::Failed(why),
                        };
                        let _ = tx.send((d, found)).await;
                        drop(permit);
                    };
                    tokio::spawn(look.instrument(span));
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
struct Outlets {
    out_tx: mpsc::Sender<Outbound>,
    back_tx: mpsc::Sender<String>,
    /// Wakes the outbox drain (something was published, retracted, purged or deleted).
    wake: Arc<Notify>,
    /// Messages for nodes' callbacks.
    callbacks: mpsc::Sender<CallbackRequest>,
}

/// What the request task takes: stanzas from the link, the HTTP side's writes.
struct Inlets {
    stanzas: mpsc::Receiver<Inbound>,
    calls: mpsc::Receiver<Call>,
    /// The watchdog's probes: answered once the loop and the blocking pool are reached.
    pings: mpsc::Receiver<oneshot::Sender<()>>,
}

/// What the request task does after handling a batch.
enum Step {
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

/// Handle one stanza and apply its changes to the store (on a blocking thread). When a
/// change cannot be applied, the stanza's acknowledgement becomes its error answer and its
/// later changes are skipped.
fn handle_one(svc: &Service, store: &Store, inbound: Inbound) -> Vec<Step> {
    let span = inbound.span();
    let _in = span.enter();
    apply_output(
        store,
        svc.handle(inbound, store, crate::clock::now_ms()),
        svc.backlog_max(),
    )
}

/// Apply the core's changes to the store and turn the rest of its output into steps.
fn apply_output(store: &Store, out: Output, backlog_max: usize) -> Vec<Step> {
    let (mut steps, applied) = apply_changes(store, &out.changes, backlog_max);
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
fn handle_call(svc: &Service, store: &Store, call: Call) -> Vec<Step> {
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
        } => {
            let published = entry
                .into_entry(&svc.publish_base())
                .map_err(crate::xmpp::pubsub::PublishError::from)
                .and_then(|(entry, own_id)| {
                    svc.publish(&actor, &node, id.or(own_id), entry, store, now)
                });
            match published {
                Ok((id, outcome, changes)) => (Answer::Publish(reply, Ok((id, outcome))), changes),
                Err(e) => (Answer::Publish(reply, Err(e.into())), Vec::new()),
            }
        }
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
fn apply_changes(store: &Store, changes: &[Change], backlog_max: usize) -> (Vec<Step>, bool) {
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
enum Answer {
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
    fn fail(self, why: &str) -> Answer {
        let err = || CallError::NotSaved(why.to_owned());
        match self {
            Answer::Publish(tx, Ok(_)) => Answer::Publish(tx, Err(err())),
            Answer::Done(tx, Ok(())) => Answer::Done(tx, Err(err())),
            Answer::Added(tx, Ok(_)) => Answer::Added(tx, Err(err())),
            other => other,
        }
    }

    fn send(self) {
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
    fn changed(&self) -> bool {
        matches!(
            self,
            Answer::Publish(_, Ok(_)) | Answer::Done(_, Ok(())) | Answer::Added(_, Ok(_))
        )
    }
}

/// Remove the user feeds nobody has followed for `idle_ms` (see
/// [`Store::remove_idle_user_feeds`]).
fn sweep_idle(store: &Store, idle_ms: i64) -> Vec<Step> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_that_panics_or_ends_is_reported_once() {
        let shutdown = CancellationToken::new();
        let mut link = tokio::spawn(std::future::pending::<()>());
        let mut tasks: JoinSet<&'static str> = JoinSet::new();
        tasks.spawn(std::future::pending::<&'static str>());
        tasks.spawn(async { panic!("boom in the scheduler") });
        let what = supervise(&mut tasks, &mut link, &shutdown).await.unwrap();
        assert!(what.contains("panicked") && what.contains("boom"), "{what}");

        tasks.spawn(async { "outbox drain" });
        let what = supervise(&mut tasks, &mut link, &shutdown).await.unwrap();
        assert_eq!(what, "outbox drain");

        let mut ended_link = tokio::spawn(async {});
        let what = supervise(&mut tasks, &mut ended_link, &shutdown).await;
        assert_eq!(what.as_deref(), Some("component link"));

        shutdown.cancel();
        assert_eq!(supervise(&mut tasks, &mut link, &shutdown).await, None);
        link.abort();
    }
}
