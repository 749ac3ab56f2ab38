//! No single user, feed or crash can hurt the service: hostile stanzas through a real Prosody,
//! acknowledgements that survive kill -9, private user feeds, rate limits, supervision.

use std::time::Duration;

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::disco::DiscoInfoQuery;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::Stanza;

use crate::harness::client::TestClient;
use crate::harness::daemon::Daemon;
use crate::harness::EVENT_TIMEOUT;
use crate::pubsub::{ask, disco_info, el, error_of, pubsub_iq, World, SERVICE};

/// How soon another user's request must be answered after a hostile stanza.
const PROMPT: Duration = Duration::from_secs(1);

fn service() -> Jid {
    Jid::new(SERVICE).unwrap()
}

fn disco_info_iq(node: &str) -> Iq {
    Iq::from_get(
        "x",
        DiscoInfoQuery {
            node: Some(node.to_owned()),
        },
    )
    .with_to(service())
}

/// feedpush with `extra` in its configuration (and its HTTP side on a port of its own, for
/// `/metrics`), and two users online, the link attached.
async fn mallory_and_alice(w: &World, extra: &str) -> (Daemon, TestClient, TestClient) {
    let port = crate::harness::prosody::free_port();
    let d = w.daemon(&format!("[http]\nlisten = \"127.0.0.1:{port}\"\n{extra}"));
    let mallory = w.user("mallory", None).await;
    let mut alice = w.user("alice", None).await;
    disco_info(&mut alice, Some("news")).await;
    (d, mallory, alice)
}

/// The component connected once: no stanza broke the link. Its metrics say so: the link is up
/// and never came up again after being up.
async fn assert_one_connection(d: &Daemon) {
    let cfg = std::fs::read_to_string(&d.config).unwrap();
    let listen = cfg
        .lines()
        .find_map(|l| l.strip_prefix("listen = \"")?.strip_suffix('"'))
        .expect("[http] listen in the configuration");
    // reqwest is built for rustls without a default provider: the test installs one (any
    // other test of this binary may have done so already).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let metrics = reqwest::get(format!("http://{listen}/metrics"))
        .await
        .expect("/metrics answers")
        .text()
        .await
        .unwrap();
    let sample = |name: &str| {
        metrics.lines().find_map(|l| {
            l.strip_prefix(name)?
                .strip_prefix(' ')?
                .trim()
                .parse::<f64>()
                .ok()
        })
    };
    assert_eq!(
        (
            sample("feedpush_component_connected"),
            sample("feedpush_component_reconnects_total")
        ),
        (Some(1.0), Some(0.0)),
        "the link was re-established:\n{metrics}\n{}",
        d.log()
    );
}

/// Alice's disco#info is answered within [`PROMPT`].
async fn answered_promptly(alice: &mut TestClient, after: &str) {
    let r = tokio::time::timeout(PROMPT, alice.iq(disco_info_iq("news")))
        .await
        .unwrap_or_else(|_| panic!("alice got no answer within {PROMPT:?} after {after}"));
    assert!(matches!(r, Iq::Result { .. }), "after {after}: {r:?}");
}

