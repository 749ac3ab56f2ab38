//! What is held for a contact subscriber who is away ([`Backlog`], [`Held`]).

use serde::{Deserialize, Serialize};

use super::{StoredItem, Subscription};

/// One held item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    /// The feed's node.
    pub node: String,
    /// The item as it was when held.
    pub item: StoredItem,
    /// When it was held (Unix ms).
    pub held_at: i64,
}

/// What is held for one subscriber.
#[derive(Debug, Default, PartialEq)]
pub struct Backlog {
    /// Oldest first.
    pub held: Vec<Held>,
    /// Items dropped from a full backlog, per node.
    pub skipped: Vec<(String, u64)>,
    /// Subscriptions whose digest went out with this delivery (their `digest_at` updated).
    pub digested: Vec<Subscription>,
}

impl Backlog {
    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.held.is_empty() && self.skipped.is_empty()
    }
}
