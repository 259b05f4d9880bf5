//! The frame of the pages reached from an e-mailed link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{action_error, FormError, Submit};
use crate::error::AppError;
use crate::i18n::ru;

fn query_token() -> String {
    use_query_map().read_untracked().get("token").unwrap_or_default()
}

/// A page reached from an e-mailed link: a form that carries the link's token and, once the
/// action succeeds (returning the region's slug), the outcome and a link to that region's login.
#[component]
pub fn TokenPage<A, OutputProtocol>(
    title: &'static str,
    done: &'static str,
    submit: &'static str,
    action: ServerAction<A>,
    children: ChildrenFn,
) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<
            Output = String,
            Error = AppError,
            Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, OutputProtocol>,
        > + serde::de::DeserializeOwned
        + Clone
        + Send
        + Sync
        + 'static,
    <<A::Client as leptos::server_fn::client::Client<AppError>>::Request as leptos::server_fn::request::ClientReq<
        AppError,
    >>::FormData: From<leptos::web_sys::FormData>,
    A::Client: leptos::server_fn::client::Client<AppError>,
    OutputProtocol: 'static,
{
    let token = query_token();
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <Title text=title />
        <section class="form-page">
            <h1>{title}</h1>
            {move || match action.value().get() {
                Some(Ok(slug)) => {
                    view! {
                        <p class="success" role="status">{done}</p>
                        // A platform administrator's link belongs to no region: sign-in starts
                        // from the list of regions.
                        <a href=if slug.is_empty() { "/".to_string() } else { format!("/r/{slug}/login") }>
                            {ru::NAV_LOGIN}
                        </a>
                    }
                        .into_any()
                }
                _ => {
                    let token = token.clone();
                    let fields = children.clone();
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="token" value=token />
                            {fields()}
                            <FormError error />
                            <Submit label=submit pending />
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
