//! One entry as a publisher pushes it, through the same conversion as polled entries (so it is
//! sanitised and rendered exactly like them): an Atom `<entry/>` document (RFC 4287), or a
//! [`Draft`] (the HTTP API's JSON), which becomes a one-item JSON Feed first.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use url::Url;

use super::{normalize, ATOM_NS};
use crate::model::Entry;

/// Why a pushed entry was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// Not one Atom `<entry/>` (another root, another namespace, malformed XML).
    #[error("not an Atom entry: {0}")]
    NotAnEntry(String),
    /// An entry without a title (RFC 4287 §4.1.2 requires one; readers show it).
    #[error("the entry has no title")]
    MissingTitle,
    /// A field is out of bounds (an unparsable date, an id too long).
    #[error("{0}")]
    Invalid(String),
}

/// What the HTTP API's JSON gives for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// Its title (required).
    pub title: String,
    /// Its link.
    pub link: Option<String>,
    /// A summary (plain text).
    pub summary: Option<String>,
    /// Its content.
    pub content: Option<String>,
    /// The content is HTML (else plain text).
    pub content_html: bool,
    /// When it was published (RFC 3339).
    pub published: Option<String>,
    /// Its author's name.
    pub author: Option<String>,
}

/// One Atom `<entry/>` document (the root must be `entry` in the Atom 1.0 namespace, and
/// nothing may follow it) as a typed entry. Its id is the entry's `<id>`, or a fallback.
pub fn atom_entry(body: &[u8], base: &Url) -> Result<Entry, EntryError> {
    check_root(body)?;
    let feed = normalize(body, base).map_err(|e| EntryError::NotAnEntry(e.to_string()))?;
    // A publisher's id is kept as given or refused: a polled feed's would be replaced by a
    // derived one, but a publisher can fix its own.
    if let Some((at, c)) = feed.first_bad_id_char {
        return Err(EntryError::Invalid(crate::text::xml_invalid_message(
            "id", at, c,
        )));
    }
    one(feed.entries)
}

/// A [`Draft`] as a typed entry (its id is a placeholder; the caller sets the item id).
pub fn draft_entry(d: &Draft, base: &Url) -> Result<Entry, EntryError> {
    if d.title.trim().is_empty() {
        return Err(EntryError::MissingTitle);
    }
    if let Some(p) = &d.published {
        if chrono::DateTime::parse_from_rfc3339(p).is_err() {
            return Err(EntryError::Invalid(format!(
                "published: {p:?} is not an RFC 3339 date such as 2026-11-25T12:00:00Z"
            )));
        }
    }
    let mut item = serde_json::json!({ "id": "urn:feedpush:draft", "title": d.title });
    let fields = [
        ("url", d.link.as_ref()),
        ("summary", d.summary.as_ref()),
        ("date_published", d.published.as_ref()),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            item[k] = v.as_str().into();
        }
    }
    if let Some(c) = &d.content {
        item[if d.content_html {
            "content_html"
        } else {
            "content_text"
        }] = c.as_str().into();
    } else {
        // JSON Feed items need a content; the summary (or the title) stands in.
        item["content_text"] = d.summary.as_deref().unwrap_or(&d.title).into();
    }
    if let Some(a) = &d.author {
        item["authors"] = serde_json::json!([{ "name": a }]);
    }
    let doc = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "draft",
        "items": [item],
    });
    let bytes = serde_json::to_vec(&doc).map_err(|e| EntryError::Invalid(e.to_string()))?;
    let feed = normalize(&bytes, base).map_err(|e| EntryError::Invalid(e.to_string()))?;
    let mut entry = one(feed.entries)?;
    if d.content.is_none() {
        // The stand-in content is not the entry's.
        entry.content = None;
    }
    Ok(entry)
}

fn one(entries: Vec<Entry>) -> Result<Entry, EntryError> {
    let mut it = entries.into_iter();
    match (it.next(), it.next()) {
        (Some(e), None) if e.title.as_deref().is_some_and(|t| !t.trim().is_empty()) => Ok(e),
        (Some(_), None) => Err(EntryError::MissingTitle),
        _ => Err(EntryError::NotAnEntry("expected exactly one entry".into())),
    }
}

