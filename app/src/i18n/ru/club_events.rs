//! Text of the club's notifications, subscriptions, digests, events and materials.

pub const CLUB_BACK: &str = "← К клубу";

// Subscriptions.
pub const CLUB_DELIVERY: [(&str, &str); 4] = [
    ("immediate", "Сразу"),
    ("daily", "Раз в день (сводка)"),
    ("weekly", "Раз в неделю (сводка)"),
    ("off", "Не присылать"),
];
pub const CLUB_SUBSCRIBE_THREAD: &str = "Уведомления по теме";
pub const CLUB_SUBSCRIBE_SECTION: &str = "Уведомления по разделу";
pub const CLUB_SUBSCRIBE_SAVE: &str = "Сохранить";
pub const CLUB_SUBSCRIBE_SAVED: &str = "Сохранено.";
pub const CLUB_SUBSCRIBE_NOT_FOUND: &str = "Тема или раздел не найдены.";
pub const CLUB_DELIVERY_INVALID: &str = "Выберите, как присылать уведомления.";
pub const CLUB_SUBSCRIPTIONS_TITLE: &str = "Мои подписки";
pub const CLUB_SUBSCRIPTIONS_EMPTY: &str =
    "Подписок пока нет. Подписаться можно на странице темы или раздела.";
pub const CLUB_SCOPES: [(&str, &str); 3] = [
    ("thread", "Тема"),
    ("section", "Раздел"),
    ("mentions", "Упоминания @Фамилия"),
];

// In-app notifications.
pub const CLUB_NOTIFICATIONS_TITLE: &str = "Уведомления клуба";
pub const CLUB_NOTIFICATIONS_SHORT: &str = "Уведомления";
pub const CLUB_NOTIFICATIONS_EMPTY: &str = "Новых уведомлений нет.";
pub const CLUB_NOTIFICATIONS_READ_ALL: &str = "Отметить все как прочитанные";
pub const CLUB_REASONS: [(&str, &str); 3] = [
    ("thread", "ответ в теме, на которую вы подписаны"),
    ("section", "новое в разделе, на который вы подписаны"),
    ("mention", "вас упомянули"),
];
pub fn club_unread_label(count: i64) -> String {
    format!("Непрочитанных уведомлений: {count}")
}
pub fn club_post_by(author: &str, number: i32) -> String {
    format!("{author}, сообщение № {number}")
}

// Unsubscribe (link from an e-mail, no sign-in).
pub const CLUB_UNSUBSCRIBE_TITLE: &str = "Отписка от писем клуба";
pub const CLUB_UNSUBSCRIBE_ACTION: &str = "Отписаться";
pub const CLUB_UNSUBSCRIBE_DONE: &str = "Готово: письма по этой подписке больше не придут.";
pub const CLUB_UNSUBSCRIBE_ALREADY: &str = "Эта подписка уже отключена.";
pub const CLUB_UNSUBSCRIBE_UNKNOWN: &str = "Ссылка для отписки не найдена или устарела.";
pub fn club_unsubscribe_what(scope: &str, title: &str, club: &str) -> String {
    match scope {
        "thread" => format!("Письма о новых сообщениях в теме «{title}» клуба «{club}»."),
        "section" => format!("Письма о новом в разделе «{title}» клуба «{club}»."),
        _ => format!("Письма об упоминаниях вас в клубе «{club}»."),
    }
}

// Mail.
pub fn club_mail_masthead(club: &str) -> String {
    format!("Рост · клуб «{club}»")
}
pub fn club_mail_immediate_subject(thread: &str) -> String {
    format!("Новое в теме «{thread}»")
}
pub fn club_mail_digest_subject(kind: &str, club: &str, posts: usize) -> String {
    let period = if kind == "weekly" {
        "Сводка за неделю"
    } else {
        "Сводка за день"
    };
    format!("{period}: клуб «{club}», новых сообщений: {posts}")
}
pub const CLUB_MAIL_INTRO: &str = "Новые сообщения в клубе, сгруппированные по темам:";
pub const CLUB_MAIL_OPEN_THREAD: &str = "Открыть тему";
pub const CLUB_MAIL_UNSUBSCRIBE: &str = "Отписаться от этих писем";
pub const CLUB_MAIL_FOOTER: &str =
    "Вы получили это письмо, потому что подписаны на уведомления клуба на платформе «Рост». \
     Настроить подписки можно на странице темы или раздела.";
pub fn club_mail_reminder_subject(title: &str, hour: bool) -> String {
    if hour {
        format!("Через час: {title}")
    } else {
        format!("Завтра: {title}")
    }
}
pub fn club_mail_reminder_text(title: &str, date: &str, time: &str, offset: &str) -> String {
    format!("Напоминаем: «{title}» начнётся {date} в {time} ({offset}, время вашего региона).")
}
pub const CLUB_MAIL_REMINDER_LINK: &str = "Ссылка для подключения";
pub const CLUB_MAIL_REMINDER_PLACE: &str = "Место";
pub const CLUB_MAIL_REMINDER_FOOTER: &str =
    "Вы получили это письмо, потому что записались на мероприятие клуба на платформе «Рост».";

