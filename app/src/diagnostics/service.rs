//! The regional operator's side: the framework constructor, the item bank, instruments,
//! campaigns, item statistics and individual scores. Every entry point checks the role and
//! runs in a tenant transaction.

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::attempts::{current_items, item_versions, parse_id, DrawnItem, LOCAL_TIME};
use super::model::{
    Answer, Area, Competency, CompetencyWeight, Framework, InstrumentBody, Invalid, Item, ItemKind, Scope,
    Selection, TargetProfile,
};
use super::stats_model::{ItemStat, ScaleStat};
use super::{
    scoring, stats, CampaignForm, CampaignRow, DiagnosticsAdmin, FrameworkEdit, InstrumentForm,
    InstrumentRow, ItemForm, ItemRow, ItemStatistics, PersonScore,
};
use crate::accounts::service::{audit, require_role};
use crate::error::AppError;
use crate::error::OnConstraint;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};

pub(super) const OPERATOR: &[&str] = &["regional_operator"];

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::invalid(&invalid.field, invalid.message)
    }
}

/// The region's framework (one per region), if it has one.
pub(super) async fn framework_of(
    tx: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Option<(Uuid, Framework)>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (Uuid, Json<Framework>)>(
        "select id, body from frameworks where tenant_id = $1 order by updated_at limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|(id, Json(f))| (id, f)))
}

async fn require_framework(tx: &mut PgConnection, tenant_id: Uuid) -> Result<(Uuid, Framework), AppError> {
    framework_of(tx, tenant_id)
        .await?
        .ok_or_else(|| AppError::invalid("framework", ru::DIAG_NO_FRAMEWORK))
}

/// The item versions that finished attempts used (of one item, or of all): they are frozen.
async fn frozen_versions(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    only: Option<Uuid>,
) -> Result<HashSet<(Uuid, i32)>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (Uuid, i32)>(
        "select distinct d.id, d.version
         from attempts a, jsonb_to_recordset(a.items) as d(id uuid, version int)
         where a.tenant_id = $1 and a.finished_at is not null
           and ($2::uuid is null or ($2 = any(a.item_ids) and d.id = $2))",
    )
    .bind(tenant_id)
    .bind(only)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().collect())
}

pub async fn admin(state: &AppState, slug: &str) -> Result<DiagnosticsAdmin, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let framework = framework_of(&mut tx, tenant.id).await?;
    let mut items = Vec::new();
    let mut instruments = Vec::new();
    let mut campaigns = Vec::new();
    if let Some((framework_id, _)) = &framework {
        let frozen = frozen_versions(&mut tx, tenant.id, None).await?;
        for (id, version, item) in current_items(&mut tx, tenant.id, *framework_id).await? {
            items.push(ItemRow {
                id: id.to_string(),
                version,
                frozen: frozen.contains(&(id, version)),
                item,
            });
        }
        instruments = sqlx::query_as::<_, (Uuid, String, Json<InstrumentBody>, Option<i32>, Option<String>, Option<String>, i64)>(
            &format!("select i.id, i.title, i.body, i.time_limit_minutes,
                    to_char(i.opens_at at time zone $2, {LOCAL_TIME}),
                    to_char(i.closes_at at time zone $2, {LOCAL_TIME}),
                    (select count(*) from attempts a where a.tenant_id = i.tenant_id and a.instrument_id = i.id
                        and a.finished_at is not null)
             from instruments i where i.tenant_id = $1 order by i.created_at"),
        )
        .bind(tenant.id)
        .bind(&tenant.time_zone)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(id, title, Json(body), time_limit_minutes, opens_at, closes_at, finished)| InstrumentRow {
            id: id.to_string(),
            title,
            body,
            time_limit_minutes,
            opens_at,
            closes_at,
            finished_attempts: finished as usize,
        })
        .collect();
        campaigns = sqlx::query_as::<_, (Uuid, String, String, Option<String>, i64, i64)>(
            &format!("select c.id, c.title, i.title, to_char(c.due_at at time zone $2, {LOCAL_TIME}),
                    (select count(*) from assignments a where a.tenant_id = c.tenant_id and a.campaign_id = c.id),
                    (select count(distinct t.user_id) from assignments a join attempts t
                        on t.tenant_id = a.tenant_id and t.user_id = a.user_id and t.instrument_id = c.instrument_id
                        and t.finished_at is not null and t.started_at >= c.created_at
                     where a.tenant_id = c.tenant_id and a.campaign_id = c.id)
             from campaigns c join instruments i on i.tenant_id = c.tenant_id and i.id = c.instrument_id
             where c.tenant_id = $1 order by c.created_at desc"),
        )
        .bind(tenant.id)
        .bind(&tenant.time_zone)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(id, title, instrument, due_at, assigned, finished)| CampaignRow {
            id: id.to_string(),
            title,
            instrument,
            due_at,
            assigned: assigned as usize,
            finished: finished as usize,
        })
        .collect();
    }
    let municipalities =
        sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by lower(name)")
            .bind(tenant.id)
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(DiagnosticsAdmin {
        framework: framework.map(|(_, f)| f),
        items,
        instruments,
        campaigns,
        municipalities,
    })
}

