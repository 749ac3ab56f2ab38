//! The HTTP side while the daemon waits for its store at start (a database that does not
//! answer yet): the port is already bound, and every request is answered `503` with
//! `Retry-After`; `GET /healthz` says why (on a loopback listener; elsewhere without the
//! database's address). The real API takes the same socket over once the store is open.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::conns;

/// Connections the waiting side keeps open at most.
const WAITING_CONNECTIONS: usize = 64;
/// The `Retry-After` of its answers, seconds.
const RETRY_AFTER_SECS: &str = "5";

#[derive(Clone)]
struct Waiting {
    /// Why the daemon is not ready.
    reason: watch::Receiver<String>,
    /// Whether the reason may be shown (a loopback listener is the operator's own).
    shown: bool,
}

/// Answer on a copy of `listener` until `stop`, saying `reason` (kept current by the caller).
/// The listener itself stays open for the real API.
pub async fn serve(
    listener: &tokio::net::TcpListener,
    reason: watch::Receiver<String>,
    per_ip: usize,
    stop: CancellationToken,
) -> std::io::Result<()> {
    let shown = listener.local_addr()?.ip().is_loopback();
    // A second descriptor of the same socket: dropped when this side stops, while the
    // caller's goes on accepting.
    let copy = std::os::fd::AsFd::as_fd(listener).try_clone_to_owned()?;
    let copy = std::net::TcpListener::from(copy);
    copy.set_nonblocking(true)?;
    let copy = tokio::net::TcpListener::from_std(copy)?;
    let app = Router::new()
        .route("/healthz", get(healthz))
        .fallback(unavailable)
        .with_state(Waiting { reason, shown });
    let caps = conns::Caps {
        total: WAITING_CONNECTIONS,
        per_ip: per_ip.clamp(1, WAITING_CONNECTIONS),
    };
    conns::run(copy, app, caps, stop).await;
    Ok(())
}

/// `GET /healthz` while waiting.
async fn healthz(State(w): State<Waiting>) -> Response {
    let reason = if w.shown {
        w.reason.borrow().clone()
    } else {
        "waiting for the store".to_owned()
    };
    let body = serde_json::json!({
        "status": "starting",
        "store": { "ok": false, "writable": false, "error": reason },
    });
    with_retry((StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response())
}

/// Everything else while waiting.
async fn unavailable() -> Response {
    let body = serde_json::json!({
        "error": "starting",
        "message": "feedpush is starting and waits for its store; try again shortly",
    });
    with_retry((StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response())
}

fn with_retry(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECS),
    );
    r
}
