//! # feedpush
//!
//! Fetches RSS/Atom/JSON feeds once, centrally, and republishes new entries as XEP-0060 pubsub
//! events from an XMPP external component (XEP-0114).
//!
//! ## Layout
//!
//! | module | owns |
//! |---|---|
//! | [`config`] | `feeds.toml` → typed, validated [`config::Config`]; every error has `FILE:LINE:COL` |
//!
//! `main.rs` is a thin clap front end: it parses arguments, sets up tracing and maps errors to
//! exit codes (2 for a bad configuration).

pub mod config;
pub mod daemon;
pub mod fetch;
pub mod ingest;
pub mod normalize;
pub mod pubsub;
pub mod scheduler;
pub mod store;
pub mod xmpp;
