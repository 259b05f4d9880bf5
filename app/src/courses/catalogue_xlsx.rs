//! The catalogue as a workbook: export every course with its competencies in one cell
//! («MET-2: 1; PSY-3: 0.3», as in the course form), import the same columns. An import is
//! checked row by row with the course form's own validation and applied all together (upserts
//! by course code) or not at all.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
    Extension,
};

use super::db::{self, NewCourse};
use super::{form, CourseForm};
use crate::access::{AuthUser, Staff, OPERATOR};
use crate::diagnostics::Framework;
use crate::downloads::{download, failure, import_outcome, xlsx};
use crate::error::{AppError, OnConstraint};
use crate::i18n::ru;
use crate::state::AppState;
use crate::uploads;

/// More rows than any region's catalogue needs: a bigger file is refused before it is stored.
const MAX_ROWS: usize = 5_000;

/// The workbook's columns: the course form's field and the column's title.
const COLUMNS: [(&str, &str); 15] = ru::CATALOGUE_COLUMNS;

fn cells(form: CourseForm) -> Vec<String> {
    vec![
        form.code,
        form.title,
        form.provider,
        form.description,
        form.kind,
        form.subject,
        form.format,
        form.hours,
        form.starts_on,
        form.ends_on,
        form.capacity,
        form.audience,
        form.competencies,
        form.link,
        if form.on_platform.is_some() {
            ru::CATALOGUE_YES
        } else {
            ru::CATALOGUE_NO
        }
        .to_string(),
    ]
}

/// `GET /r/{slug}/admin/courses/export.xlsx`
pub async fn export_catalogue(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut staff = Staff::require_of(state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let tenant_id = staff.tenant.id;
        let courses = db::courses(&mut staff.tx, tenant_id, None).await?;
        staff.commit().await?;
        let header: Vec<String> = COLUMNS.iter().map(|(_, title)| title.to_string()).collect();
        let rows: Vec<Vec<String>> = courses
            .iter()
            .map(|c| cells(CourseForm::from(&c.view())))
            .collect();
        Ok(download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ru::CATALOGUE_FILE_XLSX,
            xlsx(&header, &rows).map_err(AppError::internal)?,
        ))
    }
    .await;
    result.unwrap_or_else(failure)
}

fn column_title(field: &str) -> &'static str {
    let field = field.trim_start_matches("form[").trim_end_matches(']');
    COLUMNS
        .iter()
        .find(|(code, _)| *code == field)
        .map_or(ru::COURSES_F_CODE, |(_, title)| title)
}

/// A date as an operator's spreadsheet may hold it: ISO, «01.12.2026», or Excel's day number.
fn date_cell(text: &str) -> String {
    let text = text.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%d.%m.%Y") {
        return date.format("%Y-%m-%d").to_string();
    }
    if let Some(days) = text
        .parse::<f64>()
        .ok()
        .filter(|d| (1.0..2_958_466.0).contains(d))
    {
        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a valid date");
        if let Some(date) = epoch.checked_add_days(chrono::Days::new(days as u64)) {
            return date.format("%Y-%m-%d").to_string();
        }
    }
    match text.get(..10) {
        Some(day) if text.len() > 10 && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() => {
            day.to_string()
        }
        _ => text.to_string(),
    }
}

/// «Надпредметный (soft skills)» as well as `soft`.
fn kind_cell(text: &str) -> String {
    let text = text.trim();
    ru::COURSE_KINDS
        .iter()
        .find(|(_, label)| label.eq_ignore_ascii_case(text))
        .map_or(text, |(code, _)| code)
        .to_string()
}

fn on_platform_cell(text: &str, row: usize) -> Result<Option<String>, String> {
    match text.trim().to_lowercase().as_str() {
        "" | "нет" | "0" | "false" => Ok(None),
        "да" | "1" | "true" => Ok(Some("on".into())),
        _ => Err(ru::diag_row_error(
            row,
            column_title("on_platform"),
            ru::CATALOGUE_BAD_YES_NO,
        )),
    }
}

