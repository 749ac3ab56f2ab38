//! What the commands print, as text: the admin listings as tables, `feedpush poll`'s lines
//! (text or JSON).

use std::fmt::Write as _;

use crate::http::admin::{FeedList, SubscriberList};
use crate::poll::ingest::PollReport;

/// `feeds list` as a table: node, health, last status, subscribers, items, origin, URL.
pub fn feeds_table(list: &FeedList) -> String {
    let mut rows = vec![[
        "NODE".to_owned(),
        "HEALTH".to_owned(),
        "LAST".to_owned(),
        "SUBS".to_owned(),
        "ITEMS".to_owned(),
        "ORIGIN".to_owned(),
        "URL".to_owned(),
    ]];
    for f in &list.feeds {
        rows.push([
            f.node.clone(),
            f.health.clone(),
            f.last_status.clone().unwrap_or_else(|| "-".into()),
            f.subscribers.to_string(),
            f.items.to_string(),
            f.origin.clone(),
            if f.url.is_empty() {
                "-".into()
            } else {
                f.url.clone()
            },
        ]);
    }
    table(&rows)
}

/// `subscribers NODE` as a table: JID, how, since.
pub fn subscribers_table(list: &SubscriberList) -> String {
    let mut rows = vec![["JID".to_owned(), "VIA".to_owned(), "SINCE".to_owned()]];
    for s in &list.subscribers {
        rows.push([
            s.jid.clone(),
            s.via.clone(),
            s.since.clone().unwrap_or_else(|| "-".into()),
        ]);
    }
    table(&rows)
}

/// Columns padded to their widest cell (the last one left as is).
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == N {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `feedpush poll`'s lines for `reports`: one per feed (node, status, entries seen and new,
/// when due next, the error); with `json`, a JSON object per newly stored entry first, then
/// one per feed.
pub fn poll_lines(reports: &[PollReport], json: bool) -> String {
    let mut out = String::new();
    if json {
        for r in reports {
            for item in &r.new {
                let line = serde_json::json!({
                    "node": r.node,
                    "id": item.entry.id,
                    "title": item.entry.title,
                    "link": item.entry.link,
                    "published": item.entry.published,
                    "announce": r.announce,
                });
                let _ = writeln!(out, "{line}");
            }
        }
        for r in reports {
            let mut line = serde_json::json!({ "node": r.node, "status": r.status.to_string(), "health": r.health.as_str() });
            if let Some(e) = &r.error {
                line["error"] = serde_json::Value::from(e.as_str());
            }
            let _ = writeln!(out, "{line}");
        }
    } else {
        for r in reports {
            let next = r
                .next_due
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_else(|| "never".into());
            let err = r
                .error
                .as_deref()
                .map(|e| format!(" error: {e}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{} {} seen={} new={} next={}{}",
                r.node,
                r.status,
                r.entries_seen,
                r.new.len(),
                next,
                err
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::admin::SubscriberOut;

    #[test]
    fn tables_line_up() {
        let list = SubscriberList {
            node: "news".into(),
            subscribers: vec![
                SubscriberOut {
                    jid: "alice@example.org".into(),
                    via: "pubsub".into(),
                    since: Some("2026-11-26T01:00:00Z".into()),
                },
                SubscriberOut {
                    jid: "b@x.org".into(),
                    via: "contact".into(),
                    since: None,
                },
            ],
        };
        let t = subscribers_table(&list);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "JID                VIA      SINCE");
        assert_eq!(lines[1], "alice@example.org  pubsub   2026-11-26T01:00:00Z");
        assert_eq!(lines[2], "b@x.org            contact  -");
    }
}
