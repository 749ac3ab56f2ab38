//! The XEP-0114 component link, and the only user of tokio-xmpp: connect, handshake, reconnect
//! with exponential backoff and jitter, keep-alive pings, and the in/out stanza loop. It does
//! not interpret pubsub semantics: inbound stanzas go to a channel, outbound batches come from
//! one and are acknowledged once written and flushed to the server.
//!
//! tokio-xmpp's `Component` ends its stream on any read error (an idle soft timeout included) and
//! never reconnects, so this module drives the lower-level `xmlstream` API itself, which reports
//! soft timeouts (answered with a XEP-0199 ping) and errors (reconnect) separately. Stream
//! children are read as bounded element trees ([`Bounded`]) and typed here, so a stanza the
//! typed parsers refuse, or one too deep or too big to keep, is answered or dropped; only XML
//! that is not well-formed (which a server never forwards) ends the link.

use std::borrow::Cow;
use std::future::Future;
use std::time::Duration;

use std::pin::Pin;

use futures::{Sink, SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, BufReader};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::component::Handshake;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::{BareJid, Jid};
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::ping::Ping;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::xmlstream::{
    initiate_stream_with_limits, ReadError, StreamHeader, Timeouts, XmlStream, XmppStreamElement,
};
use tracing::{debug, info, trace, warn};
use xso::exports::rxml::{xml_ncname, Namespace};
use xso::{AsXml, Item};

pub use super::stanza::{Fanout, Inbound, Outbound, Stanza};

/// First wait before reconnecting.
pub const BACKOFF_MIN: Duration = Duration::from_secs(1);
/// Longest wait between reconnection attempts.
pub const BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Time the server gets to answer anything after a ping before the link is declared dead.
pub const PING_TIMEOUT: Duration = Duration::from_secs(20);
/// A link that stayed up this long was healthy: when it breaks, feedpush reconnects at once.
/// Links that break sooner (a server that accepts and then drops us, e.g. a conflict) count as
/// failed attempts and back off.
pub const HEALTHY_AFTER: Duration = Duration::from_secs(10);
/// Longest time one outbound batch may take to be written (a server that stops reading); the
/// keep-alive interval when that is shorter.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Time for connecting plus the handshake.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest message kept: feedpush reads no long messages (chat commands are short), so a
/// bigger one is dropped at the link instead of queued.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
const NS_STREAM: &str = "http://etherx.jabber.org/streams";

// Reads are buffered; writes are not, since the XML stream already serialises into its own
// buffer and a second write buffer would only copy every byte again.
//
// Stream children are read as plain elements, not typed stanzas: any well-formed element
// becomes one (so no stanza can fail the stream), and checks the typed parsers skip (one
// payload per IQ request, RFC 6120 §8.2.3) see the whole element before it is typed.
type Stream<Io> = XmlStream<BufReader<Io>, Bounded>;

/// Deepest nesting kept in an inbound stanza (the stanza element is level 1). XMPP payloads
/// are shallow; without a bound one deeply nested stanza would overflow the stack of every
/// recursive step after the parser (building, typing, dropping the tree).
pub const MAX_DEPTH: usize = 128;
/// Most elements kept in one inbound stanza: a 256 KiB stanza of `<a/>` would otherwise be a
/// tree of 65,000 elements, many times its size in memory.
pub const MAX_ELEMENTS: usize = 4096;

/// One child of the stream, read within [`MAX_DEPTH`] and [`MAX_ELEMENTS`].
#[derive(Debug)]
pub enum Bounded {
    /// The whole element.
    Element(Element),
    /// Over a bound: the rest was skipped as it arrived; only the root's header is kept.
    Over {
        /// The root element alone (children dropped).
        root: Element,
        /// Which bound was exceeded.
        why: &'static str,
    },
}

/// Builds a [`Bounded`] without recursion: the open elements are an explicit stack.
pub struct BoundedBuilder {
    stack: Vec<Element>,
    elements: usize,
    /// Set once over a bound: the root's header, and how many open elements remain to skip.
    over: Option<(Element, &'static str, usize)>,
}

fn head_element(qname: xso::exports::rxml::QName, attrs: xso::exports::rxml::AttrMap) -> Element {
    let mut b = Element::builder(qname.1, qname.0);
    for ((ns, name), value) in attrs {
        b = b.attr_ns(ns, name, value);
    }
    b.build()
}

impl xso::FromXml for Bounded {
    type Builder = BoundedBuilder;

    fn from_events(
        qname: xso::exports::rxml::QName,
        attrs: xso::exports::rxml::AttrMap,
        _ctx: &xso::Context<'_>,
    ) -> Result<BoundedBuilder, xso::error::FromEventsError> {
        Ok(BoundedBuilder {
            stack: vec![head_element(qname, attrs)],
            elements: 1,
            over: None,
        })
    }
}

impl xso::FromEventsBuilder for BoundedBuilder {
    type Output = Bounded;

    fn feed(
        &mut self,
        ev: xso::exports::rxml::Event,
        _ctx: &xso::Context<'_>,
    ) -> Result<Option<Bounded>, xso::error::Error> {
        use xso::exports::rxml::Event;
        if let Some((_, _, open)) = &mut self.over {
            match ev {
                Event::StartElement(..) => *open += 1,
                Event::EndElement(_) => {
                    *open -= 1;
                    if *open == 0 {
                        let (root, why, _) = self.over.take().expect("set above");
                        return Ok(Some(Bounded::Over { root, why }));
                    }
                }
                _ => {}
            }
            return Ok(None);
        }
        match ev {
            Event::XmlDeclaration(..) => Ok(None),
            Event::StartElement(_, qname, attrs) => {
                self.elements += 1;
                let why = if self.stack.len() >= MAX_DEPTH {
                    Some("nested too deeply")
                } else if self.elements > MAX_ELEMENTS {
                    Some("too many elements")
                } else {
                    None
                };
                if let Some(why) = why {
                    // Keep the root's header (to answer it); drop what was built (every part
                    // of it is within the bounds, so dropping it recurses boundedly).
                    let open = self.stack.len() + 1;
                    let root = self.stack.first().map(|r| {
                        let mut head = Element::builder(r.name(), r.ns()).build();
                        for ((ns, name), value) in r.attrs() {
                            head.attrs_mut()
                                .insert(ns.clone(), name.clone(), value.clone());
                        }
                        head
                    });
                    self.stack.clear();
                    let root = root.unwrap_or_else(|| Element::builder("unknown", "").build());
                    self.over = Some((root, why, open));
                    return Ok(None);
                }
                self.stack.push(head_element(qname, attrs));
                Ok(None)
            }
            Event::Text(_, text) => {
                if let Some(top) = self.stack.last_mut() {
                    top.append_text_node(text);
                }
                Ok(None)
            }
            Event::EndElement(_) => {
                let Some(done) = self.stack.pop() else {
                    return Err(xso::error::Error::Other("end without start"));
                };
                match self.stack.last_mut() {
                    Some(parent) => {
                        parent.append_child(done);
                        Ok(None)
                    }
                    None => Ok(Some(Bounded::Element(done))),
                }
            }
        }
    }
}

/// A borrowed stanza element with a `to` attribute added to its root, as XML items.
struct Addressed<'a> {
    el: &'a Element,
    to: &'a str,
}

impl AsXml for Addressed<'_> {
    type ItemIter<'x>
        = AddressedIter<'x>
    where
        Self: 'x;

    fn as_xml_iter(&self) -> Result<AddressedIter<'_>, xso::error::Error> {
        Ok(AddressedIter {
            inner: self.el.as_xml_iter()?,
            to: Some(self.to),
            started: false,
        })
    }
}

