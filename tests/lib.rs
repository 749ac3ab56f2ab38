//! The one integration-test binary: real Prosody, real HTTP feed server, real XMPP clients.
//! Each module is one area; `harness` holds the shared helpers.

mod harness;

mod cli;
mod cluster;
mod contacts;
mod fairness;
mod hostile_database;
mod hostile_http;
mod hostile_isolate;
mod hostile_link;
mod hostile_secrets;
mod hostile_store;
mod layout;
mod operators;
mod poller;
mod publish;
mod pubsub;
mod robustness;
mod smoke;
