//! Metrics for operators, in Prometheus' text format (the `metrics` facade with its Prometheus
//! exporter, both confined here): the other modules call the functions below when something
//! happens, and `GET /metrics` renders the counters with the gauges read at scrape time.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The health classes of `feedpush_feeds`.
const HEALTHS: &[&str] = &[
    "new",
    "ok",
    "transient-error",
    "permanent-error",
    "gone",
    "removed",
    "push",
];

/// Why messages for nodes' callbacks are dropped: `queue-full` (the node's bound),
/// `breaker-open` (its host does not answer), `failed` (no answer after every try),
/// `refused` (a 4xx answer), `unreachable` (a URL the fetcher refuses).
const CALLBACK_DROP_REASONS: &[&str] = &[
    "queue-full",
    "breaker-open",
    "failed",
    "refused",
    "unreachable",
];

/// Fetch durations' histogram buckets, in seconds.
const FETCH_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0];

/// Every family with its `# HELP` text.
const HELP: &[(&str, &str)] = &[
    (
        "feedpush_presence_resources",
        "Subscribers' resources whose presence is known (shared by a cluster's instances).",
    ),
    (
        "feedpush_outbox_pending",
        "Outbox jobs (notifications to deliver) waiting.",
    ),
    ("feedpush_subscriptions", "Subscriptions, all nodes."),
    ("feedpush_feeds", "Feeds and push nodes by health."),
    (
        "feedpush_component_connected",
        "1 while the XMPP component link is up.",
    ),
    (
        "feedpush_component_reconnects_total",
        "Times the component link was connected again after it broke.",
    ),
    (
        "feedpush_fetches_total",
        "Feed fetches by outcome (HTTP status, or timeout, dns, tls, ...).",
    ),
    (
        "feedpush_fetch_duration_seconds",
        "How long a feed fetch took, whole body read.",
    ),
    ("feedpush_fetch_bytes_total", "Bytes of feed bodies read."),
    (
        "feedpush_items_new_total",
        "New items stored, polled or published.",
    ),
    (
        "feedpush_notifications_sent_total",
        "Notifications written to the XMPP server, by kind.",
    ),
    (
        "feedpush_inbound_stanzas_total",
        "Stanzas read from the XMPP server, by kind.",
    ),
    (
        "feedpush_stanzas_dropped_total",
        "Outbound stanzas dropped before any byte was written, by reason.",
    ),
    (
        "feedpush_http_connections",
        "Open connections to the HTTP side.",
    ),
    (
        "feedpush_http_connections_closed_total",
        "HTTP connections closed by the connection caps, by reason.",
    ),
    (
        "feedpush_callback_messages_dropped_total",
        "Messages for nodes' callbacks dropped, by reason.",
    ),
    (
        "feedpush_callback_messages_forwarded_total",
        "Messages accepted by nodes' callbacks.",
    ),
    (
        "feedpush_callback_breaker_opened_total",
        "Times a callback host's breaker opened.",
    ),
];

/// Install the process-wide recorder (once; later calls change nothing). Every series with
/// known labels starts at zero, so a scrape shows it before its first event. One instance of
/// a cluster names itself in an `instance` label on every series (`instance`: its
/// `[cluster] instance`), so that series of several instances never mix.
pub fn install(instance: Option<&str>) {
    HANDLE.get_or_init(|| {
        let mut builder = PrometheusBuilder::new();
        if let Some(name) = instance {
            builder = builder.add_global_label("instance", name);
        }
        let handle = builder
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full(
                    "feedpush_fetch_duration_seconds".into(),
                ),
                &FETCH_BUCKETS,
            )
            .ok()?
            .install_recorder()
            .ok()?;
        // The exporter keeps one text per name, whatever the family's kind.
        for (name, help) in HELP {
            metrics::describe_counter!(*name, *help);
        }
        for kind in ["iq", "message", "presence", "invalid"] {
            metrics::counter!("feedpush_inbound_stanzas_total", "kind" => kind).absolute(0);
        }
        for kind in ["pubsub", "chat", "normal", "headline", "event"] {
            metrics::counter!("feedpush_notifications_sent_total", "kind" => kind).absolute(0);
        }
        metrics::counter!("feedpush_items_new_total").absolute(0);
        metrics::counter!("feedpush_fetch_bytes_total").absolute(0);
        metrics::counter!("feedpush_component_reconnects_total").absolute(0);
        metrics::counter!("feedpush_stanzas_dropped_total", "reason" => "unserialisable")
            .absolute(0);
        for why in ["refused", "evicted"] {
            metrics::counter!("feedpush_http_connections_closed_total", "reason" => why)
                .absolute(0);
        }
        metrics::gauge!("feedpush_http_connections").set(0.0);
        for reason in CALLBACK_DROP_REASONS {
            metrics::counter!("feedpush_callback_messages_dropped_total", "reason" => *reason)
                .absolute(0);
        }
        metrics::counter!("feedpush_callback_messages_forwarded_total").absolute(0);
        metrics::counter!("feedpush_callback_breaker_opened_total").absolute(0);
        // Histograms keep samples until upkeep folds them: every few seconds, scrapes or not.
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(5));
                upkeep.run_upkeep();
            })
            .ok()?;
        Some(handle)
    });
}

