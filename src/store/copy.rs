//! Copying a stopped instance's store to another backend (`feedpush store copy`): every
//! record of every table as a neutral [`Record`] (what the store contract's backends share),
//! read from one store ([`Admin::export`]) and written into an empty one ([`Admin::import`]) in
//! batches, then read back from the target and compared table by table: the number of records
//! and a checksum of their contents ([`Tally`]). Item numbers, seen ids and their times,
//! outbox cursors and held items are copied as they are, and the target's numbering continues
//! above every number copied, so nothing is announced again or twice after the move.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use super::records::{NodeItems, Record};
use super::{Admin, StoreError};

/// A store named on the command line, and how to show it (a password withheld).
pub struct Place {
    /// Where it is.
    pub location: super::Location,
    /// For messages.
    pub shown: String,
}

/// A store named on the command line: `sled:DIR`, `postgres:URL` or `postgres-file:FILE` (a
/// file holding the URL, so its password stays out of the process list). A `source` in a
/// directory must hold a store (opening one would make an empty store there). Why not, in
/// words.
pub fn place(spec: &str, source: bool) -> Result<Place, String> {
    let postgres = |url: String| -> Result<Place, String> {
        super::postgres::check_url(&url)?;
        Ok(Place {
            shown: format!("{} (PostgreSQL)", super::postgres::shown_url(&url)),
            location: super::Location::Postgres(super::postgres::PgOptions {
                url,
                pool_size: super::DEFAULT_POOL_SIZE,
                connect_timeout: std::time::Duration::from_secs(5),
            }),
        })
    };
    match spec.split_once(':') {
        Some(("sled", dir)) if !dir.is_empty() => {
            let path = std::path::PathBuf::from(dir);
            if source && !super::sled::SledStore::exists_at(&path) {
                return Err(
                    "no store there (nothing is copied from a directory without one)".into(),
                );
            }
            Ok(Place {
                shown: format!("{dir} (sled)"),
                location: super::Location::Embedded {
                    path,
                    cache_mb: super::DEFAULT_CACHE_MB,
                },
            })
        }
        Some(("postgres", url)) if !url.is_empty() => postgres(url.to_owned()),
        Some(("postgres-file", file)) if !file.is_empty() => {
            let url =
                std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            postgres(url.trim().to_owned())
        }
        _ => Err("not a store: write sled:DIR, postgres:URL or postgres-file:FILE".into()),
    }
}

/// A place as given on the command line, for messages: a PostgreSQL URL's password withheld.
pub fn shown_place(spec: &str) -> String {
    match spec.split_once(':') {
        Some(("postgres", url)) => format!("postgres:{}", super::postgres::shown_url(url)),
        _ => spec.to_owned(),
    }
}

/// Records handed to the target per [`Admin::import`] call.
const BATCH: usize = 500;

/// Records and a checksum per table: the sum (mod 2⁶⁴) of the first 8 bytes of each record's
/// SHA-256, so the order records are read in does not matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Table → (records, checksum).
    pub tables: BTreeMap<&'static str, (u64, u64)>,
}

impl Tally {
    fn add<T: Serialize>(&mut self, table: &'static str, value: &T) {
        let json = serde_json::to_vec(value).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        let e = self.tables.entry(table).or_default();
        e.0 += 1;
        e.1 = e.1.wrapping_add(u64::from_be_bytes(first));
    }

    /// Count a record under its table(s): a node's items, seen ids and times each count apart.
    pub fn record(&mut self, r: &Record) {
        match r {
            Record::Feed(f) => self.add("feeds", f),
            Record::Unfollowed { .. } => self.add("unfollowed", r),
            Record::Node(n) => {
                for i in &n.items {
                    self.add("items", &(&n.node, i));
                }
                for s in &n.seen {
                    self.add("seen", &(&n.node, s));
                }
                if n.changed_at.is_some() || n.last_prune.is_some() {
                    self.add("nodes", &(&n.node, n.changed_at, n.last_prune));
                }
            }
            Record::Subscription(s) => self.add("subscriptions", s),
            Record::Affiliation { .. } => self.add("affiliations", r),
            Record::Job(j) => self.add("outbox", j),
            Record::Held { .. } => self.add("backlog", r),
            Record::Skipped { .. } => self.add("backlog_skipped", r),
            Record::Avatar { node, avatar } => self.add("avatars", &(node, avatar, &avatar.png)),
            Record::Numbers { .. } => {}
        }
    }
}

/// What a copy did.
#[derive(Debug)]
pub struct Copied {
    /// Per table: records and checksum, the same in source and target.
    pub tally: Tally,
}

