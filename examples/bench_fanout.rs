//! Fan-out benchmark: one new entry pushed to 1,000 and 10,000 subscribers through a real
//! Prosody, beside the ceiling of the same Prosody routing same-size stanzas between two
//! components with no pubsub logic at all.
//!
//! ```sh
//! cargo build --release --bin feedpush --example bench_fanout && target/release/examples/bench_fanout
//! target/release/examples/bench_fanout --chat
//! ```
//!
//! With `--chat` the subscribers follow the feeds as contacts instead (a presence subscription
//! to `bench-N@feeds.localhost`, then available presence), so every notification is a chat
//! message from the contact; afterwards 1,000 of them go away, 50 entries arrive, and the time
//! to deliver their backlogs when they come back is measured.
//!
//! Subscribers are JIDs of a second external component (`u1@sink.localhost`, ...): one
//! connection stands in for all of them, and notifications are counted as `</message>` in its
//! raw byte stream. Everything runs on 127.0.0.1. CPU figures come from /proc/PID/stat.

#[path = "../tests/harness/prosody.rs"]
#[allow(dead_code)]
mod prosody;
#[path = "support/raw.rs"]
#[allow(dead_code)]
mod raw;

use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::Digest;
use xmpp_parsers::jid::Jid;
use xmpp_parsers::message::Message;
use xmpp_parsers::minidom::Element;

use prosody::{ComponentDef, Prosody};
use raw::{cpu_secs, sched_secs, xml, RawComponent, SECRET};

const SIZES: [usize; 2] = [1_000, 10_000];
/// Measured publications per size (after one warm-up).
const REPS: usize = 3;