/// Each stanza that broke the link in the parser (a carriage return inside an attribute,
/// attribute values of 10 KB, 100 KB and 1 MB) goes through the real Prosody from a c2s user;
/// the link stays up (one connection in the log), every request is answered, and another user's
/// request right after it is answered within a second.
#[tokio::test]
async fn the_link_survives_every_stanza_the_server_forwards() {
    let w = World::new(&["mallory", "alice"]).await;
    let (d, mut mallory, mut alice) =
        mallory_and_alice(&w, "[access]\nallow_user_feeds = true\n").await;

    // A chat message whose id holds a carriage return (Prosody writes `&#13;` on as a raw CR).
    let mut m = Message::new_with_type(MessageType::Chat, Some(service()))
        .with_body(Lang::new(), "x".into());
    m.id = Some(tokio_xmpp::parsers::message::Id("a\rb".into()));
    mallory.send(Stanza::Message(m)).await;
    answered_promptly(&mut alice, "a carriage return in an id").await;

    for len in [10_000, 1_000_000] {
        let r = mallory.iq(disco_info_iq(&"n".repeat(len))).await;
        assert_eq!(error_of(&r).0, "ItemNotFound", "node of {len} bytes");
        answered_promptly(&mut alice, &format!("a node of {len} bytes")).await;
    }

    let url = format!("http://example.org/{}", "p".repeat(100_000));
    let jid = mallory.jid.to_string();
    let r = ask(
        &mut mallory,
        pubsub_iq(true, el("subscribe", &[("node", &url), ("jid", &jid)])),
    )
    .await;
    assert_eq!(error_of(&r).0, "BadRequest", "a 100 KB URL: {r:?}");
    answered_promptly(&mut alice, "a 100 KB feed URL").await;

    // Raw element too: an attribute of 1 MB on an element feedpush does not know.
    let payload = Element::builder("query", "urn:example:unknown")
        .attr(
            tokio_xmpp::minidom::rxml::NcName::try_from("blob").unwrap(),
            "b".repeat(1_000_000),
        )
        .build();
    let r = mallory
        .iq(Iq::Get {
            from: None,
            to: Some(service()),
            id: String::new(),
            payload,
        })
        .await;
    assert_eq!(error_of(&r).0, "ServiceUnavailable");
    answered_promptly(&mut alice, "a 1 MB attribute").await;

    // Forged answers to IQs feedpush never sent (or sent to the server: its keep-alive ids).
    for (id, result) in [
        ("keepalive-1", true),
        ("forged", true),
        ("keepalive-2", false),
    ] {
        let iq = if result {
            Iq::Result {
                from: None,
                to: Some(service()),
                id: id.into(),
                payload: None,
            }
        } else {
            Iq::Error {
                from: None,
                to: Some(service()),
                id: id.into(),
                error: tokio_xmpp::parsers::stanza_error::StanzaError::new(
                    tokio_xmpp::parsers::stanza_error::ErrorType::Cancel,
                    tokio_xmpp::parsers::stanza_error::DefinedCondition::ItemNotFound,
                    "en",
                    "forged",
                ),
                payload: None,
            }
        };
        mallory.send(Stanza::Iq(iq)).await;
        answered_promptly(&mut alice, &format!("a forged iq answer {id}")).await;
    }

    // Every kind of character a chat command can hold (written as character references by
    // the client's serialiser where XML needs them), and a message over the 64 KiB bound.
    let odd: String = [
        '<',
        '&',
        '>',
        '"',
        '\'',
        '\t',
        '\r',
        '\u{85}',
        '\u{2028}',
        '\u{FFFD}',
        '\u{1F600}',
        '\u{10FFFF}',
    ]
    .iter()
    .collect();
    for body in [
        format!("info {odd}"),
        format!("subscribe {odd}"),
        "x".repeat(70 * 1024),
    ] {
        let m = Message::new_with_type(MessageType::Chat, Some(service()))
            .with_body(Lang::new(), body.clone());
        mallory.send(Stanza::Message(m)).await;
        answered_promptly(&mut alice, &format!("a message of {} bytes", body.len())).await;
    }

    assert_one_connection(&d).await;
}

/// A subscription acknowledged by feedpush is on disk: kill -9 the moment the result arrives,
/// restart, and every acknowledged subscription is still there.
#[tokio::test]
async fn an_acknowledged_subscription_survives_kill_9() {
    let w = World::new(&["alice", "bob", "carol"]).await;
    let cfg = w.config("", "");
    let mut d = Daemon::start(&cfg);
    let mut clients = Vec::new();
    for u in ["alice", "bob", "carol"] {
        clients.push(w.user(u, None).await);
    }
    // The link is up once one request is answered.
    disco_info(&mut clients[0], Some("news")).await;
    let mut pending = Vec::new();
    for c in &mut clients {
        let jid = c.jid.to_string();
        let iq = pubsub_iq(true, el("subscribe", &[("node", "news"), ("jid", &jid)]));
        let id = format!("sub-{jid}");
        c.send(Stanza::Iq(iq.with_id(id.clone()))).await;
        pending.push(id);
    }
    // Wait for every acknowledgement, and kill the moment the last one is in.
    for (c, id) in clients.iter_mut().zip(&pending) {
        let id = id.clone();
        c.wait_for(move |s| matches!(s, Stanza::Iq(Iq::Result { id: i, .. }) if *i == id))
            .await;
    }
    d.kill().await;

    let _d = Daemon::start(&cfg);
    for c in &mut clients {
        let r = ask(c, pubsub_iq(false, el("subscriptions", &[]))).await;
        let Iq::Result {
            payload: Some(p), ..
        } = r
        else {
            panic!("{r:?}")
        };
        let subs: Vec<String> = p
            .get_child("subscriptions", crate::pubsub::PUBSUB)
            .unwrap()
            .children()
            .filter_map(|s| s.attr("node").map(str::to_owned))
            .collect();
        assert_eq!(subs, ["news"], "{} lost its subscription", c.jid);
    }
}

