//! Creating, editing and deactivating regions, and the list with their usage.

use serde_json::json;

use super::{
    checks::{self, NewRegion},
    db::{self, RegionFields},
    RegionSettings, RegionUsage,
};
use crate::{
    access::PlatformAdmin,
    error::{AppError, OnConstraint},
    i18n::ru,
    identification::templates,
};

/// The constraints of `tenants` a form can hit, as field errors.
const UNIQUE: [(&str, &str, &str); 2] = [
    ("tenants_slug_key", "slug", ru::ERROR_SLUG_TAKEN),
    (
        "tenants_region_code_key",
        "region_code",
        ru::ERROR_REGION_CODE_TAKEN,
    ),
];

pub async fn get_platform_regions() -> Result<Vec<RegionUsage>, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let actor = admin.user.user_id;
    let rows = db::regions_with_usage(admin.conn(), actor).await?;
    admin.commit().await?;
    Ok(rows)
}

pub async fn get_platform_region(slug: &str) -> Result<RegionSettings, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let region = db::region_by_slug(admin.conn(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    admin.commit().await?;
    Ok(RegionSettings {
        slug: region.slug,
        name: region.name,
        region_code: region.region_code,
        time_zone: region.time_zone,
        status_labels: checks::status_labels_text(&region.status_labels),
        active: region.active,
    })
}

fn template_body(code: &str) -> Option<&'static str> {
    match code {
        "khabarovsk" => Some(templates::KHABAROVSK),
        "federal_shnor" => Some(templates::FEDERAL_SHNOR),
        "project_500" => Some(templates::PROJECT_500),
        _ => None,
    }
}

pub async fn create_region(form: NewRegion) -> Result<String, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let slug = checks::slug_of(&form.slug)?;
    let name = checks::name_of(&form.name)?;
    let region_code = checks::region_code_of(&form.region_code)?;
    let template = checks::template_of(&form.template)?;
    let time_zone = checks::time_zone_of(admin.conn(), &form.time_zone).await?;
    let status_labels = checks::status_labels_of(&form.status_labels, &template)?;
    let actor = admin.user.user_id;
    let fields = RegionFields {
        name: &name,
        region_code: &region_code,
        time_zone: &time_zone,
        status_labels: &status_labels,
    };
    let id = db::create_region(admin.conn(), actor, &slug, &fields)
        .await
        .on_constraint(&UNIQUE)?;
    db::seed_new_region(admin.conn(), id, template_body(&template)).await?;
    let details = json!({
        "slug": slug, "name": name, "region_code": region_code, "time_zone": time_zone,
        "status_labels": status_labels, "template": template,
    });
    admin.audit("region_created", Some(id), details).await?;
    admin.commit().await?;
    Ok(slug)
}

pub async fn update_region(form: RegionSettings) -> Result<(), AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let region = db::region_by_slug(admin.conn(), &form.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = checks::name_of(&form.name)?;
    let region_code = checks::region_code_of(&form.region_code)?;
    let time_zone = checks::time_zone_of(admin.conn(), &form.time_zone).await?;
    let status_labels = checks::status_labels_of(&form.status_labels, "none")?;
    let actor = admin.user.user_id;
    let fields = RegionFields {
        name: &name,
        region_code: &region_code,
        time_zone: &time_zone,
        status_labels: &status_labels,
    };
    db::update_region(admin.conn(), actor, region.id, &fields, form.active)
        .await
        .on_constraint(&UNIQUE)?;
    let details = json!({
        "before": {
            "name": region.name, "region_code": region.region_code, "time_zone": region.time_zone,
            "status_labels": region.status_labels, "active": region.active,
        },
        "after": {
            "name": name, "region_code": region_code, "time_zone": time_zone,
            "status_labels": status_labels, "active": form.active,
        },
    });
    admin.audit("region_updated", Some(region.id), details).await?;
    let verifications = admin.state.verifications.clone();
    admin.commit().await?;
    // The region's name, code or activity shows on every certificate check.
    verifications.forget("*");
    Ok(())
}
