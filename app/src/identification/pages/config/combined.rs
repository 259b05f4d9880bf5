//! The editor's forms for composite statuses and cluster limits (issue 16 §3).

use leptos::prelude::*;

use super::fields::*;
use crate::i18n::ru;
use crate::identification::combined::{CombinedStatus, Where};
use crate::identification::*;

/// The clusters of a limit, as the form's field shows them.
pub fn clusters_text(filter: Option<&Where>) -> String {
    filter.map(|w| w.cluster.join(", ")).unwrap_or_default()
}

/// The field of a cluster limit: clusters separated by commas, empty for all schools.
#[component]
pub fn ClustersInput(#[prop(optional, into)] value: String) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::EDIT_CLUSTERS}</span>
            <input name="edit[clusters]" value=value size=16 placeholder=ru::EDIT_CLUSTERS_ALL />
        </label>
    }
}

/// A base status's cluster limit, saved on its own.
#[component]
pub fn StatusWhereForm(
    slug: String,
    id: String,
    position: usize,
    filter: Option<Where>,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    view! {
        <EditForm slug id op="status_where" hidden=vec![("status", position)] class="inline" submit=ru::SAVE edit>
            <ClustersInput value=clusters_text(filter.as_ref()) />
        </EditForm>
    }
}

/// A drop-down per status the composite may use: which part it is in, if any.
#[component]
fn PartChoices(earlier: Vec<(String, String)>, status: Option<CombinedStatus>) -> impl IntoView {
    let part_of = move |code: &str| {
        let Some(s) = &status else { return "" };
        let c = &s.combine;
        let has = |list: &[String]| list.iter().any(|x| x == code);
        if has(&c.all_of) {
            "all_of"
        } else if has(&c.any_of) {
            "any_of"
        } else if has(&c.none_of) {
            "none_of"
        } else {
            ""
        }
    };
    let choices = earlier
        .into_iter()
        .map(|(code, label)| {
            let chosen = part_of(&code);
            let options = std::iter::once("")
                .chain(edit::PARTS)
                .map(|part| {
                    let text = ru::label(&ru::COMBINE_PARTS, part).to_string();
                    view! { <option value=part selected=part == chosen>{text}</option> }
                })
                .collect_view();
            let caption = if label == code {
                code.clone()
            } else {
                format!("{label} ({code})")
            };
            view! {
                <label class="field inline part">
                    <span>{caption}</span>
                    <select name=format!("edit[parts][{code}]")>{options}</select>
                </label>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{ru::COMBINE_HINT}</p>
        <div class="parts">{choices}</div>
    }
}

/// Composite statuses: each with its form, moved up or down, removed; and a form adding one.
#[component]
pub fn CombinedEditor(
    base: Vec<String>,
    combined: Vec<CombinedStatus>,
    labels: std::collections::BTreeMap<String, String>,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let labelled = move |codes: Vec<String>| -> Vec<(String, String)> {
        codes
            .into_iter()
            .map(|c| (c.clone(), labels.get(&c).cloned().unwrap_or(c)))
            .collect()
    };
    let count = combined.len();
    let blocks = combined
        .iter()
        .enumerate()
        .map(|(k, status)| {
            let earlier = labelled(edit::earlier(&base, &combined, k));
            let label = labelled(vec![status.code.clone()]).remove(0).1;
            let label = if label == status.code { String::new() } else { label };
            let legend = format!("{} {}", ru::COMBINED_STATUS, status.code);
            let (slug, id) = (slug.clone(), id.clone());
            let (code, limit, status) = (status.code.clone(), clusters_text(status.filter.as_ref()), status.clone());
            view! {
                <fieldset class="status combined">
                    <legend>{legend}</legend>
                    <EditForm slug=slug.clone() id=id.clone() op="update_combined" hidden=vec![("combined", k)] submit=ru::SAVE edit>
                        <Input name="code" value=code size=12 />
                        <Input name="label" value=label size=16 />
                        <PartChoices earlier status=Some(status) />
                        <ClustersInput value=limit />
                    </EditForm>
                    <div class="actions">
                        {(k > 0).then(|| view! {
                            <EditForm slug=slug.clone() id=id.clone() op="move_combined" hidden=vec![("combined", k), ("to", k - 1)] class="inline" submit=ru::MOVE_UP edit />
                        })}
                        {(k + 1 < count).then(|| view! {
                            <EditForm slug=slug.clone() id=id.clone() op="move_combined" hidden=vec![("combined", k), ("to", k + 1)] class="inline" submit=ru::MOVE_DOWN edit />
                        })}
                        <EditForm slug id op="remove_combined" hidden=vec![("combined", k)] class="inline" submit=ru::REMOVE edit />
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let all = labelled(edit::earlier(&base, &combined, count));
    view! {
        <h2>{ru::COMBINED_TITLE}</h2>
        <p class="muted">{ru::COMBINED_INTRO}</p>
        {blocks}
        <EditForm slug id op="add_combined" class="add" primary=true submit=ru::ADD_COMBINED edit>
            <Input name="code" size=12 />
            <Input name="label" size=16 />
            <PartChoices earlier=all status=None />
            <ClustersInput />
        </EditForm>
    }
}
