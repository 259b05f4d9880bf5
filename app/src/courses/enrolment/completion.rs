//! The one place every confirmed completion (by an administrator, a workbook or a document) is
//! written: what follows a completion hooks in here.

use serde_json::json;
use uuid::Uuid;

use super::db::{self, Completion};
use crate::access::Ctx;
use crate::error::AppError;
use crate::i18n::ru;

/// How a completion was confirmed (`enrolments.completed_via`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Admin,
    Document,
}

impl Via {
    fn code(self) -> &'static str {
        match self {
            Via::Admin => "admin",
            Via::Document => "document",
        }
    }
}

/// A completion to record: the person, the course, the hours and the date (`YYYY-MM-DD`).
pub struct Record {
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub hours: i32,
    pub completed_on: String,
    pub via: Via,
}

/// Completes the person's enrolment in the course (creating it if needed) and audits it; the
/// enrolment's id. `confirmed_by` is the administrator; nobody confirms their own completion.
pub async fn record(ctx: &mut Ctx, confirmed_by: Uuid, completion: &Record) -> Result<Uuid, AppError> {
    if completion.user_id == confirmed_by {
        return Err(AppError::Forbidden);
    }
    let tenant_id = ctx.tenant_id();
    let row = Completion {
        course_id: completion.course_id,
        user_id: completion.user_id,
        via: completion.via.code(),
        hours: completion.hours,
        completed_on: &completion.completed_on,
        confirmed_by,
    };
    let id = db::complete(&mut ctx.tx, tenant_id, &row).await?;
    let details = json!({
        "enrolment": id, "course": completion.course_id, "user": completion.user_id,
        "via": row.via, "hours": completion.hours, "completed_on": completion.completed_on,
    });
    ctx.audit("course_completed", details).await?;
    after_completion(ctx, completion.user_id).await?;
    Ok(id)
}

/// What follows any completion, whichever way it was confirmed: a route now complete opens the
/// person's re-test and mails them, in the same transaction.
pub async fn after_completion(ctx: &mut Ctx, user_id: Uuid) -> Result<(), AppError> {
    let (tenant_id, public_url) = (ctx.tenant_id(), ctx.state.public_url.clone());
    if crate::diagnostics::retest::on_completion_with(&mut ctx.tx, tenant_id, user_id, &public_url).await? {
        ctx.mail_queued();
    }
    Ok(())
}

/// Hours typed by an administrator: empty means the course's.
pub fn hours(value: &str, course_hours: i32, field: &str) -> Result<i32, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(course_hours);
    }
    value
        .parse::<i32>()
        .ok()
        .filter(|h| (1..=2000).contains(h))
        .ok_or_else(|| AppError::invalid(field, ru::ENROL_BAD_HOURS))
}

/// A completion date typed as `ДД.ММ.ГГГГ` or `ГГГГ-ММ-ДД` (or an Excel day number from a
/// workbook), not after `today`; as `YYYY-MM-DD`.
pub fn date(value: &str, today: &str) -> Option<String> {
    let value = value.trim();
    let parsed = chrono::NaiveDate::parse_from_str(value, "%d.%m.%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d"))
        .ok()
        .or_else(|| excel_day(value))?;
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    let earliest = chrono::NaiveDate::from_ymd_opt(1990, 1, 1)?;
    (parsed <= today && parsed >= earliest).then(|| parsed.format("%Y-%m-%d").to_string())
}

/// A date cell of a workbook arrives as its day number (days since 30.12.1899).
fn excel_day(value: &str) -> Option<chrono::NaiveDate> {
    let days = value
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 1.0 && *d < 100_000.0)?;
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(days.floor() as u64))
}

/// [`date`] for a form field, with its message.
pub fn date_field(value: &str, today: &str, field: &str) -> Result<String, AppError> {
    let value = if value.trim().is_empty() { today } else { value };
    date(value, today).ok_or_else(|| AppError::invalid(field, ru::ENROL_BAD_DATE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_as_typed_or_as_excel_day_numbers_and_never_from_the_future() {
        let today = "2026-11-30";
        assert_eq!(date("15.10.2026", today).as_deref(), Some("2026-10-15"));
        assert_eq!(date("2026-10-15", today).as_deref(), Some("2026-10-15"));
        assert_eq!(date("46310", today).as_deref(), Some("2026-10-15"));
        assert_eq!(date("01.12.2026", today), None, "tomorrow");
        assert_eq!(date("31.02.2026", today), None);
        assert_eq!(date("вчера", today), None);
        assert_eq!(date_field("", today, "d").unwrap(), today);
    }

    #[test]
    fn hours_default_to_the_courses_and_stay_in_bounds() {
        assert_eq!(hours("", 36, "h"), Ok(36));
        assert_eq!(hours(" 18 ", 36, "h"), Ok(18));
        assert!(hours("0", 36, "h").is_err());
        assert!(hours("2001", 36, "h").is_err());
        assert!(hours("1,5", 36, "h").is_err());
    }
}
