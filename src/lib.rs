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
//!                                     │ normalize: bytes → typed model::Entry
//!                                     ▼
//!                                   store (contract) ──► delivery (outbox drain) ──► xmpp::link ──► server
//!                                     ▲                    │ renders with                │ inbound
//!                          Change     │                    ▼                             ▼
//!                     service (request loop) ◄──► xmpp::pubsub (sans I/O: XEP-0030/0060, render)
//!                                     ▲ Call (publish, retract, admin)
//!  web apps, scripts, feed readers ──► http (axum: /v1 publish API, /v1/admin, Atom out, OpenAPI)
//!  store (contract): the traits store::Store and store::Admin; behind them SledStore (embedded) and PgStore (PostgreSQL)
//!  model: the nouns all of them share; app: wires and supervises the tasks
//!  cli: the binary's commands (run, poll, check-config, store, token, admin client)
//!  main.rs: arguments, tracing, exit codes
//! ```
//!
//! Imports go one way: `cli` → `app` → `http` → `service` → `xmpp` → `model`; `app` → `delivery` →
//! `xmpp`; `app` → `cluster` → `poll` and `store`; `service`, `delivery` and `poll` → `store` → `model`; `service` and `delivery` use
//! `poll` (scheduler commands, discovery, the shared HTTP client). Every folder may use
//! [`model`], which imports nothing of ours but [`net`] and [`text`]; `poll`, `xmpp` and
//! `http` use [`normalize`] (one entry as a publisher pushes it is parsed like a polled one).
//! The protocol core (`xmpp::pubsub`) reads through its `State` port and imports nothing of
//! `store`; `poll` and `xmpp` never import each other, and no folder imports one that imports
//! it back.
//!
//! | module | owns |
//! |---|---|
//! | [`app`] | `feedpush run`: wiring the channels and spawning and supervising the tasks, stop order, signals; `app::reports` (each poll's report: wake the drain, metrics, health changes, avatars), `app::upkeep` (the link's state for systemd and `/healthz`, the watchdog, feed times written lazily, the minute summary); `app::reload` applies a changed `feeds.toml` on SIGHUP without dropping the link; [`app::systemd`] tells systemd (READY, STATUS, WATCHDOG, RELOADING, STOPPING; the only sd-notify user); [`app::offline`] opens a stopped instance's store for `feedpush store verify|backup` (and the database for `feedpush cluster status`); `app::opening` opens the store at start off the async threads, waiting with backoff for a database that does not answer yet (`/healthz` 503 meanwhile, systemd's start timeout extended); [`app::storeguard`] notices a store that stopped writing, waits for its disk to have room and has the daemon run itself again to reopen it, waits for a database out of reach to answer again (or exits when the error does not heal); [`app::poll`] polls without XMPP for `feedpush poll` |
//! | [`cli`] | the binary's commands as library calls, each printing its output and returning a [`cli::CliError`] for `main.rs` to turn into an exit status: [`cli::daemon`] (`run`, `poll`, on a runtime sized for them), [`cli::local`] (`check-config`, `store verify|backup|copy`, `cluster status`, `token new`), [`cli::admin`] (`feeds`, `subscribers`, `opml` against a running instance) through [`cli::remote`] (the admin API's client, its address and token), [`cli::report`] (the listings as text: tables, poll lines) |
//! | [`cluster`] | this instance among several on one PostgreSQL database (`[cluster]`): joining under a unique name (exit 2 while a live instance has it), every third of a lease renewing what it holds, taking poll leases (one per web host, so politeness holds across the cluster) up to its share of the live instances and giving back what is above it, with `link = "leader"` taking the link, and the outbox's parts by node hash (its share of them with a link each, all of them with the link's holder: one drain per part keeps each node's order); the store's fence set from what it holds, the scheduler told which feeds are its to poll, the drain and the link told whether they may run; leases given back at a clean stop; each instance telling which `feeds.toml` it runs and seeing whether it is the cluster's ([`cluster::View`], for `/healthz` and the status page); [`cluster::presence`]: subscribers' presence shared through the store (this instance's changes written from the core's log within a quarter second, the others' applied to the drain's map when the database announces them); the store side is [`store::cluster`] |
//! | [`config`] | `feeds.toml` → typed, validated [`config::Config`]; every error has `FILE:LINE:COL` (`raw` serde input, `validate/` with one module per section of the file and `ctx` for the conversions they share, `error`); [`config::reload`]: what a reload changes and the swappable [`config::Swap`]; `shared`: the hash of what the instances of a cluster must agree on |
//! | [`model`] | the service's vocabulary, free of any store or wire type: entries ([`model::Entry`], typed, no XML), feeds and nodes ([`model::FeedState`], `Origin`, `Health`, [`model::NodeOptions`]), subscriptions with their mode, filter and digest (and their parsers and limits), affiliations, stored items, held items, outbox jobs, the store's counts |
//! | [`service`] | the request task between the link and the store, the owner of the protocol core (`xmpp::pubsub::Service`, taken to the blocking thread with each batch and brought back, so no other task changes it): batches of inbound stanzas, the HTTP side's [`service::Call`]s, fetched addresses and the idle sweep run through the protocol core on a blocking thread (`steps`), its `Change`s applied in order (`state`: the core's `State` answered from the store; `batch`: a batch of stanzas' view of it, the subscriptions its subscribe requests read fetched in one query and those it stores written in one, before anything could see them missing), acknowledgements after one flush per batch (group commit), the watchdog's probe |
//! | [`normalize`] | bytes → entries, pure (feed-rs): `sniff` before the parser, `compat` structured repairs, the conversion in `mod` (given up past a time bound), [`normalize::flatten`] (entry HTML made well nested and at most 128 levels deep in one linear pass before the sanitiser), `single` for one entry as a publisher pushes it (an Atom `<entry/>`, or the HTTP API's JSON) |
//! | [`http`] | the HTTP side, the only axum user: the `/v1` publish API (`items`: publish, read, retract, list nodes), bearer tokens by SHA-256 with scopes and budgets (`auth`), JSON errors (`error`), Atom out with validators (`atom`), the generated OpenAPI document (`openapi`, utoipa), the operators' `/healthz` and `/metrics` (`ops`), the status page (`status`, askama: search, filter, sort and paging, web hosts, the cluster's instances; users' feeds only counted without an admin token; `chart`: its SVG charts), the admin API behind `feedpush feeds|subscribers|opml` (`admin`), the answers while the daemon waits for its store at start (`starting`: 503 with Retry-After, `/healthz` with the reason), the accept loop over hyper with its connection caps (all clients, per IP, below the file limit) and header, body and idle timeouts (`conns`); reads through [`xmpp::pubsub::State`], writes as [`service::Call`]s to the request task |
//! | [`poll`] | the poll side, no XMPP: [`poll::policy`] (pure due-time maths), [`poll::scheduler`] (due queue; per-host slot and spacing, then global slots, user feeds at most half), [`poll::fetch`] (the only reqwest user: the daemon's one HTTP client, shared by polls, discovery, avatars and the callbacks' POSTs, each use with its own body cap, time and redirect hops (`Limits`), one SSRF guard for all; GETs with redirects by hand, and `own_api` for the admin commands), [`poll::discover`] (is an address a feed, or a page naming feeds: the only html5ever user besides the sanitiser), [`poll::avatar`] (a feed's image or favicon as a 96×96 PNG: the only image user), [`poll::ingest`] (one feed's pipeline into the store), [`poll::status`] (what a poll came to) |
//! | [`store`] | the durable state behind one contract, the only user of the embedded database and of zstd (in the embedded backend's folder) and of the PostgreSQL client (in its own): [`store::contract`] holds the traits every backend implements, [`store::Store`] (what the service, the poller, delivery, the HTTP side and the upkeep use, as `Arc<dyn Store>`: feeds and push nodes with their options, items numbered under their node's lock, seen ids, subscriptions with a JID's index, the outbox, backlogs, avatars, affiliations, and the indexed queries the core needs) and [`store::Admin`] (`store verify|backup`, and the export and import of every record for `store copy`), [`store::cluster`] (what several instances on one store share: members, leases with an end and a generation on the store's clock, the fence that refuses a poll's result written under a lease that no longer holds; the PostgreSQL backend's `cluster`), with their semantics: what is durable once acknowledged (a write, then a flush that started after it), numbering, outbox order, what each query returns; the shared parts: [`store::StoreError`] (no database type in it: a `BackendError`), the limits, [`store::flush_async`] (group commit), [`store::open`] (the one place that picks the backend); [`store::copy`]: a store copied into another, empty one through neutral records, compared table by table (counts and checksums); `contract_suite` (tests only): the contract as tests, one set run on every backend (crash order with a killed writer, concurrent writers on one node, numbering under the node's lock); [`store::postgres`] (its own folder, the only user of tokio-postgres, deadpool-postgres and refinery): the PostgreSQL backend, plain tables (`migrations/`, versioned, applied at open), every writing method one transaction, writers of a node's items in turn on the node's row, commits made durable by a flush that waits for the write-ahead log, its own small runtime driving the connections, statements prepared once per connection and a changed fetch in two round trips (its statements sent together), feeds and their affiliations kept as last read and forgotten by every write of them (one instance owns the database), calls failing at once while the database is out of reach, but for one every 2 s (and the store guard's check), until one reaches it (`feeds`, `items`, `fetch`: one fetch's transaction in two round trips, `subs`, `outbox`, `backlog`, `avatars`, `copy`, `contract`; `tls`: libpq's `sslmode`/`sslrootcert` through rustls, the only user of tokio-postgres-rustls and the platform verifier; `testdb` in tests: a throwaway server that a test may stop and start, with TLS when asked); `feed_keys`: what a feed is found by (normalised and redacted URL, owner, health), derived the same way by both backends; `SledStore` (its own folder, the only one naming the database): the embedded backend, typed over [`model`]'s types (`feeds`, `items`, `chunks`: a node's items in compressed chunks with its id records, each operation's writes in a crash-safe order, `migrate`: older stores brought to that layout at open, `nodes`, `subs`, `jid_index`: a JID's subscribed nodes in records of at most 128, so no subscribe costs more for a JID that has many (the JIDs with more than one record known in memory: any other is one point read), `outbox`, `backlog`, `avatars`, `copy`: its records for a copy, and the floor its numbering continues above, `cache`: every feed's state in memory, written through, times of quiet polls written lazily, `feed_index`: its indexes (by normalised URL, by redacted URL, by lowercase node, user feeds, counts by health) that answer the core's indexed queries, `codec`, `contract`: the traits' methods) |
//! | [`xmpp`] | [`xmpp::link`] (the only tokio-xmpp user: connect, reconnect, keep-alive (without waiting for its own answers on a server that spreads a component's stanzas), TCP keep-alive (the only socket2 user), bounded and strict stanza reading, each outbound stanza written whole or not at all, so one that cannot be serialised fails alone), [`xmpp::stanza`] (what the link carries: `Inbound`, `Outbound`, `Fanout`), [`xmpp::router`] (where a stanza goes: the service JID or a feed's contact `node@component`) and [`xmpp::pubsub`], the protocol core: one stanza plus a read-only `State` in, stanzas and `Change`s out; deterministic (same stanzas, times, seed and state: same output, byte for byte, which `pubsub::replay` tests): owned by the request task (`&mut self`), the time of each request passed in, random ids (item ids, instant nodes, user feeds' node ids) from the generator its owner passes (seeded from the operating system by the daemon, with a constant by tests), what it remembers between requests one bounded `Volatile` struct (`volatile`: presence, the recent-presence, bounce, discovery and callback LRUs, the request budgets on the request's time); other tasks read its narrow `Shared` handle (`shared`: configuration swapped by a reload, rendering with its cache, presence for the drain's decision, bounce counts); one file per concern (`disco`, `subscribe` for subscribers (§6), `options`, `presence`, `contacts` for feeds as roster contacts, `commands` for chat commands, `publish` for publishers (XEP-0060 §7, and the typed publish/retract API the HTTP side shares), `owner` for owners (§8), `admin` for operators' changes to the feed list, `callbacks` for messages to a node's contact, `bounces` for notifications that come back as errors, `render`, `errors`, `wire`, `state`) |
//! | [`delivery`] | the outbox drain: durable jobs → rounds on the link (up to 64 jobs a round, one flush and one link write each; one fan-out per shape of message: pubsub event with or without body, chat/normal/headline from the contact; items for away contact subscribers held in their backlog), cursors, the delivery guarantee; [`delivery::backlog`] delivers backlogs when subscribers are back and probes contacts' presence after (re)connecting; [`delivery::avatars`] keeps avatars current and tells contact subscribers when one changes; [`delivery::callbacks`] POSTs messages to nodes' callbacks (signed, the only hmac user) and sends their replies; [`delivery::callback_gate`] keeps nodes' callbacks apart (slots per callback host, a bound on each node's waiting messages, a breaker per host) |
//! | [`feedlist`] | OPML subscription lists for `export` and `import` (the only opml user) |
//! | [`text`] | text for people, shared: HTML → text, entities, cutting, XML-safe characters |
//! | [`net`] | URL policy in one place: normalisation, host of a URL, SSRF ranges, non-public names, node ids for added feeds (random for users' feeds, from the core's generator), the one redaction of URLs (`net::redact`: everything shown to anybody but admins and a user feed's adder, logs, errors) |
//! | [`ratelimit`] | per-JID and per-domain request budgets (the only governor user), counted on the time the core gives them ([`ratelimit::GivenClock`]) |
//! | [`blocking`] | running store and parsing work off the async worker threads (the poll side's a few at a time: `run_bulk`) |
//! | [`telemetry`] | Prometheus metrics (the only user of `metrics` and its exporter): counters the other modules bump, gauges read at scrape time; the last day of fetches per feed for the status page |
//! | [`clock`] | the time source (Unix milliseconds); the pubsub core gets the time as an argument |
//! | [`backoff`] | the one backoff rule (doubling to a cap, jitter) for reconnects and failing feeds |
//!
//! Where this differs from the first sketch of the house, and why:
//! - Rendering (the Atom payload, the chat body, the notification) lives in
//!   `xmpp::pubsub::render`, not in `delivery`: the items reply of the protocol core needs it
//!   as much as the drain does, and with it in `delivery` the two folders would import each
//!   other. It is still "the delivery side": nothing on the feed side makes XML.
//! - `xmpp::stanza` holds the link's vocabulary, so the core and the drain use the link's
//!   types without importing the link.
//! - The module named `xmpp` is ours (`crate::xmpp`); the `xmpp` crate of xmpp-rs is not a
//!   dependency, so the name collides with nothing this crate uses.
//! - `normalize` left `poll/` when publishing arrived: a pushed entry is parsed exactly like a
//!   polled one, by the XMPP side and the HTTP side, which must not import the poll side.
//! - Push-only nodes are feeds without a URL (`model::Origin::Push` from the file,
//!   `Origin::Created` at run time): one record per node keeps every node-level reader
//!   (disco, contacts, delivery) the same for both.
//!
//! `vendor/` holds patched copies of rxml, tokio-xmpp and the embedded store's database (a
//! carriage-return fix, a settable parser token limit, a stream encoder that puts its state
//! back after a stanza that fails, and a store clean-up that no longer relocates pages for ever
//! on an idle store; see `vendor/README.md`), used through `[patch.crates-io]`.
//!
//! `main.rs` is a thin clap front end: it parses arguments, sets up tracing (text, JSON or
//! journald), starts the daemon again when its store must be reopened, calls [`cli`] and maps
//! its errors to exit codes (2 for a bad configuration, 1 for other fatal errors).
//!
//! Logs are tracing events with structured fields, inside one of three spans (shown by every
//! format; `--log-format json` puts them in `span` and `spans`): `request` for each stanza or
//! HTTP call the core handles (`kind`: `iq-get disco#items`, `message chat`, `presence`,
//! `http publish`, …; the sender's `jid`, or the HTTP `token` and `node`), `poll` for each
//! fetch of a feed (`node`, `host`), `delivery` for each round of the outbox drain (`jobs`).
//! [`blocking::run`] carries the caller's span onto the blocking pool.
//!
//! Semantics: an item is *published* once durably stored (flushed); its notifications are
//! outbox jobs written just before it, drained to the server
//! once the link is up.
//! The `component` feature of xmpp-parsers puts every typed stanza in
//! `jabber:component:accept`; c2s clients in this build (tests, the quickstart subscriber) use
//! `tests/harness/nsshim.rs`.

#![warn(missing_docs, unreachable_pub)]

pub mod app;
pub mod backoff;
pub mod blocking;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod delivery;
pub mod feedlist;
pub mod http;
pub mod model;
pub mod net;
pub mod normalize;
pub mod poll;
pub mod ratelimit;
pub mod service;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod xmpp;
