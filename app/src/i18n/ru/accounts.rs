//! Text of accounts: registration, sign-in, the cabinet, people and the audit log.

pub const NAV_LOGIN: &str = "Войти";
pub const NAV_REGISTER: &str = "Регистрация";
pub const NAV_CABINET: &str = "Личный кабинет";
pub const NAV_LOGOUT: &str = "Выйти";
pub const REGISTER_TITLE: &str = "Регистрация";
pub const FIELD_FULL_NAME: &str = "ФИО";
pub const FIELD_EMAIL: &str = "Электронная почта";
pub const FIELD_PASSWORD: &str = "Пароль";
pub const FIELD_PASSWORD_HINT: &str = "Не короче 8 символов; не используйте распространённые пароли.";
pub const FIELD_NEW_PASSWORD: &str = "Новый пароль";
pub const FIELD_MUNICIPALITY: &str = "Муниципальное образование";
pub const FIELD_SCHOOL: &str = "Школа";
pub const FIELD_POSITION: &str = "Должность";
pub const FIELD_SUBJECTS: &str = "Преподаваемые предметы (через запятую)";
pub const FIELD_EXPERIENCE: &str = "Педагогический стаж, лет";
pub const FIELD_CONSENT: &str = "Я даю согласие на обработку моих персональных данных в соответствии с 152-ФЗ                                      «О персональных данных» для целей работы на платформе «Рост».";
pub const CHOOSE: &str = "— выберите —";
pub const POSITIONS: [(&str, &str); 6] = [
    ("teacher", "Учитель"),
    ("deputy_director", "Заместитель директора"),
    ("director", "Директор"),
    ("methodologist", "Методист"),
    ("psychologist", "Педагог-психолог"),
    ("other", "Другое"),
];
pub const REGISTER_SUBMIT: &str = "Зарегистрироваться";
pub const REGISTER_DONE: &str = "Готово! Мы отправили письмо со ссылкой для подтверждения адреса. \
    Откройте её, задайте пароль — и можно входить в личный кабинет.";
pub const LOGIN_TITLE: &str = "Вход в личный кабинет";
pub const LOGIN_SUBMIT: &str = "Войти";
pub const LOGIN_FORGOT: &str = "Забыли пароль?";
pub const LOGIN_NO_ACCOUNT: &str = "Нет учётной записи? Зарегистрируйтесь";
pub const RESEND_CONFIRMATION: &str = "Отправить письмо ещё раз";
pub const RESEND_DONE: &str = "Если адрес зарегистрирован и не подтверждён, письмо отправлено повторно.";
pub const CONFIRM_TITLE: &str = "Подтверждение адреса";
pub const CONFIRM_TEXT: &str = "Нажмите кнопку, чтобы подтвердить адрес электронной почты.";
pub const CONFIRM_SUBMIT: &str = "Подтвердить адрес";
pub const CONFIRM_DONE: &str = "Адрес подтверждён. Теперь можно войти.";
pub const RECOVER_TITLE: &str = "Восстановление пароля";
pub const RECOVER_TEXT: &str =
    "Укажите адрес, с которым вы регистрировались; мы пришлём ссылку для смены пароля.";
pub const RECOVER_SUBMIT: &str = "Отправить ссылку";
pub const RECOVER_DONE: &str = "Если такой адрес зарегистрирован, мы отправили на него письмо со ссылкой.                                     Ссылка действует 1 час.";
pub const RESET_TITLE: &str = "Новый пароль";
pub const RESET_SUBMIT: &str = "Сохранить пароль";
pub const RESET_DONE: &str = "Пароль изменён, все сеансы завершены. Войдите с новым паролем.";
pub const CABINET_TITLE: &str = "Личный кабинет";
pub const CABINET_ROLES: &str = "Роли";
pub const CABINET_REGION: &str = "Регион";
pub const CABINET_SCHOOL: &str = "Школа";
pub const SETTINGS_TITLE: &str = "Настройки";
pub const SCHOOL_PAGE_TITLE: &str = "Диагностика школы";
pub const LOGOUT_EVERYWHERE: &str = "Выйти на всех устройствах";
pub const PROFILE_TITLE: &str = "Личные данные";
pub const PROFILE_SUBMIT: &str = "Сохранить";
pub const PROFILE_DONE: &str = "Изменения сохранены.";
pub const CHANGE_EMAIL_TITLE: &str = "Смена адреса электронной почты";
pub const FIELD_NEW_EMAIL: &str = "Новый адрес";
pub const CHANGE_EMAIL_SUBMIT: &str = "Сменить адрес";
pub const CHANGE_EMAIL_DONE: &str =
    "На новый адрес отправлено письмо со ссылкой. Адрес сменится после подтверждения.";
