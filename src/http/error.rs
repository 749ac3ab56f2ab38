//! Errors of the HTTP API: a JSON body `{"error": "<machine code>", "message": "<human
//! text>"}` with the status that fits, `WWW-Authenticate` on 401 and `Retry-After` on 429.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::normalize::single::EntryError;
use crate::service::CallError;
use crate::xmpp::pubsub::{AdminError, PublishError};

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A machine-readable code, e.g. `unauthorized`, `not_an_entry`.
    pub error: &'static str,
    /// What went wrong, for people.
    pub message: String,
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<Duration>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
    pub(super) fn unauthorized(message: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }
    pub(super) fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub(super) fn node_not_found(node: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "node_not_found",
            format!("no node {node:?}"),
        )
    }
    pub(super) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
    pub(super) fn too_many(wait: Duration) -> ApiError {
        ApiError {
            retry_after: Some(wait),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "too many requests with this token; try again in {} s",
                    wait.as_secs().max(1)
                ),
            )
        }
    }
    pub(super) fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }
    /// The store failed: `503`, with `Retry-After` when it is out of reach for a while (a
    /// database restarting).
    pub(super) fn store(e: &crate::xmpp::pubsub::StateError, message: String) -> ApiError {
        ApiError {
            retry_after: e.is_away().then_some(STORE_RETRY_AFTER),
            ..ApiError::unavailable(message)
        }
    }
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// The `Retry-After` of a `503` while the store is out of reach (its guard checks it every
/// 2 s).
const STORE_RETRY_AFTER: Duration = Duration::from_secs(5);

impl From<EntryError> for ApiError {
    fn from(e: EntryError) -> ApiError {
        let code = match e {
            EntryError::NotAnEntry(_) => "not_an_entry",
            EntryError::MissingTitle => "missing_title",
            EntryError::Invalid(_) => "invalid_entry",
        };
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string())
    }
}

impl From<PublishError> for ApiError {
    fn from(e: PublishError) -> ApiError {
        let message = e.to_string();
        match e {
            PublishError::NodeNotFound(n) => ApiError::node_not_found(&n),
            PublishError::Forbidden(_) => ApiError::forbidden(message),
            PublishError::InvalidPayload(e) => e.into(),
            PublishError::PayloadTooBig { .. } => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_big", message)
            }
            PublishError::BadItemId(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_item_id", message)
            }
            PublishError::ItemNotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "item_not_found", message)
            }
            PublishError::State(e) => ApiError::store(&e, message),
        }
    }
}

impl From<AdminError> for ApiError {
    fn from(e: AdminError) -> ApiError {
        let message = e.to_string();
        match e {
            AdminError::BadUrl { .. } | AdminError::PrivateHost { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_url", message)
            }
            AdminError::BadNode { .. } => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_node", message)
            }
            AdminError::NodeTaken { .. } => {
                ApiError::new(StatusCode::CONFLICT, "node_exists", message)
            }
            AdminError::NoSuchNode { node } => ApiError::node_not_found(&node),
            AdminError::FromFile { .. } => {
                ApiError::new(StatusCode::CONFLICT, "configured_in_file", message)
            }
            AdminError::NotAFeed { .. } => {
                ApiError::new(StatusCode::CONFLICT, "not_a_feed", message)
            }
            AdminError::NotFetched { .. } => {
                ApiError::new(StatusCode::CONFLICT, "not_fetched", message)
            }
            AdminError::State(_) => ApiError::unavailable(message),
        }
    }
}

impl From<crate::xmpp::pubsub::StateError> for ApiError {
    fn from(e: crate::xmpp::pubsub::StateError) -> ApiError {
        ApiError::store(&e, e.to_string())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(e: axum::extract::rejection::PathRejection) -> ApiError {
        ApiError::bad_request(format!("bad path: {}", e.body_text()))
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(e: axum::extract::rejection::QueryRejection) -> ApiError {
        ApiError::bad_request(format!("bad query: {}", e.body_text()))
    }
}

impl From<CallError> for ApiError {
    fn from(e: CallError) -> ApiError {
        match e {
            CallError::Refused(e) => e.into(),
            CallError::Admin(e) => e.into(),
            CallError::NotSaved(m) => ApiError::unavailable(m),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (
            self.status,
            Json(ErrorBody {
                error: self.code,
                message: self.message,
            }),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"feedpush\""),
            );
        }
        if let Some(wait) = self.retry_after {
            // Whole seconds, rounded up: never earlier than the budget allows.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        r
    }
}

/// Any path that is not an endpoint.
pub(super) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// An endpoint asked with a method it does not take.
pub(super) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method",
    )
}
