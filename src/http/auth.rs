//! Bearer tokens: the token's SHA-256 is compared in constant time with every configured one
//! (the token itself is never stored or logged), then the token's budget is counted and its
//! scope checked against the node.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{Api, ApiError};
use crate::config::TokenConfig;

/// The configured token that `headers` carry, with its budget counted.
pub(super) fn token(api: &Api, headers: &HeaderMap) -> Result<TokenConfig, ApiError> {
    let raw = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized("an Authorization: Bearer <token> header is required")
        })?
        .to_str()
        .map_err(|_| ApiError::unauthorized("the Authorization header is not text"))?;
    let secret = raw
        .strip_prefix("Bearer ")
        .or_else(|| raw.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header is not Bearer <token>"))?;
    let hash: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
    // Every configured hash is compared, whichever matches: the time does not tell which.
    let mut found = None;
    let cfg = api.inner.cfg.get();
    for t in &cfg.http.tokens {
        if bool::from(t.sha256.ct_eq(&hash)) {
            found = Some(t);
        }
    }
    let t = found.ok_or_else(|| ApiError::unauthorized("unknown token"))?;
    api.inner
        .limits
        .get()
        .check(&t.name)
        .map_err(ApiError::too_many)?;
    Ok(t.clone())
}

/// The token that `headers` carry, allowed on `node`.
pub(super) fn for_node(
    api: &Api,
    headers: &HeaderMap,
    node: &str,
) -> Result<TokenConfig, ApiError> {
    let t = token(api, headers)?;
    if !t.nodes.covers(node) {
        return Err(ApiError::forbidden(format!(
            "token {:?} is not allowed on node {node:?}",
            t.name
        )));
    }
    Ok(t)
}

/// A fresh random token and its SHA-256 in hex (`feedpush token new`).
pub fn new_token() -> (String, String) {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    (token, hash)
}
