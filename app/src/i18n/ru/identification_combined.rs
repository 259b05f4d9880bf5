//! Combined criteria and clusters of the identification configuration (issue 16 §3).

pub const CONFIG_COMBINE_EMPTY: &str =
    "составной статус должен перечислять статусы в all_of (все из) или any_of (любой из)";
pub const CONFIG_WHERE_NO_CLUSTER: &str = "укажите хотя бы один непустой кластер";

pub fn config_combine_unknown(code: &str, composite: &str) -> String {
    format!(
        "статус «{code}» не определён выше составного статуса «{composite}»; ссылаться можно \
         только на статусы, которые вычисляются раньше"
    )
}

pub fn config_unknown_status_indicator(code: &str) -> String {
    format!("правило статуса ссылается на показатель «{code}», которого нет в списке показателей")
}

/// Why a school holds a composite status: its parts, as the operator reads them.
pub fn why_combined(all_of: &[String], any_of: &[String], none_of: &[String]) -> String {
    let quoted = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("«{c}»"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !all_of.is_empty() {
        parts.push(format!("все из {}", quoted(all_of)));
    }
    if !any_of.is_empty() {
        parts.push(format!("хотя бы один из {}", quoted(any_of)));
    }
    if !none_of.is_empty() {
        parts.push(format!("ни одного из {}", quoted(none_of)));
    }
    format!("составной статус: {}", parts.join("; "))
}
