//! A relay between a Unix socket of its own and another (a PostgreSQL server's), which a test
//! can cut (every connection closed, new ones closed at once) and restore: one client loses
//! the server while the others keep it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::net::{UnixListener, UnixStream};
use tokio::sync::watch;

/// The relay; stops when dropped.
pub struct Relay {
    /// The socket to connect to instead of the server's.
    pub path: PathBuf,
    cut: Arc<watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    /// Listen on `path` and pass every connection on to `upstream`.
    pub fn start(path: &Path, upstream: &Path) -> Relay {
        let listener = UnixListener::bind(path).expect("bind the relay's socket");
        let (tx, _) = watch::channel(false);
        let cut = Arc::new(tx);
        let upstream = upstream.to_owned();
        let c = cut.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut down, _)) = listener.accept().await {
                if *c.borrow() {
                    continue;
                }
                let Ok(mut up) = UnixStream::connect(&upstream).await else {
                    continue;
                };
                let mut cut = c.subscribe();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut down, &mut up) => {}
                        _ = cut.wait_for(|c| *c) => {}
                    }
                });
            }
        });
        Relay {
            path: path.to_owned(),
            cut,
            task,
        }
    }

    /// Close every connection and every new one, until [`Relay::restore`].
    pub fn cut(&self) {
        self.cut.send_replace(true);
    }

    /// Pass connections on again.
    pub fn restore(&self) {
        self.cut.send_replace(false);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}
