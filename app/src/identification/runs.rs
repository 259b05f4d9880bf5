//! Runs: a configuration version applied to the region's data, and the run's page with its
//! filtered table, charts and the diff against the last published run.

use std::collections::{BTreeMap, HashMap};

use super::analysis::{compute, registry_groups, stored_data, Computed};
use super::config::Config;
use super::configs::{readiness, status_labels};
use super::db::{self, Known, NewRun, RunJson};
use super::engine::{SchoolResult, YearResult};
use super::lists::{
    engine_why, finals, format_index, label, load_context, override_why, Final, Run, RunContext,
};
use super::published::{Published, PublishedSchool};
use super::{DiffEntry, Histogram, OverrideView, RunDiff, RunQuery, RunRow, RunView};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

const PAGE_SIZE: usize = 100;
const BINS: usize = 20;

/// Runs a configuration version on the region's data and stores the result.
pub async fn start_run(slug: &str, version: &str) -> Result<String, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let version = parse_id(version)?;
    let stored = db::load_config(&mut ctx, version).await?;
    let loaded = db::loaded_indicators(&mut ctx).await?;
    if let Some(problem) = readiness(&stored.body, stored.external.is_some(), &loaded) {
        return Err(AppError::invalid("config", problem));
    }
    let known = db::registry(&mut ctx).await?;
    let data = match &stored.body {
        Config::ExternalList(_) => None,
        _ => Some(stored_data(&mut ctx).await?),
    };
    let config = stored.body.clone();
    let external = stored.external.clone();
    let versions = data.as_ref().map(|d| d.versions.clone()).unwrap_or_default();
    let groups = registry_groups(&known);
    let (result, json) = tokio::task::spawn_blocking(move || {
        let Computed {
            result,
            analysis,
            inputs,
        } = compute(&config, data, &groups, external)?;
        let json = RunJson::of(&result, &analysis, &inputs)?;
        Ok::<_, AppError>((result, json))
    })
    .await
    .map_err(AppError::internal)??;
    let summary = serde_json::json!({
        "schools": result.schools.len(),
        "counts": status_labels(&stored.body, &ctx.tenant.status_labels)
            .iter()
            .map(|(code, _)| (code.clone(), result.schools.iter().filter(|s| s.statuses.contains(code)).count()))
            .collect::<BTreeMap<_, _>>(),
    });
    let run = NewRun {
        config_version: version,
        config_id: stored.config_id,
        json,
        summary,
    };
    let user = ctx.user.user_id;
    let id = db::insert_run(&mut ctx, run, user).await?;
    db::record_run_data(&mut ctx, id, &versions).await?;
    ctx.commit().await?;
    Ok(id.to_string())
}

pub async fn get_run(slug: &str, id: &str, query: RunQuery) -> Result<RunView, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut ctx, id).await?;
    let previous = db::previous_published(&mut ctx, run.config_id, id).await?;
    let data = db::used_years(&mut ctx, id).await?;
    let added_years = match run.config {
        Config::ExternalList(_) => Vec::new(),
        _ if !run.recorded => Vec::new(),
        _ => db::years_added_since(&mut ctx, id).await?,
    };
    ctx.commit().await?;

    let finals = finals(&run, &order, &overrides);
    let counts = status_counts(&order, &finals);
    let (municipalities, groups) = choices(&finals, &known);
    let unknown = finals
        .iter()
        .filter(|f| !known.contains_key(&f.school.school_id))
        .count();
    let mut warnings = Vec::new();
    if unknown > 0 {
        warnings.push(ru::schools_not_in_registry(unknown));
    }
    let table = Table {
        run: &run,
        order: &order,
        finals: &finals,
        overrides: &overrides,
        known: &known,
    };
    let rows = table.rows(&query);
    let matching = rows.len();
    let (rows, page, pages) = page_of(rows, query.page);
    let diff = previous.map(|p| table.diff(&p.published, p.published_at));
    Ok(RunView {
        id: id.to_string(),
        config_id: run.config_id.to_string(),
        config_version: run.config_version.to_string(),
        config_title: run.config.title().to_string(),
        version: run.version,
        method: run.config.method_label().to_string(),
        created_at: run.created_at.clone(),
        created_by: run.created_by.clone(),
        published_at: run.published_at.clone(),
        years: run.result.years.clone(),
        statuses: order.clone(),
        counts,
        total: finals.len(),
        municipalities,
        groups,
        rows,
        matching,
        page,
        pages,
        histograms: histograms(&run),
        overrides,
        diff,
        warnings,
        data,
        added_years,
        reproducible: run.recorded,
        engine_version: run.engine_version,
    })
}

