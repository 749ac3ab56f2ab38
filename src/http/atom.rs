//! Atom out: every node with the open access model (not a user-added feed, unless those are
//! listed) served as an Atom feed of its stored items, with `ETag` and `Last-Modified`, and
//! `304 Not Modified` on revalidation, so pushed items reach ordinary feed readers too.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::{Api, ApiError};
use crate::model::{AccessModel, Origin};

/// Items in the feed (the newest).
pub const ATOM_ITEMS: usize = 50;

/// A node as an Atom feed.
#[utoipa::path(
    get,
    path = "/v1/nodes/{node}/atom",
    params(("node" = String, Path, description = "The node id")),
    responses(
        (status = 200, description = "The node's items as an Atom feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified since the validators given"),
        (status = 404, description = "No such public node", body = super::error::ErrorBody),
    )
)]
pub(super) async fn feed(
    State(api): State<Api>,
    node: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Path(node) = node?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .or_else(|| api.inner.cfg.get().http.listen.map(|a| a.to_string()))
        .unwrap_or_else(|| "localhost".to_owned());
    let list_user = api.inner.cfg.get().access.list_user_feeds;
    let n = node.clone();
    let found = api
        .read(
            move |st, svc| -> Result<Option<(String, String)>, ApiError> {
                let unavailable =
                    |e: crate::xmpp::pubsub::StateError| ApiError::unavailable(e.to_string());
                let Some(f) = st.feed(&n).map_err(unavailable)? else {
                    return Ok(None);
                };
                let public = f.options.access_model == AccessModel::Open
                    && (list_user || !matches!(f.origin, Origin::User { .. }));
                if !public {
                    return Ok(None);
                }
                let items = st.items(&n, ATOM_ITEMS, None).map_err(unavailable)?;
                let mut h = Sha256::new();
                for i in &items {
                    h.update(i.seq.to_be_bytes());
                    h.update(i.entry.content_hash.as_bytes());
                }
                h.update(f.title.as_deref().unwrap_or("").as_bytes());
                let etag = format!("\"{}\"", &hex::encode(h.finalize())[..32]);
                // The last change of any kind (an update or a retraction too), else the newest item.
                let newest = items.iter().map(|i| i.stored_at).max().unwrap_or(0);
                let updated = st
                    .items_changed(&n)
                    .map_err(unavailable)?
                    .unwrap_or(0)
                    .max(newest);
                let self_url = format!("http://{host}/v1/nodes/{n}/atom");
                let title = f.title.clone().unwrap_or_else(|| n.clone());
                let doc = svc.atom_feed(&n, &title, &self_url, updated, &items);
                Ok(Some((etag, format!("{updated}\n{doc}"))))
            },
        )
        .await?;
    let Some((etag, body)) = found else {
        return Err(ApiError::node_not_found(&node));
    };
    let (updated, doc) = body.split_once('\n').unwrap_or(("0", ""));
    let updated_ms: i64 = updated.parse().unwrap_or(0);
    let modified = std::time::UNIX_EPOCH
        + std::time::Duration::from_millis(u64::try_from(updated_ms).unwrap_or(0));
    let last_modified = httpdate::fmt_http_date(modified);
    let not_modified = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(tags) => tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            // HTTP dates have whole seconds.
            .is_some_and(|since| {
                since
                    >= modified
                        - std::time::Duration::from_nanos(u64::from(
                            modified
                                .duration_since(std::time::UNIX_EPOCH)
                                .unwrap_or_default()
                                .subsec_nanos(),
                        ))
            }),
    };
    let mut r = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            doc.to_owned(),
        )
            .into_response()
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(r)
}
