//! Feed normalisation: bytes → entries (parsed by feed-rs) → typed [`Entry`] values with
//! stable item ids, sanitised HTML, absolute links and a content hash. No XML is made here:
//! the Atom payload and the chat body are rendered on the delivery side
//! ([`crate::xmpp::pubsub::render`]).
//!
//! This module is pure: no I/O, and the clock only for one bound: converting a document's
//! entries gives up after [`MAX_CONVERT_TIME`] ([`NormalizeError::TooCostly`]). Otherwise the
//! same bytes and base URL always give the same [`Feed`] (same ids, same entries, same hashes).
//!
//! Entry HTML goes through `flatten.rs` before the sanitiser: unless it is short, it is
//! made at most [`flatten::MAX_HTML_DEPTH`] levels deep and well nested, so sanitising is linear in its
//! size (the sanitiser's parser alone costs quadratic time in the depth).
//!
//! `sniff.rs` looks at the bytes before feed-rs does: it rejects what is not a feed (HTML
//! pages, empty bodies), documents declaring entities (billion laughs, XXE), truncated
//! documents and invalid UTF-8, and reports the root's shape. `compat.rs` repairs, in one
//! structured pass, the shapes feed-rs reads short (RSS without a known version, Atom 0.3,
//! RSS 1.0 about-only items, …). `single.rs` takes one entry as a publisher pushes it. This
//! file converts feed-rs entries into [`Entry`] values.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use feed_rs::model;
use sha2::{Digest, Sha256};
use url::Url;

mod compat;
pub mod flatten;
pub mod single;
mod sniff;

pub use crate::model::Entry;
use crate::model::{Body, Category, Content, Enclosure, Link, Person};
use crate::text::{collapse_ws, decode_entities, html_to_text, xml_clean};
use sniff::*;

/// The Atom namespace (RFC 4287).
pub(crate) const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// At most this many entries are kept per document; the rest are dropped.
pub const MAX_ENTRIES: usize = 10_000;

/// Longest a document's entries may take to convert (sanitising their HTML, mostly): a feed
/// over it is given up for that poll, checked between entries. Linear work makes a 10 MiB
/// document take seconds at most (a debug build: about ten); this bounds what no bound
/// foresaw.
pub const MAX_CONVERT_TIME: Duration = Duration::from_secs(20);

/// Longest item id kept verbatim; longer ids become `sha256:<hex>`.
pub const MAX_ID_LEN: usize = 256;

const ATOM03_NS: &[u8] = b"http://purl.org/atom/ns#";

/// Polling hints published by the feed itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedHints {
    /// RSS `<ttl>` in minutes → Duration
    pub ttl: Option<Duration>,
    /// sy:updatePeriod (hourly/daily/weekly/monthly/yearly) divided by sy:updateFrequency (default 1)
    pub update_period: Option<Duration>,
}

/// A normalised feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Plain text.
    pub title: Option<String>,
    /// Plain text.
    pub description: Option<String>,
    /// In document order, duplicates (same id) removed, at most [`MAX_ENTRIES`].
    pub entries: Vec<Entry>,
    /// Ids of entries [`normalize_known`] recognised as known and unchanged (not converted).
    pub unchanged: Vec<String>,
    /// The feed's own image (logo, else icon), absolute http(s).
    pub image: Option<String>,
    /// The web site it belongs to (its first alternate link), absolute http(s).
    pub site: Option<String>,
    /// Polling hints the feed gives.
    pub hints: FeedHints,
    /// Entries whose own id holds a character XML cannot carry: they got a derived id
    /// ([`item_id`]) instead.
    pub repaired_ids: usize,
    /// The first such character, with its position in the id (from 1), to name in a message.
    pub first_bad_id_char: Option<(usize, char)>,
}

/// Why a body could not be normalised.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// e.g. an HTML page, empty body, JSON that isn't a JSON Feed
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// truncated XML, invalid encoding, entity declarations, etc.
    #[error("malformed feed: {0}")]
    Malformed(String),
    /// converting the entries took longer than [`MAX_CONVERT_TIME`]
    #[error("gave up after {spent_ms} ms converting entries ({converted} of {entries} done; the bound is {limit_ms} ms)")]
    TooCostly {
        /// Time spent.
        spent_ms: u64,
        /// The bound.
        limit_ms: u64,
        /// Entries converted by then.
        converted: usize,
        /// Entries in the document.
        entries: usize,
    },
}

/// The item id for an entry's own (trimmed, non-empty) id: the id itself, or `sha256:<hex>` of
/// it when it is longer than [`MAX_ID_LEN`] or holds a character XML 1.0 cannot carry (an id
/// travels in every stanza about the item, so one such character would make them all
/// unwritable). The same raw id always gives the same item id.
pub fn item_id(raw_id: &str) -> String {
    if raw_id.len() > MAX_ID_LEN || crate::text::xml_invalid_char(raw_id).is_some() {
        format!("sha256:{}", hex::encode(Sha256::digest(raw_id.as_bytes())))
    } else {
        raw_id.to_owned()
    }
}

/// Hash used for entries without an id: sha256 over link and title, rendered
/// `urn:feedpush:sha256:<first 32 hex chars>`.
pub fn fallback_id(link: Option<&str>, title: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(link.unwrap_or("").as_bytes());
    h.update([0u8]);
    h.update(title.unwrap_or("").as_bytes());
    let hex = hex::encode(h.finalize());
    format!("urn:feedpush:sha256:{}", &hex[..32])
}

/// Parses `body` (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x) and normalises its entries.
///
/// `base` is the feed's URL (relative links are resolved against it).
pub fn normalize(body: &[u8], base: &Url) -> Result<Feed, NormalizeError> {
    normalize_known(body, base, |_| Vec::new())
}

/// Like [`normalize`], but entries that `known` says are known and unchanged are not converted
/// (no sanitising, no payload): their ids go to [`Feed::unchanged`]. Polling a feed whose
/// entries are mostly known then costs little more than parsing it. `known` is asked once,
/// with every entry's `(id, content hash)`, and answers for each in order (one question to
/// the store per document, not one per entry).
pub fn normalize_known(
    body: &[u8],
    base: &Url,
    known: impl FnOnce(&[(&str, &str)]) -> Vec<bool>,
) -> Result<Feed, NormalizeError> {
    normalize_within(body, base, known, MAX_CONVERT_TIME)
}

