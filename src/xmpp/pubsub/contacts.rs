//! Every node is a contact, `node@component`: a presence subscription to it subscribes the
//! user's bare JID to the node (the same subscription XEP-0060 makes), removing the contact
//! ends it, probes are answered, and the contact's presence tells how the feed is doing
//! (RFC 6121 §3 for the subscription handshake, XEP-0172 for the name in the request).

use xmpp_parsers::nick::Nick;

use super::*;
use crate::model::{Health, Origin};

/// How far back "new today" counts.
const DAY_MS: i64 = 24 * 3600 * 1000;
/// Items looked at to count today's.
const TODAY_SCAN: usize = 100;

impl Req<'_> {
    /// The feed whose contact is `localpart`: servers lowercase a JID's localpart (nodeprep),
    /// so a node with capitals is found case-insensitively.
    pub(super) fn contact_feed(&self, localpart: &str) -> Result<Option<FeedState>, Fail> {
        if let Some(f) = self.st.feed(localpart)? {
            return Ok(Some(f));
        }
        if !localpart.bytes().any(|b| b.is_ascii_lowercase()) {
            return Ok(None);
        }
        Ok(self.st.feed_folded(localpart)?)
    }

    /// An IQ request to the contact of `node`: service discovery (a bot, XEP-0030), its
    /// vCard (XEP-0054: name, feed URL, description) and ping; anything else is
    /// `service-unavailable`, as for any contact that does not answer.
    pub(super) fn contact_iq(
        &mut self,
        from: &Jid,
        node: &str,
        payload: &Element,
        is_set: bool,
    ) -> Reply {
        let unavailable = || Fail::new(ErrorType::Cancel, DefinedCondition::ServiceUnavailable);
        let feed = self.contact_feed(node)?.ok_or_else(unavailable)?;
        match (payload.name(), payload.ns().as_str(), is_set) {
            ("query", ns::DISCO_INFO, false) if payload.attr("node").is_none() => {
                // A user feed's title only for those who may see it.
                let shown = if self.may_see(from, &feed)? {
                    feed.title.as_deref().unwrap_or(&feed.node)
                } else {
                    &feed.node
                };
                let name = crate::text::xml_clean(shown).into_owned();
                let features = [ns::DISCO_INFO, ns::VCARD, ns::PING]
                    .into_iter()
                    .map(String::from)
                    .collect();
                Ok(Some(
                    DiscoInfoResult {
                        node: None,
                        identities: vec![Identity::new("client", "bot", "en", name)],
                        features,
                        extensions: Vec::new(),
                    }
                    .into(),
                ))
            }
            ("vCard", ns::VCARD, false) => Ok(Some(self.vcard(from, &feed))),
            ("ping", ns::PING, false) => Ok(None),
            _ => Err(unavailable()),
        }
    }

    /// The contact's vCard: the feed's title, URL (whole only for admins and the JID that added
    /// the feed, redacted for everybody else) and description.
    fn vcard(&self, from: &Jid, feed: &FeedState) -> Element {
        let follower = self.follows(from, feed).unwrap_or(false);
        let visible = follower || self.cfg().access.list_user_feeds;
        let field = |name: &str, text: &str| {
            Element::builder(name, ns::VCARD)
                .append(crate::text::xml_clean(text).into_owned())
                .build()
        };
        let mut payloads = Vec::new();
        if visible {
            payloads.push(field("FN", feed.title.as_deref().unwrap_or(&feed.node)));
            // The web site when the feed names one, else the feed itself.
            let url = match &feed.site {
                Some(site) => site.clone(),
                None => self.shown_url(from, feed),
            };
            payloads.push(field("URL", &url));
            if let Some(d) = feed.description.as_deref().filter(|d| !d.is_empty()) {
                payloads.push(field("DESC", d));
            }
        } else {
            payloads.push(field("FN", &feed.node));
        }
        let photo = self
            .st
            .avatar(&feed.node)
            .ok()
            .flatten()
            .filter(|a| !a.png.is_empty())
            .map(|a| xmpp_parsers::vcard::Photo {
                type_: xmpp_parsers::vcard::Type {
                    data: "image/png".into(),
                },
                binval: xmpp_parsers::vcard::Binval { data: a.png },
            });
        xmpp_parsers::vcard::VCard { photo, payloads }.into()
    }

    /// A presence addressed to the contact of `node`.
    pub(super) fn contact_presence(mut self, p: Presence, node: String) -> Output {
        let Some(from) = p.from.clone() else {
            return Output::default();
        };
        let jid = from.to_bare().to_string();
        let Some(me) = router::contact_jid(&node, &self.jid) else {
            return Output::default();
        };
        let feed = match self.contact_feed(&node) {
            Ok(f) => f,
            Err(_) => {
                warn!("store error while answering a presence");
                return Output::default();
            }
        };
        // The node as stored (a JID's localpart arrives lowercased).
        let node = feed.as_ref().map_or(node, |f| f.node.clone());
        let mut send = Vec::new();
        let mut back = Vec::new();
        match p.type_ {
            PresenceType::Subscribe => {
                if let Err(which) = self.within_limits(&from) {
                    debug!(from = %from, budget = ?which, "presence subscription over the rate limit");
                    return Output::default();
                }
                let Some(feed) = feed else {
                    // No such feed: refuse (RFC 6121 §3.2), so the roster shows it.
                    send.push(Outgoing::Now(presence(
                        PresenceType::Unsubscribed,
                        &me,
                        &from,
                    )));
                    return Output {
                        changes: Vec::new(),
                        send,
                        ..Output::default()
                    };
                };
                match self.follow_as_contact(&feed, &jid) {
                    Ok(()) => {
                        send.push(Outgoing::Durable {
                            ok: presence(PresenceType::Subscribed, &me, &from),
                            failed: None,
                        });
                        send.extend(self.contact_hello(&feed, &from.to_bare()).into_iter().map(
                            |ok| Outgoing::Durable {
                                ok: Box::new(ok),
                                failed: None,
                            },
                        ));
                    }
                    // Refused (banned, not a member): the request is denied.
                    Err(_) => {
                        return Output {
                            send: vec![Outgoing::Now(presence(
                                PresenceType::Unsubscribed,
                                &me,
                                &from,
                            ))],
                            ..Output::default()
                        }
                    }
                }
            }
            PresenceType::Unsubscribe | PresenceType::Unsubscribed => {
                let subscribed = feed
                    .as_ref()
                    .map(|f| self.st.subscription(&f.node, &jid))
                    .transpose()
                    .ok()
                    .flatten()
                    .flatten()
                    .is_some();
                if let (true, Some(feed)) = (subscribed, &feed) {
                    if self.leave(feed, &jid).is_err() {
                        return Output::default();
                    }
                }
                // Both directions end: whichever the user ended, the contact ends the other.
                let answer = if p.type_ == PresenceType::Unsubscribe {
                    PresenceType::Unsubscribed
                } else {
                    PresenceType::Unsubscribe
                };
                send.push(Outgoing::Durable {
                    ok: presence(answer, &me, &from.to_bare().into()),
                    failed: None,
                });
                send.push(Outgoing::Durable {
                    ok: presence(PresenceType::Unavailable, &me, &from.to_bare().into()),
                    failed: None,
                });
            }
            PresenceType::Probe => {
                let contact = feed.as_ref().and_then(|f| {
                    self.st
                        .subscription(&f.node, &jid)
                        .ok()
                        .flatten()
                        .filter(|s| s.contact)
                        .map(|_| f)
                });
                send.push(Outgoing::Now(match contact {
                    Some(f) => Box::new(Stanza::Presence(
                        self.contact_status(f, self.st, self.now_ms)
                            .with_from(me)
                            .with_to(from),
                    )),
                    // Not a contact of this user (RFC 6121 §4.3.2).
                    None => presence(PresenceType::Unsubscribed, &me, &from),
                }));
            }
            PresenceType::Subscribed => {}
            PresenceType::None => {
                self.came_back(&node, &jid);
                let st = self.st;
                self.svc.handle_presence(&p, st);
                back.push(jid.clone());
            }
            _ => {
                let st = self.st;
                self.svc.handle_presence(&p, st)
            }
        }
        Output {
            changes: self.changes,
            send,
            back,
            ..Output::default()
        }
    }

    /// Subscribe `jid` to `feed` as a contact (a new subscription gets chat messages; an
    /// existing one becomes a contact and keeps its mode unless it was pubsub).
    pub(super) fn follow_as_contact(&mut self, feed: &FeedState, jid: &str) -> Result<(), Fail> {
        // Outcasts, and strangers to a whitelist node, are refused here too.
        if let Ok(bare) = BareJid::new(jid) {
            if let Some(refused) = self.access_refusal(feed, &bare, self.st)? {
                return Err(refused);
            }
        }
        let existing = self.st.subscription(&feed.node, jid)?;
        if existing.is_none() {
            self.room_in_domain(jid)?;
        }
        let mut sub = existing.clone().unwrap_or_else(|| Subscription {
            node: feed.node.clone(),
            jid: jid.to_owned(),
            created: self.now_ms,
            ..default_sub()
        });
        if !sub.contact {
            sub.contact = true;
            if sub.mode == Mode::Pubsub {
                sub.mode = Mode::Chat;
            }
        }
        if existing.as_ref() != Some(&sub) {
            self.changes.push(Change::PutSubscription(sub));
        }
        if matches!(feed.origin, Origin::User { .. }) {
            self.changes.push(Change::MarkFollowed {
                node: feed.node.clone(),
                at_ms: self.now_ms,
            });
        }
        self.adopt_presence(jid);
        if existing.is_none() {
            info!(node = %feed.node, jid, "subscribed as a contact");
        }
        Ok(())
    }

    /// What the contact sends a new follower: its own subscription request (named, so the
    /// roster shows the feed's title), and its presence.
    pub(super) fn contact_hello(&self, feed: &FeedState, to: &BareJid) -> Vec<Stanza> {
        let Some(me) = router::contact_jid(&feed.node, &self.jid) else {
            return Vec::new();
        };
        let mut ask = Presence::new(PresenceType::Subscribe)
            .with_from(me.clone())
            .with_to(to.clone());
        let title =
            crate::text::xml_clean(feed.title.as_deref().unwrap_or(&feed.node)).into_owned();
        ask.payloads.push(Nick(title).into());
        vec![
            Stanza::Presence(ask),
            Stanza::Presence(
                self.contact_status(feed, self.st, self.now_ms)
                    .with_from(me)
                    .with_to(to.clone()),
            ),
        ]
    }

    /// The roster entry of a contact subscription that ended elsewhere (XEP-0060 unsubscribe,
    /// `unsubscribe` command): the contact ends both directions and goes offline.
    pub(super) fn contact_gone(&mut self, node: &str, jid: &str) {
        let (Some(me), Ok(to)) = (router::contact_jid(node, &self.jid), BareJid::new(jid)) else {
            return;
        };
        let to = Jid::from(to);
        for t in [
            PresenceType::Unsubscribed,
            PresenceType::Unsubscribe,
            PresenceType::Unavailable,
        ] {
            self.after.push(*presence(t, &me, &to));
        }
    }
}

