//! Store benchmark: the store alone, at the scale benchmark's size, in seconds instead of
//! minutes. 10,000 feeds of 20 Atom entries (the scale benchmark's documents, normalised as a
//! fetch would) are stored, then 1,000 of them get one new entry, then the store is closed and
//! opened again.
//!
//! ```sh
//! cargo build --release --example bench_store && target/release/examples/bench_store [--feeds N] [--cache-mb M] [--backend sled|postgres]
//! ```
//!
//! Prints the time of each phase, resident memory (VmRSS, VmHWM of this process), the store's
//! size on disk per feed, and the CPU the store spends on its own (its flusher and clean-up
//! threads) in two 30 s windows after the writes and two after reopening, while nothing is
//! asked of it. Nothing but a temporary directory is touched.
//!
//! With `--backend postgres` the store is a database on a throwaway PostgreSQL server of its
//! own (the tests' one: `initdb` in a temporary directory, a Unix socket only, `fsync` on),
//! and every CPU figure counts the server's processes too (postmaster and backends, from
//! /proc), shown apart as "of which PostgreSQL"; the size on disk is the growth of the
//! server's directory (tables, indexes and write-ahead log), and the rows per feed are
//! counted.

use std::path::Path;
use std::time::Instant;

use feedpush::model::{Announce, Digest, FeedState, Filter, Mode, Origin, Subscription};

#[allow(dead_code)]
#[path = "support/pgprocs.rs"]
mod pgprocs;
/// The tests' throwaway PostgreSQL server.
#[allow(dead_code)]
#[path = "../tests/harness/pgserver.rs"]
mod pgserver;

/// Entries per feed document.
const ENTRIES: usize = 20;
/// Subscribers per feed (1,000 users in all, as in the scale benchmark).
const SUBSCRIBERS: usize = 10;

fn atom(feed: usize, newest: usize) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Benchmark feed {feed}</title><id>urn:bench:feed:{feed}</id><updated>2026-11-25T10:00:00Z</updated><link href=\"http://127.0.0.1/feeds/{feed}\"/>"
    );
    for i in (newest + 1 - ENTRIES..=newest).rev() {
        s.push_str(&format!(
            "<entry><id>urn:bench:{feed}:{i}</id><title>Entry {i} of feed {feed}</title><link href=\"http://127.0.0.1/feeds/{feed}/{i}\"/><updated>2026-11-25T10:{:02}:00Z</updated><summary>Entry {i}: a short paragraph of ordinary text, as a real feed's summary would be, about feeds and pushes.</summary></entry>",
            i % 60
        ));
    }
    s.push_str("</feed>");
    s
}

fn status(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
        / 1024
}

/// The PostgreSQL server's processes, when the benchmark runs one.
static PG: std::sync::OnceLock<pgprocs::PgProcs> = std::sync::OnceLock::new();

/// CPU seconds of the PostgreSQL server so far (none without one).
fn pg_cpu() -> f64 {
    PG.get().map_or(0.0, pgprocs::PgProcs::cpu)
}

/// CPU seconds so far of this process (all threads) and of the PostgreSQL server, if any.
fn cpu() -> f64 {
    pgprocs::cpu_of("self", false) + pg_cpu()
}

/// How long the store is left alone to measure its idle CPU.
const IDLE_SECS: u64 = 30;

fn rss() -> String {
    format!("RSS {} MB (peak {} MB)", status("VmRSS:"), status("VmHWM:"))
}

