//! Feeds that feed-rs reads short, repaired by one structured pass over the document (XML
//! events in, XML events out; no byte patching) before the parser sees them:
//!
//! - an `<rss>` root that declares a default namespace (its elements would be foreign to the
//!   parser): the declaration is dropped;
//! - RSS 1.0 items with only `rdf:about`: the about URI becomes the item's `<link>` (feed-rs
//!   drops items without a link); their id is then derived from link and title like that of
//!   every other item without one (see [`super::fallback_id`]), so ids of RSS 1.0 feeds that
//!   already had links stay what they were;
//! - items without a `<title>` but with a Dublin Core `dc:title`: it becomes the title;
//! - titles with child markup ("naked" HTML in RSS, Atom 0.3 `mode="xml"`): the markup is
//!   flattened to its text (the parser would keep only the first text node);
//! - Atom 0.3 `mode="base64"` text constructs: decoded;
//! - Atom 0.3 `mode="xml"` content: typed `xhtml`, as Atom 1.0 says it;
//! - an `<rss>` root whose version the parser does not know (none, `2.01`, `0.93`, `0.94`):
//!   read as RSS 2.0;
//! - Atom 0.3 itself: its namespace declarations are bound to Atom 1.0 instead, and its
//!   elements `issued`/`modified` (in that namespace only) become `published`/`updated`,
//!   its `type="text/plain"`/`"application/xhtml+xml"` become `text`/`xhtml`.
//!
//! Every change is made to a start tag, an end tag or an attribute the reader has parsed:
//! text, CDATA and attribute values that merely contain such words are never touched.
//! A document in another encoding than UTF-8 is decoded first (and declared UTF-8).
//!
//! The pass runs only when the pre-check ([`super::sniff::Sniffed`]) or a cheap scan finds one
//! of these shapes; any error in it leaves the document as it was (the parser then reports
//! what it finds).

use std::borrow::Cow;

use base64::Engine as _;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, Writer};

const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";
const NS_ATOM03: &str = "http://purl.org/atom/ns#";

use super::sniff::Sniffed;
use super::ATOM_NS;

/// Markers of the shapes [`repair`] handles; without any of them it does nothing.
const MARKERS: [&[u8]; 6] = [
    b"rdf:about",
    b"dc:title",
    b"mode=\"base64\"",
    b"mode='base64'",
    b"mode=\"xml\"",
    b"mode='xml'",
];

/// The document with the shapes above repaired, or None when there is nothing to repair (or
/// the pass failed: the original then goes to the parser unchanged).
pub(super) fn repair(body: &[u8], facts: &Sniffed) -> Option<Vec<u8>> {
    let wanted = facts.rss_version_unknown
        || facts.atom03
        || rss_root_with_default_ns(body)
        || MARKERS.iter().any(|m| memfind(body, m))
        || titles_with_markup(body);
    if !wanted {
        return None;
    }
    let utf8 = as_utf8(body)?;
    rewrite(&utf8, facts).ok()
}

/// The document as UTF-8: as it is when it is UTF-8 (as declared, or by default, and in
/// fact), decoded when it declares another encoding the decoder knows; None otherwise.
fn as_utf8(body: &[u8]) -> Option<Cow<'_, [u8]>> {
    let start = body.iter().position(|b| *b == b'<').unwrap_or(0);
    let head = &body[start..];
    let label = head
        .starts_with(b"<?xml")
        .then(|| &head[..head.iter().position(|b| *b == b'>').unwrap_or(head.len())])
        .and_then(super::sniff::declared_encoding);
    match label {
        Some(l) if !(l.eq_ignore_ascii_case(b"utf-8") || l.eq_ignore_ascii_case(b"utf8")) => {
            let enc = encoding_rs::Encoding::for_label(l)?;
            let text = enc.decode_without_bom_handling_and_without_replacement(body)?;
            Some(Cow::Owned(text.into_owned().into_bytes()))
        }
        _ => std::str::from_utf8(body)
            .is_ok()
            .then_some(Cow::Borrowed(body)),
    }
}

