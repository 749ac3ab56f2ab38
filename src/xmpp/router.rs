//! Where an inbound stanza is going: the service itself (`feeds.example.org`: pubsub requests,
//! chat commands) or one feed's contact (`node@feeds.example.org`: roster subscriptions,
//! presence). Pure: the JID decides.

use xmpp_parsers::jid::{BareJid, Jid};

/// The destination of a stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The service JID (any resource).
    Service,
    /// A feed's contact JID; the node is its localpart.
    Contact(String),
    /// Another domain, or no `to` at all.
    Elsewhere,
}

/// The route of a stanza addressed `to`, for the component `service`.
pub fn route(to: Option<&Jid>, service: &BareJid) -> Route {
    let Some(to) = to else {
        return Route::Elsewhere;
    };
    if to.domain() != service.domain() {
        return Route::Elsewhere;
    }
    match to.node() {
        None => Route::Service,
        Some(n) => Route::Contact(n.as_str().to_owned()),
    }
}

/// The contact JID of a node, when the node id can be a JID's localpart.
pub fn contact_jid(node: &str, service: &BareJid) -> Option<BareJid> {
    BareJid::new(&format!("{node}@{}", service.domain())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_jid_decides() {
        let svc = BareJid::new("feeds.example.org").unwrap();
        let j = |s: &str| Jid::from_str(s).unwrap();
        assert_eq!(route(Some(&j("feeds.example.org")), &svc), Route::Service);
        assert_eq!(route(Some(&j("feeds.example.org/x")), &svc), Route::Service);
        assert_eq!(
            route(Some(&j("planet@feeds.example.org/r")), &svc),
            Route::Contact("planet".into())
        );
        assert_eq!(
            route(Some(&j("planet@example.org")), &svc),
            Route::Elsewhere
        );
        assert_eq!(route(None, &svc), Route::Elsewhere);
        assert_eq!(
            contact_jid("planet", &svc).unwrap().to_string(),
            "planet@feeds.example.org"
        );
        assert!(contact_jid("a/b@c", &svc).is_none());
    }
}
