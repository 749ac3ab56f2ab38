//! When each feed is due. [`policy`] is the pure arithmetic (interval or cron, clamping,
//! adaptation to how often the feed really changes and to the hints it gives, backoff with
//! jitter, start-up spread, the wait before a host may be asked again); [`Scheduler`] is the
//! runtime: a due-time queue, coalescing (a feed queued or in flight is never queued twice) and
//! the fetch limits. It does no HTTP or XML and writes nothing: it reads the feed states once to
//! know what is due, calls [`crate::poll::ingest::Ingest::poll`] and reports each outcome to a sink.
//!
//! A poll starts only when, in this order, (1) its host has a free slot (`[fetch]
//! max_per_host`), (2) the host's turn has come: `[fetch] per_host_interval` after the host's
//! previous request started, and not before a Retry-After the host gave (a 429/503 with
//! Retry-After holds every feed of that host, other hosts are unaffected), and only then (3) a
//! global slot is free (`[fetch] max_concurrent`). Per-host waits come first so that feeds
//! queued behind one slow or held host never sit on global slots that other hosts could use.
//! Feeds added by users also take a slot of their own pool before the global one: together
//! they hold at most half of the global slots, so strangers' feeds (slow servers, many
//! subdomains of one) cannot crowd out the operator's.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

use crate::config::{Config, FetchConfig, PollConfig};
use crate::poll::ingest::{Ingest, PollReport};
use crate::poll::policy;
use crate::store::Store;

/// What the scheduler needs of the poll side: the configuration, the feeds to schedule, one
/// poll, and the time. [`Ingest`] in the daemon; the scheduler's tests put a scripted source
/// here and run it on paused time.
pub trait Source: Send + Sync + 'static {
    /// The configuration to run with now (`[poll]`, `[fetch]`).
    fn config(&self) -> Arc<Config>;
    /// Where the feeds to schedule are read.
    fn store(&self) -> &Arc<dyn Store>;
    /// The host of every feed's current URL, by node.
    fn hosts(&self) -> HashMap<String, String>;
    /// Fetch, normalise and store one feed.
    fn poll_feed(self: &Arc<Self>, node: &str) -> impl Future<Output = PollReport> + Send;
    /// The current time, Unix milliseconds.
    fn now_ms(&self) -> i64 {
        crate::clock::now_ms()
    }
}

impl Source for Ingest {
    fn config(&self) -> Arc<Config> {
        Ingest::config(self)
    }

    fn store(&self) -> &Arc<dyn Store> {
        Ingest::store(self)
    }

    fn hosts(&self) -> HashMap<String, String> {
        Ingest::hosts(self)
    }

    fn poll_feed(self: &Arc<Self>, node: &str) -> impl Future<Output = PollReport> + Send {
        Ingest::poll(self, node)
    }
}

/// Requests to the running scheduler.
#[derive(Debug)]
pub enum Command {
    /// A feed was added (or changed): schedule it from its stored state.
    Add(String),
    /// Stop polling a feed.
    Remove(String),
    /// Poll a feed as soon as limits allow (coalesced with a queued or in-flight poll).
    PollNow(String),
    /// Run with this configuration's `[poll]` and `[fetch]` limits from now on (a reload).
    Reconfigure(Arc<crate::config::Config>),
    /// One of a cluster: poll exactly these feeds (those of the web hosts whose poll leases
    /// this instance holds) from now on; `hosts` are those hosts.
    Polls {
        /// The feeds, by node.
        nodes: Vec<String>,
        /// Their web hosts.
        hosts: HashSet<String>,
    },
}

/// Handle to send commands to the scheduler.
#[derive(Clone)]
pub struct SchedulerHandle(mpsc::Sender<Command>);

impl SchedulerHandle {
    /// Send a command to the scheduler (waits while its queue is full).
    pub async fn send(&self, c: Command) {
        let _ = self.0.send(c).await;
    }
}

/// Polls start together on ticks of this length: every feed due within a tick starts at its
/// end. Thousands of feeds spread over their intervals then wake the process once a second
/// instead of once per poll (each wake-up costs more than a 304 itself), for at most this much
/// delay (the scale benchmark's steady 304 poll: 99 µs with 250 ms ticks, 84 µs with 1 s).
pub const START_TICK_MS: i64 = 1000;

/// The end of the start tick that `due_ms` falls in.
fn start_tick(due_ms: i64) -> i64 {
    due_ms.div_euclid(START_TICK_MS) * START_TICK_MS
        + if due_ms.rem_euclid(START_TICK_MS) == 0 {
            0
        } else {
            START_TICK_MS
        }
}

/// How long in-flight polls may go on after shutdown was asked for.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);
/// Bound of the command channel.
const COMMAND_QUEUE: usize = 256;

/// How long the host of a poll must be left alone after it, or None. A 429/503 that came with
/// a Retry-After is the server speaking for the whole host, so every feed on it waits; the
/// length is the feed's next due time, which ingest derived from the Retry-After within the
/// operator's interval bounds (an absurd hint cannot idle a host for longer than
/// `[poll] max_interval`). A 429/503 without Retry-After backs off that feed alone: its backoff
/// grows with its own error count, and one failing feed must not idle its host for a day.
fn retry_hold(report: &PollReport, now_ms: i64) -> Option<Duration> {
    report.retry_after?;
    let ms = u64::try_from(report.next_due?.saturating_sub(now_ms)).ok()?;
    (ms > 0).then(|| Duration::from_millis(ms))
}

/// The politeness state of one host, shared by the polls of its feeds.
struct Host {
    /// For logs.
    name: String,
    /// Fetches in flight against this host (`[fetch] max_per_host`).
    permits: Arc<Semaphore>,
    /// When the host's last request started. Locked by the one poll whose turn is next, for as
    /// long as it waits for that turn: starts on one host are thus serialised, in arrival order.
    last_start: tokio::sync::Mutex<Option<Instant>>,
    /// No request to this host starts before this (a Retry-After). A plain mutex, never held
    /// across an await: setting a hold must not wait for a poll sleeping on `last_start`.
    held_until: std::sync::Mutex<Option<Instant>>,
}