/// What scrapes read from the store at the time.
#[derive(Debug, Default, Clone)]
pub struct Gauges {
    /// Outbox jobs waiting.
    pub outbox_pending: u64,
    /// Subscriptions, all nodes.
    pub subscriptions: u64,
    /// Feeds and nodes by health (`ok`, `transient-error`, …).
    pub feeds_by_health: Vec<(String, u64)>,
    /// The component link is up.
    pub connected: bool,
    /// Subscribers' resources whose presence is known.
    pub presence: u64,
}

/// The Prometheus text of every metric, with `gauges` set first.
pub fn render(gauges: &Gauges) -> String {
    metrics::gauge!("feedpush_outbox_pending").set(gauges.outbox_pending as f64);
    metrics::gauge!("feedpush_subscriptions").set(gauges.subscriptions as f64);
    // Every class, so one that empties reads 0 rather than its last value.
    for health in HEALTHS {
        let n = gauges
            .feeds_by_health
            .iter()
            .find(|(h, _)| h == health)
            .map_or(0, |(_, n)| *n);
        metrics::gauge!("feedpush_feeds", "health" => *health).set(n as f64);
    }
    metrics::gauge!("feedpush_component_connected").set(f64::from(u8::from(gauges.connected)));
    metrics::gauge!("feedpush_presence_resources").set(gauges.presence as f64);
    match HANDLE.get() {
        Some(Some(h)) => h.render(),
        _ => String::new(),
    }
}

/// One fetch: its outcome (`200`, `304`, `timeout`, …), how long it took, the body's bytes.
pub fn fetched(outcome: std::borrow::Cow<'static, str>, secs: f64, bytes: u64) {
    minute(|m| match outcome.as_ref() {
        "200" => m.changed += 1,
        "304" => m.unchanged += 1,
        other => *m.failed.entry(other.to_owned()).or_default() += 1,
    });
    metrics::counter!("feedpush_fetches_total", "outcome" => outcome).increment(1);
    metrics::histogram!("feedpush_fetch_duration_seconds").record(secs);
    metrics::counter!("feedpush_fetch_bytes_total").increment(bytes);
}

/// New items stored (polled or published).
pub fn items_new(n: u64) {
    minute(|m| m.new_items += n);
    metrics::counter!("feedpush_items_new_total").increment(n);
}

/// Notifications written to the server, by kind (`pubsub`, `chat`, `normal`, `headline`,
/// `event` for retractions, purges and deletions).
pub fn notifications_sent(kind: &'static str, n: u64) {
    minute(|m| m.notifications += n);
    metrics::counter!("feedpush_notifications_sent_total", "kind" => kind).increment(n);
}

/// One stanza read from the link, by kind (`iq`, `message`, `presence`, `invalid`).
pub fn inbound(kind: &'static str) {
    metrics::counter!("feedpush_inbound_stanzas_total", "kind" => kind).increment(1);
}

/// One outbound stanza (or one recipient of a fan-out) dropped before any byte of it was
/// written, because it cannot be serialised (`reason`: `unserialisable`).
pub fn stanza_dropped(reason: &'static str) {
    metrics::counter!("feedpush_stanzas_dropped_total", "reason" => reason).increment(1);
}

/// The HTTP side's open connections now.
pub fn http_connections(open: usize) {
    metrics::gauge!("feedpush_http_connections").set(open as f64);
}

