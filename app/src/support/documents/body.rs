//! The structure of each kind of document: its text sections and its tables (rows of typed
//! cells). The same structure renders the form, flattens a body into fields (field comments
//! and the diff name fields by key: `goal`, `measure-2-deadline`) and validates the form on
//! the server, with a message naming the field, row and column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DocKind;
use crate::i18n::ru;

/// What a cell holds, which decides its control and its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Text,
    Date,
    Status,
    Links,
    /// The row's own name, a hidden field kept from version to version: a road-map activity's
    /// evidence files refer to it, however rows are added, removed or moved.
    Key,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub code: &'static str,
    pub cell: Cell,
    pub required: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct Table {
    pub code: &'static str,
    pub columns: &'static [Column],
}

/// A kind's sections (long texts) and tables; on submission every section is filled and every
/// table has a row.
#[derive(Clone, Copy, Debug)]
pub struct Schema {
    pub sections: &'static [&'static str],
    pub tables: &'static [Table],
}

const fn col(code: &'static str, cell: Cell, required: bool) -> Column {
    Column { code, cell, required }
}

const ACTIVITY: &[Column] = &[
    col("title", Cell::Text, true),
    col("deadline", Cell::Date, true),
    col("responsible", Cell::Text, true),
    col("status", Cell::Status, true),
    col("evidence", Cell::Links, false),
    col("key", Cell::Key, false),
];

const ANTIRISK: Schema = Schema {
    sections: &["goal"],
    tables: &[
        Table {
            code: "task",
            columns: &[col("text", Cell::Text, true)],
        },
        Table {
            code: "measure",
            columns: &[
                col("title", Cell::Text, true),
                col("responsible", Cell::Text, true),
                col("deadline", Cell::Date, true),
            ],
        },
        Table {
            code: "indicator",
            columns: &[
                col("name", Cell::Text, true),
                col("target", Cell::Text, true),
                col("deadline", Cell::Date, false),
            ],
        },
    ],
};

/// The road map's tables: its two stages, in order.
pub const ROADMAP_STAGES: [&str; 2] = ["stage1", "stage2"];

const ROADMAP: Schema = Schema {
    sections: &[],
    tables: &[
        Table {
            code: ROADMAP_STAGES[0],
            columns: ACTIVITY,
        },
        Table {
            code: ROADMAP_STAGES[1],
            columns: ACTIVITY,
        },
    ],
};

const CONCEPT: Schema = Schema {
    sections: &["mission", "analysis", "goals", "results"],
    tables: &[],
};

const PROGRAMME: Schema = Schema {
    sections: &[
        "period",
        "analysis",
        "goals",
        "directions",
        "resources",
        "risks",
        "management",
        "results",
    ],
    tables: &[],
};

const NOTE: Schema = Schema {
    sections: &["sources", "findings", "conclusions", "recommendations"],
    tables: &[],
};

/// Longest text of a section and of a cell; most rows of a table.
pub const MAX_SECTION: usize = 20_000;
pub const MAX_CELL: usize = 1_000;
pub const MAX_ROWS: usize = 100;

impl DocKind {
    pub fn schema(self) -> Schema {
        match self {
            DocKind::Antirisk => ANTIRISK,
            DocKind::Roadmap => ROADMAP,
            DocKind::Concept => CONCEPT,
            DocKind::Programme => PROGRAMME,
            DocKind::NotePk | DocKind::NoteVsoko | DocKind::NoteOop => NOTE,
        }
    }
}

/// A document's content: section texts and table rows (column code → text).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub tables: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

impl Body {
    pub fn rows(&self, table: &str) -> &[BTreeMap<String, String>] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }

    /// The road map's activities that have a key, as (stage, key): where evidence files go.
    pub fn activity_keys(&self) -> impl Iterator<Item = (&'static str, &str)> {
        ROADMAP_STAGES.into_iter().flat_map(move |stage| {
            self.rows(stage).iter().filter_map(move |row| {
                row.get("key")
                    .filter(|k| !k.is_empty())
                    .map(|k| (stage, k.as_str()))
            })
        })
    }

    /// The activity whose evidence a field shows (`stage1-0-evidence` → (`stage1`, its key)).
    pub fn evidence_of(&self, field: &str) -> Option<(&'static str, &str)> {
        ROADMAP_STAGES.into_iter().find_map(|stage| {
            let row = field
                .strip_prefix(stage)?
                .strip_prefix('-')?
                .strip_suffix("-evidence")?;
            let key = self.rows(stage).get(row.parse::<usize>().ok()?)?.get("key")?;
            (!key.is_empty()).then_some((stage, key.as_str()))
        })
    }

    /// A road map's activities, stage 1 then stage 2, as the deadline mail, the summary and the
    /// exports read them.
    #[cfg(feature = "ssr")]
    pub fn activities(&self) -> impl Iterator<Item = Activity<'_>> {
        ROADMAP_STAGES.into_iter().flat_map(move |stage| {
            self.rows(stage).iter().enumerate().map(move |(n, row)| Activity {
                stage,
                number: n + 1,
                row,
            })
        })
    }
}

