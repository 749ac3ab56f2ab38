//! Store benchmark: the store alone, at the scale benchmark's size, in seconds instead of
//! minutes. 10,000 feeds of 20 Atom entries (the scale benchmark's documents, normalised as a
//! fetch would) are stored, then 1,000 of them get one new entry, then the store is closed and
//! opened again.
//!
//! ```sh
//! cargo build --release --example bench_store && target/release/examples/bench_store [--feeds N] [--cache-mb M]
//! ```
//!
//! Prints the time of each phase, resident memory (VmRSS, VmHWM of this process), the store's
//! size on disk per feed, and the CPU the store spends on its own (its flusher and clean-up
//! threads) in two 30 s windows after the writes and two after reopening, while nothing is
//! asked of it. Nothing but a temporary directory is touched.

use std::path::Path;
use std::time::Instant;

use feedpush::model::{Announce, Digest, FeedState, Filter, Mode, Origin, Subscription};

use feedpush::store::Store;

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

/// CPU seconds of this process so far, all threads (user + system, /proc/self/stat).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
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

fn fetch(store: &dyn Store, feed: usize, newest: usize, now: i64) -> usize {
    let node = format!("f{feed}");
    let base = url::Url::parse(&format!("http://127.0.0.1/feeds/{feed}")).unwrap();
    let doc = atom(feed, newest);
    let parsed = feedpush::normalize::normalize_known(doc.as_bytes(), &base, |id, hash| {
        store.is_known_unchanged(&node, id, hash)
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

fn main() {
    let mut feeds = 10_000usize;
    let mut cache_mb = feedpush::config::DEFAULT_CACHE_MB;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().and_then(|v| v.parse().ok());
        match (a.as_str(), v) {
            ("--feeds", Some(n)) => feeds = n,
            ("--cache-mb", Some(n)) => cache_mb = n,
            _ => {
                eprintln!("usage: bench_store [--feeds N] [--cache-mb M]");
                std::process::exit(2);
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("# store benchmark: {feeds} feeds × {ENTRIES} entries, cache_mb = {cache_mb}");
    let t = Instant::now();
    let store: std::sync::Arc<dyn Store> =
        feedpush::store::open(dir.path(), cache_mb).expect("store opens");
    for f in 0..feeds {
        let url = format!("http://127.0.0.1/feeds/{f}");
        store
            .ensure_feed(FeedState::new(&format!("f{f}"), &url, None, Origin::Config))
            .unwrap();
    }
    println!("import: {:.2} s; {}", t.elapsed().as_secs_f64(), rss());
    let (t, c) = (Instant::now(), cpu());
    let stored: usize = (0..feeds).map(|f| fetch(&*store, f, ENTRIES, 1)).sum();
    println!(
        "first fetch: {stored} items in {:.2} s, {:.2} s CPU ({:.0} µs a feed); {}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        (cpu() - c) * 1e6 / feeds as f64,
        rss()
    );
    let (t, c) = (Instant::now(), cpu());
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
        "subscribe: {} in {:.2} s, {:.2} s CPU; {}",
        feeds * SUBSCRIBERS,
        t.elapsed().as_secs_f64(),
        cpu() - c,
        rss()
    );
    let (t, c) = (Instant::now(), cpu());
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
        "changed: {new} new entries in {changed} feeds, their {jobs} outbox jobs read and done: {:.2} s, {:.2} s CPU ({:.0} µs a feed); {}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
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
    drop(store);
    let bytes = du(dir.path());
    println!(
        "store: {:.1} MB, {:.1} KB per feed",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / feeds as f64
    );
    let t = Instant::now();
    let store: std::sync::Arc<dyn Store> =
        feedpush::store::open(dir.path(), cache_mb).expect("store opens again");
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
fn idle(store: &dyn Store, what: &str) {
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
