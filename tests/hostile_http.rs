//! Hostile clients against the real daemon and a real Prosody (issue 20, points 6 and 7).
//!
//! The HTTP side: a flood of idle connections under systemd's default file limit, slowloris
//! headers, a body that never ends, and a kept-alive connection left idle. The XMPP side: one
//! remote domain (a second component on the same Prosody, which may send from any JID of its
//! domain, stands in for a remote server) filling the service with subscriptions.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::harness::daemon::Daemon;
use crate::harness::feedserver::FeedServer;
use crate::harness::prosody::{free_port, ComponentDef, Prosody};
use crate::harness::EVENT_TIMEOUT;
use crate::pubsub::{subscribe, World};

const TOKEN: &str = "hostile-http-token";
/// systemd's default soft limit on open files when a unit sets none.
const SYSTEMD_DEFAULT_FILES: u64 = 1024;
/// Idle connections opened in the flood: more than the file limit.
const FLOOD: usize = 1100;
/// Source addresses the flood comes from (all loopback): under the per-IP cap each, so the
/// total cap is what holds.
const FLOOD_SOURCES: u8 = 5;
/// What the issue allows a slowloris connection.
const SLOWLORIS_BOUND: Duration = Duration::from_secs(30);

/// The daemon with the push node `releases` and the HTTP side on a free port.
fn start(w: &World, files: Option<u64>) -> (Daemon, SocketAddr) {
    let port = free_port();
    let extra = format!(
        "[[nodes]]\nnode = \"releases\"\ntitle = \"Releases\"\n\
         [http]\nlisten = \"127.0.0.1:{port}\"\n\
         [[http.tokens]]\nname = \"website\"\ntoken_sha256 = \"{}\"\nnodes = [\"releases\"]\n",
        hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
    );
    let cfg = w.config("", &extra);
    let daemon = match files {
        Some(n) => Daemon::start_with_file_limit(&cfg, n),
        None => Daemon::start(&cfg),
    };
    (daemon, SocketAddr::from(([127, 0, 0, 1], port)))
}

/// One request on a new connection (`Connection: close`): status and body; None when the
/// connection failed or was closed before an answer.
async fn request(addr: SocketAddr, head: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).await.ok()?;
    let req = format!(
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((status, body))
}

