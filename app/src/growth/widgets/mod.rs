//! Pieces of the growth pages: the before-and-after chart, the aggregates' tables, the growth
//! pages' sections.

pub mod aggregates;
pub mod chart;
pub mod mine;

/// A share as «40 %».
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}
