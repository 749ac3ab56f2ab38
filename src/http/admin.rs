//! The admin API under `/v1/admin` (what `feedpush feeds|subscribers|opml` talk to): list,
//! add, remove and refresh feeds, list a node's subscribers, export and import OPML. Every
//! endpoint takes a token for every node (`nodes = ["*"]`), on any listener. Reads go through
//! [`State`](crate::xmpp::pubsub::State) on the blocking pool; changes are [`Call`]s to the
//! request task, answered once they are on disk.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{auth, Api, ApiError, Call};
use crate::config::{Scope, TokenConfig};
use crate::feedlist::{self, ListedFeed};
use crate::model::FeedState;
use crate::xmpp::pubsub::{AddOutcome, NewFeed};

/// The admin token `headers` carry (one with `nodes = ["*"]`).
fn admin(api: &Api, headers: &HeaderMap) -> Result<TokenConfig, ApiError> {
    let t = auth::token(api, headers)?;
    if t.nodes != Scope::All {
        return Err(ApiError::forbidden(format!(
            "token {:?} is not an admin token: the admin API takes a token for every node (nodes = [\"*\"])",
            t.name
        )));
    }
    Ok(t)
}

fn rfc3339(ms: Option<i64>) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms?)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// One feed or node, as operators see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedOut {
    /// The node id.
    pub node: String,
    /// Its title.
    pub title: Option<String>,
    /// The URL fetched (empty for push nodes).
    pub url: String,
    /// Who brought it in: `config`, `push`, `operator`, `user`, `created`.
    pub origin: String,
    /// `new`, `ok`, `transient`, `permanent`, `gone`, `removed`.
    pub health: String,
    /// The last fetch (RFC 3339).
    pub last_fetch: Option<String>,
    /// The next fetch (RFC 3339).
    pub next_fetch: Option<String>,
    /// The last fetch's outcome: `200`, `304`, `timeout`, …
    pub last_status: Option<String>,
    /// The last error.
    pub last_error: Option<String>,
    /// Subscriptions.
    pub subscribers: usize,
    /// Items kept.
    pub items: usize,
}

/// Every feed and node.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedList {
    /// By node id.
    pub feeds: Vec<FeedOut>,
}

/// A feed to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddFeed {
    /// Its URL (http or https).
    pub url: String,
    /// Its node id; made from the URL when absent.
    pub node: Option<String>,
    /// A title to show instead of the feed's own.
    pub title: Option<String>,
}

/// What adding a feed did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Added {
    /// The feed's node.
    pub node: String,
    /// `added`, or `exists` when the service already fetched that URL.
    pub outcome: String,
}

/// One subscription.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SubscriberOut {
    /// The subscriber's JID.
    pub jid: String,
    /// `contact` (the feed is in the roster: chat messages) or `pubsub` (XEP-0060 events).
    pub via: String,
    /// Since (RFC 3339).
    pub since: Option<String>,
}

/// A node's subscribers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SubscriberList {
    /// The node.
    pub node: String,
    /// By JID.
    pub subscribers: Vec<SubscriberOut>,
}

/// What an OPML import did.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Imported {
    /// Nodes of the feeds added.
    pub added: Vec<String>,
    /// Nodes of the feeds the service already fetched.
    pub existing: Vec<String>,
    /// Feeds not added, with why.
    pub refused: Vec<Refused>,
}

/// A feed an import did not add.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Refused {
    /// Its URL.
    pub url: String,
    /// Why.
    pub error: String,
}

fn feed_out(f: FeedState, subscribers: usize, items: usize) -> FeedOut {
    FeedOut {
        origin: f.origin.label().to_owned(),
        health: f.health.as_str().to_owned(),
        last_fetch: rfc3339(f.last_fetch),
        next_fetch: rfc3339(f.next_due),
        last_status: f.last_status,
        last_error: f.last_error,
        subscribers,
        items,
        title: f.title,
        url: f.url,
        node: f.node,
    }
}

