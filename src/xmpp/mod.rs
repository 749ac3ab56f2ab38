//! The XMPP side: the XEP-0114 component link ([`link`], the only tokio-xmpp user), the
//! vocabulary it shares with the rest ([`stanza`]), where a stanza goes ([`router`]: the
//! service or a feed's contact) and the service it serves ([`pubsub`], sans I/O: XEP-0030/0060,
//! feeds as contacts, chat commands).

pub mod link;
pub mod pubsub;
pub mod router;
pub mod stanza;
