//! The `feedpush` binary's command line: exit codes and messages as operators see them.

use std::process::Command;

fn feedpush() -> Command {
    Command::new(env!("CARGO_BIN_EXE_feedpush"))
}

#[test]
fn check_config_accepts_the_shipped_example() {
    let out = feedpush()
        .args([
            "check-config",
            concat!(env!("CARGO_MANIFEST_DIR"), "/feeds.toml"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("feeds.localhost"), "{stdout}");
}

#[test]
fn check_config_exits_2_with_file_line_col_for_each_bad_case() {
    let dir = tempfile::tempdir().unwrap();
    let base = "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"x\"\n[[feeds]]\nnode = \"a\"\nurl = \"https://example.org/a\"\n";
    let cases: &[(&str, String, &str)] = &[
        ("unknown key", format!("{base}colour = \"red\"\n"), ":8:1: "),
        (
            "bad url",
            base.replace("https://example.org/a", "nope"),
            ":7:7: ",
        ),
        (
            "bad duration",
            format!("{base}interval = \"often\"\n"),
            ":8:12: ",
        ),
        ("bad cron", format!("{base}schedule = \"* *\"\n"), ":8:12: "),
        (
            "duplicate node",
            format!("{base}[[feeds]]\nnode = \"a\"\nurl = \"https://example.org/b\"\n"),
            ":9:8: ",
        ),
        (
            "missing secret",
            base.replace("secret = \"x\"\n", ""),
            ":1:1: ",
        ),
        (
            "secret_file unreadable",
            base.replace("secret = \"x\"", "secret_file = \"does-not-exist\""),
            ":4:15: ",
        ),
    ];
    for (name, text, place) in cases {
        let file = dir.path().join("feeds.toml");
        std::fs::write(&file, text).unwrap();
        let out = feedpush().arg("check-config").arg(&file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        let expected = format!("{}{place}", file.display());
        assert!(
            stderr.starts_with(&expected),
            "{name}: {stderr:?} should start with {expected:?}"
        );
    }
}

#[test]
fn help_and_version_work() {
    let out = feedpush().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    let out = feedpush().arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("check-config"));
}

/// `token new` prints a fresh token once and the lines that accept it; pasted into a
/// configuration, check-config takes them, and the hash is the token's SHA-256.
#[test]
fn token_new_prints_a_token_and_the_lines_to_paste() {
    use sha2::Digest;
    let run = || {
        let out = feedpush()
            .args([
                "token",
                "new",
                "--name",
                "website",
                "--nodes",
                "releases,news",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b) = (run(), run());
    let token = a.lines().nth(1).unwrap().trim().to_owned();
    assert!(token.len() >= 40, "{a}");
    assert_ne!(token, b.lines().nth(1).unwrap().trim(), "tokens are random");
    let lines: String = a
        .lines()
        .skip_while(|l| !l.starts_with("[[http.tokens]]"))
        .map(|l| format!("{l}\n"))
        .collect();
    let hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    assert!(
        lines.contains(&format!("token_sha256 = \"{hash}\"")),
        "{lines}"
    );
    assert!(
        lines.contains("nodes = [\"releases\", \"news\"]"),
        "{lines}"
    );
    assert!(
        !lines.contains(&token),
        "the token itself stays out of the file"
    );
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!("[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"x\"\n[http]\n{lines}"),
    )
    .unwrap();
    let out = feedpush().arg("check-config").arg(&cfg).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 token(s)"));
    let bad = feedpush()
        .args(["token", "new", "--name", "x", "--nodes", "not a node"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Papercuts an operator met: `--config` everywhere; `poll --once` fails when every feed
/// failed and says how many; a second instance on the same store names the first.
#[test]
fn operator_papercuts() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!(
            "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:1\"\nsecret = \"x\"\n[storage]\npath = \"{}\"\n[fetch]\nallow_private_addresses = true\ntimeout = \"2s\"\nconnect_timeout = \"1s\"\n[[feeds]]\nnode = \"a\"\nurl = \"http://127.0.0.1:1/a.xml\"\n[[feeds]]\nnode = \"b\"\nurl = \"http://127.0.0.1:1/b.xml\"\n",
            dir.path().join("store").display()
        ),
    )
    .unwrap();
    let out = feedpush()
        .args(["check-config", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = feedpush()
        .args(["poll", "--once", "--config"])
        .arg(&cfg)
        .env("FEEDPUSH_LOG", "warn")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("2 of 2 feeds failed"), "{err}");

    // A daemon holds the store (its XMPP server is unreachable; it keeps trying).
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_feedpush"))
        .args(["run", "--config"])
        .arg(&cfg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid_file = dir.path().join("store").join("feedpush.pid");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read_to_string(&pid_file)
        .ok()
        .map(|p| p.trim().to_owned())
        != Some(daemon.id().to_string())
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the daemon never opened its store"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = feedpush()
        .args(["poll", "--once", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let _ = daemon.kill();
    let _ = daemon.wait();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("another feedpush is using the store")
            && err.contains(&format!("(pid {})", daemon.id())),
        "{err}"
    );
    assert_eq!(
        err.matches("another feedpush").count(),
        1,
        "said once: {err}"
    );
}

/// Under systemd the component secret comes as a credential (`LoadCredential=`): the file
/// `$CREDENTIALS_DIRECTORY/NAME`; outside systemd the key says what is missing.
#[test]
fn the_secret_can_come_from_a_systemd_credential() {
    let dir = tempfile::tempdir().unwrap();
    let creds = dir.path().join("creds");
    std::fs::create_dir(&creds).unwrap();
    std::fs::write(creds.join("component-secret"), "from-systemd\n").unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret_credential = \"component-secret\"\n",
    )
    .unwrap();
    let ok = feedpush()
        .arg("check-config")
        .arg(&cfg)
        .env("CREDENTIALS_DIRECTORY", &creds)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Checked by hand, outside the service: accepted, with a warning.
    let by_hand = feedpush()
        .arg("check-config")
        .arg(&cfg)
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .unwrap();
    assert!(by_hand.status.success());
    assert!(String::from_utf8_lossy(&by_hand.stderr).contains("was not read"));
    // Run outside systemd: refused, saying why, at its place.
    let run = feedpush()
        .args(["poll", "--once", "--config"])
        .arg(&cfg)
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(":4:21: ") && err.contains("CREDENTIALS_DIRECTORY"),
        "{err}"
    );
    // A missing credential file names the key that was set.
    let empty = dir.path().join("empty-creds");
    std::fs::create_dir(&empty).unwrap();
    let out = feedpush()
        .arg("check-config")
        .arg(&cfg)
        .env("CREDENTIALS_DIRECTORY", &empty)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("component.secret_credential") && err.contains("cannot read"),
        "{err}"
    );
}

/// `--log-format json`: every log line is a JSON object with a level and fields.
#[test]
fn json_log_lines_parse() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!(
            "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:1\"\nsecret = \"change-me\"\n[storage]\npath = \"{}\"\n[fetch]\nallow_private_addresses = true\ntimeout = \"2s\"\n[[feeds]]\nnode = \"a\"\nurl = \"http://127.0.0.1:1/a.xml\"\n",
            dir.path().join("store").display()
        ),
    )
    .unwrap();
    let out = feedpush()
        .args(["--log-format", "json", "poll", "--once", "--config"])
        .arg(&cfg)
        .env("FEEDPUSH_LOG", "info")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let logs: Vec<serde_json::Value> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(logs.len() >= 2, "{err}");
    assert!(
        logs.iter()
            .all(|l| l["level"].is_string() && l["fields"].is_object()),
        "{err}"
    );
    // The placeholder secret's warning is one of them.
    assert!(
        logs.iter().any(|l| l["level"] == "WARN"
            && l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("placeholder"))),
        "{err}"
    );
}

/// An admin command that cannot start (no `[http]` section to find the instance by, no token,
/// an `--api` that is no http(s) URL, a refused configuration) exits 2 and says why; one that
/// fails while it works (a file it cannot read, an instance that does not answer) exits 1.
#[test]
fn admin_commands_exit_2_when_they_cannot_start_and_1_when_they_fail() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    let base =
        "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"x\"\n";
    std::fs::write(&cfg, base).unwrap();
    let cfg_arg = cfg.to_str().unwrap();
    // A loopback port that nothing listens on any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let run = |args: &[&str], token: Option<&str>| {
        let mut cmd = feedpush();
        cmd.args(args).env_remove("FEEDPUSH_TOKEN");
        if let Some(t) = token {
            cmd.env("FEEDPUSH_TOKEN", t);
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), err)
    };

    let (code, err) = run(&["feeds", "list", "--config", cfg_arg], Some("t"));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("feedpush: ") && err.contains("has no [http] section"),
        "{err}"
    );
    let (code, err) = run(&["feeds", "list", "--api", &closed], None);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("an admin token is needed"), "{err}");
    let (code, err) = run(
        &["subscribers", "news", "--api", "ftp://127.0.0.1/"],
        Some("t"),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is not an http(s) URL"), "{err}");
    std::fs::write(&cfg, format!("{base}colour = 1\n")).unwrap();
    let (code, err) = run(&["opml", "export", "--config", cfg_arg], Some("t"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with(&format!("{cfg_arg}:5:1: ")), "{err}");

    let missing = dir.path().join("missing.opml");
    let (code, err) = run(
        &[
            "opml",
            "import",
            missing.to_str().unwrap(),
            "--api",
            &closed,
        ],
        Some("t"),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(&format!("feedpush: {}: ", missing.display())),
        "{err}"
    );
    let (code, err) = run(&["feeds", "refresh", "news", "--api", &closed], Some("t"));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cannot reach feedpush at"), "{err}");
}

/// `--log-format json` carries the spans: a poll's lines name its feed's node and host in
/// `span` (the innermost) and `spans` (all, outermost first), beside their own fields.
#[test]
fn json_log_lines_carry_the_poll_span() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!(
            "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:1\"\nsecret = \"change-me\"\n[storage]\npath = \"{}\"\n[fetch]\nallow_private_addresses = true\ntimeout = \"2s\"\n[[feeds]]\nnode = \"river\"\nurl = \"http://127.0.0.1:1/river.xml\"\n",
            dir.path().join("store").display()
        ),
    )
    .unwrap();
    let out = feedpush()
        .args(["--log-format", "json", "poll", "--once", "--config"])
        .arg(&cfg)
        .env("FEEDPUSH_LOG", "feedpush=debug")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let logs: Vec<serde_json::Value> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    // The refused connection's line, logged on the blocking pool inside the poll.
    let failed = logs
        .iter()
        .find(|l| l["fields"]["message"] == "fetch failed")
        .unwrap_or_else(|| panic!("no failed fetch logged: {err}"));
    assert_eq!(failed["span"]["name"], "poll", "{failed}");
    assert_eq!(failed["span"]["node"], "river", "{failed}");
    assert_eq!(failed["span"]["host"], "127.0.0.1", "{failed}");
    let spans = failed["spans"].as_array().unwrap();
    assert!(
        spans
            .iter()
            .any(|s| s["name"] == "poll" && s["node"] == "river"),
        "{failed}"
    );
    // A line outside any span (the placeholder secret's warning, at start) has neither.
    let start = logs
        .iter()
        .find(|l| {
            l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("placeholder"))
        })
        .unwrap_or_else(|| panic!("no placeholder warning: {err}"));
    assert!(
        start["span"].is_null() && start["spans"].is_null(),
        "{start}"
    );
}