/// Whether the `<rss>` start tag declares a default namespace.
fn rss_root_with_default_ns(body: &[u8]) -> bool {
    let Some(p) = memchr::memmem::find(body, b"<rss") else {
        return false;
    };
    let tag = &body[p..];
    let end = tag.iter().position(|b| *b == b'>').unwrap_or(tag.len());
    tag[..end]
        .windows(7)
        .any(|w| w[0].is_ascii_whitespace() && &w[1..] == b"xmlns=")
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Whether some `<title>` (without attributes) holds an element before its end tag.
fn titles_with_markup(body: &[u8]) -> bool {
    let mut rest = body;
    while let Some(p) = memchr::memmem::find(rest, b"<title>") {
        rest = &rest[p + 7..];
        match rest.iter().position(|b| *b == b'<') {
            Some(lt)
                if !rest[lt..].starts_with(b"</title") && !rest[lt..].starts_with(b"<![CDATA[") =>
            {
                return true
            }
            Some(lt) => rest = &rest[lt..],
            None => return false,
        }
    }
    false
}

/// What is open around the current event.
struct Open {
    /// Markup inside a flattened title: its tags are dropped.
    dropped: bool,
    /// An item (RSS) or entry (Atom): what it has seen so far.
    item: Option<ItemSeen>,
    /// A title whose child markup is flattened to its text.
    flatten: bool,
    /// A `dc:title` inside an item: its text is kept for the item.
    dc_title: bool,
    /// A base64 text construct: its text, collected and decoded at its end.
    base64: Option<String>,
    /// The name its end tag is written with, when the start tag was renamed.
    renamed: Option<String>,
}

impl Open {
    /// Markup inside a flattened title or a base64 construct: its tags are dropped.
    fn dropped() -> Open {
        Open {
            dropped: true,
            item: None,
            flatten: false,
            dc_title: false,
            base64: None,
            renamed: None,
        }
    }
}

#[derive(Default)]
struct ItemSeen {
    about: Option<String>,
    has_link: bool,
    has_title: bool,
    dc_title: Option<String>,
}

fn bound(ns: &ResolveResult<'_>) -> Option<String> {
    match ns {
        ResolveResult::Bound(Namespace(n)) => Some((*n).to_owned()),
        _ => None,
    }
}

/// An attribute's value with references resolved.
fn value(a: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}

fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| value(&a))
}

/// The text a general entity reference stands for (the five XML entities and character
/// references; anything else is kept as written).
fn reference_text(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.as_ref() {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

/// The Atom 1.0 name of an Atom 0.3 element.
fn atom10_name(local: &str) -> Option<&'static str> {
    match local {
        "issued" => Some("published"),
        "modified" => Some("updated"),
        _ => None,
    }
}

/// The Atom 1.0 type of an Atom 0.3 `type` attribute value.
fn atom10_type(t: &str) -> Option<&'static str> {
    match t {
        "text/plain" => Some("text"),
        "application/xhtml+xml" => Some("xhtml"),
        _ => None,
    }
}

/// The repairing pass over a UTF-8 document: its events, rewritten where a repair applies.
fn rewrite(body: &[u8], facts: &Sniffed) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = NsReader::from_reader(body);
    let mut pass = Pass {
        facts,
        writer: Writer::new(Vec::with_capacity(body.len() + 256)),
        open: Vec::new(),
        root_seen: false,
    };
    let mut buf = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let ns = bound(&ns);
        let inside_flat = pass.open.last().is_some_and(|o| o.flatten || o.dropped);
        let inside_base64 = pass.open.last().is_some_and(|o| o.base64.is_some());
        match event {
            Event::Eof => break,
            Event::Empty(_) | Event::Start(_) if inside_flat || inside_base64 => {
                if matches!(event, Event::Start(_)) {
                    pass.open.push(Open::dropped());
                }
            }
            Event::Decl(d) => pass.decl(&d)?,
            Event::Start(start) => pass.start(&reader, ns.as_deref(), &start)?,
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                collect(&mut pass.open, &text);
                if !inside_base64 {
                    pass.writer.write_event(Event::Text(t))?;
                }
            }
            Event::GeneralRef(r) => {
                let text = reference_text(&r);
                collect(&mut pass.open, &text);
                if !inside_base64 {
                    pass.writer.write_event(Event::GeneralRef(r))?;
                }
            }
            Event::End(end) => pass.end(end)?,
            other => {
                if !inside_base64 {
                    pass.writer.write_event(other)?;
                }
            }
        }
        buf.clear();
    }
    Ok(pass.writer.into_inner())
}

