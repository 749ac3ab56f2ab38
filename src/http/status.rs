//! The status page (`GET /`): server-rendered HTML from a compile-time template (askama, the
//! only user), readable on a phone: every feed and node with its title, health, last and next
//! fetch, last HTTP status, subscribers, items today, and an inline SVG chart of the last 24
//! hours of fetches; sick feeds first. The same access rule as the other operator pages, and
//! one more: feeds added by users are private (their node ids lead to their subscribers'
//! interests), so they are only counted unless the request carries an admin token
//! (`nodes = ["*"]`, as the admin API takes); with it the page lists them too.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::{Api, ApiError};
use crate::model::{Health, Origin};

/// One bar of the chart.
struct Bar {
    class: &'static str,
    x: u32,
    y: u32,
    h: u32,
}

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

#[derive(Template)]
#[template(path = "status.html")]
struct Page {
    jid: String,
    link_up: bool,
    link_for: String,
    subscriptions: u64,
    outbox: u64,
    sick: usize,
    feeds: Vec<Row>,
    /// Rows for users' feeds are in `feeds` (the request carried an admin token).
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

/// "3 min ago", "in 2 h".
fn relative(at_ms: Option<i64>, now_ms: i64) -> String {
    let Some(at) = at_ms else {
        return "—".to_owned();
    };
    let d = (at - now_ms).abs() / 1000;
    let span = match d {
        0..=59 => format!("{d} s"),
        60..=3599 => format!("{} min", d / 60),
        3600..=172_799 => format!("{} h", d / 3600),
        _ => format!("{} d", d / 86_400),
    };
    if at >= now_ms {
        format!("in {span}")
    } else {
        format!("{span} ago")
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

/// The chart: per hour, stacked changed / unchanged / failed fetches, scaled to the busiest.
fn bars(day: &[[u32; 4]; 24]) -> Vec<Bar> {
    let max = day
        .iter()
        .map(|h| h[0] + h[1] + h[2])
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = Vec::new();
    for (i, h) in day.iter().enumerate() {
        let mut top = 24u32;
        for (n, class) in [(h[0], "c"), (h[1], "u"), (h[2], "f")] {
            if n == 0 {
                continue;
            }
            // At least a pixel, never above the column (rounding can fill it early).
            let height = (n * 24).div_ceil(max).max(1).min(top);
            if height == 0 {
                break;
            }
            top -= height;
            out.push(Bar {
                class,
                x: i as u32 * 4,
                y: top,
                h: height,
            });
        }
    }
    out
}

/// `GET /`.
pub(super) async fn page(State(api): State<Api>, headers: HeaderMap) -> Result<Response, ApiError> {
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
    let (up, for_) = api.inner.link.get();
    let now = crate::clock::now_ms();
    let (stats, mut rows, user_feeds, user_sick) = api
        .read(move |st, _| -> Result<_, crate::xmpp::pubsub::StateError> {
            let stats = st.stats()?;
            let mut rows = Vec::new();
            let (mut user_feeds, mut user_sick) = (0, 0);
            // Every feed (this page lists them all), a page of the store's index at a time.
            crate::xmpp::pubsub::each_feed::<crate::xmpp::pubsub::StateError>(st, true, |f| {
                let user = matches!(f.origin, Origin::User { .. });
                let push = matches!(f.origin, Origin::Push | Origin::Created { .. });
                if user && !detailed {
                    // Counted, never named: a node id is enough to subscribe and see the
                    // feed, and tells which feeds this service's users read.
                    user_feeds += 1;
                    user_sick += usize::from(rank(f.health) <= 1);
                    return Ok(());
                }
                let day = crate::telemetry::last_day(&f.node, now);
                let (title, error) = (
                    f.title.clone().unwrap_or_else(|| f.node.clone()),
                    f.last_error.clone(),
                );
                rows.push((
                    if push && f.health != Health::Removed {
                        rank(Health::Ok)
                    } else {
                        rank(f.health)
                    },
                    Row {
                        title,
                        health: if push && f.health != Health::Removed {
                            "push"
                        } else {
                            f.health.as_str()
                        },
                        error,
                        last_fetch: if push {
                            "—".to_owned()
                        } else {
                            relative(f.last_fetch, now)
                        },
                        next_fetch: if f.is_polled() {
                            relative(f.next_due, now)
                        } else {
                            "—".to_owned()
                        },
                        last_status: f.last_status.clone().unwrap_or_else(|| "—".to_owned()),
                        subscribers: st.subscriber_count(&f.node),
                        items_today: day.iter().map(|h| h[3]).sum(),
                        bars: bars(&day),
                        node: f.node,
                    },
                ));
                Ok(())
            })?;
            Ok((stats, rows, user_feeds, user_sick))
        })
        .await
        .map_err(|e| ApiError::unavailable(e.to_string()))?;
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.node.cmp(&b.1.node)));
    let (instances, config_warning) = cluster_rows(api.cluster(), now);
    let page = Page {
        jid: api.inner.cfg.get().component.jid.to_string(),
        link_up: up,
        link_for: if up {
            format!(
                "for {}",
                relative(Some(now - for_.as_millis() as i64), now).trim_end_matches(" ago")
            )
        } else {
            format!(
                "down for {}",
                relative(Some(now - for_.as_millis() as i64), now).trim_end_matches(" ago")
            )
        },
        subscriptions: stats.subscriptions,
        outbox: stats.outbox_pending,
        sick: rows.iter().filter(|r| r.0 <= 1).count() + user_sick,
        feeds: rows.into_iter().map(|(_, r)| r).collect(),
        detailed,
        user_feeds,
        user_sick,
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

    #[test]
    fn bars_stack_and_scale() {
        let mut day = [[0u32; 4]; 24];
        day[23] = [2, 1, 1, 0];
        day[0] = [1, 0, 0, 0];
        let b = bars(&day);
        let last: Vec<_> = b.iter().filter(|b| b.x == 92).collect();
        assert_eq!(
            last.iter().map(|b| b.h).sum::<u32>(),
            24,
            "the busiest hour fills"
        );
        assert_eq!(last[0].class, "c");
        assert_eq!(b.iter().find(|b| b.x == 0).unwrap().h, 6);
        // Rounding fills the column before its last part: no panic, never above the top.
        let mut full = [[0u32; 4]; 24];
        full[5] = [58, 2, 1, 0];
        let b = bars(&full);
        assert!(b.iter().filter(|b| b.x == 20).map(|b| b.h).sum::<u32>() <= 24);
        assert_eq!(relative(Some(0), 125_000), "2 min ago");
        assert_eq!(relative(Some(7_200_000), 0), "in 2 h");
        assert_eq!(relative(None, 0), "—");
    }
}
