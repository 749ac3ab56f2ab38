//! `[cluster]`: this instance among several on one PostgreSQL database: its name (the
//! machine's by default), the lease that bounds how long a dead instance's work waits, and
//! which instances attach to the XMPP server.

use toml::Spanned;

use super::ctx::Ctx;
use crate::config::raw::RawCluster;
use crate::config::{
    ClusterConfig, ClusterLink, ConfigError, StorageBackend, StorageConfig, DEFAULT_LEASE,
    LEASE_RANGE,
};

/// The longest instance name accepted.
const MAX_INSTANCE_LEN: usize = 64;

/// `[cluster]`, only beside `[storage] backend = "postgres"` (the instances share the store
/// through the database).
pub(super) fn cluster(
    cx: &Ctx<'_>,
    raw: Option<Spanned<RawCluster>>,
    storage: &StorageConfig,
) -> Result<Option<ClusterConfig>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    if !matches!(storage.backend, StorageBackend::Postgres { .. }) {
        return cx.err(
            raw.span(),
            "`[cluster]` needs `[storage] backend = \"postgres\"`: instances share their store \
             through the database (the embedded store belongs to one process)"
                .into(),
        );
    }
    let c = raw.into_inner();
    let instance = match &c.instance {
        Some(i) => {
            let name = i.get_ref();
            if name.is_empty()
                || name.len() > MAX_INSTANCE_LEN
                || name.chars().any(|ch| ch.is_whitespace() || ch.is_control())
            {
                return cx.err(
                    i.span(),
                    format!(
                        "key `cluster.instance`: {name:?} is not a name (1 to \
                         {MAX_INSTANCE_LEN} characters, no spaces)"
                    ),
                );
            }
            name.clone()
        }
        None => crate::net::machine_name(),
    };
    let lease = cx.bounded(
        "cluster.lease",
        c.lease.as_ref(),
        DEFAULT_LEASE,
        LEASE_RANGE.1,
    )?;
    if lease < LEASE_RANGE.0 {
        let span = c.lease.as_ref().map(Spanned::span).unwrap_or_default();
        return cx.err(
            span,
            format!(
                "key `cluster.lease`: shorter than {} (every instance renews its leases every \
                 third of it)",
                humantime::format_duration(LEASE_RANGE.0)
            ),
        );
    }
    let link = match c.link.as_ref().map(|l| (l.get_ref().as_str(), l.span())) {
        None | Some(("leader", _)) => ClusterLink::Leader,
        Some(("every", _)) => ClusterLink::Every,
        Some((other, span)) => {
            return cx.err(
                span,
                format!(
                    "key `cluster.link`: {other:?} is neither \"every\" (each instance has its \
                     own link: ejabberd) nor \"leader\" (one at a time: Prosody)"
                ),
            )
        }
    };
    Ok(Some(ClusterConfig {
        instance,
        lease,
        link,
    }))
}
