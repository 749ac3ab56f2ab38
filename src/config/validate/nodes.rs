//! `[[feeds]]` and `[[nodes]]`: the configured feeds (URL, schedule) and push-only nodes, with
//! what both may set (title, notification type, publishers, callback); their node ids are
//! valid and shared by both lists, so never given twice.

use std::collections::HashSet;
use std::str::FromStr;

use toml::Spanned;
use url::Url;

use super::ctx::Ctx;
use super::valid_node_id;
use crate::config::raw::{RawFeed, RawNode};
use crate::config::{ConfigError, FeedConfig, NodeConfig, Schedule, MAX_NODE_LEN};

/// `[[feeds]]`; every node id is added to `seen`.
pub(super) fn feeds(
    cx: &Ctx<'_>,
    raw: Vec<Spanned<RawFeed>>,
    seen: &mut HashSet<String>,
) -> Result<Vec<FeedConfig>, ConfigError> {
    let mut feeds = Vec::with_capacity(raw.len());
    for f in raw {
        let f = f.into_inner();
        let node = f.node.get_ref().clone();
        if !valid_node_id(&node) {
            return cx.err(
                f.node.span(),
                format!(
                    "key `feeds.node`: {node:?} is not a valid node id (1-{MAX_NODE_LEN} of A-Z a-z 0-9 . _ -)"
                ),
            );
        }
        if !seen.insert(node.clone()) {
            return cx.err(
                f.node.span(),
                format!("key `feeds.node`: duplicate node {node:?}"),
            );
        }
        let url = match Url::parse(f.url.get_ref()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
            Ok(u) => {
                return cx.err(
                    f.url.span(),
                    format!(
                        "key `feeds.url`: bad URL {:?}: scheme {:?} is not http or https",
                        f.url.get_ref(),
                        u.scheme()
                    ),
                )
            }
            Err(e) => {
                return cx.err(
                    f.url.span(),
                    format!("key `feeds.url`: bad URL {:?}: {e}", f.url.get_ref()),
                )
            }
        };
        let schedule = schedule(cx, f.interval, f.schedule)?;
        let notification_type = f
            .notification_type
            .as_ref()
            .map(|t| cx.notification_type("feeds.notification_type", t))
            .transpose()?;
        feeds.push(FeedConfig {
            node,
            url,
            title: f.title.filter(|t| !t.trim().is_empty()),
            schedule,
            notification_type,
            publishers: cx.jids("feeds.publishers", &f.publishers)?,
            callback: cx.callback("feeds", f.callback_url.as_ref(), f.callback_secret.as_ref())?,
        });
    }
    Ok(feeds)
}

/// A feed's `interval` or `schedule` (a cron expression), at most one of them.
fn schedule(
    cx: &Ctx<'_>,
    interval: Option<Spanned<String>>,
    expr: Option<Spanned<String>>,
) -> Result<Schedule, ConfigError> {
    Ok(match (interval, expr) {
        (Some(_), Some(s)) => {
            return cx.err(
                s.span(),
                "key `feeds.schedule`: give either `interval` or `schedule`, not both".into(),
            )
        }
        (Some(i), None) => Schedule::Interval(cx.duration("feeds.interval", &i)?),
        (None, Some(s)) => match cron::Schedule::from_str(s.get_ref()) {
            Ok(c) => Schedule::Cron(Box::new(c)),
            Err(e) => {
                // The cron crate's message ends with a caret diagram; its first line says it.
                let why = e.to_string();
                let why = why.lines().next().unwrap_or("").trim_end();
                return cx.err(
                    s.span(),
                    format!(
                        "key `feeds.schedule`: bad cron expression {:?} (six fields, seconds first, e.g. \"0 */10 * * * *\"): {why}",
                        s.get_ref()
                    ),
                );
            }
        },
        (None, None) => Schedule::Default,
    })
}

/// `[[nodes]]`; a node id in `seen` (taken by a feed or an earlier node) is refused.
pub(super) fn nodes(
    cx: &Ctx<'_>,
    raw: Vec<Spanned<RawNode>>,
    seen: &mut HashSet<String>,
) -> Result<Vec<NodeConfig>, ConfigError> {
    let mut nodes = Vec::with_capacity(raw.len());
    for n in raw {
        let n = n.into_inner();
        let node = n.node.get_ref().clone();
        if !valid_node_id(&node) {
            return cx.err(
                n.node.span(),
                format!(
                    "key `nodes.node`: {node:?} is not a valid node id (1-{MAX_NODE_LEN} of A-Z a-z 0-9 . _ -)"
                ),
            );
        }
        if !seen.insert(node.clone()) {
            return cx.err(
                n.node.span(),
                format!("key `nodes.node`: duplicate node {node:?} (node ids are shared by [[feeds]] and [[nodes]])"),
            );
        }
        nodes.push(NodeConfig {
            node,
            title: n.title.filter(|t| !t.trim().is_empty()),
            description: n.description.filter(|t| !t.trim().is_empty()),
            notification_type: n
                .notification_type
                .as_ref()
                .map(|t| cx.notification_type("nodes.notification_type", t))
                .transpose()?,
            publishers: cx.jids("nodes.publishers", &n.publishers)?,
            callback: cx.callback("nodes", n.callback_url.as_ref(), n.callback_secret.as_ref())?,
        });
    }
    Ok(nodes)
}
