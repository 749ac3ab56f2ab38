//! Fairness and politeness of the scheduler against real HTTP servers on two loopback addresses
//! (127.0.0.1 and 127.0.0.2: two hosts to the per-host limits, no setup needed on Linux): a
//! slow host never starves another one and never gets more than `max_per_host` requests at
//! once; requests to one host are spaced by `per_host_interval`; a 429 with Retry-After off
//! the wire holds its host (that it holds only its host is a paused-time test of
//! `poll::scheduler`).
//!
//! The scheduler runs in-process, as in `poller::scheduler_coalesces_and_keeps_one_fetch_per_host`
//! (no XMPP needed). The second host is a small server here that notes when each request
//! arrived: the harness's [`FeedServer`] binds 127.0.0.1 only and keeps no times.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use feedpush::config::Config;
use feedpush::poll::ingest::{Ingest, PollReport};
use feedpush::poll::scheduler::{Scheduler, SchedulerHandle};
use feedpush::store::Store;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::harness::feedserver::{FeedServer, Resource};
use crate::poller::rss;

/// The second host (the harness's FeedServer is the first, on 127.0.0.1).
const SECOND_HOST: &str = "127.0.0.2";
/// Upper bound of a whole test run (never a sleep: the runs end as soon as they saw enough).
const RUN_LIMIT: Duration = Duration::from_secs(60);
/// Upper bound of the scheduler's shutdown (its grace for in-flight polls is 3 s).
const STOP_LIMIT: Duration = Duration::from_secs(15);
/// Slack for when a request reaches the server versus when the scheduler started it.
const MARGIN: Duration = Duration::from_millis(200);

/// What the stamping server answers on one path.
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Answer {
    fn feed(body: String) -> Answer {
        Answer {
            status: 200,
            headers: Vec::new(),
            body,
        }
    }
}

#[derive(Default)]
struct Stamps {
    answers: HashMap<String, Answer>,
    /// (path, when the request arrived), in arrival order.
    log: Vec<(String, Instant)>,
}

/// A feed server on its own address that notes when each request arrived.
struct StampServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Stamps>>,
    task: tokio::task::JoinHandle<()>,
}

impl StampServer {
    async fn start(ip: &str, answers: &[(&str, Answer)]) -> StampServer {
        let listener = tokio::net::TcpListener::bind(format!("{ip}:0"))
            .await
            .unwrap_or_else(|e| panic!("bind {ip}: {e} (127.0.0.0/8 is loopback on Linux)"));
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Stamps {
            answers: answers
                .iter()
                .map(|(path, a)| (path.to_string(), a.clone()))
                .collect(),
            log: Vec::new(),
        }));
        let app = axum::Router::new()
            .fallback(stamp)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StampServer { addr, shared, task }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Every request so far: (path, arrival), in arrival order.
    fn log(&self) -> Vec<(String, Instant)> {
        self.shared.lock().unwrap().log.clone()
    }

    /// Arrivals of the requests to `path`.
    fn starts(&self, path: &str) -> Vec<Instant> {
        self.log()
            .into_iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| t)
            .collect()
    }
}

impl Drop for StampServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn stamp(State(shared): State<Arc<Mutex<Stamps>>>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let answer = {
        let mut s = shared.lock().unwrap();
        s.log.push((path.clone(), Instant::now()));
        s.answers.get(&path).cloned()
    };
    let Some(a) = answer else {
        let mut r = Response::new(Body::from("not found"));
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    };
    let mut resp = Response::new(Body::from(a.body));
    *resp.status_mut() = StatusCode::from_u16(a.status).unwrap();
    let h = resp.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/xml"));
    for (k, v) in a.headers {
        h.insert(
            HeaderName::from_static(k),
            HeaderValue::from_str(&v).unwrap(),
        );
    }
    resp
}

