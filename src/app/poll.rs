//! `feedpush poll`: fetch and store without XMPP, once or on the schedule until a signal.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::DaemonError;
use crate::config::Config;
use crate::poll::ingest::{Ingest, PollReport};
use crate::poll::scheduler::{self, Scheduler};

/// Poll every feed once (`once`), or on the schedule until SIGTERM/SIGINT; every report is
/// handed to `report` as it comes (all at the end, in feed order, with `once`).
pub async fn poll(
    cfg: Arc<Config>,
    once: bool,
    mut report: impl FnMut(&[PollReport]),
) -> Result<(), DaemonError> {
    let store = super::open_store(&cfg)?;
    let ingest = Arc::new(Ingest::new(cfg.clone(), store.clone())?);
    ingest.sync_config_feeds()?;
    if once {
        let s = store.clone();
        let nodes = crate::blocking::run(move || s.feeds())
            .await?
            .into_iter()
            .map(|f| f.node)
            .collect();
        let reports = scheduler::poll_once(ingest, nodes).await;
        let s = store.clone();
        crate::blocking::run(move || s.persist_touched()).await?;
        crate::store::flush_async(&store).await?;
        report(&reports);
        return Ok(());
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let (scheduler, _handle) = Scheduler::new(ingest, tx);
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(scheduler.run(shutdown.clone()));
    let stop = super::signalled();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            r = &mut stop => { r?; break }
            Some(r) = rx.recv() => report(std::slice::from_ref(&r)),
        }
    }
    shutdown.cancel();
    let _ = task.await;
    let s = store.clone();
    crate::blocking::run(move || s.persist_touched()).await?;
    crate::store::flush_async(&store).await?;
    Ok(())
}
