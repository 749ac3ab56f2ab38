//! The poller against a real HTTP server: formats, stable ids, politeness, and every hostile
//! case ending in a specific, visible feed state.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use feedpush::config::Config;
use feedpush::model::Health;
use feedpush::poll::ingest::{Ingest, PollReport};
use feedpush::store::Store;

use crate::harness::feedserver::{FeedServer, Resource};

/// An RSS document with these (guid, title) items. Its site is a closed port on loopback: the
/// avatar a poll looks for there (`/favicon.ico`) is refused at once, never looked up anywhere.
pub fn rss(items: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test feed</title><link>http://127.0.0.1:9/</link><description>d</description>",
    );
    for (guid, title) in items {
        s.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>http://example.org/{guid}</link><description>about {title}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A config with the given feeds (node, url) and extra TOML appended.
pub fn config(dir: &Path, feeds: &[(&str, String)], extra: &str) -> Arc<Config> {
    let mut text = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"{}\"\n{extra}\n",
        dir.join("store").display()
    );
    if !extra.contains("[fetch]") {
        text.push_str(
            "[fetch]\nallow_private_addresses = true\ntimeout = \"3s\"\nmax_body_bytes = 1000000\n",
        );
    }
    if !extra.contains("[poll]") {
        text.push_str("[poll]\nmin_interval = \"1s\"\n");
    }
    for (node, url) in feeds {
        text.push_str(&format!("[[feeds]]\nnode = \"{node}\"\nurl = \"{url}\"\n"));
    }
    Arc::new(Config::parse(&dir.join("feeds.toml"), &text).expect("test config"))
}

pub struct Rig {
    pub server: FeedServer,
    pub dir: tempfile::TempDir,
}

