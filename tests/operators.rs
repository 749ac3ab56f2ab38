//! Operators end to end: the daemon under a (test) systemd notification socket.

use std::time::Duration;

use tokio::net::UnixDatagram;

use tokio_xmpp::parsers::iq::Iq;

use crate::harness::feedserver::Resource;
use crate::harness::EVENT_TIMEOUT;
use crate::poller::rss;
use crate::pubsub::{next_event, subscribe, wait_hits, World};

/// The datagrams systemd would receive, until one contains `want` (bounded).
pub(crate) async fn until(sock: &UnixDatagram, seen: &mut Vec<String>, want: &str) {
    until_n(sock, seen, want, 1).await;
}

/// The datagrams systemd would receive, until `n` of them contain `want` (bounded).
async fn until_n(sock: &UnixDatagram, seen: &mut Vec<String>, want: &str, n: usize) {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let mut buf = vec![0u8; 4096];
    while seen.iter().filter(|m| m.contains(want)).count() < n {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, sock.recv(&mut buf)).await {
            Ok(Ok(got)) => seen.push(String::from_utf8_lossy(&buf[..got]).into_owned()),
            _ => panic!("no {n} × {want:?} within {EVENT_TIMEOUT:?}; got {seen:?}"),
        }
    }
}

/// READY=1 once the store is open (with a status line), the link's state in STATUS=, WATCHDOG=1
/// at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
#[tokio::test]
async fn systemd_hears_ready_status_watchdog_and_stopping() {
    let w = World::new(&[]).await;
    let sock_path = w.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    let cfg = w.config("", "");
    let mut daemon = crate::harness::daemon::Daemon::start_with_env(
        &cfg,
        &[
            ("NOTIFY_SOCKET", sock_path.to_str().unwrap()),
            ("WATCHDOG_USEC", "1000000"),
        ],
    );
    let mut seen = Vec::new();
    until(&sock, &mut seen, "READY=1").await;
    assert!(
        seen.iter()
            .any(|m| m.contains("READY=1") && m.contains("STATUS=XMPP link")),
        "{seen:?}"
    );
    until(&sock, &mut seen, "STATUS=XMPP link up").await;
    // Watchdog pings keep coming (at half of WATCHDOG_USEC: two within the event bound).
    until(&sock, &mut seen, "WATCHDOG=1").await;
    let first = seen.iter().filter(|m| m.contains("WATCHDOG=1")).count();
    until_n(&sock, &mut seen, "WATCHDOG=1", first + 2).await;

    // SIGHUP: the file is reloaded under systemd's reload protocol, a broken one is reported
    // with its place, and the daemon runs on either way.
    let hup = |pid: u32| {
        std::process::Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap()
    };
    let pid = daemon.pid().unwrap();
    seen.clear();
    hup(pid);
    until(&sock, &mut seen, "RELOADING=1").await;
    assert!(
        seen.iter()
            .any(|m| m.contains("RELOADING=1") && m.contains("MONOTONIC_USEC=")),
        "{seen:?}"
    );
    until(&sock, &mut seen, "READY=1").await;
    let good = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{good}\n[fetch]\nbogus = 1\n")).unwrap();
    seen.clear();
    hup(pid);
    until(&sock, &mut seen, "READY=1").await;
    // The refusal is written (to unbuffered stderr) before READY=1 is sent. Only the log
    // names the place of the error.
    let log = daemon.log();
    let line = log
        .lines()
        .find(|l| l.contains("the running one stays"))
        .unwrap_or_else(|| panic!("no refusal before READY=1: {log}"));
    assert!(line.contains("feeds.toml:21:"), "FILE:LINE:COL: {line}");
    std::fs::write(&cfg, good).unwrap();

    assert_eq!(daemon.stop().await, Some(0), "it ran on through both");
    until(&sock, &mut seen, "STOPPING=1").await;
}

/// Send SIGHUP to `pid`, then wait for systemd's reload protocol to finish (RELOADING=1, then
/// READY=1 on the test socket).
async fn reload(pid: u32, sock: &UnixDatagram) {
    let mut seen = Vec::new();
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    until(sock, &mut seen, "RELOADING=1").await;
    until(sock, &mut seen, "READY=1").await;
}

