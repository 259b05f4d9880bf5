//! The editor's forms and fields, and the codes its drop-downs send.

use leptos::prelude::*;

use crate::i18n::ru;
use crate::identification::config::{Normalization, Orientation};
use crate::identification::*;

/// One editor form: the hidden fields that say what to change, the visible fields, a button.
#[component]
pub fn EditForm(
    slug: String,
    id: String,
    op: &'static str,
    #[prop(optional)] hidden: Vec<(&'static str, usize)>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] primary: bool,
    submit: &'static str,
    edit: ServerAction<EditConfig>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    // A form that adds something is emptied once its own submission succeeds.
    let form = NodeRef::<leptos::html::Form>::new();
    let submitted = RwSignal::new(false);
    if class == "add" {
        Effect::new(move |_| {
            if matches!(edit.value().get(), Some(Ok(_))) && submitted.get_untracked() {
                submitted.set(false);
                if let Some(form) = form.get_untracked() {
                    form.reset();
                }
            }
        });
    }
    view! {
        <div class=format!("edit-row {class}") on:submit=move |_| submitted.set(true)>
            <ActionForm action=edit node_ref=form>
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="edit[op]" value=op />
                {hidden
                    .into_iter()
                    .map(|(name, p)| view! { <input type="hidden" name=format!("edit[{name}]") value=p.to_string() /> })
                    .collect_view()}
                {children.map(|c| c())}
                <button type="submit" class:primary=primary class:link=class == "inline">{submit}</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn Input(
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::label(&ru::EDIT_FIELDS, name).to_string()}</span>
            <input name=format!("edit[{name}]") value=value size=size.unwrap_or(10) />
        </label>
    }
}

#[component]
pub fn Choice(
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::label(&ru::EDIT_FIELDS, name).to_string()}</span>
            <select name=format!("edit[{name}]")>
                {options
                    .into_iter()
                    .map(|(code, label)| {
                        let chosen = code == selected;
                        view! { <option value=code selected=chosen>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

pub fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect()
}

pub fn code_of<T: Copy + PartialEq>(options: &[(&'static str, T)], value: T) -> String {
    options
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(c, _)| c.to_string())
        .unwrap_or_default()
}

pub const ORIENTATION_CODES: [(&str, Orientation); 2] = [
    ("higher_is_better", Orientation::HigherIsBetter),
    ("higher_is_worse", Orientation::HigherIsWorse),
];

pub const NORMALIZATION_CODES: [(&str, Normalization); 2] = [
    ("minmax", Normalization::Minmax),
    ("threshold", Normalization::Threshold),
];

pub const DIRECTION_CODES: [(&str, crate::identification::config::Direction); 2] = [
    ("direct", crate::identification::config::Direction::Direct),
    ("inverse", crate::identification::config::Direction::Inverse),
];

pub const OP_CODES: [(&str, crate::identification::config::Op); 4] = [
    ("lt", crate::identification::config::Op::Lt),
    ("le", crate::identification::config::Op::Le),
    ("gt", crate::identification::config::Op::Gt),
    ("ge", crate::identification::config::Op::Ge),
];

#[component]
pub fn StatusTable(rows: AnyView) -> impl IntoView {
    view! {
        <table class="data statuses">
            <thead><tr><th>{ru::COLUMN_CODE}</th><th>{ru::COLUMN_LABEL}</th><th>{ru::COLUMN_RULE}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A status with its editable label and a remove button.
#[component]
pub fn StatusRow(
    slug: String,
    id: String,
    position: usize,
    code: String,
    label: String,
    rule: String,
    /// The status's cluster limit, for methods that have one.
    #[prop(optional)]
    filter: Option<Option<crate::identification::combined::Where>>,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let limit = filter.map(|filter| {
        view! { <super::combined::StatusWhereForm slug=slug.clone() id=id.clone() position filter edit /> }
    });
    view! {
        <tr>
            <td>{code.clone()}</td>
            <td>
                <EditForm slug=slug.clone() id=id.clone() op="label" class="inline" submit=ru::SAVE edit>
                    <input type="hidden" name="edit[code]" value=code />
                    <input name="edit[label]" value=label size=12 aria-label=ru::COLUMN_LABEL />
                </EditForm>
            </td>
            <td>{rule}{limit}</td>
            <td>
                <EditForm slug id op="remove_status" hidden=vec![("status", position)] class="inline" submit=ru::REMOVE edit />
            </td>
        </tr>
    }
}
