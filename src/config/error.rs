//! Configuration errors, rendered `FILE:LINE:COL: key ...: why`, and the position arithmetic
//! behind them.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A configuration error, rendered as `FILE:LINE:COL: message` (or `FILE: message` without a place).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    /// The file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    #[error("{path}:{line}:{col}: {message}")]
    /// A problem at one place in the file.
    At {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        col: usize,
        /// What is wrong there.
        message: String,
    },
    #[error("{path}: {message}")]
    /// A problem of the file as a whole (no single place to point at).
    Whole {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    /// Line and column (1-based) when the error has a place.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::At { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

pub(super) fn at(path: &Path, text: &str, span: Range<usize>, message: String) -> ConfigError {
    let (line, col) = line_col(text, span.start);
    ConfigError::At {
        path: path.to_owned(),
        line,
        col,
        message,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The `key` of a `key = value` line containing `offset`, for messages that serde leaves unnamed.
pub(super) fn key_on_line(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = text[offset..]
        .find('\n')
        .map(|i| offset + i)
        .unwrap_or(text.len());
    let line = &text[start..end];
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('#') && !key.starts_with('[')).then(|| key.to_owned())
}

/// The table (`fetch`, `feeds`, `http.tokens`) whose section holds `offset`, if any.
pub(super) fn table_of(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    text[..offset]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| {
            l.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|t| !t.is_empty())
}