impl Host {
    fn new(name: String, max_per_host: usize) -> Host {
        Host {
            name,
            permits: Arc::new(Semaphore::new(max_per_host)),
            last_start: tokio::sync::Mutex::new(None),
            held_until: std::sync::Mutex::new(None),
        }
    }

    fn held_until(&self) -> Option<Instant> {
        // A poisoned lock still holds a valid Option: nothing can be half-written in it.
        *self
            .held_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Keep every request to this host until `until` (a later hold already set stays).
    fn hold(&self, until: Instant) {
        let mut held = self
            .held_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *held = Some(held.map_or(until, |t| t.max(until)));
    }

    /// Wait until a request to this host may start, then take a global permit: host slot
    /// first, then the host's turn (spacing and hold), global slot last, so that a poll waiting
    /// on its host never holds a global permit, and never sleeps holding one. None only if a
    /// semaphore was closed (never done today).
    ///
    /// `share` is the slot pool of user-added feeds (None for configured feeds), taken just
    /// before the global slot.
    async fn start(
        &self,
        global: &Arc<Semaphore>,
        share: Option<&Arc<Semaphore>>,
        gap: Duration,
    ) -> Option<Started> {
        let host_permit = self.permits.clone().acquire_owned().await.ok()?;
        let mut last = self.last_start.lock().await;
        loop {
            loop {
                let wait = policy::host_wait(Instant::now(), *last, gap, self.held_until());
                if wait.is_zero() {
                    break;
                }
                debug!(host = %self.name, wait = ?wait, "waiting for the host's turn");
                tokio::time::sleep(wait).await;
            }
            let share_permit = match share {
                Some(s) => Some(s.clone().acquire_owned().await.ok()?),
                None => None,
            };
            let global_permit = global.clone().acquire_owned().await.ok()?;
            let now = Instant::now();
            // A Retry-After from a concurrent poll of this host may have come in while this one
            // waited for a global slot: then the slot is given back (dropped here) and the hold
            // waited out.
            if policy::host_wait(now, *last, gap, self.held_until()).is_zero() {
                *last = Some(now);
                return Some(Started {
                    _host: host_permit,
                    _share: share_permit,
                    _global: global_permit,
                });
            }
        }
    }
}

/// The permits of one started fetch, released when it is dropped.
struct Started {
    _host: OwnedSemaphorePermit,
    _share: Option<OwnedSemaphorePermit>,
    _global: OwnedSemaphorePermit,
}

/// The global slots user-added feeds may hold at once: half, so that feeds strangers add
/// (slow servers, many subdomains of one) can never crowd out the operator's own.
fn user_share(max_concurrent: usize) -> usize {
    max_concurrent.div_ceil(2).max(1)
}

/// Change a semaphore of `from` permits to `to`: more at once; fewer by taking the difference
/// for good as soon as it is free (permits in use are never taken from their holders).
fn resize(sem: &Arc<Semaphore>, from: usize, to: usize) {
    if to > from {
        sem.add_permits(to - from);
    } else if to < from {
        let (sem, n) = (sem.clone(), u32::try_from(from - to).unwrap_or(u32::MAX));
        tokio::spawn(async move {
            if let Ok(p) = sem.acquire_many_owned(n).await {
                p.forget();
            }
        });
    }
}

/// The fetch limits of one run: the global semaphore and each host's state.
struct Limits {
    global: Arc<Semaphore>,
    /// Slots of user-added feeds, within the global ones ([`user_share`]).
    users: Arc<Semaphore>,
    max_per_host: usize,
    gap: Duration,
    hosts: HashMap<String, Arc<Host>>,
}

impl Limits {
    fn new(fetch: &FetchConfig) -> Limits {
        Limits {
            global: Arc::new(Semaphore::new(fetch.max_concurrent)),
            users: Arc::new(Semaphore::new(user_share(fetch.max_concurrent))),
            max_per_host: fetch.max_per_host,
            gap: fetch.per_host_interval,
            hosts: HashMap::new(),
        }
    }

    /// Take the limits of `fetch` (a reload), in place: the same semaphores and hosts, so
    /// polls already waiting for a slot, a host's turns and its holds (Retry-After) all stay
    /// under one set of limits. A lower limit takes effect as fetches in flight end.
    fn reconfigure(&mut self, old: &FetchConfig, fetch: &FetchConfig) {
        resize(&self.global, old.max_concurrent, fetch.max_concurrent);
        resize(
            &self.users,
            user_share(old.max_concurrent),
            user_share(fetch.max_concurrent),
        );
        if old.max_per_host != fetch.max_per_host {
            for host in self.hosts.values() {
                resize(&host.permits, old.max_per_host, fetch.max_per_host);
            }
        }
        self.max_per_host = fetch.max_per_host;
        self.gap = fetch.per_host_interval;
    }

    /// The state of `host`, created on first use.
    fn host(&mut self, host: String) -> Arc<Host> {
        let max_per_host = self.max_per_host;
        self.hosts
            .entry(host)
            .or_insert_with_key(|name| Arc::new(Host::new(name.clone(), max_per_host)))
            .clone()
    }
}

/// The runtime scheduler, polling through `S` ([`Ingest`] in the daemon).
pub struct Scheduler<S: Source = Ingest> {
    ingest: Arc<S>,
    rx: mpsc::Receiver<Command>,
    reports: mpsc::Sender<PollReport>,
    /// One of a cluster: nothing is polled but what [`Command::Polls`] names.
    leased: bool,
}

impl<S: Source> Scheduler<S> {
    /// A scheduler reporting every poll to `reports`.
    pub fn new(
        ingest: Arc<S>,
        reports: mpsc::Sender<PollReport>,
    ) -> (Scheduler<S>, SchedulerHandle) {
        let (tx, rx) = mpsc::channel(COMMAND_QUEUE);
        (
            Scheduler {
                ingest,
                rx,
                reports,
                leased: false,
            },
            SchedulerHandle(tx),
        )
    }

