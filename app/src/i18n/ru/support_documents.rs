//! Support for identified schools (issue 17): the school's structured documents, their review
//! and the e-mails about them.

pub const SDOC_TITLE: &str = "Документы школы";
pub const SDOC_OPEN: &str = "Документы: программы и дорожная карта";
pub const SDOC_BACK: &str = "← К документам";
pub const SDOC_NOT_STARTED: &str = "не начат";
pub const SDOC_VERSION: &str = "Версия";
pub const SDOC_VERSIONS: &str = "Версии";
pub const SDOC_STATE: &str = "Состояние";
pub const SDOC_SAVE: &str = "Сохранить";
pub const SDOC_SUBMIT_CHECK: &str = "Документ готов — отправить куратору на согласование";
pub const SDOC_SAVED: &str = "Документ сохранён.";
pub const SDOC_REVIEWED: &str = "Решение записано.";
pub const SDOC_FROZEN_NOTE: &str =
    "Версия согласована и заморожена: сохранение изменений начнёт новую версию.";
pub const SDOC_RETURNED_NOTE: &str = "Документ возвращён на доработку: сохранение начнёт новую версию.";
pub const SDOC_WAITING: &str = "Документ на согласовании у куратора.";
pub const SDOC_REVIEW: &str = "Решение куратора";
pub const SDOC_DECISION: &str = "Решение";
pub const SDOC_APPROVE: &str = "Согласовать";
pub const SDOC_RETURN: &str = "Вернуть на доработку";
pub const SDOC_COMMENT: &str = "Комментарий к документу";
pub const SDOC_FIELD: &str = "Замечание к полю";
pub const SDOC_FIELD_COMMENT: &str = "Текст замечания к полю";
pub const SDOC_RECORD: &str = "Записать решение";
pub const SDOC_CURATOR_SAID: &str = "Комментарий куратора";
pub const SDOC_CHANGES: &str = "Изменения относительно предыдущей версии";
pub const SDOC_NO_CHANGES: &str = "Изменений нет.";
pub const SDOC_BEFORE: &str = "было";
pub const SDOC_AFTER: &str = "стало";
pub const SDOC_EMPTY: &str = "—";
pub const SDOC_ROW: &str = "Строка";
pub const SDOC_NEW_ROW: &str = "Новая строка (заполните, чтобы добавить)";
pub const SDOC_SHOW_VERSION: &str = "Открыть";
pub const SDOC_MAIL_TITLE: &str = "Письма о документах";
pub const SDOC_MAIL_HINT: &str = "Отметьте письма, которые хотите получать.";
pub const SDOC_MAIL_SAVE: &str = "Сохранить настройки писем";
pub const SDOC_MAIL_SAVED: &str = "Настройки писем сохранены.";

/// (document kind, title).
pub const SDOC_KINDS: [(&str, &str); 7] = [
    ("antirisk", "Антирисковая программа"),
    ("roadmap", "Дорожная карта"),
    ("concept", "Концепция развития"),
    ("programme", "Среднесрочная программа развития"),
    ("note_pk", "Аналитическая справка: повышение квалификации"),
    ("note_vsoko", "Аналитическая справка: ВСОКО"),
    ("note_oop", "Аналитическая справка: ООП"),
];

/// (state code, label).
pub const SDOC_STATES: [(&str, &str); 4] = [
    ("draft", "черновик"),
    ("submitted", "на согласовании"),
    ("returned", "возвращён на доработку"),
    ("approved", "согласован"),
];

/// (road-map activity status, label).
pub const SDOC_ACTIVITY_STATUSES: [(&str, &str); 3] = [
    ("planned", "запланировано"),
    ("in_progress", "выполняется"),
    ("done", "выполнено"),
];

/// (section, table or column code, label).
pub const SDOC_FIELDS: [(&str, &str); 27] = [
    ("goal", "Цель"),
    ("task", "Задачи"),
    ("measure", "Мероприятия"),
    ("indicator", "Показатели"),
    ("stage1", "Этап 1"),
    ("stage2", "Этап 2"),
    ("text", "Задача"),
    ("title", "Мероприятие"),
    ("name", "Показатель"),
    ("target", "Целевое значение"),
    ("responsible", "Ответственный"),
    ("deadline", "Срок"),
    ("status", "Статус"),
    ("evidence", "Подтверждение (ссылки через пробел)"),
    ("mission", "Миссия и ценности"),
    ("analysis", "Анализ текущего состояния"),
    ("goals", "Цели и задачи развития"),
    ("directions", "Направления и мероприятия"),
    ("results", "Ожидаемые результаты"),
    ("resources", "Ресурсное обеспечение"),
    ("findings", "Фактическое состояние"),
    ("conclusions", "Выводы"),
    ("recommendations", "Рекомендации"),
    ("period", "Период реализации"),
    ("risks", "Риски реализации"),
    ("management", "Управление реализацией"),
    ("sources", "Источники данных"),
];

