//! The daemon's own chores beside the work: the link's state told to systemd, `/healthz` and
//! the metrics; the systemd watchdog fed while the request loop answers and the store
//! writes; feed times kept in memory written now and then; a summary of the last minute in the
//! log.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::storeguard::StoreOk;
use super::systemd::Notifier;
use crate::config::{Config, Swap};
use crate::http::LinkState;
use crate::store::Store;

/// How often the feed times that polls kept in memory only are written (a crash loses at
/// most this much of them: those feeds are fetched a little early after the restart).
const PERSIST_TOUCHED: Duration = Duration::from_secs(900);

/// How often the log sums up what happened.
const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// What the chores need: the configuration in force, the link's state, systemd, the store.
pub(super) struct Chores {
    /// The configuration in force (the status line reads it).
    pub live: Arc<Swap<Config>>,
    /// The link going up and down.
    pub up: watch::Receiver<bool>,
    /// The link's state for `/healthz` and the metrics.
    pub link: LinkState,
    /// systemd.
    pub notifier: Notifier,
    /// The store.
    pub store: Arc<dyn Store>,
    /// Whether the store writes (set by the store guard, read by the watchdog).
    pub store_ok: StoreOk,
    /// The watchdog's probes to the request loop.
    pub probes: mpsc::Sender<oneshot::Sender<()>>,
}

impl Chores {
    /// Spawn each chore (and the store guard over `dir`, the embedded store's directory) into
    /// `tasks`, all stopping at `stop`.
    pub(super) fn spawn(
        self,
        tasks: &mut JoinSet<&'static str>,
        dir: Option<&std::path::Path>,
        stop: &CancellationToken,
    ) {
        let Chores {
            live,
            up,
            link,
            notifier,
            store,
            store_ok,
            probes,
        } = self;
        tasks.spawn(link_status(live, up, link, notifier, stop.clone()));
        let guard = super::storeguard::run(
            store.clone(),
            dir.map(|d| d.to_owned()),
            store_ok.clone(),
            stop.clone(),
        );
        tasks.spawn(guard);
        if let Some(every) = notifier.watchdog_every() {
            tasks.spawn(watchdog(every, notifier, store_ok, probes, stop.clone()));
        }
        tasks.spawn(persist_touched(store.clone(), stop.clone()));
        tasks.spawn(minute_summary(store, stop.clone()));
    }
}

/// The `STATUS=` line systemd shows.
pub(super) fn status_line(cfg: &Config, up: bool) -> String {
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

/// Follow the link going up and down: systemd's status line, `/healthz`, the reconnect count.
async fn link_status(
    live: Arc<Swap<Config>>,
    mut up: watch::Receiver<bool>,
    link: LinkState,
    notifier: Notifier,
    stop: CancellationToken,
) -> &'static str {
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
}

/// Feed systemd's watchdog every `every` while the request loop answers its probes.
///
/// Each answer of the request loop (which reaches the blocking pool) sends WATCHDOG=1, however
/// late: systemd's own window decides. A task that ended has already stopped the daemon. While
/// a probe is unanswered no other is sent. A store whose disk is full is not fed for: the
/// guard reopens it within the window, or systemd's restart is the next remedy. A database out
/// of reach is (a restart would not bring it back; the request loop still answers).
async fn watchdog(
    every: Duration,
    notifier: Notifier,
    store_ok: StoreOk,
    probes: mpsc::Sender<oneshot::Sender<()>>,
    stop: CancellationToken,
) -> &'static str {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while next_tick(&mut tick, &stop).await {
        if store_ok.health() == super::storeguard::Health::Full {
            warn!("the store cannot write; the watchdog is not fed");
            continue;
        }
        let (tx, rx) = oneshot::channel();
        match probes.try_send(tx) {
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
}

/// Write, now and then, the feed times that polls kept in memory only (a 304 that changed
/// nothing else).
async fn persist_touched(store: Arc<dyn Store>, stop: CancellationToken) -> &'static str {
    let mut tick = ticker(PERSIST_TOUCHED).await;
    while next_tick(&mut tick, &stop).await {
        let s = store.clone();
        match crate::blocking::run(move || s.persist_touched()).await {
            Ok(n) => debug!(feeds = n, "feed times written"),
            Err(e) => warn!(error = %e, "cannot write the feeds' times"),
        }
    }
    "feed times"
}

/// At info, one summary a minute instead of a line per fetch.
async fn minute_summary(store: Arc<dyn Store>, stop: CancellationToken) -> &'static str {
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
}

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
