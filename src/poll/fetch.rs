//! The daemon's one HTTP client (reqwest with rustls), shared by every use: polls, feed
//! discovery, avatars and the callbacks' POSTs. One polite GET: conditional request with the
//! stored validators, compression, connect and total timeouts, a body-size cap enforced while
//! streaming (so a decompression bomb stops at the cap too), redirects followed by hand (loops
//! detected, each hop checked), and the SSRF guard. The body cap, the total time and the redirect
//! hops are each use's own ([`Limits`]: a poll and a discovery take `[fetch]`'s, an avatar less
//! body, a callback its own time, body and no redirect); the connection pool, the connect timeout,
//! the user agent and the SSRF guard are the client's, the same for all. The outcome is
//! classified; this module never parses, stores or retries. It also holds the one request the
//! admin CLI makes to feedpush's own HTTP side ([`own_api`]), so reqwest stays here.
//!
//! SSRF guard: unless private addresses are allowed, a host name is resolved by our own
//! resolver, which drops loopback/private/link-local/unique-local/multicast/unspecified
//! addresses, so the check applies to the very address connected to (no DNS-rebinding window);
//! IP-literal URLs, which skip the resolver, are checked before each hop.

use std::net::{IpAddr, SocketAddr};

use crate::poll::status::PollStatus;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use crate::config::FetchConfig;

/// Redirect hops followed for one fetch of a feed (and by any use that takes [`Fetcher::limits`]).
pub const MAX_REDIRECTS: usize = 5;

/// Time a GET gets beyond its [`Limits::timeout`] before it is dropped as a whole: each request
/// of it (each hop) has the timeout, and this bounds the sum whatever the hops.
const GET_SLACK: Duration = Duration::from_secs(1);

/// Time a POST gets beyond its [`Limits::timeout`] before it is dropped as a whole.
const POST_SLACK: Duration = Duration::from_millis(500);

/// What one use of the shared client may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes of the answer's body (decompressed); a larger one fails with
    /// [`FetchError::TooLarge`].
    pub max_body: u64,
    /// Longest time of each request, body included (a GET as a whole gets a second more).
    pub timeout: Duration,
    /// Redirect hops a GET follows (0: a redirect fails it). A POST follows none.
    pub redirects: usize,
}

impl Limits {
    /// These limits with a body cap of at most `max` bytes.
    pub fn body_at_most(self, max: u64) -> Limits {
        Limits {
            max_body: self.max_body.min(max),
            ..self
        }
    }
}

/// Validators from the last successful (200) fetch.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// The `ETag` to send back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` to send back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A redirect that was followed.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// The redirect's status (301, 302, 307, 308).
    pub status: u16,
    /// Where it pointed.
    pub to: Url,
}

/// What one fetch gave.
#[derive(Debug)]
pub enum Outcome {
    /// 200 with a body.
    Modified {
        /// The body, at most `[fetch] max_body_bytes`.
        body: Vec<u8>,
        /// The URL that answered (after redirects).
        final_url: Url,
        /// Validators for the next conditional request.
        validators: Validators,
        /// Caching hint from Cache-Control max-age or Expires.
        cache_hint: Option<Duration>,
        /// Redirects followed on the way.
        redirects: Vec<Hop>,
    },
    /// 304: nothing changed.
    NotModified {
        /// How long the server says the answer stays fresh.
        cache_hint: Option<Duration>,
        /// Redirects followed on the way.
        redirects: Vec<Hop>,
    },
    /// 410: the feed is gone for good.
    Gone,
    /// 429 or 503: come back later (after `retry_after` when the server said).
    RetryLater {
        /// 429 or 503.
        status: u16,
        /// The server's `Retry-After`, when it gave a usable one.
        retry_after: Option<Duration>,
    },
    /// Anything else that failed.
    Failed(FetchError),
}

impl Outcome {
    /// Only a redirect chain made entirely of 301/308 moves a feed for good.
    pub fn permanent_move(&self) -> Option<&Url> {
        let redirects = match self {
            Outcome::Modified { redirects, .. } | Outcome::NotModified { redirects, .. } => {
                redirects
            }
            _ => return None,
        };
        if !redirects.is_empty() && redirects.iter().all(|h| matches!(h.status, 301 | 308)) {
            redirects.last().map(|h| &h.to)
        } else {
            None
        }
    }

