//! Entry HTML made shallow and well nested before the sanitiser sees it: one linear pass that
//! keeps at most [`MAX_HTML_DEPTH`] elements open (deeper start tags are dropped with their end
//! tags and their text kept, so deep levels are flattened into the deepest kept one), closes
//! every element it opened in order, and drops comments, doctypes and stray end tags.
//!
//! Why: html5ever's tree builder walks its stack of open elements for nearly every tag (scope
//! checks, "close a p element"), so `<div>` nested `n` deep cost it O(n²): 80,000 levels took
//! half a minute, and the 10 MiB body limit allows two million. On this pass's output the tree
//! builder never has more than a small multiple of the bound open (it follows the explicit end
//! tags this pass writes), so the sanitiser's work is linear in the size of the input.
//!
//! What the parser would read into a different structure is written so that it reads back the
//! same: attributes are re-quoted, a `<` that starts no tag is written `&lt;`, the contents of
//! raw-text elements (`script`, `style`, `textarea`, …) have every `<` escaped, so whatever
//! mode the parser is in there, they stay text. The sanitiser still decides what is kept.
//! Optional end tags the HTML parser would imply (`<p>` before a block, `<li>` after `<li>`,
//! table cells and rows) are implied here too, so sloppy but ordinary markup keeps its shape
//! and does not count as depth.

/// Most elements open at once in entry HTML; start tags deeper than this are dropped (their
/// contents stay, one level up). Browsers stop nesting at 512; feed content rarely passes 30.
pub const MAX_HTML_DEPTH: usize = 128;

/// Entry HTML at most this long and with at most [`MAX_HTML_DEPTH`] tags goes to the
/// sanitiser as it is: its parser's work on it is bounded anyway (tags times depth, and
/// attributes squared: a few tens of milliseconds at worst). Ordinary entries take this path.
pub const UNCHECKED_HTML_BYTES: usize = 16 * 1024;

/// Most attributes kept on one tag (the parser checks every new attribute against the ones
/// before it, so a tag with a hundred thousand of them cost it quadratic time too).
pub const MAX_ATTRIBUTES: usize = 64;

use std::borrow::Cow;

/// Elements that never have contents or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose contents are text up to their own end tag (outside SVG and MathML).
const RAW: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title",
];

/// Start tags that close an open `<p>` (HTML's "close a p element").
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "hr",
    "li",
    "dd",
    "dt",
];

/// Elements an implied end tag never reaches past (HTML's default scope, plus lists and
/// tables for their own items).
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Elements an implied end tag closes: how many of each are open is counted, so that a start
/// tag looks through the open elements only when one of them is.
const IMPLIED: &[&str] = &[
    "p", "li", "dd", "dt", "tr", "td", "th", "tbody", "thead", "tfoot", "a", "nobr", "button",
];

/// `html` as the sanitiser may take it: as it is when short (see [`UNCHECKED_HTML_BYTES`]),
/// else rebuilt with at most [`MAX_HTML_DEPTH`] elements open at any point, every element
/// closed, comments and doctypes dropped. Linear in the length of `html` (times the bound).
pub fn flatten(html: &str) -> Cow<'_, str> {
    let small = html.len() <= UNCHECKED_HTML_BYTES
        && html.bytes().filter(|b| *b == b'<').count() <= MAX_HTML_DEPTH;
    if small {
        Cow::Borrowed(html)
    } else {
        Cow::Owned(rebuild(html))
    }
}

/// The rebuilding pass of [`flatten`], whatever the size.
fn rebuild(html: &str) -> String {
    let mut f = Flattener {
        out: String::with_capacity(html.len() + 64),
        open: Vec::new(),
        foreign: 0,
        dropped: 0,
        implied: [0; IMPLIED.len()],
    };
    let b = html.as_bytes();
    let mut pos = 0;
    while let Some(off) = b[pos..].iter().position(|c| *c == b'<') {
        let lt = pos + off;
        f.out.push_str(&html[pos..lt]);
        let Some(next) = f.markup(html, lt) else {
            // Inside a tag or a comment at the end: the parser emits nothing for it either.
            pos = b.len();
            break;
        };
        pos = next;
    }
    f.out.push_str(&html[pos..]);
    f.close_to(0);
    f.out
}

