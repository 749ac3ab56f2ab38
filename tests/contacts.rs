//! Feeds as contacts and chat commands, end to end: a real Prosody routes a c2s user's roster
//! subscription to the feed's contact JID, the real `feedpush run` answers, and new entries
//! arrive as chat messages from the contact.

use std::str::FromStr;
use std::time::Duration;

use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::Stanza;

use crate::harness::client::TestClient;
use crate::harness::feedserver::Resource;
use crate::harness::EVENT_TIMEOUT;
use crate::poller::rss;
use crate::pubsub::{wait_hits, World, SERVICE};

const CONTACT: &str = "news@feeds.localhost";

pub(crate) fn presence_to(to: &str, type_: PresenceType) -> Stanza {
    Stanza::Presence(Presence::new(type_).with_to(Jid::from_str(to).unwrap()))
}

pub(crate) fn is_from(s: &Stanza, from: &str) -> bool {
    let f = match s {
        Stanza::Presence(p) => p.from.as_ref(),
        Stanza::Message(m) => m.from.as_ref(),
        Stanza::Iq(_) => None,
    };
    f.is_some_and(|f| f.to_bare().to_string() == from)
}

/// Send a chat command to the service and return the body of its answer. A command the
/// server bounces (the component is still connecting) is sent again, within the test bound.
pub(crate) async fn command(c: &mut TestClient, body: &str) -> String {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let mut m =
            Message::new_with_type(MessageType::Chat, Some(Jid::from_str(SERVICE).unwrap()));
        m = m.with_body(Lang::new(), body.to_owned());
        c.send(Stanza::Message(m)).await;
        let reply = match c
            .try_wait_for(EVENT_TIMEOUT, |s| {
                matches!(s, Stanza::Message(m) if m.from.as_ref().is_some_and(|f| f.to_string() == SERVICE)
                    && (!m.bodies.is_empty() || m.type_ == MessageType::Error))
            })
            .await
        {
            Some(Stanza::Message(m)) => m,
            _ => panic!(
                "no answer to {body:?}; received meanwhile: [{}]",
                c.inbox_summary()
            ),
        };
        if reply.type_ != MessageType::Error {
            return body_of(&reply);
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the command kept bouncing: {reply:?}"
        );
        // Bounced: the component link is not up yet. Ask again a little later.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Accept the contact's request to see our presence (it arrives after subscribing), so that
/// feedpush knows when we are around; wait until the contact shows its own presence.
async fn accept_contact(c: &mut TestClient) {
    c.wait_for(|s| {
        is_from(s, CONTACT)
            && matches!(s, Stanza::Presence(p) if p.type_ == PresenceType::Subscribe)
    })
    .await;
    c.send(presence_to(CONTACT, PresenceType::Subscribed)).await;
}

/// The body, whatever language the server stamped on it.
pub(crate) fn body_of(m: &Message) -> String {
    m.bodies.values().next().cloned().unwrap_or_default()
}

/// Roster add → the contact asks back (named) and shows its status → a new entry arrives as a
/// chat message from the contact → `list` names the feed → roster remove → nothing more.
#[tokio::test]
async fn a_feed_added_as_a_contact_pushes_chat_messages_until_removed() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    // A second poll means the first one (which only primes the feed) was stored.
    wait_hits(&w, "/news.xml", 2).await;
    // The component is up once it answers.
    assert!(command(&mut alice, "help").await.contains("feedpush"));

    alice
        .send(presence_to(CONTACT, PresenceType::Subscribe))
        .await;
    // The contact asks for alice's presence, with its name; alice accepts.
    let ask = alice
        .wait_for(|s| {
            is_from(s, CONTACT)
                && matches!(s, Stanza::Presence(p) if p.type_ == PresenceType::Subscribe)
        })
        .await;
    let Stanza::Presence(ask) = ask else {
        unreachable!()
    };
    let nick = ask
        .payloads
        .iter()
        .find(|p| p.name() == "nick")
        .expect("a nickname for the roster");
    assert_eq!(nick.text(), "News");
    alice
        .send(presence_to(CONTACT, PresenceType::Subscribed))
        .await;
    // Its presence tells how the feed is doing.
    let status = alice
        .wait_for(|s| {
            is_from(s, CONTACT) && matches!(s, Stanza::Presence(p) if p.type_ == PresenceType::None)
        })
        .await;
    let Stanza::Presence(status) = status else {
        unreachable!()
    };
    assert!(
        status.statuses.values().any(|s| s.starts_with("News · ")),
        "{status:?}"
    );

    // A new entry arrives as a chat message from the contact, readable as it is.
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let m = alice
        .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .await;
    assert_eq!(m.type_, MessageType::Chat);
    let body = body_of(&m);
    assert!(body.starts_with("B"), "{body}");
    assert!(m.payloads.iter().any(|p| p.name() == "origin-id"), "{m:?}");

    let list = command(&mut alice, "list").await;
    assert!(
        list.contains("news — News") && list.contains("chat"),
        "{list}"
    );

    // Roster remove: the subscription ends, nothing more is pushed.
    alice
        .send(presence_to(CONTACT, PresenceType::Unsubscribe))
        .await;
    let list = command(&mut alice, "list").await;
    assert!(list.contains("You follow no feeds"), "{list}");
    w.feeds
        .set_body("/news.xml", rss(&[("c", "C"), ("b", "B"), ("a", "A")]));
    let hits = w.feeds.hits("/news.xml");
    wait_hits(&w, "/news.xml", hits + 2).await;
    let late: Vec<Message> = alice
        .drain_messages(Duration::from_secs(1))
        .await
        .into_iter()
        .filter(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .collect();
    assert!(late.is_empty(), "pushed after removal: {late:?}");
}

/// `subscribe <node>` by chat: the answer names the contact, the contact's request arrives,
/// and unknown commands point to `help`.
#[tokio::test]
async fn chat_commands_subscribe_and_explain() {
    let w = World::new(&["bob"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut bob = w.user("bob", None).await;
    assert!(command(&mut bob, "help")
        .await
        .contains("subscribe <feed URL, web page or node>"));
    assert!(command(&mut bob, "frobnicate").await.contains("\"help\""));
    let reply = command(&mut bob, "subscribe news").await;
    assert!(reply.contains(CONTACT), "{reply}");
    bob.wait_for(|s| {
        is_from(s, CONTACT)
            && matches!(s, Stanza::Presence(p) if p.type_ == PresenceType::Subscribe)
    })
    .await;
    // A second poll means the first one was stored.
    wait_hits(&w, "/news.xml", 2).await;
    let reply = command(&mut bob, "recent news").await;
    assert!(
        reply.contains("Latest 1 of news") && reply.contains("A"),
        "{reply}"
    );
    let reply = command(&mut bob, "unsubscribe nosuch").await;
    assert!(reply.contains("no feed \"nosuch\""), "{reply}");
}

/// A subscriber whose account is deleted: the server bounces the next notification
/// (`service-unavailable`), and the subscription ends, so the fan-out does not keep it.
#[tokio::test]
async fn a_bounced_notification_ends_the_subscription_of_a_gone_account() {
    let w = World::new(&["alice", "carol"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    // `normal` messages to an account that does not exist are bounced (headlines are dropped).
    let _d = w.daemon("[pubsub]\nnotification_type = \"normal\"\n");
    let mut alice = w.user("alice", None).await;
    let mut carol = w.user("carol", None).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    let r = crate::pubsub::subscribe(&mut carol, "news").await;
    assert!(
        matches!(r, tokio_xmpp::parsers::iq::Iq::Result { .. }),
        "{r:?}"
    );
    assert!(command(&mut alice, "info news")
        .await
        .contains("Subscribers: 2"));
    // A second poll means the first one (which only primes the feed) was stored.
    wait_hits(&w, "/news.xml", 2).await;
    carol.disconnect().await;
    w.prosody.deluser("carol");
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    // alice gets the entry; carol's copy bounces and ends her subscription.
    alice
        .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .await;
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let info = command(&mut alice, "info news").await;
        if info.contains("Subscribers: 1") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "carol's subscription outlived the bounce: {info}"
        );
        // The bounce is on its way (server → component): ask again a moment later.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `filter` holds back what a subscriber does not want, before anything is sent.
#[tokio::test]
async fn a_filter_holds_back_unwanted_items() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    wait_hits(&w, "/news.xml", 2).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    let out = command(&mut alice, "filter news deny secret").await;
    assert!(out.contains("none with secret"), "{out}");
    w.feeds.set_body(
        "/news.xml",
        rss(&[("c", "Open news"), ("b", "Secret plans"), ("a", "A")]),
    );
    let m = alice
        .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .await;
    assert!(body_of(&m).starts_with("Open news"), "{m:?}");
    let hits = w.feeds.hits("/news.xml");
    wait_hits(&w, "/news.xml", hits + 2).await;
    let late: Vec<String> = alice
        .drain_messages(Duration::from_secs(1))
        .await
        .iter()
        .filter(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .map(body_of)
        .collect();
    assert!(late.iter().all(|b| !b.contains("Secret")), "{late:?}");
}

/// A contact subscriber who goes offline misses three entries and gets them when it is back:
/// in order, each with a delay stamp, from the contact.
#[tokio::test]
async fn an_away_subscriber_gets_its_backlog_in_order_when_back() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    wait_hits(&w, "/news.xml", 2).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    // Online: an entry comes at once.
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let m = alice
        .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .await;
    assert!(body_of(&m).starts_with('B'), "{m:?}");

    // Offline: three entries wait.
    alice.disconnect().await;
    let mut items = vec![("b", "B"), ("a", "A")];
    for (id, title) in [("c", "C"), ("d", "D"), ("e", "E")] {
        items.insert(0, (id, title));
        w.feeds.set_body("/news.xml", rss(&items));
        let hits = w.feeds.hits("/news.xml");
        wait_hits(&w, "/news.xml", hits + 2).await;
    }

    // Back: they arrive, oldest first, each stamped.
    let mut alice = w.user("alice", None).await;
    let mut got = Vec::new();
    while got.len() < 3 {
        let m = alice
            .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
            .await;
        assert!(
            m.payloads.iter().any(|p| p.name() == "delay"),
            "no delay stamp: {m:?}"
        );
        got.push(body_of(&m).chars().next().unwrap());
    }
    assert_eq!(got, ['C', 'D', 'E']);
}

/// `export` in one account, `import` of that text in another: the second follows the same
/// feeds.
#[tokio::test]
async fn an_opml_export_imports_into_another_account() {
    let w = World::new(&["alice", "bob"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    let mut bob = w.user("bob", None).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    let opml = command(&mut alice, "export").await;
    assert!(
        opml.starts_with("<opml") && opml.contains("news.xml"),
        "{opml}"
    );
    let out = command(&mut bob, &format!("import {opml}")).await;
    assert!(out.contains("1 feed(s) followed"), "{out}");
    let list = command(&mut bob, "list").await;
    assert!(list.contains("news — News"), "{list}");
    let out = command(&mut bob, "import <html>no</html>").await;
    assert!(out.contains("not an OPML document"), "{out}");
}

/// `subscribe <web page>`: the page is fetched, the feed its `<link rel="alternate">` names is
/// found and followed (here the configured `news` feed, so nothing new is added).
#[tokio::test]
async fn subscribing_to_a_web_page_finds_its_feed() {
    let w = World::new(&["bob"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let page = format!(
        "<!doctype html><html><head><title>Blog</title><link rel='alternate' type='application/rss+xml' title='News' href='{}'></head><body>hello</body></html>",
        w.feeds.url("/news.xml")
    );
    w.feeds.set(
        "/blog/",
        Resource {
            content_type: "text/html".into(),
            ..Resource::feed(page)
        },
    );
    w.feeds.set(
        "/empty/",
        Resource {
            content_type: "text/html".into(),
            ..Resource::feed("<html><head><title>x</title></head><body>no feeds</body></html>")
        },
    );
    let _d = w.daemon("[access]\nallow_user_feeds = true\n");
    let mut bob = w.user("bob", None).await;
    let looking = command(&mut bob, &format!("subscribe {}", w.feeds.url("/blog/"))).await;
    assert!(looking.starts_with("Looking for a feed at"), "{looking}");
    let found = bob
        .wait_message(|m| {
            m.from.as_ref().is_some_and(|f| f.to_string() == SERVICE)
                && body_of(m).contains("Found a feed")
        })
        .await;
    assert!(body_of(&found).contains("Subscribed to news"), "{found:?}");
    assert!(command(&mut bob, "list").await.contains("news — News"));

    command(&mut bob, &format!("subscribe {}", w.feeds.url("/empty/"))).await;
    let none = bob
        .wait_message(|m| {
            m.from.as_ref().is_some_and(|f| f.to_string() == SERVICE)
                && body_of(m).contains("names no feed")
        })
        .await;
    assert!(body_of(&none).contains("/empty/"), "{none:?}");
}

/// A feed with an image: the contact's presence carries the avatar's hash (XEP-0153) and its
/// vCard the image itself, scaled to at most 96×96.
#[tokio::test]
async fn a_feeds_image_becomes_its_contacts_avatar() {
    let w = World::new(&["alice"]).await;
    let logo = {
        let img = image::RgbImage::from_pixel(300, 200, image::Rgb([10, 120, 200]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    w.feeds.set(
        "/logo.png",
        Resource {
            content_type: "image/png".into(),
            ..Resource::feed(logo)
        },
    );
    let feed = rss(&[("a", "A")]).replacen(
        "<channel>",
        &format!(
            "<channel><image><url>{}</url><title>News</title><link>http://example.org/</link></image>",
            w.feeds.url("/logo.png")
        ),
        1,
    );
    w.feeds.set("/news.xml", Resource::feed(feed));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    // Sooner or later (when the subscription is made, or when the avatar is first stored)
    // the contact's presence carries the hash.
    alice
        .wait_for(|s| {
            is_from(s, CONTACT)
                && matches!(s, Stanza::Presence(p) if p.payloads.iter().any(|x| x.ns() == "vcard-temp:x:update" && x.children().next().is_some_and(|c| !c.text().is_empty())))
        })
        .await;
    let card = alice
        .iq(
            tokio_xmpp::parsers::iq::Iq::from_get("v", tokio_xmpp::parsers::vcard::VCardQuery)
                .with_to(Jid::from_str(CONTACT).unwrap()),
        )
        .await;
    let tokio_xmpp::parsers::iq::Iq::Result {
        payload: Some(card),
        ..
    } = card
    else {
        panic!("{card:?}")
    };
    let card = tokio_xmpp::parsers::vcard::VCard::try_from(card).unwrap();
    let photo = card.photo.expect("a photo");
    let img = image::load_from_memory(&photo.binval.data).unwrap();
    assert_eq!((img.width(), img.height()), (96, 64));
}

/// `show news chat`: while alice is merely online nothing comes; when she says she is ready
/// to chat, what waited arrives.
#[tokio::test]
async fn show_limits_delivery_to_the_chosen_states() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    wait_hits(&w, "/news.xml", 2).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    assert!(command(&mut alice, "show news chat")
        .await
        .contains("while you are chat"));
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let hits = w.feeds.hits("/news.xml");
    wait_hits(&w, "/news.xml", hits + 2).await;
    let early: Vec<Message> = alice
        .drain_messages(Duration::from_millis(500))
        .await
        .into_iter()
        .filter(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .collect();
    assert!(early.is_empty(), "delivered while only online: {early:?}");
    alice
        .send_presence(Some(tokio_xmpp::parsers::presence::Show::Chat))
        .await;
    let m = alice
        .wait_message(|m| m.from.as_ref().is_some_and(|f| f.to_string() == CONTACT))
        .await;
    assert!(body_of(&m).starts_with('B'), "{m:?}");
    assert!(m.payloads.iter().any(|p| p.name() == "delay"), "{m:?}");
}

/// A feed that fails shows it: its contact is `xa` with the error in its status.
#[tokio::test]
async fn a_failing_feeds_contact_is_extended_away_with_the_error() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::status(404));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    wait_hits(&w, "/news.xml", 2).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    let p = alice
        .wait_for(|s| {
            is_from(s, CONTACT)
                && matches!(s, Stanza::Presence(p) if p.show == Some(tokio_xmpp::parsers::presence::Show::Xa))
        })
        .await;
    let Stanza::Presence(p) = p else {
        unreachable!()
    };
    assert!(p.statuses.values().any(|s| s.contains("404")), "{p:?}");
}

/// A feed that starts failing after its subscribers added it: its contact turns extended away
/// for them, without their asking.
#[tokio::test]
async fn a_feed_that_starts_failing_tells_its_contacts() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    wait_hits(&w, "/news.xml", 2).await;
    assert!(command(&mut alice, "subscribe news")
        .await
        .contains("Subscribed"));
    accept_contact(&mut alice).await;
    w.feeds.set("/news.xml", Resource::status(404));
    let p = alice
        .wait_for(|s| {
            is_from(s, CONTACT)
                && matches!(s, Stanza::Presence(p) if p.show == Some(tokio_xmpp::parsers::presence::Show::Xa))
        })
        .await;
    let Stanza::Presence(p) = p else {
        unreachable!()
    };
    assert!(p.statuses.values().any(|s| s.contains("404")), "{p:?}");
}
