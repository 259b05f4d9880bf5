//! The editor's forms for composite statuses and cluster limits (issue 16 §3): a composite is
//! built from the statuses defined before it, and any status or index may be limited to
//! clusters, so neither needs JSON.

use std::collections::BTreeMap;

use super::{at, set_label, text, ConfigEdit};
use crate::error::AppError;
use crate::i18n::ru;
use crate::identification::clusters;
use crate::identification::combined::{validate, Combine, CombinedStatus, Where};
use crate::identification::config::Config;

/// The parts a form may put an earlier status in.
pub const PARTS: [&str; 3] = ["all_of", "any_of", "none_of"];

/// The clusters of the form's field `clusters`, separated by commas; none is no limit.
pub(super) fn where_of(edit: &ConfigEdit) -> Result<Option<Where>, AppError> {
    let mut list: Vec<String> = Vec::new();
    for name in text(&edit.clusters)
        .split([',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        if !clusters::is_valid(name) {
            return Err(AppError::invalid("clusters", ru::edit_bad_cluster(name)));
        }
        if !list.iter().any(|c| c == name) {
            list.push(name.to_string());
        }
    }
    Ok((!list.is_empty()).then_some(Where { cluster: list }))
}

/// The composite the form describes: each earlier status it names goes to the part chosen for
/// it, in configuration order.
fn composite(edit: &ConfigEdit, earlier: &[String]) -> Result<CombinedStatus, AppError> {
    let code = super::required(&edit.code, "code")?;
    let mut combine = Combine::default();
    for status in earlier {
        let part = match edit.parts.get(status).map(|p| p.trim()) {
            None | Some("") => continue,
            Some("all_of") => &mut combine.all_of,
            Some("any_of") => &mut combine.any_of,
            Some("none_of") => &mut combine.none_of,
            Some(other) => return Err(AppError::invalid("parts", ru::edit_bad_part(status, other))),
        };
        part.push(status.clone());
    }
    Ok(CombinedStatus {
        code,
        combine,
        filter: where_of(edit)?,
    })
}

/// The engine's own check of the composites, its message naming the field.
fn check(base: &[String], list: &[CombinedStatus]) -> Result<(), AppError> {
    let base: Vec<&str> = base.iter().map(String::as_str).collect();
    validate(&base, list).map_err(|e| AppError::invalid(&e.field, e.to_string()))
}

/// The statuses a composite at `position` may use: the base ones and the composites before it.
pub fn earlier(base: &[String], list: &[CombinedStatus], position: usize) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(list.iter().take(position).map(|s| s.code.clone()))
        .collect()
}

/// Renames `old` to `new` in the composites that refer to it.
fn rename(list: &mut [CombinedStatus], old: &str, new: &str) {
    for status in list {
        let parts = &mut status.combine;
        for code in parts
            .all_of
            .iter_mut()
            .chain(&mut parts.any_of)
            .chain(&mut parts.none_of)
        {
            if code == old {
                *code = new.to_string();
            }
        }
    }
}

/// Applies a composite-status or cluster-limit edit; `false` when `edit` is neither.
pub(super) fn apply(config: &mut Config, edit: &ConfigEdit) -> Result<bool, AppError> {
    if edit.op == "status_where" {
        match config {
            Config::IndexBands(c) => {
                let s = at(&c.statuses, &edit.status, "status")?;
                c.statuses[s].filter = where_of(edit)?;
            }
            Config::FlagCount(c) => {
                let s = at(&c.statuses, &edit.status, "status")?;
                c.statuses[s].filter = where_of(edit)?;
            }
            Config::ExternalList(_) => return Err(AppError::BadRequest),
        }
        return Ok(true);
    }
    let (base, list, labels): (Vec<String>, _, _) = match config {
        Config::IndexBands(c) => (
            c.statuses.iter().map(|s| s.code.clone()).collect(),
            &mut c.combined,
            &mut c.labels,
        ),
        Config::FlagCount(c) => (
            c.statuses.iter().map(|s| s.code.clone()).collect(),
            &mut c.combined,
            &mut c.labels,
        ),
        Config::ExternalList(_) => return Ok(false),
    };
    // Worked on copies: a refused form leaves the configuration as it was.
    let (mut candidate, mut names) = (list.clone(), labels.clone());
    match edit.op.as_str() {
        "add_combined" => {
            let status = composite(edit, &earlier(&base, &candidate, candidate.len()))?;
            set_label(&mut names, &status.code, edit);
            candidate.push(status);
        }
        "update_combined" => update(&mut candidate, &mut names, &base, edit)?,
        "remove_combined" => {
            let k = at(&candidate, &edit.combined, "combined")?;
            let removed = candidate.remove(k);
            names.remove(&removed.code);
        }
        "move_combined" => {
            let k = at(&candidate, &edit.combined, "combined")?;
            let to = at(&candidate, &edit.to, "to")?;
            let status = candidate.remove(k);
            candidate.insert(to, status);
        }
        _ => return Ok(false),
    }
    check(&base, &candidate)?;
    (*list, *labels) = (candidate, names);
    Ok(true)
}

fn update(
    list: &mut [CombinedStatus],
    labels: &mut BTreeMap<String, String>,
    base: &[String],
    edit: &ConfigEdit,
) -> Result<(), AppError> {
    let k = at(list, &edit.combined, "combined")?;
    let status = composite(edit, &earlier(base, list, k))?;
    let old = std::mem::replace(&mut list[k], status);
    let new = list[k].code.clone();
    if old.code != new {
        rename(&mut list[k + 1..], &old.code, &new);
        labels.remove(&old.code);
    }
    set_label(labels, &new, edit);
    Ok(())
}
