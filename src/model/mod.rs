//! The service's vocabulary: entries (an item's typed content, no XML in it), feeds and nodes, their options, subscriptions (mode, filter,
//! digest), affiliations, items, held items and outbox jobs, with the parsers and limits that
//! belong to them. Nothing here knows how it is stored (`store` maps these to records) or sent
//! (`xmpp`, `http` render them).

mod affiliation;
mod avatar;
mod backlog;
mod entry;
mod feed;
mod item;
mod outbox;
mod subscription;

pub use affiliation::Affiliation;
pub use avatar::Avatar;
pub use backlog::{Backlog, Held};
pub use entry::{Body, Category, Content, Enclosure, Entry, Legacy, Link, Person};
pub use feed::{
    AccessModel, FeedState, Health, NodeOptions, Origin, PendingMove, PublishModel, SendLast,
};
pub use item::{Announce, Applied, Published, StoredItem};
pub use outbox::{Event, OutboxJob};
pub use subscription::{jid_domain, Digest, Filter, Mode, Subscription};

/// Counts for operators (what the store counts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Outbox jobs waiting.
    pub outbox_pending: u64,
    /// Subscriptions, all nodes.
    pub subscriptions: u64,
    /// Feeds and nodes by health (`ok`, `transient-error`, …; `push` for push-only nodes).
    pub feeds_by_health: Vec<(String, u64)>,
}