/// One activity of a road map: its stage, its number within the stage (from 1) and its cells.
#[cfg(feature = "ssr")]
pub struct Activity<'a> {
    pub stage: &'static str,
    pub number: usize,
    row: &'a BTreeMap<String, String>,
}

#[cfg(feature = "ssr")]
impl Activity<'_> {
    /// A cell's text, empty when the cell is absent.
    pub fn cell(&self, column: &str) -> &str {
        self.row.get(column).map_or("", String::as_str)
    }

    /// The activity's key, which its evidence files name (empty in a body written before keys).
    pub fn key(&self) -> &str {
        self.cell("key")
    }

    pub fn done(&self) -> bool {
        self.cell("status") == "done"
    }

    /// The deadline, when the cell holds a date.
    pub fn deadline(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(self.cell("deadline"), "%Y-%m-%d").ok()
    }
}

/// The form name and key of a cell.
pub fn cell_key(table: &str, row: usize, column: &str) -> String {
    format!("{table}-{row}-{column}")
}

/// One field of a body: its key, its Russian name and its value as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub key: String,
    pub label: String,
    pub value: String,
}

pub fn field_label(code: &str) -> &str {
    ru::label(&ru::SDOC_FIELDS, code)
}

fn shown(cell: Cell, value: &str) -> String {
    match cell {
        Cell::Status => ru::label(&ru::SDOC_ACTIVITY_STATUSES, value).to_string(),
        _ => value.to_string(),
    }
}

/// Every field of `body` in the schema's order (rows numbered from 1 in labels).
pub fn fields(schema: &Schema, body: &Body) -> Vec<FieldValue> {
    let mut out: Vec<FieldValue> = schema
        .sections
        .iter()
        .map(|s| FieldValue {
            key: s.to_string(),
            label: field_label(s).to_string(),
            value: body.sections.get(*s).cloned().unwrap_or_default(),
        })
        .collect();
    for table in schema.tables {
        for (i, row) in body.rows(table.code).iter().enumerate() {
            for column in table.columns.iter().filter(|c| c.cell != Cell::Key) {
                out.push(FieldValue {
                    key: cell_key(table.code, i, column.code),
                    label: ru::sdoc_cell_label(field_label(table.code), i + 1, field_label(column.code)),
                    value: shown(column.cell, row.get(column.code).map_or("", String::as_str)),
                });
            }
        }
    }
    out
}

/// A field that differs between two versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// The fields of `new` that differ from `old`, then those `old` had and `new` lacks.
pub fn diff(schema: &Schema, old: &Body, new: &Body) -> Vec<Change> {
    let before = fields(schema, old);
    let after = fields(schema, new);
    let old_of = |key: &str| before.iter().find(|f| f.key == key);
    let mut changes: Vec<Change> = after
        .iter()
        .filter_map(|f| {
            let was = old_of(&f.key).map(|o| o.value.clone()).unwrap_or_default();
            (was != f.value).then(|| Change {
                label: f.label.clone(),
                before: was,
                after: f.value.clone(),
            })
        })
        .collect();
    changes.extend(
        before
            .iter()
            .filter(|o| !o.value.is_empty() && !after.iter().any(|f| f.key == o.key))
            .map(|o| Change {
                label: o.label.clone(),
                before: o.value.clone(),
                after: String::new(),
            }),
    );
    changes
}

#[cfg(feature = "ssr")]
pub use parse::{new_key, parse};

#[cfg(feature = "ssr")]
mod parse {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{cell_key, field_label, Body, Cell, Column, Schema, Table, MAX_CELL, MAX_ROWS, MAX_SECTION};
    use crate::error::AppError;
    use crate::i18n::ru;

    /// A fresh key for a new row: 12 hexadecimal digits, unique enough within a document.
    pub fn new_key() -> String {
        uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
    }

