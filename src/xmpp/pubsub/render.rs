//! Rendering an item for subscribers: the Atom `<entry/>` payload (RFC 4287, as XEP-0060 and
//! XEP-0472 carry it) and the short plain-text body of a readable message, each made once per
//! item and kept in a bounded cache, so that every notification and every items reply reuses
//! them instead of rendering (or parsing) again.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use lru::LruCache;
use xmpp_parsers::minidom::{Element, ElementBuilder};

use std::str::FromStr;

use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::message::{Lang, Message, MessageType};
use xmpp_parsers::pubsub::event::{Event, Item as EventItem, Payload};
use xmpp_parsers::pubsub::{ItemId, NodeName};
use xmpp_parsers::stanza::Stanza;

use sha2::{Digest, Sha256};
use xmpp_parsers::oob::Oob;
use xmpp_parsers::stanza_id::OriginId;

use super::Shared;
use crate::config::{Config, NotificationType};
use crate::model::{Body, Content, Entry};
use crate::model::{Event as StoreEvent, NodeOptions, StoredItem};
use crate::model::{Mode, Subscription};
use crate::text::{collapse_ws, html_to_text, truncate_words, xml_clean};

/// The Atom namespace (RFC 4287).
pub const NS_ATOM: &str = "http://www.w3.org/2005/Atom";

/// Approximate length (in characters) of the summary line of a chat body.
pub const SUMMARY_CHARS: usize = 300;

/// Longest body of a readable message unless `[chat] max_body_chars` says otherwise.
pub const MAX_BODY_CHARS: usize = crate::config::DEFAULT_MAX_BODY_CHARS;

/// Rendered items kept for reuse, at most this many bytes of their text (an entry with full
/// content can weigh megabytes: the bound is on bytes, not on a count).
pub const RENDER_CACHE_BYTES: usize = 32 << 20;

/// One item as subscribers get it.
#[derive(Debug)]
pub struct Rendered {
    /// The Atom `<entry xmlns="http://www.w3.org/2005/Atom"/>`.
    pub atom: Element,
    /// Title, link and a short summary, one per line, for a readable message.
    pub body: String,
}

type Key = (String, String, String);

/// Renders items once and hands out the same rendering while it stays in the cache.
/// Keyed by node, item id and content hash: an updated entry is rendered anew. The least
/// recently used renderings go first once their text exceeds the byte budget.
pub struct Renderer {
    cache: Mutex<Cache>,
    max_body_chars: std::sync::atomic::AtomicUsize,
}

struct Cache {
    map: LruCache<Key, (Arc<Rendered>, usize)>,
    bytes: usize,
    budget: usize,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new(RENDER_CACHE_BYTES)
    }
}

/// What an entry weighs in the cache: the text it carries, about what its rendering holds.
fn weight(e: &Entry) -> usize {
    let body = |b: &Body| b.as_str().len();
    let content = match &e.content {
        Some(Content::Inline(b)) => body(b),
        Some(Content::Src { href, media_type }) => href.len() + media_type.len(),
        None => 0,
    };
    let legacy = e.legacy.as_ref().map_or(0, |l| l.atom.len() + l.text.len());
    256 + e.id.len()
        + e.title.as_ref().map_or(0, String::len) * 2
        + e.link.as_ref().map_or(0, String::len) * 2
        + e.summary.as_ref().map_or(0, body)
        + content
        + legacy
        + e.links
            .iter()
            .map(|l| l.href.len() + l.rel.len())
            .sum::<usize>()
        + e.enclosures.iter().map(|x| x.href.len()).sum::<usize>()
}

impl Renderer {
    /// A renderer that keeps renderings of up to about `budget` bytes of text.
    pub fn new(budget: usize) -> Renderer {
        Renderer {
            cache: Mutex::new(Cache {
                map: LruCache::unbounded(),
                bytes: 0,
                budget,
            }),
            max_body_chars: std::sync::atomic::AtomicUsize::new(MAX_BODY_CHARS),
        }
    }

    /// The same, with bodies cut at `max` characters.
    pub fn with_max_body_chars(self, max: usize) -> Renderer {
        self.set_max_body_chars(max);
        self
    }

