//! Scale benchmark: 10,000 Atom feeds (20 entries, ~5.4 KB each) on a local HTTP server, each
//! followed by 10 subscribers (100,000 subscriptions from a second component), one Prosody.
//!
//! ```sh
//! cargo build --release --bin feedpush --example bench_scale && target/release/examples/bench_scale
//! target/release/examples/bench_scale --feeds 1000      # the same at 1,000 feeds
//! target/release/examples/bench_scale --cache-mb 8      # with [storage] cache_mb = 8
//! target/release/examples/bench_scale --unchanged-cycles 6   # more unchanged cycles (at least 2)
//! target/release/examples/bench_scale --jids 10       # 10 JIDs each following every feed
//! target/release/examples/bench_scale --backend postgres   # the store on PostgreSQL
//! target/release/examples/bench_scale --backend postgres --statements   # and the changed cycle's statements
//! ```
//!
//! With `--backend postgres` the store is a database on a throwaway PostgreSQL server (the
//! tests' one: `initdb` in a temporary directory, a Unix socket only, `fsync` on), and every
//! CPU figure counts the server's processes too (shown apart as "of which PostgreSQL"); the
//! store's size is the growth of the server's directory; the server's resident memory is
//! reported apart from feedpush's. With `--statements` the server loads `pg_stat_statements`
//! and the statements of the changed cycle are listed by their total time.
//!
//! The 100,000 subscriptions come from as many JIDs as there are feeds, 10 each, unless
//! `--jids N`: then N JIDs share them, each following `feeds × 10 / N` feeds (with `--jids 10`,
//! every feed: a bridge, a bot, a big OPML import), and every feed still has 10 followers.
//!
//! It runs the real `feedpush run` (release build beside this example) and prints: the import
//! (start to READY=1 with every feed in the store), the first fetch of every feed, peak and
//! steady resident memory (/proc/PID/status VmHWM, VmRSS), the store's size per feed, the CPU of
//! two whole 60 s cycles of unchanged (304) polls divided by the polls (the first still pays for
//! the store's clean-up after the subscriptions; the second is the steady cost), the extra CPU
//! of a cycle in which 1,000 feeds have one new entry (and that its 10,000 notifications all
//! arrive), the time to subscribe 100,000, and the time from a restart on that store to the
//! first answer.
//! Every feed is fetched every 60 s. Only 127.0.0.1 is contacted; CPU comes from /proc/PID/stat.

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

use daemon::{dir_bytes, mb, status_kb, until_ready, Daemon};
use prosody::{ComponentDef, Prosody};
use raw::{cpu_secs, RawComponent, SECRET};
use site::{atom, Feeds, ENTRIES};

/// Subscribers per feed.
const PER_FEED: usize = 10;
/// Seconds between two fetches of a feed.
const CYCLE_SECS: u64 = 60;
/// Feeds that get one new entry in the changed cycle, per 10,000.
const CHANGED_PER_10K: usize = 1_000;

/// The process's CPU seconds and the server's hits, now.
/// The PostgreSQL server's processes, when the store is on one.
static PG: std::sync::OnceLock<pgprocs::PgProcs> = std::sync::OnceLock::new();

/// CPU seconds of the PostgreSQL server so far (none without one).
fn pg_cpu() -> f64 {
    PG.get().map_or(0.0, pgprocs::PgProcs::cpu)
}

/// CPU seconds of feedpush and of its database server, if any.
fn cpu(pid: u32) -> f64 {
    cpu_secs(pid) + pg_cpu()
}

/// ", of which PostgreSQL N s" since `before` (nothing without a server).
fn of_which(before: f64) -> String {
    match PG.get() {
        Some(_) => format!(", of which PostgreSQL {:.2} s", pg_cpu() - before),
        None => String::new(),
    }
}

/// The PostgreSQL server's log, when the store is on one.
static PG_LOG: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Checkpoints the PostgreSQL server has begun so far (none without a server).
fn checkpoints() -> usize {
    PG_LOG.get().map_or(0, |log| {
        std::fs::read_to_string(log).map_or(0, |t| t.matches("checkpoint starting").count())
    })
}

