//! Validation of the platform's forms; every refusal names its field in Russian.

use std::collections::BTreeMap;

use sqlx::PgConnection;

use crate::{error::AppError, i18n::ru};

/// The create form as typed.
pub struct NewRegion {
    pub slug: String,
    pub name: String,
    pub region_code: String,
    pub time_zone: String,
    pub status_labels: String,
    pub template: String,
}

/// Slugs that would read like the site's own pages.
const RESERVED_SLUGS: [&str; 6] = ["admin", "api", "pkg", "verify", "confirm", "reset"];

/// The same rule as the `tenants.slug` check, said in Russian before the database says it.
pub fn slug_of(text: &str) -> Result<String, AppError> {
    let slug = text.trim().to_string();
    let mut chars = slug.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !(first_ok && rest_ok && (2..=63).contains(&slug.len())) {
        return Err(AppError::invalid("slug", ru::ERROR_SLUG_FORMAT));
    }
    if RESERVED_SLUGS.contains(&slug.as_str()) {
        return Err(AppError::invalid("slug", ru::ERROR_SLUG_RESERVED));
    }
    Ok(slug)
}

pub fn name_of(text: &str) -> Result<String, AppError> {
    let name = text.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", ru::ERROR_REGION_NAME));
    }
    Ok(name)
}

/// Two digits: the codes of the subjects of the Federation.
pub fn region_code_of(text: &str) -> Result<String, AppError> {
    let code = text.trim().to_string();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(AppError::invalid("region_code", ru::ERROR_REGION_CODE_FORMAT))
    }
}

/// A zone PostgreSQL knows by its IANA name: the database converts every local time with it.
pub async fn time_zone_of(conn: &mut PgConnection, text: &str) -> Result<String, AppError> {
    let zone = text.trim().to_string();
    let known: bool = sqlx::query_scalar(
        "select $1 <> '' and $1 like '%/%' and exists (select 1 from pg_timezone_names where name = $1)",
    )
    .bind(&zone)
    .fetch_one(conn)
    .await?;
    if known {
        Ok(zone)
    } else {
        Err(AppError::invalid("time_zone", ru::ERROR_TIME_ZONE))
    }
}

/// `code = label` lines; an empty text takes the template's labels.
pub fn status_labels_of(text: &str, template: &str) -> Result<BTreeMap<String, String>, AppError> {
    let mut labels = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || AppError::invalid("status_labels", ru::error_status_label_line(index + 1));
        let (code, label) = line.split_once('=').ok_or_else(bad)?;
        let (code, label) = (code.trim(), label.trim());
        let code_ok = !code.is_empty()
            && code.len() <= 40
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok || label.is_empty() || label.chars().count() > 100 {
            return Err(bad());
        }
        labels.insert(code.to_string(), label.to_string());
    }
    if labels.is_empty() {
        labels = ru::template_status_labels(template)
            .iter()
            .map(|(code, label)| (code.to_string(), label.to_string()))
            .collect();
    }
    Ok(labels)
}

/// The labels as the form shows them again.
pub fn status_labels_text(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(code, label)| format!("{code} = {label}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn template_of(text: &str) -> Result<String, AppError> {
    ru::PLATFORM_TEMPLATES
        .iter()
        .find(|(code, _)| *code == text)
        .map(|(code, _)| code.to_string())
        .ok_or_else(|| AppError::invalid("template", ru::ERROR_TEMPLATE))
}

/// The same address rule as registration: trimmed, lower case, `name@domain.tld`.
pub fn email_of(text: &str) -> Result<String, AppError> {
    let email = text.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid("email", ru::ERROR_EMAIL_FORMAT))
    }
}

pub fn full_name_of(text: &str) -> Result<String, AppError> {
    let name = text.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "full_name",
            ru::error_too_long(ru::FIELD_FULL_NAME, 200),
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_tenants_rule() {
        assert_eq!(slug_of(" tomsk ").unwrap(), "tomsk");
        assert!(slug_of("tomsk-70").is_ok());
        for bad in ["", "t", "Tomsk", "-tomsk", "томск", "tomsk_70", "admin"] {
            assert!(
                matches!(slug_of(bad), Err(AppError::Invalid { field, .. }) if field == "slug"),
                "{bad}"
            );
        }
    }

    #[test]
    fn region_codes_are_two_digits() {
        assert_eq!(region_code_of("70").unwrap(), "70");
        for bad in ["7", "700", "7a", ""] {
            assert!(region_code_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_labels_parse_lines_or_take_the_templates() {
        let labels = status_labels_of("low_results = ШНОР\n\nsocial=ШНСУ", "none").unwrap();
        assert_eq!(labels.len(), 2);
        assert_eq!(labels["social"], "ШНСУ");
        assert_eq!(status_labels_of("", "khabarovsk").unwrap()["low_results"], "ШНРО");
        let error = status_labels_of("low_results ШНОР", "none").unwrap_err();
        assert!(error.to_string().contains("строка 1"));
        assert!(status_labels_of("Low = x", "none").is_err());
    }
}
