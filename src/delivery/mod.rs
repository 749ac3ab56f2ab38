//! Delivery: the outbox drain, from durable jobs to batches on the link; items for away
//! contact subscribers go to their backlog, delivered by [`backlog`] when they are back.
//!
//! The guarantee (at-least-once to the server):
//! - A notification is an outbox job written just before its item (see
//!   `Store::apply_fetch`), under the node's write lock, which the drain takes before reading
//!   the item (`Store::item_for_job`): it never reads half an operation. The drain takes the
//!   pending jobs in rounds and flushes the store before sending any job of a round, so nobody
//!   hears of an item that is not on disk. A crash loses only unflushed writes; what survives
//!   is a prefix of them: a job whose item did not make it finds none and is dropped, and its
//!   entry is found again by the next fetch and announced then.
//! - A job's items are kept (not trimmed) until the job is done.
//! - The drain works in rounds: one blocking call reads up to [`JOB_ROUND`] jobs and prepares
//!   one batch of at most [`DELIVERY_BATCH`] subscribers for each (one template per shape of
//!   message), the store is flushed once, the whole round goes to the link as one write, and
//!   one more blocking call advances every job's cursor, only after the round was written and
//!   flushed to the server's socket; an outage or a crash delays notifications, never loses
//!   them. A job with more subscribers gets its next batch in the next round, so a big node
//!   never holds up a small one. What a round logs carries its `delivery` span (`jobs`: the
//!   jobs it took).
//! - Duplicates: cursors reach the disk at the latest [`CURSOR_FLUSH`] after a batch (with the
//!   next round's flush when one starts sooner), so a kill -9 re-sends at most the batches of
//!   that window, once;
//!   a link that breaks in the middle of a batch re-sends that batch after reconnecting. A clean
//!   shutdown waits for the batch in flight and sends nothing twice.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, info_span, warn, Instrument};

use crate::model::{Event, Mode, OutboxJob, StoredItem};

use crate::store::{Store, StoreError};

pub mod avatars;
pub mod backlog;
pub mod callback_gate;
pub mod callbacks;
use crate::xmpp::pubsub::render::Kind;
use crate::xmpp::pubsub::{Decision, Shared};
use crate::xmpp::stanza::{Fanout, Outbound};

/// Stanzas handed to the link per outbox step.
pub const DELIVERY_BATCH: usize = 256;
/// How often the drain looks at the outbox even without a wake-up.
const DRAIN_IDLE: Duration = Duration::from_secs(5);
/// Longest time a delivery cursor stays only in memory while the outbox is busy.
pub const CURSOR_FLUSH: Duration = Duration::from_millis(100);
/// Wait before retrying a batch the link could not write.
const RETRY_WAIT: Duration = Duration::from_secs(1);

/// Outbox jobs taken per round: one flush makes all of them durable before any is sent, and
/// the round goes to the link as one write.
pub const JOB_ROUND: usize = 64;
/// How long a batch already handed to the link may still take to be written at shutdown.
const SHUTDOWN_WRITE_WAIT: Duration = Duration::from_secs(2);

/// One job's part of a round, prepared off the runtime.
struct Prepared {
    job: OutboxJob,
    /// What the job announces, for the log.
    what: String,
    /// The batch is full: more subscribers may follow.
    full: bool,
    /// The last subscriber of the batch.
    last: String,
    /// The notifications, one per shape of message; empty when nobody in the batch gets one.
    fanouts: Vec<Fanout>,
    /// Recipients by kind of message, for the metrics.
    sent: Vec<(&'static str, u64)>,
}

/// The metrics' name of a kind of message.
fn kind_label(kind: &Kind) -> &'static str {
    match kind {
        Kind::Event { .. } => "pubsub",
        Kind::Contact(m) => m.as_str(),
    }
}

