//! The HTTP side (axum, the only axum user): the publish API under `/v1` for web applications
//! and scripts with a bearer token, Atom out for ordinary feed readers, and the OpenAPI
//! document generated from the handlers' types (utoipa).
//!
//! It talks to the core through the same typed API as the XMPP side, never to the store's
//! database: reads go through [`State`] on the blocking pool, and writes are [`Call`]s to the
//! request task ([`crate::service`]), which runs them through
//! [`crate::xmpp::pubsub::Service::publish`] and [`crate::xmpp::pubsub::Service::retract`]
//! (the core it owns), applies their changes and answers once they are on disk. A pushed
//! entry is converted here, on the blocking pool, like a polled one.
//!
//! One file per concern: `auth.rs` (bearer tokens, scopes, per-token budgets), `error.rs` (the
//! JSON error body and its statuses), `items.rs` (the `/v1` handlers and their types),
//! `atom.rs` (Atom out with validators), `openapi.rs` (the generated document), `ops.rs` (the
//! operators' `/healthz` and `/metrics`), `status.rs` (the status page) with `chart.rs` (its
//! charts), `admin.rs` (the admin
//! API behind `feedpush feeds|subscribers|opml`), `conns.rs` (the accept loop: connection caps
//! and timeouts), `starting.rs` (the answers while the daemon waits for its store at start).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::config::{Config, Swap};
use crate::model::Entry;
use crate::normalize::single::{self, Draft, EntryError};
use crate::ratelimit::TokenLimits;
use crate::service::{Call, CallError};
use crate::xmpp::pubsub::{Shared, State};

pub mod admin;
pub mod atom;
pub mod auth;
mod chart;
pub mod conns;
pub mod error;
pub mod items;
pub mod openapi;
pub mod ops;
pub mod starting;
pub mod status;

pub use error::ApiError;
pub use openapi::ApiDoc;

/// `s` as one URL path segment (node ids and item ids in links and requests).
pub fn url_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// Calls queued for the request task at most.
pub const CALL_QUEUE: usize = 256;

/// Why the HTTP side could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr}: {source}")]
pub struct ListenError {
    /// The address.
    pub addr: SocketAddr,
    /// What the system said.
    pub source: std::io::Error,
}

/// An entry as the publisher sent it.
#[derive(Debug)]
pub enum Submission {
    /// One Atom `<entry/>` document; its `<id>` is the item id unless one is given.
    Atom(axum::body::Bytes),
    /// The JSON API's fields.
    Draft(Box<Draft>),
}

impl Submission {
    /// Convert it like a polled entry; the item id it implies (the Atom entry's own).
    pub fn into_entry(self, base: &url::Url) -> Result<(Entry, Option<String>), EntryError> {
        match self {
            Submission::Atom(b) => {
                let e = single::atom_entry(&b, base)?;
                let id = Some(e.id.clone());
                Ok((e, id))
            }
            Submission::Draft(d) => Ok((single::draft_entry(&d, base)?, None)),
        }
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct Api {
    inner: Arc<Inner>,
}

struct Inner {
    cfg: Swap<Config>,
    service: Arc<Shared>,
    state: Arc<dyn State + Send + Sync>,
    calls: mpsc::Sender<Call>,
    limits: Swap<TokenLimits>,
    link: LinkState,
    /// The cluster as this instance sees it (one of several on one database).
    cluster: Option<watch::Receiver<crate::cluster::View>>,
}

/// Whether the component link is up, and since when (for `/healthz` and the metrics).
#[derive(Clone)]
pub struct LinkState(Arc<std::sync::Mutex<(bool, std::time::Instant)>>);

impl LinkState {
    /// Down, since now.
    pub fn new() -> LinkState {
        LinkState(Arc::new(std::sync::Mutex::new((
            false,
            std::time::Instant::now(),
        ))))
    }

    /// The link went up or down.
    pub fn set(&self, up: bool) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if s.0 != up {
            *s = (up, std::time::Instant::now());
        }
    }

    /// Up or down, and for how long.
    pub fn get(&self) -> (bool, std::time::Duration) {
        let s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        (s.0, s.1.elapsed())
    }
}

impl Default for LinkState {
    fn default() -> Self {
        LinkState::new()
    }
}

impl Api {
    /// The API over `state` (reads) and `calls` (writes, to the request task).
    pub fn new(
        cfg: Arc<Config>,
        service: Arc<Shared>,
        state: Arc<dyn State + Send + Sync>,
        calls: mpsc::Sender<Call>,
    ) -> Api {
        Api {
            inner: Arc::new(Inner {
                limits: Swap::new(TokenLimits::new(cfg.http.max_requests_per_minute)),
                cfg: Swap::from_arc(cfg),
                service,
                state,
                calls,
                link: LinkState::new(),
                cluster: None,
            }),
        }
    }

    /// The same, with the link's state kept by the daemon.
    pub fn with_link(self, link: LinkState) -> Api {
        self.changed(|inner| inner.link = link)
    }

    /// The same, showing the cluster (one of several instances on one database).
    pub fn with_cluster(self, view: Option<watch::Receiver<crate::cluster::View>>) -> Api {
        self.changed(|inner| inner.cluster = view)
    }