    /// Cut bodies at `max` characters from now on (a reload); renderings cut otherwise go.
    pub fn set_max_body_chars(&self, max: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        if self.max_body_chars.swap(max, Relaxed) != max {
            let mut c = self.lock();
            c.map.clear();
            c.bytes = 0;
        }
    }

    /// The rendering of `item` of `node`, from the cache or made now.
    pub fn item(&self, node: &str, item: &StoredItem) -> Arc<Rendered> {
        let e = &item.entry;
        let key = (node.to_owned(), e.id.clone(), e.content_hash.clone());
        if let Some((r, _)) = self.lock().map.get(&key) {
            return r.clone();
        }
        let r = Arc::new(render_with(
            e,
            self.max_body_chars
                .load(std::sync::atomic::Ordering::Relaxed),
        ));
        let w = weight(e);
        let mut c = self.lock();
        if w <= c.budget {
            if let Some((_, old)) = c.map.put(key, (r.clone(), w)) {
                c.bytes -= old;
            }
            c.bytes += w;
            while c.bytes > c.budget {
                match c.map.pop_lru() {
                    Some((_, (_, old))) => c.bytes -= old,
                    None => break,
                }
            }
        }
        r
    }

    /// Items rendered so far and still kept.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of text the kept renderings carry (about).
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A poisoned cache only means a panic elsewhere mid-insert: the map itself is sound.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Renders one entry (payload and chat body).
pub fn render(e: &Entry) -> Rendered {
    render_with(e, MAX_BODY_CHARS)
}

/// Renders one entry, its body cut at `max_body_chars`.
pub fn render_with(e: &Entry, max_body_chars: usize) -> Rendered {
    if let Some(legacy) = &e.legacy {
        if let Ok(atom) = legacy.atom.parse::<Element>() {
            return Rendered {
                atom,
                body: xml_clean(&legacy.text).into_owned(),
            };
        }
    }
    Rendered {
        atom: atom_entry(e),
        body: chat_body_max(e, max_body_chars),
    }
}

fn atom(n: &str) -> ElementBuilder {
    Element::builder(n, NS_ATOM)
}

fn clean(s: &str) -> String {
    xml_clean(s).into_owned()
}

fn text_el(n: &str, s: &str) -> Element {
    atom(n).append(clean(s)).build()
}

fn rfc3339(d: &DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn kind(b: &Body) -> &'static str {
    match b {
        Body::Html(_) => "html",
        Body::Text(_) => "text",
    }
}

/// The Atom `<entry/>` of an entry: id, title (required, possibly empty), links (alternate,
/// others, enclosures), dates, authors, categories, summary and content.
pub fn atom_entry(e: &Entry) -> Element {
    let mut b = atom("entry").append(text_el("id", &e.id));
    b = b.append(
        atom("title")
            .attr(ncname("type"), "text")
            .append_all(e.title.as_deref().map(clean)),
    );
    if let Some(l) = &e.link {
        b = b.append(
            atom("link")
                .attr(ncname("rel"), "alternate")
                .attr(ncname("href"), clean(l)),
        );
    }
    for l in &e.links {
        b = b.append(
            atom("link")
                .attr(ncname("rel"), clean(&l.rel))
                .attr(ncname("href"), clean(&l.href))
                .attr(ncname("type"), l.media_type.as_deref().map(clean)),
        );
    }
    for enc in &e.enclosures {
        b = b.append(
            atom("link")
                .attr(ncname("rel"), "enclosure")
                .attr(ncname("href"), clean(&enc.href))
                .attr(ncname("type"), enc.media_type.as_deref().map(clean))
                .attr(ncname("length"), enc.length.map(|l| l.to_string())),
        );
    }
    if let Some(p) = &e.published {
        b = b.append(text_el("published", &rfc3339(p)));
    }
    if let Some(u) = &e.updated {
        b = b.append(text_el("updated", &rfc3339(u)));
    }
    for p in &e.authors {
        let mut a = atom("author").append(text_el("name", &p.name));
        if let Some(uri) = &p.uri {
            a = a.append(text_el("uri", uri));
        }
        if let Some(mail) = &p.email {
            a = a.append(text_el("email", mail));
        }
        b = b.append(a);
    }
    for c in &e.categories {
        b = b.append(
            atom("category")
                .attr(ncname("term"), clean(&c.term))
                .attr(ncname("scheme"), c.scheme.as_deref().map(clean))
                .attr(ncname("label"), c.label.as_deref().map(clean)),
        );
    }
    if let Some(s) = &e.summary {
        b = b.append(
            atom("summary")
                .attr(ncname("type"), kind(s))
                .append(clean(s.as_str())),
        );
    }
    match &e.content {
        Some(Content::Inline(c)) => {
            b = b.append(
                atom("content")
                    .attr(ncname("type"), kind(c))
                    .append(clean(c.as_str())),
            );
        }
        Some(Content::Src { href, media_type }) => {
            b = b.append(
                atom("content")
                    .attr(ncname("type"), clean(media_type))
                    .attr(ncname("src"), clean(href)),
            );
        }
        None => {}
    }
    b.build()
}

/// One line of a list of items (`recent`, digests): "• title — link".
pub fn item_line(e: &Entry) -> String {
    format!(
        "• {}{}",
        e.title.as_deref().unwrap_or("(untitled)"),
        e.link
            .as_deref()
            .map(|l| format!(" — {l}"))
            .unwrap_or_default()
    )
}

/// The body of a readable message: title, then link, then a summary of at most
/// [`SUMMARY_CHARS`] characters (whole words, "…" when cut), one per line.
pub fn chat_body(e: &Entry) -> String {
    chat_body_max(e, MAX_BODY_CHARS)
}

/// [`chat_body`] cut at `max` characters.
pub fn chat_body_max(e: &Entry, max: usize) -> String {
    let plain = |b: &Body| match b {
        Body::Html(s) => html_to_text(s),
        Body::Text(s) => collapse_ws(s),
    };
    let inline = match &e.content {
        Some(Content::Inline(b)) => Some(b),
        _ => None,
    };
    let short = e
        .summary
        .as_ref()
        .or(inline)
        .map(|s| truncate_words(&plain(s), SUMMARY_CHARS))
        .filter(|s| !s.is_empty());
    let mut lines: Vec<&str> = [e.title.as_deref(), e.link.as_deref(), short.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    lines.extend(e.enclosures.iter().map(|x| x.href.as_str()));
    let body = lines.join("\n");
    clean(&truncate_words(&body, max))
}

fn ncname(n: &'static str) -> xmpp_parsers::minidom::rxml::NcName {
    xmpp_parsers::minidom::rxml::NcName::try_from(n).expect("static attribute names are NCNames")
}

/// The shape of message a subscriber gets; one template is built per shape and item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A XEP-0060 event from the service JID, with or without a readable body.
    Event {
        /// `pubsub#include_body`.
        body: bool,
    },
    /// A readable message from the feed's contact JID, of this mode's type (body, link,
    /// origin-id; no event, see [`Shared::notification`]).
    Contact(Mode),
}

impl Kind {
    /// What `sub` gets.
    pub fn of(sub: &Subscription) -> Kind {
        match sub.mode {
            Mode::Pubsub => Kind::Event {
                body: sub.include_body,
            },
            m => Kind::Contact(m),
        }
    }
}

/// A stable id of one version of an item, for XEP-0359 `<origin-id/>`: the same item sent
/// twice (a retry, a re-delivery) carries the same id, so clients can drop the copy.
pub fn origin_id(node: &str, item: &StoredItem) -> String {
    let mut h = Sha256::new();
    for part in [node, &item.entry.id, &item.entry.content_hash] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    format!("feedpush-{}", &hex::encode(h.finalize())[..32])
}

impl Shared {
    /// Items held per subscriber and feed while a contact subscriber is away.
    pub fn backlog_max(&self) -> usize {
        self.cfg().chat.backlog_max
    }

