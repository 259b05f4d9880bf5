//! Pieces of the certificate pages used elsewhere: the cabinet's list of one's certificates.

use leptos::prelude::*;

use super::get_my_certificates;
use crate::i18n::ru;

/// The cabinet's section: the person's certificates with their PDFs, and the administrator's
/// link to the certificate pages.
#[component]
pub fn MyCertificatesSection(slug: String) -> impl IntoView {
    let mine = Resource::new(move || slug.clone(), get_my_certificates);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(mine) = mine.await else { return ().into_any() };
                if mine.items.is_empty() && !mine.admin {
                    return ().into_any();
                }
                let slug = crate::components::route_slug().get_untracked();
                let admin = mine.admin.then(|| {
                    view! {
                        <nav class="admin-links">
                            <a href=format!("/r/{slug}/admin/certificates")>{ru::CERT_ADMIN_TITLE}</a>
                        </nav>
                    }
                });
                view! {
                    <section class="card certificates" id="certificates">
                        <h2>{ru::CERT_MY_TITLE}</h2>
                        {admin}
                        <ul>
                            {mine
                                .items
                                .into_iter()
                                .map(|c| {
                                    let href = format!("/r/{slug}/certificates/{}/pdf", c.number);
                                    let json = format!("/r/{slug}/certificates/{}/json", c.number);
                                    let revoked = c.revoked.then(|| format!(" ({})", ru::CERT_MY_REVOKED));
                                    view! {
                                        <li>
                                            "№ "{c.number}" — "{c.programme}", "{c.hours}{ru::CERT_HOURS}", "
                                            {c.issued_on}{revoked}" "
                                            <a href=href rel="external">{ru::CERT_DOWNLOAD}</a>" "
                                            <a href=json rel="external">{ru::CERT_DOWNLOAD_JSON}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
