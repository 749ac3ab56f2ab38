//! Items: one stored item of a node ([`StoredItem`]), what a fetch or a publish did to a
//! node's items ([`Applied`], [`Published`]) and which of those changes are announced
//! ([`Announce`]).

use serde::{Deserialize, Serialize};

use crate::model::Entry;

/// One stored item of a node: the entry as ingest handed it over, plus where and when.
/// Records written before the entry was typed read back with [`Entry::legacy`] set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredItem {
    /// Position in the node: higher is newer.
    pub seq: u64,
    /// Unix ms when it was stored.
    pub stored_at: i64,
    #[serde(flatten)]
    /// The entry.
    pub entry: Entry,
}

/// What applying one fetch changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Entries never seen before, oldest first.
    pub new: Vec<StoredItem>,
    /// Entries seen before whose content changed (still stored), oldest first.
    pub updated: Vec<StoredItem>,
}

/// Which changes of a fetch get an outbox job (written just before the items).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Announce {
    /// New entries get one.
    pub new: bool,
    /// Changed entries get one.
    pub updates: bool,
}

/// What publishing one item did.
#[derive(Debug, Clone, PartialEq)]
pub enum Published {
    /// A new item, stored (and announced).
    New(StoredItem),
    /// An item with this id existed with other content: replaced (announced when asked).
    Updated(StoredItem),
    /// The same item again: nothing changed, nothing announced.
    Unchanged(StoredItem),
}

impl Published {
    /// The stored item.
    pub fn item(&self) -> &StoredItem {
        match self {
            Published::New(i) | Published::Updated(i) | Published::Unchanged(i) => i,
        }
    }
}
