//! Feed avatars: the scaled PNG of each node and where it came from.

use super::codec::*;
use super::{SledStore, StoreError};
use crate::model::Avatar;

impl SledStore {
    /// A node's avatar record (with its PNG when there is one).
    pub fn avatar(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        let Some(mut a) = self.avatar_record(node)? else {
            return Ok(None);
        };
        if let Some(png) = self.avatar_png.get(node.as_bytes())? {
            a.png = png.to_vec();
        }
        Ok(Some(a))
    }

    /// A node's avatar record without its PNG (`png` empty): where it came from, its hash, when
    /// it was checked. Storing it again with [`SledStore::put_avatar`] keeps the stored PNG.
    pub fn avatar_record(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        let Some(v) = self.avatars.get(node.as_bytes())? else {
            return Ok(None);
        };
        decode(node.as_bytes(), &v).map(Some)
    }

    /// Store a node's avatar record (and its PNG, when it has one).
    pub fn put_avatar(&self, node: &str, a: &Avatar) -> Result<(), StoreError> {
        if !a.png.is_empty() {
            self.avatar_png.insert(node.as_bytes(), a.png.as_slice())?;
        }
        self.avatars.insert(node.as_bytes(), encode(a))?;
        Ok(())
    }

    /// Forget a node's avatar (the feed was removed).
    pub(super) fn drop_avatar(&self, node: &str) -> Result<(), StoreError> {
        self.avatars.remove(node.as_bytes())?;
        self.avatar_png.remove(node.as_bytes())?;
        Ok(())
    }
}
