//! The `feedpush` command line: argument parsing, tracing set-up and exit codes only.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use feedpush::config::Config;
use feedpush::poll::ingest::PollReport;

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
    match cli.command {
        Command::CheckConfig { file, config } => {
            match Config::check(&file.or(config).unwrap_or_default()) {
                Ok(config) => {
                    for w in &config.warnings {
                        eprintln!("warning: {w}");
                    }
                    println!("{}", config.summary());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_CONFIG)
                }
            }
        }
        Command::Run { config } => {
            return_freed_memory_promptly();
            let config = match Config::load(&config) {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            for w in &config.warnings {
                tracing::warn!("{w}");
            }
            let run = |rt: tokio::runtime::Runtime| {
                let r = rt.block_on(feedpush::app::run_until_signalled(config));
                // A blocking task that never returns (a store call stuck on a failing disk)
                // must not keep the process from exiting.
                rt.shutdown_timeout(RUNTIME_STOP);
                Ok(r?)
            };
            match runtime().and_then(run) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e)
                    if matches!(
                        e.downcast_ref::<feedpush::app::DaemonError>(),
                        Some(feedpush::app::DaemonError::StoreReopen)
                    ) =>
                {
                    tracing::info!("running again to reopen the store");
                    let err = run_again(&[]);
                    eprintln!("feedpush: cannot run again to reopen the store: {err}");
                    ExitCode::from(EXIT_FATAL)
                }
                Err(e) => {
                    eprintln!("feedpush: {e:#}");
                    ExitCode::from(EXIT_FATAL)
                }
            }
        }
        Command::Store { command } => {
            let path = match &command {
                StoreCommand::Verify { config } | StoreCommand::Backup { config, .. } => config,
            };
            let config = match Config::check(path) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            match command {
                StoreCommand::Verify { .. } => match feedpush::app::offline::verify(&config) {
                    Ok(v) => {
                        for (table, n) in &v.tables {
                            println!("{table}: {n} records");
                        }
                        for c in &v.corrupt {
                            println!("corrupt: {c}");
                        }
                        if v.corrupt.is_empty() {
                            println!("store {}: ok", config.storage.path.display());
                            ExitCode::SUCCESS
                        } else {
                            eprintln!("feedpush: {} records do not decode", v.corrupt.len());
                            ExitCode::from(EXIT_FATAL)
                        }
                    }
                    Err(e) => {
                        eprintln!("feedpush: {e}");
                        ExitCode::from(EXIT_FATAL)
                    }
                },
                StoreCommand::Backup { dir, .. } => {
                    match feedpush::app::offline::backup(&config, &dir) {
                        Ok(bytes) => {
                            println!(
                                "store {} copied to {} ({bytes} bytes); to restore, point [storage] path at it",
                                config.storage.path.display(),
                                dir.display()
                            );
                            ExitCode::SUCCESS
                        }
                        Err(e) => {
                            eprintln!("feedpush: {e}");
                            ExitCode::from(EXIT_FATAL)
                        }
                    }
                }
            }
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => {
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(&out);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("feedpush: cannot render the man page: {e}");
                    ExitCode::from(EXIT_FATAL)
                }
            }
        }
        Command::Token {
            command: TokenCommand::New { name, nodes },
        } => {
            if let Some(bad) = nodes
                .iter()
                .find(|n| *n != "*" && !feedpush::config::valid_node_id(n))
            {
                eprintln!("feedpush: {bad:?} is not a node id (1-64 of A-Z a-z 0-9 . _ -)");
                return ExitCode::from(EXIT_CONFIG);
            }
            let (token, hash) = feedpush::http::auth::new_token();
            let list = nodes
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            println!("Token (shown once; give it to the publisher, keep it out of feeds.toml):");
            println!("  {token}");
            println!();
            println!("Add to feeds.toml:");
            println!("[[http.tokens]]");
            println!("name = {name:?}");
            println!("token_sha256 = \"{hash}\"");
            println!("nodes = [{list}]");
            ExitCode::SUCCESS
        }
        Command::Feeds { command, remote } => admin(&remote, |r| async move {
            match command {
                FeedsCommand::List { json } => {
                    let list = r.feeds().await?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&list)?);
                    } else {
                        print!("{}", feedpush::app::admin::feeds_table(&list));
                    }
                }
                FeedsCommand::Add { url, node, title } => {
                    let a = r.add(&url, node.as_deref(), title.as_deref()).await?;
                    match a.outcome.as_str() {
                        "added" => println!("added {url} as node {}; it is fetched soon", a.node),
                        _ => println!("{url} is already fetched, as node {}", a.node),
                    }
                }
                FeedsCommand::Remove { node } => {
                    r.remove(&node).await?;
                    println!("removed {node}; its subscribers were told");
                }
                FeedsCommand::Refresh { node } => {
                    r.refresh(&node).await?;
                    println!("{node} is fetched as soon as the limits allow");
                }
            }
            Ok(())
        }),
        Command::Subscribers { node, json, remote } => admin(&remote, |r| async move {
            let list = r.subscribers(&node).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                print!("{}", feedpush::app::admin::subscribers_table(&list));
            }
            Ok(())
        }),
        Command::Opml { command, remote } => admin(&remote, |r| async move {
            match command {
                OpmlCommand::Export { file } => {
                    let doc = r.export().await?;
                    match file.filter(|f| f.as_os_str() != "-") {
                        Some(f) => feedpush::app::admin::write_file(&f, &doc)?,
                        None => print!("{doc}"),
                    }
                }
                OpmlCommand::Import { file } => {
                    let text = feedpush::app::admin::read_file(&file)?;
                    let done = r.import(text).await?;
                    println!(
                        "{} feeds added, {} already fetched, {} refused",
                        done.added.len(),
                        done.existing.len(),
                        done.refused.len()
                    );
                    for x in &done.refused {
                        println!("refused {}: {}", x.url, x.error);
                    }
                }
            }
            Ok(())
        }),
        Command::Poll { once, config, json } => {
            let config = match Config::load(&config) {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            for w in &config.warnings {
                tracing::warn!("{w}");
            }
            // Feeds polled and failed, for the exit status of --once.
            let tally = std::rc::Rc::new(std::cell::Cell::new((0usize, 0usize)));
            let counted = tally.clone();
            let report = move |r: &[PollReport]| {
                for one in r {
                    if one.status.is_polled() {
                        let (polled, failed) = counted.get();
                        counted.set((polled + 1, failed + usize::from(one.status.is_failure())));
                    }
                }
                print_reports(r, json)
            };
            let poll = |rt: tokio::runtime::Runtime| {
                Ok(rt.block_on(feedpush::app::poll::poll(config, once, report))?)
            };
            match runtime().and_then(poll) {
                Ok(()) => {
                    let (polled, failed) = tally.get();
                    if failed > 0 {
                        eprintln!("feedpush: {failed} of {polled} feeds failed");
                    }
                    if once && polled > 0 && failed == polled {
                        ExitCode::from(EXIT_FATAL)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("feedpush: {e:#}");
                    ExitCode::from(EXIT_FATAL)
                }
            }
        }
    }
}

