//! Feed avatars: the feed's own image (its logo or icon), or else its site's favicon, fetched
//! once through the shared client (private-address guard; a feed's limits with the body capped
//! at [`MAX_AVATAR_BYTES`], so a bigger file stops downloading there), decoded within bounds
//! (the only image-crate user), scaled to at most 96×96 and stored as PNG with its SHA-1 (the
//! XEP-0153 hash). Checked again after a day when the source did not change.

use std::sync::Arc;

use std::io::Cursor;

use sha1::{Digest, Sha1};
use url::Url;

use super::fetch::{Fetcher, Outcome, Validators};
use crate::model::{Avatar, FeedState};
use crate::store::{Store, StoreError};

/// Largest side of a stored avatar, in pixels.
pub const AVATAR_SIZE: u32 = 96;
/// Largest image fetched for an avatar.
pub const MAX_AVATAR_BYTES: usize = 1 << 20;
/// Largest image decoded (a small file can claim a huge canvas).
const MAX_SIDE: u32 = 4096;
/// How long a failed or unchanged source is left alone.
pub const RECHECK_MS: i64 = 24 * 3600 * 1000;

/// Why an image cannot be an avatar.
#[derive(Debug, thiserror::Error)]
pub enum AvatarError {
    /// It could not be decoded (unknown format, broken, over the limits).
    #[error("not a usable image: {0}")]
    Image(#[from] image::ImageError),
    /// The file is bigger than [`MAX_AVATAR_BYTES`].
    #[error("image larger than {MAX_AVATAR_BYTES} bytes")]
    TooBig,
}

/// `bytes` (PNG, JPEG, GIF, ICO, WebP or BMP) scaled to fit [`AVATAR_SIZE`], as PNG.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>, AvatarError> {
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(AvatarError::TooBig);
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| AvatarError::Image(image::ImageError::IoError(e)))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(64 << 20);
    reader.limits(limits);
    let img = reader.decode()?;
    let small = if img.width() > AVATAR_SIZE || img.height() > AVATAR_SIZE {
        img.thumbnail(AVATAR_SIZE, AVATAR_SIZE)
    } else {
        img
    };
    let mut out = Vec::new();
    small.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)?;
    Ok(out)
}

/// Where a feed's avatar comes from: its image, else its site's favicon.
pub fn source(feed: &FeedState) -> Option<String> {
    if let Some(i) = &feed.image {
        return Some(i.clone());
    }
    let site = Url::parse(feed.site.as_deref().unwrap_or(&feed.url)).ok()?;
    let mut icon = site.join("/favicon.ico").ok()?;
    icon.set_query(None);
    Some(icon.to_string())
}

/// When feeds' avatar sources were last checked, as this process saw it: after most polls the
/// source was checked within the day, and this says so without reading the avatar's record.
#[derive(Debug, Default)]
pub struct Checked(std::collections::HashMap<String, (String, i64)>);

/// Feeds whose last check is remembered at most (beyond, the memory starts again).
const CHECKED_KEPT: usize = 100_000;

impl Checked {
    /// Whether `node`'s avatar was checked from `src` within [`RECHECK_MS`] of `now`.
    fn fresh(&self, node: &str, src: &str, now: i64) -> bool {
        self.0
            .get(node)
            .is_some_and(|(s, at)| s == src && now - at < RECHECK_MS)
    }

    fn note(&mut self, node: &str, src: &str, at: i64) {
        if self.0.len() >= CHECKED_KEPT {
            self.0.clear();
        }
        self.0.insert(node.to_owned(), (src.to_owned(), at));
    }
}

