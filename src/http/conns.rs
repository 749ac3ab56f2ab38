//! The HTTP side's connections: the accept loop (hyper's HTTP/1 server under the axum router),
//! the caps on open connections (all clients, and one IP address) and the timeouts that close
//! connections which send too slowly or nothing at all.
//!
//! - A connection must send a request's headers within [`HEADER_READ_TIMEOUT`]; hyper starts
//!   that timer when it starts waiting for a request, so it bounds a new connection's silence,
//!   a slowloris sending its headers a byte at a time, and a kept-alive connection's idle time
//!   between two requests alike.
//! - A body must arrive within [`BODY_READ_TIMEOUT`] (`Api::read_body`, 408 beyond).
//! - At most `[http] max_connections` are open, never more than the process's file limit
//!   leaves after [`FD_RESERVE`] and the fetchers ([`connection_cap`]), and at most
//!   `[http] max_connections_per_ip` from one address. A connection over a cap takes the place
//!   of the oldest *idle* one (no request in progress): of its own address when that address
//!   is over its cap, else of the address holding the most connections. When every connection
//!   is in the middle of a request, the new one is closed at once. Either way the accept loop
//!   goes on at once, and a request in progress is never cut.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

/// Time a connection has to send a request's headers, counted from when it starts waiting for
/// one: after connecting, and after each response on a kept-alive connection (so this is the
/// idle timeout too).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a request has to send its whole body once its headers are in (408 beyond).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Files kept for the rest of the process when the connection cap is derived from the file
/// limit: the store's files, the link, journald, the runtime's own descriptors and headroom.
/// The fetchers' sockets (`[fetch] max_concurrent`) are kept on top of it.
pub const FD_RESERVE: u64 = 256;
/// `[http] max_connections` when the file is silent and the file limit allows it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// How long open connections may finish their requests at shutdown.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Pause after a failed accept (out of files, out of memory) before accepting again.
pub const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// The process's soft limit on open files (RLIMIT_NOFILE); None when unlimited.
pub fn file_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

/// The cap on open connections: `configured` (or [`DEFAULT_MAX_CONNECTIONS`]), lowered to
/// what `file_limit` leaves after [`FD_RESERVE`] and `fetchers` (at least a quarter of the
/// limit, at least one). The second value says whether `configured` had to be lowered.
pub fn connection_cap(
    configured: Option<usize>,
    file_limit: Option<u64>,
    fetchers: usize,
) -> (usize, bool) {
    let wanted = configured.unwrap_or(DEFAULT_MAX_CONNECTIONS);
    let Some(limit) = file_limit else {
        return (wanted, false);
    };
    let room = limit
        .saturating_sub(FD_RESERVE + fetchers as u64)
        .max(limit / 4)
        .max(1);
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    if wanted > room {
        (room, configured.is_some())
    } else {
        (wanted, false)
    }
}

/// The two caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// Open connections at most.
    pub total: usize,
    /// Open connections at most from one address.
    pub per_ip: usize,
}

/// One open connection as the table knows it.
struct Entry {
    ip: IpAddr,
    /// Requests in progress on it (hyper has called the service and not yet had its answer).
    busy: Arc<AtomicUsize>,
    /// Told when it is to make room for a newer one.
    evict: Arc<Notify>,
}

#[derive(Default)]
struct Table {
    /// By age: ids only grow.
    open: BTreeMap<u64, Entry>,
    per_ip: HashMap<IpAddr, usize>,
    next: u64,
}

impl Table {
    fn remove(&mut self, id: u64) -> Option<Entry> {
        let e = self.open.remove(&id)?;
        if let Some(n) = self.per_ip.get_mut(&e.ip) {
            *n -= 1;
            if *n == 0 {
                self.per_ip.remove(&e.ip);
            }
        }
        Some(e)
    }

    /// The oldest connection without a request in progress, from `ip` when given.
    fn oldest_idle(&self, ip: Option<IpAddr>) -> Option<u64> {
        self.open
            .iter()
            .find(|(_, e)| ip.is_none_or(|ip| e.ip == ip) && e.busy.load(Ordering::Acquire) == 0)
            .map(|(id, _)| *id)
    }
}

/// The open connections, shared by the accept loop and the connections' tasks.
#[derive(Clone)]
pub struct Registry {
    caps: Caps,
    table: Arc<Mutex<Table>>,
}

/// What [`Registry::admit`] decided for a new connection.
pub enum Admission {
    /// Serve it; the ticket keeps its place until dropped.
    Admit(Ticket),
    /// Over a cap with no idle connection to close: close it at once.
    Refuse,
}

