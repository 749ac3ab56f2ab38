//! The commands that run the service in this process: `run` (the daemon) and `poll` (the
//! poller alone, without XMPP), on a multi-threaded runtime sized for them.

use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use super::{report, CliError};
use crate::config::Config;
use crate::poll::ingest::PollReport;

/// Threads for store, parsing and name-lookup work at most: few enough that their per-thread
/// allocator caches stay small (with 80 instead of 32, the scale benchmark's resident memory
/// grew by 50 MB). Each job is short, so a queue behind them costs milliseconds.
const BLOCKING_THREADS: usize = 32;

/// How long the runtime's threads get to end after the daemon stopped.
const RUNTIME_STOP: Duration = Duration::from_secs(1);

/// The runtime `run` and `poll` work on.
fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .map_err(CliError::Runtime)
}

/// Read `feeds.toml` for the service; its warnings go to the log.
fn load(path: &Path) -> Result<Arc<Config>, CliError> {
    let config = Arc::new(Config::load(path)?);
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    Ok(config)
}

/// `run`: the daemon, until SIGTERM or SIGINT. A store that has to be reopened ends it with
/// [`crate::app::DaemonError::StoreReopen`] in [`CliError::Daemon`]: the caller runs the
/// process again.
pub fn run(config: &Path) -> Result<(), CliError> {
    let config = load(config)?;
    let rt = runtime()?;
    let r = rt.block_on(crate::app::run_until_signalled(config));
    // A blocking task that never returns (a store call stuck on a failing disk) must not keep
    // the process from exiting.
    rt.shutdown_timeout(RUNTIME_STOP);
    r.map_err(CliError::Daemon)
}

/// Feeds `poll` polled, and how many of them failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollTally {
    /// Feeds polled.
    pub polled: usize,
    /// Of them, those whose poll failed.
    pub failed: usize,
}

/// `poll`: every feed once (`once`), or on the schedule until a signal; each report is printed
/// as it comes (JSON lines with `json`).
pub fn poll(config: &Path, once: bool, json: bool) -> Result<PollTally, CliError> {
    let config = load(config)?;
    let tally = Rc::new(Cell::new(PollTally::default()));
    let counted = tally.clone();
    let report = move |reports: &[PollReport]| {
        for one in reports {
            if one.status.is_polled() {
                let t = counted.get();
                counted.set(PollTally {
                    polled: t.polled + 1,
                    failed: t.failed + usize::from(one.status.is_failure()),
                });
            }
        }
        print!("{}", report::poll_lines(reports, json));
    };
    let rt = runtime()?;
    rt.block_on(crate::app::poll::poll(config, once, report))
        .map_err(CliError::Daemon)?;
    Ok(tally.get())
}