    fn is_key(text: &str) -> bool {
        (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    }

    /// The form's fields (`goal`, `measure-0-title` …) as a body of `schema`. Rows left empty
    /// are dropped and the rest renumbered; `complete` (a submission) also needs every section
    /// and a row in every table. A row keeps its key; a new row (or one whose key is malformed
    /// or taken) gets a fresh one.
    pub fn parse(schema: &Schema, form: &BTreeMap<String, String>, complete: bool) -> Result<Body, AppError> {
        let mut body = Body::default();
        for section in schema.sections {
            let text = form.get(*section).map_or("", |t| t.trim());
            let label = field_label(section);
            if text.chars().count() > MAX_SECTION {
                return Err(AppError::invalid(section, ru::sdoc_too_long(label, MAX_SECTION)));
            }
            if complete && text.is_empty() {
                return Err(AppError::invalid(section, ru::sdoc_required(label)));
            }
            body.sections.insert(section.to_string(), text.to_string());
        }
        for table in schema.tables {
            let rows = table_rows(table, form)?;
            if complete && rows.is_empty() {
                let key = cell_key(table.code, 0, table.columns[0].code);
                return Err(AppError::invalid(
                    &key,
                    ru::sdoc_rows_required(field_label(table.code)),
                ));
            }
            body.tables.insert(table.code.to_string(), rows);
        }
        Ok(body)
    }

    fn table_rows(
        table: &Table,
        form: &BTreeMap<String, String>,
    ) -> Result<Vec<BTreeMap<String, String>>, AppError> {
        let prefix = format!("{}-", table.code);
        let indices: BTreeSet<usize> = form
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.split('-').next()?.parse().ok())
            .collect();
        let mut rows = Vec::new();
        for index in indices {
            let cells: BTreeMap<String, String> = table
                .columns
                .iter()
                .map(|c| {
                    let value = form
                        .get(&cell_key(table.code, index, c.code))
                        .map_or("", |v| v.trim());
                    (c.code.to_string(), value.to_string())
                })
                .collect();
            let filled = table
                .columns
                .iter()
                .any(|c| c.cell != Cell::Key && !cells[c.code].is_empty());
            if !filled {
                continue;
            }
            if rows.len() == MAX_ROWS {
                let key = cell_key(table.code, index, table.columns[0].code);
                return Err(AppError::invalid(
                    &key,
                    ru::sdoc_too_many_rows(field_label(table.code), MAX_ROWS),
                ));
            }
            for column in table.columns {
                check_cell(table, rows.len(), index, column, &cells[column.code])?;
            }
            rows.push(cells);
        }
        give_keys(table, &mut rows);
        Ok(rows)
    }

    fn give_keys(table: &Table, rows: &mut [BTreeMap<String, String>]) {
        for column in table.columns.iter().filter(|c| c.cell == Cell::Key) {
            let mut taken = BTreeSet::new();
            for row in rows.iter_mut() {
                let key = row.entry(column.code.to_string()).or_default();
                if !is_key(key) || !taken.insert(key.clone()) {
                    *key = new_key();
                    taken.insert(key.clone());
                }
            }
        }
    }