fn du(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|d| {
            d.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => du(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn fetch(store: &dyn feedpush::store::Admin, feed: usize, newest: usize, now: i64) -> usize {
    let node = format!("f{feed}");
    let base = url::Url::parse(&format!("http://127.0.0.1/feeds/{feed}")).unwrap();
    let doc = atom(feed, newest);
    let parsed = feedpush::normalize::normalize_known(doc.as_bytes(), &base, |asked| {
        store.known_unchanged(&node, asked)
    })
    .expect("the benchmark's documents parse");
    let mut state = store.feed(&node).unwrap().expect("imported");
    state.primed = true;
    state.last_fetch = Some(now);
    let notify = Announce {
        new: newest > ENTRIES,
        updates: false,
    };
    let applied = store
        .apply_fetch(&state, &parsed.entries, &parsed.unchanged, now, 20, notify)
        .expect("stored");
    applied.new.len()
}

/// The PostgreSQL server's part of a CPU figure, for the line that shows it.
fn of_which(pg_before: f64) -> String {
    if PG.get().is_none() {
        return String::new();
    }
    format!(", of which PostgreSQL {:.2} s", pg_cpu() - pg_before)
}

fn main() {
    let mut feeds = 10_000usize;
    let mut cache_mb = feedpush::config::DEFAULT_CACHE_MB;
    let mut postgres = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v.as_deref()) {
            ("--feeds", Some(n)) if n.parse::<usize>().is_ok() => feeds = n.parse().unwrap(),
            ("--cache-mb", Some(n)) if n.parse::<usize>().is_ok() => cache_mb = n.parse().unwrap(),
            ("--backend", Some("sled")) => postgres = false,
            ("--backend", Some("postgres")) => postgres = true,
            _ => {
                eprintln!(
                    "usage: bench_store [--feeds N] [--cache-mb M] [--backend sled|postgres]"
                );
                std::process::exit(2);
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let server = postgres.then(pgserver::PgServer::start);
    let location = match &server {
        None => feedpush::store::Location::Embedded {
            path: dir.path().to_owned(),
            cache_mb,
        },
        Some(s) => {
            let url = s.database(dir.path());
            let _ = PG.set(pgprocs::PgProcs::new(&s.data_dir()));
            feedpush::store::Location::Postgres(feedpush::store::postgres::PgOptions {
                url,
                pool_size: feedpush::config::DEFAULT_POOL_SIZE,
                connect_timeout: std::time::Duration::from_secs(5),
            })
        }
    };
    // On PostgreSQL the size on disk is the server directory's growth from here.
    let disk = || match &server {
        None => du(dir.path()),
        Some(s) => du(&s.data_dir()),
    };
    let disk_before = if server.is_some() { disk() } else { 0 };
    println!(
        "# store benchmark: {feeds} feeds × {ENTRIES} entries, {}",
        if postgres {
            "PostgreSQL (CPU counts the server's processes too)".to_owned()
        } else {
            format!("sled, cache_mb = {cache_mb}")
        }
    );
    let t = Instant::now();
    let store: std::sync::Arc<dyn feedpush::store::Admin> =
        feedpush::store::open_at(&location).expect("store opens");
    for f in 0..feeds {
        let url = format!("http://127.0.0.1/feeds/{f}");
        store
            .ensure_feed(FeedState::new(&format!("f{f}"), &url, None, Origin::Config))
            .unwrap();
    }
    println!("import: {:.2} s; {}", t.elapsed().as_secs_f64(), rss());
    let (t, c, p) = (Instant::now(), cpu(), pg_cpu());
    let stored: usize = (0..feeds).map(|f| fetch(&*store, f, ENTRIES, 1)).sum();
    println!(
        "first fetch: {stored} items in {:.2} s, {:.2} s CPU{} ({:.0} µs a feed); {}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        of_which(p),
        (cpu() - c) * 1e6 / feeds as f64,
        rss()
    );
    let (t, c, p) = (Instant::now(), cpu(), pg_cpu());
    for f in 0..feeds {
        for u in 0..SUBSCRIBERS {
            store
                .put_subscription(&Subscription {
                    node: format!("f{f}"),
                    jid: format!("user{}@localhost", (f * SUBSCRIBERS + u) % 1000),
                    deliver: true,
                    show_values: None,
                    created: 1,
                    mode: Mode::Pubsub,
                    contact: false,
                    include_body: true,
                    suspended: false,
                    filter: Filter::default(),
                    digest: Digest::Off,
                    digest_at: 0,
                })
                .unwrap();
        }
    }
    println!(
        "subscribe: {} in {:.2} s, {:.2} s CPU{}; {}",
        feeds * SUBSCRIBERS,
        t.elapsed().as_secs_f64(),
        cpu() - c,
        of_which(p),
        rss()
    );
    let (t, c, p) = (Instant::now(), cpu(), pg_cpu());
    let changed = feeds / 10;
    let new: usize = (0..changed)
        .map(|f| fetch(&*store, f * 10, ENTRIES + 1, 2))
        .sum();
    let jobs = store.outbox_len();
    for j in store.jobs(jobs).unwrap() {
        assert!(store.item_for_job(&j.node, j.item_seq).unwrap().is_some());
        store.finish_job(&j).unwrap();
    }
    println!(
        "changed: {new} new entries in {changed} feeds, their {jobs} outbox jobs read and done: {:.2} s, {:.2} s CPU{} ({:.0} µs a feed); {}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        of_which(p),
        (cpu() - c) * 1e6 / changed as f64,
        rss()
    );
    for window in ["first", "second"] {
        idle(
            &*store,
            &format!("idle after the writes, {window} {IDLE_SECS} s"),
        );
    }
    store.flush().unwrap();
    let rows: u64 = store
        .verify()
        .expect("the store reads back")
        .tables
        .iter()
        .map(|(_, n)| n)
        .sum();
    drop(store);
    let bytes = disk().saturating_sub(disk_before);
    println!(
        "store: {:.1} MB, {:.1} KB per feed; {rows} records, {:.0} per feed",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / feeds as f64,
        rows as f64 / feeds as f64
    );
    let t = Instant::now();
    let store: std::sync::Arc<dyn feedpush::store::Admin> =
        feedpush::store::open_at(&location).expect("store opens again");
    let n = store.feeds().unwrap().len();
    println!(
        "reopen: {n} feeds in {:.2} s; {}",
        t.elapsed().as_secs_f64(),
        rss()
    );
    let t = Instant::now();
    let read: usize = (0..feeds)
        .map(|f| store.items(&format!("f{f}"), 20, None).unwrap().len())
        .sum();
    println!(
        "read every node's items: {read} in {:.2} s; {}",
        t.elapsed().as_secs_f64(),
        rss()
    );
    for window in ["first", "second"] {
        idle(
            &*store,
            &format!("idle after reopening, {window} {IDLE_SECS} s"),
        );
    }
}

/// The store's own CPU (sled's flusher and I/O threads) while nothing is asked of it: what
/// every poll cycle pays on top of the polls.
fn idle(store: &dyn feedpush::store::Admin, what: &str) {
    let c = cpu();
    std::thread::sleep(std::time::Duration::from_secs(IDLE_SECS));
    let spent = cpu() - c;
    println!(
        "{what}: {:.0} ms CPU ({:.1} ms a second); {} items in the first node",
        spent * 1e3,
        spent * 1e3 / IDLE_SECS as f64,
        store.item_count("f0")
    );
}