/// SIGHUP with a changed feeds.toml while alice is subscribed: the added feed is polled, the
/// removed one no longer, a new token and push node work at once, a restart-only key is named
/// in the log; the link never drops (no reconnect) and alice's subscription goes on delivering.
/// A broken file afterwards is refused with its place and changes nothing.
#[tokio::test]
async fn reload_applies_feeds_and_tokens_without_dropping_the_link() {
    use sha2::Digest;
    let w = World::new(&["alice"]).await;
    w.feeds
        .set("/news.xml", Resource::feed(rss(&[("n1", "First news")])));
    w.feeds
        .set("/old.xml", Resource::feed(rss(&[("o1", "Old one")])));
    w.feeds
        .set("/added.xml", Resource::feed(rss(&[("a1", "Added one")])));
    let port = crate::harness::prosody::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = format!("[http]\nlisten = \"127.0.0.1:{port}\"\n");
    let old_feed = format!(
        "[[feeds]]\nnode = \"old\"\nurl = \"{}\"\n",
        w.feeds.url("/old.xml")
    );
    let cfg = w.config("", &format!("{http}{old_feed}"));
    let sock_path = w.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    let mut daemon = crate::harness::daemon::Daemon::start_with_env(
        &cfg,
        &[("NOTIFY_SOCKET", sock_path.to_str().unwrap())],
    );
    let mut seen = Vec::new();
    until(&sock, &mut seen, "STATUS=XMPP link up").await;
    let mut alice = w.user("alice", None).await;
    let r = subscribe(&mut alice, "news").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    wait_hits(&w, "/old.xml", 1).await;
    assert_eq!(w.feeds.hits("/added.xml"), 0);

    const TOKEN: &str = "token-added-by-a-reload";
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let post = || {
        client
            .post(format!("{base}/v1/nodes/releases/items"))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"id": "r1", "title": "Release one"}"#)
            .send()
    };
    assert_eq!(post().await.unwrap().status().as_u16(), 401, "not yet");

    // The new file: `old` gone, `added` and the push node `releases` new, a token for it, and
    // a changed keepalive (a [component] key: named, applied only at a restart).
    let added = format!(
        "[[feeds]]\nnode = \"added\"\nurl = \"{}\"\n\
         [[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\n\
         [[http.tokens]]\nname = \"website\"\ntoken_sha256 = \"{}\"\nnodes = [\"releases\"]\n",
        w.feeds.url("/added.xml"),
        hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
    );
    w.config("keepalive = \"45s\"", &format!("{http}{added}"));
    let pid = daemon.pid().unwrap();
    reload(pid, &sock).await;
    let log = daemon.log();
    assert!(log.contains("configuration reloaded"), "{log}");
    let restart = log
        .lines()
        .find(|l| l.contains("apply only at a restart"))
        .unwrap_or_else(|| panic!("no restart-only line: {log}"));
    assert!(restart.contains("[component]"), "{restart}");

    // The added feed is polled; the removed one no longer (any poll it had started before the
    // reload is over once news has been fetched twice more).
    wait_hits(&w, "/added.xml", 1).await;
    let news = w.feeds.hits("/news.xml");
    wait_hits(&w, "/news.xml", news + 2).await;
    let old = w.feeds.hits("/old.xml");
    let news = w.feeds.hits("/news.xml");
    wait_hits(&w, "/news.xml", news + 3).await;
    assert_eq!(
        w.feeds.hits("/old.xml"),
        old,
        "the removed feed is still polled"
    );

    // The new token publishes to the new node at once.
    assert_eq!(post().await.unwrap().status().as_u16(), 201);

    // alice's subscription went through the reload: a new entry reaches her.
    w.feeds.set_body(
        "/news.xml",
        rss(&[("n2", "Second news"), ("n1", "First news")]),
    );
    let (node, ids, _) = next_event(&mut alice).await;
    assert_eq!((node.as_str(), ids), ("news", vec!["n2".to_owned()]));

    // The link never dropped.
    let (_, metrics) = get(&base, "/metrics").await.unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.trim() == "feedpush_component_reconnects_total 0"),
        "{metrics}"
    );

    // A broken file: refused with its place; the running configuration (the token) stays.
    let good = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, good.replace("[[nodes]]", "[[nodes]]\nbogus = 1")).unwrap();
    reload(pid, &sock).await;
    let log = daemon.log();
    let line = log
        .lines()
        .find(|l| l.contains("the running one stays"))
        .unwrap_or_else(|| panic!("no refusal: {log}"));
    assert!(line.contains("feeds.toml:"), "FILE:LINE:COL: {line}");
    assert_eq!(post().await.unwrap().status().as_u16(), 200, "unchanged");
    assert_eq!(daemon.stop().await, Some(0));
}

/// GET `path` on the daemon's HTTP side: status and body.
async fn get(base: &str, path: &str) -> Option<(u16, String)> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let r = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .ok()?;
    Some((r.status().as_u16(), r.text().await.ok()?))
}

