//! Text of micro-courses, the catalogue's workbook and the sharing of routes.

pub const MICRO_TITLE: &str = "Микрокурс";
pub const MICRO_BACK_TO_ROUTE: &str = "← К моему маршруту";
pub const MICRO_LESSONS: &str = "Уроки";
pub const MICRO_LESSON: &str = "Урок";
pub const MICRO_OF: &str = "из";
pub const MICRO_READ_MARK: &str = "прочитан";
pub const MICRO_PREVIOUS: &str = "← Назад";
pub const MICRO_NEXT: &str = "Прочитано, дальше →";
pub const MICRO_TO_CHECK: &str = "Прочитано, к проверке →";
pub const MICRO_CHECK: &str = "Итоговая проверка";
pub const MICRO_CHECK_NOTE: &str = "Задания берутся из банка по компетенциям курса. Курс засчитывается автоматически, если набрать не меньше 80 % баллов; пересдавать можно сколько угодно (каждый раз новые задания).";
pub const MICRO_START_CHECK: &str = "Начать проверку";
pub const MICRO_SUBMIT_CHECK: &str = "Отправить ответы";
pub const MICRO_RETAKE: &str = "Пройти проверку заново";
pub const MICRO_READ_FIRST: &str = "Сначала прочитайте все уроки курса.";
pub const MICRO_NO_ITEMS: &str = "Для проверки по этому курсу в банке заданий региона пока нет заданий.";
pub const MICRO_COMPLETED: &str = "Курс пройден и засчитан: часы добавлены в ваше обучение.";
pub const MICRO_FAILED: &str =
    "Пока не засчитано: нужно не меньше 80 %. Перечитайте уроки и попробуйте снова.";
pub const MICRO_LAST_SCORE: &str = "Последняя проверка: ";
pub const MICRO_OPEN: &str = "Пройти на платформе";
pub const MICRO_HOURS: &str = "ч";

/// «Результат: 75 %».
pub fn micro_score(score: f64) -> String {
    format!("Результат: {} %", (score * 100.0).round())
}

/// The catalogue workbook's columns: the course form's field and its title.
pub const CATALOGUE_COLUMNS: [(&str, &str); 15] = [
    ("code", "Код курса"),
    ("title", "Название"),
    ("provider", "Организатор"),
    ("description", "Краткое описание"),
    ("kind", "Вид курса (soft, subject, management)"),
    ("subject", "Предмет"),
    ("format", "Форма обучения"),
    ("hours", "Объём, часов"),
    ("starts_on", "Начало (ГГГГ-ММ-ДД)"),
    ("ends_on", "Окончание (ГГГГ-ММ-ДД)"),
    ("capacity", "Мест"),
    ("audience", "Для должностей"),
    ("competencies", "Компетенции с весами"),
    ("link", "Ссылка на курс"),
    ("on_platform", "На платформе (да/нет)"),
];
pub const CATALOGUE_YES: &str = "да";
pub const CATALOGUE_NO: &str = "нет";
pub const CATALOGUE_BAD_YES_NO: &str = "напишите «да» или «нет»";
pub const CATALOGUE_FILE_XLSX: &str = "каталог-курсов.xlsx";
pub const CATALOGUE_EMPTY_FILE: &str = "В файле нет ни одного курса.";
pub const CATALOGUE_EXPORT: &str = "Скачать каталог (XLSX)";
pub const CATALOGUE_IMPORT: &str = "Загрузить каталог из файла";
pub const CATALOGUE_IMPORT_HINT: &str = "XLSX или CSV со столбцами выгрузки. Курсы с известным кодом обновляются, новые добавляются; при любой ошибке не сохраняется ничего.";
pub const CATALOGUE_IMPORT_SUBMIT: &str = "Загрузить";

pub fn catalogue_duplicate_code(code: &str) -> String {
    format!("код «{code}» уже встречается выше в этом файле")
}

pub fn catalogue_too_many_rows(max: usize) -> String {
    format!("В файле больше {max} строк: разделите каталог на несколько файлов.")
}

pub fn catalogue_imported(added: usize, changed: usize) -> String {
    format!("Каталог загружен: добавлено курсов — {added}, обновлено — {changed}.")
}

pub const SHARE_TITLE: &str = "Кому показать маршрут";
pub const SHARE_NOTE: &str = "Маршрут видите только вы. Можно открыть его для чтения директору или методисту вашей школы — и закрыть в любой момент.";
pub const SHARE_NO_ROUTE: &str = "Сначала примите маршрут, потом им можно поделиться.";
pub const SHARE_NO_CANDIDATES: &str = "В вашей школе пока нет подтверждённого директора или методиста на платформе (или ваша школа ещё не подтверждена).";
pub const SHARE_GRANT: &str = "Показать";
pub const SHARE_REVOKE: &str = "Закрыть доступ";
pub const SHARE_IS_SHARED: &str = "видит маршрут";
pub const SHARED_TITLE: &str = "Маршруты коллег";
pub const SHARED_NOTE: &str = "Индивидуальные маршруты, которые педагоги вашей школы открыли вам для чтения.";
pub const SHARED_EMPTY: &str = "Пока никто не открыл вам свой маршрут.";
pub const SHARED_UPDATED: &str = "изменён ";
pub const SHARED_COMPLETED: &str = "пройден";
pub const SHARED_NO_COURSES: &str = "В маршруте пока нет курсов.";
pub const SHARED_LINK: &str = "Маршруты коллег, открытые вам";
