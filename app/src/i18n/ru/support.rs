//! Support for identified schools (issue 17): cases, curators, risk profiles.

pub const SUP_TITLE: &str = "Сопровождение школ";
pub const SUP_CASE_TITLE: &str = "Кейс сопровождения";
pub const SUP_BACK: &str = "← Все кейсы";
pub const SUP_BACK_TO_CASE: &str = "← К кейсу";
pub const SUP_NO_CASES: &str = "Кейсов сопровождения пока нет.";
pub const SUP_PAGES: &str = "Страницы списка кейсов";

/// How many cases of all are on the page.
pub fn sup_cases_shown(shown: usize, total: i64) -> String {
    format!("Показано кейсов: {shown} из {total}")
}
pub const SUP_NO_RUNS: &str = "Опубликованных списков выявления пока нет: кейсы можно создать вручную.";
pub const SUP_NO_CURATOR: &str = "куратор не назначен";
pub const SUP_NO_STATUSES: &str = "статусов нет (кейс создан вручную)";
pub const SUP_FILTER_STATE: &str = "Состояние";
pub const SUP_FILTER_MUNICIPALITY: &str = "Муниципалитет";
pub const SUP_ALL: &str = "все";
pub const SUP_FILTER_SUBMIT: &str = "Показать";
pub const SUP_CHOOSE_STATUSES: &str = "Создать кейсы для школ со статусами:";
pub const SUP_YEAR: &str = "Цикл сопровождения (год)";
pub const SUP_CREATE_FROM_RUN: &str = "Создать кейсы";
pub const SUP_MANUAL: &str = "Добавить школу вручную";
pub const SUP_SCHOOL_CODE: &str = "Код школы в реестре";
pub const SUP_REASON: &str = "Основание";
pub const SUP_CREATE: &str = "Создать кейс";
pub const SUP_IDENTIFICATION: &str = "Выявление";
pub const SUP_EXPLANATION: &str = "Почему школа в списке";
pub const SUP_CURATOR: &str = "Куратор";
pub const SUP_STATE: &str = "Состояние";
pub const SUP_ASSIGN_LABEL: &str = "Назначить куратора";
pub const SUP_ASSIGN: &str = "Назначить";
pub const SUP_PROFILE: &str = "Рисковый профиль";
pub const SUP_OPEN_PROFILE: &str = "Открыть анкету";
pub const SUP_LEVEL: &str = "Уровень риска";
pub const SUP_LEVEL_HIGH: &str = "высокий";
pub const SUP_LEVEL_MEDIUM: &str = "средний";
pub const SUP_LEVEL_LOW: &str = "низкий";
pub const SUP_LEVEL_NONE: &str = "не определён (есть вопросы без ответа)";
pub const SUP_PRIORITY_BADGE: &str = "приоритетный";
pub const SUP_PRIORITY: &str = "Приоритетный риск школы";
pub const SUP_CAUSES: &str = "Причины";
pub const SUP_SAVED: &str = "Ответы сохранены.";
pub const SUP_SAVE: &str = "Сохранить";
pub const SUP_SUBMIT_CHECK: &str = "Анкета заполнена — отправить куратору на подтверждение";
pub const SUP_SUBMITTED_AT: &str = "Отправлена куратору:";
pub const SUP_CONFIRMED_AT: &str = "Подтверждена куратором:";
pub const SUP_CONFIRM_TITLE: &str = "Диагностика куратора";
pub const SUP_COMMENT: &str = "Комментарий куратора";
pub const SUP_CONFIRM: &str = "Подтвердить профиль";

/// (state code, label).
pub const SUP_STATES: [(&str, &str); 3] = [
    ("opened", "анкета не отправлена"),
    ("profile_submitted", "анкета на подтверждении у куратора"),
    ("profile_confirmed", "рисковый профиль подтверждён"),
];

