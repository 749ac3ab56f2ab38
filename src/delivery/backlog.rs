//! Delivering backlogs: when a contact subscriber is available again, what was held for it
//! goes out oldest first, each message with a XEP-0203 delay stamp (when the item was
//! published), after one line per feed for what a full backlog dropped. After the link
//! (re)connects, every contact subscriber's presence is probed, so that feedpush learns who is
//! there instead of waiting for them to change presence.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::presence::{Presence, Type as PresenceType};

use crate::model::{Backlog, Digest, Held, Mode, Subscription};

use crate::store::{Store, StoreError};
use crate::xmpp::pubsub::render::Kind;
use crate::xmpp::pubsub::{Decision, Shared};
use crate::xmpp::stanza::{Outbound, Stanza};

/// How often digests that are due are looked for.
const DIGEST_TICK: std::time::Duration = std::time::Duration::from_secs(60);

/// The text of a digest: the feed's title and count, then one line per item (title and link),
/// cut at `max` characters with a line saying how many more there were.
fn digest_text(title: &str, items: &[&Held], skipped: u64, max: usize) -> String {
    let total = items.len() as u64 + skipped;
    let mut out = format!("{title}: {total} new item(s)");
    if skipped > 0 {
        out.push_str(&format!(" ({skipped} not kept)"));
    }
    for (i, h) in items.iter().enumerate() {
        let line = format!(
            "\n{}",
            crate::xmpp::pubsub::render::item_line(&h.item.entry)
        );
        if out.chars().count() + line.chars().count() > max.saturating_sub(40) {
            out.push_str(&format!("\n… and {} more", items.len() - i));
            break;
        }
        out.push_str(&line);
    }
    out
}

/// Probes handed to the link at once after a (re)connection.
const PROBE_BATCH: usize = 256;

