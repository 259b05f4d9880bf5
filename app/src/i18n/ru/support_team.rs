//! The school team and the partner school of a support case.

pub const TEAM_TITLE: &str = "Команда школы";
pub const TEAM_HINT: &str =
    "Участники команды работают над кейсом вместе с директором: анкета, программы, дорожная карта, обсуждение.";
pub const TEAM_EMPTY: &str = "Директор ещё никого не включил в команду.";
pub const TEAM_ADD_LABEL: &str = "Включить в команду";
pub const TEAM_ADD: &str = "Включить";
pub const TEAM_REMOVE: &str = "Исключить";
pub const TEAM_UNKNOWN: &str =
    "Выберите человека из списка: в команду входят подтверждённые работники школы.";
pub const TEAM_NOT_MEMBER: &str = "Этого человека нет в команде школы.";
pub const PARTNER_TITLE: &str = "Школа-партнёр";
pub const PARTNER_HINT: &str =
    "Школа со стабильно высокими результатами: площадка стажировки и наставничества. Её директор читает программы кейса.";
pub const PARTNER_NONE: &str = "Школа-партнёр не назначена.";
pub const PARTNER_LABEL: &str = "Школа со стабильно высокими результатами";
pub const PARTNER_CLEAR: &str = "— без партнёра —";
pub const PARTNER_SET: &str = "Назначить партнёра";
pub const PARTNER_UNKNOWN: &str =
    "Выберите школу из списка: партнёром может быть школа со статусом «стабильно высокие результаты» последнего опубликованного списка.";
pub const PARTNER_NO_CANDIDATES: &str =
    "В последнем опубликованном списке нет школ со стабильно высокими результатами.";
pub const PARTNER_READ_ONLY: &str =
    "Вы видите кейс как директор школы-партнёра: программы школы открыты для чтения.";

pub fn mail_team_subject(school: &str) -> String {
    format!("Вы в команде школы по сопровождению: {school}")
}

pub fn mail_team_added(director: &str, school: &str) -> String {
    format!(
        "{director} включил(а) вас в команду школы «{school}», которая работает над кейсом сопровождения: анкетой рисков, программами и дорожной картой."
    )
}

pub fn mail_partner_subject(school: &str) -> String {
    format!("Ваша школа — партнёр школы «{school}»")
}

pub fn mail_partner(school: &str) -> String {
    format!(
        "Региональный оператор назначил вашу школу партнёром школы «{school}» (стажировка и наставничество). Программы этой школы открыты вам для чтения."
    )
}

pub const TEAM_OPEN_CASE: &str = "Открыть кейс";

pub const VISITS_TITLE: &str = "Визиты куратора";
pub const VISITS_EMPTY: &str = "Визитов пока не было.";
pub const VISIT_RECORD: &str = "Записать визит";
pub const VISIT_SAVE: &str = "Сохранить визит";
pub const VISIT_DATE: &str = "Дата визита";
pub const VISIT_PURPOSE: &str = "Цель визита";
pub const VISIT_FINDINGS: &str = "Выводы";
pub const VISIT_RECOMMENDATIONS: &str = "Адресные рекомендации (по одной в строке)";
pub const VISIT_RECOMMENDATIONS_TITLE: &str = "Адресные рекомендации";
pub const VISIT_BY: &str = "Куратор";
pub const VISIT_DATE_FUTURE: &str = "Дата визита не может быть позже завтрашнего дня.";
pub const VISIT_DECIDED: &str = "Решение по этой рекомендации уже принято.";
pub const VISIT_STAGE_REQUIRED: &str = "Выберите этап дорожной карты: первый или второй.";
pub const VISIT_DECISION_REQUIRED: &str = "Выберите решение: принять в дорожную карту или отклонить.";
pub const VISIT_ROADMAP_SUBMITTED: &str =
    "Дорожная карта на проверке у куратора: примите рекомендацию после его решения.";
pub const VISIT_STAGE: &str = "Этап дорожной карты";
pub const VISIT_DEADLINE: &str = "Срок";
pub const VISIT_RESPONSIBLE: &str = "Ответственный";
pub const VISIT_REASON: &str = "Причина отказа";
pub const VISIT_ACCEPT: &str = "Принять в дорожную карту";
pub const VISIT_DECLINE: &str = "Отклонить";
pub const VISIT_DECIDE: &str = "Решение школы";
pub const VISIT_STAGES: [(&str, &str); 2] = [("stage1", "этап 1"), ("stage2", "этап 2")];
pub const VISIT_STATES: [(&str, &str); 3] = [
    ("proposed", "ждёт решения школы"),
    ("accepted", "принята"),
    ("declined", "отклонена"),
];

pub fn visit_required(label: &str) -> String {
    format!("Заполните поле «{label}».")
}

pub fn visit_too_long(label: &str, max: usize) -> String {
    format!("Поле «{label}» длиннее {max} символов.")
}

pub fn visit_date_invalid(label: &str, value: &str) -> String {
    format!("Поле «{label}»: «{value}» не дата; укажите дату в виде ДД.ММ.ГГГГ.")
}

pub fn visit_too_many(max: usize) -> String {
    format!("Рекомендаций не может быть больше {max} за один визит.")
}

pub fn visit_line_too_long(line: usize) -> String {
    format!("Рекомендация в строке {line} длиннее 1000 символов.")
}

pub fn visit_accepted_into(stage: &str, version: i32) -> String {
    format!("в дорожной карте: {stage}, версия {version}")
}

pub fn visit_declined_because(reason: &str) -> String {
    format!("причина: {reason}")
}

pub fn mail_visit_subject(school: &str) -> String {
    format!("Визит куратора: {school}")
}

pub fn mail_visit(school: &str, on: &str, recommendations: usize) -> String {
    format!(
        "Куратор записал визит в школу «{school}» от {on}; адресных рекомендаций: {recommendations}. Примите их в дорожную карту или отклоните с указанием причины."
    )
}
