//! Feed avatars (`avatars`): where each node's image came from, its hash, and the scaled PNG.

use super::{corrupt, PgStore, Prepared, StoreError};
use crate::model::Avatar;

impl PgStore {
    /// A node's avatar, with its PNG when `png`.
    fn read_avatar(&self, node: &str, png: bool) -> Result<Option<Avatar>, StoreError> {
        let node = node.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let sql = if png {
                "SELECT record, png FROM avatars WHERE node = $1"
            } else {
                "SELECT record, NULL::bytea FROM avatars WHERE node = $1"
            };
            let Some(r) = c.row_opt(sql, &[&node]).await? else {
                return Ok(None);
            };
            let mut a: Avatar =
                serde_json::from_value(r.get(0)).map_err(|e| corrupt("avatars", &node, e))?;
            a.png = r.get::<_, Option<Vec<u8>>>(1).unwrap_or_default();
            Ok(Some(a))
        })
    }

    pub(super) fn avatar(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        self.read_avatar(node, true)
    }

    pub(super) fn avatar_record(&self, node: &str) -> Result<Option<Avatar>, StoreError> {
        self.read_avatar(node, false)
    }

    pub(super) fn put_avatar(&self, node: &str, a: &Avatar) -> Result<(), StoreError> {
        let node = node.to_owned();
        let record = serde_json::to_value(a).map_err(|e| corrupt("avatars", &node, e))?;
        let png = (!a.png.is_empty()).then(|| a.png.clone());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            // An empty PNG keeps the stored one.
            c.run(
                "INSERT INTO avatars (node, record, png) VALUES ($1, $2, $3) \
                 ON CONFLICT (node) DO UPDATE SET record = EXCLUDED.record, \
                 png = coalesce(EXCLUDED.png, avatars.png)",
                &[&node, &record, &png],
            )
            .await?;
            Ok(())
        })
    }
}
