//! The operator's page of messages that have not been delivered.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::PageError;
use crate::i18n::ru;
use crate::notifications::{get_undelivered, OutboxEntry, RetryMessage};

#[component]
pub fn UndeliveredMailPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Signal::derive(move || params.read().get("slug").unwrap_or_default());
    let retry = ServerAction::<RetryMessage>::new();
    let messages = Resource::new(
        move || (slug.get(), retry.version().get()),
        |(slug, _)| get_undelivered(slug),
    );
    view! {
        <Title text=ru::ADMIN_MAIL_TITLE />
        <h1>{ru::ADMIN_MAIL_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Ok(list) if list.is_empty() => view! { <p>{ru::ADMIN_MAIL_EMPTY}</p> }.into_any(),
                    Ok(list) => view! { <MailTable list slug=slug.get_untracked() retry /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailTable(list: Vec<OutboxEntry>, slug: String, retry: ServerAction<RetryMessage>) -> impl IntoView {
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th>{ru::COLUMN_TIME}</th>
                    <th>{ru::COLUMN_RECIPIENT}</th>
                    <th>{ru::COLUMN_SUBJECT}</th>
                    <th>{ru::COLUMN_STATUS}</th>
                    <th>{ru::COLUMN_ATTEMPTS}</th>
                    <th>{ru::COLUMN_ERROR}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|m| {
                        let failed = m.status == "failed";
                        let slug = slug.clone();
                        view! {
                            <tr>
                                <td>{m.created_at}</td>
                                <td>{m.recipient}</td>
                                <td>{m.subject}</td>
                                <td>{ru::label(&ru::OUTBOX_STATUSES, &m.status).to_string()}</td>
                                <td>{m.attempts}</td>
                                <td class="error-text">{m.last_error.unwrap_or_default()}</td>
                                <td>
                                    {failed
                                        .then(|| {
                                            view! {
                                                <ActionForm action=retry>
                                                    <input type="hidden" name="slug" value=slug />
                                                    <input type="hidden" name="id" value=m.id />
                                                    <button type="submit">{ru::ADMIN_RETRY}</button>
                                                </ActionForm>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
