//! A real ejabberd on 127.0.0.1, in a temp dir, on reserved ports ([`super::prosody::free_port`]);
//! stopped on drop. The second XMPP server of the tests: it takes several connections for one
//! component domain and spreads the stanzas sent to it over them (`[cluster] link = "every"`).
//!
//! ejabberd must be installed (`scripts/test` installs it, with the system service kept from
//! starting). It runs as the current user (`EXEC_CMD=as_current_user`) under a node name and
//! distribution port of its own, without epmd, its Erlang cookie in its own home: nothing is
//! shared with another ejabberd on the machine. A missing ejabberd panics with a clear
//! message: tests never skip silently.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::prosody::{free_port, listening_inodes, DOMAIN};

/// How long ejabberd gets to open its ports after exec (an Erlang VM and Mnesia).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long ejabberd gets to stop after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

/// A running ejabberd. Dropping it stops the server and deletes its directory.
pub struct Ejabberd {
    dir: tempfile::TempDir,
    child: Option<Child>,
    pub c2s_port: u16,
    pub component_port: u16,
    /// The component domain and its secret.
    pub component: (String, String),
}

fn ejabberdctl() -> PathBuf {
    for p in ["/usr/sbin/ejabberdctl", "/usr/bin/ejabberdctl"] {
        if std::path::Path::new(p).is_file() {
            return p.into();
        }
    }
    panic!(
        "ejabberd is not installed: the cluster's link = \"every\" tests need a real ejabberd \
         (run scripts/test, which installs it, or `apt-get install -y ejabberd`)"
    );
}

impl Ejabberd {
    /// Start ejabberd with the `feeds.localhost` component (secret `feeds-secret`).
    pub fn start() -> Ejabberd {
        let dir = tempfile::Builder::new()
            .prefix("feedpush-ejabberd-")
            .tempdir()
            .expect("temp dir");
        for sub in ["etc", "spool", "logs", "home"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("etc/inetrc"), "").unwrap();
        let mut e = Ejabberd {
            dir,
            child: None,
            c2s_port: free_port(),
            component_port: free_port(),
            component: ("feeds.localhost".into(), "feeds-secret".into()),
        };
        e.write_config();
        e.spawn();
        e
    }

    fn write_config(&self) {
        let d = self.dir.path();
        // A node name of its own (the port is unique to this test process) and its
        // distribution port: no epmd, no clash with another ejabberd.
        let dist = free_port();
        std::fs::write(
            d.join("etc/ejabberdctl.cfg"),
            format!(
                "ERLANG_NODE=fp{port}@localhost\nERL_DIST_PORT={dist}\n\
                 INET_DIST_INTERFACE=127.0.0.1\nEXEC_CMD=as_current_user\n\
                 EJABBERD_BYPASS_WARNINGS=true\n",
                port = self.c2s_port
            ),
        )
        .unwrap();
        std::fs::write(
            d.join("etc/ejabberd.yml"),
            format!(
                r#"hosts: [{DOMAIN}]
loglevel: info
acme: {{auto: false}}
auth_method: internal
auth_password_format: plain
s2s_access: none
listen:
  - port: {c2s}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: false
  - port: {comp}
    ip: "127.0.0.1"
    module: ejabberd_service
    hosts:
      "{domain}":
        password: "{secret}"
modules:
  mod_disco: {{}}
  mod_roster: {{}}
  mod_ping: {{}}
  mod_caps: {{}}
  mod_offline: {{}}
"#,
                c2s = self.c2s_port,
                comp = self.component_port,
                domain = self.component.0,
                secret = self.component.1,
            ),
        )
        .unwrap();
    }

    /// `ejabberdctl` with this instance's directories.
    fn ctl(&self) -> Command {
        let d = self.dir.path();
        let mut c = Command::new(ejabberdctl());
        c.env("HOME", d.join("home"))
            .arg("--config-dir")
            .arg(d.join("etc"))
            .arg("--config")
            .arg(d.join("etc/ejabberd.yml"))
            .arg("--ctl-config")
            .arg(d.join("etc/ejabberdctl.cfg"))
            .arg("--spool")
            .arg(d.join("spool"))
            .arg("--logs")
            .arg(d.join("logs"));
        c
    }

    fn spawn(&mut self) {
        let out = std::fs::File::create(self.dir.path().join("logs/console.log")).unwrap();
        let child = self
            .ctl()
            .arg("foreground")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            // A group of its own: the script, the Erlang VM and its helpers stop together.
            .process_group(0)
            .spawn()
            .expect("spawn ejabberdctl");
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            // The ports are reserved for this process: listening means ejabberd listens.
            if !listening_inodes(self.c2s_port).is_empty()
                && !listening_inodes(self.component_port).is_empty()
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "ejabberd exited with {status} before listening; log:\n{}",
                    self.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "ejabberd did not listen within {START_TIMEOUT:?}; log:\n{}",
                self.log()
            );
            // Its sockets are the readiness signal; bounded by the deadline.
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The component listener's address.
    pub fn component_addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.component_port))
    }

    /// The c2s listener's address.
    pub fn c2s_addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.c2s_port))
    }

    /// ejabberd's logs so far (its console, then ejabberd.log and error.log).
    pub fn log(&self) -> String {
        ["console.log", "ejabberd.log", "error.log"]
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(self.dir.path().join("logs").join(f))
                    .unwrap_or_default();
                format!("---- {f} ----\n{text}")
            })
            .collect()
    }

    /// Create a user on the test domain.
    pub fn register(&self, user: &str, password: &str) {
        let out = self
            .ctl()
            .args(["register", user, DOMAIN, password])
            .output()
            .expect("run ejabberdctl");
        assert!(
            out.status.success(),
            "ejabberdctl register {user} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stop the server (SIGTERM to its group, then SIGKILL after a bound).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while child.try_wait().ok().flatten().is_none() {
                if Instant::now() > deadline {
                    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            // The VM may outlive the script by a moment: the group is killed in any case.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &group])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Drop for Ejabberd {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("---- ejabberd log ----\n{}", self.log());
        }
    }
}
