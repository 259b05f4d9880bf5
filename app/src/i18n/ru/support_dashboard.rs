//! The support summary and the case's exports (issue 17, «Дашборды», «Экспорт»).

pub const SUPDASH_TITLE: &str = "Сопровождение: сводка";
pub const SUPDASH_LINK: &str = "Сводка по сопровождению";
pub const SUPDASH_BACK: &str = "← Кейсы сопровождения";
pub const SUPDASH_STATES: &str = "Кейсы по состояниям";
pub const SUPDASH_STATE: &str = "Состояние";
pub const SUPDASH_CASES: &str = "Кейсов";
pub const SUPDASH_TOTAL: &str = "Всего";
pub const SUPDASH_ROADMAP: &str = "Дорожные карты";
pub const SUPDASH_NO_ACTIVITIES: &str = "В дорожных картах пока нет мероприятий.";
pub const SUPDASH_OVERDUE: &str = "Просроченные мероприятия";
pub const SUPDASH_NO_OVERDUE: &str = "Просроченных мероприятий нет.";
pub const SUPDASH_SCHOOL: &str = "Школа";
pub const SUPDASH_ACTIVITY: &str = "Мероприятие";
pub const SUPDASH_DEADLINE: &str = "Срок";
pub const SUPDASH_DAYS_LATE: &str = "Дней просрочки";
pub const SUPDASH_HEAT: &str = "Риски по муниципалитетам";
pub const SUPDASH_HEAT_NOTE: &str =
    "Число школ с высоким уровнем фактора риска по подтверждённым рисковым профилям (последний профиль каждой школы).";
pub const SUPDASH_FACTOR: &str = "Фактор риска";
pub const SUPDASH_NO_PROFILES: &str = "Подтверждённых рисковых профилей пока нет.";
pub const SUPDASH_MOVEMENT: &str = "Движение между статусами";
pub const SUPDASH_NO_MOVEMENT: &str =
    "Для сравнения нужны два опубликованных списка одной методики: пока опубликован один или ни одного.";
pub const SUPDASH_FROM: &str = "Было";
pub const SUPDASH_TO: &str = "Стало";
pub const SUPDASH_SCHOOLS: &str = "Школ";
pub const SUPDASH_LEFT: &str = "Вышли из списка";
pub const SUPDASH_NO_RUN: &str = "Опубликованного списка выявления пока нет.";
pub const SUPDASH_NO_CASE_SCHOOLS: &str = "Школ с кейсами пока нет.";
pub const SUPDASH_TARGET_LABEL: &str = "Целевая доля вышедших из списка, %";
pub const SUPDASH_TARGET_SAVE: &str = "Сохранить цель";
pub const SUPDASH_TARGET_SAVED: &str = "Цель сохранена.";
pub const SUPDASH_TARGET_INVALID: &str =
    "Целевая доля вышедших из списка — целое число процентов от 1 до 100, например 75.";
pub const SUPDASH_REACHED: &str = "цель достигнута";
pub const SUPDASH_NOT_REACHED: &str = "цель не достигнута";

pub fn supdash_scope(scope: &str) -> String {
    format!("Охват: {scope}")
}

pub fn supdash_completion(done: i64, all: i64, percent: i64) -> String {
    format!("Выполнено {done} из {all} мероприятий ({percent} %).")
}

pub fn supdash_overdue_more(shown: usize, total: i64) -> String {
    format!("Показаны {shown} самых просроченных из {total}.")
}

pub fn supdash_runs(previous: &str, latest: &str) -> String {
    format!("Было: {previous}. Стало: {latest}.")
}

pub fn supdash_profiles(n: i64) -> String {
    format!("профилей: {n}")
}

pub fn supdash_left(left: i64, schools: i64, percent: i64, target: i32) -> String {
    format!("{left} из {schools} школ с кейсами ({percent} %) не имеют статусов адресной поддержки в последнем опубликованном списке. Цель региона — не менее {target} %.")
}

pub const SEXP_PDF: &str = "Скачать PDF";
pub const SEXP_XLSX: &str = "Скачать XLSX";
pub const SEXP_TITLE: &str = "Материалы кейса сопровождения";
pub const SEXP_RISKS: &str = "Рисковый профиль";
pub const SEXP_NO_DOCUMENTS: &str = "Документов пока нет.";
pub const SEXP_VERSION: &str = "версия";
pub const SEXP_ROADMAP_SHEET: &str = "Дорожная карта";
pub const SEXP_RISKS_SHEET: &str = "Рисковый профиль";
pub const SEXP_PRIORITY: &str = "приоритетный";
pub const SEXP_YES: &str = "да";
pub const SEXP_NO: &str = "нет";

/// The road map sheet's columns, stable for upload into ИС МЭДК (docs/architecture.md).
pub const SEXP_ROADMAP_COLUMNS: [&str; 13] = [
    "Код школы",
    "Школа",
    "Муниципалитет",
    "Год цикла",
    "Версия дорожной карты",
    "Состояние документа",
    "Этап",
    "№",
    "Мероприятие",
    "Срок",
    "Ответственный",
    "Статус",
    "Подтверждение",
];

/// The risk profile sheet's columns.
pub const SEXP_RISK_COLUMNS: [&str; 11] = [
    "Код школы",
    "Школа",
    "Муниципалитет",
    "Год цикла",
    "Код фактора",
    "Фактор риска",
    "Баллы",
    "Максимум баллов",
    "Уровень",
    "Приоритетный",
    "Профиль подтверждён",
];

pub fn sexp_file_name(school_code: &str, year: i32, extension: &str) -> String {
    format!("Кейс {school_code} {year}.{extension}")
}

pub fn sexp_line(municipality: &str, year: i32, code: &str) -> String {
    format!("{municipality} · цикл {year} · код {code}")
}

pub fn sexp_row(n: usize) -> String {
    format!("Строка {n}")
}
