//! `[http]` and its `[[http.tokens]]`: where the HTTP side listens, its limits, and the
//! publishers' bearer tokens (by SHA-256) with the nodes each may act on.

use std::collections::HashSet;
use std::net::SocketAddr;

use toml::Spanned;

use super::ctx::Ctx;
use super::valid_node_id;
use crate::config::raw::{RawHttp, RawToken};
use crate::config::{
    ConfigError, HttpConfig, Scope, TokenConfig, DEFAULT_HTTP_LISTEN,
    DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_TOKEN_REQUESTS_PER_MINUTE,
    HTTP_CONNECTIONS_RANGE,
};

/// `[http]`; without the section nothing listens.
pub(super) fn http(cx: &Ctx<'_>, raw: Option<RawHttp>) -> Result<HttpConfig, ConfigError> {
    let Some(h) = raw else {
        return Ok(HttpConfig::default());
    };
    let listen = match &h.listen {
        None => SocketAddr::from(DEFAULT_HTTP_LISTEN),
        Some(l) => match l.get_ref().parse::<SocketAddr>() {
            Ok(a) => a,
            Err(_) => {
                return cx.err(
                    l.span(),
                    format!(
                        "key `http.listen`: {:?} is not an ip:port address",
                        l.get_ref()
                    ),
                )
            }
        },
    };
    let tokens = tokens(cx, h.tokens)?;
    Ok(HttpConfig {
        listen: Some(listen),
        max_request_bytes: cx.in_range(
            "http.max_request_bytes",
            h.max_request_bytes.as_ref(),
            DEFAULT_MAX_REQUEST_BYTES,
            (1024, 64 * 1024 * 1024),
        )?,
        max_requests_per_minute: cx.in_range(
            "http.max_requests_per_minute",
            h.max_requests_per_minute.as_ref(),
            DEFAULT_TOKEN_REQUESTS_PER_MINUTE as usize,
            (1, 10_000_000),
        )? as u32,
        max_connections: match h.max_connections.as_ref() {
            None => None,
            Some(v) => {
                Some(cx.in_range("http.max_connections", Some(v), 0, HTTP_CONNECTIONS_RANGE)?)
            }
        },
        max_connections_per_ip: cx.in_range(
            "http.max_connections_per_ip",
            h.max_connections_per_ip.as_ref(),
            DEFAULT_MAX_CONNECTIONS_PER_IP,
            HTTP_CONNECTIONS_RANGE,
        )?,
        tokens,
    })
}

/// `[[http.tokens]]`: names unique, hashes of 64 hex digits, scopes of node ids or `"*"`.
fn tokens(cx: &Ctx<'_>, raw: Vec<Spanned<RawToken>>) -> Result<Vec<TokenConfig>, ConfigError> {
    let mut names = HashSet::new();
    let mut tokens = Vec::with_capacity(raw.len());
    for t in raw {
        let t = t.into_inner();
        let name = t.name.get_ref().trim().to_owned();
        if name.is_empty() || !names.insert(name.clone()) {
            return cx.err(
                t.name.span(),
                format!("key `http.tokens.name`: {name:?} is empty or given twice"),
            );
        }
        let sha256: [u8; 32] = match hex::decode(t.token_sha256.get_ref().trim())
            .ok()
            .and_then(|b| b.try_into().ok())
        {
            Some(h) => h,
            None => {
                return cx.err(
                    t.token_sha256.span(),
                    "key `http.tokens.token_sha256`: not 64 hex digits (the SHA-256 of the token; `feedpush token new` prints it)".into(),
                )
            }
        };
        let nodes = scope(cx, &t.nodes)?;
        tokens.push(TokenConfig {
            name,
            sha256,
            nodes,
        });
    }
    Ok(tokens)
}

/// A token's `nodes`: `"*"` anywhere in the list is every node.
fn scope(cx: &Ctx<'_>, nodes: &Spanned<Vec<Spanned<String>>>) -> Result<Scope, ConfigError> {
    let list = nodes.get_ref();
    if list.iter().any(|n| n.get_ref() == "*") {
        return Ok(Scope::All);
    }
    for n in list {
        if !valid_node_id(n.get_ref()) {
            return cx.err(
                n.span(),
                format!(
                    "key `http.tokens.nodes`: {:?} is not a node id",
                    n.get_ref()
                ),
            );
        }
    }
    if list.is_empty() {
        return cx.err(
            nodes.span(),
            "key `http.tokens.nodes`: empty; list nodes, or \"*\" for every node".into(),
        );
    }
    Ok(Scope::Nodes(
        list.iter().map(|n| n.get_ref().clone()).collect(),
    ))
}