/// An HTTP connection closed by the caps: `refused` (over a cap with no idle connection to
/// make room) or `evicted` (an idle one closed to make room for a new one).
pub fn http_connection_closed(reason: &'static str) {
    metrics::counter!("feedpush_http_connections_closed_total", "reason" => reason).increment(1);
}

/// A message for a node's callback dropped, by reason (one of [`CALLBACK_DROP_REASONS`]).
pub fn callback_dropped(reason: &'static str) {
    metrics::counter!("feedpush_callback_messages_dropped_total", "reason" => reason).increment(1);
}

/// A message accepted by a node's callback (a `200`).
pub fn callback_forwarded() {
    metrics::counter!("feedpush_callback_messages_forwarded_total").increment(1);
}

/// A callback host's breaker opened (its application stopped answering).
pub fn callback_breaker_opened() {
    metrics::counter!("feedpush_callback_breaker_opened_total").increment(1);
}

/// The component link came up again after being up before.
pub fn reconnected() {
    metrics::counter!("feedpush_component_reconnects_total").increment(1);
}

/// What one poll came to, for the status page's chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetched {
    /// New content (200).
    Changed,
    /// Not modified (304).
    Unchanged,
    /// Any failure.
    Failed,
}

/// Per feed, the polls and new items of each hour of the last day (in memory; a restart starts
/// the chart anew). Counts stop at 65,535 an hour: 200 bytes a feed instead of 576, which at
/// 10,000 feeds is about 6 MB less resident memory (hash table included).
#[derive(Debug, Clone)]
struct Day {
    /// The latest hour counted (hours since the epoch); `slots[h % 24]` holds hour `h` for the
    /// 24 hours up to it.
    hour: i64,
    /// `[changed, unchanged, failed, new items]` per hour.
    slots: [[u16; 4]; 24],
}

impl Day {
    fn new(hour: i64) -> Day {
        Day {
            hour,
            slots: [[0; 4]; 24],
        }
    }

    /// The slot of `hour`, after moving the day forward to it (the hours it passes are
    /// cleared); None for an hour more than a day before the latest (a clock set back).
    fn slot(&mut self, hour: i64) -> Option<&mut [u16; 4]> {
        if hour > self.hour {
            for h in (self.hour + 1).max(hour - 23)..=hour {
                self.slots[h.rem_euclid(24) as usize] = [0; 4];
            }
            self.hour = hour;
        }
        (hour > self.hour - 24).then(|| &mut self.slots[hour.rem_euclid(24) as usize])
    }

    /// The counts of `hour`, zero when it is not within the day.
    fn get(&self, hour: i64) -> [u32; 4] {
        if hour <= self.hour && hour > self.hour - 24 {
            self.slots[hour.rem_euclid(24) as usize].map(u32::from)
        } else {
            [0; 4]
        }
    }
}

static HISTORY: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, Day>>> =
    std::sync::LazyLock::new(Default::default);

const HOUR_MS: i64 = 3_600_000;

/// Record one poll of `node` at `now_ms`.
pub fn polled(node: &str, outcome: Fetched, new_items: u32, now_ms: i64) {
    let i = match outcome {
        Fetched::Changed => 0,
        Fetched::Unchanged => 1,
        Fetched::Failed => 2,
    };
    let new_items = u16::try_from(new_items).unwrap_or(u16::MAX);
    count(node, now_ms, |c| {
        c[i] = c[i].saturating_add(1);
        c[3] = c[3].saturating_add(new_items);
    });
}

/// Record an item published to `node` at `now_ms` (not polled: no fetch counted).
pub fn published(node: &str, now_ms: i64) {
    count(node, now_ms, |c| c[3] = c[3].saturating_add(1));
}

fn count(node: &str, now_ms: i64, f: impl FnOnce(&mut [u16; 4])) {
    let hour = now_ms.div_euclid(HOUR_MS);
    let mut h = HISTORY.lock().unwrap_or_else(|p| p.into_inner());
    // The node's name is copied only the first time (this runs for every poll).
    if !h.contains_key(node) {
        h.insert(node.to_owned(), Day::new(hour));
    }
    if let Some(slot) = h.get_mut(node).and_then(|d| d.slot(hour)) {
        f(slot);
    }
}