impl Shared {
    /// The contact's presence: available with the title and today's count, `xa` with the
    /// error while the feed fails, unavailable once it is retired (as `st` has it at `now_ms`).
    pub(super) fn contact_status(&self, feed: &FeedState, st: &dyn State, now_ms: i64) -> Presence {
        let title = feed.title.as_deref().unwrap_or(&feed.node);
        let (mut p, status) = match feed.health {
            Health::Gone | Health::Removed => (
                Presence::new(PresenceType::Unavailable),
                format!("{title} · retired ({})", feed.health.as_str()),
            ),
            Health::Transient | Health::Permanent => (
                Presence::new(PresenceType::None).with_show(Show::Xa),
                format!(
                    "{title} · failing: {} ({} failed polls)",
                    feed.last_error.as_deref().unwrap_or("error"),
                    feed.error_count
                ),
            ),
            Health::New | Health::Ok => {
                let since = now_ms - DAY_MS;
                let today = st
                    .items(&feed.node, TODAY_SCAN, None)
                    .map(|v| {
                        // By the entry's own date: a new feed's first poll stores its whole
                        // history, which is not "new today". Undated entries count from when
                        // they were stored.
                        v.iter()
                            .filter(|i| {
                                let e = &i.entry;
                                e.published
                                    .or(e.updated)
                                    .map_or(i.stored_at, |d| d.timestamp_millis())
                                    >= since
                            })
                            .count()
                    })
                    .unwrap_or(0);
                let count = match today {
                    0 => "nothing new today".to_owned(),
                    n if n >= TODAY_SCAN => format!("{TODAY_SCAN}+ new today"),
                    n => format!("{n} new today"),
                };
                (
                    Presence::new(PresenceType::None),
                    format!("{title} · {count}"),
                )
            }
        };
        p.set_status("", crate::text::xml_clean(&status).into_owned());
        // XEP-0153: the avatar's hash, so clients fetch the vCard photo when it changes.
        let hash = st
            .avatar(&feed.node)
            .ok()
            .flatten()
            .and_then(|a| hex::decode(&a.sha1).ok())
            .and_then(|h| <[u8; 20]>::try_from(h).ok());
        if let Some(data) = hash {
            p.payloads.push(
                xmpp_parsers::vcard_update::VCardUpdate {
                    photo: Some(xmpp_parsers::vcard_update::Photo { data: Some(data) }),
                }
                .into(),
            );
        }
        p
    }
}

fn presence(type_: PresenceType, from: &BareJid, to: &Jid) -> Box<Stanza> {
    Box::new(Stanza::Presence(
        Presence::new(type_)
            .with_from(from.clone())
            .with_to(to.clone()),
    ))
}