/// An entry's id as the store knows it, its content hash, and the first character of its raw
/// id that XML cannot carry (with its position), if any.
type Keyed<'a> = (Cow<'a, str>, String, Option<(usize, char)>);

/// Whether the store asks about an id at all (an id it could hold).
fn askable(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN
}

/// Each entry's id as the store knows it (an id XML cannot carry is known under the id
/// derived from it) and its hash, and the store's answers for the askable ones, asked all at
/// once, in order.
fn ask_known<'a>(
    entries: &'a [model::Entry],
    known: impl FnOnce(&[(&str, &str)]) -> Vec<bool>,
) -> (Vec<Keyed<'a>>, std::vec::IntoIter<bool>) {
    let keyed: Vec<Keyed<'a>> = entries
        .iter()
        .take(MAX_ENTRIES)
        .map(|e| {
            let raw_id = e.id.trim();
            let bad_char = crate::text::xml_invalid_char(raw_id);
            let known_id: Cow<'_, str> = match bad_char {
                Some(_) => Cow::Owned(item_id(raw_id)),
                None => Cow::Borrowed(raw_id),
            };
            (known_id, raw_fingerprint(e), bad_char)
        })
        .collect();
    let asked: Vec<(&str, &str)> = keyed
        .iter()
        .filter(|(id, ..)| askable(id))
        .map(|(id, hash, _)| (id.as_ref(), hash.as_str()))
        .collect();
    let answers = if asked.is_empty() {
        Vec::new()
    } else {
        known(&asked)
    };
    (keyed, answers.into_iter())
}

/// [`normalize_known`] with another bound on converting the entries.
fn normalize_within(
    body: &[u8],
    base: &Url,
    known: impl FnOnce(&[(&str, &str)]) -> Vec<bool>,
    limit: Duration,
) -> Result<Feed, NormalizeError> {
    let started = Instant::now();
    let first = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or_else(|| NormalizeError::NotAFeed("empty body".into()))?;
    // Whether the root was seen to be a feed's (rss, RDF, feed, entry) by the pre-check.
    let mut root_checked = false;
    let input: Cow<'_, [u8]> = if body.starts_with(&[0xFE, 0xFF])
        || body.starts_with(&[0xFF, 0xFE])
        || body.iter().take(4).any(|b| *b == 0)
    {
        // UTF-16/32: no byte-level pre-checks possible; feed-rs (quick-xml) never expands
        // entities, so this stays safe.
        Cow::Borrowed(body)
    } else {
        let rest = strip_bom(&body[first..]);
        match rest.first() {
            Some(b'{') => {
                if let Err(e) = std::str::from_utf8(body) {
                    return Err(NormalizeError::Malformed(format!(
                        "invalid utf-8 at byte {}",
                        e.valid_up_to()
                    )));
                }
                Cow::Borrowed(body)
            }
            Some(b'<') => {
                root_checked = true;
                let facts = precheck_xml(body)?;
                match compat::repair(body, &facts) {
                    Some(repaired) => Cow::Owned(repaired),
                    None => Cow::Borrowed(body),
                }
            }
            _ => return Err(NormalizeError::NotAFeed("neither xml nor json".into())),
        }
    };

    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        // Called by feed-rs only for entries (and feeds) whose id is empty: keep it empty so
        // that `convert_entry` assigns `fallback_id` over the *normalised* link and title.
        .id_generator(|_links, _title, _uri| String::new())
        .sanitize_content(false)
        .build();
    let parsed = match parser.parse(&input[..]) {
        Ok(p) => p,
        // A feed's root with nothing feed-rs recognises inside (`<rss>` without `<channel>`):
        // an empty feed, not "not a feed" (the source can still grow entries).
        Err(feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        )) if root_checked => {
            return Ok(Feed {
                title: None,
                description: None,
                entries: Vec::new(),
                unchanged: Vec::new(),
                image: None,
                site: None,
                hints: FeedHints::default(),
                repaired_ids: 0,
                first_bad_id_char: None,
            })
        }
        Err(e) => return Err(map_parse_error(e)),
    };

    let hints = FeedHints {
        ttl: parsed
            .ttl
            .filter(|t| *t > 0)
            .map(|t| Duration::from_secs(u64::from(t) * 60)),
        update_period: sy_update_period(&input),
    };
    let title = parsed.title.as_ref().and_then(text_plain);
    let description = parsed.description.as_ref().and_then(text_plain);

    let ctx = Ctx {
        base,
        is_json: parsed.feed_type == model::FeedType::JSON,
        is_rss: matches!(
            parsed.feed_type,
            model::FeedType::RSS0 | model::FeedType::RSS2
        ),
        sanitizer: OnceCell::new(),
    };
    let mut seen = HashSet::new();
    let mut entries = Vec::with_capacity(parsed.entries.len().min(MAX_ENTRIES));
    let mut unchanged = Vec::new();
    let mut repaired_ids = 0;
    let mut first_bad_id_char = None;
    let total = parsed.entries.len().min(MAX_ENTRIES);
    let (keyed, mut answers) = ask_known(&parsed.entries, known);
    for (converted, (e, (known_id, hash, bad_char))) in parsed.entries.iter().zip(keyed).enumerate()
    {
        let spent = started.elapsed();
        if spent > limit {
            return Err(NormalizeError::TooCostly {
                spent_ms: u64::try_from(spent.as_millis()).unwrap_or(u64::MAX),
                limit_ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
                converted,
                entries: total,
            });
        }
        let is_known = askable(&known_id) && answers.next().unwrap_or(false);
        if is_known {
            if seen.insert(known_id.to_string()) {
                unchanged.push(known_id.into_owned());
            }
            continue;
        }
        if let Some(bad) = bad_char {
            repaired_ids += 1;
            first_bad_id_char.get_or_insert(bad);
        }
        if let Some(entry) = ctx.convert_entry(e, hash) {
            if seen.insert(entry.id.clone()) {
                entries.push(entry);
            }
        }
    }
    let web = |u: &str| {
        base.join(u.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string())
    };
    let image = parsed
        .logo
        .as_ref()
        .or(parsed.icon.as_ref())
        .and_then(|i| web(&i.uri));
    let site = parsed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| web(&l.href));
    Ok(Feed {
        title,
        description,
        entries,
        unchanged,
        image,
        site,
        hints,
        repaired_ids,
        first_bad_id_char,
    })
}

