//! Bounced notifications (XEP-0060 "Handling Notification-Related Errors"): a
//! `<message type='error'/>` coming back is matched to its subscription by the notification's
//! id (or the contact JID it was sent from). A permanent failure ends a pubsub subscription or
//! suspends a contact subscription until the subscriber's next presence; a temporary one is
//! logged and counted. Dead subscribers do not grow the fan-out forever.

use std::sync::atomic::Ordering;

use xmpp_parsers::message::Message;

use super::*;

/// `remote-server-not-found` bounces in a row (no presence in between) that count as permanent.
pub(super) const UNREACHABLE_LIMIT: u32 = 3;
/// Unreachable-server bounces closer together than this count once (one outage bounces every
/// item of a fan-out at once).
pub(super) const UNREACHABLE_SPACING_MS: i64 = 10 * 60 * 1000;
/// Temporary bounces in a row after which an item is no longer sent again (the counter starts
/// over with the subscriber's next presence).
pub(super) const RESEND_LIMIT: u32 = 3;
/// JIDs whose unreachable-server bounces are counted at once (least recent dropped first).
pub(super) const UNREACHABLE_TRACKED: usize = 4096;

/// Bounces seen since start, by kind (for the operators' metrics).
#[derive(Debug, Default)]
pub struct BounceCounts {
    /// Bounces that ended or suspended a subscription.
    pub permanent: std::sync::atomic::AtomicU64,
    /// Bounces only logged (the subscriber may be back later).
    pub temporary: std::sync::atomic::AtomicU64,
    /// Bounces that matched no subscription.
    pub unmatched: std::sync::atomic::AtomicU64,
}

impl Req<'_> {
    /// A `<message type='error'/>` addressed to the service (`node` is None: the notification's
    /// id names the node) or to a contact (`node` is its node).
    pub(super) fn bounce(mut self, m: Message, node: Option<String>) -> Output {
        let Some(from) = m.from.as_ref() else {
            return Output::default();
        };
        let jid = from.to_bare().to_string();
        // A contact's localpart arrives lowercased: the node as stored.
        let node = node.map(|n| match self.contact_feed(&n) {
            Ok(Some(f)) => f.node,
            _ => n,
        });
        let node = node.or_else(|| {
            m.id.as_ref()
                .and_then(|id| render::node_of_notification_id(&id.0))
                .map(str::to_owned)
        });
        let error = m
            .payloads
            .iter()
            .find_map(|p| StanzaError::try_from(p.clone()).ok());
        let (Some(node), Some(error)) = (node, error) else {
            self.bounces.unmatched.fetch_add(1, Ordering::Relaxed);
            debug!(from = %from, "error message that names no notification; ignored");
            return Output::default();
        };
        let sub = match self.st.subscription(&node, &jid) {
            Ok(Some(s)) => s,
            Ok(None) => {
                self.bounces.unmatched.fetch_add(1, Ordering::Relaxed);
                return Output::default();
            }
            Err(e) => {
                warn!(error = %e, "store error while handling a bounce");
                return Output::default();
            }
        };
        let cond = error.defined_condition.clone();
        let permanent = match cond {
            DefinedCondition::ItemNotFound
            | DefinedCondition::Gone { .. }
            | DefinedCondition::Forbidden
            | DefinedCondition::ServiceUnavailable => true,
            DefinedCondition::RemoteServerNotFound => {
                // Counted at most once per spacing: one outage is one bounce in the row.
                let now_ms = self.now_ms;
                let u = &mut self.svc.vol.unreachable;
                let (n, last) = u.get(&jid).copied().unwrap_or((0, i64::MIN));
                let n = if now_ms.saturating_sub(last) >= UNREACHABLE_SPACING_MS {
                    u.put(jid.clone(), (n + 1, now_ms));
                    n + 1
                } else {
                    n
                };
                n >= UNREACHABLE_LIMIT
            }
            _ => false,
        };
        if !permanent {
            self.bounces.temporary.fetch_add(1, Ordering::Relaxed);
            // Only a "try later" is tried later, and only a few times in a row: a condition
            // that does not pass by itself must not make a resend loop.
            let tries = {
                let r = &mut self.svc.vol.resends;
                let n = r.get(&jid).copied().unwrap_or(0) + 1;
                r.put(jid.clone(), n);
                n
            };
            let seq =
                m.id.as_ref()
                    .and_then(|id| render::seq_of_notification_id(&id.0));
            match seq {
                Some(seq) if error.type_ == ErrorType::Wait && tries <= RESEND_LIMIT => {
                    info!(node, jid, condition = ?cond, "notification bounced; it is sent again later");
                    // Held in the subscriber's backlog: sent again with the next backlog
                    // round (a minute later, or when a contact subscriber shows up).
                    self.changes.push(Change::Hold {
                        jid,
                        node: node.clone(),
                        seq,
                    });
                }
                _ => info!(node, jid, condition = ?cond, "notification bounced; not sent again"),
            }
            return Output {
                changes: self.changes,
                ..Output::default()
            };
        }
        self.bounces.permanent.fetch_add(1, Ordering::Relaxed);
        if sub.contact {
            if !sub.suspended {
                warn!(node, jid, condition = ?cond, "notification bounced for good; contact subscription suspended until the subscriber's next presence");
                self.changes.push(Change::PutSubscription(Subscription {
                    suspended: true,
                    ..sub
                }));
            }
        } else {
            warn!(node, jid, condition = ?cond, "notification bounced for good; subscription ended");
            match self.st.feed(&node) {
                Ok(Some(feed)) => {
                    if self.leave(&feed, &jid).is_err() {
                        self.changes.clear();
                    }
                }
                _ => {
                    self.changes.push(Change::Unsubscribe {
                        node: node.clone(),
                        jid,
                    });
                }
            }
        }
        Output {
            changes: self.changes,
            send: Vec::new(),
            ..Output::default()
        }
    }

    /// The subscriber is around again: lift a suspension of its subscription to `node`, and
    /// forget its unreachable-server bounces.
    pub(super) fn came_back(&mut self, node: &str, jid: &str) {
        self.svc.vol.unreachable.pop(jid);
        self.svc.vol.resends.pop(jid);
        if let Ok(Some(sub)) = self.st.subscription(node, jid) {
            if sub.suspended {
                info!(node, jid, "subscriber is back; deliveries resume");
                self.changes.push(Change::PutSubscription(Subscription {
                    suspended: false,
                    ..sub
                }));
            }
        }
    }
}
