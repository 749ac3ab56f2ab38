//! Issue 20, point 2, against the real daemon and a real Prosody: secrets in feed URLs stay with
//! those who may see them. An operator's feed with `user:pass@` and `?token=` in its URL is
//! shown redacted to users and whole to `[access] admins` (disco#info, chat `info`, `export`);
//! a user's feed is whole only for the JID that added it; the status page counts users' feeds
//! and names them only for an admin token; `/metrics` and the log carry no secret; the fetch
//! itself still uses the whole URL.

use std::time::Duration;

use base64::Engine;
use sha2::Digest;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;

use crate::contacts::command;
use crate::harness::client::TestClient;
use crate::harness::feedserver::Resource;
use crate::harness::EVENT_TIMEOUT;
use crate::poller::rss;
use crate::pubsub::{disco_info, subscribe, World, PUBSUB};

/// The bearer token of the admin (`nodes = ["*"]`) in these tests.
const ADMIN_TOKEN: &str = "hostile-secrets-admin-token";
/// A publishing token for one node: not an admin token.
const NODE_TOKEN: &str = "hostile-secrets-vault-token";
/// The operator's feed's credentials and query secret.
const OP_USER: &str = "op";
const OP_PASS: &str = "hunter2";
const OP_TOKEN: &str = "T0P5ECRET";
/// A user's feed's credentials and query secret.
const USER_PASS: &str = "alicepw";
const USER_KEY: &str = "M1NEK3Y";

/// feeds.toml additions: `boss` is the admin, user feeds allowed, the HTTP side on `port` with
/// an admin token, and the operator's feed `vault` whose URL carries secrets.
fn extra(w: &World, port: u16) -> String {
    let vault =
        w.feeds
            .url("/vault.xml")
            .replacen("http://", &format!("http://{OP_USER}:{OP_PASS}@"), 1);
    format!(
        "[access]\nadmins = [\"boss@localhost\"]\nallow_user_feeds = true\n\
         [http]\nlisten = \"127.0.0.1:{port}\"\n\
         [[http.tokens]]\nname = \"admin\"\ntoken_sha256 = \"{}\"\nnodes = [\"*\"]\n\
         [[http.tokens]]\nname = \"vault\"\ntoken_sha256 = \"{}\"\nnodes = [\"vault\"]\n\
         [[feeds]]\nnode = \"vault\"\nurl = \"{vault}?token={OP_TOKEN}&lang=en\"\ntitle = \"Vault\"\n\
         [[feeds]]\nnode = \"down\"\nurl = \"http://{OP_USER}:{OP_PASS}@127.0.0.1:{}/down.xml?token={OP_TOKEN}\"\n",
        hex::encode(sha2::Sha256::digest(ADMIN_TOKEN.as_bytes())),
        hex::encode(sha2::Sha256::digest(NODE_TOKEN.as_bytes())),
        // Nothing listens there: every fetch fails, and the error names the URL.
        crate::harness::prosody::free_port(),
    )
}

/// The `feedpush#url` field of a node's disco#info as `c` sees it, and the whole payload.
async fn disco_url(c: &mut TestClient, node: &str) -> (String, String) {
    let p = disco_info(c, Some(node)).await;
    let whole = String::from(&p);
    let url = p
        .children()
        .filter(|x| x.is("x", "jabber:x:data"))
        .flat_map(Element::children)
        .find(|f| f.attr("var") == Some("feedpush#url"))
        .and_then(|f| f.children().find(|v| v.name() == "value"))
        .map(Element::text)
        .unwrap_or_else(|| panic!("no feedpush#url in {whole}"));
    (url, whole)
}

/// The `URL:` line of the chat `info` answer, and the whole answer.
async fn info_url(c: &mut TestClient, node: &str) -> (String, String) {
    let text = command(c, &format!("info {node}")).await;
    let url = text
        .lines()
        .find_map(|l| l.strip_prefix("URL: "))
        .unwrap_or_else(|| panic!("no URL line in {text:?}"))
        .to_owned();
    (url, text)
}

/// `GET base+path`, with `bearer` as the token when given: status and body.
async fn get(base: &str, path: &str, bearer: Option<&str>) -> (u16, String) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut req = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .timeout(Duration::from_secs(10));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("the HTTP side answers");
    (r.status().as_u16(), r.text().await.unwrap())
}

/// No secret of `secrets` in `text` (named `what` in the failure).
fn assert_secret_free(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{what} shows {s:?}:\n{text}");
    }
}

