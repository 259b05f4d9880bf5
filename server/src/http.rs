//! The HTTP surface: Leptos pages and server functions, health probes, static assets and the
//! middleware every response passes through.

use std::time::Duration;

use app::{accounts::session, shell, state::AppState, App, Assets};
use axum::{
    body::Body,
    extract::DefaultBodyLimit,
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes, ResponseOptions};
use tower::ServiceBuilder;
use tower_http::{
    compression::{
        predicate::{NotForContentType, Predicate},
        CompressionLayer, DefaultPredicate,
    },
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

/// Hashed bundle files never change under the same name, so browsers may keep them for a year.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Applied to responses that did not set their own policy (JSON, files, errors).
const DEFAULT_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
);

/// The app's routes, generated once per process. Generating runs the app with resource loading
/// suppressed by a process-wide flag, so a page rendering at that moment on another server in
/// the same process (integration tests start many) would wait forever (leptos issue #4773).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Routes outside Leptos: probes, file uploads and downloads, each with its own body limit.
fn file_routes() -> Router<AppState> {
    let upload_limit = DefaultBodyLimit::max(app::uploads::BODY_LIMIT);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/my-data.json", get(app::accounts::my_data))
        .route(
            "/r/{slug}/admin/identification/upload",
            post(app::identification::receive_upload).layer(upload_limit),
        )
        .route(
            "/r/{slug}/admin/diagnostics/items/import",
            post(app::diagnostics::import_items).layer(upload_limit),
        )
        .route(
            "/r/{slug}/route/documents",
            post(app::courses::upload_document).layer(upload_limit),
        )
        .route(
            "/r/{slug}/admin/enrolments/import",
            post(app::courses::import_completions).layer(upload_limit),
        )
        .route(
            "/r/{slug}/admin/enrolments/documents/{id}",
            get(app::courses::download_document),
        )
        .route(
            "/r/{slug}/admin/diagnostics/items/export/{format}",
            get(app::diagnostics::export_items),
        )
        .route(
            "/r/{slug}/admin/courses/import",
            post(app::courses::import_catalogue).layer(upload_limit),
        )
        .route(
            "/r/{slug}/admin/courses/export.xlsx",
            get(app::courses::export_catalogue),
        )
        .route(
            "/r/{slug}/admin/identification/runs/{id}/export/{format}",
            get(app::identification::export::run_export),
        )
        .route(
            "/r/{slug}/admin/identification/configs/{id}/export/{format}",
            get(app::identification::export::config_export),
        )
        .route(
            "/r/{slug}/dashboard/export/{view}/{format}",
            get(app::dashboards::export_view),
        )
        .route(
            "/r/{slug}/support/{id}/export.pdf",
            get(app::support::export::case_pdf),
        )
        .route(
            "/r/{slug}/support/{id}/export.xlsx",
            get(app::support::export::case_xlsx),
        )
        .merge(support_file_routes())
        .merge(crate::certificate_routes::routes())
        .merge(crate::club_event_routes::routes())
}

/// The support documents' files: upload and removal by the school, download for the case's readers.
fn support_file_routes() -> Router<AppState> {
    use app::support::documents::files::routes;
    Router::new()
        .route(
            "/r/{slug}/support/{case}/documents/{slot}/files",
            post(routes::attach).layer(DefaultBodyLimit::max(routes::BODY_LIMIT)),
        )
        .route("/r/{slug}/support/{case}/files/{id}", get(routes::download))
        .route("/r/{slug}/support/{case}/files/{id}/remove", post(routes::remove))
}

pub fn router(state: AppState, assets: Assets) -> Router {
    let routes = route_list();
    let pkg_dir = std::path::Path::new(state.leptos_options.site_root.as_ref()).join("pkg");
    // Pages written without Leptos (`/verify/{number}`) link the same stylesheet.
    let plain_pages = Extension(assets.clone());
    let page_context = move || {
        provide_context(assets.clone());
        page_security_policy();
    };
    let shell_options = state.leptos_options.clone();
    file_routes()
        .leptos_routes_with_context(&state, routes, page_context.clone(), move || {
            shell(shell_options.clone())
        })
        .nest_service(
            "/pkg",
            ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    IMMUTABLE,
                ))
                .service(ServeDir::new(pkg_dir).precompressed_gzip()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            page_context,
            shell,
        ))
        .layer(plain_pages)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                        let request_id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            request_id = %request_id,
                            method = %request.method(),
                            path = %request.uri().path(),
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::x_request_id())
                // The bundle is compressed once at build time (`scripts/build-assets.sh`):
                // compressing megabytes of WebAssembly per download would cost every request.
                .layer(CompressionLayer::new().compress_when(
                    DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
                ))
                .layer(middleware::from_fn_with_state(state.clone(), security_headers))
                .layer(middleware::from_fn_with_state(state.clone(), same_origin_only))
                .layer(middleware::from_fn_with_state(state.clone(), resolve_client))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    session::authenticate,
                )),
        )
        .with_state(state)
}