    /// Longest body of a readable message (`[chat] max_body_chars`).
    pub fn max_body_chars(&self) -> usize {
        self.cfg().chat.max_body_chars
    }

    /// The configuration it serves.
    pub fn config(&self) -> Arc<Config> {
        self.cfg()
    }

    /// The service's own JID.
    pub fn jid(&self) -> &BareJid {
        &self.jid
    }

    /// A plain line from the contact of `node` to `jid`, of the type `mode` sends (the
    /// backlog's "N more items were skipped").
    pub fn contact_line(&self, node: &str, jid: &str, mode: Mode, text: &str) -> Option<Stanza> {
        let type_ = match mode {
            Mode::Normal => MessageType::Normal,
            Mode::Headline => MessageType::Headline,
            Mode::Chat | Mode::Pubsub => MessageType::Chat,
        };
        let from = crate::xmpp::router::contact_jid(node, &self.jid)?;
        let mut m = Message::new_with_type(type_, Some(Jid::from_str(jid).ok()?))
            .with_body(Lang::new(), clean(text));
        m.from = Some(Jid::from(from));
        Some(Stanza::Message(m))
    }

    /// Whether `sub`'s filter lets `item` of `node` through (its words are looked for in the
    /// rendered body: title, link, summary, attachment links).
    pub fn wants(&self, node: &str, item: &StoredItem, sub: &Subscription) -> bool {
        sub.filter.is_empty() || sub.filter.passes(&self.renderer.item(node, item).body)
    }

