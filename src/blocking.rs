//! Running blocking work (store calls, parsing, rendering) off the async worker threads, so a
//! big feed or a slow disk never stalls the XMPP link. A panic in the work is re-raised in the
//! caller, where the task supervisor sees it.
//!
//! The poll side's work (parsing fetched documents and storing what they say) goes through
//! [`run_bulk`], which lets a few jobs run at once: it is CPU work, so more jobs than cores
//! only interleave, and every extra thread that parses keeps its own allocator cache (with
//! 10,000 feeds, dozens of parsing threads held tens of MB of freed memory). The rest
//! (delivery, HTTP requests, store upkeep) is never queued behind it.

/// Run `f` on tokio's blocking pool and wait for it, in the caller's tracing span (what `f`
/// logs carries the poll's or the delivery round's fields).
pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let span = tracing::Span::current();
    match tokio::task::spawn_blocking(move || span.in_scope(f)).await {
        Ok(v) => v,
        Err(e) => match e.try_into_panic() {
            Ok(p) => std::panic::resume_unwind(p),
            Err(e) => panic!("blocking task did not finish: {e}"),
        },
    }
}

/// Poll-side jobs running at once: one per core, and two more for those waiting on the disk.
fn bulk_gate() -> &'static tokio::sync::Semaphore {
    static GATE: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores + 2)
    })
}

/// Like [`run`], for the poll side's parsing and storing: waits for one of a few places first.
pub async fn run_bulk<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    // The semaphore is never closed; were it, the work would run ungated.
    let _place = bulk_gate().acquire().await.ok();
    run(f).await
}
