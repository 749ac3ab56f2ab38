//! The real `feedpush run` binary as a child process, with a generated feeds.toml pointing at
//! the test Prosody and the test feed server. Killed on drop.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use super::prosody::Prosody;

pub struct Daemon {
    pub config: PathBuf,
    child: Option<Child>,
    log: PathBuf,
}

/// Write a feeds.toml for the test Prosody; `extra` is appended (more sections, feeds).
pub fn write_config(dir: &Path, prosody: &Prosody, extra: &str) -> PathBuf {
    write_config_for(dir, prosody.component_addr(), extra)
}

/// The same for the XMPP server whose component listener is `server` (ejabberd's, say).
pub fn write_config_for(dir: &Path, server: std::net::SocketAddr, extra: &str) -> PathBuf {
    let path = dir.join("feeds.toml");
    let text = format!(
        "[component]\njid = \"feeds.localhost\"\nserver = \"{}\"\nsecret = \"feeds-secret\"\n\
         {}\
         [fetch]\nallow_private_addresses = true\ntimeout = \"5s\"\nper_host_interval = \"10ms\"\n\
         [poll]\nmin_interval = \"1s\"\ndefault_interval = \"1s\"\n{extra}\n",
        server,
        storage_section(dir),
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// The `[storage]` section of a test's feeds.toml: the embedded store in `dir/store`, or with
/// `FEEDPUSH_TEST_BACKEND=postgres` a database of its own on the test PostgreSQL; a database
/// the test made for `dir` beforehand (a server of its own,
/// [`super::pgserver::PgServer::database`]) in any case.
pub fn storage_section(dir: &Path) -> String {
    let own = dir.join(super::pgserver::URL_FILE).exists();
    match std::env::var("FEEDPUSH_TEST_BACKEND").as_deref() {
        _ if own => format!(
            "[storage]\nbackend = \"postgres\"\nurl = \"{}\"\nconnect_timeout = \"2s\"\n",
            super::pgserver::database_for(dir),
        ),
        Ok("postgres") => format!(
            "[storage]\nbackend = \"postgres\"\nurl = \"{}\"\npath = \"{}\"\n",
            super::pgserver::database_for(dir),
            dir.join("store").display()
        ),
        _ => format!("[storage]\npath = \"{}\"\n", dir.join("store").display()),
    }
}

impl Daemon {
    pub fn start(config: &Path) -> Daemon {
        Daemon::start_with_env(config, &[])
    }

    /// Started with extra environment variables (e.g. systemd's NOTIFY_SOCKET).
    pub fn start_with_env(config: &Path, env: &[(&str, &str)]) -> Daemon {
        Daemon::spawn(config, env, None)
    }

    /// Started with `--log-format json`: its log is JSON lines.
    pub fn start_json(config: &Path) -> Daemon {
        Daemon::spawn_with(config, &[], None, &["--log-format", "json"])
    }

    /// Started under a limit of `files` open files (soft and hard), as systemd's
    /// `LimitNOFILE` would set it: through `sh -c 'ulimit -n …; exec …'`.
    pub fn start_with_file_limit(config: &Path, files: u64) -> Daemon {
        Daemon::spawn(config, &[], Some(files))
    }

    fn spawn(config: &Path, env: &[(&str, &str)], files: Option<u64>) -> Daemon {
        Daemon::spawn_with(config, env, files, &[])
    }

    fn spawn_with(
        config: &Path,
        env: &[(&str, &str)],
        files: Option<u64>,
        args: &[&str],
    ) -> Daemon {
        let log = config.with_file_name(format!(
            "feedpush-{}.log",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let out = std::fs::File::create(&log).unwrap();
        let bin = env!("CARGO_BIN_EXE_feedpush");
        let mut command = match files {
            None => Command::new(bin),
            Some(n) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(bin);
                c
            }
        };
        let child = command
            .arg("run")
            .arg("--config")
            .arg(config)
            .args(args)
            // FEEDPUSH_TEST_LOG overrides the daemon's log filter when a run needs more.
            .env(
                "FEEDPUSH_LOG",
                std::env::var("FEEDPUSH_TEST_LOG").unwrap_or_else(|_| "info,feedpush=debug".into()),
            )
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .kill_on_drop(true)
            .spawn()
            .expect("spawn feedpush");
        Daemon {
            config: config.to_owned(),
            child: Some(child),
            log,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(|c| c.id())
    }

    /// Send a signal by name (`STOP`, `CONT`, `HUP`) to the running daemon.
    pub fn signal(&self, name: &str) {
        let pid = self.pid().expect("the daemon runs").to_string();
        let ok = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -{name} {pid} failed");
    }

    /// SIGTERM and wait for the exit status (bounded).
    pub async fn stop(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let pid = child.id()?.to_string();
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status();
        match tokio::time::timeout(Duration::from_secs(12), child.wait()).await {
            Ok(Ok(status)) => status.code(),
            _ => {
                let _ = child.kill().await;
                None
            }
        }
    }

    /// Wait for it to exit by itself, at most `within`: its exit status (None when it still
    /// runs).
    pub async fn exited(&mut self, within: Duration) -> Option<i32> {
        let child = self.child.as_mut()?;
        match tokio::time::timeout(within, child.wait()).await {
            Ok(Ok(status)) => {
                self.child = None;
                status.code()
            }
            _ => None,
        }
    }

    /// kill -9.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
            let _ = child.wait().await;
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Never leave a daemon behind, whatever state the test ended in.
            let _ = child.start_kill();
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while matches!(child.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        if std::thread::panicking() {
            eprintln!("---- feedpush log ----\n{}", self.log());
        }
    }
}
