//! The operators' endpoints: `GET /healthz` (JSON with the link, store and scheduler states;
//! `200` when all are fine, `503` otherwise) and `GET /metrics` (Prometheus text). Open on a
//! loopback listener; on any other address they take a token for every node (`nodes = ["*"]`).

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::oneshot;

use super::{auth, Api, ApiError, Call};
use crate::config::Scope;

/// How long the store's write probe may take before the store counts as not writable.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the store's counts (a scan of every feed) serve scrapes before they are read again.
pub const STATS_TTL: Duration = Duration::from_secs(5);

static STATS: std::sync::Mutex<Option<(std::time::Instant, crate::model::Stats)>> =
    std::sync::Mutex::new(None);

/// The store's counts, read at most every [`STATS_TTL`] however often scrapes come.
async fn stats(api: &Api) -> Result<crate::model::Stats, ApiError> {
    {
        let cached = STATS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, s)) = cached.as_ref().filter(|(at, _)| at.elapsed() < STATS_TTL) {
            let _ = at;
            return Ok(s.clone());
        }
    }
    let fresh = api
        .read(|st, _| st.stats())
        .await
        .map_err(|e| ApiError::unavailable(e.to_string()))?;
    *STATS.lock().unwrap_or_else(|p| p.into_inner()) =
        Some((std::time::Instant::now(), fresh.clone()));
    Ok(fresh)
}

/// [`stats`], or the last counts read (none before the first) when the store does not answer.
async fn stats_or_last(api: &Api) -> crate::model::Stats {
    match stats(api).await {
        Ok(s) => s,
        Err(_) => STATS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(_, s)| s.clone())
            .unwrap_or_default(),
    }
}

/// Loopback listeners are the operator's own; elsewhere an all-nodes token is needed.
pub(super) fn operator_only(api: &Api, headers: &HeaderMap) -> Result<(), ApiError> {
    let loopback = api
        .inner
        .cfg
        .get()
        .http
        .listen
        .is_some_and(|a| a.ip().is_loopback());
    if loopback {
        return Ok(());
    }
    let t = auth::token(api, headers)?;
    if t.nodes != Scope::All {
        return Err(ApiError::forbidden(
            "operator pages take a token for every node (nodes = [\"*\"])",
        ));
    }
    Ok(())
}

/// `GET /healthz`.
pub(super) async fn healthz(
    State(api): State<Api>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    operator_only(&api, &headers)?;
    let (up, for_) = api.inner.link.get();
    // Down for longer than a keepalive window is more than a reconnect in progress.
    let link_ok = up || for_ <= api.inner.cfg.get().component.keepalive;
    let (tx, rx) = oneshot::channel();
    // Never queued behind a full request queue: that is an answer in itself.
    let store = match api.inner.calls.try_send(Call::Probe { reply: tx }) {
        Err(tokio::sync::mpsc::error::TrySendError::Full(_)) => {
            Err("the request queue is full".to_owned())
        }
        Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) => {
            Err("the service is stopping".to_owned())
        }
        Ok(()) => match tokio::time::timeout(PROBE_TIMEOUT, rx).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(e))) => Err(e.to_string()),
            Ok(Err(_)) => Err("the service is stopping".to_owned()),
            Err(_) => Err(format!(
                "a write was not on disk within {}s",
                PROBE_TIMEOUT.as_secs()
            )),
        },
    };
    // With the store out of reach the counts are the last ones read: the answer is about
    // the store's failure, not a failure itself.
    let stats = stats_or_last(&api).await;
    let healthy = link_ok && store.is_ok();
    let cluster = api.cluster();
    // An instance whose feeds.toml is not the cluster's works, but not as the operator
    // thinks: degraded (still 200).
    // Nor does one whose leases were not renewed for a lease: it holds nothing.
    let degraded = cluster
        .as_ref()
        .is_some_and(|v| v.config_differs() || v.stale());
    let mut body = serde_json::json!({
        "status": match (healthy, degraded) {
            (false, _) => "unhealthy",
            (true, true) => "degraded",
            (true, false) => "ok",
        },
        "link": {
            "ok": link_ok,
            "connected": up,
            "for_secs": for_.as_secs(),
            "server": api.inner.cfg.get().component.server,
        },
        "store": {
            "ok": store.is_ok(),
            "writable": store.is_ok(),
            "error": store.err(),
            "outbox_pending": stats.outbox_pending,
        },
        "scheduler": {
            "ok": true,
            "feeds": stats.feeds_by_health.iter().cloned().collect::<std::collections::BTreeMap<_, _>>(),
            "subscriptions": stats.subscriptions,
        },
    });
    if let Some(view) = cluster {
        body["cluster"] = cluster_json(&view);
    }
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Ok((status, Json(body)).into_response())
}

/// The cluster part of `/healthz`: this instance, the live ones, whether the configurations
/// agree (with both hashes).
fn cluster_json(view: &crate::cluster::View) -> serde_json::Value {
    let (running, by) = view.running.clone().unzip();
    serde_json::json!({
        "instance": view.me,
        // Leases renewed within one: this instance does its share of the work.
        "renewed": !view.stale(),
        "live": view.members.iter().filter(|m| m.live).map(|m| m.name.as_str()).collect::<Vec<_>>(),
        "config": {
            "ok": !view.config_differs(),
            "mine": view.mine,
            "cluster": running,
            "loaded_by": by,
        },
    })
}

/// `GET /metrics`.
pub(super) async fn metrics(
    State(api): State<Api>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    operator_only(&api, &headers)?;
    let stats = stats_or_last(&api).await;
    let gauges = crate::telemetry::Gauges {
        outbox_pending: stats.outbox_pending,
        subscriptions: stats.subscriptions,
        feeds_by_health: stats.feeds_by_health,
        connected: api.inner.link.get().0,
        presence: api.inner.service.presence_entries() as u64,
    };
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::telemetry::render(&gauges),
    )
        .into_response())
}
