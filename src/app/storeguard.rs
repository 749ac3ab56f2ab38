//! The store's health while the daemon runs: noticing that it stopped writing, waiting for
//! space or for the database to come back, and deciding between reopening it and giving up.
//!
//! The embedded store keeps the first I/O error it meets and refuses every later write, even
//! once the disk has room again; only a store opened anew writes again. So: a store that fails
//! because its disk is full is checked every [`CHECK_EVERY`]; as soon as the directory takes
//! [`SPACE_CHECK_BYTES`] again, the guard ends with [`Verdict::Reopen`] and the daemon stops
//! in order and runs itself again in place (same PID, same unit, nothing for systemd to do),
//! which opens the store from what is on disk: everything acknowledged is there, since an
//! acknowledgement waits for its flush.
//!
//! A database that is out of reach (stopped, restarting, failing over, out of disk or of
//! connections: [`crate::store::StoreError::is_unavailable`]) heals by itself with nothing to
//! reopen: the guard checks it every [`CHECK_EVERY`] until it answers, and the daemon goes on
//! meanwhile (the link stays up, requests are answered "try again", polls and deliveries wait).
//! A restart would not help, so the watchdog is still fed.
//!
//! Any other store error ends the daemon with [`Verdict::Failed`] (a non-zero exit for systemd
//! to restart it). While the store cannot write, requests are answered with errors (`503`,
//! `<wait/>`); while its disk is full the watchdog is not fed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};

use crate::store::Store;

/// How often the store is checked (a flush that writes nothing while all is well).
pub const CHECK_EVERY: Duration = Duration::from_secs(2);
/// Longest a check may take before the store counts as not writing.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);
/// What a space check writes, syncs and removes: room for the store's next segments and its
/// reopening.
pub const SPACE_CHECK_BYTES: usize = 4 << 20;
/// The space check's file in the store's directory.
const SPACE_CHECK_FILE: &str = "space-check.tmp";

/// How the guard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Stopped with the daemon.
    Stopped,
    /// The disk takes writes again: reopen the store.
    Reopen,
    /// The store failed in a way that does not heal.
    Failed,
}

/// The store's state as the guard last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// It writes.
    Writes,
    /// Its disk is full (or a flush hung): it is to be reopened once there is room.
    Full,
    /// The database is out of reach; it heals when the database answers.
    Away,
}

/// Whether the store writes, shared with the watchdog.
#[derive(Debug, Clone)]
pub struct StoreOk(Arc<AtomicU8>);

impl Default for StoreOk {
    fn default() -> StoreOk {
        StoreOk(Arc::new(AtomicU8::new(Health::Writes as u8)))
    }
}

impl StoreOk {
    /// True while the store writes.
    pub fn get(&self) -> bool {
        self.health() == Health::Writes
    }

    /// The state as the guard last saw it.
    pub fn health(&self) -> Health {
        match self.0.load(Ordering::Relaxed) {
            x if x == Health::Full as u8 => Health::Full,
            x if x == Health::Away as u8 => Health::Away,
            _ => Health::Writes,
        }
    }

    fn set(&self, h: Health) {
        self.0.store(h as u8, Ordering::Relaxed)
    }
}

/// The guard as a supervised task: its name says how it ended (the daemon stops on either
/// [`STORE_REOPEN`] or [`STORE_FAILED`] and decides from it). `dir` is the embedded store's
/// directory (None for a database).
pub(super) async fn run(
    store: Arc<dyn Store>,
    dir: Option<PathBuf>,
    ok: StoreOk,
    stop: CancellationToken,
) -> &'static str {
    match guard(store, dir, ok, stop.clone()).await {
        Verdict::Reopen => STORE_REOPEN,
        Verdict::Failed => STORE_FAILED,
        Verdict::Stopped => {
            stop.cancelled().await;
            "store guard"
        }
    }
}

/// The guard's end when the store's disk takes writes again.
pub(super) const STORE_REOPEN: &str = "store reopen";
/// The guard's end when the store failed for good.
pub(super) const STORE_FAILED: &str = "store failure";

/// Watch `store` (the embedded one in `dir`, or a database when None) until `stop`, or until
/// it must be reopened or given up.
pub async fn guard(
    store: Arc<dyn Store>,
    dir: Option<PathBuf>,
    ok: StoreOk,
    stop: CancellationToken,
) -> Verdict {
    let mut tick = tokio::time::interval(CHECK_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let shown = match &dir {
        Some(d) => d.display().to_string(),
        None => "the database".to_owned(),
    };
    loop {
        tokio::select! {
            _ = stop.cancelled() => return Verdict::Stopped,
            _ = tick.tick() => {}
        }
        let was = ok.health();
        if was == Health::Full {
            let Some(d) = dir.clone() else {
                ok.set(Health::Away);
                continue;
            };
            match crate::blocking::run(move || space_check(&d)).await {
                Ok(()) => {
                    info!(path = %shown,
                        "the store's disk is writable again; reopening the store (the daemon runs itself again in place)");
                    return Verdict::Reopen;
                }
                Err(e) => debug!(error = %e, "the store's disk has no room yet"),
            }
            continue;
        }
        let s = store.clone();
        let checked = tokio::time::timeout(
            CHECK_TIMEOUT,
            crate::blocking::run(move || s.check_writable()),
        )
        .await;
        match checked {
            Ok(Ok(())) => {
                if was == Health::Away {
                    info!(path = %shown, "the store answers again; requests, polls and deliveries go on");
                }
                ok.set(Health::Writes);
            }
            Ok(Err(e)) if e.is_unavailable() || (dir.is_none() && e.is_out_of_space()) => {
                if was != Health::Away {
                    warn!(error = %e, path = %shown,
                        "the store is out of reach; requests are answered \"try again\" and polls and deliveries wait until it answers");
                }
                ok.set(Health::Away);
            }
            Ok(Err(e)) if e.is_out_of_space() => {
                ok.set(Health::Full);
                warn!(error = %e, path = %shown,
                    "the store cannot write: its disk is full; requests are answered with errors until there is room again");
            }
            Ok(Err(e)) => {
                ok.set(Health::Full);
                error!(error = %e, path = %shown, "the store failed; stopping (a restart opens it anew)");
                return Verdict::Failed;
            }
            Err(_) if dir.is_none() => {
                if was != Health::Away {
                    warn!(path = %shown, secs = CHECK_TIMEOUT.as_secs(),
                        "the database did not finish a flush in time; requests are answered \"try again\" until it does");
                }
                ok.set(Health::Away);
            }
            Err(_) => {
                ok.set(Health::Full);
                warn!(path = %shown, secs = CHECK_TIMEOUT.as_secs(),
                    "the store did not finish a flush in time; requests are answered with errors until it writes");
            }
        }
    }
}

/// Write, sync and remove [`SPACE_CHECK_BYTES`] in `dir`.
fn space_check(dir: &Path) -> std::io::Result<()> {
    let path = dir.join(SPACE_CHECK_FILE);
    let written = (|| {
        let mut f = std::fs::File::create(&path)?;
        let chunk = vec![0u8; 64 * 1024];
        for _ in 0..SPACE_CHECK_BYTES / chunk.len() {
            f.write_all(&chunk)?;
        }
        f.sync_all()
    })();
    let _ = std::fs::remove_file(&path);
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_space_check_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        space_check(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(space_check(&dir.path().join("missing")).is_err());
    }
}
