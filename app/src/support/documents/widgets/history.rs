//! A document's history: the curator's latest decision, what changed against the version
//! before, and the list of versions.

use leptos::prelude::*;

use crate::i18n::ru;
use crate::support::documents::body::Change;
use crate::support::documents::{Review, VersionRow};

#[component]
pub fn ReviewNote(r: Review) -> impl IntoView {
    view! {
        <section class="card support-review-note" data-state=r.state.code()>
            <h2>{ru::SDOC_CURATOR_SAID}</h2>
            <p class="muted">{ru::sdoc_version_item(r.version, r.state.label(), &r.at, &r.reviewer)}</p>
            {r.comment.clone().map(|c| view! { <p class="support-comment">{c}</p> })}
            {r.fields.iter().map(|(label, comment)| view! {
                <p class="support-field-comment"><strong>{label.clone()}</strong> ": " {comment.clone()}</p>
            }).collect_view()}
        </section>
    }
}

#[component]
pub fn Changes(changes: Vec<Change>, version: i32) -> impl IntoView {
    (version > 1).then(|| {
        let empty = changes
            .is_empty()
            .then(|| view! { <p class="muted">{ru::SDOC_NO_CHANGES}</p> });
        view! {
            <section class="card support-changes">
                <h2>{ru::SDOC_CHANGES}</h2>
                {empty}
                {changes.into_iter().map(|c| {
                    let show = |v: String| if v.is_empty() { ru::SDOC_EMPTY.to_string() } else { v };
                    view! {
                        <div class="support-change">
                            <p><strong>{c.label}</strong></p>
                            <p class="muted"><del>{ru::SDOC_BEFORE} ": " {show(c.before)}</del></p>
                            <p><ins>{ru::SDOC_AFTER} ": " {show(c.after)}</ins></p>
                        </div>
                    }
                }).collect_view()}
            </section>
        }
    })
}

#[component]
pub fn Versions(versions: Vec<VersionRow>, shown: i32) -> impl IntoView {
    (!versions.is_empty()).then(|| {
        view! {
            <section class="card support-versions">
                <h2>{ru::SDOC_VERSIONS}</h2>
                <ul>
                    {versions.into_iter().rev().map(|v| {
                        let line = ru::sdoc_version_item(v.version, v.state.label(), &v.edited_at, &v.editor);
                        let link = (v.version != shown).then(|| view! {
                            " " <a href=format!("?version={}", v.version)>{ru::SDOC_SHOW_VERSION}</a>
                        });
                        view! { <li data-version=v.version>{line}{link}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
