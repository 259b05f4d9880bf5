//! Text of identification: the configuration editor, uploads, runs and published lists.

use super::common::label;

// Identification: the configuration editor
pub const EDIT_FIELDS: [(&str, &str); 24] = [
    ("exclude", "кроме школ со статусами"),
    ("title", "название"),
    ("code", "код"),
    ("source", "источник (процедура)"),
    ("orientation", "направленность индекса"),
    ("share", "доля группы"),
    ("min_indicators", "минимум показателей"),
    ("normalization", "нормировка"),
    ("direction", "направление"),
    ("weight", "вес"),
    ("cmp", "сравнение"),
    ("value", "порог"),
    ("band", "зона"),
    ("rule", "правило по годам"),
    ("n", "число лет"),
    ("label", "название статуса"),
    ("window_years", "лет в окне"),
    ("year", "год (0 — последний)"),
    ("min_flags", "минимум флагов"),
    ("index", "индекс"),
    ("indicator", "показатель"),
    ("status", "статус"),
    ("variant", "вариант"),
    ("indicators", "учитываемые показатели"),
];
pub const EDIT_STALE: &str = "Страница устарела: этого элемента уже нет. Обновите страницу.";
pub const EDIT_LAST_CONDITION: &str = "Это последнее условие статуса; чтобы убрать его, удалите сам статус.";
pub const NEW_CONFIG_TITLE: &str = "Новая конфигурация";

pub fn edit_required(field: &str) -> String {
    format!("Поле «{}»: заполните его", label(&EDIT_FIELDS, field))
}

pub fn edit_not_a_number(field: &str, raw: &str) -> String {
    format!(
        "Поле «{}»: «{raw}» не является числом",
        label(&EDIT_FIELDS, field)
    )
}

pub fn edit_not_a_count(field: &str, raw: &str) -> String {
    format!(
        "Поле «{}»: «{raw}» — нужно целое неотрицательное число",
        label(&EDIT_FIELDS, field)
    )
}

pub fn edit_unknown_choice(field: &str, raw: &str) -> String {
    format!(
        "Поле «{}»: недопустимое значение «{raw}»",
        label(&EDIT_FIELDS, field)
    )
}

pub const NOT_FOUND_RECORD: &str = "Запись не найдена: возможно, её удалили или ссылка устарела.";

// Identification: uploads, runs, explanations
pub const UPLOAD_NO_FILE: &str = "Выберите файл CSV или XLSX.";
pub const UPLOAD_HAS_ERRORS: &str = "В файле есть ошибки; исправьте их и загрузите файл снова.";
pub const MUNICIPALITY_KIND_UNKNOWN: &str = "муниципальное образование";
pub const EXTERNAL_LIST_MISSING: &str = "Загрузите список школ (school_id, status, reason).";
pub const WHY_NOT_IN_DATA: &str = "школы нет в данных этого расчёта";
pub const WHY_IN_BAND: &str = "в зоне";
pub const WHY_NOT_IN_BAND: &str = "вне зоны";
pub const WHY_NO_INDEX: &str = "индекс не рассчитан (мало данных)";
pub const WHY_NO_ROW: &str = "нет данных";
pub const WHY_INDEX: &str = "по индексу";
pub const WHY_FLAGS: &str = "флаги по годам";
pub const WHY_LIST: &str = "в загруженном списке";
pub const RULE_ALL_YEARS: &str = "все годы окна";
pub const BAND_WORST: &str = "худшая зона индекса";
pub const BAND_BEST: &str = "лучшая зона индекса";
pub const OVERRIDE_ADDED: &str = "ручное включение";
pub const OVERRIDE_REMOVED: &str = "ручное исключение";
pub const OVERRIDE_REASON_REQUIRED: &str = "Укажите причину решения (не короче 5 символов).";
pub const RUN_ALREADY_PUBLISHED: &str = "Этот расчёт уже опубликован.";
pub const NOTE_NO_VALUE: &str = "нет значения — показатель не учитывается";
pub const NOTE_NO_SPREAD: &str = "у всех школ группы одно значение — показатель не учитывается";
pub const EXPORT_COLUMNS: [&str; 7] = [
    "Код школы",
    "Наименование",
    "Муниципалитет",
    "Группа",
    "Статусы",
    "Статусы по правилам",
    "Ручные решения",
];

