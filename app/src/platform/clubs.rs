//! Interregional clubs: the administrator creates one with the regions whose directors join it,
//! its moderators and the default sections, and sees every club with its counts.

use std::collections::BTreeMap;

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{checks, db, NewClub, PlatformClubs};
use crate::{
    access::PlatformAdmin,
    error::{AppError, OnConstraint},
    i18n::ru,
};

/// A club's moderators at most: a list, not a mailing.
const MAX_MODERATORS: usize = 20;

pub async fn get_platform_clubs() -> Result<PlatformClubs, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let actor = admin.user.user_id;
    let clubs = db::clubs(admin.conn(), actor).await?;
    let regions = db::active_regions(admin.conn()).await?;
    admin.commit().await?;
    Ok(PlatformClubs { clubs, regions })
}

pub async fn create_club(form: NewClub) -> Result<String, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let slug = checks::slug_of(&form.slug).map_err(|_| AppError::invalid("slug", ru::ERROR_CLUB_SLUG))?;
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", ru::ERROR_CLUB_NAME));
    }
    let description = form.description.trim().to_string();
    if description.chars().count() > 20_000 {
        return Err(AppError::invalid("description", ru::ERROR_CLUB_DESCRIPTION));
    }
    let regions = regions_of(admin.conn(), &form.regions).await?;
    let moderators = moderators_of(admin.conn(), &form.moderators).await?;
    let sections = crate::club::seed::default_sections().map_err(AppError::internal)?;
    let actor = admin.user.user_id;
    let club = db::NewClubRow {
        slug: &slug,
        name: &name,
        description: &description,
        regions: regions.iter().map(|(id, _)| *id).collect(),
        moderators: moderators.iter().map(|(id, _)| *id).collect(),
        sections: serde_json::to_value(&sections).map_err(AppError::internal)?,
    };
    db::create_club(admin.conn(), actor, &club)
        .await
        .on_constraint(&[("clubs_slug_key", "slug", ru::ERROR_CLUB_SLUG_TAKEN)])?;
    let details = json!({
        "slug": slug, "name": name,
        "regions": regions.iter().map(|(_, slug)| slug).collect::<Vec<_>>(),
        "moderators": moderators.iter().map(|(_, email)| email).collect::<Vec<_>>(),
    });
    admin.audit("club_created", None, details).await?;
    admin.commit().await?;
    Ok(slug)
}

/// The regions ticked, each an active region: (id, slug).
async fn regions_of(
    conn: &mut PgConnection,
    ticked: &BTreeMap<String, String>,
) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut regions = Vec::new();
    for slug in ticked.keys() {
        let region = db::region_by_slug(conn, slug)
            .await?
            .filter(|region| region.active)
            .ok_or_else(|| AppError::invalid("regions", ru::error_club_region(slug)))?;
        regions.push((region.id, region.slug));
    }
    if regions.is_empty() {
        return Err(AppError::invalid("regions", ru::ERROR_CLUB_REGIONS));
    }
    Ok(regions)
}

/// The moderators' addresses, each of an active account with a confirmed address: (id, e-mail).
async fn moderators_of(conn: &mut PgConnection, text: &str) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut emails: Vec<String> = text
        .split([',', ';', '\n', ' '])
        .map(|email| email.trim().to_lowercase())
        .filter(|email| !email.is_empty())
        .collect();
    emails.sort();
    emails.dedup();
    if emails.len() > MAX_MODERATORS {
        return Err(AppError::invalid("moderators", ru::ERROR_CLUB_MODERATORS_MANY));
    }
    let mut moderators = Vec::new();
    for email in emails {
        let id = db::confirmed_user(conn, &email)
            .await?
            .ok_or_else(|| AppError::invalid("moderators", ru::error_club_moderator(&email)))?;
        moderators.push((id, email));
    }
    Ok(moderators)
}
