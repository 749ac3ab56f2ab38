//! The status page (`GET /`): server-rendered HTML from a compile-time template (askama, the
//! only user), readable on a phone and built for tens of thousands of feeds: the service's
//! last 24 hours as a chart with axes (a pointer over a bar says its values), the web hosts
//! with their feeds and failures, and the feeds a page at a time (search, health filter,
//! sort; failing feeds first by default), each with its title, health, last and next fetch,
//! last HTTP status, subscribers, items today and its own 24-hour sparkline. The version,
//! uptime, links to `/healthz`, `/metrics` and the OpenAPI document, the cluster's instances
//! when there are several; the page reloads itself every [`REFRESH_SECS`].
//!
//! The same access rule as the other operator pages, and one more: feeds added by users are
//! private (their node ids lead to their subscribers' interests), so they are only counted
//! unless the request carries an admin token (`nodes = ["*"]`, as the admin API takes); with
//! it the page lists them too.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::chart::{self, Bar, Chart};
use super::{Api, ApiError};
use crate::model::{FeedState, Health, Origin};

/// Feeds on one page.
pub const PAGE_SIZE: usize = 100;
/// Web hosts listed (the most failing first).
const HOSTS_SHOWN: usize = 30;
/// How often the page reloads itself.
pub const REFRESH_SECS: u32 = 30;

/// What the page's address asks for: `?q=` (part of a node, title or host), `health=` (a
/// health class, or `sick`), `sort=` (`health`, `node`, `title`, `last-fetch`, `next-fetch`,
/// `items`), `page=` (from 1). Anything else is ignored; an unknown value means the
/// default. (No order by subscribers: it would count every feed's subscribers, one query
/// each on PostgreSQL, at every reload of the page.)
#[derive(Debug, Default, Deserialize)]
pub(super) struct Ask {
    q: Option<String>,
    health: Option<String>,
    sort: Option<String>,
    page: Option<usize>,
}

/// The orders the feeds can be listed in.
const SORTS: &[(&str, &str)] = &[
    ("health", "failing first"),
    ("node", "node"),
    ("title", "title"),
    ("last-fetch", "last fetch"),
    ("next-fetch", "next fetch"),
    ("items", "items today"),
];

/// The health filters offered.
const HEALTHS: &[&str] = &[
    "sick",
    "ok",
    "new",
    "transient-error",
    "permanent-error",
    "gone",
    "push",
    "removed",
];

/// One row.
struct Row {
    title: String,
    node: String,
    health: &'static str,
    error: Option<String>,
    last_fetch: String,
    next_fetch: String,
    last_status: String,
    subscribers: usize,
    items_today: u32,
    bars: Vec<Bar>,
}

/// One web host.
struct HostRow {
    host: String,
    feeds: usize,
    sick: usize,
    /// Fetches in the last 24 hours: changed, unchanged, failed.
    fetches: [u32; 3],
}

/// One instance of the cluster.
struct InstanceRow {
    name: String,
    me: bool,
    machine: String,
    pid: u32,
    started: String,
    seen: String,
    leases: usize,
    link: bool,
    live: bool,
    config: String,
}

/// A link to another page of the list (same search, filter and order).
struct PageLink {
    label: String,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "status.html")]
struct Page {
    jid: String,
    version: &'static str,
    uptime: String,
    refresh: u32,
    link_up: bool,
    link_for: String,
    subscriptions: u64,
    outbox: u64,
    /// Feeds and nodes counted (users' included).
    total: usize,
    sick: usize,
    chart: Chart,
    chart_w: u32,
    chart_h: u32,
    /// The plot's left edge, top and bottom (the axes).
    plot: (u32, u32, u32),
    hosts: Vec<HostRow>,
    hosts_more: usize,
    /// The listed feeds that match, and this page of them.
    matching: usize,
    feeds: Vec<Row>,
    pages: Vec<PageLink>,
    q: String,
    health_filter: String,
    sort: &'static str,
    sorts: Vec<(&'static str, &'static str)>,
    healths: Vec<&'static str>,
    /// Rows for users' feeds are listed (the request carried an admin token).
    detailed: bool,
    /// Feeds added by users, when not listed: how many.
    user_feeds: usize,
    /// … of which failing (transient or permanent errors, gone).
    user_sick: usize,
    /// The instances of the cluster (none when this one runs alone).
    instances: Vec<InstanceRow>,
    /// Said when this instance's feeds.toml is not the one the cluster runs.
    config_warning: Option<String>,
}

