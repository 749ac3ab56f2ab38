//! Opening the store at start, off the async threads. The embedded store opens at once or
//! fails the start. A database that does not answer yet (refused, starting up, out of reach:
//! [`crate::store::StoreError::is_unavailable`]) is waited for: tried again with a doubling
//! wait from [`FIRST_WAIT`] to [`MAX_WAIT`], one warning naming where it is and why, then one
//! a minute; meanwhile `/healthz` answers `503` with the reason
//! ([`crate::http::starting`]) and systemd, not yet told READY, sees a `STATUS=` line and has
//! its start timeout extended, so it waits instead of killing the start. What waiting cannot
//! mend (a wrong password, an unknown database, a newer schema) ends the start at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::systemd::Notifier;
use super::DaemonError;
use crate::config::Config;
use crate::store::Store;

/// The first wait before trying the database again.
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait between two tries.
const MAX_WAIT: Duration = Duration::from_secs(30);
/// How often the wait is logged again.
const LOG_EVERY: Duration = Duration::from_secs(60);

/// Open the store `[storage]` names, waiting for a database that does not answer yet. None when
/// `shutdown` came first.
pub(super) async fn open(
    cfg: &Arc<Config>,
    listener: Option<&tokio::net::TcpListener>,
    notifier: Notifier,
    shutdown: &CancellationToken,
) -> Result<Option<Arc<dyn Store>>, DaemonError> {
    let first = match try_open(cfg).await {
        Ok(store) => return Ok(Some(store)),
        Err(DaemonError::Store(e)) if e.is_unavailable() => e,
        Err(e) => return Err(e),
    };
    let why = |e: &crate::store::StoreError| format!("waiting for the store: {e}");
    warn!(error = %first, retry_secs = FIRST_WAIT.as_secs(),
        "the store does not answer; waiting for it (requests are answered 503 until it does)");
    let (reason_tx, reason_rx) = watch::channel(why(&first));
    let stop_http = CancellationToken::new();
    let http = async {
        if let Some(l) = listener {
            if let Err(e) = crate::http::starting::serve(
                l,
                reason_rx,
                cfg.http.max_connections_per_ip,
                stop_http.clone(),
            )
            .await
            {
                warn!(error = %e, "cannot answer HTTP requests while waiting for the store");
            }
        }
    };
    let waiting = async {
        let mut failures = 1u32;
        let mut logged = Instant::now();
        let opened = loop {
            let wait = crate::backoff::doubling(FIRST_WAIT, failures, MAX_WAIT);
            // systemd: the start goes on (the next try and its own time), and why.
            notifier.waiting(&reason_tx.borrow(), wait * 2 + cfg_timeout(cfg));
            tokio::select! {
                _ = shutdown.cancelled() => break Ok(None),
                _ = tokio::time::sleep(wait) => {}
            }
            match try_open(cfg).await {
                Ok(store) => break Ok(Some(store)),
                Err(DaemonError::Store(e)) if e.is_unavailable() => {
                    failures = failures.saturating_add(1);
                    if logged.elapsed() >= LOG_EVERY {
                        logged = Instant::now();
                        warn!(error = %e, tries = failures, "the store still does not answer; waiting");
                    }
                    reason_tx.send_replace(why(&e));
                }
                Err(e) => break Err(e),
            }
        };
        if let Ok(Some(_)) = &opened {
            info!(tries = failures + 1, "the store answers; starting");
        }
        stop_http.cancel();
        opened
    };
    let (opened, ()) = tokio::join!(waiting, http);
    opened
}

/// One try, on the blocking pool (opening reads and migrates).
async fn try_open(cfg: &Arc<Config>) -> Result<Arc<dyn Store>, DaemonError> {
    let c = cfg.clone();
    crate::blocking::run(move || super::open_store(&c)).await
}

/// How long one try may take (the database's connect timeout).
fn cfg_timeout(cfg: &Config) -> Duration {
    match &cfg.storage.backend {
        crate::config::StorageBackend::Postgres {
            connect_timeout, ..
        } => *connect_timeout,
        crate::config::StorageBackend::Embedded => Duration::ZERO,
    }
}
