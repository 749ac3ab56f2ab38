//! Several instances on one PostgreSQL and one component domain (`[cluster]`): real
//! `feedpush run` processes, a real PostgreSQL, a real Prosody (which takes one connection per
//! component: `link = "leader"`), real feed servers on four loopback addresses (four web
//! hosts to a fetcher).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio_xmpp::parsers::iq::Iq;

use crate::harness::client::TestClient;
use crate::harness::daemon::{write_config_for, Daemon};
use crate::harness::ejabberd::Ejabberd;
use crate::harness::feedserver::{FeedServer, Resource};
use crate::harness::pgserver;
use crate::harness::prosody::{free_port, Prosody};
use crate::operators::until_http;
use crate::poller::rss;
use crate::pubsub::{event_items, next_event, subscribe, subscribe_showing, SERVICE};

/// Feeds per web host.
const PER_HOST: usize = 50;
/// Every feed's interval.
const INTERVAL: Duration = Duration::from_secs(3);

/// The XMPP server of a cluster's test.
enum Server {
    /// One connection per component: `link = "leader"`.
    Prosody(Prosody),
    /// Several, spread at random: `link = "every"`.
    Ejabberd(Ejabberd),
}

impl Server {
    fn component_addr(&self) -> std::net::SocketAddr {
        match self {
            Server::Prosody(p) => p.component_addr(),
            Server::Ejabberd(e) => e.component_addr(),
        }
    }

    fn c2s_addr(&self) -> std::net::SocketAddr {
        match self {
            Server::Prosody(p) => p.c2s_addr(),
            Server::Ejabberd(e) => e.c2s_addr(),
        }
    }

    fn register(&self, user: &str, password: &str) {
        match self {
            Server::Prosody(p) => p.register(user, password),
            Server::Ejabberd(e) => e.register(user, password),
        }
    }

    /// `[cluster] link` for this server.
    fn link(&self) -> &'static str {
        match self {
            Server::Prosody(_) => "leader",
            Server::Ejabberd(_) => "every",
        }
    }
}

struct Cluster {
    server: Server,
    hosts: Vec<FeedServer>,
    /// The database every instance uses.
    url: String,
    db: tempfile::TempDir,
    /// Each instance's folder (its feeds.toml and log).
    dirs: Vec<tempfile::TempDir>,
}

impl Cluster {
    /// On Prosody (`link = "leader"`).
    async fn new(instances: usize) -> Cluster {
        Cluster::on(Server::Prosody(Prosody::start()), instances).await
    }

