//! Form widgets every domain uses, so a field looks and reads the same on every page and a
//! region's form cannot forget the region.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::{client::Client, codec::PostUrl, request::ClientReq, Http, ServerFn};
use serde::de::DeserializeOwned;

use super::route_slug;
use crate::i18n::ru;

/// A labelled field around any control (input, select, textarea); `hint` is shown below it.
#[component]
pub fn Field(
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            {children()}
            {hint.map(|hint| view! { <small class="muted">{hint}</small> })}
        </label>
    }
}

/// A labelled drop-down list of `(value, label)` options; an empty first option asks the user
/// to choose unless `selected` names one.
#[component]
pub fn Select(
    label: &'static str,
    name: &'static str,
    #[prop(into)] options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let choose = selected
        .is_empty()
        .then(|| view! { <option value="">{ru::CHOOSE}</option> });
    view! {
        <Field label>
            <select name=name required=required>
                {choose}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let chosen = value == selected;
                        view! { <option value=value selected=chosen>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// A labelled multi-line text field.
#[component]
pub fn Area(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Field label hint=hint.unwrap_or_default()>
            <textarea name=name rows=rows required=required>{value}</textarea>
        </Field>
    }
}

/// A checkbox with its label to the right, sent as `on` when ticked.
#[component]
pub fn Check(label: &'static str, name: &'static str, #[prop(optional)] checked: bool) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name=name checked=checked />
            <span>{label}</span>
        </label>
    }
}

/// An [`ActionForm`] for a server function of the current region: it adds the region's slug
/// from the route as the `slug` argument.
#[component]
pub fn RegionForm<ServFn, OutputProtocol>(action: ServerAction<ServFn>, children: Children) -> impl IntoView
where
    ServFn:
        DeserializeOwned + ServerFn<Protocol = Http<PostUrl, OutputProtocol>> + Clone + Send + Sync + 'static,
    <<ServFn::Client as Client<ServFn::Error>>::Request as ClientReq<ServFn::Error>>::FormData:
        From<leptos::web_sys::FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as ServerFn>::Client: Client<<ServFn as ServerFn>::Error>,
{
    let slug = route_slug();
    view! {
        <ActionForm action>
            <input type="hidden" name="slug" value=slug />
            {children()}
        </ActionForm>
    }
}
