//! Russian text of the uploads hardening (issue 10); re-exported from `i18n::ru`.

/// Megabytes for people: sizes in messages are rounded up, so a file just over a limit never
/// reads as "100 МБ из допустимых 100 МБ".
fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

pub fn upload_too_large(limit_bytes: u64) -> String {
    format!(
        "Файл больше допустимых {} МБ для этой загрузки. Разделите его на части (например, по годам) и загрузите по очереди.",
        megabytes(limit_bytes)
    )
}

pub const UPLOAD_STALLED: &str =
    "Файл перестал передаваться, и загрузка прервана. Проверьте подключение к сети и загрузите файл ещё раз.";
pub const CONFIG_UPLOAD_IDLE_EXPECTED: &str = "целое число секунд больше нуля";
pub const UPLOAD_BUSY: &str =
    "Сейчас обрабатывается другой файл этого региона или сервер занят разбором файлов. Повторите загрузку через минуту.";

pub fn upload_refused(path: &str, reason: &str) -> String {
    format!("Файл «{path}» не принят: {reason}")
}

pub fn spreadsheet_format_not_supported(path: &str) -> String {
    format!("Файл «{path}»: формат .xls и .ods не принимается; сохраните таблицу как .xlsx или «CSV UTF-8»")
}

pub fn archive_too_many_parts(parts: usize, limit: usize) -> String {
    format!(
        "в книге {parts} внутренних частей, допускается не более {limit}; это не похоже на обычную таблицу"
    )
}

pub fn archive_part_too_large(part: &str, bytes: u64, limit: u64) -> String {
    format!(
        "часть книги «{part}» распаковывается в {} МБ, допускается не более {} МБ",
        megabytes(bytes),
        megabytes(limit)
    )
}

pub fn archive_part_ratio(part: &str, ratio: u64, limit: u64) -> String {
    format!(
        "часть книги «{part}» сжата в {ratio} раз (допускается не более {limit}); так устроены «zip-бомбы», а не таблицы — сохраните файл заново в Excel"
    )
}

pub fn archive_too_large(bytes: u64, limit: u64) -> String {
    format!(
        "книга распаковывается в {} МБ, допускается не более {} МБ",
        megabytes(bytes),
        megabytes(limit)
    )
}

pub const ARCHIVE_OVERLAP: &str =
    "части книги наложены друг на друга; так устроены «zip-бомбы», а не таблицы — сохраните файл заново в Excel";

pub fn sheet_declared_too_large(
    sheet: &str,
    range: &str,
    rows: u64,
    columns: u64,
    max_rows: u32,
    max_columns: u32,
) -> String {
    format!(
        "лист «{sheet}» объявляет размер {range} ({rows} строк × {columns} столбцов); допускается не более {max_rows} строк и {max_columns} столбцов — удалите лишние строки и столбцы"
    )
}

pub fn sheet_cell_beyond_limits(sheet: &str, cell: &str, max_rows: u32, max_columns: u32) -> String {
    format!(
        "на листе «{sheet}» заполнена ячейка {cell}, а допускается не более {max_rows} строк и {max_columns} столбцов — удалите лишние строки и столбцы"
    )
}

pub fn sheet_cell_outside_dimension(sheet: &str, cell: &str, range: &str) -> String {
    format!(
        "на листе «{sheet}» ячейка {cell} лежит вне объявленного размера листа {range}; файл повреждён или изменён не в табличной программе — сохраните его заново в Excel"
    )
}

pub fn sheet_too_many_cells(sheet: &str, limit: usize) -> String {
    format!("на листе «{sheet}» больше {limit} заполненных ячеек; разделите данные на несколько файлов")
}

pub fn sheet_too_much_text(sheet: &str, limit_bytes: usize) -> String {
    format!(
        "на листе «{sheet}» больше {} МБ текста; разделите данные на несколько файлов",
        megabytes(limit_bytes as u64)
    )
}

pub const SHEETS_NONE: &str = "в книге нет листов";