/// The output side of [`rewrite`]: what is written, and what is open around it.
struct Pass<'f> {
    facts: &'f Sniffed,
    writer: Writer<Vec<u8>>,
    open: Vec<Open>,
    /// Whether the root element was seen (the next start tag is not the root).
    root_seen: bool,
}

impl Pass<'_> {
    /// Write the XML declaration, saying UTF-8 (the output is UTF-8 whatever the input was).
    fn decl(&mut self, d: &BytesDecl<'_>) -> Result<(), quick_xml::Error> {
        let version = d.version()?;
        let version = version.into_owned();
        let standalone = d
            .standalone()
            .and_then(Result::ok)
            .map(std::borrow::Cow::into_owned);
        self.writer.write_event(Event::Decl(BytesDecl::new(
            &version,
            Some("UTF-8"),
            standalone.as_deref(),
        )))?;
        Ok(())
    }

    /// Write a start tag with its repairs (renamed, attributes rewritten) and open it.
    fn start(
        &mut self,
        reader: &NsReader<&[u8]>,
        ns: Option<&str>,
        start: &BytesStart<'_>,
    ) -> Result<(), quick_xml::Error> {
        let local = start.local_name().as_ref().to_owned();
        let is_dc = ns == Some(NS_DC);
        if let Some(item) = self.open.last_mut().and_then(|o| o.item.as_mut()) {
            match local.as_str() {
                "link" if !is_dc => item.has_link = true,
                "title" if !is_dc => item.has_title = true,
                _ => {}
            }
        }
        let in_item = self.open.last().is_some_and(|o| o.item.is_some());
        let is_item = matches!(local.as_str(), "item" | "entry");
        let mode = attr(start, "mode");
        let typ = attr(start, "type").unwrap_or_default();
        let text_construct = matches!(
            local.as_str(),
            "title" | "content" | "summary" | "tagline" | "description"
        ) && !is_dc;
        let base64 = text_construct && mode.as_deref() == Some("base64");
        let xml_content = text_construct && local != "title" && mode.as_deref() == Some("xml");
        let xhtml_typed = typ == "xhtml" || typ == "application/xhtml+xml";
        let flatten = local == "title" && !is_dc && !xhtml_typed && !base64;
        let about = if is_item {
            rdf_about(reader, start)
        } else {
            None
        };
        let is_atom03 = self.facts.atom03 && ns == Some(NS_ATOM03);
        let qname = start.name().as_ref().to_owned();
        let renamed =
            atom10_name(&local)
                .filter(|_| is_atom03)
                .map(|new| match qname.split_once(':') {
                    Some((prefix, _)) => format!("{prefix}:{new}"),
                    None => new.to_owned(),
                });
        let mut out = BytesStart::new(renamed.clone().unwrap_or(qname));
        let is_root = !self.root_seen;
        let rules = AttrRules {
            drop_xmlns: is_root && local == "rss",
            set_version: is_root && local == "rss" && self.facts.rss_version_unknown,
            text_construct,
            xml_content,
            is_atom03,
            atom03_doc: self.facts.atom03,
        };
        self.root_seen = true;
        rules.rewrite(start, &mut out);
        self.writer.write_event(Event::Start(out))?;
        self.open.push(Open {
            dropped: false,
            item: is_item.then(|| ItemSeen {
                about,
                ..ItemSeen::default()
            }),
            flatten,
            dc_title: is_dc && local == "title" && in_item,
            base64: base64.then(String::new),
            renamed,
        });
        Ok(())
    }

    /// Close the element `end` ends: write the decoded text of a base64 construct, what an
    /// item lacks, and the end tag (under the new name of a renamed element).
    fn end(&mut self, end: BytesEnd<'_>) -> Result<(), quick_xml::Error> {
        let Some(closing) = self.open.pop() else {
            self.writer.write_event(Event::End(end))?;
            return Ok(());
        };
        if closing.dropped {
            return Ok(());
        }
        if let Some(b64) = closing.base64 {
            let raw: Vec<u8> = b64.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(raw)
                .ok()
                .and_then(|d| String::from_utf8(d).ok())
                .unwrap_or_default();
            self.writer
                .write_event(Event::Text(BytesText::new(&decoded)))?;
        }
        if let Some(item) = &closing.item {
            self.complete_item(item)?;
        }
        match closing.renamed {
            Some(name) => self.writer.write_event(Event::End(BytesEnd::new(name)))?,
            None => self.writer.write_event(Event::End(end))?,
        }
        Ok(())
    }

    /// Before an item's end tag: its `rdf:about` as the link it lacks, its `dc:title` as the
    /// title it lacks.
    fn complete_item(&mut self, item: &ItemSeen) -> Result<(), quick_xml::Error> {
        if !item.has_link {
            if let Some(about) = &item.about {
                write_simple(&mut self.writer, "link", about)?;
            }
        }
        if !item.has_title {
            if let Some(t) = item
                .dc_title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                write_simple(&mut self.writer, "title", t)?;
            }
        }
        Ok(())
    }
}

