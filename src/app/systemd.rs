//! Telling systemd how the daemon is doing (`sd_notify`, through the sd-notify crate, its only
//! user): `READY=1` once the store is open and the HTTP listener bound (not waiting for the XMPP
//! server, which may be down at boot), `STATUS=` lines with the link state and counts,
//! `WATCHDOG=1` at half the watchdog interval while the request loop answers, `STOPPING=1` on
//! shutdown, `EXTEND_TIMEOUT_USEC=` while the start waits for a database. Outside systemd (`NOTIFY_SOCKET` unset) every call does nothing.

use std::time::Duration;

use sd_notify::NotifyState;
use tracing::debug;

/// The notification socket, if systemd gave one.
#[derive(Debug, Clone, Copy)]
pub struct Notifier {
    enabled: bool,
}

impl Notifier {
    /// From the environment (`NOTIFY_SOCKET`).
    pub fn from_env() -> Notifier {
        Notifier {
            enabled: std::env::var_os("NOTIFY_SOCKET").is_some(),
        }
    }

    fn send(&self, state: &[NotifyState<'_>]) {
        if !self.enabled {
            return;
        }
        if let Err(e) = sd_notify::notify(state) {
            debug!(error = %e, "cannot notify systemd");
        }
    }

    /// `READY=1` with a status line.
    pub fn ready(&self, status: &str) {
        self.send(&[NotifyState::Ready, NotifyState::Status(status)]);
    }

    /// Still starting (not READY), because of `why`: a `STATUS=` line, and the start timeout
    /// extended by `longer` so systemd waits rather than kills the start.
    pub fn waiting(&self, why: &str, longer: Duration) {
        let usec = u32::try_from(longer.as_micros()).unwrap_or(u32::MAX);
        self.send(&[
            NotifyState::Status(why),
            NotifyState::ExtendTimeoutUsec(usec),
        ]);
    }

    /// `READY=1` alone (after a reload: the status line stays).
    pub fn ready_only(&self) {
        self.send(&[NotifyState::Ready]);
    }

    /// A `STATUS=` line.
    pub fn status(&self, status: &str) {
        self.send(&[NotifyState::Status(status)]);
    }

    /// `WATCHDOG=1`: everything supervised is alive.
    pub fn watchdog(&self) {
        self.send(&[NotifyState::Watchdog]);
    }

    /// `RELOADING=1` with `MONOTONIC_USEC` (systemd 253's reload protocol).
    pub fn reloading(&self) {
        match NotifyState::monotonic_usec_now() {
            Ok(now) => self.send(&[NotifyState::Reloading, now]),
            Err(_) => self.send(&[NotifyState::Reloading]),
        }
    }

    /// `STOPPING=1`.
    pub fn stopping(&self) {
        self.send(&[NotifyState::Stopping, NotifyState::Status("stopping")]);
    }

    /// Half the watchdog interval systemd asks for (`WATCHDOG_USEC`), if it asks.
    pub fn watchdog_every(&self) -> Option<Duration> {
        if !self.enabled {
            return None;
        }
        sd_notify::watchdog_enabled().map(|d| d / 2)
    }
}
