//! Pieces of the growth pages: the before-and-after chart, the aggregates' tables, and the
//! cabinet's sections.

pub mod aggregates;
pub mod cabinet;
pub mod chart;

/// A share as «40 %».
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}
