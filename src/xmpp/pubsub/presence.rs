//! Presence tracking for `pubsub#show-values`: the last presence of each subscriber's
//! resources (bounded per JID), a small cache of recent senders who are not subscribers yet,
//! and the delivery decision that reads them.
//!
//! One instance of a cluster also writes each change of a subscriber's presence to a
//! [`PresenceLog`], which `crate::cluster` records in the store for the other instances and
//! from which it applies theirs to this map ([`apply`]): any instance may receive a presence,
//! and any may deliver. The cache of recent senders stays per instance.

use super::*;

/// Last known presence per subscriber (bare JID → (resource, show value), oldest first; at
/// most `[access] max_resources_per_jid` each). Only subscribers are kept. Written by the core
/// only (through its [`super::Volatile`]); the drain reads it through [`super::Shared`].
pub type PresenceMap = Arc<Mutex<HashMap<String, Vec<(String, &'static str)>>>>;

/// Changes of subscribers' presence this instance saw, oldest first, waiting to be shared with
/// the other instances of a cluster: (bare JID, resource, show value or None once
/// unavailable). Kept to [`PRESENCE_LOG_MAX`] (the oldest dropped first).
pub type PresenceLog =
    Arc<Mutex<std::collections::VecDeque<(String, String, Option<&'static str>)>>>;

/// Changes kept in a [`PresenceLog`] while the store cannot take them.
pub const PRESENCE_LOG_MAX: usize = 100_000;

/// A show value as the map keeps it (an unknown one: `online`).
pub fn show_value(s: &str) -> &'static str {
    match s {
        "away" => "away",
        "chat" => "chat",
        "dnd" => "dnd",
        "xa" => "xa",
        _ => "online",
    }
}

/// Apply one change of a subscriber's presence (another instance's) to `map`, keeping at most
/// `max` resources per JID.
pub fn apply(map: &PresenceMap, jid: &str, resource: &str, show: Option<&str>, max: usize) {
    let mut map = map.lock().expect("presence map");
    match show {
        Some(show) => set_show(
            map.entry(jid.to_owned()).or_default(),
            resource.to_owned(),
            show_value(show),
            max,
        ),
        None => {
            if map.get_mut(jid).is_some_and(|rs| {
                rs.retain(|(r, _)| r != resource);
                rs.is_empty()
            }) {
                map.remove(jid);
            }
        }
    }
}

/// What happens to a new item for one subscriber (see [`Shared::decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send it now.
    Send,
    /// Keep it in the subscriber's backlog until it is back.
    Hold,
    /// Neither.
    Skip,
}

/// Senders that are not subscribers whose last presence is kept, so that a client that sends
/// presence and then subscribes is known at once (least recently seen dropped first).
pub const RECENT_PRESENCE: usize = 4096;

