//! The administrator's settings (template, rule), the queue of eligible people and bulk issue.

use uuid::Uuid;

use super::evidence::{self, Candidate};
use super::issue::required;
use super::{db, text, CertificateSettings, Eligible, RuleForm, TemplateForm, CERTIFICATE_ADMIN};
use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn get_certificate_settings(slug: &str) -> Result<CertificateSettings, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let tenant_id = staff.tenant_id();
    let template = db::template(staff.conn(), tenant_id).await?;
    let rule = db::rule(staff.conn(), tenant_id).await?;
    let logo = db::logo(staff.conn(), tenant_id).await?.map(|(_, kind)| kind);
    let courses: Vec<(Uuid, String)> =
        sqlx::query_as("select id, title from courses where tenant_id = $1 order by title")
            .bind(tenant_id)
            .fetch_all(staff.conn())
            .await?;
    staff.commit().await?;
    Ok(CertificateSettings {
        template,
        rule: RuleForm {
            kind: rule.kind,
            min_hours: rule.min_hours.map(|h| h.to_string()).unwrap_or_default(),
            course_id: rule.course_id.map(|id| id.to_string()).unwrap_or_default(),
        },
        rule_version: rule.version,
        logo,
        courses: courses
            .into_iter()
            .map(|(id, title)| (id.to_string(), title))
            .collect(),
    })
}

pub async fn save_certificate_template(slug: &str, form: TemplateForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let title = required(&form.title, "title", ru::CERTIFICATE_TITLE_REQUIRED, 200)?;
    let body = required(&form.body, "body", ru::CERTIFICATE_BODY_REQUIRED, 4000)?;
    text::check(&body).map_err(|message| AppError::invalid("body", message))?;
    let name = required(
        &form.signatory_name,
        "signatory_name",
        ru::CERTIFICATE_SIGNATORY_REQUIRED,
        200,
    )?;
    let position = required(
        &form.signatory_position,
        "signatory_position",
        ru::CERTIFICATE_POSITION_REQUIRED,
        200,
    )?;
    sqlx::query(
        "insert into certificate_templates (tenant_id, title, body, signatory_name, signatory_position, updated_by)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id) do update set title = $2, body = $3, signatory_name = $4,
             signatory_position = $5, updated_by = $6, updated_at = now()",
    )
    .bind(staff.tenant_id())
    .bind(&title)
    .bind(&body)
    .bind(&name)
    .bind(&position)
    .bind(staff.user.user_id)
    .execute(staff.conn())
    .await?;
    staff
        .audit(
            "certificate_template_saved",
            serde_json::json!({ "title": title }),
        )
        .await?;
    staff.commit().await
}

pub async fn save_certificate_rule(slug: &str, form: RuleForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let tenant_id = staff.tenant_id();
    let (min_hours, course_id) = match form.kind.as_str() {
        "hours" => {
            let hours = form
                .min_hours
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|h| (1..=10_000).contains(h));
            (
                Some(hours.ok_or_else(|| AppError::invalid("min_hours", ru::CERTIFICATE_HOURS_INVALID))?),
                None,
            )
        }
        "course" => {
            let id = Uuid::parse_str(form.course_id.trim()).ok();
            let known: Option<Uuid> =
                sqlx::query_scalar("select id from courses where tenant_id = $1 and id = $2")
                    .bind(tenant_id)
                    .bind(id)
                    .fetch_optional(staff.conn())
                    .await?;
            (
                None,
                Some(known.ok_or_else(|| AppError::invalid("course_id", ru::CERTIFICATE_COURSE_REQUIRED))?),
            )
        }
        "route" | "manual" => (None, None),
        _ => return Err(AppError::invalid("kind", ru::CERTIFICATE_RULE_KIND_INVALID)),
    };
    let version: i32 = sqlx::query_scalar(
        "insert into certificate_rules (tenant_id, version, kind, min_hours, course_id, created_by)
         values ($1, coalesce((select max(version) from certificate_rules where tenant_id = $1), 0) + 1, $2, $3, $4, $5)
         returning version",
    )
    .bind(tenant_id)
    .bind(&form.kind)
    .bind(min_hours)
    .bind(course_id)
    .bind(staff.user.user_id)
    .fetch_one(staff.conn())
    .await?;
    staff
        .audit(
            "certificate_rule_saved",
            serde_json::json!({ "version": version, "kind": form.kind, "min_hours": min_hours, "course_id": course_id }),
        )
        .await?;
    staff.commit().await
}

pub async fn get_eligible(slug: &str) -> Result<Vec<Eligible>, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let tenant_id = staff.tenant_id();
    let rule = db::rule(staff.conn(), tenant_id).await?;
    let rows = if rule.kind == "manual" {
        Vec::new()
    } else {
        evidence::eligible(staff.conn(), tenant_id, &rule, None).await?
    };
    staff.commit().await?;
    Ok(rows
        .into_iter()
        .map(|Candidate { row, growth }| Eligible {
            user_id: row.user_id.to_string(),
            full_name: row.full_name,
            school: row.school,
            programme: row.programme,
            hours: row.hours,
            dates: row.dates,
            growth,
        })
        .collect())
}

/// Records a job with one row per person; the job worker ([`super::jobs`]) issues them.
pub async fn issue_eligible(slug: &str, users: Vec<String>) -> Result<String, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    if users.is_empty() || users.len() > 20_000 {
        return Err(AppError::invalid("users", ru::CERTIFICATE_CHOOSE_PEOPLE));
    }
    let ids: Vec<Uuid> = users.iter().map(|id| parse_id(id)).collect::<Result<_, _>>()?;
    let job: Uuid = sqlx::query_scalar(
        "insert into certificate_jobs (tenant_id, created_by) values ($1, $2) returning id",
    )
    .bind(staff.tenant_id())
    .bind(staff.user.user_id)
    .fetch_one(staff.conn())
    .await?;
    let added = sqlx::query(
        "insert into certificate_job_items (tenant_id, job_id, user_id)
         select $1, $2, m.user_id from memberships m where m.tenant_id = $1 and m.user_id = any($3)
         on conflict do nothing",
    )
    .bind(staff.tenant_id())
    .bind(job)
    .bind(&ids)
    .execute(staff.conn())
    .await?
    .rows_affected();
    if added == 0 {
        return Err(AppError::NotFound);
    }
    staff
        .audit(
            "certificate_bulk_issue",
            serde_json::json!({ "job": job, "people": added }),
        )
        .await?;
    staff.commit().await?;
    Ok(job.to_string())
}
