//! What a reload (SIGHUP) changes: the running configuration as a swappable value, the keys
//! that only a restart applies, and which feeds a new file adds, removes or changes.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::{Config, Schedule};

/// A value a reload replaces while readers go on with the one they hold.
pub struct Swap<T>(RwLock<Arc<T>>);

impl<T> Swap<T> {
    /// Holding `value`.
    pub fn new(value: T) -> Swap<T> {
        Swap(RwLock::new(Arc::new(value)))
    }

    /// Holding a value already shared.
    pub fn from_arc(value: Arc<T>) -> Swap<T> {
        Swap(RwLock::new(value))
    }

    /// The current value.
    pub fn get(&self) -> Arc<T> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replace it; readers holding the old one keep it.
    pub fn set(&self, value: Arc<T>) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = value;
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Swap<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// The keys whose change `new` makes but only a restart applies, by name.
pub fn restart_only(old: &Config, new: &Config) -> Vec<&'static str> {
    let (a, b) = (&old.component, &new.component);
    let mut keys = Vec::new();
    if a.jid != b.jid
        || a.server != b.server
        || a.secret != b.secret
        || a.keepalive != b.keepalive
        || a.max_stanza_bytes != b.max_stanza_bytes
    {
        keys.push("[component]");
    }
    if old.storage.path != new.storage.path
        || old.storage.cache_mb != new.storage.cache_mb
        || old.storage.backend != new.storage.backend
    {
        keys.push("[storage]");
    }
    if old.cluster != new.cluster {
        keys.push("[cluster]");
    }
    if old.http.listen != new.http.listen {
        keys.push("[http] listen");
    }
    if old.http.max_connections != new.http.max_connections
        || old.http.max_connections_per_ip != new.http.max_connections_per_ip
    {
        keys.push("[http] max_connections");
    }
    keys
}

/// `new`, with the restart-only keys of `old` (what the running process keeps until restarted).
pub fn applicable(old: &Config, mut new: Config) -> Config {
    new.component = old.component.clone();
    new.storage = old.storage.clone();
    new.cluster = old.cluster.clone();
    new.http.listen = old.http.listen;
    new.http.max_connections = old.http.max_connections;
    new.http.max_connections_per_ip = old.http.max_connections_per_ip;
    new
}

/// How the configured feeds differ between two files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FeedChanges {
    /// Nodes of feeds or push nodes only the new file has.
    pub added: Vec<String>,
    /// Nodes of feeds or push nodes only the old file has.
    pub removed: Vec<String>,
    /// Feeds in both whose URL or schedule changed (fetched again soon).
    pub refetch: Vec<String>,
}

impl FeedChanges {
    /// Nothing added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.refetch.is_empty()
    }
}

/// Compare the feeds and push nodes of two files.
pub fn feed_changes(old: &Config, new: &Config) -> FeedChanges {
    let nodes = |c: &Config| -> HashMap<String, Option<(String, String)>> {
        c.feeds
            .iter()
            .map(|f| {
                (
                    f.node.clone(),
                    Some((f.url.to_string(), schedule_key(&f.schedule))),
                )
            })
            .chain(c.nodes.iter().map(|n| (n.node.clone(), None)))
            .collect()
    };
    let (before, after) = (nodes(old), nodes(new));
    let mut out = FeedChanges::default();
    for (node, polled) in &after {
        match before.get(node) {
            None => out.added.push(node.clone()),
            // A push node that became a feed, or the other way round.
            Some(was) if was.is_some() != polled.is_some() => {
                out.removed.push(node.clone());
                out.added.push(node.clone());
            }
            Some(was) if was != polled => out.refetch.push(node.clone()),
            Some(_) => {}
        }
    }
    out.removed
        .extend(before.keys().filter(|n| !after.contains_key(*n)).cloned());
    out.added.sort();
    out.removed.sort();
    out.refetch.sort();
    out
}

fn schedule_key(s: &Schedule) -> String {
    match s {
        Schedule::Default => "default".to_owned(),
        Schedule::Interval(d) => format!("every {d:?}"),
        Schedule::Cron(c) => format!("cron {c}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path).unwrap()
    }

    const HEAD: &str = r#"
[component]
jid = "feeds.localhost"
server = "127.0.0.1:5347"
secret = "s3cret-for-tests"
[storage]
path = "/tmp/feedpush-reload-test"
"#;

    #[test]
    fn feeds_added_removed_and_changed_are_told_apart() {
        let old = load(&format!(
            "{HEAD}
[[feeds]]
node = \"a\"
url = \"http://127.0.0.1:1/a\"
[[feeds]]
node = \"b\"
url = \"http://127.0.0.1:1/b\"
[[feeds]]
node = \"c\"
url = \"http://127.0.0.1:1/c\"
[[nodes]]
node = \"p\"
"
        ));
        let new = load(&format!(
            "{HEAD}
[[feeds]]
node = \"a\"
url = \"http://127.0.0.1:1/a\"
[[feeds]]
node = \"c\"
url = \"http://127.0.0.1:1/c\"
interval = \"5m\"
[[feeds]]
node = \"d\"
url = \"http://127.0.0.1:1/d\"
[[feeds]]
node = \"p\"
url = \"http://127.0.0.1:1/p\"
"
        ));
        let ch = feed_changes(&old, &new);
        assert_eq!(ch.added, vec!["d".to_owned(), "p".to_owned()]);
        assert_eq!(ch.removed, vec!["b".to_owned(), "p".to_owned()]);
        assert_eq!(ch.refetch, vec!["c".to_owned()]);
        assert!(feed_changes(&new, &new).is_empty());
        assert!(restart_only(&old, &new).is_empty());
    }

    #[test]
    fn restart_only_keys_are_named_and_kept() {
        let old = load(HEAD);
        let new = load(
            &(HEAD
                .replace("5347", "5348")
                .replace("feedpush-reload-test", "elsewhere")
                + "[http]\nlisten = \"127.0.0.1:8080\"\nmax_request_bytes = 2048\n"),
        );
        assert_eq!(
            restart_only(&old, &new),
            vec!["[component]", "[storage]", "[http] listen"]
        );
        let kept = applicable(&old, new);
        assert_eq!(kept.component.server, "127.0.0.1:5347");
        assert_eq!(kept.storage.path, old.storage.path);
        assert_eq!(kept.http.listen, None);
        // What a reload can apply is taken.
        assert_eq!(kept.http.max_request_bytes, 2048);
        assert!(restart_only(&old, &kept).is_empty());
    }
}
