//! `/admin/audit`: the platform's log.

use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminError;
use crate::i18n::ru;
use crate::platform::{get_platform_audit, PlatformAuditEntry};

#[component]
pub fn PlatformAuditPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| get_platform_audit());
    view! {
        <Title text=ru::PLATFORM_AUDIT_TITLE />
        <p><a href="/admin">{ru::PLATFORM_BACK}</a></p>
        <h1>{ru::PLATFORM_AUDIT_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p>{ru::PLATFORM_AUDIT_EMPTY}</p> }.into_any(),
                    Ok(list) => view! { <AuditTable list /> }.into_any(),
                    Err(error) => view! { <AdminError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(list: Vec<PlatformAuditEntry>) -> impl IntoView {
    view! {
        <table class="data platform-audit">
            <thead>
                <tr>
                    <th>{ru::COLUMN_TIME}</th>
                    <th>{ru::COLUMN_USER}</th>
                    <th>{ru::COLUMN_EVENT}</th>
                    <th>{ru::COLUMN_REGION_ACTED_ON}</th>
                    <th>{ru::COLUMN_ADDRESS}</th>
                    <th>{ru::COLUMN_DETAILS}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td>{e.at}</td>
                                <td>{e.email.unwrap_or_default()}</td>
                                <td>{ru::label(&ru::PLATFORM_AUDIT_ACTIONS, &e.action).to_string()}</td>
                                <td>{e.region.unwrap_or_default()}</td>
                                <td>{e.ip.unwrap_or_default()}</td>
                                <td class="muted">{e.details}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