/// `check-config --connect` reaches the database once, as `run` would: it says which server
/// and which schema it found, and exits 2 when the server cannot be reached or refuses the
/// database's name or the role.
/// `feedpush check-config --connect CFG`: its exit code, stdout and stderr.
fn check_connect(cfg: &std::path::Path) -> (Option<i32>, String, String) {
    let out = feedpush()
        .args(["check-config", "--connect"])
        .arg(cfg)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_config_connect_reaches_the_database_or_exits_2() {
    let pg = crate::harness::pgserver::PgServer::start();
    let dir = tempfile::tempdir().unwrap();
    let url = pg.database(dir.path());
    let cfg = dir.path().join("feeds.toml");
    let write = |url: &str| {
        std::fs::write(
            &cfg,
            format!(
                "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"x\"\n\
                 [storage]\nbackend = \"postgres\"\nurl = \"{url}\"\nconnect_timeout = \"2s\"\n"
            ),
        )
        .unwrap();
    };
    let check = || check_connect(&cfg);

    write(&url);
    let (code, out, err) = check();
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("store: PostgreSQL ") && out.contains("answers; no schema yet"),
        "{out}"
    );

    write(&url.replace("dbname=", "dbname=missing_"));
    let (code, out, err) = check();
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        err.contains("cannot use the database at") && err.contains("does not exist"),
        "{err}"
    );
    // `run` does not wait for what waiting cannot mend: it stops at once, saying why.
    let out = feedpush()
        .arg("run")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("does not exist").count(), 1, "said once: {err}");

    write(&url.replace("user=feedpush", "user=intruder"));
    let (code, _, err) = check();
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("role \"intruder\" does not exist"), "{err}");

    write(&url);
    pg.stop();
    let (code, _, err) = check();
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("error connecting to server"), "{err}");
}

