//! The poll side: when feeds are due ([`policy`], [`scheduler`]), fetching them ([`fetch`], the
//! only reqwest user), turning bytes into entries (with [`crate::normalize`], pure) and one feed's
//! pipeline into the store ([`ingest`]), and what a poll came to ([`status`]). It knows nothing of XMPP.

pub mod avatar;
pub mod discover;
pub mod fetch;
pub mod ingest;
pub mod policy;
pub mod scheduler;
pub mod status;