/// Deliver backlogs of the JIDs sent on `back`, and probe contact subscribers whenever the
/// link comes up, until `stop`.
pub async fn run(
    store: Arc<dyn Store>,
    service: Arc<Shared>,
    out: mpsc::Sender<Outbound>,
    mut back: mpsc::Receiver<String>,
    mut up: watch::Receiver<bool>,
    stop: CancellationToken,
) {
    let mut tick = tokio::time::interval(DIGEST_TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {
                // Digests whose period ended (and backlogs of anybody around) go out.
                let s = store.clone();
                let jids = match crate::blocking::run(move || s.backlog_jids()).await {
                    Ok(j) => j,
                    Err(e) => {
                        warn!(error = %e, "cannot list backlogs");
                        Vec::new()
                    }
                };
                for jid in jids {
                    if let Err(e) = deliver(&store, &service, &out, &jid, &stop).await {
                        warn!(error = %e, jid, "cannot deliver a backlog");
                    }
                }
            }
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
    store: &Arc<dyn Store>,
    service: &Arc<Shared>,
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
            let now = crate::clock::now_ms();
            let mut stanzas = Vec::new();
            let mut done = Backlog::default();
            let mut digested: Vec<Subscription> = Vec::new();
            // Subscriptions of the nodes involved, read once.
            let mut subs: BTreeMap<String, Option<Subscription>> = BTreeMap::new();
            for node in held
                .held
                .iter()
                .map(|h| h.node.clone())
                .chain(held.skipped.iter().map(|(n, _)| n.clone()))
            {
                if let std::collections::btree_map::Entry::Vacant(v) = subs.entry(node) {
                    let sub = s.subscription(v.key(), &j)?;
                    v.insert(sub);
                }
            }
            // Digests: one message per node whose period is over, while the subscriber is there.
            for (node, sub) in &subs {
                let Some(sub) = sub else { continue };
                if sub.digest == Digest::Off || sub.mode == Mode::Pubsub {
                    continue;
                }
                let due = sub.digest_due(now) && sub.deliver && !sub.suspended && svc.around(sub);
                if !due {
                    continue;
                }
                let items: Vec<&Held> = held.held.iter().filter(|h| &h.node == node).collect();
                let skipped = held
                    .skipped
                    .iter()
                    .find(|(n, _)| n == node)
                    .map_or(0, |(_, n)| *n);
                if items.is_empty() && skipped == 0 {
                    continue;
                }
                let title = s
                    .feed(node)?
                    .and_then(|f| f.title)
                    .unwrap_or_else(|| node.clone());
                let text = digest_text(&title, &items, skipped, svc.max_body_chars());
                stanzas.extend(svc.contact_line(node, &j, sub.mode, &text));
                done.held.extend(items.into_iter().cloned());
                if skipped > 0 {
                    done.skipped.push((node.clone(), skipped));
                }
                digested.push(Subscription {
                    digest_at: now,
                    ..sub.clone()
                });
            }
            let batched = |node: &str| {
                subs.get(node)
                    .and_then(|s| s.as_ref())
                    .is_some_and(|s| s.digest != Digest::Off && s.mode != Mode::Pubsub)
            };
            for (node, n) in held.skipped.iter().filter(|(n, _)| !batched(n)) {
                match subs.get(node).and_then(|s| s.as_ref()) {
                    None => done.skipped.push((node.clone(), *n)),
                    Some(sub) if svc.decide(sub) == Decision::Send => {
                        let text = if *n == 1 {
                            "1 more item was skipped while you were away.".to_owned()
                        } else {
                            format!("{n} more items were skipped while you were away.")
                        };
                        stanzas.extend(svc.contact_line(node, &j, sub.mode, &text));
                        done.skipped.push((node.clone(), *n));
                    }
                    Some(_) => {}
                }
            }
            for h in held.held.iter().filter(|h| !batched(&h.node)) {
                match subs.get(&h.node).and_then(|s| s.as_ref()) {
                    None => done.held.push(h.clone()),
                    Some(sub) if svc.decide(sub) == Decision::Send => {
                        let e = &h.item.entry;
                        let stamp = e
                            .published
                            .or(e.updated)
                            .or_else(|| chrono::DateTime::from_timestamp_millis(h.item.stored_at))
                            .unwrap_or_default();
                        stanzas.extend(
                            svc.notification(&h.node, &h.item, Kind::of(sub))
                                .to_delayed(&j, stamp, svc.jid()),
                        );
                        done.held.push(h.clone());
                    }
                    Some(_) => {}
                }
            }
            done.digested = digested;
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
    crate::blocking::run(move || -> Result<(), StoreError> {
        s.release(&j, &done)?;
        for sub in &done.digested {
            s.put_subscription(sub)?;
        }
        Ok(())
    })
    .await?;
    info!(jid, messages = n, "backlog delivered");
    Ok(())
}

/// Ask every contact subscriber's server for its presence (RFC 6121 §4.3), from one of the
/// contacts it accepted, so that deliveries and backlogs follow real presence after a restart.
async fn probe_contacts(
    store: &Arc<dyn Store>,
    service: &Arc<Shared>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;
    use crate::model::{FeedState, Origin, StoredItem};
    use crate::xmpp::pubsub::Service;
    use crate::xmpp::stanza::Inbound;

    const JID: &str = "alice@example.org";

    fn setup(digest_at: i64) -> (Arc<dyn Store>, Arc<Shared>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "[component]\njid = \"feeds.example.org\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"{}\"\n",
            dir.path().join("store").display()
        );
        let cfg =
            Arc::new(crate::config::Config::parse(&dir.path().join("feeds.toml"), &text).unwrap());
        let store: Arc<dyn Store> =
            crate::store::open(&cfg.storage.path, crate::config::DEFAULT_CACHE_MB).unwrap();
        store
            .ensure_feed(FeedState::new(
                "news",
                "http://example.org/f",
                Some("News".into()),
                Origin::Config,
            ))
            .unwrap();
        let now = crate::clock::now_ms();
        store
            .put_subscription(&Subscription {
                node: "news".into(),
                jid: JID.into(),
                deliver: true,
                show_values: None,
                created: now - 10 * 3_600_000,
                mode: Mode::Chat,
                contact: true,
                include_body: true,
                suspended: false,
                filter: Default::default(),
                digest: Digest::Hourly,
                digest_at,
            })
            .unwrap();
        let mut core = Service::new(cfg, rand::SeedableRng::seed_from_u64(1));
        // alice is around (her presence reached the contact).
        let p: xmpp_parsers::minidom::Element = format!(
            "<presence xmlns='jabber:component:accept' from='{JID}/phone' to='news@feeds.example.org'/>"
        )
        .parse()
        .unwrap();
        let p = xmpp_parsers::presence::Presence::try_from(p).unwrap();
        core.handle(Inbound::Stanza(Box::new(Stanza::Presence(p))), &store, now);
        let svc = core.shared();
        for seq in 1..=3 {
            let item = StoredItem {
                seq,
                stored_at: now,
                entry: Entry {
                    title: Some(format!("Item {seq}")),
                    link: Some(format!("http://example.org/{seq}")),
                    ..Entry::new(format!("i{seq}"), "h")
                },
            };
            store
                .hold(JID, "news", &item, now + seq as i64, 50)
                .unwrap();
        }
        (store, svc, dir)
    }

    /// A link that writes everything it is given and returns what it saw.
    fn link() -> (mpsc::Sender<Outbound>, tokio::task::JoinHandle<Vec<Stanza>>) {
        let (tx, mut rx) = mpsc::channel::<Outbound>(8);
        let task = tokio::spawn(async move {
            let mut seen = Vec::new();
            while let Some(o) = rx.recv().await {
                seen.extend(o.stanzas);
                if let Some(d) = o.done {
                    let _ = d.send(true);
                }
            }
            seen
        });
        (tx, task)
    }

    #[tokio::test]
    async fn a_due_digest_is_one_message_and_then_restarts_its_period() {
        let (store, svc, _d) = setup(crate::clock::now_ms() - 2 * 3_600_000);
        let stop = CancellationToken::new();
        let (tx, seen) = link();
        deliver(&store, &svc, &tx, JID, &stop).await.unwrap();
        drop(tx);
        let seen = seen.await.unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        let Stanza::Message(m) = &seen[0] else {
            panic!("{seen:?}")
        };
        assert_eq!(
            m.from.as_ref().unwrap().to_string(),
            "news@feeds.example.org"
        );
        let body = &m.bodies[""];
        assert!(body.starts_with("News: 3 new item(s)"), "{body}");
        assert!(
            body.contains("• Item 1 — http://example.org/1") && body.contains("• Item 3"),
            "{body}"
        );
        assert!(!store.has_backlog(JID));
        let sub = store.subscription("news", JID).unwrap().unwrap();
        assert!(
            !sub.digest_due(crate::clock::now_ms()),
            "a new period began"
        );
    }

    #[tokio::test]
    async fn a_digest_waits_for_the_end_of_its_period() {
        let (store, svc, _d) = setup(crate::clock::now_ms());
        let stop = CancellationToken::new();
        let (tx, seen) = link();
        deliver(&store, &svc, &tx, JID, &stop).await.unwrap();
        drop(tx);
        assert!(seen.await.unwrap().is_empty());
        assert_eq!(store.backlog(JID).unwrap().held.len(), 3, "still held");
    }

    #[test]
    fn a_long_digest_is_cut_and_says_how_many_more() {
        let items: Vec<Held> = (0..100)
            .map(|i| Held {
                node: "n".into(),
                item: StoredItem {
                    seq: i,
                    stored_at: 0,
                    entry: Entry {
                        title: Some(format!("A rather long title number {i}")),
                        ..Entry::new(format!("i{i}"), "h")
                    },
                },
                held_at: 0,
            })
            .collect();
        let refs: Vec<&Held> = items.iter().collect();
        let text = digest_text("Feed", &refs, 2, 1000);
        assert!(text.chars().count() <= 1000, "{}", text.len());
        assert!(text.starts_with("Feed: 102 new item(s) (2 not kept)"));
        assert!(text.contains("… and "), "{text}");
    }
}
