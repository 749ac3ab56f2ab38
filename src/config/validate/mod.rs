//! Raw values → the typed [`Config`]: every default, bound and cross-key rule, each refusal
//! placed at its key. One module per section of `feeds.toml`, checked in the file's order
//! (the first refusal is the one reported); `ctx` holds the conversions they share.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use super::raw::RawConfig;
use super::{Config, ConfigError, NodeIndex, Secrets, MAX_NODE_LEN};
use ctx::Ctx;

mod access;
mod cluster;
mod component;
mod ctx;
mod delivery;
mod fetch;
mod http;
mod nodes;
mod storage;

/// Parse an operator duration: `"90s"`, `"15m"`, `"1h"`, `"1h 30m"`, `"2d"`. Zero is refused.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s.trim()).map_err(|e| e.to_string())?;
    if d.is_zero() {
        return Err("must be greater than zero".into());
    }
    Ok(d)
}

/// Whether `node` is acceptable as a node id (it doubles as a JID localpart).
pub fn valid_node_id(node: &str) -> bool {
    !node.is_empty()
        && node.len() <= MAX_NODE_LEN
        && node
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !node.starts_with('.')
}

/// The whole file, section by section; relative paths are taken from the file's folder.
pub(super) fn validate(
    path: &Path,
    text: &str,
    raw: RawConfig,
    secrets: Secrets,
) -> Result<Config, ConfigError> {
    let cx = Ctx { path, text };
    let base_dir = path.parent().unwrap_or(Path::new("."));
    let (component, mut warnings) = component::component(&cx, raw.component, secrets, base_dir)?;
    let (storage, storage_warnings) = storage::storage(&cx, raw.storage, base_dir)?;
    warnings.extend(storage_warnings);
    let cluster = cluster::cluster(&cx, raw.cluster, &storage)?;
    let http = http::http(&cx, raw.http)?;
    let fetch = fetch::fetch(&cx, raw.fetch)?;
    let poll = fetch::poll(&cx, raw.poll)?;
    let access = access::access(&cx, raw.access)?;
    let pubsub = delivery::pubsub(&cx, raw.pubsub)?;
    let chat = delivery::chat(&cx, raw.chat)?;
    // Node ids are one namespace for [[feeds]] and [[nodes]].
    let mut seen = HashSet::new();
    let feeds = nodes::feeds(&cx, raw.feeds, &mut seen)?;
    let nodes = nodes::nodes(&cx, raw.nodes, &mut seen)?;
    Ok(Config {
        warnings,
        path: path.to_owned(),
        component,
        storage,
        cluster,
        http,
        fetch,
        poll,
        access,
        pubsub,
        chat,
        index: NodeIndex::of(&feeds, &nodes),
        feeds,
        nodes,
        shared_hash: String::new(),
    })
}
