//! `feedpush run`: wires the parts together and owns the task lifecycle. The component link
//! ([`crate::xmpp::link`]), the request task ([`crate::service`]), the scheduler, the outbox
//! drain and the other deliveries ([`crate::delivery`]), the HTTP side and the daemon's own
//! chores (`reports`, `upkeep`, [`storeguard`], `reload`) run as supervised tasks joined by
//! bounded channels, once `opening` has the store (waiting for a database that does not answer
//! yet); shutdown is one cancellation token: stop polling, finish in-flight
//! fetches, write what is queued, close the stream, flush the store.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use crate::config::Config;
use crate::delivery;
use crate::delivery::avatars::Contact;
use crate::poll::ingest::{Ingest, IngestError};
use crate::poll::scheduler::Scheduler;
use crate::service::{Call, Inlets, Outlets};
use crate::store::{Store, StoreError};
use crate::xmpp::link::{self, LinkConfig};
use crate::xmpp::pubsub::{CallbackRequest, Service, Shared};
use crate::xmpp::stanza::{Inbound, Outbound};
use storeguard::{STORE_FAILED, STORE_REOPEN};

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

pub mod offline;
mod opening;
pub mod poll;
mod reload;
mod reports;
pub mod storeguard;
pub mod systemd;
mod upkeep;

/// Poll reports waiting to be looked at.
const REPORT_QUEUE: usize = 256;

