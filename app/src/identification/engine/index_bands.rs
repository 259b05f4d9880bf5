//! Method `index_bands`: indicators normalised inside each (year, group), a weighted mean per
//! school-year, bottom/top bands by share with ties at the cut-off included, statuses over the
//! window.
//!
//! Each (year, group) is its own polars frame, so minima, maxima and counts are plain column
//! aggregations, and the frames are computed on all cores. (Window expressions over the whole
//! table did the same work about ten times slower.)

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::{
    assign_statuses, attributes, band_of, flag_count::compare, nullable, parallel_map, result::IndexValue,
    result::SmallMap, result::INSUFFICIENT_DATA, row_cluster, window, Cutoff, Dataset, EngineError,
    IdentificationResult, SchoolResult, Schools, YearResult,
};
use crate::identification::combined;
use crate::identification::config::{
    Band, Direction, IndexBandsConfig, IndexSpec, IndicatorSpec, Normalization, Orientation, YearsRule,
};

/// Index values closer than this are ties: the same mean reached through a different order of
/// floating-point operations must not split a tie at the cut-off.
const TIE_DECIMALS: u32 = 12;

/// The normalised value of an indicator, null where it is left out. `range` is the column's
/// (min, max) in the partition, read once rather than once per school.
fn normalised(x: Expr, spec: &IndicatorSpec, range: Option<(f64, f64)>) -> Expr {
    match spec.normalization {
        Normalization::Minmax => match range {
            Some((min, max)) if max != min => match spec.direction {
                Direction::Direct => (x - lit(min)) / lit(max - min),
                Direction::Inverse => (lit(max) - x) / lit(max - min),
            },
            // Everyone has the same value (or nobody has one): it tells schools apart in nothing.
            _ => lit(NULL).cast(DataType::Float64),
        },
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
/// wrote: the normalised indicators `n{i}_{j}`, the index `idx{i}` (or null), and the index
/// rounded for comparing, `key{i}`.
struct IndexStages {
    normalised: Vec<Expr>,
    index: Expr,
    key: Expr,
}

fn index_stages(
    i: usize,
    spec: &IndexSpec,
    column: impl Fn(&str) -> (Expr, Option<(f64, f64)>),
) -> IndexStages {
    let normalised_exprs = spec
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            let (x, range) = column(&indicator.code);
            normalised(x, indicator, range).alias(format!("n{i}_{j}"))
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
    let key = col(format!("idx{i}"))
        .round(TIE_DECIMALS, RoundMode::HalfToEven)
        .alias(format!("key{i}"));
    IndexStages {
        normalised: normalised_exprs,
        index,
        key,
    }
}

/// The cut-offs of one index in one partition as a run reports them: `n` schools had an index,
/// the bands hold `k` each, `worst` and `best` are the indices (unrounded) at the cut-offs in the
/// orientation's terms.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PartitionCutoffs {
    n: usize,
    k: usize,
    worst: f64,
    best: f64,
}

/// The k-th smallest and the k-th largest of `values`, as (worst, best) in `orientation`'s terms.
fn order_cutoffs(values: &mut [f64], k: usize, orientation: Orientation) -> (f64, f64) {
    let n = values.len();
    let low = *values.select_nth_unstable_by(k - 1, f64::total_cmp).1;
    let high = *values.select_nth_unstable_by(n - k, f64::total_cmp).1;
    match orientation {
        Orientation::HigherIsBetter => (low, high),
        Orientation::HigherIsWorse => (high, low),
    }
}

/// The bands of one index in one partition. A school is in the bottom band when fewer than
/// k = ceil(share × n) schools are strictly below it, that is when its key is at most the k-th
/// smallest: ties at the cut-off are all in. The same holds for the top band from above.
/// Rounding is monotone, so the unrounded `values` at the same ranks are the cut-offs reported.
fn bands(
    keys: &[Option<f64>],
    values: &[Option<f64>],
    spec: &IndexSpec,
) -> (Vec<Option<Band>>, Option<PartitionCutoffs>) {
    let mut sorted: Vec<f64> = keys.iter().flatten().copied().collect();
    let n = sorted.len();
    // ceil(share × n), guarded against 0.1 × 30 = 3.0000000000000004.
    let k = ((spec.share * n as f64 - 1e-9).ceil().max(0.0) as usize).min(n);
    let cutoffs = (k > 0).then(|| order_cutoffs(&mut sorted, k, spec.orientation));
    let bands = keys
        .iter()
        .map(|key| {
            let key = (*key)?;
            Some(cutoffs.map_or(Band::Middle, |(worst, best)| {
                band_of(spec.orientation, key, worst, best)
            }))
        })
        .collect();
    let reported = cutoffs.map(|_| {
        let mut unrounded: Vec<f64> = values.iter().flatten().copied().collect();
        let (worst, best) = order_cutoffs(&mut unrounded, k, spec.orientation);
        PartitionCutoffs { n, k, worst, best }
    });
    (bands, reported)
}

/// One index computed in one partition: each row's value and band, in the partition's order.
struct PartitionIndex {
    values: Vec<Option<f64>>,
    bands: Vec<Option<Band>>,
    cutoffs: Option<PartitionCutoffs>,
}

/// The result, and the cut-offs of each (year, group, index) ordered so.
pub fn run(
    config: &IndexBandsConfig,
    data: &Dataset,
) -> Result<(IdentificationResult, Vec<Cutoff>), EngineError> {
    let years = window(&data.years, config.window_years);
    if data.is_empty() {
        let result = IdentificationResult {
            config_title: config.title.clone(),
            years,
            schools: Vec::new(),
        };
        return Ok((result, Vec::new()));
    }
    let partitions = partitions(config, data, &years);
    let members: Vec<&Vec<usize>> = partitions.values().collect();
    let column_of: HashMap<&str, usize> = data
        .indicators
        .iter()
        .enumerate()
        .map(|(j, (code, _))| (code.as_str(), j))
        .collect();
    let mut outputs: Vec<Expr> = Vec::new();
    for i in 0..config.indices.len() {
        outputs.push(col(format!("idx{i}")));
        outputs.push(col(format!("key{i}")));
    }
    // Each partition is gathered, computed and reduced to its indices and bands in one go, so
    // the memory of one partition's columns is reused by the next.
    let computed = parallel_map(&members, |members| {
        compute_partition(config, data, members, &column_of, &outputs)
    })
    .into_iter()
    .collect::<Result<Vec<_>, PolarsError>>()?;
    let cutoffs = cutoffs_of(config, data, partitions.keys(), &computed);
    let indices = Indices::lay_out(config, data, &members, computed);
    let schools = Schools::of(data);
    let results = parallel_map(&schools.order, |&school| {
        school_result(config, data, &schools, school, &years, &indices)
    });
    let result = IdentificationResult {
        config_title: config.title.clone(),
        years,
        schools: results,
    };
    Ok((result, cutoffs))
}

/// Each partition's cut-offs named by year, group and index, in that order.
fn cutoffs_of<'a>(
    config: &IndexBandsConfig,
    data: &Dataset,
    partitions: impl Iterator<Item = &'a (i32, u32)>,
    computed: &[Vec<PartitionIndex>],
) -> Vec<Cutoff> {
    let group_name = |group: u32| match (&data.groups, config.grouped) {
        (Some(groups), true) => groups.values[group as usize].clone(),
        _ => String::new(),
    };
    let mut cutoffs: Vec<Cutoff> = partitions
        .zip(computed)
        .flat_map(|(&(year, group), indices)| {
            indices
                .iter()
                .zip(&config.indices)
                .filter_map(move |(index, spec)| {
                    index.cutoffs.map(|c| Cutoff {
                        year,
                        group: group_name(group),
                        index: spec.code.clone(),
                        n: c.n,
                        k: c.k,
                        worst: c.worst,
                        best: c.best,
                    })
                })
        })
        .collect();
    cutoffs.sort_by(|a, b| (a.year, &a.group, &a.index).cmp(&(b.year, &b.group, &b.index)));
    cutoffs
}

