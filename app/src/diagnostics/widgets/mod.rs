//! Components of the diagnostics used by its pages and by the personal account.

mod admin_form;
pub mod bank_section;
pub mod cabinet;
pub mod campaigns_section;
pub mod framework_section;
pub mod instruments_section;
pub mod offline_queue;

use super::model::Level;
use crate::i18n::ru;

/// A share as a whole percent: «62 %».
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Points of a result as «12,5 / 20».
pub fn points(points: f64, max: f64) -> String {
    format!("{points:.1} / {max:.0}").replace('.', ",")
}

/// A statistic with two decimals and a decimal comma, or a dash.
pub fn decimal(value: Option<f64>) -> String {
    value.map_or(ru::DIAG_NO_VALUE.to_string(), |v| {
        format!("{v:.2}").replace('.', ",")
    })
}

pub fn level_class(level: Level) -> &'static str {
    match level {
        Level::Pronounced => "level-pronounced",
        Level::Partial => "level-partial",
        Level::Minimal => "level-minimal",
    }
}