/// Poll `path` until `ok` holds for its answer (bounded).
pub(crate) async fn until_http(
    base: &str,
    path: &str,
    what: &str,
    ok: impl Fn(u16, &str) -> bool,
) -> String {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let answer = tokio::time::timeout(Duration::from_secs(5), get(base, path))
            .await
            .ok()
            .flatten();
        if let Some((status, body)) = &answer {
            if ok(*status, body) {
                return body.clone();
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: last answer {answer:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// /healthz: 200 with the link up, 503 once the XMPP server has been gone for longer than the
/// keepalive window, 200 again when it is back. /metrics: Prometheus text that a real parser
/// reads, with the fetch counter moving after a poll.
#[tokio::test]
async fn health_follows_the_link_and_metrics_count_fetches() {
    let mut w = World::new(&[]).await;
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[("a", "A")])),
    );
    let port = crate::harness::prosody::free_port();
    let cfg = w.config(
        "keepalive = \"1s\"",
        &format!("[http]\nlisten = \"127.0.0.1:{port}\"\n"),
    );
    let _daemon = crate::harness::daemon::Daemon::start(&cfg);
    let base = format!("http://127.0.0.1:{port}");
    // Healthy at once (a link still connecting counts as up for a keepalive window); wait
    // for the link itself.
    let body = until_http(&base, "/healthz", "healthy with the link up", |s, b| {
        s == 200 && b.contains("\"connected\":true")
    })
    .await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["link"]["connected"], true);
    assert_eq!(v["store"]["writable"], true);

    // Metrics: parsed, and fetches counted.
    let fetches = |text: &str| -> f64 {
        let lines = text.lines().map(|l| Ok(l.to_owned()));
        let scrape = prometheus_parse::Scrape::parse(lines).expect("Prometheus text");
        scrape
            .samples
            .iter()
            .filter(|s| s.metric == "feedpush_fetches_total")
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v) | prometheus_parse::Value::Untyped(v) => v,
                _ => 0.0,
            })
            .sum()
    };
    let text = until_http(&base, "/metrics", "a fetch counted", |s, b| {
        s == 200 && b.contains("feedpush_fetches_total")
    })
    .await;
    let before = fetches(&text);
    assert!(before >= 1.0, "{text}");
    for name in [
        "feedpush_fetch_duration_seconds",
        "feedpush_fetch_bytes_total",
        "feedpush_outbox_pending",
        "feedpush_subscriptions",
        "feedpush_feeds",
        "feedpush_component_connected 1",
        "feedpush_inbound_stanzas_total",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    // Every family says what it counts; one instance alone names no instance.
    for family in text.lines().filter_map(|l| l.strip_prefix("# TYPE ")) {
        let name = family.split(' ').next().unwrap();
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("# HELP {name} "))),
            "{name} has no # HELP line:\n{text}"
        );
    }
    assert!(!text.contains("instance=\""), "{text}");
    let hits = w.feeds.hits("/news.xml");
    w.feeds
        .wait_hits("/news.xml", hits + 2, EVENT_TIMEOUT)
        .await;
    until_http(&base, "/metrics", "the counter moves", |_, b| {
        fetches(b) > before
    })
    .await;

    // The XMPP server goes away: unhealthy after the keepalive window; healthy once back.
    w.prosody.stop();
    let body = until_http(&base, "/healthz", "unhealthy", |s, _| s == 503).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["link"]["connected"], false);
    assert_eq!(v["store"]["writable"], true, "only the link is down");
    w.prosody.restart();
    until_http(&base, "/healthz", "healthy again", |s, _| s == 200).await;
}

/// Run Debian's Chromium headless (as the probe of this machine does: no sandbox as root, no
/// background networking, a fresh profile) with `args` and `url`.
fn chromium(args: &[&str], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium (apt-get install chromium; scripts/test installs it)")
}