/// Rows of each (year, group) partition, in a stable order.
fn partitions(config: &IndexBandsConfig, data: &Dataset, years: &[i32]) -> BTreeMap<(i32, u32), Vec<usize>> {
    let mut partitions: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
    for row in 0..data.len() {
        if !years.contains(&data.years[row]) {
            continue;
        }
        let group = match (&data.groups, config.grouped) {
            (Some(groups), true) => groups.of_row[row],
            _ => 0,
        };
        partitions.entry((data.years[row], group)).or_default().push(row);
    }
    partitions
}

/// Every index of one partition: its rows gathered into a frame, normalised, averaged and banded.
fn compute_partition(
    config: &IndexBandsConfig,
    data: &Dataset,
    members: &[usize],
    column_of: &HashMap<&str, usize>,
    outputs: &[Expr],
) -> Result<Vec<PartitionIndex>, PolarsError> {
    let columns: Vec<Column> = data
        .indicators
        .iter()
        .enumerate()
        .map(|(j, (_, values))| gathered(format!("x{j}"), values, members).into_column())
        .collect();
    let inside = cluster_masks(config, data, members);
    let stages: Vec<IndexStages> = config
        .indices
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            index_stages(i, spec, |code| {
                let j = column_of[code];
                let values = columns[j].f64().expect("gathered as f64");
                match &inside[i] {
                    None => (col(format!("x{j}")), values.min_max()),
                    Some(mask) => {
                        let x = when(col(format!("in{i}")))
                            .then(col(format!("x{j}")))
                            .otherwise(lit(NULL));
                        (x.cast(DataType::Float64), masked_min_max(values, mask))
                    }
                }
            })
        })
        .collect();
    let mut columns = columns;
    for (i, mask) in inside.iter().enumerate() {
        if let Some(mask) = mask {
            columns.push(BooleanChunked::from_slice(format!("in{i}").into(), mask).into_column());
        }
    }
    let frame = DataFrame::new(members.len(), columns)?
        .lazy()
        .with_columns(
            stages
                .iter()
                .flat_map(|s| s.normalised.iter().cloned())
                .collect::<Vec<_>>(),
        )
        .with_columns(stages.iter().map(|s| s.index.clone()).collect::<Vec<_>>())
        .with_columns(stages.iter().map(|s| s.key.clone()).collect::<Vec<_>>())
        .select(outputs)
        .collect()?;
    let column = |name: String| -> Result<Vec<Option<f64>>, PolarsError> {
        Ok(frame.column(&name)?.f64()?.iter().collect())
    };
    config
        .indices
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let keys = column(format!("key{i}"))?;
            let values = column(format!("idx{i}"))?;
            let (bands, cutoffs) = bands(&keys, &values, spec);
            Ok(PartitionIndex {
                values,
                bands,
                cutoffs,
            })
        })
        .collect()
}

