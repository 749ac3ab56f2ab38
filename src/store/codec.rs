//! Keys and values on disk: composite keys (`node\0id`), JSON values, big-endian times.

use serde::{de::DeserializeOwned, Serialize};

use super::StoreError;

pub(super) fn key2(a: &str, b: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(a.len() + 1 + b.len());
    k.extend_from_slice(a.as_bytes());
    k.push(0);
    k.extend_from_slice(b);
    k
}

pub(super) fn prefix(a: &str) -> Vec<u8> {
    key2(a, b"")
}

pub(super) fn decode<T: DeserializeOwned>(key: &[u8], v: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(v).map_err(|source| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).replace('\0', "/"),
        source,
    })
}

pub(super) fn encode<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("store records serialise")
}

/// Key prefix (not a valid node id) under which the last prune time of each node is kept.
pub(super) const PRUNE_MARK: &str = "\u{1}prune";

/// When a seen id was last found in its feed (Unix ms).
pub(super) fn seen_at(v: &[u8]) -> i64 {
    v.try_into().map(i64::from_be_bytes).unwrap_or(i64::MIN)
}

/// The index value of an item: its sequence number, then its content hash.
pub(super) fn idx_value(seq: u64, hash: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(8 + hash.len());
    v.extend_from_slice(&seq.to_be_bytes());
    v.extend_from_slice(hash.as_bytes());
    v
}
