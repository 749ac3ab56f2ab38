//! The commands of the `feedpush` binary, as library calls: each takes its parsed arguments,
//! prints what the command prints and returns a [`CliError`] that `main.rs` turns into an exit
//! status. [`daemon`] runs the service in this process (`run`, `poll`), [`local`] works on
//! this machine's files (`check-config`, `store verify|backup`, `token new`), [`admin`] talks
//! to a running instance (`feeds`, `subscribers`, `opml`) through [`remote`], the admin API's
//! client; [`report`] makes their listings.

use crate::app::DaemonError;
use crate::config::ConfigError;

pub mod admin;
pub mod daemon;
pub mod local;
pub mod remote;
pub mod report;

/// Why a command failed. [`CliError::is_refused`] tells a command refused before it started
/// (a configuration or an argument that cannot be used) from one that failed while working.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// `feeds.toml` was refused; the message starts with the file and the place.
    #[error("{0}")]
    Config(ConfigError),
    /// `token new` was given something that is not a node id.
    #[error("{node:?} is not a node id (1-64 of A-Z a-z 0-9 . _ -)")]
    NotANodeId {
        /// As given.
        node: String,
    },
    /// Where the running instance is, or its token, is missing or unusable.
    #[error("{0}")]
    Remote(remote::AdminCliError),
    /// The running instance could not be reached, refused, or answered something unreadable;
    /// or a file of the command could not be read or written.
    #[error("{}", chain(.0))]
    Admin(remote::AdminCliError),
    /// An answer could not be printed as JSON.
    #[error("{0}")]
    Json(serde_json::Error),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// The daemon (`run`) or the poller (`poll`) could not start or had to stop; shown with
    /// every cause.
    #[error("{}", chain(.0))]
    Daemon(DaemonError),
    /// The store could not be opened, read or copied (`store verify|backup`).
    #[error("{0}")]
    Store(DaemonError),
    /// `check-config --connect` could not reach the database, or it refused the role, its
    /// password or the database's name.
    #[error("cannot use the database at {database}: {source}")]
    Connect {
        /// Where, password withheld.
        database: String,
        /// What the server or the network said.
        source: crate::store::StoreError,
    },
    /// `store copy` was given a place that is not `sled:DIR`, `postgres:URL` or
    /// `postgres-file:FILE`.
    #[error("{spec:?}: {why}")]
    NotAStore {
        /// As given.
        spec: String,
        /// What is wrong with it.
        why: String,
    },
    /// `store copy` could not open, read or write a store, found the target not empty, or
    /// read the copy back different.
    #[error("{}", chain(.0))]
    Copy(crate::store::StoreError),
    /// `store verify` found records that do not decode, or that break the store's rules
    /// (each is printed).
    #[error("{records} records do not decode or break the store's rules")]
    Corrupt {
        /// How many.
        records: usize,
    },
}

impl CliError {
    /// Whether the command was refused before it started: a configuration it cannot use, or
    /// an argument that is not valid (as opposed to a failure while it worked).
    pub fn is_refused(&self) -> bool {
        matches!(
            self,
            CliError::Config(_)
                | CliError::NotANodeId { .. }
                | CliError::Remote(_)
                | CliError::Connect { .. }
                | CliError::NotAStore { .. }
                | CliError::Daemon(DaemonError::Store(
                    crate::store::StoreError::NameTaken { .. }
                ))
        )
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> CliError {
        CliError::Config(e)
    }
}

/// An error and each of its causes, `: `-separated; a cause whose words are already said
/// (errors that show their source in their own message) is not repeated.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}
