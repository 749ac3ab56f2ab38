//! One feed's pipeline: fetch → normalize → store, and what came of it. A feed's first
//! successful fetch stores its entries as known without announcing them; later fetches announce
//! only unseen ids. The feed's state (validators, outcome, health, next due time) is written with
//! its items, after them (see [`Store::apply_fetch`] for the crash semantics); a 304 that changes
//! nothing but the times only touches the state in memory ([`Store::touch_feed`]). Holds no
//! state across calls beyond its handles.

use std::collections::HashMap;
use std::sync::Arc;

use tracing::{debug, info, warn, Instrument};
use url::Url;

use crate::config::{Config, Schedule, Swap};
use crate::model::{Announce, FeedState, Health, Origin, StoredItem};
use crate::normalize::{self, Entry, Feed, NormalizeError};
use crate::poll::fetch::{BuildError, Fetcher, Outcome, Validators};
use crate::poll::policy;
use crate::poll::status::PollStatus;
use crate::store::{Store, StoreError, CHANGE_HISTORY};

/// Consecutive fetches that must show the same 301/308 target before the stored URL moves.
pub const MOVE_AFTER: u32 = 2;
/// When a poll that found the store out of reach is tried again (at most the default
/// interval).
pub const STORE_AWAY_RETRY: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
/// Why the pipeline could not run.
pub enum IngestError {
    #[error(transparent)]
    /// The store failed.
    Store(#[from] StoreError),
    #[error(transparent)]
    /// The HTTP client could not be built.
    Http(#[from] BuildError),
}

/// What one poll of one feed came to.
#[derive(Debug, Clone)]
pub struct PollReport {
    /// The feed's node.
    pub node: String,
    /// What the poll came to.
    pub status: PollStatus,
    /// What went wrong, when something did.
    pub error: Option<String>,
    /// Entries in the fetched document (0 when nothing was fetched).
    pub entries_seen: usize,
    /// Entries stored by this poll, oldest first.
    pub new: Vec<StoredItem>,
    /// Known entries whose content changed.
    pub updated: Vec<StoredItem>,
    /// Whether `new` is to be pushed (false on a feed's first fetch).
    pub announce: bool,
    /// When the feed is due next (Unix ms), as the policy decided.
    pub next_due: Option<i64>,
    /// The feed's health after this poll.
    pub health: Health,
    /// Host of the feed's URL for its next poll (it may have moved).
    pub host: Option<String>,
    /// The server answered 429/503 with a usable `Retry-After` (as sent; `next_due` is the
    /// same wait within the operator's bounds). It speaks for the whole host.
    pub retry_after: Option<std::time::Duration>,
}

/// How [`Ingest::apply`] left a poll: done, or with the feed's state still to write.
enum Settled {
    Done(Box<PollReport>),
    Write(Box<FeedState>, Box<PollReport>),
}

/// One line per fetch is for debugging: at info the daemon sums up every minute, and says when
/// a feed's health changes.
fn log_poll(node: &str, report: &PollReport) {
    if let Some(e) = &report.error {
        debug!(node, status = %report.status, error = %e, "fetch failed");
    } else {
        debug!(node, status = %report.status, seen = report.entries_seen, new = report.new.len(), "fetched");
    }
}

/// The pipeline's handles.
pub struct Ingest {
    cfg: Swap<Config>,
    store: Arc<dyn Store>,
    fetcher: Arc<Swap<Fetcher>>,
    schedules: Swap<HashMap<String, Schedule>>,
}

fn schedules(cfg: &Config) -> HashMap<String, Schedule> {
    cfg.feeds
        .iter()
        .map(|f| (f.node.clone(), f.schedule.clone()))
        .collect()
}

impl Ingest {
    /// The pipeline over `store` with the configured fetcher.
    pub fn new(cfg: Arc<Config>, store: Arc<dyn Store>) -> Result<Ingest, IngestError> {
        let fetcher = Fetcher::new(&cfg.fetch)?;
        Ok(Ingest {
            schedules: Swap::new(schedules(&cfg)),
            cfg: Swap::from_arc(cfg),
            store,
            fetcher: Arc::new(Swap::new(fetcher)),
        })
    }

    /// Run with `cfg` from the next poll on (a reload): schedules, `[poll]` and `[fetch]`
    /// (a new HTTP client when `[fetch]` changed; fetches in flight finish with the old one).
    /// Call [`Ingest::sync_config_feeds`] next to bring the store's feeds in line.
    pub fn reconfigure(&self, cfg: Arc<Config>) -> Result<(), IngestError> {
        if self.cfg.get().fetch != cfg.fetch {
            self.fetcher.set(Arc::new(Fetcher::new(&cfg.fetch)?));
        }
        self.schedules.set(Arc::new(schedules(&cfg)));
        self.cfg.set(cfg);
        Ok(())
    }

    /// The configuration it runs with now.
    pub fn config(&self) -> Arc<Config> {
        self.cfg.get()
    }

    /// The one HTTP client of `[fetch]`, as a reload may replace it: polls, discovery, avatars
    /// and callbacks all use it, each with its own limits ([`crate::poll::fetch::Limits`]).
    pub fn fetchers(&self) -> Arc<Swap<Fetcher>> {
        self.fetcher.clone()
    }

    /// The store it writes to.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Make sure every configured feed exists in the store. A URL the operator changed in the
    /// configuration replaces the stored one (and its validators); a URL moved by a permanent
    /// redirect is kept while the configuration still names the old one.
    ///
    /// A configured feed that is no longer in the configuration stops being polled (its node and
    /// items stay); one that comes back is polled again.
    pub fn sync_config_feeds(&self) -> Result<(), StoreError> {
        let cfg = self.cfg.get();
        let stored = self.store.feeds()?;
        for mut state in stored.iter().cloned() {
            let configured = cfg.configured(&state.node).is_some();
            let from_file = matches!(state.origin, Origin::Config | Origin::Push);
            if from_file && !configured && state.health != Health::Removed {
                info!(node = %state.node, "node no longer configured; polling and publishing stop");
                state.health = Health::Removed;
                state.next_due = None;
                self.store.put_feed(&state)?;
            }
        }
        // Push-only nodes: the file's title and description win over what owners set.
        for n in &cfg.nodes {
            let fresh = FeedState::push(&n.node, n.title.clone(), Origin::Push);
            let mut state = self.store.ensure_feed(fresh)?;
            let before = state.clone();
            if state.health == Health::Removed {
                info!(node = %n.node, "node configured again");
            }
            // A runtime-created node of that name becomes the file's.
            state.origin = Origin::Push;
            state.health = Health::Ok;
            state.url.clear();
            // Should it become a feed again, its URL is taken from the file anew.
            state.config_url = None;
            if n.title.is_some() {
                state.title = n.title.clone();
            }
            if n.description.is_some() {
                state.description = n.description.clone();
            }
            if state != before {
                self.store.put_feed(&state)?;
            }
        }
        // What the file asks of each feed is first tried on the states just read: only a feed
        // that is missing or must change costs a write (10,000 unchanged feeds, none).
        let stored: HashMap<&str, &FeedState> =
            stored.iter().map(|s| (s.node.as_str(), s)).collect();
        for f in &cfg.feeds {
            if let Some(state) = stored.get(f.node.as_str()) {
                if !configure((*state).clone(), f, false).1 {
                    continue;
                }
            }
            let fresh = FeedState::new(&f.node, f.url.as_str(), f.title.clone(), Origin::Config);
            let (state, changed) = configure(self.store.ensure_feed(fresh)?, f, true);
            if changed {
                self.store.put_feed(&state)?;
            }
        }
        Ok(())
    }

    /// The host of every feed's current URL, by node (for per-host politeness), in one scan.
    pub fn hosts(&self) -> HashMap<String, String> {
        self.store
            .feeds()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|f| Some((f.node, crate::net::url_host(&f.url)?)))
            .collect()
    }

    fn schedule(&self, node: &str) -> Schedule {
        self.schedules
            .get()
            .get(node)
            .cloned()
            .unwrap_or(Schedule::Default)
    }

    /// Fetch, normalise and store one feed.
    ///
    /// The fetch, reading the state (from memory) and settling a quiet 304 run on the async
    /// workers; parsing, normalising and any write to the store run on the blocking pool.
    ///
    /// Runs in a `poll` span with the feed's `node` and its URL's `host`.
    pub async fn poll(self: &Arc<Self>, node: &str) -> PollReport {
        let span = tracing::info_span!("poll", node, host = tracing::field::Empty);
        match self.poll_inner(node).instrument(span).await {
            Ok(r) => {
                if r.announce {
                    crate::telemetry::items_new(r.new.len() as u64);
                }
                r
            }
            Err(e) => {
                if e.is_unavailable() {
                    debug!(node, error = %e, "poll put off: the store is out of reach");
                } else if matches!(e, StoreError::Fenced { .. }) {
                    info!(node, error = %e, "poll result dropped: another instance polls this feed now");
                } else {
                    warn!(node, error = %e, "poll failed in the store");
                }
                PollReport {
                    node: node.to_owned(),
                    status: PollStatus::StoreError,
                    error: Some(e.to_string()),
                    entries_seen: 0,
                    new: Vec::new(),
                    updated: Vec::new(),
                    announce: false,
                    // Try again later rather than never; soon when the store is only out of
                    // reach (a database restarting): nothing was written, so the feed is
                    // fetched again, and while the store is away a poll stops before fetching.
                    next_due: Some(policy::later(
                        crate::clock::now_ms(),
                        if e.is_unavailable() {
                            STORE_AWAY_RETRY.min(self.cfg.get().poll.default_interval)
                        } else {
                            self.cfg.get().poll.default_interval
                        },
                    )),
                    health: Health::Transient,
                    host: None,
                    retry_after: None,
                }
            }
        }
    }

    async fn poll_inner(self: &Arc<Self>, node: &str) -> Result<PollReport, StoreError> {
        // Feeds are read from memory (the store keeps them there): no trip to the blocking pool.
        let Some(state) = self.store.feed(node)? else {
            return Ok(PollReport {
                node: node.to_owned(),
                status: PollStatus::UnknownNode,
                error: Some(format!("no feed with node {node:?}")),
                entries_seen: 0,
                new: Vec::new(),
                updated: Vec::new(),
                announce: false,
                next_due: None,
                health: Health::Permanent,
                host: None,
                retry_after: None,
            });
        };
        // Parsed once: for the report's host and for the fetch.
        let parsed = Url::parse(&state.url);
        let mut report = PollReport {
            node: node.to_owned(),
            status: PollStatus::NotPolled(state.health),
            error: None,
            entries_seen: 0,
            new: Vec::new(),
            updated: Vec::new(),
            announce: false,
            next_due: None,
            health: state.health,
            host: parsed
                .as_ref()
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned)),
            retry_after: None,
        };
        if let Some(host) = &report.host {
            tracing::Span::current().record("host", host.as_str());
        }
        if !state.is_polled() {
            report.status = PollStatus::NotPolled(state.health);
            return Ok(report);
        }
        let url = match parsed {
            Ok(u) => u,
            Err(e) => {
                report.status = PollStatus::BadUrl;
                report.error = Some(e.to_string());
                return Ok(report);
            }
        };
        let validators = Validators {
            etag: state.etag.clone(),
            last_modified: state.last_modified.clone(),
        };
        let started = std::time::Instant::now();
        let outcome = self.fetcher.get().fetch(&url, &validators).await;
        let bytes = match &outcome {
            Outcome::Modified { body, .. } => body.len() as u64,
            _ => 0,
        };
        crate::telemetry::fetched(
            outcome.status().as_str(),
            started.elapsed().as_secs_f64(),
            bytes,
        );
        if matches!(outcome, Outcome::NotModified { .. }) {
            // Most polls: a 304 that changes nothing but the feed's times is settled here, in
            // memory; anything more is written on the blocking pool.
            return match self.apply(node, state, report, outcome, false)? {
                Settled::Done(r) => Ok(*r),
                Settled::Write(state, report) => {
                    let me = self.clone();
                    crate::blocking::run(move || {
                        me.store.update_feed(&state)?;
                        Ok(*report)
                    })
                    .await
                }
            };
        }
        let (me, n) = (self.clone(), node.to_owned());
        match crate::blocking::run_bulk(move || me.apply(&n, state, report, outcome, true)).await? {
            Settled::Done(r) | Settled::Write(_, r) => Ok(*r),
        }
    }

    /// Everything after the fetch: normalise, update the feed's state, store the entries. A
    /// state that changed in its times only is kept in memory ([`Store::touch_feed`]); any
    /// other write is made here when `may_write` (on the blocking pool), else handed back.
    fn apply(
        &self,
        node: &str,
        mut state: FeedState,
        mut report: PollReport,
        outcome: Outcome,
        may_write: bool,
    ) -> Result<Settled, StoreError> {
        let before = state.clone();
        let now = crate::clock::now_ms();
        state.last_fetch = Some(now);
        report.status = outcome.status();
        self.track_move(&mut state, &outcome);

        let (result, entries) = self.read_outcome(node, &mut state, &mut report, outcome, now);
        settle_health(&mut state, &report, result);
        state.last_status = Some(report.status.to_string());

        let announce = state.primed;
        if entries.parsed {
            state.primed = true;
        }
        // A fetch that converted entries on a primed feed found new or changed ones: record the
        // change (for the adaptive interval) before the state is written with the items.
        if announce && !entries.items.is_empty() {
            state.changes.push(now);
            let skip = state.changes.len().saturating_sub(CHANGE_HISTORY);
            state.changes.drain(..skip);
        }
        state.next_due = policy::next_due(
            result,
            &self.schedule(node),
            &self.cfg.get().poll,
            &state,
            now,
            rand::random(),
        );
        report.next_due = state.next_due;
        report.health = state.health;
        // The report came with the host of the URL polled; only a move changes it.
        if state.url != before.url {
            report.host = crate::net::url_host(&state.url);
        }

        if self.superseded(node, &state, &mut report, now)? {
            return Ok(Settled::Done(Box::new(report)));
        }
        report.announce = announce;
        if entries.items.is_empty() && entries.unchanged.is_empty() {
            log_poll(node, &report);
            return self.write_quiet(before, state, report, may_write);
        }
        self.store_entries(&state, &entries, announce, now, &mut report)?;
        log_poll(node, &report);
        Ok(Settled::Done(Box::new(report)))
    }

    /// Read what the fetch came to into the feed's state and the report: the policy's verdict,
    /// and the entries of a document that could be normalised.
    fn read_outcome(
        &self,
        node: &str,
        state: &mut FeedState,
        report: &mut PollReport,
        outcome: Outcome,
        now: i64,
    ) -> (policy::Result, Entries) {
        match outcome {
            Outcome::Modified {
                body,
                final_url,
                validators,
                cache_hint,
                ..
            } => match normalize::normalize_known(&body, &final_url, |asked| {
                self.store.known_unchanged(node, asked)
            }) {
                Ok(feed) => {
                    state.etag = validators.etag;
                    state.last_modified = validators.last_modified;
                    let entries = read_feed(node, state, report, feed, cache_hint, now);
                    (policy::Result::Ok, entries)
                }
                Err(e) => (normalize_failed(report, e), Entries::default()),
            },
            Outcome::NotModified { cache_hint, .. } => {
                if let Some(h) = cache_hint {
                    state.hint_secs = Some(h.as_secs().max(state.hint_secs.unwrap_or(0)));
                }
                (policy::Result::Ok, Entries::default())
            }
            Outcome::Gone => {
                report.error = Some("the server says the feed is gone (410)".into());
                (policy::Result::Gone, Entries::default())
            }
            Outcome::RetryLater {
                status,
                retry_after,
            } => {
                report.error = Some(match retry_after {
                    Some(d) => format!("http status {status}, retry after {}s", d.as_secs()),
                    None => format!("http status {status}"),
                });
                report.retry_after = retry_after;
                (policy::Result::RetryAfter(retry_after), Entries::default())
            }
            Outcome::Failed(e) => {
                report.error = Some(e.to_string());
                let result = if e.is_permanent() {
                    policy::Result::PermanentError
                } else {
                    policy::Result::TransientError
                };
                (result, Entries::default())
            }
        }
    }

    /// Whether the feed changed in the store while it was being fetched, so that this poll's
    /// state and entries are not written back; the report then says why.
    ///
    /// A feed removed meanwhile (a user feed nobody follows) stays removed. One whose
    /// configuration changed meanwhile (a reload: another URL, out of the file, taken over) is
    /// fetched again under the new configuration.
    fn superseded(
        &self,
        node: &str,
        state: &FeedState,
        report: &mut PollReport,
        now: i64,
    ) -> Result<bool, StoreError> {
        match self.store.feed(node)? {
            None => {
                report.status = PollStatus::Removed;
                report.next_due = None;
                Ok(true)
            }
            Some(now_stored)
                if now_stored.config_url != state.config_url
                    || now_stored.origin != state.origin
                    || (now_stored.health == Health::Removed
                        && state.health != Health::Removed) =>
            {
                report.status = PollStatus::Superseded;
                report.health = now_stored.health;
                report.host = crate::net::url_host(&now_stored.url);
                report.next_due = now_stored.is_polled().then_some(now);
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    /// Settle a poll that brought no entries: a state that changed in its times only (from
    /// `before`) is kept in memory, any other change written when `may_write`, else handed back.
    fn write_quiet(
        &self,
        before: FeedState,
        state: FeedState,
        report: PollReport,
        may_write: bool,
    ) -> Result<Settled, StoreError> {
        let mut quiet = before;
        quiet.last_fetch = state.last_fetch;
        quiet.next_due = state.next_due;
        if quiet == state {
            self.store.touch_feed(&state);
        } else if may_write {
            self.store.update_feed(&state)?;
        } else {
            return Ok(Settled::Write(Box::new(state), Box::new(report)));
        }
        Ok(Settled::Done(Box::new(report)))
    }

    /// Store the fetched entries with the feed's state, and put what is new or updated in the
    /// report (announced only when `announce`).
    fn store_entries(
        &self,
        state: &FeedState,
        entries: &Entries,
        announce: bool,
        now: i64,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        let applied = self.store.apply_fetch(
            state,
            &entries.items,
            &entries.unchanged,
            now,
            // What the node's owners configured, else the defaults.
            state
                .options
                .max_items
                .unwrap_or(self.cfg.get().poll.max_items),
            Announce {
                new: announce,
                updates: announce
                    && state
                        .options
                        .notify_updates
                        .unwrap_or(self.cfg.get().pubsub.notify_updates),
            },
        )?;
        report.new = applied.new;
        report.updated = applied.updated;
        Ok(())
    }

    /// A 301/308 chain that repeats on consecutive fetches moves the stored URL; 302/307 never.
    fn track_move(&self, state: &mut FeedState, outcome: &Outcome) {
        match outcome.permanent_move() {
            Some(to) => {
                let to = to.to_string();
                let times = match &state.pending_move {
                    Some(p) if p.to == to => p.times + 1,
                    _ => 1,
                };
                if times >= MOVE_AFTER {
                    info!(node = %state.node, from = %crate::net::redact_str(&state.url), to = %crate::net::redact_str(&to), "feed moved permanently; URL updated");
                    state.url = to;
                    state.pending_move = None;
                } else {
                    state.pending_move = Some(crate::model::PendingMove { to, times });
                }
            }
            None => state.pending_move = None,
        }
    }
}

/// The entries one fetch brought, and whether it brought a document at all.
#[derive(Default)]
struct Entries {
    /// Entries converted (new, or known with other content), in document order.
    items: Vec<Entry>,
    /// Ids of known entries the document still holds unchanged (not converted).
    unchanged: Vec<String>,
    /// Whether a document was normalised (a feed's first one primes it).
    parsed: bool,
}

/// Take a normalised document into the feed's state (title, description, image, site,
/// polling hints; on a feed's first document, the change history from its entries' dates) and
/// the report; hand back its entries.
fn read_feed(
    node: &str,
    state: &mut FeedState,
    report: &mut PollReport,
    feed: Feed,
    cache_hint: Option<std::time::Duration>,
    now: i64,
) -> Entries {
    if state.title.is_none() {
        state.title = feed.title.clone();
    }
    if feed.description.is_some() {
        state.description = feed.description.clone();
    }
    state.image = feed.image.clone();
    if feed.site.is_some() {
        state.site = feed.site.clone();
    }
    let hint = [feed.hints.ttl, feed.hints.update_period, cache_hint]
        .into_iter()
        .flatten()
        .max();
    state.hint_secs = hint.map(|d| d.as_secs());
    report.entries_seen = feed.entries.len() + feed.unchanged.len();
    if let Some((at, c)) = feed.first_bad_id_char {
        // Once per entry: the next poll knows it under its derived id.
        warn!(
            node,
            entries = feed.repaired_ids,
            first = %crate::text::xml_invalid_message("id", at, c),
            "entries whose ids XML cannot carry get ids derived from them"
        );
    }
    if !state.primed {
        seed_changes(state, &feed.entries, now);
    }
    Entries {
        items: feed.entries,
        unchanged: feed.unchanged,
        parsed: true,
    }
}

/// Seed a feed's change history from its entries' own dates (those not in the future), the
/// latest [`CHANGE_HISTORY`] of them.
fn seed_changes(state: &mut FeedState, entries: &[Entry], now: i64) {
    let mut dates: Vec<i64> = entries
        .iter()
        .filter_map(|e| e.published.or(e.updated))
        .map(|d| d.timestamp_millis())
        .filter(|t| *t <= now)
        .collect();
    dates.sort_unstable();
    let skip = dates.len().saturating_sub(CHANGE_HISTORY);
    state.changes = dates.split_off(skip);
}

/// Put a document that could not be normalised in the report; what it means for scheduling.
fn normalize_failed(report: &mut PollReport, e: NormalizeError) -> policy::Result {
    report.status = match e {
        NormalizeError::NotAFeed(_) => PollStatus::NotAFeed,
        NormalizeError::Malformed(_) => PollStatus::Malformed,
        NormalizeError::TooCostly { .. } => PollStatus::TooCostly,
    };
    report.error = Some(e.to_string());
    if matches!(e, NormalizeError::NotAFeed(_)) {
        policy::Result::PermanentError
    } else {
        policy::Result::TransientError
    }
}

/// The feed's health, error count and last error after a fetch that came to `result`.
fn settle_health(state: &mut FeedState, report: &PollReport, result: policy::Result) {
    match result {
        policy::Result::Ok => {
            state.error_count = 0;
            state.health = Health::Ok;
            state.last_error = None;
        }
        policy::Result::Gone => {
            state.health = Health::Gone;
            state.last_error = report.error.clone();
        }
        policy::Result::PermanentError => {
            state.error_count += 1;
            state.health = Health::Permanent;
            state.last_error = report.error.clone();
        }
        policy::Result::TransientError | policy::Result::RetryAfter(_) => {
            state.error_count += 1;
            state.health = Health::Transient;
            state.last_error = report.error.clone();
        }
    }
}

/// A stored feed brought in line with its `[[feeds]]` entry: taken over from a push node,
/// polled again when it had been removed, its URL and title the file's. The state and whether
/// it changed; `log` says what changed (once, when it is written).
fn configure(mut state: FeedState, f: &crate::config::FeedConfig, log: bool) -> (FeedState, bool) {
    let mut changed = false;
    if matches!(
        state.origin,
        Origin::Push | Origin::Created { .. } | Origin::Operator { .. }
    ) {
        // A push node of that name becomes the file's feed.
        state.origin = Origin::Config;
        changed = true;
    }
    if state.health == Health::Removed {
        if log {
            info!(node = %f.node, "feed configured again; polling resumes");
        }
        state.health = Health::New;
        state.next_due = None;
        changed = true;
    }
    if state.config_url.as_deref() != Some(f.url.as_str()) {
        if log && state.config_url.is_some() {
            info!(node = %f.node, url = %crate::net::redact(&f.url), "feed URL changed in the configuration");
        }
        state.url = f.url.to_string();
        state.config_url = Some(f.url.to_string());
        state.etag = None;
        state.last_modified = None;
        changed = true;
    }
    if f.title.is_some() && state.title != f.title {
        state.title = f.title.clone();
        changed = true;
    }
    (state, changed)
}
