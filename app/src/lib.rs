//! Shared Leptos UI and server functions of Rost, one module per domain concept.
//!
//! Server-only code (queries, state) lives under `#[cfg(feature = "ssr")]` inside each module,
//! so the browser bundle never contains SQL or secrets.

pub mod access;
pub mod accounts;
pub mod cabinet;
#[cfg(feature = "ssr")]
pub mod cache;
pub mod certificates;
pub mod club;
pub mod components;
pub mod courses;
pub mod dashboards;
pub mod diagnostics;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod error;
#[cfg(feature = "ssr")]
pub mod files;
pub mod growth;
pub mod i18n;
pub mod identification;
pub mod menu;
pub mod notifications;
pub mod platform;
mod routes;
#[cfg(feature = "ssr")]
pub mod state;
pub mod support;
pub mod tenancy;
#[cfg(feature = "ssr")]
pub mod uploads;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use crate::components::NotFoundPage;
use crate::i18n::ru;

/// Names of the hashed static files the browser loads; hashing lets them be cached forever.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    pub stylesheet: Option<String>,
}

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = use_context::<Assets>().and_then(|assets| assets.stylesheet);
    view! {
        <!DOCTYPE html>
        <html lang="ru">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                {stylesheet.map(|href| view! { <Stylesheet href=href /> })}
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // `frontend` marks `<body data-hydrated>` once hydration, lazy routes included, has finished
    // (browser tests wait for it).
    view! {
        <Title text=ru::APP_TITLE />
        <Router>
            <components::Header>
                <menu::HeaderMenu />
            </components::Header>
            <main class="container">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view={Lazy::<routes::LandingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug") view={Lazy::<routes::RegionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/register") view={Lazy::<routes::RegisterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/login") view={Lazy::<routes::LoginRoute>::new()} />
                    <Route path=path!("/r/:slug/recover") view={Lazy::<routes::RecoverRoute>::new()} />
                    <Route path=path!("/r/:slug/cabinet") view={Lazy::<routes::CabinetRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/settings") view={Lazy::<routes::SettingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/school") view={Lazy::<routes::SchoolRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/invitation") view={Lazy::<routes::InvitationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/confirmations") view={Lazy::<routes::ConfirmationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/mail") view={Lazy::<routes::UndeliveredMailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/audit") view={Lazy::<routes::AuditLogRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/people") view={Lazy::<routes::PeopleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/schools") view={Lazy::<routes::SchoolsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/identification") view={Lazy::<routes::IdentificationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/identification/uploads/:id") view={Lazy::<routes::UploadRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/identification/configs/:id") view={Lazy::<routes::ConfigRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/identification/runs/:id") view={Lazy::<routes::RunRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/identification") view={Lazy::<routes::PublishedRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/route") view={Lazy::<routes::RouteRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/learn/:course") view={Lazy::<routes::LearnRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/shared-routes") view={Lazy::<routes::SharedRoutesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/courses") view={Lazy::<routes::CoursesAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/enrolments") view={Lazy::<routes::EnrolmentsAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/certificates") view={Lazy::<routes::MyCertificatesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/growth") view={Lazy::<routes::MyGrowthRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/growth/:id") view={Lazy::<routes::GrowthReportRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/growth") view={Lazy::<routes::GrowthAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/dashboard") view={Lazy::<routes::DashboardRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support") view={Lazy::<routes::SupportCasesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/summary") view={Lazy::<routes::SupportSummaryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/:id") view={Lazy::<routes::SupportCaseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/:id/profile") view={Lazy::<routes::SupportProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/:id/chat") view={Lazy::<routes::SupportChatRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/:id/documents") view={Lazy::<routes::SupportDocumentsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/support/:id/documents/:slot") view={Lazy::<routes::SupportDocumentRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/diagnostics/:id") view={Lazy::<routes::AttemptRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/diagnostics/:id/result") view={Lazy::<routes::ResultRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/diagnostics") view={Lazy::<routes::DiagnosticsAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route
                        path=path!("/r/:slug/admin/diagnostics/instruments/:id")
                        view={Lazy::<routes::InstrumentStatisticsRoute>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/r/:slug/admin/certificates") view={Lazy::<routes::CertificatesAdminRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/r/:slug/admin/certificates/registry") view={Lazy::<routes::CertificateRegistryRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club") view={Lazy::<routes::ClubsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club") view={Lazy::<routes::ClubRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/s/:section") view={Lazy::<routes::ClubSectionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/t/:thread") view={Lazy::<routes::ClubThreadRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/search") view={Lazy::<routes::ClubSearchRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/best") view={Lazy::<routes::ClubBestRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/moderation") view={Lazy::<routes::ClubModerationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/confirm") view={Lazy::<routes::ConfirmRoute>::new()} />
                    <Route path=path!("/reset") view={Lazy::<routes::ResetRoute>::new()} />
                    <Route path=path!("/admin") view={Lazy::<routes::PlatformRegionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/regions/:slug") view={Lazy::<routes::PlatformRegionRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view={Lazy::<routes::PlatformAuditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/clubs") view={Lazy::<routes::PlatformClubsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/events") view={Lazy::<routes::ClubEventsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/events/:id") view={Lazy::<routes::ClubEventRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club/:club/notifications") view={Lazy::<routes::ClubNotificationsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/club-unsubscribe/:token") view={Lazy::<routes::ClubUnsubscribeRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
            <components::Footer />
        </Router>
    }
}
