//! Service discovery (XEP-0030) with paging (XEP-0059): the service's identity and features,
//! each node's meta-data form (XEP-0060 §5.4), and the list of nodes; what a non-follower may
//! see of a user-added feed.

use super::*;

impl Req<'_> {
    /// Whether `from` may see a feed's private details (URL, errors, title) and its items:
    /// everybody for configured feeds (and for user feeds when `[access] list_user_feeds`),
    /// only its subscribers for a user-added feed, whose URL may carry credentials.
    pub(super) fn may_see(&self, from: &Jid, feed: &FeedState) -> Result<bool, Fail> {
        if self
            .access_refusal(feed, &from.to_bare(), self.st)?
            .is_some()
        {
            // Outcasts, and strangers to a whitelist node.
            return Ok(false);
        }
        Ok(self.cfg().access.list_user_feeds || self.follows(from, feed)?)
    }

    /// Whether `from` may see a feed's URL whole, credentials and query values included: the
    /// service's admins (`[access] admins`), and for a user-added feed the JID that added it.
    /// Everybody else, subscribers included, sees it [redacted](crate::net::redact).
    pub(super) fn sees_url(&self, from: &Jid, feed: &FeedState) -> bool {
        let bare = from.to_bare();
        self.cfg().is_admin(&bare)
            || matches!(&feed.origin, Origin::User { owner } if owner.as_str() == bare.as_str())
    }

    /// A feed's URL as `from` may see it (see [`Self::sees_url`]).
    pub(super) fn shown_url(&self, from: &Jid, feed: &FeedState) -> String {
        crate::net::shown_url(&feed.url, self.sees_url(from, feed))
    }

    /// Whether `from` may see a feed's details and errors (the URL only as [`Self::shown_url`]
    /// says): anybody for a configured feed, only its subscribers (and the service's admins,
    /// who own every node) for a user-added one (listed or not).
    pub(super) fn follows(&self, from: &Jid, feed: &FeedState) -> Result<bool, Fail> {
        if !matches!(feed.origin, Origin::User { .. }) || self.cfg().is_admin(&from.to_bare()) {
            return Ok(true);
        }
        Ok(self
            .st
            .subscription(&feed.node, &from.to_bare().to_string())?
            .is_some())
    }

    pub(super) fn disco_info(&self, from: &Jid, q: &Element) -> Reply {
        let node = q.attr("node");
        let mut features: BTreeSet<String> =
            [ns::DISCO_INFO, ns::DISCO_ITEMS, ns::PUBSUB, ns::PING]
                .into_iter()
                .map(String::from)
                .collect();
        features.extend(FEATURES.iter().map(|f| format!("{}#{f}", ns::PUBSUB)));
        let result = match node {
            None => DiscoInfoResult {
                node: None,
                identities: vec![Identity::new("pubsub", "service", "en", "feedpush")],
                features,
                extensions: Vec::new(),
            },
            Some(n) => {
                let feed = self.st.feed(n)?.ok_or_else(Fail::item_not_found)?;
                // Even a listed user feed shows its errors only to its followers, and its URL
                // whole (credentials, tokens) only to admins and the JID that added it.
                let follower = self.follows(from, &feed)?;
                let visible = follower || self.cfg().access.list_user_feeds;
                let url = self.shown_url(from, &feed);
                let form = self.meta_data(&feed, visible, follower, &url);
                let title = if visible {
                    feed.title.as_deref().unwrap_or(&feed.node)
                } else {
                    &feed.node
                };
                DiscoInfoResult {
                    node: Some(n.to_owned()),
                    identities: vec![Identity::new(
                        "pubsub",
                        "leaf",
                        "en",
                        crate::text::xml_clean(title).into_owned(),
                    )],
                    features,
                    extensions: vec![form],
                }
            }
        };
        Ok(Some(result.into()))
    }

    /// The node's meta-data form; `private` fields (title, description, URL, errors) only
    /// when `visible`, errors only to a `follower`, the URL as `url` (whole or redacted).
    pub(super) fn meta_data(
        &self,
        feed: &FeedState,
        visible: bool,
        follower: bool,
        url: &str,
    ) -> DataForm {
        // Feed titles and error texts come from hostile servers: keep them serialisable.
        let text = |var: &str, v: &str| Field::text_single(var, &crate::text::xml_clean(v));
        let mut fields = vec![text("pubsub#type", NS_ATOM)];
        if !visible {
            fields.push(text("pubsub#access_model", "authorize"));
            return DataForm::new(DataFormType::Result_, META_DATA, fields);
        }
        fields.extend([
            text("pubsub#title", feed.title.as_deref().unwrap_or(&feed.node)),
            text(
                "pubsub#description",
                feed.description.as_deref().unwrap_or(""),
            ),
            text(
                "pubsub#num_subscribers",
                &self.st.subscriber_count(&feed.node).to_string(),
            ),
            text("feedpush#url", url),
            text("feedpush#health", feed.health.as_str()),
            text(
                "feedpush#last_status",
                feed.last_status.as_deref().unwrap_or(""),
            ),
        ]);
        if let Some(t) = feed
            .last_fetch
            .and_then(chrono::DateTime::from_timestamp_millis)
        {
            fields.push(text("feedpush#last_fetch", &t.to_rfc3339()));
        }
        if let Some(e) = feed.last_error.as_ref().filter(|_| follower) {
            fields.push(text("feedpush#last_error", e));
        }
        DataForm::new(DataFormType::Result_, META_DATA, fields)
    }

    pub(super) fn disco_items(&self, q: &Element) -> Reply {
        if let Some(n) = q.attr("node") {
            if self.st.feed(n)?.is_none() {
                return Err(Fail::item_not_found());
            }
            // Leaf nodes have no child nodes; items are retrieved through pubsub.
            return Ok(Some(
                DiscoItemsResult {
                    node: q.attr("node").map(str::to_owned),
                    items: Vec::new(),
                    rsm: None,
                }
                .into(),
            ));
        }
        let rsm = Rsm::parse(q)?;
        let list_user = self.cfg().access.list_user_feeds;
        let max = rsm.max.unwrap_or(MAX_PAGE).min(MAX_PAGE);
        // A page read by node from the store's index, never the whole list.
        let (page, start) = match &rsm.after {
            Some(a) => {
                // Paging goes on after a node this listing shows.
                match self.st.feed(a)? {
                    Some(f) if list_user || !matches!(f.origin, Origin::User { .. }) => {}
                    _ => return Err(Fail::item_not_found()),
                }
                (self.st.feeds_page(Some(a), 0, max, list_user)?, None)
            }
            None => {
                let start = rsm.index.unwrap_or(0);
                (
                    self.st.feeds_page(None, start, max, list_user)?,
                    Some(start),
                )
            }
        };
        let items = page
            .iter()
            .map(|f| DiscoItem {
                jid: Jid::from(self.jid.clone()),
                node: Some(f.node.clone()),
                name: Some(
                    crate::text::xml_clean(f.title.as_deref().unwrap_or(&f.node)).into_owned(),
                ),
            })
            .collect();
        let result_set = rsm.present.then(|| SetResult {
            // The index of a page after a node is not known without counting the ones before.
            first: page.first().map(|f| First {
                index: start,
                item: f.node.clone(),
            }),
            last: page.last().map(|f| f.node.clone()),
            count: Some(self.st.feed_count(list_user)),
        });
        Ok(Some(
            DiscoItemsResult {
                node: None,
                items,
                rsm: result_set,
            }
            .into(),
        ))
    }
}
