//! The diagnostics of a demo region.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db;
use super::framework::copy_template;
use super::model::{InstrumentBody, Selection};
use crate::i18n::ru;

/// A demo region's diagnostics: the template framework and bank, one instrument for teachers
/// (one item per competency of the teacher profile) and one for directors (two random items
/// per competency of the director profile, 40 minutes). Does nothing if the region has a
/// framework.
pub async fn seed_region(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    if db::framework_of(conn, tenant_id).await?.is_some() {
        return Ok(());
    }
    let framework_id = copy_template(conn, tenant_id, None).await?;
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
        db::insert_demo_instrument(conn, tenant_id, framework_id, title, &body, limit).await?;
    }
    Ok(())
}
