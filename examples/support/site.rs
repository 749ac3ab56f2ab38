//! The benchmarks' web site: `n` Atom feeds (20 entries, ~5.4 KB each) with validators, served
//! at `/f/{i}.xml` on one or more loopback addresses (several web hosts to a fetcher), counting
//! what it answers: 200s, 304s, and per feed its last fetch, so that a feed fetched twice
//! within half an interval (by two instances) is counted as a duplicate.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Entries per feed document.
pub const ENTRIES: usize = 20;

/// The feeds as the local server serves them.
pub struct Feeds {
    /// Each feed's newest entry number (raise it for a new entry).
    pub newest: Vec<AtomicU64>,
    pub ok: AtomicU64,
    pub not_modified: AtomicU64,
    /// When the site started (the clock of `last`).
    start: Instant,
    /// Each feed's last fetch, in ms since `start` plus one (0: never).
    last: Vec<AtomicU64>,
    /// Fetches of a feed sooner than `dup_ms` after its previous one.
    pub duplicates: AtomicU64,
    /// What counts as fetched twice: sooner than this after the previous fetch (0: never).
    dup_ms: AtomicU64,
}

impl Feeds {
    /// 200s and 304s answered so far.
    pub fn hits(&self) -> u64 {
        self.ok.load(Relaxed) + self.not_modified.load(Relaxed)
    }

    /// Count fetches of one feed closer together than `ms` as duplicates from now on.
    pub fn count_duplicates_within(&self, ms: u64) {
        self.duplicates.store(0, Relaxed);
        self.dup_ms.store(ms, Relaxed);
    }

    /// When feed `i` was last fetched (None: never).
    pub fn last_fetch(&self, i: usize) -> Option<Instant> {
        match self.last[i].load(Relaxed) {
            0 => None,
            ms => Some(self.start + std::time::Duration::from_millis(ms - 1)),
        }
    }
}

/// One feed's document with its newest entry `newest`.
pub fn atom(feed: usize, newest: u64) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Benchmark feed {feed}</title><id>urn:bench:feed:{feed}</id><updated>2026-11-25T10:00:00Z</updated><link href=\"http://127.0.0.1/feeds/{feed}\"/>"
    );
    for i in (newest.saturating_sub(ENTRIES as u64) + 1..=newest).rev() {
        s.push_str(&format!(
            "<entry><id>urn:bench:{feed}:{i}</id><title>Entry {i} of feed {feed}</title><link href=\"http://127.0.0.1/feeds/{feed}/{i}\"/><updated>2026-11-25T10:{:02}:00Z</updated><summary>Entry {i}: a short paragraph of ordinary text, as a real feed's summary would be, about feeds and pushes.</summary></entry>",
            i % 60
        ));
    }
    s.push_str("</feed>");
    s
}

async fn serve(
    State(feeds): State<Arc<Feeds>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(i) = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|i| *i < feeds.newest.len())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = feeds.start.elapsed().as_millis() as u64 + 1;
    let before = feeds.last[i].swap(now, Relaxed);
    let within = feeds.dup_ms.load(Relaxed);
    if before != 0 && within != 0 && now - before < within {
        feeds.duplicates.fetch_add(1, Relaxed);
    }
    let newest = feeds.newest[i].load(Relaxed);
    let etag = format!("\"{i}-{newest}\"");
    if headers
        .get("if-none-match")
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        feeds.not_modified.fetch_add(1, Relaxed);
        return (StatusCode::NOT_MODIFIED, [("etag", etag)]).into_response();
    }
    feeds.ok.fetch_add(1, Relaxed);
    (
        [
            ("etag", etag),
            ("content-type", "application/atom+xml".into()),
        ],
        atom(i, newest),
    )
        .into_response()
}

/// Serve `n` feeds on each of `ips` (a free port each); the addresses.
pub async fn start(n: usize, ips: &[&str]) -> (Arc<Feeds>, Vec<SocketAddr>) {
    let feeds = Arc::new(Feeds {
        newest: (0..n).map(|_| AtomicU64::new(1000)).collect(),
        ok: AtomicU64::new(0),
        not_modified: AtomicU64::new(0),
        start: Instant::now(),
        last: (0..n).map(|_| AtomicU64::new(0)).collect(),
        duplicates: AtomicU64::new(0),
        dup_ms: AtomicU64::new(0),
    });
    let mut addrs = Vec::new();
    for ip in ips {
        let listener = tokio::net::TcpListener::bind((*ip, 0)).await.unwrap();
        addrs.push(listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/f/{name}", axum::routing::get(serve))
            .with_state(feeds.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
    }
    (feeds, addrs)
}
