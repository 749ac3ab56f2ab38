//! Keeping contacts current: after a feed answers a poll its avatar is looked at
//! ([`crate::poll::avatar::refresh`]); when the avatar or the feed's health changed, the
//! contact's presence (status, and the XEP-0153 hash) goes to every contact subscriber of the
//! feed, so their rosters show it and their clients fetch the vCard photo again.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::config::Swap;
use crate::poll::fetch::Fetcher;
use crate::store::Store;
use crate::xmpp::pubsub::Shared;
use crate::xmpp::stanza::Outbound;

/// What happened to a feed that its contacts may need to hear of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Contact {
    /// It answered a poll: look at its avatar.
    Polled(String),
    /// Its health changed: tell its contacts.
    HealthChanged(String),
}

/// Handle the events sent on `events` until `stop`.
pub async fn run(
    store: Arc<dyn Store>,
    service: Arc<Shared>,
    fetcher: Arc<Swap<Fetcher>>,
    out: mpsc::Sender<Outbound>,
    mut events: mpsc::Receiver<Contact>,
    stop: CancellationToken,
) {
    let mut checked = crate::poll::avatar::Checked::default();
    loop {
        let first = tokio::select! {
            _ = stop.cancelled() => return,
            n = events.recv() => match n {
                Some(n) => n,
                None => { stop.cancelled().await; return; }
            },
        };
        let mut batch = BTreeSet::from([first]);
        while let Ok(n) = events.try_recv() {
            batch.insert(n);
        }
        for event in batch {
            // A stop does not wait for the rest of a batch (each may fetch an image).
            if stop.is_cancelled() {
                return;
            }
            match event {
                Contact::Polled(node) => {
                    let current = fetcher.get();
                    let refreshed = tokio::select! {
                        _ = stop.cancelled() => return,
                        r = crate::poll::avatar::refresh(&store, &current, &node, &mut checked) => r,
                    };
                    match refreshed {
                        Ok(true) => announce(&store, &service, &out, &node, &stop).await,
                        Ok(false) => {}
                        Err(e) => warn!(error = %e, node, "cannot store an avatar"),
                    }
                }
                Contact::HealthChanged(node) => {
                    announce(&store, &service, &out, &node, &stop).await
                }
            }
        }
    }
}

/// The contact's presence, with its new avatar hash, to every contact subscriber of `node`.
async fn announce(
    store: &Arc<dyn Store>,
    service: &Arc<Shared>,
    out: &mpsc::Sender<Outbound>,
    node: &str,
    stop: &CancellationToken,
) {
    let (s, svc, n) = (store.clone(), service.clone(), node.to_owned());
    let stanzas = crate::blocking::run(move || -> Result<_, crate::store::StoreError> {
        let jids = s.contact_jids(&n)?;
        Ok(svc.contact_presences(&n, &jids, &s, crate::clock::now_ms()))
    })
    .await;
    let stanzas = match stanzas {
        Ok(s) => s,
        Err(e) => {
            warn!(error = %e, node, "cannot read contact subscribers");
            return;
        }
    };
    if stanzas.is_empty() {
        return;
    }
    let n = stanzas.len();
    let batch = Outbound {
        stanzas,
        ..Outbound::default()
    };
    tokio::select! {
        _ = out.send(batch) => info!(node, subscribers = n, "contacts told of the feed's presence"),
        _ = stop.cancelled() => {}
    }
}
