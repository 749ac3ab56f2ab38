//! The XMPP side: the XEP-0114 component link ([`link`], the only tokio-xmpp user), the
//! vocabulary it shares with the rest ([`stanza`]) and the XEP-0030/0060 service it serves
//! ([`pubsub`], sans I/O).

pub mod link;
pub mod pubsub;
pub mod router;
pub mod stanza;
