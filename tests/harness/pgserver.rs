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
const URL_FILE: &str = "postgres-url";
/// How long the server may take to start.
const START_WAIT: Duration = Duration::from_secs(60);

/// The running server.
struct Server {
    /// Where its socket is.
    socket_dir: PathBuf,
    /// The shell that owns it; its stdin, held open while this process runs.
    _owner: Mutex<Child>,
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
    // The shell starts the server, waits for its own stdin to close (this process ended),
    // then stops it and removes its directory.
    let script = format!(
        "{postgres} -D {data} -k {base} -c listen_addresses= -c fsync=on \
         -c max_connections=200 -c shared_buffers=32MB >{base}/log 2>&1 & pid=$!; \
         read _; kill -INT $pid; wait $pid; rm -rf {base}",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        base = base.display(),
    );
    let owner = as_server_user(Path::new("sh"), root)
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting postgres: {e}"))?;
    let socket = base.join(".s.PGSQL.5432");
    let deadline = Instant::now() + START_WAIT;
    loop {
        if socket.exists() && admin(&base, "SELECT 1").is_ok() {
            break;
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(base.join("log")).unwrap_or_default();
            return Err(format!(
                "postgres did not start within {START_WAIT:?}: {log}"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(Server {
        socket_dir: base,
        _owner: Mutex::new(owner),
    })
}

/// Run one statement as the superuser on the `postgres` database (on a thread of its own, so
/// that async tests may call it too).
fn admin(socket_dir: &Path, sql: &str) -> Result<(), String> {
    let url = format!(
        "host={} user=feedpush dbname=postgres",
        socket_dir.display()
    );
    let sql = sql.to_owned();
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
            let r = client.batch_execute(&sql).await.map_err(|e| e.to_string());
            drop(client);
            let _ = conn.await;
            r
        })
    })
    .join()
    .map_err(|_| "the admin connection's thread panicked".to_owned())?
}

fn server() -> &'static Server {
    match SERVER.get_or_init(start) {
        Ok(s) => s,
        Err(e) => panic!("the test PostgreSQL server: {e}"),
    }
}

/// The connection string of the database kept for `dir` (a test's own directory): made on
/// first use, named in `dir` for child processes of the test.
pub(crate) fn database_for(dir: &Path) -> String {
    let file = dir.join(URL_FILE);
    if let Ok(url) = std::fs::read_to_string(&file) {
        return url;
    }
    let s = server();
    let name = {
        let mut n = MADE.lock().unwrap_or_else(|p| p.into_inner());
        *n += 1;
        format!("t{}_{}", std::process::id(), *n)
    };
    admin(&s.socket_dir, &format!("CREATE DATABASE {name}")).expect("create the test database");
    let url = format!(
        "host={} user=feedpush dbname={name}",
        s.socket_dir.display()
    );
    let mut f = std::fs::File::create(&file).expect("write the database's name");
    f.write_all(url.as_bytes())
        .expect("write the database's name");
    url
}