    fn changed(self, change: impl FnOnce(&mut Inner)) -> Api {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            cfg: Swap::from_arc(shared.cfg.get()),
            service: shared.service.clone(),
            state: shared.state.clone(),
            calls: shared.calls.clone(),
            limits: Swap::from_arc(shared.limits.get()),
            link: shared.link.clone(),
            cluster: shared.cluster.clone(),
        });
        change(&mut inner);
        Api {
            inner: Arc::new(inner),
        }
    }

    /// The cluster as last seen, when this instance is one of several.
    fn cluster(&self) -> Option<crate::cluster::View> {
        self.inner.cluster.as_ref().map(|v| v.borrow().clone())
    }

    /// Serve with `cfg` from now on (a reload): tokens, scopes, body and rate limits. Token
    /// budgets start anew only when the rate changed.
    pub fn reconfigure(&self, cfg: Arc<Config>) {
        if self.inner.cfg.get().http.max_requests_per_minute != cfg.http.max_requests_per_minute {
            self.inner
                .limits
                .set(Arc::new(TokenLimits::new(cfg.http.max_requests_per_minute)));
        }
        self.inner.cfg.set(cfg);
    }

    /// Hand a call made by `make` to the request task and wait for its answer.
    async fn call<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, CallError>>) -> Call,
    ) -> Result<T, ApiError> {
        let (tx, rx) = oneshot::channel();
        self.inner
            .calls
            .send(make(tx))
            .await
            .map_err(|_| ApiError::unavailable("the service is stopping"))?;
        rx.await
            .map_err(|_| ApiError::unavailable("the service is stopping"))?
            .map_err(ApiError::from)
    }

    /// A request body of at most `[http] max_request_bytes` (413 beyond), in at most
    /// [`conns::BODY_READ_TIMEOUT`] (408 beyond).
    async fn read_body(&self, body: axum::body::Body) -> Result<axum::body::Bytes, ApiError> {
        let max = self.inner.cfg.get().http.max_request_bytes;
        match tokio::time::timeout(conns::BODY_READ_TIMEOUT, axum::body::to_bytes(body, max)).await
        {
            Ok(Ok(b)) => Ok(b),
            Ok(Err(_)) => Err(ApiError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                format!("the body is over {max} bytes"),
            )),
            Err(_) => Err(ApiError::new(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!(
                    "the body did not arrive within {} s",
                    conns::BODY_READ_TIMEOUT.as_secs()
                ),
            )),
        }
    }

    /// Read the state on the blocking pool.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn State, &Shared) -> T + Send + 'static,
    ) -> T {
        let inner = self.inner.clone();
        crate::blocking::run(move || f(&*inner.state, &inner.service)).await
    }
}

/// The routes (also what the tests serve).
pub fn router(api: Api) -> Router {
    let max = api.inner.cfg.get().http.max_request_bytes;
    Router::new()
        .route("/v1/nodes", get(items::nodes))
        .route(
            "/v1/nodes/{node}/items",
            get(items::list).post(items::publish),
        )
        .route(
            "/v1/nodes/{node}/items/{id}",
            get(items::one).delete(items::retract),
        )
        .route("/v1/nodes/{node}/atom", get(atom::feed))
        .route("/v1/openapi.json", get(openapi::document))
        .route("/v1/admin/feeds", get(admin::feeds).post(admin::add))
        .route(
            "/v1/admin/feeds/{node}",
            axum::routing::delete(admin::remove),
        )
        .route(
            "/v1/admin/feeds/{node}/refresh",
            axum::routing::post(admin::refresh),
        )
        .route(
            "/v1/admin/nodes/{node}/subscribers",
            get(admin::subscribers),
        )
        .route("/v1/admin/opml", get(admin::export).post(admin::import))
        .route("/", get(status::page))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        // Bodies are read by the handlers up to this bound (413 beyond, as JSON).
        .layer(axum::extract::DefaultBodyLimit::max(max))
        .with_state(api)
}

/// Bind `[http] listen`: done before anything else starts, so a taken port fails the start.
pub async fn bind(cfg: &Config) -> Result<Option<tokio::net::TcpListener>, ListenError> {
    let Some(addr) = cfg.http.listen else {
        return Ok(None);
    };
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok(Some(l)),
        Err(source) => Err(ListenError { addr, source }),
    }
}

/// Serve until `stop`, under the connection caps and timeouts of [`conns`].
pub async fn serve(listener: tokio::net::TcpListener, api: Api, stop: CancellationToken) {
    // The bound address (a value, never `Some(…)`), or why it is unknown.
    let addr = listener
        .local_addr()
        .map_or_else(|e| format!("unknown ({e})"), |a| a.to_string());
    status::started();
    let cfg = api.inner.cfg.get();
    let files = conns::file_limit();
    let (total, lowered) =
        conns::connection_cap(cfg.http.max_connections, files, cfg.fetch.max_concurrent);
    if lowered {
        warn!(
            configured = cfg.http.max_connections,
            max_connections = total,
            file_limit = files,
            "[http] max_connections is more than the open-file limit leaves; lowered"
        );
    }
    let caps = conns::Caps {
        total,
        per_ip: cfg.http.max_connections_per_ip,
    };
    info!(addr = %addr, tokens = cfg.http.tokens.len(), max_connections = caps.total,
        max_connections_per_ip = caps.per_ip, file_limit = files, "HTTP API listening");
    conns::run(listener, router(api), caps, stop).await;
}
