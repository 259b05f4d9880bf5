//! Item statistics of an instrument and individual scores, for the regional operator.

use std::collections::{BTreeSet, HashMap};

use uuid::Uuid;

use super::db::{self, DrawnItem};
use super::model::{Answer, Framework, Item, ItemKind};
use super::stats_model::{ItemStat, ScaleStat};
use super::{scoring, stats, ItemStatistics, PersonScore};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// A finished attempt of an instrument with its drawn items and answers.
struct Finished {
    drawn: Vec<DrawnItem>,
    answers: HashMap<Uuid, Answer>,
}

/// One column per item version: a new version is a different question.
type Columns = Vec<(Uuid, i32, Item)>;

pub async fn get_item_statistics(slug: &str, instrument: &str) -> Result<ItemStatistics, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let instrument_id = parse_id(instrument)?;
    let tenant_id = staff.tenant.id;
    let head = db::instrument_head(&mut staff.tx, tenant_id, instrument_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let framework = db::framework_of(&mut staff.tx, tenant_id)
        .await?
        .filter(|f| f.id == head.framework_id)
        .map(|f| f.body)
        .ok_or(AppError::NotFound)?;
    let rows = db::finished_attempts(&mut staff.tx, tenant_id, instrument_id).await?;
    let mut by_attempt: HashMap<Uuid, HashMap<Uuid, Answer>> = HashMap::new();
    for given in db::finished_answers(&mut staff.tx, tenant_id, instrument_id).await? {
        by_attempt
            .entry(given.attempt_id)
            .or_default()
            .insert(given.item_id, given.answer);
    }
    let attempts: Vec<Finished> = rows
        .into_iter()
        .map(|row| Finished {
            answers: by_attempt.remove(&row.id).unwrap_or_default(),
            drawn: row.items,
        })
        .collect();
    let versions: BTreeSet<(Uuid, i32)> = attempts
        .iter()
        .flat_map(|a| a.drawn.iter().map(|d| (d.id, d.version)))
        .collect();
    let bodies = db::item_versions(&mut staff.tx, tenant_id, versions.into_iter()).await?;
    staff.commit().await?;
    let mut columns: Columns = bodies.into_iter().map(|((id, v), item)| (id, v, item)).collect();
    columns.sort_by_key(|(id, v, _)| (*id, *v));
    let (scores, chosen) = score_matrix(&attempts, &columns);
    // polars is CPU work: keep it off the threads that serve requests.
    let (items, scales) =
        tokio::task::spawn_blocking(move || statistics_of(&framework, &columns, &scores, &chosen))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
    Ok(ItemStatistics {
        instrument: head.title,
        attempts: attempts.len(),
        items,
        scales,
    })
}

/// The share of points per attempt and column, and how often each option of a column was chosen.
fn score_matrix(attempts: &[Finished], columns: &Columns) -> (Vec<Vec<Option<f64>>>, Vec<Vec<usize>>) {
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
    (scores, chosen)
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
                code: ru::diag_item_code(&item.code, *version),
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

/// Individual scores of an instrument; every look is audited.
pub async fn get_person_scores(slug: &str, instrument: &str) -> Result<Vec<PersonScore>, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let instrument_id = parse_id(instrument)?;
    let tenant = staff.tenant.clone();
    let rows = db::person_scores(&mut staff.tx, tenant.id, instrument_id, &tenant.time_zone).await?;
    let details = serde_json::json!({ "instrument": instrument_id, "people": rows.len() });
    staff.audit("individual_scores_viewed", details).await?;
    staff.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| PersonScore {
            attempt_id: row.id.to_string(),
            person: row.person,
            school: row.school.unwrap_or_default(),
            finished_at: row.finished_at,
            points: row.result.points,
            max_points: row.result.max_points,
            deficits: row.result.deficits.len(),
        })
        .collect())
}
