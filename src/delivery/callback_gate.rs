//! Callbacks kept apart, so that one node's application that never answers cannot delay
//! another's: which message to a node's callback may be POSTed, and when.
//!
//! - Each callback *host* (scheme, host and port of the URL) has [`CALLBACK_SLOTS_PER_HOST`]
//!   POSTs in flight at most, its own: a host that hangs holds its own slots and no others.
//! - Each node has at most [`CALLBACK_QUEUE_PER_NODE`] messages waiting or in flight, and the
//!   process [`CALLBACKS_WAITING`]; a message over either bound is dropped.
//! - Each host has a circuit breaker: after [`CALLBACK_BREAKER_FAILURES`] POSTs in a row that
//!   got no answer (timeouts, refused connections), its messages fail at once for
//!   [`CALLBACK_BREAKER_OPEN`]; after that the next POST is tried, and one more failure opens
//!   the breaker again.
//!
//! A sender whose message is dropped is told once per episode (a node's queue that fills, a
//! breaker that opens), not once per message. Waiting messages are tasks of their own, so the
//! loop that takes requests never waits for any host.
//!
//! The state is plain data behind a mutex held for a few map operations, never across an
//! `await`; the clock is tokio's, so tests drive it with `tokio::time::pause`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// POSTs in flight at once to one callback host.
pub const CALLBACK_SLOTS_PER_HOST: usize = 4;
/// Messages of one node waiting for its callback or being POSTed; more are dropped.
pub const CALLBACK_QUEUE_PER_NODE: usize = 64;
/// Messages waiting for all callbacks together; more are dropped.
pub const CALLBACKS_WAITING: usize = 4096;
/// POSTs to one host in a row without an answer that open its breaker.
pub const CALLBACK_BREAKER_FAILURES: u32 = 3;
/// How long an open breaker makes a host's messages fail at once.
pub const CALLBACK_BREAKER_OPEN: Duration = Duration::from_secs(60);
/// Senders remembered per episode as told (beyond, a refusal is not repeated to anyone new:
/// staying quiet is safe, a flood of errors is not).
pub const CALLBACK_TOLD_TRACKED: usize = 1024;

/// Why a message was not POSTed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many of the node's messages (or of all) are waiting.
    QueueFull,
    /// The host's breaker is open: its application has not answered.
    NotAnswering,
}

impl Refusal {
    /// The label of the dropped-messages metric.
    pub fn label(self) -> &'static str {
        match self {
            Refusal::QueueFull => "queue-full",
            Refusal::NotAnswering => "breaker-open",
        }
    }
}

/// A refused message: why, and whether its sender is to be told (the first time in this
/// episode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Why.
    pub why: Refusal,
    /// Tell the sender.
    pub tell: bool,
}

/// The state of all callbacks.
#[derive(Default)]
pub struct Gate {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    hosts: HashMap<String, Host>,
    nodes: HashMap<String, Waiting>,
    /// Messages admitted and not finished, all nodes.
    total: usize,
}

struct Host {
    slots: Arc<Semaphore>,
    /// POSTs in a row without an answer.
    failures: u32,
    open_until: Option<Instant>,
    /// Senders told of the open breaker in this episode.
    told: HashSet<String>,
    /// Tickets for this host not yet finished.
    tickets: usize,
}

impl Host {
    fn is_open(&self, now: Instant) -> bool {
        self.open_until.is_some_and(|t| now < t)
    }
}

#[derive(Default)]
struct Waiting {
    count: usize,
    /// Senders told of the full queue in this episode (until the queue empties).
    told: HashSet<String>,
}

/// An admitted message's place: its node's and its host's; released when dropped.
pub struct Ticket {
    gate: Arc<Gate>,
    node: String,
    host: String,
    slots: Arc<Semaphore>,
}

impl std::fmt::Debug for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticket")
            .field("node", &self.node)
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

