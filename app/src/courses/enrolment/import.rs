//! Completions from a workbook: one row per person (e-mail, hours, date) for one course, checked
//! row by row and recorded all together or not at all.

use std::collections::HashMap;

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
    Extension,
};
use uuid::Uuid;

use super::completion::{self, Record, Via};
use super::{db, COURSE_ADMINS};
use crate::access::{AuthUser, Staff};
use crate::downloads::import_outcome;
use crate::error::AppError;
use crate::i18n::ru;
use crate::identification::engine::data::RawTable;
use crate::state::{parse_id, AppState};
use crate::uploads;

/// At most this many row errors are listed; the rest are counted.
const ERRORS_SHOWN: usize = 20;

/// One row of the workbook, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub row: usize,
    pub email: String,
    pub hours: i32,
    pub completed_on: String,
}

/// The column of each field: its Russian title first, then the names a person may type.
const COLUMNS: [(&str, &[&str]); 3] = [
    (
        ru::ENROL_COL_EMAIL,
        &["e-mail", "email", "электронная почта", "почта", "адрес"],
    ),
    (ru::ENROL_COL_HOURS, &["часы", "hours", "часов"]),
    (ru::ENROL_COL_DATE, &["дата", "date", "дата прохождения"]),
];

/// Checks every row; all the errors, each naming its row and column, or the rows.
pub fn parse_rows(table: &RawTable, course_hours: i32, today: &str) -> Result<Vec<Row>, Vec<String>> {
    let mut columns = [0; 3];
    for (n, (title, names)) in COLUMNS.iter().enumerate() {
        columns[n] = table
            .header
            .iter()
            .position(|h| {
                let h = h.trim().to_lowercase();
                h == title.to_lowercase() || names.contains(&h.as_str())
            })
            .ok_or_else(|| vec![ru::enrol_missing_column(title)])?;
    }
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &table.rows {
        let cell = |n: usize| cells.get(columns[n]).map(|c| c.trim()).unwrap_or_default();
        let mut error = |column: usize, message: &str| {
            errors.push(ru::enrol_cell_error(*row, COLUMNS[column].0, message));
        };
        let email = cell(0).to_lowercase();
        if email.is_empty() {
            error(0, ru::ENROL_CELL_EMPTY_EMAIL);
        } else if let Some(first) = seen.get(&email) {
            error(0, &ru::enrol_cell_duplicate(&email, *first));
        } else {
            seen.insert(email.clone(), *row);
        }
        let hours = completion::hours(cell(1), course_hours, "hours").ok();
        if hours.is_none() {
            error(1, ru::ENROL_CELL_BAD_HOURS);
        }
        let completed_on = completion::date(cell(2), today);
        if completed_on.is_none() {
            error(2, ru::ENROL_CELL_BAD_DATE);
        }
        if let (Some(hours), Some(completed_on)) = (hours, completed_on) {
            rows.push(Row {
                row: *row,
                email,
                hours,
                completed_on,
            });
        }
    }
    if errors.is_empty() && rows.is_empty() {
        errors.push(ru::ENROL_FILE_EMPTY.to_string());
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The errors as one message: the first [`ERRORS_SHOWN`], then how many more.
fn message(errors: &[String]) -> String {
    let mut shown = errors
        .iter()
        .take(ERRORS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if errors.len() > ERRORS_SHOWN {
        shown.push(' ');
        shown.push_str(&ru::enrol_more_errors(errors.len() - ERRORS_SHOWN));
    }
    shown
}

/// `POST /r/{slug}/admin/enrolments/import` (multipart: `course`, `file`). A plain form post;
/// the outcome comes back in the address.
pub async fn import_completions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/r/{slug}/admin/enrolments");
    import_outcome(
        &back,
        import(state, &slug, user.map(|u| u.0), &headers, form)
            .await
            .map(ru::enrol_imported),
    )
}

async fn import(
    state: AppState,
    slug: &str,
    user: Option<AuthUser>,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<usize, AppError> {
    let mut staff = Staff::require_of(state.clone(), slug, COURSE_ADMINS, user).await?;
    let (tenant_id, me) = (staff.tenant.id, staff.user.user_id);
    uploads::refuse_declared_length(headers, uploads::LIST_CAP)?;
    let region = state.uploads.region_slot(tenant_id)?;
    let (file, [course]) = state
        .uploads
        .receive_form(&mut form, uploads::LIST_CAP, ["course"])
        .await?;
    let course = db::lock_course(&mut staff.tx, tenant_id, parse_id(&course)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let time_zone = staff.tenant.time_zone.clone();
    let today = db::today(&mut staff.tx, &time_zone).await?;
    let hours = course.hours;
    let parsed = state
        .uploads
        .parse(region, move || {
            let reader = file.open().map_err(|e| vec![e.to_string()])?;
            let table = crate::identification::uploads::read_table(&file.name, reader)
                .map_err(|e| vec![e.to_string()])?;
            parse_rows(&table, hours, &today)
        })
        .await?;
    let rows = parsed.map_err(|errors| AppError::invalid("file", message(&errors)))?;
    let people = people(&mut staff, me, &rows).await?;
    for (row, user_id) in rows.iter().zip(people) {
        let record = Record {
            course_id: course.id,
            user_id,
            hours: row.hours,
            completed_on: row.completed_on.clone(),
            via: Via::Admin,
        };
        completion::record(&mut staff, me, &record).await?;
    }
    staff.commit().await?;
    Ok(rows.len())
}

/// The person of each row; every unknown address (and the administrator's own) is an error.
async fn people(staff: &mut Staff, me: Uuid, rows: &[Row]) -> Result<Vec<Uuid>, AppError> {
    let tenant_id = staff.tenant.id;
    let emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
    let found: HashMap<String, Uuid> = db::members_by_email(&mut staff.tx, tenant_id, &emails)
        .await?
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    let mut people = Vec::new();
    for row in rows {
        match found.get(&row.email) {
            None => errors.push(ru::enrol_cell_error(
                row.row,
                ru::ENROL_COL_EMAIL,
                &ru::enrol_cell_unknown_email(&row.email),
            )),
            Some(&user) if user == me => {
                errors.push(ru::enrol_cell_error(row.row, ru::ENROL_COL_EMAIL, ru::ENROL_OWN))
            }
            Some(&user) => people.push(user),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(AppError::invalid("file", message(&errors)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 3]]) -> RawTable {
        RawTable {
            header: vec!["E-mail".into(), "Часы".into(), "Дата".into()],
            rows: rows
                .iter()
                .enumerate()
                .map(|(n, r)| (n + 2, r.iter().map(|c| c.to_string()).collect()))
                .collect(),
        }
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column_and_nothing_passes() {
        let errors = parse_rows(
            &table(&[
                ["a@school.ru", "36", "15.10.2026"],
                ["", "много", "2026-10-15"],
                ["A@school.ru", "", "завтра"],
            ]),
            24,
            "2026-11-30",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "Строка 3, столбец «E-mail»: адрес не указан",
                "Строка 3, столбец «Часы»: нужно целое число от 1 до 2000",
                "Строка 4, столбец «E-mail»: адрес a@school.ru уже есть в строке 2",
                "Строка 4, столбец «Дата»: нужна дата ДД.ММ.ГГГГ не позже сегодняшней",
            ]
        );
    }

    #[test]
    fn good_rows_take_the_courses_hours_when_empty() {
        let rows = parse_rows(
            &table(&[["B@School.ru ", "", "46310"], ["c@school.ru", "18", "01.11.2026"]]),
            24,
            "2026-11-30",
        )
        .unwrap();
        assert_eq!(rows[0].email, "b@school.ru");
        assert_eq!((rows[0].hours, rows[0].completed_on.as_str()), (24, "2026-10-15"));
        assert_eq!((rows[1].hours, rows[1].completed_on.as_str()), (18, "2026-11-01"));
    }

    #[test]
    fn a_missing_column_is_named() {
        let mut t = table(&[]);
        t.header.pop();
        assert_eq!(
            parse_rows(&t, 24, "2026-11-30").unwrap_err(),
            ["В первой строке нет столбца «Дата»."]
        );
    }
}
