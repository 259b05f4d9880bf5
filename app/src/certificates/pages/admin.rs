//! `/r/:slug/admin/certificates`: the template, the issuing rule, the queue of eligible people
//! and the manual issue.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::queue::Queue;
use crate::certificates::{
    get_certificate_settings, CertificateSettings, IssueManual, SaveCertificateRule, SaveCertificateTemplate,
};
use crate::components::form::{Area, Field, RegionForm, Select};
use crate::components::{action_error, route_slug, FormError, PageError};
use crate::i18n::ru;

#[component]
pub fn CertificatesAdminPage() -> impl IntoView {
    let slug = route_slug();
    let template = ServerAction::<SaveCertificateTemplate>::new();
    let rule = ServerAction::<SaveCertificateRule>::new();
    let settings = Resource::new(
        move || (slug.get(), template.version().get(), rule.version().get()),
        |(slug, ..)| get_certificate_settings(slug),
    );
    view! {
        <Title text=ru::CERT_ADMIN_TITLE />
        <h1>{ru::CERT_ADMIN_TITLE}</h1>
        <nav class="admin-links">
            <a href=move || format!("/r/{}/admin/certificates/registry", slug.get())>{ru::CERT_REGISTRY_TITLE}</a>
        </nav>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(settings) => view! {
                        <Queue />
                        <Manual />
                        <Settings settings template rule />
                    }
                    .into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Settings(
    settings: CertificateSettings,
    template: ServerAction<SaveCertificateTemplate>,
    rule: ServerAction<SaveCertificateRule>,
) -> impl IntoView {
    let kinds: Vec<(String, String)> = ru::CERTIFICATE_RULE_KINDS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let form = settings.template;
    let saved = move || matches!(template.value().get(), Some(Ok(_))).then_some(ru::CERT_SAVED);
    let rule_saved = move || matches!(rule.value().get(), Some(Ok(_))).then_some(ru::CERT_SAVED);
    view! {
        <section class="card">
            <h2>{ru::CERT_RULE_TITLE}</h2>
            <p class="muted">{ru::CERT_RULE_VERSION}{settings.rule_version}</p>
            <FormError error=Signal::derive(action_error(rule)) />
            <p class="notice" role="status">{rule_saved}</p>
            <RegionForm action=rule>
                <Select label=ru::CERT_F_RULE name="form[kind]" options=kinds selected=settings.rule.kind required=true />
                <Field label=ru::CERT_F_MIN_HOURS>
                    <input name="form[min_hours]" type="number" min="1" max="10000" value=settings.rule.min_hours />
                </Field>
                <Select label=ru::CERT_F_COURSE name="form[course_id]" options=settings.courses selected=settings.rule.course_id />
                <button type="submit">{ru::CERT_SAVE_RULE}</button>
            </RegionForm>
        </section>
        <section class="card" id="template">
            <h2>{ru::CERT_TEMPLATE_TITLE}</h2>
            <FormError error=Signal::derive(action_error(template)) />
            <p class="notice" role="status">{saved}</p>
            <RegionForm action=template>
                <Field label=ru::CERT_F_TITLE>
                    <input name="form[title]" value=form.title required maxlength="200" />
                </Field>
                <Area label=ru::CERT_F_BODY name="form[body]" value=form.body rows=6 required=true hint=ru::CERT_TEMPLATE_HINT />
                <Field label=ru::CERT_F_SIGNATORY>
                    <input name="form[signatory_name]" value=form.signatory_name required maxlength="200" />
                </Field>
                <Field label=ru::CERT_F_POSITION>
                    <input name="form[signatory_position]" value=form.signatory_position required maxlength="200" />
                </Field>
                <button type="submit" class="primary">{ru::CERT_SAVE_TEMPLATE}</button>
            </RegionForm>
            <Logo current=settings.logo />
        </section>
    }
}

/// The template's logo: a plain multipart form (the file is checked by content on the server),
/// whose redirect back names the outcome in `?logo=`.
#[component]
fn Logo(current: Option<String>) -> impl IntoView {
    let slug = route_slug();
    let query = use_query_map();
    let outcome = move || {
        query
            .read()
            .get("logo")
            .and_then(|code| ru::cert_logo_outcome(&code))
            .map(|(message, error)| {
                let class = if error { "error" } else { "notice" };
                view! { <p class=class role="status">{message}</p> }
            })
    };
    let has_logo = current.is_some();
    let label = match current.as_deref() {
        Some("image/svg+xml") => Some("SVG"),
        Some(_) => Some("PNG"),
        None => None,
    };
    view! {
        <h3>{ru::CERT_LOGO_TITLE}</h3>
        {outcome}
        <p class="muted logo-current">
            {match label {
                Some(label) => format!("{}{label}", ru::CERT_LOGO_CURRENT),
                None => ru::CERT_LOGO_NONE.to_string(),
            }}
        </p>
        {(label == Some("SVG")).then(|| view! { <p class="notice">{ru::CERT_LOGO_SVG_NOT_DRAWN}</p> })}
        <form method="post" enctype="multipart/form-data" class="logo-form"
            action=move || format!("/r/{}/admin/certificates/logo", slug.get())>
            <Field label=ru::CERT_F_LOGO>
                <input type="file" name="file" accept="image/png,image/svg+xml,.png,.svg" />
            </Field>
            <button type="submit">{ru::CERT_LOGO_UPLOAD}</button>
            {has_logo.then(|| view! { <button type="submit" name="remove" value="1">{ru::CERT_LOGO_REMOVE}</button> })}
        </form>
    }
}

/// The manual issue, with its mandatory reason.
#[component]
fn Manual() -> impl IntoView {
    let issue = ServerAction::<IssueManual>::new();
    let issued = move || match issue.value().get() {
        Some(Ok(number)) => Some(view! { <p class="notice" role="status">{ru::CERT_ISSUED}{number}</p> }),
        _ => None,
    };
    view! {
        <section class="card">
            <details>
                <summary>{ru::CERT_MANUAL_TITLE}</summary>
                <FormError error=Signal::derive(action_error(issue)) />
                {issued}
                <RegionForm action=issue>
                    <Field label=ru::CERT_F_EMAIL>
                        <input name="form[email]" type="email" required />
                    </Field>
                    <Field label=ru::CERT_F_PROGRAMME>
                        <input name="form[programme]" required maxlength="500" />
                    </Field>
                    <Field label=ru::CERT_F_HOURS>
                        <input name="form[hours]" type="number" min="1" max="10000" required />
                    </Field>
                    <Field label=ru::CERT_F_DATES>
                        <input name="form[dates]" maxlength="200" />
                    </Field>
                    <Field label=ru::CERT_F_COMPETENCIES>
                        <input name="form[competencies]" maxlength="500" />
                    </Field>
                    <Area label=ru::CERT_F_REASON name="form[reason]" rows=2 required=true />
                    <button type="submit" class="primary">{ru::CERT_ISSUE_ONE}</button>
                </RegionForm>
            </details>
        </section>
    }
}
