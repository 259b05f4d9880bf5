//! `/admin`: every region with its usage, and the form that creates one.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminError;
use crate::components::{action_error, form::Field, FormError, Submit};
use crate::i18n::ru;
use crate::platform::{get_platform_regions, CreateRegion, RegionUsage};

#[component]
pub fn PlatformRegionsPage() -> impl IntoView {
    let create = ServerAction::<CreateRegion>::new();
    let regions = Resource::new(move || create.version().get(), |_| get_platform_regions());
    view! {
        <Title text=ru::PLATFORM_TITLE />
        <h1>{ru::PLATFORM_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match regions.await {
                    Ok(list) => view! {
                        <nav class="admin-links">
                            <a href="/admin/clubs">{ru::PLATFORM_CLUBS_TITLE}</a>
                            <a href="/admin/audit">{ru::PLATFORM_AUDIT_TITLE}</a>
                        </nav>
                        <h2>{ru::PLATFORM_REGIONS}</h2>
                        <RegionTable list />
                    }
                        .into_any(),
                    Err(error) => view! { <AdminError error /> }.into_any(),
                }
            })}
        </Suspense>
        <CreateRegionForm create />
    }
}

#[component]
fn RegionTable(list: Vec<RegionUsage>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{ru::PLATFORM_REGIONS_EMPTY}</p> }.into_any();
    }
    view! {
        <table class="data platform-regions">
            <thead>
                <tr>
                    <th>{ru::COLUMN_REGION}</th>
                    <th>{ru::COLUMN_REGION_CODE}</th>
                    <th>{ru::COLUMN_STATE}</th>
                    <th>{ru::COLUMN_PEOPLE}</th>
                    <th>{ru::COLUMN_ATTEMPTS}</th>
                    <th>{ru::COLUMN_STORAGE}</th>
                    <th>{ru::COLUMN_MAIL_FAILURES}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|r| {
                        let state = if r.active { ru::REGION_ACTIVE } else { ru::REGION_INACTIVE };
                        view! {
                            <tr data-slug=r.slug.clone()>
                                <td><a href=format!("/admin/regions/{}", r.slug)>{r.name}</a></td>
                                <td>{r.region_code}</td>
                                <td>{state}</td>
                                <td>{r.people}</td>
                                <td>{r.attempts}</td>
                                <td>{ru::storage_size(r.storage_bytes)}</td>
                                <td>{r.mail_failures}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CreateRegionForm(create: ServerAction<CreateRegion>) -> impl IntoView {
    let error = Signal::derive(action_error(create));
    let pending = create.pending().into();
    let created = move || match create.value().get() {
        Some(Ok(slug)) => Some(view! {
            <p class="success" role="status">
                {ru::PLATFORM_CREATED} " "
                <a href=format!("/admin/regions/{slug}")>{ru::PLATFORM_EDIT_TITLE}</a>
            </p>
        }),
        _ => None,
    };
    view! {
        <h2>{ru::PLATFORM_NEW_REGION}</h2>
        <ActionForm action=create attr:class="platform-create">
            <Field label=ru::FIELD_SLUG hint=ru::FIELD_SLUG_HINT>
                <input name="slug" required autocomplete="off" />
            </Field>
            <Field label=ru::FIELD_REGION_NAME>
                <input name="name" required />
            </Field>
            <Field label=ru::FIELD_REGION_CODE hint=ru::FIELD_REGION_CODE_HINT>
                <input name="region_code" required inputmode="numeric" />
            </Field>
            <Field label=ru::FIELD_TIME_ZONE hint=ru::FIELD_TIME_ZONE_HINT>
                <input name="time_zone" required value="Europe/Moscow" />
            </Field>
            <Field label=ru::FIELD_TEMPLATE>
                <select name="template">
                    {ru::PLATFORM_TEMPLATES
                        .into_iter()
                        .map(|(code, label)| view! { <option value=code>{label}</option> })
                        .collect_view()}
                </select>
            </Field>
            <Field label=ru::FIELD_STATUS_LABELS hint=ru::FIELD_STATUS_LABELS_HINT>
                <textarea name="status_labels" rows="4"></textarea>
            </Field>
            <FormError error />
            {created}
            <Submit label=ru::PLATFORM_CREATE_SUBMIT pending />
        </ActionForm>
    }
}
