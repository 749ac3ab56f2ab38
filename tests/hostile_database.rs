//! The PostgreSQL store out of reach (issue 22.6), with a server of the test's own that it
//! stops and starts again: a database down at start is waited for (503 with the reason, no
//! READY for systemd until it answers); a database lost while items are being delivered is
//! waited for too: requests hear "try again" (`<wait/>` `resource-constraint`, `503` with
//! `Retry-After`), the link stays up, and once it is back every acknowledged item reaches
//! every subscriber exactly once.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::net::UnixDatagram;
use tokio_xmpp::parsers::iq::Iq;

use crate::harness::daemon::Daemon;
use crate::harness::pgserver::PgServer;
use crate::harness::prosody::free_port;
use crate::harness::EVENT_TIMEOUT;
use crate::hostile_store::{releases_config, Api, TOKEN};
use crate::operators::until;
use crate::pubsub::{error_of, event_items, subscribe, World};

/// How long the database stays away in the outage test (the 20 s).
const OUTAGE: Duration = Duration::from_secs(20);

/// `/healthz`: status and body (None while nothing listens yet).
async fn health(api: &Api) -> Option<(u16, serde_json::Value)> {
    let r = api
        .http
        .get(format!("{}/healthz", api.base))
        .send()
        .await
        .ok()?;
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    Some((status, serde_json::from_str(&text).unwrap_or_default()))
}

/// A POST of item `id`: its status and `Retry-After`.
async fn post(api: &Api, id: &str) -> (u16, Option<String>) {
    let r = api
        .http
        .post(format!("{}/v1/nodes/releases/items", api.base))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(serde_json::json!({ "id": id, "title": id }).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("no answer to POST {id}: {e}"));
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (r.status().as_u16(), retry)
}

