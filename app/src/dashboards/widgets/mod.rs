//! The dashboards' charts (server-rendered SVG, each followed by its table) and the table
//! itself.

pub mod bars;
pub mod heatmap;
pub mod table;
