//! The item bank: its items, each open to edit, the item editor, and export and import as files.

use leptos::prelude::*;

use super::admin_form::{InlineField, InlineSelect};
use crate::components::form::{Area, Field, RegionForm};
use crate::components::{action_error, FormError};
use crate::diagnostics::model::Framework;
use crate::diagnostics::{DiagnosticsAdmin, ItemForm, ItemKind, ItemRow, SaveItem};
use crate::i18n::ru;

#[component]
fn ItemEditor(
    id: Option<String>,
    form: ItemForm,
    save: ServerAction<SaveItem>,
    submit: &'static str,
) -> impl IntoView {
    view! {
        <RegionForm action=save attr:class="item-editor">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <InlineField label=ru::DIAG_F_CODE name="form[code]" value=form.code />
            <InlineSelect label=ru::DIAG_F_KIND name="form[kind]">
                {ItemKind::ALL
                    .into_iter()
                    .map(|k| {
                        view! {
                            <option value=k.code() selected=form.kind == k.code()>
                                {k.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </InlineSelect>
            <InlineField label=ru::DIAG_F_POINTS name="form[points]" value=form.points />
            <Area label=ru::DIAG_F_STEM name="form[stem]" value=form.stem rows=3 />
            <Area label=ru::DIAG_F_OPTIONS name="form[options]" value=form.options rows=3 />
            <InlineField label=ru::DIAG_F_CORRECT name="form[correct]" value=form.correct />
            <Area label=ru::DIAG_F_ACCEPTED name="form[accepted]" value=form.accepted rows=3 />
            <InlineField label=ru::DIAG_F_LINKS name="form[competencies]" value=form.competencies wide=true />
            <button type="submit" class="primary">{submit}</button>
        </RegionForm>
    }
}

/// An item of the bank, opened to edit it.
#[component]
fn BankItem(row: ItemRow, framework: Framework, save: ServerAction<SaveItem>) -> impl IntoView {
    let competencies = row
        .item
        .competencies
        .iter()
        .map(|c| {
            framework
                .competency(&c.code)
                .map_or(c.code.clone(), |f| format!("{} ({})", f.code, c.weight))
        })
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <details class="bank-item" data-item=row.item.code.clone()>
            <summary>
                <code>{row.item.code.clone()}</code>
                {format!(" · {} · {} · ", row.item.kind.label(), ru::diag_version(row.version))}
                {row.item.stem.chars().take(90).collect::<String>()}
            </summary>
            <p class="muted">{format!("{}: {competencies}", ru::DIAG_F_LINKS)}</p>
            {row.frozen.then(|| view! { <p class="notice">{ru::DIAG_FROZEN}</p> })}
            <ItemEditor id=Some(row.id.clone()) form=ItemForm::from(&row.item) save submit=ru::DIAG_SAVE />
        </details>
    }
}

#[component]
pub fn BankSection(
    admin: DiagnosticsAdmin,
    framework: Framework,
    slug: String,
    save: ServerAction<SaveItem>,
) -> impl IntoView {
    let save_error = Signal::derive(action_error(save));
    let count = admin.items.len();
    let rows = admin
        .items
        .into_iter()
        .map(|row| view! { <BankItem row framework=framework.clone() save /> })
        .collect_view();
    view! {
        <section class="card bank">
            <h2>{ru::diag_bank_title(count)}</h2>
            <p>
                <a href=format!("/r/{slug}/admin/diagnostics/items/export/json") download>{ru::DIAG_EXPORT_JSON}</a>
                " · "
                <a href=format!("/r/{slug}/admin/diagnostics/items/export/xlsx") download>{ru::DIAG_EXPORT_XLSX}</a>
            </p>
            <form
                class="upload"
                method="post"
                enctype="multipart/form-data"
                action=format!("/r/{slug}/admin/diagnostics/items/import")
            >
                <Field label=ru::DIAG_IMPORT hint=ru::DIAG_IMPORT_HINT>
                    <input type="file" name="file" accept=".json,.xlsx,.csv" required />
                </Field>
                <button type="submit">{ru::DIAG_IMPORT_SUBMIT}</button>
            </form>
            <FormError error=save_error />
            <details class="add">
                <summary>{ru::DIAG_ADD_ITEM}</summary>
                <ItemEditor
                    id=None
                    form=ItemForm { kind: "single".into(), points: "1".into(), ..Default::default() }
                    save
                    submit=ru::DIAG_ADD
                />
            </details>
            {rows}
        </section>
    }
}
