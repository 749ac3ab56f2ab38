//! Text for people, shared by the feed side and the delivery side: plain text from HTML (tags
//! dropped, entities decoded, whitespace collapsed), cut to whole words, and kept to what XML
//! can carry. Every function here is linear in its input, whatever the input.

use std::borrow::Cow;

/// `s` without the characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF): any
/// text that ends up in a stanza goes through this, or the stanza cannot be serialised.
pub fn xml_clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| !is_xml_char(c);
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether XML 1.0 can carry `c` (its `Char` production: every `char` but the C0 controls
/// other than tab, line feed and carriage return, and U+FFFE/U+FFFF).
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The first character of `s` that XML 1.0 cannot carry, with its position in characters
/// (counted from 1, as a person counts), or None when all can be carried.
pub fn xml_invalid_char(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !is_xml_char(*c))
        .map(|(i, c)| (i + 1, c))
}

/// The message for a field that holds a character XML cannot carry, naming the character and
/// its position.
pub fn xml_invalid_message(field: &str, at: usize, c: char) -> String {
    let what = format!(
        "character {at} is U+{:04X}, which XML cannot carry",
        c as u32
    );
    if field.is_empty() {
        what
    } else {
        format!("{field}: {what}")
    }
}

pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Strips tags (block elements become spaces, script/style contents dropped), decodes
/// entities and collapses whitespace.
pub(crate) fn html_to_text(html: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
        "dl",
        "section",
        "article",
        "figure",
        "figcaption",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_entities(&rest[..lt], &mut out);
        let tag = &rest[lt + 1..];
        // Find the end of the tag, respecting quoted attribute values.
        let mut quote = None;
        let mut end = None;
        for (k, c) in tag.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if q == c => quote = None,
                (None, '>') => {
                    end = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            rest = "";
            break;
        };
        let inner = &tag[..end];
        let closing = inner.starts_with('/');
        let tag_name = inner
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        rest = &tag[end + 1..];
        if !closing
            && (tag_name.eq_ignore_ascii_case("script") || tag_name.eq_ignore_ascii_case("style"))
        {
            let close = format!("</{}", tag_name.to_ascii_lowercase());
            rest = match find_ascii_ci(rest, &close) {
                Some(p) => &rest[p..],
                None => "",
            };
            continue;
        }
        if BLOCK.iter().any(|b| tag_name.eq_ignore_ascii_case(b)) {
            out.push(' ');
        }
    }
    decode_entities(rest, &mut out);
    collapse_ws(&out)
}

/// Decodes character references as HTML does (the whole WHATWG named-entity table, numeric
/// references, the legacy forms without a semicolon); what is not a reference stays as it is.
pub(crate) fn decode_entities(s: &str, out: &mut String) {
    out.push_str(&htmlize::unescape(s));
}

/// The first position of `needle` (ASCII, lowercase) in `haystack`, ignoring ASCII case,
/// without copying: a linear scan, so hostile input cannot make it quadratic.
pub(crate) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Cuts `s` to at most `max` characters on a word boundary, appending "…" when cut.
pub(crate) fn truncate_words(s: &str, max: usize) -> String {
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return s.to_owned();
    };
    let head = &s[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(p) if p > 0 => &head[..p],
        _ => head,
    };
    let mut out = head.trim_end().to_owned();
    out.push('…');
    out
}