    /// Short label for logs and state: "200", "304", "410", "timeout", ...
    /// What this outcome is called in a poll's report.
    pub fn status(&self) -> PollStatus {
        match self {
            Outcome::Modified { .. } => PollStatus::Http(200),
            Outcome::NotModified { .. } => PollStatus::Http(304),
            Outcome::Gone => PollStatus::Http(410),
            Outcome::RetryLater { status, .. } => PollStatus::Http(*status),
            Outcome::Failed(e) => e.status(),
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("http status {status}")]
    /// Any other status than 2xx, 304, 429 and 503.
    Status {
        /// The HTTP status.
        status: u16,
    },
    #[error("timed out")]
    /// The fetch took longer than `[fetch] timeout`.
    Timeout,
    /// The connection could not be made (DNS, refused, TLS, …); `detail` is the error chain,
    /// with the URL's secrets redacted.
    #[error("connection failed: {detail}")]
    Connect {
        /// The error chain, redacted.
        detail: String,
    },
    #[error("body larger than {limit} bytes")]
    /// The body was larger than `[fetch] max_body_bytes`.
    TooLarge {
        /// The limit.
        limit: u64,
    },
    #[error("more than {limit} redirects")]
    /// Too many redirects in one fetch.
    TooManyRedirects {
        /// The hops that use follows ([`Limits::redirects`]).
        limit: usize,
    },
    #[error("redirect loop at {url}")]
    /// A redirect back to a URL already visited.
    RedirectLoop {
        /// The URL (redacted).
        url: String,
    },
    /// A redirect without a `Location` header.
    #[error("redirect {status} without a Location header")]
    RedirectWithoutLocation {
        /// The HTTP status.
        status: u16,
    },
    /// A redirect to a location that is not an http(s) URL (redacted).
    #[error("redirect to an unusable location {location:?}")]
    BadRedirect {
        /// The location (redacted).
        location: String,
    },
    #[error("refused address {addr}: private addresses are not allowed")]
    /// The host resolved to an address the SSRF policy refuses.
    Refused {
        /// The refused address.
        addr: String,
    },
    /// The URL is not http(s).
    #[error("unsupported URL scheme {scheme:?}")]
    UnsupportedScheme {
        /// The scheme.
        scheme: String,
    },
    /// The URL has no host.
    #[error("URL without a host: {url}")]
    NoHost {
        /// The URL (redacted).
        url: String,
    },
    /// Any other failure of the HTTP exchange (a broken body, a protocol error); `detail` is
    /// the error chain, redacted.
    #[error("http error: {detail}")]
    Http {
        /// The error chain, redacted.
        detail: String,
    },
}

impl FetchError {
    /// Errors that will not go away by waiting.
    pub fn is_permanent(&self) -> bool {
        match self {
            FetchError::Status { status } => {
                matches!(status, 400 | 401 | 403 | 404 | 405 | 406 | 410 | 414 | 451)
            }
            FetchError::TooManyRedirects { .. }
            | FetchError::RedirectLoop { .. }
            | FetchError::BadRedirect { .. }
            | FetchError::RedirectWithoutLocation { .. }
            | FetchError::Refused { .. }
            | FetchError::UnsupportedScheme { .. }
            | FetchError::NoHost { .. }
            | FetchError::TooLarge { .. } => true,
            FetchError::Timeout | FetchError::Connect { .. } | FetchError::Http { .. } => false,
        }
    }

    /// What this failure is called in a poll's report.
    pub fn status(&self) -> PollStatus {
        match self {
            FetchError::Status { status } => PollStatus::Http(*status),
            FetchError::Timeout => PollStatus::Timeout,
            FetchError::Connect { .. } => PollStatus::ConnectError,
            FetchError::TooLarge { .. } => PollStatus::TooLarge,
            FetchError::TooManyRedirects { .. } => PollStatus::TooManyRedirects,
            FetchError::RedirectLoop { .. } => PollStatus::RedirectLoop,
            FetchError::BadRedirect { .. } | FetchError::RedirectWithoutLocation { .. } => {
                PollStatus::BadRedirect
            }
            FetchError::Refused { .. } => PollStatus::RefusedAddress,
            FetchError::UnsupportedScheme { .. } | FetchError::NoHost { .. } => PollStatus::BadUrl,
            FetchError::Http { .. } => PollStatus::FetchError,
        }
    }
}

/// Resolver that never hands reqwest a forbidden address.
struct GuardedResolver;

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| !crate::net::is_forbidden(a.ip()))
                .collect();
            if allowed.is_empty() {
                let shown = addrs
                    .first()
                    .map(|a| a.ip().to_string())
                    .unwrap_or_else(|| host.clone());
                return Err(
                    Box::new(RefusedAddr(shown)) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[derive(Debug)]
struct RefusedAddr(String);

impl std::fmt::Display for RefusedAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused address {}", self.0)
    }
}

