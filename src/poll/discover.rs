//! Feed discovery: what a web address a user asked to follow is: a feed, or a web page and
//! the feeds its `<link rel="alternate">` elements name (the RSS autodiscovery convention,
//! read with html5ever's tokenizer). [`look`] fetches with the same polite, SSRF-guarded
//! client as polling, within a feed's limits (what it finds is then polled with them);
//! [`feed_links`] is pure.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use url::Url;

/// What an address turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Looked {
    /// A feed.
    Feed,
    /// A web page naming these feeds (maybe none).
    Page(Vec<FoundFeed>),
    /// Why it could not be used.
    Failed(String),
}

/// Fetch `raw` and tell whether it is a feed or a page that names feeds.
pub async fn look(fetcher: &super::fetch::Fetcher, raw: &str) -> Looked {
    use super::fetch::{Outcome, Validators};
    let Ok(url) = Url::parse(raw) else {
        return Looked::Failed("not a URL".into());
    };
    match fetcher.fetch(&url, &Validators::default()).await {
        Outcome::Modified {
            body, final_url, ..
        } => {
            crate::blocking::run_bulk(move || {
                match crate::normalize::normalize(&body, &final_url) {
                    Ok(_) => Looked::Feed,
                    Err(crate::normalize::NormalizeError::NotAFeed(_)) => {
                        let text = String::from_utf8_lossy(&body);
                        if text.trim_start().starts_with('{') {
                            Looked::Failed("JSON that is not a JSON Feed".into())
                        } else {
                            Looked::Page(feed_links(&text, &final_url))
                        }
                    }
                    Err(e) => Looked::Failed(e.to_string()),
                }
            })
            .await
        }
        Outcome::NotModified { .. } => Looked::Failed("the server sent no content".into()),
        Outcome::Gone => Looked::Failed("the server says it is gone for good (410)".into()),
        Outcome::RetryLater { status, .. } => Looked::Failed(format!(
            "the server is busy (HTTP {status}); try again later"
        )),
        Outcome::Failed(e) => Looked::Failed(e.to_string()),
    }
}

/// Most feeds reported for one page.
pub const MAX_FOUND: usize = 20;

/// Media types of feeds a page may link to.
const FEED_TYPES: [&str; 5] = [
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/json",
];

/// A feed a page links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFeed {
    /// The link's title (may be empty).
    pub title: String,
    /// Absolute http(s) URL.
    pub url: String,
}

struct Links {
    base: Url,
    found: RefCell<Vec<FoundFeed>>,
    done: std::cell::Cell<bool>,
}

impl TokenSink for Links {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag || self.done.get() {
            return TokenSinkResult::Continue;
        }
        match &*tag.name {
            // Feed links belong in the head; the body is not read.
            "body" => self.done.set(true),
            "link" => {
                let attr = |n: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == n)
                        .map(|a| a.value.trim().to_owned())
                };
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                let ty = attr("type").unwrap_or_default().to_ascii_lowercase();
                let ty = ty.split(';').next().unwrap_or("").trim().to_owned();
                if !rel.split_ascii_whitespace().any(|r| r == "alternate")
                    || !FEED_TYPES.contains(&ty.as_str())
                {
                    return TokenSinkResult::Continue;
                }
                let Some(url) = attr("href")
                    .and_then(|h| self.base.join(&h).ok())
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                else {
                    return TokenSinkResult::Continue;
                };
                let mut found = self.found.borrow_mut();
                if found.len() < MAX_FOUND && !found.iter().any(|f| f.url == url.as_str()) {
                    found.push(FoundFeed {
                        title: attr("title").unwrap_or_default(),
                        url: url.to_string(),
                    });
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The feeds `html` (a page fetched from `base`) links to, in document order.
pub fn feed_links(html: &str, base: &Url) -> Vec<FoundFeed> {
    let sink = Links {
        base: base.clone(),
        found: RefCell::new(Vec::new()),
        done: std::cell::Cell::new(false),
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_feed_links_are_found_resolved_and_deduplicated() {
        let page = r#"<!doctype html><html><head><title>Blog</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.xml">
<LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" href="atom.xml" title='Atom'>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="text/html" href="/other">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>"#;
        let base = Url::parse("https://blog.example.com/posts/").unwrap();
        let found = feed_links(page, &base);
        assert_eq!(
            found,
            [
                FoundFeed {
                    title: "Posts".into(),
                    url: "https://blog.example.com/feed.xml".into()
                },
                FoundFeed {
                    title: "Atom".into(),
                    url: "https://blog.example.com/posts/atom.xml".into()
                },
            ]
        );
        assert!(feed_links("<p>no head at all", &base).is_empty());
        assert!(feed_links("", &base).is_empty());
    }
}