    /// The notification of one item in one shape, built once and then addressed to each
    /// subscriber of that shape.
    pub fn notification(&self, node: &str, item: &StoredItem, kind: Kind) -> Notification {
        self.notification_with(node, item, kind, None)
    }

    /// The message type of `node`'s pubsub events: the file's choice for the node, else the
    /// owners' (`opts`), else `[pubsub] notification_type`.
    fn event_type(&self, node: &str, opts: Option<&NodeOptions>) -> MessageType {
        let from_opts = opts
            .and_then(|o| o.notification_type.as_deref())
            .map(|t| match t {
                "normal" => NotificationType::Normal,
                _ => NotificationType::Headline,
            });
        match self
            .notification_types
            .get()
            .get(node)
            .copied()
            .or(from_opts)
            .unwrap_or(self.cfg().pubsub.notification_type)
        {
            NotificationType::Headline => MessageType::Headline,
            NotificationType::Normal => MessageType::Normal,
        }
    }

    /// [`notification`](Self::notification) with the node's options (`deliver_payloads`,
    /// `notification_type`), when the caller has them.
    pub fn notification_with(
        &self,
        node: &str,
        item: &StoredItem,
        kind: Kind,
        opts: Option<&NodeOptions>,
    ) -> Notification {
        let rendered = self.renderer.item(node, item);
        let payloads = opts.is_none_or(|o| o.deliver_payloads);
        let event = || -> Element {
            Event {
                payload: Payload::Items {
                    node: NodeName(node.to_owned()),
                    published: vec![EventItem {
                        id: Some(ItemId(item.entry.id.clone())),
                        publisher: None,
                        payload: payloads.then(|| rendered.atom.clone()),
                    }],
                    retracted: Vec::new(),
                },
            }
            .into()
        };
        match kind {
            Kind::Event { body } => {
                let type_ = self.event_type(node, opts);
                Notification {
                    from: Jid::from(self.jid.clone()),
                    id: notification_id(node, item),
                    type_,
                    payloads: vec![event()],
                    body: body.then(|| rendered.body.clone()),
                }
            }
            Kind::Contact(mode) => {
                let type_ = match mode {
                    Mode::Chat | Mode::Pubsub => MessageType::Chat,
                    Mode::Normal => MessageType::Normal,
                    Mode::Headline => MessageType::Headline,
                };
                let from = crate::xmpp::router::contact_jid(node, &self.jid)
                    .map(Jid::from)
                    .unwrap_or_else(|| Jid::from(self.jid.clone()));
                let mut payloads = Vec::with_capacity(3);
                if let Some(link) = &item.entry.link {
                    payloads.push(
                        Oob {
                            url: clean(link),
                            desc: item.entry.title.as_deref().map(clean),
                        }
                        .into(),
                    );
                }
                payloads.push(
                    OriginId {
                        id: origin_id(node, item),
                    }
                    .into(),
                );
                // No pubsub <event/> here: clients route a message that carries one to their
                // pubsub handling and drop its body (profanity 0.13 does), so the readable
                // message would be lost. Event-aware clients choose the pubsub mode.
                Notification {
                    from,
                    id: notification_id(node, item),
                    type_,
                    payloads,
                    body: Some(rendered.body.clone()),
                }
            }
        }
    }
}

impl Shared {
    /// `node`'s stored items as an Atom feed document (Atom out, RFC 4287): `self_url` is
    /// its address, `updated` the time of the newest item (Unix ms), `items` newest first.
    pub fn atom_feed(
        &self,
        node: &str,
        title: &str,
        self_url: &str,
        updated_ms: i64,
        items: &[StoredItem],
    ) -> String {
        let updated = DateTime::from_timestamp_millis(updated_ms).unwrap_or_default();
        let mut b = atom("feed")
            .append(text_el("id", &format!("xmpp:{}?;node={node}", self.jid)))
            .append(
                atom("title")
                    .attr(ncname("type"), "text")
                    .append(clean(title)),
            )
            .append(text_el("updated", &rfc3339(&updated)))
            .append(
                atom("link")
                    .attr(ncname("rel"), "self")
                    .attr(ncname("type"), "application/atom+xml")
                    .attr(ncname("href"), clean(self_url)),
            )
            .append(
                atom("generator")
                    .attr(ncname("version"), env!("CARGO_PKG_VERSION"))
                    .append("feedpush"),
            );
        for i in items {
            b = b.append(self.renderer.item(node, i).atom.clone());
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&String::from(&b.build()));
        out
    }