/// "3 min ago", "in 2 h".
fn relative(at_ms: Option<i64>, now_ms: i64) -> String {
    let Some(at) = at_ms else {
        return "—".to_owned();
    };
    let span = span((at - now_ms).unsigned_abs() / 1000);
    if at >= now_ms {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// "42 s", "3 min", "2 h", "5 d".
fn span(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min", secs / 60),
        3600..=172_799 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

/// Order: the sickest first.
fn rank(h: Health) -> u8 {
    match h {
        Health::Permanent | Health::Gone => 0,
        Health::Transient => 1,
        Health::New => 2,
        Health::Ok => 3,
        Health::Removed => 4,
    }
}

/// A feed as the page sorts, filters and counts it.
struct Candidate {
    f: FeedState,
    /// Its health as shown (`push` for a live push node).
    health: &'static str,
    rank: u8,
    host: Option<String>,
    day: [[u32; 4]; 24],
    subscribers: Option<usize>,
}

impl Candidate {
    fn of(f: FeedState, now_ms: i64) -> Candidate {
        let push = matches!(f.origin, Origin::Push | Origin::Created { .. });
        let live_push = push && f.health != Health::Removed;
        Candidate {
            health: if live_push { "push" } else { f.health.as_str() },
            rank: if live_push {
                rank(Health::Ok)
            } else {
                rank(f.health)
            },
            // The host alone: a URL's credentials and path stay out of the page.
            host: (!push)
                .then(|| url::Url::parse(&f.url).ok()?.host_str().map(str::to_owned))
                .flatten(),
            day: crate::telemetry::last_day(&f.node, now_ms),
            subscribers: None,
            f,
        }
    }

    fn sick(&self) -> bool {
        self.rank <= 1
    }

    fn items_today(&self) -> u32 {
        self.day.iter().map(|h| h[3]).sum()
    }

    /// Whether the search and the filter take it.
    fn matches(&self, q: &str, health: &str) -> bool {
        let health_ok = match health {
            "" => true,
            "sick" => self.sick(),
            h => self.health == h,
        };
        let q_ok = q.is_empty() || {
            let hay = |s: &str| s.to_lowercase().contains(q);
            hay(&self.f.node)
                || self.f.title.as_deref().is_some_and(hay)
                || self.host.as_deref().is_some_and(hay)
        };
        health_ok && q_ok
    }
}

/// Sort `all` by `sort` (ties by node).
fn sort_by(all: &mut [Candidate], sort: &str) {
    use std::cmp::Reverse;
    let by_node = |a: &Candidate, b: &Candidate| a.f.node.cmp(&b.f.node);
    match sort {
        "node" => all.sort_by(by_node),
        "title" => all.sort_by(|a, b| {
            let t = |c: &Candidate| c.f.title.as_deref().unwrap_or(&c.f.node).to_lowercase();
            t(a).cmp(&t(b)).then_with(|| by_node(a, b))
        }),
        "last-fetch" => all.sort_by(|a, b| {
            Reverse(a.f.last_fetch)
                .cmp(&Reverse(b.f.last_fetch))
                .then_with(|| by_node(a, b))
        }),
        "next-fetch" => all.sort_by(|a, b| {
            let due = |c: &Candidate| c.f.next_due.filter(|_| c.f.is_polled()).unwrap_or(i64::MAX);
            due(a).cmp(&due(b)).then_with(|| by_node(a, b))
        }),
        "items" => all.sort_by(|a, b| {
            Reverse(a.items_today())
                .cmp(&Reverse(b.items_today()))
                .then_with(|| by_node(a, b))
        }),
        _ => all.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| by_node(a, b))),
    }
}

/// The web hosts: feeds, failing feeds and the day's fetches each; the most failing first.
fn hosts(all: &[Candidate]) -> (Vec<HostRow>, usize) {
    let mut by: HashMap<&str, HostRow> = HashMap::new();
    for c in all {
        let Some(host) = c.host.as_deref() else {
            continue;
        };
        let row = by.entry(host).or_insert_with(|| HostRow {
            host: host.to_owned(),
            feeds: 0,
            sick: 0,
            fetches: [0; 3],
        });
        row.feeds += 1;
        row.sick += usize::from(c.sick());
        for h in &c.day {
            for (i, n) in row.fetches.iter_mut().enumerate() {
                *n += h[i];
            }
        }
    }
    let mut rows: Vec<HostRow> = by.into_values().collect();
    rows.sort_by(|a, b| {
        (b.sick, b.fetches[2], b.feeds)
            .cmp(&(a.sick, a.fetches[2], a.feeds))
            .then_with(|| a.host.cmp(&b.host))
    });
    let more = rows.len().saturating_sub(HOSTS_SHOWN);
    rows.truncate(HOSTS_SHOWN);
    (rows, more)
}

/// Links to the pages of the list: the first, the last, and those around `current`.
fn page_links(ask: &Ask, sort: &str, pages: usize, current: usize) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let href = |p: usize| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(q) = ask.q.as_deref().filter(|q| !q.is_empty()) {
            query.append_pair("q", q);
        }
        if let Some(h) = ask.health.as_deref().filter(|h| !h.is_empty()) {
            query.append_pair("health", h);
        }
        query.append_pair("sort", sort);
        query.append_pair("page", &p.to_string());
        format!("?{}", query.finish())
    };
    let mut shown: Vec<usize> = vec![1, pages];
    shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(pages));
    shown.sort_unstable();
    shown.dedup();
    shown
        .into_iter()
        .map(|p| PageLink {
            label: p.to_string(),
            href: href(p),
            current: p == current,
        })
        .collect()
}