struct Flattener {
    out: String,
    /// Names of the elements kept open, outermost first; never longer than the bound.
    open: Vec<String>,
    /// How many of them are `svg` or `math` (foreign content: self-closing tags, no raw text).
    foreign: usize,
    /// Start tags dropped for depth whose end tags have not come yet.
    dropped: usize,
    /// How many of each of [`IMPLIED`] are open.
    implied: [usize; IMPLIED.len()],
}

/// A start or end tag as HTML's tokenizer reads it.
struct Tag<'a> {
    name: String,
    attrs: Vec<(String, Option<&'a str>)>,
    self_closing: bool,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

impl Flattener {
    /// The markup at `lt` (a `<`): written, dropped or kept as text. The position after it,
    /// or None when the input ends inside it.
    fn markup(&mut self, html: &str, lt: usize) -> Option<usize> {
        let b = html.as_bytes();
        match b.get(lt + 1) {
            Some(b'!') if b[lt..].starts_with(b"<!--") => comment_end(b, lt + 4),
            Some(b'!' | b'?') => Some(lt + 2 + b[lt + 2..].iter().position(|c| *c == b'>')? + 1),
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (tag, end) = read_tag(html, lt + 2)?;
                    self.end(&tag.name);
                    Some(end)
                }
                Some(b'>') => Some(lt + 3),
                // A bogus comment.
                _ => Some(lt + 2 + b[lt + 2..].iter().position(|c| *c == b'>')? + 1),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, end) = read_tag(html, lt + 1)?;
                Some(self.start(html, tag, end))
            }
            _ => {
                self.out.push_str("&lt;");
                Some(lt + 1)
            }
        }
    }

    /// A start tag ending at `end`; the position to go on from.
    fn start(&mut self, html: &str, tag: Tag<'_>, end: usize) -> usize {
        let name = tag.name.as_str();
        if self.foreign == 0 {
            if name == "plaintext" {
                // Everything after it is text.
                escape_text(&html[end..], &mut self.out);
                return html.len();
            }
            if RAW.contains(&name) {
                return self.raw(html, &tag, end);
            }
            self.imply_end_tags(name);
        }
        let void = VOID.contains(&name) || (self.foreign > 0 && tag.self_closing);
        if !void && self.open.len() >= MAX_HTML_DEPTH {
            self.dropped += 1;
            return end;
        }
        self.write_start(&tag, void && self.foreign > 0);
        if !void {
            if matches!(name, "svg" | "math") {
                self.foreign += 1;
            }
            if let Some(k) = IMPLIED.iter().position(|n| *n == name) {
                self.implied[k] += 1;
            }
            self.open.push(tag.name);
        }
        end
    }

    /// A raw-text element: its start tag, its contents as text, its end tag.
    fn raw(&mut self, html: &str, tag: &Tag<'_>, end: usize) -> usize {
        // At the depth bound the element is dropped like any other; its contents stay text.
        let keep = self.open.len() < MAX_HTML_DEPTH;
        if keep {
            self.write_start(tag, false);
        } else {
            self.dropped += 1;
        }
        let b = html.as_bytes();
        let close = format!("</{}", tag.name);
        let mut from = end;
        let (text_end, next) = loop {
            let Some(p) = crate::text::find_ascii_ci(&html[from..], &close) else {
                break (html.len(), html.len());
            };
            let at = from + p;
            match b.get(at + close.len()) {
                Some(c) if is_ws(*c) || *c == b'/' || *c == b'>' => {
                    let next = read_tag(html, at + 2).map_or(html.len(), |(_, e)| e);
                    break (at, next);
                }
                None => break (html.len(), html.len()),
                Some(_) => from = at + close.len(),
            }
        };
        escape_lt(&html[end..text_end], &mut self.out);
        if keep {
            self.out.push_str("</");
            self.out.push_str(&tag.name);
            self.out.push('>');
        }
        next
    }

    /// The end tags HTML's parser implies before the start tag `name`.
    fn imply_end_tags(&mut self, name: &str) {
        if CLOSES_P.contains(&name) {
            self.close_nearest(&["p"], &[]);
        }
        match name {
            "li" => self.close_nearest(&["li"], &["ul", "ol"]),
            "dd" | "dt" => self.close_nearest(&["dd", "dt"], &["dl"]),
            "tr" => self.close_nearest(&["tr"], &["tbody", "thead", "tfoot"]),
            "td" | "th" => self.close_nearest(&["td", "th"], &["tr"]),
            "tbody" | "thead" | "tfoot" => {
                self.close_nearest(&["tbody", "thead", "tfoot"], &[]);
            }
            "a" | "nobr" | "button" => self.close_nearest(&[name], &[]),
            "option" | "optgroup" => {
                if self.open.last().is_some_and(|n| n == "option") {
                    self.close_to(self.open.len() - 1);
                }
                if name == "optgroup" && self.open.last().is_some_and(|n| n == "optgroup") {
                    self.close_to(self.open.len() - 1);
                }
            }
            _ => {}
        }
        if HEADINGS.contains(&name)
            && self
                .open
                .last()
                .is_some_and(|n| HEADINGS.contains(&n.as_str()))
        {
            self.close_to(self.open.len() - 1);
        }
    }

    /// Closes the innermost open element named in `targets`, unless an element of the scope
    /// (or one in `also`) is open inside it.
    fn close_nearest(&mut self, targets: &[&str], also: &[&str]) {
        let any_open = IMPLIED
            .iter()
            .zip(self.implied)
            .any(|(n, count)| count > 0 && targets.contains(n));
        if !any_open {
            return;
        }
        for k in (0..self.open.len()).rev() {
            let n = self.open[k].as_str();
            if targets.contains(&n) {
                self.close_to(k);
                return;
            }
            if SCOPE.contains(&n) || also.contains(&n) {
                return;
            }
        }
    }

    /// An end tag: closes its element and every one opened inside it.
    fn end(&mut self, name: &str) {
        if self.dropped > 0 {
            // The innermost open element is one dropped for depth: this closes it.
            self.dropped -= 1;
            return;
        }
        if let Some(k) = self.open.iter().rposition(|n| n == name) {
            self.close_to(k);
        } else if name == "br" && self.foreign == 0 {
            // `</br>` is a line break to the parser.
            self.out.push_str("<br>");
        }
    }

    /// Closes the open elements from position `k` on, innermost first.
    fn close_to(&mut self, k: usize) {
        while self.open.len() > k {
            let Some(n) = self.open.pop() else { break };
            if matches!(n.as_str(), "svg" | "math") {
                self.foreign -= 1;
            }
            if let Some(c) = IMPLIED.iter().position(|m| *m == n) {
                self.implied[c] -= 1;
            }
            self.out.push_str("</");
            self.out.push_str(&n);
            self.out.push('>');
        }
    }

    fn write_start(&mut self, tag: &Tag<'_>, self_closing: bool) {
        self.out.push('<');
        self.out.push_str(&tag.name);
        for (name, value) in &tag.attrs {
            self.out.push(' ');
            self.out.push_str(name);
            if let Some(v) = value {
                self.out.push_str("=\"");
                for (k, part) in v.split('"').enumerate() {
                    if k > 0 {
                        self.out.push_str("&quot;");
                    }
                    self.out.push_str(part);
                }
                self.out.push('"');
            }
        }
        if self_closing {
            self.out.push_str(" /");
        }
        self.out.push('>');
    }
}