pub const CHANGE_PASSWORD_TITLE: &str = "Смена пароля";
pub const FIELD_CURRENT_PASSWORD: &str = "Текущий пароль";
pub const CHANGE_PASSWORD_SUBMIT: &str = "Сменить пароль";
pub const CHANGE_PASSWORD_DONE: &str = "Пароль изменён; сеансы на других устройствах завершены.";
pub const MY_DATA_TITLE: &str = "Мои данные";
pub const MY_DATA_DOWNLOAD: &str = "Скачать мои данные (JSON)";
pub const DELETE_ACCOUNT_TITLE: &str = "Удаление учётной записи";
pub const DELETE_ACCOUNT_TEXT: &str = "Ваши персональные данные будут обезличены, вход станет невозможен. \
                                       Обезличенные результаты останутся в статистике региона.";
pub const DELETE_ACCOUNT_SUBMIT: &str = "Удалить учётную запись";
pub const ROLES: [(&str, &str); 8] = [
    ("teacher", "педагог"),
    ("director", "руководитель ОО"),
    ("municipal_coordinator", "муниципальный координатор"),
    ("regional_operator", "региональный оператор"),
    ("certificate_admin", "администратор сертификатов"),
    ("club_moderator", "модератор клуба"),
    ("course_admin", "администратор курсов"),
    ("curator", "куратор"),
];
pub const SENDING: &str = "Отправка…";

// Administration
pub const ADMIN_PEOPLE_TITLE: &str = "Люди региона";
pub const ADMIN_INVITE_TITLE: &str = "Пригласить по электронной почте";
pub const ADMIN_INVITE_SUBMIT: &str = "Пригласить";
pub const ADMIN_INVITE_DONE: &str = "Приглашение отправлено.";
pub const FIELD_ROLE: &str = "Роль";
pub const ADMIN_GRANT: &str = "Добавить роль";
pub const ADMIN_REVOKE: &str = "Снять";
pub const ADMIN_DEACTIVATE: &str = "Закрыть доступ";
pub const ADMIN_REACTIVATE: &str = "Открыть доступ";
pub const ADMIN_NOT_CONFIRMED: &str = "адрес не подтверждён";
pub const ADMIN_INACTIVE: &str = "доступ закрыт";
pub const COLUMN_PERSON: &str = "Человек";
pub const ADMIN_MAIL_TITLE: &str = "Неотправленные письма";
pub const ADMIN_MAIL_EMPTY: &str = "Все письма доставлены.";
pub const ADMIN_RETRY: &str = "Отправить повторно";
pub const ADMIN_AUDIT_TITLE: &str = "Журнал событий безопасности";
pub const ADMIN_AUDIT_EMPTY: &str = "Событий пока нет.";
pub const COLUMN_TIME: &str = "Время";
pub const COLUMN_RECIPIENT: &str = "Получатель";
pub const COLUMN_SUBJECT: &str = "Тема";
pub const COLUMN_STATUS: &str = "Состояние";
pub const COLUMN_ATTEMPTS: &str = "Попыток";
pub const COLUMN_ERROR: &str = "Ошибка";
pub const COLUMN_USER: &str = "Пользователь";
pub const COLUMN_EVENT: &str = "Событие";
pub const COLUMN_ADDRESS: &str = "Адрес";
pub const COLUMN_DETAILS: &str = "Подробности";
pub const OUTBOX_STATUSES: [(&str, &str); 4] = [
    ("pending", "в очереди"),
    ("sending", "отправляется"),
    ("sent", "отправлено"),
    ("failed", "ошибка"),
];
pub const AUDIT_ACTIONS: [(&str, &str); 43] = [
    ("indicator_data_loaded", "загружены данные показателей"),
    ("schools_imported", "импортирован реестр школ"),
    ("identification_override", "ручное решение по школе"),
    ("identification_override_withdrawn", "ручное решение отменено"),
    ("identification_published", "опубликованы списки школ"),
    ("profile_updated", "изменены личные данные"),
    ("email_change_requested", "запрошена смена адреса"),
    ("role_granted", "назначена роль"),
    ("role_revoked", "снята роль"),
    ("member_deactivated", "доступ закрыт"),
    ("member_reactivated", "доступ открыт"),
    ("login_refused_deactivated", "вход при закрытом доступе"),
    ("password_changed", "смена пароля"),
    ("account_deleted", "учётная запись удалена"),
    ("registered", "регистрация"),
    ("email_confirmed", "адрес подтверждён"),
    ("login", "вход"),
    ("login_failed", "неудачный вход"),
    ("login_refused_locked", "вход заблокирован"),
    ("logout", "выход"),
    ("logout_everywhere", "выход на всех устройствах"),
    ("reset_password_link_sent", "запрос восстановления пароля"),
    ("confirm_email_link_sent", "повторное письмо подтверждения"),
    ("password_reset", "пароль изменён"),
    ("refresh_token_reuse", "повторное использование токена сеанса"),
    ("access_denied", "отказ в доступе"),
    ("email_retry", "повторная отправка письма"),
    ("invitation_sent", "отправлено приглашение"),
    ("invitation_accepted", "приглашение принято"),
    ("membership_confirmed", "принадлежность к школе подтверждена"),
    ("membership_rejected", "принадлежность к школе отклонена"),
    ("framework_edited", "изменена модель компетенций"),
    ("framework_from_template", "модель компетенций из шаблона"),
    ("item_saved", "сохранено задание"),
    ("items_imported", "импортирован банк заданий"),
    ("instrument_created", "создан инструмент диагностики"),
    ("campaign_created", "назначена диагностика"),
    ("attempt_started", "начата диагностика"),
    ("attempt_finished", "завершена диагностика"),
    ("individual_result_viewed", "просмотрен результат участника"),
    ("individual_scores_viewed", "просмотрены результаты участников"),
    (
        "platform_invitation_sent",
        "администратор платформы пригласил оператора",
    ),
    (
        "platform_self_grant",
        "администратор платформы взял себе роль в регионе",
    ),
];