    /// The pubsub event of a retraction, purge or deletion of `node` (for subscribers in the
    /// pubsub mode; contacts get none). None for [`Event::Item`](StoreEvent::Item).
    pub fn event_notification(
        &self,
        node: &str,
        event: &StoreEvent,
        key: u64,
        opts: Option<&NodeOptions>,
    ) -> Option<Notification> {
        let name = NodeName(node.to_owned());
        let payload = match event {
            StoreEvent::Item => return None,
            StoreEvent::Retract { id } => Payload::Items {
                node: name,
                published: Vec::new(),
                retracted: vec![ItemId(id.clone())],
            },
            StoreEvent::Purge => Payload::Purge { node: name },
            StoreEvent::Delete { redirect } => Payload::Delete {
                node: name,
                redirect: redirect.clone(),
            },
        };
        Some(Notification {
            from: Jid::from(self.jid.clone()),
            id: format!("{NOTIFICATION_ID}{key}.{node}"),
            type_: self.event_type(node, opts),
            payloads: vec![Event { payload }.into()],
            body: None,
        })
    }
}

/// A notification ready to be addressed: its elements are converted once per item and shape,
/// not once per subscriber (the conversion is most of a notification's cost).
pub struct Notification {
    from: Jid,
    id: String,
    type_: MessageType,
    payloads: Vec<Element>,
    body: Option<String>,
}

/// Prefix of the id of every notification message (XEP-0060 §12.x "Handling
/// Notification-Related Errors": a bounce names it, and it names the node).
const NOTIFICATION_ID: &str = "fp1.";

/// The id of a notification of an item of `node`: unique per item (an update keeps it), and
/// the node and item can be read back from it ([`node_of_notification_id`],
/// [`seq_of_notification_id`]).
pub fn notification_id(node: &str, item: &StoredItem) -> String {
    format!("{NOTIFICATION_ID}{}.{node}", item.seq)
}

/// The node a notification id names, if it is one of ours.
pub fn node_of_notification_id(id: &str) -> Option<&str> {
    let rest = id.strip_prefix(NOTIFICATION_ID)?;
    let (seq, node) = rest.split_once('.')?;
    (seq.bytes().all(|b| b.is_ascii_digit()) && !node.is_empty()).then_some(node)
}

/// The item sequence number a notification id names, if it is one of ours.
pub fn seq_of_notification_id(id: &str) -> Option<u64> {
    let rest = id.strip_prefix(NOTIFICATION_ID)?;
    rest.split_once('.')?.0.parse().ok()
}

impl Notification {
    fn message(&self, to: Option<Jid>) -> Message {
        let mut m = Message::new_with_type(self.type_.clone(), to);
        m.from = Some(self.from.clone());
        m.id = Some(xmpp_parsers::message::Id(self.id.clone()));
        m.payloads.extend(self.payloads.iter().cloned());
        if let Some(body) = &self.body {
            m = m.with_body(Lang::new(), body.clone());
        }
        m
    }

