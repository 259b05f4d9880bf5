//! Shapes shared by the statistics computation and the page.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemStat {
    pub code: String,
    pub stem: String,
    pub answered: usize,
    /// Mean share of points.
    pub facility: f64,
    /// Item–rest correlation; none when it cannot be computed (no variance).
    pub discrimination: Option<f64>,
    /// How many chose each option, in the item's order.
    pub options: Vec<(String, usize, bool)>,
    /// Russian descriptions of what is wrong with the item.
    pub flags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScaleStat {
    pub competency: String,
    pub title: String,
    pub items: usize,
    pub alpha: Option<f64>,
}
