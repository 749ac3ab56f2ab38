//! Subscribers (XEP-0060 §6.1–6.3, §5.6): subscribing (with options, by node or by a feed's
//! URL, within the per-user and per-domain caps), unsubscribing, and the list of a JID's
//! subscriptions.

use super::*;

/// The subscription a stanza will read, as (node, bare JID): an XEP-0060 subscribe request's
/// (its node as written; a feed's URL there names no subscription and reads as none). The
/// shell reads a batch's at once, ahead of the requests ([`State::subscription`] then answers
/// from what it read); a hint, never a check: the request is still checked in full.
pub fn subscription_read(inbound: &Inbound) -> Option<(String, String)> {
    let Inbound::Stanza(s) = inbound else {
        return None;
    };
    let Stanza::Iq(Iq::Set {
        from: Some(from),
        payload,
        ..
    }) = &**s
    else {
        return None;
    };
    if !payload.is("pubsub", ns::PUBSUB) {
        return None;
    }
    let sub = payload.get_child("subscribe", ns::PUBSUB)?;
    Some((sub.attr("node")?.to_owned(), from.to_bare().to_string()))
}

impl Req<'_> {
    pub(super) fn subscribe(
        &mut self,
        from: &Jid,
        el: &Element,
        options: Option<&Element>,
    ) -> Reply {
        let jid = Self::check_jid(from, el)?;
        let requested = Self::node_attr(el)?;
        // Options are checked before anything is stored: a refused request leaves no
        // subscription behind. Their <options/> must not name a node or JID (§6.3.7).
        let form = match options {
            Some(o) if o.attr("node").is_some() || o.attr("jid").is_some() => {
                return Err(Fail::bad_request().app("invalid-options"))
            }
            Some(o) => o.get_child("x", ns::DATA_FORMS),
            None => None,
        };
        if let Some(form) = form {
            apply_options(&mut default_sub(), form)?;
        }
        if requested.len() > MAX_URL_BYTES {
            return Err(Fail::bad_request().text(format!(
                "node or feed URL longer than {MAX_URL_BYTES} bytes"
            )));
        }
        let (node, feed) = match self.st.feed(requested)? {
            Some(f) => {
                let bare = from.to_bare();
                if let Some(refused) = self.access_refusal(&f, &bare, self.st)? {
                    return Err(refused);
                }
                (f.node.clone(), Some(f))
            }
            None if normalize_url(requested).is_some() => {
                let node = self.feed_for_url(requested, &jid)?;
                // The URL of a feed the service has: the same rules as by its node.
                let known = self.st.feed(&node)?;
                if let Some(f) = &known {
                    if let Some(refused) = self.access_refusal(f, &from.to_bare(), self.st)? {
                        return Err(refused);
                    }
                }
                (node, known)
            }
            None => return Err(Fail::item_not_found()),
        };
        let now = self.now_ms;
        let existing = self.st.subscription(&node, &jid)?;
        let fresh = existing.is_none();
        if fresh {
            self.room_in_domain(&jid)?;
        }
        let mut sub = existing.unwrap_or_else(|| Subscription {
            node: node.clone(),
            jid: jid.clone(),
            created: now,
            ..default_sub()
        });
        let before = sub.clone();
        if let Some(form) = form {
            apply_options(&mut sub, form)?;
        }
        if fresh || sub != before {
            self.changes.push(Change::PutSubscription(sub.clone()));
        }
        // Only user feeds have an idle clock (a feed added by this request is one).
        if feed
            .as_ref()
            .is_none_or(|f| matches!(f.origin, Origin::User { .. }))
        {
            self.changes.push(Change::MarkFollowed {
                node: node.clone(),
                at_ms: now,
            });
        }
        self.adopt_presence(&jid);
        if fresh {
            info!(node, jid, "subscribed");
            // send_last_published_item = on_sub: the newest item follows the answer.
            if let Some(f) = feed.filter(|f| f.options.send_last == crate::model::SendLast::OnSub) {
                if let Some(last) = self.st.items(&node, 1, None)?.into_iter().next() {
                    let kind = render::Kind::of(&sub);
                    if let Some(n) = self
                        .notification_with(&node, &last, kind, Some(&f.options))
                        .to(&jid)
                    {
                        self.after.push(n);
                    }
                }
            }
        }
        Ok(Some(pubsub_el(vec![subscription_el(
            &node,
            &jid,
            "subscribed",
        )])))
    }

    /// Attach to the feed of a URL (after normalisation) or add it as a user feed.
    pub(super) fn feed_for_url(&mut self, raw: &str, owner: &str) -> Result<String, Fail> {
        let url = normalize_url(raw)
            .ok_or_else(|| Fail::item_not_found().text("not a usable feed URL"))?;
        if let Some(node) = self.known_feed(&url)? {
            return Ok(node);
        }
        self.may_add_feed(&url, owner)?;
        // Random, not derived from the URL: a node id seen somewhere (a status page, a
        // roster) tells nothing about the URL, and nobody finds a user's feed by guessing.
        // A clash with an existing node (never seen with 128 bits) just draws again.
        let mut node = crate::net::new_user_node(&mut self.svc.rng);
        while self.st.feed(&node)?.is_some() || !self.st.subscribers(&node, None, 1)?.is_empty() {
            node = crate::net::new_user_node(&mut self.svc.rng);
        }
        let state = FeedState::new(
            &node,
            url.as_str(),
            None,
            Origin::User {
                owner: owner.to_owned(),
            },
        );
        info!(node = %state.node, host = url.host_str().unwrap_or(""), owner, "feed added by a user");
        self.changes.push(Change::AddFeed(Box::new(state)));
        Ok(node)
    }

    /// The node of the feed at `url` (normalised), if the service has it or this request adds it.
    pub(super) fn known_feed(&self, url: &url::Url) -> Result<Option<String>, Fail> {
        if crate::net::looks_redacted(url) {
            // Pasted from a redacted view (an `export` moved to another account): it names a
            // feed only when exactly one of the service's own feeds shows that way. Never a
            // user's feed: its redacted URL is far easier to guess than its secrets.
            let shown = crate::net::redact(url);
            return Ok(match self.st.feeds_shown_as(&shown)?.as_slice() {
                [f] => Some(f.node.clone()),
                _ => None,
            });
        }
        if let Some(f) = self.st.feed_by_url(url.as_str())? {
            return Ok(Some(f.node));
        }
        Ok(self.changes.iter().find_map(|c| match c {
            Change::AddFeed(f) if normalize_url(&f.url).as_ref() == Some(url) => {
                Some(f.node.clone())
            }
            _ => None,
        }))
    }

    /// Whether `owner` may add the feed at `url`: user feeds allowed, a public host, and room
    /// under the per-user and service-wide caps (counting what this request adds).
    pub(super) fn may_add_feed(&self, url: &url::Url, owner: &str) -> Result<(), Fail> {
        if !self.cfg().access.allow_user_feeds {
            return Err(Fail::item_not_found()
                .text("this service only serves the feeds its operator configured"));
        }
        if crate::net::looks_redacted(url) {
            // Copied from a redacted view (an `export`, `info`): fetching it would only fail.
            return Err(Fail::new(ErrorType::Modify, DefinedCondition::NotAcceptable).text(
                "that URL is redacted (a value shown as …); ask whoever added the feed for the whole URL",
            ));
        }
        if !self.cfg().fetch.allow_private_addresses {
            if let Some(why) = crate::net::private_host(url) {
                return Err(Fail::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                    .text(format!("the feed's host is {why}")));
            }
        }
        let max_user = self.cfg().access.max_feeds_per_user;
        // Feeds this request already adds (an import adds many) count as well.
        let pending = self
            .changes
            .iter()
            .filter(|c| matches!(c, Change::AddFeed(_)))
            .count();
        if self.st.user_feed_slots(owner)? + pending >= max_user {
            // XEP-0060 §6.1.3.13.
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation)
                    .app("too-many-subscriptions")
                    .text(format!(
                        "you follow {max_user} feeds added by users (the most allowed); unsubscribe from one first"
                    )),
            );
        }
        let max_all = self.cfg().access.max_user_feeds;
        if self.st.user_feed_count()? + pending >= max_all {
            return Err(
                Fail::new(ErrorType::Wait, DefinedCondition::PolicyViolation).text(format!(
                    "this service already polls {max_all} feeds added by users (the most allowed)"
                )),
            );
        }
        Ok(())
    }

    pub(super) fn unsubscribe(&mut self, from: &Jid, el: &Element) -> Reply {
        let jid = Self::own_jid(from, el)?;
        let node = Self::node_attr(el)?;
        let feed = self.st.feed(node)?.ok_or_else(Fail::item_not_found)?;
        let Some(sub) = self.st.subscription(node, &jid)? else {
            return Err(
                Fail::new(ErrorType::Cancel, DefinedCondition::UnexpectedRequest)
                    .app("not-subscribed"),
            );
        };
        self.leave(&feed, &jid)?;
        if sub.contact {
            // The feed's contact leaves the user's roster too.
            self.contact_gone(node, &jid);
        }
        Ok(None)
    }

    /// End `jid`'s subscription to `feed` (it exists): a user feed its creator leaves and
    /// nobody else follows goes at once, any other starts its idle clock.
    pub(super) fn leave(&mut self, feed: &FeedState, jid: &str) -> Result<(), Fail> {
        let node = feed.node.as_str();
        self.changes.push(Change::Unsubscribe {
            node: node.to_owned(),
            jid: jid.to_owned(),
        });
        let owned = matches!(&feed.origin, Origin::User { owner } if *owner == jid);
        // The state does not show this request's changes yet: the sender still counts.
        // Two subscribers tell (a page of two, not a count of them all).
        let others_follow = self.st.subscribers(node, None, 2)?.len() > 1;
        if owned && !others_follow {
            // Its creator left and nobody else follows it: gone at once, so that adding and
            // leaving feeds in a loop cannot fill the service's cap with feeds nobody reads.
            info!(
                node,
                jid, "user feed removed: its creator left and nobody follows it"
            );
            self.changes.push(Change::RemoveFeed(node.to_owned()));
        } else if matches!(feed.origin, Origin::User { .. }) {
            self.changes.push(Change::MarkFollowed {
                node: node.to_owned(),
                at_ms: self.now_ms,
            });
        }
        // Two of the JID's nodes tell, however many it follows.
        let follows_others = self.st.subscribed_nodes(jid, 2)?.iter().any(|n| n != node);
        if !follows_others {
            self.presence.lock().expect("presence map").remove(jid);
        }
        info!(node, jid, "unsubscribed");
        Ok(())
    }

    pub(super) fn subscriptions(&self, from: &Jid, el: &Element) -> Reply {
        let jid = from.to_bare().to_string();
        let node = el.attr("node");
        if let Some(n) = node {
            if self.st.feed(n)?.is_none() {
                return Err(Fail::item_not_found());
            }
        }
        let subs = match node {
            // One node: one read, not the JID's every subscription.
            Some(n) => self.st.subscription(n, &jid)?.into_iter().collect(),
            None => self.st.subscriptions_of(&jid)?,
        }
        .into_iter();
        let mut b = Element::builder("subscriptions", ns::PUBSUB);
        if let Some(n) = node {
            b = b.attr(xmpp_parsers::minidom::rxml::xml_ncname!("node").into(), n);
        }
        let b = b.append_all(subs.map(|s| subscription_el(&s.node, &s.jid, "subscribed")));
        Ok(Some(pubsub_el(vec![b.build()])))
    }
}
