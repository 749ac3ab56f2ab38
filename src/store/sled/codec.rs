//! Keys and values on disk: composite keys (`node\0id`), JSON values (compressed with zstd
//! where records are big: [`pack`]), big-endian times.

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

/// When a seen id was last found in its feed (Unix ms).
pub(super) fn seen_at(v: &[u8]) -> i64 {
    v.try_into().map(i64::from_be_bytes).unwrap_or(i64::MIN)
}

/// First byte of a compressed record: the format, so another can follow.
const PACKED_V1: u8 = 1;
/// Largest record [`unpack`] inflates (a guard against a corrupt length).
const MAX_UNPACKED: usize = 256 << 20;
/// zstd's level: its fastest, which on a node's items (JSON sharing keys, links and
/// phrasing) already takes them to a fifth.
const LEVEL: i32 = 1;

thread_local! {
    static PACKER: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
    static UNPACKER: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Bytes compressed: format byte, the bytes' length (big-endian u32), zstd frame. Each
/// thread keeps its own compressor (making one per record costs more than compressing).
pub(super) fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 16);
    out.push(PACKED_V1);
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    let frame = PACKER.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = zstd::bulk::Compressor::new(LEVEL).ok();
        }
        p.as_mut().and_then(|c| c.compress(bytes).ok())
    });
    match frame {
        Some(f) => out.extend_from_slice(&f),
        // Cannot happen with an in-memory buffer; stored uncompressed (format 0) if it does.
        None => {
            out.clear();
            out.push(0);
            out.extend_from_slice(bytes);
        }
    }
    out
}

/// The bytes [`compress`] took; `key` names the record in the error.
pub(super) fn decompress(key: &[u8], v: &[u8]) -> Result<Vec<u8>, StoreError> {
    match v.split_first() {
        Some((0, bytes)) => Ok(bytes.to_vec()),
        Some((&PACKED_V1, rest)) if rest.len() >= 4 => {
            let (len, frame) = rest.split_at(4);
            let len = u32::from_be_bytes(len.try_into().unwrap_or_default()) as usize;
            if len > MAX_UNPACKED {
                return Err(corrupt(key, "length out of bounds"));
            }
            let bytes = UNPACKER.with(|u| {
                let mut u = u.borrow_mut();
                if u.is_none() {
                    *u = zstd::bulk::Decompressor::new().ok();
                }
                u.as_mut().and_then(|d| d.decompress(frame, len).ok())
            });
            match bytes {
                Some(b) if b.len() == len => Ok(b),
                _ => Err(corrupt(key, "compressed record does not inflate")),
            }
        }
        _ => Err(corrupt(key, "unknown record format")),
    }
}

/// A record under `key` that does not read, and why.
pub(super) fn corrupt(key: &[u8], what: &str) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(key).replace('\0', "/"),
        source: serde::de::Error::custom(what),
    }
}
