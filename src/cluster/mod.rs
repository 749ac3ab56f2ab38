//! This instance among several on one PostgreSQL database (`[cluster]`): its membership and
//! its share of the work.
//!
//! At start it joins under its name ([`Member::join`]; refused while a live instance has it).
//! Then, every third of a lease ([`Member::run`]), it says it is alive and renews what it
//! holds; takes free poll leases up to its share (the web hosts with feeds divided among the
//! live instances, rounded up) and gives back what is above it, so that an instance that
//! joins gets its share within a lease and one that dies leaves its hosts to the others after
//! one; with `link = "leader"` takes the link when nobody holds it; takes its share of the
//! outbox's parts (a part is the nodes whose hash falls in it, delivered by one drain at a
//! time: with one link, every part goes to the link's holder; with a link each, the parts are
//! shared like the hosts). It tells the store which leases its poll results are written under
//! (the fence), the scheduler which feeds are its to poll, and the drain and the link whether
//! they may run. A clean stop gives everything back at once.
//!
//! Each instance says which configuration it runs (the hash of `feeds.toml` without its keys
//! per instance, [`crate::config::Config::shared_hash`]) at its start and after a reload; the
//! cluster runs the one loaded last, and an instance whose file differs says so ([`View`]: the
//! status page, `/healthz`, a warning) without writing its own over it.
//!
//! Every time a lease is measured by is the database's clock.

pub mod presence;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::config::{ClusterLink, Config, Swap};
use crate::poll::scheduler::{Command, SchedulerHandle};
use crate::store::cluster::{self, Cluster, Held, Joining, Lease, OUTBOX_PARTS};
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
    /// The cluster as last seen.
    view: watch::Sender<View>,
    /// Outbox parts given up in the last round, given back in the next: the drain stops
    /// reading them first, and what it had on the wire is recorded before another instance
    /// may take them (no part is delivered by two at once).
    leaving: std::sync::Mutex<Vec<Lease>>,
}

/// What one round of the lease loop found.
struct Round {
    held: Held,
    nodes: Vec<String>,
    members: Vec<cluster::Member>,
}

/// The cluster as this instance last saw it: for the status page and `/healthz`.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// This instance's name.
    pub me: String,
    /// Every instance the store knows, live or not, by name.
    pub members: Vec<cluster::Member>,
    /// The hash of the configuration this instance runs.
    pub mine: String,
    /// The configuration the cluster runs (the one a live instance loaded last): its hash and
    /// that instance's name.
    pub running: Option<(String, String)>,
    /// When this view was taken (the last lease round that succeeded), and the lease.
    pub at: Option<(std::time::Instant, Duration)>,
}

impl View {
    /// Whether this instance's leases were last renewed longer than a lease ago: it holds
    /// nothing any more (the database out of reach, its name taken over).
    pub fn stale(&self) -> bool {
        self.at.is_some_and(|(at, lease)| at.elapsed() > lease)
    }

    /// Whether this instance's configuration differs from the cluster's.
    pub fn config_differs(&self) -> bool {
        self.running.as_ref().is_some_and(|(h, _)| *h != self.mine)
    }

    fn of(me: &str, mine: &str, members: Vec<cluster::Member>) -> View {
        let running = (members.iter())
            .filter(|m| m.live || m.name == me)
            .max_by_key(|m| (m.config_ms, m.name == me))
            .map(|m| (m.config.clone(), m.name.clone()));
        View {
            me: me.to_owned(),
            members,
            mine: mine.to_owned(),
            running,
            at: None,
        }
    }
}