/// The `members` rows of one column.
fn gathered(name: String, values: &[f64], members: &[usize]) -> Float64Chunked {
    nullable(name, members.iter().map(|&r| values[r]).collect())
}

/// For each index limited to clusters, which rows of the partition are inside them: a
/// school-year outside has none of the index's values, so it is not compared.
fn cluster_masks(config: &IndexBandsConfig, data: &Dataset, members: &[usize]) -> Vec<Option<Vec<bool>>> {
    config
        .indices
        .iter()
        .map(|spec| {
            let filter = spec.filter.as_ref()?;
            Some(
                members
                    .iter()
                    .map(|&r| filter.admits(row_cluster(data, r)))
                    .collect(),
            )
        })
        .collect()
}

/// (min, max) of the values of the rows inside `mask`.
fn masked_min_max(values: &Float64Chunked, mask: &[bool]) -> Option<(f64, f64)> {
    values
        .iter()
        .zip(mask)
        .filter_map(|(v, &inside)| v.filter(|_| inside))
        .fold(None, |range, v| {
            Some(range.map_or((v, v), |(lo, hi): (f64, f64)| (lo.min(v), hi.max(v))))
        })
}

/// The partitions' results laid end to end: each index's values and bands, and where each
/// dataset row landed.
struct Indices {
    /// Dataset row → its place in the partitions laid end to end.
    position: Vec<Option<usize>>,
    values: Vec<Vec<Option<f64>>>,
    bands: Vec<Vec<Option<Band>>>,
}

