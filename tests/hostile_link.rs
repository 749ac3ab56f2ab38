//! Hostile input against the component link: item ids and text that XML 1.0 cannot carry,
//! from a polled feed and from publishers, must fail alone (issue 20.1). Real Prosody, real
//! daemon, real HTTP requests, a real subscriber.

use std::time::Duration;

use sha2::Digest;
use tokio_xmpp::parsers::iq::Iq;

use crate::harness::feedserver::Resource;
use crate::harness::prosody::free_port;
use crate::harness::EVENT_TIMEOUT;
use crate::pubsub::{disco_info, event_items, subscribe, World};

const TOKEN: &str = "hostile-link-token";

fn json_feed(items: &[(&str, &str)]) -> String {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|(id, title)| {
            serde_json::json!({ "id": id, "title": title, "content_text": format!("{title}\u{2} text") })
        })
        .collect();
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "News\u{1}",
        "items": items,
    })
    .to_string()
}

async fn wait_listening(http: &reqwest::Client, base: &str) {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the HTTP side never listened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A polled entry whose id and text hold control characters reaches its subscriber under a
/// derived id; the HTTP API refuses such ids with 422 naming the character; the link goes on:
/// the next publication is delivered and IQs are answered.
#[tokio::test]
async fn an_id_xml_cannot_carry_fails_alone_and_the_link_goes_on() {
    let w = World::new(&["alice"]).await;
    w.feeds.set(
        "/news.xml",
        Resource {
            content_type: "application/feed+json".into(),
            ..Resource::feed(json_feed(&[("first", "First")]))
        },
    );
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _d = w.daemon(&format!(
        "[[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\n\
         [http]\nlisten = \"127.0.0.1:{port}\"\n\
         [[http.tokens]]\nname = \"site\"\ntoken_sha256 = \"{}\"\nnodes = [\"releases\"]\n",
        hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
    ));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    wait_listening(&http, &base).await;
    let mut alice = w.user("alice", None).await;
    assert!(matches!(
        subscribe(&mut alice, "news").await,
        Iq::Result { .. }
    ));
    assert!(matches!(
        subscribe(&mut alice, "releases").await,
        Iq::Result { .. }
    ));
    w.feeds.wait_hits("/news.xml", 1, EVENT_TIMEOUT).await;

    // The feed grows an entry whose id holds U+0001.
    w.feeds.set_body(
        "/news.xml",
        json_feed(&[("a\u{1}b", "Bad\u{1} id"), ("first", "First")]),
    );
    let derived = format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest("a\u{1}b".as_bytes()))
    );
    let m = alice
        .wait_message(|m| event_items(m).is_some_and(|(n, _)| n == "news"))
        .await;
    assert_eq!(event_items(&m).unwrap().1, vec![derived.clone()]);

    // Publishers' ids with such characters are refused, naming the character.
    let items = format!("{base}/v1/nodes/releases/items");
    let r = http
        .post(&items)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(serde_json::json!({ "id": "a\u{1}b", "title": "x" }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("U+0001") && body.contains("character 2"),
        "{body}"
    );
    let r = http
        .post(&items)
        .bearer_auth(TOKEN)
        .header("content-type", "application/atom+xml")
        .body("<entry xmlns='http://www.w3.org/2005/Atom'><id>a&#1;b</id><title>x</title></entry>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422, "{}", r.text().await.unwrap());

    // Text with such characters is cleaned, not refused.
    let r = http
        .post(&items)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({ "id": "after", "title": "still\u{1} here", "summary": "s\u{ffff}" })
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
    let m = alice
        .wait_message(|m| event_items(m).is_some_and(|(n, _)| n == "releases"))
        .await;
    assert_eq!(event_items(&m).unwrap().1, vec!["after".to_string()]);
    // IQs are still answered, the service's title included.
    let info = disco_info(&mut alice, Some("news")).await;
    assert!(info.is("query", "http://jabber.org/protocol/disco#info"));

    // Nothing had to be dropped at the link: every door cleaned what it let in.
    let metrics = http
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("feedpush_stanzas_dropped_total{reason=\"unserialisable\"} 0"),
        "{metrics}"
    );
}
