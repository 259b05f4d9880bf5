//! Dashboards (issue 15): coverage, deficits, growth, courses, certificates; the registry's
//! staff count column.

pub const DASH_TITLE: &str = "Мониторинг";
pub const DASH_NOTE: &str =
    "Число людей показывается интервалом, доли — для групп не менее чем из 5 человек. \
     Численность педагогов — из реестра школ.";
pub const DASH_LOADING: &str = "Считаем показатели…";
pub const DASH_SCOPE_REGION: &str = "Регион";
pub const DASH_SCOPE_MUNICIPALITY: &str = "Муниципалитет";
pub const DASH_SCOPE_SCHOOL: &str = "Школа";
pub const DASH_NARROW: &str = "Показать муниципалитет";
pub const DASH_WHOLE_REGION: &str = "весь регион";
pub const DASH_NARROW_SUBMIT: &str = "Показать";
pub const DASH_GROUP_MUNICIPALITY: &str = "Муниципалитет";
pub const DASH_GROUP_SCHOOL: &str = "Школа";
pub const DASH_GROUP_POSITION: &str = "Должность";
pub const DASH_NOT_SET: &str = "не указано";
pub const DASH_TOTAL: &str = "Всего";
pub const DASH_HIDDEN: &str = "менее 5 — скрыто";
pub const DASH_EMPTY: &str = "Данных пока нет.";
pub const DASH_EXPORT: &str = "Скачать:";

/// (view code, title).
pub const DASH_VIEWS: [(&str, &str); 12] = [
    ("coverage", "Охват диагностикой"),
    ("positions", "Охват по должностям"),
    ("deficits", "Карта дефицитов"),
    ("growth", "Рост после повторной диагностики"),
    ("courses", "Курсы: запись, завершение, часы"),
    ("certificates", "Сертификаты"),
    ("identification", "Результаты идентификации по годам"),
    ("movement", "Движение школ между статусами"),
    ("support", "Адресная поддержка: охват"),
    ("support-deficits", "Адресная поддержка: дефициты"),
    ("targets", "Адресная поддержка: цели"),
    ("kpi", "Целевые показатели: план и факт"),
];
pub const DASH_COVERAGE_COLUMNS: [&str; 6] = [
    "Педагогов по реестру",
    "Зарегистрированы",
    "Начали диагностику",
    "Завершили",
    "Завершили, % от зарегистрированных",
    "Завершили, % от численности",
];
pub const DASH_COVERAGE_CHART: &str = "Доля завершивших диагностику от зарегистрированных";
pub const DASH_COMPETENCY: &str = "Компетенция";
pub const DASH_COVERING_COURSES: &str = "Курсы по компетенции";
pub const DASH_DEFICITS_NOTE: &str =
    "Доля педагогов с выраженным дефицитом (по последнему измерению каждой компетенции). \
     Чем темнее ячейка, тем больше доля.";
pub const DASH_DEFICITS_CHART: &str = "Тепловая карта выраженных дефицитов";
pub const DASH_GROWTH_COLUMNS: [&str; 3] = ["Компетенция", "Педагогов с дефицитом", "Дефицит закрыт"];
pub const DASH_GROWTH_CHART: &str = "Доля закрытых дефицитов по компетенциям";
pub const DASH_UPTAKE_COLUMNS: [&str; 4] = ["Записались", "Завершили курс", "Завершили, %", "Часов обучения"];
pub const DASH_UPTAKE_CHART: &str = "Доля завершивших курсы от записавшихся";
pub const DASH_CERTIFICATE_COLUMNS: [&str; 2] = ["Выдано", "Отозвано"];

pub fn dash_export_name(view: &str, scope: &str) -> String {
    format!("{view} — {scope}")
}

pub fn dash_bar_title(label: &str, value: &str) -> String {
    format!("{label}: {value}")
}

// The school registry's optional staff count.
pub fn input_bad_staff_count(row: usize, value: &str) -> String {
    format!("Строка {row}, столбец «staff_count»: «{value}» — укажите целое неотрицательное число педагогов")
}

// Identification by year and targeted support.
pub const DASH_NO_STATUS: &str = "без статуса";
pub fn dash_years(from: i32, to: i32) -> String {
    format!("{from} → {to}")
}
/// (group code, label) of the targeted-support views.
pub const DASH_SUPPORT_GROUPS: [(&str, &str); 3] = [
    ("identified", "Школы со статусом (ШНОР / ШНРО / ШНСУ)"),
    ("other", "Остальные школы"),
    ("low", "Учителя ШНОР / ШНРО"),
];
pub const DASH_LOW_TEACHERS: &str = "Учителя ШНОР / ШНРО";
pub const DASH_YEARS_COLUMNS: [&str; 5] = ["Методика", "Год данных", "Опубликовано", "Статус", "Школ"];
pub const DASH_MOVEMENT_COLUMNS: [&str; 5] = ["Методика", "Годы", "Был статус", "Стал статус", "Школ"];
pub const DASH_MOVEMENT_NOTE: &str =
    "Переходы школ между статусами от одного опубликованного списка к следующему.";
pub const DASH_SUPPORT_NOTE: &str =
    "Школы со статусом ШНОР, ШНРО или ШНСУ по последнему опубликованному списку в сравнении с остальными.";
pub const DASH_SUPPORT_GROUP: &str = "Группа школ";
pub const DASH_TARGET_COLUMNS: [&str; 3] = ["Цель", "Плановое значение", "Фактическое значение"];
pub const DASH_TARGET_DIAGNOSED: &str = "Учителя-предметники ШНОР / ШНРО прошли диагностику";
pub const DASH_TARGET_TRAINED: &str = "Не менее 5 педагогов каждой ШНРО прошли курсы ≥ 32 ч";
pub const DASH_MET: &str = "выполнено";
pub const DASH_NOT_MET: &str = "не выполнено";
pub fn dash_schools_met(met: usize, all: usize) -> String {
    format!("{met} из {all} школ")
}
pub fn dash_trained_school(name: &str) -> String {
    format!("— {name}")
}

// KPI targets.
pub const DASH_KPI_TITLE: &str = "Целевые показатели";
pub const DASH_KPI_COLUMNS: [&str; 4] = ["Показатель", "План", "Факт", "Выполнено"];
/// (metric, label).
pub const DASH_KPI_LABELS: [(&str, &str); 3] = [
    ("share_diagnosed", "Доля педагогов, прошедших диагностику"),
    ("hours_per_school", "Часов обучения на школу"),
    ("certificates", "Сертификатов выдано"),
];
pub const DASH_KPI_FORM: &str = "Задать цели региона";
pub const DASH_KPI_SHARE_FIELD: &str = "Доля прошедших диагностику, %";
pub const DASH_KPI_HOURS_FIELD: &str = "Часов обучения на школу";
pub const DASH_KPI_CERTIFICATES_FIELD: &str = "Сертификатов выдано";
pub const DASH_KPI_HINT: &str = "Пустое поле снимает цель.";
pub const DASH_KPI_SAVE: &str = "Сохранить цели";
pub const DASH_KPI_SAVED: &str = "Цели сохранены.";
pub const DASH_KPI_NONE: &str = "не задана";
pub const DASH_YES: &str = "да";
pub const DASH_NO: &str = "нет";
pub const DASH_TARGET_SHARE_OVER_100: &str = "«Доля педагогов, прошедших диагностику»: не больше 100 %";
pub fn dash_target_not_a_number(label: &str) -> String {
    format!("«{label}»: укажите неотрицательное число")
}
