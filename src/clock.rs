//! The time source: Unix milliseconds for what is stored (due times, seen ids, items).
//! One place, so that tests and later a controllable clock can stand in for the wall clock.

/// Current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