/// Bring `node`'s avatar up to date; true when it changed (its contact's presence should
/// then tell the subscribers). `checked` remembers the checks made.
pub async fn refresh(
    store: &Arc<dyn Store>,
    fetcher: &Fetcher,
    node: &str,
    checked: &mut Checked,
) -> Result<bool, StoreError> {
    let (s, n) = (store.clone(), node.to_owned());
    let feed = crate::blocking::run_bulk(move || s.feed(&n)).await?;
    let Some(feed) = feed else { return Ok(false) };
    let Some(src) = source(&feed) else {
        return Ok(false);
    };
    let now = crate::clock::now_ms();
    if checked.fresh(node, &src, now) {
        return Ok(false);
    }
    // The record alone: it may say the source was checked within the day (before a restart).
    // Without its PNG, a failed attempt stored below keeps the PNG already stored.
    let (s, n) = (store.clone(), node.to_owned());
    let current = crate::blocking::run_bulk(move || s.avatar_record(&n)).await?;
    if let Some(a) = &current {
        if a.source == src && now - a.checked_at < RECHECK_MS {
            checked.note(node, &src, a.checked_at);
            return Ok(false);
        }
    }
    let Ok(url) = Url::parse(&src) else {
        return Ok(false);
    };
    let limits = fetcher.limits().body_at_most(MAX_AVATAR_BYTES as u64);
    let made = match fetcher.get(&url, &Validators::default(), limits).await {
        Outcome::Modified { body, .. } => crate::blocking::run_bulk(move || thumbnail(&body))
            .await
            .map_err(|e| e.to_string()),
        other => Err(format!("not fetched ({})", other.status().as_str())),
    };
    let avatar = match made {
        Ok(png) => Avatar {
            source: src.clone(),
            sha1: hex::encode(Sha1::digest(&png)),
            png,
            checked_at: now,
            error: None,
        },
        Err(e) => Avatar {
            source: src.clone(),
            checked_at: now,
            error: Some(e),
            ..current.clone().unwrap_or_default()
        },
    };
    let changed = current.as_ref().map(|a| a.sha1.as_str()) != Some(avatar.sha1.as_str());
    let (s, n) = (store.clone(), node.to_owned());
    crate::blocking::run_bulk(move || s.put_avatar(&n, &avatar)).await?;
    checked.note(node, &src, now);
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 40, 40]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn images_are_scaled_to_fit_and_bad_ones_refused() {
        let small = thumbnail(&png(300, 150)).unwrap();
        let img = image::load_from_memory(&small).unwrap();
        assert_eq!((img.width(), img.height()), (96, 48));
        let tiny = thumbnail(&png(16, 16)).unwrap();
        assert_eq!(
            image::load_from_memory(&tiny).unwrap().width(),
            16,
            "not enlarged"
        );
        assert!(thumbnail(b"<html>not an image</html>").is_err());
        assert!(matches!(
            thumbnail(&vec![0u8; MAX_AVATAR_BYTES + 1]),
            Err(AvatarError::TooBig)
        ));
        // A tiny file claiming a 100,000 × 100,000 canvas is refused, not allocated.
        let mut huge = png(1, 1);
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(thumbnail(&huge).is_err());
    }

    #[test]
    fn a_check_is_remembered_for_its_source_and_a_day() {
        let mut c = Checked::default();
        assert!(!c.fresh("n", "http://a/favicon.ico", 1_000));
        c.note("n", "http://a/favicon.ico", 1_000);
        assert!(c.fresh("n", "http://a/favicon.ico", 1_000 + RECHECK_MS - 1));
        assert!(!c.fresh("n", "http://a/favicon.ico", 1_000 + RECHECK_MS));
        assert!(
            !c.fresh("n", "http://b/logo.png", 2_000),
            "another source is checked"
        );
        assert!(!c.fresh("m", "http://a/favicon.ico", 2_000), "another feed");
    }

    #[test]
    fn the_source_is_the_feeds_image_or_its_sites_favicon() {
        let mut f = FeedState::new(
            "n",
            "https://example.org/blog/feed.xml?x=1",
            None,
            crate::model::Origin::Config,
        );
        assert_eq!(source(&f).unwrap(), "https://example.org/favicon.ico");
        f.site = Some("https://www.example.org/home".into());
        assert_eq!(source(&f).unwrap(), "https://www.example.org/favicon.ico");
        f.image = Some("https://cdn.example.org/logo.png".into());
        assert_eq!(source(&f).unwrap(), "https://cdn.example.org/logo.png");
    }
}
