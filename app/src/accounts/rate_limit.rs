//! Rate limits on login, registration and recovery, per client address and per account.
//!
//! Fixed one-minute-or-longer windows counted in memory: enough for one server. With several
//! servers behind a balancer each counts its own share, which loosens the limit by the number
//! of servers; the account lockout (stored in the database) stays exact.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Login,
    Register,
    Recover,
    /// Each request mails a link to an address the requester chooses.
    EmailChange,
    /// The public certificate check (`/verify/…`): numbers are sequential, so guessing is slowed.
    Verify,
}

impl Action {
    /// (requests, window) allowed per key.
    fn limit(self) -> (u32, Duration) {
        match self {
            Action::Login => (20, Duration::from_secs(60)),
            Action::Register => (10, Duration::from_secs(600)),
            Action::Recover => (5, Duration::from_secs(600)),
            Action::EmailChange => (5, Duration::from_secs(3600)),
            Action::Verify => (60, Duration::from_secs(60)),
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

/// The key a client address is counted under. An IPv6 address counts with its whole /64: one
/// subscriber usually holds all of it, so counting single addresses would let them rotate
/// through 2^64 of them.
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address: the peer's, unless the peer is one of the `trusted` reverse proxies,
/// in which case the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
/// Anyone else's `X-Forwarded-For` is ignored, since a client can write anything there.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded_for
        .unwrap_or_default()
        .split(',')
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
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

    #[test]
    fn ipv6_addresses_of_one_slash_64_share_a_key() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(other));
        let limiter = RateLimiter::default();
        for _ in 0..5 {
            assert!(limiter.check(Action::Recover, &client_key(a)).is_ok());
        }
        assert!(
            limiter.check(Action::Recover, &client_key(b)).is_err(),
            "a neighbour in the same /64 shares the count"
        );
        assert_eq!(client_key("10.1.2.3".parse().unwrap()), "10.1.2.3");
        assert_eq!(client_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let spoofed = Some("198.51.100.1");
        assert_eq!(client_address(stranger, spoofed, &[proxy]), stranger);
        assert_eq!(client_address(stranger, spoofed, &[]), stranger);
        assert_eq!(
            client_address(proxy, Some("198.51.100.1, 192.0.2.7"), &[proxy]),
            "192.0.2.7".parse::<IpAddr>().unwrap(),
            "the hop the trusted proxy saw, not what the client wrote before it"
        );
        assert_eq!(client_address(proxy, None, &[proxy]), proxy);
    }
}
