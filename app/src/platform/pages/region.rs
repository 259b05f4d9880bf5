//! `/admin/regions/:slug`: a region's settings, its first operators, and the administrator's
//! own role in it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminError;
use crate::access::Role;
use crate::components::{action_error, form::Check, form::Field, route_param, FormError, Submit};
use crate::i18n::ru;
use crate::platform::{get_platform_region, GrantSelf, InviteOperator, RegionSettings, UpdateRegion};

#[component]
pub fn PlatformRegionPage() -> impl IntoView {
    let slug = route_param("slug");
    let update = ServerAction::<UpdateRegion>::new();
    let region = Resource::new(
        move || (slug.get(), update.version().get()),
        |(slug, _)| get_platform_region(slug),
    );
    view! {
        <Title text=ru::PLATFORM_EDIT_TITLE />
        <p><a href="/admin">{ru::PLATFORM_BACK}</a></p>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match region.await {
                    Ok(settings) => view! { <RegionSections settings update /> }.into_any(),
                    Err(error) => view! { <AdminError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegionSections(settings: RegionSettings, update: ServerAction<UpdateRegion>) -> impl IntoView {
    let slug = settings.slug.clone();
    view! {
        <h1>{settings.name.clone()}</h1>
        <p><a href=format!("/r/{slug}")>{ru::PLATFORM_OPEN_REGION}</a></p>
        <SettingsForm settings update />
        <InviteForm slug=slug.clone() />
        <SelfGrantForm slug />
    }
}

#[component]
fn SettingsForm(settings: RegionSettings, update: ServerAction<UpdateRegion>) -> impl IntoView {
    let error = Signal::derive(action_error(update));
    let pending = update.pending().into();
    view! {
        <h2>{ru::PLATFORM_EDIT_TITLE}</h2>
        <ActionForm action=update attr:class="platform-edit">
            <input type="hidden" name="slug" value=settings.slug />
            <Field label=ru::FIELD_REGION_NAME>
                <input name="name" required value=settings.name />
            </Field>
            <Field label=ru::FIELD_REGION_CODE hint=ru::FIELD_REGION_CODE_HINT>
                <input name="region_code" required inputmode="numeric" value=settings.region_code />
            </Field>
            <Field label=ru::FIELD_TIME_ZONE hint=ru::FIELD_TIME_ZONE_HINT>
                <input name="time_zone" required value=settings.time_zone />
            </Field>
            <Field label=ru::FIELD_STATUS_LABELS hint=ru::FIELD_STATUS_LABELS_HINT>
                <textarea name="status_labels" rows="4">{settings.status_labels}</textarea>
            </Field>
            <Check label=ru::FIELD_REGION_ACTIVE name="active" checked=settings.active />
            <FormError error />
            <Show when=move || matches!(update.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::PLATFORM_SAVED}</p>
            </Show>
            <Submit label=ru::PLATFORM_EDIT_SUBMIT pending />
        </ActionForm>
    }
}

#[component]
fn InviteForm(slug: String) -> impl IntoView {
    let invite = ServerAction::<InviteOperator>::new();
    let error = Signal::derive(action_error(invite));
    let pending = invite.pending().into();
    view! {
        <h2>{ru::PLATFORM_INVITE_TITLE}</h2>
        <p class="muted">{ru::PLATFORM_INVITE_TEXT}</p>
        <ActionForm action=invite attr:class="platform-invite">
            <input type="hidden" name="slug" value=slug />
            <Field label=ru::FIELD_FULL_NAME>
                <input name="full_name" required />
            </Field>
            <Field label=ru::FIELD_EMAIL>
                <input name="email" type="email" required />
            </Field>
            <FormError error />
            <Show when=move || matches!(invite.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::PLATFORM_INVITE_DONE}</p>
            </Show>
            <Submit label=ru::PLATFORM_INVITE_SUBMIT pending />
        </ActionForm>
    }
}

#[component]
fn SelfGrantForm(slug: String) -> impl IntoView {
    let grant = ServerAction::<GrantSelf>::new();
    let error = Signal::derive(action_error(grant));
    let pending = grant.pending().into();
    view! {
        <h2>{ru::PLATFORM_SELF_GRANT_TITLE}</h2>
        <p class="muted">{ru::PLATFORM_SELF_GRANT_TEXT}</p>
        <ActionForm action=grant attr:class="platform-self-grant">
            <input type="hidden" name="slug" value=slug />
            <Field label=ru::FIELD_ROLE>
                <select name="role" required>
                    {Role::ALL
                        .into_iter()
                        .map(|role| view! { <option value=role.code()>{role.label()}</option> })
                        .collect_view()}
                </select>
            </Field>
            <FormError error />
            <Show when=move || matches!(grant.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::PLATFORM_SELF_GRANT_DONE}</p>
            </Show>
            <Submit label=ru::PLATFORM_SELF_GRANT_SUBMIT pending />
        </ActionForm>
    }
}
