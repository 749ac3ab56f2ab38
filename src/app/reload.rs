//! SIGHUP (`systemctl reload feedpush`): `feeds.toml` is read and validated again and applied
//! to the running parts without touching the component link: feeds and push nodes added,
//! removed or changed, tokens, access rules, rate and size limits, `[poll]` and `[fetch]`.
//! Subscriptions live in the store and are never touched. An invalid file is refused with its
//! FILE:LINE:COL and the running configuration stays; keys only a restart applies are named in
//! the log and keep their running values.

use std::sync::Arc;

use tracing::{error, info, warn};

use super::systemd::Notifier;
use crate::config::reload::{applicable, feed_changes, restart_only};
use crate::config::{Config, Swap};
use crate::http::Api;
use crate::poll::ingest::Ingest;
use crate::poll::scheduler::{Command, SchedulerHandle};
use crate::xmpp::pubsub::Shared;

/// The parts a reload reconfigures.
pub(super) struct Reloader {
    /// The configuration in force (the status line reads it).
    pub live: Arc<Swap<Config>>,
    /// The pubsub service.
    pub service: Arc<Shared>,
    /// The poll pipeline.
    pub ingest: Arc<Ingest>,
    /// The HTTP side, when it runs.
    pub api: Option<Api>,
    /// The scheduler.
    pub sched: SchedulerHandle,
    /// systemd's reload protocol.
    pub notifier: Notifier,
}

impl Reloader {
    /// Read the file again and apply it, between `RELOADING=1` and `READY=1`.
    pub(super) async fn reload(&self) {
        self.notifier.reloading();
        self.apply().await;
        self.notifier.ready_only();
    }

    async fn apply(&self) {
        let old = self.live.get();
        let path = old.path.clone();
        let new = match crate::blocking::run(move || Config::load(&path)).await {
            Ok(new) => new,
            Err(e) => {
                error!(error = %e, "reload refused: the configuration is invalid; the running one stays");
                return;
            }
        };
        for w in &new.warnings {
            warn!("{w}");
        }
        let restart = restart_only(&old, &new);
        if !restart.is_empty() {
            warn!(
                keys = %restart.join(", "),
                "reload: keys that apply only at a restart changed (systemctl restart feedpush); their running values stay until then"
            );
        }
        let new = Arc::new(applicable(&old, new));
        // The store's feeds first: if they cannot be brought in line, nothing changes (and the
        // next reload compares with the configuration still in force).
        if let Err(e) = self.ingest.reconfigure(new.clone()) {
            error!(error = %e, "reload refused: the new [fetch] settings cannot be used; the running configuration stays");
            return;
        }
        let ingest = self.ingest.clone();
        if let Err(e) = crate::blocking::run(move || ingest.sync_config_feeds()).await {
            error!(error = %e, "reload refused: the store could not take the new feeds; the running configuration stays");
            if let Err(e) = self.ingest.reconfigure(old.clone()) {
                error!(error = %e, "the running [fetch] settings could not be restored");
            }
            return;
        }
        self.service.reconfigure(new.clone());
        if let Some(api) = &self.api {
            api.reconfigure(new.clone());
        }
        self.live.set(new.clone());
        self.sched.send(Command::Reconfigure(new.clone())).await;
        let changes = feed_changes(&old, &new);
        for node in &changes.removed {
            self.sched.send(Command::Remove(node.clone())).await;
        }
        for node in &changes.added {
            self.sched.send(Command::Add(node.clone())).await;
        }
        // A new URL may be on another host: scheduled anew (which looks up its host), then
        // fetched now.
        for node in &changes.refetch {
            self.sched.send(Command::Remove(node.clone())).await;
            self.sched.send(Command::Add(node.clone())).await;
            self.sched.send(Command::PollNow(node.clone())).await;
        }
        info!(
            added = ?changes.added,
            removed = ?changes.removed,
            changed = ?changes.refetch,
            feeds = new.feeds.len(),
            nodes = new.nodes.len(),
            tokens = new.http.tokens.len(),
            "configuration reloaded"
        );
    }
}

/// Apply each reload asked for on `reloads` (SIGHUP), one at a time, until `stop`.
pub(super) async fn serve(
    reloader: Reloader,
    mut reloads: tokio::sync::mpsc::Receiver<()>,
    stop: tokio_util::sync::CancellationToken,
) -> &'static str {
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
}
