//! The `feedpush` command line: argument parsing, tracing set-up and exit codes only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use feedpush::config::Config;
use feedpush::ingest::{Ingest, PollReport};
use feedpush::store::Store;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a configuration file and print a one-line summary
    CheckConfig {
        /// The feeds.toml to check
        file: PathBuf,
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
}

/// The daemon allocates many small, short-lived values (XML trees, stanzas); mimalloc is
/// markedly cheaper than glibc malloc for that (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match cli.command {
        Command::CheckConfig { file } => match Config::load(&file) {
            Ok(config) => {
                println!("{}", config.summary());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(EXIT_CONFIG)
            }
        },
        Command::Run { config } => {
            let config = match Config::load(&config) {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            match runtime().and_then(|rt| rt.block_on(run(config))) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("feedpush: {e:#}");
                    ExitCode::from(EXIT_FATAL)
                }
            }
        }
        Command::Poll { once, config, json } => {
            let config = match Config::load(&config) {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            match runtime().and_then(|rt| rt.block_on(poll(config, once, json))) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("feedpush: {e:#}");
                    ExitCode::from(EXIT_FATAL)
                }
            }
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn open_store(path: &Path) -> anyhow::Result<Store> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create the store directory {}", path.display()))?;
    Ok(Store::open(path)?)
}

/// Longest time shutdown may take before the process exits anyway.
const SHUTDOWN_LIMIT: std::time::Duration = std::time::Duration::from_secs(9);

async fn run(config: Arc<Config>) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut term = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let daemon = tokio::spawn(feedpush::daemon::run(config, shutdown.clone()));
    tokio::pin!(daemon);
    tokio::select! {
        r = &mut daemon => return Ok(r??),
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    shutdown.cancel();
    match tokio::time::timeout(SHUTDOWN_LIMIT, daemon).await {
        Ok(r) => Ok(r??),
        Err(_) => anyhow::bail!("shutdown took longer than {SHUTDOWN_LIMIT:?}"),
    }
}

async fn poll(config: Arc<Config>, once: bool, json: bool) -> anyhow::Result<()> {
    let store = open_store(&config.storage.path)?;
    let ingest = Arc::new(Ingest::new(config.clone(), store.clone())?);
    ingest.sync_config_feeds()?;
    if once {
        let nodes = store.feeds()?.into_iter().map(|f| f.node).collect();
        let reports = feedpush::scheduler::poll_once(ingest, nodes).await;
        store.flush()?;
        print_reports(&reports, json);
        return Ok(());
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let (scheduler, _handle) = feedpush::scheduler::Scheduler::new(ingest, tx);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(scheduler.run(shutdown.clone()));
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            Some(r) = rx.recv() => print_reports(std::slice::from_ref(&r), json),
        }
    }
    shutdown.cancel();
    let _ = task.await;
    store.flush()?;
    Ok(())
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
            let mut line = serde_json::json!({ "node": r.node, "status": r.status, "health": r.health.as_str() });
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

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("FEEDPUSH_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,feedpush=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}
