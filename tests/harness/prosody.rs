//! A real Prosody on 127.0.0.1, in a temp dir, on reserved ports; stopped on drop.
//!
//! Prosody must be installed (`scripts/test` installs it). A missing Prosody panics with a
//! clear message: tests never skip silently.
//!
//! Ports ([`free_port`]) are held, not guessed. Prosody (and the daemon) bind their own
//! sockets from a config file, so they cannot be handed a bound listener; instead:
//! - ports are taken below the kernel's ephemeral range, which every `bind(…:0)` and every
//!   outgoing connection draws from: no socket of any process lands on one by chance between
//!   the choice and Prosody's bind;
//! - concurrent harnesses (other test binaries, other checkouts on the machine) keep apart by
//!   holding, for the life of the test process, a listener on the same port of 127.0.0.2 (the
//!   port's twin): a lock the kernel releases when the process ends, however it ends;
//! - Prosody counts as started only once both ports are listening sockets of its own process
//!   (read from `/proc`), not when something answers on them.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long Prosody gets to open its ports after exec.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long Prosody gets to stop after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The XMPP domain of test users.
pub const DOMAIN: &str = "localhost";

/// One `Component` block.
#[derive(Clone, Debug)]
pub struct ComponentDef {
    pub domain: String,
    pub secret: String,
}

/// A running Prosody. Dropping it stops the server and deletes its directory.
pub struct Prosody {
    dir: tempfile::TempDir,
    child: Option<Child>,
    pub c2s_port: u16,
    pub component_port: u16,
    pub components: Vec<ComponentDef>,
    /// Modules loaded beside the usual ones (e.g. `offline`).
    pub modules: Vec<String>,
}

/// Where the twins that reserve ports are bound.
const TWIN_IP: [u8; 4] = [127, 0, 0, 2];
/// How many ports below the ephemeral range ports are drawn from.
const PORT_SPAN: u16 = 10_000;
/// Ports tried before giving up (each try is a random port of the span).
const PORT_TRIES: usize = 1_000;

/// The lowest port of the kernel's ephemeral range.
fn ephemeral_low() -> u16 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(32768)
}

/// A loopback port reserved for this test process until it exits (see the module's doc): free
/// on 127.0.0.1 now, outside the ephemeral range, its twin on 127.0.0.2 held.
pub fn free_port() -> u16 {
    static TWINS: Mutex<Vec<TcpListener>> = Mutex::new(Vec::new());
    let high = ephemeral_low();
    let low = high.saturating_sub(PORT_SPAN).max(1024);
    for _ in 0..PORT_TRIES {
        let port = rand::random_range(low..high);
        // Taken by another harness (its twin), or by anything else on 127.0.0.1.
        let Ok(twin) = TcpListener::bind(SocketAddr::from((TWIN_IP, port))) else {
            continue;
        };
        if TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).is_err() {
            continue;
        }
        TWINS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(twin);
        return port;
    }
    panic!("no free port in {low}..{high} after {PORT_TRIES} tries");
}

/// The inodes of the sockets listening on 127.0.0.1:`port` (`/proc/net/tcp`).
pub(crate) fn listening_inodes(port: u16) -> Vec<String> {
    let local = format!("0100007F:{port:04X}");
    std::fs::read_to_string("/proc/net/tcp")
        .unwrap_or_default()
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            // sl, local_address, rem_address, st (0A: listening), …, inode (the tenth).
            (f.len() > 9 && f[1] == local && f[3] == "0A").then(|| f[9].to_owned())
        })
        .collect()
}

/// Whether process `pid` holds a socket listening on 127.0.0.1:`port`.
fn listens(pid: u32, port: u16) -> bool {
    let inodes = listening_inodes(port);
    if inodes.is_empty() {
        return false;
    }
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten().any(|fd| {
        std::fs::read_link(fd.path()).is_ok_and(|l| {
            let l = l.to_string_lossy();
            inodes.iter().any(|i| l == format!("socket:[{i}]"))
        })
    })
}

fn prosody_binary() -> PathBuf {
    for dir in std::env::var("PATH").unwrap_or_default().split(':') {
        let p = Path::new(dir).join("prosody");
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "prosody is not installed: the integration tests need a real Prosody \
         (run scripts/test, which installs it, or `apt-get install -y prosody`)"
    );
}

impl Prosody {
    /// Start Prosody with the `feeds.localhost` component (secret `feeds-secret`).
    pub fn start() -> Prosody {
        Prosody::start_with(vec![ComponentDef {
            domain: "feeds.localhost".into(),
            secret: "feeds-secret".into(),
        }])
    }

    /// Start Prosody with the `feeds.localhost` component and these modules besides the usual
    /// ones (`offline`: messages to users without a resource online are stored).
    pub fn start_with_modules(modules: &[&str]) -> Prosody {
        Prosody::start_inner(
            vec![ComponentDef {
                domain: "feeds.localhost".into(),
                secret: "feeds-secret".into(),
            }],
            modules.iter().map(|m| m.to_string()).collect(),
        )
    }

    /// Start Prosody with the given components.
    pub fn start_with(components: Vec<ComponentDef>) -> Prosody {
        Prosody::start_inner(components, Vec::new())
    }

