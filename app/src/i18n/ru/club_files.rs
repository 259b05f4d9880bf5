//! The club's files (attachments to posts, events' presentations) and its interregional view of
//! posts (the reader's time zone, the author's region).

pub const CLUB_FILES: &str = "Файлы";
pub const CLUB_FILES_ATTACH: &str = "Прикрепить файлы";
pub const CLUB_FILES_FIELD: &str = "Файлы";
pub const CLUB_FILES_HINT: &str =
    "PDF, DOCX, XLSX, PPTX, PNG или JPEG, до 20 МБ каждый, не больше 5 файлов к сообщению. Тип проверяется по содержимому файла.";
pub const CLUB_FILES_SUBMIT: &str = "Прикрепить";
pub const CLUB_FILES_NONE_CHOSEN: &str = "Выберите файл, который нужно прикрепить.";

pub fn club_files_attached(count: usize) -> String {
    format!("Прикреплено файлов: {count}.")
}
pub fn club_files_too_many(limit: usize) -> String {
    format!("К одному сообщению или событию можно прикрепить не больше {limit} файлов. Ни один из выбранных файлов не прикреплён.")
}
pub fn club_file_empty(name: &str) -> String {
    format!("Файл «{name}» пустой. Ни один файл не прикреплён.")
}
pub fn club_file_too_large(name: &str, limit: u64) -> String {
    format!(
        "Файл «{name}» больше допустимых {} МБ. Ни один файл не прикреплён.",
        limit.div_ceil(1024 * 1024)
    )
}
pub fn club_file_executable(name: &str) -> String {
    format!(
        "Файл «{name}» — исполняемая программа, а не документ, хотя имя может говорить иное. Программы прикреплять нельзя; ни один файл не прикреплён."
    )
}
pub fn club_file_macros(name: &str) -> String {
    format!("Файл «{name}» содержит макросы. Сохраните его без макросов (DOCX, XLSX или PPTX) и прикрепите снова; ни один файл не прикреплён.")
}
pub fn club_file_unknown(name: &str) -> String {
    format!(
        "Файл «{name}» по содержимому не является документом PDF, DOCX, XLSX, PPTX или изображением PNG, JPEG. Ни один файл не прикреплён."
    )
}
pub fn club_file_not_presentation(name: &str) -> String {
    format!("Файл «{name}» не является презентацией PDF или PPTX. Ни один файл не загружен.")
}
pub fn club_file_duplicate(name: &str) -> String {
    format!("Файл «{name}» с тем же содержимым уже прикреплён здесь. Ни один файл не прикреплён.")
}

/// A file's size as people read it: «350 КБ», «1,2 МБ».
pub fn club_file_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} Б")
    } else if b < KB * KB {
        format!("{} КБ", (b / KB).round())
    } else {
        format!("{:.1} МБ", b / KB / KB).replace('.', ",")
    }
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