/// A connection's place in the [`Registry`]; dropping it frees the place.
pub struct Ticket {
    id: u64,
    /// Requests in progress on this connection.
    pub busy: Arc<AtomicUsize>,
    /// Notified when the connection is to make room for a newer one.
    pub evict: Arc<Notify>,
    table: Arc<Mutex<Table>>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        // Already gone when it was evicted.
        t.remove(self.id);
        crate::telemetry::http_connections(t.open.len());
    }
}

impl Registry {
    /// An empty table with these caps.
    pub fn new(caps: Caps) -> Registry {
        Registry {
            caps,
            table: Arc::default(),
        }
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.table
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .open
            .len()
    }

    /// Take a place for a connection from `ip`, evicting an idle connection when a cap is
    /// reached (see the module's doc).
    pub fn admit(&self, ip: IpAddr) -> Admission {
        let ip = ip.to_canonical();
        let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let from_ip = t.per_ip.get(&ip).copied().unwrap_or(0);
        let victim = if from_ip >= self.caps.per_ip {
            Some(t.oldest_idle(Some(ip)))
        } else if t.open.len() >= self.caps.total {
            let heaviest = t.per_ip.iter().max_by_key(|(_, n)| **n).map(|(ip, _)| *ip);
            Some(
                heaviest
                    .and_then(|h| t.oldest_idle(Some(h)))
                    .or_else(|| t.oldest_idle(None)),
            )
        } else {
            None
        };
        match victim {
            Some(None) => return Admission::Refuse,
            Some(Some(id)) => {
                if let Some(e) = t.remove(id) {
                    e.evict.notify_one();
                    crate::telemetry::http_connection_closed("evicted");
                    debug!(peer = %e.ip, "HTTP connection closed to make room for a new one");
                }
            }
            None => {}
        }
        let id = t.next;
        t.next += 1;
        let busy = Arc::new(AtomicUsize::new(0));
        let evict = Arc::new(Notify::new());
        t.open.insert(
            id,
            Entry {
                ip,
                busy: busy.clone(),
                evict: evict.clone(),
            },
        );
        *t.per_ip.entry(ip).or_insert(0) += 1;
        crate::telemetry::http_connections(t.open.len());
        Admission::Admit(Ticket {
            id,
            busy,
            evict,
            table: self.table.clone(),
        })
    }
}

/// Counts a request in progress while it lives.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn enter(n: &Arc<AtomicUsize>) -> Busy {
        n.fetch_add(1, Ordering::AcqRel);
        Busy(n.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Whether an accept error is about the one connection (the loop goes straight on) rather
/// than the process (out of files or memory: the loop pauses first).
fn about_the_connection(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset | Interrupted
    )
}