pub fn rule_last_years(n: usize) -> String {
    format!("последние {n} г.")
}

pub fn rule_at_least(n: usize) -> String {
    format!("не менее {n} г. из окна")
}

pub fn indicators_not_loaded(codes: &[String]) -> String {
    format!("Нет загруженных данных по показателям: {}.", codes.join(", "))
}

pub fn groups_missing(schools: &[&str]) -> String {
    let shown: Vec<&str> = schools.iter().take(10).copied().collect();
    format!(
        "Конфигурация сравнивает школы внутри групп, но у школ {}{} нет группы ни в данных (столбец «group»), ни в реестре.",
        shown.join(", "),
        if schools.len() > 10 { " и других" } else { "" }
    )
}

pub fn schools_not_in_registry(n: usize) -> String {
    format!("{n} шк. из данных нет в реестре: у них не указан муниципалитет, координаторы их не увидят.")
}

pub fn override_unknown_school(id: &str) -> String {
    format!("Школы с кодом «{id}» нет ни в реестре, ни в данных расчёта.")
}

pub fn note_range(min: f64, max: f64) -> String {
    format!("мин. в группе {min}, макс. {max}")
}

pub const METHODS: [(&str, &str); 3] = [
    ("index_bands", "индексы и зоны (многомерная средняя)"),
    ("flag_count", "подсчёт флагов (чек-лист)"),
    ("external_list", "внешний список"),
];

/// `Band::label()`: worst, middle, best.
pub const BAND_NAMES: [&str; 3] = ["худшая", "средняя", "лучшая"];

pub fn export_flags(year: i32) -> String {
    format!("{year}: флаги")
}

pub fn export_index(year: i32, index: &str) -> String {
    format!("{year}: индекс {index}")
}

pub fn export_band(year: i32, index: &str) -> String {
    format!("{year}: зона {index}")
}

// Identification: pages
pub const ID_TITLE: &str = "Выявление школ";
pub const SCHOOLS_TITLE: &str = "Реестр школ";
pub const PUBLISHED_TITLE: &str = "Опубликованные списки школ";
pub const PUBLISHED_EMPTY: &str = "Списки ещё не опубликованы.";
pub const PUBLISHED_NONE_HERE: &str = "В вашем муниципалитете школ в этом списке нет.";
pub const SCHOOLS_IMPORT: &str = "Импорт реестра";
pub const SCHOOLS_IMPORT_HINT: &str = "CSV или XLSX со столбцами school_id (код), name (наименование), municipality (муниципалитет), group (группа), locality (город / село), address (адрес, необязательно). Школы с известным кодом обновляются, новые добавляются.";
pub const UPLOAD_FILE: &str = "Файл";
pub const UPLOAD_SUBMIT: &str = "Загрузить и проверить";
pub const UPLOAD_TITLE: &str = "Проверка загруженного файла";
pub const UPLOAD_FILE_NAME: &str = "Файл";
pub const UPLOAD_NOTHING_CHANGED: &str = "Данные не изменены. Исправьте файл и загрузите его снова.";
pub const UPLOAD_COMMIT: &str = "Подтвердить загрузку";
pub const UPLOAD_DISCARD: &str = "Отменить";
pub const UPLOAD_NEW_YEAR: &str = "новый год";
pub const NEW_MUNICIPALITIES: &str = "Будут созданы муниципалитеты:";
pub const BACK: &str = "Назад";
pub const DATA_TITLE: &str = "Данные показателей";
pub const DATA_EMPTY: &str = "Данные ещё не загружены.";
pub const DATA_HINT: &str = "CSV или XLSX: school_id, year, group (необязательно, иначе из реестра), столбцы показателей с латинскими кодами; name, municipality и столбцы с русскими заголовками считаются описательными. Разделитель «;» или «,», десятичная запятая допустима. Каждый год из файла заменяет ранее загруженный.";
pub const CONFIGS_TITLE: &str = "Конфигурации критериев";
pub const CONFIG_NEW: &str = "Новая конфигурация";
pub const CONFIG_IMPORT: &str = "Импорт из JSON";
pub const CONFIG_IMPORT_SUBMIT: &str = "Импортировать";
pub const CONFIG_JSON: &str = "Конфигурация в JSON";
pub const CONFIG_EXPORT: &str = "Скачать JSON";
pub const CONFIG_TITLE: &str = "Конфигурация критериев";
pub const CONFIG_GENERAL: &str = "Общие параметры";
pub const CONFIG_GROUPED: &str = "сравнивать школы внутри групп";
pub const CONFIG_READY: &str = "Конфигурация готова к расчёту.";
pub const CONFIG_NOT_READY: &str = "Расчёт пока невозможен.";
pub const CONFIG_OPEN: &str = "открыть конфигурацию";
pub const DRAFT: &str = "черновик";
pub const DRAFT_EDITABLE: &str = "черновик, можно изменять";
pub const NOT_PUBLISHED: &str = "не опубликован";
pub const VERSIONS_TITLE: &str = "Версии";
pub const RUNS_TITLE: &str = "Расчёты";
pub const RUNS_EMPTY: &str = "Расчётов ещё не было.";
pub const RUN_TITLE: &str = "Результаты расчёта";
pub const RUN_START: &str = "Рассчитать";
pub const RUN_PUBLISH: &str = "Опубликовать списки";
pub const RUN_SCHOOLS: &str = "Школы";
pub const EXPORT_XLSX: &str = "Скачать XLSX";
pub const EXPORT_CSV: &str = "Скачать CSV";
pub const INDICES_TITLE: &str = "Индексы и показатели";
pub const INDEX: &str = "Индекс";
pub const INDICATORS_TITLE: &str = "Показатели";
pub const STATUSES_TITLE: &str = "Статусы и правила";
pub const LOADED_INDICATORS: &str = "Загружены показатели:";
pub const EXTERNAL_LIST_TITLE: &str = "Список школ";
pub const EXTERNAL_LIST_LOADED: &str = "Список загружен; новая загрузка заменит его.";
pub const EXTERNAL_LIST_HINT: &str = "CSV или XLSX со столбцами school_id, status и необязательным reason.";
pub const FLAG_RULE_HINT: &str = "Статус присваивается, если выполнен хотя бы один вариант; вариант выполнен, если выполнены все его условия. Год 0 — последний год окна, −1 — предыдущий.";
pub const FLAG_STATUS_HINT: &str =
    "Первое условие статуса задаётся при добавлении; затем добавляйте условия и варианты.";
