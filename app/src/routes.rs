//! Every page is a lazy route: `scripts/build-assets.sh` splits each one's
//! code out of the main WASM module into chunks the browser fetches on the first visit to it, so
//! a page loads only its own code, and teachers never download the operator pages.
//!
//! To make a page lazy, add a `XRoute => XPage;` line to `lazy_routes!` below and give its
//! `<Route>` `view={Lazy::<routes::XRoute>::new()}`. The page's code only leaves the main module
//! if no eager page references it (links by URL are fine).

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::accounts::pages::{
    AuditLogPage, ConfirmPage, ConfirmationsPage, InvitationPage, LoginPage, PeoplePage, RecoverPage,
    RegisterPage, ResetPage, SettingsPage,
};
use crate::cabinet::CabinetPage;
use crate::certificates::pages::{CertificateRegistryPage, CertificatesAdminPage, MyCertificatesPage};
use crate::club::events::pages::{EventPage, EventsPage};
use crate::club::notify::pages::{NotificationsPage, UnsubscribePage};
use crate::club::pages::{
    ClubBestPage, ClubModerationPage, ClubPage, ClubSearchPage, ClubSectionPage, ClubThreadPage, ClubsPage,
};
use crate::courses::pages::{CoursesAdminPage, EnrolmentsAdminPage, LearnPage, RoutePage, SharedRoutesPage};
use crate::dashboards::pages::DashboardPage;
use crate::diagnostics::pages::{AttemptPage, DiagnosticsAdminPage, InstrumentStatisticsPage, ResultPage};
use crate::growth::pages::{GrowthAdminPage, GrowthReportPage, MyGrowthPage, SchoolPage};
use crate::identification::pages::{
    ConfigPage, IdentificationPage, PublishedPage, RunPage, SchoolsPage, UploadPage,
};
use crate::notifications::pages::UndeliveredMailPage;
use crate::platform::pages::{PlatformAuditPage, PlatformClubsPage, PlatformRegionPage, PlatformRegionsPage};
use crate::support::chat::page::SupportChatPage;
use crate::support::dashboard::page::SupportSummaryPage;
use crate::support::documents::pages::{SupportDocumentPage, SupportDocumentsPage};
use crate::support::pages::{SupportCasePage, SupportCasesPage, SupportProfilePage};
use crate::tenancy::pages::{LandingPage, RegionPage};

