//! Registration inside a region: the form's options and the new account, which waits for its
//! address to be confirmed (the confirmation sets the password, see `recovery`).

use uuid::Uuid;

use super::{
    checks::{experience_of, full_name_of, hash_password, limit, normalise_email, parse_uuid, subjects_of},
    rate_limit::Action,
    session, RegistrationForm, RegistrationOptions, SchoolOption,
};
use crate::{
    access::{Ctx, Role, Visitor},
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
};

const CONSENT_VERSION: &str = "2026-11-01";

#[derive(sqlx::FromRow)]
struct Municipality {
    id: Uuid,
    name: String,
}

#[derive(sqlx::FromRow)]
struct School {
    id: Uuid,
    municipality_id: Uuid,
    name: String,
}

pub async fn get_registration_options(slug: &str) -> Result<RegistrationOptions, AppError> {
    let mut ctx = Visitor::require(slug).await?;
    let tenant_id = ctx.tenant_id();
    let municipalities: Vec<Municipality> =
        sqlx::query_as("select id, name from municipalities where tenant_id = $1 order by lower(name)")
            .bind(tenant_id)
            .fetch_all(ctx.conn())
            .await?;
    let schools: Vec<School> = sqlx::query_as(
        "select id, municipality_id, name from schools where tenant_id = $1 order by lower(name)",
    )
    .bind(tenant_id)
    .fetch_all(ctx.conn())
    .await?;
    let region_name = ctx.tenant.card.name.clone();
    ctx.commit().await?;
    Ok(RegistrationOptions {
        region_name,
        municipalities: municipalities
            .into_iter()
            .map(|m| (m.id.to_string(), m.name))
            .collect(),
        schools: schools
            .into_iter()
            .map(|s| SchoolOption {
                id: s.id.to_string(),
                municipality_id: s.municipality_id.to_string(),
                name: s.name,
            })
            .collect(),
    })
}

/// The registration form, checked.
struct Applicant {
    full_name: String,
    email: String,
    municipality: Uuid,
    school: Uuid,
    position: String,
    experience: Option<i32>,
    subjects: Vec<String>,
}

fn applicant_of(form: &RegistrationForm) -> Result<Applicant, AppError> {
    let full_name = full_name_of(&form.full_name)?;
    let email = normalise_email(&form.email)?;
    let municipality = parse_uuid(
        "municipality_id",
        &form.municipality_id,
        ru::ERROR_CHOOSE_MUNICIPALITY,
    )?;
    let school = parse_uuid("school_id", &form.school_id, ru::ERROR_CHOOSE_SCHOOL)?;
    if !ru::POSITIONS.iter().any(|(code, _)| *code == form.position) {
        return Err(AppError::invalid("position", ru::ERROR_CHOOSE_POSITION));
    }
    let experience = experience_of(&form.experience_years)?;
    let subjects = subjects_of(&form.subjects)?;
    if form.consent.as_deref() != Some("on") {
        return Err(AppError::invalid("consent", ru::ERROR_CONSENT_REQUIRED));
    }
    Ok(Applicant {
        full_name,
        email,
        municipality,
        school,
        position: form.position.clone(),
        experience,
        subjects,
    })
}