pub const NEW_VARIANT: &str = "новый вариант";
pub const ADD: &str = "Добавить";
pub const ADD_INDEX: &str = "Добавить индекс";
pub const ADD_INDICATOR: &str = "Добавить показатель";
pub const ADD_STATUS: &str = "Добавить статус";
pub const ADD_CONDITION: &str = "Добавить условие";
pub const SAVE: &str = "Сохранить";
pub const REMOVE: &str = "Удалить";
pub const FILTER_ALL: &str = "все";
pub const FILTER_ANY_STATUS: &str = "с любым статусом";
pub const FILTER_NO_STATUS: &str = "без статуса";
pub const FILTER_SEARCH: &str = "Поиск по коду или названию";
pub const FILTER_APPLY: &str = "Показать";
pub const COLUMN_CODE: &str = "Код";
pub const COLUMN_NAME: &str = "Наименование";
pub const COLUMN_GROUP: &str = "Группа";
pub const COLUMN_LOCALITY: &str = "Местность";
pub const COLUMN_STATUSES: &str = "Статус";
pub const COLUMN_YEAR: &str = "Год";
pub const COLUMN_SCHOOLS: &str = "Школ";
pub const COLUMN_INDICATORS: &str = "Показатели";
pub const COLUMN_REPLACES: &str = "Заменяет";
pub const COLUMN_FILE: &str = "Файл";
pub const COLUMN_LOADED: &str = "Загружено";
pub const COLUMN_TITLE: &str = "Название";
pub const COLUMN_METHOD: &str = "Метод";
pub const COLUMN_VERSION: &str = "Версия";
pub const COLUMN_STATE: &str = "Состояние";
pub const COLUMN_RESULT: &str = "Итог";
pub const COLUMN_LABEL: &str = "Название статуса";
pub const COLUMN_RULE: &str = "Правило";
pub const COLUMN_LATEST: &str = "Последний год";
pub const COLUMN_INDICATOR: &str = "Показатель";
pub const COLUMN_VALUE: &str = "Значение";
pub const COLUMN_NORMALISED: &str = "Нормировано";
pub const COLUMN_WEIGHT: &str = "Вес";
pub const COLUMN_CONTRIBUTION: &str = "Вклад в индекс";
pub const COLUMN_NOTE: &str = "Примечание";
pub const COLUMN_FLAG: &str = "Флаг";
pub const COLUMN_WHY: &str = "Почему";
pub const EXPLANATION_TITLE: &str = "Пояснение по школе";
pub const DATA_CHANGED: &str = "Данные показателей изменились после этого расчёта: пояснение построено по текущим данным. Запустите расчёт заново.";
pub const NO_STATUSES: &str = "Школа не получила ни одного статуса.";
pub const OVERRIDES_TITLE: &str = "Ручные решения";
pub const OVERRIDE_ACTION: &str = "Решение";
pub const OVERRIDE_ADD: &str = "включить в статус";
pub const OVERRIDE_REMOVE: &str = "исключить из статуса";
pub const OVERRIDE_REASON: &str = "Причина (обязательно)";
pub const OVERRIDE_SUBMIT: &str = "Сохранить решение";
pub const OVERRIDE_WITHDRAW: &str = "Отменить решение";
pub const DIFF_NONE: &str = "Опубликованных расчётов этой конфигурации ещё нет — сравнивать не с чем.";
pub const DIFF_EMPTY: &str = "Нет.";
pub const DIFF_ENTERING: &str = "Входят в списки";
pub const DIFF_LEAVING: &str = "Выходят из списков";
pub const CHART_TITLE: &str = "Распределение индекса по группам";
pub const CHART_HINT: &str = "Столбцы — число школ с индексом в интервале шириной 0,05; красная линия — отсечка худшей зоны, зелёная — лучшей.";
pub const TEMPLATES: [(&str, &str); 5] = [
    ("khabarovsk", "Хабаровский край (ШНРО, ШНСУ)"),
    ("federal_shnor", "федеральные критерии ШНОР"),
    ("project_500", "внешний список «500+»"),
    ("leskensky", "Лескенский: список + ВПР"),
    ("ryazan", "Рязанская: ШСНОР/ШФНСУ по категориям"),
];
pub const ORIENTATIONS: [(&str, &str); 2] = [
    ("higher_is_better", "больше — лучше"),
    ("higher_is_worse", "больше — хуже"),
];
pub const NORMALIZATIONS: [(&str, &str); 2] = [("minmax", "мин–макс в группе"), ("threshold", "порог (0/1)")];
pub const DIRECTIONS: [(&str, &str); 2] = [("direct", "прямое"), ("inverse", "обратное")];
pub const OPS: [(&str, &str); 4] = [("lt", "<"), ("le", "≤"), ("gt", ">"), ("ge", "≥")];
pub const BANDS: [(&str, &str); 2] = [("worst", "худшая зона"), ("best", "лучшая зона")];
pub const YEAR_RULES: [(&str, &str); 3] = [
    ("all_years", "все годы окна"),
    ("last_years", "последние n лет"),
    ("at_least", "не менее n лет"),
];

