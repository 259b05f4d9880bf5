//! Monitoring and evaluation of support cases: stages, indicators, the curator's rubric.

pub const MON_TITLE: &str = "Мониторинг";
pub const MON_STAGES_TITLE: &str = "Этапы мониторинга и критерии оценки";
pub const MON_STAGES_HELP: &str = "Этапы и критерии общие для всех кейсов региона; снимок показателей и оценка куратора делаются по каждому этапу.";
pub const MON_STAGE: &str = "Этап";
pub const MON_STAGE_TITLE: &str = "Название этапа";
pub const MON_STAGE_DATE: &str = "Дата этапа";
pub const MON_STAGE_ADD: &str = "Добавить этап";
pub const MON_NO_DATE: &str = "дата не назначена";
pub const MON_CRITERIA_TITLE: &str = "Критерии оценки куратора";
pub const MON_CRITERION: &str = "Критерий";
pub const MON_CRITERION_MAX: &str = "Максимальный балл";
pub const MON_CRITERION_ADD: &str = "Добавить критерий";
pub const MON_FIX: &str = "Зафиксировать показатели этапа";
pub const MON_FIX_AGAIN: &str = "Зафиксировать заново";
pub const MON_NOT_FIXED: &str = "Показатели этапа ещё не зафиксированы.";
pub const MON_INDICATOR: &str = "Показатель";
pub const MON_VALUE: &str = "Значение";
pub const MON_TARGET: &str = "Цель";
pub const MON_REACHED: &str = "достигнута";
pub const MON_NOT_REACHED: &str = "не достигнута";
pub const MON_NOT_ENOUGH: &str = "недостаточно данных (n < 5)";
pub const MON_NO_DATA: &str = "нет данных";
pub const MON_DIAGNOSED: &str = "Доля педагогов, прошедших диагностику";
pub const MON_DIAGNOSED_TARGET: &str = "100 % педагогов-предметников";
pub const MON_CLOSED: &str = "Доля закрытых дефицитов (по повторной диагностике)";
pub const MON_HOURS: &str = "Часы завершённых курсов повышения квалификации";
pub const MON_TRAINED: &str = "Педагогов с курсами ≥ 32 ч";
pub const MON_TRAINED_TARGET: &str = "не менее 5";
pub const MON_ROADMAP: &str = "Выполнение дорожной карты";
pub const MON_ROADMAP_EMPTY: &str = "дорожная карта не заполнена";
pub const MON_MANUAL_TITLE: &str = "Показатели школы";
pub const MON_MANUAL_EMPTY: &str = "Показатели школы ещё не добавлены.";
pub const MON_MANUAL_NAME: &str = "Название показателя";
pub const MON_MANUAL_UNIT: &str = "Единица измерения";
pub const MON_MANUAL_BASELINE: &str = "Базовое значение";
pub const MON_MANUAL_TARGET: &str = "Целевое значение";
pub const MON_MANUAL_ADD: &str = "Добавить показатель";
pub const MON_MANUAL_VALUE: &str = "Внести значение";
pub const MON_RUBRIC_TITLE: &str = "Оценка куратора";
pub const MON_RUBRIC_METHOD: &str = "Методика качества и результативности принимаемых мер";
pub const MON_RUBRIC_EMPTY: &str = "Куратор ещё не оценил этот этап.";
pub const MON_RUBRIC_FILL: &str = "Заполнить оценку";
pub const MON_SCORE: &str = "Балл";
pub const MON_COMMENT: &str = "Комментарий";
pub const MON_TOTAL: &str = "Итого";
pub const MON_STAGE_UNKNOWN: &str = "Такого этапа мониторинга в регионе нет.";
pub const MON_INDICATOR_UNKNOWN: &str = "Такого показателя у кейса нет.";

/// The region's stages until the operator changes them.
pub const MON_DEFAULT_STAGES: [&str; 3] = ["Входной", "Промежуточный", "Итоговый"];

/// The default rubric of the «Методика качества и результативности принимаемых мер»: (criterion,
/// maximum score).
pub const MON_DEFAULT_CRITERIA: [(&str, i32); 6] = [
    ("Обоснованность мер: мероприятия дорожной карты и антирисковых программ направлены на выявленные факторы риска", 3),
    ("Выполнение мероприятий дорожной карты в установленные сроки", 3),
    ("Вовлечённость педагогического коллектива: диагностика, курсы повышения квалификации, работа школьной команды", 3),
    ("Динамика образовательных результатов обучающихся (ВПР, ОГЭ, ЕГЭ, внутренняя оценка)", 3),
    ("Использование адресных рекомендаций куратора и опыта школы-партнёра", 3),
    ("Устойчивость изменений: решения закреплены в локальных актах и внутренней системе оценки качества", 3),
];

pub fn mon_share(share: f64, people: &str) -> String {
    format!("{:.0} % (педагогов: {people})", share * 100.0)
}

pub fn mon_percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

pub fn mon_roadmap(done: i64, total: i64) -> String {
    format!(
        "{done} из {total} мероприятий ({:.0} %)",
        done as f64 * 100.0 / total as f64
    )
}

pub fn mon_hours(hours: i64) -> String {
    format!("{hours} ч")
}

pub fn mon_index(title: &str, year: i32) -> String {
    format!("{title} ({year})")
}

pub fn mon_taken(at: &str, by: &str) -> String {
    format!("Зафиксировано {at}, {by}")
}

pub fn mon_scored(at: &str, by: &str) -> String {
    format!("Оценка от {at}, {by}")
}

pub fn mon_required(label: &str) -> String {
    format!("Заполните поле «{label}».")
}

pub fn mon_too_long(label: &str, max: usize) -> String {
    format!("Поле «{label}» длиннее {max} символов.")
}

pub fn mon_not_number(label: &str, value: &str) -> String {
    format!("Поле «{label}»: «{value}» не число; укажите число, например 12,5.")
}

pub fn mon_max_invalid(value: &str) -> String {
    format!("Максимальный балл «{value}»: укажите целое число от 1 до 100.")
}

pub fn mon_max_below_scores(criterion: &str, max: i32) -> String {
    format!("По критерию «{criterion}» уже выставлены баллы выше {max}: максимальный балл не может быть меньше них.")
}

pub fn mon_score_invalid(criterion: &str, max: i32) -> String {
    format!("Критерий «{criterion}»: укажите целый балл от 0 до {max}.")
}

pub fn mon_date_invalid(value: &str) -> String {
    format!("Поле «Дата этапа»: «{value}» не дата; укажите дату в виде ДД.ММ.ГГГГ.")
}
