//! `/r/:slug/admin/audit`: the region's security log, for its operator.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::{get_audit_log, AuditEntry};
use crate::components::{route_slug, PageError};
use crate::i18n::ru;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let slug = route_slug();
    let entries = Resource::new(move || slug.get(), get_audit_log);
    view! {
        <Title text=ru::ADMIN_AUDIT_TITLE />
        <h1>{ru::ADMIN_AUDIT_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p>{ru::ADMIN_AUDIT_EMPTY}</p> }.into_any(),
                    Ok(list) => view! { <AuditTable list /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(list: Vec<AuditEntry>) -> impl IntoView {
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th>{ru::COLUMN_TIME}</th>
                    <th>{ru::COLUMN_USER}</th>
                    <th>{ru::COLUMN_EVENT}</th>
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
                                <td>{ru::audit_action_label(&e.action).to_string()}</td>
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