/// How many schools hold each status (labelled), after overrides.
fn status_counts(order: &[(String, String)], finals: &[Final]) -> Vec<(String, usize)> {
    order
        .iter()
        .map(|(code, label)| {
            (
                label.clone(),
                finals.iter().filter(|f| f.statuses.contains(code)).count(),
            )
        })
        .collect()
}

/// The rows of the requested page (clamped to the pages there are), with the page and the count.
fn page_of<T>(rows: Vec<T>, requested: Option<usize>) -> (Vec<T>, usize, usize) {
    let pages = rows.len().div_ceil(PAGE_SIZE).max(1);
    let page = requested.unwrap_or(1).clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    (rows, page, pages)
}

/// The municipalities and groups the table can be filtered by.
fn choices(finals: &[Final], known: &HashMap<String, Known>) -> (Vec<String>, Vec<String>) {
    let known_of = |id: &str| known.get(id).cloned().unwrap_or_default();
    let mut municipalities: Vec<String> = finals
        .iter()
        .map(|f| known_of(&f.school.school_id).municipality)
        .filter(|m| !m.is_empty())
        .collect();
    municipalities.sort();
    municipalities.dedup();
    let mut groups: Vec<String> = finals
        .iter()
        .filter_map(|f| {
            f.school
                .group
                .clone()
                .or_else(|| Some(known_of(&f.school.school_id).group))
        })
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort();
    groups.dedup();
    (municipalities, groups)
}

/// A run's final statuses with what its table and diff read.
struct Table<'a> {
    run: &'a Run,
    order: &'a [(String, String)],
    finals: &'a [Final<'a>],
    overrides: &'a [OverrideView],
    known: &'a HashMap<String, Known>,
}

