//! A c2s XMPP client for tests, built on tokio-xmpp: logs in over plain TCP to the test Prosody,
//! sends presence and IQs, and collects every stanza it receives.

use std::net::SocketAddr;
use std::time::Duration;

use super::nsshim::ShimConnector;
use futures::StreamExt;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::jid::{BareJid, Jid};
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::{Presence, Show};
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{Client, Event, Stanza};

use super::EVENT_TIMEOUT;

/// A logged-in test user.
pub struct TestClient {
    pub jid: BareJid,
    client: Client,
    /// Everything received and not yet taken by a `wait_*` call.
    inbox: Vec<Stanza>,
    next_id: u64,
}

impl TestClient {
    /// Log in as `user@localhost` and wait until the session is online (no presence sent).
    pub async fn login(c2s: SocketAddr, user: &str, password: &str) -> TestClient {
        let jid: BareJid = format!("{user}@{}", super::prosody::DOMAIN)
            .parse()
            .unwrap();
        let mut client = Client::new_with_connector(
            Jid::from(jid.clone()),
            password.to_owned(),
            ShimConnector(c2s),
            Timeouts::tight(),
        );
        let online = tokio::time::timeout(EVENT_TIMEOUT, async {
            loop {
                match client.next().await {
                    Some(Event::Online { .. }) => return Ok(()),
                    Some(Event::Disconnected(e)) => return Err(format!("{e}")),
                    Some(Event::Stanza(_)) => {}
                    None => return Err("stream ended".to_owned()),
                }
            }
        })
        .await;
        match online {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{jid} could not log in: {e}"),
            Err(_) => panic!("{jid} did not get online within {EVENT_TIMEOUT:?}"),
        }
        TestClient {
            jid,
            client,
            inbox: Vec::new(),
            next_id: 0,
        }
    }

    /// Log in and send initial presence (`show` = None means plain available).
    pub async fn online(
        c2s: SocketAddr,
        user: &str,
        password: &str,
        show: Option<Show>,
    ) -> TestClient {
        let mut c = TestClient::login(c2s, user, password).await;
        c.send_presence(show).await;
        c
    }

    pub async fn send_presence(&mut self, show: Option<Show>) {
        let mut p = Presence::available();
        if let Some(show) = show {
            p = p.with_show(show);
        }
        self.send(Stanza::Presence(p)).await;
    }

    pub async fn send(&mut self, stanza: Stanza) {
        self.client.send_stanza(stanza).await.expect("send stanza");
    }

    fn fresh_id(&mut self) -> String {
        self.next_id += 1;
        format!("t{}", self.next_id)
    }

    /// Send an IQ (its id is replaced by a fresh one) and return the matching result or error.
    pub async fn iq(&mut self, iq: Iq) -> Iq {
        let id = self.fresh_id();
        let iq = iq.with_id(id.clone());
        self.send(Stanza::Iq(iq)).await;
        let got = self
            .wait_for(|s| matches!(s, Stanza::Iq(iq @ (Iq::Result { .. } | Iq::Error { .. })) if iq.id() == id))
            .await;
        match got {
            Stanza::Iq(iq) => iq,
            _ => unreachable!(),
        }
    }

    /// Wait until a received stanza matches, take it from the inbox and return it.
    pub async fn wait_for(&mut self, pred: impl Fn(&Stanza) -> bool) -> Stanza {
        self.try_wait_for(EVENT_TIMEOUT, pred)
            .await
            .unwrap_or_else(|| panic!("no matching stanza within {EVENT_TIMEOUT:?}"))
    }

    /// Like [`wait_for`](Self::wait_for) but gives up after `timeout` with `None`.
    pub async fn try_wait_for(
        &mut self,
        timeout: Duration,
        pred: impl Fn(&Stanza) -> bool,
    ) -> Option<Stanza> {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return Some(self.inbox.remove(i));
        }
        let client = &mut self.client;
        let inbox = &mut self.inbox;
        tokio::time::timeout(timeout, async {
            loop {
                match client.next().await {
                    Some(Event::Stanza(s)) => {
                        if pred(&s) {
                            return Some(s);
                        }
                        inbox.push(s);
                    }
                    // The client reconnects by itself (stream management); said, so that a
                    // reply lost with a session shows up in a failed test's output.
                    Some(Event::Disconnected(e)) => eprintln!("test client disconnected: {e}"),
                    Some(Event::Online {
                        bound_jid, resumed, ..
                    }) => {
                        eprintln!("test client online again as {bound_jid} (resumed: {resumed})")
                    }
                    None => return None,
                }
            }
        })
        .await
        .ok()
        .flatten()
    }

    /// Wait for a message stanza that matches.
    pub async fn wait_message(&mut self, pred: impl Fn(&Message) -> bool) -> Message {
        match self
            .wait_for(|s| matches!(s, Stanza::Message(m) if pred(m)))
            .await
        {
            Stanza::Message(m) => m,
            _ => unreachable!(),
        }
    }

    /// Pull in whatever arrives within `window` (for asserting that something did *not* come)
    /// and return every message collected so far.
    pub async fn drain_messages(&mut self, window: Duration) -> Vec<Message> {
        let _ = self.try_wait_for(window, |_| false).await;
        let (msgs, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.inbox)
            .into_iter()
            .partition(|s| matches!(s, Stanza::Message(_)));
        self.inbox = rest;
        msgs.into_iter()
            .filter_map(|s| match s {
                Stanza::Message(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    /// What was received and not taken yet, one line each (for failure messages).
    pub fn inbox_summary(&self) -> String {
        self.inbox
            .iter()
            .map(|s| match s {
                Stanza::Iq(i) => format!("iq id={}", i.id()),
                Stanza::Message(m) => format!("message from={:?} type={:?}", m.from, m.type_),
                Stanza::Presence(p) => format!("presence from={:?} type={:?}", p.from, p.type_),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn disconnect(self) {
        let _ = self.client.send_end().await;
    }
}
