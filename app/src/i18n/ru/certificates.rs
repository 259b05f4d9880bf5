//! Text of certificates: the template, issuing, the registry, the public check and the e-mails.

pub const CERTIFICATE_DEFAULT_TITLE: &str = "СЕРТИФИКАТ";
pub const CERTIFICATE_DEFAULT_BODY: &str = "Настоящим удостоверяется, что\n{ФИО}\nуспешно завершил(а) индивидуальный образовательный маршрут «{программа}»\nв объёме {часы} ч ({даты}).\nРазвиваемые компетенции: {компетенции}.";
pub const CERTIFICATE_DEFAULT_SIGNATORY: &str = "И. И. Иванов";
pub const CERTIFICATE_DEFAULT_POSITION: &str = "Руководитель регионального центра";
pub const CERTIFICATE_PDF_VERIFY: &str = "Проверить подлинность";
pub const CERTIFICATE_FILE_PREFIX: &str = "сертификат";
pub const CERTIFICATE_STRAY_BRACE: &str = "В тексте шаблона есть «}» без открывающей «{».";

pub fn certificate_unknown_placeholder(name: &str) -> String {
    format!(
        "Неизвестная подстановка {{{name}}} в тексте шаблона. Допустимы: {{ФИО}}, {{программа}}, {{часы}}, {{даты}}, {{компетенции}}."
    )
}

pub fn certificate_unclosed_placeholder(after: &str) -> String {
    let start: String = after.chars().take(20).collect();
    format!("Подстановка «{{{start}» не закрыта: не хватает «}}».")
}

pub fn certificate_issued_on(date: &str) -> String {
    format!("Дата выдачи: {date}")
}

pub fn certificate_too_long(max: usize) -> String {
    format!("Не длиннее {max} символов.")
}

pub const CERTIFICATE_TITLE_REQUIRED: &str = "Укажите заголовок сертификата.";
pub const CERTIFICATE_BODY_REQUIRED: &str = "Укажите текст сертификата.";
pub const CERTIFICATE_SIGNATORY_REQUIRED: &str = "Укажите ФИО подписанта.";
pub const CERTIFICATE_POSITION_REQUIRED: &str = "Укажите должность подписанта.";
pub const CERTIFICATE_REASON_REQUIRED: &str = "Укажите причину.";
pub const CERTIFICATE_PROGRAMME_REQUIRED: &str = "Укажите программу.";
pub const CERTIFICATE_HOURS_INVALID: &str = "Часы — целое число от 1 до 10 000.";
pub const CERTIFICATE_NO_MEMBER: &str = "В регионе нет участника с таким адресом электронной почты.";
pub const CERTIFICATE_COURSE_REQUIRED: &str = "Выберите курс из каталога региона.";
pub const CERTIFICATE_RULE_KIND_INVALID: &str = "Выберите правило выдачи.";
pub const CERTIFICATE_CHOOSE_PEOPLE: &str = "Выберите, кому выдать сертификаты.";
pub const CERTIFICATE_NOT_ELIGIBLE: &str =
    "Не соответствует действующему правилу выдачи или сертификат на этом основании уже выдан.";
pub const CERTIFICATE_REVOKE_CATEGORY_REQUIRED: &str = "Выберите причину отзыва.";
pub const CERTIFICATE_ALREADY_REVOKED: &str = "Сертификат уже отозван.";

pub const CERTIFICATE_REVOKE_CATEGORIES: [(&str, &str); 5] = [
    ("error", "ошибка в данных"),
    ("fraud", "недостоверные сведения"),
    ("duplicate", "выдан повторно"),
    ("request", "по заявлению владельца"),
    ("other", "иная причина"),
];

pub const CERTIFICATE_RULE_KINDS: [(&str, &str); 4] = [
    (
        "route",
        "Маршрут пройден полностью, и все дефициты входной диагностики закрыты на повторной",
    ),
    ("hours", "Набрано не меньше N часов завершённых курсов"),
    ("course", "Завершён определённый курс"),
    ("manual", "Только вручную"),
];

pub const CERTIFICATE_EXPORT_HEADER: [&str; 7] = [
    "Номер",
    "ФИО",
    "Школа",
    "Программа",
    "Часы",
    "Дата выдачи",
    "Отзыв",
];
pub const CERTIFICATE_EXPORT_NAME: &str = "реестр сертификатов";

pub const MAIL_CERTIFICATE_SUBJECT: &str = "Вам выдан сертификат";
pub const MAIL_CERTIFICATE_VERIFY: &str = "Проверить сертификат";
pub const MAIL_CERTIFICATE_REVOKED_SUBJECT: &str = "Ваш сертификат отозван";