/// Update one JID's resources: replace the resource's show value, or add it (dropping the
/// oldest resource beyond `max`).
fn set_show(
    rs: &mut Vec<(String, &'static str)>,
    resource: String,
    show: &'static str,
    max: usize,
) {
    match rs.iter_mut().find(|(r, _)| *r == resource) {
        Some(entry) => entry.1 = show,
        None => {
            if rs.len() >= max {
                // The oldest resource is the likeliest to be stale.
                rs.remove(0);
            }
            rs.push((resource, show));
        }
    }
}

impl Service {
    pub(super) fn handle_presence(&mut self, p: &Presence, st: &dyn State) {
        // Presence is not rate-limited: a dropped "unavailable" would leave a stale "online",
        // and what it costs is bounded below.
        let Some(from) = &p.from else { return };
        let bare = from.to_bare().to_string();
        let resource = from
            .resource()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default();
        match p.type_ {
            PresenceType::None => {
                let show = match p.show {
                    None => "online",
                    Some(Show::Away) => "away",
                    Some(Show::Chat) => "chat",
                    Some(Show::Dnd) => "dnd",
                    Some(Show::Xa) => "xa",
                };
                let max = self.cfg().access.max_resources_per_jid;
                let known = self
                    .vol
                    .presence
                    .lock()
                    .expect("presence map")
                    .contains_key(&bare);
                // Subscribers' presence is kept (pubsub#show-values needs it); anybody else's
                // only in a small cache of recent senders, since clients send presence before
                // they subscribe.
                if known || matches!(st.is_subscriber(&bare), Ok(true)) {
                    self.log_presence(&bare, &resource, Some(show));
                    let mut map = self.vol.presence.lock().expect("presence map");
                    set_show(map.entry(bare).or_default(), resource, show, max);
                } else {
                    let recent = &mut self.vol.recent_presence;
                    match recent.get_mut(&bare) {
                        Some(rs) => set_show(rs, resource, show, max),
                        None => {
                            recent.put(bare, vec![(resource, show)]);
                        }
                    }
                }
            }
            PresenceType::Unavailable | PresenceType::Error => {
                let gone = |r: &mut Vec<(String, &'static str)>| {
                    r.retain(|(res, _)| *res != resource);
                    r.is_empty()
                };
                let mut map = self.vol.presence.lock().expect("presence map");
                let known = map.contains_key(&bare);
                if map.get_mut(&bare).is_some_and(gone) {
                    map.remove(&bare);
                }
                drop(map);
                // Another instance may know the resource: a subscriber's going is shared.
                if self.vol.presence_log.is_some()
                    && (known || matches!(st.is_subscriber(&bare), Ok(true)))
                {
                    self.log_presence(&bare, &resource, None);
                }
                let recent = &mut self.vol.recent_presence;
                if recent.get_mut(&bare).is_some_and(gone) {
                    recent.pop(&bare);
                }
            }
            _ => {}
        }
    }

    /// A new subscriber's presence moves from the cache of recent senders to the map.
    pub(super) fn adopt_presence(&mut self, jid: &str) {
        let cached = self.vol.recent_presence.pop(jid);
        if let Some(rs) = cached {
            for (resource, show) in &rs {
                self.log_presence(jid, resource, Some(*show));
            }
            self.vol
                .presence
                .lock()
                .expect("presence map")
                .entry(jid.to_owned())
                .or_insert(rs);
        }
    }
}

impl Service {
    /// Share a change of a subscriber's presence with the other instances of a cluster (a
    /// no-op alone).
    fn log_presence(&self, jid: &str, resource: &str, show: Option<&'static str>) {
        let Some(log) = &self.vol.presence_log else {
            return;
        };
        let mut log = log.lock().expect("presence log");
        if log.len() >= PRESENCE_LOG_MAX {
            log.pop_front();
        }
        log.push_back((jid.to_owned(), resource.to_owned(), show));
    }

    /// Share this instance's view of subscribers' presence through `log` (one of a cluster):
    /// every change from now on is written to it.
    pub fn share_presence(&mut self, log: PresenceLog) {
        self.vol.presence_log = Some(log);
    }
}

impl Shared {
    /// The presence map the drain reads (one of a cluster applies the other instances'
    /// changes to it).
    pub fn presence_map(&self) -> PresenceMap {
        self.presence.clone()
    }

    /// Resources whose presence is kept for subscribers (for tests and metrics).
    pub fn presence_entries(&self) -> usize {
        self.presence
            .lock()
            .expect("presence map")
            .values()
            .map(Vec::len)
            .sum()
    }

    /// Whether a subscriber gets notifications now (deliver option and show-values).
    pub fn should_deliver(&self, sub: &Subscription) -> bool {
        self.decide(sub) == Decision::Send
    }

    /// What to do with a new item for `sub` now: send it; hold it in the backlog (a contact
    /// subscriber who is away, or not in one of its chosen show states); or nothing (delivery
    /// paused or suspended, or a pubsub subscriber outside its `pubsub#show-values`, which the
    /// XEP says to skip).
    pub fn decide(&self, sub: &Subscription) -> Decision {
        if !sub.deliver || sub.suspended {
            return Decision::Skip;
        }
        let chat = sub.contact && sub.mode != Mode::Pubsub;
        if chat && sub.digest != crate::model::Digest::Off {
            // Batched: everything waits for the period's end.
            return Decision::Hold;
        }
        if !chat && sub.show_values.is_none() {
            return Decision::Send;
        }
        match (self.around(sub), chat) {
            (true, _) => Decision::Send,
            (false, true) => Decision::Hold,
            (false, false) => Decision::Skip,
        }
    }

    /// Whether the subscriber has an available resource in one of its chosen show states.
    pub fn around(&self, sub: &Subscription) -> bool {
        let map = self.presence.lock().expect("presence map");
        map.get(&sub.jid).is_some_and(|rs| {
            rs.iter().any(|(_, s)| {
                sub.show_values
                    .as_ref()
                    .is_none_or(|show| show.iter().any(|v| v == s))
            })
        })
    }
}
