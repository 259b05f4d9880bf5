//! Clusters of schools in the registry, and the editor's forms for composite statuses and
//! cluster limits (issue 16 §3).

pub fn input_bad_cluster(row: usize, value: &str) -> String {
    format!(
        "Строка {row}, столбец «cluster»: «{value}» — название кластера: до 64 знаков, без запятых и точек с запятой"
    )
}

// The registry page: a school's cluster by hand.
pub const CLUSTER_SCHOOL_REQUIRED: &str = "Поле «Код школы»: укажите код школы из реестра";
pub const COLUMN_CLUSTER: &str = "Кластер";
pub const CLUSTER_ASSIGN_TITLE: &str = "Кластер школы";
pub const CLUSTER_ASSIGN_HINT: &str = "Кластер уточняет критерии отбора: статус или индекс можно ограничить кластерами. \
     Оставьте поле «Кластер» пустым, чтобы снять кластер. Кластер можно также загрузить столбцом «Кластер» реестра.";
pub const FIELD_SCHOOL_CODE: &str = "Код школы";
pub const FIELD_CLUSTER: &str = "Кластер";
pub const CLUSTER_ASSIGN: &str = "Сохранить кластер";
pub const CLUSTER_SAVED: &str = "Кластер сохранён.";
pub const CLUSTER_CHANGE: &str = "изменить";

pub fn cluster_invalid(value: &str) -> String {
    format!("Поле «Кластер»: «{value}» — название кластера: до 64 знаков, без запятых и точек с запятой")
}

pub fn cluster_school_unknown(code: &str) -> String {
    format!("Поле «Код школы»: школы с кодом «{code}» нет в реестре региона")
}

// The configuration editor: composite statuses and cluster limits.
pub fn edit_bad_cluster(value: &str) -> String {
    format!("Поле «кластеры»: «{value}» — название кластера не длиннее 64 знаков")
}

pub fn edit_bad_part(status: &str, value: &str) -> String {
    format!("Поле «{status}» составного статуса: недопустимое значение «{value}»")
}

pub const EDIT_CLUSTERS: &str = "только кластеры (через запятую)";
pub const EDIT_CLUSTERS_ALL: &str = "все школы";
pub const COMBINED_TITLE: &str = "Составные статусы";
pub const COMBINED_INTRO: &str = "Составной статус получают школы по другим статусам, определённым выше: \
     «все из» — каждый из отмеченных, «любой из» — хотя бы один, «ни одного из» — ни один. \
     Составные статусы вычисляются после основных, в порядке списка.";
pub const COMBINED_STATUS: &str = "Составной статус";
pub const COMBINE_HINT: &str = "Для каждого статуса выше выберите, как он входит в составной:";
pub const COMBINE_PARTS: [(&str, &str); 4] = [
    ("", "не учитывается"),
    ("all_of", "все из (и)"),
    ("any_of", "любой из (или)"),
    ("none_of", "ни одного из (не)"),
];
pub const ADD_COMBINED: &str = "Добавить составной статус";
pub const MOVE_UP: &str = "Выше";
pub const MOVE_DOWN: &str = "Ниже";

// The configuration editor: a flag-count status's own criteria set (Ryazan's sets per category).
pub const EDIT_INDICATORS_ALL: &str = "все показатели";
pub const EDIT_INDICATORS_HINT: &str =
    "Учитываемые показатели — коды через запятую: статус считает флаги только этих \
     показателей (свой набор критериев для каждой категории школ). Пусто — все показатели конфигурации.";

pub fn edit_unknown_indicator(code: &str) -> String {
    format!("Поле «учитываемые показатели»: показателя «{code}» нет в конфигурации; сначала добавьте его в раздел «Показатели»")
}
