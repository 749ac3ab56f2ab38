//! Messages that users send to a node's contact (`node@component`), not chat commands to the
//! service: with a callback (`callback_url`, from feeds.toml or the node configuration), each
//! becomes a [`CallbackRequest`] that the shell POSTs to the publisher's application, whose
//! reply comes back as a chat message from the contact ([`Shared::callback_reply`]); without
//! one, the contact says once per user and day that it takes no messages.

use super::*;

/// How long the "takes no messages" answer stays quiet for the same user and node.
pub const NO_CALLBACK_QUIET_MS: i64 = 24 * 3600 * 1000;
/// Users and nodes remembered for that answer.
pub const NO_CALLBACK_TRACKED: usize = 4096;
/// Longest message forwarded.
pub const MAX_CALLBACK_BODY: usize = 16 * 1024;

/// A message to forward to a node's callback.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackRequest {
    /// The node.
    pub node: String,
    /// Where to POST.
    pub url: url::Url,
    /// The HMAC-SHA256 key of the signature.
    pub secret: String,
    /// The sender (full JID): the reply goes there.
    pub from: Jid,
    /// The message body.
    pub body: String,
    /// The message id, if any.
    pub id: Option<String>,
    /// The message thread, if any.
    pub thread: Option<String>,
}

/// Why a message for a node's callback was dropped before it was POSTed (the shell decides;
/// see `delivery::callback_gate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackRefusal {
    /// Too many of the node's messages are already waiting for its application.
    QueueFull,
    /// The node's application has not answered the last few times; messages fail at once
    /// for a while.
    NotAnswering,
}

impl std::fmt::Debug for CallbackRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackRequest")
            .field("node", &self.node)
            .field("url", &crate::net::redact(&self.url))
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// The callback of `feed`: the file's, else the one its owners configured.
    pub fn callback_of(&self, feed: &FeedState) -> Option<(url::Url, String)> {
        if let Some(c) = self.cfg().configured(&feed.node).and_then(|c| c.callback()) {
            return Some((c.url.clone(), c.secret.clone()));
        }
        let url = url::Url::parse(feed.options.callback_url.as_deref()?).ok()?;
        Some((url, feed.options.callback_secret.clone()?))
    }

    /// The application's reply to a forwarded message, as a chat message from the node's
    /// contact to the sender.
    pub fn callback_reply(&self, node: &str, to: &Jid, text: &str) -> Option<Stanza> {
        let from = router::contact_jid(node, &self.jid)?;
        let mut m =
            xmpp_parsers::message::Message::new_with_type(MessageType::Chat, Some(to.clone()))
                .with_body(
                    xmpp_parsers::message::Lang::new(),
                    crate::text::xml_clean(&crate::text::truncate_words(
                        text,
                        self.max_body_chars(),
                    ))
                    .into_owned(),
                );
        m.from = Some(Jid::from(from));
        Some(Stanza::Message(m))
    }
}

impl Shared {
    /// The error reply to a message that was dropped before reaching `node`'s callback: a
    /// `type="error"` message from the node's contact to the sender, with the message's id,
    /// condition `resource-constraint` (queue full) or `remote-server-timeout` (the
    /// application does not answer), and a sentence saying so.
    pub fn callback_refusal(
        &self,
        node: &str,
        to: &Jid,
        id: Option<&str>,
        why: CallbackRefusal,
    ) -> Option<Stanza> {
        let from = router::contact_jid(node, &self.jid)?;
        let (cond, text) = match why {
            CallbackRefusal::QueueFull => (
                DefinedCondition::ResourceConstraint,
                "Too many messages are waiting for this feed's application; yours was not delivered. Try again later.",
            ),
            CallbackRefusal::NotAnswering => (
                DefinedCondition::RemoteServerTimeout,
                "This feed's application is not answering; your message was not delivered. Try again later.",
            ),
        };
        let mut m =
            xmpp_parsers::message::Message::new_with_type(MessageType::Error, Some(to.clone()));
        m.from = Some(Jid::from(from));
        m.id = id.map(|i| xmpp_parsers::message::Id(crate::text::xml_clean(i).into_owned()));
        m.payloads
            .push(StanzaError::new(ErrorType::Wait, cond, "en", text).into());
        Some(Stanza::Message(m))
    }
}