/// Reads the workbook (or a CSV with the same columns) into courses, each checked by the course
/// form against the framework; the first mistake is named by its row and column.
pub fn parse_catalogue<R: Read + Seek>(
    file_name: &str,
    file: R,
    framework: Option<&Framework>,
) -> Result<Vec<NewCourse>, String> {
    let table = crate::identification::uploads::read_table(file_name, file).map_err(|e| e.to_string())?;
    if table.rows.len() > MAX_ROWS {
        return Err(ru::catalogue_too_many_rows(MAX_ROWS));
    }
    let mut columns = Vec::with_capacity(COLUMNS.len());
    for (code, title) in COLUMNS {
        let found = table
            .header
            .iter()
            .position(|h| h.trim() == title || h.trim().eq_ignore_ascii_case(code));
        match found {
            Some(p) => columns.push(p),
            None if matches!(
                code,
                "code" | "title" | "provider" | "kind" | "format" | "hours" | "competencies"
            ) =>
            {
                return Err(ru::diag_missing_column(title))
            }
            None => columns.push(usize::MAX),
        }
    }
    let mut courses = Vec::with_capacity(table.rows.len());
    let mut codes: HashSet<String> = HashSet::new();
    for (row, values) in &table.rows {
        let cell = |n: usize| values.get(columns[n]).cloned().unwrap_or_default();
        let form = CourseForm {
            code: cell(0),
            title: cell(1),
            provider: cell(2),
            description: cell(3),
            kind: kind_cell(&cell(4)),
            subject: cell(5),
            format: cell(6),
            hours: cell(7),
            starts_on: date_cell(&cell(8)),
            ends_on: date_cell(&cell(9)),
            capacity: cell(10),
            audience: cell(11),
            competencies: cell(12),
            link: cell(13),
            on_platform: on_platform_cell(&cell(14), *row)?,
        };
        let course = form::parse(&form, framework).map_err(|e| match e {
            AppError::Invalid { field, message } => ru::diag_row_error(*row, column_title(&field), &message),
            other => other.to_string(),
        })?;
        if !codes.insert(course.code.clone()) {
            return Err(ru::diag_row_error(
                *row,
                column_title("code"),
                &ru::catalogue_duplicate_code(&course.code),
            ));
        }
        courses.push(course);
    }
    if courses.is_empty() {
        return Err(ru::CATALOGUE_EMPTY_FILE.to_string());
    }
    Ok(courses)
}

/// `POST /r/{slug}/admin/courses/import` (multipart, field `file`): a plain form post; the
/// outcome comes back in the address.
pub async fn import_catalogue(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/r/{slug}/admin/courses");
    import_outcome(
        &back,
        import(state, &slug, user.map(|u| u.0), &headers, form).await,
    )
}

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
    let framework = db::framework(&mut staff.tx, tenant_id).await?;
    let courses = state
        .uploads
        .parse(region, move || {
            let reader = file.open().map_err(|e| e.to_string())?;
            parse_catalogue(&file.name, reader, framework.as_ref())
        })
        .await?
        .map_err(|message| AppError::invalid("file", message))?;
    let existing: HashMap<String, uuid::Uuid> = db::courses(&mut staff.tx, tenant_id, None)
        .await?
        .into_iter()
        .map(|c| (c.course.code, c.id))
        .collect();
    let (mut added, mut changed) = (0, 0);
    for course in &courses {
        let id = existing.get(&course.code).copied();
        db::save_course(&mut staff.tx, tenant_id, id, course)
            .await
            .on_constraint(&[("courses_code", "file", ru::COURSE_DUPLICATE_CODE)])?;
        if id.is_some() {
            changed += 1;
        } else {
            added += 1;
        }
    }
    let details = serde_json::json!({ "file": file_name, "added": added, "changed": changed });
    staff.audit("courses_imported", details).await?;
    staff.commit().await?;
    Ok(ru::catalogue_imported(added, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exported_catalogue_reads_back_as_the_same_courses() {
        let framework = crate::diagnostics::templates::framework();
        let courses = crate::courses::templates::courses();
        let header: Vec<String> = COLUMNS.iter().map(|(_, t)| t.to_string()).collect();
        let rows: Vec<Vec<String>> = courses
            .iter()
            .map(|c| cells(CourseForm::from(&c.view(String::new()))))
            .collect();
        let bytes = xlsx(&header, &rows).unwrap();
        let back = parse_catalogue("courses.xlsx", std::io::Cursor::new(bytes), Some(&framework)).unwrap();
        assert_eq!(back, courses);
    }

    #[test]
    fn dates_are_read_as_spreadsheets_hold_them() {
        assert_eq!(date_cell("01.12.2026"), "2026-12-01");
        assert_eq!(date_cell("46357"), "2026-12-01");
        assert_eq!(date_cell("2026-12-01 00:00:00"), "2026-12-01");
        assert_eq!(date_cell(""), "");
    }
}
