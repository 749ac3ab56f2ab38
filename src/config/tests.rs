//! The configuration's tests: what parses, with which defaults, and where each refusal is placed.

use super::*;

const GOOD: &str = r#"
[component]
jid = "feeds.localhost"
server = "127.0.0.1:5347"
secret = "s3cret"

[storage]
path = "/tmp/feedpush-test"

[[feeds]]
node = "a"
url = "https://example.org/a.xml"
"#;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("feeds.toml"), text)
}

/// Asserts the error is placed at `line:col` and its message contains every `needle`.
fn assert_err(text: &str, line: usize, col: usize, needles: &[&str]) {
    let err = parse(text).expect_err("config should be refused");
    let shown = err.to_string();
    assert_eq!(err.position(), Some((line, col)), "{shown}");
    assert!(
        shown.starts_with(&format!("feeds.toml:{line}:{col}: ")),
        "{shown}"
    );
    for n in needles {
        assert!(shown.contains(n), "{shown:?} lacks {n:?}");
    }
}

#[test]
fn good_config_parses_with_defaults() {
    let c = parse(GOOD).unwrap();
    assert_eq!(c.component.jid.to_string(), "feeds.localhost");
    assert_eq!(c.poll.default_interval, DEFAULT_INTERVAL);
    assert_eq!(c.fetch.max_per_host, 1);
    assert!(!c.fetch.allow_private_addresses);
    assert_eq!(c.feeds.len(), 1);
    assert!(matches!(c.feeds[0].schedule, Schedule::Default));
    assert!(c.summary().contains("1 feed(s)"));
}

#[test]
fn shipped_example_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds.toml");
    let c = Config::load(&path).unwrap();
    assert!(!c.feeds.is_empty());
}

#[test]
fn durations_and_cron() {
    let text = format!(
        "{GOOD}interval = \"90s\"\n[[feeds]]\nnode = \"b\"\nurl = \"http://example.org/b\"\nschedule = \"0 */10 * * * *\"\n[poll]\nmin_interval = \"1s\"\nmax_interval = \"1h\"\n"
    );
    let c = parse(&text).unwrap();
    assert!(matches!(c.feeds[0].schedule, Schedule::Interval(d) if d == Duration::from_secs(90)));
    assert!(matches!(c.feeds[1].schedule, Schedule::Cron(_)));
    assert_eq!(c.poll.min_interval, Duration::from_secs(1));
    assert_eq!(c.poll.max_interval, Duration::from_secs(3600));
}

#[test]
fn unknown_key_is_refused() {
    let text = GOOD.replace("secret = \"s3cret\"", "secret = \"s3cret\"\nsecrit = 1");
    assert_err(&text, 6, 1, &["unknown field", "secrit"]);
}

#[test]
fn bad_url_is_refused() {
    let text = GOOD.replace("https://example.org/a.xml", "not a url");
    assert_err(&text, 12, 7, &["feeds.url", "bad URL"]);
    let text = GOOD.replace("https://example.org/a.xml", "ftp://example.org/a.xml");
    assert_err(&text, 12, 7, &["feeds.url", "scheme"]);
}

#[test]
fn bad_duration_is_refused() {
    let text = format!("{GOOD}interval = \"soon\"\n");
    assert_err(&text, 13, 12, &["feeds.interval", "bad duration"]);
    let text = format!("{GOOD}[fetch]\ntimeout = \"0s\"\n");
    assert_err(&text, 14, 11, &["fetch.timeout", "greater than zero"]);
}

#[test]
fn bad_cron_is_refused() {
    let text = format!("{GOOD}schedule = \"every tuesday\"\n");
    assert_err(&text, 13, 12, &["feeds.schedule", "cron"]);
}

#[test]
fn duplicate_node_is_refused() {
    let text = format!("{GOOD}[[feeds]]\nnode = \"a\"\nurl = \"https://example.org/b.xml\"\n");
    assert_err(&text, 14, 8, &["feeds.node", "duplicate node \"a\""]);
}

#[test]
fn missing_secret_is_refused() {
    let text = GOOD.replace("secret = \"s3cret\"\n", "");
    assert_err(&text, 2, 1, &["component.secret", "missing secret"]);
}