pub const SUP_YEAR_INVALID: &str = "Укажите год цикла сопровождения числом, например 2026.";
pub const SUP_STATUSES_REQUIRED: &str = "Отметьте хотя бы один статус опубликованного списка.";
pub const SUP_REASON_REQUIRED: &str = "Укажите основание для кейса (не короче 5 символов).";
pub const SUP_REASON_TOO_LONG: &str = "Основание длиннее 1000 символов.";
pub const SUP_SCHOOL_UNKNOWN: &str = "Школы с таким кодом нет в реестре региона.";
pub const SUP_CASE_EXISTS: &str = "У этой школы уже есть кейс в этом цикле.";
pub const SUP_CURATOR_UNKNOWN: &str =
    "Выберите куратора из списка: у этого человека нет роли куратора в регионе.";
pub const SUP_PROFILE_CONFIRMED: &str = "Рисковый профиль уже подтверждён куратором и не меняется.";
pub const SUP_PROFILE_NOT_SUBMITTED: &str = "Школа ещё не отправила анкету на подтверждение.";
pub const SUP_PRIORITIES_TOO_MANY: &str = "Приоритетных рисков может быть не больше трёх.";
pub const SUP_PRIORITIES_REQUIRED: &str = "Отметьте от одного до трёх приоритетных рисков.";
pub const SUP_COMMENT_TOO_LONG: &str = "Комментарий длиннее 1000 символов.";
pub const SUP_LEVEL_INVALID: &str = "Выберите уровень риска из списка.";

pub fn sup_run_line(title: &str, published_at: &str) -> String {
    format!("Из списка «{title}», опубликованного {published_at}")
}

pub fn sup_from_run(title: &str, published_at: &str) -> String {
    format!("Создать кейсы из списка «{title}» ({published_at})")
}

pub fn sup_status_count(label: &str, schools: usize) -> String {
    format!("{label} — школ: {schools}")
}

pub fn sup_created(n: usize) -> String {
    format!("Создано кейсов: {n}. Школы, у которых кейс в этом цикле уже есть, пропущены.")
}

pub fn sup_case_line(municipality: &str, year: i32) -> String {
    format!("{municipality} · цикл {year}")
}

pub fn sup_profile_line(year: i32, version: i32) -> String {
    format!("Цикл {year} · анкета региона, версия {version}")
}

pub fn sup_score(score: u32, max: u32) -> String {
    format!("баллы: {score} из {max}")
}

pub fn sup_curator_level(computed: Option<&str>, comment: &str) -> String {
    let computed = computed.unwrap_or("не определён");
    if comment.is_empty() {
        format!("Уровень установлен куратором (по анкете: {computed}).")
    } else {
        format!("Уровень установлен куратором (по анкете: {computed}): {comment}")
    }
}

pub fn sup_keep_level(computed: Option<&str>) -> String {
    match computed {
        Some(level) => format!("как по анкете: {level}"),
        None => "как по анкете".to_string(),
    }
}

pub fn sup_priorities_hint(max: usize) -> String {
    format!(
        "Ответьте на вопросы по каждому фактору риска и отметьте не больше {max} приоритетных рисков, \
         с которыми школа будет работать в первую очередь. Черновик можно сохранять."
    )
}

pub fn sup_known_staff(staff: Option<i32>) -> String {
    match staff {
        Some(n) => format!("По реестру школ: педагогических работников — {n}."),
        None => "В реестре школ численность педагогов не указана.".to_string(),
    }
}

pub fn sup_known_deficits(measured: &str, share: Option<f64>) -> String {
    match share {
        Some(share) => format!(
            "По диагностике Rost: учителей с выраженными дефицитами — {:.0} % (прошли диагностику: {measured}).",
            share * 100.0
        ),
        None => format!("По диагностике Rost: прошли диагностику {measured} учителей — доля показывается для 5 и более."),
    }
}

pub fn sup_answer_invalid(question: &str) -> String {
    format!("Выберите один из вариантов ответа на вопрос «{question}».")
}

pub fn sup_answer_missing(question: &str) -> String {
    format!("Чтобы отправить анкету, ответьте на вопрос «{question}».")
}

pub fn sup_priority_unknown(code: &str) -> String {
    format!("В анкете нет фактора риска «{code}».")
}
