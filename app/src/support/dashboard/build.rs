//! Builds the support summary of the reader's reach and saves the region's target.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::cache::Key;
use super::{
    db, HeatMap, HeatRow, LeftList, Movement, Overdue, StateCount, SupportSummary, Transition,
    DEFAULT_LEFT_TARGET, OVERDUE_SHOWN, SUMMARY_READERS, SUPPORT_STATUSES,
};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::support::risk::{Assessment, Level, Questionnaire};
use crate::support::scope::Viewer;
use crate::support::CaseState;

/// Who the summary is for: the whole region (the operator) or one municipality.
#[derive(Clone, Copy)]
struct Reach {
    operator: bool,
    municipality: Option<Uuid>,
}

pub async fn get_support_summary(slug: &str) -> Result<SupportSummary, AppError> {
    let mut staff = Staff::require(slug, SUMMARY_READERS).await?;
    let viewer = Viewer::of(&mut staff).await?;
    if !viewer.operator && viewer.municipality.is_none() {
        // A coordinator not attached to a municipality has nothing to see.
        return Err(AppError::Forbidden);
    }
    let reach = Reach {
        operator: viewer.operator,
        municipality: viewer.municipality.filter(|_| !viewer.operator),
    };
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let stamp = db::version(&mut staff.tx, tenant, &zone).await?;
    let key = Key {
        tenant,
        operator: reach.operator,
        municipality: reach.municipality,
    };
    let summary = match staff.state.support_summaries.get(&key, &stamp) {
        Some(kept) => kept,
        None => {
            let built = Arc::new(build(&mut staff, reach, &stamp.1).await?);
            staff.state.support_summaries.put(key, stamp, built.clone());
            built
        }
    };
    staff.commit().await?;
    Ok(Arc::unwrap_or_clone(summary))
}

async fn build(staff: &mut Staff, reach: Reach, today: &str) -> Result<SupportSummary, AppError> {
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let (op, mu) = (reach.operator, reach.municipality);
    let conn = &mut *staff.tx;
    let counted = db::states(conn, tenant, op, mu).await?;
    let states: Vec<StateCount> = CaseState::ALL
        .into_iter()
        .map(|state| StateCount {
            code: state.code().to_string(),
            label: state.label().to_string(),
            cases: counted
                .iter()
                .find(|(code, _)| code == state.code())
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").map_err(AppError::internal)?;
    let maps = db::road_maps(conn, tenant, op, mu).await?;
    let (activities, done, mut overdue) = activities(&maps, today);
    overdue.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.school.cmp(&b.school)));
    let overdue_total = overdue.len() as i64;
    overdue.truncate(OVERDUE_SHOWN);
    let heat = heat_map(conn, tenant, reach).await?;
    let codes = db::case_schools(conn, tenant, op, mu).await?;
    let (movement, left) = movement(conn, tenant, &zone, &codes).await?;
    let target = db::target(conn, tenant).await?.unwrap_or(DEFAULT_LEFT_TARGET);
    let scope = match mu {
        Some(id) => {
            sqlx::query_scalar("select name from municipalities where tenant_id = $1 and id = $2")
                .bind(tenant)
                .bind(id)
                .fetch_one(&mut *staff.tx)
                .await?
        }
        None => staff.tenant.card.name.clone(),
    };
    let schools = codes.len() as i64;
    Ok(SupportSummary {
        scope,
        operator: op,
        cases: states.iter().map(|s| s.cases).sum(),
        states,
        activities,
        done,
        overdue,
        overdue_total,
        heat,
        movement,
        left: LeftList {
            schools,
            left: left.unwrap_or(0),
            percent: left
                .filter(|_| schools > 0)
                .map(|l| (l * 100 + schools / 2) / schools),
            target,
            has_run: left.is_some(),
        },
    })
}

/// All activities of the road maps, those done, and those past their deadline and not done.
fn activities(maps: &[db::RoadMap], today: NaiveDate) -> (i64, i64, Vec<Overdue>) {
    let (mut all, mut done, mut overdue) = (0, 0, Vec::new());
    for map in maps {
        for activity in map.body.0.activities() {
            all += 1;
            if activity.done() {
                done += 1;
                continue;
            }
            let Some(deadline) = activity.deadline() else {
                continue;
            };
            if deadline < today {
                overdue.push(Overdue {
                    case_id: map.case_id.to_string(),
                    school: map.school.clone(),
                    activity: activity.cell("title").to_string(),
                    deadline: deadline.format("%d.%m.%Y").to_string(),
                    days: (today - deadline).num_days(),
                });
            }
        }
    }
    (all, done, overdue)
}