#[test]
fn unreadable_secret_file_is_refused() {
    let text = GOOD.replace(
        "secret = \"s3cret\"",
        "secret_file = \"/nonexistent/feedpush-secret\"",
    );
    assert_err(
        &text,
        5,
        15,
        &[
            "component.secret_file",
            "cannot read /nonexistent/feedpush-secret",
        ],
    );
}

#[test]
fn secret_file_is_read_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret"), "from-file\n").unwrap();
    let text = GOOD.replace("secret = \"s3cret\"", "secret_file = \"secret\"");
    let c = Config::parse(&dir.path().join("feeds.toml"), &text).unwrap();
    assert_eq!(c.component.secret, "from-file");
}

#[test]
fn per_feed_notification_type() {
    let c = parse(&format!("{GOOD}notification_type = \"normal\"\n")).unwrap();
    assert_eq!(c.feeds[0].notification_type, Some(NotificationType::Normal));
    assert_err(
        &format!("{GOOD}notification_type = \"loud\"\n"),
        13,
        21,
        &["feeds.notification_type", "neither"],
    );
}

#[test]
fn wrong_type_names_the_key() {
    let text = format!("{GOOD}[fetch]\nmax_body_bytes = \"big\"\n");
    assert_err(&text, 14, 18, &["max_body_bytes"]);
}

#[test]
fn bad_node_and_jid_are_refused() {
    let text = GOOD.replace("node = \"a\"", "node = \"a b\"");
    assert_err(&text, 11, 8, &["feeds.node", "not a valid node id"]);
    let text = GOOD.replace(
        "jid = \"feeds.localhost\"",
        "jid = \"user@feeds.localhost\"",
    );
    assert_err(&text, 3, 7, &["component.jid", "bare domain"]);
}

#[test]
fn values_that_would_break_a_constructor_are_refused() {
    let text = format!("{GOOD}[fetch]\nmax_concurrent = 9999999999999\n");
    assert_err(&text, 14, 18, &["fetch.max_concurrent", "out of range"]);
    let text = format!("{GOOD}[fetch]\nmax_per_host = 0\n");
    assert_err(&text, 14, 16, &["fetch.max_per_host", "out of range"]);
    let text = format!("{GOOD}[fetch]\nper_host_interval = \"9999999y\"\n");
    assert_err(&text, 14, 21, &["fetch.per_host_interval", "longest"]);
    let text = GOOD.replace(
        "secret = \"s3cret\"",
        "secret = \"s3cret\"\nmax_stanza_bytes = 1000",
    );
    assert_err(
        &text,
        6,
        20,
        &["component.max_stanza_bytes", "out of range"],
    );
    let text = format!("{GOOD}[access]\nmax_requests_per_minute = 0\n");
    assert_err(&text, 14, 27, &["access.max_requests_per_minute"]);
    let text = format!("{GOOD}[access]\nuser_feed_idle = \"never\"\n");
    assert_err(&text, 14, 18, &["access.user_feed_idle", "bad duration"]);
}

#[test]
fn access_keys_parse() {
    let text = format!("{GOOD}[access]\nallow_user_feeds = true\nmax_user_feeds = 7\nuser_feed_idle = \"2d\"\nlist_user_feeds = true\nmax_resources_per_jid = 3\nmax_requests_per_minute = 10\nmax_domain_requests_per_minute = 20\n");
    let a = parse(&text).unwrap().access;
    assert!(a.allow_user_feeds && a.list_user_feeds);
    assert_eq!(a.max_user_feeds, 7);
    assert_eq!(a.user_feed_idle, Duration::from_secs(2 * 24 * 3600));
    assert_eq!(
        (
            a.max_resources_per_jid,
            a.max_requests_per_minute,
            a.max_domain_requests_per_minute
        ),
        (3, 10, 20)
    );
    let c = parse(&format!("{GOOD}[fetch]\nper_host_interval = \"0s\"\n")).unwrap();
    assert_eq!(c.fetch.per_host_interval, Duration::ZERO);
    assert_eq!(
        parse(&format!(
            "{GOOD}[access]\nmax_subscriptions_per_domain = 0\n"
        ))
        .unwrap()
        .access
        .max_subscriptions_per_domain,
        0
    );
    let c = parse(GOOD).unwrap();
    assert_eq!(
        c.access.max_subscriptions_per_domain,
        DEFAULT_MAX_SUBSCRIPTIONS_PER_DOMAIN
    );
    let c = parse(&format!(
        "{GOOD}[http]\nmax_connections = 10\nmax_connections_per_ip = 3\n"
    ))
    .unwrap();
    assert_eq!(
        (c.http.max_connections, c.http.max_connections_per_ip),
        (Some(10), 3)
    );
    let c = parse(GOOD).unwrap();
    assert_eq!(c.component.max_stanza_bytes, DEFAULT_MAX_STANZA_BYTES);
    assert_eq!(c.fetch.per_host_interval, DEFAULT_PER_HOST_INTERVAL);
}

