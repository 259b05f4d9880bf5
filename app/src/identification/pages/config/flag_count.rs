//! Editing a flag-count configuration: indicators with thresholds, statuses.

use leptos::prelude::*;

use super::combined::*;
use super::fields::*;
use crate::i18n::ru;
use crate::identification::*;

#[component]
pub fn FlagIndicatorFields(spec: Option<crate::identification::config::FlagIndicator>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Input name="source" value=spec.and_then(|s| s.source.clone()).unwrap_or_default() size=8 />
        <Choice name="cmp" options=options(&ru::OPS) selected=spec.map_or("ge".to_string(), |s| code_of(&OP_CODES, s.op)) />
        <Input name="value" value=spec.map(|s| s.value.to_string()).unwrap_or_default() size=5 />
    }
}

/// The codes of the indicators a status counts; empty for all of them.
#[component]
fn IndicatorsInput(#[prop(optional, into)] value: String) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::label(&ru::EDIT_FIELDS, "indicators").to_string()}</span>
            <input name="edit[indicators]" value=value size=16 placeholder=ru::EDIT_INDICATORS_ALL />
        </label>
    }
}

#[component]
pub fn FlagStatusBlock(
    s: usize,
    status: crate::identification::config::FlagStatus,
    label: String,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let variants = super::edit::rule_variants(&status.rule);
    let count = variants.len();
    let mut choices: Vec<(String, String)> = (0..count).map(|v| (v.to_string(), ru::variant(v))).collect();
    choices.push(("new".to_string(), ru::NEW_VARIANT.to_string()));
    let list = variants
        .into_iter()
        .enumerate()
        .map(|(v, conditions)| {
            let items = conditions
                .into_iter()
                .enumerate()
                .map(|(k, (year, min_flags))| view! {
                    <span class="condition">
                        {ru::condition(year, min_flags)}
                        <EditForm slug=slug.clone() id=id.clone() op="remove_condition"
                            hidden=vec![("status", s), ("variant", v), ("condition", k)] class="inline" submit=ru::REMOVE edit />
                    </span>
                })
                .collect_view();
            view! { <li>{items}</li> }
        })
        .collect_view();
    let exclude = if status.exclude.is_empty() {
        String::new()
    } else {
        ru::excluding(&status.exclude)
    };
    let filter = status.filter.clone();
    let criteria = status.indicators.join(", ");
    view! {
        <fieldset class="status">
            <legend>{format!("{}{exclude}", status.code)}</legend>
            <EditForm slug=slug.clone() id=id.clone() op="label" class="inline" submit=ru::SAVE edit>
                <input type="hidden" name="edit[code]" value=status.code />
                <Input name="label" value=label size=12 />
            </EditForm>
            <p class="muted">{ru::FLAG_RULE_HINT}</p>
            <ol>{list}</ol>
            <EditForm slug=slug.clone() id=id.clone() op="add_condition" hidden=vec![("status", s)] class="add" submit=ru::ADD_CONDITION edit>
                <Choice name="variant" options=choices selected="new" />
                <Input name="year" value="0" size=3 />
                <Input name="min_flags" value="1" size=3 />
            </EditForm>
            <EditForm slug=slug.clone() id=id.clone() op="status_indicators" hidden=vec![("status", s)] class="inline" submit=ru::SAVE edit>
                <IndicatorsInput value=criteria />
            </EditForm>
            <StatusWhereForm slug=slug.clone() id=id.clone() position=s filter edit />
            <EditForm slug id op="remove_status" hidden=vec![("status", s)] class="inline" submit=ru::REMOVE edit />
        </fieldset>
    }
}

#[component]
pub fn FlagCountEditor(
    c: crate::identification::config::FlagCountConfig,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let indicators = c
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            let spec = indicator.clone();
            view! {
                <div class="indicator">
                    <EditForm slug=slug.clone() id=id.clone() op="update_indicator" hidden=vec![("indicator", j)] submit=ru::SAVE edit>
                        <FlagIndicatorFields spec=Some(spec) />
                    </EditForm>
                    <EditForm slug=slug.clone() id=id.clone() op="remove_indicator" hidden=vec![("indicator", j)] class="inline" submit=ru::REMOVE edit />
                </div>
            }
        })
        .collect_view();
    let statuses = c
        .statuses
        .iter()
        .enumerate()
        .map(|(s, status)| {
            let label = c.labels.get(&status.code).cloned().unwrap_or_default();
            view! { <FlagStatusBlock s status=status.clone() label slug=slug.clone() id=id.clone() edit /> }
        })
        .collect_view();
    let base: Vec<String> = c.statuses.iter().map(|s| s.code.clone()).collect();
    view! {
        <h2>{ru::INDICATORS_TITLE}</h2>
        {indicators}
        <EditForm slug=slug.clone() id=id.clone() op="add_indicator" class="add" primary=true submit=ru::ADD_INDICATOR edit>
            <FlagIndicatorFields spec=None />
        </EditForm>
        <h2>{ru::STATUSES_TITLE}</h2>
        {statuses}
        <p class="muted">{ru::FLAG_STATUS_HINT}</p>
        <EditForm slug=slug.clone() id=id.clone() op="add_status" class="add" primary=true submit=ru::ADD_STATUS edit>
            <Input name="code" size=12 />
            <Input name="label" size=12 />
            <Input name="year" value="0" size=3 />
            <Input name="min_flags" value="1" size=3 />
            <Input name="exclude" size=12 />
            <IndicatorsInput />
            <ClustersInput />
        </EditForm>
        <p class="muted">{ru::EDIT_INDICATORS_HINT}</p>
        <CombinedEditor base combined=c.combined labels=c.labels slug id edit />
    }
}
