//! Subscribe by URL at 100 and at 10,000 feeds: the CPU of one XEP-0060 subscribe whose node
//! is a feed's URL (the service finds the feed by its normalised URL), with the core and a real
//! store in this process (no Prosody, no socket).
//!
//! ```sh
//! cargo run --release --example bench_subscribe_url
//! ```
//!
//! For each size the store gets that many feeds, then 2,000 JIDs (after 200 for warm-up) each
//! subscribe by URL to one of them: the core handles the stanza and its changes are written to
//! the store. The CPU of the whole process (every thread, from /proc/PID/task/*/schedstat,
//! sled's own threads included) over those subscriptions, divided by their number, is the
//! figure; the stanzas are parsed before the clock starts. A cost that grew with the feeds
//! would show as a larger figure at 10,000.

#[path = "support/raw.rs"]
#[allow(dead_code)]
mod raw;

use std::sync::Arc;
use std::time::Instant;

use feedpush::config::Config;
use feedpush::model::{FeedState, Origin};
use feedpush::store::Store;
use feedpush::xmpp::pubsub::{Change, Service};
use feedpush::xmpp::stanza::{Inbound, Stanza};
use xmpp_parsers::iq::Iq;
use xmpp_parsers::minidom::Element;

/// Feeds on the service, per run.
const SIZES: [usize; 2] = [100, 10_000];
/// Subscriptions measured per run.
const SUBSCRIBES: usize = 2_000;
/// Subscriptions before the clock starts.
const WARMUP: usize = 200;

fn feed_url(i: usize) -> String {
    format!("http://127.0.0.1:8080/feeds/{i}.xml")
}

/// One run: CPU and wall time per subscription, in µs.
fn run(n_feeds: usize) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n\
         [storage]\npath = \"{}\"\n\
         [access]\nmax_requests_per_minute = 1000000\nmax_domain_requests_per_minute = 1000000\nmax_subscriptions_per_domain = 0\n",
        dir.path().display()
    );
    let cfg = Arc::new(Config::parse(std::path::Path::new("feeds.toml"), &text).unwrap());
    let store: std::sync::Arc<dyn Store> = feedpush::store::open(
        &dir.path().join("store"),
        feedpush::config::DEFAULT_CACHE_MB,
    )
    .unwrap();
    for i in 0..n_feeds {
        store
            .ensure_feed(FeedState::new(
                &format!("f{i}"),
                &feed_url(i),
                None,
                Origin::Config,
            ))
            .unwrap();
    }
    let mut svc = Service::from_os_rng(cfg);
    let stanzas: Vec<Inbound> = (0..WARMUP + SUBSCRIBES)
        .map(|j| {
            // Spread over the feeds; a scheme and host in capitals, as people paste them.
            let url = feed_url(j * 7919 % n_feeds).replacen("http://", "HTTP://", 1);
            let xml = format!(
                "<iq xmlns='jabber:component:accept' type='set' from='u{j}@sink.localhost/r' to='feeds.localhost' id='s{j}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='{url}' jid='u{j}@sink.localhost'/></pubsub></iq>"
            );
            let el: Element = xml.parse().unwrap();
            Inbound::Stanza(Box::new(Stanza::Iq(Iq::try_from(el).unwrap())))
        })
        .collect();
    let pid = std::process::id();
    let (mut c0, mut w0) = (0.0, Instant::now());
    for (j, inbound) in stanzas.into_iter().enumerate() {
        if j == WARMUP {
            c0 = raw::sched_secs(pid);
            w0 = Instant::now();
        }
        let out = svc.handle(inbound, &store, feedpush::clock::now_ms());
        let mut subscribed = false;
        for c in &out.changes {
            match c {
                Change::PutSubscription(s) => {
                    store.put_subscription(s).unwrap();
                    subscribed = true;
                }
                Change::MarkFollowed { node, at_ms } => store.mark_followed(node, *at_ms).unwrap(),
                other => panic!("a subscribe by URL asked for {other:?}"),
            }
        }
        assert!(subscribed, "subscription {j} was refused: {:?}", out.send);
    }
    let cpu = raw::sched_secs(pid) - c0;
    let wall = w0.elapsed().as_secs_f64();
    (
        cpu / SUBSCRIBES as f64 * 1e6,
        wall / SUBSCRIBES as f64 * 1e6,
    )
}

fn main() {
    println!(
        "# subscribe by URL: {SUBSCRIBES} XEP-0060 subscribes (node = a feed's URL) after {WARMUP} for warm-up, core and store in one process; {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    let mut figures = Vec::new();
    for n in SIZES {
        let (cpu, wall) = run(n);
        println!("subscribe by URL at {n} feeds: {cpu:.1} µs CPU each ({wall:.1} µs wall)");
        figures.push(cpu);
    }
    println!(
        "at {} feeds against {}: {:.2}× the CPU",
        SIZES[1],
        SIZES[0],
        figures[1] / figures[0]
    );
}