#[test]
fn line_col_counts_characters() {
    assert_eq!(error::line_col("ab\ncdé f", 8), (2, 5));
    assert_eq!(error::line_col("x", 0), (1, 1));
}

#[test]
fn publishing_keys_parse_and_bad_ones_are_placed() {
    let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let text = format!(
        "{GOOD}publishers = [\"ci@example.org\"]\n[[nodes]]\nnode = \"r\"\ntitle = \"R\"\ncallback_url = \"http://127.0.0.1:9/hook\"\ncallback_secret = \"0123456789abcdef\"\n[access]\nadmins = [\"admin@example.org\"]\n[http]\n[[http.tokens]]\nname = \"web\"\ntoken_sha256 = \"{hash}\"\nnodes = [\"*\"]\n"
    );
    let c = parse(&text).unwrap();
    assert_eq!(c.feeds[0].publishers[0].to_string(), "ci@example.org");
    assert_eq!(c.nodes[0].node, "r");
    assert!(c.nodes[0].callback.is_some());
    assert!(c.is_admin(&BareJid::new("admin@example.org").unwrap()));
    assert_eq!(c.http.listen, Some(SocketAddr::from(DEFAULT_HTTP_LISTEN)));
    assert_eq!(c.http.tokens[0].nodes, Scope::All);
    assert!(c.http.tokens[0].nodes.covers("anything"));
    assert!(matches!(c.configured("r"), Some(Configured::Node(_))));
    assert!(!format!("{:?}", c.http.tokens[0]).contains(hash));
    // Without [http], nothing listens.
    assert_eq!(parse(GOOD).unwrap().http.listen, None);

    assert_err(
        &format!("{GOOD}[[nodes]]\nnode = \"a\"\n"),
        14,
        8,
        &["nodes.node", "duplicate"],
    );
    assert_err(
        &format!("{GOOD}[access]\nadmins = [\"example.org\"]\n"),
        14,
        11,
        &["access.admins", "bare JID"],
    );
    assert_err(
        &format!("{GOOD}callback_url = \"http://x.org/h\"\n"),
        13,
        16,
        &["feeds.callback_secret", "missing"],
    );
    assert_err(
        &format!("{GOOD}[http]\n[[http.tokens]]\nname = \"w\"\ntoken_sha256 = \"abc\"\nnodes = [\"a\"]\n"),
        16,
        16,
        &["http.tokens.token_sha256", "64 hex"],
    );
    assert_err(
        &format!(
            "{GOOD}[http]\n[[http.tokens]]\nname = \"w\"\ntoken_sha256 = \"{hash}\"\nnodes = []\n"
        ),
        17,
        9,
        &["http.tokens.nodes", "empty"],
    );
}