/// The cluster's rows and, when this instance's configuration differs, what to say.
fn cluster_rows(
    view: Option<crate::cluster::View>,
    now: i64,
) -> (Vec<InstanceRow>, Option<String>) {
    let Some(view) = view else {
        return (Vec::new(), None);
    };
    let warning = view
        .running
        .as_ref()
        .filter(|_| view.config_differs())
        .map(|(hash, by)| {
            format!(
                "This instance runs feeds.toml {} but the cluster runs {hash} (loaded last, by {by}): \
                 its feeds are the cluster's until this instance's file is the same and reloaded.",
                view.mine
            )
        });
    let rows = (view.members.into_iter())
        .map(|m| InstanceRow {
            me: m.name == view.me,
            started: relative(Some(m.started_ms), now),
            seen: relative(Some(m.seen_ms), now),
            name: m.name,
            machine: m.machine,
            pid: m.pid,
            leases: m.leases,
            link: m.link_held && m.live,
            live: m.live,
            config: m.config,
        })
        .collect();
    (rows, warning)
}

/// Since the HTTP side started (the process, to the page's reader).
static STARTED: std::sync::LazyLock<std::time::Instant> =
    std::sync::LazyLock::new(std::time::Instant::now);

/// Start the uptime's clock (the HTTP side calls it when it starts serving).
pub(super) fn started() {
    std::sync::LazyLock::force(&STARTED);
}

/// What the read of the store gives the page.
struct Read {
    stats: crate::model::Stats,
    listed: Vec<Candidate>,
    total: usize,
    sick: usize,
    day: [[u32; 4]; 24],
    hosts: (Vec<HostRow>, usize),
    user_feeds: usize,
    user_sick: usize,
}