/// Drain the outbox until `stop`: render each job's notification, hand it to the link in batches while `up` says the link is up, record progress; `wake` is notified when new jobs were written.
pub async fn drain(
    store: Arc<dyn Store>,
    service: Arc<Shared>,
    out: mpsc::Sender<Outbound>,
    mut up: watch::Receiver<bool>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let pause = |d: Duration| {
        let stop = stop.clone();
        async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = tokio::time::sleep(d) => {}
            }
        }
    };
    // Progress of the last round not yet flushed.
    let mut unflushed = false;
    loop {
        if stop.is_cancelled() {
            return;
        }
        if !*up.borrow() {
            tokio::select! {
                _ = stop.cancelled() => return,
                r = up.changed() => if r.is_err() { return },
            }
            continue;
        }
        let (s, svc) = (store.clone(), service.clone());
        // Every job read, and the item written before it, is on disk before anybody hears of
        // it (keys alone cannot tell: concurrent fetches write out of key order): the round is
        // flushed on the same blocking thread that prepared it.
        let prepared = move || -> Result<Option<Vec<Prepared>>, StoreError> {
            let round = prepare_round(&s, &svc)?;
            if round.is_some() {
                s.flush()?;
            }
            Ok(round)
        };
        // One span per round: what it logs (here and on the blocking pool) carries the number
        // of jobs it took (recorded once they are read).
        let span = info_span!("delivery", jobs = tracing::field::Empty);
        let round = match crate::blocking::run(prepared)
            .instrument(span.clone())
            .await
        {
            Ok(r) => r,
            Err(e) => {
                // The store guard says once that the store is out of reach.
                if e.is_unavailable() {
                    debug!(error = %e, "cannot read or flush the outbox");
                } else {
                    warn!(error = %e, "cannot read or flush the outbox");
                }
                pause(RETRY_WAIT).await;
                continue;
            }
        };
        let Some(round) = round else {
            if unflushed {
                // Cursors reach the disk within CURSOR_FLUSH; a round that starts sooner
                // flushes them with its own items (one sync instead of two).
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(CURSOR_FLUSH) => {
                        let _ = crate::store::flush_async(&store).await;
                        unflushed = false;
                    }
                }
                continue;
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = wake.notified() => {}
                _ = tokio::time::sleep(DRAIN_IDLE) => {}
            }
            continue;
        };
        unflushed = false;
        if round.is_empty() {
            // Every job of the round was done without sending anything.
            unflushed = true;
            continue;
        }
        let mut round = round;
        match send_round(&out, &mut round, &stop)
            .instrument(span.clone())
            .await
        {
            Sent::Written => {}
            Sent::NotSent => {
                pause(RETRY_WAIT).await;
                continue;
            }
        }
        // What was handed to the server is recorded before anything else is read: a round
        // whose recording failed (the store out of reach) is recorded again rather than sent
        // again. Only a shutdown before it could be recorded sends it again after the restart
        // (delivery is at least once, as the README says).
        loop {
            let s = store.clone();
            let (back, recorded) = crate::blocking::run(move || {
                let r = record(&s, &round);
                (round, r)
            })
            .instrument(span.clone())
            .await;
            round = back;
            match recorded {
                Ok(()) => {
                    span.in_scope(|| {
                        for (kind, n) in round.iter().flat_map(|p| p.sent.iter()) {
                            crate::telemetry::notifications_sent(kind, *n);
                        }
                        for p in round.iter().filter(|p| !p.full) {
                            info!(node = %p.job.node, item = %p.what, "notifications handed to the server");
                        }
                    });
                    break;
                }
                Err(e) => {
                    span.in_scope(|| {
                        if e.is_unavailable() {
                            debug!(error = %e, "cannot record delivery progress; trying again")
                        } else {
                            warn!(error = %e, "cannot record delivery progress; trying again")
                        }
                    });
                    pause(RETRY_WAIT).await;
                    if stop.is_cancelled() {
                        return;
                    }
                }
            }
        }
        unflushed = true;
    }
}

/// Record a sent round: each job's cursor moved past its batch, or the job finished (both can
/// be repeated).
fn record(store: &Arc<dyn Store>, round: &[Prepared]) -> Result<(), StoreError> {
    for p in round.iter().filter(|p| p.full) {
        store.advance_job(&p.job, &p.last)?;
    }
    let finished: Vec<OutboxJob> = (round.iter())
        .filter(|p| !p.full)
        .map(|p| p.job.clone())
        .collect();
    store.finish_jobs(&finished)
}

