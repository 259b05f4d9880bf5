//! `/r/:slug/cabinet`: the personal cabinet, opened after every login. It sits above the domains
//! and gathers their sections: accounts' facts, logging out and the link to the settings, the
//! links of the person's roles, the person's diagnostics (with an open re-test) and route. Everything
//! else is a page of its own linked from here (settings, certificates, growth, the school), so
//! that this page's code stays small on a teacher's phone.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::Role;
use crate::accounts::{get_profile, CabinetHead, CabinetSettings, Profile};
use crate::components::{route_slug, set_http_status, PageError};
use crate::courses::RouteLinkSection;
use crate::diagnostics::MyDiagnosticsSection;
use crate::i18n::ru;
use crate::menu::role_links;

#[component]
pub fn CabinetPage() -> impl IntoView {
    let slug = route_slug();
    let profile = Resource::new(move || slug.get(), get_profile);
    view! {
        <Title text=ru::CABINET_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(Some(profile)) => EitherOf3::A(view! { <Cabinet profile slug=slug.get_untracked() /> }),
                    Ok(None) => EitherOf3::B(view! { <SignInFirst slug=slug.get_untracked() /> }),
                    Err(error) => EitherOf3::C(view! { <PageError error slug=slug.get_untracked() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInFirst(slug: String) -> impl IntoView {
    set_http_status(401);
    view! {
        <section class="form-page">
            <h1>{ru::CABINET_TITLE}</h1>
            <p>{ru::ERROR_UNAUTHORIZED}</p>
            <a href=format!("/r/{slug}/login")>{ru::NAV_LOGIN}</a>
        </section>
    }
}

#[component]
fn Cabinet(profile: Profile, slug: String) -> impl IntoView {
    let roles: Vec<Role> = profile
        .roles
        .iter()
        .filter_map(|code| Role::from_code(code))
        .collect();
    view! {
        <section class="cabinet">
            <CabinetHead profile slug=slug.clone() />
            <RoleLinks roles slug=slug.clone() />
            <MyDiagnosticsSection slug=slug.clone() />
            <RouteLinkSection slug=slug.clone() />
            <nav class="admin-links">
                <a href=format!("/r/{slug}/growth")>{ru::GROWTH_MY_LINK}</a>
                <a href=format!("/r/{slug}/certificates")>{ru::CERT_MY_TITLE}</a>
            </nav>
            <CabinetSettings slug />
        </section>
    }
}

/// The pages the person's roles open (the same links as the header's menu).
#[component]
fn RoleLinks(roles: Vec<Role>, slug: String) -> impl IntoView {
    let links = role_links(&roles, &slug);
    (!links.is_empty()).then(|| {
        view! {
            <nav class="admin-links">
                {links.into_iter().map(|link| view! { <a href=link.href>{link.label}</a> }).collect_view()}
            </nav>
        }
    })
}
