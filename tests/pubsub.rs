//! The pubsub service end to end: the real `feedpush run`, a real Prosody, real c2s clients and
//! a real HTTP feed server.

use std::time::Duration;

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::presence::{Presence, Show};
use tokio_xmpp::parsers::pubsub::event::{Event, Payload};
use tokio_xmpp::Stanza;

use crate::harness::client::TestClient;
use crate::harness::daemon::{write_config, Daemon};
use crate::harness::feedserver::{FeedServer, Resource};
use crate::harness::prosody::Prosody;
use crate::harness::EVENT_TIMEOUT;
use crate::poller::rss;

pub(crate) const SERVICE: &str = "feeds.localhost";
pub(crate) const PUBSUB: &str = "http://jabber.org/protocol/pubsub";
const ERRORS: &str = "http://jabber.org/protocol/pubsub#errors";
/// Window in which something that must not arrive would have arrived (several poll intervals).
const QUIET: Duration = Duration::from_secs(4);

pub(crate) struct World {
    pub(crate) prosody: Prosody,
    pub(crate) feeds: FeedServer,
    pub(crate) dir: tempfile::TempDir,
}

impl World {
    pub(crate) async fn new(users: &[&str]) -> World {
        crate::harness::init_tracing();
        let prosody = Prosody::start();
        for u in users {
            prosody.register(u, &format!("{u}-pw"));
        }
        World {
            prosody,
            feeds: FeedServer::start().await,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Write feeds.toml with the `news` feed; `extra` is appended, `component` goes into
    /// `[component]`.
    pub(crate) fn config(&self, component: &str, extra: &str) -> std::path::PathBuf {
        let feed = format!(
            "[[feeds]]\nnode = \"news\"\nurl = \"{}\"\ntitle = \"News\"\n",
            self.feeds.url("/news.xml")
        );
        let cfg = write_config(self.dir.path(), &self.prosody, &format!("{extra}\n{feed}"));
        if !component.is_empty() {
            let text = std::fs::read_to_string(&cfg).unwrap().replacen(
                "secret = \"feeds-secret\"\n",
                &format!("secret = \"feeds-secret\"\n{component}\n"),
                1,
            );
            std::fs::write(&cfg, text).unwrap();
        }
        cfg
    }

    pub(crate) fn daemon(&self, extra: &str) -> Daemon {
        Daemon::start(&self.config("", extra))
    }

    pub(crate) async fn user(&self, name: &str, show: Option<Show>) -> TestClient {
        let mut c = TestClient::online(
            self.prosody.c2s_addr(),
            name,
            &format!("{name}-pw"),
            show.clone(),
        )
        .await;
        // Directed presence so the service knows the user's availability.
        let mut p = Presence::available().with_to(Jid::new(SERVICE).unwrap());
        p.show = show;
        c.send(Stanza::Presence(p)).await;
        c
    }
}

pub(crate) fn pubsub_iq(set: bool, child: Element) -> Iq {
    let ps = Element::builder("pubsub", PUBSUB).append(child).build();
    let iq = if set {
        Iq::Set {
            from: None,
            to: None,
            id: String::new(),
            payload: ps,
        }
    } else {
        Iq::Get {
            from: None,
            to: None,
            id: String::new(),
            payload: ps,
        }
    };
    iq.with_to(Jid::new(SERVICE).unwrap())
}

pub(crate) fn el(name: &str, attrs: &[(&str, &str)]) -> Element {
    let mut b = Element::builder(name, PUBSUB);
    for (k, v) in attrs {
        b = b.attr(tokio_xmpp::minidom::rxml::NcName::try_from(*k).unwrap(), *v);
    }
    b.build()
}

/// Send until the component answers (it may still be connecting), then return the answer.
pub(crate) async fn ask(c: &mut TestClient, iq: Iq) -> Iq {
    // Until the component is attached, Prosody answers for it (remote-server-timeout), and an
    // answer can also go missing while it attaches: ask again, each try bounded, until the
    // overall deadline. An answer to any of the tries counts (a slow one arrives late).
    const TRY: Duration = Duration::from_secs(3);
    static TRIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let mut sent: Vec<String> = Vec::new();
    loop {
        let id = format!(
            "ask-{}",
            TRIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        c.send(Stanza::Iq(iq.clone().with_id(id.clone()))).await;
        sent.push(id);
        let got = c
            .try_wait_for(TRY, |s| {
                matches!(s, Stanza::Iq(r @ (Iq::Result { .. } | Iq::Error { .. })) if sent.iter().any(|i| i == r.id()))
            })
            .await;
        let last_try = tokio::time::Instant::now() > deadline;
        match got {
            Some(Stanza::Iq(Iq::Error { error, .. }))
                if error.defined_condition
                    == tokio_xmpp::parsers::stanza_error::DefinedCondition::RemoteServerTimeout
                    && !last_try =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Some(Stanza::Iq(r)) => return r,
            Some(other) => unreachable!("{other:?}"),
            None if last_try => panic!(
                "no answer to {sent:?} within {EVENT_TIMEOUT:?}; received meanwhile: [{}]",
                c.inbox_summary()
            ),
            None => {}
        }
    }
}

pub(crate) async fn subscribe(c: &mut TestClient, node: &str) -> Iq {
    let jid = c.jid.to_string();
    ask(
        c,
        pubsub_iq(true, el("subscribe", &[("node", node), ("jid", &jid)])),
    )
    .await
}

/// Subscribe to `node` with `pubsub#show-values` = `show`: notified only while one of its
/// resources is in that presence.
pub(crate) async fn subscribe_showing(c: &mut TestClient, node: &str, show: &str) -> Iq {
    let jid = c.jid.to_string();
    let sub = el("subscribe", &[("node", node), ("jid", &jid)]);
    let form = tokio_xmpp::parsers::data_forms::DataForm::new(
        tokio_xmpp::parsers::data_forms::DataFormType::Submit,
        "http://jabber.org/protocol/pubsub#subscribe_options",
        vec![{
            let mut f = tokio_xmpp::parsers::data_forms::Field::new(
                "pubsub#show-values",
                tokio_xmpp::parsers::data_forms::FieldType::ListMulti,
            );
            f.values = vec![show.into()];
            f
        }],
    );
    let options = Element::builder("options", PUBSUB)
        .append(Element::from(form))
        .build();
    let ps = Element::builder("pubsub", PUBSUB)
        .append(sub)
        .append(options)
        .build();
    ask(
        c,
        Iq::Set {
            from: None,
            to: Some(Jid::new(SERVICE).unwrap()),
            id: String::new(),
            payload: ps,
        },
    )
    .await
}

/// The payload of a disco#info result from the service (or one of its nodes).
pub(crate) async fn disco_info(c: &mut TestClient, node: Option<&str>) -> Element {
    let query = tokio_xmpp::parsers::disco::DiscoInfoQuery {
        node: node.map(str::to_owned),
    };
    let r = ask(
        c,
        Iq::from_get("x", query).with_to(Jid::new(SERVICE).unwrap()),
    )
    .await;
    match r {
        Iq::Result {
            payload: Some(p), ..
        } => p,
        other => panic!("{other:?}"),
    }
}

pub(crate) fn error_of(iq: &Iq) -> (String, Option<String>) {
    match iq {
        Iq::Error { error, .. } => (
            format!("{:?}", error.defined_condition),
            error
                .other
                .as_ref()
                .filter(|o| o.ns() == ERRORS)
                .map(|o| o.name().to_owned()),
        ),
        other => panic!("expected an error, got {other:?}"),
    }
}

pub(crate) fn event_items(m: &Message) -> Option<(String, Vec<String>)> {
    let e = m
        .payloads
        .iter()
        .find(|p| p.is("event", "http://jabber.org/protocol/pubsub#event"))?;
    let ev = Event::try_from(e.clone()).ok()?;
    match ev.payload {
        Payload::Items {
            node, published, ..
        } => Some((
            node.0,
            published
                .into_iter()
                .filter_map(|i| i.id.map(|i| i.0))
                .collect(),
        )),
        _ => None,
    }
}

/// Wait for the feed server to have answered `n` requests (the daemon polled), bounded.
pub(crate) async fn wait_hits(w: &World, path: &str, n: usize) {
    w.feeds.wait_hits(path, n, EVENT_TIMEOUT).await;
}

/// Let the daemon poll the feed twice more, collect what `c` receives within `window`, and
/// return the ids of the pubsub events among it.
pub(crate) async fn events_after_two_polls(
    w: &World,
    c: &mut TestClient,
    window: Duration,
) -> Vec<String> {
    let hits = w.feeds.hits("/news.xml");
    wait_hits(w, "/news.xml", hits + 2).await;
    c.drain_messages(window)
        .await
        .iter()
        .filter_map(event_items)
        .flat_map(|(_, ids)| ids)
        .collect()
}

pub(crate) async fn next_event(c: &mut TestClient) -> (String, Vec<String>, Message) {
    let m = c.wait_message(|m| event_items(m).is_some()).await;
    let (node, ids) = event_items(&m).unwrap();
    (node, ids, m)
}

#[tokio::test]
async fn subscriber_gets_new_entries_once_and_others_nothing() {
    let w = World::new(&["alice", "bob"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    let mut bob = w.user("bob", None).await;
    let r = subscribe(&mut alice, "news").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    wait_hits(&w, "/news.xml", 1).await;

    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let (node, ids, m) = next_event(&mut alice).await;
    assert_eq!(
        (node.as_str(), ids.as_slice()),
        ("news", ["b".to_string()].as_slice())
    );
    assert_eq!(m.type_, MessageType::Headline);
    assert_eq!(
        m.from.as_ref().map(|j| j.to_string()).as_deref(),
        Some(SERVICE)
    );
    let again = events_after_two_polls(&w, &mut alice, QUIET).await;
    assert!(again.is_empty(), "pushed twice: {again:?}");
    assert!(bob
        .drain_messages(Duration::from_millis(200))
        .await
        .iter()
        .all(|m| event_items(m).is_none()));

    // Retrieve items: newest first.
    let r = ask(
        &mut alice,
        pubsub_iq(false, el("items", &[("node", "news")])),
    )
    .await;
    let Iq::Result {
        payload: Some(p), ..
    } = r
    else {
        panic!("{r:?}")
    };
    let items = p.get_child("items", PUBSUB).unwrap();
    let ids: Vec<&str> = items.children().filter_map(|i| i.attr("id")).collect();
    assert_eq!(ids, ["b", "a"]);
    let entry = items.children().next().unwrap().children().next().unwrap();
    assert!(entry.is("entry", "http://www.w3.org/2005/Atom"));

    // Unsubscribe stops pushes.
    let jid = alice.jid.to_string();
    let r = ask(
        &mut alice,
        pubsub_iq(true, el("unsubscribe", &[("node", "news"), ("jid", &jid)])),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    w.feeds
        .set_body("/news.xml", rss(&[("c", "C"), ("b", "B"), ("a", "A")]));
    let after = events_after_two_polls(&w, &mut alice, Duration::from_secs(1)).await;
    assert!(after.is_empty(), "pushed after unsubscribe: {after:?}");
}

#[tokio::test]
async fn subscriber_error_cases_follow_xep_0060() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    let jid = alice.jid.to_string();
    // (set?, request, condition, pubsub#errors condition)
    let cases: Vec<(bool, Element, &str, Option<&str>)> = vec![
        // Somebody else's JID.
        (
            true,
            el(
                "subscribe",
                &[("node", "news"), ("jid", "mallory@localhost")],
            ),
            "BadRequest",
            Some("invalid-jid"),
        ),
        // Unknown node.
        (
            true,
            el("subscribe", &[("node", "nope"), ("jid", &jid)]),
            "ItemNotFound",
            None,
        ),
        // Missing node.
        (
            true,
            el("subscribe", &[("jid", &jid)]),
            "BadRequest",
            Some("nodeid-required"),
        ),
        // Unsubscribe when not subscribed.
        (
            true,
            el("unsubscribe", &[("node", "news"), ("jid", &jid)]),
            "UnexpectedRequest",
            Some("not-subscribed"),
        ),
        // Items of an unknown node.
        (
            false,
            el("items", &[("node", "nope")]),
            "ItemNotFound",
            None,
        ),
        // Creating a node takes an admin.
        (true, el("create", &[("node", "x")]), "Forbidden", None),
        // Something not implemented.
        (
            false,
            el("affiliations", &[]),
            "FeatureNotImplemented",
            Some("unsupported"),
        ),
        // Malformed pubsub request.
        (
            false,
            Element::builder("bogus", PUBSUB).build(),
            "BadRequest",
            None,
        ),
    ];
    for (set, request, condition, app) in cases {
        let what = format!("{request:?}");
        let r = ask(&mut alice, pubsub_iq(set, request)).await;
        let (got, got_app) = error_of(&r);
        assert_eq!(got, condition, "{what}");
        if app.is_some() {
            assert_eq!(got_app.as_deref(), app, "{what}");
        }
    }
    // Subscriptions: the one we make shows up.
    subscribe(&mut alice, "news").await;
    let r = ask(&mut alice, pubsub_iq(false, el("subscriptions", &[]))).await;
    let Iq::Result {
        payload: Some(p), ..
    } = r
    else {
        panic!("{r:?}")
    };
    let subs: Vec<_> = p
        .get_child("subscriptions", PUBSUB)
        .unwrap()
        .children()
        .filter_map(|s| s.attr("node").map(str::to_owned))
        .collect();
    assert_eq!(subs, ["news"]);
    // Disco#info of the service and the node.
    let p = disco_info(&mut alice, None).await;
    let features: Vec<_> = p
        .children()
        .filter(|c| c.name() == "feature")
        .filter_map(|c| c.attr("var"))
        .collect();
    assert!(features.contains(&"http://jabber.org/protocol/pubsub#subscribe"));
    assert!(features.contains(&"http://jabber.org/protocol/pubsub#publish"));
    assert!(!features.contains(&"http://jabber.org/protocol/pubsub#retrieve-affiliations"));
    let p = disco_info(&mut alice, Some("news")).await;
    let identity = p.children().find(|c| c.name() == "identity").unwrap();
    assert_eq!(identity.attr("type"), Some("leaf"));
    let xml = String::from(&p);
    assert!(
        xml.contains("pubsub#num_subscribers") && xml.contains("/news.xml"),
        "{xml}"
    );
}

/// Alice subscribes with `pubsub#show-values = chat` while her presence is `show`; a new entry
/// is published; returns the events she got within two polls.
async fn show_values_chat_with_alice(show: Show) -> Vec<String> {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let _d = w.daemon("");
    let mut alice = w.user("alice", Some(show.clone())).await;
    // Presence sent before the component is attached is lost (feedpush does not probe): wait
    // for the link, then tell it again, still before subscribing.
    disco_info(&mut alice, Some("news")).await;
    let mut p = Presence::available().with_to(Jid::new(SERVICE).unwrap());
    p.show = Some(show);
    alice.send(Stanza::Presence(p)).await;
    let r = subscribe_showing(&mut alice, "news", "chat").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    wait_hits(&w, "/news.xml", 1).await;
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    events_after_two_polls(&w, &mut alice, QUIET).await
}

#[tokio::test]
async fn show_values_chat_with_alice_away_delivers_nothing() {
    let got = show_values_chat_with_alice(Show::Away).await;
    assert!(got.is_empty(), "delivered while away: {got:?}");
}

/// The positive control of the test above: the same setup with alice in `chat` delivers. (Her
/// presence reaches feedpush before she subscribes, as clients do it.)
#[tokio::test]
async fn show_values_chat_with_alice_in_chat_delivers() {
    let got = show_values_chat_with_alice(Show::Chat).await;
    assert_eq!(got, ["b"], "not delivered in chat");
}

#[tokio::test]
async fn restarts_neither_repush_nor_lose_items() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    let mut d = w.daemon("");
    let mut alice = w.user("alice", None).await;
    subscribe(&mut alice, "news").await;
    wait_hits(&w, "/news.xml", 1).await;
    w.feeds
        .set_body("/news.xml", rss(&[("b", "B"), ("a", "A")]));
    let (_, ids, _) = next_event(&mut alice).await;
    assert_eq!(ids, ["b"]);

    // Restart feedpush (SIGTERM exits 0 within 10 s): nothing old comes again.
    let t = std::time::Instant::now();
    assert_eq!(d.stop().await, Some(0), "{}", d.log());
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "shutdown took {:?}",
        t.elapsed()
    );
    let mut w2 = w;
    let mut d = w2.daemon("");
    let got = events_after_two_polls(&w2, &mut alice, Duration::from_secs(1)).await;
    assert!(got.is_empty(), "re-pushed after restart: {got:?}");

    // Prosody restarts under feedpush: it reconnects and a later entry arrives.
    w2.prosody.restart();
    drop(alice);
    let mut alice = w2.user("alice", None).await;
    w2.feeds
        .set_body("/news.xml", rss(&[("c", "C"), ("b", "B"), ("a", "A")]));
    let (_, ids, _) = next_event(&mut alice).await;
    assert_eq!(ids, ["c"]);

    // Items produced while Prosody is down arrive after it is back.
    w2.prosody.stop();
    w2.feeds.set_body(
        "/news.xml",
        rss(&[("d", "D"), ("c", "C"), ("b", "B"), ("a", "A")]),
    );
    let hits = w2.feeds.hits("/news.xml");
    wait_hits(&w2, "/news.xml", hits + 1).await;
    drop(alice);
    // Headline messages are not stored offline, so the subscriber must be online again before
    // the link comes back and the outbox drains: feedpush is held (SIGSTOP) until then, or
    // its reconnect could win the race against alice's login.
    d.signal("STOP");
    w2.prosody.restart();
    let mut alice = TestClient::login(w2.prosody.c2s_addr(), "alice", "alice-pw").await;
    alice.send_presence(None).await;
    d.signal("CONT");
    let (_, ids, _) = next_event(&mut alice).await;
    assert_eq!(ids, ["d"]);

    // kill -9: old items never come again. The documented at-least-once window is the moment
    // between the server accepting a batch and the cursor reaching the disk, so the item just
    // delivered ("d") may be sent at most once more; nothing older may.
    d.kill().await;
    let _d = w2.daemon("");
    let ids = events_after_two_polls(&w2, &mut alice, Duration::from_secs(1)).await;
    assert!(
        ids.len() <= 1 && ids.iter().all(|i| i == "d"),
        "re-pushed after kill -9: {ids:?}"
    );
}

#[tokio::test]
async fn subscribing_by_url_adds_one_shared_feed() {
    let w = World::new(&["alice", "bob"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    w.feeds
        .set("/other.xml", Resource::feed(rss(&[("x", "X")])));
    let _d = w.daemon("[access]\nallow_user_feeds = true\nmax_feeds_per_user = 1\n");
    let mut alice = w.user("alice", None).await;
    let mut bob = w.user("bob", None).await;
    let url = w.feeds.url("/other.xml");
    let node_of = |r: &Iq| match r {
        Iq::Result {
            payload: Some(p), ..
        } => p
            .get_child("subscription", PUBSUB)
            .and_then(|s| s.attr("node"))
            .map(str::to_owned),
        other => panic!("{other:?}"),
    };
    let a = node_of(&subscribe(&mut alice, &url).await).unwrap();
    assert!(a.starts_with("u-"), "{a}");
    // The same URL written differently attaches to the same node: one fetch for everybody.
    let b = node_of(
        &subscribe(
            &mut bob,
            &url.replace("http://", "HTTP://")
                .replace("/other.xml", "/other.xml#top"),
        )
        .await,
    )
    .unwrap();
    assert_eq!(a, b);
    // A configured feed's URL maps to its configured node.
    let n = node_of(&subscribe(&mut bob, &w.feeds.url("/news.xml")).await).unwrap();
    assert_eq!(n, "news");
    // The per-user cap applies.
    let r = subscribe(&mut alice, &w.feeds.url("/third.xml")).await;
    assert_eq!(error_of(&r).0, "PolicyViolation");
    // The user feed is polled and its new entries pushed.
    wait_hits(&w, "/other.xml", 1).await;
    w.feeds
        .set_body("/other.xml", rss(&[("y", "Y"), ("x", "X")]));
    let (node, ids, _) = next_event(&mut alice).await;
    assert_eq!((node, ids), (a.clone(), vec!["y".to_string()]));
}

#[tokio::test]
async fn connects_when_the_server_comes_up_after_feedpush() {
    let mut w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    w.prosody.stop();
    // Stand in for the server on its component port: feedpush's first attempt is an event we
    // can wait for (a connection that is then dropped, so the attempt fails).
    let port = tokio::net::TcpListener::bind(w.prosody.component_addr())
        .await
        .expect("the stopped server's component port is free");
    let d = w.daemon("");
    let (attempt, _) = tokio::time::timeout(EVENT_TIMEOUT, port.accept())
        .await
        .expect("feedpush tries to connect")
        .unwrap();
    drop(attempt);
    drop(port);
    // The server comes up on the same ports while feedpush retries with backoff.
    w.prosody.restart();
    let mut alice = w.user("alice", None).await;
    let r = subscribe(&mut alice, "news").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}\n{}", d.log());
}

#[tokio::test]
async fn keepalive_pings_keep_an_idle_link_up() {
    let w = World::new(&["alice"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    // The daemon talks to the server through a relay that counts what crosses the wire.
    let tap = crate::harness::tap::Tap::start(w.prosody.component_addr()).await;
    let cfg = w.config("keepalive = \"1s\"", "");
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        &format!("server = \"{}\"", w.prosody.component_addr()),
        &format!("server = \"{}\"", tap.addr),
        1,
    );
    std::fs::write(&cfg, text).unwrap();
    let d = Daemon::start(&cfg);
    // Nothing else talks on the link: every second of silence brings a ping, answered by the
    // server, and the link stays up (one connection, never closed).
    let seen = tap.wait_for(EVENT_TIMEOUT, |s| s.pings >= 3).await;
    assert_eq!(
        (seen.connections, seen.closed),
        (1, 0),
        "{seen:?}\n{}",
        d.log()
    );
    // And the service still answers on that one connection.
    let mut alice = w.user("alice", None).await;
    disco_info(&mut alice, Some("news")).await;
    assert_eq!(tap.seen().connections, 1);
}
