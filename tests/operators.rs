//! Operators end to end: the daemon under a (test) systemd notification socket.

use std::time::Duration;

use tokio::net::UnixDatagram;

use crate::harness::EVENT_TIMEOUT;
use crate::pubsub::World;

/// The datagrams systemd would receive, until one contains `want` (bounded).
async fn until(sock: &UnixDatagram, seen: &mut Vec<String>, want: &str) {
    let deadline = tokio::time::Instant::now() + EVENT_TIMEOUT;
    let mut buf = vec![0u8; 4096];
    while !seen.iter().any(|m| m.contains(want)) {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, sock.recv(&mut buf)).await {
            Ok(Ok(n)) => seen.push(String::from_utf8_lossy(&buf[..n]).into_owned()),
            _ => panic!("no {want:?} within {EVENT_TIMEOUT:?}; got {seen:?}"),
        }
    }
}

/// READY=1 once the store is open (with a status line), the link's state in STATUS=, WATCHDOG=1
/// at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
#[tokio::test]
async fn systemd_hears_ready_status_watchdog_and_stopping() {
    let w = World::new(&[]).await;
    let sock_path = w.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    let cfg = w.config("", "");
    let mut daemon = crate::harness::daemon::Daemon::start_with_env(
        &cfg,
        &[
            ("NOTIFY_SOCKET", sock_path.to_str().unwrap()),
            ("WATCHDOG_USEC", "1000000"),
        ],
    );
    let mut seen = Vec::new();
    until(&sock, &mut seen, "READY=1").await;
    assert!(
        seen.iter()
            .any(|m| m.contains("READY=1") && m.contains("STATUS=XMPP link")),
        "{seen:?}"
    );
    until(&sock, &mut seen, "STATUS=XMPP link up").await;
    // Two watchdog pings: it keeps coming at half the interval.
    until(&sock, &mut seen, "WATCHDOG=1").await;
    let first = seen.iter().filter(|m| m.contains("WATCHDOG=1")).count();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let mut buf = vec![0u8; 4096];
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(50), sock.recv(&mut buf)).await
    {
        seen.push(String::from_utf8_lossy(&buf[..n]).into_owned());
    }
    assert!(
        seen.iter().filter(|m| m.contains("WATCHDOG=1")).count() > first,
        "{seen:?}"
    );
    assert_eq!(daemon.stop().await, Some(0));
    until(&sock, &mut seen, "STOPPING=1").await;
}
