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
    let (dr, dw) = down.into_split();
    let (ur, uw) = up.into_split();
    let pings = {
        let tx = tx.clone();
        move |n| tx.send_modify(|s| s.pings += n)
    };
    let handshakes = {
        let tx = tx.clone();
        move |n| tx.send_modify(|s| s.handshakes += n)
    };
    tokio::select! {
        _ = pump(dr, uw, b"urn:xmpp:ping", pings) => {}
        _ = pump(ur, dw, b"<handshake", handshakes) => {}
    }
    tx.send_modify(|s| s.closed += 1);
}

/// Copy one direction, telling `seen` how often `needle` went by (also across reads).
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    needle: &[u8],
    seen: impl Fn(usize),
) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let mut window = std::mem::take(&mut carry);
        window.extend_from_slice(&buf[..n]);
        let found = count(&window, needle);
        if found > 0 {
            seen(found);
        }
        // The tail of this read, so that a needle split across reads is found once.
        let keep = window.len().min(needle.len() - 1);
        carry = window[window.len() - keep..].to_vec();
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}