impl Rig {
    pub async fn new() -> Rig {
        crate::harness::init_tracing();
        Rig {
            server: FeedServer::start().await,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn ingest(&self, feeds: &[(&str, &str)], extra: &str) -> Arc<Ingest> {
        let feeds: Vec<(&str, String)> = feeds
            .iter()
            .map(|(n, p)| (*n, self.server.url(p)))
            .collect();
        let cfg = config(self.dir.path(), &feeds, extra);
        let store: Arc<dyn Store> =
            feedpush::store::open(&cfg.storage.path, feedpush::config::DEFAULT_CACHE_MB).unwrap();
        let ingest = Ingest::new(cfg, store).unwrap();
        ingest.sync_config_feeds().unwrap();
        Arc::new(ingest)
    }
}

async fn poll(ingest: &Arc<Ingest>, node: &str) -> PollReport {
    tokio::time::timeout(Duration::from_secs(30), ingest.poll(node))
        .await
        .expect("a poll never stalls")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[tokio::test]
async fn every_format_is_ingested() {
    let rig = Rig::new().await;
    let files = [
        ("rss091", "rss091.xml"),
        ("rss092", "rss092.xml"),
        ("rss10", "rss10.rdf"),
        ("rss20", "rss20.xml"),
        ("atom03", "atom03.xml"),
        ("atom10", "atom10.xml"),
        ("json11", "jsonfeed11.json"),
        ("latin1", "rss20-latin1.xml"),
    ];
    let feeds: Vec<(&str, String)> = files.iter().map(|(n, f)| (*n, format!("/{f}"))).collect();
    for (_, f) in &files {
        rig.server.set(&format!("/{f}"), Resource::feed(fixture(f)));
    }
    let feeds_ref: Vec<(&str, &str)> = feeds.iter().map(|(n, p)| (*n, p.as_str())).collect();
    let ingest = rig.ingest(&feeds_ref, "");
    for (node, _) in &files {
        let r = poll(&ingest, node).await;
        assert_eq!(r.status, "200", "{node}: {:?}", r.error);
        assert!(r.entries_seen >= 2, "{node}: {} entries", r.entries_seen);
        assert_eq!(r.new.len(), r.entries_seen, "{node}");
        assert!(!r.announce, "{node}: the first fetch announces nothing");
        assert_eq!(r.health, Health::Ok);
    }
}

#[tokio::test]
async fn first_fetch_announces_nothing_then_only_unseen_ids() {
    let rig = Rig::new().await;
    rig.server
        .set("/f", Resource::feed(rss(&[("b", "B"), ("a", "A")])));
    let ingest = rig.ingest(&[("f", "/f")], "");
    let r = poll(&ingest, "f").await;
    assert_eq!((r.new.len(), r.announce), (2, false));
    // Unchanged: 304 thanks to the validators.
    let r = poll(&ingest, "f").await;
    assert_eq!(r.status, "304");
    assert!(r.new.is_empty());
    let seen = rig.server.seen("/f");
    assert!(seen[1].headers.get("if-none-match").is_some());
    assert!(seen[1].headers.get("if-modified-since").is_some());
    // A new entry on top, an old one re-dated/reordered: only the new id is announced.
    rig.server
        .set_body("/f", rss(&[("a", "A"), ("c", "C"), ("b", "B")]));
    let r = poll(&ingest, "f").await;
    assert_eq!(r.status, "200");
    assert!(r.announce);
    assert_eq!(
        r.new
            .iter()
            .map(|i| i.entry.id.as_str())
            .collect::<Vec<_>>(),
        ["c"]
    );
}

#[tokio::test]
async fn feed_without_guids_keeps_its_ids() {
    let rig = Rig::new().await;
    rig.server.set(
        "/f",
        Resource::feed(fixture("rss20-noguid.xml")).header("cache-control", "no-store"),
    );
    let ingest = rig.ingest(&[("f", "/f")], "");
    let first = poll(&ingest, "f").await;
    assert!(first.new.len() >= 2);
    // Force a full refetch (no validators) and check nothing is new.
    rig.server.set(
        "/f",
        Resource {
            validators: false,
            ..Resource::feed(fixture("rss20-noguid.xml"))
        },
    );
    let second = poll(&ingest, "f").await;
    assert_eq!(second.status, "200");
    assert!(second.new.is_empty(), "ids changed: {:?}", second.new);
}

#[tokio::test]
async fn timeout_is_a_transient_error() {
    let rig = Rig::new().await;
    rig.server.set(
        "/slow",
        Resource {
            delay: Duration::from_secs(10),
            ..Resource::feed(rss(&[("a", "A")]))
        },
    );
    let ingest = rig.ingest(
        &[("slow", "/slow")],
        "[fetch]\nallow_private_addresses = true\ntimeout = \"1s\"\n",
    );
    let r = poll(&ingest, "slow").await;
    assert_eq!(r.status, "timeout");
    assert_eq!(r.health, Health::Transient);
    assert!(r.next_due.is_some());
    assert_eq!(ingest.store().feed("slow").unwrap().unwrap().error_count, 1);
}

#[tokio::test]
async fn slow_drip_body_times_out() {
    let rig = Rig::new().await;
    let body = rss(&[("a", "A"), ("b", "B")]);
    rig.server.set(
        "/drip",
        Resource {
            drip: Some((10, Duration::from_millis(200))),
            ..Resource::feed(body)
        },
    );
    let ingest = rig.ingest(
        &[("drip", "/drip")],
        "[fetch]\nallow_private_addresses = true\ntimeout = \"1s\"\n",
    );
    let r = poll(&ingest, "drip").await;
    assert_eq!(r.status, "timeout");
    assert_eq!(r.health, Health::Transient);
}

#[tokio::test]
async fn body_over_the_cap_is_refused() {
    let rig = Rig::new().await;
    let big = rss(&[("a", &"x".repeat(5000))]);
    rig.server.set("/big", Resource::feed(big));
    let ingest = rig.ingest(
        &[("big", "/big")],
        "[fetch]\nallow_private_addresses = true\nmax_body_bytes = 1000\n",
    );
    let r = poll(&ingest, "big").await;
    assert_eq!(r.status, "too-large");
    assert_eq!(r.health, Health::Permanent);
}

#[tokio::test]
async fn gzip_bomb_stops_at_the_cap() {
    let rig = Rig::new().await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap(); // 64 MiB of spaces
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 200_000);
    rig.server.set(
        "/bomb",
        Resource::feed(bomb).header("content-encoding", "gzip"),
    );
    let ingest = rig.ingest(
        &[("bomb", "/bomb")],
        "[fetch]\nallow_private_addresses = true\nmax_body_bytes = 1000000\n",
    );
    let r = poll(&ingest, "bomb").await;
    assert_eq!(r.status, "too-large");
}

#[tokio::test]
async fn redirect_loop_is_detected() {
    let rig = Rig::new().await;
    rig.server
        .set("/a", Resource::status(302).header("location", "/b"));
    rig.server
        .set("/b", Resource::status(302).header("location", "/a"));
    let ingest = rig.ingest(&[("loop", "/a")], "");
    let r = poll(&ingest, "loop").await;
    assert_eq!(r.status, "redirect-loop");
    assert_eq!(r.health, Health::Permanent);
}

#[tokio::test]
async fn repeated_301_updates_the_url_but_302_never() {
    let rig = Rig::new().await;
    let body = rss(&[("a", "A")]);
    rig.server
        .set("/old", Resource::status(301).header("location", "/new"));
    rig.server.set("/new", Resource::feed(body.clone()));
    rig.server
        .set("/tmp", Resource::status(302).header("location", "/new"));
    let ingest = rig.ingest(&[("moved", "/old"), ("temp", "/tmp")], "");
    let r = poll(&ingest, "moved").await;
    assert_eq!(r.status, "200");
    let f = ingest.store().feed("moved").unwrap().unwrap();
    assert_eq!(f.url, rig.server.url("/old"), "one 301 is not enough");
    poll(&ingest, "moved").await;
    let f = ingest.store().feed("moved").unwrap().unwrap();
    assert_eq!(
        f.url,
        rig.server.url("/new"),
        "a repeated 301 moves the feed"
    );
    for _ in 0..3 {
        poll(&ingest, "temp").await;
    }
    let f = ingest.store().feed("temp").unwrap().unwrap();
    assert_eq!(f.url, rig.server.url("/tmp"));
}

#[tokio::test]
async fn gone_retires_the_feed() {
    let rig = Rig::new().await;
    rig.server.set("/gone", Resource::status(410));
    let ingest = rig.ingest(&[("gone", "/gone")], "");
    let r = poll(&ingest, "gone").await;
    assert_eq!(r.status, "410");
    assert_eq!(r.health, Health::Gone);
    assert_eq!(r.next_due, None);
    let again = poll(&ingest, "gone").await;
    assert_eq!(again.status, "gone");
    assert_eq!(
        rig.server.hits("/gone"),
        1,
        "a retired feed is not fetched again"
    );
}

#[tokio::test]
async fn too_many_requests_honours_retry_after() {
    let rig = Rig::new().await;
    rig.server
        .set("/busy", Resource::status(429).header("retry-after", "7200"));
    let ingest = rig.ingest(&[("busy", "/busy")], "");
    let before = feedpush::clock::now_ms();
    let r = poll(&ingest, "busy").await;
    assert_eq!(r.status, "429");
    assert_eq!(r.health, Health::Transient);
    let wait = r.next_due.unwrap() - before;
    assert!(
        (7_200_000..7_300_000).contains(&wait),
        "next due in {wait} ms"
    );
}

#[tokio::test]
async fn hostile_bodies_end_in_visible_states() {
    let rig = Rig::new().await;
    let cases = [
        ("html", "html-page.html", "not-a-feed"),
        ("trunc", "truncated.xml", "malformed"),
        ("badutf8", "invalid-utf8.xml", "malformed"),
        // Entity declarations are refused outright: nothing is ever expanded.
        ("laughs", "billion-laughs.xml", "malformed"),
        ("xxe", "xxe.xml", "malformed"),
    ];
    let feeds: Vec<(&str, String)> = cases
        .iter()
        .map(|(n, f, _)| (*n, format!("/{f}")))
        .collect();
    for (_, f, _) in &cases {
        rig.server.set(&format!("/{f}"), Resource::feed(fixture(f)));
    }
    let feeds_ref: Vec<(&str, &str)> = feeds.iter().map(|(n, p)| (*n, p.as_str())).collect();
    let ingest = rig.ingest(&feeds_ref, "");
    for (node, _, want) in &cases {
        let r = poll(&ingest, node).await;
        assert_eq!(r.status, *want, "{node}: {:?}", r.error);
        assert!(
            r.new.is_empty(),
            "{node}: stored entries from a broken body"
        );
        assert_ne!(r.health, Health::Ok);
        assert!(r.next_due.is_some(), "{node}: still scheduled");
        let state = ingest.store().feed(node).unwrap().unwrap();
        assert_eq!(state.last_status.as_deref(), Some(*want));
        assert!(state.last_error.is_some());
    }
}

#[tokio::test]
async fn private_address_is_refused_when_the_guard_is_on() {
    let rig = Rig::new().await;
    rig.server.set("/f", Resource::feed(rss(&[("a", "A")])));
    let localhost = rig.server.url("/f").replace("127.0.0.1", "localhost");
    let cfg_extra = "[fetch]\nallow_private_addresses = false\n";
    let feeds = [("ip", rig.server.url("/f")), ("name", localhost)];
    let cfg = config(rig.dir.path(), &feeds, cfg_extra);
    let ingest = Arc::new(
        Ingest::new(
            cfg.clone(),
            feedpush::store::open(&cfg.storage.path, feedpush::config::DEFAULT_CACHE_MB).unwrap(),
        )
        .unwrap(),
    );
    ingest.sync_config_feeds().unwrap();
    for node in ["ip", "name"] {
        let r = poll(&ingest, node).await;
        assert_eq!(r.status, "refused-address", "{node}: {:?}", r.error);
        assert_eq!(r.health, Health::Permanent);
    }
    assert_eq!(
        rig.server.hits("/f"),
        0,
        "nothing reached the private address"
    );
}

#[tokio::test]
async fn poll_once_cli_prints_json_and_second_run_stores_nothing() {
    let rig = Rig::new().await;
    rig.server
        .set("/f", Resource::feed(rss(&[("b", "B"), ("a", "A")])));
    let feeds = [("f", rig.server.url("/f"))];
    let cfg = config(rig.dir.path(), &feeds, "");
    let toml_path = rig.dir.path().join("feeds.toml");
    std::fs::write(
        &toml_path,
        format!(
            "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n[storage]\npath = \"{}\"\n[fetch]\nallow_private_addresses = true\n[poll]\nmin_interval = \"1s\"\n[[feeds]]\nnode = \"f\"\nurl = \"{}\"\n",
            cfg.storage.path.display(),
            rig.server.url("/f")
        ),
    )
    .unwrap();
    let run = |json: bool| {
        let toml_path = toml_path.clone();
        async move {
            let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_feedpush"));
            cmd.args(["poll", "--once", "--config"]).arg(&toml_path);
            if json {
                cmd.arg("--json");
            }
            let out = cmd.output().await.unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        }
    };
    let first = run(true).await;
    let lines: Vec<serde_json::Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{first}");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["announce"], false);
    assert_eq!(lines[2]["node"], "f");
    assert_eq!(lines[2]["status"], "200");
    let second = run(false).await;
    assert!(second.starts_with("f 304 seen=0 new=0 next="), "{second}");
}

#[tokio::test]
async fn scheduler_coalesces_and_keeps_one_fetch_per_host() {
    use feedpush::poll::scheduler::{Command, Scheduler};
    let rig = Rig::new().await;
    let slow = |body: String| Resource {
        delay: Duration::from_millis(300),
        ..Resource::feed(body)
    };
    rig.server.set("/a", slow(rss(&[("a", "A")])));
    rig.server.set("/b", slow(rss(&[("b", "B")])));
    rig.server.set("/c", slow(rss(&[("c", "C")])));
    // Default interval 15m: after its first poll a feed is not due again during the test.
    let ingest = rig.ingest(&[("a", "/a"), ("b", "/b"), ("c", "/c")], "");
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let (scheduler, handle) = Scheduler::new(ingest, tx);
    let stop = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(scheduler.run(stop.clone()));
    // Ask again and again while the feeds are queued or in flight.
    for _ in 0..5 {
        for n in ["a", "b", "c"] {
            handle.send(Command::PollNow(n.into())).await;
        }
    }
    let mut nodes = Vec::new();
    for _ in 0..3 {
        let r = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status, "200");
        nodes.push(r.node);
    }
    nodes.sort();
    assert_eq!(nodes, ["a", "b", "c"]);
    // Nothing else comes: every extra request was coalesced into the one poll.
    let extra = tokio::time::timeout(Duration::from_secs(1), rx.recv()).await;
    assert!(extra.is_err(), "a feed was polled twice: {extra:?}");
    for p in ["/a", "/b", "/c"] {
        assert_eq!(rig.server.hits(p), 1, "{p}");
    }
    // All three live on 127.0.0.1 and max_per_host defaults to 1.
    assert_eq!(rig.server.max_in_flight(), 1);
    stop.cancel();
    task.await.unwrap();
}

#[tokio::test]
async fn feeds_taken_out_of_the_configuration_stop_being_polled() {
    let rig = Rig::new().await;
    rig.server.set("/a", Resource::feed(rss(&[("a", "A")])));
    rig.server.set("/b", Resource::feed(rss(&[("b", "B")])));
    let both = rig.ingest(&[("a", "/a"), ("b", "/b")], "");
    assert_eq!(poll(&both, "b").await.status, "200");
    drop(both);
    let only_a = rig.ingest(&[("a", "/a")], "");
    let r = poll(&only_a, "b").await;
    assert_eq!(r.status, "removed");
    assert_eq!(rig.server.hits("/b"), 1, "not fetched once removed");
    assert_eq!(
        only_a.store().items("b", 10, None).unwrap().len(),
        1,
        "items kept"
    );
    drop(only_a);
    let again = rig.ingest(&[("a", "/a"), ("b", "/b")], "");
    assert_eq!(poll(&again, "b").await.status, "304");
}
