//! Editing an index-and-bands configuration: indices, their indicators, statuses.

use leptos::prelude::*;

use super::combined::*;
use super::fields::*;
use crate::i18n::ru;
use crate::identification::config::{Band, YearsRule};
use crate::identification::*;

/// The fields of an index_bands indicator, filled with `spec` when editing one.
#[component]
pub fn IndicatorFields(spec: Option<crate::identification::config::IndicatorSpec>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Input name="source" value=spec.and_then(|s| s.source.clone()).unwrap_or_default() size=8 />
        <Choice name="normalization" options=options(&ru::NORMALIZATIONS) selected=spec.map(|s| code_of(&NORMALIZATION_CODES, s.normalization)).unwrap_or_default() />
        <Choice name="direction" options=options(&ru::DIRECTIONS) selected=spec.map(|s| code_of(&DIRECTION_CODES, s.direction)).unwrap_or_default() />
        <Choice name="cmp" options=options(&ru::OPS) selected=spec.and_then(|s| s.op).map(|o| code_of(&OP_CODES, o)).unwrap_or_default() />
        <Input name="value" value=spec.and_then(|s| s.value).map(|v| v.to_string()).unwrap_or_default() size=5 />
        <Input name="weight" value=spec.map(|s| s.weight.to_string()).unwrap_or("1".into()) size=4 />
    }
}

#[component]
pub fn IndexFields(spec: Option<crate::identification::config::IndexSpec>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Choice name="orientation" options=options(&ru::ORIENTATIONS) selected=spec.map_or("higher_is_better".to_string(), |s| code_of(&ORIENTATION_CODES, s.orientation)) />
        <Input name="share" value=spec.map_or("0.25".to_string(), |s| s.share.to_string()) size=5 />
        <Input name="min_indicators" value=spec.map_or("1".to_string(), |s| s.min_indicators.to_string()) size=3 />
        <ClustersInput value=clusters_text(spec.and_then(|s| s.filter.as_ref())) />
    }
}

#[component]
pub fn IndexBlock(
    i: usize,
    index: crate::identification::config::IndexSpec,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let legend = format!("{} {}", ru::INDEX, index.code);
    let indicators = index
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            let spec = indicator.clone();
            view! {
                <div class="indicator">
                    <EditForm slug=slug.clone() id=id.clone() op="update_indicator" hidden=vec![("index", i), ("indicator", j)] submit=ru::SAVE edit>
                        <IndicatorFields spec=Some(spec) />
                    </EditForm>
                    <EditForm slug=slug.clone() id=id.clone() op="remove_indicator" hidden=vec![("index", i), ("indicator", j)] class="inline" submit=ru::REMOVE edit />
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="index">
            <legend>{legend}</legend>
            <EditForm slug=slug.clone() id=id.clone() op="update_index" hidden=vec![("index", i)] submit=ru::SAVE edit>
                <IndexFields spec=Some(index) />
            </EditForm>
            <EditForm slug=slug.clone() id=id.clone() op="remove_index" hidden=vec![("index", i)] class="inline" submit=ru::REMOVE edit />
            <h3>{ru::INDICATORS_TITLE}</h3>
            {indicators}
            <EditForm slug id op="add_indicator" hidden=vec![("index", i)] class="add" primary=true submit=ru::ADD_INDICATOR edit>
                <IndicatorFields spec=None />
            </EditForm>
        </fieldset>
    }
}

#[component]
pub fn IndexBandsEditor(
    c: crate::identification::config::IndexBandsConfig,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let index_codes: Vec<(String, String)> = c
        .indices
        .iter()
        .map(|i| (i.code.clone(), i.code.clone()))
        .collect();
    let blocks = c
        .indices
        .iter()
        .enumerate()
        .map(|(i, index)| view! { <IndexBlock i index=index.clone() slug=slug.clone() id=id.clone() edit /> })
        .collect_view();
    let rows = c
        .statuses
        .iter()
        .enumerate()
        .map(|(s, status)| {
            let rule = match status.rule {
                YearsRule::AllYears => ru::RULE_ALL_YEARS.to_string(),
                YearsRule::LastYears { n } => ru::rule_last_years(n),
                YearsRule::AtLeast { n } => ru::rule_at_least(n),
            };
            let band = if status.band == Band::Worst {
                ru::BAND_WORST
            } else {
                ru::BAND_BEST
            };
            let exclude = if status.exclude.is_empty() {
                String::new()
            } else {
                ru::excluding(&status.exclude)
            };
            let label = c.labels.get(&status.code).cloned().unwrap_or_default();
            view! {
                <StatusRow slug=slug.clone() id=id.clone() position=s code=status.code.clone() label
                    rule=format!("{band} «{}», {rule}{exclude}", status.index) filter=status.filter.clone() edit />
            }
        })
        .collect_view()
        .into_any();
    let base: Vec<String> = c.statuses.iter().map(|s| s.code.clone()).collect();
    view! {
        <h2>{ru::INDICES_TITLE}</h2>
        {blocks}
        <EditForm slug=slug.clone() id=id.clone() op="add_index" class="add" primary=true submit=ru::ADD_INDEX edit>
            <IndexFields spec=None />
        </EditForm>
        <h2>{ru::STATUSES_TITLE}</h2>
        <StatusTable rows />
        <EditForm slug=slug.clone() id=id.clone() op="add_status" class="add" primary=true submit=ru::ADD_STATUS edit>
            <Input name="code" size=12 />
            <Input name="label" size=12 />
            <Choice name="index" options=index_codes selected="" />
            <Choice name="band" options=options(&ru::BANDS) selected="worst" />
            <Choice name="rule" options=options(&ru::YEAR_RULES) selected="all_years" />
            <Input name="n" size=3 />
            <Input name="exclude" size=12 />
            <ClustersInput />
        </EditForm>
        <CombinedEditor base combined=c.combined labels=c.labels slug id edit />
    }
}
