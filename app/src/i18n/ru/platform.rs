//! Platform administration: regions, their first operators, usage and the platform's log.

pub const PLATFORM_TITLE: &str = "Администрирование платформы";
pub const PLATFORM_REGIONS: &str = "Регионы";
pub const PLATFORM_REGIONS_EMPTY: &str = "Регионов пока нет.";
pub const PLATFORM_AUDIT_TITLE: &str = "Журнал платформы";
pub const PLATFORM_AUDIT_EMPTY: &str = "Событий пока нет.";
pub const PLATFORM_SIGN_IN: &str =
    "Войдите на странице входа любого региона учётной записью администратора платформы и вернитесь сюда.";
pub const PLATFORM_TO_REGIONS: &str = "К списку регионов";
pub const PLATFORM_BACK: &str = "← Администрирование платформы";

pub const COLUMN_REGION: &str = "Регион";
pub const COLUMN_SLUG: &str = "Адрес";
pub const COLUMN_REGION_CODE: &str = "Код";
pub const COLUMN_PEOPLE: &str = "Участники";
pub const COLUMN_STORAGE: &str = "Файлы";
pub const COLUMN_MAIL_FAILURES: &str = "Недоставленные письма";
pub const COLUMN_REGION_ACTED_ON: &str = "Регион";
pub const REGION_ACTIVE: &str = "работает";
pub const REGION_INACTIVE: &str = "отключён";

pub const PLATFORM_NEW_REGION: &str = "Новый регион";
pub const PLATFORM_CREATE_SUBMIT: &str = "Создать регион";
pub const PLATFORM_CREATED: &str = "Регион создан.";
pub const PLATFORM_EDIT_TITLE: &str = "Настройки региона";
pub const PLATFORM_EDIT_SUBMIT: &str = "Сохранить";
pub const PLATFORM_SAVED: &str = "Сохранено.";
pub const PLATFORM_OPEN_REGION: &str = "Страница региона";

pub const FIELD_SLUG: &str = "Адрес региона (латиница)";
pub const FIELD_SLUG_HINT: &str =
    "Например, tomsk: страницы региона будут по адресу /r/tomsk. Изменить потом нельзя.";
pub const FIELD_REGION_NAME: &str = "Название региона";
pub const FIELD_REGION_CODE: &str = "Код региона";
pub const FIELD_REGION_CODE_HINT: &str = "Две цифры, например 70.";
pub const FIELD_TIME_ZONE: &str = "Часовой пояс";
pub const FIELD_TIME_ZONE_HINT: &str = "Название из базы IANA, например Asia/Tomsk.";
pub const FIELD_STATUS_LABELS: &str = "Названия статусов школ";
pub const FIELD_STATUS_LABELS_HINT: &str =
    "По строке на статус: код = название, например low_results = ШНОР. Пусто — названия шаблона.";
pub const FIELD_TEMPLATE: &str = "Конфигурация идентификации для начала";
pub const FIELD_REGION_ACTIVE: &str = "Регион работает (снимите, чтобы отключить)";

/// The template configurations a new region may start from: code and label.
pub const PLATFORM_TEMPLATES: [(&str, &str); 4] = [
    ("federal_shnor", "Федеральное правило ШНОР"),
    (
        "khabarovsk",
        "Методика Хабаровского края (ШНРО, группа риска, ШНСУ)",
    ),
    ("project_500", "Список проекта «500+»"),
    ("none", "Без конфигурации"),
];

/// The status labels of each template, used when the form leaves them empty.
pub fn template_status_labels(template: &str) -> &'static [(&'static str, &'static str)] {
    match template {
        "khabarovsk" => &[
            ("low_results", "ШНРО"),
            ("risk", "Группа риска"),
            ("social", "ШНСУ"),
            ("stable_high", "Стабильно высокие результаты"),
        ],
        "project_500" => &[
            ("project_500", "Участник проекта «500+»"),
            ("low_results", "ШНОР"),
        ],
        _ => &[("low_results", "ШНОР"), ("social", "ШНСУ")],
    }
}

pub const ERROR_SLUG_FORMAT: &str =
    "Адрес региона: от 2 до 63 строчных латинских букв, цифр и дефисов, начиная с буквы или цифры.";
pub const ERROR_SLUG_TAKEN: &str = "Адрес региона уже занят другим регионом.";
pub const ERROR_SLUG_RESERVED: &str =
    "Адрес региона: это слово занято служебными страницами, выберите другое.";
pub const ERROR_REGION_NAME: &str = "Название региона: укажите от 1 до 200 символов.";
pub const ERROR_REGION_CODE_FORMAT: &str = "Код региона: ровно две цифры, например 70.";
pub const ERROR_REGION_CODE_TAKEN: &str = "Код региона уже принадлежит другому региону.";
pub const ERROR_TIME_ZONE: &str =
    "Часовой пояс: такого нет в базе IANA; укажите, например, Europe/Moscow или Asia/Tomsk.";
pub const ERROR_TEMPLATE: &str = "Конфигурация идентификации: выберите один из шаблонов списка.";
pub const ERROR_REGION_ROLE: &str = "Роль: выберите роль из списка.";

/// A line of the status labels that is not `code = label`.
pub fn error_status_label_line(line: usize) -> String {
    format!(
        "Названия статусов школ, строка {line}: нужен вид «код = название», код — латиница, цифры и _, название до 100 символов."
    )
}

pub const PLATFORM_INVITE_TITLE: &str = "Пригласить оператора региона";
pub const PLATFORM_INVITE_TEXT: &str =
    "Придёт письмо со ссылкой: по ней приглашённый задаст пароль и станет региональным оператором.";
pub const PLATFORM_INVITE_SUBMIT: &str = "Отправить приглашение";
pub const PLATFORM_INVITE_DONE: &str = "Приглашение отправлено.";

pub const PLATFORM_SELF_GRANT_TITLE: &str = "Роль в регионе для себя";
pub const PLATFORM_SELF_GRANT_TEXT: &str =
    "Администратор платформы не видит данных региона. Чтобы работать в нём, возьмите роль; это записывается в журнал платформы и в журнал региона.";
pub const PLATFORM_SELF_GRANT_SUBMIT: &str = "Взять роль";
pub const PLATFORM_SELF_GRANT_DONE: &str = "Роль выдана: откройте страницы региона.";

/// The platform log's action codes and their labels.
pub const PLATFORM_AUDIT_ACTIONS: [(&str, &str); 7] = [
    ("admin_created", "Создан администратор платформы"),
    ("admin_granted", "Роль администратора платформы выдана"),
    ("region_created", "Регион создан"),
    ("region_updated", "Регион изменён"),
    ("operator_invited", "Оператор приглашён"),
    ("self_grant", "Администратор взял роль в регионе"),
    ("club_created", "Клуб создан"),
];

/// Bytes in kilobytes or megabytes, as the usage table shows them.
pub fn storage_size(bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    if bytes >= MB {
        format!("{:.1} МБ", bytes as f64 / MB as f64)
    } else {
        format!("{} КБ", (bytes + 1023) / 1024)
    }
}

pub const CLI_ADMIN_USAGE: &str = "Использование: server admin create --email АДРЕС [--name \"Фамилия Имя\"]";
pub const CLI_ADMIN_DEFAULT_NAME: &str = "Администратор платформы";
