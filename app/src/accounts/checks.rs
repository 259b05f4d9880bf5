//! Checks of what people type into the account forms, and the limits on how often they may.

use uuid::Uuid;

use super::{password, rate_limit::Action};
use crate::{access::Role, error::AppError, i18n::ru, state::AppState};

/// Longest password accepted: argon2 hashes any length, but a megabyte "password" would only
/// cost the server time.
const MAX_PASSWORD_CHARS: usize = 256;
const MAX_FULL_NAME_CHARS: usize = 200;
const MAX_SUBJECTS_CHARS: usize = 1000;

/// Counts the request against the limits of its client address and, when given, its account.
pub fn limit(state: &AppState, action: Action, account: Option<&str>) -> Result<(), AppError> {
    let ip = crate::state::client_ip().map_or_else(|| "unknown".to_string(), super::rate_limit::client_key);
    state
        .limits
        .check(action, &ip)
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    if let Some(account) = account {
        state
            .limits
            .check(action, &format!("account:{}", account.trim().to_lowercase()))
            .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    }
    Ok(())
}

pub fn normalise_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid("email", ru::ERROR_EMAIL_FORMAT))
    }
}

pub fn check_password(password_text: &str) -> Result<(), AppError> {
    if password_text.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            ru::error_too_long(ru::FIELD_PASSWORD_LABEL, MAX_PASSWORD_CHARS),
        ));
    }
    password::check_strength(password_text).map_err(|weakness| match weakness {
        password::Weakness::TooShort => AppError::invalid("password", ru::ERROR_PASSWORD_TOO_SHORT),
        password::Weakness::Common => AppError::invalid("password", ru::ERROR_PASSWORD_COMMON),
    })
}

/// Hashes on a blocking thread: argon2 takes tens of milliseconds on purpose.
pub async fn hash_password(password_text: &str) -> Result<String, AppError> {
    let password_text = password_text.to_string();
    tokio::task::spawn_blocking(move || password::hash(&password_text))
        .await
        .map_err(AppError::internal)
}

/// A full name with its spaces tidied; at least three letters, at most 200.
pub fn full_name_of(text: &str) -> Result<String, AppError> {
    let full_name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if full_name.chars().count() < 3 {
        return Err(AppError::invalid("full_name", ru::ERROR_FULL_NAME));
    }
    if full_name.chars().count() > MAX_FULL_NAME_CHARS {
        return Err(AppError::invalid(
            "full_name",
            ru::error_too_long(ru::FIELD_FULL_NAME, MAX_FULL_NAME_CHARS),
        ));
    }
    Ok(full_name)
}

/// Years of experience from a form field; empty means not given.
pub fn experience_of(text: &str) -> Result<Option<i32>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i32>()
            .ok()
            .filter(|y| (0..=70).contains(y))
            .map(Some)
            .ok_or_else(|| AppError::invalid("experience_years", ru::ERROR_EXPERIENCE)),
    }
}

/// Subjects from a comma- or semicolon-separated field of at most 1000 characters.
pub fn subjects_of(text: &str) -> Result<Vec<String>, AppError> {
    if text.chars().count() > MAX_SUBJECTS_CHARS {
        return Err(AppError::invalid(
            "subjects",
            ru::error_too_long(ru::FIELD_SUBJECTS, MAX_SUBJECTS_CHARS),
        ));
    }
    Ok(text
        .split([',', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect())
}

pub fn parse_uuid(field: &str, value: &str, message: &str) -> Result<Uuid, AppError> {
    value.parse().map_err(|_| AppError::invalid(field, message))
}

/// A role named in a form.
pub fn role_of(code: &str) -> Result<Role, AppError> {
    Role::from_code(code).ok_or_else(|| AppError::invalid("role", ru::ERROR_CHOOSE_ROLE))
}

/// Whether `password_text` is the stored password of the signed-in person; `field` names the
/// input a wrong password is reported on.
pub async fn confirm_password(stored: String, password_text: &str, field: &str) -> Result<(), AppError> {
    let password_text = password_text.to_string();
    let (valid, _) = tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(AppError::internal)?;
    if valid {
        return Ok(());
    }
    let message = if field == "current_password" {
        ru::ERROR_CURRENT_PASSWORD_WRONG
    } else {
        ru::ERROR_PASSWORD_WRONG
    };
    Err(AppError::invalid(field, message))
}