    /// `row` numbers the row as it will be kept (labels count from 1); `index` is its form key.
    fn check_cell(
        table: &Table,
        row: usize,
        index: usize,
        column: &Column,
        value: &str,
    ) -> Result<(), AppError> {
        let key = cell_key(table.code, index, column.code);
        let label = ru::sdoc_cell_label(field_label(table.code), row + 1, field_label(column.code));
        let fail = |message: String| Err(AppError::invalid(&key, message));
        if column.cell == Cell::Key {
            return Ok(());
        }
        if value.is_empty() {
            return if column.required {
                fail(ru::sdoc_required(&label))
            } else {
                Ok(())
            };
        }
        if value.chars().count() > MAX_CELL {
            return fail(ru::sdoc_too_long(&label, MAX_CELL));
        }
        match column.cell {
            Cell::Text | Cell::Key => Ok(()),
            Cell::Date => match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                Ok(_) => Ok(()),
                Err(_) => fail(ru::sdoc_date_invalid(&label, value)),
            },
            Cell::Status => match ru::SDOC_ACTIVITY_STATUSES.iter().any(|(code, _)| *code == value) {
                true => Ok(()),
                false => fail(ru::sdoc_status_invalid(&label)),
            },
            Cell::Links => match value.split_whitespace().find(|l| !is_link(l)) {
                Some(bad) => fail(ru::sdoc_link_invalid(&label, bad)),
                None => Ok(()),
            },
        }
    }

    fn is_link(text: &str) -> bool {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"));
        rest.is_some_and(|r| r.contains('.') && !r.starts_with('.') && !r.contains(['<', '>', '"']))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::support::documents::DocKind;

        fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        }

        #[test]
        fn empty_rows_are_dropped_and_the_rest_renumbered() {
            let schema = DocKind::Roadmap.schema();
            let body = parse(
                &schema,
                &form(&[
                    ("stage1-0-title", ""),
                    ("stage1-3-title", "Семинар"),
                    ("stage1-3-deadline", "2027-03-01"),
                    ("stage1-3-responsible", "Иванова"),
                    ("stage1-3-status", "planned"),
                    ("stage1-3-evidence", "https://school.ru/a https://school.ru/b"),
                ]),
                false,
            )
            .unwrap();
            assert_eq!(body.rows("stage1").len(), 1);
            assert_eq!(body.rows("stage1")[0]["title"], "Семинар");
        }

        #[test]
        fn an_activity_keeps_its_key_and_a_new_one_gets_a_fresh_key() {
            let schema = DocKind::Roadmap.schema();
            let row = |i: usize, title: &str, key: &str| {
                [
                    (format!("stage1-{i}-title"), title.to_string()),
                    (format!("stage1-{i}-deadline"), "2027-03-01".to_string()),
                    (format!("stage1-{i}-responsible"), "Иванова".to_string()),
                    (format!("stage1-{i}-status"), "planned".to_string()),
                    (format!("stage1-{i}-key"), key.to_string()),
                ]
            };
            let mut pairs: Vec<(String, String)> = Vec::new();
            pairs.extend(row(0, "Семинар", "a1b2c3"));
            pairs.extend(row(1, "Педсовет", ""));
            pairs.extend(row(2, "Копия", "a1b2c3"));
            pairs.extend(row(3, "Подмена", "../../x"));
            pairs.push(("stage1-4-key".to_string(), "d4e5f6".to_string()));
            let body = parse(&schema, &pairs.into_iter().collect(), false).unwrap();
            let keys: Vec<&str> = body.rows("stage1").iter().map(|r| r["key"].as_str()).collect();
            assert_eq!(
                keys.len(),
                4,
                "a row holding only its key is an emptied row: {keys:?}"
            );
            assert_eq!(keys[0], "a1b2c3");
            assert!(keys[1..].iter().all(|k| k.len() == 12 && is_key(k)), "{keys:?}");
            let distinct: BTreeSet<&str> = keys.iter().copied().collect();
            assert_eq!(distinct.len(), 4, "{keys:?}");
            assert!(
                crate::support::documents::body::fields(&schema, &body)
                    .iter()
                    .all(|f| !f.key.ends_with("-key")),
                "the key is no field: no comment, no diff, no export"
            );
        }

        #[test]
        fn a_bad_cell_is_named_by_table_row_and_column() {
            let schema = DocKind::Antirisk.schema();
            let bad = |pairs: &[(&str, &str)]| match parse(&schema, &form(pairs), false) {
                Err(AppError::Invalid { field, message }) => (field, message),
                other => panic!("{other:?}"),
            };
            let (field, message) = bad(&[("measure-5-title", "Курсы"), ("measure-5-responsible", "Петров")]);
            assert_eq!(field, "measure-5-deadline");
            assert!(message.contains("Мероприятия, строка 1 — Срок"), "{message}");
            let (_, message) = bad(&[
                ("measure-0-title", "Курсы"),
                ("measure-0-responsible", "Петров"),
                ("measure-0-deadline", "31.02.2027"),
            ]);
            assert!(message.contains("не дата"), "{message}");
            let roadmap = DocKind::Roadmap.schema();
            let Err(AppError::Invalid { message, .. }) = parse(
                &roadmap,
                &form(&[
                    ("stage2-0-title", "Отчёт"),
                    ("stage2-0-deadline", "2027-05-01"),
                    ("stage2-0-responsible", "Директор"),
                    ("stage2-0-status", "done"),
                    ("stage2-0-evidence", "javascript:alert(1)"),
                ]),
                false,
            ) else {
                panic!("a script is no link")
            };
            assert!(message.contains("Этап 2, строка 1"), "{message}");
        }

        #[test]
        fn a_submission_needs_every_section_and_a_row_in_every_table() {
            let schema = DocKind::Antirisk.schema();
            assert!(parse(&schema, &form(&[("goal", "Повысить")]), false).is_ok());
            let Err(AppError::Invalid { field, .. }) = parse(&schema, &form(&[("goal", "Повысить")]), true)
            else {
                panic!("a submission without tasks")
            };
            assert_eq!(field, "task-0-text");
        }
    }
}
