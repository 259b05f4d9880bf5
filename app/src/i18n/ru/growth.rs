//! Re-tests and growth (issue 12): the subject blocks of the demo bank, the re-test's openings
//! and e-mails, the growth report and the aggregates of operators and directors.

// The demo bank's subject blocks: (subject as people write it, the instrument's title).
pub const DEMO_SUBJECT_BLOCKS: [(&str, &str); 2] = [
    ("математика", "Предметный блок: математика"),
    ("русский язык", "Предметный блок: русский язык"),
];
pub const DEMO_SUBJECT_INSTRUCTIONS: &str = "По три задания по каждой предметной компетенции, из заданий по вашему предмету. Предметный блок видят те, кто указал этот предмет в профиле. Времени не ограничено.";

// The re-test itself.
pub const RETEST_NOTHING_UNSEEN: &str = "Новых заданий для повторной диагностики нет: все задания по этим компетенциям вы уже видели. Обратитесь к региональному оператору — ему нужно пополнить банк заданий.";

// E-mails.
pub const MAIL_RETEST_OPENED_SUBJECT: &str = "Повторная диагностика открыта";
pub fn mail_retest_opened_text(title: &str) -> String {
    format!("Вам открыта повторная диагностика «{title}». Задания в ней новые, а компетенции те же, что в прошлый раз: по её итогам вы увидите, какие дефициты закрыты.")
}
pub const MAIL_RETEST_OPENED_ACTION: &str = "Открыть личный кабинет";
pub const MAIL_GROWTH_SUBJECT: &str = "Результаты повторной диагностики";
pub fn mail_growth_text(title: &str) -> String {
    format!("Повторная диагностика «{title}» завершена. Отчёт о росте показывает, как изменился уровень каждой компетенции, какие дефициты закрыты и что предлагается дальше.")
}
pub const MAIL_GROWTH_ACTION: &str = "Посмотреть отчёт о росте";

// The growth page and the cabinet's notice.
pub const GROWTH_SECTION_TITLE: &str = "Повторная диагностика и рост";
pub const GROWTH_MY_LINK: &str = "Мой рост: повторная диагностика и отчёты";
pub const GROWTH_NOTHING_YET: &str =
    "Повторная диагностика откроется, когда вы завершите маршрут или её назначит региональный оператор. Здесь же появятся отчёты о росте.";
pub fn growth_retest_open(title: &str) -> String {
    format!("Открыта повторная диагностика «{title}»: новые задания по тем же компетенциям.")
}
pub fn growth_shortfall(titles: &str) -> String {
    format!("Новых заданий не хватает по компетенциям: {titles}. Они будут измерены меньшим числом заданий или не войдут в повторную диагностику.")
}
pub const GROWTH_START: &str = "Пройти повторную диагностику";
pub const GROWTH_CONTINUE: &str = "Продолжить повторную диагностику";
pub fn growth_report_link(title: &str, date: &str) -> String {
    format!("Отчёт о росте: {title}, {date}")
}

// The report.
pub const GROWTH_TITLE: &str = "Отчёт о росте";
pub fn growth_compared(before: &str, after: &str) -> String {
    format!("Первая диагностика — {before}, повторная — {after}.")
}
pub const GROWTH_CHART_TITLE: &str = "Уровень компетенций до и после";
pub const GROWTH_CHART_DESC: &str = "Для каждой компетенции: серая точка — первая диагностика, цветная — повторная; пунктир — порог выраженного дефицита.";
pub const GROWTH_LEGEND_BEFORE: &str = "до";
pub const GROWTH_LEGEND_AFTER: &str = "после";
pub fn growth_chart_values(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}
pub const GROWTH_NOT_MEASURED_SHORT: &str = "не измерено";
pub const GROWTH_CLOSED_TITLE: &str = "Закрытые дефициты";
pub const GROWTH_CLOSED_NONE: &str = "Выраженных дефицитов, закрытых за это время, нет.";
pub const GROWTH_REMAINING_TITLE: &str = "Оставшиеся дефициты";
pub const GROWTH_REMAINING_NONE: &str = "Выраженных дефицитов не осталось.";
pub const GROWTH_NOT_MEASURED_TITLE: &str = "Не измерено повторно";
pub const GROWTH_NOT_MEASURED_NOTE: &str =
    "Новых заданий по этим компетенциям в банке не нашлось, поэтому их уровень не сравнивается.";
pub fn growth_change(before: &str, after: &str) -> String {
    format!("было {before}, стало {after}")
}
pub const GROWTH_PROPOSAL_TITLE: &str = "Новый маршрут для оставшихся дефицитов";
pub const GROWTH_PROPOSAL_NONE: &str =
    "Оставшиеся дефициты не закрывает ни один доступный курс каталога — обратитесь к методисту.";
pub fn growth_proposal_covers(titles: &str) -> String {
    format!("закрывает: {titles}")
}
pub const GROWTH_PROPOSAL_ACCEPT: &str = "Перейти к маршруту, чтобы принять предложение";
pub const GROWTH_UNCOVERED: &str = "Не закрывает ни один курс:";
pub const GROWTH_BACK: &str = "← В личный кабинет";

// The operator's page and the director's section.
pub const GROWTH_ADMIN_TITLE: &str = "Повторная диагностика и рост";
pub const GROWTH_OPEN_TITLE: &str = "Открыть повторную диагностику группе";
pub const GROWTH_OPEN_NOTE: &str = "Повторная диагностика откроется тем, кто уже завершил выбранную диагностику; каждый получит письмо. Задания будут новыми для каждого.";
pub const GROWTH_OPEN_SUBMIT: &str = "Открыть и разослать письма";
pub fn growth_opened(n: usize) -> String {
    format!("Повторная диагностика открыта: {n} чел.")
}
pub const GROWTH_FIELD_TITLE: &str = "Название кампании";
pub const GROWTH_FIELD_INSTRUMENT: &str = "Диагностика";
pub const GROWTH_FIELD_MUNICIPALITY: &str = "Муниципалитет";
pub const GROWTH_FIELD_SCHOOLS: &str = "Коды школ (через запятую)";
pub const GROWTH_FIELD_POSITIONS: &str = "Должности";
pub const GROWTH_WHOLE_REGION: &str = "весь регион";
pub const GROWTH_EVERY_POSITION: &str = "все должности";
pub const GROWTH_AGG_TITLE: &str = "Закрытие дефицитов";
pub const GROWTH_AGG_NOTE: &str = "Только подтверждённые участники, завершившие повторную диагностику; доли — для групп от 5 человек, численность — интервалами.";
pub const GROWTH_AGG_BY_COMPETENCY: &str = "По компетенциям";
pub const GROWTH_AGG_BY_COURSE: &str = "По пройденным курсам";
pub const GROWTH_COL_COMPETENCY: &str = "Компетенция";
pub const GROWTH_COL_COURSE: &str = "Курс";
pub const GROWTH_COL_PEOPLE: &str = "Человек";
pub const GROWTH_COL_CLOSED: &str = "Закрыто дефицитов";
pub const GROWTH_COL_GROWTH: &str = "Средний рост заявленных компетенций";
pub const GROWTH_HIDDEN: &str = "меньше 5 — не показывается";
pub const GROWTH_AGG_EMPTY: &str = "Повторных диагностик пока нет.";
pub fn growth_points(delta: f64) -> String {
    format!("{:+.0} п. п.", delta * 100.0)
}
pub const GROWTH_SCHOOL_TITLE: &str = "Рост педагогов школы";
pub const GROWTH_F_SUBJECT: &str = "Предмет";
