//! Several instances on one database (`instances`, `leases`): joining under a unique name,
//! saying it is alive, taking, renewing and giving back leases, and the fence that refuses a
//! poll's result written under a lease that no longer holds. Every time is the database's
//! (`now()`).

use std::collections::HashMap;
use std::time::Duration;

use deadpool_postgres::GenericClient;

use super::{PgStore, Prepared, StoreError};
use crate::store::cluster::{Cluster, Held, Joining, Lease, Member, PresenceChange, Wakes};

/// What this instance holds, as the writes of poll results check it.
#[derive(Debug, Clone, Default)]
pub(super) struct Fence {
    /// The instance's name.
    pub(super) me: String,
    /// Poll leases held: web host → generation.
    pub(super) polls: HashMap<String, u64>,
    /// The parts of the outbox this instance delivers (its drain reads only their jobs).
    pub(super) parts: Vec<i16>,
}

impl Fence {
    /// The lease and generation under which a feed of `host` is polled here, or why not.
    pub(super) fn poll(&self, host: Option<&str>) -> Option<(String, i64)> {
        let host = host?;
        let generation = self.polls.get(host)?;
        Some((
            Lease::Poll(host.to_owned()).key(),
            super::db_num(*generation),
        ))
    }
}

/// The transaction lock presence writers take turns on (any number that no other lock of
/// feedpush uses).
const PRESENCE_LOCK: i64 = 0x6665_6564_7072_6573;

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn held(rows: &[tokio_postgres::Row]) -> Held {
    rows.iter()
        .filter_map(|r| {
            let what: String = r.get(0);
            Some((Lease::from_key(&what)?, super::num(r.get(1))))
        })
        .collect()
}