    async fn on(server: Server, instances: usize) -> Cluster {
        crate::harness::init_tracing();
        let mut hosts = Vec::new();
        for ip in ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"] {
            let server = FeedServer::start_on(ip).await;
            for k in 0..PER_HOST {
                server.set(
                    &format!("/f{k}.xml"),
                    Resource::feed(rss(&[(&format!("{ip}-{k}-1"), "first")])),
                );
            }
            hosts.push(server);
        }
        let db = tempfile::tempdir().unwrap();
        let url = pgserver::database_for(db.path());
        let dirs = (0..instances)
            .map(|_| {
                let dir = tempfile::tempdir().unwrap();
                // Every instance's [storage] names the one database.
                std::fs::write(dir.path().join(pgserver::URL_FILE), &url).unwrap();
                dir
            })
            .collect();
        Cluster {
            server,
            hosts,
            url,
            db,
            dirs,
        }
    }

    /// Instance `i`'s feeds.toml, named `name`: every feed of every host.
    fn config(&self, i: usize, name: &str) -> PathBuf {
        self.config_with(i, name, "")
    }

    /// The same with `more` (sections of its own) added.
    fn config_with(&self, i: usize, name: &str, more: &str) -> PathBuf {
        let mut extra = format!(
            "[cluster]\ninstance = \"{name}\"\nlease = \"5s\"\nlink = \"{}\"\n{more}",
            self.server.link()
        );
        for (h, server) in self.hosts.iter().enumerate() {
            for k in 0..PER_HOST {
                extra.push_str(&format!(
                    "[[feeds]]\nnode = \"h{h}f{k}\"\nurl = \"{}\"\ninterval = \"{}s\"\n",
                    server.url(&format!("/f{k}.xml")),
                    INTERVAL.as_secs()
                ));
            }
        }
        write_config_for(self.dirs[i].path(), self.server.component_addr(), &extra)
    }

    /// The database's view: live instances, and how many poll leases each holds now (an
    /// error before the first instance made the tables).
    fn leases(&self) -> Result<(usize, HashMap<String, usize>), String> {
        let live = pgserver::query(
            &self.url,
            "SELECT count(*) FROM instances WHERE last_seen > now() - interval '5 seconds'",
        )?;
        let live: usize = live[0][0].as_deref().unwrap_or("0").parse().unwrap();
        let held = pgserver::query(
            &self.url,
            "SELECT owner, count(*) FROM leases WHERE what LIKE 'poll %' AND owner IS NOT NULL \
             AND until > now() GROUP BY owner",
        )?
        .into_iter()
        .map(|r| {
            (
                r[0].clone().unwrap(),
                r[1].as_deref().unwrap().parse().unwrap(),
            )
        })
        .collect();
        Ok((live, held))
    }

    /// Wait until `instances` are live and the four hosts are shared among them, none above
    /// its share; the holders then.
    async fn settled(&self, instances: usize, within: Duration) -> HashMap<String, usize> {
        let share = 4usize.div_ceil(instances);
        let started = Instant::now();
        loop {
            let (live, held) = self.leases().unwrap_or_default();
            if live == instances
                && held.values().sum::<usize>() == 4
                && held.values().all(|n| *n <= share)
            {
                return held;
            }
            assert!(
                started.elapsed() < within,
                "not settled within {within:?}: {live} live, leases {held:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Who holds the lease `what` now (its name in `leases`: `link`, `poll HOST`, `outbox N`).
    fn owner(&self, what: &str) -> Option<String> {
        pgserver::query(
            &self.url,
            &format!("SELECT owner FROM leases WHERE what = '{what}' AND until > now()"),
        )
        .unwrap()
        .first()
        .and_then(|r| r[0].clone())
    }

    /// Every request to the feed servers since `since`, by feed.
    fn fetches_since(&self, since: Instant) -> HashMap<String, Vec<Instant>> {
        let mut by_feed: HashMap<String, Vec<Instant>> = HashMap::new();
        for (h, server) in self.hosts.iter().enumerate() {
            for s in server.all_seen() {
                if s.at >= since {
                    by_feed
                        .entry(format!("{h}{}", s.path))
                        .or_default()
                        .push(s.at);
                }
            }
        }
        by_feed
    }
}

/// Over three intervals, with three instances settled on the four hosts, every feed is
/// fetched, and none twice within an interval (as two instances polling it would).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn instances_share_the_feeds_and_none_is_fetched_twice() {
    let c = Cluster::new(3).await;
    let mut daemons: Vec<Daemon> = (0..3)
        .map(|i| Daemon::start(&c.config(i, &format!("i{i}"))))
        .collect();
    let held = c.settled(3, Duration::from_secs(60)).await;
    assert!(held.len() >= 2, "the hosts are shared: {held:?}");
    // What an operator sees from a shell: the three, live, with their leases (four poll
    // leases, the link, the outbox's 64 parts with the link's holder) and one of them linked
    // (said at its next renewal).
    let started = Instant::now();
    loop {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_feedpush"))
            .args(["cluster", "status", "--json", "--config"])
            .arg(c.dirs[0].path().join("feeds.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let members = listed.as_array().unwrap();
        let names: Vec<&str> = members
            .iter()
            .map(|m| m["instance"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["i0", "i1", "i2"], "{listed}");
        assert!(members.iter().all(|m| m["live"] == true), "{listed}");
        let links = members.iter().filter(|m| m["link"] == true).count();
        let leases: u64 = members.iter().map(|m| m["leases"].as_u64().unwrap()).sum();
        if (links, leases) == (1, 4 + 1 + 64) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{listed}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let since = Instant::now();
    let window = INTERVAL * 3;
    // Wait until every feed was fetched three times since, at most four windows.
    let started = Instant::now();
    loop {
        let by_feed = c.fetches_since(since);
        if by_feed.len() == 4 * PER_HOST && by_feed.values().all(|t| t.len() >= 3) {
            break;
        }
        assert!(
            started.elapsed() < window * 4,
            "not every feed fetched three times: {} feeds seen",
            by_feed.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The leases did not move meanwhile.
    assert_eq!(c.leases().unwrap().1, held);
    for (feed, times) in c.fetches_since(since) {
        let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(
            gaps.iter().all(|g| *g >= INTERVAL / 2),
            "{feed} fetched twice within half an interval: gaps {gaps:?}"
        );
    }
    for d in &mut daemons {
        assert_eq!(d.stop().await, Some(0), "{}", d.log());
    }
    // A clean stop gives everything back.
    let (live, held) = c.leases().unwrap();
    assert_eq!((live, held.len()), (0, 0), "{held:?}");
    drop(c.db);
}

/// A second instance under a live instance's name is refused at start (exit 2), naming the
/// first; once the first has stopped, the name is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn a_name_in_use_is_refused() {
    let c = Cluster::new(2).await;
    let mut first = Daemon::start(&c.config(0, "poller"));
    c.settled(1, Duration::from_secs(60)).await;
    let mut second = Daemon::start(&c.config(1, "poller"));
    let code = second.exited(Duration::from_secs(30)).await;
    let log = second.log();
    assert_eq!(code, Some(2), "{log}");
    let pid = first.pid().unwrap();
    assert!(
        log.contains("\"poller\" is in use") && log.contains(&format!("pid {pid}")),
        "{log}"
    );
    assert_eq!(first.stop().await, Some(0), "{}", first.log());
    let mut again = Daemon::start(&c.config(1, "poller"));
    c.settled(1, Duration::from_secs(60)).await;
    assert_eq!(again.stop().await, Some(0), "{}", again.log());
}

/// The instance that holds the link is killed (-9): the other takes the link within a lease or
/// two and delivers a new entry that came meanwhile, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn the_link_moves_when_its_holder_dies() {
    let c = Cluster::new(2).await;
    c.server.register("alice", "alice-pw");
    let mut daemons: Vec<Daemon> = (0..2)
        .map(|i| Daemon::start(&c.config(i, &format!("i{i}"))))
        .collect();
    c.settled(2, Duration::from_secs(60)).await;
    let mut alice = TestClient::online(c.server.c2s_addr(), "alice", "alice-pw", None).await;
    let r = subscribe(&mut alice, "h0f0").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    // Its first entry is stored (a feed's first fetch announces nothing).
    let started = Instant::now();
    while pgserver::query(&c.url, "SELECT 1 FROM seen WHERE node = 'h0f0'")
        .unwrap()
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "h0f0 never stored"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let holder = |c: &Cluster| c.owner("link");
    let leader = holder(&c).expect("an instance holds the link");
    let (dead, alive) = if leader == "i0" { (0, 1) } else { (1, 0) };
    daemons[dead].kill().await;
    let killed = Instant::now();
    c.hosts[0].set_body(
        "/f0.xml",
        rss(&[("127.0.0.1-0-2", "second"), ("127.0.0.1-0-1", "first")]),
    );
    // Within the event timeout: one lease for the link to run out, a third of one for the
    // survivor to see it, a poll interval.
    let (node, ids, _) = next_event(&mut alice).await;
    assert_eq!((node.as_str(), ids.len()), ("h0f0", 1), "{ids:?}");
    assert_eq!(holder(&c).as_deref(), Some(format!("i{alive}").as_str()));
    let took = killed.elapsed();
    assert!(
        daemons[alive].log().contains("component connected"),
        "{}",
        daemons[alive].log()
    );
    // Once: nothing more for that node over two more polls of it.
    let again: Vec<_> = alice
        .drain_messages(INTERVAL * 2)
        .await
        .iter()
        .filter_map(event_items)
        .collect();
    assert!(again.is_empty(), "delivered again: {again:?}");
    eprintln!("the link moved and the entry arrived {took:?} after the kill");
    assert_eq!(
        daemons[alive].stop().await,
        Some(0),
        "{}",
        daemons[alive].log()
    );
}

/// What operators see of a cluster on each instance's HTTP side: `/healthz` names the instance,
/// the live ones and whether its feeds.toml is the cluster's; `/metrics` labels every series
/// with the instance; the status page lists the instances. An instance reloaded with a file
/// that differs makes it the cluster's: the other says so (degraded, with both hashes, a
/// warning, the page) until its own file is the same again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn the_instances_show_the_cluster_and_a_file_that_differs() {
    let c = Cluster::new(2).await;
    let ports = [free_port(), free_port()];
    let admin_token = "cluster-admin-token";
    let tokens = {
        use sha2::Digest;
        format!(
            "[[http.tokens]]\nname = \"ops\"\ntoken_sha256 = \"{}\"\nnodes = [\"*\"]\n",
            hex::encode(sha2::Sha256::digest(admin_token.as_bytes()))
        )
    };
    let http = |i: usize, more: &str| {
        format!(
            "[http]\nlisten = \"127.0.0.1:{}\"\n{tokens}{more}",
            ports[i]
        )
    };
    let mut daemons: Vec<Daemon> = (0..2)
        .map(|i| Daemon::start(&c.config_with(i, &format!("i{i}"), &http(i, ""))))
        .collect();
    c.settled(2, Duration::from_secs(60)).await;
    let base = |i: usize| format!("http://127.0.0.1:{}", ports[i]);
    let health = |body: &str| -> serde_json::Value { serde_json::from_str(body).unwrap() };
    let body = until_http(&base(0), "/healthz", "both live", |s, b| {
        s == 200
            && health(b)["cluster"]["live"]
                .as_array()
                .is_some_and(|l| l.len() == 2)
    })
    .await;
    let v = health(&body);
    assert_eq!(v["status"], "ok", "{v}");
    assert_eq!(v["cluster"]["instance"], "i0", "{v}");
    assert_eq!(v["cluster"]["config"]["ok"], true, "{v}");
    assert_eq!(v["cluster"]["renewed"], true, "{v}");
    let metrics = until_http(&base(0), "/metrics", "metrics", |s, _| s == 200).await;
    let series: Vec<&str> = (metrics.lines())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(
        !series.is_empty() && series.iter().all(|l| l.contains("instance=\"i0\"")),
        "{metrics}"
    );
    let page = until_http(&base(1), "/", "the page", |s, _| s == 200).await;
    for name in ["i0", "i1"] {
        assert!(page.contains(&format!("data-name=\"{name}\"")), "{page}");
    }
    assert!(!page.contains("config-differs"), "{page}");

    // An operator's change through one instance reaches the other: a feed added through the
    // admin API of the instance that does not poll its web host is polled by the one that does.
    let poller = c.owner("poll 127.0.0.1").expect("a holder of 127.0.0.1");
    let other = if poller == "i0" { 1 } else { 0 };
    c.hosts[0].set("/extra.xml", Resource::feed(rss(&[("extra-1", "extra")])));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let r = reqwest::Client::new()
        .post(format!("{}/v1/admin/feeds", base(other)))
        .bearer_auth(admin_token)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({ "url": c.hosts[0].url("/extra.xml"), "node": "extra" }).to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    c.hosts[0]
        .wait_hits("/extra.xml", 1, Duration::from_secs(20))
        .await;

    // i1 is reloaded with a file that says something else: the cluster runs it now.
    let other = "[pubsub]\nnotify_updates = false\n";
    c.config_with(1, "i1", &http(1, other));
    daemons[1].signal("HUP");
    let body = until_http(&base(0), "/healthz", "i0 degraded", |s, b| {
        s == 200 && health(b)["status"] == "degraded"
    })
    .await;
    let v = health(&body);
    let config = &v["cluster"]["config"];
    assert_eq!(config["loaded_by"], "i1", "{v}");
    assert_ne!(config["mine"], config["cluster"], "{v}");
    assert!(
        config["mine"].as_str().is_some_and(|h| h.len() == 16),
        "{v}"
    );
    let page = until_http(&base(0), "/", "the page says so", |_, b| {
        b.contains("config-differs")
    })
    .await;
    assert!(page.contains(config["cluster"].as_str().unwrap()), "{page}");
    let own = until_http(&base(1), "/healthz", "i1 runs the cluster's", |s, _| {
        s == 200
    })
    .await;
    assert_eq!(health(&own)["status"], "ok", "{own}");
    // The same file on i0 (its own listener aside): both agree again.
    c.config_with(0, "i0", &http(0, other));
    daemons[0].signal("HUP");
    until_http(&base(0), "/healthz", "i0 agrees again", |s, b| {
        s == 200 && health(b)["status"] == "ok"
    })
    .await;
    assert!(
        daemons[0]
            .log()
            .contains("differs from the one the cluster runs"),
        "{}",
        daemons[0].log()
    );
    for d in &mut daemons {
        assert_eq!(d.stop().await, Some(0), "{}", d.log());
    }
}

/// The token the push node `news` takes in [`every_instance_links_to_ejabberd`].
const TOKEN: &str = "cluster-token";

/// Wait until every instance's `/metrics` says it knows `n` resources' presence.
async fn presence_known_everywhere(ports: &[u16], n: u32) {
    for port in ports {
        let want = "feedpush_presence_resources{instance=\"";
        until_http(
            &format!("http://127.0.0.1:{port}"),
            "/metrics",
            "the presence shared",
            |s, b| {
                s == 200
                    && b.lines()
                        .any(|l| l.starts_with(want) && l.ends_with(&format!("}} {n}")))
            },
        )
        .await;
    }
}

/// ejabberd takes a connection from every instance (`link = "every"`) and spreads what is sent
/// to the component over them: a subscription made through whichever instance and items
/// published over HTTP to each instance in turn arrive once each; the presence that one
/// instance receives governs the delivery that another makes (`pubsub#show-values`: an item
/// published while she is gone is skipped, the next one, once she is back, arrives).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn every_instance_links_to_ejabberd_and_each_notification_arrives_once() {
    use sha2::Digest;
    use tokio_xmpp::parsers::jid::Jid;
    use tokio_xmpp::parsers::presence::{Presence, Show, Type as PresenceType};
    use tokio_xmpp::Stanza;

    let c = Cluster::on(Server::Ejabberd(Ejabberd::start()), 3).await;
    c.server.register("alice", "alice-pw");
    let ports = [free_port(), free_port(), free_port()];
    let more = |i: usize| {
        format!(
            "[[nodes]]\nnode = \"news\"\ntitle = \"News\"\n\
             [http]\nlisten = \"127.0.0.1:{}\"\n\
             [[http.tokens]]\nname = \"site\"\ntoken_sha256 = \"{}\"\nnodes = [\"news\"]\n",
            ports[i],
            hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
        )
    };
    let mut daemons: Vec<Daemon> = (0..3)
        .map(|i| Daemon::start(&c.config_with(i, &format!("i{i}"), &more(i))))
        .collect();
    c.settled(3, Duration::from_secs(90)).await;
    // Every instance attached (each says so at its renewals).
    let started = Instant::now();
    while pgserver::query(&c.url, "SELECT count(*) FROM instances WHERE link_held").unwrap()[0][0]
        .as_deref()
        != Some("3")
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not every instance linked"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Each delivers its share of the outbox's 64 parts (a node's notifications stay with
    // one of them).
    let started = Instant::now();
    loop {
        let shares: Vec<usize> = pgserver::query(
            &c.url,
            "SELECT count(*) FROM leases WHERE what LIKE 'outbox %' AND until > now() \
             GROUP BY owner ORDER BY owner",
        )
        .unwrap()
        .iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect();
        if shares.len() == 3
            && shares.iter().sum::<usize>() == 64
            && shares.iter().all(|n| *n <= 22)
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the outbox's parts not shared: {shares:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut alice = TestClient::online(c.server.c2s_addr(), "alice", "alice-pw", None).await;
    let r = subscribe_showing(&mut alice, "news", "chat").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    let presence = |type_: PresenceType, show: Option<Show>| {
        let mut p = Presence::new(type_).with_to(Jid::new(SERVICE).unwrap());
        p.show = show;
        Stanza::Presence(p)
    };
    alice
        .send(presence(PresenceType::None, Some(Show::Chat)))
        .await;
    presence_known_everywhere(&ports, 1).await;

    let http = reqwest::Client::new();
    let publish = |i: usize, id: &'static str| {
        let request = http
            .post(format!("http://127.0.0.1:{}/v1/nodes/news/items", ports[i]))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "id": id, "title": id }).to_string());
        async move {
            let r = request.send().await.unwrap();
            assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
        }
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Published to each instance in turn: each arrives, once, in order.
    for (i, id) in ["one", "two", "three"].into_iter().enumerate() {
        publish(i, id).await;
        let (node, ids, _) = next_event(&mut alice).await;
        assert_eq!((node.as_str(), ids), ("news", vec![id.to_owned()]));
    }
    // Gone (as one instance hears it): skipped by whichever delivers; back: delivered again.
    alice.send(presence(PresenceType::Unavailable, None)).await;
    presence_known_everywhere(&ports, 0).await;
    publish(1, "while-gone").await;
    // Delivered (or not) by whichever holds the outbox before she is back.
    let started = Instant::now();
    while pgserver::query(&c.url, "SELECT count(*) FROM outbox").unwrap()[0][0].as_deref()
        != Some("0")
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the outbox never emptied"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    alice
        .send(presence(PresenceType::None, Some(Show::Chat)))
        .await;
    presence_known_everywhere(&ports, 1).await;
    publish(2, "back").await;
    let (node, ids, _) = next_event(&mut alice).await;
    assert_eq!((node.as_str(), ids), ("news", vec!["back".to_owned()]));
    // Nothing twice.
    let again: Vec<_> = alice
        .drain_messages(INTERVAL)
        .await
        .iter()
        .filter_map(event_items)
        .collect();
    assert!(again.is_empty(), "delivered again: {again:?}");
    for d in &mut daemons {
        assert_eq!(d.stop().await, Some(0), "{}", d.log());
    }
}

/// An instance paused (SIGSTOP) while a fetch of one of its hosts' feeds is on the wire, past
/// its lease: the other takes the host over and stores what the feed says by then. Resumed
/// (SIGCONT), the paused one reads the answer it was waiting for and writes nothing of it: its
/// lease no longer holds (the write is refused, by the fence it keeps or by the database,
/// whichever sees it first), and the new owner's result stands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn a_paused_instance_writes_nothing_over_the_new_owners_results() {
    let c = Cluster::new(2).await;
    // A fetch that outlives the pause: the fetcher's timeout far above it.
    let configs: Vec<PathBuf> = (0..2)
        .map(|i| {
            let path = c.config(i, &format!("i{i}"));
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("timeout = \"5s\"", "timeout = \"120s\""),
            )
            .unwrap();
            path
        })
        .collect();
    let mut daemons: Vec<Daemon> = configs.iter().map(|p| Daemon::start(p)).collect();
    c.settled(2, Duration::from_secs(60)).await;
    let owner = |c: &Cluster| c.owner("poll 127.0.0.1");
    let stored = |c: &Cluster, id: &str| {
        pgserver::query(
            &c.url,
            &format!("SELECT count(*) FROM items WHERE node = 'h0f0' AND id = '{id}'"),
        )
        .unwrap()[0][0]
            .clone()
            .unwrap_or_default()
            != "0"
    };
    let paused = owner(&c).expect("a holder of 127.0.0.1");
    let (p, other) = if paused == "i0" { (0, "i1") } else { (1, "i0") };
    // The feed's next answer is held back two seconds: the paused instance's fetch of it is
    // on the wire when it stops.
    let f0 = "/f0.xml";
    let hits = c.hosts[0].hits(f0);
    let mut held = Resource::feed(rss(&[("paused", "paused"), ("127.0.0.1-0-1", "first")]));
    held.delay = Duration::from_secs(2);
    c.hosts[0].set(f0, held);
    c.hosts[0]
        .wait_hits(f0, hits + 1, Duration::from_secs(20))
        .await;
    daemons[p].signal("STOP");
    // What the feed says by the time another instance fetches it.
    c.hosts[0].set(
        f0,
        Resource::feed(rss(&[
            ("taken-over", "taken over"),
            ("127.0.0.1-0-1", "first"),
        ])),
    );
    let started = Instant::now();
    while !(owner(&c).as_deref() == Some(other) && stored(&c, "taken-over")) {
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "{other} did not take 127.0.0.1 over: held by {:?}",
            owner(&c)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    daemons[p].signal("CONT");
    // The answer it waited for is read, and refused.
    let started = Instant::now();
    while !daemons[p].log().contains("poll result dropped") {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the paused instance's result was not refused:\n{}",
            daemons[p].log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        !stored(&c, "paused"),
        "the paused instance's result was written"
    );
    assert!(stored(&c, "taken-over"));
    assert_eq!(owner(&c).as_deref(), Some(other));
    for d in &mut daemons {
        assert_eq!(d.stop().await, Some(0), "{}", d.log());
    }
}

