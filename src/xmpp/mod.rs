//! The XMPP side: the XEP-0114 component link ([`link`], the only tokio-xmpp user) and the
//! XEP-0030/0060 service it serves ([`pubsub`]).

pub mod link;
pub mod pubsub;
