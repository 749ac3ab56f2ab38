//! A throwaway PostgreSQL server for tests (the library's contract suite includes this file as
//! `store::postgres::testdb`; the integration tests' harness uses it as `harness::pgserver`):
//! `initdb` into a temporary directory, the server listening only on a Unix socket in that
//! directory (no port to collide with), `fsync` on.
//! PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user that
//! Debian's package creates. One server per test process, started by the first test that
//! asks; it stops, and its directory goes, when the process ends (a shell that owns it waits
//! for its standard input to close). Each test gets a database of its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The file in a test's directory that names its database (so that a child process of the
/// test, given the directory, opens the same one).
pub(crate) const URL_FILE: &str = "postgres-url";
/// How long the server may take to start.
const START_WAIT: Duration = Duration::from_secs(60);

/// A running server (the shared one, or a test's own: [`PgServer`]).
struct Server {
    /// Where its socket, data and log are.
    socket_dir: PathBuf,
    /// Its server programs.
    bin: PathBuf,
    /// Whether it runs as the `postgres` user.
    root: bool,
    /// More of the server's settings (`-c name=value …`).
    settings: String,
    /// Its port (which names its socket too).
    port: u16,
    /// The shell that owns it; its stdin, held open while the server is to run.
    owner: Mutex<Option<Child>>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
/// Databases made so far in this process.
static MADE: Mutex<u32> = Mutex::new(0);

/// The directory of PostgreSQL's server programs (`initdb`, `postgres`): Debian's newest.
fn bin_dir() -> Result<PathBuf, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| {
            format!(
                "PostgreSQL is not installed (/usr/lib/postgresql: {e}): the tests need a real \
                 server (run scripts/test, which installs it, or apt-get install -y postgresql)"
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("postgres").exists() && b.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found
        .pop()
        .ok_or_else(|| "no PostgreSQL server under /usr/lib/postgresql".to_owned())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `program args…`, as the `postgres` user when this process is root.
fn as_server_user(program: &Path, root: bool) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn start() -> Result<Server, String> {
    start_with(5432, |_| Ok(String::new()))
}

/// Start a server; `settings` (given its directory, once made and before the server starts)
/// adds to its command line.
fn start_with(
    port: u16,
    settings: impl FnOnce(&Path) -> Result<String, String>,
) -> Result<Server, String> {
    let bin = bin_dir()?;
    let root = is_root();
    let base = tempfile::Builder::new()
        .prefix("feedpush-pg-")
        .tempdir()
        .map_err(|e| format!("temporary directory: {e}"))?
        .keep();
    if root {
        let ok = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&base)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("chown postgres {}", base.display()));
        }
    }
    let data = base.join("data");
    let out = as_server_user(&bin.join("initdb"), root)
        .args(["-D"])
        .arg(&data)
        .args([
            "-U",
            "feedpush",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let settings = settings(&base)?;
    let server = Server {
        socket_dir: base,
        bin,
        root,
        settings,
        port,
        owner: Mutex::new(None),
    };
    server.launch()?;
    Ok(server)
}

impl Server {
    /// Start the server on its data directory and wait until it answers.
    fn launch(&self) -> Result<(), String> {
        let base = &self.socket_dir;
        // The shell starts the server and waits for a line on its stdin: "pause" stops the
        // server and keeps its files; anything else (stdin closed: this process ended, or the
        // handle was dropped) stops it and removes its directory.
        let script = format!(
            "{postgres} -D {data} -k {base} -c listen_addresses= -c fsync=on \
             -c max_connections=200 -c shared_buffers=32MB -p {port} {settings} >>{base}/log 2>&1 & pid=$!; \
             read cmd; kill -INT $pid; wait $pid; [ \"$cmd\" = pause ] || rm -rf {base}",
            settings = self.settings,
            port = self.port,
            postgres = self.bin.join("postgres").display(),
            data = base.join("data").display(),
            base = base.display(),
        );
        let owner = as_server_user(Path::new("sh"), self.root)
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting postgres: {e}"))?;
        *self.owner.lock().unwrap_or_else(|p| p.into_inner()) = Some(owner);
        let socket = base.join(format!(".s.PGSQL.{}", self.port));
        let deadline = Instant::now() + START_WAIT;
        loop {
            if socket.exists() && admin(base, self.port, "SELECT 1").is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(base.join("log")).unwrap_or_default();
                return Err(format!(
                    "postgres did not start within {START_WAIT:?}: {log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop the server (fast shutdown: connections are cut), keeping its files.
    fn pause(&self) {
        let owner = self.owner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(mut owner) = owner {
            if let Some(mut stdin) = owner.stdin.take() {
                let _ = stdin.write_all(b"pause\n");
            }
            let _ = owner.wait();
        }
    }

    /// A new database on this server, named in `dir` (see [`database_for`]).
    fn database(&self, dir: &Path) -> String {
        let file = dir.join(URL_FILE);
        if let Ok(url) = std::fs::read_to_string(&file) {
            return url;
        }
        let name = {
            let mut n = MADE.lock().unwrap_or_else(|p| p.into_inner());
            *n += 1;
            format!("t{}_{}", std::process::id(), *n)
        };
        admin(
            &self.socket_dir,
            self.port,
            &format!("CREATE DATABASE {name}"),
        )
        .expect("create the test database");
        let url = format!(
            "host={} port={} user=feedpush dbname={name}",
            self.socket_dir.display(),
            self.port
        );
        let mut f = std::fs::File::create(&file).expect("write the database's name");
        f.write_all(url.as_bytes())
            .expect("write the database's name");
        url
    }
}

/// A server of a test's own, to stop and start again (the shared one serves every other
/// test); stopped and removed when dropped.
pub(crate) struct PgServer(Server);

impl PgServer {
    /// Start a new server.
    pub(crate) fn start() -> PgServer {
        match start() {
            Ok(s) => PgServer(s),
            Err(e) => panic!("a test PostgreSQL server: {e}"),
        }
    }

    /// A new server with more settings on its command line (`-c name=value …`), e.g. a
    /// benchmark's `shared_preload_libraries=pg_stat_statements`.
    #[allow(dead_code)] // the benchmarks'
    pub(crate) fn start_with_settings(settings: &str) -> PgServer {
        let settings = settings.to_owned();
        match start_with(5432, move |_| Ok(settings)) {
            Ok(s) => PgServer(s),
            Err(e) => panic!("a test PostgreSQL server: {e}"),
        }
    }

    /// A new server that also listens on 127.0.0.1:`port` with TLS, its certificate (for the
    /// name `localhost` only) signed by a test authority whose certificate is
    /// [`PgServer::authority`].
    pub(crate) fn start_tls(port: u16) -> PgServer {
        let made = start_with(port, |base| {
            let sh = format!(
                "set -e; cd {base}; \
                 openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                   -keyout ca.key -out ca.pem -days 2 -subj /CN=feedpush-test-authority; \
                 openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                   -keyout server.key -out server.csr -subj /CN=localhost; \
                 printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > ext; \
                 openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
                   -out server.pem -days 2 -extfile ext; \
                 chmod 600 server.key",
                base = base.display()
            );
            let out = Command::new("sh")
                .args(["-c", &sh])
                .output()
                .map_err(|e| format!("openssl: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "making the test certificates: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            if is_root() {
                let _ = Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(base)
                    .status();
            }
            Ok(format!(
                "-c listen_addresses=127.0.0.1 -c ssl=on \
                 -c ssl_cert_file={base}/server.pem -c ssl_key_file={base}/server.key",
                base = base.display()
            ))
        });
        match made {
            Ok(s) => PgServer(s),
            Err(e) => panic!("a test PostgreSQL server with TLS: {e}"),
        }
    }

    /// A new server that also listens on 127.0.0.1:`port`, where the role `feedpush` must give
    /// `password` (SCRAM); its Unix socket stays trusted (the harness's own way in).
    #[allow(dead_code)]
    pub(crate) fn start_with_password(port: u16, password: &str) -> PgServer {
        let made = start_with(port, |base| {
            let hba = base.join("hba.conf");
            std::fs::write(
                &hba,
                "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
            )
            .map_err(|e| format!("{}: {e}", hba.display()))?;
            if is_root() {
                let _ = Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&hba)
                    .status();
            }
            Ok(format!(
                "-c listen_addresses=127.0.0.1 -c hba_file={}",
                hba.display()
            ))
        });
        let server = match made {
            Ok(s) => PgServer(s),
            Err(e) => panic!("a test PostgreSQL server with a password: {e}"),
        };
        admin(
            &server.0.socket_dir,
            server.0.port,
            &format!("ALTER ROLE feedpush PASSWORD '{password}'"),
        )
        .expect("set the role's password");
        server
    }

    /// Its data directory (`postmaster.pid` names the server's process; the store benchmark
    /// counts its processes' CPU).
    #[allow(dead_code)]
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.0.socket_dir.join("data")
    }

    /// The server's log (each checkpoint is named there, as PostgreSQL 15 logs them).
    #[allow(dead_code)] // the benchmarks'
    pub(crate) fn log(&self) -> PathBuf {
        self.0.socket_dir.join("log")
    }

    /// The test authority's certificate (PEM) of a [`PgServer::start_tls`] server.
    pub(crate) fn authority(&self) -> PathBuf {
        self.0.socket_dir.join("ca.pem")
    }

    /// A database of its own for `dir` (named in `dir`: the daemon's harness, asked for a
    /// PostgreSQL store in `dir`, uses it).
    pub(crate) fn database(&self, dir: &Path) -> String {
        self.0.database(dir)
    }

    /// Stop the server (connections are cut at once), keeping its data.
    pub(crate) fn stop(&self) {
        self.0.pause();
    }

    /// Start it again after [`PgServer::stop`]; returns once it answers.
    pub(crate) fn resume(&self) {
        if let Err(e) = self.0.launch() {
            panic!("the test PostgreSQL server did not start again: {e}");
        }
    }
}

/// Run one statement as the superuser on the `postgres` database (on a thread of its own, so
/// that async tests may call it too).
fn admin(socket_dir: &Path, port: u16, sql: &str) -> Result<(), String> {
    let url = format!(
        "host={} port={port} user=feedpush dbname=postgres",
        socket_dir.display()
    );
    execute(&url, sql)
}

/// One of PostgreSQL's programs (`pg_dump`, `psql`) of the version the tests run.
#[allow(dead_code)]
pub(crate) fn program(name: &str) -> PathBuf {
    bin_dir().expect("PostgreSQL's programs").join(name)
}

/// Run `sql` on the database `url` names (a test's hand edit; the superuser's statements),
/// on a thread of its own so that async tests may call it too.
pub(crate) fn execute(url: &str, sql: &str) -> Result<(), String> {
    query(url, sql).map(|_| ())
}

/// The rows `sql` answers on the database `url` names, each value as text (NULL as None), on
/// a thread of its own so that async tests may call it too.
pub(crate) fn query(url: &str, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
    let (url, sql) = (url.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .map_err(|e| e.to_string())?;
            let conn = tokio::spawn(conn);
            let r = client
                .simple_query(&sql)
                .await
                .map(|messages| {
                    (messages.iter())
                        .filter_map(|m| match m {
                            tokio_postgres::SimpleQueryMessage::Row(r) => {
                                Some((0..r.len()).map(|i| r.get(i).map(str::to_owned)).collect())
                            }
                            _ => None,
                        })
                        .collect()
                })
                .map_err(|e| e.to_string());
            drop(client);
            let _ = conn.await;
            r
        })
    })
    .join()
    .map_err(|_| "the connection's thread panicked".to_owned())?
}

fn server() -> &'static Server {
    match SERVER.get_or_init(start) {
        Ok(s) => s,
        Err(e) => panic!("the test PostgreSQL server: {e}"),
    }
}

/// The connection string of the database kept for `dir` (a test's own directory) on the
/// shared server: made on first use, named in `dir` for child processes of the test.
pub(crate) fn database_for(dir: &Path) -> String {
    server().database(dir)
}
