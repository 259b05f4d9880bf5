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
