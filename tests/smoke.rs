//! The harness itself works: a real Prosody starts, two users exchange a message, and the
//! component handshake succeeds with the right secret and is refused with a wrong one.

use tokio_xmpp::connect::DnsConfig;
use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message};
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{Component, Stanza};

use crate::harness::client::TestClient;
use crate::harness::prosody::Prosody;

#[tokio::test]
async fn prosody_starts_users_chat_and_component_handshake_checks_secret() {
    crate::harness::init_tracing();
    let prosody = Prosody::start();
    prosody.register("alice", "alice-pw");
    prosody.register("bob", "bob-pw");

    let mut alice = TestClient::online(prosody.c2s_addr(), "alice", "alice-pw", None).await;
    let mut bob = TestClient::online(prosody.c2s_addr(), "bob", "bob-pw", None).await;

    let to: Jid = bob.jid.clone().into();
    let msg = Message::chat(to).with_body(Lang::new(), "hello bob".into());
    alice.send(Stanza::Message(msg)).await;
    let got = bob
        .wait_message(|m| m.bodies.values().any(|b| b == "hello bob"))
        .await;
    assert_eq!(got.from.map(|j| j.to_bare()), Some(alice.jid.clone()));

    let addr = prosody.component_addr().to_string();
    let good = Component::new_plaintext(
        "feeds.localhost",
        "feeds-secret",
        DnsConfig::addr(&addr),
        Timeouts::tight(),
    )
    .await;
    assert!(good.is_ok(), "right secret refused: {:?}", good.err());
    drop(good);

    let bad = Component::new_plaintext(
        "feeds.localhost",
        "wrong-secret",
        DnsConfig::addr(&addr),
        Timeouts::tight(),
    )
    .await;
    assert!(bad.is_err(), "wrong secret accepted");
}
