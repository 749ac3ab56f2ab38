//! `feedpush store verify|backup`: work on a stopped instance's store (this process takes its
//! lock; a running feedpush makes them fail with "another feedpush is using the store");
//! `feedpush cluster status`: the instances on a database, running or not.

use std::path::Path;

use super::DaemonError;
use crate::config::Config;
use std::sync::Arc;

use crate::store::{Admin, StoreError, Verified};

fn open_existing(cfg: &Config) -> Result<Arc<dyn Admin>, DaemonError> {
    if cfg.storage.backend != crate::config::StorageBackend::Embedded {
        return Ok(crate::store::open_at(&super::store_location(cfg))?);
    }
    if !cfg.storage.path.join("db").exists() {
        return Err(DaemonError::Store(StoreError::Task(format!(
            "no store at {}",
            cfg.storage.path.display()
        ))));
    }
    Ok(crate::store::open(&cfg.storage.path, cfg.storage.cache_mb)?)
}

/// Read and decode every record of the store.
pub fn verify(cfg: &Config) -> Result<Verified, DaemonError> {
    let store = open_existing(cfg)?;
    let v = store.verify()?;
    store.close();
    Ok(v)
}

/// Copy the store into `dest`; returns the bytes copied.
pub fn backup(cfg: &Config, dest: &Path) -> Result<u64, DaemonError> {
    let store = open_existing(cfg)?;
    let n = store.backup(dest)?;
    store.close();
    Ok(n)
}

/// Every instance the store knows (`[cluster]`), live or not, with the leases each holds.
pub fn members(cfg: &Config) -> Result<Vec<crate::store::cluster::Member>, DaemonError> {
    let store = open_existing(cfg)?;
    let lease = cfg
        .cluster
        .as_ref()
        .map_or(crate::config::DEFAULT_LEASE, |c| c.lease);
    let members =
        match store.cluster() {
            Some(c) => c.members(lease)?,
            None => return Err(DaemonError::Store(StoreError::Unsupported(
                "several instances need the PostgreSQL backend ([storage] backend = \"postgres\")"
                    .into(),
            ))),
        };
    store.close();
    Ok(members)
}
