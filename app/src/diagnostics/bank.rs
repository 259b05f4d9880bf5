//! The item bank as files: export to JSON or XLSX, import from the same (or CSV), validated
//! row by row and applied all together or not at all.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
    Extension,
};
use uuid::Uuid;

use super::db::{self, BankItem, NewItem};
use super::forms::parse_item_form;
use super::model::{Framework, Item};
use super::ItemForm;
use crate::access::{AuthUser, Staff, OPERATOR};
use crate::downloads::{download, failure, import_outcome, xlsx};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::AppState;
use crate::uploads;

/// The workbook's columns, each with the editor field it fills.
const COLUMNS: [(&str, &str); 9] = [
    ("code", ru::DIAG_F_CODE),
    ("kind", ru::DIAG_F_KIND),
    ("stem", ru::DIAG_F_STEM),
    ("options", ru::DIAG_F_OPTIONS),
    ("correct", ru::DIAG_F_CORRECT),
    ("accepted", ru::DIAG_F_ACCEPTED),
    ("competencies", ru::DIAG_F_LINKS),
    ("points", ru::DIAG_F_POINTS),
    ("subject", ru::GROWTH_F_SUBJECT),
];

/// An item's cells in the workbook: the editor's fields and the subject of a subject item.
fn cells(item: &Item) -> Vec<String> {
    let form = ItemForm::from(item);
    vec![
        form.code,
        form.kind,
        form.stem,
        form.options,
        form.correct,
        form.accepted,
        form.competencies,
        form.points,
        item.subject.clone().unwrap_or_default(),
    ]
}

