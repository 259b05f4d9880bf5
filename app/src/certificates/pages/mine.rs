//! `/r/:slug/certificates`: the person's certificates with their PDFs and signed JSON twins,
//! and the administrator's link to the certificate pages. A page of its own, reached from the
//! cabinet, so that the cabinet opened after every login does not load this code.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::certificates::get_my_certificates;
use crate::components::route_slug;
use crate::i18n::ru;

#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let slug = route_slug().get_untracked();
    view! {
        <Title text=ru::CERT_MY_TITLE />
        <section class="cabinet">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::CERT_MY_TITLE}</h1>
            <MyCertificatesList slug />
        </section>
    }
}

#[component]
fn MyCertificatesList(slug: String) -> impl IntoView {
    let mine = Resource::new(move || slug.clone(), get_my_certificates);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(mine) = mine.await else { return ().into_any() };
                let slug = crate::components::route_slug().get_untracked();
                let empty = mine.items.is_empty().then(|| view! { <p class="muted">{ru::CERT_MY_NONE}</p> });
                let admin = mine.admin.then(|| {
                    view! {
                        <nav class="admin-links">
                            <a href=format!("/r/{slug}/admin/certificates")>{ru::CERT_ADMIN_TITLE}</a>
                        </nav>
                    }
                });
                view! {
                    <section class="card certificates" id="certificates">
                        {admin}
                        {empty}
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
