//! The vocabulary between the link and the rest: what arrives ([`Inbound`]) and what is to be
//! written ([`Outbound`], with [`Fanout`] for one stanza to many recipients). Plain data, so
//! that the protocol core and the delivery side need not know the link.

use tokio::sync::oneshot;
use xmpp_parsers::minidom::Element;
pub use xmpp_parsers::stanza::Stanza;

/// What arrives from the server.
#[derive(Debug)]
pub enum Inbound {
    /// A stanza the typed parsers accepted.
    Stanza(Box<Stanza>),
    /// A stanza that did not parse; enough of its header to answer it with an error.
    Invalid {
        /// `iq`, `message` or `presence`.
        kind: &'static str,
        /// Its `from`.
        from: Option<String>,
        /// Its `to`.
        to: Option<String>,
        /// Its `type`.
        type_: Option<String>,
        /// Its `id`.
        id: Option<String>,
        /// Why it did not parse.
        error: String,
    },
}

/// What a namespace of XMPP's own protocols is called in logs: without its
/// `http://jabber.org/protocol/` (`disco#items`, `pubsub#owner`); others as they are.
const PROTOCOL_NS: &str = "http://jabber.org/protocol/";

impl Inbound {
    /// The span of the request this stanza makes: `request`, with its `kind`
    /// ([`Inbound::kind`]) and the sender's `jid` as written (none when it has no `from`).
    /// Everything logged while the service handles it carries both.
    pub fn span(&self) -> tracing::Span {
        let span = tracing::info_span!("request", kind = %self.kind(), jid = tracing::field::Empty);
        if !span.is_disabled() {
            if let Some(from) = self.from() {
                span.record("jid", tracing::field::display(from));
            }
        }
        span
    }

    /// The sender, as written.
    pub fn from(&self) -> Option<String> {
        match self {
            Inbound::Stanza(s) => match &**s {
                Stanza::Iq(iq) => iq.from().map(|j| j.to_string()),
                Stanza::Message(m) => m.from.as_ref().map(|j| j.to_string()),
                Stanza::Presence(p) => p.from.as_ref().map(|j| j.to_string()),
            },
            Inbound::Invalid { from, .. } => from.clone(),
        }
    }

    /// What kind of request it is, for logs: `iq-get disco#items`, `iq-set pubsub subscribe`
    /// (a pubsub request names its action), `iq-result`, `message chat`, `presence` (available),
    /// `presence unsubscribe`, `invalid iq` (a stanza that did not parse).
    pub fn kind(&self) -> String {
        use xmpp_parsers::iq::Iq;
        use xmpp_parsers::message::MessageType;
        use xmpp_parsers::presence::Type;
        let s = match self {
            Inbound::Stanza(s) => s,
            Inbound::Invalid { kind, .. } => return format!("invalid {kind}"),
        };
        match &**s {
            Stanza::Iq(Iq::Get { payload, .. }) => format!("iq-get {}", payload_kind(payload)),
            Stanza::Iq(Iq::Set { payload, .. }) => format!("iq-set {}", payload_kind(payload)),
            Stanza::Iq(Iq::Result { .. }) => "iq-result".to_owned(),
            Stanza::Iq(Iq::Error { .. }) => "iq-error".to_owned(),
            Stanza::Message(m) => format!(
                "message {}",
                match m.type_ {
                    MessageType::Chat => "chat",
                    MessageType::Error => "error",
                    MessageType::Groupchat => "groupchat",
                    MessageType::Headline => "headline",
                    MessageType::Normal => "normal",
                }
            ),
            Stanza::Presence(p) => match p.type_ {
                Type::None => "presence",
                Type::Error => "presence error",
                Type::Probe => "presence probe",
                Type::Subscribe => "presence subscribe",
                Type::Subscribed => "presence subscribed",
                Type::Unavailable => "presence unavailable",
                Type::Unsubscribe => "presence unsubscribe",
                Type::Unsubscribed => "presence unsubscribed",
            }
            .to_owned(),
        }
    }
}

