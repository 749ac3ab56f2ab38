//! The `feedpush` command line: argument parsing, tracing set-up and exit codes only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use feedpush::app::DaemonError;
use feedpush::cli::admin::{Admin, Instance};
use feedpush::cli::{daemon, local, CliError};

/// Exit code for a configuration the daemon refuses.
const EXIT_CONFIG: u8 = 2;
/// Exit code for any other fatal error (store, network set-up).
const EXIT_FATAL: u8 = 1;

#[derive(Parser)]
#[command(
    name = "feedpush",
    version,
    about = "Fetch feeds once, centrally, and push new entries as XMPP pubsub events"
)]
struct Cli {
    /// Log lines as text (default; journald's own format when started by systemd) or as JSON
    /// objects, one per line, for log shippers
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a configuration file and print a one-line summary
    CheckConfig {
        /// The feeds.toml to check
        #[arg(required_unless_present = "config", conflicts_with = "config")]
        file: Option<PathBuf>,
        /// The feeds.toml to check (the same as giving it without --config)
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Also connect to the store's database as `run` would (exit 2 when it cannot be
        /// reached or refuses the role, the password or the database's name)
        #[arg(long)]
        connect: bool,
    },
    /// Run the daemon: the XMPP component, the poller and the pubsub service
    Run {
        /// The feeds.toml to use
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Fetch feeds and store new entries without XMPP (one round with --once)
    Poll {
        /// Fetch every feed once, print one line per feed, and exit
        #[arg(long)]
        once: bool,
        /// The feeds.toml to use
        #[arg(long, short)]
        config: PathBuf,
        /// Print JSON lines: one per newly stored entry, then one per feed
        #[arg(long)]
        json: bool,
    },
    /// Print the man page (roff), generated from these definitions
    #[command(hide = true)]
    Man,
    /// Work on a stopped instance's store
    Store {
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Several instances on one PostgreSQL database ([cluster])
    Cluster {
        #[command(subcommand)]
        command: ClusterCommand,
    },
    /// HTTP API tokens
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// List, add, remove or refresh the feeds of a running instance (admin API)
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// List the subscribers of a node of a running instance (admin API)
    Subscribers {
        /// The node id
        node: String,
        /// Print the admin API's JSON instead of a table
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Export or import a running instance's feeds as OPML (admin API)
    Opml {
        #[command(subcommand)]
        command: OpmlCommand,
        #[command(flatten)]
        remote: RemoteArgs,
    },
}

/// Where the running instance is, and the admin token (one with nodes = ["*"]).
#[derive(clap::Args)]
struct RemoteArgs {
    /// The feeds.toml whose [http] listen names the instance
    #[arg(long, short, global = true, default_value = "/etc/feedpush/feeds.toml")]
    config: PathBuf,
    /// The instance's HTTP address instead (e.g. http://127.0.0.1:8080)
    #[arg(long, global = true, value_name = "URL")]
    api: Option<String>,
    /// A file holding the admin token (else FEEDPUSH_TOKEN)
    #[arg(long, global = true)]
    token_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum FeedsCommand {
    /// Every feed and node: health, last fetch status, subscribers, items, origin, URL
    List {
        /// Print the admin API's JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Add a feed by URL (fetched soon; kept until removed)
    Add {
        /// The feed's URL
        url: String,
        /// Its node id (made from the URL when absent)
        #[arg(long)]
        node: Option<String>,
        /// A title to show instead of the feed's own
        #[arg(long)]
        title: Option<String>,
    },
    /// Remove a feed added at run time; its subscribers are told the node is deleted
    Remove {
        /// The node id
        node: String,
    },
    /// Fetch a feed now (as soon as the politeness limits allow)
    Refresh {
        /// The node id
        node: String,
    },
}

#[derive(Subcommand)]
enum OpmlCommand {
    /// Write every fetched feed as OPML 2.0 to FILE (standard output when absent or -)
    Export {
        /// Where to write
        file: Option<PathBuf>,
    },
    /// Add every feed FILE lists (at most 500; feeds already fetched are kept as they are)
    Import {
        /// The OPML file
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum ClusterCommand {
    /// The instances on the database: where each runs, since when, when last seen, the leases
    /// it holds, whether it holds the link
    Status {
        /// The feeds.toml naming the database
        #[arg(long, short)]
        config: PathBuf,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum StoreCommand {
    /// Read and decode every record; exit 1 if any does not decode
    Verify {
        /// The feeds.toml naming the store
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Copy the store into DIR (new or empty); restore by pointing [storage] path at it
    Backup {
        /// Where the copy goes
        dir: PathBuf,
        /// The feeds.toml naming the store
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Copy a stopped instance's store into a new, empty one (the embedded one to PostgreSQL
    /// or back), then compare both table by table
    Copy {
        /// The store to copy: sled:DIR, postgres:URL or postgres-file:FILE (holding the URL)
        #[arg(long)]
        from: String,
        /// Where to: sled:DIR, postgres:URL or postgres-file:FILE; must be empty
        #[arg(long)]
        to: String,
    },
    /// Print the PostgreSQL backend's schema (the SQL of every migration, oldest first)
    Schema,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a fresh random token once, and the feeds.toml lines that accept it
    New {
        /// Its name (shown in logs and metrics, never the token)
        #[arg(long)]
        name: String,
        /// Nodes it may publish to ("*" for every node)
        #[arg(long, value_delimiter = ',', required = true)]
        nodes: Vec<String>,
    },
}

/// The daemon allocates many small, short-lived values (XML trees, stanzas); mimalloc is
/// markedly cheaper than glibc malloc for that (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option that decides how soon freed memory goes back to the system.
const PURGE_DELAY: &str = "MIMALLOC_PURGE_DELAY";

/// mimalloc keeps freed pages for 10 ms by default, and a thread that goes idle keeps them
/// until it allocates again: with dozens of threads that parse and store (the blocking pool),
/// the scale benchmark held about 50 MB more. mimalloc reads its options from the environment
/// when the process starts, so the daemon runs itself again, once, with that option at 0
/// (returned at once; no CPU cost measured), unless the environment already sets it. The
/// process keeps its PID, arguments and file descriptors; if exec fails, it runs as it is.
fn return_freed_memory_promptly() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(PURGE_DELAY).is_none() {
        let err = run_again(&[(PURGE_DELAY, "0")]);
        tracing::debug!(error = %err, "could not run again with {PURGE_DELAY}=0");
    }
}

/// Replace this process with a fresh run of the same binary and arguments (`env` added): it
/// keeps its PID and file descriptors. Returns only if that failed.
fn run_again(env: &[(&str, &str)]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    let mut args = std::env::args_os();
    let argv0 = args.next().unwrap_or_default();
    // The binary's own path (not /proc/self/exe, which would make the process name
    // "exe" for ps, pgrep and killall).
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return e,
    };
    std::process::Command::new(exe)
        .arg0(argv0)
        .args(args)
        .envs(env.iter().copied())
        .exec()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.log_format);
    let done = match cli.command {
        Command::CheckConfig {
            file,
            config,
            connect,
        } => local::check_config(&file.or(config).unwrap_or_default(), connect),
        Command::Run { config } => {
            return_freed_memory_promptly();
            match daemon::run(&config) {
                Err(CliError::Daemon(DaemonError::StoreReopen)) => {
                    tracing::info!("running again to reopen the store");
                    let err = run_again(&[]);
                    eprintln!("feedpush: cannot run again to reopen the store: {err}");
                    return ExitCode::from(EXIT_FATAL);
                }
                other => other,
            }
        }
        Command::Poll { once, config, json } => match daemon::poll(&config, once, json) {
            Ok(tally) => {
                if tally.failed > 0 {
                    eprintln!(
                        "feedpush: {} of {} feeds failed",
                        tally.failed, tally.polled
                    );
                }
                // Only a round in which every feed failed is a failure.
                if once && tally.polled > 0 && tally.failed == tally.polled {
                    return ExitCode::from(EXIT_FATAL);
                }
                Ok(())
            }
            Err(e) => Err(e),
        },
        Command::Cluster {
            command: ClusterCommand::Status { config, json },
        } => local::cluster_status(&config, json),
        Command::Store {
            command: StoreCommand::Verify { config },
        } => local::store_verify(&config),
        Command::Store {
            command: StoreCommand::Backup { dir, config },
        } => local::store_backup(&config, &dir),
        Command::Store {
            command: StoreCommand::Copy { from, to },
        } => local::store_copy(&from, &to),
        Command::Store {
            command: StoreCommand::Schema,
        } => {
            print!("{}", feedpush::store::postgres::schema_sql());
            Ok(())
        }
        Command::Man => return man(),
        Command::Token {
            command: TokenCommand::New { name, nodes },
        } => local::token_new(&name, &nodes),
        Command::Feeds { command, remote } => remote.admin().and_then(|a| match command {
            FeedsCommand::List { json } => a.feeds_list(json),
            FeedsCommand::Add { url, node, title } => {
                a.feeds_add(&url, node.as_deref(), title.as_deref())
            }
            FeedsCommand::Remove { node } => a.feeds_remove(&node),
            FeedsCommand::Refresh { node } => a.feeds_refresh(&node),
        }),
        Command::Subscribers { node, json, remote } => {
            remote.admin().and_then(|a| a.subscribers(&node, json))
        }
        Command::Opml { command, remote } => remote.admin().and_then(|a| match command {
            OpmlCommand::Export { file } => a.opml_export(file.as_deref()),
            OpmlCommand::Import { file } => a.opml_import(&file),
        }),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Say why a command failed, and exit 2 for a refused configuration or argument, else 1. A
/// configuration error starts with its file's name; the others with the program's.
fn fail(e: CliError) -> ExitCode {
    match &e {
        CliError::Config(_) => eprintln!("{e}"),
        _ => eprintln!("feedpush: {e}"),
    }
    ExitCode::from(if e.is_refused() {
        EXIT_CONFIG
    } else {
        EXIT_FATAL
    })
}

impl RemoteArgs {
    /// The instance these flags name, ready for admin commands.
    fn admin(&self) -> Result<Admin, CliError> {
        Admin::connect(Instance {
            config: &self.config,
            api: self.api.as_deref(),
            token_file: self.token_file.as_deref(),
        })
    }
}

/// `man`: the man page (roff), generated from the argument definitions.
fn man() -> ExitCode {
    use clap::CommandFactory;
    use std::io::Write;
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => {
            let _ = std::io::stdout().write_all(&out);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("feedpush: cannot render the man page: {e}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Logs go to stderr as text, as JSON lines with `--log-format json` (with the spans each line
/// was logged in), or straight to journald (with fields and levels) when systemd connected
/// stderr to the journal (`JOURNAL_STREAM`).
/// The filter is `FEEDPUSH_LOG`, else `RUST_LOG`, else `warn,feedpush=info`.
fn init_tracing(format: LogFormat) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("FEEDPUSH_LOG")
        .or_else(|_| EnvFilter::try_from_env("RUST_LOG"))
        .unwrap_or_else(|_| EnvFilter::new("warn,feedpush=info"));
    let registry = tracing_subscriber::registry().with(filter);
    if format == LogFormat::Json {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    // The spans a line was logged in, with their fields: `span` the innermost
                    // (a `request` with its jid and kind, a `poll` with its node and host, a
                    // `delivery` round with its jobs), `spans` all of them, outermost first.
                    .with_current_span(true)
                    .with_span_list(true)
                    .with_writer(std::io::stderr),
            )
            .init();
        return;
    }
    if stderr_is_journal() {
        if let Ok(journald) = tracing_journald::layer() {
            registry
                .with(journald.with_syslog_identifier("feedpush".into()))
                .init();
            return;
        }
    }
    registry
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_writer(std::io::stderr),
        )
        .init();
}

/// Whether stderr is the journal stream systemd set up (`JOURNAL_STREAM=dev:inode`).
fn stderr_is_journal() -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = stream.to_str().and_then(|s| s.split_once(':')) else {
        return false;
    };
    let Ok(meta) = std::fs::metadata("/proc/self/fd/2") else {
        return false;
    };
    dev.parse() == Ok(meta.dev()) && ino.parse() == Ok(meta.ino())
}