/// Copy every record of `from` into `to`, which must be empty, then read `to` back and compare
/// (counts and checksums per table). `to` is flushed before the comparison.
pub fn copy(from: &dyn Admin, to: &dyn Admin) -> Result<Copied, StoreError> {
    if !to.is_empty()? {
        return Err(StoreError::CopyTarget(
            "the target store is not empty (a copy goes into a new store only)".into(),
        ));
    }
    let mut source = Tally::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut above = 0u64;
    from.export(&mut |r| {
        source.record(&r);
        above = above.max(r.number());
        batch.push(r);
        if batch.len() >= BATCH {
            to.import(std::mem::take(&mut batch))?;
        }
        Ok(())
    })?;
    batch.push(Record::Numbers { above });
    to.import(batch)?;
    to.flush()?;
    let mut target = Tally::default();
    to.export(&mut |r| {
        target.record(&r);
        Ok(())
    })?;
    let tables: std::collections::BTreeSet<_> = source
        .tables
        .keys()
        .chain(target.tables.keys())
        .copied()
        .collect();
    for t in tables {
        let (a, b) = (source.tables.get(t), target.tables.get(t));
        if a != b {
            let (a, b) = (
                a.copied().unwrap_or_default(),
                b.copied().unwrap_or_default(),
            );
            return Err(StoreError::CopyTarget(format!(
                "{t}: the source has {} records (checksum {:016x}), the copy {} ({:016x})",
                a.0, a.1, b.0, b.1
            )));
        }
    }
    Ok(Copied { tally: source })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::model::{
        AccessModel, Affiliation, Announce, Avatar, Entry, FeedState, NodeOptions, Origin,
        Published,
    };
    use crate::store::contract_suite::{entry, sub};
    use crate::store::postgres::{testdb, PgOptions, PgStore};
    use crate::store::sled::SledStore;

    const ALL: Announce = Announce {
        new: true,
        updates: true,
    };

    fn postgres(dir: &std::path::Path) -> Arc<dyn Admin> {
        Arc::new(
            PgStore::open(&PgOptions {
                url: testdb::database_for(dir),
                pool_size: 4,
                connect_timeout: Duration::from_secs(10),
            })
            .unwrap(),
        )
    }

    /// A store with a record of every kind: a polled feed (items, seen ids of trimmed and
    /// current entries, prune time), a user feed nobody follows, a push node with options
    /// and affiliations, subscriptions (one a contact), a job half delivered, a retraction
    /// job, held items with a skip count, an avatar with its PNG.
    fn fill(s: &dyn Admin) {
        let f = s
            .ensure_feed(FeedState::new(
                "news",
                "http://127.0.0.1/n.xml",
                None,
                Origin::Config,
            ))
            .unwrap();
        let doc: Vec<Entry> = (0..4).rev().map(|i| entry(&i.to_string(), "h")).collect();
        s.apply_fetch(&f, &doc, &[], 1_000, 3, ALL).unwrap();
        let doc: Vec<Entry> = (0..5).rev().map(|i| entry(&i.to_string(), "h")).collect();
        s.apply_fetch(&f, &doc, &[], 2_000, 3, ALL).unwrap();
        let user = FeedState::new(
            "u-1",
            "http://127.0.0.1/u.xml",
            None,
            Origin::User {
                owner: "alice@localhost".into(),
            },
        );
        s.ensure_feed(user).unwrap();
        s.mark_followed("u-1", 5_000).unwrap();
        let push = s
            .ensure_feed(FeedState::push("blog", None, Origin::Push))
            .unwrap();
        let options = NodeOptions {
            access_model: AccessModel::Whitelist,
            max_items: Some(50),
            ..push.options.clone()
        };
        s.set_node_options("blog", &options).unwrap();
        s.publish("blog", &entry("p1", "x"), 3_000, 50, ALL, false)
            .unwrap();
        s.publish("blog", &entry("p2", "y"), 3_100, 50, ALL, false)
            .unwrap();
        s.retract("blog", "p1", true, false, 3_200).unwrap();
        s.set_affiliation("blog", "owner@localhost", Some(Affiliation::Owner))
            .unwrap();
        s.set_affiliation("blog", "bob@localhost", Some(Affiliation::Publisher))
            .unwrap();
        s.put_subscription(&sub("news", "alice@localhost", false))
            .unwrap();
        s.put_subscription(&sub("news", "bob@localhost", true))
            .unwrap();
        s.put_subscription(&sub("blog", "carol@example.org", false))
            .unwrap();
        let jobs = s.jobs(100).unwrap();
        assert!(jobs.len() >= 3, "{jobs:?}");
        s.advance_job(&jobs[0], "alice@localhost").unwrap();
        // Three held where two fit: the oldest is dropped and counted.
        for (t, item) in s.items("news", 3, None).unwrap().iter().rev().enumerate() {
            s.hold("bob@localhost", "news", item, 4_000 + t as i64, 2)
                .unwrap();
        }
        s.put_avatar(
            "news",
            &Avatar {
                source: "http://127.0.0.1/logo.png".into(),
                png: vec![0x89, b'P', b'N', b'G', 1, 2, 3],
                sha1: "abc".into(),
                checked_at: 6_000,
                error: None,
            },
        )
        .unwrap();
        s.flush().unwrap();
    }

    fn tally(s: &dyn Admin) -> Tally {
        let mut t = Tally::default();
        s.export(&mut |r| {
            t.record(&r);
            Ok(())
        })
        .unwrap();
        t
    }

    /// What a copy must carry on: the numbering above every copied number, the seen ids (the
    /// same document again brings nothing new), the cursor of a half-delivered job, the
    /// options, the held items.
    fn carries_on(from: &dyn Admin, to: &dyn Admin) {
        let highest = from
            .items("blog", 1, None)
            .unwrap()
            .first()
            .map(|i| i.seq)
            .unwrap();
        match to
            .publish("blog", &entry("p3", "z"), 9_000, 50, ALL, false)
            .unwrap()
        {
            Published::New(i) => assert!(i.seq > highest, "{} after {highest}", i.seq),
            other => panic!("{other:?}"),
        }
        let f = to.feed("news").unwrap().unwrap();
        let doc: Vec<Entry> = (0..5).rev().map(|i| entry(&i.to_string(), "h")).collect();
        let again = to.apply_fetch(&f, &doc, &[], 9_100, 3, ALL).unwrap();
        assert!(
            again.new.is_empty() && again.updated.is_empty(),
            "{again:?}"
        );
        assert_eq!(to.jobs(100).unwrap()[..2], from.jobs(100).unwrap()[..2]);
        assert_eq!(
            to.feed("blog").unwrap().unwrap().options.access_model,
            AccessModel::Whitelist
        );
        assert_eq!(
            to.backlog("bob@localhost").unwrap(),
            from.backlog("bob@localhost").unwrap()
        );
        assert_eq!(to.avatar("news").unwrap(), from.avatar("news").unwrap());
        assert_eq!(to.subscriptions_of("bob@localhost").unwrap().len(), 1);
    }

    #[test]
    fn sled_to_postgres_and_back_keeps_every_record() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let sled: Arc<dyn Admin> = Arc::new(SledStore::open(a.path()).unwrap());
        fill(&*sled);
        let pg = postgres(b.path());
        let copied = copy(&*sled, &*pg).unwrap();
        for table in [
            "feeds",
            "unfollowed",
            "nodes",
            "items",
            "seen",
            "subscriptions",
            "affiliations",
            "outbox",
            "backlog",
            "backlog_skipped",
            "avatars",
        ] {
            assert!(
                copied.tally.tables.get(table).is_some_and(|(n, _)| *n > 0),
                "{table} was not exercised: {:?}",
                copied.tally.tables
            );
        }
        assert_eq!(tally(&*pg), copied.tally);
        let back: Arc<dyn Admin> = Arc::new(SledStore::open(c.path()).unwrap());
        let again = copy(&*pg, &*back).unwrap();
        assert_eq!(again.tally, copied.tally, "the round trip changed a record");
        carries_on(&*sled, &*pg);
        carries_on(&*sled, &*back);
    }

    #[test]
    fn a_target_that_is_not_empty_is_refused_and_left_alone() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let sled: Arc<dyn Admin> = Arc::new(SledStore::open(a.path()).unwrap());
        fill(&*sled);
        let pg = postgres(b.path());
        pg.put_subscription(&sub("x", "zed@localhost", false))
            .unwrap();
        let before = tally(&*pg);
        let e = copy(&*sled, &*pg).unwrap_err();
        assert!(matches!(e, StoreError::CopyTarget(_)), "{e}");
        assert!(e.to_string().contains("not empty"), "{e}");
        assert_eq!(tally(&*pg), before);
        let other = tempfile::tempdir().unwrap();
        let full: Arc<dyn Admin> = Arc::new(SledStore::open(other.path()).unwrap());
        full.put_subscription(&sub("x", "zed@localhost", false))
            .unwrap();
        assert!(matches!(
            copy(&*pg, &*full).unwrap_err(),
            StoreError::CopyTarget(_)
        ));
    }
}
