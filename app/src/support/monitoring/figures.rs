//! The indicators Rost computes for a case's school, stored raw in a stage's snapshot and shown
//! under the n ≥ 5 rule: figures about teachers are given only for at least [`MIN_GROUP`]
//! people, who are counted in bands.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{db, Figure};
use crate::diagnostics::privacy::rounded_share;
use crate::diagnostics::{GroupSize, MIN_GROUP};
use crate::growth::aggregates::deficits_closed;
use crate::i18n::ru;
use crate::identification::engine::{SchoolResult, YearResult};

/// Seed 001: at least five people of the school with ≥ 32 hours of completed courses (the
/// dashboards count the same way: hours summed per person over completed enrolments).
pub const TRAINED_HOURS: i64 = 32;
pub const TRAINED_PEOPLE: i64 = 5;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexFigure {
    pub code: String,
    pub title: String,
    pub value: Option<f64>,
}

/// A snapshot's raw counts; they never leave the server as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figures {
    /// The identification year the indices are of.
    pub year: Option<i32>,
    pub indices: Vec<IndexFigure>,
    /// The school's confirmed subject teachers, and those of them with a finished diagnostic.
    pub teachers: i64,
    pub diagnosed: i64,
    /// People re-tested after a pronounced deficit, their deficits measured again, and closed.
    pub deficit_people: i64,
    pub deficits: i64,
    pub closed: i64,
    /// The school's confirmed people, their completed course hours, and those with ≥ 32 hours.
    pub members: i64,
    pub hours: i64,
    pub trained: i64,
    pub roadmap_total: i64,
    pub roadmap_done: i64,
}

/// What Rost knows of the case's school now (the demo seed fixes its stages with it too).
pub async fn compute(conn: &mut PgConnection, tenant: Uuid, case: Uuid) -> Result<Figures, sqlx::Error> {
    let case = db::case_school(conn, tenant, case).await?;
    let (year, indices) = match db::run_school(conn, tenant, case.run_id, &case.school_code).await? {
        Some((school, config)) => indices(&school, &config),
        None => (None, Vec::new()),
    };
    let people = db::people(conn, tenant, case.school_id, TRAINED_HOURS).await?;
    let facts = crate::growth::db::growth_facts(conn, tenant, Some(case.school_id)).await?;
    let (deficit_people, deficits, closed) = deficits_closed(&facts);
    let (roadmap_total, roadmap_done) = db::roadmap(conn, tenant, case.id).await?;
    Ok(Figures {
        year,
        indices,
        teachers: people.teachers,
        diagnosed: people.diagnosed,
        deficit_people: deficit_people as i64,
        deficits: deficits as i64,
        closed: closed as i64,
        members: people.members,
        hours: people.hours,
        trained: people.trained,
        roadmap_total,
        roadmap_done,
    })
}

/// The school's indices in the latest year of the run that has them, titled by the run's
/// configuration (`indices: [{code, title}]`).
pub fn indices(school: &SchoolResult, config: &serde_json::Value) -> (Option<i32>, Vec<IndexFigure>) {
    let latest = school.years.iter().rev().find_map(|(year, result)| match result {
        YearResult::Indices(indices) => Some((*year, indices)),
        YearResult::Flags { .. } => None,
    });
    let Some((year, values)) = latest else {
        return (None, Vec::new());
    };
    let title = |code: &str| {
        config
            .as_array()
            .and_then(|all| all.iter().find(|i| i["code"] == code))
            .and_then(|i| i["title"].as_str())
            .unwrap_or(code)
            .to_string()
    };
    let figures = values
        .iter()
        .map(|(code, value)| IndexFigure {
            title: title(code),
            code: code.clone(),
            value: value.index,
        })
        .collect();
    (Some(year), figures)
}

fn figure(code: &str, label: String, value: String, target: Option<&str>, reached: Option<bool>) -> Figure {
    Figure {
        code: code.to_string(),
        label,
        value,
        target: target.map(str::to_string),
        reached,
    }
}

/// A share of a group, or «недостаточно данных» below [`MIN_GROUP`].
fn share(part: i64, of: i64) -> (String, bool) {
    if of < MIN_GROUP as i64 {
        return (ru::MON_NOT_ENOUGH.to_string(), false);
    }
    let value = rounded_share(part as f64 / of as f64);
    (ru::mon_share(value, GroupSize::of(of as usize).label()), true)
}

