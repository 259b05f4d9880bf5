//! The regional registry of schools, with its import form.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::Field;
use crate::components::{route_slug, PageError};
use crate::i18n::ru;
use crate::identification::clusters::widgets::{ClusterCell, ClusterForm};
use crate::identification::clusters::SetSchoolCluster;
use crate::identification::widgets::*;
use crate::identification::*;

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let slug = route_slug();
    let assign = ServerAction::<SetSchoolCluster>::new();
    let schools = Resource::new(
        move || (slug.get(), assign.version().get()),
        |(slug, _)| get_schools(slug),
    );
    let (school, cluster) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let search = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    view! {
        <Title text=ru::SCHOOLS_TITLE />
        <h1>{ru::SCHOOLS_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match schools.await {
                    Ok(list) => {
                        let mut municipalities: Vec<String> = list.iter().map(|s| s.municipality.clone()).collect();
                        municipalities.sort();
                        municipalities.dedup();
                        let mut groups: Vec<String> = list.iter().map(|s| s.group.clone()).collect();
                        groups.sort();
                        groups.dedup();
                        let total = list.len();
                        let list = StoredValue::new(list);
                        let visible = move || {
                            let needle = search.get().to_lowercase();
                            let (m, g) = (municipality.get(), group.get());
                            list.get_value()
                                .into_iter()
                                .filter(|s| m.is_empty() || s.municipality == m)
                                .filter(|s| g.is_empty() || s.group == g)
                                .filter(|s| {
                                    needle.is_empty() || s.name.to_lowercase().contains(&needle)
                                        || s.code.to_lowercase().contains(&needle)
                                })
                                .collect::<Vec<_>>()
                        };
                        view! {
                            <AdminNav slug=slug.clone() />
                            <p class="muted">{ru::schools_total(total)}</p>
                            <div class="filters">
                                <Field label=ru::FILTER_SEARCH>
                                    <input type="search" on:input=move |ev| search.set(event_target_value(&ev)) />
                                </Field>
                                <Field label=ru::FIELD_MUNICIPALITY>
                                    <select on:change=move |ev| municipality.set(event_target_value(&ev))>
                                        <option value="">{ru::FILTER_ALL}</option>
                                        {municipalities.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                                    </select>
                                </Field>
                                <Field label=ru::COLUMN_GROUP>
                                    <select on:change=move |ev| group.set(event_target_value(&ev))>
                                        <option value="">{ru::FILTER_ALL}</option>
                                        {groups.into_iter().map(|g| view! { <option value=g.clone()>{g.clone()}</option> }).collect_view()}
                                    </select>
                                </Field>
                            </div>
                            <table class="data schools">
                                <thead>
                                    <tr>
                                        <th>{ru::COLUMN_CODE}</th>
                                        <th>{ru::COLUMN_NAME}</th>
                                        <th>{ru::FIELD_MUNICIPALITY}</th>
                                        <th>{ru::COLUMN_GROUP}</th>
                                        <th>{ru::COLUMN_LOCALITY}</th>
                                        <th>{ru::COLUMN_ADDRESS}</th>
                                        <th>{ru::COLUMN_CLUSTER}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {move || visible().into_iter().map(|s| view! {
                                        <tr>
                                            <td>{s.code.clone()}</td>
                                            <td>{s.name}</td>
                                            <td>{s.municipality}</td>
                                            <td>{s.group}</td>
                                            <td>{if s.is_rural { ru::RURAL } else { ru::URBAN }}</td>
                                            <td>{s.address.unwrap_or_default()}</td>
                                            <ClusterCell code=s.code.clone() value=s.cluster school cluster />
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <ClusterForm action=assign school cluster />
                            <h2>{ru::SCHOOLS_IMPORT}</h2>
                            <UploadForm slug kind=UploadKind::Schools hint=ru::SCHOOLS_IMPORT_HINT />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
