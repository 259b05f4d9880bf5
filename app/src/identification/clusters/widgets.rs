//! The registry page's form that sets a school's cluster by hand.

use leptos::prelude::*;

use super::SetSchoolCluster;
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;

/// The form; `school` and `cluster` are filled by a row's «изменить» as well as by typing.
#[component]
pub fn ClusterForm(
    action: ServerAction<SetSchoolCluster>,
    school: RwSignal<String>,
    cluster: RwSignal<String>,
) -> impl IntoView {
    let error = Signal::derive(action_error(action));
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section id="cluster-form">
            <h2>{ru::CLUSTER_ASSIGN_TITLE}</h2>
            <p class="muted">{ru::CLUSTER_ASSIGN_HINT}</p>
            <RegionForm action>
                <Field label=ru::FIELD_SCHOOL_CODE>
                    <input name="school" required prop:value=move || school.get()
                        on:input=move |ev| school.set(event_target_value(&ev)) />
                </Field>
                <Field label=ru::FIELD_CLUSTER>
                    <input name="cluster" maxlength=super::MAX_CHARS prop:value=move || cluster.get()
                        on:input=move |ev| cluster.set(event_target_value(&ev)) />
                </Field>
                <Submit label=ru::CLUSTER_ASSIGN pending=action.pending().into() />
            </RegionForm>
            <FormError error />
            {move || saved().then(|| view! { <p class="success" role="status">{ru::CLUSTER_SAVED}</p> })}
        </section>
    }
}

/// A row's cluster with a button that puts the school into [`ClusterForm`].
#[component]
pub fn ClusterCell(
    code: String,
    value: Option<String>,
    school: RwSignal<String>,
    cluster: RwSignal<String>,
) -> impl IntoView {
    let shown = value.clone().unwrap_or_default();
    view! {
        <td class="cluster">
            <span>{shown}</span>" "
            <a class="link" href="#cluster-form" on:click=move |_| {
                school.set(code.clone());
                cluster.set(value.clone().unwrap_or_default());
            }>{ru::CLUSTER_CHANGE}</a>
        </td>
    }
}