/// GET `path` until `ok` holds (bounded by EVENT_TIMEOUT); its body.
async fn until_get(addr: SocketAddr, path: &str, ok: impl Fn(u16) -> bool) -> String {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let answer = tokio::time::timeout(
            Duration::from_secs(5),
            request(addr, &format!("GET {path} HTTP/1.1"), ""),
        )
        .await
        .ok()
        .flatten();
        if let Some((status, body)) = &answer {
            if ok(*status) {
                return body.clone();
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "GET {path}: last answer {answer:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A sample of the Prometheus text, by its name with labels as written.
fn sample(metrics: &str, name: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// Wait until the server closes `s` (EOF or reset); how long that took. Bytes the server
/// sends first (an error response) are read and ignored.
async fn closed_after(s: &mut TcpStream, bound: Duration) -> Option<Duration> {
    let t0 = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(bound.saturating_sub(t0.elapsed()), s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(t0.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

/// 1,100 idle connections from five loopback addresses against a daemon limited to 1,024
/// open files, as systemd starts a unit without `LimitNOFILE`: the HTTP side keeps its
/// connections below the limit (the oldest idle ones make room), so `/healthz` on a new
/// connection answers and publishing works while the flood holds its sockets; the accept
/// loop never runs out of files.
#[tokio::test]
#[ignore = "loads the machine or bounds a latency: scripts/test runs it alone, after the other tests"]
async fn idle_connections_beyond_the_file_limit_leave_health_and_publishing_answering() {
    let w = World::new(&[]).await;
    let (daemon, addr) = start(&w, Some(SYSTEMD_DEFAULT_FILES));
    until_get(addr, "/healthz", |s| s == 200).await;
    let log = daemon.log();
    assert!(
        log.contains("file_limit=1024") && log.contains("max_connections=752"),
        "the cap is not derived from the file limit: {log}"
    );

    let mut flood = Vec::with_capacity(FLOOD);
    for i in 0..FLOOD {
        let source = SocketAddr::from(([127, 0, 0, 2 + (i % FLOOD_SOURCES as usize) as u8], 0));
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind(source).unwrap();
        let s = tokio::time::timeout(EVENT_TIMEOUT, socket.connect(addr))
            .await
            .expect("connect hung")
            .expect("connect");
        flood.push(s);
    }

    // A new connection is answered at once, and so is a publish, while the flood is held.
    let t0 = Instant::now();
    let health = tokio::time::timeout(
        Duration::from_secs(5),
        request(addr, "GET /healthz HTTP/1.1", ""),
    )
    .await
    .expect("/healthz hung under the flood");
    assert_eq!(health.as_ref().map(|h| h.0), Some(200), "{health:?}");
    assert!(t0.elapsed() < Duration::from_secs(5));
    let published = tokio::time::timeout(
        Duration::from_secs(10),
        request(
            addr,
            &format!(
                "POST /v1/nodes/releases/items HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: application/json"
            ),
            r#"{"id":"under-flood","title":"Published under a flood"}"#,
        ),
    )
    .await
    .expect("publishing hung under the flood");
    assert_eq!(published.as_ref().map(|p| p.0), Some(201), "{published:?}");

    // The server holds no more than its cap, and said why it closed the others.
    let metrics = until_get(addr, "/metrics", |s| s == 200).await;
    let open = sample(&metrics, "feedpush_http_connections").expect("open connections gauge");
    assert!(open <= 752.0, "{open} connections open over a cap of 752");
    let evicted = sample(
        &metrics,
        "feedpush_http_connections_closed_total{reason=\"evicted\"}",
    )
    .expect("evicted counter");
    assert!(
        evicted >= (FLOOD - 752) as f64,
        "only {evicted} idle connections made room"
    );
    let log = daemon.log();
    assert!(
        !log.contains("cannot accept") && !log.contains("Too many open files"),
        "the daemon ran out of files: {log}"
    );
    drop(flood);
}

/// A slowloris (headers one byte every 2 s), a connection that sends nothing, a kept-alive
/// connection left idle after one answer, and a body that stops halfway: each is closed or
/// answered within the bound, not held for ever.
#[tokio::test]
async fn slow_and_silent_connections_are_closed_within_bounds() {
    let w = World::new(&[]).await;
    let (_daemon, addr) = start(&w, None);
    until_get(addr, "/healthz", |s| s == 200).await;

    let slowloris = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let head = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nX-Padding: ");
        let t0 = Instant::now();
        let mut bytes = head.bytes().chain(std::iter::repeat(b'a'));
        // Write a byte every 2 s until a write fails or the server closes.
        loop {
            let b = bytes.next().unwrap();
            if s.write_all(&[b]).await.is_err() {
                break;
            }
            let mut buf = [0u8; 256];
            match tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(_)) | Err(_) => {}
            }
            assert!(
                t0.elapsed() < SLOWLORIS_BOUND,
                "a slowloris connection is still open after {:?}",
                t0.elapsed()
            );
        }
        t0.elapsed()
    };
    let silent = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        closed_after(&mut s, SLOWLORIS_BOUND)
            .await
            .expect("a silent connection is still open")
    };
    let kept_alive = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut buf = [0u8; 4096];
        let n = s.read(&mut buf).await.unwrap();
        assert!(
            String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
        closed_after(&mut s, SLOWLORIS_BOUND)
            .await
            .expect("an idle kept-alive connection is still open")
    };
    let half_body = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!(
                "POST /v1/nodes/releases/items HTTP/1.1\r\nHost: {addr}\r\n\
                 Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n\
                 Content-Length: 1000\r\n\r\n{{\"title\":"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        let t0 = Instant::now();
        let mut out = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(45), s.read_to_end(&mut out)).await;
        (t0.elapsed(), String::from_utf8_lossy(&out).into_owned())
    };
    let (slow, silent, idle, (body_after, body_answer)) =
        tokio::join!(slowloris, silent, kept_alive, half_body);
    // Closed by the header timeout, not at once (the server did read the first bytes).
    assert!(
        slow >= Duration::from_secs(5) && slow < SLOWLORIS_BOUND,
        "slowloris closed after {slow:?}"
    );
    assert!(silent < SLOWLORIS_BOUND, "{silent:?}");
    assert!(idle < SLOWLORIS_BOUND, "{idle:?}");
    assert!(
        body_answer.starts_with("HTTP/1.1 408") && body_answer.contains("request_timeout"),
        "a stalled body got {body_answer:?} after {body_after:?}"
    );
    assert!(body_after < Duration::from_secs(40), "{body_after:?}");
    // The side still answers.
    until_get(addr, "/healthz", |s| s == 200).await;
}

/// The domain that stands in for a remote server.
const REMOTE: &str = "remote.test";
const REMOTE_SECRET: &str = "remote-secret";

/// A bare XEP-0114 component connection: it sends raw XML as any JID of its domain and waits
/// for whole top-level stanzas by substring (enough for the few answers a test looks at).
struct RemoteDomain {
    stream: TcpStream,
    buf: String,
    /// Bytes of `buf` already handed out or skipped.
    seen: usize,
}

impl RemoteDomain {
    async fn connect(addr: SocketAddr) -> RemoteDomain {
        let stream = TcpStream::connect(addr).await.unwrap();
        let mut c = RemoteDomain {
            stream,
            buf: String::new(),
            seen: 0,
        };
        c.send(&format!(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' \
             xmlns:stream='http://etherx.jabber.org/streams' to='{REMOTE}'>"
        ))
        .await;
        let id = loop {
            if let Some(id) = c.stream_id() {
                break id;
            }
            c.read_more().await;
        };
        let digest = hex::encode(sha1::Sha1::digest(format!("{id}{REMOTE_SECRET}")));
        c.send(&format!("<handshake>{digest}</handshake>")).await;
        while !c.buf.contains("<handshake/>") && !c.buf.contains("<handshake></handshake>") {
            assert!(
                !c.buf.contains("<stream:error"),
                "handshake refused: {}",
                c.buf
            );
            c.read_more().await;
        }
        c.seen = c.buf.len();
        c
    }

    fn stream_id(&self) -> Option<String> {
        let head = &self.buf[self.buf.find("<stream:stream")?..];
        let head = &head[..head.find('>')?];
        let at = head.find(" id=")? + 4;
        let quote = head[at..].chars().next()?;
        let rest = &head[at + 1..];
        Some(rest[..rest.find(quote)?].to_owned())
    }

    async fn read_more(&mut self) {
        let mut chunk = [0u8; 8192];
        let n = tokio::time::timeout(EVENT_TIMEOUT, self.stream.read(&mut chunk))
            .await
            .expect("the server sent nothing")
            .unwrap();
        assert!(
            n > 0,
            "the server closed the component stream: {}",
            self.buf
        );
        self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }

    async fn send(&mut self, xml: &str) {
        self.stream.write_all(xml.as_bytes()).await.unwrap();
    }

    /// The next top-level `<name …>` stanza (whole) for which `pred` holds; others are skipped.
    async fn wait(&mut self, name: &str, pred: impl Fn(&str) -> bool) -> String {
        let open = format!("<{name} ");
        let close = format!("</{name}>");
        loop {
            while let Some(start) = self.buf[self.seen..].find(&open).map(|i| i + self.seen) {
                let Some(gt) = self.buf[start..].find('>').map(|i| i + start) else {
                    break;
                };
                let end = if self.buf[..gt].ends_with('/') {
                    gt + 1
                } else if let Some(c) = self.buf[gt..].find(&close) {
                    gt + c + close.len()
                } else {
                    break;
                };
                let el = self.buf[start..end].to_owned();
                self.seen = end;
                if pred(&el) {
                    return el;
                }
            }
            self.read_more().await;
        }
    }

    /// Send an IQ with `id` and wait for its answer.
    async fn iq(&mut self, id: &str, xml: &str) -> String {
        self.send(xml).await;
        let (a, b) = (format!("id='{id}'"), format!("id=\"{id}\""));
        self.wait("iq", |el| el.contains(&a) || el.contains(&b))
            .await
    }

    async fn subscribe(&mut self, user: &str, node: &str, id: &str) -> String {
        self.iq(
            id,
            &format!(
                "<iq type='set' id='{id}' from='{user}@{REMOTE}/r' to='feeds.localhost'>\
                 <pubsub xmlns='http://jabber.org/protocol/pubsub'>\
                 <subscribe node='{node}' jid='{user}@{REMOTE}'/></pubsub></iq>"
            ),
        )
        .await
    }
}

fn is_result(iq: &str) -> bool {
    iq.contains("type='result'") || iq.contains("type=\"result\"")
}

fn is_policy_violation(iq: &str) -> bool {
    (iq.contains("type='error'") || iq.contains("type=\"error\""))
        && iq.contains("<policy-violation")
        && (iq.contains("type='cancel'") || iq.contains("type=\"cancel\""))
}

/// One remote domain may hold `[access] max_subscriptions_per_domain` subscriptions (3 here)
/// and no more: a fourth JID of it is refused with `policy-violation` by XEP-0060 subscribe, by
/// a roster subscription to a feed's contact and by the chat `subscribe` command, while the
/// server's own users subscribe beyond it. The count survives a restart, and an unsubscription
/// makes room.
#[tokio::test]
async fn one_remote_domain_cannot_fill_the_service_with_subscriptions() {
    crate::harness::init_tracing();
    let prosody = Prosody::start_with(vec![
        ComponentDef {
            domain: "feeds.localhost".into(),
            secret: "feeds-secret".into(),
        },
        ComponentDef {
            domain: REMOTE.into(),
            secret: REMOTE_SECRET.into(),
        },
    ]);
    prosody.register("alice", "alice-pw");
    let w = World {
        prosody,
        feeds: FeedServer::start().await,
        dir: tempfile::tempdir().unwrap(),
    };
    let nodes: String = (1..=4)
        .map(|i| format!("[[nodes]]\nnode = \"n{i}\"\ntitle = \"N{i}\"\n"))
        .collect();
    let cfg = w.config(
        "",
        &format!("[access]\nmax_subscriptions_per_domain = 3\n{nodes}"),
    );
    let mut daemon = Daemon::start(&cfg);

    // The server's own user: beyond the limit (ask() waits for the link too).
    let mut alice = w.user("alice", None).await;
    for n in ["n1", "n2", "n3", "n4", "news"] {
        let r = subscribe(&mut alice, n).await;
        assert!(
            matches!(r, tokio_xmpp::parsers::iq::Iq::Result { .. }),
            "{n}: {r:?}"
        );
    }

    let mut remote = RemoteDomain::connect(w.prosody.component_addr()).await;
    for (i, (user, node)) in [("r1", "n1"), ("r2", "n1"), ("r3", "n2")]
        .iter()
        .enumerate()
    {
        let r = remote.subscribe(user, node, &format!("s{i}")).await;
        assert!(is_result(&r), "{user} to {node}: {r}");
    }
    let r = remote.subscribe("r4", "n1", "over").await;
    assert!(is_policy_violation(&r), "a fourth subscription: {r}");
    assert!(r.contains("remote.test already holds 3"), "{r}");
    // What a JID already holds is answered as before.
    let r = remote.subscribe("r1", "n1", "again").await;
    assert!(is_result(&r), "{r}");

    // A roster subscription to a feed's contact: refused.
    remote
        .send(&format!(
            "<presence type='subscribe' from='r4@{REMOTE}' to='n3@feeds.localhost'/>"
        ))
        .await;
    let p = remote
        .wait("presence", |p| {
            p.contains("n3@feeds.localhost") && p.contains(&format!("r4@{REMOTE}"))
        })
        .await;
    assert!(p.contains("unsubscribed"), "{p}");
    // The chat command says why.
    remote
        .send(&format!(
            "<message type='chat' id='c1' from='r4@{REMOTE}/r' to='feeds.localhost'>\
             <body>subscribe n3</body></message>"
        ))
        .await;
    let m = remote
        .wait("message", |m| m.contains(&format!("r4@{REMOTE}")))
        .await;
    assert!(
        m.contains("subscribe failed") && m.contains("remote.test already holds 3 subscriptions"),
        "{m}"
    );

    // Restarted, the daemon counts what is stored.
    assert_eq!(daemon.stop().await, Some(0), "{}", daemon.log());
    drop(remote);
    let _daemon = Daemon::start(&cfg);
    let r = subscribe(&mut alice, "n1").await;
    assert!(
        matches!(r, tokio_xmpp::parsers::iq::Iq::Result { .. }),
        "{r:?}"
    );
    let mut remote = RemoteDomain::connect(w.prosody.component_addr()).await;
    let r = remote.subscribe("r4", "n3", "after-restart").await;
    assert!(is_policy_violation(&r), "after a restart: {r}");
    // An unsubscription makes room for one.
    let r = remote
        .iq(
            "u1",
            &format!(
                "<iq type='set' id='u1' from='r2@{REMOTE}/r' to='feeds.localhost'>\
                 <pubsub xmlns='http://jabber.org/protocol/pubsub'>\
                 <unsubscribe node='n1' jid='r2@{REMOTE}'/></pubsub></iq>"
            ),
        )
        .await;
    assert!(is_result(&r), "{r}");
    let r = remote.subscribe("r4", "n3", "room").await;
    assert!(is_result(&r), "{r}");
    let r = remote.subscribe("r5", "n3", "full-again").await;
    assert!(is_policy_violation(&r), "{r}");
}
