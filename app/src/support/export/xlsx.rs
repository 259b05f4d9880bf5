//! The case's road map and risk profile as a workbook of flat tables: each sheet one header
//! row of stable Russian names (`ru::SEXP_ROADMAP_COLUMNS`, `ru::SEXP_RISK_COLUMNS`) and one
//! row per activity (its evidence: links and the names of its files) or factor, every row
//! naming its school, so sheets of many cases can be stacked and uploaded into ИС МЭДК as they
//! are.

use super::Gathered;
use crate::downloads::write_sheet;
use crate::i18n::ru;
use crate::support::documents::body::{Activity, ROADMAP_STAGES};
use crate::support::documents::files::{place, AttachedFile};
use crate::support::documents::DocKind;

/// One row per road-map activity of the latest version (stage 1, then stage 2).
pub fn roadmap_rows(g: &Gathered) -> Vec<Vec<String>> {
    let case = &g.case;
    let Some(doc) = g.documents.iter().find(|d| d.slot.kind == DocKind::Roadmap) else {
        return Vec::new();
    };
    let state = doc.state.map_or("", |s| s.label());
    doc.body
        .activities()
        .map(|activity| {
            let cell = |c: &str| activity.cell(c).to_string();
            let stage = if activity.stage == ROADMAP_STAGES[0] {
                "1"
            } else {
                "2"
            };
            vec![
                case.school_code.clone(),
                case.school.clone(),
                case.municipality.clone(),
                case.year.to_string(),
                doc.version.to_string(),
                state.to_string(),
                stage.to_string(),
                activity.number.to_string(),
                cell("title"),
                cell("deadline"),
                cell("responsible"),
                ru::label(&ru::SDOC_ACTIVITY_STATUSES, activity.cell("status")).to_string(),
                evidence(&activity, &doc.files),
            ]
        })
        .collect()
}

/// The activity's evidence: its links, then the names of its files, separated by «; ».
fn evidence(activity: &Activity, files: &[AttachedFile]) -> String {
    let at = place(activity.stage, activity.key());
    let links = activity.cell("evidence").split_whitespace();
    let names = files
        .iter()
        .filter(|f| !activity.key().is_empty() && f.place == at)
        .map(|f| f.name.as_str());
    links.chain(names).collect::<Vec<_>>().join("; ")
}

/// One row per risk factor.
pub fn risk_rows(g: &Gathered) -> Vec<Vec<String>> {
    let case = &g.case;
    let Some(scored) = &g.scored else {
        return Vec::new();
    };
    let confirmed = scored
        .profile
        .as_ref()
        .and_then(|p| p.confirmed_at.clone())
        .unwrap_or_default();
    scored
        .levels
        .iter()
        .map(|level| {
            let yes_no = if scored.priorities.contains(&level.code) {
                ru::SEXP_YES
            } else {
                ru::SEXP_NO
            };
            vec![
                case.school_code.clone(),
                case.school.clone(),
                case.municipality.clone(),
                case.year.to_string(),
                level.code.clone(),
                level.title.clone(),
                level.score.to_string(),
                level.max.to_string(),
                level.level().map_or("", |l| l.label()).to_string(),
                yes_no.to_string(),
                confirmed.clone(),
            ]
        })
        .collect()
}

fn header(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
}

/// The road map sheet and, unless the reader is the partner school, the risk profile sheet.
pub fn workbook(g: &Gathered) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name(ru::SEXP_ROADMAP_SHEET)?;
    write_sheet(sheet, &header(&ru::SEXP_ROADMAP_COLUMNS), &roadmap_rows(g))?;
    if g.scored.is_some() {
        let sheet = book.add_worksheet().set_name(ru::SEXP_RISKS_SHEET)?;
        write_sheet(sheet, &header(&ru::SEXP_RISK_COLUMNS), &risk_rows(g))?;
    }
    book.save_to_buffer()
}
