//! Issuing: the number, the PDF, its SHA-256, the record, the history and the e-mail with the
//! PDF attached, all in the caller's transaction.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::text::{self, Facts};
use super::{db, pdf, signing, ManualForm, CERTIFICATE_ADMIN};
use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, Attachment};
use crate::state::AppState;
use crate::tenancy::db::TenantRow;

/// One certificate to issue.
pub struct Issue {
    pub user_id: Uuid,
    pub facts: Facts,
    /// `route:<id>` and the like; `None` for a manual issue, which needs `reason`.
    pub basis: Option<String>,
    pub reason: Option<String>,
    pub rule_version: Option<i32>,
    pub by: Option<Uuid>,
}

/// The public address of a number's verification page.
pub fn verify_url(public_url: &str, number: &str) -> String {
    format!("{}/verify/{number}", public_url.trim_end_matches('/'))
}

/// Issues one certificate in `conn`'s transaction and queues its e-mail; returns the number.
/// The counter row stays locked until the transaction ends, so numbers are consecutive.
pub async fn issue_in(
    conn: &mut PgConnection,
    tenant: &TenantRow,
    state: &AppState,
    issue: Issue,
) -> Result<String, AppError> {
    let context = Arc::new(Context::load(conn, tenant, state).await?);
    let (year, last) = db::next_sequences(conn, tenant.id, &tenant.time_zone, 1).await?;
    let number = text::number(&tenant.card.region_code, year, last);
    let facts = issue.facts.clone();
    let made = tokio::task::spawn_blocking(move || context.make(number, &facts))
        .await
        .map_err(AppError::internal)??;
    let number = made.number.clone();
    record(conn, tenant, &state.public_url, &issue, made).await?;
    Ok(number)
}

/// What every certificate of the region issued in one transaction shares, read once: the
/// template, the logo, the date, the signing key.
pub struct Context {
    template: super::TemplateForm,
    /// The logo, or why it cannot be drawn (then no certificate can be).
    logo: Option<Result<pdf::Logo, String>>,
    issued_on: String,
    key: signing::RegionKey,
    issuer: String,
    region_name: String,
    public_url: String,
    now: chrono::DateTime<chrono::Utc>,
}

/// One certificate drawn, hashed and signed, not yet recorded.
pub struct Made {
    pub number: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub jwt: String,
}

impl Context {
    /// Reads the region's template, logo, today's date in its time zone and its key (made
    /// on the region's first issue).
    pub async fn load(
        conn: &mut PgConnection,
        tenant: &TenantRow,
        state: &AppState,
    ) -> Result<Self, AppError> {
        let template = db::template(conn, tenant.id).await?;
        let logo = db::logo(conn, tenant.id)
            .await?
            .map(|(bytes, kind)| pdf::Logo::parse(bytes, &kind));
        let issued_on: String = sqlx::query_scalar("select to_char(now() at time zone $1, 'DD.MM.YYYY')")
            .bind(&tenant.time_zone)
            .fetch_one(&mut *conn)
            .await?;
        let key = signing::region_key(conn, tenant.id, &state.certificate_master).await?;
        let public_url = state.public_url.trim_end_matches('/').to_string();
        Ok(Context {
            template,
            logo,
            issued_on,
            key,
            issuer: format!("{public_url}/r/{}", tenant.card.slug),
            region_name: tenant.card.name.clone(),
            public_url,
            now: chrono::Utc::now(),
        })
    }

    /// Whether the logo reads and the template fills with `facts`: what can make a drawing
    /// fail, checked before numbers are taken so a batch leaves no gap.
    pub fn check(&self, facts: &Facts) -> Result<(), String> {
        if let Some(Err(message)) = &self.logo {
            return Err(message.clone());
        }
        text::fill(&self.template.body, facts).map(|_| ())
    }

    /// Draws, hashes and signs one certificate: CPU only, for a blocking thread.
    pub fn make(&self, number: String, facts: &Facts) -> Result<Made, AppError> {
        let url = verify_url(&self.public_url, &number);
        let template = &self.template;
        let logo = match &self.logo {
            Some(Err(message)) => return Err(AppError::invalid("logo", message.clone())),
            Some(Ok(logo)) => Some(logo),
            None => None,
        };
        let bytes = pdf::render(&pdf::Sheet {
            number: &number,
            facts,
            title: &template.title,
            body: &template.body,
            signatory_name: &template.signatory_name,
            signatory_position: &template.signatory_position,
            region_name: &self.region_name,
            issued_on: &self.issued_on,
            verify_url: &url,
            logo,
        })
        .map_err(|message| AppError::invalid("body", message))?;
        let sha256 = hex(&Sha256::digest(&bytes));
        let claims = signing::claims(&signing::Claims {
            issuer: &self.issuer,
            region_name: &self.region_name,
            verify_url: &url,
            number: &number,
            title: &template.title,
            full_name: &facts.full_name,
            programme: &facts.programme,
            hours: facts.hours,
            dates: &facts.dates,
            competencies: &facts.competencies,
            pdf_sha256: &sha256,
            issued_at: self.now.timestamp(),
            valid_from: &self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        });
        let jwt = signing::sign(&self.key, &claims).map_err(AppError::internal)?;
        Ok(Made {
            number,
            bytes,
            sha256,
            jwt,
        })
    }
}