pub fn schools_total(n: usize) -> String {
    format!("Всего школ: {n}")
}

pub fn registry_count(n: usize) -> String {
    format!("В реестре школ: {n}")
}

pub fn upload_rows(n: usize) -> String {
    format!("Файл проверен, ошибок нет. Строк данных: {n}.")
}

pub fn upload_replaces(file: &str, by: &str, at: &str, schools: usize) -> String {
    format!("заменит «{file}» ({schools} шк.), загружено {at}, {by}")
}

pub fn registry_changes(new: usize, updated: usize) -> String {
    format!("Будет добавлено школ: {new}, обновлено: {updated}.")
}

pub fn published_at(at: &str) -> String {
    format!("опубликовано {at}")
}

pub fn published_frozen(at: &str) -> String {
    format!("опубликована {at}; изменения создадут новую версию")
}

pub fn version_line(version: i32, what: &str) -> String {
    format!("версия {version}, {what}")
}

pub fn from_template(title: &str) -> String {
    format!("Из шаблона: {title}")
}

pub fn empty_config(method: &str) -> String {
    format!("Пустая: {method}")
}

pub fn counts_line(counts: &[(String, usize)], total: usize) -> String {
    let parts: Vec<String> = counts.iter().map(|(l, n)| format!("{l}: {n}")).collect();
    format!("{} из {total}", parts.join(", "))
}

