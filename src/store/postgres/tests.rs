//! The backend against a server of its own that stops and starts again: what is "out of
//! reach", failing at once while it is, and healing once the database answers.

use std::time::Duration;

use super::testdb::PgServer;
use super::{PgOptions, PgStore};
use crate::store::Store;

fn options(url: String) -> PgOptions {
    PgOptions {
        url,
        pool_size: 2,
        connect_timeout: Duration::from_secs(2),
    }
}

#[test]
fn a_stopped_database_is_out_of_reach_until_it_answers_again() {
    let server = PgServer::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.database(dir.path());
    let store = PgStore::open(&options(url.clone())).unwrap();
    store.flush().unwrap();
    assert_eq!(Store::subscriber_count(&store, "n"), 0);

    server.stop();
    let e = store.flush().unwrap_err();
    assert!(e.is_unavailable(), "a lost connection is out of reach: {e}");
    // Known to be away: calls fail at once, saying so, without trying.
    let e = Store::subscription(&store, "n", "a@b").unwrap_err();
    assert!(
        e.is_unavailable() && e.to_string().contains("out of reach"),
        "{e}"
    );
    // The guard's check tries anyway, and fails while it is down.
    assert!(store.check().unwrap_err().is_unavailable());
    // Opening fails the same way: the daemon's start waits for it.
    let e = PgStore::open(&options(url)).err().unwrap();
    assert!(e.is_unavailable(), "{e}");

    server.resume();
    store.check().unwrap();
    store.flush().unwrap();
    assert_eq!(Store::subscription(&store, "n", "a@b").unwrap(), None);
}

#[test]
fn what_waiting_cannot_mend_is_not_out_of_reach() {
    let server = PgServer::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.database(dir.path());
    let unknown = url.replace("dbname=", "dbname=missing_");
    let e = PgStore::open(&options(unknown)).err().unwrap();
    assert!(!e.is_unavailable(), "an unknown database: {e}");
    assert!(e.to_string().contains("does not exist"), "{e}");
    let nobody = url.replace("user=feedpush", "user=nobody_here");
    let e = PgStore::open(&options(nobody)).err().unwrap();
    assert!(!e.is_unavailable(), "an unknown role: {e}");
}

/// A free port on 127.0.0.1 (taken by nobody at the moment it is asked for).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn tls_to_the_database_follows_sslmode() {
    let port = free_port();
    let server = PgServer::start_tls(port);
    let dir = tempfile::tempdir().unwrap();
    let socket_url = server.database(dir.path());
    let db = socket_url
        .split_whitespace()
        .find_map(|w| w.strip_prefix("dbname="))
        .unwrap()
        .to_owned();
    let ca = server.authority();
    let url = |host: &str, rest: &str| {
        options(format!(
            "host={host} port={port} user=feedpush dbname={db} {rest}"
        ))
    };
    let ca_arg = format!("sslrootcert={}", ca.display());

    // verify-full with the authority: encrypted, and the store works over it.
    let full = url("localhost", &format!("sslmode=verify-full {ca_arg}"));
    let r = super::connect_check(&full).unwrap();
    assert!(r.tls, "{r:?}");
    assert!(
        r.server
            .split('.')
            .next()
            .is_some_and(|v| v.parse::<u32>().is_ok()),
        "{r:?}"
    );
    let store = PgStore::open(&full).unwrap();
    store.flush().unwrap();
    drop(store);

    // verify-full refuses a certificate that does not name the host connected to, and one
    // from an authority the system does not trust; neither is an outage to wait out.
    let e = super::connect_check(&url("127.0.0.1", &format!("sslmode=verify-full {ca_arg}")))
        .unwrap_err();
    assert!(!e.is_unavailable(), "{e}");
    assert!(e.to_string().contains("not valid for name"), "{e}");
    let e = super::connect_check(&url("localhost", "sslmode=verify-full")).unwrap_err();
    assert!(!e.is_unavailable(), "{e}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");

    // verify-ca takes any name under the authority; require encrypts without checking (as
    // libpq); disable does not encrypt.
    let r =
        super::connect_check(&url("127.0.0.1", &format!("sslmode=verify-ca {ca_arg}"))).unwrap();
    assert!(r.tls);
    let e = super::connect_check(&url("127.0.0.1", "sslmode=verify-ca")).unwrap_err();
    assert!(
        !e.is_unavailable(),
        "an untrusted authority is refused: {e}"
    );
    let r = super::connect_check(&url("127.0.0.1", "sslmode=require")).unwrap();
    assert!(r.tls);
    let r = super::connect_check(&url("127.0.0.1", "sslmode=disable")).unwrap();
    assert!(!r.tls);
}

