//! Attempts: the person's diagnostics, starting with a server-side deadline, taking an
//! attempt, autosaving answers and finishing.

use rand::seq::SliceRandom;

use super::db::{self, Asker, BankItem, DrawnItem, NewAttempt};
use super::finalise::{finalise, finalise_overdue_of};
use super::model::{Answer, InstrumentBody, Selection};
use super::{AttemptItem, AttemptView, InstrumentCard, MyDiagnostics, PastResult, SaveOutcome, SavedAnswer};
use crate::access::{AuthUser, Member};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{parse_id, AppState};

/// Instruments open to the person (by audience and window) or assigned to them, and their
/// finished results, newest first.
pub async fn get_my_diagnostics(slug: &str) -> Result<MyDiagnostics, AppError> {
    let mut member = Member::require(slug).await?;
    let tenant = member.tenant.clone();
    // The cabinet is where a route completed without a completion event (the last unfinished
    // course removed from it) opens its re-test.
    let (public_url, user_id) = (member.state.public_url.clone(), member.user.user_id);
    if super::retest::on_completion_with(&mut member.tx, tenant.id, user_id, &public_url).await? {
        member.mail_queued();
    }
    let open_retests = db::open_retest_titles(&mut member.tx, tenant.id, user_id).await?;
    let me = Asker {
        tenant_id: tenant.id,
        user_id: member.user.user_id,
        time_zone: &tenant.time_zone,
    };
    let subjects = db::subjects_of(&mut member.tx, me.tenant_id, me.user_id).await?;
    let position = member.position.clone();
    let instruments = db::my_instruments(&mut member.tx, &me, &position, &subjects)
        .await?
        .into_iter()
        .map(|row| InstrumentCard {
            id: row.id.to_string(),
            title: row.title,
            time_limit_minutes: row.time_limit_minutes,
            closes_at: row.closes_at,
            due_at: row.due_at,
            assigned: row.assigned,
            open: row.open,
            active_attempt: row.active_attempt.map(|a| a.to_string()),
        })
        .collect();
    let results = db::my_results(&mut member.tx, &me)
        .await?
        .into_iter()
        .map(|row| PastResult {
            attempt_id: row.id.to_string(),
            title: row.title,
            finished_at: row.finished_at,
            points: row.result.points,
            max_points: row.result.max_points,
            deficits: row
                .result
                .deficits
                .iter()
                .filter_map(|code| row.result.competencies.iter().find(|c| &c.code == code))
                .map(|c| c.title.clone())
                .collect(),
        })
        .collect();
    member.commit().await?;
    Ok(MyDiagnostics {
        instruments,
        results,
        open_retests,
    })
}

/// Draws the items of a new attempt: the fixed list, or k random items per competency.
fn draw(body: &InstrumentBody, bank: &[BankItem]) -> Vec<DrawnItem> {
    let mut rng = rand::thread_rng();
    let chosen: Vec<&BankItem> = match &body.selection {
        Selection::Fixed { items } => items
            .iter()
            .filter_map(|code| bank.iter().find(|b| &b.item.code == code))
            .collect(),
        Selection::PerCompetency { k, competencies } => competencies
            .iter()
            .flat_map(|competency| {
                let mut candidates: Vec<&BankItem> = bank
                    .iter()
                    .filter(|b| b.item.primary_competency() == Some(competency.as_str()))
                    .collect();
                candidates.shuffle(&mut rng);
                // The bank holds only items of the person's subjects: a subject block draws them first.
                candidates.sort_by_key(|b| b.item.subject.is_none());
                candidates.truncate(*k);
                candidates
            })
            .collect(),
    };
    chosen
        .into_iter()
        .map(|b| {
            let mut order: Vec<usize> = (0..b.item.options.len()).collect();
            if body.shuffle_options {
                order.shuffle(&mut rng);
            }
            DrawnItem {
                id: b.id,
                version: b.version,
                order,
            }
        })
        .collect()
}