/// A config with `[fetch]` lines `fetch` (the harness's writers have their own `[fetch]`) and
/// the feeds (node, url), each polled every second.
fn config(dir: &Path, fetch: &str, feeds: &[(String, String)]) -> Arc<Config> {
    let mut text = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"s\"\n\
         [storage]\npath = \"{}\"\n\
         [fetch]\nallow_private_addresses = true\ntimeout = \"10s\"\n{fetch}\n\
         [poll]\nmin_interval = \"1s\"\n",
        dir.join("store").display()
    );
    for (node, url) in feeds {
        text.push_str(&format!(
            "[[feeds]]\nnode = \"{node}\"\nurl = \"{url}\"\ninterval = \"1s\"\n"
        ));
    }
    Arc::new(Config::parse(&dir.join("feeds.toml"), &text).expect("test config"))
}

/// A scheduler running in-process, its reports in `reports`.
struct Running {
    reports: mpsc::Receiver<PollReport>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    _handle: SchedulerHandle,
}

impl Running {
    fn start(cfg: Arc<Config>) -> Running {
        let store: Arc<dyn Store> =
            feedpush::store::open(&cfg.storage.path, feedpush::config::DEFAULT_CACHE_MB).unwrap();
        let ingest = Ingest::new(cfg, store).unwrap();
        ingest.sync_config_feeds().unwrap();
        let (tx, reports) = mpsc::channel(64);
        let (scheduler, handle) = Scheduler::new(Arc::new(ingest), tx);
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(scheduler.run(shutdown.clone()));
        Running {
            reports,
            shutdown,
            task,
            _handle: handle,
        }
    }

    async fn next(&mut self) -> PollReport {
        self.reports.recv().await.expect("the scheduler runs")
    }

    async fn stop(self) {
        // Nobody reads reports any more: polls finishing now must not wait on the channel.
        drop(self.reports);
        self.shutdown.cancel();
        tokio::time::timeout(STOP_LIMIT, self.task)
            .await
            .expect("the scheduler stops within its grace")
            .expect("the scheduler task did not panic");
    }
}

/// Feeds behind the slow host, each answering after [`SLOW_DELAY`].
const SLOW_FEEDS: usize = 30;
const SLOW_DELAY: Duration = Duration::from_secs(3);
const MAX_PER_HOST: usize = 2;
const MAX_CONCURRENT: usize = 4;
/// Polls of the fast feed to watch.
const FAST_POLLS: usize = 8;
/// The fast feed is due every second (±10 % jitter): a gap this long means it was kept waiting.
const MAX_FAST_GAP: Duration = Duration::from_millis(2500);

#[tokio::test]
async fn a_slow_host_never_starves_another() {
    crate::harness::init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let slow = FeedServer::start().await;
    let mut feeds = Vec::new();
    let mut slow_paths = Vec::new();
    for i in 0..SLOW_FEEDS {
        let path = format!("/slow{i}");
        let guid = format!("s{i}");
        slow.set(
            &path,
            Resource {
                delay: SLOW_DELAY,
                ..Resource::feed(rss(&[(guid.as_str(), "S")]))
            },
        );
        feeds.push((format!("slow{i}"), slow.url(&path)));
        slow_paths.push(path);
    }
    let fast =
        StampServer::start(SECOND_HOST, &[("/fast", Answer::feed(rss(&[("f", "F")])))]).await;
    feeds.push(("fast".to_owned(), fast.url("/fast")));
    let cfg = config(
        dir.path(),
        &format!(
            "max_concurrent = {MAX_CONCURRENT}\nmax_per_host = {MAX_PER_HOST}\nper_host_interval = \"100ms\"\n"
        ),
        &feeds,
    );
    let mut run = Running::start(cfg);

    // Requests the slow host received but whose poll has not reported back: in flight.
    let slow_hits = || slow_paths.iter().map(|p| slow.hits(p)).sum::<usize>();
    let mut slow_reports = 0;
    let mut fast_reports = 0;
    // Fast polls that reported while the slow host had nothing in flight (the load was off).
    let mut unloaded = Vec::new();
    let watched = tokio::time::timeout(RUN_LIMIT, async {
        while fast_reports < FAST_POLLS {
            let r = run.next().await;
            if r.node == "fast" {
                assert_eq!(r.status, "200", "fast feed: {:?}", r.error);
                fast_reports += 1;
                // The very first poll may come before any slow one started (start-up spread).
                if fast_reports > 1 && slow_hits() <= slow_reports {
                    unloaded.push(fast_reports);
                }
            } else {
                slow_reports += 1;
            }
        }
    })
    .await;
    let starts = fast.starts("/fast");
    let gaps: Vec<Duration> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    run.stop().await;

    assert!(
        watched.is_ok(),
        "the fast host was starved: {fast_reports} polls in {RUN_LIMIT:?}, gaps {gaps:?}"
    );
    assert!(
        gaps.iter().all(|g| *g < MAX_FAST_GAP),
        "the fast feed waited behind the slow host: gaps {gaps:?}"
    );
    assert!(
        unloaded.is_empty(),
        "the slow host was idle during fast polls {unloaded:?}: the test did not load it"
    );
    assert_eq!(
        slow.max_in_flight(),
        MAX_PER_HOST,
        "the slow host gets up to max_per_host requests at once, never more"
    );
}

