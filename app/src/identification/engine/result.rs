//! The output of a run, in the JSON form of the contract.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::identification::config::Band;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentificationResult {
    pub config_title: String,
    /// The years of the window, oldest first.
    pub years: Vec<i32>,
    /// Sorted by `school_id`, so the result does not depend on the order of the input rows.
    pub schools: Vec<SchoolResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolResult {
    pub school_id: String,
    /// The school's group in its latest year (a school may change group).
    pub group: Option<String>,
    /// Status codes in the order of the configuration.
    pub statuses: Vec<String>,
    pub years: BTreeMap<i32, YearResult>,
    /// Columns the engine does not use (name, municipality …), from the school's latest row.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum YearResult {
    Flags { flags: Vec<String> },
    Indices(BTreeMap<String, IndexValue>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexValue {
    pub index: Option<f64>,
    pub band: Option<Band>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

pub const INSUFFICIENT_DATA: &str = "insufficient_data";

impl IdentificationResult {
    /// `school_id,statuses` with statuses joined by `;`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("school_id,statuses\n");
        for school in &self.schools {
            out.push_str(&csv_field(&school.school_id));
            out.push(',');
            out.push_str(&csv_field(&school.statuses.join(";")));
            out.push('\n');
        }
        out
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
