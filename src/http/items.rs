//! The `/v1` handlers: publish an item (Atom or JSON), read items (newest first, cursor
//! paging), read one, retract one, and list the token's nodes. Their types are the OpenAPI
//! document's schemas.

use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{auth, Api, ApiError, Submission};
use crate::config::Scope;
use crate::model::{Body as Text, Content};
use crate::model::{Origin, StoredItem};
use crate::normalize::single::Draft;
use crate::service::Call;
use crate::xmpp::pubsub::{Actor, Outcome, MAX_ITEM_BYTES};

/// Items returned per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 20;
/// Most items per page.
pub const MAX_LIMIT: usize = 100;

/// A new item, as JSON.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    /// The item id (1–256 bytes). The same id with the same content again changes nothing;
    /// with other content it updates the item. Without one, a new id is made.
    pub id: Option<String>,
    /// The title (required).
    pub title: Option<String>,
    /// Its link (absolute, or relative to the service).
    pub link: Option<String>,
    /// A plain-text summary.
    pub summary: Option<String>,
    /// The content.
    pub content: Option<String>,
    /// How `content` is written.
    pub content_type: Option<ContentType>,
    /// When it was published (RFC 3339); the time it arrives when absent.
    pub published: Option<String>,
    /// Its author's name.
    pub author: Option<String>,
}

/// How a content is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    /// Plain text.
    Text,
    /// HTML (sanitised like polled entries).
    Html,
}

/// What a publication did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Published {
    /// The node.
    pub node: String,
    /// The item id.
    pub id: String,
    /// `created`, `updated` or `unchanged` (nothing pushed).
    pub outcome: &'static str,
}

/// One stored item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemOut {
    /// The item id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Its link.
    pub link: Option<String>,
    /// Its summary.
    pub summary: Option<String>,
    /// Its content (sanitised HTML or text), or the URL of a referenced content.
    pub content: Option<String>,
    /// `html`, `text`, or the media type of a referenced content.
    pub content_type: Option<String>,
    /// When it was published (RFC 3339).
    pub published: Option<String>,
    /// When it was last updated (RFC 3339).
    pub updated: Option<String>,
    /// Its authors' names.
    pub authors: Vec<String>,
    /// When the service stored it (RFC 3339).
    pub stored_at: String,
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl From<&StoredItem> for ItemOut {
    fn from(i: &StoredItem) -> ItemOut {
        let e = &i.entry;
        let (content, content_type) = match &e.content {
            Some(Content::Inline(Text::Html(h))) => (Some(h.clone()), Some("html".to_owned())),
            Some(Content::Inline(Text::Text(t))) => (Some(t.clone()), Some("text".to_owned())),
            Some(Content::Src { href, media_type }) => {
                (Some(href.clone()), Some(media_type.clone()))
            }
            None => (None, None),
        };
        let date = |d: Option<chrono::DateTime<chrono::Utc>>| {
            d.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        };
        ItemOut {
            id: e.id.clone(),
            title: e.title.clone(),
            link: e.link.clone(),
            summary: e.summary.as_ref().map(|s| s.as_str().to_owned()),
            content,
            content_type,
            published: date(e.published),
            updated: date(e.updated),
            authors: e.authors.iter().map(|a| a.name.clone()).collect(),
            stored_at: rfc3339(i.stored_at),
        }
    }
}

/// A page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemPage {
    /// The node.
    pub node: String,
    /// Newest first.
    pub items: Vec<ItemOut>,
    /// Pass as `after` for the next (older) page; absent on the last page.
    pub next: Option<String>,
}

/// Paging of `GET …/items`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page (1–100, default 20).
    pub limit: Option<usize>,
    /// The `next` of the previous page: items older than this item id.
    pub after: Option<String>,
}

/// A node the token may use.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeOut {
    /// The node id.
    pub node: String,
    /// Its title.
    pub title: Option<String>,
    /// Its subscribers.
    pub subscribers: usize,
    /// Its stored items.
    pub items: usize,
    /// `feed` (polled), `push` (configured, push-only) or `created` (made by an owner).
    pub kind: &'static str,
}

/// The token's nodes.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeList {
    /// By node id.
    pub nodes: Vec<NodeOut>,
    /// Pass as `after` for the next page; absent on the last page (and for a token that
    /// lists its nodes: they come in one page).
    pub next: Option<String>,
}

/// Most nodes `GET /v1/nodes` lists per page (and its default).
pub const NODES_PAGE: usize = 1_000;

/// Paging of `GET /v1/nodes`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NodesQuery {
    /// Nodes per page (1–1000, default 1000).
    pub limit: Option<usize>,
    /// The `next` of the previous page: nodes after this node id.
    pub after: Option<String>,
}

