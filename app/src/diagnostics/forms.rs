//! Reading the operator's forms: lists, percentages, positions and the item editor.

use super::model::{CompetencyWeight, Invalid, Item, ItemKind};
use super::ItemForm;
use crate::error::AppError;
use crate::i18n::ru;

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::invalid(&invalid.field, invalid.message)
    }
}

/// A share (0–1) from a percentage as typed: «60», «60 %», «62,5».
pub fn percent(raw: &str, field: &str) -> Result<f64, AppError> {
    raw.trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| (0.0..=100.0).contains(v))
        .map(|v| v / 100.0)
        .ok_or_else(|| AppError::invalid(field, ru::diag_not_percent(raw)))
}

/// Codes separated by commas, semicolons, spaces or lines.
pub fn list(raw: &str) -> Vec<String> {
    raw.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One value, or none when the field is empty.
pub fn list_lines(raw: &str) -> Vec<String> {
    Some(raw.trim().to_string())
        .filter(|s| !s.is_empty())
        .into_iter()
        .collect()
}

/// Position codes, each one the registry knows.
pub fn positions(raw: &str) -> Result<Vec<String>, AppError> {
    let positions = list(raw);
    if let Some(unknown) = positions
        .iter()
        .find(|p| !ru::POSITIONS.iter().any(|(code, _)| code == p))
    {
        return Err(AppError::invalid("positions", ru::diag_unknown_position(unknown)));
    }
    Ok(positions)
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn bad(field: &str, message: String) -> Invalid {
    Invalid {
        field: field.to_string(),
        message,
    }
}

/// «1, 3» as option indices 0 and 2.
fn correct_options(raw: &str) -> Result<Vec<usize>, Invalid> {
    let mut correct = Vec::new();
    for part in list(raw) {
        let n: usize = part
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad("correct", ru::diag_not_option_number(&part)))?;
        correct.push(n - 1);
    }
    Ok(correct)
}

/// «NPA-1: 1; MET-2: 0.5»; a code without a weight weighs 1.
fn weights(raw: &str) -> Result<Vec<CompetencyWeight>, Invalid> {
    let mut competencies = Vec::new();
    for part in raw.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let (code, weight) = match part.split_once(':') {
            Some((code, weight)) => (code.trim(), weight.trim()),
            None => (part, "1"),
        };
        let weight: f64 = weight
            .replace(',', ".")
            .parse()
            .map_err(|_| bad("competencies", ru::diag_bad_weight(part)))?;
        competencies.push(CompetencyWeight {
            code: code.to_string(),
            weight,
        });
    }
    Ok(competencies)
}

/// Reads the editor's fields into an item; the messages name the field.
pub fn parse_item_form(form: &ItemForm) -> Result<Item, Invalid> {
    let kind = ItemKind::from_code(form.kind.trim())
        .ok_or_else(|| bad("kind", ru::diag_unknown_kind(&form.kind)))?;
    let correct = correct_options(&form.correct)?;
    let competencies = weights(&form.competencies)?;
    let points = if form.points.trim().is_empty() {
        1.0
    } else {
        form.points
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| bad("points", ru::diag_bad_points(&form.points)))?
    };
    Ok(Item {
        code: form.code.trim().to_string(),
        kind,
        stem: form.stem.trim().to_string(),
        options: if kind.has_options() {
            lines(&form.options)
        } else {
            Vec::new()
        },
        correct: if kind.has_options() { correct } else { Vec::new() },
        accepted: if kind == ItemKind::Short {
            lines(&form.accepted)
        } else {
            Vec::new()
        },
        competencies,
        points,
        subject: None,
    })
}