    /// One of a cluster: poll only the feeds [`Command::Polls`] names (none until then).
    pub fn leased(mut self) -> Self {
        self.leased = true;
        self
    }

    /// Run until `shutdown`; in-flight polls are finished before returning.
    pub async fn run(self, shutdown: CancellationToken) {
        let Scheduler {
            ingest,
            mut rx,
            reports,
            leased,
        } = self;
        let mut cfg = ingest.config();
        let mut limits = Limits::new(&cfg.fetch);
        let (done_tx, mut done_rx) = mpsc::channel::<Done>(COMMAND_QUEUE);
        let mut queue = Queue {
            node_host: ingest.hosts(),
            leased: leased.then(HashSet::new),
            ..Queue::default()
        };
        if !leased {
            queue.load(&*ingest, &cfg.poll).await;
        }
        let polls = Polls {
            ingest,
            reports,
            done: done_tx,
            shutdown: shutdown.clone(),
            abort: CancellationToken::new(),
            tracker: TaskTracker::new(),
        };

        loop {
            let next = queue.due.first().map(|(t, _)| *t);
            let sleep = match next {
                Some(t) => Duration::from_millis(
                    start_tick(t).saturating_sub(polls.ingest.now_ms()).max(0) as u64,
                ),
                None => Duration::from_secs(3600),
            };
            tokio::select! {
                _ = shutdown.cancelled() => break,
                Some(cmd) = rx.recv() => match cmd {
                    Command::Add(node) => queue.add(node, &*polls.ingest, &cfg.poll).await,
                    Command::Remove(node) => queue.remove(&node),
                    Command::Reconfigure(new) => {
                        limits.reconfigure(&cfg.fetch, &new.fetch);
                        cfg = new;
                    }
                    Command::PollNow(node) => queue.poll_now(node, &*polls.ingest),
                    Command::Polls { nodes, hosts } => {
                        queue.keep_only(nodes, hosts, &*polls.ingest, &cfg.poll).await
                    }
                },
                Some(done) = done_rx.recv() => queue.reported(done),
                _ = tokio::time::sleep(sleep), if next.is_some() => {
                    queue.start_due(polls.ingest.now_ms(), &mut limits, &polls);
                }
            }
        }
        polls.finish().await;
    }
}

/// What a poll task sends back to the run loop when it reports: its node, when it is due next,
/// and the host of its URL (it may have moved).
type Done = (String, Option<i64>, Option<String>);

/// The run loop's view of the feeds: the due-time queue and what each feed needs to start.
#[derive(Default)]
struct Queue {
    /// (due ms, node) ordered.
    due: BTreeSet<(i64, String)>,
    /// Nodes wanted (in `due`, or in flight and to be rescheduled).
    queued: HashSet<String>,
    /// Nodes being polled right now: never started a second time before they report back.
    in_flight: HashSet<String>,
    /// The host of each feed's current URL, by node.
    node_host: HashMap<String, String>,
    /// Nodes of user-added feeds (they share a part of the global slots).
    user_nodes: HashSet<String>,
    /// One of a cluster: the web hosts whose feeds are this instance's to poll (a feed of any
    /// other is not scheduled).
    leased: Option<HashSet<String>>,
}

impl Queue {
    /// Schedule every polled feed of the store; those never fetched or overdue are spread over
    /// the start-up spread.
    async fn load<S: Source>(&mut self, ingest: &S, poll: &PollConfig) {
        let now = ingest.now_ms();
        let store = ingest.store().clone();
        let feeds = match crate::blocking::run(move || store.feeds()).await {
            Ok(feeds) => feeds,
            Err(e) => {
                warn!(error = %e, "cannot list feeds to schedule");
                return;
            }
        };
        let fresh = feeds
            .iter()
            .filter(|f| f.is_polled() && f.next_due.is_none_or(|t| t <= now))
            .count();
        if fresh > 0 {
            info!(
                feeds = fresh,
                spread_secs = policy::first_spread(poll).as_secs(),
                "first fetch of {fresh} feeds (new or overdue) spread over {}s",
                policy::first_spread(poll).as_secs()
            );
        }
        for f in feeds {
            if matches!(f.origin, crate::model::Origin::User { .. }) {
                self.user_nodes.insert(f.node.clone());
            }
            if !f.is_polled() {
                continue;
            }
            let t = policy::first_due(&f, poll, now, rand::random());
            self.due.insert((t, f.node.clone()));
            self.queued.insert(f.node);
        }
    }

    /// Poll exactly `nodes` (of `hosts`) from now on: others leave the queue (a poll in flight
    /// finishes; what it writes the store refuses once its lease is gone), new ones are
    /// scheduled from their stored state (when the instance that held their host had them
    /// due, give or take the start-up spread for overdue ones).
    async fn keep_only<S: Source>(
        &mut self,
        nodes: Vec<String>,
        hosts: HashSet<String>,
        ingest: &S,
        poll: &PollConfig,
    ) {
        let wanted: HashSet<String> = nodes.into_iter().collect();
        let gone: Vec<String> = (self.queued.iter())
            .filter(|n| !wanted.contains(*n))
            .cloned()
            .collect();
        for n in &gone {
            self.remove(n);
        }
        self.leased = Some(hosts);
        let new: Vec<String> = (wanted.into_iter())
            .filter(|n| !self.queued.contains(n))
            .collect();
        if !gone.is_empty() || !new.is_empty() {
            info!(
                given_up = gone.len(),
                taken = new.len(),
                "the feeds this instance polls changed"
            );
        }
        for n in new {
            self.add(n, ingest, poll).await;
        }
    }