/// Pages get a content security policy that allows only this origin's script, the inline
/// hydration script carrying this response's nonce, and WebAssembly compilation.
fn page_security_policy() {
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Marks personal responses `Cache-Control: no-store` so that no browser or shared cache keeps
/// them: every response to a request with a session cookie and every server-function (`/api/`)
/// response. Only the hashed bundle under `/pkg` is public.
fn personal(request: &Request, secure_cookies: bool) -> bool {
    let path = request.uri().path();
    !path.starts_with("/pkg/")
        && (path.starts_with("/api/") || session::has_session_cookie(request.headers(), secure_cookies))
}

async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let no_store = personal(&request, state.auth.secure_cookies);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if no_store {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(DEFAULT_CSP);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    response
}

/// CSRF protection on top of SameSite cookies: a request that changes state must come from a
/// page of this site, as its `Origin` (or, failing that, `Referer`) shows. The site is the
/// configured public origin (`ROST_PUBLIC_URL`), never the request's own `Host` header, which
/// the sender controls.
async fn same_origin_only(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use axum::http::Method;
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || app::club::notify::unsubscribe::is_one_click(request.uri().path())
    {
        return next.run(request).await;
    }
    let headers = request.headers();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(origin_of);
    let site = origin_of(&state.public_url);
    match (site, source) {
        (Some(site), Some(source)) if same_site(site, source) => next.run(request).await,
        (site, source) => {
            tracing::warn!(?site, ?source, "cross-site state-changing request refused");
            (StatusCode::FORBIDDEN, app::i18n::ru::ERROR_CSRF).into_response()
        }
    }
}

/// `scheme://host[:port]` of a URL, without path, query or fragment.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!scheme.is_empty() && !authority.is_empty()).then(|| &url[..scheme.len() + 3 + authority.len()])
}

/// Whether `source` is the site's origin. `localhost` and `127.0.0.1` name the same loopback
/// server, so a developer who opens the default address either way can sign in; no other site
/// can be served from this machine's loopback port but this server.
fn same_site(site: &str, source: &str) -> bool {
    let loopback = |origin: &str| {
        origin
            .to_ascii_lowercase()
            .replacen("://localhost:", "://127.0.0.1:", 1)
    };
    loopback(site) == loopback(source)
}

/// Resolves the client's address once, through the configured trusted proxies only, for rate
/// limits and the audit log.
async fn resolve_client(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let forwarded = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let ip = app::accounts::rate_limit::client_address(peer, forwarded, &state.trusted_proxies);
        request.extensions_mut().insert(app::state::ClientIp(ip));
    }
    next.run(request).await
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers within a second.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let probe = tokio::time::timeout(
        Duration::from_secs(1),
        sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.db),
    )
    .await;
    match probe {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness probe: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timeout"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_origin_of_a_url_drops_its_path() {
        assert_eq!(
            super::origin_of("https://rost.example.ru/r/x?y#z"),
            Some("https://rost.example.ru")
        );
        assert_eq!(
            super::origin_of("http://127.0.0.1:3000"),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(super::origin_of("null"), None);
    }

    #[test]
    fn only_the_public_origin_or_its_loopback_alias_is_the_site() {
        use super::same_site;
        assert!(same_site("http://127.0.0.1:3000", "http://localhost:3000"));
        assert!(same_site("https://Rost.example.ru", "https://rost.example.ru"));
        assert!(!same_site("http://127.0.0.1:3000", "http://localhost:3001"));
        assert!(!same_site(
            "https://rost.example.ru",
            "https://rost.example.ru.evil.ru"
        ));
        assert!(!same_site("https://rost.example.ru", "http://rost.example.ru"));
    }
}
