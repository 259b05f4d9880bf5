//! Russian text of the privacy hardening (issue 10); re-exported from `i18n::ru`.

// Group averages: counts of people only as bands (`GroupSize::label()`).
pub const GROUP_SIZES: [&str; 6] = ["менее 5", "5–9", "10–19", "20–49", "50–99", "100 и более"];
pub const DIAG_COMPARISON_NOTE: &str = "Средние значения обезличены. В них учитываются только сотрудники, \
     чья принадлежность к школе подтверждена и кто ответил хотя бы на половину заданий; средние показываются \
     для групп не менее чем из 5 человек, а число участников — интервалом.";
pub fn diag_group_hidden(group: &str) -> String {
    format!("{group}: участников меньше 5 — среднее не показывается")
}
pub fn diag_group_shown(group: &str, size: &str) -> String {
    format!("{group}: участников {size}")
}
pub const DIAG_GROUP_TOO_SMALL: &str =
    "Меньше 5 подтверждённых сотрудников школы ответили хотя бы на половину \
     заданий, поэтому средние не показываются, чтобы нельзя было узнать результат отдельного педагога.";
pub fn diag_people(size: &str) -> String {
    format!("Участников: {size}; средние по компетенциям:")
}

// Confirmation of school memberships.
pub const CONFIRMATIONS_TITLE: &str = "Подтверждение сотрудников школ";
pub const CONFIRMATIONS_LINK: &str = "Подтверждение сотрудников";
pub const CONFIRMATIONS_NOTE_OPERATOR: &str = "Здесь ждут решения все, кто при регистрации указал школу \
     вашего региона. Директоров и заместителей подтверждает только региональный оператор: после подтверждения \
     они получают роль руководителя ОО.";
pub const CONFIRMATIONS_NOTE_DIRECTOR: &str = "Здесь ждут решения педагоги, которые при регистрации указали \
     вашу школу. Подтверждайте только тех, кто действительно в ней работает: результаты подтверждённых входят \
     в средние значения школы.";
pub const CONFIRMATIONS_EMPTY: &str = "Заявок, ожидающих решения, нет.";
pub const CONFIRMATIONS_REGISTERED: &str = "Зарегистрирован";
pub const CONFIRM_MEMBER: &str = "Подтвердить";
pub const REJECT_MEMBER: &str = "Отклонить";
pub const FIELD_REJECT_REASON: &str = "Причина отказа";
pub const CONFIRMATION_REASON_REQUIRED: &str = "Укажите причину отказа: её получит пользователь.";
pub const CONFIRMATION_REASON_TOO_LONG: &str = "Причина — не длиннее 500 символов.";
pub const CONFIRMATION_ALREADY_DECIDED: &str = "По этой заявке решение уже принято.";
pub const CONFIRMATION_UNKNOWN_PERSON: &str = "Заявка не найдена: возможно, по ней уже приняли решение.";
pub const MEMBERSHIP_PENDING: &str = "Ваша принадлежность к школе ожидает подтверждения директором школы \
     или региональным оператором. До подтверждения ваши результаты не входят в средние значения школы, \
     а роль руководителя ОО (для директоров и заместителей) не назначается.";
pub fn membership_rejected(reason: &str) -> String {
    format!(
        "Принадлежность к школе не подтверждена. Причина: {reason}. Если это ошибка, обратитесь к директору \
         школы или к региональному оператору."
    )
}
