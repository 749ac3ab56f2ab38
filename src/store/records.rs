//! Every record of a store as the backends share it ([`Record`]): what
//! [`crate::store::Admin::export`] reads and [`crate::store::Admin::import`] writes for a copy
//! ([`crate::store::copy`]), in the service's vocabulary with no backend's layout.

use serde::Serialize;

use crate::model::{Affiliation, Avatar, FeedState, Held, OutboxJob, StoredItem, Subscription};

/// What is stored of one node's items: the items (by number), the ids seen in its feed with
/// when they were last seen (by id), when its items last changed and when its seen ids were
/// last pruned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeItems {
    /// The node.
    pub node: String,
    /// When its items last changed (Unix ms).
    pub changed_at: Option<i64>,
    /// When its seen ids were last pruned (Unix ms).
    pub last_prune: Option<i64>,
    /// Its items, oldest (lowest number) first.
    pub items: Vec<StoredItem>,
    /// Ids seen in its feed and when last (Unix ms), by id.
    pub seen: Vec<(String, i64)>,
}

impl NodeItems {
    /// Whether there is anything to copy (a node without any is not exported).
    pub fn is_empty(&self) -> bool {
        self.changed_at.is_none()
            && self.last_prune.is_none()
            && self.items.is_empty()
            && self.seen.is_empty()
    }
}

/// One record of a store, as every backend can write it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Record {
    /// A feed or push node, with its options.
    Feed(FeedState),
    /// A user feed nobody follows (`node`), and `since` when (Unix ms).
    #[allow(missing_docs)]
    Unfollowed { node: String, since: i64 },
    /// A node's items, seen ids and times.
    Node(NodeItems),
    /// A subscription with its options.
    Subscription(Subscription),
    /// A JID's affiliation with a node.
    #[allow(missing_docs)]
    Affiliation {
        node: String,
        jid: String,
        affiliation: Affiliation,
    },
    /// An outbox job, with its cursor.
    Job(OutboxJob),
    /// An item held for an away subscriber (`jid`).
    #[allow(missing_docs)]
    Held { jid: String, held: Held },
    /// How many items a full backlog dropped for a subscriber and node.
    #[allow(missing_docs)]
    Skipped {
        jid: String,
        node: String,
        count: u64,
    },
    /// A node's avatar record with its PNG.
    #[allow(missing_docs)]
    Avatar { node: String, avatar: Avatar },
    /// Last of an import: every number the target gives from now on is above `above`
    /// (numbers are `n << 16`; this is the highest `n` copied).
    #[allow(missing_docs)]
    Numbers { above: u64 },
}

impl Record {
    /// The highest number (`n` of `n << 16`) this record carries.
    pub(super) fn number(&self) -> u64 {
        let n = match self {
            Record::Node(n) => n.items.iter().map(|i| i.seq).max().unwrap_or(0),
            Record::Job(j) => j.key.max(j.item_seq),
            Record::Held { held, .. } => held.item.seq,
            _ => 0,
        };
        n >> 16
    }
}