/// Feeds waiting to have their avatar looked at.
const AVATAR_QUEUE: usize = 1024;

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
    reloads: mpsc::Receiver<()>,
) -> Result<(), DaemonError> {
    crate::telemetry::install(cfg.cluster.as_ref().map(|c| c.instance.as_str()));
    let notifier = systemd::Notifier::from_env();
    // The HTTP side binds first: a taken port fails the start, before anything connects, and
    // `/healthz` answers while the store is awaited.
    let listener = crate::http::bind(&cfg).await?;
    let Some(store) = opening::open(&cfg, listener.as_ref(), notifier, &shutdown).await? else {
        info!("stopped before the store was open");
        return Ok(());
    };
    let member = join_cluster(&cfg, &store).await?;
    let ingest = Arc::new(Ingest::new(cfg.clone(), store.clone())?);
    let i = ingest.clone();
    crate::blocking::run(move || i.sync_config_feeds()).await?;
    // The request task owns the core; the other tasks read its shared part.
    let mut core = Service::from_os_rng(cfg.clone());
    let service = core.shared();

    let (call_tx, call_rx) = mpsc::channel::<Call>(crate::http::CALL_QUEUE);
    let (in_tx, in_rx) = mpsc::channel::<Inbound>(INBOUND_QUEUE);
    let (out_tx, out_rx) = mpsc::channel::<Outbound>(OUTBOUND_QUEUE);
    let (up_tx, up_rx) = watch::channel(false);
    let (ping_tx, ping_rx) = mpsc::channel::<oneshot::Sender<()>>(1);
    let (report_tx, report_rx) = mpsc::channel(REPORT_QUEUE);
    let (avatar_tx, avatar_rx) = mpsc::channel::<Contact>(AVATAR_QUEUE);
    let (callback_tx, callback_rx) = mpsc::channel::<CallbackRequest>(CALLBACK_QUEUE);
    let (back_tx, back_rx) = mpsc::channel::<String>(BACK_QUEUE);
    let wake = Arc::new(Notify::new());
    let link_state = crate::http::LinkState::new();
    let mut tasks: JoinSet<&'static str> = JoinSet::new();

    // Stopping order: polling and delivery stop first; the link goes last so queued stanzas
    // are written before the stream closes.
    let stop = shutdown.child_token();
    let link_stop = CancellationToken::new();
    let link = link_config(&cfg, member.as_ref().map(crate::cluster::Member::may_link));
    let mut link_task = tokio::spawn(link::run(link, in_tx, out_rx, up_tx, link_stop.clone()));

    let (scheduler, sched) = Scheduler::new(ingest.clone(), report_tx);
    // One of a cluster polls what its leases cover; its drain runs while it holds the outbox.
    let (scheduler, drains) = match &member {
        Some(m) => (
            scheduler.leased(),
            crate::cluster::both(up_rx.clone(), m.outbox()),
        ),
        None => (scheduler, up_rx.clone()),
    };
    tasks.spawn(named("scheduler", scheduler.run(stop.clone())));
    // The configuration in force; a reload replaces it.
    let live = Arc::new(crate::config::Swap::from_arc(cfg.clone()));
    let view = member.map(|m| {
        let parts = ClusterParts {
            store: &store,
            wake: &wake,
            sched: &sched,
            up: &up_rx,
            live: &live,
            stop: &stop,
        };
        spawn_cluster(m, &mut core, parts, &mut tasks)
    });
    tasks.spawn(reports::run(report_rx, wake.clone(), avatar_tx));
    let inlets = Inlets {
        stanzas: in_rx,
        calls: call_rx,
        pings: ping_rx,
    };
    let outlets = Outlets {
        out_tx: out_tx.clone(),
        back_tx,
        wake: wake.clone(),
        callbacks: callback_tx,
    };
    tasks.spawn(crate::service::serve(
        core,
        store.clone(),
        inlets,
        outlets,
        sched.clone(),
        ingest.fetchers(),
        stop.clone(),
    ));
    let deliveries = Deliveries {
        store: store.clone(),
        service: service.clone(),
        fetchers: ingest.fetchers(),
        out: out_tx,
        up: up_rx.clone(),
        drains,
        wake,
        avatars: avatar_rx,
        callbacks: callback_rx,
        backs: back_rx,
    };
    deliveries.spawn(&mut tasks, &stop);
    let api = listener.as_ref().map(|_| {
        crate::http::Api::new(
            cfg.clone(),
            service.clone(),
            Arc::new(store.clone()),
            call_tx,
        )
        .with_link(link_state.clone())
        .with_cluster(view)
    });
    if let (Some(listener), Some(api)) = (listener, api.clone()) {
        // Ending before shutdown is a failure the supervisor reports.
        tasks.spawn(named(
            "HTTP API",
            crate::http::serve(listener, api, stop.clone()),
        ));
    }
    let reloader = reload::Reloader {
        live: live.clone(),
        service: service.clone(),
        ingest,
        api,
        sched,
        notifier,
    };
    tasks.spawn(reload::serve(reloader, reloads, stop.clone()));

    // Ready: the store is open and the HTTP side listens; the XMPP server may still be down.
    notifier.ready(&upkeep::status_line(&cfg, false));
    let chores = upkeep::Chores {
        live,
        up: up_rx,
        link: link_state,
        notifier,
        store: store.clone(),
        store_ok: storeguard::StoreOk::default(),
        probes: ping_tx,
    };
    let embedded = (cfg.storage.backend == crate::config::StorageBackend::Embedded)
        .then_some(cfg.storage.path.as_path());
    chores.spawn(&mut tasks, embedded, &stop);

    info!(jid = %cfg.component.jid, feeds = cfg.feeds.len(), nodes = cfg.nodes.len(), "feedpush running");
    let failure = supervise(&mut tasks, &mut link_task, &shutdown).await;
    if let Some(what) = failure.as_deref().filter(|w| *w != STORE_REOPEN) {
        error!(task = %what, "a long-lived task ended unexpectedly; stopping");
    }
    shutdown.cancel();
    info!("shutting down");
    notifier.stopping();
    stop.cancel();
    let flushed = wind_down(tasks, link_stop, link_task, &store).await;
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

/// What one of a cluster's tasks take from the daemon's wiring.
struct ClusterParts<'a> {
    store: &'a Arc<dyn Store>,
    /// The drain's wake-up.
    wake: &'a Arc<Notify>,
    sched: &'a crate::poll::scheduler::SchedulerHandle,
    /// The link going up and down.
    up: &'a watch::Receiver<bool>,
    /// The configuration in force.
    live: &'a Arc<crate::config::Swap<Config>>,
    stop: &'a CancellationToken,
}