/// Every feed read once: the counts, the day, the hosts, and the feeds the page may list.
fn read_all(
    st: &dyn crate::xmpp::pubsub::State,
    detailed: bool,
    now: i64,
) -> Result<Read, crate::xmpp::pubsub::StateError> {
    let stats = st.stats()?;
    let mut all = Vec::new();
    crate::xmpp::pubsub::each_feed::<crate::xmpp::pubsub::StateError>(st, true, |f| {
        all.push(Candidate::of(f, now));
        Ok(())
    })?;
    let mut day = [[0u32; 4]; 24];
    for c in &all {
        for (d, h) in day.iter_mut().zip(&c.day) {
            for (a, b) in d.iter_mut().zip(h) {
                *a += b;
            }
        }
    }
    let (total, sick) = (all.len(), all.iter().filter(|c| c.sick()).count());
    // Counted, never named unless asked with an admin token: a node id is enough to
    // subscribe and see the feed, and tells which feeds this service's users read.
    let is_user = |c: &Candidate| matches!(c.f.origin, Origin::User { .. });
    let user_feeds = if detailed {
        0
    } else {
        all.iter().filter(|c| is_user(c)).count()
    };
    let user_sick = if detailed {
        0
    } else {
        all.iter().filter(|c| is_user(c) && c.sick()).count()
    };
    let listed: Vec<Candidate> = all
        .into_iter()
        .filter(|c| detailed || !is_user(c))
        .collect();
    // The hosts of the listed feeds only: a user's feed's host tells what users read too.
    let hosts = hosts(&listed);
    Ok(Read {
        stats,
        listed,
        total,
        sick,
        day,
        hosts,
        user_feeds,
        user_sick,
    })
}