/// The `rdf:about` of an item's start tag, resolved by the namespace it is bound to.
fn rdf_about(reader: &NsReader<&[u8]>, start: &BytesStart<'_>) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| {
            a.key.local_name().as_ref() == "about"
                && reader.resolver().resolve_attribute(a.key).0
                    == ResolveResult::Bound(Namespace(NS_RDF))
        })
        .and_then(|a| value(&a))
}

/// How the attributes of one start tag are rewritten.
#[derive(Clone, Copy)]
struct AttrRules {
    /// The `<rss>` root: its default namespace is dropped.
    drop_xmlns: bool,
    /// The `<rss>` root of an unknown version: it becomes 2.0.
    set_version: bool,
    /// A text construct: its Atom 0.3 `mode` is dropped (applied elsewhere).
    text_construct: bool,
    /// Atom 0.3 `mode="xml"` content: typed `xhtml`.
    xml_content: bool,
    /// An element of Atom 0.3: its `type` values become Atom 1.0's.
    is_atom03: bool,
    /// The document is Atom 0.3: declarations of its namespace are bound to Atom 1.0.
    atom03_doc: bool,
}

impl AttrRules {
    /// Copy the attributes of `start` to `out`, rewritten by these rules.
    fn rewrite(self, start: &BytesStart<'_>, out: &mut BytesStart<'_>) {
        for a in start.attributes().flatten() {
            let key = a.key.as_ref();
            let declares_atom03 = self.atom03_doc
                && (key == "xmlns" || key.starts_with("xmlns:"))
                && value(&a).as_deref() == Some(NS_ATOM03);
            match key {
                // RSS has no namespace: a default one would hide every element.
                "xmlns" if self.drop_xmlns => {}
                "version" if self.set_version => {}
                // Atom 0.3's mode is applied here; Atom 1.0 has none.
                "mode" if self.text_construct => {}
                "type" if self.xml_content => {}
                _ if declares_atom03 => out.push_attribute((key, ATOM_NS)),
                "type" if self.is_atom03 => {
                    let t = value(&a).unwrap_or_default();
                    match atom10_type(&t) {
                        Some(t10) => out.push_attribute(("type", t10)),
                        None => out.push_attribute(a),
                    }
                }
                _ => out.push_attribute(a),
            }
        }
        if self.set_version {
            out.push_attribute(("version", "2.0"));
        }
        if self.xml_content {
            out.push_attribute(("type", "xhtml"));
        }
    }
}

