//! Attached files (the club's, the support documents'): what is refused and why, each message
//! naming its file, and a file's size as people read it.

pub const FILES_NONE_CHOSEN: &str = "Выберите файл, который нужно прикрепить.";
pub fn file_empty(name: &str) -> String {
    format!("Файл «{name}» пустой. Ни один файл не прикреплён.")
}
pub fn file_too_large(name: &str, limit: u64) -> String {
    format!(
        "Файл «{name}» больше допустимых {} МБ. Ни один файл не прикреплён.",
        limit.div_ceil(1024 * 1024)
    )
}
pub fn file_executable(name: &str) -> String {
    format!(
        "Файл «{name}» — исполняемая программа, а не документ, хотя имя может говорить иное. Программы прикреплять нельзя; ни один файл не прикреплён."
    )
}
pub fn file_macros(name: &str) -> String {
    format!("Файл «{name}» содержит макросы. Сохраните его без макросов (DOCX, XLSX или PPTX) и прикрепите снова; ни один файл не прикреплён.")
}
pub fn file_unknown(name: &str) -> String {
    format!(
        "Файл «{name}» по содержимому не является документом PDF, DOCX, XLSX, PPTX или изображением PNG, JPEG. Ни один файл не прикреплён."
    )
}
pub fn file_duplicate(name: &str) -> String {
    format!("Файл «{name}» с тем же содержимым уже прикреплён здесь. Ни один файл не прикреплён.")
}

/// A file's size as people read it: «350 КБ», «1,2 МБ».
pub fn file_size(bytes: i64) -> String {
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
