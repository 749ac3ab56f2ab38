//! A tiny XMPP subscriber for the quickstart: logs in (plain c2s to a local test server),
//! subscribes to one node of the feedpush service and prints every pushed entry.
//!
//! `cargo run --example subscriber -- 127.0.0.1:5222 alice@localhost alice-pw feeds.localhost node`

// The crate is built with xmpp-parsers' `component` feature; this connector lets a c2s client
// live in the same build (see the file for how).
#[path = "../tests/harness/nsshim.rs"]
#[allow(dead_code)]
mod nsshim;

use futures::StreamExt;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::{BareJid, Jid};
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::parsers::pubsub::event::{Event as PubsubEvent, Payload};
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{Client, Event, Stanza};

const PUBSUB: &str = "http://jabber.org/protocol/pubsub";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, jid, password, service, node] = args.as_slice() else {
        anyhow::bail!("usage: subscriber C2S_ADDR JID PASSWORD SERVICE NODE[,NODE...]");
    };
    let jid: BareJid = jid.parse()?;
    let service: Jid = service.parse()?;
    let mut client = Client::new_with_connector(
        Jid::from(jid.clone()),
        password.clone(),
        nsshim::ShimConnector(addr.parse()?),
        Timeouts::tight(),
    );
    while let Some(ev) = client.next().await {
        match ev {
            Event::Online { .. } => break,
            Event::Disconnected(e) => anyhow::bail!("login failed: {e}"),
            _ => {}
        }
    }
    client
        .send_stanza(Stanza::Presence(Presence::available()))
        .await?;
    let n = |s: &'static str| tokio_xmpp::minidom::rxml::NcName::try_from(s).unwrap();
    // NODE may list several nodes, separated by commas.
    for node in node.split(',') {
        let subscribe = Element::builder("pubsub", PUBSUB)
            .append(
                Element::builder("subscribe", PUBSUB)
                    .attr(n("node"), node)
                    .attr(n("jid"), jid.to_string())
                    .build(),
            )
            .build();
        // The component may still be connecting: retry until it answers (an answer can also
        // go missing while it attaches, so each try is bounded).
        loop {
            let iq = Iq::Set {
                from: None,
                to: Some(service.clone()),
                id: "sub".into(),
                payload: subscribe.clone(),
            };
            client.send_stanza(Stanza::Iq(iq)).await?;
            let wait = async {
                loop {
                    match client.next().await {
                        Some(Event::Stanza(Stanza::Iq(iq))) if iq.id() == "sub" => break Some(iq),
                        Some(_) => continue,
                        None => break None,
                    }
                }
            };
            let answer = match tokio::time::timeout(std::time::Duration::from_secs(3), wait).await {
                Ok(Some(iq)) => iq,
                Ok(None) => anyhow::bail!("disconnected"),
                Err(_) => {
                    eprintln!("subscriber: no answer yet; asking again");
                    continue;
                }
            };
            match answer {
                Iq::Result { .. } => break,
                Iq::Error { error, .. } => {
                    eprintln!(
                        "subscriber: not yet: {:?}; retrying",
                        error.defined_condition
                    );
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
                _ => {}
            }
        }
    }
    println!("subscriber: {jid} subscribed to {node} on {service}; waiting for pushes");
    while let Some(ev) = client.next().await {
        let Event::Stanza(Stanza::Message(m)) = ev else {
            continue;
        };
        for p in m.payloads {
            let Ok(ev) = PubsubEvent::try_from(p) else {
                continue;
            };
            if let Payload::Items {
                node, published, ..
            } = ev.payload
            {
                for item in published {
                    let entry = item.payload;
                    let text = |name: &str| {
                        entry
                            .as_ref()
                            .and_then(|e| e.get_child(name, "http://www.w3.org/2005/Atom"))
                            .map(|c| c.text())
                            .unwrap_or_default()
                    };
                    let link = entry
                        .as_ref()
                        .and_then(|e| e.get_child("link", "http://www.w3.org/2005/Atom"))
                        .and_then(|l| l.attr("href").map(str::to_owned))
                        .unwrap_or_default();
                    println!(
                        "PUSH node={} id={} title={:?} link={}",
                        node.0,
                        item.id.map(|i| i.0).unwrap_or_default(),
                        text("title"),
                        link
                    );
                }
            }
        }
    }
    Ok(())
}
