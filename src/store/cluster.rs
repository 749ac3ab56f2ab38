//! What several instances on one store share besides the data: who runs ([`Member`]), and
//! leases on work that one instance does at a time ([`Lease`]: polling the feeds of one web
//! host, holding the one link a server takes, delivering a part of the outbox). A backend that several processes can open at
//! once offers it ([`crate::store::Store::cluster`]); the embedded one does not.
//!
//! Times are the store's clock, never an instance's. A lease has an owner, an end and a
//! generation, which a new owner raises; what is written under a lease names the generation
//! it was taken under ([`Cluster::fence`]), and the store refuses it once that no longer holds
//! ([`super::StoreError::Fenced`]): an instance that was paused past its lease and comes back
//! cannot overwrite what the new owner wrote.

use std::collections::HashMap;
use std::time::Duration;

use super::StoreError;

/// Work that one instance does at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lease {
    /// Polling every feed of a web host (as `url_norm` names it): politeness towards the host
    /// then holds across the cluster with no state shared per request.
    Poll(String),
    /// The link to an XMPP server that takes one connection per component.
    Link,
    /// Delivering one part of the outbox (the nodes whose hash falls in it): one drain at a
    /// time per part keeps each node's order, and each notification goes out once.
    Outbox(u16),
}

/// Parts the outbox is leased in ([`Lease::Outbox`]).
pub const OUTBOX_PARTS: u16 = 64;

impl Lease {
    /// The lease's name in the store.
    pub fn key(&self) -> String {
        match self {
            Lease::Poll(host) => format!("poll {host}"),
            Lease::Link => "link".to_owned(),
            Lease::Outbox(part) => format!("outbox {part}"),
        }
    }

    /// The lease a stored name is, if any.
    pub fn from_key(key: &str) -> Option<Lease> {
        match key.split_once(' ') {
            Some(("poll", host)) if !host.is_empty() => Some(Lease::Poll(host.to_owned())),
            None if key == "link" => Some(Lease::Link),
            Some(("outbox", part)) => part
                .parse()
                .ok()
                .filter(|p| *p < OUTBOX_PARTS)
                .map(Lease::Outbox),
            _ => None,
        }
    }
}

/// Leases held, each with the generation it was taken under.
pub type Held = HashMap<Lease, u64>;

/// An instance joining: its name, where it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joining {
    /// Its name (`[cluster] instance`), unique among live instances.
    pub name: String,
    /// The machine's name.
    pub machine: String,
    /// Its process id.
    pub pid: u32,
    /// The hash of its configuration's shared part (`Config::shared_hash`).
    pub config: String,
}

/// An instance as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// The machine it runs on.
    pub machine: String,
    /// Its process id there.
    pub pid: u32,
    /// When it joined (Unix ms, the store's clock).
    pub started_ms: i64,
    /// When it last said it was alive (Unix ms, the store's clock).
    pub seen_ms: i64,
    /// Whether it said it holds the link.
    pub link_held: bool,
    /// The hash of the configuration it runs (its shared part).
    pub config: String,
    /// When it loaded that configuration (Unix ms, the store's clock): the cluster runs the
    /// one loaded last.
    pub config_ms: i64,
    /// Leases it holds now.
    pub leases: usize,
    /// Seen within one lease.
    pub live: bool,
}

/// A subscriber's resource changed presence (seen by one instance, shared with the others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceChange {
    /// The subscriber's bare JID.
    pub jid: String,
    /// The resource (empty for a bare JID's presence).
    pub resource: String,
    /// Its show value (`online`, `away`, `chat`, `dnd`, `xa`); None once unavailable.
    pub show: Option<String>,
}

/// What to call when the store hears of other instances' work ([`Cluster::on_notified`]).
pub struct Wakes {
    /// Outbox jobs were queued.
    pub queued: Box<dyn Fn() + Send + Sync>,
    /// Presence changes were recorded.
    pub presence: Box<dyn Fn() + Send + Sync>,
}

/// The cluster's side of a store.
pub trait Cluster: Send + Sync {
    /// Join as `me` (its configuration loaded now). Refused with [`StoreError::NameTaken`] while an instance of that name was
    /// seen within `lease`; leases held under the name by an earlier life are given back.
    fn join(&self, me: &Joining, lease: Duration) -> Result<(), StoreError>;
    /// Say `me` is alive (and whether it holds the link) and renew its leases for `lease`:
    /// the leases it still holds. Those that ran out are no longer among them (whether taken
    /// over or not). Fails with [`StoreError::NameTaken`] when another instance has taken the
    /// name meanwhile (this one was not seen for a lease).
    fn renew(&self, me: &Joining, lease: Duration, link_held: bool) -> Result<Held, StoreError>;
    /// Take up to `want` poll leases that nobody holds or whose end has passed (a host gets its
    /// lease when its first feed is stored): those taken, with their new generations.
    fn claim_polls(&self, me: &str, want: usize, lease: Duration) -> Result<Held, StoreError>;
    /// Take up to `want` parts of the outbox that nobody holds or whose end has passed.
    fn claim_outbox(&self, me: &str, want: usize, lease: Duration) -> Result<Held, StoreError>;
    /// Take `what` if nobody holds it or its end has passed: its generation, or None.
    fn claim(&self, me: &str, what: &Lease, lease: Duration) -> Result<Option<u64>, StoreError>;
    /// `me` loaded the configuration whose shared part hashes to `config` (a reload).
    fn loaded(&self, me: &str, config: &str) -> Result<(), StoreError>;
    /// Give leases back (each free at once for another instance).
    fn release(&self, me: &str, leases: &[Lease]) -> Result<(), StoreError>;
    /// Leave: every lease given back, the instance forgotten.
    fn leave(&self, me: &str) -> Result<(), StoreError>;
    /// Every instance known, by name; `live` when seen within `lease`.
    fn members(&self, lease: Duration) -> Result<Vec<Member>, StoreError>;
    /// Poll leases there are (web hosts with feeds).
    fn poll_leases(&self) -> Result<usize, StoreError>;
    /// The feeds `me` polls: those of the web hosts whose poll leases it holds, by node.
    fn polled_nodes(&self, me: &str) -> Result<Vec<String>, StoreError>;
    /// Record presence changes, in their order, after every change recorded before.
    fn put_presence(&self, changes: &[PresenceChange]) -> Result<(), StoreError>;
    /// The presence changes recorded after `cursor` (0: every presence known), in order, and
    /// the cursor to ask from next time.
    fn presence_since(&self, cursor: i64) -> Result<(Vec<PresenceChange>, i64), StoreError>;
    /// Forget resources that went unavailable longer than `gone` ago (every instance has seen
    /// them go by then).
    fn prune_presence(&self, gone: Duration) -> Result<u64, StoreError>;
    /// From now on, while the store is open, call `wakes.queued` whenever any instance queued
    /// outbox jobs (the outbox's holder sends at once what another instance queued), and
    /// `wakes.presence` whenever any recorded presence changes; each of them also each time
    /// hearing of it starts, at first and after a break, when some may have been missed.
    fn on_notified(&self, wakes: Wakes);
    /// Writes of feeds' poll results from now on name these leases: a result for a feed
    /// whose host's poll lease is not among them, or not under that generation any more, is
    /// refused ([`StoreError::Fenced`]). Until it is first called nothing is fenced (one
    /// instance alone).
    fn fence(&self, me: &str, held: &Held);
}