/// The snapshot as the page shows it.
pub fn shown(f: &Figures) -> Vec<Figure> {
    let mut out: Vec<Figure> = f
        .indices
        .iter()
        .map(|i| {
            let label = f
                .year
                .map_or_else(|| i.title.clone(), |y| ru::mon_index(&i.title, y));
            let value = i
                .value
                .map_or_else(|| ru::MON_NO_DATA.to_string(), |v| format!("{v:.2}"));
            figure(&format!("index:{}", i.code), label, value, None, None)
        })
        .collect();
    let (diagnosed, enough) = share(f.diagnosed, f.teachers);
    let all = enough.then_some(f.diagnosed == f.teachers);
    out.push(figure(
        "diagnosed",
        ru::MON_DIAGNOSED.into(),
        diagnosed,
        Some(ru::MON_DIAGNOSED_TARGET),
        all,
    ));
    let closed = if f.deficit_people < MIN_GROUP as i64 || f.deficits == 0 {
        ru::MON_NOT_ENOUGH.to_string()
    } else {
        ru::mon_percent(rounded_share(f.closed as f64 / f.deficits as f64))
    };
    out.push(figure(
        "deficits_closed",
        ru::MON_CLOSED.into(),
        closed,
        None,
        None,
    ));
    let hours = if f.members < MIN_GROUP as i64 {
        ru::MON_NOT_ENOUGH.to_string()
    } else {
        ru::mon_hours(f.hours)
    };
    out.push(figure("course_hours", ru::MON_HOURS.into(), hours, None, None));
    let trained = GroupSize::of(f.trained as usize).label().to_string();
    let reached = Some(f.trained >= TRAINED_PEOPLE);
    out.push(figure(
        "trained",
        ru::MON_TRAINED.into(),
        trained,
        Some(ru::MON_TRAINED_TARGET),
        reached,
    ));
    let roadmap = if f.roadmap_total == 0 {
        ru::MON_ROADMAP_EMPTY.to_string()
    } else {
        ru::mon_roadmap(f.roadmap_done, f.roadmap_total)
    };
    out.push(figure("roadmap", ru::MON_ROADMAP.into(), roadmap, None, None));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(figures: &'a [Figure], code: &str) -> &'a Figure {
        figures.iter().find(|f| f.code == code).unwrap()
    }

    #[test]
    fn figures_about_fewer_than_five_people_are_hidden() {
        let few = Figures {
            teachers: 4,
            diagnosed: 4,
            members: 4,
            hours: 72,
            deficit_people: 3,
            deficits: 4,
            closed: 2,
            ..Figures::default()
        };
        let shown = shown(&few);
        for code in ["diagnosed", "deficits_closed", "course_hours"] {
            assert_eq!(value(&shown, code).value, ru::MON_NOT_ENOUGH, "{code}");
        }
        assert_eq!(value(&shown, "diagnosed").reached, None);
    }

    #[test]
    fn shares_are_whole_percents_with_the_group_in_a_band() {
        let f = Figures {
            teachers: 6,
            diagnosed: 5,
            members: 8,
            hours: 180,
            trained: 5,
            deficit_people: 5,
            deficits: 8,
            closed: 3,
            roadmap_total: 8,
            roadmap_done: 3,
            ..Figures::default()
        };
        let shown = shown(&f);
        assert_eq!(value(&shown, "diagnosed").value, "83 % (педагогов: 5–9)");
        assert_eq!(value(&shown, "diagnosed").reached, Some(false));
        assert_eq!(value(&shown, "deficits_closed").value, "38 %");
        assert_eq!(value(&shown, "course_hours").value, "180 ч");
        assert_eq!(value(&shown, "trained").reached, Some(true));
        assert_eq!(value(&shown, "roadmap").value, "3 из 8 мероприятий (38 %)");
    }

    #[test]
    fn indices_come_from_the_latest_year_with_indices() {
        let school = serde_json::json!({
            "school_id": "27-0201", "group": null, "statuses": [],
            "years": { "2024": { "results": { "index": 0.3, "band": null } },
                       "2025": { "results": { "index": 0.42, "band": "worst" } } }
        });
        let school: SchoolResult = serde_json::from_value(school).unwrap();
        let config =
            serde_json::json!([{ "code": "results", "title": "Индекс образовательных результатов" }]);
        let (year, found) = indices(&school, &config);
        assert_eq!(year, Some(2025));
        assert_eq!(found[0].title, "Индекс образовательных результатов");
        assert_eq!(found[0].value, Some(0.42));
    }
}