/// Publish one item.
///
/// The body is one Atom `<entry/>` (`application/atom+xml`; its `<id>` is the item id) or a
/// JSON [`NewItem`] (`application/json`). The answer comes once the item is on disk; every
/// subscriber (pubsub events, contacts' chat messages) gets it at once after.
#[utoipa::path(
    post,
    path = "/v1/nodes/{node}/items",
    params(("node" = String, Path, description = "The node id")),
    request_body(
        description = "One Atom entry (application/atom+xml) or a JSON item (application/json)",
        content(
            (NewItem = "application/json"),
            (String = "application/atom+xml")
        )
    ),
    responses(
        (status = 201, description = "Stored and pushed", body = Published,
            headers(("Location" = String, description = "The item's URL"))),
        (status = 200, description = "Updated, or the same item again (nothing pushed twice)", body = Published),
        (status = 400, description = "Malformed JSON", body = super::error::ErrorBody),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
        (status = 403, description = "The token may not use this node", body = super::error::ErrorBody),
        (status = 404, description = "No such node", body = super::error::ErrorBody),
        (status = 413, description = "Over `max_request_bytes`, or an entry too big to push", body = super::error::ErrorBody),
        (status = 415, description = "Neither Atom nor JSON", body = super::error::ErrorBody),
        (status = 422, description = "Not one entry, or no title", body = super::error::ErrorBody),
        (status = 429, description = "Over the token's budget; see Retry-After", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn publish(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Path(node) = node?;
    let token = auth::for_node(&api, &headers, &node)?;
    let kind = content_kind(&headers)?;
    let bytes = api.read_body(body).await?;
    if bytes.len() > MAX_ITEM_BYTES {
        return Err(crate::xmpp::pubsub::PublishError::PayloadTooBig { size: bytes.len() }.into());
    }
    let (id, entry) = match kind {
        Kind::Atom => (None, Submission::Atom(bytes)),
        Kind::Json => {
            // A few hundred bytes of JSON: read here; the entry's conversion (HTML sanitising)
            // runs on the blocking pool below.
            let item: NewItem = serde_json::from_slice(&bytes)
                .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
            let draft = Draft {
                title: item.title.unwrap_or_default(),
                link: item.link,
                summary: item.summary,
                content: item.content,
                content_html: item.content_type == Some(ContentType::Html),
                published: item.published,
                author: item.author,
            };
            (item.id, Submission::Draft(Box::new(draft)))
        }
    };
    let base = api.inner.service.publish_base();
    let (entry, own_id) = crate::blocking::run(move || entry.into_entry(&base))
        .await
        .map_err(crate::xmpp::pubsub::PublishError::from)?;
    let (id, outcome) = api
        .call(|reply| Call::Publish {
            actor: Actor::Token(token.name.clone()),
            node: node.clone(),
            id: id.or(own_id),
            entry: Box::new(entry),
            reply,
        })
        .await?;
    let created = outcome == Outcome::Created;
    let body = Json(Published {
        node: node.clone(),
        id: id.clone(),
        outcome: match outcome {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
        },
    });
    if created {
        let location = format!(
            "/v1/nodes/{}/items/{}",
            super::url_segment(&node),
            super::url_segment(&id)
        );
        let mut r = (StatusCode::CREATED, body).into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    } else {
        Ok((StatusCode::OK, body).into_response())
    }
}

enum Kind {
    Atom,
    Json,
}

fn content_kind(headers: &HeaderMap) -> Result<Kind, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "application/atom+xml" | "application/xml" | "text/xml" => Ok(Kind::Atom),
        "application/json" => Ok(Kind::Json),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "Content-Type {ct:?}: send application/atom+xml (one <entry/>) or application/json"
            ),
        )),
    }
}

/// The node, when it exists.
async fn existing(api: &Api, node: &str) -> Result<crate::model::FeedState, ApiError> {
    let n = node.to_owned();
    api.read(move |st, _| st.feed(&n))
        .await
        .map_err(|e| ApiError::unavailable(e.to_string()))?
        .ok_or_else(|| ApiError::node_not_found(node))
}