    fn start_inner(components: Vec<ComponentDef>, modules: Vec<String>) -> Prosody {
        let dir = tempfile::Builder::new()
            .prefix("feedpush-prosody-")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let mut p = Prosody {
            dir,
            child: None,
            c2s_port: free_port(),
            component_port: free_port(),
            components,
            modules,
        };
        p.write_config();
        p.spawn();
        p
    }

    fn config_path(&self) -> PathBuf {
        self.dir.path().join("prosody.cfg.lua")
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("prosody.log")
    }

    /// The component listener's address.
    pub fn component_addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.component_port))
    }

    /// The c2s listener's address.
    pub fn c2s_addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.c2s_port))
    }

    fn write_config(&self) {
        let d = self.dir.path().display();
        let mut cfg = format!(
            r#"run_as_root = true
data_path = "{d}/data"
pidfile = "{d}/prosody.pid"
log = {{ {{ levels = {{ min = "info" }}, to = "console" }} }}
modules_enabled = {{ "disco"; "roster"; "saslauth"; "ping"{extra} }}
modules_disabled = {{ "s2s"; "tls" }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
c2s_interfaces = {{ "127.0.0.1" }}
component_ports = {{ {comp} }}
component_interfaces = {{ "127.0.0.1" }}
http_ports = {{ }}
https_ports = {{ }}
s2s_ports = {{ }}
authentication = "internal_plain"
allow_registration = false
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
-- Above the defaults (256 KiB c2s, 512 KiB components), so that tests can send the 1 MB
-- stanzas an operator may allow and check that feedpush reads them.
c2s_stanza_size_limit = 4 * 1024 * 1024
component_stanza_size_limit = 4 * 1024 * 1024

VirtualHost "{DOMAIN}"
"#,
            c2s = self.c2s_port,
            comp = self.component_port,
            extra = self
                .modules
                .iter()
                .map(|m| format!("; \"{m}\""))
                .collect::<String>(),
        );
        for c in &self.components {
            cfg.push_str(&format!(
                "\nComponent \"{}\"\n    component_secret = \"{}\"\n",
                c.domain, c.secret
            ));
        }
        std::fs::write(self.config_path(), cfg).unwrap();
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap();
        let child = Command::new(prosody_binary())
            .arg("--config")
            .arg(self.config_path())
            .arg("-F")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("spawn prosody");
        self.child = Some(child);
        self.wait_listening();
    }

    fn wait_listening(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        let pid = self.child.as_ref().unwrap().id();
        loop {
            // Its own sockets: something else answering on a port does not count.
            if listens(pid, self.c2s_port) && listens(pid, self.component_port) {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "prosody exited with {status} before listening; log:\n{}",
                    self.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "prosody did not listen within {START_TIMEOUT:?}; log:\n{}",
                self.log()
            );
            // Its sockets are the only readiness signal Prosody gives; bounded by the deadline.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Prosody's console log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Create (or reset) a user on the test domain.
    pub fn register(&self, user: &str, password: &str) {
        let out = Command::new("prosodyctl")
            .arg("--config")
            .arg(self.config_path())
            .args(["register", user, DOMAIN, password])
            .output()
            .expect("run prosodyctl");
        assert!(
            out.status.success(),
            "prosodyctl register {user} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Create many accounts at once (`prosodyctl register` takes a process each): their files
    /// written where Prosody's internal storage keeps them, read when they are first used.
    pub fn add_accounts(&self, users: &[String], password: &str) {
        let dir = self.dir.path().join("data").join(DOMAIN).join("accounts");
        std::fs::create_dir_all(&dir).unwrap();
        for u in users {
            assert!(
                u.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{u}: a name its storage would escape"
            );
            std::fs::write(
                dir.join(format!("{u}.dat")),
                format!("return {{\n\t[\"password\"] = {password:?};\n}};\n"),
            )
            .unwrap();
        }
    }

    /// The messages stored offline for `user` (with `offline` loaded), as Prosody's internal
    /// storage wrote them: one text per message.
    pub fn offline_messages(&self, user: &str) -> Vec<String> {
        let file = self
            .dir
            .path()
            .join("data")
            .join(DOMAIN)
            .join("offline")
            .join(format!("{user}.list"));
        let text = std::fs::read_to_string(file).unwrap_or_default();
        text.split("item(").skip(1).map(str::to_owned).collect()
    }

    /// Delete an account while the server runs (its messages bounce from then on).
    pub fn deluser(&self, user: &str) {
        let out = Command::new("prosodyctl")
            .arg("--config")
            .arg(self.config_path())
            .args(["deluser", &format!("{user}@{DOMAIN}")])
            .output()
            .expect("run prosodyctl");
        assert!(
            out.status.success(),
            "prosodyctl deluser {user} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stop the server (SIGTERM, then SIGKILL after a bound), keeping its data and ports.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while child.try_wait().ok().flatten().is_none() {
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// Start it again on the same ports with the same data.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// The server's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
    }
}

impl Drop for Prosody {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("---- prosody log ----\n{}", self.log());
        }
    }
}