pub fn mail_certificate_issued(number: &str, programme: &str) -> String {
    format!("Вам выдан сертификат № {number} о прохождении программы «{programme}». Он приложен к письму в формате PDF и доступен в личном кабинете.")
}

pub fn mail_certificate_revoked(number: &str, category: &str, reason: &str) -> String {
    format!("Сертификат № {number} отозван. Причина: {category}. {reason}")
}

// Pages.
pub const CERT_ADMIN_TITLE: &str = "Сертификаты";
pub const CERT_TEMPLATE_TITLE: &str = "Шаблон сертификата";
pub const CERT_TEMPLATE_HINT: &str =
    "Подстановки: {ФИО}, {программа}, {часы}, {даты}, {компетенции}. Каждая строка текста — отдельный абзац; строка, все подстановки которой пусты (например, компетенции), не печатается.";
pub const CERT_F_TITLE: &str = "Заголовок";
pub const CERT_F_BODY: &str = "Текст";
pub const CERT_F_SIGNATORY: &str = "ФИО подписанта";
pub const CERT_F_POSITION: &str = "Должность подписанта";
pub const CERT_SAVE_TEMPLATE: &str = "Сохранить шаблон";
pub const CERT_SAVED: &str = "Сохранено.";
pub const CERT_RULE_TITLE: &str = "Правило выдачи";
pub const CERT_RULE_VERSION: &str = "Версия правила: ";
pub const CERT_F_RULE: &str = "Кому выдаётся сертификат";
pub const CERT_F_MIN_HOURS: &str = "Не меньше часов (для правила по часам)";
pub const CERT_F_COURSE: &str = "Курс (для правила по курсу)";
pub const CERT_SAVE_RULE: &str = "Сохранить правило";
pub const CERT_QUEUE_TITLE: &str = "Очередь на выдачу";
pub const CERT_QUEUE_EMPTY: &str = "Сейчас никто не ожидает сертификата по действующему правилу.";
pub const CERT_ISSUE_ONE: &str = "Выдать";
pub const CERT_ISSUE_ALL: &str = "Выдать всем в очереди";
pub const CERT_HOURS: &str = " ч";
pub const CERT_GROWTH: &str = "Дефициты входной диагностики закрыты на повторной:";

/// «Оценивание: 40 % → 70 %» of a deficit closed on the re-test (shares 0–1).
pub fn cert_growth(title: &str, before: f64, after: f64) -> String {
    format!("{title}: {:.0} % → {:.0} %", before * 100.0, after * 100.0)
}
pub const CERT_PROGRESS: &str = "Выдано";
pub const CERT_FAILED: &str = "Не выдано";
pub const CERT_JOBS_TITLE: &str = "Массовые выдачи";
pub const CERT_JOB_STARTED: &str = "Начата ";
pub const CERT_JOB_RUNNING: &str = "идёт";
pub const CERT_JOB_FINISHED: &str = "завершена";
pub const CERT_MANUAL_TITLE: &str = "Выдать вручную";
pub const CERT_F_EMAIL: &str = "Электронная почта участника";
pub const CERT_F_PROGRAMME: &str = "Программа";
pub const CERT_F_HOURS: &str = "Часов";
pub const CERT_F_DATES: &str = "Даты обучения";
pub const CERT_F_COMPETENCIES: &str = "Компетенции";
pub const CERT_F_REASON: &str = "Причина выдачи вручную";
pub const CERT_ISSUED: &str = "Выдан сертификат № ";
pub const CERT_REGISTRY_TITLE: &str = "Реестр";
pub const CERT_SEARCH: &str = "Номер, ФИО, школа, программа или дата";
pub const CERT_FIND: &str = "Найти";
pub const CERT_EXPORT: &str = "Скачать XLSX";
pub const CERT_REGISTRY_EMPTY: &str = "Сертификатов не найдено.";
pub const CERT_REVOKED: &str = "Отозван ";
pub const CERT_REVOKE: &str = "Отозвать";
pub const CERT_F_CATEGORY: &str = "Причина отзыва";
pub const CERT_F_REVOKE_REASON: &str = "Пояснение";
pub const CERT_RESEND: &str = "Отправить повторно";
pub const CERT_RESENT: &str = "Письмо поставлено в очередь.";
pub const CERT_DOWNLOAD: &str = "PDF";
pub const CERT_MY_TITLE: &str = "Мои сертификаты";
pub const CERT_MY_NONE: &str =
    "Сертификатов пока нет. Сертификат выдаётся после завершения маршрута и повторной диагностики.";
pub const CERT_MY_REVOKED: &str = "отозван";

