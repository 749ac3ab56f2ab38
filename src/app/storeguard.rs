//! The store's health while the daemon runs: noticing that it stopped writing, waiting for
//! space to come back, and deciding between reopening it and giving up.
//!
//! The embedded store keeps the first I/O error it meets and refuses every later write, even once the disk
//! has room again; only a store opened anew writes again. So: a store that fails because its
//! disk is full is checked every [`CHECK_EVERY`]; as soon as the directory takes
//! [`SPACE_CHECK_BYTES`] again, the guard ends with [`Verdict::Reopen`] and the daemon stops
//! in order and runs itself again in place (same PID, same unit, nothing for systemd to do),
//! which opens the store from what is on disk: everything acknowledged is there, since an
//! acknowledgement waits for its flush. Any other store error ends the daemon with
//! [`Verdict::Failed`] (a non-zero exit for systemd to restart it). While the store cannot
//! write, requests are answered with errors (`503`, `<wait/>`) and the watchdog is not fed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Whether the store writes, shared with the watchdog.
#[derive(Debug, Clone)]
pub struct StoreOk(Arc<AtomicBool>);

impl Default for StoreOk {
    fn default() -> StoreOk {
        StoreOk(Arc::new(AtomicBool::new(true)))
    }
}

impl StoreOk {
    /// True while the store writes.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, ok: bool) {
        self.0.store(ok, Ordering::Relaxed)
    }
}

/// The guard as a supervised task: its name says how it ended (the daemon stops on either
/// [`STORE_REOPEN`] or [`STORE_FAILED`] and decides from it).
pub(super) async fn run(
    store: Arc<dyn Store>,
    dir: PathBuf,
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

/// Watch `store` (in `dir`) until `stop`, or until it must be reopened or given up.
pub async fn guard(
    store: Arc<dyn Store>,
    dir: PathBuf,
    ok: StoreOk,
    stop: CancellationToken,
) -> Verdict {
    let mut tick = tokio::time::interval(CHECK_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return Verdict::Stopped,
            _ = tick.tick() => {}
        }
        if ok.get() {
            let s = store.clone();
            let checked = tokio::time::timeout(
                CHECK_TIMEOUT,
                crate::blocking::run(move || s.check_writable()),
            )
            .await;
            match checked {
                Ok(Ok(())) => {}
                Ok(Err(e)) if e.is_out_of_space() => {
                    ok.set(false);
                    warn!(error = %e, path = %dir.display(),
                        "the store cannot write: its disk is full; requests are answered with errors until there is room again");
                }
                Ok(Err(e)) => {
                    ok.set(false);
                    error!(error = %e, path = %dir.display(), "the store failed; stopping (a restart opens it anew)");
                    return Verdict::Failed;
                }
                Err(_) => {
                    ok.set(false);
                    warn!(path = %dir.display(), secs = CHECK_TIMEOUT.as_secs(),
                        "the store did not finish a flush in time; requests are answered with errors until it writes");
                }
            }
        } else {
            let d = dir.clone();
            match crate::blocking::run(move || space_check(&d)).await {
                Ok(()) => {
                    info!(path = %dir.display(),
                        "the store's disk is writable again; reopening the store (the daemon runs itself again in place)");
                    return Verdict::Reopen;
                }
                Err(e) => debug!(error = %e, "the store's disk has no room yet"),
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
