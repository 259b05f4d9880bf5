//! Attempts: starting with a server-side deadline, autosaving answers, finishing (by the person
//! or by the deadline job), scoring, and the person's results with group comparisons.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::model::{Answer, AttemptResult, Framework, InstrumentBody, Item, Selection};
use super::privacy::{rounded_share, GroupSize};
use super::{
    scoring, AttemptItem, AttemptView, GroupAverage, InstrumentCard, MyDiagnostics, PastResult, ResultView,
    SaveOutcome, SavedAnswer, SchoolAggregate, SchoolInstrument,
};
use crate::accounts::{service::audit, session::AuthUser};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::tenancy::db::{tenant_by_slug, TenantRow};

/// An item of an attempt: which version, and the order its options are shown in.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct DrawnItem {
    pub id: Uuid,
    pub version: i32,
    pub order: Vec<usize>,
}

/// The signed-in person as a member of the region.
pub(super) struct Member {
    pub tenant: TenantRow,
    pub user: AuthUser,
    pub position: String,
    pub subjects: Vec<String>,
}

pub(super) async fn member(state: &AppState, slug: &str) -> Result<Member, AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::RegionNotFound)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let row = sqlx::query_as::<_, (String, Vec<String>)>(
        "select m.position, m.subjects
         from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.user_id = $2 and m.active and u.active",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let (position, subjects) = row.ok_or(AppError::Forbidden)?;
    Ok(Member {
        tenant,
        user,
        position,
        subjects,
    })
}

pub(super) use crate::state::{parse_id, LOCAL_TIME};

/// Instruments open to the person (by audience and window) or assigned to them, and their
/// finished results, newest first.
pub async fn mine(state: &AppState, slug: &str) -> Result<MyDiagnostics, AppError> {
    let me = member(state, slug).await?;
    let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
    let rows = sqlx::query_as::<
        _,
        (
            Uuid,
            String,
            Option<i32>,
            Option<String>,
            Option<String>,
            bool,
            bool,
            Option<Uuid>,
        ),
    >(&format!(
        "with mine as (
             select c.instrument_id, min(c.due_at) as due_at
             from assignments a join campaigns c on c.tenant_id = a.tenant_id and c.id = a.campaign_id
             where a.tenant_id = $1 and a.user_id = $2 group by c.instrument_id)
         select i.id, i.title, i.time_limit_minutes,
                to_char(i.closes_at at time zone $5, {LOCAL_TIME}),
                to_char(mine.due_at at time zone $5, {LOCAL_TIME}),
                mine.instrument_id is not null,
                (i.opens_at is null or i.opens_at <= now()) and (i.closes_at is null or i.closes_at > now()),
                (select t.id from attempts t where t.tenant_id = i.tenant_id and t.instrument_id = i.id
                    and t.user_id = $2 and t.finished_at is null)
         from instruments i left join mine on mine.instrument_id = i.id
         where i.tenant_id = $1
           and (mine.instrument_id is not null
                or ((jsonb_array_length(i.body->'positions') = 0 or i.body->'positions' ? $3)
                    and (jsonb_array_length(i.body->'subjects') = 0 or i.body->'subjects' ?| $4)
                    and (i.closes_at is null or i.closes_at > now())))
         order by mine.due_at nulls last, i.title"
    ))
    .bind(me.tenant.id)
    .bind(me.user.user_id)
    .bind(&me.position)
    .bind(&me.subjects)
    .bind(&me.tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    let instruments = rows
        .into_iter()
        .map(
            |(id, title, time_limit_minutes, closes_at, due_at, assigned, open, active)| InstrumentCard {
                id: id.to_string(),
                title,
                time_limit_minutes,
                closes_at,
                due_at,
                assigned,
                open,
                active_attempt: active.map(|a| a.to_string()),
            },
        )
        .collect();
    let results = sqlx::query_as::<_, (Uuid, String, String, Json<AttemptResult>)>(&format!(
        "select a.id, i.title, to_char(a.finished_at at time zone $3, {LOCAL_TIME}), a.result
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.user_id = $2 and a.finished_at is not null
         order by a.finished_at desc"
    ))
    .bind(me.tenant.id)
    .bind(me.user.user_id)
    .bind(&me.tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, title, finished_at, Json(result))| PastResult {
        attempt_id: id.to_string(),
        title,
        finished_at,
        points: result.points,
        max_points: result.max_points,
        deficits: result
            .deficits
            .iter()
            .filter_map(|code| result.competencies.iter().find(|c| &c.code == code))
            .map(|c| c.title.clone())
            .collect(),
    })
    .collect();
    tx.commit().await?;
    Ok(MyDiagnostics { instruments, results })
}