/// Listen for queued jobs and presence changes on a connection of its own until it breaks,
/// calling the matching wake for each notification.
async fn listen(
    config: &tokio_postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
    wakes: &Wakes,
) -> Result<(), tokio_postgres::Error> {
    use futures::StreamExt;
    let (client, mut connection) = config.connect(tls).await?;
    let mut messages = futures::stream::poll_fn(move |cx| connection.poll_message(cx));
    // The connection is driven by reading its messages, while LISTEN is sent.
    let listening = client.batch_execute("LISTEN feedpush_outbox; LISTEN feedpush_presence");
    tokio::pin!(listening);
    let mut listened = false;
    loop {
        tokio::select! {
            r = &mut listening, if !listened => {
                r?;
                listened = true;
                tracing::debug!("listening for queued notifications and presence changes");
                // What came while nobody listened: looked at now.
                (wakes.queued)();
                (wakes.presence)();
            }
            m = messages.next() => match m {
                Some(Ok(tokio_postgres::AsyncMessage::Notification(n))) => match n.channel() {
                    "feedpush_presence" => (wakes.presence)(),
                    _ => (wakes.queued)(),
                },
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
        }
    }
}

/// Take up to `want` leases named like `pattern` that nobody holds or whose end has passed
/// (those another instance is taking now are skipped, never waited for).
async fn claim_free(
    c: &impl GenericClient,
    pattern: &str,
    me: &str,
    want: i64,
    lease: Duration,
) -> Result<Held, StoreError> {
    let rows = c
        .rows(
            "WITH free AS (SELECT what FROM leases \
               WHERE what LIKE $4 AND (owner IS NULL OR until < now()) \
               ORDER BY what LIMIT $2 FOR UPDATE SKIP LOCKED) \
             UPDATE leases l SET owner = $1, until = now() + $3 * interval '1 second', \
               generation = l.generation + 1 \
             FROM free WHERE l.what = free.what RETURNING l.what, l.generation",
            &[&me, &want, &secs(lease), &pattern],
        )
        .await?;
    Ok(held(&rows))
}

/// Presence rows (jid, resource, show, …) as changes.
fn changes_of(rows: &[tokio_postgres::Row]) -> Vec<PresenceChange> {
    rows.iter()
        .map(|r| PresenceChange {
            jid: r.get(0),
            resource: r.get(1),
            show: r.get(2),
        })
        .collect()
}

/// The instance that has `name`, as [`StoreError::NameTaken`] names it.
async fn taken(c: &impl GenericClient, name: &str) -> Result<StoreError, StoreError> {
    let row = c
        .row(
            "SELECT machine, pid, extract(epoch FROM now() - last_seen)::float8 \
             FROM instances WHERE name = $1",
            &[&name],
        )
        .await?;
    let pid: i32 = row.get(1);
    let ago: f64 = row.get(2);
    Ok(StoreError::NameTaken {
        name: name.to_owned(),
        machine: row.get(0),
        pid: pid.unsigned_abs(),
        seen_secs: ago.max(0.0) as u64,
    })
}

impl Cluster for PgStore {
    fn join(&self, me: &Joining, lease: Duration) -> Result<(), StoreError> {
        let me = me.clone();
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let pid = i32::try_from(me.pid).unwrap_or(i32::MAX);
            let joined = tx
                .row_opt(
                    "INSERT INTO instances (name, machine, pid, started_at, last_seen, \
                       config_hash, config_at) \
                     VALUES ($1, $2, $3, now(), now(), $5, now()) \
                     ON CONFLICT (name) DO UPDATE SET machine = EXCLUDED.machine, \
                       pid = EXCLUDED.pid, started_at = now(), last_seen = now(), \
                       link_held = false, config_hash = $5, config_at = now() \
                     WHERE instances.last_seen < now() - $4 * interval '1 second' \
                     RETURNING name",
                    &[&me.name, &me.machine, &pid, &secs(lease), &me.config],
                )
                .await?;
            if joined.is_none() {
                let refused = taken(&tx, &me.name).await?;
                tx.rollback().await?;
                return Err(refused);
            }
            // What an earlier life under this name held is free at once.
            tx.run(
                "UPDATE leases SET owner = NULL, until = '-infinity' WHERE owner = $1",
                &[&me.name],
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn renew(&self, me: &Joining, lease: Duration, link_held: bool) -> Result<Held, StoreError> {
        let me = me.clone();
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let pid = i32::try_from(me.pid).unwrap_or(i32::MAX);
            let seen = tx
                .run(
                    "UPDATE instances SET last_seen = now(), link_held = $2 \
                     WHERE name = $1 AND machine = $3 AND pid = $4",
                    &[&me.name, &link_held, &me.machine, &pid],
                )
                .await?;
            if seen == 0 {
                let refused = taken(&tx, &me.name).await;
                tx.rollback().await?;
                return Err(refused.unwrap_or(StoreError::NameTaken {
                    name: me.name,
                    machine: "nowhere (this instance was forgotten)".into(),
                    pid: 0,
                    seen_secs: 0,
                }));
            }
            let rows = tx
                .rows(
                    "UPDATE leases SET until = now() + $2 * interval '1 second' \
                     WHERE owner = $1 AND until > now() RETURNING what, generation",
                    &[&me.name, &secs(lease)],
                )
                .await?;
            tx.commit().await?;
            Ok(held(&rows))
        })
    }

    fn claim_polls(&self, me: &str, want: usize, lease: Duration) -> Result<Held, StoreError> {
        if want == 0 {
            return Ok(Held::new());
        }
        let (me, want) = (me.to_owned(), super::db_num(want as u64));
        self.call(move |pool| async move {
            let c = pool.get().await?;
            // Every host with feeds has its lease row (a host seen first is free).
            c.run(
                "INSERT INTO leases (what) SELECT DISTINCT 'poll ' || host FROM feeds \
                 WHERE host IS NOT NULL AND host <> '' ON CONFLICT (what) DO NOTHING",
                &[],
            )
            .await?;
            claim_free(&c, "poll %", &me, want, lease).await
        })
    }

    fn claim_outbox(&self, me: &str, want: usize, lease: Duration) -> Result<Held, StoreError> {
        if want == 0 {
            return Ok(Held::new());
        }
        let (me, want) = (me.to_owned(), super::db_num(want as u64));
        self.call(move |pool| async move {
            let c = pool.get().await?;
            claim_free(&c, "outbox %", &me, want, lease).await
        })
    }

    fn claim(&self, me: &str, what: &Lease, lease: Duration) -> Result<Option<u64>, StoreError> {
        let (me, what) = (me.to_owned(), what.key());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let row = c
                .row_opt(
                    "INSERT INTO leases AS l (what, owner, until, generation) \
                     VALUES ($2, $1, now() + $3 * interval '1 second', 1) \
                     ON CONFLICT (what) DO UPDATE SET owner = $1, until = EXCLUDED.until, \
                       generation = l.generation + 1 \
                     WHERE l.owner IS NULL OR l.until < now() \
                     RETURNING generation",
                    &[&me, &what, &secs(lease)],
                )
                .await?;
            Ok(row.map(|r| super::num(r.get(0))))
        })
    }

    fn loaded(&self, me: &str, config: &str) -> Result<(), StoreError> {
        let (me, config) = (me.to_owned(), config.to_owned());
        self.call(move |pool| async move {
            let c = pool.get().await?;
            c.run(
                "UPDATE instances SET config_hash = $2, config_at = now() WHERE name = $1",
                &[&me, &config],
            )
            .await?;
            Ok(())
        })
    }

    fn put_presence(&self, changes: &[PresenceChange]) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let (mut jids, mut resources, mut shows, mut order) = (vec![], vec![], vec![], vec![]);
        for (i, c) in changes.iter().enumerate() {
            jids.push(c.jid.clone());
            resources.push(c.resource.clone());
            shows.push(c.show.clone());
            order.push(i as i64);
        }
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            // Writers take turns until they commit: changes commit in `seq` order, so a
            // reader never sees a later one without every earlier one.
            tx.run("SELECT pg_advisory_xact_lock($1)", &[&PRESENCE_LOCK])
                .await?;
            // The last change of a resource in the batch wins (one row each).
            tx.run(
                "INSERT INTO presence AS p (jid, resource, show, seq, at) \
                 SELECT jid, resource, show, nextval('presence_seq'), now() \
                 FROM (SELECT DISTINCT ON (jid, resource) jid, resource, show \
                       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) \
                         AS u(jid, resource, show, i) \
                       ORDER BY jid, resource, i DESC) last \
                 ON CONFLICT (jid, resource) DO UPDATE SET show = EXCLUDED.show, \
                   seq = EXCLUDED.seq, at = EXCLUDED.at",
                &[&jids, &resources, &shows, &order],
            )
            .await?;
            // The others read it now rather than at their next look.
            tx.run("SELECT pg_notify('feedpush_presence', '')", &[])
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn presence_since(&self, cursor: i64) -> Result<(Vec<PresenceChange>, i64), StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = if cursor == 0 {
                // From nothing: where the sequence stands first (every change up to it has
                // committed: writers commit in order), then who is there up to it; what
                // commits meanwhile comes next time.
                let upto: i64 = c
                    .row("SELECT coalesce(max(seq), 0) FROM presence", &[])
                    .await?
                    .get(0);
                let rows = c
                    .rows(
                        "SELECT jid, resource, show, seq FROM presence \
                         WHERE seq <= $1 AND show IS NOT NULL ORDER BY seq",
                        &[&upto],
                    )
                    .await?;
                return Ok((changes_of(&rows), upto));
            } else {
                c.rows(
                    "SELECT jid, resource, show, seq FROM presence WHERE seq > $1 ORDER BY seq",
                    &[&cursor],
                )
                .await?
            };
            let next = rows.last().map_or(cursor, |r| r.get::<_, i64>(3));
            Ok((changes_of(&rows), next))
        })
    }

    fn prune_presence(&self, gone: Duration) -> Result<u64, StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.run(
                "DELETE FROM presence WHERE show IS NULL AND at < now() - $1 * interval '1 second'",
                &[&secs(gone)],
            )
            .await?)
        })
    }

    fn on_notified(&self, wakes: Wakes) {
        let (mut config, tls) = self.inner.own.clone();
        // The listener is idle by nature: TCP keep-alive finds a connection that a firewall
        // or a failover dropped silently, within about a minute.
        config
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .keepalives_interval(Duration::from_secs(10))
            .keepalives_retries(3);
        let shown = self.inner.shown.clone();
        self.inner.handle.spawn(async move {
            let mut failures = 0u32;
            loop {
                let since = tokio::time::Instant::now();
                let heard = listen(&config, tls.clone(), &wakes).await;
                if since.elapsed() > Duration::from_secs(30) {
                    // It held: a break after that is a first failure again.
                    failures = 0;
                }
                let e = match heard {
                    Ok(()) => "the connection closed".to_owned(),
                    Err(e) => e.to_string(),
                };
                failures += 1;
                if failures == 1 {
                    tracing::warn!(database = %shown, error = %e, "not hearing of queued notifications; the outbox is looked at every few seconds until the database answers again");
                }
                let wait = crate::backoff::doubling(
                    Duration::from_millis(500),
                    failures,
                    Duration::from_secs(30),
                );
                tokio::time::sleep(wait).await;
            }
        });
    }

    fn release(&self, me: &str, leases: &[Lease]) -> Result<(), StoreError> {
        let me = me.to_owned();
        let keys: Vec<String> = leases.iter().map(Lease::key).collect();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            c.run(
                "UPDATE leases SET owner = NULL, until = '-infinity' \
                 WHERE owner = $1 AND what = ANY($2)",
                &[&me, &keys],
            )
            .await?;
            Ok(())
        })
    }

    fn leave(&self, me: &str) -> Result<(), StoreError> {
        let me = me.to_owned();
        self.call(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.run(
                "UPDATE leases SET owner = NULL, until = '-infinity' WHERE owner = $1",
                &[&me],
            )
            .await?;
            tx.run("DELETE FROM instances WHERE name = $1", &[&me])
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn members(&self, lease: Duration) -> Result<Vec<Member>, StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let rows = c
                .rows(
                    "SELECT i.name, i.machine, i.pid, \
                       (extract(epoch FROM i.started_at) * 1000)::bigint, \
                       (extract(epoch FROM i.last_seen) * 1000)::bigint, i.link_held, \
                       (SELECT count(*) FROM leases l WHERE l.owner = i.name AND l.until > now()), \
                       i.last_seen > now() - $1 * interval '1 second', i.config_hash, \
                       (extract(epoch FROM i.config_at) * 1000)::bigint \
                     FROM instances i ORDER BY i.name",
                    &[&secs(lease)],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| Member {
                    name: r.get(0),
                    machine: r.get(1),
                    pid: r.get::<_, i32>(2).unsigned_abs(),
                    started_ms: r.get(3),
                    seen_ms: r.get(4),
                    link_held: r.get(5),
                    leases: usize::try_from(r.get::<_, i64>(6)).unwrap_or(0),
                    live: r.get(7),
                    config: r.get(8),
                    config_ms: r.get(9),
                })
                .collect())
        })
    }

    fn poll_leases(&self) -> Result<usize, StoreError> {
        self.call(move |pool| async move {
            let c = pool.get().await?;
            let n: i64 = c
                .row(
                    "SELECT count(DISTINCT host) FROM feeds WHERE host IS NOT NULL AND host <> ''",
                    &[],
                )
                .await?
                .get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    fn polled_nodes(&self, me: &str) -> Result<Vec<String>, StoreError> {
        let me = me.to_owned();
        self.call(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.rows(
                "SELECT f.node FROM feeds f JOIN leases l ON l.what = 'poll ' || f.host \
                 WHERE l.owner = $1 AND l.until > now() ORDER BY f.node",
                &[&me],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })
    }

    fn fence(&self, me: &str, held: &Held) {
        let polls = held
            .iter()
            .filter_map(|(l, g)| match l {
                Lease::Poll(host) => Some((host.clone(), *g)),
                Lease::Link | Lease::Outbox(_) => None,
            })
            .collect();
        let mut parts: Vec<i16> = (held.keys())
            .filter_map(|l| match l {
                Lease::Outbox(p) => i16::try_from(*p).ok(),
                _ => None,
            })
            .collect();
        parts.sort_unstable();
        *self.inner.fence.lock().unwrap_or_else(|p| p.into_inner()) = Some(Fence {
            me: me.to_owned(),
            polls,
            parts,
        });
        // Nothing is kept as last read from now on: other instances write the same rows.
        self.forget_all();
    }
}

impl PgStore {
    /// The parts of the outbox this instance delivers: None alone (all of it).
    pub(super) fn outbox_parts(&self) -> Option<Vec<i16>> {
        (self.inner.fence.lock().unwrap_or_else(|p| p.into_inner()))
            .as_ref()
            .map(|f| f.parts.clone())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::super::{testdb, PgOptions, PgStore, Prepared};
    use crate::model::{Announce, Entry, FeedState, Origin};
    use crate::store::cluster::{Cluster, Joining, Lease, PresenceChange, Wakes};
    use crate::store::{Store, StoreError};

    const LONG: Duration = Duration::from_secs(60);

    fn open(url: &str) -> PgStore {
        let opts = PgOptions {
            url: url.to_owned(),
            pool_size: 2,
            connect_timeout: Duration::from_secs(10),
        };
        PgStore::open(&opts).unwrap()
    }

    fn joining(name: &str, pid: u32) -> Joining {
        Joining {
            name: name.into(),
            machine: "m1".into(),
            pid,
            config: "c1".into(),
        }
    }

    fn feed(node: &str, url: &str) -> FeedState {
        FeedState::new(node, url, None, Origin::Config)
    }

    /// Four web hosts with feeds, and a push node (no host).
    fn feeds(s: &PgStore) {
        for (i, host) in ["a.example", "b.example", "c.example", "d.example"]
            .iter()
            .enumerate()
        {
            for j in 0..2 {
                Store::ensure_feed(
                    s,
                    feed(&format!("f{i}{j}"), &format!("http://{host}/{j}.xml")),
                )
                .unwrap();
            }
        }
        Store::ensure_feed(s, FeedState::new("push", "", None, Origin::Config)).unwrap();
    }

    #[test]
    fn the_host_column_is_the_url_crates_host() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let s = open(&url);
        let urls = [
            "HTTP://Example.ORG/feed",
            "https://user:p%40ss@example.net:8443/x?y=1#z",
            "http://[::1]:8080/f",
            "http://127.0.0.1/f",
            "https://bücher.example/feed",
            "http://host.example?x=1",
        ];
        for (i, u) in urls.iter().enumerate() {
            let f = feed(&format!("n{i}"), u);
            Store::ensure_feed(&s, f.clone()).unwrap();
            let got = s
                .call({
                    let node = f.node.clone();
                    move |pool| async move {
                        let c = pool.get().await?;
                        let r = c
                            .query_one("SELECT host FROM feeds WHERE node = $1", &[&node])
                            .await?;
                        Ok(r.get::<_, Option<String>>(0))
                    }
                })
                .unwrap();
            assert_eq!(got, crate::store::feed_keys::host(&f), "{u}");
        }
    }

    #[test]
    fn instances_share_the_hosts_and_a_live_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let (a, b) = (open(&url), open(&url));
        feeds(&a);
        a.join(&joining("a", 1), LONG).unwrap();
        b.join(&joining("b", 2), LONG).unwrap();
        // A second "a" while the first is live: refused, naming the first.
        match b.join(&joining("a", 3), LONG) {
            Err(StoreError::NameTaken {
                name, pid, machine, ..
            }) => {
                assert_eq!((name.as_str(), pid, machine.as_str()), ("a", 1, "m1"))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(a.poll_leases().unwrap(), 4, "push nodes have no host");
        let first = a.claim_polls("a", 2, LONG).unwrap();
        assert_eq!(first.len(), 2);
        let rest = b.claim_polls("b", 10, LONG).unwrap();
        assert_eq!(rest.len(), 2, "only the free ones");
        assert!(first.keys().all(|l| !rest.contains_key(l)));
        assert!(a.claim_polls("a", 10, LONG).unwrap().is_empty());
        assert_eq!(a.renew(&joining("a", 1), LONG, true).unwrap(), first);
        let members = a.members(LONG).unwrap();
        let seen: Vec<(&str, usize, bool, bool)> = members
            .iter()
            .map(|m| (m.name.as_str(), m.leases, m.live, m.link_held))
            .collect();
        assert_eq!(seen, [("a", 2, true, true), ("b", 2, true, false)]);
        // What each runs, and when it loaded it: a reload is the latest.
        assert!(members.iter().all(|m| m.config == "c1"));
        a.loaded("a", "c2").unwrap();
        let members = a.members(LONG).unwrap();
        assert_eq!(members[0].config, "c2");
        assert!(members[0].config_ms >= members[1].config_ms);
        // One given back is free for the other at once, under a new generation.
        let (given, generation) = first.iter().next().map(|(l, g)| (l.clone(), *g)).unwrap();
        Cluster::release(&a, "a", std::slice::from_ref(&given)).unwrap();
        let taken = b.claim_polls("b", 1, LONG).unwrap();
        assert_eq!(taken.get(&given), Some(&(generation + 1)));
        // Leaving gives back the rest; the name is free again.
        a.leave("a").unwrap();
        assert_eq!(b.claim_polls("b", 10, LONG).unwrap().len(), 1);
        assert_eq!(b.members(LONG).unwrap().len(), 1);
        a.join(&joining("a", 4), LONG).unwrap();
        // The link: one holder at a time.
        assert_eq!(a.claim("a", &Lease::Link, LONG).unwrap(), Some(1));
        assert_eq!(b.claim("b", &Lease::Link, LONG).unwrap(), None);
    }

    #[test]
    fn presence_written_by_one_is_read_by_the_other_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let (a, b) = (open(&url), open(&url));
        let change = |jid: &str, resource: &str, show: Option<&str>| PresenceChange {
            jid: jid.into(),
            resource: resource.into(),
            show: show.map(str::to_owned),
        };
        // Nothing yet: the cursor where the sequence stands.
        let (none, start) = b.presence_since(0).unwrap();
        assert!(none.is_empty());
        // One batch: the last change of a resource wins.
        a.put_presence(&[
            change("u@x", "phone", Some("away")),
            change("u@x", "laptop", Some("online")),
            change("u@x", "phone", Some("dnd")),
        ])
        .unwrap();
        let (seen, cursor) = b.presence_since(start).unwrap();
        let mut got: Vec<_> = seen
            .iter()
            .map(|c| (c.resource.as_str(), c.show.as_deref()))
            .collect();
        got.sort();
        assert_eq!(got, [("laptop", Some("online")), ("phone", Some("dnd"))]);
        // Later changes, by the other: only those are read from the cursor on.
        b.put_presence(&[change("u@x", "phone", None)]).unwrap();
        let (seen, cursor2) = a.presence_since(cursor).unwrap();
        assert_eq!(seen, [change("u@x", "phone", None)]);
        assert!(cursor2 > cursor);
        assert!(a.presence_since(cursor2).unwrap().0.is_empty());
        // An instance that starts reads who is there, not who went.
        let (now, _) = open(&url).presence_since(0).unwrap();
        assert_eq!(now, [change("u@x", "laptop", Some("online"))]);
        // What went is forgotten after a while; what is there stays.
        assert_eq!(a.prune_presence(Duration::ZERO).unwrap(), 1);
        assert_eq!(open(&url).presence_since(0).unwrap().0.len(), 1);
    }

    #[test]
    fn a_job_queued_or_a_presence_recorded_by_one_instance_wakes_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let (a, b) = (open(&url), open(&url));
        let woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let w = woken.clone();
        let presence = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let p = presence.clone();
        a.on_notified(Wakes {
            queued: Box::new(move || {
                w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }),
            presence: Box::new(move || {
                p.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }),
        });
        let count = || woken.load(std::sync::atomic::Ordering::SeqCst);
        let wait_above = |n: usize| {
            let started = Instant::now();
            while count() <= n {
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "not woken: {}",
                    count()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        // Once when it starts listening (jobs queued before it did are looked at).
        wait_above(0);
        let queue = |key: i64| {
            b.call(move |pool| async move {
                let c = pool.get().await?;
                c.run(
                    "INSERT INTO outbox (key, node, item_seq, is_update, kind) \
                     VALUES ($1, 'n', 0, false, 'purge')",
                    &[&key],
                )
                .await?;
                Ok(())
            })
            .unwrap()
        };
        // A cluster (notifications are sent while instances are known): a job queued by b
        // wakes a, and each one does.
        b.join(&joining("b", 2), LONG).unwrap();
        for key in 1..=3 {
            let before = count();
            queue(key);
            wait_above(before);
        }
        // A presence recorded by b wakes a's presence side.
        let before = presence.load(std::sync::atomic::Ordering::SeqCst);
        b.put_presence(&[PresenceChange {
            jid: "u@x".into(),
            resource: "r".into(),
            show: Some("away".into()),
        }])
        .unwrap();
        let started = Instant::now();
        while presence.load(std::sync::atomic::Ordering::SeqCst) <= before {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "presence not heard of"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn the_drain_of_one_of_a_cluster_reads_the_outbox_parts_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let (a, b) = (open(&url), open(&url));
        a.join(&joining("a", 1), LONG).unwrap();
        b.join(&joining("b", 2), LONG).unwrap();
        b.call(|pool| async move {
            let c = pool.get().await?;
            c.run(
                "INSERT INTO outbox (key, node, item_seq, is_update, kind) \
                 SELECT i, 'n' || i, 0, false, 'purge' FROM generate_series(1, 40) AS i",
                &[],
            )
            .await?;
            Ok(())
        })
        .unwrap();
        let nodes = |jobs: Vec<crate::model::OutboxJob>| -> Vec<String> {
            let mut n: Vec<String> = jobs.into_iter().map(|j| j.node).collect();
            n.sort();
            n
        };
        // Alone (no fence): every job.
        assert_eq!(a.jobs(100).unwrap().len(), 40);
        // Half the parts each: each reads the jobs of its own parts, together all of them.
        let mine = a.claim_outbox("a", 32, LONG).unwrap();
        let theirs = b.claim_outbox("b", 64, LONG).unwrap();
        assert_eq!((mine.len(), theirs.len()), (32, 32), "the other half only");
        a.fence("a", &mine);
        b.fence("b", &theirs);
        let (ours, others) = (nodes(a.jobs(100).unwrap()), nodes(b.jobs(100).unwrap()));
        assert!(
            !ours.is_empty() && !others.is_empty(),
            "{ours:?} {others:?}"
        );
        assert!(ours.iter().all(|n| !others.contains(n)));
        assert_eq!(ours.len() + others.len(), 40);
        // The parts are the database's: the same as it says of each job.
        let parts: Vec<i16> = (mine.keys())
            .filter_map(|l| match l {
                Lease::Outbox(p) => i16::try_from(*p).ok(),
                _ => None,
            })
            .collect();
        let expected = a
            .call(move |pool| async move {
                let c = pool.get().await?;
                let rows = c
                    .rows(
                        "SELECT node FROM outbox WHERE part = ANY($1) ORDER BY node",
                        &[&parts],
                    )
                    .await?;
                Ok(rows
                    .iter()
                    .map(|r| r.get::<_, String>(0))
                    .collect::<Vec<_>>())
            })
            .unwrap();
        assert_eq!(ours, expected);
        // Holding none: nothing.
        a.fence("a", &crate::store::cluster::Held::new());
        assert!(a.jobs(100).unwrap().is_empty());
    }

    #[test]
    fn a_result_under_a_lost_lease_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let url = testdb::database_for(dir.path());
        let (a, b) = (open(&url), open(&url));
        feeds(&a);
        let short = Duration::from_millis(300);
        a.join(&joining("a", 1), LONG).unwrap();
        b.join(&joining("b", 2), LONG).unwrap();
        let mine = a.claim_polls("a", 4, short).unwrap();
        assert_eq!(mine.len(), 4);
        a.fence("a", &mine);
        let f = Store::feed(&a, "f00").unwrap().unwrap();
        let entry = |id: &str| Entry::new(id, "text");
        let notify = Announce {
            new: true,
            updates: true,
        };
        a.apply_fetch(&f, &[entry("1")], &[], 1_000, 20, notify)
            .unwrap();
        // a is paused past its lease; b takes the host over (waiting no longer than needed).
        let started = Instant::now();
        let theirs = loop {
            let got = b.claim_polls("b", 4, LONG).unwrap();
            if !got.is_empty() {
                break got;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the lease never ran out"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        b.fence("b", &theirs);
        let f = Store::feed(&b, "f00").unwrap().unwrap();
        let host_lease = Lease::Poll("a.example".into()).key();
        // a comes back with a result fetched under its old lease: refused, nothing written.
        match a.apply_fetch(&f, &[entry("2"), entry("1")], &[], 2_000, 20, notify) {
            Err(StoreError::Fenced { node, lease }) => {
                assert_eq!(
                    (node.as_str(), lease.as_str()),
                    ("f00", host_lease.as_str())
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(Store::item_count(&b, "f00"), 1);
        // The new owner writes.
        let applied = b
            .apply_fetch(&f, &[entry("3"), entry("1")], &[], 3_000, 20, notify)
            .unwrap();
        assert_eq!(applied.new.len(), 1);
        // A feed of a host a does not hold is refused without asking the database.
        a.fence("a", &Default::default());
        assert!(matches!(
            a.apply_fetch(&f, &[entry("4")], &[], 4_000, 20, notify),
            Err(StoreError::Fenced { .. })
        ));
        assert_eq!(Store::item_count(&b, "f00"), 2);
    }
}