fn rss(n_items: usize, newest: usize) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench</title><link>http://127.0.0.1/</link><description>bench feed</description>");
    for i in (newest.saturating_sub(n_items) + 1..=newest).rev() {
        s.push_str(&format!(
            "<item><guid isPermaLink=\"false\">urn:bench:{i}</guid><title>Benchmark entry number {i}</title><link>http://127.0.0.1/entries/{i}</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>This is the summary of entry {i}: a paragraph of ordinary text about feeds, pushes and the people who read them, long enough to resemble a real post's summary in a real feed reader. It has no markup.</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

struct Feed {
    body: Arc<Mutex<String>>,
    hits: Arc<Mutex<usize>>,
}

async fn serve_feed(feed: &Feed) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let body = feed.body.clone();
    let hits = feed.hits.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let body = body.clone();
        let hits = hits.clone();
        async move {
            *hits.lock().unwrap() += 1;
            let b = body.lock().unwrap().clone();
            let etag = format!(
                "\"{}\"",
                hex::encode(&sha2::Sha256::digest(b.as_bytes())[..8])
            );
            let inm = req
                .headers()
                .get("if-none-match")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if inm.as_deref() == Some(etag.as_str()) {
                return axum::response::Response::builder()
                    .status(304)
                    .header("etag", etag)
                    .body(axum::body::Body::empty())
                    .unwrap();
            }
            axum::response::Response::builder()
                .status(200)
                .header("etag", etag)
                .header("content-type", "application/rss+xml")
                .body(axum::body::Body::from(b))
                .unwrap()
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Timestamp (seconds of day, UTC) of the first feedpush log line containing all `needles`.
/// 1,000 contact subscribers go away, 50 entries arrive (held in their backlogs), they come
/// back: the time and feedpush CPU until all 50,000 delayed messages arrived.
async fn backlog_flush(
    sink: &mut RawComponent,
    feed: &Feed,
    newest: &mut usize,
    log_path: &std::path::Path,
    fp_pid: u32,
) {
    const USERS: usize = 1_000;
    const ITEMS: usize = 50;
    let node = format!("bench-{USERS}");
    let mut away = String::new();
    for i in 0..USERS {
        away.push_str(&format!(
            "<presence type='unavailable' from='u{i}@sink.localhost/r' to='{node}@feeds.localhost'/>"
        ));
    }
    sink.send(away.as_bytes()).await;
    // Presence has no answer to wait for; give the service a moment to take it in.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let handed = |log: &str| {
        log.lines()
            .filter(|l| l.contains("handed to the server") && l.contains(&node))
            .count()
    };
    let before = handed(&std::fs::read_to_string(log_path).unwrap_or_default());
    let t_hold = Instant::now();
    *newest += ITEMS;
    *feed.body.lock().unwrap() = rss(ITEMS + 20, *newest);
    // Every job done means every item is held for every user.
    let deadline = Instant::now() + Duration::from_secs(300);
    while handed(&std::fs::read_to_string(log_path).unwrap_or_default()) < before + ITEMS {
        assert!(
            Instant::now() < deadline,
            "the entries were not held in time"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let hold_secs = t_hold.elapsed().as_secs_f64();
    let cpu0 = cpu_secs(fp_pid);
    let sched0 = sched_secs(fp_pid);
    let t0 = Instant::now();
    let mut back = String::new();
    for i in 0..USERS {
        back.push_str(&format!(
            "<presence from='u{i}@sink.localhost/r' to='{node}@feeds.localhost'/>"
        ));
    }
    sink.send(back.as_bytes()).await;
    let last = sink
        .wait_count(b"urn:xmpp:delay", USERS * ITEMS, Duration::from_secs(600))
        .await;
    let secs = (last - t0).as_secs_f64();
    let msgs = (USERS * ITEMS) as f64;
    println!(
        "chat backlog: {ITEMS} items held for each of {USERS} away users in {hold_secs:.2} s (poll to last job done)"
    );
    println!(
        "chat backlog: {USERS} users back → {} delayed messages in {secs:.2} s ({:.0} messages/s), feedpush CPU per message {:.1} µs (schedstat {:.1} µs)",
        USERS * ITEMS,
        msgs / secs,
        (cpu_secs(fp_pid) - cpu0) * 1e6 / msgs,
        (sched_secs(fp_pid) - sched0) * 1e6 / msgs
    );
}

fn log_time(log: &str, needles: &[&str]) -> Option<f64> {
    let line = log
        .lines()
        .find(|l| needles.iter().all(|n| l.contains(n)))?;
    let ts = line.split_whitespace().next()?;
    let t = chrono::DateTime::parse_from_rfc3339(ts).ok()?;
    Some(t.timestamp_micros() as f64 / 1e6)
}

fn now_unix() -> f64 {
    chrono::Utc::now().timestamp_micros() as f64 / 1e6
}

#[tokio::main]
async fn main() {
    let chat = std::env::args().any(|a| a == "--chat");
    let label = if chat { "chat" } else { "fanout" };
    let (feedpush_bin, cpu_model) = raw::feedpush_and_cpu();
    println!(
        "# fan-out benchmark{}: {} cores, {cpu_model}",
        if chat {
            " (contacts, chat messages)"
        } else {
            ""
        },
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );

    let prosody = Prosody::start_with(
        ["feeds.localhost", "sink.localhost", "src.localhost"]
            .iter()
            .map(|d| ComponentDef {
                domain: d.to_string(),
                secret: SECRET.into(),
            })
            .collect(),
    );
    let prosody_pid = prosody.pid().unwrap();
    let feeds: Vec<Feed> = SIZES
        .iter()
        .map(|_| Feed {
            body: Arc::new(Mutex::new(rss(20, 20))),
            hits: Arc::new(Mutex::new(0)),
        })
        .collect();
    let mut addrs = Vec::new();
    for f in &feeds {
        addrs.push(serve_feed(f).await);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut toml = format!(
        // One sink domain stands in for 10,000 users: the per-JID and per-domain request limits
        // (meant for strangers on the open network) are lifted so the subscriptions go through.
        "[component]\njid = \"feeds.localhost\"\nserver = \"{}\"\nsecret = \"{SECRET}\"\n[storage]\npath = \"{}\"\n[fetch]\nallow_private_addresses = true\n[poll]\nmin_interval = \"1s\"\n[access]\nmax_requests_per_minute = 1000000\nmax_domain_requests_per_minute = 1000000\n",
        prosody.component_addr(),
        dir.path().join("store").display()
    );
    for (n, a) in SIZES.iter().zip(&addrs) {
        toml.push_str(&format!(
            "[[feeds]]\nnode = \"bench-{n}\"\nurl = \"http://{a}/feed.xml\"\ninterval = \"1s\"\n"
        ));
    }
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, toml).unwrap();
    let log_path = dir.path().join("feedpush.log");
    let mut daemon: Child = Command::new(&feedpush_bin)
        .args(["run", "--config"])
        .arg(&cfg)
        .env(
            "FEEDPUSH_LOG",
            "warn,feedpush::app=info,feedpush::delivery=info,feedpush::poll::ingest=debug",
        )
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let fp_pid = daemon.id();

    let mut sink = RawComponent::connect(prosody.component_addr(), "sink.localhost").await;
    // Wait for feedpush's component to answer.
    sink.wait_for_feedpush().await;

    let mut newest = [20usize; SIZES.len()];
    for (k, n) in SIZES.iter().enumerate() {
        let node = format!("bench-{n}");
        // Subscribe n JIDs, pipelined.
        let t0 = Instant::now();
        let mut batch = String::new();
        for i in 0..*n {
            let jid = format!("u{i}@sink.localhost");
            if chat {
                // A roster subscription to the feed's contact, then available presence.
                batch.push_str(&format!(
                    "<presence type='subscribe' from='{jid}' to='{node}@feeds.localhost'/><presence from='{jid}/r' to='{node}@feeds.localhost'/>"
                ));
            } else {
                batch.push_str(&raw::subscribe_iq(&jid, &node, &format!("s{i}")));
            }
            if batch.len() > 64 * 1024 {
                sink.send(batch.as_bytes()).await;
                batch.clear();
            }
        }
        sink.send(batch.as_bytes()).await;
        let acknowledged: &[u8] = if chat {
            b"type='subscribed'"
        } else {
            b"subscription='subscribed'"
        };
        sink.wait_count(acknowledged, *n, Duration::from_secs(120))
            .await;
        let subscribe_secs = t0.elapsed().as_secs_f64();

        // Make sure the first fetch happened (it announces nothing).
        while *feeds[k].hits.lock().unwrap() < 1 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let target = if chat { 10 } else { 5 };
        println!("{label} {n}: subscribe all: {subscribe_secs:.3} s ({:.1} µs per subscription) (target ≤ {target} s for 10,000, linear)", subscribe_secs * 1e6 / *n as f64);
        // One unmeasured publication to warm up, then REPS measured ones; medians reported.
        let mut runs: Vec<[f64; 6]> = Vec::new();
        for rep in 0..=REPS {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let log_mark = std::fs::read_to_string(&log_path).unwrap_or_default().len();
            let fp_cpu0 = cpu_secs(fp_pid);
            let fp_sched0 = sched_secs(fp_pid);
            let pr_cpu0 = cpu_secs(prosody_pid);
            newest[k] += 1;
            *feeds[k].body.lock().unwrap() = rss(20, newest[k]);
            let last_rx = sink
                .wait_count(b"</message>", *n, Duration::from_secs(300))
                .await;
            let last_rx_unix = now_unix() - last_rx.elapsed().as_secs_f64();
            let fp_cpu = cpu_secs(fp_pid) - fp_cpu0;
            let fp_sched = sched_secs(fp_pid) - fp_sched0;
            let pr_cpu = cpu_secs(prosody_pid) - pr_cpu0;
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            let log = log.get(log_mark..).unwrap_or("");
            let detected =
                log_time(log, &["fetched", &format!("\"{node}\""), "new=1"]).unwrap_or(f64::NAN);
            let written = log_time(log, &["handed to the server", &node]).unwrap_or(f64::NAN);
            if rep == 0 {
                continue;
            }
            let per = |x: f64| x * 1e6 / *n as f64;
            runs.push([
                (written - detected) * 1e3,
                (last_rx_unix - detected) * 1e3,
                *n as f64 / (last_rx_unix - detected),
                per(fp_cpu),
                per(fp_sched),
                per(pr_cpu),
            ]);
        }
        let median = |i: usize| {
            let mut v: Vec<f64> = runs.iter().map(|r| r[i]).collect();
            v.sort_by(|a, b| a.partial_cmp(b).unwrap());
            v[v.len() / 2]
        };
        let rates: Vec<String> = runs.iter().map(|r| format!("{:.0}", r[2])).collect();
        println!(
            "{label} {n}: detection → last notification written: {:.1} ms (median of {REPS})",
            median(0)
        );
        println!(
            "{label} {n}: detection → last notification received: {:.1} ms (median of {REPS})",
            median(1)
        );
        println!(
            "{label} {n}: end-to-end rate: {:.0} notifications/s (median of {REPS}: {})",
            median(2),
            rates.join(", ")
        );
        println!("{label} {n}: feedpush CPU per notification: {:.1} µs (schedstat {:.1} µs) (target ≤ 20 µs; includes the poll that found the entry; median of {REPS})", median(3), median(4));
        println!(
            "{label} {n}: prosody CPU per notification: {:.1} µs (median of {REPS})",
            median(5)
        );
    }

    if chat {
        backlog_flush(&mut sink, &feeds[0], &mut newest[0], &log_path, fp_pid).await;
    }

    // Capture one real notification and measure the ceiling with stanzas of the same size.
    let mut probe_src = RawComponent::connect(prosody.component_addr(), "src.localhost").await;
    let sample_node = format!("bench-{}", SIZES[0]);
    let _ = sample_node;
    newest[0] += 1;
    *feeds[0].body.lock().unwrap() = rss(20, newest[0]);
    let captured = sink.capture_until(b"</message>").await;
    let start = captured.find("<message").unwrap_or(0);
    let stanza = &captured[start..];
    let compact = !stanza.contains(">\n") && !stanza.contains(">  <");
    println!(
        "notification size: {} bytes, compact (no pretty-printing): {}",
        stanza.len(),
        if compact { "yes" } else { "NO" }
    );
    let parsed: Option<Message> = stanza
        .replacen("<message", "<message xmlns='jabber:component:accept'", 1)
        .parse::<Element>()
        .ok()
        .and_then(|e| Message::try_from(e).ok());
    // Everything a notification carries (the event and the readable body), so that the
    // ceiling's stanzas are the notification's size.
    let (payloads, bodies) = parsed.map(|m| (m.payloads, m.bodies)).unwrap_or_default();
    // Drain the rest of that second fan-out before measuring.
    sink.wait_count(b"</message>", SIZES[0] - 1, Duration::from_secs(120))
        .await;
    for n in SIZES {
        let mut msgs = String::new();
        for i in 0..n {
            let mut m = Message::new_with_type(
                xmpp_parsers::message::MessageType::Headline,
                Some(format!("u{i}@sink.localhost").parse::<Jid>().unwrap()),
            );
            m.from = Some("src.localhost".parse().unwrap());
            m.payloads = payloads.clone();
            m.bodies = bodies.clone();
            msgs.push_str(&xml(m.into()));
        }
        let mut rates = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..REPS {
            let pr0 = cpu_secs(prosody_pid);
            let t0 = Instant::now();
            probe_src.send(msgs.as_bytes()).await;
            let last = sink
                .wait_count(b"</message>", n, Duration::from_secs(300))
                .await;
            rates.push(n as f64 / (last - t0).as_secs_f64());
            cpus.push((cpu_secs(prosody_pid) - pr0) * 1e6 / n as f64);
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let shown: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
        rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
        cpus.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "ceiling {n}: prosody routes {:.0} stanzas/s component→component ({} B each), {:.1} µs prosody CPU per stanza (median of {REPS}: {})",
            rates[REPS / 2],
            msgs.len() / n,
            cpus[REPS / 2],
            shown.join(", ")
        );
    }
    println!("(compare each fanout's end-to-end rate with this ceiling; target ≥ 90%)");
    let _ = std::io::stdout().flush();
    let _ = daemon.kill();
    let _ = daemon.wait();
}