    /// Schedule a feed added or changed, from its stored state (one in flight is rescheduled
    /// when that poll reports back). One of a cluster schedules only a feed of a web host it
    /// holds.
    async fn add<S: Source>(&mut self, node: String, ingest: &S, poll: &PollConfig) {
        if !self.queued.insert(node.clone()) || self.in_flight.contains(&node) {
            return;
        }
        let (store, n) = (ingest.store().clone(), node.clone());
        let t = match crate::blocking::run(move || store.feed(&n)).await {
            Ok(Some(f)) => {
                if let Some(hosts) = &self.leased {
                    let host = crate::net::normalize_url(&f.url)
                        .and_then(|u| u.host_str().map(str::to_owned));
                    if !host.is_some_and(|h| hosts.contains(&h)) {
                        self.queued.remove(&node);
                        return;
                    }
                }
                if let Some(h) = crate::net::url_host(&f.url) {
                    self.node_host.insert(node.clone(), h);
                }
                if matches!(f.origin, crate::model::Origin::User { .. }) {
                    self.user_nodes.insert(node.clone());
                }
                policy::first_due(&f, poll, ingest.now_ms(), rand::random())
            }
            _ => ingest.now_ms(),
        };
        self.due.insert((t, node));
    }

    /// Stop scheduling a feed (a poll in flight finishes, and is not rescheduled).
    fn remove(&mut self, node: &str) {
        self.due.retain(|(_, n)| n != node);
        self.queued.remove(node);
        self.user_nodes.remove(node);
        self.node_host.remove(node);
    }

    /// Make a feed due now; one in flight is coalesced (and kept scheduled afterwards). One of
    /// a cluster leaves a feed it does not poll to the instance that does.
    fn poll_now<S: Source>(&mut self, node: String, ingest: &S) {
        if self.leased.is_some() && !self.queued.contains(&node) {
            debug!(
                node,
                "not polled by this instance; left to the one that holds its host"
            );
            return;
        }
        let in_due = self.due.iter().find(|(_, n)| n == &node).cloned();
        match in_due {
            Some(entry) => {
                self.due.remove(&entry);
                self.due.insert((ingest.now_ms(), node));
            }
            None if self.in_flight.contains(&node) => {
                self.queued.insert(node.clone());
                debug!(node, "poll already in flight; coalesced");
            }
            None => {
                self.queued.insert(node.clone());
                self.due.insert((ingest.now_ms(), node));
            }
        }
    }

    /// A poll reported back: reschedule its feed when it is still wanted and has a next time.
    fn reported(&mut self, (node, next, host): Done) {
        self.in_flight.remove(&node);
        if let Some(h) = host {
            self.node_host.insert(node.clone(), h);
        }
        match next {
            Some(t) if self.queued.contains(&node) => {
                self.due.insert((t, node));
            }
            _ => {
                self.queued.remove(&node);
            }
        }
    }

    /// Start every poll due by `now`, each in its own task, waiting there for its turn.
    fn start_due<S: Source>(&mut self, now: i64, limits: &mut Limits, polls: &Polls<S>) {
        while let Some((t, _)) = self.due.first() {
            if *t > now {
                break;
            }
            let Some((_, node)) = self.due.pop_first() else {
                break;
            };
            self.in_flight.insert(node.clone());
            let host = limits.host(self.node_host.get(&node).cloned().unwrap_or_default());
            let share = self
                .user_nodes
                .contains(&node)
                .then(|| limits.users.clone());
            polls.spawn(
                node,
                Turn {
                    host,
                    global: limits.global.clone(),
                    share,
                    gap: limits.gap,
                },
            );
        }
    }
}

/// Where one poll waits for its turn: its host, the global slots, and for a user-added feed
/// the users' share of them.
struct Turn {
    host: Arc<Host>,
    global: Arc<Semaphore>,
    share: Option<Arc<Semaphore>>,
    gap: Duration,
}

/// What every poll task is given: the source, where it reports, and what stops it.
struct Polls<S: Source> {
    ingest: Arc<S>,
    reports: mpsc::Sender<PollReport>,
    done: mpsc::Sender<Done>,
    /// Shutdown was asked for: polls still waiting for their turn don't start.
    shutdown: CancellationToken,
    /// The shutdown grace is over: polls in flight are dropped.
    abort: CancellationToken,
    tracker: TaskTracker,
}

impl<S: Source> Polls<S> {
    /// Poll `node` in a task of its own once its turn comes, then report.
    fn spawn(&self, node: String, turn: Turn) {
        let ingest = self.ingest.clone();
        let reports = self.reports.clone();
        let done = self.done.clone();
        let (stopping, abort) = (self.shutdown.clone(), self.abort.clone());
        self.tracker.spawn(async move {
            let report = tokio::select! {
                r = poll_in_turn(&ingest, &node, &turn, &stopping) => r,
                _ = abort.cancelled() => None,
            };
            if let Some(report) = report {
                let (next, host) = (report.next_due, report.host.clone());
                let _ = reports.send(report).await;
                let _ = done.send((node, next, host)).await;
            }
        });
    }

    /// Give the polls in flight a short grace (a fetch may take its whole timeout), then drop
    /// them: nothing is lost, the feed is simply fetched again after the restart.
    async fn finish(self) {
        self.tracker.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.tracker.wait())
            .await
            .is_err()
        {
            self.abort.cancel();
            self.tracker.wait().await;
        }
    }
}

