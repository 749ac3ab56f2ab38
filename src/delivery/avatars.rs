//! Keeping contacts' avatars current: after a feed answers a poll its avatar is looked at
//! ([`crate::poll::avatar::refresh`]); when it changed, the contact's presence, with the new
//! XEP-0153 hash, goes to every contact subscriber of the feed, so their clients fetch the
//! vCard photo again.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::poll::fetch::Fetcher;
use crate::store::Store;
use crate::xmpp::pubsub::Service;
use crate::xmpp::stanza::Outbound;

/// Look at the avatars of the feeds sent on `nodes` until `stop`.
pub async fn run(
    store: Store,
    service: Arc<Service>,
    fetcher: Fetcher,
    out: mpsc::Sender<Outbound>,
    mut nodes: mpsc::Receiver<String>,
    stop: CancellationToken,
) {
    loop {
        let node = tokio::select! {
            _ = stop.cancelled() => return,
            n = nodes.recv() => match n {
                Some(n) => n,
                None => { stop.cancelled().await; return; }
            },
        };
        let mut batch = BTreeSet::from([node]);
        while let Ok(n) = nodes.try_recv() {
            batch.insert(n);
        }
        for node in batch {
            match crate::poll::avatar::refresh(&store, &fetcher, &node).await {
                Ok(true) => announce(&store, &service, &out, &node, &stop).await,
                Ok(false) => {}
                Err(e) => warn!(error = %e, node, "cannot store an avatar"),
            }
        }
    }
}

/// The contact's presence, with its new avatar hash, to every contact subscriber of `node`.
async fn announce(
    store: &Store,
    service: &Arc<Service>,
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
        _ = out.send(batch) => info!(node, subscribers = n, "avatar changed; contacts told"),
        _ = stop.cancelled() => {}
    }
}
