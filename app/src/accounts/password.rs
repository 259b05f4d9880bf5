//! Password policy and hashing: argon2id at the OWASP parameters (19 MiB, 2 passes, 1 lane),
//! with hashes upgraded at login when the parameters change.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

/// Common passwords (Russian and international), one per line, refused at registration.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

pub const MIN_LENGTH: usize = 8;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    Common,
}

/// Checks the policy: at least eight characters, not on the list of common passwords.
pub fn check_strength(password: &str) -> Result<(), Weakness> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.lines().any(|common| common.trim() == lowered) {
        return Err(Weakness::Common);
    }
    Ok(())
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing of a password cannot fail with valid parameters")
        .to_string()
}

/// Whether `password` matches `stored`; `Some(new_hash)` when the stored hash used older
/// parameters and should be replaced.
pub fn verify(password: &str, stored: &str) -> (bool, Option<String>) {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return (false, None);
    };
    if Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return (false, None);
    }
    let current = hasher();
    let wanted = current.params();
    let outdated = parsed.algorithm != argon2::ARGON2ID_IDENT
        || Params::try_from(&parsed).map_or(true, |p| {
            (p.m_cost(), p.t_cost(), p.p_cost()) != (wanted.m_cost(), wanted.t_cost(), wanted.p_cost())
        });
    (true, outdated.then(|| hash(password)))
}

/// Spends the same time as a real verification, so a login for an unknown address cannot be
/// told apart by its duration.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("dummy password for timing"));
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_or_common_password_is_refused() {
        assert_eq!(check_strength("1234567"), Err(Weakness::TooShort));
        assert_eq!(check_strength("password"), Err(Weakness::Common));
        assert_eq!(check_strength("ЙЦУКЕНГШ"), Err(Weakness::Common));
        assert_eq!(check_strength("Тайга-у-Амура-2026"), Ok(()));
    }

    #[test]
    fn a_hash_verifies_only_its_password() {
        let stored = hash("Тайга-у-Амура-2026");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(verify("Тайга-у-Амура-2026", &stored), (true, None));
        assert!(!verify("тайга-у-амура-2026", &stored).0);
    }

    #[test]
    fn a_hash_with_weaker_parameters_is_upgraded_at_login() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password("Тайга-у-Амура-2026".as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        let (ok, upgraded) = verify("Тайга-у-Амура-2026", &weak);
        assert!(ok);
        assert!(upgraded.unwrap().contains("m=19456,t=2,p=1"));
    }
}