/// `GET /`.
pub(super) async fn page(
    State(api): State<Api>,
    Query(ask): Query<Ask>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // An admin token opens the page anywhere and adds the users' feeds; without one, only a
    // loopback listener shows it (`operator_only`). A wrong token is refused even there, so
    // a typo is noticed; the token's budget is counted once.
    let detailed = match headers.get(header::AUTHORIZATION) {
        None => false,
        Some(_) => {
            let t = super::auth::token(&api, &headers)?;
            if t.nodes != crate::config::Scope::All {
                return Err(ApiError::forbidden(
                    "the status page's detailed view takes a token for every node (nodes = [\"*\"])",
                ));
            }
            true
        }
    };
    if !detailed {
        super::ops::operator_only(&api, &headers)?;
    }
    let sort: &'static str = SORTS
        .iter()
        .map(|(s, _)| *s)
        .find(|s| Some(*s) == ask.sort.as_deref())
        .unwrap_or("health");
    let q = ask.q.as_deref().unwrap_or("").trim().to_lowercase();
    let health_filter = ask
        .health
        .as_deref()
        .filter(|h| HEALTHS.contains(h))
        .unwrap_or("")
        .to_owned();
    let (up, for_) = api.inner.link.get();
    let now = crate::clock::now_ms();
    let page_asked = ask.page.unwrap_or(1);
    let filter = health_filter.clone();
    let (read, matching, shown, pages, current) = api
        .read(move |st, _| {
            let mut read = read_all(st, detailed, now)?;
            sort_by(&mut read.listed, sort);
            let mut matching: Vec<Candidate> = std::mem::take(&mut read.listed)
                .into_iter()
                .filter(|c| c.matches(&q, &filter))
                .collect();
            let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
            let current = page_asked.clamp(1, pages);
            let count = matching.len();
            let mut shown: Vec<Candidate> = matching
                .drain(..)
                .skip((current - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .collect();
            // Subscribers counted for the rows shown only.
            for c in shown.iter_mut().filter(|c| c.subscribers.is_none()) {
                c.subscribers = Some(st.subscriber_count(&c.f.node));
            }
            Ok::<_, crate::xmpp::pubsub::StateError>((read, count, shown, pages, current))
        })
        .await
        .map_err(|e| ApiError::unavailable(e.to_string()))?;
    let last_hour = now.div_euclid(3_600_000);
    let rows: Vec<Row> = (shown.iter())
        .map(|c| Row {
            title: c.f.title.clone().unwrap_or_else(|| c.f.node.clone()),
            node: c.f.node.clone(),
            health: c.health,
            error: c.f.last_error.clone(),
            last_fetch: if c.health == "push" {
                "—".to_owned()
            } else {
                relative(c.f.last_fetch, now)
            },
            next_fetch: if c.f.is_polled() {
                relative(c.f.next_due, now)
            } else {
                "—".to_owned()
            },
            last_status: c.f.last_status.clone().unwrap_or_else(|| "—".to_owned()),
            subscribers: c.subscribers.unwrap_or(0),
            items_today: c.items_today(),
            bars: chart::sparkline(&c.day, last_hour),
        })
        .collect();
    let (instances, config_warning) = cluster_rows(api.cluster(), now);
    let link_for = relative(Some(now - for_.as_millis() as i64), now);
    let link_for = link_for.trim_end_matches(" ago");
    let page = Page {
        jid: api.inner.cfg.get().component.jid.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        uptime: span(STARTED.elapsed().as_secs()),
        refresh: REFRESH_SECS,
        link_up: up,
        link_for: if up {
            format!("for {link_for}")
        } else {
            format!("down for {link_for}")
        },
        subscriptions: read.stats.subscriptions,
        outbox: read.stats.outbox_pending,
        total: read.total,
        sick: read.sick,
        chart: chart::service(&read.day, last_hour),
        chart_w: chart::LEFT + 24 * chart::HOUR_W + 8,
        chart_h: chart::TOP + chart::PLOT_H + 22,
        plot: (chart::LEFT, chart::TOP, chart::TOP + chart::PLOT_H),
        hosts: read.hosts.0,
        hosts_more: read.hosts.1,
        matching,
        feeds: rows,
        pages: page_links(&ask, sort, pages, current),
        q: ask.q.clone().unwrap_or_default(),
        health_filter,
        sort,
        sorts: SORTS.to_vec(),
        healths: HEALTHS.to_vec(),
        detailed,
        user_feeds: read.user_feeds,
        user_sick: read.user_sick,
        instances,
        config_warning,
    };
    let html = page
        .render()
        .map_err(|e| ApiError::unavailable(format!("cannot render the page: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(node: &str, health: Health, host: &str) -> Candidate {
        let mut f = FeedState::new(
            node,
            &format!("http://u:secret@{host}/{node}"),
            None,
            Origin::Config,
        );
        f.health = health;
        f.title = Some(format!("Title of {node}"));
        Candidate::of(f, 0)
    }

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(relative(Some(0), 125_000), "2 min ago");
        assert_eq!(relative(Some(7_200_000), 0), "in 2 h");
        assert_eq!(relative(None, 0), "—");
    }

    #[test]
    fn search_filter_sort_and_hosts() {
        let mut all = vec![
            candidate("b", Health::Ok, "one.example"),
            candidate("a", Health::Permanent, "two.example"),
            candidate("c", Health::Transient, "one.example"),
        ];
        // The host only: no credentials, no path.
        assert_eq!(all[0].host.as_deref(), Some("one.example"));
        sort_by(&mut all, "health");
        let order: Vec<&str> = all.iter().map(|c| c.f.node.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"], "failing first");
        sort_by(&mut all, "node");
        assert_eq!(all[0].f.node, "a");
        assert!(all[1].matches("one.ex", ""), "by host");
        assert!(
            all[1].matches("title of b", "ok"),
            "by title, with the filter"
        );
        assert!(!all[1].matches("", "sick"));
        assert!(all[2].matches("", "sick"));
        assert!(!all[0].matches("nothing", ""));
        let (hosts, more) = hosts(&all);
        assert_eq!(more, 0);
        let seen: Vec<(&str, usize, usize)> = hosts
            .iter()
            .map(|h| (h.host.as_str(), h.feeds, h.sick))
            .collect();
        assert_eq!(seen, [("one.example", 2, 1), ("two.example", 1, 1)]);
    }

    #[test]
    fn pages_link_around_the_current_one() {
        let ask = Ask {
            q: Some("a b".into()),
            ..Ask::default()
        };
        let links = page_links(&ask, "node", 20, 10);
        let labels: Vec<&str> = links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["1", "8", "9", "10", "11", "12", "20"]);
        assert!(links[3].current);
        assert_eq!(links[0].href, "?q=a+b&sort=node&page=1");
        assert!(page_links(&ask, "node", 1, 1).is_empty());
    }
}
