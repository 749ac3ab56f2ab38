//! Cluster benchmark: several `feedpush run` instances on one PostgreSQL and one Prosody
//! (`[cluster] link = "leader"`), 20,000 Atom feeds on eight web hosts (127.0.0.1–8, so that
//! the hosts' poll leases can be shared) × 10 subscribers (200,000 subscriptions from a second
//! component).
//!
//! ```sh
//! cargo build --release --bin feedpush --example bench_cluster && target/release/examples/bench_cluster
//! target/release/examples/bench_cluster --feeds 2000 --instances 3   # smaller, three instances
//! target/release/examples/bench_cluster --lease 10                    # [cluster] lease = "10s" (default 60, as feedpush)
//! ```
//!
//! It prints: the start of every instance (to READY=1), the first fetch of every feed, the
//! subscriptions, three whole 60 s cycles of unchanged (304) polls with the feeds fetched twice
//! within half a cycle (by two instances: there should be none) and the CPU per 304 poll of
//! every process that polls (the instances and the PostgreSQL server, summed), each
//! instance's resident memory, and the failover: the instance that holds the link is killed
//! (-9), one in a hundred of the feeds it polled gets a new entry, and the times from the kill
//! to the first fetch of a feed it polled and to the first notification through the survivors.
//! Every feed is fetched every 60 s. Only loopback addresses are contacted; CPU comes from
//! /proc/PID/stat.

#[path = "support/daemon.rs"]
#[allow(dead_code)]
mod daemon;
#[path = "support/pgprocs.rs"]
mod pgprocs;
/// The tests' throwaway PostgreSQL server.
#[path = "../tests/harness/pgserver.rs"]
#[allow(dead_code)]
mod pgserver;
#[path = "../tests/harness/prosody.rs"]
#[allow(dead_code)]
mod prosody;
#[path = "support/raw.rs"]
#[allow(dead_code)]
mod raw;
#[path = "support/site.rs"]
#[allow(dead_code)]
mod site;

use std::sync::atomic::Ordering::Relaxed;
use std::time::{Duration, Instant};

use daemon::{mb, status_kb, until_ready, Daemon};
use prosody::{ComponentDef, Prosody};
use raw::{cpu_secs, RawComponent, SECRET};

/// Subscribers per feed.
const PER_FEED: usize = 10;
/// Seconds between two fetches of a feed.
const CYCLE_SECS: u64 = 60;
/// The web hosts the feeds are spread over (feed i on host i % 8).
const HOSTS: [&str; 8] = [
    "127.0.0.1",
    "127.0.0.2",
    "127.0.0.3",
    "127.0.0.4",
    "127.0.0.5",
    "127.0.0.6",
    "127.0.0.7",
    "127.0.0.8",
];

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// CPU seconds of every instance and of the database server so far.
fn cpu(pids: &[u32], pg: &pgprocs::PgProcs) -> f64 {
    pids.iter().map(|p| cpu_secs(*p)).sum::<f64>() + pg.cpu()
}