/// The document's root is an Atom 1.0 `<entry/>`, and it is well-formed to its end.
fn check_root(body: &[u8]) -> Result<(), EntryError> {
    let mut r = NsReader::from_reader(body);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let ev = r
            .read_resolved_event_into(&mut buf)
            .map_err(|e| EntryError::NotAnEntry(format!("malformed XML: {e}")))?;
        match ev {
            (ns, ev @ (Event::Start(_) | Event::Empty(_))) => {
                let (empty, s) = match ev {
                    Event::Empty(s) => (true, s),
                    Event::Start(s) => (false, s),
                    _ => unreachable!("matched above"),
                };
                if depth == 0 {
                    roots += 1;
                    let atom = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == ATOM_NS);
                    if roots > 1 {
                        return Err(EntryError::NotAnEntry("more than one root element".into()));
                    }
                    if s.local_name().as_ref() != "entry" || !atom {
                        return Err(EntryError::NotAnEntry(format!(
                            "the root is <{}/>, not an Atom <entry/> (xmlns=\"http://www.w3.org/2005/Atom\")",
                            s.local_name().as_ref()
                        )));
                    }
                }
                if !empty {
                    depth += 1;
                }
            }
            (_, Event::End(_)) => depth = depth.saturating_sub(1),
            (_, Event::DocType(_)) => {
                return Err(EntryError::NotAnEntry("a DOCTYPE is not accepted".into()))
            }
            (_, Event::Text(t)) if depth == 0 && !t.as_ref().trim().is_empty() => {
                return Err(EntryError::NotAnEntry("text outside the entry".into()))
            }
            (_, Event::Eof) => break,
            _ => {}
        }
        buf.clear();
    }
    if roots == 0 || depth != 0 {
        return Err(EntryError::NotAnEntry("no complete <entry/>".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://feeds.example.org/").unwrap()
    }

    #[test]
    fn an_atom_entry_is_converted_like_a_polled_one() {
        let doc = br#"<?xml version="1.0"?>
<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>Release 1.0</title>
<link href="/r/1.0"/><updated>2026-11-25T12:00:00Z</updated>
<content type="html">&lt;p&gt;Out now&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</content></entry>"#;
        let e = atom_entry(doc, &base()).unwrap();
        assert_eq!(e.title.as_deref(), Some("Release 1.0"));
        assert_eq!(e.link.as_deref(), Some("https://feeds.example.org/r/1.0"));
        let html = format!("{:?}", e.content);
        assert!(
            html.contains("Out now") && !html.contains("script"),
            "{html}"
        );
    }

    #[test]
    fn anything_but_one_titled_atom_entry_is_refused() {
        let refused = [
            &br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>"#[..],
            br#"<entry><title>no namespace</title></entry>"#,
            br#"<entry xmlns="http://www.w3.org/2005/Atom"><title>a</title>"#,
            br#"<entry xmlns="http://www.w3.org/2005/Atom"><title>a</title></entry><entry/>"#,
            br#"<!DOCTYPE x [<!ENTITY a "b">]><entry xmlns="http://www.w3.org/2005/Atom"/>"#,
            b"not xml at all",
        ];
        for doc in refused {
            assert!(
                matches!(atom_entry(doc, &base()), Err(EntryError::NotAnEntry(_))),
                "{}",
                String::from_utf8_lossy(doc)
            );
        }
        let untitled = br#"<entry xmlns="http://www.w3.org/2005/Atom"><id>a</id></entry>"#;
        assert_eq!(atom_entry(untitled, &base()), Err(EntryError::MissingTitle));
    }

    #[test]
    fn a_draft_becomes_an_entry() {
        let d = Draft {
            title: "Hello".into(),
            link: Some("https://example.org/hello".into()),
            summary: Some("A summary".into()),
            content: Some("<b>bold</b><iframe src=x></iframe>".into()),
            content_html: true,
            published: Some("2026-11-25T10:00:00Z".into()),
            author: Some("Ann".into()),
        };
        let e = draft_entry(&d, &base()).unwrap();
        assert_eq!(e.title.as_deref(), Some("Hello"));
        assert_eq!(e.authors[0].name, "Ann");
        assert!(e.published.is_some());
        let c = format!("{:?}", e.content);
        assert!(c.contains("<b>bold</b>") && !c.contains("iframe"), "{c}");
        let same = draft_entry(&d, &base()).unwrap();
        assert_eq!(e.content_hash, same.content_hash);
        let bare = draft_entry(
            &Draft {
                title: "Only a title".into(),
                ..Draft::default()
            },
            &base(),
        )
        .unwrap();
        assert!(bare.content.is_none());
        assert_eq!(
            draft_entry(&Draft::default(), &base()),
            Err(EntryError::MissingTitle)
        );
        let bad_date = Draft {
            title: "t".into(),
            published: Some("yesterday".into()),
            ..Draft::default()
        };
        assert!(matches!(
            draft_entry(&bad_date, &base()),
            Err(EntryError::Invalid(_))
        ));
    }

    #[test]
    fn a_publishers_id_that_xml_cannot_carry_is_refused_with_its_position() {
        let body =
            b"<entry xmlns='http://www.w3.org/2005/Atom'><id>a&#1;b</id><title>t</title></entry>";
        match atom_entry(body, &base()) {
            Err(EntryError::Invalid(m)) => {
                assert!(m.contains("U+0001") && m.contains("character 2"), "{m}")
            }
            // The parser may refuse the character reference itself: refused either way.
            Err(EntryError::NotAnEntry(_)) => {}
            other => panic!("accepted: {other:?}"),
        }
    }
}
