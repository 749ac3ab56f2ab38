//! Subscribers' presence across the instances of a cluster: what this instance saw (the
//! core's [`PresenceLog`], looked at every [`EVERY`]) is recorded in the store, and what the
//! others recorded is applied to this instance's presence map as soon as the store says there
//! is some (and every [`READ_ANYWAY`] in case a word was missed). A presence received by one
//! instance then governs a delivery made by another within about [`EVERY`].

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use crate::store::cluster::PresenceChange;
use crate::store::{Store, StoreError};
use crate::xmpp::pubsub::{apply_presence, PresenceLog, PresenceMap, PRESENCE_LOG_MAX};

/// How often this instance's changes are looked for (in memory) and written.
pub const EVERY: Duration = Duration::from_millis(250);
/// How often the others' changes are read without being told of any.
pub const READ_ANYWAY: Duration = Duration::from_secs(10);
/// How long a resource that went unavailable stays in the store (every instance has read it
/// by then, unless it was paused longer).
pub const GONE_KEPT: Duration = Duration::from_secs(3600);
/// How often what is gone is forgotten (by any instance; the work is idempotent).
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Why a round failed: the write of this instance's changes (kept and written again), or
/// what came after it (the changes are in the store; only the reading is tried again).
#[derive(Debug, thiserror::Error)]
enum Failed {
    #[error("{0}")]
    Write(StoreError),
    #[error("{0}")]
    Read(StoreError),
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Failed {
        Failed::Write(e)
    }
}

/// Share presence until `stop`: write `log`'s changes, apply the others' to `map` (at most
/// `max_resources` per JID) when `told` says there are some.
pub async fn run(
    store: Arc<dyn Store>,
    log: PresenceLog,
    map: PresenceMap,
    max_resources: usize,
    told: Arc<tokio::sync::Notify>,
    stop: CancellationToken,
) {
    let mut cursor = 0i64;
    let mut failing = false;
    let mut pruned = tokio::time::Instant::now();
    let mut read_at = tokio::time::Instant::now();
    // Read at the start: whoever is there already.
    let mut read = true;
    loop {
        let pending = !log.lock().expect("presence log").is_empty();
        let prune = pruned.elapsed() >= PRUNE_EVERY;
        read |= read_at.elapsed() >= READ_ANYWAY;
        if !(pending || prune || read || failing) {
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = told.notified() => read = true,
                _ = tokio::time::sleep(EVERY) => {}
            }
            continue;
        }
        let batch: Vec<PresenceChange> = {
            let mut log = log.lock().expect("presence log");
            log.drain(..)
                .map(|(jid, resource, show)| PresenceChange {
                    jid,
                    resource,
                    show: show.map(str::to_owned),
                })
                .collect()
        };
        let s = store.clone();
        let written = batch.clone();
        // What was written is never written again: only a failed write puts the batch back.
        let result = crate::blocking::run(move || {
            let c = s
                .cluster()
                .ok_or_else(|| crate::store::StoreError::Unsupported("no cluster side".into()))?;
            c.put_presence(&written).map_err(Failed::Write)?;
            if prune {
                c.prune_presence(GONE_KEPT).map_err(Failed::Read)?;
            }
            c.presence_since(cursor).map_err(Failed::Read)
        })
        .await;
        match result {
            Ok((changes, next)) => {
                (read, read_at) = (false, tokio::time::Instant::now());
                if failing {
                    warn!("subscribers' presence is shared again");
                    failing = false;
                }
                if prune {
                    pruned = tokio::time::Instant::now();
                }
                if !changes.is_empty() {
                    debug!(changes = changes.len(), "presence changes applied");
                }
                for c in &changes {
                    apply_presence(&map, &c.jid, &c.resource, c.show.as_deref(), max_resources);
                }
                cursor = next;
            }
            Err(e) => {
                if !failing {
                    warn!(error = %e, "cannot share subscribers' presence; kept and tried again");
                    failing = true;
                }
                if let Failed::Write(_) = e {
                    // Kept for the next try, before what came since (the oldest dropped
                    // beyond the bound).
                    let mut log = log.lock().expect("presence log");
                    for c in batch.into_iter().rev() {
                        if log.len() >= PRESENCE_LOG_MAX {
                            break;
                        }
                        let show = c.show.as_deref().map(crate::xmpp::pubsub::show_value);
                        log.push_front((c.jid, c.resource, show));
                    }
                } else {
                    read = true;
                }
            }
        }
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = told.notified() => read = true,
            _ = tokio::time::sleep(EVERY) => {}
        }
    }
}
