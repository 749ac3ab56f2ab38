//! Running blocking work (store calls, parsing, rendering) off the async worker threads, so a
//! big feed or a slow disk never stalls the XMPP link. A panic in the work is re-raised in the
//! caller, where the task supervisor sees it.

/// Run `f` on tokio's blocking pool and wait for it.
pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => v,
        Err(e) => match e.try_into_panic() {
            Ok(p) => std::panic::resume_unwind(p),
            Err(e) => panic!("blocking task did not finish: {e}"),
        },
    }
}