impl std::error::Error for RefusedAddr {}

/// The shared HTTP client; cheap to clone (one connection pool).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    /// `[fetch]`'s limits: a feed's.
    limits: Limits,
    allow_private: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
/// The HTTP client could not be built (TLS set-up, bad user agent).
pub struct BuildError(String);

impl Fetcher {
    /// A fetcher with the `[fetch]` settings: its client-wide ones (user agent, connect timeout,
    /// idle connections per host, the SSRF guard) and its limits for feeds ([`Fetcher::limits`]).
    pub fn new(cfg: &FetchConfig) -> Result<Fetcher, BuildError> {
        // One process-wide crypto provider; a second install is a harmless no-op error.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // No client-wide total timeout: every request sets its use's own.
        let mut b = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .connect_timeout(cfg.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(cfg.max_per_host.max(2))
            .no_proxy();
        if !cfg.allow_private_addresses {
            b = b.dns_resolver(Arc::new(GuardedResolver));
        }
        let client = b.build().map_err(|e| BuildError(e.to_string()))?;
        Ok(Fetcher {
            client,
            limits: Limits {
                max_body: cfg.max_body_bytes,
                timeout: cfg.timeout,
                redirects: MAX_REDIRECTS,
            },
            allow_private: cfg.allow_private_addresses,
        })
    }

    /// A feed's limits, from `[fetch]`: `max_body_bytes`, `timeout`, [`MAX_REDIRECTS`].
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Fetch a feed at `url` once, within [`Fetcher::limits`].
    pub async fn fetch(&self, url: &Url, validators: &Validators) -> Outcome {
        self.get(url, validators, self.limits).await
    }

    /// GET `url` once within `limits`, following redirects by hand.
    pub async fn get(&self, url: &Url, validators: &Validators, limits: Limits) -> Outcome {
        // The total timeout also bounds a slow-drip body (reqwest's timeout covers the body too;
        // this outer bound keeps that true whatever the hops).
        match tokio::time::timeout(
            limits.timeout + GET_SLACK,
            self.get_inner(url, validators, limits),
        )
        .await
        {
            Ok(o) => o,
            Err(_) => Outcome::Failed(FetchError::Timeout),
        }
    }

    async fn get_inner(&self, url: &Url, validators: &Validators, limits: Limits) -> Outcome {
        let mut current = url.clone();
        let mut redirects: Vec<Hop> = Vec::new();
        let mut visited = vec![normalized(&current)];
        loop {
            if let Err(e) = self.check_url(&current) {
                return Outcome::Failed(e);
            }
            let mut req = self.client.get(current.clone()).timeout(limits.timeout);
            if let Some(etag) = &validators.etag {
                req = req.header("if-none-match", etag);
            }
            if let Some(lm) = &validators.last_modified {
                req = req.header("if-modified-since", lm);
            }
            let resp = match req.send().await {
                Ok(r) => r,
                Err(e) => return Outcome::Failed(classify(&e)),
            };
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(loc) = resp.headers().get("location").and_then(|v| v.to_str().ok()) else {
                    return Outcome::Failed(FetchError::RedirectWithoutLocation {
                        status: status.as_u16(),
                    });
                };
                let next = match current.join(loc) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") => u,
                    _ => {
                        return Outcome::Failed(FetchError::BadRedirect {
                            location: crate::net::redact_str(loc),
                        })
                    }
                };
                let key = normalized(&next);
                if visited.contains(&key) {
                    return Outcome::Failed(FetchError::RedirectLoop {
                        url: crate::net::redact(&next),
                    });
                }
                if redirects.len() >= limits.redirects {
                    return Outcome::Failed(FetchError::TooManyRedirects {
                        limit: limits.redirects,
                    });
                }
                visited.push(key);
                redirects.push(Hop {
                    status: status.as_u16(),
                    to: next.clone(),
                });
                current = next;
                continue;
            }
            let headers = resp.headers().clone();
            return match status.as_u16() {
                200 => match read_body(resp, limits.max_body).await {
                    Ok(body) => Outcome::Modified {
                        body,
                        final_url: current,
                        validators: Validators {
                            etag: header_str(&headers, "etag"),
                            last_modified: header_str(&headers, "last-modified"),
                        },
                        cache_hint: cache_hint(&headers, Utc::now()),
                        redirects,
                    },
                    Err(e) => Outcome::Failed(e),
                },
                304 => Outcome::NotModified {
                    cache_hint: cache_hint(&headers, Utc::now()),
                    redirects,
                },
                410 => Outcome::Gone,
                429 | 503 => Outcome::RetryLater {
                    status: status.as_u16(),
                    retry_after: headers
                        .get("retry-after")
                        .and_then(|v| retry_after(v, Utc::now())),
                },
                s => Outcome::Failed(FetchError::Status { status: s }),
            };
        }
    }

    fn check_url(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::UnsupportedScheme {
                scheme: url.scheme().to_owned(),
            });
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(url::Host::Domain(_)) => return Ok(()),
            None => {
                return Err(FetchError::NoHost {
                    url: crate::net::redact(url),
                })
            }
        };
        if !self.allow_private && crate::net::is_forbidden(ip) {
            return Err(FetchError::Refused {
                addr: ip.to_string(),
            });
        }
        Ok(())
    }

    /// POST `body` as JSON to `url` with `headers` (no redirect followed, whatever
    /// `limits.redirects`: a redirect is the answer; the same address guard as GETs), within
    /// `limits.timeout`: the status and at most `limits.max_body` bytes of the answer.
    pub async fn post_json(
        &self,
        url: &Url,
        body: Vec<u8>,
        headers: &[(&str, String)],
        limits: Limits,
    ) -> Result<(u16, Vec<u8>), FetchError> {
        self.check_url(url)?;
        let (timeout, max) = (limits.timeout, limits.max_body);
        let post = async {
            let mut req = self
                .client
                .post(url.clone())
                .timeout(timeout)
                .header("content-type", "application/json")
                .body(body);
            for (k, v) in headers {
                req = req.header(*k, v.as_str());
            }
            let mut resp = req.send().await.map_err(|e| classify(&e))?;
            let status = resp.status().as_u16();
            let mut answer = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
                if answer.len() as u64 + chunk.len() as u64 > max {
                    return Err(FetchError::TooLarge { limit: max });
                }
                answer.extend_from_slice(&chunk);
            }
            Ok((status, answer))
        };
        match tokio::time::timeout(timeout + POST_SLACK, post).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout),
        }
    }
}