/// Declares one lazy route per `(wrapper, page component)` pair.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_routes! {
    /// `/`
    LandingRoute => LandingPage;
    /// `/r/:slug`
    RegionRoute => RegionPage;
    /// `/r/:slug/register`
    RegisterRoute => RegisterPage;
    /// `/r/:slug/login`
    LoginRoute => LoginPage;
    /// `/r/:slug/recover`
    RecoverRoute => RecoverPage;
    /// `/confirm`
    ConfirmRoute => ConfirmPage;
    /// `/reset`
    ResetRoute => ResetPage;
    /// `/r/:slug/invitation`
    InvitationRoute => InvitationPage;
    /// `/r/:slug/cabinet`
    CabinetRoute => CabinetPage;
    /// `/r/:slug/settings`
    SettingsRoute => SettingsPage;
    /// `/r/:slug/diagnostics/:id`
    AttemptRoute => AttemptPage;
    /// `/r/:slug/diagnostics/:id/result`
    ResultRoute => ResultPage;
    /// `/r/:slug/school`, a director's school aggregate: its own page, so that no other role's
    /// cabinet loads it.
    SchoolRoute => SchoolPage;
    /// `/r/:slug/confirmations`
    ConfirmationsRoute => ConfirmationsPage;
    /// `/r/:slug/admin/mail`
    UndeliveredMailRoute => UndeliveredMailPage;
    /// `/r/:slug/admin/audit`
    AuditLogRoute => AuditLogPage;
    /// `/r/:slug/admin/people`
    PeopleRoute => PeoplePage;
    /// `/r/:slug/admin/schools`
    SchoolsRoute => SchoolsPage;
    /// `/r/:slug/admin/identification`
    IdentificationRoute => IdentificationPage;
    /// `/r/:slug/admin/identification/uploads/:id`
    UploadRoute => UploadPage;
    /// `/r/:slug/admin/identification/configs/:id`
    ConfigRoute => ConfigPage;
    /// `/r/:slug/admin/identification/runs/:id`
    RunRoute => RunPage;
    /// `/r/:slug/identification`
    PublishedRoute => PublishedPage;
    /// `/r/:slug/admin/diagnostics`
    DiagnosticsAdminRoute => DiagnosticsAdminPage;
    /// `/r/:slug/admin/diagnostics/instruments/:id`
    InstrumentStatisticsRoute => InstrumentStatisticsPage;
    /// `/r/:slug/admin/courses`
    CoursesAdminRoute => CoursesAdminPage;
    /// `/r/:slug/admin/enrolments`
    EnrolmentsAdminRoute => EnrolmentsAdminPage;
    /// `/r/:slug/route`, a person's recommended route: lazy so the pages every visitor opens
    /// stay small, though it is a teacher's page.
    RouteRoute => RoutePage;
    /// `/r/:slug/learn/:course`, a micro-course.
    LearnRoute => LearnPage;
    /// `/r/:slug/shared-routes`, the routes colleagues shared with a director or methodologist.
    SharedRoutesRoute => SharedRoutesPage;
    /// `/r/:slug/admin/certificates`
    CertificatesAdminRoute => CertificatesAdminPage;
    /// `/r/:slug/admin/certificates/registry`
    CertificateRegistryRoute => CertificateRegistryPage;
    /// `/r/:slug/certificates`, the person's certificates.
    MyCertificatesRoute => MyCertificatesPage;
    /// `/r/:slug/growth`, the person's re-tests and growth reports.
    MyGrowthRoute => MyGrowthPage;
    /// `/r/:slug/growth/:id`, a person's growth report after a re-test.
    GrowthReportRoute => GrowthReportPage;
    /// `/r/:slug/admin/growth`
    GrowthAdminRoute => GrowthAdminPage;
    /// `/admin`
    PlatformRegionsRoute => PlatformRegionsPage;
    /// `/admin/regions/:slug`
    PlatformRegionRoute => PlatformRegionPage;
    /// `/admin/audit`
    PlatformAuditRoute => PlatformAuditPage;
    /// `/admin/clubs`
    PlatformClubsRoute => PlatformClubsPage;
    /// `/club`
    ClubsRoute => ClubsPage;
    /// `/club/:club`
    ClubRoute => ClubPage;
    /// `/club/:club/s/:section`
    ClubSectionRoute => ClubSectionPage;
    /// `/club/:club/t/:thread`
    ClubThreadRoute => ClubThreadPage;
    /// `/club/:club/search`
    ClubSearchRoute => ClubSearchPage;
    /// `/club/:club/best`
    ClubBestRoute => ClubBestPage;
    /// `/club/:club/moderation`
    ClubModerationRoute => ClubModerationPage;
    /// `/club/:club/events`
    ClubEventsRoute => EventsPage;
    /// `/club/:club/events/:id`
    ClubEventRoute => EventPage;
    /// `/club/:club/notifications`
    ClubNotificationsRoute => NotificationsPage;
    /// `/club-unsubscribe/:token`
    ClubUnsubscribeRoute => UnsubscribePage;
    /// `/r/:slug/dashboard`, the operator's, coordinator's or director's figures.
    DashboardRoute => DashboardPage;
    /// `/r/:slug/support`, support cases of the reader's scope (issue 17).
    SupportCasesRoute => SupportCasesPage;
    /// `/r/:slug/support/summary`, the support summary of the operator or a coordinator.
    SupportSummaryRoute => SupportSummaryPage;
    /// `/r/:slug/support/:id`
    SupportCaseRoute => SupportCasePage;
    /// `/r/:slug/support/:id/profile`, the risk questionnaire.
    SupportProfileRoute => SupportProfilePage;
    /// `/r/:slug/support/:id/chat`, the case's chat.
    SupportChatRoute => SupportChatPage;
    /// `/r/:slug/support/:id/documents`, the case's documents.
    SupportDocumentsRoute => SupportDocumentsPage;
    /// `/r/:slug/support/:id/documents/:slot`, one document, its review and versions.
    SupportDocumentRoute => SupportDocumentPage;
}
