//! The registry: search, revocation (kept with its reason and mailed to the holder), re-sending,
//! and the holder's own list.

use super::issue::{mail, required};
use super::{
    db, revoke_category_label, CertificateRow, MyCertificate, MyCertificates, RevokeForm, CERTIFICATE_ADMIN,
};
use crate::access::{Person, Staff};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications;

pub const REVOKE_CATEGORIES: [&str; 5] = ["error", "fraud", "duplicate", "request", "other"];

pub async fn get_certificate_registry(slug: &str, query: &str) -> Result<Vec<CertificateRow>, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let (tenant_id, zone) = (staff.tenant_id(), staff.tenant.time_zone.clone());
    let rows = db::search(staff.conn(), tenant_id, &zone, query).await?;
    staff.commit().await?;
    Ok(rows.into_iter().map(row).collect())
}

pub fn row(c: db::CertificateFull) -> CertificateRow {
    let revoked = c.revoked_on.map(|on| {
        let category = c
            .revoke_category
            .as_deref()
            .map(revoke_category_label)
            .unwrap_or_default();
        format!("{on}: {category}")
    });
    CertificateRow {
        number: c.number,
        full_name: c.full_name,
        school: c.school,
        programme: c.programme,
        hours: c.hours,
        issued_on: c.issued_on,
        revoked,
    }
}

pub async fn revoke_certificate(slug: &str, form: RevokeForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    if !REVOKE_CATEGORIES.contains(&form.category.as_str()) {
        return Err(AppError::invalid(
            "category",
            ru::CERTIFICATE_REVOKE_CATEGORY_REQUIRED,
        ));
    }
    let reason = required(&form.reason, "reason", ru::CERTIFICATE_REASON_REQUIRED, 1000)?;
    let (tenant_id, zone) = (staff.tenant_id(), staff.tenant.time_zone.clone());
    let number = form.number.trim().to_string();
    let certificate = db::by_number(staff.conn(), tenant_id, &zone, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = sqlx::query(
        "update certificates set revoked_at = now(), revoke_category = $3, revoke_reason = $4
         where tenant_id = $1 and id = $2 and revoked_at is null",
    )
    .bind(tenant_id)
    .bind(certificate.id)
    .bind(&form.category)
    .bind(&reason)
    .execute(staff.conn())
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::invalid("number", ru::CERTIFICATE_ALREADY_REVOKED));
    }
    let by = staff.user.user_id;
    let detail = format!("{}: {reason}", form.category);
    db::event(
        staff.conn(),
        tenant_id,
        certificate.id,
        "revoked",
        Some(&detail),
        Some(by),
    )
    .await?;
    let message = notifications::templates::certificate_revoked(
        &staff.tenant.card.name,
        &certificate.full_name,
        &number,
        revoke_category_label(&form.category),
        &reason,
    );
    notifications::send(&mut staff, &certificate.email, message).await?;
    staff
        .audit(
            "certificate_revoked",
            serde_json::json!({ "number": number, "category": form.category, "reason": reason }),
        )
        .await?;
    let verifications = staff.state.verifications.clone();
    staff.commit().await?;
    verifications.forget(&number);
    Ok(())
}

pub async fn resend_certificate(slug: &str, number: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let (tenant, public_url) = (staff.tenant.clone(), staff.state.public_url.clone());
    let certificate = db::by_number(staff.conn(), tenant.id, &tenant.time_zone, number)
        .await?
        .ok_or(AppError::NotFound)?;
    if certificate.revoked_on.is_some() {
        return Err(AppError::invalid("number", ru::CERTIFICATE_ALREADY_REVOKED));
    }
    let (user_id, bytes, _) = db::pdf(staff.conn(), tenant.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    mail(
        &mut staff.tx,
        &tenant,
        &public_url,
        number,
        &certificate.programme,
        user_id,
        bytes,
    )
    .await?;
    let by = staff.user.user_id;
    db::event(staff.conn(), tenant.id, certificate.id, "resent", None, Some(by)).await?;
    staff
        .audit("certificate_resent", serde_json::json!({ "number": number }))
        .await?;
    staff.mail_queued();
    staff.commit().await
}

pub async fn get_my_certificates(slug: &str) -> Result<MyCertificates, AppError> {
    let mut person = Person::require(slug).await?;
    let rows: Vec<(String, String, i32, String, bool)> = sqlx::query_as(
        "select number, programme, hours, to_char(issued_at at time zone $3, 'DD.MM.YYYY'), revoked_at is not null
         from certificates where tenant_id = $1 and user_id = $2 order by issued_at desc",
    )
    .bind(person.tenant_id())
    .bind(person.user.user_id)
    .bind(person.tenant.time_zone.clone())
    .fetch_all(person.conn())
    .await?;
    let admin: bool = sqlx::query_scalar(
        "select exists (select 1 from role_grants where tenant_id = $1 and user_id = $2 and role = $3)",
    )
    .bind(person.tenant_id())
    .bind(person.user.user_id)
    .bind(crate::access::Role::CertificateAdmin.code())
    .fetch_one(person.conn())
    .await?;
    person.commit().await?;
    let items = rows
        .into_iter()
        .map(|(number, programme, hours, issued_on, revoked)| MyCertificate {
            number,
            programme,
            hours,
            issued_on,
            revoked,
        })
        .collect();
    Ok(MyCertificates { items, admin })
}
