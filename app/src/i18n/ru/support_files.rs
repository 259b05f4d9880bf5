//! Support for identified schools (issue 17): files attached to the school's documents and to
//! the road map's activities as their evidence.

pub const SFILE_TITLE: &str = "Файлы документа";
pub const SFILE_EVIDENCE: &str = "Файлы-подтверждения";
pub const SFILE_NONE: &str = "Файлов нет.";
pub const SFILE_FIELD: &str = "Приложить файлы";
pub const SFILE_HINT: &str =
    "PDF, DOCX, XLSX, PPTX, PNG или JPEG, до 20 МБ каждый, до 5 файлов за раз. Тип проверяется по содержимому файла.";
pub const SFILE_ATTACH: &str = "Приложить";
pub const SFILE_REMOVE: &str = "Удалить";
pub const SFILE_UNSAVED_NOTE: &str =
    "Если в полях документа есть несохранённые изменения, сначала сохраните документ: при загрузке или удалении файла они пропадут.";
pub const SFILE_KEYLESS: &str = "Файлы к этому мероприятию можно будет приложить после сохранения документа.";
pub const SFILE_SUBMITTED: &str =
    "Документ на согласовании у куратора: пока куратор не примет решение, файлы не меняются.";
pub const SFILE_APPROVED: &str = "Версия согласована и заморожена вместе с файлами. Чтобы приложить или удалить файл, сохраните документ: начнётся новая версия.";
/// The case's PDF: the files of a document, after its fields.
pub const SFILE_PDF_TITLE: &str = "Приложенные файлы";

pub fn sfile_attached(count: usize) -> String {
    format!("Приложено файлов: {count}.")
}

pub fn sfile_removed(name: &str) -> String {
    format!("Файл «{name}» удалён из документа.")
}

pub fn sfile_too_many(limit: usize) -> String {
    format!("К документу и к каждому мероприятию можно приложить не больше {limit} файлов. Ни один из выбранных файлов не прикреплён.")
}

pub fn sfile_too_many_at_once(limit: usize) -> String {
    format!("За один раз можно приложить не больше {limit} файлов. Ни один файл не прикреплён.")
}

/// A file as the case's PDF lists it: «Отчёт.pdf (1,2 МБ)».
pub fn sfile_pdf_line(name: &str, size: &str) -> String {
    format!("{name} ({size})")
}

/// An activity's evidence file in the case's PDF: «Этап 1, мероприятие 2: Отчёт.pdf (1,2 МБ)».
pub fn sfile_pdf_evidence(stage: &str, number: usize, file: &str) -> String {
    format!("{stage}, мероприятие {number}: {file}")
}