/// The current version of every item of a framework that is not retired.
pub(super) async fn current_items(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    framework_id: Uuid,
) -> Result<Vec<(Uuid, i32, Item)>, sqlx::Error> {
    let rows = sqlx::query_as::<_, (Uuid, i32, Json<Item>)>(
        "select id, version, body from (
             select distinct on (id) id, version, body, retired from items
             where tenant_id = $1 and framework_id = $2 order by id, version desc) latest
         where not retired order by body->>'code'",
    )
    .bind(tenant_id)
    .bind(framework_id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, v, Json(item))| (id, v, item))
        .collect())
}

/// Draws the items of a new attempt: the fixed list, or k random items per competency.
fn draw(body: &InstrumentBody, bank: &[(Uuid, i32, Item)]) -> Vec<DrawnItem> {
    let mut rng = rand::thread_rng();
    let chosen: Vec<&(Uuid, i32, Item)> = match &body.selection {
        Selection::Fixed { items } => items
            .iter()
            .filter_map(|code| bank.iter().find(|(_, _, item)| &item.code == code))
            .collect(),
        Selection::PerCompetency { k, competencies } => competencies
            .iter()
            .flat_map(|competency| {
                let mut candidates: Vec<&(Uuid, i32, Item)> = bank
                    .iter()
                    .filter(|(_, _, item)| item.primary_competency() == Some(competency.as_str()))
                    .collect();
                candidates.shuffle(&mut rng);
                candidates.truncate(*k);
                candidates
            })
            .collect(),
    };
    chosen
        .into_iter()
        .map(|(id, version, item)| {
            let mut order: Vec<usize> = (0..item.options.len()).collect();
            if body.shuffle_options {
                order.shuffle(&mut rng);
            }
            DrawnItem {
                id: *id,
                version: *version,
                order,
            }
        })
        .collect()
}

/// Starts an attempt, or returns the one in progress: one active attempt per person and
/// instrument (a unique index guards against two tabs starting at once).
pub async fn start(state: &AppState, slug: &str, instrument: &str) -> Result<String, AppError> {
    let me = member(state, slug).await?;
    let instrument_id = parse_id(instrument)?;
    finalise_overdue_of(state, me.tenant.id, me.user.user_id).await?;
    let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
    if let Some(id) = active_attempt(&mut tx, me.tenant.id, me.user.user_id, instrument_id).await? {
        return Ok(id.to_string());
    }
    let instrument = sqlx::query_as::<_, (Uuid, Json<InstrumentBody>, Option<i32>, bool, bool)>(
        "select framework_id, body, time_limit_minutes,
                (opens_at is null or opens_at <= now()) and (closes_at is null or closes_at > now()),
                exists(select 1 from assignments a join campaigns c on c.tenant_id = a.tenant_id
                       and c.id = a.campaign_id where a.tenant_id = $1 and a.user_id = $3
                       and c.instrument_id = $2)
         from instruments where tenant_id = $1 and id = $2",
    )
    .bind(me.tenant.id)
    .bind(instrument_id)
    .bind(me.user.user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (framework_id, Json(body), limit, open, assigned) = instrument;
    let audience = (body.positions.is_empty() || body.positions.contains(&me.position))
        && (body.subjects.is_empty() || body.subjects.iter().any(|s| me.subjects.contains(s)));
    if !(assigned || audience) {
        return Err(AppError::Forbidden);
    }
    if !open {
        return Err(AppError::invalid("instrument", ru::DIAG_CLOSED));
    }
    let bank = current_items(&mut tx, me.tenant.id, framework_id).await?;
    let drawn = draw(&body, &bank);
    if drawn.is_empty() {
        return Err(AppError::invalid("instrument", ru::DIAG_NO_ITEMS));
    }
    let ids: Vec<Uuid> = drawn.iter().map(|d| d.id).collect();
    let id: Option<Uuid> = sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, deadline_at)
         select $1, $2, $3, $4, $5,
                least(now() + make_interval(mins => $6), (select closes_at from instruments where tenant_id = $1 and id = $2))
         on conflict do nothing returning id",
    )
    .bind(me.tenant.id)
    .bind(instrument_id)
    .bind(me.user.user_id)
    .bind(&ids)
    .bind(Json(&drawn))
    .bind(limit)
    .fetch_optional(&mut *tx)
    .await?;
    let id = match id {
        Some(id) => {
            audit(
                &mut tx,
                Some(me.tenant.id),
                Some(me.user.user_id),
                "attempt_started",
                serde_json::json!({ "attempt": id, "instrument": instrument_id }),
            )
            .await?;
            id
        }
        // Another tab started it a moment ago.
        None => active_attempt(&mut tx, me.tenant.id, me.user.user_id, instrument_id)
            .await?
            .ok_or_else(|| AppError::internal("an attempt conflicted but none is active"))?,
    };
    tx.commit().await?;
    Ok(id.to_string())
}