/// Seconds of the Retry-After the held host sends.
const RETRY_AFTER: Duration = Duration::from_secs(3);
/// `[fetch] per_host_interval` of the Retry-After test.
const HOST_GAP: Duration = Duration::from_millis(500);

/// What needs the wire: a 429 with a Retry-After header, parsed from a real HTTP answer, holds
/// the feeds of its host (the other feed of that host included) for at least that long; the
/// host is asked again afterwards. Only lower bounds on time here, and one generous upper
/// bound on the whole run: that the hold covers its whole host and only it, to the
/// millisecond, is `poll::scheduler`'s paused-time test
/// `retry_after_holds_its_whole_host_and_only_it` (this test once counted polls of another
/// host within the hold, and failed on a busy machine).
#[tokio::test]
async fn retry_after_is_honoured_on_the_wire() {
    crate::harness::init_tracing();
    let dir = tempfile::tempdir().unwrap();
    // The held host: one feed answers 429 with Retry-After, one answers normally.
    let held = StampServer::start(
        SECOND_HOST,
        &[
            (
                "/busy",
                Answer {
                    status: 429,
                    headers: vec![("retry-after", RETRY_AFTER.as_secs().to_string())],
                    body: String::new(),
                },
            ),
            ("/calm", Answer::feed(rss(&[("c", "C")]))),
        ],
    )
    .await;
    let feeds = [
        ("busy".to_owned(), held.url("/busy")),
        ("calm".to_owned(), held.url("/calm")),
    ];
    let cfg = config(
        dir.path(),
        &format!("per_host_interval = \"{}ms\"\n", HOST_GAP.as_millis()),
        &feeds,
    );
    let mut run = Running::start(cfg);

    // Until the held host was asked again after the first 429.
    let mut busy_report = None;
    let watched = tokio::time::timeout(RUN_LIMIT, async {
        loop {
            let r = run.next().await;
            if r.node == "busy" && busy_report.is_none() {
                busy_report = Some(r);
            }
            let log = held.log();
            let first_429 = log.iter().position(|(p, _)| p == "/busy");
            if first_429.is_some_and(|i| i + 1 < log.len()) {
                break;
            }
        }
    })
    .await;
    let log = held.log();
    run.stop().await;
    assert!(
        watched.is_ok(),
        "the held host was never asked again within {RUN_LIMIT:?}: {log:?}"
    );

    // The 429 and its Retry-After, as parsed from the answer.
    let busy = busy_report.expect("busy polled");
    assert_eq!(busy.status, "429", "{:?}", busy.error);
    assert_eq!(busy.retry_after, Some(RETRY_AFTER));
    // Nothing on that host before Retry-After: the calm feed, due every second, waited for
    // the hold and came first after it.
    let i = log.iter().position(|(p, _)| p == "/busy").unwrap();
    assert_eq!(log[i + 1].0, "/calm", "{log:?}");
    let gap = log[i + 1].1 - log[i].1;
    assert!(
        gap + MARGIN >= RETRY_AFTER,
        "{} started {gap:?} after a 429 with Retry-After {RETRY_AFTER:?}",
        log[i + 1].0
    );
    // Spacing: two requests to one host never start closer than per_host_interval.
    for w in log.windows(2) {
        let gap = w[1].1 - w[0].1;
        assert!(
            gap + MARGIN >= HOST_GAP,
            "{} then {} only {gap:?} apart",
            w[0].0,
            w[1].0
        );
    }
}
