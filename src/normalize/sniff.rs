//! Looking at the bytes before the feed parser does: byte-order mark, prolog and declared
//! encoding, truncation and the root element, and the syndication hints (`sy:updatePeriod`)
//! feed-rs does not read.

use std::time::Duration;

use super::{NormalizeError, ATOM03_NS};

pub(super) fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b)
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut start = 0;
    while start + needle.len() <= hay.len() {
        let i = start + hay[start..].iter().position(|b| *b == first)?;
        if hay.len() - i < needle.len() {
            return None;
        }
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(i);
        }
        start = i + 1;
    }
    None
}

pub(super) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

pub(super) fn trunc(what: &str) -> NormalizeError {
    NormalizeError::Malformed(format!("truncated document ({what})"))
}

/// What the pre-check learnt about a document that the repair pass needs (the pre-check
/// itself changes nothing).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Sniffed {
    /// The root is `<rss>` with a version the parser does not dispatch on (missing, `2.01`,
    /// `0.93`, …): it is read as RSS 2.0.
    pub(super) rss_version_unknown: bool,
    /// The root is an Atom 0.3 `<feed>` (its start tag binds the Atom 0.3 namespace).
    pub(super) atom03: bool,
}

/// Scans the prolog (XML declaration, comments, DOCTYPE) and the root start tag; rejects
/// entity declarations, HTML, truncated documents and invalid UTF-8; reports the root's
/// shape for the repair pass ([`super::compat`]).
pub(super) fn precheck_xml(body: &[u8]) -> Result<Sniffed, NormalizeError> {
    let mut i = body.len() - strip_bom(body).len();
    let mut encoding: Option<&[u8]> = None;
    let (root_start, root_name_end) = loop {
        while i < body.len() && body[i].is_ascii_whitespace() {
            i += 1;
        }
        let rest = &body[i..];
        if rest.starts_with(b"<?") {
            let end = find(rest, b"?>").ok_or_else(|| trunc("unterminated declaration"))?;
            if rest.starts_with(b"<?xml") && encoding.is_none() {
                encoding = declared_encoding(&rest[..end]);
            }
            i += end + 2;
        } else if rest.starts_with(b"<!--") {
            i += find(rest, b"-->").ok_or_else(|| trunc("unterminated comment"))? + 3;
        } else if rest.starts_with(b"<!") {
            let gt = find(rest, b">").ok_or_else(|| trunc("unterminated doctype"))?;
            let head = &rest[..gt];
            let name = head
                .get(9..)
                .unwrap_or_default()
                .split(|b| b.is_ascii_whitespace() || *b == b'[')
                .find(|s| !s.is_empty())
                .unwrap_or_default();
            if name.eq_ignore_ascii_case(b"html") {
                return Err(NormalizeError::NotAFeed("html page".into()));
            }
            if let Some(open) = head.iter().position(|b| *b == b'[') {
                // Internal subset: runs to the first "]" followed by ">".
                let close =
                    find(&rest[open..], b"]").ok_or_else(|| trunc("unterminated doctype"))? + open;
                if find(&rest[open..close], b"<!ENTITY").is_some() {
                    return Err(NormalizeError::Malformed(
                        "entity declarations are not allowed".into(),
                    ));
                }
                let gt = find(&rest[close..], b">").ok_or_else(|| trunc("unterminated doctype"))?;
                i += close + gt + 1;
            } else {
                i += gt + 1;
            }
        } else if rest.len() > 1 && rest[0] == b'<' {
            let n = rest[1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .unwrap_or(rest.len() - 1);
            break (i, i + 1 + n);
        } else {
            return Err(NormalizeError::NotAFeed(
                "no root element found in xml".into(),
            ));
        }
    };
    let qname = &body[root_start + 1..root_name_end];
    let local = qname.rsplit(|b| *b == b':').next().unwrap_or(qname);
    if local.eq_ignore_ascii_case(b"html") {
        return Err(NormalizeError::NotAFeed("html page".into()));
    }
    if !matches!(local, b"rss" | b"RDF" | b"feed" | b"entry") {
        return Err(NormalizeError::NotAFeed(format!(
            "unexpected root element <{}>",
            String::from_utf8_lossy(qname)
        )));
    }

    // End of the root start tag (quotes respected).
    let mut quote = None;
    let mut tag_end = None;
    for (k, &b) in body[root_name_end..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => {
                tag_end = Some(root_name_end + k);
                break;
            }
            _ => {}
        }
    }
    let tag_end = tag_end.ok_or_else(|| trunc("unterminated root element"))?;
    let attrs = &body[root_name_end..tag_end];
    let self_closing = attrs.ends_with(b"/");

    let utf8 = encoding
        .is_none_or(|e| e.eq_ignore_ascii_case(b"utf-8") || e.eq_ignore_ascii_case(b"utf8"));
    if utf8 {
        if let Err(e) = std::str::from_utf8(body) {
            return Err(NormalizeError::Malformed(format!(
                "invalid utf-8 at byte {}",
                e.valid_up_to()
            )));
        }
    }

    if !self_closing {
        check_closed(body, qname)?;
    }

    Ok(Sniffed {
        rss_version_unknown: local == b"rss"
            && !matches!(
                attr_value(attrs, b"version"),
                Some(b"2.0" | b"" | b"0.91" | b"0.92")
            ),
        atom03: local == b"feed" && find(attrs, ATOM03_NS).is_some(),
    })
}