#[test]
fn a_hand_edited_row_is_left_out_of_lists_and_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let url = super::testdb::database_for(dir.path());
    let store = PgStore::open(&options(url.clone())).unwrap();
    let sub = |jid: &str| crate::store::contract_suite::sub("n", jid, false);
    for jid in ["a@x", "bad@x", "c@x"] {
        Store::put_subscription(&store, &sub(jid)).unwrap();
    }
    super::testdb::execute(
        &url,
        "UPDATE subscriptions SET options = '\"not a subscription\"'::jsonb WHERE jid = 'bad@x'",
    )
    .unwrap();
    let listed: Vec<String> = Store::subscribers(&store, "n", None, 10)
        .unwrap()
        .into_iter()
        .map(|s| s.jid)
        .collect();
    assert_eq!(listed, ["a@x", "c@x"], "the others are still listed");
    // A full page stays full: the bad row's place is taken by the next (the drain reads a
    // short page as the last one).
    let page: Vec<String> = Store::subscribers(&store, "n", None, 2)
        .unwrap()
        .into_iter()
        .map(|s| s.jid)
        .collect();
    assert_eq!(page, ["a@x", "c@x"]);
    assert_eq!(
        Store::subscribers(&store, "n", Some("a@x"), 1).unwrap()[0].jid,
        "c@x"
    );
    // verify names it (table and key); read alone it is no subscription, so subscribing again
    // writes it whole.
    let v = crate::store::Admin::verify(&store).unwrap();
    assert_eq!(v.corrupt, ["subscriptions: n/bad@x"]);
    assert_eq!(Store::subscription(&store, "n", "bad@x").unwrap(), None);
    Store::put_subscription(&store, &sub("bad@x")).unwrap();
    assert_eq!(Store::subscribers(&store, "n", None, 10).unwrap().len(), 3);
    assert!(crate::store::Admin::verify(&store)
        .unwrap()
        .corrupt
        .is_empty());
}

