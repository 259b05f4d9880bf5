//! Method `index_bands`: indicators normalised inside each (year, group), a weighted mean per
//! school-year, bottom/top bands by share with ties at the cut-off included, statuses over the
//! window.
//!
//! Each (year, group) is its own polars frame, so minima, maxima, counts and ranks are plain
//! column aggregations; polars evaluates the frames in parallel. (Window expressions over the
//! whole table did the same work about ten times slower.)

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::{
    assign_statuses, attributes, data::present, flag_count::compare, parallel_map, result::IndexValue,
    result::SmallMap, result::INSUFFICIENT_DATA, window, Dataset, EngineError, IdentificationResult,
    SchoolResult, Schools, YearResult,
};
use crate::identification::config::{
    Band, Direction, IndexBandsConfig, IndexSpec, Normalization, Orientation, YearsRule,
};

/// Index values closer than this are ties: the same mean reached through a different order of
/// floating-point operations must not split a tie at the cut-off.
const TIE_DECIMALS: u32 = 12;

const BAND_WORST: i32 = 1;
const BAND_MIDDLE: i32 = 2;
const BAND_BEST: i32 = 3;

/// The normalised value of indicator `j` of `index`, null where it is left out.
fn normalised(x: Expr, spec: &crate::identification::config::IndicatorSpec) -> Expr {
    match spec.normalization {
        Normalization::Minmax => {
            let min = x.clone().min();
            let max = x.clone().max();
            let scaled = match spec.direction {
                Direction::Direct => (x - min.clone()) / (max.clone() - min.clone()),
                Direction::Inverse => (max.clone() - x) / (max.clone() - min.clone()),
            };
            when(max.eq(min)).then(lit(NULL)).otherwise(scaled)
        }
        Normalization::Threshold => {
            let holds = compare(
                x.clone(),
                spec.op.expect("validated"),
                spec.value.expect("validated"),
            );
            let flag = when(holds).then(lit(1.0)).otherwise(lit(0.0));
            let contribution = match spec.direction {
                Direction::Direct => flag,
                Direction::Inverse => lit(1.0) - flag,
            };
            when(x.is_null()).then(lit(NULL)).otherwise(contribution)
        }
    }
}

/// The expressions of one index, in three stages so that each reads columns the stage before
/// wrote: the normalised indicators `n{i}_{j}`, the index `idx{i}` (or null), the band `band{i}`.
struct IndexStages {
    normalised: Vec<Expr>,
    index: Expr,
    band: Expr,
}

fn index_stages(i: usize, spec: &IndexSpec, columns: &HashMap<&str, String>) -> IndexStages {
    let normalised_exprs = spec
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            normalised(col(columns[indicator.code.as_str()].as_str()), indicator).alias(format!("n{i}_{j}"))
        })
        .collect();
    let parts: Vec<(Expr, f64)> = spec
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| (col(format!("n{i}_{j}")), indicator.weight))
        .collect();
    let numerator = parts
        .iter()
        .map(|(x, w)| x.clone().fill_null(lit(0.0)) * lit(*w))
        .reduce(|a, b| a + b)
        .expect("validated: an index has indicators");
    let denominator = parts
        .iter()
        .map(|(x, w)| when(x.clone().is_not_null()).then(lit(*w)).otherwise(lit(0.0)))
        .reduce(|a, b| a + b)
        .expect("validated");
    let available = parts
        .iter()
        .map(|(x, _)| x.clone().is_not_null().cast(DataType::UInt32))
        .reduce(|a, b| a + b)
        .expect("validated");
    let index = when(available.gt_eq(lit(spec.min_indicators as u32)))
        .then(numerator / denominator)
        .otherwise(lit(NULL))
        .alias(format!("idx{i}"));

    let key = col(format!("idx{i}")).round(TIE_DECIMALS, RoundMode::HalfToEven);
    let n = key.clone().count().cast(DataType::Float64);
    // ceil(share × n), guarded against 0.1 × 30 = 3.0000000000000004.
    let k = (lit(spec.share) * n - lit(1e-9)).ceil();
    let worst_first = spec.orientation == Orientation::HigherIsWorse;
    let rank = |descending: bool| {
        key.clone()
            .rank(
                RankOptions {
                    method: RankMethod::Min,
                    descending,
                },
                None,
            )
            .cast(DataType::Float64)
    };
    let in_worst = rank(worst_first).lt_eq(k.clone());
    let in_best = rank(!worst_first).lt_eq(k);
    let band = when(key.is_null())
        .then(lit(NULL).cast(DataType::Int32))
        .when(in_worst.clone().and(in_best.clone()))
        .then(lit(BAND_MIDDLE))
        .when(in_worst)
        .then(lit(BAND_WORST))
        .when(in_best)
        .then(lit(BAND_BEST))
        .otherwise(lit(BAND_MIDDLE))
        .alias(format!("band{i}"));
    IndexStages {
        normalised: normalised_exprs,
        index,
        band,
    }
}

