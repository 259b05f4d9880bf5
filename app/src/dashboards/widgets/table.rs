//! A view's figures as a table, in a container that scrolls sideways on its own when the
//! table is wider than the screen.

use leptos::prelude::*;

use crate::dashboards::Table;

#[component]
pub fn DataTable(table: Table, #[prop(into)] class: String) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class=format!("data dash-table {class}")>
                <thead>
                    <tr>{table.header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table
                        .rows
                        .into_iter()
                        .map(|row| {
                            let mut cells = row.into_iter();
                            let first = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{first}</th>
                                    {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
