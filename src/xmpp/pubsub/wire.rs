//! Wire elements xmpp-parsers does not model for this use: the `<pubsub/>` reply wrapper,
//! `<subscription/>`, and an RSM `<set/>` read from any parent (its `PubSub` type rejects one
//! next to `<items/>`).

use super::*;

pub(super) fn pubsub_el(children: Vec<Element>) -> Element {
    Element::builder("pubsub", ns::PUBSUB)
        .append_all(children)
        .build()
}

pub(super) fn subscription_el(node: &str, jid: &str, state: &str) -> Element {
    let n =
        |s: &'static str| xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name");
    Element::builder("subscription", ns::PUBSUB)
        .attr(n("node"), node)
        .attr(n("jid"), jid)
        .attr(n("subscription"), state)
        .build()
}

/// An RSM `<set/>` request (XEP-0059), read from the children of `parent`.
#[derive(Default)]
pub(super) struct Rsm {
    pub(super) present: bool,
    pub(super) max: Option<usize>,
    pub(super) after: Option<String>,
    pub(super) index: Option<usize>,
}

impl Rsm {
    pub(super) fn parse(parent: &Element) -> Result<Rsm, Fail> {
        let Some(set) = parent.get_child("set", ns::RSM) else {
            return Ok(Rsm::default());
        };
        let q = xmpp_parsers::rsm::SetQuery::try_from(set.clone())
            .map_err(|e| Fail::bad_request().text(format!("bad rsm <set/>: {e}")))?;
        Ok(Rsm {
            present: true,
            max: q.max,
            index: q.index,
            after: q.after,
        })
    }
}