pub fn run_line(at: &str, by: &str, version: i32, method: &str) -> String {
    format!("Расчёт {at}, {by}; версия конфигурации {version}; метод: {method}")
}

pub fn years_line(years: &[i32]) -> String {
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    format!(
        "Годы окна: {}",
        if years.is_empty() {
            "—".to_string()
        } else {
            years.join(", ")
        }
    )
}

pub fn matching(n: usize, page: usize, pages: usize) -> String {
    format!("Найдено школ: {n}; страница {page} из {pages}")
}

pub fn excluding(codes: &[String]) -> String {
    format!(", кроме школ со статусом {}", codes.join(", "))
}

pub fn condition(year: i32, min_flags: usize) -> String {
    let year = if year == 0 {
        "последний год".to_string()
    } else {
        format!("год {year}")
    };
    format!("{year}: флагов не менее {min_flags}")
}

pub fn variant(v: usize) -> String {
    format!("вариант {}", v + 1)
}

pub fn explanation_title(code: &str, name: &str) -> String {
    format!("Пояснение: {code} {name}")
}

pub fn year_heading(year: i32, group: Option<&str>) -> String {
    match group {
        Some(g) => format!("{year} год, группа «{g}»"),
        None => format!("{year} год"),
    }
}

pub fn index_line(code: &str, title: &str, index: &str, band: &str) -> String {
    format!("Индекс {code} {title}: {index}, зона: {band}.")
}

pub fn cutoff_line(worst: &str, best: &str, n: usize, k: usize) -> String {
    format!("Отсечка худшей зоны {worst}, лучшей {best} (школ в сравнении: {n}, в каждой зоне не менее {k}).")
}

pub fn diff_title(against: &str) -> String {
    format!("Изменения относительно публикации {against}")
}

pub fn chart_caption(index: &str, year: i32, group: &str) -> String {
    if group.is_empty() {
        format!("{index}, {year}")
    } else {
        format!("{index}, {year}, группа «{group}»")
    }
}

// Identification: configuration checks (also printed by `server identify`)
pub const CONFIG_FILE_FIELD: &str = "(файл)";
pub const CONFIG_STATUS: &str = "статус";
pub const CONFIG_INDEX: &str = "индекс";
pub const CONFIG_INDICATOR: &str = "показатель";
pub const CONFIG_NO_TITLE: &str = "укажите название конфигурации";
pub const CONFIG_NO_STATUSES: &str = "добавьте хотя бы одно правило статуса";
pub const CONFIG_BAD_WINDOW: &str = "число лет в окне должно быть от 1 до 20";
pub const CONFIG_NO_INDICES: &str = "добавьте хотя бы один индекс";
pub const CONFIG_BAD_BAND: &str = "зона статуса — worst или best";
pub const CONFIG_EMPTY_INDEX: &str = "добавьте в индекс хотя бы один показатель";
pub const CONFIG_BAD_WEIGHT: &str = "вес показателя должен быть положительным числом";
pub const CONFIG_THRESHOLD_NO_OP: &str = "для порогового показателя укажите сравнение (lt, le, gt, ge)";
pub const CONFIG_THRESHOLD_NO_VALUE: &str = "для порогового показателя укажите пороговое значение";
pub const CONFIG_MINMAX_WITH_THRESHOLD: &str = "сравнение и порог задаются только для нормировки threshold";
pub const CONFIG_EMPTY_CONDITIONS: &str = "пустой список условий";
pub const CONFIG_BAD_MIN_FLAGS: &str = "минимальное число флагов должно быть не меньше 1";
pub const CONFIG_NO_INDICATORS: &str = "добавьте хотя бы один показатель";
pub const CONFIG_THRESHOLD_NOT_A_NUMBER: &str = "укажите пороговое значение числом";

pub fn config_error(field: &str, message: &str) -> String {
    format!("Ошибка в конфигурации, поле «{field}»: {message}")
}