/// Poll `node` once its turn comes; None when shutdown came first (then it does not start,
/// and the shutdown does not wait for a turn that may be far off) or a semaphore was closed.
/// A Retry-After in the answer holds the poll's whole host.
async fn poll_in_turn<S: Source>(
    ingest: &Arc<S>,
    node: &str,
    turn: &Turn,
    stopping: &CancellationToken,
) -> Option<PollReport> {
    let started = tokio::select! {
        biased;
        _ = stopping.cancelled() => None,
        s = turn.host.start(&turn.global, turn.share.as_ref(), turn.gap) => s,
    };
    let _started = started?;
    let report = ingest.poll_feed(node).await;
    // Set before this poll's host slot is released, so that the next poll of the host already
    // sees the hold.
    if let Some(hold) = retry_hold(&report, ingest.now_ms()) {
        if let Some(until) = Instant::now().checked_add(hold) {
            info!(
                host = %turn.host.name,
                node = %node,
                hold = ?hold,
                "host sent Retry-After; all its feeds wait"
            );
            turn.host.hold(until);
        }
    }
    Some(report)
}

/// Poll every given node once, within the configured limits (per-host slots and spacing, then
/// global slots, as the scheduler does), and return the reports in the order of `nodes`.
///
/// A Retry-After does not hold the host here: a one-shot run would otherwise hang for as long
/// as the server asked (up to `[poll] max_interval`); each feed is asked once anyway.
pub async fn poll_once(ingest: Arc<Ingest>, nodes: Vec<String>) -> Vec<PollReport> {
    let cfg = ingest.config().clone();
    let mut limits = Limits::new(&cfg.fetch);
    let mut tasks = Vec::with_capacity(nodes.len());
    let node_host = ingest.hosts();
    for node in nodes {
        let host = limits.host(node_host.get(&node).cloned().unwrap_or_default());
        let (global, gap) = (limits.global.clone(), limits.gap);
        let ingest = ingest.clone();
        tasks.push(tokio::spawn(async move {
            // None only if a semaphore was closed, which never happens: poll anyway then.
            let _started = host.start(&global, None, gap).await;
            ingest.poll(&node).await
        }));
    }
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        match t.await {
            Ok(r) => out.push(r),
            Err(e) => warn!(error = %e, "poll task failed"),
        }
    }
    out
}

#[cfg(test)]
mod politeness_tests {
    //! The per-host gate, driven by polling its futures once: nothing here sleeps for real.

    use super::*;
    use crate::model::Health;
    use futures::FutureExt;

    /// Longer than any test runs: a start behind it stays pending.
    const FAR: Duration = Duration::from_secs(3600);

    /// A report; an error text with "retry after Ns" stands for a Retry-After of N seconds.
    fn report(status: &str, error: Option<&str>, next_due: Option<i64>) -> PollReport {
        let retry_after = error
            .and_then(|e| e.split("retry after ").nth(1))
            .and_then(|s| s.trim_end_matches('s').parse().ok())
            .filter(|_| matches!(status, "429" | "503"))
            .map(Duration::from_secs);
        PollReport {
            retry_after,
            node: "n".into(),
            status: crate::poll::status::PollStatus::Http(status.parse().expect("an http status")),
            error: error.map(str::to_owned),
            entries_seen: 0,
            new: Vec::new(),
            updated: Vec::new(),
            announce: false,
            next_due,
            health: Health::Transient,
            host: Some("h".into()),
        }
    }

    #[test]
    fn user_feeds_hold_at_most_half_the_global_slots() {
        assert_eq!(user_share(16), 8);
        assert_eq!(user_share(3), 2);
        assert_eq!(user_share(1), 1);
        let global = Arc::new(Semaphore::new(4));
        let users = Arc::new(Semaphore::new(user_share(4)));
        let hosts: Vec<Host> = (0..4).map(|i| Host::new(format!("u{i}"), 1)).collect();
        let started: Vec<_> = hosts
            .iter()
            .map(|h| {
                h.start(&global, Some(&users), Duration::ZERO)
                    .now_or_never()
                    .flatten()
            })
            .collect();
        assert_eq!(started.iter().filter(|s| s.is_some()).count(), 2);
        // A configured feed still starts: two global slots are left for them.
        let op = Host::new("operator".into(), 1);
        assert!(op
            .start(&global, None, Duration::ZERO)
            .now_or_never()
            .flatten()
            .is_some());
    }

    #[test]
    fn only_a_retry_after_holds_the_host() {
        let now = 1_000_000;
        let r = report(
            "429",
            Some("http status 429, retry after 120s"),
            Some(now + 120_000),
        );
        assert_eq!(retry_hold(&r, now), Some(Duration::from_secs(120)));
        let r = report(
            "503",
            Some("http status 503, retry after 5s"),
            Some(now + 5_000),
        );
        assert_eq!(retry_hold(&r, now), Some(Duration::from_secs(5)));
        // No Retry-After: the feed's own backoff, not the host's.
        let r = report("429", Some("http status 429"), Some(now + 60_000));
        assert_eq!(retry_hold(&r, now), None);
        // Another status, a due time already past, no due time: no hold.
        let r = report(
            "500",
            Some("http status 500, retry after 5s"),
            Some(now + 5_000),
        );
        assert_eq!(retry_hold(&r, now), None);
        let r = report(
            "429",
            Some("http status 429, retry after 5s"),
            Some(now - 1),
        );
        assert_eq!(retry_hold(&r, now), None);
        let r = report("429", Some("http status 429, retry after 5s"), None);
        assert_eq!(retry_hold(&r, now), None);
    }

    #[tokio::test]
    async fn a_poll_waiting_on_its_host_holds_no_global_slot() {
        let global = Arc::new(Semaphore::new(2));
        let (a, b) = (Host::new("a".into(), 1), Host::new("b".into(), 1));
        let first = a
            .start(&global, None, Duration::ZERO)
            .now_or_never()
            .flatten();
        assert!(first.is_some(), "a free host starts at once");
        assert_eq!(global.available_permits(), 1);
        // A second poll of `a` waits for a's slot without taking the last global slot...
        let mut second = Box::pin(a.start(&global, None, Duration::ZERO));
        assert!((&mut second).now_or_never().is_none());
        assert_eq!(global.available_permits(), 1);
        // ...which another host gets at once.
        let other = b
            .start(&global, None, Duration::ZERO)
            .now_or_never()
            .flatten();
        assert!(other.is_some(), "host b starved by the queue of host a");
        drop((first, other));
        assert!(second.now_or_never().flatten().is_some());
    }

