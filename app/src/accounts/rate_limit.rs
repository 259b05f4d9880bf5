//! Rate limits on login, registration and recovery, per client address and per account.
//!
//! Fixed one-minute-or-longer windows counted in memory: enough for one server. With several
//! servers behind a balancer each counts its own share, which loosens the limit by the number
//! of servers; the account lockout (stored in the database) stays exact.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Login,
    Register,
    Recover,
}

impl Action {
    /// (requests, window) allowed per key.
    fn limit(self) -> (u32, Duration) {
        match self {
            Action::Login => (20, Duration::from_secs(60)),
            Action::Register => (10, Duration::from_secs(600)),
            Action::Recover => (5, Duration::from_secs(600)),
        }
    }
}

pub struct RateLimiter {
    enabled: bool,
    windows: Mutex<HashMap<(Action, String), (Instant, u32)>>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(true)
    }
}

impl RateLimiter {
    /// `enabled: false` only for load tests, which would otherwise measure the limiter.
    pub fn new(enabled: bool) -> Self {
        RateLimiter {
            enabled,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `action` for `key`; `Err(seconds)` until the window resets when
    /// the limit is exceeded.
    pub fn check(&self, action: Action, key: &str) -> Result<(), u64> {
        if !self.enabled {
            return Ok(());
        }
        let (limit, window) = action.limit();
        let now = Instant::now();
        let mut windows = self
            .windows
            .lock()
            .expect("the rate-limit lock is never poisoned");
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows.entry((action, key.to_string())).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > limit {
            Err(window
                .saturating_sub(now.duration_since(entry.0))
                .as_secs()
                .max(1))
        } else {
            Ok(())
        }
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimiter")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_action_and_key() {
        let limiter = RateLimiter::default();
        for _ in 0..5 {
            assert!(limiter.check(Action::Recover, "10.0.0.1").is_ok());
        }
        let wait = limiter.check(Action::Recover, "10.0.0.1").unwrap_err();
        assert!((1..=600).contains(&wait));
        assert!(
            limiter.check(Action::Recover, "10.0.0.2").is_ok(),
            "another address has its own count"
        );
        assert!(
            limiter.check(Action::Login, "10.0.0.1").is_ok(),
            "another action has its own count"
        );
    }
}