/// The status page in headless Chromium: the DOM lists every feed, the sick one first, and
/// the screenshot is not blank.
#[tokio::test]
async fn the_status_page_lists_the_feeds_sick_first() {
    let w = World::new(&[]).await;
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[("a", "A")])),
    );
    w.feeds.set(
        "/broken.xml",
        crate::harness::feedserver::Resource::status(404),
    );
    let port = crate::harness::prosody::free_port();
    // More than a page of them: push nodes n000…n119.
    let many: String = (0..120)
        .map(|i| format!("[[nodes]]\nnode = \"n{i:03}\"\n"))
        .collect();
    let cfg = w.config(
        "",
        &format!(
            "[http]\nlisten = \"127.0.0.1:{port}\"\n[[feeds]]\nnode = \"broken\"\nurl = \"{}\"\ntitle = \"A <b>broken</b> feed\"\n[[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\n{many}",
            w.feeds.url("/broken.xml")
        ),
    );
    let _daemon = crate::harness::daemon::Daemon::start(&cfg);
    let base = format!("http://127.0.0.1:{port}");
    // The two feeds and the node whose titles have an "e" (the push nodes n000… have none).
    until_http(&base, "/?q=e", "both feeds polled", |s, b| {
        s == 200
            && b.contains("class=\"health h-permanent-error\"")
            && b.contains("class=\"health h-ok\"")
    })
    .await;
    let url = format!("{base}/?q=e");
    let dom = chromium(&["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    let order: Vec<usize> = ["data-node=\"broken\"", "data-node=\"news\""]
        .iter()
        .map(|n| {
            dom.find(n)
                .unwrap_or_else(|| panic!("{n} not in the DOM:\n{dom}"))
        })
        .collect();
    assert!(order[0] < order[1], "the sick feed comes first");
    assert!(dom.contains("data-node=\"releases\""), "{dom}");
    assert!(!dom.contains("data-node=\"n000\""), "{dom}");
    let url = format!("{base}/");
    let dom = chromium(&["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    // The first page: 100 of the 123, links to the second; the service's day with axes and
    // values to point at; the web host; where to go next.
    assert_eq!(dom.matches("class=\"feed\"").count(), 100, "{dom}");
    assert!(dom.contains("<span id=\"matching\">123</span>"), "{dom}");
    assert!(
        dom.contains("id=\"pages\"") && dom.contains("page=2"),
        "{dom}"
    );
    assert!(
        dom.contains("id=\"day\"") && dom.contains("<title>"),
        "{dom}"
    );
    assert!(dom.contains("data-host=\"127.0.0.1\""), "{dom}");
    for link in [
        "href=\"/healthz\"",
        "href=\"/metrics\"",
        "href=\"/v1/openapi.json\"",
    ] {
        assert!(dom.contains(link), "{link} missing");
    }
    // Search, filter, order and the second page.
    let found = until_http(&base, "/?q=BROKEN", "search", |s, _| s == 200).await;
    assert!(found.contains("data-node=\"broken\"") && !found.contains("data-node=\"news\""));
    let sick = until_http(&base, "/?health=sick", "filter", |s, _| s == 200).await;
    assert_eq!(sick.matches("class=\"feed\"").count(), 1, "{sick}");
    let second = until_http(&base, "/?sort=node&page=2", "page 2", |s, _| s == 200).await;
    assert!(
        second.contains("data-node=\"n099\"")
            && second.contains("data-node=\"releases\"")
            && !second.contains("data-node=\"n098\""),
        "{second}"
    );
    assert!(
        dom.contains("A &lt;b&gt;broken&lt;/b&gt; feed"),
        "titles are escaped"
    );
    let shot_dir = tempfile::tempdir().unwrap();
    let shot = shot_dir.path().join("status.png");
    let out = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=420,800",
        ],
        &url,
    );
    assert!(shot.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&shot).unwrap().to_rgb8();
    let colours: std::collections::HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(
        colours.len() > 20,
        "a blank screenshot ({} colours)",
        colours.len()
    );
}

/// A world whose feed `/news.xml` has two entries ("First", "Second").
async fn news_world() -> World {
    let w = World::new(&[]).await;
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[
            ("a", "First"),
            ("b", "Second"),
        ])),
    );
    w
}

/// The world's feeds.toml with the HTTP API on 127.0.0.1:`port`, `token` allowed on `news`.
fn news_config(w: &World, port: u16, token: &str) -> std::path::PathBuf {
    use sha2::Digest;
    w.config(
        "",
        &format!(
            "[http]\nlisten = \"127.0.0.1:{port}\"\n[[http.tokens]]\nname = \"ops\"\ntoken_sha256 = \"{}\"\nnodes = [\"news\"]\n",
            hex::encode(sha2::Sha256::digest(token.as_bytes()))
        ),
    )
}

/// `feedpush ARGS --config CFG`, awaited (the feed server runs in the test's runtime).
fn feedpush_with(
    args: &[&str],
    cfg: &std::path::Path,
) -> impl std::future::Future<Output = std::process::Output> {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_feedpush"));
    c.args(args)
        .arg("--config")
        .arg(cfg)
        .env("FEEDPUSH_LOG", "warn");
    async move { c.output().await.unwrap() }
}

