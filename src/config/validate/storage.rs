//! `[storage]`: which backend keeps the store (the embedded default, in `path`; or
//! PostgreSQL, a database named by `url` or `url_file`), how much of it stays in memory, how
//! many connections and how long to wait for one.

use std::path::{Path, PathBuf};

use toml::Spanned;

use super::ctx::Ctx;
use crate::config::raw::RawStorage;
use crate::config::{
    ConfigError, StorageBackend, StorageConfig, CACHE_MB_RANGE, DEFAULT_CACHE_MB,
    DEFAULT_DB_CONNECT_TIMEOUT, DEFAULT_POOL_SIZE, POOL_SIZE_RANGE,
};

/// The longest `connect_timeout` accepted.
const MAX_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// `[storage]` with the warnings it earns; `path` and `url_file` are relative to the
/// configuration file's folder.
pub(super) fn storage(
    cx: &Ctx<'_>,
    raw: Option<RawStorage>,
    base_dir: &Path,
) -> Result<(StorageConfig, Vec<String>), ConfigError> {
    let Some(s) = raw else {
        return Ok((
            StorageConfig {
                backend: StorageBackend::Embedded,
                path: PathBuf::from("/var/lib/feedpush"),
                cache_mb: DEFAULT_CACHE_MB,
            },
            Vec::new(),
        ));
    };
    let path = match &s.path {
        Some(p) if p.get_ref().is_empty() => {
            return cx.err(p.span(), "key `storage.path`: must not be empty".into())
        }
        Some(p) => base_dir.join(p.get_ref()),
        None => PathBuf::from("/var/lib/feedpush"),
    };
    let cache_mb = cx.in_range(
        "storage.cache_mb",
        s.cache_mb.as_ref(),
        DEFAULT_CACHE_MB,
        CACHE_MB_RANGE,
    )?;
    let mut warnings = Vec::new();
    let backend = match s.backend.as_ref().map(|b| b.get_ref().as_str()) {
        Some(name) if name == crate::store::POSTGRES_NAME => {
            let url = postgres_url(cx, &s, base_dir, &mut warnings)?;
            StorageBackend::Postgres {
                url,
                pool_size: cx.in_range(
                    "storage.pool_size",
                    s.pool_size.as_ref(),
                    DEFAULT_POOL_SIZE,
                    POOL_SIZE_RANGE,
                )?,
                connect_timeout: cx.bounded(
                    "storage.connect_timeout",
                    s.connect_timeout.as_ref(),
                    DEFAULT_DB_CONNECT_TIMEOUT,
                    MAX_CONNECT_TIMEOUT,
                )?,
            }
        }
        Some(other) if other != crate::store::EMBEDDED_NAME => {
            let span = s.backend.as_ref().map(Spanned::span).unwrap_or_default();
            return cx.err(
                span,
                format!(
                    "key `storage.backend`: {other:?} is not a backend ({:?} or {:?})",
                    crate::store::EMBEDDED_NAME,
                    crate::store::POSTGRES_NAME
                ),
            );
        }
        _ => {
            for (key, given) in [
                ("url", s.url.as_ref().map(Spanned::span)),
                ("url_file", s.url_file.as_ref().map(Spanned::span)),
                ("pool_size", s.pool_size.as_ref().map(Spanned::span)),
                (
                    "connect_timeout",
                    s.connect_timeout.as_ref().map(Spanned::span),
                ),
            ] {
                if let Some(span) = given {
                    return cx.err(
                        span,
                        format!(
                            "key `storage.{key}`: only for `backend = \"postgres\"` (the \
                             embedded store needs only `path`)"
                        ),
                    );
                }
            }
            StorageBackend::Embedded
        }
    };
    Ok((
        StorageConfig {
            backend,
            path,
            cache_mb,
        },
        warnings,
    ))
}

/// The connection string: `url`, or the contents of `url_file` (trimmed, as `secret_file`),
/// checked without connecting.
fn postgres_url(
    cx: &Ctx<'_>,
    s: &RawStorage,
    base_dir: &Path,
    warnings: &mut Vec<String>,
) -> Result<String, ConfigError> {
    let (url, span, from_file) = match (&s.url, &s.url_file) {
        (Some(_), Some(f)) => {
            return cx.err(
                f.span(),
                "key `storage.url_file`: give either `url` or `url_file`, not both".into(),
            )
        }
        (None, None) => {
            let span = s.backend.as_ref().map(Spanned::span).unwrap_or_default();
            return cx.err(
                span,
                "key `storage.url`: `backend = \"postgres\"` needs `url` or `url_file` \
                 (postgres://user@host/database)"
                    .into(),
            );
        }
        (Some(u), None) => (u.get_ref().trim().to_owned(), u.span(), false),
        (None, Some(f)) => (
            cx.trimmed_file("storage.url_file", f, base_dir)?,
            f.span(),
            true,
        ),
    };
    let key = if from_file {
        "storage.url_file"
    } else {
        "storage.url"
    };
    match crate::store::postgres::check_url(&url) {
        Err(why) => cx.err(
            span,
            format!(
                "key `{key}`: not a PostgreSQL connection string ({}): {why}",
                crate::store::postgres::shown_url(&url)
            ),
        ),
        Ok(notes) => {
            if let Some(host) = notes.unchecked_host {
                warnings.push(format!(
                    "{}: `{key}` reaches the database on {host} without checking its \
                     certificate: add sslmode=verify-full (and sslrootcert=FILE for a private \
                     authority)",
                    cx.path.display(),
                ));
            }
            if let Some(p) = notes.password.filter(|_| !from_file) {
                let placeholder = crate::config::PLACEHOLDER_SECRETS.contains(&p.as_str());
                warnings.push(format!(
                    "{}: `storage.url` carries {}the database's password in the \
                     configuration file: put the URL in `url_file` (readable by feedpush alone), \
                     or use a password file (.pgpass) or peer authentication",
                    cx.path.display(),
                    if placeholder {
                        "the example's placeholder as "
                    } else {
                        ""
                    },
                ));
            }
            Ok(url)
        }
    }
}
