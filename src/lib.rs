//! # feedpush
//!
//! Fetches RSS/Atom/JSON feeds once, centrally, and republishes new entries as XEP-0060 pubsub
//! events from an XMPP external component (XEP-0114).
//!
//! ## Layout
//!
//! The folders are the subsystems; the picture is the data flow between them.
//!
//! ```text
//!  feed servers ◄── poll::fetch ◄── poll::ingest ◄── poll::scheduler (+ poll::policy)
//!                                     │ poll::normalize, then store (item, job, seen id)
//!                                     ▼
//!                                   store (sled) ──► delivery (outbox drain) ──► xmpp::link ──► server
//!                                     ▲                                            │ inbound stanzas
//!                                     └──────── xmpp::pubsub (XEP-0030/0060) ◄──────┘
//!  app: runs and supervises all of the above; main.rs: arguments, tracing, exit codes
//! ```
//!
//! | module | owns |
//! |---|---|
//! | [`app`] | `feedpush run`: spawning and supervising the tasks, stop order, signals, the request task (group-committed acknowledgements, idle user-feed sweep); [`app::poll`] for `feedpush poll` |
//! | [`config`] | `feeds.toml` → typed, validated [`config::Config`]; every error has `FILE:LINE:COL` |
//! | [`poll`] | the poll side, no XMPP: [`poll::policy`] (pure due-time maths), [`poll::scheduler`] (due queue; per-host slot and spacing, then global slots, user feeds at most half), [`poll::fetch`] (the only reqwest user), [`poll::normalize`] (bytes → entries, pure), [`poll::ingest`] (one feed's pipeline into the store), [`poll::status`] (what a poll came to) |
//! | [`store`] | the only sled user: feeds, items, seen ids, subscriptions, outbox, idle marks; typed API, no sled types outside |
//! | [`xmpp`] | [`xmpp::link`] (the only tokio-xmpp user: connect, reconnect, keep-alive, bounded and strict stanza reading) and [`xmpp::pubsub`] (the XEP-0030/0060 service: access, caps, presence, rate limits, notification rendering) |
//! | [`delivery`] | the outbox drain: durable jobs → batches on the link, cursors, the delivery guarantee |
//! | [`net`] | URL policy in one place: normalisation, host of a URL, SSRF ranges, non-public names, redaction |
//! | [`ratelimit`] | per-JID and per-domain request budgets (the only governor user) |
//! | [`blocking`] | running store and parsing work off the async worker threads |
//! | [`clock`] | the time source (Unix milliseconds) |
//! | [`backoff`] | the one backoff rule (doubling to a cap, jitter) for reconnects and failing feeds |
//!
//! Inside the bigger folders, one file per concern: `config/` (`raw` serde input, `validate`,
//! `error`), `store/` (`feeds`, `items`, `subs`, `outbox`, `codec`), `poll/normalize/` (`sniff`
//! before the parser, `text` for people, the entry conversion in `mod`).
//!
//! The module named `xmpp` is ours (`crate::xmpp`); the `xmpp` crate of xmpp-rs is not a
//! dependency. Still to come in this house (see the issues): a sans-I/O `xmpp::pubsub` that
//! reads a view of the state instead of the store, rendering moved to `delivery`, and the HTTP
//! side (`http/`).
//!
//! `vendor/` holds patched copies of rxml and tokio-xmpp (a carriage-return fix and a settable
//! parser token limit; see `vendor/README.md`), used through `[patch.crates-io]`.
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

#![warn(missing_docs, unreachable_pub)]

pub mod app;
pub mod backoff;
pub mod blocking;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod entry;
pub mod net;
pub mod poll;
pub mod ratelimit;
pub mod store;
pub mod text;
pub mod xmpp;