/// Copies the ready framework and item bank into a region that has none yet.
pub async fn copy_template(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    user: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    let framework_id: Uuid = sqlx::query_scalar(
        "insert into frameworks (tenant_id, body, updated_by) values ($1, $2, $3) returning id",
    )
    .bind(tenant_id)
    .bind(Json(super::templates::framework()))
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    for item in super::templates::items() {
        insert_item(tx, tenant_id, framework_id, Uuid::new_v4(), 1, &item, user).await?;
    }
    Ok(framework_id)
}

pub(super) async fn insert_item(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    framework_id: Uuid,
    id: Uuid,
    version: i32,
    item: &Item,
    user: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into items (tenant_id, id, version, framework_id, code, body, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(framework_id)
    .bind(&item.code)
    .bind(Json(item))
    .bind(user)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

fn percent(raw: &str, field: &str) -> Result<f64, AppError> {
    raw.trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| (0.0..=100.0).contains(v))
        .map(|v| v / 100.0)
        .ok_or_else(|| AppError::invalid(field, ru::diag_not_percent(raw)))
}

fn list(raw: &str) -> Vec<String> {
    raw.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Competency codes every item links to, to refuse a framework change that would orphan one.
fn linked_codes(items: &[(Uuid, i32, Item)]) -> Vec<(String, String)> {
    items
        .iter()
        .flat_map(|(_, _, item)| {
            item.competencies
                .iter()
                .map(|c| (c.code.clone(), item.code.clone()))
        })
        .collect()
}

pub async fn edit_framework(state: &AppState, slug: &str, edit: FrameworkEdit) -> Result<(), AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let existing = framework_of(&mut tx, tenant.id).await?;
    if edit.op == "template" {
        if existing.is_some() {
            return Err(AppError::invalid("framework", ru::DIAG_FRAMEWORK_EXISTS));
        }
        copy_template(&mut tx, tenant.id, Some(user.user_id)).await?;
        audit(
            &mut tx,
            Some(tenant.id),
            Some(user.user_id),
            "framework_from_template",
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        return Ok(());
    }
    let (framework_id, mut framework) = match existing {
        Some(found) => found,
        None if edit.op == "json" => (Uuid::nil(), super::templates::framework()),
        None => return Err(AppError::invalid("framework", ru::DIAG_NO_FRAMEWORK)),
    };
    apply(&mut framework, &edit)?;
    framework.validate()?;
    if framework_id.is_nil() {
        sqlx::query("insert into frameworks (tenant_id, body, updated_by) values ($1, $2, $3)")
            .bind(tenant.id)
            .bind(Json(&framework))
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    } else {
        let items = current_items(&mut tx, tenant.id, framework_id).await?;
        if let Some((code, item)) = linked_codes(&items)
            .into_iter()
            .find(|(code, _)| framework.competency(code).is_none())
        {
            return Err(AppError::invalid(
                "code",
                ru::diag_competency_in_use(&code, &item),
            ));
        }
        sqlx::query("update frameworks set body = $3, updated_by = $4, updated_at = now() where tenant_id = $1 and id = $2")
            .bind(tenant.id)
            .bind(framework_id)
            .bind(Json(&framework))
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "framework_edited",
        serde_json::json!({ "edit": edit.op }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies one constructor form to the framework; validation follows.
fn apply(framework: &mut Framework, edit: &FrameworkEdit) -> Result<(), AppError> {
    let code = edit.code.trim().to_string();
    match edit.op.as_str() {
        "thresholds" => {
            framework.thresholds.low = percent(&edit.low, "low")?;
            framework.thresholds.high = percent(&edit.high, "high")?;
        }
        "area" => {
            let title = edit.title.trim().to_string();
            match framework.areas.iter_mut().find(|a| a.code == code) {
                Some(area) => area.title = title,
                None => framework.areas.push(Area { code, title }),
            }
        }
        "competency" => {
            let competency = Competency {
                code,
                area: edit.area.trim().to_string(),
                title: edit.title.trim().to_string(),
                description: edit.description.trim().to_string(),
                deficit_meaning: edit.deficit_meaning.trim().to_string(),
            };
            match framework
                .competencies
                .iter_mut()
                .find(|c| c.code == competency.code)
            {
                Some(found) => *found = competency,
                None => framework.competencies.push(competency),
            }
        }
        "remove_competency" => {
            framework.competencies.retain(|c| c.code != code);
            for profile in &mut framework.profiles {
                profile.competencies.retain(|c| c != &code);
            }
            framework.profiles.retain(|p| !p.competencies.is_empty());
        }
        "profile" => {
            let profile = TargetProfile {
                position: edit.position.trim().to_string(),
                subject: Some(edit.subject.trim().to_string()).filter(|s| !s.is_empty()),
                competencies: list(&edit.competencies),
            };
            framework
                .profiles
                .retain(|p| !(p.position == profile.position && p.subject == profile.subject));
            if !profile.competencies.is_empty() {
                framework.profiles.push(profile);
            }
        }
        "json" => {
            *framework = serde_json::from_str(&edit.json)
                .map_err(|e| AppError::invalid("json", ru::diag_bad_json(&e.to_string())))?;
        }
        _ => return Err(AppError::BadRequest),
    }
    Ok(())
}

/// Reads the editor's fields into an item; the messages name the field.
pub fn parse_item_form(form: &ItemForm) -> Result<Item, Invalid> {
    let bad = |field: &str, message: String| Invalid {
        field: field.to_string(),
        message,
    };
    let kind = ItemKind::from_code(form.kind.trim())
        .ok_or_else(|| bad("kind", ru::diag_unknown_kind(&form.kind)))?;
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut correct = Vec::new();
    for part in list(&form.correct) {
        let n: usize = part
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad("correct", ru::diag_not_option_number(&part)))?;
        correct.push(n - 1);
    }
    let mut competencies = Vec::new();
    for part in form
        .competencies
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (code, weight) = match part.split_once(':') {
            Some((code, weight)) => (code.trim(), weight.trim()),
            None => (part, "1"),
        };
        let weight: f64 = weight
            .replace(',', ".")
            .parse()
            .map_err(|_| bad("competencies", ru::diag_bad_weight(part)))?;
        competencies.push(CompetencyWeight {
            code: code.to_string(),
            weight,
        });
    }
    let points = if form.points.trim().is_empty() {
        1.0
    } else {
        form.points
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| bad("points", ru::diag_bad_points(&form.points)))?
    };
    Ok(Item {
        code: form.code.trim().to_string(),
        kind,
        stem: form.stem.trim().to_string(),
        options: if kind.has_options() {
            lines(&form.options)
        } else {
            Vec::new()
        },
        correct: if kind.has_options() { correct } else { Vec::new() },
        accepted: if kind == ItemKind::Short {
            lines(&form.accepted)
        } else {
            Vec::new()
        },
        competencies,
        points,
    })
}

pub async fn save_item(
    state: &AppState,
    slug: &str,
    id: Option<&str>,
    form: ItemForm,
) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let item = parse_item_form(&form)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let (framework_id, framework) = require_framework(&mut tx, tenant.id).await?;
    item.validate(&framework)?;
    let id = id.filter(|id| !id.is_empty()).map(parse_id).transpose()?;
    let bank = current_items(&mut tx, tenant.id, framework_id).await?;
    if bank
        .iter()
        .any(|(other, _, i)| i.code == item.code && Some(*other) != id)
    {
        return Err(AppError::invalid("code", ru::diag_duplicate_item(&item.code)));
    }
    let (id, version) = match id {
        None => {
            let id = Uuid::new_v4();
            insert_item(&mut tx, tenant.id, framework_id, id, 1, &item, Some(user.user_id)).await?;
            (id, 1)
        }
        Some(id) => {
            let (_, version, _) = bank.iter().find(|(i, _, _)| *i == id).ok_or(AppError::NotFound)?;
            if frozen_versions(&mut tx, tenant.id, Some(id))
                .await?
                .contains(&(id, *version))
            {
                insert_item(
                    &mut tx,
                    tenant.id,
                    framework_id,
                    id,
                    version + 1,
                    &item,
                    Some(user.user_id),
                )
                .await?;
                (id, version + 1)
            } else {
                sqlx::query(
                    "update items set body = $4, code = $5 where tenant_id = $1 and id = $2 and version = $3",
                )
                .bind(tenant.id)
                .bind(id)
                .bind(version)
                .bind(Json(&item))
                .bind(&item.code)
                .execute(&mut *tx)
                .await?;
                (id, *version)
            }
        }
    };
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "item_saved",
        serde_json::json!({ "item": id, "code": item.code, "version": version }),
    )
    .await?;
    tx.commit().await?;
    Ok(id.to_string())
}