/// An IQ request's payload for logs: its namespace ([`PROTOCOL_NS`] left out), and for pubsub
/// the action (its first child).
fn payload_kind(payload: &Element) -> String {
    let ns = payload.ns();
    let short = ns.strip_prefix(PROTOCOL_NS).unwrap_or(&ns);
    match payload.children().next() {
        Some(action) if short.starts_with("pubsub") => format!("{short} {}", action.name()),
        _ => short.to_owned(),
    }
}

/// Stanzas to write; `done` (if any) learns whether all of them were written and flushed.
#[derive(Debug, Default)]
pub struct Outbound {
    /// Stanzas, written in order.
    pub stanzas: Vec<Stanza>,
    /// Stanzas to many recipients each, written after `stanzas`, in order.
    pub fanouts: Vec<Fanout>,
    /// Told whether everything was written and flushed.
    pub done: Option<oneshot::Sender<bool>>,
}

/// The same stanza to many recipients: `template` (a stanza element without `to`) is written
/// once per JID in `to`, with that JID as its `to`. Serialising straight from the one template
/// avoids building and cloning a stanza per recipient, which was most of a fan-out's cost.
#[derive(Debug)]
pub struct Fanout {
    /// The stanza element, without `to`.
    pub template: Element,
    /// The recipients.
    pub to: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbound(xml: &str) -> Inbound {
        use xmpp_parsers::{iq::Iq, message::Message, presence::Presence};
        let el: Element = xml.parse().unwrap();
        Inbound::Stanza(Box::new(match el.name() {
            "iq" => Stanza::Iq(Iq::try_from(el).unwrap()),
            "presence" => Stanza::Presence(Presence::try_from(el).unwrap()),
            _ => Stanza::Message(Message::try_from(el).unwrap()),
        }))
    }

    #[test]
    fn requests_are_named_by_kind_and_sender() {
        let ns = "xmlns='jabber:component:accept'";
        let disco = inbound(&format!(
            "<iq {ns} type='get' id='1' from='juliet@capulet.lit/balcony' to='feeds.capulet.lit'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>"
        ));
        assert_eq!(disco.kind(), "iq-get disco#items");
        assert_eq!(disco.from().as_deref(), Some("juliet@capulet.lit/balcony"));
        let subscribe = inbound(&format!(
            "<iq {ns} type='set' id='2' from='juliet@capulet.lit/balcony' to='feeds.capulet.lit'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='news' jid='juliet@capulet.lit'/></pubsub></iq>"
        ));
        assert_eq!(subscribe.kind(), "iq-set pubsub subscribe");
        let ping = inbound(&format!(
            "<iq {ns} type='get' id='3' from='capulet.lit' to='feeds.capulet.lit'><ping xmlns='urn:xmpp:ping'/></iq>"
        ));
        assert_eq!(ping.kind(), "iq-get urn:xmpp:ping");
        let chat = inbound(&format!(
            "<message {ns} type='chat' from='romeo@montague.lit/orchard' to='news@feeds.capulet.lit'><body>help</body></message>"
        ));
        assert_eq!(chat.kind(), "message chat");
        let away = inbound(&format!(
            "<presence {ns} type='unavailable' from='romeo@montague.lit/orchard' to='feeds.capulet.lit'/>"
        ));
        assert_eq!(away.kind(), "presence unavailable");
        let here = inbound(&format!("<presence {ns} to='feeds.capulet.lit'/>"));
        assert_eq!(here.kind(), "presence");
        assert_eq!(here.from(), None);
        let broken = Inbound::Invalid {
            kind: "iq",
            from: Some("x@y".into()),
            to: None,
            type_: Some("get".into()),
            id: None,
            error: "bad".into(),
        };
        assert_eq!(broken.kind(), "invalid iq");
        assert_eq!(broken.from().as_deref(), Some("x@y"));
    }
}
