//! What the benchmarks share: process CPU from /proc, and a raw XEP-0114 connection that
//! stands in for many users and counts stanzas in its byte stream.

use std::process::Command;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use xmpp_parsers::minidom::Element;

/// The component secret every benchmark's Prosody uses.
pub const SECRET: &str = "bench-secret";

pub fn clk_tck() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a process, in seconds.
pub fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / clk_tck()
}

/// CPU time of a process from the scheduler (ns resolution, live threads only), in seconds.
pub fn sched_secs(pid: u32) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .sum::<f64>()
        / 1e9
}

/// A raw XEP-0114 connection: handshake, then bytes.
pub struct RawComponent {
    pub rd: OwnedReadHalf,
    pub wr: OwnedWriteHalf,
    /// Bytes read but not yet consumed by a wait.
    pub buf: Vec<u8>,
}

impl RawComponent {
    pub async fn connect(addr: std::net::SocketAddr, domain: &str) -> RawComponent {
        let s = TcpStream::connect(addr).await.unwrap();
        s.set_nodelay(true).unwrap();
        let (mut rd, mut wr) = s.into_split();
        wr.write_all(format!("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='{domain}'>").as_bytes()).await.unwrap();
        let mut head = Vec::new();
        let id = loop {
            let mut b = [0u8; 4096];
            let n = rd.read(&mut b).await.unwrap();
            assert!(n > 0, "server closed during handshake");
            head.extend_from_slice(&b[..n]);
            let text = String::from_utf8_lossy(&head).to_string();
            if let Some(i) = text.find(" id='").or_else(|| text.find(" id=\"")) {
                let rest = &text[i + 5..];
                if let Some(end) = rest.find(['\'', '"']) {
                    break rest[..end].to_owned();
                }
            }
        };
        // xmpp-parsers computes the SHA-1 handshake digest.
        let hs = xmpp_parsers::component::Handshake::from_stream_id_and_password(id, SECRET);
        wr.write_all(xml(hs.into()).as_bytes()).await.unwrap();
        let mut c = RawComponent {
            rd,
            wr,
            buf: Vec::new(),
        };
        c.wait_count(b"<handshake", 1, Duration::from_secs(10))
            .await;
        c
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.wr.write_all(bytes).await.unwrap();
    }

    /// Read until `needle` has occurred `n` times; returns the time of the last read.
    pub async fn wait_count(&mut self, needle: &[u8], n: usize, limit: Duration) -> Instant {
        self.wait_first_last(needle, n, limit).await.1
    }

    /// Read until `needle` has occurred `n` times; returns the times of the reads that brought
    /// the first and the last occurrence.
    pub async fn wait_first_last(
        &mut self,
        needle: &[u8],
        n: usize,
        limit: Duration,
    ) -> (Instant, Instant) {
        let deadline = Instant::now() + limit;
        let mut seen = count(&self.buf, needle);
        let mut last = Instant::now();
        let mut first = (seen > 0).then_some(last);
        let mut chunk = vec![0u8; 1 << 16];
        while seen < n {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "only {seen} of {n} {:?} within {limit:?}",
                String::from_utf8_lossy(needle)
            );
            let r = tokio::time::timeout(left, self.rd.read(&mut chunk)).await;
            let got = match r {
                Ok(Ok(0)) | Err(_) => continue,
                Ok(Ok(k)) => k,
                Ok(Err(e)) => panic!("read: {e}"),
            };
            last = Instant::now();
            // Keep a tail so a needle split between reads is still counted once.
            let keep = needle.len() - 1;
            let start = self.buf.len().saturating_sub(keep);
            self.buf.extend_from_slice(&chunk[..got]);
            seen += count(&self.buf[start..], needle);
            if seen > 0 && first.is_none() {
                first = Some(last);
            }
            if self.buf.len() > (1 << 20) {
                let cut = self.buf.len() - keep;
                self.buf.drain(..cut);
            }
        }
        self.buf.clear();
        (first.unwrap_or(last), last)
    }

    /// Everything read until `needle` occurs once (for capturing one stanza).
    pub async fn capture_until(&mut self, needle: &[u8]) -> String {
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            if let Some(i) = find(&self.buf, needle) {
                let s = String::from_utf8_lossy(&self.buf[..i + needle.len()]).into_owned();
                self.buf.drain(..i + needle.len());
                return s;
            }
            let k = tokio::time::timeout(Duration::from_secs(60), self.rd.read(&mut chunk))
                .await
                .expect("capture timed out")
                .unwrap();
            self.buf.extend_from_slice(&chunk[..k]);
        }
    }
}

pub fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

pub fn count(h: &[u8], n: &[u8]) -> usize {
    h.windows(n.len()).filter(|w| *w == n).count()
}

pub fn xml(el: Element) -> String {
    String::from(&el)
}

/// The release `feedpush` binary beside this example, and the CPU's model name.
pub fn feedpush_and_cpu() -> (std::path::PathBuf, String) {
    let exe = std::env::current_exe().unwrap();
    let feedpush_bin = exe
        .parent()
        .and_then(|p| p.parent())
        .unwrap()
        .join("feedpush");
    assert!(
        feedpush_bin.exists(),
        "build it first: cargo build --release --bin feedpush"
    );
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        .unwrap_or_default();
    (feedpush_bin, cpu_model)
}

impl RawComponent {
    /// Ping `feeds.localhost` from this component until it answers (bounded).
    pub async fn wait_for_feedpush(&mut self) {
        let feeds_jid: xmpp_parsers::jid::Jid = "feeds.localhost".parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ping = xmpp_parsers::iq::Iq::from_get("ready", xmpp_parsers::ping::Ping)
                .with_from("probe@sink.localhost".parse().unwrap())
                .with_to(feeds_jid.clone());
            self.send(xml(ping.into()).as_bytes()).await;
            let mut chunk = vec![0u8; 4096];
            if let Ok(Ok(k)) =
                tokio::time::timeout(Duration::from_millis(300), self.rd.read(&mut chunk)).await
            {
                if String::from_utf8_lossy(&chunk[..k]).contains("type='result'") {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "feedpush did not attach");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// A pubsub subscribe request from `jid` (of the sink component) to `node` of feedpush.
pub fn subscribe_iq(jid: &str, node: &str, id: &str) -> String {
    let n = |s: &'static str| xmpp_parsers::minidom::rxml::NcName::try_from(s).unwrap();
    let sub = Element::builder("pubsub", "http://jabber.org/protocol/pubsub")
        .append(
            Element::builder("subscribe", "http://jabber.org/protocol/pubsub")
                .attr(n("node"), node)
                .attr(n("jid"), jid)
                .build(),
        )
        .build();
    let iq = xmpp_parsers::iq::Iq::Set {
        from: Some(jid.parse().unwrap()),
        to: Some("feeds.localhost".parse().unwrap()),
        id: id.to_owned(),
        payload: sub,
    };
    xml(iq.into())
}