impl Member {
    /// Join the cluster under `[cluster] instance` (on a blocking thread: it asks the store).
    /// Refused with [`StoreError::NameTaken`] while a live instance has the name.
    pub fn join(store: Arc<dyn Store>, whole: &Config) -> Result<Member, StoreError> {
        let Some(cfg) = whole.cluster.as_ref() else {
            return Err(StoreError::Unsupported(
                "no [cluster] in the configuration".into(),
            ));
        };
        let me = Joining {
            name: cfg.instance.clone(),
            machine: crate::net::machine_name(),
            pid: std::process::id(),
            config: whole.shared_hash.clone(),
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
            view: watch::channel(View::default()).0,
            leaving: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The cluster as last seen, as it changes (every round).
    pub fn view(&self) -> watch::Receiver<View> {
        self.view.subscribe()
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
    /// the link is up (shown to the other instances); `live` is the configuration in force
    /// (a reload is told to the others).
    pub async fn run(
        self,
        sched: SchedulerHandle,
        link_up: watch::Receiver<bool>,
        live: Arc<Swap<Config>>,
        stop: CancellationToken,
    ) {
        let every = self.lease / 3;
        let member = Arc::new(self);
        let mut polled: Option<Vec<String>> = None;
        // The configuration the store was last told of (at the join). Every reload is told,
        // whether its hash changed or not: the instance that loads a file writes its feeds.
        let mut told = live.get();
        loop {
            let m = member.clone();
            let up = *link_up.borrow();
            let now = live.get();
            let config = now.shared_hash.clone();
            let reloaded = (!Arc::ptr_eq(&now, &told)).then(|| config.clone());
            match crate::blocking::run(move || m.round(up, reloaded.as_deref())).await {
                Ok(round) => {
                    told = now;
                    member.publish(&round);
                    member.show(&config, &round);
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
        let outbox = round.held.keys().any(|l| matches!(l, Lease::Outbox(_)));
        self.outbox
            .send_if_modified(|v| std::mem::replace(v, outbox) != outbox);
        if self.link == ClusterLink::Leader {
            let link = round.held.contains_key(&Lease::Link);
            self.may_link
                .send_if_modified(|v| std::mem::replace(v, link) != link);
        }
    }

    /// Keep the cluster's view for the pages; warn when this instance's configuration starts
    /// or stops differing from the cluster's.
    fn show(&self, mine: &str, round: &Round) {
        let mut view = View::of(&self.me.name, mine, round.members.clone());
        view.at = Some((std::time::Instant::now(), self.lease));
        let was = self.view.borrow().config_differs();
        if view.config_differs() && !was {
            if let Some((hash, by)) = &view.running {
                warn!(mine = %mine, cluster = %hash, loaded_by = %by, "this instance's feeds.toml differs from the one the cluster runs (loaded last, by another instance); it keeps the cluster's feeds until its own file is reloaded");
            }
        } else if was && !view.config_differs() {
            info!(config = %mine, "this instance's feeds.toml is the cluster's again");
        }
        let _ = self.view.send(view);
    }

    /// One round: alive, leases renewed, taken up to the share and given back above it, the
    /// outbox and the link taken when free, the fence set; the feeds to poll. `reloaded`: the
    /// configuration's hash after a reload, to tell the others.
    fn round(&self, link_up: bool, reloaded: Option<&str>) -> Result<Round, StoreError> {
        let c = cluster(&self.store)?;
        let name = self.me.name.as_str();
        if let Some(config) = reloaded {
            c.loaded(name, config)?;
        }
        let leaving = std::mem::take(&mut *self.leaving.lock().unwrap_or_else(|p| p.into_inner()));
        if !leaving.is_empty() {
            c.release(name, &leaving)?;
            info!(
                parts = leaving.len(),
                "outbox parts given back for another instance"
            );
        }
        let mut held = c.renew(&self.me, self.lease, link_up)?;
        let members = c.members(self.lease)?;
        let live = members.iter().filter(|m| m.live).count().max(1);
        let hosts = c.poll_leases()?.div_ceil(live);
        self.balance(c, &mut held, Spread::Polls, hosts, live)?;
        if self.link == ClusterLink::Leader && !held.contains_key(&Lease::Link) {
            if let Some(generation) = c.claim(name, &Lease::Link, self.lease)? {
                info!(lease = "link", generation, "lease taken");
                held.insert(Lease::Link, generation);
            }
        }
        // With one link (`leader`) its holder delivers all of the outbox; with a link each,
        // every instance delivers its share of the parts.
        let parts = usize::from(OUTBOX_PARTS);
        let linked = (members.iter())
            .filter(|m| m.live && m.link_held && m.name != name)
            .count()
            + usize::from(link_up);
        let parts = match self.link {
            ClusterLink::Leader if held.contains_key(&Lease::Link) => parts,
            ClusterLink::Leader => 0,
            // An instance whose link is down delivers nothing: its parts go to the others.
            ClusterLink::Every if link_up => parts.div_ceil(linked.max(1)),
            ClusterLink::Every => 0,
        };
        self.balance(c, &mut held, Spread::Outbox, parts, live)?;
        c.fence(name, &held);
        let nodes = c.polled_nodes(name)?;
        debug!(leases = held.len(), feeds = nodes.len(), "leases renewed");
        Ok(Round {
            held,
            nodes,
            members,
        })
    }
}

/// Work shared out in many leases, each instance holding its share.
#[derive(Debug, Clone, Copy)]
enum Spread {
    /// Web hosts' feeds to poll.
    Polls,
    /// Parts of the outbox to deliver.
    Outbox,
}

impl Spread {
    fn is(self, l: &Lease) -> bool {
        matches!(
            (self, l),
            (Spread::Polls, Lease::Poll(_)) | (Spread::Outbox, Lease::Outbox(_))
        )
    }

    fn what(self) -> &'static str {
        match self {
            Spread::Polls => "poll leases (web hosts)",
            Spread::Outbox => "outbox parts",
        }
    }
}

impl Member {
    /// Hold `share` leases of `kind`: free ones taken up to it, those above it given back for
    /// another instance.
    fn balance(
        &self,
        c: &dyn Cluster,
        held: &mut Held,
        kind: Spread,
        share: usize,
        live: usize,
    ) -> Result<(), StoreError> {
        let name = self.me.name.as_str();
        let mut mine: Vec<Lease> = held.keys().filter(|l| kind.is(l)).cloned().collect();
        if mine.len() < share {
            let want = share - mine.len();
            let taken = match kind {
                Spread::Polls => c.claim_polls(name, want, self.lease)?,
                Spread::Outbox => c.claim_outbox(name, want, self.lease)?,
            };
            if !taken.is_empty() {
                info!(
                    what = kind.what(),
                    taken = taken.len(),
                    share,
                    live,
                    "leases taken"
                );
            }
            held.extend(taken);
        } else if mine.len() > share {
            mine.sort();
            let extra = mine.split_off(share);
            for l in &extra {
                held.remove(l);
            }
            match kind {
                // The fence drops them now; they are given back next round.
                Spread::Outbox => {
                    (self.leaving.lock().unwrap_or_else(|p| p.into_inner())).extend(extra);
                }
                Spread::Polls => {
                    c.release(name, &extra)?;
                    info!(
                        what = kind.what(),
                        given = extra.len(),
                        share,
                        live,
                        "leases given back for another instance"
                    );
                }
            }
        }
        Ok(())
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
