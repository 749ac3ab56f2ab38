//! Delivering backlogs: when a contact subscriber is available again, what was held for it
//! goes out oldest first, each message with a XEP-0203 delay stamp (when the item was
//! published), after one line per feed for what a full backlog dropped. After the link
//! (re)connects, every contact subscriber's presence is probed, so that feedpush learns who is
//! there instead of waiting for them to change presence.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::presence::{Presence, Type as PresenceType};

use crate::store::{Backlog, Store, StoreError};
use crate::xmpp::pubsub::render::Kind;
use crate::xmpp::pubsub::{Decision, Service};
use crate::xmpp::stanza::{Outbound, Stanza};

/// Probes handed to the link at once after a (re)connection.
const PROBE_BATCH: usize = 256;

/// Deliver backlogs of the JIDs sent on `back`, and probe contact subscribers whenever the
/// link comes up, until `stop`.
pub async fn run(
    store: Store,
    service: Arc<Service>,
    out: mpsc::Sender<Outbound>,
    mut back: mpsc::Receiver<String>,
    mut up: watch::Receiver<bool>,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            changed = up.changed() => {
                if changed.is_err() {
                    stop.cancelled().await;
                    return;
                }
                if *up.borrow_and_update() {
                    if let Err(e) = probe_contacts(&store, &service, &out, &stop).await {
                        warn!(error = %e, "cannot probe contact subscribers");
                    }
                }
            }
            jid = back.recv() => {
                let Some(jid) = jid else {
                    stop.cancelled().await;
                    return;
                };
                // Several presences of one user in a burst: one delivery.
                let mut jids = BTreeSet::from([jid]);
                while let Ok(j) = back.try_recv() {
                    jids.insert(j);
                }
                for jid in jids {
                    if let Err(e) = deliver(&store, &service, &out, &jid, &stop).await {
                        warn!(error = %e, jid, "cannot deliver a backlog");
                    }
                }
            }
        }
    }
}

/// Deliver what is held for `jid` (the part its subscriptions now let through), and forget it
/// once written.
pub async fn deliver(
    store: &Store,
    service: &Arc<Service>,
    out: &mpsc::Sender<Outbound>,
    jid: &str,
    stop: &CancellationToken,
) -> Result<(), StoreError> {
    let (s, svc, j) = (store.clone(), service.clone(), jid.to_owned());
    let prepared = crate::blocking::run(
        move || -> Result<Option<(Vec<Stanza>, Backlog)>, StoreError> {
            if !s.has_backlog(&j) {
                return Ok(None);
            }
            let held = s.backlog(&j)?;
            let mut stanzas = Vec::new();
            let mut done = Backlog::default();
            for (node, n) in held.skipped {
                match s.subscription(&node, &j)? {
                    None => done.skipped.push((node, n)),
                    Some(sub) if svc.decide(&sub) == Decision::Send => {
                        let text = if n == 1 {
                            "1 more item was skipped while you were away.".to_owned()
                        } else {
                            format!("{n} more items were skipped while you were away.")
                        };
                        stanzas.extend(svc.contact_line(&node, &j, sub.mode, &text));
                        done.skipped.push((node, n));
                    }
                    Some(_) => {}
                }
            }
            for h in held.held {
                match s.subscription(&h.node, &j)? {
                    None => done.held.push(h),
                    Some(sub) if svc.decide(&sub) == Decision::Send => {
                        let e = &h.item.entry;
                        let stamp = e
                            .published
                            .or(e.updated)
                            .or_else(|| chrono::DateTime::from_timestamp_millis(h.item.stored_at))
                            .unwrap_or_default();
                        stanzas.extend(
                            svc.notification(&h.node, &h.item, Kind::of(&sub))
                                .to_delayed(&j, stamp, svc.jid()),
                        );
                        done.held.push(h);
                    }
                    Some(_) => {}
                }
            }
            Ok(Some((stanzas, done)))
        },
    )
    .await?;
    let Some((stanzas, done)) = prepared else {
        return Ok(());
    };
    if done.is_empty() {
        return Ok(());
    }
    let n = stanzas.len();
    if !stanzas.is_empty() {
        let (tx, rx) = oneshot::channel();
        let batch = Outbound {
            stanzas,
            done: Some(tx),
            ..Outbound::default()
        };
        let sent = tokio::select! {
            r = out.send(batch) => r.is_ok(),
            _ = stop.cancelled() => false,
        };
        // Forgotten only once written: a failure keeps it for the next presence.
        if !sent || !rx.await.unwrap_or(false) {
            return Ok(());
        }
    }
    let (s, j) = (store.clone(), jid.to_owned());
    crate::blocking::run(move || s.release(&j, &done)).await?;
    info!(jid, messages = n, "backlog delivered");
    Ok(())
}

/// Ask every contact subscriber's server for its presence (RFC 6121 §4.3), from one of the
/// contacts it accepted, so that deliveries and backlogs follow real presence after a restart.
async fn probe_contacts(
    store: &Store,
    service: &Arc<Service>,
    out: &mpsc::Sender<Outbound>,
    stop: &CancellationToken,
) -> Result<(), StoreError> {
    let s = store.clone();
    let contacts = crate::blocking::run(move || s.contact_subscribers()).await?;
    let probes: Vec<Stanza> = contacts
        .into_iter()
        .filter_map(|(node, jid)| {
            let from = crate::xmpp::router::contact_jid(&node, service.jid())?;
            let to = BareJid::new(&jid).ok()?;
            Some(Stanza::Presence(
                Presence::new(PresenceType::Probe)
                    .with_from(Jid::from(from))
                    .with_to(Jid::from(to)),
            ))
        })
        .collect();
    let n = probes.len();
    let mut probes = probes.into_iter().peekable();
    while probes.peek().is_some() {
        let batch = Outbound {
            stanzas: probes.by_ref().take(PROBE_BATCH).collect(),
            ..Outbound::default()
        };
        tokio::select! {
            r = out.send(batch) => if r.is_err() { return Ok(()) },
            _ = stop.cancelled() => return Ok(()),
        }
    }
    if n > 0 {
        info!(subscribers = n, "probed contact subscribers' presence");
    }
    Ok(())
}
