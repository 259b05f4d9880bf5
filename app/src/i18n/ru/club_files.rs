//! The club's files (attachments to posts, events' presentations) and its interregional view of
//! posts (the reader's time zone, the author's region).

pub const CLUB_FILES: &str = "Файлы";
pub const CLUB_FILES_ATTACH: &str = "Прикрепить файлы";
pub const CLUB_FILES_FIELD: &str = "Файлы";
pub const CLUB_FILES_HINT: &str =
    "PDF, DOCX, XLSX, PPTX, PNG или JPEG, до 20 МБ каждый, не больше 5 файлов к сообщению. Тип проверяется по содержимому файла.";
pub const CLUB_FILES_SUBMIT: &str = "Прикрепить";

pub fn club_files_attached(count: usize) -> String {
    format!("Прикреплено файлов: {count}.")
}
pub fn club_files_too_many(limit: usize) -> String {
    format!("К одному сообщению или событию можно прикрепить не больше {limit} файлов. Ни один из выбранных файлов не прикреплён.")
}
pub fn club_file_not_presentation(name: &str) -> String {
    format!("Файл «{name}» не является презентацией PDF или PPTX. Ни один файл не загружен.")
}
pub const CLUB_EVENT_UPLOAD_PRESENTATION: &str = "Загрузить презентацию";
pub const CLUB_EVENT_PRESENTATION_HINT: &str = "PDF или PPTX, до 20 МБ.";
pub fn club_event_presentations_uploaded(count: usize) -> String {
    format!("Загружено презентаций: {count}.")
}

/// The reader's time zone, named under a thread's title.
pub fn club_times_in(region: &str, offset: &str) -> String {
    if region.is_empty() {
        format!("Время указано по Москве ({offset}).")
    } else {
        format!("Время указано по часовому поясу вашего региона: {region}, {offset}.")
    }
}