/// Read up to [`JOB_ROUND`] jobs and prepare one batch of each; jobs with nobody to tell are
/// finished at once. None when the outbox is empty; an empty round when every job it held was
/// done without sending anything. The items of the round's jobs are read at once, after their
/// subscribers (a node nobody follows needs its item not even read).
fn prepare_round(
    store: &Arc<dyn Store>,
    svc: &Shared,
) -> Result<Option<Vec<Prepared>>, StoreError> {
    let jobs = store.jobs(JOB_ROUND)?;
    if jobs.is_empty() {
        return Ok(None);
    }
    // The round's span (entered by the drain) tells how many jobs it took.
    tracing::Span::current().record("jobs", jobs.len());
    let mut heads = Vec::with_capacity(jobs.len());
    for j in jobs {
        if let Some(h) = head(store, svc, j)? {
            heads.push(h);
        }
    }
    let wanted: Vec<(String, u64)> = (heads.iter())
        .filter(|h| h.job.event == Event::Item)
        .map(|h| (h.job.node.clone(), h.job.item_seq))
        .collect();
    let mut items = store.items_for_jobs(&wanted)?.into_iter();
    let mut round = Vec::with_capacity(heads.len());
    for h in heads {
        let prepared = match h.job.event {
            Event::Item => with_item(store, svc, h, items.next().flatten())?,
            _ => Some(with_event(svc, h)),
        };
        if let Some(p) = prepared {
            if p.fanouts.is_empty() {
                // Nobody in this batch gets anything (filters, show-values, holds): record the
                // progress now, there is nothing to wait for.
                if p.full {
                    store.advance_job(&p.job, &p.last)?;
                } else {
                    store.finish_job(&p.job)?;
                }
                continue;
            }
            round.push(p);
        }
    }
    Ok(Some(round))
}

/// One batch of one job before its item: the node's options and the subscribers after the
/// cursor who may receive it.
struct Head {
    job: OutboxJob,
    opts: Option<crate::model::NodeOptions>,
    /// Those of the batch who may receive it.
    subs: Vec<crate::model::Subscription>,
    full: bool,
    last: String,
}

/// A job's batch of subscribers; None when the job is finished (nobody left).
fn head(store: &Arc<dyn Store>, svc: &Shared, j: OutboxJob) -> Result<Option<Head>, StoreError> {
    // The node's options (payloads, message type, access); gone for a deleted node. Read so
    // that a store that does not answer fails the round (never taken as "no options", which
    // would open a whitelist node).
    let opts = store.feed(&j.node)?.map(|f| f.options);
    let subs = store.subscribers(&j.node, j.after.as_deref(), DELIVERY_BATCH)?;
    let Some(last) = subs.last().map(|s| s.jid.clone()) else {
        store.finish_job(&j)?;
        return Ok(None);
    };
    let full = subs.len() >= DELIVERY_BATCH;
    // Outcasts, and strangers to a whitelist node, get nothing (whenever they subscribed).
    let receivers = svc.may_receive(&j.node, opts.as_ref(), store.affiliations(&j.node)?);
    let subs: Vec<_> = subs
        .into_iter()
        .filter(|s| receivers.allows(&s.jid))
        .collect();
    Ok(Some(Head {
        job: j,
        opts,
        subs,
        full,
        last,
    }))
}

/// A retraction, purge or deletion: pubsub subscribers hear of it.
fn with_event(svc: &Shared, h: Head) -> Prepared {
    let Head {
        job: j,
        opts,
        subs,
        full,
        last,
    } = h;
    let to: Vec<String> = subs
        .iter()
        .filter(|sub| sub.mode == Mode::Pubsub && matches!(svc.decide(sub), Decision::Send))
        .map(|sub| sub.jid.clone())
        .collect();
    let count = to.len() as u64;
    let fanouts: Vec<Fanout> = svc
        .event_notification(&j.node, &j.event, j.key, opts.as_ref())
        .filter(|_| !to.is_empty())
        .map(|n| Fanout {
            template: n.template(),
            to,
        })
        .into_iter()
        .collect();
    Prepared {
        what: format!("{:?}", j.event),
        job: j,
        full,
        last,
        sent: if fanouts.is_empty() {
            Vec::new()
        } else {
            vec![("event", count)]
        },
        fanouts,
    }
}

/// An item's notifications for a job's batch; None when the item is gone (its job finished).
fn with_item(
    store: &Arc<dyn Store>,
    svc: &Shared,
    h: Head,
    item: Option<StoredItem>,
) -> Result<Option<Prepared>, StoreError> {
    let Head {
        job: j,
        opts,
        subs,
        full,
        last,
    } = h;
    let Some(item) = item else {
        // The item is gone (its node was removed): nothing to deliver.
        store.finish_job(&j)?;
        return Ok(None);
    };
    // One template per shape of message (pubsub event, chat message, …) in this batch;
    // what an away contact subscriber wants waits in its backlog.
    let mut by_kind: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    let now = crate::clock::now_ms();
    for sub in subs.iter() {
        match svc.decide(sub) {
            Decision::Skip => {}
            _ if !svc.wants(&j.node, &item, sub) => {}
            Decision::Send => by_kind
                .entry(Kind::of(sub))
                .or_default()
                .push(sub.jid.clone()),
            Decision::Hold => store.hold(&sub.jid, &j.node, &item, now, svc.backlog_max())?,
        }
    }
    let sent = by_kind
        .iter()
        .map(|(kind, to)| (kind_label(kind), to.len() as u64))
        .collect();
    let fanouts = by_kind
        .into_iter()
        .map(|(kind, to)| Fanout {
            template: svc
                .notification_with(&j.node, &item, kind, opts.as_ref())
                .template(),
            to,
        })
        .collect();
    Ok(Some(Prepared {
        what: item.entry.id,
        job: j,
        full,
        last,
        fanouts,
        sent,
    }))
}