struct AddressedIter<'x> {
    inner: <Element as AsXml>::ItemIter<'x>,
    to: Option<&'x str>,
    started: bool,
}

impl<'x> Iterator for AddressedIter<'x> {
    type Item = Result<Item<'x>, xso::error::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.started {
            if let Some(to) = self.to.take() {
                // Right after the root's head start: the first attribute.
                return Some(Ok(Item::Attribute(
                    Namespace::NONE,
                    Cow::Borrowed(xml_ncname!("to")),
                    Cow::Borrowed(to),
                )));
            }
        }
        self.started = true;
        self.inner.next()
    }
}

#[derive(Debug, thiserror::Error)]
/// Why a connection ended or could not be made.
pub enum LinkError {
    #[error("cannot connect to {server}: {source}")]
    /// The TCP connection failed.
    Connect {
        /// The server's address.
        server: String,
        /// What the system said.
        source: std::io::Error,
    },
    #[error("handshake refused by the server (wrong secret or domain?)")]
    /// The server refused the handshake (wrong secret or JID).
    Refused,
    #[error("stream error from the server: {0}")]
    /// The server ended the stream with this error.
    StreamError(String),
    #[error("timed out")]
    /// The server stopped answering.
    Timeout,
    #[error("i/o: {0}")]
    /// Reading or writing failed.
    Io(#[from] std::io::Error),
}

/// Settings of the link.
#[derive(Clone, Debug)]
pub struct LinkConfig {
    /// The component's JID.
    pub jid: BareJid,
    /// The server's component port, `host:port`.
    pub server: String,
    /// The shared secret.
    pub secret: String,
    /// Silence after which the server is pinged (XEP-0199).
    pub keepalive: Duration,
    /// The parser's limit for one attribute value or name: the largest stanza the server
    /// forwards must fit, or one user's stanza would break the link for everybody.
    pub max_stanza_bytes: usize,
    /// Whether this instance may hold the link (one of a cluster whose server takes one
    /// connection per component: while another instance holds its lease, this one waits, and
    /// it closes its link when it loses the lease). None: always.
    pub may: Option<watch::Receiver<bool>>,
    /// Whether the server spreads the component's stanzas over several connections (ejabberd,
    /// with `[cluster] link = "every"`): the answer to this link's keep-alive ping may arrive
    /// on another instance's connection, so a short silence proves nothing. The link then
    /// pings every `keepalive` whatever it reads (a ping that cannot be written in time is a
    /// dead link) and gives up only after [`SHARED_SILENT_INTERVALS`] intervals without a
    /// byte; the kernel (`TCP_USER_TIMEOUT`) finds a server whose machine vanished.
    pub shared: bool,
}

/// How many keep-alive intervals a shared link (see [`LinkConfig::shared`]) may hear nothing
/// at all before it counts as dead: each instance pings every interval and the answers are
/// spread over the links, so a live link hears about one answer an interval; this long a
/// silence means a server that no longer serves this connection.
const SHARED_SILENT_INTERVALS: u32 = 20;
/// Unacknowledged data on the link this long: the server's machine is gone (the kernel gives
/// up on the connection; TCP keep-alive alone does not probe while pings wait unacknowledged).
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(60);
/// The kernel's TCP keep-alive on the link: idle time before the first probe, between probes,
/// and probes unanswered before the connection is dropped (a server whose machine vanished is
/// found within about a minute, on any link).
const TCP_KEEPALIVE: (Duration, Duration, u32) =
    (Duration::from_secs(30), Duration::from_secs(10), 3);

/// A TCP connection to `server` (`host:port`), without Nagle's delay.
async fn tcp(server: String) -> std::io::Result<TcpStream> {
    let tcp = TcpStream::connect(&server).await?;
    let _ = tcp.set_nodelay(true);
    let (idle, every, probes) = TCP_KEEPALIVE;
    let keepalive = socket2::TcpKeepalive::new()
        .with_time(idle)
        .with_interval(every)
        .with_retries(probes);
    let sock = socket2::SockRef::from(&tcp);
    if let Err(e) = sock.set_tcp_keepalive(&keepalive) {
        debug!(error = %e, "cannot set TCP keep-alive on the link");
    }
    if let Err(e) = sock.set_tcp_user_timeout(Some(TCP_USER_TIMEOUT)) {
        debug!(error = %e, "cannot set TCP_USER_TIMEOUT on the link");
    }
    Ok(tcp)
}

/// Open a byte stream with `open` (TCP in the daemon, an in-memory pipe in the tests) and
/// complete the XEP-0114 handshake over it.
async fn connect<Io, F, Fut>(cfg: &LinkConfig, open: &mut F) -> Result<Stream<Io>, LinkError>
where
    Io: AsyncRead + AsyncWrite + Unpin,
    F: FnMut() -> Fut,
    Fut: Future<Output = std::io::Result<Io>>,
{
    let io = open().await.map_err(|source| LinkError::Connect {
        server: cfg.server.clone(),
        source,
    })?;
    let timeouts = Timeouts {
        read_timeout: cfg.keepalive,
        response_timeout: if cfg.shared {
            cfg.keepalive * SHARED_SILENT_INTERVALS
        } else {
            PING_TIMEOUT
        },
    };
    let mut pending = initiate_stream_with_limits(
        BufReader::new(io),
        ns::COMPONENT,
        StreamHeader {
            to: Some(Cow::Owned(cfg.jid.to_string())),
            from: None,
            id: None,
        },
        timeouts,
        Some(cfg.max_stanza_bytes),
    )
    .await?;
    let header = pending.take_header();
    let id = header
        .id
        .map(|c| c.into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "stream id missing"))?;
    let mut stream: Stream<Io> = pending.skip_features();
    let hs = XmppStreamElement::ComponentHandshake(Handshake::from_stream_id_and_password(
        id,
        &cfg.secret,
    ));
    stream.send(&hs).await?;
    loop {
        match stream.next().await {
            Some(Ok(Bounded::Element(el))) if el.is("handshake", ns::COMPONENT) => {
                return Ok(stream)
            }
            Some(Ok(Bounded::Element(el))) if el.is("error", NS_STREAM) => {
                debug!(error = %String::from(&el), "handshake answered with a stream error");
                return Err(LinkError::Refused);
            }
            Some(Ok(_)) => return Err(LinkError::Refused),
            Some(Err(ReadError::SoftTimeout)) => continue,
            Some(Err(ReadError::HardError(e))) => return Err(e.into()),
            Some(Err(ReadError::ParseError(e))) => {
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
            }
            Some(Err(ReadError::StreamFooterReceived)) | None => return Err(LinkError::Refused),
        }
    }
}

/// Run the link until `shutdown`: connect, serve, reconnect with backoff. `up` tells whether
/// the link is currently attached.
pub async fn run(
    cfg: LinkConfig,
    inbound: mpsc::Sender<Inbound>,
    outbound: mpsc::Receiver<Outbound>,
    up: watch::Sender<bool>,
    shutdown: CancellationToken,
) {
    let server = cfg.server.clone();
    let open = move || tcp(server.clone());
    run_over(cfg, open, inbound, outbound, up, shutdown).await;
}

