//! The platform's pages under `/admin`, all lazy routes.

mod audit;
mod clubs;
mod region;
mod regions;

pub use audit::PlatformAuditPage;
pub use clubs::PlatformClubsPage;
pub use region::PlatformRegionPage;
pub use regions::PlatformRegionsPage;

use leptos::prelude::*;

use crate::components::{set_http_status, ErrorMessage};
use crate::error::AppError;
use crate::i18n::ru;

/// The error of a platform page, with its HTTP status; a visitor who is not signed in is told
/// where to sign in (there is no region in the address to offer its login page).
#[component]
fn AdminError(error: AppError) -> impl IntoView {
    set_http_status(error.status());
    let sign_in = matches!(error, AppError::Unauthorized);
    view! {
        <ErrorMessage message=error.to_string() />
        {sign_in.then(|| view! {
            <p>{ru::PLATFORM_SIGN_IN}</p>
            <a href="/">{ru::PLATFORM_TO_REGIONS}</a>
        })}
    }
}
