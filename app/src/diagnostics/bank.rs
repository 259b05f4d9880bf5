//! The item bank as files: export to JSON or XLSX, import from the same (or CSV), validated
//! row by row and applied all together or not at all.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use uuid::Uuid;

use super::attempts::current_items;
use super::model::{Framework, Item};
use super::service::{framework_of, insert_item, parse_item_form, OPERATOR};
use super::ItemForm;
use crate::accounts::{
    service::{audit, require_role_of},
    session::AuthUser,
};
use crate::downloads::{download, failure, percent_encode, xlsx};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::uploads;

/// The workbook's columns, each with the editor field it fills.
const COLUMNS: [(&str, &str); 8] = [
    ("code", "Код"),
    ("kind", "Тип"),
    ("stem", "Текст задания"),
    ("options", "Варианты ответа (каждый с новой строки)"),
    ("correct", "Номера верных вариантов"),
    ("accepted", "Принимаемые ответы (каждый с новой строки)"),
    ("competencies", "Компетенции и веса"),
    ("points", "Баллы"),
];

fn form_cells(form: ItemForm) -> Vec<String> {
    vec![
        form.code,
        form.kind,
        form.stem,
        form.options,
        form.correct,
        form.accepted,
        form.competencies,
        form.points,
    ]
}

/// `GET /r/{slug}/admin/diagnostics/items/export/{json|xlsx}`
pub async fn export_items(
    State(state): State<AppState>,
    Path((slug, format)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let (tenant, _) = require_role_of(&state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let mut tx = begin_tenant(&state.db, tenant.id).await?;
        let (framework_id, _) = framework_of(&mut tx, tenant.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let items: Vec<Item> = current_items(&mut tx, tenant.id, framework_id)
            .await?
            .into_iter()
            .map(|(_, _, item)| item)
            .collect();
        tx.commit().await?;
        match format.as_str() {
            "json" => Ok(download(
                "application/json; charset=utf-8",
                ru::DIAG_BANK_FILE_JSON,
                serde_json::to_vec_pretty(&items).map_err(AppError::internal)?,
            )),
            "xlsx" => {
                let header: Vec<String> = COLUMNS.iter().map(|(_, title)| title.to_string()).collect();
                let rows: Vec<Vec<String>> = items.iter().map(|i| form_cells(ItemForm::from(i))).collect();
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
                None if code == "points" || code == "accepted" || code == "options" || code == "correct" => {
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
            let item = parse_item_form(&form)
                .map_err(|e| ru::diag_row_error(*row, column_title(&e.field), &e.message))?;
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
        .map_or("Код", |(_, title)| title)
}

/// `POST /r/{slug}/admin/diagnostics/items/import` (multipart, field `file`). A plain form
/// post, so it works before the page is interactive; the outcome comes back in the address.
pub async fn import_items(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let back = format!("/r/{slug}/admin/diagnostics");
    let result = async {
        let (tenant, user) = require_role_of(&state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        uploads::refuse_declared_length(&headers, uploads::LIST_CAP)?;
        let region = state.uploads.region_slot(tenant.id)?;
        let mut file = None;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| uploads::field_error(e, uploads::LIST_CAP))?
        {
            if field.name() == Some("file") {
                file = Some(state.uploads.receive(field, uploads::LIST_CAP).await?);
            }
        }
        let file = file
            .filter(|file| !file.name.is_empty())
            .ok_or_else(|| AppError::invalid("file", ru::UPLOAD_NO_FILE))?;
        let file_name = file.name.clone();
        let mut tx = begin_tenant(&state.db, tenant.id).await?;
        let (framework_id, framework) = framework_of(&mut tx, tenant.id)
            .await?
            .ok_or_else(|| AppError::invalid("file", ru::DIAG_NO_FRAMEWORK))?;
        let items = state
            .uploads
            .parse(region, move || {
                let reader = file.open().map_err(|e| e.to_string())?;
                parse_bank(&file.name, reader, &framework)
            })
            .await?
            .map_err(|message| AppError::invalid("file", message))?;
        let bank = current_items(&mut tx, tenant.id, framework_id).await?;
        let bank: HashMap<&str, _> = bank.iter().map(|entry| (entry.2.code.as_str(), entry)).collect();
        let (mut added, mut changed) = (0, 0);
        for item in &items {
            match bank.get(item.code.as_str()) {
                Some((_, _, existing)) if existing == item => {}
                Some((id, version, _)) => {
                    insert_item(
                        &mut tx,
                        tenant.id,
                        framework_id,
                        *id,
                        version + 1,
                        item,
                        Some(user.user_id),
                    )
                    .await?;
                    changed += 1;
                }
                None => {
                    insert_item(
                        &mut tx,
                        tenant.id,
                        framework_id,
                        Uuid::new_v4(),
                        1,
                        item,
                        Some(user.user_id),
                    )
                    .await?;
                    added += 1;
                }
            }
        }
        audit(
            &mut tx,
            Some(tenant.id),
            Some(user.user_id),
            "items_imported",
            serde_json::json!({ "file": file_name, "added": added, "changed": changed }),
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(ru::diag_imported(added, changed))
    }
    .await;
    let (key, message) = match result {
        Ok(message) => ("imported", message),
        // Who may not import gets a refusal, not a page that talks about the file; a file too
        // large or a busy region gets its status (413, 503) with the message.
        Err(
            error @ (AppError::Unauthorized
            | AppError::Forbidden
            | AppError::RegionNotFound
            | AppError::TooLarge { .. }
            | AppError::Busy),
        ) => {
            return failure(error);
        }
        Err(error) => ("import_error", error.to_string()),
    };
    Redirect::to(&format!("{back}?{key}={}", percent_encode(&message))).into_response()
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
        let rows: Vec<Vec<String>> = items.iter().map(|i| form_cells(ItemForm::from(i))).collect();
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