/// [`run`] over the byte streams `open` makes, one per connection attempt.
async fn run_over<Io, F, Fut>(
    cfg: LinkConfig,
    mut open: F,
    inbound: mpsc::Sender<Inbound>,
    mut outbound: mpsc::Receiver<Outbound>,
    up: watch::Sender<bool>,
    shutdown: CancellationToken,
) where
    Io: AsyncRead + AsyncWrite + Unpin,
    F: FnMut() -> Fut,
    Fut: Future<Output = std::io::Result<Io>>,
{
    // Consecutive failed attempts (connection refused, handshake refused, a link that broke
    // before it was healthy); zero after a healthy link.
    let mut failures: u32 = 0;
    let ping_to: Jid = server_domain(&cfg.jid);
    let mut may = cfg.may.clone();
    loop {
        if shutdown.is_cancelled() {
            break;
        }
        if let Some(may) = may.as_mut() {
            if !*may.borrow() {
                info!(jid = %cfg.jid, "another instance holds the link; waiting for its lease");
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                r = may.wait_for(|m| *m) => if r.is_err() { break },
            }
        }
        let attempt = tokio::select! {
            _ = shutdown.cancelled() => break,
            r = tokio::time::timeout(CONNECT_TIMEOUT, connect(&cfg, &mut open)) => r.unwrap_or(Err(LinkError::Timeout)),
        };
        match attempt {
            Ok(stream) => {
                info!(jid = %cfg.jid, server = %cfg.server, "component connected");
                let since = tokio::time::Instant::now();
                let _ = up.send(true);
                // The lease lost: the link closes as at a shutdown, and waits to be given it.
                let hold = shutdown.child_token();
                let why = {
                    let serving = serve(stream, &cfg, &ping_to, &inbound, &mut outbound, &hold);
                    tokio::pin!(serving);
                    tokio::select! {
                        why = &mut serving => why,
                        _ = lost(may.as_mut()) => {
                            hold.cancel();
                            serving.await
                        }
                    }
                };
                let _ = up.send(false);
                match why {
                    Ok(()) if !shutdown.is_cancelled() => {
                        info!(jid = %cfg.jid, "component link closed: another instance holds its lease now");
                        continue;
                    }
                    Ok(()) => {
                        info!(jid = %cfg.jid, "component link closed");
                        break;
                    }
                    Err(e) => {
                        info!(jid = %cfg.jid, error = %e, "component disconnected; reconnecting")
                    }
                }
                // A healthy link that breaks is retried at once; only a link that did not
                // hold counts as a failure (a server that accepts and then drops us, e.g. a
                // conflict, must not be hammered).
                if since.elapsed() >= HEALTHY_AFTER {
                    failures = 0;
                    continue;
                }
                failures += 1;
            }
            Err(e) => {
                failures += 1;
                warn!(server = %cfg.server, error = %e, retry_in = ?backoff(failures), "component connection failed");
            }
        }
        let wait = crate::backoff::upper_half_jitter(backoff(failures), rand::random());
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Resolves when the link may no longer be held (never without a lease to follow).
async fn lost(may: Option<&mut watch::Receiver<bool>>) {
    match may {
        Some(may) => {
            if may.wait_for(|m| !*m).await.is_err() {
                // Nobody decides any more (the daemon is stopping): the link stays until its
                // own shutdown, so that what is queued is written.
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

/// The wait before the next attempt after `failures` consecutive failures: doubling from
/// [`BACKOFF_MIN`] up to [`BACKOFF_MAX`] (jitter is applied by the caller).
fn backoff(failures: u32) -> Duration {
    crate::backoff::doubling(BACKOFF_MIN, failures, BACKOFF_MAX)
}

/// The parent domain pinged for keep-alive (`feeds.example.org` → `example.org`); any answer,
/// even an error, proves the link alive.
fn server_domain(jid: &BareJid) -> Jid {
    let d = jid.domain().as_str();
    let parent = d
        .split_once('.')
        .map(|(_, p)| p)
        .filter(|p| p.contains('.') || *p == "localhost");
    parent
        .and_then(|p| p.parse::<Jid>().ok())
        .unwrap_or_else(|| Jid::from(jid.clone()))
}

/// Serve one connected stream. Ok(()) on an orderly shutdown, Err when the link broke.
async fn serve<Io: AsyncRead + AsyncWrite + Unpin>(
    mut stream: Stream<Io>,
    cfg: &LinkConfig,
    ping_to: &Jid,
    inbound: &mpsc::Sender<Inbound>,
    outbound: &mut mpsc::Receiver<Outbound>,
    shutdown: &CancellationToken,
) -> Result<(), LinkError> {
    let mut ping_seq: u64 = 0;
    // Where a fan-out's template is serialised once, to check it, before its copies are written.
    let mut scratch = Vec::with_capacity(4096);
    // A write that cannot finish within the keep-alive is a dead link: `/healthz` must not
    // call a link up that has written nothing for that long.
    let write_timeout = WRITE_TIMEOUT.min(cfg.keepalive);
    // A reserved slot in the inbound queue. The stream is read only while one is held, and the
    // slot is awaited inside the select, never in a branch: the service may itself be waiting
    // for this loop to take its replies (no deadlock; backpressure reaches the server's socket).
    let mut slot: Option<mpsc::Permit<'_, Inbound>> = None;
    // False once the service stopped taking stanzas (shutting down): the link then only
    // writes what it is still given, until it is told to close.
    let mut reading = true;
    // A shared link pings on a clock of its own (its stream reports one silence only).
    let mut pings =
        tokio::time::interval_at(tokio::time::Instant::now() + cfg.keepalive, cfg.keepalive);
    pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = pings.tick(), if cfg.shared => {
                ping_seq += 1;
                send_ping(&mut stream, cfg, ping_to, ping_seq, write_timeout).await?;
            }
            _ = shutdown.cancelled() => {
                // Write what is already queued, then close the stream.
                while let Ok(out) = outbound.try_recv() {
                    write_bounded(&mut stream, out, &mut scratch, write_timeout).await?;
                }
                let _ = tokio::time::timeout(
                    Duration::from_secs(2),
                    SinkExt::<&XmppStreamElement>::close(&mut stream),
                )
                .await;
                return Ok(());
            }
            reserved = inbound.reserve(), if slot.is_none() && reading => match reserved {
                Ok(permit) => slot = Some(permit),
                Err(_) => reading = false,
            },
            item = stream.next(), if slot.is_some() => match item {
                Some(Ok(el)) => match classify(el) {
                    Classified::Inbound(i) => {
                        if let Inbound::Stanza(s) = &i {
                            trace_xml("in", s);
                        }
                        if let Some(permit) = slot.take() {
                            permit.send(i);
                        }
                    }
                    Classified::StreamError(e) => return Err(LinkError::StreamError(e)),
                    Classified::Dropped(why) => debug!(why, "inbound element dropped"),
                },
                Some(Err(ReadError::SoftTimeout)) => {
                    if !cfg.shared {
                        ping_seq += 1;
                        send_ping(&mut stream, cfg, ping_to, ping_seq, write_timeout).await?;
                    }
                }
                Some(Err(ReadError::ParseError(e))) => {
                    // Not well-formed XML: the parser cannot resynchronise, so the stream is
                    // over (with the parser's limits at the server's stanza limit, nothing a
                    // server forwards ends here).
                    warn!(error = %e, "the server sent XML that does not parse; reconnecting");
                    return Err(LinkError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)));
                }
                Some(Err(ReadError::HardError(e))) => return Err(e.into()),
                Some(Err(ReadError::StreamFooterReceived)) | None => {
                    return Err(LinkError::StreamError("stream closed by the server".into()));
                }
            },
            Some(out) = outbound.recv() => {
                write_bounded(&mut stream, out, &mut scratch, write_timeout).await?
            }
        }
    }
}

/// Ping the server (XEP-0199) to keep the link alive; its answer counts as anything read.
async fn send_ping<Io: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut Stream<Io>,
    cfg: &LinkConfig,
    ping_to: &Jid,
    seq: u64,
    write_timeout: Duration,
) -> Result<(), LinkError> {
    let ping = Iq::from_get(format!("keepalive-{seq}"), Ping)
        .with_from(Jid::from(cfg.jid.clone()))
        .with_to(ping_to.clone());
    debug!(to = %ping_to, "keep-alive ping");
    tokio::time::timeout(
        write_timeout,
        stream.send(&XmppStreamElement::Stanza(Stanza::Iq(ping))),
    )
    .await
    .map_err(|_| LinkError::Timeout)??;
    Ok(())
}

/// What one element read from the stream is.
#[derive(Debug)]
enum Classified {
    Inbound(Inbound),
    /// `<stream:error/>`: the server closes the stream.
    StreamError(String),
    /// Not for the service (with the reason, for the debug log).
    Dropped(&'static str),
}

/// Sort one child of the stream: a stanza for the service, an invalid stanza to answer with
/// an error, the server's stream error, or something to drop.
fn classify(read: Bounded) -> Classified {
    let el = match read {
        Bounded::Element(el) => el,
        Bounded::Over { root, why } => {
            // Too big to keep: an IQ request still gets its error (the service answers an
            // invalid request with bad-request), anything else is dropped.
            let is_request =
                root.is("iq", ns::COMPONENT) && matches!(root.attr("type"), Some("get" | "set"));
            if !is_request {
                return Classified::Dropped(why);
            }
            return Header::of(&root).invalid("iq", format!("stanza {why}"));
        }
    };
    if el.is("error", NS_STREAM) {
        return Classified::StreamError(String::from(&el));
    }
    if el.ns() != ns::COMPONENT {
        return Classified::Dropped("not a stanza");
    }
    let kind = match el.name() {
        "iq" => "iq",
        "message" => "message",
        "presence" => "presence",
        _ => return Classified::Dropped("not a stanza"),
    };
    if kind == "message" && exceeds(&el, MAX_MESSAGE_BYTES) {
        return Classified::Dropped("message over the size bound");
    }
    // The header, kept to answer a stanza that does not parse.
    let head = Header::of(&el);
    if kind == "iq" && matches!(el.attr("type"), Some("get" | "set")) && el.children().count() != 1
    {
        return head.invalid(kind, "an iq request carries exactly one payload".into());
    }
    let typed = match kind {
        "iq" => Iq::try_from(el).map(Stanza::Iq).map_err(|e| e.to_string()),
        "message" => Message::try_from(el)
            .map(Stanza::Message)
            .map_err(|e| e.to_string()),
        _ => Presence::try_from(el)
            .map(Stanza::Presence)
            .map_err(|e| e.to_string()),
    };
    match typed {
        Ok(s) => Classified::Inbound(Inbound::Stanza(Box::new(s))),
        Err(e) => head.invalid(kind, e),
    }
}

/// What of a stanza's header is needed to answer it with an error.
struct Header {
    from: Option<String>,
    to: Option<String>,
    type_: Option<String>,
    id: Option<String>,
}

impl Header {
    /// Taken before the element is consumed by the typed parser.
    fn of(el: &Element) -> Header {
        let attr = |name: &str| el.attr(name).map(str::to_owned);
        Header {
            from: attr("from"),
            to: attr("to"),
            type_: attr("type"),
            id: attr("id"),
        }
    }

    fn invalid(self, kind: &'static str, error: String) -> Classified {
        Classified::Inbound(Inbound::Invalid {
            kind,
            from: self.from,
            to: self.to,
            type_: self.type_,
            id: self.id,
            error,
        })
    }
}

/// Whether an element's names, attributes and texts add up to more than `limit` bytes
/// (stops counting once over).
fn exceeds(el: &Element, limit: usize) -> bool {
    fn fits(el: &Element, budget: &mut usize) -> bool {
        let mut take = |n: usize| match budget.checked_sub(n) {
            Some(left) => {
                *budget = left;
                true
            }
            None => false,
        };
        if !take(el.name().len())
            || !el
                .attrs()
                .into_iter()
                .all(|((_, k), v)| take(k.len() + v.len()))
        {
            return false;
        }
        el.nodes().all(|n| match n {
            tokio_xmpp::minidom::Node::Text(t) => match budget.checked_sub(t.len()) {
                Some(left) => {
                    *budget = left;
                    true
                }
                None => false,
            },
            tokio_xmpp::minidom::Node::Element(e) => fits(e, budget),
        })
    }
    let mut budget = limit;
    !fits(el, &mut budget)
}

/// Log a stanza as XML at trace level (serialised only when trace is on).
fn trace_xml(direction: &str, s: &Stanza) {
    if tracing::enabled!(tracing::Level::TRACE) {
        let el: Element = match s {
            Stanza::Iq(i) => i.clone().into(),
            Stanza::Message(m) => m.clone().into(),
            Stanza::Presence(p) => p.clone().into(),
        };
        trace!(xml = %String::from(&el), "{direction}");
    }
}

/// Serialise `x` completely with a throwaway encoder into `scratch`, writing nothing to the
/// stream: Ok when every item of it encodes. A fan-out's template is checked once this way,
/// so a bad one is not tried once per recipient.
pub(crate) fn check_serialisable<T: AsXml>(x: &T, scratch: &mut Vec<u8>) -> Result<(), String> {
    scratch.clear();
    let mut enc = xso::exports::rxml::Encoder::new();
    for item in x.as_xml_iter().map_err(|e| e.to_string())? {
        let item = item.map_err(|e| e.to_string())?;
        enc.encode(item.as_rxml_item(), scratch)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A stanza that cannot be serialised is dropped alone, counted and logged; no byte of it
/// reaches the connection.
fn drop_unserialisable(kind: &'static str, error: &str) {
    crate::telemetry::stanza_dropped("unserialisable");
    warn!(kind, error, "outbound stanza cannot be serialised; dropped");
}

/// Queue one stanza on the stream. Room first (an error there is the connection's); then the
/// stanza, which the stream encodes whole or not at all: one that cannot be serialised leaves
/// the stream as it was (the vendored tokio-xmpp puts its encoder's state back), so it is
/// dropped alone and the next one is written as if it had never been tried.
async fn send_one<Io: tokio::io::AsyncWrite + Unpin, T: AsXml>(
    stream: &mut XmlStream<Io, Bounded>,
    item: &T,
    kind: &'static str,
) -> Result<(), LinkError> {
    std::future::poll_fn(|cx| Sink::<&T>::poll_ready(Pin::new(&mut *stream), cx)).await?;
    if let Err(e) = Pin::new(&mut *stream).start_send(item) {
        drop_unserialisable(kind, &e.to_string());
    }
    Ok(())
}

async fn write_bounded<Io: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin>(
    stream: &mut XmlStream<Io, Bounded>,
    out: Outbound,
    scratch: &mut Vec<u8>,
    timeout: Duration,
) -> Result<(), LinkError> {
    // What was not acknowledged is sent again: a batch whose write timed out or failed
    // reports `false` (its sender keeps the jobs).
    let Outbound {
        stanzas,
        fanouts,
        done,
    } = out;
    let written = write_batch(stream, stanzas, &fanouts, scratch);
    let result = match tokio::time::timeout(timeout, written).await {
        Ok(r) => r,
        Err(_) => Err(LinkError::Timeout),
    };
    if let Some(done) = done {
        let _ = done.send(result.is_ok());
    }
    result
}

async fn write_batch<Io: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin>(
    stream: &mut XmlStream<Io, Bounded>,
    stanzas: Vec<Stanza>,
    fanouts: &[Fanout],
    scratch: &mut Vec<u8>,
) -> Result<(), LinkError> {
    for s in stanzas {
        trace_xml("out", &s);
        let el = XmppStreamElement::Stanza(s);
        send_one(stream, &el, "stanza").await?;
    }
    for f in fanouts {
        if tracing::enabled!(tracing::Level::TRACE) {
            trace!(xml = %String::from(&f.template), recipients = f.to.len(), "out to many");
        }
        // The template is checked once; only the recipient differs between its copies.
        if let Err(e) = check_serialisable(&f.template, scratch) {
            for _ in &f.to {
                drop_unserialisable("fanout", &e);
            }
            continue;
        }
        for to in &f.to {
            if let Some((at, bad)) = crate::text::xml_invalid_char(to) {
                drop_unserialisable(
                    "fanout",
                    &format!("recipient has U+{:04X} at {at}", bad as u32),
                );
                continue;
            }
            send_one(
                stream,
                &Addressed {
                    el: &f.template,
                    to,
                },
                "fanout",
            )
            .await?;
        }
    }
    Ok(SinkExt::<&XmppStreamElement>::flush(stream).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressed_adds_to_on_the_root_only() {
        let el: Element = "<message xmlns='jabber:component:accept' from='f.example' type='headline'><body>hi</body></message>"
            .parse()
            .unwrap();
        let addressed = Addressed { el: &el, to: "a@b" };
        let items: Vec<Item> = addressed
            .as_xml_iter()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let to_attrs = items
            .iter()
            .filter(|i| matches!(i, Item::Attribute(_, n, v) if n.as_str() == "to" && v == "a@b"))
            .count();
        assert_eq!(to_attrs, 1);
        assert!(matches!(&items[0], Item::ElementHeadStart(_, n) if n.as_str() == "message"));
        assert!(matches!(&items[1], Item::Attribute(_, n, _) if n.as_str() == "to"));
    }

    #[test]
    fn backoff_doubles_from_one_second_to_a_minute() {
        assert_eq!(backoff(1), BACKOFF_MIN);
        assert_eq!(backoff(2), BACKOFF_MIN * 2);
        assert_eq!(backoff(3), BACKOFF_MIN * 4);
        assert_eq!(backoff(100), BACKOFF_MAX);
    }

    /// What the servers forward and rxml 0.14 refused: a raw carriage return inside an
    /// attribute value, and attribute values over 8 KiB. Read through the same stream layer the
    /// link uses, each is one stanza, and the stanza after it arrives too.
    #[tokio::test]
    async fn the_stream_reads_carriage_returns_and_long_attributes() {
        let big = "n".repeat(1_000_000);
        let big_len = big.len();
        let mut input = String::new();
        input.push_str("<message from='a@localhost/r' to='feeds.localhost' type='chat' id='a\rb'><body>x</body></message>");
        input.push_str(&format!("<iq from='a@localhost/r' to='feeds.localhost' type='get' id='big'><query xmlns='http://jabber.org/protocol/disco#info' node='{big}'/></iq>"));
        // Nested 20,000 deep: skipped as it arrives, answered, and nothing overflows.
        input.push_str("<iq from='c@localhost/r' to='feeds.localhost' type='get' id='deep'><query xmlns='urn:example:deep'>");
        input.push_str(&"<a>".repeat(20_000));
        input.push_str(&"</a>".repeat(20_000));
        input.push_str("</query></iq>");
        input.push_str("<message from='c@localhost/r' to='feeds.localhost' type='chat'>");
        input.push_str(&"<b/>".repeat(MAX_ELEMENTS + 1));
        input.push_str("</message>");
        input.push_str("<iq from='b@localhost/r' to='feeds.localhost' type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");
        let (mut stream, _server) = stream_pair(input.into_bytes()).await;
        let mut got = Vec::new();
        let mut deep = None;
        let mut dropped = 0;
        while got.len() < 3 {
            match stream.next().await.map(|r| r.map(classify)) {
                Some(Ok(Classified::Inbound(Inbound::Stanza(s)))) => got.push(*s),
                Some(Ok(Classified::Inbound(Inbound::Invalid { id, error, .. }))) => {
                    deep = Some((id, error))
                }
                Some(Ok(Classified::Dropped(_))) => dropped += 1,
                other => panic!("not a stanza: {other:?}"),
            }
        }
        let (id, error) = deep.expect("the deep iq is answered");
        assert_eq!(id.as_deref(), Some("deep"));
        assert!(error.contains("nested too deeply"), "{error}");
        assert_eq!(dropped, 1, "the message with too many elements");
        let Stanza::Message(m) = &got[0] else {
            panic!()
        };
        assert_eq!(m.id.as_ref().map(|i| i.0.as_str()), Some("a b"));
        let Stanza::Iq(Iq::Get { payload, .. }) = &got[1] else {
            panic!()
        };
        assert_eq!(payload.attr("node").map(str::len), Some(big_len));
        assert!(matches!(&got[2], Stanza::Iq(Iq::Get { id, .. }) if id == "after"));
    }

    fn parse(xml: &str) -> Element {
        xml.replacen(' ', " xmlns='jabber:component:accept' ", 1)
            .parse()
            .unwrap()
    }

    #[test]
    fn an_iq_request_carries_exactly_one_payload() {
        let two = parse("<iq type='get' id='1' from='a@b/c' to='f.b'><query xmlns='http://jabber.org/protocol/disco#info'/><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        match classify(Bounded::Element(two)) {
            Classified::Inbound(Inbound::Invalid {
                kind, id, error, ..
            }) => {
                assert_eq!((kind, id.as_deref()), ("iq", Some("1")));
                assert!(error.contains("exactly one payload"), "{error}");
            }
            other => panic!("{other:?}"),
        }
        let none = parse("<iq type='set' id='2' from='a@b/c' to='f.b'/>");
        assert!(matches!(
            classify(Bounded::Element(none)),
            Classified::Inbound(Inbound::Invalid { .. })
        ));
        let one =
            parse("<iq type='get' id='3' from='a@b/c' to='f.b'><ping xmlns='urn:xmpp:ping'/></iq>");
        assert!(matches!(
            classify(Bounded::Element(one)),
            Classified::Inbound(Inbound::Stanza(_))
        ));
        // Results may be empty.
        let result = parse("<iq type='result' id='4' from='a@b/c' to='f.b'/>");
        assert!(matches!(
            classify(Bounded::Element(result)),
            Classified::Inbound(Inbound::Stanza(_))
        ));
    }

    #[test]
    fn big_messages_are_dropped_and_stream_errors_end_the_link() {
        let big = parse(&format!(
            "<message to='f.b' from='a@b/c' type='chat'><body>{}</body></message>",
            "x".repeat(MAX_MESSAGE_BYTES)
        ));
        assert!(matches!(
            classify(Bounded::Element(big)),
            Classified::Dropped(_)
        ));
        let small = parse("<message to='f.b' from='a@b/c' type='chat'><body>help</body></message>");
        assert!(matches!(
            classify(Bounded::Element(small)),
            Classified::Inbound(Inbound::Stanza(_))
        ));
        let err: Element = "<error xmlns='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></error>".parse().unwrap();
        assert!(matches!(
            classify(Bounded::Element(err)),
            Classified::StreamError(_)
        ));
        let bad = parse("<presence from='a@b/c' type='bogus'/>");
        assert!(matches!(
            classify(Bounded::Element(bad)),
            Classified::Inbound(Inbound::Invalid {
                kind: "presence",
                ..
            })
        ));
    }

    #[test]
    fn pings_the_parent_domain() {
        let j: BareJid = "feeds.example.org".parse().unwrap();
        assert_eq!(server_domain(&j).to_string(), "example.org");
        let j: BareJid = "feeds.localhost".parse().unwrap();
        assert_eq!(server_domain(&j).to_string(), "localhost");
    }

    const SERVER_HEADER: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' id='x' from='feeds.localhost'>";

    /// Our end of a stream whose server side is `server`; the server's header is already sent,
    /// followed by `input` (written whole before this returns: at most the pipe's 4 MiB).
    async fn stream_pair(input: Vec<u8>) -> (Stream2, tokio::io::DuplexStream) {
        use tokio::io::AsyncWriteExt;
        let (ours, mut server) = tokio::io::duplex(4 << 20);
        let feeder = tokio::spawn(async move {
            let mut header = vec![0u8; 1024];
            let _ = tokio::io::AsyncReadExt::read(&mut server, &mut header).await;
            server.write_all(SERVER_HEADER.as_bytes()).await.unwrap();
            server.write_all(&input).await.unwrap();
            server
        });
        let pending = initiate_stream_with_limits(
            BufReader::new(ours),
            ns::COMPONENT,
            StreamHeader {
                to: Some(Cow::Borrowed("feeds.localhost")),
                from: None,
                id: None,
            },
            Timeouts::tight(),
            Some(crate::config::DEFAULT_MAX_STANZA_BYTES),
        )
        .await
        .unwrap();
        let server = feeder.await.unwrap();
        (pending.skip_features(), server)
    }

    type Stream2 = XmlStream<BufReader<tokio::io::DuplexStream>, Bounded>;

    fn chat(id: &str, body: &str) -> Stanza {
        let mut m = Message::chat(Some("a@localhost".parse().unwrap()))
            .with_body(Default::default(), body.to_owned());
        m.id = Some(xmpp_parsers::message::Id(id.to_owned()));
        Stanza::Message(m)
    }

    /// What the server received: our whole stream, parsed as one document.
    async fn received(mut stream: Stream2, mut server: tokio::io::DuplexStream) -> Element {
        SinkExt::<&XmppStreamElement>::close(&mut stream)
            .await
            .unwrap();
        drop(stream);
        let mut bytes = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut server, &mut bytes)
            .await
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        // Our stream header was read (and dropped) by the server side before anything else.
        let doc = format!(
            "<stream:stream xmlns='jabber:component:accept' xmlns:stream='{NS_STREAM}'>{text}"
        );
        doc.parse::<Element>()
            .unwrap_or_else(|e| panic!("not well-formed ({e}): {doc}"))
    }

    #[tokio::test]
    async fn a_stanza_that_cannot_be_serialised_fails_alone() {
        let (mut stream, server) = stream_pair(Vec::new()).await;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let bad_template: Element =
            Element::from(Message::headline(None).with_body(Default::default(), "x".into()));
        // A text node XML cannot carry, built past the typed layer (as a bug or a door that
        // forgot to clean would).
        let mut bad_template = bad_template;
        bad_template.append_text_node("a\u{1}b");
        let good_template =
            Element::from(Message::headline(None).with_body(Default::default(), "fine".into()));
        let out = Outbound {
            stanzas: vec![
                chat("bad", "a\u{1}b"),
                chat("bad\u{FFFF}", "b"),
                chat("good", "ok"),
            ],
            fanouts: vec![
                Fanout {
                    template: bad_template,
                    to: vec!["x@localhost".into(), "y@localhost".into()],
                },
                Fanout {
                    template: good_template,
                    to: vec!["z@localhost".into(), "w\u{1}@localhost".into()],
                },
            ],
            done: Some(tx),
        };
        let mut scratch = Vec::new();
        write_bounded(&mut stream, out, &mut scratch, WRITE_TIMEOUT)
            .await
            .expect("the link goes on");
        assert!(rx.await.unwrap(), "the batch counts as written");
        // And the next batch is written normally.
        write_bounded(
            &mut stream,
            Outbound {
                stanzas: vec![chat("after", "still here")],
                ..Default::default()
            },
            &mut scratch,
            WRITE_TIMEOUT,
        )
        .await
        .unwrap();
        let doc = received(stream, server).await;
        let got: Vec<(String, Option<String>)> = doc
            .children()
            .map(|c| {
                (
                    c.attr("id").or(c.attr("to")).unwrap_or("").to_owned(),
                    c.get_child("body", ns::COMPONENT).map(|b| b.text()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("good".into(), Some("ok".into())),
                ("z@localhost".into(), Some("fine".into())),
                ("after".into(), Some("still here".into())),
            ]
        );
    }

    fn escape_text(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                '>' => out.push_str("&gt;"),
                // Every other character as a character reference, half of them in hex.
                c if (c as u32) % 2 == 0 => out.push_str(&format!("&#{};", c as u32)),
                c => out.push_str(&format!("&#x{:x};", c as u32)),
            }
        }
        out
    }

    /// Reads the stream until `n` stanzas arrived or it ends; every outcome but a panic is
    /// allowed here, the caller checks which.
    async fn read_some(stream: &mut Stream2, n: usize) -> (Vec<Stanza>, Option<String>) {
        let mut got = Vec::new();
        while got.len() < n {
            match tokio::time::timeout(Duration::from_secs(5), stream.next()).await {
                Ok(Some(Ok(el))) => match classify(el) {
                    Classified::Inbound(Inbound::Stanza(s)) => got.push(*s),
                    Classified::Inbound(Inbound::Invalid { error, .. }) => {
                        return (got, Some(error))
                    }
                    Classified::StreamError(e) => return (got, Some(e)),
                    Classified::Dropped(_) => {}
                },
                Ok(Some(Err(ReadError::SoftTimeout))) => {}
                Ok(Some(Err(e))) => return (got, Some(format!("{e:?}"))),
                Ok(None) => return (got, Some("end".into())),
                Err(_) => return (got, Some("timeout".into())),
            }
        }
        (got, None)
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any text, written as character references: carried exactly when XML can carry all
        /// of it, refused otherwise; the reader never panics and, after text it carried, the
        /// next stanza arrives (no desynchronisation).
        #[test]
        fn the_reader_keeps_its_place_on_any_text(text in "\\PC{0,40}|[\\x00-\\x{FFFF}]{0,40}") {
            let input = format!(
                "<message from='a@localhost/r' to='feeds.localhost' type='chat' id='{}'><body>{}</body></message><iq from='b@localhost/r' to='feeds.localhost' type='get' id='next'><ping xmlns='urn:xmpp:ping'/></iq>",
                escape_text(&text).replace('\'', "&apos;"),
                escape_text(&text),
            );
            let (got, end) = runtime().block_on(async {
                let (mut stream, _server) = stream_pair(input.into_bytes()).await;
                read_some(&mut stream, 2).await
            });
            let carried = crate::text::xml_invalid_char(&text).is_none();
            if carried {
                proptest::prop_assert!(end.is_none(), "ended: {end:?}");
                let Stanza::Message(m) = &got[0] else { panic!("{:?}", got[0]) };
                // Attribute values normalise whitespace (XML 1.0 §3.3.3); the body does not.
                proptest::prop_assert_eq!(m.bodies.values().next().map(|b| b.as_str()), Some(text.as_str()));
                let next = matches!(&got[1], Stanza::Iq(Iq::Get { id, .. }) if id == "next");
                proptest::prop_assert!(next, "the stanza after it: {:?}", got[1]);
            } else {
                proptest::prop_assert!(got.is_empty() && end.is_some());
            }
        }

        /// Any bytes after the header: the reader returns stanzas, drops or errors, never panics.
        #[test]
        fn the_reader_survives_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut input = b"<message from='a@localhost/r' to='feeds.localhost'><body>".to_vec();
            input.extend_from_slice(&bytes);
            runtime().block_on(async {
                let (mut stream, _server) = stream_pair(input).await;
                let _ = tokio::time::timeout(Duration::from_millis(200), read_some(&mut stream, 3)).await;
            });
        }

        /// Any text in a stanza: what is written always parses, and a stanza carrying text XML
        /// cannot carry is the only one missing.
        #[test]
        fn what_is_written_always_parses(texts in proptest::collection::vec("\\PC{0,20}|[\\x00-\\x{FFFF}]{0,20}", 1..6)) {
            let expected: Vec<String> = texts
                .iter()
                .filter(|t| crate::text::xml_invalid_char(t).is_none())
                .cloned()
                .collect();
            let doc = runtime().block_on(async {
                let (mut stream, server) = stream_pair(Vec::new()).await;
                let out = Outbound {
                    stanzas: texts.iter().map(|t| chat("m", t)).collect(),
                    ..Default::default()
                };
                write_bounded(&mut stream, out, &mut Vec::new(), WRITE_TIMEOUT).await.unwrap();
                received(stream, server).await
            });
            let bodies: Vec<String> = doc
                .children()
                .map(|c| c.get_child("body", ns::COMPONENT).map(|b| b.text()).unwrap_or_default())
                .collect();
            proptest::prop_assert_eq!(bodies, expected);
        }
    }
}

#[cfg(test)]
mod reconnect_tests {
    //! The link's loop on paused tokio time against an in-process XEP-0114 server: each
    //! connection attempt gets an in-memory pipe whose other end speaks the server's side of
    //! the handshake (or is refused), so reconnects and their backoff are exact virtual time.

    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use sha1::{Digest, Sha1};
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
    use tokio::time::Instant;

    use super::*;

    const SECRET: &str = "s3cret";
    const STREAM_ID: &str = "peer-stream-1";
    /// Silence before a keep-alive ping: longer than any wait here.
    const KEEPALIVE: Duration = Duration::from_secs(600);

    /// One connection attempt of the link.
    enum Attempt {
        /// Refused (as by a server that is not listening).
        Refused(Instant),
        /// Connected: the server's end of the pipe.
        Accepted(Instant, DuplexStream),
    }

    /// The test's side of the link's connection attempts.
    struct Wire {
        attempts: mpsc::UnboundedReceiver<Attempt>,
        /// Attempts still to refuse.
        refuse: Arc<AtomicU32>,
    }

    impl Wire {
        async fn next(&mut self) -> Attempt {
            self.attempts.recv().await.expect("the link runs")
        }

        async fn refused(&mut self) -> Instant {
            match self.next().await {
                Attempt::Refused(t) => t,
                Attempt::Accepted(..) => panic!("accepted, expected refused"),
            }
        }

        async fn accepted(&mut self) -> (Instant, DuplexStream) {
            match self.next().await {
                Attempt::Accepted(t, io) => (t, io),
                Attempt::Refused(_) => panic!("refused, expected accepted"),
            }
        }
    }

    /// A connector for [`run_over`] and the test's side of it.
    fn wire() -> (
        Wire,
        impl FnMut() -> std::future::Ready<std::io::Result<DuplexStream>> + Send + 'static,
    ) {
        let (tx, attempts) = mpsc::unbounded_channel();
        let refuse = Arc::new(AtomicU32::new(0));
        let left = refuse.clone();
        let open = move || {
            let now = Instant::now();
            if left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                let _ = tx.send(Attempt::Refused(now));
                let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
                return std::future::ready(Err(refused));
            }
            let (ours, theirs) = tokio::io::duplex(1 << 16);
            let _ = tx.send(Attempt::Accepted(now, theirs));
            std::future::ready(Ok(ours))
        };
        (Wire { attempts, refuse }, open)
    }

    /// The server's end of one connection.
    struct Peer {
        io: DuplexStream,
        /// Read and not yet taken.
        buf: String,
    }

    impl Peer {
        /// The server's side of XEP-0114: read the component's stream header, answer with a
        /// header carrying a stream id, check the handshake (hex SHA-1 of the id and the
        /// secret, §3) and accept it.
        async fn accept(io: DuplexStream) -> Peer {
            let mut p = Peer {
                io,
                buf: String::new(),
            };
            let header = p.read_header().await;
            assert!(header.contains("jabber:component:accept"), "{header}");
            assert!(header.contains("feeds.localhost"), "{header}");
            p.send_header().await;
            let handshake = p.read_until("</handshake>").await;
            let digest = handshake
                .trim_end_matches("</handshake>")
                .rsplit('>')
                .next()
                .unwrap_or_default()
                .to_owned();
            let expected = hex::encode(Sha1::digest(format!("{STREAM_ID}{SECRET}")));
            assert_eq!(digest, expected, "handshake: {handshake}");
            p.send("<handshake/>").await;
            p
        }

        /// The component's stream header: up to the first '>' that does not end the XML
        /// declaration.
        async fn read_header(&mut self) -> String {
            self.read_while(|s| {
                s.char_indices()
                    .find(|&(i, c)| c == '>' && !s[..i].ends_with('?'))
                    .map(|(i, _)| i + 1)
            })
            .await
        }

        /// The server's stream header, with the stream id the handshake hashes.
        async fn send_header(&mut self) {
            self.send(&format!(
                "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' \
                 xmlns:stream='http://etherx.jabber.org/streams' id='{STREAM_ID}' \
                 from='feeds.localhost'>"
            ))
            .await;
        }

        async fn send(&mut self, xml: &str) {
            self.io.write_all(xml.as_bytes()).await.unwrap();
        }

        /// Read until `end` says where what is wanted ends; that part, taken.
        async fn read_while(&mut self, end: impl Fn(&str) -> Option<usize>) -> String {
            let mut chunk = [0u8; 4096];
            loop {
                if let Some(n) = end(&self.buf) {
                    let rest = self.buf.split_off(n);
                    return std::mem::replace(&mut self.buf, rest);
                }
                let n = self.io.read(&mut chunk).await.unwrap();
                assert!(n > 0, "the link closed the stream; read: {}", self.buf);
                self.buf.push_str(std::str::from_utf8(&chunk[..n]).unwrap());
            }
        }

        /// Everything up to and including `needle`.
        async fn read_until(&mut self, needle: &str) -> String {
            self.read_while(|s| s.find(needle).map(|i| i + needle.len()))
                .await
        }

        /// The next stanza the link wrote with this id.
        async fn expect_message(&mut self, id: &str) {
            let got = self.read_until("</message>").await;
            assert!(
                got.contains(&format!("'{id}'")) || got.contains(&format!("\"{id}\"")),
                "{got}"
            );
        }
    }

    fn link_config() -> LinkConfig {
        LinkConfig {
            jid: "feeds.localhost".parse().unwrap(),
            server: "in-process".into(),
            secret: SECRET.into(),
            keepalive: KEEPALIVE,
            max_stanza_bytes: crate::config::DEFAULT_MAX_STANZA_BYTES,
            may: None,
            shared: false,
        }
    }

    /// A chat message from a user, as the server forwards it.
    fn from_user(id: &str) -> String {
        format!(
            "<message from='a@localhost/r' to='feeds.localhost' type='chat' id='{id}'><body>hi</body></message>"
        )
    }

    fn chat(id: &str) -> Stanza {
        let mut m = Message::chat(Some("a@localhost".parse().unwrap()))
            .with_body(Default::default(), "hello".to_owned());
        m.id = Some(xmpp_parsers::message::Id(id.to_owned()));
        Stanza::Message(m)
    }

    async fn expect_inbound(inbound: &mut mpsc::Receiver<Inbound>, id: &str) {
        match inbound.recv().await {
            Some(Inbound::Stanza(s)) => match *s {
                Stanza::Message(m) => assert_eq!(m.id.map(|i| i.0).as_deref(), Some(id)),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    /// Hand the link one stanza and wait until it says it was written.
    async fn write(out: &mpsc::Sender<Outbound>, id: &str) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        out.send(Outbound {
            stanzas: vec![chat(id)],
            done: Some(tx),
            ..Outbound::default()
        })
        .await
        .unwrap();
        assert!(rx.await.unwrap(), "written");
    }

    /// `d` within the reconnect backoff after `failures` failed attempts (jitter: its upper
    /// half).
    fn within_backoff(d: Duration, failures: u32) -> bool {
        let b = backoff(failures);
        d >= b / 2 && d <= b
    }

    #[tokio::test(start_paused = true)]
    async fn the_link_reconnects_with_backoff_and_stanzas_flow_again() {
        let (mut wire, open) = wire();
        let (in_tx, mut inbound) = mpsc::channel(8);
        let (out, out_rx) = mpsc::channel(8);
        let (up_tx, mut up) = watch::channel(false);
        let stop = CancellationToken::new();
        let link = tokio::spawn(run_over(
            link_config(),
            open,
            in_tx,
            out_rx,
            up_tx,
            stop.clone(),
        ));

        // Connected: the handshake, then stanzas both ways.
        let (_, io) = wire.accepted().await;
        let mut peer = Peer::accept(io).await;
        up.wait_for(|u| *u).await.unwrap();
        peer.send(&from_user("in-1")).await;
        expect_inbound(&mut inbound, "in-1").await;
        write(&out, "out-1").await;
        peer.expect_message("out-1").await;

        // The server drops the link at once: a failed attempt. The link goes down and tries
        // again after the first backoff; refused twice, it waits twice as long each time.
        wire.refuse.store(2, Ordering::SeqCst);
        let closed = Instant::now();
        drop(peer);
        up.wait_for(|u| !*u).await.unwrap();
        let first = wire.refused().await;
        assert!(within_backoff(first - closed, 1), "{:?}", first - closed);
        let second = wire.refused().await;
        assert!(within_backoff(second - first, 2), "{:?}", second - first);
        let (third, io) = wire.accepted().await;
        assert!(within_backoff(third - second, 3), "{:?}", third - second);

        // Connected again: stanzas flow as before.
        let mut peer = Peer::accept(io).await;
        up.wait_for(|u| *u).await.unwrap();
        peer.send(&from_user("in-2")).await;
        expect_inbound(&mut inbound, "in-2").await;
        write(&out, "out-2").await;
        peer.expect_message("out-2").await;

        // A link that held for HEALTHY_AFTER and then breaks is retried at once.
        tokio::time::sleep(HEALTHY_AFTER).await;
        let closed = Instant::now();
        drop(peer);
        let (again, io) = wire.accepted().await;
        assert_eq!(again, closed, "no wait after a healthy link");
        let mut peer = Peer::accept(io).await;
        up.wait_for(|u| *u).await.unwrap();

        // Shutdown closes the stream in order and ends the loop.
        stop.cancel();
        let footer = peer.read_until("stream>").await;
        assert!(footer.trim_start().starts_with("</"), "{footer}");
        link.await.unwrap();
        assert!(!*up.borrow(), "down after shutdown");
    }

    #[tokio::test(start_paused = true)]
    async fn a_refused_handshake_backs_off_like_a_refused_connection() {
        let (mut wire, open) = wire();
        let (in_tx, _inbound) = mpsc::channel(8);
        let (_out, out_rx) = mpsc::channel(8);
        let (up_tx, up) = watch::channel(false);
        let stop = CancellationToken::new();
        let link = tokio::spawn(run_over(
            link_config(),
            open,
            in_tx,
            out_rx,
            up_tx,
            stop.clone(),
        ));
        let (mut at, mut io) = wire.accepted().await;
        for failures in 1..=3 {
            // The server's side with a wrong secret: the handshake answered with a stream error.
            let mut peer = Peer {
                io,
                buf: String::new(),
            };
            peer.read_header().await;
            peer.send_header().await;
            peer.read_until("</handshake>").await;
            peer.send(
                "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>",
            )
            .await;
            let (next, next_io) = wire.accepted().await;
            assert!(
                within_backoff(next - at, failures),
                "after {failures} refusals: {:?}",
                next - at
            );
            assert!(!*up.borrow(), "never up");
            (at, io) = (next, next_io);
        }
        drop(io);
        stop.cancel();
        link.await.unwrap();
    }

    /// A server that never answers pings (its answers go to another instance's connection, as
    /// ejabberd spreads them): a link of one instance alone gives up after the ping's timeout
    /// and connects again; a shared link keeps pinging every keep-alive and stays.
    #[tokio::test(start_paused = true)]
    async fn only_a_link_of_its_own_gives_up_on_unanswered_pings() {
        for shared in [false, true] {
            let (mut wire, open) = wire();
            let (in_tx, _inbound) = mpsc::channel(8);
            let (_out, out_rx) = mpsc::channel(8);
            let (up_tx, up) = watch::channel(false);
            let stop = CancellationToken::new();
            let cfg = LinkConfig {
                shared,
                ..link_config()
            };
            let link = tokio::spawn(run_over(cfg, open, in_tx, out_rx, up_tx, stop.clone()));
            let (connected, io) = wire.accepted().await;
            let mut peer = Peer::accept(io).await;
            for n in 1..=3 {
                let ping = peer.read_until("</iq>").await;
                assert!(ping.contains(&format!("keepalive-{n}")), "{ping}");
                let after = Instant::now() - connected;
                if !shared {
                    // Pinged after a keep-alive of silence; then dropped, and connected again
                    // once the ping's timeout passed unanswered.
                    assert_eq!(after, KEEPALIVE, "{ping}");
                    let (again, _io) = wire.accepted().await;
                    assert!(again - connected >= KEEPALIVE + PING_TIMEOUT / 2);
                    assert!(again - connected <= KEEPALIVE + PING_TIMEOUT + BACKOFF_MIN);
                    break;
                }
                assert_eq!(after, KEEPALIVE * n, "ping {n}");
                assert!(*up.borrow(), "still up after {n} unanswered pings");
            }
            stop.cancel();
            link.await.unwrap();
        }
    }
}
