//! Reading the course form: every field checked, with a Russian message naming it.

use super::db::NewCourse;
use super::CourseForm;
use crate::diagnostics::Framework;
use crate::error::AppError;
use crate::i18n::ru;

fn text(value: &str, field: &str, max: usize, required: Option<&str>) -> Result<String, AppError> {
    let value = value.trim();
    if let Some(message) = required.filter(|_| value.is_empty()) {
        return Err(AppError::invalid(field, message));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, ru::COURSE_TOO_LONG));
    }
    Ok(value.to_string())
}

fn optional(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|v| !v.is_empty())
}

/// An ISO date (`2026-12-01`), or none for an empty field.
pub fn date(value: &str, field: &str) -> Result<Option<String>, AppError> {
    let Some(value) = optional(value) else {
        return Ok(None);
    };
    chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d")
        .map(|d| Some(d.format("%Y-%m-%d").to_string()))
        .map_err(|_| AppError::invalid(field, ru::COURSE_BAD_DATE))
}

/// «MET-2: 1; PSY-3: 0.3» (also with commas between pairs and a decimal comma) against the
/// region's framework.
fn competencies(value: &str, framework: Option<&Framework>) -> Result<Vec<(String, f64)>, AppError> {
    let field = "form[competencies]";
    let mut links: Vec<(String, f64)> = Vec::new();
    for pair in value.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let (code, weight) = pair.split_once(':').unwrap_or((pair, "1"));
        let code = code.trim().to_string();
        if framework.is_some_and(|f| f.competency(&code).is_none()) || code.is_empty() {
            return Err(AppError::invalid(field, ru::course_unknown_competency(&code)));
        }
        let weight: f64 = weight
            .trim()
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|w: &f64| *w > 0.0 && *w <= 1.0)
            .ok_or_else(|| AppError::invalid(field, ru::course_bad_weight(&code)))?;
        links.retain(|(c, _)| *c != code);
        links.push((code, weight));
    }
    if links.is_empty() {
        return Err(AppError::invalid(field, ru::COURSE_NO_COMPETENCIES));
    }
    Ok(links)
}

/// Position codes separated by commas, each once.
fn audience(value: &str) -> Result<Vec<String>, AppError> {
    let mut audience = Vec::new();
    for position in value
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if !ru::POSITIONS.iter().any(|(code, _)| *code == position) {
            let message = format!("{}{position}", ru::COURSE_UNKNOWN_POSITION);
            return Err(AppError::invalid("form[audience]", message));
        }
        if !audience.iter().any(|p| p == position) {
            audience.push(position.to_string());
        }
    }
    Ok(audience)
}

fn capacity(value: &str) -> Result<Option<i32>, AppError> {
    optional(value)
        .map(|c| {
            c.parse()
                .ok()
                .filter(|c: &i32| *c >= 0)
                .ok_or_else(|| AppError::invalid("form[capacity]", ru::COURSE_BAD_CAPACITY))
        })
        .transpose()
}

pub fn parse(form: &CourseForm, framework: Option<&Framework>) -> Result<NewCourse, AppError> {
    let code = form.code.trim().to_string();
    let code_ok = !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
    if !code_ok {
        return Err(AppError::invalid("form[code]", ru::COURSE_BAD_CODE));
    }
    let kind = form.kind.trim().to_string();
    if !ru::COURSE_KINDS.iter().any(|(k, _)| *k == kind) {
        return Err(AppError::invalid("form[kind]", ru::COURSE_BAD_KIND));
    }
    let subject = optional(&form.subject);
    if (kind == "subject") != subject.is_some() {
        return Err(AppError::invalid("form[subject]", ru::COURSE_SUBJECT_REQUIRED));
    }
    let format = form.format.trim().to_string();
    if !ru::COURSE_FORMATS.contains(&format.as_str()) {
        return Err(AppError::invalid("form[format]", ru::COURSE_BAD_FORMAT));
    }
    let hours = form
        .hours
        .trim()
        .parse()
        .ok()
        .filter(|h| (1..=2000).contains(h))
        .ok_or_else(|| AppError::invalid("form[hours]", ru::COURSE_BAD_HOURS))?;
    let capacity = capacity(&form.capacity)?;
    let (starts_on, ends_on) = (
        date(&form.starts_on, "form[starts_on]")?,
        date(&form.ends_on, "form[ends_on]")?,
    );
    if let (Some(start), Some(end)) = (&starts_on, &ends_on) {
        if end < start {
            return Err(AppError::invalid("form[ends_on]", ru::COURSE_BAD_WINDOW));
        }
    }
    let audience = audience(&form.audience)?;
    let link = optional(&form.link);
    if link
        .as_deref()
        .is_some_and(|l| !(l.starts_with("https://") || l.starts_with("http://")) || l.len() > 500)
    {
        return Err(AppError::invalid("form[link]", ru::COURSE_BAD_LINK));
    }
    Ok(NewCourse {
        code,
        title: text(&form.title, "form[title]", 300, Some(ru::COURSE_REQUIRED_TITLE))?,
        provider: text(
            &form.provider,
            "form[provider]",
            300,
            Some(ru::COURSE_REQUIRED_PROVIDER),
        )?,
        description: text(&form.description, "form[description]", 2000, None)?,
        kind,
        subject,
        format,
        hours,
        starts_on,
        ends_on,
        capacity,
        audience,
        competencies: competencies(&form.competencies, framework)?,
        link,
        on_platform: form.on_platform.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CourseForm {
        CourseForm {
            code: "K-100".into(),
            title: "Формирующее оценивание".into(),
            provider: "ИРО".into(),
            kind: "soft".into(),
            format: "дистанционно".into(),
            hours: "36".into(),
            audience: "teacher, director".into(),
            competencies: "MET-2: 1; PSY-3: 0,3".into(),
            ..CourseForm::default()
        }
    }

    #[test]
    fn a_course_form_is_read_and_checked() {
        let framework = crate::diagnostics::templates::framework();
        let course = parse(&form(), Some(&framework)).unwrap();
        assert_eq!(
            course.competencies,
            [("MET-2".to_string(), 1.0), ("PSY-3".to_string(), 0.3)]
        );
        assert_eq!(course.audience, ["teacher", "director"]);
        let bad = |change: fn(&mut CourseForm), field: &str| {
            let mut f = form();
            change(&mut f);
            match parse(&f, Some(&framework)) {
                Err(AppError::Invalid { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        };
        bad(|f| f.competencies = "XXX-1: 1".into(), "form[competencies]");
        bad(|f| f.competencies = "MET-1: 1.5".into(), "form[competencies]");
        bad(|f| f.kind = "subject".into(), "form[subject]");
        bad(|f| f.format = "заочно".into(), "form[format]");
        bad(|f| f.hours = "0".into(), "form[hours]");
        bad(|f| f.audience = "janitor".into(), "form[audience]");
        bad(
            |f| {
                f.starts_on = "2026-12-10".into();
                f.ends_on = "2026-12-01".into();
            },
            "form[ends_on]",
        );
        bad(|f| f.link = "javascript:alert(1)".into(), "form[link]");
    }
}