/// Run an admin command against the instance `args` name: exit 2 for a configuration that
/// cannot be read, 1 for any other failure.
fn admin<F, Fut>(args: &RemoteArgs, command: F) -> ExitCode
where
    F: FnOnce(feedpush::app::admin::Remote) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let config = match &args.api {
        Some(_) => None,
        None => match Config::check(&args.config) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_CONFIG);
            }
        },
    };
    let remote = match feedpush::app::admin::Remote::new(
        config.as_ref(),
        args.api.as_deref(),
        args.token_file.as_deref(),
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("feedpush: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("feedpush: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FATAL);
        }
    };
    match rt.block_on(command(remote)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feedpush: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Threads for store, parsing and name-lookup work at most: few enough that their per-thread
/// allocator caches stay small (with 80 instead of 32, the scale benchmark's resident memory
/// grew by 50 MB). Each job is short, so a queue behind them costs milliseconds.
const BLOCKING_THREADS: usize = 32;

/// How long the runtime's threads get to end after the daemon stopped.
const RUNTIME_STOP: std::time::Duration = std::time::Duration::from_secs(1);

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .context("cannot start the async runtime")
}

fn print_reports(reports: &[PollReport], json: bool) {
    if json {
        for r in reports {
            for item in &r.new {
                let line = serde_json::json!({
                    "node": r.node,
                    "id": item.entry.id,
                    "title": item.entry.title,
                    "link": item.entry.link,
                    "published": item.entry.published,
                    "announce": r.announce,
                });
                println!("{line}");
            }
        }
        for r in reports {
            let mut line = serde_json::json!({ "node": r.node, "status": r.status.to_string(), "health": r.health.as_str() });
            if let Some(e) = &r.error {
                line["error"] = serde_json::Value::from(e.as_str());
            }
            println!("{line}");
        }
    } else {
        for r in reports {
            let next = r
                .next_due
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_else(|| "never".into());
            let err = r
                .error
                .as_deref()
                .map(|e| format!(" error: {e}"))
                .unwrap_or_default();
            println!(
                "{} {} seen={} new={} next={}{}",
                r.node,
                r.status,
                r.entries_seen,
                r.new.len(),
                next,
                err
            );
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