/// Each instance's resident memory now and at its peak.
fn memory(pids: &[u32]) -> String {
    pids.iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "i{i} {} (peak {})",
                mb(status_kb(*p, "VmRSS")),
                mb(status_kb(*p, "VmHWM"))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_feeds: usize = arg(&args, "--feeds").unwrap_or(20_000);
    let n: usize = arg(&args, "--instances").unwrap_or(2).max(2);
    let lease: u64 = arg(&args, "--lease").unwrap_or(60);
    let (bin, cpu_model) = raw::feedpush_and_cpu();
    println!(
        "# cluster benchmark: {n} instances, {n_feeds} feeds on {} web hosts × {PER_FEED} subscribers, every feed fetched every {CYCLE_SECS} s, lease {lease} s; {} cores, {cpu_model}; store: PostgreSQL (CPU counts the server's processes)",
        HOSTS.len(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
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
    let (feeds, webs) = site::start(n_feeds, &HOSTS).await;
    let server = pgserver::PgServer::start();
    let pg = pgprocs::PgProcs::new(&server.data_dir());
    let dir = tempfile::tempdir().unwrap();
    let url = server.database(dir.path());

    let mut common = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"{}\"\nsecret = \"{SECRET}\"\n\
         [storage]\nbackend = \"postgres\"\nurl = \"{url}\"\n\
         [fetch]\nallow_private_addresses = true\nmax_concurrent = 64\nmax_per_host = 64\nper_host_interval = \"0s\"\n\
         [poll]\nmin_interval = \"{CYCLE_SECS}s\"\ndefault_interval = \"{CYCLE_SECS}s\"\n\
         [access]\nmax_requests_per_minute = 1000000\nmax_domain_requests_per_minute = 1000000\n",
        prosody.component_addr(),
    );
    for i in 0..n_feeds {
        common.push_str(&format!(
            "[[feeds]]\nnode = \"f{i}\"\nurl = \"http://{}/f/{i}.xml\"\ninterval = \"{CYCLE_SECS}s\"\n",
            webs[i % webs.len()]
        ));
    }
    // Start: each instance to READY=1, one after the other (the first writes the feeds).
    let t0 = Instant::now();
    let mut daemons = Vec::new();
    for i in 0..n {
        let cfg = dir.path().join(format!("i{i}.toml"));
        std::fs::write(
            &cfg,
            format!(
                "[cluster]\ninstance = \"i{i}\"\nlease = \"{lease}s\"\nlink = \"leader\"\n{common}"
            ),
        )
        .unwrap();
        let sock_path = dir.path().join(format!("i{i}.sock"));
        let sock = tokio::net::UnixDatagram::bind(&sock_path).unwrap();
        let mut d = Daemon::start(&bin, &cfg, &sock_path);
        until_ready(&sock, &mut d, Duration::from_secs(600)).await;
        daemons.push(d);
    }
    let pids: Vec<u32> = daemons.iter().map(Daemon::pid).collect();
    println!(
        "start: {:.2} s wall for {n} instances, {:.2} s CPU; {}",
        t0.elapsed().as_secs_f64(),
        cpu(&pids, &pg),
        memory(&pids)
    );

    // The first fetch of every feed.
    let (c0, w0) = (cpu(&pids, &pg), Instant::now());
    let deadline = Instant::now() + Duration::from_secs(CYCLE_SECS * 5);
    while feeds.ok.load(Relaxed) < n_feeds as u64 {
        assert!(
            Instant::now() < deadline,
            "only {} first fetches",
            feeds.ok.load(Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "first fetch of every feed: {:.1} s wall, {:.2} s CPU ({:.0} µs per feed); {}",
        w0.elapsed().as_secs_f64(),
        cpu(&pids, &pg) - c0,
        (cpu(&pids, &pg) - c0) / n_feeds as f64 * 1e6,
        memory(&pids)
    );

    // Subscribe: user k follows feeds k, k+1·n_feeds/… so that each has PER_FEED followers.
    let mut sink = RawComponent::connect(prosody.component_addr(), "sink.localhost").await;
    sink.wait_for_feedpush().await;
    let t = Instant::now();
    let c0 = cpu(&pids, &pg);
    let mut batch = String::new();
    let mut sent = 0usize;
    for m in 0..PER_FEED {
        for k in 0..n_feeds {
            batch.push_str(&raw::subscribe_iq(
                &format!("u{k}@sink.localhost"),
                &format!("f{}", (k + m) % n_feeds),
                &format!("s{sent}"),
            ));
            sent += 1;
            if batch.len() > 64 * 1024 {
                sink.send(batch.as_bytes()).await;
                batch.clear();
            }
        }
    }
    sink.send(batch.as_bytes()).await;
    sink.wait_count(b"subscription='subscribed'", sent, Duration::from_secs(900))
        .await;
    println!(
        "subscribe {sent}: {:.2} s, {:.2} s CPU; {}",
        t.elapsed().as_secs_f64(),
        cpu(&pids, &pg) - c0,
        memory(&pids)
    );

    // Three whole cycles of unchanged feeds; a feed fetched twice within half a cycle is a
    // duplicate (two instances polling it).
    feeds.count_duplicates_within(CYCLE_SECS * 1000 / 2);
    for cycle in 1..=3 {
        let (c0, h0, n0) = (
            cpu(&pids, &pg),
            feeds.hits(),
            feeds.not_modified.load(Relaxed),
        );
        let p0 = pg.cpu();
        tokio::time::sleep(Duration::from_secs(CYCLE_SECS)).await;
        let (c1, h1) = (cpu(&pids, &pg), feeds.hits());
        let polls = h1 - h0;
        println!(
            "unchanged cycle {cycle}: {polls} polls ({} of them 304), {} fetched twice so far: {:.2} s CPU (of which PostgreSQL {:.2} s), {:.0} µs per 304 poll; {}",
            feeds.not_modified.load(Relaxed) - n0,
            feeds.duplicates.load(Relaxed),
            c1 - c0,
            pg.cpu() - p0,
            (c1 - c0) / polls.max(1) as f64 * 1e6,
            memory(&pids)
        );
    }

    println!(
        "PostgreSQL's processes: {} (summed; shared buffers counted in each)",
        mb(pg.rss_kb() as f64)
    );

    // Failover: the link's holder killed; feeds it polled get a new entry.
    let holder: String = pgserver::query(
        &url,
        "SELECT owner FROM leases WHERE what = 'link' AND until > now()",
    )
    .unwrap()
    .first()
    .and_then(|r| r[0].clone())
    .expect("an instance holds the link");
    let dead: usize = holder.trim_start_matches('i').parse().unwrap();
    let orphan_hosts: Vec<String> = pgserver::query(
        &url,
        &format!("SELECT substr(what, 6) FROM leases WHERE owner = '{holder}' AND what LIKE 'poll %' AND until > now()"),
    )
    .unwrap()
    .into_iter()
    .filter_map(|r| r[0].clone())
    .collect();
    let orphans: Vec<usize> = (0..n_feeds)
        .filter(|i| orphan_hosts.contains(&webs[i % webs.len()].ip().to_string()))
        .collect();
    assert!(!orphans.is_empty(), "the killed instance polled no host");
    daemons[dead].kill();
    let killed = Instant::now();
    // One in a hundred of its feeds gets a new entry: the first of them that a survivor polls
    // (each when it is due) is the first notification.
    for i in orphans.iter().step_by(100) {
        feeds.newest[*i].fetch_add(1, Relaxed);
    }
    let notified = tokio::spawn(async move {
        sink.wait_count(
            b"</message>",
            1,
            Duration::from_secs(lease * 3 + CYCLE_SECS * 2),
        )
        .await
    });
    let first_fetch = loop {
        if let Some(t) = (orphans.iter())
            .filter_map(|i| feeds.last_fetch(*i))
            .filter(|t| *t > killed)
            .min()
        {
            break t;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(lease * 3 + CYCLE_SECS),
            "no feed of the dead instance's {} hosts fetched",
            orphan_hosts.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let notification = notified.await.unwrap();
    println!(
        "failover (kill -9 of {holder}, which held the link and {} hosts, {} feeds): first fetch of one of its feeds {:.1} s after, first notification through the survivors {:.1} s after",
        orphan_hosts.len(),
        orphans.len(),
        (first_fetch - killed).as_secs_f64(),
        (notification - killed).as_secs_f64()
    );
    for (i, d) in daemons.iter_mut().enumerate() {
        if i != dead {
            d.stop();
        }
    }
    drop(prosody);
}
