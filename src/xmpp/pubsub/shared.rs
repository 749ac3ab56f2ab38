//! What of the protocol core other tasks read: [`Shared`], the one narrow handle on it. The
//! request task owns the core ([`super::Service`], `&mut self`); the outbox drain, the backlog
//! delivery, the avatar and callback tasks and the HTTP side hold an `Arc<Shared>`, and a
//! reload swaps its configuration. Nothing here changes what the core answers to a request
//! behind its back:
//! - the configuration and the nodes' notification types are swapped whole by a reload (the
//!   core reads them at the start of each request, and follows a change of its request rates
//!   itself);
//! - the presence map is written by the core only (its [`super::Volatile`] holds the writing
//!   side); the drain reads it to decide whether an item goes out now. A read handle, not a
//!   channel of presence changes: the drain's decision needs the latest presence of a
//!   subscriber at the moment of a round, and a second copy fed through a channel would be the
//!   same map, later;
//! - the render cache is a memo of a pure function (an item's rendering depends on the item,
//!   its node and the configured body length only), shared so that an item rendered when it
//!   is published is not rendered again by the drain: a hit and a miss give the same bytes;
//! - the bounce counts only count (for the operators).

use super::*;

/// The part of the service other tasks read (see the module's documentation).
pub struct Shared {
    pub(super) jid: BareJid,
    cfg: Swap<Config>,
    /// Nodes whose notification type differs from `[pubsub] notification_type`.
    pub(super) notification_types: Swap<HashMap<String, NotificationType>>,
    pub(super) renderer: Renderer,
    /// Subscribers' last presence: read here, written by the core only.
    pub(super) presence: PresenceMap,
    /// Bounces since start.
    pub bounces: BounceCounts,
}

/// Nodes whose notification type differs from `[pubsub] notification_type`.
fn notification_types(cfg: &Config) -> HashMap<String, NotificationType> {
    cfg.feeds
        .iter()
        .filter_map(|f| f.notification_type.map(|t| (f.node.clone(), t)))
        .chain(
            cfg.nodes
                .iter()
                .filter_map(|n| n.notification_type.map(|t| (n.node.clone(), t))),
        )
        .collect()
}

impl Shared {
    /// The shared part of a service for `cfg`, reading the core's `presence`.
    pub(super) fn new(cfg: Arc<Config>, presence: PresenceMap) -> Shared {
        let max_body_chars = cfg.chat.max_body_chars;
        Shared {
            jid: cfg.component.jid.clone(),
            notification_types: Swap::new(notification_types(&cfg)),
            cfg: Swap::from_arc(cfg),
            renderer: Renderer::default().with_max_body_chars(max_body_chars),
            presence,
            bounces: BounceCounts::default(),
        }
    }

    /// Serve `cfg` from now on (a reload): nodes' notification types and publishers, access
    /// rules, chat limits. The core's request budgets start anew with its next request, and
    /// only when their rates changed.
    pub fn reconfigure(&self, cfg: Arc<Config>) {
        self.renderer.set_max_body_chars(cfg.chat.max_body_chars);
        self.notification_types
            .set(Arc::new(notification_types(&cfg)));
        self.cfg.set(cfg);
    }

    /// The configuration it serves now.
    pub fn cfg(&self) -> Arc<Config> {
        self.cfg.get()
    }

    /// The contact presence of `node` (status, avatar hash) addressed to each of `jids`, as
    /// it stands in `st` at `now_ms`.
    pub fn contact_presences(
        &self,
        node: &str,
        jids: &[String],
        st: &dyn State,
        now_ms: i64,
    ) -> Vec<Stanza> {
        let (Ok(Some(feed)), Some(me)) = (st.feed(node), router::contact_jid(node, &self.jid))
        else {
            return Vec::new();
        };
        let status = self.contact_status(&feed, st, now_ms).with_from(me);
        jids.iter()
            .filter_map(|j| BareJid::new(j).ok())
            .map(|j| Stanza::Presence(status.clone().with_to(j)))
            .collect()
    }

    /// Whether `domain` is the XMPP server's own (the component's parent domain, as the
    /// link's keep-alive pings it), one of its subdomains, or the component's.
    pub(super) fn is_own_domain(&self, domain: &str) -> bool {
        let mine = self.jid.domain().as_str();
        let server = mine
            .split_once('.')
            .map(|(_, p)| p)
            .filter(|p| p.contains('.') || *p == "localhost")
            .unwrap_or(mine);
        domain == server
            || domain == mine
            || domain
                .strip_suffix(server)
                .is_some_and(|head| head.ends_with('.'))
    }
}
