//! User-facing text. Russian is the default locale; every string a user reads lives here so that
//! a second locale can be added by mirroring this module.

pub mod ru {
    pub const APP_TITLE: &str = "Рост — развитие школ и педагогов";
    pub const APP_NAME: &str = "Рост";
    pub const APP_TAGLINE: &str = "Платформа регионов для поддержки школ и профессионального роста педагогов";
    pub const FOOTER: &str = "© Рост. Данные каждого региона доступны только его пользователям.";

    pub const LANDING_HEADING: &str = "Регионы";
    pub const LANDING_INTRO: &str =
        "Выберите свой регион, чтобы войти в личный кабинет, увидеть школы и программы поддержки.";
    pub const LANDING_FILTER_LABEL: &str = "Поиск региона";
    pub const LANDING_FILTER_PLACEHOLDER: &str = "Начните вводить название или код региона";
    pub const LANDING_NOTHING_FOUND: &str = "Ни один регион не подходит под запрос.";
    pub const LANDING_EMPTY: &str = "Регионы ещё не подключены.";
    pub const REGION_CODE: &str = "Код региона";

    pub const REGION_MUNICIPALITIES: &str = "Муниципальные образования";
    pub const REGION_SCHOOLS: &str = "Школы";
    pub const REGION_SCHOOL_COUNT: &str = "Школ";
    pub const REGION_TIME_ZONE: &str = "Часовой пояс";
    pub const REGION_STATUS_LABELS: &str = "Названия статусов школ в регионе";
    pub const REGION_NO_SCHOOLS: &str = "В реестре региона пока нет школ.";
    pub const COLUMN_SCHOOL_CODE: &str = "Код";
    pub const COLUMN_SCHOOL_NAME: &str = "Название";
    pub const COLUMN_SCHOOL_GROUP: &str = "Группа";
    pub const COLUMN_SETTLEMENT: &str = "Местность";
    pub const RURAL: &str = "сельская";
    pub const URBAN: &str = "городская";
    pub const BACK_TO_REGIONS: &str = "← Все регионы";

    pub const NOT_FOUND_TITLE: &str = "Страница не найдена";
    pub const NOT_FOUND_TEXT: &str = "Такой страницы нет. Проверьте адрес или вернитесь к списку регионов.";
    pub const REGION_NOT_FOUND_TITLE: &str = "Регион не найден";
    pub const REGION_NOT_FOUND_TEXT: &str =
        "Региона с таким адресом нет на платформе. Выберите регион из списка.";

    pub const LOADING: &str = "Загрузка…";
    pub const ERROR_INTERNAL: &str = "Внутренняя ошибка сервера. Попробуйте ещё раз через минуту; если ошибка повторится, сообщите администратору.";
    pub const ERROR_REQUEST: &str =
        "Не удалось связаться с сервером. Проверьте подключение к сети и повторите попытку.";
    pub const ERROR_BAD_REQUEST: &str = "Некорректный запрос.";
    pub const ERROR_UNAUTHORIZED: &str = "Войдите в личный кабинет, чтобы продолжить.";
    pub const ERROR_FORBIDDEN: &str = "У вас нет прав на это действие.";
    pub const ERROR_BAD_CREDENTIALS: &str = "Неверный адрес электронной почты или пароль.";
    pub const ERROR_EMAIL_NOT_CONFIRMED: &str =
        "Адрес электронной почты не подтверждён. Откройте ссылку из письма или отправьте письмо ещё раз.";
    pub const ERROR_TOKEN_INVALID: &str =
        "Ссылка недействительна: она уже использована или срок её действия истёк. Запросите новую.";
    pub const ERROR_CSRF: &str = "Запрос отклонён: он отправлен с другого сайта.";
    pub fn error_rate_limited(seconds: u64) -> String {
        format!("Слишком много запросов. Повторите через {seconds} с.")
    }