/// `store verify` on PostgreSQL checks the contract's rules beyond decoding: a consistent store
/// has no finding; rows a hand edit left behind (a feed's row deleted alone, an item's hash
/// changed, a subscription deleted alone) are each named with the rule they break.
#[test]
fn verify_names_rows_that_break_the_stores_rules() {
    use crate::model::{Announce, Entry, FeedState, Origin};
    use crate::store::contract_suite::sub;
    let dir = tempfile::tempdir().unwrap();
    let url = super::testdb::database_for(dir.path());
    let store = PgStore::open(&options(url.clone())).unwrap();
    let all = Announce {
        new: true,
        updates: true,
    };
    for node in ["gone", "kept"] {
        let f = Store::ensure_feed(
            &store,
            FeedState::new(
                node,
                &format!("http://127.0.0.1/{node}"),
                None,
                Origin::Config,
            ),
        )
        .unwrap();
        let doc = [Entry::new("b", "hb"), Entry::new("a", "ha")];
        Store::apply_fetch(&store, &f, &doc, &[], 1, 20, all).unwrap();
        Store::put_subscription(&store, &sub(node, "a@x", true)).unwrap();
        let item = Store::items(&store, node, 1, None).unwrap().remove(0);
        Store::hold(&store, "a@x", node, &item, 2, 10).unwrap();
    }
    let v = crate::store::Admin::verify(&store).unwrap();
    assert!(v.corrupt.is_empty() && v.inconsistent.is_empty(), "{v:?}");

    for sql in [
        "DELETE FROM feeds WHERE node = 'gone'",
        "UPDATE items SET hash = 'edited' WHERE node = 'kept' AND id = 'a'",
        "DELETE FROM subscriptions WHERE node = 'kept'",
    ] {
        super::testdb::execute(&url, sql).unwrap();
    }
    let v = crate::store::Admin::verify(&store).unwrap();
    let found = |prefix: &str, rule: &str| {
        v.inconsistent
            .iter()
            .any(|f| f.starts_with(prefix) && f.contains(rule))
    };
    assert!(found("items: gone/", "of a node that is gone"), "{v:?}");
    assert!(found("seen: gone/a", "of a node that is gone"), "{v:?}");
    assert!(found("outbox: ", "of a node that is gone"), "{v:?}");
    assert!(
        found("subscriptions: gone/a@x", "no deletion pending"),
        "{v:?}"
    );
    assert!(found("items: kept/", "hash is not its entry's"), "{v:?}");
    assert!(found("backlog: a@x/kept/", "no longer subscribed"), "{v:?}");
    assert!(
        !v.inconsistent
            .iter()
            .any(|f| f.contains("kept") && f.starts_with("seen")),
        "{v:?}"
    );
    assert!(v.corrupt.is_empty(), "{v:?}");
}

/// A database an older build left (schema version 1, a feed whose times are in its state) is
/// brought to this build's version at open and reads the same; a database a newer build
/// left is refused, naming both versions.
#[test]
fn an_older_schema_is_migrated_and_a_newer_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = super::testdb::database_for(dir.path());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (mut client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let conn = tokio::spawn(conn);
        super::schema::embedded::migrations::runner()
            .set_target(refinery::Target::Version(1))
            .run_async(&mut client)
            .await
            .unwrap();
        drop(client);
        let _ = conn.await;
    });
    assert!(
        super::schema_version() > 1,
        "this build carries a newer schema"
    );
    let mut old = crate::model::FeedState::new(
        "old",
        "http://127.0.0.1/old.xml",
        None,
        crate::model::Origin::Config,
    );
    old.last_fetch = Some(1_234);
    old.next_due = Some(5_678);
    let state = serde_json::to_string(&old).unwrap().replace('\'', "''");
    super::testdb::execute(
        &url,
        &format!(
            "INSERT INTO feeds (node, url, node_folded, health, next_due, state) \
             VALUES ('old', 'http://127.0.0.1/old.xml', 'old', 'new', 5678, '{state}'::jsonb)"
        ),
    )
    .unwrap();

    let store = PgStore::open(&options(url.clone())).unwrap();
    let read = Store::feed(&store, "old").unwrap().unwrap();
    assert_eq!((read.last_fetch, read.next_due), (Some(1_234), Some(5_678)));
    // The times of a quiet poll go into the new columns and read back.
    let mut quiet = read.clone();
    quiet.last_fetch = Some(9_000);
    quiet.next_due = Some(9_500);
    Store::touch_feed(&store, &quiet);
    assert_eq!(Store::persist_touched(&store).unwrap(), 1);
    drop(store);
    let store = PgStore::open(&options(url.clone())).unwrap();
    let read = Store::feed(&store, "old").unwrap().unwrap();
    assert_eq!((read.last_fetch, read.next_due), (Some(9_000), Some(9_500)));
    drop(store);

    super::testdb::execute(
        &url,
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
         VALUES (99, 'from_the_future', '2030-01-01T00:00:00Z', '0')",
    )
    .unwrap();
    let e = PgStore::open(&options(url))
        .err()
        .expect("a newer schema is refused");
    let text = e.to_string();
    assert!(
        text.contains("99") && text.contains(&super::schema_version().to_string()),
        "{text}"
    );
    assert!(!e.is_unavailable(), "{text}");
}
