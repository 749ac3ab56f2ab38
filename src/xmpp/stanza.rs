//! The vocabulary between the link and the rest: what arrives ([`Inbound`]) and what is to be
//! written ([`Outbound`], with [`Fanout`] for one stanza to many recipients). Plain data, so
//! that the protocol core and the delivery side need not know the link.

use tokio::sync::oneshot;
use xmpp_parsers::minidom::Element;
pub use xmpp_parsers::stanza::Stanza;

/// What arrives from the server.
#[derive(Debug)]
pub enum Inbound {
    /// A stanza the typed parsers accepted.
    Stanza(Box<Stanza>),
    /// A stanza that did not parse; enough of its header to answer it with an error.
    Invalid {
        /// `iq`, `message` or `presence`.
        kind: &'static str,
        /// Its `from`.
        from: Option<String>,
        /// Its `to`.
        to: Option<String>,
        /// Its `type`.
        type_: Option<String>,
        /// Its `id`.
        id: Option<String>,
        /// Why it did not parse.
        error: String,
    },
}

/// Stanzas to write; `done` (if any) learns whether all of them were written and flushed.
#[derive(Debug, Default)]
pub struct Outbound {
    /// Stanzas, written in order.
    pub stanzas: Vec<Stanza>,
    /// Stanzas to many recipients each, written after `stanzas`, in order.
    pub fanouts: Vec<Fanout>,
    /// Told whether everything was written and flushed.
    pub done: Option<oneshot::Sender<bool>>,
}

/// The same stanza to many recipients: `template` (a stanza element without `to`) is written
/// once per JID in `to`, with that JID as its `to`. Serialising straight from the one template
/// avoids building and cloning a stanza per recipient, which was most of a fan-out's cost.
#[derive(Debug)]
pub struct Fanout {
    /// The stanza element, without `to`.
    pub template: Element,
    /// The recipients.
    pub to: Vec<String>,
}