    /// The message to one subscriber (None for an unusable JID).
    pub fn to(&self, jid: &str) -> Option<Stanza> {
        Some(Stanza::Message(
            self.message(Some(Jid::from_str(jid).ok()?)),
        ))
    }

    /// The message to one subscriber, marked as held since `stamp` (XEP-0203), for items
    /// delivered from a backlog (None for an unusable JID).
    pub fn to_delayed(&self, jid: &str, stamp: DateTime<Utc>, by: &BareJid) -> Option<Stanza> {
        let mut m = self.message(Some(Jid::from_str(jid).ok()?));
        m.payloads.push(
            xmpp_parsers::delay::Delay {
                from: Some(Jid::from(by.clone())),
                stamp: xmpp_parsers::date::DateTime(stamp.fixed_offset()),
                data: None,
            }
            .into(),
        );
        Some(Stanza::Message(m))
    }

    /// The message without a recipient, as an element, for the link's fan-out (which adds
    /// each subscriber's `to`).
    pub fn template(&self) -> Element {
        self.message(None).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Enclosure, Person};

    fn stored(e: Entry) -> StoredItem {
        StoredItem {
            seq: 1,
            stored_at: 0,
            entry: e,
        }
    }

    #[test]
    fn an_item_is_rendered_once_and_again_only_when_it_changes() {
        let r = Renderer::new(2 * weight(&Entry::new("a", "h1")) + 8);
        let a = stored(Entry {
            title: Some("A".into()),
            ..Entry::new("a", "h1")
        });
        let first = r.item("n", &a);
        assert!(Arc::ptr_eq(&first, &r.item("n", &a)));
        // Another node holding the same id is another item.
        assert!(!Arc::ptr_eq(&first, &r.item("m", &a)));
        let mut changed = a.clone();
        changed.entry.content_hash = "h2".into();
        changed.entry.title = Some("A2".into());
        let again = r.item("n", &changed);
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(again.body, "A2");
        assert_eq!(r.len(), 2, "bounded");
    }

    #[test]
    fn the_cache_is_bounded_by_bytes_not_by_count() {
        let r = Renderer::new(1 << 20);
        let big = |id: &str| {
            stored(Entry {
                content: Some(Content::Inline(Body::Text("x".repeat(300 << 10)))),
                ..Entry::new(id, id)
            })
        };
        for i in 0..10 {
            r.item("n", &big(&i.to_string()));
            assert!(r.bytes() <= 1 << 20, "{} bytes kept", r.bytes());
        }
        assert_eq!(r.len(), 3, "three of 300 KiB fit in 1 MiB");
        // One bigger than the whole budget is rendered, not kept.
        let huge = stored(Entry {
            content: Some(Content::Inline(Body::Text("y".repeat(2 << 20)))),
            ..Entry::new("huge", "h")
        });
        let first = r.item("n", &huge);
        assert!(!Arc::ptr_eq(&first, &r.item("n", &huge)));
        assert!(r.bytes() <= 1 << 20);
    }

    #[test]
    fn the_payload_carries_every_field_and_only_xml_characters() {
        let e = Entry {
            title: Some("T\u{1}itle".into()),
            link: Some("https://example.org/a".into()),
            enclosures: vec![Enclosure {
                href: "https://example.org/a.mp3".into(),
                media_type: Some("audio/mpeg".into()),
                length: Some(12),
            }],
            authors: vec![Person {
                name: "Ann".into(),
                uri: None,
                email: Some("ann@example.org".into()),
            }],
            summary: Some(Body::Html("<p>Hello <b>there</b></p>".into())),
            content: Some(Content::Src {
                href: "https://example.org/full".into(),
                media_type: "text/html".into(),
            }),
            ..Entry::new("urn:x", "h")
        };
        let xml = String::from(&atom_entry(&e));
        for part in [
            "<id>urn:x</id>",
            "<title type='text'>Title</title>",
            "<link href='https://example.org/a' rel='alternate'/>",
            "<link href='https://example.org/a.mp3' length='12' rel='enclosure' type='audio/mpeg'/>",
            "<author><name>Ann</name><email>ann@example.org</email></author>",
            "<summary type='html'>&lt;p&gt;Hello &lt;b&gt;there&lt;/b&gt;&lt;/p&gt;</summary>",
            "<content src='https://example.org/full' type='text/html'/>",
        ] {
            assert!(
                xml.contains(part),
                "{part} missing in {xml}"
            );
        }
        assert_eq!(
            chat_body(&e),
            "Title\nhttps://example.org/a\nHello there\nhttps://example.org/a.mp3"
        );
    }