/// Subscribers of the fan-out test, and the items published at once.
const FANOUT_USERS: usize = 1000;
const FANOUT_ITEMS: usize = 20;

/// Kill -9 the instance that delivers, during a fan-out of 20 items to 1,000 subscribers
/// (Prosody stores each notification offline, where it is counted): the other takes the link
/// and the outbox within a lease and goes on from where the dead one's recorded progress
/// stood: every subscriber gets every item, and what is sent twice is at most the round that
/// was on the wire (20 jobs × one batch of subscribers each). The dead one's web hosts are
/// polled by the survivor within a lease, its next renewal and an interval.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn a_kill_during_a_fan_out_loses_no_notification() {
    use sha2::Digest;

    let c = Cluster::on(
        Server::Prosody(Prosody::start_with_modules(&["offline"])),
        2,
    )
    .await;
    let Server::Prosody(prosody) = &c.server else {
        unreachable!()
    };
    c.server.register("alice", "alice-pw");
    let users: Vec<String> = (0..FANOUT_USERS).map(|i| format!("u{i:04}")).collect();
    prosody.add_accounts(&users, "pw");
    let ports = [free_port(), free_port()];
    let more = |i: usize| {
        format!(
            "[[nodes]]\nnode = \"bulk\"\ntitle = \"Bulk\"\nnotification_type = \"normal\"\n\
             [http]\nlisten = \"127.0.0.1:{}\"\n\
             [[http.tokens]]\nname = \"site\"\ntoken_sha256 = \"{}\"\nnodes = [\"bulk\"]\n",
            ports[i],
            hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
        )
    };
    let mut daemons: Vec<Daemon> = (0..2)
        .map(|i| Daemon::start(&c.config_with(i, &format!("i{i}"), &more(i))))
        .collect();
    c.settled(2, Duration::from_secs(60)).await;
    // A thousand subscribers: alice's subscription, copied in the database to each user.
    let mut alice = TestClient::online(c.server.c2s_addr(), "alice", "alice-pw", None).await;
    let r = subscribe(&mut alice, "bulk").await;
    assert!(matches!(r, Iq::Result { .. }), "{r:?}");
    pgserver::query(
        &c.url,
        &format!(
            "INSERT INTO subscriptions (node, jid, domain, contact, options) \
             SELECT node, 'u' || lpad(i::text, 4, '0') || '@localhost', domain, contact, options \
             FROM subscriptions, generate_series(0, {}) AS i \
             WHERE node = 'bulk' AND jid = 'alice@localhost'",
            FANOUT_USERS - 1
        ),
    )
    .unwrap();
    let holder = c.owner("outbox 0").expect("an instance holds the outbox");
    let (dead, alive) = if holder == "i0" { (0, 1) } else { (1, 0) };
    // Published through the one that survives.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    for k in 0..FANOUT_ITEMS {
        let id = format!("bulk-{k:02}");
        let r = http
            .post(format!(
                "http://127.0.0.1:{}/v1/nodes/bulk/items",
                ports[alive]
            ))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "id": id, "title": id }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    // Killed once the fan-out has begun (the first notifications stored), well before its end.
    let started = Instant::now();
    let stored = |users: &[String]| -> usize {
        users
            .iter()
            .map(|u| prosody.offline_messages(u).len())
            .sum()
    };
    while prosody.offline_messages(&users[0]).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the fan-out never began"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    daemons[dead].kill().await;
    let killed = Instant::now();
    let at_kill = stored(&users);
    let total = FANOUT_USERS * FANOUT_ITEMS;
    assert!(at_kill < total, "the fan-out was over before the kill");
    // Every subscriber gets every item.
    let started = Instant::now();
    loop {
        let missing: Vec<(&String, usize)> = (users.iter())
            .map(|u| {
                let got: std::collections::HashSet<String> = (prosody.offline_messages(u).iter())
                    .filter_map(|m| {
                        let at = m.find("bulk-")?;
                        Some(m[at..at + 7].to_owned())
                    })
                    .collect();
                (u, FANOUT_ITEMS - got.len())
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        if missing.is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} subscribers miss items, e.g. {:?}; {at_kill} stored at the kill",
            missing.len(),
            &missing[..missing.len().min(3)]
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let delivered = killed.elapsed();
    let sent = stored(&users);
    let again = sent - total;
    eprintln!(
        "fan-out: {at_kill} of {total} stored at the kill; all {total} {delivered:?} after it; {again} stored twice"
    );
    assert!(
        again <= FANOUT_ITEMS * 256,
        "{again} notifications sent twice: more than the round on the wire"
    );
    // The dead one's hosts: every feed polled by the survivor since the kill.
    let lease = Duration::from_secs(5);
    let bound = lease + lease / 3 + INTERVAL + Duration::from_secs(1);
    let polled = c.fetches_since(killed);
    let late: Vec<_> = (polled.iter())
        .filter(|(_, t)| t.first().is_none_or(|t| *t - killed > bound))
        .map(|(f, _)| f.clone())
        .collect();
    assert_eq!(
        polled.len(),
        4 * PER_HOST,
        "feeds not polled since the kill"
    );
    assert!(
        late.is_empty(),
        "polled later than {bound:?} after the kill: {late:?}"
    );
    assert_eq!(
        daemons[alive].stop().await,
        Some(0),
        "{}",
        daemons[alive].log()
    );
}

/// One instance loses the database (its connections cut, new ones refused) while the other
/// keeps it: the cut one stops claiming, its leases run out and the other takes its hosts over
/// (every host then polled by the one that reaches the database); when the database is back,
/// the cut one rejoins and takes its share again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads the machine (two or three daemons polling 200 feeds every 3 s): scripts/test runs it alone, after the other tests"]
async fn an_instance_that_loses_the_database_leaves_its_share_and_rejoins() {
    let c = Cluster::new(2).await;
    // i1 reaches the database through a relay of its own.
    let field = |key: &str| {
        c.url
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    let (socket_dir, port) = (field("host"), field("port"));
    let relay_dir = tempfile::tempdir().unwrap();
    let relay = crate::harness::relay::Relay::start(
        &relay_dir.path().join(format!(".s.PGSQL.{port}")),
        &std::path::Path::new(&socket_dir).join(format!(".s.PGSQL.{port}")),
    );
    let relayed = c
        .url
        .replace(&socket_dir, &relay_dir.path().display().to_string());
    std::fs::write(c.dirs[1].path().join(pgserver::URL_FILE), &relayed).unwrap();
    let mut daemons: Vec<Daemon> = (0..2)
        .map(|i| Daemon::start(&c.config(i, &format!("i{i}"))))
        .collect();
    let held = c.settled(2, Duration::from_secs(60)).await;
    assert_eq!(held.get("i1"), Some(&2), "{held:?}");

    relay.cut();
    let cut = Instant::now();
    let started = Instant::now();
    loop {
        let (live, held) = c.leases().unwrap();
        if live == 1 && held.get("i0") == Some(&4) && !held.contains_key("i1") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "i0 did not take i1's hosts over: {live} live, {held:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let took = cut.elapsed();
    // The cut one said why it stopped (it keeps running: its clean stop below exits 0).
    let started = Instant::now();
    while !daemons[1]
        .log()
        .contains("cannot renew this instance's leases")
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{}",
            daemons[1].log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    relay.restore();
    let back = c.settled(2, Duration::from_secs(60)).await;
    assert!(back.contains_key("i1"), "i1 did not rejoin: {back:?}");
    eprintln!("i0 held every host {took:?} after i1 lost the database; i1 rejoined: {back:?}");
    for d in &mut daemons {
        assert_eq!(d.stop().await, Some(0), "{}", d.log());
    }
}