/// The position after the comment whose text starts at `from` (after `<!--`).
fn comment_end(b: &[u8], from: usize) -> Option<usize> {
    // `<!-->` and `<!--->` end at once.
    if b.get(from) == Some(&b'>') {
        return Some(from + 1);
    }
    if b.get(from..from + 2) == Some(b"->") {
        return Some(from + 2);
    }
    let mut at = from;
    loop {
        let p = at + b.get(at..)?.windows(2).position(|w| w == b"--")?;
        match b.get(p + 2) {
            Some(b'>') => return Some(p + 3),
            Some(b'!') if b.get(p + 3) == Some(&b'>') => return Some(p + 4),
            _ => at = p + 1,
        }
    }
}

/// The tag whose name starts at `from`, read as HTML's tokenizer does (quotes only around
/// attribute values), and the position after its `>`; None when the input ends inside it.
fn read_tag(html: &str, from: usize) -> Option<(Tag<'_>, usize)> {
    let b = html.as_bytes();
    let mut i = from;
    while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut tag = Tag {
        name: html[from..i].to_ascii_lowercase(),
        attrs: Vec::new(),
        self_closing: false,
    };
    loop {
        // Before an attribute's name.
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((tag, i + 1)),
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    tag.self_closing = true;
                    return Some((tag, i + 2));
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name: a first `=` belongs to it.
        let name_start = i;
        i += 1;
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &html[name_start..i];
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            match *b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let len = b[i + 1..].iter().position(|c| *c == q)?;
                    value = Some(&html[i + 1..i + 1 + len]);
                    i += len + 2;
                }
                b'>' => value = Some(""),
                _ => {
                    let s = i;
                    while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(&html[s..i]);
                }
            }
        }
        let keep = tag.attrs.len() < MAX_ATTRIBUTES
            && name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
            && name.as_bytes()[0].is_ascii_alphabetic();
        if keep {
            let name = name.to_ascii_lowercase();
            if !tag.attrs.iter().any(|(n, _)| *n == name) {
                tag.attrs.push((name, value));
            }
        }
    }
}

