//! The OpenAPI 3.1 document of the HTTP API, generated from the handlers' types and their
//! `#[utoipa::path]` annotations (never written by hand).

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{admin, atom, error, items};

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "feedpush publish API",
        description = "Push items to feedpush nodes; every subscriber gets them at once (XEP-0060 events, chat messages from the feed's contact). Tokens are configured in feeds.toml ([[http.tokens]]).",
    ),
    paths(
        items::publish,
        items::list,
        items::one,
        items::retract,
        items::nodes,
        atom::feed,
        admin::feeds,
        admin::add,
        admin::remove,
        admin::refresh,
        admin::subscribers,
        admin::export,
        admin::import
    ),
    components(schemas(
        items::NewItem,
        items::ContentType,
        items::Published,
        items::ItemOut,
        items::ItemPage,
        items::NodeOut,
        items::NodeList,
        admin::FeedOut,
        admin::FeedList,
        admin::AddFeed,
        admin::Added,
        admin::SubscriberOut,
        admin::SubscriberList,
        admin::Imported,
        admin::Refused,
        error::ErrorBody
    )),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /v1/openapi.json`.
pub(super) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