impl Req<'_> {
    /// A message to `node`'s contact.
    pub(super) fn contact_message(
        mut self,
        m: xmpp_parsers::message::Message,
        node: String,
    ) -> Output {
        // Never answer errors, headlines or group chat: that is how loops start.
        if !matches!(m.type_, MessageType::Chat | MessageType::Normal) {
            return Output::default();
        }
        let (Some(from), Some(body)) = (
            m.from.clone(),
            m.bodies
                .get("")
                .or_else(|| m.bodies.values().next())
                .cloned(),
        ) else {
            return Output::default();
        };
        // Servers lowercase localparts: find the node whatever its case.
        let Ok(Some(feed)) = self.contact_feed(&node) else {
            return Output::default();
        };
        let node = feed.node.clone();
        if !matches!(
            self.access_refusal(&feed, &from.to_bare(), self.st),
            Ok(None)
        ) {
            debug!(from = %from, node, "message to a contact from a banned or non-member sender");
            return Output::default();
        }
        if self.within_limits(&from).is_err() {
            debug!(from = %from, node, "message to a contact over the rate limit");
            return Output::default();
        }
        let text = match self.callback_of(&feed) {
            Some(_) if body.len() > MAX_CALLBACK_BODY => {
                format!("That message is too long (over {MAX_CALLBACK_BODY} bytes).")
            }
            Some((url, secret)) => {
                debug!(node, from = %from, "message forwarded to the node's callback");
                return Output {
                    callbacks: vec![CallbackRequest {
                        node,
                        url,
                        secret,
                        from,
                        body,
                        id: m.id.map(|i| i.0),
                        thread: m.thread.map(|t| t.id),
                    }],
                    ..Output::default()
                };
            }
            None => {
                let key = format!("{}\0{node}", from.to_bare());
                let now_ms = self.now_ms;
                let told = &mut self.svc.vol.no_callback;
                if told
                    .get(&key)
                    .is_some_and(|at| now_ms.saturating_sub(*at) < NO_CALLBACK_QUIET_MS)
                {
                    return Output::default();
                }
                told.put(key, now_ms);
                format!(
                    "This feed does not take messages. Send \"help\" to {} for what the service can do.",
                    self.jid
                )
            }
        };
        let Some(reply) = self.callback_reply(&node, &from, &text) else {
            return Output::default();
        };
        self.after.clear();
        Output {
            send: vec![Outgoing::Now(Box::new(reply))],
            ..Output::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_an_error_from_the_contact_answering_the_message() {
        let text = "[component]\njid = \"feeds.example.org\"\nserver = \"127.0.0.1:5347\"\n\
                    secret = \"s\"\n[storage]\npath = \"/nonexistent\"\n";
        let cfg =
            Arc::new(Config::parse(std::path::Path::new("feeds.toml"), text).expect("config"));
        let svc = Service::new(cfg, rand::SeedableRng::seed_from_u64(1));
        let to = Jid::from_str("carol@example.org/phone").expect("jid");
        for (why, cond) in [
            (
                CallbackRefusal::QueueFull,
                DefinedCondition::ResourceConstraint,
            ),
            (
                CallbackRefusal::NotAnswering,
                DefinedCondition::RemoteServerTimeout,
            ),
        ] {
            let Some(Stanza::Message(m)) =
                svc.callback_refusal("support", &to, Some("m\u{1}1"), why)
            else {
                panic!("no message for {why:?}");
            };
            assert_eq!(m.type_, MessageType::Error);
            assert_eq!(m.to, Some(to.clone()));
            assert_eq!(
                m.from.map(|f| f.to_string()),
                Some("support@feeds.example.org".to_owned())
            );
            assert_eq!(m.id.map(|i| i.0), Some("m1".to_owned()), "the id, XML-safe");
            let e = StanzaError::try_from(m.payloads[0].clone()).expect("a stanza error");
            assert_eq!(e.defined_condition, cond);
            assert_eq!(e.type_, ErrorType::Wait);
            assert!(e.texts.values().all(|t| t.contains("not delivered")));
        }
    }
}