/// Whether a round reached the server's socket.
enum Sent {
    Written,
    NotSent,
}

/// Hand every fan-out of a round to the link as one write, and wait until it is written.
async fn send_round(
    out: &mpsc::Sender<Outbound>,
    round: &mut [Prepared],
    stop: &CancellationToken,
) -> Sent {
    if stop.is_cancelled() {
        return Sent::NotSent;
    }
    // A round that is not written is prepared again from the outbox, so its fan-outs move.
    let fanouts: Vec<Fanout> = round
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.fanouts))
        .collect();
    let (tx, mut rx) = oneshot::channel();
    let batch = Outbound {
        fanouts,
        done: Some(tx),
        ..Outbound::default()
    };
    let queued = tokio::select! {
        r = out.send(batch) => r.is_ok(),
        _ = stop.cancelled() => false,
    };
    if !queued {
        return Sent::NotSent;
    }
    // Once handed over, wait for the write; at shutdown only briefly (the link is still up
    // then and writes what it was given).
    let written = tokio::select! {
        r = &mut rx => r.unwrap_or(false),
        _ = stop.cancelled() => tokio::time::timeout(SHUTDOWN_WRITE_WAIT, &mut rx)
            .await
            .map(|r| r.unwrap_or(false))
            .unwrap_or(false),
    };
    if written {
        Sent::Written
    } else {
        Sent::NotSent
    }
}

#[cfg(test)]
mod paused_tests {
    //! The drain on paused tokio time, with a channel in place of the link: what each round
    //! carries, and when a round comes (or comes again) is exact virtual time.

    use tokio::time::Instant;
    use xmpp_parsers::minidom::Element;

    use super::*;
    use crate::model::Entry;
    use crate::model::{Announce, Digest, FeedState, Origin, Subscription};

    const NODE: &str = "news";
    /// Longer than the drain ever waits with nothing to do.
    const QUIET: Duration = Duration::from_secs(60);