/// `GET /v1/admin/feeds`.
#[utoipa::path(
    get,
    path = "/v1/admin/feeds",
    responses(
        (status = 200, description = "Every feed and node", body = FeedList),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
        (status = 403, description = "Not an admin token", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn feeds(
    State(api): State<Api>,
    headers: HeaderMap,
) -> Result<Json<FeedList>, ApiError> {
    admin(&api, &headers)?;
    let feeds = api
        .read(|st, _| -> Result<Vec<FeedOut>, ApiError> {
            // Every feed (an operator's listing), a page of the store's index at a time.
            let mut out = Vec::new();
            crate::xmpp::pubsub::each_feed(st, true, |f| -> Result<(), ApiError> {
                let (subs, items) = (st.subscriber_count(&f.node), st.item_count(&f.node));
                out.push(feed_out(f, subs, items));
                Ok(())
            })?;
            Ok(out)
        })
        .await?;
    Ok(Json(FeedList { feeds }))
}

/// `POST /v1/admin/feeds`.
#[utoipa::path(
    post,
    path = "/v1/admin/feeds",
    request_body(content = AddFeed, content_type = "application/json"),
    responses(
        (status = 201, description = "Added; fetched soon", body = Added),
        (status = 200, description = "The service already fetches that URL", body = Added),
        (status = 409, description = "Another node has that id", body = super::error::ErrorBody),
        (status = 422, description = "Not a usable URL or node id", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn add(
    State(api): State<Api>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let token = admin(&api, &headers)?;
    let bytes = api.read_body(body).await?;
    let new: AddFeed = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_json",
            format!("the body is not a feed to add: {e}"),
        )
    })?;
    let feeds = vec![NewFeed {
        url: new.url,
        node: new.node,
        title: new.title,
    }];
    let mut outcomes = api
        .call(|reply| Call::AddFeeds {
            by: token.name.clone(),
            feeds,
            reply,
        })
        .await?;
    match outcomes.pop() {
        Some(AddOutcome::Added(node)) => Ok((
            StatusCode::CREATED,
            Json(Added {
                node,
                outcome: "added".into(),
            }),
        )
            .into_response()),
        Some(AddOutcome::Exists(node)) => Ok((
            StatusCode::OK,
            Json(Added {
                node,
                outcome: "exists".into(),
            }),
        )
            .into_response()),
        Some(AddOutcome::Refused(e)) => Err(e.into()),
        None => Err(ApiError::unavailable("no answer for the feed")),
    }
}

/// `DELETE /v1/admin/feeds/{node}`.
#[utoipa::path(
    delete,
    path = "/v1/admin/feeds/{node}",
    params(("node" = String, Path, description = "The node id")),
    responses(
        (status = 204, description = "Removed; its subscribers were told"),
        (status = 404, description = "No such node", body = super::error::ErrorBody),
        (status = 409, description = "Configured in feeds.toml, or a push node", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn remove(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let Path(node) = node?;
    admin(&api, &headers)?;
    api.call(|reply| Call::RemoveFeed { node, reply }).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /v1/admin/feeds/{node}/refresh`.
#[utoipa::path(
    post,
    path = "/v1/admin/feeds/{node}/refresh",
    params(("node" = String, Path, description = "The node id")),
    responses(
        (status = 202, description = "Fetched as soon as the limits allow"),
        (status = 404, description = "No such node", body = super::error::ErrorBody),
        (status = 409, description = "A push node, or a feed not fetched now (gone, out of the file)", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn refresh(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let Path(node) = node?;
    admin(&api, &headers)?;
    api.call(|reply| Call::Refresh { node, reply }).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `GET /v1/admin/nodes/{node}/subscribers`.
#[utoipa::path(
    get,
    path = "/v1/admin/nodes/{node}/subscribers",
    params(("node" = String, Path, description = "The node id")),
    responses(
        (status = 200, description = "The node's subscribers", body = SubscriberList),
        (status = 404, description = "No such node", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn subscribers(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Json<SubscriberList>, ApiError> {
    let Path(node) = node?;
    admin(&api, &headers)?;
    let n = node.clone();
    let subscribers = api
        .read(move |st, _| -> Result<Vec<SubscriberOut>, ApiError> {
            let unavailable =
                |e: crate::xmpp::pubsub::StateError| ApiError::unavailable(e.to_string());
            if st.feed(&n).map_err(unavailable)?.is_none() {
                return Err(ApiError::node_not_found(&n));
            }
            Ok(st
                .subscribers(&n, None, usize::MAX)
                .map_err(unavailable)?
                .into_iter()
                .map(|s| SubscriberOut {
                    via: if s.contact { "contact" } else { "pubsub" }.to_owned(),
                    since: rfc3339(Some(s.created)),
                    jid: s.jid,
                })
                .collect())
        })
        .await?;
    Ok(Json(SubscriberList { node, subscribers }))
}

/// `GET /v1/admin/opml`.
#[utoipa::path(
    get,
    path = "/v1/admin/opml",
    responses(
        (status = 200, description = "Every fetched feed as OPML 2.0", content_type = "text/x-opml"),
    ),
    security(("bearer" = []))
)]
pub(super) async fn export(
    State(api): State<Api>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    admin(&api, &headers)?;
    let jid = api.inner.cfg.get().component.jid.to_string();
    let doc = api
        .read(move |st, _| -> Result<String, ApiError> {
            let mut feeds: Vec<ListedFeed> = Vec::new();
            crate::xmpp::pubsub::each_feed(st, true, |f| -> Result<(), ApiError> {
                if f.is_polled() && !f.url.is_empty() {
                    feeds.push(ListedFeed {
                        title: f.title.unwrap_or_else(|| f.node.clone()),
                        url: f.url,
                    });
                }
                Ok(())
            })?;
            Ok(feedlist::export(&format!("feedpush at {jid}"), &feeds))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "text/x-opml; charset=utf-8")], doc).into_response())
}

/// `POST /v1/admin/opml`.
#[utoipa::path(
    post,
    path = "/v1/admin/opml",
    request_body(content = String, content_type = "text/x-opml"),
    responses(
        (status = 200, description = "What became of each feed", body = Imported),
        (status = 422, description = "Not OPML, or no feed in it", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn import(
    State(api): State<Api>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Imported>, ApiError> {
    let token = admin(&api, &headers)?;
    let bytes = api.read_body(body).await?;
    let listed = crate::blocking::run(move || {
        feedlist::import(&String::from_utf8_lossy(&bytes))
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_opml", e.to_string()))
    })
    .await?;
    let urls: Vec<String> = listed.iter().map(|f| f.url.clone()).collect();
    let feeds = listed
        .into_iter()
        .map(|f| NewFeed {
            url: f.url,
            node: None,
            title: Some(f.title),
        })
        .collect();
    let outcomes = api
        .call(|reply| Call::AddFeeds {
            by: token.name.clone(),
            feeds,
            reply,
        })
        .await?;
    let mut out = Imported::default();
    for (url, o) in urls.into_iter().zip(outcomes) {
        match o {
            AddOutcome::Added(n) => out.added.push(n),
            AddOutcome::Exists(n) => out.existing.push(n),
            AddOutcome::Refused(e) => out.refused.push(Refused {
                url,
                error: e.to_string(),
            }),
        }
    }
    Ok(Json(out))
}
