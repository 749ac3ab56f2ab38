//! `[storage]`: where the store lives and how much of it stays in memory.

use std::path::{Path, PathBuf};

use super::ctx::Ctx;
use crate::config::raw::RawStorage;
use crate::config::{ConfigError, StorageConfig, CACHE_MB_RANGE, DEFAULT_CACHE_MB};

/// `[storage]`; its `path` is relative to the configuration file's folder.
pub(super) fn storage(
    cx: &Ctx<'_>,
    raw: Option<RawStorage>,
    base_dir: &Path,
) -> Result<StorageConfig, ConfigError> {
    let Some(s) = raw else {
        return Ok(StorageConfig {
            path: PathBuf::from("/var/lib/feedpush"),
            cache_mb: DEFAULT_CACHE_MB,
        });
    };
    if s.path.get_ref().is_empty() {
        return cx.err(
            s.path.span(),
            "key `storage.path`: must not be empty".into(),
        );
    }
    Ok(StorageConfig {
        path: base_dir.join(s.path.get_ref()),
        cache_mb: cx.in_range(
            "storage.cache_mb",
            s.cache_mb.as_ref(),
            DEFAULT_CACHE_MB,
            CACHE_MB_RANGE,
        )?,
    })
}