/// The audit log's Russian name of an event.
pub fn audit_action_label(code: &str) -> &str {
    AUDIT_ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

// Form errors of accounts.
pub const ERROR_EMAIL_FORMAT: &str = "Укажите адрес электронной почты в виде name@example.ru.";
pub const ERROR_PASSWORD_TOO_SHORT: &str = "Пароль должен быть не короче 8 символов.";
pub const ERROR_PASSWORD_COMMON: &str =
    "Этот пароль слишком распространён, его легко подобрать. Придумайте другой.";
pub const ERROR_FULL_NAME: &str = "Укажите фамилию, имя и отчество.";
pub const ERROR_EXPERIENCE: &str = "Стаж — целое число лет от 0 до 70.";
pub const ERROR_CURRENT_PASSWORD_WRONG: &str = "Текущий пароль указан неверно.";
pub const ERROR_PASSWORD_WRONG: &str = "Пароль указан неверно.";
pub const ERROR_CHOOSE_MUNICIPALITY: &str = "Выберите муниципальное образование.";
pub const ERROR_CHOOSE_SCHOOL: &str = "Выберите школу.";
pub const ERROR_CHOOSE_POSITION: &str = "Выберите должность из списка.";
pub const ERROR_CONSENT_REQUIRED: &str =
    "Без согласия на обработку персональных данных регистрация невозможна.";
pub const ERROR_SCHOOL_OF_MUNICIPALITY: &str = "Выберите школу выбранного муниципального образования.";
pub const ERROR_EMAIL_REGISTERED: &str = "Этот адрес уже зарегистрирован. Войдите или восстановите пароль.";
pub const ERROR_EMAIL_TAKEN: &str = "Этот адрес уже занят другой учётной записью.";
pub const ERROR_SAME_EMAIL: &str = "Это ваш текущий адрес.";
pub const ERROR_CHOOSE_ROLE: &str = "Выберите роль из списка.";
pub const ERROR_USER_NOT_FOUND: &str = "Пользователь не найден.";
pub const ERROR_OWN_OPERATOR_ROLE: &str = "Нельзя снять роль регионального оператора с самого себя.";
pub const ERROR_NOT_A_MEMBER: &str = "Этот человек не состоит в вашем регионе.";
pub const ERROR_OWN_ACCESS: &str = "Нельзя закрыть доступ самому себе.";
/// The name a deleted account keeps, so that what it did still reads as someone's.
pub const DELETED_USER_NAME: &str = "Удалённый пользователь";