/// `s` as text in the parser's data state: `<` and `&` escaped.
fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// `s` with every `<` escaped (the contents of a raw-text element).
fn escape_lt(s: &str, out: &mut String) {
    for (k, part) in s.split('<').enumerate() {
        if k > 0 {
            out.push_str("&lt;");
        }
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The deepest nesting of elements in well-nested `html` (as this pass writes it).
    fn depth(html: &str) -> usize {
        let (mut d, mut max) = (0usize, 0usize);
        let b = html.as_bytes();
        let mut i = 0;
        while let Some(p) = b[i..].iter().position(|c| *c == b'<') {
            i += p + 1;
            let end = i + b[i..].iter().position(|c| *c == b'>').unwrap_or(0);
            let tag = &html[i..end];
            let name = tag
                .trim_start_matches('/')
                .split([' ', '/'])
                .next()
                .unwrap_or("");
            if tag.starts_with('/') {
                d -= 1;
            } else if !VOID.contains(&name) && !tag.ends_with('/') {
                d += 1;
                max = max.max(d);
            }
            i = end;
        }
        assert_eq!(d, 0, "every element is closed");
        max
    }

    fn nested(n: usize) -> String {
        format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n))
    }

    #[test]
    fn short_html_is_left_as_it_is() {
        let sloppy = "<p>a<p>b<!-- c --></span>";
        assert!(matches!(flatten(sloppy), Cow::Borrowed(s) if s == sloppy));
        let long = "<p>x".repeat(MAX_HTML_DEPTH + 1);
        assert!(matches!(flatten(&long), Cow::Owned(_)));
        let wide = format!("<p {}>", "a".repeat(UNCHECKED_HTML_BYTES));
        assert!(matches!(flatten(&wide), Cow::Owned(_)));
    }

    #[test]
    fn ordinary_markup_is_unchanged() {
        for html in [
            "<p>Hello <b>world</b> &amp; <a href=\"http://e.com/?a=1&amp;b=2\">link</a></p>",
            "<ul><li>one</li><li>two</li></ul><img src=\"x.png\" alt=\"\"><br>",
            "<table><tr><td>a</td><td>b</td></tr></table>",
            "<blockquote><p>q</p></blockquote>",
        ] {
            assert_eq!(rebuild(html), html);
        }
    }

    #[test]
    fn optional_end_tags_are_implied_and_strays_dropped() {
        assert_eq!(rebuild("<p>a<p>b"), "<p>a</p><p>b</p>");
        assert_eq!(
            rebuild("<ul><li>a<li>b</ul>"),
            "<ul><li>a</li><li>b</li></ul>"
        );
        assert_eq!(rebuild("<b><i>x</b>y</i>"), "<b><i>x</i></b>y");
        assert_eq!(rebuild("a</span>b</br>c"), "ab<br>c");
        assert_eq!(rebuild("<p>a<div>b</div>"), "<p>a</p><div>b</div>");
        // A thousand unclosed paragraphs are siblings, not a thousand levels.
        let many = "<p>x".repeat(1000);
        assert_eq!(depth(&rebuild(&many)), 1);
    }

    #[test]
    fn comments_doctypes_and_broken_tags() {
        assert_eq!(rebuild("a<!-- <b> -->b<!---->c<!-->d"), "abcd");
        assert_eq!(rebuild("<!DOCTYPE html>a<?php x ?>b</ >c"), "abc");
        assert_eq!(rebuild("1 < 2 <3"), "1 &lt; 2 &lt;3");
        assert_eq!(rebuild("a<b title=\"x"), "a");
        assert_eq!(rebuild("a<!-- never closed"), "a");
    }

    #[test]
    fn attributes_are_requoted() {
        assert_eq!(
            rebuild("<a title='say \"hi\"' href=x>t</a>"),
            "<a title=\"say &quot;hi&quot;\" href=\"x\">t</a>"
        );
        assert_eq!(
            rebuild("<a b\"c=1 HREF = \"y\" href=z checked>t</a>"),
            "<a href=\"y\" checked>t</a>"
        );
        let many: String = (0..10_000).map(|k| format!(" a{k}=\"v\"")).collect();
        let out = rebuild(&format!("<p{many}>x</p>"));
        assert_eq!(out.matches("=\"v\"").count(), MAX_ATTRIBUTES);
    }

    #[test]
    fn raw_text_stays_text() {
        assert_eq!(
            rebuild("<script>if (a<b) { x('</div>') }</script>ok"),
            "<script>if (a&lt;b) { x('&lt;/div>') }</script>ok"
        );
        assert_eq!(
            rebuild("<textarea><div><div></textarea x>after"),
            "<textarea>&lt;div>&lt;div></textarea>after"
        );
        assert_eq!(
            rebuild("<style>a</stylex>b"),
            "<style>a&lt;/stylex>b</style>"
        );
        assert_eq!(rebuild("x<plaintext><b>&"), "x&lt;b>&amp;");
        // Inside SVG a `<style>` is markup, and self-closing tags close.
        assert_eq!(
            rebuild("<svg><style><g/></style><circle/></svg>"),
            "<svg><style><g /></style><circle /></svg>"
        );
    }

    #[test]
    fn depth_is_bounded_and_deep_levels_flattened() {
        let out = rebuild(&nested(1000));
        assert_eq!(depth(&out), MAX_HTML_DEPTH);
        assert!(out.contains("deep"));
        // What follows the deep part stays where it was.
        let html = format!("<section>{}<p>after</p></section>tail", nested(500));
        let out = rebuild(&html);
        assert!(out.ends_with("<p>after</p></section>tail"), "{out}");
        assert_eq!(depth(&out), MAX_HTML_DEPTH);
        // Self-closing non-void tags open elements in HTML: they count.
        assert_eq!(depth(&rebuild(&"<div/>".repeat(1000))), MAX_HTML_DEPTH);
    }

    #[test]
    fn two_million_levels_are_handled() {
        // ≈ 22 MB of input; linear, so this takes well under a second in a release build.
        let out = rebuild(&nested(2_000_000));
        assert_eq!(depth(&out), MAX_HTML_DEPTH);
        assert!(out.len() < 2 * 11 * MAX_HTML_DEPTH + 100);
    }

    #[test]
    fn work_grows_linearly_with_depth() {
        // The output (and with it the sanitiser's work) stops growing at the bound, whatever
        // the depth of the input.
        let sizes: Vec<usize> = [1_000, 10_000, 100_000]
            .iter()
            .map(|n| rebuild(&nested(*n)).len())
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] == w[1]), "{sizes:?}");
    }

    fn rss_with(html: &str) -> Vec<u8> {
        let escaped = html
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
             <item><guid>a</guid><title>x</title><description>{escaped}</description></item>\
             </channel></rss>"
        )
        .into_bytes()
    }

    #[test]
    fn a_ten_mib_feed_of_nested_divs_is_converted_with_bounded_depth() {
        // ≈ 10 MiB once escaped: about a million levels.
        let n = 10 * 1024 * 1024 / 20;
        let body = rss_with(&nested(n));
        assert!(body.len() > 10 * 1024 * 1024);
        let base = url::Url::parse("http://127.0.0.1/feed").expect("url");
        // Without the time bound: a busy machine must not make this test fail; the bound's
        // own test is the next one.
        let feed = super::super::normalize_within(&body, &base, |_| Vec::new(), Duration::MAX)
            .expect("converted");
        let html = match &feed.entries[0].summary {
            Some(crate::model::Body::Html(h)) => h.clone(),
            other => panic!("html summary expected, got {other:?}"),
        };
        assert!(html.contains("deep"));
        assert!(depth(&html) <= MAX_HTML_DEPTH, "{}", depth(&html));
    }

    #[test]
    fn a_document_over_the_time_bound_is_given_up() {
        let base = url::Url::parse("http://127.0.0.1/feed").expect("url");
        let body = rss_with("<p>fine</p>");
        let e = super::super::normalize_within(&body, &base, |_| Vec::new(), Duration::ZERO)
            .expect_err("no time at all");
        assert!(
            matches!(
                e,
                super::super::NormalizeError::TooCostly {
                    converted: 0,
                    entries: 1,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("gave up"), "{e}");
        // Within the real bound the same document is fine.
        assert_eq!(
            super::super::normalize(&body, &base)
                .expect("ok")
                .entries
                .len(),
            1
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Any soup of tags, however nested or broken: the pass's output is at most
        /// [`MAX_HTML_DEPTH`] deep and linear in its input's size, and its text for people
        /// (what the chat body is made from) is no longer than the HTML it came from, so the
        /// work after this pass is bounded by the input's size too.
        #[test]
        fn any_tag_soup_comes_out_bounded_in_depth_and_size(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<table>",
                    "<tr>", "<td>", "</td>", "</table>", "<li>", "<ul>", "</ul>", "text",
                    "&amp;", "&#1;", "<br/>", "<!-- c -->", "<a href='x' title=\"y\">", "</a>",
                    "<script>", "</script>", "<", ">", "<img src=x>", "</span>", "<svg><g>",
                ]),
                0..3000,
            ),
            deep in 0usize..2000,
        ) {
            let mut html = "<div>".repeat(deep);
            html.extend(tokens.iter().copied());
            let out = rebuild(&html);
            proptest::prop_assert!(depth(&out) <= MAX_HTML_DEPTH, "depth {}", depth(&out));
            proptest::prop_assert!(
                out.len() <= 3 * html.len() + 64 * MAX_HTML_DEPTH,
                "{} bytes out of {}", out.len(), html.len()
            );
            let text = crate::text::html_to_text(&out);
            proptest::prop_assert!(text.len() <= out.len());
        }
    }
}