fn positions(raw: &str) -> Result<Vec<String>, AppError> {
    let positions = list(raw);
    if let Some(unknown) = positions
        .iter()
        .find(|p| !ru::POSITIONS.iter().any(|(code, _)| code == p))
    {
        return Err(AppError::invalid("positions", ru::diag_unknown_position(unknown)));
    }
    Ok(positions)
}

pub async fn create_instrument(
    state: &AppState,
    slug: &str,
    form: InstrumentForm,
) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    if form.title.trim().is_empty() {
        return Err(AppError::invalid("title", ru::DIAG_TITLE_REQUIRED));
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let (framework_id, framework) = require_framework(&mut tx, tenant.id).await?;
    let bank = current_items(&mut tx, tenant.id, framework_id).await?;
    let audience = positions(&form.positions)?;
    let selection = match form.selection.as_str() {
        "fixed" => {
            let items = list(&form.items);
            if items.is_empty() {
                return Err(AppError::invalid("items", ru::DIAG_ITEMS_REQUIRED));
            }
            if let Some(code) = items.iter().find(|c| !bank.iter().any(|(_, _, i)| &i.code == *c)) {
                return Err(AppError::invalid("items", ru::diag_unknown_item(code)));
            }
            Selection::Fixed { items }
        }
        "per_competency" => {
            let k: usize = form
                .k
                .trim()
                .parse()
                .ok()
                .filter(|k| (1..=20).contains(k))
                .ok_or_else(|| AppError::invalid("k", ru::DIAG_BAD_K))?;
            let mut competencies = list(&form.competencies);
            if competencies.is_empty() {
                for profile in framework
                    .profiles
                    .iter()
                    .filter(|p| audience.contains(&p.position))
                {
                    for code in &profile.competencies {
                        if !competencies.contains(code) {
                            competencies.push(code.clone());
                        }
                    }
                }
            }
            if competencies.is_empty() {
                return Err(AppError::invalid("competencies", ru::DIAG_COMPETENCIES_REQUIRED));
            }
            if let Some(code) = competencies.iter().find(|c| framework.competency(c).is_none()) {
                return Err(AppError::invalid(
                    "competencies",
                    ru::diag_unknown_competency(code),
                ));
            }
            Selection::PerCompetency { k, competencies }
        }
        other => return Err(AppError::invalid("selection", ru::diag_unknown_selection(other))),
    };
    let time_limit: Option<i32> = match form.time_limit_minutes.trim() {
        "" => None,
        raw => Some(
            raw.parse()
                .ok()
                .filter(|m| (1..=600).contains(m))
                .ok_or_else(|| AppError::invalid("time_limit_minutes", ru::DIAG_BAD_LIMIT))?,
        ),
    };
    let body = InstrumentBody {
        selection,
        positions: audience,
        subjects: list(&form.subjects),
        shuffle_options: form.shuffle_options.is_some(),
        instructions: form.instructions.trim().to_string(),
    };
    let moment = |raw: &str| Some(raw.trim().to_string()).filter(|s| !s.is_empty());
    let (opens, closes) = (moment(&form.opens_at), moment(&form.closes_at));
    for (field, value) in [("opens_at", &opens), ("closes_at", &closes)] {
        if let Some(value) = value {
            if chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").is_err()
                && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err()
            {
                return Err(AppError::invalid(field, ru::diag_bad_moment(value)));
            }
        }
    }
    let id: Uuid = sqlx::query_scalar(
        "insert into instruments (tenant_id, framework_id, title, body, time_limit_minutes, opens_at, closes_at, created_by)
         values ($1, $2, $3, $4, $5, $6::timestamp at time zone $8, $7::timestamp at time zone $8, $9) returning id",
    )
    .bind(tenant.id)
    .bind(framework_id)
    .bind(form.title.trim())
    .bind(Json(&body))
    .bind(time_limit)
    .bind(opens)
    .bind(closes)
    .bind(&tenant.time_zone)
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await
    .on_constraint(&[("instruments_check", "closes_at", ru::DIAG_WINDOW_ORDER)])?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "instrument_created",
        serde_json::json!({ "instrument": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(id.to_string())
}

pub async fn create_campaign(state: &AppState, slug: &str, form: CampaignForm) -> Result<usize, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    if form.title.trim().is_empty() {
        return Err(AppError::invalid("title", ru::DIAG_TITLE_REQUIRED));
    }
    let instrument_id =
        parse_id(&form.instrument).map_err(|_| AppError::invalid("instrument", ru::DIAG_PICK_INSTRUMENT))?;
    let scope = Scope {
        municipalities: list_lines(&form.municipality),
        schools: list(&form.schools),
        positions: positions(&form.positions)?,
    };
    let due = Some(form.due_at.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(due) = &due {
        if chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
            return Err(AppError::invalid("due_at", ru::diag_bad_moment(due)));
        }
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let instrument: String =
        sqlx::query_scalar("select title from instruments where tenant_id = $1 and id = $2")
            .bind(tenant.id)
            .bind(instrument_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::invalid("instrument", ru::DIAG_PICK_INSTRUMENT))?;
    let known: Vec<String> =
        sqlx::query_scalar("select code from schools where tenant_id = $1 and code = any($2)")
            .bind(tenant.id)
            .bind(&scope.schools)
            .fetch_all(&mut *tx)
            .await?;
    if let Some(code) = scope.schools.iter().find(|c| !known.contains(c)) {
        return Err(AppError::invalid("schools", ru::diag_unknown_school(code)));
    }
    let campaign_id: Uuid = sqlx::query_scalar(
        "insert into campaigns (tenant_id, instrument_id, title, scope, due_at, created_by)
         values ($1, $2, $3, $4, ($5::date + 1)::timestamp at time zone $6 - interval '1 second', $7) returning id",
    )
    .bind(tenant.id)
    .bind(instrument_id)
    .bind(form.title.trim())
    .bind(Json(&scope))
    .bind(&due)
    .bind(&tenant.time_zone)
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let assigned = sqlx::query_as::<_, (String, String)>(
        "insert into assignments (tenant_id, campaign_id, user_id)
         select m.tenant_id, $2, m.user_id
         from memberships m join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join municipalities mu on mu.tenant_id = m.tenant_id
              and mu.id = coalesce(m.municipality_id, s.municipality_id)
         where m.tenant_id = $1 and m.active and u.active and u.email_confirmed_at is not null
           and (cardinality($3::text[]) = 0 or mu.name = any($3))
           and (cardinality($4::text[]) = 0 or s.code = any($4))
           and (cardinality($5::text[]) = 0 or m.position = any($5))
         on conflict do nothing
         returning (select email from users where id = user_id), (select full_name from users where id = user_id)",
    )
    .bind(tenant.id)
    .bind(campaign_id)
    .bind(&scope.municipalities)
    .bind(&scope.schools)
    .bind(&scope.positions)
    .fetch_all(&mut *tx)
    .await?;
    let due_text: Option<String> = due
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| d.format("%d.%m.%Y").to_string());
    let link = format!("{}/r/{slug}/cabinet", state.public_url);
    for (email, full_name) in &assigned {
        crate::notifications::enqueue(
            &mut tx,
            Some(tenant.id),
            email,
            crate::notifications::templates::diagnostic_assigned(
                &tenant.card.name,
                full_name,
                &instrument,
                due_text.as_deref(),
                &link,
            ),
        )
        .await?;
    }
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "campaign_created",
        serde_json::json!({ "campaign": campaign_id, "assigned": assigned.len() }),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(assigned.len())
}

fn list_lines(raw: &str) -> Vec<String> {
    Some(raw.trim().to_string())
        .filter(|s| !s.is_empty())
        .into_iter()
        .collect()
}

/// The finished attempts of an instrument with their drawn items and answers.
struct Finished {
    drawn: Vec<DrawnItem>,
    answers: HashMap<Uuid, Answer>,
}

async fn finished_attempts(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
) -> Result<Vec<Finished>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (Uuid, Json<Vec<DrawnItem>>)>(
        "select id, items from attempts where tenant_id = $1 and instrument_id = $2 and finished_at is not null
         order by finished_at",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .fetch_all(&mut *tx)
    .await?;
    let answers = sqlx::query_as::<_, (Uuid, Uuid, Json<Answer>)>(
        "select w.attempt_id, w.item_id, w.answer from attempt_answers w
         join attempts a on a.tenant_id = w.tenant_id and a.id = w.attempt_id
         where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut by_attempt: HashMap<Uuid, HashMap<Uuid, Answer>> = HashMap::new();
    for (attempt, item, Json(answer)) in answers {
        by_attempt.entry(attempt).or_default().insert(item, answer);
    }
    Ok(rows
        .into_iter()
        .map(|(id, Json(drawn))| Finished {
            drawn,
            answers: by_attempt.remove(&id).unwrap_or_default(),
        })
        .collect())
}

pub async fn item_statistics(
    state: &AppState,
    slug: &str,
    instrument: &str,
) -> Result<ItemStatistics, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let instrument_id = parse_id(instrument)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let (title, framework_id): (String, Uuid) =
        sqlx::query_as("select title, framework_id from instruments where tenant_id = $1 and id = $2")
            .bind(tenant.id)
            .bind(instrument_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    let framework = framework_of(&mut tx, tenant.id)
        .await?
        .filter(|(id, _)| *id == framework_id)
        .map(|(_, f)| f)
        .ok_or(AppError::NotFound)?;
    let attempts = finished_attempts(&mut tx, tenant.id, instrument_id).await?;
    let versions: BTreeSet<(Uuid, i32)> = attempts
        .iter()
        .flat_map(|a| a.drawn.iter().map(|d| (d.id, d.version)))
        .collect();
    let mut bodies = item_versions(&mut tx, tenant.id, versions.into_iter()).await?;
    tx.commit().await?;
    // One column per item version: a new version is a different question.
    let mut columns: Vec<(Uuid, i32, Item)> = bodies.drain().map(|((id, v), item)| (id, v, item)).collect();
    columns.sort_by_key(|(id, v, _)| (*id, *v));
    let index: HashMap<(Uuid, i32), usize> = columns
        .iter()
        .enumerate()
        .map(|(n, (id, v, _))| ((*id, *v), n))
        .collect();
    let mut scores = vec![vec![None; columns.len()]; attempts.len()];
    let mut chosen: Vec<Vec<usize>> = columns
        .iter()
        .map(|(_, _, item)| vec![0; item.options.len()])
        .collect();
    for (row, attempt) in attempts.iter().enumerate() {
        for drawn in &attempt.drawn {
            let Some(&n) = index.get(&(drawn.id, drawn.version)) else {
                continue;
            };
            let answer = attempt.answers.get(&drawn.id);
            scores[row][n] = Some(scoring::item_score(&columns[n].2, answer));
            if let Some(Answer::Options { chosen: picked }) = answer {
                for &option in picked {
                    if let Some(count) = chosen[n].get_mut(option) {
                        *count += 1;
                    }
                }
            }
        }
    }
    // polars is CPU work: keep it off the threads that serve requests.
    let (items, scales) =
        tokio::task::spawn_blocking(move || statistics_of(&framework, &columns, &scores, &chosen))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
    Ok(ItemStatistics {
        instrument: title,
        attempts: attempts.len(),
        items,
        scales,
    })
}

/// Facility, discrimination, flags and scale reliability from the score matrix.
fn statistics_of(
    framework: &Framework,
    columns: &[(Uuid, i32, Item)],
    scores: &[Vec<Option<f64>>],
    chosen: &[Vec<usize>],
) -> polars::prelude::PolarsResult<(Vec<ItemStat>, Vec<ScaleStat>)> {
    let matrix = stats::Matrix {
        scores,
        items: columns.len(),
    };
    let computed = stats::item_statistics(&matrix)?;
    let items = columns
        .iter()
        .enumerate()
        .map(|(n, (_, version, item))| {
            let options: Vec<(String, usize, bool)> = item
                .options
                .iter()
                .enumerate()
                .map(|(o, text)| (text.clone(), chosen[n][o], item.correct.contains(&o)))
                .collect();
            ItemStat {
                code: if *version > 1 {
                    format!("{} (в. {version})", item.code)
                } else {
                    item.code.clone()
                },
                stem: item.stem.clone(),
                answered: computed.answered[n],
                facility: computed.facility[n].unwrap_or(0.0),
                discrimination: computed.discrimination[n],
                flags: stats::flags(
                    computed.answered[n],
                    computed.facility[n],
                    computed.discrimination[n],
                    item.kind == ItemKind::Likert,
                    &options,
                ),
                options,
            }
        })
        .collect();
    let mut scales = Vec::new();
    for competency in &framework.competencies {
        let members: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, (_, _, item))| item.primary_competency() == Some(competency.code.as_str()))
            .map(|(n, _)| n)
            .collect();
        if members.is_empty() {
            continue;
        }
        scales.push(ScaleStat {
            competency: competency.code.clone(),
            title: competency.title.clone(),
            items: members.len(),
            alpha: stats::cronbach_alpha(&matrix, &members)?,
        });
    }
    Ok((items, scales))
}

