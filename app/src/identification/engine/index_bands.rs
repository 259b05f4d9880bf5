//! Method `index_bands`: indicators normalised inside each (year, group), a weighted mean per
//! school-year, bottom/top bands by share with ties at the cut-off included, statuses over the
//! window.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::{
    assign_statuses, attributes, flag_count::compare, result::IndexValue, result::INSUFFICIENT_DATA, window,
    Dataset, EngineError, IdentificationResult, SchoolResult, Schools, YearResult,
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

/// `expr` evaluated inside each (year, group).
fn per_group(expr: Expr) -> Expr {
    expr.over([col("year"), col("grp")])
        .expect("the partition is not empty")
}

/// The normalised value of indicator `j` of `index`, null where it is left out.
fn normalised(x: Expr, spec: &crate::identification::config::IndicatorSpec) -> Expr {
    match spec.normalization {
        Normalization::Minmax => {
            let min = per_group(x.clone().min());
            let max = per_group(x.clone().max());
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

/// Expressions producing `idx{i}` (the index or null) and `band{i}` for one index.
fn index_exprs(i: usize, spec: &IndexSpec, columns: &HashMap<&str, String>) -> (Expr, Expr) {
    let parts: Vec<(Expr, f64)> = spec
        .indicators
        .iter()
        .map(|indicator| {
            (
                normalised(col(columns[indicator.code.as_str()].as_str()), indicator),
                indicator.weight,
            )
        })
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
    let n = per_group(key.clone().count()).cast(DataType::Float64);
    // ceil(share × n), guarded against 0.1 × 30 = 3.0000000000000004.
    let k = (lit(spec.share) * n - lit(1e-9)).ceil();
    let worst_first = spec.orientation == Orientation::HigherIsWorse;
    let rank = |descending: bool| {
        per_group(key.clone().rank(
            RankOptions {
                method: RankMethod::Min,
                descending,
            },
            None,
        ))
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
    (index, band)
}

pub fn run(config: &IndexBandsConfig, data: &Dataset) -> Result<IdentificationResult, EngineError> {
    let years = window(&data.years, config.window_years);
    let rows: Vec<usize> = (0..data.len())
        .filter(|&r| years.contains(&data.years[r]))
        .collect();

    let mut group_codes: HashMap<&str, u32> = HashMap::new();
    let groups: Vec<u32> = rows
        .iter()
        .map(|&r| match (&data.groups, config.grouped) {
            (Some(g), true) => {
                let next = group_codes.len() as u32;
                *group_codes.entry(g[r].as_str()).or_insert(next)
            }
            _ => 0,
        })
        .collect();
    let mut columns = vec![
        Column::new(
            "year".into(),
            rows.iter().map(|&r| data.years[r]).collect::<Vec<i32>>(),
        ),
        Column::new("grp".into(), groups),
    ];
    let mut names: HashMap<&str, String> = HashMap::new();
    for (j, (code, values)) in data.indicators.iter().enumerate() {
        let name = format!("x{j}");
        columns.push(Column::new(
            name.as_str().into(),
            rows.iter().map(|&r| values[r]).collect::<Vec<Option<f64>>>(),
        ));
        names.insert(code.as_str(), name);
    }
    let mut frame = DataFrame::new(rows.len(), columns)?.lazy();
    // Indices first, then bands over them: the band expressions read the index columns.
    let (index_exprs, band_exprs): (Vec<Expr>, Vec<Expr>) = config
        .indices
        .iter()
        .enumerate()
        .map(|(i, spec)| index_exprs(i, spec, &names))
        .unzip();
    frame = frame.with_columns(index_exprs).with_columns(band_exprs);
    let computed = frame.collect()?;

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

    // Dataset row → position in the computed frame.
    let position: HashMap<usize, usize> = rows.iter().enumerate().map(|(p, &r)| (r, p)).collect();
    let schools = Schools::of(data);
    let mut results = Vec::with_capacity(schools.order.len());
    for &school in &schools.order {
        let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
        for &row in &schools.rows[school] {
            if let Some(&p) = position.get(&row) {
                per_year.insert(data.years[row], p);
            }
        }
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
        results.push(SchoolResult {
            school_id: school.to_string(),
            group: data
                .groups
                .as_ref()
                .map(|g| g[latest].clone())
                .filter(|g| !g.is_empty()),
            statuses,
            years: year_results,
            attributes: attributes(data, latest),
        });
    }
    Ok(IdentificationResult {
        config_title: config.title.clone(),
        years,
        schools: results,
    })
}