#[test]
fn papercuts_of_a_new_operator_are_caught() {
    // connect_timeout longer than the whole fetch; a timeout of days.
    let text = format!("{GOOD}[fetch]\ntimeout = \"5s\"\nconnect_timeout = \"10s\"\n");
    assert_err(
        &text,
        15,
        19,
        &["fetch.connect_timeout", "longer than `fetch.timeout`"],
    );
    let c = parse(&format!("{GOOD}[fetch]\ntimeout = \"5s\"\n")).unwrap();
    assert_eq!(
        c.fetch.connect_timeout,
        Duration::from_secs(5),
        "fits inside when unset"
    );
    let text = format!("{GOOD}[fetch]\ntimeout = \"30d\"\n");
    assert_err(&text, 14, 11, &["fetch.timeout", "most accepted"]);
    let text = GOOD.replace(
        "secret = \"s3cret\"",
        "secret = \"s3cret\"\nkeepalive = \"30d\"",
    );
    assert_err(&text, 6, 13, &["component.keepalive", "most accepted"]);
    // A wrong type names its table.
    let text = format!("{GOOD}[fetch]\nmax_body_bytes = \"big\"\n");
    assert_err(&text, 14, 18, &["key `fetch.max_body_bytes`"]);
    // The cron message has no caret diagram.
    let err = parse(&format!("{GOOD}schedule = \"every tuesday\"\n")).unwrap_err();
    assert_eq!(err.to_string().lines().count(), 1, "{err}");
    // The example's placeholder secret is allowed, with a warning.
    let c = parse(&GOOD.replace("s3cret", "change-me")).unwrap();
    assert!(c.warnings[0].contains("placeholder"), "{:?}", c.warnings);
    assert!(parse(GOOD).unwrap().warnings.is_empty());
}

/// GOOD with its `[storage]` section replaced by `storage`.
fn with_storage(storage: &str) -> String {
    GOOD.replace("[storage]\npath = \"/tmp/feedpush-test\"\n", storage)
}

#[test]
fn storage_backends_parse_with_defaults() {
    let c = parse(GOOD).unwrap();
    assert_eq!(c.storage.backend, StorageBackend::Embedded);
    let c = parse(&with_storage(
        "[storage]\nbackend = \"sled\"\npath = \"/tmp/x\"\n",
    ))
    .unwrap();
    assert_eq!(c.storage.backend, StorageBackend::Embedded);
    let c = parse(&with_storage(
        "[storage]\nbackend = \"postgres\"\nurl = \"postgres://feedpush@db.example/feedpush?sslmode=verify-full\"\n",
    ))
    .unwrap();
    assert_eq!(
        c.storage.backend,
        StorageBackend::Postgres {
            url: "postgres://feedpush@db.example/feedpush?sslmode=verify-full".into(),
            pool_size: DEFAULT_POOL_SIZE,
            connect_timeout: DEFAULT_DB_CONNECT_TIMEOUT,
        }
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let c = parse(&with_storage(
        "[storage]\nbackend = \"postgres\"\nurl = \"host=/run/postgresql dbname=feeds\"\npool_size = 3\nconnect_timeout = \"2s\"\n",
    ))
    .unwrap();
    assert!(matches!(
        c.storage.backend,
        StorageBackend::Postgres { pool_size: 3, connect_timeout, .. } if connect_timeout == Duration::from_secs(2)
    ));
}

#[test]
fn a_password_in_the_database_url_is_warned_of_and_never_shown() {
    let c = parse(&with_storage(
        "[storage]\nbackend = \"postgres\"\nurl = \"postgres://feedpush:changeme@db.example/feedpush?sslmode=verify-full\"\n",
    ))
    .unwrap();
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("url_file"), "{:?}", c.warnings);
    assert!(c.warnings[0].contains("placeholder"), "{:?}", c.warnings);
    assert!(!c.warnings[0].contains("changeme"), "{:?}", c.warnings);
    let shown = format!("{:?}", c.storage);
    assert!(!shown.contains("changeme"), "{shown}");
}

#[test]
fn a_database_over_the_network_whose_certificate_is_not_checked_is_warned_of() {
    for url in [
        "postgres://feedpush@db.example/feedpush",
        "postgres://feedpush@db.example/feedpush?sslmode=require",
        "host=10.1.2.3 dbname=feeds sslmode=prefer",
    ] {
        let c = parse(&with_storage(&format!(
            "[storage]\nbackend = \"postgres\"\nurl = \"{url}\"\n"
        )))
        .unwrap();
        assert_eq!(c.warnings.len(), 1, "{url}: {:?}", c.warnings);
        assert!(
            c.warnings[0].contains("sslmode=verify-full"),
            "{:?}",
            c.warnings
        );
    }
    for url in [
        "postgres://feedpush@localhost/feedpush",
        "host=/run/postgresql dbname=feeds",
        "host=127.0.0.1 dbname=feeds",
        "postgres://feedpush@db.example/feedpush?sslmode=verify-ca",
    ] {
        let c = parse(&with_storage(&format!(
            "[storage]\nbackend = \"postgres\"\nurl = \"{url}\"\n"
        )))
        .unwrap();
        assert!(c.warnings.is_empty(), "{url}: {:?}", c.warnings);
    }
}

