//! Publishers end to end: real HTTP requests to the daemon's publish API, XEP-0060 publish and
//! owner requests from real c2s clients, and the pushes that real subscribers receive through
//! a real Prosody.

use std::str::FromStr;
use std::time::Duration;

use sha2::Digest;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::MessageType;
use tokio_xmpp::parsers::presence::Type as PresenceType;
use tokio_xmpp::parsers::pubsub::event::{Event, Payload};
use tokio_xmpp::Stanza;

use crate::contacts::{body_of, command, is_from, presence_to};
use crate::harness::client::TestClient;
use crate::harness::daemon::Daemon;
use crate::harness::prosody::free_port;
use crate::harness::EVENT_TIMEOUT;
use crate::pubsub::{ask, el, error_of, event_items, pubsub_iq, subscribe, World, PUBSUB, SERVICE};

const TOKEN: &str = "test-token-for-releases";
const OTHER_TOKEN: &str = "test-token-for-elsewhere";
const OWNER: &str = "http://jabber.org/protocol/pubsub#owner";
const ATOM: &str = "http://www.w3.org/2005/Atom";
/// Window in which something that must not arrive would have arrived.
const QUIET: Duration = Duration::from_secs(3);

fn sha(t: &str) -> String {
    hex::encode(sha2::Sha256::digest(t.as_bytes()))
}

/// The daemon with the push node `releases` (publisher: bob), admin `admin`, and the HTTP API
/// on a free port with a token for `releases` and one for another node.
struct Push {
    w: World,
    daemon: Daemon,
    base: String,
    http: reqwest::Client,
}

impl Push {
    async fn start(extra_http: &str) -> Push {
        let w = World::new(&["alice", "bob", "mallory", "admin", "carol"]).await;
        let port = free_port();
        let extra = format!(
            "[access]\nadmins = [\"admin@localhost\"]\n\
             [[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\npublishers = [\"bob@localhost\"]\n\
             [http]\nlisten = \"127.0.0.1:{port}\"\nmax_request_bytes = 65536\n{extra_http}\n\
             [[http.tokens]]\nname = \"website\"\ntoken_sha256 = \"{}\"\nnodes = [\"releases\"]\n\
             [[http.tokens]]\nname = \"elsewhere\"\ntoken_sha256 = \"{}\"\nnodes = [\"news\", \"gone\"]\n",
            sha(TOKEN),
            sha(OTHER_TOKEN)
        );
        let daemon = w.daemon(&extra);
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let p = Push {
            w,
            daemon,
            base: format!("http://127.0.0.1:{port}"),
            http,
        };
        p.wait_listening().await;
        p
    }