    #[test]
    fn records_stored_before_typed_entries_render_from_their_payload() {
        // A record as the store wrote it before entries were typed.
        let old = r#"{"seq":7,"stored_at":1,"id":"i1","title":"Old","link":null,
            "published":"2024-01-02T03:04:05+00:00","updated":null,
            "atom":"<entry xmlns='http://www.w3.org/2005/Atom'><id>i1</id><title>Old</title></entry>",
            "text":"Old\nhttps://example.org/old","content_hash":"abc"}"#;
        let item: StoredItem = serde_json::from_str(old).unwrap();
        assert_eq!(item.entry.title.as_deref(), Some("Old"));
        assert!(item.entry.published.is_some());
        let r = render(&item.entry);
        assert_eq!(r.atom.get_child("title", NS_ATOM).unwrap().text(), "Old");
        assert_eq!(r.body, "Old\nhttps://example.org/old");
        // And a typed record carries no legacy fields.
        let json = serde_json::to_string(&stored(Entry::new("n", "h"))).unwrap();
        assert!(
            !json.contains("\"atom\"") && !json.contains("\"text\""),
            "{json}"
        );
        let back: StoredItem = serde_json::from_str(&json).unwrap();
        assert_eq!(back.entry.legacy, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any entry the normaliser accepts, whatever characters its feed held, renders to a
        /// pubsub item that serialises and parses back to the same id and text.
        #[test]
        fn any_accepted_entry_renders_to_xml_that_parses_back(
            id in "\\PC{0,12}|[\\x00-\\x{FFFF}]{1,12}",
            title in "\\PC{0,20}|[\\x00-\\x{FFFF}]{1,20}",
            text in "\\PC{0,40}|[\\x00-\\x{FFFF}]{1,40}",
            author in "[\\x00-\\x{FFFF}]{1,8}",
        ) {
            let doc = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1",
                "title": title,
                "items": [{
                    "id": id,
                    "title": title,
                    "summary": text,
                    "content_text": text,
                    "authors": [{ "name": author }],
                    "tags": [text],
                }],
            });
            let base = url::Url::parse("https://example.org/feed.json").unwrap();
            let Ok(feed) = crate::normalize::normalize(doc.to_string().as_bytes(), &base) else {
                return Ok(());
            };
            for e in feed.entries {
                proptest::prop_assert!(crate::text::xml_invalid_char(&e.id).is_none(), "{:?}", e.id);
                let r = render(&e);
                proptest::prop_assert!(crate::text::xml_invalid_char(&r.body).is_none());
                let item = Element::builder("item", "http://jabber.org/protocol/pubsub#event")
                    .attr(ncname("id"), e.id.clone())
                    .append(r.atom.clone())
                    .build();
                let mut bytes = Vec::new();
                let written = crate::xmpp::link::check_serialisable(&item, &mut bytes);
                proptest::prop_assert!(written.is_ok(), "{written:?}");
                let back: Element = String::from_utf8(bytes).unwrap().parse().unwrap();
                proptest::prop_assert_eq!(back.attr("id"), Some(e.id.as_str()));
                let atom = back.get_child("entry", NS_ATOM).unwrap();
                let child = |n: &str| atom.get_child(n, NS_ATOM).map(|c| c.text());
                proptest::prop_assert_eq!(child("id"), Some(e.id.clone()));
                proptest::prop_assert_eq!(child("title").unwrap_or_default(), e.title.clone().unwrap_or_default());
                proptest::prop_assert_eq!(child("summary"), e.summary.as_ref().map(|s| s.as_str().to_owned()));
            }
        }
    }
}
