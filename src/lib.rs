//! # feedpush
//!
//! Fetches RSS/Atom/JSON feeds once, centrally, and republishes new entries as XEP-0060 pubsub
//! events from an XMPP external component (XEP-0114).
//!
//! ## Layout
//!
//! ```text
//!  feed servers ◄── fetch ◄── ingest ◄── scheduler           (poll side)
//!                     │          │ normalize, store (item, outbox job, then seen id: commit)
//!                     ▼          ▼
//!                           store (sled) ──► daemon::drain ──► xmpp (XEP-0114 link) ──► server
//!                             ▲                                   │ inbound stanzas
//!                             └──────────── pubsub::Service ◄─────┘ (XEP-0030/0060 requests)
//! ```
//!
//! | module | owns |
//! |---|---|
//! | [`config`] | `feeds.toml` → typed, validated [`config::Config`]; every error has `FILE:LINE:COL` |
//! | [`fetch`] | one HTTP GET (reqwest): validators, timeouts, size cap, manual redirects, SSRF guard |
//! | [`normalize`] | bytes → entries (feed-rs): stable ids, sanitised Atom payload, text body. Pure |
//! | [`store`] | the only sled user: feeds, items, seen ids, subscriptions, outbox |
//! | [`ingest`] | one feed's pipeline fetch → normalize → store; first fetch announces nothing |
//! | [`scheduler`] | when feeds are due (pure [`scheduler::policy`]) and the polling runtime: per-host slot and spacing, then global slots (user feeds hold at most half) |
//! | [`pubsub`] | the XEP-0030/0060 service logic over the store (no sockets): access (private user feeds), caps, presence, rate limits, notification rendering |
//! | [`xmpp`] | the only tokio-xmpp user: component link, reconnect, keep-alive, stanza I/O; reads stanzas as depth- and element-bounded trees and types them itself (strict) |
//! | [`daemon`] | `feedpush run`: supervised tasks, channels, shutdown, the outbox drain, group-committed acknowledgements, the idle user-feed sweep |
//! | [`net`] | URL policy: normalisation, user-feed node ids, non-public host names, redaction |
//! | [`ratelimit`] | per-JID and per-domain request budgets (the only governor user) |
//! | [`blocking`] | running store and parsing work off the async worker threads |
//!
//! `vendor/` holds patched copies of rxml and tokio-xmpp (a carriage-return fix and a settable
//! parser token limit; see `vendor/README.md`), used through `[patch.crates-io]`.
//!
//! Not there yet (later issues): the `http` module (axum: health, metrics, publish API, WebSub),
//! chat commands and per-feed contacts, MUC delivery, offline backlog. `[http] listen` is already
//! validated so configurations stay stable.
//!
//! `main.rs` is a thin clap front end: it parses arguments, sets up tracing and maps errors to
//! exit codes (2 for a bad configuration, 1 for other fatal errors).
//!
//! Semantics: an item is *published* once durably stored (flushed); its notifications are
//! outbox jobs written with it, before its seen id (the commit point), drained to the server
//! once the link is up.
//! The `component` feature of xmpp-parsers puts every typed stanza in
//! `jabber:component:accept`; c2s clients in this build (tests, the quickstart subscriber) use
//! `tests/harness/nsshim.rs`.

pub mod blocking;
pub mod config;
pub mod daemon;
pub mod fetch;
pub mod ingest;
pub mod net;
pub mod normalize;
pub mod pubsub;
pub mod ratelimit;
pub mod scheduler;
pub mod store;
pub mod xmpp;