/// Beyond `[access] max_requests_per_minute` a JID gets `<resource-constraint/>` (type wait);
/// other users are served as before.
#[tokio::test]
async fn a_flooding_user_is_limited_and_others_are_not() {
    let w = World::new(&["mallory", "alice"]).await;
    let (_d, mut mallory, mut alice) =
        mallory_and_alice(&w, "[access]\nmax_requests_per_minute = 5\n").await;
    let mut refused = 0;
    for _ in 0..10 {
        let r = mallory.iq(disco_info_iq("news")).await;
        if let Iq::Error { error, .. } = &r {
            assert_eq!(
                format!("{:?}/{:?}", error.type_, error.defined_condition),
                "Wait/ResourceConstraint"
            );
            refused += 1;
        }
    }
    assert!(refused >= 5, "only {refused} of 10 refused");
    answered_promptly(&mut alice, "mallory's flood").await;
}

/// Feeds of about 8 MiB whose every fetch brings a new entry, served from loopback.
struct BigFeeds {
    addr: std::net::SocketAddr,
    served: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
    /// Until armed the feeds are small: the test's client logs in and warms up first.
    armed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for BigFeeds {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Entries of the big feeds (about 4 KiB each, so 2,000 of them make about 8 MiB).
const BIG_ENTRIES: usize = 2_000;

impl BigFeeds {
    async fn start() -> BigFeeds {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let filler = "lorem ipsum dolor sit amet ".repeat(150);
        let mut items = String::new();
        for i in 0..BIG_ENTRIES {
            items.push_str(&format!(
                "<item><guid>old-{i}</guid><title>Old {i}</title><link>http://example.org/{i}</link><description>{filler}</description></item>"
            ));
        }
        let items = Arc::new(items);
        let served = Arc::new(AtomicUsize::new(0));
        let armed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let armed2 = armed.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (items2, served2) = (items.clone(), served.clone());
        let app = axum::Router::new().fallback(move || {
            let (items, served, armed) = (items2.clone(), served2.clone(), armed2.clone());
            async move {
                if !armed.load(Ordering::SeqCst) {
                    let small = "<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title><item><guid>small</guid><title>Small</title></item></channel></rss>";
                    return ([("content-type", "application/rss+xml")], small.to_owned());
                }
                let n = served.fetch_add(1, Ordering::SeqCst);
                let mut body = String::with_capacity(items.len() + 512);
                body.push_str("<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title><link>http://127.0.0.1:9/</link><description>big</description>");
                body.push_str(&format!(
                    "<item><guid>new-{n}</guid><title>New {n}</title><link>http://example.org/new/{n}</link></item>"
                ));
                body.push_str(&items);
                body.push_str("</channel></rss>");
                ([("content-type", "application/rss+xml")], body)
            }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        BigFeeds {
            addr,
            served,
            task,
            armed,
        }
    }

    /// From now on every request gets the big document.
    fn arm(&self) {
        self.armed.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// While 20 feeds of about 8 MiB change on every poll (four parsed at once), a c2s client's
/// disco#info round trips through Prosody stay under 250 ms each: parsing and storing never
/// run on the threads that serve the link.
///
/// It keeps both cores busy for its whole run, so it runs alone (`scripts/test` runs the
/// ignored tests one at a time after the rest): beside other tests it would measure their load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "CPU-heavy: scripts/test runs it alone, after the other tests"]
async fn big_feeds_never_stall_the_link() {
    const ROUND_TRIP: Duration = Duration::from_millis(250);
    /// Fetches of big feeds that must have completed while round trips were measured.
    const BIG_FETCHES: usize = 12;
    /// `[fetch] max_concurrent` below: fetches that may be in flight at once.
    const MAX_CONCURRENT: usize = 8;
    let big = BigFeeds::start().await;
    let w = World::new(&["alice"]).await;
    let mut feeds = String::new();
    for i in 0..20 {
        feeds.push_str(&format!(
            "[[feeds]]\nnode = \"big{i}\"\nurl = \"http://{}/big/{i}\"\ninterval = \"1s\"\n",
            big.addr
        ));
    }
    // alice probes many times a minute: lift her request budget.
    let cfg = w.config(
        "",
        &format!("[access]\nmax_requests_per_minute = 100000\n{feeds}"),
    );
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        "[fetch]\n",
        &format!("[fetch]\nmax_per_host = 4\nmax_concurrent = {MAX_CONCURRENT}\nmax_body_bytes = 16777216\n"),
        1,
    );
    // The daemon reaches the server through a relay, so the test can wait for its component
    // to be accepted before the client logs in.
    let tap = crate::harness::tap::Tap::start(w.prosody.component_addr()).await;
    let text = text.replacen(
        &format!("server = \"{}\"", w.prosody.component_addr()),
        &format!("server = \"{}\"", tap.addr),
        1,
    );
    std::fs::write(&cfg, text).unwrap();
    let _d = Daemon::start(&cfg);
    tap.wait_for(EVENT_TIMEOUT, |s| s.handshakes >= 1).await;
    // The client logs in and gets an answer while the feeds are still small; then the big
    // documents start.
    let mut alice = w.user("alice", None).await;
    disco_info(&mut alice, Some("news")).await;
    big.arm();

    let start_served = big.served.load(std::sync::atomic::Ordering::SeqCst);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    let mut worst = Duration::ZERO;
    let mut trips = 0;
    loop {
        // Requests the big-feed server answered. At most `max_concurrent` (8) fetches are in
        // flight at once, so once it answered BIG_FETCHES + 8 requests, at least BIG_FETCHES
        // fetches were parsed and stored while the round trips below were measured.
        let served = big.served.load(std::sync::atomic::Ordering::SeqCst) - start_served;
        if served >= BIG_FETCHES + MAX_CONCURRENT {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {served} big fetches in 120 s"
        );
        let t0 = std::time::Instant::now();
        let r = tokio::time::timeout(Duration::from_secs(10), alice.iq(disco_info_iq("news")))
            .await
            .expect("disco#info answered");
        let took = t0.elapsed();
        assert!(matches!(r, Iq::Result { .. }), "{r:?}");
        worst = worst.max(took);
        trips += 1;
        assert!(
            took < ROUND_TRIP,
            "round trip {took:?} while big feeds are parsed (trip {trip})",
            trip = trips
        );
        // Pace the probes (an upper bound on nothing: just not a busy loop).
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(trips >= 10, "only {trips} round trips measured");
    eprintln!("big feeds: {trips} round trips, worst {worst:?}");
}

/// A stanza nested 10,000 deep (any c2s user can send one; Prosody forwards it) is skipped as
/// it arrives and answered; the link stays up. The test's own client needs a big stack to
/// build and write such a stanza, so this test runs on a thread of its own.
#[test]
fn a_deeply_nested_stanza_is_answered_and_the_link_stays_up() {
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(deeply_nested())
        })
        .unwrap()
        .join()
        .unwrap();
}

async fn deeply_nested() {
    let w = World::new(&["mallory", "alice"]).await;
    let (d, mut mallory, mut alice) = mallory_and_alice(&w, "").await;
    let mut deep = Element::builder("leaf", "urn:example:deep").build();
    for _ in 0..10_000 {
        deep = Element::builder("a", "urn:example:deep")
            .append(deep)
            .build();
    }
    let deep_iq = Iq::Get {
        from: None,
        to: Some(service()),
        id: String::new(),
        payload: deep,
    };
    let r = mallory.iq(deep_iq).await;
    assert_eq!(error_of(&r).0, "BadRequest", "{r:?}");
    answered_promptly(&mut alice, "a stanza nested 10,000 deep").await;
    assert_one_connection(&d).await;
}
