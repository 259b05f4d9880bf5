//! Classical item statistics over finished attempts, computed with polars: facility,
//! discrimination (item–rest correlation), Cronbach's alpha per competency scale, and the
//! flags that tell a region which items to improve.

use polars::prelude::*;

use crate::i18n::ru;

/// The item-by-attempt matrix: `scores[attempt][item]` is the share of points earned, `None`
/// where the attempt did not draw the item.
pub struct Matrix<'a> {
    pub scores: &'a [Vec<Option<f64>>],
    pub items: usize,
}

pub struct Computed {
    pub facility: Vec<Option<f64>>,
    pub discrimination: Vec<Option<f64>>,
    pub answered: Vec<usize>,
}

fn item_column(i: usize) -> String {
    format!("i{i}")
}

fn frame(matrix: &Matrix) -> PolarsResult<DataFrame> {
    let columns = (0..matrix.items)
        .map(|i| {
            let values: Vec<Option<f64>> = matrix.scores.iter().map(|row| row[i]).collect();
            Column::new(item_column(i).into(), values)
        })
        .collect();
    DataFrame::new(matrix.scores.len(), columns)
}

fn finite(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// Facility (mean share of points) and the Pearson correlation of each item with the rest of
/// the attempt (the total without the item), over the attempts that drew the item.
pub fn item_statistics(matrix: &Matrix) -> PolarsResult<Computed> {
    if matrix.items == 0 || matrix.scores.is_empty() {
        return Ok(Computed {
            facility: vec![None; matrix.items],
            discrimination: vec![None; matrix.items],
            answered: vec![0; matrix.items],
        });
    }
    let all: Vec<Expr> = (0..matrix.items).map(|i| col(item_column(i))).collect();
    let mut exprs = Vec::with_capacity(matrix.items * 3);
    for i in 0..matrix.items {
        let x = col(item_column(i));
        let present = x.clone().is_not_null();
        let rest = (col("total") - x.clone()).filter(present.clone());
        let covariance =
            (x.clone() * (col("total") - x.clone())).mean() - x.clone().mean() * rest.clone().mean();
        exprs.push(x.clone().mean().alias(format!("f{i}")));
        exprs.push((covariance / (x.clone().std(0) * rest.std(0))).alias(format!("d{i}")));
        exprs.push(x.count().cast(DataType::Float64).alias(format!("n{i}")));
    }
    let out = frame(matrix)?
        .lazy()
        .with_column(polars::lazy::dsl::sum_horizontal(all, true)?.alias("total"))
        .select(exprs)
        .collect()?;
    let value = |name: String| -> PolarsResult<Option<f64>> { Ok(out.column(&name)?.f64()?.get(0)) };
    let mut computed = Computed {
        facility: Vec::with_capacity(matrix.items),
        discrimination: Vec::with_capacity(matrix.items),
        answered: Vec::with_capacity(matrix.items),
    };
    for i in 0..matrix.items {
        computed.facility.push(finite(value(format!("f{i}"))?));
        computed.discrimination.push(finite(value(format!("d{i}"))?));
        computed
            .answered
            .push(value(format!("n{i}"))?.unwrap_or(0.0) as usize);
    }
    Ok(computed)
}

/// Cronbach's alpha of a scale (the items of one competency) over the attempts that drew all of
/// them: k/(k−1) · (1 − Σ var(item) / var(sum)). None with fewer than two items or attempts,
/// or without variance.
pub fn cronbach_alpha(matrix: &Matrix, scale: &[usize]) -> PolarsResult<Option<f64>> {
    let k = scale.len();
    if k < 2 {
        return Ok(None);
    }
    let items: Vec<Expr> = scale.iter().map(|&i| col(item_column(i))).collect();
    let complete = items
        .iter()
        .cloned()
        .map(|e| e.is_not_null())
        .reduce(|a, b| a.and(b))
        .expect("a scale has at least two items");
    let mut exprs: Vec<Expr> = items
        .iter()
        .enumerate()
        .map(|(n, e)| e.clone().var(1).alias(format!("v{n}")))
        .collect();
    exprs.push(col("sum").var(1).alias("total"));
    exprs.push(col("sum").count().cast(DataType::Float64).alias("n"));
    let out = frame(matrix)?
        .lazy()
        .filter(complete)
        .with_column(polars::lazy::dsl::sum_horizontal(items, true)?.alias("sum"))
        .select(exprs)
        .collect()?;
    let get = |name: &str| -> PolarsResult<Option<f64>> { Ok(out.column(name)?.f64()?.get(0)) };
    if get("n")?.unwrap_or(0.0) < 2.0 {
        return Ok(None);
    }
    let mut item_variance = 0.0;
    for n in 0..k {
        item_variance += get(&format!("v{n}"))?.unwrap_or(0.0);
    }
    let Some(total) = get("total")?.filter(|v| *v > 0.0) else {
        return Ok(None);
    };
    let k = k as f64;
    Ok(finite(Some(k / (k - 1.0) * (1.0 - item_variance / total))))
}

/// Fewer answers than this say nothing reliable about an item.
pub const MIN_ANSWERS: usize = 5;

/// Russian notes on an item that behaves badly. `options` are (text, times chosen, correct).
pub fn flags(
    answered: usize,
    facility: Option<f64>,
    discrimination: Option<f64>,
    self_assessment: bool,
    options: &[(String, usize, bool)],
) -> Vec<String> {
    let mut out = Vec::new();
    if answered < MIN_ANSWERS {
        return out;
    }
    if !self_assessment {
        match facility {
            Some(f) if f < 0.2 => out.push(ru::DIAG_FLAG_TOO_HARD.to_string()),
            Some(f) if f > 0.9 => out.push(ru::DIAG_FLAG_TOO_EASY.to_string()),
            _ => {}
        }
    }
    match discrimination {
        Some(d) if d < 0.0 => out.push(ru::DIAG_FLAG_NEGATIVE.to_string()),
        Some(d) if d < 0.2 => out.push(ru::DIAG_FLAG_WEAK.to_string()),
        None => out.push(ru::DIAG_FLAG_FLAT.to_string()),
        _ => {}
    }
    let best_key = options.iter().filter(|o| o.2).map(|o| o.1).max().unwrap_or(0);
    for (text, chosen, _) in options.iter().filter(|o| !o.2) {
        if *chosen == 0 {
            out.push(ru::diag_flag_unchosen(text));
        } else if *chosen > best_key {
            out.push(ru::diag_flag_distractor(text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four people, three right/wrong items:
    /// p1 1 1 1 · p2 1 1 0 · p3 1 0 0 · p4 0 0 0.
    fn guttman() -> Vec<Vec<Option<f64>>> {
        [[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
            .iter()
            .map(|row| row.iter().map(|v| Some(*v)).collect())
            .collect()
    }

    #[test]
    fn facility_and_item_rest_correlation_match_hand_computation() {
        let scores = guttman();
        let matrix = Matrix {
            scores: &scores,
            items: 3,
        };
        let computed = item_statistics(&matrix).unwrap();
        assert_eq!(computed.facility, vec![Some(0.75), Some(0.5), Some(0.25)]);
        assert_eq!(computed.answered, vec![4, 4, 4]);
        // Item 1: x = 1,1,1,0; rest = 2,1,0,0. cov = 0.75 − 0.75·0.75 = 0.1875;
        // σx = √(0.75·0.25) = 0.4330; σrest = √0.6875 = 0.8292; r = 0.1875 / 0.35904 = 0.5222.
        let d1 = computed.discrimination[0].unwrap();
        assert!((d1 - 0.5222).abs() < 1e-3, "{d1}");
        // Item 2: x = 1,1,0,0; rest = 2,1,1,0 → cov = 0.75 − 0.5·1 = 0.25; σx = 0.5;
        // σrest = √0.5 = 0.7071 → r = 0.7071.
        let d2 = computed.discrimination[1].unwrap();
        assert!((d2 - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-9, "{d2}");
    }

    #[test]
    fn alpha_matches_hand_computation() {
        let scores = guttman();
        let matrix = Matrix {
            scores: &scores,
            items: 3,
        };
        // Item variances (n − 1): 0.25, 1/3, 0.25 → Σ = 0.8333; totals 3,2,1,0 → var 5/3;
        // α = 3/2 · (1 − 0.8333 / 1.6667) = 0.75.
        let alpha = cronbach_alpha(&matrix, &[0, 1, 2]).unwrap().unwrap();
        assert!((alpha - 0.75).abs() < 1e-9, "{alpha}");
        assert_eq!(cronbach_alpha(&matrix, &[0]).unwrap(), None);
    }

    #[test]
    fn items_not_drawn_are_left_out_not_counted_as_wrong() {
        let scores = vec![
            vec![Some(1.0), None],
            vec![Some(0.0), Some(1.0)],
            vec![Some(1.0), Some(0.0)],
        ];
        let matrix = Matrix {
            scores: &scores,
            items: 2,
        };
        let computed = item_statistics(&matrix).unwrap();
        assert_eq!(computed.answered, vec![3, 2]);
        assert_eq!(computed.facility[1], Some(0.5));
        // Only the two complete rows count for alpha; they disagree perfectly.
        let alpha = cronbach_alpha(&matrix, &[0, 1]).unwrap();
        assert_eq!(alpha, None, "the sum has no variance");
    }

    #[test]
    fn an_item_everyone_gets_right_has_no_discrimination_and_is_flagged() {
        let scores: Vec<Vec<Option<f64>>> = (0..6).map(|i| vec![Some(1.0), Some(f64::from(i % 2))]).collect();
        let matrix = Matrix {
            scores: &scores,
            items: 2,
        };
        let computed = item_statistics(&matrix).unwrap();
        assert_eq!(computed.discrimination[0], None);
        let notes = flags(
            6,
            computed.facility[0],
            computed.discrimination[0],
            false,
            &[("а".into(), 6, true), ("б".into(), 0, false)],
        );
        assert!(notes.iter().any(|n| n.contains("слишком лёгкое")));
        assert!(notes.iter().any(|n| n.contains("не различает")));
        assert!(notes.iter().any(|n| n.contains("«б» никто не выбирает")));
        let wrong_key = flags(
            10,
            Some(0.3),
            Some(-0.4),
            false,
            &[("а".into(), 3, true), ("б".into(), 7, false)],
        );
        assert!(wrong_key.iter().any(|n| n.contains("проверьте ключ")));
        assert!(wrong_key.iter().any(|n| n.contains("чаще верного")));
        assert!(
            flags(3, Some(1.0), None, false, &[]).is_empty(),
            "too few answers"
        );
    }
}