/// The bodies of the given item versions: the versions an attempt drew, or every version that
/// finished attempts used.
pub(super) async fn item_versions(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    versions: impl Iterator<Item = (Uuid, i32)>,
) -> Result<HashMap<(Uuid, i32), Item>, sqlx::Error> {
    let (ids, versions): (Vec<Uuid>, Vec<i32>) = versions.unzip();
    let rows = sqlx::query_as::<_, (Uuid, i32, Json<Item>)>(
        "select i.id, i.version, i.body from items i
         join unnest($2::uuid[], $3::int[]) as d(id, version) on d.id = i.id and d.version = i.version
         where i.tenant_id = $1",
    )
    .bind(tenant_id)
    .bind(&ids)
    .bind(&versions)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, v, Json(item))| ((id, v), item))
        .collect())
}

fn drawn_versions(drawn: &[DrawnItem]) -> impl Iterator<Item = (Uuid, i32)> + '_ {
    drawn.iter().map(|d| (d.id, d.version))
}

/// The framework an instrument scores against.
async fn framework_body(tx: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<Framework, sqlx::Error> {
    let Json(framework): Json<Framework> =
        sqlx::query_scalar("select body from frameworks where tenant_id = $1 and id = $2")
            .bind(tenant_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    Ok(framework)
}

/// The person's attempt in progress on an instrument, if any.
async fn active_attempt(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    instrument_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from attempts where tenant_id = $1 and user_id = $2 and instrument_id = $3 and finished_at is null",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(instrument_id)
    .fetch_optional(&mut *tx)
    .await
}

pub async fn view(state: &AppState, slug: &str, id: &str) -> Result<AttemptView, AppError> {
    let me = member(state, slug).await?;
    let attempt_id = parse_id(id)?;
    finalise_overdue_of(state, me.tenant.id, me.user.user_id).await?;
    let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
    let row = sqlx::query_as::<
        _,
        (
            String,
            Json<InstrumentBody>,
            Json<Vec<DrawnItem>>,
            Option<String>,
            Option<i64>,
            bool,
        ),
    >(&format!(
        "select i.title, i.body, a.items, to_char(a.deadline_at at time zone $3, {LOCAL_TIME}),
                    extract(epoch from a.deadline_at - now())::bigint, a.finished_at is not null
             from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
             where a.tenant_id = $1 and a.id = $2 and a.user_id = $4"
    ))
    .bind(me.tenant.id)
    .bind(attempt_id)
    .bind(&me.tenant.time_zone)
    .bind(me.user.user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (title, Json(body), Json(drawn), deadline, seconds_left, finished) = row;
    let bank = item_versions(&mut tx, me.tenant.id, drawn_versions(&drawn)).await?;
    let items = drawn
        .iter()
        .filter_map(|d| {
            let item = bank.get(&(d.id, d.version))?;
            Some(AttemptItem {
                id: d.id.to_string(),
                kind: item.kind,
                stem: item.stem.clone(),
                options: d
                    .order
                    .iter()
                    .filter_map(|&i| item.options.get(i).map(|text| (i, text.clone())))
                    .collect(),
            })
        })
        .collect();
    let answers = sqlx::query_as::<_, (Uuid, i64, Json<Answer>)>(
        "select item_id, seq, answer from attempt_answers where tenant_id = $1 and attempt_id = $2",
    )
    .bind(me.tenant.id)
    .bind(attempt_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(item, seq, Json(answer))| SavedAnswer {
        item_id: item.to_string(),
        seq,
        answer,
    })
    .collect();
    tx.commit().await?;
    Ok(AttemptView {
        id: attempt_id.to_string(),
        title,
        instructions: body.instructions,
        deadline,
        seconds_left: seconds_left.map(|s| s.max(0)),
        finished,
        items,
        answers,
    })
}

/// An autosave, written in a batch with the saves arriving at the same moment
/// ([`super::autosave`]); the database function checks ownership, the deadline and the sequence
/// number inside the tenant's row-level security.
pub async fn save_answer_for(
    state: &AppState,
    user: Option<AuthUser>,
    slug: &str,
    attempt: &str,
    item: &str,
    seq: i64,
    answer: Answer,
) -> Result<SaveOutcome, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let tenant_id = state
        .tenant_ids
        .get(&state.db, slug)
        .await?
        .ok_or(AppError::RegionNotFound)?;
    let (attempt, item) = (parse_id(attempt)?, parse_id(item)?);
    let well_formed = match &answer {
        Answer::Options { chosen } => chosen.len() <= 20,
        Answer::Scale { value } => (1..=5).contains(value),
        Answer::Text { text } => text.chars().count() <= 500,
    };
    if !well_formed || seq <= 0 {
        return Err(AppError::invalid("answer", ru::DIAG_ANSWER_MALFORMED));
    }
    let outcome = state
        .autosaver
        .save(super::autosave::Save {
            tenant: tenant_id,
            user: user.user_id,
            attempt,
            item,
            seq,
            answer,
        })
        .await?;
    match outcome.as_str() {
        "saved" => Ok(SaveOutcome::Saved),
        "stale" => Ok(SaveOutcome::Stale),
        "late" => Err(AppError::invalid("answer", ru::DIAG_LATE)),
        "finished" => Err(AppError::invalid("answer", ru::DIAG_ALREADY_FINISHED)),
        "closed" => Err(AppError::Forbidden),
        _ => Err(AppError::NotFound),
    }
}

pub async fn finish(state: &AppState, slug: &str, id: &str) -> Result<(), AppError> {
    let me = member(state, slug).await?;
    let attempt_id = parse_id(id)?;
    let owner: Option<Uuid> =
        sqlx::query_scalar("select user_id from attempts where tenant_id = $1 and id = $2 and user_id = $3")
            .bind(me.tenant.id)
            .bind(attempt_id)
            .bind(me.user.user_id)
            .fetch_optional(&mut *begin_tenant(&state.db, me.tenant.id).await?)
            .await?;
    if owner.is_none() {
        return Err(AppError::NotFound);
    }
    finalise(state, me.tenant.id, attempt_id, "person").await
}

/// Scores and closes an attempt once; later calls do nothing. The exclusive advisory lock (saves
/// take it shared, see `rost_save_answer`) makes it wait for autosaves in flight, so every answer
/// saved before it is counted and none is saved after.
async fn finalise(state: &AppState, tenant_id: Uuid, attempt_id: Uuid, by: &str) -> Result<(), AppError> {
    let mut tx = begin_tenant(&state.db, tenant_id).await?;
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1::text, 0))")
        .bind(attempt_id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query_as::<
        _,
        (
            Json<Vec<DrawnItem>>,
            Uuid,
            bool,
            String,
            Uuid,
            String,
            String,
            String,
        ),
    >(
        "select a.items, i.framework_id, a.finished_at is not null, i.title, a.user_id, u.email, u.full_name,
                t.name
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join users u on u.id = a.user_id join tenants t on t.id = a.tenant_id
         where a.tenant_id = $1 and a.id = $2 for update of a",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (Json(drawn), framework_id, finished, title, user_id, email, full_name, region) = row;
    if finished {
        return Ok(());
    }
    let framework = framework_body(&mut tx, tenant_id, framework_id).await?;
    let bank = item_versions(&mut tx, tenant_id, drawn_versions(&drawn)).await?;
    let answers: HashMap<Uuid, Answer> = sqlx::query_as::<_, (Uuid, Json<Answer>)>(
        "select item_id, answer from attempt_answers where tenant_id = $1 and attempt_id = $2",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(item, Json(answer))| (item, answer))
    .collect();
    let scored: Vec<(&Item, Option<&Answer>)> = drawn
        .iter()
        .filter_map(|d| Some((bank.get(&(d.id, d.version))?, answers.get(&d.id))))
        .collect();
    let result = scoring::score_attempt(&framework, &scored);
    sqlx::query(
        "update attempts set finished_at = now(), finished_by = $3, result = $4 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .bind(by)
    .bind(Json(&result))
    .execute(&mut *tx)
    .await?;
    let slug: String = sqlx::query_scalar("select slug from tenants where id = $1")
        .bind(tenant_id)
        .fetch_one(&mut *tx)
        .await?;
    let link = format!("{}/r/{slug}/diagnostics/{attempt_id}/result", state.public_url);
    crate::notifications::enqueue(
        &mut tx,
        Some(tenant_id),
        &email,
        crate::notifications::templates::results_ready(&region, &full_name, &title, &link),
    )
    .await?;
    audit(
        &mut tx,
        Some(tenant_id),
        Some(user_id),
        "attempt_finished",
        serde_json::json!({ "attempt": attempt_id, "by": by }),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Finishes the person's attempts whose deadline has passed, so a page never shows an attempt
/// that the deadline job has not reached yet as still open.
async fn finalise_overdue_of(state: &AppState, tenant_id: Uuid, user_id: Uuid) -> Result<(), AppError> {
    let overdue: Vec<Uuid> = sqlx::query_scalar(
        "select id from attempts where tenant_id = $1 and user_id = $2 and finished_at is null and deadline_at <= now()",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(&mut *begin_tenant(&state.db, tenant_id).await?)
    .await?;
    for id in overdue {
        finalise(state, tenant_id, id, "deadline").await?;
    }
    Ok(())
}

/// The deadline job: finishes every attempt whose deadline has passed, in every region.
/// Returns how many it finished.
pub async fn finalise_due(state: &AppState) -> Result<usize, AppError> {
    let tenants: Vec<Uuid> = sqlx::query_scalar("select id from tenants")
        .fetch_all(&state.db)
        .await?;
    let mut finished = 0;
    for tenant_id in tenants {
        let due: Vec<Uuid> = sqlx::query_scalar(
            "select id from attempts where tenant_id = $1 and finished_at is null and deadline_at <= now()
             order by deadline_at limit 500",
        )
        .bind(tenant_id)
        .fetch_all(&mut *begin_tenant(&state.db, tenant_id).await?)
        .await?;
        for id in due {
            finalise(state, tenant_id, id, "deadline").await?;
            finished += 1;
        }
    }
    Ok(finished)
}

/// Means per competency over the latest finished attempt of each person in a group. Only
/// confirmed members count, and only attempts with at least half of their items answered: a
/// self-chosen school or an empty attempt would let fake colleagues dilute the group until its
/// average is one real person's score divided by the head count. The scores are left out when
/// fewer than [`super::MIN_GROUP`] people remain; the count leaves as a band.
async fn group_average(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
    group: String,
    school: Option<Uuid>,
    municipality: Option<Uuid>,
) -> Result<GroupAverage, sqlx::Error> {
    let rows = sqlx::query_as::<_, (String, f64, i64)>(
        "with latest as (
             select distinct on (a.user_id) a.user_id, a.result
             from attempts a
             join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
             left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
             where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null
               and m.school_status = 'confirmed'
               and ($3::uuid is null or m.school_id = $3)
               and ($4::uuid is null or coalesce(m.municipality_id, s.municipality_id) = $4)
               and 2 * (select count(*) from attempt_answers x
                        where x.tenant_id = a.tenant_id and x.attempt_id = a.id
                          and x.answer->'chosen' is distinct from '[]'::jsonb
                          and coalesce(btrim(x.answer->>'text'), '-') <> '') >= cardinality(a.item_ids)
             order by a.user_id, a.finished_at desc),
         people as (select count(*) as n from latest)
         select c->>'code', avg((c->>'score')::float8), (select n from people)
         from latest, jsonb_array_elements(latest.result->'competencies') c
         group by 1 order by 1",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .bind(school)
    .bind(municipality)
    .fetch_all(&mut *tx)
    .await?;
    let people = GroupSize::of(rows.first().map_or(0, |r| r.2 as usize));
    Ok(GroupAverage {
        group,
        people,
        scores: if people.large_enough() {
            rows.into_iter()
                .map(|(code, mean, _)| (code, rounded_share(mean)))
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// A result for the person who took it, or for the region's operator (audited).
pub async fn result(state: &AppState, slug: &str, id: &str) -> Result<ResultView, AppError> {
    let me = member(state, slug).await?;
    let attempt_id = parse_id(id)?;
    finalise_overdue_of(state, me.tenant.id, me.user.user_id).await?;
    let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
    let row = sqlx::query_as::<
        _,
        (
            Uuid,
            Uuid,
            String,
            String,
            String,
            Option<String>,
            Option<Json<AttemptResult>>,
            Option<Uuid>,
            Option<Uuid>,
            bool,
        ),
    >(&format!(
        "select a.user_id, a.instrument_id, i.title, u.full_name,
                coalesce(to_char(a.finished_at at time zone $3, {LOCAL_TIME}), ''), a.finished_by, a.result,
                m.school_id, coalesce(m.municipality_id, s.municipality_id), m.school_status = 'confirmed'
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join users u on u.id = a.user_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where a.tenant_id = $1 and a.id = $2"
    ))
    .bind(me.tenant.id)
    .bind(attempt_id)
    .bind(&me.tenant.time_zone)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let (
        owner,
        instrument_id,
        title,
        person,
        finished_at,
        finished_by,
        result,
        school,
        municipality,
        confirmed,
    ) = row;
    if owner != me.user.user_id {
        crate::accounts::service::require_role(state, slug, super::service::OPERATOR).await?;
        let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
        audit(
            &mut tx,
            Some(me.tenant.id),
            Some(me.user.user_id),
            "individual_result_viewed",
            serde_json::json!({ "attempt": attempt_id, "person": owner }),
        )
        .await?;
        tx.commit().await?;
    }
    let Json(result) = result.ok_or_else(|| AppError::invalid("attempt", ru::DIAG_NOT_FINISHED))?;
    let mut tx = begin_tenant(&state.db, me.tenant.id).await?;
    let mut groups = Vec::new();
    // A school (and its municipality) that nobody has confirmed yet is only the person's own
    // claim: its averages are for the school's confirmed staff, not for whoever chose it.
    if confirmed && school.is_some() {
        groups.push((ru::DIAG_GROUP_SCHOOL, school, None));
    }
    if confirmed && municipality.is_some() {
        groups.push((ru::DIAG_GROUP_MUNICIPALITY, None, municipality));
    }
    groups.push((ru::DIAG_GROUP_REGION, None, None));
    let mut comparison = Vec::new();
    for (group, school, municipality) in groups {
        comparison.push(
            group_average(
                &mut tx,
                me.tenant.id,
                instrument_id,
                group.into(),
                school,
                municipality,
            )
            .await?,
        );
    }
    tx.commit().await?;
    Ok(ResultView {
        attempt_id: attempt_id.to_string(),
        title,
        person,
        finished_at,
        finished_by_deadline: finished_by.as_deref() == Some("deadline"),
        result,
        comparison,
    })
}

/// A director's view of the school: per instrument, averages for groups of at least five
/// confirmed people.
pub async fn school_aggregate(state: &AppState, slug: &str) -> Result<SchoolAggregate, AppError> {
    let (tenant, user) = crate::accounts::service::require_role(state, slug, &["director"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    // The director role comes with a confirmed membership; checking it again here keeps a role
    // granted by hand from opening a school the person was never confirmed at.
    let (school_id, school): (Uuid, String) = sqlx::query_as(
        "select s.id, s.name from memberships m join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and m.school_status = 'confirmed'",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Forbidden)?;
    let instruments = sqlx::query_as::<_, (Uuid, String, Uuid)>(
        "select distinct i.id, i.title, i.framework_id from attempts a
         join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         where a.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed'
           and a.finished_at is not null
         order by i.title",
    )
    .bind(tenant.id)
    .bind(school_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::new();
    for (instrument_id, title, framework_id) in instruments {
        let average = group_average(
            &mut tx,
            tenant.id,
            instrument_id,
            school.clone(),
            Some(school_id),
            None,
        )
        .await?;
        let framework = framework_body(&mut tx, tenant.id, framework_id).await?;
        let titles = average
            .scores
            .iter()
            .map(|(code, _)| {
                let title = framework
                    .competency(code)
                    .map_or(code.clone(), |c| c.title.clone());
                (code.clone(), title)
            })
            .collect();
        out.push(SchoolInstrument {
            title,
            average,
            titles,
        });
    }
    tx.commit().await?;
    Ok(SchoolAggregate {
        school,
        instruments: out,
    })
}