fn map_parse_error(e: feed_rs::parser::ParseFeedError) -> NormalizeError {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            NormalizeError::NotAFeed("no feed root element".into())
        }
        ParseFeedError::JsonUnsupportedVersion(v) => {
            NormalizeError::NotAFeed(format!("unsupported json feed version {v:?}"))
        }
        ParseFeedError::JsonSerde(je) => match je.classify() {
            serde_json::error::Category::Data => {
                NormalizeError::NotAFeed(format!("json is not a json feed: {je}"))
            }
            _ => NormalizeError::Malformed(format!("invalid json: {je}")),
        },
        other => NormalizeError::Malformed(other.to_string().to_lowercase()),
    }
}

// ---------------------------------------------------------------------------------------------
// Entry conversion
// ---------------------------------------------------------------------------------------------

struct Ctx<'a> {
    base: &'a Url,
    is_json: bool,
    is_rss: bool,
    sanitizer: OnceCell<ammonia::Builder<'static>>,
}

fn is_html_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim();
    // feed-rs reports Atom's `type="xhtml"` as `application/xhtml`.
    [
        "text/html",
        "application/xhtml+xml",
        "application/xhtml",
        "html",
        "xhtml",
    ]
    .iter()
    .any(|t| essence.eq_ignore_ascii_case(t))
}

fn is_text_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("text/plain") || essence.eq_ignore_ascii_case("text")
}

/// `s` with the characters XML cannot carry removed: every text field of an entry passes
/// through here or [`text_plain`], so nothing the normaliser accepts makes a stanza unwritable.
fn clean(s: &str) -> String {
    xml_clean(s).into_owned()
}

/// [`clean`] for a string already owned: kept as it is (no copy) when nothing is removed.
fn clean_owned(s: String) -> String {
    match xml_clean(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(c) => c,
    }
}

/// Plain text of a feed-rs text construct (HTML stripped, entities decoded, whitespace
/// collapsed), or None when nothing is left.
fn text_plain(t: &model::Text) -> Option<String> {
    let s = if is_text_type(t.content_type.as_ref()) {
        collapse_ws(&t.content)
    } else {
        html_to_text(&t.content)
    };
    let s = clean_owned(s);
    (!s.is_empty()).then_some(s)
}

impl Ctx<'_> {
    fn sanitize(&self, html: &str) -> String {
        let builder = self.sanitizer.get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.url_relative(ammonia::UrlRelative::RewriteWithBase(self.base.clone()));
            b
        });
        // Flattened first: the sanitiser's parser costs quadratic time in nesting depth.
        builder
            .clean(&flatten::flatten(html))
            .to_string()
            .trim()
            .to_owned()
    }

    /// Normalises an HTML-or-text string; `None` when it ends up empty.
    fn body(&self, s: &str, html: bool) -> Option<Body> {
        let body = if !html {
            Body::Text(clean(s.trim()))
        } else if !s.contains('<') {
            let mut out = String::with_capacity(s.len());
            decode_entities(s, &mut out);
            Body::Text(clean_owned(out.trim().to_owned()))
        } else {
            Body::Html(clean_owned(self.sanitize(s)))
        };
        (!body.as_str().trim().is_empty()).then_some(body)
    }

    fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() {
            return None;
        }
        let url = self.base.join(href).ok()?;
        matches!(
            url.scheme(),
            "http" | "https" | "ftp" | "ftps" | "magnet" | "mailto" | "gemini" | "gopher" | "xmpp"
        )
        .then(|| url.to_string())
    }

    /// `content_hash` is [`raw_fingerprint`] of `e`, computed once by the caller.
    fn convert_entry(&self, e: &model::Entry, content_hash: String) -> Option<Entry> {
        let title = e.title.as_ref().and_then(text_plain);

        // Links: main (alternate), enclosures, others.
        let mut link: Option<String> = None;
        let mut enclosures: Vec<Enclosure> = Vec::new();
        let mut others: Vec<Link> = Vec::new();
        for l in &e.links {
            if l.target.is_some() {
                continue; // comment pages / comment feeds
            }
            let Some(href) = self.resolve(&l.href) else {
                continue;
            };
            let rel = l.rel.as_deref().unwrap_or("alternate");
            if rel == "enclosure" || (self.is_json && l.media_type.is_some()) {
                if !enclosures.iter().any(|x| x.href == href) {
                    enclosures.push(Enclosure {
                        href,
                        media_type: l.media_type.as_deref().map(clean),
                        length: l.length,
                    });
                }
            } else if rel == "alternate" && link.is_none() {
                link = Some(href);
            } else {
                let rel = if rel == "alternate" { "related" } else { rel };
                others.push(Link {
                    rel: clean(rel),
                    href,
                    media_type: l.media_type.as_deref().map(clean),
                });
            }
        }
        for c in e.media.iter().flat_map(|m| &m.content) {
            let Some(href) = c.url.as_ref().and_then(|u| self.resolve(u.as_str())) else {
                continue;
            };
            if !enclosures.iter().any(|x| x.href == href) {
                enclosures.push(Enclosure {
                    href,
                    media_type: c.content_type.as_ref().map(|m| clean(m.as_ref())),
                    length: c.size,
                });
            }
        }
        let raw_id = e.id.trim();
        if link.is_none()
            && self.is_rss
            && (raw_id.starts_with("http://") || raw_id.starts_with("https://"))
        {
            // RSS guid with (implicit) isPermaLink="true"
            link = self.resolve(raw_id);
        }

        let id = if raw_id.is_empty() {
            fallback_id(link.as_deref(), title.as_deref())
        } else {
            item_id(raw_id)
        };

        let summary = e
            .summary
            .as_ref()
            .and_then(|t| self.body(&t.content, !is_text_type(t.content_type.as_ref())));
        let inline = e.content.as_ref().and_then(|c| {
            let ct = c.content_type.as_ref();
            let html = is_html_type(ct);
            if !html && !is_text_type(ct) {
                return None;
            }
            c.body.as_deref().and_then(|b| self.body(b, html))
        });
        let content = match inline {
            Some(b) => Some(Content::Inline(b)),
            None => e
                .content
                .as_ref()
                .and_then(|c| c.src.as_ref().map(|l| (l, c.content_type.to_string())))
                .and_then(|(l, ct)| {
                    self.resolve(&l.href).map(|href| Content::Src {
                        href,
                        media_type: clean(&ct),
                    })
                }),
        };

        let authors = e
            .authors
            .iter()
            .filter_map(|p| {
                let name = p
                    .name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .or(p.email.as_deref().map(str::trim).filter(|m| !m.is_empty()))?;
                Some(Person {
                    name: clean(name),
                    uri: p.uri.as_deref().and_then(|u| self.resolve(u)),
                    email: p
                        .email
                        .as_deref()
                        .filter(|m| m.contains('@'))
                        .map(|m| clean(m.trim())),
                })
            })
            .collect();
        let categories = e
            .categories
            .iter()
            .filter(|c| !c.term.is_empty())
            .map(|c| Category {
                term: clean(&c.term),
                scheme: c.scheme.as_deref().map(clean),
                label: c.label.as_deref().map(clean),
            })
            .collect();

        Some(Entry {
            id,
            title,
            link,
            links: others,
            enclosures,
            published: e.published,
            updated: e.updated.or(e.published),
            authors,
            categories,
            summary,
            content,
            content_hash,
            legacy: None,
        })
    }
}

