//! A run: counts, filters in the URL, the per-school table, the explanation of one school.

mod explanation;
mod reproduce;
mod summary;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::form::Field;
use crate::components::{
    action_error, query_param as query, route_param as param, route_slug, FormError, PageError,
};
use crate::i18n::ru;
use crate::identification::widgets::*;
use crate::identification::*;
use explanation::*;
use reproduce::*;
use summary::*;

pub fn run_query() -> Memo<RunQuery> {
    let q = use_query_map();
    Memo::new(move |_| {
        let q = q.read();
        RunQuery {
            status: q.get("status"),
            municipality: q.get("municipality"),
            group: q.get("group"),
            search: q.get("search"),
            sort: q.get("sort"),
            page: q.get("page").and_then(|p| p.parse().ok()),
        }
    })
}

#[component]
pub fn RunPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let school = query("school");
    let query = run_query();
    let add = ServerAction::<AddOverride>::new();
    let withdraw = ServerAction::<WithdrawOverride>::new();
    let publish = ServerAction::<PublishRun>::new();
    let run = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                query.get(),
                add.version().get(),
                withdraw.version().get(),
                publish.version().get(),
            )
        },
        |(slug, id, query, ..)| get_run(slug, id, query),
    );
    let explanation = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                school.get(),
                add.version().get(),
                withdraw.version().get(),
            )
        },
        |(slug, id, school, ..)| async move {
            match school {
                Some(school) => explain_school(slug, id, school).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let publish_error = Signal::derive(action_error(publish));
    view! {
        <Title text=ru::RUN_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match run.await {
                    Ok(r) => {
                        let (statuses, run_id, explained_slug) = (r.statuses.clone(), r.id.clone(), slug.clone());
                        view! {
                        <RunHeader r=r.clone() slug=slug.clone() publish publish_error />
                        <Suspense fallback=|| ()>
                            {
                                move || {
                                    let slug = explained_slug.clone();
                                    let (statuses, run) = (statuses.clone(), run_id.clone());
                                    Suspend::new(async move {
                                        match explanation.await {
                                            Ok(Some(e)) => Some(view! { <ExplanationPanel e statuses run slug add withdraw /> }.into_any()),
                                            Ok(None) => None,
                                            Err(error) => Some(view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any()),
                                        }
                                    })
                                }
                            }
                        </Suspense>
                        <RunTable r=r.clone() slug=slug.clone() />
                        <RunData r=r.clone() />
                        <RunDiffView diff=r.diff.clone() />
                        <Charts histograms=r.histograms.clone() />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <PageError error slug /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RunHeader(
    r: RunView,
    slug: String,
    publish: ServerAction<PublishRun>,
    publish_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let base = format!("/r/{slug}/admin/identification/runs/{}", r.id);
    view! {
        <h1>{r.config_title.clone()}</h1>
        <AdminNav slug=slug.clone() />
        <p class="muted">
            {ru::run_line(&r.created_at, &r.created_by, r.version, &r.method)}" · "
            <a href=format!("/r/{slug}/admin/identification/configs/{}", r.config_version)>{ru::CONFIG_OPEN}</a>
        </p>
        <p>{ru::years_line(&r.years)}</p>
        {r.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
        <ul class="counts">
            <li>{ru::schools_total(r.total)}</li>
            {r.counts.iter().map(|(label, n)| view! { <li><strong>{label.clone()}</strong>": "{*n}</li> }).collect_view()}
        </ul>
        <div class="actions">
            {match r.published_at.clone() {
                Some(at) => view! { <p class="success" role="status">{ru::published_at(&at)}</p> }.into_any(),
                None => view! { <PublishForm run=r.id.clone() publish /> }.into_any(),
            }}
            <a class="button" href=format!("{base}/export/xlsx") download="">{ru::EXPORT_XLSX}</a>
            <a class="button" href=format!("{base}/export/csv") download="">{ru::EXPORT_CSV}</a>
        </div>
        <FormError error=publish_error />
    }
}

#[component]
pub fn RunTable(r: RunView, slug: String) -> impl IntoView {
    let q = use_query_map();
    let current = move |name: &str| q.read_untracked().get(name).unwrap_or_default();
    let link = move |changes: &[(&str, String)]| {
        let mut pairs: Vec<(String, String)> = [
            "status",
            "municipality",
            "group",
            "search",
            "sort",
            "page",
            "school",
        ]
        .iter()
        .map(|k| (k.to_string(), current(k)))
        .collect();
        for (k, v) in changes {
            if let Some(p) = pairs.iter_mut().find(|(key, _)| key == k) {
                p.1 = v.clone();
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", query.join("&"))
    };
    let sort_link = move |key: &str, label: &'static str| view! { <a href=link(&[("sort", key.to_string()), ("page", String::new())])>{label}</a> };
    let base = format!("/r/{slug}/admin/identification/runs/{}", r.id);
    view! {
        <h2>{ru::RUN_SCHOOLS}</h2>
        <form method="get" action=base class="filters">
            <Field label=ru::COLUMN_STATUSES>
                <select name="status">
                    <option value="">{ru::FILTER_ALL}</option>
                    <option value="any" selected=current("status") == "any">{ru::FILTER_ANY_STATUS}</option>
                    <option value="none" selected=current("status") == "none">{ru::FILTER_NO_STATUS}</option>
                    {r.statuses.iter().map(|(code, label)| view! { <option value=code.clone() selected=current("status") == *code>{label.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label=ru::FIELD_MUNICIPALITY>
                <select name="municipality">
                    <option value="">{ru::FILTER_ALL}</option>
                    {r.municipalities.iter().map(|m| view! { <option value=m.clone() selected=current("municipality") == *m>{m.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label=ru::COLUMN_GROUP>
                <select name="group">
                    <option value="">{ru::FILTER_ALL}</option>
                    {r.groups.iter().map(|g| view! { <option value=g.clone() selected=current("group") == *g>{g.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label=ru::FILTER_SEARCH>
                <input type="search" name="search" value=current("search") />
            </Field>
            <button type="submit">{ru::FILTER_APPLY}</button>
        </form>
        <p class="muted">{ru::matching(r.matching, r.page, r.pages)}</p>
        <table class="data run">
            <thead><tr>
                <th>{sort_link("school", ru::COLUMN_CODE)}</th>
                <th>{sort_link("name", ru::COLUMN_NAME)}</th>
                <th>{sort_link("municipality", ru::FIELD_MUNICIPALITY)}</th>
                <th>{sort_link("group", ru::COLUMN_GROUP)}</th>
                <th>{sort_link("statuses", ru::COLUMN_STATUSES)}</th>
                <th>{ru::COLUMN_LATEST}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|row| view! {
                    <tr class:overridden=row.overridden>
                        <td><a href=link(&[("school", row.school_id.clone())])>{row.school_id.clone()}</a></td>
                        <td>{row.name.clone()}</td>
                        <td>{row.municipality.clone()}</td>
                        <td>{row.group.clone()}</td>
                        <td>{row.statuses.join(", ")}{row.overridden.then_some(" ✎")}</td>
                        <td class="codes">{row.latest.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pages">
            {(1..=r.pages).filter(|&p| p == 1 || p == r.pages || p.abs_diff(r.page) <= 3).map(|p| view! {
                <a href=link(&[("page", p.to_string())]) class:current=p == r.page>{p}</a>
            }).collect_view()}
        </nav>
    }
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::encode("Ленинск 1"),
            "%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D1%81%D0%BA%201"
        );
    }
}