    #[tokio::test]
    async fn a_host_is_not_asked_again_within_the_gap() {
        let global = Arc::new(Semaphore::new(4));
        let host = Host::new("h".into(), 2);
        let first = host.start(&global, None, FAR).now_or_never().flatten();
        assert!(first.is_some());
        // A host slot is free, but the gap since the first start is not over: pending, and
        // sleeping without a global slot.
        let mut second = Box::pin(host.start(&global, None, FAR));
        assert!((&mut second).now_or_never().is_none());
        assert_eq!(global.available_permits(), 3);
    }

    #[tokio::test]
    async fn a_hold_keeps_every_poll_of_its_host_and_only_those() {
        let global = Arc::new(Semaphore::new(4));
        let (held, other) = (Host::new("held".into(), 4), Host::new("other".into(), 4));
        let until = Instant::now() + FAR;
        held.hold(until);
        // A shorter hold coming later does not shorten it.
        held.hold(Instant::now());
        assert_eq!(held.held_until(), Some(until));
        let mut waiting = Box::pin(held.start(&global, None, Duration::ZERO));
        assert!((&mut waiting).now_or_never().is_none());
        assert_eq!(global.available_permits(), 4);
        let started = other
            .start(&global, None, Duration::ZERO)
            .now_or_never()
            .flatten();
        assert!(started.is_some(), "another host is not held");
    }

    #[test]
    fn limits_keep_one_state_per_host() {
        let fetch = FetchConfig {
            user_agent: "t".into(),
            timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(1),
            max_body_bytes: 1,
            allow_private_addresses: false,
            max_concurrent: 3,
            max_per_host: 2,
            per_host_interval: Duration::from_millis(250),
        };
        let mut limits = Limits::new(&fetch);
        let a = limits.host("a".into());
        assert!(Arc::ptr_eq(&a, &limits.host("a".into())));
        assert!(!Arc::ptr_eq(&a, &limits.host("b".into())));
        assert_eq!(a.permits.available_permits(), 2);
        assert_eq!(limits.global.available_permits(), 3);
        assert_eq!(limits.gap, Duration::from_millis(250));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_start_at_the_end_of_their_tick() {
        let t = START_TICK_MS;
        assert_eq!(start_tick(4 * t), 4 * t, "on a tick: then");
        assert_eq!(start_tick(4 * t + 1), 5 * t, "just after one: the next");
        assert_eq!(start_tick(5 * t - 1), 5 * t);
        assert_eq!(start_tick(-1), 0);
    }
}

#[cfg(test)]
mod paused_tests {
    //! The scheduler's loop on paused tokio time, with a scripted [`Source`] in place of HTTP:
    //! when each poll starts is exact virtual time, whatever the machine's load.

    use std::sync::Mutex;

    use super::*;
    use crate::config::Schedule;
    use crate::model::{FeedState, Health, Origin};
    use crate::poll::status::PollStatus;

    /// Unix ms at a test's start: a whole number of start ticks, so due times fall on ticks.
    const T0_MS: i64 = 1_700_000_000_000;
    /// The scripted Retry-After.
    const RETRY_AFTER: Duration = Duration::from_secs(30);

    /// How one poll answers.
    #[derive(Clone, Copy, Debug)]
    struct Answer {
        status: u16,
        /// A Retry-After the server sent.
        retry_after: Option<Duration>,
        /// Due again this long after the poll ends; None: never again.
        again: Option<Duration>,
        /// How long the poll takes.
        takes: Duration,
    }

    fn ok(again: Duration) -> Answer {
        Answer {
            status: 200,
            retry_after: None,
            again: Some(again),
            takes: Duration::ZERO,
        }
    }

    /// The answer of poll number `n` (from 0) of a node.
    type Script = Box<dyn Fn(&Config, &str, u32) -> Answer + Send + Sync>;

    /// A source whose polls answer from a script and note when they started.
    struct Scripted {
        cfg: Arc<Config>,
        store: Arc<dyn Store>,
        t0: Instant,
        script: Script,
        /// (node, ms since the start) of every poll, in the order they started.
        started: Mutex<Vec<(String, i64)>>,
        /// Per host: polls in flight now, and the most there ever were at once.
        in_flight: Mutex<HashMap<String, (usize, usize)>>,
        _dir: tempfile::TempDir,
    }

    impl Scripted {
        /// Feeds (node, url, due this many ms after the start); one fetch at a time per host,
        /// 100 ms apart.
        fn new(feeds: &[(&str, &str, i64)], script: Script) -> Arc<Scripted> {
            let dir = tempfile::tempdir().unwrap();
            let text = format!(
                "[component]\njid = \"feeds.example.org\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n\
                 [storage]\npath = \"{}\"\n\
                 [fetch]\nmax_concurrent = 4\nmax_per_host = 1\nper_host_interval = \"100ms\"\n\
                 [poll]\nmin_interval = \"1s\"\ndefault_interval = \"10s\"\nmax_interval = \"1h\"\n",
                dir.path().join("store").display()
            );
            let cfg = Arc::new(Config::parse(&dir.path().join("feeds.toml"), &text).unwrap());
            let store: Arc<dyn Store> =
                crate::store::open(&cfg.storage.path, crate::config::DEFAULT_CACHE_MB).unwrap();
            for (node, url, due) in feeds {
                let mut f = FeedState::new(node, url, None, Origin::Config);
                f.next_due = Some(T0_MS + due);
                store.put_feed(&f).unwrap();
            }
            Arc::new(Scripted {
                cfg,
                store,
                t0: Instant::now(),
                script,
                started: Mutex::default(),
                in_flight: Mutex::default(),
                _dir: dir,
            })
        }