/// `GET /r/{slug}/admin/diagnostics/items/export/{json|xlsx}`
pub async fn export_items(
    State(state): State<AppState>,
    Path((slug, format)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut staff = Staff::require_of(state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let tenant_id = staff.tenant.id;
        let framework = db::framework_of(&mut staff.tx, tenant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let items: Vec<Item> = db::current_items(&mut staff.tx, tenant_id, framework.id)
            .await?
            .into_iter()
            .map(|b| b.item)
            .collect();
        staff.commit().await?;
        match format.as_str() {
            "json" => Ok(download(
                "application/json; charset=utf-8",
                ru::DIAG_BANK_FILE_JSON,
                serde_json::to_vec_pretty(&items).map_err(AppError::internal)?,
            )),
            "xlsx" => {
                let header: Vec<String> = COLUMNS.iter().map(|(_, title)| title.to_string()).collect();
                let rows: Vec<Vec<String>> = items.iter().map(cells).collect();
                Ok(download(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ru::DIAG_BANK_FILE_XLSX,
                    xlsx(&header, &rows).map_err(AppError::internal)?,
                ))
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    result.unwrap_or_else(failure)
}

/// Reads a JSON array of items, or a table with the export's columns; each item is checked
/// against the framework, and the message names the row (or the item's number) and column.
pub fn parse_bank<R: Read + Seek>(
    file_name: &str,
    file: R,
    framework: &Framework,
) -> Result<Vec<Item>, String> {
    let items: Vec<(String, Item)> = if file_name.to_lowercase().ends_with(".json") {
        let items: Vec<Item> =
            serde_json::from_reader(file).map_err(|e| ru::diag_bad_json(&e.to_string()))?;
        items
            .into_iter()
            .enumerate()
            .map(|(n, item)| (ru::diag_json_item(n + 1, &item.code), item))
            .collect()
    } else {
        let table = crate::identification::uploads::read_table(file_name, file).map_err(|e| e.to_string())?;
        let position = |title: &str, code: &str| {
            table
                .header
                .iter()
                .position(|h| h.trim() == title || h.trim().eq_ignore_ascii_case(code))
        };
        let mut columns = Vec::new();
        for (code, title) in COLUMNS {
            match position(title, code) {
                Some(p) => columns.push(p),
                None if ["points", "accepted", "options", "correct", "subject"].contains(&code) => {
                    columns.push(usize::MAX)
                }
                None => return Err(ru::diag_missing_column(title)),
            }
        }
        let mut items = Vec::new();
        for (row, cells) in &table.rows {
            let cell = |n: usize| cells.get(columns[n]).cloned().unwrap_or_default();
            let form = ItemForm {
                code: cell(0),
                kind: cell(1),
                stem: cell(2),
                options: cell(3),
                correct: cell(4),
                accepted: cell(5),
                competencies: cell(6),
                points: cell(7),
            };
            let mut item = parse_item_form(&form)
                .map_err(|e| ru::diag_row_error(*row, column_title(&e.field), &e.message))?;
            item.subject = Some(cell(8).trim().to_string()).filter(|s| !s.is_empty());
            items.push((ru::diag_row(*row), item));
        }
        items
    };
    if items.is_empty() {
        return Err(ru::DIAG_BANK_EMPTY.to_string());
    }
    let mut codes = HashSet::with_capacity(items.len());
    for (place, item) in &items {
        item.validate(framework)
            .map_err(|e| ru::diag_place_error(place, column_title(&e.field), &e.message))?;
        if !codes.insert(item.code.as_str()) {
            return Err(ru::diag_place_error(
                place,
                column_title("code"),
                &ru::diag_duplicate_item(&item.code),
            ));
        }
    }
    Ok(items.into_iter().map(|(_, item)| item).collect())
}

fn column_title(field: &str) -> &'static str {
    COLUMNS
        .iter()
        .find(|(code, _)| *code == field)
        .map_or(ru::DIAG_F_CODE, |(_, title)| title)
}

/// `POST /r/{slug}/admin/diagnostics/items/import` (multipart, field `file`). A plain form
/// post, so it works before the page is interactive; the outcome comes back in the address.
pub async fn import_items(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/r/{slug}/admin/diagnostics");
    import_outcome(
        &back,
        import(state, &slug, user.map(|u| u.0), &headers, form).await,
    )
}

/// Receives, checks and stores the file; the message says how many items were added and
/// changed. The gate's transaction stays open while the file arrives (the upload's idle limit
/// bounds that), so the check and the writes are one context.
async fn import(
    state: AppState,
    slug: &str,
    user: Option<AuthUser>,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<String, AppError> {
    let mut staff = Staff::require_of(state.clone(), slug, OPERATOR, user).await?;
    let tenant_id = staff.tenant.id;
    uploads::refuse_declared_length(headers, uploads::LIST_CAP)?;
    let region = state.uploads.region_slot(tenant_id)?;
    let (file, []) = state
        .uploads
        .receive_form(&mut form, uploads::LIST_CAP, [])
        .await?;
    let file_name = file.name.clone();
    let framework = db::framework_of(&mut staff.tx, tenant_id)
        .await?
        .ok_or_else(|| AppError::invalid("file", ru::DIAG_NO_FRAMEWORK))?;
    let (framework_id, framework) = (framework.id, framework.body);
    let items = state
        .uploads
        .parse(region, move || {
            let reader = file.open().map_err(|e| e.to_string())?;
            parse_bank(&file.name, reader, &framework)
        })
        .await?
        .map_err(|message| AppError::invalid("file", message))?;
    let bank = db::current_items(&mut staff.tx, tenant_id, framework_id).await?;
    let (added, changed) = store(&mut staff, framework_id, &bank, &items).await?;
    let details = serde_json::json!({ "file": file_name, "added": added, "changed": changed });
    staff.audit("items_imported", details).await?;
    staff.commit().await?;
    Ok(ru::diag_imported(added, changed))
}

/// Adds the new items and a new version of each changed one; returns how many of each.
async fn store(
    staff: &mut Staff,
    framework_id: Uuid,
    bank: &[BankItem],
    items: &[Item],
) -> Result<(usize, usize), AppError> {
    let (tenant_id, user) = (staff.tenant.id, Some(staff.user.user_id));
    let bank: HashMap<&str, &BankItem> = bank.iter().map(|b| (b.item.code.as_str(), b)).collect();
    let (mut added, mut changed) = (0, 0);
    for item in items {
        let (id, version) = match bank.get(item.code.as_str()) {
            Some(existing) if &existing.item == item => continue,
            Some(existing) => {
                changed += 1;
                (existing.id, existing.version + 1)
            }
            None => {
                added += 1;
                (Uuid::new_v4(), 1)
            }
        };
        let new = NewItem {
            framework_id,
            id,
            version,
            item,
            user,
        };
        db::insert_item(&mut staff.tx, tenant_id, new).await?;
    }
    Ok((added, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::templates;

    #[test]
    fn the_exported_workbook_reads_back_as_the_same_items() {
        let framework = templates::framework();
        let items = templates::items();
        let header: Vec<String> = COLUMNS.iter().map(|(_, t)| t.to_string()).collect();
        let rows: Vec<Vec<String>> = items.iter().map(cells).collect();
        let bytes = xlsx(&header, &rows).unwrap();
        let back = parse_bank("bank.xlsx", std::io::Cursor::new(bytes), &framework).unwrap();
        assert_eq!(back, items);
        let json = serde_json::to_vec(&items).unwrap();
        assert_eq!(
            parse_bank("bank.json", std::io::Cursor::new(json), &framework).unwrap(),
            items
        );
    }

    #[test]
    fn a_bad_row_is_named_with_its_column() {
        let framework = templates::framework();
        let csv = "Код;Тип;Текст задания;Варианты ответа (каждый с новой строки);Номера верных вариантов;Компетенции и веса\n\
                   A-1;single;Вопрос;да\nнет;1;NPA-1: 1\n\
                   A-2;single;Вопрос;да|нет;7;NPA-1: 1\n";
        let csv = csv.replace("да\nнет", "\"да\nнет\"");
        let error = parse_bank("bank.csv", std::io::Cursor::new(csv), &framework).unwrap_err();
        assert!(error.starts_with("Строка 4"), "{error}");
        assert!(
            error.contains("«Номера верных вариантов»") || error.contains("«Варианты ответа"),
            "{error}"
        );
        let unknown = "Код;Тип;Текст задания;Компетенции и веса\nB-1;likert;Я умею;XYZ-9: 1\n";
        let error = parse_bank("bank.csv", std::io::Cursor::new(unknown), &framework).unwrap_err();
        assert!(error.contains("Строка 2") && error.contains("XYZ-9"), "{error}");
        let kind = "Код;Тип;Текст задания;Компетенции и веса\nB-1;essay;Напишите;NPA-1\n";
        let error = parse_bank("bank.csv", std::io::Cursor::new(kind), &framework).unwrap_err();
        assert!(error.contains("«Тип»") && error.contains("essay"), "{error}");
    }
}
