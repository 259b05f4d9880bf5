//! Why a school holds its statuses: the reason of each, and per year each index with its
//! cut-offs and each indicator's part, or the indicators that raised a flag.

use super::analysis::{dataset, registry_groups, stored_data, Cutoff, StoredData};
use super::config::{
    Band, Config, Direction, IndexBandsConfig, IndexSpec, IndicatorSpec, Normalization, Orientation,
};
use super::db;
use super::engine::{self, data::present, Dataset};
use super::lists::{engine_why, final_statuses, load_context, override_why, RunContext};
use super::{Contribution, Explanation, FlagExplanation, IndexExplanation, OverrideView, YearExplanation};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn explain_school(slug: &str, run_id: &str, school_id: &str) -> Result<Explanation, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut ctx, run_id).await?;
    // The data the run read, so that the explanation agrees with the run's statuses after a
    // year is loaded again; the current data for a run recorded before versions were kept.
    let (stored, stamps) = match run.config {
        Config::ExternalList(_) => (None, Default::default()),
        _ => {
            let stamps = db::current_stamps(&mut ctx).await?;
            let data = match db::run_versions(&mut ctx, run_id).await? {
                Some(years) if !years.is_empty() => StoredData::try_from(years)?,
                _ => stored_data(&mut ctx).await?,
            };
            (Some(data), stamps)
        }
    };
    ctx.commit().await?;
    let school = run
        .result
        .schools
        .iter()
        .find(|s| s.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    let own: Vec<OverrideView> = overrides
        .into_iter()
        .filter(|o| o.school_id == school_id)
        .collect();
    let statuses = order
        .iter()
        .filter(|(code, _)| {
            final_statuses(&order, &school.statuses, school_id, &own).contains(code)
                || own.iter().any(|o| &o.status == code)
        })
        .map(|(code, l)| {
            let why = match own.iter().rev().find(|o| &o.status == code) {
                Some(o) => override_why(o),
                None => engine_why(&run.config, &run.result.years, Some(school), code),
            };
            (l.clone(), why)
        })
        .collect();
    let k = known.get(school_id).cloned().unwrap_or_default();
    let years = match stored {
        None => Vec::new(),
        Some(stored) => {
            let config = run.config.clone();
            let school_id = school_id.to_string();
            let cutoffs = run.analysis.cutoffs.clone();
            tokio::task::spawn_blocking(move || {
                dataset(&config, stored, &registry_groups(&known))
                    .map(|(data, _)| explain_years(&config, &data, &school_id, &cutoffs))
            })
            .await
            .map_err(AppError::internal)??
        }
    };
    Ok(Explanation {
        school_id: school_id.to_string(),
        name: k.name,
        municipality: k.municipality,
        statuses,
        years,
        overrides: own,
        data_changed: !matches!(run.config, Config::ExternalList(_)) && stamps != run.analysis.data,
    })
}

/// Per year of the school, latest first: each index with its cut-offs and each indicator's
/// part, or the flags.
fn explain_years(
    config: &Config,
    data: &Dataset,
    school_id: &str,
    cutoffs: &[Cutoff],
) -> Vec<YearExplanation> {
    let Some(school) = data.school_ids.iter().position(|s| s == school_id) else {
        return Vec::new();
    };
    let mut rows: Vec<usize> = (0..data.len())
        .filter(|&r| data.school[r] as usize == school)
        .collect();
    rows.sort_by_key(|&r| std::cmp::Reverse(data.years[r]));
    rows.into_iter()
        .map(|row| explain_year(config, data, row, cutoffs))
        .collect()
}

fn column<'a>(data: &'a Dataset, code: &str) -> Option<&'a Vec<f64>> {
    data.indicators.iter().find(|(c, _)| c == code).map(|(_, v)| v)
}