/// Spawn what one of a cluster runs beside the rest: the lease loop, subscribers' presence
/// shared through the store (the core writes its log), and the drain woken by jobs that other
/// instances queue. The cluster as seen, for the HTTP side.
fn spawn_cluster(
    member: crate::cluster::Member,
    core: &mut Service,
    p: ClusterParts<'_>,
    tasks: &mut JoinSet<&'static str>,
) -> watch::Receiver<crate::cluster::View> {
    let view = member.view();
    let told = Arc::new(Notify::new());
    if let Some(c) = p.store.cluster() {
        let (w, t) = (p.wake.clone(), told.clone());
        c.on_notified(crate::store::cluster::Wakes {
            queued: Box::new(move || w.notify_one()),
            presence: Box::new(move || t.notify_one()),
        });
    }
    let log = crate::xmpp::pubsub::PresenceLog::default();
    core.share_presence(log.clone());
    tasks.spawn(named(
        "presence",
        crate::cluster::presence::run(
            p.store.clone(),
            log,
            core.presence_map(),
            p.live.get().access.max_resources_per_jid,
            told,
            p.stop.clone(),
        ),
    ));
    tasks.spawn(named(
        "cluster",
        member.run(
            p.sched.clone(),
            p.up.clone(),
            p.live.clone(),
            p.stop.clone(),
        ),
    ));
    view
}

/// One of a cluster joins before anything polls or answers (refused while a live instance
/// has its name); none without `[cluster]`.
async fn join_cluster(
    cfg: &Arc<Config>,
    store: &Arc<dyn Store>,
) -> Result<Option<crate::cluster::Member>, DaemonError> {
    if cfg.cluster.is_none() {
        return Ok(None);
    }
    let (s, cfg) = (store.clone(), cfg.clone());
    Ok(Some(
        crate::blocking::run(move || crate::cluster::Member::join(s, &cfg)).await?,
    ))
}

/// The link's settings; `may` tells it when it may connect (one of a cluster whose server
/// takes one connection per component).
fn link_config(cfg: &Config, may: Option<watch::Receiver<bool>>) -> LinkConfig {
    LinkConfig {
        jid: cfg.component.jid.clone(),
        server: cfg.component.server.clone(),
        secret: cfg.component.secret.clone(),
        keepalive: cfg.component.keepalive,
        max_stanza_bytes: cfg.component.max_stanza_bytes,
        may,
        shared: cfg
            .cluster
            .as_ref()
            .is_some_and(|c| c.link == crate::config::ClusterLink::Every),
    }
}

/// The deliveries beside the request task, and what they take.
struct Deliveries {
    store: Arc<dyn Store>,
    service: Arc<Shared>,
    fetchers: Arc<crate::config::Swap<crate::poll::fetch::Fetcher>>,
    /// Stanzas to the link.
    out: mpsc::Sender<Outbound>,
    /// The link going up and down.
    up: watch::Receiver<bool>,
    /// When the drain runs: while the link is up (and this instance holds the outbox, when
    /// it is one of a cluster).
    drains: watch::Receiver<bool>,
    /// Something was queued in the outbox.
    wake: Arc<Notify>,
    /// Feeds whose avatar is to be looked at.
    avatars: mpsc::Receiver<Contact>,
    /// Messages for nodes' callbacks.
    callbacks: mpsc::Receiver<CallbackRequest>,
    /// Subscribers that are back.
    backs: mpsc::Receiver<String>,
}