pub fn run(config: &IndexBandsConfig, data: &Dataset) -> Result<IdentificationResult, EngineError> {
    let years = window(&data.years, config.window_years);
    if data.is_empty() {
        return Ok(IdentificationResult {
            config_title: config.title.clone(),
            years,
            schools: Vec::new(),
        });
    }
    let rows: Vec<usize> = (0..data.len())
        .filter(|&r| years.contains(&data.years[r]))
        .collect();

    // Rows of each (year, group) partition, in a stable order.
    let mut partitions: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
    for &row in &rows {
        let group = match (&data.groups, config.grouped) {
            (Some(groups), true) => groups.of_row[row],
            _ => 0,
        };
        partitions.entry((data.years[row], group)).or_default().push(row);
    }
    let mut names: HashMap<&str, String> = HashMap::new();
    for (j, (code, _)) in data.indicators.iter().enumerate() {
        names.insert(code.as_str(), format!("x{j}"));
    }
    let stages: Vec<IndexStages> = config
        .indices
        .iter()
        .enumerate()
        .map(|(i, spec)| index_stages(i, spec, &names))
        .collect();
    let normalised_exprs: Vec<Expr> = stages.iter().flat_map(|s| s.normalised.iter().cloned()).collect();
    let index_exprs: Vec<Expr> = stages.iter().map(|s| s.index.clone()).collect();
    let band_exprs: Vec<Expr> = stages.iter().map(|s| s.band.clone()).collect();
    let mut outputs: Vec<Expr> = vec![col("row")];
    for i in 0..config.indices.len() {
        outputs.push(col(format!("idx{i}")));
        outputs.push(col(format!("band{i}")));
    }
    let members: Vec<&Vec<usize>> = partitions.values().collect();
    let frames = parallel_map(&members, |members| {
        let mut columns =
            vec![
                UInt32Chunked::from_iter_values("row".into(), members.iter().map(|&r| r as u32))
                    .into_column(),
            ];
        // Gathered straight into arrow arrays: no intermediate vector per column.
        for (j, (_, values)) in data.indicators.iter().enumerate() {
            let name = format!("x{j}").into();
            columns.push(
                Float64Chunked::from_iter_options(name, members.iter().map(|&r| present(values[r])))
                    .into_column(),
            );
        }
        Ok(DataFrame::new(members.len(), columns)?
            .lazy()
            .with_columns(normalised_exprs.clone())
            .with_columns(index_exprs.clone())
            .with_columns(band_exprs.clone())
            .select(outputs.clone()))
    })
    .into_iter()
    .collect::<Result<Vec<_>, PolarsError>>()?;
    let computed = concat(frames, UnionArgs::default())?.collect()?;
    // Dataset row → position in the computed frame.
    let mut position: Vec<Option<usize>> = vec![None; data.len()];
    for (p, row) in computed.column("row")?.u32()?.iter().enumerate() {
        position[row.expect("row numbers are never null") as usize] = Some(p);
    }
    let index_values: Vec<Vec<Option<f64>>> = (0..config.indices.len())
        .map(|i| Ok(computed.column(&format!("idx{i}"))?.f64()?.iter().collect()))
        .collect::<Result<_, PolarsError>>()?;
    let bands: Vec<Vec<Option<Band>>> = (0..config.indices.len())
        .map(|i| {
            Ok(computed
                .column(&format!("band{i}"))?
                .i32()?
                .iter()
                .map(|b| match b {
                    Some(BAND_WORST) => Some(Band::Worst),
                    Some(BAND_BEST) => Some(Band::Best),
                    Some(_) => Some(Band::Middle),
                    None => None,
                })
                .collect())
        })
        .collect::<Result<_, PolarsError>>()?;

    let schools = Schools::of(data);
    let results = parallel_map(&schools.order, |&school| {
        let school_id = &data.school_ids[school];
        let per_year: SmallMap<i32, usize> = schools.rows[school]
            .iter()
            .filter_map(|&row| position[row].map(|p| (data.years[row], p)))
            .collect();
        let in_band = |index: usize, band: Band, year: i32| {
            per_year
                .get(&year)
                .is_some_and(|&p| bands[index][p] == Some(band))
        };
        let statuses = assign_statuses(config.statuses.iter().map(|status| {
            let index = config
                .indices
                .iter()
                .position(|i| i.code == status.index)
                .expect("validated");
            let hits = |ys: &[i32]| ys.iter().filter(|&&y| in_band(index, status.band, y)).count();
            let qualifies = match status.rule {
                YearsRule::AllYears => hits(&years) == years.len(),
                YearsRule::LastYears { n } => {
                    let last = &years[years.len().saturating_sub(n)..];
                    last.len() == n && hits(last) == n
                }
                YearsRule::AtLeast { n } => hits(&years) >= n,
            };
            (status.code.as_str(), status.exclude.as_slice(), qualifies)
        }));
        let year_results = per_year
            .iter()
            .map(|(&year, &p)| {
                let entries = config
                    .indices
                    .iter()
                    .enumerate()
                    .map(|(i, spec)| {
                        let value = match index_values[i][p] {
                            Some(index) => IndexValue {
                                index: Some(index),
                                band: bands[i][p],
                                reason: None,
                            },
                            None => IndexValue {
                                index: None,
                                band: None,
                                reason: Some(INSUFFICIENT_DATA.into()),
                            },
                        };
                        (spec.code.clone(), value)
                    })
                    .collect();
                (year, YearResult::Indices(entries))
            })
            .collect();
        let latest = schools.latest_row(data, school);
        SchoolResult {
            school_id: school_id.clone(),
            group: data.group(latest).map(str::to_string),
            statuses,
            years: year_results,
            attributes: attributes(data, latest),
        }
    });
    Ok(IdentificationResult {
        config_title: config.title.clone(),
        years,
        schools: results,
    })
}