/// Read the body chunk by chunk (already decompressed) and stop at `limit` bytes.
async fn read_body(mut resp: reqwest::Response, limit: u64) -> Result<Vec<u8>, FetchError> {
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(FetchError::TooLarge { limit });
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(FetchError::TooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => return Err(classify(&e)),
        }
    }
}

/// Most bytes of an answer from feedpush's own HTTP side (an OPML export of every feed).
pub const MAX_OWN_ANSWER: u64 = 64 << 20;

/// One request of the admin CLI to a running feedpush's HTTP side: `method` on `url` with
/// bearer `token` and an optional body (content type, bytes), within `timeout`; the status and
/// the answer. No address guard: it is the operator's own listener, usually on loopback.
pub async fn own_api(
    method: &str,
    url: &Url,
    token: &str,
    body: Option<(&str, Vec<u8>)>,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), FetchError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .user_agent(concat!("feedpush-cli/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .no_proxy()
        .build()
        .map_err(|e| classify(&e))?;
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| FetchError::Http {
        detail: e.to_string(),
    })?;
    let mut req = client.request(method, url.clone()).bearer_auth(token);
    if let Some((ct, bytes)) = body {
        req = req.header("content-type", ct).body(bytes);
    }
    let mut resp = req.send().await.map_err(|e| classify(&e))?;
    let status = resp.status().as_u16();
    let mut answer = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
        if answer.len() as u64 + chunk.len() as u64 > MAX_OWN_ANSWER {
            return Err(FetchError::TooLarge {
                limit: MAX_OWN_ANSWER,
            });
        }
        answer.extend_from_slice(&chunk);
    }
    Ok((status, answer))
}

fn normalized(u: &Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    u.to_string()
}

fn header_str(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|s| !s.is_empty() && s.len() <= 512)
}

