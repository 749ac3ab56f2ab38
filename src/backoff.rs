//! Backoff after repeated failures, one rule for every retry in feedpush (the component link's
//! reconnects, a failing feed's polls): the wait doubles with each consecutive failure up to a
//! cap, and a random part spreads retries that failed together.

use std::time::Duration;

/// `base` doubled for each failure after the first (`failures` ≥ 1; 0 counts as 1), at most
/// `max`. Saturates instead of overflowing, whatever the count.
pub fn doubling(base: Duration, failures: u32, max: Duration) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
    base.saturating_mul(factor).min(max)
}

/// `d` spread over its upper half by `r` in `0..=1` (0 gives half of `d`, 1 all of it).
pub fn upper_half_jitter(d: Duration, r: f64) -> Duration {
    d.mul_f64(0.5 + 0.5 * r.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_to_the_cap_and_never_overflows() {
        let s = Duration::from_secs(1);
        let cap = Duration::from_secs(60);
        assert_eq!(doubling(s, 0, cap), s);
        assert_eq!(doubling(s, 1, cap), s);
        assert_eq!(doubling(s, 3, cap), s * 4);
        assert_eq!(doubling(s, u32::MAX, cap), cap);
        assert_eq!(doubling(Duration::MAX, 5, Duration::MAX), Duration::MAX);
        assert_eq!(upper_half_jitter(s * 2, 0.0), s);
        assert_eq!(upper_half_jitter(s * 2, 7.0), s * 2);
    }
}