/// An operator's feed `http://op:hunter2@host/vault.xml?token=…&lang=…`: a user sees it
/// redacted in disco#info, chat `info` and `export` (subscribed or not), the admin sees it
/// whole everywhere, and the fetch still sends the credentials. The status page, `/metrics`
/// and the daemon's log (at debug level) carry none of it.
#[tokio::test]
async fn an_operator_feeds_credentials_reach_only_admins() {
    let w = World::new(&["alice", "boss"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    w.feeds
        .set("/vault.xml", Resource::feed(rss(&[("v", "Vault item")])));
    let port = crate::harness::prosody::free_port();
    let d = w.daemon(&extra(&w, port));
    let base = format!("http://127.0.0.1:{port}");
    let mut alice = w.user("alice", None).await;
    let mut boss = w.user("boss", None).await;
    w.feeds.wait_hits("/vault.xml", 1, EVENT_TIMEOUT).await;

    let whole = format!(
        "{}?token={OP_TOKEN}&lang=en",
        w.feeds
            .url("/vault.xml")
            .replacen("http://", &format!("http://{OP_USER}:{OP_PASS}@"), 1)
    );
    let redacted = format!("{}?token=…&lang=…", w.feeds.url("/vault.xml"));
    let secrets = [OP_PASS, OP_TOKEN, "op:", "op@"];

    // A user: redacted, before and after subscribing.
    for subscribed in [false, true] {
        if subscribed {
            assert!(matches!(
                subscribe(&mut alice, "vault").await,
                Iq::Result { .. }
            ));
        }
        let (url, all) = disco_url(&mut alice, "vault").await;
        assert_eq!(url, redacted, "disco#info, subscribed: {subscribed}");
        assert_secret_free("alice's disco#info", &all, &secrets);
        let (url, all) = info_url(&mut alice, "vault").await;
        assert_eq!(url, redacted, "chat info, subscribed: {subscribed}");
        assert_secret_free("alice's info", &all, &secrets);
    }
    let export = command(&mut alice, "export").await;
    let listed = feedpush::feedlist::import(&export).unwrap();
    assert!(
        listed.iter().any(|f| f.url == redacted),
        "alice's export: {export}"
    );
    assert_secret_free("alice's export", &export, &secrets);

    // The admin: whole.
    let (url, _) = disco_url(&mut boss, "vault").await;
    assert_eq!(url, whole, "the admin's disco#info");
    let (url, _) = info_url(&mut boss, "vault").await;
    assert_eq!(url, whole, "the admin's info");
    assert!(matches!(
        subscribe(&mut boss, "vault").await,
        Iq::Result { .. }
    ));
    let export = command(&mut boss, "export").await;
    let listed = feedpush::feedlist::import(&export).unwrap();
    assert!(
        listed.iter().any(|f| f.url == whole),
        "the admin's export: {export}"
    );

    // The fetch itself still uses the whole URL: the credentials go out as Basic auth.
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{OP_USER}:{OP_PASS}"))
    );
    let seen = w.feeds.seen("/vault.xml");
    assert!(
        seen.iter().any(|s| s
            .headers
            .get("authorization")
            .is_some_and(|v| v.to_str().ok() == Some(basic.as_str()))),
        "the feed was fetched without its credentials"
    );

    // A failing feed's error names its URL: redacted too.
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let error = loop {
        let p = disco_info(&mut alice, Some("down")).await;
        let error = p
            .children()
            .filter(|x| x.is("x", "jabber:x:data"))
            .flat_map(Element::children)
            .find(|f| f.attr("var") == Some("feedpush#last_error"))
            .and_then(|f| f.children().find(|v| v.name() == "value"))
            .map(Element::text);
        if let Some(e) = error {
            break e;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the failing feed shows no error: {}",
            String::from(&p)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // reqwest names the URL in its message (the query's name shows it is kept, redacted).
    assert!(error.contains("/down.xml?token=…"), "{error}");
    assert_secret_free("a failing feed's error", &error, &secrets);

    // The operators' pages and the log.
    let (status, page) = get(&base, "/", None).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("data-node=\"vault\""), "{page}");
    assert!(page.contains("/down.xml"), "the error is shown: {page}");
    assert_secret_free("the status page", &page, &secrets);
    let (status, page) = get(&base, "/", Some(ADMIN_TOKEN)).await;
    assert_eq!(status, 200, "{page}");
    assert_secret_free("the detailed status page", &page, &secrets);
    let (status, metrics) = get(&base, "/metrics", None).await;
    assert_eq!(status, 200);
    assert!(metrics.contains("feedpush_fetches_total"), "{metrics}");
    assert_secret_free("/metrics", &metrics, &secrets);
    assert!(d.log().contains("vault"), "the log names the feed");
    assert_secret_free("the daemon's log", &d.log(), &[OP_PASS, OP_TOKEN]);
}

/// A user's feed: its node id is random (`u-` and 26 base32 characters, nothing of the URL);
/// the status page counts it without naming it, and names it only for an admin token (a wrong
/// token is refused); somebody who learns the node id and subscribes sees the URL redacted,
/// while the user who added it and the admin see it whole; the log keeps the secret out.
#[tokio::test]
async fn a_users_feed_is_counted_not_named_and_its_url_stays_with_who_added_it() {
    let w = World::new(&["alice", "mallory", "boss"]).await;
    w.feeds.set("/news.xml", Resource::feed(rss(&[("a", "A")])));
    w.feeds
        .set("/vault.xml", Resource::feed(rss(&[("v", "Vault item")])));
    w.feeds
        .set("/mine.xml", Resource::feed(rss(&[("m", "Mine")])));
    let port = crate::harness::prosody::free_port();
    let d = w.daemon(&extra(&w, port));
    let base = format!("http://127.0.0.1:{port}");
    let mut alice = w.user("alice", None).await;
    let mut mallory = w.user("mallory", None).await;
    let mut boss = w.user("boss", None).await;

    let mine = format!(
        "{}?key={USER_KEY}",
        w.feeds
            .url("/mine.xml")
            .replacen("http://", &format!("http://alice:{USER_PASS}@"), 1)
    );
    let redacted = format!("{}?key=…", w.feeds.url("/mine.xml"));
    let node = match subscribe(&mut alice, &mine).await {
        Iq::Result {
            payload: Some(p), ..
        } => p
            .get_child("subscription", PUBSUB)
            .and_then(|s| s.attr("node"))
            .map(str::to_owned)
            .expect("a subscription with its node"),
        other => panic!("{other:?}"),
    };
    let id = node.strip_prefix("u-").unwrap_or_else(|| panic!("{node}"));
    assert_eq!(id.len(), 26, "128 bits in base32: {node}");
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)),
        "{node}"
    );
    assert!(!node.contains("mine") && !node.contains(USER_KEY), "{node}");
    w.feeds.wait_hits("/mine.xml", 1, EVENT_TIMEOUT).await;

    // The public status page counts it, never names it.
    let (status, page) = get(&base, "/", None).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        !page.contains(&node),
        "the public page names {node}:\n{page}"
    );
    assert!(
        page.contains("id=\"user-feeds\"") && page.contains("<span class=\"count\">1</span>"),
        "one user feed counted:\n{page}"
    );
    // The detailed view takes the admin token; a wrong one is refused.
    let (status, page) = get(&base, "/", Some(ADMIN_TOKEN)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&format!("data-node=\"{node}\"")), "{page}");
    assert!(!page.contains("id=\"user-feeds\""), "{page}");
    assert_secret_free("the detailed status page", &page, &[USER_PASS, USER_KEY]);
    let (status, _) = get(&base, "/", Some("not-the-token")).await;
    assert_eq!(status, 401, "a wrong token");
    let (status, page) = get(&base, "/", Some(NODE_TOKEN)).await;
    assert_eq!(status, 403, "a token for one node is not an admin token");
    assert!(!page.contains(&node), "{page}");

    // Mallory learnt the node id somewhere and subscribes: the URL stays redacted for him.
    assert!(matches!(
        subscribe(&mut mallory, &node).await,
        Iq::Result { .. }
    ));
    let (url, all) = disco_url(&mut mallory, &node).await;
    assert_eq!(url, redacted, "mallory's disco#info");
    assert_secret_free("mallory's disco#info", &all, &[USER_PASS, USER_KEY]);
    let (url, all) = info_url(&mut mallory, &node).await;
    assert_eq!(url, redacted, "mallory's info");
    assert_secret_free("mallory's info", &all, &[USER_PASS, USER_KEY]);
    let export = command(&mut mallory, "export").await;
    assert_secret_free("mallory's export", &export, &[USER_PASS, USER_KEY]);

    // Alice, who added it, and the admin see it whole.
    for (who, c) in [("alice", &mut alice), ("boss", &mut boss)] {
        let (url, _) = disco_url(c, &node).await;
        assert_eq!(url, mine, "{who}'s disco#info");
        let (url, _) = info_url(c, &node).await;
        assert_eq!(url, mine, "{who}'s info");
    }
    let export = command(&mut alice, "export").await;
    assert!(
        feedpush::feedlist::import(&export)
            .unwrap()
            .iter()
            .any(|f| f.url == mine),
        "alice's export: {export}"
    );
    assert_secret_free("the daemon's log", &d.log(), &[USER_PASS, USER_KEY]);
}
