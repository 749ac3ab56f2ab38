//! The client of a running instance's admin API (`/v1/admin`, served by
//! [`crate::http::admin`]), with an admin token (one with `nodes = ["*"]`): where the instance
//! listens comes from feeds.toml's `[http] listen` or `--api`; the token from `FEEDPUSH_TOKEN`
//! or a token file. The commands that use it are in [`super::admin`].

use std::path::Path;
use std::time::Duration;

use serde::de::DeserializeOwned;
use url::Url;

use crate::config::Config;
use crate::http::admin::{Added, FeedList, Imported, SubscriberList};
use crate::poll::fetch::{own_api, FetchError};

/// How long one admin request may take (an import of hundreds of feeds included).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The environment variable that may hold the admin token.
pub const TOKEN_ENV: &str = "FEEDPUSH_TOKEN";

/// Why an admin command failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminCliError {
    /// Neither `--api` nor an `[http]` section says where to go.
    #[error("{path} has no [http] section, so the instance serves no admin API; add one (and reload), or give --api")]
    NoHttp {
        /// The configuration file.
        path: String,
    },
    /// `--api` is not a URL.
    #[error("--api {url:?} is not an http(s) URL: {why}")]
    BadUrl {
        /// As given.
        url: String,
        /// Why.
        why: String,
    },
    /// No token was given.
    #[error("an admin token is needed: set {TOKEN_ENV} or give --token-file (a token with nodes = [\"*\"]; `feedpush token new --name admin --nodes '*'` makes one)")]
    NoToken,
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    File {
        /// The file.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The instance could not be reached.
    #[error("cannot reach feedpush at {url}: {error}")]
    Unreachable {
        /// Where.
        url: String,
        /// What failed.
        error: FetchError,
    },
    /// The instance refused the request.
    #[error("the instance answered {status}: {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Its message.
        message: String,
    },
    /// The answer could not be read.
    #[error("feedpush answered something unreadable: {0}")]
    BadAnswer(String),
}

/// A running instance's admin API.
pub struct Remote {
    base: Url,
    token: String,
}

impl Remote {
    /// The instance `url` names, else the one `config`'s `[http] listen` names; the token from
    /// `token_file`, else from [`TOKEN_ENV`].
    pub fn new(
        config: Option<&Config>,
        url: Option<&str>,
        token_file: Option<&Path>,
    ) -> Result<Remote, AdminCliError> {
        let base = match (url, config) {
            (Some(u), _) => {
                let parsed = Url::parse(u).map_err(|e| AdminCliError::BadUrl {
                    url: u.to_owned(),
                    why: e.to_string(),
                })?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(AdminCliError::BadUrl {
                        url: u.to_owned(),
                        why: "only http and https are served".into(),
                    });
                }
                let mut parsed = parsed;
                // A path prefix (behind a proxy) stays: the API's paths are joined below it.
                if !parsed.path().ends_with('/') {
                    let p = format!("{}/", parsed.path());
                    parsed.set_path(&p);
                }
                parsed
            }
            (None, Some(cfg)) => {
                let listen = cfg.http.listen.ok_or_else(|| AdminCliError::NoHttp {
                    path: cfg.path.display().to_string(),
                })?;
                // An unspecified listen address (0.0.0.0, ::) is reached on loopback.
                let host = match listen.ip() {
                    std::net::IpAddr::V4(a) if a.is_unspecified() => "127.0.0.1".to_owned(),
                    std::net::IpAddr::V6(a) if a.is_unspecified() => "[::1]".to_owned(),
                    std::net::IpAddr::V4(a) => a.to_string(),
                    std::net::IpAddr::V6(a) => format!("[{a}]"),
                };
                Url::parse(&format!("http://{host}:{}/", listen.port())).map_err(|e| {
                    AdminCliError::BadUrl {
                        url: listen.to_string(),
                        why: e.to_string(),
                    }
                })?
            }
            (None, None) => {
                return Err(AdminCliError::NoHttp {
                    path: "the configuration".into(),
                })
            }
        };
        let token = match token_file {
            Some(p) => std::fs::read_to_string(p).map_err(|error| AdminCliError::File {
                path: p.display().to_string(),
                error,
            })?,
            None => std::env::var(TOKEN_ENV).unwrap_or_default(),
        };
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(AdminCliError::NoToken);
        }
        Ok(Remote { base, token })
    }

    /// `method` on `path`: the status and the answer, or the instance's refusal.
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Result<(u16, Vec<u8>), AdminCliError> {
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| AdminCliError::BadAnswer(e.to_string()))?;
        let (status, answer) = own_api(method, &url, &self.token, body, REQUEST_TIMEOUT)
            .await
            .map_err(|error| AdminCliError::Unreachable {
                url: self.base.to_string(),
                error,
            })?;
        if status >= 400 {
            let message = serde_json::from_slice::<serde_json::Value>(&answer)
                .ok()
                .and_then(|v| v["message"].as_str().map(str::to_owned))
                .unwrap_or_else(|| String::from_utf8_lossy(&answer).into_owned());
            return Err(AdminCliError::Refused { status, message });
        }
        Ok((status, answer))
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Result<T, AdminCliError> {
        let (_, answer) = self.call(method, path, body).await?;
        serde_json::from_slice(&answer).map_err(|e| AdminCliError::BadAnswer(e.to_string()))
    }

    /// Every feed and node.
    pub async fn feeds(&self) -> Result<FeedList, AdminCliError> {
        self.json("GET", "/v1/admin/feeds", None).await
    }

    /// Add the feed at `url`.
    pub async fn add(
        &self,
        url: &str,
        node: Option<&str>,
        title: Option<&str>,
    ) -> Result<Added, AdminCliError> {
        let body = serde_json::json!({ "url": url, "node": node, "title": title });
        self.json(
            "POST",
            "/v1/admin/feeds",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }

    /// Remove the feed `node`.
    pub async fn remove(&self, node: &str) -> Result<(), AdminCliError> {
        self.call(
            "DELETE",
            &format!("/v1/admin/feeds/{}", segment(node)),
            None,
        )
        .await
        .map(|_| ())
    }

    /// Fetch the feed `node` now.
    pub async fn refresh(&self, node: &str) -> Result<(), AdminCliError> {
        self.call(
            "POST",
            &format!("/v1/admin/feeds/{}/refresh", segment(node)),
            None,
        )
        .await
        .map(|_| ())
    }

    /// The subscribers of `node`.
    pub async fn subscribers(&self, node: &str) -> Result<SubscriberList, AdminCliError> {
        self.json(
            "GET",
            &format!("/v1/admin/nodes/{}/subscribers", segment(node)),
            None,
        )
        .await
    }

    /// Every fetched feed as OPML.
    pub async fn export(&self) -> Result<String, AdminCliError> {
        let (_, answer) = self.call("GET", "/v1/admin/opml", None).await?;
        String::from_utf8(answer).map_err(|e| AdminCliError::BadAnswer(e.to_string()))
    }

    /// Add every feed an OPML document lists.
    pub async fn import(&self, opml: Vec<u8>) -> Result<Imported, AdminCliError> {
        self.json("POST", "/v1/admin/opml", Some(("text/x-opml", opml)))
            .await
    }
}

/// A node id as one path segment (node ids are URL-safe, but a typo need not be).
fn segment(node: &str) -> String {
    crate::http::url_segment(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_are_one_path_segment() {
        assert_eq!(segment("news"), "news");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }
}
