//! The diagnostics of a demo region.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db;
use super::framework::copy_template;
use super::model::{InstrumentBody, Item, Selection};
use crate::i18n::ru;

/// How many items an instrument gives each competency it measures (issue 12: at least three).
pub const ITEMS_PER_COMPETENCY: usize = 3;

/// A demo region's diagnostics: the template framework and bank, one instrument for teachers
/// (a fixed list of three items without a subject per competency of the teacher profile), one
/// for directors (three random items per competency of the director profile, 40 minutes) and
/// a subject block for each subject of the bank (three items per subject competency, for the
/// teachers of that subject). A region that has a framework only gets the template items its
/// bank lacks (by code), so an older demo region gains the deeper bank.
pub async fn seed_region(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    if let Some(framework) = db::framework_of(conn, tenant_id).await? {
        return top_up_bank(conn, tenant_id, framework.id).await;
    }
    let framework_id = copy_template(conn, tenant_id, None).await?;
    for (title, body, limit) in demo_instruments() {
        db::insert_demo_instrument(conn, tenant_id, framework_id, title, &body, limit).await?;
    }
    Ok(())
}

/// The demo instruments: (title, body, time limit in minutes).
pub fn demo_instruments() -> Vec<(&'static str, InstrumentBody, Option<i32>)> {
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
        .flat_map(|code| general_items(&items, code))
        .collect();
    let per_competency = |competencies: Vec<String>| Selection::PerCompetency {
        k: ITEMS_PER_COMPETENCY,
        competencies,
    };
    let mut instruments = vec![
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
                selection: per_competency(profile("director")),
                positions: vec!["director".into(), "deputy_director".into()],
                subjects: vec![],
                shuffle_options: true,
                instructions: ru::DEMO_DIRECTOR_INSTRUCTIONS.into(),
            },
            Some(40),
        ),
    ];
    for (subject, title) in ru::DEMO_SUBJECT_BLOCKS {
        let mut competencies: Vec<String> = items
            .iter()
            .filter(|i| i.subject.as_deref() == Some(subject))
            .filter_map(|i| i.primary_competency().map(str::to_string))
            .collect();
        competencies.sort();
        competencies.dedup();
        instruments.push((
            title,
            InstrumentBody {
                selection: per_competency(competencies),
                positions: vec!["teacher".into()],
                subjects: vec![subject.to_string()],
                shuffle_options: true,
                instructions: ru::DEMO_SUBJECT_INSTRUCTIONS.into(),
            },
            None,
        ));
    }
    instruments
}

/// The codes of the first items without a subject whose main competency is `code`: the fixed
/// list is the same for every teacher, whatever they teach.
fn general_items(items: &[Item], code: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.subject.is_none() && i.competencies.len() == 1 && i.primary_competency() == Some(code))
        .take(ITEMS_PER_COMPETENCY)
        .map(|i| i.code.clone())
        .collect()
}

/// Adds the template items whose code the region's bank does not have.
async fn top_up_bank(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    framework_id: Uuid,
) -> Result<(), sqlx::Error> {
    let framework: super::model::Framework = db::framework_body(conn, tenant_id, framework_id).await?;
    let known: Vec<String> =
        sqlx::query_scalar("select distinct code from items where tenant_id = $1 and framework_id = $2")
            .bind(tenant_id)
            .bind(framework_id)
            .fetch_all(&mut *conn)
            .await?;
    for item in super::templates::items() {
        // A region that changed its framework keeps only the items that still fit it.
        if known.contains(&item.code) || item.validate(&framework).is_err() {
            continue;
        }
        let new = db::NewItem {
            framework_id,
            id: Uuid::new_v4(),
            version: 1,
            item: &item,
            user: None,
        };
        db::insert_item(conn, tenant_id, new).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Issue 12: each demo instrument measures each of its competencies with at least three
    /// items, for every person it reaches (a subject block with that subject's items).
    #[test]
    fn every_demo_instrument_measures_each_competency_with_three_items() {
        let items = super::super::templates::items();
        let instruments = demo_instruments();
        assert_eq!(instruments.len(), 4);
        for (title, body, _) in instruments {
            match body.selection {
                Selection::Fixed { items: codes } => {
                    let mut per: HashMap<&str, usize> = HashMap::new();
                    for code in &codes {
                        let item = items.iter().find(|i| &i.code == code).expect("a template item");
                        *per.entry(item.primary_competency().unwrap()).or_default() += 1;
                    }
                    assert!(per.len() >= 20, "{title}");
                    assert!(
                        per.values().all(|&n| n >= ITEMS_PER_COMPETENCY),
                        "{title}: {per:?}"
                    );
                }
                Selection::PerCompetency { k, competencies } => {
                    assert!(k >= ITEMS_PER_COMPETENCY, "{title}");
                    for code in competencies {
                        let available = items
                            .iter()
                            .filter(|i| i.primary_competency() == Some(code.as_str()))
                            .filter(|i| i.fits_subjects(&body.subjects))
                            .count();
                        assert!(available >= k, "{title}: {code} has {available}");
                    }
                }
            }
        }
    }
}