// Events.
pub const CLUB_EVENT_KINDS: [(&str, &str); 3] = [
    ("webinar", "Вебинар"),
    ("seminar", "Семинар"),
    ("meeting", "Встреча"),
];
pub const CLUB_EVENTS_TITLE: &str = "Мероприятия клуба";
pub const CLUB_EVENTS_NAV: &str = "Мероприятия";
pub const CLUB_EVENTS_UPCOMING: &str = "Предстоящие";
pub const CLUB_EVENTS_PAST: &str = "Прошедшие";
pub const CLUB_EVENTS_EMPTY: &str = "Мероприятий пока нет.";
pub const CLUB_EVENT_NOT_FOUND: &str = "Мероприятие не найдено.";
pub const CLUB_EVENT_TIME_NOTE: &str = "время вашего региона";
pub fn club_event_when(date: &str, time: &str, offset: &str) -> String {
    format!("{date}, {time} ({offset})")
}
pub fn club_event_duration(minutes: i32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} мин"),
        (h, 0) => format!("{h} ч"),
        (h, m) => format!("{h} ч {m} мин"),
    }
}
pub const CLUB_EVENT_LINK: &str = "Ссылка";
pub const CLUB_EVENT_PLACE: &str = "Место";
pub fn club_event_seats(registered: i64, capacity: Option<i32>) -> String {
    match capacity {
        Some(capacity) => format!("Записано: {registered} из {capacity}"),
        None => format!("Записано: {registered}"),
    }
}
pub const CLUB_EVENT_REGISTER: &str = "Записаться";
pub const CLUB_EVENT_UNREGISTER: &str = "Отменить запись";
pub const CLUB_EVENT_REGISTERED: &str = "Вы записаны. Напоминания придут за сутки и за час до начала.";
pub const CLUB_EVENT_FULL: &str = "Мест больше нет: запись закрыта.";
pub const CLUB_EVENT_STARTED: &str = "Мероприятие уже началось: запись закрыта.";
pub const CLUB_EVENT_ICS: &str = "Добавить в календарь (.ics)";
pub const CLUB_EVENT_FEED: &str = "Календарь клуба для подписки";
pub const CLUB_EVENT_FEED_NOTE: &str =
    "Добавьте эту ссылку в календарь (Яндекс, Google, Outlook) как календарь по адресу: в нём будут \
     все мероприятия ваших клубов. Ссылка личная, не пересылайте её.";
pub const CLUB_EVENT_MATERIALS: &str = "Материалы";
pub const CLUB_EVENT_SUMMARY: &str = "Итоги";
pub const CLUB_EVENT_RECORDINGS: &str = "Записи";
pub const CLUB_EVENT_PRESENTATIONS: &str = "Презентации";
pub const CLUB_EVENT_NEW: &str = "Новое мероприятие";
pub const CLUB_EVENT_FIELD_KIND: &str = "Вид";
pub const CLUB_EVENT_FIELD_TITLE: &str = "Название";
pub const CLUB_EVENT_FIELD_DESCRIPTION: &str = "Описание (Markdown)";
pub const CLUB_EVENT_FIELD_STARTS: &str = "Начало (время вашего региона)";
pub const CLUB_EVENT_FIELD_DURATION: &str = "Длительность, минут";
pub const CLUB_EVENT_FIELD_CAPACITY: &str = "Мест (пусто — без ограничения)";
pub const CLUB_EVENT_FIELD_LINK: &str = "Ссылка на трансляцию";
pub const CLUB_EVENT_FIELD_PLACE: &str = "Место проведения";
pub const CLUB_EVENT_FIELD_SUMMARY: &str = "Итоги встречи (Markdown)";
pub const CLUB_EVENT_FIELD_RECORDINGS: &str = "Записи: по одной ссылке в строке";
pub const CLUB_EVENT_CREATE: &str = "Создать";
pub const CLUB_EVENT_SAVE_MATERIALS: &str = "Сохранить материалы";
pub const CLUB_EVENT_TITLE_INVALID: &str = "Название: от 1 до 300 знаков.";
pub const CLUB_EVENT_KIND_INVALID: &str = "Вид: вебинар, семинар или встреча.";
pub const CLUB_EVENT_STARTS_INVALID: &str = "Начало: дата и время в формате ДД.ММ.ГГГГ ЧЧ:ММ.";
pub const CLUB_EVENT_DURATION_INVALID: &str = "Длительность: целое число минут от 5 до 1440.";
pub const CLUB_EVENT_CAPACITY_INVALID: &str = "Мест: целое число от 1 или пусто.";
pub const CLUB_EVENT_LINK_INVALID: &str = "Ссылка: адрес, начинающийся с http:// или https://.";
pub const CLUB_EVENT_WHERE_MISSING: &str = "Укажите ссылку на трансляцию или место проведения.";
pub fn club_event_recording_invalid(line: usize) -> String {
    format!("Записи, строка {line}: нужен адрес, начинающийся с http:// или https://.")
}
pub const CLUB_EVENT_FILE_KIND: &str =
    "Презентация: подходят только файлы PDF и PPTX (проверяется содержимое, а не имя).";
pub const CLUB_EVENT_FILE_UPLOAD: &str = "Загрузить презентацию (PDF, PPTX, до 20 МБ)";