impl Deliveries {
    /// Spawn avatars, callbacks, backlog delivery and the outbox drain into `tasks`.
    fn spawn(self, tasks: &mut JoinSet<&'static str>, stop: &CancellationToken) {
        let Deliveries {
            store,
            service,
            fetchers,
            out,
            up,
            drains,
            wake,
            avatars,
            callbacks,
            backs,
        } = self;
        let (svc, st) = (&service, &store);
        let avatars = delivery::avatars::run(
            st.clone(),
            svc.clone(),
            fetchers.clone(),
            out.clone(),
            avatars,
            stop.clone(),
        );
        tasks.spawn(named("avatars", avatars));
        let callbacks =
            delivery::callbacks::run(svc.clone(), fetchers, out.clone(), callbacks, stop.clone());
        tasks.spawn(named("callbacks", callbacks));
        let backlog = delivery::backlog::run(
            st.clone(),
            svc.clone(),
            out.clone(),
            backs,
            up.clone(),
            stop.clone(),
        );
        tasks.spawn(named("backlog delivery", backlog));
        let drain = delivery::drain(store, service, out, drains, wake, stop.clone());
        tasks.spawn(named("outbox drain", drain));
    }
}

/// A task's future that ends with the task's name (what the supervisor reports).
async fn named(name: &'static str, task: impl std::future::Future<Output = ()>) -> &'static str {
    task.await;
    name
}

/// After the work stopped: wait for the tasks, close the link last (what is queued is
/// written), write the feeds' times, flush and release the store.
async fn wind_down(
    mut tasks: JoinSet<&'static str>,
    link_stop: CancellationToken,
    link_task: tokio::task::JoinHandle<()>,
    store: &Arc<dyn Store>,
) -> Result<(), StoreError> {
    while let Some(r) = tasks.join_next().await {
        match r {
            Ok(task) => tracing::debug!(task, left = tasks.len(), "task stopped"),
            Err(e) if e.is_panic() => {
                warn!(error = %panic_text(e), "a task panicked while stopping")
            }
            Err(_) => {}
        }
    }
    tracing::debug!("every task stopped; closing the link");
    link_stop.cancel();
    if !link_task.is_finished() {
        let _ = link_task.await;
    }
    let s = store.clone();
    if let Err(e) = crate::blocking::run(move || s.persist_touched()).await {
        warn!(error = %e, "cannot write the feeds' times; they are fetched early after the restart");
    }
    let flushed = crate::store::flush_async(store).await;
    store.close();
    info!("stopped");
    flushed
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

/// Where `[storage]` keeps the store.
pub(crate) fn store_location(cfg: &Config) -> crate::store::Location {
    match &cfg.storage.backend {
        crate::config::StorageBackend::Embedded => crate::store::Location::Embedded {
            path: cfg.storage.path.clone(),
            cache_mb: cfg.storage.cache_mb,
        },
        crate::config::StorageBackend::Postgres {
            url,
            pool_size,
            connect_timeout,
        } => crate::store::Location::Postgres(crate::store::postgres::PgOptions {
            url: url.clone(),
            pool_size: *pool_size,
            connect_timeout: *connect_timeout,
        }),
    }
}

/// Open the store `[storage]` names: the embedded one in `path` (creating the directory when
/// missing), or the database.
pub(crate) fn open_store(cfg: &Config) -> Result<Arc<dyn Store>, DaemonError> {
    if cfg.storage.backend != crate::config::StorageBackend::Embedded {
        return Ok(crate::store::open_at(&store_location(cfg))?);
    }
    if !cfg.storage.path.exists() {
        info!(path = %cfg.storage.path.display(), "no store yet; creating it");
    }
    std::fs::create_dir_all(&cfg.storage.path).map_err(|source| DaemonError::StoreDir {
        path: cfg.storage.path.display().to_string(),
        source,
    })?;
    Ok(crate::store::open(&cfg.storage.path, cfg.storage.cache_mb)?)
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