/// `store verify` and `store backup` on a stopped instance's store; the backup, restored by
/// pointing `[storage] path` at it, serves the items; a running instance's store is refused.
#[tokio::test]
async fn a_store_backup_restores_and_serves_the_items() {
    let w = news_world().await;
    let port = crate::harness::prosody::free_port();
    let token = "backup-test-token";
    let cfg = news_config(&w, port, token);
    // The feed server runs in this test's runtime: commands are awaited, never blocked on.
    let run = feedpush_with;
    let polled = run(&["poll", "--once"], &cfg).await;
    assert!(
        polled.status.success(),
        "{}",
        String::from_utf8_lossy(&polled.stderr)
    );
    let verified = run(&["store", "verify"], &cfg).await;
    let out = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{out}");
    assert!(
        out.contains("items: 2 records") && out.contains(": ok"),
        "{out}"
    );
    let backup = w.dir.path().join("backup");
    let backup_arg = backup.display().to_string();
    let copied = run(&["store", "backup", &backup_arg], &cfg).await;
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    // A second backup into the same place is refused (it is not empty).
    let again = run(&["store", "backup", &backup_arg], &cfg).await;
    assert!(!again.status.success());

    // Restore: the same configuration with its store at the backup.
    let text = std::fs::read_to_string(&cfg).unwrap();
    let store = w.dir.path().join("store");
    let restored = w.dir.path().join("restored.toml");
    std::fs::write(
        &restored,
        text.replace(&store.display().to_string(), &backup.display().to_string()),
    )
    .unwrap();
    // The feed has moved on: what is served of "a" and "b" comes from the restored store.
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[("c", "Third")])),
    );
    let daemon = crate::harness::daemon::Daemon::start(&restored);
    let body = news_items(port, token, &daemon).await;
    assert!(
        body.contains("\"First\"") && body.contains("\"Second\""),
        "{body}"
    );
    // While it runs, its store is its own.
    let busy = run(&["store", "verify"], &restored).await;
    assert_eq!(busy.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&busy.stderr).contains("another feedpush is using the store"));
}

