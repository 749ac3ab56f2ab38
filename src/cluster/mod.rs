//! This instance among several on one PostgreSQL database (`[cluster]`): its membership and
//! its share of the work.
//!
//! At start it joins under its name ([`Member::join`]; refused while a live instance has it).
//! Then, every third of a lease ([`Member::run`]), it says it is alive and renews what it
//! holds; takes free poll leases up to its share (the web hosts with feeds divided among the
//! live instances, rounded up) and gives back what is above it, so that an instance that
//! joins gets its share within a lease and one that dies leaves its hosts to the others after
//! one; takes the outbox (one drain at a time) and, with `link = "leader"`, the link, when
//! nobody holds them. It tells the store which leases its poll results are written under
//! (the fence), the scheduler which feeds are its to poll, and the drain and the link whether
//! they may run. A clean stop gives everything back at once.
//!
//! Every time a lease is measured by is the database's clock.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::config::{ClusterConfig, ClusterLink};
use crate::poll::scheduler::{Command, SchedulerHandle};
use crate::store::cluster::{Cluster, Held, Joining, Lease};
use crate::store::{Store, StoreError};

/// This instance as a member of the cluster.
pub struct Member {
    store: Arc<dyn Store>,
    me: Joining,
    lease: Duration,
    link: ClusterLink,
    /// Whether this instance delivers the outbox now.
    outbox: watch::Sender<bool>,
    /// Whether this instance may hold the link now (always, with `link = "every"`).
    may_link: watch::Sender<bool>,
}

/// What one round of the lease loop found.
struct Round {
    held: Held,
    nodes: Vec<String>,
}

impl Member {
    /// Join the cluster under `[cluster] instance` (on a blocking thread: it asks the store).
    /// Refused with [`StoreError::NameTaken`] while a live instance has the name.
    pub fn join(store: Arc<dyn Store>, cfg: &ClusterConfig) -> Result<Member, StoreError> {
        let me = Joining {
            name: cfg.instance.clone(),
            machine: crate::net::machine_name(),
            pid: std::process::id(),
        };
        let c = cluster(&store)?;
        c.join(&me, cfg.lease)?;
        // Nothing is polled before leases are taken.
        c.fence(&me.name, &Held::new());
        info!(instance = %me.name, machine = %me.machine, lease_secs = cfg.lease.as_secs(), "joined the cluster");
        Ok(Member {
            store,
            me,
            lease: cfg.lease,
            link: cfg.link,
            outbox: watch::channel(false).0,
            may_link: watch::channel(cfg.link == ClusterLink::Every).0,
        })
    }

    /// Whether this instance delivers the outbox, as it changes.
    pub fn outbox(&self) -> watch::Receiver<bool> {
        self.outbox.subscribe()
    }

    /// Whether this instance may hold the link, as it changes.
    pub fn may_link(&self) -> watch::Receiver<bool> {
        self.may_link.subscribe()
    }

