//! The commands on this machine's files, with no instance running: `check-config`,
//! `store verify|backup|copy` (on a stopped instance's store) and `token new`.

use std::path::Path;

use super::CliError;
use crate::config::{valid_node_id, Config};

/// `check-config FILE`: the warnings on stderr, the one-line summary on stdout; with
/// `connect`, the store's database reached once as `run` would (a database that cannot be
/// reached, or refuses the role or its password, is a refused configuration).
pub fn check_config(path: &Path, connect: bool) -> Result<(), CliError> {
    let config = Config::check(path)?;
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    println!("{}", config.summary());
    if !connect {
        return Ok(());
    }
    match crate::app::store_location(&config) {
        crate::store::Location::Embedded { path, .. } => {
            println!(
                "store: the embedded one in {} (nothing to connect to)",
                path.display()
            );
        }
        crate::store::Location::Postgres(opts) => {
            let shown = crate::store::postgres::shown_url(&opts.url);
            let r = crate::store::postgres::connect_check(&opts).map_err(|source| {
                CliError::Connect {
                    database: shown.clone(),
                    source,
                }
            })?;
            let ours = crate::store::postgres::schema_version();
            let schema = match r.schema {
                None => format!("no schema yet (version {ours} is made at the first run)"),
                Some(v) if v == ours => format!("schema version {v}, this build's"),
                Some(v) if v < ours => {
                    format!("schema version {v} (migrated to {ours} at the next run)")
                }
                Some(v) => {
                    format!("schema version {v}, NEWER than this build's {ours}: run refuses it")
                }
            };
            println!(
                "store: PostgreSQL {} at {shown} answers{}; {schema}",
                r.server,
                if r.tls { " over TLS" } else { "" }
            );
        }
    }
    Ok(())
}

/// `store verify`: the records of each table, each record that does not decode, and whether
/// the store is whole.
pub fn store_verify(config: &Path) -> Result<(), CliError> {
    let config = Config::check(config)?;
    let v = crate::app::offline::verify(&config).map_err(CliError::Store)?;
    for (table, n) in &v.tables {
        println!("{table}: {n} records");
    }
    for c in &v.corrupt {
        println!("corrupt: {c}");
    }
    for c in &v.inconsistent {
        println!("inconsistent: {c}");
    }
    let bad = v.corrupt.len() + v.inconsistent.len();
    if bad > 0 {
        return Err(CliError::Corrupt { records: bad });
    }
    println!("store {}: ok", shown_store(&config));
    Ok(())
}

/// `cluster status`: the instances on the store's database, a line each (or JSON).
pub fn cluster_status(config: &Path, json: bool) -> Result<(), CliError> {
    let config = Config::check(config)?;
    let members = crate::app::offline::members(&config).map_err(CliError::Store)?;
    let time = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    };
    if json {
        let list: Vec<serde_json::Value> = (members.iter())
            .map(|m| {
                serde_json::json!({
                    "instance": m.name, "machine": m.machine, "pid": m.pid,
                    "started": time(m.started_ms), "last_seen": time(m.seen_ms),
                    "live": m.live, "leases": m.leases, "link": m.link_held,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(list));
        return Ok(());
    }
    println!(
        "{:<20} {:<16} {:>8}  {:<19}  {:<19}  {:>6}  {:<4}  state",
        "instance", "machine", "pid", "started (UTC)", "last seen (UTC)", "leases", "link"
    );
    for m in &members {
        println!(
            "{:<20} {:<16} {:>8}  {:<19}  {:<19}  {:>6}  {:<4}  {}",
            m.name,
            m.machine,
            m.pid,
            time(m.started_ms),
            time(m.seen_ms),
            m.leases,
            if m.link_held { "yes" } else { "no" },
            if m.live {
                "live"
            } else {
                "gone (not seen for a lease)"
            }
        );
    }
    if members.is_empty() {
        println!("(no instance has joined: none runs with [cluster] on this database)");
    }
    Ok(())
}

/// `store backup DIR`: copy the store into `dir` and say how to restore it.
pub fn store_backup(config: &Path, dir: &Path) -> Result<(), CliError> {
    let config = Config::check(config)?;
    let bytes = crate::app::offline::backup(&config, dir).map_err(CliError::Store)?;
    println!(
        "store {} copied to {} ({bytes} bytes); to restore, point [storage] path at it",
        shown_store(&config),
        dir.display()
    );
    Ok(())
}

/// `store copy --from SPEC --to SPEC`: every record of a stopped instance's store into a new,
/// empty one (the other backend, or the same one elsewhere), then both read and compared table
/// by table; the counts and checksums are printed.
pub fn store_copy(from: &str, to: &str) -> Result<(), CliError> {
    let refused = |spec: &str, why: String| CliError::NotAStore {
        spec: crate::store::copy::shown_place(spec),
        why,
    };
    let source = crate::store::copy::place(from, true).map_err(|why| refused(from, why))?;
    let target = crate::store::copy::place(to, false).map_err(|why| refused(to, why))?;
    let from_store = crate::store::open_at(&source.location).map_err(CliError::Copy)?;
    let to_store = crate::store::open_at(&target.location).map_err(CliError::Copy)?;
    let copied = crate::store::copy::copy(&*from_store, &*to_store).map_err(CliError::Copy)?;
    for (table, (records, sum)) in &copied.tally.tables {
        println!("{table}: {records} records, checksum {sum:016x}: the same in the copy");
    }
    from_store.close();
    to_store.close();
    println!(
        "store {} copied to {}; to run on it, point [storage] at it (backend, and path or url)",
        source.shown, target.shown
    );
    Ok(())
}

/// The store a configuration names, for messages: the embedded store's directory, or the
/// database (password withheld) with this build's schema version.
fn shown_store(config: &Config) -> String {
    match crate::app::store_location(config) {
        crate::store::Location::Embedded { path, .. } => path.display().to_string(),
        crate::store::Location::Postgres(opts) => format!(
            "{} (PostgreSQL, schema version {})",
            crate::store::postgres::shown_url(&opts.url),
            crate::store::postgres::schema_version()
        ),
    }
}

/// `token new`: a fresh random token, shown once, and the `feeds.toml` lines that accept it
/// (only its SHA-256 goes into the file).
pub fn token_new(name: &str, nodes: &[String]) -> Result<(), CliError> {
    if let Some(bad) = nodes.iter().find(|n| *n != "*" && !valid_node_id(n)) {
        return Err(CliError::NotANodeId { node: bad.clone() });
    }
    let (token, hash) = crate::http::auth::new_token();
    let list = nodes
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!("Token (shown once; give it to the publisher, keep it out of feeds.toml):");
    println!("  {token}");
    println!();
    println!("Add to feeds.toml:");
    println!("[[http.tokens]]");
    println!("name = {name:?}");
    println!("token_sha256 = \"{hash}\"");
    println!("nodes = [{list}]");
    Ok(())
}
