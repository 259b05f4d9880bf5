//! The director's form of a document, built from its kind's structure: a text area per
//! section, and per table its rows plus one empty row to add (saving adds it; an emptied row
//! is dropped). The curator's field comments are shown beside their fields, and each road-map
//! activity's evidence files beside its links (`files.rs`).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::files::{FileForms, Files, FilesCtx};
use crate::components::form::{Check, RegionForm};
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;
use crate::support::documents::body::{cell_key, field_label, Cell, Column, Table};
use crate::support::documents::{DocState, DocumentView, SaveSupportDocument};

#[component]
pub fn DocForm(d: DocumentView, save: ServerAction<SaveSupportDocument>) -> impl IntoView {
    let error = Signal::derive(action_error(save));
    let saved = move || {
        matches!(save.value().get(), Some(Ok(())))
            .then(|| view! { <p class="success" role="status">{ru::SDOC_SAVED}</p> })
    };
    let comments = match d.state {
        Some(DocState::Returned) | Some(DocState::Draft) => {
            d.review.clone().map(|r| r.by_key).unwrap_or_default()
        }
        _ => BTreeMap::new(),
    };
    let note = match d.state {
        Some(DocState::Approved) => Some(ru::SDOC_FROZEN_NOTE),
        Some(DocState::Returned) => Some(ru::SDOC_RETURNED_NOTE),
        _ => None,
    };
    let schema = d.kind.schema();
    let files = FilesCtx::of(&d, d.can_attach);
    let forms = view! { <FileForms ctx=files.clone() body=d.body.clone() /> };
    view! {
        {note.map(|n| view! { <p class="notice">{n}</p> })}
        <RegionForm action=save>
            <input type="hidden" name="case" value=d.case_id.clone() />
            <input type="hidden" name="slot" value=d.slot.clone() />
            {schema.sections.iter().map(|s| {
                let value = d.body.sections.get(*s).cloned().unwrap_or_default();
                view! {
                    <label class="field">
                        <span>{field_label(s)}</span>
                        <FieldComment comment=comments.get(*s).cloned() />
                        <textarea name=format!("fields[{s}]") rows=5>{value}</textarea>
                    </label>
                }
            }).collect_view()}
            {schema.tables.iter().map(|t| view! {
                <Rows table=*t d=d.clone() comments=comments.clone() files=files.clone() />
            }).collect_view()}
            <Check label=ru::SDOC_SUBMIT_CHECK name="submit" />
            <FormError error />
            <Submit label=ru::SDOC_SAVE pending=save.pending().into() />
        </RegionForm>
        {saved}
        {forms}
    }
}

#[component]
fn FieldComment(comment: Option<String>) -> impl IntoView {
    comment.map(
        |c| view! { <small class="error support-field-comment">{ru::SDOC_CURATOR_SAID} ": " {c}</small> },
    )
}

/// A table's rows and one empty row; a row with a key (a saved activity) shows its files.
#[component]
fn Rows(table: Table, d: DocumentView, comments: BTreeMap<String, String>, files: FilesCtx) -> impl IntoView {
    let rows = d.body.rows(table.code).to_vec();
    let count = rows.len();
    let keyed = table.columns.iter().any(|c| c.cell == Cell::Key);
    view! {
        <fieldset class="card support-table" data-table=table.code>
            <legend><strong>{field_label(table.code)}</strong></legend>
            {(0..=count).map(|i| {
                let row = rows.get(i).cloned().unwrap_or_default();
                let title = if i < count { format!("{} {}", ru::SDOC_ROW, i + 1) } else { ru::SDOC_NEW_ROW.to_string() };
                let key = row.get("key").cloned().unwrap_or_default();
                let evidence = (keyed && i < count).then(|| match key.is_empty() {
                    true => view! { <p class="muted">{ru::SFILE_KEYLESS}</p> }.into_any(),
                    false => view! {
                        <div class="support-evidence">
                            <strong>{ru::SFILE_EVIDENCE}</strong>
                            <Files ctx=files.clone() stage=table.code.to_string() activity=key.clone() />
                        </div>
                    }
                    .into_any(),
                });
                view! {
                    <div class="support-row" data-row=i>
                        <p class="muted">{title}</p>
                        {table.columns.iter().map(|c| {
                            let name = format!("fields[{}]", cell_key(table.code, i, c.code));
                            let value = row.get(c.code).cloned().unwrap_or_default();
                            if c.cell == Cell::Key {
                                return view! { <input type="hidden" name=name value=value /> }.into_any();
                            }
                            let comment = comments.get(&cell_key(table.code, i, c.code)).cloned();
                            view! {
                                <label class="field">
                                    <span>{field_label(c.code)}</span>
                                    <FieldComment comment />
                                    <CellInput column=*c name value />
                                </label>
                            }
                            .into_any()
                        }).collect_view()}
                        {evidence}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn CellInput(column: Column, name: String, value: String) -> impl IntoView {
    match column.cell {
        Cell::Date => view! { <input type="date" name=name value=value /> }.into_any(),
        Cell::Status => view! {
            <select name=name>
                <option value="">{ru::CHOOSE}</option>
                {ru::SDOC_ACTIVITY_STATUSES.iter().map(|(code, label)| {
                    let chosen = *code == value;
                    view! { <option value=*code selected=chosen>{*label}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Cell::Text | Cell::Links => view! { <input type="text" name=name value=value /> }.into_any(),
        Cell::Key => view! { <input type="hidden" name=name value=value /> }.into_any(),
    }
}