/// (e-mail kind, what the person gets).
pub const SDOC_MAIL_KINDS: [(&str, &str); 5] = [
    ("submitted", "школа отправила документ на согласование (куратору)"),
    ("returned", "документ возвращён на доработку (директору)"),
    ("approved", "документ согласован (директору)"),
    ("deadline_soon", "до срока мероприятия дорожной карты 7 дней"),
    ("overdue", "срок мероприятия дорожной карты прошёл"),
];

pub const SDOC_KIND_UNKNOWN: &str = "Такого документа нет: проверьте адрес.";
pub const SDOC_NOT_PRIORITY: &str =
    "Антирисковая программа пишется только по приоритетному риску школы из рискового профиля.";
pub const SDOC_NOT_EDITABLE: &str = "Документ на согласовании у куратора: дождитесь решения.";
pub const SDOC_NOT_SUBMITTED: &str = "Согласовать или вернуть можно только документ, отправленный куратору.";
pub const SDOC_OWN_DOCUMENT: &str = "Нельзя согласовать или вернуть документ, который вы отправили сами.";
pub const SDOC_DECISION_INVALID: &str = "Выберите решение: согласовать или вернуть на доработку.";
pub const SDOC_RETURN_NEEDS_COMMENT: &str =
    "Чтобы вернуть документ, напишите комментарий к документу или замечание к полю.";
pub const SDOC_FIELD_UNKNOWN: &str = "Такого поля в документе нет: выберите поле из списка.";
pub const SDOC_COMMENT_TOO_LONG: &str = "Комментарий длиннее 4000 символов: сократите его.";
pub const SDOC_VERSION_UNKNOWN: &str = "Такой версии документа нет.";
pub const SDOC_MAIL_KIND_UNKNOWN: &str = "Неизвестный вид письма.";

pub fn sdoc_antirisk_title(factor: &str) -> String {
    format!("Антирисковая программа: {factor}")
}

pub fn sdoc_version_line(version: i32, state: &str) -> String {
    format!("Версия {version} · {state}")
}

pub fn sdoc_version_item(version: i32, state: &str, at: &str, by: &str) -> String {
    format!("Версия {version} — {state}, {at}, {by}")
}

/// «Мероприятия, строка 2 — Срок».
pub fn sdoc_cell_label(table: &str, row: usize, column: &str) -> String {
    format!("{table}, строка {row} — {column}")
}

pub fn sdoc_required(field: &str) -> String {
    format!("«{field}»: заполните это поле.")
}

pub fn sdoc_too_long(field: &str, max: usize) -> String {
    format!("«{field}»: не длиннее {max} символов.")
}

pub fn sdoc_date_invalid(field: &str, value: &str) -> String {
    format!("«{field}»: «{value}» — не дата; укажите дату как ДД.ММ.ГГГГ (в форме — выбор даты).")
}

pub fn sdoc_status_invalid(field: &str) -> String {
    format!("«{field}»: выберите статус из списка.")
}

pub fn sdoc_link_invalid(field: &str, link: &str) -> String {
    format!("«{field}»: «{link}» — не ссылка; ссылки начинаются с https:// или http://.")
}

pub fn sdoc_rows_required(table: &str) -> String {
    format!("«{table}»: добавьте хотя бы одну строку, чтобы отправить документ.")
}

pub fn sdoc_too_many_rows(table: &str, max: usize) -> String {
    format!("«{table}»: не больше {max} строк.")
}

pub fn sdoc_mail_submitted_subject(title: &str, school: &str) -> String {
    format!("На согласование: {title} — {school}")
}

pub fn sdoc_mail_submitted_text(title: &str, school: &str, version: i32) -> String {
    format!("Школа «{school}» отправила вам на согласование документ «{title}» (версия {version}).")
}

pub fn sdoc_mail_returned_subject(title: &str) -> String {
    format!("Возвращён на доработку: {title}")
}

pub fn sdoc_mail_returned_text(title: &str, version: i32) -> String {
    format!("Куратор вернул документ «{title}» (версия {version}) на доработку.")
}

pub fn sdoc_mail_approved_subject(title: &str) -> String {
    format!("Согласован: {title}")
}

pub fn sdoc_mail_approved_text(title: &str, version: i32) -> String {
    format!("Куратор согласовал документ «{title}» (версия {version}). Согласованная версия заморожена.")
}

pub fn sdoc_mail_field_comment(field: &str, comment: &str) -> String {
    format!("Замечание к полю «{field}»: {comment}")
}

pub fn sdoc_mail_comment(comment: &str) -> String {
    format!("Комментарий куратора: {comment}")
}

pub fn sdoc_mail_soon_subject(activity: &str) -> String {
    format!("Через 7 дней срок мероприятия: {activity}")
}

pub fn sdoc_mail_overdue_subject(activity: &str) -> String {
    format!("Просрочено мероприятие дорожной карты: {activity}")
}

pub fn sdoc_mail_activity_text(school: &str, activity: &str, deadline: &str, responsible: &str) -> String {
    format!(
        "Дорожная карта школы «{school}»: мероприятие «{activity}», срок {deadline}, ответственный — {responsible}."
    )
}

pub const SDOC_MAIL_OPEN: &str = "Открыть документ";
pub const SDOC_MAIL_SETTINGS: &str =
    "Отключить такие письма можно на странице документов кейса, в разделе «Письма о документах».";