    /// The HTTP side is bound before the daemon connects anywhere; wait for it (bounded).
    async fn wait_listening(&self) {
        let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
        loop {
            if self
                .http
                .get(format!("{}/v1/openapi.json", self.base))
                .send()
                .await
                .is_ok()
            {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the HTTP API never listened: {}",
                self.daemon.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// One request: `method` on `url`, with `token` as bearer and a body of a content type.
    async fn send(
        &self,
        method: &str,
        url: impl AsRef<str>,
        token: Option<&str>,
        body: Option<(&str, String)>,
    ) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut r = self.http.request(method, url.as_ref());
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some((ct, b)) = body {
            r = r.header("content-type", ct).body(b);
        }
        r.send().await.unwrap()
    }

    async fn post_json(&self, node: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/v1/nodes/{node}/items")))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }
}

/// Status and JSON body of a response.
async fn json(r: reqwest::Response) -> (u16, serde_json::Value) {
    let status = r.status().as_u16();
    let bytes = r.bytes().await.unwrap_or_default();
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, body)
}

/// The next pubsub event from the service of a kind other than published items.
async fn next_other_event(c: &mut TestClient) -> Payload {
    let m = c
        .wait_message(|m| {
            m.payloads.iter().any(|p| {
                p.is("event", "http://jabber.org/protocol/pubsub#event")
                    && Event::try_from(p.clone()).is_ok_and(|e| {
                        !matches!(&e.payload, Payload::Items { published, .. } if !published.is_empty())
                    })
            })
        })
        .await;
    let p = m
        .payloads
        .iter()
        .find(|p| p.is("event", "http://jabber.org/protocol/pubsub#event"))
        .unwrap();
    Event::try_from(p.clone()).unwrap().payload
}

/// Events with published item ids that `c` receives within `window`.
async fn item_events(c: &mut TestClient, window: Duration) -> Vec<String> {
    c.drain_messages(window)
        .await
        .iter()
        .filter_map(event_items)
        .flat_map(|(_, ids)| ids)
        .collect()
}

fn atom_entry(title: &str, id: &str) -> String {
    format!("<?xml version='1.0'?><entry xmlns='{ATOM}'><id>{id}</id><title>{title}</title><link href='https://example.org/{id}'/><updated>2026-11-25T12:00:00Z</updated><content type='html'>&lt;p&gt;{title}&lt;/p&gt;</content></entry>")
}

/// JSON and Atom posts reach a pubsub subscriber once each (and a contact subscriber as chat
/// messages); the same post again pushes nothing; a DELETE pushes a retraction; the items
/// read back newest first with cursor paging.
#[tokio::test]
async fn http_posts_reach_every_subscriber_once_and_deletes_retract() {
    let p = Push::start("").await;
    let mut alice = p.w.user("alice", None).await;
    assert!(matches!(
        subscribe(&mut alice, "releases").await,
        Iq::Result { .. }
    ));
    // carol follows the node as a contact: chat messages from releases@feeds.localhost.
    let mut carol = p.w.user("carol", None).await;
    let answer = command(&mut carol, "subscribe releases").await;
    assert!(answer.contains("releases"), "{answer}");
    carol
        .wait_for(|s| {
            is_from(s, "releases@feeds.localhost")
                && matches!(s, Stanza::Presence(p) if p.type_ == PresenceType::Subscribe)
        })
        .await;
    carol
        .send(presence_to(
            "releases@feeds.localhost",
            PresenceType::Subscribed,
        ))
        .await;

    let r = p
        .post_json(
            "releases",
            serde_json::json!({"id": "v1.0", "title": "Version 1.0", "link": "https://example.org/v1.0", "summary": "The first release", "content": "<p>Out <b>now</b><script>x()</script></p>", "content_type": "html", "author": "Ann"}),
        )
        .await;
    assert_eq!(
        r.headers().get("location").and_then(|l| l.to_str().ok()),
        Some("/v1/nodes/releases/items/v1.0")
    );
    let (status, body) = json(r).await;
    assert_eq!(
        (status, &body["outcome"]),
        (201, &serde_json::json!("created")),
        "{body}"
    );
    assert_eq!(body["id"], "v1.0");
    let (node, ids, m) = crate::pubsub::next_event(&mut alice).await;
    assert_eq!((node.as_str(), ids), ("releases", vec!["v1.0".to_owned()]));
    let payload = String::from(m.payloads.iter().find(|p| p.name() == "event").unwrap());
    assert!(
        payload.contains("Version 1.0") && !payload.contains("script"),
        "{payload}"
    );
    let chat = carol
        .wait_message(|m| {
            m.type_ == MessageType::Chat
                && m.from
                    .as_ref()
                    .is_some_and(|f| f.to_string() == "releases@feeds.localhost")
                && body_of(m).contains("Version 1.0")
        })
        .await;
    assert!(body_of(&chat).contains("https://example.org/v1.0"));

    // The same post again (a retry): 200, nothing pushed.
    let again = p
        .post_json(
            "releases",
            serde_json::json!({"id": "v1.0", "title": "Version 1.0", "link": "https://example.org/v1.0", "summary": "The first release", "content": "<p>Out <b>now</b><script>x()</script></p>", "content_type": "html", "author": "Ann"}),
        )
        .await;
    let (status, body) = json(again).await;
    assert_eq!(
        (status, &body["outcome"]),
        (200, &serde_json::json!("unchanged"))
    );
    assert!(
        item_events(&mut alice, QUIET).await.is_empty(),
        "pushed twice"
    );

    // An Atom entry: its <id> is the item id.
    let r = p
        .send(
            "POST",
            p.url("/v1/nodes/releases/items"),
            Some(TOKEN),
            Some((
                "application/atom+xml",
                atom_entry("Version 1.1", "urn:release:1.1").to_string(),
            )),
        )
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"], "urn:release:1.1");
    let (_, ids, _) = crate::pubsub::next_event(&mut alice).await;
    assert_eq!(ids, ["urn:release:1.1"]);

    // Read back: newest first, a page of one with a cursor, one item, the token's nodes.
    let (status, page) = json(
        p.send(
            "GET",
            p.url("/v1/nodes/releases/items?limit=1"),
            Some(TOKEN),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(page["items"][0]["id"], "urn:release:1.1");
    let next = page["next"].as_str().unwrap().to_owned();
    let (_, page) = json(
        p.send(
            "GET",
            p.url(&format!("/v1/nodes/releases/items?limit=1&after={next}")),
            Some(TOKEN),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(page["items"][0]["id"], "v1.0");
    assert_eq!(page["items"][0]["content_type"], "html");
    assert!(page["next"].is_null());
    let (status, one) = json(
        p.send(
            "GET",
            p.url("/v1/nodes/releases/items/v1.0"),
            Some(TOKEN),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, &one["title"]),
        (200, &serde_json::json!("Version 1.0"))
    );
    assert_eq!(one["authors"][0], "Ann");
    let (status, nodes) = json(p.send("GET", p.url("/v1/nodes"), Some(TOKEN), None).await).await;
    assert_eq!(status, 200);
    assert_eq!(nodes["nodes"][0]["node"], "releases");
    assert_eq!(nodes["nodes"][0]["title"], "Releases");
    assert_eq!(nodes["nodes"][0]["subscribers"], 2);

    // DELETE: 204 and a retraction.
    let r = p
        .send(
            "DELETE",
            p.url("/v1/nodes/releases/items/v1.0"),
            Some(TOKEN),
            None,
        )
        .await;
    assert_eq!(r.status().as_u16(), 204);
    match next_other_event(&mut alice).await {
        Payload::Items {
            node, retracted, ..
        } => {
            assert_eq!(node.0, "releases");
            assert_eq!(
                retracted.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(),
                ["v1.0"]
            );
        }
        other => panic!("{other:?}"),
    }
    let r = p
        .send(
            "GET",
            p.url("/v1/nodes/releases/items/v1.0"),
            Some(TOKEN),
            None,
        )
        .await;
    assert_eq!(r.status().as_u16(), 404);
}

/// Every error status of the API, each with its JSON body.
#[tokio::test]
async fn http_errors_have_the_right_status_and_a_json_body() {
    let p = Push::start("max_requests_per_minute = 12").await;
    let items = p.url("/v1/nodes/releases/items");
    let entry = serde_json::json!({"title": "t"});
    let check = |(status, body): (u16, serde_json::Value), want: u16, code: &str| {
        assert_eq!(status, want, "{body}");
        assert_eq!(body["error"], code, "{body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    };
    // 401 (no token, then an unknown one), with WWW-Authenticate.
    let r = p
        .send(
            "POST",
            &items,
            None,
            Some(("application/json", entry.to_string())),
        )
        .await;
    assert_eq!(
        r.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer realm=\"feedpush\"")
    );
    check(json(r).await, 401, "unauthorized");
    let r = p
        .send(
            "POST",
            &items,
            Some("nope"),
            Some(("application/json", entry.to_string())),
        )
        .await;
    check(json(r).await, 401, "unauthorized");
    // 403: a token for another node.
    let r = p
        .send(
            "POST",
            &items,
            Some(OTHER_TOKEN),
            Some(("application/json", entry.to_string())),
        )
        .await;
    check(json(r).await, 403, "forbidden");
    check(
        json(p.post_json("nowhere", entry.clone()).await).await,
        403,
        "forbidden",
    );
    // 404: no such node (the token may use it), no such endpoint.
    let r = p
        .send(
            "POST",
            p.url("/v1/nodes/gone/items"),
            Some(OTHER_TOKEN),
            Some(("application/json", entry.to_string())),
        )
        .await;
    check(json(r).await, 404, "node_not_found");
    let r = p
        .send(
            "POST",
            p.url("/v1/nodes/news/items"),
            Some(OTHER_TOKEN),
            Some((
                "application/json",
                r#"{"title":"polled feeds take pushes from tokens too"}"#.to_string(),
            )),
        )
        .await;
    assert_eq!(
        r.status().as_u16(),
        201,
        "a configured feed's token publishes to it"
    );
    let r = p.send("GET", p.url("/v2/whatever"), None, None).await;
    check(json(r).await, 404, "not_found");
    // 405: a method the endpoint does not take.
    let r = p
        .send(
            "PUT",
            &items,
            Some(TOKEN),
            Some(("application/json", entry.to_string())),
        )
        .await;
    check(json(r).await, 405, "method_not_allowed");
    // 413: over max_request_bytes (64 KiB here).
    let big = serde_json::json!({"title": "big", "content": "x".repeat(70_000)});
    check(
        json(p.post_json("releases", big).await).await,
        413,
        "request_too_large",
    );
    // 413 also when the entry is small but its notification would not be (escaping).
    let escaped =
        serde_json::json!({"title": "lt", "content": "<".repeat(20_000), "content_type": "html"});
    check(
        json(p.post_json("releases", escaped).await).await,
        413,
        "payload_too_big",
    );
    // 400 for a query that does not parse, as JSON too.
    let r = p
        .send("GET", format!("{items}?limit=many"), Some(TOKEN), None)
        .await;
    check(json(r).await, 400, "bad_request");
    // 415: neither Atom nor JSON.
    let r = p
        .send(
            "POST",
            &items,
            Some(TOKEN),
            Some(("text/plain", "hello".to_string())),
        )
        .await;
    check(json(r).await, 415, "unsupported_media_type");
    // 400: malformed JSON; 422: no title, not an entry.
    let r = p
        .send(
            "POST",
            &items,
            Some(TOKEN),
            Some(("application/json", "{\"title\": ".to_string())),
        )
        .await;
    check(json(r).await, 400, "bad_request");
    check(
        json(
            p.post_json("releases", serde_json::json!({"summary": "no title"}))
                .await,
        )
        .await,
        422,
        "missing_title",
    );
    let r = p
        .send(
            "POST",
            &items,
            Some(TOKEN),
            Some((
                "application/atom+xml",
                format!("<feed xmlns='{ATOM}'><title>a feed</title></feed>").to_string(),
            )),
        )
        .await;
    check(json(r).await, 422, "not_an_entry");
    // 429 with Retry-After once the token's budget (12 a minute) is used up.
    let mut limited = None;
    for _ in 0..20 {
        let r = p.send("GET", &items, Some(TOKEN), None).await;
        if r.status().as_u16() == 429 {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("the budget never ran out");
    let wait: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    check(json(r).await, 429, "rate_limited");
    // The other token has a budget of its own.
    let r = p
        .send("GET", p.url("/v1/nodes"), Some(OTHER_TOKEN), None)
        .await;
    assert_eq!(r.status().as_u16(), 200);

    // The OpenAPI document is generated and names every endpoint.
    let (status, doc) = json(p.send("GET", p.url("/v1/openapi.json"), None, None).await).await;
    assert_eq!(status, 200);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/v1/nodes",
        "/v1/nodes/{node}/items",
        "/v1/nodes/{node}/items/{id}",
        "/v1/nodes/{node}/atom",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["NewItem"].is_object());
}

fn publish_el(node: &str, id: &str, payload: Element) -> Element {
    Element::builder("publish", PUBSUB)
        .attr(
            tokio_xmpp::minidom::rxml::NcName::try_from("node").unwrap(),
            node,
        )
        .append(
            Element::builder("item", PUBSUB)
                .attr(
                    tokio_xmpp::minidom::rxml::NcName::try_from("id").unwrap(),
                    id,
                )
                .append(payload)
                .build(),
        )
        .build()
}

fn entry_el(title: &str) -> Element {
    Element::from_str(&format!(
        "<entry xmlns='{ATOM}'><title>{title}</title></entry>"
    ))
    .unwrap()
}

fn owner_iq(set: bool, inner: &str) -> Iq {
    let ps = Element::from_str(&format!("<pubsub xmlns='{OWNER}'>{inner}</pubsub>")).unwrap();
    let to = Jid::new(SERVICE).unwrap();
    if set {
        Iq::Set {
            from: None,
            to: Some(to),
            id: "o".into(),
            payload: ps,
        }
    } else {
        Iq::Get {
            from: None,
            to: Some(to),
            id: "o".into(),
            payload: ps,
        }
    }
}

/// XEP-0060 §7 and §8 from real clients: publishers publish (others are refused, bad payloads
/// too); the admin creates, configures, bans, purges and deletes, and subscribers hear of it.
#[tokio::test]
async fn xmpp_publishers_and_owners() {
    let p = Push::start("").await;
    let mut alice = p.w.user("alice", None).await;
    assert!(matches!(
        subscribe(&mut alice, "releases").await,
        Iq::Result { .. }
    ));
    let mut bob = p.w.user("bob", None).await;
    let r = ask(
        &mut bob,
        pubsub_iq(true, publish_el("releases", "b1", entry_el("From bob"))),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let (_, ids, _) = crate::pubsub::next_event(&mut alice).await;
    assert_eq!(ids, ["b1"]);
    let mut mallory = p.w.user("mallory", None).await;
    let r = ask(
        &mut mallory,
        pubsub_iq(true, publish_el("releases", "m1", entry_el("Spam"))),
    )
    .await;
    assert_eq!(error_of(&r).0, "Forbidden");
    let not_atom = Element::from_str("<foo xmlns='urn:x'/>").unwrap();
    let r = ask(
        &mut bob,
        pubsub_iq(true, publish_el("releases", "b2", not_atom)),
    )
    .await;
    assert_eq!(
        error_of(&r),
        ("BadRequest".into(), Some("invalid-payload".into()))
    );

    // Owners: create (admins only), configure, ban, purge, delete.
    let mut admin = p.w.user("admin", None).await;
    let r = ask(
        &mut mallory,
        pubsub_iq(true, el("create", &[("node", "made")])),
    )
    .await;
    assert_eq!(error_of(&r).0, "Forbidden");
    let r = ask(
        &mut admin,
        pubsub_iq(true, el("create", &[("node", "made")])),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let form = "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field><field var='pubsub#title'><value>Made here</value></field></x>";
    let r = ask(
        &mut admin,
        owner_iq(true, &format!("<configure node='made'>{form}</configure>")),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let r = ask(
        &mut mallory,
        owner_iq(true, &format!("<configure node='made'>{form}</configure>")),
    )
    .await;
    assert_eq!(error_of(&r).0, "Forbidden");
    let r = ask(&mut admin, owner_iq(false, "<configure node='made'/>")).await;
    let Iq::Result {
        payload: Some(cfg), ..
    } = r
    else {
        panic!("{r:?}")
    };
    assert!(String::from(&cfg).contains("Made here"));
    let r = ask(&mut admin, owner_iq(true, "<affiliations node='made'><affiliation jid='mallory@localhost' affiliation='outcast'/></affiliations>")).await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let r = subscribe(&mut mallory, "made").await;
    assert_eq!(error_of(&r).0, "Forbidden");
    assert!(matches!(
        subscribe(&mut alice, "made").await,
        Iq::Result { .. }
    ));
    let r = ask(
        &mut admin,
        pubsub_iq(true, publish_el("made", "x1", entry_el("Made item"))),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let (node, ids, _) = crate::pubsub::next_event(&mut alice).await;
    assert_eq!((node.as_str(), ids), ("made", vec!["x1".to_owned()]));
    let r = ask(&mut mallory, owner_iq(true, "<purge node='made'/>")).await;
    assert_eq!(error_of(&r).0, "Forbidden");
    let r = ask(&mut admin, owner_iq(true, "<purge node='made'/>")).await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    assert!(
        matches!(next_other_event(&mut alice).await, Payload::Purge { node } if node.0 == "made")
    );
    let r = ask(&mut mallory, owner_iq(true, "<delete node='made'/>")).await;
    assert_eq!(error_of(&r).0, "Forbidden");
    let r = ask(&mut admin, owner_iq(true, "<delete node='releases'/>")).await;
    assert_eq!(
        error_of(&r).0,
        "NotAllowed",
        "the file's node is deleted in the file"
    );
    let r = ask(
        &mut admin,
        owner_iq(
            true,
            "<delete node='made'><redirect uri='xmpp:feeds.localhost?;node=releases'/></delete>",
        ),
    )
    .await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    match next_other_event(&mut alice).await {
        Payload::Delete { node, redirect } => {
            assert_eq!(node.0, "made");
            assert!(redirect.is_some_and(|r| r.contains("releases")));
        }
        other => panic!("{other:?}"),
    }
    let r = subscribe(&mut alice, "made").await;
    assert_eq!(error_of(&r).0, "ItemNotFound");
}

/// Atom out: the node's items as a feed that feed-rs reads back, revalidated with 304.
#[tokio::test]
async fn atom_out_reparses_and_revalidates() {
    let p = Push::start("").await;
    for (id, title) in [("a", "First"), ("b", "Second")] {
        let (status, _) =
            json(p.post_json("releases", serde_json::json!({"id": id, "title": title, "link": format!("https://example.org/{id}")})).await).await;
        assert_eq!(status, 201);
    }
    let url = p.url("/v1/nodes/releases/atom");
    let r = p.send("GET", &url, None, None).await;
    assert_eq!(r.status().as_u16(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_owned();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let body = r.bytes().await.unwrap();
    let feed = feed_rs::parser::parse(&body[..]).expect("feed-rs reads the Atom feed");
    assert_eq!(feed.title.unwrap().content, "Releases");
    let titles: Vec<_> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles, ["Second", "First"]);
    assert!(feed
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("self") && l.href == url));
    let r = p
        .http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    let r = p
        .http
        .get(&url)
        .header("if-modified-since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    // A new item changes the validators.
    json(
        p.post_json("releases", serde_json::json!({"id": "c", "title": "Third"}))
            .await,
    )
    .await;
    let r = p
        .http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = p
        .send("GET", p.url("/v1/nodes/nowhere/atom"), None, None)
        .await;
    assert_eq!(r.status().as_u16(), 404);
}

/// What the test's callback server saw: body, signature header.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(Vec<u8>, String)>>>;

/// A local application that takes forwarded messages and answers with a reply.
async fn callback_app() -> (String, Seen) {
    use axum::routing::post;
    let seen: Seen = Default::default();
    let s = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let s = s.clone();
                async move {
                    let sig = headers
                        .get("x-feedpush-signature")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    let text = serde_json::from_slice::<serde_json::Value>(&body)
                        .ok()
                        .and_then(|v| v["body"].as_str().map(str::to_owned))
                        .unwrap_or_default();
                    s.lock().unwrap().push((body.to_vec(), sig));
                    axum::Json(serde_json::json!({ "reply": format!("Thanks, we got: {text}") }))
                }
            },
        ),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    (format!("http://{addr}/hook"), seen)
}

/// A user's message to a node's contact reaches the publisher's application, signed; the
/// application's reply comes back from the contact. A node without a callback says once that
/// it takes no messages.
#[tokio::test]
async fn messages_to_a_contact_reach_the_callback_and_its_reply_comes_back() {
    use tokio_xmpp::parsers::message::{Lang, Message};
    let (hook, seen) = callback_app().await;
    let secret = "callback-secret-0123456789";
    let w = World::new(&["carol"]).await;
    let daemon = w.daemon(&format!(
        "[[nodes]]\nnode = \"support\"\ntitle = \"Support\"\ncallback_url = \"{hook}\"\ncallback_secret = \"{secret}\"\n"
    ));
    let mut carol = w.user("carol", None).await;
    let say = |to: &str, text: &str| {
        let mut m = Message::new_with_type(MessageType::Chat, Some(Jid::from_str(to).unwrap()))
            .with_body(Lang::new(), text.to_owned());
        m.id = Some(tokio_xmpp::parsers::message::Id("m-1".into()));
        Stanza::Message(m)
    };
    // Until the component is attached, Prosody bounces the message: send until a reply.
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let reply = loop {
        carol
            .send(say("support@feeds.localhost", "my order is late"))
            .await;
        let got = carol
            .try_wait_for(Duration::from_secs(3), |s| {
                is_from(s, "support@feeds.localhost")
                    && matches!(s, Stanza::Message(m) if m.type_ == MessageType::Chat)
            })
            .await;
        if let Some(Stanza::Message(m)) = got {
            break m;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no reply; log: {}",
            daemon.log()
        );
    };
    assert_eq!(body_of(&reply), "Thanks, we got: my order is late");
    let calls = seen.lock().unwrap().clone();
    let (body, sig) = calls.last().unwrap();
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["node"], "support");
    assert_eq!(v["body"], "my order is late");
    assert_eq!(v["id"], "m-1");
    assert!(v["from"].as_str().unwrap().starts_with("carol@localhost/"));
    let want = feedpush::delivery::callbacks::signature(secret, body);
    assert_eq!(sig, &want, "the signature is HMAC-SHA256 of the body");

    // A node without a callback answers once, then keeps quiet.
    carol.send(say("news@feeds.localhost", "hello?")).await;
    let m = carol
        .wait_message(|m| {
            m.from
                .as_ref()
                .is_some_and(|f| f.to_string() == "news@feeds.localhost")
        })
        .await;
    assert!(
        body_of(&m).contains("does not take messages"),
        "{}",
        body_of(&m)
    );
    carol
        .send(say("news@feeds.localhost", "hello again?"))
        .await;
    let more = carol.drain_messages(QUIET).await;
    assert!(
        more.iter().all(|m| m
            .from
            .as_ref()
            .is_none_or(|f| f.to_string() != "news@feeds.localhost")),
        "{more:?}"
    );
}