/// A wrong password: `check-config --connect` exits 2 naming the refusal, `run` stops at once
/// saying so (no waiting: a password does not come right by itself); the right one is
/// accepted. Over TCP on 127.0.0.1, where this server asks for the password.
#[test]
fn a_wrong_database_password_is_refused_at_check_and_at_run() {
    let port = crate::harness::prosody::free_port();
    let pg = crate::harness::pgserver::PgServer::start_with_password(port, "right-pw");
    let dir = tempfile::tempdir().unwrap();
    let socket_url = pg.database(dir.path());
    let dbname = socket_url
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("dbname="))
        .unwrap()
        .to_owned();
    let cfg = dir.path().join("feeds.toml");
    let url_file = dir.path().join("database-url");
    std::fs::write(
        &cfg,
        format!(
            "[component]\njid = \"feeds.localhost\"\nserver = \"127.0.0.1:5347\"\nsecret = \"x\"\n\
             [storage]\nbackend = \"postgres\"\nurl_file = \"{}\"\nconnect_timeout = \"2s\"\n",
            url_file.display()
        ),
    )
    .unwrap();
    let url = |pw: &str| {
        format!("host=127.0.0.1 port={port} user=feedpush password={pw} dbname={dbname} sslmode=disable")
    };
    let check = || check_connect(&cfg);

    std::fs::write(&url_file, url("wrong-pw")).unwrap();
    let (code, out, err) = check();
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        err.contains("cannot use the database at")
            && err.contains("password authentication failed for user \"feedpush\""),
        "{err}"
    );
    assert!(
        !err.contains("wrong-pw") && !out.contains("wrong-pw"),
        "the password is shown: {out}{err}"
    );
    let started = std::time::Instant::now();
    let run = feedpush()
        .arg("run")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("password authentication failed") && !err.contains("wrong-pw"),
        "{err}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "run waited for a password to come right: {:?}",
        started.elapsed()
    );

    std::fs::write(&url_file, url("right-pw")).unwrap();
    let (code, out, err) = check();
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("store: PostgreSQL ") && out.contains("answers"),
        "{out}"
    );
}
