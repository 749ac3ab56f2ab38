//! The benchmarks' `feedpush run`: spawned with a systemd notification socket (READY=1 is
//! awaited), its log in a file beside its configuration, its memory read from /proc.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `feedpush run` process.
pub struct Daemon {
    pub child: Child,
    pub log: std::path::PathBuf,
}

impl Daemon {
    /// Start `bin run --config cfg`, telling systemd's socket `sock`.
    pub fn start(bin: &std::path::Path, cfg: &std::path::Path, sock: &std::path::Path) -> Daemon {
        let log = cfg.with_extension("log");
        // BENCH_WRAP runs feedpush under another program (e.g. "heaptrack -o /tmp/fp"); the
        // CPU figures are then that program's.
        let wrap = std::env::var("BENCH_WRAP").unwrap_or_default();
        let mut words = wrap.split_whitespace();
        let mut cmd = match words.next() {
            Some(w) => {
                let mut c = Command::new(w);
                c.args(words).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let child = cmd
            .args(["run", "--config"])
            .arg(cfg)
            .env("NOTIFY_SOCKET", sock)
            .env("FEEDPUSH_LOG", "warn,feedpush::app=info")
            .stdout(Stdio::null())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&log)
                    .unwrap(),
            )
            .spawn()
            .unwrap();
        Daemon { child, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, and wait for the exit.
    pub fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let _ = self.child.wait();
    }

    /// SIGKILL, and wait for the exit.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait for READY=1 on the notification socket (bounded); a daemon that exits first fails
/// the benchmark with its log.
pub async fn until_ready(sock: &tokio::net::UnixDatagram, daemon: &mut Daemon, limit: Duration) {
    let mut buf = vec![0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(Some(status)) = daemon.child.try_wait() {
            panic!(
                "feedpush exited ({status}): {}",
                std::fs::read_to_string(&daemon.log).unwrap_or_default()
            );
        }
        assert!(Instant::now() < deadline, "no READY=1 within {limit:?}");
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(500), sock.recv(&mut buf)).await
        {
            if String::from_utf8_lossy(&buf[..n]).contains("READY=1") {
                return;
            }
        }
    }
}

/// A field of /proc/PID/status in kB (VmRSS, VmHWM).
pub fn status_kb(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// kB as "N MB".
pub fn mb(kb: f64) -> String {
    format!("{:.0} MB", kb / 1024.0)
}

/// Bytes under a directory.
pub fn dir_bytes(p: &std::path::Path) -> u64 {
    let mut n = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => n += dir_bytes(&e.path()),
                Ok(m) => n += m.len(),
                Err(_) => {}
            }
        }
    }
    n
}