impl Table<'_> {
    /// The rows matching the query's filters, in its order.
    fn rows(&self, query: &RunQuery) -> Vec<RunRow> {
        let wanted = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
        let (status, municipality, group) = (
            wanted(&query.status),
            wanted(&query.municipality),
            wanted(&query.group),
        );
        let search = wanted(&query.search).map(|s| s.to_lowercase());
        let mut rows: Vec<RunRow> = self
            .finals
            .iter()
            .filter(|f| match status.as_deref() {
                Some("none") => f.statuses.is_empty(),
                Some("any") => !f.statuses.is_empty(),
                Some(code) => f.statuses.iter().any(|s| s == code),
                None => true,
            })
            .map(|f| self.row(f))
            .filter(|r| municipality.as_ref().is_none_or(|m| &r.municipality == m))
            .filter(|r| group.as_ref().is_none_or(|g| &r.group == g))
            .filter(|r| {
                search.as_ref().is_none_or(|s| {
                    r.school_id.to_lowercase().contains(s) || r.name.to_lowercase().contains(s)
                })
            })
            .collect();
        match query.sort.as_deref().unwrap_or("statuses") {
            "name" => rows.sort_by(|a, b| a.name.cmp(&b.name)),
            "municipality" => {
                rows.sort_by(|a, b| (&a.municipality, &a.name).cmp(&(&b.municipality, &b.name)))
            }
            "group" => rows.sort_by(|a, b| (&a.group, &a.school_id).cmp(&(&b.group, &b.school_id))),
            "school" => rows.sort_by(|a, b| a.school_id.cmp(&b.school_id)),
            _ => rows.sort_by_key(|r| r.statuses.is_empty()),
        }
        rows
    }

    fn row(&self, f: &Final) -> RunRow {
        let k = self.known.get(&f.school.school_id).cloned().unwrap_or_default();
        RunRow {
            school_id: f.school.school_id.clone(),
            name: k.name,
            municipality: k.municipality,
            group: f.school.group.clone().unwrap_or(k.group),
            statuses: f
                .statuses
                .iter()
                .map(|s| label(self.order, s).to_string())
                .collect(),
            overridden: self.overrides.iter().any(|o| o.school_id == f.school.school_id),
            latest: latest_summary(self.run, f.school),
        }
    }
    /// Who enters and who leaves each status since the previous published list.
    fn diff(&self, previous: &Published, against: String) -> RunDiff {
        let (run, order, finals, overrides, known) =
            (self.run, self.order, self.finals, self.overrides, self.known);
        let by_id: HashMap<&str, &Final> = finals.iter().map(|f| (f.school.school_id.as_str(), f)).collect();
        let before: HashMap<&str, &PublishedSchool> = previous
            .schools
            .iter()
            .map(|s| (s.school_id.as_str(), s))
            .collect();
        let name = |id: &str| {
            known
                .get(id)
                .map(|k| k.name.clone())
                .or_else(|| before.get(id).map(|s| s.name.clone()))
                .unwrap_or_default()
        };
        let why = |id: &str, status: &str| match overrides
            .iter()
            .rev()
            .find(|o| o.school_id == id && o.status == status)
        {
            Some(o) => override_why(o),
            None => engine_why(
                &run.config,
                &run.result.years,
                by_id.get(id).map(|f| f.school),
                status,
            ),
        };
        let mut entering = Vec::new();
        let mut leaving = Vec::new();
        for f in finals {
            let id = f.school.school_id.as_str();
            for status in &f.statuses {
                if !before.get(id).is_some_and(|s| s.statuses.contains(status)) {
                    entering.push(DiffEntry {
                        school_id: id.to_string(),
                        name: name(id),
                        status: label(order, status).to_string(),
                        why: why(id, status),
                    });
                }
            }
        }
        for s in &previous.schools {
            for status in &s.statuses {
                let now = by_id
                    .get(s.school_id.as_str())
                    .is_some_and(|f| f.statuses.contains(status));
                if !now {
                    leaving.push(DiffEntry {
                        school_id: s.school_id.clone(),
                        name: name(&s.school_id),
                        status: label(&previous.labels, status).to_string(),
                        why: why(&s.school_id, status),
                    });
                }
            }
        }
        RunDiff {
            against,
            entering,
            leaving,
        }
    }
}

fn histograms(run: &Run) -> Vec<Histogram> {
    let Config::IndexBands(c) = &run.config else {
        return Vec::new();
    };
    let Some(&year) = run.result.years.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for spec in &c.indices {
        let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for school in &run.result.schools {
            let Some(YearResult::Indices(map)) = school.years.get(&year) else {
                continue;
            };
            let Some(index) = map.get(&spec.code).and_then(|v| v.index) else {
                continue;
            };
            let group = run
                .analysis
                .groups
                .get(&school.school_id)
                .and_then(|g| g.get(&year))
                .cloned()
                .unwrap_or_default();
            let bins = groups.entry(group).or_insert_with(|| vec![0; BINS]);
            bins[((index * BINS as f64) as usize).min(BINS - 1)] += 1;
        }
        for (group, bins) in groups {
            let cutoff = run
                .analysis
                .cutoffs
                .iter()
                .find(|c| c.year == year && c.group == group && c.index == spec.code);
            out.push(Histogram {
                index: spec.title.clone().unwrap_or(spec.code.clone()),
                year,
                group,
                bins,
                worst_cutoff: cutoff.map(|c| c.worst),
                best_cutoff: cutoff.map(|c| c.best),
            });
        }
    }
    out
}

fn latest_summary(run: &Run, school: &SchoolResult) -> String {
    let Some(year) = run.result.years.last() else {
        return String::new();
    };
    match school.years.get(year) {
        Some(YearResult::Indices(map)) => map
            .iter()
            .map(|(code, v)| match v.index {
                Some(index) => format!("{code}: {}", format_index(index)),
                None => format!("{code}: —"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(YearResult::Flags { flags }) => flags.join(", "),
        None => String::new(),
    }
}
