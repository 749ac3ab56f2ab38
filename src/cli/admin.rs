//! `feedpush feeds|subscribers|opml`: the admin commands against a running instance, each one
//! request through [`Remote`] on a one-thread runtime, its outcome printed.

use std::future::Future;
use std::path::Path;

use super::remote::{AdminCliError, Remote};
use super::{report, CliError};
use crate::config::Config;

/// Where the running instance is, and its admin token (the commands' shared flags).
#[derive(Debug, Clone, Copy)]
pub struct Instance<'a> {
    /// The feeds.toml whose `[http] listen` names the instance (not read when `api` is given).
    pub config: &'a Path,
    /// The instance's HTTP address instead.
    pub api: Option<&'a str>,
    /// A file holding the admin token (else [`super::remote::TOKEN_ENV`]).
    pub token_file: Option<&'a Path>,
}

/// A running instance, ready for admin commands.
pub struct Admin {
    remote: Remote,
    rt: tokio::runtime::Runtime,
}

impl Admin {
    /// Find the instance and its token: an unreadable configuration, a missing token or a bad
    /// address is a refusal ([`CliError::is_refused`]).
    pub fn connect(instance: Instance<'_>) -> Result<Admin, CliError> {
        let config = match instance.api {
            Some(_) => None,
            None => Some(Config::check(instance.config)?),
        };
        let remote = Remote::new(config.as_ref(), instance.api, instance.token_file)
            .map_err(CliError::Remote)?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(CliError::Runtime)?;
        Ok(Admin { remote, rt })
    }

    /// One request.
    fn call<T>(
        &self,
        request: impl Future<Output = Result<T, AdminCliError>>,
    ) -> Result<T, CliError> {
        self.rt.block_on(request).map_err(CliError::Admin)
    }

    /// `feeds list`: every feed and node as a table, or the API's JSON.
    pub fn feeds_list(&self, json: bool) -> Result<(), CliError> {
        let list = self.call(self.remote.feeds())?;
        if json {
            println!("{}", pretty(&list)?);
        } else {
            print!("{}", report::feeds_table(&list));
        }
        Ok(())
    }

    /// `feeds add URL`: added, or already fetched (as which node).
    pub fn feeds_add(
        &self,
        url: &str,
        node: Option<&str>,
        title: Option<&str>,
    ) -> Result<(), CliError> {
        let a = self.call(self.remote.add(url, node, title))?;
        match a.outcome.as_str() {
            "added" => println!("added {url} as node {}; it is fetched soon", a.node),
            _ => println!("{url} is already fetched, as node {}", a.node),
        }
        Ok(())
    }

    /// `feeds remove NODE`.
    pub fn feeds_remove(&self, node: &str) -> Result<(), CliError> {
        self.call(self.remote.remove(node))?;
        println!("removed {node}; its subscribers were told");
        Ok(())
    }

    /// `feeds refresh NODE`.
    pub fn feeds_refresh(&self, node: &str) -> Result<(), CliError> {
        self.call(self.remote.refresh(node))?;
        println!("{node} is fetched as soon as the limits allow");
        Ok(())
    }

    /// `subscribers NODE`: as a table, or the API's JSON.
    pub fn subscribers(&self, node: &str, json: bool) -> Result<(), CliError> {
        let list = self.call(self.remote.subscribers(node))?;
        if json {
            println!("{}", pretty(&list)?);
        } else {
            print!("{}", report::subscribers_table(&list));
        }
        Ok(())
    }

    /// `opml export [FILE]`: to the file, or to standard output when absent or `-`.
    pub fn opml_export(&self, file: Option<&Path>) -> Result<(), CliError> {
        let doc = self.call(self.remote.export())?;
        match file.filter(|f| f.as_os_str() != "-") {
            Some(f) => write_file(f, &doc).map_err(CliError::Admin)?,
            None => print!("{doc}"),
        }
        Ok(())
    }

    /// `opml import FILE`: what was added, what was already fetched, and each refusal.
    pub fn opml_import(&self, file: &Path) -> Result<(), CliError> {
        let text = read_file(file).map_err(CliError::Admin)?;
        let done = self.call(self.remote.import(text))?;
        println!(
            "{} feeds added, {} already fetched, {} refused",
            done.added.len(),
            done.existing.len(),
            done.refused.len()
        );
        for x in &done.refused {
            println!("refused {}: {}", x.url, x.error);
        }
        Ok(())
    }
}

/// An answer as the API's JSON, indented.
fn pretty(answer: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(answer).map_err(CliError::Json)
}

/// Read a file for `opml import`.
fn read_file(path: &Path) -> Result<Vec<u8>, AdminCliError> {
    std::fs::read(path).map_err(|error| AdminCliError::File {
        path: path.display().to_string(),
        error,
    })
}

/// Write a file for `opml export`.
fn write_file(path: &Path, text: &str) -> Result<(), AdminCliError> {
    std::fs::write(path, text).map_err(|error| AdminCliError::File {
        path: path.display().to_string(),
        error,
    })
}