        fn elapsed_ms(&self) -> i64 {
            i64::try_from(self.t0.elapsed().as_millis()).unwrap()
        }

        /// When the polls of `node` started, ms after the start.
        fn starts(&self, node: &str) -> Vec<i64> {
            self.log()
                .into_iter()
                .filter(|(n, _)| n == node)
                .map(|(_, t)| t)
                .collect()
        }

        fn log(&self) -> Vec<(String, i64)> {
            self.started.lock().unwrap().clone()
        }

        /// The most polls of `host` that were ever in flight at once.
        fn most_at_once(&self, host: &str) -> usize {
            self.in_flight.lock().unwrap().get(host).map_or(0, |c| c.1)
        }

        /// Count a poll of `host` in (+1) or out (-1).
        fn count(&self, host: &str, start: bool) {
            let mut all = self.in_flight.lock().unwrap();
            let c = all.entry(host.to_owned()).or_default();
            if start {
                c.0 += 1;
                c.1 = c.1.max(c.0);
            } else {
                c.0 -= 1;
            }
        }
    }

    impl Source for Scripted {
        fn config(&self) -> Arc<Config> {
            self.cfg.clone()
        }

        fn store(&self) -> &Arc<dyn Store> {
            &self.store
        }

        fn hosts(&self) -> HashMap<String, String> {
            self.store
                .feeds()
                .unwrap()
                .into_iter()
                .filter_map(|f| Some((f.node, crate::net::url_host(&f.url)?)))
                .collect()
        }

        fn poll_feed(self: &Arc<Self>, node: &str) -> impl Future<Output = PollReport> + Send {
            let (this, node) = (self.clone(), node.to_owned());
            async move {
                let n = {
                    let mut started = this.started.lock().unwrap();
                    let n = started.iter().filter(|(x, _)| *x == node).count();
                    started.push((node.clone(), this.elapsed_ms()));
                    u32::try_from(n).unwrap()
                };
                let a = (this.script)(&this.cfg, &node, n);
                let url = this.store.feed(&node).unwrap().map(|f| f.url);
                let host = url.as_deref().and_then(crate::net::url_host);
                this.count(host.as_deref().unwrap_or_default(), true);
                if !a.takes.is_zero() {
                    tokio::time::sleep(a.takes).await;
                }
                this.count(host.as_deref().unwrap_or_default(), false);
                let now = this.now_ms();
                PollReport {
                    node: node.clone(),
                    status: PollStatus::Http(a.status),
                    error: None,
                    entries_seen: 0,
                    new: Vec::new(),
                    updated: Vec::new(),
                    announce: false,
                    next_due: a.again.map(|d| policy::later(now, d)),
                    health: Health::Ok,
                    host,
                    retry_after: a.retry_after,
                }
            }
        }

        fn now_ms(&self) -> i64 {
            T0_MS + self.elapsed_ms()
        }
    }

    /// A scheduler running over a scripted source.
    struct Running {
        handle: SchedulerHandle,
        reports: mpsc::Receiver<PollReport>,
        stop: CancellationToken,
        task: tokio::task::JoinHandle<()>,
    }

    impl Running {
        fn start(src: &Arc<Scripted>) -> Running {
            // Room for every report of a run: nothing here reads them while it goes on.
            let (tx, reports) = mpsc::channel(4096);
            let (sched, handle) = Scheduler::new(src.clone(), tx);
            let stop = CancellationToken::new();
            let task = tokio::spawn(sched.run(stop.clone()));
            Running {
                handle,
                reports,
                stop,
                task,
            }
        }

        /// Stop; every report sent.
        async fn stop(mut self) -> Vec<PollReport> {
            self.stop.cancel();
            self.task.await.unwrap();
            drop(self.handle);
            let mut out = Vec::new();
            while let Ok(r) = self.reports.try_recv() {
                out.push(r);
            }
            out
        }
    }

    /// Advance virtual time to `ms` after the start.
    async fn until(src: &Scripted, ms: i64) {
        let left = ms - src.elapsed_ms();
        tokio::time::sleep(Duration::from_millis(u64::try_from(left).unwrap())).await;
    }

