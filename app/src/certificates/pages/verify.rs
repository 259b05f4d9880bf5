//! `/verify/:number`: the public check of a certificate, and of an uploaded file against the
//! issued one (answered by the server's redirect with `?check=`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::certificates::verify_certificate;
use crate::components::{query_param, route_param, set_http_status};
use crate::i18n::ru;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let number = route_param("number");
    let surname = query_param("surname");
    let check = query_param("check");
    let found = Resource::new(
        move || (number.get(), surname.get().unwrap_or_default()),
        |(number, surname)| verify_certificate(number, surname),
    );
    let verdict = move || {
        check.get().map(|check| match check.as_str() {
            "match" => {
                view! { <p class="notice file-verdict" role="status">{ru::VERIFY_MATCH}</p> }.into_any()
            }
            "mismatch" => {
                view! { <p class="error file-verdict" role="alert">{ru::VERIFY_MISMATCH}</p> }.into_any()
            }
            _ => view! { <p class="error file-verdict" role="alert">{ru::VERIFY_NO_FILE}</p> }.into_any(),
        })
    };
    view! {
        <Title text=ru::VERIFY_TITLE />
        <h1>{ru::VERIFY_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let Ok(v) = found.await else {
                    set_http_status(404);
                    return view! { <p class="error" role="alert">{ru::VERIFY_NOT_FOUND}</p> }.into_any();
                };
                let status = match &v.revoked {
                    None => view! { <p class="notice verify-status" role="status">{ru::VERIFY_VALID}</p> }.into_any(),
                    Some((on, category)) => view! {
                        <p class="error verify-status" role="alert">{ru::VERIFY_REVOKED}</p>
                        <p>{ru::VERIFY_REVOKED_ON}": "{on.clone()}", "{category.clone()}</p>
                    }
                    .into_any(),
                };
                let action = format!("/verify/{}/file", v.number);
                view! {
                    <section class="card verify">
                        {status}
                        <dl>
                            <dt>"№"</dt><dd>{v.number.clone()}</dd>
                            <dt>{ru::VERIFY_HOLDER}</dt><dd class="holder">{v.holder}</dd>
                            <dt>{ru::VERIFY_PROGRAMME}</dt><dd>{v.programme}</dd>
                            <dt>{ru::VERIFY_HOURS}</dt><dd>{v.hours}{ru::CERT_HOURS}</dd>
                            <dt>{ru::VERIFY_ISSUED}</dt><dd>{v.issued_on}</dd>
                            <dt>{ru::VERIFY_REGION}</dt><dd>{v.region}</dd>
                        </dl>
                        <form method="get" class="inline-form">
                            <label class="field">
                                <span>{ru::VERIFY_SURNAME}</span>
                                <input name="surname" autocomplete="off" />
                            </label>
                            <button type="submit">{ru::VERIFY_SHOW}</button>
                        </form>
                    </section>
                    <section class="card">
                        <h2>{ru::VERIFY_FILE_TITLE}</h2>
                        <p class="muted">{ru::VERIFY_FILE_HINT}" "{ru::VERIFY_FILE_HINT_JSON}</p>
                        <form method="post" enctype="multipart/form-data" action=action>
                            <label class="field">
                                <span>{ru::VERIFY_FILE}</span>
                                <input type="file" name="file" accept="application/pdf,application/json,.pdf,.json" required />
                            </label>
                            <button type="submit" class="primary">{ru::VERIFY_CHECK}</button>
                        </form>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
        {verdict}
    }
}