fn classify(e: &reqwest::Error) -> FetchError {
    let mut src: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = src {
        if let Some(r) = s.downcast_ref::<RefusedAddr>() {
            return FetchError::Refused { addr: r.0.clone() };
        }
        src = s.source();
    }
    // reqwest names the URL in its messages: never with its credentials or query values.
    let mut text = error_chain(e);
    if let Some(u) = e.url() {
        text = text.replace(u.as_str(), &crate::net::redact(u));
    }
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        FetchError::Connect { detail: text }
    } else {
        FetchError::Http { detail: text }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

/// An HTTP date in any of the three forms HTTP allows (IMF-fixdate, RFC 850, asctime).
fn http_date(s: &str) -> Option<DateTime<Utc>> {
    httpdate::parse_http_date(s.trim())
        .ok()
        .map(DateTime::<Utc>::from)
}

/// `Retry-After`: delta-seconds or an HTTP date.
pub fn retry_after(v: &HeaderValue, now: DateTime<Utc>) -> Option<Duration> {
    let s = v.to_str().ok()?.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = http_date(s)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// How long the server says the response stays fresh (RFC 9111): `s-maxage` (feedpush is a
/// cache shared by all its subscribers), else `max-age`, less the response's `Age`; else
/// `Expires`. `no-cache` and `no-store` give no freshness at all.
pub fn cache_hint(h: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    if let Some(cc) = h.get("cache-control").and_then(|v| v.to_str().ok()) {
        let directive = |name: &str| {
            cc.split(',').find_map(|part| {
                let (k, v) = part.trim().split_once('=').unwrap_or((part.trim(), ""));
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().trim_matches('"'))
            })
        };
        if directive("no-cache").is_some() || directive("no-store").is_some() {
            return None;
        }
        let max_age = directive("s-maxage")
            .or_else(|| directive("max-age"))
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(secs) = max_age {
            let age = h
                .get("age")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(0);
            return Some(Duration::from_secs(secs.saturating_sub(age)));
        }
    }
    let at = http_date(h.get("expires")?.to_str().ok()?)?;
    (at - now).to_std().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            retry_after(&HeaderValue::from_static("120"), now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after(
                &HeaderValue::from_static("Wed, 21 Oct 2015 07:30:00 GMT"),
                now
            ),
            Some(Duration::from_secs(120))
        );
        // The two obsolete forms HTTP still requires recipients to read.
        for old in [
            "Wednesday, 21-Oct-15 07:30:00 GMT",
            "Wed Oct 21 07:30:00 2015",
        ] {
            assert_eq!(
                retry_after(&HeaderValue::from_static(old), now),
                Some(Duration::from_secs(120)),
                "{old}"
            );
        }
        assert_eq!(retry_after(&HeaderValue::from_static("soon"), now), None);
    }

    #[test]
    fn cache_hints() {
        let now = Utc::now();
        let mut h = HeaderMap::new();
        h.insert(
            "cache-control",
            HeaderValue::from_static("public, max-age=600"),
        );
        assert_eq!(cache_hint(&h, now), Some(Duration::from_secs(600)));
        assert_eq!(cache_hint(&HeaderMap::new(), now), None);
        let hint = |cc: &'static str, age: Option<&'static str>| {
            let mut h = HeaderMap::new();
            h.insert("cache-control", HeaderValue::from_static(cc));
            if let Some(a) = age {
                h.insert("age", HeaderValue::from_static(a));
            }
            cache_hint(&h, now)
        };
        // A shared cache reads s-maxage first; Age is what the response already spent.
        assert_eq!(
            hint("max-age=600, s-maxage=900", None),
            Some(Duration::from_secs(900))
        );
        assert_eq!(
            hint("Max-Age=600", Some("100")),
            Some(Duration::from_secs(500))
        );
        assert_eq!(hint("max-age=60", Some("600")), Some(Duration::ZERO));
        assert_eq!(hint("no-cache, max-age=600", None), None);
        assert_eq!(hint("no-store", None), None);
        // Expires in the RFC 850 form.
        let mut h = HeaderMap::new();
        let later = now + chrono::Duration::seconds(3600);
        let rfc850 = later.format("%A, %d-%b-%y %H:%M:%S GMT").to_string();
        h.insert("expires", HeaderValue::from_str(&rfc850).unwrap());
        let got = cache_hint(&h, now).unwrap();
        assert!(
            got <= Duration::from_secs(3600) && got >= Duration::from_secs(3598),
            "{got:?}"
        );
    }

    /// A loopback server: `/big` answers 2,000 bytes, `/moved` redirects to `/big`, `/silent`
    /// never answers.
    async fn server() -> std::net::SocketAddr {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
                    // The whole request is read (a POST's body too) before answering.
                    let length: usize = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    let at = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
                    let mut got = head.len() - at;
                    while got < length {
                        match conn.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => got += n,
                        }
                    }
                    let answer = if text.contains(" /big ") {
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: 2000\r\nconnection: close\r\n\r\n{}",
                            "x".repeat(2000)
                        )
                    } else if text.contains(" /moved ") {
                        "HTTP/1.1 302 Found\r\nlocation: /big\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
                    } else {
                        // Silent: hold the connection until the client gives up.
                        while let Ok(n) = conn.read(&mut buf).await {
                            if n == 0 {
                                return;
                            }
                        }
                        return;
                    };
                    let _ = conn.write_all(answer.as_bytes()).await;
                });
            }
        });
        addr
    }

    fn config(allow_private_addresses: bool) -> FetchConfig {
        FetchConfig {
            user_agent: "t".into(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            max_body_bytes: 1 << 20,
            allow_private_addresses,
            max_concurrent: 4,
            max_per_host: 2,
            per_host_interval: Duration::ZERO,
        }
    }

    /// One client, each use with its own body cap, redirect hops and time.
    #[tokio::test]
    async fn each_use_of_the_one_client_has_its_own_limits() {
        let addr = server().await;
        let f = Fetcher::new(&config(true)).unwrap();
        let url = |p: &str| Url::parse(&format!("http://{addr}{p}")).unwrap();
        let none = Validators::default();
        assert_eq!(
            f.limits(),
            Limits {
                max_body: 1 << 20,
                timeout: Duration::from_secs(30),
                redirects: MAX_REDIRECTS
            }
        );

        // A feed's limits take the body and follow the redirect.
        match f.fetch(&url("/moved"), &none).await {
            Outcome::Modified {
                body, redirects, ..
            } => {
                assert_eq!(body.len(), 2000);
                assert_eq!(redirects.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        // A smaller body cap stops the same answer.
        let small = f.limits().body_at_most(1000);
        assert_eq!(small.max_body, 1000);
        assert_eq!(
            f.limits().body_at_most(u64::MAX),
            f.limits(),
            "never raised"
        );
        assert!(matches!(
            f.get(&url("/big"), &none, small).await,
            Outcome::Failed(FetchError::TooLarge { limit: 1000 })
        ));
        // No hop allowed: the redirect fails the GET.
        let direct = Limits {
            redirects: 0,
            ..f.limits()
        };
        assert!(matches!(
            f.get(&url("/moved"), &none, direct).await,
            Outcome::Failed(FetchError::TooManyRedirects { limit: 0 })
        ));
        // A POST's own time, far shorter than the feeds' 30 s.
        let quick = Limits {
            max_body: 100,
            timeout: Duration::from_millis(200),
            redirects: 0,
        };
        let started = std::time::Instant::now();
        let r = f
            .post_json(&url("/silent"), b"{}".to_vec(), &[], quick)
            .await;
        assert!(matches!(r, Err(FetchError::Timeout)), "{r:?}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        // ... and its own answer cap.
        let r = f.post_json(&url("/big"), b"{}".to_vec(), &[], quick).await;
        assert!(
            matches!(r, Err(FetchError::TooLarge { limit: 100 })),
            "{r:?}"
        );
    }

    /// The address guard is the client's: no use gets around it.
    #[tokio::test]
    async fn every_use_keeps_the_address_guard() {
        let f = Fetcher::new(&config(false)).unwrap();
        let url = Url::parse("http://127.0.0.1:9/feed").unwrap();
        let none = Validators::default();
        let loose = Limits {
            max_body: u64::MAX,
            timeout: Duration::from_secs(1),
            redirects: 100,
        };
        assert!(matches!(
            f.get(&url, &none, loose).await,
            Outcome::Failed(FetchError::Refused { .. })
        ));
        assert!(matches!(
            f.post_json(&url, Vec::new(), &[], loose).await,
            Err(FetchError::Refused { .. })
        ));
    }

    #[test]
    fn only_all_permanent_chains_move() {
        let u = |s: &str| Url::parse(s).unwrap();
        let o = |hops: Vec<Hop>| Outcome::NotModified {
            cache_hint: None,
            redirects: hops,
        };
        let perm = o(vec![Hop {
            status: 301,
            to: u("http://a/x"),
        }]);
        assert_eq!(perm.permanent_move(), Some(&u("http://a/x")));
        let mixed = o(vec![
            Hop {
                status: 301,
                to: u("http://a/x"),
            },
            Hop {
                status: 302,
                to: u("http://a/y"),
            },
        ]);
        assert_eq!(mixed.permanent_move(), None);
    }
}