/// Hash of what an entry says, from the parsed document before any conversion, so that a known,
/// unchanged entry is recognised without converting it: title, links, summary, content,
/// dates, media, authors and categories. Identical input gives an identical hash.
fn raw_fingerprint(e: &model::Entry) -> String {
    let mut h = Sha256::new();
    for (tag, t) in [(b'u', e.updated), (b'p', e.published)] {
        h.update([tag]);
        h.update(t.map_or(i64::MIN, |t| t.timestamp_millis()).to_le_bytes());
    }
    let mut field = |tag: u8, v: Option<&str>| {
        h.update([tag]);
        match v {
            Some(v) => {
                h.update((v.len() as u64).to_le_bytes());
                h.update(v.as_bytes());
            }
            None => h.update(u64::MAX.to_le_bytes()),
        }
    };
    field(b't', e.title.as_ref().map(|t| t.content.as_str()));
    for l in &e.links {
        field(b'l', Some(&l.href));
        field(b'r', l.rel.as_deref());
        field(b'm', l.media_type.as_deref());
        field(b'n', l.length.map(|n| n.to_string()).as_deref());
    }
    field(b's', e.summary.as_ref().map(|t| t.content.as_str()));
    if let Some(c) = &e.content {
        field(b'c', c.body.as_deref());
        field(b'k', Some(c.content_type.as_ref()));
        field(b'x', c.src.as_ref().map(|l| l.href.as_str()));
    }
    for c in e.media.iter().flat_map(|m| &m.content) {
        field(b'M', c.url.as_ref().map(|u| u.as_str()));
    }
    for a in &e.authors {
        field(b'a', a.name.as_deref());
    }
    for c in &e.categories {
        field(b'g', Some(&c.term));
    }
    hex::encode(h.finalize())
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{find_ascii_ci, truncate_words};
    use crate::xmpp::pubsub::render::SUMMARY_CHARS;
    use chrono::{TimeZone, Utc};
    use xmpp_parsers::minidom::Element;

    fn base() -> Url {
        Url::parse("https://example.com/feeds/feed.xml").unwrap()
    }

    fn parse(bytes: &[u8]) -> Feed {
        normalize(bytes, &base()).expect("fixture parses")
    }

    /// The entry's Atom payload as subscribers get it.
    fn atom_xml(e: &Entry) -> String {
        String::from(&crate::xmpp::pubsub::render::atom_entry(e))
    }

    /// The entry's chat body as subscribers get it.
    fn chat(e: &Entry) -> String {
        crate::xmpp::pubsub::render::chat_body(e)
    }

    fn parse_atom(e: &Entry) -> Element {
        let el: Element = atom_xml(e)
            .parse()
            .expect("atom payload is well-formed xml");
        assert_eq!(el.name(), "entry");
        assert_eq!(el.ns(), ATOM_NS);
        el
    }

    const RSS091: &[u8] = include_bytes!("../../tests/fixtures/rss091.xml");
    const RSS092: &[u8] = include_bytes!("../../tests/fixtures/rss092.xml");
    const RSS10: &[u8] = include_bytes!("../../tests/fixtures/rss10.rdf");
    const RSS20: &[u8] = include_bytes!("../../tests/fixtures/rss20.xml");
    const RSS20_NOGUID: &[u8] = include_bytes!("../../tests/fixtures/rss20-noguid.xml");
    const RSS20_LATIN1: &[u8] = include_bytes!("../../tests/fixtures/rss20-latin1.xml");
    const ATOM03: &[u8] = include_bytes!("../../tests/fixtures/atom03.xml");
    const ATOM10: &[u8] = include_bytes!("../../tests/fixtures/atom10.xml");
    const JSONFEED11: &[u8] = include_bytes!("../../tests/fixtures/jsonfeed11.json");
    const HTML_PAGE: &[u8] = include_bytes!("../../tests/fixtures/html-page.html");
    const TRUNCATED: &[u8] = include_bytes!("../../tests/fixtures/truncated.xml");
    const INVALID_UTF8: &[u8] = include_bytes!("../../tests/fixtures/invalid-utf8.xml");
    const BILLION_LAUGHS: &[u8] = include_bytes!("../../tests/fixtures/billion-laughs.xml");
    const XXE: &[u8] = include_bytes!("../../tests/fixtures/xxe.xml");

    #[test]
    fn rss091() {
        let f = parse(RSS091);
        assert_eq!(f.title.as_deref(), Some("Scripting News"));
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.title.as_deref(), Some("Giant Robot Attacks"));
        assert_eq!(
            e.link.as_deref(),
            Some("http://www.scripting.com/2000/05/12.html")
        );
        assert_eq!(e.id, fallback_id(e.link.as_deref(), e.title.as_deref()));
        assert!(chat(e).contains("very large"), "{}", chat(e));
        // relative link resolved against the feed URL
        assert_eq!(
            f.entries[1].link.as_deref(),
            Some("https://example.com/2000/05/13.html")
        );
        let el = parse_atom(e);
        assert!(el.get_child("summary", ATOM_NS).is_some());
        assert!(el.get_child("updated", ATOM_NS).is_none());
    }

    #[test]
    fn rss092() {
        let f = parse(RSS092);
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].title.as_deref(), Some("Truckin'"));
        assert_eq!(f.entries[1].title.as_deref(), Some("Ripple"));
        assert!(f
            .entries
            .iter()
            .all(|e| e.id.starts_with("urn:feedpush:sha256:")));
        let el = parse_atom(&f.entries[1]);
        let cat = el.get_child("category", ATOM_NS).expect("category");
        assert_eq!(cat.attr("term"), Some("music"));
    }

    #[test]
    fn rss10_rdf_and_sy_hints() {
        let f = parse(RSS10);
        assert_eq!(f.title.as_deref(), Some("Meerkat"));
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.title.as_deref(), Some("XML: A Disruptive Technology"));
        assert_eq!(
            e.link.as_deref(),
            Some("http://c.moreover.com/click/here.pl?r123")
        );
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2000, 1, 1, 12, 0, 0).unwrap())
        );
        assert_eq!(
            f.entries[1].published,
            Some(Utc.with_ymd_and_hms(2000, 12, 6, 8, 30, 0).unwrap())
        );
        assert_eq!(f.hints.update_period, Some(Duration::from_secs(1800)));
        assert_eq!(f.hints.ttl, None);
    }

    #[test]
    fn rss20_ids_enclosure_ttl_dedup() {
        let f = parse(RSS20);
        assert_eq!(f.hints.ttl, Some(Duration::from_secs(3600)));
        assert_eq!(f.hints.update_period, None);
        // third item repeats the first guid and is dropped
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.id, "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573");
        assert_eq!(e.title.as_deref(), Some("Star City"));
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2003, 6, 3, 9, 39, 21).unwrap())
        );
        assert_eq!(e.updated, e.published);
        let e2 = &f.entries[1];
        assert_eq!(e2.id, "liftoff-podcast-0001");
        let el = parse_atom(e2);
        let enc = el
            .children()
            .find(|c| c.is("link", ATOM_NS) && c.attr("rel") == Some("enclosure"))
            .expect("enclosure link");
        assert_eq!(
            enc.attr("href"),
            Some("http://liftoff.msfc.nasa.gov/media/episode1.mp3")
        );
        assert_eq!(enc.attr("type"), Some("audio/mpeg"));
        assert_eq!(enc.attr("length"), Some("24986239"));
        assert!(el
            .children()
            .any(|c| c.is("link", ATOM_NS) && c.attr("rel") == Some("alternate")));
    }

    #[test]
    fn rss20_html_is_sanitised() {
        let f = parse(RSS20);
        let e = &f.entries[0];
        for bad in ["<script", "onclick", "javascript:", "pwned", "steal()"] {
            assert!(!atom_xml(e).contains(bad), "{bad} in {}", atom_xml(e));
            assert!(!chat(e).contains(bad), "{bad} in {}", chat(e));
        }
        let el = parse_atom(e);
        let summary = el.get_child("summary", ATOM_NS).expect("summary");
        assert_eq!(summary.attr("type"), Some("html"));
        let html = summary.text();
        assert!(html.contains("<p>"), "{html}");
        // relative URLs in content are made absolute
        assert!(
            html.contains("https://example.com/news/star-city.html"),
            "{html}"
        );
        assert!(
            chat(e).contains("International Space Station"),
            "{}",
            chat(e)
        );
        let author = el.get_child("author", ATOM_NS).expect("author");
        assert!(author.get_child("name", ATOM_NS).is_some());
    }

    #[test]
    fn atom_payload_structure() {
        let f = parse(RSS20);
        let e = &f.entries[0];
        assert!(!atom_xml(e).contains("\n"), "compact: {}", atom_xml(e));
        let el = parse_atom(e);
        let id = el.get_child("id", ATOM_NS).unwrap();
        assert_eq!(id.text(), e.id);
        assert_eq!(el.get_child("title", ATOM_NS).unwrap().text(), "Star City");
        assert_eq!(
            el.get_child("published", ATOM_NS).unwrap().text(),
            "2003-06-03T09:39:21Z"
        );
        assert_eq!(
            el.get_child("updated", ATOM_NS).unwrap().text(),
            "2003-06-03T09:39:21Z"
        );
        let link = el.get_child("link", ATOM_NS).unwrap();
        assert_eq!(link.attr("href"), e.link.as_deref());
    }

    #[test]
    fn ids_stable_across_parses() {
        for fixture in [
            RSS091,
            RSS092,
            RSS10,
            RSS20,
            RSS20_NOGUID,
            ATOM03,
            ATOM10,
            JSONFEED11,
        ] {
            let a = parse(fixture);
            let b = parse(fixture);
            assert!(a.entries.len() >= 2);
            assert_eq!(a.entries, b.entries);
        }
    }

    #[test]
    fn noguid_fallback_ids() {
        let f = parse(RSS20_NOGUID);
        assert_eq!(f.entries.len(), 3);
        for e in &f.entries {
            assert_eq!(e.id, fallback_id(e.link.as_deref(), e.title.as_deref()));
            assert!(e.id.starts_with("urn:feedpush:sha256:"));
            assert_eq!(e.id.len(), "urn:feedpush:sha256:".len() + 32);
        }
        assert_eq!(
            f.entries[0].id,
            fallback_id(
                Some("https://blog.example.org/posts/first"),
                Some("First post")
            )
        );
        assert_eq!(f.entries[2].link, None);
        assert_ne!(f.entries[0].id, f.entries[1].id);
        assert_ne!(
            fallback_id(Some("a"), Some("bc")),
            fallback_id(Some("ab"), Some("c"))
        );
    }

    #[test]
    fn latin1_decoded() {
        let f = parse(RSS20_LATIN1);
        assert_eq!(f.title.as_deref(), Some("Café des Idées"));
        assert_eq!(f.description.as_deref(), Some("Le blog du café à Montréal"));
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].title.as_deref(), Some("Crème brûlée"));
        assert_eq!(f.entries[1].title.as_deref(), Some("Été à la plage"));
        assert!(
            chat(&f.entries[0]).contains("très simple, ça coûte 5 £."),
            "{}",
            chat(&f.entries[0])
        );
        parse_atom(&f.entries[0]);
    }

    #[test]
    fn atom03() {
        let f = parse(ATOM03);
        assert_eq!(f.title.as_deref(), Some("dive into mark"));
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.id, "tag:diveintomark.org,2003:3.2397");
        assert_eq!(e.title.as_deref(), Some("Atom 0.3 snapshot"));
        assert_eq!(
            e.link.as_deref(),
            Some("http://diveintomark.org/2003/12/13/atom03")
        );
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2003, 12, 13, 12, 29, 29).unwrap())
        );
        assert_eq!(
            e.updated,
            Some(Utc.with_ymd_and_hms(2003, 12, 13, 18, 30, 2).unwrap())
        );
        let el = parse_atom(e);
        assert_eq!(
            el.get_child("content", ATOM_NS).unwrap().attr("type"),
            Some("html")
        );
        assert_eq!(
            el.get_child("summary", ATOM_NS).unwrap().attr("type"),
            Some("text")
        );
        assert_eq!(f.entries[1].id, "tag:diveintomark.org,2003:3.2398");
    }

    #[test]
    fn atom10() {
        let f = parse(ATOM10);
        assert_eq!(f.title.as_deref(), Some("Example Blog"));
        assert_eq!(
            f.description.as_deref(),
            Some("A lot of effort went into making this effortless")
        );
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.id, "tag:example.org,2003:3.2397");
        assert_eq!(
            e.link.as_deref(),
            Some("https://example.org/blog/2005/04/02/atom")
        );
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2003, 12, 13, 12, 29, 29).unwrap())
        );
        assert_eq!(
            e.updated,
            Some(Utc.with_ymd_and_hms(2005, 7, 31, 12, 29, 29).unwrap())
        );
        let el = parse_atom(e);
        let author = el.get_child("author", ATOM_NS).unwrap();
        assert_eq!(
            author.get_child("name", ATOM_NS).unwrap().text(),
            "Mark Pilgrim"
        );
        assert_eq!(
            author.get_child("email", ATOM_NS).unwrap().text(),
            "f8dy@example.com"
        );
        assert_eq!(
            author.get_child("uri", ATOM_NS).unwrap().text(),
            "https://example.org/"
        );
        let terms: Vec<_> = el
            .children()
            .filter(|c| c.is("category", ATOM_NS))
            .filter_map(|c| c.attr("term"))
            .collect();
        assert_eq!(terms, ["atom", "syndication"]);
        let enc = el
            .children()
            .find(|c| c.attr("rel") == Some("enclosure"))
            .expect("enclosure");
        assert_eq!(
            enc.attr("href"),
            Some("https://example.org/audio/ph34r_my_podcast.mp3")
        );
        let content = el.get_child("content", ATOM_NS).unwrap();
        assert_eq!(content.attr("type"), Some("html"));
        let html = content.text();
        assert!(html.contains("<i>"), "{html}");
        assert!(
            !html.contains("iframe") && !html.contains("onmouseover"),
            "{html}"
        );

        let e2 = &f.entries[1];
        assert_eq!(e2.title.as_deref(), Some("Second entry & more"));
        assert_eq!(
            e2.link.as_deref(),
            Some("https://other.example.net/news/item-2.html")
        );
        // atom:updated only
        assert_eq!(e2.published, None);
        let el2 = parse_atom(e2);
        assert!(el2.get_child("published", ATOM_NS).is_none());
        let summary = el2.get_child("summary", ATOM_NS).unwrap();
        assert_eq!(summary.attr("type"), Some("text"));
        assert_eq!(
            summary.text(),
            "Text summary with <angle brackets> that is plain text."
        );
    }

    #[test]
    fn jsonfeed11() {
        let f = parse(JSONFEED11);
        assert_eq!(f.title.as_deref(), Some("My Example Feed"));
        assert_eq!(f.entries.len(), 2);
        let e = &f.entries[0];
        assert_eq!(e.id, "2");
        assert_eq!(e.title.as_deref(), Some("Second item"));
        assert_eq!(e.link.as_deref(), Some("https://example.org/second-item"));
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2024, 2, 1, 10, 0, 0).unwrap())
        );
        let e1 = &f.entries[1];
        assert_eq!(e1.id, "1");
        // relative url resolved against the feed URL
        assert_eq!(e1.link.as_deref(), Some("https://example.com/first-item"));
        assert_eq!(
            e1.updated,
            Some(Utc.with_ymd_and_hms(2024, 1, 2, 10, 0, 0).unwrap())
        );
        assert!(!atom_xml(e1).contains("onerror"), "{}", atom_xml(e1));
        let el = parse_atom(e1);
        let enc = el
            .children()
            .find(|c| c.attr("rel") == Some("enclosure"))
            .expect("attachment as enclosure");
        assert_eq!(enc.attr("href"), Some("https://example.org/podcast/1.m4a"));
        assert_eq!(enc.attr("length"), Some("89970236"));
        assert!(chat(e1).contains("Hello, world!"), "{}", chat(e1));
    }

    #[test]
    fn html_page_is_not_a_feed() {
        assert!(matches!(
            normalize(HTML_PAGE, &base()),
            Err(NormalizeError::NotAFeed(_))
        ));
        for body in [
            &b""[..],
            b"   \n",
            b"hello",
            b"{\"foo\": 1}",
            b"<html><body>x</body></html>",
        ] {
            assert!(
                matches!(normalize(body, &base()), Err(NormalizeError::NotAFeed(_))),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn hostile_inputs_are_rejected() {
        for (name, body) in [
            ("truncated", TRUNCATED),
            ("invalid-utf8", INVALID_UTF8),
            ("billion-laughs", BILLION_LAUGHS),
            ("xxe", XXE),
        ] {
            match normalize(body, &base()) {
                Err(NormalizeError::Malformed(_)) => {}
                Err(e) => panic!("{name}: unexpected error {e}"),
                Ok(f) => {
                    for e in &f.entries {
                        assert!(
                            !chat(e).contains("lollol") && !chat(e).contains("root:"),
                            "{name}"
                        );
                    }
                    panic!("{name}: accepted");
                }
            }
        }
        assert!(matches!(
            normalize(b"{\"version\": ", &base()),
            Err(NormalizeError::Malformed(_))
        ));
        // Every prefix of a feed is handled without panicking.
        for n in 0..RSS20.len() {
            let _ = normalize(&RSS20[..n], &base());
        }
    }

    #[test]
    fn rss_without_version_is_accepted() {
        let body = b"<rss><channel><title>T</title><item><title>A</title><link>https://x.example/a</link></item><item><title>B</title><guid>b</guid></item></channel></rss>";
        let f = parse(body);
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[1].id, "b");
    }

    #[test]
    fn text_never_carries_characters_xml_cannot() {
        let rss = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><guid>g</guid><title>a&amp;#1;b</title><description>x&amp;#2;y</description></item></channel></rss>";
        let feed = normalize(rss, &base()).unwrap();
        let e = &feed.entries[0];
        assert!(!chat(e).contains(['\u{1}', '\u{2}']), "{:?}", chat(e));
        assert!(
            !atom_xml(e).contains(['\u{1}', '\u{2}']),
            "{:?}",
            atom_xml(e)
        );
    }

    #[test]
    fn ids_xml_cannot_carry_get_a_stable_derived_id() {
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
            {"id":"a\u0001b","title":"one","content_text":"x"},
            {"id":"c\uffffd","title":"two","content_text":"y"},
            {"id":"fine","title":"three","content_text":"z"}]}"#;
        let feed = normalize(json, &base()).unwrap();
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids[0], item_id("a\u{1}b"));
        assert!(ids[0].starts_with("sha256:") && ids[1].starts_with("sha256:"));
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[2], "fine");
        assert_eq!(feed.repaired_ids, 2);
        assert_eq!(feed.first_bad_id_char, Some((2, '\u{1}')));
        // The next poll knows them under their derived ids: nothing is converted again.
        let known: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        let again = normalize_known(json, &base(), |asked| {
            asked
                .iter()
                .map(|(id, _)| known.iter().any(|k| k == id))
                .collect()
        })
        .unwrap();
        assert!(again.entries.is_empty());
        assert_eq!(again.unchanged, known);
        assert_eq!(again.repaired_ids, 0);
        // An Atom entry's id written as a character reference is derived the same way.
        let atom = b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><id>a&#1;b</id><title>x</title></entry></feed>";
        if let Ok(feed) = normalize(atom, &base()) {
            for e in &feed.entries {
                assert!(crate::text::xml_invalid_char(&e.id).is_none(), "{:?}", e.id);
            }
        }
    }

    #[test]
    fn known_unchanged_entries_are_not_converted() {
        let bytes = include_bytes!("../../tests/fixtures/rss20.xml");
        let full = parse(bytes);
        let first = &full.entries[0];
        let (id, hash) = (first.id.clone(), first.content_hash.clone());
        let lazy = normalize_known(bytes, &base(), |asked| {
            asked.iter().map(|(i, h)| *i == id && *h == hash).collect()
        })
        .unwrap();
        assert_eq!(lazy.unchanged, vec![id.clone()]);
        assert_eq!(lazy.entries.len(), full.entries.len() - 1);
        assert!(lazy.entries.iter().all(|e| e.id != id));
        // A changed hash means the entry is converted again.
        let changed = normalize_known(bytes, &base(), |asked| {
            asked
                .iter()
                .map(|(i, h)| *i == id && *h == "other")
                .collect()
        })
        .unwrap();
        assert!(changed.unchanged.is_empty());
    }

    #[test]
    fn content_hash_tracks_changes() {
        let a = parse(RSS20_NOGUID);
        let b = parse(RSS20_NOGUID);
        assert_eq!(a.entries[0].content_hash, b.entries[0].content_hash);
        assert_eq!(a.entries[0].content_hash.len(), 64);
        let changed = String::from_utf8(RSS20_NOGUID.to_vec())
            .unwrap()
            .replace("Hello, world.", "Hello, changed world.");
        let c = parse(changed.as_bytes());
        assert_eq!(a.entries[0].id, c.entries[0].id);
        assert_ne!(a.entries[0].content_hash, c.entries[0].content_hash);
        assert_eq!(a.entries[1].content_hash, c.entries[1].content_hash);
    }

    #[test]
    fn text_has_title_link_and_short_summary() {
        let f = parse(RSS20);
        let e = &f.entries[0];
        let body = chat(e);
        let mut lines = body.lines();
        assert_eq!(lines.next(), Some("Star City"));
        assert_eq!(lines.next(), e.link.as_deref());
        assert!(lines.next().is_some());

        let long = "word ".repeat(200);
        let cut = truncate_words(&long, SUMMARY_CHARS);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= SUMMARY_CHARS + 1);
        assert!(cut.trim_end_matches('…').split(' ').all(|w| w == "word"));
    }

    #[test]
    fn long_ids_are_hashed_and_entries_capped() {
        let long = "x".repeat(300);
        let mut doc = format!(
            "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><guid>{long}</guid></item>"
        );
        for i in 0..(MAX_ENTRIES + 5) {
            doc.push_str(&format!("<item><guid>g{i}</guid></item>"));
        }
        doc.push_str("</channel></rss>");
        let f = parse(doc.as_bytes());
        assert_eq!(f.entries.len(), MAX_ENTRIES);
        assert!(f.entries[0].id.starts_with("sha256:"));
        assert_eq!(f.entries[0].id.len(), "sha256:".len() + 64);
    }

    const RSS10_ABOUT: &[u8] = include_bytes!("../../tests/fixtures/rss10-about-only.rdf");
    const ATOM03_MODES: &[u8] = include_bytes!("../../tests/fixtures/atom03-modes.xml");
    const RSS20_SHAPES: &[u8] = include_bytes!("../../tests/fixtures/rss20-shapes.xml");
    const RSS20_DEFAULT_NS: &[u8] = include_bytes!("../../tests/fixtures/rss20-default-ns.xml");
    const RSS_NO_CHANNEL: &[u8] = include_bytes!("../../tests/fixtures/rss-no-channel.xml");

    #[test]
    fn rss10_items_with_only_rdf_about_use_it_as_link_and_id() {
        let f = parse(RSS10_ABOUT);
        assert_eq!(f.entries.len(), 2, "{:?}", f.entries);
        let e = &f.entries[0];
        assert_eq!(e.title.as_deref(), Some("Only about"));
        assert_eq!(e.link.as_deref(), Some("https://example.com/posts/1"));
        // The about URI identifies the item: the same every time, and not the other item's.
        assert_eq!(e.id, parse(RSS10_ABOUT).entries[0].id);
        assert_ne!(e.id, f.entries[1].id);
        // An item with its own link keeps it.
        assert_eq!(
            f.entries[1].link.as_deref(),
            Some("https://example.com/posts/2#link")
        );
    }

    #[test]
    fn atom03_base64_and_xml_modes_are_read() {
        let f = parse(ATOM03_MODES);
        assert_eq!(f.entries.len(), 2);
        let b64 = &f.entries[0];
        assert_eq!(b64.title.as_deref(), Some("Hello World"));
        assert!(chat(b64).contains("Hi there"), "{:?}", chat(b64));
        let xml = &f.entries[1];
        assert_eq!(xml.title.as_deref(), Some("A bold title"));
        assert!(chat(xml).contains("Body with markup"), "{:?}", chat(xml));
        assert!(xml.published.is_some());
    }

    #[test]
    fn naked_markup_titles_and_dublin_core_fallbacks() {
        let f = parse(RSS20_SHAPES);
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].title.as_deref(), Some("Naked markup & more"));
        let dc = &f.entries[1];
        assert_eq!(dc.title.as_deref(), Some("A Dublin Core title"));
        assert_eq!(
            dc.published.map(|d| d.to_rfc3339()),
            Some("2021-05-01T10:00:00+00:00".into())
        );
        let atom = parse_atom(dc);
        let author = atom
            .get_child("author", ATOM_NS)
            .and_then(|a| a.get_child("name", ATOM_NS))
            .map(|n| n.text());
        assert!(
            author.as_deref().is_some_and(|a| a.contains("Ann Author")),
            "{atom:?}"
        );
    }

    #[test]
    fn rss20_with_a_default_namespace_is_read() {
        let f = parse(RSS20_DEFAULT_NS);
        assert_eq!(f.title.as_deref(), Some("Namespaced RSS"));
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].id, "ns1");
        assert_eq!(
            f.entries[0].link.as_deref(),
            Some("https://example.com/ns1")
        );
    }

    #[test]
    fn atom03_and_unknown_rss_versions_are_read_without_touching_their_text() {
        let atom03 = b"<?xml version='1.0' encoding='ISO-8859-1'?>\
<feed version='0.3' xmlns='http://purl.org/atom/ns#'><title>F</title>\
<entry><id>tag:x,2004:1</id><title>Caf\xe9</title><issued>2004-01-01T00:00:00Z</issued>\
<modified>2004-01-02T00:00:00Z</modified><link rel='alternate' type='text/html' href='/a'/>\
<summary type='text/plain' mode='escaped'><![CDATA[Write <issued> as http://purl.org/atom/ns# says]]></summary>\
</entry></feed>";
        let f = parse(atom03);
        let e = &f.entries[0];
        assert_eq!(e.title.as_deref(), Some("Caf\u{e9}"));
        assert_eq!(
            e.published,
            Some(Utc.with_ymd_and_hms(2004, 1, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(
            e.updated,
            Some(Utc.with_ymd_and_hms(2004, 1, 2, 0, 0, 0).unwrap())
        );
        assert_eq!(
            e.summary,
            Some(Body::Text(
                "Write <issued> as http://purl.org/atom/ns# says".into()
            ))
        );

        for version in ["2.01", "0.93", "0.94"] {
            let rss = format!(
                "<rss version='{version}'><channel><title>R</title><item><title>v</title>\
<description><![CDATA[Use <rss version=\"9\"> &amp; more]]></description><guid>g-{version}</guid></item></channel></rss>"
            );
            let f = parse(rss.as_bytes());
            assert_eq!(f.entries.len(), 1, "version {version}");
            let Some(Body::Html(t)) = &f.entries[0].summary else {
                panic!("{:?}", f.entries[0].summary)
            };
            assert_eq!(
                t, "Use  &amp; more",
                "the sanitiser drops the unknown tag, nothing else"
            );
        }
    }

    #[test]
    fn rss_without_a_channel_fixture_is_an_empty_feed() {
        assert!(parse(RSS_NO_CHANNEL).entries.is_empty());
    }

    #[test]
    fn rss_without_a_channel_is_an_empty_feed() {
        let f = normalize(b"<?xml version='1.0'?><rss version='2.0'></rss>", &base()).unwrap();
        assert!(f.entries.is_empty() && f.title.is_none());
        // Not a feed stays not a feed.
        assert!(matches!(
            normalize(b"<html><body>hi</body></html>", &base()),
            Err(NormalizeError::NotAFeed(_))
        ));
    }

    #[test]
    fn html_to_text_strips_and_decodes() {
        assert_eq!(
            html_to_text("<p title=\"a>b\">x &amp; y</p><p>z&#233;</p><script>bad()</script>"),
            "x & y zé"
        );
        // The whole named-entity table, not a handful.
        assert_eq!(
            html_to_text("5 &euro; f&uuml;r &Ouml;l &hearts;"),
            "5 € für Öl ♥"
        );
        assert_eq!(
            html_to_text("AT&T &unknown; 1 &lt; 2"),
            "AT&T &unknown; 1 < 2"
        );
        // Script and style contents go, whatever the case of their tags, and many of them
        // cost one pass (the closing tag is found without copying the rest of the text).
        assert_eq!(html_to_text("a<SCRIPT>x</ScRiPt>b<style>y</STYLE>c"), "abc");
        let many = "<script>x</script>t".repeat(20_000);
        assert_eq!(html_to_text(&many), "t".repeat(20_000));
        assert_eq!(html_to_text("a<script>never closed"), "a");
    }

    #[test]
    fn ascii_case_insensitive_find() {
        assert_eq!(find_ascii_ci("abc</SCRIPT>", "</script"), Some(3));
        assert_eq!(find_ascii_ci("abc", "</script"), None);
        assert_eq!(find_ascii_ci("", "x"), None);
    }
}
