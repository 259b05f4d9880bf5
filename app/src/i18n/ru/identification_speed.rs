//! Identification at web speed (issue 16 §5): what the page says while a long step runs.

pub const UPLOAD_PROGRESS: &str =
    "Файл загружается и проверяется. Файл в десятки мегабайт занимает несколько секунд — не закрывайте страницу.";
pub const UPLOAD_COMMIT_PROGRESS: &str = "Данные сохраняются как новые версии по годам…";
pub const RUN_PROGRESS: &str =
    "Идёт расчёт: чтение данных, индексы и группы, сохранение результата. Для десятков тысяч школ — около секунды.";
