//! UI pieces shared by every domain module.

pub mod form;
mod pager;

pub use pager::Pager;

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::ru;

/// The region slug of the current route.
pub fn route_slug() -> Signal<String> {
    route_param("slug")
}

/// A parameter of the current route (`:id` …), empty when absent.
pub fn route_param(name: &'static str) -> Signal<String> {
    let params = leptos_router::hooks::use_params_map();
    Signal::derive(move || params.read().get(name).unwrap_or_default())
}

/// A non-empty query parameter of the current address.
pub fn query_param(name: &'static str) -> Signal<Option<String>> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || query.read().get(name).filter(|v| !v.is_empty()))
}

/// The error of the last submission of an action, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> impl Fn() -> Option<AppError>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    move || action.value().get().and_then(Result::err)
}

/// Shows the message of a failed submission; a field error also names its field.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let field = match &error {
                AppError::Invalid { field, .. } => field.clone(),
                _ => String::new(),
            };
            view! { <p class="error" role="alert" data-field=field>{error.to_string()}</p> }
        })
    }
}

#[component]
pub fn Submit(label: &'static str, pending: Signal<bool>) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || pending.get()>
            {move || if pending.get() { ru::SENDING } else { label }}
        </button>
    }
}

/// The site's header; `children` are the signed-in person's indicators (the club's unread
/// counter), given by `lib.rs` so that `components` imports no domain.
#[component]
pub fn Header(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container">
                <a href="/" class="brand">{ru::APP_NAME}</a>
                <span class="tagline">{ru::APP_TAGLINE}</span>
                {children.map(|children| children())}
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">{ru::FOOTER}</div>
        </footer>
    }
}

/// Sets the HTTP status of the page being rendered on the server; a no-op in the browser.
pub fn set_http_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// A page that tells the user something is not there, served with HTTP 404.
#[component]
pub fn NotFound(title: &'static str, text: &'static str) -> impl IntoView {
    set_http_status(404);
    view! {
        <Title text=title />
        <section class="not-found">
            <h1>{title}</h1>
            <p>{text}</p>
            <a href="/">{ru::BACK_TO_REGIONS}</a>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound title=ru::NOT_FOUND_TITLE text=ru::NOT_FOUND_TEXT /> }
}

/// Shows an error message a user can act on.
#[component]
pub fn ErrorMessage(message: String) -> impl IntoView {
    view! { <p class="error" role="alert">{message}</p> }
}

/// The error of a region's page, served with its HTTP status (401, 403, 404 …): an unknown
/// region gets the not-found page, a visitor who is not signed in a link to the login page.
#[component]
pub fn PageError(error: AppError, slug: String) -> impl IntoView {
    if error == AppError::RegionNotFound {
        return Either::Left(
            view! { <NotFound title=ru::REGION_NOT_FOUND_TITLE text=ru::REGION_NOT_FOUND_TEXT /> },
        );
    }
    set_http_status(error.status());
    let login = matches!(error, AppError::Unauthorized);
    Either::Right(view! {
        <ErrorMessage message=error.to_string() />
        {login.then(|| view! { <a href=format!("/r/{slug}/login")>{ru::NAV_LOGIN}</a> })}
    })
}

/// Escapes text for HTML written by hand (e-mails, plain pages): in text and in quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything but letters, digits and `-_.`, for headers and query strings.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
