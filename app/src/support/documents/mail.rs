//! The e-mails of the document workflow, through the outbox in the action's transaction: a
//! submission to the case's curator, a return or an approval to the school's directors. Each
//! person may turn each kind off (`support_mail_off`); the deadline mail is in `jobs.rs`.

use std::collections::BTreeMap;

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::Ctx;
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, templates::render, Email};
use crate::support::db::CaseRecord;
use crate::support::scope::reader;

use super::{db, DocState, Slot};

/// The address of a document's page.
pub(super) fn link(public_url: &str, slug: &str, case: Uuid, slot: &str) -> String {
    format!("{public_url}/r/{slug}/support/{case}/documents/{slot}")
}

/// The message of `kind` to `user` with its address, unless they turned the kind off.
#[allow(clippy::too_many_arguments)]
pub(super) async fn compose(
    conn: &mut PgConnection,
    tenant: Uuid,
    region: &str,
    user: Uuid,
    kind: &str,
    subject: &str,
    mut paragraphs: Vec<String>,
    href: &str,
) -> Result<Option<(String, Email)>, sqlx::Error> {
    if !db::mail_on(conn, tenant, user, kind).await? {
        return Ok(None);
    }
    let Some(address) = db::address(conn, tenant, user).await? else {
        return Ok(None);
    };
    paragraphs.push(ru::SDOC_MAIL_SETTINGS.to_string());
    Ok(Some((
        address,
        render(region, subject, &paragraphs, Some((ru::SDOC_MAIL_OPEN, href))),
    )))
}

/// Queues the message in the action's transaction (see [`compose`]).
async fn send(
    ctx: &mut Ctx,
    user: Uuid,
    kind: &str,
    subject: &str,
    paragraphs: Vec<String>,
    href: &str,
) -> Result<(), AppError> {
    let (tenant, region) = (ctx.tenant_id(), ctx.tenant.card.name.clone());
    if let Some((address, email)) =
        compose(ctx.conn(), tenant, &region, user, kind, subject, paragraphs, href).await?
    {
        notifications::send(ctx, &address, email).await?;
    }
    Ok(())
}

/// To the case's curator: the school submitted a version.
pub(super) async fn submitted(
    ctx: &mut Ctx,
    case: &CaseRecord,
    slot: &Slot,
    title: &str,
    version: i32,
) -> Result<(), AppError> {
    let Some(curator) = case.curator_id else {
        return Ok(());
    };
    let href = link(
        &ctx.state.public_url,
        &ctx.tenant.card.slug,
        case.id,
        &slot.code(),
    );
    let subject = ru::sdoc_mail_submitted_subject(title, &case.school);
    let text = vec![ru::sdoc_mail_submitted_text(title, &case.school, version)];
    send(ctx, curator, "submitted", &subject, text, &href).await
}

/// What the curator wrote with a decision.
pub(super) struct Note<'a> {
    pub comment: Option<&'a str>,
    pub field: Option<(&'a str, &'a str)>,
}

/// To the school's directors: the curator returned or approved a version.
pub(super) async fn decided(
    ctx: &mut Ctx,
    case: &CaseRecord,
    slot: &Slot,
    title: &str,
    version: i32,
    state: DocState,
    note: Note<'_>,
) -> Result<(), AppError> {
    let href = link(
        &ctx.state.public_url,
        &ctx.tenant.card.slug,
        case.id,
        &slot.code(),
    );
    let (kind, subject, first) = match state {
        DocState::Approved => (
            "approved",
            ru::sdoc_mail_approved_subject(title),
            ru::sdoc_mail_approved_text(title, version),
        ),
        _ => (
            "returned",
            ru::sdoc_mail_returned_subject(title),
            ru::sdoc_mail_returned_text(title, version),
        ),
    };
    let mut text = vec![first];
    text.extend(note.comment.map(ru::sdoc_mail_comment));
    text.extend(
        note.field
            .map(|(label, comment)| ru::sdoc_mail_field_comment(label, comment)),
    );
    let tenant = ctx.tenant_id();
    for (_, director) in db::directors(ctx.conn(), tenant, case.school_id).await? {
        send(ctx, director, kind, &subject, text.clone(), &href).await?;
    }
    Ok(())
}

/// A reader of support cases keeps the kinds ticked in `on` and turns the rest off.
pub async fn set_support_mail(slug: &str, on: BTreeMap<String, String>) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    if let Some(unknown) = on
        .keys()
        .find(|k| !ru::SDOC_MAIL_KINDS.iter().any(|(kind, _)| kind == k))
    {
        return Err(AppError::invalid(
            &format!("on[{unknown}]"),
            ru::SDOC_MAIL_KIND_UNKNOWN,
        ));
    }
    let off: Vec<String> = ru::SDOC_MAIL_KINDS
        .iter()
        .filter(|(kind, _)| !on.contains_key(*kind))
        .map(|(kind, _)| kind.to_string())
        .collect();
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    db::set_mail_off(&mut staff.tx, tenant, user, &off).await?;
    staff.audit("support_mail_set", json!({ "off": off })).await?;
    staff.commit().await
}