    // Accounts
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
    pub const DELETE_ACCOUNT_TEXT: &str =
        "Ваши персональные данные будут обезличены, вход станет невозможен. \
                                           Обезличенные результаты останутся в статистике региона.";
    pub const DELETE_ACCOUNT_SUBMIT: &str = "Удалить учётную запись";
    pub const ROLES: [(&str, &str); 6] = [
        ("teacher", "педагог"),
        ("director", "руководитель ОО"),
        ("municipal_coordinator", "муниципальный координатор"),
        ("regional_operator", "региональный оператор"),
        ("certificate_admin", "администратор сертификатов"),
        ("club_moderator", "модератор клуба"),
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
    pub const AUDIT_ACTIONS: [(&str, &str); 41] = [
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
    ];

    /// The audit log's Russian name of an event.
    pub fn audit_action_label(code: &str) -> &str {
        AUDIT_ACTIONS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, label)| label)
    }

    // Identification: the configuration editor
    pub const EDIT_FIELDS: [(&str, &str); 23] = [
        ("exclude", "кроме школ со статусами"),
        ("title", "название"),
        ("code", "код"),
        ("source", "источник (процедура)"),
        ("orientation", "направленность индекса"),
        ("share", "доля группы"),
        ("min_indicators", "минимум показателей"),
        ("normalization", "нормировка"),
        ("direction", "направление"),
        ("weight", "вес"),
        ("cmp", "сравнение"),
        ("value", "порог"),
        ("band", "зона"),
        ("rule", "правило по годам"),
        ("n", "число лет"),
        ("label", "название статуса"),
        ("window_years", "лет в окне"),
        ("year", "год (0 — последний)"),
        ("min_flags", "минимум флагов"),
        ("index", "индекс"),
        ("indicator", "показатель"),
        ("status", "статус"),
        ("variant", "вариант"),
    ];
    pub const EDIT_STALE: &str = "Страница устарела: этого элемента уже нет. Обновите страницу.";
    pub const EDIT_LAST_CONDITION: &str =
        "Это последнее условие статуса; чтобы убрать его, удалите сам статус.";
    pub const NEW_CONFIG_TITLE: &str = "Новая конфигурация";

    pub fn edit_required(field: &str) -> String {
        format!("Поле «{}»: заполните его", label(&EDIT_FIELDS, field))
    }

    pub fn edit_not_a_number(field: &str, raw: &str) -> String {
        format!(
            "Поле «{}»: «{raw}» не является числом",
            label(&EDIT_FIELDS, field)
        )
    }

    pub fn edit_not_a_count(field: &str, raw: &str) -> String {
        format!(
            "Поле «{}»: «{raw}» — нужно целое неотрицательное число",
            label(&EDIT_FIELDS, field)
        )
    }

    pub fn edit_unknown_choice(field: &str, raw: &str) -> String {
        format!(
            "Поле «{}»: недопустимое значение «{raw}»",
            label(&EDIT_FIELDS, field)
        )
    }

    pub const NOT_FOUND_RECORD: &str = "Запись не найдена: возможно, её удалили или ссылка устарела.";

    // Identification: uploads, runs, explanations
    pub const UPLOAD_NO_FILE: &str = "Выберите файл CSV или XLSX.";
    pub const UPLOAD_HAS_ERRORS: &str = "В файле есть ошибки; исправьте их и загрузите файл снова.";
    pub const MUNICIPALITY_KIND_UNKNOWN: &str = "муниципальное образование";
    pub const EXTERNAL_LIST_MISSING: &str = "Загрузите список школ (school_id, status, reason).";
    pub const WHY_NOT_IN_DATA: &str = "школы нет в данных этого расчёта";
    pub const WHY_IN_BAND: &str = "в зоне";
    pub const WHY_NOT_IN_BAND: &str = "вне зоны";
    pub const WHY_NO_INDEX: &str = "индекс не рассчитан (мало данных)";
    pub const WHY_NO_ROW: &str = "нет данных";
    pub const WHY_INDEX: &str = "по индексу";
    pub const WHY_FLAGS: &str = "флаги по годам";
    pub const WHY_LIST: &str = "в загруженном списке";
    pub const RULE_ALL_YEARS: &str = "все годы окна";
    pub const BAND_WORST: &str = "худшая зона индекса";
    pub const BAND_BEST: &str = "лучшая зона индекса";
    pub const OVERRIDE_ADDED: &str = "ручное включение";
    pub const OVERRIDE_REMOVED: &str = "ручное исключение";
    pub const OVERRIDE_REASON_REQUIRED: &str = "Укажите причину решения (не короче 5 символов).";
    pub const RUN_ALREADY_PUBLISHED: &str = "Этот расчёт уже опубликован.";
    pub const NOTE_NO_VALUE: &str = "нет значения — показатель не учитывается";
    pub const NOTE_NO_SPREAD: &str = "у всех школ группы одно значение — показатель не учитывается";
    pub const EXPORT_COLUMNS: [&str; 7] = [
        "Код школы",
        "Наименование",
        "Муниципалитет",
        "Группа",
        "Статусы",
        "Статусы по правилам",
        "Ручные решения",
    ];

    pub fn rule_last_years(n: usize) -> String {
        format!("последние {n} г.")
    }

    pub fn rule_at_least(n: usize) -> String {
        format!("не менее {n} г. из окна")
    }

    pub fn indicators_not_loaded(codes: &[String]) -> String {
        format!("Нет загруженных данных по показателям: {}.", codes.join(", "))
    }

    pub fn groups_missing(schools: &[&str]) -> String {
        let shown: Vec<&str> = schools.iter().take(10).copied().collect();
        format!(
            "Конфигурация сравнивает школы внутри групп, но у школ {}{} нет группы ни в данных (столбец «group»), ни в реестре.",
            shown.join(", "),
            if schools.len() > 10 { " и других" } else { "" }
        )
    }

    pub fn schools_not_in_registry(n: usize) -> String {
        format!("{n} шк. из данных нет в реестре: у них не указан муниципалитет, координаторы их не увидят.")
    }

    pub fn override_unknown_school(id: &str) -> String {
        format!("Школы с кодом «{id}» нет ни в реестре, ни в данных расчёта.")
    }

    pub fn note_range(min: f64, max: f64) -> String {
        format!("мин. в группе {min}, макс. {max}")
    }

    pub fn method_label(config: &crate::identification::config::Config) -> &'static str {
        use crate::identification::config::Config;
        match config {
            Config::IndexBands(_) => METHODS[0].1,
            Config::FlagCount(_) => METHODS[1].1,
            Config::ExternalList(_) => METHODS[2].1,
        }
    }

    pub const METHODS: [(&str, &str); 3] = [
        ("index_bands", "индексы и зоны (многомерная средняя)"),
        ("flag_count", "подсчёт флагов (чек-лист)"),
        ("external_list", "внешний список"),
    ];

    pub fn band_label(band: crate::identification::config::Band) -> &'static str {
        use crate::identification::config::Band;
        match band {
            Band::Worst => "худшая",
            Band::Middle => "средняя",
            Band::Best => "лучшая",
        }
    }

    pub fn op_symbol(op: crate::identification::config::Op) -> &'static str {
        use crate::identification::config::Op;
        match op {
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
        }
    }

    pub fn export_flags(year: i32) -> String {
        format!("{year}: флаги")
    }

    pub fn export_index(year: i32, index: &str) -> String {
        format!("{year}: индекс {index}")
    }

    pub fn export_band(year: i32, index: &str) -> String {
        format!("{year}: зона {index}")
    }

    // Identification: pages
    pub const ID_TITLE: &str = "Выявление школ";
    pub const SCHOOLS_TITLE: &str = "Реестр школ";
    pub const PUBLISHED_TITLE: &str = "Опубликованные списки школ";
    pub const PUBLISHED_EMPTY: &str = "Списки ещё не опубликованы.";
    pub const PUBLISHED_NONE_HERE: &str = "В вашем муниципалитете школ в этом списке нет.";
    pub const SCHOOLS_IMPORT: &str = "Импорт реестра";
    pub const SCHOOLS_IMPORT_HINT: &str = "CSV или XLSX со столбцами school_id (код), name (наименование), municipality (муниципалитет), group (группа), locality (город / село), address (адрес, необязательно). Школы с известным кодом обновляются, новые добавляются.";
    pub const UPLOAD_FILE: &str = "Файл";
    pub const UPLOAD_SUBMIT: &str = "Загрузить и проверить";
    pub const UPLOAD_TITLE: &str = "Проверка загруженного файла";
    pub const UPLOAD_FILE_NAME: &str = "Файл";
    pub const UPLOAD_NOTHING_CHANGED: &str = "Данные не изменены. Исправьте файл и загрузите его снова.";
    pub const UPLOAD_COMMIT: &str = "Подтвердить загрузку";
    pub const UPLOAD_DISCARD: &str = "Отменить";
    pub const UPLOAD_NEW_YEAR: &str = "новый год";
    pub const NEW_MUNICIPALITIES: &str = "Будут созданы муниципалитеты:";
    pub const BACK: &str = "Назад";
    pub const DATA_TITLE: &str = "Данные показателей";
    pub const DATA_EMPTY: &str = "Данные ещё не загружены.";
    pub const DATA_HINT: &str = "CSV или XLSX: school_id, year, group (необязательно, иначе из реестра), столбцы показателей с латинскими кодами; name, municipality и столбцы с русскими заголовками считаются описательными. Разделитель «;» или «,», десятичная запятая допустима. Каждый год из файла заменяет ранее загруженный.";
    pub const CONFIGS_TITLE: &str = "Конфигурации критериев";
    pub const CONFIG_NEW: &str = "Новая конфигурация";
    pub const CONFIG_IMPORT: &str = "Импорт из JSON";
    pub const CONFIG_IMPORT_SUBMIT: &str = "Импортировать";
    pub const CONFIG_JSON: &str = "Конфигурация в JSON";
    pub const CONFIG_EXPORT: &str = "Скачать JSON";
    pub const CONFIG_TITLE: &str = "Конфигурация критериев";
    pub const CONFIG_GENERAL: &str = "Общие параметры";
    pub const CONFIG_GROUPED: &str = "сравнивать школы внутри групп";
    pub const CONFIG_READY: &str = "Конфигурация готова к расчёту.";
    pub const CONFIG_NOT_READY: &str = "Расчёт пока невозможен.";
    pub const CONFIG_OPEN: &str = "открыть конфигурацию";
    pub const DRAFT: &str = "черновик";
    pub const DRAFT_EDITABLE: &str = "черновик, можно изменять";
    pub const NOT_PUBLISHED: &str = "не опубликован";
    pub const VERSIONS_TITLE: &str = "Версии";
    pub const RUNS_TITLE: &str = "Расчёты";
    pub const RUNS_EMPTY: &str = "Расчётов ещё не было.";
    pub const RUN_TITLE: &str = "Результаты расчёта";
    pub const RUN_START: &str = "Рассчитать";
    pub const RUN_PUBLISH: &str = "Опубликовать списки";
    pub const RUN_SCHOOLS: &str = "Школы";
    pub const EXPORT_XLSX: &str = "Скачать XLSX";
    pub const EXPORT_CSV: &str = "Скачать CSV";
    pub const INDICES_TITLE: &str = "Индексы и показатели";
    pub const INDEX: &str = "Индекс";
    pub const INDICATORS_TITLE: &str = "Показатели";
    pub const STATUSES_TITLE: &str = "Статусы и правила";
    pub const LOADED_INDICATORS: &str = "Загружены показатели:";
    pub const EXTERNAL_LIST_TITLE: &str = "Список школ";
    pub const EXTERNAL_LIST_LOADED: &str = "Список загружен; новая загрузка заменит его.";
    pub const EXTERNAL_LIST_HINT: &str =
        "CSV или XLSX со столбцами school_id, status и необязательным reason.";
    pub const FLAG_RULE_HINT: &str = "Статус присваивается, если выполнен хотя бы один вариант; вариант выполнен, если выполнены все его условия. Год 0 — последний год окна, −1 — предыдущий.";
    pub const FLAG_STATUS_HINT: &str =
        "Первое условие статуса задаётся при добавлении; затем добавляйте условия и варианты.";
    pub const NEW_VARIANT: &str = "новый вариант";
    pub const ADD: &str = "Добавить";
    pub const ADD_INDEX: &str = "Добавить индекс";
    pub const ADD_INDICATOR: &str = "Добавить показатель";
    pub const ADD_STATUS: &str = "Добавить статус";
    pub const ADD_CONDITION: &str = "Добавить условие";
    pub const SAVE: &str = "Сохранить";
    pub const REMOVE: &str = "Удалить";
    pub const FILTER_ALL: &str = "все";
    pub const FILTER_ANY_STATUS: &str = "с любым статусом";
    pub const FILTER_NO_STATUS: &str = "без статуса";
    pub const FILTER_SEARCH: &str = "Поиск по коду или названию";
    pub const FILTER_APPLY: &str = "Показать";
    pub const COLUMN_CODE: &str = "Код";
    pub const COLUMN_NAME: &str = "Наименование";
    pub const COLUMN_GROUP: &str = "Группа";
    pub const COLUMN_LOCALITY: &str = "Местность";
    pub const COLUMN_STATUSES: &str = "Статус";
    pub const COLUMN_YEAR: &str = "Год";
    pub const COLUMN_SCHOOLS: &str = "Школ";
    pub const COLUMN_INDICATORS: &str = "Показатели";
    pub const COLUMN_REPLACES: &str = "Заменяет";
    pub const COLUMN_FILE: &str = "Файл";
    pub const COLUMN_LOADED: &str = "Загружено";
    pub const COLUMN_TITLE: &str = "Название";
    pub const COLUMN_METHOD: &str = "Метод";
    pub const COLUMN_VERSION: &str = "Версия";
    pub const COLUMN_STATE: &str = "Состояние";
    pub const COLUMN_RESULT: &str = "Итог";
    pub const COLUMN_LABEL: &str = "Название статуса";
    pub const COLUMN_RULE: &str = "Правило";
    pub const COLUMN_LATEST: &str = "Последний год";
    pub const COLUMN_INDICATOR: &str = "Показатель";
    pub const COLUMN_VALUE: &str = "Значение";
    pub const COLUMN_NORMALISED: &str = "Нормировано";
    pub const COLUMN_WEIGHT: &str = "Вес";
    pub const COLUMN_CONTRIBUTION: &str = "Вклад в индекс";
    pub const COLUMN_NOTE: &str = "Примечание";
    pub const COLUMN_FLAG: &str = "Флаг";
    pub const COLUMN_WHY: &str = "Почему";
    pub const EXPLANATION_TITLE: &str = "Пояснение по школе";
    pub const DATA_CHANGED: &str = "Данные показателей изменились после этого расчёта: пояснение построено по текущим данным. Запустите расчёт заново.";
    pub const NO_STATUSES: &str = "Школа не получила ни одного статуса.";
    pub const OVERRIDES_TITLE: &str = "Ручные решения";
    pub const OVERRIDE_ACTION: &str = "Решение";
    pub const OVERRIDE_ADD: &str = "включить в статус";
    pub const OVERRIDE_REMOVE: &str = "исключить из статуса";
    pub const OVERRIDE_REASON: &str = "Причина (обязательно)";
    pub const OVERRIDE_SUBMIT: &str = "Сохранить решение";
    pub const OVERRIDE_WITHDRAW: &str = "Отменить решение";
    pub const DIFF_NONE: &str = "Опубликованных расчётов этой конфигурации ещё нет — сравнивать не с чем.";
    pub const DIFF_EMPTY: &str = "Нет.";
    pub const DIFF_ENTERING: &str = "Входят в списки";
    pub const DIFF_LEAVING: &str = "Выходят из списков";
    pub const CHART_TITLE: &str = "Распределение индекса по группам";
    pub const CHART_HINT: &str = "Столбцы — число школ с индексом в интервале шириной 0,05; красная линия — отсечка худшей зоны, зелёная — лучшей.";
    pub const TEMPLATES: [(&str, &str); 3] = [
        ("khabarovsk", "Хабаровский край (ШНРО, ШНСУ)"),
        ("federal_shnor", "федеральные критерии ШНОР"),
        ("project_500", "внешний список «500+»"),
    ];
    pub const ORIENTATIONS: [(&str, &str); 2] = [
        ("higher_is_better", "больше — лучше"),
        ("higher_is_worse", "больше — хуже"),
    ];
    pub const NORMALIZATIONS: [(&str, &str); 2] =
        [("minmax", "мин–макс в группе"), ("threshold", "порог (0/1)")];
    pub const DIRECTIONS: [(&str, &str); 2] = [("direct", "прямое"), ("inverse", "обратное")];
    pub const OPS: [(&str, &str); 4] = [("lt", "<"), ("le", "≤"), ("gt", ">"), ("ge", "≥")];
    pub const BANDS: [(&str, &str); 2] = [("worst", "худшая зона"), ("best", "лучшая зона")];
    pub const YEAR_RULES: [(&str, &str); 3] = [
        ("all_years", "все годы окна"),
        ("last_years", "последние n лет"),
        ("at_least", "не менее n лет"),
    ];

    pub fn schools_total(n: usize) -> String {
        format!("Всего школ: {n}")
    }

    pub fn registry_count(n: usize) -> String {
        format!("В реестре школ: {n}")
    }

    pub fn upload_rows(n: usize) -> String {
        format!("Файл проверен, ошибок нет. Строк данных: {n}.")
    }

    pub fn upload_replaces(file: &str, by: &str, at: &str, schools: usize) -> String {
        format!("заменит «{file}» ({schools} шк.), загружено {at}, {by}")
    }

    pub fn registry_changes(new: usize, updated: usize) -> String {
        format!("Будет добавлено школ: {new}, обновлено: {updated}.")
    }

    pub fn published_at(at: &str) -> String {
        format!("опубликовано {at}")
    }

    pub fn published_frozen(at: &str) -> String {
        format!("опубликована {at}; изменения создадут новую версию")
    }

    pub fn version_line(version: i32, what: &str) -> String {
        format!("версия {version}, {what}")
    }

    pub fn from_template(title: &str) -> String {
        format!("Из шаблона: {title}")
    }

    pub fn empty_config(method: &str) -> String {
        format!("Пустая: {method}")
    }

    pub fn counts_line(counts: &[(String, usize)], total: usize) -> String {
        let parts: Vec<String> = counts.iter().map(|(l, n)| format!("{l}: {n}")).collect();
        format!("{} из {total}", parts.join(", "))
    }

    pub fn run_line(at: &str, by: &str, version: i32, method: &str) -> String {
        format!("Расчёт {at}, {by}; версия конфигурации {version}; метод: {method}")
    }

    pub fn years_line(years: &[i32]) -> String {
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        format!(
            "Годы окна: {}",
            if years.is_empty() {
                "—".to_string()
            } else {
                years.join(", ")
            }
        )
    }

    pub fn matching(n: usize, page: usize, pages: usize) -> String {
        format!("Найдено школ: {n}; страница {page} из {pages}")
    }

    pub fn excluding(codes: &[String]) -> String {
        format!(", кроме школ со статусом {}", codes.join(", "))
    }

    pub fn condition(year: i32, min_flags: usize) -> String {
        let year = if year == 0 {
            "последний год".to_string()
        } else {
            format!("год {year}")
        };
        format!("{year}: флагов не менее {min_flags}")
    }

    pub fn variant(v: usize) -> String {
        format!("вариант {}", v + 1)
    }

    pub fn explanation_title(code: &str, name: &str) -> String {
        format!("Пояснение: {code} {name}")
    }

    pub fn year_heading(year: i32, group: Option<&str>) -> String {
        match group {
            Some(g) => format!("{year} год, группа «{g}»"),
            None => format!("{year} год"),
        }
    }

    pub fn index_line(code: &str, title: &str, index: &str, band: &str) -> String {
        format!("Индекс {code} {title}: {index}, зона: {band}.")
    }

    pub fn cutoff_line(worst: &str, best: &str, n: usize, k: usize) -> String {
        format!(
            "Отсечка худшей зоны {worst}, лучшей {best} (школ в сравнении: {n}, в каждой зоне не менее {k})."
        )
    }

    pub fn diff_title(against: &str) -> String {
        format!("Изменения относительно публикации {against}")
    }

    pub fn chart_caption(index: &str, year: i32, group: &str) -> String {
        if group.is_empty() {
            format!("{index}, {year}")
        } else {
            format!("{index}, {year}, группа «{group}»")
        }
    }

    // ---- competency diagnostics ----
    pub const DIAG_MY_TITLE: &str = "Диагностика профессиональных дефицитов";
    pub const DIAG_NONE_AVAILABLE: &str = "Сейчас для вас нет открытых диагностик.";
    pub const DIAG_START: &str = "Начать диагностику";
    pub const DIAG_CONTINUE: &str = "Продолжить";
    pub const DIAG_CLOSED_SHORT: &str = "приём ответов закрыт";
    pub const DIAG_ASSIGNED: &str = "назначена";
    pub const DIAG_PAST_RESULTS: &str = "Пройденные диагностики";
    pub const DIAG_COL_DATE: &str = "Дата";
    pub const DIAG_COL_INSTRUMENT: &str = "Диагностика";
    pub const DIAG_COL_POINTS: &str = "Баллы";
    pub const DIAG_COL_DEFICITS: &str = "Дефициты";
    pub const DIAG_NO_DEFICITS: &str = "дефицитов нет";
    pub const DIAG_ATTEMPT_TITLE: &str = "Диагностика";
    pub const DIAG_ALREADY_FINISHED: &str = "Эта диагностика уже завершена: ответы больше не принимаются.";
    pub const DIAG_SEE_RESULT: &str = "Посмотреть результат";
    pub const DIAG_CLOSED: &str = "Приём ответов по этой диагностике сейчас закрыт.";
    pub const DIAG_NO_ITEMS: &str =
        "В этой диагностике нет ни одного задания: обратитесь к региональному оператору.";
    pub const DIAG_ANSWER_MALFORMED: &str = "Ответ не распознан: обновите страницу и ответьте ещё раз.";
    pub const DIAG_LATE: &str =
        "Время на диагностику истекло: ответ не принят. Ответы, сохранённые до окончания времени, учтены.";
    pub const DIAG_NOT_FINISHED: &str =
        "Диагностика ещё не завершена: результат появится после её окончания.";
    pub const DIAG_SAVED: &str = "сохранено";
    pub const DIAG_SAVING: &str = "сохраняется…";
    pub const DIAG_ALL_SAVED: &str = "Все ответы сохранены";
    pub const DIAG_QUEUED_ONE: &str = "нет связи — ответ сохранён в браузере и будет отправлен";
    pub const DIAG_REFUSED_ONE: &str = "ответ не принят";
    pub const DIAG_WAIT_SAVING: &str = "Дождитесь, пока все ответы сохранятся.";
    pub const DIAG_FINISH: &str = "Завершить и получить результат";
    pub const DIAG_YOUR_ANSWER: &str = "Ваш ответ";
    pub const DIAG_SEVERAL: &str = "Выберите все верные варианты.";
    pub const DIAG_RESULT_TITLE: &str = "Результат диагностики";
    pub const DIAG_BACK_TO_CABINET: &str = "← В личный кабинет";
    pub const DIAG_FINISHED_BY_DEADLINE: &str = "Диагностика завершена автоматически по истечении времени; учтены все ответы, сохранённые до этого момента.";
    pub const DIAG_CHART_TITLE: &str = "Уровень компетенций относительно порогов";
    pub const DIAG_DEFICITS_TITLE: &str = "Профессиональные дефициты (от наиболее выраженных)";
    pub const DIAG_NO_DEFICITS_TEXT: &str =
        "Дефицитов не выявлено: по всем компетенциям результат выше верхнего порога.";
    pub const DIAG_IN_PRACTICE: &str = "Что это значит на практике: ";
    pub const DIAG_COMPARISON: &str = "Сравнение со средними значениями";
    pub const DIAG_COL_COMPETENCY: &str = "Компетенция";
    pub const DIAG_COL_YOU: &str = "Вы";
    pub const DIAG_GROUP_SCHOOL: &str = "Школа";
    pub const DIAG_GROUP_MUNICIPALITY: &str = "Муниципалитет";
    pub const DIAG_GROUP_REGION: &str = "Регион";
    pub const DIAG_SCHOOL_NOTHING: &str = "Педагоги школы ещё не завершили ни одной диагностики.";

    pub const DIAG_ADMIN_TITLE: &str = "Диагностика компетенций";
    pub const DIAG_FRAMEWORK_TITLE: &str = "Конструктор компетенций";
    pub const DIAG_NO_FRAMEWORK: &str =
        "В регионе ещё нет модели компетенций. Скопируйте готовый шаблон и отредактируйте его.";
    pub const DIAG_FRAMEWORK_EXISTS: &str = "Модель компетенций уже создана: отредактируйте её.";
    pub const DIAG_COPY_TEMPLATE: &str = "Создать из шаблона (27 компетенций, 79 заданий)";
    pub const DIAG_THRESHOLDS: &str = "Пороги уровней";
    pub const DIAG_THRESHOLDS_NOTE: &str = "По рекомендациям Минпросвещения (Р-201): ниже 60 % — выраженный дефицит (ИОМ), 60–80 % — частичный дефицит, выше 80 % — дефицит отсутствует или минимален.";
    pub const DIAG_F_LOW: &str = "Нижний порог, %";
    pub const DIAG_F_HIGH: &str = "Верхний порог, %";
    pub const DIAG_F_CODE: &str = "Код";
    pub const DIAG_F_AREA: &str = "Область";
    pub const DIAG_F_TITLE: &str = "Название";
    pub const DIAG_F_DESCRIPTION: &str = "Описание";
    pub const DIAG_F_MEANING: &str = "Что означает дефицит на практике";
    pub const DIAG_F_POSITION: &str = "Должность";
    pub const DIAG_F_SUBJECT: &str = "Предмет (необязательно)";
    pub const DIAG_F_COMPETENCIES: &str = "Коды компетенций через запятую";
    pub const DIAG_F_JSON: &str = "Модель компетенций в JSON";
    pub const DIAG_SAVE: &str = "Сохранить";
    pub const DIAG_ADD: &str = "Добавить";
    pub const DIAG_REMOVE: &str = "Удалить компетенцию";
    pub const DIAG_REPLACE: &str = "Заменить модель";
    pub const DIAG_ADD_COMPETENCY: &str = "Добавить компетенцию";
    pub const DIAG_ADD_AREA: &str = "Добавить или переименовать область";
    pub const DIAG_PROFILES: &str = "Целевые профили по должностям";
    pub const DIAG_SET_PROFILE: &str = "Задать профиль";
    pub const DIAG_FRAMEWORK_JSON: &str = "Импорт и экспорт модели в JSON";
    pub const DIAG_EXPORT_JSON: &str = "Скачать банк заданий (JSON)";
    pub const DIAG_EXPORT_XLSX: &str = "Скачать банк заданий (XLSX)";
    pub const DIAG_IMPORT: &str = "Загрузить задания из файла";
    pub const DIAG_IMPORT_HINT: &str = "JSON или XLSX в формате выгрузки. Задания с существующим кодом получат новую версию; при любой ошибке не загружается ничего.";
    pub const DIAG_IMPORT_SUBMIT: &str = "Загрузить";
    pub const DIAG_BANK_FILE_JSON: &str = "Банк заданий.json";
    pub const DIAG_BANK_FILE_XLSX: &str = "Банк заданий.xlsx";
    pub const DIAG_BANK_EMPTY: &str = "В файле нет ни одного задания.";
    pub const DIAG_ADD_ITEM: &str = "Добавить задание";
    pub const DIAG_FROZEN: &str = "Эта версия уже использована в завершённых диагностиках: при сохранении будет создана новая версия, прежние результаты не изменятся.";
    pub const DIAG_F_KIND: &str = "Тип";
    pub const DIAG_F_POINTS: &str = "Баллы";
    pub const DIAG_F_STEM: &str = "Текст задания";
    pub const DIAG_F_OPTIONS: &str = "Варианты ответа (каждый с новой строки)";
    pub const DIAG_F_CORRECT: &str = "Номера верных вариантов";
    pub const DIAG_F_ACCEPTED: &str = "Принимаемые ответы (каждый с новой строки)";
    pub const DIAG_F_LINKS: &str = "Компетенции и веса";
    pub const DIAG_INSTRUMENTS: &str = "Инструменты диагностики";
    pub const DIAG_ADD_INSTRUMENT: &str = "Создать инструмент";
    pub const DIAG_COL_SELECTION: &str = "Задания";
    pub const DIAG_COL_AUDIENCE: &str = "Для кого";
    pub const DIAG_COL_LIMIT: &str = "Время";
    pub const DIAG_COL_FINISHED: &str = "Завершено";
    pub const DIAG_STATISTICS: &str = "Статистика заданий";
    pub const DIAG_EVERYONE: &str = "все";
    pub const DIAG_F_INSTRUCTIONS: &str = "Инструкция для участника";
    pub const DIAG_F_SELECTION: &str = "Отбор заданий";
    pub const DIAG_SELECTION_FIXED: &str = "фиксированный список";
    pub const DIAG_SELECTION_RANDOM: &str = "k случайных заданий на компетенцию";
    pub const DIAG_F_ITEMS: &str = "Коды заданий (для фиксированного списка)";
    pub const DIAG_F_K: &str = "k";
    pub const DIAG_F_LIMIT: &str = "Ограничение времени, мин";
    pub const DIAG_F_AUDIENCE: &str = "Должности";
    pub const DIAG_F_SUBJECTS: &str = "Предметы (через запятую)";
    pub const DIAG_F_OPENS: &str = "Открыта с";
    pub const DIAG_F_CLOSES: &str = "Открыта до";
    pub const DIAG_F_SHUFFLE: &str = "Перемешивать варианты ответа";
    pub const AUDIENCES: [(&str, &str); 5] = [
        ("", "все должности"),
        ("teacher", "учителя"),
        (
            "director,deputy_director",
            "руководители (директора и заместители)",
        ),
        ("director", "директора"),
        ("methodologist,psychologist", "методисты и педагоги-психологи"),
    ];
    pub const DEMO_TEACHER_INSTRUMENT: &str = "Диагностика профессиональных дефицитов педагога";
    pub const DEMO_TEACHER_INSTRUCTIONS: &str = "22 задания по компетенциям педагога: знания, методика, работа с детьми, общение, цифровые навыки. Ответы сохраняются сразу — можно прерваться и продолжить позже. Времени не ограничено; отвечайте честно: результат видите только вы.";
    pub const DEMO_DIRECTOR_INSTRUMENT: &str = "Диагностика управленческих компетенций руководителя";
    pub const DEMO_DIRECTOR_INSTRUCTIONS: &str = "По два случайных задания на каждую компетенцию профиля руководителя. На выполнение отводится 40 минут; по истечении времени диагностика завершится автоматически с учётом сохранённых ответов.";
    pub const DIAG_TITLE_REQUIRED: &str = "Укажите название.";
    pub const DIAG_ITEMS_REQUIRED: &str = "Перечислите коды заданий фиксированного списка.";
    pub const DIAG_BAD_K: &str = "Число заданий на компетенцию k должно быть целым от 1 до 20.";
    pub const DIAG_COMPETENCIES_REQUIRED: &str =
        "Перечислите компетенции или выберите должности, для которых в модели есть профиль.";
    pub const DIAG_BAD_LIMIT: &str =
        "Ограничение времени — целое число минут от 1 до 600 (или оставьте пустым).";
    pub const DIAG_WINDOW_ORDER: &str = "Дата закрытия должна быть позже даты открытия.";
    pub const DIAG_CAMPAIGNS: &str = "Кампании (назначения)";
    pub const DIAG_ADD_CAMPAIGN: &str = "Назначить диагностику";
    pub const DIAG_COL_DUE: &str = "Срок";
    pub const DIAG_COL_PROGRESS: &str = "Прошли / назначено";
    pub const DIAG_F_MUNICIPALITY: &str = "Муниципалитет";
    pub const DIAG_WHOLE_REGION: &str = "весь регион";
    pub const DIAG_F_SCHOOLS: &str = "Коды школ (необязательно)";
    pub const DIAG_ASSIGN: &str = "Назначить и разослать письма";
    pub const DIAG_PICK_INSTRUMENT: &str = "Выберите инструмент диагностики.";
    pub const DIAG_BACK_TO_ADMIN: &str = "← Диагностика компетенций";
    pub const DIAG_PEOPLE_TITLE: &str = "Индивидуальные результаты";
    pub const DIAG_PEOPLE_NOTE: &str = "Просмотр индивидуальных результатов записывается в журнал безопасности. Ответы участников не показываются никому, кроме них самих.";
    pub const DIAG_PEOPLE_SHOW: &str = "Показать индивидуальные результаты";
    pub const DIAG_COL_PERSON: &str = "Участник";
    pub const DIAG_COL_SCHOOL: &str = "Школа";
    pub const DIAG_SCALES: &str = "Надёжность шкал (α Кронбаха по компетенциям)";
    pub const DIAG_COL_ITEMS: &str = "Заданий";
    pub const DIAG_COL_ALPHA: &str = "α";
    pub const DIAG_ITEMS_STATS: &str = "Статистика заданий";
    pub const DIAG_ITEMS_STATS_NOTE: &str = "Трудность — средняя доля баллов; дискриминация — корреляция задания с суммой остальных; ✓ — верный вариант. Замечания появляются, когда ответов не меньше пяти.";
    pub const DIAG_COL_ANSWERED: &str = "Ответов";
    pub const DIAG_COL_FACILITY: &str = "Трудность";
    pub const DIAG_COL_DISCRIMINATION: &str = "Дискриминация";
    pub const DIAG_COL_OPTIONS: &str = "Выбор вариантов";
    pub const DIAG_COL_FLAGS: &str = "Замечания";

    /// The three most severe deficits and how many more there are.
    pub fn diag_top_deficits(titles: &[String]) -> String {
        match titles.len() {
            0 => DIAG_NO_DEFICITS.to_string(),
            1..=3 => titles.join("; "),
            n => format!("{} и ещё {}", titles[..3].join("; "), n - 3),
        }
    }
    pub fn diag_due(date: &str) -> String {
        format!("пройти до {date}")
    }
    pub fn diag_limit(minutes: i32) -> String {
        format!("{minutes} мин")
    }
    pub fn diag_closes(date: &str) -> String {
        format!("открыта до {date}")
    }
    pub fn diag_progress(answered: usize, total: usize) -> String {
        format!("Отвечено {answered} из {total}")
    }
    pub fn diag_time_left(seconds: i64) -> String {
        format!("Осталось {:02}:{:02}", seconds / 60, seconds % 60)
    }
    pub fn diag_queued(n: usize) -> String {
        format!("Нет связи с сервером. Не отправлено ответов: {n}; они сохранены в браузере, повторяем каждые 3 секунды.")
    }
    pub fn diag_deadline(at: &str) -> String {
        format!("Ответы принимаются до {at}.")
    }
    pub fn diag_item_number(n: usize) -> String {
        format!("{n}. ")
    }
    pub fn likert(value: u8) -> &'static str {
        match value {
            1 => "1 — совсем не про меня",
            2 => "2 — скорее нет",
            3 => "3 — отчасти",
            4 => "4 — скорее да",
            _ => "5 — полностью про меня",
        }
    }
    pub fn level(level: crate::diagnostics::Level) -> &'static str {
        match level {
            crate::diagnostics::Level::Pronounced => "выраженный дефицит",
            crate::diagnostics::Level::Partial => "частичный дефицит",
            crate::diagnostics::Level::Minimal => "дефицит отсутствует или минимален",
        }
    }
    pub fn level_advice(level: crate::diagnostics::Level) -> &'static str {
        match level {
            crate::diagnostics::Level::Pronounced => {
                "Рекомендуется индивидуальный образовательный маршрут (ИОМ)."
            }
            crate::diagnostics::Level::Partial => {
                "Рекомендуется ИОМ или повышение квалификации по предметной области."
            }
            crate::diagnostics::Level::Minimal => "Достаточно самообразования.",
        }
    }
    pub fn item_kind(kind: crate::diagnostics::ItemKind) -> &'static str {
        match kind {
            crate::diagnostics::ItemKind::Single => "один ответ",
            crate::diagnostics::ItemKind::Multiple => "несколько ответов",
            crate::diagnostics::ItemKind::Likert => "самооценка 1–5",
            crate::diagnostics::ItemKind::Short => "краткий ответ",
        }
    }
    pub fn diag_result_line(person: &str, at: &str) -> String {
        format!("{person}, завершено {at}")
    }
    pub fn diag_points(points: f64, max: f64) -> String {
        format!("Набрано баллов: {points:.1} из {max:.0}").replace('.', ",")
    }
    pub fn diag_school_title(school: &str) -> String {
        format!("Диагностика педагогов: {school}")
    }
    pub fn diag_bank_title(n: usize) -> String {
        format!("Банк заданий ({n})")
    }
    pub fn diag_version(v: i32) -> String {
        format!("версия {v}")
    }
    pub fn diag_fixed(n: usize) -> String {
        format!("{n} заданий (фиксированный список)")
    }
    pub fn diag_per_competency(k: usize, competencies: usize) -> String {
        format!("по {k} на компетенцию, компетенций: {competencies}")
    }
    pub fn diag_assigned(n: usize) -> String {
        format!("Диагностика назначена: {n} чел. Письма поставлены в очередь.")
    }
    pub fn diag_statistics_title(instrument: &str) -> String {
        format!("Статистика заданий: {instrument}")
    }
    pub fn diag_statistics_line(attempts: usize, items: usize, flagged: usize) -> String {
        format!("Завершённых попыток: {attempts}; заданий: {items}; с замечаниями: {flagged}.")
    }
    pub fn diag_not_percent(raw: &str) -> String {
        format!("«{raw}» — не процент: укажите число от 0 до 100")
    }
    pub fn diag_bad_json(reason: &str) -> String {
        format!("JSON не разобран: {reason}")
    }
    pub fn diag_competency_in_use(code: &str, item: &str) -> String {
        format!("Компетенция «{code}» используется в задании «{item}»: сначала измените задание")
    }
    pub fn diag_unknown_kind(raw: &str) -> String {
        format!("неизвестный тип задания «{raw}»: допустимы single, multiple, likert, short")
    }
    pub fn diag_not_option_number(raw: &str) -> String {
        format!("«{raw}» — не номер варианта: перечислите номера верных вариантов через запятую, начиная с 1")
    }
    pub fn diag_bad_weight(raw: &str) -> String {
        format!("«{raw}» не читается как «КОД: вес»")
    }
    pub fn diag_bad_points(raw: &str) -> String {
        format!("«{raw}» — не число баллов")
    }
    pub fn diag_duplicate_item(code: &str) -> String {
        format!("задание с кодом «{code}» уже есть")
    }
    pub fn diag_unknown_position(code: &str) -> String {
        format!("Неизвестная должность «{code}».")
    }
    pub fn diag_unknown_item(code: &str) -> String {
        format!("Задания с кодом «{code}» нет в банке.")
    }
    pub fn diag_unknown_competency(code: &str) -> String {
        format!("Компетенции с кодом «{code}» нет в модели.")
    }
    pub fn diag_unknown_selection(raw: &str) -> String {
        format!("Неизвестный способ отбора заданий «{raw}».")
    }
    pub fn diag_bad_moment(raw: &str) -> String {
        format!("«{raw}» — не дата: укажите дату в формате ГГГГ-ММ-ДД")
    }
    pub fn diag_unknown_school(code: &str) -> String {
        format!("Школы с кодом «{code}» нет в реестре региона.")
    }
    pub fn diag_json_item(n: usize, code: &str) -> String {
        format!("Задание № {n} («{code}»)")
    }
    pub fn diag_row(row: usize) -> String {
        format!("Строка {row}")
    }
    pub fn diag_missing_column(title: &str) -> String {
        format!("Строка 1: нет обязательного столбца «{title}»")
    }
    pub fn diag_row_error(row: usize, column: &str, message: &str) -> String {
        format!("Строка {row}, столбец «{column}»: {message}")
    }
    pub fn diag_place_error(place: &str, column: &str, message: &str) -> String {
        format!("{place}, столбец «{column}»: {message}")
    }
    pub fn diag_imported(added: usize, changed: usize) -> String {
        format!("Задания загружены: новых {added}, изменённых (новые версии) {changed}.")
    }

    pub fn label<'a>(pairs: &'a [(&'a str, &'a str)], code: &'a str) -> &'a str {
        pairs
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, label)| label)
    }

    pub use super::ru_faults::*;
    pub use super::ru_privacy::*;
    pub use super::ru_sessions::*;
    pub use super::ru_uploads::*;
}

mod ru_faults;
mod ru_privacy;
mod ru_sessions;
mod ru_uploads;