#[tokio::test]
async fn a_database_down_at_start_is_waited_for() {
    let w = World::new(&["alice"]).await;
    let pg = PgServer::start();
    pg.database(w.dir.path());
    pg.stop();
    let port = free_port();
    let cfg = releases_config(&w, port);
    let sock_path = w.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    let d = Daemon::start_with_env(&cfg, &[("NOTIFY_SOCKET", sock_path.to_str().unwrap())]);
    let api = Api::on(port);

    // systemd hears why it is not ready, and that the start goes on.
    let mut seen = Vec::new();
    until(&sock, &mut seen, "EXTEND_TIMEOUT_USEC=").await;
    assert!(
        seen.iter().any(
            |m| m.contains("STATUS=waiting for the store") && m.contains(".s.PGSQL")
                || m.contains("STATUS=waiting for the store") && m.contains("feedpush-pg")
        ),
        "{seen:?}"
    );
    // /healthz answers 503 and says why; every other request is 503 with Retry-After.
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let body = loop {
        if let Some((503, body)) = health(&api).await {
            break body;
        }
        assert!(tokio::time::Instant::now() < deadline, "{}", d.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(body["status"], "starting", "{body}");
    let why = body["store"]["error"].as_str().unwrap_or_default();
    assert!(
        why.contains("waiting for the store") && why.contains("feedpush-pg"),
        "{body}"
    );
    assert_eq!(post(&api, "early").await, (503, Some("5".to_owned())));
    let log = d.log();
    assert!(
        log.contains("the store does not answer; waiting for it"),
        "one clear line: {log}"
    );
    // Everything systemd was told so far: no READY=1 among it.
    let mut buf = vec![0u8; 4096];
    while let Ok(n) = sock.try_recv(&mut buf) {
        seen.push(String::from_utf8_lossy(&buf[..n]).into_owned());
    }
    assert!(!seen.iter().any(|m| m.contains("READY=1")), "{seen:?}");

    // The database comes up: the daemon starts by itself and works.
    pg.resume();
    until(&sock, &mut seen, "READY=1").await;
    api.wait_health(200, EVENT_TIMEOUT, &d).await;
    let mut alice = w.user("alice", None).await;
    assert!(matches!(
        subscribe(&mut alice, "releases").await,
        Iq::Result { .. }
    ));
    assert_eq!(post(&api, "first").await.0, 201);
    let m = alice
        .wait_message(|m| event_items(m).is_some_and(|(n, _)| n == "releases"))
        .await;
    assert_eq!(event_items(&m).unwrap().1, vec!["first".to_owned()]);
}

#[tokio::test]
async fn a_database_lost_while_delivering_loses_nothing_and_repeats_nothing() {
    let users = ["alice", "bob", "carol"];
    let w = World::new(&["alice", "bob", "carol", "dave"]).await;
    let pg = PgServer::start();
    pg.database(w.dir.path());
    let port = free_port();
    let cfg = releases_config(&w, port);
    let d = Daemon::start(&cfg);
    let api = Api::on(port);
    api.wait_health(200, EVENT_TIMEOUT, &d).await;
    let mut clients = Vec::new();
    for u in users {
        let mut c = w.user(u, None).await;
        assert!(matches!(
            subscribe(&mut c, "releases").await,
            Iq::Result { .. }
        ));
        clients.push(c);
    }

    // A publisher posts while the subscribers are being told; the database stops under it.
    let mut acknowledged = Vec::new();
    for i in 0..10 {
        let id = format!("before-{i}");
        assert_eq!(post(&api, &id).await.0, 201);
        acknowledged.push(id);
    }
    pg.stop();
    let stopped = tokio::time::Instant::now();

    // While it is away: POSTs are answered 503 with Retry-After (or, taken just before it
    // went, 201), /healthz says 503, an XMPP request hears "wait", and the link stays up.
    let mut refused = 0;
    for i in 0..10 {
        let id = format!("during-{i}");
        match post(&api, &id).await {
            (201, _) => acknowledged.push(id),
            (503, Some(_)) => refused += 1,
            other => panic!("POST while the database is away: {other:?}: {}", d.log()),
        }
    }
    assert!(refused > 0, "{}", d.log());
    api.wait_health(503, EVENT_TIMEOUT, &d).await;
    let (_, body) = health(&api).await.unwrap();
    assert!(
        body["store"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("out of reach") || e.contains("connection")),
        "{body}"
    );
    let mut dave = w.user("dave", None).await;
    let r = subscribe(&mut dave, "releases").await;
    assert_eq!(error_of(&r).0, "ResourceConstraint", "{r:?}");
    assert!(
        matches!(&r, Iq::Error { error, .. } if error.type_ == tokio_xmpp::parsers::stanza_error::ErrorType::Wait),
        "{r:?}"
    );

    // Back after the outage: writes are taken again without anybody restarting anything.
    let left = OUTAGE.saturating_sub(stopped.elapsed());
    tokio::time::sleep(left).await;
    pg.resume();
    api.wait_health(200, Duration::from_secs(30), &d).await;
    for i in 0..10 {
        let id = format!("after-{i}");
        assert_eq!(post(&api, &id).await.0, 201, "{}", d.log());
        acknowledged.push(id);
    }
    assert!(matches!(
        subscribe(&mut dave, "releases").await,
        Iq::Result { .. }
    ));
    assert_eq!(post(&api, "last").await.0, 201);
    acknowledged.push("last".to_owned());

    // Every subscriber gets every acknowledged item, once: counted up to the last one.
    for c in clients.iter_mut() {
        let mut got: BTreeMap<String, usize> = BTreeMap::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while !got.contains_key("last") {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} got {got:?}: {}",
                c.jid,
                d.log()
            );
            let m = c
                .wait_message(|m| event_items(m).is_some_and(|(n, _)| n == "releases"))
                .await;
            for id in event_items(&m).unwrap().1 {
                *got.entry(id).or_default() += 1;
            }
        }
        let missing: Vec<_> = acknowledged
            .iter()
            .filter(|id| !got.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty(),
            "{} missed {missing:?}: {}",
            c.jid,
            d.log()
        );
        let twice: Vec<_> = got.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "{} got twice {twice:?}", c.jid);
    }
    let log = d.log();
    assert!(log.contains("the store answers again"), "{log}");
    assert!(!log.contains("reconnecting"), "the link stayed up: {log}");
}
