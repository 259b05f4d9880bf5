//! `/r/:slug/admin/certificates/registry`: search, XLSX export, revocation and re-sending.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::certificates::{get_certificate_registry, CertificateRow, ResendCertificate, RevokeCertificate};
use crate::components::form::{Area, RegionForm, Select};
use crate::components::{action_error, query_param, route_slug, FormError, PageError};
use crate::i18n::ru;

#[component]
pub fn CertificateRegistryPage() -> impl IntoView {
    let slug = route_slug();
    let query = query_param("q");
    let revoke = ServerAction::<RevokeCertificate>::new();
    let resend = ServerAction::<ResendCertificate>::new();
    let rows = Resource::new(
        move || {
            (
                slug.get(),
                query.get().unwrap_or_default(),
                revoke.version().get(),
            )
        },
        |(slug, query, _)| get_certificate_registry(slug, query),
    );
    let export = move || {
        format!(
            "/r/{}/admin/certificates/export.xlsx?q={}",
            slug.get(),
            percent(&query.get().unwrap_or_default())
        )
    };
    let resent = move || matches!(resend.value().get(), Some(Ok(_))).then_some(ru::CERT_RESENT);
    view! {
        <Title text=ru::CERT_REGISTRY_TITLE />
        <h1>{ru::CERT_ADMIN_TITLE}": "{ru::CERT_REGISTRY_TITLE}</h1>
        <nav class="admin-links">
            <a href=move || format!("/r/{}/admin/certificates", slug.get())>{ru::CERT_QUEUE_TITLE}</a>
            <a href=export rel="external">{ru::CERT_EXPORT}</a>
        </nav>
        <form method="get" class="inline-form">
            <input name="q" aria-label=ru::CERT_SEARCH placeholder=ru::CERT_SEARCH value=move || query.get().unwrap_or_default() />
            <button type="submit">{ru::CERT_FIND}</button>
        </form>
        <FormError error=Signal::derive(action_error(revoke)) />
        <FormError error=Signal::derive(action_error(resend)) />
        <p class="notice" role="status">{resent}</p>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{ru::CERT_REGISTRY_EMPTY}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="registry">
                            {rows.into_iter().map(|row| view! { <Entry row revoke resend /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Entry(
    row: CertificateRow,
    revoke: ServerAction<RevokeCertificate>,
    resend: ServerAction<ResendCertificate>,
) -> impl IntoView {
    let slug = route_slug().get_untracked();
    let categories: Vec<(String, String)> = ru::CERTIFICATE_REVOKE_CATEGORIES
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let href = format!("/r/{slug}/certificates/{}/pdf", row.number);
    let school = row.school.clone().map(|s| format!(", {s}"));
    let actions = row.revoked.is_none().then(|| {
        let (number, again) = (row.number.clone(), row.number.clone());
        view! {
            <RegionForm action=resend attr:class="inline-form">
                <input type="hidden" name="number" value=again />
                <button type="submit">{ru::CERT_RESEND}</button>
            </RegionForm>
            <details>
                <summary>{ru::CERT_REVOKE}</summary>
                <RegionForm action=revoke>
                    <input type="hidden" name="form[number]" value=number />
                    <Select label=ru::CERT_F_CATEGORY name="form[category]" options=categories required=true />
                    <Area label=ru::CERT_F_REVOKE_REASON name="form[reason]" rows=2 required=true />
                    <button type="submit" class="danger">{ru::CERT_REVOKE}</button>
                </RegionForm>
            </details>
        }
    });
    view! {
        <li class="certificate" data-number=row.number.clone()>
            <strong>"№ "{row.number.clone()}</strong>" "{row.full_name.clone()}{school}
            <p class="muted">{row.programme.clone()}", "{row.hours}{ru::CERT_HOURS}", "{row.issued_on.clone()}</p>
            {row.revoked.clone().map(|r| view! { <p class="error">{ru::CERT_REVOKED}{r}</p> })}
            <a href=href rel="external">{ru::CERT_DOWNLOAD}</a>
            {actions}
        </li>
    }
}

/// Percent-encodes the search for the export link (letters and digits stay).
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