/// Checks that the document ends with the root's end tag (after trailing comments/PIs).
pub(super) fn check_closed(body: &[u8], qname: &[u8]) -> Result<(), NormalizeError> {
    let mut t = body;
    loop {
        while let [rest @ .., last] = t {
            if last.is_ascii_whitespace() || *last == 0 {
                t = rest;
            } else {
                break;
            }
        }
        if t.ends_with(b"-->") {
            match rfind(t, b"<!--") {
                Some(p) => t = &t[..p],
                None => return Err(trunc("unterminated comment")),
            }
        } else if t.ends_with(b"?>") {
            match rfind(t, b"<?") {
                Some(p) => t = &t[..p],
                None => return Err(trunc("unterminated processing instruction")),
            }
        } else {
            break;
        }
    }
    let missing = || trunc(&format!("missing </{}>", String::from_utf8_lossy(qname)));
    let t = t.strip_suffix(b">").ok_or_else(missing)?;
    let open = rfind(t, b"</").ok_or_else(missing)?;
    if t[open + 2..].trim_ascii_end() == qname {
        Ok(())
    } else {
        Err(missing())
    }
}

/// The raw value of attribute `name` in a start tag's attribute text (quotes removed).
pub(super) fn attr_value<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = find(&attrs[from..], name) {
        let at = from + p;
        let before_ok = at > 0 && attrs[at - 1].is_ascii_whitespace();
        let after = attrs[at + name.len()..].trim_ascii_start();
        if let (true, Some(v)) = (before_ok, after.strip_prefix(b"=")) {
            let v = v.trim_ascii_start();
            let q = *v.first()?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let end = v[1..].iter().position(|b| *b == q)?;
            return Some(&v[1..1 + end]);
        }
        from = at + 1;
    }
    None
}

pub(super) fn declared_encoding(decl: &[u8]) -> Option<&[u8]> {
    let p = find(decl, b"encoding")?;
    let rest = decl[p + 8..].trim_ascii_start().strip_prefix(b"=")?;
    let rest = rest.trim_ascii_start();
    let q = *rest.first()?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let end = rest[1..].iter().position(|b| *b == q)?;
    Some(&rest[1..1 + end])
}

/// `sy:updatePeriod` / `sy:updateFrequency` (RSS syndication module), any prefix.
pub(super) fn sy_update_period(body: &[u8]) -> Option<Duration> {
    const SY_NS: &[u8] = b"http://purl.org/rss/1.0/modules/syndication/";
    // Channel-level elements: only look at the head of the document.
    let head = &body[..body.len().min(64 * 1024)];
    find(head, SY_NS)?;
    let value = |name: &[u8]| -> Option<String> {
        let mut from = 0;
        loop {
            let p = from + find(&head[from..], name)?;
            from = p + name.len();
            let before = head.get(p.wrapping_sub(1)).copied();
            if !matches!(before, Some(b':' | b'<')) || head.get(from) != Some(&b'>') {
                continue;
            }
            let text = &head[from + 1..];
            let end = text.iter().position(|b| *b == b'<')?;
            return std::str::from_utf8(&text[..end])
                .ok()
                .map(|s| s.trim().to_ascii_lowercase());
        }
    };
    let secs: u64 = match value(b"updatePeriod")?.as_str() {
        "hourly" => 3_600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    };
    let freq = value(b"updateFrequency")
        .and_then(|f| f.parse::<u64>().ok())
        .filter(|f| *f > 0)
        .unwrap_or(1);
    Some(Duration::from_secs(secs / freq.min(secs)))
}
