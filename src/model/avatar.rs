//! A node's avatar (the scaled PNG and where it came from), or the last attempt at one.

use serde::{Deserialize, Serialize};

/// A node's avatar, or the last attempt at one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Avatar {
    /// The image's address.
    pub source: String,
    /// The PNG (empty when no attempt succeeded yet).
    #[serde(skip)]
    pub png: Vec<u8>,
    /// SHA-1 of the PNG, hex (XEP-0153); empty without one.
    pub sha1: String,
    /// When the source was last fetched (Unix ms).
    pub checked_at: i64,
    /// Why the last attempt failed, if it did.
    pub error: Option<String>,
}