/// Starts an attempt, or returns the one in progress: one active attempt per person and
/// instrument (a unique index guards against two tabs starting at once).
pub async fn start_attempt(slug: &str, instrument: &str) -> Result<String, AppError> {
    let mut member = Member::require(slug).await?;
    let instrument_id = parse_id(instrument)?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    finalise_overdue_of(&mut member, user_id).await?;
    if let Some(id) = db::active_attempt(&mut member.tx, tenant_id, user_id, instrument_id).await? {
        member.commit().await?;
        return Ok(id.to_string());
    }
    if let Some(id) = super::retest::start_pending(&mut member, instrument_id).await? {
        member.commit().await?;
        return Ok(id.to_string());
    }
    let instrument = db::starting_instrument(&mut member.tx, tenant_id, instrument_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = &instrument.body;
    let subjects = db::subjects_of(&mut member.tx, tenant_id, user_id).await?;
    let audience = (body.positions.is_empty() || body.positions.contains(&member.position))
        && (body.subjects.is_empty() || body.subjects.iter().any(|s| subjects.contains(s)));
    if !(instrument.assigned || audience) {
        return Err(AppError::Forbidden);
    }
    if !instrument.open {
        return Err(AppError::invalid("instrument", ru::DIAG_CLOSED));
    }
    let mut bank = db::current_items(&mut member.tx, tenant_id, instrument.framework_id).await?;
    bank.retain(|b| b.item.fits_subjects(&subjects));
    let drawn = draw(body, &bank);
    if drawn.is_empty() {
        return Err(AppError::invalid("instrument", ru::DIAG_NO_ITEMS));
    }
    let new = NewAttempt {
        instrument_id,
        user_id,
        drawn: &drawn,
        time_limit_minutes: instrument.time_limit_minutes,
    };
    let id = match db::insert_attempt(&mut member.tx, tenant_id, new).await? {
        Some(id) => {
            let details = serde_json::json!({ "attempt": id, "instrument": instrument_id });
            member.audit("attempt_started", details).await?;
            id
        }
        // Another tab started it a moment ago.
        None => db::active_attempt(&mut member.tx, tenant_id, user_id, instrument_id)
            .await?
            .ok_or_else(|| AppError::internal("an attempt conflicted but none is active"))?,
    };
    member.commit().await?;
    Ok(id.to_string())
}

/// The person's attempt with its items (no keys, options in the attempt's order) and the
/// answers saved so far.
pub async fn get_attempt(slug: &str, id: &str) -> Result<AttemptView, AppError> {
    let mut member = Member::require(slug).await?;
    let attempt_id = parse_id(id)?;
    let user_id = member.user.user_id;
    finalise_overdue_of(&mut member, user_id).await?;
    let tenant = member.tenant.clone();
    let me = Asker {
        tenant_id: tenant.id,
        user_id,
        time_zone: &tenant.time_zone,
    };
    let row = db::my_attempt(&mut member.tx, &me, attempt_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = row.items.iter().map(|d| (d.id, d.version));
    let bank = db::item_versions(&mut member.tx, tenant.id, versions).await?;
    let items = row
        .items
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
    let answers = db::answers(&mut member.tx, tenant.id, attempt_id)
        .await?
        .into_iter()
        .map(|row| SavedAnswer {
            item_id: row.item_id.to_string(),
            seq: row.seq,
            answer: row.answer,
        })
        .collect();
    member.commit().await?;
    Ok(AttemptView {
        id: attempt_id.to_string(),
        title: row.title,
        instructions: row.body.instructions,
        deadline: row.deadline,
        seconds_left: row.seconds_left.map(|s| s.max(0)),
        finished: row.finished,
        items,
        answers,
    })
}

/// An autosave, written in a batch with the saves arriving at the same moment
/// ([`super::autosave`]); the database function checks ownership, the deadline and the sequence
/// number inside the tenant's row-level security.
///
/// The hottest path of the application, so it takes no gate: a gate would open a transaction
/// and look the membership up for every keystroke. The region comes from the `TenantIds`
/// cache, and `rost_save_answer` does the checks a gate would (the attempt must be the
/// person's own and open).
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

/// The person finishes their attempt.
pub async fn finish_attempt(slug: &str, id: &str) -> Result<(), AppError> {
    let mut member = Member::require(slug).await?;
    let attempt_id = parse_id(id)?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    if !db::owns_attempt(&mut member.tx, tenant_id, attempt_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    finalise(&mut member, attempt_id, "person").await?;
    member.commit().await
}