pub const VERIFY_TITLE: &str = "Проверка сертификата";
pub const VERIFY_VALID: &str = "Сертификат действителен";
pub const VERIFY_REVOKED: &str = "Сертификат отозван";
pub const VERIFY_NOT_FOUND: &str = "Сертификат с таким номером не найден.";
pub const VERIFY_HOLDER: &str = "Владелец";
pub const VERIFY_PROGRAMME: &str = "Программа";
pub const VERIFY_HOURS: &str = "Объём";
pub const VERIFY_ISSUED: &str = "Дата выдачи";
pub const VERIFY_REGION: &str = "Регион";
pub const VERIFY_REVOKED_ON: &str = "Дата отзыва и причина";
pub const VERIFY_SURNAME: &str = "Фамилия владельца (чтобы увидеть ФИО полностью)";
pub const VERIFY_SHOW: &str = "Показать";
pub const VERIFY_FILE_TITLE: &str = "Проверить файл";
pub const VERIFY_FILE_HINT: &str =
    "Загрузите PDF сертификата: платформа сравнит его с выданным файлом байт в байт.";
pub const VERIFY_FILE: &str = "Файл сертификата (PDF)";
pub const VERIFY_CHECK: &str = "Проверить файл";
pub const VERIFY_MATCH: &str = "Файл подлинный: он совпадает с выданным.";
pub const VERIFY_MISMATCH: &str = "Файл не совпадает с выданным: он изменён или это другой документ.";
pub const VERIFY_NO_FILE: &str = "Выберите файл.";
pub const VERIFY_BAD_SIGNATURE: &str =
    "Подпись JSON-документа недействительна: он изменён или выдан не платформой.";
pub const VERIFY_FILE_HINT_JSON: &str =
    "Можно загрузить и JSON-версию сертификата: платформа проверит её подпись ключом региона.";
pub const CERT_DOWNLOAD_JSON: &str = "JSON";

pub const CERT_LOGO_TITLE: &str = "Логотип";
pub const CERT_F_LOGO: &str = "Логотип (PNG или SVG, до 100 КБ)";
pub const CERT_LOGO_UPLOAD: &str = "Загрузить логотип";
pub const CERT_LOGO_REMOVE: &str = "Убрать логотип";
pub const CERT_LOGO_CURRENT: &str = "Сейчас на сертификате логотип: ";
pub const CERT_LOGO_SVG_NOT_DRAWN: &str =
    "SVG проверен и сохранён, но на PDF пока выводится только PNG: чтобы логотип был на сертификате, загрузите его в PNG.";
pub const CERT_LOGO_NONE: &str = "Логотипа нет.";
pub const CERT_LOGO_SAVED: &str = "Логотип сохранён.";
pub const CERT_LOGO_REMOVED: &str = "Логотип убран.";
pub const CERT_LOGO_EMPTY: &str = "Логотип: выберите файл PNG или SVG.";
pub const CERT_LOGO_TOO_LARGE: &str = "Логотип: файл больше 100 КБ.";
pub const CERT_LOGO_NOT_IMAGE: &str =
    "Логотип: файл не является изображением PNG или SVG (проверяется содержимое, а не имя файла).";
pub const CERT_LOGO_BAD_PNG: &str = "Логотип: файл PNG повреждён и не читается.";
pub const CERT_LOGO_TOO_WIDE: &str = "Логотип: изображение PNG больше 1000 пикселей по стороне.";
pub const CERT_LOGO_BAD_SVG: &str = "Логотип: файл SVG не является корректным XML.";
pub const CERT_LOGO_ACTIVE_SVG: &str =
    "Логотип: SVG содержит сценарии, обработчики событий или foreignObject — такие файлы не принимаются.";
pub const CERT_LOGO_EXTERNAL_SVG: &str = "Логотип: SVG ссылается на внешние файлы или адреса (href, url(), @import, DOCTYPE) — такие файлы не принимаются.";

/// What the logo upload's redirect (`?logo=<code>`) says: (message, whether it is an error).
pub fn cert_logo_outcome(code: &str) -> Option<(&'static str, bool)> {
    Some(match code {
        "saved" => (CERT_LOGO_SAVED, false),
        "removed" => (CERT_LOGO_REMOVED, false),
        "empty" => (CERT_LOGO_EMPTY, true),
        "large" => (CERT_LOGO_TOO_LARGE, true),
        "type" => (CERT_LOGO_NOT_IMAGE, true),
        "png" => (CERT_LOGO_BAD_PNG, true),
        "wide" => (CERT_LOGO_TOO_WIDE, true),
        "svg" => (CERT_LOGO_BAD_SVG, true),
        "active" => (CERT_LOGO_ACTIVE_SVG, true),
        "external" => (CERT_LOGO_EXTERNAL_SVG, true),
        _ => return None,
    })
}
