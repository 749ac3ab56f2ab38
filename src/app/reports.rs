//! What the daemon does with each poll's report: wake the outbox drain when something was
//! queued, count the fetch for `/metrics` and the status page, log a feed's change of health,
//! and have the feed's avatar looked at (after a changed fetch, or when its health changed, so
//! its contacts hear of it).

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, Notify};
use tracing::{info, warn};

use crate::delivery::avatars::Contact;
use crate::model::Health;
use crate::poll::ingest::PollReport;
use crate::poll::status::PollStatus;

/// Handle reports until the scheduler stops sending them.
pub(super) async fn run(
    mut reports: mpsc::Receiver<PollReport>,
    wake: Arc<Notify>,
    avatars: mpsc::Sender<Contact>,
) -> &'static str {
    // The health each feed had at its last poll: a change is told to its contacts.
    let mut health: HashMap<String, Health> = HashMap::new();
    while let Some(r) = reports.recv().await {
        if r.announce && !r.new.is_empty() {
            wake.notify_one();
        }
        if r.status.is_polled() {
            let outcome = match r.status {
                PollStatus::Http(200) => crate::telemetry::Fetched::Changed,
                PollStatus::Http(304) => crate::telemetry::Fetched::Unchanged,
                _ => crate::telemetry::Fetched::Failed,
            };
            let new = if r.announce { r.new.len() as u32 } else { 0 };
            crate::telemetry::polled(&r.node, outcome, new, crate::clock::now_ms());
        }
        // (The node's name is copied only the first time: this runs for every poll.)
        let before = match health.get_mut(&r.node) {
            Some(h) => Some(std::mem::replace(h, r.health)),
            None => health.insert(r.node.clone(), r.health),
        };
        if let Some(was) = before.filter(|h| *h != r.health) {
            let (from, to) = (was.as_str(), r.health.as_str());
            match r.error.as_deref() {
                Some(error) => warn!(node = %r.node, from, to, error, "feed health changed"),
                None => info!(node = %r.node, from, to, "feed health changed"),
            }
            // A full queue: the feed is looked at after a later poll.
            let _ = avatars.try_send(Contact::HealthChanged(r.node.clone()));
        }
        if r.status == PollStatus::Http(200) {
            let _ = avatars.try_send(Contact::Polled(r.node));
        }
    }
    "poll reports"
}