/// Read a node's items, newest first.
#[utoipa::path(
    get,
    path = "/v1/nodes/{node}/items",
    params(("node" = String, Path, description = "The node id"), PageQuery),
    responses(
        (status = 200, description = "A page of items", body = ItemPage),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
        (status = 403, description = "The token may not use this node", body = super::error::ErrorBody),
        (status = 404, description = "No such node, or no such `after` item", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn list(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    q: Result<Query<PageQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<ItemPage>, ApiError> {
    let Path(node) = node?;
    let Query(q) = q?;
    auth::for_node(&api, &headers, &node)?;
    existing(&api, &node).await?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let (n, after) = (node.clone(), q.after.clone());
    let page = api
        .read(move |st, _| -> Result<_, ApiError> {
            let before = match &after {
                Some(id) => Some(
                    st.item(&n, id)
                        .map_err(|e| ApiError::unavailable(e.to_string()))?
                        .ok_or_else(|| {
                            ApiError::new(
                                StatusCode::NOT_FOUND,
                                "item_not_found",
                                format!("no item {id:?} to page after"),
                            )
                        })?
                        .seq,
                ),
                None => None,
            };
            // One more than asked tells whether there is a next page.
            let mut items = st
                .items(&n, limit + 1, before)
                .map_err(|e| ApiError::unavailable(e.to_string()))?;
            let more = items.len() > limit;
            items.truncate(limit);
            Ok((items, more))
        })
        .await?;
    let (items, more) = page;
    Ok(Json(ItemPage {
        node,
        next: more
            .then(|| items.last().map(|i| i.entry.id.clone()))
            .flatten(),
        items: items.iter().map(ItemOut::from).collect(),
    }))
}

/// Read one item.
#[utoipa::path(
    get,
    path = "/v1/nodes/{node}/items/{id}",
    params(("node" = String, Path, description = "The node id"), ("id" = String, Path, description = "The item id")),
    responses(
        (status = 200, description = "The item", body = ItemOut),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
        (status = 403, description = "The token may not use this node", body = super::error::ErrorBody),
        (status = 404, description = "No such node or item", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn one(
    State(api): State<Api>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Json<ItemOut>, ApiError> {
    let Path((node, id)) = path?;
    auth::for_node(&api, &headers, &node)?;
    existing(&api, &node).await?;
    let (n, i) = (node.clone(), id.clone());
    let item = api
        .read(move |st, _| st.item(&n, &i))
        .await
        .map_err(|e| ApiError::unavailable(e.to_string()))?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "item_not_found",
                format!("no item {id:?}"),
            )
        })?;
    Ok(Json(ItemOut::from(&item)))
}

/// Retract one item: subscribers get a retraction (per the node's `notify_retract`).
#[utoipa::path(
    delete,
    path = "/v1/nodes/{node}/items/{id}",
    params(("node" = String, Path, description = "The node id"), ("id" = String, Path, description = "The item id")),
    responses(
        (status = 204, description = "Retracted"),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
        (status = 403, description = "The token may not use this node", body = super::error::ErrorBody),
        (status = 404, description = "No such node or item", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn retract(
    State(api): State<Api>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let Path((node, id)) = path?;
    let token = auth::for_node(&api, &headers, &node)?;
    api.call(|reply| Call::Retract {
        actor: Actor::Token(token.name.clone()),
        node,
        id,
        reply,
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The nodes the token may use, with their titles and subscriber counts, a page at a time.
#[utoipa::path(
    get,
    path = "/v1/nodes",
    params(NodesQuery),
    responses(
        (status = 200, description = "The token's nodes", body = NodeList),
        (status = 401, description = "No or unknown token", body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub(super) async fn nodes(
    State(api): State<Api>,
    headers: HeaderMap,
    q: Result<Query<NodesQuery>, QueryRejection>,
) -> Result<Json<NodeList>, ApiError> {
    let scope = auth::token(&api, &headers)?.nodes.clone();
    let Query(q) = q?;
    let limit = q.limit.unwrap_or(NODES_PAGE).clamp(1, NODES_PAGE);
    let (nodes, next) = api
        .read(
            move |st, _| -> Result<(Vec<NodeOut>, Option<String>), ApiError> {
                let (feeds, next) = match &scope {
                    // User-added feeds are their followers' business. A page read by node from
                    // the store's index (one more tells whether another page follows).
                    Scope::All => {
                        let mut page = st
                            .feeds_page(q.after.as_deref(), 0, limit + 1, false)
                            .map_err(|e| ApiError::unavailable(e.to_string()))?;
                        let more = page.len() > limit;
                        page.truncate(limit);
                        let next = if more {
                            page.last().map(|f| f.node.clone())
                        } else {
                            None
                        };
                        (page, next)
                    }
                    Scope::Nodes(list) => {
                        let mut v = Vec::new();
                        for n in list {
                            if let Some(f) = st
                                .feed(n)
                                .map_err(|e| ApiError::unavailable(e.to_string()))?
                            {
                                v.push(f);
                            }
                        }
                        (v, None)
                    }
                };
                let nodes = feeds
                    .into_iter()
                    .map(|f| NodeOut {
                        subscribers: st.subscriber_count(&f.node),
                        items: st.item_count(&f.node),
                        kind: match f.origin {
                            Origin::Config | Origin::User { .. } | Origin::Operator { .. } => {
                                "feed"
                            }
                            Origin::Push => "push",
                            Origin::Created { .. } => "created",
                        },
                        title: f.title,
                        node: f.node,
                    })
                    .collect();
                Ok((nodes, next))
            },
        )
        .await?;
    Ok(Json(NodeList { nodes, next }))
}
