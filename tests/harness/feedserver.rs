//! A real HTTP server (axum on 127.0.0.1:0) serving feed files that a test changes between polls.
//!
//! Each path has a [`Resource`]: body, status, extra headers, a delay before answering, and
//! optionally a slow drip of the body. ETag and Last-Modified are derived from the body (and
//! honoured on If-None-Match / If-Modified-Since) unless the resource turns them off. Every
//! request is counted per path, with its request headers kept for assertions.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// What one path answers.
#[derive(Clone, Debug)]
pub struct Resource {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    /// Wait this long before sending the response head.
    pub delay: Duration,
    /// Send the body in chunks of this many bytes, waiting this long between chunks.
    pub drip: Option<(usize, Duration)>,
    /// Send ETag / Last-Modified and answer 304 to matching validators.
    pub validators: bool,
    /// Last-Modified value (HTTP date); bumped by [`FeedServer::set_body`].
    pub last_modified: String,
}

impl Resource {
    pub fn feed(body: impl Into<Vec<u8>>) -> Resource {
        Resource {
            status: 200,
            body: body.into(),
            content_type: "application/xml".into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
            drip: None,
            validators: true,
            last_modified: http_date(std::time::SystemTime::now()),
        }
    }

    pub fn status(status: u16) -> Resource {
        Resource {
            status,
            validators: false,
            ..Resource::feed(Vec::new())
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Resource {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn etag(&self) -> String {
        let h = Sha256::digest(&self.body);
        format!("\"{}\"", hex::encode(&h[..8]))
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub headers: HeaderMap,
    pub status: u16,
    /// When it came.
    pub at: std::time::Instant,
}

#[derive(Default)]
struct Shared {
    resources: HashMap<String, Resource>,
    seen: Vec<Seen>,
    in_flight: usize,
    max_in_flight: usize,
    /// Woken on every recorded request.
    recorded: Arc<tokio::sync::Notify>,
}

/// Counts a request as in flight until dropped (when its response head is ready).
struct InFlight(Arc<Mutex<Shared>>);

impl InFlight {
    fn new(shared: &Arc<Mutex<Shared>>) -> InFlight {
        let mut s = shared.lock().unwrap();
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        InFlight(shared.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.lock().unwrap().in_flight -= 1;
    }
}

/// The running server; stops when dropped.
pub struct FeedServer {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl FeedServer {
    /// Serve on a fresh 127.0.0.1 port (the bound listener is passed in: no port hunting).
    pub async fn start() -> FeedServer {
        FeedServer::start_on("127.0.0.1").await
    }

    /// Serve on a fresh port of `ip`, a loopback address (127.0.0.2 is another web host
    /// than 127.0.0.1 to a fetcher).
    pub async fn start_on(ip: &str) -> FeedServer {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = axum::Router::new()
            .fallback(serve)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FeedServer { addr, shared, task }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn set(&self, path: &str, resource: Resource) {
        self.shared
            .lock()
            .unwrap()
            .resources
            .insert(path.into(), resource);
    }

    /// Replace a path's body, keeping its other settings, and bump Last-Modified.
    pub fn set_body(&self, path: &str, body: impl Into<Vec<u8>>) {
        let mut s = self.shared.lock().unwrap();
        let r = s
            .resources
            .entry(path.into())
            .or_insert_with(|| Resource::feed(Vec::new()));
        r.body = body.into();
        r.last_modified = http_date(std::time::SystemTime::now() + Duration::from_secs(1));
    }

    /// Number of requests to `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.shared
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|s| s.path == path)
            .count()
    }

    /// Wait until `path` was requested `n` times, at most `within` (then panic).
    pub async fn wait_hits(&self, path: &str, n: usize, within: Duration) {
        let recorded = self.shared.lock().unwrap().recorded.clone();
        let wait = async {
            loop {
                // Registered before the count is read, so no request slips in between.
                let next = recorded.notified();
                tokio::pin!(next);
                next.as_mut().enable();
                if self.hits(path) >= n {
                    return;
                }
                next.await;
            }
        };
        if tokio::time::timeout(within, wait).await.is_err() {
            panic!(
                "{path} requested {} times, not {n}, within {within:?}",
                self.hits(path)
            );
        }
    }

    /// The most requests that were ever being answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared.lock().unwrap().max_in_flight
    }

    /// Every request so far.
    pub fn all_seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }

    /// Requests to `path` so far.
    pub fn seen(&self, path: &str) -> Vec<Seen> {
        self.shared
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn http_date(t: std::time::SystemTime) -> String {
    httpdate(t)
}

/// RFC 7231 IMF-fixdate without another dependency.
fn httpdate(t: std::time::SystemTime) -> String {
    let dt: chrono::DateTime<chrono::Utc> = t.into();
    dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn serve(State(shared): State<Arc<Mutex<Shared>>>, req: Request) -> Response {
    let _in_flight = InFlight::new(&shared);
    let path = req.uri().path().to_owned();
    let resource = shared.lock().unwrap().resources.get(&path).cloned();
    let Some(r) = resource else {
        record(&shared, &path, req.headers(), 404);
        return plain(StatusCode::NOT_FOUND, Body::from("not found"));
    };
    let not_modified = r.validators && r.status == 200 && {
        let inm = req
            .headers()
            .get("if-none-match")
            .and_then(|v| v.to_str().ok());
        let ims = req
            .headers()
            .get("if-modified-since")
            .and_then(|v| v.to_str().ok());
        match (inm, ims) {
            (Some(tag), _) => tag == r.etag(),
            (None, Some(date)) => date == r.last_modified,
            (None, None) => false,
        }
    };
    let status = if not_modified { 304 } else { r.status };
    record(&shared, &path, req.headers(), status);
    if !r.delay.is_zero() {
        tokio::time::sleep(r.delay).await;
    }
    let body = if not_modified {
        Body::empty()
    } else if let Some((chunk, every)) = r.drip {
        let chunks: Vec<Vec<u8>> = r.body.chunks(chunk.max(1)).map(|c| c.to_vec()).collect();
        let stream = futures::stream::iter(chunks).then(move |c| async move {
            tokio::time::sleep(every).await;
            Ok::<_, std::io::Error>(c)
        });
        Body::from_stream(stream)
    } else {
        Body::from(r.body.clone())
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    let h = resp.headers_mut();
    if !not_modified {
        h.insert(
            "content-type",
            HeaderValue::from_str(&r.content_type).unwrap(),
        );
    }
    if r.validators {
        h.insert("etag", HeaderValue::from_str(&r.etag()).unwrap());
        h.insert(
            "last-modified",
            HeaderValue::from_str(&r.last_modified).unwrap(),
        );
    }
    for (k, v) in &r.headers {
        h.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    resp
}

use futures::StreamExt;

fn plain(status: StatusCode, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    r
}

fn record(shared: &Arc<Mutex<Shared>>, path: &str, headers: &HeaderMap, status: u16) {
    let mut s = shared.lock().unwrap();
    s.seen.push(Seen {
        path: path.into(),
        headers: headers.clone(),
        status,
        at: std::time::Instant::now(),
    });
    s.recorded.notify_waiters();
}