/// ", N checkpoints" begun by the server since `before` (nothing without a server): after a
/// checkpoint begins, the first change of each page writes the page whole into the log, so
/// a cycle that holds the start of one costs more than one that does not.
fn checkpoints_since(before: usize) -> String {
    match PG_LOG.get() {
        Some(_) => format!(", {} checkpoints", checkpoints() - before),
        None => String::new(),
    }
}

/// The statements the server ran since the last reset, by total time (`pg_stat_statements`).
async fn print_statements(url: &str) {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let rows = client
        .query(
            "SELECT calls, total_exec_time, rows, shared_blks_dirtied, wal_bytes::bigint, \
             left(regexp_replace(query, '\\s+', ' ', 'g'), 110) \
             FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12",
            &[],
        )
        .await
        .unwrap();
    println!("  the changed cycle's statements by total time (calls, ms, µs each, rows, pages dirtied, WAL bytes):");
    for r in rows {
        let (calls, ms): (i64, f64) = (r.get(0), r.get(1));
        let (rows, dirtied): (i64, i64) = (r.get(2), r.get(3));
        let wal: i64 = r.get(4);
        println!(
            "  {calls:>7} {ms:>9.1} {:>7.0} {rows:>8} {dirtied:>7} {wal:>10}  {}",
            ms * 1e3 / calls.max(1) as f64,
            r.get::<_, String>(5)
        );
    }
}

