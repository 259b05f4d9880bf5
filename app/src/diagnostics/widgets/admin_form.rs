//! Pieces of the operator's forms: a compact labelled input, a framework edit form and the
//! audience list.

use leptos::prelude::*;

use crate::components::form::RegionForm;
use crate::diagnostics::EditFramework;
use crate::i18n::ru;

/// A `slug`, an `edit[op]` and the given fields, posting one framework edit.
#[component]
pub fn FrameworkForm(
    op: &'static str,
    edit: ServerAction<EditFramework>,
    submit: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <RegionForm action=edit attr:class="inline-form">
            <input type="hidden" name="edit[op]" value=op />
            {children()}
            <button type="submit">{submit}</button>
        </RegionForm>
    }
}

/// A labelled text input that sits in a row with others (`components::form::Field` takes a
/// whole line); `wide` for long values.
#[component]
pub fn InlineField(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    view! {
        <label class="field inline" class:wide=wide>
            <span>{label}</span>
            <input name=name value=value />
        </label>
    }
}

/// A drop-down list in a row with other fields.
#[component]
pub fn InlineSelect(label: &'static str, name: &'static str, children: Children) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{label}</span>
            <select name=name>{children()}</select>
        </label>
    }
}

/// A date (or date and time) input in a row with other fields.
#[component]
pub fn InlineDate(label: &'static str, name: &'static str, kind: &'static str) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{label}</span>
            <input type=kind name=name />
        </label>
    }
}

/// The positions an instrument or a campaign is for.
#[component]
pub fn AudienceSelect(name: &'static str) -> impl IntoView {
    view! {
        <InlineSelect label=ru::DIAG_F_AUDIENCE name>
            {ru::AUDIENCES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
        </InlineSelect>
    }
}