pub fn config_not_json(line: usize, column: usize, error: &dyn std::fmt::Display) -> String {
    format!("JSON не соответствует формату конфигурации (строка {line}, позиция {column}): {error}")
}

pub fn config_bad_code(code: &str) -> String {
    format!("код «{code}» должен состоять из латинских букв, цифр, «_» или «-» (до 64 символов)")
}

pub fn config_duplicate_code(what: &str, code: &str) -> String {
    format!("{what} с кодом «{code}» указан дважды")
}

pub fn config_bad_exclude(excluded: &str, code: &str) -> String {
    format!(
        "статус «{excluded}» не определён выше статуса «{code}»; исключать можно только статусы, \
         которые вычисляются раньше"
    )
}

pub fn config_unknown_index(index: &str) -> String {
    format!("правило ссылается на несуществующий индекс «{index}»")
}

pub fn config_bad_years(window: usize) -> String {
    format!("число лет должно быть от 1 до {window} (длины окна)")
}

pub fn config_bad_share(share: f64) -> String {
    format!("доля группы {share} вне допустимого диапазона (0; 0,5]")
}

pub fn config_bad_min_indicators(indicators: usize) -> String {
    format!("минимальное число показателей должно быть от 1 до {indicators} (числа показателей индекса)")
}

pub fn config_year_outside_window(year: i32, last: usize) -> String {
    format!("год условия {year} вне окна: допустимо от 0 (последний год) до -{last}")
}

// Identification: reading input files (also printed by `server identify`)
pub const INPUT_EMPTY: &str = "Файл пуст: нет строки заголовка";
pub const INPUT_NOT_UTF8: &str = "текст не в кодировке UTF-8; сохраните файл как «CSV UTF-8»";

pub fn input_unreadable(path: &str, reason: &str) -> String {
    format!("Не удалось прочитать файл «{path}»: {reason}")
}

pub fn input_missing_column(column: &str) -> String {
    format!("Строка 1: нет обязательного столбца «{column}»")
}

pub fn input_duplicate_column(column: &str) -> String {
    format!("Строка 1: столбец «{column}» встречается дважды")
}

pub fn input_not_a_number(row: usize, column: &str, value: &str) -> String {
    format!("Строка {row}, столбец «{column}»: значение «{value}» не является числом")
}

pub fn input_bad_year(row: usize, value: &str, first: i32, last: i32) -> String {
    format!("Строка {row}, столбец «year»: «{value}» не является годом (целое число от {first} до {last})")
}

pub fn input_empty_value(row: usize, column: &str) -> String {
    format!("Строка {row}, столбец «{column}»: пустое значение; заполните его")
}

pub fn input_duplicate_school_year(row: usize, school_id: &str, year: i32, first_row: usize) -> String {
    format!(
        "Строка {row}, столбцы «school_id» и «year»: школа «{school_id}» за {year} год уже была в строке {first_row}"
    )
}

pub fn input_ragged_row(row: usize, found: usize, expected: usize) -> String {
    format!("Строка {row}: {found} значений вместо {expected} (столбцов в заголовке)")
}

pub fn input_duplicate_list_entry(row: usize, school_id: &str, status: &str, first_row: usize) -> String {
    format!(
        "Строка {row}, столбцы «school_id» и «status»: школе «{school_id}» статус «{status}» уже присвоен в строке {first_row}"
    )
}

pub fn input_unknown_status(row: usize, status: &str, allowed: &str) -> String {
    format!(
        "Строка {row}, столбец «status»: статус «{status}» не описан в конфигурации (допустимы: {allowed})"
    )
}

pub fn input_duplicate_school(row: usize, school_id: &str, first_row: usize) -> String {
    format!("Строка {row}, столбец «school_id»: школа «{school_id}» уже указана в строке {first_row}")
}

pub fn input_bad_locality(row: usize, value: &str) -> String {
    format!("Строка {row}, столбец «locality»: «{value}» — укажите «город» или «село»")
}

pub fn input_unknown_format(path: &str) -> String {
    format!("Неизвестный формат файла «{path}»: ожидается .csv или .xlsx")
}

pub fn input_at_row(row: usize, error: &dyn std::fmt::Display) -> String {
    format!("строка {row}: {error}")
}

pub fn engine_compute_failed(error: &str) -> String {
    format!("внутренняя ошибка вычисления: {error}")
}
