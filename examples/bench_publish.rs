//! Publish benchmark: HTTP POSTs to the publish API, pushed through a real Prosody.
//!
//! ```sh
//! cargo build --release --bin feedpush --example bench_publish && target/release/examples/bench_publish
//! ```
//!
//! - Latency: 200 sequential POSTs (JSON) to a node with 1,000 subscribers; for each, the time
//!   from sending the POST to the first and to the last of its 1,000 notifications; p50 and p99.
//! - Rate: sequential POSTs (each waiting for its `201`) to a node with 10 subscribers, for a
//!   few seconds; posts per second, then every notification is waited for.
//!
//! `--rates` skips the latency part (for profiling the POST path).
//!
//! Subscribers are JIDs of a second external component (`u1@sink.localhost`, ...) whose
//! connection counts `</message>` in its byte stream. Everything runs on 127.0.0.1.

#[path = "../tests/harness/prosody.rs"]
#[allow(dead_code)]
mod prosody;
#[path = "support/raw.rs"]
#[allow(dead_code)]
mod raw;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::Digest;

use prosody::{ComponentDef, Prosody};
use raw::{cpu_secs, RawComponent, SECRET};

const TOKEN: &str = "bench-token";
const BIG: usize = 1_000;
const SMALL: usize = 10;
const LATENCY_POSTS: usize = 200;
const RATE_POSTS: usize = 4_000;

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

async fn subscribe_all(sink: &mut RawComponent, node: &str, n: usize) {
    let mut batch = String::new();
    for i in 0..n {
        let jid = format!("u{i}@sink.localhost");
        batch.push_str(&raw::subscribe_iq(&jid, node, &format!("s{i}")));
    }
    sink.send(batch.as_bytes()).await;
    sink.wait_count(b"subscription='subscribed'", n, Duration::from_secs(120))
        .await;
}

