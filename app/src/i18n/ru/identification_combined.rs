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