/// Serve `app` on `listener` under `caps` until `stop`; then let open requests finish for
/// [`SHUTDOWN_GRACE`] at most.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    caps: Caps,
    stop: CancellationToken,
) {
    let registry = Registry::new(caps);
    let tasks = TaskTracker::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true);
    let mut accept_errors: u64 = 0;
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => break,
            r = listener.accept() => r,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) if about_the_connection(&e) => continue,
            Err(e) => {
                accept_errors += 1;
                // Once, then every thousandth: a flood must not flood the log too.
                if accept_errors % 1000 == 1 {
                    warn!(error = %e, errors = accept_errors, open = registry.open(),
                        "the HTTP side cannot accept connections; retrying");
                }
                tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                continue;
            }
        };
        let ticket = match registry.admit(peer.ip()) {
            Admission::Admit(t) => t,
            Admission::Refuse => {
                crate::telemetry::http_connection_closed("refused");
                debug!(peer = %peer, "HTTP connection refused: every place is in use by a request");
                drop(stream);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = {
            let inner = TowerToHyperService::new(app.clone());
            let busy = ticket.busy.clone();
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let guard = Busy::enter(&busy);
                let answer = inner.call(req.map(Body::new));
                async move {
                    let r: Result<_, Infallible> = answer.await;
                    drop(guard);
                    r
                }
            })
        };
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let stop = stop.clone();
        tasks.spawn(async move {
            let mut conn = std::pin::pin!(conn);
            let evicted = tokio::select! {
                r = conn.as_mut() => {
                    if let Err(e) = r {
                        debug!(peer = %peer, error = %e, "HTTP connection ended");
                    }
                    return;
                }
                _ = ticket.evict.notified() => true,
                _ = stop.cancelled() => false,
            };
            // Evicted between two requests: close at once. A request that began meanwhile, or
            // a shutdown, gets its answer first.
            if evicted && ticket.busy.load(Ordering::Acquire) == 0 {
                return;
            }
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, conn).await;
        });
    }
    drop(listener);
    tasks.close();
    if tokio::time::timeout(SHUTDOWN_GRACE, tasks.wait())
        .await
        .is_err()
    {
        info!(
            open = registry.open(),
            "HTTP connections still open at shutdown were closed"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, n])
    }

    fn admitted(a: Admission) -> Ticket {
        match a {
            Admission::Admit(t) => t,
            Admission::Refuse => panic!("refused"),
        }
    }

    #[test]
    fn the_cap_stays_below_the_file_limit() {
        // systemd's default soft limit: room for the store and 16 fetchers.
        assert_eq!(connection_cap(None, Some(1024), 16), (752, false));
        // Configured higher than the limit allows: lowered, and said so.
        assert_eq!(connection_cap(Some(5000), Some(1024), 16), (752, true));
        assert_eq!(connection_cap(Some(100), Some(1024), 16), (100, false));
        // A roomy limit: the default.
        assert_eq!(
            connection_cap(None, Some(65536), 16),
            (DEFAULT_MAX_CONNECTIONS, false)
        );
        assert_eq!(connection_cap(Some(9), None, 16), (9, false));
        // A tiny limit still leaves a quarter of it.
        assert_eq!(connection_cap(None, Some(200), 16), (50, false));
        assert_eq!(connection_cap(None, Some(0), 16), (1, false));
    }

    #[test]
    fn the_file_limit_is_read() {
        let l = file_limit();
        assert!(l.is_none_or(|l| l > 0), "{l:?}");
    }

    #[test]
    fn over_the_total_cap_the_heaviest_address_gives_way() {
        let r = Registry::new(Caps {
            total: 4,
            per_ip: 10,
        });
        let a1 = admitted(r.admit(ip(2)));
        let a2 = admitted(r.admit(ip(2)));
        let a3 = admitted(r.admit(ip(2)));
        let b1 = admitted(r.admit(ip(3)));
        assert_eq!(r.open(), 4);
        // A fifth: the oldest idle one of the address with the most goes.
        let c1 = admitted(r.admit(ip(4)));
        assert_eq!(r.open(), 4);
        let t = r.table.lock().unwrap();
        assert!(!t.open.contains_key(&a1.id));
        assert!(t.open.contains_key(&a2.id) && t.open.contains_key(&b1.id));
        assert_eq!(t.per_ip[&ip(2)], 2);
        drop(t);
        // It was told.
        {
            let n = a1.evict.notified();
            futures::pin_mut!(n);
            assert!(futures::FutureExt::now_or_never(n).is_some());
        }
        drop((a1, a2, a3, b1, c1));
        assert_eq!(r.open(), 0);
        assert!(r.table.lock().unwrap().per_ip.is_empty());
    }

    #[test]
    fn a_request_in_progress_is_never_evicted() {
        let r = Registry::new(Caps {
            total: 2,
            per_ip: 10,
        });
        let a = admitted(r.admit(ip(2)));
        let b = admitted(r.admit(ip(2)));
        let _ga = Busy::enter(&a.busy);
        // a is busy: b goes instead.
        let c = admitted(r.admit(ip(2)));
        {
            let t = r.table.lock().unwrap();
            assert!(t.open.contains_key(&a.id) && !t.open.contains_key(&b.id));
        }
        // Both left are busy: the next is refused, the table unchanged.
        let _gc = Busy::enter(&c.busy);
        assert!(matches!(r.admit(ip(3)), Admission::Refuse));
        assert_eq!(r.open(), 2);
    }

    #[test]
    fn the_per_address_cap_costs_only_that_address() {
        let r = Registry::new(Caps {
            total: 100,
            per_ip: 2,
        });
        let a = admitted(r.admit(ip(2)));
        let _b = admitted(r.admit(ip(3)));
        let _a2 = admitted(r.admit(ip(2)));
        let _a3 = admitted(r.admit(ip(2)));
        let t = r.table.lock().unwrap();
        assert!(!t.open.contains_key(&a.id));
        assert_eq!(t.per_ip[&ip(2)], 2);
        assert_eq!(t.per_ip[&ip(3)], 1);
        drop(t);
        // IPv4-mapped IPv6 is the same address.
        let mapped: IpAddr = "::ffff:127.0.0.3".parse().unwrap();
        let _b2 = admitted(r.admit(mapped));
        assert_eq!(r.table.lock().unwrap().per_ip[&ip(3)], 2);
    }
}