/// Text inside an open element: kept for a base64 construct or an item's `dc:title`.
fn collect(open: &mut [Open], text: &str) {
    let n = open.len();
    let Some(top) = open.last_mut() else { return };
    if let Some(b) = top.base64.as_mut() {
        b.push_str(text);
        return;
    }
    if top.dc_title && n >= 2 {
        if let Some(item) = open[n - 2].item.as_mut() {
            item.dc_title.get_or_insert_with(String::new).push_str(text);
        }
    }
}

fn write_simple(
    writer: &mut Writer<Vec<u8>>,
    name: &str,
    text: &str,
) -> Result<(), quick_xml::Error> {
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Text(BytesText::new(text)))?;
    writer.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(doc: &[u8], facts: Sniffed) -> String {
        String::from_utf8(repair(doc, &facts).expect("repaired")).unwrap()
    }

    #[test]
    fn plain_documents_are_left_alone() {
        let plain = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>x</title></item></channel></rss>";
        assert!(repair(plain, &Sniffed::default()).is_none());
    }

    #[test]
    fn other_encodings_are_decoded_and_broken_documents_left_to_the_parser() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><rss version='2.0' xmlns='urn:x'><channel><title>caf\xe9</title></channel></rss>";
        let out = fix(latin1, Sniffed::default());
        assert!(out.contains("encoding=\"UTF-8\""), "{out}");
        assert!(out.contains("<title>caf\u{e9}</title>"), "{out}");
        let unknown = b"<?xml version='1.0' encoding='x-no-such'?><rss version='2.0' xmlns='urn:x'><channel/></rss>";
        assert!(repair(unknown, &Sniffed::default()).is_none());
        let broken = b"<rss version='2.0' xmlns='urn:x'><channel><title>x</channel></rss>";
        assert!(repair(broken, &Sniffed::default()).is_none());
    }

    #[test]
    fn repairs_are_structural() {
        let doc = b"<rss version='2.0' xmlns='urn:x' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><item><dc:title>A &amp; B</dc:title></item></channel></rss>";
        let out = fix(doc, Sniffed::default());
        assert!(
            !out.contains("xmlns='urn:x'") && !out.contains("xmlns=\"urn:x\""),
            "{out}"
        );
        assert!(out.contains("<title>A &amp; B</title>"), "{out}");
    }

    #[test]
    fn an_unknown_rss_version_becomes_2_0_and_text_saying_so_stays() {
        let facts = Sniffed {
            rss_version_unknown: true,
            ..Sniffed::default()
        };
        let doc = b"<rss version='2.01'><channel><item><title>version=\"0.9\"</title><description><![CDATA[<rss version=\"1\">]]></description></item></channel></rss>";
        let out = fix(doc, facts);
        assert!(out.starts_with("<rss version=\"2.0\">"), "{out}");
        assert!(out.contains("<title>version=\"0.9\"</title>"), "{out}");
        assert!(out.contains("<![CDATA[<rss version=\"1\">]]>"), "{out}");
    }

    #[test]
    fn atom03_names_change_only_on_atom03_elements() {
        let facts = Sniffed {
            atom03: true,
            ..Sniffed::default()
        };
        let doc = br#"<a:feed version="0.3" xmlns:a="http://purl.org/atom/ns#" xmlns:x="urn:x"><a:entry><a:issued>2004-01-01T00:00:00Z</a:issued><x:modified>keep</x:modified><a:summary type="text/plain">&lt;issued&gt; http://purl.org/atom/ns#</a:summary><a:content type="text/html" mode="escaped"><![CDATA[<modified>x</modified>]]></a:content></a:entry></a:feed>"#;
        let out = fix(doc, facts);
        assert!(
            out.contains(r#"xmlns:a="http://www.w3.org/2005/Atom""#),
            "{out}"
        );
        assert!(
            out.contains("<a:published>2004-01-01T00:00:00Z</a:published>"),
            "{out}"
        );
        assert!(out.contains("<x:modified>keep</x:modified>"), "{out}");
        assert!(
            out.contains(
                r#"<a:summary type="text">&lt;issued&gt; http://purl.org/atom/ns#</a:summary>"#
            ),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<a:content type="text/html"><![CDATA[<modified>x</modified>]]></a:content>"#
            ),
            "{out}"
        );
    }
}
