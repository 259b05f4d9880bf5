//! Text every page shares: the site, errors, navigation.

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

pub fn label<'a>(pairs: &'a [(&'a str, &'a str)], code: &'a str) -> &'a str {
    pairs
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}
