//! A TCP relay between the daemon and the server's component port that watches the bytes:
//! tests wait on what crossed the wire (connections, keep-alive pings and their answers)
//! instead of on the daemon's log.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the relay has seen so far.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Seen {
    /// Connections the daemon opened.
    pub connections: usize,
    /// XEP-0199 pings the daemon sent.
    pub pings: usize,
    /// Connections that ended (either side closed).
    pub closed: usize,
    /// Handshakes the server accepted (its `<handshake/>` answer).
    pub handshakes: usize,
}

/// The relay: point the daemon's `[component] server` at [`Tap::addr`].
pub struct Tap {
    pub addr: SocketAddr,
    seen: watch::Receiver<Seen>,
}

impl Tap {
    /// Relay to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Tap {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = watch::channel(Seen::default());
        let tx = Arc::new(tx);
        tokio::spawn(async move {
            while let Ok((down, _)) = listener.accept().await {
                tx.send_modify(|s| s.connections += 1);
                let Ok(up) = TcpStream::connect(upstream).await else {
                    continue;
                };
                let tx = tx.clone();
                tokio::spawn(relay(down, up, tx));
            }
        });
        Tap { addr, seen: rx }
    }

    /// What has been seen.
    pub fn seen(&self) -> Seen {
        self.seen.borrow().clone()
    }

    /// Wait until `f` holds for what has been seen, at most `within`.
    pub async fn wait_for(&self, within: std::time::Duration, f: impl Fn(&Seen) -> bool) -> Seen {
        let mut rx = self.seen.clone();
        let got = tokio::time::timeout(within, async {
            rx.wait_for(|s| f(s)).await.map(|s| s.clone()).ok()
        })
        .await;
        match got {
            Ok(Some(s)) => s,
            _ => panic!("not seen within {within:?}: {:?}", self.seen()),
        }
    }
}

async fn relay(down: TcpStream, up: TcpStream, tx: Arc<watch::Sender<Seen>>) {
    let (mut dr, mut dw) = down.into_split();
    let (mut ur, mut uw) = up.into_split();
    let to_server = {
        let tx = tx.clone();
        async move {
            let mut buf = vec![0u8; 64 * 1024];
            // The tail of the previous read, so that a marker split across reads is found.
            let mut carry: Vec<u8> = Vec::new();
            loop {
                let n = match dr.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let mut window = std::mem::take(&mut carry);
                window.extend_from_slice(&buf[..n]);
                let pings = count(&window, b"urn:xmpp:ping");
                if pings > 0 {
                    tx.send_modify(|s| s.pings += pings);
                }
                let keep = window.len().min(12);
                carry = window[window.len() - keep..].to_vec();
                if uw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        }
    };
    let to_daemon = {
        let tx = tx.clone();
        async move {
            let mut buf = vec![0u8; 64 * 1024];
            let mut carry: Vec<u8> = Vec::new();
            loop {
                let n = match ur.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let mut window = std::mem::take(&mut carry);
                window.extend_from_slice(&buf[..n]);
                let accepted = count(&window, b"<handshake");
                if accepted > 0 {
                    tx.send_modify(|s| s.handshakes += accepted);
                }
                let keep = window.len().min(9);
                carry = window[window.len() - keep..].to_vec();
                if dw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        }
    };
    tokio::select! {
        _ = to_server => {}
        _ = to_daemon => {}
    }
    tx.send_modify(|s| s.closed += 1);
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}