    #[tokio::test(start_paused = true)]
    async fn polls_start_in_due_order_at_the_end_of_their_tick() {
        let src = Scripted::new(
            &[
                ("late", "http://a.example/f", 3000),
                ("first", "http://b.example/f", 1000),
                // Due within the tick that ends at 3 s: starts then, before "late".
                ("mid", "http://c.example/f", 2500),
            ],
            Box::new(|_, _, _| Answer {
                again: None,
                ..ok(Duration::ZERO)
            }),
        );
        let run = Running::start(&src);
        until(&src, 10_000).await;
        let reports = run.stop().await;
        assert_eq!(
            src.log(),
            vec![
                ("first".to_owned(), 1000),
                ("mid".to_owned(), 3000),
                ("late".to_owned(), 3000)
            ]
        );
        let nodes: Vec<&str> = reports.iter().map(|r| r.node.as_str()).collect();
        assert_eq!(nodes, ["first", "mid", "late"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_feed_is_polled_once_at_a_time_and_poll_now_moves_it_up() {
        // Each poll takes 5 s; due again a minute after it ends.
        let src = Scripted::new(
            &[("slow", "http://a.example/f", 1000)],
            Box::new(|_, _, _| Answer {
                takes: Duration::from_secs(5),
                ..ok(Duration::from_secs(60))
            }),
        );
        let run = Running::start(&src);
        until(&src, 2000).await;
        // In flight: coalesced, not started a second time.
        run.handle.send(Command::PollNow("slow".into())).await;
        until(&src, 10_000).await;
        assert_eq!(src.starts("slow"), [1000]);
        // Queued for 66 s: moved to now.
        run.handle.send(Command::PollNow("slow".into())).await;
        until(&src, 82_000).await;
        let reports = run.stop().await;
        // Then due a minute after that poll ended (15 s): at 75 s.
        assert_eq!(src.starts("slow"), [1000, 10_000, 75_000]);
        assert_eq!(reports.len(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_feed_backs_off_doubling_then_keeps_its_interval() {
        // Every 10 s by the configuration; the first four polls fail. The backoff's jitter
        // is fixed at its least (half the doubled interval) and the interval's at its least
        // (-10 %): each wait is known to the millisecond.
        let src = Scripted::new(
            &[("f", "http://a.example/f", 1000)],
            Box::new(|cfg, _, n| {
                let failing = n < 4;
                let mut state = FeedState::new("f", "http://a.example/f", None, Origin::Config);
                state.error_count = if failing { n + 1 } else { 0 };
                let result = if failing {
                    policy::Result::TransientError
                } else {
                    policy::Result::Ok
                };
                let every = Schedule::Interval(Duration::from_secs(10));
                let due = policy::next_due(result, &every, &cfg.poll, &state, 0, 0.0).unwrap();
                Answer {
                    status: if failing { 503 } else { 200 },
                    ..ok(Duration::from_millis(u64::try_from(due).unwrap()))
                }
            }),
        );
        let run = Running::start(&src);
        until(&src, 100_000).await;
        let reports = run.stop().await;
        // Waits of 5, 10, 20, 40 s after the failures, then the interval (9 s) again.
        assert_eq!(
            src.starts("f"),
            [1000, 6000, 16_000, 36_000, 76_000, 85_000, 94_000]
        );
        let statuses: Vec<String> = reports.iter().map(|r| r.status.to_string()).collect();
        assert_eq!(statuses, ["503", "503", "503", "503", "200", "200", "200"]);
    }

    /// Two feeds on the held host (`busy` answers its first poll with a 429 and Retry-After,
    /// `calm` is due every second) and one on another host, due every second.
    fn held_host(retry_after: Option<Duration>) -> Arc<Scripted> {
        Scripted::new(
            &[
                ("busy", "http://held.example/busy", 1000),
                ("calm", "http://held.example/calm", 2000),
                ("other", "http://other.example/o", 1000),
            ],
            Box::new(move |_, node, n| match (node, n) {
                ("busy", 0) => Answer {
                    status: 429,
                    retry_after,
                    ..ok(RETRY_AFTER)
                },
                ("busy", _) => Answer {
                    again: None,
                    ..ok(Duration::ZERO)
                },
                _ => ok(Duration::from_secs(1)),
            }),
        )
    }

    /// The property `tests/fairness.rs` once measured in a wall-clock window (and lost on a
    /// busy machine): exact here.
    #[tokio::test(start_paused = true)]
    async fn retry_after_holds_its_whole_host_and_only_it() {
        let src = held_host(Some(RETRY_AFTER));
        let run = Running::start(&src);
        until(&src, 40_500).await;
        run.stop().await;
        let hold_end = 1000 + i64::try_from(RETRY_AFTER.as_millis()).unwrap();
        // The 429 came at 1 s: nothing else on its host until the hold is over. `calm`, due
        // at 2 s, waited for it and went first; `busy` after the host's spacing.
        assert_eq!(src.starts("busy"), [1000, hold_end + 100]);
        let calm = src.starts("calm");
        assert_eq!(calm.first(), Some(&hold_end), "{:?}", src.log());
        assert!(calm.windows(2).all(|w| w[1] - w[0] == 1000), "{calm:?}");
        // The other host kept its one-second rhythm through the whole hold.
        let other: Vec<i64> = (1..=40).map(|s| s * 1000).collect();
        assert_eq!(src.starts("other"), other);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_without_retry_after_backs_off_its_feed_alone() {
        let src = held_host(None);
        let run = Running::start(&src);
        until(&src, 40_500).await;
        run.stop().await;
        let hold_end = 1000 + i64::try_from(RETRY_AFTER.as_millis()).unwrap();
        // `busy` waits for its own next due time; its host does not.
        assert_eq!(src.starts("busy"), [1000, hold_end]);
        let calm = src.starts("calm");
        assert_eq!(calm.first(), Some(&2000), "{:?}", src.log());
        assert!(calm.len() >= 38, "{calm:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_host_never_starves_another() {
        // Ten feeds on a host whose every answer takes 3 s, one fetch at a time there; a
        // feed due every second on another host.
        let mut feeds: Vec<(String, String)> = (0..10)
            .map(|i| (format!("slow{i}"), format!("http://slow.example/{i}")))
            .collect();
        feeds.push(("fast".into(), "http://fast.example/f".into()));
        let feeds: Vec<(&str, &str, i64)> = feeds
            .iter()
            .map(|(n, u)| (n.as_str(), u.as_str(), 1000))
            .collect();
        let src = Scripted::new(
            &feeds,
            Box::new(|_, node, _| Answer {
                takes: if node == "fast" {
                    Duration::ZERO
                } else {
                    Duration::from_secs(3)
                },
                ..ok(Duration::from_secs(1))
            }),
        );
        let run = Running::start(&src);
        until(&src, 60_500).await;
        run.stop().await;
        let fast: Vec<i64> = (1..=60).map(|s| s * 1000).collect();
        assert_eq!(src.starts("fast"), fast, "the fast feed kept its rhythm");
        assert_eq!(src.most_at_once("slow.example"), 1, "max_per_host");
        // The slow host was kept busy all along: one 3 s fetch after another.
        assert!(src.starts("slow0").len() >= 2, "{:?}", src.log());
        assert!(src.log().iter().filter(|(n, _)| n != "fast").count() >= 19);
    }
}