fn mark(pid: u32, feeds: &Feeds) -> (f64, u64, Instant) {
    (cpu(pid), feeds.hits(), Instant::now())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_feeds: usize = args
        .iter()
        .position(|a| a == "--feeds")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // `[storage] cache_mb` for the daemon (its default when not given).
    let cache_mb: Option<usize> = args
        .iter()
        .position(|a| a == "--cache-mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok());
    // Unchanged cycles before the changed one (at least 2): the first pays for the store's
    // clean-up of the subscriptions; the last is the baseline of the changed cycle.
    let unchanged_cycles: usize = args
        .iter()
        .position(|a| a == "--unchanged-cycles")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
        .max(2);
    // JIDs that share the subscriptions (each feed keeps PER_FEED followers).
    let n_jids: usize = args
        .iter()
        .position(|a| a == "--jids")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(n_feeds)
        .clamp(PER_FEED, n_feeds * PER_FEED);
    let postgres = match args
        .iter()
        .position(|a| a == "--backend")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
    {
        None | Some("sled") => false,
        Some("postgres") => true,
        Some(other) => panic!("--backend sled|postgres, not {other}"),
    };
    let n_changed = (n_feeds * CHANGED_PER_10K / 10_000).max(1);
    let (bin, cpu_model) = raw::feedpush_and_cpu();
    println!(
        "# scale benchmark: {n_feeds} feeds × {PER_FEED} subscribers ({n_jids} JIDs, {} feeds each), {ENTRIES} entries (~{} bytes) per feed, every feed fetched every {CYCLE_SECS} s; {} cores, {cpu_model}; store: {}",
        n_feeds * PER_FEED / n_jids,
        atom(0, 1000).len(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        if postgres {
            "PostgreSQL (CPU counts the server's processes too)"
        } else {
            "sled"
        }
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
    let (feeds, webs) = site::start(n_feeds, &["127.0.0.1"]).await;
    let web = webs[0];

    let dir = tempfile::tempdir().unwrap();
    let statements = args.iter().any(|a| a == "--statements");
    let pg = postgres.then(|| match statements {
        true => pgserver::PgServer::start_with_settings(
            "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all",
        ),
        false => pgserver::PgServer::start(),
    });
    let mut stats_url = None;
    let (store, storage) = match &pg {
        None => {
            let store = dir.path().join("store");
            let section = format!(
                "[storage]\npath = \"{}\"\n{}",
                store.display(),
                cache_mb.map_or(String::new(), |mb| format!("cache_mb = {mb}\n"))
            );
            (store, section)
        }
        Some(server) => {
            let _ = PG.set(pgprocs::PgProcs::new(&server.data_dir()));
            let _ = PG_LOG.set(server.log());
            let url = server.database(dir.path());
            if statements {
                pgserver::execute(&url, "CREATE EXTENSION pg_stat_statements").unwrap();
                stats_url = Some(url.clone());
            }
            (
                server.data_dir(),
                format!("[storage]\nbackend = \"postgres\"\nurl = \"{url}\"\n"),
            )
        }
    };
    let disk_before = if pg.is_some() { dir_bytes(&store) } else { 0 };
    let mut toml = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"{}\"\nsecret = \"{SECRET}\"\n\
         {storage}\
         [fetch]\nallow_private_addresses = true\nmax_concurrent = 64\nmax_per_host = 64\nper_host_interval = \"0s\"\n\
         [poll]\nmin_interval = \"{CYCLE_SECS}s\"\ndefault_interval = \"{CYCLE_SECS}s\"\n\
         [access]\nmax_requests_per_minute = 1000000\nmax_domain_requests_per_minute = 1000000\n",
        prosody.component_addr(),
    );
    for i in 0..n_feeds {
        toml.push_str(&format!(
            "[[feeds]]\nnode = \"f{i}\"\nurl = \"http://{web}/f/{i}.xml\"\ninterval = \"{CYCLE_SECS}s\"\n"
        ));
    }
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, toml).unwrap();
    let sock_path = dir.path().join("notify.sock");
    let sock = tokio::net::UnixDatagram::bind(&sock_path).unwrap();

    // Import: start to READY=1 (every feed is in the store by then).
    let t0 = Instant::now();
    let mut daemon = Daemon::start(&bin, &cfg, &sock_path);
    let pid = daemon.pid();
    until_ready(&sock, &mut daemon, Duration::from_secs(600)).await;
    let import_wall = t0.elapsed().as_secs_f64();
    let import_cpu = cpu(pid);
    println!(
        "import: {import_wall:.2} s wall, {import_cpu:.2} s CPU{} for {n_feeds} new feeds; RSS {} (peak {})",
        of_which(0.0),
        mb(status_kb(pid, "VmRSS")),
        mb(status_kb(pid, "VmHWM"))
    );

    // The first fetch of every feed (spread over the first minute): 200, 20 entries stored.
    let (c0, _, w0) = mark(pid, &feeds);
    let p0 = pg_cpu();
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
        "first fetch of every feed: {:.1} s wall, {:.2} s CPU{} ({:.0} µs per feed); RSS {} (peak {})",
        w0.elapsed().as_secs_f64(),
        cpu(pid) - c0,
        of_which(p0),
        (cpu(pid) - c0) / n_feeds as f64 * 1e6,
        mb(status_kb(pid, "VmRSS")),
        mb(status_kb(pid, "VmHWM"))
    );

    // Subscribe: user k follows feeds k, k+stride, k+2·stride, … (per_user of them) so each
    // feed has PER_FEED followers: 10 each by default, every feed with `--jids 10`.
    let mut sink = RawComponent::connect(prosody.component_addr(), "sink.localhost").await;
    sink.wait_for_feedpush().await;
    let users = n_jids;
    let per_user = n_feeds * PER_FEED / n_jids;
    let stride = (n_feeds / per_user).max(1);
    let t = Instant::now();
    let (c, p) = (cpu(pid), pg_cpu());
    let mut batch = String::new();
    let mut sent = 0usize;
    for m in 0..per_user {
        for k in 0..users {
            let node = format!("f{}", (k + m * stride) % n_feeds);
            batch.push_str(&raw::subscribe_iq(
                &format!("u{k}@sink.localhost"),
                &node,
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
    sink.wait_count(b"subscription='subscribed'", sent, Duration::from_secs(600))
        .await;
    let sub_secs = t.elapsed().as_secs_f64();
    println!(
        "subscribe {sent} ({PER_FEED} per feed, {per_user} per JID): {sub_secs:.2} s ({:.0} µs each), {:.2} s CPU{}; RSS {} (peak {})",
        sub_secs / sent as f64 * 1e6,
        cpu(pid) - c,
        of_which(p),
        mb(status_kb(pid, "VmRSS")),
        mb(status_kb(pid, "VmHWM"))
    );

    // Two whole cycles of unchanged feeds: every poll is a 304. The first still carries the
    // store's clean-up of the subscribe burst (sled rewrites the pages it left behind); the
    // second is the steady cost, and the baseline of the changed cycle.
    let mut unchanged_cpu = 0.0;
    for cycle in 1..=unchanged_cycles {
        let round = match cycle {
            1 => "first".to_owned(),
            2 => "second".to_owned(),
            n => format!("cycle {n}"),
        };
        let (c0, h0, w0) = mark(pid, &feeds);
        let (p0, k0) = (pg_cpu(), checkpoints());
        let nm0 = feeds.not_modified.load(Relaxed);
        tokio::time::sleep(Duration::from_secs(CYCLE_SECS)).await;
        let (c1, h1, w1) = mark(pid, &feeds);
        let polls = h1 - h0;
        unchanged_cpu = c1 - c0;
        println!(
            "unchanged cycle ({round}): {polls} polls ({} of them 304) in {:.1} s: {unchanged_cpu:.2} s CPU{}{}, {:.0} µs per 304 poll; RSS {} (peak {})",
            feeds.not_modified.load(Relaxed) - nm0,
            (w1 - w0).as_secs_f64(),
            of_which(p0),
            checkpoints_since(k0),
            unchanged_cpu / polls.max(1) as f64 * 1e6,
            mb(status_kb(pid, "VmRSS")),
            mb(status_kb(pid, "VmHWM"))
        );
    }

    // A cycle in which n_changed feeds have one new entry: PER_FEED notifications each.
    let every = n_feeds / n_changed;
    for i in (0..n_feeds).step_by(every).take(n_changed) {
        feeds.newest[i].fetch_add(1, Relaxed);
    }
    let want = n_changed * PER_FEED;
    if let Some(url) = &stats_url {
        pgserver::execute(url, "SELECT pg_stat_statements_reset()").unwrap();
    }
    let (c0, h0, _) = mark(pid, &feeds);
    let (p0, k0) = (pg_cpu(), checkpoints());
    let t = Instant::now();
    let counting = tokio::spawn(async move {
        sink.wait_count(b"</message>", want, Duration::from_secs(CYCLE_SECS * 3))
            .await;
        sink
    });
    tokio::time::sleep(Duration::from_secs(CYCLE_SECS)).await;
    let (c1, h1, _) = mark(pid, &feeds);
    let sink = counting.await.unwrap();
    let all_in = t.elapsed().as_secs_f64();
    let changed_cpu = c1 - c0;
    println!(
        "changed cycle: {} polls, {n_changed} feeds with a new entry, {want} notifications all arrived (last after {all_in:.1} s): {changed_cpu:.2} s CPU{}{}, {:+.2} s against the unchanged cycle ({:.0} µs per notification)",
        h1 - h0,
        of_which(p0),
        checkpoints_since(k0),
        changed_cpu - unchanged_cpu,
        (changed_cpu - unchanged_cpu) / want as f64 * 1e6
    );
    if let Some(url) = &stats_url {
        print_statements(url).await;
    }
    println!(
        "resident memory: {} now, {} peak{}",
        mb(status_kb(pid, "VmRSS")),
        mb(status_kb(pid, "VmHWM")),
        PG.get().map_or(String::new(), |p| format!(
            "; PostgreSQL's processes {} (summed; shared buffers counted in each)",
            mb(p.rss_kb() as f64)
        ))
    );

    // The store on disk, after a clean stop (flushed).
    daemon.stop();
    let bytes = dir_bytes(&store).saturating_sub(disk_before);
    println!(
        "store: {:.1} MB, {:.1} KB per feed",
        bytes as f64 / 1e6,
        bytes as f64 / n_feeds as f64 / 1e3
    );

    // Restart on that store: spawn to the first answer.
    let mut sink = sink;
    let t = Instant::now();
    let daemon = Daemon::start(&bin, &cfg, &sock_path);
    sink.wait_for_feedpush().await;
    println!(
        "restart to first answer: {:.2} s; RSS {}",
        t.elapsed().as_secs_f64(),
        mb(status_kb(daemon.pid(), "VmRSS"))
    );
    drop(daemon);
    drop(prosody);
}
