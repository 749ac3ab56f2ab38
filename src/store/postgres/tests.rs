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