pub async fn person_scores(
    state: &AppState,
    slug: &str,
    instrument: &str,
) -> Result<Vec<PersonScore>, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let instrument_id = parse_id(instrument)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows =
        sqlx::query_as::<_, (Uuid, String, Option<String>, String, Json<super::AttemptResult>)>(&format!(
            "select a.id, u.full_name, s.name, to_char(a.finished_at at time zone $3, {LOCAL_TIME}), a.result
         from attempts a join users u on u.id = a.user_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null
         order by a.finished_at desc"
        ))
        .bind(tenant.id)
        .bind(instrument_id)
        .bind(&tenant.time_zone)
        .fetch_all(&mut *tx)
        .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "individual_scores_viewed",
        serde_json::json!({ "instrument": instrument_id, "people": rows.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, person, school, finished_at, Json(result))| PersonScore {
            attempt_id: id.to_string(),
            person,
            school: school.unwrap_or_default(),
            finished_at,
            points: result.points,
            max_points: result.max_points,
            deficits: result.deficits.len(),
        })
        .collect())
}

/// A demo region's diagnostics: the template framework and bank, one instrument for teachers
/// (one item per competency of the teacher profile) and one for directors (two random items
/// per competency of the director profile, 40 minutes). Does nothing if the region has a
/// framework.
pub async fn seed_region(tx: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    if framework_of(tx, tenant_id).await?.is_some() {
        return Ok(());
    }
    let framework_id = copy_template(tx, tenant_id, None).await?;
    let framework = super::templates::framework();
    let items = super::templates::items();
    let profile = |position: &str| {
        framework
            .profiles
            .iter()
            .find(|p| p.position == position)
            .map(|p| p.competencies.clone())
            .unwrap_or_default()
    };
    let teacher_items: Vec<String> = profile("teacher")
        .iter()
        .filter_map(|code| {
            items
                .iter()
                .find(|i| i.primary_competency() == Some(code.as_str()))
        })
        .map(|i| i.code.clone())
        .collect();
    let instruments = [
        (
            ru::DEMO_TEACHER_INSTRUMENT,
            InstrumentBody {
                selection: Selection::Fixed { items: teacher_items },
                positions: vec!["teacher".into()],
                subjects: vec![],
                shuffle_options: true,
                instructions: ru::DEMO_TEACHER_INSTRUCTIONS.into(),
            },
            None,
        ),
        (
            ru::DEMO_DIRECTOR_INSTRUMENT,
            InstrumentBody {
                selection: Selection::PerCompetency {
                    k: 2,
                    competencies: profile("director"),
                },
                positions: vec!["director".into(), "deputy_director".into()],
                subjects: vec![],
                shuffle_options: true,
                instructions: ru::DEMO_DIRECTOR_INSTRUCTIONS.into(),
            },
            Some(40),
        ),
    ];
    for (title, body, limit) in instruments {
        sqlx::query(
            "insert into instruments (tenant_id, framework_id, title, body, time_limit_minutes) values ($1, $2, $3, $4, $5)",
        )
        .bind(tenant_id)
        .bind(framework_id)
        .bind(title)
        .bind(Json(&body))
        .bind(limit)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