/// Records a made certificate with its history and queues its e-mail, in `conn`'s transaction.
pub async fn record(
    conn: &mut PgConnection,
    tenant: &TenantRow,
    public_url: &str,
    issue: &Issue,
    made: Made,
) -> Result<(), AppError> {
    let id: Uuid = sqlx::query_scalar(
        "insert into certificates (tenant_id, number, user_id, full_name, programme, hours, dates, competencies,
                                   basis, reason, rule_version, issued_by, pdf, sha256, jwt)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id",
    )
    .bind(tenant.id)
    .bind(&made.number)
    .bind(issue.user_id)
    .bind(&issue.facts.full_name)
    .bind(&issue.facts.programme)
    .bind(issue.facts.hours)
    .bind(&issue.facts.dates)
    .bind(&issue.facts.competencies)
    .bind(&issue.basis)
    .bind(&issue.reason)
    .bind(issue.rule_version)
    .bind(issue.by)
    .bind(&made.bytes)
    .bind(&made.sha256)
    .bind(&made.jwt)
    .fetch_one(&mut *conn)
    .await?;
    db::event(conn, tenant.id, id, "issued", issue.reason.as_deref(), issue.by).await?;
    mail(
        conn,
        tenant,
        public_url,
        &made.number,
        &issue.facts.programme,
        issue.user_id,
        made.bytes,
    )
    .await
}

/// Queues «Вам выдан сертификат» with the PDF to the holder.
pub async fn mail(
    conn: &mut PgConnection,
    tenant: &TenantRow,
    public_url: &str,
    number: &str,
    programme: &str,
    user_id: Uuid,
    bytes: Vec<u8>,
) -> Result<(), AppError> {
    let (email, full_name): (String, String) =
        sqlx::query_as("select email, full_name from users where id = $1")
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    let message = notifications::templates::certificate_issued(
        &tenant.card.name,
        &full_name,
        number,
        programme,
        &verify_url(public_url, number),
    );
    let attachment = Attachment {
        file_name: format!("{}-{number}.pdf", ru::CERTIFICATE_FILE_PREFIX),
        content_type: "application/pdf".into(),
        content: bytes,
    };
    notifications::enqueue_with_attachment(conn, Some(tenant.id), &email, message, attachment).await?;
    Ok(())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn issue_manual(slug: &str, form: ManualForm) -> Result<String, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let reason = required(&form.reason, "reason", ru::CERTIFICATE_REASON_REQUIRED, 1000)?;
    let programme = required(
        &form.programme,
        "programme",
        ru::CERTIFICATE_PROGRAMME_REQUIRED,
        500,
    )?;
    let hours: i32 = form
        .hours
        .trim()
        .parse()
        .ok()
        .filter(|h| (1..=10_000).contains(h))
        .ok_or_else(|| AppError::invalid("hours", ru::CERTIFICATE_HOURS_INVALID))?;
    let member: Option<(Uuid, String)> = sqlx::query_as(
        "select u.id, u.full_name from users u
         join memberships m on m.user_id = u.id and m.tenant_id = $1 and m.active
         where u.email = lower(btrim($2))",
    )
    .bind(staff.tenant_id())
    .bind(&form.email)
    .fetch_optional(staff.conn())
    .await?;
    let (user_id, full_name) = member.ok_or_else(|| AppError::invalid("email", ru::CERTIFICATE_NO_MEMBER))?;
    let issue = Issue {
        user_id,
        facts: Facts {
            full_name,
            programme,
            hours,
            dates: form.dates.trim().chars().take(200).collect(),
            competencies: form.competencies.trim().chars().take(500).collect(),
        },
        basis: None,
        reason: Some(reason.clone()),
        rule_version: None,
        by: Some(staff.user.user_id),
    };
    let (tenant, state) = (staff.tenant.clone(), staff.state.clone());
    let number = issue_in(&mut staff.tx, &tenant, &state, issue).await?;
    staff
        .audit(
            "certificate_issued",
            serde_json::json!({ "number": number, "manual": true, "reason": reason }),
        )
        .await?;
    staff.mail_queued();
    staff.commit().await?;
    Ok(number)
}

/// A trimmed required text field of at most `max` characters.
pub fn required(value: &str, field: &str, message: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, message));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, ru::certificate_too_long(max)));
    }
    Ok(value.to_string())
}
