//! Method `flag_count`: a procedure is flagged in a school-year when its value satisfies the
//! indicator's comparison; statuses count flags in given years of the window.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::{
    assign_statuses, attributes, nullable, row_cluster, window, Dataset, EngineError, IdentificationResult,
    SchoolResult, Schools, YearResult,
};
use crate::identification::combined;
use crate::identification::config::{FlagCountConfig, FlagRule, Op};

pub(super) fn compare(x: Expr, op: Op, value: f64) -> Expr {
    let value = lit(value);
    match op {
        Op::Lt => x.lt(value),
        Op::Le => x.lt_eq(value),
        Op::Gt => x.gt(value),
        Op::Ge => x.gt_eq(value),
    }
}

pub fn run(config: &FlagCountConfig, data: &Dataset) -> Result<IdentificationResult, EngineError> {
    let years = window(&data.years, config.window_years);
    let flags = flag_frame(config, data)?;
    let flag_columns: Vec<&BooleanChunked> = (0..config.indicators.len())
        .map(|i| flags.column(&format!("f{i}"))?.bool())
        .collect::<Result<_, _>>()?;
    let flagged = |row: usize| -> Vec<String> {
        config
            .indicators
            .iter()
            .zip(&flag_columns)
            .filter(|(_, column)| column.get(row) == Some(true))
            .map(|(indicator, _)| indicator.code.clone())
            .collect()
    };
    let schools = Schools::of(data);
    let results = schools
        .order
        .iter()
        .map(|&school| school_result(config, data, &schools, school, &years, &flagged))
        .collect();
    Ok(IdentificationResult {
        config_title: config.title.clone(),
        years,
        schools: results,
    })
}

/// A frame with one boolean column `f{i}` per indicator: whether each row raises its flag.
fn flag_frame(config: &FlagCountConfig, data: &Dataset) -> Result<DataFrame, PolarsError> {
    let columns: Vec<Column> = config
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            let values = &data
                .indicators
                .iter()
                .find(|(code, _)| *code == indicator.code)
                .expect("validated")
                .1;
            nullable(format!("x{i}"), values.clone()).into_column()
        })
        .collect();
    let flag_exprs: Vec<Expr> = config
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            compare(col(format!("x{i}")), indicator.op, indicator.value)
                .fill_null(lit(false))
                .alias(format!("f{i}"))
        })
        .collect();
    DataFrame::new(data.len(), columns)?
        .lazy()
        .select(flag_exprs)
        .collect()
}

/// One school's flags in each year of the window and the statuses they give.
fn school_result(
    config: &FlagCountConfig,
    data: &Dataset,
    schools: &Schools,
    school: usize,
    years: &[i32],
    flagged: &impl Fn(usize) -> Vec<String>,
) -> SchoolResult {
    let school_id = &data.school_ids[school];
    let mut per_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for &row in &schools.rows[school] {
        if years.contains(&data.years[row]) {
            per_year.insert(data.years[row], flagged(row));
        }
    }
    // Flags of the year at `offset` that count for a status: those of its criteria set.
    let count_in = |offset: i32, set: &[String]| -> usize {
        let position = years.len() as i32 - 1 + offset;
        if position < 0 {
            return 0;
        }
        per_year.get(&years[position as usize]).map_or(0, |flags| {
            flags.iter().filter(|f| set.is_empty() || set.contains(f)).count()
        })
    };
    let latest = schools.latest_row(data, school);
    // A school's cluster is the one of its latest row, like its group.
    let cluster = row_cluster(data, latest);
    let mut statuses = assign_statuses(config.statuses.iter().map(|s| {
        let qualifies = holds(&s.rule, &|offset| count_in(offset, &s.indicators))
            && combined::admitted(s.filter.as_ref(), cluster);
        (s.code.as_str(), s.exclude.as_slice(), qualifies)
    }));
    combined::apply(&config.combined, &mut statuses, cluster);
    SchoolResult {
        school_id: school_id.clone(),
        group: data.group(latest).map(str::to_string),
        statuses,
        years: per_year
            .into_iter()
            .map(|(year, flags)| (year, YearResult::Flags { flags }))
            .collect(),
        attributes: attributes(data, latest),
    }
}

fn holds(rule: &FlagRule, count_in: &impl Fn(i32) -> usize) -> bool {
    match rule {
        FlagRule::Any { any } => any.iter().any(|r| holds(r, count_in)),
        FlagRule::All { all } => all.iter().all(|r| holds(r, count_in)),
        FlagRule::Year { year, min_flags } => count_in(*year) >= *min_flags,
    }
}