fn explain_year(config: &Config, data: &Dataset, row: usize, cutoffs: &[Cutoff]) -> YearExplanation {
    let year = data.years[row];
    let grouped = matches!(config, Config::IndexBands(c) if c.grouped);
    let group = data.group(row).filter(|_| grouped).map(str::to_string);
    let mut explanation = YearExplanation {
        year,
        group: group.clone(),
        indices: Vec::new(),
        flags: Vec::new(),
    };
    match config {
        Config::IndexBands(c) => {
            let peers: Vec<usize> = (0..data.len())
                .filter(|&r| data.years[r] == year && (!c.grouped || data.group(r) == group.as_deref()))
                .collect();
            let year = YearRows {
                data,
                row,
                peers: &peers,
                group: group.unwrap_or_default(),
            };
            explanation.indices = index_explanations(c, &year, cutoffs);
        }
        Config::FlagCount(c) => {
            for ind in &c.indicators {
                let value = column(data, &ind.code).and_then(|v| present(v[row]));
                explanation.flags.push(FlagExplanation {
                    code: ind.code.clone(),
                    title: ind.title.clone().unwrap_or_default(),
                    value,
                    rule: format!("{} {}", ind.op.symbol(), ind.value),
                    flagged: value.is_some_and(|x| ind.op.holds(x, ind.value)),
                });
            }
        }
        Config::ExternalList(_) => {}
    }
    explanation
}

/// The school's row in one year and the rows it is compared with.
struct YearRows<'a> {
    data: &'a Dataset,
    row: usize,
    peers: &'a [usize],
    group: String,
}

fn index_explanations(c: &IndexBandsConfig, year: &YearRows, cutoffs: &[Cutoff]) -> Vec<IndexExplanation> {
    c.indices
        .iter()
        .map(|spec| index_explanation(spec, year, cutoffs))
        .collect()
}

fn index_explanation(spec: &IndexSpec, year: &YearRows, cutoffs: &[Cutoff]) -> IndexExplanation {
    let mut parts: Vec<Contribution> = spec
        .indicators
        .iter()
        .map(|ind| contribution(ind, year))
        .collect();
    let total: f64 = parts
        .iter()
        .filter(|p| p.normalised.is_some())
        .map(|p| p.weight)
        .sum();
    let available = parts.iter().filter(|p| p.normalised.is_some()).count();
    for part in &mut parts {
        part.contribution = part.normalised.map(|n| n * part.weight / total);
    }
    let index = (available >= spec.min_indicators && total > 0.0)
        .then(|| parts.iter().filter_map(|p| p.contribution).sum::<f64>());
    let this_year = year.data.years[year.row];
    let cutoff = cutoffs
        .iter()
        .find(|k| k.year == this_year && k.index == spec.code && k.group == year.group);
    let band = match (index, cutoff) {
        (Some(i), Some(k)) => Some(band_of(spec.orientation, i, k)),
        _ => None,
    };
    IndexExplanation {
        code: spec.code.clone(),
        title: spec.title.clone().unwrap_or_default(),
        index,
        band: band.map(|b| b.label().to_string()),
        schools_compared: cutoff.map_or(0, |k| k.n),
        band_size: cutoff.map_or(0, |k| k.k),
        worst_cutoff: cutoff.map(|k| k.worst),
        best_cutoff: cutoff.map(|k| k.best),
        contributions: parts,
    }
}

/// One indicator's value, normalised as the engine does, or why it is left out.
fn contribution(ind: &IndicatorSpec, year: &YearRows) -> Contribution {
    let values = column(year.data, &ind.code);
    let value = values.and_then(|v| present(v[year.row]));
    let (normalised, note) = match (value, ind.normalization) {
        (None, _) => (None, Some(ru::NOTE_NO_VALUE.to_string())),
        (Some(x), Normalization::Threshold) => {
            let flag = ind.op.expect("validated").holds(x, ind.value.expect("validated"));
            let f = if flag { 1.0 } else { 0.0 };
            let n = match ind.direction {
                Direction::Direct => f,
                Direction::Inverse => 1.0 - f,
            };
            (Some(n), None)
        }
        (Some(x), Normalization::Minmax) => {
            let in_group = year
                .peers
                .iter()
                .filter_map(|&r| values.and_then(|v| present(v[r])));
            let (min, max) = in_group.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            if max == min {
                (None, Some(ru::NOTE_NO_SPREAD.to_string()))
            } else {
                let n = match ind.direction {
                    Direction::Direct => (x - min) / (max - min),
                    Direction::Inverse => (max - x) / (max - min),
                };
                (Some(n), Some(ru::note_range(min, max)))
            }
        }
    };
    Contribution {
        code: ind.code.clone(),
        title: ind.title.clone().unwrap_or_default(),
        value,
        normalised,
        note,
        weight: ind.weight,
        contribution: None,
    }
}

fn band_of(orientation: Orientation, index: f64, cutoff: &Cutoff) -> Band {
    let round = |x: f64| (x * 1e12).round();
    engine::band_of(orientation, round(index), round(cutoff.worst), round(cutoff.best))
}