/// Schools with a high level per factor and municipality, scored from each school's latest
/// confirmed profile by the questionnaire it answered (the curator's level where given).
async fn heat_map(conn: &mut sqlx::PgConnection, tenant: Uuid, reach: Reach) -> Result<HeatMap, AppError> {
    let (op, mu) = (reach.operator, reach.municipality);
    let municipalities = db::case_municipalities(conn, tenant, op, mu).await?;
    let mut questionnaires: BTreeMap<Uuid, Questionnaire> = BTreeMap::new();
    let mut factors: Vec<(String, String)> = Vec::new();
    for (id, body) in db::questionnaires(conn, tenant).await? {
        let q: Questionnaire = serde_json::from_value(body).map_err(AppError::internal)?;
        for f in &q.factors {
            if !factors.iter().any(|(code, _)| *code == f.code) {
                factors.push((f.code.clone(), f.title.clone()));
            }
        }
        questionnaires.insert(id, q);
    }
    let column = |name: &str| municipalities.iter().position(|m| m == name);
    let mut profiles = vec![0; municipalities.len()];
    let mut cells = vec![vec![0; municipalities.len()]; factors.len()];
    for p in db::confirmed_profiles(conn, tenant, op, mu).await? {
        let (Some(q), Some(col)) = (questionnaires.get(&p.questionnaire_id), column(&p.municipality)) else {
            continue;
        };
        let answers: BTreeMap<String, usize> =
            serde_json::from_value(p.answers).map_err(AppError::internal)?;
        let assessment: BTreeMap<String, Assessment> =
            serde_json::from_value(p.assessment).map_err(AppError::internal)?;
        profiles[col] += 1;
        for level in q.score(&answers, &assessment) {
            if level.level() == Some(Level::High) {
                if let Some(row) = factors.iter().position(|(code, _)| *code == level.code) {
                    cells[row][col] += 1;
                }
            }
        }
    }
    let rows = factors
        .into_iter()
        .zip(cells)
        .map(|((_, factor), cells)| HeatRow { factor, cells })
        .collect();
    Ok(HeatMap {
        municipalities,
        profiles,
        rows,
    })
}

/// The case schools' statuses in the previous and the latest published run (the transitions
/// between them) and how many are in no support status of the latest (`None` without a run).
async fn movement(
    conn: &mut sqlx::PgConnection,
    tenant: Uuid,
    zone: &str,
    codes: &[String],
) -> Result<(Option<Movement>, Option<i64>), AppError> {
    let heads = db::run_heads(conn, tenant, zone).await?;
    let Some(latest) = heads.iter().find(|h| h.back == 0) else {
        return Ok((None, None));
    };
    let statuses: std::collections::HashMap<(i64, String), Vec<String>> =
        db::run_statuses(conn, tenant, codes, zone)
            .await?
            .into_iter()
            .map(|(back, code, statuses)| ((back, code), statuses))
            .collect();
    let of = |back: i64, code: &str| -> Vec<String> {
        statuses
            .get(&(back, code.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    let left = codes
        .iter()
        .filter(|code| !of(0, code).iter().any(|s| SUPPORT_STATUSES.contains(&s.as_str())))
        .count() as i64;
    let movement = heads.iter().find(|h| h.back == 1).map(|previous| {
        let label = |statuses: Vec<String>, labels: &[(String, String)]| -> String {
            if statuses.is_empty() {
                return ru::DASH_NO_STATUS.to_string();
            }
            let named: Vec<&str> = statuses
                .iter()
                .map(|code| {
                    labels
                        .iter()
                        .find(|(c, _)| c == code)
                        .map_or(code.as_str(), |(_, l)| l)
                })
                .collect();
            named.join(" + ")
        };
        let mut moved: BTreeMap<(String, String), i64> = BTreeMap::new();
        for code in codes.iter().collect::<BTreeSet<_>>() {
            let from = label(of(1, code), &previous.labels.0);
            let to = label(of(0, code), &latest.labels.0);
            *moved.entry((from, to)).or_default() += 1;
        }
        Movement {
            previous: ru::sup_run_line(&previous.title, &previous.published_on),
            latest: ru::sup_run_line(&latest.title, &latest.published_on),
            transitions: moved
                .into_iter()
                .map(|((from, to), schools)| Transition { from, to, schools })
                .collect(),
        }
    });
    Ok((movement, Some(left)))
}

/// A target as typed: a whole percent from 1 to 100 (a trailing `%` allowed).
pub fn parse_target(text: &str) -> Result<i32, AppError> {
    text.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|p| (1..=100).contains(p))
        .ok_or_else(|| AppError::invalid("left_percent", ru::SUPDASH_TARGET_INVALID))
}

pub async fn save_support_target(slug: &str, text: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let percent = parse_target(text)?;
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    db::set_target(&mut staff.tx, tenant, percent, user).await?;
    staff
        .audit(
            "support_target_saved",
            serde_json::json!({ "left_percent": percent }),
        )
        .await?;
    staff.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_whole_percent_from_one_to_a_hundred() {
        assert_eq!(parse_target(" 80 % ").unwrap(), 80);
        assert_eq!(parse_target("100").unwrap(), 100);
        for bad in ["0", "101", "75,5", "", "много", "-5"] {
            assert!(
                matches!(parse_target(bad), Err(AppError::Invalid { ref field, .. }) if field == "left_percent"),
                "{bad}"
            );
        }
    }
}
