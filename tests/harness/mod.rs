//! Helpers shared by the integration tests: a real Prosody ([`prosody`]), an HTTP server serving
//! feed files that tests change between polls ([`feedserver`]), a c2s client ([`client`]), and a
//! throwaway PostgreSQL ([`pgserver`]) for the runs with `FEEDPUSH_TEST_BACKEND=postgres`.

#![allow(dead_code)]

pub mod client;
pub mod daemon;
pub mod ejabberd;
pub mod feedserver;
pub mod nsshim;
pub mod pgserver;
pub mod prosody;
pub mod relay;
pub mod tap;

use std::time::Duration;

/// Upper bound for any single awaited event in a test (never a sleep).
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(20);

/// Install a tracing subscriber once so `FEEDPUSH_LOG=debug cargo test` shows what happened.
pub fn init_tracing() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("FEEDPUSH_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    });
}
