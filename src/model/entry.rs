//! The item model shared by the feed side and the delivery side: what one feed entry says,
//! typed, with no XML in it. [`crate::normalize`] makes it, the store keeps it, and
//! [`crate::xmpp::pubsub::render`] turns it into the Atom payload and the chat body.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One normalised feed entry. Text fields hold characters XML can carry (see
/// [`crate::text::xml_clean`]); links are absolute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable item id, at most 256 bytes (longer real ids become `sha256:<hex>` of the id).
    pub id: String,
    /// Plain text, trimmed.
    pub title: Option<String>,
    /// The entry's main (alternate) link.
    pub link: Option<String>,
    /// Its other links (related, via, replies, …), in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Attached media, in document order, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enclosures: Vec<Enclosure>,
    /// When the entry was first published, as the feed says.
    pub published: Option<DateTime<Utc>>,
    /// When it was last updated (its published time when the feed gives no other).
    pub updated: Option<DateTime<Utc>>,
    /// Its authors, each with at least a name (or an email address as the name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Person>,
    /// Its categories (tags).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// Its summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Body>,
    /// Its content, inline or by reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
    /// sha256 hex of what the entry says as the feed wrote it (title, links, summary, content,
    /// dates, media, authors, categories), to recognise a changed entry. Identical input gives
    /// an identical hash.
    pub content_hash: String,
    /// Records stored before the entry was typed carry their rendered payload and chat text;
    /// they are rendered from these. None for every entry made today.
    #[serde(default, flatten, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<Legacy>,
}

impl Entry {
    /// An entry with only an id and a content hash; the other fields are empty.
    pub fn new(id: impl Into<String>, content_hash: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            title: None,
            link: None,
            links: Vec::new(),
            enclosures: Vec::new(),
            published: None,
            updated: None,
            authors: Vec::new(),
            categories: Vec::new(),
            summary: None,
            content: None,
            content_hash: content_hash.into(),
            legacy: None,
        }
    }
}

/// A link of an entry other than its main one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Its relation (`related`, `via`, `replies`, …).
    pub rel: String,
    /// Absolute URL.
    pub href: String,
    /// Media type, when the feed gives one.
    pub media_type: Option<String>,
}

/// An attached media file (podcast episode, image, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enclosure {
    /// Absolute URL.
    pub href: String,
    /// Media type, when the feed gives one.
    pub media_type: Option<String>,
    /// Length in bytes, when the feed gives one.
    pub length: Option<u64>,
}

/// An author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Name (or the email address when the feed gives no name).
    pub name: String,
    /// Home page, absolute.
    pub uri: Option<String>,
    /// Email address.
    pub email: Option<String>,
}

/// A category (tag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// The tag itself.
    pub term: String,
    /// Its vocabulary, when given.
    pub scheme: Option<String>,
    /// A human-readable label, when given.
    pub label: Option<String>,
}

/// Text of an entry: sanitised HTML or plain text, never empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// HTML, sanitised (no scripts, no event handlers; relative URLs resolved).
    Html(String),
    /// Plain text.
    Text(String),
}

impl Body {
    /// The text as stored (HTML markup included for [`Body::Html`]).
    pub fn as_str(&self) -> &str {
        match self {
            Body::Html(s) | Body::Text(s) => s,
        }
    }
}

/// The content of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Content {
    /// Carried in the entry.
    Inline(Body),
    /// Only referenced: Atom `<content src="…">`.
    Src {
        /// Absolute URL of the content.
        href: String,
        /// Its media type as the feed says.
        media_type: String,
    },
}

/// What a record stored before the typed model carries instead of the typed fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Legacy {
    /// The Atom `<entry/>` payload as it was rendered then.
    pub atom: String,
    /// The chat text as it was rendered then.
    pub text: String,
}
