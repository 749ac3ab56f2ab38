//! OPML subscription lists (the only user of the opml crate): writing a user's feeds for
//! `export`, reading a pasted list for `import` (every outline with a feed URL, at any depth).

/// Most feeds an imported list may name.
pub const MAX_IMPORT_FEEDS: usize = 500;

/// Why a pasted list cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    /// Not OPML (or not well-formed).
    #[error("not an OPML document: {0}")]
    NotOpml(String),
    /// It names no feed.
    #[error("the OPML document names no feed (no outline with an xmlUrl)")]
    NoFeeds,
    /// It names more feeds than an import takes.
    #[error("the OPML document names {found} feeds; an import takes at most {MAX_IMPORT_FEEDS}")]
    TooMany {
        /// How many it names.
        found: usize,
    },
}

/// One feed of a list: its title (may be empty) and URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFeed {
    /// The outline's title or text.
    pub title: String,
    /// Its `xmlUrl`.
    pub url: String,
}

/// An OPML 2.0 document listing `feeds` under `title`.
pub fn export(title: &str, feeds: &[ListedFeed]) -> String {
    let mut doc = opml::OPML {
        head: Some(opml::Head {
            title: Some(title.to_owned()),
            ..opml::Head::default()
        }),
        ..opml::OPML::default()
    };
    for f in feeds {
        doc.add_feed(&f.title, &f.url);
    }
    // Serialising structs the crate built itself cannot fail.
    doc.to_string().unwrap_or_default()
}

/// The feeds a pasted OPML document lists, in document order.
pub fn import(text: &str) -> Result<Vec<ListedFeed>, OpmlError> {
    let doc = opml::OPML::from_str(text.trim()).map_err(|e| OpmlError::NotOpml(e.to_string()))?;
    let mut out = Vec::new();
    let mut stack: Vec<&opml::Outline> = doc.body.outlines.iter().rev().collect();
    while let Some(o) = stack.pop() {
        if let Some(url) = o
            .xml_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            out.push(ListedFeed {
                title: o.title.clone().unwrap_or_else(|| o.text.clone()),
                url: url.to_owned(),
            });
            if out.len() > MAX_IMPORT_FEEDS {
                return Err(OpmlError::TooMany {
                    found: count(&doc.body.outlines),
                });
            }
        }
        stack.extend(o.outlines.iter().rev());
    }
    if out.is_empty() {
        return Err(OpmlError::NoFeeds);
    }
    Ok(out)
}

fn count(outlines: &[opml::Outline]) -> usize {
    outlines
        .iter()
        .map(|o| usize::from(o.xml_url.is_some()) + count(&o.outlines))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_survives_export_and_import() {
        let feeds = vec![
            ListedFeed {
                title: "News & more".into(),
                url: "https://example.org/feed.xml?a=1&b=2".into(),
            },
            ListedFeed {
                title: "Other".into(),
                url: "https://example.net/atom".into(),
            },
        ];
        let xml = export("feedpush", &feeds);
        assert_eq!(import(&xml).unwrap(), feeds);
    }

    #[test]
    fn nested_outlines_are_read_and_bad_lists_refused() {
        let nested = r#"<opml version="1.0"><head/><body><outline text="Group"><outline text="A" xmlUrl="http://a.example/f"/></outline><outline text="B" title="Bee" xmlUrl="http://b.example/f"/></body></opml>"#;
        let got = import(nested).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].title, "Bee");
        assert!(matches!(import("hello"), Err(OpmlError::NotOpml(_))));
        let empty = r#"<opml version="2.0"><head/><body><outline text="x"/></body></opml>"#;
        assert!(matches!(import(empty), Err(OpmlError::NoFeeds)));
        let mut many = String::from(r#"<opml version="2.0"><head/><body>"#);
        for i in 0..600 {
            many.push_str(&format!(
                r#"<outline text="f" xmlUrl="http://x.example/{i}"/>"#
            ));
        }
        many.push_str("</body></opml>");
        assert!(matches!(
            import(&many),
            Err(OpmlError::TooMany { found: 600 })
        ));
    }
}