#[tokio::main]
async fn main() {
    let (feedpush_bin, cpu_model) = raw::feedpush_and_cpu();
    println!(
        "# publish benchmark: {} cores, {cpu_model}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );

    let prosody = Prosody::start_with(
        ["feeds.localhost", "sink.localhost"]
            .iter()
            .map(|d| ComponentDef {
                domain: d.to_string(),
                secret: SECRET.into(),
            })
            .collect(),
    );
    let port = prosody::free_port();
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"{}\"\nsecret = \"{SECRET}\"\n[storage]\npath = \"{}\"\n\
         [access]\nmax_requests_per_minute = 1000000\nmax_domain_requests_per_minute = 1000000\n\
         [http]\nlisten = \"127.0.0.1:{port}\"\nmax_requests_per_minute = 10000000\n\
         [[http.tokens]]\nname = \"bench\"\ntoken_sha256 = \"{}\"\nnodes = [\"*\"]\n\
         [[nodes]]\nnode = \"pub-{BIG}\"\n[[nodes]]\nnode = \"pub-{SMALL}\"\n[[nodes]]\nnode = \"pub-0\"\n",
        prosody.component_addr(),
        dir.path().join("store").display(),
        hex::encode(sha2::Sha256::digest(TOKEN.as_bytes())),
    );
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, toml).unwrap();
    let mut daemon = Command::new(&feedpush_bin)
        .args(["run", "--config"])
        .arg(&cfg)
        .env("FEEDPUSH_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("feedpush.log")).unwrap())
        .spawn()
        .unwrap();
    let fp_pid = daemon.id();

    let mut sink = RawComponent::connect(prosody.component_addr(), "sink.localhost").await;
    sink.wait_for_feedpush().await;
    subscribe_all(&mut sink, &format!("pub-{BIG}"), BIG).await;
    subscribe_all(&mut sink, &format!("pub-{SMALL}"), SMALL).await;

    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(4)
        .build()
        .unwrap();
    let post = |node: String, i: usize| {
        let http = http.clone();
        async move {
            let body = format!(
                r#"{{"id":"post-{i}","title":"Release number {i}","link":"https://example.org/releases/{i}","summary":"What changed in release {i}: a paragraph of ordinary text, about as long as a real release note's summary.","content":"<p>Release <b>{i}</b> fixes things.</p>","content_type":"html"}}"#
            );
            let r = http
                .post(format!("http://127.0.0.1:{port}/v1/nodes/{node}/items"))
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 201, "POST {i} to {node}");
        }
    };

    let rates_only = std::env::args().any(|a| a == "--rates");
    // Latency at 1,000 subscribers: one warm-up, then LATENCY_POSTS measured.
    let big = format!("pub-{BIG}");
    if !rates_only {
        post(big.clone(), 0).await;
        sink.wait_count(b"</message>", BIG, Duration::from_secs(60))
            .await;
        let mut first = Vec::new();
        let mut last = Vec::new();
        let cpu0 = cpu_secs(fp_pid);
        for i in 1..=LATENCY_POSTS {
            let t0 = Instant::now();
            let ((), (f, l)) = tokio::join!(
                post(big.clone(), i),
                sink.wait_first_last(b"</message>", BIG, Duration::from_secs(60))
            );
            first.push((f - t0).as_secs_f64() * 1e3);
            last.push((l - t0).as_secs_f64() * 1e3);
        }
        let cpu = cpu_secs(fp_pid) - cpu0;
        println!(
        "publish {BIG}: POST → first notification: p50 {:.2} ms, p99 {:.2} ms (target p99 < 50 ms; {LATENCY_POSTS} posts)",
        percentile(&mut first, 0.5),
        percentile(&mut first, 0.99)
    );
        println!(
        "publish {BIG}: POST → last notification: p50 {:.2} ms, p99 {:.2} ms ({LATENCY_POSTS} posts; compare the fan-out benchmark's detection → last for {BIG})",
        percentile(&mut last, 0.5),
        percentile(&mut last, 0.99)
    );
        println!(
            "publish {BIG}: feedpush CPU per notification {:.1} µs (HTTP, store, fan-out together)",
            cpu * 1e6 / (LATENCY_POSTS * BIG) as f64
        );
    }

    // Sustained sequential POSTs to a node with 10 subscribers.
    let small = format!("pub-{SMALL}");
    let counter = tokio::spawn(async move {
        sink.wait_count(b"</message>", RATE_POSTS * SMALL, Duration::from_secs(600))
            .await
    });
    let cpu0 = cpu_secs(fp_pid);
    let t0 = Instant::now();
    for i in 1..=RATE_POSTS {
        post(small.clone(), LATENCY_POSTS + i).await;
    }
    let secs = t0.elapsed().as_secs_f64();
    let delivered = counter.await.unwrap();
    let cpu = cpu_secs(fp_pid) - cpu0;
    println!(
        "publish {SMALL}: {RATE_POSTS} sequential POSTs in {secs:.2} s: {:.0} posts/s (target ≥ 2,000); all {} notifications received {:.2} s after the first POST; feedpush CPU per post {:.0} µs",
        RATE_POSTS as f64 / secs,
        RATE_POSTS * SMALL,
        (delivered - t0).as_secs_f64(),
        cpu * 1e6 / RATE_POSTS as f64
    );

    // The API's own ceiling: the same POSTs to a node nobody follows (nothing to route).
    let cpu0 = cpu_secs(fp_pid);
    let t0 = Instant::now();
    for i in 1..=RATE_POSTS {
        post("pub-0".to_owned(), LATENCY_POSTS + RATE_POSTS + i).await;
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "publish 0: {RATE_POSTS} sequential POSTs to a node without subscribers in {secs:.2} s: {:.0} posts/s; feedpush CPU per post {:.0} µs",
        RATE_POSTS as f64 / secs,
        (cpu_secs(fp_pid) - cpu0) * 1e6 / RATE_POSTS as f64
    );
    let _ = daemon.kill();
    let _ = daemon.wait();
}