/// The key of a callback URL's host: scheme, host and port.
pub fn host_key(url: &url::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// Whether `told` takes `sender` for the first time (bounded).
fn first_time(told: &mut HashSet<String>, sender: &str) -> bool {
    if told.contains(sender) || told.len() >= CALLBACK_TOLD_TRACKED {
        return false;
    }
    told.insert(sender.to_owned());
    true
}

impl Gate {
    /// A new gate.
    pub fn new() -> Arc<Gate> {
        Arc::new(Gate::default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state stays consistent even if a holder panicked: every update is one step.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A message from `sender` to `node`'s callback at `host`: its ticket, or why not.
    pub fn admit(
        self: &Arc<Self>,
        node: &str,
        host: &str,
        sender: &str,
    ) -> Result<Ticket, Refused> {
        let now = Instant::now();
        let mut g = self.lock();
        let inner = &mut *g;
        if let Some(h) = inner.hosts.get_mut(host) {
            if h.is_open(now) {
                let tell = first_time(&mut h.told, sender);
                return Err(Refused {
                    why: Refusal::NotAnswering,
                    tell,
                });
            }
        }
        let waiting = inner.nodes.entry(node.to_owned()).or_default();
        if waiting.count >= CALLBACK_QUEUE_PER_NODE || inner.total >= CALLBACKS_WAITING {
            let tell = first_time(&mut waiting.told, sender);
            if waiting.count == 0 {
                inner.nodes.remove(node);
            }
            return Err(Refused {
                why: Refusal::QueueFull,
                tell,
            });
        }
        waiting.count += 1;
        inner.total += 1;
        let h = inner.hosts.entry(host.to_owned()).or_insert_with(|| Host {
            slots: Arc::new(Semaphore::new(CALLBACK_SLOTS_PER_HOST)),
            failures: 0,
            open_until: None,
            told: HashSet::new(),
            tickets: 0,
        });
        h.tickets += 1;
        Ok(Ticket {
            gate: self.clone(),
            node: node.to_owned(),
            host: host.to_owned(),
            slots: h.slots.clone(),
        })
    }

    /// Whether the host's breaker is open now (for a message that waited for its slot, or
    /// between tries): the refusal, with whether to tell `sender`.
    pub fn open(&self, host: &str, sender: &str) -> Option<Refused> {
        let now = Instant::now();
        let mut g = self.lock();
        let h = g.hosts.get_mut(host)?;
        if !h.is_open(now) {
            return None;
        }
        let tell = first_time(&mut h.told, sender);
        Some(Refused {
            why: Refusal::NotAnswering,
            tell,
        })
    }

    /// What one POST to `host` came to: an answer (any HTTP status) or none. True when this
    /// opened the breaker.
    pub fn record(&self, host: &str, answered: bool) -> bool {
        let now = Instant::now();
        let mut g = self.lock();
        let Some(h) = g.hosts.get_mut(host) else {
            return false;
        };
        if answered {
            h.failures = 0;
            h.open_until = None;
            return false;
        }
        h.failures = h.failures.saturating_add(1);
        if h.failures < CALLBACK_BREAKER_FAILURES || h.is_open(now) {
            return false;
        }
        // Opened (or opened again after the pause: the first POST after it failed too).
        h.open_until = Some(now + CALLBACK_BREAKER_OPEN);
        h.failures = CALLBACK_BREAKER_FAILURES - 1;
        h.told.clear();
        true
    }

    /// Messages admitted and not finished: for `node`, and for all.
    pub fn waiting(&self, node: &str) -> (usize, usize) {
        let g = self.lock();
        (g.nodes.get(node).map_or(0, |w| w.count), g.total)
    }

    fn release(&self, node: &str, host: &str) {
        let now = Instant::now();
        let mut g = self.lock();
        g.total = g.total.saturating_sub(1);
        if let Some(w) = g.nodes.get_mut(node) {
            w.count = w.count.saturating_sub(1);
            if w.count == 0 {
                // The episode is over: a sender is told again next time it fills.
                g.nodes.remove(node);
            }
        }
        if let Some(h) = g.hosts.get_mut(host) {
            h.tickets = h.tickets.saturating_sub(1);
            let idle = h.tickets == 0 && h.failures == 0 && !h.is_open(now);
            if idle {
                g.hosts.remove(host);
            }
        }
    }
}

impl Ticket {
    /// Wait for one of the host's slots; held until the permit is dropped.
    pub async fn slot(&self) -> Option<OwnedSemaphorePermit> {
        // The semaphore is never closed.
        self.slots.clone().acquire_owned().await.ok()
    }

    /// The host's key.
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.gate.release(&self.node, &self.host);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEAD: &str = "http://127.0.0.1:1";
    const ALIVE: &str = "http://127.0.0.1:2";

    #[test]
    fn host_keys_are_scheme_host_and_port() {
        let k = |u: &str| host_key(&url::Url::parse(u).expect("url"));
        assert_eq!(k("https://app.example/hook?x=1"), "https://app.example:443");
        assert_eq!(k("http://127.0.0.1:8080/a"), "http://127.0.0.1:8080");
        assert_ne!(k("http://127.0.0.1:8080/a"), k("http://127.0.0.1:8081/a"));
    }

    #[tokio::test]
    async fn a_nodes_queue_is_bounded_and_its_senders_told_once() {
        let gate = Gate::new();
        let tickets: Vec<Ticket> = (0..CALLBACK_QUEUE_PER_NODE)
            .map(|_| gate.admit("a", DEAD, "u@x").expect("admitted"))
            .collect();
        let over = gate.admit("a", DEAD, "u@x").expect_err("full");
        assert_eq!(
            over,
            Refused {
                why: Refusal::QueueFull,
                tell: true
            }
        );
        let again = gate.admit("a", DEAD, "u@x").expect_err("full");
        assert_eq!(
            again,
            Refused {
                why: Refusal::QueueFull,
                tell: false
            }
        );
        assert!(
            gate.admit("a", DEAD, "v@x").expect_err("full").tell,
            "another sender is told"
        );
        // Another node, even on the same host, has a queue of its own.
        let b = gate.admit("b", DEAD, "u@x").expect("b admitted");
        assert_eq!(
            gate.waiting("a"),
            (CALLBACK_QUEUE_PER_NODE, CALLBACK_QUEUE_PER_NODE + 1)
        );
        // Once the queue has emptied, a sender is told again the next time it fills.
        drop(tickets);
        drop(b);
        assert_eq!(gate.waiting("a"), (0, 0));
        let tickets: Vec<Ticket> = (0..CALLBACK_QUEUE_PER_NODE)
            .map(|_| gate.admit("a", DEAD, "u@x").expect("admitted"))
            .collect();
        assert!(gate.admit("a", DEAD, "u@x").expect_err("full").tell);
        drop(tickets);
        assert!(gate.lock().hosts.is_empty(), "idle hosts are forgotten");
    }

    #[tokio::test(start_paused = true)]
    async fn a_host_that_does_not_answer_fails_fast_for_a_while() {
        let gate = Gate::new();
        let _t = gate.admit("a", DEAD, "u@x").expect("admitted");
        assert!(!gate.record(DEAD, false));
        // An answer in between resets the count: only failures in a row open it.
        assert!(!gate.record(DEAD, true));
        assert!(!gate.record(DEAD, false));
        assert!(!gate.record(DEAD, false));
        assert!(gate.open(DEAD, "u@x").is_none());
        assert!(gate.record(DEAD, false), "the third in a row opens it");
        assert_eq!(
            gate.admit("a", DEAD, "u@x").err(),
            Some(Refused {
                why: Refusal::NotAnswering,
                tell: true
            })
        );
        assert_eq!(
            gate.open(DEAD, "u@x"),
            Some(Refused {
                why: Refusal::NotAnswering,
                tell: false
            }),
            "told once"
        );
        // Another host is not concerned.
        assert!(gate.admit("b", ALIVE, "u@x").is_ok());
        // After the pause one POST is tried; one more failure opens it again at once.
        tokio::time::advance(CALLBACK_BREAKER_OPEN + Duration::from_millis(1)).await;
        assert!(gate.open(DEAD, "u@x").is_none());
        let probe = gate.admit("a", DEAD, "u@x").expect("tried again");
        assert!(gate.record(DEAD, false));
        assert!(
            gate.open(DEAD, "u@x").is_some_and(|r| r.tell),
            "a new episode tells again"
        );
        drop(probe);
        // An answer after the pause closes it for good.
        tokio::time::advance(CALLBACK_BREAKER_OPEN + Duration::from_millis(1)).await;
        assert!(!gate.record(DEAD, true));
        assert!(!gate.record(DEAD, false));
        assert!(gate.open(DEAD, "u@x").is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_hanging_host_holds_only_its_own_slots() {
        let gate = Gate::new();
        // The dead host's slots are all taken by POSTs that hang.
        let dead: Vec<Ticket> = (0..CALLBACK_SLOTS_PER_HOST + 3)
            .map(|_| gate.admit("a", DEAD, "u@x").expect("admitted"))
            .collect();
        let mut held = Vec::new();
        for t in &dead[..CALLBACK_SLOTS_PER_HOST] {
            held.push(t.slot().await.expect("slot"));
        }
        let waiting = tokio::time::timeout(
            Duration::from_secs(3600),
            dead[CALLBACK_SLOTS_PER_HOST].slot(),
        )
        .await;
        assert!(waiting.is_err(), "a third POST to the same host waits");
        // Another host's message gets its slot at once.
        let alive = gate.admit("b", ALIVE, "v@x").expect("admitted");
        let got = tokio::time::timeout(Duration::from_millis(1), alive.slot()).await;
        assert!(got.is_ok_and(|p| p.is_some()));
        // A slot freed on the dead host goes to the next of its messages.
        held.pop();
        let next = tokio::time::timeout(
            Duration::from_millis(1),
            dead[CALLBACK_SLOTS_PER_HOST].slot(),
        )
        .await;
        assert!(next.is_ok_and(|p| p.is_some()));
    }
}