/// `feedpush …` against the running daemon, with `token` in FEEDPUSH_TOKEN: exit code, stdout,
/// stderr.
fn cli(cfg: &std::path::Path, token: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_feedpush"))
        .args(args)
        .arg("--config")
        .arg(cfg)
        .env("FEEDPUSH_TOKEN", token)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The admin commands against a running instance: `feeds list|add|remove|refresh`,
/// `subscribers`, `opml export|import`; a publishing token is refused, feeds from the file
/// cannot be removed here, a removed feed's subscribers hear of it.
#[tokio::test]
async fn admin_commands_work_against_a_running_instance() {
    use sha2::Digest;
    use tokio_xmpp::parsers::pubsub::event::{Event, Payload};
    let w = World::new(&["alice"]).await;
    w.feeds
        .set("/news.xml", Resource::feed(rss(&[("n1", "News")])));
    w.feeds
        .set("/slow.xml", Resource::feed(rss(&[("s1", "Slow")])));
    w.feeds
        .set("/extra.xml", Resource::feed(rss(&[("e1", "Extra")])));
    w.feeds
        .set("/imported.xml", Resource::feed(rss(&[("i1", "Imported")])));
    const ADMIN: &str = "admin-token-for-the-cli";
    const WEBSITE: &str = "website-token-for-news";
    let port = crate::harness::prosody::free_port();
    let sha = |t: &str| hex::encode(sha2::Sha256::digest(t.as_bytes()));
    let cfg = w.config(
        "",
        &format!(
            "[http]\nlisten = \"127.0.0.1:{port}\"\n\
             [[http.tokens]]\nname = \"admin\"\ntoken_sha256 = \"{}\"\nnodes = [\"*\"]\n\
             [[http.tokens]]\nname = \"website\"\ntoken_sha256 = \"{}\"\nnodes = [\"news\"]\n\
             [[feeds]]\nnode = \"slow\"\nurl = \"{}\"\ninterval = \"1h\"\n",
            sha(ADMIN),
            sha(WEBSITE),
            w.feeds.url("/slow.xml")
        ),
    );
    let mut daemon = crate::harness::daemon::Daemon::start(&cfg);
    let base = format!("http://127.0.0.1:{port}");
    until_http(&base, "/healthz", "the daemon's HTTP side", |s, _| s == 200).await;
    wait_hits(&w, "/slow.xml", 1).await;

    // list
    let (code, out, err) = cli(&cfg, ADMIN, &["feeds", "list"]);
    assert_eq!(code, 0, "{err}");
    let header = out.lines().next().unwrap();
    assert!(
        header.starts_with("NODE") && header.contains("ORIGIN"),
        "{out}"
    );
    for node in ["news", "slow"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(node) && l.contains("config")),
            "{out}"
        );
    }
    // The nodes of a token for every node, a page at a time: each node once, in order.
    let http = reqwest::Client::new();
    let (mut seen, mut after) = (Vec::new(), None::<String>);
    loop {
        let mut url = format!("{base}/v1/nodes?limit=1");
        if let Some(a) = &after {
            url.push_str(&format!("&after={a}"));
        }
        let body = http
            .get(&url)
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        let nodes = page["nodes"].as_array().unwrap();
        assert!(nodes.len() <= 1, "{page}");
        seen.extend(nodes.iter().map(|n| n["node"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["news", "slow"]);
    // A token for some nodes only is no admin token.
    let (code, _, err) = cli(&cfg, WEBSITE, &["feeds", "list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("403") && err.contains("not an admin token"),
        "{err}"
    );

    // add, twice
    let extra = w.feeds.url("/extra.xml");
    let (code, out, err) = cli(
        &cfg,
        ADMIN,
        &[
            "feeds", "add", &extra, "--node", "extra", "--title", "Extra",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added") && out.contains("node extra"), "{out}");
    wait_hits(&w, "/extra.xml", 1).await;
    let (code, out, _) = cli(&cfg, ADMIN, &["feeds", "add", &extra]);
    assert_eq!(code, 0);
    assert!(out.contains("already fetched, as node extra"), "{out}");
    let (code, _, err) = cli(&cfg, ADMIN, &["feeds", "add", "ftp://example.org/x"]);
    assert_eq!(code, 1);
    assert!(err.contains("422"), "{err}");

    // subscribers
    let mut alice = w.user("alice", None).await;
    let r = subscribe(&mut alice, "extra").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let (code, out, err) = cli(&cfg, ADMIN, &["subscribers", "extra"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("alice@localhost") && l.contains("pubsub")),
        "{out}"
    );
    let (code, _, err) = cli(&cfg, ADMIN, &["subscribers", "nowhere"]);
    assert_eq!(code, 1);
    assert!(err.contains("404"), "{err}");

    // refresh: the hourly feed is fetched again at once.
    let hits = w.feeds.hits("/slow.xml");
    let (code, _, err) = cli(&cfg, ADMIN, &["feeds", "refresh", "slow"]);
    assert_eq!(code, 0, "{err}");
    wait_hits(&w, "/slow.xml", hits + 1).await;

    // remove: not a feed of the file; the added one goes and alice hears of it.
    let (code, _, err) = cli(&cfg, ADMIN, &["feeds", "remove", "news"]);
    assert_eq!(code, 1);
    assert!(err.contains("feeds.toml"), "{err}");
    let (code, _, err) = cli(&cfg, ADMIN, &["feeds", "remove", "extra"]);
    assert_eq!(code, 0, "{err}");
    let m = alice
        .wait_message(|m| {
            m.payloads.iter().any(|p| {
                Event::try_from(p.clone())
                    .is_ok_and(|e| matches!(e.payload, Payload::Delete { .. }))
            })
        })
        .await;
    assert!(format!("{m:?}").contains("extra"));
    let (_, out, _) = cli(&cfg, ADMIN, &["feeds", "list"]);
    assert!(!out.lines().any(|l| l.starts_with("extra")), "{out}");

    // OPML out and in.
    let exported = w.dir.path().join("export.opml");
    let (code, _, err) = cli(&cfg, ADMIN, &["opml", "export", exported.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let listed = feedpush::feedlist::import(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    let urls: Vec<&str> = listed.iter().map(|f| f.url.as_str()).collect();
    assert!(
        urls.contains(&w.feeds.url("/news.xml").as_str()),
        "{urls:?}"
    );
    assert!(
        urls.contains(&w.feeds.url("/slow.xml").as_str()),
        "{urls:?}"
    );
    let list = w.dir.path().join("import.opml");
    std::fs::write(
        &list,
        format!(
            r#"<opml version="2.0"><head/><body><outline text="News" xmlUrl="{}"/><outline text="Imported" xmlUrl="{}"/><outline text="Bad" xmlUrl="gopher://example.org/"/></body></opml>"#,
            w.feeds.url("/news.xml"),
            w.feeds.url("/imported.xml")
        ),
    )
    .unwrap();
    let (code, out, err) = cli(&cfg, ADMIN, &["opml", "import", list.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 feeds added, 1 already fetched, 1 refused"),
        "{out}"
    );
    assert!(out.contains("refused gopher://example.org/"), "{out}");
    wait_hits(&w, "/imported.xml", 1).await;
    let (_, out, _) = cli(&cfg, ADMIN, &["feeds", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let imported = v["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["url"] == w.feeds.url("/imported.xml"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(imported["origin"], "operator");
    assert_eq!(imported["title"], "Imported");
    assert_eq!(daemon.stop().await, Some(0));
}

/// `--log-format json` carries the spans of the daemon's work: a subscription's line is in a
/// `request` span with the subscriber's JID and the request's kind, a fetch's in a `poll` span
/// with its node and host, the notifications' in a `delivery` span with the round's jobs.
#[tokio::test]
async fn json_logs_carry_request_poll_and_delivery_spans() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let daemon = crate::harness::daemon::Daemon::start_json(&w.config("", ""));
    let mut alice = w.user("alice", None).await;
    let r = subscribe(&mut alice, "news").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    wait_hits(&w, "/news.xml", 1).await;
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let (node, _, _) = next_event(&mut alice).await;
    assert_eq!(node, "news");

    // The round's line is written once the link took the round: wait for it (bounded).
    let line_of = |logs: &[serde_json::Value], message: &str| {
        logs.iter()
            .find(|l| l["fields"]["message"] == message)
            .cloned()
    };
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let logs = loop {
        let logs: Vec<serde_json::Value> = daemon
            .log()
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        if line_of(&logs, "notifications handed to the server").is_some() {
            break logs;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no delivery logged: {}",
            daemon.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    let subscribed = line_of(&logs, "subscribed").expect("the subscription is logged");
    assert_eq!(subscribed["span"]["name"], "request", "{subscribed}");
    assert_eq!(
        subscribed["span"]["kind"], "iq-set pubsub subscribe",
        "{subscribed}"
    );
    let jid = subscribed["span"]["jid"].as_str().unwrap_or_default();
    assert!(
        jid.starts_with(&format!("{}/", alice.jid)),
        "the subscriber's full JID: {subscribed}"
    );

    let fetched = line_of(&logs, "fetched").expect("the fetches are logged (debug)");
    assert_eq!(fetched["span"]["name"], "poll", "{fetched}");
    assert_eq!(fetched["span"]["node"], "news", "{fetched}");
    assert_eq!(fetched["span"]["host"], "127.0.0.1", "{fetched}");

    let delivered = line_of(&logs, "notifications handed to the server").unwrap();
    assert_eq!(delivered["span"]["name"], "delivery", "{delivered}");
    assert!(
        delivered["span"]["jobs"].as_u64().is_some_and(|n| n >= 1),
        "{delivered}"
    );
    assert_eq!(delivered["fields"]["node"], "news", "{delivered}");
}

/// The node `news`'s items as the HTTP API of the daemon on `port` lists them, once it answers.
async fn news_items(port: u16, token: &str, daemon: &crate::harness::daemon::Daemon) -> String {
    let base = format!("http://127.0.0.1:{port}");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let r = http
            .get(format!("{base}/v1/nodes/news/items"))
            .bearer_auth(token)
            .send()
            .await;
        if let Ok(r) = r {
            if r.status().as_u16() == 200 {
                return r.text().await.unwrap();
            }
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", daemon.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// On PostgreSQL: `store verify` reads every row and names the database; `store backup` copies
/// nothing and says to use pg_dump; a pg_dump restored into a new database serves the items.
#[tokio::test]
async fn a_postgres_store_is_verified_and_backed_up_with_pg_dump() {
    use crate::harness::pgserver::{database_for, program};
    let w = news_world().await;
    let url = database_for(w.dir.path());
    let port = crate::harness::prosody::free_port();
    let token = "pg-backup-test-token";
    let cfg = news_config(&w, port, token);
    assert!(std::fs::read_to_string(&cfg)
        .unwrap()
        .contains("backend = \"postgres\""));
    let run = feedpush_with;
    let polled = run(&["poll", "--once"], &cfg).await;
    assert!(
        polled.status.success(),
        "{}",
        String::from_utf8_lossy(&polled.stderr)
    );
    let verified = run(&["store", "verify"], &cfg).await;
    let out = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{out}");
    assert!(
        out.contains("items: 2 records")
            && out.contains("(PostgreSQL, schema version")
            && out.contains(": ok"),
        "{out}"
    );
    let backup = w.dir.path().join("backup");
    let refused = run(&["store", "backup", backup.to_str().unwrap()], &cfg).await;
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(
        err.contains("pg_dump") && !err.contains("background task"),
        "{err}"
    );
    assert!(!backup.exists(), "nothing was copied");

    // The operator's way: pg_dump, restored into a new database with psql.
    let dump = w.dir.path().join("feedpush.sql");
    let dumped = tokio::process::Command::new(program("pg_dump"))
        .arg("--no-owner")
        .arg("-f")
        .arg(&dump)
        .arg(&url)
        .output()
        .await
        .unwrap();
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    let other = tempfile::tempdir().unwrap();
    let restored_url = database_for(other.path());
    let loaded = tokio::process::Command::new(program("psql"))
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
        .arg(&dump)
        .arg(&restored_url)
        .output()
        .await
        .unwrap();
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let restored = w.dir.path().join("restored.toml");
    std::fs::write(
        &restored,
        std::fs::read_to_string(&cfg)
            .unwrap()
            .replace(&url, &restored_url),
    )
    .unwrap();
    // The feed has moved on: what is served of "a" and "b" comes from the restored store.
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[("c", "Third")])),
    );
    let daemon = crate::harness::daemon::Daemon::start(&restored);
    let body = news_items(port, token, &daemon).await;
    assert!(
        body.contains("\"First\"") && body.contains("\"Second\""),
        "{body}"
    );
}

/// The `[storage]` section of a feeds.toml replaced by `section`.
fn with_storage(cfg: &std::path::Path, section: &str, to: &std::path::Path) {
    let text = std::fs::read_to_string(cfg).unwrap();
    let start = text.find("[storage]").expect("a storage section");
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |i| start + 2 + i);
    std::fs::write(to, format!("{}{section}\n{}", &text[..start], &text[end..])).unwrap();
}

/// `store copy`: a stopped instance's sled store goes into a new PostgreSQL database (named by
/// a file, so the URL stays out of the process list), every table compared; the daemon runs on
/// it and serves the copied items; a target not empty is refused, a place that is no store is
/// refused with exit 2; and the database copies back into a new sled directory.
#[tokio::test]
async fn a_stopped_instance_is_copied_to_postgres_and_back() {
    use crate::harness::pgserver::database_for;
    let w = news_world().await;
    let port = crate::harness::prosody::free_port();
    let token = "copy-test-token";
    let written = news_config(&w, port, token);
    let store = w.dir.path().join("store");
    let cfg = w.dir.path().join("sled.toml");
    with_storage(
        &written,
        &format!("[storage]\npath = \"{}\"\n", store.display()),
        &cfg,
    );
    let bin = env!("CARGO_BIN_EXE_feedpush");
    let run = |args: &[&str]| {
        let mut c = tokio::process::Command::new(bin);
        c.args(args).env("FEEDPUSH_LOG", "warn");
        async move { c.output().await.unwrap() }
    };
    let cfg_arg = cfg.to_str().unwrap();
    let polled = run(&["poll", "--once", "--config", cfg_arg]).await;
    assert!(
        polled.status.success(),
        "{}",
        String::from_utf8_lossy(&polled.stderr)
    );

    let target = tempfile::tempdir().unwrap();
    let url_file = w.dir.path().join("pg-url");
    std::fs::write(&url_file, format!("{}\n", database_for(target.path()))).unwrap();
    let from = format!("sled:{}", store.display());
    let to = format!("postgres-file:{}", url_file.display());
    let copied = run(&["store", "copy", "--from", &from, "--to", &to]).await;
    let out = String::from_utf8_lossy(&copied.stdout);
    assert!(
        copied.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    assert!(
        out.contains("items: 2 records, checksum")
            && out.contains("seen: 2 records")
            && out.contains("the same in the copy")
            && out.contains("(PostgreSQL)"),
        "{out}"
    );
    let again = run(&["store", "copy", "--from", &from, "--to", &to]).await;
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{err}");
    assert!(err.contains("not empty"), "{err}");
    let nonsense = run(&["store", "copy", "--from", "ftp://x", "--to", &to]).await;
    assert_eq!(nonsense.status.code(), Some(2));

    // The daemon on the copy: the items were copied, not fetched again (the feed moved on).
    let pg_cfg = w.dir.path().join("pg.toml");
    with_storage(
        &written,
        &format!(
            "[storage]\nbackend = \"postgres\"\nurl_file = \"{}\"\n",
            url_file.display()
        ),
        &pg_cfg,
    );
    // The copy keeps the store's rules (verify checks them on PostgreSQL).
    let verified = run(&["store", "verify", "--config", pg_cfg.to_str().unwrap()]).await;
    let out = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success() && out.contains(": ok"), "{out}");
    w.feeds.set(
        "/news.xml",
        crate::harness::feedserver::Resource::feed(crate::poller::rss(&[("c", "Third")])),
    );
    let mut daemon = crate::harness::daemon::Daemon::start(&pg_cfg);
    let body = news_items(port, token, &daemon).await;
    assert!(
        body.contains("\"First\"") && body.contains("\"Second\""),
        "{body}"
    );
    assert_eq!(daemon.stop().await, Some(0), "{}", daemon.log());

    let back = w.dir.path().join("back");
    let returned = run(&[
        "store",
        "copy",
        "--from",
        &to,
        "--to",
        &format!("sled:{}", back.display()),
    ])
    .await;
    let out = String::from_utf8_lossy(&returned.stdout);
    assert!(
        returned.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&returned.stderr)
    );
    assert!(
        out.contains("the same in the copy") && out.contains("(sled)"),
        "{out}"
    );
}