#[test]
fn the_database_url_may_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("db-url"),
        "  postgres://feedpush:s3cret@db.example/feedpush?sslmode=verify-full\n",
    )
    .unwrap();
    let text = with_storage("[storage]\nbackend = \"postgres\"\nurl_file = \"db-url\"\n");
    let c = Config::parse(&dir.path().join("feeds.toml"), &text).unwrap();
    match &c.storage.backend {
        StorageBackend::Postgres { url, .. } => {
            assert_eq!(
                url,
                "postgres://feedpush:s3cret@db.example/feedpush?sslmode=verify-full"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(
        c.warnings.is_empty(),
        "a password in a file is where it belongs"
    );
}

#[test]
fn bad_storage_keys_are_placed() {
    // [storage] is on line 7 of GOOD; its keys follow.
    assert_err(
        &with_storage("[storage]\nbackend = \"mysql\"\n"),
        8,
        11,
        &["storage.backend", "mysql", "postgres"],
    );
    assert_err(
        &with_storage(
            "[storage]\nbackend = \"postgres\"\nurl = \"postgres://a@b/c?sslmode=sometimes\"\n",
        ),
        9,
        7,
        &["storage.url", "not a PostgreSQL connection string"],
    );
    assert_err(
        &with_storage("[storage]\nbackend = \"postgres\"\n"),
        8,
        11,
        &["storage.url", "url_file"],
    );
    assert_err(
        &with_storage("[storage]\nurl = \"postgres://a@b/c\"\n"),
        8,
        7,
        &["storage.url", "only for"],
    );
    assert_err(
        &with_storage(
            "[storage]\nbackend = \"postgres\"\nurl = \"postgres://a@b/c\"\npool_size = 0\n",
        ),
        10,
        13,
        &["storage.pool_size"],
    );
}

/// GOOD on PostgreSQL, with `cluster` after its `[storage]`.
fn clustered(cluster: &str) -> String {
    with_storage(&format!(
        "[storage]\nbackend = \"postgres\"\nurl = \"postgres://feedpush@db.example/feedpush?sslmode=verify-full\"\n{cluster}"
    ))
}

#[test]
fn a_cluster_parses_with_defaults_beside_postgres() {
    assert_eq!(parse(&clustered("")).unwrap().cluster, None);
    let c = parse(&clustered("[cluster]\n")).unwrap().cluster.unwrap();
    assert_eq!(c.instance, crate::net::machine_name());
    assert_eq!((c.lease, c.link), (DEFAULT_LEASE, ClusterLink::Leader));
    let c = parse(&clustered(
        "[cluster]\ninstance = \"poller-2\"\nlease = \"30s\"\nlink = \"every\"\n",
    ))
    .unwrap()
    .cluster
    .unwrap();
    assert_eq!(
        (c.instance.as_str(), c.lease, c.link),
        ("poller-2", Duration::from_secs(30), ClusterLink::Every)
    );
}

#[test]
fn a_cluster_is_refused_where_it_cannot_work() {
    // The embedded store belongs to one process.
    assert_err(
        &GOOD.replace("[[feeds]]", "[cluster]\ninstance = \"a\"\n\n[[feeds]]"),
        10,
        1,
        &["`[cluster]` needs `[storage] backend = \"postgres\"`"],
    );
    // [cluster] follows the three lines of [storage], on line 10.
    let line = 10;
    assert_err(
        &clustered("[cluster]\ninstance = \"two words\"\n"),
        line + 1,
        12,
        &["`cluster.instance`", "no spaces"],
    );
    assert_err(
        &clustered("[cluster]\nlease = \"2s\"\n"),
        line + 1,
        9,
        &["`cluster.lease`", "shorter than 5s"],
    );
    assert_err(
        &clustered("[cluster]\nlink = \"all\"\n"),
        line + 1,
        8,
        &["`cluster.link`", "\"every\"", "\"leader\""],
    );
}