    /// A store with one node, one pubsub subscriber and `jobs` items published to it (one
    /// outbox job each).
    fn setup(jobs: usize) -> (Arc<dyn Store>, Arc<Shared>, tempfile::TempDir) {
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
                NODE,
                "http://example.org/f",
                Some("News".into()),
                Origin::Config,
            ))
            .unwrap();
        store
            .put_subscription(&Subscription {
                node: NODE.into(),
                jid: "alice@example.org".into(),
                deliver: true,
                show_values: None,
                created: 0,
                mode: Mode::Pubsub,
                contact: false,
                include_body: false,
                suspended: false,
                filter: Default::default(),
                digest: Digest::Off,
                digest_at: 0,
            })
            .unwrap();
        publish(&store, 0..jobs);
        let core = crate::xmpp::pubsub::Service::new(cfg, rand::SeedableRng::seed_from_u64(1));
        (store, core.shared(), dir)
    }

    /// Items `i{n}` for each n of `range`, each with its outbox job.
    fn publish(store: &Arc<dyn Store>, range: std::ops::Range<usize>) {
        for i in range {
            let entry = Entry {
                title: Some(format!("Item {i}")),
                ..Entry::new(format!("i{i}"), format!("h{i}"))
            };
            let announce = Announce {
                new: true,
                updates: false,
            };
            store
                .publish(NODE, &entry, 0, 10_000, announce, false)
                .unwrap();
        }
    }

    /// The id of the first `<item/>` in a notification.
    fn item_id(el: &Element) -> Option<String> {
        if el.name() == "item" {
            return el.attr("id").map(str::to_owned);
        }
        el.children().find_map(item_id)
    }

    /// One write the drain asked of the link.
    #[derive(Debug)]
    struct Write {
        at: Instant,
        /// The item of each fan-out, in order.
        items: Vec<String>,
        /// Recipients of all its fan-outs.
        recipients: usize,
    }

    /// A link: each write is noted and answered from `written` (true once that runs out).
    fn link(written: Vec<bool>) -> (mpsc::Sender<Outbound>, mpsc::UnboundedReceiver<Write>) {
        let (tx, mut rx) = mpsc::channel::<Outbound>(1);
        let (seen_tx, seen) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut answers = written.into_iter();
            while let Some(o) = rx.recv().await {
                assert!(o.stanzas.is_empty(), "the drain writes fan-outs only");
                let _ = seen_tx.send(Write {
                    at: Instant::now(),
                    items: o
                        .fanouts
                        .iter()
                        .filter_map(|f| item_id(&f.template))
                        .collect(),
                    recipients: o.fanouts.iter().map(|f| f.to.len()).sum(),
                });
                if let Some(done) = o.done {
                    let _ = done.send(answers.next().unwrap_or(true));
                }
            }
        });
        (tx, seen)
    }

    /// Items `i{n}` for each n of `range`.
    fn ids(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("i{i}")).collect()
    }

    struct Drain {
        up: watch::Sender<bool>,
        wake: Arc<Notify>,
        stop: CancellationToken,
        task: tokio::task::JoinHandle<()>,
    }

    impl Drain {
        fn start(
            store: &Arc<dyn Store>,
            svc: &Arc<Shared>,
            out: mpsc::Sender<Outbound>,
            up: bool,
        ) -> Drain {
            let (up, up_rx) = watch::channel(up);
            let wake = Arc::new(Notify::new());
            let stop = CancellationToken::new();
            let task = tokio::spawn(drain(
                store.clone(),
                svc.clone(),
                out,
                up_rx,
                wake.clone(),
                stop.clone(),
            ));
            Drain {
                up,
                wake,
                stop,
                task,
            }
        }

        async fn stop(self) {
            self.stop.cancel();
            self.task.await.unwrap();
        }
    }

    /// Nothing more is written for a while (virtual time).
    async fn quiet(writes: &mut mpsc::UnboundedReceiver<Write>) {
        if let Ok(w) = tokio::time::timeout(QUIET, writes.recv()).await {
            panic!("written: {w:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_round_is_up_to_64_jobs_in_one_write() {
        let jobs = JOB_ROUND + JOB_ROUND / 2;
        let (store, svc, _dir) = setup(jobs);
        let (out, mut writes) = link(Vec::new());
        let d = Drain::start(&store, &svc, out, true);
        let first = writes.recv().await.unwrap();
        assert_eq!(
            first.items,
            ids(0..JOB_ROUND),
            "the oldest jobs, one fan-out each"
        );
        assert_eq!(first.recipients, JOB_ROUND);
        let second = writes.recv().await.unwrap();
        assert_eq!(second.items, ids(JOB_ROUND..jobs));
        assert_eq!(second.at, first.at, "the next round follows at once");
        quiet(&mut writes).await;
        assert_eq!(store.outbox_len(), 0, "every job done");
        d.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_goes_out_while_the_link_is_down_and_an_unwritten_round_comes_again() {
        let (store, svc, _dir) = setup(10);
        // The link takes the first round but cannot write it.
        let (out, mut writes) = link(vec![false]);
        let d = Drain::start(&store, &svc, out, false);
        quiet(&mut writes).await;
        d.up.send(true).unwrap();
        let failed = writes.recv().await.unwrap();
        assert_eq!(failed.items, ids(0..10));
        assert_eq!(store.outbox_len(), 10, "kept until written");
        let again = writes.recv().await.unwrap();
        assert_eq!(again.items, ids(0..10), "the same round, whole");
        assert_eq!(again.at - failed.at, RETRY_WAIT);
        quiet(&mut writes).await;
        assert_eq!(store.outbox_len(), 0);
        d.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn new_jobs_go_out_when_the_drain_is_woken() {
        let (store, svc, _dir) = setup(0);
        let (out, mut writes) = link(Vec::new());
        let d = Drain::start(&store, &svc, out, true);
        quiet(&mut writes).await;
        publish(&store, 0..3);
        let woken = Instant::now();
        d.wake.notify_one();
        let w = writes.recv().await.unwrap();
        assert_eq!(w.items, ids(0..3));
        assert_eq!(w.at, woken, "no wait for the idle look");
        // Unwoken, jobs still go out, at the drain's next idle look.
        publish(&store, 3..5);
        let unwoken = Instant::now();
        let w = writes.recv().await.unwrap();
        assert_eq!(w.items, ids(3..5));
        assert!(w.at - unwoken <= DRAIN_IDLE, "{:?}", w.at - unwoken);
        d.stop().await;
    }
}