    /// The lease loop, until `stop`; then every lease is given back. `link_up` tells whether
    /// the link is up (shown to the other instances).
    pub async fn run(
        self,
        sched: SchedulerHandle,
        link_up: watch::Receiver<bool>,
        stop: CancellationToken,
    ) {
        let every = self.lease / 3;
        let member = Arc::new(self);
        let mut polled: Option<Vec<String>> = None;
        loop {
            let m = member.clone();
            let up = *link_up.borrow();
            match crate::blocking::run(move || m.round(up)).await {
                Ok(round) => {
                    member.publish(&round);
                    if polled.as_ref() != Some(&round.nodes) {
                        let hosts: HashSet<String> = (round.held.keys())
                            .filter_map(|l| match l {
                                Lease::Poll(h) => Some(h.clone()),
                                _ => None,
                            })
                            .collect();
                        sched
                            .send(Command::Polls {
                                nodes: round.nodes.clone(),
                                hosts,
                            })
                            .await;
                        polled = Some(round.nodes);
                    }
                }
                Err(e) => {
                    // Leases that cannot be renewed run out: stop what they cover before
                    // another instance takes it over.
                    warn!(error = %e, "cannot renew this instance's leases; what they cover stops until they are renewed");
                    let _ = member.outbox.send(false);
                    if member.link == ClusterLink::Leader {
                        let _ = member.may_link.send(false);
                    }
                    if polled.as_ref().is_some_and(|p| !p.is_empty()) {
                        sched
                            .send(Command::Polls {
                                nodes: Vec::new(),
                                hosts: HashSet::new(),
                            })
                            .await;
                        polled = Some(Vec::new());
                    }
                }
            }
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = tokio::time::sleep(every) => {}
            }
        }
        let _ = member.outbox.send(false);
        let m = member.clone();
        match crate::blocking::run(move || cluster(&m.store)?.leave(&m.me.name)).await {
            Ok(()) => info!(instance = %member.me.name, "left the cluster; its leases are free"),
            Err(e) => {
                warn!(error = %e, "cannot leave the cluster; its leases run out by themselves")
            }
        }
    }

    /// Tell the drain and the link what this instance holds.
    fn publish(&self, round: &Round) {
        let outbox = round.held.contains_key(&Lease::Outbox);
        self.outbox
            .send_if_modified(|v| std::mem::replace(v, outbox) != outbox);
        if self.link == ClusterLink::Leader {
            let link = round.held.contains_key(&Lease::Link);
            self.may_link
                .send_if_modified(|v| std::mem::replace(v, link) != link);
        }
    }

    /// One round: alive, leases renewed, taken up to the share and given back above it, the
    /// outbox and the link taken when free, the fence set; the feeds to poll.
    fn round(&self, link_up: bool) -> Result<Round, StoreError> {
        let c = cluster(&self.store)?;
        let name = self.me.name.as_str();
        let mut held = c.renew(&self.me, self.lease, link_up)?;
        let live = c
            .members(self.lease)?
            .iter()
            .filter(|m| m.live)
            .count()
            .max(1);
        let share = c.poll_leases()?.div_ceil(live);
        let mut polls: Vec<Lease> = (held.keys())
            .filter(|l| matches!(l, Lease::Poll(_)))
            .cloned()
            .collect();
        if polls.len() < share {
            let taken = c.claim_polls(name, share - polls.len(), self.lease)?;
            if !taken.is_empty() {
                info!(hosts = taken.len(), share, live, "poll leases taken");
            }
            held.extend(taken);
        } else if polls.len() > share {
            polls.sort();
            let extra = polls.split_off(share);
            c.release(name, &extra)?;
            info!(
                hosts = extra.len(),
                share, live, "poll leases given back for another instance"
            );
            for l in &extra {
                held.remove(l);
            }
        }
        // The outbox goes with the link: the drain sends through this instance's own link.
        let mut wanted = Vec::new();
        if self.link == ClusterLink::Leader {
            wanted.push(Lease::Link);
        }
        wanted.push(Lease::Outbox);
        for what in wanted {
            if held.contains_key(&what) {
                continue;
            }
            if what == Lease::Outbox
                && self.link == ClusterLink::Leader
                && !held.contains_key(&Lease::Link)
            {
                continue;
            }
            if let Some(generation) = c.claim(name, &what, self.lease)? {
                info!(lease = %what.key(), generation, "lease taken");
                held.insert(what, generation);
            }
        }
        c.fence(name, &held);
        let nodes = c.polled_nodes(name)?;
        debug!(leases = held.len(), feeds = nodes.len(), "leases renewed");
        Ok(Round { held, nodes })
    }
}

/// The store's cluster side (a PostgreSQL store has one; the configuration refuses
/// `[cluster]` with any other).
fn cluster(store: &Arc<dyn Store>) -> Result<&dyn Cluster, StoreError> {
    store.cluster().ok_or_else(|| {
        StoreError::Unsupported("several instances need the PostgreSQL backend".into())
    })
}

/// A flag that is true while both `a` and `b` are: the drain of one of a cluster runs while
/// the link is up and this instance holds the outbox.
pub fn both(mut a: watch::Receiver<bool>, mut b: watch::Receiver<bool>) -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(*a.borrow() && *b.borrow());
    tokio::spawn(async move {
        loop {
            tokio::select! {
                r = a.changed() => if r.is_err() { break },
                r = b.changed() => if r.is_err() { break },
                _ = tx.closed() => break,
            }
            let v = *a.borrow() && *b.borrow();
            tx.send_if_modified(|x| std::mem::replace(x, v) != v);
        }
    });
    rx
}
