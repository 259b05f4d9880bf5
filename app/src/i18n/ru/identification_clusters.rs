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