/// The last 24 hours of `node`, oldest first: `[changed, unchanged, failed, new items]` each.
pub fn last_day(node: &str, now_ms: i64) -> [[u32; 4]; 24] {
    let hour = now_ms.div_euclid(HOUR_MS);
    let h = HISTORY.lock().unwrap_or_else(|p| p.into_inner());
    let mut out = [[0; 4]; 24];
    if let Some(day) = h.get(node) {
        for (i, o) in out.iter_mut().enumerate() {
            *o = day.get(hour - 23 + i as i64);
        }
    }
    out
}

/// Forget a node (removed).
pub fn forget(node: &str) {
    HISTORY
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(node);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minute_sums_up_and_starts_anew() {
        fetched("test-only-kind".into(), 0.1, 10);
        fetched("test-only-kind".into(), 0.1, 10);
        items_new(3);
        let m = take_minute();
        assert_eq!(m.failed.get("test-only-kind"), Some(&2));
        assert!(m.new_items >= 3);
        assert_eq!(take_minute().failed.get("test-only-kind"), None);
    }

    #[test]
    fn the_last_day_keeps_24_hours_oldest_first() {
        let t0 = 1_000 * HOUR_MS;
        polled("n", Fetched::Changed, 2, t0);
        polled("n", Fetched::Failed, 0, t0 + 10);
        polled("n", Fetched::Unchanged, 0, t0 + HOUR_MS);
        let day = last_day("n", t0 + HOUR_MS);
        assert_eq!(day[22], [1, 0, 1, 2]);
        assert_eq!(day[23], [0, 1, 0, 0]);
        // A day later the old hours are gone.
        let later = last_day("n", t0 + 25 * HOUR_MS);
        assert!(later.iter().all(|h| *h == [0; 4]), "{later:?}");
        forget("n");
        assert_eq!(last_day("n", t0)[23], [0; 4]);
    }

    #[test]
    fn hours_skipped_are_cleared_and_a_clock_set_back_counts_within_the_day() {
        let t0 = 2_000 * HOUR_MS;
        polled("m", Fetched::Unchanged, 0, t0);
        polled("m", Fetched::Unchanged, 0, t0 + 3 * HOUR_MS);
        // The clock goes back an hour: that hour still counts.
        polled("m", Fetched::Changed, 70_000, t0 + 2 * HOUR_MS);
        let day = last_day("m", t0 + 3 * HOUR_MS);
        assert_eq!(day[20], [0, 1, 0, 0]);
        assert_eq!(day[21], [0; 4]);
        assert_eq!(
            day[22],
            [1, 0, 0, u32::from(u16::MAX)],
            "new items stop at 65,535"
        );
        assert_eq!(day[23], [0, 1, 0, 0]);
        // 24 hours after the last poll, the slot of t0 + 3 h is another hour's: cleared.
        polled("m", Fetched::Failed, 0, t0 + 27 * HOUR_MS);
        let day = last_day("m", t0 + 27 * HOUR_MS);
        assert_eq!(day.iter().map(|h| h[1]).sum::<u32>(), 0, "{day:?}");
        assert_eq!(day[23], [0, 0, 1, 0]);
        // More than a day back: not counted anywhere.
        polled("m", Fetched::Changed, 0, t0);
        assert_eq!(
            last_day("m", t0 + 27 * HOUR_MS)
                .iter()
                .map(|h| h[0])
                .sum::<u32>(),
            0
        );
        forget("m");
    }
}

/// What happened since the last [`take_minute`] (the log's summary line).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Minute {
    /// Fetches with new content (200).
    pub changed: u64,
    /// Fetches answered 304.
    pub unchanged: u64,
    /// Failed fetches, by kind (`timeout`, `404`, …).
    pub failed: std::collections::BTreeMap<String, u64>,
    /// New items stored (polled and published).
    pub new_items: u64,
    /// Notifications written to the server.
    pub notifications: u64,
}

static MINUTE: std::sync::Mutex<Option<Minute>> = std::sync::Mutex::new(None);

fn minute(f: impl FnOnce(&mut Minute)) {
    let mut m = MINUTE.lock().unwrap_or_else(|p| p.into_inner());
    f(m.get_or_insert_with(Minute::default));
}

/// Take what happened since the last call, and start counting anew.
pub fn take_minute() -> Minute {
    MINUTE
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .unwrap_or_default()
}
