//! No single user, feed or crash can hurt the service: hostile stanzas through a real Prosody,
//! acknowledgements that survive kill -9, private user feeds, rate limits, supervision.

use std::time::Duration;

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::disco::DiscoInfoQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::Stanza;

use crate::harness::client::TestClient;
use crate::pubsub::{ask, disco_info, el, error_of, pubsub_iq, World, SERVICE};

/// How soon another user's request must be answered after a hostile stanza.
const PROMPT: Duration = Duration::from_secs(1);

fn service() -> Jid {
    Jid::new(SERVICE).unwrap()
}

fn disco_info_iq(node: &str) -> Iq {
    Iq::from_get(
        "x",
        DiscoInfoQuery {
            node: Some(node.to_owned()),
        },
    )
    .with_to(service())
}

/// Alice's disco#info is answered within [`PROMPT`].
async fn answered_promptly(alice: &mut TestClient, after: &str) {
    let r = tokio::time::timeout(PROMPT, alice.iq(disco_info_iq("news")))
        .await
        .unwrap_or_else(|_| panic!("alice got no answer within {PROMPT:?} after {after}"));
    assert!(matches!(r, Iq::Result { .. }), "after {after}: {r:?}");
}

/// Each stanza that broke the link in the parser (a carriage return inside an attribute,
/// attribute values of 10 KB, 100 KB and 1 MB) goes through the real Prosody from a c2s user;
/// the link stays up (one connection in the log), every request is answered, and another user's
/// request right after it is answered within a second.
#[tokio::test]
async fn the_link_survives_every_stanza_the_server_forwards() {
    let w = World::new(&["mallory", "alice"]).await;
    let d = w.daemon("[access]\nallow_user_feeds = true\n");
    let mut mallory = w.user("mallory", None).await;
    let mut alice = w.user("alice", None).await;
    disco_info(&mut alice, Some("news")).await;

    // A chat message whose id holds a carriage return (Prosody writes `&#13;` on as a raw CR).
    let mut m = Message::new_with_type(MessageType::Chat, Some(service()))
        .with_body(Lang::new(), "x".into());
    m.id = Some(tokio_xmpp::parsers::message::Id("a\rb".into()));
    mallory.send(Stanza::Message(m)).await;
    answered_promptly(&mut alice, "a carriage return in an id").await;

    for len in [10_000, 1_000_000] {
        let r = mallory.iq(disco_info_iq(&"n".repeat(len))).await;
        assert_eq!(error_of(&r).0, "ItemNotFound", "node of {len} bytes");
        answered_promptly(&mut alice, &format!("a node of {len} bytes")).await;
    }

    let url = format!("http://example.org/{}", "p".repeat(100_000));
    let jid = mallory.jid.to_string();
    let r = ask(
        &mut mallory,
        pubsub_iq(true, el("subscribe", &[("node", &url), ("jid", &jid)])),
    )
    .await;
    assert_eq!(error_of(&r).0, "BadRequest", "a 100 KB URL: {r:?}");
    answered_promptly(&mut alice, "a 100 KB feed URL").await;

    // Raw element too: an attribute of 1 MB on an element feedpush does not know.
    let payload = Element::builder("query", "urn:example:unknown")
        .attr(
            tokio_xmpp::minidom::rxml::NcName::try_from("blob").unwrap(),
            "b".repeat(1_000_000),
        )
        .build();
    let r = mallory
        .iq(Iq::Get {
            from: None,
            to: Some(service()),
            id: String::new(),
            payload,
        })
        .await;
    assert_eq!(error_of(&r).0, "ServiceUnavailable");
    answered_promptly(&mut alice, "a 1 MB attribute").await;

    let connects = d.log().matches("component connected").count();
    assert_eq!(connects, 1, "the link was re-established:\n{}", d.log());
}