pub async fn register(form: RegistrationForm) -> Result<(), AppError> {
    limit(&crate::state::app_state()?, Action::Register, None)?;
    let mut ctx = Visitor::require(&form.slug).await?;
    let applicant = applicant_of(&form)?;
    check_free(&mut ctx, &applicant).await?;
    let user_id = create_account(&mut ctx, &applicant).await?;
    // A director or deputy gets the director role only when the operator confirms them;
    // everyone else registers as a teacher.
    let role = (!super::confirmations::manages_school(&applicant.position)).then_some(Role::Teacher);
    if let Some(role) = role {
        sqlx::query("insert into role_grants (tenant_id, user_id, role) values ($1, $2, $3)")
            .bind(ctx.tenant_id())
            .bind(user_id)
            .bind(role.code())
            .execute(ctx.conn())
            .await?;
    }
    sqlx::query("insert into consents (tenant_id, user_id, text_version, ip) values ($1, $2, $3, $4::inet)")
        .bind(ctx.tenant_id())
        .bind(user_id)
        .bind(CONSENT_VERSION)
        .bind(crate::state::client_ip().map(|ip| ip.to_string()))
        .execute(ctx.conn())
        .await?;
    let region = ctx.tenant.card.name.clone();
    let (email, full_name) = (&applicant.email, &applicant.full_name);
    send_link(&mut ctx, user_id, email, "confirm_email", |link| {
        templates::confirm_email(&region, full_name, link)
    })
    .await?;
    let details = serde_json::json!({
        "role": role.map(Role::code), "school": applicant.school, "school_status": "pending"
    });
    let tenant_id = Some(ctx.tenant_id());
    crate::access::audit(&mut ctx.tx, tenant_id, Some(user_id), "registered", details).await?;
    ctx.commit().await
}

/// Refuses a school outside the chosen municipality and an address already registered.
async fn check_free(ctx: &mut Ctx, applicant: &Applicant) -> Result<(), AppError> {
    let school_matches: bool = sqlx::query_scalar(
        "select exists(select 1 from schools where tenant_id = $1 and id = $2 and municipality_id = $3)",
    )
    .bind(ctx.tenant_id())
    .bind(applicant.school)
    .bind(applicant.municipality)
    .fetch_one(ctx.conn())
    .await?;
    if !school_matches {
        return Err(AppError::invalid("school_id", ru::ERROR_SCHOOL_OF_MUNICIPALITY));
    }
    let taken: bool = sqlx::query_scalar("select exists(select 1 from users where email = $1)")
        .bind(&applicant.email)
        .fetch_one(ctx.conn())
        .await?;
    if taken {
        return Err(AppError::invalid("email", ru::ERROR_EMAIL_REGISTERED));
    }
    Ok(())
}

/// The account and its membership of the region, with a password nobody knows.
async fn create_account(ctx: &mut Ctx, applicant: &Applicant) -> Result<Uuid, AppError> {
    // Anyone can register any address, so the password is chosen by whoever follows the
    // confirmation link (the mailbox's owner); until then no one knows this random one.
    let unknown = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        session::random_bytes(32),
    );
    let password_hash = hash_password(&unknown).await?;
    let user_id: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name) values ($1, $2, $3) returning id",
    )
    .bind(&applicant.email)
    .bind(password_hash)
    .bind(&applicant.full_name)
    .fetch_one(ctx.conn())
    .await?;
    // The school is the person's own claim until the school or the region confirms it
    // (`confirmations`): until then it counts in no average and grants no role.
    sqlx::query(
        "insert into memberships (tenant_id, user_id, municipality_id, school_id, position, subjects, experience_years,
                                  school_status)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending')",
    )
    .bind(ctx.tenant_id())
    .bind(user_id)
    .bind(applicant.municipality)
    .bind(applicant.school)
    .bind(&applicant.position)
    .bind(&applicant.subjects)
    .bind(applicant.experience)
    .execute(ctx.conn())
    .await?;
    Ok(user_id)
}

/// Creates an e-mail token of `purpose` and queues the message built from its link.
pub async fn send_link(
    ctx: &mut Ctx,
    user_id: Uuid,
    recipient: &str,
    purpose: &str,
    email: impl FnOnce(&str) -> notifications::Email,
) -> Result<(), sqlx::Error> {
    let (token, hash) = session::new_token();
    let (path, hours) = match purpose {
        "confirm_email" => ("confirm", 24),
        _ => ("reset", 1),
    };
    let tenant_id = ctx.tenant_id();
    super::db::insert_email_token(ctx.conn(), hash, user_id, tenant_id, purpose, hours, None).await?;
    let link = format!(
        "{}/{path}?token={token}",
        ctx.state.public_url.trim_end_matches('/')
    );
    notifications::send_one_time_link(ctx, recipient, email(&link)).await
}