impl Indices {
    fn lay_out(
        config: &IndexBandsConfig,
        data: &Dataset,
        members: &[&Vec<usize>],
        computed: Vec<Vec<PartitionIndex>>,
    ) -> Indices {
        let rows: usize = members.iter().map(|m| m.len()).sum();
        let mut position: Vec<Option<usize>> = vec![None; data.len()];
        for (p, &row) in members.iter().flat_map(|m| m.iter()).enumerate() {
            position[row] = Some(p);
        }
        let mut values: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows); config.indices.len()];
        let mut bands: Vec<Vec<Option<Band>>> = vec![Vec::with_capacity(rows); config.indices.len()];
        for partition in computed {
            for (i, index) in partition.into_iter().enumerate() {
                values[i].extend(index.values);
                bands[i].extend(index.bands);
            }
        }
        Indices {
            position,
            values,
            bands,
        }
    }
}

/// One school's statuses over the window and its indices in each year.
fn school_result(
    config: &IndexBandsConfig,
    data: &Dataset,
    schools: &Schools,
    school: usize,
    years: &[i32],
    indices: &Indices,
) -> SchoolResult {
    let school_id = &data.school_ids[school];
    let per_year: SmallMap<i32, usize> = schools.rows[school]
        .iter()
        .filter_map(|&row| indices.position[row].map(|p| (data.years[row], p)))
        .collect();
    let in_band = |index: usize, band: Band, year: i32| {
        per_year
            .get(&year)
            .is_some_and(|&p| indices.bands[index][p] == Some(band))
    };
    let latest = schools.latest_row(data, school);
    // A school's cluster is the one of its latest row, like its group.
    let cluster = row_cluster(data, latest);
    let mut statuses = assign_statuses(config.statuses.iter().map(|status| {
        let index = config
            .indices
            .iter()
            .position(|i| i.code == status.index)
            .expect("validated");
        let hits = |ys: &[i32]| ys.iter().filter(|&&y| in_band(index, status.band, y)).count();
        let qualifies = match status.rule {
            YearsRule::AllYears => hits(years) == years.len(),
            YearsRule::LastYears { n } => {
                let last = &years[years.len().saturating_sub(n)..];
                last.len() == n && hits(last) == n
            }
            YearsRule::AtLeast { n } => hits(years) >= n,
        };
        let qualifies = qualifies && combined::admitted(status.filter.as_ref(), cluster);
        (status.code.as_str(), status.exclude.as_slice(), qualifies)
    }));
    combined::apply(&config.combined, &mut statuses, cluster);
    let year_results = per_year
        .iter()
        .map(|(&year, &p)| {
            let entries = config
                .indices
                .iter()
                .enumerate()
                .map(|(i, spec)| (spec.code.clone(), index_value(indices, i, p)))
                .collect();
            (year, YearResult::Indices(entries))
        })
        .collect();
    SchoolResult {
        school_id: school_id.clone(),
        group: data.group(latest).map(str::to_string),
        statuses,
        years: year_results,
        attributes: attributes(data, latest),
    }
}

fn index_value(indices: &Indices, i: usize, p: usize) -> IndexValue {
    match indices.values[i][p] {
        Some(index) => IndexValue {
            index: Some(index),
            band: indices.bands[i][p],
            reason: None,
        },
        None => IndexValue {
            index: None,
            band: None,
            reason: Some(INSUFFICIENT_DATA.into()),
        },
    }
}
